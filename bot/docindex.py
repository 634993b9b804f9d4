"""Word search over the per-qualification descriptions (BM25), to tell apart courses within one field of work.

The curated keywords say which field fits ("auto" -> the vehicle dossier); the descriptions say which of its
courses ("trucks" -> the truck technician, not the passenger car specialist). Plain BM25 with the same
stemming as the keywords.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .textmatch import tokens

K1, B = 1.2, 0.75
# Words that say nothing about a kind of work (both languages, after stemming with textmatch.stem).
STOP = frozenset(
    tokens(
        "de het een en of in op aan van voor met bij naar als je jij jou jouw je ze zij hij wij we ik mijn die dat dit "
        "deze er om te ook maar dan nog niet wel zo of want zoals bijvoorbeeld zodat door over uit tot onder tussen "
        "werk werken werkt doe doen maak maakt maken zorg zorgt zorgen graag leuk vind veel meer andere alle "
        "the a an and or in on at of for with to from as you your they he she we i my me it that this these there "
        "also but then not so like such example by about out up under between "
        "work works working do does make makes making job jobs things thing lot lots really very want wanna "
        "niveau level allround eerste medewerker specialist assistant assistent "
        "is zijn ben bent was waren ga gaat kan kunt wil wilt heb hebt heeft had jaar jaren mensen iets dingen "
        "be is are am was were been go goes can could will would have has had year years people something stuff "
        "get got much many some any when what who how where why if them their our us "
        "heel erg echt super best vaak altijd nooit soms al nu later straks eigenlijk gewoon misschien denk weet "
        "worden word wordt geworden zou zouden moet moeten mag mogen hoe wat wie waar waarom wanneer welke "
        "hun haar hem zich ons onze jullie iemand niemand elke elk ieder iedereen alles niets zelf samen "
        "very quite pretty always never sometimes already now later maybe think know become becomes became "
        "should must may might each every everyone everything nothing myself together own "
        # "gebouwd" (built, a webshop too) is no word of "in de gebouwde omgeving" (in buildings), nor are its parts
        "gebouwd gebouwde omgeving "
        # "ik zoek een opleiding": looking for a course says nothing of the work ("storingen zoeken" described the car
        # mechanic to a soldier who wished for heavy machines)
        "zoek zoekt zoeken opleiding opleidingen looking course courses "
        # "helpt opa in de schuur" (a shed) is no sanding ("in de spuitcabine schuur je": Autospuiter came first)
        "schuur"
    )
)
# Every course here is technical: a text of only these words ("iets technisch", "iets praktisch") searches no
# description (it picked the names with "Technisch" in them). Beside other words they still help (bench/relevance.py).
GENERIC = frozenset(tokens("techniek technisch technische technical technology tech praktisch praktische practical"))
MAX_SHARE = 0.1  # a word in more than this share of the descriptions tells courses apart too little


class DocIndex:
    """BM25 over one token list per document (a course); ``search`` scores all documents at once."""

    def __init__(self, docs: list[list[str]]) -> None:
        self.size = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=float)
        avg = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for term, tf in Counter(t for t in doc if t not in STOP).items():
                postings[term].append((i, tf))
        self._postings: dict[str, tuple[NDArray[Any], NDArray[Any]]] = {}
        for term, hits in postings.items():
            if len(hits) > MAX_SHARE * self.size:
                continue
            idx = np.array([i for i, _ in hits], dtype=np.int64)
            freq = np.array([t for _, t in hits], dtype=float)
            idf = math.log(1 + (self.size - len(hits) + 0.5) / (len(hits) + 0.5))
            norm = freq + K1 * (1 - B + B * lengths[idx] / avg)
            self._postings[term] = (idx, idf * freq * (K1 + 1) / norm)

    def search(self, words: list[str]) -> NDArray[Any]:
        """Score per document (the words that scored are never shown: they order courses, they claim no fit)."""
        scores = np.zeros(self.size)
        if all(w in STOP or w in GENERIC for w in words):
            return scores
        for term in dict.fromkeys(w for w in words if w not in STOP):
            found = self._postings.get(term)
            if found is not None:
                idx, weight = found
                scores[idx] += weight
        return scores


# Inside a phrase only these words say nothing: "levels bouwen" needs "level" ("level" is a STOP word above, and
# without it the phrase matched every text with "bouwen").
FUNCTION_WORDS = frozenset(
    tokens("de het een van voor met bij in op aan en of naar je the a an of for with at in on and or to your 's")
)


class PhraseIndex:
    """Per document, the phrases people use for its work (data/catalog/vocabulary/): a phrase counts when all its
    words are in the text, weighted by how few documents share it (idf), longer phrases more.

    Unlike BM25 over single words, "kabels in de grond" is no evidence for a text that only says "kabels", and a
    phrase names one occupation more than any of its words does."""

    def __init__(self, docs: list[list[str]]) -> None:
        self.size = len(docs)
        having: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for i, doc in enumerate(docs):
            for phrase in doc:
                words = tuple(dict.fromkeys(t for t in tokens(phrase) if t not in FUNCTION_WORDS))
                if words:
                    having[words].add(i)
        # each phrase is looked up by its rarest word, so a search reads only phrases that can match
        df = Counter(w for words in having for w in set(words))
        self._by_word: dict[str, list[tuple[frozenset[str], NDArray[Any], float]]] = defaultdict(list)
        for words, docs_ in having.items():
            idf = math.log(1 + self.size / len(docs_)) * (1 + 0.5 * (len(words) - 1))
            key = min(words, key=lambda w: (df[w], w))
            self._by_word[key].append((frozenset(words), np.array(sorted(docs_), dtype=np.int64), idf))

    def search(self, words: list[str]) -> NDArray[Any]:
        """Score per document: the summed weight of its phrases found in ``words`` (each phrase once)."""
        scores = np.zeros(self.size)
        present = set(words)
        for word in present:
            for phrase, idx, weight in self._by_word.get(word, ()):
                if phrase <= present:
                    scores[idx] += weight
        return scores
