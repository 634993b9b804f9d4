"""Rasa entities: trusted when their value is valid, otherwise their raw text goes through the field patterns.

Entity lists differ between Rasa versions and tests, so anything malformed is skipped rather than raised.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..profile import DUTCH_LEVELS, EDUCATION, ROUTES, START_WISHES, VMBO_PROFILES
from . import dutch_level, education, route, start_wish, vmbo_profile
from .age import MAX_AGE, MIN_AGE
from .interests import MAX_INTERESTS
from .message import Message, strip_accents
from .start_wish import MONTHS

log = logging.getLogger(__package__)  # "bot.understand": one logger for the whole package

_PROFILE_BY_LOWER = {p.lower(): p for p in VMBO_PROFILES}
_LEVEL_BY_LOWER = {lv.lower(): lv for lv in DUTCH_LEVELS}


def entity_values(entities: object) -> dict[str, list[str]]:
    """Entity name -> values as text, skipping anything malformed (Rasa versions and tests differ)."""
    out: dict[str, list[str]] = {}
    if not entities or isinstance(entities, (str, bytes)):
        return out
    try:
        for ent in list(entities)[:50]:  # type: ignore[call-overload]
            if not isinstance(ent, Mapping):
                continue
            name, value = ent.get("entity"), ent.get("value")
            if not isinstance(name, str) or value is None or isinstance(value, bool):
                continue
            value = str(value).strip()[:MAX_INTERESTS]
            if value:
                out.setdefault(name, []).append(value)
    except Exception:
        log.exception("unreadable entities: %r", entities)
    return out


# entity name -> (exact value look-up, pattern parser for the raw entity text)
_ENTITY_PARSERS: dict[str, tuple[Callable[[str, str], Any], Callable[[Message], Any]]] = {
    "education": (lambda value, low: value if value in EDUCATION else None, education.parse),
    "vmbo_profile": (lambda value, low: _PROFILE_BY_LOWER.get(low), vmbo_profile.parse),
    "route": (lambda value, low: low if low in ROUTES else None, route.parse),
    "start_wish": (lambda value, low: low if low in START_WISHES else MONTHS.get(strip_accents(low)), start_wish.parse),
    "dutch_level": (lambda value, low: _LEVEL_BY_LOWER.get(low), dutch_level.parse),
}


def entity_field(name: str, values: list[str]) -> Any:
    """The first valid value of an entity; raw entity text is run through the patterns ("vmbo kadr").

    A value that is exactly a known one wins over one the patterns make of other text: in "my dutch is little, A1"
    the NLU tags both "little" and "A1", and "A1" was said.
    """
    if name == "age":
        ages = [int(v) for v in map(str.strip, values) if re.fullmatch(r"\d{1,3}", v) and MIN_AGE <= int(v) <= MAX_AGE]
        return ages[0] if ages else None
    if name not in _ENTITY_PARSERS:
        return None
    direct, parse = _ENTITY_PARSERS[name]
    exact = [found for v in values if (found := direct(v.strip(), v.strip().lower()))]
    if exact:
        return exact[0]
    for raw in values:
        found = parse(Message.of(raw.strip(), name))
        if found:
            return found
    return None
