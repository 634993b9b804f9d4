"""End-to-end over HTTP against the trained bot: the counsellor's page, its security and the pupil's privacy.

A pupil chats on the REST channel; a counsellor uses the pages with a cookie jar, as a browser would (the browser
tests in tests/browser/test_counsellor.py click through the same pages in Chromium).
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from botkit import COUNSELLOR_PASSWORD, CSRF, JOIN_CODE, Counsellor, new_counsellor

from bot import privacy
from bot.counsel import auth
from bot.counsel import store as counsel_store

pytestmark = pytest.mark.e2e


def say(bot, sender: str, text: str) -> str:
    """One pupil message; a long conversation meets the per-sender limit (8 at once, then 30 a minute): wait."""
    for _ in range(4):
        status, messages = bot.send(sender, text)
        if status != 429:
            break
        time.sleep(2.1)
    assert status == 200, messages
    return "\n".join(m.get("text") or "" for m in messages)


def pupil_with_code(bot, *lines: str) -> tuple[str, str]:
    sender = f"e2e-{uuid.uuid4().hex[:10]}"
    for line in lines or ("hoi", "vmbo kader"):
        say(bot, sender, line)
    found = JOIN_CODE.search(say(bot, sender, "laat mijn decaan meekijken"))
    assert found
    return sender, found.group(1)


def test_a_guided_session_end_to_end(live_bot, bot):
    mentor = new_counsellor(live_bot)
    assert mentor.login() == 303
    sender, code = pupil_with_code(bot, "hoi", "ik zit op vmbo kader", "16", "PIE")
    watch = mentor.join(code)
    status, page = mentor.get(f"/s/{watch}")
    assert status == 200 and "vmbo kader" in page and "Toelating per niveau" in page
    assert "Je decaan kijkt nu mee" in say(bot, sender, "auto's repareren")

    # Live: a long poll returns within a second of the pupil's turn, with the new answer.
    version = int(re.search(r'data-version="(-?\d+)"', mentor.get(f"/s/{watch}")[1]).group(1))
    result: dict[str, Any] = {}

    def poll() -> None:
        status, _, body = mentor.request("GET", f"/s/{watch}/live?v={version}")
        result.update(status=status, body=json.loads(body), at=time.monotonic())

    waiter = threading.Thread(target=poll)
    waiter.start()
    time.sleep(0.3)
    say(bot, sender, "bbl")
    answered = time.monotonic()
    waiter.join(30)
    assert result["status"] == 200 and result["body"]["v"] > version
    assert "BBL (werken en leren)" in result["body"]["html"]
    assert result["at"] - answered < 1.0

    # Steering: each change explained in the chat, in the pupil's language; the list follows it.
    crebos = re.findall(r'name="crebo" value="(\d+)"', mentor.get(f"/s/{watch}")[1])
    assert mentor.post(f"/s/{watch}/steer", {"action": "exclude", "crebo": crebos[0]})[0] == 303
    assert mentor.post(f"/s/{watch}/steer", {"action": "suggest", "crebo": crebos[1]})[0] == 303
    assert mentor.post(f"/s/{watch}/steer", {"action": "filter", "level": "2"})[0] == 303
    chat = say(bot, sender, "Zwolle")
    assert "uit je lijst gehaald" in chat and "Je decaan stelt voor" in chat and "alleen niveau 2" in chat
    chat = say(bot, sender, "september")
    assert "Je decaan kijkt mee" in chat  # said again in every advice while a counsellor watches
    page = mentor.get(f"/s/{watch}")[1]
    listed = re.findall(r'<h3>([^<]+) <span class="small">\(niveau (\d)', page)
    assert listed and all(level == "2" for _, level in listed)

    assert "Dit gesprek is bekeken door" in say(bot, sender, "wie heeft meegekeken?")
    assert mentor.username in say(bot, sender, "wie heeft meegekeken?")
    assert "Gestopt" in say(bot, sender, "stop meekijken")
    assert mentor.get(f"/s/{watch}")[0] == 404
    status, _, body = mentor.request("GET", f"/s/{watch}/live?v=0")
    assert status == 404 and json.loads(body) == {"ended": True}


def test_every_page_needs_a_login(live_bot):
    anonymous = Counsellor(live_bot.base, "nobody")
    for path in ("/s/x", "/s/x/compare?c=1", "/s/x/report", "/c/x", "/audit"):
        status, headers, _ = anonymous.request("GET", path)
        assert status == 303 and headers["location"].endswith("/webhooks/counsellor/"), path
    for path in ("/s/x/live?v=1", "/c/x/live?v=1"):
        assert anonymous.request("GET", path)[0] == 401, path
    for path in ("/logout", "/join", "/class", "/s/x/steer", "/s/x/note", "/s/x/end"):
        assert anonymous.request("POST", path, {"csrf": "x"})[0] == 401, path
    assert anonymous.request("GET", "/r/not-a-token")[0] == 404
    status, _, body = anonymous.request("GET", "/")
    assert status == 200 and b'name="password"' in body


def test_another_counsellors_session_is_not_found(live_bot, bot):
    owner, other = new_counsellor(live_bot), new_counsellor(live_bot)
    owner.login(), other.login()
    _, code = pupil_with_code(bot)
    watch = owner.join(code)
    group = owner.post("/class", {"name": "3B"})[1].rsplit("/", 1)[-1]
    for path in (
        f"/s/{watch}",
        f"/s/{watch}/compare?c=1",
        f"/s/{watch}/report",
        f"/s/{watch}/live?v=0",
        f"/c/{group}",
        f"/c/{group}/live?v=0",
        "/s/AAAAAAAAAAAAAAAAAAAAAA",
        "/audit",
    ):
        assert other.get(path)[0] == 404, path
    for path in (f"/s/{watch}/steer", f"/s/{watch}/note", f"/s/{watch}/end"):
        assert other.post(path, {"action": "exclude", "crebo": "25244", "body": "x"})[0] == 404, path
    assert owner.get(f"/s/{watch}")[0] == 200  # unchanged for its owner


def test_forms_need_the_csrf_token(live_bot, bot):
    mentor = new_counsellor(live_bot)
    mentor.login()
    _, code = pupil_with_code(bot)
    watch = mentor.join(code)
    for path, data in (
        ("/join", {"code": "ABC-234"}),
        ("/class", {"name": "x"}),
        ("/logout", {}),
        (f"/s/{watch}/steer", {"action": "exclude", "crebo": "25244"}),
        (f"/s/{watch}/note", {"body": "x"}),
        (f"/s/{watch}/end", {}),
    ):
        assert mentor.post(path, data, csrf=False)[0] == 403, path
        assert mentor.post(path, {**data, "csrf": "wrong"}, csrf=False)[0] == 403, path
    assert mentor.get(f"/s/{watch}")[0] == 200  # nothing ended


def test_used_and_expired_join_codes_are_refused(live_bot, bot):
    mentor = new_counsellor(live_bot)
    mentor.login()
    _, code = pupil_with_code(bot)
    mentor.join(code)
    assert mentor.post("/join", {"code": code}) == (303, "/webhooks/counsellor/?error=code")
    _, late = pupil_with_code(bot)
    with sqlite3.connect(live_bot.workdir / "state.db") as conn:
        conn.execute("UPDATE join_codes SET expires_at = ? WHERE code = ?", (time.time() - 1, late.replace("-", "")))
    assert mentor.post("/join", {"code": late}) == (303, "/webhooks/counsellor/?error=code")
    assert "Die code werkt niet" in mentor.get("/?error=code")[1]


def test_wrong_passwords_lock_the_account(live_bot):
    mentor = new_counsellor(live_bot)
    for _ in range(auth.MAX_FAILURES):
        assert mentor.login("wrong password!") == 401
    assert mentor.login() == 423  # the right password does not help while locked
    assert Counsellor(live_bot.base, "no-such-user").login() == 401


def test_login_cookie_and_logout(live_bot):
    mentor = new_counsellor(live_bot)
    status, headers, _ = mentor.request(
        "POST", "/login", {"username": mentor.username, "password": COUNSELLOR_PASSWORD}
    )
    cookie = headers["set-cookie"]
    assert (
        status == 303 and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/webhooks/counsellor" in cookie
    )
    mentor.csrf = CSRF.search(mentor.get("/")[1]).group(1)
    assert mentor.post("/logout", {})[0] == 303
    assert mentor.request("GET", "/audit")[0] == 303  # the old cookie no longer works


def test_pupil_text_and_notes_stay_text(live_bot, bot):
    mentor = new_counsellor(live_bot, role="admin")
    mentor.login()
    sender, code = pupil_with_code(bot, "hoi", "vmbo kader", "16", "PIE")
    watch = mentor.join(code)
    say(bot, sender, "<script>alert(1)</script><img src=x onerror=alert(2)> auto's repareren")
    mentor.post(f"/s/{watch}/note", {"body": "<script>alert(3)</script>", "include": "1"})
    page = mentor.get(f"/s/{watch}")[1]
    live = json.loads(mentor.request("GET", f"/s/{watch}/live?v=-5")[2])["html"]
    report = mentor.get(f"/s/{watch}/report?for=parents")[1]
    for html in (page, live, report):
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(3)" in page and "&lt;script&gt;alert(3)" in report
    assert "&lt;img src=x" in live
    status, headers, pdf = mentor.request("GET", f"/s/{watch}/report?for=pupil&fmt=pdf")
    assert status == 200 and headers["content-type"] == "application/pdf" and pdf.startswith(b"%PDF")
    if Path("/usr/bin/pdftotext").exists():
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "<script>alert(3)</script>" in text
    audit = mentor.get("/audit")[1]
    assert "alert" not in audit and "repareren" not in audit and "join" in audit


def test_erasing_the_conversation_removes_what_counsellors_kept(live_bot, bot):
    mentor = new_counsellor(live_bot)
    mentor.login()
    sender, code = pupil_with_code(bot, "hoi", "vmbo kader", "16")
    watch = mentor.join(code)
    mentor.post(f"/s/{watch}/note", {"body": "heel persoonlijk", "include": "1"})
    mentor.post(f"/s/{watch}/steer", {"action": "filter", "route": "bbl"})
    # The chat names the public address (KANSRIJK_PUBLIC_URL); the test reaches the same path on loopback.
    link = live_bot.base + re.search(
        r"https?://\S+?(/webhooks/counsellor/r/[\w-]+)", say(bot, sender, "stuur mijn overzicht")
    ).group(1)
    with urllib.request.urlopen(link, timeout=60) as resp:
        assert resp.status == 200 and b"Kansrijk" in resp.read()
    say(bot, sender, "laat mijn decaan meekijken")  # an unused code too
    assert say(bot, sender, "verwijder mijn gegevens") == privacy.ERASED.nl
    with sqlite3.connect(live_bot.workdir / "state.db") as conn:
        for table in counsel_store.PUPIL_TABLES:
            left = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE sender_id = ?", (sender,)).fetchone()[0]
            assert left == 0, table
        audit = conn.execute("SELECT COUNT(*) FROM counsel_audit WHERE sender_id = ?", (sender,)).fetchone()[0]
        assert audit == 0
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(link, timeout=60)
    assert gone.value.code == 404
    assert mentor.get(f"/s/{watch}")[0] == 404


def test_class_mode_shows_progress_and_only_shared_answers(live_bot, bot):
    mentor = new_counsellor(live_bot)
    mentor.login()
    group = mentor.post("/class", {"name": "3B"})[1].rsplit("/", 1)[-1]
    code = re.search(r"<strong>(\d{6})</strong>", mentor.get(f"/c/{group}")[1]).group(1)
    pupils = [f"e2e-{uuid.uuid4().hex[:10]}" for _ in range(3)]
    for n, sender in enumerate(pupils, 1):
        joined = say(bot, sender, f"klascode {code}")
        assert f"Je nummer is {n}" in joined
    assert "Goed. Je decaan kan nu" in say(bot, pupils[0], "ja")
    for line in ("vmbo kader", "16", "PIE", "auto's repareren"):
        say(bot, pupils[0], line)
    assert "Goed. Je decaan ziet alleen" in say(bot, pupils[1], "nee")
    say(bot, pupils[2], "ja")
    for line in ("hoi", "vmbo kader"):
        say(bot, pupils[1], line)
    # Two unclear answers to one question: the bot leaves it open and goes on; for the class that is being stuck.
    for line in ("vmbo kader", "16", "asdf qwer", "zxcv bnm"):
        say(bot, pupils[2], line)
    page = mentor.get(f"/c/{group}")[1]
    assert "Meegedaan: <strong>3</strong>" in page
    stuck = page.split('id="stuck-h"')[1].split("</section>")[0]
    assert "Leerling 3" in stuck and "Leerling 2" not in stuck
    assert page.count("antwoorden bekijken") == 2  # pupils 1 and 3 agreed, pupil 2 did not
    assert "vmbo kader" not in page  # no answers on the class page itself
    spread = page.split('id="spread-h"')[1]
    # pupil 1's field and interests (pupil 3 shares but told nothing; pupil 2 shares nothing)
    # "auto's repareren" is one curated phrase (escaped in the page), not the words "auto" and "repareren"
    assert "Voertuigen en mobiele werktuigen: 1" in spread and "auto&#39;s repareren: 1" in spread
    assert say(bot, f"e2e-{uuid.uuid4().hex[:10]}", "klascode 000000").startswith("Die klascode ken ik niet")


def test_the_open_widget_shows_the_counsellor_at_once(live_bot):
    """In the web widget the counsellor's joining and suggestions appear without the pupil sending anything."""
    import asyncio

    from botkit import SocketChat, socketio_channel

    mentor = new_counsellor(live_bot)
    mentor.login()

    async def run() -> list[str]:
        async with SocketChat(live_bot.base, socketio_channel()) as widget:
            await widget.say("hoi")
            reply = await widget.say("laat mijn decaan meekijken")
            code = JOIN_CODE.search(" ".join(str(m.get("text", "")) for m in reply)).group(1)
            loop = asyncio.get_running_loop()
            watch = await loop.run_in_executor(None, mentor.join, code)
            await loop.run_in_executor(None, mentor.post, f"/s/{watch}/steer", {"action": "suggest", "crebo": "25244"})
            pushed = []
            try:
                while True:
                    pushed.append(str((await asyncio.wait_for(widget.inbox.get(), timeout=3)).get("text", "")))
            except asyncio.TimeoutError:
                return pushed

    pushed = asyncio.run(run())
    assert any("Je decaan kijkt nu mee" in text for text in pushed), pushed
    assert any("Je decaan stelt voor" in text and "25244" in text for text in pushed), pushed


def test_an_admin_manages_accounts_and_a_counsellor_cannot(live_bot):
    admin, mentor = new_counsellor(live_bot, role="admin"), new_counsellor(live_bot)
    admin.login(), mentor.login()
    assert mentor.get("/accounts")[0] == 404
    assert mentor.post("/accounts", {"action": "add", "username": "sneaky", "password": COUNSELLOR_PASSWORD})[0] == 404
    name = f"new-{uuid.uuid4().hex[:6]}"
    assert admin.post("/accounts", {"action": "add", "username": name, "password": "short"})[1].endswith("error=add")
    assert admin.post(
        "/accounts",
        {"action": "add", "username": name, "display_name": "Nieuwe Decaan", "password": COUNSELLOR_PASSWORD},
    )[1].endswith("done=add")
    assert Counsellor(live_bot.base, name).login() == 303
    assert admin.post("/accounts", {"action": "disable", "username": mentor.username})[1].endswith("done=disable")
    assert mentor.get("/audit")[0] == 303  # its login ended with the account
    assert admin.post("/accounts", {"action": "disable", "username": admin.username})[1].endswith("error=self")
    assert "account_add" in admin.get("/audit")[1]
