"""Load test: many students at once, each going from "hoi" to recommendations and two follow-up questions.

    .venv/bin/python bench/load_test.py [--users 50] [--duration 600] [--warmup 10] [--think 0] [--json FILE]
    .venv/bin/python bench/load_test.py --url http://127.0.0.1:5005 [--state-db F --tracker-db F] [--pids R,A]

Without --url the bot is started on free loopback ports with its own stores and rate limits off
(KANSRIJK_RATE_LIMIT=off: all users share 127.0.0.1, and this measures the bot, not the limiter, which
tests/test_edge.py and tests/fuzz/test_rest.py cover). Each virtual user runs conversations back to back, a new
sender id each time, as the personas of tests/e2e/test_conversations.py: the opening lines, then a free-text answer
to whatever intake question the bot asks (tests/botkit.py `converse`) until the recommendations arrive, then
"wat verdien ik bij bbl" and "vertel meer over de eerste" (English for the English persona). --think adds a pause
before each message (0 = closed loop, the most load).

Reported: throughput (replies/s) and latency p50/p95/p99/max over the measured window (after --warmup), HTTP
errors and client exceptions, empty replies, apologies (turns the journal marks failed), lost messages (accepted
by the edge's journal but with no user event in the tracker store), conversations finished and off script, and
peak/end resident memory of the Rasa server and the action server. Targets: 0 errors, 0 empty, 0 lost.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[1:1] = [str(ROOT), str(ROOT / "tests")]  # as pytest.ini and tests/conftest.py arrange it for the tests

import botkit  # noqa: E402
from bench_chat import is_empty_reply, percentile  # noqa: E402
from e2e.test_conversations import PERSONAS, recommendations  # noqa: E402

from bot import paths  # noqa: E402

FOLLOW_UPS = {
    "nl": ["wat verdien ik bij bbl", "vertel meer over de eerste"],
    "en": ["how much do I earn with bbl", "tell me more about the first one"],
}


class Abandon(Exception):
    """Time is up, or the request failed (already counted): this virtual user stops its conversation."""


@dataclass
class Results:
    started: float
    warmup_end: float
    latencies_ms: list[float] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, example: str = "") -> None:
        with self.lock:
            self.counts[kind] += 1
            if example:
                self.examples.setdefault(kind, example[:300])


def virtual_user(index: int, rest: botkit.RestBot, run: str, deadline: float, think: float, results: Results) -> None:
    names = sorted(PERSONAS)
    for number in itertools.count():
        if time.monotonic() >= deadline:
            return
        persona = names[(index + number) % len(names)]
        opening, answers = PERSONAS[persona]
        sender = f"load-{run}-{index}-{number}"

        def send(text: str) -> list[dict[str, Any]]:
            if think:
                time.sleep(think)
            if time.monotonic() >= deadline:
                raise Abandon
            started = time.monotonic()
            try:
                status, reply = rest.send(sender, text)  # noqa: B023 (send is called in this iteration only)
            except Exception as err:  # connection refused, timeout: counted, the user goes on
                results.note("client exception", f"{type(err).__name__}: {err}")
                raise Abandon from err
            finished = time.monotonic()
            results.note("requests")
            if finished >= results.warmup_end:
                with results.lock:
                    results.latencies_ms.append((finished - started) * 1000)
            if status != 200:
                results.note(f"HTTP {status}", str(reply))
                raise Abandon
            if is_empty_reply(reply):
                results.note("empty reply", f"{text!r} -> {reply!r}")
                raise Abandon
            return reply

        try:
            botkit.converse(send, opening, answers, recommendations)
            for text in FOLLOW_UPS["en" if persona == "English speaker" else "nl"]:
                send(text)
            results.note("conversations finished")
        except Abandon:
            continue
        except AssertionError as err:  # the bot asked something the persona has no answer for
            results.note("conversations off script", f"{persona}: {err}")


def sample_memory(pids: dict[str, int], stop: threading.Event, peaks: dict[str, float]) -> None:
    while not stop.is_set():
        for name, pid in pids.items():
            peaks[name] = max(peaks.get(name, 0.0), botkit.rss_mb(pid) or 0.0)
        stop.wait(1.0)


def stored(run: str, state_db: Path | None, tracker_db: Path | None) -> dict[str, Any]:
    """What the edge accepted (journal) against what Rasa stored (user events), for this run's senders."""
    if state_db is None or tracker_db is None:
        return {}
    like = f"load-{run}-%"
    with contextlib.closing(sqlite3.connect(f"file:{state_db}?mode=ro", uri=True)) as db:
        journal = dict(
            db.execute(
                "SELECT status, count(*) FROM inbound WHERE sender_id LIKE ? GROUP BY status", (like,)
            ).fetchall()
        )
        per_sender_journal = dict(
            db.execute(
                "SELECT sender_id, count(*) FROM inbound WHERE sender_id LIKE ? AND status IN ('answered', 'failed')"
                " GROUP BY sender_id",
                (like,),
            ).fetchall()
        )
    with contextlib.closing(sqlite3.connect(f"file:{tracker_db}?mode=ro", uri=True)) as db:
        per_sender_tracker = dict(
            db.execute(
                "SELECT sender_id, count(*) FROM events WHERE type_name = 'user' AND sender_id LIKE ? GROUP BY "
                "sender_id",
                (like,),
            ).fetchall()
        )
    accepted = sum(per_sender_journal.values())
    in_tracker = sum(per_sender_tracker.values())
    short = {
        s: n - per_sender_tracker.get(s, 0) for s, n in per_sender_journal.items() if n > per_sender_tracker.get(s, 0)
    }
    return {
        "journal": journal,
        "accepted": accepted,
        "user_events_in_tracker": in_tracker,
        "lost": sum(short.values()),
        "conversations_with_lost_messages": len(short),
    }


def report(
    args: argparse.Namespace,
    results: Results,
    window_s: float,
    store: dict[str, Any],
    memory: dict[str, tuple[float, float | None]],
) -> dict[str, Any]:
    lat = results.latencies_ms
    counts = results.counts
    errors = sum(n for k, n in counts.items() if k.startswith("HTTP ") or k == "client exception")
    figures = {
        "users": args.users,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "think_s": args.think,
        "requests": counts["requests"],
        "measured_requests": len(lat),
        "throughput_msg_per_s": round(len(lat) / window_s, 2) if window_s > 0 else None,
        "p50_ms": _r(percentile(lat, 50)),
        "p95_ms": _r(percentile(lat, 95)),
        "p99_ms": _r(percentile(lat, 99)),
        "max_ms": _r(max(lat) if lat else None),
        "errors": errors,
        "error_kinds": {k: n for k, n in counts.items() if k.startswith("HTTP ") or k == "client exception"},
        "empty_replies": counts["empty reply"],
        "apologies": (store.get("journal") or {}).get("failed", 0),
        "lost": store.get("lost"),
        "accepted": store.get("accepted"),
        "user_events_in_tracker": store.get("user_events_in_tracker"),
        "journal": store.get("journal"),
        "conversations_finished": counts["conversations finished"],
        "conversations_off_script": counts["conversations off script"],
        "rss_mb": {
            name: {"peak": round(peak), "end": round(end) if end else None} for name, (peak, end) in memory.items()
        },
        "examples": results.examples,
    }
    print("\n" + "=" * 78)
    print(f"load test: {args.users} users, {args.duration:g} s ({args.warmup:g} s warm-up), think {args.think:g} s")
    for key in (
        "requests",
        "throughput_msg_per_s",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "max_ms",
        "errors",
        "empty_replies",
        "apologies",
        "accepted",
        "user_events_in_tracker",
        "lost",
        "conversations_finished",
        "conversations_off_script",
    ):
        print(f"  {key:28} {figures[key]}")
    for name, values in figures["rss_mb"].items():
        print(f"  RSS {name:24} peak {values['peak']} MB, end {values['end']} MB")
    if figures["error_kinds"]:
        print(f"  error kinds: {figures['error_kinds']}")
    for kind, example in results.examples.items():
        print(f"  e.g. {kind}: {example}")
    ok = errors == 0 and figures["empty_replies"] == 0 and not figures["lost"] and not figures["apologies"]
    print(f"targets (0 errors, 0 empty, 0 lost, 0 apologies): {'MET' if ok else 'NOT MET'}")
    print("=" * 78, flush=True)
    return figures


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=600.0, help="seconds (600)")
    parser.add_argument("--warmup", type=float, default=10.0, help="first seconds left out of latency and throughput")
    parser.add_argument("--think", type=float, default=0.0, help="pause before each message, seconds (0)")
    parser.add_argument("--url", help="base URL of a running bot instead of starting one")
    parser.add_argument("--state-db", type=Path, help="with --url: its KANSRIJK_STATE_DB, for lost messages")
    parser.add_argument("--tracker-db", type=Path, help="with --url: its TRACKER_DB, for lost messages")
    parser.add_argument("--pids", help="with --url: Rasa server and action server pids, comma-separated, for RSS")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    run = uuid.uuid4().hex[:8]
    with contextlib.ExitStack() as stack:
        if args.url:
            base, state_db, tracker_db = args.url.rstrip("/"), args.state_db, args.tracker_db
            pids = dict(zip(("Rasa server", "action server"), map(int, args.pids.split(",")))) if args.pids else {}
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="load-test-")))
            print("starting the bot ...", flush=True)
            servers = stack.enter_context(
                botkit.running_servers(workdir, paths.catalog_db(), {"KANSRIJK_RATE_LIMIT": "off"})
            )
            base, state_db, tracker_db = servers.base, workdir / "state.db", workdir / "tracker.db"
            pids = {"Rasa server": servers.rasa_pid, "action server": servers.action_pid}
        rest = botkit.RestBot(f"{base}/webhooks/rest/webhook")
        peaks: dict[str, float] = {}
        stop = threading.Event()
        sampler = threading.Thread(target=sample_memory, args=(pids, stop, peaks), daemon=True)
        sampler.start()
        start = time.monotonic()
        results = Results(start, start + args.warmup)
        deadline = start + args.duration
        print(f"{args.users} users for {args.duration:g} s against {base} ...", flush=True)
        with ThreadPoolExecutor(args.users) as pool:
            users = [pool.submit(virtual_user, i, rest, run, deadline, args.think, results) for i in range(args.users)]
            for user in users:
                user.result()
        window = time.monotonic() - results.warmup_end  # no request starts after the deadline; all have finished
        stop.set()
        sampler.join()
        memory = {name: (peaks.get(name, 0.0), botkit.rss_mb(pid)) for name, pid in pids.items()}
        figures = report(args, results, window, stored(run, state_db, tracker_db), memory)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(figures, indent=2) + "\n")
        return 0 if figures["errors"] == 0 and figures["empty_replies"] == 0 and not figures["lost"] else 1


if __name__ == "__main__":
    sys.exit(main())
