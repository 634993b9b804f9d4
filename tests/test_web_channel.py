"""The socket.io channel for the web widget: cards, Markdown-safe text, session ids, origins (no server, no browser)."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest

from bot import settings, texts
from channels import site, socketio
from channels.socketio import KansrijkSocketIO, KansrijkSocketIOOutput, escape_markdown, recommendation_messages

ITEM = {
    "crebo": "25227",
    "name": "Eerste Autoschadetechnicus",
    "level": 3,
    "routes": ["BOL", "BBL"],
    "next_start": "september 2027",
    "location": "Voorbeeld ROC (fictieve demo-school), Eindhoven",
    "fictional_school": True,
    "distance_km": 4.2,
    "reasons": ["Past bij wat je leuk vindt: auto.", "Je kunt instromen op niveau 3."],
    "demand": {"text": "Veel vraag naar autotechnici.", "source": "UWV", "date": "2025"},
    "catch_up": [],
}


def payload(**extra: Any) -> dict[str, Any]:
    return {
        "type": "recommendations",
        "items": [ITEM, {**ITEM, "crebo": "25191", "name": "Autotechnicus"}],
        "out_of_reach": [],
        "notes": [],
        "text": "Deze opleidingen passen bij je:\n1. ...",
        "language": "nl",
        **extra,
    }


def cards(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for m in messages if "attachment" in m for e in m["attachment"]["payload"]["elements"]]


def test_the_widget_heading_follows_the_advice_fits_flag():
    """Advice.fits is False when what fits is out of reach: the widget then says the courses are open, not a fit."""
    assert [m.get("text") for m in recommendation_messages(payload(fits=False)) if "text" in m] == [
        "Technische opleidingen met goede kansen die je kunt starten:"
    ]
    assert recommendation_messages(payload(interest_state="nontechnical"))[0]["text"].startswith("Technische")
    # unrelated courses below the fitting ones (Advice.fits_all): the widget says the best fits come first
    assert recommendation_messages(payload(fits=True, fits_all=False))[0]["text"].startswith("Wat het best bij je past")
    # no course says it fits, each only "has to do with" what was said (Advice.claims_fit)
    said = recommendation_messages(payload(fits=True, claims_fit=False))[0]["text"]
    assert said.startswith("Deze opleidingen hebben te maken met"), said


def test_recommendations_become_one_carousel_of_cards_and_no_long_text():
    messages = recommendation_messages(payload())
    assert [m.get("text") for m in messages if "text" in m] == ["Deze opleidingen passen bij je:"]
    carousel = [m for m in messages if "attachment" in m]
    assert len(carousel) == 1
    assert carousel[0]["attachment"]["type"] == "template"
    assert carousel[0]["attachment"]["payload"]["template_type"] == "generic"
    first = cards(messages)[0]
    assert first["title"] == "1. Eerste Autoschadetechnicus"
    lines = first["subtitle"].split("\n")
    assert lines[0] == "Niveau 3 · BOL · BBL"
    assert "Start: september 2027" in lines
    assert "Waar: Voorbeeld ROC (fictieve demo-school), Eindhoven · ~4 km" in lines
    assert any(line.startswith("Waarom: Past bij wat je leuk vindt: auto; Je kunt instromen") for line in lines)
    assert first["buttons"] == [
        {"type": "postback", "title": "Vertel meer", "payload": "vertel meer over Eerste Autoschadetechnicus (25227)"}
    ]


def test_cards_in_english_and_out_of_reach_numbered_after_the_items():
    later = {
        **ITEM,
        "crebo": "25100",
        "name": "Technicus",
        "level": 4,
        "fictional_school": True,
        "location": "Voorbeeld ROC (fictieve demo-school), Eindhoven",
        "catch_up": [{"title": "Entrance test for 18+", "code": "toelatingsonderzoek"}],
    }
    messages = recommendation_messages(payload(language="en", out_of_reach=[later], notes=["A note."]))
    texts = [m["text"] for m in messages if "text" in m]
    assert texts == ["A note.", "These courses fit you:", "Not possible yet, but with an extra step:"]
    all_cards = cards(messages)
    assert [c["title"] for c in all_cards] == ["1. Eerste Autoschadetechnicus", "2. Autotechnicus", "3. Technicus"]
    assert "Route: Entrance test for 18+" in all_cards[2]["subtitle"]
    assert "(fictional demo school)" in all_cards[0]["subtitle"]
    assert all_cards[0]["buttons"][0]["title"] == "Tell me more"
    assert all_cards[0]["buttons"][0]["payload"] == "tell me more about Eerste Autoschadetechnicus (25227)"


def test_no_courses_says_so():
    messages = recommendation_messages(payload(items=[], out_of_reach=[]))
    assert messages == [{"text": "Ik vond nog geen opleiding die je nu al kunt starten."}]


def test_markdown_that_would_make_links_or_html_is_escaped():
    assert escape_markdown("[klik](javascript:alert(1))") == r"\[klik\](javascript:alert(1))"
    assert escape_markdown("<img src=x onerror=alert(1)>") == r"\<img src=x onerror=alert(1)\>"
    assert escape_markdown("gewoon tekst, 16 jaar - BBL") == "gewoon tekst, 16 jaar - BBL"


class FakeServer:
    """Just enough of socketio.AsyncServer: emits, rooms and per-socket sessions, recorded in memory."""

    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, str]] = []
        self.sessions: dict[str, dict[str, Any]] = {}
        self.rooms: list[tuple[str, str]] = []
        self.handlers: dict[str, Any] = {}

    def on(self, event: str, namespace: str | None = None):
        def register(handler):
            self.handlers[event] = handler
            return handler

        return register

    async def emit(self, event: str, data: Any = None, room: str = "", namespace: str | None = None, **kw: Any):
        self.emitted.append((event, data, room))

    async def get_session(self, sid: str, namespace: str | None = None) -> dict[str, Any]:
        return dict(self.sessions.get(sid, {}))

    async def save_session(self, sid: str, session: dict[str, Any], namespace: str | None = None) -> None:
        self.sessions[sid] = dict(session)

    async def enter_room(self, sid: str, room: str, namespace: str | None = None) -> None:
        self.rooms.append((sid, room))

    def attach(self, app: Any, path: str) -> None:
        pass


def test_output_sends_cards_instead_of_the_custom_payload_and_escapes_text():
    sio = FakeServer()
    out = KansrijkSocketIOOutput(sio, "bot_uttered")
    asyncio.run(out.send_response("abc", {"text": "Deze opleidingen passen bij je:\n1. lang", "custom": payload()}))
    asyncio.run(out.send_response("abc", {"text": "Je typte <b>[x](javascript:1)</b>\n\nTweede deel"}))
    sent = [data for event, data, room in sio.emitted]
    assert all(event == "bot_uttered" and room == "abc" for event, _, room in sio.emitted)
    assert sent[0] == {"text": "Deze opleidingen passen bij je:"}
    assert "attachment" in sent[1] and len(sent) == 4
    assert sent[2] == {"text": r"Je typte \<b\>\[x\](javascript:1)\</b\>"}
    assert sent[3] == {"text": "Tweede deel"}
    assert not any("custom" in m for m in sent)


class FakeEdge:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    async def handle(self, **kwargs: Any):
        self.calls.append(kwargs)


@pytest.fixture()
def channel(monkeypatch):
    sio = FakeServer()
    edge = FakeEdge()
    monkeypatch.setattr(socketio, "AsyncServer", lambda **kwargs: sio)
    monkeypatch.setattr(socketio.Edge, "shared", classmethod(lambda cls: edge))
    chan = KansrijkSocketIO.from_credentials({"session_persistence": True, "metadata_key": "customData"})

    async def on_new_message(message):  # pragma: no cover - the fake edge never calls it
        raise AssertionError("not called")

    chan.blueprint(on_new_message)
    return sio, edge


def test_session_ids_are_ours_and_messages_use_the_confirmed_one(channel):
    sio, edge = channel
    run = asyncio.run
    environ = {"REMOTE_ADDR": "127.0.0.1"}
    run(sio.handlers["connect"]("sid1", environ, None))
    run(sio.handlers["connect"]("sid0", environ, None))
    run(sio.handlers["session_request"]("sid0", {"session_id": "a" * 32 + "\n"}))  # "$" would let this through
    assert re.fullmatch(r"[0-9a-f]{32}", sio.emitted[-1][1]) and sio.emitted[-1][1] != "a" * 32
    sio.rooms.clear()
    run(sio.handlers["session_request"]("sid1", {"session_id": "../../etc/passwd"}))
    confirmed = sio.emitted[-1][1]
    assert re.fullmatch(r"[0-9a-f]{32}", confirmed) and sio.rooms == [("sid1", confirmed)]
    run(
        sio.handlers["user_uttered"](
            "sid1", {"message": "hoi", "session_id": "someone-else", "customData": {"language": "en"}}
        )
    )
    call = edge.calls[-1]
    assert call["sender_id"] == confirmed and call["text"] == "hoi" and call["channel"] == "socketio"
    assert call["metadata"] == {"language": "en"} and call["client"] == "127.0.0.1"

    # A reload brings back its stored id: the same conversation continues.
    run(sio.handlers["connect"]("sid2", environ, None))
    run(sio.handlers["session_request"]("sid2", {"session_id": confirmed}))
    assert sio.emitted[-1][1] == confirmed
    run(sio.handlers["user_uttered"]("sid2", {"message": "verder", "customData": "not json"}))
    assert edge.calls[-1]["sender_id"] == confirmed and edge.calls[-1]["metadata"] is None


def test_a_message_before_the_session_request_is_ignored(channel):
    sio, edge = channel
    asyncio.run(sio.handlers["connect"]("sid9", {}, None))
    asyncio.run(sio.handlers["user_uttered"]("sid9", {"message": "hoi", "session_id": "a" * 32}))
    asyncio.run(sio.handlers["user_uttered"]("sid9", "not a dict"))
    assert edge.calls == []


def test_origins_come_from_settings_and_an_empty_list_refuses_every_origin(monkeypatch):
    origins = ("https://www.voorbeeld-roc.invalid",)
    monkeypatch.setattr(
        socketio.settings,
        "load",
        lambda: settings.Settings("x", True, None, settings.EdgeSettings(allowed_origins=origins)),
    )
    assert socketio.allowed_origins() == list(origins)
    monkeypatch.setattr(
        socketio.settings, "load", lambda: settings.Settings("x", True, None, settings.EdgeSettings(allowed_origins=()))
    )
    refuse = socketio.allowed_origins()
    assert callable(refuse) and refuse("https://anything.example") is False


@pytest.mark.skipif(not site.BUNDLE.exists(), reason="web/node_modules missing: run `make web`")
def test_the_served_bundle_loads_no_font_from_google():
    body = site.webchat_bundle()
    assert body and b"fonts.googleapis.com" not in body and b"WebChat" in body


def test_the_served_widget_script_has_the_catalogue_labels_in_both_languages():
    script = (site.widget_script() or b"").decode("utf-8")
    assert site.TEXTS_MARKER not in script
    found = re.search(r"var TEXT = \((\{.*?\})\)\[lang\] \|\| \{\};", script)
    assert found, "web/kansrijk-widget.js lost its line `var TEXT = (/*KANSRIJK_TEXTS*/{})[lang] || {};`"
    labels = texts.family("widget")
    assert json.loads(found.group(1)) == {
        "nl": {name: text.nl for name, text in labels.items()},
        "en": {name: text.en for name, text in labels.items()},
    }
    assert set(re.findall(r"\bTEXT\.(\w+)", script)) <= set(labels)  # every label the script reads exists


def test_labels_in_the_script_cannot_end_it_or_open_markup():
    hostile = {"nl": {"title": '</script><script>alert(1)</script> & <!-- \u2028\u2029 "quoted"'}}
    literal = site.script_literal(hostile)
    assert not set(literal) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(literal) == hostile
