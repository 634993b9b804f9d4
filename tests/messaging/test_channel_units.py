"""WhatsApp and Telegram channel parts without a server: settings, signatures, buttons from the tracker, dispatch."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import pytest
from fake_providers import BOT_TOKEN, SECRET
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from twilio.request_validator import RequestValidator

from bot.paths import ROOT
from channels import chat_apps, render_text, telegram, whatsapp

ENV = (
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_WHATSAPP_NUMBER",
    "TWILIO_API_URL",
    "KANSRIJK_PUBLIC_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_SECRET_TOKEN",
    "TELEGRAM_API_URL",
)
WA = whatsapp.WhatsAppSettings("AC" + "0" * 32, "token", "whatsapp:+14155238886", "https://bot.example.nl/")
TG = telegram.TelegramSettings("123456:ABC-def", "s3cret_token", "https://bot.example.nl")
EDUCATION = [{"title": t, "payload": t} for t in ("vmbo basis", "vmbo kader", "havo/vwo")]
LONG = "vertel me alles over de opleiding eerste monteur elektrotechnische installaties in de woning- en utiliteitsbouw"


@pytest.fixture(autouse=True)
def _no_channel_env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def bot(text: str, buttons: list[dict[str, str]] | None = None) -> BotUttered:
    return BotUttered(text, {"buttons": buttons} if buttons else {})


class FakeTracker:
    def __init__(self, events: list[Any], language: str | None = None) -> None:
        self.events = events
        self.language = language

    def get_slot(self, name: str) -> Any:
        return self.language if name == "language" else None


class FakeStore:
    def __init__(self, tracker: Any = None, fails: bool = False) -> None:
        self.tracker, self.fails, self.asked = tracker, fails, []

    async def retrieve(self, sender_id: str) -> Any:
        self.asked.append(sender_id)
        if self.fails:
            raise OSError("database is locked")
        return self.tracker


def agent(tracker: Any = None, fails: bool = False) -> Any:
    return SimpleNamespace(tracker_store=FakeStore(tracker, fails))


class Recorder(chat_apps.ChatAppOutput):
    channel = "recorder"

    def __init__(self, fail_on: str = "") -> None:
        super().__init__(lambda: None, render_text.WHATSAPP_LIMIT, numbered=True)
        self.parts: list[render_text.Part] = []
        self.fail_on = fail_on

    async def deliver(self, recipient_id: str, part: render_text.Part) -> None:
        if self.fail_on and self.fail_on in part.text:
            raise ConnectionError("provider down")
        self.parts.append(part)


# --- settings ------------------------------------------------------------------------------------------


def test_settings_come_from_credentials_else_environment(monkeypatch):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "from-env")
    assert chat_apps.setting({"auth_token": "from-file"}, "auth_token", "TWILIO_AUTH_TOKEN") == "from-file"
    assert chat_apps.setting({"auth_token": ""}, "auth_token", "TWILIO_AUTH_TOKEN") == "from-env"
    assert chat_apps.setting(None, "auth_token", "TWILIO_AUTH_TOKEN") == "from-env"
    assert chat_apps.setting(None, "account_sid", "TWILIO_ACCOUNT_SID") == ""


def test_channels_without_settings_stay_off_and_say_how_to_turn_them_on(caplog):
    caplog.set_level(logging.INFO)
    assert not whatsapp.KansrijkWhatsApp.from_credentials(None).enabled
    assert not telegram.KansrijkTelegram.from_credentials({}).enabled
    assert (
        "WhatsApp channel off: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_NUMBER, "
        "KANSRIJK_PUBLIC_URL" in caplog.text
    )
    assert "Telegram channel off: set TELEGRAM_BOT_TOKEN, TELEGRAM_SECRET_TOKEN" in caplog.text
    assert all(r.levelno == logging.INFO for r in caplog.records)


def test_half_configured_channel_stays_off_with_an_error(monkeypatch, caplog):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABC")
    assert not telegram.KansrijkTelegram.from_credentials(None).enabled
    assert "TELEGRAM_BOT_TOKEN set, but TELEGRAM_SECRET_TOKEN missing" in caplog.text
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "not allowed!")
    assert not telegram.KansrijkTelegram.from_credentials(None).enabled
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "allowed-_0")
    assert telegram.KansrijkTelegram.from_credentials(None).enabled


def test_whatsapp_number_gets_its_prefix(monkeypatch):
    monkeypatch.setenv("TWILIO_WHATSAPP_NUMBER", "+14155238886")
    assert whatsapp.WhatsAppSettings.load(None).number == "whatsapp:+14155238886"


def test_no_secret_or_number_in_credentials_file():
    text = (ROOT / "credentials.yml").read_text(encoding="utf-8")
    assert "channels.whatsapp.KansrijkWhatsApp:" in text and "channels.telegram.KansrijkTelegram:" in text
    assert "${" not in text  # unset variables would stop Rasa from starting


# --- WhatsApp signature -------------------------------------------------------------------------------


def request(path: str, form: list[tuple[str, str]], headers: dict[str, str], query: str = "") -> Any:
    return SimpleNamespace(path=path, query_string=query, headers=headers, body=urlencode(form).encode())


def test_whatsapp_signature_is_checked_over_the_public_url_with_empty_fields():
    form = [("Body", ""), ("NumMedia", "1"), ("From", "whatsapp:+31612345678"), ("MessageSid", "MM1")]
    signature = RequestValidator("token").compute_signature(
        "https://bot.example.nl/webhooks/whatsapp/webhook", dict(form)
    )
    channel = whatsapp.KansrijkWhatsApp(WA)
    good = request("/webhooks/whatsapp/webhook", form, {"X-Twilio-Signature": signature})
    assert channel.signed(good, whatsapp.form_parameters(good))
    assert whatsapp.form_parameters(good).get("Body") == ""  # Sanic's request.form would drop it
    for bad in (
        request("/webhooks/whatsapp/webhook", form, {}),
        request("/webhooks/whatsapp/webhook", form, {"X-Twilio-Signature": signature[:-2] + "=="}),
        request("/webhooks/whatsapp/webhook", form, {"X-Twilio-Signature": signature}, query="x=1"),
        request("/webhooks/whatsapp/webhook", form[1:], {"X-Twilio-Signature": signature}),
    ):
        assert not channel.signed(bad, whatsapp.form_parameters(bad))


def test_whatsapp_signature_includes_a_query_string_twilio_called():
    form = [("Body", "hoi")]
    url = "https://bot.example.nl/webhooks/whatsapp/webhook?school=demo"
    signature = RequestValidator("token").compute_signature(url, dict(form))
    req = request("/webhooks/whatsapp/webhook", form, {"X-Twilio-Signature": signature}, query="school=demo")
    assert whatsapp.KansrijkWhatsApp(WA).signed(req, whatsapp.form_parameters(req))


# --- buttons from the tracker ----------------------------------------------------------------------------


def test_latest_turn_buttons():
    asked = [UserUttered("hoi"), bot("Welkom!"), bot("Welke school?", EDUCATION), ActionExecuted("action_listen")]
    assert chat_apps.latest_turn_buttons(asked) == EDUCATION
    assert chat_apps.latest_turn_buttons(asked + [bot("Tip: typ gerust.")]) == EDUCATION
    assert chat_apps.latest_turn_buttons(asked + [UserUttered("vmbo kader"), bot("Hoe oud ben je?")]) == []
    assert chat_apps.latest_turn_buttons([]) == []


def test_find_button_takes_the_newest_match():
    events = [
        bot("a", [{"title": "x", "payload": "old"}]),
        UserUttered("..."),
        bot("b", [{"title": "x", "payload": "new"}]),
    ]
    assert chat_apps.find_button(events, lambda b: b["title"] == "x")["payload"] == "new"
    assert chat_apps.find_button(events, lambda b: b["title"] == "y") is None


@pytest.mark.parametrize(
    "reply, stored", [("2", "vmbo kader"), (" 3. ", "havo/vwo"), ("4", "4"), ("0", "0"), ("ik ben 16", "ik ben 16")]
)
def test_whatsapp_number_becomes_the_payload_of_the_last_question(reply, stored):
    tracker = FakeTracker([UserUttered("hoi"), bot("Welke school?", EDUCATION)])
    channel = whatsapp.KansrijkWhatsApp(WA)
    assert asyncio.run(channel.text_for(reply, "whatsapp:+31612345678", agent(tracker))) == stored


def test_whatsapp_number_stays_a_number_when_the_store_fails_or_the_chat_is_new():
    channel = whatsapp.KansrijkWhatsApp(WA)
    assert asyncio.run(channel.text_for("2", "s", agent(fails=True))) == "2"
    assert asyncio.run(channel.text_for("2", "s", agent(None))) == "2"
    assert asyncio.run(channel.text_for("2", "s", None)) == "2"


# --- Telegram -------------------------------------------------------------------------------------------


def test_callback_data_fits_in_64_bytes_and_resolves_from_the_tracker():
    assert telegram.callback_data("vmbo kader") == "vmbo kader"
    for payload in (LONG, "é" * 40, "#short"):
        data = telegram.callback_data(payload)
        assert data.startswith("#") and len(data.encode()) <= 64
    tracker = FakeTracker([bot("Meer?", [{"title": "alles", "payload": LONG}]), UserUttered("hm"), bot("Oké")])
    channel = telegram.KansrijkTelegram(TG)
    assert asyncio.run(channel.resolve(telegram.callback_data(LONG), "1", agent(tracker))) == LONG
    assert asyncio.run(channel.resolve("vmbo kader", "1", agent(tracker))) == "vmbo kader"
    assert asyncio.run(channel.resolve("#" + "f" * 32, "1", agent(tracker))) is None


def test_keyboard_has_one_button_a_row_with_short_callback_data():
    markup = telegram.keyboard(({"title": "alles", "payload": LONG}, {"title": "ja", "payload": "ja"}))
    rows = markup.to_python()["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [["alles"], ["ja"]]
    assert rows[1][0]["callback_data"] == "ja" and len(rows[0][0]["callback_data"]) <= 64
    assert telegram.keyboard(()) is None


def test_secret_token_is_compared_exactly():
    channel = telegram.KansrijkTelegram(TG)
    ok = SimpleNamespace(headers={telegram.SECRET_HEADER: "s3cret_token"})
    assert channel.authentic(ok)
    for given in ("", "s3cret_toke", "s3cret_token ", "S3CRET_TOKEN", "s3cret_tokén"):
        assert not channel.authentic(SimpleNamespace(headers={telegram.SECRET_HEADER: given}))
    assert not channel.authentic(SimpleNamespace(headers={}))


class FakeEdge:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.senders = self

    async def take(self, key: str) -> bool:
        return True

    async def handle(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        return SimpleNamespace(status="answered")


@pytest.fixture()
def edge(monkeypatch) -> FakeEdge:
    fake = FakeEdge()
    monkeypatch.setattr(chat_apps.Edge, "shared", classmethod(lambda cls: fake))
    monkeypatch.setattr(telegram.Edge, "shared", classmethod(lambda cls: fake))
    return fake


def telegram_channel() -> tuple[telegram.KansrijkTelegram, Recorder, list[str]]:
    channel = telegram.KansrijkTelegram(TG)
    output, answered = Recorder(), []
    channel.output = output

    async def answer(query_id: str) -> None:
        answered.append(query_id)

    output.answer_callback = answer  # type: ignore[attr-defined]
    return channel, output, answered


def user(language: str = "nl") -> dict[str, Any]:
    return {"id": 42, "is_bot": False, "first_name": "Sanne", "language_code": language}


def message(**fields: Any) -> dict[str, Any]:
    return {
        "message_id": 1,
        "from": user(fields.pop("language", "nl")),
        "chat": {"id": 42, "type": "private"},
        "date": 1764316800,
        **fields,
    }


async def nothing(_: Any) -> None:
    return None


def test_telegram_text_goes_through_the_edge_with_update_id_for_duplicates(edge):
    channel, _, _ = telegram_channel()
    asyncio.run(channel.handle({"update_id": 7, "message": message(text="ik ben 16")}, agent(), nothing))
    [call] = edge.calls
    assert (call["channel"], call["sender_id"], call["text"], call["client_message_id"]) == (
        "telegram",
        "42",
        "ik ben 16",
        "7",
    )


@pytest.mark.parametrize(
    "text, language, greeting",
    [("/start", "nl", "hallo"), ("/start abc", "en-GB", "hello"), ("/start@kansrijk_bot", "de", "hallo")],
)
def test_telegram_start_command_is_a_greeting(edge, text, language, greeting):
    channel, _, _ = telegram_channel()
    asyncio.run(channel.handle({"update_id": 8, "message": message(text=text, language=language)}, agent(), nothing))
    assert edge.calls[0]["text"] == greeting


def test_telegram_callback_is_answered_and_its_payload_sent(edge):
    channel, _, answered = telegram_channel()
    tracker = FakeTracker([bot("Meer?", [{"title": "alles", "payload": LONG}])])
    update = {
        "update_id": 9,
        "callback_query": {
            "id": "cb1",
            "from": user(),
            "message": message(text="Meer?"),
            "chat_instance": "1",
            "data": telegram.callback_data(LONG),
        },
    }
    asyncio.run(channel.handle(update, agent(tracker), nothing))
    assert answered == ["cb1"] and edge.calls[0]["text"] == LONG and edge.calls[0]["sender_id"] == "42"


@pytest.mark.parametrize(
    "update, expected",
    [
        ({"message": message(sticker={"file_id": "x", "emoji": "👍"})}, chat_apps.TEXT_ONLY),
        ({"message": message(photo=[{"file_id": "x", "width": 90, "height": 67}], caption="")}, chat_apps.TEXT_ONLY),
        ({"message": message(location={"latitude": 52.1, "longitude": 5.1})}, chat_apps.TEXT_ONLY),
        ({"message": message(text="   ")}, chat_apps.TEXT_ONLY),
        ({"edited_message": message(text="hoi!", edit_date=1764316820)}, chat_apps.EDITED),
        (
            {"callback_query": {"id": "cb", "from": user(), "message": message(text="?"), "data": "#" + "0" * 32}},
            chat_apps.EXPIRED,
        ),
    ],
)
def test_telegram_updates_without_new_text_get_a_kind_answer(edge, update, expected):
    channel, output, _ = telegram_channel()
    assert asyncio.run(channel.handle({"update_id": 10, **update}, agent(), nothing)) is None
    assert [p.text for p in output.parts] == [expected.nl] and edge.calls == []


def test_telegram_kind_answer_follows_the_conversation_language(edge):
    channel, output, _ = telegram_channel()
    english = agent(FakeTracker([SlotSet("language", "en")], language="en"))
    asyncio.run(channel.handle({"update_id": 11, "message": message(sticker={"file_id": "x"})}, english, nothing))
    unknown = {"update_id": 12, "message": {**message(sticker={"file_id": "x"}), "from": {"id": 42}}}
    asyncio.run(channel.handle(unknown, agent(), nothing))
    assert [p.text for p in output.parts] == [
        chat_apps.TEXT_ONLY.en,
        f"{chat_apps.TEXT_ONLY.nl}\n\n{chat_apps.TEXT_ONLY.en}",
    ]


def test_telegram_other_updates_are_ignored(edge):
    channel, output, _ = telegram_channel()
    update = {"update_id": 13, "my_chat_member": {"chat": {"id": 42}, "from": user(), "date": 1}}
    assert asyncio.run(channel.handle(update, agent(), nothing)) is None
    assert output.parts == [] and edge.calls == []


def test_whatsapp_media_without_words_gets_a_kind_answer(edge):
    channel = whatsapp.KansrijkWhatsApp(WA)
    channel.output = Recorder()
    form = whatsapp.RequestParameters(
        {"From": ["whatsapp:+31612345678"], "Body": [""], "NumMedia": ["1"], "MessageSid": ["MM1"]}
    )
    assert asyncio.run(channel.handle(form, agent(), nothing)) is None
    assert [p.text for p in channel.output.parts] == [f"{chat_apps.TEXT_ONLY.nl}\n\n{chat_apps.TEXT_ONLY.en}"]
    form = whatsapp.RequestParameters({"From": ["whatsapp:+31612345678"], "Body": ["hoi"], "MessageSid": ["SM1"]})
    asyncio.run(channel.handle(form, agent(), nothing))
    assert (edge.calls[0]["text"], edge.calls[0]["client_message_id"], edge.calls[0]["client"]) == (
        "hoi",
        "SM1",
        "whatsapp",
    )


# --- shared output and timing ----------------------------------------------------------------------------


def test_output_sends_parts_in_order_and_counts_failures_without_raising(caplog):
    output = Recorder(fail_on="kapot")
    asyncio.run(output.send_response("x", {"text": "een", "buttons": EDUCATION}))
    asyncio.run(output.send_response("x", {"text": "kapot"}))
    assert [p.text.splitlines()[0] for p in output.parts] == ["een"]
    assert "1. vmbo basis" in output.parts[0].text
    assert (output.delivered, output.failed) == (1, 1)
    assert "sending a message failed: ConnectionError" in caplog.text


def test_answer_within_returns_early_and_lets_the_work_finish():
    async def scenario() -> tuple[Any, Any, list[str]]:
        done: list[str] = []

        async def work(seconds: float, name: str) -> str:
            await asyncio.sleep(seconds)
            done.append(name)
            return name

        fast = await chat_apps.answer_within(work(0.01, "fast"), seconds=1)
        slow = await chat_apps.answer_within(work(0.3, "slow"), seconds=0.05)
        await asyncio.sleep(0.5)
        return fast, slow, done

    fast, slow, done = asyncio.run(scenario())
    assert (fast, slow, done) == ("fast", None, ["fast", "slow"])


def test_webhook_command_needs_https_and_a_valid_secret():
    with pytest.raises(ValueError, match="KANSRIJK_PUBLIC_URL"):
        asyncio.run(telegram.set_webhook(telegram.TelegramSettings("1:a", "ok", "http://bot.example.nl")))
    with pytest.raises(ValueError, match="TELEGRAM_SECRET_TOKEN"):
        asyncio.run(telegram.set_webhook(telegram.TelegramSettings("1:a", "", "https://bot.example.nl")))
    assert TG.webhook_url == "https://bot.example.nl/webhooks/telegram/webhook"


def test_webhook_command_sets_the_secret_token(providers):
    settings = telegram.TelegramSettings(BOT_TOKEN, SECRET, "https://bot.example.nl/", providers.url)
    mark = providers.mark()
    assert asyncio.run(telegram.webhook_command(settings, "set")) is True
    assert asyncio.run(telegram.webhook_command(settings, "info"))["pending_update_count"] == 0
    [call, _] = providers.since(mark)
    assert call.method == "setWebhook"
    assert call.params["url"] == "https://bot.example.nl/webhooks/telegram/webhook"
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == '["message", "edited_message", "callback_query"]'


def test_kind_answer_needs_a_valid_sender(edge):
    output = Recorder()
    assert not asyncio.run(chat_apps.kind_reply(output, None, "whatsapp", "", chat_apps.TEXT_ONLY))
    assert not asyncio.run(chat_apps.kind_reply(output, None, "whatsapp", "a b", chat_apps.TEXT_ONLY))
    assert asyncio.run(
        chat_apps.kind_reply(output, None, "whatsapp", "whatsapp:+31612345678", chat_apps.TEXT_ONLY, "en")
    )
    assert [p.text for p in output.parts] == [chat_apps.TEXT_ONLY.en]
