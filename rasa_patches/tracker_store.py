"""The tracker store: Rasa's SQL store without rereading the whole conversation, and its errors made visible.

Two patches (`rasa_patches.PATCHES`): `cached_tracker_store` (below) and `store_errors`. Out of the box a
tracker store that fails makes Rasa's fail-safe wrapper fall back to memory silently, with a log line only
(../shared/research/perf-reliability-security.md §2.3); `store_errors` replaces
`FailSafeTrackerStore.on_tracker_store_error` so the failure reaches the `TurnState` of the running turn
(`rasa_patches.turn`) and the user gets the edge's apology. It logs the error's type only: the error's text can
quote the SQL parameters, which hold what the user wrote.

`cached_tracker_store`:

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
- On PostgreSQL (`deploy/cluster/endpoints.yml`, several servers sharing the database) the same key query
  tells a server that another one wrote the conversation since; `COUNTS` / `cache_counts()` say how often the
  cache served a turn, and a log line every `LOG_EVERY` lookups and once more when the process exits (the
  totals, which `bench/load_test.py` reads from the servers' logs: a short run on several servers may not reach
  `LOG_EVERY` lookups per process).
- SQLite runs in WAL mode with `synchronous=NORMAL` on one kept-open connection: a commit is not
  lost when the process is killed (only on a power cut), and it needs no new connection per query.

Configure it in endpoints.yml with `type: rasa_patches.tracker_store.CachedSQLTrackerStore` and the
same keys as `type: SQL`. Rasa falls back to memory *silently* when a custom store cannot be
imported, so `bot/preflight.py` checks it exists before the server starts. With the patch switched off
(or `rasa_patches.install` never called in the process) a new store is exactly Rasa's `SQLTrackerStore`:
its own engine and journal mode, and `retrieve` and `save` are Rasa's.
"""

from __future__ import annotations

import atexit
import itertools
import logging
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

import rasa_patches
from bot import events_table
from bot.events_table import INSERT_SQL, KEY_SQL

from .turn import CURRENT_TURN

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 1000  # conversations kept in memory; a tracker of a full intake is about 0.1 MB
LOG_EVERY = 1000  # lookups between two "tracker cache" log lines

# Lookups of every cached store in this process: "hit" (the saved tracker, after one key query), "stale" (the
# database changed since: another server wrote, or an erase; reread) and "miss" (not in the cache; read). With
# several servers behind round robin a server sees a conversation one turn in N, so expect mostly stale/miss there.
COUNTS: Counter[str] = Counter()


def cache_counts() -> dict[str, int]:
    """This process's hit / stale / miss counts, for a benchmark or a status page."""
    return {kind: COUNTS[kind] for kind in ("hit", "stale", "miss")}


def _count(stats: Counter[str], kind: str) -> None:
    stats[kind] += 1
    COUNTS[kind] += 1
    total = COUNTS["hit"] + COUNTS["stale"] + COUNTS["miss"]
    if total % LOG_EVERY == 0:
        _log_counts()


def _log_counts(when: str = "") -> None:
    total = COUNTS["hit"] + COUNTS["stale"] + COUNTS["miss"]
    logger.info(
        "tracker cache%s: %d hits, %d stale, %d misses (%.0f%% hits)",
        when,
        COUNTS["hit"],
        COUNTS["stale"],
        COUNTS["miss"],
        100.0 * COUNTS["hit"] / total if total else 0.0,
    )


def _log_counts_at_exit() -> None:
    """The totals once more as the process ends (registered with atexit by the first cached store)."""
    if sum(COUNTS.values()):
        _log_counts(" at exit")


_AT_EXIT: list[bool] = []  # whether _log_counts_at_exit is registered in this process


@dataclass
class _Entry:
    tracker: DialogueStateTracker
    stored: int  # how many of tracker.events are in the database
    key: tuple[Any, Any] | None  # (max id, row count) for the sender right after our last save
    lent: bool  # handed out by retrieve and not saved since


class CachedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that reuses the tracker it saved when the database shows nothing changed since.

    Whether it does is decided when the store is made (`rasa_patches.is_on("cached_tracker_store")`); when not,
    every method is Rasa's `SQLTrackerStore`'s.
    """

    engine: Any  # made by SQLTrackerStore.__init__, replaced by _use_one_wal_connection

    def __init__(self, *args: Any, cache_size: int = DEFAULT_CACHE_SIZE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cached = rasa_patches.is_on("cached_tracker_store")
        if self.cached and not _AT_EXIT:
            _AT_EXIT.append(True)
            atexit.register(_log_counts_at_exit)
        if self.cached and self.engine.dialect.name == "sqlite":
            self._use_one_wal_connection()
        self._known: OrderedDict[str, _Entry] = OrderedDict()
        self.cache_size = int(cache_size)
        self.stats: Counter[str] = Counter()  # this store's hit / miss / stale (COUNTS: the whole process's)

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

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        if not self.cached:
            return await super().retrieve(sender_id)
        entry = self._known.get(sender_id)
        if entry is not None and not entry.lent and len(entry.tracker.events) == entry.stored:
            with self.engine.connect() as conn:
                unchanged = self._stored_key(conn, sender_id) == entry.key
            if unchanged:
                _count(self.stats, "hit")
                entry.lent = True
                self._known.move_to_end(sender_id)
                return entry.tracker
            _count(self.stats, "stale")
        else:
            _count(self.stats, "miss")
        tracker = await super().retrieve(sender_id)
        if tracker is None:
            self._known.pop(sender_id, None)
        else:
            self._remember(sender_id, _Entry(tracker, len(tracker.events), None, lent=True))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not self.cached:
            await super().save(tracker)
            return
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
    return events_table.row(sender_id, event.type_name, event.as_dict())


def _cacheable(tracker: DialogueStateTracker) -> bool:
    """Not when events can drop off (max history) or an older session is still in memory.

    A tracker read from the database holds only its latest session; one that started a new session
    in memory still holds the old one, so it is read again (and trimmed) next turn.
    """
    if tracker.events.maxlen is not None:
        return False
    return not any(isinstance(event, SessionStarted) for event in itertools.islice(tracker.events, 2, None))


def on_tracker_store_error(self: Any, error: Exception) -> None:
    """`FailSafeTrackerStore.on_tracker_store_error`, reporting to the running turn; Rasa then falls back to memory."""
    if self._on_tracker_store_error:  # a callback someone passed explicitly stays theirs
        self._on_tracker_store_error(error)
        return
    logger.error("tracker store failed: %s", type(error).__name__)
    turn = CURRENT_TURN.get()
    if turn is not None:
        turn.store_failures.append(type(error).__name__)


def swaps(name: str, **_: Any) -> list[tuple[Any, str, Any]]:
    """What each patch of this module replaces (`cached_tracker_store` replaces nothing: the store asks)."""
    return {
        "store_errors": lambda: [(FailSafeTrackerStore, "on_tracker_store_error", on_tracker_store_error)],
        "cached_tracker_store": lambda: [],
    }[name]()
