"""Helpers for tests that start the trained bot: free ports, the bot's two servers, a scripted intake.

tests/conftest.py starts one bot per session (`live_bot`) for tests/e2e (REST), tests/messaging
(WhatsApp and Telegram, their API calls going to tests/fake_providers.py) and tests/browser (the web widget).
Importable as `botkit` because pytest puts tests/ on sys.path (tests/conftest.py has no package around it).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import yaml

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "kansrijk.tar.gz"
MAX_TURNS = 14

# The intake questions as the domain words them, in both languages: text -> slot.
QUESTIONS = {variant["text"]: name[len("utter_ask_"):]
             for name, variants in yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"].items()
             if name.startswith("utter_ask_") for variant in variants}


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


def settings_allowing(workdir: Path, origins: list[str]) -> dict[str, str]:
    """Environment for a copy of kansrijk.yml whose `edge.allowed_origins` also holds `origins` (web pages that
    may open the chat widget)."""
    settings = yaml.safe_load((ROOT / "kansrijk.yml").read_text(encoding="utf-8"))
    edge = settings.setdefault("edge", {})
    edge["allowed_origins"] = [*(edge.get("allowed_origins") or []), *origins]
    path = workdir / "kansrijk.yml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return {"KANSRIJK_SETTINGS": str(path)}


@contextlib.contextmanager
def running_bot(workdir: Path, catalog_path: Path, env: Mapping[str, str] | None = None,
                rasa_port: int | None = None, cors: list[str] | None = None) -> Iterator[str]:
    """The Rasa server and action server on free loopback ports, state in `workdir`; yields the base URL.

    `cors`: origins for `rasa run --cors`, as scripts/serve.sh passes edge.allowed_origins."""
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}: run `make model` first")
    rasa_port, action_port = rasa_port or free_port(), free_port()
    full_env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SANIC_HOST": "127.0.0.1",
                "ACTION_PORT": str(action_port), "TRACKER_DB": str(workdir / "tracker.db"),
                "KANSRIJK_STATE_DB": str(workdir / "state.db"), "KANSRIJK_CATALOG_DB": str(catalog_path),
                **(env or {})}
    venv = ROOT / ".venv" / "bin"
    procs = [
        subprocess.Popen([str(venv / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
                         cwd=ROOT, env=full_env, stdout=open(workdir / "actions.log", "w"), stderr=subprocess.STDOUT),
        subprocess.Popen([str(venv / "rasa"), "run", "--model", str(MODEL), "--endpoints", "endpoints.yml",
                          "--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(rasa_port),
                          *(["--cors", *cors] if cors else [])],
                         cwd=ROOT, env=full_env, stdout=open(workdir / "rasa.log", "w"), stderr=subprocess.STDOUT),
    ]
    try:
        wait_http(f"http://127.0.0.1:{action_port}/health", procs, 120)
        wait_http(f"http://127.0.0.1:{rasa_port}/", procs, 300)
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


class LiveBot:
    """A running bot: its base URL, its working directory (logs, tracker.db) and the fake provider APIs."""

    def __init__(self, base: str, workdir: Path, providers: Any = None, guest_port: int | None = None) -> None:
        self.base, self.workdir, self.providers = base, workdir, providers
        self.guest_port = guest_port  # a free port whose http://127.0.0.1 origin may embed the web chat

    def user_texts(self, sender_id: str) -> list[str]:
        """What Rasa stored as the user's messages (after a channel mapped numbers and buttons)."""
        with contextlib.closing(sqlite3.connect(self.workdir / "tracker.db")) as db:
            rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                              (sender_id,)).fetchall()
        return [json.loads(data)["text"] for (data,) in rows]


def question_asked(messages: list[dict[str, Any]]) -> str | None:
    """Which intake question the bot asked last, by its text in either language (a channel may add to it)."""
    for message in reversed(messages):
        text = message.get("text") or ""
        for question, slot in QUESTIONS.items():
            if text == question or text.startswith(question + "\n"):
                return slot
    return None


def converse(send: Callable[[str], list[dict[str, Any]]], opening: list[str], answers: dict[str, str],
             finished: Callable[[list[dict[str, Any]]], Any]) -> tuple[Any, list[dict[str, Any]]]:
    """Send the opening lines, then answer each question in free text until `finished` returns something."""
    transcript: list[dict[str, Any]] = []
    outbox = list(opening)
    for _ in range(MAX_TURNS):
        messages = send(outbox.pop(0))
        transcript += messages
        result = finished(messages)
        if result:
            return result, transcript
        if not outbox:
            asked = question_asked(messages)
            assert asked in answers, f"bot asked {asked!r}; transcript: {[m.get('text') for m in transcript]}"
            outbox.append(answers[asked])
    raise AssertionError(f"no recommendations after {MAX_TURNS} turns: {[m.get('text') for m in transcript]}")
