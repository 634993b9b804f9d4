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
from .profile import TECHNICAL_VMBO_PROFILES, Profile

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


def _d(status: str, rule: str, nl: str, en: str, source: str, *missing: str) -> Decision:
    return Decision(status, (Reason(rule, Text(nl, en), source),), tuple(missing))


def base_levels(p: Profile) -> dict[int, Decision]:
    """Which levels 1-4 the prior education opens, before course-specific rules."""
    edu = p.education
    entree = _entree(p)
    if edu is None:
        unknown = _d(
            CONDITIONAL,
            "unknown",
            "We weten je vooropleiding nog niet.",
            "We don't know your prior education yet.",
            facts.SRC_ADMISSION,
            MISSING_CHECK,
        )
        return {1: entree, 2: unknown, 3: unknown, 4: unknown}
    if edu == "vmbo_bb":
        ok = _d(
            OPEN,
            "vmbo_bb",
            "Met een vmbo-diploma basisberoepsgericht kun je naar niveau 2.",
            "A vmbo basic vocational diploma gives access to level 2.",
            facts.SRC_ADMISSION,
        )
        up = _d(
            CLOSED,
            "vmbo_bb",
            "Met vmbo basis kun je nog niet direct naar niveau 3 of 4: eerst niveau 2.",
            "With vmbo basic you cannot go straight to level 3 or 4: level 2 first.",
            facts.SRC_ADMISSION,
            MISSING_LEVEL,
        )
        return {1: ok, 2: ok, 3: up, 4: up}
    if edu in ("vmbo_kb", "vmbo_gl", "vmbo_tl"):
        ok = _d(
            OPEN,
            "vmbo_kb_gl_tl",
            "Met een vmbo-diploma kader, gemengd of theoretisch kun je naar niveau 2, 3 en 4.",
            "A vmbo diploma (kader, gemengd or theoretisch) gives access to levels 2, 3 and 4.",
            facts.SRC_ADMISSION,
        )
        return {lvl: ok for lvl in (1, 2, 3, 4)}
    if edu in ("havo", "vwo"):
        year = 6 if p.havo_vwo_diploma else (p.havo_vwo_year or 0)
        if year >= 3 and (p.havo_vwo_diploma or p.havo_vwo_year is not None):
            ok = _d(
                OPEN,
                "havo_vwo_3_4",
                "Met een overgangsbewijs van havo/vwo 3 naar 4 (of hoger) kun je naar niveau 2, 3 en 4.",
                "A havo/vwo pass from year 3 to year 4 (or higher) gives access to levels 2, 3 and 4.",
                facts.SRC_ADMISSION,
            )
            return {lvl: ok for lvl in (1, 2, 3, 4)}
        if p.havo_vwo_year is None:
            ask = _d(
                CONDITIONAL,
                "havo_vwo_3_4",
                "Heb je een overgangsbewijs van havo/vwo 3 naar 4? Dan kun je naar niveau 2, 3 en 4.",
                "Did you pass from havo/vwo year 3 to year 4? Then you can enter levels 2, 3 and 4.",
                facts.SRC_ADMISSION,
                MISSING_CHECK,
            )
            return {1: entree, 2: ask, 3: ask, 4: ask}
        return _no_diploma(p, entree)
    if edu == "entree":
        ok = _d(
            OPEN,
            "entree_diploma",
            "Met een Entree-diploma kun je naar niveau 2.",
            "An Entree diploma gives access to level 2.",
            facts.SRC_ADMISSION,
        )
        up = _d(
            CLOSED,
            "entree_diploma",
            "Met een Entree-diploma kun je eerst naar niveau 2, daarna verder.",
            "With an Entree diploma you go to level 2 first, then further.",
            facts.SRC_ADMISSION,
            MISSING_LEVEL,
        )
        return {1: ok, 2: ok, 3: up, 4: up}
    if edu in ("mbo2", "mbo3", "mbo4"):
        ok = _d(
            OPEN,
            edu,
            "Met je mbo-diploma kun je naar een hoger niveau doorstromen.",
            "Your mbo diploma lets you move on to a higher level.",
            facts.SRC_ADMISSION,
        )
        return {lvl: ok for lvl in (1, 2, 3, 4)}
    if edu in ("mavo_old", "lbo_old"):
        return _old_diploma(p, entree)
    if edu == "foreign":
        return _foreign(p, entree)
    return _no_diploma(p, entree)  # "none"


def _entree(p: Profile) -> Decision:
    if p.age is not None and p.age < 16:
        return _d(
            CLOSED,
            "entree_age",
            "Entree kan vanaf 16 jaar (op 1 augustus).",
            "Entree is open from age 16 (on 1 August).",
            facts.SRC_ADMISSION,
            MISSING_AGE,
        )
    return _d(
        OPEN,
        "entree",
        "Entree (niveau 1) heeft geen diploma-eis: je kunt starten vanaf 16 jaar.",
        "Entree (level 1) needs no diploma: you can start from age 16.",
        facts.SRC_ADMISSION,
    )


def _no_diploma(p: Profile, entree: Decision) -> dict[int, Decision]:
    if p.age is not None and p.age >= 18:
        test = _d(
            CONDITIONAL,
            "toelatingsonderzoek_18plus",
            "Zonder passend diploma kan de school je vanaf 18 jaar toelaten na een toelatingsonderzoek. Je werk- en levenservaring telt mee.",
            "Without a fitting diploma, the school can admit you from age 18 after an admission assessment. Your work and life experience count.",
            facts.SRC_18PLUS,
            MISSING_DIPLOMA,
        )
        return {1: entree, 2: test, 3: test, 4: test}
    closed = _d(
        CLOSED,
        "no_diploma",
        "Zonder passend diploma start je met Entree (niveau 1); daarna kun je naar niveau 2.",
        "Without a fitting diploma you start with Entree (level 1); after that you can go to level 2.",
        facts.SRC_ADMISSION,
        MISSING_DIPLOMA,
    )
    return {1: entree, 2: closed, 3: closed, 4: closed}


def _old_diploma(p: Profile, entree: Decision) -> dict[int, Decision]:
    src, level = facts.SRC_OLD_DIPLOMA, p.old_subject_level
    two = "Met een oud lbo/vbo/mavo-diploma: niveau 2 als je vakken minstens op B-niveau zijn, met wiskunde, natuurkunde of scheikunde voor techniek."
    two_en = "With an old lbo/vbo/mavo diploma: level 2 if your subjects are at least at B level, with maths, physics or chemistry for technical courses."
    high = "Voor niveau 3 en 4 moeten je vakken op C-niveau zijn."
    high_en = "For levels 3 and 4 your subjects must be at C level."
    if level is None:
        check = _d(
            CONDITIONAL,
            "old_diploma",
            f"{two} {high} De school kijkt naar je cijferlijst.",
            f"{two_en} {high_en} The school checks your grade list.",
            src,
            MISSING_CHECK,
        )
        return {1: entree, 2: check, 3: check, 4: check}
    ok2 = _d(
        OPEN if level in "BCD" else CLOSED,
        "old_diploma",
        two,
        two_en,
        src,
        *(() if level in "BCD" else (MISSING_LEVEL,)),
    )
    ok34 = _d(
        OPEN if level in "CD" else CLOSED,
        "old_diploma",
        high,
        high_en,
        src,
        *(() if level in "CD" else (MISSING_LEVEL,)),
    )
    return {1: entree, 2: ok2, 3: ok34, 4: ok34}


def _foreign(p: Profile, entree: Decision) -> dict[int, Decision]:
    if p.age is not None and p.age >= 18:
        test = _d(
            CONDITIONAL,
            "foreign_18plus",
            "Met een buitenlands diploma kijkt de school bij de intake wat je kunt; vanaf 18 jaar kan dat met een toelatingsonderzoek.",
            "With a foreign diploma the school checks at intake what you can do; from age 18 this can be an admission assessment.",
            facts.SRC_18PLUS,
            MISSING_CHECK,
        )
    else:
        test = _d(
            CONDITIONAL,
            "foreign",
            "Met een buitenlands diploma kijkt de school bij de intake welk niveau past.",
            "With a foreign diploma the school checks at intake which level fits.",
            facts.SRC_ADMISSION,
            MISSING_CHECK,
        )
    return {1: entree, 2: test, 3: test, 4: test}


def _switch_into_technical(p: Profile) -> Decision | None:
    """vmbo pupils from a non-technical profile need wiskunde or NaSk1 in their exam for a technical course."""
    if p.education not in ("vmbo_bb", "vmbo_kb", "vmbo_gl", "vmbo_tl"):
        return None
    if p.vmbo_profile in TECHNICAL_VMBO_PROFILES or p.has_math_or_science is True:
        return None
    if p.has_math_or_science is False:
        return _d(
            CLOSED,
            "switch_math_science",
            "Je komt uit een ander vmbo-profiel. Voor techniek moet wiskunde of NaSk1 in je eindexamen zitten, tenzij de examencommissie anders beslist.",
            "You come from another vmbo profile. For technical courses, maths or science (NaSk1) must be in your final exam, unless the exam board decides otherwise.",
            facts.SRC_SWITCH,
            MISSING_MATH_SCIENCE,
        )
    if p.vmbo_profile is None and p.education != "vmbo_tl":
        return None  # profile not asked yet: nothing to say
    return _d(
        CONDITIONAL,
        "switch_math_science",
        "Voor techniek moet wiskunde of NaSk1 in je eindexamen zitten als je uit een ander profiel komt. Had jij een van die vakken?",
        "For technical courses, maths or science (NaSk1) must be in your exam if you come from another profile. Did you have one of them?",
        facts.SRC_SWITCH,
        MISSING_CHECK,
    )


def _specialist(p: Profile, course: Course) -> Decision | None:
    if not course.specialist:
        return None
    same = p.education in ("mbo3", "mbo4") and p.mbo_dossier == course.dossier_code
    if same:
        return None
    if p.education in ("mbo3", "mbo4") and p.mbo_dossier is None:
        return _d(
            CONDITIONAL,
            "specialist_same_field",
            "Deze specialistenopleiding vraagt een mbo-3-diploma in hetzelfde vak. Was jouw diploma in dit vak?",
            "This specialist course needs an mbo-3 diploma in the same field. Was your diploma in this field?",
            facts.SRC_ADMISSION,
            MISSING_CHECK,
        )
    return _d(
        CLOSED,
        "specialist_same_field",
        "Deze specialistenopleiding (niveau 4) vraagt eerst een mbo-3-diploma in hetzelfde vak.",
        "This specialist course (level 4) first needs an mbo-3 diploma in the same field.",
        facts.SRC_ADMISSION,
        MISSING_SAME_FIELD,
    )


def _language(p: Profile, course: Course) -> Decision | None:
    if p.dutch_level in (None, "B2", "C1", "native"):
        return None
    if p.dutch_level in ("A1", "A2"):
        return _d(
            CLOSED,
            "dutch_level",
            "Je Nederlands is nog niet genoeg om de lessen te volgen. Eerst een taaltraject (naar ongeveer B1) helpt.",
            "Your Dutch is not yet enough to follow the lessons. A language course first (to about B1) helps.",
            facts.SRC_INBURGERING,
            MISSING_DUTCH,
        )
    if course.level >= 4:  # B1
        return _d(
            CONDITIONAL,
            "dutch_level",
            "Voor een diploma op niveau 4 moet je Nederlands op 3F halen; voor niveau 2 en 3 is dat 2F.",
            "For a level 4 diploma you need Dutch at 3F; for levels 2 and 3 it is 2F.",
            facts.SRC_LANGUAGE,
        )
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


def highest_open_level(levels: dict[int, Decision]) -> int | None:
    open_levels = [lvl for lvl, d in levels.items() if d.status == OPEN]
    return max(open_levels) if open_levels else None
