"""Bilingual text: everything a user reads exists in Dutch and English."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def format(self, **kwargs: object) -> Text:
        return Text(self.nl.format(**kwargs), self.en.format(**kwargs))

    def as_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


def normalise_language(value: str | None) -> str:
    """Anything that is not clearly English is answered in Dutch (Dutch first)."""
    if value and value.strip().lower()[:2] == "en":
        return "en"
    return "nl"
