"""What a counsellor's page and the report show of one conversation, from its slots and the counsellor's steering.

Everything here is derived again on each call from the same engine the chat uses (admission, advice, catch-up),
so the page never shows a verdict the pupil did not get.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import admission as adm
from .. import intake, slots, undecided
from ..advice import Advice, Recommendation
from ..catalog.store import Catalog
from ..catchup import CatchUpRoute
from ..i18n import Text
from ..profile import RIASEC_KEYS, Profile
from ..texts import family, text
from .steer import steered_advice
from .store import Steering

# What the page and the report call an answer (by slot) and a value the pupil chose (by slot value).
LABELS: Mapping[str, Text] = family("counsel.label")
VALUES: Mapping[str, Text] = {
    **family("counsel.value"),
    "True": text("counsel.yes_no.yes"),
    "False": text("counsel.yes_no.no"),
}
RIASEC_LABELS: Mapping[str, Text] = {
    "R": text("counsel.riasec.realistic"),
    "I": text("counsel.riasec.investigative"),
    "A": text("counsel.riasec.artistic"),
    "S": text("counsel.riasec.social"),
    "E": text("counsel.riasec.enterprising"),
    "C": text("counsel.riasec.conventional"),
}
STATUS: Mapping[str, Text] = {
    adm.OPEN: text("counsel.status.open"),
    adm.CONDITIONAL: text("counsel.status.conditional"),
    adm.CLOSED: text("counsel.status.closed"),
}


@dataclass(frozen=True)
class Answer:
    key: str
    label: Text
    value: str  # as the pupil gave it or as a label; plain text, escaped where it is shown


@dataclass(frozen=True)
class LevelVerdict:
    level: int
    status: str
    label: Text
    reasons: tuple[adm.Reason, ...]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # 0..1


@dataclass
class SessionView:
    lang: str
    profile: Profile
    answers: list[Answer]
    unknown: list[Text]
    levels: list[LevelVerdict]
    advice: Advice
    catch_up: list[CatchUpRoute]
    interests: list[Bar]
    interest_title: Text
    steering: Steering
    started: bool = True
    advised: bool = False  # the pupil has seen a list (else the list is what they would get now)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def shortlist(self) -> list[Recommendation]:
        return self.advice.items


def _value(key: str, value: Any, lang: str) -> str:
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        if key == "interest_choices":
            return ", ".join(t.get(lang) for t in undecided.labels(str(v) for v in value))
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {float(v):.1f}" for k, v in value.items() if isinstance(v, (int, float)))
    shown = str(value)
    return VALUES[shown].get(lang) if shown in VALUES else shown


def answers(values: Mapping[str, Any], lang: str) -> list[Answer]:
    out = []
    for key in slots.PROFILE_SLOTS:
        value = values.get(key)
        if value in (None, "", [], {}) or key in ("riasec", "interest_tags"):
            continue
        if key in ("newcomer", "jobseeker", "havo_vwo_diploma") and value is False:
            continue
        out.append(Answer(key, LABELS[key], _value(key, value, lang)))
    return out


def unknown(values: Mapping[str, Any]) -> list[Text]:
    """Questions not answered yet (or answered "don't know"), in the order the intake asks them."""
    known = slots.known(values)
    return [
        LABELS[f] for f in intake.fields_to_ask(known) if known.get(f) in (None, "", intake.UNKNOWN) and f in LABELS
    ]


def levels(p: Profile) -> list[LevelVerdict]:
    return [
        LevelVerdict(level, d.status, STATUS[d.status], d.reasons) for level, d in sorted(adm.base_levels(p).items())
    ]


def interest_bars(p: Profile, advice: Advice, lang: str) -> tuple[Text, list[Bar]]:
    """RIASEC scores when the pupil did the either/or choices; otherwise how well each listed course fits."""
    if any(float(p.riasec.get(k, 0) or 0) for k in RIASEC_KEYS):
        top = max(float(p.riasec.get(k, 0) or 0) for k in RIASEC_KEYS) or 1.0
        return (
            text("counsel.interest_title.riasec"),
            [Bar(RIASEC_LABELS[k].get(lang), max(0.0, float(p.riasec.get(k, 0) or 0)) / top) for k in RIASEC_KEYS],
        )
    recs = advice.items[:6]
    return (
        text("counsel.interest_title.course_fit"),
        [Bar(r.course.name, max(0.0, min(1.0, r.fit))) for r in recs] if advice.technical else [],
    )


def build(
    values: Mapping[str, Any],
    cat: Catalog,
    steering: Steering | None = None,
    lang: str | None = None,
    today: dt.date | None = None,
) -> SessionView:
    """The view of one conversation from its slot values (``bot.slots.fold`` of its events)."""
    steering = steering or Steering()
    p = slots.profile(values)
    lang = lang or p.language
    result = steered_advice(p, cat, steering, today)
    routes: dict[str, CatchUpRoute] = {}
    for rec in result.items + result.out_of_reach:
        for route in rec.catch_up:
            routes.setdefault(route.code, route)
    title, bars = interest_bars(p, result, lang)
    return SessionView(
        lang,
        p,
        answers(values, lang),
        unknown(values),
        levels(p),
        result,
        list(routes.values()),
        bars,
        title,
        steering,
        started=bool(slots.answered(values)),
        advised=bool(values.get("shown_courses")),
    )
