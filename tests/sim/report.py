"""Figures and transcripts from a batch of simulated conversations.

The table has one row per answering style and one per kind of person (and a total), so a regression shows where
it hurts: "undecided pupils never reach advice" reads differently from "typos strand people". The failing
conversations are written out as readable transcripts, worst first, for a person to read.
"""

from __future__ import annotations

import json
import statistics
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.catalog.store import Catalog

from . import checks, questions
from .phrases import AGE, DUTCH, EDUCATION, MATH, PROFILE
from .population import PARENT
from .runner import Conversation, Turn
from .styles import COOPERATIVE, turn_limit

MAX_ADVICE_CHARS = 400


@dataclass
class Judged:
    conv: Conversation
    verdict: checks.Verdict


def judge(conv: Conversation, catalog: Catalog, names: checks.NameFilter | None = None) -> Judged:
    person = conv.person
    lang = person.language
    wrong: list[tuple[int, str]] = []
    for number, turn in enumerate(conv.turns, 1):
        for text in questions.texts(turn.messages):
            wrong += [(number, s) for s in checks.foreign_sentences(text, lang, names)]
    replies = [t.messages for t in conv.turns]
    repeat, repeated = checks.longest_repeat(replies)
    found, lost = [], []
    if conv.payload is not None:
        lost = checks.lost_facts(conv.payload, person.goal, conv.told, catalog)
        profile = checks.revealed_profile(person.goal, conv.unknown, catalog, lang)
        found = checks.contradictions(conv.payload, profile, catalog)
        untold = untold_facts(conv)
        if found and untold:  # tell "the bot ignored it" from "the bot never asked (or moved on)"
            found = [f"{f} (never said, not asked again: {', '.join(untold)})" for f in found]
    errors = sum(1 for t in conv.turns if t.status != 200) + (1 if conv.crash else 0)
    verdict = checks.Verdict(
        reached=conv.reached,
        turns=len(conv.turns),
        limit=turn_limit(person.style, person.kind),
        max_repeat=repeat,
        repeated=repeated,
        empty=sum(1 for t in conv.turns if t.status == 200 and checks.is_empty(t.messages)),
        errors=errors,
        wrong_language=wrong,
        contradictions=found,
        lost=lost,
        nothing_fits=conv.payload is not None and not conv.payload.get("items"),
        intro_again=checks.intro_again([(t.user, questions.texts(t.messages)) for t in conv.turns]),
        no_next_step=conv.payload is not None
        and not conv.payload.get("items")
        and not checks.has_next_step(conv.payload),
    )
    return Judged(conv, verdict)


def untold_facts(conv: Conversation) -> list[str]:
    """Facts that matter for admission which the person never got to say (the bot did not ask, or moved on)."""
    g = conv.person.goal
    relevant = [EDUCATION, AGE] + ([PROFILE, MATH] if g.vmbo else []) + ([DUTCH] if g.dutch_level else [])
    return [f for f in relevant if f not in conv.told and f not in conv.unknown]


def percentile(values: list[float], pct: int) -> float | None:
    """Linear-interpolated percentile (numpy's default, as bench/bench_chat.py reports it); None for no values."""
    if len(values) < 2:
        return float(values[0]) if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def figures(rows: list[Judged]) -> dict[str, Any]:
    """The issue's figures for a group of conversations."""
    n = len(rows)
    reached = [r for r in rows if r.verdict.reached]
    turns = [float(r.verdict.turns) for r in reached]
    p95 = percentile(turns, 95)
    return {
        "n": n,
        "reached_pct": round(100 * len(reached) / n, 1) if n else None,
        "in_limit_pct": round(100 * sum(1 for r in reached if r.verdict.turns <= r.verdict.limit) / n, 1)
        if n
        else None,
        "turns_mean": round(sum(turns) / len(turns), 1) if turns else None,
        "turns_p95": round(p95, 1) if p95 is not None else None,
        "max_in_a_row": max((r.verdict.max_repeat for r in rows), default=0),
        "over_2_in_a_row": sum(1 for r in rows if r.verdict.max_repeat > 2),
        "empty_replies": sum(r.verdict.empty for r in rows),
        "wrong_language_replies": sum(len({t for t, _ in r.verdict.wrong_language}) for r in rows),
        "contradictions": sum(len(r.verdict.contradictions) for r in rows),
        "lost_facts": sum(len(r.verdict.lost) for r in rows),
        "nothing_fits": sum(1 for r in rows if r.verdict.nothing_fits),
        "no_next_step": sum(1 for r in rows if r.verdict.no_next_step),
        "errors": sum(r.verdict.errors for r in rows),
        "pass_pct": round(100 * sum(1 for r in rows if r.verdict.ok) / n, 1) if n else None,
    }


_COLUMNS = (
    ("n", "n"),
    ("reached_pct", "advice%"),
    ("in_limit_pct", "in-limit%"),
    ("turns_mean", "turns"),
    ("turns_p95", "p95"),
    ("max_in_a_row", "max-row"),
    ("over_2_in_a_row", ">2-row"),
    ("empty_replies", "empty"),
    ("wrong_language_replies", "wrong-lang"),
    ("contradictions", "contra"),
    ("lost_facts", "lost"),
    ("nothing_fits", "none-fit"),
    ("no_next_step", "no-step"),
    ("errors", "errors"),
    ("pass_pct", "pass%"),
)


def grouped(rows: list[Judged], key: Callable[[Judged], str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Judged]] = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    return {name: figures(group) for name, group in sorted(groups.items())}


def table(rows: list[Judged]) -> str:
    """Per style (cooperative ones marked *), per kind of person, and all together."""
    width = 19
    widths = [max(len(label), 5) + 2 for _, label in _COLUMNS]
    head = f"{'':{width}}" + "".join(f"{label:>{w}}" for (_, label), w in zip(_COLUMNS, widths))

    def line(name: str, fig: dict[str, Any]) -> str:
        return f"{name[:width]:{width}}" + "".join(f"{_cell(fig[k]):>{w}}" for (k, _), w in zip(_COLUMNS, widths))

    out = ["by style (* cooperative: limit 10 turns; others and undecided pupils 14)", head]
    out += [
        line(("* " if s in COOPERATIVE else "  ") + s, f)
        for s, f in grouped(rows, lambda r: r.conv.person.style).items()
    ]
    out += ["", "by kind of person", head]
    out += [line("  " + k, f) for k, f in grouped(rows, lambda r: r.conv.person.kind).items()]
    by_parent = [r for r in rows if PARENT in r.conv.person.tags]
    if by_parent:  # (pupils of the kinds above, whose parent chats for them)
        out += ["", line("  pupil's parent", figures(by_parent))]
    out += ["", line("all", figures(rows))]
    return "\n".join(out)


def _cell(value: Any) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def transcript(j: Judged, width: int = 110, turns: int | None = None) -> str:
    """A readable conversation: who the person is, why it failed, then the turns (the last `turns` only)."""
    conv, v = j.conv, j.verdict
    p, g = conv.person, conv.person.goal
    goal = {
        k: val
        for k, val in vars(g).items()
        if val is not None and val != "" and not (val is False and k != "has_math_or_science")
    }
    lines = [
        f"== {p.pid} | {p.kind}{' (parent)' if PARENT in p.tags else ''} | style: {p.style} | sender {conv.sender}",
        f"   goal: {json.dumps(goal, ensure_ascii=False)}",
        f"   said 'weet niet' to: {', '.join(sorted(conv.unknown)) or '-'}",
    ]
    lines += [f"   FAIL: {why}" for why in v.failures]
    if conv.crash:
        lines.append(f"   harness/connection error: {conv.crash}")
    shown = list(enumerate(conv.turns, 1))
    if turns is not None and len(shown) > turns:
        lines.append(f"   ... {len(shown) - turns} earlier turns left out")
        shown = shown[-turns:]
    runs: list[list[tuple[int, Turn]]] = []
    for number, turn in shown:  # identical exchanges in a row are printed once
        if runs and _signature(runs[-1][0][1]) == _signature(turn):
            runs[-1].append((number, turn))
        else:
            runs.append([(number, turn)])
    for run in runs:
        number, turn = run[0]
        advice = checks.recommendations(turn.messages) is not None
        lines.append(f"  {number:>2} USER: {turn.user}")
        if turn.status != 200:
            lines.append(f"     BOT (HTTP {turn.status})")
        for m in (m for m in turn.messages if isinstance(m, dict)):
            c = m.get("custom")
            if isinstance(c, dict):
                items = ", ".join(
                    f"{i.get('name')} (n{i.get('level')}, {i.get('admission')})"
                    for i in c.get("items") or []
                    if isinstance(i, dict)
                )
                lines.append(f"     BOT [custom {c.get('type')}: {items or 'no items'}]")
            if m.get("text"):
                text = " ".join(str(m["text"]).split())
                if advice and len(text) > MAX_ADVICE_CHARS:  # the advice text repeats the payload: its start will do
                    text = text[:MAX_ADVICE_CHARS] + " [...]"
                lines += textwrap.wrap(text, width, initial_indent="     BOT: ", subsequent_indent="          ")
            titles = [b.title for b in questions.buttons_of(m)]
            if titles:
                lines.append("          [" + "] [".join(titles) + "]")
        if len(run) > 1:
            lines.append(f"     ... the same exchange {len(run) - 1} more time(s), up to turn {run[-1][0]}")
    for number, sentence in v.wrong_language[:5]:
        lines.append(f"   wrong language, turn {number}: {sentence[:120]}")
    return "\n".join(lines)


def _signature(turn: Turn) -> tuple[str, tuple[str, ...]]:
    return turn.user, tuple(questions.texts(turn.messages))


def severity(j: Judged) -> tuple[int, int, int]:
    v = j.verdict
    return (len(v.contradictions) + v.empty + v.errors + (0 if v.reached else 3), v.max_repeat, v.turns)


def write(rows: list[Judged], out_dir: Path, extra: dict[str, Any] | None = None, worst: int = 60) -> list[Path]:
    """table.txt, summary.json (figures per style and kind) and failures.txt (the worst transcripts)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    failing = sorted((r for r in rows if not r.verdict.ok), key=severity, reverse=True)
    summary = {
        **(extra or {}),
        "all": figures(rows),
        "by_style": grouped(rows, lambda r: r.conv.person.style),
        "by_kind": grouped(rows, lambda r: r.conv.person.kind),
        "parents": figures([r for r in rows if PARENT in r.conv.person.tags]),
        "failing": [
            {
                "pid": r.conv.person.pid,
                "kind": r.conv.person.kind,
                "style": r.conv.person.style,
                "why": r.verdict.failures,
            }
            for r in failing
        ],
    }
    paths = [out_dir / "table.txt", out_dir / "summary.json", out_dir / "failures.txt"]
    paths[0].write_text(table(rows) + "\n", encoding="utf-8")
    paths[1].write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    header = f"{len(failing)} of {len(rows)} conversations fail; the {min(worst, len(failing))} worst:\n\n"
    paths[2].write_text(header + "\n\n".join(transcript(r) for r in failing[:worst]) + "\n", encoding="utf-8")
    return paths


def failure_lines(rows: Iterable[Judged], limit: int = 25, turns: int = 4) -> str:
    """For an assertion message: each failing person with why and a short transcript (the last turns)."""
    failing = sorted((r for r in rows if not r.verdict.ok), key=severity, reverse=True)
    shown = [transcript(r, width=100, turns=turns) for r in failing[:limit]]
    more = f"\n... and {len(failing) - limit} more" if len(failing) > limit else ""
    return "\n\n".join(shown) + more
