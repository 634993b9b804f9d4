"""End-to-end: the trained bot and action server, spoken to over the REST channel in free text only."""

from __future__ import annotations

import uuid
from typing import Any

import botkit
import pytest

pytestmark = pytest.mark.e2e


def recommendations(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    for message in messages:
        custom = message.get("custom") or {}
        if custom.get("type") == "recommendations":
            return custom
    return None


def converse(bot, opening: list[str], answers: dict[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Send the opening lines, then answer each question in free text until recommendations arrive."""
    sender = f"e2e-{uuid.uuid4().hex[:10]}"

    def send(text: str) -> list[dict[str, Any]]:
        status, messages = bot.send(sender, text)
        assert status == 200, messages
        assert messages and all(m.get("text") or m.get("custom") or m.get("buttons") for m in messages), messages
        return messages

    return botkit.converse(send, opening, answers, recommendations)


PERSONAS = {
    "vmbo basis PIE, 16": (
        ["hoi", "ik zit op vmbo basis pie en ben 16"],
        {"interests_text": "lassen en metaal", "route": "bbl", "place": "zwolle", "start_wish": "september"},
    ),
    "vmbo kader zorg zonder wiskunde": (
        ["hallo", "ik doe vmbo kader zorg en welzijn"],
        {
            "has_math_or_science": "nee geen wiskunde",
            "age": "16",
            "interests_text": "iets met elektriciteit",
            "route": "maakt niet uit",
            "place": "eindhoven",
            "start_wish": "maakt niet uit",
        },
    ),
    "vmbo gl, autos": (
        ["hey ik zit in de gemengde leerweg, profiel mobiliteit en transport, 15 jaar"],
        {
            "interests_text": "sleutelen aan autos en brommers",
            "route": "school",
            "place": "den bosch",
            "start_wish": "september",
        },
    ),
    "vmbo tl, computers": (
        ["hoi", "ik zit op de mavo in 4 en ben 16"],
        {
            "vmbo_profile": "mvi",
            "interests_text": "gamen en computers",
            "route": "maakt niet uit",
            "place": "utrecht",
            "start_wish": "na de zomer",
        },
    ),
    "no diploma, 17": (
        ["hallo", "ik heb geen diploma en ben 17"],
        {
            "interests_text": "bouwen en timmeren",
            "route": "werken en leren",
            "place": "rotterdam",
            "start_wish": "zo snel mogelijk",
        },
    ),
    "career switcher, 35": (
        ["goedemiddag", "ik ben 35, werk nu in een magazijn en heb geen diploma. ik wil werken en leren"],
        {"interests_text": "installatie en warmtepompen", "place": "amersfoort", "start_wish": "zo snel mogelijk"},
    ),
    "newcomer, foreign diploma": (
        ["hallo", "ik kom uit syrië en heb een diploma uit syrië, ik ben 24"],
        {
            "dutch_level": "een beetje",
            "interests_text": "elektriciteit",
            "route": "bbl",
            "place": "groningen",
            "start_wish": "zo snel mogelijk",
        },
    ),
    "English speaker": (
        ["hello there", "I'm 19 and I have a havo diploma, I love coding and computers"],
        {"route": "doesn't matter", "place": "Rotterdam", "start_wish": "september", "interests_text": "programming"},
    ),
}


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_persona_gets_grounded_recommendations(bot, persona):
    opening, answers = PERSONAS[persona]
    payload, transcript = converse(bot, opening, answers)
    items = payload["items"] + payload["out_of_reach"]
    assert items, payload
    for item in items:
        assert item["name"] and item["level"] and item["routes"] and item["next_start"] and item["location"]
        assert item["reasons"]
        assert item["demand"] is None or item["demand"]["source"]
    EXPECTATIONS[persona](payload, transcript)


def _names(items) -> str:
    return " ".join(i["name"].lower() for i in items)


def _catch_up_codes(items) -> set[str]:
    return {c["code"] for i in items for c in i["catch_up"]}


def check_basis_pie(p, t):
    assert {i["level"] for i in p["items"]} <= {1, 2}, p["items"]  # vmbo basis never enters level 3
    assert all(i["routes"] == ["BBL"] for i in p["items"]), p["items"]  # BBL wish: no BOL offers


def check_kader_zorg_without_maths(p, t):
    assert "ask_school_subject" in _catch_up_codes(p["out_of_reach"]), p["out_of_reach"]


def check_gl_cars(p, t):
    assert any(w in _names(p["items"][:3]) for w in ("voertuig", "auto", "mobiliteit", "motor")), _names(p["items"])


def check_tl_computers(p, t):
    assert any(w in _names(p["items"][:3]) for w in ("software", "ict", "developer", "netwerk", "support")), _names(
        p["items"]
    )


def check_no_diploma(p, t):
    assert {i["level"] for i in p["items"]} == {1}, p["items"]  # Entree first


def check_career_switcher(p, t):
    assert all(i["routes"] == ["BBL"] for i in p["items"] + p["out_of_reach"]), p["items"]
    assert "toelatingsonderzoek" in _catch_up_codes(p["items"]), p["items"]


def check_newcomer(p, t):
    assert "taalschakeltraject" in _catch_up_codes(p["items"] + p["out_of_reach"]), p


def check_english(p, t):
    assert t[0]["text"].startswith("Hi!") and p["text"].startswith("These courses fit you"), p["text"][:200]


EXPECTATIONS = {
    "vmbo basis PIE, 16": check_basis_pie,
    "vmbo kader zorg zonder wiskunde": check_kader_zorg_without_maths,
    "vmbo gl, autos": check_gl_cars,
    "vmbo tl, computers": check_tl_computers,
    "no diploma, 17": check_no_diploma,
    "career switcher, 35": check_career_switcher,
    "newcomer, foreign diploma": check_newcomer,
    "English speaker": check_english,
}


ODD_INPUTS = {
    "empty": "",
    "very long": "ik wil iets met techniek " * 400,  # 10,000 characters
    "emoji only": "😀🔧⚡🚗" * 5,
    "html": "<script>alert('x')</script><b>hoi</b>",
    "non-latin": "مرحبا، أريد أن أدرس الكهرباء",
    "cyrillic": "Привет, я хочу учиться",
}


@pytest.mark.parametrize("name", sorted(ODD_INPUTS))
def test_odd_input_never_gives_an_empty_answer_or_error(bot, name):
    status, messages = bot.send(f"odd-{name.replace(' ', '-')}-{uuid.uuid4().hex[:6]}", ODD_INPUTS[name])
    assert status == 200, messages
    assert messages and all((m.get("text") or "").strip() or m.get("custom") for m in messages), messages
    for message in messages:
        assert "<script>" not in (message.get("text") or "")


def test_the_bot_still_answers_after_odd_input(bot):
    sender = f"odd-then-normal-{uuid.uuid4().hex[:6]}"
    bot.send(sender, "\x00\x01\x02")
    status, messages = bot.send(sender, "hoi")
    assert status == 200 and messages and messages[0]["text"]
