"""What the WhatsApp and Telegram channels share.

- Settings: each value comes from the channel's entry in credentials.yml if given there, else from
  an environment variable; a channel whose settings are missing stays off (its webhook answers 503)
  and says so in one log line, so `make run` works without any secret.
- Buttons, read back durably from the tracker store (not process memory): the buttons of the bot's
  latest turn (for "2" on WhatsApp) and any button the bot ever sent (for Telegram callbacks).
- An answer to the provider in time: the turn runs as a task; the webhook returns once it is done
  or after `ACK_WITHIN_SECONDS` (Twilio gives up after 15 s), and the task finishes on its own.
- The kind replies for what the bot cannot read (photos, stickers, edits, expired buttons).
- `ChatAppInput`: the webhook (health, 503 while off, the provider's check, the turn in time).
- `ChatAppOutput`: renders bot messages with `render_text` and hands each part to the app.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.counsel import live
from bot.i18n import Text
from bot.texts import text

from . import render_text
from .edge import SENDER_ID, Edge, in_language

logger = logging.getLogger(__name__)

PUBLIC_URL_ENV = "KANSRIJK_PUBLIC_URL"
ACK_WITHIN_SECONDS = 10.0  # Twilio waits 15 s; the edge ends a turn within 9 s
SEND_TIMEOUT_SECONDS = 5.0  # one call to the provider's API

TEXT_ONLY = text("channels.chat_apps.text_only")
EDITED = text("channels.chat_apps.edited")
EXPIRED = text("channels.chat_apps.expired")

T = TypeVar("T")
_background: set[asyncio.Task] = set()


def setting(credentials: Mapping[str, Any] | None, key: str, env: str) -> str:
    """A channel setting: the credentials.yml key if set there, else the environment variable."""
    value = (credentials or {}).get(key)
    if value in (None, ""):
        value = os.environ.get(env, "")
    return str(value).strip()


def report_settings(channel: str, values: Mapping[str, str], url: str) -> bool:
    """True when every setting is present; otherwise one log line naming the missing variables."""
    missing = [env for env, value in values.items() if not value]
    if not missing:
        logger.info("%s channel on: %s", channel, url)
        return True
    if len(missing) == len(values):
        logger.info("%s channel off: set %s to turn it on (see README)", channel, ", ".join(missing))
    else:
        logger.error(
            "%s channel off: %s set, but %s missing (see README)",
            channel,
            ", ".join(env for env in values if env not in missing),
            ", ".join(missing),
        )
    return False


def public_url(base: str, path: str, query: str = "") -> str:
    """The URL the provider called, as the world sees it (behind a proxy Sanic sees another one)."""
    return base.rstrip("/") + path + (f"?{query}" if query else "")


async def answer_within(work: Awaitable[T], seconds: float = ACK_WITHIN_SECONDS) -> T | None:
    """Wait for `work` at most `seconds`; after that it goes on in the background and None is returned."""
    task = asyncio.ensure_future(work)
    _background.add(task)
    task.add_done_callback(_finished)
    try:
        return await asyncio.wait_for(asyncio.shield(task), timeout=seconds)
    except asyncio.TimeoutError:
        logger.warning("turn still running after %.0f s; answered the provider, the reply follows", seconds)
        return None


def _finished(task: asyncio.Task) -> None:
    _background.discard(task)
    if not task.cancelled() and task.exception() is not None:
        logger.error("channel work failed: %s", type(task.exception()).__name__, exc_info=task.exception())


async def load_tracker(agent: Any, sender_id: str) -> Any:
    """The stored conversation, or None (new sender, erased, or the store failing: logged)."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    try:
        return await store.retrieve(sender_id)
    except Exception as err:  # a failing store must not stop the message itself
        logger.error("could not read the conversation to resolve a button: %s", type(err).__name__)
        return None


def _buttons(event: Any) -> list[dict[str, str]]:
    return render_text.choices(event.data) if isinstance(event, BotUttered) else []


def latest_turn_buttons(events: Sequence[Any]) -> list[dict[str, str]]:
    """The buttons of the last bot message with buttons since the user's last message, else none."""
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            return []
        buttons = _buttons(event)
        if buttons:
            return buttons
    return []


def find_button(events: Sequence[Any], matches: Callable[[dict[str, str]], bool]) -> dict[str, str] | None:
    """The newest button the bot sent in this conversation for which `matches` is true."""
    for event in reversed(list(events)):
        for button in _buttons(event):
            if matches(button):
                return button
    return None


def tracker_language(tracker: Any) -> str | None:
    language = tracker.get_slot("language") if tracker is not None else None
    return language if language in ("nl", "en") else None


def events_of(tracker: Any) -> list[Any]:
    return list(tracker.events) if tracker is not None else []


async def kind_reply(
    output: OutputChannel, agent: Any, channel: str, sender_id: str, text: Text, fallback_language: str | None = None
) -> bool:
    """Answer something the bot cannot read, in the conversation's language (else both); rate-limited."""
    if not SENDER_ID.match(sender_id) or not await Edge.shared().senders.take(f"{channel}:{sender_id}"):
        return False
    language = tracker_language(await load_tracker(agent, sender_id)) or fallback_language
    await output.send_response(sender_id, {"text": in_language(text, language)})
    return True


class ChatAppOutput(OutputChannel):
    """Sends every bot message as `render_text` parts of at most `limit` through `deliver`; a failed part
    is logged and counted.

    `make_client` builds the provider's API client on first use, inside the server's event loop (the
    client's HTTP session belongs to that loop).
    """

    channel = ""

    @classmethod
    def name(cls) -> str:
        return cls.channel

    def __init__(self, make_client: Callable[[], Any], limit: int, numbered: bool) -> None:
        self.make_client = make_client
        self.limit = limit
        self.numbered = numbered  # buttons as numbered choices in the text, for apps without buttons
        self._client: Any = None
        self.delivered = 0
        self.failed = 0

    def client(self) -> Any:
        if self._client is None:
            self._client = self.make_client()
        return self._client

    async def deliver(self, recipient_id: str, part: render_text.Part) -> None:
        raise NotImplementedError

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        for part in render_text.render(message, self.limit, self.numbered):
            try:
                await asyncio.wait_for(self.deliver(recipient_id, part), timeout=SEND_TIMEOUT_SECONDS)
                self.delivered += 1
            except Exception as err:  # the provider failing must not break the turn
                # Logged, not raised: raising here would lose the turn's tracker update as well.
                self.failed += 1
                # Type and provider code only: the provider's message text may contain the phone number.
                logger.error(
                    "%s: sending a message failed: %s %s",
                    self.name(),
                    type(err).__name__,
                    getattr(err, "code", "") or getattr(err, "status", ""),
                )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


def forbidden(channel: str, reason: str) -> HTTPResponse:
    logger.warning("%s webhook: %s; refused", channel, reason)
    return response.text(f"Forbidden: {reason}.", status=403)


class ChatAppInput:
    """The webhook both apps share, mixed into Rasa's input channel (before it, so these methods win).

    A channel names its `title` ("WhatsApp": also the URL name, lower-cased) and its `settings_type`
    (with `load(credentials)` and `complete()`), and calls `configure` from its constructor.

    GET /webhooks/<name>/ tells whether the channel is on; POST /webhooks/<name>/webhook answers 503
    while it is off, lets `accept` check the request (its refusal is the answer), runs `handle` within
    `ACK_WITHIN_SECONDS` and then answers with `acknowledge()`.
    """

    enabled = False
    title = ""
    settings_type: Any = None
    output: ChatAppOutput

    @classmethod
    def name(cls) -> str:
        return cls.title.lower()

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any] | None) -> Any:
        return cls(cls.settings_type.load(credentials))  # type: ignore[call-arg]

    def configure(self, settings: Any, output: ChatAppOutput) -> None:
        self.settings = settings
        self.enabled = settings.complete()
        self.output = output

    def get_output_channel(self) -> ChatAppOutput:
        return self.output

    def accept(self, request: Request) -> tuple[Any, HTTPResponse | None]:
        raise NotImplementedError

    async def handle(self, inbound: Any, agent: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Any:
        raise NotImplementedError

    def acknowledge(self) -> HTTPResponse:
        return response.text("ok")

    async def push(self, sender_id: str, texts: list[str]) -> None:
        """A counsellor's message, sent at once (the pupil wrote within the app's reply window)."""
        for line in texts:
            await self.output.send_text_message(sender_id, line)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"kansrijk_{self.name()}", __name__)
        if self.enabled:
            live.register_pusher(self.name(), self.push)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "off"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.text(f"The {self.title} channel is not configured on this server.", status=503)
            inbound, refusal = self.accept(request)
            if refusal is not None:
                return refusal
            agent = getattr(request.app.ctx, "agent", None)
            outcome = await answer_within(self.handle(inbound, agent, on_new_message))
            if getattr(outcome, "status", "") == "invalid":
                return response.text(f"Bad request: {getattr(outcome, 'reason', '')}.", status=400)
            return self.acknowledge()

        return webhook
