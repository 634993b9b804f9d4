"""Conversation housekeeping: language switch, clarification, a human, start over, erase my data."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import followups, intake, privacy
from bot.texts import text

from . import common, side

ERASE_HOW = text("actions.meta.erase_how")


class ActionSwitchLanguage(Action):
    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return switch_language(dispatcher, tracker)


def switch_language(
    dispatcher: CollectingDispatcher, tracker: Tracker, beside_answers: bool = False
) -> list[EventType]:
    """The chat in the other language, or the one named. ``beside_answers``: the message answered a question too ("my
    dutch is A1, i speak english"), so only a named language other than the chat's switches it."""
    asked = [str(e.get("value")) for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "language"]
    current = common.lang(tracker)
    if intake.asks_course_language(tracker.latest_message.get("text") or ""):
        dispatcher.utter_message(text=text("actions.meta.course_language").get(current))
        return []
    if beside_answers and not (asked and asked[-1] in ("nl", "en") and asked[-1] != current):
        return []
    new = asked[-1] if asked and asked[-1] in ("nl", "en") else ("en" if current == "nl" else "nl")
    dispatcher.utter_message(text=text("actions.meta.language_switched").get(new))
    return [SlotSet("language", new)]


QUESTION_WORDS = 3  # a question this long gets "I can't answer that well"; "huh?" and "wat?" ask to say it again


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if tracker.latest_action_name == self.name():
            # The core fallback again in the same turn (no rule fits what follows a clarification, e.g. "welke
            # opleidingen passen bij mij" during the intake): wait for the user instead of asking again and
            # again until Rasa's circuit breaker stops the turn after ten messages.
            return [FollowupAction("action_listen")]
        if (events := side.misread(dispatcher, tracker, "clarify")) is not None:
            # the NLU did not know the message but its words did: "hoe lang duurt het?" is answered, "is er ook
            # iets met elektriciteit?" makes the advice again
            return [SlotSet("clarify_count", 0), *events]
        if common.greet_first(dispatcher, tracker):  # "ik zoek een opleiding voor mijn zoon" as the first message:
            return [SlotSet("clarify_count", 0), *common.go_on(tracker)]  # the introduction, not "say it again"
        said = tracker.latest_message.get("text") or ""
        if tracker.get_slot("reading") is not None and len(said.split()) >= QUESTION_WORDS:
            found = side.reading(tracker)
            if found.side in intake.WORDED_SIDES and side.answer(dispatcher, tracker, found):
                return [SlotSet("clarify_count", 0), *common.go_on(tracker)]  # "is it hard?": not "say it again"
        lang = common.lang(tracker)
        count = int(tracker.get_slot("clarify_count") or 0)
        reply = followups.clarify(count, lang, common.contact())
        if count >= len(followups.CLARIFY):
            dispatcher.utter_message(
                text=reply,
                response=None,
                buttons=[
                    {
                        "title": text("actions.meta.clarify_buttons.courses.title").get(lang),
                        "payload": text("actions.meta.clarify_buttons.courses.payload").get(lang),
                    },
                    {
                        "title": text("actions.meta.clarify_buttons.bbl.title").get(lang),
                        "payload": text("actions.meta.clarify_buttons.bbl.payload").get(lang),
                    },
                    {
                        "title": text("actions.meta.clarify_buttons.person.title").get(lang),
                        "payload": text("actions.meta.clarify_buttons.person.payload").get(lang),
                    },
                ],
            )
        else:
            dispatcher.utter_message(text=reply)
        return [SlotSet("clarify_count", count + 1), *common.go_on(tracker)]


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(text=followups.handoff(common.contact(), common.lang(tracker)))
        return []


class ActionRestartConversation(Action):
    """Clear the answers but keep the language, then the intake starts again."""

    def name(self) -> str:
        return "action_restart_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if not intake.confirms("start_over", tracker.latest_message.get("text") or ""):
            if not tracker.get_slot("shown_courses") or tracker.get_slot("reading") is None:
                return []  # the words do not ask for it: keep the answers, the intake goes on
            if side.lets_wishes_go(tracker, side.reading(tracker)):  # "the start doesn't matter", read as start_over
                return [FollowupAction("intake_form")]
            # after the advice: answer what was asked, and no intake (it would show the same list again)
            if not side.answer(dispatcher, tracker, side.reading(tracker)):
                dispatcher.utter_message(text=followups.GENERAL_QUESTION_AFTER.get(common.lang(tracker)))
            return [FollowupAction("action_listen")]
        dispatcher.utter_message(text=text("actions.meta.restarted").get(common.lang(tracker)))
        return [AllSlotsReset(), SlotSet("language", tracker.get_slot("language"))]


class ActionDeleteData(Action):
    """Erase this conversation: the channel edge does it after the turn, when it sees the marker (bot/privacy.py).

    Rasa stores the turn's events after the action ran, so deleting here would not last. The confirmation
    (privacy.ERASED) comes from the edge once the erase worked; this action says nothing itself.
    """

    def name(self) -> str:
        return "action_delete_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        lang = common.lang(tracker)
        if not intake.confirms("delete_data", tracker.latest_message.get("text") or ""):
            # never erase on a guess of the language model; a question its words name gets its answer instead
            if (events := side.misread(dispatcher, tracker, "delete_data")) is not None:
                return events
            if not tracker.get_slot("shown_courses"):
                # no word of erasing, before the advice: answers or an opening, not a command. "Goedendag, ik zoek
                # informatie voor mijn dochter van 14" and "Hi, I'm looking for information for my nephew" got "Wil
                # je al je gegevens wissen?" as the very first reply
                common.greet_first(dispatcher, tracker)
                return [FollowupAction("intake_form")]
            dispatcher.utter_message(text=ERASE_HOW.get(lang))
            return []
        dispatcher.utter_message(json_message=privacy.erase_marker(lang))
        return [AllSlotsReset(), SlotSet("language", tracker.get_slot("language"))]
