"""Import school offers in the shape of the KiesMBO export (School -> Location -> LocationStudy).

Field names follow the KiesMBO.nl API schema (../shared/research/mbo-domain.md §2.2). One extension: a School may
carry ``"fictional": true``; the demo school does, and everything that shows it says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import located
from .errors import CatalogImportError

PATHS = {"BOL", "BBL"}


def _line(obj: Any, fallback: int) -> int:
    return getattr(obj, "line", fallback)


def _require(path: Path, obj: Any, key: str, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise CatalogImportError(path, _line(obj, 0), f"{what}: missing field {key!r}")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise CatalogImportError(path, _line(obj, 0), f"{what}: field {key!r} has the wrong type")
    return value


def read_offers(
    path: Path,
    known_crebo: Callable[[str], bool],
    resolve_city: Callable[[str], int | None],
    seen_locations: set[str] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (schools, locations, offers) records, or fail on the first bad record with its line.

    ``seen_locations`` carries location codes across files, so two files cannot claim the same location.
    """
    doc = located.read_source(path, "JSON")
    if isinstance(doc, dict):
        doc = [doc]
    if not isinstance(doc, list) or not doc:
        raise CatalogImportError(path, 1, "expected a list of schools")
    schools, locations, offers = [], [], []
    seen_locations = set() if seen_locations is None else seen_locations
    for school in doc:
        brin = str(_require(path, school, "brin", str, "school")).strip()
        name = str(_require(path, school, "name", str, f"school {brin}")).strip()
        if not brin or not name:
            raise CatalogImportError(path, _line(school, 0), "school: brin and name must not be empty")
        fictional = school.get("fictional", False) is True
        schools.append(
            {
                "brin": brin,
                "name": name,
                "website": school.get("website") or "",
                "fictional": fictional,
                "source_file": path.name,
            }
        )
        for loc in _require(path, school, "locations", list, f"school {brin}"):
            brinvest = str(_require(path, loc, "brinvest", str, f"school {brin} location")).strip()
            if brinvest in seen_locations:
                raise CatalogImportError(path, _line(loc, 0), f"duplicate location {brinvest}")
            seen_locations.add(brinvest)
            city = str(_require(path, loc, "city", str, f"location {brinvest}")).strip()
            place_id = resolve_city(city)
            if place_id is None:
                raise CatalogImportError(path, _line(loc, 0), f"location {brinvest}: unknown city {city!r}")
            locations.append(
                {
                    "brinvest": brinvest,
                    "brin": brin,
                    "name": str(loc.get("name") or name),
                    "street": str(loc.get("street") or ""),
                    "house_number": str(loc.get("houseNumber") or ""),
                    "zip_code": str(loc.get("zipCode") or ""),
                    "city": city,
                    "province": str(loc.get("province") or ""),
                    "website": str(loc.get("website") or ""),
                    "place_id": place_id,
                }
            )
            for study in _require(path, loc, "studies", list, f"location {brinvest}"):
                offers.append(_offer(path, brinvest, study, known_crebo))
    return schools, locations, offers


def _offer(path: Path, brinvest: str, study: Any, known_crebo: Callable[[str], bool]) -> dict[str, Any]:
    crebo = str(_require(path, study, "crebo", (str, int), f"location {brinvest} study")).strip()
    what = f"location {brinvest} crebo {crebo}"
    if not known_crebo(crebo):
        raise CatalogImportError(path, _line(study, 0), f"{what}: unknown crebo (not in the qualification table)")
    learning_paths = _require(path, study, "learningPaths", list, what)
    paths = {str(p).upper() for p in learning_paths}
    if not paths or not paths <= PATHS:
        raise CatalogImportError(path, _line(study, 0), f"{what}: learningPaths must be BOL and/or BBL")
    flags = {
        key: _require(path, study, key, bool, what)
        for key in ("startingSeptember", "startingFebruary", "startingAnytime", "hasNumerusFixus")
    }
    if not (flags["startingSeptember"] or flags["startingFebruary"] or flags["startingAnytime"]):
        raise CatalogImportError(path, _line(study, 0), f"{what}: no start moment (September, February or any time)")
    urls = study.get("urls") or []
    return {
        "brinvest": brinvest,
        "crebo": crebo,
        "bol": "BOL" in paths,
        "bbl": "BBL" in paths,
        "start_september": flags["startingSeptember"],
        "start_february": flags["startingFebruary"],
        "start_anytime": flags["startingAnytime"],
        "numerus_fixus": flags["hasNumerusFixus"],
        "url": str(urls[0]) if urls else "",
    }
