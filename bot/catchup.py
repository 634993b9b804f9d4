"""Concrete catch-up routes ("bijspijkeren") for what admission found missing, in plain words with sources."""

from __future__ import annotations

from dataclasses import dataclass

from . import admission as adm
from . import facts
from .i18n import Text
from .profile import ADULT_AGE, Profile
from .texts import text


@dataclass(frozen=True)
class CatchUpRoute:
    code: str
    title: Text
    steps: Text
    source: str

    def as_dict(self, lang: str) -> dict[str, str]:
        return {"code": self.code, "title": self.title.get(lang), "steps": self.steps.get(lang), "source": self.source}


ENTREE_THEN_2 = CatchUpRoute("entree", text("catchup.entree.title"), text("catchup.entree.steps"), facts.SRC_ADMISSION)
TOELATINGSONDERZOEK = CatchUpRoute(
    "toelatingsonderzoek",
    text("catchup.admission_assessment.title"),
    text("catchup.admission_assessment.steps"),
    facts.SRC_18PLUS,
)
VAVO = CatchUpRoute("vavo", text("catchup.vavo.title"), text("catchup.vavo.steps"), facts.SRC_VAVO)
EVC = CatchUpRoute("evc", text("catchup.evc.title"), text("catchup.evc.steps"), facts.SRC_EVC)
ASK_SCHOOL_SUBJECT = CatchUpRoute(
    "ask_school_subject",
    text("catchup.ask_school_subject.title"),
    text("catchup.ask_school_subject.steps"),
    facts.SRC_SWITCH,
)
LEVEL_STEP = CatchUpRoute(
    "level_step", text("catchup.level_step.title"), text("catchup.level_step.steps"), facts.SRC_ADMISSION
)
SAME_FIELD = CatchUpRoute(
    "same_field", text("catchup.same_field.title"), text("catchup.same_field.steps"), facts.SRC_ADMISSION
)
TAALSCHAKEL = CatchUpRoute(
    "taalschakeltraject",
    text("catchup.language_bridging.title"),
    text("catchup.language_bridging.steps"),
    facts.SRC_INBURGERING,
)
LANGUAGE_ADULT = CatchUpRoute(
    "inburgering_adult",
    text("catchup.language_adult.title"),
    text("catchup.language_adult.steps"),
    facts.SRC_LEARNING_ROUTES,
)
EDUCATION_ROUTE_MAX_AGE = 27  # the education route (taalschakeltraject) is for young newcomers, up to about 28
SCHOOL_CHECK = CatchUpRoute(
    "school_check", text("catchup.school_check.title"), text("catchup.school_check.steps"), facts.SRC_ADMISSION
)
FOREIGN_DIPLOMA = CatchUpRoute(
    "foreign_diploma", text("catchup.foreign_diploma.title"), text("catchup.foreign_diploma.steps"), facts.SRC_IDW
)
WAIT_16 = CatchUpRoute("wait_16", text("catchup.wait_16.title"), text("catchup.wait_16.steps"), facts.SRC_ADMISSION)

ALL_ROUTES = (
    ENTREE_THEN_2,
    TOELATINGSONDERZOEK,
    VAVO,
    EVC,
    ASK_SCHOOL_SUBJECT,
    LEVEL_STEP,
    SAME_FIELD,
    TAALSCHAKEL,
    LANGUAGE_ADULT,
    SCHOOL_CHECK,
    FOREIGN_DIPLOMA,
    WAIT_16,
)


def routes_for(missing: tuple[str, ...], p: Profile) -> list[CatchUpRoute]:
    """The routes that can close each gap for this person, most direct first, without repeats.

    A gap that closes the course comes before a check at the intake: the chat shows the first route only, and for
    a newcomer with Dutch at A2 that must be the language route, not "bring your papers". Dutch comes first of all:
    an Eritrean of 24 with A1 and no diploma was sent to the admission assessment, which is in Dutch."""
    adult = p.age is not None and p.age >= ADULT_AGE
    language = LANGUAGE_ADULT if p.age is not None and p.age > EDUCATION_ROUTE_MAX_AGE else TAALSCHAKEL
    out: list[CatchUpRoute] = []
    for code in sorted(missing, key=lambda c: (c != adm.MISSING_DUTCH, c == adm.MISSING_CHECK)):
        if code == adm.MISSING_DIPLOMA:
            out += [TOELATINGSONDERZOEK, VAVO, EVC, ENTREE_THEN_2] if adult else [ENTREE_THEN_2]
        elif code == adm.MISSING_LEVEL:
            out += [LEVEL_STEP] + ([TOELATINGSONDERZOEK] if adult else [])
        elif code == adm.MISSING_MATH_SCIENCE:  # 18+ without the right diploma: the admission assessment too
            out += [TOELATINGSONDERZOEK, ASK_SCHOOL_SUBJECT, VAVO] if adult else [ASK_SCHOOL_SUBJECT]
        elif code == adm.MISSING_SAME_FIELD:
            out.append(SAME_FIELD)
        elif code == adm.MISSING_DUTCH:
            out.append(language)
        elif code == adm.MISSING_AGE:
            out.append(WAIT_16)
        elif code == adm.MISSING_CHECK:
            out += (
                [SCHOOL_CHECK]
                + ([FOREIGN_DIPLOMA] if p.education == "foreign" else [])
                + ([language] if p.newcomer or (p.education == "foreign" and p.dutch_level in ("A1", "A2")) else [])
            )
    return list(dict.fromkeys(out))
