"""Continuity codes: issue, redeem however typed, expiry, erasure; a code says nothing about the person."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
import yaml

from bot import continuity

NOW = 1_800_000_000.0
DAY = 86400
ANSWERS = {
    "education": "vmbo_kb",
    "vmbo_profile": "PIE",
    "age": 16,
    "interests_text": "elektriciteit",
    "route": "either",
    "place": "Eindhoven",
    "language": "nl",
}


@pytest.fixture()
def db(tmp_path):
    return tmp_path / "state.db"


def issue(db, sender="alice", answers=ANSWERS, now=NOW, days=30):
    return continuity.issue(sender, answers, db=db, now=now, days=days)


def test_issue_and_redeem(db):
    code = issue(db)
    assert len(code) == continuity.LENGTH and set(code) <= set(continuity.ALPHABET)
    assert continuity.redeem(code, db=db, now=NOW + 60) == ANSWERS


@pytest.mark.parametrize(
    "typed",
    [
        "{shown}",
        "{shown_lower}",
        "{plain}",
        "{spaced}",
        "mijn code is {shown}",
        "code: {shown_lower}!",
        "I have a code: {spaced}",
        "  {shown}  ",
        "{confusable}",
    ],
)
def test_redeem_tolerates_how_people_type(db, typed):
    code = issue(db)
    shown = continuity.display(code)
    confusable = shown.replace("0", "O").replace("1", "l")
    text = typed.format(
        shown=shown, shown_lower=shown.lower(), plain=code, spaced=f"{code[:4]} {code[4:]}", confusable=confusable
    )
    assert continuity.redeem(text, db=db, now=NOW) == ANSWERS


def test_confusable_letters_fold_to_digits():
    assert continuity.normalise("ko1p-4m2d") == continuity.normalise("KOIP 4M2D") == "K01P4M2D"
    assert continuity.normalise("KL1P4M2U") == "K11P4M2V"
    assert continuity.normalise("K7QP-4M2") is None and continuity.normalise("K7QP-4M2D-X") is None


def test_unknown_and_expired_codes_give_nothing(db):
    code = issue(db, days=30)
    assert continuity.redeem("ZZZZ-ZZZZ", db=db, now=NOW) is None
    assert continuity.redeem("geen code hier", db=db, now=NOW) is None
    assert continuity.redeem(code, db=db, now=NOW + 30 * DAY + 1) is None


def test_asking_again_keeps_the_code_and_refreshes_the_answers(db):
    first = issue(db)
    second = issue(db, answers={**ANSWERS, "place": "Zwolle"}, now=NOW + DAY)
    assert first == second
    assert continuity.redeem(first, db=db, now=NOW + DAY)["place"] == "Zwolle"
    assert issue(db, sender="bob") != first


def test_snapshot_keeps_only_profile_answers(db):
    code = issue(
        db,
        answers={
            **ANSWERS,
            "name": "Jan Jansen",
            "shown_courses": ["25279"],
            "requested_slot": "age",
            "interests_text": "x" * 5000,
            "age": None,
        },
    )
    saved = continuity.redeem(code, db=db, now=NOW)
    assert "name" not in saved and "shown_courses" not in saved and "requested_slot" not in saved
    assert "age" not in saved and len(saved["interests_text"]) == continuity.MAX_VALUE_CHARS


def test_code_reveals_nothing_about_the_person(tmp_path):
    codes = [continuity.issue("alice-0612345678", ANSWERS, db=tmp_path / f"{n}.db", now=NOW, days=1) for n in range(20)]
    assert len(set(codes)) == 20  # random, not derived from the conversation or the answers
    for code in codes:
        assert "0612" not in code and "ALICE" not in code
    row = sqlite3.connect(tmp_path / "0.db").execute("SELECT code, sender_id FROM continuity_codes").fetchone()
    assert row[0] == codes[0] and row[1] == "alice-0612345678"


def test_forget_erases_codes_given_and_used(db):
    alice = issue(db, sender="alice")
    bob = issue(db, sender="bob")
    assert continuity.redeem(alice, sender_id="alice-phone", db=db, now=NOW)
    assert continuity.forget("alice-phone", db=db) == 1  # the code alice's phone used is gone too
    assert continuity.redeem(alice, db=db, now=NOW) is None
    assert continuity.redeem(bob, db=db, now=NOW) == ANSWERS
    assert continuity.forget("bob", db=db) == 1 and continuity.forget("bob", db=db) == 0


def test_purge_removes_expired_and_old_codes(db):
    old = issue(db, sender="old", now=NOW - 40 * DAY)
    recent = issue(db, sender="recent", now=NOW - 5 * DAY)
    assert continuity.purge(NOW, db=db) == 1
    assert continuity.redeem(old, db=db, now=NOW - 40 * DAY) is None
    assert continuity.purge(NOW, created_before=NOW - 3 * DAY, db=db) == 1
    assert continuity.redeem(recent, db=db, now=NOW - 5 * DAY) is None


def test_missing_database_is_not_created(db):
    assert continuity.forget("alice", db=db) == 0
    assert continuity.purge(NOW, db=db) == 0
    assert continuity.redeem("K7QP-4M2D", db=db) is None
    assert not db.exists()


@pytest.mark.parametrize(
    "text,found",
    [
        ("mijn code is K7QP-4M2D", True),
        ("k7qp4m2d", True),
        ("code K7QP 4M2D", True),
        ("ik heb een code", False),
        ("ik heb mijn code", False),
        ("geef mijn code", False),
    ],
)
def test_mentions_code(text, found):
    assert continuity.mentions_code(text) is found


def _code_regex() -> re.Pattern[str]:
    """The regex feature that tells the NLU a message holds a code (data/nlu/continuity.yml)."""
    data = yaml.safe_load((Path(__file__).parents[1] / "data" / "nlu" / "continuity.yml").read_text(encoding="utf-8"))
    (entry,) = [item for item in data["nlu"] if item.get("regex") == "continuity_code"]
    return re.compile(entry["examples"].strip().lstrip("- ").strip())


def test_every_new_code_is_seen_as_a_code_by_the_intent_regex_and_by_the_action():
    # A letters-only code ("bmee-jmjk") was read as two words: "mijn code is bmee-jmjk" became a request for a code.
    pattern = _code_regex()
    for _ in range(3000):
        shown = continuity.display(continuity.new_code())
        assert pattern.search(f"mijn code is {shown.lower()}"), shown
        assert continuity.candidates(shown.lower())[0] == continuity.normalise(shown)


def test_a_letters_only_or_digits_only_draw_is_drawn_again(monkeypatch):
    draws = iter("BMEEJMJK" + "12345678" + "BMEE4MJK")
    monkeypatch.setattr(continuity.secrets, "choice", lambda alphabet: next(draws))
    assert continuity.new_code() == "BMEE4MJK"
