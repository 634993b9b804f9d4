"""The vmbo year a pupil is in now ("ze zit in de tweede klas vmbo tl", "3 vmbo", "examenjaar").

A pupil starts mbo after the vmbo diploma, at the end of year 4: a pupil in year 2 starts two school years later
(bot/advice.py, school_done). Only the present counts: "ik zat in de 3e van het vmbo" is a school left.
"""

from __future__ import annotations

import datetime as dt

from .message import Message, word_rx
from .vocab import ORDINALS

# Pupils choose their profile at the end of year 2 and follow it in years 3 and 4 (onderwijsconsument.nl, "Hoe ziet
# het vmbo eruit?", 2022-08): before that, the intake does not ask for it and the advice says what to choose.
PROFILE_CHOSEN_AFTER_YEAR = 2
FINAL_YEAR = 4  # the vmbo takes four years (laks.nl/informatie/vmbo; onderwijsconsument.nl, 2022-08)
# Pupils enter the vmbo at about 12 and take the exam in year 4 at 15 or 16: someone of 15 or younger with a vmbo
# education who did not say their year is taken to be a pupil still (at 16 many have their diploma already)
PUPIL_MAX_AGE = 15
# The vmbo replaced the mavo and the (l)vbo from August 1999 (CBS, "Voorbereidend middelbaar beroepsonderwijs (vmbo)",
# 2017): its first pupils took the exam in 2003, at about 16. Two years held back on top: anyone older than that did
# the mavo or the lbo/vbo, whatever they call it now ("mavo" at 45 is the old mavo).
FIRST_VMBO_EXAM = 2003
VMBO_EXAM_AGE = 16
_HELD_BACK = 2


def before_the_vmbo(age: int, today: dt.date | None = None) -> bool:
    """Someone this old cannot have a vmbo diploma: their school was the mavo or the lbo/vbo."""
    year = (today or dt.date.today()).year
    return age > year - FIRST_VMBO_EXAM + VMBO_EXAM_AGE + _HELD_BACK


_ORDINALS = {word: n for word, n in ORDINALS.items() if n <= FINAL_YEAR}
_ORDINAL = "|".join(_ORDINALS)
_TRACK = r"(?:vmbo|mavo|tl|gl|kader|kb|basis|bb|basisberoeps|kaderberoeps)"
_YEAR = word_rx(
    rf"(?P<ord>{_ORDINAL}) (?:klas|leerjaar|grade|form)"  # "de tweede klas"
    r"|(?:klas|leerjaar|year) (?P<num>[1-4])"  # "klas 2", "year 3"
    rf"|(?P<ord2>[1-4](?:e|de|ste)?|{_ORDINAL}) (?:van (?:het |de )?)?{_TRACK}"  # "3 vmbo", "in de 2e van de mavo"
    rf"|(?:vmbo|mavo)(?: {_TRACK})? (?P<num2>[1-4])(?! jaar| years?| keer)"  # "vmbo tl 3", not "vmbo 4 jaar"
    r"|(?P<final>examenjaar|eindexamenjaar|exam year|final year|laatste jaar)"
    # "ik zit in de 3e" (typed at a choice item, or to "which year?"), when nothing else follows in its clause
    rf"|zit (?:nu )?in (?:de |het )?(?P<ord3>[1-4](?:e|de|ste)|{_ORDINAL})"
    r"(?= (?:\||$|nu |hoor |denk |ofzo |haha |en |maar ))"
)
# "tweede jaar", "second year": only beside the school ("het eerste jaar" may be the first year of the mbo course)
_YEAR_OF_SCHOOL = word_rx(
    rf"(?P<ord>{_ORDINAL}) (?:jaar|year)\b.*\b{_TRACK}|\b{_TRACK}\b.*\b(?P<ord2>{_ORDINAL}) (?:jaar|year)"
)
# "ik zat in de 3e" / "I was in year 3": a school left, not the year someone is in now
_PAST = frozenset("zat zaten was were gezeten gestopt stopte stopped left quit dropped gehaald afgemaakt".split())


def parse(msg: Message) -> int | None:
    """The vmbo year (1-4) the message says someone is in now."""
    m = _YEAR.search(msg.norm) or _YEAR_OF_SCHOOL.search(msg.norm)
    if m is None or _PAST & set(msg.words):
        return None
    found = m.groupdict()
    if found.get("final"):
        return FINAL_YEAR
    number = found.get("num") or found.get("num2")
    if number:
        return int(number)
    ordinal = found.get("ord") or found.get("ord2") or found.get("ord3") or ""
    return _ORDINALS.get(ordinal) or int(ordinal[0])
