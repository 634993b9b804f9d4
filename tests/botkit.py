"""Helpers for tests that start the trained bot: free ports, the bot's two servers, a scripted intake.

tests/conftest.py starts one bot per session (`live_bot`) for tests/e2e (REST) and tests/messaging
(WhatsApp and Telegram, their API calls going to tests/fake_providers.py). Importable as `botkit` because
pytest puts tests/ on sys.path (tests/conftest.py has no package around it).
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import http.server
import json
import os
import re
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "kansrijk.tar.gz"
MAX_TURNS = 14

# The intake questions as the domain words them, in both languages: text -> slot.
QUESTIONS = {
    variant["text"]: name[len("utter_ask_") :]
    for name, variants in yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"].items()
    if name.startswith("utter_ask_")
    for variant in variants
}
# ... and as they are asked of a parent ("Hoe oud is je kind?", "Hoe oud is je neef?")
CHILD_QUESTIONS = [
    (re.compile(re.escape(question).replace(re.escape("{child}"), r"[\w ]+") + r"(?:\n|$)"), slot)
    for lang in ("nl", "en")
    for slot, question in yaml.safe_load((ROOT / "texts" / lang / "actions.yml").read_text(encoding="utf-8"))["intake"][
        "for_child"
    ].items()
]


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


def write_settings(path: Path, **edge: Any) -> Path:
    """A copy of kansrijk.yml with some `edge:` values replaced, for KANSRIJK_SETTINGS."""
    doc = yaml.safe_load((ROOT / "kansrijk.yml").read_text(encoding="utf-8"))
    doc["edge"] = {**(doc.get("edge") or {}), **edge}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Servers:
    base: str  # the Rasa server, e.g. http://127.0.0.1:40123
    workdir: Path  # logs, tracker.db, state.db
    rasa_pid: int
    action_pid: int


def rasa_command(port: int, cors: list[str] | None = None, endpoints: str = "endpoints.yml") -> list[str]:
    """Rasa's `rasa run` with the Rasa patches installed first, as scripts/serve.sh starts it, on loopback.

    `endpoints`: as serve.sh's ENDPOINTS (deploy/cluster/endpoints.yml for several servers on PostgreSQL)."""
    return [
        str(ROOT / ".venv" / "bin" / "python"),
        "-m",
        "rasa_patches",
        "run",
        "--model",
        str(MODEL),
        "--endpoints",
        endpoints,
        "--credentials",
        "credentials.yml",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        *(["--cors", *cors] if cors else []),
    ]


@contextlib.contextmanager
def running_bot(
    workdir: Path,
    catalog_path: Path,
    env: Mapping[str, str] | None = None,
    rasa_port: int | None = None,
    cors: list[str] | None = None,
) -> Iterator[str]:
    """The Rasa server and action server on free loopback ports, state in `workdir`; yields the base URL.

    `cors`: origins for `rasa run --cors`, as scripts/serve.sh passes edge.allowed_origins."""
    with running_servers(workdir, catalog_path, env, rasa_port, cors) as servers:
        yield servers.base


@contextlib.contextmanager
def running_servers(
    workdir: Path,
    catalog_path: Path,
    env: Mapping[str, str] | None = None,
    rasa_port: int | None = None,
    cors: list[str] | None = None,
) -> Iterator[Servers]:
    """`running_bot`, telling also the two processes (bench/ reads their memory use)."""
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}: run `make model` first")
    rasa_port, action_port = rasa_port or free_port(), free_port()
    full_env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "SANIC_HOST": "127.0.0.1",
        "ACTION_PORT": str(action_port),
        "TRACKER_DB": str(workdir / "tracker.db"),
        "KANSRIJK_STATE_DB": str(workdir / "state.db"),
        "KANSRIJK_CATALOG_DB": str(catalog_path),
        **(env or {}),
    }
    venv = ROOT / ".venv" / "bin"
    procs = [
        subprocess.Popen(
            [str(venv / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
            cwd=ROOT,
            env=full_env,
            stdout=open(workdir / "actions.log", "w"),
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            rasa_command(rasa_port, cors, full_env.get("ENDPOINTS") or "endpoints.yml"),
            cwd=ROOT,
            env=full_env,
            stdout=open(workdir / "rasa.log", "w"),
            stderr=subprocess.STDOUT,
        ),
    ]
    try:
        wait_http(f"http://127.0.0.1:{action_port}/health", procs, 120)
        wait_http(f"http://127.0.0.1:{rasa_port}/", procs, 300)
        yield Servers(f"http://127.0.0.1:{rasa_port}", workdir, procs[1].pid, procs[0].pid)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


class RestBot:
    """The REST channel of a running bot, and what it stored (tracker store, message journal)."""

    def __init__(self, url: str, tracker_db: Path | None = None, state_db: Path | None = None) -> None:
        self.url = url
        self.tracker_db = tracker_db
        self.state_db = state_db

    def send(self, sender: str, message: Any, raw: bool = False) -> tuple[int, Any]:
        body = message if raw else json.dumps({"sender": sender, "message": message}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace")

    def post(self, body: bytes) -> tuple[int, Any, str]:
        """POST raw bytes: (status, the reply parsed as JSON or else as text, its content type)."""
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw, content_type = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            status, raw, content_type = err.code, err.read(), err.headers.get("Content-Type", "")
        try:
            return status, json.loads(raw or b"null"), content_type
        except ValueError:
            return status, raw.decode(errors="replace"), content_type

    def user_events(self, sender: str) -> list[dict[str, Any]]:
        """The user events Rasa stored for this conversation (text and parse data: intent, entities)."""
        with contextlib.closing(sqlite3.connect(f"file:{self.tracker_db}?mode=ro", uri=True)) as db:
            rows = db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender,)
            ).fetchall()
        return [json.loads(data) for (data,) in rows]

    def journal(self, sender: str) -> list[tuple[str, str]]:
        """(status, reason) of each message the edge took from this sender, oldest first."""
        with contextlib.closing(sqlite3.connect(f"file:{self.state_db}?mode=ro", uri=True)) as db:
            return db.execute(
                "SELECT status, reason FROM inbound WHERE sender_id = ? ORDER BY received_at", (sender,)
            ).fetchall()


class GuestSite:
    """A school's own site on another origin, listening from the start of the session: a port only reserved then
    was taken by another connection by the time the browser test bound it ("Address already in use")."""

    def __init__(self) -> None:
        self.page = b""  # what "/" serves (set by the test that needs it)
        site = self

        class Page(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the standard library's name
                found = self.path == "/" and bool(site.page)
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(site.page if found else b"")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class LiveBot:
    """A running bot: its base URL, its working directory (logs, tracker.db) and the fake provider APIs."""

    def __init__(self, base: str, workdir: Path, providers: Any = None, guest: GuestSite | None = None) -> None:
        self.base, self.workdir, self.providers = base, workdir, providers
        self.guest = guest  # a site on http://127.0.0.1:<port> that may embed the web chat
        self.guest_port = guest.port if guest else None

    def rest(self) -> RestBot:
        return RestBot(f"{self.base}/webhooks/rest/webhook", self.workdir / "tracker.db", self.workdir / "state.db")

    def user_texts(self, sender_id: str) -> list[str]:
        """What Rasa stored as the user's messages (after a channel mapped numbers and buttons)."""
        with contextlib.closing(sqlite3.connect(self.workdir / "tracker.db")) as db:
            rows = db.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender_id,)
            ).fetchall()
        return [json.loads(data)["text"] for (data,) in rows]


def question_asked(messages: list[dict[str, Any]]) -> str | None:
    """Which intake question the bot asked last, by its text in either language (a channel may add to it)."""
    for message in reversed(messages):
        text = message.get("text") or ""
        for question, slot in QUESTIONS.items():
            if text == question or text.startswith(question + "\n"):
                return slot
        for pattern, slot in CHILD_QUESTIONS:
            if pattern.match(text):
                return slot
    return None


def converse(
    send: Callable[[str], list[dict[str, Any]]],
    opening: list[str],
    answers: dict[str, str],
    finished: Callable[[list[dict[str, Any]]], Any],
) -> tuple[Any, list[dict[str, Any]]]:
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


def socketio_channel(credentials: Path | None = None) -> dict[str, Any] | None:
    """The socket.io channel's settings from credentials.yml (stock `socketio` or a class named *socketio*), or None."""
    doc = yaml.safe_load((credentials or ROOT / "credentials.yml").read_text(encoding="utf-8")) or {}
    for key, value in doc.items():
        if "socketio" in str(key).lower():
            return value or {}
    return None


class SocketChat:
    """One socket.io conversation, in Rasa's protocol: `session_request` -> `session_confirm`, then user messages
    as `user_uttered` {"message", "session_id"} and the bot's messages as `bot_uttered` events (names from the
    channel settings). socket.io has no end-of-turn marker: a reply is what arrives until `quiet` s of silence."""

    def __init__(
        self,
        base: str,
        channel: dict[str, Any],
        transports: tuple[str, ...] = ("polling",),
        source: str | None = None,
        session_id: str | None = None,
    ) -> None:
        """`transports`: engine.io's ("polling",) or ("websocket",) (see `websocket_client_fix`); `source`: the
        loopback address to connect from (another pupil, as a proxy sees it); `session_id`: ask for this
        conversation (a second tab of the same widget) instead of a new one."""
        import socketio  # python-socketio, installed with Rasa

        self.base = base
        self.transports = list(transports)
        self.source = source
        self.wanted_session = session_id
        self.user_event = channel.get("user_message_evt", "user_uttered")
        self.bot_event = channel.get("bot_message_evt", "bot_uttered")
        self.namespace = channel.get("namespace") or "/"
        self.path = str(channel.get("socketio_path", "/socket.io")).strip("/")
        self.client_options: dict[str, Any] = {"reconnection": False}
        self.socketio = socketio
        self.inbox: asyncio.Queue[Any] = asyncio.Queue()
        self.session_id = ""

    async def __aenter__(self) -> SocketChat:
        if self.source:
            import aiohttp

            connector = aiohttp.TCPConnector(local_addr=(self.source, 0))
            self.client_options["http_session"] = aiohttp.ClientSession(connector=connector)
        self.client = self.socketio.AsyncClient(**self.client_options)
        self.client.on(self.bot_event, self.inbox.put_nowait, namespace=self.namespace)
        self.client.on("session_confirm", self.inbox.put_nowait, namespace=self.namespace)
        if "websocket" in self.transports:
            websocket_client_fix()
        await self.client.connect(
            self.base,
            socketio_path=self.path,
            namespaces=[self.namespace],
            wait_timeout=10,
            transports=self.transports,
        )
        self.session_id = self.wanted_session or uuid.uuid4().hex
        await self.client.emit("session_request", {"session_id": self.session_id}, namespace=self.namespace)
        await asyncio.wait_for(self.inbox.get(), timeout=10)  # session_confirm
        return self

    async def __aexit__(self, *exc: Any) -> None:
        # Close the engine.io connection without waiting for the pending long-poll (up to the server's 25 s ping
        # interval); asyncio.run cancels the read loop it leaves behind.
        await self.client.eio.disconnect(abort=True)
        session = self.client_options.get("http_session")
        if session is not None:
            await session.close()

    @property
    def connected(self) -> bool:
        return bool(self.client.connected)

    async def say(self, payload: Any, first: float = 15.0, quiet: float = 0.6) -> list[Any]:
        """Emit a user message (a text, or any raw payload) and collect the bot's messages."""
        if isinstance(payload, str):
            payload = {"message": payload, "session_id": self.session_id}
        await self.client.emit(self.user_event, payload, namespace=self.namespace)
        replies: list[Any] = []
        try:
            replies.append(await asyncio.wait_for(self.inbox.get(), timeout=first))
            while True:
                replies.append(await asyncio.wait_for(self.inbox.get(), timeout=quiet))
        except asyncio.TimeoutError:
            return replies


def websocket_client_fix() -> None:
    """python-engineio 4.15's client opens websockets with aiohttp >= 3.10's `ClientWSTimeout`; Rasa pins aiohttp
    3.9, whose `ws_connect(timeout=...)` takes the same close timeout as a number. Only the test client needs it."""
    import aiohttp

    if not hasattr(aiohttp, "ClientWSTimeout"):

        def close_timeout(ws_close: float | None = None, ws_receive: float | None = None) -> float:
            return 10.0 if ws_close is None else ws_close

        aiohttp.ClientWSTimeout = close_timeout  # type: ignore[attr-defined]


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (Linux /proc), None once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# --- the counsellor's pages (issue 11) ----------------------------------------------------------------------------
COUNSELLOR_PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
JOIN_CODE = re.compile(r"\b([A-Z0-9]{3}-[A-Z0-9]{3})\b")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Counsellor:
    """A counsellor's browser for /webhooks/counsellor: a cookie jar, no automatic redirects (tests look at
    them), the CSRF token of the login."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base + "/webhooks/counsellor"
        self.username = username
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.csrf = ""

    def request(self, method: str, path: str, data: dict[str, Any] | None = None) -> tuple[int, dict[str, str], bytes]:
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if method == "POST" else None
        req = urllib.request.Request(self.base + path, data=body, method=method)
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()

    def get(self, path: str) -> tuple[int, str]:
        status, _, body = self.request("GET", path)
        return status, body.decode("utf-8", "replace")

    def post(self, path: str, data: dict[str, Any], csrf: bool = True) -> tuple[int, str]:
        status, headers, _ = self.request("POST", path, {**data, **({"csrf": self.csrf} if csrf else {})})
        return status, headers.get("location", "")

    def login(self, password: str = COUNSELLOR_PASSWORD) -> int:
        status, headers, _ = self.request("POST", "/login", {"username": self.username, "password": password})
        if status == 303:
            page = self.get("/")[1]
            self.csrf = CSRF.search(page).group(1)
        return status

    def join(self, code: str) -> str:
        status, location = self.post("/join", {"code": code})
        assert status == 303, status
        return location.rsplit("/", 1)[-1]


def new_counsellor(bot: LiveBot, role: str = "counsellor") -> Counsellor:
    """A fresh account in the running bot's state database, and a browser for it (not logged in yet)."""
    from bot.counsel import auth
    from bot.counsel import store as counsel_store

    accounts = counsel_store.CounselStore(counsel_store.url_for(bot.workdir / "state.db"))
    name = f"c-{uuid.uuid4().hex[:8]}"
    accounts.add_counsellor(name, f"Decaan {name}", role, auth.hash_password(COUNSELLOR_PASSWORD))
    accounts.close()
    return Counsellor(bot.base, name)
