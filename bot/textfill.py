"""Texts filled language by language, for placeholders whose value is itself a text in every language.

`text("area.key", name=value)` puts the same value into every language. A value such as a month name, a field
of work or an amount written the Dutch way ("€4,58") differs per language: `fill(template, month=month_text)`
gives each language of the template the value in that same language.
"""

from __future__ import annotations

from collections.abc import Callable

from .i18n import Text


def each(base: Text, change: Callable[[str, str], str]) -> Text:
    """A new text from every language of ``base``: ``change(language, text)``."""
    return Text(
        change("nl", base.nl), change("en", base.en), tuple((code, change(code, body)) for code, body in base.others)
    )


def fill(template: Text, **values: object) -> Text:
    """The template with its placeholders filled; a Text value is taken in the language being filled."""
    return each(
        template,
        lambda lang, body: body.format(**{k: v.get(lang) if isinstance(v, Text) else v for k, v in values.items()}),
    )
