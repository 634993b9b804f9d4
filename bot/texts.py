"""The text catalogue: every sentence a user reads, by key, in one YAML file per area and language.

Wording is what a school changes first, so it lives in `texts/<language>/<area>.yml` and not in Python.
A key is `<area>.<path>`: `texts/nl/advice.yml` with `no_interest: ...` under `intro:` is `advice.intro.no_interest`.
Placeholders are Python format fields (`{name}`); every language of a key must use the same ones
(tests/test_texts.py checks that, and that no key is missing in a language or unused in the code).

Code asks for a key with `text("advice.intro.no_interest")`; a table of texts chosen at run time (one per level,
per field, ...) is read with `family("scope.field")`, so the test can see which keys are used.
"""

from __future__ import annotations

import os
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from .i18n import LANGUAGES, Text
from .paths import ROOT

TEXTS_DIR = Path(os.environ.get("KANSRIJK_TEXTS_DIR", ROOT / "texts"))


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Catalogue:
    """All texts: language -> key -> text."""

    by_language: Mapping[str, Mapping[str, str]]

    @property
    def languages(self) -> tuple[str, ...]:
        """Dutch and English first, then any added language in name order."""
        extra = sorted(lang for lang in self.by_language if lang not in LANGUAGES)
        return (*[lang for lang in LANGUAGES if lang in self.by_language], *extra)

    @cached_property
    def added(self) -> tuple[str, ...]:
        """Languages beyond Dutch and English, worked out once: every lookup needs them."""
        return self.languages[len([lang for lang in LANGUAGES if lang in self.by_language]) :]

    def keys(self) -> set[str]:
        return set().union(*(set(texts) for texts in self.by_language.values()))

    def lookup(self, key: str) -> Text:
        try:
            nl = self.by_language["nl"][key]
            en = self.by_language["en"][key]
        except KeyError:
            raise KeyError(f"text key {key!r} is missing in {TEXTS_DIR}/nl or {TEXTS_DIR}/en") from None
        others = tuple((lang, self.by_language[lang].get(key, nl)) for lang in self.added)
        return Text(nl, en, others)


def _flatten(prefix: str, node: Any, where: Path) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        for name, child in node.items():
            if not isinstance(name, str) or not name or "." in name:
                raise CatalogueError(f"{where}: key {name!r} under {prefix!r} must be a name without dots")
            yield from _flatten(f"{prefix}.{name}", child, where)
    elif isinstance(node, str):
        yield prefix, node
    else:
        raise CatalogueError(f"{where}: {prefix!r} must be text or a group of texts, not {type(node).__name__}")


def load(directory: Path | None = None) -> Catalogue:
    """Read every `<language>/<area>.yml` under the directory (default: texts/ of the project)."""
    base = directory or TEXTS_DIR
    by_language: dict[str, dict[str, str]] = {}
    for lang_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        texts: dict[str, str] = {}
        for path in sorted(lang_dir.glob("*.yml")):
            with path.open(encoding="utf-8") as handle:
                data = yaml.safe_load(handle) or {}
            if not isinstance(data, Mapping):
                raise CatalogueError(f"{path}: the file must be a group of texts")
            texts.update(_flatten(path.stem, data, path))
        by_language[lang_dir.name] = texts
    for lang in LANGUAGES:
        if lang not in by_language:
            raise CatalogueError(f"{base}: no {lang}/ folder; Dutch and English are required")
    return Catalogue(by_language)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load()


def text(key: str, **values: object) -> Text:
    """The text for a key in every language, with its placeholders filled when values are given."""
    found = catalogue().lookup(key)
    return found.format(**values) if values else found


def family(prefix: str, *, deep: bool = False, catalogue_: Catalogue | None = None) -> dict[str, Text]:
    """The texts under a group, by their name below it: `family("scope.field")["hairdresser"]`.

    `deep=True` also gives texts in subgroups (by their dotted path below the group), in the order of the Dutch file.
    """
    cat = catalogue_ or catalogue()
    start = prefix + "."
    names = [k[len(start) :] for k in cat.by_language["nl"] if k.startswith(start)]
    found = {name: cat.lookup(start + name) for name in (names if deep else sorted(names)) if deep or "." not in name}
    if not found:
        raise KeyError(f"text group {prefix!r} is empty or missing in {TEXTS_DIR}")
    return found


def each(base: Text, change: Callable[[str, str], str]) -> Text:
    """A new text from every language of ``base``: ``change(language, text)``."""
    return Text(
        change("nl", base.nl), change("en", base.en), tuple((code, change(code, body)) for code, body in base.others)
    )


def series(parts: list[str], last: str) -> str:
    """Parts in a sentence, ``last`` before the final one ("a, b of c"): one way to list for every message."""
    return ", ".join(parts[:-1]) + last + parts[-1] if len(parts) > 1 else "".join(parts)


def fill(template: Text, **values: object) -> Text:
    """The template filled language by language: a Text value is taken in the language being filled.

    `text("area.key", name=value)` puts the same value into every language; a month name, a field of work or an
    amount written the Dutch way ("€4,58") differs per language and needs this.
    """
    return each(
        template,
        lambda lang, body: body.format(**{k: v.get(lang) if isinstance(v, Text) else v for k, v in values.items()}),
    )


def placeholders(template: str) -> set[str]:
    """The format fields a text uses (`{name}` and `{name:>3}` both give `name`)."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}
