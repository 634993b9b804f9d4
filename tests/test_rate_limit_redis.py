"""Rate limits across servers: the token buckets in a real throwaway Redis (tests/services.py), compared with the
in-process ones, shared by two edges as two servers would share them, and failing open while Redis is down."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from pathlib import Path

import pytest
import redis as redis_sync
import services
from proxy.proxies import post
from proxy.test_client_address import REST, message, rest_server
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.journal import Journal
from bot.settings import EdgeSettings
from channels import rate_limit, redis_link
from channels.edge import Edge
from channels.rate_limit import RedisBuckets, TokenBuckets, redis_key

needs_redis = pytest.mark.skipif(not services.redis_available(), reason="needs redis-server: `make cluster`")


@pytest.fixture(autouse=True)
def fresh_links(monkeypatch):
    """Each test its own Redis client state (the outage warning, the retry time)."""
    monkeypatch.setattr(rate_limit, "_links", {})


@pytest.fixture()
def redis_url():
    with services.redis() as url:
        yield url


def make_edge(tmp_path: Path, name: str, **overrides: object) -> Edge:
    """One server's edge: its own journal, the buckets wherever KANSRIJK_REDIS_URL says."""
    config = EdgeSettings(**overrides)  # type: ignore[arg-type]
    return Edge(config, Journal(tmp_path / f"{name}.db"))


async def reply_ok(message: UserMessage) -> None:
    await message.output_channel.send_response(message.sender_id, {"text": "ok"})


async def send(edge: Edge, sender: str, client: str = "127.0.0.1") -> str:
    outcome = await edge.handle(
        channel="rest",
        sender_id=sender,
        text="hoi",
        client=client,
        output=CollectingOutputChannel(),
        on_new_message=reply_ok,
    )
    return outcome.status


async def alternately(edges: list[Edge], sender: str, count: int) -> list[str]:
    """A sender whose messages the load balancer spreads round robin over the servers."""
    return [await send(edges[i % len(edges)], sender) for i in range(count)]


# --- the switch -------------------------------------------------------------------------------------------------


def test_without_a_url_the_buckets_are_todays_in_process_ones(tmp_path, monkeypatch):
    monkeypatch.delenv("KANSRIJK_REDIS_URL", raising=False)
    edge = make_edge(tmp_path, "one")
    assert type(edge.senders) is TokenBuckets and type(edge.clients) is TokenBuckets
    assert type(rate_limit.buckets("login", 10, 10)) is TokenBuckets
    monkeypatch.setenv("KANSRIJK_REDIS_URL", "redis://127.0.0.1:1/0")
    assert type(make_edge(tmp_path, "two").senders) is RedisBuckets
    assert type(rate_limit.buckets("login", 10, 10)) is RedisBuckets  # the counsellor's login limit too


# --- the Lua bucket --------------------------------------------------------------------------------------------


@needs_redis
@pytest.mark.parametrize(("per_minute", "burst"), [(30, 8), (600, 60), (10, 10), (60, 1), (0.01, 3), (7.5, 2.5)])
def test_the_lua_bucket_decides_exactly_like_the_in_process_one(redis_url, per_minute, burst):
    rng = random.Random(f"{per_minute}/{burst}")
    local, shared = TokenBuckets(per_minute, burst), RedisBuckets("cmp", per_minute, burst, redis_url)
    token = 60 / per_minute  # seconds per token: the steps are in tokens, so every rate drains and refills
    steps = [0.0] * 9 + [0.001, 0.3, 0.5, 1.0]

    async def run() -> list[tuple[bool, bool]]:
        now, decisions = 1_767_225_600.0, []  # seconds since 1970, as Redis's TIME gives them
        for i in range(1200):
            now += token * (1.2 * burst if i % 300 == 299 else rng.choice(steps))  # now and then idle till full
            key = rng.choice("ab")
            decisions.append((local.allow(key, now), await shared.take(key, now)))
        return decisions

    decisions = asyncio.run(run())
    assert [d[0] for d in decisions] == [d[1] for d in decisions]
    assert {d[0] for d in decisions} == {True, False}  # the sequence reaches the limit and refills


@needs_redis
def test_the_bucket_runs_on_redis_time_and_vanishes_when_full_again(redis_url):
    client = redis_sync.Redis.from_url(redis_url)
    slow = RedisBuckets("sender", per_minute=1, burst=2, url=redis_url)
    quick = RedisBuckets("quick", per_minute=60_000, burst=1, url=redis_url)  # full again after 1 ms

    async def run() -> list[bool]:
        return [await slow.take("rest:a"), await slow.take("rest:a"), await slow.take("rest:a"), await quick.take("x")]

    assert asyncio.run(run()) == [True, True, False, True]
    assert 0 < client.pttl(redis_key("sender", "rest:a")) <= 2 * 60_000 + 1000  # burst / rate, plus a second
    assert 0 < client.pttl(redis_key("quick", "x")) <= 1001
    time.sleep(1.1)
    assert client.exists(redis_key("quick", "x")) == 0 and client.exists(redis_key("sender", "rest:a")) == 1


# --- two servers ------------------------------------------------------------------------------------------------


@needs_redis
def test_two_servers_sharing_redis_give_a_sender_the_limit_once_not_twice(tmp_path, monkeypatch, redis_url):
    limits = {"sender_burst": 3, "sender_per_minute": 1, "client_burst": 5, "client_per_minute": 1}
    monkeypatch.delenv("KANSRIJK_REDIS_URL", raising=False)
    apart = [make_edge(tmp_path, f"apart{i}", **limits) for i in range(2)]
    monkeypatch.setenv("KANSRIJK_REDIS_URL", redis_url)
    shared = [make_edge(tmp_path, f"shared{i}", **limits) for i in range(2)]

    async def run() -> tuple[list[str], list[str], list[str]]:
        before = await alternately(apart, "pupil", 8)  # per-process buckets: what issue 12 found
        after = await alternately(shared, "pupil", 8)
        others = [await send(shared[i % 2], f"other{i}") for i in range(4)]  # the client limit (5) is shared too
        return before, after, others

    before, after, others = asyncio.run(run())
    assert before.count("answered") == 6  # 2 servers x burst 3
    assert after == ["answered"] * 3 + ["refused"] * 5
    assert others == ["answered", "answered", "refused", "refused"]  # 3 + 2 = the client's burst of 5


@needs_redis
def test_a_forged_forwarded_header_still_chooses_no_bucket_with_redis(tmp_path, monkeypatch, redis_url):
    """tests/proxy's real-HTTP check, with the buckets in Redis: the connection's address is the key."""
    monkeypatch.setenv("KANSRIJK_REDIS_URL", redis_url)
    with rest_server(tmp_path, EdgeSettings(client_burst=3, client_per_minute=0.01)) as (port, _):
        headers = [[("X-Forwarded-For", f"10.1.0.{i}"), ("X-Real-IP", f"10.2.0.{i}")] for i in range(5)]
        statuses = [post(port, REST, message(i), headers=headers[i], tls=False)[0] for i in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        assert post(port, REST, message(9), source="127.0.0.9", tls=False)[0] == 200
    keys = {k.decode() for k in redis_sync.Redis.from_url(redis_url).keys("kansrijk:rate:client:*")}
    assert keys == {redis_key("client", "127.0.0.1"), redis_key("client", "127.0.0.9")}  # the peers, hashed
    assert all(len(k) == len("kansrijk:rate:client:") + 32 for k in keys)


# --- Redis down -------------------------------------------------------------------------------------------------


@needs_redis
def test_redis_down_fails_open_warns_once_and_shares_again_when_back(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(redis_link, "RETRY_SECONDS", 0.3)
    limits = {"sender_burst": 3, "sender_per_minute": 1}
    with services.redis_server() as server, caplog.at_level(logging.INFO, logger="channels.rate_limit"):
        monkeypatch.setenv("KANSRIJK_REDIS_URL", server.url)
        edges = [make_edge(tmp_path, f"server{i}", **limits) for i in range(2)]

        async def phase(sender: str, count: int) -> tuple[list[str], float]:
            started = time.perf_counter()
            return await alternately(edges, sender, count), time.perf_counter() - started

        up, _ = asyncio.run(phase("a", 5))
        server.stop()
        down, seconds = asyncio.run(phase("b", 6))
        time.sleep(0.4)  # past the retry time: Redis is tried again, and is still down
        down_again, _ = asyncio.run(phase("c", 2))
        server.start()
        time.sleep(0.4)
        back, _ = asyncio.run(phase("d", 5))

    assert up == ["answered"] * 3 + ["refused"] * 2
    assert down == ["answered"] * 6  # each server's own bucket of 3: served, not refused for the outage
    assert seconds < 1.0 and down_again == ["answered"] * 2
    assert back == ["answered"] * 3 + ["refused"] * 2  # one shared limit again
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "Redis at 127.0.0.1:" in warnings[0] and "unreachable" in warnings[0]
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(infos) == 1 and "answers again" in infos[0]
