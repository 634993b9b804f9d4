"""Nothing lost: the invariants of ../shared/research/perf-reliability-security.md §4.3, each checked against
the running bot.

Every accepted message is either stored with its reply, or the user saw an apology with a
correlation id and the journal records the failure. Each test reads the tracker store and the
journal with plain SQL.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid

import pytest

from .stack import Stack, texts

pytestmark = pytest.mark.reliability

INTAKE = ["hoi", "ik zit op vmbo basis pie en ben 16", "lassen en metaal", "bbl", "zwolle", "september"]
FIRST_QUESTION = "Welke school of opleiding heb je (gehad)?"
BAD_LOG_LINES = (
    "Falling back to use the 'InMemoryTrackerStore'",
    "Encountered an exception while running action",
    "rest.message.received.timeout",
    "rest.message.received.failure",
)


def sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def is_apology(messages) -> bool:
    return any("Sorry" in t and "K-" in t for t in texts(messages))


@pytest.fixture(scope="module")
def stack(tmp_path_factory, catalog_path):
    s = Stack(tmp_path_factory.mktemp("reliability"), catalog_path)
    s.start_actions()
    s.start_rasa()
    yield s
    s.stop()


def test_clean_run_stores_every_accepted_message_and_answers_each(stack):
    senders = [sender("clean") for _ in range(3)]
    for s in senders:
        for text in INTAKE:
            status, messages, seconds = stack.send_timed(s, text)
            assert status == 200 and messages and all(m.get("text") or m.get("custom") for m in messages), messages
            assert not is_apology(messages), messages
            assert seconds < 10
        assert stack.user_events(s) == INTAKE  # accepted == stored, in order, nothing extra
        assert stack.journal(s) == [("answered", "")] * len(INTAKE)
    logs = stack.logs()
    assert not [line for line in BAD_LOG_LINES if line in logs]
    assert "lassen en metaal" not in logs and "vmbo basis pie" not in logs  # logs keep no message text


def test_action_server_down_gives_an_apology_and_the_chat_goes_on_when_it_is_back(stack):
    s = sender("down")
    stack.send_timed(s, INTAKE[0])
    stack.kill("actions")
    try:
        status, messages, seconds = stack.send_timed(s, INTAKE[1])
        assert status == 200 and is_apology(messages) and seconds < 10, (seconds, messages)
        assert stack.journal(s)[-1][0] == "failed" and stack.journal(s)[-1][1].startswith("action:")
    finally:
        stack.start_actions()
    status, messages, _ = stack.send_timed(s, INTAKE[1])
    assert status == 200 and not is_apology(messages) and FIRST_QUESTION not in texts(messages), messages


def test_a_slow_action_server_for_one_user_never_blocks_the_others(stack):
    slow, fast = sender("slow"), sender("fast")
    stack.proxy.delays["slow-"] = 30.0
    result: dict[str, object] = {}
    worker = threading.Thread(
        target=lambda: result.update(zip(("status", "messages", "seconds"), stack.send_timed(slow, "hoi")))
    )
    try:
        worker.start()
        time.sleep(0.5)
        fast_seconds = [stack.send_timed(fast, text)[2] for text in INTAKE[:4]]
        worker.join(20)
    finally:
        stack.proxy.delays.clear()
    assert max(fast_seconds) < 3, fast_seconds
    assert result["status"] == 200 and is_apology(result["messages"]), result
    assert result["seconds"] < 10, result["seconds"]  # well under the 60 s lock lifetime
    assert stack.journal(slow)[-1][0] == "failed"
    status, messages, _ = stack.send_timed(slow, "ik zit op vmbo kader")
    assert status == 200 and not is_apology(messages), messages


def test_a_locked_tracker_store_is_noticed_and_reported(stack):
    s = sender("locked")
    stack.send_timed(s, INTAKE[0])
    locked = threading.Event()

    def hold_lock() -> None:
        db = sqlite3.connect(stack.tracker_db, timeout=10, isolation_level=None)
        db.execute("BEGIN EXCLUSIVE")
        locked.set()
        time.sleep(6)
        db.execute("ROLLBACK")
        db.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    locked.wait(10)
    status, messages, seconds = stack.send_timed(s, INTAKE[1])
    holder.join()
    assert status == 200 and is_apology(messages) and seconds < 10, (seconds, messages)
    assert stack.journal(s)[-1][0] == "failed" and stack.journal(s)[-1][1] in ("tracker_store", "timeout")
    status, messages, _ = stack.send_timed(s, INTAKE[1])
    assert status == 200 and not is_apology(messages), messages
    assert stack.user_events(s)[0] == INTAKE[0]  # what was stored before the lock is still there


def test_kill_9_keeps_every_acknowledged_message_and_the_conversation_continues(stack):
    s, inflight = sender("kill"), sender("inflight")
    for text in INTAKE[:3]:
        assert stack.send_timed(s, text)[0] == 200
    stack.proxy.delays["inflight-"] = 5.0  # a turn still running when the server dies

    def send_and_lose_the_connection() -> None:
        with pytest.raises(OSError):  # the server dies under this request: never acknowledged
            stack.send_timed(inflight, "hoi")

    worker = threading.Thread(target=send_and_lose_the_connection)
    worker.start()
    time.sleep(2)
    stack.kill("rasa")
    worker.join(30)
    stack.proxy.delays.clear()
    stack.start_rasa()

    assert stack.user_events(s) == INTAKE[:3]
    # The in-flight message was never acknowledged; the journal says so after the restart.
    assert stack.journal(inflight) == [("failed", "interrupted")]
    status, messages, _ = stack.send_timed(s, INTAKE[3])
    assert status == 200 and not is_apology(messages) and FIRST_QUESTION not in texts(messages), messages
    for text in INTAKE[4:]:
        status, messages, _ = stack.send_timed(s, text)
    assert any((m.get("custom") or {}).get("type") == "recommendations" for m in messages), texts(messages)
    assert stack.user_events(s) == INTAKE
