"""Does a turn get slower as one conversation gets longer? Latency around message 1, 50 and 200 of one chat.

    .venv/bin/python bench/conversation_length.py [--messages 205] [--window 5] [--url URL --tracker-db F]

One sender: a persona of tests/e2e/test_conversations.py goes through the intake to the recommendations, then
asks a fixed cycle of follow-up questions (as many as `--window`, so every window holds each question once and
the windows at message 50 and 200 compare like with like) until --messages. Without --url the bot is started on
free loopback ports with its own stores. The session (domain.yml session_config) expires after 60 idle minutes;
this chat never idles, so it stays one session and the tracker keeps growing.

Reported: the mean latency of the window around message 1 (messages 1..window), of the first follow-up window,
and of the windows around message 50 and 200; growth 200 vs 50 and vs the first follow-ups; and the size of the
conversation in the tracker store at those points (events and bytes).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[1:1] = [str(ROOT), str(ROOT / "tests")]  # as pytest.ini and tests/conftest.py arrange it for the tests

import botkit  # noqa: E402
from e2e.test_conversations import PERSONAS, recommendations  # noqa: E402

from bot import paths  # noqa: E402

PERSONA = "vmbo basis PIE, 16"
FOLLOW_UPS = [
    "wat verdien ik bij bbl",
    "vertel meer over de eerste",
    "wat kost het",
    "vergelijk 1 en 2",
    "kan ik in januari beginnen",
]


def tracker_size(tracker_db: Path | None, sender: str) -> tuple[int, int] | None:
    if tracker_db is None:
        return None
    with contextlib.closing(sqlite3.connect(f"file:{tracker_db}?mode=ro", uri=True)) as db:
        events, size = db.execute(
            "SELECT count(*), coalesce(sum(length(data)), 0) FROM events WHERE sender_id = ?", (sender,)
        ).fetchone()
    return int(events), int(size)


def measure(rest: botkit.RestBot, tracker_db: Path | None, total: int, window: int) -> dict[str, Any]:
    sender = f"length-{uuid.uuid4().hex[:10]}"
    latencies: list[float] = []
    sizes: dict[int, tuple[int, int] | None] = {}
    follow_up_start = 0

    def send(text: str) -> list[dict[str, Any]]:
        started = time.perf_counter()
        status, reply = rest.send(sender, text)
        latencies.append((time.perf_counter() - started) * 1000)
        if status != 200 or not reply:
            raise RuntimeError(f"message {len(latencies)} ({text!r}): HTTP {status}, {reply!r}")
        if len(latencies) in (1, 50, 200, total):
            sizes[len(latencies)] = tracker_size(tracker_db, sender)
        return reply

    opening, answers = PERSONAS[PERSONA]
    botkit.converse(send, opening, answers, recommendations)
    follow_up_start = len(latencies) + 1
    while len(latencies) < total:
        send(FOLLOW_UPS[(len(latencies) - follow_up_start + 1) % len(FOLLOW_UPS)])

    def around(message: int) -> float:
        first = max(1, message - window // 2)
        return statistics.mean(latencies[first - 1 : first - 1 + window])

    at = {
        "1": statistics.mean(latencies[:window]),
        f"first follow-ups ({follow_up_start})": around(follow_up_start + window // 2),
        "50": around(50),
        "200": around(200),
    }
    base_follow = at[f"first follow-ups ({follow_up_start})"]
    return {
        "sender": sender,
        "messages": total,
        "window": window,
        "mean_latency_ms": {k: round(v, 1) for k, v in at.items()},
        "growth_200_vs_50": round(at["200"] / at["50"], 2),
        "growth_200_vs_first_follow_ups": round(at["200"] / base_follow, 2),
        "tracker": {str(k): {"events": v[0], "bytes": v[1]} for k, v in sizes.items() if v},
        "all_latencies_ms": [round(x, 1) for x in latencies],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=205)
    parser.add_argument("--window", type=int, default=len(FOLLOW_UPS))
    parser.add_argument("--url", help="base URL of a running bot instead of starting one")
    parser.add_argument("--tracker-db", type=Path, help="with --url: its TRACKER_DB, for the conversation's size")
    parser.add_argument("--json", type=Path, help="also write the figures (and every latency) here")
    args = parser.parse_args(argv)
    if args.messages < 200 + args.window:
        parser.error(f"--messages must be at least {200 + args.window}")
    with contextlib.ExitStack() as stack:
        if args.url:
            base, tracker_db = args.url.rstrip("/"), args.tracker_db
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="conversation-length-")))
            print("starting the bot ...", flush=True)
            servers = stack.enter_context(
                botkit.running_servers(workdir, paths.catalog_db(), {"KANSRIJK_RATE_LIMIT": "off"})
            )
            base, tracker_db = servers.base, workdir / "tracker.db"
        print(f"one conversation of {args.messages} messages at {base} ...", flush=True)
        figures = measure(botkit.RestBot(f"{base}/webhooks/rest/webhook"), tracker_db, args.messages, args.window)
    print("\n" + "=" * 78)
    print(
        f"conversation length: {figures['messages']} messages, mean of {figures['window']} messages around each point"
    )
    for point, ms in figures["mean_latency_ms"].items():
        size = figures["tracker"].get(point.split()[0], {})
        extra = f"   tracker: {size['events']} events, {size['bytes'] / 1024:.0f} KB" if size else ""
        print(f"  message {point:26} {ms:8.1f} ms{extra}")
    print(
        f"  growth 200 vs 50: x{figures['growth_200_vs_50']}   200 vs first follow-ups: "
        f"x{figures['growth_200_vs_first_follow_ups']}"
    )
    print("=" * 78, flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
