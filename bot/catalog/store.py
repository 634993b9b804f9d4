"""Read model of the catalogue: loaded once from SQLite into memory, shaped for fast advice (p95 ≤ 5 ms)."""

from __future__ import annotations

import difflib
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..courses import Course
from ..i18n import Text
from ..textmatch import KeywordIndex, fold
from .examples import Example, parse_grades
from .places import normalise

_WORD = re.compile(r"[a-z0-9]+")
_DIPLOMA_BEFORE = frozenset("mbo diploma opleiding studie 1 2 3 4 mbo1 mbo2 mbo3 mbo4".split())
_DIPLOMA_AFTER = frozenset("gehaald behaald gedaan afgerond afgemaakt diploma niveau mbo".split())

# Bits of the per-offer flags array.
BOL, BBL, SEPT, FEB, ANY, FIXUS = 1, 2, 4, 8, 16, 32


class CatalogMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Location:
    brinvest: str
    school: str
    name: str
    city: str
    fictional: bool
    website: str


@dataclass(frozen=True)
class InterestProfile:
    key: str
    area: str | None
    riasec: str | None
    summary: Text | None


@dataclass(frozen=True)
class OtherField:
    """A non-technical field of work (data/catalog/other_fields.yml) and the technical dossiers near it."""

    key: str
    name: Text
    bridges: dict[str, Text]  # dossier code or crebo -> why it shares something with the field


@dataclass(frozen=True)
class Signal:
    signal_id: str
    strength: int
    text: Text
    source: str
    date: str


@dataclass(frozen=True)
class KansOpWerk:
    score: int
    label: str
    region: str
    source: str
    date: str


@dataclass
class CourseOffers:
    """All offers of one crebo, as parallel arrays (location index, flag bits)."""

    loc: NDArray[Any]
    flags: NDArray[Any]
    urls: list[str]


class Catalog:
    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise CatalogMissing(
                f"catalogue not found at {path}: run `python -m bot catalog build` "
                f"(catalogus niet gevonden: bouw hem eerst met `python -m bot catalog build`)"
            )
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        try:
            self._load(con)
        finally:
            con.close()

    def _areas(self, dossier_of: dict[str, str]) -> dict[str, str]:
        """Profile key -> broad field of work; a qualification's own profile has its dossier's."""
        areas = {}
        for key, prof in self.profiles.items():
            dossier = self.profiles.get(f"dossier:{dossier_of.get(key)}")
            area = prof.area or (dossier.area if dossier else None)
            if area:
                areas[key] = area
        return areas

    def _other_names(self, con: sqlite3.Connection) -> list[tuple[str, str]]:
        """(field, name) of the current non-technical qualifications in each field's SBB subgroups ("kok")."""
        if "subgroepen" not in {r[1] for r in con.execute("pragma table_info(other_fields)")}:
            return []
        by_subgroup: dict[str, list[str]] = defaultdict(list)
        for q in con.execute(
            "select subgroep_code, name from qualifications where technical = 0 and current_series = 1 order by crebo"
        ):
            by_subgroup[q["subgroep_code"]].append(q["name"])
        names = []
        for r in con.execute("select field, subgroepen from other_fields order by rowid"):
            names += [(r["field"], n) for code in (r["subgroepen"] or "").split("|") for n in by_subgroup.get(code, [])]
        return names

    def _tables(self, con: sqlite3.Connection) -> set[str]:
        return {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}

    def _load(self, con: sqlite3.Connection) -> None:
        tables = self._tables(con)
        self.meta = {r["key"]: r["value"] for r in con.execute("select key, value from meta")}
        self.courses: dict[str, Course] = {}
        self.all_names: dict[str, str] = {}
        self.superseded: dict[str, str] = {}
        self._older_rows: list[tuple[str, int | None, str]] = []
        for r in con.execute("select * from qualifications"):
            self.all_names[r["crebo"]] = r["name"]
            if r["superseded_by"]:
                self.superseded[r["crebo"]] = r["superseded_by"]
            elif r["technical"] and not r["current_series"]:
                self._older_rows.append((r["name"], int(r["level"]) if r["level"] else None, r["dossier_code"]))
            if r["technical"] and r["current_series"] and not r["superseded_by"] and r["level"]:
                self.courses[r["crebo"]] = Course(
                    crebo=r["crebo"],
                    name=r["name"],
                    level=int(r["level"]),
                    specialist=r["level_name"] == "specialistenopleiding",
                    routes=frozenset(x for x in (r["routes"] or "").split(",") if x),
                    dossier_code=r["dossier_code"],
                    dossier_name=r["dossier_name"],
                    subgroep_code=r["subgroep_code"],
                )
        # interest profiles: per dossier, Entree qualification, or a qualification override
        self.profiles: dict[str, InterestProfile] = {}
        entries: list[tuple[str, str, str, str]] = []
        self.profile_words: dict[str, list[str]] = {}  # profile key -> its curated keywords (tags, nl, en)
        dossier_of: dict[str, str] = {}
        for r in con.execute("select * from interest_profiles"):
            key = r["profile_id"]
            dossier_of[key] = r["dossier_code"]
            summary = Text(r["summary_nl"], r["summary_en"]) if r["summary_nl"] else None
            self.profiles[key] = InterestProfile(key, r["area"], r["riasec"], summary)
            for column, lang in (("tags", ""), ("keywords_nl", "nl"), ("keywords_en", "en")):
                words = [w for w in (r[column] or "").split("|") if w]
                entries += [(key, r["dossier_code"], w, lang) for w in words]
                self.profile_words.setdefault(key, []).extend(words)
        self.other_fields: dict[str, OtherField] = {}
        other: list[tuple[str, str, str]] = []
        desk: set[str] = set()  # fields whose tools are a computer or a phone (other_fields.yml ``desk``)
        if "other_fields" in tables:
            bridges: dict[str, dict[str, Text]] = defaultdict(dict)
            if "other_field_bridges" in tables:
                for r in con.execute("select * from other_field_bridges order by rowid"):
                    bridges[r["field"]][r["code"]] = Text(r["reason_nl"], r["reason_en"])
            for r in con.execute("select * from other_fields order by rowid"):
                self.other_fields[r["field"]] = OtherField(
                    r["field"], Text(r["name_nl"], r["name_en"]), dict(bridges[r["field"]])
                )
                other += [(r["field"], w, lang) for lang in ("nl", "en") for w in r[f"phrases_{lang}"].split("|") if w]
                if "desk" in r.keys() and r["desk"]:
                    desk.add(r["field"])
        beside_other: dict[str, list[str]] = defaultdict(list)
        if "beside_other" in tables:
            for r in con.execute("select kind, word from beside_other order by rowid"):
                beside_other[r["kind"]].append(r["word"])
        self.keywords = KeywordIndex(
            entries,
            other,
            self._other_names(con) if "other_fields" in tables else [],
            self._areas(dossier_of),
            [c.name for c in self.courses.values()],
            frozenset(desk),
            dict(beside_other),
        )
        self.descriptions: dict[str, Text] = {}
        if "descriptions" in tables:
            self.descriptions = {
                r["crebo"]: Text(r["text_nl"], r["text_en"])
                for r in con.execute("select crebo, text_nl, text_en from descriptions")
            }
        self.vocabulary: dict[str, dict[str, list[str]]] = {}  # crebo -> language -> what people call its work
        if "vocabulary" in tables:
            self.vocabulary = {
                r["crebo"]: {lang: [w for w in r[f"phrases_{lang}"].split("|") if w] for lang in ("nl", "en")}
                for r in con.execute("select crebo, phrases_nl, phrases_en from vocabulary")
            }
        self.examples: list[Example] = []  # graded texts the advice learns from (bot/catalog/examples.py)
        if "examples" in tables:
            self.examples = [
                Example(r["id"], r["lang"], r["text"], parse_grades(r["grades"]))
                for r in con.execute("select id, lang, text, grades from examples order by id")
            ]
        # places
        rows = con.execute("select place_id, name, lat, lon from places").fetchall()
        self._places = {r["place_id"]: Place(r["name"], r["lat"], r["lon"]) for r in rows}
        self._place_names = {r["name"]: r["place_id"] for r in con.execute("select name, place_id from place_names")}
        self._place_keys = sorted(self._place_names)
        self._resolved: dict[str, Place | None] = {}
        # schools, locations, offers
        schools = {r["brin"]: r for r in con.execute("select * from schools")} if "schools" in tables else {}
        self.locations: list[Location] = []
        lat, lon, index = [], [], {}
        if "locations" in tables:
            for r in con.execute("select * from locations order by brinvest"):
                school = schools[r["brin"]]
                index[r["brinvest"]] = len(self.locations)
                self.locations.append(
                    Location(
                        r["brinvest"],
                        school["name"],
                        r["name"],
                        r["city"],
                        bool(school["fictional"]),
                        r["website"] or school["website"],
                    )
                )
                place = self._places[r["place_id"]]
                lat.append(place.lat)
                lon.append(place.lon)
        self.loc_lat = np.radians(np.array(lat, dtype=float))
        self.loc_lon = np.radians(np.array(lon, dtype=float))
        grouped: dict[str, list[tuple[int, int, str, bool]]] = defaultdict(list)
        if "offers" in tables:
            for r in con.execute("select * from offers"):
                bits = (
                    (BOL if r["bol"] else 0)
                    | (BBL if r["bbl"] else 0)
                    | (SEPT if r["start_september"] else 0)
                    | (FEB if r["start_february"] else 0)
                    | (ANY if r["start_anytime"] else 0)
                    | (FIXUS if r["numerus_fixus"] else 0)
                )
                # a school file that still names a superseded crebo offers its successor (new pupils start there),
                # unless that location lists the successor itself
                crebo = self.superseded.get(r["crebo"], r["crebo"])
                grouped[crebo].append((index[r["brinvest"]], bits, r["url"] or "", crebo == r["crebo"]))
        for crebo, items in grouped.items():
            own, seen, kept = {g[0] for g in items if g[3]}, set(), []
            for g in items:
                if (g[3] or g[0] not in own) and g[0] not in seen:
                    seen.add(g[0])
                    kept.append(g)
            grouped[crebo] = kept
        self.offers: dict[str, CourseOffers] = {
            crebo: CourseOffers(
                np.array([g[0] for g in items], dtype=np.int32),
                np.array([g[1] for g in items], dtype=np.int32),
                [g[2] for g in items],
            )
            for crebo, items in grouped.items()
        }
        # demand
        self.signals_by_dossier: dict[str, list[tuple[Signal, frozenset[int]]]] = defaultdict(list)
        self.technical_signals: list[Signal] = []
        for r in con.execute("select * from demand_signals order by strength desc, signal_id"):
            sig = Signal(r["signal_id"], r["strength"], Text(r["text_nl"], r["text_en"]), r["source"], r["date"])
            levels = frozenset(int(x) for x in (r["levels"] or "").split(",") if x)
            if r["technical"]:
                self.technical_signals.append(sig)
            for dossier in (r["dossiers"] or "").split(","):
                if dossier:
                    self.signals_by_dossier[dossier].append((sig, levels))
        self.kans: dict[tuple[str, str], KansOpWerk] = {}
        if "kans_op_werk" in tables:
            for r in con.execute("select * from kans_op_werk"):
                self.kans[(r["crebo"], r["region"])] = KansOpWerk(
                    r["score"], r["label"], r["region"], r["source"], r["date"]
                )

    # --- look-ups -------------------------------------------------------------------------------------------
    def resolve_place(self, text: str | None, fuzzy: bool = True) -> Place | None:
        """Resolve what a user typed ("Den Bosch", "eindhovn") to a gazetteer place, or None.

        ``fuzzy=False`` accepts exact names and aliases only: for words picked out of a longer sentence, where a
        typo match would turn ordinary words into villages ("lassen" -> Assen).
        """
        if not text:
            return None
        key = normalise(text)
        if not key:
            return None
        if not fuzzy:
            place_id = self._place_names.get(key)
            return self._places.get(place_id) if place_id is not None else None
        if key not in self._resolved:  # the fuzzy search costs milliseconds; remember its answer
            place_id = self._place_names.get(key)
            if place_id is None and len(key) >= 4:
                close = difflib.get_close_matches(key, self._place_keys, n=1, cutoff=0.85)
                place_id = self._place_names[close[0]] if close else None
            if len(self._resolved) >= 10_000:
                self._resolved.clear()
            self._resolved[key] = self._places.get(place_id) if place_id is not None else None
        return self._resolved[key]

    def signals_for(self, course: Course) -> list[Signal]:
        """The signals that speak of this course's own field, most specific first (a level-bound one before one for
        the whole dossier; then the strongest and newest), and after them the national figures for all technology."""
        own = sorted(
            (
                (s, levels)
                for s, levels in self.signals_by_dossier.get(course.dossier_code, [])
                if not levels or course.level in levels
            ),
            key=lambda pair: (not pair[1], -pair[0].strength, _negated(pair[0].date)),
        )
        return [s for s, _ in own] + self.technical_signals

    def profile_for(self, course: Course) -> InterestProfile | None:
        return self.profiles.get(f"dossier:{course.dossier_code}") or self.profiles.get(f"entree:{course.crebo}")

    def _names(self) -> dict[str, Course]:
        """Normalised course name -> course (the lowest crebo when names repeat), built once."""
        if not hasattr(self, "_by_name"):
            by_name: dict[str, Course] = {}
            for crebo in sorted(self.courses):
                by_name.setdefault(normalise(self.courses[crebo].name), self.courses[crebo])
            self._by_name = by_name
        return self._by_name

    def course_named(self, text: str) -> Course | None:
        """The course with exactly this crebo or name (case, accents and punctuation ignored), else None."""
        key = text.strip()
        if key in self.courses:
            return self.courses[key]
        wanted = normalise(key[:200])
        return self._names().get(wanted) if len(wanted) >= 6 else None

    def _older_names(self) -> dict[tuple[str, ...], Course]:
        """Words of an older technical qualification's name -> the current course of its dossier that it became (same
        level; of a dossier-wide name such as "Autotechniek", the current name nearest to it), built once."""
        if not hasattr(self, "_by_older_name"):
            current = self._names()
            by_dossier: dict[str, list[Course]] = defaultdict(list)
            for course in self.courses.values():
                by_dossier[course.dossier_code].append(course)
            older: dict[tuple[str, ...], Course] = {}
            for name, level, dossier in self._older_rows:
                key = normalise(name)
                same = [c for c in by_dossier.get(dossier, []) if level is None or c.level == level]
                if key in current or len(key) < 8 or not same:
                    continue
                older.setdefault(
                    tuple(_WORD.findall(fold(name))),
                    max(same, key=lambda c: (difflib.SequenceMatcher(None, key, normalise(c.name)).ratio(), c.crebo)),
                )
            self._by_older_name = older
        return self._by_older_name

    def course_named_in(self, text: str) -> Course | None:
        """The course whose full name stands inside ``text`` (the longest such name), for "diploma X gehaald"."""
        hay = normalise(text[:1000])
        found = [(len(name), course) for name, course in self._names().items() if len(name) >= 8 and name in hay]
        return max(found, key=lambda pair: pair[0])[1] if found else None

    def diploma_named_in(self, text: str) -> Course | None:
        """Like ``course_named_in``, and else the current course that an older qualification became, named in whole
        words right beside "mbo 2", "diploma", "gehaald" ...: people name the diploma they hold ("mbo 2 autotechniek
        gehaald" is in the Autotechnicus dossier); older names are often plain words ("timmeren", "operator")."""
        course = self.course_named_in(text)
        if course is not None:
            return course
        words = ["", *_WORD.findall(fold(text[:1000])), ""]
        found = [
            (len(name), course)
            for name, course in self._older_names().items()
            if any(
                tuple(words[i : i + len(name)]) == name
                and (words[i - 1] in _DIPLOMA_BEFORE or words[i + len(name)] in _DIPLOMA_AFTER)
                for i in range(1, len(words) - len(name))
            )
        ]
        return max(found, key=lambda pair: pair[0])[1] if found else None

    def find_courses(self, text: str, limit: int = 5) -> list[Course]:
        """Courses whose name best matches ``text`` (for "tell me more about X")."""
        wanted = normalise(text)
        if not wanted:
            return []
        scored = []
        for course in self.courses.values():
            name = normalise(course.name)
            score = (
                1.0
                if wanted == name
                else (0.9 if wanted in name else difflib.SequenceMatcher(None, wanted, name).ratio())
            )
            scored.append((score, -course.level, course.crebo, course))
        scored.sort(reverse=True)
        return [c for s, _, _, c in scored[:limit] if s >= 0.6]


def _negated(date: str) -> tuple[int, ...]:
    """Sort key for newest first: "2025-11" before "2023" before "2018"."""
    return tuple(-int(x) for x in date.split("-") if x.isdigit())


_CACHE: dict[Path, Catalog] = {}


def load(path: Path) -> Catalog:
    """The catalogue for ``path``, loaded once per process."""
    if path not in _CACHE:
        _CACHE[path] = Catalog(path)
    return _CACHE[path]
