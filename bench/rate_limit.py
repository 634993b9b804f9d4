"""What one rate-limit take costs: the in-process bucket against the Redis bucket (channels/rate_limit.py).

    .venv/bin/python bench/rate_limit.py [--takes 20000] [--senders 1000] [--url redis://host:6379/0] [--json FILE]

Without --url it starts a throwaway Redis on loopback (tests/services.py; needs `redis-server`, `make cluster`).
Every message the edge accepts costs two takes (its sender's bucket, then its client address's), one after the
other. Rows: `allow`, the synchronous call the edge made before issue 12; `take, in process`, the call it makes
now when KANSRIJK_REDIS_URL is unset; `take, Redis`, one EVALSHA of the Lua bucket on Redis's clock; `take, Redis
down`, the fall-back to the process's own bucket while Redis is marked unreachable.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[1:1] = [str(ROOT), str(ROOT / "tests")]

import services  # noqa: E402
from bench_chat import percentile  # noqa: E402

from bot.settings import EdgeSettings  # noqa: E402
from channels import rate_limit  # noqa: E402
from channels.rate_limit import RedisBuckets, TokenBuckets  # noqa: E402


@contextlib.contextmanager
def redis_url(given: str | None) -> Iterator[str]:
    if given:
        yield given
        return
    if not services.redis_available():
        sys.exit("no redis-server here: give --url, or install it (`make cluster`)")
    with services.redis() as url:
        yield url


async def timed(take: Callable[[str], Awaitable[bool] | bool], keys: list[str]) -> list[float]:
    """Microseconds per take; the first 200 warm up (connection, script load) and are not counted."""
    times = []
    for key in keys[:200]:
        result = take(key)
        if not isinstance(result, bool):
            await result
    for key in keys:
        started = time.perf_counter()
        result = take(key)
        if not isinstance(result, bool):
            await result
        times.append((time.perf_counter() - started) * 1e6)
    return times


async def measure(url: str, takes: int, senders: int) -> dict[str, dict[str, float | None]]:
    edge = EdgeSettings()  # the shipped sender limit: 30 a minute, burst 8
    keys = [f"rest:bench-{i % senders}" for i in range(takes)]
    local = TokenBuckets(edge.sender_per_minute, edge.sender_burst)
    shared = RedisBuckets("bench", edge.sender_per_minute, edge.sender_burst, url)
    down = RedisBuckets("bench", edge.sender_per_minute, edge.sender_burst, "redis://127.0.0.1:1/0")
    down.link.down_until = float("inf")  # as after a failed take: no connection attempt, only the own bucket
    rows = {
        "allow (before issue 12)": await timed(lambda key: local.allow(key, time.monotonic()), keys),
        "take, in process": await timed(TokenBuckets(edge.sender_per_minute, edge.sender_burst).take, keys),
        "take, Redis": await timed(shared.take, keys),
        "take, Redis down": await timed(down.take, keys),
    }
    return {
        name: {"p50_us": percentile(values, 50), "p95_us": percentile(values, 95), "p99_us": percentile(values, 99)}
        for name, values in rows.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--takes", type=int, default=20000)
    parser.add_argument("--senders", type=int, default=1000, help="distinct buckets the takes cycle through")
    parser.add_argument("--url", help="a Redis to measure against instead of a throwaway one on loopback")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rate_limit.logger.disabled = True  # the deliberately unreachable Redis would log its warning
    with redis_url(args.url) as url:
        figures = asyncio.run(measure(url, args.takes, args.senders))
    print(f"{args.takes} takes over {args.senders} senders' buckets, microseconds per take")
    print(f"{'':26} {'p50':>8} {'p95':>8} {'p99':>8}")
    for name, row in figures.items():
        print(f"{name:26} " + " ".join(f"{row[k] or 0:8.1f}" for k in ("p50_us", "p95_us", "p99_us")))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
