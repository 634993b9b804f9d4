"""The counsellor pages' live wake-up shared through a real (throwaway) Redis by several servers."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator

import pytest
import services

from bot.counsel import live
from channels import live_redis

pytestmark = pytest.mark.skipif(not services.redis_available(), reason="redis-server missing (make cluster)")


@pytest.fixture()
def server() -> Iterator[services.RedisServer]:
    with services.redis_server() as srv:
        yield srv


def test_a_page_waiting_on_one_server_wakes_when_the_turn_ends_on_another(server):
    async def scenario() -> tuple[float, int, int, int]:
        a, b = live_redis.RedisNotifier(server.url), live_redis.RedisNotifier(server.url)
        key = live.sender_key("pupil-1")
        since = await a.current(key)
        waiting = asyncio.create_task(a.wait(key, since, 10.0))
        await asyncio.sleep(0.2)  # the page's poll is waiting on server A
        started = time.monotonic()
        b.notify(key)  # the pupil's turn ended on server B
        woke = await waiting
        took = time.monotonic() - started
        return took, since, woke, await b.current(key)

    took, since, woke, on_b = asyncio.run(scenario())
    assert woke == since + 1 == on_b  # one version for all servers: a page never sees two numbers for one state
    assert took < 0.5, f"woke after {took:.3f} s"


def test_versions_agree_so_round_robin_polls_wait_instead_of_spinning(server):
    async def scenario() -> tuple[list[int], float]:
        servers = [live_redis.RedisNotifier(server.url) for _ in range(3)]
        key = live.class_key("class-1")
        for n in range(5):
            servers[n % 3].notify(key)
        await asyncio.sleep(0.2)
        seen = [await s.current(key) for s in servers]
        started = time.monotonic()
        await servers[1].wait(key, seen[0], 0.5)  # nothing changed: the poll waits out its timeout
        return seen, time.monotonic() - started

    seen, waited = asyncio.run(scenario())
    assert seen == [5, 5, 5]
    assert waited >= 0.45


def test_redis_down_keeps_pages_working_within_the_server(server, caplog):
    caplog.set_level(logging.WARNING, logger="channels.live_redis")

    async def scenario() -> tuple[int, int, float]:
        n = live_redis.RedisNotifier(server.url)
        key = live.sender_key("pupil-2")
        shared = await n.current(key)
        server.stop()
        since = await n.current(key)  # fails over to this server's own count
        waiting = asyncio.create_task(n.wait(key, since, 5.0))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        n.notify(key)
        woke = await waiting
        return shared, woke - since, time.monotonic() - started

    shared, step, took = asyncio.run(scenario())
    assert shared == 0 and step == 1 and took < 0.5
    assert sum("unreachable" in r.message for r in caplog.records) == 1


def test_install_follows_the_redis_url(server, monkeypatch):
    monkeypatch.setattr(live, "NOTIFIER", live.Notifier())
    monkeypatch.delenv("KANSRIJK_REDIS_URL", raising=False)
    live_redis.install()
    assert type(live.NOTIFIER) is live.Notifier
    monkeypatch.setenv("KANSRIJK_REDIS_URL", server.url)
    live_redis.install()
    assert isinstance(live.NOTIFIER, live_redis.RedisNotifier)
