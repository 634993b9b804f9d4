"""Answers to follow-up questions (BBL, pay, costs, start, catch-up, more about a course, compare), as text.

Pure functions: the chatbot's actions pass in what the conversation knows and send what comes back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import admission as adm
from . import catchup, facts
from .advice import Advice, Recommendation, distance_label
from .catalog.store import Catalog
from .courses import Course
from .i18n import Text
from .profile import Profile
from .render import render_item
from .textmatch import fold
from .texts import family, fill, text
from .understand.vocab import ASKS_WHICH, ORDINALS

# "de tweede", "2e", "the last one": which of the shown courses (1-5, -1 the last)
_ORDINALS = {word: n for word, n in ORDINALS.items() if n <= 5} | {"laatste": -1, "last": -1}


def _sourced(items: Sequence[facts.Fact], lang: str) -> str:
    return "\n".join(f"- {f.cited(lang)}" for f in items)


def bbl(age: int | None, lang: str) -> str:
    head = text("followups.bbl.head").get(lang)
    return f"{head}\n{_sourced([*facts.BBL_BASICS, facts.bbl_wage(age)], lang)}"


def bol_bbl(age: int | None, lang: str) -> str:
    """ "Wat is het verschil tussen BOL en BBL?", "what is better for me?": both routes side by side, sourced (the
    answer explained only BBL)."""
    return "\n".join(
        [
            text("followups.bol_bbl.head").get(lang),
            text("followups.bol_bbl.bol").get(lang),
            _sourced([facts.BOL_PRACTICE, facts.BOL_PAY], lang),
            text("followups.bol_bbl.bbl").get(lang),
            _sourced([facts.BBL_BASICS[0], facts.bbl_wage(age)], lang),
            text("followups.bol_bbl.both").get(lang),
            _sourced([facts.ROUTE_SWITCH, facts.ROUTE_OUTCOMES], lang),
            text("followups.bol_bbl.tip").get(lang),
        ]
    )


def explain_route(message: str, age: int | None, lang: str) -> str:
    """BBL, or both routes when the message names BOL or asks which is better."""
    return bol_bbl(age, lang) if compares_routes(message) else bbl(age, lang)


_COMPARES_ROUTES = re.compile(
    rf"\b(?:bol|verschil\w*|difference|different|beter|better|vs|versus|vergelijk\w*|compare\w*|{ASKS_WHICH})\b"
)


def compares_routes(message: str) -> bool:
    return bool(_COMPARES_ROUTES.search(fold(message)))


def workplace(course: Course | None, lang: str) -> str:
    """ "Hoe vind ik een leerbedrijf?": where to search (for the first course of the advice, by its crebo)."""
    head = text("followups.workplace.head").get(lang)
    found = facts.find_company(course.name if course else None, course.crebo if course else None)
    return f"{head}\n{_sourced(found, lang)}"


def own_company(lang: str) -> str:
    """ "Kan hij bij mijn bedrijf leren?": only at a company SBB approved for the course, and how it gets approved."""
    return f"{text('followups.own_company').get(lang)} [{facts.SRC_BBL_CONTRACT}]"


def nearer(advice: Advice | None, lang: str) -> str:
    """ "Is er ook iets dichterbij?": the nearest place we know for each course shown, and where to look further."""
    if advice is None or advice.place is None or not advice.items:
        return text("followups.nearer.no_place").get(lang)
    lines = [text("followups.nearer.head").get(lang)]
    for n, r in enumerate(advice.items, 1):
        near = min((o for o in r.offers if o.distance_km is not None), key=lambda o: o.distance_km or 0.0, default=None)
        if near is not None:
            where = fill(
                text("followups.nearer.item"), city=near.city, distance=distance_label(near.distance_km or 0.0)
            )
            lines.append(f"{n}. {r.course.name}: {where.get(lang)}")
    lines.append(text("followups.nearer.elsewhere").get(lang))
    return "\n".join(lines)


def pay(age: int | None, lang: str) -> str:
    return f"{facts.bbl_wage(age).cited(lang)}\n{facts.BOL_PAY.cited(lang)}"  # sentences, not a list


def costs(p: Profile, lang: str) -> str:
    head = text("followups.costs.head").get(lang)
    level = adm.fee_level(adm.base_levels(p))
    return f"{head}\n{_sourced(facts.costs(p.age, p.route, level, p.jobseeker, p.newcomer), lang)}"


def start(advice: Advice | None, lang: str) -> str:
    general = text("followups.start.general").get(lang)
    if advice is None or not advice.items:
        return general
    lines = [general]
    for n, r in enumerate(advice.items, 1):
        if r.offers:
            lines.append(f"{n}. {r.course.name}: {r.offers[0].next_start.label.get(lang)} ({r.offers[0].city})")
    return "\n".join(lines)


_DURATION_LEVEL = family("followups.duration.level")


def duration(courses: Sequence[Course], lang: str) -> str:
    """How long the courses take: the general range per level (no per-course figure is in our data), with the
    technician courses SBB lets take four years named as such."""
    levels = sorted({c.level for c in courses if str(c.level) in _DURATION_LEVEL}) or sorted(
        int(k) for k in _DURATION_LEVEL
    )
    lines = [text("followups.duration.general").get(lang)]
    lines += [f"- {_DURATION_LEVEL[str(n)].get(lang)} [{facts.SRC_DURATION}]" for n in levels]
    lines += [
        f"- {text('followups.duration.four_years', course=c.name).get(lang)} [{facts.SRC_FOUR_YEARS}]"
        for c in courses
        if c.crebo in facts.FOUR_YEAR_CREBOS
    ]
    lines += _your_list(courses, lang)
    lines.append(text("followups.duration.school").get(lang))
    return "\n".join(lines)


def _your_list(courses: Sequence[Course], lang: str) -> list[str]:
    """The courses last shown with their levels, which the general lines before it are about."""
    if not courses:
        return []
    item = text("followups.your_list.item")
    rows = [item.format(n=n, course=c.name, level=c.level).get(lang) for n, c in enumerate(courses, 1)]
    return [text("followups.your_list.head").get(lang), *rows]


def too_old(age: int | None, lang: str) -> str:
    """ "Ben ik niet te oud?": age is no admission requirement (Entree aside), and the routes adults use, sourced."""
    lines = [
        f"{text('followups.age.admission').get(lang)} [{facts.SRC_ADMISSION}]",
        f"- {text('followups.age.bbl').get(lang)} {facts.bbl_wage(age).text.get(lang)} [{facts.SRC_BBL_WAGE}]",
        f"- {text('followups.age.no_diploma').get(lang)} [{facts.SRC_18PLUS}]",
        f"- {text('followups.age.experience').get(lang)} [{facts.SRC_EVC}]",
        f"- {facts.LIFELONG_LEARNING_CREDIT.cited(lang)}",
    ]
    if age is None:  # who told their age has told it; the questions or the list follow
        lines.append(text("followups.age.tell_me").get(lang))
    return "\n".join(lines)


def evc(lang: str) -> str:
    """ "Wat is EVC?": what recognising experience gives, its two routes and their limits, sourced."""
    return "\n".join(
        [
            f"{text('catchup.evc.title').get(lang)}: {text('catchup.evc.steps').get(lang)} [{facts.SRC_EVC}]",
            f"- {text('followups.evc.routes').get(lang)}",
            f"- {text('followups.evc.where').get(lang)}",
        ]
    )


_NEXT_STEP = family("followups.further_study.next")


def further_study(courses: Sequence[Course], lang: str) -> str:
    """ "Kan ik later naar het hbo?": what each mbo level leads to, with the courses last shown."""
    lines = [f"{text('followups.further_study.hbo').get(lang)} [{facts.SRC_HBO}]"]
    steps = [f"- {_NEXT_STEP[str(n)].get(lang)}" for n in sorted(int(k) for k in _NEXT_STEP)]
    steps[-1] += f" [{facts.SRC_ADMISSION}]"
    lines += steps
    lines += _your_list(courses, lang)
    lines.append(text("followups.further_study.ask").get(lang))
    return "\n".join(lines)


MATH_RULE = text("followups.catch_up.math_rule")


# "kan ik dan naar niveau 4?": yes, maybe (the school checks) or not yet, in the words the advice uses
LEVEL_VERDICT = {
    adm.OPEN: text("advice.reason.level_open"),
    adm.CONDITIONAL: text("advice.reason.level_check"),
    adm.CLOSED: text("advice.reason.level_closed"),
}


def catch_up(p: Profile, advice: Advice | None, lang: str, topics: Sequence[str] = (), level: int | None = None) -> str:
    """What is missing and how to catch up; ``topics`` ("diploma", "math") are what the question was about, and
    ``level`` the level asked about ("kan ik dan naar niveau 4?"): the admission rule for it comes first."""
    head_lines: list[str] = []
    decision = adm.base_levels(p).get(level) if level is not None else None
    if decision is not None and p.education is not None:
        verdict = LEVEL_VERDICT[decision.status].get(lang).format(level=level)  # the answer first, then the rule
        head_lines += [verdict, *(f"{r.text.get(lang)} [{r.source}]" for r in decision.reasons)]
        if decision.status == adm.OPEN and not topics:
            return "\n".join(head_lines)
    missing: list[str] = []
    if "diploma" in topics or p.education == "none":
        missing.append(adm.MISSING_DIPLOMA)
        if p.age is None:  # both answers: Entree from 16, and the admission assessment from 18
            head_lines.append(text("followups.catch_up.no_diploma").get(lang))
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
        return text("followups.catch_up.nothing_missing").get(lang)
    head = text("followups.catch_up.head").get(lang)
    body = "\n".join(f"- {r.title.get(lang)}: {r.steps.get(lang)} [{r.source}]" for r in routes)
    return "\n".join([*head_lines, head, body])


CAPABILITIES = text("followups.capabilities")
GENERAL_QUESTION = text("followups.general_question")
GENERAL_QUESTION_AFTER = text("followups.general_question_after")  # once the advice is shown
EXPLAIN_ADVICE = text("followups.explain_advice")
HELP_CHOOSE = text("followups.help_choose")  # "ik weet nog niet wat ik wil" before the interest question
PAY_AFTER = text("followups.pay_after")  # no sourced wages per occupation: we name none
STUDENT_FINANCE = text("followups.student_finance")  # no sourced facts of our own: DUO is where to ask


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
        lines.append("   " + text("followups.more.also_in", city=o.city, start=o.next_start.label.get(lang)).get(lang))
    return "\n".join(lines)


_STATUS = {
    adm.OPEN: text("followups.compare.status.open"),
    adm.CONDITIONAL: text("followups.compare.status.conditional"),
    adm.CLOSED: text("followups.compare.status.closed"),
}


def compare(a: Recommendation, b: Recommendation, lang: str) -> str:
    def row(r: Recommendation) -> str:
        first = r.offers[0] if r.offers else None
        start = first.next_start.label.get(lang) if first else "-"
        demand = f"{r.demand.text.get(lang)} [{r.demand.source}]" if r.demand else "-"
        line = text(
            "followups.compare.row",
            course=r.course.name,
            level=r.course.level,
            routes="/".join(r.routes) or "-",
            start=start,
            status=_STATUS[r.decision.status].get(lang),
        ).get(lang)
        return f"{line}\n  {r.summary.get(lang) if r.summary else ''}\n  {demand}"

    head = text("followups.compare.head").get(lang)
    return f"{head}\n{row(a)}\n{row(b)}"


CLARIFY = (text("followups.clarify.first"), text("followups.clarify.again"))


def clarify(count: int, lang: str, contact: Text) -> str:
    if count < len(CLARIFY):
        return CLARIFY[count].get(lang)
    return text("followups.clarify.stuck", contact=contact.get(lang)).get(lang)


def handoff(contact: Text, lang: str) -> str:
    return text("followups.handoff", contact=contact.get(lang)).get(lang)
