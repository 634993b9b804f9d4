"""The bot with every Rasa patch switched off (`KANSRIJK_RASA_PATCHES=off`): Rasa's own code paths give the same
conversation and the same advice as the patched bot (`live_bot`), and the server says in its log what is off."""

from __future__ import annotations

import botkit
import pytest
from botkit import RestBot

import rasa_patches

from .test_conversations import PERSONAS, converse

pytestmark = pytest.mark.e2e

PERSONA = "vmbo basis PIE, 16"


@pytest.fixture(scope="module")
def stock_bot(tmp_path_factory, catalog_path):
    workdir = tmp_path_factory.mktemp("patches-off")
    try:
        with botkit.running_bot(workdir, catalog_path, {rasa_patches.ENV: "off"}) as base:
            yield RestBot(f"{base}/webhooks/rest/webhook", workdir / "tracker.db", workdir / "state.db"), workdir
    except RuntimeError as err:
        pytest.fail(f"{err} (logs in {workdir})")


def test_rasas_own_code_gives_the_same_conversation_and_advice(bot, stock_bot):
    stock, workdir = stock_bot
    opening, answers = PERSONAS[PERSONA]
    theirs, their_transcript = converse(stock, opening, answers)
    ours, our_transcript = converse(bot, opening, answers)
    assert [m.get("text") for m in their_transcript] == [m.get("text") for m in our_transcript]
    assert [(i["crebo"], i["name"]) for i in theirs["items"]] == [(i["crebo"], i["name"]) for i in ours["items"]]
    log = (workdir / "rasa.log").read_text(errors="replace")
    assert f"Rasa patches on: -; off: {', '.join(sorted(rasa_patches.PATCHES))}" in log
