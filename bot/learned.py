"""What the advice learns from graded example texts (bot/catalog/examples.py): which courses a decaan names beside
each other, and which courses were named for texts like the one typed.

Curated keywords find the first course well (about four times in five); the places after it were filled by word
similarity, which lifted courses of another field that share a word ("-zetter": glaziers after the tilers). Both
signals here come from people's grades, not from words of the course texts. bench/relevance.py measures each
development set with examples that leave that set out, and the blind sets never feed them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .catalog.examples import Example
from .docindex import DocIndex
from .textmatch import tokens

ALSO_NAMED = 0.6  # a neighbour graded 1 beside the described work, against 1 for another graded 2
SMOOTHING = 1.0  # cases added to each count: one case alone gives at most 0.5
SIMILAR = 5  # example texts whose grades a text takes over


def neighbours(examples: Sequence[Example], index: dict[str, int]) -> NDArray[np.float64]:
    """Course x course (rows and columns as ``index``): for the texts where the first is the described work (2),
    how often the other is named too (1 when also 2, ``ALSO_NAMED`` when 1), per such text plus ``SMOOTHING``; the
    larger of the two directions. A course no text describes has a row of zeros."""
    size = len(index)
    counts = np.zeros(size)
    named = np.zeros((size, size))
    for example in examples:
        graded = [(index[c], g) for c, g in example.grades.items() if c in index]
        for first, grade in graded:
            if grade < 2:
                continue
            counts[first] += 1
            for other, g in graded:
                if other != first:
                    named[first, other] += 1.0 if g >= 2 else ALSO_NAMED
    weight = named / (counts[:, None] + SMOOTHING)
    result: NDArray[np.float64] = np.maximum(weight, weight.T)
    return result


class ExampleIndex:
    """BM25 over the example texts; for a new text, the grades of its most similar examples, weighted by how
    similar they are (a k-nearest-neighbour vote), scaled to the best course (0-1)."""

    def __init__(self, examples: Sequence[Example], index: dict[str, int]) -> None:
        self._texts = DocIndex([tokens(e.text) for e in examples])
        self._gains = np.zeros((len(examples), len(index)))
        for row, example in enumerate(examples):
            for crebo, grade in example.grades.items():
                if crebo in index:
                    self._gains[row, index[crebo]] = (2**grade - 1) / 3  # as NDCG counts a grade: 1 for 2, 1/3 for 1
        self._size = len(index)

    def score(self, words: list[str]) -> NDArray[np.float64]:
        similarity = self._texts.search(words) if self._texts.size else np.zeros(0)
        if not similarity.any():
            return np.zeros(self._size)
        nearest = np.argsort(-similarity, kind="stable")[:SIMILAR]
        votes: NDArray[np.float64] = (similarity[nearest] / similarity[nearest[0]]) @ self._gains[nearest]
        best = float(votes.max(initial=0.0))
        return votes / best if best > 0 else votes
