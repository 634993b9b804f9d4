"""Verified facts the advisor may state, each with its source (../shared/research/mbo-domain.md §3-4).

Amounts carry their year; the bot must say the year and that the amounts change every year.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Text
from .texts import fill, text


@dataclass(frozen=True)
class Fact:
    text: Text
    source: str

    def cited(self, lang: str) -> str:
        """The fact as the user reads it: "text [source]"."""
        return f"{self.text.get(lang)} [{self.source}]"


# --- admission (mbo-domain.md §3.1-3.4) ---
SRC_ADMISSION = "Wettelijke toelatingseisen mbo (Da Vinci College, Deltion College, Drenthe College, mboRijnland)"
SRC_SWITCH = "Doorstroomregeling vmbo-mbo 2020 art. 2-3 (BWBR0043852); Regio College doorstroomregeling"
SRC_18PLUS = "Toelatingsonderzoek 18+: Drenthe College (Commissie Bijzondere Toelating), ROC van Twente"
SRC_LANGUAGE = "Besluit referentieniveaus Nederlandse taal en rekenen (Stb. 2010, 265)"
SRC_INBURGERING = "Wet inburgering 2021: onderwijsroute en taalschakeltraject (schulinck.nl, gemeenten)"
SRC_LEARNING_ROUTES = (
    "Wet inburgering 2021: drie leerroutes (B1-route; onderwijsroute tot ca. 28 jaar; Z-route A1-A2) "
    "(taalcoacheszuidkennemerland.nl; schulinck.nl)"
)
SRC_DUTCH_INTAKE = (
    "Inspectie van het Onderwijs: 'Over welk taalniveau moeten studenten beschikken om tot de opleiding te worden "
    "toegelaten?' (onderwijsinspectie.nl, onderwijs aan nieuwkomers); Staatsexamens NT2: 'Benut het potentieel' "
    "(staatsexamensnt2.nl, 2016: entree en inburgering)"
)
SRC_VAVO = "Vavo voor 18+ (ROC Kop van Noord-Holland)"
SRC_IDW = (
    "IDW (Internationale Diplomawaardering): idw.nl/studeren, idw.nl/nl/vereiste-documenten.html; "
    "Indicatie Onderwijsniveau: welcometonijmegen.nl/nl/studeren/diplomawaardering"
)
SRC_EVC = "MBO Raad: Erkenning van verworven competenties (EVC), arbeidsmarkt- en onderwijsroute"
SRC_OLD_DIPLOMA = "Deltion College, wettelijke toelatingseisen (oude diploma's lbo/vbo/mavo)"
SRC_HBO = "KiesMBO: mbo-tour (niveaus, doorstromen naar een hoger niveau en naar het hbo)"

# --- duration (mbo-domain.md §2: general ranges; the four-year technician courses by SBB advice) ---
SRC_DURATION = "a12.nl/toelatingseisen; cvae.nl/ambachtelijke-opleidingen; roctop.nl/veelgestelde-vragen"
SRC_FOUR_YEARS = "SBB: opleidingen tot technicus service en onderhoud naar vier jaar (bijlage 4 Regeling 2016, 2017)"
FOUR_YEAR_CREBOS = frozenset({"25309", "25310"})

# --- BBL and money (mbo-domain.md §4) ---
SRC_BBL_HOURS = "MBO Raad begrippenlijst: beroepsbegeleidende leerweg (bbl)"
SRC_BBL_CONTRACT = "MBO Raad; ROC Tilburg (roctop.nl); Reglement erkenning leerbedrijven SBB"
SRC_FIND_COMPANY = (
    "Stagemarkt / leerbanenmarkt, zoeken op crebo (Da Vinci College studenteninformatie; Drenthe College)"
)
SRC_BBL_WAGE = (
    "Wettelijk minimumloon per 1 januari 2026, bbl-staffel van het Besluit minimumjeugdloon (Groothedde accountants,"
    " december 2025; dezelfde percentages als Rijksoverheid: bedragen minimumloon bbl 2024)"
)
SRC_FEES = (
    "Scalda, les- en cursusgeld 2024-2025; DUO; KiesMBO, kosten en financiering (het ministerie van OCW stelt lesgeld "
    "en cursusgeld elk jaar vast)"
)
SRC_TUITION = (
    'Lesgeld 2025-2026: Punt (Avans), 17-11-2025, "Minister Moes: mbo-studenten krijgen te weinig stufi" (boven de 18 '
    "maximaal 1.458 euro per jaar); DUO (in één keer of in 9 termijnen)"
)
SRC_LLK = "DUO: levenlanglerenkrediet"
SRC_BOL_PRACTICE = (
    "Kamerstuk 33880 nr. 2 (zoek.officielebekendmakingen.nl/kst-33880-2): beroepspraktijkvorming in de bol"
)
SRC_BOL_PAY = (
    "Stagepact mbo (2023): ten minste een onkostenvergoeding voor een stage (De Stentor, 2023-02); minister Bruins: "
    "geen verplichte stagevergoeding (Reformatorisch Dagblad, rd.nl, 2025-03)"
)
SRC_SWITCH_ROUTE = "ROC Tilburg (roctop.nl, veelgestelde vragen); ROC Midden Nederland (rocmn.nl, leerwegen en niveaus)"
SRC_ROUTE_OUTCOMES = "OCW in cijfers: aansluiting mbo-arbeidsmarkt, schoolverlaters 2019 (ocwincijfers.nl)"
SRC_SPL = "RVO: Subsidieregeling praktijkleren"
SRC_UWV = "UWV scholingsbudget WW (sinds 1-7-2018)"

BBL_BASICS = [
    Fact(text("facts.bbl.workplace"), SRC_BBL_CONTRACT),
    Fact(text("facts.bbl.hours"), SRC_BBL_HOURS),
    Fact(text("facts.bbl.contract"), SRC_BBL_CONTRACT),
    Fact(text("facts.bbl.approved_company"), SRC_BBL_CONTRACT),
]

# BOL beside BBL (study-choice-tools.md, "BBL" and "Outcomes"): the practice share, switching, work after school.
BOL_PRACTICE = Fact(text("facts.bol.practice"), SRC_BOL_PRACTICE)
BOL_PAY = Fact(text("facts.bol.pay"), SRC_BOL_PAY)
ROUTE_SWITCH = Fact(text("facts.bol.switch"), SRC_SWITCH_ROUTE)
ROUTE_OUTCOMES = Fact(text("facts.bol.outcomes"), SRC_ROUTE_OUTCOMES)

# Finding a workplace (leerbedrijf): where to search, by the course's crebo, and that the school helps.
FIND_COMPANY = text("facts.bbl.find_company")
FIND_COMPANY_FOR = text("facts.bbl.find_company_for")


def find_company(course_name: str | None, crebo: str | None) -> list[Fact]:
    where = fill(FIND_COMPANY_FOR, course=course_name, crebo=crebo) if course_name and crebo else FIND_COMPANY
    return [Fact(where, SRC_FIND_COMPANY), BBL_BASICS[2]]


# Texts of who pays what, read once (costs() runs in every advice).
WAGE_ANY_AGE = Fact(text("facts.wage.any_age"), SRC_BBL_WAGE)
WAGE_AT_AGE = text("facts.wage.at_age")
UNDER_18 = Fact(text("facts.costs.under_18"), SRC_FEES)
BOL_TUITION_FEE = Fact(text("facts.costs.bol_tuition_fee"), SRC_TUITION)
LIFELONG_LEARNING_CREDIT = Fact(text("facts.costs.lifelong_learning_credit"), SRC_LLK)
BBL_COURSE_FEE = text("facts.costs.bbl_course_fee")
COURSE_FEE_ANY_LEVEL = text("facts.costs.course_fee_any_level")
COURSE_FEE_LEVELS_1_2 = text("facts.costs.course_fee_levels_1_2")
COURSE_FEE_LEVELS_3_4 = text("facts.costs.course_fee_levels_3_4")
EMPLOYER_SUBSIDY = Fact(text("facts.costs.employer_subsidy"), SRC_SPL)
UNEMPLOYMENT_BENEFIT = Fact(text("facts.costs.unemployment_benefit"), SRC_UWV)
CIVIC_INTEGRATION = Fact(text("facts.costs.civic_integration"), SRC_INBURGERING)

# Statutory minimum hourly wage for BBL students, 1 January 2026 (gross, euro): 30, 34.5, 39.5, 45.5, 52.5, 61.5 and
# 100 % of the adult minimum of €14.71, the shares of the 2024 table (mbo-domain.md §4.2). It changes every 1 January
# and 1 July; the texts say the date.
BBL_MIN_WAGE = {15: 4.41, 16: 5.07, 17: 5.81, 18: 6.69, 19: 7.72, 20: 9.05, 21: 14.71}


def bbl_wage(age: int | None) -> Fact:
    if age is None:
        return WAGE_ANY_AGE
    wage = BBL_MIN_WAGE[min(max(age, 15), 21)]
    euro_en = f"{wage:.2f}"
    euro_nl = euro_en.replace(".", ",")
    return Fact(fill(WAGE_AT_AGE, age=age, wage=Text(euro_nl, euro_en)), SRC_BBL_WAGE)


def costs(
    age: int | None, route: str, level: int | None, jobseeker: bool = False, newcomer: bool = False
) -> list[Fact]:
    """Who pays what, for this person and route (2024-2025 amounts)."""
    result: list[Fact] = []
    if age is not None and age < 18:
        result.append(UNDER_18)
    else:
        if route in ("bol", "either"):
            result.append(BOL_TUITION_FEE)
            result.append(LIFELONG_LEARNING_CREDIT)
        if route in ("bbl", "either"):
            if level is None:
                fee = COURSE_FEE_ANY_LEVEL
            else:
                fee = COURSE_FEE_LEVELS_1_2 if level <= 2 else COURSE_FEE_LEVELS_3_4
            result.append(Fact(fill(BBL_COURSE_FEE, fee=fee), SRC_FEES))
    if route in ("bbl", "either"):
        result.append(EMPLOYER_SUBSIDY)
    if jobseeker:
        result.append(UNEMPLOYMENT_BENEFIT)
    if newcomer:
        result.append(CIVIC_INTEGRATION)
    return result
