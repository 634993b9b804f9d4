"""A durable journal of every message a channel accepted, so no message can be lost without a trace.

Each inbound message is written here *before* Rasa sees it and marked `answered` or `failed` after
its turn; a row still `accepted` after a crash is an interrupted turn (`close_interrupted`). The
journal keeps no message text, only counts and a correlation id the user can quote to the school.

It lives in the state database (``bot.state_store``): the SQLite file of a single server, or the PostgreSQL that
several servers share. There, each row names the server process that accepted it (``instance``), so a server that
starts closes only its own interrupted turns, and the unique key on (channel, provider message id) answers a
provider's re-delivery once whichever server it reaches: the database decides, not a check inside one process.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from . import state_store

ACCEPTED, ANSWERED, FAILED, REFUSED = "accepted", "answered", "failed", "refused"
# On the shared database a start-up also closes other servers' turns accepted this long ago: no live turn lasts
# that long (the edge ends every turn within its timeout, 9 s by default), so their server died.
ABANDONED_AFTER_SECONDS = 3600.0

# Times are DOUBLE PRECISION: PostgreSQL's REAL has 24 bits, a Unix time in it is rounded to 128 s (SQLite reads
# both as its 8-byte REAL).
SCHEMA = (
    sa.text("""CREATE TABLE IF NOT EXISTS inbound (
    correlation_id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    client_message_id TEXT,
    received_at DOUBLE PRECISION NOT NULL,
    finished_at DOUBLE PRECISION,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    chars INTEGER NOT NULL DEFAULT 0,
    replies INTEGER NOT NULL DEFAULT 0,
    instance TEXT
)"""),
    sa.text(
        "CREATE UNIQUE INDEX IF NOT EXISTS inbound_dedupe ON inbound (channel, client_message_id)"
        " WHERE client_message_id IS NOT NULL"
    ),
    sa.text("CREATE INDEX IF NOT EXISTS inbound_sender ON inbound (sender_id)"),
    sa.text("CREATE INDEX IF NOT EXISTS inbound_received ON inbound (received_at)"),
)
# PostgreSQL only: start-up finds this server's open turns without reading the whole journal. (Not on SQLite:
# every write would maintain it, and one process closes all open turns there anyway.)
SERVER_SCHEMA = (
    sa.text("ALTER TABLE inbound ADD COLUMN IF NOT EXISTS instance TEXT"),
    sa.text("CREATE INDEX IF NOT EXISTS inbound_open ON inbound (instance) WHERE status = 'accepted'"),
)
# A state.db written before the journal knew instances: add the column (SQLite has no ADD COLUMN IF NOT EXISTS).
COLUMNS_SQL = sa.text("SELECT name FROM pragma_table_info('inbound')")
ADD_INSTANCE_SQL = sa.text("ALTER TABLE inbound ADD COLUMN instance TEXT")

ACCEPT_SQL = sa.text(
    "INSERT INTO inbound (correlation_id, channel, sender_id, client_message_id, received_at, status, chars,"
    " instance) VALUES (:cid, :channel, :sender, :mid, :t, 'accepted', :chars, :instance)"
    " ON CONFLICT (channel, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING"
)
SEEN_SQL = sa.text("SELECT 1 FROM inbound WHERE channel = :channel AND client_message_id = :mid")
FINISH_SQL = sa.text(
    "UPDATE inbound SET status = :status, reason = :reason, replies = :replies, finished_at = :t"
    " WHERE correlation_id = :cid"
)
REFUSE_SQL = sa.text(
    "INSERT INTO inbound (correlation_id, channel, sender_id, received_at, finished_at, status, reason, chars,"
    " instance) VALUES (:cid, :channel, :sender, :t, :t, 'refused', :reason, :chars, :instance)"
)
CLOSE_ALL_SQL = sa.text(
    "UPDATE inbound SET status = 'failed', reason = 'interrupted', finished_at = :t WHERE status = 'accepted'"
)
CLOSE_MINE_SQL = sa.text(
    "UPDATE inbound SET status = 'failed', reason = 'interrupted', finished_at = :t"
    " WHERE status = 'accepted' AND (instance = :instance OR received_at < :abandoned)"
)
ENTRIES_SQL = sa.text(
    "SELECT correlation_id, channel, sender_id, status, reason, chars, replies FROM inbound"
    " WHERE sender_id = :sender ORDER BY received_at"
)
LAST_CHANNEL_SQL = sa.text("SELECT channel FROM inbound WHERE sender_id = :sender ORDER BY received_at DESC LIMIT 1")
FORGET_SQL = sa.text("DELETE FROM inbound WHERE sender_id = :sender")
PURGE_SQL = sa.text("DELETE FROM inbound WHERE received_at < :before")


def new_correlation_id() -> str:
    """Short, random and readable aloud: it says nothing about the person."""
    return "K-" + secrets.token_hex(4)


@dataclass(frozen=True)
class Entry:
    correlation_id: str
    channel: str
    sender_id: str
    status: str
    reason: str
    chars: int
    replies: int


class Journal:
    """The journal on ``url``, else the shared database (``KANSRIJK_DATABASE_URL``), else the SQLite file ``path``.

    ``instance`` names this server process (``bot.state_store.instance_id()`` by default). Thread-safe.
    """

    def __init__(self, path: Path | None = None, *, url: str | None = None, instance: str | None = None) -> None:
        self.url = url or state_store.url_for(path)
        self.instance = instance or state_store.instance_id()
        self._db = state_store.Database(self.url, autocommit=True)
        self.shared = not self._db.sqlite
        if self.shared:
            self._db.create_schema(SCHEMA + SERVER_SCHEMA)
        else:
            self._db.create_schema(SCHEMA[:1])
            if "instance" not in {row[0] for row in self._db.rows(COLUMNS_SQL)}:
                self._db.run(ADD_INSTANCE_SQL)
            self._db.create_schema(SCHEMA[1:])

    def close(self) -> None:
        self._db.close()

    def accept(self, channel: str, sender_id: str, chars: int, client_message_id: str | None = None) -> str | None:
        """Record an accepted message; None when the provider re-delivered one we already have.

        The unique key on (channel, client_message_id) is the authority: of two servers inserting the same provider
        message at once, the database lets one in and makes the other's insert do nothing (PostgreSQL waits for the
        first to commit), so that one answers "duplicate".
        """
        params = {"channel": channel, "sender": sender_id, "mid": client_message_id, "chars": chars}

        def seen() -> bool:
            # ON CONFLICT already turns the lost race into "no row"; should a database still report the unique key,
            # the message is there all the same.
            return client_message_id is not None and bool(
                self._db.rows(SEEN_SQL, {"channel": channel, "mid": client_message_id})
            )

        return self._insert(ACCEPT_SQL, params, seen)

    def _insert(self, sql: sa.TextClause, params: dict[str, Any], duplicate: Callable[[], bool]) -> str | None:
        """Insert a row under a fresh correlation id: the id, or None when ``duplicate()`` says the row was there.
        A clash on the random id (1 in 4 billion) draws a new one."""
        for _ in range(5):
            cid = new_correlation_id()
            try:
                inserted = self._db.run(sql, {**params, "cid": cid, "t": time.time(), "instance": self.instance})
            except state_store.IntegrityError:
                if duplicate():
                    return None
                continue
            return cid if inserted else None
        raise RuntimeError("could not draw a free correlation id")

    def finish(self, correlation_id: str, status: str, reason: str = "", replies: int = 0) -> None:
        self._db.run(
            FINISH_SQL,
            {"status": status, "reason": reason, "replies": replies, "t": time.time(), "cid": correlation_id},
        )

    def refuse(self, channel: str, sender_id: str, chars: int, reason: str) -> str:
        params = {"channel": channel, "sender": sender_id, "reason": reason, "chars": chars}
        cid = self._insert(REFUSE_SQL, params, lambda: False)
        assert cid is not None  # a refused message has no unique key but its id
        return cid

    def close_interrupted(self) -> int:
        """Mark turns that were in flight when the server died; run once at start-up.

        One server (SQLite): every open turn. Several servers (PostgreSQL): only this instance's open turns, and
        those of any server accepted more than ``ABANDONED_AFTER_SECONDS`` ago; another live server's are its own.
        """
        now = time.time()
        if not self.shared:
            return self._db.run(CLOSE_ALL_SQL, {"t": now})
        return self._db.run(
            CLOSE_MINE_SQL, {"t": now, "instance": self.instance, "abandoned": now - ABANDONED_AFTER_SECONDS}
        )

    def entries(self, sender_id: str) -> list[Entry]:
        return [Entry(*row) for row in self._db.rows(ENTRIES_SQL, {"sender": sender_id})]

    def last_channel(self, sender_id: str) -> str | None:
        """The channel this conversation's latest message came through (where the pupil is now)."""
        rows = self._db.rows(LAST_CHANNEL_SQL, {"sender": sender_id})
        return str(rows[0][0]) if rows else None

    def forget(self, sender_id: str) -> int:
        return self._db.run(FORGET_SQL, {"sender": sender_id})

    def purge(self, before: float) -> int:
        return self._db.run(PURGE_SQL, {"before": before})
