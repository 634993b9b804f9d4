"""Guided sessions without a server: the store's rules (codes, watches, lockout, erasure), chat commands, steering."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import services
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import privacy, slots
from bot.counsel import auth, chat, view
from bot.counsel import store as counsel_store
from bot.counsel.steer import PINNED, steered_advice
from bot.counsel.store import Steering


@pytest.fixture(scope="module")
def pg_url():
    """A throwaway PostgreSQL 15 (Debian's package) for the store tests; skipped where it is not installed."""
    if not services.postgres_available():
        pytest.skip("PostgreSQL 15 is not installed (apt-get install postgresql-15)")
    with services.postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path: Path) -> counsel_store.CounselStore:
    """The same store code on SQLite (the default) and on PostgreSQL (a URL away, issue 12)."""
    if request.param == "sqlite":
        yield counsel_store.CounselStore(f"sqlite:///{tmp_path / 'state.db'}")
        return
    url = request.getfixturevalue("pg_url")
    store = counsel_store.CounselStore(url)
    yield store
    with store.engine.begin() as conn:  # a clean database for the next test
        for table in (*counsel_store.PUPIL_TABLES, "counsel_audit", "counsel_logins", "classes", "counsellors"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
    store.close()


@pytest.fixture()
def mentor(db: counsel_store.CounselStore) -> counsel_store.Counsellor:
    return db.add_counsellor("mentor", "Meneer Mentor", "counsellor", auth.hash_password("long-enough-password"))


def test_join_code_is_single_use_and_expires(db, mentor):
    now = 1_000_000.0
    code = db.new_join_code("pupil-1", "nl", now)
    assert len(code) == counsel_store.JOIN_CODE_LENGTH and set(code) <= set(counsel_store.JOIN_CODE_ALPHABET)
    watch = db.use_join_code(f"{code[:3].lower()}-{code[3:]}", mentor.id, now + 10)  # as a person types it
    assert watch is not None and watch.sender_id == "pupil-1"
    assert db.use_join_code(code, mentor.id, now + 11) is None  # reused
    late = db.new_join_code("pupil-2", "nl", now)
    assert db.use_join_code(late, mentor.id, now + counsel_store.JOIN_CODE_SECONDS + 1) is None  # expired
    assert db.use_join_code("ZZZZZZ", mentor.id, now) is None  # unknown


def test_a_new_code_replaces_the_unused_one(db, mentor):
    first = db.new_join_code("pupil-1", "nl", 1.0)
    second = db.new_join_code("pupil-1", "nl", 2.0)
    assert db.use_join_code(first, mentor.id, 3.0) is None
    assert db.use_join_code(second, mentor.id, 3.0) is not None


def test_stop_ends_every_watch_and_unused_codes(db, mentor):
    db.use_join_code(db.new_join_code("pupil-1", "nl", 1.0), mentor.id, 2.0)
    code = db.new_join_code("pupil-1", "nl", 3.0)
    assert db.watched("pupil-1")
    assert db.end_watches("pupil-1", 4.0) == 1
    assert not db.watched("pupil-1") and db.watches_by(mentor.id) == []
    assert db.use_join_code(code, mentor.id, 5.0) is None


def test_password_hashes_and_lockout(db, mentor):
    pw_hash = db.password_hash(mentor.id)
    assert pw_hash and pw_hash.startswith("$argon2id$") and "long-enough-password" not in pw_hash
    assert auth.verify_password(pw_hash, "long-enough-password")
    assert not auth.verify_password(pw_hash, "wrong")
    assert not auth.verify_password(None, "long-enough-password")  # unknown user: still a full check, then False
    with pytest.raises(ValueError, match="12"):
        auth.hash_password("short")
    now = 100.0
    locked = [db.login_failed(mentor.id, auth.MAX_FAILURES, auth.LOCK_SECONDS, now) for _ in range(auth.MAX_FAILURES)]
    assert locked == [False] * (auth.MAX_FAILURES - 1) + [True]
    assert db.counsellor(mentor.id).locked_until == now + auth.LOCK_SECONDS


def test_logins_expire_and_end_with_a_disabled_account(db, mentor):
    token, login = db.new_login(mentor.id, 0.0, seconds=60)
    assert db.login(token, 30.0) == login and len(login.csrf) >= 32
    assert db.login(token, 61.0) is None
    token, _ = db.new_login(mentor.id, 0.0, seconds=60)
    assert db.set_active("mentor", False)
    assert db.login(token, 1.0) is None
    assert db.login("not-a-token", 1.0) is None


def test_roles_and_names_are_checked(db):
    with pytest.raises(ValueError):
        db.add_counsellor("x", "", "superuser", "h")
    with pytest.raises(ValueError):
        db.add_counsellor("a b", "", "counsellor", "h")
    db.add_counsellor("Admin", "", "admin", "h")
    with pytest.raises(ValueError, match="exists"):
        db.add_counsellor("admin", "", "counsellor", "h")


def test_forget_removes_the_pupil_and_keeps_an_anonymous_audit(db, mentor):
    watch = db.use_join_code(db.new_join_code("pupil-1", "nl", 1.0), mentor.id, 2.0)
    db.add_note("pupil-1", mentor.id, "praat met ouders", True, 3.0)
    db.set_steering("pupil-1", Steering(pinned=["25244"]), 3.0)
    db.queue_message("pupil-1", "hoi", "hi", 3.0)
    db.new_report_link("pupil-1", 3.0, 3600)
    group = db.new_class(mentor.id, "3B", 3.0)
    db.join_class(group.id, "pupil-1", 3.0)
    db.record_turn("pupil-1", 2, False, 4.0)
    db.audit(mentor.id, "pupil-1", "view", now=5.0)
    db.new_join_code("pupil-1", "nl", 6.0)
    assert watch is not None
    removed = db.forget("pupil-1")
    assert removed >= 8
    counts = db.counts()
    assert all(counts[t] == 0 for t in counsel_store.PUPIL_TABLES), counts
    assert [r.sender_id for r in db.audit_log()] == [counsel_store.ERASED]
    assert db.viewers("pupil-1") == []


def test_privacy_forget_and_purge_reach_the_counsellor_tables(tmp_path, mentor, db, monkeypatch):
    state = tmp_path / "state.db"
    if not db.url.startswith("sqlite"):
        monkeypatch.setenv("KANSRIJK_COUNSEL_DB", db.url)
    db.add_note("pupil-9", mentor.id, "note", False, time.time())
    token = db.new_report_link("pupil-9", time.time(), 3600)
    report = privacy.forget("pupil-9", tracker_db=tmp_path / "none.db", state_db=state)
    assert report.counsellor_rows == 2 and db.report_link(token, time.time()) is None
    db.add_note("pupil-8", mentor.id, "old note", False, 10.0)
    db.new_join_code("pupil-8", "nl", 10.0)
    purged = privacy.purge(1, now=time.time(), tracker_db=tmp_path / "none.db", state_db=state)
    assert purged.counsellor_rows >= 2 and db.notes("pupil-8") == []


def test_the_audit_log_keeps_no_message_text(db, mentor):
    db.audit(mentor.id, "pupil-1", "steer", "pin 25244 " + "x" * 500)
    (row,) = db.audit_log("pupil-1")
    assert len(row.detail) <= 200 and row.counsellor == "Meneer Mentor"


def test_class_progress_and_stuck_counts(db, mentor):
    group = db.new_class(mentor.id, "3B", 0.0)
    assert db.class_by_code(group.code, 1.0) == group and len(group.code) == counsel_store.CLASS_CODE_DIGITS
    assert db.class_by_code(group.code, counsel_store.CLASS_SECONDS + 1) is None
    db.join_class(group.id, "p1", 1.0)
    db.join_class(group.id, "p1", 2.0)  # joining twice is one member
    db.record_turn("p1", 1, False, 3.0)
    db.record_turn("p1", 1, False, 4.0)
    db.record_turn("p1", 1, False, 5.0)
    (member,) = db.members(group.id)
    assert member.turns == 3 and member.failed_in_row == 2 and member.advice_at is None
    db.record_turn("p1", 2, False, 6.0)
    db.record_turn("p1", 2, True, 7.0)
    (member,) = db.members(group.id)
    assert member.failed_in_row == 0 and member.advice_at == 7.0 and member.last_progress_at == 7.0


@pytest.mark.parametrize(
    "text, kind",
    [
        ("laat mijn decaan meekijken", chat.INVITE),
        ("Laat mijn mentor meekijken!", chat.INVITE),
        ("mag mijn decaan meekijken?", chat.INVITE),
        ("let my counsellor join", chat.INVITE),
        ("Let my counselor watch", chat.INVITE),
        ("stop meekijken", chat.STOP),
        ("Stop met meekijken.", chat.STOP),
        ("stop sharing", chat.STOP),
        ("wie heeft meegekeken?", chat.WHO),
        ("Wie kijkt er mee", chat.WHO),
        ("who has viewed my chat", chat.WHO),
        ("stuur mijn overzicht", chat.REPORT),
        ("send my report", chat.REPORT),
        ("mn decaan wil meekijke", chat.INVITE),
        ("kan de mentor mee kijken", chat.INVITE),
        ("ik wil dat de decaan meekijkt", chat.INVITE),
        ("klascode 4821", chat.CLASS),
        ("Klascode: 482193", chat.CLASS),
        ("class code 123456", chat.CLASS),
    ],
)
def test_commands(text, kind):
    command = chat.parse(text)
    assert command is not None and command.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "ik wil techniek",
        "mijn decaan zegt dat ik techniek moet doen",
        "ja",
        "nee",
        "4821",
        "stop",
        "ik wil stoppen met school",
        "wie ben jij?",
        "overzicht van de kosten",
        "ik kijk graag naar auto's",
        "klascode",
        "my counsellor said I should do BBL",
        "laat maar",
        "mijn decaan hoeft niet mee te kijken",
        "mijn mentor keek mee",
        "decaan",
    ],
)
def test_answers_are_not_commands(text):
    assert chat.parse(text) is None


def test_consent_is_read_only_when_asked():
    assert chat.parse("ja", expecting_consent=True) == chat.Command(chat.YES)
    assert chat.parse("Nee hoor", expecting_consent=True) == chat.Command(chat.NO)
    assert chat.parse("liever niet", expecting_consent=True) == chat.Command(chat.NO)
    assert chat.parse("ja ik wil auto's repareren", expecting_consent=True) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_fails(text):
    chat.parse(text)
    chat.parse(text, expecting_consent=True)


def test_slots_fold_from_the_latest_session():
    events = [
        {"event": "slot", "name": "age", "value": 40},
        {"event": "session_started"},
        {"event": "slot", "name": "education", "value": "mbo2"},
        {"event": "user", "text": "x"},
        {"event": "slot", "name": "age", "value": 35},
        {"event": "slot", "name": None, "value": 1},
    ]
    assert slots.fold(events) == {"education": "mbo2", "age": 35}
    assert slots.fold([{"event": "slot", "name": "age", "value": 1}, {"event": "restart"}]) == {}


PUPIL = {
    "education": "vmbo_kb",
    "vmbo_profile": "PIE",
    "age": 16,
    "interests_text": "auto's repareren",
    "language": "nl",
}


def test_steering_pins_first_excludes_and_filters(catalog):
    p = slots.profile(PUPIL)
    plain = steered_advice(p, catalog, Steering())
    first, second = plain.items[0].course.crebo, plain.items[1].course.crebo
    far = next(
        c
        for c in catalog.courses.values()
        if c.crebo not in {r.course.crebo for r in plain.items}
        and c.level == 2
        and catalog.offers.get(c.crebo) is not None
    )
    steered = steered_advice(p, catalog, Steering(pinned=[far.crebo], excluded=[first]))
    crebos = [r.course.crebo for r in steered.items]
    assert crebos[0] == far.crebo and steered.items[0].reasons[0] == PINNED
    assert first not in crebos and second in crebos
    level3 = steered_advice(p, catalog, Steering(level=3, route="bbl"))
    assert level3.items and all(r.course.level == 3 and r.routes == ("BBL",) for r in level3.items)


def test_view_of_a_conversation(catalog):
    v = view.build({**PUPIL, "interests_text": "<script>alert(1)</script> auto's"}, catalog)
    labels = {a.key: a.value for a in v.answers}
    assert labels["education"] == "vmbo kader" and labels["interests_text"].startswith("<script>")
    assert [lvl.level for lvl in v.levels] == [1, 2, 3, 4] and all(lvl.status == "open" for lvl in v.levels)
    assert [u.nl for u in v.unknown] == ["BOL of BBL", "Woonplaats", "Starten"]
    empty = view.build({}, catalog)
    assert not empty.started and empty.answers == [] and empty.unknown[0].nl == "Vooropleiding"


@pytest.mark.parametrize("profile, secure", [("", False), ("production", True)])
def test_the_login_cookie_is_secure_in_production(monkeypatch, profile, secure):
    from sanic import response

    from channels.counsellor import COOKIE, login_cookie

    monkeypatch.setenv("KANSRIJK_PROFILE", profile)
    header = str(login_cookie(response.text("ok"), "token").cookies[COOKIE])
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Path=/webhooks/counsellor" in header
    assert ("Secure" in header) == secure


def test_every_answer_has_a_label_on_the_counsellors_page():
    """A new answer (the vmbo year) without a label would break the page of every pupil who gave it."""
    values = {name: 1 for name in slots.PROFILE_SLOTS}
    assert {a.key for a in view.answers(values, "nl")} == set(slots.PROFILE_SLOTS) - {"riasec", "interest_tags"}
