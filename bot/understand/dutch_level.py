"""Dutch level: a CEFR code, a plain description ("een beetje") or native, about Dutch and not another language.

A question about a requirement ("moet ik goed nederlands spreken?") says nothing about the user.
"""

from __future__ import annotations

import difflib
import re

from .message import Message, clauses, fold, matched, word_rx, words_before
from .vocab import NEGATORS, content_words, is_question_msg

_LANGUAGE_NAMES = word_rx(
    r"arabisch|arabic|engels|english|turks|turkish|pools|polish|tigrinya|tigrinja|farsi|perzisch|persian|dari|"
    r"pashto|oekraiens|ukrainian|russisch|russian|somalisch|somali|spaans|spanish|frans|french|duits|german|"
    r"berbers|berber|koerdisch|kurdish|portugees|portuguese|roemeens|romanian|bulgaars|bulgarian|amhaars|amharic"
)
_DUTCH_WORD = word_rx(r"nederlands|dutch|hollands|nt2")

_CEFR = word_rx(r"(?:niveau |level |nt2 )?([abc][12])(?: niveau| level)?")
_LEVEL_WORDS = {
    "heel weinig": "A1",
    "zeer weinig": "A1",
    "bijna niks": "A1",
    "bijna niets": "A1",
    "nauwelijks": "A1",
    "geen nederlands": "A1",
    "geen woord": "A1",
    "almost nothing": "A1",
    "hardly any": "A1",
    "very little": "A1",
    "no dutch": "A1",
    "slecht": "A1",
    "bad": "A1",
    "een beetje": "A2",
    "beetje": "A2",
    "weinig": "A2",
    "niet goed": "A2",
    "niet zo goed": "A2",
    "niet heel goed": "A2",
    "niet erg goed": "A2",
    "not good": "A2",
    "not so good": "A2",
    "not very good": "A2",
    "a little": "A2",
    "a bit": "A2",
    "basic": "A2",
    "matig": "A2",
    "beginner": "A2",
    "redelijk": "B1",
    "gaat wel": "B1",
    "reasonable": "B1",
    "reasonably": "B1",
    "decent": "B1",
    "voldoende": "B1",
    "best goed": "B1",
    "goed": "B2",
    "vloeiend": "B2",
    "good": "B2",
    "fluent": "B2",
    "fluently": "B2",
    "dutch well": "B2",
    "quite well": "B2",
    "heel goed": "C1",
    "zeer goed": "C1",
    "erg goed": "C1",
    "very good": "C1",
    "very well": "C1",
    "uitstekend": "C1",
    "excellent": "C1",
    "perfect": "C1",
    "moedertaal": "native",
    "native": "native",
    "native speaker": "native",
    "mother tongue": "native",
    "first language": "native",
    "eerste taal": "native",
}
_LEVEL_RX = word_rx("|".join(re.escape(k) for k in sorted(_LEVEL_WORDS, key=len, reverse=True)))
_DUTCH_ANCHOR_WEAK = word_rx(r"spreek|spreken|speak|speaking|praat|praten|talk|taal|taalniveau|language|lees|schrijf")
_I_AM_DUTCH = word_rx(
    r"ik ben (?:een )?(?:nederlander|nederlandse?|hollander)(?! (?:aan het|leren|les))|"
    r"(?:i am|i'm|im) (?:a )?dutch(?! (?:learner|student|course|class|lesson|lessons|level))|"
    r"born in (?:the )?netherlands|geboren in nederland|(?:ik ben )?hier geboren|(?:i was )?born here"
)
_NO_DUTCH = word_rx(
    r"(?:do not|don't|dont|cannot|can't|kan) (?:speak|spreek|praat|spreken) (?:any |nog geen |geen )?"
    r"(?:dutch|nederlands)(?! (?:well|good|fluently|very|so|goed|zo|heel|erg))|"
    r"spreek (?:nog )?geen (?:woord )?nederlands|speak no dutch"
)
_DUTCH_SCHOOL = word_rx(
    r"(?:geen|no|not a|zonder|without) (?:nederlandse?|dutch) (?:diploma|diplomas|diploma's|degree|school|opleiding|"
    r"qualifications?|papers|papieren)"
)
_NATIVE_CUE = word_rx(r"moedertaal|native speaker|native|mother tongue|first language|eerste taal")
_POSITIVE_LEVELS = frozenset({"B1", "B2", "C1"})
_BARE_LEVEL_WORDS = 3  # without "Dutch" or "speak", a level word answers the question only in a short clause


def _about_the_user(msg: Message) -> str | None:
    """The text to read a level in, or None for a question about a requirement ("moet ik B1 hebben?", "moet ik goed
    nederlands spreken?"); "geen Nederlands diploma" says nothing about someone's Dutch."""
    if not msg.asked("dutch_level") and is_question_msg(msg):
        return None
    return _DUTCH_SCHOOL.sub("", msg.norm)


def code(msg: Message) -> str | None:
    """A level code for Dutch ("A1", "niveau B1"), not one beside another language's name."""
    norm = _about_the_user(msg)
    return None if norm is None else _code_in(norm, msg.asked("dutch_level"))


def _code_in(norm: str, asked: bool) -> str | None:
    for clause in clauses(norm):
        for m in _CEFR.finditer(clause):
            if _about_dutch(clause, m) and (_DUTCH_WORD.search(clause) or asked or not _LANGUAGE_NAMES.search(clause)):
                found = m.group(1).upper()
                return "C1" if found == "C2" else found
    return None


def names_another_language(msg: Message) -> bool:
    return bool(_LANGUAGE_NAMES.search(msg.norm))


def _about_dutch(clause: str, m: re.Match[str]) -> bool:
    """Whether a level in a clause that names Dutch and another language is Dutch's: the nearest name decides
    ("ik spreek engels C1 en nederlands een beetje" was read as C1)."""
    if not _DUTCH_WORD.search(clause) or not _LANGUAGE_NAMES.search(clause):
        return True

    def distance(rx: re.Pattern[str]) -> int:
        return min(max(n.start() - m.end(), m.start() - n.end(), 0) for n in rx.finditer(clause))

    return distance(_DUTCH_WORD) <= distance(_LANGUAGE_NAMES)


def parse(msg: Message) -> str | None:
    """A CEFR level or "native" for Dutch; levels next to another language's name are that language's."""
    norm = _about_the_user(msg)
    if norm is None:
        return None
    asked = msg.asked("dutch_level")
    if _I_AM_DUTCH.search(norm):
        return "native"
    if asked and norm.split() in (["well"], ["pretty", "well"], ["quite", "well"]):
        return "B2"  # the English button "well" ("well, a little" starts with a filler)
    if _NO_DUTCH.search(norm):
        return "A1"
    # A level code says more than words, wherever it stands: "beetje nederlands, A1" is A1 (it was read as A2)
    typed = _code_in(norm, asked)
    if typed:
        return typed
    for clause in clauses(norm):
        other_language = bool(_LANGUAGE_NAMES.search(clause))
        dutch = bool(_DUTCH_WORD.search(clause))
        native = _NATIVE_CUE.search(clause)
        if native and (dutch or not other_language):
            return "native"
        if not (dutch or ((asked or _DUTCH_ANCHOR_WEAK.search(clause)) and not other_language)):
            continue
        if not (dutch or _DUTCH_ANCHOR_WEAK.search(clause)) and len(content_words(clause)) > _BARE_LEVEL_WORDS:
            continue  # "my case manager say techniek good job": a level word in a sentence about something else
        m = next((m for m in _LEVEL_RX.finditer(clause) if _about_dutch(clause, m)), None)
        if m:
            level = _LEVEL_WORDS[matched(m)]
            if level in _POSITIVE_LEVELS and set(words_before(clause, m.start(), 4)) & (NEGATORS | {"don't", "dont"}):
                return "A2"  # "i don't speak dutch well"
            return level
    words = [w for w in msg.words if w != "|"]
    if asked and 0 < len(words) <= _BARE_LEVEL_WORDS:  # "een betje", "redelik": a button's words with a typo
        close = difflib.get_close_matches(" ".join(words), _LEVEL_WORDS.keys(), n=1, cutoff=TYPO_CUTOFF)
        if close:
            return _LEVEL_WORDS[close[0]]
    return None


TYPO_CUTOFF = 0.85


_LEVEL_ANSWER_FILLERS = frozenset({"ja", "nee", "yes", "no", "mijn", "my", "nederlands", "dutch", "is", "spreek", "ik"})


def bare_level(text: str) -> str | None:
    """The level of an answer that is only a level ("een beetje", "ja, niet zo goed"): at another question it is a
    late answer about someone's Dutch, not what that question asked."""
    words = [w for w in re.findall(r"[a-z0-9']+", fold(text)) if w not in _LEVEL_ANSWER_FILLERS]
    return _LEVEL_WORDS.get(" ".join(words)) if words else None
