"""One message normalised once into the shapes the field patterns read, and word-level helpers over it.

Every pattern runs over ``Message.norm``: ASCII, lower case, one space around every word and " | " at clause
breaks, so a pattern needs no care for accents, punctuation or spacing and can anchor on a literal space.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 1000  # longer messages are cut: nobody states their profile after the first 1,000 characters

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u2013": "-", "\u2014": "-"})
_DOTTED = [
    (re.compile(p), r)
    for p, r in (
        (r"\bb\.\s?b\.\s?l\b\.?", "bbl"),
        (r"\bb\.\s?o\.\s?l\b\.?", "bol"),
        (r"\bz\.\s?s\.\s?m\b\.?", "zsm"),
        (r"\ba\.\s?s\.\s?a\.\s?p\b\.?", "asap"),
        (r"\bt/m\b", "tot en met"),
    )
]
# After folding to ASCII: clause punctuation becomes " | ", anything else that is not part of a word a space.
_NORM_TABLE = {
    i: (c if c.isdigit() or "a" <= c <= "z" or c in "&'" else " | " if c in '.,;:!?\n()[]{}"|' else " ")
    for i, c in ((i, chr(i)) for i in range(128))
}


def strip_accents(text: str) -> str:
    """ASCII without accents, case kept: patterns and word lists are written without accents."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def fold(text: str) -> str:
    """Lower case without accents, for patterns over a whole message ("Syrië" -> "syrie")."""
    return strip_accents(text.lower())


@dataclass
class Message:
    """One message in the three shapes the patterns need (built once per call)."""

    clean: str  # original case, control characters removed, whitespace collapsed
    low: str  # lower case, accents and punctuation kept (for quoting interests)
    norm: str  # " ascii words | clause | ... " with single spaces and padding
    words: list[str]  # tokens of norm, "|" marks clause breaks
    requested: str | None

    @classmethod
    def of(cls, text: object, requested: str | None) -> Message:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        text = text[:MAX_CHARS]
        text = unicodedata.normalize("NFKC", text)[:MAX_CHARS].translate(QUOTES)  # NFKC can expand ligatures
        text = _CONTROL.sub(" ", text)
        clean = " ".join(text.split())
        low = clean.lower()
        norm = " . ".join(" ".join(line.split()) for line in text.lower().splitlines())
        if "." in norm or "/" in norm:
            for pattern, repl in _DOTTED:
                norm = pattern.sub(repl, norm)
        norm = " " + " ".join(strip_accents(norm).translate(_NORM_TABLE).split()) + " "
        req = requested if isinstance(requested, str) else None
        return cls(clean, low, norm, norm.split(), req)

    def asked(self, slot: str) -> bool:
        """The bot just asked for this field, so a short answer may be taken for it."""
        return self.requested == slot


def word_rx(pattern: str) -> re.Pattern[str]:
    """Compile a pattern that only matches whole words of the normalised text.

    The normalised text has exactly one space around every word, so the match includes the space before it:
    a literal first character lets the regex engine skip ahead (3x faster than a look-behind).
    Use ``matched(m)`` for the matched text.
    """
    return re.compile(" (?:" + pattern + ")(?= )")


def matched(m: re.Match[str]) -> str:
    """The words a ``word_rx`` pattern matched, without the leading space it also matches."""
    return m.group(0).strip()


def name_pattern(words: str) -> str:
    """A multi-word name whose words may be separated by commas ('|' after normalising)."""
    return words.replace(" ", r"[ |]+")


def words_before(norm: str, start: int, n: int = 4) -> list[str]:
    """Up to n words before a position, stopping at a clause break or 'maar'/'but'."""
    out: list[str] = []
    for w in reversed(norm[:start].split()):
        if w in ("|", "maar", "but") or len(out) >= n:
            break
        out.append(w)
    return out[::-1]


def words_after(norm: str, end: int, n: int = 5) -> list[str]:
    """Up to n words after a position, stopping at a clause break or a new clause ('maar', 'en ik')."""
    out: list[str] = []
    words = norm[end:].split()
    for i, w in enumerate(words):
        if w in ("|", "maar", "but", "want", "omdat", "because") or len(out) >= n:
            break
        if w in ("en", "and") and i + 1 < len(words) and words[i + 1] in ("ik", "i"):
            break
        out.append(w)
    return out


def clauses(norm: str, limit: int = 30) -> list[str]:
    """The first clauses of the message, each padded with spaces like the whole."""
    return [" " + c.strip() + " " for c in norm.split("|", limit)[:limit] if c.strip()]
