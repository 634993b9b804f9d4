"""Import labour-market signals: sourced sector figures (YAML) and SBB "kans op werk" per crebo and region (CSV)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import located
from .errors import CatalogImportError

# SBB's five-step scale for kans op werk / stage / leerbaan (../shared/research/study-choice-tools.md §1.2).
KANS_SCALE = {
    "++": 2,
    "goed": 2,
    "goede kansen": 2,
    "+": 1,
    "ruim voldoende": 1,
    "=": 0,
    "voldoende": 0,
    "evenwicht": 0,
    "-": -1,
    "matig": -1,
    "matige": -1,
    "--": -2,
    "gering": -2,
    "geringe": -2,
}
KANS_COLUMNS = ("crebo", "regio", "kans_op_werk", "peildatum", "bron")


def read_signals(path: Path, known_dossier: Callable[[str], bool]) -> list[dict[str, Any]]:
    doc = located.read_source(path, "YAML")
    signals = doc.get("signals") if isinstance(doc, dict) else None
    if not isinstance(signals, list):
        raise CatalogImportError(path, 1, "expected a 'signals' list")
    records, seen = [], set()
    for item in signals:
        line = getattr(item, "line", 0)
        if not isinstance(item, dict):
            raise CatalogImportError(path, line, "each signal must be a mapping")
        for key in ("id", "strength", "applies_to", "text_nl", "text_en", "source", "date"):
            if item.get(key) in (None, ""):
                raise CatalogImportError(path, line, f"signal {item.get('id', '?')}: missing {key!r}")
        if item["id"] in seen:
            raise CatalogImportError(path, line, f"duplicate signal id {item['id']}")
        seen.add(item["id"])
        if item["strength"] not in (0, 1, 2):
            raise CatalogImportError(path, line, f"signal {item['id']}: strength must be 0, 1 or 2")
        scope = item["applies_to"]
        dossiers = [str(d) for d in scope.get("dossiers", [])] if isinstance(scope, dict) else []
        technical = isinstance(scope, dict) and scope.get("technical") is True
        if not dossiers and not technical:
            raise CatalogImportError(path, line, f"signal {item['id']}: applies_to needs dossiers or technical: true")
        unknown = [d for d in dossiers if not known_dossier(d)]
        if unknown:
            raise CatalogImportError(path, line, f"signal {item['id']}: unknown dossier(s) {', '.join(unknown)}")
        levels = [int(x) for x in scope.get("levels", [])] if isinstance(scope, dict) else []
        records.append(
            {
                "signal_id": str(item["id"]),
                "strength": int(item["strength"]),
                "dossiers": ",".join(dossiers),
                "technical": technical,
                "levels": ",".join(map(str, levels)),
                "text_nl": str(item["text_nl"]),
                "text_en": str(item["text_en"]),
                "source": str(item["source"]),
                "date": str(item["date"]),
            }
        )
    return records


def read_kans_op_werk(path: Path, known_crebo: Callable[[str], bool]) -> list[dict[str, Any]]:
    """Per-crebo, per-region SBB kans op werk. Columns: crebo, regio, kans_op_werk, peildatum, bron."""
    records = []
    with located.open_csv(path) as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in KANS_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogImportError(path, 1, f"missing column(s): {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            crebo = (row["crebo"] or "").strip()
            if not known_crebo(crebo):
                raise CatalogImportError(path, line, f"unknown crebo {crebo!r}")
            value = (row["kans_op_werk"] or "").strip().lower()
            if value not in KANS_SCALE:
                raise CatalogImportError(path, line, f"kans_op_werk {value!r} is not on SBB's scale (++ + = - --)")
            region = (row["regio"] or "").strip()
            if not region or not (row["bron"] or "").strip() or not (row["peildatum"] or "").strip():
                raise CatalogImportError(path, line, "regio, peildatum and bron are required")
            records.append(
                {
                    "crebo": crebo,
                    "region": region,
                    "score": KANS_SCALE[value],
                    "label": value,
                    "date": row["peildatum"].strip(),
                    "source": row["bron"].strip(),
                }
            )
    return records
