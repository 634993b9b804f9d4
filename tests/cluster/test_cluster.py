"""Three Rasa servers behind nginx (deploy/cluster/nginx.conf) on one PostgreSQL and one Redis (harness.py).

What a pupil must not notice: turns of one conversation go round robin to different servers and each is stored
once, in order, with its answer; the widget's socket.io works through nginx on both transports, and what a
server emits to a conversation reaches the widget even when the widget is connected to another server; a server
that dies between turns costs nothing acknowledged. The last test kills a server: keep it last.
"""

from __future__ import annotations

import asyncio
import copy
import json
import statistics
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import pytest
import redis
import sqlalchemy as sa
from botkit import SocketChat, socketio_channel
from chat_users import TelegramUser, WhatsAppUser

from channels.rate_limit import redis_key

from .harness import Cluster, post

pytestmark = pytest.mark.cluster

REST = "/webhooks/rest/webhook"
TURNS = ["hallo", "ik ben 17 en heb geen diploma", "ik woon in Utrecht", "ik vind techniek leuk", "wat kan ik worden?"]
LATENCIES: list[float] = []  # every REST turn through nginx in this module, for the README's figures


def _rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(sql), params).fetchall()]


def turn(cluster: Cluster, sender: str, text: str, source: str = "127.0.0.1") -> list[dict[str, Any]]:
    started = time.perf_counter()
    status, messages = post(cluster.nginx_port, REST, {"sender": sender, "message": text}, source)
    LATENCIES.append(time.perf_counter() - started)
    assert status == 200 and isinstance(messages, list) and messages, (status, messages)
    return messages


def check_stored(cluster: Cluster, sender: str, sent: list[str]) -> list[str]:
    """Every message stored once, in order, each followed by an answer; the journal agrees. Returns the
    instances that accepted the turns, in order."""
    events = _rows(
        cluster.database_url,
        "SELECT type_name, data FROM events WHERE sender_id = :s AND type_name IN ('user', 'bot') ORDER BY id",
        s=sender,
    )
    users = [json.loads(data)["text"] for kind, data in events if kind == "user"]
    assert users == sent, users
    kinds = [kind for kind, _ in events]
    for i, kind in enumerate(kinds):
        if kind == "user":
            assert i + 1 < len(kinds) and kinds[i + 1] == "bot", f"a message without its answer: {kinds}"
    journal = _rows(
        cluster.database_url,
        "SELECT status, instance FROM inbound WHERE sender_id = :s AND status <> 'refused' ORDER BY received_at",
        s=sender,
    )
    assert [status for status, _ in journal] == ["answered"] * len(sent), journal
    return [instance for _, instance in journal]


def test_one_conversation_round_robin_over_the_servers(cluster: Cluster) -> None:
    sender = f"seq-{uuid.uuid4().hex[:10]}"
    for line in TURNS:
        turn(cluster, sender, line)
    instances = check_stored(cluster, sender, TURNS)
    print(f"\nturns answered by {instances}")
    assert len(set(instances)) == 3, instances  # round robin: every server had a turn of it
    assert not any((cluster.workdir / f"{s.instance}-tracker.db").exists() for s in cluster.servers)


def test_conversations_in_parallel(cluster: Cluster) -> None:
    """20 pupils, each from their own address, 5 turns each, all at once (each conversation sequential)."""
    pupils = [(f"par{n:02d}-{uuid.uuid4().hex[:8]}", f"127.0.0.{10 + n}") for n in range(20)]
    started = time.perf_counter()

    def conversation(pupil: tuple[str, str]) -> None:
        sender, source = pupil
        for line in TURNS:
            turn(cluster, sender, line, source)

    with ThreadPoolExecutor(len(pupils)) as pool:
        list(pool.map(conversation, pupils))
    elapsed = time.perf_counter() - started
    spread = Counter(len(set(check_stored(cluster, sender, TURNS))) for sender, _ in pupils)
    print(
        f"\n{len(pupils)} conversations x {len(TURNS)} turns in {elapsed:.1f} s; "
        f"conversations by number of servers that answered them: {dict(sorted(spread.items()))}"
    )
    assert sum(spread.values()) == len(pupils)
    # The rate limits are shared in Redis and keyed on the pupil's address (nginx's X-Forwarded-For, one trusted
    # proxy), not on nginx's own 127.0.0.1.
    client = redis.Redis.from_url(cluster.redis_url)
    try:
        assert all(client.exists(redis_key("client", source)) for _, source in pupils)
    finally:
        client.close()


def test_the_action_servers_share_the_calls(cluster: Cluster) -> None:
    """The Rasa servers reach the action servers through nginx: after the turns above, every action server ran
    actions, and no action call failed."""
    calls = [
        (status, upstream)
        for _, request, status, upstream in cluster.access_log()
        if request.startswith("POST /webhook ")
    ]
    per_server = Counter(upstream for _, upstream in calls)
    print(f"\naction calls per action server: {dict(per_server)}")
    assert len(per_server) == 2 and min(per_server.values()) > 0.3 * len(calls), per_server
    assert {status for status, _ in calls} == {"200"}, Counter(status for status, _ in calls)


def _socket_upstreams(cluster: Cluster, source: str) -> set[str]:
    return {
        upstream
        for client, request, _, upstream in cluster.access_log()
        if client == source and "/socket.io/" in request
    }


@pytest.mark.parametrize("transport", ["polling", "websocket"])
def test_widget_through_nginx(cluster: Cluster, transport: str) -> None:
    async def chat() -> list[Any]:
        async with SocketChat(cluster.base, socketio_channel() or {}, transports=(transport,)) as widget:
            return await widget.say("hallo")

    replies = asyncio.run(chat())
    assert replies and any(r.get("text") for r in replies), replies
    upstreams = _socket_upstreams(cluster, "127.0.0.1")
    assert len(upstreams) == 1, upstreams  # sticky: the handshake, the polls and the upgrade reached one server


def test_a_reply_emitted_on_another_server_reaches_the_widget(cluster: Cluster) -> None:
    """Two tabs of one conversation, connected to different servers (different addresses hash differently): the
    second tab's message is answered by its server, and the answer reaches the first tab's server through Redis."""
    channel = socketio_channel() or {}

    async def run() -> tuple[list[Any], list[Any], str, str]:
        async with SocketChat(cluster.base, channel, source="127.0.0.2") as first:
            server_a = _socket_upstreams(cluster, "127.0.0.2")
            for n in range(3, 60):
                source = f"127.0.0.{n}"
                async with SocketChat(cluster.base, channel, source=source, session_id=first.session_id) as second:
                    server_b = _socket_upstreams(cluster, source)
                    if server_b == server_a:
                        continue  # this address hashes to the same server: try the next one
                    assert first.session_id == second.session_id
                    replies = await second.say("hallo")
                    seen = []
                    try:
                        while True:
                            seen.append(await asyncio.wait_for(first.inbox.get(), timeout=5))
                            if len(seen) >= len(replies):
                                break
                    except asyncio.TimeoutError:
                        pass
                    return replies, seen, next(iter(server_a)), next(iter(server_b))
            raise AssertionError("every address hashed to one server")

    replies, seen, server_a, server_b = asyncio.run(run())
    print(f"\nwidget on {server_a}, the message answered on {server_b}: {len(seen)} of {len(replies)} replies seen")
    assert server_a != server_b
    assert replies and [r.get("text") for r in seen] == [r.get("text") for r in replies]


def test_a_counsellor_on_another_server_reaches_the_open_widget_at_once(cluster: Cluster) -> None:
    """The widget is connected to one server, the counsellor's page runs on another: the counsellor's joining and
    suggestion are pushed into the widget at once (presence and delivery through Redis), and the page's live poll
    on a third server wakes for the pupil's turn."""
    from botkit import COUNSELLOR_PASSWORD, JOIN_CODE, Counsellor

    from bot.counsel import auth
    from bot.counsel import store as counsel_store

    accounts = counsel_store.CounselStore(cluster.database_url)
    name = f"c-{uuid.uuid4().hex[:8]}"
    accounts.add_counsellor(name, f"Decaan {name}", "counsellor", auth.hash_password(COUNSELLOR_PASSWORD))
    accounts.close()

    async def run() -> tuple[list[str], str, str, float]:
        async with SocketChat(cluster.base, socketio_channel() or {}, source="127.0.0.77") as widget:
            widget_server = next(iter(_socket_upstreams(cluster, "127.0.0.77")))
            page_server = next(s for s in cluster.servers if s.address != widget_server)
            mentor = Counsellor(f"http://127.0.0.1:{page_server.port}", name)
            loop = asyncio.get_running_loop()
            assert await loop.run_in_executor(None, mentor.login) == 303
            await widget.say("hoi")
            reply = await widget.say("laat mijn decaan meekijken")
            code = JOIN_CODE.search(" ".join(str(m.get("text", "")) for m in reply)).group(1)
            watch = await loop.run_in_executor(None, mentor.join, code)
            await loop.run_in_executor(None, mentor.post, f"/s/{watch}/steer", {"action": "suggest", "crebo": "25244"})
            pushed = []
            try:
                while True:
                    pushed.append(str((await asyncio.wait_for(widget.inbox.get(), timeout=3)).get("text", "")))
            except asyncio.TimeoutError:
                pass
            # The page's live poll waits on a third server while the pupil's turn ends where the widget is.
            third = next(s for s in cluster.servers if s.address not in (widget_server, page_server.address))
            poller = mentor  # the same browser (cookies are per host, not per port), now asking the third server
            poller.base = f"http://127.0.0.1:{third.port}/webhooks/counsellor"
            status, body = await loop.run_in_executor(None, poller.get, f"/s/{watch}/live?v=-1")
            since = json.loads(body)["v"]
            waiting = loop.run_in_executor(None, poller.get, f"/s/{watch}/live?v={since}")
            await asyncio.sleep(1.0)
            started = time.monotonic()
            await widget.say("ik ben 16")
            status, body = await waiting
            woke = time.monotonic() - started
            assert status == 200 and json.loads(body)["v"] > since, body
            return pushed, widget_server, page_server.address, woke

    pushed, widget_server, page_server, woke = asyncio.run(run())
    print(f"\nwidget on {widget_server}, counsellor on {page_server}: pushed {pushed}; live poll woke {woke:.2f} s")
    assert widget_server != page_server
    assert any("Je decaan kijkt nu mee" in text for text in pushed), pushed
    assert any("Je decaan stelt voor" in text and "25244" in text for text in pushed), pushed
    assert woke < 5.0


@pytest.mark.parametrize("app", ["whatsapp", "telegram"])
def test_a_provider_retry_on_another_server_is_answered_once(cluster: Cluster, providers: Any, app: str) -> None:
    """Twilio re-delivers a MessageSid and Telegram an update_id when our answer came late; the retry may reach
    another server, after the first delivery was answered or while it still runs. Either way: one turn."""
    first, second = (SimpleNamespace(base=f"http://{s.address}", providers=providers) for s in cluster.servers[:2])
    user: Any = WhatsAppUser(first) if app == "whatsapp" else TelegramUser(first)
    on_second: Any = copy.copy(user)
    on_second.bot = second

    def payload(text: str) -> Any:
        return user.form(text) if app == "whatsapp" else user.update("telegram_message.json", text=text)

    # after the answer: the retry goes to the second server
    hoi = payload("hoi")
    assert user.exchange(hoi)
    mark = providers.mark()
    assert on_second.post(hoi)[0] == 200
    time.sleep(2)
    assert not user.sent(mark), "the retry was answered again"
    # at the same instant on both servers
    mark = providers.mark()
    together = payload("ik ben 17")
    with ThreadPoolExecutor(2) as pool:
        statuses = [f.result()[0] for f in [pool.submit(u.post, together) for u in (user, on_second)]]
    assert statuses == [200, 200]
    providers.wait_for(mark, user.mine)
    time.sleep(2)
    check_stored(cluster, user.sender_id, ["hoi", "ik ben 17"])
    bot_events = _rows(
        cluster.database_url,
        "SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'bot'",
        s=user.sender_id,
    )[0][0]
    assert len(user.sent(0)) == bot_events, "every answer sent once"


def test_a_server_killed_between_turns_costs_nothing_acknowledged(cluster: Cluster) -> None:
    """Kill -9 one server between two turns; the conversation goes on through nginx on the others."""
    sender = f"kill-{uuid.uuid4().hex[:10]}"
    sent = []
    for line in TURNS[:2]:
        turn(cluster, sender, line)
        sent.append(line)
    victim = cluster.servers[0]
    victim.kill()
    for line in TURNS[2:] + ["hallo", "ik ben 16"]:
        turn(cluster, sender, line)  # nginx retries a refused connection on the next server: every turn answered
        sent.append(line)
    instances = check_stored(cluster, sender, sent)
    print(f"\nkilled {victim.instance}; turns answered by {instances}")
    assert victim.instance not in instances[2:]
    assert len(LATENCIES) >= 20
    ordered = sorted(LATENCIES)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    p50 = statistics.median(ordered)
    print(f"REST turns through nginx: n={len(ordered)} p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
