"""Start the trained bot (Rasa server + action server) on free loopback ports for end-to-end tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "kansrijk.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, procs: list[subprocess.Popen], seconds: float) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"a server stopped early (exit {p.returncode}); see its log")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


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
def bot(tmp_path_factory, catalog_path) -> Bot:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make model` first")
    logs = tmp_path_factory.mktemp("bot")
    rasa_port, action_port = free_port(), free_port()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SANIC_HOST": "127.0.0.1",
           "ACTION_PORT": str(action_port), "TRACKER_DB": str(logs / "tracker.db"),
           "KANSRIJK_STATE_DB": str(logs / "state.db"), "KANSRIJK_CATALOG_DB": str(catalog_path)}
    venv = ROOT / ".venv" / "bin"
    procs = [
        subprocess.Popen([str(venv / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
                         cwd=ROOT, env=env, stdout=open(logs / "actions.log", "w"), stderr=subprocess.STDOUT),
        subprocess.Popen([str(venv / "rasa"), "run", "--model", str(MODEL), "--endpoints", "endpoints.yml",
                          "--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(rasa_port)],
                         cwd=ROOT, env=env, stdout=open(logs / "rasa.log", "w"), stderr=subprocess.STDOUT),
    ]
    try:
        wait_http(f"http://127.0.0.1:{action_port}/health", procs, 120)
        wait_http(f"http://127.0.0.1:{rasa_port}/", procs, 300)
        yield Bot(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook", logs / "tracker.db", logs / "state.db")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
