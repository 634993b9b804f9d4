"""Education: the highest school type the message names ("vmbo kader, daarna mbo 2" is mbo 2).

A wish ("ik wil mbo 3") is not a diploma, and a Dutch school name in a foreign diploma counts as foreign.
"""

from __future__ import annotations

import difflib
import re

from ..textmatch import STOPPED_WORDS
from .message import Message, word_rx, words_after, words_before
from .vocab import content_words, fuzzy_word

COUNTRIES = (
    r"syrie|syria|eritrea|turkije|turkey|oekraine|ukraine|polen|poland|marokko|morocco|afghanistan|irak|iraq|"
    r"iran|somalie|somalia|ethiopie|ethiopia|soedan|sudan|jemen|yemen|rusland|russia|roemenie|romania|bulgarije|"
    r"bulgaria|suriname|egypte|egypt|libie|libya|pakistan|india|china|brazilie|brazil|nigeria|ghana|venezuela|"
    r"colombia|spanje|spain|portugal|italie|italy|griekenland|greece|belgie|belgium|duitsland|germany|"
    r"hongarije|hungary|litouwen|lithuania|letland|latvia|jordanie|jordan|libanon|lebanon|palestina|palestine|"
    # cities people name for their school ("a diploma from a technical college in Kyiv" was not read)
    r"kyiv|kiev|kiew|kharkiv|lviv|odesa|odessa|damascus|aleppo|homs|kabul|herat|asmara|istanbul|ankara|"
    r"warsaw|warschau|krakow|bagdad|baghdad|mosul|teheran|tehran|mogadishu|addis abeba|addis ababa|khartoum|"
    # spellings newcomers type ("ik kom uit afganistan, geen diploma hier": the Dutch question never came)
    r"afganistan|afghanestan|eritria|marroko|marocco|syrya|soemalie"
)
# (value, pattern) most specific first: a later pattern may not reuse text an earlier one matched.
_EDUCATION_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (v, word_rx(p))
    for v, p in (
        (
            "mavo_old",
            r"oude mavo|ouderwetse mavo|old mavo|mavo van vroeger|mavo (?:van |in |uit |before |voor )?19\d\d|"
            r"mavo (?:\| )?(?:heel |erg |al |best )?(?:lang|jaren) geleden|mavo (?:uit|van|in) de jaren|"
            r"mavo (?:\| )?(?:a )?long time ago|mavo (?:\| )?years ago|"
            r"(?:heel |erg |best )?(?:lang|jaren) geleden (?:\w+ ){0,3}mavo|(?:a )?long time ago (?:\w+ ){0,3}mavo",
        ),
        (
            "lbo_old",
            r"lbo|lts|vbo|lhno|leao|lagere technische school|lager beroepsonderwijs|ambachtsschool|"
            r"huishoudschool",
        ),
        (
            "foreign",
            r"buitenlandse? (?:diploma|opleiding|school)|foreign (?:diploma|degree|qualification)s?|"
            r"diploma(?:'s)? (?:uit|from|is from|van) (?:het buitenland|abroad)|"
            r"(?:high school |secondary school |school )?diploma(?:'s)? (?:uit|from|is from) "
            r"(?:" + COUNTRIES + r")|"
            r"diploma from abroad|diploma uit het buitenland|buitenland gestudeerd|studied abroad|"
            # "in Syria I finished secondary school", "ik heb in Eritrea de middelbare school afgemaakt"
            r"(?:in|uit|from) (?:" + COUNTRIES + r") (?:\w+ ){0,5}(?:finished|completed|graduated|afgemaakt|"
            r"gehaald|afgerond|studied|gestudeerd|diploma)|(?:finished|completed|graduated|afgemaakt|gehaald|"
            r"afgerond|studied|gestudeerd) (?:\w+ ){0,4}(?:in|uit) (?:" + COUNTRIES + r")|"
            r"wel (?:een |1 )?(?:diploma )?(?:uit|van) (?:" + COUNTRIES + r")|"
            r"(?:one|a diploma|a degree) from (?:" + COUNTRIES + r")|"
            # "I have diploma from technical school in Poland"
            r"(?:diploma|degree|diplomas)(?: \w+){1,5} (?:in|uit|from) (?:" + COUNTRIES + r")|"
            # school-leaving qualifications of other countries by name: "I did my GCSEs there"
            r"i?gcses?|a[ -]?levels(?! ?[0-9])|abitur|high school diploma",
        ),
        (
            "none",
            r"geen (?:enkel |enkele )?(?:diploma|diploma's|dipl[a-z']*|diplo[a-z']*|startkwalificatie)|"
            r"zonder (?:een )?(?:diploma|dipl[a-z]*)|"
            r"(?:do not|did not|never|don'?t|didn'?t) (?:have|had|got|get|finish(?:ed)?) (?:a |any |my )?"
            r"(?:diploma|degree|qualifications?|school)|have no (?:diploma|degree|qualifications?)|"
            r"gestopt met (?:school|de opleiding)|van school af(?:gegaan)?|school niet afgemaakt|dropped out|"
            r"no (?:diploma|diplomas|qualifications?|degree)|without (?:a |any )?(?:diploma|qualifications?)|"
            r"geen opleiding(?: afgemaakt| afgerond)?|alleen (?:de )?basisschool|only primary school|"
            r"primary school only|nothing finished|niks afgemaakt|niets afgemaakt|nooit (?:iets )?afgemaakt|"
            r"never finished (?:school|anything)|(?:diploma|examen) niet (?:gehaald|afgemaakt)|niet geslaagd|"
            r"gezakt voor (?:mijn |het )?(?:examen|diploma)|failed (?:my |the )?(?:exams?|diploma)|"
            r"gestopt in (?:de |het )?(?:\w+ )?(?:klas|jaar|leerjaar)|"
            # praktijkonderwijs leads to work or Entree, not to a diploma that opens level 2
            r"praktijkonderwijs|praktijkschool",
        ),
        (
            "higher",
            r"hbo(?:[- ]?(?:diploma|bachelor|master|opleiding))?|wo[- ](?:diploma|bachelor|master)|pabo|hogeschool|"
            r"universiteit|university(?: degree)?|bachelor(?:'?s)?(?: degree)?|master(?:'?s)?(?: degree)?|"
            r"college degree|bsc|msc",
        ),
        ("entree", r"entree ?opleiding|entree|mbo ?(?:niveau |level |nivo )?1(?![0-9])"),
        (
            "mbo",
            r"mbo ?(?:diploma )?(?:niveau |level |nivo )?([2-4])|(?:niveau|level|nivo) ([2-4]) diploma|"
            r"diploma (?:mbo )?(?:niveau |level |nivo )([2-4])|mbo diploma (?:niveau|level|nivo) ([2-4])",
        ),
        ("vwo", r"vwo|atheneum|gymnasium"),
        ("havo", r"havo"),
        (
            "vmbo_bb",
            r"vmbo ?(?:bb|b|basis ?beroeps\w*|basis|basic)|basis ?beroeps\w*|basisberoeps\w*|basic track|"
            r"basis(?! ?(?:school|van|niveau|kennis|vaardigheden|nederlands))|bb",
        ),
        (
            "vmbo_kb",
            r"vmbo ?(?:kb|k|kader ?beroeps\w*|kader|kadr)|kader ?beroeps\w*|kaderberoeps\w*|"
            r"kader(?! van)|kadr|kaderr|kb",
        ),
        ("vmbo_gl", r"vmbo ?(?:gl|g|gemengde?(?: leerweg)?)|gemengde? leerweg|gemengd|gl"),
        ("vmbo_tl", r"vmbo ?(?:tl|t|theoretische?(?: leerweg)?)|theoretische leerweg|theoretisch(?! gezien)|mavo|tl"),
    )
]
_WEAK_FOREIGN = word_rx(
    r"(?:from|uit|come from|came from|kom uit|kwam uit|gevlucht uit|fled) (?:" + COUNTRIES + ")|"
    # school abroad, finished or not: "ik ben 24, school in eritrea beetje", "went to school in Iraq"
    r"(?:high)?school (?:\w+ ){0,2}(?:in|uit) (?:" + COUNTRIES + r")|"  # ("i finish highschool in poland")
    r"(?:in|uit) (?:" + COUNTRIES + r") (?:(?!hier |here |en |and )\w+ ){0,4}(?:naar |op |to |at )?school"
)
# "mijn ouders komen uit Turkije" is about the family: a pupil born here has no foreign diploma
_FAMILY = frozenset(
    "ouders vader moeder familie opa oma pa ma parents father mother family dad mum mom grandparents".split()
)


def _from_abroad(msg: Message) -> bool:
    return any(not set(words_before(msg.norm, m.start(), 4)) & _FAMILY for m in _WEAK_FOREIGN.finditer(msg.norm))


_EDUCATION_RANK = {
    "none": 0,
    "foreign": 1,
    "lbo_old": 2,
    "mavo_old": 3,
    "vmbo_bb": 4,
    "vmbo_kb": 5,
    "vmbo_gl": 6,
    "vmbo_tl": 7,
    "entree": 8,
    "havo": 9,
    "vwo": 10,
    "mbo2": 11,
    "mbo3": 12,
    "mbo4": 13,
    "higher": 14,
}
# Words before "mbo 3" that make it a wish, not a diploma: "ik wil mbo 3", "welke mbo 4 opleidingen".
_WISH_WORDS = frozenset(
    "wil wilt willen want wanna naar zoek zoeken looking welke which kies choose starten "
    "beginnen start begin graag hoop hope any wat what worden".split()
)
_WISH_AFTER = frozenset("opleidingen courses doen volgen halen worden".split())
# A study left unfinished gives no diploma: "havo gedaan, maar gestopt met mijn hbo studie" has the havo diploma
_STOPPED = frozenset(w for w in STOPPED_WORDS if " " not in w)
_AFTER_FOREIGN = frozenset({"foreign", "entree", "mbo2", "mbo3", "mbo4"})
# Typo-tolerant school words, only for an answer to "which school?" ("gemende lerweg", "kaderberoeps").
_EDUCATION_WORDS = {
    "basis": "vmbo_bb",
    "gemengde": "vmbo_gl",
    "gemengd": "vmbo_gl",
    "kader": "vmbo_kb",
    "kaderberoeps": "vmbo_kb",
    "basisberoeps": "vmbo_bb",
    "theoretische": "vmbo_tl",
    "theoretisch": "vmbo_tl",
    "mavo": "vmbo_tl",
    "havo": "havo",
    "atheneum": "vwo",
    "gymnasium": "vwo",
}
_EDU_NOTHING = frozenset("geen niks niets none nothing nee no".split())


OLD_DIPLOMAS = frozenset({"mavo_old", "lbo_old"})  # from before the vmbo: no profile, admission on subject levels
OURS_FIRST = OLD_DIPLOMAS | {"foreign", "higher"}  # found by our rules, these win over the NLU's entity


# Words of the patterns above that simulated newcomers typed with typos ("diplma uit okraïne", "etree")
_TYPO_WORDS = tuple(COUNTRIES.split("|")) + ("entree", "diploma", "middelbare", "buitenland", "buitenlandse")
_TYPO_CUTOFF = 0.8


def _typos_corrected(msg: Message) -> Message | None:
    """The answer with its words of five letters or more put right where they are nearly a pattern word, or None
    when nothing changed."""
    words = msg.norm.split()
    fixed = [
        (difflib.get_close_matches(w, _TYPO_WORDS, n=1, cutoff=_TYPO_CUTOFF) or [w])[0] if len(w) >= 5 else w
        for w in words
    ]
    return Message.of(" ".join(fixed), "education") if fixed != words else None


def parse(msg: Message) -> str | None:
    """The highest school type mentioned: "vmbo kader, daarna mbo 2" has an mbo 2 diploma."""
    taken: list[tuple[int, int]] = []
    found: list[str] = []
    for value, pattern in _EDUCATION_PATTERNS:
        for m in pattern.finditer(msg.norm):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if value in ("mbo", "entree", "higher") and (
                set(words_before(msg.norm, m.start(), 4)) & (_WISH_WORDS | _STOPPED)
                or set(words_after(msg.norm, m.end(), 1)) & _WISH_AFTER
            ):
                continue
            taken.append((m.start(), m.end()))
            found.append("mbo" + next(g for g in m.groups() if g) if value == "mbo" else value)
    if "foreign" in found:  # "vwo diploma uit iran" is a foreign diploma; a Dutch mbo diploma after it counts
        found = [v for v in found if v in _AFTER_FOREIGN]
    if found:
        best = max(found, key=_EDUCATION_RANK.__getitem__)
        return "foreign" if best == "higher" and _from_abroad(msg) else best  # a bachelor from Syria
    if _from_abroad(msg):
        return "foreign"
    if msg.asked("education"):
        fuzzy = fuzzy_word(msg, _EDUCATION_WORDS, 0.85)  # not 0.8: "vader" is no "kader"
        if fuzzy:
            return fuzzy
        corrected = _typos_corrected(msg)
        if corrected is not None:
            return parse(corrected)
        words = content_words(msg.norm) or [w for w in msg.words if w != "|"]
        if words and all(w in _EDU_NOTHING for w in words):
            return "none"
    return None
