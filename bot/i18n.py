"""Bilingual text: everything a user reads exists in Dutch and English (and in any language added to texts/)."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Text:
    """One text in every language; `others` holds languages beyond Dutch and English, as (code, text) pairs."""

    nl: str
    en: str
    others: tuple[tuple[str, str], ...] = ()

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en
        for code, value in self.others:
            if code == lang:
                return value
        return self.nl

    def is_one_of(self, said: str) -> bool:
        """Whether ``said`` is this text in any language (the language may change between turns)."""
        return said in (self.nl, self.en, *(value for _, value in self.others))

    def format(self, **kwargs: object) -> Text:
        return Text(
            self.nl.format(**kwargs),
            self.en.format(**kwargs),
            tuple((code, value.format(**kwargs)) for code, value in self.others),
        )

    def as_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en, **dict(self.others)}


def normalise_language(value: str | None) -> str:
    """Anything that is not clearly English is answered in Dutch (Dutch first)."""
    if value and value.strip().lower()[:2] == "en":
        return "en"
    return "nl"
