"""channels/render_text.py: buttons as numbered choices, cards as text blocks, splitting at the app's limit."""

from __future__ import annotations

import asyncio
import re

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import advising
from bot.paths import ROOT
from channels import render_text as rt

BUTTONS = [{"title": t, "payload": t} for t in ("vmbo basis", "vmbo kader", "havo/vwo")]


def words(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def recommendation_messages(catalog_path):
    """The recommendation message exactly as the action sends it (text and cards payload), in both languages."""
    messages = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KANSRIJK_CATALOG_DB", str(catalog_path))
        for lang in ("nl", "en"):
            messages[lang] = _recommend(lang)
    return messages


def _recommend(lang: str) -> dict:
    slots = {
        "education": "vmbo_bb",
        "vmbo_profile": "PIE",
        "age": 16,
        "interests_text": "lassen en metaal",
        "route": "bbl",
        "place": "Zwolle",
        "start_wish": "september",
        "language": lang,
    }
    tracker = Tracker("t", slots, {"text": "", "intent": {}, "entities": []}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(advising.ActionRecommend().run(dispatcher, tracker, {}))
    return {"text": dispatcher.messages[0]["text"], "custom": dispatcher.messages[0]["custom"]}


@pytest.mark.parametrize(
    "count, lang, hint",
    [
        (3, "nl", "Antwoord 1, 2 of 3 (of typ zelf je antwoord)."),
        (3, "en", "Reply 1, 2 or 3 (or type your own answer)."),
        (2, "nl", "Antwoord 1 of 2 (of typ zelf je antwoord)."),
        (1, "en", "Reply 1 (or type your own answer)."),
        (5, "nl", "Antwoord 1, 2, 3, 4 of 5 (of typ zelf je antwoord)."),
        (7, "nl", "Antwoord met een nummer van 1 t/m 7 (of typ zelf je antwoord)."),
        (8, "en", "Reply with a number from 1 to 8 (or type your own answer)."),
    ],
)
def test_numbered_choices(count, lang, hint):
    buttons = [{"title": f"keuze {n}", "payload": f"p{n}"} for n in range(1, count + 1)]
    text = rt.numbered_choices(buttons, lang)
    assert text.splitlines()[0] == "1. keuze 1"
    assert text.endswith("\n\n" + hint)
    assert f"{count}. keuze {count}" in text


@pytest.mark.parametrize(
    "text, number",
    [
        ("2", 2),
        (" 2 ", 2),
        ("2.", 2),
        ("2)", 2),
        ("nr 2", 2),
        ("Nummer 3", 3),
        ("#1", 1),
        ("12", 12),
        ("2 .", 2),
        ("2 kinderen", None),
        ("twee", None),
        ("", None),
        ("12a", None),
        ("1,5", None),
        ("123", None),
        (None, None),
    ],
)
def test_choice_number(text, number):
    assert rt.choice_number(text) == number


def test_every_domain_question_with_buttons_is_numbered_in_its_own_language():
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    checked = 0
    for name, variants in responses.items():
        for variant in variants:
            if not variant.get("buttons"):
                continue
            expected = "en" if any(c.get("value") == "en" for c in variant.get("condition") or []) else "nl"
            assert rt.message_language(variant) == expected, (name, variant["text"])
            assert all(not b["payload"].startswith("/") for b in variant["buttons"]), name  # plain-text payloads
            [part] = rt.render(variant, rt.WHATSAPP_LIMIT, numbered=True)
            assert ("Antwoord" if expected == "nl" else "Reply") in part.text and not part.buttons
            checked += 1
    assert checked >= 10


def test_buttons_stay_buttons_on_the_last_part_for_apps_with_keyboards():
    message = {"text": "a " * 3000, "buttons": BUTTONS}
    parts = rt.render(message, rt.TELEGRAM_LIMIT, numbered=False)
    assert (
        len(parts) == 2
        and parts[0].buttons == ()
        and [b["title"] for b in parts[-1].buttons] == ["vmbo basis", "vmbo kader", "havo/vwo"]
    )
    assert "Antwoord" not in parts[-1].text


def test_buttons_without_text_still_get_a_prompt():
    [part] = rt.render({"buttons": BUTTONS}, rt.TELEGRAM_LIMIT, numbered=False)
    assert part.text == rt.CHOOSE.nl and len(part.buttons) == 3
    [part] = rt.render({"buttons": BUTTONS}, rt.WHATSAPP_LIMIT, numbered=True)
    assert part.text.startswith("1. vmbo basis")


def test_nothing_to_say_gives_no_parts():
    assert rt.render({"text": "  "}, rt.WHATSAPP_LIMIT, numbered=True) == []
    assert rt.render({"custom": {"type": "other"}}, rt.WHATSAPP_LIMIT, numbered=True) == []


def test_markdown_links_become_readable_text():
    text = "Kijk op [de site van de school](https://school.example/bbl) of [mail](mailto:a@b.example)."
    assert rt.plain(text) == "Kijk op de site van de school: https://school.example/bbl of mail: mailto:a@b.example."
    assert rt.plain("[1] and (2)") == "[1] and (2)"


def test_split_never_exceeds_the_limit_and_loses_nothing():
    text = "\n\n".join(" ".join(f"woord{p}-{n}" for n in range(80)) for p in range(12)) + "\n" + "x" * 250
    for limit in (100, 300, 1600):
        parts = rt.split(text, limit)
        assert all(0 < rt.units(p) <= limit for p in parts)
        assert words(" ".join(parts)) == words(text) or limit < 250


def test_split_prefers_paragraphs_then_lines_then_words():
    paragraph = "regel een\nregel twee"
    assert rt.split(f"{paragraph}\n\n{paragraph}", len(paragraph) + 3) == [paragraph, paragraph]
    assert rt.split("aaaa bbbb\ncccc dddd", 12) == ["aaaa bbbb", "cccc dddd"]
    assert rt.split("aaaa bbbb cccc", 10) == ["aaaa bbbb", "cccc"]
    assert rt.split("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_limits_count_utf16_units_like_the_apps():
    assert rt.units("é") == 1 and rt.units("😀") == 2
    parts = rt.split("😀" * 1000, rt.WHATSAPP_LIMIT)
    assert [rt.units(p) for p in parts] == [1600, 400]
    assert "".join(parts) == "😀" * 1000


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("limit", [rt.WHATSAPP_LIMIT, rt.TELEGRAM_LIMIT, 700])
def test_recommendations_become_one_block_per_course_never_cut(recommendation_messages, lang, limit):
    message = recommendation_messages[lang]
    parts = rt.render(dict(message), limit, numbered=True)
    assert all(rt.units(p.text) <= limit for p in parts)
    cards = re.findall(r"^\d+\. .*(?:\n   .*)*", message["text"], flags=re.MULTILINE)
    assert len(cards) == len(message["custom"]["items"]) + len(message["custom"]["out_of_reach"])
    for card in cards:  # every card arrives whole, in one message, separated from the next by a blank line
        assert sum(card in p.text for p in parts) == 1, card
    assert words(" ".join(p.text for p in parts)) == words(message["text"])
    assert all("](" not in p.text for p in parts)


def test_recommendations_without_text_are_drawn_from_the_cards(recommendation_messages):
    payload = recommendation_messages["en"]["custom"]
    parts = rt.render({"custom": payload}, rt.WHATSAPP_LIMIT, numbered=True)
    text = "\n\n".join(p.text for p in parts)
    first = payload["items"][0]
    assert f"1. {first['name']} (level {first['level']}, {'/'.join(first['routes'])})" in text
    assert f"Start: {first['next_start']}, {first['location']}" in text
    assert "Why: " in text and (first["demand"] is None or f"Jobs: {first['demand']['text']}" in text)
    assert all(rt.units(p.text) <= rt.WHATSAPP_LIMIT for p in parts)


def test_an_image_is_sent_as_its_address():
    [part] = rt.render({"text": "Kijk:", "image": "https://school.example/a.png"}, rt.WHATSAPP_LIMIT, numbered=True)
    assert part.text == "Kijk:\n\nhttps://school.example/a.png"


def test_a_long_note_before_the_first_card_does_not_cut_the_card():
    card = "1. Verspaner (niveau 2, BBL)\n   Start: september 2027, Voorbeeld ROC\n   Waarom: instromen op niveau 2."
    note = "Ik herken nog geen technisch werk in je antwoord. " * 12  # note, heading and card: over 700
    text = f"{note.strip()}\nTechnische opleidingen met goede kansen:\n{card}"
    parts = rt.render({"text": text, "custom": {"type": "recommendations", "items": []}}, 700, numbered=True)
    assert sum(card in p.text for p in parts) == 1, [p.text for p in parts]
    assert words(" ".join(p.text for p in parts)) == words(text)
