"""Maths or science: whether the person had wiskunde, nask or natuurkunde (or dropped it).

Admission to some courses depends on it, so a negation ("geen wiskunde", "wiskunde laten vallen") counts.
"""

from __future__ import annotations

from .message import Message, matched, word_rx, words_after, words_before
from .vocab import NEGATORS, yes_no

_SUBJECT = word_rx(
    r"wiskunde ?[abk]?|wiskundes?|wiskude|wiskune|wiskunden|wiskund|wiskonde|wisk|"
    r"wis|wi(?= (?:en|&) nask)|"
    r"math|maths|mathematics|nask ?1|nask(?! ?2)|natuurkunde|natuur ?(?:en|&) ?scheikunde|nat ?sk|"
    r"(?<!computer )(?<!data )(?<!social )(?<!political )science|physics"
)
_WIS_NEXT = frozenset("en & of and nask nask1 natuurkunde heb had gehad wel niet".split())
_SUBJECT_NEG_AFTER = frozenset("niet not nie nooit never gedropt dropped".split())
_SUBJECT_NEG_BEFORE = NEGATORS | frozenset("don't didn't dont didnt haven't havent doesn't hadn't".split())


def parse(msg: Message, entity_subject: bool) -> bool | None:
    """True/False when maths or science is named with or without a negation; an NLU subject entity counts too."""
    positive = negative = False
    for m in _SUBJECT.finditer(msg.norm):
        before = words_before(msg.norm, m.start(), 3)
        after = words_after(msg.norm, m.end(), 5)
        if matched(m) == "wis" and not before and after and after[0] not in _WIS_NEXT:
            continue  # "wis mijn gegevens" is the verb "erase"
        if "wel" in after[:2] or "wel" in before[-1:]:
            positive = True
        elif set(before) & _SUBJECT_NEG_BEFORE or set(after) & _SUBJECT_NEG_AFTER or "laten vallen" in " ".join(after):
            negative = True
        else:
            positive = True
    if positive:
        return True
    if negative:
        return False
    if entity_subject:
        return True
    if msg.asked("has_math_or_science"):
        return yes_no(msg)
    return None
