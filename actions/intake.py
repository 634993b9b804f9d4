"""The intake form: which questions to ask for this person, and what to do with an answer we did not get."""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import followups
from bot.i18n import Text
from bot.profile import TECHNICAL_VMBO_PROFILES

from . import common

VMBO = ("vmbo_bb", "vmbo_kb", "vmbo_gl", "vmbo_tl")
# What "I don't know" means for each question: asked, answered, not asked again.
DONT_KNOW_VALUE = {"route": "either", "start_wish": "any", "interests_text": "", "place": "", "has_math_or_science": common.UNKNOWN}


class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        slots = list(domain_slots)
        education = tracker.get_slot("education")
        extra: list[str] = []
        if education in VMBO:
            extra.append("vmbo_profile")
            if tracker.get_slot("vmbo_profile") not in TECHNICAL_VMBO_PROFILES:
                extra.append("has_math_or_science")
        if education == "foreign" or tracker.get_slot("newcomer"):
            extra.append("dutch_level")
        at = slots.index("education") + 1 if "education" in slots else 0
        return slots[:at] + extra + slots[at:]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        filled_now = any(isinstance(e, dict) and e.get("event") == "slot" and e.get("value") is not None
                         and e.get("name") != "requested_slot" for e in events)
        if filled_now or not requested or tracker.get_slot(requested) is not None:
            return events + ([SlotSet("clarify_count", 0)] if tracker.get_slot("clarify_count") else [])
        intent = common.intent(tracker)
        if intent == "dont_know":
            value = DONT_KNOW_VALUE.get(requested, common.UNKNOWN)
            return events + [SlotSet(requested, value), SlotSet("clarify_count", 0)]
        if intent not in ("inform", "nlu_fallback", "affirm", "deny"):
            return events  # a question or another topic: let the rules answer it, then the form asks again
        count = int(tracker.get_slot("clarify_count") or 0)
        dispatcher.utter_message(text=followups.clarify(count, common.lang(tracker), common.contact()))
        return events + [SlotSet("clarify_count", count + 1)]

    def validate_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> dict[str, Any]:
        if value == common.UNKNOWN:
            return {"age": value}
        try:
            age = int(float(value))
        except (TypeError, ValueError):
            age = -1
        if 12 <= age <= 99:
            return {"age": age}
        dispatcher.utter_message(text=Text("Dat lijkt me geen leeftijd. Hoe oud ben je, in jaren?",
                                           "That doesn't look like an age. How old are you, in years?").get(common.lang(tracker)))
        return {"age": None}
