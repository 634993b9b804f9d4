"""Simulated users (issue 10, part 4): hundreds of seeded people with goals and answering styles talk to the bot.

    .venv/bin/python bench/sim.py [--n 600] [--seed 7] [--threads 4] [--max-turns 20] [--strict]
    .venv/bin/python bench/sim.py --url http://127.0.0.1:5005      # an already running bot (rate limits off!)
    .venv/bin/python bench/sim.py --only p0042,p0107 -v              # replay some people, print their transcripts

Without --url the bot is started on free loopback ports with its own stores and rate limits off
(KANSRIJK_RATE_LIMIT=off, as bench/load_test.py: every simulated person comes from 127.0.0.1). With --url, pass
--pace 30/8 when the bot keeps its per-sender limits (per minute / burst). Prints reached advice, turns to advice
(mean, p95), the most times one question was asked in a row, empty and wrong-language replies and contradictions
with the admission engine, per answering style and per kind of person; writes table.txt, summary.json and the
worst transcripts (failures.txt) to --out. Exit status 1 with --strict when the bar of `make test` is not met
(every conversation reaches advice within its style's turn limit, nothing asked more than twice in a row, no
empty or wrong-language reply, no contradiction), else 0.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# tests/ first: the simulator is the package tests/sim (this script's own name must not shadow it)
sys.path[0:0] = [str(ROOT / "tests"), str(ROOT)]

import botkit  # noqa: E402
from sim import checks, population, report, runner, styles  # type: ignore[attr-defined]  # noqa: E402 (tests/sim; mypy sees this file as sim)

from bot import paths  # noqa: E402
from bot.catalog import store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="simulated people (600)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=4, help="conversations at a time (4)")
    parser.add_argument("--max-turns", type=int, default=20, help="messages a person sends at most (20)")
    parser.add_argument("--url", help="base URL of a running bot instead of starting one")
    parser.add_argument("--pace", help="per-sender limit of the bot under test, PER_MINUTE/BURST (default: none)")
    parser.add_argument("--catalog", type=Path, default=None, help="catalogue for the admission check")
    parser.add_argument("--only", help="comma-separated person ids to run (e.g. p0042,p0107)")
    parser.add_argument("--style", help="only these styles, comma-separated")
    parser.add_argument("--kind", help="only these kinds of person, comma-separated")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "results" / "sim")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the pass bar is not met")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every transcript")
    args = parser.parse_args(argv)

    people = population.population(args.n, args.seed)
    if args.only:
        wanted = set(args.only.split(","))
        people = [p for p in people if p.pid in wanted]
    if args.style:
        people = [p for p in people if p.style in args.style.split(",")]
    if args.kind:
        people = [p for p in people if p.kind in args.kind.split(",")]
    if not people:
        print("no simulated people left after --only/--style/--kind", file=sys.stderr)
        return 2
    pace = None
    if args.pace:
        per_minute, burst = (float(x) for x in args.pace.split("/"))
        pace = runner.Pace(per_minute, burst)
    catalog_path = args.catalog or paths.catalog_db()
    catalog = store.load(catalog_path)

    with contextlib.ExitStack() as stack:
        if args.url:
            base = args.url.rstrip("/")
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sim-")))
            print("starting the bot (a minute or two) ...", flush=True)
            base = stack.enter_context(botkit.running_bot(workdir, catalog_path, {"KANSRIJK_RATE_LIMIT": "off"}))
        print(
            f"{len(people)} simulated people (seed {args.seed}), {args.threads} at a time, against {base}", flush=True
        )
        started = time.monotonic()
        step = max(1, len(people) // 10)

        def progress(done: int, total: int) -> None:
            if done % step == 0 or done == total:
                print(f"  {done}/{total} conversations, {time.monotonic() - started:.0f} s", flush=True)

        conversations = runner.run_all(base, people, lambda p: args.max_turns, args.threads, pace, progress)
        took = time.monotonic() - started

    names = checks.NameFilter(catalog)
    rows = [report.judge(c, catalog, names) for c in conversations]
    if args.verbose:
        for r in rows:
            print(report.transcript(r) + "\n")
    turns = sum(len(c.turns) for c in conversations)
    extra = {
        "seed": args.seed,
        "n": len(people),
        "max_turns": args.max_turns,
        "seconds": round(took, 1),
        "messages": turns,
        "turn_limits": styles.TURN_LIMIT,
    }
    written = report.write(rows, args.out, extra)
    print()
    print(report.table(rows))
    failing = sum(1 for r in rows if not r.verdict.ok)
    print(f"\n{len(rows)} conversations, {turns} messages in {took:.0f} s; {failing} fail the bar of `make test`")
    print("written: " + ", ".join(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p) for p in written))
    return 1 if args.strict and failing else 0


if __name__ == "__main__":
    sys.exit(main())
