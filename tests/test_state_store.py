"""The message journal and the continue-later codes on SQLite (the default) and on a shared PostgreSQL (issue 12).

Several servers share one PostgreSQL: each must close only its own interrupted turns, a provider's re-delivery that
reaches two servers at once must be accepted once (the database's unique key decides), and a code given through one
server is redeemed through another. Every test runs on a real throwaway PostgreSQL 15 (tests/services.py), one per
module; "another server" is another engine (its own connection pool), and once another process.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import services
import sqlalchemy as sa

from bot import continuity, journal, state_store
from bot.journal import ACCEPTED, ANSWERED, FAILED, REFUSED, Journal
from bot.paths import ROOT

NOW = 1_800_000_000.0
DAY = 86400
ANSWERS = {"education": "vmbo_kb", "age": 16, "place": "Eindhoven", "language": "nl"}
TABLES = ("inbound", "continuity_codes", "continuity_uses")


@pytest.fixture(scope="module")
def pg_url():
    """One throwaway PostgreSQL 15 for this module; skipped where it is not installed (`make cluster`)."""
    if not services.postgres_available():
        pytest.skip("PostgreSQL 15 is not installed (apt-get install postgresql-15)")
    with services.postgres() as url:
        yield url


def _drop_tables(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in TABLES:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path: Path):
    """The same code on the SQLite state file and on PostgreSQL; each PostgreSQL test starts without the tables."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state.db'}"
        return
    url = request.getfixturevalue("pg_url")
    _drop_tables(url)
    yield url
    continuity.close_shared()


def _statuses(j: Journal, sender: str) -> list[tuple[str, str]]:
    return [(e.status, e.reason) for e in j.entries(sender)]


# --- journal ------------------------------------------------------------------------------------------------------
def test_journal_accepted_answered_failed_refused(url):
    j = Journal(url=url, instance="A")
    try:
        first = j.accept("rest", "alice", 9)
        second = j.accept("whatsapp", "alice", 4, "SM1")
        assert first and second and first != second
        assert _statuses(j, "alice") == [(ACCEPTED, ""), (ACCEPTED, "")]
        j.finish(first, ANSWERED, replies=2)
        j.finish(second, FAILED, "timeout", 1)
        refused = j.refuse("rest", "alice", 5000, "too_long")
        entries = j.entries("alice")
        assert [(e.correlation_id, e.status, e.reason, e.replies) for e in entries] == [
            (first, ANSWERED, "", 2),
            (second, FAILED, "timeout", 1),
            (refused, REFUSED, "too_long", 0),
        ]
        assert entries[0].chars == 9 and entries[2].chars == 5000
        assert j.accept("whatsapp", "alice", 4, "SM1") is None  # Twilio re-delivered SM1
        assert j.accept("telegram", "alice", 4, "SM1") is not None  # same id, another channel: another message
        assert j.last_channel("alice") == "telegram" and j.last_channel("nobody") is None
        assert j.forget("alice") == 4 and j.entries("alice") == []
        j.accept("rest", "bob", 1)
        assert j.purge(time.time() + 1) == 1
    finally:
        j.close()


def test_sqlite_start_up_closes_every_open_turn(tmp_path):
    """One server: every open turn is its own, whichever process id wrote it (behaviour as before issue 12)."""
    path = tmp_path / "state.db"
    a, b = Journal(path, instance="A"), Journal(path, instance="B")
    a.accept("rest", "alice", 1)
    b.accept("rest", "bob", 1)
    a.close()
    b.close()
    restarted = Journal(path, instance="C")
    assert restarted.close_interrupted() == 2
    assert _statuses(restarted, "alice") == _statuses(restarted, "bob") == [(FAILED, "interrupted")]
    restarted.close()


def test_pg_start_up_closes_only_its_own_turns(pg_url):
    _drop_tables(pg_url)
    a, b = Journal(url=pg_url, instance="rasa-1"), Journal(url=pg_url, instance="rasa-2")
    try:
        a_cids = [a.accept("rest", "alice", 1), a.accept("rest", "alice", 2)]
        b_cid = b.accept("rest", "bob", 1)
        a.close()  # rasa-1 dies with two turns in flight; rasa-2 keeps serving bob
        restarted = Journal(url=pg_url, instance="rasa-1")
        assert restarted.close_interrupted() == 2
        assert _statuses(restarted, "alice") == [(FAILED, "interrupted")] * 2
        assert _statuses(restarted, "bob") == [(ACCEPTED, "")]
        b.finish(b_cid, ANSWERED, replies=1)  # rasa-2 finishes its turn as if nothing happened
        assert _statuses(restarted, "bob") == [(ANSWERED, "")]
        assert all(cid for cid in a_cids)
        # rasa-2 starting again closes nothing of rasa-1's (there is nothing open) and nothing twice
        assert Journal(url=pg_url, instance="rasa-2").close_interrupted() == 0
        restarted.close()
    finally:
        b.close()


def test_pg_start_up_closes_turns_abandoned_long_ago(pg_url):
    """A server that died under a one-off id (no KANSRIJK_INSTANCE) leaves turns nobody owns: after an hour,
    longer than any turn lives, the next start-up of any server closes them."""
    _drop_tables(pg_url)
    dead, live = Journal(url=pg_url, instance="host-123-1"), Journal(url=pg_url, instance="host-456-2")
    old, fresh = dead.accept("rest", "old", 1), dead.accept("rest", "fresh", 1)
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE inbound SET received_at = :t WHERE correlation_id = :c"),
            {"t": time.time() - journal.ABANDONED_AFTER_SECONDS - 5, "c": old},
        )
    engine.dispose()
    assert live.close_interrupted() == 1
    assert _statuses(live, "old") == [(FAILED, "interrupted")] and _statuses(live, "fresh") == [(ACCEPTED, "")]
    assert fresh
    dead.close()
    live.close()


def test_old_sqlite_journal_gains_the_instance_column(tmp_path):
    path = tmp_path / "state.db"
    with sqlite3.connect(path) as db:  # the schema before issue 12, with an open turn in it
        db.execute(
            "CREATE TABLE inbound (correlation_id TEXT PRIMARY KEY, channel TEXT NOT NULL, sender_id TEXT NOT NULL,"
            " client_message_id TEXT, received_at REAL NOT NULL, finished_at REAL, status TEXT NOT NULL,"
            " reason TEXT NOT NULL DEFAULT '', chars INTEGER NOT NULL DEFAULT 0, replies INTEGER NOT NULL DEFAULT 0)"
        )
        db.execute("INSERT INTO inbound VALUES ('K-1', 'rest', 'alice', 'M1', 1.0, NULL, 'accepted', '', 3, 0)")
    db.close()
    j = Journal(path)
    assert j.close_interrupted() == 1
    assert j.accept("rest", "alice", 1, "M1") is None  # the old unique key still holds
    assert j.accept("rest", "alice", 1, "M2") is not None
    j.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT instance IS NOT NULL FROM inbound WHERE client_message_id = 'M2'").fetchone() == (1,)
    db.close()


ROUNDS = 200


def test_one_provider_message_on_two_servers_is_accepted_once(url):
    """Twilio (or Telegram) re-delivers a message and the load balancer sends the copies to two servers at the same
    instant: one insert wins, the other is recognised as the duplicate, every time."""
    servers = [Journal(url=url, instance="rasa-1"), Journal(url=url, instance="rasa-2")]
    barrier = threading.Barrier(2)

    def deliver(server: Journal, sid: str) -> str | None:
        barrier.wait(timeout=10)
        return server.accept("whatsapp", "whatsapp:+31612345678", 5, sid)

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for n in range(ROUNDS):
                sid = f"SM{n:032x}"
                results = [f.result() for f in [pool.submit(deliver, server, sid) for server in servers]]
                assert sum(r is not None for r in results) == 1, (n, results)
        entries = servers[0].entries("whatsapp:+31612345678")
        assert len(entries) == ROUNDS and len({e.correlation_id for e in entries}) == ROUNDS
    finally:
        for server in servers:
            server.close()


def test_servers_starting_together_create_the_tables_once(pg_url):
    """Eight servers start at the same moment on an empty database: none fails on CREATE ... IF NOT EXISTS."""
    for _ in range(3):
        _drop_tables(pg_url)
        barrier = threading.Barrier(8)

        def start(n: int, barrier: threading.Barrier = barrier) -> str:
            barrier.wait(timeout=10)
            j = Journal(url=pg_url, instance=f"rasa-{n}")
            cid = j.accept("rest", f"s{n}", 1)
            j.close()
            with continuity._database(None, pg_url) as db:
                assert db is not None
            return str(cid)

        try:
            with ThreadPoolExecutor(max_workers=8) as pool:
                assert len(set(pool.map(start, range(8)))) == 8
        finally:
            continuity.close_shared()


def test_sqlite_default_url_and_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("KANSRIJK_DATABASE_URL", raising=False)
    monkeypatch.setenv("KANSRIJK_STATE_DB", str(tmp_path / "x.db"))
    assert state_store.url_for() == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("KANSRIJK_DATABASE_URL", "postgresql://k@127.0.0.1:1/k")
    assert state_store.url_for(tmp_path / "y.db") == "postgresql://k@127.0.0.1:1/k"
    monkeypatch.delenv("KANSRIJK_INSTANCE", raising=False)
    assert state_store.instance_id().count("-") >= 2
    monkeypatch.setenv("KANSRIJK_INSTANCE", "rasa-1")
    assert state_store.instance_id() == "rasa-1"


# --- continue-later codes -----------------------------------------------------------------------------------------
def test_code_from_one_server_is_redeemed_on_another(url):
    code = continuity.issue("alice", ANSWERS, url=url, now=NOW, days=30)
    continuity.close_shared()  # the next calls get a new engine and pool: another server
    assert continuity.redeem(continuity.display(code), sender_id="alice-phone", url=url, now=NOW + DAY) == ANSWERS
    assert continuity.redeem(code.lower(), sender_id="alice-phone", url=url, now=NOW + 2 * DAY) == ANSWERS
    continuity.close_shared()
    # asking again on a third server refreshes the same code, and the use was recorded once
    assert continuity.issue("alice", {**ANSWERS, "place": "Zwolle"}, url=url, now=NOW + 3 * DAY, days=30) == code
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        uses = conn.execute(sa.text("SELECT sender_id FROM continuity_uses WHERE code = :c"), {"c": code}).all()
    engine.dispose()
    assert [u[0] for u in uses] == ["alice-phone"]
    # expiry: 30 days after the refresh, on any server
    assert continuity.redeem(code, url=url, now=NOW + 33 * DAY - 1)["place"] == "Zwolle"
    assert continuity.redeem(code, url=url, now=NOW + 33 * DAY) is None
    assert continuity.purge(NOW + 33 * DAY, url=url) == 1
    assert continuity.redeem(code, url=url, now=NOW) is None


def test_code_erased_through_another_server(url):
    alice = continuity.issue("alice", ANSWERS, url=url, now=NOW, days=30)
    bob = continuity.issue("bob", ANSWERS, url=url, now=NOW, days=30)
    assert alice != bob
    continuity.close_shared()
    assert continuity.redeem(alice, sender_id="alice-phone", url=url, now=NOW)
    continuity.close_shared()
    assert continuity.forget("alice-phone", url=url) == 1
    assert continuity.redeem(alice, url=url, now=NOW) is None
    assert continuity.redeem(bob, url=url, now=NOW) == ANSWERS
    assert continuity.purge(NOW, created_before=NOW + 1, url=url) == 1


def test_code_redeemed_in_another_process(pg_url):
    """Not only another pool: another Python process against the same PostgreSQL."""
    _drop_tables(pg_url)
    code = continuity.issue("alice", ANSWERS, url=pg_url, days=30)
    script = (
        "import json, sys; from bot import continuity;"
        "print(json.dumps(continuity.redeem(sys.argv[1], sender_id='laptop', url=sys.argv[2])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, continuity.display(code), pg_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ANSWERS
    continuity.close_shared()


def test_a_duplicate_reported_as_an_error_is_still_a_duplicate(url, monkeypatch):
    """Should the unique key raise instead of doing nothing, the losing insert still means "already have it"."""
    j = Journal(url=url, instance="rasa-1")
    try:
        assert j.accept("telegram", "tg-1", 3, "1001") is not None
        plain = sa.text(journal.ACCEPT_SQL.text.split(" ON CONFLICT")[0])
        monkeypatch.setattr(journal, "ACCEPT_SQL", plain)
        assert j.accept("telegram", "tg-1", 3, "1001") is None
        assert j.accept("telegram", "tg-1", 3, "1002") is not None
        assert len(j.entries("tg-1")) == 2
    finally:
        j.close()


def test_a_whatsapp_retry_on_another_server_is_answered_once(url):
    """Two servers' edges (each its own journal and pool) get the same Twilio MessageSid at the same moment:
    one turn reaches Rasa and is answered, the other is a duplicate with nothing sent."""
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel

    from bot.settings import EdgeSettings
    from channels.edge import Edge

    servers = [Edge(EdgeSettings(), Journal(url=url, instance=f"rasa-{n}")) for n in (1, 2)]
    turns: list[str] = []

    async def on_new_message(message) -> None:
        turns.append(message.text)
        await asyncio.sleep(0.05)  # the turn is still running when the retry arrives
        await message.output_channel.send_response(message.sender_id, {"text": "Hoi!"})

    async def deliver(edge: Edge, sid: str):
        out = CollectingOutputChannel()
        outcome = await edge.handle(
            channel="whatsapp",
            sender_id="whatsapp:+31612345678",
            text="hoi",
            client="10.0.0.1",
            output=out,
            on_new_message=on_new_message,
            client_message_id=sid,
        )
        return outcome.status, [m.get("text") for m in out.messages]

    async def both(sid: str):
        return await asyncio.gather(*(deliver(edge, sid) for edge in servers))

    try:
        for n in range(5):
            results = sorted(asyncio.run(both(f"SM{n}")))
            assert results == [("answered", ["Hoi!"]), ("duplicate", [])], results
        assert len(turns) == 5
        entries = servers[0].journal.entries("whatsapp:+31612345678")
        assert [e.status for e in entries] == [ANSWERED] * 5
    finally:
        for edge in servers:
            edge.journal.close()
