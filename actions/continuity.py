"""Continue later or elsewhere: give a code for the answers so far, or take the answers back from a code."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import continuity, settings

from . import common


class ActionGiveCode(Action):
    """Save the profile answers (nothing else) under a code and tell it; the same code when asked again."""

    def name(self) -> str:
        return "action_give_code"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        lang = common.lang(tracker)
        answers = {name: tracker.get_slot(name) for name in common.PROFILE_SLOTS}
        answers = {name: value for name, value in answers.items() if value is not None}
        if not answers:
            dispatcher.utter_message(text=continuity.NOTHING_TO_SAVE.get(lang))
            return []
        code = continuity.issue(tracker.sender_id, {**answers, "language": lang})
        days = settings.load().retention_days
        dispatcher.utter_message(text=continuity.CODE_GIVEN.format(code=continuity.display(code), days=days).get(lang))
        return []


class ActionUseCode(Action):
    """Restore the answers saved under the code in this message; the rules then continue the intake."""

    def name(self) -> str:
        return "action_use_code"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        lang = common.lang(tracker)
        if not continuity.mentions_code(text):
            dispatcher.utter_message(text=continuity.CODE_MISSING.get(lang))
            return []
        saved = continuity.redeem(text, sender_id=tracker.sender_id)
        if saved is None:
            days = settings.load().retention_days
            dispatcher.utter_message(text=continuity.CODE_UNKNOWN.format(days=days).get(lang))
            return []
        # The language of this conversation wins; a saved one only counts when nothing was said yet.
        if tracker.get_slot("language") is None and saved.get("language") in ("nl", "en"):
            lang = saved["language"]
        events: list[EventType] = [SlotSet(name, saved[name]) for name in common.PROFILE_SLOTS if name in saved]
        events.append(SlotSet("language", lang))
        dispatcher.utter_message(text=continuity.CODE_USED.get(lang))
        return events
