"""Answers to follow-up questions (BBL, pay, costs, start, catch-up, more about a course, compare), as text.

Pure functions: the chatbot's actions pass in what the conversation knows and send what comes back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import admission as adm
from . import catchup, facts
from .advice import Advice, Recommendation
from .catalog.store import Catalog
from .courses import Course
from .i18n import Text
from .profile import Profile
from .render import render_item

_ORDINALS = {
    "eerste": 1,
    "first": 1,
    "1e": 1,
    "tweede": 2,
    "second": 2,
    "2e": 2,
    "derde": 3,
    "third": 3,
    "3e": 3,
    "vierde": 4,
    "fourth": 4,
    "4e": 4,
    "vijfde": 5,
    "fifth": 5,
    "5e": 5,
    "laatste": -1,
    "last": -1,
}


def _sourced(items: Sequence[facts.Fact], lang: str) -> str:
    return "\n".join(f"- {f.text.get(lang)} [{f.source}]" for f in items)


def bbl(age: int | None, lang: str) -> str:
    head = Text("BBL is werken en leren tegelijk:", "BBL means working and learning at the same time:").get(lang)
    return f"{head}\n{_sourced([*facts.BBL_BASICS, facts.bbl_wage(age)], lang)}"


def pay(age: int | None, lang: str) -> str:
    note = Text(
        "Met BOL krijg je geen loon, wel soms een stagevergoeding.",
        "With BOL you get no wage, sometimes an internship allowance.",
    ).get(lang)
    return f"{_sourced([facts.bbl_wage(age)], lang)}\n{note}"


def costs(p: Profile, lang: str) -> str:
    head = Text(
        "Kosten en wie betaalt (bedragen 2024-2025, ze veranderen elk jaar):",
        "Costs and who pays (2024-2025 amounts, they change every year):",
    ).get(lang)
    level = adm.highest_open_level(adm.base_levels(p))
    return f"{head}\n{_sourced(facts.costs(p.age, p.route, level, p.jobseeker, p.newcomer), lang)}"


def start(advice: Advice | None, lang: str) -> str:
    general = Text(
        "De meeste opleidingen starten in september, sommige ook in februari. Bij een deel kun je op elk moment "
        "beginnen, vaak met BBL.",
        "Most courses start in September, some also in February. Some let you start at any moment, often with BBL.",
    ).get(lang)
    if advice is None or not advice.items:
        return general
    lines = [general]
    for n, r in enumerate(advice.items, 1):
        if r.offers:
            lines.append(f"{n}. {r.course.name}: {r.offers[0].next_start.label.get(lang)} ({r.offers[0].city})")
    return "\n".join(lines)


MATH_RULE = Text(
    "Kom je van het vmbo uit een ander profiel dan techniek? Dan moet wiskunde of NaSk1 (natuur- en scheikunde 1) in je "
    "eindexamen zitten om naar een technische mbo-opleiding te gaan, tenzij de examencommissie anders beslist.",
    "Coming from vmbo with a non-technical profile? Then maths or science (NaSk1) must be in your final exam to enter a "
    "technical MBO course, unless the exam board decides otherwise.",
)


def catch_up(p: Profile, advice: Advice | None, lang: str, topics: Sequence[str] = ()) -> str:
    """What is missing and how to catch up; ``topics`` ("diploma", "math") are what the question was about."""
    head_lines: list[str] = []
    missing: list[str] = []
    if "diploma" in topics or p.education == "none":
        missing.append(adm.MISSING_DIPLOMA)
        if p.age is None:  # both answers: Entree from 16, and the admission assessment from 18
            head_lines.append(
                Text(
                    "Zonder diploma kun je met Entree (niveau 1) beginnen, vanaf 16 jaar. Ben je 18 of ouder? Dan kan de "
                    "school je ook toelaten na een toelatingsonderzoek.",
                    "Without a diploma you can start with Entree (level 1), from age 16. Are you 18 or older? Then the "
                    "school can also admit you after an admission assessment.",
                ).get(lang)
            )
    if "math" in topics or p.has_math_or_science is False:
        head_lines.append(f"{MATH_RULE.get(lang)} [{facts.SRC_SWITCH}]")
        missing.append(adm.MISSING_MATH_SCIENCE)
    for d in adm.base_levels(p).values():
        missing += [m for m in d.missing if m not in missing]
    if advice is not None:
        for r in advice.out_of_reach + advice.items:
            missing += [m for m in r.decision.missing if m not in missing]
    routes = catchup.routes_for(tuple(missing), p)
    if adm.MISSING_DIPLOMA in missing and p.age is None:
        adult = Profile(age=18)
        routes = list(
            dict.fromkeys([catchup.ENTREE_THEN_2, *routes, *catchup.routes_for((adm.MISSING_DIPLOMA,), adult)])
        )
    if not routes and not head_lines:
        return Text(
            "Met wat je me vertelde mis je niets: je kunt instromen op de niveaus die ik liet zien.",
            "From what you told me, nothing is missing: you can enter at the levels I showed.",
        ).get(lang)
    head = Text("Zo kun je bijspijkeren:", "This is how you can catch up:").get(lang)
    body = "\n".join(f"- {r.title.get(lang)}: {r.steps.get(lang)} [{r.source}]" for r in routes)
    return "\n".join([*head_lines, head, body])


CAPABILITIES = Text(
    "Ik help je een technische mbo-opleiding kiezen die bij je past en waar werk in is. Ik vraag naar je school, je "
    "leeftijd, wat je leuk vindt, BOL of BBL, waar je woont en wanneer je wilt beginnen. Weet je iets niet? Zeg dan "
    "'weet ik niet'. Daarna krijg je opleidingen die je kunt doen, met niveau, start en school. Je kunt ook vragen: "
    "'wat is bbl', 'wat kost het', 'ik heb geen diploma', 'geef mijn code' of 'praat met een mens'.",
    "I help you choose a technical MBO course that fits you and leads to jobs. I ask about your school, your age, "
    "what you like, BOL or BBL, where you live and when you want to start. Don't know something? Just say 'I don't "
    "know'. Then you get courses you can do, with level, start date and school. You can also ask: 'what is bbl', "
    "'what does it cost', 'I have no diploma', 'give me my code' or 'talk to a person'.",
)
GENERAL_QUESTION = Text(
    "Die vraag kan ik nu niet goed beantwoorden. Na de vragen kun je me meer vragen, of praat met een mens.",
    "I can't answer that question well right now. After the questions you can ask me more, or talk to a person.",
)


def pick_courses(text: str, entities: Sequence[str], shown: Sequence[str], catalog: Catalog) -> list[Course]:
    """Which courses the person means: "nummer 2", "de eerste", a crebo code or a course name."""
    found: list[Course] = []
    lowered = text.lower()
    for token in re.findall(r"[a-z0-9]+", lowered):
        if token.isdigit() and len(token) == 5 and token in catalog.courses:
            found.append(catalog.courses[token])
        elif (token.isdigit() and 1 <= int(token) <= len(shown)) or token in _ORDINALS:
            index = int(token) if token.isdigit() else _ORDINALS[token]
            crebo = shown[index - 1] if 0 < index <= len(shown) else shown[-1] if index < 0 and shown else None
            if crebo and crebo in catalog.courses:
                found.append(catalog.courses[crebo])
    for name in entities:
        found += catalog.find_courses(name, limit=1)
    unique = list(dict.fromkeys(found))
    return unique


def more(rec: Recommendation, lang: str) -> str:
    lines = render_item(1, rec, lang)
    lines[0] = lines[0][3:]
    for o in rec.offers[1:]:
        lines.append("   " + Text("Ook in", "Also in").get(lang) + f": {o.city} ({o.next_start.label.get(lang)})")
    return "\n".join(lines)


def compare(a: Recommendation, b: Recommendation, lang: str) -> str:
    def row(r: Recommendation) -> str:
        first = r.offers[0] if r.offers else None
        start = first.next_start.label.get(lang) if first else "-"
        demand = f"{r.demand.text.get(lang)} [{r.demand.source}]" if r.demand else "-"
        level = Text("niveau", "level").get(lang)
        status = {
            adm.OPEN: Text("kan nu", "open now"),
            adm.CONDITIONAL: Text("school checkt", "school checks"),
            adm.CLOSED: Text("eerst bijspijkeren", "catch up first"),
        }[r.decision.status].get(lang)
        return (
            f"- {r.course.name}: {level} {r.course.level}, {'/'.join(r.routes) or '-'}, start {start}, {status}.\n"
            f"  {r.summary.get(lang) if r.summary else ''}\n  {demand}"
        )

    head = Text("Zo verschillen ze:", "This is how they differ:").get(lang)
    return f"{head}\n{row(a)}\n{row(b)}"


CLARIFY = (
    Text(
        "Sorry, dat snapte ik niet helemaal. Kun je het anders zeggen?",
        "Sorry, I didn't quite get that. Could you say it another way?",
    ),
    Text(
        "Ik begrijp het nog niet. Probeer het kort, bijvoorbeeld 'ik ben 16' of 'ik woon in Utrecht'.",
        "I still don't understand. Try something short, like 'I am 16' or 'I live in Utrecht'.",
    ),
)


def clarify(count: int, lang: str, contact: Text) -> str:
    if count < len(CLARIFY):
        return CLARIFY[count].get(lang)
    return Text(
        f"Het lukt me niet goed. Tik op een knop hieronder, of praat met een mens: {contact.nl}.",
        f"I'm not getting it. Tap a button below, or talk to a person: {contact.en}.",
    ).get(lang)


def handoff(contact: Text, lang: str) -> str:
    return Text(
        f"Je kunt met een mens praten via {contact.nl}. Zij kunnen ook je keuze met je doorspreken.",
        f"You can talk to a person via {contact.en}. They can also go through your choice with you.",
    ).get(lang)
