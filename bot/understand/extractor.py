"""Run every field parser over one message; a failing parser loses its field, never the message."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import (
    age,
    dutch_level,
    education,
    havo_vwo,
    interests,
    math_science,
    place,
    route,
    school_year,
    situation,
    start_wish,
    vmbo_profile,
)
from .entities import entity_field, entity_values
from .language import detect_language
from .message import Message
from .vocab import DOUBT, is_question_msg

log = logging.getLogger(__package__)  # "bot.understand": one logger for the whole package


@dataclass
class Extracted:
    values: dict[str, Any] = field(default_factory=dict)  # Profile field -> value (only what this message says)
    language: str | None = None  # "nl"/"en" when the message clearly is that language


def _age_entity(msg: Message, ents: Mapping[str, list[str]]) -> int | None:
    """The NLU's age, unless the message uses that number for a duration or an amount."""
    value = entity_field("age", ents["age"]) if "age" in ents else None
    return None if value is None or age.counts_something(msg, value) else value


def extract(
    text: str,
    entities: Sequence[Mapping[str, Any]] = (),
    requested_slot: str | None = None,
    resolve_place: Callable[[str], str | None] | None = None,
) -> Extracted:
    """Profile facts this one message states; fields it does not mention are absent from ``values``.

    ``requested_slot`` is the field the bot just asked for: it lets short answers ("16", "ja", "maakt niet
    uit", "eindhoven") count. ``resolve_place`` maps text to a canonical place name; without it no place is
    extracted. Never raises.
    """
    result = Extracted({}, None)
    try:
        msg = Message.of(text, requested_slot)
        ents = entity_values(entities)
    except Exception:
        log.exception("cannot read message")
        return result
    result.language = detect_language(msg.clean)
    values = result.values

    def run(name: str, fn: Callable[[], Any]) -> None:
        try:
            value = fn()
        except Exception:
            log.exception("extracting %s failed", name)
            return
        if value is not None:
            values[name] = value

    def from_entity_or(name: str, own: Callable[[], Any]) -> Callable[[], Any]:
        def pick() -> Any:
            if name in ents:
                value = entity_field(name, ents[name])
                if value is not None:
                    return value
            return own()

        return pick

    def pick_education() -> Any:
        # "lang geleden de mavo": an old diploma the NLU reads as today's vmbo-tl; "no diploma from here, in Syria I
        # finished secondary school": schooling abroad the NLU reads as no diploma
        own = education.parse(msg)
        if own in education.OURS_FIRST:
            return own
        value = from_entity_or("education", lambda: own)()
        if value == "none" and own is None and not msg.asked("education") and math_science.NO_SUBJECT.search(msg.norm):
            return None  # "nee, geen wiskunde en geen nask": the NLU tags that "geen" as "no diploma"
        return value

    run("education", pick_education)
    run("vmbo_profile", from_entity_or("vmbo_profile", lambda: vmbo_profile.parse(msg)))
    run("has_math_or_science", lambda: math_science.parse(msg, bool(ents.get("subject"))))
    run("age", lambda: age.parse(msg) or _age_entity(msg, ents))

    def tagged(name: str) -> list[str]:
        """The words the NLU tagged as this slot."""
        return [
            text[e["start"] : e["end"]]
            for e in entities
            if e.get("entity") == name and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
        ]

    def pick_route_entity() -> Any:
        if "route" not in ents or not route.tags_say_route(msg, tagged("route")):
            return None
        return entity_field("route", ents["route"])

    route_entity_ok = msg.asked("route") or not is_question_msg(msg)
    if route_entity_ok:
        # the words first: the NLU tagged "school" in "geld verdienen naast school" as BOL
        run("route", lambda: route.parse(msg) or pick_route_entity())

    def pick_start() -> Any:
        own = start_wish.parse(msg)
        words = tagged("start_wish")
        if own is None and not msg.asked("start_wish") and words and all(map(start_wish.is_weak, words)):
            return None  # "my Dutch is B1 now": "now" counts only near a start word, also when the NLU tags it
        return from_entity_or("start_wish", lambda: own)()

    run("start_wish", pick_start)

    def pick_dutch_level() -> Any:
        # a level code the person typed comes before the NLU's tag of a word beside it ("beetje nederlands, A1":
        # "beetje" was tagged A2, and Entree was shown as open to a newcomer at A1); where another language is named,
        # only the words tell whose level it is ("engels C1 en nederlands een beetje": the NLU tagged C1)
        if dutch_level.names_another_language(msg):
            return dutch_level.parse(msg)
        return dutch_level.code(msg) or from_entity_or("dutch_level", lambda: dutch_level.parse(msg))()

    run("dutch_level", pick_dutch_level)
    if DOUBT.search(msg.norm):  # "ik weet niet of ik bbl wil", "geen idee of ik wiskunde had": doubt is no answer
        for name in ("has_math_or_science", "route", "start_wish", "dutch_level"):
            values.pop(name, None)
    run("newcomer", lambda: situation.newcomer(msg))
    run("jobseeker", lambda: situation.jobseeker(msg))
    run(
        "havo_vwo_year",
        lambda: (
            havo_vwo.year_passed(msg)
            if not msg.asked("havo_vwo_year")
            else (havo_vwo.year_passed(msg) or havo_vwo.bare_year(msg))
        ),
    )
    run("havo_vwo_diploma", lambda: havo_vwo.diploma(msg))
    run("vmbo_year", lambda: school_year.parse(msg))
    if values.get("education") == "foreign":  # a foreign "vwo" says nothing about the Dutch havo/vwo years
        values.pop("havo_vwo_year", None)
        values.pop("havo_vwo_diploma", None)

    place_span: list[str | None] = [None]
    if resolve_place is not None:

        def find_place() -> str | None:
            found = place.parse(msg, resolve_place, ents.get("place", []))
            if found:
                place_span[0] = found[1]
                return found[0]
            return None

        run("place", find_place)
    run("interests_text", lambda: interests.parse(msg, ents.get("interest", []), place_span[0]))
    return result
