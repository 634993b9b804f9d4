"""End-to-end on PostgreSQL (issue 12): two real Rasa servers share one database, as scripts/serve.sh starts them
when KANSRIJK_DATABASE_URL is set (deploy/cluster/endpoints.yml, a 2 + 2 connection pool each). Turns alternate
between them as round robin would send them; the erase asked for in the chat on one server leaves nothing of the
conversation in PostgreSQL. No lock store yet (another part of issue 12): the turns here never overlap."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import botkit
import pytest
import services
import sqlalchemy as sa
from botkit import RestBot

from bot import privacy
from bot.counsel import store as counsel_store

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, catalog_path) -> Iterator[tuple[str, list[RestBot], list[Path]]]:
    if not services.postgres_available():
        pytest.skip("PostgreSQL 15 is not installed (apt-get install postgresql-15; make cluster)")
    if not services.redis_available():
        pytest.skip("Redis is not installed (apt-get install redis-server; make cluster)")
    with services.postgres() as url, services.redis() as redis_url:
        env = {
            "KANSRIJK_DATABASE_URL": url,
            "KANSRIJK_REDIS_URL": redis_url,
            "ENDPOINTS": "deploy/cluster/endpoints.yml",
            "SQL_POOL_SIZE": "2",
            "SQL_MAX_OVERFLOW": "2",
        }
        a, b = tmp_path_factory.mktemp("server-a"), tmp_path_factory.mktemp("server-b")
        try:
            with botkit.running_bot(a, catalog_path, env) as base_a, botkit.running_bot(b, catalog_path, env) as base_b:
                bots = [RestBot(f"{base}/webhooks/rest/webhook") for base in (base_a, base_b)]
                yield url, bots, [a, b]
        except RuntimeError as err:
            pytest.fail(f"{err} (logs in {a} and {b})")


def _count(url: str, sql: str, **params: str) -> int:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        return int(conn.execute(sa.text(sql), params).scalar())


def test_two_servers_share_the_conversation_and_the_erase_reaches_postgresql(cluster):
    url, (a, b), workdirs = cluster
    sender = f"e2e-{uuid.uuid4().hex[:10]}"
    timings = []
    for server, line in ((a, "hallo"), (b, "ik ben 17 en heb geen diploma"), (a, "wat kan ik worden?")):
        started = time.perf_counter()
        status, messages = server.send(sender, line)
        timings.append(time.perf_counter() - started)
        assert status == 200 and messages, messages
    stored = _count(url, "SELECT COUNT(*) FROM events WHERE sender_id = :s", s=sender)
    assert stored > 0
    # Server A answered turn 3 knowing what was said on B: the age slot B set is in the tracker A saved.
    assert _count(url, "SELECT COUNT(*) FROM events WHERE sender_id = :s AND data LIKE '%\"age\"%'", s=sender) >= 1
    connections = _count(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()")
    print(f"\n{stored} events; turn times {[round(t, 2) for t in timings]} s; {connections} connections incl. this one")
    assert connections <= 2 * (2 + 2 + 2) + 1  # per server: tracker pool 2 + 2, counsellor store, erasure

    status, messages = b.send(sender, "verwijder mijn gegevens")
    assert status == 200
    assert " ".join(m.get("text") or "" for m in messages) == privacy.ERASED.nl
    assert _count(url, "SELECT COUNT(*) FROM events WHERE sender_id = :s", s=sender) == 0
    for table in counsel_store.PUPIL_TABLES:
        if _count(url, "SELECT COUNT(*) FROM pg_tables WHERE tablename = :t", t=table):
            assert _count(url, f"SELECT COUNT(*) FROM {table} WHERE sender_id = :s", s=sender) == 0, table
    assert not any((w / "tracker.db").exists() for w in workdirs)  # no server wrote conversations to SQLite

    # Server A had the conversation cached: it notices the erase and starts afresh.
    status, messages = a.send(sender, "hoi")
    assert status == 200 and messages[0]["text"].startswith("Hoi!"), messages
