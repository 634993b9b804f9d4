"""The fuzz cases of tests/fuzz, 10,000 of them, against the running bot; prints what went wrong, by kind.

    .venv/bin/python bench/fuzz_long.py [--cases 10000] [--concurrency 4] [--socketio-cases 1000] [--url URL]

Without --url the bot is started on free loopback ports with its own tracker store and journal, rate limits off
(KANSRIJK_RATE_LIMIT=off: every case comes from 127.0.0.1; tests/fuzz and tests/test_edge.py cover the limiter).
Cases (tests/fuzz/cases.py): any request body (valid messages with
hostile text, wrong types, absurd senders, non-objects, broken JSON), valid messages with hostile text and odd
metadata, and attempts to force an intent with '/'. Over socket.io the hostile texts go out as well when
credentials.yml configures a socket.io channel.

Counts: cases, HTTP 5xx, empty replies to valid messages, client-side exceptions (connection errors, timeouts),
other contract breaks, apologies (turns the journal marks failed), forced intents found in the tracker store,
and a final health check ("hoi" answered). Exit status 0 only if 5xx, empty, exceptions, apologies and forced
intents are all 0 and the health check passes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path[1:1] = [str(ROOT), str(ROOT / "tests")]  # as pytest.ini and tests/conftest.py arrange it for the tests

from bench_chat import percentile  # noqa: E402
from botkit import SocketChat, rss_mb, running_servers, socketio_channel  # noqa: E402
from fuzz.cases import Case, bodies, meaningful, messages, reply_problems, slash_cases, texts  # noqa: E402

from bot import paths  # noqa: E402


def generate(count: int) -> list[Case]:
    """`count` cases from the fuzz strategies (Hypothesis generates; nothing is shrunk or replayed)."""
    cases: list[Case] = []

    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(bodies("long"), messages("long"), slash_cases("long-slash")))
    def collect(case: Case) -> None:
        cases.append(case)

    while len(cases) < count:
        collect()
    return cases[:count]


def generate_texts(count: int) -> list[str]:
    found: list[str] = []

    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(texts())
    def collect(text: str) -> None:
        found.append(text)

    while len(found) < count:
        collect()
    return found[:count]


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.problems: Counter[str] = Counter()
        self.examples: dict[str, str] = {}
        self.latencies: list[float] = []

    def problem(self, kind: str, example: Any) -> None:
        self.problems[kind] += 1
        self.examples.setdefault(kind, repr(example)[:300])


async def run_rest(url: str, cases: list[Case], concurrency: int, tally: Tally) -> None:
    queue: asyncio.Queue[Case] = asyncio.Queue()
    for case in cases:
        queue.put_nowait(case)

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            case = queue.get_nowait()
            tally.counts["cases"] += 1
            tally.counts["valid" if case.valid else "invalid"] += 1
            started = time.perf_counter()
            try:
                async with session.post(url, data=case.body, headers={"Content-Type": "application/json"}) as resp:
                    raw = await resp.read()
                    status, content_type = resp.status, resp.headers.get("Content-Type", "")
            except (aiohttp.ClientError, asyncio.TimeoutError) as err:
                tally.problem("exception", f"{type(err).__name__}: {case.body[:200]!r}")
                continue
            if case.valid:
                tally.latencies.append((time.perf_counter() - started) * 1000)
            try:
                reply = json.loads(raw)
            except ValueError:
                reply = raw.decode(errors="replace")
            tally.counts[f"HTTP {status}"] += 1
            for problem in reply_problems(case, status, reply, content_type):
                kind = (
                    "5xx"
                    if problem.startswith("HTTP 5")
                    else "empty reply"
                    if problem.startswith("empty")
                    else problem.split(":")[0]
                )
                tally.problem(kind, (case.body[:200], problem))

    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))


async def run_socketio(base: str, channel: dict[str, Any], items: list[str], tally: Tally) -> None:
    for text in items:
        tally.counts["socket.io cases"] += 1
        try:
            async with SocketChat(base, channel) as chat:
                replies = await chat.say(text)
                if not replies or not all(meaningful(m) for m in replies):
                    tally.problem("socket.io empty reply", (text[:200], replies))
                if not chat.connected:
                    tally.problem("socket.io disconnected", text[:200])
        except Exception as err:  # counted and shown, the run goes on
            tally.problem("socket.io exception", f"{type(err).__name__}: {err}; text {text[:100]!r}")


def stored_findings(workdir: Path, tally: Tally) -> None:
    """Journal outcomes of the cases (the stores are this run's own), and any forced intent or entity stored."""
    with contextlib.closing(sqlite3.connect(f"file:{workdir / 'state.db'}?mode=ro", uri=True)) as db:
        for status, reason, count in db.execute(
            "SELECT status, reason, count(*) FROM inbound WHERE sender_id != 'long-health' GROUP BY status, reason"
        ):
            tally.counts[f"journal {status}{' ' + reason if reason else ''}"] += count
            if status == "failed":
                tally.problem("apology (turn failed)", reason)
    with contextlib.closing(sqlite3.connect(f"file:{workdir / 'tracker.db'}?mode=ro", uri=True)) as db:
        for (data,) in db.execute("SELECT data FROM events WHERE type_name = 'user' AND sender_id LIKE 'long-slash%'"):
            event = json.loads(data)
            parse = event.get("parse_data") or {}
            if (
                event.get("text", "").strip().startswith("/")
                or len(parse.get("intent_ranking") or []) <= 1
                or any(e.get("extractor") == "RegexMessageHandler" for e in parse.get("entities") or [])
            ):
                tally.problem("forced intent", event.get("text"))


def health(url: str) -> bool:
    import urllib.request

    request = urllib.request.Request(
        url,
        data=json.dumps({"sender": "long-health", "message": "hoi"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            reply = json.loads(resp.read())
            return resp.status == 200 and bool(reply) and all(meaningful(m) for m in reply)
    except Exception:  # any failure is a failed health check
        return False


def report(tally: Tally, seconds: float, healthy: bool, rss: dict[str, tuple[float | None, float | None]]) -> int:
    print("\n" + "=" * 78)
    print(
        f"fuzz long run: {tally.counts['cases']} REST cases ({tally.counts['valid']} valid messages, "
        f"{tally.counts['invalid']} bad requests) in {seconds:.0f} s"
    )
    for key in sorted(k for k in tally.counts if k not in ("cases", "valid", "invalid")):
        print(f"  {key:34} {tally.counts[key]}")
    lat = tally.latencies
    if lat:
        print(
            f"  valid-message latency ms: p50 {percentile(lat, 50):.0f}  p95 {percentile(lat, 95):.0f}  "
            f"max {max(lat):.0f}"
        )
    for name, (before, after) in rss.items():
        print(f"  RSS {name:30} {before or 0:.0f} MB -> {after or 0:.0f} MB")
    print("-" * 78)
    for kind in (
        "5xx",
        "empty reply",
        "exception",
        "apology (turn failed)",
        "forced intent",
        "socket.io empty reply",
        "socket.io disconnected",
        "socket.io exception",
    ):
        print(f"{kind:36} {tally.problems[kind]}")
    others = {
        k: v
        for k, v in tally.problems.items()
        if not k.startswith(("5xx", "empty", "exception", "apology", "forced", "socket.io"))
    }
    print(f"{'other contract breaks':36} {sum(others.values())} {dict(others) if others else ''}")
    print(f"{'final health check':36} {'OK' if healthy else 'FAILED'}")
    for kind, example in tally.examples.items():
        print(f"  e.g. {kind}: {example}")
    print("=" * 78, flush=True)
    return 0 if healthy and not tally.problems else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--socketio-cases", type=int, default=1_000, help="used when socket.io is configured")
    parser.add_argument("--url", help="base URL of a running bot (its stores are then not inspected)")
    args = parser.parse_args(argv)

    print(f"generating {args.cases} cases ...", flush=True)
    cases = generate(args.cases)
    channel = socketio_channel()
    socket_texts = generate_texts(args.socketio_cases) if channel is not None and args.socketio_cases else []
    tally = Tally()
    with contextlib.ExitStack() as stack:
        if args.url:
            base, workdir, pids = args.url.rstrip("/"), None, {}
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fuzz-long-")))
            print("starting the bot ...", flush=True)
            servers = stack.enter_context(running_servers(workdir, paths.catalog_db(), {"KANSRIJK_RATE_LIMIT": "off"}))
            base, pids = servers.base, {"Rasa server": servers.rasa_pid, "action server": servers.action_pid}
        rss_before = {name: rss_mb(pid) for name, pid in pids.items()}
        url = f"{base}/webhooks/rest/webhook"
        started = time.monotonic()
        print(f"sending {len(cases)} cases to {url} ({args.concurrency} at a time) ...", flush=True)
        asyncio.run(run_rest(url, cases, args.concurrency, tally))
        if socket_texts:
            print(f"sending {len(socket_texts)} texts over socket.io ...", flush=True)
            asyncio.run(run_socketio(base, channel, socket_texts, tally))
        elif channel is None:
            print("socket.io: no channel in credentials.yml, skipped", flush=True)
        seconds = time.monotonic() - started
        healthy = health(url)
        if workdir is not None:
            stored_findings(workdir, tally)
        rss = {name: (rss_before[name], rss_mb(pid)) for name, pid in pids.items()}
        return report(tally, seconds, healthy, rss)


if __name__ == "__main__":
    sys.exit(main())
