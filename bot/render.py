"""Plain-text rendering of advice, for the CLI and for chat channels that cannot draw cards."""

from __future__ import annotations

from .advice import Advice, OfferChoice, Recommendation
from .i18n import Text
from .texts import fill, text

FICTIONAL = text("render.fictional")
# Headings of the chat rendering; channels that draw cards use the same words.
CHAT_FIT = text("render.heading.fit")
CHAT_FIT_FIRST = text("render.heading.fit_first")
CHAT_RELATED = text("render.heading.related")
CHAT_RELATED_FIRST = text("render.heading.related_first")
# When the list was not chosen by what the person likes (nothing said, nothing technical, nothing recognised).
CHAT_OPEN = text("render.heading.open")
CHAT_NONE = text("render.heading.none")
CHAT_NONE_NEXT = text("render.heading.none_next")
CHAT_LATER = text("render.heading.later")
OUT_OF_REACH = text("render.heading.out_of_reach")
COSTS = text("render.heading.costs")
LEVEL_ROUTES = text("render.item.level_routes")
COURSE_LEVEL = text("render.item.level")
START = text("render.item.start")
NUMERUS_FIXUS = text("render.item.numerus_fixus")
LABOUR_MARKET = text("render.item.labour_market")
WHY = text("render.label.why")
JOBS = text("render.label.jobs")
ROUTE = text("render.label.route")
START_LABEL = text("render.label.start")


def heading(fits: bool, has_items: bool, fits_all: bool = True, claims: bool = True) -> Text:
    """The line above the list: only a list chosen by the person's interests says that it fits them, and only
    where every course does ("fits_all"); else that the best fits come first. Where no course says it fits (only
    "has to do with what you mentioned": ``claims`` False) the heading says no more than that."""
    if not has_items:
        return CHAT_NONE
    if fits and not claims:
        return CHAT_RELATED if fits_all else CHAT_RELATED_FIRST
    return (CHAT_FIT if fits_all else CHAT_FIT_FIRST) if fits else CHAT_OPEN


def _fictional_marker(offer: OfferChoice, lang: str) -> str:
    """Say 'fictional' in the reader's language unless the school's name already says it in Dutch."""
    return FICTIONAL.get(lang) if offer.fictional and (lang == "en" or "fictie" not in offer.school.lower()) else ""


def render_item(n: int, r: Recommendation, lang: str) -> list[str]:
    routes = "/".join(r.routes) or "-"
    lines = [
        f"{n}. {r.course.name} (crebo {r.course.crebo}) - "
        + LEVEL_ROUTES.format(level=r.course.level, routes=routes).get(lang)
    ]
    if r.summary:
        lines.append(f"   {r.summary.get(lang)}")
    for o in r.offers[:1]:
        where = f"{o.school}, {o.city}{_fictional_marker(o, lang)}"
        dist = f", ~{o.distance_km:.0f} km" if o.distance_km is not None else ""
        lines.append("   " + fill(START, start=o.next_start.label, where=where, distance=dist).get(lang))
        if o.numerus_fixus:
            lines.append("   " + NUMERUS_FIXUS.get(lang))
    for reason in r.reasons:
        lines.append(f"   - {reason.get(lang)}")
    if r.demand:
        lines.append("   " + LABOUR_MARKET.get(lang) + f": {r.demand.cited(lang)}")
    for route in r.catch_up:
        lines.append(f"   > {route.title.get(lang)}: {route.steps.get(lang)}")
    return lines


def render_advice(advice: Advice, lang: str) -> str:
    out: list[str] = []
    for note in advice.notes:
        out.append(note.get(lang))
    out.append(heading(advice.fits, bool(advice.items), advice.fits_all, advice.claims_fit).get(lang))
    for n, item in enumerate(advice.items, 1):
        out += render_item(n, item, lang)
    if advice.out_of_reach:
        out.append(OUT_OF_REACH.get(lang))
        for n, item in enumerate(advice.out_of_reach, 1):
            out += render_item(n, item, lang)
    if advice.costs:
        out.append(COSTS.get(lang))
        out += [f"- {f.cited(lang)}" for f in advice.costs]
    return "\n".join(out)


def render_chat(advice: Advice, lang: str) -> str:
    """A short version for chat channels: one block per course, the most important facts first."""
    out = [n.get(lang) for n in advice.notes]
    out.append(heading(advice.fits, bool(advice.items), advice.fits_all, advice.claims_fit).get(lang))
    if not advice.items:
        out.append(CHAT_NONE_NEXT.get(lang))
    numbered = list(enumerate(advice.items, 1)) + list(enumerate(advice.out_of_reach, len(advice.items) + 1))
    for n, r in numbered:
        if n == len(advice.items) + 1:
            out.append(CHAT_LATER.get(lang))
        first = r.offers[0]
        level = COURSE_LEVEL.format(level=r.course.level).get(lang)
        out.append(f"{n}. {r.course.name} ({level}, {'/'.join(r.routes)})")
        out.append(
            f"   {START_LABEL.get(lang)}: {first.next_start.label.get(lang)}, {first.school}, "
            f"{first.city}{_fictional_marker(first, lang)}"
        )
        why = "; ".join(t.get(lang).rstrip(".") for t in r.reasons[:3])
        out.append("   " + WHY.get(lang) + f": {why}.")
        if r.demand:
            out.append("   " + JOBS.get(lang) + f": {r.demand.cited(lang)}")
        if r.catch_up:
            out.append("   " + ROUTE.get(lang) + f": {r.catch_up[0].title.get(lang)}: {r.catch_up[0].steps.get(lang)}")
    return "\n".join(out)
