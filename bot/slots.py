"""The person's answers as Rasa keeps them (slots), turned into a Profile; shared by the actions and the
counsellor's page, which reads the slots from the tracker store's events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import intake
from .i18n import normalise_language
from .profile import Profile, ProfileError

# Slots that mirror Profile fields one to one.
PROFILE_SLOTS = (
    "education",
    "vmbo_profile",
    "has_math_or_science",
    "age",
    "interests_text",
    "route",
    "place",
    "start_wish",
    "dutch_level",
    "newcomer",
    "jobseeker",
    "havo_vwo_year",
    "havo_vwo_diploma",
    "vmbo_year",
    "level_wish",
    "mbo_dossier",
    "riasec",
    "interest_tags",
    "interest_choices",
)
UNKNOWN = intake.UNKNOWN  # what a slot holds when the person said they don't know: asked, not to be asked again
_NUMBERS = ("age", "havo_vwo_year", "vmbo_year", "level_wish")


def language(slots: Mapping[str, Any]) -> str:
    value = slots.get("language")
    return normalise_language(value if isinstance(value, str) else None)


def profile(slots: Mapping[str, Any]) -> Profile:
    """The Profile the slots describe; a value the profile does not accept is left out rather than failing."""
    clean: dict[str, Any] = {"language": language(slots)}
    for name in PROFILE_SLOTS:
        value = slots.get(name)
        if value in (None, "", UNKNOWN):
            continue
        if name in _NUMBERS:
            try:
                value = int(float(value))
            except (TypeError, ValueError, OverflowError):  # OverflowError: "inf"
                continue
        try:
            Profile.from_dict({name: value})
        except ProfileError:
            continue
        clean[name] = value
    return Profile.from_dict(clean)


def known(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The profile slots as the intake planner sees them (ages as numbers)."""
    values = {name: slots.get(name) for name in PROFILE_SLOTS}
    age = values.get("age")
    if age not in (None, UNKNOWN):
        try:
            values["age"] = int(float(age))
        except (TypeError, ValueError, OverflowError):
            values["age"] = None
    return values


def answered(slots: Mapping[str, Any]) -> int:
    """How many intake answers the person gave (a "don't know" counts: it was answered)."""
    return sum(1 for name in PROFILE_SLOTS if intake.is_answered(slots.get(name)))


def informed(slots: Mapping[str, Any]) -> int:
    """How many answers say something: a question left open after two unclear answers is not progress."""
    return sum(1 for name in PROFILE_SLOTS if intake.is_answered(slots.get(name)) and slots.get(name) != UNKNOWN)


RESETS = ("session_started", "restart")


def fold(events: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The slot values after these tracker events (Rasa's JSON form), from the latest session start or restart."""
    slots: dict[str, Any] = {}
    for event in events:
        kind = event.get("event")
        if kind in RESETS:
            slots = {}
        elif kind == "slot" and isinstance(event.get("name"), str):
            slots[event["name"]] = event.get("value")
        elif kind == "reset_slots":
            slots = {}
    return slots
