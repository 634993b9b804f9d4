"""Concrete catch-up routes ("bijspijkeren") for what admission found missing, in plain words with sources."""

from __future__ import annotations

from dataclasses import dataclass

from . import admission as adm
from . import facts
from .i18n import Text
from .profile import Profile


@dataclass(frozen=True)
class CatchUpRoute:
    code: str
    title: Text
    steps: Text
    source: str

    def as_dict(self, lang: str) -> dict[str, str]:
        return {"code": self.code, "title": self.title.get(lang), "steps": self.steps.get(lang), "source": self.source}


def _r(code: str, title: tuple[str, str], steps: tuple[str, str], source: str) -> CatchUpRoute:
    return CatchUpRoute(code, Text(*title), Text(*steps), source)


ENTREE_THEN_2 = _r(
    "entree",
    ("Entree, dan niveau 2", "Entree, then level 2"),
    (
        "Begin met de Entree-opleiding (niveau 1, ½ tot 1 jaar). Met het Entree-diploma mag je naar niveau 2.",
        "Start with the Entree course (level 1, ½ to 1 year). The Entree diploma gives access to level 2.",
    ),
    facts.SRC_ADMISSION,
)
TOELATINGSONDERZOEK = _r(
    "toelatingsonderzoek",
    ("Toelatingsonderzoek (18+)", "Admission assessment (18+)"),
    (
        "Vraag de school om een toelatingsonderzoek. Je laat zien wat je kunt; ook werk- en levenservaring telt.",
        "Ask the school for an admission assessment. You show what you can do; work and life experience count too.",
    ),
    facts.SRC_18PLUS,
)
VAVO = _r(
    "vavo",
    ("Vavo: alsnog een diploma of vak halen (18+)", "Vavo: get a diploma or subject later (18+)"),
    (
        "Bij het vavo haal je vanaf 18 jaar alsnog een vmbo-tl/mavo-, havo- of vwo-diploma, of een certificaat voor één vak (bijvoorbeeld wiskunde).",
        "At vavo (adult general education) you can, from 18, still get a vmbo-tl/mavo, havo or vwo diploma, or a certificate for one subject (for example maths).",
    ),
    facts.SRC_VAVO,
)
EVC = _r(
    "evc",
    ("EVC: je ervaring laten erkennen", "EVC: get your experience recognised"),
    (
        "Met EVC laat je erkennen wat je al kunt uit werk. Dat geeft vrijstellingen, zodat je opleiding korter wordt. Nederlands, rekenen en burgerschap blijven nodig voor het diploma.",
        "With EVC (recognition of prior learning) your work skills are recognised. That gives exemptions, so your course is shorter. Dutch, maths and citizenship are still needed for the diploma.",
    ),
    facts.SRC_EVC,
)
ASK_SCHOOL_SUBJECT = _r(
    "ask_school_subject",
    ("Vraag de school over het missende vak", "Ask the school about the missing subject"),
    (
        "Mis je wiskunde of NaSk1? Vraag de mbo-school of de examencommissie je toch toelaat, en wat je kunt bijwerken. Zit je nog op het vmbo: vraag je decaan of je het vak nog kunt kiezen.",
        "Missing maths or science (NaSk1)? Ask the mbo school whether the exam board can still admit you, and what you can catch up. Still in vmbo: ask your careers counsellor whether you can still take the subject.",
    ),
    facts.SRC_SWITCH,
)
LEVEL_STEP = _r(
    "level_step",
    ("Stap voor stap een niveau hoger", "One level at a time"),
    (
        "Begin op het niveau dat nu open is. Met dat mbo-diploma kun je daarna door naar het volgende niveau (met niveau 2 naar 3 of 4).",
        "Start at the level that is open now. With that mbo diploma you can then move on (with level 2 to level 3 or 4).",
    ),
    facts.SRC_ADMISSION,
)
SAME_FIELD = _r(
    "same_field",
    ("Eerst niveau 3 in hetzelfde vak", "First level 3 in the same field"),
    (
        "Een specialistenopleiding op niveau 4 volgt op een niveau-3-diploma in hetzelfde vak. Kies eerst de niveau-3-opleiding.",
        "A level 4 specialist course follows a level 3 diploma in the same field. Choose the level 3 course first.",
    ),
    facts.SRC_ADMISSION,
)
TAALSCHAKEL = _r(
    "taalschakeltraject",
    ("Taalschakeltraject / onderwijsroute", "Language bridging course / education route"),
    (
        "Nieuw in Nederland en jonger dan ongeveer 28? De onderwijsroute (taalschakeltraject, ongeveer 1,5 jaar) brengt je Nederlands naar minstens B1 om door te stromen naar het mbo. De gemeente regelt dit in je plan (PIP).",
        "New in the Netherlands and younger than about 28? The education route (language bridging course, about 1.5 years) brings your Dutch to at least B1 so you can enter mbo. The municipality arranges it in your plan (PIP).",
    ),
    facts.SRC_INBURGERING,
)
SCHOOL_CHECK = _r(
    "school_check",
    ("Intake bij de school", "Intake at the school"),
    (
        "De school bekijkt je diploma of cijferlijst bij de intake en zegt welk niveau past. Neem je papieren mee.",
        "The school looks at your diploma or grade list at the intake and tells you which level fits. Bring your papers.",
    ),
    facts.SRC_ADMISSION,
)
WAIT_16 = _r(
    "wait_16",
    ("Vanaf 16 jaar", "From age 16"),
    (
        "Entree kan vanaf 16 jaar. Tot die tijd: blijf op school en praat met je decaan over je keuze.",
        "Entree is open from age 16. Until then: stay in school and talk to your careers counsellor about your choice.",
    ),
    facts.SRC_ADMISSION,
)

ALL_ROUTES = (
    ENTREE_THEN_2,
    TOELATINGSONDERZOEK,
    VAVO,
    EVC,
    ASK_SCHOOL_SUBJECT,
    LEVEL_STEP,
    SAME_FIELD,
    TAALSCHAKEL,
    SCHOOL_CHECK,
    WAIT_16,
)


def routes_for(missing: tuple[str, ...], p: Profile) -> list[CatchUpRoute]:
    """The routes that can close each gap for this person, most direct first, without repeats."""
    adult = p.age is not None and p.age >= 18
    out: list[CatchUpRoute] = []
    for code in missing:
        if code == adm.MISSING_DIPLOMA:
            out += [TOELATINGSONDERZOEK, VAVO, EVC, ENTREE_THEN_2] if adult else [ENTREE_THEN_2]
        elif code == adm.MISSING_LEVEL:
            out += [LEVEL_STEP] + ([TOELATINGSONDERZOEK] if adult else [])
        elif code == adm.MISSING_MATH_SCIENCE:
            out += [ASK_SCHOOL_SUBJECT] + ([VAVO] if adult else [])
        elif code == adm.MISSING_SAME_FIELD:
            out.append(SAME_FIELD)
        elif code == adm.MISSING_DUTCH:
            out.append(TAALSCHAKEL)
        elif code == adm.MISSING_AGE:
            out.append(WAIT_16)
        elif code == adm.MISSING_CHECK:
            out += [SCHOOL_CHECK] + (
                [TAALSCHAKEL] if p.newcomer or (p.education == "foreign" and p.dutch_level in ("A1", "A2")) else []
            )
    return list(dict.fromkeys(out))
