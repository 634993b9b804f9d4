"""Headless Chromium (Debian's chromium + chromium-driver, driven by Selenium) against the trained bot.

They use the session's bot (`live_bot` in tests/conftest.py), whose copy of kansrijk.yml also allows its own
origin, because the demo page and the socket come from the same server. Screenshots and the axe results go to
build/artifacts/browser/.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from botkit import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "build" / "artifacts" / "browser"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORTS = {"desktop": (1280, 800, False), "phone": (375, 667, True)}


def pytest_collection_modifyitems(items):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER, AXE) if not p.exists()]
    for item in items:
        if item.get_closest_marker("browser") and missing:
            item.add_marker(pytest.mark.skip(reason=f"missing {', '.join(missing)}: run `make browser web`"))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def site(live_bot) -> str:
    """Base URL of the session's bot (tests/conftest.py), which serves the demo page and accepts its origin."""
    return live_bot.base


@pytest.fixture()
def school_page(live_bot) -> Iterator[str]:
    """A school's own page on another origin (allowed in the bot's settings) that embeds the widget with one tag."""
    page = (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Een school</title></head>'
        f"<body><main><h1>Een school (andere origin)</h1></main>"
        f'<script src="{live_bot.base}/webhooks/site/kansrijk-widget.js" data-color="#7a1f5c" defer></script>'
        f"</body></html>"
    ).encode()
    live_bot.guest.page = page
    try:
        yield f"http://127.0.0.1:{live_bot.guest_port}/"
    finally:
        live_bot.guest.page = b""


@pytest.fixture()
def chromium() -> Iterator[Callable[[str], object]]:
    """A factory: chromium("desktop" | "phone") gives a fresh headless browser with that exact viewport."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers, profiles = [], []

    def make(viewport: str):
        width, height, mobile = VIEWPORTS[viewport]
        profile = tempfile.mkdtemp(prefix="kansrijk-chromium-")
        profiles.append(profile)
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)  # with the driver path below, Selenium Manager never runs
        for flag in CHROMIUM_FLAGS + [f"--user-data-dir={profile}", f"--window-size={width},{height + 200}"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        drivers.append(driver)
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )
        if mobile:
            driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        driver.set_page_load_timeout(60)
        return driver

    yield make
    for driver in drivers:
        try:
            driver.quit()
        except Exception:  # a browser that already died must not hide the test's own result
            pass
    for profile in profiles:
        shutil.rmtree(profile, ignore_errors=True)
    time.sleep(0.2)


def run_axe(driver: object) -> dict:
    """axe-core's violations on the page the driver shows (axe is injected from web/node_modules, no network)."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    result = driver.execute_async_script(  # type: ignore[attr-defined]
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(r); })"
        "  .catch(function (e) { done({error: String(e)}); });"
    )
    assert "error" not in result, result
    return result


def csp_errors(driver: object) -> list[str]:
    """What the browser logged about the Content-Security-Policy blocking something."""
    return [
        e["message"]
        for e in driver.get_log("browser")  # type: ignore[attr-defined]
        if "Content Security Policy" in e["message"]
    ]
