"""Judging one simulated conversation: did it reach advice, did the bot loop, answer empty, switch language, or
recommend something the admission engine says this person cannot enter?

The admission check uses the project's own engine (`bot.admission.decide`) on the person's *revealed* profile:
the goal minus what they answered with "weet niet". A course in the recommendations' main list (`items`) that the
engine calls CLOSED for that profile is a contradiction; so is a main-list course to which the wiskunde/NaSk1
switch rule applies (`_switch_into_technical`: a vmbo pupil from a non-technical profile without, or without a
known, wiskunde/NaSk1) when the item does not name NaSk1 anywhere (reasons, catch-up, admission).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bot import admission
from bot.catalog.store import BBL, BOL, Catalog
from bot.profile import Profile

from . import questions
from .phrases import DUTCH, MATH, PLACE, PROFILE, ROUTE
from .population import NEWCOMER, Goal

SWITCH_RULE = "switch_math_science"

# --- language -------------------------------------------------------------------------------------------------
# Function words that belong to one language only (ambiguous ones such as in, is, was, of, over, we are left out).
NL_WORDS = frozenset(
    """
de het een en je jij jouw ik van met op voor niet wat welke welk wil kun kunt kan ook naar bij dat die er hoe
maar zijn heb hebt bent ben waar wanneer graag nog om als dan mijn geen meer deze dit wij ons onze jullie hier
daar wel tot uit te aan wordt worden moet moeten mag zou bijvoorbeeld gerust even mee snapte begrijp
""".split()
)
EN_WORDS = frozenset(
    """
the a and you your to for with what which want can also at that this how or but are have has where when not my
more there do does i our it be from will would if then than on about any get please yes here they them these
those who why an just tell like
""".split()
)
_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_QUOTES = re.compile(r"(?:(?<=[\s(])|^)['‘\"“][^'’\"”\n]{1,80}['’\"”](?=[\s.,;:!?)]|$)")
_LINKS = re.compile(r"\S+@\S+|https?://\S+|\b\w+\.(?:nl|com|org|invalid)\b\S*")
_SENTENCES = re.compile(r"[^\n.!?;:]+")
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ']+")


class NameFilter:
    """Strips what is Dutch in every language: course names, school and place names from the catalogue."""

    def __init__(self, catalog: Catalog) -> None:
        names = set(catalog.all_names.values())
        for loc in catalog.locations:
            names.update((loc.school, loc.name, loc.city))
        usable = sorted((n for n in names if n and len(n) >= 5), key=len, reverse=True)
        self._rx = re.compile("|".join(re.escape(n) for n in usable), re.IGNORECASE) if usable else None

    def strip(self, text: str) -> str:
        return self._rx.sub(" ", text) if self._rx else text


def foreign_sentences(text: str, lang: str, names: NameFilter | None = None) -> list[str]:
    """The bot's own sentences in `text` that are written in the other language.

    A sentence counts when, after dropping names, brackets (sources), quoted examples and links, it has at least
    four words, is not mostly capitalised names, and has two or more function words of the other language and
    more of them than of its own."""
    other_words, own_words = (EN_WORDS, NL_WORDS) if lang == "nl" else (NL_WORDS, EN_WORDS)
    cleaned = _LINKS.sub(" ", _QUOTES.sub(" ", _BRACKETS.sub(" ", names.strip(text) if names else text)))
    found = []
    for sentence in _SENTENCES.findall(cleaned):
        words = _TOKEN.findall(sentence)
        if len(words) < 4:
            continue
        capitalised = sum(1 for w in words[1:] if w[0].isupper())
        if capitalised >= 0.5 * (len(words) - 1):
            continue
        lower = [w.lower() for w in words]
        other = sum(1 for w in lower if w in other_words)
        own = sum(1 for w in lower if w in own_words)
        if other >= 2 and other > own:
            found.append(sentence.strip())
    return found


# --- admission ------------------------------------------------------------------------------------------------
def revealed_profile(goal: Goal, unknown: Iterable[str], catalog: Catalog, lang: str) -> Profile:
    """What the person told (or would have told if asked): the goal without the facts they said "weet niet" to."""
    unknown = set(unknown)
    dossier = None
    if goal.mbo_diploma:
        dossier = next((c.dossier_code for c in catalog.courses.values() if c.name == goal.mbo_diploma), None)
    vmbo = goal.vmbo
    return Profile(
        education=goal.education,
        vmbo_profile=None if PROFILE in unknown else goal.vmbo_profile,
        has_math_or_science=goal.has_math_or_science if vmbo and MATH not in unknown else None,
        havo_vwo_year=goal.havo_vwo_class - 1 if goal.havo_vwo_class else None,
        havo_vwo_diploma=goal.havo_vwo_diploma,
        mbo_dossier=dossier,
        age=goal.age,
        dutch_level=None if DUTCH in unknown else goal.dutch_level,
        newcomer=goal.kind == NEWCOMER,
        route=goal.route,
        start_wish=goal.start,
        language=lang,
    )


def contradictions(payload: dict[str, Any], profile: Profile, catalog: Catalog) -> list[str]:
    """Main-list recommendations the admission engine disagrees with, for this profile."""
    found = []
    levels = admission.base_levels(profile)
    for item in payload.get("items") or []:
        course = catalog.courses.get(str(item.get("crebo")))
        label = f"{item.get('name')} (niveau {item.get('level')}, crebo {item.get('crebo')})"
        if course is None:
            found.append(f"unknown course in the main list: {label}")
            continue
        decision = admission.decide(profile, course, levels)
        rules = [r.rule for r in decision.reasons]
        noted = "nask1" in json.dumps(item).lower()
        if decision.status == admission.CLOSED:
            found.append(
                f"closed course in the main list: {label}; engine: {', '.join(rules)}"
                + ("" if noted or SWITCH_RULE not in rules else "; and no NaSk1 note")
            )
        elif SWITCH_RULE in rules and not noted:
            found.append(f"missing wiskunde/NaSk1 note: {label}")
    return found


_ROUTE_BITS = (("BOL", BOL), ("BBL", BBL))


# --- told facts in the advice -----------------------------------------------------------------------------------
def lost_facts(payload: dict[str, Any], goal: Goal, told: Iterable[str], catalog: Catalog) -> list[str]:
    """Told facts the advice does not follow: the place its distances start from, and the route of each offer shown
    (an offer shows the routes its school has that the person wants). A person who changes their mind says the
    right value in the next message, so this also shows whether a correction reached the advice ("nee wacht,
    allebei goed" after "bbl" kept the BBL-only advice)."""
    told = set(told)
    found = []
    want_place = catalog.resolve_place(goal.place) if PLACE in told and goal.place else None
    if want_place is not None and payload.get("place") != want_place.name:
        found.append(f"place told ({goal.place}) not in the advice: {payload.get('place')}")
    if ROUTE not in told:
        return found
    where = {(loc.school, loc.name, loc.city): i for i, loc in enumerate(catalog.locations)}
    for item in payload.get("items") or []:
        offers = catalog.offers.get(str(item.get("crebo")))
        for offer in item.get("offers") or []:
            index = where.get((offer.get("school"), offer.get("location"), offer.get("city")))
            if offers is None or index is None:
                continue
            rows = [int(flags) for loc, flags in zip(offers.loc, offers.flags) if int(loc) == index]
            wanted = {
                "/".join(r for r, b in _ROUTE_BITS if bits & b and goal.route in ("either", r.lower())) for bits in rows
            }
            shown = "/".join(offer.get("routes") or [])
            if shown not in wanted:
                found.append(
                    f"route told ({goal.route}) not in the advice: {item.get('name')} at {offer.get('city')} "
                    f"shows {shown or 'no route'}, expected {' or '.join(sorted(wanted))}"
                )
                break
    return found


# --- one conversation -----------------------------------------------------------------------------------------
@dataclass
class Verdict:
    """The figures of one conversation and why it fails the bar, if it does."""

    reached: bool
    turns: int  # messages the person sent (to the advice, or in all)
    limit: int  # the style's turn limit for the pass bar
    max_repeat: int  # the most times one question was asked in consecutive turns
    repeated: str  # which one
    empty: int  # turns with no message (no text, no custom payload)
    errors: int  # turns that failed (HTTP status other than 200, no answer)
    wrong_language: list[tuple[int, str]] = field(default_factory=list)
    contradictions: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # told facts the advice does not follow (lost_facts)
    nothing_fits: bool = False  # advice reached with an empty main list
    no_next_step: bool = False  # ... and not even a next step (catch-up route, note, "volgende stap")
    intro_again: int = 0  # later turns that got the introduction again, though the person did not greet

    @cached_property
    def failures(self) -> list[str]:
        why = []
        if not self.reached:
            why.append(f"no advice after {self.turns} turns")
        elif self.turns > self.limit:
            why.append(f"advice only after {self.turns} turns (limit {self.limit})")
        if self.no_next_step:
            why.append("advice without any course and without a next step")
        if self.max_repeat > 2:
            why.append(f"asked {self.max_repeat}x in a row: {self.repeated}")
        if self.empty:
            why.append(f"{self.empty} empty replies")
        if self.errors:
            why.append(f"{self.errors} failed requests")
        if self.intro_again:
            why.append(f"the introduction came again in {self.intro_again} later turn(s)")
        if self.wrong_language:
            why.append(f"{len(self.wrong_language)} wrong-language sentences")
        why += self.contradictions + self.lost
        return why

    @property
    def ok(self) -> bool:
        return not self.failures


INTRODUCTION = ("Ik ben Kansrijk, een chatbot", "I'm Kansrijk, a chatbot")
_GREETING = re.compile(r"^\W*(?:hoi|hallo|hey|hi|hello|goedemiddag|goedemorgen|goedenavond|dag)\b", re.IGNORECASE)


def intro_again(turns: list[tuple[str, list[str]]]) -> int:
    """Turns after the first whose reply holds the introduction, unless the person greeted again."""
    return sum(
        1
        for said, texts in turns[1:]
        if not _GREETING.match(said) and any(intro in t for t in texts for intro in INTRODUCTION)
    )


def recommendations(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    for message in messages:
        custom = message.get("custom") if isinstance(message, dict) else None
        if isinstance(custom, dict) and custom.get("type") == "recommendations":
            return custom
    return None


_NEXT_STEP = re.compile(
    r"volgende stap|bijspijker|decaan|intake|next step|catch up|counsellor|careers adviser", re.IGNORECASE
)


def has_next_step(payload: dict[str, Any]) -> bool:
    """An honest "nothing fits yet" says what to do next: a course within reach after a step, a note, or words."""
    return bool(
        payload.get("out_of_reach") or payload.get("notes") or _NEXT_STEP.search(str(payload.get("text") or ""))
    )


def is_empty(messages: Any) -> bool:
    if not isinstance(messages, list) or not messages:
        return True
    return not any(isinstance(m, dict) and (m.get("text") or m.get("custom")) for m in messages)


def longest_repeat(replies: list[list[dict[str, Any]]]) -> tuple[int, str]:
    """The longest run of bot turns asking the same question (by kind, or by wording for lines we cannot place)."""
    best, best_key, run, last = 0, "", 0, None
    for messages in replies:
        if not messages or recommendations(messages):
            run, last = 0, None
            continue
        asked = questions.read(messages)
        key = asked.key if asked.text else "(nothing)"
        run = run + 1 if key == last else 1
        last = key
        if run > best:
            best, best_key = run, (asked.question or asked.text)[:100]
    return best, best_key
