"""The responses of domain.yml, generated from the text catalogue (`texts/<language>/domain.yml`).

Rasa reads its fixed answers and questions (`utter_*`) from domain.yml; their wording lives in the catalogue like
every other text. `python -m bot.texts_domain --write` (`make texts`) rewrites the `responses:` block of domain.yml
from the catalogue and leaves every other line of the file as it is; `--check` exits 1 when domain.yml is out of
date (tests/test_texts_domain.py runs it).

In the catalogue a response is a group named after it, with `text`, optionally `buttons` (name: title, in the order
shown) and `payloads` (name: what that button sends, only where it is not the title itself). Each response gets an
English variation (slot `language` is `en`) and the Dutch text as its default. Nothing here imports Rasa.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from . import texts
from .i18n import Text
from .paths import ROOT

DOMAIN = ROOT / "domain.yml"
AREA = "domain"
PARTS = ("text", "buttons", "payloads")
WIDTH = 120  # the line width of domain.yml
NOTICE = f"# written by `make texts` from texts/*/{AREA}.yml: change the wording there"

_BLOCK_START = re.compile(r"^responses:[ \t]*(?:#.*)?$", re.M)
_TOP_LEVEL = re.compile(r"^[^\s#]", re.M)


class DomainTextError(ValueError):
    """The catalogue's domain area or domain.yml cannot be used; the message says what to fix."""


def _button(title: str, payload: str | None) -> dict[str, str]:
    return {"title": title, "payload": title if payload is None else payload}


def responses(catalogue: texts.Catalogue | None = None) -> dict[str, list[dict[str, Any]]]:
    """domain.yml's `responses:` as the catalogue words them: name -> [English variation, Dutch default]."""
    groups: dict[str, dict[str, dict[str, Text]]] = {}
    # The area's name written out: tests/test_texts.py sees every key under it as used.
    for path, found in texts.family("domain", deep=True, catalogue_=catalogue).items():
        name, _, rest = path.partition(".")
        part, _, button = rest.partition(".")
        if part not in PARTS or (part == "text") != (button == ""):
            raise DomainTextError(
                f"{AREA}.{path}: a response has `text`, and may have `buttons.<name>` and `payloads.<name>`"
            )
        groups.setdefault(name, {}).setdefault(part, {})[button] = found
    out: dict[str, list[dict[str, Any]]] = {}
    for name, parts in groups.items():
        if "" not in parts.get("text", {}):
            raise DomainTextError(f"{AREA}.{name}: the response has no `text`")
        buttons, payloads = parts.get("buttons", {}), parts.get("payloads", {})
        unknown = sorted(set(payloads) - set(buttons))
        if unknown:
            raise DomainTextError(f"{AREA}.{name}.payloads: no button named {', '.join(unknown)}")
        variations: list[dict[str, Any]] = []
        for lang in ("en", "nl"):
            variation: dict[str, Any] = {"text": parts["text"][""].get(lang)}
            if lang == "en":
                variation["condition"] = [{"type": "slot", "name": "language", "value": "en"}]
            if buttons:
                variation["buttons"] = [
                    _button(title.get(lang), payloads[b].get(lang) if b in payloads else None)
                    for b, title in buttons.items()
                ]
            variations.append(variation)
        out[name] = variations
    return out


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as in the rest of domain.yml."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def responses_block(found: dict[str, list[dict[str, Any]]]) -> str:
    """The `responses:` block as YAML, up to and including its last newline, saying where its wording lives."""
    body = yaml.dump(
        {"responses": found},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        default_flow_style=False,
    )
    return body.replace("responses:\n", f"responses:  {NOTICE}\n", 1)


def replace_block(domain: str, block: str) -> str:
    """domain.yml with its `responses:` block replaced; comments and blank lines before the next key stay."""
    start = _BLOCK_START.search(domain)
    if start is None:
        raise DomainTextError("domain.yml has no top-level `responses:` block to write the catalogue's responses into")
    following = _TOP_LEVEL.search(domain, start.end())
    end = following.start() if following else len(domain)
    lines = domain[start.start() : end].splitlines(keepends=True)
    while lines and (not lines[-1].strip() or lines[-1].startswith("#")):
        end -= len(lines.pop())
    return domain[: start.start()] + block + domain[end:]


def generate(domain: str, catalogue: texts.Catalogue | None = None) -> str:
    return replace_block(domain, responses_block(responses(catalogue)))


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bot.texts_domain --write | --check [--domain domain.yml]`."""
    parser = argparse.ArgumentParser(prog="python -m bot.texts_domain", description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite the responses of domain.yml from texts/")
    action.add_argument("--check", action="store_true", help="exit 1 when domain.yml is not what --write would write")
    parser.add_argument("--domain", type=Path, default=DOMAIN)
    args = parser.parse_args(argv)
    current = args.domain.read_text(encoding="utf-8")
    try:
        wanted = generate(current)
    except (DomainTextError, texts.CatalogueError) as exc:
        print(f"{args.domain}: {exc}", file=sys.stderr)
        return 1
    if args.check:
        if current == wanted:
            return 0
        diff = difflib.unified_diff(
            current.splitlines(keepends=True),
            wanted.splitlines(keepends=True),
            f"{args.domain} (now)",
            f"{args.domain} (from texts/*/{AREA}.yml)",
        )
        shown = "".join(list(diff)[:60])
        print(
            f"{args.domain} is out of date: its responses differ from texts/*/{AREA}.yml. "
            f"Run `make texts` (python -m bot.texts_domain --write) and commit domain.yml.\n{shown}",
            file=sys.stderr,
        )
        return 1
    if current == wanted:
        print(f"{args.domain} is up to date")
    else:
        args.domain.write_text(wanted, encoding="utf-8")
        print(f"wrote the responses of {args.domain} from texts/*/{AREA}.yml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
