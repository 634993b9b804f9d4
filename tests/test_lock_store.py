"""rasa_patches/lock_store.py on a throwaway Redis: order, waiting, expiry of a killed holder, nothing left behind,
the endpoints.yml configuration, and the race probe against Rasa's stock RedisLockStore and ours."""

from __future__ import annotations

import asyncio
import importlib.metadata
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
import redis as redislib
import services
import yaml
from lock_probe import make_store, race_probe
from rasa.core.lock_store import LockError, LockStore
from rasa.core.utils import read_endpoint_config

import rasa_patches
from rasa_patches.lock_store import AtomicRedisLockStore

pytestmark = pytest.mark.skipif(not services.redis_available(), reason="redis-server missing (make cluster)")


@pytest.fixture(scope="module")
def redis_url():
    with services.redis() as url:
        yield url


@pytest.fixture
def red(redis_url):
    client = redislib.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture
def store(redis_url, red) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(url=redis_url)


def test_tickets_are_served_in_the_order_they_were_issued(store, red):
    numbers = [store.issue_ticket("c1") for _ in range(3)]
    assert numbers == [1, 2, 3]
    lock = store.get_lock("c1")
    assert [t.number for t in lock.tickets] == [1, 2, 3]
    assert not lock.is_locked(1) and lock.is_locked(2) and lock.is_locked(3)
    store.cleanup("c1", 1)
    lock = store.get_lock("c1")
    assert not lock.is_locked(2) and lock.is_locked(3)
    store.cleanup("c1", 2)
    store.cleanup("c1", 3)
    assert store.get_lock("c1") is None
    assert red.keys("*") == []


def test_waiting_turns_enter_one_at_a_time_first_come_first_served(store, red):
    entered: list[int] = []
    inside = 0

    async def turn(i: int) -> None:
        nonlocal inside
        await asyncio.sleep(0.01 * i)  # issue in the order 0, 1, 2, 3
        async with store.lock("c2", wait_time_in_seconds=0.05):
            inside += 1
            assert inside == 1
            entered.append(i)
            await asyncio.sleep(0.1)
            inside -= 1

    async def main() -> None:
        await asyncio.gather(*(turn(i) for i in range(4)))

    asyncio.run(main())
    assert entered == [0, 1, 2, 3]
    assert red.keys("*") == []


def test_a_second_acquirer_waits_until_the_first_finishes(store):
    times: dict[str, float] = {}

    async def main() -> None:
        first_in = asyncio.Event()

        async def first() -> None:
            async with store.lock("c3"):
                first_in.set()
                await asyncio.sleep(0.3)
                times["first out"] = time.monotonic()

        async def second() -> None:
            await first_in.wait()
            async with store.lock("c3", wait_time_in_seconds=0.05):
                times["second in"] = time.monotonic()

        await asyncio.gather(first(), second())

    asyncio.run(main())
    assert 0 <= times["second in"] - times["first out"] < 0.2


def _hold_forever(redis_url: str, held) -> None:
    store = AtomicRedisLockStore(url=redis_url, lock_lifetime=1.0)

    async def main() -> None:
        async with store.lock("c4"):
            held.set()
            await asyncio.sleep(3600)

    asyncio.run(main())


def test_a_killed_holder_frees_the_lock_after_the_lifetime_and_leaves_nothing(redis_url, store, red):
    context = multiprocessing.get_context("spawn")
    held = context.Event()
    holder = context.Process(target=_hold_forever, args=(redis_url, held), daemon=True)
    holder.start()
    assert held.wait(60)
    taken = time.monotonic()
    os.kill(holder.pid, signal.SIGKILL)
    holder.join()
    assert 0 < red.pttl(store.key("c4")) <= 1000  # the hash's TTL is the ticket's lifetime

    async def after() -> float:
        async with store.lock("c4", lock_lifetime=5, wait_time_in_seconds=0.05):
            return time.monotonic() - taken

    waited = asyncio.run(after())
    assert 0.7 < waited < 1.5
    assert red.keys("*") == []

    # A holder that dies and is never followed: Redis drops the key itself after the lifetime.
    holder = context.Process(target=_hold_forever, args=(redis_url, held := context.Event()), daemon=True)
    holder.start()
    assert held.wait(60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.join()
    assert red.keys("*") == [store.key("c4").encode()]
    time.sleep(1.1)
    assert red.keys("*") == []


def test_a_waiting_ticket_that_expires_is_a_lock_error_not_a_hang(redis_url, store, red):
    """A turn queued behind a ticket that outlives its own: ours raises Rasa's LockError, the stock store hangs."""

    async def queued(store) -> None:
        async with store.lock("c5", lock_lifetime=0.3, wait_time_in_seconds=0.05):
            pytest.fail("served while an earlier ticket is held")

    blocker = store.issue_ticket("c5", lock_lifetime=30)
    started = time.monotonic()
    with pytest.raises(LockError):
        asyncio.run(asyncio.wait_for(queued(store), 5))
    assert time.monotonic() - started < 1
    assert [t.number for t in store.get_lock("c5").tickets] == [blocker]
    store.cleanup("c5", blocker)
    assert red.keys("*") == []

    # Rasa's store, the same queue: the waiting ticket expires before the one ahead (with Rasa's equal lifetimes and
    # 1 s polls: whenever the one ahead, say of a killed server, was issued less than a poll earlier).
    stock = make_store("stock", redis_url)
    stock.issue_ticket("c5", lock_lifetime=0.5)
    with pytest.raises(asyncio.TimeoutError):  # both tickets expired after 0.5 s; it still waits at 3 s
        asyncio.run(asyncio.wait_for(queued(stock), 3))


def test_a_holder_that_outlived_its_ticket_cannot_return_a_newer_one(redis_url, red):
    """After the key expired the counter starts again at 1; returning is by the holder's token, not the number."""
    late, other = AtomicRedisLockStore(url=redis_url), AtomicRedisLockStore(url=redis_url)
    assert late.issue_ticket("c6", lock_lifetime=0.2) == 1
    time.sleep(0.3)
    assert other.issue_ticket("c6", lock_lifetime=30) == 1
    late.cleanup("c6", 1)
    assert [t.number for t in other.get_lock("c6").tickets] == [1]
    other.cleanup("c6", 1)
    assert red.keys("*") == []


def test_lock_never_uses_the_blocking_client(store, red):
    """What Rasa calls (lock(), issuing, waiting, returning) goes through redis.asyncio only."""

    def refuse() -> None:
        raise AssertionError("a synchronous Redis call inside lock()")

    store._sync_client = refuse

    async def turn() -> None:
        async with store.lock("c7", wait_time_in_seconds=0.05):
            await asyncio.sleep(0.1)

    async def main() -> None:
        await asyncio.gather(turn(), turn())

    asyncio.run(main())
    assert red.keys("*") == []


def test_redis_down_is_a_lock_error(red):
    store = AtomicRedisLockStore(url="redis://127.0.0.1:1/0", socket_timeout=1)

    async def main() -> None:
        async with store.lock("c8"):
            pytest.fail("locked without Redis")

    with pytest.raises(LockError):
        asyncio.run(main())


def test_lifetime_is_rasas(monkeypatch, redis_url):
    monkeypatch.delenv("TICKET_LOCK_LIFETIME", raising=False)
    assert AtomicRedisLockStore(url=redis_url).lock_lifetime == 60
    monkeypatch.setenv("TICKET_LOCK_LIFETIME", "7")
    assert AtomicRedisLockStore(url=redis_url).lock_lifetime == 7


def test_configured_in_endpoints_yml_as_rasa_makes_it(tmp_path: Path, redis_url, red):
    host, port = redis_url.removeprefix("redis://").split("/")[0].split(":")
    for i, config in enumerate(
        [
            {"type": "rasa_patches.lock_store.AtomicRedisLockStore", "url": redis_url, "key_prefix": "kansrijk"},
            {"type": "rasa_patches.lock_store.AtomicRedisLockStore", "url": host, "port": int(port), "db": 2},
        ]
    ):
        endpoints = tmp_path / f"endpoints{i}.yml"
        endpoints.write_text(yaml.safe_dump({"lock_store": config}))
        store = LockStore.create(read_endpoint_config(str(endpoints), "lock_store"))
        assert isinstance(store, AtomicRedisLockStore)

        async def main(store: AtomicRedisLockStore, db: int) -> list[bytes]:
            async with store.lock("c9"):
                return redislib.Redis(host=host, port=int(port), db=db).keys("*")

        assert asyncio.run(main(store, 0 if i == 0 else 2)) == [store.key("c9").encode()]
    assert store.key("c9").startswith("lock:")
    assert LockStore.create(read_endpoint_config(str(tmp_path / "endpoints0.yml"), "lock_store")).key_prefix == (
        "kansrijk:lock:"
    )


def test_unknown_setting_and_bad_prefix_are_refused(redis_url):
    with pytest.raises(TypeError):
        AtomicRedisLockStore(url=redis_url, hots="typo")
    with pytest.raises(ValueError, match="letters and digits"):
        AtomicRedisLockStore(url=redis_url, key_prefix="not-alnum")


def test_version_guard_as_install_has_it(monkeypatch, redis_url):
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda p: "9.9.9" if p == "rasa" else real(p))
    monkeypatch.delenv(rasa_patches.ENV, raising=False)
    with pytest.raises(rasa_patches.VersionMismatch):
        AtomicRedisLockStore(url=redis_url)
    monkeypatch.setenv(rasa_patches.ENV, "off")  # no guard, as for the patches; the store stays atomic
    assert AtomicRedisLockStore(url=redis_url).key("x") == "lock:tickets:x"


def test_race_probe_two_processes_stock_overlaps_ours_never(redis_url):
    """≥ 500 new conversations, two processes at the same instant (bench/lock_race.py prints the same figures)."""
    stock = race_probe("stock", redis_url, conversations=500)
    ours = race_probe("atomic", redis_url, conversations=500)
    print(stock.line(), ours.line(), sep="\n")
    assert stock.overlaps > 0, "the probe did not reproduce RasaHQ/rasa#9213: it proves nothing"
    assert (ours.overlaps, ours.lock_errors, ours.hung) == (0, 0, 0)
