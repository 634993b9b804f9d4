"""Maths or science: whether the person had wiskunde, nask or natuurkunde (or dropped it).

Admission to some courses depends on it, so a negation ("geen wiskunde", "wiskunde laten vallen") counts.
"""

from __future__ import annotations

from .message import Message, matched, word_rx, words_after, words_before
from .vocab import BOTH_WORDS, NEGATORS, yes_no

_SUBJECT = word_rx(
    r"wiskunde ?[abk]?|wiskundes?|wiskude|wiskune|wiskunden|wiskund|wiskonde|wisk|"
    r"wis|wi(?= (?:en|&) nask)|"
    r"math|maths|mathematics|nask ?1|nask(?! ?2)|natuurkunde|natuur ?(?:en|&) ?scheikunde|nat ?sk|"
    r"(?<!computer )(?<!data )(?<!social )(?<!political )science|physics"
)
_WIS_NEXT = frozenset("en & of and nask nask1 natuurkunde heb had gehad wel niet".split())
_SUBJECT_NEG_AFTER = frozenset("niet not nie nooit never gedropt dropped".split())
_SUBJECT_NEG_BEFORE = NEGATORS | frozenset("don't didn't dont didnt haven't havent doesn't hadn't".split())
NO_SUBJECT = word_rx(r"(?:geen|no|zonder|without) (?:wiskunde\w*|wisk|nask ?1?|natuurkunde|maths?|science|physics)")
_NEITHER = word_rx(r"neither|none of them|geen van (?:beide|beiden|allebei|twee)|(?:allebei|beide|beiden) niet")
_BOTH = word_rx(rf"{BOTH_WORDS}|all of them")
# Dropped later in the sentence: "ik had wiskunde maar heb het laten vallen"
_DROPPED = word_rx(r"laten vallen|liet vallen|gedropt|dropped|gestopt met|weggedaan|gave (?:it )?up|quit")


def parse(msg: Message, entity_subject: bool) -> bool | None:
    """True/False when maths or science is named with or without a negation; an NLU subject entity counts too."""
    positive = negative = False
    found = list(_SUBJECT.finditer(msg.norm))
    for n, m in enumerate(found):
        before = words_before(msg.norm, m.start(), 3)
        after = words_after(msg.norm, m.end(), 5)
        until_next = msg.norm[m.end() : found[n + 1].start() if n + 1 < len(found) else len(msg.norm)]
        if matched(m) == "wis" and not before and after and after[0] not in _WIS_NEXT:
            continue  # "wis mijn gegevens" is the verb "erase"
        if "wel" in after[:2] or "wel" in before[-1:]:
            positive = True
        elif set(before) & _SUBJECT_NEG_BEFORE or set(after) & _SUBJECT_NEG_AFTER or _DROPPED.search(until_next):
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
        if _NEITHER.search(msg.norm):
            return False
        both = _BOTH.search(msg.norm)  # "both" (maths and NaSk1) got "It does matter: a technical course needs ..."
        if both and not set(words_before(msg.norm, both.start(), 2)) & _SUBJECT_NEG_BEFORE:
            return True
        return yes_no(msg)
    return None
