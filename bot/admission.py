"""Admission rules: who may enter which MBO level and course now, and what is missing otherwise.

This is the one place where admission is decided. Each rule cites its source (see bot/facts.py); the rules
follow ../shared/research/mbo-domain.md §3.1-3.4 (the "Wettelijke vooropleidingseisen" table and the notes below
it).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import facts
from .courses import Course
from .i18n import Text
from .profile import ADULT_AGE, PROFILE_MAX_AGE, TECHNICAL_VMBO_PROFILES, VMBO, Profile
from .texts import fill, text

OPEN, CONDITIONAL, CLOSED = "open", "conditional", "closed"
_RANK = {OPEN: 0, CONDITIONAL: 1, CLOSED: 2}

# Codes for what is missing; bot/catchup.py turns each into concrete routes.
MISSING_DIPLOMA = "diploma"  # no diploma that gives access
MISSING_LEVEL = "level"  # diploma gives access to a lower level only
MISSING_MATH_SCIENCE = "math_science"  # switch into techniek without wiskunde or NaSk1
MISSING_SAME_FIELD = "same_field"  # specialist level 4 needs mbo-3 in the same field
MISSING_DUTCH = "dutch"  # Dutch not yet at the level needed to follow the course
MISSING_AGE = "age"  # too young for Entree
MISSING_CHECK = "school_check"  # the school must assess (foreign or old diploma, unknown answers)


@dataclass(frozen=True)
class Reason:
    rule: str
    text: Text
    source: str


@dataclass(frozen=True)
class Decision:
    status: str
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def can_enter(self) -> bool:
        return self.status == OPEN

    def combine(self, other: Decision) -> Decision:
        status = max(self.status, other.status, key=_RANK.__getitem__)
        missing = tuple(dict.fromkeys(self.missing + other.missing))
        return Decision(status, self.reasons + other.reasons, missing)


# The reason of each rule, read once (admission is decided for every course the advice looks at).
UNKNOWN_EDUCATION = text("admission.unknown_education")
VMBO_BB_OPEN = text("admission.vmbo_bb.open")
VMBO_BB_LEVEL_2_FIRST = text("admission.vmbo_bb.level_2_first")
VMBO_KB_GL_TL = text("admission.vmbo_kb_gl_tl")
HAVO_VWO_PASSED_3 = text("admission.havo_vwo.passed_3")
HAVO_VWO_ASK_PASSED_3 = text("admission.havo_vwo.ask_passed_3")
HAVO_VWO_PUPIL_PLAN = text("admission.havo_vwo.pupil_plan")
HAVO_VWO_OPEN_AFTER = 3  # the pass from year 3 to year 4 opens levels 2-4 (HAVO_VWO_PASSED_3)
# In havo/vwo 1-3 a pupil is 12-15, and 16 in year 3 when held back once (a 16-year-old who typed "havo 3" got
# Entree only, as a school leaver without a diploma); older: most likely left
HAVO_VWO_PUPIL_MAX_AGE = 16
ENTREE_DIPLOMA_OPEN = text("admission.entree_diploma.open")
ENTREE_DIPLOMA_LEVEL_2_FIRST = text("admission.entree_diploma.level_2_first")
MBO_DIPLOMA = text("admission.mbo_diploma")
HIGHER_EDUCATION = text("admission.higher_education")
ENTREE_TOO_YOUNG = text("admission.entree.too_young")
ENTREE_OPEN = text("admission.entree.open")
NO_DIPLOMA_ASSESSMENT_18PLUS = text("admission.no_diploma.assessment_18plus")
NO_DIPLOMA_ENTREE_FIRST = text("admission.no_diploma.entree_first")
FOREIGN_ASSESSMENT_18PLUS = text("admission.foreign.assessment_18plus")
FOREIGN_INTAKE = text("admission.foreign.intake")
SWITCH_MATH_SCIENCE_MISSING = text("admission.switch_math_science.missing")
SWITCH_MATH_SCIENCE_ASK = text("admission.switch_math_science.ask")
SPECIALIST_ASK_SAME_FIELD = text("admission.specialist.ask_same_field")
SPECIALIST_SAME_FIELD_FIRST = text("admission.specialist.same_field_first")
DUTCH_TOO_LOW = text("admission.dutch.too_low")
DUTCH_LEVEL_4 = text("admission.dutch.level_4")
DUTCH_ENTREE_A2 = text("admission.dutch.entree_a2")
OLD_DIPLOMA_LEVEL_2 = text("admission.old_diploma.level_2")
OLD_DIPLOMA_LEVELS_3_4 = text("admission.old_diploma.levels_3_4")
OLD_DIPLOMA_CHECK = fill(
    text("admission.old_diploma.check"), level_2=OLD_DIPLOMA_LEVEL_2, levels_3_4=OLD_DIPLOMA_LEVELS_3_4
)


def havo_vwo_pupil_below_3(p: Profile) -> bool:
    """A havo/vwo pupil still at school before the pass to year 4 ("ik zit in havo 2"): they are advised for after
    that pass, not as someone without a diploma (Entree, the 18+ test)."""
    return (
        p.education in ("havo", "vwo")
        and not p.havo_vwo_diploma
        and p.havo_vwo_year is not None
        and p.havo_vwo_year < HAVO_VWO_OPEN_AFTER
        and p.age is not None
        and p.age <= HAVO_VWO_PUPIL_MAX_AGE
    )


def _d(status: str, rule: str, reason: Text, source: str, *missing: str) -> Decision:
    return Decision(status, (Reason(rule, reason, source),), tuple(missing))


def base_levels(p: Profile) -> dict[int, Decision]:
    """Which levels 1-4 the prior education opens, before course-specific rules."""
    edu = p.education
    entree = _entree(p)
    if edu is None:
        unknown = _d(CONDITIONAL, "unknown", UNKNOWN_EDUCATION, facts.SRC_ADMISSION, MISSING_CHECK)
        return {1: entree, 2: unknown, 3: unknown, 4: unknown}
    if edu == "vmbo_bb":
        ok = _d(OPEN, "vmbo_bb", VMBO_BB_OPEN, facts.SRC_ADMISSION)
        up = _d(CLOSED, "vmbo_bb", VMBO_BB_LEVEL_2_FIRST, facts.SRC_ADMISSION, MISSING_LEVEL)
        return {1: ok, 2: ok, 3: up, 4: up}
    if edu in ("vmbo_kb", "vmbo_gl", "vmbo_tl"):
        ok = _d(OPEN, "vmbo_kb_gl_tl", VMBO_KB_GL_TL, facts.SRC_ADMISSION)
        return {lvl: ok for lvl in (1, 2, 3, 4)}
    if edu in ("havo", "vwo"):
        year = 6 if p.havo_vwo_diploma else (p.havo_vwo_year or 0)
        if year >= 3 and (p.havo_vwo_diploma or p.havo_vwo_year is not None):
            ok = _d(OPEN, "havo_vwo_3_4", HAVO_VWO_PASSED_3, facts.SRC_ADMISSION)
            return {lvl: ok for lvl in (1, 2, 3, 4)}
        if p.havo_vwo_year is None:
            ask = _d(CONDITIONAL, "havo_vwo_3_4", HAVO_VWO_ASK_PASSED_3, facts.SRC_ADMISSION, MISSING_CHECK)
            return {1: entree, 2: ask, 3: ask, 4: ask}
        if havo_vwo_pupil_below_3(p):  # the plan is the pass to year 4, not Entree or the routes of a school leaver
            plan = _d(OPEN, "havo_vwo_3_4", HAVO_VWO_PUPIL_PLAN, facts.SRC_ADMISSION)
            return {lvl: plan for lvl in (1, 2, 3, 4)}
        return _no_diploma(p, entree)
    if edu == "entree":
        ok = _d(OPEN, "entree_diploma", ENTREE_DIPLOMA_OPEN, facts.SRC_ADMISSION)
        up = _d(CLOSED, "entree_diploma", ENTREE_DIPLOMA_LEVEL_2_FIRST, facts.SRC_ADMISSION, MISSING_LEVEL)
        return {1: ok, 2: ok, 3: up, 4: up}
    if edu in ("mbo2", "mbo3", "mbo4"):
        ok = _d(OPEN, edu, MBO_DIPLOMA, facts.SRC_ADMISSION)
        return {lvl: ok for lvl in (1, 2, 3, 4)}
    if edu in ("mavo_old", "lbo_old"):
        return _old_diploma(p, entree)
    if edu == "higher":  # the law names no hbo or wo degree: the earlier diploma behind it gives access
        check = _d(CONDITIONAL, "higher_education", HIGHER_EDUCATION, facts.SRC_ADMISSION, MISSING_CHECK)
        return {1: entree, 2: check, 3: check, 4: check}
    if edu == "foreign":
        return _foreign(p, entree)
    return _no_diploma(p, entree)  # "none"


def _entree(p: Profile) -> Decision:
    if p.age is not None and p.age < 16:
        return _d(CLOSED, "entree_age", ENTREE_TOO_YOUNG, facts.SRC_ADMISSION, MISSING_AGE)
    return _d(OPEN, "entree", ENTREE_OPEN, facts.SRC_ADMISSION)


def _no_diploma(p: Profile, entree: Decision) -> dict[int, Decision]:
    if p.age is not None and p.age >= ADULT_AGE:
        test = _d(
            CONDITIONAL, "toelatingsonderzoek_18plus", NO_DIPLOMA_ASSESSMENT_18PLUS, facts.SRC_18PLUS, MISSING_DIPLOMA
        )
        return {1: entree, 2: test, 3: test, 4: test}
    closed = _d(CLOSED, "no_diploma", NO_DIPLOMA_ENTREE_FIRST, facts.SRC_ADMISSION, MISSING_DIPLOMA)
    return {1: entree, 2: closed, 3: closed, 4: closed}


def _old_diploma(p: Profile, entree: Decision) -> dict[int, Decision]:
    src, level = facts.SRC_OLD_DIPLOMA, p.old_subject_level
    if level is None:
        check = _d(CONDITIONAL, "old_diploma", OLD_DIPLOMA_CHECK, src, MISSING_CHECK)
        return {1: entree, 2: check, 3: check, 4: check}
    ok2 = _d(
        OPEN if level in "BCD" else CLOSED,
        "old_diploma",
        OLD_DIPLOMA_LEVEL_2,
        src,
        *(() if level in "BCD" else (MISSING_LEVEL,)),
    )
    ok34 = _d(
        OPEN if level in "CD" else CLOSED,
        "old_diploma",
        OLD_DIPLOMA_LEVELS_3_4,
        src,
        *(() if level in "CD" else (MISSING_LEVEL,)),
    )
    return {1: entree, 2: ok2, 3: ok34, 4: ok34}


def _foreign(p: Profile, entree: Decision) -> dict[int, Decision]:
    if p.age is not None and p.age >= ADULT_AGE:
        test = _d(CONDITIONAL, "foreign_18plus", FOREIGN_ASSESSMENT_18PLUS, facts.SRC_18PLUS, MISSING_CHECK)
    else:
        test = _d(CONDITIONAL, "foreign", FOREIGN_INTAKE, facts.SRC_ADMISSION, MISSING_CHECK)
    return {1: entree, 2: test, 3: test, 4: test}


def _switch_into_technical(p: Profile) -> Decision | None:
    """vmbo pupils from a non-technical profile need wiskunde or NaSk1 in their exam for a technical course."""
    if p.education not in VMBO:
        return None
    if p.vmbo_profile in TECHNICAL_VMBO_PROFILES or p.has_math_or_science is True:
        return None
    if p.has_math_or_science is False:
        return _d(CLOSED, "switch_math_science", SWITCH_MATH_SCIENCE_MISSING, facts.SRC_SWITCH, MISSING_MATH_SCIENCE)
    profile_to_come = p.age is None or p.age < PROFILE_MAX_AGE  # (older diplomas have no profile: never asked)
    if p.vmbo_profile is None and p.education != "vmbo_tl" and profile_to_come:
        return None  # profile not asked yet: nothing to say
    return _d(CONDITIONAL, "switch_math_science", SWITCH_MATH_SCIENCE_ASK, facts.SRC_SWITCH, MISSING_CHECK)


def _specialist(p: Profile, course: Course) -> Decision | None:
    if not course.specialist:
        return None
    same = p.education in ("mbo3", "mbo4") and p.mbo_dossier == course.dossier_code
    if same:
        return None
    if p.education in ("mbo3", "mbo4") and p.mbo_dossier is None:
        return _d(CONDITIONAL, "specialist_same_field", SPECIALIST_ASK_SAME_FIELD, facts.SRC_ADMISSION, MISSING_CHECK)
    return _d(CLOSED, "specialist_same_field", SPECIALIST_SAME_FIELD_FIRST, facts.SRC_ADMISSION, MISSING_SAME_FIELD)


def _language(p: Profile, course: Course) -> Decision | None:
    if p.dutch_level in (None, "B2", "C1", "native"):
        return None
    if p.dutch_level == "A2" and course.level == 1:
        # no legal language bar: the school judges whether someone can follow the lessons and learn Dutch fast
        # enough, and Entree students under the civic integration law work towards the exam during the course
        return _d(CONDITIONAL, "dutch_level_entree", DUTCH_ENTREE_A2, facts.SRC_DUTCH_INTAKE, MISSING_CHECK)
    if p.dutch_level in ("A1", "A2"):
        return _d(CLOSED, "dutch_level", DUTCH_TOO_LOW, facts.SRC_INBURGERING, MISSING_DUTCH)
    if course.level >= 4:  # B1
        return _d(CONDITIONAL, "dutch_level", DUTCH_LEVEL_4, facts.SRC_LANGUAGE)
    return None


def decide(p: Profile, course: Course, levels: dict[int, Decision] | None = None) -> Decision:
    """May this person enter this course now? ``levels`` lets callers reuse base_levels(p) across courses."""
    decision = (levels or base_levels(p))[course.level]
    for extra in (
        _switch_into_technical(p) if course.technical and course.level >= 2 else None,
        _specialist(p, course),
        _language(p, course),
    ):
        if extra is not None:
            decision = decision.combine(extra)
    return decision


def highest_level_without_catch_up(levels: dict[int, Decision]) -> int | None:
    """The highest level open now or after only a check at the intake (a foreign or an hbo diploma): no catch-up."""
    ready = [
        lvl
        for lvl, d in levels.items()
        if d.status == OPEN or (d.status == CONDITIONAL and set(d.missing) <= {MISSING_CHECK})
    ]
    return max(ready) if ready else None


def fee_level(levels: dict[int, Decision]) -> int | None:
    """A level that stands for every level open to the person, after a school check too, for the BBL course fee
    (one amount for levels 1-2, another for 3-4); None when they span both ("lts 1988": 2 open, 3-4 after a check)."""
    enterable = [lvl for lvl, d in levels.items() if d.status != CLOSED]
    if not enterable:
        return None
    return max(enterable) if max(enterable) <= 2 or min(enterable) >= 3 else None
