"""The counsellor's page (/webhooks/counsellor/) in headless Chromium, with pupils chatting on the REST channel.

Login, joining with a pupil's code and the live part that follows the pupil's turns without a reload; pinning and
excluding courses; comparing; private notes that stay text (page, HTML and PDF report); class mode with a stuck
queue; axe-core on every page. Screenshots and axe results go to build/artifacts/browser/ (counsellor-*).
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from botkit import question_asked

from .conftest import csp_errors, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

PREFIX = "/webhooks/counsellor"
COOKIE = "kansrijk_counsellor"
PASSWORD = "a-long-password-123"
JOIN_CODE = re.compile(r"\b[A-Z0-9]{3}-[A-Z0-9]{3}\b")
CLASS_CODE = re.compile(r"^\d{4,8}$")
BLOCKING = ("serious", "critical")
# The intake in free text, by the question the bot asks (botkit.QUESTIONS maps its texts to these slots).
ANSWERS = {
    "education": "vmbo kader",
    "age": "16",
    "vmbo_profile": "PIE",
    "interests_text": "auto's repareren",
    "route": "bbl",
    "place": "Zwolle",
    "start_wish": "september",
    "has_math_or_science": "ja",
    "dutch_level": "goed",
}
OPENING = ["hoi", "vmbo kader", "16", "PIE", "auto's repareren", "bbl", "Zwolle", "september"]
NOTE = "Samen naar de open dag. <script>window.__xss=1</script><b>vet</b>"
PDFTOTEXT = Path("/usr/bin/pdftotext")


# -- the pupil's side: the REST channel -------------------------------------------------------------------------------
class Pupil:
    """One conversation on the REST channel; waits out the per-sender rate limit (8 at once, then 30 a minute)."""

    def __init__(self, live_bot: Any, tag: str) -> None:
        self.rest = live_bot.rest()
        self.sender = f"browser-{tag}-{uuid.uuid4().hex[:10]}"
        self.transcript: list[tuple[str, list[str]]] = []

    def send(self, text: str) -> list[dict[str, Any]]:
        deadline = time.time() + 30
        while True:
            status, messages = self.rest.send(self.sender, text)
            if status == 429 and time.time() < deadline:
                time.sleep(1.0)
                continue
            assert status == 200, (status, messages)
            self.transcript.append((text, [m.get("text") or "" for m in messages]))
            return messages

    def say(self, text: str) -> list[str]:
        return [m.get("text") or "" for m in self.send(text)]

    def chat_to_advice(self, opening: list[str] | None = None, max_turns: int = 16) -> list[str]:
        """The opening lines, then whatever the bot asks, until a recommendation list comes back."""
        outbox = list(OPENING if opening is None else opening)
        for _ in range(max_turns):
            messages = self.send(outbox.pop(0))
            texts = [m.get("text") or "" for m in messages]
            if any(re.search(r"\(niveau \d", t) for t in texts):
                return texts
            if not outbox:
                asked = question_asked(messages)
                assert asked in ANSWERS, f"bot asked {asked!r}; transcript: {self.transcript}"
                outbox.append(ANSWERS[asked])
        raise AssertionError(f"no advice after {max_turns} turns: {self.transcript}")

    def join_code(self) -> str:
        texts = self.say("laat mijn decaan meekijken")
        found = JOIN_CODE.search(" ".join(texts))
        assert found, texts
        return found.group(0)


def new_account(live_bot: Any, role: str = "counsellor", name: str = "Meneer Test") -> str:
    """An account in the bot's state database (the bot process reads it on every login); returns the user name."""
    from bot.counsel import auth
    from bot.counsel import store as counsel_store

    username = f"{'admin' if role == 'admin' else 'mentor'}-{uuid.uuid4().hex[:10]}"
    db = counsel_store.CounselStore(counsel_store.url_for(live_bot.workdir / "state.db"))
    try:
        db.add_counsellor(username, name, role, auth.hash_password(PASSWORD))
    finally:
        db.close()
    return username


# -- the counsellor's side: the browser --------------------------------------------------------------------------------
class Desk:
    """One browser tab on the counsellor's pages."""

    def __init__(self, driver: Any, base: str, artifacts: Path, tag: str) -> None:
        self.driver, self.base, self.artifacts, self.tag = driver, base, artifacts, tag

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def url(self, path: str = "/") -> str:
        return f"{self.base}{PREFIX}{path}"

    def open(self, path: str = "/") -> None:
        self.driver.get(path if path.startswith("http") else self.url(path))

    def shot(self, name: str) -> Path:
        path = self.artifacts / f"counsellor-{self.tag}-{name}.png"
        self.driver.save_screenshot(str(path))
        print(f"screenshot: {path}")
        return path

    def wait(self, what: Callable[[], Any], seconds: float = 10, message: str = "") -> Any:
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.driver, seconds, poll_frequency=0.1).until(lambda _: what())
        except TimeoutException:
            self.shot("timeout")
            raise AssertionError(
                f"timed out after {seconds} s: {message}; page {self.driver.current_url}: {self.text()[:1500]}"
            ) from None

    def find(self, css: str) -> Any:
        return self.driver.find_element("css selector", css)

    def find_all(self, css: str) -> list[Any]:
        return self.driver.find_elements("css selector", css)

    def text(self, css: str = "body") -> str:
        found = self.find_all(css)
        return found[0].text if found else ""

    def navigating(self, act: Callable[[], Any], seconds: float = 20) -> None:
        """Do something that loads a new page (a form post and its 303) and wait until the new page is there."""
        from selenium.common.exceptions import WebDriverException

        # A mark on the old document's window; the new document has none. (Selenium's staleness_of can fail during
        # a navigation with "Node with given id does not belong to the document" instead of saying "stale".)
        self.js("window.__oldPage = true;")
        act()

        def new_page_loaded() -> bool:
            try:
                return bool(self.js("return !window.__oldPage && document.readyState === 'complete';"))
            except WebDriverException:  # the page is between two documents
                return False

        self.wait(new_page_loaded, seconds, "the page did not change")

    def click(self, element: Any) -> None:
        self.js("arguments[0].scrollIntoView({block: 'center'});", element)
        self.navigating(element.click)

    def button(self, label: str, within: Any = None) -> Any:
        for candidate in (within or self.driver).find_elements("css selector", "button"):
            if candidate.text.strip() == label:
                return candidate
        raise AssertionError(f"no button {label!r} on {self.driver.current_url}")

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.open("/")
        self.find("#username").send_keys(username)
        self.find("#password").send_keys(password)
        self.click(self.button("Inloggen", self.find("main")))

    def join(self, code: str) -> str:
        """Types the pupil's code on the start page; returns the watch id from the session page's URL."""
        self.find("#code").send_keys(code)
        self.click(self.button("Meekijken", self.find("main")))
        assert re.search(rf"{PREFIX}/s/[^/?#]+$", self.driver.current_url), self.driver.current_url
        self.wait(lambda: self.find_all("#live"), message="no live part")
        return self.driver.current_url.rsplit("/", 1)[-1]

    def answers(self) -> dict[str, str]:
        return self.js("""
          var out = {};
          document.querySelectorAll('#live dl.answers dt').forEach(function (dt) {
            var dd = dt.nextElementSibling; out[dt.innerText.trim()] = dd ? dd.innerText.trim() : ''; });
          return out;""")

    def courses(self) -> list[dict[str, Any]]:
        """The pupil's shortlist on the session page: name, crebo and whether it says "vastgezet"."""
        return self.js("""
          return Array.from(document.querySelectorAll('#live ol.courses > li')).map(function (li) {
            var h = li.querySelector('h3'), small = h.querySelector('.small');
            var name = h.cloneNode(true); var s = name.querySelector('.small'); if (s) { s.remove(); }
            return {name: name.innerText.trim(), detail: small ? small.innerText : '',
                    crebo: li.querySelector('input[name=c]').value}; });""")

    def course_item(self, crebo: str) -> Any:
        return self.find(f"#live ol.courses > li:has(input[name=c][value='{crebo}'])")

    def axe(self) -> dict[str, Any]:
        return run_axe(self.driver)

    def csp_errors(self) -> list[str]:
        return csp_errors(self.driver)


def logged_in(
    chromium: Callable[[str], Any],
    live_bot: Any,
    artifacts: Path,
    tag: str,
    role: str = "counsellor",
    viewport: str = "desktop",
) -> Desk:
    desk = Desk(chromium(viewport), live_bot.base, artifacts, tag)
    desk.login(new_account(live_bot, role))
    assert desk.text("h1").startswith("Welkom"), desk.text()
    return desk


def watching(desk: Desk, pupil: Pupil) -> str:
    """The pupil asks for a code in the chat; the counsellor types it on the start page."""
    code = pupil.join_code()
    desk.open("/")
    return desk.join(code)


# -- the tests ---------------------------------------------------------------------------------------------------------
def test_login_join_and_live_answers(live_bot, chromium, artifacts):
    username = new_account(live_bot)
    desk = Desk(chromium("desktop"), live_bot.base, artifacts, "live")

    # A wrong password says so (and logs nobody in); the right one opens the start page.
    desk.login(username, "not-the-password-at-all")
    assert "Naam of wachtwoord klopt niet." in desk.text(".error"), desk.text()
    assert desk.find_all("#password") and not desk.driver.get_cookie(COOKIE)
    desk.shot("1-wrong-password")
    desk.login(username)
    assert desk.text("h1") == "Welkom, Meneer Test", desk.text("h1")
    cookie = desk.driver.get_cookie(COOKIE)
    assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", cookie

    pupil = Pupil(live_bot, "live")
    for text in ["hoi", "vmbo kader", "16"]:
        pupil.say(text)
    desk.join(pupil.join_code())
    answers = desk.answers()
    assert answers.get("Vooropleiding") == "vmbo kader" and answers.get("Leeftijd") == "16", answers
    assert "Vmbo-profiel" not in answers, answers
    desk.shot("2-session")

    # The pupil's next turn shows up in the live part without a reload.
    desk.js("window.__marker = 1;")
    started = time.time()
    replies = pupil.say("PIE")
    desk.wait(lambda: desk.answers().get("Vmbo-profiel") == "PIE", 5, "the live part did not show the new answer")
    print(f"live part updated {time.time() - started:.2f} s after the pupil's turn was sent")
    assert desk.js("return window.__marker;") == 1, "the page navigated instead of updating its live part"
    assert desk.answers().get("Vooropleiding") == "vmbo kader"
    assert desk.text("#live-status") == "Bijgewerkt.", desk.text("#live-status")
    desk.shot("3-live-update")

    # The chat told the pupil first, then the bot answered.
    assert replies and replies[0].startswith("Je decaan kijkt nu mee (Meneer Test)"), replies
    assert len(replies) >= 2 and not any("kijkt nu mee" in r for r in replies[1:]), replies
    assert not desk.csp_errors(), desk.csp_errors()


def test_pin_and_exclude(live_bot, chromium, artifacts):
    desk = logged_in(chromium, live_bot, artifacts, "steer")
    pupil = Pupil(live_bot, "steer")
    pupil.chat_to_advice()
    watching(desk, pupil)
    before = desk.courses()
    assert len(before) >= 3, before

    # "Uitsluiten" on the first course.
    excluded = before[0]
    desk.click(desk.button("Uitsluiten", desk.course_item(excluded["crebo"])))
    assert re.search(rf"{PREFIX}/s/[^/?#]+$", desk.driver.current_url), desk.driver.current_url
    assert "error" not in desk.driver.current_url
    after_exclude = desk.courses()
    assert excluded["crebo"] not in [c["crebo"] for c in after_exclude], after_exclude

    # "Vastzetten" on another (the last one on the list, so pinning visibly moves it).
    pinned = after_exclude[-1]
    assert pinned["crebo"] != excluded["crebo"]
    desk.click(desk.button("Vastzetten", desk.course_item(pinned["crebo"])))
    after_pin = desk.courses()
    desk.shot("pinned-and-excluded")
    top = after_pin[0]
    assert top["crebo"] == pinned["crebo"] and "vastgezet" in top["detail"], after_pin
    assert [c for c in after_pin if "vastgezet" in c["detail"]] == [top], after_pin
    assert desk.button("Losmaken", desk.course_item(pinned["crebo"]))

    # The excluded course is listed under "Uitgesloten", with a button to restore it.
    excluded_list = desk.js("""
      var h = Array.from(document.querySelectorAll('#live h3')).find(function (e) {
        return e.innerText.trim() === 'Uitgesloten'; });
      var ul = h && h.nextElementSibling;
      return ul ? Array.from(ul.querySelectorAll('li')).map(function (li) { return li.innerText; }) : null;""")
    assert excluded_list and len(excluded_list) == 1 and excluded_list[0].startswith(excluded["name"]), excluded_list
    assert "Terugzetten" in excluded_list[0]

    # The pupil's next turn: the counsellor's two explanations first, in the order they were made.
    replies = pupil.say("advies")
    joined = " ".join(replies)
    assert "uit je lijst gehaald" in joined and "bovenaan je lijst" in joined, replies
    explained_exclude = next(i for i, r in enumerate(replies) if "uit je lijst gehaald" in r)
    explained_pin = next(i for i, r in enumerate(replies) if "bovenaan je lijst" in r)
    assert explained_exclude < explained_pin, replies
    assert excluded["name"] in replies[explained_exclude] and pinned["name"] in replies[explained_pin], replies
    # The chat's new list follows the page: the pinned course first, the excluded one gone.
    listing = next((r for r in replies if re.search(r"^1\. ", r, re.M)), "")
    assert listing, replies
    assert re.search(rf"^1\. {re.escape(pinned['name'])} \(niveau", listing, re.M), listing
    assert not re.search(rf"^\d+\. {re.escape(excluded['name'])} \(niveau", listing, re.M), listing


def test_compare_two_courses(live_bot, chromium, artifacts):
    desk = logged_in(chromium, live_bot, artifacts, "compare")
    pupil = Pupil(live_bot, "compare")
    pupil.chat_to_advice()
    watching(desk, pupil)
    courses = desk.courses()
    assert len(courses) >= 2, courses
    chosen = courses[:2]
    for course in chosen:
        box = desk.course_item(course["crebo"]).find_element("css selector", "input[type=checkbox][name=c]")
        desk.js("arguments[0].scrollIntoView({block: 'center'});", box)
        box.click()
        assert box.is_selected()
    # A pupil's turn swaps in a new live part meanwhile: the ticks survive it (counsellor.js keeps them).
    desk.js("document.querySelector('#live h2').dataset.old = '1';")
    pupil.say("wat is bbl?")
    desk.wait(
        lambda: not desk.js("var h = document.querySelector('#live h2'); return !!(h && h.dataset.old);"),
        5,
        "the live part was not swapped after the pupil's turn",
    )
    ticked = desk.js(
        "return Array.from(document.querySelectorAll('#live input[name=c]:checked'))"
        ".map(function (e) { return e.value; });"
    )
    assert sorted(ticked) == sorted(c["crebo"] for c in chosen), ticked
    desk.click(desk.button("Vergelijk de aangevinkte opleidingen"))
    assert "/compare?" in desk.driver.current_url, desk.driver.current_url
    for course in chosen:
        assert f"c={course['crebo']}" in desk.driver.current_url, desk.driver.current_url
    heads = [h.text.strip() for h in desk.find_all("table.compare thead th")]
    assert heads[1:] == [c["name"] for c in chosen], heads
    rows = [h.text.strip() for h in desk.find_all("table.compare tbody th[scope=row]")]
    assert "Wat BBL betaalt" in rows, rows
    bbl_cells = desk.js("""
      var row = Array.from(document.querySelectorAll('table.compare tbody tr')).find(function (tr) {
        return tr.querySelector('th').innerText.trim() === 'Wat BBL betaalt'; });
      return Array.from(row.querySelectorAll('td')).map(function (td) { return td.innerText.trim(); });""")
    assert len(bbl_cells) == 2 and all(bbl_cells), bbl_cells
    desk.shot("table")


def test_note_stays_text_on_the_page_and_in_the_reports(live_bot, chromium, artifacts, tmp_path):
    desk = logged_in(chromium, live_bot, artifacts, "notes")
    pupil = Pupil(live_bot, "notes")
    pupil.chat_to_advice()
    watching(desk, pupil)
    course_names = [c["name"] for c in desk.courses()]
    assert course_names

    desk.find("#note-body").send_keys(NOTE)
    include = desk.find("#notes input[type=checkbox][name=include]")
    include.click()
    assert include.is_selected()
    desk.click(desk.button("Notitie opslaan"))
    assert desk.driver.current_url.endswith("#notes"), desk.driver.current_url
    shown = [n.text for n in desk.find_all("#notes .notes .note")]
    assert shown == [NOTE], shown
    assert desk.js("return typeof window.__xss;") == "undefined"
    assert desk.js("return document.querySelectorAll('#notes .notes b, #notes .notes script').length;") == 0
    assert desk.button("Uit verslag halen", desk.find("#notes .notes"))  # it is in the report
    desk.shot("1-note")

    # The parents' report in HTML: the link opens a new tab, so go to its address instead.
    links = {a.text.strip(): a.get_attribute("href") for a in desk.find_all("section[aria-labelledby=report-h] a")}
    html_link = links["Voor de ouders (HTML)"]
    pdf_link = next(
        a.get_attribute("href")
        for a in desk.find_all("section[aria-labelledby=report-h] a")
        if "for=parents" in a.get_attribute("href") and "pdf" in a.get_attribute("href")
    )
    desk.open(html_link)
    desk.wait(lambda: NOTE in desk.text(), message="the note is not in the parents' report")
    assert desk.js("return typeof window.__xss;") == "undefined"
    assert (
        desk.js(
            "return Array.from(document.querySelectorAll('b, script')).filter(function (e) {"
            " return /vet|__xss/.test(e.textContent); }).length;"
        )
        == 0
    )
    assert any(name in desk.text() for name in course_names), course_names
    desk.shot("2-report")

    # The PDF, fetched with the browser's session cookie (its text only when pdftotext is there).
    cookie = desk.driver.get_cookie(COOKIE)
    assert cookie, desk.driver.get_cookies()
    request = urllib.request.Request(pdf_link, headers={"Cookie": f"{COOKIE}={cookie['value']}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers.get("Content-Type") == "application/pdf", response.headers
        body = response.read()
    assert body.startswith(b"%PDF"), body[:40]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(body)
    (artifacts / "counsellor-notes-report.pdf").write_bytes(body)
    if PDFTOTEXT.exists():
        out = subprocess.run([str(PDFTOTEXT), str(pdf), "-"], capture_output=True, check=True, timeout=30).stdout
        text = " ".join(out.decode("utf-8").split())
        squeezed = re.sub(r"\s+", "", text)  # a long line may wrap anywhere in the PDF
        assert re.sub(r"\s+", "", NOTE) in squeezed, text
        assert any(re.sub(r"\s+", "", name) in squeezed for name in course_names), (course_names, text)
    else:
        print(f"{PDFTOTEXT} missing: the PDF's text is not checked")
    # Without the cookie there is no report.
    try:
        with urllib.request.urlopen(urllib.request.Request(pdf_link), timeout=30) as response:
            assert not response.read().startswith(b"%PDF")
    except urllib.error.HTTPError as err:
        assert err.code in (401, 403, 404), err.code


def test_class_mode_with_three_pupils(live_bot, chromium, artifacts):
    desk = logged_in(chromium, live_bot, artifacts, "class")
    desk.find("#classname").send_keys("3B test")
    desk.click(desk.button("Klassessie starten"))
    assert re.search(rf"{PREFIX}/c/[^/?#]+$", desk.driver.current_url), desk.driver.current_url
    code = desk.text(".code strong")
    assert CLASS_CODE.match(code), code
    assert desk.text("h1") == "Klas 3B test"
    desk.js("window.__marker = 1;")

    pupils = [Pupil(live_bot, f"class{n}") for n in (1, 2, 3)]
    for n, pupil in enumerate(pupils, 1):
        joined = pupil.say(f"klascode {code}")
        assert any(f"Je nummer is {n}." in t for t in joined), joined
    desk.wait(lambda: counts(desk).get("Meegedaan") == 3, 5, "the class page did not show three pupils")

    first, second, third = pupils
    assert any("We gaan verder" in t for t in first.say("ja")), first.transcript
    advice = first.chat_to_advice()
    assert advice, first.transcript
    assert any("alleen dat je meedoet" in t for t in second.say("nee")), second.transcript
    second.say("vmbo kader")
    second.say("16")
    assert any("antwoorden en advies zien" in t for t in third.say("ja")), third.transcript
    third.say("asdf qwer")
    third.say("zxcv bnm")

    def settled() -> bool:
        c = counts(desk)
        return (
            c.get("Meegedaan") == 3
            and c.get("Advies gekregen", 0) >= 1
            and any(q.startswith("Leerling 3:") for q in queue(desk))
        )

    desk.wait(settled, 5, "the class page did not show the advice and the stuck pupil")
    desk.shot("class")
    assert desk.js("return window.__marker;") == 1, "the page navigated instead of updating its live part"
    assert [q.split(":")[0] for q in queue(desk)] == ["Leerling 3"], queue(desk)
    assert counts(desk)["Zit vast"] == 1 and counts(desk)["Begonnen"] == 3, counts(desk)

    rows = desk.js("""
      return Array.from(document.querySelectorAll('#live table tbody tr')).map(function (tr) {
        var link = tr.querySelector('a');
        return {n: tr.querySelector('th').innerText.trim(), stuck: tr.classList.contains('stuck'),
                cells: Array.from(tr.querySelectorAll('td')).map(function (td) { return td.innerText.trim(); }),
                link: link ? link.innerText.trim() : null, href: link ? link.getAttribute('href') : null}; });""")
    assert [r["n"] for r in rows] == ["1", "2", "3"], rows
    assert [r["link"] for r in rows] == ["antwoorden bekijken", None, "antwoorden bekijken"], rows
    assert rows[1]["cells"][-1] == "deelt niet", rows
    assert rows[0]["cells"][2] == "ja" and rows[2]["stuck"] and not rows[0]["stuck"] and not rows[1]["stuck"], rows

    # Pupil 1's link opens the session page with their answers.
    desk.open(live_bot.base + rows[0]["href"])
    assert desk.answers().get("Vooropleiding") == "vmbo kader", desk.answers()
    assert desk.courses(), desk.text()


def counts(desk: Desk) -> dict[str, int]:
    return desk.js("""
      var out = {};
      document.querySelectorAll('#live ul.counts li').forEach(function (li) {
        var m = li.innerText.match(/^(.*):\\s*(\\d+)/); if (m) { out[m[1].trim()] = parseInt(m[2], 10); } });
      return out;""")


def queue(desk: Desk) -> list[str]:
    return desk.js(
        "return Array.from(document.querySelectorAll('#live ol.queue li'))"
        ".map(function (li) { return li.innerText.trim(); });"
    )


def summarise(result: dict[str, Any]) -> dict[str, list[str]]:
    by_impact: dict[str, list[str]] = {}
    for violation in result.get("violations", []):
        by_impact.setdefault(violation.get("impact") or "unknown", []).append(
            f"{violation['id']} ({len(violation['nodes'])} nodes: "
            f"{'; '.join(' '.join(n['target']) for n in violation['nodes'][:3])})"
        )
    return by_impact


def test_axe_on_every_page(live_bot, chromium, artifacts):
    results: dict[str, Any] = {}
    csp: dict[str, list[str]] = {}

    def check(desk: Desk, name: str) -> None:
        desk.wait(lambda: desk.js("return document.readyState === 'complete';"), message=f"{name} did not load")
        desk.shot(f"axe-{name}")
        results[name] = desk.axe()

    desk = Desk(chromium("desktop"), live_bot.base, artifacts, "desktop")
    desk.open("/")
    check(desk, "login")
    username = new_account(live_bot, "admin", "Mevrouw Beheer")
    desk.login(username)
    check(desk, "home")

    pupil = Pupil(live_bot, "axe")
    pupil.chat_to_advice()
    watch = watching(desk, pupil)
    desk.find("#note-body").send_keys("Open dag samen bezoeken.")
    desk.find("#notes input[type=checkbox][name=include]").click()
    desk.click(desk.button("Notitie opslaan"))
    check(desk, "session")
    crebos = [c["crebo"] for c in desk.courses()[:2]]
    desk.open(f"/s/{watch}/compare?c={crebos[0]}&c={crebos[1]}")
    assert desk.find_all("table.compare"), desk.text()
    check(desk, "compare")
    desk.open(f"/s/{watch}/report?for=parents")
    check(desk, "report-parents")
    desk.open(f"/s/{watch}/report?for=pupil")
    check(desk, "report-pupil")
    desk.open("/")
    desk.find("#classname").send_keys("4A")
    desk.click(desk.button("Klassessie starten"))
    check(desk, "class")
    desk.open("/audit")
    assert desk.text("h1") == "Auditlog" and desk.find_all("table tbody tr"), desk.text()
    check(desk, "audit")
    desk.open("/s/no-such-watch")
    assert desk.text("h1") == "Dat lukt niet", desk.text()
    check(desk, "error-404")
    desk.open("/?lang=en")
    check(desk, "home-en")
    csp["desktop"] = desk.csp_errors()

    phone = Desk(chromium("phone"), live_bot.base, artifacts, "phone")
    phone.login(username)
    phone.open(f"/s/{watch}")
    check(phone, "session-phone")
    wide = phone.js("return document.documentElement.scrollWidth > innerWidth;")
    csp["phone"] = phone.csp_errors()

    axe_file = artifacts / "axe-counsellor.json"
    axe_file.write_text(json.dumps(results, indent=1), encoding="utf-8")
    summary = {name: summarise(result) for name, result in results.items()}
    print(f"axe results: {axe_file}: {json.dumps(summary, indent=1)}")
    blocking = {
        name: [
            f"{v['id']} ({v['impact']}): {[' '.join(n['target']) for n in v['nodes'][:5]]}"
            for v in result["violations"]
            if v.get("impact") in BLOCKING
        ]
        for name, result in results.items()
    }
    blocking = {name: found for name, found in blocking.items() if found}
    assert not blocking, f"serious/critical accessibility violations: {blocking} (see {axe_file})"
    assert not any(csp.values()), csp
    assert not wide, "the session page scrolls sideways on a phone"


def test_class_page_shows_a_pupil_without_progress_for_three_minutes(live_bot, chromium, artifacts):
    """The time rule of the stuck queue needs no turn: the class page's long poll wakes every 20 s to show it."""
    import sqlite3

    desk = logged_in(chromium, live_bot, artifacts, "idle")
    desk.find("#classname").send_keys("stil")
    desk.click(desk.button("Klassessie starten"))
    code = desk.text(".code strong")
    pupil = Pupil(live_bot, "idle")
    pupil.say(f"klascode {code}")
    pupil.say("ja")
    pupil.say("vmbo kader")
    desk.wait(lambda: counts(desk).get("Begonnen") == 1, 5, "the pupil's turn did not show")
    assert counts(desk)["Zit vast"] == 0
    # Four minutes without progress, without waiting them: the pupil's last progress moves back in the state database.
    with sqlite3.connect(live_bot.workdir / "state.db", timeout=10) as db:
        moved = db.execute(
            "UPDATE pupil_progress SET last_progress_at = last_progress_at - 240 WHERE sender_id = ?", (pupil.sender,)
        ).rowcount
    assert moved == 1
    desk.wait(lambda: counts(desk).get("Zit vast") == 1, 25, "the pupil without progress never showed as stuck")
    assert [q.split(":")[0] for q in queue(desk)] == ["Leerling 1"], queue(desk)
