"""WhatsApp and Telegram end to end: recorded webhooks in, the trained bot, replies out to a fake provider API."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

import botkit
import pytest
from chat_users import TelegramUser, WhatsAppUser
from fake_providers import SECRET

from channels import chat_apps, render_text

pytestmark = pytest.mark.e2e

COURSES_FIT = (
    "Deze opleidingen passen bij je",
    "These courses fit you",
    "Wat het best bij je past",
    "What fits you best",
    "Deze opleidingen hebben te maken met",
    "These courses have to do with",
    "Wat het meest te maken heeft met",
    "What has most to do with",
)
DUTCH = (
    ["hoi", "ik zit op vmbo basis pie en ben 16"],
    {"interests_text": "lassen en metaal", "route": "bbl", "place": "zwolle", "start_wish": "september"},
)
ENGLISH = (
    ["hello there", "I'm 19 and I have a havo diploma, I love coding and computers"],
    {"route": "doesn't matter", "place": "Rotterdam", "start_wish": "september", "interests_text": "programming"},
)


def recommendations(messages: list[dict[str, Any]]) -> str | None:
    """The recommendation text, from the first message that has it to the end of the turn."""
    for n, message in enumerate(messages):
        if any(marker in message["text"] for marker in COURSES_FIT):
            return "\n".join(m["text"] for m in messages[n:])
    return None


def nothing_more(user: Any, mark: int, seconds: float = 1.5) -> bool:
    time.sleep(seconds)
    return not user.sent(mark)


# --- WhatsApp ---------------------------------------------------------------------------------------


def test_whatsapp_intake_in_free_text_ends_in_recommendations(live_bot):
    user = WhatsAppUser(live_bot)
    text, transcript = botkit.converse(user.say, *DUTCH, recommendations)
    assert "1. " in text and "Start:" in text, text
    assert all(render_text.units(m["text"]) <= render_text.WHATSAPP_LIMIT for m in transcript)
    assert not any("](" in m["text"] for m in transcript)
    # Buttons arrived as numbered choices with the reply hint in Dutch.
    assert any("\n1. " in m["text"] and "Antwoord 1" in m["text"] for m in transcript), transcript


def test_whatsapp_numbered_reply_is_the_button_of_the_last_question(live_bot):
    user = WhatsAppUser(live_bot)
    first = user.say("hoi")
    question = next(m["text"] for m in first if "\n1. " in m["text"])
    choice_two = question.split("\n2. ", 1)[1].split("\n", 1)[0]
    user.say(" 2. ")
    assert live_bot.user_texts(user.sender_id)[-1] == choice_two  # the button's payload, as stored by Rasa


def test_whatsapp_refuses_unsigned_and_badly_signed_requests(live_bot):
    user = WhatsAppUser(live_bot)
    mark = live_bot.providers.mark()
    form = user.form("hoi")
    assert user.post(form, signature="")[0] == 403
    assert user.post(form, signature="bm90IGEgc2lnbmF0dXJl")[0] == 403
    # Signed over the address the server itself sees, not the public one Twilio calls: refused too.
    assert user.post(form, signed_url=live_bot.base + user.url_path)[0] == 403
    tampered = [(k, "ik ben 99" if k == "Body" else v) for k, v in form]
    assert user.post(tampered, signature=user.signature(form))[0] == 403
    assert nothing_more(user, mark)
    assert live_bot.user_texts(user.sender_id) == []


def test_whatsapp_duplicate_delivery_is_processed_once(live_bot):
    user = WhatsAppUser(live_bot)
    form = user.form("hoi")
    assert user.exchange(form)
    mark = live_bot.providers.mark()
    status, _ = user.post(form)  # Twilio re-delivers the same MessageSid
    assert status == 200
    assert nothing_more(user, mark)
    assert live_bot.user_texts(user.sender_id) == ["hoi"]


def test_whatsapp_photo_without_text_gets_a_kind_answer(live_bot):
    user = WhatsAppUser(live_bot)
    replies = user.exchange(user.form(None, "twilio_whatsapp_image.form"))
    assert replies[0]["text"].startswith(chat_apps.TEXT_ONLY.nl)  # new conversation: Dutch and English
    assert chat_apps.TEXT_ONLY.en in replies[0]["text"]
    user.say("hello, I'm looking for a course")
    replies = user.exchange(user.form(None, "twilio_whatsapp_image.form"))
    assert replies[0]["text"] == chat_apps.TEXT_ONLY.en  # now in the conversation's language


# --- Telegram ---------------------------------------------------------------------------------------


def test_telegram_intake_in_free_text_ends_in_recommendations(live_bot):
    user = TelegramUser(live_bot, language_code="en")
    text, transcript = botkit.converse(user.say, *ENGLISH, recommendations)
    assert "1. " in text and "Start:" in text, text
    assert all(render_text.units(m["text"]) <= render_text.TELEGRAM_LIMIT for m in transcript)
    keyboards = [m["buttons"] for m in transcript if m["buttons"]]
    assert keyboards, "questions with choices come with an inline keyboard"
    assert all(len(b["callback_data"].encode()) <= 64 for k in keyboards for b in k)
    assert not any("Reply 1" in m["text"] for m in transcript)  # no numbered choices where buttons exist


def test_telegram_start_command_and_inline_keyboard_callback(live_bot):
    user = TelegramUser(live_bot)
    first = user.exchange(user.update("telegram_start.json"))
    assert live_bot.user_texts(user.sender_id) == ["hallo"]  # /start is a greeting, not "start"
    keyboard = next(m["buttons"] for m in first if m["buttons"])
    mark = live_bot.providers.mark()
    replies = user.tap(keyboard[1]["callback_data"])
    assert replies
    assert live_bot.user_texts(user.sender_id)[-1] == keyboard[1]["title"]  # titles are the payloads here
    answered = live_bot.providers.since(mark, lambda c: c.method == "answerCallbackQuery")
    assert len(answered) == 1 and answered[0].params["callback_query_id"]


def test_telegram_expired_hashed_button_is_answered_kindly(live_bot):
    user = TelegramUser(live_bot)
    user.say("hoi")
    replies = user.tap("#" + "0" * 32)
    assert replies[0]["text"] == chat_apps.EXPIRED.nl
    assert live_bot.user_texts(user.sender_id) == ["hoi"]


def test_telegram_refuses_a_missing_or_wrong_secret_token(live_bot):
    user = TelegramUser(live_bot)
    mark = live_bot.providers.mark()
    update = user.update("telegram_message.json", text="hoi")
    assert user.post(update, secret=None)[0] == 403
    assert user.post(update, secret=SECRET[:-1] + "x")[0] == 403
    assert user.post(update, secret="")[0] == 403
    assert nothing_more(user, mark)
    assert live_bot.user_texts(user.sender_id) == []


def test_telegram_duplicate_update_is_processed_once(live_bot):
    user = TelegramUser(live_bot)
    update = user.update("telegram_message.json", text="hoi")
    assert user.exchange(update)
    mark = live_bot.providers.mark()
    assert user.post(update)[0] == 200  # Telegram re-delivers the same update_id
    assert nothing_more(user, mark)
    assert live_bot.user_texts(user.sender_id) == ["hoi"]


@pytest.mark.parametrize(
    "template, expected",
    [
        ("telegram_sticker.json", chat_apps.TEXT_ONLY),
        ("telegram_photo.json", chat_apps.TEXT_ONLY),
        ("telegram_edited_message.json", chat_apps.EDITED),
    ],
)
def test_telegram_updates_without_new_text_get_a_kind_answer(live_bot, template, expected):
    user = TelegramUser(live_bot)
    replies = user.exchange(user.update(template))
    assert [m["text"] for m in replies] == [expected.nl]  # language_code nl, no conversation yet
    assert live_bot.user_texts(user.sender_id) == []
    assert user.say("hoi")  # and the bot goes on as normal


def test_channel_health_routes_and_no_public_set_webhook(live_bot):
    for name in ("whatsapp", "telegram"):
        with urllib.request.urlopen(f"{live_bot.base}/webhooks/{name}/", timeout=10) as response:
            assert json.loads(response.read()) == {"status": "ok"}
    # The stock channel's public /set_webhook is gone (anyone could have re-pointed the bot).
    request = urllib.request.Request(f"{live_bot.base}/webhooks/telegram/set_webhook", method="POST", data=b"")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code in (404, 405)


# --- a counsellor joins (issue 11) -------------------------------------------------------------------------------


@pytest.mark.parametrize("app", [WhatsAppUser, TelegramUser])
def test_the_counsellor_reaches_a_chat_app_at_once(live_bot, app):
    """On WhatsApp and Telegram the counsellor's joining and suggestion are sent without waiting for the pupil."""
    user = app(live_bot)
    user.say("hoi")
    code = botkit.JOIN_CODE.search(" ".join(m["text"] for m in user.say("laat mijn decaan meekijken"))).group(1)
    mentor = botkit.new_counsellor(live_bot)
    assert mentor.login() == 303
    mark = live_bot.providers.mark()
    watch = mentor.join(code)
    assert mentor.post(f"/s/{watch}/steer", {"action": "suggest", "crebo": "25244"})[0] == 303
    live_bot.providers.wait_for(mark, lambda c: "stelt voor" in json.dumps(c.params, ensure_ascii=False))
    sent = " ".join(json.dumps(c.params, ensure_ascii=False) for c in user.sent(mark))
    assert "Je decaan kijkt nu mee" in sent and "Je decaan stelt voor" in sent and "25244" in sent
    # Shown once: the pupil's next reply does not repeat them.
    assert not any("stelt voor" in m["text"] for m in user.say("16"))
