"""Verified facts the advisor may state, each with its source (../shared/research/mbo-domain.md §3-4).

Amounts carry their year; the bot must say the year and that the amounts change every year.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Text


@dataclass(frozen=True)
class Fact:
    text: Text
    source: str


def _fact(nl: str, en: str, source: str) -> Fact:
    return Fact(Text(nl, en), source)


# --- admission (mbo-domain.md §3.1-3.4) ---
SRC_ADMISSION = "Wettelijke toelatingseisen mbo (Da Vinci College, Deltion College, Drenthe College, mboRijnland)"
SRC_SWITCH = "Doorstroomregeling vmbo-mbo 2020 art. 2-3 (BWBR0043852); Regio College doorstroomregeling"
SRC_18PLUS = "Toelatingsonderzoek 18+: Drenthe College (Commissie Bijzondere Toelating), ROC van Twente"
SRC_LANGUAGE = "Besluit referentieniveaus Nederlandse taal en rekenen (Stb. 2010, 265)"
SRC_INBURGERING = "Wet inburgering 2021: onderwijsroute en taalschakeltraject (schulinck.nl, gemeenten)"
SRC_VAVO = "Vavo voor 18+ (ROC Kop van Noord-Holland)"
SRC_EVC = "MBO Raad: Erkenning van verworven competenties (EVC), arbeidsmarkt- en onderwijsroute"
SRC_OLD_DIPLOMA = "Deltion College, wettelijke toelatingseisen (oude diploma's lbo/vbo/mavo)"

# --- BBL and money (mbo-domain.md §4) ---
SRC_BBL_HOURS = "MBO Raad begrippenlijst: beroepsbegeleidende leerweg (bbl)"
SRC_BBL_CONTRACT = "MBO Raad; ROC Tilburg (roctop.nl); Reglement erkenning leerbedrijven SBB"
SRC_BBL_WAGE = "Rijksoverheid: bedragen minimumloon bbl per 1 januari 2024"
SRC_FEES = "Scalda, les- en cursusgeld 2024-2025; DUO"
SRC_LLK = "DUO: levenlanglerenkrediet"
SRC_SPL = "RVO: Subsidieregeling praktijkleren"
SRC_UWV = "UWV scholingsbudget WW (sinds 1-7-2018)"

BBL_BASICS = [
    _fact(
        "Bij BBL werk je bij een erkend leerbedrijf en ga je meestal 1 dag per week naar school (vaak 4 dagen werk, 1 dag school).",
        "In BBL you work at an approved training company and usually go to school 1 day a week (often 4 days work, 1 day school).",
        SRC_BBL_CONTRACT,
    ),
    _fact(
        "Per studiejaar: minimaal 610 uur leren in de praktijk en minimaal 200 uur begeleide lessen.",
        "Per school year: at least 610 hours of learning at work and at least 200 hours of guided lessons.",
        SRC_BBL_HOURS,
    ),
    _fact(
        "Je tekent een praktijkovereenkomst (school, jij en het leerbedrijf) en meestal ook een arbeidscontract. Zonder werkplek kun je niet starten; vraag de school om hulp bij het zoeken.",
        "You sign a work placement agreement (school, you and the company) and usually an employment contract. You cannot start without a workplace; ask the school to help you find one.",
        SRC_BBL_CONTRACT,
    ),
    _fact(
        "Het leerbedrijf moet door SBB erkend zijn. Erkende leerbedrijven vind je op stagemarkt.nl en leerbanenmarkt.nl.",
        "The company must be approved by SBB. You can find approved companies on stagemarkt.nl and leerbanenmarkt.nl.",
        SRC_BBL_CONTRACT,
    ),
]

# Statutory minimum hourly wage for BBL students, 1 January 2024 (gross, euro).
BBL_MIN_WAGE_2024 = {15: 3.98, 16: 4.58, 17: 5.24, 18: 6.04, 19: 6.97, 20: 8.16, 21: 13.27}


def bbl_wage(age: int | None) -> Fact:
    if age is None:
        return _fact(
            "Je krijgt loon. Het wettelijk minimum voor BBL hangt af van je leeftijd: in 2024 van €3,98 bruto per uur (15 jaar) tot €13,27 (21+). Veel cao's betalen meer.",
            "You are paid. The legal BBL minimum depends on your age: in 2024 from €3.98 gross per hour (age 15) to €13.27 (21+). Many collective agreements pay more.",
            SRC_BBL_WAGE,
        )
    wage = BBL_MIN_WAGE_2024[min(max(age, 15), 21)]
    euro_nl = f"{wage:.2f}".replace(".", ",")
    return _fact(
        f"Met {age} jaar is het wettelijk minimumloon voor BBL €{euro_nl} bruto per uur (2024). Veel cao's betalen meer.",
        f"At {age}, the legal minimum wage for BBL is €{wage:.2f} gross per hour (2024). Many collective agreements pay more.",
        SRC_BBL_WAGE,
    )


def costs(
    age: int | None, route: str, level: int | None, jobseeker: bool = False, newcomer: bool = False
) -> list[Fact]:
    """Who pays what, for this person and route (2024-2025 amounts)."""
    result: list[Fact] = []
    if age is not None and age < 18:
        result.append(
            _fact(
                "Ben je op 1 augustus jonger dan 18? Dan betaal je geen lesgeld of cursusgeld.",
                "Under 18 on 1 August? Then you pay no tuition fee.",
                SRC_FEES,
            )
        )
    else:
        if route in ("bol", "either"):
            result.append(
                _fact(
                    "BOL vanaf 18 jaar: je betaalt lesgeld aan DUO: €1.419 in 2024-2025 (in één keer of in 9 termijnen).",
                    "BOL from age 18: you pay a tuition fee to DUO: €1,419 in 2024-2025 (at once or in 9 instalments).",
                    SRC_FEES,
                )
            )
            result.append(
                _fact(
                    "Heb je geen recht meer op studiefinanciering? Voor BOL kun je het levenlanglerenkrediet lenen (tot 57 jaar). Voor BBL kan dat niet.",
                    "No right to student finance any more? For BOL you can borrow with the lifelong learning credit (up to age 57). Not for BBL.",
                    SRC_LLK,
                )
            )
        if route in ("bbl", "either"):
            fee = "€295 (niveau 1-2) of €715 (niveau 3-4)" if level is None else ("€295" if level <= 2 else "€715")
            fee_en = "€295 (levels 1-2) or €715 (levels 3-4)" if level is None else ("€295" if level <= 2 else "€715")
            result.append(
                _fact(
                    f"BBL vanaf 18 jaar: je betaalt cursusgeld aan de school: {fee} in 2024-2025. Vaak betaalt de werkgever dit.",
                    f"BBL from age 18: you pay a course fee to the school: {fee_en} in 2024-2025. The employer often pays it.",
                    SRC_FEES,
                )
            )
    if route in ("bbl", "either"):
        result.append(
            _fact(
                "De werkgever van een BBL-student kan subsidie krijgen (Subsidieregeling praktijkleren, tot €2.700 per leerplek per jaar; hoe het na 2024 verder gaat, vraag je na bij RVO).",
                "The employer of a BBL student can get a subsidy (practical learning subsidy, up to €2,700 per place per year; check with RVO how it continues after 2024).",
                SRC_SPL,
            )
        )
    if jobseeker:
        result.append(
            _fact(
                "Heb je een WW-uitkering? UWV kan scholing betalen: tot €2.500 voor scholing naar een beroep met veel vacatures, of meer als je een baangarantie hebt.",
                "On unemployment benefit (WW)? UWV can pay for training: up to €2,500 towards an occupation with many vacancies, or more with a job guarantee.",
                SRC_UWV,
            )
        )
    if newcomer:
        result.append(
            _fact(
                "Ben je inburgeringsplichtig? De gemeente maakt met jou een plan (PIP) en regelt de onderwijsroute of taalschakeltraject.",
                "Do you have to take the civic integration route? The municipality makes a plan with you (PIP) and arranges the education route or language bridging course.",
                SRC_INBURGERING,
            )
        )
    return result
