"""Free-text interest matching for Dutch and English: normalising, light stemming, compounds and typos.

Kept deliberately simple and predictable: a counsellor must be able to see which words matched.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("tjes", "jes", "tje", "je", "en", "es", "s", "e")
MIN_COMPOUND = 5   # a keyword at least this long may match the start or end of a longer word
MIN_FUZZY = 5      # only words this long are corrected for typos


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return text.replace("'", "")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 if suffix == "s" else 4):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    return [stem(t) for t in _TOKEN.findall(fold(text))]


@dataclass(frozen=True)
class Match:
    key: str          # the profile the keyword belongs to
    keyword: str      # the keyword as curated (shown to the user)
    weight: float


class KeywordIndex:
    """Maps stemmed keywords (single words and short phrases) to the profiles that list them."""

    def __init__(self, entries: list[tuple[str, str, str]]) -> None:
        """``entries``: (profile key, group, keyword); a group is a field of work (a dossier)."""
        by_stem: dict[tuple[str, ...], set[str]] = defaultdict(set)
        groups: dict[tuple[str, ...], set[str]] = defaultdict(set)
        shown: dict[tuple[str, ...], str] = {}
        for key, group, keyword in entries:
            stems = tuple(tokens(keyword))
            if stems:
                by_stem[stems].add(key)
                groups[stems].add(group)
                shown.setdefault(stems, keyword)
        self._phrases: dict[tuple[str, ...], list[Match]] = {}
        for stems, keys in by_stem.items():
            weight = 1.0 / math.log2(1 + len(groups[stems]))  # a word that fits many fields of work says less
            self._phrases[stems] = [Match(k, shown[stems], weight) for k in sorted(keys)]
        self._single = sorted(s[0] for s in self._phrases if len(s) == 1)
        self._single_set = frozenset(self._single)
        self._long = [s for s in self._single if len(s) >= MIN_COMPOUND]
        self._max_len = max((len(s) for s in self._phrases), default=1)

    def match(self, text: str) -> list[Match]:
        words = tokens(text)
        found: dict[tuple[str, ...], list[Match]] = {}
        for n in range(self._max_len, 1, -1):
            for i in range(len(words) - n + 1):
                phrase = tuple(words[i:i + n])
                if phrase in self._phrases:
                    found[phrase] = self._phrases[phrase]
        for word in words:
            for single in self._lookup_word(word):
                found[(single,)] = self._phrases[(single,)]
        return [m for matches in found.values() for m in matches]

    @lru_cache(maxsize=65536)  # noqa: B019 - the index lives as long as the catalogue
    def _lookup_word(self, word: str) -> tuple[str, ...]:
        if word in self._single_set:
            return (word,)
        if len(word) > MIN_COMPOUND:
            parts = tuple(k for k in self._long if word != k and (word.startswith(k) or word.endswith(k)))
            if parts:
                return parts
        if len(word) >= MIN_FUZZY:
            return tuple(difflib.get_close_matches(word, self._single, n=1, cutoff=0.85))
        return ()
