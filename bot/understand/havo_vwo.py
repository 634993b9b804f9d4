"""Havo/vwo: the last year passed and whether the diploma was obtained.

"havo 4" means year 3 passed unless the message says it was passed ("havo 4 gehaald"); the final year passed is
the diploma.
"""

from __future__ import annotations

import re

from .message import Message, word_rx, words_after, words_before
from .vocab import NEGATORS, ORDINALS, yes_no

_PASSED = frozenset(
    "gehaald afgerond gedaan afgemaakt af voltooid finished completed passed done behaald overgegaan".split()
)
_HAVO_NUM = word_rx(
    r"(?:klas |de )?(?:(havo|vwo|atheneum|gymnasium) ?([1-6])(?:e|de)?(?: klas| jaar)?|"
    r"([1-6])(?:e|de)? ?(?:klas |jaar )?(havo|vwo|atheneum|gymnasium))"
)
_TRANSITION = word_rx(r"overgangsbewijs(?: (?:naar|voor|van))?(?: de)?(?: klas)?(?: (havo|vwo))? ?([1-6])")
_DIPLOMA_YES = word_rx(
    r"(havo|vwo) ?diploma|diploma (?:van (?:de |het )?)?(havo|vwo)|"
    r"(havo|vwo) (?:gehaald|afgerond|behaald|afgemaakt)|geslaagd voor (?:de |het )?(havo|vwo)|"
    r"(?:finished|completed|graduated from) (havo|vwo)"
)
_DIPLOMA_NO = word_rx(
    r"geen (?:havo|vwo) ?diploma|zonder (?:havo|vwo) ?diploma|no (?:havo|vwo) diploma|"
    r"(?:havo|vwo) (?:niet|nooit) (?:gehaald|afgemaakt|afgerond)|(?:havo|vwo) (?:gestopt|dropout)|"
    r"gestopt (?:met|op) (?:de |het )?(?:havo|vwo)|gezakt voor (?:de |het )?(?:havo|vwo)|"
    r"(?:havo|vwo) (?:maar )?(?:geen|zonder) diploma|"
    r"(?:havo|vwo) \w+ (?:maar )?(?:geen|zonder) diploma|"
    r"dropped out of (?:havo|vwo)"
)
# "de tweede klas van de havo", "second year of vwo": read as "havo 2" by the number patterns above
_ORDINAL_YEAR = word_rx(
    r"(?:de |het |the )?(?P<ord>" + "|".join(ORDINALS) + r") (?:klas|jaar|leerjaar|year|grade|form) "
    r"(?:(?:van|of|op|at) )?(?:de |het |the )?(?:(?:het|de|the) )?(?P<kind>havo|vwo|atheneum|gymnasium)"
)
_TIME_AFTER_OVER = frozenset("een twee drie paar half halfjaar jaar maanden weken 1 2 3".split())
_FINAL_YEAR = {"havo": 5, "vwo": 6, "atheneum": 6, "gymnasium": 6}


def _numbered(norm: str) -> str:
    """ "de tweede klas havo" as "havo 2", so one set of patterns reads both."""
    return _ORDINAL_YEAR.sub(lambda m: f" {m.group('kind')} {ORDINALS[m.group('ord')]}", norm)


def year_passed(msg: Message) -> int | None:
    """The last havo/vwo year passed: "havo 4" is in year 4, so year 3 was passed."""
    norm = _numbered(msg.norm)
    m = _TRANSITION.search(norm)
    if m:
        number = int(m.group(2))
        after_van = " van " in m.group(0)
        year = number if after_van else number - 1
        return year if 1 <= year <= 6 else None
    for m in _HAVO_NUM.finditer(norm):
        kind = m.group(1) or m.group(4)
        number = int(m.group(2) or m.group(3))
        if number > _FINAL_YEAR[kind]:
            continue
        near = set(words_after(norm, m.end(), 3)) | set(words_before(norm, m.start(), 2))
        passed = (near & _PASSED or _over(norm, m.end())) and not near & NEGATORS
        year = number if passed else number - 1
        if 1 <= year <= 6:
            return year
    return None


def _over(norm: str, end: int) -> bool:
    """ "havo 3 over" (passed, moving up) but not "havo 4, over een jaar klaar"."""
    after = words_after(norm, end, 2)
    return bool(after) and after[0] == "over" and not (len(after) > 1 and after[1] in _TIME_AFTER_OVER)


def diploma(msg: Message) -> bool | None:
    """Whether the havo/vwo diploma was obtained: stated, or the final year passed."""
    if _DIPLOMA_NO.search(msg.norm):
        return False
    if _DIPLOMA_YES.search(msg.norm):
        return True
    norm = _numbered(msg.norm)
    for m in _HAVO_NUM.finditer(norm):  # "havo 5 gehaald": the final year passed is the diploma
        kind = m.group(1) or m.group(4)
        number = int(m.group(2) or m.group(3))
        near = set(words_after(norm, m.end(), 3))
        if number == _FINAL_YEAR[kind] and near & _PASSED and not near & NEGATORS:
            return True
    if msg.asked("havo_vwo_diploma"):
        return yes_no(msg)
    return None


def bare_year(msg: Message) -> int | None:
    """Answer to "which havo/vwo year did you pass?": a single digit is enough."""
    m = re.search(r"(?<![0-9])([1-6])(?![0-9])", msg.norm)
    return int(m.group(1)) if m else None
