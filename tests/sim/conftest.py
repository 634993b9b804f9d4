"""Fixtures for the simulated-user tests: the fixed sample, played once per session against `live_bot`."""

from __future__ import annotations

import pytest

from . import checks, population, report, runner, styles
from .sample import OUT, SAMPLE_SEED, SAMPLE_SIZE, THREADS, pace_of


@pytest.fixture(scope="session")
def sim_results(live_bot, catalog) -> list[report.Judged]:
    """The fixed sample's conversations, each cut at its style's turn limit (10 or 14: beyond it the person
    fails anyway), judged, with table and transcripts written to build/results/sim/test/."""
    people = population.population(SAMPLE_SIZE, SAMPLE_SEED)
    pace = pace_of(live_bot.workdir / "kansrijk.yml")
    conversations = runner.run_all(live_bot.base, people, lambda p: styles.turn_limit(p.style, p.kind), THREADS, pace)
    names = checks.NameFilter(catalog)
    rows = [report.judge(c, catalog, names) for c in conversations]
    report.write(rows, OUT, {"seed": SAMPLE_SEED, "n": SAMPLE_SIZE, "turn_limits": styles.TURN_LIMIT})
    return rows
