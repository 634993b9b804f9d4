"""The edge every channel passes a message through before and after Rasa handles it.

Before: check the sender id and the text, apply rate limits and the length limit, strip what
would force an intent (`/intent{...}`), and write the message to the durable journal. After: make
sure the user got at least one reply, turn hidden failures (action server down or slow, tracker
store failing, a turn running too long) into a short apology with a correlation id, and carry out
an erase request once Rasa has saved the turn. One `Edge` per process; channels call `handle`.

Failures Rasa hides (a custom action failing, the tracker store falling back to memory) reach the edge through
the `action_guard` and `store_errors` patches, which report into the turn's `TurnState` (`rasa_patches.turn`).
The patches are installed at process start by `python -m rasa_patches run` (never by the edge); with them
switched off the edge works the same, it only sees what Rasa shows (an empty reply, an error, the timeout).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

import rasa_patches
from bot import paths, privacy, settings
from bot.i18n import Text
from bot.journal import ANSWERED, FAILED, Journal, new_correlation_id
from bot.texts import text
from bot.understand import detect_language
from rasa_patches.turn import CURRENT_TURN, TurnState

from . import counsel_hooks, rate_limit

logger = logging.getLogger(__name__)

SENDER_ID = re.compile(r"^[A-Za-z0-9_.:@+=-]{1,128}\Z")  # \Z, not $: "$" also matches before a final newline
MAX_METADATA_CHARS = 2000  # as JSON; larger metadata is dropped (the message itself is kept)
MAX_METADATA_DEPTH = 8

# Templates: {limit} and {cid} are filled in when they are said.
TOO_LONG = text("channels.edge.too_long")
TOO_FAST = text("channels.edge.too_fast")
SORRY = text("channels.edge.sorry")


def in_language(text: Text, hint: str | None) -> str:
    """The edge does not know the conversation's language: use the hint, else say it in both."""
    if hint in ("nl", "en"):
        return text.get(hint)
    return f"{text.nl}\n\n{text.en}"


@dataclass(frozen=True)
class Outcome:
    """What happened to one inbound message; channels map it to their HTTP answer."""

    status: str  # answered | failed | refused | duplicate | invalid
    http_status: int
    correlation_id: str = ""
    replies: int = 0
    reason: str = ""


_CONTROL = {c for c in range(0x20) if chr(c) not in "\n\t"} | {0x7F}


def clean_text(text: str) -> str:
    """What reaches the NLU: no control characters or broken surrogates, and no leading '/'.

    A leading '/' makes Rasa skip the NLU and take `/intent{"slot": "value"}` literally, which lets
    anyone jump the dialogue or set slots (../shared/research/perf-reliability-security.md §3.4). Our buttons send
    plain text, so no user ever needs it: '/restart' becomes the words 'restart'.
    """
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = "".join(" " if ord(ch) in _CONTROL else ch for ch in text)
    text = unicodedata.normalize("NFC", text).strip()
    while text.startswith("/"):  # all of them: "/ /intent" must not become "/intent"
        text = text[1:].strip()
    return text


def small_metadata(metadata: Any) -> dict[str, Any] | None:
    """Channel metadata, or None unless it is a small, shallow JSON object.

    Rasa stores the metadata with every message (several copies per turn) and deep-copies it: 2 MB of
    metadata next to a one-word message put 8 MB in the tracker store, and 500 levels of nesting
    ended the turn in a RecursionError. Nothing we use needs more than a few keys.
    """
    if not isinstance(metadata, dict):
        return None
    stack: list[tuple[Any, int]] = [(metadata, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_METADATA_DEPTH:
            return None
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    try:
        size = len(json.dumps(metadata, ensure_ascii=False))
    except (TypeError, ValueError):
        return None
    return metadata if size <= MAX_METADATA_CHARS else None


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w])(?:\+|00)?\d(?:[ -]?\d){8,13}(?![\w])")


def redact(text: str) -> str:
    """The advice never needs an e-mail address or phone number, so they are not stored (AVG: data minimisation)."""
    return PHONE.sub("[telefoonnummer]", EMAIL.sub("[e-mail]", text))


class GuardedOutput(OutputChannel):
    """Passes bot messages to the channel's own output, counting them and catching the erase marker."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0
        self.erase_requested = False
        self.advised = False  # a recommendations payload went out (class mode counts it as progress)
        self.language: str | None = None

    def name(self) -> str:
        # Responses with `channel:` variants must still see the real channel.
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if privacy.is_erase_marker(message):
            self.erase_requested = True
            self.language = message["custom"].get("lang")  # the conversation's language, known to the action
            return
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == "recommendations":
            self.advised = True
        await self.inner.send_response(recipient_id, message)
        self.sent += 1

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


def _erase(sender_id: str) -> tuple[bool, Text]:
    """After Rasa saved the turn (earlier, its end-of-turn save would write the rows back)."""
    try:
        privacy.forget(sender_id, tracker_db=paths.tracker_db(), state_db=paths.state_db())
        return True, privacy.ERASED
    except Exception:  # the user must hear that it failed, whatever the reason
        logger.exception("erase failed")
        return False, privacy.ERASE_FAILED


PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def trust_proxies(app_config: Any, config: settings.EdgeSettings) -> None:
    """Tell Sanic which proxy headers to believe, from kansrijk.yml only (`SANIC_*` variables are overridden).

    `trusted_proxies: N`: the client is the N-th X-Forwarded-For entry from the end (what the N proxies
    appended); `real_ip_header: X-Real-IP`: that header, which the proxy must overwrite. Off (the default):
    Sanic believes no header, so `request.remote_addr` is empty and the client is the connection's address.
    RFC 7239 `Forwarded` is never believed (it would need FORWARDED_SECRET; neither snippet sends it).
    """
    app_config.PROXIES_COUNT = config.trusted_proxies
    app_config.REAL_IP_HEADER = config.real_ip_header or None
    app_config.FORWARDED_SECRET = None


def apply_proxy_settings(app: Any) -> None:
    """Called by each channel blueprint as it is registered on Rasa's Sanic app (before any request)."""
    trust_proxies(app.config, Edge.shared().config)


class _ProxyWarning:
    """Logged once per process: requests come with forwarding headers, but kansrijk.yml trusts no proxy.

    Usually a reverse proxy set up without the setting (bot.preflight sees nginx and Caddy sites on this
    machine, not a proxy elsewhere or of another make); a client sending the header itself gets the same line.
    """

    given = False

    @classmethod
    def check(cls, request: Any) -> None:
        if cls.given:
            return
        config = request.app.config
        if config.get("PROXIES_COUNT") or config.get("REAL_IP_HEADER") or config.get("FORWARDED_SECRET"):
            return
        if any(h in request.headers for h in PROXY_HEADERS):
            cls.given = True
            logger.warning(
                "requests from %s carry X-Forwarded-For but kansrijk.yml trusts no proxy: if that is your reverse "
                'proxy, all clients behind it share one rate limit; set edge.trusted_proxies: 1 (README, "First, a '
                'public HTTPS address").',
                request.ip,
            )


def client_address(request: Any) -> str:
    """The key of the per-client bucket: the client Sanic found behind a trusted proxy, else the connection's peer.

    Sanic fills `remote_addr` only from the headers `trust_proxies` told it to believe, so with no proxy
    trusted a client cannot pick its own bucket by sending X-Forwarded-For.
    """
    _ProxyWarning.check(request)
    return str(request.remote_addr or request.ip or "")


class Edge:
    _shared: Edge | None = None

    def __init__(self, config: settings.EdgeSettings, journal: Journal) -> None:
        self.config = config
        self.journal = journal
        # In Redis when KANSRIJK_REDIS_URL is set (shared by all servers), else in this process (rate_limit.py).
        self.senders = rate_limit.buckets("sender", config.sender_per_minute, config.sender_burst)
        self.clients = rate_limit.buckets("client", config.client_per_minute, config.client_burst)
        interrupted = journal.close_interrupted()
        if interrupted:
            logger.warning(
                "%d message(s) were in flight when the server stopped; marked failed in the journal", interrupted
            )

    @classmethod
    def shared(cls) -> Edge:
        if cls._shared is None:
            config = settings.load().edge
            if os.environ.get("KANSRIJK_RATE_LIMIT") == "off":
                # Loopback benchmarks only (refused in production by bot/preflight.py): measure the bot, not the
                # limiter.
                logger.warning("rate limits are off (KANSRIJK_RATE_LIMIT=off)")
                config = dataclasses.replace(config, sender_burst=1e9, client_burst=1e9)
            if rasa_patches.installed() is None:
                logger.warning(
                    "the Rasa patches were not installed in this process: running Rasa's own code paths. "
                    "Start the server with `python -m rasa_patches run ...` (scripts/serve.sh; README, "
                    '"Rasa patches").'
                )
            else:
                logger.info("%s", rasa_patches.describe())
            cls._shared = cls(config, Journal(paths.state_db()))
        return cls._shared

    def _refuse(self, channel: str, sender_id: str, chars: int, reason: str) -> str:
        try:
            return self.journal.refuse(channel, sender_id, chars, reason)
        except Exception as err:  # the journal's database is down: refuse all the same, with a code for the log
            cid = new_correlation_id()
            logger.error("journal unavailable (%s): refusal %s on %s not recorded", type(err).__name__, cid, channel)
            return cid

    def _finish(self, cid: str, status: str, reason: str = "", replies: int = 0) -> None:
        try:
            self.journal.finish(cid, status, reason, replies)
        except Exception as err:  # the reply went out; the open row is closed as interrupted at the next start-up
            logger.error("journal unavailable (%s): message %s stays open as %s", type(err).__name__, cid, status)

    async def _say(self, output: OutputChannel, sender_id: str, text: str) -> None:
        try:
            await output.send_response(sender_id, {"text": text})
        except Exception as err:  # the provider is down; the journal already has the reason
            logger.error("could not deliver the edge's own reply on %s: %s", output.name(), type(err).__name__)

    async def handle(
        self,
        *,
        channel: str,
        sender_id: Any,
        text: Any,
        client: str,
        output: OutputChannel,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any = None,
        metadata: dict[str, Any] | None = None,
        client_message_id: str | None = None,
    ) -> Outcome:
        if not isinstance(sender_id, str) or not SENDER_ID.match(sender_id):
            return Outcome("invalid", 400, reason="sender")
        if not isinstance(text, str):
            return Outcome("invalid", 400, reason="message")
        metadata = small_metadata(metadata)
        hint = (metadata or {}).get("language") or detect_language(text[: self.config.max_message_chars])
        if not (await self.senders.take(f"{channel}:{sender_id}") and await self.clients.take(client)):
            cid = self._refuse(channel, sender_id, len(text), "rate_limit")
            await self._say(output, sender_id, in_language(TOO_FAST, hint))
            return Outcome("refused", 429, cid, 1, "rate_limit")
        if len(text) > self.config.max_message_chars:
            cid = self._refuse(channel, sender_id, len(text), "too_long")
            await self._say(output, sender_id, in_language(TOO_LONG.format(limit=self.config.max_message_chars), hint))
            return Outcome("refused", 200, cid, 1, "too_long")

        try:
            accepted = self.journal.accept(channel, sender_id, len(text), client_message_id)
        except Exception as err:
            # The journal's database is down (PostgreSQL with several servers): the conversation's store is then
            # down too, so no turn can run. Apologise with a code rather than fail the request without a word; the
            # message is not acknowledged (not journalled), the apology asks to send it again.
            cid = new_correlation_id()
            logger.error("journal unavailable (%s): message %s on %s refused", type(err).__name__, cid, channel)
            await self._say(output, sender_id, in_language(SORRY.format(cid=cid), hint))
            return Outcome("failed", 200, cid, 1, "journal")
        if accepted is None:
            return Outcome("duplicate", 200, reason="duplicate")
        cid = accepted
        try:
            shown, handled = await counsel_hooks.before_turn(sender_id, text, hint, agent)
        except Exception:  # a broken counsellor store must not stop the chat
            logger.exception("counsellor hook failed before the turn")
            shown, handled = [], False
        for line in shown:
            await self._say(output, sender_id, line)
        if handled:
            self._finish(cid, ANSWERED, "command", len(shown))
            return Outcome("answered", 200, cid, len(shown))

        guarded = GuardedOutput(output)
        turn = TurnState()
        token = CURRENT_TURN.set(turn)
        reason = ""
        try:
            message = UserMessage(
                redact(clean_text(text)), guarded, sender_id, input_channel=channel, metadata=metadata
            )
            await asyncio.wait_for(on_new_message(message), timeout=self.config.turn_timeout_seconds)
        except asyncio.TimeoutError:
            reason = "timeout"
        except Exception as err:  # never a silent drop: report, apologise, keep serving
            logger.error("turn failed: %s", type(err).__name__)
            reason = f"error:{type(err).__name__}"
        finally:
            CURRENT_TURN.reset(token)

        reason = reason or (
            "action:" + turn.action_failures[0]
            if turn.action_failures
            else "tracker_store"
            if turn.store_failures
            else ""
            if guarded.sent or guarded.erase_requested
            else "empty"
        )
        if guarded.erase_requested and not reason:
            erased, confirmation = _erase(sender_id)
            counsel_hooks.wake(sender_id)  # a counsellor's page shows at once that the conversation is gone
            hint = guarded.language or hint
            await self._say(output, sender_id, in_language(confirmation, hint) + ("" if erased else f" {cid}"))
            if not erased:
                self._finish(cid, FAILED, "erase", guarded.sent + 1)
                return Outcome("failed", 200, cid, guarded.sent + 1, "erase")
            return Outcome("answered", 200, cid, guarded.sent + 1)
        try:
            await counsel_hooks.after_turn(sender_id, agent, guarded.advised)
        except Exception:  # as above
            logger.exception("counsellor hook failed after the turn")
        if reason:
            logger.error("message %s on %s failed: %s", cid, channel, reason)
            await self._say(output, sender_id, in_language(SORRY.format(cid=cid), hint))
            self._finish(cid, FAILED, reason, guarded.sent + 1)
            return Outcome("failed", 200, cid, guarded.sent + 1, reason)
        self._finish(cid, ANSWERED, "", guarded.sent + len(shown))
        return Outcome("answered", 200, cid, guarded.sent + len(shown))
