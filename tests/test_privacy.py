"""Erasure and retention on a real Rasa tracker store (SQLTrackerStore's own schema), the journal and the codes."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
import yaml

from bot import cli, continuity, privacy, settings
from bot.journal import Journal
from bot.paths import ROOT

DAY = 86400
NOW = time.time()


def save_conversations(db: Path, conversations: dict[str, list[float]]) -> None:
    """Rasa's SQLTrackerStore writes the trackers: one user message and one slot per timestamp."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(dialect="sqlite", db=str(db))
    for sender, stamps in conversations.items():
        events = []
        for stamp in stamps:
            events += [
                ActionExecuted("action_listen", timestamp=stamp),
                UserUttered("ik ben 16", {"name": "inform", "confidence": 1.0}, timestamp=stamp),
                SlotSet("age", 16, timestamp=stamp),
            ]
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()


def rows(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def journal_rows(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM inbound WHERE sender_id = ?", (sender,)).fetchone()[0]


@pytest.fixture()
def stores(tmp_path):
    tracker_db, state_db = tmp_path / "tracker.db", tmp_path / "state.db"
    save_conversations(tracker_db, {"alice": [NOW - 60, NOW - 30], "bob": [NOW - 20]})
    journal = Journal(state_db)
    for sender in ("alice", "alice", "bob"):
        cid = journal.accept("rest", sender, chars=9)
        journal.finish(cid, "answered", replies=1)
    journal.close()
    continuity.issue("alice", {"age": 16}, db=state_db, now=NOW, days=30)
    continuity.issue("bob", {"age": 35}, db=state_db, now=NOW, days=30)
    return tracker_db, state_db


def test_forget_erases_one_conversation_everywhere(stores):
    tracker_db, state_db = stores
    bob_events = rows(tracker_db, "bob")
    report = privacy.forget("alice", tracker_db=tracker_db, state_db=state_db)
    assert report == privacy.ForgetReport("alice", tracker_events=6, journal_entries=2, continuity_codes=1)
    assert rows(tracker_db, "alice") == 0 and journal_rows(state_db, "alice") == 0
    assert rows(tracker_db, "bob") == bob_events == 3 and journal_rows(state_db, "bob") == 1
    with sqlite3.connect(state_db) as conn:
        assert conn.execute("SELECT sender_id FROM continuity_codes").fetchall() == [("bob",)]
    assert privacy.forget("alice", tracker_db=tracker_db, state_db=state_db).total == 0  # idempotent


def test_forget_with_missing_databases_erases_nothing_and_creates_nothing(tmp_path):
    report = privacy.forget("alice", tracker_db=tmp_path / "t.db", state_db=tmp_path / "s.db")
    assert report.total == 0 and not list(tmp_path.iterdir())


def test_forget_refuses_an_empty_id(stores):
    with pytest.raises(ValueError):
        privacy.forget("  ", tracker_db=stores[0], state_db=stores[1])


def test_purge_removes_whole_conversations_older_than_the_cutoff(tmp_path):
    tracker_db, state_db = tmp_path / "tracker.db", tmp_path / "state.db"
    save_conversations(
        tracker_db,
        {
            "old": [NOW - 50 * DAY, NOW - 40 * DAY],
            "mixed": [NOW - 50 * DAY, NOW - 2 * DAY],  # latest event is recent: kept whole
            "new": [NOW - DAY],
        },
    )
    journal = Journal(state_db)
    old_cid, new_cid = journal.accept("rest", "old", 5), journal.accept("rest", "new", 5)
    journal.close()
    with sqlite3.connect(state_db) as conn:
        conn.execute("UPDATE inbound SET received_at = ? WHERE correlation_id = ?", (NOW - 40 * DAY, old_cid))
    continuity.issue("old", {"age": 16}, db=state_db, now=NOW - 40 * DAY, days=30)
    continuity.issue("new", {"age": 17}, db=state_db, now=NOW - DAY, days=30)

    report = privacy.purge(30, now=NOW, tracker_db=tracker_db, state_db=state_db)

    assert report == privacy.PurgeReport(
        NOW - 30 * DAY, conversations=1, tracker_events=6, journal_entries=1, continuity_codes=1
    )
    assert rows(tracker_db, "old") == 0 and rows(tracker_db, "mixed") == 6 and rows(tracker_db, "new") == 3
    assert [e.correlation_id for e in Journal(state_db).entries("new")] == [new_cid]
    assert journal_rows(state_db, "old") == 0
    with pytest.raises(ValueError):
        privacy.purge(0, now=NOW, tracker_db=tracker_db, state_db=state_db)


def test_erase_marker_contract():
    marker = privacy.erase_marker("en")
    assert marker == {"type": "kansrijk.erase", "lang": "en"}
    assert privacy.is_erase_marker({"recipient_id": "x", "custom": marker})
    assert not privacy.is_erase_marker({"text": "kansrijk.erase"}) and not privacy.is_erase_marker({"custom": "x"})
    for text in (privacy.ERASED, privacy.ERASE_FAILED):
        assert text.nl and text.en and text.nl != text.en


# --- command line -------------------------------------------------------------------------------------------------


@pytest.fixture()
def env(stores, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(stores[0]))
    monkeypatch.setenv("KANSRIJK_STATE_DB", str(stores[1]))
    return stores


def test_cli_forget(env, capsys):
    assert cli.main(["privacy", "forget", "--sender", "alice"]) == 0
    english, dutch = capsys.readouterr().out.strip().splitlines()
    assert english.startswith("Erased conversation 'alice': 6 tracker events, 2 journal entries, 1 continuity")
    assert dutch.startswith("Gesprek 'alice' gewist: 6 gebeurtenissen")
    assert rows(env[0], "alice") == 0


def test_cli_purge_uses_the_configured_retention(env, capsys):
    assert cli.main(["privacy", "purge"]) == 0
    english, dutch = capsys.readouterr().out.strip().splitlines()
    days = settings.load().retention_days
    assert f"older than {days} days" in english and "0 conversations" in english
    assert f"meer dan {days} dagen" in dutch
    assert rows(env[0], "alice") == 6


def test_cli_purge_with_days(env, capsys):
    assert cli.main(["privacy", "purge", "--days", "7"]) == 0
    assert "older than 7 days" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["privacy", "forget"], ["privacy", "forget", "--sender", " "]])
def test_cli_forget_needs_a_sender(env, capsys, argv):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "--sender" in err and "Fout" in err and "error" in err


@pytest.mark.parametrize("days", ["0", "-3", "abc", "1.5"])
def test_cli_purge_rejects_bad_days(env, capsys, days):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["privacy", "purge", "--days", days])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "dagen" in err and "days" in err


# --- what the bot tells people ------------------------------------------------------------------------------------


def _domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def _examples(intent: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if block.get("intent") == intent:
                found |= {line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")}
    return found


def test_greeting_says_bot_anonymous_what_is_kept_and_how_to_erase():
    days = settings.load().retention_days
    nl, en = None, None
    for variant in _domain()["responses"]["utter_greet"]:
        if variant.get("condition"):
            en = variant["text"]
        else:
            nl = variant["text"]
    assert "chatbot" in nl and "anoniem" in nl and f"{days} dagen" in nl and "'verwijder mijn gegevens'" in nl
    assert "chatbot" in en and "anonymous" in en and f"{days} days" in en and "'delete my data'" in en
    assert {"verwijder mijn gegevens", "delete my data"} <= _examples("delete_data")
    assert {"geef mijn code", "give me my code"} <= _examples("ask_code")
