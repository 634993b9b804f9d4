"""Serves the chat widget from this server (no CDN) and a demo page of the fictional demo school.

GET /webhooks/site/                    demo page "Voorbeeld ROC — fictieve demo-school" (with a CSP header)
GET /webhooks/site/kansrijk-widget.js  the one script a school embeds; it loads the two files below and starts the chat
                                       (its labels come from the text catalogue, texts/<language>/widget.yml)
GET /webhooks/site/kansrijk-widget.css accessibility and colour fixes for the widget
GET /webhooks/site/demo.css             the demo page's own styles
GET /webhooks/site/webchat.js          rasa-webchat's built bundle, pinned in web/package-lock.json (`make web`)

rasa-webchat's CSS imports the Inter font from Google Fonts; that import is removed here, so opening the chat on a
school's page contacts nobody but this server.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.i18n import LANGUAGES
from bot.paths import ROOT
from bot.texts import family

logger = logging.getLogger(__name__)

WEB = ROOT / "web"
BUNDLE = WEB / "node_modules" / "rasa-webchat" / "lib" / "index.js"
EXTERNAL_FONT = "@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"
# Where kansrijk-widget.js takes its labels: replaced by those of texts/<language>/widget.yml when it is served.
TEXTS_MARKER = "/*KANSRIJK_TEXTS*/{}"

# The demo page runs only our own scripts; styles may be inline because rasa-webchat injects <style> elements.
PAGE_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}

_cache: dict[Path, tuple[float, bytes]] = {}


def _read(path: Path, transform: Callable[[str], str] | None = None) -> bytes | None:
    """A file's bytes, cached until the file changes."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    text = path.read_text(encoding="utf-8")
    body = (transform(text) if transform else text).encode("utf-8")
    _cache[path] = (mtime, body)
    return body


def webchat_bundle() -> bytes | None:
    return _read(BUNDLE, lambda text: text.replace(EXTERNAL_FONT, ""))


def script_literal(value: object) -> str:
    """JSON that stays data inside a <script> or a .js file: no character can end the script or open markup."""
    body = json.dumps(value, ensure_ascii=True)  # also escapes U+2028 and U+2029, line ends in older JavaScript
    return body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def widget_texts() -> dict[str, dict[str, str]]:
    """The widget's labels by language: {"nl": {"title": ...}, "en": {...}}."""
    found = family("widget")
    return {lang: {name: value.get(lang) for name, value in found.items()} for lang in LANGUAGES}


def _with_texts(script: str) -> str:
    if TEXTS_MARKER not in script:
        logger.error("web/kansrijk-widget.js has no %s: the widget is served without its labels", TEXTS_MARKER)
    return script.replace(TEXTS_MARKER, script_literal(widget_texts()))


def widget_script() -> bytes | None:
    """web/kansrijk-widget.js with the labels of the text catalogue in it (cached like the other files)."""
    return _read(WEB / "kansrijk-widget.js", _with_texts)


def _file(body: bytes | None, content_type: str, extra: dict[str, str] | None = None) -> HTTPResponse:
    if body is None:
        return response.text("The web widget is not built: run `make web`.", status=503)
    return response.raw(body, content_type=content_type, headers={**COMMON_HEADERS, **(extra or {})})


class KansrijkSite(InputChannel):
    """Not a chat channel: the widget's files and the demo page (messages go over the socketio channel)."""

    @classmethod
    def name(cls) -> str:
        return "site"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        site = Blueprint("kansrijk_site", __name__)

        @site.route("/", methods=["GET"])
        async def demo_page(request: Request) -> HTTPResponse:
            return _file(
                _read(WEB / "demo.html"),
                "text/html; charset=utf-8",
                {"Content-Security-Policy": PAGE_CSP, "X-Frame-Options": "DENY"},
            )

        @site.route("/kansrijk-widget.js", methods=["GET"])
        async def widget(request: Request) -> HTTPResponse:
            return _file(widget_script(), "text/javascript; charset=utf-8")

        @site.route("/kansrijk-widget.css", methods=["GET"])
        async def widget_css(request: Request) -> HTTPResponse:
            return _file(_read(WEB / "kansrijk-widget.css"), "text/css; charset=utf-8")

        @site.route("/demo.css", methods=["GET"])
        async def demo_css(request: Request) -> HTTPResponse:
            return _file(_read(WEB / "demo.css"), "text/css; charset=utf-8")

        @site.route("/webchat.js", methods=["GET"])
        async def bundle(request: Request) -> HTTPResponse:
            return _file(webchat_bundle(), "text/javascript; charset=utf-8")

        return site
