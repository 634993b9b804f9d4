"""A local stand-in for the two provider APIs the bot calls: Twilio's Messages API and Telegram's Bot API.

Started on a free loopback port in a thread; `bot_env()` is the environment that switches both channels on in the
bot and points them here (TWILIO_API_URL, TELEGRAM_API_URL). It checks what the real APIs check that matters here
(Twilio's basic auth, the bot token in the path, Telegram's 4,096 and Twilio's 1,600 character limits) and records
every call.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TWILIO_PATH = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json$")
TELEGRAM_PATH = re.compile(r"^/bot(\d+:[A-Za-z0-9_-]+)/(\w+)$")

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "0123456789abcdef0123456789abcdef"
WHATSAPP_NUMBER = "whatsapp:+14155238886"
BOT_TOKEN = "7012345678:AAFakeTokenForTests_only-0123456789"
SECRET = "test-secret_0123456789"
PUBLIC_URL = "https://kansrijk.example.test"  # deliberately not the address the tests talk to


@dataclass
class Call:
    api: str  # twilio | telegram
    method: str  # Messages.create | sendMessage | answerCallbackQuery | ...
    params: dict[str, Any]
    at: float = field(default_factory=time.time)


class FakeProviders:
    def __init__(
        self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN, bot_token: str = BOT_TOKEN
    ) -> None:
        self.account_sid, self.auth_token, self.bot_token = account_sid, auth_token, bot_token
        self.calls: list[Call] = []
        self.lock = threading.Lock()
        self.ids = itertools.count(1000)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProviders:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def bot_env(self) -> dict[str, str]:
        """The bot's environment for both channels, with their outgoing calls coming here."""
        return {
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_WHATSAPP_NUMBER": WHATSAPP_NUMBER,
            "TWILIO_API_URL": self.url,
            "KANSRIJK_PUBLIC_URL": PUBLIC_URL,
            "TELEGRAM_BOT_TOKEN": self.bot_token,
            "TELEGRAM_SECRET_TOKEN": SECRET,
            "TELEGRAM_API_URL": self.url,
        }

    def record(self, api: str, method: str, params: dict[str, Any]) -> None:
        with self.lock:
            self.calls.append(Call(api, method, params))

    def mark(self) -> int:
        with self.lock:
            return len(self.calls)

    def since(self, mark: int, where: Callable[[Call], bool] = lambda c: True) -> list[Call]:
        with self.lock:
            return [c for c in self.calls[mark:] if where(c)]

    def wait_for(self, mark: int, where: Callable[[Call], bool], count: int = 1, seconds: float = 30) -> list[Call]:
        deadline = time.time() + seconds
        while time.time() < deadline:
            found = self.since(mark, where)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"expected {count} call(s) within {seconds} s, got {self.since(mark, where)}")

    # --- what the fake answers -------------------------------------------------------------------
    def twilio(self, path: str, auth: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        match = TWILIO_PATH.match(path)
        if auth != expected or not match or match.group(1) != self.account_sid:
            return 401, {"code": 20003, "message": "Authenticate", "status": 401}
        if len(form.get("Body", "")) > 1600:
            return 400, {
                "code": 21617,
                "message": "The concatenated message body exceeds the 1600 character limit",
                "status": 400,
            }
        self.record("twilio", "Messages.create", form)
        sid = f"SM{next(self.ids):032x}"
        return 201, {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": form.get("To"),
            "from": form.get("From"),
            "body": form.get("Body"),
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }

    def telegram(self, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        match = TELEGRAM_PATH.match(path)
        if not match or match.group(1) != self.bot_token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = match.group(2)
        if "reply_markup" in params and isinstance(params["reply_markup"], str):
            params["reply_markup"] = json.loads(params["reply_markup"])
        self.record("telegram", method, params)
        if method == "sendMessage":
            if not 1 <= len(str(params.get("text", ""))) <= 4096:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}
            for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if len(button.get("callback_data", "").encode()) > 64:
                        return 400, {"ok": False, "error_code": 400, "description": "Bad Request: BUTTON_DATA_INVALID"}
            chat_id = int(params["chat_id"])
            return 200, {
                "ok": True,
                "result": {
                    "message_id": next(self.ids),
                    "date": int(time.time()),
                    "text": params["text"],
                    "from": {"id": int(self.bot_token.split(":")[0]), "is_bot": True, "first_name": "Kansrijk"},
                    "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
                },
            }
        if method in ("answerCallbackQuery", "setWebhook", "deleteWebhook"):
            return 200, {"ok": True, "result": True}
        if method == "getWebhookInfo":
            return 200, {"ok": True, "result": {"url": "", "has_custom_certificate": False, "pending_update_count": 0}}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params = json.loads(body or "{}")
                else:
                    params = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
                if self.path.startswith("/2010-04-01/"):
                    status, answer = fake.twilio(self.path, self.headers.get("Authorization", ""), params)
                else:
                    status, answer = fake.telegram(self.path, params)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
