"""Relevance of the advice: graded interest texts (Dutch and English) against the ranked shortlist.

    .venv/bin/python bench/relevance.py [--split all|dev|...|fresh4] [--profile NAME] [-v] [--shipped] [--json FILE]

The cases live in bench/relevance/cases_*.yml; each grades courses as a decaan would (2 = names it first,
1 = reasonable, unlisted = wrong), decided from the qualification and dossier names, not from our output
(see the header of each file). Every case runs for each profile type below. Figures, per language:

- hit@3: share of technical cases with a course graded >= 1 among the first three the person can enter;
  hit@3 (2): the same for grade 2 only;
- NDCG@5: graded gain 2^g - 1 over the first five, against the best order of the courses this person can enter
  (a case is skipped for a profile when nothing graded is open to it, and counted as such);
- false fit claims, as issue 14 defines them: a course said to fit ("past bij wat je leuk vindt") a non-technical
  interest;
- fit on 0: the stricter measure we also hold ourselves to: for a technical interest, a fit claim on a course its
  case grades 0 (often a sibling of the right course in the same dossier); right fit claims: on a course graded 1 or 2;
- honest non-technical: non-technical cases whose advice says so instead of claiming a fit or saying that
  nothing was told.

The sets. In cases_nl.yml and cases_en.yml, odd numbers are the development half ("dev") and even numbers the
second half ("held-out"): only its figures were read until 2026-12-03, when it was read case by case too. The first
fresh set (cases_fresh_*.yml, ids "fresh-…", 160 cases written blind on 2026-12-03) was the held-out test until
2026-12-05; it is development material since. The second fresh set (cases_fresh2_*.yml, ids "fresh2-…", 160 cases
written blind on 2026-12-05 by a helper that saw only the qualification table) was the held-out test until the third
(cases_fresh3_*.yml, ids "fresh3-…", 160 cases written blind later on 2026-12-05 from the full table of 266 current
qualifications, every one offered; graded twice) took its place. Of both only the figures are read, never the cases,
and verbose output never shows them. The third development set (cases_dev3_*.yml, ids "dev3-…", 266 cases written
blind on 2026-12-06 by a helper that saw only that table, one text for each qualification) is read case by case,
like dev4 (another text per qualification, two blind helpers) and dev5 (non-technical texts). The fourth fresh set
(cases_fresh4_*.yml, written blind later on 2026-12-06, graded twice) is the newest blind test of technical texts,
fresh5 (100 non-technical texts) of honesty. dev6 and dev7 (120 non-technical texts each) and dev8 (100 English
technical texts, graded by the helper that wrote them) were written blind by helpers that saw only the table, and are
read case by case (dev7 and dev8 from 2026-12-06, when their first figures were taken). The files of the
blind sets say ``blind: true``: the catalogue never learns from them (bot/catalog/examples.py, bot/learned.py), and
each development set is measured with examples that leave it out (``cross_fitted``).
Targets (issue 14): hit@3 >= 0.95,
NDCG@5 >= 0.85, 0 false fit claims (non-technical interests); fit on 0 has no target of the issue's, only ours: 0.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import admission as adm
from bot.advice import Advice, advise
from bot.catalog.store import Catalog, load
from bot.courses import Course
from bot.intake import level_wish
from bot.paths import catalog_db
from bot.profile import Profile

CASES_DIR = Path(__file__).resolve().parent / "relevance"
TODAY = dt.date(2026, 9, 1)
TARGETS = {"hit@3": 0.95, "ndcg@5": 0.85}
SPLITS = (
    "dev",
    "held-out",
    "fresh",
    "dev2",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "dev10",
    "dev11",
    "dev12",
    "dev13",
    "dev14",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
)
BLIND = ("fresh2", "fresh3", "fresh4", "fresh5", "fresh6")  # sets read as figures only, never case by case
# Development sets measured with examples that leave them out (the two halves of the first set are one)
FOLDS = (
    ("dev", "held-out"),
    ("fresh",),
    ("dev2",),
    ("dev3",),
    ("dev4",),
    ("dev6",),
    ("dev8",),
    ("dev10",),
    ("dev12",),
    ("dev14",),
)

# A few people the same interest text can come from; admission differs, so the open courses differ.
PROFILES: dict[str, dict[str, Any]] = {
    "havo3_17": {"education": "havo", "havo_vwo_year": 3, "age": 17, "place": "Utrecht"},
    "vmbo_tl_15": {
        "education": "vmbo_tl",
        "vmbo_profile": "PIE",
        "has_math_or_science": True,
        "age": 15,
        "place": "Eindhoven",
    },
    "vmbo_bb_16": {
        "education": "vmbo_bb",
        "vmbo_profile": "BWI",
        "has_math_or_science": True,
        "age": 16,
        "place": "Zwolle",
    },
    "switcher_35": {"education": "mbo4", "age": 35, "place": "Rotterdam", "route": "either"},
}


def split_of(case_id: str) -> str:
    """ "fresh5" to "fresh2" (the blind sets), "fresh" (the first one), "dev2" (work, several interests, long texts),
    "dev3" and "dev4" (one text per qualification), "dev5" to "dev7", "dev9", "dev11" and "dev13" (non-technical),
    "dev8" (English), "dev10" (technical, every dossier), "dev12" (both, and people moving up in a trade), else "dev"
    (odd numbers) or "held-out" (even)."""
    if case_id.startswith(tuple(f"{s}-" for s in SPLITS if s not in ("dev", "held-out"))):
        return case_id.split("-", 1)[0]
    return "dev" if int(case_id.rsplit("-", 1)[1]) % 2 == 1 else "held-out"


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    style: str
    text: str
    grades: dict[str, int]
    bridges: tuple[str, ...]

    @property
    def technical(self) -> bool:
        return bool(self.grades)

    @property
    def split(self) -> str:
        return split_of(self.id)

    def grade(self, course: Course) -> int:
        return self.grades.get(course.crebo, self.grades.get(course.dossier_code, 0))


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    cases = []
    for path in sorted(directory.glob("cases_*.yml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            cases.append(
                Case(
                    str(raw["id"]),
                    raw["lang"],
                    raw["style"],
                    raw["text"],
                    {str(k): int(v) for k, v in (raw.get("grades") or {}).items()},
                    tuple(str(b) for b in raw.get("bridges") or ()),
                )
            )
    return cases


def _dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(gains))


@dataclass
class Result:
    case: Case
    profile: str
    top: list[tuple[Course, int, bool]]  # course, grade, claims a fit with the person's interests
    ideal: list[int]  # grades of the open courses, best first
    advice: Advice

    @property
    def scored(self) -> bool:
        return self.case.technical and bool(self.ideal)

    @property
    def hit3(self) -> bool:
        return any(g >= 1 for _, g, _ in self.top[:3])

    @property
    def hit3_strict(self) -> bool:
        return any(g >= 2 for _, g, _ in self.top[:3])

    @property
    def ndcg5(self) -> float:
        ideal = _dcg(self.ideal[:5])
        return _dcg([g for _, g, _ in self.top[:5]]) / ideal if ideal else 0.0

    @property
    def false_claims(self) -> int:
        """Fit claims for a non-technical interest (issue 14's false fit claims)."""
        return 0 if self.case.technical else sum(1 for _, _, claims in self.top if claims)

    @property
    def zero_claims(self) -> int:
        """Fit claims on courses graded 0 for a technical interest (our stricter measure)."""
        return sum(1 for _, g, claims in self.top if claims and g == 0) if self.case.technical else 0

    @property
    def true_claims(self) -> int:
        return sum(1 for _, g, claims in self.top if claims and g >= 1 and self.case.technical)

    @property
    def honest(self) -> bool:
        """A non-technical interest is named as such, without a fit claim or "you told me nothing"."""
        return getattr(self.advice, "interest_state", "") == "nontechnical" and not self.false_claims


def _open_grades(cat: Catalog, case: Case, profile: Profile) -> list[int]:
    levels = adm.base_levels(profile)
    grades = []
    for course in cat.courses.values():
        g = case.grade(course)
        if g and course.crebo in cat.offers and adm.decide(profile, course, levels).status != adm.CLOSED:
            grades.append(g)
    return sorted(grades, reverse=True)


def profile_for(fields: dict[str, Any], case: Case, cat: Catalog | None = None) -> Profile:
    """One profile type with the case's text; as in the chat, a level wish in the text is read (bot/intake.py):
    "ik wil graag iets op niveau 4", or the step above the course named as someone's work (``cat``)."""
    profile = Profile.from_dict({**fields, "interests_text": case.text, "language": case.lang})
    named = cat.course_named_in if cat is not None else (lambda _: None)
    profile.level_wish = level_wish(case.text, profile.education, named)
    return profile


def cross_fitted(cat: Catalog, split: str) -> Catalog:
    """The catalogue without the graded example texts of ``split``'s set (bot/learned.py learns from the others), so
    that no set is measured on its own grades; the blind sets are never examples (bot/catalog/examples.py)."""
    fold = next((f for f in FOLDS if split in f), None)
    if fold is None:
        return cat
    key = (id(cat), fold)
    if key not in _FOLD_CATALOGS:
        other = copy.copy(cat)
        other.examples = [e for e in cat.examples if split_of(e.id) not in fold]
        _FOLD_CATALOGS[key] = other
    return _FOLD_CATALOGS[key]


_FOLD_CATALOGS: dict[tuple[int, tuple[str, ...]], Catalog] = {}


def run(cat: Catalog, cases: list[Case], profiles: dict[str, dict[str, Any]], cross_fit: bool = True) -> list[Result]:
    """Every case for every profile; ``cross_fit``: each development set with neighbours derived without it."""
    results = []
    for case in cases:
        case_cat = cross_fitted(cat, case.split) if cross_fit else cat
        for name, fields in profiles.items():
            profile = profile_for(fields, case, cat)
            advice = advise(profile, case_cat, TODAY)
            top = [(r.course, case.grade(r.course), bool(r.fit_words)) for r in advice.items]
            results.append(Result(case, name, top, _open_grades(cat, case, profile) if case.technical else [], advice))
    return results


def summary(results: list[Result]) -> dict[str, Any]:
    scored = [r for r in results if r.scored]
    nontech = [r for r in results if not r.case.technical]
    n = len(scored)
    return {
        "cases": len({r.case.id for r in results}),
        "runs": len(results),
        "scored_runs": n,
        "skipped_runs": sum(1 for r in results if r.case.technical and not r.ideal),
        "hit@3": round(sum(r.hit3 for r in scored) / n, 3) if n else None,
        "hit@3_grade2": round(sum(r.hit3_strict for r in scored) / n, 3) if n else None,
        "ndcg@5": round(sum(r.ndcg5 for r in scored) / n, 3) if n else None,
        "false_fit_claims": sum(r.false_claims for r in results),
        "fit_on_0": sum(r.zero_claims for r in results),
        "right_fit_claims": sum(r.true_claims for r in results),
        "nontech_runs": len(nontech),
        "honest_nontech": round(sum(r.honest for r in nontech) / len(nontech), 3) if nontech else None,
    }


def report(results: list[Result]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Result]] = {"all": results}
    for lang in ("nl", "en"):
        groups[lang] = [r for r in results if r.case.lang == lang]
    for half in SPLITS:
        groups[half] = [r for r in results if r.case.split == half]
    for name in PROFILES:
        groups[f"profile {name}"] = [r for r in results if r.profile == name]
    return {k: summary(v) for k, v in groups.items() if v}


def _show(r: Result, lang: str) -> str:
    lines = [
        f"{r.case.id} [{r.profile}] {r.case.text!r} ndcg5={r.ndcg5:.2f} "
        f"state={getattr(r.advice, 'interest_state', '?')}"
    ]
    for course, grade, claims in r.top:
        lines.append(f"   {grade} {'fit' if claims else '   '} {course.crebo} {course.name} (n{course.level})")
    lines += [f"   note: {n.get(lang)}" for n in r.advice.notes]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--split",
        choices=("all", *SPLITS),
        default="all",
        help="which set of cases to run (fresh4, fresh3, fresh2: blind sets, never looked at case by case)",
    )
    parser.add_argument("--profile", choices=sorted(PROFILES), help="run one profile type only")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print the failing cases (never those of the blind sets)"
    )
    parser.add_argument(
        "--shipped",
        action="store_true",
        help="measure the development sets with all examples, their own grades among them (no test)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--db", type=Path, default=catalog_db(), help="catalogue database")
    args = parser.parse_args()
    cases = [c for c in load_cases() if args.split in ("all", c.split)]
    profiles = {args.profile: PROFILES[args.profile]} if args.profile else PROFILES
    results = run(load(args.db), cases, profiles, cross_fit=not args.shipped)
    figures = report(results)
    print(
        f"{'group':24} {'cases':>5} {'runs':>5} {'hit@3':>6} {'hit@3(2)':>8} {'NDCG@5':>7} {'false fit':>9} "
        f"{'fit on 0':>8} {'right fit':>9} {'honest nontech':>14}"
    )
    for name, f in figures.items():
        print(
            f"{name:24} {f['cases']:>5} {f['scored_runs']:>5} {f['hit@3'] or 0:>6.3f} {f['hit@3_grade2'] or 0:>8.3f} "
            f"{f['ndcg@5'] or 0:>7.3f} {f['false_fit_claims']:>9} {f['fit_on_0']:>8} "
            f"{f['right_fit_claims']:>9} "
            + (f"{f['honest_nontech']:>14.3f}" if f["honest_nontech"] is not None else f"{'-':>14}")
        )
    print(
        f"targets: hit@3 >= {TARGETS['hit@3']}, NDCG@5 >= {TARGETS['ndcg@5']}, 0 false fit claims "
        "(a course said to fit a non-technical interest); ours beside them: 0 fit on 0"
    )
    if args.verbose:
        for r in results:
            if r.case.split not in BLIND and (
                (r.scored and (not r.hit3 or r.ndcg5 < 0.6))
                or r.false_claims
                or r.zero_claims
                or (not r.case.technical and not r.honest)
            ):
                print(_show(r, r.case.lang))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
