"""Reading the bot as a person does: which question is this text asking, and which buttons are offered?

Only the words the person sees count: the message texts and button titles of the bot's reply, never slot names,
`requested_slot` or other metadata. The domain's wording may change (the intake is being reworked), so a question
is recognised by keywords in Dutch and English, not by its exact text; the order of the checks matters ("Wil je
vooral naar school (BOL) ...?" mentions school but asks the route).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .phrases import AGE, DUTCH, EDUCATION, INTERESTS, MATH, PLACE, PROFILE, ROUTE, START

CHOICE = "choice"  # a short either/or item for the undecided ("liever buiten of binnen?")
CONFIRM = "confirm"  # "Klopt het dat ...?", "Bedoel je ...?"
HAVO_PASSED = "havo_passed"  # "Heb je een overgangsbewijs naar havo 4?"
UNKNOWN = "unknown"
MAX_PROMPT_CHARS = 140  # a prompt without "?" ("Vertel eens wat je leuk vindt.") is short
MAX_CHOICE_WORDS = 10  # "Buiten of binnen?", "Met je handen of met de computer?": an either/or item is short


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Asked:
    """What the person understood the bot to ask in one turn."""

    kind: str  # a fact of phrases.FACTS, or CHOICE, CONFIRM, HAVO_PASSED, UNKNOWN
    text: str  # the message the question was read from ("" when the bot said nothing)
    question: str  # the question sentence itself (the text's sentences with "?", else the text)
    buttons: tuple[Button, ...] = ()
    options: tuple[str, ...] = ()  # a choice item's options, from its buttons or its wording

    @property
    def key(self) -> str:
        """Identity of the question for "asked N times in a row": its kind, or its wording when the kind says
        too little (two different choice items, or lines we cannot place, are different questions)."""
        if self.kind in (CHOICE, UNKNOWN, CONFIRM):
            return f"{self.kind}:{normalise(self.question)[:120]}"
        return self.kind


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Checked in this order on the question sentence first, then on the whole message.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (MATH, _rx(r"wiskunde|\bnask|natuur- en scheikunde|\bmaths?\b|\bscience\b|exam subjects?|examenvak")),
    (PROFILE, _rx(r"profiel|\bprofile\b|\bsector\b")),
    (
        DUTCH,
        _rx(
            r"(spreek|praat|beheers|begrijp)\w*\b.{0,25}nederlands|nederlands.{0,20}(spreken|niveau)|"
            r"taalniveau|(speak|understand)\b.{0,20}dutch|dutch.{0,10}level|level of dutch"
        ),
    ),
    (AGE, _rx(r"hoe oud|leeftijd|how old|your age|geboortejaar|year of birth")),
    (HAVO_PASSED, _rx(r"overgangsbewijs|did you pass (?:to|into) year|passed (?:to|into) year")),
    (ROUTE, _rx(r"\bbol\b|\bbbl\b|werken en leren|work and learn|leerweg|full-time|voltijd|leerbedrijf")),
    (START, _rx(r"beginnen|starten|\bstart\b|wanneer wil|when do you want|when would you like")),
    (
        PLACE,
        _rx(
            r"\bplaats\b|woonplaats|waar woon|\bwoon je\b|\bstad\b|\btown\b|\bcity\b|where do you live|"
            r"do you live|postcode|postal code|in de buurt|nearby|hoe ver|how far"
        ),
    ),
    (CONFIRM, _rx(r"^(?:klopt (?:het|dat)|bedoel je|is that right|do you mean|heb ik het goed|did i get)")),
    (
        CHOICE,
        _rx(
            r"\bliever\b|\bleuker\b|\bleukst|\bliefst|\bhet meest\b|trekt je|\brather\b|\bprefer|"
            r"more fun|\bmost\b|sounds best|appeals|\bkies\b|\bchoose\b|\bpick\b|"
            r"wat past (?:beter|meer) bij je|which (?:suits|fits) you"
        ),
    ),
    (
        INTERESTS,
        _rx(
            r"(?:welke|wat voor) (?:opleiding|werk|vak)\w* (?:wil|zoek|lijkt)|which course would you|"
            r"what (?:kind of )?work would you"
        ),
    ),
    (
        EDUCATION,
        _rx(
            r"\bschool|opleiding|diploma|vooropleiding|education|\bklas\b|leerjaar|\bstud(?:y|ied)\b|"
            r"schooling"
        ),
    ),
    (
        INTERESTS,
        _rx(
            r"graag|\bleuk|interesse|interest|hobby|like doing|enjoy|what do you like|wat wil je (?:later )?"
            r"worden|beroep|welk vak|what kind of work|vind je fijn|\bwhat do you want to be"
        ),
    ),
)

_QUOTED = re.compile(r"(?:(?<=[\s(])|^)['‘\"“][^'’\"”\n]{1,80}['’\"”](?=[\s.,;:!?)]|$)")
_SENTENCE = re.compile(r"[^.?!\n]*\?")
_OR = re.compile(r"\s+(?:of|or)\s+", re.IGNORECASE)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def buttons_of(message: dict[str, Any]) -> tuple[Button, ...]:
    found = []
    for b in message.get("buttons") or []:
        if isinstance(b, dict) and isinstance(b.get("title"), str):
            found.append(Button(b["title"], str(b.get("payload") or b["title"])))
    return tuple(found)


def texts(messages: Iterable[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages if isinstance(m, dict) and isinstance(m.get("text"), str) and m["text"]]


def classify(text: str, buttons: tuple[Button, ...] = ()) -> str:
    """The kind of question in one message text (quoted examples such as 'wat is bbl?' left out). A preference
    word makes a choice item only when there are options to choose from ("What do you like doing most?" is
    the interests question)."""
    bare = _QUOTED.sub(" ", text)
    questions = " ".join(s.strip() for s in _SENTENCE.findall(bare))
    for part in (questions, bare) if questions else (bare,):
        for kind, pattern in _KINDS:
            if not pattern.search(part.strip() if kind == CONFIRM else part):
                continue
            if kind == CHOICE and len(_options(_last_question(bare), buttons)) < 2:
                continue
            return kind
    return UNKNOWN


def _last_question(bare: str) -> str:
    sentences = [s.strip() for s in _SENTENCE.findall(bare)]
    return sentences[-1] if sentences else bare.strip()


def read(messages: list[dict[str, Any]]) -> Asked:
    """The question of this reply: the last message with a question mark (a side answer may come before the
    question is asked again), else the last text; buttons from that message, else from the last that has some."""
    with_text = [m for m in messages if isinstance(m, dict) and isinstance(m.get("text"), str) and m["text"].strip()]
    if not with_text:
        return Asked(UNKNOWN, "", "")
    asking = [m for m in with_text if "?" in _QUOTED.sub(" ", m["text"])]
    message = asking[-1] if asking else with_text[-1]
    text = message["text"]
    buttons = buttons_of(message) or next((buttons_of(m) for m in reversed(messages) if buttons_of(m)), ())
    question = _last_question(_QUOTED.sub(" ", text))
    # A long text without a question mark is an explanation or a way out ("Het lukt me niet goed ... of je eigen
    # decaan op school."), not a question, even when it mentions school or bbl.
    kind = classify(text, buttons) if asking or len(text) <= MAX_PROMPT_CHARS else UNKNOWN
    if (
        kind == UNKNOWN
        and asking
        and _OR.search(question)
        and (2 <= len(buttons) <= 6 or len(question.split()) <= MAX_CHOICE_WORDS)
    ):
        kind = CHOICE
    options = _options(question, buttons) if kind == CHOICE else ()
    return Asked(kind, text, question, buttons, options)


def _options(question: str, buttons: tuple[Button, ...]) -> tuple[str, ...]:
    """A choice item's options: its buttons, else the words around "of"/"or" ("Wat doe je liever: iets repareren
    of iets ontwerpen?" -> "iets repareren", "iets ontwerpen")."""
    if 2 <= len(buttons) <= 6:
        return tuple(b.title for b in buttons)
    body = question.rstrip("?").split(":")[-1]
    parts = [p.strip(" ,") for p in re.split(r",|\s+(?:of|or)\s+", body) if p.strip(" ,")]
    if len(parts) >= 2:
        # "Werk je liever buiten of binnen" -> the first part carries the verb: keep its last words only.
        first = parts[0].split()
        parts[0] = " ".join(first[-max(1, len(parts[1].split())) :])
        return tuple(parts)
    return ()
