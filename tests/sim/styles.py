"""Answering styles: how a simulated person says what they know, independent of what they know.

Cooperative styles say what is asked, each in its own way; hard styles are the ones real people use that a
form-like intake finds difficult (typos, "weet niet", a side question in the answer, answering another question,
changing their mind). The issue's pass bar differs: advice within 10 turns for cooperative styles, 14 for hard.
"""

from __future__ import annotations

import random
import re

FULL = "full sentences"
TERSE = "terse"
TYPOS = "typos"
ENGLISH = "english"
DONT_KNOW = "weet niet"
SEVERAL = "several facts"
SIDE_QUESTION = "side question"
OTHER_QUESTION = "other question"
CHANGE_MIND = "change mind"
BUTTONS = "buttons"

COOPERATIVE = (FULL, TERSE, ENGLISH, SEVERAL, BUTTONS)
HARD = (TYPOS, DONT_KNOW, SIDE_QUESTION, OTHER_QUESTION, CHANGE_MIND)
STYLES = COOPERATIVE + HARD

TURN_LIMIT = {**{s: 10 for s in COOPERATIVE}, **{s: 14 for s in HARD}}
# Someone who doesn't know what they like answers "weet niet" to the interest question and then the short choice
# items (at most five): the hardest case of the issue whatever their style, so the hard limit applies.
HARD_KINDS = frozenset({"undecided pupil"})


def turn_limit(style: str, kind: str) -> int:
    """The pass bar's turn limit for one simulated person: 10 for cooperative styles, 14 for the hardest."""
    return 14 if kind in HARD_KINDS else TURN_LIMIT[style]


def language(style: str) -> str:
    """English speakers write English from their first message; everyone else Dutch."""
    return "en" if style == ENGLISH else "nl"


def cooperative(style: str) -> bool:
    return style in COOPERATIVE


# --- typos ----------------------------------------------------------------------------------------------------
# Misspellings people really type, then a little random noise on other long words.
_COMMON_TYPOS = {
    "kader": "kadr",
    "elektriciteit": "elektrisiteit",
    "auto's": "autos",
    "september": "sept",
    "februari": "febuari",
    "mogelijk": "mogelyk",
    "eigenlijk": "eigelijk",
    "werken": "werke",
    "natuurlijk": "natuurlik",
    "timmeren": "timmere",
    "computers": "computrs",
    "installaties": "instalaties",
    "diploma": "diplma",
    "niveau": "nivo",
    "gemengde": "gemende",
    "profiel": "proviel",
    "lassen": "lasse",
    "geleden": "gelede",
    "misschien": "misschein",
    "tegelijk": "tegelyk",
    "nederlands": "nederlans",
}
_WORD = re.compile(r"[A-Za-zÀ-ÿ']+")


def typo(text: str, rng: random.Random, rate: float = 0.2, keep: tuple[str, ...] = ()) -> str:
    """Lower case, no final punctuation, common misspellings and some swapped or dropped letters.

    Words in `keep` (a town name, a course name) are left alone most of the time: a person types their own
    town right more often than not."""
    kept = {k.lower() for k in keep}

    def noisy(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if low in _COMMON_TYPOS:
            return _COMMON_TYPOS[low]
        if len(word) < 5 or rng.random() >= (rate / 3 if low in kept else rate):
            return word
        i = rng.randrange(1, len(word) - 2)
        if rng.random() < 0.5:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swapped letters
        return word[:i] + word[i + 1 :]  # a letter dropped

    return _WORD.sub(noisy, text.lower()).rstrip(".!")


# --- don't know, side questions, changing one's mind --------------------------------------------------------------
DONT_KNOW_SAYS = {
    "nl": ("weet ik niet", "geen idee", "weet niet", "geen idee eigenlijk", "weet ik nog niet"),
    "en": ("I don't know", "no idea", "not sure"),
}

# A side question fitting the question just answered, phrased as a question (the bot should answer it and keep
# the answer). None: any of the general ones.
SIDE_QUESTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "route": {
        "nl": ("hoeveel verdien je dan?", "moet ik dan zelf een leerbedrijf zoeken?"),
        "en": ("how much do you earn then?",),
    },
    "start": {"nl": ("kan ik ook in januari beginnen?", "hoe lang duurt het?"), "en": ("how long does it take?",)},
    "place": {
        "nl": ("wat kost een opleiding eigenlijk?", "krijg ik een ov-kaart?"),
        "en": ("what does a course cost?",),
    },
    "education": {"nl": ("kan ik dan naar niveau 4?",), "en": ("can I go to level 4 then?",)},
    "interests": {"nl": ("wat is bbl eigenlijk?", "verdien je daar goed mee?"), "en": ("what is bbl actually?",)},
    "age": {"nl": ("ben ik niet te oud?", "mag dat met mijn leeftijd?"), "en": ("am I too old for that?",)},
    "": {"nl": ("wat kost het?", "wat is bbl?"), "en": ("what does it cost?", "what is bbl?")},
}

CHANGE_MIND_SAYS = {
    "nl": ("nee wacht, {new}", "oh sorry, toch {new}", "ik bedoel toch {new}"),
    "en": ("wait, actually {new}", "sorry, I mean {new}"),
}


def side_question(kind: str, lang: str, rng: random.Random) -> str:
    """A side question that fits the question just answered, else a general one."""
    return rng.choice(SIDE_QUESTIONS.get(kind, SIDE_QUESTIONS[""])[lang])
