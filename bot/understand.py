"""Fill profile fields from one free-text chat message (Dutch or English, slang and typos included).

The bot calls ``extract`` after every user message, so facts given unprompted ("ik ben 16, zit in vmbo kader
PIE en wil iets met auto's") are captured at once and never asked again. Rasa entities are trusted when their
value is valid; the explicit patterns below fill in what the NLU model missed. Everything is plain regular
expressions over a normalised copy of the message: predictable, fast and easy for a counsellor to audit.
Ambiguous words ("nu", "goed", "mt", a bare number) only count when the bot just asked for that field or the
message gives clear context.

``extract`` never raises: a failing pattern or place look-up loses that one field, not the message.
"""

from __future__ import annotations

import difflib
import itertools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from .profile import DUTCH_LEVELS, EDUCATION, ROUTES, START_WISHES, VMBO_PROFILES

log = logging.getLogger(__name__)

MAX_CHARS = 1000          # longer messages are cut: nobody states their profile after the first 1,000 characters
MAX_INTERESTS = 300       # interests_text is kept short: it is matched against keywords, not stored as an essay
MAX_PLACE_LOOKUPS = 24    # resolve_place may be a fuzzy search (milliseconds each); bound the calls per message
MAX_PLACE_TOKENS = 30     # place names are looked for in the first words of a message only
MAX_LANGUAGE_CHARS = 400  # the language of a long message is clear from its start
MAX_PLACE_CUES = 12       # otherwise only the words after the first dozen "in"/"bij"/"near" are tried
MIN_AGE, MAX_AGE = 12, 99


@dataclass
class Extracted:
    values: dict[str, Any] = field(default_factory=dict)   # Profile field -> value (only what this message says)
    language: str | None = None                              # "nl"/"en" when the message clearly is that language


# --- normalising ------------------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u2013": "-", "\u2014": "-"})
_DOTTED = [(re.compile(p), r) for p, r in (
    (r"\bb\.\s?b\.\s?l\b\.?", "bbl"), (r"\bb\.\s?o\.\s?l\b\.?", "bol"), (r"\bz\.\s?s\.\s?m\b\.?", "zsm"),
    (r"\ba\.\s?s\.\s?a\.\s?p\b\.?", "asap"), (r"\bt/m\b", "tot en met"),
)]
# After folding to ASCII: clause punctuation becomes " | ", anything else that is not part of a word a space.
_NORM_TABLE = {i: (c if c.isdigit() or "a" <= c <= "z" or c in "&'" else
                   " | " if c in ".,;:!?\n()[]{}\"|" else " ") for i, c in ((i, chr(i)) for i in range(128))}
_CONTRACTIONS = {
    "i'm": "i am", "im": "i am", "i've": "i have", "i'll": "i will", "i'd": "i would", "don't": "do not",
    "dont": "do not", "doesn't": "does not", "didn't": "did not", "can't": "can not", "it's": "it is",
    "what's": "what is", "'t": "het", "'n": "een", "m'n": "mijn", "z'n": "zijn", "da's": "dat is", "mn": "mijn",
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def fold(text: str) -> str:
    """Lower case without accents, for patterns over a whole message ("Syrië" -> "syrie")."""
    return _fold(text.lower())


@dataclass
class _Message:
    """One message in the three shapes the patterns need (built once per call)."""

    clean: str            # original case, control characters removed, whitespace collapsed
    low: str              # lower case, accents and punctuation kept (for quoting interests)
    norm: str             # " ascii words | clause | ... " with single spaces and padding
    words: list[str]      # tokens of norm, "|" marks clause breaks
    requested: str | None

    @classmethod
    def of(cls, text: object, requested: str | None) -> "_Message":
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        text = text[:MAX_CHARS]
        text = unicodedata.normalize("NFKC", text)[:MAX_CHARS].translate(_QUOTES)  # NFKC can expand ligatures
        text = _CONTROL.sub(" ", text)
        clean = " ".join(text.split())
        low = clean.lower()
        norm = " . ".join(" ".join(line.split()) for line in text.lower().splitlines())
        if "." in norm or "/" in norm:
            for pattern, repl in _DOTTED:
                norm = pattern.sub(repl, norm)
        norm = " " + " ".join(_fold(norm).translate(_NORM_TABLE).split()) + " "
        req = requested if isinstance(requested, str) else None
        return cls(clean, low, norm, norm.split(), req)

    def asked(self, slot: str) -> bool:
        return self.requested == slot


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a pattern that only matches whole words of the normalised text.

    The normalised text has exactly one space around every word, so the match includes the space before it:
    a literal first character lets the regex engine skip ahead (3x faster than a look-behind).
    Use ``_word(m)`` for the matched text.
    """
    return re.compile(" (?:" + pattern + ")(?= )")


def _word(m: re.Match[str]) -> str:
    return m.group(0).strip()


def _name(words: str) -> str:
    """A multi-word name whose words may be separated by commas ('|' after normalising)."""
    return words.replace(" ", r"[ |]+")


def _before(norm: str, start: int, n: int = 4) -> list[str]:
    """Up to n words before a position, stopping at a clause break or 'maar'/'but'."""
    out: list[str] = []
    for w in reversed(norm[:start].split()):
        if w in ("|", "maar", "but") or len(out) >= n:
            break
        out.append(w)
    return out[::-1]


def _after(norm: str, end: int, n: int = 5) -> list[str]:
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


_NEGATORS = frozenset({
    "geen", "zonder", "no", "without", "niet", "not", "never", "nooit", "nie", "nvt",
})


# --- shared vocabulary --------------------------------------------------------------------------------------------

_DONT_KNOW = _rx(
    r"weet (?:ik |het |ik het |ik dat )?(?:nog |echt |eigenlijk )?(?:niet|nie|veel)|ik weet het (?:nog )?niet|"
    r"geen (?:flauw |enkel )?idee|kweenie|kweetnie|weetniet|weetnie|idk|dunno|no idea|no clue|not sure|unsure|"
    r"i do not know|do not know|dont know|don't know|hard to say|haven'?t decided|beats me|(?:ik )?twijfel|"
    r"moeilijk te zeggen|geen flauw|no preference yet"
)
# Words that carry no answer of their own: a message of only these (after removing a don't-know) says nothing.
_FILLER = frozenset("""
ik i het it nog echt eigenlijk sorry man ofzo ofz hmm hm hmmm uhm uh eh ehm precies eerlijk gezegd tbh honestly yet
really wat what leuk vind like do to sure am is the a je u ja nee no yes ok oke okay haha lol xd tja pff joh hoor
en and so just gewoon niks niets nothing geen none nvt have heb nou zo maar but dat that wil want weet know me mij
mijn my of or er there doen ook too also even ff well wel good goed idee idea echt dan then zeker maybe misschien
""".split())
_YES = frozenset("ja jaa jaaa jep jup jazeker jawel zeker yes ye yeah yep yup yess yesss klopt wel tuurlijk "
                 "natuurlijk sure idd inderdaad correct".split())
_NO = frozenset("nee neen ne nope no nah neuh niet nooit never geen".split())

_QUESTION_START = frozenset("wat hoe hoeveel wanneer waarom welke welk wie waar is kan kun kunnen mag moet moeten krijg "
                            "verdien verdient "
                            "heb hebben zijn what how when why which who where can could do does is are will "
                            "should may".split())
_PREFERENCE = _rx(r"ik wil|wil ik|liever|prefer|i want|i would like|i'd like|kies|doe maar|graag|lijkt me|"
                  r"i'll take|i choose")

_MONTHS = {
    "januari": "asap", "january": "asap", "maart": "asap", "march": "asap", "april": "asap", "mei": "asap",
    "may": "asap", "juni": "asap", "june": "asap", "juli": "asap", "july": "asap", "oktober": "asap",
    "october": "asap", "november": "asap", "december": "asap", "augustus": "september", "august": "september",
    "september": "september", "sept": "september", "februari": "february", "february": "february",
    "feb": "february", "febr": "february",
}

_LANGUAGE_NAMES = _rx(
    r"arabisch|arabic|engels|english|turks|turkish|pools|polish|tigrinya|tigrinja|farsi|perzisch|persian|dari|"
    r"pashto|oekraiens|ukrainian|russisch|russian|somalisch|somali|spaans|spanish|frans|french|duits|german|"
    r"berbers|berber|koerdisch|kurdish|portugees|portuguese|roemeens|romanian|bulgaars|bulgarian|amhaars|amharic"
)
_DUTCH_WORD = _rx(r"nederlands|dutch|hollands|nt2")


def _clauses(norm: str, limit: int = 30) -> list[str]:
    """The first clauses of the message, each padded with spaces like the whole."""
    return [" " + c.strip() + " " for c in norm.split("|", limit)[:limit] if c.strip()]


def _is_dont_know(msg: _Message) -> bool:
    """An explicit "I don't know" with nothing else of substance."""
    if "\U0001f937" in msg.clean:  # shrug emoji
        rest = msg.norm
    else:
        if not _DONT_KNOW.search(msg.norm):
            return False
        rest = _DONT_KNOW.sub(" ", msg.norm)
    return not _content_words(rest)


def is_dont_know(text: str) -> bool:
    """The whole message is an "I don't know" ("geen idee eigenlijk", "weet ik niet", "no idea")."""
    try:
        return _is_dont_know(_Message.of(text, None))
    except Exception:
        log.exception("cannot read message")
        return False


def _content_words(norm: str) -> list[str]:
    return [w for w in norm.split() if w != "|" and w not in _FILLER]


# --- age ---------------------------------------------------------------------------------------------------------

_AGE_PATTERNS = [_rx(p) for p in (
    r"(?:ik ben|ben ik|ben|i am|i'm|im|iam|age|aged|leeftijd|leeftijd is|my age is|i'll be|ik word|word|bijna|net|"
    r"turned|turning|almost|als ik|(?:zoon|dochter|kind|broer|zus|son|daughter|child|kid|brother|sister) is|"
    r"(?:vrouw|man|meid|jongen|moeder|vader|woman|guy|mother|father|mom|mum|dad|girl|boy) (?:van|of)) "
    r"(?:(?:pas|al|nog|maar|net|eigenlijk|inmiddels|nu|actually|only|just|already|now|almost|bijna) )?(\d{2})",
    r"(\d{2}) ?(?:jaar oud|jaar|jr|jarig|years old|years|yrs|yo|y o|j)",
)]
# A number that opens the message before profile words ("16 kb pie", "15, basis, bwi") or stands as its own
# clause among others ("native speaker, 17, havo dropout") is an age in this chat.
_LEADING_AGE_NEXT = frozenset("| en and jaar jr kb bb kader kadr basis havo vwo mavo tl gl vmbo mbo".split())
_AGE_UNITS = frozenset("uur uren keer euro km minuten dagen weken maanden procent kilo kg cm hours times days "
                       "weeks months minutes".split())
_AGE_NOT_BEFORE = frozenset("al sinds ruim over na voor ongeveer lang afgelopen laatste for past last ago "
                            "nearly than dan meer more werk worked gewerkt heb have been had".split())
_AGE_NOT_AFTER = frozenset("geleden ago ervaring experience werkervaring gewerkt worked lang gedaan getrouwd "
                           "married op als bij as".split())
_CLAUSE_NUMBER = re.compile(r"(?:^|\|) ([0-9]{2}) (?=\||$)")
_BARE_NUMBER = re.compile(r"(?<![0-9])([0-9]{2})(?![0-9])")


def _age(msg: _Message) -> int | None:
    for index, pattern in enumerate(_AGE_PATTERNS):
        for m in pattern.finditer(msg.norm):
            value = int(m.group(1))
            before = _before(msg.norm, m.start(), 1)
            after = _after(msg.norm, m.end(), 2)
            if index == 1 and before and before[0] in _AGE_NOT_BEFORE:
                continue  # "ik werk al 15 jaar", "for 10 years": a duration, not an age
            if after and (after[0] in _AGE_UNITS or after[0] in _AGE_NOT_AFTER):
                continue
            if index == 0 and len(after) >= 2 and after[0] in ("jaar", "years") and after[1] in _AGE_NOT_AFTER:
                continue  # "ik ben 20 jaar geleden gestopt"
            if MIN_AGE <= value <= MAX_AGE:
                return value
    words = msg.words
    more = len(words) >= 3 and words[2] != "|"  # "16." alone is a bare number; "16, kader" is not
    if len(words) >= 2 and re.fullmatch(r"[0-9]{2}", words[0]) and words[1] in _LEADING_AGE_NEXT \
            and (words[1] != "|" or more) and MIN_AGE <= int(words[0]) <= MAX_AGE:
        return int(words[0])
    if "|" in msg.norm and len(_clauses(msg.norm, 3)) >= 2:
        for m in _CLAUSE_NUMBER.finditer(msg.norm):
            if MIN_AGE <= int(m.group(1)) <= MAX_AGE:
                return int(m.group(1))
    if msg.asked("age"):
        for m in _BARE_NUMBER.finditer(msg.norm):
            after = _after(msg.norm, m.end(), 1)
            if after and after[0] in _AGE_UNITS:
                continue
            value = int(m.group(1))
            if MIN_AGE <= value <= MAX_AGE:
                return value
    return None


# --- education ---------------------------------------------------------------------------------------------------

_COUNTRIES = (
    r"syrie|syria|eritrea|turkije|turkey|oekraine|ukraine|polen|poland|marokko|morocco|afghanistan|irak|iraq|"
    r"iran|somalie|somalia|ethiopie|ethiopia|soedan|sudan|jemen|yemen|rusland|russia|roemenie|romania|bulgarije|"
    r"bulgaria|suriname|egypte|egypt|libie|libya|pakistan|india|china|brazilie|brazil|nigeria|ghana|venezuela|"
    r"colombia|spanje|spain|portugal|italie|italy|griekenland|greece|belgie|belgium|duitsland|germany|"
    r"hongarije|hungary|litouwen|lithuania|letland|latvia|jordanie|jordan|libanon|lebanon|palestina|palestine"
)
# (value, pattern) most specific first: a later pattern may not reuse text an earlier one matched.
_EDUCATION_PATTERNS: list[tuple[str, re.Pattern[str]]] = [(v, _rx(p)) for v, p in (
    ("mavo_old", r"oude mavo|ouderwetse mavo|old mavo|mavo van vroeger|mavo (?:van |in |uit |before |voor )?19\d\d"),
    ("lbo_old", r"lbo|lts|vbo|lhno|leao|lagere technische school|lager beroepsonderwijs|ambachtsschool|"
                r"huishoudschool"),
    ("foreign", r"buitenlandse? (?:diploma|opleiding|school)|foreign (?:diploma|degree|qualification)s?|"
                r"diploma(?:'s)? (?:uit|from|is from|van) (?:het buitenland|abroad)|"
                r"(?:high school |secondary school |school )?diploma(?:'s)? (?:uit|from|is from) "
                r"(?:" + _COUNTRIES + r")|"
                r"diploma from abroad|diploma uit het buitenland|buitenland gestudeerd|studied abroad"),
    ("none", r"geen (?:enkel |enkele )?(?:diploma|diploma's|dipl[a-z']*|diplo[a-z']*|startkwalificatie)|"
             r"zonder (?:een )?(?:diploma|dipl[a-z]*)|"
             r"(?:do not|did not|never|don'?t|didn'?t) (?:have|had|got|get|finish(?:ed)?) (?:a |any |my )?"
             r"(?:diploma|degree|qualifications?|school)|have no (?:diploma|degree|qualifications?)|"
             r"gestopt met (?:school|de opleiding)|van school af(?:gegaan)?|school niet afgemaakt|dropped out|"
             r"no (?:diploma|diplomas|qualifications?|degree)|without (?:a |any )?(?:diploma|qualifications?)|"
             r"geen opleiding(?: afgemaakt| afgerond)?|alleen (?:de )?basisschool|only primary school|"
             r"primary school only|nothing finished|niks afgemaakt|niets afgemaakt|nooit (?:iets )?afgemaakt|"
             r"never finished (?:school|anything)"),
    ("entree", r"entree ?opleiding|entree|mbo ?(?:niveau |level |nivo )?1(?![0-9])"),
    ("mbo", r"mbo ?(?:diploma )?(?:niveau |level |nivo )?([2-4])|(?:niveau|level|nivo) ([2-4]) diploma|"
            r"diploma (?:mbo )?(?:niveau |level |nivo )([2-4])|mbo diploma (?:niveau|level|nivo) ([2-4])"),
    ("vwo", r"vwo|atheneum|gymnasium"),
    ("havo", r"havo"),
    ("vmbo_bb", r"vmbo ?(?:bb|b|basis ?beroeps\w*|basis|basic)|basis ?beroeps\w*|basisberoeps\w*|basic track|"
                r"basis(?! ?(?:school|van|niveau|kennis|vaardigheden|nederlands))|bb"),
    ("vmbo_kb", r"vmbo ?(?:kb|k|kader ?beroeps\w*|kader|kadr)|kader ?beroeps\w*|kaderberoeps\w*|"
                r"kader(?! van)|kadr|kaderr|kb"),
    ("vmbo_gl", r"vmbo ?(?:gl|g|gemengde?(?: leerweg)?)|gemengde? leerweg|gemengd|gl"),
    ("vmbo_tl", r"vmbo ?(?:tl|t|theoretische?(?: leerweg)?)|theoretische leerweg|theoretisch(?! gezien)|mavo|tl"),
)]
_WEAK_FOREIGN = _rx(r"(?:from|uit|come from|came from|kom uit|kwam uit|gevlucht uit|fled) (?:" + _COUNTRIES + ")")
_EDUCATION_RANK = {"none": 0, "foreign": 1, "lbo_old": 2, "mavo_old": 3, "vmbo_bb": 4, "vmbo_kb": 5,
                   "vmbo_gl": 6, "vmbo_tl": 7, "entree": 8, "havo": 9, "vwo": 10, "mbo2": 11, "mbo3": 12,
                   "mbo4": 13}
# Words before "mbo 3" that make it a wish, not a diploma: "ik wil mbo 3", "welke mbo 4 opleidingen".
_WISH_WORDS = frozenset("wil wilt willen want wanna naar zoek zoeken looking welke which kies choose starten "
                        "beginnen start begin graag hoop hope any wat what worden".split())
_WISH_AFTER = frozenset("opleidingen courses doen volgen halen worden".split())
_AFTER_FOREIGN = frozenset({"foreign", "entree", "mbo2", "mbo3", "mbo4"})
# Typo-tolerant school words, only for an answer to "which school?" ("gemende lerweg", "kaderberoeps").
_EDUCATION_WORDS = {"basis": "vmbo_bb", "gemengde": "vmbo_gl", "gemengd": "vmbo_gl", "kader": "vmbo_kb", "kaderberoeps": "vmbo_kb",
                    "basisberoeps": "vmbo_bb", "theoretische": "vmbo_tl", "theoretisch": "vmbo_tl",
                    "mavo": "vmbo_tl", "havo": "havo", "atheneum": "vwo", "gymnasium": "vwo"}
_EDU_NOTHING = frozenset("geen niks niets none nothing nee no".split())


def _education(msg: _Message) -> str | None:
    """The highest school type mentioned: "vmbo kader, daarna mbo 2" has an mbo 2 diploma."""
    taken: list[tuple[int, int]] = []
    found: list[str] = []
    for value, pattern in _EDUCATION_PATTERNS:
        for m in pattern.finditer(msg.norm):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if value in ("mbo", "entree") and (
                    set(_before(msg.norm, m.start(), 4)) & _WISH_WORDS or
                    set(_after(msg.norm, m.end(), 1)) & _WISH_AFTER):
                continue
            taken.append((m.start(), m.end()))
            found.append("mbo" + next(g for g in m.groups() if g) if value == "mbo" else value)
    if "foreign" in found:  # "vwo diploma uit iran" is a foreign diploma; a Dutch mbo diploma after it counts
        found = [v for v in found if v in _AFTER_FOREIGN]
    if found:
        return max(found, key=_EDUCATION_RANK.__getitem__)
    if _WEAK_FOREIGN.search(msg.norm):
        return "foreign"
    if msg.asked("education"):
        fuzzy = _fuzzy_word(msg, _EDUCATION_WORDS, 0.8)
        if fuzzy:
            return fuzzy
        words = _content_words(msg.norm) or [w for w in msg.words if w != "|"]
        if words and all(w in _EDU_NOTHING for w in words):
            return "none"
    return None


# --- havo/vwo year and diploma -----------------------------------------------------------------------------------

_PASSED = frozenset("gehaald afgerond gedaan afgemaakt af voltooid finished completed passed done behaald "
                    "overgegaan".split())
_HAVO_NUM = _rx(r"(?:klas |de )?(?:(havo|vwo|atheneum|gymnasium) ?([1-6])(?:e|de)?(?: klas| jaar)?|"
                r"([1-6])(?:e|de)? ?(?:klas |jaar )?(havo|vwo|atheneum|gymnasium))")
_TRANSITION = _rx(r"overgangsbewijs(?: (?:naar|voor|van))?(?: de)?(?: klas)?(?: (havo|vwo))? ?([1-6])")
_DIPLOMA_YES = _rx(r"(havo|vwo) ?diploma|diploma (?:van (?:de |het )?)?(havo|vwo)|"
                   r"(havo|vwo) (?:gehaald|afgerond|behaald|afgemaakt)|geslaagd voor (?:de |het )?(havo|vwo)|"
                   r"(?:finished|completed|graduated from) (havo|vwo)")
_DIPLOMA_NO = _rx(r"geen (?:havo|vwo) ?diploma|zonder (?:havo|vwo) ?diploma|no (?:havo|vwo) diploma|"
                  r"(?:havo|vwo) (?:niet|nooit) (?:gehaald|afgemaakt|afgerond)|(?:havo|vwo) (?:gestopt|dropout)|"
                  r"gestopt (?:met|op) (?:de |het )?(?:havo|vwo)|gezakt voor (?:de |het )?(?:havo|vwo)|"
                  r"(?:havo|vwo) (?:maar )?(?:geen|zonder) diploma|(?:havo|vwo) \w+ (?:maar )?(?:geen|zonder) diploma|"
                  r"dropped out of (?:havo|vwo)")
_FINAL_YEAR = {"havo": 5, "vwo": 6, "atheneum": 6, "gymnasium": 6}


def _havo_vwo_year(msg: _Message) -> int | None:
    m = _TRANSITION.search(msg.norm)
    if m:
        number = int(m.group(2))
        after_van = " van " in m.group(0)
        year = number if after_van else number - 1
        return year if 1 <= year <= 6 else None
    for m in _HAVO_NUM.finditer(msg.norm):
        kind = m.group(1) or m.group(4)
        number = int(m.group(2) or m.group(3))
        if number > _FINAL_YEAR[kind]:
            continue
        near = set(_after(msg.norm, m.end(), 3)) | set(_before(msg.norm, m.start(), 2))
        year = number if near & _PASSED and not near & _NEGATORS else number - 1
        if 1 <= year <= 6:
            return year
    return None


def _havo_vwo_diploma(msg: _Message) -> bool | None:
    if _DIPLOMA_NO.search(msg.norm):
        return False
    if _DIPLOMA_YES.search(msg.norm):
        return True
    for m in _HAVO_NUM.finditer(msg.norm):  # "havo 5 gehaald": the final year passed is the diploma
        kind = m.group(1) or m.group(4)
        number = int(m.group(2) or m.group(3))
        near = set(_after(msg.norm, m.end(), 3))
        if number == _FINAL_YEAR[kind] and near & _PASSED and not near & _NEGATORS:
            return True
    if msg.asked("havo_vwo_diploma"):
        return _yes_no(msg)
    return None


# --- vmbo profile ------------------------------------------------------------------------------------------------

_PROFILE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [(v, _rx(p)) for v, p in (
    ("BWI", r"bwi|" + _name(r"bouwen wonen (?:en |& )?interieur")),
    ("PIE", r"pie|" + _name(r"produceren installeren (?:en |& )?energie")),
    ("MVI", r"mvi|" + _name(r"media vormgeving (?:en |& )?ict")),
    ("MaT", r"ma ?& ?t|" + _name(r"maritiem (?:en|&) techniek")),
    ("MT", r"m ?& ?t|" + _name(r"mobiliteit (?:en|&) transport")),
    ("ZW", r"z ?& ?w|" + _name(r"zorg (?:en|&) welzijn")),
    ("EO", r"e ?& ?o|" + _name(r"economie (?:en|&) ondernemen")),
    ("HBR", r"hbr|" + _name(r"horeca bakkerij (?:en |& )?recreatie")),
    ("DP", r"d ?& ?p|" + _name(r"dienstverlening (?:en|&) producten")),
    ("GR", r"groen profiel|profiel groen|groene profiel|green profile"),
    # English names, as people translate them
    ("BWI", _name(r"construction (?:housing )?(?:and |& )?interior")),
    ("PIE", _name(r"production installation (?:and |& )?energy")),
    ("MVI", _name(r"media design (?:and |& )?ict")),
    ("MaT", _name(r"maritime (?:and|&) (?:technology|engineering)")),
    ("MT", _name(r"mobility (?:and|&) transport")),
    ("ZW", _name(r"(?:care|health) (?:and|&) (?:welfare|wellbeing|well-being|social work)")),
    ("EO", _name(r"(?:economy|economics|business) (?:and|&) (?:business|entrepreneurship|enterprise)")),
    ("HBR", _name(r"(?:hospitality|catering) bakery (?:and |& )?recreation")),
    ("DP", _name(r"services (?:and|&) products")),
)]
# When the profile was just asked: one recognisable word of its name is enough, typos included ("hoeca").
_PROFILE_WORDS = {
    "bouwen": "BWI", "wonen": "BWI", "interieur": "BWI", "construction": "BWI",
    "produceren": "PIE", "installeren": "PIE", "energie": "PIE", "production": "PIE", "installation": "PIE",
    "media": "MVI", "vormgeving": "MVI", "design": "MVI",
    "maritiem": "MaT", "maritime": "MaT",
    "mobiliteit": "MT", "transport": "MT", "mobility": "MT",
    "zorg": "ZW", "welzijn": "ZW", "care": "ZW", "welfare": "ZW",
    "economie": "EO", "ondernemen": "EO", "economy": "EO", "economics": "EO", "business": "EO",
    "horeca": "HBR", "bakkerij": "HBR", "recreatie": "HBR", "hospitality": "HBR", "bakery": "HBR",
    "dienstverlening": "DP", "producten": "DP", "services": "DP",
    "groen": "GR", "green": "GR",
}
# Short codes that are also ordinary words ("mat", "groen") need context: asked, "profiel" or a vmbo track.
_AMBIGUOUS_PROFILES = {"mt": "MT", "mat": "MaT", "zw": "ZW", "eo": "EO", "dp": "DP", "gr": "GR", "groen": "GR"}
_AMBIGUOUS_PROFILE_RX = _rx("|".join(_AMBIGUOUS_PROFILES))
_PROFILE_CONTEXT = _rx(r"profiel|profile|richting|sector|vmbo|kader|kadr|basis|basisberoeps|kaderberoeps|"
                       r"gemengde|bb|kb|gl|tl")


def _vmbo_profile(msg: _Message) -> str | None:
    best: tuple[int, str] | None = None
    for value, pattern in _PROFILE_PATTERNS:
        m = pattern.search(msg.norm)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), value)
    if best:
        return best[1]
    m = _AMBIGUOUS_PROFILE_RX.search(msg.norm)
    if m and (msg.asked("vmbo_profile") or _PROFILE_CONTEXT.search(msg.norm)):
        return _AMBIGUOUS_PROFILES[_word(m)]
    if msg.asked("vmbo_profile"):
        return _fuzzy_profile(msg)
    return None


def _fuzzy_profile(msg: _Message) -> str | None:
    """A profile named with typos ("proviel hoerca, bakekrij"): most words must name the same profile, so that
    "bouwen en timmeren met hout" (an interest) is not taken for BWI."""
    if _is_dont_know(msg):
        return None
    words = [w for w in msg.words if w != "|" and len(w) >= 4 and w not in _FILLER and w not in _NEGATORS
             and not difflib.get_close_matches(w, ("profiel", "profile", "vmbo"), n=1, cutoff=0.75)]
    found = [_PROFILE_WORDS[c[0]] for w in words[:12]
             if (c := difflib.get_close_matches(w, _PROFILE_WORDS.keys(), n=1, cutoff=0.75))]
    if found and len(set(found)) == 1 and 2 * len(found) >= len(words):
        return found[0]
    return None


def _fuzzy_word(msg: _Message, table: Mapping[str, str], cutoff: float = 0.75) -> str | None:
    """The value of the first word that is (nearly) a key of ``table``: for short answers with typos."""
    if _is_dont_know(msg):
        return None
    for word in msg.words[:12]:
        if len(word) < 4 or word in _FILLER or word in _NEGATORS:
            continue
        close = difflib.get_close_matches(word, table.keys(), n=1, cutoff=cutoff)
        if close:
            return table[close[0]]
    return None


# --- maths / science ---------------------------------------------------------------------------------------------

_SUBJECT = _rx(
    r"wiskunde ?[abk]?|wiskundes?|wiskude|wiskune|wiskunden|wiskund|wiskonde|wisk|"
    r"wis|wi(?= (?:en|&) nask)|"
    r"math|maths|mathematics|nask ?1|nask(?! ?2)|natuurkunde|natuur ?(?:en|&) ?scheikunde|nat ?sk|"
    r"(?<!computer )(?<!data )(?<!social )(?<!political )science|physics"
)
_WIS_NEXT = frozenset("en & of and nask nask1 natuurkunde heb had gehad wel niet".split())
_SUBJECT_NEG_AFTER = frozenset("niet not nie nooit never gedropt dropped".split())
_SUBJECT_NEG_BEFORE = _NEGATORS | frozenset("don't didn't dont didnt haven't havent doesn't hadn't".split())


def _has_math_or_science(msg: _Message, entity_subject: bool) -> bool | None:
    positive = negative = False
    for m in _SUBJECT.finditer(msg.norm):
        before = _before(msg.norm, m.start(), 3)
        after = _after(msg.norm, m.end(), 5)
        if _word(m) == "wis" and not before and after and after[0] not in _WIS_NEXT:
            continue  # "wis mijn gegevens" is the verb "erase"
        if "wel" in after[:2] or "wel" in before[-1:]:
            positive = True
        elif set(before) & _SUBJECT_NEG_BEFORE or set(after) & _SUBJECT_NEG_AFTER or \
                "laten vallen" in " ".join(after):
            negative = True
        else:
            positive = True
    if positive:
        return True
    if negative:
        return False
    if entity_subject:
        return True
    if msg.asked("has_math_or_science"):
        return _yes_no(msg)
    return None


def _yes_no(msg: _Message) -> bool | None:
    """A plain yes/no answer to the question the bot just asked."""
    if _is_dont_know(msg):
        return None
    words = [w for w in msg.words if w != "|"]
    if not words:
        if "\U0001f44d" in msg.clean:
            return True
        if "\U0001f44e" in msg.clean:
            return False
        return None
    if words[0] in _YES:
        return True
    if words[0] in _NO:
        return False
    if words[:2] in (["heb", "ik"], ["had", "ik"], ["i", "did"], ["i", "have"], ["i", "had"]):
        rest = words[2:3]
        return not (rest and rest[0] in _NEGATORS)
    return None


# --- interests ---------------------------------------------------------------------------------------------------

_BOUNDARY = r"[,.;:!?\n()\[\]|/]|\s(?:en|and)\s+(?:ik|i|wil|want|woon|live|ben|am|heb|have|zit|doe|mijn|my|" \
            r"ga|kom|werk|work)\b|\s(?:maar|but|want|omdat|because|dus|so|als|if|zodat|terwijl|while)\b"
_INTEREST_CUES = re.compile(
    r"\b(?:iets met|iets in de|something with|something in|interested in|interest in|interesse in|"
    r"interesse voor|geinteresseerd in|geïnteresseerd in|hou van|houd van|hou erg van|i like|i love|i enjoy|"
    r"i really like|i'm into|im into|i am into|passie voor|passion for|wil graag|werken met|work with|"
    r"working with|fan van|fan of)\s+([^,.;:!?\n()\[\]|/]{1,100})"
)
_SOFT_BOUNDARY = re.compile(_BOUNDARY)
_CUE_HINTS = ("iets ", "something ", "interes", "geinteresseerd", "geïnteresseerd", "hou", "like", "love",
              "enjoy", "into", "passi", "graag", "werken met", "work", "fan ")
_WORK_WITH = re.compile(r"\b(?:wil|wilt|willen|graag|liefst|later)\s+(?:graag\s+|later\s+|weer\s+)*met\s+"
                        r"([^,.;:!?\n()]{1,40}?)\s+(?:werken|bezig zijn|bezig)\b")
_HANDS = re.compile(r"^(?:werken met |working with |met |with )?(?:mijn|je|m'n|de|my|your|the) (handen|hands)"
                    r"(?: werken| bezig| bezig zijn)?$")
_LIKE_AFTER = re.compile(
    r"\bvind\s+(?:ik\s+)?(.{1,60}?)\s+(?:(?:heel|erg|echt|wel|best|super|zo|heel erg)\s+)*"
    r"(?:leuk|leuker|vet|gaaf|tof|interessant|cool|chill|mooi|fijn|nice)\b"
)
_LIKE_BEFORE = re.compile(
    r"(?:^|[,.;:!?\n(]\s*)([^,.;:!?\n()]{1,60}?)\s+(?:vind ik|lijkt me|lijkt mij|lijken me|is echt|zijn echt)\s+"
    r"(?:(?:heel|erg|echt|wel|best|super|zo)\s+)*(?:leuk|vet|gaaf|tof|interessant|cool|chill|mooi|wat)\b"
)
_LEAD_TRIM = re.compile(r"^(?:(?:iets|something|dingen|things|stuff|veel|graag|erg|heel|really|ook|also|to|te)"
                        r"\s+)*(?:(?:met|with|in|rond|around)\s+)?")
_TRAIL_WORDS = frozenset("ofzo ofz ofzoiets enzo haha hihi lol xd miss misschien hoor eigenlijk wel denk guess "
                         "think doen worden maybe too ook etc zo leuk vet a the de het een op in met bij van voor "
                         "of en and or with at on to".split())
_TRAIL_PHRASES = ("i guess", "i think", "denk ik", "or something", "or so", "en zo", "ofzo iets", "in het algemeen")
_REJECT_START = frozenset("weten vragen hulp advies info informatie beginnen starten stoppen praten know ask "
                          "help advice start begin talk dat dit het it that this die alles everything niks "
                          "nothing niets geld money".split())
# Text inside an interest phrase that really answers another question: the phrase is cut there.
_OTHER_FIELD = re.compile(
    r"\b(?:bbl|bol|werken en leren|leren en werken|work and learn|apprenticeship|voltijd|full[- ]?time|"
    r"zo snel mogelijk|zsm|asap|meteen|na de zomer|after the summer|beginnen|starten|"
    r"vmbo|mbo|havo|vwo|kader|niveau|level|wiskunde|nask)\b"
)


def _trim_phrase(phrase: str, place_span: str | None) -> str:
    """Cut a captured phrase to the interest itself: stop at a new clause, another field's answer or the place."""
    m = _SOFT_BOUNDARY.search(phrase)
    if m:
        phrase = phrase[:m.start()]
    phrase = phrase.strip(" \t-–—'\"*~")
    m = _OTHER_FIELD.search(phrase)
    if m:
        phrase = phrase[:m.start()]
    if place_span:
        m = re.search(r"\s(?:in|bij|near|rond|around|uit|from|in de buurt van|dichtbij|close to)\s+"
                      + re.escape(place_span) + r"\b", " " + phrase)
        if m:
            phrase = phrase[:max(m.start() - 1, 0)]
    phrase = _LEAD_TRIM.sub("", phrase.strip())
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


def _interests(msg: _Message, entity_interests: list[str], place_span: str | None) -> str | None:
    if msg.asked("interests_text"):
        text = msg.clean.strip()
        if _is_dont_know(msg) or not any(c.isalnum() or ord(c) > 0x2000 for c in text):
            return None
        words = [w for w in msg.words if w != "|"]
        if words and not _content_words(msg.norm) and _fold(text) == text:
            return None  # "nee", "niks", "hmm": an answer without an interest
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
    for value in entity_interests:
        phrases.append(value)
    for i, phrase in enumerate(phrases):  # one wording for "working with my hands", however it was cut
        m = _HANDS.match(phrase.lower())
        if m:
            phrases[i] = "met mijn handen werken" if m.group(1) == "handen" else "working with my hands"
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


# --- route ---------------------------------------------------------------------------------------------------------

_BBL = _rx(r"bbl|b b l|werken en leren|leren en werken|leer en werk|werk en leer|werkend leren|lerend werken|"
           r"work and learn|working and learning|learn and work|learning and working|learn while (?:you |i )?work|"
           r"earn while (?:you |i )?learn|apprenticeships?|work ?based learning|beroepsbegeleidende leerweg|"
           r"leerbaan|leerwerkbaan")
_BOL = _rx(r"bol|voltijds?|full ?time(?: school)?|dagopleiding|beroepsopleidende leerweg|"
           r"(?:liever|gewoon|alleen|elke dag|fulltime|eerst|wil|want to|rather) (?:\w+ )?naar school|"
           r"naar school (?:eerst|gaan)|liever school|school eerst|eerst school|rather (?:go to )?school|"
           r"(?:school first)")
_INDIFFERENT = _rx(r"maakt (?:me |mij |ons )?(?:niet|niks|niets|geen bal) uit|allebei|beide|beiden|"
                   r"geen voorkeur|boeie|either|doesn'?t matter|doesnt matter|does not matter|both|"
                   r"no preference|whatever|all the same|om het even|maakt niet zoveel uit|egal|"
                   r"wat het best(?:e)? is|whichever")
_ROUTE_CONTEXT = _rx(r"leerweg|bol|bbl|school|werk|werken|work|route|leren|learn|opleiding|apprenticeship")
_ROUTE_ASKED_BBL = _rx(r"(?:liever |gewoon |ik wil |rather |i want to )?(?:werken|werk|work|working)")
_ROUTE_ASKED_BOL = _rx(r"(?:liever |gewoon |rather )?school")


def _negated(norm: str, start: int) -> bool:
    return bool(set(_before(norm, start, 2)) & _NEGATORS)


_ASKING = _rx(r"(?:wil|wilt|willen) (?:graag |even |eerst )?(?:weten|vragen)|want to know|wondering|"
              r"vraag me af|vroeg me af|leg (?:eens )?uit|explain|wat betekent|what does")


def is_question(text: str) -> bool:
    """A message (or one clause of it) phrased as a question: "wat is bbl?", "hoeveel verdien je dan"."""
    return _is_question(_Message.of(text, None))


def _is_question(msg: _Message) -> bool:
    """A question about the options ("wat is bbl?") states no preference of the user."""
    if _ASKING.search(msg.norm):
        return True
    first = next((w for w in msg.words if w != "|"), "")
    return ("?" in msg.clean or first in _QUESTION_START) and not _PREFERENCE.search(msg.norm)


def _route(msg: _Message) -> str | None:
    asked = msg.asked("route")
    if not asked and _is_question(msg):
        return None
    bbl = [m for m in _BBL.finditer(msg.norm) if not _negated(msg.norm, m.start())]
    bol = [m for m in _BOL.finditer(msg.norm) if not _negated(msg.norm, m.start())]
    neg_bbl = any(_negated(msg.norm, m.start()) for m in _BBL.finditer(msg.norm))
    neg_bol = any(_negated(msg.norm, m.start()) for m in _BOL.finditer(msg.norm))
    indifferent = _INDIFFERENT.search(msg.norm) and (asked or _ROUTE_CONTEXT.search(msg.norm))
    if bbl and not bol:
        return "either" if indifferent and not _PREFERENCE.search(msg.norm) else "bbl"
    if bol and not bbl:
        return "either" if indifferent and not _PREFERENCE.search(msg.norm) else "bol"
    if bbl and bol:
        if indifferent:
            return "either"
        for m in re.finditer(r"(?:liever|rather|prefer|voorkeur voor|kies) (?:\w+ )?(\w+)", msg.norm):
            word = " " + m.group(1) + " "
            if _BBL.search(word):
                return "bbl"
            if _BOL.search(word):
                return "bol"
        return None
    if neg_bol and not neg_bbl:
        return "bbl"
    if neg_bbl and not neg_bol:
        return "bol"
    if indifferent:
        return "either"
    if asked:
        if _is_dont_know(msg):
            return "either"
        if _ROUTE_ASKED_BBL.search(msg.norm):
            return "bbl"
        if _ROUTE_ASKED_BOL.search(msg.norm):
            return "bol"
    return None


# --- start wish ----------------------------------------------------------------------------------------------------

_ASAP = _rx(r"zo snel mogelijk|zo sn?el mog[a-z]*|zo snel als (?:het kan|mogelijk)|zsm|asap|as soon as possible|"
            r"as soon as possib[a-z]*|right away|"
            r"immediately|meteen|per direct|zo vroeg mogelijk|as early as possible")
_ASAP_WEAK = _rx(r"nu|now|direct|gelijk|vandaag|today|volgende week|volgende maand|next week|next month")
_SEPTEMBER = _rx(r"na de zomer(?:vakantie)?|after (?:the )?summer(?: holidays?)?|volgend schooljaar|"
                 r"next school year|begin van het schooljaar|start of the school year")
_ANY_START = _rx(r"whenever|wanneer dan ook|maakt niet uit wanneer|geen haast|no rush|any time|anytime|"
                 r"doesn'?t matter when|maakt me niet uit wanneer|wanneer het uitkomt|geen idee wanneer")
_MONTH_RX = _rx("|".join(sorted(_MONTHS, key=len, reverse=True)))
# Abbreviations that are also names or words ("Jan"): only as the answer to "when do you want to start?".
_MONTH_ABBR = {"jan": "asap", "sep": "september", "aug": "september", "okt": "asap", "oct": "asap",
               "nov": "asap", "dec": "asap", "mrt": "asap", "apr": "asap", "jun": "asap", "jul": "asap"}
_MONTH_ABBR_RX = _rx("|".join(_MONTH_ABBR))
_START_CONTEXT = _rx(r"beginnen|begin|begint|starten|start|starting|instromen|instappen|inschrijven|"
                     r"aanmelden|enroll|enrol|join")
_START_NEAR = frozenset("beginnen begin begint starten start starting instromen instappen al if als possible "
                        "mogelijk kan".split())
_NOT_START = frozenset("gestopt gehaald geslaagd afgestudeerd geboren verhuisd gekomen sinds since ago geleden "
                       "finished graduated born moved stopped came was jarig birthday word turn turned werd "
                       "vorig vorige last afgelopen".split())


def _start_wish(msg: _Message) -> str | None:
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
        before, after = _before(msg.norm, m.start(), 3), _after(msg.norm, m.end(), 3)
        near = set(before) | set(after)
        if set(before[-2:]) & _NEGATORS or set(after[:2]) & _NEGATORS or after[:2] == ["nog", "niet"]:
            continue  # "not now", "nu nog niet"
        if asked or near & _START_NEAR:
            hits.append((m.start(), "asap"))
            break
    for m in _MONTH_RX.finditer(msg.norm):
        word = _word(m)
        if word == "may" and not (asked or _before(msg.norm, m.start(), 1) in (["in"], ["by"])):
            continue  # English "may" is usually the verb
        near = set(_before(msg.norm, m.start(), 4)) | set(_after(msg.norm, m.end(), 3))
        if near & _NOT_START or re.match(r" (?:19|20)\d\d\b", msg.norm[m.end():]) and not context:
            continue
        if context or len([w for w in msg.words if w != "|"]) <= 5:
            hits.append((m.start(), _MONTHS[word]))
            break
    if asked and not hits:
        m = _MONTH_ABBR_RX.search(msg.norm)
        if m:
            hits.append((m.start(), _MONTH_ABBR[_word(m)]))
        elif not _INDIFFERENT.search(msg.norm) and not _ANY_START.search(msg.norm):
            typo = _fuzzy_word(msg, _MONTHS, 0.86)  # "febuari", "setember" (not "maakt" for "maart")
            if typo:
                hits.append((0, typo))
    if hits:
        return min(hits)[1]
    if _ANY_START.search(msg.norm):
        return "any"
    if asked and (_is_dont_know(msg) or _INDIFFERENT.search(msg.norm)):
        return "any"
    return None


# --- Dutch level ---------------------------------------------------------------------------------------------------

_CEFR = _rx(r"(?:niveau |level |nt2 )?([abc][12])(?: niveau| level)?")
_LEVEL_WORDS = {
    "heel weinig": "A1", "zeer weinig": "A1", "bijna niks": "A1", "bijna niets": "A1", "nauwelijks": "A1",
    "geen nederlands": "A1", "geen woord": "A1", "almost nothing": "A1", "hardly any": "A1",
    "very little": "A1", "no dutch": "A1", "slecht": "A1", "bad": "A1",
    "een beetje": "A2", "beetje": "A2", "weinig": "A2", "niet goed": "A2", "niet zo goed": "A2",
    "niet heel goed": "A2", "niet erg goed": "A2", "not good": "A2", "not so good": "A2", "not very good": "A2",
    "a little": "A2", "a bit": "A2", "basic": "A2", "matig": "A2", "beginner": "A2",
    "redelijk": "B1", "gaat wel": "B1", "reasonable": "B1", "reasonably": "B1", "decent": "B1",
    "voldoende": "B1", "best goed": "B1",
    "goed": "B2", "vloeiend": "B2", "good": "B2", "fluent": "B2", "fluently": "B2", "dutch well": "B2",
    "quite well": "B2",
    "heel goed": "C1", "zeer goed": "C1", "erg goed": "C1", "very good": "C1", "very well": "C1",
    "uitstekend": "C1", "excellent": "C1", "perfect": "C1",
    "moedertaal": "native", "native": "native", "native speaker": "native", "mother tongue": "native",
    "first language": "native", "eerste taal": "native",
}
_LEVEL_RX = _rx("|".join(re.escape(k) for k in sorted(_LEVEL_WORDS, key=len, reverse=True)))
_DUTCH_ANCHOR_WEAK = _rx(r"spreek|spreken|speak|speaking|praat|praten|talk|taal|taalniveau|language|lees|schrijf")
_I_AM_DUTCH = _rx(r"ik ben (?:een )?(?:nederlander|nederlandse?|hollander)(?! (?:aan het|leren|les))|"
                  r"(?:i am|i'm|im) (?:a )?dutch(?! (?:learner|student|course|class|lesson|lessons|level))|"
                  r"born in (?:the )?netherlands|geboren in nederland")


_NO_DUTCH = _rx(r"(?:do not|don't|dont|cannot|can't|kan) (?:speak|spreek|praat|spreken) (?:any |nog geen |geen )?"
               r"(?:dutch|nederlands)(?! (?:well|good|fluently|very|so|goed|zo|heel|erg))|"
               r"spreek (?:nog )?geen (?:woord )?nederlands|speak no dutch")
_NATIVE_CUE = _rx(r"moedertaal|native speaker|native|mother tongue|first language|eerste taal")
_POSITIVE_LEVELS = frozenset({"B1", "B2", "C1"})


def _dutch_level(msg: _Message) -> str | None:
    asked = msg.asked("dutch_level")
    if not asked and _is_question(msg):
        return None  # "moet ik goed nederlands spreken?" asks about a requirement, not about the user
    if _I_AM_DUTCH.search(msg.norm):
        return "native"
    if _NO_DUTCH.search(msg.norm):
        return "A1"
    for clause in _clauses(msg.norm):
        other_language = bool(_LANGUAGE_NAMES.search(clause))
        dutch = bool(_DUTCH_WORD.search(clause))
        m = _CEFR.search(clause)
        if m and (dutch or asked or not other_language):
            code = m.group(1).upper()
            return "C1" if code == "C2" else code
        native = _NATIVE_CUE.search(clause)
        if native and (dutch or not other_language):
            return "native"
        if not (dutch or ((asked or _DUTCH_ANCHOR_WEAK.search(clause)) and not other_language)):
            continue
        m = _LEVEL_RX.search(clause)
        if m:
            level = _LEVEL_WORDS[_word(m)]
            if level in _POSITIVE_LEVELS and set(_before(clause, m.start(), 4)) & (_NEGATORS | {"don't", "dont"}):
                return "A2"  # "i don't speak dutch well"
            return level
    return None


# --- newcomer / jobseeker ------------------------------------------------------------------------------------------

_NEWCOMER = _rx(r"statushouders?|vluchteling(?:e|en)?|nieuwkomers?|asielzoekers?|azc|inburgering|inburgeren|"
                r"net in nederland|pas in nederland|sinds kort in nederland|net naar nederland|"
                r"refugees?|newcomers?|asylum(?: seeker)?|status holder|new (?:to|in) the netherlands|"
                r"(?:recently|just) (?:arrived|came|moved) (?:in|to) (?:the )?netherlands")
_JOBSEEKER = _rx(r"ww|ww uitkering|werkloos|werkloze|uitkering|bijstand|werkzoekende?|zonder werk|geen werk|"
                 r"geen baan|baan kwijt|ontslagen|unemployed|job ?seeker|looking for (?:a )?(?:job|work)|"
                 r"out of work|no job|on benefits|lost my job|laid off|jobless")


def _flag(pattern: re.Pattern[str], msg: _Message, slot: str) -> bool | None:
    """True when the cue is stated and not negated ("geen uitkering"); yes/no only when asked."""
    for m in pattern.finditer(msg.norm):
        if not set(_before(msg.norm, m.start(), 2)) & _NEGATORS:
            return True
    if msg.asked(slot):
        return _yes_no(msg)
    return None


# --- place -----------------------------------------------------------------------------------------------------------

_PLACE_TOKEN = re.compile(r"'?[^\W_][\w'\-]*")
_PLACE_CUES = frozenset("in uit bij near from woon woonachtig wonen live living lives dichtbij omgeving regio "
                        "around nabij rond vlakbij close moved verhuisd".split())
_PLACE_SKIP = frozenset("de het the buurt van omgeving area regio gemeente stad city town centrum close to in op "
                        "te a naar ergens somewhere uh uhm eh ehm nou".split())
# Words that are never (the start or end of) a place name; they also keep a fuzzy resolver from guessing.
_NOT_PLACE = frozenset("""
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
""".split())


def _place(msg: _Message, resolve: Callable[[str], str | None], entity_places: list[str]) -> tuple[str, str] | None:
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

    for value in entity_places:
        found = look(value)
        if found:
            return found, value.lower()
    raw = (m.group(0) for m in itertools.islice(_PLACE_TOKEN.finditer(msg.clean), MAX_PLACE_TOKENS * 4))
    tokens = [t.strip("-'") if not t.startswith("'s") else t.rstrip("-'") for t in raw]
    tokens = [t for t in tokens if t]
    low = [_fold(t.lower()) for t in tokens]
    digits = [any(c.isdigit() for c in t) for t in tokens]

    def spans_from(start: int) -> Iterable[tuple[str, str]]:
        for n in (3, 2, 1):
            part, part_low = tokens[start:start + n], low[start:start + n]
            if len(part) < n or any(digits[start:start + n]):
                continue
            if part_low[0] in _NOT_PLACE or part_low[-1] in _NOT_PLACE or (n == 1 and len(part_low[0]) < 3):
                continue
            yield " ".join(part), " ".join(t.lower() for t in part)

    def skip_noise(j: int) -> int:
        while j < len(low) and low[j] in _PLACE_SKIP:
            j += 1
        return j

    asked = msg.asked("place") and not _is_dont_know(msg) and not _is_question(msg)
    if asked:  # the answer to "where do you live?" is often just the name
        whole = msg.clean.strip(" .,!?;:")
        if whole and len(whole) <= 60 and not any(c.isdigit() for c in whole) and \
                not all(w in _NOT_PLACE for w in low):
            found = look(whole)
            if found:
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
    return None


# --- entities --------------------------------------------------------------------------------------------------------

_PROFILE_BY_LOWER = {p.lower(): p for p in VMBO_PROFILES}
_LEVEL_BY_LOWER = {lv.lower(): lv for lv in DUTCH_LEVELS}


def _entity_values(entities: object) -> dict[str, list[str]]:
    """Entity name -> values as text, skipping anything malformed (Rasa versions and tests differ)."""
    out: dict[str, list[str]] = {}
    if not entities or isinstance(entities, (str, bytes)):
        return out
    try:
        for ent in list(entities)[:50]:  # type: ignore[call-overload]
            if not isinstance(ent, Mapping):
                continue
            name, value = ent.get("entity"), ent.get("value")
            if not isinstance(name, str) or value is None or isinstance(value, bool):
                continue
            value = str(value).strip()[:MAX_INTERESTS]
            if value:
                out.setdefault(name, []).append(value)
    except Exception:
        log.exception("unreadable entities: %r", entities)
    return out


# entity name -> (exact value look-up, pattern parser for the raw entity text)
_ENTITY_PARSERS: dict[str, tuple[Callable[[str, str], Any], Callable[["_Message"], Any]]] = {
    "education": (lambda value, low: value if value in EDUCATION else None, _education),
    "vmbo_profile": (lambda value, low: _PROFILE_BY_LOWER.get(low), _vmbo_profile),
    "route": (lambda value, low: low if low in ROUTES else None, _route),
    "start_wish": (lambda value, low: low if low in START_WISHES else _MONTHS.get(_fold(low)), _start_wish),
    "dutch_level": (lambda value, low: _LEVEL_BY_LOWER.get(low), _dutch_level),
}


def _entity_field(name: str, values: list[str]) -> Any:
    """The first valid value of an entity; raw entity text is run through the patterns ("vmbo kadr")."""
    for raw in values:
        value = raw.strip()
        if name == "age":
            if re.fullmatch(r"\d{1,3}", value) and MIN_AGE <= int(value) <= MAX_AGE:
                return int(value)
            continue
        if name not in _ENTITY_PARSERS:
            return None
        direct, parse = _ENTITY_PARSERS[name]
        found = direct(value, value.lower()) or parse(_Message.of(value, name))
        if found:
            return found
    return None


# --- public API ------------------------------------------------------------------------------------------------------

_NL_CUES = frozenset("""
ik je jij jou jouw niet wat hoe het een en ben bent wil wilt zit heb hebt met voor graag de van mijn maar ook dat
die naar kan kun wel nee ja waar welke wanneer waarom dank geen nog zijn woon mij moet weet gaat jaar als om te er
nu zo al ofzo ff idd leuk goed doen hij zij wij ze wordt word gaan heel veel dit deze hier daar echt iets niks
niets alleen misschien omdat dus toch hoor kunnen willen hebben werken leren opleiding tot ziens zou kom
ofz weet wist doe beetje nederlands engels
""".split())
_EN_CUES = frozenset("""
i you the and want what how am my please thank a an to do does have has can it are this that with for live like
would yes no not where when which work learn years old be know about there from near your we they he she will
should could did been just really some any get need job study who why if or but at on also too much many very
here something anything english dutch speak
""".split())
_NL_GREETINGS = frozenset("hoi hallo dag doei hoii hallootjes goedemorgen goedemiddag goedenavond goeiemorgen "
                          "goeiedag houdoe dankjewel bedankt dankje doeg doeii".split())
_EN_GREETINGS = frozenset("hi hello bye goodbye thanks hiya howdy cheers".split())


_LANG_TOKEN = re.compile(r"[a-z0-9']+")


def detect_language(text: str) -> str | None:
    """"nl" or "en" when the message clearly is that language (more cue words, at least two), else None.

    Greetings count double, so "hoi" or "hello" on its own is enough to choose the answer language.
    """
    try:
        if not isinstance(text, str):
            return None
        words: list[str] = []
        for w in _LANG_TOKEN.findall(_fold(text[:MAX_LANGUAGE_CHARS].lower().translate(_QUOTES))):
            w = w if w in _CONTRACTIONS else w.strip("'")
            if not w.isalpha() and w not in _CONTRACTIONS:
                continue
            words.extend(_CONTRACTIONS.get(w, w).split())
        nl = sum(2 if w in _NL_GREETINGS else 1 for w in words if w in _NL_CUES or w in _NL_GREETINGS)
        en = sum(2 if w in _EN_GREETINGS else 1 for w in words if w in _EN_CUES or w in _EN_GREETINGS)
        if nl >= 2 and nl > en:
            return "nl"
        if en >= 2 and en > nl:
            return "en"
        return None
    except Exception:
        log.exception("detect_language failed")
        return None


def extract(
    text: str,
    entities: Sequence[Mapping[str, Any]] = (),
    requested_slot: str | None = None,
    resolve_place: Callable[[str], str | None] | None = None,
) -> Extracted:
    """Profile facts this one message states; fields it does not mention are absent from ``values``.

    ``requested_slot`` is the field the bot just asked for: it lets short answers ("16", "ja", "maakt niet
    uit", "eindhoven") count. ``resolve_place`` maps text to a canonical place name; without it no place is
    extracted. Never raises.
    """
    result = Extracted({}, None)
    try:
        msg = _Message.of(text, requested_slot)
        ents = _entity_values(entities)
    except Exception:
        log.exception("cannot read message")
        return result
    result.language = detect_language(msg.clean)
    values = result.values

    def run(name: str, fn: Callable[[], Any]) -> None:
        try:
            value = fn()
        except Exception:
            log.exception("extracting %s failed", name)
            return
        if value is not None:
            values[name] = value

    def from_entity_or(name: str, own: Callable[[], Any]) -> Callable[[], Any]:
        def pick() -> Any:
            if name in ents:
                value = _entity_field(name, ents[name])
                if value is not None:
                    return value
            return own()
        return pick

    run("education", from_entity_or("education", lambda: _education(msg)))
    run("vmbo_profile", from_entity_or("vmbo_profile", lambda: _vmbo_profile(msg)))
    run("has_math_or_science", lambda: _has_math_or_science(msg, bool(ents.get("subject"))))
    run("age", from_entity_or("age", lambda: _age(msg)))
    route_entity_ok = msg.asked("route") or not _is_question(msg)
    if route_entity_ok:
        run("route", from_entity_or("route", lambda: _route(msg)))
    run("start_wish", from_entity_or("start_wish", lambda: _start_wish(msg)))
    run("dutch_level", from_entity_or("dutch_level", lambda: _dutch_level(msg)))
    run("newcomer", lambda: _flag(_NEWCOMER, msg, "newcomer"))
    run("jobseeker", lambda: _flag(_JOBSEEKER, msg, "jobseeker"))
    run("havo_vwo_year", lambda: _havo_vwo_year(msg) if not msg.asked("havo_vwo_year") else
        (_havo_vwo_year(msg) or _bare_year(msg)))
    run("havo_vwo_diploma", lambda: _havo_vwo_diploma(msg))
    if values.get("education") == "foreign":  # a foreign "vwo" says nothing about the Dutch havo/vwo years
        values.pop("havo_vwo_year", None)
        values.pop("havo_vwo_diploma", None)

    place_span: list[str | None] = [None]
    if resolve_place is not None:
        def place() -> str | None:
            found = _place(msg, resolve_place, ents.get("place", []))
            if found:
                place_span[0] = found[1]
                return found[0]
            return None
        run("place", place)
    run("interests_text", lambda: _interests(msg, ents.get("interest", []), place_span[0]))
    return result


def _bare_year(msg: _Message) -> int | None:
    """Answer to "which havo/vwo year did you pass?": a single digit is enough."""
    m = re.search(r"(?<![0-9])([1-6])(?![0-9])", msg.norm)
    return int(m.group(1)) if m else None
