"""What a person wants to do with the work (drive it, repair it, paint it, design it, lead it, sell it), and what each
course trains for, read from its name: "ik wil graafmachines besturen" is no mechanic's course, "car wraps and paint
jobs" no car mechanic's, though the same machines and cars are named.

Only explicit verbs count, and only courses whose name says their role; everything else is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A course's role from its (Dutch, official) qualification name.
_COURSE_ROLES: dict[str, re.Pattern[str]] = {
    "operate": re.compile(r"machinist|operator|chauffeur|schipper"),
    "repair": re.compile(r"monteur|technicus|reparateur|\bonderhoud"),
    "paint": re.compile(r"schilder|spuiter|lakverwerk"),
    "design": re.compile(r"tekenaar|ontwerper|engineering|technoloog|constructeur"),
    "lead": re.compile(r"uitvoerder|werkvoorbereider|middenkader|leidinggevende|manager|teamleider|projectleider"),
    "sell": re.compile(r"verkoop|adviseur|sales"),
}
# What a text says the person wants to do, in both languages.
_TEXT_ROLES: dict[str, re.Pattern[str]] = {
    "operate": re.compile(r"\b(?:rijden|rijd|besturen|bestuur|bedienen|drive|driving|operate|operating)\b"),
    "repair": re.compile(
        r"\b(?:repar\w*|sleutel\w*|fix\w*|repair\w*|onderhoud\w*|maintain\w*|maintenance|storing\w*|kapot\w*|"
        r"broken|faults?|klus\w*|odd jobs)\b"
    ),
    "paint": re.compile(r"\b(?:spuit\w*|verf|verven|lakken|schilder\w*|paint\w*|spray\w*|wraps?|coating\w*)\b"),
    "design": re.compile(r"\b(?:ontwerp\w*|tekenen|tekening\w*|tekentafel|design\w*|draw\w*|cad)\b"),
    "lead": re.compile(
        r"\b(?:plannen|planning|leidinggeven\w*|leiding geven|de leiding|leider|organiseren|overzicht|lead|leading|"
        r"werkvoorbereid\w*|werk voorbereiden|preparing the work|work preparation|"
        r"manage\w*|supervis\w*|run the work)\b"
    ),
    "sell": re.compile(
        r"\b(?:verkopen|verkoop|verkoper|verkocht\w*|sell\w*|sold|sales|advis\w*|advies\w*|adviseren|offerte\w*|quotes?|"
        r"quotations?|(?:talk\w*|praten) (?:\w+ )?(?:to|with|met) (?:people|mensen)|"
        r"klantcontact|front desk|balie|(?:met|with) (?:de |the )?(?:klanten|customers)|"
        r"(?:talk\w*|praten|chillen) (?:\w+ )?(?:to|with|met) (?:de |the )?(?:klanten|customers))\b"
    ),
}


# Words that say how far into the trade someone wants to go: more (working alone, leading, designing, years of work
# behind them) or less (a first step, simple work). In the relevance cases they point to the higher level of a trade
# 48 times against 5 and to the lower 20 times against 2 (bench/relevance, non-blind sets, 2026-12-06).
_FURTHER = re.compile(
    r"\b(?:zelfstandig\w*|allround|ervaren|ervaring|experienced?|experience|doorgroei\w*|verder (?:leren|groeien)|"
    r"specialist\w*|diagnos\w*|ontwerp\w*|design\w*|leiding\w*|inwerken|train\w* (?:the )?new|niet alleen|"
    r"not just|not only|moeilijk\w*|complex\w*|lead\w*|independent\w*|on my own|eindverantwoordelijk\w*|"
    r"verantwoordelijk\w*|responsib\w*|advanced|gevorderd\w*|jaar (?:als|bij|in|ervaring)|years? (?:as|of|in|at)|"
    r"move up|moving up|next step|volgende stap|stap verder|train\w* (?:the |de )?(?:juniors?|younger|apprentices?)|"
    r"guid\w* (?:the |a )?(?:\w+ )?(?:new|younger|juniors?|mechanics|fitters|crew|team|guys)|begeleid\w*|"
    r"coordinat\w*|coordiner\w*|supervis\w*)\b"
)
_FIRST_STEP = re.compile(
    r"\b(?:beginnen|beginner|starten|eenvoudig\w*|simpel\w*|simple|basic|helpen|helping|assist\w*|vmbo[- ]?basis|"
    r"basisberoeps|geen ervaring|no experience|gewoon|nieuw in|first step|eerste stap)\b"
)


# Years in a trade ("for two years", "al 5 jaar"), not of age or of a stay ("I'm 17", "2 jaar in Nederland")
_COUNT = (
    r"(?:\d+|een paar|paar|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|twintig|a few|few|several|many|two|"
    r"three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
)
_YEARS = re.compile(
    rf"(?<!\bben )(?<!\bam )(?<!\bi'm )(?<!\bim )(?<!\bis )\b{_COUNT} (?:jaar|jaren|years?)\b(?! (?:oud|old)\b)"
)
_NO_WORK_YEARS = re.compile(
    r"\b(?:oud|old|ago|geleden|woon\w*|wonen|live[ds]?|living|nederland|netherlands|holland|here|hier|school|"
    r"stud\w*|learn\w*|leer\w*|taal|language|dutch|nederlands|diploma|age)\b"
)
# A first step said of the work one does now ("three years as a basic mechanic") asks for no first step
_NOW_OR_BEFORE = re.compile(
    r"\b(?:i'?ve been|i have been|has been|heeft|i work|i'?m working|worked|werk(?:te)? (?:al|nu)|ik was|i was|"
    r"can do|kan al|(?:years?|jaar) (?:as|als))\b"
)


def _clauses(folded_text: str) -> list[str]:
    return [c for c in re.split(r"[.,;:!?]| but | maar ", folded_text) if c.strip()]


def year_sentences(folded_text: str) -> list[str]:
    """The sentences that tell years in a trade ("for two years", "al 5 jaar"; not "ik ben 16 jaar")."""
    return [
        sentence
        for sentence in re.split(r"[.;!?]", folded_text)
        if any(_YEARS.search(c) and not _NO_WORK_YEARS.search(c) for c in _clauses(sentence))
    ]


def seniority(folded_text: str, years: bool = False) -> int:
    """+1 when the text asks for more of a trade than its first level (``years``: or tells years in the trade it
    wants), -1 for a first step, 0 for neither or both."""
    first = any(_FIRST_STEP.search(c) and not _NOW_OR_BEFORE.search(c) for c in _clauses(folded_text))
    return int(bool(years or _FURTHER.search(folded_text))) - int(first)


# The trade an office course prepares, draws or leads the work of, from its name (the broad fields of work of
# data/catalog/interests.yml): who comes from that trade ("ik heb tien jaar als lasser gewerkt", "plumber for 12
# years") and wants to go into the office meets the work planner or draughtsman of their own trade first
_COURSE_TRADES: dict[str, re.Pattern[str]] = {
    "metaal": re.compile(r"fabricage|constructeur|werktuigbouw\b"),
    "installatie": re.compile(r"installaties|koude"),
    "elektro": re.compile(r"elektrotechniek"),
    "hout": re.compile(r"hout|meubel"),
    "bouw": re.compile(r"(?<!interieur)bouw|aannemerij|constructeur"),
    "afbouw": re.compile(r"aannemerij"),
    "infra": re.compile(r"infra|grond-|landmeet"),
}
_OFFICE_ROLES = frozenset({"design", "lead"})


def course_trades(name: str) -> frozenset[str]:
    """The trades whose work an office course (a draughtsman, a work planner, a site manager) prepares or leads."""
    low = name.lower()
    if not course_roles(name) & _OFFICE_ROLES:
        return frozenset()
    return frozenset(trade for trade, rx in _COURSE_TRADES.items() if rx.search(low))


def wants_office_work(folded_wish: str) -> bool:
    """The wish names drawing, designing, planning or leading the work."""
    return bool(wanted_roles(folded_wish) & _OFFICE_ROLES)


def course_roles(name: str) -> frozenset[str]:
    low = name.lower()
    return frozenset(role for role, rx in _COURSE_ROLES.items() if rx.search(low))


# Working from a drawing is no designing: "putting machines together, following the drawing" made the assembly
# technician's course the wrong role and put the draughtsmen first
_READS_DRAWING = re.compile(
    r"\b(?:follow\w*|read\w*|lezen|leest|lees|volgens|vanaf|from|using)\s+(?:the\s+|de\s+|een\s+|a\s+)?"
    r"(?:drawings?|tekening\w*|bouwtekening\w*|plans?)\b|"
    r"\b(?:drawings?|tekening\w*|bouwtekening\w*)\s+(?:lezen|leest|lees|read\w*|follow\w*|volgen)\b"
)


def wanted_roles(folded_text: str) -> frozenset[str]:
    text = _READS_DRAWING.sub(" ", folded_text)
    return frozenset(role for role, rx in _TEXT_ROLES.items() if rx.search(text))


# Words of a wish for other work than one's own ("kan ik nog iets anders leren?"; also bot/intake.py)
CHANGE_WISH_WORDS = (
    r"iets anders|ander werk|ander vak|een ander beroep|iets nieuws|omscholen|something else|something different|"
    r"another job|a different job|retrain\w*|change careers?|"
    # a reason to stop: "20 jaar op de vrachtwagen, mijn rug wil niet meer", "my knees can't take it any more"
    r"(?:wil|kan|gaat|lukt|trekt) (?:\w+ )?niet meer|ben (?:er )?klaar mee|afgekeurd|"
    r"can'?t (?:\w+ ){0,3}any ?more|no longer"
)
# The wish turns away from the work named before it: "verkoper in een autozaak, nu wil ik de technische kant leren"
_TURNS_AWAY = re.compile(
    r"\b(?:technische kant|technical side|de techniek in|liever|rather|instead|meer interesse|more interested|"
    rf"switch\w*|overstappen|{CHANGE_WISH_WORDS})\b"
)


def left_roles(folded_text: str, wish: str | None) -> frozenset[str]:
    """The roles of the work someone turns away from (``wish``: the folded words of the wish after it, or None):
    "Ik werkte als verkoper in een autozaak, nu wil ik de technische kant leren" put the car sales courses first."""
    if not wish or not _TURNS_AWAY.search(wish) or not folded_text.endswith(wish):
        return frozenset()
    return wanted_roles(folded_text[: len(folded_text) - len(wish)]) - wanted_roles(wish)


def clashes(wanted: frozenset[str], roles: Iterable[frozenset[str]], left: frozenset[str] = frozenset()) -> list[bool]:
    """Per course: it has a role, and none of the roles the person named (or only roles they leave behind)."""
    wanted = wanted - left
    return [bool(r) and ((bool(wanted) and not (r & wanted)) or (bool(left) and r <= left)) for r in roles]
