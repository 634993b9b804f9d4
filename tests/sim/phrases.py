"""What a simulated person says about one fact of their goal, in Dutch or English, as a sentence or tersely.

Phrasings are the ones real people use (issue 10): "ik zit op vmbo kader", "mavo, lang geleden", "ik was 3 jaar
elektricien", "werken en leren, bbl". Several variants per fact, picked with the person's random generator, so
the population does not say one sentence a thousand times.
"""

from __future__ import annotations

import random
import re

from .population import Goal

# Facts a person can tell; the agent maps each question it reads to one of these.
EDUCATION, AGE, PROFILE, MATH, INTERESTS, ROUTE, PLACE, START, DUTCH = (
    "education",
    "age",
    "vmbo_profile",
    "math",
    "interests",
    "route",
    "place",
    "start",
    "dutch",
)
FACTS = (EDUCATION, AGE, PROFILE, MATH, INTERESTS, ROUTE, PLACE, START, DUTCH)

_VMBO_NAMES = {  # (Dutch terse, Dutch in a sentence, English)
    "vmbo_bb": ("vmbo basis", "vmbo basis", "vmbo basic"),
    "vmbo_kb": ("vmbo kader", "vmbo kader", "vmbo kader"),
    "vmbo_gl": ("vmbo gl", "de gemengde leerweg", "vmbo gl (mixed track)"),
    "vmbo_tl": ("vmbo tl", "vmbo tl (mavo)", "vmbo tl"),
}
_PROFILE_NAMES = {  # (terse, spelled out, English)
    "BWI": ("bwi", "bouwen, wonen en interieur", "BWI, building and interior"),
    "PIE": ("pie", "PIE, produceren installeren en energie", "PIE"),
    "MVI": ("mvi", "media, vormgeving en ict", "MVI, media design and ICT"),
    "MT": ("mobiliteit en transport", "mobiliteit en transport", "mobility and transport"),
    "MaT": ("maritiem en techniek", "maritiem en techniek", "maritime and technology"),
    "ZW": ("zorg en welzijn", "zorg en welzijn", "zorg en welzijn, care"),
    "EO": ("economie", "economie en ondernemen", "economics and business"),
    "HBR": ("horeca", "horeca, bakkerij en recreatie", "hospitality and bakery"),
    "DP": ("d&p", "dienstverlening en producten", "services and products (D&P)"),
    "GR": ("groen", "groen", "green (agriculture)"),
}
_INTERESTS = {  # (terse Dutch, Dutch sentences, English sentences)
    "cars": (
        "auto's",
        ("ik sleutel graag aan auto's en brommers", "iets met auto's en motoren"),
        ("I like fixing cars and scooters", "something with cars and engines"),
    ),
    "electrical": (
        "elektro",
        ("iets met elektriciteit", "elektrotechniek lijkt me leuk, stroom en schakelingen"),
        ("something with electricity", "electrical engineering, wiring and circuits"),
    ),
    "installation": (
        "warmtepompen",
        ("installatietechniek, warmtepompen en zonnepanelen", "cv-ketels en warmtepompen installeren"),
        ("installing heat pumps and solar panels", "heating and plumbing installations"),
    ),
    "construction": (
        "bouw",
        ("bouwen en timmeren met hout", "iets in de bouw, timmeren"),
        ("building and woodwork", "construction, working with wood"),
    ),
    "metal": (
        "lassen",
        ("lassen en metaal bewerken", "iets met metaal, lassen"),
        ("welding and metalwork", "working with metal, welding"),
    ),
    "ict": (
        "ict",
        ("computers en netwerken", "gamen en computers, programmeren"),
        ("computers and networks", "programming and IT"),
    ),
    "process": (
        "lab",
        ("werken in een laboratorium, proeven doen", "iets in de procesindustrie, fabrieken"),
        ("working in a lab, doing experiments", "process industry, working in a plant"),
    ),
}
_PAST_JOBS = {  # (Dutch, English): how adults tell their interest as work they did
    "cars": (
        ("ik heb 25 jaar op de vrachtwagen gereden", "ik heb jaren in een garage gewerkt"),
        ("I worked in a garage for years", "I was a truck mechanic"),
    ),
    "electrical": (
        ("ik was 3 jaar elektricien", "ik heb als elektricien gewerkt"),
        ("I was an electrician for 3 years", "I worked as an electrician"),
    ),
    "installation": (
        ("ik heb bij een installatiebedrijf cv-ketels vervangen", "ik was loodgieter"),
        ("I installed central heating boilers", "I worked as a plumber"),
    ),
    "construction": (
        ("ik was timmerman in de bouw", "ik heb in de bouw gewerkt als timmerman"),
        ("I worked as a carpenter", "I worked in construction"),
    ),
    "metal": (
        ("ik werkte als lasser", "ik was lasser in een fabriek"),
        ("I worked as a welder", "I was a welder in a factory"),
    ),
    "ict": (
        ("ik deed de helpdesk bij een ict-bedrijf", "ik heb in de ict gewerkt, systeembeheer"),
        ("I worked in IT support", "I was a system administrator"),
    ),
    "process": (
        ("ik werkte als operator in een chemische fabriek", "ik heb in een lab gewerkt"),
        ("I worked as an operator in a chemical plant", "I worked in a lab"),
    ),
}
_ROUTES = {
    "bol": (("bol", "liever naar school, bol", "gewoon naar school, bol"), ("bol", "full-time school, BOL")),
    "bbl": (("bbl", "werken en leren, bbl", "bbl, ik wil werken en leren"), ("bbl", "work and learn, BBL")),
    "either": (("maakt niet uit", "allebei goed", "maakt mij niet uit"), ("doesn't matter", "either is fine")),
}
_STARTS = {
    "asap": (("zo snel mogelijk", "zsm", "zo snel mogelijk eigenlijk"), ("as soon as possible", "asap")),
    "september": (("september", "na de zomer, in september"), ("september", "in September")),
    "february": (("februari", "in februari"), ("february", "in February")),
    "any": (("maakt niet uit", "maakt niet uit wanneer"), ("whenever", "doesn't matter when")),
}
_DUTCH = {
    "A2": (("een beetje", "een beetje, A2"), ("a little", "a little, A2 level")),
    "B1": (("redelijk", "redelijk, ik heb B1"), ("reasonably", "reasonably well, B1")),
    "B2": (("goed", "goed, B2"), ("well", "quite well, B2 level")),
    None: (("moedertaal", "Nederlands is mijn moedertaal"), ("native", "Dutch is my native language")),
}


def say(fact: str, goal: Goal, lang: str, terse: bool, rng: random.Random) -> str:
    """What this person says about `fact`; for a fact that does not apply to them, what a person says then."""
    nl = lang == "nl"
    if fact == EDUCATION:
        return _education(goal, nl, terse, rng)
    if fact == AGE:
        return (
            str(goal.age)
            if terse
            else rng.choice(
                (f"ik ben {goal.age}", f"{goal.age} jaar") if nl else (f"I'm {goal.age}", f"{goal.age} years old")
            )
        )
    if fact == PROFILE:
        return _profile(goal, nl, terse, rng)
    if fact == MATH:
        return _math(goal, nl, terse)
    if fact == INTERESTS:
        return interests(goal, nl, terse, rng)
    if fact == ROUTE:
        return _pick(_ROUTES[goal.route], nl, terse, rng)
    if fact == PLACE:
        return (
            goal.place.lower()
            if terse
            else rng.choice(
                (f"ik woon in {goal.place}", f"in {goal.place}") if nl else (f"I live in {goal.place}", goal.place)
            )
        )
    if fact == START:
        return _pick(_STARTS[goal.start], nl, terse, rng)
    if fact == DUTCH:
        return _pick(_DUTCH[goal.dutch_level], nl, terse, rng)
    raise ValueError(f"unknown fact {fact!r}")


def undecided(lang: str, rng: random.Random) -> str:
    """An undecided pupil's answer to "what do you like?"."""
    return rng.choice(
        ("geen idee eigenlijk", "weet ik niet", "geen idee", "weet ik nog niet echt")
        if lang == "nl"
        else ("no idea really", "I don't know yet")
    )


def interests(goal: Goal, nl: bool, terse: bool, rng: random.Random) -> str:
    if goal.field is None:
        return undecided("nl" if nl else "en", rng)
    if goal.past_job and not terse:
        said = rng.choice(_PAST_JOBS[goal.field][0 if nl else 1])
        if goal.country and nl and said.startswith("ik was "):
            return f"in {goal.country[0]} was ik {said[len('ik was ') :]}"
        if goal.country:
            return f"{said} in {goal.country[0] if nl else goal.country[1]}"
        return said
    terse_nl, full_nl, full_en = _INTERESTS[goal.field]
    if terse:
        return terse_nl if nl else full_en[0].replace("I like ", "")
    return rng.choice(full_nl if nl else full_en)


def _pick(options: tuple[tuple[str, ...], tuple[str, ...]], nl: bool, terse: bool, rng: random.Random) -> str:
    said = options[0 if nl else 1]
    return said[0] if terse else rng.choice(said[1:] or said)


def _education(goal: Goal, nl: bool, terse: bool, rng: random.Random) -> str:
    edu = goal.education
    if edu in _VMBO_NAMES:
        short, long, english = _VMBO_NAMES[edu]
        if terse:
            return short if nl else english
        if goal.pupil:
            return (
                rng.choice((f"ik zit op {long}", f"ik zit in de 4e klas van {long}"))
                if nl
                else f"I'm in {english}, final year"
            )
        return f"ik heb een diploma {long}" if nl else f"I have a {english} diploma"
    if edu in ("havo", "vwo"):
        if goal.havo_vwo_diploma:
            return (f"{edu} diploma" if terse else f"ik heb mijn {edu}-diploma") if nl else f"I have a {edu} diploma"
        klas = goal.havo_vwo_class
        return (f"{edu} {klas}" if terse else f"ik zit in {edu} {klas}") if nl else f"I'm in {edu} year {klas}"
    if edu in ("mbo2", "mbo3", "mbo4"):
        level = edu[-1]
        up = f", ik wil door naar niveau {goal.wants_level}" if goal.wants_level and not terse else ""
        if nl:
            return (
                f"mbo {level}, {goal.mbo_diploma}"
                if terse
                else f"ik heb mijn diploma {goal.mbo_diploma} (niveau {level}) gehaald{up}"
            )
        return (
            f"mbo {level}, {goal.mbo_diploma}"
            if terse
            else f"I have an mbo level {level} diploma, {goal.mbo_diploma}"
            + (f", and I want to go on to level {goal.wants_level}" if goal.wants_level else "")
        )
    if edu == "foreign":
        country = goal.country or ("Syrië", "Syria")
        if nl:
            return f"diploma uit {country[0]}" if terse else f"ik heb een diploma uit {country[0]}, middelbare school"
        return f"I have a secondary school diploma from {country[1]}"
    if edu == "mavo_old":
        return (
            ("mavo, lang geleden" if terse else rng.choice(("ik heb lang geleden mavo gedaan", "mavo, in de jaren 80")))
            if nl
            else "I did mavo a long time ago (the old mavo)"
        )
    if edu == "lbo_old":
        return (
            ("lts" if terse else rng.choice(("ik heb vroeger de lts gedaan", "lbo, lang geleden")))
            if nl
            else "I went to the lts (old lbo) years ago"
        )
    if edu == "entree":
        return ("entree" if terse else "ik heb een entree-diploma") if nl else "I have an Entree diploma"
    if edu == "higher":
        return (
            ("hbo" if terse else rng.choice(("ik heb de pabo gedaan", "ik heb een hbo-diploma, bedrijfskunde")))
            if nl
            else "I have a bachelor's degree (hbo)"
        )
    return (
        ("geen" if terse else rng.choice(("ik heb geen diploma", "ik heb geen diploma, ben gestopt met school")))
        if nl
        else "I don't have a diploma"
    )


def _profile(goal: Goal, nl: bool, terse: bool, rng: random.Random) -> str:
    if goal.vmbo_profile is None:
        if goal.education in ("mavo_old", "lbo_old"):
            return "weet ik niet, dat is lang geleden" if nl else "I don't know, that was long ago"
        return "ik heb geen vmbo gedaan" if nl else "I didn't do vmbo"
    short, long, english = _PROFILE_NAMES[goal.vmbo_profile]
    if not nl:
        return english
    return short if terse else rng.choice((f"ik heb {long}", f"profiel {long}"))


def _math(goal: Goal, nl: bool, terse: bool) -> str:
    has = goal.has_math_or_science
    if has is None:  # never did vmbo; says what a person would
        return "ja, wiskunde had ik wel" if nl else "yes, I had maths"
    if nl:
        if terse:
            return "ja" if has else "nee"
        return "ja, ik heb wiskunde" if has else "nee, geen wiskunde en geen nask"
    return ("yes" if has else "no") if terse else ("yes, I have maths" if has else "no, neither of them")


# --- a parent speaking for their child ------------------------------------------------------------------------
# What a parent changes in what the child would say: "ik zit op vmbo kader" -> "ze zit op vmbo kader". Only the forms
# the phrases above use; anything else stays as the child would say it (parents mix voices too).
_THIRD_NL = {
    "ik zit": "{p} zit", "ik ben": "{p} is", "ik heb": "{p} heeft", "ik had": "{p} had", "had ik": "had {p}",
    "ik woon": "{p} woont", "ik wil": "{p} wil", "ik sleutel": "{p} sleutelt", "ik werk": "{p} werkt",
    "ik vind": "{p} vindt", "ik doe": "{p} doet", "lijkt me": "lijkt {m}", "mijn": "{o}", "m'n": "{o}",
}  # fmt: skip
_THIRD_EN = {
    "I'm": "{p} is", "I have": "{p} has", "I had": "{p} had", "I like": "{p} likes", "I live": "{p} lives",
    "I want": "{p} wants", "I was": "{p} was", "my": "{o}",
}  # fmt: skip
_PRONOUNS = {  # subject, possessive, object
    ("nl", "daughter"): ("ze", "haar", "haar"),
    ("nl", "son"): ("hij", "zijn", "hem"),
    ("en", "daughter"): ("she", "her", "her"),
    ("en", "son"): ("he", "his", "him"),
}
PARENT_OPENING = {
    "nl": "{greeting}, ik zoek een opleiding voor mijn {child}",
    "en": "hi, I'm looking for a course for my {child}",
}
CHILD = {("nl", "daughter"): "dochter", ("nl", "son"): "zoon", ("en", "daughter"): "daughter", ("en", "son"): "son"}


def as_parent(said: str, lang: str, child: str) -> str:
    """What the child would say, as their parent says it ("ik ben 15" -> "ze is 15")."""
    subject, possessive, object_ = _PRONOUNS[(lang, child)]
    table = _THIRD_NL if lang == "nl" else _THIRD_EN
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: table[m.group(1)].format(p=subject, o=possessive, m=object_), said)
