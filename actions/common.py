"""Helpers shared by the actions: language, the catalogue, and the profile built from the slots."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot import paths, settings
from bot.advice import Advice, advise
from bot.catalog import store
from bot.i18n import normalise_language
from bot.profile import Profile, ProfileError

# Slots that mirror Profile fields one to one.
PROFILE_SLOTS = ("education", "vmbo_profile", "has_math_or_science", "age", "interests_text", "route", "place",
                 "start_wish", "dutch_level", "newcomer", "jobseeker", "havo_vwo_year", "havo_vwo_diploma")
UNKNOWN = "unknown"  # what a slot holds when the person said they don't know: asked, not to be asked again


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
        if name in ("age", "havo_vwo_year"):
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
