"""Interests: the phrases after cues such as "iets met", "i like", "... vind ik leuk", in the user's words.

The phrase is kept as typed (it is matched against keywords later), cut where another field's answer begins.
"""

from __future__ import annotations

import re

from ..textmatch import ALSO, fold, turned_down
from .message import Message, strip_accents
from .vocab import FILLER, content_words, is_dont_know_msg

MAX_INTERESTS = 300  # interests_text is kept short: it is matched against keywords, not stored as an essay

_BOUNDARY = (
    r"[,.;:!?\n()\[\]|/]|\s(?:en|and)\s+(?:ik|i|wil|want|woon|live|ben|am|heb|have|zit|doe|mijn|my|"
    r"ga|kom|werk|work)\b|\s(?:maar|but|want|omdat|because|dus|so|als|if|zodat|terwijl|while)\b"
)
_INTEREST_CUES = re.compile(
    # ("iets in HR", "iets in ICT": a short field's name after "iets in", not "iets in elkaar zetten" or a month)
    r"\b(?:iets met|iets in de|iets in het|iets in(?= [a-z]{2,4}\b)|something with|something in|interested in|"
    r"interest in|interesse in|"
    r"interesse voor|geinteresseerd in|geïnteresseerd in|houd? (?:ook |echt |erg |heel erg |wel |vooral )?van|"
    r"i (?:also |really |just |do |especially )?(?:like|love|enjoy)|"
    r"i'm into|im into|i am into|passie voor|passion for|wil graag|werken met|work with|"
    r"working with|fan van|fan of)\s+([^,.;:!?\n()\[\]|/]{1,100})"
)
_SOFT_BOUNDARY = re.compile(_BOUNDARY)
_CUE_HINTS = (
    "iets ",
    "something ",
    "interes",
    "geinteresseerd",
    "geïnteresseerd",
    "hou",
    "like",
    "love",
    "enjoy",
    "into",
    "passi",
    "graag",
    "werken met",
    "work",
    "fan ",
)
_WORK_WITH = re.compile(
    r"\b(?:wil|wilt|willen|graag|liefst|later)\s+(?:graag\s+|later\s+|weer\s+)*met\s+"
    r"([^,.;:!?\n()]{1,40}?)\s+(?:werken|bezig zijn|bezig)\b"
)
_HANDS = re.compile(
    r"^(?:werken met |working with |met |with )?(?:mijn|je|m'n|de|my|your|the) (handen|hands)"
    r"(?: werken| bezig| bezig zijn)?$"
)
_LIKE_AFTER = re.compile(
    r"\bvind\s+(?:ik\s+)?(.{1,60}?)\s+(?:(?:heel|erg|echt|wel|best|super|zo|heel erg)\s+)*"
    r"(?:leuk|leuker|vet|gaaf|tof|interessant|cool|chill|mooi|fijn|nice)\b"
)
_LIKE_BEFORE = re.compile(
    r"(?:^|[,.;:!?\n(]\s*)([^,.;:!?\n()]{1,60}?)\s+(?:vind ik|lijkt me|lijkt mij|lijken me|is echt|zijn echt)\s+"
    r"(?:(?:heel|erg|echt|wel|best|super|zo)\s+)*(?:leuk|vet|gaaf|tof|interessant|cool|chill|mooi|wat)\b"
)
# "ik vind het leuk om dingen te maken", "het leukste vind ik ...", "het lijkt me leuk om ...": what follows is it
_LIKE_TO = re.compile(
    r"\b(?:vind\s+(?:ik\s+)?het|lijkt\s+(?:me|mij)\s+het|lijkt\s+het\s+(?:me|mij)|het\s+lijkt\s+(?:me|mij))\s+"
    r"(?:(?:heel|erg|echt|wel|best|super|zo|heel erg)\s+)*(?:leuk|fijn|gaaf|vet|tof|interessant|mooi|cool|chill|nice)"
    r"\s+om\s+([^,.;:!?\n()]{1,80})|\bhet\s+leukste\s+(?:vind\s+ik|is)\s+([^,.;:!?\n()]{1,80})"
)
_LEAD_TRIM = re.compile(
    r"^(?:(?:iets|something|dingen|things|stuff|veel|graag|erg|heel|really|ook|also|to|te)"
    r"\s+)*(?:(?:met|with|in(?! elkaar)|rond|around)\s+)?"
)
_TRAIL_WORDS = frozenset(
    "ofzo ofz ofzoiets enzo haha hihi lol xd miss misschien hoor eigenlijk wel denk guess "
    "think doen doe worden maybe too ook etc zo leuk vet a the de het een op in met bij van voor "
    "of en and or with at on to".split()
)
_TRAIL_PHRASES = ("i guess", "i think", "denk ik", "or something", "or so", "en zo", "ofzo iets", "in het algemeen")
_REJECT_START = frozenset(
    "weten vragen hulp advies info informatie beginnen starten stoppen praten know ask "
    "help advice start begin talk dat dit het it that this die alles everything niks "
    "nothing niets geld money".split()
)
# Text inside an interest phrase that really answers another question: the phrase is cut there.
_OTHER_FIELD = re.compile(
    r"\b(?:bbl|bol|werken en leren|leren en werken|work and learn|apprenticeship|voltijd|full[- ]?time|"
    r"zo snel mogelijk|zsm|asap|meteen|na de zomer|after the summer|beginnen|starten|"
    r"vmbo|mbo|havo|vwo|kader|niveau|level|wiskunde|nask|diploma\w*)\b"
)


_PLACE_WORDS = frozenset(
    "ik woon wonen kom uit in bij de buurt van regio omgeving rond dichtbij near around i live from the area".split()
)


# Answers to the other questions: "kader", "pie" or "bbl" typed at the interest question is no interest.
_OTHER_ANSWER_WORDS = frozenset(
    "vmbo mbo havo vwo mavo kader kb basis bb gl tl theoretisch gemengd pie bwi mvi bbl bol "
    "niveau level jaar years oud old".split()
)


_NO_INTEREST_ALONE = frozenset("working work werken werk doing doen dingen things stuff iets something".split())


def _only_other_answers(norm: str) -> bool:
    words = content_words(norm)
    return bool(words) and all(w in _OTHER_ANSWER_WORDS or w.isdigit() for w in words)


def _only_place(norm: str, place_span: str) -> bool:
    """An answer that names a place and nothing else (numbers, such as an age, say no interest either)."""
    rest = norm.replace(place_span.lower(), " ")
    return not [w for w in content_words(rest) if w not in _PLACE_WORDS and not w.isdigit()]


# "... maar ook solderen": the marker and the liking added after it
_ALSO_PHRASE = re.compile(rf"({ALSO.pattern})\s+([^,.;:!?\n()\[\]|/]{{1,100}})")
# "techniek lijkt me leuk, vooral lassen": the work singled out after a liking
_FOCUS_PHRASE = re.compile(
    r"(?:^|[,;:(]\s*|\s)(?:vooral|met name|in het bijzonder|het liefst|especially|mostly|particularly|mainly)\s+"
    r"(?:(?:van|of|voor|for)\s+)?([^,.;:!?\n()\[\]|/]{1,100})"
)


def _coordinated(low: str, value: str, place_span: str | None) -> str:
    """The NLU's interest with the word it is coordinated with: it tags "ontwerpen" in "ja, tekenen en ontwerpen"."""
    m = re.search(
        rf"(?:\b(?P<before>[^\W\d_]+) (?:en|and|of|or) )?\b(?P<value>{re.escape(value.lower())})\b"
        rf"(?: (?:en|and) (?P<after>[^\W\d_]+))?",
        low,
    )
    if not m:
        return value
    place = (place_span or "").lower().split()

    def kept(name: str) -> bool:
        word = m.group(name)
        return bool(word) and word not in FILLER and word not in _REJECT_START and word not in place

    return low[m.start("before" if kept("before") else "value") : m.end("after" if kept("after") else "value")]


def _trim_phrase(phrase: str, place_span: str | None) -> str:
    """Cut a captured phrase to the interest itself: stop at a new clause, another field's answer or the place."""
    m = _SOFT_BOUNDARY.search(phrase)
    if m:
        phrase = phrase[: m.start()]
    phrase = phrase.strip(" \t-–—'\"*~")
    m = _OTHER_FIELD.search(phrase)
    if m:
        phrase = phrase[: m.start()]
    if place_span:
        m = re.search(
            r"\s(?:in|bij|near|rond|around|uit|from|in de buurt van|dichtbij|close to)\s+"
            + re.escape(place_span)
            + r"\b",
            " " + phrase,
        )
        if m:
            phrase = phrase[: max(m.start() - 1, 0)]
    phrase = _LEAD_TRIM.sub("", phrase.strip())
    if place_span and phrase.lower().startswith(place_span.lower()):  # "iets in Utrecht met auto's"
        phrase = _LEAD_TRIM.sub("", phrase[len(place_span) :].strip())
    changed = True
    while changed and phrase:
        changed = False
        for tail in _TRAIL_PHRASES:
            if phrase.endswith(" " + tail) or phrase == tail:
                phrase, changed = phrase[: -len(tail)].rstrip(), True
        words = phrase.split()
        while words and (words[-1].strip(".,!?") in _TRAIL_WORDS or not re.search(r"\w", words[-1])):
            words.pop()
            changed = True
        phrase = " ".join(words)
    phrase = phrase.strip(" \t-–—'\"*~,.;:!?")
    return phrase


def parse(msg: Message, entity_interests: list[str], place_span: str | None) -> str | None:
    """The interest phrases, comma-separated; the whole answer when interests were just asked.

    ``place_span`` is the text the place was found in, cut from a phrase ("iets met auto's in Utrecht").
    """
    if msg.asked("interests_text"):
        text = msg.clean.strip()
        if is_dont_know_msg(msg) or not any(c.isalnum() or ord(c) > 0x2000 for c in text):
            return None
        words = [w for w in msg.words if w != "|"]
        if words and not content_words(msg.norm) and strip_accents(text) == text:
            return None  # "nee", "niks", "hmm": an answer without an interest
        if place_span and _only_place(msg.norm, place_span):
            return None  # "Utrecht" or "ik woon in Zwolle": the place is noted, the interest question stays
        if _only_other_answers(msg.norm):
            return None  # "kader": the school is noted, the interest question stays
        return text[:MAX_INTERESTS].strip()
    phrases: list[str] = []
    low = msg.low
    for m in _INTEREST_CUES.finditer(low) if any(c in low for c in _CUE_HINTS) else ():
        phrase = _trim_phrase(m.group(1), place_span)
        if phrase and phrase.split()[0] not in _REJECT_START:
            phrases.append(phrase)
    for m in _WORK_WITH.finditer(low) if " met " in low else ():
        phrase = _trim_phrase(m.group(1), place_span)
        if phrase and phrase.split()[0] not in _REJECT_START:
            phrases.append(phrase)
    for rx, hints in ((_LIKE_AFTER, ("vind",)), (_LIKE_BEFORE, ("vind ik", "lijkt m", "lijken m", "echt"))):
        if not any(h in low for h in hints):
            continue
        for m in rx.finditer(low):
            phrase = _trim_phrase(" ".join(m.group(1).split()[-6:]), place_span)
            if phrase and phrase.split()[0] not in _REJECT_START and phrase not in ("ik", "i", "je"):
                phrases.append(phrase)
    for m in _LIKE_TO.finditer(low) if "leuk" in low or "om " in low else ():
        phrase = _trim_phrase(m.group(1) or m.group(2), place_span)
        if phrase and phrase.split()[0] not in _REJECT_START:
            phrases.append(phrase)
    for m in _ALSO_PHRASE.finditer(low) if phrases else ():
        phrase = _trim_phrase(m.group(2), place_span)  # "..., maar ook solderen": kept as an addition
        if phrase and phrase.split()[0] not in _REJECT_START:
            phrases.append(f"{m.group(1)} {phrase}")
    for m in _FOCUS_PHRASE.finditer(low) if phrases else ():
        phrase = _trim_phrase(m.group(1), place_span)
        if phrase and phrase.split()[0] not in _REJECT_START:
            phrases.append(phrase)
    refused = turned_down(msg.clean) if entity_interests else []
    for value in entity_interests:  # the NLU's guess, cut like the rest: "mijn havo-diploma" is no interest
        if place_span and value.strip().lower() == place_span.strip().lower():
            continue  # "ik woon in Lelystad", the town tagged as an interest
        if any(fold(value) in obj for obj in refused):
            continue  # "zelf sleutelen hoeft voor mij niet": what is turned down is no interest
        if value.strip().lower() in _NO_INTEREST_ALONE:
            continue  # "I've been working in a warehouse": "working" alone names nothing
        phrase = _trim_phrase(_coordinated(low, value, place_span), place_span)
        if content_words(" ".join(phrase.lower().split())) and phrase.split()[0].lower() not in _REJECT_START:
            phrases.append(phrase)
    for i, phrase in enumerate(phrases):  # one wording for "working with my hands", however it was cut
        hands = _HANDS.match(phrase.lower())
        if hands:
            phrases[i] = "met mijn handen werken" if hands.group(1) == "handen" else "working with my hands"
    out: list[str] = []
    for phrase in phrases:
        key = phrase.lower()
        if any(key in o.lower() for o in out):
            continue
        out = [o for o in out if o.lower() not in key]
        out.append(phrase)
    if not out:
        return None
    return ", ".join(out)[:MAX_INTERESTS].rstrip(", ")
