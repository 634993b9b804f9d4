"""Build the catalogue database from the source files in data/catalog/, all or nothing.

The new database is written next to the old one and swapped in only when every import succeeded, so a bad
source file never leaves a half-built or empty catalogue behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import sqlite_utils

from ..paths import EXAMPLES_DIR
from . import demand, editorial, examples, interests, offers, places, qualifications


@dataclass
class Sources:
    data_dir: Path
    offer_files: list[Path] = field(default_factory=list)
    kans_files: list[Path] = field(default_factory=list)
    include_demo: bool = True
    examples_dir: Path = EXAMPLES_DIR

    @property
    def crebo(self) -> Path:
        return self.data_dir / "crebo.csv"

    def all_offer_files(self) -> list[Path]:
        found = sorted((self.data_dir / "schools").glob("*.json"))
        if not self.include_demo:
            found = [f for f in found if not f.name.startswith("demo")]
        return found + list(self.offer_files)

    def all_kans_files(self) -> list[Path]:
        return sorted((self.data_dir / "demand").glob("kans_op_werk*.csv")) + list(self.kans_files)

    def inputs(self) -> list[Path]:
        fixed = [
            self.crebo,
            self.data_dir / "technical.yml",
            self.data_dir / "successors.csv",
            self.data_dir / "interests.yml",
            self.data_dir / "other_fields.yml",
            self.data_dir / "descriptions.yml",
            self.data_dir / "demand" / "signals.yml",
        ]
        found = self.vocabulary_files() + self.all_offer_files() + self.all_kans_files()
        return fixed + found + examples.example_files(self.examples_dir)

    def vocabulary_files(self) -> list[Path]:
        return sorted((self.data_dir / "vocabulary").glob("*.yml"))


def fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build(
    sources: Sources,
    target: Path,
    log: TextIO = sys.stderr,
    gazetteer: Callable[[], list[dict[str, object]]] | None = None,
) -> dict[str, int]:
    """Import everything into ``target``; raise CatalogImportError (and keep the old file) on bad data."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        counts = _import_all(sources, sqlite_utils.Database(tmp), log, gazetteer)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def _step(log: TextIO, n: int, text: str) -> None:
    print(f"[{n}/6] {text}", file=log, flush=True)


def _import_all(
    sources: Sources, db: sqlite_utils.Database, log: TextIO, gazetteer: Callable[[], list[dict[str, object]]] | None
) -> dict[str, int]:
    rules = qualifications.Rules.load(sources.data_dir / "technical.yml")
    successors = qualifications.load_successors(sources.data_dir / "successors.csv")
    quals = qualifications.build_records(sources.crebo, rules, successors)
    db.table("qualifications").insert_all(quals, pk="crebo")
    technical_current = sum(1 for q in quals if q["technical"] and q["current_series"] and not q["superseded_by"])
    _step(
        log,
        1,
        f"qualifications: {len(quals)} rows from {sources.crebo.name}, {technical_current} technical and current",
    )

    by_crebo = {str(q["crebo"]): q for q in quals}
    dossiers = {str(q["dossier_code"]): str(q["dossier_name"]) for q in quals}
    profiles = interests.read_profiles(
        sources.data_dir / "interests.yml",
        dossiers.get,
        lambda c: (str(by_crebo[c]["name"]), str(by_crebo[c]["dossier_code"])) if c in by_crebo else None,
    )
    db.table("interest_profiles").insert_all(profiles, pk="profile_id")
    fields, bridges = editorial.read_other_fields(
        sources.data_dir / "other_fields.yml", dossiers.__contains__, by_crebo.__contains__
    )
    db.table("other_fields").insert_all(fields, pk="field")
    db.table("other_field_bridges").insert_all(bridges, pk=("field", "code"))
    db.table("beside_other").insert_all(
        editorial.read_beside_other(sources.data_dir / "other_fields.yml"), pk=("kind", "word")
    )

    def official_name(crebo: str) -> str | None:
        return str(by_crebo[crebo]["name"]) if crebo in by_crebo else None

    descriptions = editorial.read_descriptions(sources.data_dir / "descriptions.yml", official_name)
    db.table("descriptions").insert_all(descriptions, pk="crebo")
    vocabulary = editorial.read_vocabulary(sources.vocabulary_files(), official_name)
    db.table("vocabulary").insert_all(vocabulary, pk="crebo")
    current = {str(q["crebo"]): str(q["dossier_code"]) for q in quals if q["technical"] and q["current_series"]}
    graded = examples.read_examples(examples.example_files(sources.examples_dir), current)
    db.table("examples").insert_all(graded, pk="id")
    _step(
        log,
        2,
        f"interest profiles: {len(profiles)}; non-technical fields: {len(fields)}; descriptions: {len(descriptions)}; "
        f"vocabulary: {len(vocabulary)}; graded example texts: {len(graded)}"
        + ("" if graded else f" (none in {sources.examples_dir}: the advice orders courses by their words alone)"),
    )

    place_rows = list(gazetteer() if gazetteer else places.gazetteer_places())
    index = places.name_index(place_rows)
    db.table("places").insert_all(({k: v for k, v in p.items() if k != "aliases"} for p in place_rows), pk="place_id")
    db.table("place_names").insert_all(({"name": k, "place_id": v} for k, v in index.items()), pk="name")
    _step(log, 3, f"places: {len(place_rows)} Dutch places, {len(index)} names ({places.GAZETTEER})")

    n_offers = 0
    seen_locations: set[str] = set()
    for path in sources.all_offer_files():
        schools, locations, offer_rows = offers.read_offers(
            path, by_crebo.__contains__, lambda city: index.get(places.normalise(city)), seen_locations
        )
        db.table("schools").insert_all(schools, pk="brin", replace=True)
        db.table("locations").insert_all(locations, pk="brinvest")
        db.table("offers").insert_all(offer_rows)
        n_offers += len(offer_rows)
        print(
            f"      {path.name}: {len(schools)} school(s), {len(locations)} locations, {len(offer_rows)} offers",
            file=log,
            flush=True,
        )
    _step(log, 4, f"offers: {n_offers} in total")

    signals = demand.read_signals(sources.data_dir / "demand" / "signals.yml", dossiers.__contains__)
    db.table("demand_signals").insert_all(signals, pk="signal_id")
    kans_rows = [r for path in sources.all_kans_files() for r in demand.read_kans_op_werk(path, by_crebo.__contains__)]
    if kans_rows:
        db.table("kans_op_werk").insert_all(kans_rows, pk=("crebo", "region"), replace=True)
    _step(log, 5, f"demand: {len(signals)} sourced signals, {len(kans_rows)} kans-op-werk rows")

    for table, cols in (("offers", ["crebo"]), ("offers", ["brinvest"]), ("qualifications", ["dossier_code"])):
        if db[table].exists():
            db.table(table).create_index(cols, if_not_exists=True)
    db.table("meta").insert_all(
        [
            {"key": "built_at", "value": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")},
            {"key": "sources_sha256", "value": fingerprint(sources.inputs())},
            {"key": "gazetteer", "value": places.GAZETTEER},
        ],
        pk="key",
    )
    _step(log, 6, "done")
    return {
        "qualifications": len(quals),
        "technical_current": technical_current,
        "profiles": len(profiles),
        "places": len(place_rows),
        "offers": n_offers,
        "signals": len(signals),
        "kans_op_werk": len(kans_rows),
    }
