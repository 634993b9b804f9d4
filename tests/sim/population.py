"""Who the simulated people are: a seeded population of goal profiles drawn from the admission table's rows.

A goal is what the person knows about themselves (and would say if asked), not what the bot has learnt. The
population is stratified over (kind of person x answering style) so that even a small sample covers every
combination, and within a kind the education cycles, so every row of the admission table (none, vmbo bb/kb/gl/tl,
havo, vwo, entree, mbo 2/3, foreign, old mavo/lbo) appears. Ages are drawn from the band that fits the
education: a vmbo pupil is 14-17, someone with an old mavo or lbo diploma 35-60.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Any

from .styles import STYLES

# Kinds of person the product exists for (issue 10), plus havo/vwo pupils so that every education row occurs.
VMBO_PUPIL = "vmbo pupil"
UNDECIDED = "undecided pupil"
HAVO_VWO = "havo/vwo pupil"
SWITCHER = "adult switcher"
NEWCOMER = "newcomer"
MBO_GRADUATE = "mbo graduate"
NO_DIPLOMA = "no diploma"
PARENT = "parent"  # a tag: the pupil's parent chats for them ("ik zoek een opleiding voor mijn dochter")
KINDS = (VMBO_PUPIL, UNDECIDED, HAVO_VWO, SWITCHER, NEWCOMER, MBO_GRADUATE, NO_DIPLOMA)

VMBO = ("vmbo_bb", "vmbo_kb", "vmbo_gl", "vmbo_tl")
TECHNICAL_PROFILES = ("BWI", "PIE", "MVI", "MT", "MaT")
OTHER_PROFILES = ("ZW", "EO", "HBR", "DP", "GR")

# Interest fields the simulated people can have; None means undecided (the person has no idea yet).
FIELDS = ("cars", "electrical", "installation", "construction", "metal", "ict", "process")

# Towns the catalogue's gazetteer resolves (tests/sim/test_agent.py checks each against the real catalogue).
PLACES = (
    "Utrecht",
    "Eindhoven",
    "Zwolle",
    "Den Bosch",
    "Groningen",
    "Rotterdam",
    "Tilburg",
    "Amersfoort",
    "Almere",
    "Breda",
)
ROUTES = ("bol", "bbl", "either")
STARTS = ("asap", "september", "february", "any")
COUNTRIES = (
    ("Syrië", "Syria"),
    ("Eritrea", "Eritrea"),
    ("Oekraïne", "Ukraine"),
    ("Turkije", "Turkey"),
    ("Polen", "Poland"),
    ("Afghanistan", "Afghanistan"),
)

# Earlier mbo diplomas per field and level, by their exact catalogue name (the dossier is looked up from it).
MBO_DIPLOMAS: dict[str, dict[int, tuple[str, ...]]] = {
    "cars": {2: ("Autotechnicus",), 3: ("Eerste Autotechnicus",)},
    "electrical": {
        2: ("Monteur elektrotechnische installaties",),
        3: ("Eerste monteur elektrotechnische installaties in de gebouwde omgeving",),
    },
    "installation": {
        2: ("Monteur werktuigkundige installaties", "Airco/warmtepompmonteur"),
        3: ("Eerste monteur woning", "Eerste monteur duurzame installaties"),
    },
    "construction": {2: ("Timmerman",), 3: ("Allround timmerman",)},
    "metal": {2: ("Verspaner",), 3: ("Allround verspaner",)},
    "ict": {2: ("Medewerker ICT support",), 3: ("Medewerker beheer ICT",)},
    "process": {2: ("Procesoperator A",), 3: ("Procesoperator B", "Allround laborant")},
}
# mbo-4 diplomas of adults who switch to another field.
MBO4_DIPLOMAS = {
    "cars": "Technisch Specialist Personenautos",
    "electrical": "Technicus elektrotechniek",
    "installation": "Technicus service en onderhoud werktuigkundige installaties",
    "construction": "Middenkaderfunctionaris bouw",
    "metal": "Verspaningstechnoloog",
    "ict": "ICT-beheerder",
    "process": "Operator C",
}


@dataclass(frozen=True)
class Goal:
    """What one person knows and wants; the agent answers from this and nothing else."""

    kind: str
    education: str
    age: int
    route: str
    field: str | None  # None: undecided, has no idea what they like
    place: str
    start: str
    vmbo_profile: str | None = None
    has_math_or_science: bool | None = None  # wiskunde or NaSk1 in the (vmbo) exam
    havo_vwo_class: int | None = None  # the class a havo/vwo pupil is in now (4 = passed year 3)
    havo_vwo_diploma: bool = False
    mbo_diploma: str | None = None  # the exact catalogue name of an earlier mbo diploma
    wants_level: int | None = None  # "door naar niveau 4"
    past_job: bool = False  # tells the interest as work done before
    dutch_level: str | None = None  # newcomers: A2, B1 or B2; None means native
    country: tuple[str, str] | None = None  # newcomers: (Dutch name, English name)
    pupil: bool = False  # still at school (says "ik zit op ..." rather than "ik heb ...")

    @property
    def vmbo(self) -> bool:
        return self.education in VMBO

    @property
    def technical_profile(self) -> bool:
        return self.vmbo_profile in TECHNICAL_PROFILES


@dataclass(frozen=True)
class Person:
    """One simulated person: a goal, a style and a seed for everything the agent decides on the way."""

    pid: str
    goal: Goal
    style: str
    seed: int
    tags: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        return self.goal.kind

    @property
    def language(self) -> str:
        return "en" if self.style == "english" else "nl"


def population(n: int, seed: int, kinds: tuple[str, ...] = KINDS, styles: tuple[str, ...] = STYLES) -> list[Person]:
    """`n` people, the same ones for the same seed: cells (kind x style) in turn, the rest of the goal at random."""
    rng = random.Random(seed)
    cells = list(itertools.product(kinds, styles))
    rng.shuffle(cells)
    counters: dict[str, int] = {}
    people: list[Person] = []
    for index in range(n):
        kind, style = cells[index % len(cells)]
        turn = counters[kind] = counters.get(kind, -1) + 1
        goal = draw_goal(kind, random.Random(rng.getrandbits(64)), turn)
        seed_ = rng.getrandbits(32)
        # A parent writes for one pupil in four (from the seed, so the population is otherwise the same as before)
        tags = (PARENT,) if goal.pupil and seed_ % 4 == 0 else ()
        people.append(Person(f"p{index:04d}", goal, style, seed_, tags))
    return people


def draw_goal(kind: str, rng: random.Random, turn: int = 0) -> Goal:
    """One goal of this kind; `turn` cycles the kind's educations so that each one is drawn."""
    route, place, start, wish = rng.choice(ROUTES), rng.choice(PLACES), rng.choice(STARTS), rng.choice(FIELDS)

    def goal(education: str, age: int, field: str | None = wish, **extra: Any) -> Goal:
        return Goal(kind, education, age, route, field, place, start, **extra)

    if kind in (VMBO_PUPIL, UNDECIDED):
        wish_or_none = None if kind == UNDECIDED else wish
        if kind == UNDECIDED and turn % 5 == 4:
            return goal("havo", rng.randint(15, 17), None, havo_vwo_class=rng.choice((4, 5)), pupil=True)
        return goal(VMBO[turn % len(VMBO)], rng.randint(14, 17), wish_or_none, pupil=True, **_vmbo_profile(rng))
    if kind == HAVO_VWO:
        education = ("havo", "vwo")[turn % 2]
        if rng.random() < 0.5:
            return goal(education, rng.randint(17, 20), havo_vwo_diploma=True)
        classes = (4, 5) if education == "havo" else (4, 5, 6)
        return goal(education, rng.randint(15, 18), havo_vwo_class=rng.choice(classes), pupil=True)
    if kind == SWITCHER:  # adults with an older or other diploma, often telling their interest as past work
        education = ("mavo_old", "lbo_old", "vmbo_kb", "havo", "vmbo_tl", "mbo4", "higher")[turn % 7]
        past_job = rng.random() < 0.7
        if education == "mbo4":
            before = rng.choice([f for f in FIELDS if f != wish])
            return goal(education, rng.randint(24, 50), mbo_diploma=MBO4_DIPLOMAS[before])
        if education in ("mavo_old", "lbo_old"):
            return goal(education, rng.randint(35, 60), past_job=past_job, has_math_or_science=rng.random() < 0.7)
        if education == "havo":
            return goal(education, rng.randint(20, 45), havo_vwo_diploma=True, past_job=past_job)
        if education == "higher":  # a teacher or an office worker with an hbo degree who wants technical work
            return goal(education, rng.randint(24, 50), past_job=past_job)
        return goal(education, rng.randint(18, 30), past_job=past_job, **_vmbo_profile(rng))
    if kind == NEWCOMER:
        return goal(
            "foreign",
            rng.randint(18, 45),
            past_job=rng.random() < 0.7,
            dutch_level=rng.choice(("A2", "B1", "B2")),
            country=rng.choice(COUNTRIES),
        )
    if kind == MBO_GRADUATE:
        level = (2, 3)[turn % 2]
        return goal(
            f"mbo{level}",
            rng.randint(18, 30),
            mbo_diploma=rng.choice(MBO_DIPLOMAS[wish][level]),
            wants_level=4 if level == 3 else rng.choice((3, 4)),
        )
    if kind == NO_DIPLOMA:
        if turn % 3 == 2:
            return goal("entree", rng.randint(17, 25))
        age = rng.randint(16, 17) if turn % 3 == 0 else rng.randint(18, 45)
        return goal("none", age, past_job=age >= 18 and rng.random() < 0.6)
    raise ValueError(f"unknown kind of person {kind!r}; known: {', '.join(KINDS)}")


def _vmbo_profile(rng: random.Random) -> dict[str, Any]:
    """A vmbo profile; technical profiles have the maths/science the switch rule asks for, others may not."""
    if rng.random() < 0.55:
        return {"vmbo_profile": rng.choice(TECHNICAL_PROFILES), "has_math_or_science": True}
    return {"vmbo_profile": rng.choice(OTHER_PROFILES), "has_math_or_science": rng.random() < 0.5}
