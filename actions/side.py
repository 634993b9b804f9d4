"""Answer the side question or study wish that bot.intake found in a message, at any moment of the chat."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from bot import followups, intake, scope
from bot.advice import advise
from bot.courses import Course
from bot.profile import Profile
from bot.texts import text

from . import advising, common

# Side questions whose answer is a response in domain.yml (worded per language there).
RESPONSES = {
    "girls": "utter_girls",
    "language_help": "utter_language_help",
    "bot_challenge": "utter_bot_challenge",
    "explain": "utter_explain",
    "change_answer": "utter_change_answer",
    "thank": "utter_you_are_welcome",
}


def reading(tracker: Tracker) -> intake.Reading:
    return intake.Reading.from_dict(tracker.get_slot("reading"))


def near_courses(wish: scope.Wish, lang: str) -> list[str]:
    """Technical courses close to a non-technical wish, only where the wish lists technical words."""
    if not wish.near:
        return []
    result = advise(Profile(interests_text=wish.near, language=lang), common.catalog())
    level = text("actions.side.level").get(lang)
    return [f"{r.course.name} ({level} {r.course.level})" for r in result.items[:2] if r.fit > 0]


def shown_courses(tracker: Tracker) -> list[Course]:
    catalog = common.catalog()
    return [catalog.courses[c] for c in tracker.get_slot("shown_courses") or [] if c in catalog.courses]


def explain_route(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """BBL, or both routes when the message compares them ("wat is het verschil tussen bol en bbl?")."""
    message = tracker.latest_message.get("text") or ""
    dispatcher.utter_message(text=followups.explain_route(message, common.profile(tracker).age, common.lang(tracker)))


def answer(dispatcher: CollectingDispatcher, tracker: Tracker, found: intake.Reading) -> bool:
    """Send the answer to the side question of ``found``; True when something was said."""
    lang = common.lang(tracker)
    kind = found.side
    if found.wish:
        wish = next((w for w in scope.WISHES if w.field.nl == found.wish), None)
        if wish is not None:
            dispatcher.utter_message(text=scope.answer(wish, near_courses(wish, lang), common.contact(), lang))
            return True
    if kind is None or kind == "greet":
        return False
    if kind == "out_of_scope":
        dispatcher.utter_message(text=scope.OTHER_TOPIC.get(lang))
    elif kind in RESPONSES:
        dispatcher.utter_message(response=RESPONSES[kind])
    elif kind == "capabilities":
        dispatcher.utter_message(text=followups.CAPABILITIES.get(lang))
    elif kind == "bbl":
        explain_route(dispatcher, tracker)
    elif kind == "nearer":
        shown = bool(tracker.get_slot("shown_courses"))
        dispatcher.utter_message(text=followups.nearer(common.advice(tracker) if shown else None, lang))
    elif kind == "workplace":
        dispatcher.utter_message(text=followups.workplace(next(iter(shown_courses(tracker)), None), lang))
    elif kind == "own_company":
        dispatcher.utter_message(text=followups.own_company(lang))
    elif kind == "pay":
        dispatcher.utter_message(text=followups.pay(common.profile(tracker).age, lang))
    elif kind == "costs":
        dispatcher.utter_message(text=followups.costs(common.profile(tracker), lang))
    elif kind == "start":
        dispatcher.utter_message(text=followups.start(None, lang))
    elif kind == "undecided":
        dispatcher.utter_message(text=followups.HELP_CHOOSE.get(lang))
    elif kind == "pay_after":
        dispatcher.utter_message(text=followups.PAY_AFTER.get(lang))
    elif kind == "student_finance":
        dispatcher.utter_message(text=followups.STUDENT_FINANCE.get(lang))
    elif kind == "duration":
        dispatcher.utter_message(text=followups.duration(shown_courses(tracker), lang))
    elif kind == "further_study":
        dispatcher.utter_message(text=followups.further_study(shown_courses(tracker), lang))
    elif kind == "evc":
        dispatcher.utter_message(text=followups.evc(lang))
    elif kind == "age":
        dispatcher.utter_message(text=followups.too_old(common.profile(tracker).age, lang))
    elif kind == "catch_up":
        dispatcher.utter_message(text=advising.catch_up_text(tracker, found))
    elif kind == "human":
        dispatcher.utter_message(text=followups.handoff(common.contact(), lang))
    elif kind in ("more", "compare"):
        advising.tell_more(dispatcher, tracker, compare=kind == "compare")
    else:
        after = bool(tracker.get_slot("shown_courses"))
        dispatcher.utter_message(
            text=(followups.GENERAL_QUESTION_AFTER if after else followups.GENERAL_QUESTION).get(lang)
        )
    return True


def lets_wishes_go(tracker: Tracker, found: intake.Reading) -> bool:
    """ "BOL of BBL en de start maken niet uit" after the advice, as its note asks: the advice is made again."""
    return found.side is None and intake.lets_wishes_go(found.values) and bool(tracker.get_slot("shown_courses"))


def misread(dispatcher: CollectingDispatcher, tracker: Tracker, own: str) -> list[EventType] | None:
    """For an action its intent chose (``own``: the side it answers): the events to end with when the words say
    something else, else None. A message that only tells an interest, a place or a level ("ik bedoel toch
    laboratorium" read as ask_catch_up, "kan ik ook in Utrecht?") goes to the intake, and the advice is made
    again; a question whose words name another topic ("hoe lang duurt nummer 3?", read as ask_more) gets that
    answer."""
    # A question or a whole story as the first message gets the introduction first (what is kept, how to erase
    # it): a mother's "..., repareert alles in huis. Wat zijn opties?" went straight on to the route question
    common.greet_first(dispatcher, tracker)
    if tracker.get_slot("reading") is None:
        return None
    found = reading(tracker)
    message = tracker.latest_message.get("text") or ""
    named = intake.keyword_sides(message)
    if found.side is None and found.values.keys() & intake.WHAT_IF_FIELDS and not named:
        return [FollowupAction("intake_form")]
    if lets_wishes_go(tracker, found):
        return [FollowupAction("intake_form")]
    if found.side in named and own not in named and answer(dispatcher, tracker, found):
        return common.go_on(tracker)
    if found.course_ask and own not in ("more", "compare") and answer(dispatcher, tracker, found):
        return common.go_on(tracker)  # "what about number 5?" the NLU did not know: the list is read for it
    return None


class ActionGirls(Action):
    """ "Is techniek ook voor meisjes?" gets the answer for girls; the NLU also puts "kan ik ook in Utrecht?" here,
    which bot.intake reads as another place (the advice is made again) or as a general question."""

    def name(self) -> str:
        return "action_girls"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return own_answer(dispatcher, tracker, "girls", lambda: dispatcher.utter_message(response="utter_girls"))


class ActionLanguageHelp(Action):
    """ "Mijn Nederlands is niet goed": the offer of short sentences and English, then the first question of the
    intake ("hallo ik kom uit eritrea. nederlands weinig" as the first message got no question at all)."""

    def name(self) -> str:
        return "action_language_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return own_answer(
            dispatcher, tracker, "language_help", lambda: dispatcher.utter_message(response="utter_language_help")
        )


def own_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, own: str, reply: Callable[[], None]
) -> list[EventType]:
    """For an action its intent chose: its own ``reply`` when the reading agrees or names nothing else, else the
    answer the words ask for ("is it hard work?", read as ask_bbl, is a general question)."""
    if (events := misread(dispatcher, tracker, own)) is not None:
        return events
    found = reading(tracker)
    if found.side in (own, None) or tracker.get_slot("reading") is None:
        reply()
    elif not answer(dispatcher, tracker, found):
        dispatcher.utter_message(text=followups.clarify(0, common.lang(tracker), common.contact()))
    return common.go_on(tracker)


class ActionExplain(Action):
    """ "Waarom vraag je dat?" before the advice; after it, what the list is based on. The NLU also puts other
    questions here ("is dat zwaar werk?"): after the advice those get the honest "I can't answer that"."""

    def name(self) -> str:
        return "action_explain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if (events := misread(dispatcher, tracker, "explain")) is not None:
            return events
        if not tracker.get_slot("shown_courses"):
            dispatcher.utter_message(response="utter_explain")
            return common.go_on(tracker)
        said = tracker.latest_message.get("text") or ""
        reply = followups.EXPLAIN_ADVICE if intake.asks_why(said) else followups.GENERAL_QUESTION_AFTER
        dispatcher.utter_message(text=reply.get(common.lang(tracker)))
        return []


class ActionAnythingElse(Action):
    """ "Ja", "nee" or "weet ik niet" outside the intake: the offer of what else to ask. The NLU also puts questions
    here ("ben ik niet te oud?" as dont_know): those get their answer."""

    def name(self) -> str:
        return "action_anything_else"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if (events := misread(dispatcher, tracker, "anything_else")) is not None:
            return events
        if not tracker.get_slot("shown_courses") and common.greet_first(dispatcher, tracker):
            # "👋", "ja" or "ok" as the first message: the introduction and the first question, not "anything else?"
            return [FollowupAction("intake_form")]
        found = reading(tracker)
        if found.side is None and not found.values and _after_anything_else(tracker):
            # "Wil je nog iets weten?" answered "nee" got the same question again, and "ja" too
            intent = common.intent(tracker)
            if intent == "deny":
                dispatcher.utter_message(response="utter_goodbye")
                return []
            if intent == "affirm":
                lang = common.lang(tracker)
                dispatcher.utter_message(text=WHAT_TO_ASK.get(lang), buttons=_offer_buttons(lang))
                return []
        if found.side in (None, "greet") or not answer(dispatcher, tracker, found):
            dispatcher.utter_message(response="utter_anything_else")
        return []


WHAT_TO_ASK = text("actions.side.what_to_ask")
# the buttons of utter_anything_else (texts/*/domain.yml): title, and what it sends when that is not its title
_OFFERS = (
    (text("domain.utter_anything_else.buttons.more"), text("domain.utter_anything_else.payloads.more")),
    (text("domain.utter_anything_else.buttons.bbl"), None),
    (text("domain.utter_anything_else.buttons.costs"), None),
)


def _offer_buttons(lang: str) -> list[dict[str, str]]:
    return [{"title": t.get(lang), "payload": (p or t).get(lang)} for t, p in _OFFERS]


def _after_anything_else(tracker: Tracker) -> bool:
    """Whether the bot's last message offered what else to ask (a "ja" or "nee" answers that offer)."""
    last: dict[str, Any] = next((e for e in reversed(tracker.events) if e.get("event") == "bot"), {})
    return bool((last.get("metadata") or {}).get("utter_action") == "utter_anything_else")


# Intents whose rule ends with this action (data/rules/digressions.yml): it must move the conversation itself.
ENDS_HERE = frozenset({"out_of_scope", "ask_capabilities"})


class ActionAnswerSide(Action):
    """Outside the intake: answer what the message asked besides its answers (a wish, a question)."""

    def name(self) -> str:
        return "action_answer_side"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        common.greet_first(dispatcher, tracker)
        found = reading(tracker)
        said = answer(dispatcher, tracker, found)
        if common.intent(tracker) not in ENDS_HERE:
            if said and tracker.get_slot("shown_courses") and not found.values and not found.wish:
                # a question after the advice, with no new answer in it: the same list is not shown again
                return [FollowupAction("action_listen")]
            return []  # the intake follows in the same rule
        if not tracker.get_slot("shown_courses") and (found.wish or found.values or not said):
            return [FollowupAction("intake_form")]  # no advice yet: go on with the technical intake
        if not said and found.values.keys() & intake.WHAT_IF_FIELDS:
            return [FollowupAction("intake_form")]  # "is er ook iets met elektriciteit?" read as out_of_scope
        if not said:  # never an empty turn
            dispatcher.utter_message(text=followups.clarify(0, common.lang(tracker), common.contact()))
        return []
