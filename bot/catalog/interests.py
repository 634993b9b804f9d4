"""Import curated interest profiles (tags, Dutch/English keywords, RIASEC) per dossier or Entree qualification."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..textmatch import CONTEXT
from . import located
from .errors import CatalogImportError

AREAS = {
    "metaal",
    "elektro",
    "installatie",
    "energie",
    "bouw",
    "infra",
    "afbouw",
    "hout",
    "schilderen",
    "mobiliteit",
    "luchtvaart",
    "maritiem",
    "proces",
    "lab",
    "ict",
    "engineering",
    "onderhoud",
    "omgeving",
}
RIASEC = set("RIASEC")
_NAMED = re.compile(r"@([a-z_]+)")  # "cnc ~ not @wood_or_stone": a context list of the file's ``contexts``


def word_list(
    path: Path, line: int, what: str, value: Any, contexts: Mapping[str, list[str]] | None = None
) -> list[str]:
    """The lowercased words of a YAML list, with named context lists written out; a file, line and reason when it is
    not a list of words or names a context list the file does not have."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogImportError(path, line, f"{what}: expected a list of words")
    return [_written_out(path, line, what, v.strip().lower(), contexts or {}) for v in value]


def _written_out(path: Path, line: int, what: str, keyword: str, contexts: Mapping[str, list[str]]) -> str:
    word, sep, context = keyword.partition(CONTEXT)
    if not sep or "@" not in context:
        return keyword

    def listed(match: re.Match[str]) -> str:
        if match.group(1) not in contexts:
            raise CatalogImportError(path, line, f"{what}: no context list @{match.group(1)} under 'contexts'")
        return ", ".join(contexts[match.group(1)])

    return word + sep + _NAMED.sub(listed, context)


def _contexts(path: Path, doc: Mapping[str, Any]) -> dict[str, list[str]]:
    raw = doc.get("contexts") or {}
    if not isinstance(raw, dict):
        raise CatalogImportError(path, 1, "contexts: expected a mapping of names to lists of words")
    return {
        str(name): word_list(path, getattr(words, "line", 1), f"contexts {name}", words) for name, words in raw.items()
    }


def read_profiles(
    path: Path,
    dossier_name: Callable[[str], str | None],
    qualification: Callable[[str], tuple[str, str] | None],
) -> list[dict[str, Any]]:
    """Return one record per profile: kind 'dossier', 'qualification' (override) or 'entree'.

    ``dossier_name(code)`` gives the dossier's official name; ``qualification(crebo)`` gives (name, dossier_code).
    """
    doc = located.read_source(path, "YAML")
    if not isinstance(doc, dict) or not isinstance(doc.get("dossiers"), dict):
        raise CatalogImportError(path, 1, "expected a 'dossiers' mapping")
    contexts = _contexts(path, doc)
    records: list[dict[str, Any]] = []
    for code, item in doc["dossiers"].items():
        code = str(code)
        line = getattr(item, "line", 0)
        official = dossier_name(code)
        if official is None:
            raise CatalogImportError(path, line, f"unknown dossier {code}")
        if isinstance(item, dict) and item.get("name") != official:
            raise CatalogImportError(path, line, f"dossier {code}: name must be {official!r}")
        records.append(_profile(path, line, "dossier", code, code, item, contexts))
        for crebo, extra in (item.get("qualifications") or {}).items():
            crebo = str(crebo)
            found = qualification(crebo)
            if found is None or found[1] != code:
                raise CatalogImportError(path, getattr(extra, "line", line), f"crebo {crebo} is not in dossier {code}")
            xline = getattr(extra, "line", line)
            records.append(
                {
                    "profile_id": f"qualification:{crebo}",
                    "kind": "qualification",
                    "code": crebo,
                    "dossier_code": code,
                    "area": None,
                    "riasec": None,
                    "tags": "",
                    "keywords_nl": "|".join(
                        word_list(path, xline, f"crebo {crebo} keywords_nl", extra.get("keywords_nl", []), contexts)
                    ),
                    "keywords_en": "|".join(
                        word_list(path, xline, f"crebo {crebo} keywords_en", extra.get("keywords_en", []), contexts)
                    ),
                    "summary_nl": "",
                    "summary_en": "",
                }
            )
    for crebo, item in (doc.get("entree") or {}).items():
        crebo = str(crebo)
        line = getattr(item, "line", 0)
        found = qualification(crebo)
        if found is None:
            raise CatalogImportError(path, line, f"unknown crebo {crebo}")
        records.append(_profile(path, line, "entree", crebo, found[1], item, contexts))
    return records


def _profile(
    path: Path, line: int, kind: str, code: str, dossier: str, item: Any, contexts: Mapping[str, list[str]]
) -> dict[str, Any]:
    what = f"{kind} {code}"
    if not isinstance(item, dict):
        raise CatalogImportError(path, line, f"{what}: expected a mapping")
    area = item.get("area")
    if area not in AREAS:
        raise CatalogImportError(path, line, f"{what}: unknown area {area!r}")
    riasec = str(item.get("riasec") or "")
    if not (2 <= len(riasec) <= 3) or set(riasec) - RIASEC or len(set(riasec)) != len(riasec):
        raise CatalogImportError(path, line, f"{what}: riasec must be 2-3 distinct letters of RIASEC")
    for key in ("summary_nl", "summary_en"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise CatalogImportError(path, line, f"{what}: missing {key}")
    return {
        "profile_id": f"{kind}:{code}",
        "kind": kind,
        "code": code,
        "dossier_code": dossier,
        "area": area,
        "riasec": riasec,
        "tags": "|".join(word_list(path, line, f"{what} tags", item.get("tags", []), contexts)),
        "keywords_nl": "|".join(word_list(path, line, f"{what} keywords_nl", item.get("keywords_nl"), contexts)),
        "keywords_en": "|".join(word_list(path, line, f"{what} keywords_en", item.get("keywords_en"), contexts)),
        "summary_nl": item["summary_nl"].strip(),
        "summary_en": item["summary_en"].strip(),
    }
