"""Operator settings from kansrijk.yml (school name and contact); the path can be set with KANSRIJK_SETTINGS."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .i18n import Text
from .paths import ROOT


@dataclass(frozen=True)
class Settings:
    school_name: str
    fictional: bool
    contact: Text


@lru_cache(maxsize=None)
def load(path: str | None = None) -> Settings:
    source = Path(path or os.environ.get("KANSRIJK_SETTINGS", ROOT / "kansrijk.yml"))
    doc = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    school = doc.get("school") or {}
    return Settings(
        school_name=str(school.get("name", "")),
        fictional=bool(school.get("fictional", False)),
        contact=Text(str(school.get("contact_nl", "je decaan")), str(school.get("contact_en", "your careers counsellor"))),
    )
