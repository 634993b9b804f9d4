"""The REST channel of the trained bot that tests/conftest.py starts (`live_bot`)."""

from __future__ import annotations

import pytest
from botkit import RestBot as Bot


@pytest.fixture(scope="session")
def bot(live_bot) -> Bot:
    return live_bot.rest()
