"""The cached SQL tracker store writes what Rasa's SQL store writes, and never serves a conversation the database no
longer has.

The behaviour tests run twice (`patches_on`): with the `cached_tracker_store` patch on, and off, when the same
class must be exactly Rasa's SQLTrackerStore. The rest test the cache itself, with the patches on.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

import rasa_patches
from rasa_patches.tracker_store import CachedSQLTrackerStore

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, inform]
slots:
  age:
    type: float
    influence_conversation: false
    mappings: [{type: custom}]
responses:
  utter_greet: [{text: hoi}]
""")


@pytest.fixture(autouse=True)
def patches():
    with rasa_patches.patched("on"):
        yield


def run(coro):
    return asyncio.run(coro)


def store(path: Path, cls=CachedSQLTrackerStore, **kwargs) -> SQLTrackerStore:
    return cls(domain=DOMAIN, dialect="sqlite", db=str(path), query={"timeout": "1"}, **kwargs)


def turn(tracker: DialogueStateTracker, text: str, age: float) -> None:
    tracker.update(UserUttered(text, {"name": "inform", "confidence": 1.0}))
    tracker.update(SlotSet("age", age))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered("hoi"))
    tracker.update(ActionExecuted("action_listen"))


def rows(path: Path, sender: str = "s") -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT type_name, intent_name, action_name FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()


def conversation(st: SQLTrackerStore, turns: int, sender: str = "s") -> DialogueStateTracker:
    async def go() -> DialogueStateTracker:
        tracker = await st.get_or_create_tracker(sender)
        for i in range(turns):
            tracker = await st.get_or_create_tracker(sender)
            turn(tracker, f"bericht {i}", float(i))
            await st.save(tracker)
        return tracker

    return run(go())


def test_it_stores_exactly_what_rasas_sql_store_stores(tmp_path, patches_on):
    conversation(store(tmp_path / "ours.db"), 4)
    conversation(store(tmp_path / "rasa.db", SQLTrackerStore), 4)
    assert rows(tmp_path / "ours.db") == rows(tmp_path / "rasa.db")
    assert len(rows(tmp_path / "ours.db")) == 1 + 4 * 5


def test_the_next_turn_reuses_the_saved_tracker_and_a_fresh_store_reads_the_same_conversation(tmp_path, patches_on):
    st = store(tmp_path / "t.db")
    saved = conversation(st, 3)
    hits = st.stats["hit"]
    again = run(st.retrieve("s"))
    if patches_on:
        assert hits == 3 and st.stats["stale"] == 0  # turns 1-3 found the tracker saved before them
        assert again is saved
    else:  # Rasa's own: every retrieve reads and replays the database
        assert not st.stats and again is not saved
        assert [e.as_dict() for e in again.events] == [e.as_dict() for e in saved.events]
    fresh = run(store(tmp_path / "t.db").retrieve("s"))
    assert [e.as_dict() for e in fresh.events] == [e.as_dict() for e in saved.events]
    assert fresh.get_slot("age") == 2.0


def test_an_erase_by_another_process_is_noticed(tmp_path, patches_on):
    st = store(tmp_path / "t.db")
    conversation(st, 2)
    with sqlite3.connect(tmp_path / "t.db") as db:  # python -m bot privacy forget, in another process
        db.execute("DELETE FROM events WHERE sender_id = 's'")
    assert run(st.retrieve("s")) is None
    assert st.stats["stale"] == (1 if patches_on else 0)


def test_a_write_by_another_store_is_noticed(tmp_path, patches_on):
    ours, other = store(tmp_path / "t.db"), store(tmp_path / "t.db")
    conversation(ours, 1)
    conversation(other, 2)  # e.g. a second server process on the same database
    tracker = run(ours.retrieve("s"))
    assert ours.stats["stale"] == (1 if patches_on else 0)
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["bericht 0", "bericht 0", "bericht 1"]


def test_a_turn_that_failed_before_saving_leaves_nothing_behind(tmp_path, patches_on):
    st = store(tmp_path / "t.db")
    conversation(st, 1)
    tracker = run(st.retrieve("s"))
    turn(tracker, "half a turn", 99.0)  # then the turn fails: no save
    reread = run(st.retrieve("s"))
    assert reread is not tracker and reread.get_slot("age") == 0.0
    run(st.save(reread))
    assert len(rows(tmp_path / "t.db")) == 1 + 5


def test_a_tracker_the_store_did_not_hand_out_is_saved_as_rasa_does(tmp_path, patches_on):
    st = store(tmp_path / "t.db")
    conversation(st, 1)
    copy = DialogueStateTracker.from_dict(
        "s", [e.as_dict() for e in run(store(tmp_path / "t.db").retrieve("s")).events], DOMAIN.slots
    )
    turn(copy, "via the API", 5.0)
    run(st.save(copy))
    assert len(rows(tmp_path / "t.db")) == 1 + 5 + 5  # only the new events, no duplicates


def test_a_new_session_in_memory_is_read_back_from_the_database(tmp_path, patches_on):
    st = store(tmp_path / "t.db")
    tracker = conversation(st, 1)
    tracker = run(st.retrieve("s"))
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    run(st.save(tracker))
    reread = run(st.retrieve("s"))
    assert reread is not tracker  # the old session is not kept in memory
    assert type(reread.events[0]) is SessionStarted
    assert not any(isinstance(e, UserUttered) for e in reread.events)


def test_the_cache_is_bounded(tmp_path):
    st = store(tmp_path / "t.db", cache_size=3)
    for i in range(10):
        conversation(st, 1, sender=f"s{i}")
    assert len(st._known) == 3


def test_the_database_runs_in_wal_mode(tmp_path, patches_on):
    st = store(tmp_path / "t.db")
    with sqlite3.connect(tmp_path / "t.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == ("wal" if patches_on else "delete")
    assert st.cached == patches_on


def test_switched_off_every_method_is_rasas(tmp_path):
    with rasa_patches.patched("-cached_tracker_store"):
        st = store(tmp_path / "t.db")
    assert not st.cached and type(st.engine.pool).__name__ != "SingletonThreadPool"
    conversation(st, 2)
    assert not st._known and not st.stats  # nothing kept, nothing counted: retrieve and save were Rasa's


def test_a_locked_database_makes_save_fail_within_its_timeout(tmp_path, patches_on):
    st = store(tmp_path / "t.db")
    conversation(st, 1)
    tracker = run(st.retrieve("s"))
    turn(tracker, "while locked", 1.0)
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        db = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
        db.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(10)
        db.execute("ROLLBACK")
        db.close()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(5)
    started = time.monotonic()
    with pytest.raises(OperationalError):
        run(st.save(tracker))
    assert time.monotonic() - started < 3
    release.set()
    holder.join()
    reread = run(st.retrieve("s"))  # the failed save is not cached
    assert reread is not tracker and len(reread.events) == 1 + 5


def test_the_totals_are_logged_at_exit_in_the_line_the_load_test_reads(tmp_path, caplog):
    """bench/load_test.py reads each server's cache hits from this line (its log, after the server stopped)."""
    import importlib
    import sys

    from rasa_patches import tracker_store

    conversation(store(tmp_path / "t.db"), 3)
    assert tracker_store._AT_EXIT == [True]  # registered with atexit once, by the first cached store
    with caplog.at_level("INFO", logger="rasa_patches.tracker_store"):
        tracker_store._log_counts_at_exit()
    line = caplog.records[-1].getMessage()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    load_test = importlib.import_module("load_test")
    log = tmp_path / "rasa.log"
    log.write_text(f"2026-12-03 07:00:00 INFO     rasa_patches.tracker_store  - {line}\n")
    counts = load_test.cache_counts({"rasa-1": log})["rasa-1"]
    assert counts == {**tracker_store.cache_counts(), "at_exit": True}
    assert counts["hit"] >= 3 and counts["miss"] >= 1
