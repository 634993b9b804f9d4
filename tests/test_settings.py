"""kansrijk.yml: what an operator can get wrong is refused with a clear reason."""

from __future__ import annotations

import pytest

from bot import settings


def load(tmp_path, text: str) -> settings.Settings:
    path = tmp_path / "kansrijk.yml"
    path.write_text(text, encoding="utf-8")
    settings.load.cache_clear()
    try:
        return settings.load(str(path))
    finally:
        settings.load.cache_clear()


def test_the_shipped_file_loads_with_exact_local_origins():
    s = settings.load()
    assert s.fictional and s.retention_days == 30 and s.edge.max_message_chars == 1000
    assert s.edge.allowed_origins == ("http://127.0.0.1:5005", "http://localhost:5005")


@pytest.mark.parametrize("origin", ["https://*.school.nl", "school.nl", "https://school\\.nl", "https://school.nl?"])
def test_origin_patterns_are_refused(tmp_path, origin):
    with pytest.raises(ValueError, match="exact origins"):
        load(tmp_path, f"edge:\n  allowed_origins: ['{origin}']\n")


def test_limits_must_be_positive_and_missing_sections_take_defaults(tmp_path):
    with pytest.raises(ValueError, match="max_message_chars"):
        load(tmp_path, "edge:\n  max_message_chars: 0\n")
    s = load(tmp_path, "school:\n  name: ROC Echt\n")
    assert s.edge == settings.EdgeSettings() and s.retention_days == 30
