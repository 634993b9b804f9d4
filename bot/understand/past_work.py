"""The clause of a message about a past job ("ik was 3 jaar elektricien in Syrië", "I worked as a welder")."""

from __future__ import annotations

import re
from functools import lru_cache

from ..textmatch import PAST_PARTICIPLES
from .interests import MAX_INTERESTS
from .message import fold

# Past work counts as an interest: "in Syrië was ik 3 jaar elektricien", "I worked as a welder".
_WORK_PAST = re.compile(
    r"\b(?:was ik|ik was|werkte|heb (?:\w+ ){0,5}gewerkt|gewerkt als|worked|i was an?|used to be|"
    # ("6 jaar in nederland" is a stay, not a job)
    r"\d+ (?:jaar|years?) (?:op|als|in(?! (?:nederland|nl|holland|the netherlands)\b)|bij|as|on)|"
    r"vroeger|van beroep|my job was|mijn (?:oude )?(?:werk|beroep) was|"
    # "20 jaar vrachtwagenchauffeur geweest", "30 jaar vrachtwagen gereden", "I drove trucks for 20 years" (the
    # participles are the interest matcher's, which reads what follows the past work as the wish)
    rf"\d+ jaar (?:\w+ ){{1,3}}(?:{'|'.join(sorted(PAST_PARTICIPLES))})|i drove|ik reed)\b"
)
_WORK_PAST_LOOSE = re.compile(
    r"\b(?:i was|i worked|i have been|i've been|ik ben (?:\w+ ){1,4}geweest|ik heb als|ik deed|deed ik|i did)\b"
)


# The job someone has now: "ik ben lasser", "ik werk als monteur", "I'm a welder", "I work as a plumber"
_WORK_NOW = re.compile(
    r"\b(?:ik ben (?:nu |al |een )*|ik werk (?:nu |al \w+ jaar )*als (?:een )?|i(?: a|'|\u2019)?m (?:now )?an? |"
    r"i work as an? |i(?: a|'|\u2019)?m working as an? )(?=\w)"
)


def told_as_work(text: str, word: str) -> bool:
    """Whether ``word`` stands in the text only where a job someone has or had is told ("ik was lasser", "ik ben
    lasser"): the advice then says the course builds on that work, not that it fits what they like."""
    low, needle = fold(text), fold(word)
    clauses = [fold(c) for c in work_clauses(text)]
    # (a job now is the word right after "ik ben", "I'm a": not "ik ben gek op lassen")
    now = [_clause_after(low, m.end()) for m in _WORK_NOW.finditer(low)]
    clauses += [c for m, c in zip(_WORK_NOW.finditer(low), now) if needle in " ".join(low[m.end() :].split()[:2])]
    inside = [c for c in clauses if needle in c]
    if not inside:
        return False
    for clause in inside:
        low = low.replace(clause, " ")
    return needle not in low


def _clause_after(low: str, start: int) -> str:
    """From a job told now up to the end of its clause ("ik ben lasser" in "ik ben lasser, maar ...")."""
    ends = [
        i for i in (low.find(mark, start) for mark in (",", ".", ";", " maar ", " but ", " en ", " and ")) if i != -1
    ]
    return low[max(low.rfind(mark, 0, start) for mark in ",.;") + 1 : min(ends) if ends else len(low)]


@lru_cache(maxsize=256)
def work_clauses(text: str) -> tuple[str, ...]:
    """Every clause that speaks of a past job, the strict patterns' first (the NLU's word may be in any of them).

    Cached: the advice asks it for every course card of the same interest text."""
    found: list[str] = []
    for pattern in (_WORK_PAST, _WORK_PAST_LOOSE):
        for m in pattern.finditer(fold(text)):
            clause = _clause(text, m)
            if clause and clause not in found:
                found.append(clause)
    return tuple(found)


def work_experience(text: str, loose: bool = False) -> str | None:
    """The clause about a past job, kept as interest text ("ik was 3 jaar elektricien in Syrië").

    ``loose`` also finds "I was electrician" (no article) and "ik was kapper", which may as well be "I was born in
    ...": the caller keeps such a clause only when it names work we know.
    """
    m = (_WORK_PAST_LOOSE if loose else _WORK_PAST).search(fold(text))
    return _clause(text, m) if m else None


def _clause(text: str, m: re.Match[str]) -> str | None:
    low = fold(text)
    start = max(low.rfind(mark, 0, m.start()) for mark in ",.;") + 1  # ";" joins what was told in two messages
    ends = [i for i in (low.find(mark, m.end()) for mark in ",.;") if i != -1]
    clause = text[start : min(ends) if ends else len(text)].strip()
    return clause[:MAX_INTERESTS] or None
