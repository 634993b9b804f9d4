"""Help for the undecided: a few either/or choices for a person who cannot say what they like.

"Wat doe je liever: iets repareren of iets ontwerpen?" A pupil who answers "geen idee" to "what do you like?"
can nearly always pick one of two concrete things. Each answer adds RIASEC weights and interest tags; the tags are
words from ``data/catalog/interests.yml``, so the advice engine's keyword matching uses them like free text, and
the RIASEC scores feed its similarity term. The advice then explains itself from the choices ("omdat je koos
voor: repareren en buiten werken").

Source. The items are adapted from the public-domain RIASEC Markers: P. I. Armstrong, W. Allison & J. Rounds
(2008), "Development and initial validation of brief public domain RIASEC marker scales", Journal of Vocational
Behavior 73, 287-299 (activity items selected from the 30-item RIASEC scales of the O*NET Interest Profiler;
the paper calls them public domain). See ``../shared/research/study-choice-tools.md`` §5: §5.1 (candidate
instruments; "adaptive follow-ups only inside the top two types ... stopping when the top-3 options are stable")
and §5.2 (technical MBO work is R first, then I and/or C; the discriminating questions are I (diagnose, measure,
program) vs C (procedures, accuracy) vs more R (physical, outdoors, building)). The markers are rating scales
over six types; since nearly everyone who comes to a technical advisor is R first, the items here are not
translations but forced choices between marker-style activities of different technical fields (mechanics,
electrical, installation, building, factory/process, ICT, engineering). They are an editorial adaptation by the
Kansrijk team, not a validated test: they suggest courses to look at and are never used to screen anyone
(study-choice-tools.md §5.1, O*NET's own rule). Each item names the activities it paraphrases; they are quoted from the
O*NET Interest Profiler activity pool from which the markers were selected (which of them made the final 8-item
marker sets is to be checked against the paper's appendix: not verified here).

Everything here is plain data and pure functions; the chat decides when to offer the items and stores the result
in the profile (`apply`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from .i18n import Text
from .profile import RIASEC_KEYS, Profile
from .textmatch import NEGATORS, fold, stem, tokens
from .texts import series, text
from .understand.vocab import ORDINALS

if TYPE_CHECKING:  # the catalogue is only needed for the stop rule; advice is imported when it is used
    from .catalog.store import Catalog

MAX_ITEMS = 5  # never more than this many items: the whole intake must fit in 14 chat turns
MIN_ITEMS = 3  # the ranking may only be called stable after this many answers
STABLE_ANSWERS = 1  # ... when this many last answers (the last one a choice) left the top unchanged
TOP_N = 3  # how many courses (or RIASEC letters: TOP_LETTERS) must stay the same
TOP_LETTERS = 2
DONT_KNOW = "dont_know"
FUZZY_WORDS = 12  # typos are corrected in answers of up to this many words (longer text: exact words only)


@dataclass(frozen=True)
class Option:
    key: str
    label: Text  # short, lower case; a button title and a part of "omdat je koos voor: ..."
    riasec: Mapping[str, float]  # weights 0..1 per RIASEC letter
    tags: tuple[str, ...]  # keywords of data/catalog/interests.yml that this choice stands for
    words: tuple[str, ...]  # Dutch and English words that pick this option in free text


@dataclass(frozen=True)
class Item:
    key: str
    question: Text
    options: tuple[Option, ...]


# --- the item bank ------------------------------------------------------------------------------------------------
# Ordered so that the first two or three answers separate the main technical fields: the first item splits
# building, factory/workshop and computer work; its follow-up splits structure, finishing and installations (for
# building), machines, electricity and heating (for factory/workshop), or programming, networks and drawing (for
# computer work); machines get one more follow-up (vehicles, industrial machines, metalwork). Then come the
# "how do you like to work" items (R vs A/I, outside vs inside, C vs I, S/E vs R), which mostly reorder within the
# field. Someone who says "weet ik niet" to the first item gets the simpler "hands or computer?" instead.
# Tags were chosen per option so that they match the curated keywords of the fields named in the comment; the
# field items carry two to four tags, the "how" items one or two, so that a later "how" answer refines the field
# instead of overruling it (a keyword listed in many fields of work weighs less in the advice engine).

ITEMS: tuple[Item, ...] = (
    # Markers: R "build kitchen cabinets", "lay brick or tile" vs R "set up and operate machines to make products",
    # "assemble electronic parts" vs C "develop a spreadsheet using computer software", "install software across
    # computers on a large network". Building vs factory/workshop vs ICT and technical drawing.
    Item(
        "work_place",
        text("undecided.item.work_place.question"),
        (
            Option(
                "building",
                text("undecided.item.work_place.building"),
                {"R": 1.0, "C": 0.2},
                ("bouwen", "bouwplaats"),
                (
                    "bouw",
                    "bouwen",
                    "bouwplaats",
                    "huizen",
                    "huis",
                    "gebouwen",
                    "hout",
                    "timmeren",
                    "metselen",
                    "build",
                    "building",
                    "construction",
                    "building site",
                    "houses",
                    "wood",
                    "carpentry",
                    "buiten",  # of the three, the building site is the outdoor one
                    "buitenlucht",
                    "outside",
                    "outdoors",
                ),
            ),
            Option(
                "factory",
                text("undecided.item.work_place.factory"),
                {"R": 0.9, "C": 0.5},
                ("fabriek", "werkplaats", "metaal"),
                (
                    "fabriek",
                    "werkplaats",
                    "garage",
                    "metaal",
                    "productie",
                    "industrie",
                    "machines",
                    "auto",
                    "autos",
                    "lassen",
                    "factory",
                    "workshop",
                    "metal",
                    "production",
                    "industry",
                    "machines",
                    "car",
                    "cars",
                    "welding",
                ),
            ),
            Option(
                "computer",
                text("undecided.item.work_place.computer"),
                {"I": 0.6, "C": 0.6, "A": 0.2, "R": 0.2},
                ("computer",),
                (
                    "computer",
                    "computers",
                    "pc",
                    "laptop",
                    "scherm",
                    "digitaal",
                    "ict",
                    "kantoor",
                    "screen",
                    "digital",
                    "office",
                ),
            ),
        ),
    ),
    # Only after "weet ik niet" to the first item: the simplest split. Markers: R "build kitchen cabinets",
    # "assemble electronic parts" vs C "develop a spreadsheet using computer software".
    Item(
        "hands_or_computer",
        text("undecided.item.hands_or_computer.question"),
        (
            Option(
                "hands",
                text("undecided.item.hands_or_computer.hands"),
                {"R": 1.0},
                (),
                (
                    "handen",
                    "hand",
                    "handwerk",
                    "praktisch",
                    "gereedschap",
                    "sleutelen",
                    "klussen",
                    "hands",
                    "manual",
                    "practical",
                    "tools",
                ),
            ),
            Option(
                "screen",
                text("undecided.item.hands_or_computer.screen"),
                {"I": 0.6, "C": 0.6, "A": 0.2, "R": 0.2},
                ("computer",),
                ("computer", "computers", "pc", "laptop", "scherm", "digitaal", "ict", "screen", "digital"),
            ),
        ),
    ),
    # ICT follow-up. Markers: I/A "create special effects for movies" (programming, games) vs C "install software
    # across computers on a large network" vs A "draw pictures" (technical drawing, CAD).
    Item(
        "computer_kind",
        text("undecided.item.computer_kind.question"),
        (
            Option(
                "programming",
                text("undecided.item.computer_kind.programming"),
                {"I": 0.8, "A": 0.5, "C": 0.3},
                ("programmeren", "software", "games"),
                (
                    "programmeren",
                    "programmeur",
                    "coderen",
                    "code",
                    "software",
                    "apps",
                    "app",
                    "games",
                    "gamen",
                    "programming",
                    "coding",
                    "developer",
                ),
            ),
            Option(
                "networks",
                text("undecided.item.computer_kind.networks"),
                {"C": 0.7, "R": 0.5, "I": 0.5},
                ("netwerken", "servers", "helpdesk"),
                (
                    "netwerk",
                    "netwerken",
                    "computernetwerken",
                    "servers",
                    "server",
                    "helpdesk",
                    "systeembeheer",
                    "beheer",
                    "network",
                    "networks",
                    "networking",
                    "support",
                ),
            ),
            Option(
                "drawing",
                text("undecided.item.computer_kind.drawing"),
                {"R": 0.5, "A": 0.5, "C": 0.5, "I": 0.3},
                ("tekenen", "cad", "3d"),
                ("tekenen", "tekening", "3d", "cad", "modelleren", "drawing", "drafting", "modelling", "modeling"),
            ),
        ),
    ),
    # Building follow-up. Markers: R "lay brick or tile", "build kitchen cabinets". Structural work vs finishing
    # trades vs installations in buildings (electrical, heating: asked next).
    Item(
        "structure_or_finishing",
        text("undecided.item.structure_or_finishing.question"),
        (
            Option(
                "structure",
                text("undecided.item.structure_or_finishing.structure"),
                {"R": 1.0, "C": 0.2},
                ("metselen", "timmeren", "beton"),
                (
                    "metselen",
                    "metselaar",
                    "timmeren",
                    "timmerman",
                    "beton",
                    "ruwbouw",
                    "muren",
                    "daken",
                    "houses",
                    "bricklaying",
                    "brick",
                    "carpentry",
                    "carpenter",
                    "concrete",
                    "walls",
                    "roofs",
                ),
            ),
            Option(
                "finishing",
                text("undecided.item.structure_or_finishing.finishing"),
                {"R": 0.9, "A": 0.4, "C": 0.3},
                ("afbouw", "tegels", "schilderen", "stukadoor"),
                (
                    "afwerken",
                    "afwerking",
                    "afbouw",
                    "tegels",
                    "tegelzetten",
                    "stucen",
                    "stukadoor",
                    "schilderen",
                    "verven",
                    "finishing",
                    "tiles",
                    "tiling",
                    "plastering",
                    "painting",
                    "paint",
                ),
            ),
            Option(
                "installing",
                text("undecided.item.structure_or_finishing.installing"),
                {"R": 1.0, "I": 0.3, "C": 0.2},
                ("installeren", "leidingen"),
                (
                    "installaties",
                    "installatie",
                    "installeren",
                    "aanleggen",
                    "leidingen",
                    "stroom",
                    "verwarming",
                    "installations",
                    "installation",
                    "installing",
                    "install",
                    "wiring",
                ),
            ),
        ),
    ),
    # Factory/workshop (and installations) follow-up. Markers: R "repair household appliances", "set up and
    # operate machines to make products" vs "assemble electronic parts"; heating and water is an MBO adaptation.
    # Mechanics (vehicles, maintenance, metal) vs electrical vs installation (heating).
    Item(
        "machines_power_heat",
        text("undecided.item.machines_power_heat.question"),
        (
            Option(
                "machines",
                text("undecided.item.machines_power_heat.machines"),
                {"R": 1.0, "I": 0.3},
                ("motoren", "sleutelen", "machines"),
                (
                    "machine",
                    "machines",
                    "motor",
                    "motoren",
                    "mechanisch",
                    "sleutelen",
                    "auto",
                    "autos",
                    "lassen",
                    "motors",
                    "engine",
                    "engines",
                    "mechanical",
                    "mechanics",
                    "car",
                    "cars",
                    "welding",
                ),
            ),
            Option(
                "power",
                text("undecided.item.machines_power_heat.power"),
                {"R": 0.8, "I": 0.6},
                ("stroom", "elektriciteit", "elektronica", "kabels"),
                (
                    "stroom",
                    "elektriciteit",
                    "elektronica",
                    "elektro",
                    "elektrisch",
                    "elektricien",
                    "electricity",
                    "electronics",
                    "electrical",
                    "electric",
                    "electrician",
                    "power",
                ),
            ),
            Option(
                "heat",
                text("undecided.item.machines_power_heat.heat"),
                {"R": 1.0, "C": 0.3},
                ("warmtepomp", "verwarming", "airco"),
                (
                    "verwarming",
                    "warmte",
                    "water",
                    "cv",
                    "warmtepomp",
                    "leidingen",
                    "loodgieter",
                    "heating",
                    "heat",
                    "boiler",
                    "boilers",
                    "plumbing",
                    "pipes",
                ),
            ),
        ),
    ),
    # Machines follow-up. Markers: R "set up and operate machines to make products", "test the quality of parts
    # before shipment"; vehicles and metalwork are MBO adaptations. Vehicles vs industrial machines (mechatronics,
    # maintenance) vs metalwork (welding, machining).
    Item(
        "vehicles_or_industry",
        text("undecided.item.vehicles_or_industry.question"),
        (
            Option(
                "vehicles",
                text("undecided.item.vehicles_or_industry.vehicles"),
                {"R": 1.0, "I": 0.3},
                ("auto", "voertuigen", "fiets", "vliegtuigen"),
                (
                    "auto",
                    "autos",
                    "voertuig",
                    "voertuigen",
                    "fiets",
                    "fietsen",
                    "brommer",
                    "scooter",
                    "vliegtuig",
                    "vliegtuigen",
                    "vrachtwagen",
                    "car",
                    "cars",
                    "vehicle",
                    "vehicles",
                    "bike",
                    "bikes",
                    "aircraft",
                    "plane",
                    "planes",
                    "truck",
                    "trucks",
                ),
            ),
            Option(
                "industry",
                text("undecided.item.vehicles_or_industry.industry"),
                {"R": 1.0, "I": 0.5, "C": 0.3},
                ("robots", "mechanica", "productielijn"),
                (
                    "robot",
                    "robots",
                    "fabriek",
                    "productielijn",
                    "industrie",
                    "machines",
                    "mechatronica",
                    "factory",
                    "industry",
                    "industrial",
                    "production",
                ),
            ),
            Option(
                "metalwork",
                text("undecided.item.vehicles_or_industry.metalwork"),
                {"R": 1.0, "C": 0.4, "I": 0.2},
                ("lassen", "metaal", "frezen"),
                (
                    "metaal",
                    "metalen",
                    "lassen",
                    "lasser",
                    "draaien",
                    "frezen",
                    "cnc",
                    "staal",
                    "constructie",
                    "metal",
                    "metalwork",
                    "welding",
                    "welder",
                    "turning",
                    "milling",
                    "steel",
                ),
            ),
        ),
    ),
    # Markers: R "repair household appliances" vs A "draw pictures": maintenance and vehicle repair vs engineering
    # and design.
    Item(
        "repair_or_design",
        text("undecided.item.repair_or_design.question"),
        (
            Option(
                "repair",
                text("undecided.item.repair_or_design.repair"),
                {"R": 1.0, "I": 0.4},
                ("repareren",),
                (
                    "repareren",
                    "reparatie",
                    "fixen",
                    "herstellen",
                    "onderhoud",
                    "repair",
                    "repairing",
                    "fix",
                    "fixing",
                    "mend",
                ),
            ),
            Option(
                "design",
                text("undecided.item.repair_or_design.design"),
                {"A": 0.7, "I": 0.6, "R": 0.3},
                ("ontwerpen",),
                ("ontwerpen", "ontwerp", "bedenken", "tekenen", "design", "designing", "invent", "drawing", "draw"),
            ),
        ),
    ),
    # Markers: R "put out forest fires" (outdoor R work). Infra, grid, roofs and public space vs workshop,
    # factory, lab and office.
    Item(
        "outside_or_inside",
        text("undecided.item.outside_or_inside.question"),
        (
            Option(
                "outside",
                text("undecided.item.outside_or_inside.outside"),
                {"R": 1.0},
                ("buiten werken",),
                ("buiten", "buitenlucht", "buitenwerk", "outside", "outdoors", "outdoor", "open air"),
            ),
            Option(
                "inside",
                text("undecided.item.outside_or_inside.inside"),
                {"R": 0.5, "C": 0.3},
                (),
                ("binnen", "binnenwerk", "binnenshuis", "droog", "inside", "indoors", "indoor"),
            ),
        ),
    ),
    # Markers: I "investigate the cause of a fire", "conduct chemical experiments" vs C "proofread records or
    # forms", "keep shipping and receiving records" (technical forms: checklists, procedures). Troubleshooting
    # and measuring vs operating a process.
    Item(
        "plan_or_explore",
        text("undecided.item.plan_or_explore.question"),
        (
            Option(
                "plan",
                text("undecided.item.plan_or_explore.plan"),
                {"C": 1.0, "R": 0.4},
                ("operator",),
                (
                    "plan",
                    "planning",
                    "precies",
                    "regels",
                    "stappen",
                    "controleren",
                    "nauwkeurig",
                    "rules",
                    "steps",
                    "exact",
                    "exactly",
                    "precise",
                    "checklist",
                ),
            ),
            Option(
                "explore",
                text("undecided.item.plan_or_explore.explore"),
                {"I": 1.0, "R": 0.4},
                ("meten", "storingen"),
                (
                    "uitzoeken",
                    "uitvogelen",
                    "onderzoeken",
                    "onderzoek",
                    "snappen",
                    "begrijpen",
                    "ontdekken",
                    "puzzelen",
                    "find out",
                    "figure out",
                    "explore",
                    "research",
                    "understand",
                    "investigate",
                    "discover",
                    "how it works",
                    "hoe het werkt",
                    "hoe iets werkt",
                ),
            ),
        ),
    ),
    # Markers: S "give career guidance to people", E "sell merchandise at a department store", "start your own
    # business" vs R activities. Customer work (service, sales, kitchens) vs working on the job itself.
    Item(
        "people_or_work",
        text("undecided.item.people_or_work.question"),
        (
            Option(
                "people",
                text("undecided.item.people_or_work.people"),
                {"S": 0.7, "E": 0.7, "R": 0.3},
                ("klanten",),
                (
                    "klanten",
                    "klant",
                    "mensen",
                    "contact",
                    "helpen",
                    "verkopen",
                    "verkoop",
                    "advies",
                    "customers",
                    "customer",
                    "people",
                    "clients",
                    "selling",
                    "sales",
                    "advice",
                    "helping",
                ),
            ),
            Option(
                "work",
                text("undecided.item.people_or_work.work"),
                {"R": 0.8},
                (),
                ("zelf", "alleen", "rustig", "zelfstandig", "myself", "alone", "on my own", "quiet", "independent"),
            ),
        ),
    ),
)

BY_KEY: dict[str, Item] = {item.key: item for item in ITEMS}
OPTIONS: dict[str, Option] = {opt.key: opt for item in ITEMS for opt in item.options}
ITEM_OF: dict[str, str] = {opt.key: item.key for item in ITEMS for opt in item.options}
TAGS: frozenset[str] = frozenset(tag for opt in OPTIONS.values() for tag in opt.tags)

_COMPUTER = frozenset({"computer", "screen"})
# Follow-ups: asked only after one of these choices.
ONLY_AFTER: dict[str, frozenset[str]] = {
    "computer_kind": _COMPUTER,
    "structure_or_finishing": frozenset({"building"}),
    "vehicles_or_industry": frozenset({"machines"}),
}
# Items that no longer fit after one of these choices.
SKIP_AFTER: dict[str, frozenset[str]] = {
    "hands_or_computer": frozenset({"building", "factory", "computer"}),
    "machines_power_heat": _COMPUTER | {"structure", "finishing"},
    "vehicles_or_industry": frozenset({"building"}),
    "outside_or_inside": _COMPUTER,
    "plan_or_explore": _COMPUTER,
    "people_or_work": _COMPUTER,
}
# A choice that opens an item: that item is asked next, also when the ranking has not moved yet ("installaties"
# is refined by machines/electricity/heating before the ranking may be called stable).
OPENS: dict[str, str] = {
    "computer": "computer_kind",
    "screen": "computer_kind",
    "building": "structure_or_finishing",
    "factory": "machines_power_heat",
    "installing": "machines_power_heat",
    "machines": "vehicles_or_industry",
}

DONT_KNOW_LABEL = text("undecided.dont_know")


# --- the answers --------------------------------------------------------------------------------------------------
Answers = Sequence[tuple[str, "str | None"]]


def _clean(answers: Iterable[tuple[str, str | None]] | None) -> list[tuple[str, str | None]]:
    """Known items only, once each (a later answer replaces an earlier one); unknown options count as "weet niet"."""
    out: list[tuple[str, str | None]] = []
    for pair in answers or ():
        try:
            item_key, option_key = pair
        except (TypeError, ValueError):
            continue
        item = BY_KEY.get(item_key) if isinstance(item_key, str) else None
        if item is None:
            continue
        valid = option_key if any(o.key == option_key for o in item.options) else None
        out = [a for a in out if a[0] != item_key] + [(item_key, valid)]
    return out


def chosen(answers: Answers) -> list[str]:
    return [opt for _, opt in _clean(answers) if opt]


def result(answers: Answers) -> tuple[dict[str, float], list[str], list[str]]:
    """(RIASEC scores 0..1 per letter, the top letter being 1; interest tags; chosen option keys), from the answers.

    No choice (only "weet niet") gives ({}, [], []): nothing is known."""
    keys = chosen(answers)
    sums = {letter: 0.0 for letter in RIASEC_KEYS}
    tags: list[str] = []
    for key in keys:
        option = OPTIONS[key]
        for letter, weight in option.riasec.items():
            sums[letter] += float(weight)
        tags.extend(option.tags)
    top = max(sums.values())
    riasec = {letter: round(value / top, 3) for letter, value in sums.items() if value > 0} if top > 0 else {}
    return riasec, list(dict.fromkeys(tags)), keys


def apply(profile: Profile, answers: Answers) -> Profile:
    """The profile with the choices stored: RIASEC scores, interest tags (added) and the chosen option keys.

    Tags of earlier choices (also ones since changed) are replaced, other tags are kept."""
    riasec, tags, keys = result(answers)
    own = [t for t in profile.interest_tags if t not in TAGS]
    return replace(profile, riasec=riasec, interest_tags=list(dict.fromkeys(own + tags)), interest_choices=keys)


# --- what to ask next ---------------------------------------------------------------------------------------------
def next_item(answers: Answers, catalog: Catalog | None = None, profile: Profile | None = None) -> Item | None:
    """The next item to ask, or None to stop.

    `answers`: (item key, option key or None for "weet niet"), in order. Stops after MAX_ITEMS items; after two
    "weet niet" in a row (don't nag); and once the ranking is stable, after at least MIN_ITEMS answers: with a
    catalogue, when the last answer (a choice) left the top 3 courses of the advice unchanged, computed with the
    person's other facts from `profile` (level, route, place); without one, when it left the top 2 RIASEC letters
    unchanged. A choice that opens a follow-up (computer -> which kind, machines -> vehicles/industry/metal,
    building -> structure/finishing/installations) is always followed up first."""
    clean = _clean(answers)
    if len(clean) >= MAX_ITEMS:
        return None
    if len(clean) >= 2 and clean[-1][1] is None and clean[-2][1] is None:
        return None
    picked = {opt for _, opt in clean if opt}
    asked = {key for key, _ in clean}
    opened = OPENS.get(clean[-1][1] or "") if clean else None
    if opened and opened not in asked and _applies(opened, picked):
        return BY_KEY[opened]
    if len(clean) >= MIN_ITEMS and _stable(clean, catalog, profile):
        return None
    for item in ITEMS:
        if item.key in asked:
            continue
        if _applies(item.key, picked):
            return item
    return None


def _applies(item_key: str, picked: set[str]) -> bool:
    if item_key in ONLY_AFTER and not (ONLY_AFTER[item_key] & picked):
        return False
    return not (SKIP_AFTER.get(item_key, frozenset()) & picked)


def _stable(clean: list[tuple[str, str | None]], catalog: Catalog | None, profile: Profile | None) -> bool:
    """The last answer was a choice and the last STABLE_ANSWERS answers did not change the ranking: the top courses
    (or RIASEC letters) are the same after each of them as before them. A "weet niet" changes nothing, so it
    proves nothing."""
    if clean[-1][1] is None:
        return False
    n = len(clean)
    prefixes = [clean[:k] for k in range(max(0, n - STABLE_ANSWERS), n + 1)]
    if catalog is not None:
        from .advice import advise  # here, not at the top: advice imports this module for its reasons

        base = profile or Profile()
        tops: list[frozenset[str] | tuple[str, ...]] = [
            frozenset(r.course.crebo for r in advise(apply(base, prefix), catalog).items[:TOP_N]) for prefix in prefixes
        ]
    else:
        tops = [_top_letters(result(prefix)[0]) for prefix in prefixes]
    return all(top == tops[0] for top in tops[1:])


def _top_letters(riasec: Mapping[str, float]) -> tuple[str, ...]:
    ranked = sorted(
        (letter for letter in RIASEC_KEYS if riasec.get(letter, 0) > 0), key=lambda letter: -riasec[letter]
    )  # stable: ties keep RIASEC order
    return tuple(ranked[:TOP_LETTERS])


# --- reading an answer --------------------------------------------------------------------------------------------
# "Weet ik niet" and its relatives (folded: lower case, no accents or apostrophes). Phrases count anywhere in the
# message; the strong single words too; the weak ones only in a message of at most three words ("geen", "pass").
_DONT_KNOW_PHRASES = tuple(
    tuple(p.split())
    for p in (
        "weet niet",
        "weet ik niet",
        "weet het niet",
        "weet ik het niet",
        "weet t niet",
        "weet nie",
        "weet ik nie",
        "k weet niet",
        "kweet niet",
        "weet ik veel",
        "weet ik nog niet",
        "weet ik echt niet",
        "geen idee",
        "gn idee",
        "gen idee",
        "maakt niet uit",
        "maakt me niet uit",
        "maakt mij niet uit",
        "maakt niks uit",
        "boeit niet",
        "boeit me niet",
        "alle twee",
        "geen voorkeur",
        "sla over",
        "geen mening",
        "ik twijfel",
        "dont know",
        "do not know",
        "not sure",
        "no idea",
        "no clue",
        "no preference",
        "doesnt matter",
        "does not matter",
        "dont care",
        "dont mind",
        "not really",
        "hard to say",
    )
)
_STRONG_DONT_KNOW = frozenset(
    {
        "allebei",
        "beide",
        "beiden",
        "allebij",
        "both",
        "neither",
        "either",
        "kweenie",
        "kweetnie",
        "weetniet",
        "weetnie",
        "dunno",
        "idk",
        "skip",
        "overslaan",
        "whatever",
    }
)
_WEAK_DONT_KNOW = frozenset(
    {
        "geen",
        "niks",
        "niets",
        "none",
        "nothing",
        "next",
        "pass",
        "volgende",
        "tja",
        "twijfel",
        "wn",
        "unsure",
        "misschien",
        "maybe",
        "hmm",
    }
)

_NEGATORS = NEGATORS | frozenset({"hate", "haat", "hekel"})  # "hekel aan buiten": not chosen
_CONTRAST = frozenset({"dan", "than", "ipv", "instead"})  # "liever X dan Y": what follows is not chosen
_RESET = frozenset({"maar", "but", "wel", "liever", "rather", "prefer", "meer", "more", "|"})
_QUESTION_START = frozenset(
    "wat hoe wanneer waarom welke welk wie waar kan kun kunnen mag moet moeten krijg "
    "verdien what how when why which who where can could does will should may".split()
)
_STOP = frozenset(
    "met de het een je in op aan en of van the a an with in on and or of your to "
    "graag gewoon echt heel erg really ik i iets something misschien maybe denk think".split()
)  # never an option word: "graag" was read as a typo of "garage", "denk ik" as "bedenken" (design)

# an option by its place ("de tweede", "2", "b"): 0-based
_ORDINALS: dict[str, int] = (
    {word: n - 1 for word, n in ORDINALS.items() if n <= 4}
    | {str(n + 1): n for n in range(4)}
    | {
        word: n
        for n, words in enumerate(("een eentje eerst a", "twee two b", "drie three c", "vier four d"))
        for word in words.split()
    }
)
_LAST = frozenset({"laatste", "last", "latter", "laatst"})
_ORDINAL_FILLER = frozenset(
    "de het die dat the that one option optie nummer number nr keuze choice antwoord answer "
    "ik i kies choose take neem doe maar graag please pls aub alsjeblieft liever rather "
    "go for voor".split()
)
_TOKEN = re.compile(r"[a-z0-9]+|[,;:.!?]")


def _norm_words(text: str) -> list[str]:
    """Folded words; clause punctuation becomes "|" (kept by `_clause_words`, dropped here)."""
    return [w for w in _clause_words(text) if w != "|"]


def _clause_words(text: str) -> list[str]:
    return ["|" if w in ",;:.!?" else w for w in _TOKEN.findall(fold(text.replace("\n", ". ")))]


@lru_cache(maxsize=4096)
def _stems(phrase: str) -> tuple[str, ...]:
    return tuple(tokens(phrase))


def _option_phrases(option: Option) -> tuple[tuple[str, ...], ...]:
    """The stemmed content words of the option's words, label and key: "met je handen" is matched as "hand";
    "buiten werken" needs both words in a row (small words like "met", "het" in the message are skipped)."""
    return _phrases(option.key, option.words, option.label)


@lru_cache(maxsize=1024)
def _phrases(key: str, words: tuple[str, ...], label: Text) -> tuple[tuple[str, ...], ...]:
    found = {_stems(w) for w in (*words, label.nl, label.en, key.replace("_", " "))}
    phrases = {tuple(s for s in phrase if s not in _STOP) for phrase in found}
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


@lru_cache(maxsize=65536)
def _word_hits(word: str, target: str, fuzzy: bool) -> bool:
    if word == target:
        return True
    if len(target) >= 5 and len(word) > len(target) and (word.startswith(target) or word.endswith(target)):
        return True  # compounds: "buitenwerk", "computerspellen"
    if (
        fuzzy
        and min(len(word), len(target)) >= 4
        and max(len(word), len(target)) >= 5
        and abs(len(word) - len(target)) <= 2
    ):
        matcher = difflib.SequenceMatcher(None, word, target)
        return matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8  # typos: "reparen", "computr", "buitn"
    return False


def _polarity(words: list[str]) -> list[int]:
    """Per word: +1 chosen, -1 not chosen ("niet buiten", "liever binnen dan buiten"); 0 for "|" and negators.
    Each clause starts afresh: in "nee, binnen" the "nee" says nothing about "binnen"."""
    out: list[int] = []
    contrast = False
    negate_left = 0
    for word in words:
        if word in _RESET:
            contrast = False
            negate_left = 0
        if word in _CONTRAST:
            contrast = True
        if word in _NEGATORS or word == "|":
            negate_left = 3 if word != "|" else 0
            out.append(0)
            continue
        out.append(-1 if contrast or negate_left > 0 else 1)
        if negate_left > 0:
            negate_left -= 1
    return out


def _scores(item: Item, words: list[str]) -> dict[str, int]:
    """Per option: the words and phrases that pick it, minus those said not to be wanted. A word that one option
    names exactly is not also read as a typo of another option's word ("buitenwerk" is not "binnenwerk")."""
    polarity = _polarity(words)
    keep = [i for i, w in enumerate(words) if w == "|" or stem(w) not in _STOP and w not in _STOP]
    stems = [words[i] if words[i] == "|" else stem(words[i]) for i in keep]
    signs = [polarity[i] for i in keep]
    phrases = {opt.key: _option_phrases(opt) for opt in item.options}
    targets = {t for ps in phrases.values() for phrase in ps for t in phrase}
    short = sum(w != "|" for w in stems) <= FUZZY_WORDS  # typos are corrected in short answers only
    exact = [not short or any(_word_hits(s, t, False) for t in targets) for s in stems]
    scores = {opt.key: 0 for opt in item.options}
    for opt in item.options:
        used = [w == "|" for w in stems]
        for phrase in phrases[opt.key]:
            m = len(phrase)
            for i in range(len(stems) - m + 1):
                if any(used[i : i + m]):
                    continue
                if all(_word_hits(stems[i + j], phrase[j], not exact[i + j]) for j in range(m)):
                    for j in range(m):
                        used[i + j] = True
                    scores[opt.key] += signs[i]
    return scores


def _ordinal(item: Item, words: list[str]) -> int | None:
    """ "2", "de tweede", "optie b", "the last one": the whole message names a position."""
    rest = [w for w in words if w not in _ORDINAL_FILLER]
    if len(rest) != 1 or len(words) > 5:
        return None
    word = rest[0]
    if word in _LAST:
        return len(item.options) - 1
    index = _ORDINALS.get(word)
    if index is not None and word in ("a", "b", "c", "d", "een") and len(words) > 2:
        return None  # "a" and "een" are also articles: only on their own ("a", "optie a")
    return index


def _is_dont_know(words: list[str]) -> bool:
    joined = f" {' '.join(words)} "
    if any(f" {' '.join(p)} " in joined for p in _DONT_KNOW_PHRASES):
        return True
    if _STRONG_DONT_KNOW & set(words):
        return True
    if len(words) <= 3 and _WEAK_DONT_KNOW & set(words):
        return True
    if 0 < len(words) <= 4:  # typos of a short "weet niet" / "geen idee" / "dont know"
        return bool(
            difflib.get_close_matches(joined.strip(), [" ".join(p) for p in _DONT_KNOW_PHRASES], n=1, cutoff=0.82)
        )
    return False


def _without_questions(text: str) -> str:
    """Drop the parts that are questions ("wat is ontwerpen?"): they say what the person wants to know, not which
    option they choose."""
    kept = []
    for part in re.split(r"(?<=[?.!])\s+|\n", text):
        words = _norm_words(part)
        if part.strip().endswith("?") and words and words[0] in _QUESTION_START:
            continue
        kept.append(part)
    return " ".join(kept)


def read_answer(item: Item, text: str) -> str | None | Literal["dont_know"]:
    """Which option of `item` the message picks: its key; "dont_know" for weet niet / geen idee / maakt niet uit /
    allebei / skip (Dutch and English); None when it is not an answer to this item. Never raises."""
    try:
        return _read(item, text)
    except Exception:  # a chat must never fail on an odd message
        return None


def read_elsewhere(current: Item, answers: Answers, text: str, unasked: bool = True) -> str | None:
    """The option of another item that the message picks. First the button of an item answered "weet niet" before,
    typed word for word: "fabriek of werkplaats" typed at hands-or-computer, after "weet niet" at where-to-work, ended
    the items as the interest (and the bicycle mechanics came first). Then (``unasked``) the option of an item not
    asked yet, when exactly one item is picked: "iets met mensen" at where-to-work answers people-or-work (it got "Daar
    kan ik je niet mee helpen"). Never raises."""
    try:
        clean = _clean(answers)
        said = _norm_words(text[:200])
        skipped = {key for key, option in clean if option is None} - {current.key}
        buttons = [
            option.key
            for item in ITEMS
            if item.key in skipped
            for option in item.options
            if said in (_norm_words(option.label.nl), _norm_words(option.label.en))
        ]
        if len(buttons) == 1 or not unasked:
            return buttons[0] if len(buttons) == 1 else None
        asked = {key for key, _ in clean} | {current.key}
        picked = {opt for _, opt in clean if opt}
        found = [read_answer(item, text) for item in ITEMS if item.key not in asked and _applies(item.key, picked)]
        options = [key for key in found if key not in (None, DONT_KNOW)]
        return options[0] if len(options) == 1 else None
    except Exception:  # a chat must never fail on an odd message
        return None


def said_beyond(option_key: str, text: str, is_interest: Callable[[str], bool]) -> str | None:
    """The typed answer that picked an option, when it names a liking beyond the option's own words: "iets met hout
    misschien" picked "in de bouw", and the wood was lost (the advice showed concrete and brickwork first). None for
    a button, a label ("in de bouw"), or words of the option alone. ``is_interest`` decides what counts as a liking:
    the chat passes one that asks for work of one field, so "buiten", which picked the building site, is not also
    kept as a liking of its own (it put the waste collector above the building trades)."""
    option = OPTIONS.get(option_key)
    if option is None or not isinstance(text, str):
        return None
    own = {s for phrase in (option.key, option.label.nl, option.label.en, *option.tags) for s in _stems(phrase)}
    rest = [w for w in _norm_words(text[:500]) if w not in _STOP and not set(_stems(w)) <= own]
    return text.strip() if rest and is_interest(" ".join(rest)) else None


# Words that lean to one option only when no option is named ("iets maken denk ik" to hands or computer got "pick one
# of the buttons"); beside an option's own words they count for nothing ("huizen maken" is the building site).
_LEANS: dict[str, dict[str, tuple[str, ...]]] = {
    "work_place": {"factory": ("maken", "make", "making", "produceren")},
    "hands_or_computer": {"hands": ("maken", "make", "making", "knutselen", "bouwen", "build", "building")},
}


def _read(item: Item, text: str) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:500]
    words = _norm_words(text)
    whole = " ".join(words)
    for opt in item.options:  # a button payload, a label or the key itself
        if whole in (" ".join(_norm_words(opt.label.nl)), " ".join(_norm_words(opt.label.en)), opt.key):
            return opt.key
    if whole in (" ".join(_norm_words(DONT_KNOW_LABEL.nl)), " ".join(_norm_words(DONT_KNOW_LABEL.en)), DONT_KNOW):
        return DONT_KNOW
    index = _ordinal(item, words)
    if index is not None:
        if index < len(item.options):
            return item.options[index].key
        if index == len(item.options):  # the numbered "weet ik niet" after the options (WhatsApp, Telegram)
            return DONT_KNOW
        return None
    if "\U0001f937" in text and len(words) <= 2:  # a shrug
        return DONT_KNOW
    clauses = _clause_words(_without_questions(text))
    words = [w for w in clauses if w != "|"]
    if not words:
        return None
    scores = _scores(item, clauses)
    best = max(scores.values())
    if best == 0 and not any(scores.values()):  # no option named: "iets maken denk ik" still leans to one
        liked = {stem(w) for w, sign in zip(clauses, _polarity(clauses)) if sign > 0}  # not "niet maken"
        leaning = [k for k, said in _LEANS.get(item.key, {}).items() if liked & set(map(stem, said))]
        if len(leaning) == 1:
            return leaning[0]
    winners = [k for k, v in scores.items() if v == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    if best <= 0 and any(v < 0 for v in scores.values()):
        rest = [k for k, v in scores.items() if v == 0]
        if len(rest) == 1:  # "niet buiten" to buiten-or-binnen: binnen
            return rest[0]
        return DONT_KNOW  # "niet programmeren" to a three-way item: no clear pick
    if best > 0 or _is_dont_know(words):
        return DONT_KNOW  # "allebei", "geen idee", or both options named alike
    return None


# --- showing and explaining ---------------------------------------------------------------------------------------
def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def buttons(item: Item, lang: str) -> list[dict[str, str]]:
    """One button per option and a "weet ik niet" button; the payload is the label, which `read_answer` reads."""
    out = [{"title": _capital(o.label.get(lang)), "payload": _capital(o.label.get(lang))} for o in item.options]
    out.append({"title": _capital(DONT_KNOW_LABEL.get(lang)), "payload": _capital(DONT_KNOW_LABEL.get(lang))})
    return out


def numbered(item: Item, lang: str) -> str:
    """The question with numbered options, for channels without buttons (WhatsApp, Telegram)."""
    lines = [item.question.get(lang)]
    labels = [_capital(o.label.get(lang)) for o in item.options] + [_capital(DONT_KNOW_LABEL.get(lang))]
    lines += [f"{n}. {label}" for n, label in enumerate(labels, start=1)]
    return "\n".join(lines)


def _join(parts: list[str], lang: str) -> str:
    return series(parts, text("undecided.list_and").get(lang))


def labels(keys: Iterable[str]) -> list[Text]:
    """The labels of known option keys, in order, once each."""
    return [OPTIONS[k].label for k in dict.fromkeys(keys) if k in OPTIONS]


def because(answers: Answers, lang: str) -> str:
    """ "omdat je koos voor: repareren, buiten werken en met je handen" ("" when nothing was chosen)."""
    parts = [t.get(lang) for t in labels(chosen(answers))]
    if not parts:
        return ""
    return text("undecided.because", choices=_join(parts, lang)).get(lang)


def _covers(tag: tuple[str, ...], word: tuple[str, ...]) -> bool:
    """A matched keyword came from this tag: the same words, or part of them ("buiten" from "buiten werken")."""
    return bool(word) and set(word) <= set(tag)


def reason(choice_keys: Sequence[str], matched_words: Iterable[str], related: bool = False) -> Text | None:
    """The advice reason for one course from the person's choices: the choices whose tags this course matched
    (`matched_words`: the curated keywords the advice engine matched for it), plus the general hands-on choices
    that have no tags ("met je handen"). None when no tagged choice fits this course: then the choices do not
    explain it and we claim nothing. ``related``: the words only have to do with the course ("Heeft te maken met
    wat je koos", not "wat je noemde": an undecided pupil who tapped "tekenen" never named "cad" or "3d"). A tag that
    is only part of a longer keyword ("repareren" of "beton repareren") is always only related."""
    matched = [_stems(w) for w in matched_words]
    keys = [k for k in dict.fromkeys(choice_keys) if k in OPTIONS]
    fitting = [k for k in keys if any(_covers(_stems(t), w) for t in OPTIONS[k].tags for w in matched)]
    if not fitting:
        fitting = [k for k in keys if any(set(_stems(t)) & set(w) for t in OPTIONS[k].tags for w in matched)]
        related = True
    if not fitting:
        return None
    general = [k for k in keys if not OPTIONS[k].tags and OPTIONS[k].riasec.get("R", 0) >= 0.8]
    shown = [k for k in keys if k in fitting or k in general]
    template = text("undecided.related") if related else text("undecided.reason")  # each language in its own words
    langs = ("nl", "en", *(code for code, _ in template.others))
    said = {
        lang: template.get(lang).format(choices=_join([OPTIONS[k].label.get(lang) for k in shown], lang))
        for lang in langs
    }
    return Text(said["nl"], said["en"], tuple((lang, said[lang]) for lang in langs[2:]))


def typed_words(choice_keys: Sequence[str], matched_words: Sequence[str], typed: str | None = None) -> list[str]:
    """The matched keywords that did not come from the chosen options' tags: what the person typed themselves.

    ``typed`` (their own text), when given, must hold a word of each: a tag matches part of a longer keyword too
    ("metaal" of "metaal frezen"), and a pupil who only tapped choices was told "wat je noemde: metaal frezen"."""
    tags = [_stems(t) for k in choice_keys if k in OPTIONS for t in OPTIONS[k].tags]
    said = set(tokens(typed)) if typed is not None else None
    return [
        w
        for w in matched_words
        if not any(_covers(t, _stems(w)) for t in tags) and (said is None or bool(said.intersection(_stems(w))))
    ]
