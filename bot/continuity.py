"""Continue a conversation later or on another device with a short code, without an account.

``issue`` stores a snapshot of the profile answers under a random code such as ``K7QP-4M2D`` and returns it;
``redeem`` gives the answers back for a code someone types, however they type it. The code is drawn at random
(``secrets``), so it says nothing about the person; the row keeps the conversation id only so that ``forget``
can erase it. One conversation has one live code: asking again refreshes its answers and its expiry.

Codes use Crockford's base-32 symbols (digits and capitals without I, L, O, U); typed anyway, O counts as 0,
I and L as 1 and U as V, so a misread character still works. Case, spaces and dashes do not matter.

The codes live in the state database (``bot.state_store``): the SQLite file of a single server, or the PostgreSQL
that several servers share, so a code given by one server is redeemed on whichever server the next message reaches.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from . import settings, state_store
from .profile import Profile
from .texts import text

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # 32 symbols: 8 of them are 40 random bits
LENGTH = 8
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
# Two groups of four, written together or apart ("K7QP-4M2D", "k7qp 4m2d", "K7QP4M2D"); overlapping search.
_CANDIDATE = re.compile(
    r"(?=(?<![0-9A-Za-z])([0-9A-Za-z]{4})[\s\-\u2010-\u2014_.]{0,3}([0-9A-Za-z]{4})(?![0-9A-Za-z]))"
)
_DASH = re.compile(r"[\-\u2010-\u2014]")
MAX_CANDIDATES = 16
MAX_TEXT_CHARS = 1000
MAX_VALUE_CHARS = 300  # as bot.understand.MAX_INTERESTS: answers, not essays

# What a snapshot may hold: the answers the advice uses (Profile fields) and the answer language. Nothing else.
SNAPSHOT_FIELDS = frozenset(f.name for f in fields(Profile))

# DOUBLE PRECISION as in bot.journal: PostgreSQL's REAL would round the times to 128 s.
SCHEMA = (
    sa.text("""CREATE TABLE IF NOT EXISTS continuity_codes (
    code TEXT PRIMARY KEY,          -- canonical, without the dash
    sender_id TEXT NOT NULL,        -- the conversation that asked for the code (for erasure only)
    slots TEXT NOT NULL,            -- JSON snapshot of the profile answers
    created_at DOUBLE PRECISION NOT NULL,     -- when this snapshot was saved
    expires_at DOUBLE PRECISION NOT NULL
)"""),
    sa.text("CREATE INDEX IF NOT EXISTS continuity_codes_sender ON continuity_codes (sender_id)"),
    sa.text("CREATE INDEX IF NOT EXISTS continuity_codes_expires ON continuity_codes (expires_at)"),
    sa.text("""CREATE TABLE IF NOT EXISTS continuity_uses (
    code TEXT NOT NULL,             -- a code that was redeemed ...
    sender_id TEXT NOT NULL,        -- ... in this conversation: erasing it there erases the code too
    used_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (code, sender_id)
)"""),
)
LIVE_CODE_SQL = sa.text(
    "SELECT code FROM continuity_codes WHERE sender_id = :sender AND expires_at > :now ORDER BY created_at DESC LIMIT 1"
)
REFRESH_SQL = sa.text(
    "UPDATE continuity_codes SET slots = :slots, created_at = :now, expires_at = :expires WHERE code = :code"
)
NEW_CODE_SQL = sa.text(
    "INSERT INTO continuity_codes (code, sender_id, slots, created_at, expires_at)"
    " VALUES (:code, :sender, :slots, :now, :expires) ON CONFLICT (code) DO NOTHING"
)
SNAPSHOT_SQL = sa.text("SELECT slots FROM continuity_codes WHERE code = :code AND expires_at > :now")
USE_SQL = sa.text(
    "INSERT INTO continuity_uses (code, sender_id, used_at) VALUES (:code, :sender, :now)"
    " ON CONFLICT (code, sender_id) DO UPDATE SET used_at = excluded.used_at"
)
FORGET_CODES_SQL = sa.text(
    "DELETE FROM continuity_codes WHERE sender_id = :sender"
    " OR code IN (SELECT code FROM continuity_uses WHERE sender_id = :sender)"
)
FORGET_USES_SQL = sa.text(
    "DELETE FROM continuity_uses WHERE sender_id = :sender OR code NOT IN (SELECT code FROM continuity_codes)"
)
# created_at < NULL is never true: without `created_before` only expired codes go
PURGE_CODES_SQL = sa.text("DELETE FROM continuity_codes WHERE expires_at <= :now OR created_at < :before")
PURGE_USES_SQL = sa.text("DELETE FROM continuity_uses WHERE code NOT IN (SELECT code FROM continuity_codes)")

CODE_GIVEN = text("continuity.code_given")  # {code} and {days}: filled by the action
NOTHING_TO_SAVE = text("continuity.nothing_to_save")
CODE_USED = text("continuity.code_used")
CODE_UNKNOWN = text("continuity.code_unknown")  # {days}
CODE_MISSING = text("continuity.code_missing")


def display(code: str) -> str:
    """``K7QP4M2D`` -> ``K7QP-4M2D`` (how the code is shown to people)."""
    return f"{code[:4]}-{code[4:]}"


def normalise(text: str) -> str | None:
    """The canonical code for one typed code, or None when it cannot be one."""
    cleaned = re.sub(r"[\s\-\u2010-\u2014_.]", "", text).upper().translate(_FOLD)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def _ranked(text: str) -> dict[str, int]:
    """Canonical codes a message could contain -> 0 (written as shown: a dash and a digit) .. 3 (two words)."""
    text = (text or "")[:MAX_TEXT_CHARS]
    found: dict[str, int] = {}
    for match in _CANDIDATE.finditer(text):
        code = normalise(match.group(1) + match.group(2))
        if code and code not in found:
            separator = text[match.end(1) : match.start(2)]
            written = text[match.start(1) : match.end(2)]
            as_shown = not separator or _DASH.search(separator)
            found[code] = (0 if as_shown else 1) + (0 if any(c.isdigit() for c in written) else 2)
    return found


def candidates(text: str) -> list[str]:
    """Every canonical code a message could contain, likeliest first."""
    found = _ranked(text)
    return sorted(found, key=found.__getitem__)[:MAX_CANDIDATES]


def mentions_code(text: str) -> bool:
    """Does the message seem to hold a code ("K7QP-4M2D", "k7qp4m2d", "K7QP 4M2D"), not just two words ("mijn code")?"""
    return any(rank < 3 for rank in _ranked(text).values())


def new_code() -> str:
    """A random code with at least one digit and one letter.

    A code of letters only ("BMEE-JMJK", about 1 in 20 draws) reads as two words: the intent regex in
    data/nlu/continuity.yml needs a digit, so "mijn code is bmee-jmjk" was understood as asking for a code.
    Redrawing those costs under 0.1 bit of the 40.
    """
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if any(ch.isdigit() for ch in code) and any(ch.isalpha() for ch in code):
            return code


def clean_snapshot(slots: Mapping[str, Any]) -> dict[str, Any]:
    """Only profile answers, only plain values, short text: nothing the advice does not use."""
    snapshot: dict[str, Any] = {}
    for name, value in slots.items():
        if name in SNAPSHOT_FIELDS and isinstance(value, (str, bool, int, float)):
            snapshot[name] = value[:MAX_VALUE_CHARS] if isinstance(value, str) else value
    return snapshot


_shared: dict[str, state_store.Database] = {}
_shared_lock = threading.Lock()


@contextmanager
def _database(db: Path | None, url: str | None, create: bool = True) -> Iterator[state_store.Database | None]:
    """The state database for one call: the SQLite file opened and closed around it, as a single server always
    did (None when it does not exist and ``create`` is false: nothing stored, nothing to find), or the shared
    PostgreSQL through one pool per process, its tables created on first use."""
    url = url or state_store.url_for(db)
    if not state_store.is_sqlite(url):
        with _shared_lock:
            database = _shared.get(url)
            if database is None:
                database = state_store.Database(url)
                database.create_schema(SCHEMA)
                _shared[url] = database
        yield database
        return
    path = state_store.sqlite_path(url)
    if not create and not path.exists():
        yield None
        return
    database = state_store.Database(url, secure_delete=True)
    try:
        database.create_schema(SCHEMA)
        yield database
    finally:
        database.close()


def close_shared() -> None:
    """Close this process's pools to the shared database (tests; a server keeps its pool for its lifetime)."""
    with _shared_lock:
        for database in _shared.values():
            database.close()
        _shared.clear()


def issue(
    sender_id: str,
    slots: Mapping[str, Any],
    *,
    db: Path | None = None,
    url: str | None = None,
    now: float | None = None,
    days: int | None = None,
) -> str:
    """Save the answers under this conversation's code (a new one, or its live one refreshed); returns the code.

    ``url`` picks the database (else ``KANSRIJK_DATABASE_URL``, else the SQLite file ``db`` or the state file).
    """
    if not sender_id:
        raise ValueError("sender_id is empty")
    now = time.time() if now is None else now
    expires = now + (days or settings.load().retention_days) * 86400
    data = json.dumps(clean_snapshot(slots), ensure_ascii=False, sort_keys=True)
    with _database(db, url) as database:
        assert database is not None
        with database.transaction() as session:
            row = session.rows(LIVE_CODE_SQL, {"sender": sender_id, "now": now})
            if row:
                session.run(REFRESH_SQL, {"slots": data, "now": now, "expires": expires, "code": row[0][0]})
                return str(row[0][0])
            while True:  # a clash is 1 in 10^12 per live code (on any server: the key decides): draw again
                code = new_code()
                params = {"code": code, "sender": sender_id, "slots": data, "now": now, "expires": expires}
                if session.run(NEW_CODE_SQL, params):
                    return code


def redeem(
    code_text: str,
    *,
    sender_id: str | None = None,
    db: Path | None = None,
    url: str | None = None,
    now: float | None = None,
) -> dict[str, Any] | None:
    """The saved answers for a code found in ``code_text`` (a whole message is fine), or None.

    ``sender_id`` is the conversation that uses the code: erasing that conversation erases the code as well.
    """
    codes = candidates(code_text)
    if not codes:
        return None
    now = time.time() if now is None else now
    with _database(db, url, create=False) as database:
        if database is None:
            return None
        for code in codes:
            row = database.rows(SNAPSHOT_SQL, {"code": code, "now": now})
            if not row:
                continue
            if sender_id:
                database.run(USE_SQL, {"code": code, "sender": sender_id, "now": now})
            return clean_snapshot(json.loads(row[0][0]))
    return None


def forget(sender_id: str, *, db: Path | None = None, url: str | None = None) -> int:
    """Erase the codes this conversation asked for or used; returns how many codes were removed."""
    with _database(db, url, create=False) as database:
        if database is None:
            return 0
        with database.transaction() as session:
            removed = session.run(FORGET_CODES_SQL, {"sender": sender_id})
            session.run(FORGET_USES_SQL, {"sender": sender_id})
    return removed


def purge(
    now: float | None = None, *, created_before: float | None = None, db: Path | None = None, url: str | None = None
) -> int:
    """Remove expired codes (and, with ``created_before``, codes saved before then); returns how many."""
    now = time.time() if now is None else now
    with _database(db, url, create=False) as database:
        if database is None:
            return 0
        with database.transaction() as session:
            removed = session.run(PURGE_CODES_SQL, {"now": now, "before": created_before})
            session.run(PURGE_USES_SQL)
    return removed
