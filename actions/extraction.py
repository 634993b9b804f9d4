"""Read every user message with bot.intake (custom slot mapping run by action_extract_slots).

The answers become slots at once, and the whole reading is kept in the slot ``reading`` so that the form, the
side-question answers and the course look-ups of this turn all act on the same decision.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import intake, undecided

from . import common

# Commands, not answers: "mijn code is 16AB-..." says nothing about an age; restored answers come from the code.
NO_ANSWERS = frozenset({"ask_code", "use_code", "delete_data", "start_over", "switch_language"})


def choice_item(tracker: Tracker) -> undecided.Item | None:
    """The choice item for the undecided that the bot just asked, if any."""
    answers = tracker.get_slot("riasec_answers")
    if (
        tracker.active_loop_name != "intake_form"
        or tracker.get_slot("requested_slot") != "interests_text"
        or not isinstance(answers, list)
    ):
        return None
    return undecided.next_item(common.choice_answers(answers), common.catalog(), common.profile(tracker))


def _choice(item: undecided.Item, tracker: Tracker, text: str) -> str | None:
    """The option the message picks: of the item asked; the button of an item skipped before; or else of another
    item when it names no technical work (which ends the items as the interest)."""
    picked = undecided.read_answer(item, text)
    if picked is not None:
        return picked
    answers = common.choice_answers(tracker.get_slot("riasec_answers"))
    technical = common.catalog().keywords.names_technical_work(text, common.lang(tracker))
    return undecided.read_elsewhere(item, answers, text, unasked=not technical)


def _late_choice(tracker: Tracker, requested: str | None, found: intake.Reading, text: str) -> list[list[Any]] | None:
    """The answers with the choice item asked before another question, when this message answers it ("achter de
    computer" at the maths question, after "tl" came between): kept, not "Dat snapte ik niet"."""
    answers = tracker.get_slot("riasec_answers")
    if requested in (None, "interests_text") or not isinstance(answers, list):
        return None
    if found.values or found.side or found.dont_know or found.choice is not None:
        return None
    pairs = common.choice_answers(answers)
    item = undecided.next_item(pairs, common.catalog(), common.profile(tracker))
    asked = item is not None and tracker.get_slot("choice_asked") == item.key  # (set by action_ask_interests_text)
    picked = undecided.read_answer(item, text) if item is not None and asked else None
    if item is None or picked in (None, "dont_know"):
        return None
    after = [*pairs, (item.key, picked)]
    if undecided.next_item(after, common.catalog(), common.profile(tracker)) is None:
        return None  # the last item: asked again at its turn, where the answers are completed
    return [list(a) for a in after]


class ActionExtractProfile(Action):
    def name(self) -> str:
        return "action_extract_profile"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        intent = common.intent(tracker)
        requested = tracker.get_slot("requested_slot") if tracker.active_loop_name == "intake_form" else None
        catalog = common.catalog()
        message = tracker.latest_message.get("text") or ""

        def resolve(text: str) -> str | None:
            place = catalog.resolve_place(text, fuzzy=intake.place_typo_ok(message, text))
            return place.name if place else None

        item = choice_item(tracker)
        found = intake.read(
            message,
            intent,
            tracker.latest_message.get("entities") or [],
            requested,
            shown=tracker.get_slot("shown_courses") or [],
            known={name: tracker.get_slot(name) for name in common.PROFILE_SLOTS},
            resolve_place=resolve,
            find_course=catalog.course_named,
            find_course_in_text=catalog.course_named_in,
            find_diploma_in_text=catalog.diploma_named_in,
            choice=(lambda text: _choice(item, tracker, text)) if item is not None else None,
            is_interest=common.is_interest(tracker),
            is_technical=lambda text: catalog.keywords.names_technical_work(text, tracker.get_slot("language") or ""),
        )
        before = tracker.get_slot("reading")  # (still the last turn's): "hoe vind ik die?" after the BBL answer
        found.side = intake.follow_up(found.side, message, before.get("side") if isinstance(before, dict) else None)
        found.item = item.key if item is not None else None  # the form reuses it instead of choosing again
        if intent == "switch_language":
            # "my dutch is A1, i speak english": the level was lost and asked again; the words of the request itself
            # ("english please") are no interest
            found.values = {k: v for k, v in found.values.items() if k != "interests_text"}
            found.side = None  # the request is answered by switching ("kunnen we in het engels verder?")
        elif intent in NO_ANSWERS and intake.confirms(intent, message):
            found.values = {}  # (not "the start doesn't matter", which the NLU read as start_over)
        said_before = tracker.get_slot("interests_text")
        if said_before and found.values.get("interests_text") and intake.keeps_interest(message, requested):
            found.values["interests_text"] = intake.add_interest(str(said_before), str(found.values["interests_text"]))
        events: list[EventType] = [
            SlotSet(k, v) for k, v in found.values.items() if k in common.PROFILE_SLOTS and tracker.get_slot(k) != v
        ]
        late = _late_choice(tracker, requested, found, message)
        if late is not None:
            found.late_choice = True
            events.append(SlotSet("riasec_answers", late))
        chosen = tracker.get_slot("language")
        lang, found.language_guess = intake.settle_language(
            chosen, isinstance(before, dict) and before.get("language_guess") is True, found
        )
        if lang != chosen:
            events.append(SlotSet("language", lang))
        if found.for_child and tracker.get_slot("for_child") in (None, intake.CHILD):  # "mijn dochter" names her
            events.append(SlotSet("for_child", found.for_child))
        events.append(SlotSet("reading", found.as_dict()))
        return events
