"""The pass bar of issue 10 for a fixed sample of simulated people (tests/sim/conftest.py), against the live bot.

Each check is its own test so a run says which promise is broken; every message names the failing people with
a short transcript, and build/results/sim/test/failures.txt has the full ones. Replay one person against a
running bot with `bench/sim.py --n 150 --seed 2026 --only p0042 -v --url ...`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from . import report
from .sample import OUT, SAMPLE_SEED, SAMPLE_SIZE

pytestmark = [pytest.mark.e2e, pytest.mark.sim]


def _fail_unless(rows: list[report.Judged], bad: Callable[[report.Judged], bool], what: str) -> None:
    failing = [r for r in rows if bad(r)]
    if failing:
        pytest.fail(
            f"{len(failing)} of {len(rows)} simulated people (seed {SAMPLE_SEED}): {what}\n\n"
            f"{report.table(rows)}\n\n{report.failure_lines(failing)}\n\n"
            f"full transcripts: {OUT / 'failures.txt'}",
            pytrace=False,
        )


def test_sample_is_large_and_ran_cleanly(sim_results):
    assert len(sim_results) >= 150 and SAMPLE_SIZE >= 150
    _fail_unless(sim_results, lambda r: bool(r.conv.crash) or not r.conv.turns, "the harness could not talk to the bot")


def test_everyone_reaches_advice_within_the_turn_limit(sim_results):
    _fail_unless(
        sim_results,
        lambda r: not r.verdict.reached or r.verdict.turns > r.verdict.limit or r.verdict.no_next_step,
        "no advice (or honest nothing-fits with a next step) within 10 turns (cooperative styles) or 14 (hard styles)",
    )


def test_no_question_is_asked_more_than_twice_in_a_row(sim_results):
    _fail_unless(sim_results, lambda r: r.verdict.max_repeat > 2, "a question asked more than twice in a row")


def test_no_empty_or_failed_replies(sim_results):
    _fail_unless(
        sim_results,
        lambda r: r.verdict.empty > 0 or r.verdict.errors > 0,
        "empty replies (no text, no payload) or failed requests",
    )


def test_no_reply_in_the_wrong_language(sim_results):
    _fail_unless(sim_results, lambda r: bool(r.verdict.wrong_language), "bot sentences in the other language")


def test_no_recommendation_contradicts_the_admission_engine(sim_results):
    _fail_unless(
        sim_results,
        lambda r: bool(r.verdict.contradictions),
        "main-list courses the admission engine calls closed, or without the wiskunde/NaSk1 note",
    )


def test_told_route_and_place_reach_the_advice(sim_results):
    _fail_unless(
        sim_results,
        lambda r: bool(r.verdict.lost),
        "a route or place the person told (or corrected) that the advice does not follow",
    )
