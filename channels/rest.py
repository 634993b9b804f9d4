"""The REST channel at /webhooks/rest/webhook, through the edge (limits, journal, no silent failures)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.texts import text

from .edge import Edge, apply_proxy_settings, client_address

BAD_REQUEST = text("channels.rest.bad_request").format()  # format(): its {{ and }} become braces


def bad_request(reason: str) -> HTTPResponse:
    return response.json({"error": reason, "nl": BAD_REQUEST.nl, "en": BAD_REQUEST.en}, status=400)


class _Blueprint(Blueprint):
    """Tells Rasa's Sanic app which proxy to trust (kansrijk.yml `edge.trusted_proxies`) as it is registered."""

    def register(self, app: Any, options: dict[str, Any]) -> None:
        apply_proxy_settings(app)
        super().register(app, options)


class KansrijkRest(InputChannel):
    """Stock REST semantics, but a missing sender or message is a 400, never the shared 'default' chat."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = _Blueprint("kansrijk_rest", __name__)
        Edge.shared()  # at start-up: closes turns a crash left open in the journal

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # Sanic raises several types for a broken body
                return bad_request("body is not JSON")
            if not isinstance(body, dict):
                return bad_request("body is not a JSON object")
            collector = CollectingOutputChannel()
            outcome = await Edge.shared().handle(
                channel=self.name(),
                sender_id=body.get("sender"),
                text=body.get("message"),
                client=client_address(request),
                output=collector,
                on_new_message=on_new_message,
                agent=getattr(request.app.ctx, "agent", None),
                metadata=body.get("metadata"),
            )
            if outcome.status == "invalid":
                return bad_request(outcome.reason)
            return response.json(collector.messages, status=outcome.http_status)

        return webhook
