"""domain.yml's responses come from the text catalogue (texts/<language>/domain.yml) through bot/texts_domain.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from botkit import ROOT

from bot import texts, texts_domain

DOMAIN = ROOT / "domain.yml"


def test_domain_yml_says_what_the_catalogue_says() -> None:
    current = DOMAIN.read_text(encoding="utf-8")
    assert texts_domain.generate(current) == current, (
        "domain.yml differs from texts/*/domain.yml: run `make texts` (python -m bot.texts_domain --write)"
    )


def test_every_response_has_an_english_variation_and_a_dutch_default() -> None:
    found = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    cat = texts.catalogue()
    for name, (english, dutch) in found.items():
        assert english["condition"] == [{"type": "slot", "name": "language", "value": "en"}]
        assert "condition" not in dutch
        assert (dutch["text"], english["text"]) == (
            cat.lookup(f"domain.{name}.text").nl,
            cat.lookup(f"domain.{name}.text").en,
        )
        assert len(english.get("buttons", [])) == len(dutch.get("buttons", []))


def test_check_fails_on_an_edited_domain_and_write_repairs_only_the_responses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    domain = tmp_path / "domain.yml"
    original = DOMAIN.read_text(encoding="utf-8")
    edited = original.replace("Hoe oud ben je?", "Hoe oud ben jij?").replace("\nactions:", "\n# kept\nactions:")
    domain.write_text(edited, encoding="utf-8")
    assert texts_domain.main(["--check", "--domain", str(domain)]) == 1
    err = capsys.readouterr().err
    assert "out of date" in err and "make texts" in err and "-    - text: Hoe oud ben jij?" in err
    assert texts_domain.main(["--write", "--domain", str(domain)]) == 0
    assert domain.read_text(encoding="utf-8") == original.replace("\nactions:", "\n# kept\nactions:")
    assert texts_domain.main(["--check", "--domain", str(domain)]) == 0


def _catalogue(tmp_path: Path, nl: str, en: str) -> texts.Catalogue:
    for lang, body in (("nl", nl), ("en", en)):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "domain.yml").write_text(body, encoding="utf-8")
    return texts.load(tmp_path)


def test_a_button_sends_its_title_unless_a_payload_is_given(tmp_path: Path) -> None:
    cat = _catalogue(
        tmp_path,
        "utter_more:\n  text: Nog iets?\n  buttons:\n    more: meer over 1\n    bbl: wat is bbl?\n"
        "  payloads:\n    more: vertel meer over 1\n",
        "utter_more:\n  text: Anything else?\n  buttons:\n    more: more about 1\n    bbl: what is bbl?\n"
        "  payloads:\n    more: tell me more about 1\n",
    )
    assert texts_domain.responses(cat) == {
        "utter_more": [
            {
                "text": "Anything else?",
                "condition": [{"type": "slot", "name": "language", "value": "en"}],
                "buttons": [
                    {"title": "more about 1", "payload": "tell me more about 1"},
                    {"title": "what is bbl?", "payload": "what is bbl?"},
                ],
            },
            {
                "text": "Nog iets?",
                "buttons": [
                    {"title": "meer over 1", "payload": "vertel meer over 1"},
                    {"title": "wat is bbl?", "payload": "wat is bbl?"},
                ],
            },
        ]
    }


@pytest.mark.parametrize(
    "body",
    [
        "utter_x:\n  buttons:\n    a: b\n",  # no text
        "utter_x:\n  text: t\n  payloads:\n    a: b\n",  # a payload for no button
        "utter_x:\n  text: t\n  image: i\n",  # not a part of a response
    ],
)
def test_a_malformed_response_is_named(tmp_path: Path, body: str) -> None:
    cat = _catalogue(tmp_path, body, body)
    with pytest.raises(texts_domain.DomainTextError, match="domain.utter_x"):
        texts_domain.responses(cat)


def test_a_domain_without_responses_is_refused() -> None:
    with pytest.raises(texts_domain.DomainTextError, match="responses"):
        texts_domain.replace_block("version: '3.1'\nintents:\n  - greet\n", "responses: {}\n")
