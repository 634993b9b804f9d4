"""The REST channel of the trained bot that tests/conftest.py starts (`live_bot`)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest


class Bot:
    def __init__(self, url: str, tracker_db: Path | None = None, state_db: Path | None = None) -> None:
        self.url = url
        self.tracker_db = tracker_db  # the stores the running bot writes (for privacy tests)
        self.state_db = state_db

    def send(self, sender: str, message: Any, raw: bool = False) -> tuple[int, Any]:
        body = message if raw else json.dumps({"sender": sender, "message": message}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace")


@pytest.fixture(scope="session")
def bot(live_bot) -> Bot:
    return Bot(f"{live_bot.base}/webhooks/rest/webhook", live_bot.workdir / "tracker.db", live_bot.workdir / "state.db")
