"""The clause of a message about a past job ("ik was 3 jaar elektricien in Syrië", "I worked as a welder")."""

from __future__ import annotations

import re

from .interests import MAX_INTERESTS
from .message import fold

# Past work counts as an interest: "in Syrië was ik 3 jaar elektricien", "I worked as a welder".
_WORK_PAST = re.compile(
    r"\b(?:was ik|ik was|werkte|heb (?:\w+ ){0,5}gewerkt|gewerkt als|worked|i was an?|used to be|"
    r"\d+ (?:jaar|years?) (?:op|als|in|bij|as|on)|vroeger|van beroep|my job was|mijn (?:oude )?(?:werk|beroep) was|"
    # "20 jaar vrachtwagenchauffeur geweest", "30 jaar vrachtwagen gereden", "I drove trucks for 20 years"
    r"\d+ jaar (?:\w+ ){1,3}(?:geweest|gereden|gedaan)|i drove|ik reed)\b"
)
_WORK_PAST_LOOSE = re.compile(
    r"\b(?:i was|i worked|i have been|i've been|ik ben (?:\w+ ){1,4}geweest|ik heb als|ik deed|deed ik|i did)\b"
)


def work_experience(text: str, loose: bool = False) -> str | None:
    """The clause about a past job, kept as interest text ("ik was 3 jaar elektricien in Syrië").

    ``loose`` also finds "I was electrician" (no article) and "ik was kapper", which may as well be "I was born in
    ...": the caller keeps such a clause only when it names work we know.
    """
    low = fold(text)
    m = (_WORK_PAST_LOOSE if loose else _WORK_PAST).search(low)
    if not m:
        return None
    start = max(low.rfind(mark, 0, m.start()) for mark in ",.;") + 1  # ";" joins what was told in two messages
    ends = [i for i in (low.find(mark, m.end()) for mark in ",.;") if i != -1]
    clause = text[start : min(ends) if ends else len(text)].strip()
    return clause[:MAX_INTERESTS] or None
