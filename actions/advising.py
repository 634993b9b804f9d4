"""Recommendations and the questions about them: more about one course, compare two, start moments, catch-up."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import followups, intake
from bot.advice import explain_course
from bot.counsel import store as counsel_store
from bot.counsel.steer import WATCHED
from bot.render import render_chat
from bot.texts import text

from . import common, side

FOR_CHILD = text("actions.advising.for_child")


class ActionRecommend(Action):
    def name(self) -> str:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        lang = common.lang(tracker)
        result = common.advice(tracker)
        text = render_chat(result, lang)
        # a parent reads advice that says "je": it is written to the child, and says so first
        child = common.child(tracker)
        to_child = FOR_CHILD.get(lang).format(child=child) if child else ""
        note = " ".join(n for n in (to_child, intake.open_note(common.known(tracker), lang)) if n)
        if note:
            text = f"{note}\n{text}"
        if counsel_store.shared().watched(tracker.sender_id):  # said again in every advice while one watches
            note = WATCHED.get(lang) + (f" {note}" if note else "")
            text = f"{WATCHED.get(lang)}\n{text}"
        payload = result.as_dict(lang)
        payload["text"] = text
        if note:
            payload["notes"] = [note, *payload["notes"]]
        payload["language"] = lang  # channels that draw cards label them in this language
        dispatcher.utter_message(text=text, json_message=payload)
        shown = [r.course.crebo for r in result.items + result.out_of_reach]
        return [SlotSet("shown_courses", shown)]


def _chosen(tracker: Tracker) -> list[str]:
    entities = [
        str(e.get("value")) for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "course"
    ]
    courses = followups.pick_courses(
        tracker.latest_message.get("text") or "", entities, tracker.get_slot("shown_courses") or [], common.catalog()
    )
    return [c.crebo for c in courses]


def tell_more(dispatcher: CollectingDispatcher, tracker: Tracker, compare: bool = False) -> None:
    """Details of one chosen course, or two side by side."""
    lang = common.lang(tracker)
    chosen = _chosen(tracker)
    if compare:
        recs = [r for r in (explain_course(common.profile(tracker), common.catalog(), c) for c in chosen[:2]) if r]
        if len(recs) < 2:
            dispatcher.utter_message(text=text("actions.advising.which_two").get(lang))
            return
        dispatcher.utter_message(text=followups.compare(recs[0], recs[1], lang))
        return
    if not chosen:
        dispatcher.utter_message(text=text("actions.advising.which_course").get(lang))
        return
    rec = explain_course(common.profile(tracker), common.catalog(), chosen[0])
    if rec is None:
        name = common.catalog().courses[chosen[0]].name
        dispatcher.utter_message(text=text("actions.advising.no_school", name=name).get(lang))
        return
    dispatcher.utter_message(text=followups.more(rec, lang))


def _course_or_answer(dispatcher: CollectingDispatcher, tracker: Tracker, compare: bool) -> list[EventType]:
    """Details only on an explicit ask (bot.intake); otherwise the message was an answer: the intake takes it."""
    found = intake.Reading.from_dict(tracker.get_slot("reading"))
    if not found.course_ask and tracker.get_slot("reading") is not None:
        if (events := side.misread(dispatcher, tracker, "compare" if compare else "more")) is not None:
            return events
        if found.values or not tracker.get_slot("shown_courses"):
            return [FollowupAction("intake_form")]
    tell_more(dispatcher, tracker, compare)
    return []


class ActionTellMore(Action):
    def name(self) -> str:
        return "action_tell_more"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return _course_or_answer(dispatcher, tracker, compare=False)


class ActionCompare(Action):
    def name(self) -> str:
        return "action_compare"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return _course_or_answer(dispatcher, tracker, compare=True)


class ActionStartInfo(Action):
    def name(self) -> str:
        return "action_start_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if (events := side.misread(dispatcher, tracker, "start")) is not None:
            return events
        result = common.advice(tracker) if tracker.get_slot("shown_courses") else None
        dispatcher.utter_message(text=followups.start(result, common.lang(tracker)))
        return common.go_on(tracker)


def catch_up_text(tracker: Tracker, found: intake.Reading | None = None) -> str:
    """The catch-up answer for what this person asked about (no diploma, no wiskunde) and what we know."""
    found = found or intake.Reading.from_dict(tracker.get_slot("reading"))
    topics = [
        t
        for t, hit in (
            ("diploma", found.values.get("education") == "none"),
            ("math", found.values.get("has_math_or_science") is False),
        )
        if hit
    ]
    result = common.advice(tracker) if tracker.get_slot("shown_courses") else None
    level = intake.level_asked(tracker.latest_message.get("text") or "")
    return followups.catch_up(common.profile(tracker), result, common.lang(tracker), topics, level)


class ActionCatchUp(Action):
    def name(self) -> str:
        return "action_catch_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if (events := side.misread(dispatcher, tracker, "catch_up")) is not None:
            return events
        dispatcher.utter_message(text=catch_up_text(tracker))
        return common.go_on(tracker)
