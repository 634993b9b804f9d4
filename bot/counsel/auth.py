"""Passwords, tokens and the lockout rule for counsellor accounts.

Passwords are hashed with argon2id (argon2-cffi's defaults: 64 MiB, 3 passes); a hash and a check each take tens
of milliseconds of CPU, so the web server runs them in a thread, off the event loop. A login for an unknown
name still checks a password against a dummy hash, so the answer time does not tell which names exist.
"""

from __future__ import annotations

import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_CHARS = 12
MAX_FAILURES = 5  # wrong passwords in a row before the account locks
LOCK_SECONDS = 15 * 60

_hasher = PasswordHasher()
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))


def check_new_password(password: str) -> None:
    """Raise ValueError (in Dutch and English) for a password too short to keep out a guesser."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(
            f"Het wachtwoord moet minstens {MIN_PASSWORD_CHARS} tekens hebben. / "
            f"The password needs at least {MIN_PASSWORD_CHARS} characters."
        )


def hash_password(password: str) -> str:
    check_new_password(password)
    return _hasher.hash(password)


def verify_password(pw_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(pw_hash or _DUMMY, password) and pw_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(pw_hash: str) -> bool:
    return _hasher.check_needs_rehash(pw_hash)


def same_token(given: str | None, expected: str) -> bool:
    """Constant-time comparison for CSRF tokens."""
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())
