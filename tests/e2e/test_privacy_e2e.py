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

    payload, transcript = converse(
        bot,
        [f"mijn code is {found.group(0).lower()}"],
        {"route": "bbl", "place": "eindhoven", "start_wish": "september"},
    )
    assert transcript[0]["text"].startswith("Gelukt"), transcript[0]
    asked = " ".join(m.get("text") or "" for m in transcript)
    assert "Hoe oud ben je" not in asked and "Welke school" not in asked  # restored answers are not asked again
    assert payload["items"]


def test_delete_my_data_erases_everything_and_then_confirms(bot):
    sender = f"e2e-{uuid.uuid4().hex[:10]}"
    for line in ("hallo", "ik ben 17 en heb geen diploma"):
        assert bot.send(sender, line)[0] == 200
    status, _ = bot.send(sender, "geef mijn code")
    assert status == 200
    status, messages = bot.send(sender, "verwijder mijn gegevens")
    assert status == 200
    assert not [m for m in messages if privacy.is_erase_marker(m)], messages  # never shown to the user
    assert texts(messages) == privacy.ERASED.nl
    # Erased after Rasa saved the turn: nothing of this conversation is left in any store
    with sqlite3.connect(bot.tracker_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0] == 0
    with sqlite3.connect(bot.state_db) as conn:
        for table in ("inbound", "continuity_codes"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE sender_id = ?", (sender,)).fetchone()[0] == 0
    # and the next message starts a new conversation
    status, messages = bot.send(sender, "hoi")
    assert status == 200 and messages[0]["text"].startswith("Hoi!")
