"""Operator settings from kansrijk.yml (school, channel edge, privacy); the path can be set with KANSRIJK_SETTINGS."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .i18n import Text
from .paths import ROOT


@dataclass(frozen=True)
class EdgeSettings:
    max_message_chars: int = 1000
    sender_per_minute: float = 30
    sender_burst: float = 8
    client_per_minute: float = 600
    client_burst: float = 60
    turn_timeout_seconds: float = 9
    action_timeout_seconds: float = 6
    allowed_origins: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    school_name: str
    fictional: bool
    contact: Text
    edge: EdgeSettings = EdgeSettings()
    retention_days: int = 30


def _edge(doc: dict[str, Any]) -> EdgeSettings:
    defaults = EdgeSettings()
    values: dict[str, Any] = {}
    for name, default in defaults.__dict__.items():
        if name not in doc:
            continue
        raw = doc[name]
        if name == "allowed_origins":
            origins = tuple(str(o).rstrip("/") for o in (raw or []))
            bad = [o for o in origins if any(ch in o for ch in "*?[]\\") or "://" not in o]
            if bad:
                raise ValueError(f"edge.allowed_origins must be exact origins like https://school.nl, not {bad}")
            values[name] = origins
        else:
            number = type(default)(raw)
            if number <= 0:
                raise ValueError(f"edge.{name} must be positive, not {raw!r}")
            values[name] = number
    return EdgeSettings(**{**defaults.__dict__, **values})


@lru_cache(maxsize=None)
def load(path: str | None = None) -> Settings:
    source = Path(path or os.environ.get("KANSRIJK_SETTINGS", ROOT / "kansrijk.yml"))
    doc = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    school = doc.get("school") or {}
    privacy = doc.get("privacy") or {}
    retention = int(privacy.get("retention_days", 30))
    if retention < 1:
        raise ValueError(f"privacy.retention_days must be at least 1, not {retention}")
    return Settings(
        school_name=str(school.get("name", "")),
        fictional=bool(school.get("fictional", False)),
        contact=Text(str(school.get("contact_nl", "je decaan")), str(school.get("contact_en", "your careers counsellor"))),
        edge=_edge(doc.get("edge") or {}),
        retention_days=retention,
    )
