"""Start-up refusals: no default secrets, no foreign model, no demo set-up in production."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot import preflight
from bot.i18n import Text
from bot.settings import EdgeSettings, Settings

DEMO = Settings(
    "Voorbeeld ROC (fictieve demo-school)",
    True,
    Text("balie", "desk"),
    EdgeSettings(allowed_origins=("http://localhost:5005",)),
)
REAL = dataclasses.replace(
    DEMO, school_name="ROC Echt", fictional=False, edge=EdgeSettings(allowed_origins=("https://www.roc-echt.nl",))
)
STRONG = "k" * 40


def english(problems: list[preflight.Problem]) -> str:
    return " ".join(p.text.en for p in problems)


def test_the_local_demo_needs_no_secrets():
    assert preflight.check({}, DEMO) == []


@pytest.mark.parametrize("secret", [None, "", "changeme", "secret", "short"])
def test_the_http_api_needs_a_real_jwt_secret(secret):
    env = {"KANSRIJK_ENABLE_API": "1", **({"KANSRIJK_JWT_SECRET": secret} if secret is not None else {})}
    assert "KANSRIJK_JWT_SECRET" in english(preflight.check(env, DEMO))


def test_a_strong_jwt_secret_is_accepted():
    assert preflight.check({"KANSRIJK_ENABLE_API": "1", "KANSRIJK_JWT_SECRET": STRONG}, DEMO) == []


def test_a_channel_with_a_missing_or_example_secret_is_refused():
    problems = preflight.check({"TWILIO_ACCOUNT_SID": "AC123", "TWILIO_AUTH_TOKEN": "changeme"}, DEMO)
    assert "TWILIO_AUTH_TOKEN" in english(problems)
    assert "TELEGRAM_SECRET_TOKEN" in english(preflight.check({"TELEGRAM_BOT_TOKEN": "123:abc"}, DEMO))


def test_production_refuses_the_demo_school_plain_http_and_no_rate_limits():
    text = english(preflight.check({"KANSRIJK_PROFILE": "production", "KANSRIJK_RATE_LIMIT": "off"}, DEMO))
    assert "fictional demo school" in text and "without https" in text and "KANSRIJK_RATE_LIMIT" in text
    assert preflight.check({"KANSRIJK_PROFILE": "production"}, REAL) == []


def test_only_the_model_this_project_trained_is_loaded(tmp_path):
    model = tmp_path / "kansrijk.tar.gz"
    assert "No model" in preflight.verify_model(model).text.en
    model.write_bytes(b"trained here")
    assert "missing" in preflight.verify_model(model).text.en
    preflight.write_model_digest(model)
    assert preflight.verify_model(model) is None
    model.write_bytes(b"swapped for another model")
    assert "hash mismatch" in preflight.verify_model(model).text.en


def test_the_command_exits_1_with_reasons_in_both_languages(tmp_path, monkeypatch, capsys):
    model = tmp_path / "kansrijk.tar.gz"
    model.write_bytes(b"m")
    monkeypatch.delenv("KANSRIJK_PROFILE", raising=False)
    assert preflight.main(["--model", str(model), "--write-digest"]) == 0
    assert preflight.main(["--model", str(model)]) == 0
    monkeypatch.setenv("KANSRIJK_ENABLE_API", "1")
    monkeypatch.delenv("KANSRIJK_JWT_SECRET", raising=False)
    assert preflight.main(["--model", str(model)]) == 1
    err = capsys.readouterr().err
    assert "KANSRIJK_JWT_SECRET ontbreekt" in err and "will not start" in err


def test_a_tracker_store_rasa_cannot_import_is_refused(tmp_path):
    """Rasa would silently keep conversations in memory instead."""
    endpoints = tmp_path / "endpoints.yml"
    assert preflight.verify_tracker_store(Path("endpoints.yml")) is None  # the project's own, which exists
    for missing in ("rasa_patches.tracker_store.NoSuchStore", "channels.no_such_module.Store", "nowhere.Store"):
        endpoints.write_text(f"tracker_store:\n  type: {missing}\n", encoding="utf-8")
        assert "memory only" in preflight.verify_tracker_store(endpoints).text.en
    endpoints.write_text("tracker_store:\n  type: SQL\n", encoding="utf-8")
    assert preflight.verify_tracker_store(endpoints) is None
