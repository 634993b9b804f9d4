"""JSON and YAML readers that remember the line of every object, so import errors can point at the bad record."""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import IO, Any

import yaml

from .errors import CatalogImportError

_WS = re.compile(r"[ \t\n\r]*")
_SCALARS = json.JSONDecoder()


class LocatedDict(dict):  # type: ignore[type-arg]
    line: int = 0


class SyntaxProblem(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}")


def loads_json(text: str) -> Any:
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(newlines, pos - 1) + 1

    def skip(pos: int) -> int:
        return _WS.match(text, pos).end()  # type: ignore[union-attr]

    def expect(pos: int, char: str) -> int:
        if text[pos : pos + 1] != char:
            found = text[pos : pos + 1] or "end of file"
            raise SyntaxProblem(line_of(pos), f"expected {char!r}, found {found!r}")
        return pos + 1

    def value(pos: int) -> tuple[Any, int]:
        pos = skip(pos)
        char = text[pos : pos + 1]
        if char == "{":
            obj = LocatedDict()
            obj.line = line_of(pos)
            pos = skip(pos + 1)
            if text[pos : pos + 1] == "}":
                return obj, pos + 1
            while True:
                pos = skip(pos)
                if text[pos : pos + 1] != '"':
                    raise SyntaxProblem(line_of(pos), "expected a quoted key")
                key, pos = _SCALARS.raw_decode(text, pos)
                pos = expect(skip(pos), ":")
                obj[key], pos = value(pos)
                pos = skip(pos)
                if text[pos : pos + 1] == ",":
                    pos += 1
                    continue
                return obj, expect(pos, "}")
        if char == "[":
            items: list[Any] = []
            pos = skip(pos + 1)
            if text[pos : pos + 1] == "]":
                return items, pos + 1
            while True:
                item, pos = value(pos)
                items.append(item)
                pos = skip(pos)
                if text[pos : pos + 1] == ",":
                    pos += 1
                    continue
                return items, expect(pos, "]")
        try:
            return _SCALARS.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise SyntaxProblem(line_of(pos), exc.msg) from None

    result, end = value(0)
    end = skip(end)
    if end != len(text):
        raise SyntaxProblem(line_of(end), "unexpected data after the end")
    return result


class _LocatedYamlLoader(yaml.SafeLoader):
    pass


def _construct_located_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LocatedDict:
    obj = LocatedDict(loader.construct_mapping(node, deep=True))
    obj.line = node.start_mark.line + 1
    return obj


_LocatedYamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_located_mapping)


def load_yaml(text: str) -> Any:
    """Parse YAML; mappings come back as LocatedDict with their line. Raises SyntaxProblem-like errors."""
    try:
        return yaml.load(text, Loader=_LocatedYamlLoader)  # SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SyntaxProblem((mark.line + 1) if mark else 1, str(exc.problem or exc)) from None


def read_source(path: Path, kind: str) -> Any:
    """Read a JSON or YAML source file; any problem becomes a CatalogImportError with file and line."""
    try:
        text = path.read_text(encoding="utf-8")
        return loads_json(text) if kind == "JSON" else load_yaml(text)
    except OSError as exc:
        raise CatalogImportError(path, None, f"cannot read file: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise CatalogImportError(path, None, f"not UTF-8 text: {exc}") from exc
    except SyntaxProblem as exc:
        raise CatalogImportError(path, exc.line, f"invalid {kind}: {exc.reason}") from exc


def open_csv(path: Path) -> IO[str]:
    try:
        return path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise CatalogImportError(path, None, f"cannot read file: {exc}") from exc
