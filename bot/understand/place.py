"""Place: where the person lives, found by trying short spans after place cues against a resolver.

The resolver may be fuzzy, so only spans after "in"/"uit"/"near" (or the start of an answer to "where?") are
tried, never every word, and the number of look-ups per message is bounded.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterable

from .message import Message, strip_accents
from .vocab import is_dont_know_msg, is_question_msg

log = logging.getLogger(__package__)  # "bot.understand": one logger for the whole package

MAX_PLACE_LOOKUPS = 24  # resolve_place may be a fuzzy search (milliseconds each); bound the calls per message
MAX_PLACE_TOKENS = 30  # place names are looked for in the first words of a message only
MAX_PLACE_CUES = 12  # otherwise only the words after the first dozen "in"/"bij"/"near" are tried

_PLACE_TOKEN = re.compile(r"'?[^\W_][\w'\-]*")
_PLACE_CUES = frozenset(
    "in uit bij near from woon woonachtig wonen live living lives dichtbij omgeving regio "
    "around nabij rond vlakbij close moved verhuisd".split()
)
_PLACE_SKIP = frozenset(
    "de het the buurt van omgeving area regio gemeente stad city town centrum close to in op "
    "te a naar ergens somewhere uh uhm eh ehm nou".split()
)
# Words that are never (the start or end of) a place name; they also keep a fuzzy resolver from guessing.
# Towns whose name is also an everyday word ("Best": phones capitalise "best" too): only with "in", "bij", ...
_TOWNS_THAT_ARE_WORDS = frozenset(
    "best echt born beek lent mill putten goor ven haren goes made buren rijen wijk son hem".split()
)
_NOT_PLACE = frozenset(
    """
ik je jij u we wij zij hij het de een en of in op te bij uit van naar met voor aan om tot door over onder near from
the a an and or to at i i'm im my mijn woon wonen woont live living lives is ben zit heb wil weet niet geen wel nog
al ook maar dus want ja nee yes no ok oke okay buurt omgeving area regio city stad dorp town village centrum zuid
noord oost west dichtbij close around ergens daar hier there here toch hoor eigenlijk gewoon echt dat dit die wat
waar where what graag please thanks bedankt maakt niks niets nothing idk sorry haha lol vmbo mbo havo vwo kader
basis bbl bol school werk work leren learn opleiding jaar years old oud ben am was buiten gemeente provincie
januari februari maart april mei juni juli augustus september oktober november december january february march
may june july august october een beetje nederlands dutch engels english moment nu now meteen direct zo snel
mogelijk magazijn warehouse fabriek factory bouw techniek monteur mens mensen echte agent hollands change
redo bestel gooi werkend welder neen aub pls weg hey heyy heya hiya hoi hallo thank meer kosten verdien
""".split()
)
_WORDS = _TOWNS_THAT_ARE_WORDS | _NOT_PLACE


def _is_word(value: str) -> bool:
    """A town's name that is also an everyday word ("echt", "best"), or a word that is never a place."""
    words = strip_accents(value.lower()).split()
    return len(words) == 1 and words[0] in _WORDS


_CLAUSES = re.compile(r"[,.;!?]")
MAX_PLACE_CLAUSES = 4  # clauses after the first tried as a whole town name at the place question


def _after_cue(word: str, low: list[str]) -> bool:
    """Whether the word follows a place cue in the message ("ik woon in Echt", "uit Best")."""
    return any(w == word and i and low[i - 1] in _PLACE_CUES for i, w in enumerate(low))


def parse(msg: Message, resolve: Callable[[str], str | None], entity_places: list[str]) -> tuple[str, str] | None:
    """Return (canonical name, the text it was found in)."""
    budget = [MAX_PLACE_LOOKUPS]

    def look(span: str) -> str | None:
        if budget[0] <= 0 or not span:
            return None
        budget[0] -= 1
        try:
            found = resolve(span)
        except Exception:  # a broken resolver must not break understanding
            log.exception("resolve_place failed for %r", span)
            return None
        return found if isinstance(found, str) and found.strip() else None

    raw = (m.group(0) for m in itertools.islice(_PLACE_TOKEN.finditer(msg.clean), MAX_PLACE_TOKENS * 4))
    tokens = [t.strip("-'") if not t.startswith("'s") else t.rstrip("-'") for t in raw]
    tokens = [t for t in tokens if t]
    low = [strip_accents(t.lower()) for t in tokens]
    asked = msg.asked("place") and not is_dont_know_msg(msg) and not is_question_msg(msg)
    uncued: list[str] = []  # tagged by the NLU but not after "in"/"bij"/...: tried after the spans that are
    for value in entity_places:
        cued = _after_cue(strip_accents(value.lower()), low)
        if not asked and _is_word(value) and not cued:
            continue  # the NLU's "Echt" of "ze vindt niks echt leuk" at the interest question: no town
        if not asked and not cued:
            uncued.append(value)  # "lijkt hem leuk ... hij woont in Utrecht": "hem" (the village Hem) waits
            continue
        found = look(value)
        if found:
            return found, value.lower()
    digits = [any(c.isdigit() for c in t) for t in tokens]

    def spans_from(start: int) -> Iterable[tuple[str, str]]:
        for n in (3, 2, 1):
            part, part_low = tokens[start : start + n], low[start : start + n]
            if len(part) < n or any(digits[start : start + n]):
                continue
            if part_low[0] in _NOT_PLACE or part_low[-1] in _NOT_PLACE or (n == 1 and len(part_low[0]) < 3):
                continue
            yield " ".join(part), " ".join(t.lower() for t in part)

    def skip_noise(j: int) -> int:
        while j < len(low) and low[j] in _PLACE_SKIP:
            j += 1
        return j

    if asked:  # the answer to "where do you live?" is often just the name
        whole = msg.clean.strip(" .,!?;:")
        if whole and len(whole) <= 60 and not any(c.isdigit() for c in whole) and not all(w in _NOT_PLACE for w in low):
            found = look(whole)
            if found:
                return found, whole.lower()
    # ... or a clause of it: "beide goed, Rotterdam" (exactly a town's name: no fuzzy village in "beide goed")
    if asked:
        for clause in _CLAUSES.split(msg.clean)[1 : 1 + MAX_PLACE_CLAUSES]:
            part = clause.strip()
            found = look(part) if 0 < len(part.split()) <= 3 else None
            if found and strip_accents(found.lower()) == strip_accents(part.lower()):
                return found, part.lower()
    whole = msg.clean.strip(" .,!")
    named = 0 < len(low) <= 3 and whole[:1].isupper() and not set(low) & _WORDS
    if not asked and named and not msg.asked("interests_text") and not is_question_msg(msg):
        # "Delft" typed at another question: a town's exact name, written as a name ("best" and "echt" are words and
        # towns too; "Lassen" is no typo of Assen; at the interest question "Dieren" is animals)
        found = look(whole)
        if found and strip_accents(found.lower()) == " ".join(low):
            return found, whole.lower()
    starts: list[int] = []
    for i in [i for i, word in enumerate(low) if word in _PLACE_CUES][:MAX_PLACE_CUES]:
        starts += [i + 1, skip_noise(i + 1)]
    if asked:
        # Only the start of the answer ("rotterdam zuid", "Eindhoven area"): trying every word would let a
        # fuzzy resolver turn ordinary words into villages ("worden" -> Woerden, "weer" -> Weert).
        starts.append(skip_noise(0))
    for start in dict.fromkeys(starts):
        for span, span_low in spans_from(start):
            found = look(span)
            if found:
                return found, span_low
    budget[0] = max(budget[0], len(uncued))  # (the spans may have used the look-ups up)
    for value in uncued:
        found = look(value)
        if found:
            return found, value.lower()
    return None
