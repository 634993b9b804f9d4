import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from botkit import ROOT, GuestSite, LiveBot, free_port, running_bot, write_settings
from fake_providers import FakeProviders

from bot.catalog import build as catalog_build
from bot.catalog import store
from bot.paths import DATA_DIR

TODAY = dt.date(2026, 11, 28)

# A tiny gazetteer for importer tests (the real one is GeoNames; it takes seconds to load).
FAKE_PLACES = [
    {"place_id": 1, "name": "Eindhoven", "lat": 51.44, "lon": 5.48, "population": 230000, "aliases": []},
    {
        "place_id": 2,
        "name": "'s-Hertogenbosch",
        "lat": 51.70,
        "lon": 5.30,
        "population": 150000,
        "aliases": ["Den Bosch"],
    },
    {"place_id": 3, "name": "Zwolle", "lat": 52.51, "lon": 6.09, "population": 130000, "aliases": []},
    {"place_id": 4, "name": "Rotterdam", "lat": 51.92, "lon": 4.48, "population": 600000, "aliases": []},
    {"place_id": 5, "name": "Groningen", "lat": 53.22, "lon": 6.57, "population": 230000, "aliases": []},
    {"place_id": 6, "name": "Utrecht", "lat": 52.09, "lon": 5.12, "population": 360000, "aliases": []},
    {"place_id": 7, "name": "Amersfoort", "lat": 52.16, "lon": 5.39, "population": 150000, "aliases": []},
]


@pytest.fixture(scope="session")
def catalog_path(tmp_path_factory) -> Path:
    """The real catalogue (real sources, real gazetteer), built once per test session."""
    db = tmp_path_factory.mktemp("catalog") / "catalog.db"
    catalog_build.build(catalog_build.Sources(DATA_DIR), db)
    return db


@pytest.fixture(scope="session")
def catalog(catalog_path) -> store.Catalog:
    return store.Catalog(catalog_path)


@pytest.fixture(scope="session")
def providers() -> FakeProviders:
    """A local fake of Twilio's Messages API and Telegram's Bot API, recording what the bot sends."""
    with FakeProviders() as fake:
        yield fake


@pytest.fixture(scope="session")
def live_bot(tmp_path_factory, catalog_path, providers) -> LiveBot:
    """The trained bot and its action server, started once for all end-to-end tests (it takes minutes on
    two cores): REST, WhatsApp and Telegram switched on with their API calls going to `providers`, and the web
    chat, which accepts its own demo page and a page on `guest_port` (a school's site), with `--cors` as
    scripts/serve.sh sets it."""
    workdir = tmp_path_factory.mktemp("bot")
    guest_site = GuestSite()
    port, guest = free_port(), guest_site.port
    shipped = yaml.safe_load((ROOT / "kansrijk.yml").read_text(encoding="utf-8"))["edge"]["allowed_origins"]
    origins = [f"http://127.0.0.1:{port}", f"http://127.0.0.1:{guest}"]
    # Every test request comes from 127.0.0.1: the per-client limit (for a school network behind one address)
    # is raised so tests never meet it; the per-sender limits stay (tests/fuzz/test_rest.py checks them live).
    settings = write_settings(
        workdir / "kansrijk.yml",
        client_per_minute=1_000_000,
        client_burst=1_000_000,
        login_per_minute=1_000_000,
        login_burst=1_000_000,
        allowed_origins=[*shipped, *origins],
    )
    env = {**providers.bot_env(), "KANSRIJK_SETTINGS": str(settings)}
    try:
        with running_bot(workdir, catalog_path, env, rasa_port=port, cors=origins) as base:
            yield LiveBot(base, workdir, providers, guest=guest_site)
    except RuntimeError as err:
        pytest.fail(f"{err} (logs in {workdir})")
    finally:
        guest_site.close()


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A writable copy of data/catalog for tests that break a source file."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def fake_gazetteer():
    return [dict(p) for p in FAKE_PLACES]


@pytest.fixture(params=["on", "off"])
def patches_on(request) -> bool:
    """Runs a test twice: with every Rasa patch installed, and with all switched off (Rasa's own code paths, as
    `KANSRIJK_RASA_PATCHES=off` starts the server). Afterwards Rasa is as it was before the test."""
    import rasa_patches

    with rasa_patches.patched(request.param):
        yield request.param == "on"
