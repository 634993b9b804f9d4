"""Fill the profile slots from every user message (custom slot mapping run by action_extract_slots)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import understand

from . import common

# Questions mention things without stating them ("wat is bbl?" is not a wish for BBL).
IGNORE_FOR_INTENT = {
    "ask_bbl": {"route"}, "ask_pay": {"route"}, "ask_costs": {"route"}, "ask_start": {"start_wish"},
    "ask_more": {"interests_text"}, "compare": {"interests_text"}, "out_of_scope": {"interests_text"},
    "ask_catch_up": {"education"},
    # a code is not an answer ("mijn code is 16AB-..." says nothing about an age); restored answers come from it
    "ask_code": set(common.PROFILE_SLOTS), "use_code": set(common.PROFILE_SLOTS),
}
ANSWER_INTENTS = {"inform", "affirm", "deny", "dont_know", "nlu_fallback"}


class ActionExtractProfile(Action):
    def name(self) -> str:
        return "action_extract_profile"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        intent = common.intent(tracker)
        requested = tracker.get_slot("requested_slot") if tracker.active_loop_name == "intake_form" else None
        catalog = common.catalog()
        message = tracker.latest_message.get("text") or ""

        def resolve(text: str) -> str | None:
            # typo-tolerant only for a whole answer; words inside a sentence must match a place name exactly
            place = catalog.resolve_place(text, fuzzy=text.strip() == message.strip())
            return place.name if place else None

        found = understand.extract(
            message,
            tracker.latest_message.get("entities") or [],
            requested if intent in ANSWER_INTENTS else None,
            resolve,
        )
        ignored = IGNORE_FOR_INTENT.get(intent, set())
        events: list[EventType] = [SlotSet(k, v) for k, v in found.values.items()
                                   if k not in ignored and tracker.get_slot(k) != v]
        if found.language and tracker.get_slot("language") is None:
            events.append(SlotSet("language", found.language))
        return events
