"""Import failures that say which file, which line and why, so a data owner can fix the source."""

from __future__ import annotations

from pathlib import Path


class CatalogImportError(Exception):
    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")
