"""Graded example texts: what people typed about their interests, and the courses a decaan names for each.

The source is the relevance benchmark's cases (bench/relevance/cases_*.yml, issue 14): texts written by a team
member who did not run the bot or by helpers who saw only the SBB qualification table, graded 2 (the work the text
describes) or 1 (a neighbour a decaan also names). A file marked ``blind: true`` is a test set and is never read
here, so its figures stay a test of what the advice learns from the others (bot/learned.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import located
from .errors import CatalogImportError


@dataclass(frozen=True)
class Example:
    id: str  # the case's id ("dev3-nl-012"): its set, for measuring each set without its own examples
    lang: str
    text: str
    grades: dict[str, int]  # crebo -> 2 (the work the text describes) or 1 (a neighbour)


def example_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("cases_*.yml"))


def read_examples(paths: list[Path], courses: dict[str, str]) -> list[dict[str, Any]]:
    """One row per graded technical text of the files not marked blind: id, lang, text, and its grades per current
    technical qualification ("25242:2|25244:1"). A key is a crebo (that qualification) or a dossier code (all its
    qualifications; a crebo key of the same dossier overrides it); ``courses``: crebo -> dossier code of the current
    technical qualifications (a code of an older series is not shown, so not learned)."""
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in paths:
        doc = located.read_source(path, "YAML")
        if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
            raise CatalogImportError(path, 1, "expected a mapping with a 'cases' list")
        if doc.get("blind") is True:
            continue
        for raw in doc["cases"]:
            line = getattr(raw, "line", 0)
            if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("id", "lang", "text")):
                raise CatalogImportError(path, line, "each case needs an id, a lang and a text")
            if raw["id"] in seen:
                raise CatalogImportError(path, line, f"case {raw['id']}: already in {seen[raw['id']]}")
            seen[raw["id"]] = path.name
            grades = _grades(path, line, raw, courses)
            if grades:
                rows.append(
                    {
                        "id": raw["id"],
                        "lang": raw["lang"],
                        "text": raw["text"],
                        "grades": "|".join(f"{c}:{g}" for c, g in sorted(grades.items())),
                    }
                )
    return rows


def _grades(path: Path, line: int, raw: dict[str, Any], courses: dict[str, str]) -> dict[str, int]:
    given = raw.get("grades") or {}
    if not isinstance(given, dict) or any(isinstance(g, bool) or g not in (1, 2) for g in given.values()):
        raise CatalogImportError(path, line, f"case {raw['id']}: grades must map codes to 1 or 2")
    given = {str(k): int(v) for k, v in given.items()}
    return {
        crebo: given.get(crebo, given.get(dossier, 0))
        for crebo, dossier in courses.items()
        if crebo in given or dossier in given
    }


def parse_grades(value: str) -> dict[str, int]:
    """The grades column back: "25242:2|25244:1" -> {"25242": 2, "25244": 1}."""
    return {crebo: int(g) for crebo, g in (item.split(":") for item in value.split("|") if item)}
