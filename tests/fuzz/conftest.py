"""The REST channel of the bot that tests/conftest.py starts once per session (`live_bot`)."""

from __future__ import annotations

import pytest
from botkit import RestBot


@pytest.fixture(scope="session")
def bot(live_bot) -> RestBot:
    return live_bot.rest()
