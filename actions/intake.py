"""The intake form: carries out what bot.intake decides (which questions, what a message meant, when to move on)."""

from __future__ import annotations

import functools
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import intake, texts_domain, undecided
from bot.i18n import Text
from bot.texts import each, family, fill, series, text

from . import common, meta, side

# Intents with a rule of their own during the intake (data/rules): they leave or steer the conversation.
COMMANDS = frozenset(
    {"ask_code", "use_code", "delete_data", "start_over", "switch_language", "human_handoff", "goodbye"}
)
SKIPPED = text("actions.intake.skipped")
GIVE_UP = text("actions.intake.give_up")
NOTED = text("actions.intake.noted")
WELCOME_BACK = text("actions.intake.welcome_back")
NOT_UNDERSTOOD = text("actions.intake.not_understood")
WHICH_ONE = text("actions.intake.which_one")
SCHOOL_KNOWN = text("actions.intake.school_known")  # more about a school already noted, at another question
VMBO_WHICH = text("actions.intake.vmbo_which")  # "vmbo" alone: the track decides the levels
YEAR_NOTED = text("actions.intake.year_noted")  # "ik zit in de 3e", the school not yet known: the school is asked
MBO_WHICH = text("actions.intake.mbo_which")  # "mbo-diploma" alone (a button of the school question): its level
MBO_LEVEL_TITLES = text("actions.intake.mbo_level_titles")  # the buttons, in the order of intake.MBO_LEVELS
PROFILE_WHICH = text("actions.intake.profile_which")  # "iets technisch" when asked the vmbo profile
PICK_ONE = text("actions.intake.pick_one")  # the options named: "Met machines", "Met stroom" of "Met verwarming"?
CHOICE_OR = text("actions.intake.choice_or")
UNDECIDED_INTRO = text("actions.intake.undecided_intro")
# the choices start after answers to other questions ("Arnhem", "zo snel mogelijk"), not after "weet ik niet"
UNDECIDED_INTRO_NOTED = text("actions.intake.undecided_intro_noted")
UNDECIDED_FOR_CHILD = text("actions.intake.undecided_for_child")
NOT_AN_AGE = text("actions.intake.not_an_age")
FOR_CHILD = family("actions.intake.for_child")  # the questions about a parent's child, by slot


def _value_now(events: list[EventType], tracker: Tracker, name: str) -> Any:
    for event in reversed(events):
        if isinstance(event, dict) and event.get("event") == "slot" and event.get("name") == name:
            return event.get("value")
    return tracker.get_slot(name)


class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return intake.fields_to_ask(common.known(tracker))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        if not requested:  # the form starts: the opening message's side question was answered by its rule
            return events
        intent, text = common.intent(tracker), tracker.latest_message.get("text") or ""
        found = side.reading(tracker)
        if intent in COMMANDS and not found.values and found.choice is None and intake.confirms(intent, text):
            return events  # no answer: Rasa's form rejects, and the rule for the command runs (code, erase, ...)
        events = [e for e in events if not (isinstance(e, dict) and e.get("name") == "requested_slot")]
        if intent == "switch_language":  # "my dutch is A1, i speak english": the answer is kept (it was asked again)
            switched = meta.switch_language(dispatcher, tracker, beside_answers=True)
            tracker.add_slots(switched)
            events += switched
        decided = events + self._decide(dispatcher, tracker, requested, events)
        tracker.add_slots(decided)  # what is asked next follows from all answers, including "left open"
        known = common.known(tracker)
        following = next((f for f in intake.fields_to_ask(known) if known.get(f) is None), None)
        return decided + [SlotSet("requested_slot", following)]

    def _decide(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, requested: str, events: list[EventType]
    ) -> list[EventType]:
        """Answer any side question, then: keep the answer, or leave the field open, or ask once more."""
        found = side.reading(tracker)
        lang = common.lang(tracker)
        said = side.answer(dispatcher, tracker, found)
        if (
            requested == "interests_text"
            and isinstance(tracker.get_slot("riasec_answers"), list)
            and _value_now(events, tracker, requested) is None
        ):
            return self._choice(dispatcher, tracker, found, said)
        if _value_now(events, tracker, requested) is not None:
            answers = common.choice_answers(tracker.get_slot("riasec_answers"))
            if requested != "interests_text" or not answers:
                return [SlotSet("ask_count", 0)]
            # choices made before free text still count, and so do the words typed at them
            typed = [*_typed(tracker), str(_value_now(events, tracker, requested))]
            return self._finish(answers, [t for t in typed if t.strip()])[1:]
        asked = max(1, int(tracker.get_slot("ask_count") or 0)) if tracker.get_slot("ask_slot") == requested else 1
        other_answers = any(k != requested for k in found.values) or found.late_choice
        message = tracker.latest_message.get("text") or ""
        why = (
            intake.why_no_answer(message, requested, first_ask=asked == 1, dont_know=found.dont_know)
            if not found.values
            else None
        )
        if why is not None:
            dispatcher.utter_message(text=why.get(lang))
            return [SlotSet("ask_slot", requested), SlotSet("ask_count", asked + 1)]
        vmbo = intake.names_vmbo(message)
        if intake.year_awaits_school(found.values, common.known(tracker)) and asked <= intake.MAX_ASKS:
            # "ik zit in de 3e (van het vmbo)" before the school is known: the year is kept, the school (track) asked
            year_noted = fill(YEAR_NOTED, year=found.values["vmbo_year"])
            dispatcher.utter_message(text=(VMBO_WHICH if vmbo else year_noted).get(lang))
            return [SlotSet("education", None), SlotSet("ask_slot", "education"), SlotSet("ask_count", 1)]
        if (
            requested == "education"
            and "education" not in found.values
            and not found.dont_know
            and asked <= intake.MAX_ASKS
        ):
            # Half a school ("vmbo" without its track, "mbo-diploma" without its level) is an answer on its way, no
            # failed try, also beside other answers: "ik ben 34", then the button "mbo-diploma", left the school open
            # (the age had used up one ask), and "ik zit in 3 vmbo" was noted and the school question came again.
            if vmbo:
                dispatcher.utter_message(text=VMBO_WHICH.get(lang))
                return [SlotSet("ask_slot", requested), SlotSet("ask_count", asked + 1)]
            if intake.names_mbo(message):
                titles = MBO_LEVEL_TITLES.get(lang).split("|")
                buttons = [{"title": t, "payload": p} for t, p in zip(titles, intake.MBO_LEVELS)]
                dispatcher.utter_message(text=MBO_WHICH.get(lang), buttons=buttons)
                return [SlotSet("ask_slot", requested), SlotSet("ask_count", asked + 1)]
        # A side question is no failed try; an answer to other questions is kept and counts as one (with one ask
        # more than for unclear answers), so that who skips a question they cannot answer (a vmbo profile for a
        # mavo from 1995) is not asked it forever.
        if not found.dont_know and (said or other_answers) and not (other_answers and asked > intake.MAX_ASKS):
            if not said:
                dispatcher.utter_message(text=NOTED.get(lang))
            return [SlotSet("ask_slot", requested), SlotSet("ask_count", asked + int(other_answers and not said))]
        if found.side == "greet" and not found.values:  # "hoi" after a pause is no try
            if not said:
                dispatcher.utter_message(text=WELCOME_BACK.get(lang))
            return [SlotSet("ask_slot", requested), SlotSet("ask_count", asked)]
        if requested == "interests_text" and (found.dont_know or asked >= intake.MAX_ASKS):
            return [SlotSet("riasec_answers", []), SlotSet("choice_words", []), SlotSet("ask_count", 0)]  # choices
        # A first unclear answer after an answer to another question is asked once more: "ik ben 19", then "ik wil
        # werken" at the school question left it open without a word on what was asked.
        after_other = any(map(NOTED.is_one_of, common.said_before(tracker)))
        if found.dont_know or asked >= intake.MAX_ASKS + after_other:
            dispatcher.utter_message(text=(SKIPPED if found.dont_know else GIVE_UP).get(lang))
            value = intake.DONT_KNOW_VALUE.get(requested, intake.UNKNOWN)
            return [SlotSet(requested, value), SlotSet("ask_count", 0)]
        if not found.values and found.side != "greet":  # (a side question was answered and returned above)
            which = common.intent(tracker) in ("affirm", "deny") and requested in intake.EITHER_OR  # "ja": BOL or BBL?
            if vmbo and requested != "education" and tracker.get_slot("education") in (None, intake.UNKNOWN):
                # "ik zit in de 3e van het vmbo" at another question, the school left open: only the track is missing
                dispatcher.utter_message(text=VMBO_WHICH.get(lang))
                return [SlotSet("education", None), SlotSet("ask_slot", "education"), SlotSet("ask_count", 1)]
            technical = requested == "vmbo_profile" and intake.names_technical(message)
            # "in eritrea ik school 10 jaar" at the Dutch question: about the school noted before, no failed answer
            school_noted = requested != "education" and intake.names_schooling(message)
            school_noted = school_noted and tracker.get_slot("education") not in (None, intake.UNKNOWN)
            reply = PROFILE_WHICH if technical else WHICH_ONE if which else NOT_UNDERSTOOD
            reply = SCHOOL_KNOWN if school_noted and reply is NOT_UNDERSTOOD else reply
            dispatcher.utter_message(text=reply.get(lang))
        return [SlotSet("ask_slot", requested), SlotSet("ask_count", asked + 1)]

    def _choice(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, found: intake.Reading, said: bool
    ) -> list[EventType]:
        """One answer to a choice item for the undecided; after the last item the interests are complete."""
        answers = common.choice_answers(tracker.get_slot("riasec_answers"))
        item = undecided.BY_KEY.get(found.item or "") or undecided.next_item(
            answers, common.catalog(), common.profile(tracker)
        )
        if item is None:
            return self._finish(answers, _typed(tracker))
        asked = max(1, int(tracker.get_slot("ask_count") or 0)) if tracker.get_slot("ask_slot") == item.key else 1
        greeting = found.side == "greet" and not found.values  # "hoi" after a pause: no try
        # not an answer to this item: ask it again (an answer to other questions, "bbl" or "Tilburg", is kept and
        # allows one ask more: the item was dropped without a word)
        if found.choice is None and (asked < intake.MAX_ASKS + bool(found.values) or greeting):
            if not said:  # ("rotterdam" answers where someone lives: noted, not "pick one of the buttons")
                reply = WELCOME_BACK if greeting else NOTED if found.values else _pick_one(item)
                dispatcher.utter_message(text=reply.get(common.lang(tracker)))
            return [SlotSet("ask_slot", item.key), SlotSet("ask_count", asked + int(not greeting))]
        option = None if found.choice in (None, "dont_know") else found.choice
        answered = undecided.ITEM_OF.get(option or "", item.key)
        # "iets met mensen" at another item: kept, and this item asked again; a place after two tries: kept
        if (answered != item.key or found.values) and not said:
            dispatcher.utter_message(text=NOTED.get(common.lang(tracker)))
        answers = [*answers, (answered, option)]
        typed = _typed(tracker)
        beyond = undecided.said_beyond(
            option or "", tracker.latest_message.get("text") or "", common.is_specific_interest(tracker)
        )
        typed = [*typed, beyond] if beyond else typed
        if undecided.next_item(answers, common.catalog(), common.profile(tracker)) is None:
            return self._finish(answers, typed)
        return [
            SlotSet("riasec_answers", [list(a) for a in answers]),
            SlotSet("choice_words", typed),
            SlotSet("ask_count", 0),
        ]

    @staticmethod
    def _finish(answers: list[tuple[str, str | None]], typed: list[str] | None = None) -> list[EventType]:
        """The choices become the interests; what was typed beyond them ("iets met hout misschien") is kept as
        the person's own words."""
        riasec, tags, choices = undecided.result(answers)
        return [
            SlotSet("riasec_answers", [list(a) for a in answers]),
            SlotSet("riasec", riasec),
            SlotSet("interest_tags", tags),
            SlotSet("interest_choices", choices),
            SlotSet("interests_text", ", ".join(typed or [])),
            SlotSet("choice_words", []),
            SlotSet("ask_count", 0),
        ]

    def validate_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == common.UNKNOWN:
            return {"age": value}
        try:
            age = int(float(value))
        except (TypeError, ValueError, OverflowError):
            age = -1
        if 12 <= age <= 99:
            return {"age": age}
        dispatcher.utter_message(text=NOT_AN_AGE.get(common.lang(tracker)))
        return {"age": None}


def _pick_one(item: undecided.Item) -> Text:
    """ "Pick one" with the options in words: an answer of one's own ("dingen maken") got only "pick one", and on a
    chat app the buttons may be a numbered list far above."""
    return each(
        PICK_ONE,
        lambda lang, body: body.format(
            options=series([f"'{o.label.get(lang)}'" for o in item.options], CHOICE_OR.get(lang))
        ),
    )


def _typed(tracker: Tracker) -> list[str]:
    """The answers to choice items so far that said more than the option they picked."""
    value = tracker.get_slot("choice_words")
    return [w for w in value if isinstance(w, str)] if isinstance(value, list) else []


@functools.cache
def _responses() -> dict[str, list[dict[str, Any]]]:
    return texts_domain.responses()


def ask(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str) -> None:
    """An intake question: its response, or for a parent the same question about their child, with its buttons."""
    child = common.child(tracker)
    if not child or slot not in FOR_CHILD:
        dispatcher.utter_message(response=f"utter_ask_{slot}")
        return
    lang = common.lang(tracker)
    english, dutch = _responses()[f"utter_ask_{slot}"]
    buttons = (english if lang == "en" else dutch).get("buttons") or []
    dispatcher.utter_message(text=FOR_CHILD[slot].get(lang).format(child=child), buttons=buttons)


class _AskQuestion:
    """The question for one slot of the intake form (the form calls action_ask_<slot> before utter_ask_<slot>)."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ask(dispatcher, tracker, self.slot)
        return []


# action_ask_age, action_ask_route, ...: one class per question, as Rasa SDK registers actions by class
ASK_ACTIONS: dict[str, type[Action]] = {
    slot: type(f"ActionAsk_{slot}", (_AskQuestion, Action), {"slot": slot})
    for slot in ("age", "vmbo_profile", "has_math_or_science", "dutch_level", "route", "place", "start_wish")
}


class ActionAskEducation(Action):
    """The school question, unless a follow-up on the answer was just asked ("Op welk niveau is je mbo-diploma?",
    with its own buttons): asking both put two sets of buttons under each other, and a tap on the school question's
    "mbo-diploma" again went round in a circle."""

    def name(self) -> str:
        return "action_ask_education"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        follow_ups = {t for q in (MBO_WHICH, VMBO_WHICH) for t in (q.nl, q.en)}
        if not follow_ups.intersection(common.said_this_turn(tracker)):
            ask(dispatcher, tracker, "education")
        return []


class ActionAskInterests(Action):
    """The interest question, or - for someone who doesn't know yet - the next short choice item."""

    def name(self) -> str:
        return "action_ask_interests_text"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        answers = tracker.get_slot("riasec_answers")
        if not isinstance(answers, list):
            ask(dispatcher, tracker, "interests_text")
            return []
        pairs = common.choice_answers(answers)
        item = undecided.next_item(pairs, common.catalog(), common.profile(tracker))
        if item is None:
            ask(dispatcher, tracker, "interests_text")
            return []
        lang = common.lang(tracker)
        # introduced once: not again when another question came between (the slot remembers the item asked last)
        first = not pairs and tracker.get_slot("choice_asked") is None
        found = side.reading(tracker) if tracker.get_slot("reading") is not None else None
        noted = found is not None and bool(found.values) and not found.dont_know
        intro = f"{(UNDECIDED_INTRO_NOTED if noted else UNDECIDED_INTRO).get(lang)}\n" if first else ""
        child = common.child(tracker)
        if first and child:  # the items say "je" ("Werk je liever met je handen?"): a parent answers for the child
            intro += f"{UNDECIDED_FOR_CHILD.get(lang).format(child=child)}\n"
        dispatcher.utter_message(text=intro + item.question.get(lang), buttons=undecided.buttons(item, lang))
        return [SlotSet("choice_asked", item.key)]
