"""Helpers shared by the actions: language, the catalogue, and the profile built from the slots."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction

from bot import intake, paths, settings
from bot.advice import Advice, advise
from bot.catalog import store
from bot.i18n import normalise_language
from bot.profile import Profile, ProfileError

# Slots that mirror Profile fields one to one.
PROFILE_SLOTS = ("education", "vmbo_profile", "has_math_or_science", "age", "interests_text", "route", "place",
                 "start_wish", "dutch_level", "newcomer", "jobseeker", "havo_vwo_year", "havo_vwo_diploma",
                 "level_wish", "mbo_dossier", "riasec", "interest_tags", "interest_choices")
UNKNOWN = intake.UNKNOWN  # what a slot holds when the person said they don't know: asked, not to be asked again


def lang(tracker: Tracker) -> str:
    value = tracker.get_slot("language")
    return normalise_language(value if isinstance(value, str) else None)


def catalog() -> store.Catalog:
    return store.load(paths.catalog_db())


def contact():  # noqa: ANN201 - bot.i18n.Text
    return settings.load().contact


def profile(tracker: Tracker) -> Profile:
    """The Profile the slots describe; a value the profile does not accept is left out rather than failing."""
    data: dict[str, Any] = {"language": lang(tracker)}
    for name in PROFILE_SLOTS:
        value = tracker.get_slot(name)
        if value in (None, "", UNKNOWN):
            continue
        if name in ("age", "havo_vwo_year", "level_wish"):
            try:
                value = int(float(value))
            except (TypeError, ValueError, OverflowError):  # OverflowError: "inf"
                continue
        data[name] = value
    clean = {}
    for key, value in data.items():
        try:
            Profile.from_dict({key: value})
        except ProfileError:
            continue
        clean[key] = value
    return Profile.from_dict(clean)


def advice(tracker: Tracker) -> Advice:
    return advise(profile(tracker), catalog())


def intent(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def choice_answers(value: object) -> list[tuple[str, str | None]]:
    """The choice-item answers kept in the slot ``riasec_answers`` (JSON lists) as (item, option) pairs."""
    out: list[tuple[str, str | None]] = []
    for pair in value if isinstance(value, list) else []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2 and isinstance(pair[0], str) \
                and (pair[1] is None or isinstance(pair[1], str)):
            out.append((pair[0], pair[1]))
    return out


def known(tracker: Tracker) -> dict[str, Any]:
    """The profile slots as the intake planner sees them (ages as numbers)."""
    values = {name: tracker.get_slot(name) for name in PROFILE_SLOTS}
    if values.get("age") not in (None, UNKNOWN):
        try:
            values["age"] = int(float(values["age"]))
        except (TypeError, ValueError, OverflowError):
            values["age"] = None
    return values


def go_on(tracker: Tracker) -> list[EventType]:
    """After an answer outside the intake and before any advice: start (or resume) the intake, so that a question
    or an unclear first message never leaves the person without a next step."""
    if tracker.get_slot("shown_courses") or tracker.active_loop_name == "intake_form":
        return []
    return [FollowupAction("intake_form")]
