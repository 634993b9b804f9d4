"""How far two graders of the same texts agree, as NDCG@5: the ceiling a ranker can expect on a blind set.

    .venv/bin/python bench/grader_agreement.py [--split fresh3] [--other bench/relevance/grades_fresh3_b.yml]

The cases of a split carry grader A's grades; ``--other`` holds grader B's for the same ids (written blind, from the
qualification table only). A "perfect B ranker" lists the courses a person can enter by B's grade (ties in random
order, averaged over shuffles); its NDCG@5 against A's grades, and the reverse, say how much of the target is left
when the graders themselves differ. Our advice is scored against both. Figures only: no case is printed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import relevance as R

from bot import admission as adm
from bot.advice import advise
from bot.catalog.store import Catalog, load
from bot.courses import Course
from bot.paths import catalog_db
from bot.profile import Profile

SHUFFLES = 30


def _grade(grades: dict[str, int], course: Course) -> int:
    return grades.get(course.crebo, grades.get(course.dossier_code, 0))


def _ndcg(ranked: list[Course], grades: dict[str, int], open_courses: list[Course]) -> float | None:
    ideal = R._dcg(sorted((_grade(grades, c) for c in open_courses), reverse=True)[:5])
    return R._dcg([_grade(grades, c) for c in ranked[:5]]) / ideal if ideal else None


def _by_grades(grades: dict[str, int], open_courses: list[Course], rng: random.Random) -> list[Course]:
    shuffled = open_courses[:]
    rng.shuffle(shuffled)
    return sorted(shuffled, key=lambda c: -_grade(grades, c))


def _open(cat: Catalog, profile: Profile) -> list[Course]:
    levels = adm.base_levels(profile)
    return [
        c
        for c in cat.courses.values()
        if c.technical and c.crebo in cat.offers and adm.decide(profile, c, levels).status != adm.CLOSED
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="fresh3", help="the cases graded by A (default: the newest blind set)")
    parser.add_argument(
        "--other", type=Path, default=R.CASES_DIR / "grades_fresh3_b.yml", help="grader B's grades for the same ids"
    )
    args = parser.parse_args()
    other = {
        str(c["id"]): {str(k): int(v) for k, v in (c.get("grades") or {}).items()}
        for c in yaml.safe_load(args.other.read_text(encoding="utf-8"))["cases"]
    }
    cat = load(catalog_db())
    rng = random.Random(7)
    figures: dict[str, list[float]] = {
        "B ranks, A grades": [],
        "A ranks, B grades": [],
        "ours vs A": [],
        "ours vs B": [],
    }
    for case in R.load_cases():
        if case.split != args.split or not case.technical or case.id not in other:
            continue
        b = other[case.id]
        for fields in R.PROFILES.values():
            profile = R.profile_for(fields, case)
            courses = _open(cat, profile)
            ours = [r.course for r in advise(profile, cat, R.TODAY).items]
            for name, ranker, judge in (("B ranks, A grades", b, case.grades), ("A ranks, B grades", case.grades, b)):
                runs = [_ndcg(_by_grades(ranker, courses, rng), judge, courses) for _ in range(SHUFFLES)]
                if runs[0] is not None:
                    figures[name].append(statistics.mean(x for x in runs if x is not None))
            for name, judge in (("ours vs A", case.grades), ("ours vs B", b)):
                score = _ndcg(ours, judge, courses)
                if score is not None:
                    figures[name].append(score)
    print(f"split {args.split}: {len({c for c in other})} texts graded twice, NDCG@5 per scored run (4 profiles)")
    for name, values in figures.items():
        print(f"  {name:20} {statistics.mean(values):.3f}  (n={len(values)})")


if __name__ == "__main__":
    main()
