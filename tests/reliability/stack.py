"""The bot as separate processes a test can kill, restart and slow down, with its stores on disk."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web

from tests.botkit import ROOT, free_port, rasa_command, wait_http
from tests.e2e.conftest import Bot

VENV = ROOT / ".venv" / "bin"


class DelayingProxy:
    """Sits between Rasa and the action server and holds calls for chosen senders.

    It lets one conversation have a slow action server while every other conversation does not,
    which is how a slow database or a slow external call inside one action looks in production.
    """

    def __init__(self, target_port: int) -> None:
        self.port = free_port()
        self.target = f"http://127.0.0.1:{target_port}"
        self.delays: dict[str, float] = {}  # sender-id prefix -> seconds
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()
        self._started.wait(10)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def forward(request: web.Request) -> web.Response:
            body = await request.read()
            sender = (json.loads(body or b"{}").get("tracker") or {}).get("sender_id", "")
            for prefix, seconds in self.delays.items():
                if sender.startswith(prefix):
                    await asyncio.sleep(seconds)
            async with ClientSession() as session:
                async with session.request(
                    request.method,
                    self.target + request.path_qs,
                    data=body,
                    headers={"Content-Type": "application/json"},
                ) as upstream:
                    return web.Response(
                        body=await upstream.read(), status=upstream.status, content_type="application/json"
                    )

        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", forward)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
        self._started.set()
        self._loop.run_forever()


class Stack:
    def __init__(self, workdir: Path, catalog_db: Path) -> None:
        self.workdir = workdir
        self.rasa_port, self.action_port = free_port(), free_port()
        self.proxy = DelayingProxy(self.action_port)
        self.tracker_db = workdir / "tracker.db"
        self.state_db = workdir / "state.db"
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",
            "ACTION_PORT": str(self.proxy.port),
            "TRACKER_DB": str(self.tracker_db),
            "KANSRIJK_STATE_DB": str(self.state_db),
            "KANSRIJK_CATALOG_DB": str(catalog_db),
        }
        self.rasa: subprocess.Popen | None = None
        self.actions: subprocess.Popen | None = None
        self.bot = Bot(f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook")
        self._starts = 0

    def _log(self, name: str):
        self._starts += 1
        return open(self.workdir / f"{name}-{self._starts}.log", "w")

    def start_actions(self) -> None:
        self.actions = subprocess.Popen(
            [str(VENV / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port)],
            cwd=ROOT,
            env=self.env,
            stdout=self._log("actions"),
            stderr=subprocess.STDOUT,
        )
        wait_http(f"http://127.0.0.1:{self.action_port}/health", [self.actions], 120)

    def start_rasa(self) -> None:
        self.rasa = subprocess.Popen(
            rasa_command(self.rasa_port),
            cwd=ROOT,
            env=self.env,
            stdout=self._log("rasa"),
            stderr=subprocess.STDOUT,
        )
        wait_http(f"http://127.0.0.1:{self.rasa_port}/", [self.rasa], 300)

    def kill(self, which: str, sig: int = signal.SIGKILL) -> None:
        proc = getattr(self, which)
        if proc is not None and proc.poll() is None:
            proc.send_signal(sig)
            proc.wait(30)

    def stop(self) -> None:
        for name in ("rasa", "actions"):
            self.kill(name, signal.SIGTERM)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.workdir.glob("*.log")))

    # What the stores hold, read with plain SQL so the test trusts nothing the bot says about itself.
    def user_events(self, sender: str) -> list[str]:
        with sqlite3.connect(self.tracker_db) as db:
            rows = db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender,)
            ).fetchall()
        return [json.loads(data).get("text") for (data,) in rows]

    def journal(self, sender: str) -> list[tuple[str, str]]:
        with sqlite3.connect(self.state_db) as db:
            return db.execute(
                "SELECT status, reason FROM inbound WHERE sender_id = ? ORDER BY received_at", (sender,)
            ).fetchall()

    def send_timed(self, sender: str, text: str) -> tuple[int, Any, float]:
        start = time.perf_counter()
        status, messages = self.bot.send(sender, text)
        return status, messages, time.perf_counter() - start


def texts(messages: Any) -> list[str]:
    return [m.get("text", "") for m in messages] if isinstance(messages, list) else []


def health(url: str) -> bool:
    try:
        return urllib.request.urlopen(url, timeout=5).status == 200
    except OSError:
        return False
