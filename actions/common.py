"""Helpers shared by the actions: language, the catalogue, and the profile built from the slots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from bot import intake, paths, settings, slots
from bot.advice import Advice
from bot.catalog import store
from bot.counsel import store as counsel_store
from bot.counsel.steer import steered_advice
from bot.profile import Profile

PROFILE_SLOTS = slots.PROFILE_SLOTS
UNKNOWN = slots.UNKNOWN


def lang(tracker: Tracker) -> str:
    return slots.language(tracker.slots)


def child(tracker: Tracker) -> str:
    """Whom a parent asks for, in the chat's language ("neef", "daughter"), or "" (conversations from before the
    relation was kept hold True)."""
    word = tracker.get_slot("for_child")
    if not word:
        return ""
    return intake.child_noun(word if isinstance(word, str) else intake.CHILD, lang(tracker))


def catalog() -> store.Catalog:
    return store.load(paths.catalog_db())


def is_interest(tracker: Tracker) -> Callable[[str], bool]:
    """Whether a text names something to like that the catalogue knows, in the chat's language."""
    lang = tracker.get_slot("language") or ""
    return lambda text: catalog().keywords.names_interest(text, lang)


def is_specific_interest(tracker: Tracker) -> Callable[[str], bool]:
    """Whether a text names work of one field or another field, not only a setting ("buiten"), in the chat's
    language."""
    lang = tracker.get_slot("language") or ""
    return lambda text: catalog().keywords.names_specific_interest(text, lang)


def contact():  # bot.i18n.Text
    return settings.load().contact


def profile(tracker: Tracker) -> Profile:
    return slots.profile(tracker.slots)


def steering(tracker: Tracker) -> counsel_store.Steering:
    """A counsellor's pins, exclusions and filters for this conversation (empty for almost everyone)."""
    return counsel_store.shared().steering(tracker.sender_id)


def advice(tracker: Tracker) -> Advice:
    return steered_advice(profile(tracker), catalog(), steering(tracker))


def intent(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def first_turn(tracker: Tracker) -> bool:
    """Whether the bot has not spoken yet in this conversation: who starts with an answer ("bbl", "ik ben 45 ...")
    instead of a greeting still gets the introduction, with what is kept and how to erase it."""
    users = 0
    for event in reversed(tracker.events or []):
        kind = event.get("event") if isinstance(event, dict) else None
        if kind == "bot":
            return False
        if kind in ("restart", "session_started"):
            break
        users += kind == "user"
    return users == 1


def greet_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """The introduction, when this is the conversation's first turn (said once, however many actions ask for it);
    whether it is said this turn."""
    if not first_turn(tracker):
        return False
    if not any(m.get("response") == "utter_greet" for m in dispatcher.messages):
        dispatcher.utter_message(response="utter_greet")
    return True


def said_this_turn(tracker: Tracker) -> list[str]:
    """What the bot has said since the person's last message."""
    return _said(tracker, turns_back=0)


def said_before(tracker: Tracker) -> list[str]:
    """What the bot said between the person's last two messages (its previous turn)."""
    return _said(tracker, turns_back=1)


def _said(tracker: Tracker, turns_back: int) -> list[str]:
    said: list[str] = []
    users = 0
    for event in reversed(tracker.events or []):
        kind = event.get("event") if isinstance(event, dict) else None
        users += kind == "user"
        if users > turns_back:
            break
        if kind == "bot" and users == turns_back:
            said.append(str(event.get("text") or ""))
    return said[::-1]


def choice_answers(value: object) -> list[tuple[str, str | None]]:
    """The choice-item answers kept in the slot ``riasec_answers`` (JSON lists) as (item, option) pairs."""
    out: list[tuple[str, str | None]] = []
    for pair in value if isinstance(value, list) else []:
        if (
            isinstance(pair, (list, tuple))
            and len(pair) == 2
            and isinstance(pair[0], str)
            and (pair[1] is None or isinstance(pair[1], str))
        ):
            out.append((pair[0], pair[1]))
    return out


def known(tracker: Tracker) -> dict[str, Any]:
    """The profile slots as the intake planner sees them (ages as numbers)."""
    return slots.known(tracker.slots)


def go_on(tracker: Tracker) -> list[EventType]:
    """After an answer outside the intake and before any advice: start (or resume) the intake, so that a question
    or an unclear first message never leaves the person without a next step."""
    if tracker.get_slot("shown_courses") or tracker.active_loop_name == "intake_form":
        return []
    return [FollowupAction("intake_form")]
