"""The chat widget in headless Chromium: a Dutch chat by keyboard and touch, cards, reload, English, axe, XSS."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import csp_errors, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

# Free text as a pupil would type it (the bot's buttons are not used, except the card's "Vertel meer").
INTAKE = [
    "ik ben 16 en zit in vmbo kader, profiel PIE",
    "ik wil iets met auto's",
    "maakt niet uit",
    "eindhoven",
    "september",
]
BLOCKING = ("serious", "critical")

READ_MESSAGES = """
return Array.from(document.querySelectorAll('#rw-messages .rw-message')).map(function (m) {
  var client = m.querySelector('.rw-client');
  var cards = Array.from(m.querySelectorAll('.rw-carousel-card')).map(function (c) { return c.innerText; });
  return {from: client ? 'user' : 'bot', text: cards.length ? '' : (client || m).innerText, cards: cards};
});
"""


class Chat:
    """One browser tab on the demo page, driven the way a person would: keyboard first, touch on the phone."""

    def __init__(self, driver: Any, base: str, artifacts: Path, tag: str) -> None:
        self.driver, self.base, self.artifacts, self.tag = driver, base, artifacts, tag
        self.shots: list[Path] = []

    # -- looking -------------------------------------------------------------------------------------------------
    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def wait(self, what: Callable[[], Any], seconds: float = 60, message: str = "") -> Any:
        deadline = time.time() + seconds
        while time.time() < deadline:
            value = what()
            if value:
                return value
            time.sleep(0.25)
        self.shot("timeout")
        raise AssertionError(f"timed out: {message}; messages: {self.texts()[-6:]}")

    def messages(self) -> list[dict[str, Any]]:
        return self.js(READ_MESSAGES)

    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages()]

    def bot_texts(self) -> list[str]:
        return [m["text"] for m in self.messages() if m["from"] == "bot"]

    def shot(self, name: str) -> Path:
        path = self.artifacts / f"{self.tag}-{name}.png"
        self.driver.save_screenshot(str(path))
        self.shots.append(path)
        print(f"screenshot: {path}")
        return path

    def active(self, selector: str) -> bool:
        return bool(
            self.js("return !!document.activeElement && document.activeElement.matches(arguments[0]);", selector)
        )

    # -- doing ---------------------------------------------------------------------------------------------------
    def open_page(self, url: str | None = None) -> None:
        self.driver.get(url or f"{self.base}/webhooks/site/")
        self.wait(
            lambda: self.js("return !!document.querySelector('.rw-launcher, .rw-conversation-container');"),
            message="the widget did not appear",
        )

    def key(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(*keys).perform()

    def tab_to(self, selector: str, limit: int = 40) -> None:
        from selenium.webdriver.common.keys import Keys

        for _ in range(limit):
            if self.active(selector):
                return
            self.key(Keys.TAB)
        raise AssertionError(f"Tab never reached {selector}")

    def open_widget_by_keyboard(self) -> None:
        from selenium.webdriver.common.keys import Keys

        self.js("document.activeElement && document.activeElement.blur(); window.focus();")
        self.tab_to(".rw-launcher")
        focus = self.js(
            "var s = getComputedStyle(document.activeElement);"
            "return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow];"
        )
        assert focus[0] != "none" and focus[1] >= 2, f"no visible focus on the launcher: {focus}"
        self.key(Keys.ENTER)
        self.wait(lambda: self.js("return !!document.querySelector('.rw-new-message');"), message="chat did not open")

    def settle(self, before: int, seconds: float = 90, quiet: float = 2.5) -> None:
        """Wait until a reply arrived after `before` messages and nothing new came for `quiet` seconds."""
        deadline = time.time() + seconds
        count, changed = len(self.messages()), time.time()
        while time.time() < deadline:
            time.sleep(0.25)
            now = len(self.messages())
            if now != count:
                count, changed = now, time.time()
            elif count >= before + 2 and time.time() - changed >= quiet:
                return
        self.shot("no-reply")
        raise AssertionError(f"no reply within {seconds} s; messages: {self.texts()[-6:]}")

    def say(self, text: str) -> list[str]:
        """Type a message with the keyboard and press Enter; returns the bot's texts that came after it."""
        from selenium.webdriver.common.keys import Keys

        before = len(self.messages())
        if not self.active(".rw-new-message"):
            self.tab_to(".rw-new-message")
        self.key(text)
        self.key(Keys.ENTER)
        self.settle(before)
        return [m["text"] for m in self.messages()[before:] if m["from"] == "bot"]

    def axe(self) -> dict[str, Any]:
        return run_axe(self.driver)

    def csp_errors(self) -> list[str]:
        return csp_errors(self.driver)


def summarise(result: dict[str, Any]) -> dict[str, list[str]]:
    by_impact: dict[str, list[str]] = {}
    for violation in result.get("violations", []):
        by_impact.setdefault(violation.get("impact") or "unknown", []).append(
            f"{violation['id']} ({len(violation['nodes'])} nodes)"
        )
    return by_impact


def layout(chat: Chat) -> dict[str, Any]:
    return chat.js("""
      var box = function (sel) { var e = document.querySelector(sel); if (!e) return null;
        var r = e.getBoundingClientRect(); return {x: Math.round(r.x), y: Math.round(r.y),
        width: Math.round(r.width), height: Math.round(r.height), visible: r.width > 0 && r.height > 0}; };
      return {viewport: [innerWidth, innerHeight], conversation: box('.rw-conversation-container'),
              launcher: box('.rw-launcher'), input: box('.rw-new-message'), send: box('.rw-send'),
              card: box('.rw-carousel-card'), horizontalScroll: document.documentElement.scrollWidth > innerWidth};
    """)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_conversation_in_the_widget(site, chromium, artifacts, viewport):
    driver = chromium(viewport)
    chat = Chat(driver, site, artifacts, viewport)
    report: dict[str, Any] = {"viewport": viewport}

    chat.open_page()
    assert "Voorbeeld ROC — fictieve demo-school" in driver.find_element("tag name", "body").text
    chat.shot("1-page")
    closed = chat.axe()
    chat.open_widget_by_keyboard()
    chat.wait(lambda: chat.bot_texts(), message="no greeting")  # the widget says hallo by itself
    chat.settle(0)
    greeting = chat.bot_texts()
    assert any("Kansrijk" in t for t in greeting), greeting
    report["open"] = layout(chat)
    chat.shot("2-open")

    # A Dutch conversation in free text that ends in recommendation cards.
    for text in INTAKE:
        chat.say(text)
    cards = chat.wait(lambda: [c for m in chat.messages() for c in m["cards"]], message="no cards")
    assert len(cards) >= 2, cards
    for card in cards:
        assert all(part in card for part in ("Niveau", "Start:", "Waar:", "Waarom:", "Vertel meer")), card
        assert "BOL" in card or "BBL" in card, card
    assert any("fictieve demo-school" in card for card in cards), cards
    assert not [t for t in chat.bot_texts() if "Start:" in t], "the cards' facts were also sent as text"
    report["cards"] = layout(chat)
    chat.js("document.querySelector('.rw-carousel-card').scrollIntoView({block: 'center'});")
    chat.shot("3-cards")
    first_name = chat.js("return document.querySelector('.rw-carousel-card-title').innerText;").split(". ", 1)[1]

    # A reload continues the same conversation: the history is still there, and the bot still knows the cards.
    count = len(chat.messages())
    driver.refresh()
    chat.wait(lambda: len(chat.messages()) >= count, message="history lost after reload")
    if not chat.js("return !!document.querySelector('.rw-new-message');"):
        chat.open_widget_by_keyboard()
    time.sleep(1)  # the widget fades in after a reload
    chat.shot("4-reloaded")
    replies = chat.say("vergelijk 1 en 2")
    assert any("Zo verschillen ze" in t for t in replies), replies

    # The card's button: Enter on the keyboard on desktop, a tap on the phone.
    button = driver.find_elements("css selector", ".rw-carousel-card .rw-reply")[0]
    assert button.get_attribute("aria-label").endswith(first_name), button.get_attribute("aria-label")
    before = len(chat.messages())
    if viewport == "phone":
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
        button.click()
    else:
        chat.tab_to(".rw-carousel-card .rw-reply")
        from selenium.webdriver.common.keys import Keys

        chat.key(Keys.ENTER)
    chat.settle(before)
    after = chat.messages()[before:]
    assert after[0]["from"] == "user" and after[0]["text"] == "Vertel meer", after
    assert any(first_name in m["text"] and "crebo" in m["text"] for m in after if m["from"] == "bot"), after
    chat.shot("5-more")

    # Switching to English.
    replies = chat.say("can we speak English?")
    assert any("English" in t for t in replies), replies
    replies = chat.say("what is bbl?")
    assert any("working and learning" in t for t in replies), replies
    chat.shot("6-english")

    opened = chat.axe()
    results = {"viewport": viewport, "widget_closed": closed, "widget_open_with_cards": opened}
    axe_file = artifacts / f"axe-{viewport}.json"
    axe_file.write_text(json.dumps(results, indent=1), encoding="utf-8")
    report["axe"] = {"closed": summarise(closed), "open": summarise(opened)}
    (artifacts / f"layout-{viewport}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"axe results: {axe_file}: {report['axe']}")
    blocking = [v["id"] for r in (closed, opened) for v in r["violations"] if v.get("impact") in BLOCKING]
    assert not blocking, f"serious/critical accessibility violations: {blocking} (see {axe_file})"
    assert not chat.csp_errors(), chat.csp_errors()


def test_html_typed_by_the_user_is_shown_as_text(site, chromium, artifacts):
    from selenium.common.exceptions import NoAlertPresentException

    driver = chromium("desktop")
    chat = Chat(driver, site, artifacts, "xss")
    chat.open_page()
    chat.open_widget_by_keyboard()
    chat.wait(lambda: chat.bot_texts(), message="no greeting")
    chat.settle(0)
    attack = "<img src=x onerror=alert(1)>"
    chat.say(attack)
    chat.say("[klik](javascript:alert(2)) <b>vet</b>")
    mine = [m["text"] for m in chat.messages() if m["from"] == "user"]
    assert attack in mine and "[klik](javascript:alert(2)) <b>vet</b>" in mine, mine
    assert (
        chat.js(
            'return document.querySelectorAll(\'#kansrijk-chat img[src="x"], #kansrijk-chat b,'
            ' #kansrijk-chat a[href^="javascript"]\').length;'
        )
        == 0
    )
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - raises when there is no dialog
    chat.shot("escaped")


def test_widget_on_a_school_page_on_another_origin(site, school_page, chromium, artifacts):
    """The one-tag embed on a school's own site: the socket works across origins (one CORS header, not two)."""
    driver = chromium("desktop")
    chat = Chat(driver, site, artifacts, "school")
    chat.open_page(school_page)
    chat.open_widget_by_keyboard()
    chat.wait(lambda: chat.bot_texts(), message="no greeting on the school's page")
    chat.settle(0)
    assert any("Kansrijk" in t for t in chat.bot_texts()), chat.bot_texts()
    replies = chat.say("ik ben 16 en zit in vmbo kader")
    assert replies and all(r.strip() for r in replies), replies
    chat.shot("embedded")
    errors = [
        e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]
    ]
    assert not errors, errors


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_page_headers_bundle_and_origin_check(site):
    status, headers, body = _get(f"{site}/webhooks/site/")
    assert status == 200 and "fictieve demo-school" in body.decode()
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-eval" not in csp
    status, headers, body = _get(f"{site}/webhooks/site/webchat.js")
    assert status == 200 and b"WebChat" in body and b"fonts.googleapis.com" not in body
    handshake = f"{site}/socket.io/?EIO=4&transport=polling"
    status, headers, _ = _get(handshake, {"Origin": site})
    assert status == 200
    # python-engineio answers CORS for the socket; `rasa run --cors` must not add a second header.
    assert headers.get_all("Access-Control-Allow-Origin") == [site]
    assert _get(handshake, {"Origin": "https://evil.example"})[0] == 400
