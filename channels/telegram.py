"""Telegram at /webhooks/telegram/webhook, through the edge.

Differences from Rasa's stock Telegram channel: every update must carry the secret token given to
setWebhook (`X-Telegram-Bot-Api-Secret-Token`, compared in constant time), else 403; no getMe()
call per update and no setWebhook at start-up; no public /set_webhook route (anyone could point the
bot elsewhere): the operator runs `scripts/telegram_webhook.py set` instead; `update_id`
de-duplicates re-deliveries; buttons are an inline keyboard whose callback_data is the payload
itself or, when longer than Telegram's 64 bytes, a hash resolved from the buttons stored in the
tracker; photos, stickers and edits get a kind answer instead of a crash.

Settings (credentials.yml key, else environment variable): access_token / TELEGRAM_BOT_TOKEN,
secret_token / TELEGRAM_SECRET_TOKEN (1-256 of A-Z a-z 0-9 _ -), public_url / KANSRIJK_PUBLIC_URL
(only for setting the webhook); optional api_url / TELEGRAM_API_URL (a local Bot API server, tests).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.texts import text

from . import chat_apps, render_text
from .edge import Edge

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}\Z")
CALLBACK_LIMIT = 64  # bytes of callback_data
HASHED = "#"  # callback_data starting with this is a hash of a longer payload
UPDATES = ("message", "edited_message", "callback_query")
GREETING = text("channels.telegram.greeting")  # sent for the person who taps Telegram's "Start"


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    secret: str
    public_url: str = ""
    api_url: str = ""

    @classmethod
    def load(cls, credentials: Mapping[str, Any] | None) -> TelegramSettings:
        return cls(
            token=chat_apps.setting(credentials, "access_token", "TELEGRAM_BOT_TOKEN"),
            secret=chat_apps.setting(credentials, "secret_token", "TELEGRAM_SECRET_TOKEN"),
            public_url=chat_apps.setting(credentials, "public_url", chat_apps.PUBLIC_URL_ENV),
            api_url=chat_apps.setting(credentials, "api_url", "TELEGRAM_API_URL"),
        )

    @property
    def webhook_url(self) -> str:
        return chat_apps.public_url(self.public_url, WEBHOOK_PATH) if self.public_url else ""

    def complete(self) -> bool:
        if self.secret and not SECRET_TOKEN.match(self.secret):
            logger.error("Telegram channel off: TELEGRAM_SECRET_TOKEN may only hold 1-256 of A-Z a-z 0-9 _ -")
            return False
        return chat_apps.report_settings(
            "Telegram",
            {"TELEGRAM_BOT_TOKEN": self.token, "TELEGRAM_SECRET_TOKEN": self.secret},
            self.webhook_url or WEBHOOK_PATH,
        )

    def bot(self) -> Bot:
        server = TelegramAPIServer.from_base(self.api_url) if self.api_url else TELEGRAM_PRODUCTION
        return Bot(self.token, server=server, timeout=chat_apps.SEND_TIMEOUT_SECONDS)


def callback_data(payload: str) -> str:
    """What a button carries: its payload when it fits in 64 bytes, else a hash found again in the tracker."""
    if len(payload.encode("utf-8")) <= CALLBACK_LIMIT and not payload.startswith(HASHED):
        return payload
    return HASHED + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def keyboard(buttons: tuple[dict[str, str], ...]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b["title"], callback_data=callback_data(b["payload"]))] for b in buttons
        ]
    )


class TelegramTextOutput(chat_apps.ChatAppOutput):
    channel = "telegram"

    def __init__(self, settings: TelegramSettings) -> None:
        super().__init__(settings.bot, render_text.TELEGRAM_LIMIT, numbered=False)

    async def deliver(self, recipient_id: str, part: render_text.Part) -> None:
        await self.client().send_message(
            recipient_id, part.text, reply_markup=keyboard(part.buttons), disable_web_page_preview=True
        )

    async def answer_callback(self, callback_query_id: str) -> None:
        """Stop the spinner on the tapped button; a failure only costs the user a spinning button."""
        try:
            await self.client().answer_callback_query(callback_query_id)
        except Exception as err:
            logger.warning("answerCallbackQuery failed: %s", type(err).__name__)


def _language_code(user: Mapping[str, Any] | None) -> str | None:
    code = str((user or {}).get("language_code") or "")[:2].lower()
    return code if code in ("nl", "en") else None


def _chat_id(message: Mapping[str, Any] | None, user: Mapping[str, Any] | None = None) -> str:
    chat = (message or {}).get("chat") or user or {}
    return str(chat.get("id", ""))


class KansrijkTelegram(chat_apps.ChatAppInput, TelegramInput):
    title = "Telegram"
    settings_type = TelegramSettings

    def __init__(self, settings: TelegramSettings) -> None:
        super().__init__(settings.token, None, settings.webhook_url, debug_mode=False)
        self.configure(settings, TelegramTextOutput(settings))

    # get_output_channel (ChatAppInput) returns the output as it is: the stock one calls setWebhook on every start.

    def authentic(self, request: Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "")
        return bool(self.settings.secret) and hmac.compare_digest(
            given.encode("utf-8"), self.settings.secret.encode("utf-8")
        )

    def accept(self, request: Request) -> tuple[Any, HTTPResponse | None]:
        if not self.authentic(request):
            return None, chat_apps.forbidden(self.title, f"missing or wrong {SECRET_HEADER}")
        try:
            update = request.json
        except Exception:  # Sanic raises several types for a broken body
            update = None
        if not isinstance(update, dict):
            return None, response.text("Bad request: the body is not a Telegram Update object.", status=400)
        return update, None

    async def resolve(self, data: str, sender_id: str, agent: Any) -> str | None:
        """The payload of a tapped button; None when a hashed one is no longer in the conversation."""
        if not data.startswith(HASHED):
            return data
        tracker = await chat_apps.load_tracker(agent, sender_id)
        button = chat_apps.find_button(chat_apps.events_of(tracker), lambda b: callback_data(b["payload"]) == data)
        return button["payload"] if button else None

    async def handle(
        self, update: Mapping[str, Any], agent: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Any:
        async def kind(sender_id: str, text: Any, user: Any) -> None:
            await chat_apps.kind_reply(self.output, agent, self.name(), sender_id, text, _language_code(user))

        if isinstance(update.get("callback_query"), dict):
            query = update["callback_query"]
            sender_id = _chat_id(query.get("message"), query.get("from"))
            await self.output.answer_callback(str(query.get("id", "")))
            text = await self.resolve(str(query.get("data") or ""), sender_id, agent)
            if text is None:
                return await kind(sender_id, chat_apps.EXPIRED, query.get("from"))
        elif isinstance(update.get("message"), dict):
            message = update["message"]
            sender_id = _chat_id(message)
            text = message.get("text")
            if not isinstance(text, str) or not text.strip():  # photo, sticker, voice, location, ...
                return await kind(sender_id, chat_apps.TEXT_ONLY, message.get("from"))
            if text.split(maxsplit=1)[0].split("@")[0] == "/start":  # Telegram's "Start" button
                text = GREETING.get(_language_code(message.get("from")) or "nl")
        elif isinstance(update.get("edited_message"), dict):
            message = update["edited_message"]
            return await kind(_chat_id(message), chat_apps.EDITED, message.get("from"))
        else:
            logger.debug("Telegram update without a message ignored: %s", sorted(update))
            return None
        return await Edge.shared().handle(
            channel=self.name(),
            sender_id=sender_id,
            text=text,
            client=self.name(),  # every request comes from Telegram: the per-sender limit is the one that counts
            output=self.output,
            on_new_message=on_new_message,
            agent=agent,
            client_message_id=str(update["update_id"]) if "update_id" in update else None,
        )


async def set_webhook(settings: TelegramSettings, drop_pending: bool = False) -> dict[str, Any]:
    """Point Telegram at this server, with the secret token every update must then carry."""
    if not settings.webhook_url.startswith("https://"):
        raise ValueError(f"{chat_apps.PUBLIC_URL_ENV} must be the public https:// address of this server")
    if not SECRET_TOKEN.match(settings.secret):
        raise ValueError("TELEGRAM_SECRET_TOKEN must be set: 1-256 of A-Z a-z 0-9 _ -")
    return await _call(
        settings,
        "setWebhook",
        {
            "url": settings.webhook_url,
            "secret_token": settings.secret,
            "allowed_updates": json.dumps(list(UPDATES)),
            "drop_pending_updates": "true" if drop_pending else "false",
        },
    )


async def _call(settings: TelegramSettings, method: str, data: dict[str, Any] | None = None) -> Any:
    bot = settings.bot()
    try:
        return await bot.request(method, data or {})
    finally:
        await bot.session.close()


async def webhook_command(settings: TelegramSettings, command: str, drop_pending: bool = False) -> Any:
    """`set`, `delete` or `info`: the operator's side of the webhook (scripts/telegram_webhook.py)."""
    if command == "set":
        return await set_webhook(settings, drop_pending)
    if command == "delete":
        return await _call(settings, "deleteWebhook", {"drop_pending_updates": "true" if drop_pending else "false"})
    return await _call(settings, "getWebhookInfo")
