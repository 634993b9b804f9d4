"""Load test: many students at once, each going from "hoi" to recommendations and two follow-up questions.

    .venv/bin/python bench/load_test.py [--users 50] [--duration 600] [--warmup 10] [--think 0] [--json FILE]
    .venv/bin/python bench/load_test.py --cluster N [...]   # PostgreSQL + Redis, N Rasa servers behind nginx
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
peak/end resident memory of the Rasa server and the action server, the tracker store's cache hits, stale entries
and misses (the line `tracker cache at exit: ...` each Rasa server logs when it stops), and the load average of the
machine at the start and end of the load (the figures mean little when other work shares the cores).
Targets: 0 errors, 0 empty, 0 lost.

--cluster N starts what tests/cluster/harness.py starts (README "Several servers"): a throwaway PostgreSQL and
Redis, one action server, N Rasa servers on deploy/cluster/endpoints.yml and nginx from deploy/cluster/nginx.conf;
the users talk to nginx. Rate limits are off as above (KANSRIJK_RATE_LIMIT=off only raises the bursts: each take
still goes to Redis, so its cost is in the figures). Lost messages are counted in PostgreSQL (the journal's
`inbound` against the user events in `events`); also reported: RSS of every Rasa server, the peak number of
PostgreSQL connections, PostgreSQL transactions and Redis commands per message (Redis's own counters).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import re
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
            with results.lock:
                results.counts["bot messages"] += len(reply)  # each one a socket.io emit on the widget
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


def sample_memory(
    pids: dict[str, int], stop: threading.Event, peaks: dict[str, float], services: ServiceStats | None = None
) -> None:
    while not stop.is_set():
        for name, pid in pids.items():
            peaks[name] = max(peaks.get(name, 0.0), botkit.rss_mb(pid) or 0.0)
        if services is not None:
            with contextlib.suppress(Exception):  # a sample missed is no reason to stop the run
                services.sample()
        stop.wait(1.0)


JOURNAL_SQL = "SELECT status, count(*) FROM inbound WHERE sender_id LIKE :like GROUP BY status"
PER_SENDER_JOURNAL_SQL = (
    "SELECT sender_id, count(*) FROM inbound WHERE sender_id LIKE :like AND status IN ('answered', 'failed')"
    " GROUP BY sender_id"
)
PER_SENDER_EVENTS_SQL = (
    "SELECT sender_id, count(*) FROM events WHERE type_name = 'user' AND sender_id LIKE :like GROUP BY sender_id"
)


def stored_postgres(run: str, database_url: str) -> dict[str, Any]:
    """`stored` for several servers: the journal and the events are both in this PostgreSQL database."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    like = {"like": f"load-{run}-%"}
    try:
        with engine.connect() as conn:
            journal = {row[0]: row[1] for row in conn.execute(sa.text(JOURNAL_SQL), like)}
            per_sender_journal = {row[0]: row[1] for row in conn.execute(sa.text(PER_SENDER_JOURNAL_SQL), like)}
            per_sender_tracker = {row[0]: row[1] for row in conn.execute(sa.text(PER_SENDER_EVENTS_SQL), like)}
    finally:
        engine.dispose()
    return _compare(journal, per_sender_journal, per_sender_tracker)


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
    return _compare(journal, per_sender_journal, per_sender_tracker)


def _compare(
    journal: dict[str, int], per_sender_journal: dict[str, int], per_sender_tracker: dict[str, int]
) -> dict[str, Any]:
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


CACHE_LINE = re.compile(r"tracker cache( at exit)?: (\d+) hits, (\d+) stale, (\d+) misses")


def cache_counts(logs: dict[str, Path]) -> dict[str, dict[str, int]]:
    """Each Rasa server's tracker cache hits / stale / misses: the last `tracker cache` line of its log.

    The servers log their totals when they stop (rasa_patches/tracker_store.py), so read this after stopping them.
    Reading the log needs nothing in the server: no route to open, no extra work per turn."""
    counts = {}
    for name, log in logs.items():
        try:
            lines = log.read_text(errors="replace").splitlines()
        except OSError:
            continue
        for line in reversed(lines):
            match = CACHE_LINE.search(line)
            if match:
                hit, stale, miss = (int(match.group(i)) for i in (2, 3, 4))
                counts[name] = {"hit": hit, "stale": stale, "miss": miss, "at_exit": bool(match.group(1))}
                break
    return counts


REDIS_UNREACHABLE = re.compile(r"rate limits: Redis at \S+ is unreachable")


def redis_fail_opens(logs: dict[str, Path]) -> dict[str, int]:
    """How often each server found Redis too slow (0.5 s) and used its own rate-limit buckets for 5 s."""
    found = {}
    for name, log in logs.items():
        try:
            found[name] = len(REDIS_UNREACHABLE.findall(log.read_text(errors="replace")))
        except OSError:
            continue
    return {name: n for name, n in found.items() if n}


def hit_rate(counts: dict[str, dict[str, int]]) -> float | None:
    hits = sum(c["hit"] for c in counts.values())
    total = sum(c["hit"] + c["stale"] + c["miss"] for c in counts.values())
    return round(100.0 * hits / total, 1) if total else None


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages of this machine."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# Commands that only run inside the rate limiter's Lua script (channels/rate_limit.py): Redis counts them in its
# command statistics, but they cost no round trip; the EVALSHA that runs them does. INFO and SCRIPT LOAD: ours.
# Commands Redis counts that cost no round trip of their own: those run inside our Lua scripts (the rate limit's
# take, the lock store's issue/status/finish), and the EXPIRE and PUBLISH sent in one pipeline with the INCR of the
# counsellor pages' live version (channels/live_redis.py).
SCRIPT_INNER = {"hmget", "time", "hset", "pexpire", "hgetall", "hincrby", "hdel", "del", "expire", "publish"}
NOT_THE_BOTS = {"info", "script|load"}


class ServiceStats:
    """PostgreSQL connections (sampled each second, peak), transactions and Redis commands (counters, start/end)."""

    def __init__(self, database_url: str, redis_url: str) -> None:
        import redis
        import sqlalchemy as sa

        self.sa = sa
        self.engine = sa.create_engine(database_url, pool_size=1, max_overflow=0)
        self.redis = redis.Redis.from_url(redis_url)
        self.peak_connections = 0
        self.start = self.counters()

    def counters(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            commits, rollbacks = conn.execute(
                self.sa.text(
                    "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()"
                )
            ).one()
        commands = {k.removeprefix("cmdstat_"): v["calls"] for k, v in self.redis.info("commandstats").items()}
        return {
            "pg_commits": int(commits),
            "pg_rollbacks": int(rollbacks),
            **{f"redis_{k}": int(v) for k, v in commands.items()},
        }

    def sample(self) -> None:
        with self.engine.connect() as conn:
            # Every client connection to this database but this sampler's own.
            n = conn.execute(
                self.sa.text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        self.peak_connections = max(self.peak_connections, int(n))

    def figures(self, requests: int) -> dict[str, Any]:
        """Per message over the whole run (warm-up included; the sampler's own few queries are in it too)."""
        end = self.counters()
        delta = {k: end.get(k, 0) - self.start.get(k, 0) for k in end}
        redis = {k.removeprefix("redis_"): v for k, v in delta.items() if k.startswith("redis_") and v}
        for name in NOT_THE_BOTS:
            redis.pop(name, None)
        per = (lambda n: round(n / requests, 2)) if requests else (lambda n: None)
        self.engine.dispose()
        return {
            "pg_connections_peak": self.peak_connections,
            "pg_commits_per_message": per(delta["pg_commits"]),
            "pg_rollbacks_per_message": per(delta["pg_rollbacks"]),
            "redis_round_trips_per_message": per(sum(v for k, v in redis.items() if k not in SCRIPT_INNER)),
            "redis_commands_per_message": per(sum(redis.values())),
            "redis_commands": redis,
        }


def report(
    args: argparse.Namespace,
    results: Results,
    window_s: float,
    store: dict[str, Any],
    memory: dict[str, tuple[float, float | None]],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    lat = results.latencies_ms
    counts = results.counts
    errors = sum(n for k, n in counts.items() if k.startswith("HTTP ") or k == "client exception")
    extra = extra or {}
    figures = {
        "mode": f"{args.cluster} server(s), PostgreSQL + Redis, nginx" if args.cluster else "1 server, SQLite",
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
        "bot_messages_per_reply": round(counts["bot messages"] / counts["requests"], 2) if counts["requests"] else None,
        "conversations_finished": counts["conversations finished"],
        "conversations_off_script": counts["conversations off script"],
        "rss_mb": {
            name: {"peak": round(peak), "end": round(end) if end else None} for name, (peak, end) in memory.items()
        },
        **extra,
        "examples": results.examples,
    }
    print("\n" + "=" * 78)
    print(
        f"load test ({figures['mode']}): {args.users} users, {args.duration:g} s ({args.warmup:g} s warm-up), "
        f"think {args.think:g} s"
    )
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
        "bot_messages_per_reply",
        "conversations_finished",
        "conversations_off_script",
    ):
        print(f"  {key:28} {figures[key]}")
    for name, values in figures["rss_mb"].items():
        print(f"  RSS {name:24} peak {values['peak']} MB, end {values['end']} MB")
    for key, value in extra.items():
        print(f"  {key:28} {value}")
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
    parser.add_argument("--cluster", type=int, default=0, metavar="N", help="N Rasa servers on PostgreSQL + Redis")
    parser.add_argument("--url", help="base URL of a running bot instead of starting one")
    parser.add_argument("--state-db", type=Path, help="with --url: its KANSRIJK_STATE_DB, for lost messages")
    parser.add_argument("--tracker-db", type=Path, help="with --url: its TRACKER_DB, for lost messages")
    parser.add_argument("--pids", help="with --url: Rasa server and action server pids, comma-separated, for RSS")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.cluster and args.url:
        parser.error("--cluster starts its own servers; leave out --url")

    run = uuid.uuid4().hex[:8]
    logs: dict[str, Path] = {}  # Rasa server logs, read for the cache counts once the servers have stopped
    extra: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        services: ServiceStats | None = None
        database_url = None
        if args.url:
            base, state_db, tracker_db = args.url.rstrip("/"), args.state_db, args.tracker_db
            pids = dict(zip(("Rasa server", "action server"), map(int, args.pids.split(",")))) if args.pids else {}
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="load-test-")))
            # Runs after the servers below have stopped (and logged their cache totals), before workdir goes.
            stack.callback(
                lambda: extra.update(tracker_cache=cache_counts(logs), redis_unreachable_lines=redis_fail_opens(logs))
            )
            env = {"KANSRIJK_RATE_LIMIT": "off"}
            if args.cluster:
                from cluster import harness  # tests/cluster/harness.py, as tests/cluster/conftest.py uses it

                reason = harness.available()
                if reason:
                    print(f"cannot start the cluster: {reason}", file=sys.stderr)
                    return 2
                print(f"starting PostgreSQL, Redis, 1 action server, {args.cluster} Rasa server(s), nginx ...")
                cluster = stack.enter_context(
                    harness.running_cluster(workdir, paths.catalog_db(), args.cluster, env=env, action_servers=1)
                )
                extra["startup_s"] = round(cluster.startup_seconds, 1)
                base, state_db, tracker_db = cluster.base, None, None
                database_url = cluster.database_url
                pids = {s.instance: s.proc.pid for s in cluster.servers}
                pids["action server"] = cluster.procs[0].pid
                logs.update({s.instance: s.log for s in cluster.servers})
                services = ServiceStats(cluster.database_url, cluster.redis_url)
            else:
                print("starting the bot ...", flush=True)
                servers = stack.enter_context(botkit.running_servers(workdir, paths.catalog_db(), env))
                base, state_db, tracker_db = servers.base, workdir / "state.db", workdir / "tracker.db"
                pids = {"Rasa server": servers.rasa_pid, "action server": servers.action_pid}
                logs["Rasa server"] = workdir / "rasa.log"
        rest = botkit.RestBot(f"{base}/webhooks/rest/webhook")
        peaks: dict[str, float] = {}
        stop = threading.Event()
        sampler = threading.Thread(target=sample_memory, args=(pids, stop, peaks, services), daemon=True)
        sampler.start()
        extra["loadavg_start"] = loadavg()
        start = time.monotonic()
        results = Results(start, start + args.warmup)
        deadline = start + args.duration
        print(f"{args.users} users for {args.duration:g} s against {base} (load {extra['loadavg_start']}) ...")
        with ThreadPoolExecutor(args.users) as pool:
            users = [pool.submit(virtual_user, i, rest, run, deadline, args.think, results) for i in range(args.users)]
            for user in users:
                user.result()
        window = time.monotonic() - results.warmup_end  # no request starts after the deadline; all have finished
        extra["loadavg_end"] = loadavg()
        stop.set()
        sampler.join()
        memory = {name: (peaks.get(name, 0.0), botkit.rss_mb(pid)) for name, pid in pids.items()}
        store = stored_postgres(run, database_url) if database_url else stored(run, state_db, tracker_db)
        if services is not None:
            extra.update(services.figures(results.counts["requests"]))
    if "tracker_cache" in extra:
        extra["tracker_cache_hit_pct"] = hit_rate(extra["tracker_cache"])
    figures = report(args, results, window, store, memory, extra)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if figures["errors"] == 0 and figures["empty_replies"] == 0 and not figures["lost"] else 1


if __name__ == "__main__":
    sys.exit(main())
