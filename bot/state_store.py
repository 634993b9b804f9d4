"""The state database of the journal and the continue-later codes: the SQLite file, or the shared PostgreSQL.

One process on one machine keeps its state in ``build/state.db`` (``bot.paths.state_db()``), as always. Several
servers behind a load balancer share one PostgreSQL (``KANSRIJK_DATABASE_URL``): the message journal must then
see every server's rows and the codes must be redeemable on whichever server gets the message.

Both stores write their statements once, as fixed ``sa.text`` constants with ``:name`` parameters
(tests/fuzz/test_sql_parameterised.py). ``Database`` runs them through SQLAlchemy on PostgreSQL and, on SQLite,
hands the same text to the ``sqlite3`` module directly (it reads ``:name`` parameters too): the default path stays
exactly as fast as before (SQLAlchemy's execute costs ~30 us of CPU a statement; a turn writes the journal twice).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc

from . import paths

SQLITE_PREFIX = "sqlite:///"
# pg_advisory_lock key for creating the tables: "Kansrijk" in ASCII, so it does not clash with another app's key.
SCHEMA_LOCK = 0x4B616E7372696A6B
LOCK_SQL = "SELECT pg_advisory_lock(:k)"
UNLOCK_SQL = "SELECT pg_advisory_unlock(:k)"
# A unique key that refused a row, on either database: callers treat it as "already there" or draw a new id.
IntegrityError = (sqlite3.IntegrityError, exc.IntegrityError)

_STARTED = time.time()


def url_for(state_db: Path | None = None) -> str:
    """The shared database when ``KANSRIJK_DATABASE_URL`` is set, else the SQLite state file."""
    return paths.database_url() or f"{SQLITE_PREFIX}{state_db or paths.state_db()}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite:")


def sqlite_path(url: str) -> Path:
    return Path(url[len(SQLITE_PREFIX) :])


def instance_id() -> str:
    """Which server process accepted a message: ``KANSRIJK_INSTANCE``, else host, process id and start time.

    A stable name per server slot (``KANSRIJK_INSTANCE=rasa-1``) lets a restarted server close the turns its crashed
    predecessor left open; the default is unique per process, so no two live servers ever share one.
    """
    return os.environ.get("KANSRIJK_INSTANCE") or f"{socket.gethostname()}-{os.getpid()}-{int(_STARTED)}"


class Session:
    """Statements inside one transaction (or one autocommitted statement each, outside ``Database.transaction``)."""

    def __init__(self, conn: Any, sqlite: bool) -> None:
        self._conn, self._sqlite = conn, sqlite

    def run(self, sql: sa.TextClause, params: Mapping[str, Any] | None = None) -> int:
        """Run one fixed statement; returns the number of rows it changed."""
        if self._sqlite:
            return int(self._conn.execute(sql.text, dict(params or {})).rowcount or 0)
        return int(self._conn.execute(sql, dict(params or {})).rowcount or 0)

    def rows(self, sql: sa.TextClause, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if self._sqlite:
            return [tuple(row) for row in self._conn.execute(sql.text, dict(params or {})).fetchall()]
        return [tuple(row) for row in self._conn.execute(sql, dict(params or {}))]


class Database:
    """The SQLite file (one connection, shared by threads under a lock, WAL and synchronous=NORMAL: survives kill -9
    of the process at ~0.1 ms a write) or PostgreSQL (a small pool per process, so N servers fit in its
    max_connections, checked before use)."""

    def __init__(self, url: str, *, secure_delete: bool = False, autocommit: bool = False, pool_size: int = 5) -> None:
        """``autocommit``: PostgreSQL commits each statement by itself (the journal: single statements, one round
        trip each, no reset when the connection goes back to the pool); ``transaction`` is then unavailable."""
        self.url = url
        self.autocommit = autocommit
        self.sqlite = is_sqlite(url)
        self._lock = threading.RLock()
        if self.sqlite:
            path = sqlite_path(url)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db: sqlite3.Connection | None = sqlite3.connect(
                str(path), timeout=5, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            if secure_delete:
                self._db.execute("PRAGMA secure_delete=ON")
            self.engine: sa.engine.Engine | None = None
        else:
            self._db = None
            options: dict[str, Any] = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
            self.engine = sa.create_engine(
                url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size, **options
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
        if self.engine is not None:
            self.engine.dispose()

    def run(self, sql: sa.TextClause, params: Mapping[str, Any] | None = None) -> int:
        """One statement, committed on return (SQLite: straight to the kept connection, nothing in between)."""
        if self._db is not None:
            with self._lock:
                return int(self._db.execute(sql.text, params or {}).rowcount or 0)
        with self._autocommit() as session:
            return session.run(sql, params)

    def rows(self, sql: sa.TextClause, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if self._db is not None:
            with self._lock:
                return [tuple(row) for row in self._db.execute(sql.text, params or {}).fetchall()]
        with self._autocommit() as session:
            return session.rows(sql, params)

    @contextmanager
    def _autocommit(self) -> Iterator[Session]:
        assert self.engine is not None
        with self.engine.connect() as conn:
            yield Session(conn if self.autocommit else conn.execution_options(isolation_level="AUTOCOMMIT"), False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """All or nothing; on SQLite ``BEGIN IMMEDIATE``, so a read-then-write cannot be overtaken by a writer."""
        if self._db is not None:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield Session(self._db, True)
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            return
        assert self.engine is not None and not self.autocommit
        with self.engine.begin() as conn:
            yield Session(conn, False)

    def create_schema(self, statements: Sequence[sa.TextClause]) -> None:
        """Create the tables once, safely when several servers start at the same moment.

        ``CREATE TABLE IF NOT EXISTS`` is not atomic in PostgreSQL: two servers can both find the table missing and
        the second fails on the catalogue's unique index. A session advisory lock makes them take turns (a server
        that dies holding it drops its connection, and the lock with it); a unique violation that still gets
        through (another tool creating the same tables) is retried.
        """
        if self.sqlite:
            with self.transaction() as session:
                for statement in statements:
                    session.run(statement)
            return
        assert self.engine is not None
        for attempt in range(3):
            try:
                with self.engine.connect() as plain:
                    conn = plain.execution_options(isolation_level="AUTOCOMMIT")
                    conn.execute(sa.text(LOCK_SQL), {"k": SCHEMA_LOCK})
                    try:
                        session = Session(conn, False)
                        for statement in statements:
                            session.run(statement)
                    finally:
                        conn.execute(sa.text(UNLOCK_SQL), {"k": SCHEMA_LOCK})
                return
            except (exc.IntegrityError, exc.ProgrammingError):
                if attempt == 2:
                    raise
                time.sleep(0.05 * (attempt + 1))
