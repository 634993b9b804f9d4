"""Age: "ik ben 16", "15 jaar", "nu 24, ...", a number opening a profile ("16 kb pie"), or a bare number when asked.

Durations ("al 15 jaar gewerkt") and amounts ("20 euro") are not ages.
"""

from __future__ import annotations

import datetime as dt
import re

from ..textmatch import PAST_PARTICIPLES, PAST_WORK_WORDS, names_a_job
from .message import Message, clauses, word_rx, words_after, words_before

MIN_AGE, MAX_AGE = 12, 99

_AGE_PATTERNS = [
    word_rx(p)
    for p in (
        r"(?:ik ben|ben ik|ben|i am|i'm|im|iam|age|aged|leeftijd|leeftijd is|my age is|i'll be|ik word|word|bijna|net|"
        r"turned|turning|almost|als ik|"
        r"(?:zoon|dochter|kind|broer|zus|son|daughter|child|kid|brother|sister) (?:is|van|of)|"  # "mijn dochter van 14"
        r"(?:vrouw|man|meid|meisje|jongen|moeder|vader|woman|guy|mother|father|mom|mum|dad|girl|boy) (?:van|of)) "
        r"(?:(?:pas|al|nog|maar|net|eigenlijk|inmiddels|nu|actually|only|just|already|now|almost|bijna) )?(\d{2})",
        r"(\d{2}) ?(?:jaar oud|jaar|jr|jarig|years old|years|year old|year|yrs|yr|yo|y o|j)",  # "27 year": a newcomer
        r"(?:nu|now) (\d{2})(?= \|| en\b| and\b| ?$)",  # "mbo 3 gedaan, nu 24 en ik werk in de thuiszorg"
    )
]
# A number that opens the message before profile words ("16 kb pie", "15, basis, bwi") or stands as its own
# clause among others ("native speaker, 17, havo dropout") is an age in this chat.
_LEADING_AGE_NEXT = frozenset("| en and jaar jr kb bb kader kadr basis havo vwo mavo tl gl vmbo mbo".split())
_AGE_UNITS = frozenset(
    "uur uren keer euro km minuten dagen weken maanden procent kilo kg cm hours times days weeks months minutes".split()
)
# Years of school are no age: "ik kom uit afghanistan, school 12 jaar" made a newcomer of 27 twelve
_SCHOOLING = frozenset("school scholen schooljaren onderwijs scholing schooling education".split())
_AGE_NOT_BEFORE = (
    frozenset(
        "al sinds ruim over na voor ongeveer lang afgelopen laatste for past last ago "
        "nearly than dan meer more werk werkt werkte worked gewerkt heb have been had zat stond was were waren".split()
    )
    | _SCHOOLING
)
# "ik ben 20 jaar vrachtwagenchauffeur geweest": years that end in a past participle in their clause were spent
_PAST_PARTICIPLES = PAST_PARTICIPLES | {"gehad"}
_AGE_NOT_AFTER = (
    frozenset("geleden ago ervaring experience werkervaring worked lang getrouwd married op als bij as".split())
    | _PAST_PARTICIPLES
    | _SCHOOLING
)
_BIRTH_YEAR = word_rx(r"(?:geboren|born|geboortejaar|year of birth|ben van|bouwjaar)(?: \w+){0,2} ((?:19|20)[0-9]{2})")
_ALMOST = word_rx(r"(?:bijna|almost|nearly|binnenkort|soon) ([0-9]{2})")
_CLAUSE_NUMBER = re.compile(r"(?:^|\|) ([0-9]{2}) (?=\||$)")
_BARE_NUMBER = re.compile(r"(?<![0-9])([0-9]{2})(?![0-9])")
ONLY_A_NUMBER = re.compile(r"[0-9]{2}")  # a whole message of two digits: no question but the age takes one


def parse(msg: Message, today: dt.date | None = None) -> int | None:
    """The age stated, or a bare number when age was just asked; durations and amounts are skipped."""
    born = _BIRTH_YEAR.search(msg.norm)
    if born:  # "ik ben geboren in 2009": the age this year, one less before the summer (most birthdays still ahead)
        today = today or dt.date.today()
        value = today.year - int(born.group(1)) - (1 if today.month < 7 else 0)
        if MIN_AGE <= value <= MAX_AGE:
            return value
    almost = _ALMOST.search(msg.norm)
    if almost and re.search(rf"(?<![0-9]){int(almost.group(1)) - 1}(?![0-9])", msg.norm):
        return int(almost.group(1)) - 1  # "17 maar bijna 18" is 17
    for index, pattern in enumerate(_AGE_PATTERNS):
        for m in pattern.finditer(msg.norm):
            value = int(m.group(1))
            after = words_after(msg.norm, m.end(), 2)
            # "ik werk al 15 jaar", "for 10 years": a duration, not an age
            if _counts(msg.norm, m.start(), m.end(), check_before=index == 1):
                continue
            if index == 0 and len(after) >= 2 and after[0] in ("jaar", "years") and after[1] in _AGE_NOT_AFTER:
                continue  # "ik ben 20 jaar geleden gestopt"
            if MIN_AGE <= value <= MAX_AGE:
                return value
    words = msg.words
    more = len(words) >= 3 and words[2] != "|"  # "16." alone is a bare number; "16, kader" is not
    if (
        len(words) >= 2
        and re.fullmatch(r"[0-9]{2}", words[0])
        and words[1] in _LEADING_AGE_NEXT
        and (words[1] != "|" or more)
        and MIN_AGE <= int(words[0]) <= MAX_AGE
        and not counts_something(msg, int(words[0]))  # "30 jaar vrachtwagen gereden": years spent
    ):
        return int(words[0])
    if "|" in msg.norm and len(clauses(msg.norm, 3)) >= 2:
        for m in _CLAUSE_NUMBER.finditer(msg.norm):
            if MIN_AGE <= int(m.group(1)) <= MAX_AGE:
                return int(m.group(1))
    # ("19" alone at another question: no other question takes it; with none asked, it may pick an item of a list)
    if msg.asked("age") or (msg.requested is not None and ONLY_A_NUMBER.fullmatch(msg.norm.strip())):
        for m in _BARE_NUMBER.finditer(msg.norm):
            after = words_after(msg.norm, m.end(), 1)
            if (after and after[0] in _AGE_UNITS) or _years_of_a_past_job(msg.norm, m.start(), m.end()):
                continue
            value = int(m.group(1))
            if MIN_AGE <= value <= MAX_AGE:
                return value
    return None


def counts_something(msg: Message, value: int) -> bool:
    """Whether every mention of the number is a duration or an amount: "ik heb 20 jaar in een fabriek gestaan" says
    nothing about the age, whatever the NLU's age entity says."""
    hits = list(re.finditer(rf"(?<![0-9]){value}(?![0-9])", msg.norm))
    return bool(hits) and all(_counts(msg.norm, m.start(), m.end(), check_before=True) for m in hits)


def _counts(norm: str, start: int, end: int, check_before: bool) -> bool:
    """Whether the number at norm[start:end] counts something: "20 euro", "20 jaar geleden" (and, with
    ``check_before``, "al 20", "heb 20 jaar")."""
    before = words_before(norm, start, 1) if check_before else []
    after = words_after(norm, end, 2)
    years_then = after[1:] if after[:1] in (["jaar"], ["jr"]) else []
    if norm[:end].rstrip().endswith((" jaar", " jr")):  # the match may hold its "jaar" itself
        years_then = after
    return (
        bool(before and before[0] in _AGE_NOT_BEFORE)
        or bool(after and (after[0] in _AGE_UNITS or after[0] in _AGE_NOT_AFTER))
        or _past_in_clause(norm, end)
        # "20 jaar opperman, rug wil niet meer": years in a job (the advice said "Met 20 jaar ...")
        or (check_before and bool(years_then) and names_a_job(years_then[0]))
        or (check_before and _years_of_a_past_job(norm, start, end))
    )


# "I was civil engineer there, 15 years": years alone in their clause, after a clause about past work, were spent
# ("gedaan" is no job: "havo gedaan, 17 jaar" is a school and an age)
_PAST_WORK = (PAST_WORK_WORDS - {"gedaan"}) | {"was", "were", "deed", "did"}
_YEARS_ONLY = frozenset("jaar jr years yrs year long lang".split())


# "i finish school in afghanistan, 12 years": years alone after a clause about school, too few for someone who
# finished school, are the years of school (the newcomer was taken for 12, and "BBL at 15" was said)
_YEARS_OF_SCHOOL_MAX = 14


def _years_of_a_past_job(norm: str, start: int, end: int) -> bool:
    before_break = norm[:start].rstrip()
    clause = norm[start:].split("|", 1)[0].split()  # the number, and what follows it in its clause
    if not before_break.endswith("|") or len(clause) < 2 or not set(clause[1:]) <= _YEARS_ONLY:
        return False
    previous = set(before_break[:-1].rsplit("|", 1)[-1].split())
    number = _BARE_NUMBER.search(norm, start, end)  # (the match may hold its "jaar" too)
    schooling = bool(previous & _SCHOOLING) and number is not None and int(number.group(1)) <= _YEARS_OF_SCHOOL_MAX
    return bool(previous & _PAST_WORK) or schooling


_PAST_REACH = 6


def _past_in_clause(norm: str, end: int) -> bool:
    after = words_after(norm, end, _PAST_REACH + 1)  # (words_after stops at the end of the clause)
    if after and after[0] in ("jaar", "jr"):
        after = after[1:]
    elif not norm[:end].rstrip().endswith((" jaar", " jr")):  # the match may hold its "jaar" itself
        return False
    for w in after:
        if w in ("en", "and"):  # "ik ben 19 jaar en heb in de bouw gewerkt": the age, then what was done
            return False
        if w in _PAST_PARTICIPLES:
            return True
    return False
