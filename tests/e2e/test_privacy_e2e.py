"""End-to-end: continue on another device with a code, and erase a conversation (as the channel edge will)."""

from __future__ import annotations

import re
import sqlite3
import uuid

import pytest

from bot import privacy

from .test_conversations import converse

pytestmark = pytest.mark.e2e
CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b")


def texts(messages) -> str:
    return " ".join(m.get("text") or "" for m in messages)


def test_a_code_continues_the_conversation_on_another_device(bot):
    first = f"e2e-{uuid.uuid4().hex[:10]}"
    for line in ("hoi", "ik ben 16 en zit op vmbo kader PIE", "iets met elektriciteit"):
        status, _ = bot.send(first, line)
        assert status == 200
    status, messages = bot.send(first, "geef mijn code")
    assert status == 200
    found = CODE.search(texts(messages))
    assert found, texts(messages)

    second = f"e2e-{uuid.uuid4().hex[:10]}"
    payload, transcript = converse(bot, [f"mijn code is {found.group(0).lower()}"],
                                   {"route": "bbl", "place": "eindhoven", "start_wish": "september"})
    assert transcript[0]["text"].startswith("Gelukt"), transcript[0]
    asked = " ".join(m.get("text") or "" for m in transcript)
    assert "Hoe oud ben je" not in asked and "Welke school" not in asked  # restored answers are not asked again
    assert payload["items"]


def test_erase_sends_the_marker_and_forget_leaves_nothing(bot):
    sender = f"e2e-{uuid.uuid4().hex[:10]}"
    for line in ("hallo", "ik ben 17 en heb geen diploma"):
        assert bot.send(sender, line)[0] == 200
    status, messages = bot.send(sender, "verwijder mijn gegevens")
    assert status == 200
    assert [m for m in messages if privacy.is_erase_marker(m)], messages
    assert not texts(messages).strip()  # the edge confirms after erasing; the bot says nothing itself
    # Rasa saved the turn before it answered, so erasing now (as the edge does) leaves nothing behind
    report = privacy.forget(sender, tracker_db=bot.tracker_db, state_db=bot.state_db)
    assert report.tracker_events > 0
    with sqlite3.connect(bot.tracker_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0] == 0
