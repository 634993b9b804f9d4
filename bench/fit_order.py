"""Fit the weights that order courses within the work found (bot.advice.W_ORDER) and show what they do.

    .venv/bin/python bench/fit_order.py [--l2 1.0] [--scale 0.5]

For every technical development case of bench/relevance.py and every profile type, the courses the person can
enter (up to 30, as the advice ranks them) are taken with their grade, their score without the order terms and the
three order terms (bot.advice.order_terms). A pairwise logistic regression on the development half learns how much
each term adds beside the score (a pair: a better graded course above a worse one, weighted by the gain between
them). The weights are printed relative to the score's, at full size and times --scale, with NDCG@5 of the reranked
lists on the development and held-out halves. The fresh set is never used here.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relevance import PROFILES, TODAY, _dcg, _open_grades, load_cases

from bot import advice
from bot.catalog.store import Catalog, load
from bot.paths import catalog_db
from bot.profile import Profile

CANDIDATES = 30


@dataclass
class Run:
    terms: NDArray[np.float64]  # the open courses x the order terms
    base: NDArray[np.float64]  # their score without the order terms
    grades: NDArray[np.int64]
    ideal: list[int]


def collect(cat: Catalog, split: str) -> list[Run]:
    static = advice._static(cat)
    shortlist, advice.SHORTLIST = advice.SHORTLIST, CANDIDATES
    runs = []
    try:
        for case in (c for c in load_cases() if c.split == split and c.technical):
            for fields in PROFILES.values():
                p = Profile.from_dict({**fields, "interests_text": case.text, "language": case.lang})
                ideal = _open_grades(cat, case, p)
                result = advice.advise(p, cat, TODAY)
                if not ideal or not result.items or not result.technical:
                    continue
                _, evidence = advice._interest_fit(cat, static, p)
                fit = evidence.fit
                terms = advice.order_terms(static, evidence, fit / fit.max())
                rows = terms[[static.index[r.course.crebo] for r in result.items]]
                scores = np.array([r.score for r in result.items])
                grades = np.array([case.grade(r.course) for r in result.items])
                runs.append(Run(rows, scores - rows @ advice.W_ORDER, grades, ideal))
    finally:
        advice.SHORTLIST = shortlist
    return runs


def ndcg(runs: list[Run], weights: NDArray[np.float64]) -> float:
    """NDCG@5 of the lists ordered by score + terms @ weights."""
    total = 0.0
    for run in runs:
        order = np.argsort(-(run.base + run.terms @ weights), kind="stable")[:5]
        total += _dcg([int(g) for g in run.grades[order]]) / _dcg(run.ideal[:5])
    return total / len(runs)


def fit(runs: list[Run], l2: float, steps: int = 300, rate: float = 0.5) -> NDArray[np.float64]:
    """Weights of [score, terms...] from pairs (better graded minus worse, weighted by the gain between them)."""
    pairs = []
    for run in runs:
        x = np.column_stack([run.base, run.terms])
        for a in range(len(run.grades)):
            for b in range(len(run.grades)):
                if run.grades[a] > run.grades[b] and min(a, b) < 10:
                    pairs.append((x[a] - x[b]) * (2.0 ** run.grades[a] - 2.0 ** run.grades[b]))
    diffs = np.array(pairs)
    prior = np.eye(diffs.shape[1])[0]  # the score alone
    w = prior.copy()
    for _ in range(steps):
        margin = np.clip(diffs @ w, -30, 30)
        grad = -(diffs * (1 / (1 + np.exp(margin)))[:, None]).mean(axis=0) + l2 * (w - prior) * 100 / len(diffs)
        w -= rate * grad
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--l2", type=float, default=1.0, help="pull towards the score alone (0 = none)")
    parser.add_argument("--scale", type=float, default=0.5, help="the share of the fitted weights to show")
    args = parser.parse_args()
    cat = load(catalog_db())
    dev, held_out = collect(cat, "dev"), collect(cat, "held-out")
    w = fit(dev, args.l2)
    fitted = w[1:] / w[0]
    print(f"runs: development {len(dev)}, held-out {len(held_out)}")
    for name, weights in (
        ("score alone", np.zeros(len(fitted))),
        ("fitted", fitted),
        (f"fitted x {args.scale}", args.scale * fitted),
        ("bot.advice.W_ORDER", advice.W_ORDER),
    ):
        shown = ", ".join(f"{x:.2f}" for x in weights)
        print(
            f"{name:20} [{shown}]  NDCG@5 development {ndcg(dev, weights):.3f}, held-out {ndcg(held_out, weights):.3f}"
        )


if __name__ == "__main__":
    main()
