"""Import the national SBB qualification table (crebo codes) and decide which codes are technical and current.

The importer accepts exactly the column layout of SBB's decoding table as published in
cedanl/mbo-bekostiging-bestanden (``crebo.csv``), so a newer export of the same source can be re-imported.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import located
from .errors import CatalogImportError

COLUMNS = (
    "code",
    "naam",
    "niveau",
    "niveau_naam",
    "leerweg",
    "hoofdgroep_code",
    "hoofdgroep_naam",
    "subgroep_code",
    "subgroep_naam",
    "dossier_code",
    "dossier_naam",
    "sectorkamer_code",
    "sectorkamer_naam",
)
ROUTE_TOKENS = {"BOL", "BBL", "OVO", "CBL", "COL"}
LEVEL_NAMES = {
    "",
    "entreeopleiding",
    "basisberoepsopleiding",
    "vakopleiding",
    "middenkaderopleiding",
    "specialistenopleiding",
    "andere_opleiding",
}
_CODE = re.compile(r"^\d{5}\Z")


@dataclass(frozen=True)
class Rules:
    sectorkamers: frozenset[str]
    hoofdgroepen: frozenset[str]
    exclude_subgroepen: frozenset[str]
    entree: frozenset[str]
    current_prefixes: tuple[str, ...]

    @classmethod
    def load(cls, path: Path) -> Rules:
        doc = located.read_source(path, "YAML")
        try:
            tech = doc["technical"]
            return cls(
                sectorkamers=frozenset(str(x) for x in tech["sectorkamers"]),
                hoofdgroepen=frozenset(str(x) for x in tech["hoofdgroepen"]),
                exclude_subgroepen=frozenset(str(x) for x in tech.get("exclude_subgroepen", [])),
                entree=frozenset(str(x) for x in tech.get("entree", [])),
                current_prefixes=tuple(str(x) for x in doc["current_series"]["qualification_prefixes"]),
            )
        except (KeyError, TypeError) as exc:
            raise CatalogImportError(path, getattr(doc, "line", None), f"bad rules file: missing {exc}") from exc


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) after checking the header and each row's shape."""
    with located.open_csv(path) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise CatalogImportError(path, 1, "file is empty") from None
        except csv.Error as exc:
            raise CatalogImportError(path, 1, f"malformed CSV: {exc}") from exc
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise CatalogImportError(path, 1, f"missing column(s): {', '.join(missing)}")
        seen: set[str] = set()
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CatalogImportError(path, reader.line_num, f"malformed CSV: {exc}") from exc
            line = reader.line_num
            if not values:
                continue
            if len(values) != len(header):
                raise CatalogImportError(path, line, f"expected {len(header)} fields, found {len(values)}")
            row = dict(zip(header, (v.strip() for v in values)))
            _check_row(path, line, row, seen)
            yield line, row


def _check_row(path: Path, line: int, row: dict[str, str], seen: set[str]) -> None:
    code = row["code"]
    if not _CODE.match(code):
        raise CatalogImportError(path, line, f"crebo code must be 5 digits, found {code!r}")
    if code in seen:
        raise CatalogImportError(path, line, f"duplicate crebo code {code}")
    seen.add(code)
    if not row["naam"]:
        raise CatalogImportError(path, line, f"crebo {code} has no name")
    if row["niveau"] not in {"", "1", "2", "3", "4"}:
        raise CatalogImportError(path, line, f"crebo {code}: level must be 1-4 or empty, found {row['niveau']!r}")
    if row["niveau_naam"] not in LEVEL_NAMES:
        raise CatalogImportError(path, line, f"crebo {code}: unknown niveau_naam {row['niveau_naam']!r}")
    routes = [r for r in row["leerweg"].split(",") if r]
    unknown = [r for r in routes if r not in ROUTE_TOKENS]
    if unknown:
        raise CatalogImportError(path, line, f"crebo {code}: unknown leerweg {', '.join(unknown)}")
    if not row["dossier_code"].isdigit():  # "0" marks rows not tied to one dossier
        raise CatalogImportError(path, line, f"crebo {code}: dossier code must be a number")


def _norm_name(name: str) -> str:
    """ "Chemisch-fysisch analist" (25046) and "Chemisch fysisch analist" (25952) are one qualification."""
    return re.sub(r"[\s\-]+", " ", name.lower()).strip()


def is_technical(row: dict[str, str], rules: Rules) -> bool:
    if row["code"] in rules.entree:
        return True
    if row["subgroep_code"] in rules.exclude_subgroepen:
        return False
    return row["sectorkamer_code"] in rules.sectorkamers or row["hoofdgroep_code"] in rules.hoofdgroepen


def load_successors(path: Path) -> dict[str, tuple[str, str]]:
    """Curated old -> new crebo pairs: {old: (new, reason)}."""
    result: dict[str, tuple[str, str]] = {}
    with located.open_csv(path) as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            old, new = (row.get("old_crebo") or "").strip(), (row.get("new_crebo") or "").strip()
            if not (_CODE.match(old) and _CODE.match(new)):
                raise CatalogImportError(path, reader.line_num, "old_crebo and new_crebo must be 5-digit codes")
            result[old] = (new, f"{row.get('reason', '').strip()} [{row.get('confidence', '').strip()}]")
    return result


def build_records(path: Path, rules: Rules, successors: dict[str, tuple[str, str]]) -> list[dict[str, object]]:
    """Turn the table into catalogue records with ``technical``, ``current`` and ``superseded_by`` decided."""
    rows = list(read_rows(path))
    codes = {row["code"] for _, row in rows}
    for new, _ in successors.values():
        if new not in codes:
            raise CatalogImportError(path, None, f"successor list names crebo {new}, which the table does not have")
    # The highest code with the same name and level supersedes lower ones (SBB re-codes revised dossiers upward).
    newest: dict[tuple[str, str], str] = {}
    for _, row in rows:
        if row["code"].startswith(rules.current_prefixes) and row["niveau"]:
            key = (_norm_name(row["naam"]), row["niveau"])
            newest[key] = max(newest.get(key, row["code"]), row["code"])
    records: list[dict[str, object]] = []
    for line, row in rows:
        code = row["code"]
        in_series = code.startswith(rules.current_prefixes) and bool(row["niveau"])
        superseded_by, reason = None, None
        if code in successors:
            superseded_by, reason = successors[code]
        elif in_series and newest[(_norm_name(row["naam"]), row["niveau"])] != code:
            superseded_by = newest[(_norm_name(row["naam"]), row["niveau"])]
            reason = "a newer crebo with the same name and level exists [A]"
        records.append(
            {
                "crebo": code,
                "name": row["naam"],
                "level": int(row["niveau"]) if row["niveau"] else None,
                "level_name": row["niveau_naam"],
                "routes": ",".join(r for r in row["leerweg"].split(",") if r in ("BOL", "BBL")),
                "hoofdgroep_code": row["hoofdgroep_code"],
                "hoofdgroep_name": row["hoofdgroep_naam"],
                "subgroep_code": row["subgroep_code"],
                "subgroep_name": row["subgroep_naam"],
                "dossier_code": row["dossier_code"],
                "dossier_name": row["dossier_naam"],
                "sectorkamer_code": row["sectorkamer_code"],
                "sectorkamer_name": row["sectorkamer_naam"],
                "technical": is_technical(row, rules),
                "current_series": in_series,
                "superseded_by": superseded_by,
                "superseded_reason": reason,
                "source_line": line,
            }
        )
    return records
