"""Rasa's `events` table, and every SQL statement our code runs on it.

Rasa 3.6.21's SQL tracker store (`SQLTrackerStore.SQLEvent`) keeps one row per event:
``id`` (integer primary key, ascending), ``sender_id``, ``type_name``, ``timestamp``, ``intent_name``,
``action_name`` and ``data`` (the event's ``as_dict()`` as JSON). The cached tracker store
(``rasa_patches/tracker_store.py``), the counsellor hooks (``channels/counsel_hooks.py``) and erasure and
retention (``bot/privacy.py``) all read or write it with the statements below (on SQLite, and on PostgreSQL when
``KANSRIJK_DATABASE_URL`` is set; the few that differ have a ``PG_`` twin), so a change in Rasa's layout is
made here once. Plain SQL, no Rasa import. Parameters are named (``:sender_id``), which both ``sqlite3`` and
SQLAlchemy's ``text()`` accept; values always travel as parameters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

TABLE = "events"  # SQLTrackerStore.SQLEvent.__tablename__

# Whether a SQLite file holds Rasa's table yet (Rasa creates it when its store starts).
EXISTS_SQL = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
# The same on PostgreSQL (`KANSRIJK_DATABASE_URL`), in the schema on the search path (POSTGRESQL_SCHEMA).
PG_EXISTS_SQL = "SELECT to_regclass('events') IS NOT NULL"

# The cached tracker store: what it writes (the columns Rasa's store writes) and how it recognises that the
# database still holds exactly what it saved (highest row id and row count of one sender).
INSERT_SQL = (
    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
    " VALUES (:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)"
)
KEY_SQL = "SELECT max(id), count(*) FROM events WHERE sender_id = :sender_id"

# The slot events of one conversation (and what resets them), in order: the counsellor hooks fold them into the
# current slot values without taking the tracker out of the store's cache.
SLOT_EVENTS_SQL = (
    "SELECT data FROM events WHERE sender_id = :sender_id AND type_name IN"
    " ('slot', 'session_started', 'restart', 'reset_slots') ORDER BY id"
)

# Erasure of one conversation, and retention: conversations whose latest event is older than :cutoff.
DELETE_SENDER_SQL = "DELETE FROM events WHERE sender_id = :sender_id"
STALE_SENDERS_SQL = (
    "CREATE TEMP TABLE stale AS SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"
)
COUNT_STALE_SQL = "SELECT COUNT(*) FROM stale"
DELETE_STALE_SQL = "DELETE FROM events WHERE sender_id IN (SELECT sender_id FROM stale)"
DROP_STALE_SQL = "DROP TABLE stale"
# Retention on PostgreSQL in one statement: it sees one snapshot, so an event another server writes meanwhile is
# neither counted nor deleted. Returns (conversations, events) removed.
PG_PURGE_SQL = (
    "WITH gone AS (DELETE FROM events WHERE sender_id IN"
    " (SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff) RETURNING sender_id)"
    " SELECT COUNT(DISTINCT sender_id), COUNT(*) FROM gone"
)


def row(sender_id: str, type_name: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters of INSERT_SQL for one event, as Rasa's store fills the columns (``data``: ``event.as_dict()``)."""
    return {
        "sender_id": sender_id,
        "type_name": type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
