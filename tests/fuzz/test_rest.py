"""Fuzz the REST channel of the running bot: any body, hostile text, forced intents, bursts; the bot keeps working.

The contract each reply is held to is in tests/fuzz/cases.py. Example counts are bounded (tests/fuzz takes about
1.5 minutes on two shared cores, plus the bot's start shared with tests/e2e); bench/fuzz_long.py runs the same
cases 10,000 times. KANSRIJK_FUZZ_SCALE multiplies the counts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import privacy
from bot import settings as bot_settings

from .cases import (
    MAX_MESSAGE_CHARS,
    ORDINARY,
    bodies,
    bounded,
    fresh_sender,
    good_reply,
    messages,
    reply_problems,
    slash_messages,
    texts,
)

pytestmark = pytest.mark.e2e


def fingerprint(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def catalogue_before(bot, catalog_path) -> str:
    return fingerprint(catalog_path)


def answered(bot, sender: str, count: int = 1) -> None:
    """The journal holds this sender's messages, each answered (no apology, no refusal)."""
    assert bot.journal(sender) == [("answered", "")] * count


def _erased(reply: object) -> bool:
    said = [m.get("text") or "" for m in reply if isinstance(m, dict)] if isinstance(reply, list) else []
    return any(t.startswith((privacy.ERASED.nl[:40], privacy.ERASED.en[:40])) for t in said)


@bounded(300)
@given(case=bodies())
def test_any_body_gets_json_and_never_a_5xx(bot, catalogue_before, case):
    status, reply, content_type = bot.post(case.body)
    assert not reply_problems(case, status, reply, content_type)


@bounded(150)
@given(case=messages())
def test_every_message_gets_a_real_reply(bot, case):
    status, reply, content_type = bot.post(case.body)
    assert not reply_problems(case, status, reply, content_type)
    if case.too_long:
        assert bot.journal(case.sender) == [("refused", "too_long")]
    elif _erased(reply):  # random text the NLU reads as "delete my data" ("FORGET"): its own journal goes too
        assert bot.journal(case.sender) == [] and not bot.user_events(case.sender)
    else:
        answered(bot, case.sender)
        (event,) = bot.user_events(case.sender)
        assert len(event["text"]) <= 3 * MAX_MESSAGE_CHARS  # NFC may lengthen a little, never more
        assert len(str(event.get("metadata", ""))) < 4000  # oversized metadata is not stored


def test_a_first_message_that_says_forget_erases_its_own_journal_too(bot):
    """ "FORGET" (random text of the fuzzer, read as delete_data) erased the conversation with its journal: the
    contract of the test above holds for every other message."""
    sender = fresh_sender("forget")
    status, reply = bot.send(sender, "FORGET")
    assert status == 200 and _erased(reply) and bot.journal(sender) == []


@bounded(60)
@given(text=slash_messages())
def test_nobody_can_force_an_intent_or_entities(bot, text):
    """A leading '/' (also '/ /', '/\\x00/', ...) never reaches Rasa: the NLU reads the words as text."""
    sender = fresh_sender("slash")
    status, reply = bot.send(sender, text)
    assert status == 200 and good_reply(reply), reply
    if not bot.journal(sender):  # the words asked to delete my data: the conversation is gone, as it should be
        assert not bot.user_events(sender)
        return
    answered(bot, sender)
    event = bot.user_events(sender)[-1]
    parse = event["parse_data"]
    assert not event["text"].strip().startswith("/"), event["text"]
    assert len(parse["intent_ranking"]) > 1, parse  # classified by the NLU, not one forced intent at confidence 1
    assert not [e for e in parse["entities"] if e.get("extractor") == "RegexMessageHandler"], parse["entities"]


INTAKE = ["hoi", "ik zit op vmbo kader pie en ben 16", "lassen en metaal", "bbl", "zwolle", "zo snel mogelijk"]


@bounded(20)
@given(at=st.integers(0, len(INTAKE) - 1), hostile=st.lists(texts(max_size=80), min_size=1, max_size=2))
def test_hostile_answers_mid_conversation_leave_the_bot_working(bot, at, hostile):
    sender = fresh_sender("mid")
    script = INTAKE[:at] + hostile + [INTAKE[at]]
    for text in script:
        status, reply = bot.send(sender, text)
        assert status == 200 and good_reply(reply), (text, reply)
    assert all(status in ("answered", "refused") for status, _ in bot.journal(sender)), bot.journal(sender)


def test_a_burst_from_one_sender_is_slowed_down_politely(bot, live_bot):
    """The per-sender token bucket: `sender_burst` messages at once are taken, the rest get HTTP 429 and a
    friendly message; other senders are not affected; after a pause the sender is served again."""
    edge = bot_settings.load(str(live_bot.workdir / "kansrijk.yml")).edge
    sender, burst = fresh_sender("burst"), int(edge.sender_burst)
    body = json.dumps({"sender": sender, "message": "hoi"}).encode()
    with ThreadPoolExecutor(burst + 6) as pool:
        results = [(status, reply) for status, reply, _ in pool.map(lambda _: bot.post(body), range(burst + 6))]
    statuses = sorted(status for status, _ in results)
    assert statuses.count(200) in (burst, burst + 1) and set(statuses) == {200, 429}, statuses
    for status, reply in results:
        assert good_reply(reply), reply
        if status == 429:
            assert any(w in reply[0]["text"] for w in ("Rustig aan", "Slow down")), reply
    assert [s for s, _ in bot.journal(sender)].count("refused") == statuses.count(429)
    assert bot.send(fresh_sender("bystander"), "hoi")[0] == 200
    time.sleep(1.5 * 60 / edge.sender_per_minute)  # a little over one token
    assert bot.send(sender, "hoi")[0] == 200


def test_afterwards_the_bot_answers_and_its_data_is_intact(bot, catalog_path, catalogue_before):
    sender = fresh_sender("after")
    status, reply = bot.send(sender, "hoi")
    assert status == 200 and reply and reply[0]["text"]
    status, reply = bot.send(sender, ORDINARY[4])
    assert status == 200 and good_reply(reply)
    assert fingerprint(catalog_path) == catalogue_before
    for db, count in ((bot.tracker_db, "SELECT count(*) FROM events"), (bot.state_db, "SELECT count(*) FROM inbound")):
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert con.execute(count).fetchone()[0] > 0
