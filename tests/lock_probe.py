"""The lock-store race probe: two OS processes take the lock of the same new conversation at the same instant.

Used by tests/test_lock_store.py (the assertion) and bench/lock_race.py (the figures). Each of the two processes
plays one Rasa server: its own lock store instance and its own Redis connection. For every conversation id both
wait at a `multiprocessing.Barrier`, then run `async with store.lock(id)` (what `agent.handle_message` does per
turn) and, while holding, record (enter, exit) on the machine-wide monotonic clock. Two intervals of the same
conversation that intersect are an overlap: two turns of one conversation at once.

`hold` is how long a turn keeps the lock; `wait` is passed as `wait_time_in_seconds`, the store's poll interval
(Rasa's default is 1 s, which would make 500 conversations take 500 s without telling more).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

STORES = ("stock", "atomic")


def make_store(kind: str, redis_url: str, key_prefix: str | None = None) -> Any:
    """Rasa's stock `RedisLockStore` or ours, on the database of `redis_url`."""
    if kind == "stock":
        from rasa.core.lock_store import RedisLockStore

        parts = urlparse(redis_url)
        db = int(parts.path.strip("/") or 0)
        return RedisLockStore(host=parts.hostname, port=parts.port, db=db, key_prefix=key_prefix)
    if kind == "atomic":
        from rasa_patches.lock_store import AtomicRedisLockStore

        return AtomicRedisLockStore(url=redis_url, key_prefix=key_prefix)
    raise ValueError(kind)


@dataclass
class ProbeResult:
    store: str
    conversations: int
    overlaps: int  # conversations in which both processes held the lock at the same time
    lock_errors: int  # lock() raised LockError
    hung: int  # turns still waiting for the lock HUNG seconds after their ticket expired (given up)
    stalls: int  # turns that waited longer than STALL seconds for the lock (a lost ticket update, say)
    max_wait: float  # longest wait for the lock, seconds
    seconds: float

    def line(self) -> str:
        return (
            f"{self.store:>6}: {self.overlaps} overlaps in {self.conversations} conversations "
            f"({100 * self.overlaps / self.conversations:.1f} %), {self.lock_errors} LockError, {self.hung} hung, "
            f"{self.stalls} waits over {STALL:g} s (longest {self.max_wait:.2f} s), {self.seconds:.1f} s"
        )


STALL = 0.5  # a turn behind one 5 ms turn has no reason to wait this long
HUNG = 1.0  # a turn still waiting this long after its own ticket expired waits for nothing


def _worker(
    kind: str,
    redis_url: str,
    ids: list[str],
    barrier: Any,
    hold: float,
    wait: float,
    lifetime: float,
    stagger: float,
    results: Any,
    which: int,
) -> None:
    spans: list[tuple[float, float, float] | str] = []  # (asked, entered, left), or "LockError" / "hung"
    try:
        from rasa.core.lock_store import LockError

        store = make_store(kind, redis_url)

        async def turn(conversation_id: str) -> tuple[float, float, float]:
            asked = time.monotonic()
            async with store.lock(conversation_id, lock_lifetime=lifetime, wait_time_in_seconds=wait):
                enter = time.monotonic()
                await asyncio.sleep(hold)
                return asked, enter, time.monotonic()

        async def run() -> None:
            for conversation_id in ids:
                barrier.wait()
                if which and stagger:
                    time.sleep(stagger)
                try:
                    spans.append(await asyncio.wait_for(turn(conversation_id), timeout=lifetime + HUNG))
                except LockError:
                    spans.append("LockError")
                except asyncio.TimeoutError:
                    spans.append("hung")

        asyncio.run(run())
        results.put((which, spans, None))
    except BaseException as error:  # the parent must hear of it, or it waits for nothing
        barrier.abort()
        results.put((which, spans, repr(error)))


def race_probe(
    kind: str,
    redis_url: str,
    conversations: int = 500,
    hold: float = 0.005,
    wait: float = 0.005,
    lifetime: float = 1.0,
    stagger: float = 0.0,
) -> ProbeResult:
    """Run the probe for one store kind ("stock" or "atomic") against the Redis at `redis_url`.

    `lifetime` is the lock lifetime of each ticket (short, so that a ticket the stock store resurrects by a lost
    update blocks its conversation for seconds rather than Rasa's 60). `stagger` delays the second process after
    the barrier (a control: with a few milliseconds between them even the stock store does not overlap).
    """
    context = multiprocessing.get_context("spawn")  # fresh interpreters: nothing shared but Redis
    run = uuid.uuid4().hex[:8]
    ids = [f"race-{kind}-{run}-{i}" for i in range(conversations)]
    barrier = context.Barrier(2, timeout=lifetime + 30)
    results = context.Queue()
    processes = [
        context.Process(
            target=_worker,
            args=(kind, redis_url, ids, barrier, hold, wait, lifetime, stagger, results, which),
            daemon=True,
        )
        for which in (0, 1)
    ]
    started = time.monotonic()
    for process in processes:
        process.start()
    spans: dict[int, list[tuple[float, float, float] | str]] = {}
    failures = []
    for _ in processes:
        which, recorded, error = results.get(timeout=conversations * (lifetime + 1) + 60)
        spans[which] = recorded
        if error is not None:
            failures.append(f"worker {which}: {error}")
    if failures:
        raise RuntimeError(f"race probe ({kind}) failed: {'; '.join(failures)}")
    for process in processes:
        process.join(timeout=30)
    seconds = time.monotonic() - started
    overlaps = 0
    outcomes = Counter(span for span in spans[0] + spans[1] if isinstance(span, str))
    waits = [span[1] - span[0] for span in spans[0] + spans[1] if not isinstance(span, str)]
    for a, b in zip(spans[0], spans[1], strict=True):
        if not isinstance(a, str) and not isinstance(b, str) and a[1] < b[2] and b[1] < a[2]:
            overlaps += 1
    return ProbeResult(
        kind,
        conversations,
        overlaps,
        outcomes["LockError"],
        outcomes["hung"],
        sum(w > STALL for w in waits),
        max(waits, default=0.0),
        seconds,
    )
