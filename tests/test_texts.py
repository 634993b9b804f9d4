"""The text catalogue (texts/): complete in every language, same placeholders, every key used, none hard-coded."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from botkit import ROOT

from bot import texts
from bot.i18n import Text

CAT = texts.load()
NL = CAT.by_language["nl"]

# Where user-facing text may be asked for by key.
PY_DIRS = ("bot", "actions", "channels", "rasa_patches", "scripts")
OTHER_SOURCES = ("web/counsellor/*.html", "web/*.js")
PY_FILES = sorted(p for d in PY_DIRS for p in (ROOT / d).rglob("*.py"))
OTHER_FILES = sorted(p for pattern in OTHER_SOURCES for p in ROOT.glob(pattern))

# A quoted dotted name: how code, templates and scripts refer to a key or a group of keys.
QUOTED = re.compile(r"""["']([a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+)["']""")
KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+")
FAMILY = re.compile(r"""\bfamily\(\s*["']([a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)*)["']""")


def _sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in [*PY_FILES, *OTHER_FILES])


def test_every_language_has_every_key() -> None:
    keys = CAT.keys()
    for lang, found in CAT.by_language.items():
        missing = sorted(keys - set(found))
        assert not missing, f"texts/{lang}/ lacks {missing[:20]}"


def test_placeholders_match_between_languages() -> None:
    wrong = []
    for key, dutch in NL.items():
        want = texts.placeholders(dutch)
        for lang, found in CAT.by_language.items():
            got = texts.placeholders(found.get(key, dutch))
            if got != want:
                wrong.append(f"{key}: nl {sorted(want)} but {lang} {sorted(got)}")
    assert not wrong, "\n".join(wrong)


def test_no_text_is_empty() -> None:
    empty = [f"{lang}: {key}" for lang, found in CAT.by_language.items() for key, v in found.items() if not v.strip()]
    assert not empty, empty


def test_every_key_is_used() -> None:
    sources = _sources()
    used = set(QUOTED.findall(sources))
    groups = set(FAMILY.findall(sources))
    unused = sorted(key for key in CAT.keys() if key not in used and not any(key.startswith(g + ".") for g in groups))
    assert not unused, f"{len(unused)} keys are not used anywhere: {unused[:30]}"


def _literal_calls(path: Path, names: set[str]) -> list[tuple[int, str, ast.Call]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in names:
                found.append((node.lineno, name, node))
    return found


def test_every_key_asked_for_exists() -> None:
    missing = []
    for path in PY_FILES:
        for line, name, call in _literal_calls(path, {"text", "family"}):
            if not call.args or not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[0].value, str):
                continue
            key = call.args[0].value
            if not KEY.fullmatch(key):
                continue  # not a catalogue call (sqlalchemy's text("SELECT ..."), say)
            if name == "text" and key not in NL:
                missing.append(f"{path.relative_to(ROOT)}:{line} {key}")
            if name == "family" and not any(k.startswith(key + ".") for k in NL):
                missing.append(f"{path.relative_to(ROOT)}:{line} {key}.*")
    for path in OTHER_FILES:
        body = path.read_text(encoding="utf-8")
        for match in re.finditer(r"""\bt\(\s*["']([^"']+)["']\s*\)""", body):
            if match.group(1) not in NL:
                missing.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert not missing, missing


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_bilingual_literal_in_code(path: Path) -> None:
    """Text("nl", "en") written in code is wording a school cannot change: it belongs in texts/."""
    if path.name == "i18n.py":
        return
    literal = [
        line
        for line, _, call in _literal_calls(path, {"Text", "_t"})
        if any(isinstance(arg, (ast.Constant, ast.JoinedStr)) for arg in call.args)
    ]
    assert not literal, f"{path.relative_to(ROOT)}: Text(...) with literal wording on lines {literal}"


@pytest.mark.parametrize("path", OTHER_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_bilingual_literal_in_templates(path: Path) -> None:
    two_args = re.findall(r"""\bt\(\s*["'][^"']*["']\s*,\s*["']""", path.read_text(encoding="utf-8"))
    assert not two_args, f"{path.relative_to(ROOT)}: t('nl', 'en') wording belongs in texts/"


def test_text_fills_placeholders_in_every_language(tmp_path: Path) -> None:
    for lang, body in (("nl", "hallo {name}"), ("en", "hello {name}"), ("de", "hallo {name}!")):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "greet.yml").write_text(f"hi: '{body}'\n", encoding="utf-8")
    cat = texts.load(tmp_path)
    assert cat.languages == ("nl", "en", "de")
    filled = cat.lookup("greet.hi").format(name="Sam")
    assert (filled.get("nl"), filled.get("en"), filled.get("de"), filled.get("fr")) == (
        "hallo Sam",
        "hello Sam",
        "hallo Sam!",
        "hallo Sam",
    )


def test_catalogue_errors_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "a.yml").write_text("x: 'een'\n", encoding="utf-8")
    with pytest.raises(texts.CatalogueError, match="en/"):
        texts.load(tmp_path)
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.yml").write_text("x: [1, 2]\n", encoding="utf-8")
    with pytest.raises(texts.CatalogueError, match=r"a\.yml.*'a\.x'"):
        texts.load(tmp_path)


def test_missing_key_says_where_to_add_it() -> None:
    with pytest.raises(KeyError, match="texts"):
        texts.text("no_such_area.no_such_key")
    assert isinstance(texts.text(next(iter(NL))), Text)


def test_fill_takes_each_value_in_the_language_it_fills(tmp_path: Path) -> None:
    for lang, body in (("nl", "start in {month}"), ("en", "starts in {month}"), ("de", "Beginn im {month}")):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "a.yml").write_text(f"start: '{body}'\n", encoding="utf-8")
    month = Text("februari", "February", (("de", "Februar"),))
    filled = texts.fill(texts.load(tmp_path).lookup("a.start"), month=month)
    assert filled.as_dict() == {"nl": "start in februari", "en": "starts in February", "de": "Beginn im Februar"}


def test_deep_family_keeps_file_order() -> None:
    deep = texts.family("domain", deep=True)
    assert list(deep) == [k[len("domain.") :] for k in NL if k.startswith("domain.")]
    assert all("." in name for name in deep)


def test_a_text_said_in_either_language_is_recognised():
    """The intake reads its own previous turn ("Dank je, dat heb ik genoteerd."): the language may have changed."""
    noted = texts.text("actions.intake.noted")
    assert noted.is_one_of(noted.nl) and noted.is_one_of(noted.en)
    assert not noted.is_one_of(noted.nl + " ")
