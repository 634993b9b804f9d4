"""Newcomer and jobseeker: stated cues ("statushouder", "werkloos") that are not negated ("geen uitkering")."""

from __future__ import annotations

import re

from .education import COUNTRIES
from .message import Message, word_rx, words_before
from .vocab import NEGATORS, yes_no

_NEWCOMER = word_rx(
    r"statushouders?|vluchteling(?:e|en)?|nieuwkomers?|asielzoekers?|azc|inburgering|inburgeren|"
    # someone from abroad, said of themselves ("ik kom uit Syrië", "ik ben 38, uit Eritrea"; not "mijn ouders komen
    # uit Turkije"): the Dutch question applies
    r"(?:ik kom|kom ik|ik kwam|i come|i came|i am|i'm|ik ben) (?:\w+ ){0,2}(?:uit|from) (?:" + COUNTRIES + r")|"
    r"\| (?:uit|from) (?:" + COUNTRIES + r") \||"
    r"net in nederland|pas in nederland|sinds kort in nederland|net naar nederland|"
    r"refugees?|newcomers?|asylum(?: seeker)?|status holder|new (?:to|in) the netherlands|"
    r"(?:recently|just) (?:arrived|came|moved) (?:in|to) (?:the )?netherlands"
)
_JOBSEEKER = word_rx(
    r"ww|ww uitkering|werkloos|werkloze|uitkering|bijstand|werkzoekende?|zonder werk|geen werk|"
    r"geen baan|baan kwijt|ontslagen|unemployed|job ?seeker|looking for (?:a )?(?:job|work)|"
    r"out of work|no job|on benefits|lost my job|laid off|jobless"
)


def _flag(pattern: re.Pattern[str], msg: Message, slot: str) -> bool | None:
    """True when the cue is stated and not negated ("geen uitkering"); yes/no only when asked."""
    for m in pattern.finditer(msg.norm):
        if not set(words_before(msg.norm, m.start(), 2)) & NEGATORS:
            return True
    if msg.asked(slot):
        return yes_no(msg)
    return None


def newcomer(msg: Message) -> bool | None:
    """A refugee, status holder or someone who just arrived in the Netherlands."""
    return _flag(_NEWCOMER, msg, "newcomer")


def jobseeker(msg: Message) -> bool | None:
    """Unemployed, on benefits or looking for work."""
    return _flag(_JOBSEEKER, msg, "jobseeker")
