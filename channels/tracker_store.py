"""Rasa's SQL tracker store without rereading the whole conversation every turn.

Rasa 3.6's `SQLTrackerStore` reads the session's events back from the database, parses them and
replays them into a new tracker on every message, and before each save counts the stored rows
through the ORM. py-spy put load and save at about a third of the Rasa server's CPU per chat turn
(README, chat benchmark). This store keeps the same `events` table (so erasing, purging, the tests
and Rasa's own tools read it as before) and writes every turn to it before the reply goes out. What
it adds:

- It remembers the tracker it has just saved. The next turn gets that tracker back only after one
  indexed query shows the database still holds exactly what was saved (same highest row id, same
  number of rows for that sender). An erase or purge by the operator, another process writing, or
  a turn that failed before saving all make it read from the database as before.
- SQLite runs in WAL mode with `synchronous=NORMAL` on one kept-open connection: a commit is not
  lost when the process is killed (only on a power cut), and it needs no new connection per query.

Configure it in endpoints.yml with `type: channels.tracker_store.CachedSQLTrackerStore` and the
same keys as `type: SQL`. Rasa falls back to memory *silently* when a custom store cannot be
imported, so `bot/preflight.py` imports it before the server starts.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any, Optional

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

# Rasa's `events` table (SQLTrackerStore.SQLEvent); bound parameters, in any SQL dialect SQLAlchemy supports.
KEY_SQL = "SELECT max(id), count(*) FROM events WHERE sender_id = :sender_id"
INSERT_SQL = ("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
              " VALUES (:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)")
DEFAULT_CACHE_SIZE = 1000  # conversations kept in memory; a tracker of a full intake is about 0.1 MB


@dataclass
class _Entry:
    tracker: DialogueStateTracker
    stored: int  # how many of tracker.events are in the database
    key: Optional[tuple[Any, Any]]  # (max id, row count) for the sender right after our last save
    lent: bool  # handed out by retrieve and not saved since


class CachedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that reuses the tracker it saved when the database shows nothing changed since."""

    def __init__(self, *args: Any, cache_size: int = DEFAULT_CACHE_SIZE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._use_one_wal_connection()
        self._known: OrderedDict[str, _Entry] = OrderedDict()
        self.cache_size = int(cache_size)
        self.stats: Counter[str] = Counter()  # hit / miss / stale, for the benchmark and tests

    def _use_one_wal_connection(self) -> None:
        url = self.engine.url
        self.engine.dispose()
        # Rasa calls the store from the event loop's thread only: one connection, kept open.
        self.engine = sa.create_engine(url, poolclass=sa.pool.SingletonThreadPool)

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        with self.engine.connect():
            pass  # WAL now, not at the first message: other processes see it from the start

    def _stored_key(self, conn: Any, sender_id: str) -> tuple[Any, Any]:
        max_id, count = conn.execute(sa.text(KEY_SQL), {"sender_id": sender_id}).one()
        return max_id, count

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        entry = self._known.get(sender_id)
        if entry is not None and not entry.lent and len(entry.tracker.events) == entry.stored:
            with self.engine.connect() as conn:
                unchanged = self._stored_key(conn, sender_id) == entry.key
            if unchanged:
                self.stats["hit"] += 1
                entry.lent = True
                self._known.move_to_end(sender_id)
                return entry.tracker
            self.stats["stale"] += 1
        else:
            self.stats["miss"] += 1
        tracker = await super().retrieve(sender_id)
        if tracker is None:
            self._known.pop(sender_id, None)
        else:
            self._remember(sender_id, _Entry(tracker, len(tracker.events), None, lent=True))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        if self.event_broker is not None:  # streaming compares with a fresh read; keep Rasa's path
            self._known.pop(tracker.sender_id, None)
            await super().save(tracker)
            return
        sender_id = tracker.sender_id
        entry = self._known.get(sender_id)
        if entry is not None and entry.tracker is tracker:
            stored = entry.stored
        else:  # a tracker we did not hand out: count the stored rows as Rasa does
            with self.session_scope() as session:
                stored = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
        rows = [_row(sender_id, event) for event in itertools.islice(tracker.events, stored, None)]
        with self.engine.begin() as conn:
            if rows:
                conn.execute(sa.text(INSERT_SQL), rows)
            key = self._stored_key(conn, sender_id)
        if _cacheable(tracker):
            self._remember(sender_id, _Entry(tracker, len(tracker.events), key, lent=False))
        else:
            self._known.pop(sender_id, None)

    def _remember(self, sender_id: str, entry: _Entry) -> None:
        self._known[sender_id] = entry
        self._known.move_to_end(sender_id)
        while len(self._known) > self.cache_size:
            self._known.popitem(last=False)


def _row(sender_id: str, event: Any) -> dict[str, Any]:
    """The columns Rasa's SQLTrackerStore writes for one event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _cacheable(tracker: DialogueStateTracker) -> bool:
    """Not when events can drop off (max history) or an older session is still in memory.

    A tracker read from the database holds only its latest session; one that started a new session
    in memory still holds the old one, so it is read again (and trimmed) next turn.
    """
    if tracker.events.maxlen is not None:
        return False
    return not any(isinstance(event, SessionStarted) for event in itertools.islice(tracker.events, 2, None))
