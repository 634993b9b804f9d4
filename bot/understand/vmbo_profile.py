"""Vmbo profile (BWI, PIE, MVI, ...): by code, Dutch or English name, and with typos when just asked.

Codes that are also ordinary words ("mat", "groen") need context, so an interest is not taken for a profile.
"""

from __future__ import annotations

import difflib
import re

from .message import Message, matched, name_pattern, word_rx
from .vocab import FILLER, NEGATORS, is_dont_know_msg

_PROFILE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (v, word_rx(p))
    for v, p in (
        ("BWI", r"bwi|" + name_pattern(r"bouwen wonen (?:en |& )?interieur")),
        ("PIE", r"pie|" + name_pattern(r"produceren installeren (?:en |& )?energie")),
        ("MVI", r"mvi|" + name_pattern(r"media vormgeving (?:en |& )?ict")),
        ("MaT", r"ma ?& ?t|" + name_pattern(r"maritiem (?:en|&) techniek")),
        ("MT", r"m ?& ?t|" + name_pattern(r"mobiliteit (?:en|&) transport")),
        ("ZW", r"z ?& ?w|" + name_pattern(r"zorg (?:en|&) welzijn")),
        ("EO", r"e ?& ?o|" + name_pattern(r"economie (?:en|&) ondernemen")),
        ("HBR", r"hbr|" + name_pattern(r"horeca bakkerij (?:en |& )?recreatie")),
        ("DP", r"d ?& ?p|" + name_pattern(r"dienstverlening (?:en|&) producten")),
        ("GR", r"groen profiel|profiel groen|groene profiel|green profile"),
        # PIE holds the old metal, electrical and installation tracks: "he did vmbo kader, metal profile I think"
        (
            "PIE",
            r"(?:metaal|metal|elektro|electrical) ?(?:profiel|profile)|(?:profiel|profile) (?:metaal|metal|elektro)",
        ),
        # English names, as people translate them
        ("BWI", name_pattern(r"construction (?:housing )?(?:and |& )?interior")),
        ("PIE", name_pattern(r"production installation (?:and |& )?energy")),
        ("MVI", name_pattern(r"media design (?:and |& )?ict")),
        ("MaT", name_pattern(r"maritime (?:and|&) (?:technology|engineering)")),
        ("MT", name_pattern(r"mobility (?:and|&) transport")),
        ("ZW", name_pattern(r"(?:care|health) (?:and|&) (?:welfare|wellbeing|well-being|social work)")),
        ("EO", name_pattern(r"(?:economy|economics|business) (?:and|&) (?:business|entrepreneurship|enterprise)")),
        ("HBR", name_pattern(r"(?:hospitality|catering) bakery (?:and |& )?recreation")),
        ("DP", name_pattern(r"services (?:and|&) products")),
    )
]
# When the profile was just asked: one recognisable word of its name is enough, typos included ("hoeca").
_PROFILE_WORDS = {
    "bouwen": "BWI",
    "wonen": "BWI",
    "interieur": "BWI",
    "construction": "BWI",
    "produceren": "PIE",
    "installeren": "PIE",
    "energie": "PIE",
    "production": "PIE",
    "installation": "PIE",
    "media": "MVI",
    "vormgeving": "MVI",
    "design": "MVI",
    "maritiem": "MaT",
    "maritime": "MaT",
    "mobiliteit": "MT",
    "transport": "MT",
    "mobility": "MT",
    "zorg": "ZW",
    "welzijn": "ZW",
    "care": "ZW",
    "welfare": "ZW",
    "economie": "EO",
    "ondernemen": "EO",
    "economy": "EO",
    "economics": "EO",
    "business": "EO",
    "horeca": "HBR",
    "bakkerij": "HBR",
    "recreatie": "HBR",
    "hospitality": "HBR",
    "bakery": "HBR",
    "dienstverlening": "DP",
    "producten": "DP",
    "services": "DP",
    "groen": "GR",
    "green": "GR",
}
# Short codes that are also ordinary words ("mat", "groen") need context: asked, "profiel" or a vmbo track.
_AMBIGUOUS_PROFILES = {"mt": "MT", "mat": "MaT", "zw": "ZW", "eo": "EO", "dp": "DP", "gr": "GR", "groen": "GR"}
_AMBIGUOUS_PROFILE_RX = word_rx("|".join(_AMBIGUOUS_PROFILES))
_PROFILE_CONTEXT = word_rx(
    r"profiel|profile|richting|sector|vmbo|kader|kadr|basis|basisberoeps|kaderberoeps|"
    r"gemengde|bb|kb|gl|tl"
)


def parse(msg: Message) -> str | None:
    """The profile code named first; ambiguous short codes and typos only with context or when asked."""
    best: tuple[int, str] | None = None
    for value, pattern in _PROFILE_PATTERNS:
        m = pattern.search(msg.norm)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), value)
    if best:
        return best[1]
    m = _AMBIGUOUS_PROFILE_RX.search(msg.norm)
    if m and (msg.asked("vmbo_profile") or _PROFILE_CONTEXT.search(msg.norm)):
        return _AMBIGUOUS_PROFILES[matched(m)]
    if msg.asked("vmbo_profile"):
        return _fuzzy_profile(msg)
    return None


def name_words(text: str) -> frozenset[str]:
    """The words of a profile's full name as the text writes it ("horeca, bakkerij en recreatie"), or none."""
    msg = Message.of(text, None)
    for _, pattern in _PROFILE_PATTERNS:
        m = pattern.search(msg.norm)
        if m:
            return frozenset(w for w in m.group(0).split() if w != "|")
    return frozenset()


def _fuzzy_profile(msg: Message) -> str | None:
    """A profile named with typos ("proviel hoerca, bakekrij"): most words must name the same profile, so that
    "bouwen en timmeren met hout" (an interest) is not taken for BWI."""
    if is_dont_know_msg(msg):
        return None
    words = [
        w
        for w in msg.words
        if w != "|"
        and len(w) >= 4
        and w not in FILLER
        and w not in NEGATORS
        and not difflib.get_close_matches(w, ("profiel", "profile", "vmbo"), n=1, cutoff=0.75)
    ]
    found = [
        _PROFILE_WORDS[c[0]]
        for w in words[:12]
        if (c := difflib.get_close_matches(w, _PROFILE_WORDS.keys(), n=1, cutoff=0.75))
    ]
    if found and len(set(found)) == 1 and 2 * len(found) >= len(words):
        return found[0]
    return None
