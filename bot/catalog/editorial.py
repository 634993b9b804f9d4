"""Import the editorial texts beside the interest profiles: non-technical fields and per-qualification descriptions.

Both are written by the Kansrijk team (not SBB data); the importer checks them against the official crebo table
so a renamed or removed qualification is caught at build time instead of showing a wrong text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import located
from .errors import CatalogImportError
from .interests import word_list

TEXT_LIMIT = 320  # a description is read on a phone: two short sentences


def _text(path: Path, line: int, what: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogImportError(path, line, f"{what}: expected a text")
    return value.strip()


def _subgroups(path: Path, line: int, key: str, value: Any) -> list[str]:
    """SBB subgroup codes ("sg052") whose non-technical qualification names also name this field."""
    codes = word_list(path, line, f"field {key} subgroepen", value) if value else []
    bad = [c for c in codes if not re.fullmatch(r"sg\d{3}", c)]
    if bad:
        raise CatalogImportError(path, line, f"field {key} subgroepen: not an SBB subgroup code: {', '.join(bad)}")
    return codes


def read_other_fields(
    path: Path, known_dossier: Callable[[str], bool], known_crebo: Callable[[str], bool]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (fields, bridges): one row per non-technical field, one per technical dossier or qualification (its
    code) that honestly shares something with it."""
    doc = located.read_source(path, "YAML")
    if not isinstance(doc, dict) or not isinstance(doc.get("fields"), dict):
        raise CatalogImportError(path, 1, "expected a 'fields' mapping")
    fields, bridges = [], []
    for key, item in doc["fields"].items():
        line = getattr(item, "line", 0)
        if not isinstance(item, dict):
            raise CatalogImportError(path, line, f"field {key}: expected a mapping")
        fields.append(
            {
                "field": str(key),
                "name_nl": _text(path, line, f"field {key} name_nl", item.get("name_nl")),
                "name_en": _text(path, line, f"field {key} name_en", item.get("name_en")),
                "phrases_nl": "|".join(word_list(path, line, f"field {key} phrases_nl", item.get("phrases_nl"))),
                "phrases_en": "|".join(word_list(path, line, f"field {key} phrases_en", item.get("phrases_en"))),
                "subgroepen": "|".join(_subgroups(path, line, str(key), item.get("subgroepen") or [])),
                "desk": _flag(path, line, f"field {key} desk", item.get("desk", False)),
            }
        )
        for bridge in item.get("bridges") or []:
            bline = getattr(bridge, "line", line)
            codes = {
                kind: [str(c) for c in (bridge.get(kind) or [])] if isinstance(bridge, dict) else []
                for kind in ("dossiers", "qualifications")
            }
            if not codes["dossiers"] and not codes["qualifications"]:
                raise CatalogImportError(path, bline, f"field {key}: a bridge needs dossiers or qualifications")
            unknown = [d for d in codes["dossiers"] if not known_dossier(d)] + [
                q for q in codes["qualifications"] if not known_crebo(q)
            ]
            if unknown:
                raise CatalogImportError(path, bline, f"field {key}: unknown code(s) {', '.join(unknown)}")
            reason_nl = _text(path, bline, f"field {key} bridge reason_nl", bridge.get("reason_nl"))
            reason_en = _text(path, bline, f"field {key} bridge reason_en", bridge.get("reason_en"))
            bridges += [
                {"field": str(key), "code": c, "reason_nl": reason_nl, "reason_en": reason_en}
                for c in codes["dossiers"] + codes["qualifications"]
            ]
    return fields, bridges


BESIDE_OTHER_KINDS = ("everyday_nl", "everyday_en", "employers", "shops", "workplaces")


def read_beside_other(path: Path) -> list[dict[str, str]]:
    """One row (kind, word) per word of the ``beside_other`` lists: words that belong to a non-technical field's work
    when one is named (bot/textmatch.py)."""
    doc = located.read_source(path, "YAML")
    section = doc.get("beside_other") if isinstance(doc, dict) else None
    if section is None:
        return []
    line = getattr(section, "line", 0)
    if not isinstance(section, dict) or set(section) - set(BESIDE_OTHER_KINDS):
        raise CatalogImportError(path, line, f"beside_other: expected lists named {', '.join(BESIDE_OTHER_KINDS)}")
    return [
        {"kind": kind, "word": word}
        for kind in BESIDE_OTHER_KINDS
        for word in dict.fromkeys(word_list(path, line, f"beside_other {kind}", section.get(kind) or []))
    ]


def _flag(path: Path, line: int, what: str, value: Any) -> int:
    if not isinstance(value, bool):
        raise CatalogImportError(path, line, f"{what}: expected true or false")
    return int(value)


def _qualification(path: Path, crebo: str, item: Any, official_name: Callable[[str], str | None]) -> int:
    """Checks one per-crebo entry of an editorial file (a mapping that repeats the official name, so a typo in a
    code cannot attach text to the wrong course) and gives its line for later errors."""
    line = getattr(item, "line", 0)
    if not isinstance(item, dict):
        raise CatalogImportError(path, line, f"crebo {crebo}: expected a mapping")
    name = official_name(crebo)
    if name is None:
        raise CatalogImportError(path, line, f"unknown crebo {crebo}")
    if item.get("name") != name:
        raise CatalogImportError(path, line, f"crebo {crebo}: name must be {name!r}")
    return line


def read_descriptions(path: Path, official_name: Callable[[str], str | None]) -> list[dict[str, Any]]:
    """One row per qualification: the occupation it leads to and a short description of that work (nl, en)."""
    doc = located.read_source(path, "YAML")
    items = doc.get("qualifications") if isinstance(doc, dict) else None
    if not isinstance(items, dict):
        raise CatalogImportError(path, 1, "expected a 'qualifications' mapping")
    rows = []
    for crebo, item in items.items():
        crebo = str(crebo)
        line = _qualification(path, crebo, item, official_name)
        row = {"crebo": crebo}
        for lang in ("nl", "en"):
            occupation = _text(path, line, f"crebo {crebo} occupation_{lang}", item.get(f"occupation_{lang}"))
            text = _text(path, line, f"crebo {crebo} text_{lang}", item.get(f"text_{lang}"))
            if occupation.lower() not in text.lower():
                raise CatalogImportError(
                    path, line, f"crebo {crebo}: text_{lang} must name the occupation {occupation!r}"
                )
            if len(text) > TEXT_LIMIT:
                raise CatalogImportError(
                    path, line, f"crebo {crebo}: text_{lang} is longer than {TEXT_LIMIT} characters"
                )
            row[f"occupation_{lang}"], row[f"text_{lang}"] = occupation, text
        rows.append(row)
    return rows


def read_vocabulary(paths: list[Path], official_name: Callable[[str], str | None]) -> list[dict[str, Any]]:
    """One row per qualification: the words and phrases people use for its work (nl, en), from the vocabulary files
    (data/catalog/vocabulary/*.yml, each a mapping crebo -> name, nl, en)."""
    rows: dict[str, dict[str, Any]] = {}
    for path in paths:
        doc = located.read_source(path, "YAML")
        if not isinstance(doc, dict):
            raise CatalogImportError(path, 1, "expected a mapping of crebo codes")
        for crebo, item in doc.items():
            crebo = str(crebo)
            line = _qualification(path, crebo, item, official_name)
            if crebo in rows:
                raise CatalogImportError(path, line, f"crebo {crebo}: already in {rows[crebo]['file']}")
            rows[crebo] = {
                "crebo": crebo,
                "file": path.name,
                **{
                    f"phrases_{lang}": "|".join(word_list(path, line, f"crebo {crebo} {lang}", item.get(lang)))
                    for lang in ("nl", "en")
                },
            }
    return list(rows.values())
