"""Operator settings from kansrijk.yml (school, channel edge, privacy); the path can be set with KANSRIJK_SETTINGS."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .i18n import Text
from .paths import ROOT
from .texts import text

MAX_TRUSTED_PROXIES = 5
HEADER_NAME = re.compile(r"^[A-Za-z0-9-]{1,64}\Z")


@dataclass(frozen=True)
class EdgeSettings:
    max_message_chars: int = 1000
    # float literals: a value is read as the type of its default, and 0.5 must not become 0
    sender_per_minute: float = 30.0
    sender_burst: float = 8.0
    client_per_minute: float = 600.0
    client_burst: float = 60.0
    turn_timeout_seconds: float = 9.0
    action_timeout_seconds: float = 6.0
    # Counsellor logins from one client address (wrong passwords also lock the account: bot/counsel/auth.py).
    login_per_minute: float = 10.0
    login_burst: float = 10.0
    allowed_origins: tuple[str, ...] = ()
    # The reverse proxy in front of the bot (README, "First, a public HTTPS address"); none by default.
    trusted_proxies: int = 0  # proxies that append to X-Forwarded-For: the client is the entry this many from the end
    real_ip_header: str = ""  # or: the header the proxy overwrites with the client's address, e.g. X-Real-IP

    @property
    def behind_proxy(self) -> bool:
        return bool(self.trusted_proxies or self.real_ip_header)


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
        elif name == "trusted_proxies":
            if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_TRUSTED_PROXIES:
                raise ValueError(
                    f"edge.trusted_proxies must be a whole number from 0 (no proxy) to "
                    f"{MAX_TRUSTED_PROXIES}, not {raw!r}"
                )
            values[name] = raw
        elif name == "real_ip_header":
            header = "" if raw is None else str(raw).strip()
            if header and not HEADER_NAME.match(header):
                raise ValueError(f"edge.real_ip_header must be a header name like X-Real-IP, not {raw!r}")
            values[name] = header
        else:
            number = type(default)(raw)
            if number <= 0:
                raise ValueError(f"edge.{name} must be positive, not {raw!r}")
            values[name] = number
    if values.get("trusted_proxies") and values.get("real_ip_header"):
        raise ValueError(
            'set edge.trusted_proxies or edge.real_ip_header, not both (README, "First, a public HTTPS address")'
        )
    return EdgeSettings(**{**defaults.__dict__, **values})


@cache
def load(path: str | None = None) -> Settings:
    source = Path(path) if path else Path(os.environ.get("KANSRIJK_SETTINGS", str(ROOT / "kansrijk.yml")))
    doc = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    school = doc.get("school") or {}
    privacy = doc.get("privacy") or {}
    retention = int(privacy.get("retention_days", 30))
    if retention < 1:
        raise ValueError(f"privacy.retention_days must be at least 1, not {retention}")
    contact = text("settings.contact_default")  # when kansrijk.yml names no contact
    return Settings(
        school_name=str(school.get("name", "")),
        fictional=bool(school.get("fictional", False)),
        contact=Text(str(school.get("contact_nl", contact.nl)), str(school.get("contact_en", contact.en))),
        edge=_edge(doc.get("edge") or {}),
        retention_days=retention,
    )
