"""Start wish: as soon as possible, September, February or any time, from words, months and typos.

"nu" and month names count only near a start word or as the answer, not in "ik werk nu" or "in mei gestopt".
"""

from __future__ import annotations

import re

from .message import Message, matched, word_rx, words_after, words_before
from .vocab import INDIFFERENT, NEGATORS, fuzzy_word, is_dont_know_msg

MONTHS = {
    "januari": "asap",
    "january": "asap",
    "maart": "asap",
    "march": "asap",
    "april": "asap",
    "mei": "asap",
    "may": "asap",
    "juni": "asap",
    "june": "asap",
    "juli": "asap",
    "july": "asap",
    "oktober": "asap",
    "october": "asap",
    "november": "asap",
    "december": "asap",
    "augustus": "september",
    "august": "september",
    "september": "september",
    "sept": "september",
    "februari": "february",
    "february": "february",
    "feb": "february",
    "febr": "february",
}

_ASAP = word_rx(
    r"zo snel mogelijk|zo sn?el mog[a-z]*|zo snel als (?:het kan|mogelijk)|zsm|asap|as soon as possible|"
    r"as soon as possib[a-z]*|right away|"
    r"immediately|meteen|per direct|zo vroeg mogelijk|as early as possible|"
    # January is as soon as possible (see MONTHS)
    r"na (?:de )?kerst(?:vakantie)?|after christmas|na (?:de )?jaarwisseling|na nieuwjaar|begin volgend jaar"
)
_ASAP_WEAK = word_rx(
    r"nu|now|direct|gelijk|vandaag|today|volgende week|volgende maand|next week|next month|zo snel|zo vlug|snel|"
    r"soon|quickly|quick|fast|as soon"
)


def is_weak(span: str) -> bool:
    """A word that means "soon" only near a start word ("nu", "now", "direct")."""
    words = " ".join(span.lower().split())
    m = _ASAP_WEAK.match(f" {words} ")
    return m is not None and m.end() == len(words) + 1


_SEPTEMBER = word_rx(
    r"na de zomer(?:vakantie)?|after (?:the )?summer(?: holidays?)?|volgend schooljaar|"
    r"next school year|begin van het schooljaar|start of the school year|"
    # a pupil's diploma comes in summer: "als ik mijn diploma heb", "after my exams"
    r"(?:als|wanneer|zodra) ik (?:mijn |m'n )?(?:diploma|examen) (?:heb|gehaald heb)|"
    r"na (?:mijn|m'n|het) (?:examen|eindexamen)s?|"
    r"after (?:my |the )?(?:exams?|final exams?|graduation)|(?:when|once) i (?:graduate|have my diploma|finish school)"
)
# "next summer", "deze zomer": the school year starts at its end (near a start word, or as the answer: "I love summer")
_SUMMER = word_rx(r"(?:in de |deze |komende |volgende |this |next |in the )?(?:zomer|summer)")
# "volgend jaar" alone: the next school year (a month named with it wins: "volgend jaar februari")
_NEXT_YEAR = word_rx(r"volgend jaar|volgende jaar|komend jaar|komende jaar|next year|next academic year")
_ANY_START = word_rx(
    r"whenever|wanneer dan ook|maakt niet uit wanneer|geen haast|no rush|any time|anytime|"
    r"doesn'?t matter when|maakt me niet uit wanneer|wanneer het uitkomt|geen idee wanneer|"
    # "de start maakt niet uit", the answer the note on a course left out by the start wish asks for
    r"(?:de |the )?start (?:maakt|make|maken) (?:me |mij )?niet uit|(?:the )?start (?:doesn'?t|does not) matter|"
    r"(?:en|and) (?:de |the )?start (?:maken|maakt|don'?t|do not|doesn'?t) (?:me |mij )?(?:niet uit|matter)"
)
_MONTH_RX = word_rx("|".join(sorted(MONTHS, key=len, reverse=True)))
# Abbreviations that are also names or words ("Jan"): only as the answer to "when do you want to start?".
_MONTH_ABBR = {
    "jan": "asap",
    "sep": "september",
    "aug": "september",
    "okt": "asap",
    "oct": "asap",
    "nov": "asap",
    "dec": "asap",
    "mrt": "asap",
    "apr": "asap",
    "jun": "asap",
    "jul": "asap",
}
_MONTH_ABBR_RX = word_rx("|".join(_MONTH_ABBR))
_START_CONTEXT = word_rx(
    r"beginnen|begin|begint|starten|start|starting|instromen|instappen|inschrijven|"
    r"aanmelden|enroll|enrol|join"
)
# ("als" and "al" are no start words: "ik werk nu als orderpicker", "ik werk nu al 3 jaar")
_START_NEAR = frozenset(
    "beginnen begin begint starten start starting instromen instappen if possible mogelijk kan".split()
)
_NOT_START = frozenset(
    "gestopt gehaald geslaagd afgestudeerd geboren verhuisd gekomen sinds since ago geleden "
    "finished graduated born moved stopped came was jarig birthday word turn turned werd "
    "vorig vorige last afgelopen".split()
)


def parse(msg: Message) -> str | None:
    """ "asap", "september", "february" or "any": the earliest start the message names."""
    asked = msg.asked("start_wish")
    context = bool(asked or _START_CONTEXT.search(msg.norm))
    hits: list[tuple[int, str]] = []
    m = _ASAP.search(msg.norm)
    if m:
        hits.append((m.start(), "asap"))
    m = _SEPTEMBER.search(msg.norm)
    if m:
        hits.append((m.start(), "september"))
    for m in _ASAP_WEAK.finditer(msg.norm):  # "nu" counts in "kan ik nu beginnen", not in "ik werk nu"
        before, after = words_before(msg.norm, m.start(), 3), words_after(msg.norm, m.end(), 3)
        near = set(before) | set(after)
        if set(before[-2:]) & NEGATORS or set(after[:2]) & NEGATORS or after[:2] == ["nog", "niet"]:
            continue  # "not now", "nu nog niet"
        if asked or near & _START_NEAR:
            hits.append((m.start(), "asap"))
            break
    for m in _MONTH_RX.finditer(msg.norm):
        word = matched(m)
        if word == "may" and not (asked or words_before(msg.norm, m.start(), 1) in (["in"], ["by"])):
            continue  # English "may" is usually the verb
        near = set(words_before(msg.norm, m.start(), 4)) | set(words_after(msg.norm, m.end(), 3))
        if near & _NOT_START or re.match(r" (?:19|20)\d\d\b", msg.norm[m.end() :]) and not context:
            continue
        if context or len([w for w in msg.words if w != "|"]) <= 5:
            hits.append((m.start(), MONTHS[word]))
            break
    if asked and not hits:
        m = _MONTH_ABBR_RX.search(msg.norm)
        if m:
            hits.append((m.start(), _MONTH_ABBR[matched(m)]))
        elif not INDIFFERENT.search(msg.norm) and not _ANY_START.search(msg.norm):
            typo = fuzzy_word(msg, MONTHS, 0.86)  # "febuari", "setember" (not "maakt" for "maart")
            if typo:
                hits.append((0, typo))
    if hits:
        return min(hits)[1]
    if _NEXT_YEAR.search(msg.norm) and (context or len(msg.words) <= 4):
        return "september"
    if _SUMMER.search(msg.norm) and (context or len(msg.words) <= 3):
        return "september"
    if _ANY_START.search(msg.norm):
        return "any"
    if asked and (is_dont_know_msg(msg) or INDIFFERENT.search(msg.norm)):
        return "any"
    return None
