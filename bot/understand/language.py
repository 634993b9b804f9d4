"""Language of a message: "nl" or "en" when cue words clearly say so, for the language of the answer."""

from __future__ import annotations

import logging
import re

from .message import QUOTES, strip_accents

log = logging.getLogger(__package__)  # "bot.understand": one logger for the whole package

MAX_LANGUAGE_CHARS = 400  # the language of a long message is clear from its start

_CONTRACTIONS = {
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "i'll": "i will",
    "i'd": "i would",
    "don't": "do not",
    "dont": "do not",
    "doesn't": "does not",
    "didn't": "did not",
    "can't": "can not",
    "it's": "it is",
    "what's": "what is",
    "'t": "het",
    "'n": "een",
    "m'n": "mijn",
    "z'n": "zijn",
    "da's": "dat is",
    "mn": "mijn",
}

_NL_CUES = frozenset(
    """
idee weetnie weetniet
ik je jij jou jouw niet wat hoe het een en ben bent wil wilt zit heb hebt met voor graag de van mijn maar ook dat
die naar kan kun wel nee ja waar welke wanneer waarom dank geen nog zijn woon mij moet weet gaat jaar als om te er
nu zo al ofzo ff idd leuk goed doen hij zij wij ze wordt word gaan heel veel dit deze hier daar echt iets niks
niets alleen misschien omdat dus toch hoor kunnen willen hebben werken leren opleiding tot ziens zou kom
ofz weet wist doe beetje nederlands engels
""".split()
)
_EN_CUES = frozenset(
    """
i you the and want what how am my please thank a an to do does have has can it are this that with for live like
would yes no not where when which work learn years old be know about there from near your we they he she will
should could did been just really some any get need job study who why if or but at on also too much many very
here something anything english dutch speak out last year dropped quit finished went got were finish high highschool
idea clue nope yeah yep nothing sure guess maybe
""".split()
)
_NL_GREETINGS = frozenset(
    "hoi hallo dag doei hoii hallootjes goedemorgen goedemiddag goedenavond goeiemorgen "
    "goeiedag houdoe dankjewel bedankt dankje doeg doeii".split()
)
_EN_GREETINGS = frozenset("hi hello helo bye goodbye thanks hiya howdy cheers".split())
# Chat slang that Dutch pupils type too: like a greeting, it counts double but only guesses the language ("idk")
_EN_SLANG = frozenset("idk dunno tbh idc ngl".split())


_LANG_TOKEN = re.compile(r"[a-z0-9']+")


def detect_language(text: str) -> str | None:
    """ "nl" or "en" when the message clearly is that language (more cue words, at least two), else None.

    Greetings count double, so "hoi" or "hello" on its own is enough to choose the answer language.
    """
    return _detect(text)[0]


def greeting_only(text: str) -> bool:
    """The message's language rests on a greeting alone ("hi", "hello"): Dutch pupils say "hi" too, so the next
    message that clearly is one language decides (bot.intake.settle_language)."""
    return _detect(text)[1]


# (thanks and goodbyes are no greeting: "bedankt" is thanked, not welcomed back)
_HELLO_WORDS = frozenset(
    "hoi hoii hallo hallootjes goedemorgen goedemiddag goedenavond goeiemorgen goeiedag hi hello helo hiya howdy "
    "hey heyy heey heya yo daar there allemaal everyone again weer".split()
)


def is_greeting(text: str) -> bool:
    """The message is a greeting and nothing else ("hoi", "hey daar"): someone back after a pause said "hoi" at the
    interest question, and "hoi" was taken as what they like."""
    if not isinstance(text, str):
        return False
    words = _LANG_TOKEN.findall(strip_accents(text[:MAX_LANGUAGE_CHARS].lower()))
    return bool(words) and all(w in _HELLO_WORDS for w in words)


def _detect(text: str) -> tuple[str | None, bool]:
    try:
        if not isinstance(text, str):
            return None, False
        words: list[str] = []
        for w in _LANG_TOKEN.findall(strip_accents(text[:MAX_LANGUAGE_CHARS].lower().translate(QUOTES))):
            w = w if w in _CONTRACTIONS else w.strip("'")
            if not w.isalpha() and w not in _CONTRACTIONS:
                continue
            words.extend(_CONTRACTIONS.get(w, w).split())
        nl_words = [w for w in words if w in _NL_CUES or w in _NL_GREETINGS]
        en_words = [w for w in words if w in _EN_CUES or w in _EN_GREETINGS or w in _EN_SLANG]
        nl = sum(2 if w in _NL_GREETINGS else 1 for w in nl_words)
        en = sum(2 if w in _EN_GREETINGS or w in _EN_SLANG else 1 for w in en_words)
        if nl >= 2 and nl > en:
            return "nl", all(w in _NL_GREETINGS for w in nl_words)
        if en >= 2 and en > nl:
            return "en", all(w in _EN_GREETINGS or w in _EN_SLANG for w in en_words)
        return None, False
    except Exception:
        log.exception("detect_language failed")
        return None, False
