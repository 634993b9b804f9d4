"""People on WhatsApp and Telegram talking to a running bot: the session's (tests/conftest.py `live_bot`) or one
server of the cluster (tests/cluster/).

`WhatsAppUser` and `TelegramUser` post recorded, real-format webhooks (tests/messaging/payloads/)
with only the ids and the text changed, signed as Twilio and Telegram sign them, and read the bot's
answers from what it sent to the fake API.
"""

from __future__ import annotations

import copy
import itertools
import json
import random
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode

from fake_providers import AUTH_TOKEN, PUBLIC_URL, SECRET, WHATSAPP_NUMBER, Call, FakeProviders
from twilio.request_validator import RequestValidator

PAYLOADS = Path(__file__).parent / "messaging" / "payloads"
_update_ids = itertools.count(random.randint(10**8, 9 * 10**8))


class Bot(Protocol):
    """Where the webhooks go (`base`) and where the bot's answers arrive (`providers`)."""

    @property
    def base(self) -> str: ...

    @property
    def providers(self) -> FakeProviders: ...


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")


class WhatsAppUser:
    url_path = "/webhooks/whatsapp/webhook"

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.wa_id = "316" + "".join(random.choices("0123456789", k=8))
        self.sender_id = f"whatsapp:+{self.wa_id}"

    def form(self, text: str | None, template: str = "twilio_whatsapp_text.form") -> list[tuple[str, str]]:
        """The recorded webhook with this user's number, a new MessageSid and (if given) this text."""
        sid = f"SM{random.getrandbits(128):032x}"
        values = {"From": self.sender_id, "WaId": self.wa_id, "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid}
        if text is not None:
            values["Body"] = text
        pairs = parse_qsl((PAYLOADS / template).read_text(encoding="utf-8"), keep_blank_values=True)
        return [(k, values.get(k, v)) for k, v in pairs]

    def signature(self, form: list[tuple[str, str]], url: str | None = None) -> str:
        """X-Twilio-Signature as Twilio computes it, by default over the public webhook URL."""
        return RequestValidator(AUTH_TOKEN).compute_signature(url or PUBLIC_URL + self.url_path, dict(form))

    def post(
        self, form: list[tuple[str, str]], signature: str | None = None, signed_url: str | None = None
    ) -> tuple[int, str]:
        if signature is None:
            signature = self.signature(form, signed_url)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
            "User-Agent": "TwilioProxy/1.1",
            "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
        }
        if signature:
            headers["X-Twilio-Signature"] = signature
        return post(self.bot.base + self.url_path, urlencode(form).encode(), headers)

    def mine(self, call: Call) -> bool:
        """A message the bot sent to this user."""
        return call.api == "twilio" and call.params.get("To") == self.sender_id

    def sent(self, mark: int) -> list[Call]:
        return self.bot.providers.since(mark, self.mine)

    def exchange(self, form: list[tuple[str, str]]) -> list[dict[str, Any]]:
        mark = self.bot.providers.mark()
        status, body = self.post(form)
        assert status == 200, body
        self.bot.providers.wait_for(mark, self.mine)
        calls = self.sent(mark)
        for call in calls:
            assert call.params["From"] == WHATSAPP_NUMBER
        return [{"text": call.params["Body"]} for call in calls]

    def say(self, text: str) -> list[dict[str, Any]]:
        return self.exchange(self.form(text))


class TelegramUser:
    url_path = "/webhooks/telegram/webhook"

    def __init__(self, bot: Bot, language_code: str = "nl") -> None:
        self.bot = bot
        self.chat_id = random.randint(10**9, 9 * 10**9)
        self.sender_id = str(self.chat_id)
        self.language_code = language_code

    def update(self, template: str, text: str | None = None, data: str | None = None) -> dict[str, Any]:
        update = copy.deepcopy(json.loads((PAYLOADS / template).read_text(encoding="utf-8")))
        update["update_id"] = next(_update_ids)
        for key in ("message", "edited_message", "callback_query"):
            part = update.get(key)
            if not part:
                continue
            part["from"]["id"] = self.chat_id
            part["from"]["language_code"] = self.language_code
            message = part.get("message", part)
            message["chat"]["id"] = self.chat_id
            if text is not None and key != "callback_query":
                part["text"] = text
            if data is not None and key == "callback_query":
                part["data"] = data
                part["id"] = str(random.getrandbits(62))
        return update

    def post(self, update: dict[str, Any], secret: str | None = SECRET) -> tuple[int, str]:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return post(self.bot.base + self.url_path, json.dumps(update).encode(), headers)

    def mine(self, call: Call) -> bool:
        """A message the bot sent to this user."""
        return call.method == "sendMessage" and str(call.params.get("chat_id")) == self.sender_id

    def sent(self, mark: int) -> list[Call]:
        return self.bot.providers.since(mark, self.mine)

    def exchange(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        mark = self.bot.providers.mark()
        status, body = self.post(update)
        assert status == 200, body
        self.bot.providers.wait_for(mark, self.mine)
        return [
            {
                "text": c.params["text"],
                "buttons": [
                    {"title": b["text"], "callback_data": b["callback_data"]}
                    for row in (c.params.get("reply_markup") or {}).get("inline_keyboard", [])
                    for b in row
                ],
            }
            for c in self.sent(mark)
        ]

    def say(self, text: str) -> list[dict[str, Any]]:
        return self.exchange(self.update("telegram_message.json", text=text))

    def tap(self, callback_data: str) -> list[dict[str, Any]]:
        return self.exchange(self.update("telegram_callback_query.json", data=callback_data))
