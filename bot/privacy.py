"""Erase one conversation on request, and remove everything older than the retention period.

A conversation lives in three places: Rasa's SQL tracker store (table ``events``, one row per event, keyed by
``sender_id``; its SQL is in ``bot.events_table``), the message journal (``bot.journal``, no message text) and the
continuity codes (``bot.continuity``); the last two share the state database. ``forget`` erases one conversation
from all three, ``purge`` everything older than a cutoff. A database file that does not exist holds nothing to
erase.

The tracker store is the SQLite file ``tracker_db`` unless ``KANSRIJK_DATABASE_URL`` names the PostgreSQL database
that several servers share (``deploy/cluster/endpoints.yml`` points Rasa's store at the same URL): then the rows
are erased there, through SQLAlchemy with the same fixed statements, and ``tracker_db`` is not read. PostgreSQL
has no ``secure_delete``: an erased row's bytes stay in the table file until (auto)vacuum reuses the space.

In the chat, ``action_delete_data`` cannot erase by itself: Rasa writes the turn's events to the tracker store
*after* the action ran, so rows deleted inside the action would come back. The action only sends the marker
``{"type": "kansrijk.erase", "lang": ...}`` as a custom payload; the channel edge takes it out of the reply,
calls ``forget`` once Rasa has saved the turn and then sends ``ERASED`` (or ``ERASE_FAILED`` with its
correlation code). Operators use ``python -m bot privacy forget|purge``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from . import continuity, paths, state_store
from .counsel import store as counsel_store
from .events_table import (
    COUNT_STALE_SQL,
    DELETE_SENDER_SQL,
    DELETE_STALE_SQL,
    DROP_STALE_SQL,
    EXISTS_SQL,
    PG_EXISTS_SQL,
    PG_PURGE_SQL,
    STALE_SENDERS_SQL,
)
from .i18n import Text
from .journal import Journal
from .texts import text

ERASE_MARKER = "kansrijk.erase"

ERASED = text("privacy.erased")
ERASE_FAILED = text("privacy.erase_failed")


def erase_marker(lang: str) -> dict[str, str]:
    """The custom payload action_delete_data sends: the edge erases the conversation after the turn."""
    return {"type": ERASE_MARKER, "lang": lang}


def is_erase_marker(message: Mapping[str, Any]) -> bool:
    """True for a bot message (REST shape: ``{"custom": {...}}``) that asks the edge to erase."""
    custom = message.get("custom")
    return isinstance(custom, Mapping) and custom.get("type") == ERASE_MARKER


@dataclass(frozen=True)
class ForgetReport:
    sender_id: str
    tracker_events: int
    journal_entries: int
    continuity_codes: int
    counsellor_rows: int = 0

    @property
    def total(self) -> int:
        return self.tracker_events + self.journal_entries + self.continuity_codes + self.counsellor_rows

    def summary(self) -> Text:
        return text(
            "privacy.forgotten",
            conversation=repr(self.sender_id),
            tracker_events=self.tracker_events,
            journal_entries=self.journal_entries,
            continuity_codes=self.continuity_codes,
            counsellor_rows=self.counsellor_rows,
        )


@dataclass(frozen=True)
class PurgeReport:
    cutoff: float
    conversations: int
    tracker_events: int
    journal_entries: int
    continuity_codes: int
    counsellor_rows: int = 0

    def summary(self, days: int) -> Text:
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(self.cutoff))
        return text(
            "privacy.purged",
            days=days,
            cutoff=when,
            conversations=self.conversations,
            tracker_events=self.tracker_events,
            journal_entries=self.journal_entries,
            continuity_codes=self.continuity_codes,
            counsellor_rows=self.counsellor_rows,
        )


def _tracker(path: Path) -> sqlite3.Connection | None:
    """Rasa's tracker store, or None when it does not exist yet (nothing stored, nothing to erase)."""
    if not path.exists():
        return None
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
    conn.execute("PRAGMA secure_delete = ON")  # erased messages are overwritten in the file, not just unlinked
    if conn.execute(EXISTS_SQL).fetchone() is None:
        conn.close()
        return None
    return conn


_engines: dict[str, Any] = {}
_engines_lock = threading.Lock()


def _shared_engine(url: str) -> Any:
    """One engine per URL and process, without a pool: erasing is rare, so it holds no connection between calls
    (the connection budget of several servers, README "Several servers", counts on that)."""
    with _engines_lock:
        if url not in _engines:
            schema = os.environ.get("POSTGRESQL_SCHEMA")  # as Rasa's SQLTrackerStore reads it
            connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
            _engines[url] = sa.create_engine(url, poolclass=sa.pool.NullPool, connect_args=connect_args)
        return _engines[url]


def _forget_events(sender_id: str, tracker_db: Path) -> int:
    url = paths.database_url()
    if url is None:
        conn = _tracker(tracker_db)
        if conn is None:
            return 0
        with closing(conn):
            return int(conn.execute(DELETE_SENDER_SQL, {"sender_id": sender_id}).rowcount)
    with _shared_engine(url).begin() as db:
        if not db.execute(sa.text(PG_EXISTS_SQL)).scalar():
            return 0
        return int(db.execute(sa.text(DELETE_SENDER_SQL), {"sender_id": sender_id}).rowcount)


def _purge_events(cutoff: float, tracker_db: Path) -> tuple[int, int]:
    """(conversations, events) removed from the tracker store."""
    url = paths.database_url()
    if url is None:
        conn = _tracker(tracker_db)
        if conn is None:
            return 0, 0
        with closing(conn):
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(STALE_SENDERS_SQL, {"cutoff": cutoff})
                conversations = conn.execute(COUNT_STALE_SQL).fetchone()[0]
                events = conn.execute(DELETE_STALE_SQL).rowcount
                conn.execute(DROP_STALE_SQL)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return int(conversations), int(events)
    with _shared_engine(url).begin() as db:
        if not db.execute(sa.text(PG_EXISTS_SQL)).scalar():
            return 0, 0
        conversations, events = db.execute(sa.text(PG_PURGE_SQL), {"cutoff": cutoff}).one()
        return int(conversations), int(events)


def _in_journal(state_db: Path, change: Callable[[Journal], int]) -> int:
    if state_store.is_sqlite(state_store.url_for(state_db)) and not state_db.exists():
        return 0
    journal = Journal(state_db)
    try:
        return change(journal)
    finally:
        journal.close()


def _in_counsel(state_db: Path, change: Callable[[counsel_store.CounselStore], int]) -> int:
    url = counsel_store.url_for(state_db)
    if url.startswith("sqlite:///") and not state_db.exists():
        return 0
    return change(counsel_store.shared(url))


def forget(sender_id: str, *, tracker_db: Path, state_db: Path) -> ForgetReport:
    """Erase one conversation from the tracker store, the journal and the continuity codes.

    Idempotent: a second call finds nothing. Raises ``ValueError`` for an empty id and ``sqlite3.Error`` (or
    SQLAlchemy's error on PostgreSQL) when a store cannot be written (the caller tells the person it did not work).
    """
    if not sender_id or not sender_id.strip():
        raise ValueError("sender_id is empty")
    events = _forget_events(sender_id, tracker_db)
    codes = continuity.forget(sender_id, db=state_db)
    entries = _in_journal(state_db, lambda journal: journal.forget(sender_id))
    counsel = _in_counsel(state_db, lambda db: db.forget(sender_id))
    return ForgetReport(sender_id, events, entries, codes, counsel)


def purge(older_than_days: int, *, now: float, tracker_db: Path, state_db: Path) -> PurgeReport:
    """Remove conversations whose latest event is older than the cutoff, older journal rows and old codes."""
    if older_than_days < 1:
        raise ValueError(f"older_than_days must be at least 1, not {older_than_days}")
    cutoff = now - older_than_days * 86400
    conversations, events = _purge_events(cutoff, tracker_db)
    codes = continuity.purge(now, created_before=cutoff, db=state_db)
    entries = _in_journal(state_db, lambda journal: journal.purge(cutoff))
    counsel = _in_counsel(state_db, lambda db: db.purge(cutoff))
    return PurgeReport(cutoff, conversations, events, entries, codes, counsel)
