"""The web widget's channel: Rasa 3.6's socket.io channel, through the edge, with recommendation cards.

Differences from the stock `SocketIOInput`:
- Only the origins in kansrijk.yml `edge.allowed_origins` may open a socket (the stock channel passes
  `cors_allowed_origins=[]`, which turns python-engineio's Origin check off altogether).
- Messages go through `channels.edge.Edge` (limits, journal, apologies instead of silence).
- With `session_persistence` the conversation is the widget's session id, so a page reload continues it. The id is
  the one confirmed for this socket in `session_request` (a fresh one unless the widget brings back a well-formed
  id), never whatever a later message claims.
- The recommendations payload is drawn as rasa-webchat cards instead of a long text.
- Bot text is rendered by rasa-webchat as Markdown: characters that make links, images or HTML are escaped, so
  nothing a user or the catalogue says becomes a link or markup.
- Several servers (KANSRIJK_REDIS_URL set): the socket.io server shares its rooms through Redis
  (`client_manager()`), so a message emitted to a conversation on one server reaches the widget connected to
  another (README, "Several servers").
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic_cors.core import SANIC_CORS_EVALUATED
from socketio import AsyncRedisManager, AsyncServer

from bot import paths, settings
from bot.counsel import live
from bot.render import CHAT_LATER, FICTIONAL, heading
from bot.texts import text

from . import live_redis
from .edge import Edge, apply_proxy_settings
from .edge import client_address as edge_client_address
from .render_text import JOBS, LEVEL, ROUTE, WHY

logger = logging.getLogger(__name__)

SESSION_ID = re.compile(r"^[0-9a-f]{32}\Z")
_MARKDOWN_ACTIVE = re.compile(r"([\\\[\]<>`])")

WHERE = text("channels.card.where")
START = text("channels.card.start")
MORE_TITLE = text("channels.card.more_title")
MORE_PAYLOAD = text("channels.card.more_payload")  # a template: {name} and {crebo} are filled in per card


def escape_markdown(text: str) -> str:
    """Text that rasa-webchat's Markdown renderer shows as it is: no links, images, autolinks or HTML."""
    return _MARKDOWN_ACTIVE.sub(r"\\\1", text)


def _language(payload: dict[str, Any]) -> str:
    lang = payload.get("language")
    if lang in ("nl", "en"):
        return lang
    return "en" if str(payload.get("text", "")).startswith(("These courses", "I found")) else "nl"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card(n: int, item: dict[str, Any], lang: str) -> dict[str, Any]:
    """One recommendation as a generic-template element (title, subtitle, one postback button)."""
    name = str(item.get("name") or "")
    lines = [f"{LEVEL.get(lang).capitalize()} {item.get('level', '?')} · " + " · ".join(item.get("routes") or ["-"])]
    if item.get("next_start"):
        lines.append(f"{START.get(lang)}: {item['next_start']}")
    if item.get("location"):
        where = str(item["location"])
        if item.get("fictional_school") and (lang == "en" or "fictie" not in where.lower()):
            where += FICTIONAL.get(lang)
        if item.get("distance_km") is not None and float(item["distance_km"]) >= 1:
            where += f" · ~{float(item['distance_km']):.0f} km"
        lines.append(f"{WHERE.get(lang)}: {where}")
    reasons = [str(r).rstrip(".") for r in (item.get("reasons") or [])[:2]]
    if reasons:
        lines.append(f"{WHY.get(lang)}: " + _clip("; ".join(reasons), 160))
    demand = item.get("demand") or {}
    if demand.get("text"):
        lines.append(f"{JOBS.get(lang)}: " + _clip(str(demand["text"]), 80))
    catch_up = item.get("catch_up") or []
    if catch_up and catch_up[0].get("title"):
        lines.append(f"{ROUTE.get(lang)}: " + _clip(str(catch_up[0]["title"]), 110))
    return {
        "title": f"{n}. {name}",
        "subtitle": "\n".join(lines),
        "buttons": [
            {
                "type": "postback",
                "title": MORE_TITLE.get(lang),
                # Plain words the NLU reads as ask_more; the crebo code lets followups.pick_courses find the course
                # even after newer recommendations changed the numbering.
                "payload": MORE_PAYLOAD.get(lang).format(name=name, crebo=item.get("crebo", "")),
            }
        ],
    }


def carousel(elements: list[dict[str, Any]]) -> dict[str, Any]:
    return {"attachment": {"type": "template", "payload": {"template_type": "generic", "elements": elements}}}


def recommendation_messages(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """What the widget shows for a recommendations payload: short texts and one card carousel per group.

    The same numbers as the text rendering (items first, then the ones out of reach), so "vergelijk 1 en 2"
    means what the cards show. The long text rendering is not sent as well: the cards carry the same facts.
    """
    lang = _language(payload)
    items = list(payload.get("items") or [])
    later = list(payload.get("out_of_reach") or [])
    messages: list[dict[str, Any]] = [{"text": str(n)} for n in payload.get("notes") or [] if n]
    fits = bool(payload.get("fits", payload.get("interest_state", "technical") == "technical"))
    fits_all, claims = bool(payload.get("fits_all", True)), bool(payload.get("claims_fit", True))
    messages.append({"text": heading(fits, bool(items), fits_all, claims).get(lang)})
    if items:
        messages.append(carousel([card(n, item, lang) for n, item in enumerate(items, 1)]))
    if later:
        messages.append({"text": CHAT_LATER.get(lang)})
        messages.append(carousel([card(n, item, lang) for n, item in enumerate(later, len(items) + 1)]))
    return messages


class KansrijkSocketIOOutput(SocketIOOutput):
    """Stock socket.io output, with Markdown-safe text and recommendation cards."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == "recommendations":
            for part in recommendation_messages(custom):
                if "text" in part:
                    await self.send_text_message(recipient_id, part["text"])
                else:
                    await self._send_message(recipient_id, part)
            return
        await super().send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            if part.strip():
                await self._send_message(recipient_id, {"text": escape_markdown(part)})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await super().send_text_with_buttons(recipient_id, escape_markdown(text), buttons, **kwargs)

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        # rasa-webchat shows nothing for an unknown custom message; its text, if any, is still worth showing.
        text = json_message.get("text") if isinstance(json_message, dict) else None
        if isinstance(text, str) and text.strip():
            await self.send_text_message(recipient_id, text)

    async def send_elements(self, recipient_id: str, elements: Iterable[dict[str, Any]], **kwargs: Any) -> None:
        await self._send_message(recipient_id, carousel(list(elements)))


class _Blueprint(SocketBlueprint):
    """Remembers the Sanic app it was registered on: socket.io handlers have no request to find the agent.

    python-engineio answers the socket's CORS itself, from `edge.allowed_origins`. `rasa run --cors` (as
    scripts/serve.sh runs it) would add a second Access-Control-Allow-Origin header to the same response, and a
    browser refuses a response with two: so socket.io requests are marked as handled for Sanic-CORS.
    """

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        self.ctx.app = app
        apply_proxy_settings(app)
        prefix = "/" + str(self.ctx.socketio_path).strip("/")

        async def engineio_answers_cors(request: Request) -> None:
            if request.path == prefix or request.path.startswith(prefix + "/"):
                setattr(request.ctx, SANIC_CORS_EVALUATED, "1")

        app.register_middleware(engineio_answers_cors, "request")
        super().register(app, options)

    def agent(self) -> Any:
        app = getattr(self.ctx, "app", None)
        return getattr(app.ctx, "agent", None) if app is not None else None


class _RedisManager(AsyncRedisManager):
    """python-socketio's Redis manager, but an emit never waits long for Redis.

    The manager hands an emit to this server's own sockets first and then publishes it for the other servers. Its
    Redis client has no read timeout (the subscriber's blocking read must not time out while nobody chats), so a
    Redis that stops answering would hold up the publish, and with it the turn, indefinitely: give up after
    PUBLISH_SECONDS. Then only the widgets on other servers miss the message, as when Redis is down."""

    PUBLISH_SECONDS = 1.0

    async def _publish(self, data: Any) -> Any:
        try:
            return await asyncio.wait_for(super()._publish(data), self.PUBLISH_SECONDS)
        except asyncio.TimeoutError:
            logger.warning("socket.io: Redis did not take a message within %.1f s", self.PUBLISH_SECONDS)
            self.connected = False  # connect afresh next time
            return None


def client_manager() -> AsyncRedisManager | None:
    """Where the socket.io server keeps its rooms: in this process (None, one server) or shared through Redis."""
    url = paths.redis_url()
    if not url:
        return None
    return _RedisManager(
        url, channel="kansrijk-socketio", redis_options={"socket_connect_timeout": 0.5, "socket_keepalive": True}
    )


def allowed_origins() -> list[str] | Callable[[str], bool]:
    origins = list(settings.load().edge.allowed_origins)
    if origins:
        return origins
    # `[]` would switch the Origin check off in python-engineio: refuse every browser origin instead.
    logger.warning("edge.allowed_origins is empty: no web page can open the chat widget")
    return lambda origin: False


def client_address(environ: dict[str, Any]) -> str:
    # python-engineio's Sanic driver puts a fixed 127.0.0.1 in REMOTE_ADDR; the Sanic request knows better.
    request = environ.get("sanic.request")
    if request is not None:
        return edge_client_address(request)  # behind a proxy only as kansrijk.yml edge.trusted_proxies says
    return str(environ.get("REMOTE_ADDR", ""))


class KansrijkSocketIO(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", True),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "customData"),
        )

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return KansrijkSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        manager = client_manager()
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=allowed_origins(),
            **({"client_manager": manager} if manager is not None else {}),
        )
        webhook = _Blueprint(sio, self.socketio_path, "kansrijk_socketio", __name__)
        self.sio = sio

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        # Several servers: which conversations have a widget open anywhere, for the counsellor's pushes.
        redis_url = paths.redis_url()
        presence = live_redis.WidgetPresence(redis_url) if redis_url and self.session_persistence else None

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            if presence is not None:
                await presence.closed(sid)

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict[str, Any], auth: dict[str, Any] | None) -> bool:
            if self.jwt_key:  # the stock channel's optional token check
                token = auth.get("token") if isinstance(auth, dict) else None
                if not (token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm)):
                    return False
            await sio.save_session(sid, {"client": client_address(environ)}, namespace=self.namespace)
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            wanted = data.get("session_id") if isinstance(data, dict) else None
            session_id = wanted if isinstance(wanted, str) and SESSION_ID.match(wanted) else uuid.uuid4().hex
            session = await sio.get_session(sid, namespace=self.namespace)
            session["session_id"] = session_id
            await sio.save_session(sid, session, namespace=self.namespace)
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
                if presence is not None:
                    await presence.opened(session_id, sid)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            session = await sio.get_session(sid, namespace=self.namespace)
            if self.session_persistence:
                sender_id = session.get("session_id")
                if not sender_id:
                    logger.debug("message before session_request on socket %s: ignored", sid)
                    return
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = None
            await Edge.shared().handle(
                channel=self.name(),
                sender_id=sender_id,
                text=data.get("message"),
                client=session.get("client", ""),
                output=KansrijkSocketIOOutput(sio, self.bot_message_evt),
                on_new_message=on_new_message,
                agent=webhook.agent(),
                metadata=metadata if isinstance(metadata, dict) else None,
            )

        namespace = self.namespace or "/"

        async def reachable(sender_id: str) -> bool:
            """A widget with this conversation is open now (its socket joined the conversation's room), on this
            server or, with Redis, on any (the Redis manager then carries the push there)."""
            if self.session_persistence and sio.manager.rooms.get(namespace, {}).get(sender_id):
                return True
            return presence is not None and await presence.reachable(sender_id)

        async def push(sender_id: str, texts: list[str]) -> None:
            output = KansrijkSocketIOOutput(sio, self.bot_message_evt)
            for line in texts:
                await output.send_text_message(sender_id, line)

        live.register_pusher(self.name(), push, reachable)
        return webhook
