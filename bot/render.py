"""Plain-text rendering of advice, for the CLI and for chat channels that cannot draw cards."""

from __future__ import annotations

from .advice import Advice, Recommendation
from .i18n import Text

FICTIONAL = Text(" (fictieve demo-school)", " (fictional demo school)")


def render_item(n: int, r: Recommendation, lang: str) -> list[str]:
    routes = "/".join(r.routes) or "-"
    lines = [f"{n}. {r.course.name} (crebo {r.course.crebo}) - "
             + Text(f"niveau {r.course.level}, {routes}", f"level {r.course.level}, {routes}").get(lang)]
    if r.summary:
        lines.append(f"   {r.summary.get(lang)}")
    for o in r.offers[:1]:
        marker = FICTIONAL.get(lang) if o.fictional and (lang == "en" or "fictie" not in o.school.lower()) else ""
        where = f"{o.school}, {o.city}{marker}"
        dist = f", ~{o.distance_km:.0f} km" if o.distance_km is not None else ""
        lines.append("   " + Text(f"Start: {o.next_start.label.nl} - {where}{dist}",
                                  f"Start: {o.next_start.label.en} - {where}{dist}").get(lang))
        if o.numerus_fixus:
            lines.append("   " + Text("Let op: numerus fixus (beperkt aantal plaatsen).",
                                      "Note: numerus fixus (limited places).").get(lang))
    for reason in r.reasons:
        lines.append(f"   - {reason.get(lang)}")
    if r.demand:
        lines.append("   " + Text("Arbeidsmarkt", "Labour market").get(lang)
                     + f": {r.demand.text.get(lang)} [{r.demand.source}, {r.demand.date}]")
    for route in r.catch_up:
        lines.append(f"   > {route.title.get(lang)}: {route.steps.get(lang)}")
    return lines


def render_advice(advice: Advice, lang: str) -> str:
    out: list[str] = []
    for note in advice.notes:
        out.append(note.get(lang))
    if advice.items:
        out.append(Text("Opleidingen die bij je passen:", "Courses that fit you:").get(lang))
        for n, item in enumerate(advice.items, 1):
            out += render_item(n, item, lang)
    else:
        out.append(Text("Ik vond geen opleiding die je nu kunt starten met deze wensen.",
                        "I found no course you can start now with these wishes.").get(lang))
    if advice.out_of_reach:
        out.append(Text("Nog niet haalbaar, maar wel met een tussenstap:",
                        "Not possible yet, but reachable with an extra step:").get(lang))
        for n, item in enumerate(advice.out_of_reach, 1):
            out += render_item(n, item, lang)
    if advice.costs:
        out.append(Text("Kosten en wie betaalt:", "Costs and who pays:").get(lang))
        out += [f"- {f.text.get(lang)} [{f.source}]" for f in advice.costs]
    return "\n".join(out)
