"""Where the project keeps its sources and build outputs (overridable through the environment)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("KANSRIJK_DATA_DIR", ROOT / "data" / "catalog"))
BUILD_DIR = ROOT / "build"
# Graded example texts the advice learns from (bot/catalog/examples.py): the relevance benchmark's cases
EXAMPLES_DIR = Path(os.environ.get("KANSRIJK_EXAMPLES_DIR", ROOT / "bench" / "relevance"))


def catalog_db() -> Path:
    return Path(os.environ.get("KANSRIJK_CATALOG_DB", BUILD_DIR / "catalog.db"))


def state_db() -> Path:
    """The project's own operational store (message journal, continuity codes); never the catalogue."""
    return Path(os.environ.get("KANSRIJK_STATE_DB", BUILD_DIR / "state.db"))


def tracker_db() -> Path:
    """Rasa's SQLite tracker store, as endpoints.yml configures it through TRACKER_DB."""
    return Path(os.environ.get("TRACKER_DB", BUILD_DIR / "tracker.db"))


def database_url() -> str | None:
    """The shared SQL database of a multi-server deployment (PostgreSQL), or None: each store's SQLite file."""
    return os.environ.get("KANSRIJK_DATABASE_URL") or None


def redis_url() -> str | None:
    """Redis for the lock store, the rate limits and socket.io across servers, or None: in-process."""
    return os.environ.get("KANSRIJK_REDIS_URL") or None
