"""Several servers on one PostgreSQL (issue 12): the cached tracker store, erasure and retention there.

A throwaway PostgreSQL 15 (tests/services.py), no fake. Rasa's own classes with the Rasa patches installed, as
tests/test_tracker_store.py does on SQLite; two store instances on the same database stand for two servers.
With KANSRIJK_DATABASE_URL unset everything stays on SQLite (tests/test_privacy.py, tests/test_tracker_store.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import services
import sqlalchemy as sa
import yaml
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from test_tracker_store import DOMAIN, conversation, turn

import rasa_patches
from bot import continuity, paths, preflight, privacy
from bot.counsel import store as counsel_store
from bot.journal import Journal
from bot.paths import ROOT
from rasa_patches import tracker_store as cached
from rasa_patches.tracker_store import CachedSQLTrackerStore

DAY = 86400
NOW = time.time()


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if not services.postgres_available():
        pytest.skip("PostgreSQL 15 is not installed (apt-get install postgresql-15; make cluster)")
    with services.postgres() as url:
        yield url


@pytest.fixture()
def pg(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The URL and pool sizes set as scripts/serve.sh sets them; an empty database afterwards."""
    monkeypatch.setenv("KANSRIJK_DATABASE_URL", pg_url)
    monkeypatch.setenv("SQL_POOL_SIZE", "2")
    monkeypatch.setenv("SQL_MAX_OVERFLOW", "2")
    with rasa_patches.patched("on"):
        yield pg_url
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS events")
        for table in counsel_store.PUPIL_TABLES:
            conn.exec_driver_sql(f"DELETE FROM {table}" if _has(conn, table) else "SELECT 1")
    engine.dispose()


def _has(conn: sa.engine.Connection, table: str) -> bool:
    return bool(conn.execute(sa.text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar())


def pg_store(url: str, cls: type = CachedSQLTrackerStore) -> CachedSQLTrackerStore:
    """As deploy/cluster/endpoints.yml configures it: Rasa passes the endpoint's `url` on as `host`."""
    return cls(domain=DOMAIN, dialect="postgresql", host=url, db="kansrijk")


def pg_rows(url: str, sender: str | None = None) -> int:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        if sender is None:
            return int(conn.execute(sa.text("SELECT COUNT(*) FROM events")).scalar())
        return int(conn.execute(sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar())


def texts(tracker) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def test_the_cluster_endpoints_point_rasas_store_at_the_url():
    config = yaml.safe_load((ROOT / "deploy" / "cluster" / "endpoints.yml").read_text(encoding="utf-8"))
    store = config["tracker_store"]
    assert store["type"] == "rasa_patches.tracker_store.CachedSQLTrackerStore"
    assert store["dialect"] == "postgresql" and store["url"] == "${KANSRIJK_DATABASE_URL}"
    lock = config["lock_store"]  # several servers take turns atomically (rasa_patches/lock_store.py)
    assert lock["type"] == "rasa_patches.lock_store.AtomicRedisLockStore" and lock["url"] == "${KANSRIJK_REDIS_URL}"


def test_the_tracker_store_saves_and_retrieves_on_postgresql(pg):
    st = pg_store(pg)
    assert st.engine.dialect.name == "postgresql" and st.cached
    assert st.engine.pool.size() == 2 and st.engine.pool._max_overflow == 2  # not Rasa's 50 + 100
    saved = conversation(st, 3)
    assert pg_rows(pg, "s") == 1 + 3 * 5
    assert st.stats["hit"] == 3 and st.stats["stale"] == 0
    assert asyncio.run(st.retrieve("s")) is saved  # after one key query
    fresh = asyncio.run(pg_store(pg).retrieve("s"))
    assert [e.as_dict() for e in fresh.events] == [e.as_dict() for e in saved.events]
    assert fresh.get_slot("age") == 2.0


def test_rasas_own_store_on_postgresql_writes_the_same_rows(pg):
    with rasa_patches.patched("off"):
        conversation(pg_store(pg), 2, sender="rasa")
    conversation(pg_store(pg), 2, sender="ours")
    engine = sa.create_engine(pg, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        select = sa.text("SELECT type_name, intent_name, action_name FROM events WHERE sender_id = :s ORDER BY id")
        assert conn.execute(select, {"s": "rasa"}).fetchall() == conn.execute(select, {"s": "ours"}).fetchall()


def test_a_second_server_writing_makes_the_first_reread(pg):
    """Round robin: turn 1 on server A, turn 2 on server B, turn 3 on A again."""
    a, b = pg_store(pg), pg_store(pg)
    before = dict(cached.cache_counts())

    async def go() -> None:
        tracker = await a.get_or_create_tracker("pupil")
        turn(tracker, "turn on A", 1.0)
        await a.save(tracker)
        on_b = await b.get_or_create_tracker("pupil")
        assert texts(on_b) == ["turn on A"]
        turn(on_b, "turn on B", 2.0)
        await b.save(on_b)
        back_on_a = await a.retrieve("pupil")
        assert back_on_a is not tracker and texts(back_on_a) == ["turn on A", "turn on B"]
        assert back_on_a.get_slot("age") == 2.0
        turn(back_on_a, "again on A", 3.0)
        await a.save(back_on_a)
        assert await a.retrieve("pupil") is back_on_a  # nobody wrote since: a hit

    asyncio.run(go())
    assert a.stats["stale"] == 1 and a.stats["hit"] == 1
    after = cached.cache_counts()
    assert after["stale"] - before["stale"] == 1 and after["hit"] - before["hit"] >= 1
    assert pg_rows(pg, "pupil") == 1 + 3 * 5


def _counsel_rows(url: str, sender: str) -> int:
    db = counsel_store.shared(url)
    db.set_steering(sender, counsel_store.Steering(pinned=["25180"]), NOW)
    db.new_join_code(sender, "nl", NOW)
    return 2


def test_forget_on_postgresql_erases_the_events_and_the_counsellor_rows(pg, tmp_path: Path):
    st = pg_store(pg)
    conversation(st, 2, sender="alice")
    conversation(st, 1, sender="bob")
    counsel = _counsel_rows(pg, "alice")
    state_db = tmp_path / "state.db"
    continuity.issue("alice", {"age": 16}, db=state_db, now=NOW, days=30)
    journal = Journal(state_db)  # the URL wins: the shared journal, no state.db file
    for n in range(2):
        journal.accept("rest", "alice", 10, client_message_id=f"forget-alice-{n}")
    journal.accept("rest", "bob", 10)
    journal.close()
    tracker_db = tmp_path / "tracker.db"  # not read: the URL wins

    report = privacy.forget("alice", tracker_db=tracker_db, state_db=state_db)

    assert report == privacy.ForgetReport(
        "alice", tracker_events=1 + 2 * 5, journal_entries=2, continuity_codes=1, counsellor_rows=counsel
    )
    assert not state_db.exists()
    assert pg_rows(pg, "alice") == 0 and pg_rows(pg, "bob") == 1 + 5 and not tracker_db.exists()
    assert counsel_store.shared(pg).steering("alice").empty
    assert privacy.forget("alice", tracker_db=tracker_db, state_db=state_db).total == 0  # idempotent
    # The server that served alice notices: her next turn starts a new conversation, not the cached one.
    assert asyncio.run(st.retrieve("alice")) is None and st.stats["stale"] == 1


def test_forget_and_purge_before_any_server_started_find_nothing(pg, tmp_path: Path):
    assert privacy.forget("alice", tracker_db=tmp_path / "t.db", state_db=tmp_path / "s.db").tracker_events == 0
    report = privacy.purge(30, now=NOW, tracker_db=tmp_path / "t.db", state_db=tmp_path / "s.db")
    assert (report.conversations, report.tracker_events) == (0, 0)


def save_conversations(url: str, conversations: dict[str, list[float]]) -> None:
    """As tests/test_privacy.py does on SQLite: one user message and one slot per timestamp."""
    st = pg_store(url)
    for sender, stamps in conversations.items():
        events = []
        for stamp in stamps:
            events += [
                ActionExecuted("action_listen", timestamp=stamp),
                UserUttered("ik ben 16", {"name": "inform", "confidence": 1.0}, timestamp=stamp),
                SlotSet("age", 16, timestamp=stamp),
            ]
        asyncio.run(st.save(DialogueStateTracker.from_events(sender, events)))
    st.engine.dispose()


def test_purge_on_postgresql_removes_old_conversations_and_keeps_new_ones(pg, tmp_path: Path):
    save_conversations(
        pg,
        {
            "old": [NOW - 50 * DAY, NOW - 40 * DAY],
            "mixed": [NOW - 50 * DAY, NOW - 2 * DAY],  # latest event is recent: kept whole
            "new": [NOW - DAY],
        },
    )

    report = privacy.purge(30, now=NOW, tracker_db=tmp_path / "t.db", state_db=tmp_path / "s.db")

    assert (report.conversations, report.tracker_events) == (1, 6)
    assert pg_rows(pg, "old") == 0 and pg_rows(pg, "mixed") == 6 and pg_rows(pg, "new") == 3
    assert privacy.purge(30, now=NOW, tracker_db=tmp_path / "t.db", state_db=tmp_path / "s.db").tracker_events == 0


def test_the_cli_erases_on_postgresql(pg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    from bot import cli

    conversation(pg_store(pg), 1, sender="carol")
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("KANSRIJK_STATE_DB", str(tmp_path / "state.db"))
    assert cli.main(["privacy", "forget", "--sender", "carol"]) == 0
    assert "Erased conversation 'carol': 6 tracker events" in capsys.readouterr().out
    assert pg_rows(pg, "carol") == 0


def test_with_the_url_unset_erasure_stays_on_the_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from test_privacy import rows, save_conversations

    monkeypatch.delenv("KANSRIJK_DATABASE_URL", raising=False)
    assert paths.database_url() is None
    save_conversations(tmp_path / "tracker.db", {"alice": [NOW]})
    report = privacy.forget("alice", tracker_db=tmp_path / "tracker.db", state_db=tmp_path / "state.db")
    assert report.tracker_events == 3 and rows(tmp_path / "tracker.db", "alice") == 0


def test_preflight_refuses_a_store_that_erasure_would_miss(monkeypatch: pytest.MonkeyPatch):
    cluster, single = ROOT / "deploy" / "cluster" / "endpoints.yml", ROOT / "endpoints.yml"
    url = "postgresql://kansrijk@127.0.0.1:5432/kansrijk"
    monkeypatch.setenv("KANSRIJK_REDIS_URL", "redis://127.0.0.1:6379/1")
    assert preflight.verify_database(cluster, url) is None and preflight.verify_database(single, None) is None
    assert "erasing would miss" in preflight.verify_database(single, url).text.en
    assert "not set" in preflight.verify_database(cluster, None).text.en
    assert "postgres://" in preflight.verify_database(cluster, "postgres://x@h/db").text.en
    # The cluster file takes turns through the lock in Redis: without the URL Rasa could not start it.
    monkeypatch.delenv("KANSRIJK_REDIS_URL")
    assert "KANSRIJK_REDIS_URL" in preflight.verify_database(cluster, url).text.en


def test_counsellor_times_keep_their_seconds_on_postgresql(pg):
    """PostgreSQL's REAL is a 4-byte float: a Unix time in it is off by up to a minute (codes, lock-outs, purge)."""
    engine = sa.create_engine(pg)
    counsel_store.shared(pg)  # creates the tables
    with engine.connect() as conn:
        kinds = {
            row[0]
            for row in conn.execute(
                sa.text(
                    "SELECT DISTINCT data_type FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND (column_name LIKE :a OR column_name LIKE :b)"
                ),
                {"a": "%_at", "b": "%_until"},
            )
        }
    engine.dispose()
    assert kinds == {"double precision"}
