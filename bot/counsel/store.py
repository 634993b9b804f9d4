"""Every table of the guided sessions, behind one class, with bound parameters only.

The state database is SQLite by default (``sqlite:///build/state.db``); the SQL is plain enough for PostgreSQL, so
moving there changes the URL (``KANSRIJK_COUNSEL_DB``), not this code. Ids that appear in URLs are random;
secrets (session tokens, report links) are stored as SHA-256 hashes, so a copy of the database opens nothing.
No row holds a message the pupil typed: the audit log records who did what to which conversation, not text.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .. import paths

SCHEMA = (
    sa.text("""CREATE TABLE IF NOT EXISTS counsellors (
        id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
        pw_hash TEXT NOT NULL, active INTEGER NOT NULL, created_at DOUBLE PRECISION NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0, locked_until DOUBLE PRECISION NOT NULL DEFAULT 0)"""),
    sa.text("""CREATE TABLE IF NOT EXISTS counsel_logins (
        token_hash TEXT PRIMARY KEY, counsellor_id TEXT NOT NULL, csrf TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL)"""),
    sa.text("""CREATE TABLE IF NOT EXISTS join_codes (
        code TEXT PRIMARY KEY, sender_id TEXT NOT NULL, lang TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL, used_at DOUBLE PRECISION)"""),
    sa.text("CREATE INDEX IF NOT EXISTS join_codes_sender ON join_codes (sender_id)"),
    sa.text("""CREATE TABLE IF NOT EXISTS watches (
        id TEXT PRIMARY KEY, sender_id TEXT NOT NULL, counsellor_id TEXT NOT NULL, lang TEXT NOT NULL,
        started_at DOUBLE PRECISION NOT NULL, ended_at DOUBLE PRECISION)"""),
    sa.text("CREATE INDEX IF NOT EXISTS watches_sender ON watches (sender_id)"),
    sa.text("""CREATE TABLE IF NOT EXISTS steering (
        sender_id TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL)"""),
    sa.text("""CREATE TABLE IF NOT EXISTS counsel_outbox (
        id TEXT PRIMARY KEY, sender_id TEXT NOT NULL, text_nl TEXT NOT NULL, text_en TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL, delivered_at DOUBLE PRECISION)"""),
    sa.text("CREATE INDEX IF NOT EXISTS counsel_outbox_sender ON counsel_outbox (sender_id)"),
    sa.text("""CREATE TABLE IF NOT EXISTS counsel_notes (
        id TEXT PRIMARY KEY, sender_id TEXT NOT NULL, counsellor_id TEXT NOT NULL, body TEXT NOT NULL,
        include INTEGER NOT NULL, created_at DOUBLE PRECISION NOT NULL)"""),
    sa.text("CREATE INDEX IF NOT EXISTS counsel_notes_sender ON counsel_notes (sender_id)"),
    sa.text("""CREATE TABLE IF NOT EXISTS counsel_audit (
        id TEXT PRIMARY KEY, at DOUBLE PRECISION NOT NULL, counsellor_id TEXT NOT NULL, sender_id TEXT,
        action TEXT NOT NULL, detail TEXT NOT NULL)"""),
    sa.text("CREATE INDEX IF NOT EXISTS counsel_audit_sender ON counsel_audit (sender_id)"),
    sa.text("""CREATE TABLE IF NOT EXISTS classes (
        id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, counsellor_id TEXT NOT NULL, name TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL)"""),
    sa.text("""CREATE TABLE IF NOT EXISTS class_members (
        class_id TEXT NOT NULL, sender_id TEXT NOT NULL, joined_at DOUBLE PRECISION NOT NULL, consent INTEGER,
        PRIMARY KEY (class_id, sender_id))"""),
    sa.text("CREATE INDEX IF NOT EXISTS class_members_sender ON class_members (sender_id)"),
    sa.text("""CREATE TABLE IF NOT EXISTS pupil_progress (
        sender_id TEXT PRIMARY KEY, turns INTEGER NOT NULL, last_turn_at DOUBLE PRECISION NOT NULL,
        last_progress_at DOUBLE PRECISION NOT NULL, failed_in_row INTEGER NOT NULL, advice_at DOUBLE PRECISION,
        known INTEGER NOT NULL, pending TEXT)"""),
    sa.text("""CREATE TABLE IF NOT EXISTS report_links (
        token_hash TEXT PRIMARY KEY, sender_id TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL)"""),
    sa.text("CREATE INDEX IF NOT EXISTS report_links_sender ON report_links (sender_id)"),
)

# Tables keyed by the pupil's conversation: erased with it. The audit log is kept, without the conversation id.
PUPIL_TABLES = (
    "join_codes",
    "watches",
    "steering",
    "counsel_outbox",
    "counsel_notes",
    "class_members",
    "pupil_progress",
    "report_links",
)
ERASED = "(gewist)"
FORGET = (
    sa.text("DELETE FROM join_codes WHERE sender_id = :s"),
    sa.text("DELETE FROM watches WHERE sender_id = :s"),
    sa.text("DELETE FROM steering WHERE sender_id = :s"),
    sa.text("DELETE FROM counsel_outbox WHERE sender_id = :s"),
    sa.text("DELETE FROM counsel_notes WHERE sender_id = :s"),
    sa.text("DELETE FROM class_members WHERE sender_id = :s"),
    sa.text("DELETE FROM pupil_progress WHERE sender_id = :s"),
    sa.text("DELETE FROM report_links WHERE sender_id = :s"),
)
# Retention: one statement per table, each older than the cutoff (:c).
PURGE = (
    sa.text("DELETE FROM join_codes WHERE created_at < :c"),
    sa.text("DELETE FROM report_links WHERE created_at < :c"),
    sa.text("DELETE FROM counsel_logins WHERE expires_at < :c"),
    sa.text("DELETE FROM counsel_audit WHERE at < :c"),
    sa.text("DELETE FROM counsel_notes WHERE created_at < :c"),
    sa.text("DELETE FROM counsel_outbox WHERE created_at < :c"),
    sa.text("DELETE FROM watches WHERE started_at < :c"),
    sa.text("DELETE FROM pupil_progress WHERE last_turn_at < :c"),
    sa.text("DELETE FROM class_members WHERE joined_at < :c"),
    sa.text("DELETE FROM classes WHERE expires_at < :c"),
    sa.text("DELETE FROM steering WHERE updated_at < :c"),
)
COUNTS = (
    ("join_codes", sa.text("SELECT COUNT(*) FROM join_codes")),
    ("watches", sa.text("SELECT COUNT(*) FROM watches")),
    ("steering", sa.text("SELECT COUNT(*) FROM steering")),
    ("counsel_outbox", sa.text("SELECT COUNT(*) FROM counsel_outbox")),
    ("counsel_notes", sa.text("SELECT COUNT(*) FROM counsel_notes")),
    ("class_members", sa.text("SELECT COUNT(*) FROM class_members")),
    ("pupil_progress", sa.text("SELECT COUNT(*) FROM pupil_progress")),
    ("report_links", sa.text("SELECT COUNT(*) FROM report_links")),
    ("counsel_audit", sa.text("SELECT COUNT(*) FROM counsel_audit")),
    ("counsellors", sa.text("SELECT COUNT(*) FROM counsellors")),
    ("counsel_logins", sa.text("SELECT COUNT(*) FROM counsel_logins")),
    ("classes", sa.text("SELECT COUNT(*) FROM classes")),
)

ROLES = ("counsellor", "admin")
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read out
JOIN_CODE_LENGTH = 6
JOIN_CODE_SECONDS = 15 * 60
LOGIN_SECONDS = 8 * 3600
CLASS_CODE_DIGITS = 6
CLASS_SECONDS = 12 * 3600


def new_id() -> str:
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_join_code(text: str) -> str:
    """Case, spaces and dashes do not matter; O reads as 0 is not needed (no 0 or O in the alphabet)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def url_for(state_db: Path) -> str:
    """The guided sessions live in the state database, unless KANSRIJK_COUNSEL_DB (or, for a multi-server
    deployment, KANSRIJK_DATABASE_URL) names another (PostgreSQL)."""
    return os.environ.get("KANSRIJK_COUNSEL_DB") or paths.database_url() or f"sqlite:///{state_db}"


def default_url() -> str:
    return url_for(paths.state_db())


@dataclass(frozen=True)
class Counsellor:
    id: str
    username: str
    display_name: str
    role: str
    active: bool
    failed_logins: int = 0
    locked_until: float = 0.0

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class Login:
    counsellor: Counsellor
    csrf: str
    expires_at: float


@dataclass(frozen=True)
class Watch:
    id: str
    sender_id: str
    counsellor_id: str
    lang: str
    started_at: float
    ended_at: float | None


@dataclass
class Steering:
    """A counsellor's changes to one pupil's advice; empty means the engine's own list."""

    pinned: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)
    route: str | None = None  # "bol" | "bbl"
    level: int | None = None  # 1-4
    max_km: float | None = None
    start: str | None = None  # a bot.profile START_WISHES value

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [])}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Steering:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    @property
    def empty(self) -> bool:
        return not self.as_dict()


@dataclass(frozen=True)
class Note:
    id: str
    counsellor_id: str
    author: str
    body: str
    include: bool
    created_at: float


@dataclass(frozen=True)
class AuditRow:
    at: float
    counsellor: str
    sender_id: str | None
    action: str
    detail: str


@dataclass(frozen=True)
class ClassSession:
    id: str
    code: str
    counsellor_id: str
    name: str
    created_at: float
    expires_at: float


@dataclass(frozen=True)
class Member:
    sender_id: str
    joined_at: float
    consent: bool | None
    turns: int
    last_turn_at: float | None
    last_progress_at: float | None
    failed_in_row: int
    advice_at: float | None
    known: int


class CounselStore:
    """One per process; thread-safe (SQLite: one connection kept open, WAL)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
            self.engine = sa.create_engine(
                self.url, poolclass=sa.pool.SingletonThreadPool, connect_args={"timeout": 5, "check_same_thread": False}
            )

            def _pragmas(dbapi_connection: Any, _record: Any) -> None:
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA secure_delete=ON")
                cursor.close()

            sa.event.listen(self.engine, "connect", _pragmas)
        else:
            self.engine = sa.create_engine(self.url, pool_pre_ping=True)
        self._lock = threading.RLock()
        with self._begin() as conn:
            for statement in SCHEMA:
                _exec(conn, statement)

    def close(self) -> None:
        self.engine.dispose()

    # --- plumbing ---------------------------------------------------------------------------------------------
    def _begin(self) -> Any:
        return _Locked(self._lock, self.engine)

    def _all(self, sql: sa.TextClause, **params: Any) -> list[Any]:
        with self._begin() as conn:
            return list(_exec(conn, sql, params))

    def _one(self, sql: sa.TextClause, **params: Any) -> Any:
        rows = self._all(sql, **params)
        return rows[0] if rows else None

    def _run(self, sql: sa.TextClause, **params: Any) -> int:
        with self._begin() as conn:
            return int(_exec(conn, sql, params).rowcount or 0)

    # --- accounts ---------------------------------------------------------------------------------------------
    def add_counsellor(self, username: str, display_name: str, role: str, pw_hash: str) -> Counsellor:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        username = username.strip().lower()
        if not username or len(username) > 64 or not all(ch.isalnum() or ch in "._-@" for ch in username):
            raise ValueError("username: 1-64 letters, digits or ._-@")
        if self.counsellor_by_name(username) is not None:
            raise ValueError(f"username {username!r} already exists")
        cid = new_id()
        self._run(
            sa.text(
                "INSERT INTO counsellors (id, username, display_name, role, pw_hash, active, created_at)"
                " VALUES (:id, :u, :d, :r, :h, 1, :t)"
            ),
            id=cid,
            u=username,
            d=display_name.strip() or username,
            r=role,
            h=pw_hash,
            t=time.time(),
        )
        found = self.counsellor(cid)
        assert found is not None
        return found

    def counsellor(self, counsellor_id: str) -> Counsellor | None:
        row = self._one(
            sa.text(
                "SELECT id, username, display_name, role, active, failed_logins, locked_until FROM counsellors WHERE "
                "id = :id"
            ),
            id=counsellor_id,
        )
        return _counsellor(row)

    def counsellor_by_name(self, username: str) -> Counsellor | None:
        row = self._one(
            sa.text(
                "SELECT id, username, display_name, role, active, failed_logins, locked_until"
                " FROM counsellors WHERE username = :u"
            ),
            u=username.strip().lower(),
        )
        return _counsellor(row)

    def counsellors(self) -> list[Counsellor]:
        return [
            c
            for c in (
                _counsellor(r)
                for r in self._all(
                    sa.text(
                        "SELECT id, username, display_name, role, active, failed_logins, locked_until FROM "
                        "counsellors ORDER BY username"
                    )
                )
            )
            if c is not None
        ]

    def password_hash(self, counsellor_id: str) -> str | None:
        row = self._one(sa.text("SELECT pw_hash FROM counsellors WHERE id = :id"), id=counsellor_id)
        return row[0] if row else None

    def set_password_hash(self, counsellor_id: str, pw_hash: str) -> None:
        self._run(sa.text("UPDATE counsellors SET pw_hash = :h WHERE id = :id"), h=pw_hash, id=counsellor_id)

    def set_active(self, username: str, active: bool) -> bool:
        changed = self._run(
            sa.text("UPDATE counsellors SET active = :a WHERE username = :u"), a=int(active), u=username.strip().lower()
        )
        if changed and not active:
            self._run(
                sa.text(
                    "DELETE FROM counsel_logins WHERE counsellor_id IN (SELECT id FROM counsellors WHERE username = :u)"
                ),
                u=username.strip().lower(),
            )
        return bool(changed)

    def login_failed(self, counsellor_id: str, max_failures: int, lock_seconds: float, now: float) -> bool:
        """Count a wrong password; True when the account is now locked."""
        self._run(sa.text("UPDATE counsellors SET failed_logins = failed_logins + 1 WHERE id = :id"), id=counsellor_id)
        row = self._one(sa.text("SELECT failed_logins FROM counsellors WHERE id = :id"), id=counsellor_id)
        if row and row[0] >= max_failures:
            self._run(
                sa.text("UPDATE counsellors SET locked_until = :t, failed_logins = 0 WHERE id = :id"),
                t=now + lock_seconds,
                id=counsellor_id,
            )
            return True
        return False

    def login_succeeded(self, counsellor_id: str) -> None:
        self._run(
            sa.text("UPDATE counsellors SET failed_logins = 0, locked_until = 0 WHERE id = :id"), id=counsellor_id
        )

    # --- logins (web sessions) --------------------------------------------------------------------------------
    def new_login(self, counsellor_id: str, now: float, seconds: float = LOGIN_SECONDS) -> tuple[str, Login]:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self._run(
            sa.text(
                "INSERT INTO counsel_logins (token_hash, counsellor_id, csrf, created_at, expires_at)"
                " VALUES (:h, :c, :x, :t, :e)"
            ),
            h=token_hash(token),
            c=counsellor_id,
            x=csrf,
            t=now,
            e=now + seconds,
        )
        login = self.login(token, now)
        assert login is not None
        return token, login

    def login(self, token: str, now: float) -> Login | None:
        row = self._one(
            sa.text("SELECT counsellor_id, csrf, expires_at FROM counsel_logins WHERE token_hash = :h"),
            h=token_hash(token),
        )
        if row is None or row[2] <= now:
            return None
        who = self.counsellor(row[0])
        if who is None or not who.active:
            return None
        return Login(who, row[1], row[2])

    def end_login(self, token: str) -> None:
        self._run(sa.text("DELETE FROM counsel_logins WHERE token_hash = :h"), h=token_hash(token))

    # --- join codes and watches -------------------------------------------------------------------------------
    def new_join_code(self, sender_id: str, lang: str, now: float) -> str:
        """A fresh code for this pupil; earlier unused codes of the same pupil stop working."""
        self._run(sa.text("DELETE FROM join_codes WHERE sender_id = :s AND used_at IS NULL"), s=sender_id)
        while True:
            code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
            if self._one(sa.text("SELECT 1 FROM join_codes WHERE code = :c"), c=code) is None:
                break
        self._run(
            sa.text(
                "INSERT INTO join_codes (code, sender_id, lang, created_at, expires_at) VALUES (:c, :s, :l, :t, :e)"
            ),
            c=code,
            s=sender_id,
            l=lang,
            t=now,
            e=now + JOIN_CODE_SECONDS,
        )
        return code

    def use_join_code(self, code: str, counsellor_id: str, now: float) -> Watch | None:
        """Single use: the first counsellor with a valid code gets a watch; expired, used or unknown codes: None."""
        code = normalise_join_code(code)
        with self._begin() as conn:
            row = conn.execute(
                sa.text(
                    "SELECT sender_id, lang FROM join_codes WHERE code = :c AND used_at IS NULL AND expires_at > :t"
                ),
                {"c": code, "t": now},
            ).first()
            if row is None:
                return None
            taken = conn.execute(
                sa.text("UPDATE join_codes SET used_at = :t WHERE code = :c AND used_at IS NULL"), {"t": now, "c": code}
            ).rowcount
            if not taken:
                return None
            wid = new_id()
            conn.execute(
                sa.text(
                    "INSERT INTO watches (id, sender_id, counsellor_id, lang, started_at) VALUES (:id, :s, :c, :l, :t)"
                ),
                {"id": wid, "s": row[0], "c": counsellor_id, "l": row[1], "t": now},
            )
        return self.watch(wid)

    def watch(self, watch_id: str) -> Watch | None:
        row = self._one(
            sa.text("SELECT id, sender_id, counsellor_id, lang, started_at, ended_at FROM watches WHERE id = :id"),
            id=watch_id,
        )
        return Watch(*row) if row else None

    def open_watch(self, sender_id: str, counsellor_id: str, lang: str, now: float) -> Watch:
        """A watch from a class the pupil agreed to share with (no join code needed)."""
        for w in self.watches_of(sender_id):
            if w.counsellor_id == counsellor_id:
                return w
        wid = new_id()
        self._run(
            sa.text(
                "INSERT INTO watches (id, sender_id, counsellor_id, lang, started_at) VALUES (:id, :s, :c, :l, :t)"
            ),
            id=wid,
            s=sender_id,
            c=counsellor_id,
            l=lang,
            t=now,
        )
        found = self.watch(wid)
        assert found is not None
        return found

    def watches_of(self, sender_id: str) -> list[Watch]:
        """The counsellors watching this pupil now."""
        rows = self._all(
            sa.text(
                "SELECT id, sender_id, counsellor_id, lang, started_at, ended_at FROM watches"
                " WHERE sender_id = :s AND ended_at IS NULL ORDER BY started_at"
            ),
            s=sender_id,
        )
        return [Watch(*r) for r in rows]

    def watches_by(self, counsellor_id: str) -> list[Watch]:
        rows = self._all(
            sa.text(
                "SELECT id, sender_id, counsellor_id, lang, started_at, ended_at FROM watches"
                " WHERE counsellor_id = :c AND ended_at IS NULL ORDER BY started_at DESC"
            ),
            c=counsellor_id,
        )
        return [Watch(*r) for r in rows]

    def end_watches(self, sender_id: str, now: float) -> int:
        """The pupil said "stop meekijken": every watch ends at once, and unused codes stop working."""
        self._run(sa.text("DELETE FROM join_codes WHERE sender_id = :s AND used_at IS NULL"), s=sender_id)
        self._run(sa.text("UPDATE class_members SET consent = 0 WHERE sender_id = :s"), s=sender_id)
        return self._run(
            sa.text("UPDATE watches SET ended_at = :t WHERE sender_id = :s AND ended_at IS NULL"), t=now, s=sender_id
        )

    def end_watch(self, watch_id: str, now: float) -> None:
        """The counsellor stopped watching this pupil."""
        self._run(sa.text("UPDATE watches SET ended_at = :t WHERE id = :id AND ended_at IS NULL"), t=now, id=watch_id)

    def watched(self, sender_id: str) -> bool:
        return (
            self._one(sa.text("SELECT 1 FROM watches WHERE sender_id = :s AND ended_at IS NULL"), s=sender_id)
            is not None
        )

    # --- steering and messages to the pupil -------------------------------------------------------------------
    def steering(self, sender_id: str) -> Steering:
        row = self._one(sa.text("SELECT data FROM steering WHERE sender_id = :s"), s=sender_id)
        return Steering.from_dict(json.loads(row[0])) if row else Steering()

    def set_steering(self, sender_id: str, steering: Steering, now: float) -> None:
        data = json.dumps(steering.as_dict())
        with self._begin() as conn:
            if not conn.execute(
                sa.text("UPDATE steering SET data = :d, updated_at = :t WHERE sender_id = :s"),
                {"d": data, "t": now, "s": sender_id},
            ).rowcount:
                conn.execute(
                    sa.text("INSERT INTO steering (sender_id, data, updated_at) VALUES (:s, :d, :t)"),
                    {"s": sender_id, "d": data, "t": now},
                )

    def queue_message(self, sender_id: str, nl: str, en: str, now: float) -> str:
        mid = new_id()
        self._run(
            sa.text(
                "INSERT INTO counsel_outbox (id, sender_id, text_nl, text_en, created_at)"
                " VALUES (:id, :s, :nl, :en, :t)"
            ),
            id=mid,
            s=sender_id,
            nl=nl,
            en=en,
            t=now,
        )
        return mid

    def take_messages(self, sender_id: str, now: float) -> list[tuple[str, str]]:
        """The counsellor's messages not yet shown to the pupil, oldest first, marked delivered."""
        with self._begin() as conn:
            rows = list(
                conn.execute(
                    sa.text(
                        "SELECT id, text_nl, text_en FROM counsel_outbox WHERE sender_id = :s"
                        " AND delivered_at IS NULL ORDER BY created_at, id"
                    ),
                    {"s": sender_id},
                )
            )
            for row in rows:
                conn.execute(
                    sa.text("UPDATE counsel_outbox SET delivered_at = :t WHERE id = :id"), {"t": now, "id": row[0]}
                )
        return [(r[1], r[2]) for r in rows]

    def has_messages(self, sender_id: str) -> bool:
        return (
            self._one(
                sa.text("SELECT 1 FROM counsel_outbox WHERE sender_id = :s AND delivered_at IS NULL"), s=sender_id
            )
            is not None
        )

    # --- notes ------------------------------------------------------------------------------------------------
    def add_note(self, sender_id: str, counsellor_id: str, body: str, include: bool, now: float) -> str:
        nid = new_id()
        self._run(
            sa.text(
                "INSERT INTO counsel_notes (id, sender_id, counsellor_id, body, include, created_at)"
                " VALUES (:id, :s, :c, :b, :i, :t)"
            ),
            id=nid,
            s=sender_id,
            c=counsellor_id,
            b=body,
            i=int(include),
            t=now,
        )
        return nid

    def set_note_include(self, note_id: str, sender_id: str, counsellor_id: str, include: bool) -> bool:
        return bool(
            self._run(
                sa.text(
                    "UPDATE counsel_notes SET include = :i WHERE id = :id AND sender_id = :s AND counsellor_id = :c"
                ),
                i=int(include),
                id=note_id,
                s=sender_id,
                c=counsellor_id,
            )
        )

    def notes(self, sender_id: str, counsellor_id: str | None = None) -> list[Note]:
        """A counsellor's own notes on this pupil (all counsellors' with None: for the report's included notes)."""
        rows = self._all(
            sa.text(
                "SELECT n.id, n.counsellor_id, c.display_name, n.body, n.include, n.created_at"
                " FROM counsel_notes n JOIN counsellors c ON c.id = n.counsellor_id"
                " WHERE n.sender_id = :s AND (:c IS NULL OR n.counsellor_id = :c) ORDER BY n.created_at"
            ),
            s=sender_id,
            c=counsellor_id,
        )
        return [Note(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    # --- audit log ---------------------------------------------------------------------------------------------
    def audit(
        self, counsellor_id: str, sender_id: str | None, action: str, detail: str = "", now: float | None = None
    ) -> None:
        self._run(
            sa.text(
                "INSERT INTO counsel_audit (id, at, counsellor_id, sender_id, action, detail)"
                " VALUES (:id, :at, :c, :s, :a, :d)"
            ),
            id=new_id(),
            at=now if now is not None else time.time(),
            c=counsellor_id,
            s=sender_id,
            a=action,
            d=detail[:200],
        )

    def audit_log(self, sender_id: str | None = None, limit: int = 500) -> list[AuditRow]:
        rows = self._all(
            sa.text(
                "SELECT a.at, COALESCE(c.display_name, a.counsellor_id), a.sender_id, a.action, a.detail"
                " FROM counsel_audit a LEFT JOIN counsellors c ON c.id = a.counsellor_id"
                " WHERE (:s IS NULL OR a.sender_id = :s) ORDER BY a.at DESC LIMIT :n"
            ),
            s=sender_id,
            n=limit,
        )
        return [AuditRow(*r) for r in rows]

    def viewers(self, sender_id: str) -> list[tuple[str, float, float]]:
        """Who looked at this conversation: (name, first, last), for "wie heeft meegekeken?"."""
        rows = self._all(
            sa.text(
                "SELECT COALESCE(c.display_name, a.counsellor_id), MIN(a.at), MAX(a.at)"
                " FROM counsel_audit a LEFT JOIN counsellors c ON c.id = a.counsellor_id"
                " WHERE a.sender_id = :s GROUP BY COALESCE(c.display_name, a.counsellor_id)"
                " ORDER BY MIN(a.at)"
            ),
            s=sender_id,
        )
        return [(r[0], r[1], r[2]) for r in rows]

    # --- classes ----------------------------------------------------------------------------------------------
    def new_class(self, counsellor_id: str, name: str, now: float) -> ClassSession:
        while True:
            code = "".join(secrets.choice("0123456789") for _ in range(CLASS_CODE_DIGITS))
            if self._one(sa.text("SELECT 1 FROM classes WHERE code = :c AND expires_at > :t"), c=code, t=now) is None:
                break
        self._run(sa.text("DELETE FROM classes WHERE code = :c"), c=code)
        cid = new_id()
        self._run(
            sa.text(
                "INSERT INTO classes (id, code, counsellor_id, name, created_at, expires_at)"
                " VALUES (:id, :code, :c, :n, :t, :e)"
            ),
            id=cid,
            code=code,
            c=counsellor_id,
            n=name[:80] or code,
            t=now,
            e=now + CLASS_SECONDS,
        )
        found = self.class_session(cid)
        assert found is not None
        return found

    def class_session(self, class_id: str) -> ClassSession | None:
        row = self._one(
            sa.text("SELECT id, code, counsellor_id, name, created_at, expires_at FROM classes WHERE id = :id"),
            id=class_id,
        )
        return ClassSession(*row) if row else None

    def class_by_code(self, code: str, now: float) -> ClassSession | None:
        row = self._one(
            sa.text(
                "SELECT id, code, counsellor_id, name, created_at, expires_at FROM classes"
                " WHERE code = :c AND expires_at > :t"
            ),
            c=code,
            t=now,
        )
        return ClassSession(*row) if row else None

    def classes_by(self, counsellor_id: str, now: float) -> list[ClassSession]:
        rows = self._all(
            sa.text(
                "SELECT id, code, counsellor_id, name, created_at, expires_at FROM classes"
                " WHERE counsellor_id = :c AND expires_at > :t ORDER BY created_at DESC"
            ),
            c=counsellor_id,
            t=now,
        )
        return [ClassSession(*r) for r in rows]

    def join_class(self, class_id: str, sender_id: str, now: float) -> None:
        with self._begin() as conn:
            if (
                conn.execute(
                    sa.text("SELECT 1 FROM class_members WHERE class_id = :c AND sender_id = :s"),
                    {"c": class_id, "s": sender_id},
                ).first()
                is None
            ):
                conn.execute(
                    sa.text("INSERT INTO class_members (class_id, sender_id, joined_at) VALUES (:c, :s, :t)"),
                    {"c": class_id, "s": sender_id, "t": now},
                )

    def set_consent(self, class_id: str, sender_id: str, consent: bool) -> None:
        self._run(
            sa.text("UPDATE class_members SET consent = :v WHERE class_id = :c AND sender_id = :s"),
            v=int(consent),
            c=class_id,
            s=sender_id,
        )

    def classes_of(self, sender_id: str) -> list[str]:
        return [
            r[0] for r in self._all(sa.text("SELECT class_id FROM class_members WHERE sender_id = :s"), s=sender_id)
        ]

    def members(self, class_id: str) -> list[Member]:
        rows = self._all(
            sa.text(
                "SELECT m.sender_id, m.joined_at, m.consent, COALESCE(p.turns, 0), p.last_turn_at,"
                " p.last_progress_at, COALESCE(p.failed_in_row, 0), p.advice_at, COALESCE(p.known, 0)"
                " FROM class_members m LEFT JOIN pupil_progress p ON p.sender_id = m.sender_id"
                " WHERE m.class_id = :c ORDER BY m.joined_at"
            ),
            c=class_id,
        )
        return [Member(r[0], r[1], None if r[2] is None else bool(r[2]), *r[3:]) for r in rows]

    # --- progress (class mode) and what the chat waits for ----------------------------------------------------
    def record_turn(self, sender_id: str, known: int, advised: bool, now: float) -> None:
        """One pupil turn: progress is a new answer or the first advice; two turns without it count as stuck."""
        with self._begin() as conn:
            row = conn.execute(
                sa.text("SELECT known, advice_at FROM pupil_progress WHERE sender_id = :s"), {"s": sender_id}
            ).first()
            if row is None:
                conn.execute(
                    sa.text(
                        "INSERT INTO pupil_progress (sender_id, turns, last_turn_at, last_progress_at,"
                        " failed_in_row, advice_at, known) VALUES (:s, 1, :t, :t, 0, :a, :k)"
                    ),
                    {"s": sender_id, "t": now, "a": now if advised else None, "k": known},
                )
                return
            progressed = known > row[0] or (advised and row[1] is None)
            conn.execute(
                sa.text(
                    "UPDATE pupil_progress SET turns = turns + 1, last_turn_at = :t, known = :k,"
                    " last_progress_at = CASE WHEN :p = 1 THEN :t ELSE last_progress_at END,"
                    " failed_in_row = CASE WHEN :p = 1 THEN 0 ELSE failed_in_row + 1 END,"
                    " advice_at = COALESCE(advice_at, :a) WHERE sender_id = :s"
                ),
                {
                    "t": now,
                    "k": max(known, row[0]),
                    "p": int(progressed),
                    "a": now if advised else None,
                    "s": sender_id,
                },
            )

    def pending(self, sender_id: str) -> str | None:
        row = self._one(sa.text("SELECT pending FROM pupil_progress WHERE sender_id = :s"), s=sender_id)
        return row[0] if row else None

    def set_pending(self, sender_id: str, pending: str | None, now: float) -> None:
        with self._begin() as conn:
            if not conn.execute(
                sa.text("UPDATE pupil_progress SET pending = :p WHERE sender_id = :s"), {"p": pending, "s": sender_id}
            ).rowcount:
                conn.execute(
                    sa.text(
                        "INSERT INTO pupil_progress (sender_id, turns, last_turn_at, last_progress_at,"
                        " failed_in_row, known, pending) VALUES (:s, 0, :t, :t, 0, 0, :p)"
                    ),
                    {"s": sender_id, "t": now, "p": pending},
                )

    # --- report links -----------------------------------------------------------------------------------------
    def new_report_link(self, sender_id: str, now: float, seconds: float) -> str:
        token = secrets.token_urlsafe(24)
        self._run(
            sa.text("INSERT INTO report_links (token_hash, sender_id, created_at, expires_at) VALUES (:h, :s, :t, :e)"),
            h=token_hash(token),
            s=sender_id,
            t=now,
            e=now + seconds,
        )
        return token

    def report_link(self, token: str, now: float) -> str | None:
        row = self._one(
            sa.text("SELECT sender_id FROM report_links WHERE token_hash = :h AND expires_at > :t"),
            h=token_hash(token),
            t=now,
        )
        return row[0] if row else None

    # --- erasure and retention --------------------------------------------------------------------------------
    def forget(self, sender_id: str) -> int:
        """Everything about one conversation; the audit log keeps who did what, but no longer to whom."""
        removed = 0
        with self._begin() as conn:
            for statement in FORGET:
                removed += int(_exec(conn, statement, {"s": sender_id}).rowcount or 0)
            conn.execute(
                sa.text("UPDATE counsel_audit SET sender_id = :e WHERE sender_id = :s"), {"e": ERASED, "s": sender_id}
            )
        return removed

    def purge(self, cutoff: float) -> int:
        """Rows older than the cutoff: codes, links, logins, classes, the audit log, and the pupils' rows."""
        removed = 0
        with self._begin() as conn:
            for statement in PURGE:
                removed += int(_exec(conn, statement, {"c": cutoff}).rowcount or 0)
        return removed

    def counts(self) -> dict[str, int]:
        with self._begin() as conn:
            return {table: int(_exec(conn, statement).scalar() or 0) for table, statement in COUNTS}


def _exec(conn: Any, sql: sa.TextClause, params: Mapping[str, Any] | None = None) -> Any:
    """The one place the store runs SQL: always a fixed ``sa.text`` statement, values only as parameters."""
    return conn.execute(sql, dict(params or {}))


class _Locked:
    """A transaction under the store's lock: SQLite's one connection is shared by threads."""

    def __init__(self, lock: threading.RLock, engine: sa.engine.Engine) -> None:
        self.lock, self.engine = lock, engine
        self.ctx: Any = None

    def __enter__(self) -> Any:
        self.lock.acquire()
        try:
            self.ctx = self.engine.begin()
            return self.ctx.__enter__()
        except BaseException:
            self.lock.release()
            raise

    def __exit__(self, *exc: Any) -> None:
        try:
            self.ctx.__exit__(*exc)
        finally:
            self.lock.release()


def _counsellor(row: Any) -> Counsellor | None:
    if row is None:
        return None
    return Counsellor(row[0], row[1], row[2], row[3], bool(row[4]), int(row[5] or 0), float(row[6] or 0))


_shared: dict[str, CounselStore] = {}
_shared_lock = threading.Lock()


def shared(url: str | None = None) -> CounselStore:
    """One store per database URL and process."""
    key = url or default_url()
    with _shared_lock:
        if key not in _shared:
            _shared[key] = CounselStore(key)
        return _shared[key]
