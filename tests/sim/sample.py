"""The fixed sample `make test` plays (tests/sim/test_sim.py), and how fast it may talk to the shared bot."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.settings import EdgeSettings

from .runner import Pace

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_SIZE = 150  # at least 150 (issue 10): 2-3 people of every (kind x style) cell
SAMPLE_SEED = 2026
THREADS = 12  # most threads wait out the per-sender pacing; the bot (2 cores) is the bottleneck
OUT = ROOT / "build" / "results" / "sim" / "test"


def pace_of(settings_file: Path) -> Pace:
    """The per-sender limit of the bot under test, from the kansrijk.yml it was started with (the session's
    `live_bot` keeps the shipped per-sender limits: 30 a minute, bursts of 8)."""
    doc = yaml.safe_load(settings_file.read_text(encoding="utf-8")) if settings_file.exists() else {}
    edge = (doc or {}).get("edge") or {}
    defaults = EdgeSettings()
    return Pace(
        float(edge.get("sender_per_minute", defaults.sender_per_minute)),
        float(edge.get("sender_burst", defaults.sender_burst)),
    )
