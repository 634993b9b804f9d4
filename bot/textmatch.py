"""Free-text interest matching for Dutch and English: normalising, light stemming, compounds, senses and typos.

Kept deliberately simple and predictable: a counsellor must be able to see which words matched. Three things
make it match meaning rather than single words:

- phrases first: the longest curated phrase wins and its words are used up ("heat pump" is not also "pump");
- senses: a keyword may hold only in a context ("programmeren ~ cnc, machine, plc": CNC programming) or never in
  one ("programmeren ~ not cnc, machine": software); the context is any other word of the message;
- other fields: phrases of non-technical work ("haren knippen", "koken") are read first and use their words up,
  so "haren knippen" never reaches the rebar cutter's "knippen".
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")
# Dutch plural/diminutive/verb endings and English plural/verb/agent endings; a word keeps at least 4 letters
# (3 before a plural s). Measured with bench/relevance.py.
_SUFFIXES = ("tjes", "jes", "tje", "ing", "je", "en", "es", "ed", "s", "e")
# Words that praise rather than name something ("drones r so cool", "vet nice"): never a keyword as typed, though
# their stems may be ("cooling", "vetten").
PRAISE = frozenset(
    "cool vet nice gaaf gave tof toffe chill lit dope awesome fun leuk leuke mooi mooie epic sick lekker fijn "
    "geweldig prachtig great amazing interesting interessant boeiend".split()
)
MIN_COMPOUND = 5  # a keyword at least this long may match the start or end of a longer word
MIN_PART = 4  # the shortest known word a compound may be split into
# The last part of a compound that says where work is done, not what it is ("autozaak", "metaalbedrijf")
_PLACE_HEADS = frozenset("zaak zaken winkel winkels bedrijf bedrijven handel fabriek fabrieken".split())
# Everyday words one or two letters from a keyword, never read as its typo: "vroeger" (formerly) is no "voeger",
# "op dit moment" no "monument", "interest" no "internet". Found by reading the words of our NLU examples, texts and
# descriptions through the index (see tests/test_relevance.py).
NOT_TYPOS = """vroeger moment momenten bestaat buitenland buitenlands slechter details detail instruction instructions
interest interests interesting protect registration search tracker better intent retrain retraining trainee
trainees trainer trainers training trainingen trainings medewerker medewerkers huiswerk around verkeerd verkeerde
special speciale veilig veilige transport driver drivers weather restaurant hospitality gebruik profile antwerp control
controlled verplegen slager gebouwd battery batteries batterij batterijen beveiliger beveiligers uitzoekt uitzoeken
papierwerk proper properly instructeur instructeurs instructor galeries physical physically werker werkers overleed
overleden overlijden""".split()
# Words whose ending is no plural or verb ending: "training" (a course) is no "train" ("trains": railway maintenance),
# the word a career switcher types most ("I want to retrain", "ik volg een training").
OWN_STEMS = frozenset("training trainingen trainings".split())
# Endings that make a keyword another word, not a compound: "tegelijk(ertijd)" (at once) is no "tegel".
NOT_A_REST = ("ijk",)
MIN_FUZZY = 6  # only words this long are corrected for typos
# A long word this close to a keyword is a typo of it before it is a compound ("moterfietsen"). Measured with
# bench/relevance.py.
MIN_TYPO_FIRST = 8
# Where a text names what someone wants to become ("to be a nurce", "kapster worden"), a word this long and this close
# to a non-technical occupation is a typo of it. Measured with bench/relevance.py (dev5).
MIN_BECOME_TYPO = 5
BECOME_TYPO_CUTOFF = 0.8
MIN_OTHER_TYPO = 9  # anywhere else, only a word this long, this close (TYPO_FIRST_CUTOFF), is another field's typo
TYPO_FIRST_CUTOFF = 0.9
# A turn towards a wish: what follows names what the person wants, what precedes may be a past job.
_TURN = re.compile(
    r"\b(maar|nu|straks|liever|but|now|instead|rather|switch\w*|overstappen|omscholen|eigenlijk|actually)\b"
)
_WISH = re.compile(
    r"\b(wil|wilt|willen|wilde|zou|lijkt|graag|liefst|liever|hoop|droom|want|wants|wanted|wanna|would|hope|dream|"
    r"like to|love to|prefer|preferably|rather|zie mezelf|zie ik mezelf|see myself|droombaan|dream job|denk aan|"
    r"thinking about|thinking of|looking for|op zoek naar|ik zoek|zoek ik)\b"
)
# "... gewerkt en wil nu iets technisch": the wish verb just before the turn
_WISH_BEFORE = re.compile(r"\b(?:wil|wilt|willen|want|wanna|would like)\s*$")
# Past work ("30 jaar vrachtwagen gereden", "I worked in a warehouse"): the clauses after it say what comes next
# (one list for the interest matcher and the age reader: "20 jaar bus gereden" is work, and its years no age)
PAST_PARTICIPLES = frozenset("gewerkt gereden gedaan geweest gestaan gezeten".split())
PAST_WORK_WORDS = PAST_PARTICIPLES | frozenset("werkte werkten reed worked drove ran".split())
# ... and the job someone has now, when more follows it ("ik werk al 20 jaar in de bouw als opperman; computers")
_JOB_NOW = (
    r"werk (?:nu |al )?(?:\d+ jaar )?(?:als|bij|in|aan|op|met)|i work (?:as|at|in|on|with)|"
    r"i(?:'?ve| have) been working|right now i do|(?:i )?currently (?:do|work)"
)
# Who tells of the work they do now, or did: one list for the readers of a job, of a role at a firm and of the level
# someone works at. I_AM: "I'm" as this module folds it ("im"), as intake folds it ("i'm") and as tokens ("i m")
WORK_NOW = ("ik werk", "ik ben", "ik sta", "i work")
# (after a word: "nu werk ik ...", "sinds 2019 ben ik ...")
WORK_NOW_AFTER = ("werk ik", "ben ik", "sta ik")
WORK_BEFORE = ("ik werkte", "ik was", "i worked", "i was")
I_AM = r"i'?m|i m|i am"
BEEN = r"i(?:'?ve| have) been"
# "former chef, 36, ...": a job of before (not for the age reader: "voormalig kok, 36 jaar" is an age)
_FORMER = "former|formerly|voormalig|voormalige|gewezen"
# "I've been a plumber and heating fitter for twelve years. Now I want to ... designing heating systems": the job
_BEEN_A = rf"{BEEN} an?"  # (this module's fold drops the apostrophe: "ive")
# "After 15 years as a car mechanic I want ...", "na twintig jaar als elektricien wil ik iets heel anders"
_AFTER_YEARS = r"(?:after|na) (?:\w+ )?(?:years?|jaar) (?:as|als|of \w+ing|\w+en)"  # "na acht jaar dakdekken"
_BURNED_OUT = r"burn(?:ed|t)? out (?:as|in|at)|burn ?out (?:als|in|bij)|opgebrand (?:als|in|bij)"
# "CNC operator for 6 years, three shifts.", "Carpentry on building sites for 15 years.": a job told as a sentence's
# opening words (not "I have loved cars for 10 years"); past work only when another field's wish follows (a "Roofer
# for 8 years. I want the allround diploma" moves up in the same trade)
_YEARS_AS = re.compile(
    r"(?:^|(?<=[.!?] ))(?:(?!(?:i|ik|love|loved|like|liked|enjoy|enjoyed|hou|vind)\b)\w+ ){1,5}for (?:\d+|a few|many|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty\w*|thirty\w*) years\b"
)
# Endings of Dutch words that name a person by their work; only such words of a name stand for its field alone.
OCCUPATION_ENDINGS = (
    "er",
    "eur",
    "ist",
    "ant",
    "ent",
    "aar",
    "ier",
    "kundige",
    "ster",
    "man",
    "vrouw",
    "kok",
    "agent",
    "coach",
    "leider",
    "trainer",
    "ondersteuner",
    "verzorgende",
    "hulp",
    "ouder",
    "bode",
)
# Words that end like a job but are none: "17 jaar scholier", "35 jaar moeder van twee", "15 jaar kader"
NOT_A_JOB = frozenset(
    "student scholier moeder vader ouder zuster kader later ongeveer zeker super ander weer meer nummer puber tiener "
    "havist vmboer mavoer vwoer brugklasser nieuwkomer statushouder zomer winter over after older younger ever "
    "never other rather together however either neither whether under".split()
)
MIN_JOB_WORD = 5
SHORT_JOBS = frozenset(
    {"kok", "chef", "cook", "boer", "arts", "nurse"}
)  # ("er", "meer": shorter words with a job's ending are mostly none)


def names_a_job(word: str) -> bool:
    """Whether a word looks like the name of a job ("opperman", "vrachtwagenchauffeur") by its ending."""
    return word in SHORT_JOBS or (
        len(word) >= MIN_JOB_WORD and word.endswith(OCCUPATION_ENDINGS) and word not in NOT_A_JOB
    )


_COUNT = (
    r"\d+|een paar|a few|many|veel|tien|elf|twaalf|\w+tien|twintig|dertig|veertig|\w+ntwintig|\w+ndertig|ten|"
    r"eleven|twelve|\w+teen|twenty\w*|thirty\w*|forty\w*"
)
# "20 jaar vrachtwagenchauffeur, rug is op": years in a job, told without a verb (like _YEARS_AS: past work only
# when the job or the wish after it is another field's; "al twintig jaar timmerman ... uitvoerder" stays in the trade)
_YEARS_IN_JOB = re.compile(
    rf"\b(?:{_COUNT}) (?:jaar|jr|years?) (?P<job>(?!(?:{'|'.join(sorted(NOT_A_JOB))})\b)\w{{2,}}"
    rf"(?:{'|'.join(OCCUPATION_ENDINGS)})|{'|'.join(sorted(SHORT_JOBS))})\b"
)
_PAST_WORK = re.compile(
    rf"\b(?:{'|'.join(sorted(PAST_WORK_WORDS))}|used to|{_FORMER}|{_JOB_NOW}|{_BEEN_A}|{_AFTER_YEARS}|{_BURNED_OUT})\b"
)
_CLAUSE_END = re.compile(r"[.,;!?]")
_SENTENCE_STOP = frozenset(".;!?")
_SENTENCE_END = re.compile(f"[{''.join(sorted(_SENTENCE_STOP))}]+")


def split_sentences(folded: str) -> list[str]:
    """The sentences of a folded text, without empty ones: one splitter for every reader of sentences."""
    return [part for part in _SENTENCE_END.split(folded) if part.strip()]


_LIKING_WORDS = re.compile(
    r"\b(?:hou|houd|houdt|dol op|love|loves|like|likes|enjoy|enjoys|fan|passie|passion|gefascineerd|fascinated)\b"
)
# A sentence that calls what it tells a pastime: "ik bouw wel eens een pc, maar dat is gwn voor de lol", "I restore
# old radios, but it's only a hobby", "on rainy days I build model planes"
_PASTIME = re.compile(
    r"\b(?:hobby|hobbys|hobbies|for fun|just for fun|voor de lol|voor de fun|to relax|om te ontspannen|free time|"
    r"spare time|vrije tijd|in the evenings?|s avonds|weekend thing|at the weekend|on weekends|in het weekend|"
    r"on rainy days|side thing|bijzaak|weekends|great fun|for fun|sometimes|soms|af en toe|wel eens|weleens|"
    r"now and then|occasionally|trouwens|by the way|btw|for friends|voor vrienden|for my friends|voor familie)\b"
)
# A sentence that says it is about the job: beside it, the other sentences tell of pastimes ("Ik vlieg graag met mijn
# drone. Werken wil ik in de dierenzorg")
_JOB_SAID = re.compile(
    r"\b(?:job ?wise|for (?:a |my )?(?:job|work|a living)|as a job|werken wil ik|als (?:beroep|werk|baan)|"
    r"voor mijn werk|droombaan|dream job|career ?wise)\b"
)
# "I'd like to", "would love to": a wish, not a liking
_LIKE_TO = re.compile(
    r"\b(?:(?:would|d) )?(?:like|love) to\b|\b(?:would|d) (?:like|love)\b|(?<=, )like\b"
)  # ", like": such as
_WISH_IN_CLAUSE = re.compile(
    r"\b(?:(?:en|and|but|maar) (?:ik |i )?(?:wil|want|wanna|would like|zou graag|hoop|hope)|i want|wil ik)\b"
)
# A turn that says which part of what came before is meant: "iets met auto's, maar dan gewoon rijden: taxi of uber"
_NARROWS = re.compile(r"(?:maar|but) (?:dan|then|just|gewoon|gwn)\b")
_TECHNICAL_WISH = re.compile(r"\b(?:techni\w*|technical|tech)\b")


def _says_technical(text: str) -> bool:
    """Whether the text asks for technical work, not negated ("ik denk niet dat hij de techniek in wil": no)."""
    return any(_TECHNICAL_WISH.fullmatch(w) and not no for w, no in zip(_TOKEN.findall(fold(text)), negated(text)))


_ADDS = re.compile(r"\b(?:ook|also|too|as well)\b")  # a wish beside what came before, not instead of it
# "Geen technisch werk.", "nothing technical": said beside another field, the technical words are not the wish
_NOT_TECHNICAL = re.compile(
    r"\b(?:geen|niks|niets|nothing|no|not) (?:echt |really |so |zo )?(?:technisch\w*|technical|techniek|tech)\b"
)
# The technical work itself turned down, beside another field: "zelf sleutelen hoeft voor mij niet", "de computers zelf
# interesseerden me niet", "niet van gereedschap", "he doesn't want to repair them"; what is turned down (``obj``)
# must name technical work ("sport interesseert me niet" turns down the other field)
_TURNED_DOWN = (
    re.compile(
        r"(?:^|[.,;:!?] ?|\b(?:maar|but|en|and) )(?P<obj>[^.,;:!?]{2,60}?) (?:hoeft|hoef) (?:voor mij |van mij )?"
        r"(?:echt |dus |eigenlijk |helemaal |zeker )*niet\b"
    ),
    re.compile(
        r"(?:^|[.,;:!?] ?)(?P<obj>[^.,;:!?]{2,60}?) (?:interesseer\w*|interesseert|interesseren|boeit|boeien|"
        r"boeide|trekt|trekken|trok) (?:me|mij|hem|haar) (?:\w+ ){0,2}niet\b"
    ),
    re.compile(r"\b(?:hou|houd|houdt) (?:\w+ ){0,2}niet (?:zo |echt )?van (?P<obj>[^.,;:!?]{2,40})"),
    re.compile(r"\bmaar niet (?:van|in|met) (?P<obj>[^.,;:!?]{2,40})"),
    re.compile(
        r"(?:^|[.,;:!?] ?)(?P<obj>[^.,;:!?]{2,60}?) (?:laat ik (?:graag |liever )?(?:\w+ ){0,3}over|"
        r"doet (?:wel )?een ander|doen anderen)\b"
    ),
    re.compile(
        r"\b(?:doesn t|don t|doesnt|dont|do not|does not|never) (?:\w+ ){0,2}(?:want|wants|like|likes) "
        r"(?:to )?(?P<obj>[^.,;:!?]{2,40})"
    ),
    re.compile(r"\bnot (?:really |that |very )?(?:into|interested in) (?P<obj>[^.,;:!?]{2,40})"),
    re.compile(r"\b(?:i ll|ill|i will|i d|id) (?:happily |gladly )?leave (?P<obj>[^.,;:!?]{2,40}?) to\b"),
)
# A wish that points back at the sentence before it: "her job sounds great. I want to do that too"
_THAT_TOO = re.compile(
    r"\b(?:(?:(?:do|doing) )?(?:that|dat) (?:too|as well|ook)|do that|doing that|dat wil ik(?: ook)?|"
    r"dat lijkt me(?: ook)?|want that|wil dat)\b"
)
PAST_WEIGHT = 0.3  # weight of what came before the wish (a past job still says something)
CONTEXT = "~"  # "keyword ~ context, words" or "keyword ~ not context, words"
CORE_WORDS = 6  # per profile and language, the first keywords name the work itself ...
PERIPHERAL = 0.6  # ... and the later ones (tools, places, related words) count for this much
# A single word claims a fit on its own only when at least this share of its meanings here lie in one broad field
# ("lassen": metal; not "repareren", "machines", "fabriek", spread over many fields). Measured with bench/relevance.py.
SPECIFIC_SHARE = 0.7
MANY_OTHER = 2  # non-technical fields named beside a list item of several fields: that item is a pastime
LISTED_WEIGHT = 0.45  # a word of several fields ("electronics") still names technical work as an item of a list; 0.3
# took "kleuren" in "kapster worden, haren knippen en kleuren" for technical work


_APOSTROPHE_S = re.compile(r"(?<=[a-z0-9])['\u2019]s\b")


def fold(text: str) -> str:
    """Lower case without accents; "pc's", "auto's" and "uncle's" lose their 's (a Dutch plural, an English 's)."""
    text = _APOSTROPHE_S.sub("", unicodedata.normalize("NFC", text).lower())
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace("'", "")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if word in OWN_STEMS:
        return "training"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 if suffix == "s" else 4):
            word = word[: -len(suffix)]
            break
    if len(word) >= 5 and word[-1] == word[-2] and word[-1] not in "aeiou":  # lass(en) = las, bouww -> bouw
        word = word[:-1]
    return word


_VOWELS = "aeiou"


_NOT_TYPO_STEMS = frozenset(stem(w) for w in NOT_TYPOS)  # the index compares stems


def _doubled(word: str) -> str:
    """The stem of a verb typed with one s where Dutch doubles it: "lasen" is "lassen" ("las").

    Only s: between two single vowels Dutch writes z ("lezen") or ss, so "lasen" is no word of its own; with other
    letters it often is ("halen" is no typo of "hallen")."""
    if len(word) == 5 and word.endswith("sen") and word[1] in _VOWELS:
        return stem(word[:3] + "sen")
    return ""


# Dutch letters that sound the same, which pupils swap ("outo's reparere" got bicycle courses)
_SOUND_ALIKE = (("ou", "au"), ("au", "ou"), ("ij", "ei"), ("ei", "ij"))


def _sound_alike(word: str) -> tuple[str, ...]:
    """The word with one of the Dutch sound-alike spellings swapped for the other, everywhere it occurs."""
    return tuple(word.replace(a, b) for a, b in _SOUND_ALIKE if a in word)


# Who a Dutch verb form after them is about: "hij gamet", "ik klus", "mijn zoon bouwt" (not "ik hou van sport")
_SUBJECTS = frozenset(stem(w) for w in "ik hij zij ze je jij u zoon dochter kind broer zus".split())


_NO_VERB_FORM = frozenset({"was"})  # "ik was elektricien" is no "wassen"


def _verb_form(word: str, before: str) -> str:
    """The stem of the verb a Dutch present tense after a subject is a form of: "gamet" is "gamen" and "klus" (its
    "s" taken off as a plural's, "klu") "klussen"; else ""."""
    if before not in _SUBJECTS or word in _NO_VERB_FORM:
        return ""
    if len(word) >= 4 and word.endswith("t"):
        return stem(word[:-1] + "en")
    return word + "s" if len(word) >= 3 else ""


def tokens(text: str) -> list[str]:
    return [stem(t) for t in _TOKEN.findall(fold(text))]


# Parts no keyword phrase runs across: the tags of the choices an undecided pupil made, each apart from what they
# typed ("met machines" and the building site's tag "bouwen" read as "machines bouwen", mechatronics).
_BREAK = "\x1f"  # (the unit separator: whitespace to the regular expressions, no letter of a token)
APART = f" {_BREAK} "


def _tokens_apart(folded: str) -> tuple[list[str], frozenset[int]]:
    """The tokens, and the indexes where a part after APART starts."""
    typed: list[str] = []
    breaks: set[int] = set()
    for part in folded.split(_BREAK):
        if typed:
            breaks.add(len(typed))
        typed += _TOKEN.findall(part)
    return typed, frozenset(breaks)


def _crosses(breaks: frozenset[int], start: int, n: int) -> bool:
    return bool(breaks) and any(start < b < start + n for b in breaks)


MIN_NAME_WORD = 5  # a word of a non-technical qualification's name this long names its field on its own
# Words of qualification names that name no field of work ("Zelfstandig werkend kok": only "kok" does).
GENERIC_NAME_WORDS = frozenset(
    tokens(
        "medewerker medewerkster allround eerste assistent assistente specialist gespecialiseerd zelfstandig werkend "
        "vakkracht vakman vakvrouw ondernemer ondernemend manager coordinator coördinator teamleider leidinggevende "
        "adviseur beheerder junior senior basis middenkaderfunctionaris functionaris uitvoerend operationeel "
        "commercieel technisch internationaal internationale zakelijk zakelijke dienstverlening service praktijk "
        "opleider begeleider niveau branche sector bedrijf bedrijven organisatie algemeen algemene kader"
    )
)


@dataclass(frozen=True)
class Match:
    key: str  # the profile the keyword belongs to
    keyword: str  # the keyword as curated (shown to the user)
    weight: float
    specific: bool = True  # names work in one broad field (or is a phrase): may claim a fit on its own


@dataclass(frozen=True)
class Reading:
    """What a text says about interests: technical matches, and the other (non-technical) fields it names."""

    matches: list[Match]
    other: list[str]  # keys of non-technical fields, in the order they appear
    words: list[str]  # the stemmed words that no non-technical phrase used up
    surface: dict[str, str]  # stemmed word -> the word as typed (to show which words matched)
    # "make-up en nagels, maar ook solderen": technical work named on its own, beside a non-technical field
    also_technical: bool = False
    # the stemmed words of the wish when a wish follows a turn or past work ("20 jaar opperman, nu iets met elektra"),
    # else empty (all words are the wish)
    wish_words: tuple[str, ...] = ()
    # ... and the words before the wish tell of work someone did or does ("20 jaar opperman, rug is op. iets met
    # elektra"), not of another liking ("I like cars but more selling")
    after_work: bool = False
    # ... and the folded words of that wish ("nu wil ik de technische kant leren"), else empty
    wish_text: str = ""
    # the non-technical fields are what someone leaves for technical work ("ik was kok, nu wil ik iets technisch")
    leaves_for_technical: bool = False
    # a non-technical occupation is what someone wants to become ("echt chef worden", "want to be a nurse"): the
    # technical words beside it ("met die dikke pannen") are its tools, not a second liking
    becomes_other: bool = False


@dataclass(frozen=True)
class _Sense:
    key: str
    lang: str  # "nl", "en" or "" (both): a keyword of the other language needs an exact word
    need: frozenset[str]  # at least one of these stems must be in the text (empty: no condition)
    avoid: frozenset[str]  # none of these stems may be in the text
    core: float = 1.0  # the first words of a curated list name the work itself; later ones weigh less


def wish_part(text: str) -> str | None:
    """The words from the last turn that states a wish on ("..., maar nu wil ik ...", "but I want to ..."), or None."""
    folded = fold(text)
    for turn in reversed(list(_TURN.finditer(folded))):
        tail = folded[turn.start() :]
        if _WISH.search(tail) or _WISH_BEFORE.search(folded[: turn.start()]) or _NARROWS.match(tail):
            return tail
    return None


# "Ik ben nu 2e jaars elektrotechniek", "I'm in the automotive course", "sta ik nu twee jaar bij een dealer"
_NOW_IN = re.compile(r"\b(?:ik ben nu|ik zit (?:nu )?in het|i m in the|im in the|i am in the|sta ik nu|ik sta nu)\b")
# "Ik ben schilder.", "I'm a welder": a job someone has, when the word after it names one (names_a_job)
_I_AM_A = re.compile(rf"\b(?:ik ben|{I_AM}) (?:een |a |an )?(?P<job>\w+)")


def _work_told(folded: str) -> list[re.Match[str]]:
    """Where a folded text tells work someone did or does: past work, a job now, "ik ben schilder"."""
    jobs = [m for m in _I_AM_A.finditer(folded) if names_a_job(m.group("job"))]
    return sorted([*_PAST_WORK.finditer(folded), *jobs], key=lambda m: m.start())


def _tells_work(sentence: str) -> bool:
    """Whether a folded sentence tells a job or course someone has now or had."""
    return bool(_NOW_IN.search(sentence) or _work_told(sentence))


def _without_work_told(text: str) -> str:
    """The sentences that tell no job or course someone has now or had ("Het liefst word ik barista. Ik werk nu als
    monteur, kasten aansluiten in de straat": the job's tasks are no wish added to the barista's); all of it when
    every sentence tells one."""
    sentences = split_sentences(fold(text))
    kept = [part for part in sentences if not _tells_work(part)]
    return " . ".join(kept) if kept else fold(text)


def after_past_work(text: str) -> str | None:
    """The clauses after the last one about past work ("30 jaar vrachtwagen gereden, rug is op. iets met elektra"),
    or None."""
    folded = fold(text)
    past = _work_told(folded)
    if not past:
        return None
    end = _CLAUSE_END.search(folded, past[-1].end())
    # "ik werk bij een bedrijf dat scheepsdiesels reviseert en ik wil zelf storingen vinden, niet alleen ...": the
    # wish within the clause of the job is what comes next (the clause after it was taken for the wish)
    wish = _WISH_IN_CLAUSE.search(folded, past[-1].end(), end.start() if end else len(folded))
    if wish:
        return folded[wish.start() :]
    return folded[end.end() :] if end and folded[end.end() :].strip() else None


def before_past_work(text: str) -> str | None:
    """The clauses before the first one about past work when the past work ends the text ("iets met elektra
    misschien, ik heb 20 jaar in de bouw gewerkt"), or None."""
    folded = fold(text)
    past = _work_told(folded)
    if not past or _CLAUSE_END.search(folded, past[-1].end()) and folded[past[-1].end() :].strip(" .!?"):
        return None
    start = max(folded.rfind(mark, 0, past[0].start()) for mark in ",.;")
    return folded[:start] if start > 0 and folded[:start].strip() else None


def _wish_sentence_on(tail: str) -> str:
    """From the first sentence that states a wish, when the sentences before it in ``tail`` (the words after past
    work) state no wish or liking: they tell more of the job ("I've worked five years on an ICT helpdesk, resetting
    passwords and fixing laptops, and I'm sick of screens. I want to work with animals")."""
    sentences = split_sentences(tail)
    for n, sentence in enumerate(sentences):
        if _WISH.search(sentence) or _LIKING_WORDS.search(_LIKE_TO.sub(" ", sentence)):
            return tail[tail.index(sentence) :] if n else tail
    return tail


# "make-up, maar ook solderen", "cooking but also coding": what follows names a liking of its own. (A comma does
# not: "vrachtwagenchauffeur worden, rijden door heel Europa" says more of the same wish.)
ALSO = re.compile(r"\b(?:maar ook|en ook|ook nog|but also|and also|as well as)\b")


def turned_down(text: str) -> list[str]:
    """What a text turns down, folded ("zelf sleutelen" in "zelf sleutelen hoeft voor mij niet")."""
    folded = fold(text)
    return [m["obj"] for pattern in _TURNED_DOWN for m in pattern.finditer(folded)]


def added_parts(text: str) -> list[str]:
    """The parts of "X maar ook Y"; empty when nothing was added."""
    parts = [p for p in ALSO.split(fold(text)) if p.strip()]
    return parts if len(parts) > 1 else []


# The items of a list of interests ("programmeren en muziek maken", "electronics, music")
_LIST = re.compile(r"[,;]|\b(?:en|and|of|or|maar ook|en ook|ook nog|but also|and also|as well as)\b")
# Verbs of using a vehicle, or washing, that non-technical work does too (a driver, a stewardess, a dog groomer)
_USE_VERBS = re.compile(
    r"\b(?:rijden|rijd|rijdt|reed|vliegen|vlieg|varen|vaar|wassen|drive|driving|drove|fly|flying|sail|sailing|"
    r"wash|washing)\b(?! (?:met )?(?:een |de |a |the )?drones?\b)"  # flying drones is technical work
)


# A turn away from what came before: "maar ik wil daar niet mijn werk van maken", "but I don't want to fix them"
_TURNS_FROM_IT = re.compile(
    r"\W*\w+ (?:(?:ik )?wil (?:\w+ )?(?:niet|geen)|(?:\w+ )?wil ik (?:\w+ )?(?:niet|geen)|"  # "maar daar wil ik geen"
    r"(?:i |he |she )?(?:says )?(?:(?:he |she )?(?:dont|don t|do not|doesnt|does not|didnt|did not) want)|"
    r"(?:i )?want (?:\w+ )?not)\b"
)
_WAS = re.compile(r"\b(?:ik was|was ik|i was|i used to)\b")
# A study someone stopped ("ik deed de opleiding ict maar ben gestopt. ik wil nu de bouw in"): what came before the
# wish is past, like a job (the ICT courses came first). One list for the intake, the scope and the school read too.
STOPPED_WORDS = ("gestopt", "stopte", "afgebroken", "uitgevallen", "stopped", "quit", "dropped out")
_STOPPED = re.compile(rf"\b(?:{'|'.join(STOPPED_WORDS)})\b")


# Likings told in separate messages of the chat are kept apart by it ("buiten; computer": bot/intake.add_interest)
TOLD_APART = ";"


def told_apart(text: str) -> list[str]:
    """The likings of a text told in separate messages; empty for a text of one."""
    parts = [p.strip() for p in text.split(TOLD_APART) if p.strip()]
    return parts if len(parts) > 1 else []


_BECOME_AFTER = frozenset("worden word wordt werden wurden".split())  # "kunstenares worden", typed as it comes
_BECOME_BEFORE = (("become",), ("becoming",), ("be", "a"), ("be", "an"), ("droom", "is"), ("wil", "bij", "de"))


def _becomes(typed: list[str], start: int, n: int) -> bool:
    """Whether the words at ``start`` (``n`` long) are what someone wants to become: "chef worden", "om kok te
    worden", "want to become a pastry chef" (not "ik was kok, nu wil ik monteur worden": three words at most
    between)."""
    after = typed[start + n : start + n + 3]
    before = tuple(typed[max(0, start - 3) : start])
    return bool(_BECOME_AFTER.intersection(after)) or any(
        before[i : i + len(b)] == b for b in _BECOME_BEFORE for i in range(len(before) - len(b) + 1)
    )


def _role_at(typed: list[str], after: int, workplace: list[bool]) -> bool:
    """Whether another field's word is the work someone names at a workplace: "Planner bij een metaalbedrijf",
    "HR-medewerker op een scheepswerf", "receptionist at a company that builds heat pumps" (the firm's products are
    where the work is done, not the work). Not someone's job now ("ik werk als schoonmaker in een fabriek")."""
    near = range(after, min(len(typed), after + ROLE_REACH))
    at = any(typed[k] in _AT_WORKPLACE and k + 1 < len(workplace) and workplace[k + 1] for k in near)
    return at and not _NOW_OR_PAST.search(" ".join(typed[max(0, after - NOW_REACH) : after]))


ROLE_REACH = 2  # "bij" at most this many words after the other field's word ("schoonmaker worden in een fabriek")
_WHICH = frozenset("dat die that which who".split())  # a clause that says what a firm does
# (not "werk" or "work" alone: "I'd like to work at the reception of a truck dealership" is a wish)
_NOW_OR_PAST = re.compile(rf"\b(?:{'|'.join(WORK_NOW + WORK_NOW_AFTER + WORK_BEFORE)}|{I_AM}|nu|now|currently)\b")
NOW_REACH = 8  # words before the other field's end that may say it is someone's job now ("I'm 44, office manager")


def _becomes_here(typed: list[str], i: int) -> bool:
    """Whether the word at ``i`` is the very word someone wants to become: "to be a nurce", "kapster worden" (only
    "worden" after it: "het wordt" says no wish, and dev4 lost a course to it)."""
    before = tuple(typed[max(0, i - 2) : i])
    return typed[i + 1 : i + 2] == ["worden"] or before in _BECOME_RIGHT_BEFORE or before[-1:] == ("become",)


_BECOME_RIGHT_BEFORE = frozenset({("be", "a"), ("be", "an"), ("become", "a"), ("become", "an")})


# A tool someone works at: beside office or shop work (the fields data/catalog/other_fields.yml marks ``desk``) it is
# that work's tool, not technical work. (Beside animals or sport, "achter de computer" is still a liking of its own.)
_TOOLS = frozenset("computer computers pc laptop telefoon phone scherm schermen screen".split())
_AT_TOOL = frozenset("op achter aan on at behind".split())
# A list goes on: "nothing with machines or computers", "at a power plant or a chemical site"
_OR = frozenset("of or en and nor noch".split())
# Words that lead to where work is done: "bij een installatiebedrijf", "at a big engineering firm", "of a shipyard"
_AT_WORKPLACE = frozenset("bij at of op in van for voor".split())
WORKPLACE_REACH = 4  # the workplace's word comes at most this many words after "bij", "at"
# Selling: what is sold near these words is goods, not work; only for ICT goods (selling cars or scooters is the
# technical course Verkoopadviseur Mobiliteitsbranche)
_SELL = frozenset("verkopen verkoop verkoopt verkocht verkochten sell sells selling sold".split())
_SOLD_AREA = "ict"
SOLD_REACH = 3
_ALL_DAY = frozenset({("all", "day"), ("de", "hele"), ("hele", "dag")})
# Carrying: what a driver, courier or order picker brings or loads is goods, not work ("delivering bricks and
# materials to building sites", "pakketjes en bouwmaterialen rondbrengen"); the words after the verb, and in Dutch the
# words before it
_CARRY = frozenset(
    "deliver delivers delivering delivered transport transports transporting haul hauling carry carrying "
    "bezorgen bezorg bezorgt brengen rondbrengen afleveren leveren vervoeren vervoer transporteren "
    "picken orderpicken laden inladen uitladen picking load loading unload unloading".split()
)
CARRY_REACH = 6  # words of goods, within the clause


# "orders picken: fittingen, kabels, schakelmateriaal": a list of goods after a colon is one clause
_GOODS_LISTED = re.compile(rf"\b(?:{'|'.join(sorted(_CARRY))}):[^.;!?]*")


def _carried(folded: str) -> list[bool]:
    """For each word, whether it is goods a driver, courier or order picker carries: after a verb of carrying, as far
    as CARRY_REACH words within its clause, and before a Dutch one back to the clause's start or a list word."""
    flags: list[bool] = []
    folded = _GOODS_LISTED.sub(lambda m: m.group().replace(",", " "), folded)  # (the words stay where they were)
    for clause in _CLAUSE_END.split(folded):
        typed = _TOKEN.findall(clause)
        here = [False] * len(typed)
        for i, word in enumerate(typed):
            if word in _CARRY:
                here[i + 1 : i + 1 + CARRY_REACH] = [True] * len(here[i + 1 : i + 1 + CARRY_REACH])
                j = i - 1
                while j >= 0 and i - j <= CARRY_REACH and typed[j] not in _OR and not _WISH.fullmatch(typed[j]):
                    here[j] = True
                    j -= 1
        flags.extend(here)
    return flags


def _sold(typed: list[str]) -> frozenset[str]:
    """The stems of the words within SOLD_REACH of a word of selling."""
    near = {
        stem(typed[j])
        for i, word in enumerate(typed)
        if word in _SELL
        for j in range(max(0, i - SOLD_REACH), min(len(typed), i + SOLD_REACH + 1))
        if j != i
    }
    return frozenset(near)


_WORD_OR_SENTENCE_END = re.compile(rf"[a-z0-9]+|{_SENTENCE_END.pattern}")
_WORD_OR_CLAUSE_END = re.compile(rf"[a-z0-9]+|{_CLAUSE_END.pattern}")


def _sentence_of_word(folded: str, ends: re.Pattern[str] = _WORD_OR_SENTENCE_END) -> list[int]:
    """For each word of a folded text (as ``_TOKEN`` finds them), the number of its sentence (its clause, with
    ``_WORD_OR_CLAUSE_END``)."""
    out, n = [], 0
    for m in ends.finditer(folded):
        if m.group()[0].isalnum():
            out.append(n)
        else:
            n += 1
    return out


def _tool_in_use(typed: list[str], i: int) -> bool:
    """Whether the word at ``i`` is a tool worked at: "op de laptop", "aan de telefoon", "on the computer", "phone all
    day"."""
    if typed[i] not in _TOOLS:
        return False
    before = typed[max(0, i - 2) : i]
    if tuple(typed[i + 1 : i + 3]) in _ALL_DAY:
        return True
    return bool(before) and (before[-1] in _AT_TOOL or (len(before) == 2 and before[0] in _AT_TOOL))


# Games played, not made: among other pastimes no technical work ("zwemmen, Minecraft, bakken en met de hond")
_PLAYED = frozenset(
    [
        "gamen",
        "game",
        "games",
        "gaming",
        "gamer",
        "video games",
        "videogames",
        "minecraft",
        "fortnite",
        "fifa",
        "roblox",
    ]
)
_MAKES = re.compile(
    r"\b(?:maken|maak|bouwen|bouw|ontwerp\w*|programm\w*|ontwikkel\w*|develop\w*|design\w*|make|making|build\w*|"
    r"cod\w*|modden|mods?)\b"
)


def _only_plays(matches: list[Match], folded: str) -> bool:
    return bool(matches) and all(fold(m.keyword) in _PLAYED for m in matches) and not _MAKES.search(folded)


def listed_parts(text: str) -> list[str]:
    """The items of a list of interests; empty for a text of one."""
    parts = [p for p in _LIST.split(fold(text)) if p.strip()]
    return parts if len(parts) > 1 else []


# "hacken, zoals in films": a comparison names no interest in films.
# "I want to work in IT": written in capitals it is the field, never the pronoun "it" (it named nothing)
_CAPITAL_IT = re.compile(r"(?<![A-Za-z])IT(?![A-Za-z])")
# Praise that names no work: "mn smashburgers zijn echt next level" (a game's level), "my ramen goes crazy", and
# the heart of a team: "ik wil de motor van het team zijn, voetbaltrainer" (engine courses were said to fit)
_PRAISE_PHRASE = re.compile(
    r"\b(?:next level|goes crazy|go crazy|gaat hard|gaan hard|top notch|"
    r"(?:engine|motor|heart|hart) (?:of|van) (?:the|het|de|een|a|our|ons|onze|my|mijn) "
    r"(?:team|group|groep|class|klas|club)|(?:the |de )?(?:engine|motor) (?:behind|achter)|"
    r"climb(?:ing)? the (?:career )?ladder|engineer(?:ing)? (?:my|your|their|his|her) way|from scratch|"
    r"(?:mijn|je|zijn|haar|hun|een) (?:eigen )?(?:carriere|loopbaan) (?:op)?bouwen|"
    r"architect (?:van|of) (?:mijn|je|zijn|haar|hun|my|your|their|his|her) (?:eigen |own )?(?:leven|life)|"
    r"(?:bedrading|wiring) (?:van|of) (?:het|de|je|ons|the|our|your) (?:brein|hersenen|hoofd|brain|mind))\b"
)
# Building and fixing said of people, careers and ties: "mensen weer opbouwen na een blessure", "bruggen bouwen
# tussen culturen", "build a career in sales", "gezinnen weer op de rails krijgen" name no building work; "zorgen
# dat de lasrobots draaien" (make sure) is no care, "the engine behind a charity" no engine
_FIGURATIVE = re.compile(
    r"\b(?:(?:mensen|relaties|vertrouwen|zelfvertrouwen|contacten|een band|een netwerk|een carriere|een loopbaan|"
    r"(?:hun |mijn |je |zijn |haar |een )?(?:nieuw )?(?:leven|bestaan))"
    r" (?:weer )?(?:op(?: te)? ?)?bouwen|bruggen (?:te )?bouwen tussen|"
    r"bouwen aan (?:(?:mijn|je|jouw|een|hun|de|onze) )?"
    r"(?:toekomst|carriere|loopbaan|relaties|een netwerk|netwerk|vertrouwen|merk)|(?:weer )?op de rails|"
    r"back on track|"
    r"build(?:ing)? (?:up )?(?:a |my |your |their |strong |good )?(?:own )?(?:career|future|relationships?|trust|"
    r"confidence|bridges between|network|community|people up|brand|characters?|stories|story|audience|following|"
    r"reputation|(?:a )?new li(?:fe|ves)|(?:their|his|her|my) li(?:fe|ves))|set(?:ting)? the stage|"
    r"engineer(?:ing)? (?:my|the|our|their) (?:content|posts|videos|brand)|"
    r"test(?:ing)? what works|(?:fix|fixing|repair|repairing) (?:people s |their |broken )?"
    r"(?:lives|relationships|families)|(?:re)?train(?:ing)? (?:as|to be|to become) (?:an? )?|"
    r"(?:er ?voor )?zorgen dat|zorgt dat|zorg dat|(?:zorg|zorgt|zorgen) (?:er ?voor|ervoor) dat|"
    r"ervoor (?:te )?zorgen)\b"
)
_SIMILE = re.compile(
    r"\b(?:zoals|net als|als|like|just like|as) (?:in|on) (?:de |een |the |a )?"
    r"(?:films?|movies?|series?|tv|televisie|television|youtube|tiktok)\b"
)
# The three kinds of words that name no work, removed in one pass over each message (read() is on every message)
_NAMES_NO_WORK = re.compile("|".join(f"(?:{p.pattern})" for p in (_SIMILE, _PRAISE_PHRASE, _FIGURATIVE)))
# A negation covers the next few words of its clause: "niet achter een computer", "not the engine", "geen kantoor".
# Words that say no to what follows; one list for the interest matcher and the choice items (bot/undecided.py)
NEGATORS = frozenset("niet geen niks niets nooit zonder not no nothing never without dont doesnt didnt wont".split())
_NEGATION = NEGATORS | frozenset("minder less don t".split())  # ("don t": this module's fold splits "don't")
_NOT_NEGATING = frozenset("alleen only just zo so".split())  # "niet alleen graven maar ook ...": still liked
_CLAUSE_WORDS = frozenset("maar but wel liever rather instead".split())
# Words that do not use up a negation's reach: "not down in the engine room", "niet meer in de fabriek"
_REACH_KEEPS = frozenset("the a an de het een in on at op down daar there".split())
# What something is preferred to is not liked: "mooier dan servers", "more fun than fixing cars", "instead of welding"
_PREFERRED_TO = frozenset({("instead", "of"), ("plaats", "van")})
_THAN = frozenset({"dan", "than"})
_COMPARATIVE = re.compile(r"\w+er|more|rather|liever|beter|fun")  # (before "dan"/"than": "leuker dan", "more fun than")
_WORD_OR_STOP = re.compile(r"[a-z0-9]+|[,.;:!?()]")
NEGATION_REACH = 3
# A negated wish covers the rest of its clause, as far as a wish goes: "don't want to sit in a lab all day"
_NEGATED_WISH = frozenset("want wanna like love enjoy hou houd".split())
NEGATED_WISH_REACH = 8


# What someone is tired of covers the rest of its clause, like a negated wish: "ik word gek van de hele dag
# schermen" (the control room's screens claimed a fit), "I'm sick of sitting behind a desk"
_DISLIKES = frozenset(
    {
        ("word", "gek", "van"),
        ("wordt", "gek", "van"),
        ("ben", "klaar", "met"),
        ("ben", "het", "zat"),
        ("heb", "het", "zat"),
        ("moe", "van"),
        ("hekel", "aan"),
        ("sick", "of"),
        ("tired", "of"),
        ("fed", "up", "with"),
        ("hate",),
        ("haat",),
    }
)


# Said after what it rejects, for the clause before it: "alles met schroeven is niks voor mij", "cars are not my thing"
_REJECTS_BEFORE = frozenset(
    {
        ("niks", "voor", "mij"),
        ("niets", "voor", "mij"),
        ("niet", "voor", "mij"),
        ("niet", "mijn", "ding"),
        ("niks", "meer", "aan"),
        ("niets", "meer", "aan"),
        ("not", "for", "me"),
        ("nothing", "for", "me"),
        ("not", "my", "thing"),
    }
)


# Said of what came before, and never again: "ik heb drie jaar als operator in ploegendienst gestaan, en dat wil ik
# nooit meer", "I burned out as a technician, not anymore". The clause before it, and with "dat"/"that" in its clause
# the whole sentence (and the one before, when the sentence opens with it: "... gestaan. Dat nooit meer.")
_NEVER_AGAIN = re.compile(
    r"\b(?:nooit meer|never again|not anymore|not any more|no longer|niet meer|done with it|had enough|haat het|"
    r"hate it|(?:don ?t|didn ?t|do not|did not) (?:really )?(?:enjoy|like) (?:it|that|this)(?: at all| anymore| much)?|"
    r"(?:vond|vind) (?:ik )?(?:er|het) (?:\w+ )?(?:niks|niets) aan)\b"
    r"(?! (?:dan|than|zo|so|alleen|only)\b)"
)
# ... and said after what it rejects in its clause: "de computers zelf interesseerden me eigenlijk niet", "cars never
# really interested me", "I'm not the mechanic type"; or left to others: "op het dak klimmen laat ik aan de monteurs
# over", "het inmeten en plaatsen doet een ander", "someone else can drill the holes"
_REJECTS_CLAUSE = re.compile(
    r"\b(?:(?:interesseer|interesseert|interesseerde|interesseerden|boeit|boeide|boeiden|trok|trekt) (?:me|mij) "
    r"(?:\w+ )?(?:niet|niks|weinig|nooit)|(?:didn t|doesn t|did not|does not|don t|never) (?:really )?"
    r"(?:interest|interested|appeal to|appealed to) me|not (?:really )?(?:the|a|an) \w+ type|"
    r"laat ik (?:graag |liever |wel )?(?:\w+ ){0,4}over|doet (?:wel )?(?:een ander|iemand anders|een collega)|"
    r"someone else (?:can|does|will|may|should) (?:\w+ ){0,4}\w+|leave (?:\w+ ){0,3}to (?:others|someone else))\b"
)
_BACK_REFERENCE = frozenset("dat daar dit er het that it this".split())


def negated(text: str) -> list[bool]:
    """For each word of the text (as ``tokens`` splits it), whether a negation before it in its clause covers it, or
    a rejection after it ("... is niks voor mij", "... en dat wil ik nooit meer")."""
    flags: list[bool] = []
    reach = 0
    before: tuple[str, ...] = ()
    clause = 0  # where the present clause starts in ``flags``
    sentence, last_sentence = 0, 0  # ... and the present and the last sentence
    folded = fold(text)
    # the cue's words, and whether it looks back ("... nooit meer doen"), not ahead ("nooit meer de zorg")
    never_ends = {
        m.end(): (
            len(_TOKEN.findall(m.group())),
            len(_TOKEN.findall(_CLAUSE_END.split(folded[m.end() :], 1)[0])) <= 1,
            m.group(),
        )
        for m in _NEVER_AGAIN.finditer(folded)
    }
    rejects_ends = {m.end() for m in _REJECTS_CLAUSE.finditer(folded)}
    for m in _WORD_OR_STOP.finditer(folded):
        word = m.group()
        before = (*before[-2:], word)
        if not word[0].isalnum() or word in _CLAUSE_WORDS:  # a new clause
            reach = 0
            if word[0].isalnum():
                flags.append(False)
            clause = len(flags)
            if word in _SENTENCE_STOP and len(flags) > sentence:
                sentence, last_sentence = len(flags), sentence
            continue
        if m.end() in never_ends:
            size, looks_back, cue = never_ends[m.end()]
            said = _TOKEN.findall(folded[: m.start()])[clause:]  # the clause up to the cue's last word
            ahead = [w for w in said[: len(said) - size + 1] if w not in _OR]
            start = clause if looks_back else len(flags)
            if looks_back and (
                _BACK_REFERENCE.intersection([*said, word]) or not ahead
            ):  # "..., en dat wil ik nooit meer"
                # "Dat wil ik nooit meer.", "I don't enjoy it.": about the sentence before
                refers = not said[:1] or said[0] in _BACK_REFERENCE or _BACK_REFERENCE.intersection(_TOKEN.findall(cue))
                opens = clause == sentence and bool(refers)
                start = last_sentence if opens else sentence
            flags[start:] = [True] * (len(flags) - start)
            flags.append(False)
            reach = NEGATED_WISH_REACH
            continue
        if before in _REJECTS_BEFORE or m.end() in rejects_ends:
            flags[clause:] = [True] * (len(flags) - clause)
        if reach and word in _OR:
            flags.append(True)
            continue
        if any(before[-n:] in _DISLIKES for n in (1, 2, 3)):
            flags.append(False)
            reach = NEGATED_WISH_REACH
            continue
        if word in _NEGATION:
            flags.append(False)
            reach = NEGATION_REACH
            continue
        if reach == NEGATION_REACH and word in _NOT_NEGATING:
            reach = 0
        if reach == NEGATION_REACH and word in _NEGATED_WISH:  # "I don't want to sit in a lab all day"
            reach = NEGATED_WISH_REACH
        if before[-2:] in _PREFERRED_TO or (word in _THAN and len(before) > 1 and _COMPARATIVE.fullmatch(before[-2])):
            flags.append(False)
            reach = NEGATION_REACH
            continue
        flags.append(reach > 0)
        if word not in _REACH_KEEPS:
            reach = max(0, reach - 1)
    return flags


def names_a_dislike(text: str) -> bool:
    """ "niet achter een computer", "nothing with heavy lifting": a negation covers words. Said where nothing liked
    was read, it tells what someone does not want, which is no unclear answer."""
    return any(negated(text))


def _singular(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words with a plural "s" of the last one dropped: how a keyword and a typed phrase are compared."""
    return (*words[:-1], words[-1].removesuffix("s")) if words else words


def parse_keyword(keyword: str) -> tuple[str, frozenset[str], frozenset[str]]:
    """Split "word ~ a, b" / "word ~ not a, b" into the keyword and its needed or avoided context stems."""
    word, _, context = keyword.partition(CONTEXT)
    context = context.strip()
    avoid = context.startswith("not ")
    stems = frozenset(s for part in context[4 if avoid else 0 :].split(",") for s in tokens(part))
    return word.strip(), (frozenset() if avoid else stems), (stems if avoid else frozenset())


def _in_text(context: frozenset[str], words: set[str]) -> bool:
    return any(
        c in words or (len(c) >= MIN_PART and any(w != c and (w.startswith(c) or w.endswith(c)) for w in words))
        for c in context
    )


def _keeps_context(sense: _Sense, rest: set[str]) -> bool:
    """Whether the rest of the text has what the sense needs and none of what it avoids."""
    return not (sense.need and not _in_text(sense.need, rest)) and not (sense.avoid and _in_text(sense.avoid, rest))


def _other_language_ok(sense_lang: str, text_lang: str, exact: bool, stems: tuple[str, ...]) -> bool:
    """A keyword not of the text's language counts only as typed, and then only when not short ("vet" is Dutch for
    cool). Tags hold for both languages but are written in Dutch: a typo or compound reaches them from Dutch only
    ("children" is no typo of "schilderen")."""
    if not sense_lang:
        return exact or text_lang == "nl"
    return exact and len("".join(stems)) >= 5


class KeywordIndex:
    """Maps stemmed keywords (single words and short phrases) to the profiles that list them."""

    def __init__(
        self,
        entries: list[tuple[str, str, str, str]],
        other: list[tuple[str, str, str]] | None = None,
        names: list[tuple[str, str]] | None = None,
        areas: dict[str, str] | None = None,
        technical_names: list[str] | None = None,
        desk_fields: frozenset[str] = frozenset(),
        beside_other: Mapping[str, list[str]] | None = None,
    ) -> None:
        """``entries``: (profile key, group, keyword, language); a group is a field of work (a dossier).

        ``other``: (field key, phrase, language) of non-technical fields, read before the technical keywords.
        ``names``: (field key, official name) of non-technical qualifications ("Zelfstandig werkend kok"): the
        name and its own words name the field, unless a word is generic or also a technical keyword.
        ``areas``: profile key -> broad field of work ("mobiliteit"); without it, each profile is its own field.
        ``technical_names``: names of the technical qualifications; their words never name a non-technical field
        ("stoffeerder" is also the technical meubelstoffeerder).
        ``desk_fields``: keys of the non-technical fields worked at a computer or phone, which then is their tool.
        ``beside_other``: word lists of other_fields.yml ``beside_other`` (everyday_nl, everyday_en, employers, shops,
        workplaces): words that belong to a non-technical field's work when one is named.
        """
        senses: dict[tuple[str, ...], list[_Sense]] = defaultdict(list)
        groups: dict[tuple[str, ...], set[str]] = defaultdict(set)
        shown: dict[tuple[str, ...], str] = {}
        forms: dict[tuple[tuple[str, ...], str], set[tuple[str, ...]]] = defaultdict(set)  # as written, per language
        position: dict[tuple[str, str], int] = defaultdict(int)
        for key, group, keyword, lang in entries:
            rank = position[(key, lang)]
            position[(key, lang)] += 1
            core = 1.0 if rank < CORE_WORDS else PERIPHERAL
            word, need, avoid = parse_keyword(keyword)
            stems = tuple(tokens(word))
            if stems:
                same = [s for s in senses[stems] if s.key == key and s.need == need and s.avoid == avoid]
                if same and same[0].lang != lang:
                    senses[stems].remove(same[0])
                    senses[stems].append(_Sense(key, "", need, avoid, max(core, same[0].core)))
                elif not same:
                    senses[stems].append(_Sense(key, lang, need, avoid, core))
                groups[stems].add(group)
                shown.setdefault(stems, word)
                forms[(stems, lang)].add(_singular(tuple(_TOKEN.findall(fold(word)))))
        self._senses = {stems: sorted(found, key=lambda s: s.key) for stems, found in senses.items()}
        self._weight = {stems: 1.0 / math.log2(1 + len(groups[stems])) for stems in senses}  # common says less
        self._area = dict(areas or {})
        self._desk_fields = desk_fields
        lists = beside_other or {}
        self._everyday = frozenset(
            stem(word)
            for kind in ("everyday_nl", "everyday_en")
            for entry in lists.get(kind, [])
            for word in entry.split()
        )
        self._employers = tuple(fold(w) for w in lists.get("employers", []))
        self._shops = tuple(fold(w) for w in lists.get("shops", []))
        self._workplaces = frozenset(fold(w) for w in lists.get("workplaces", []))
        self._shown = shown
        self._forms = dict(forms)
        self._other: dict[tuple[str, ...], tuple[str, str]] = {}  # phrase -> field, language ("" = both)
        self._other_typed: dict[str, tuple[str, ...]] = {}  # a one-word phrase as written -> its stems
        for key, phrase, lang in other or ():
            stems = tuple(tokens(phrase))
            if len(stems) == 1 and len(fold(phrase)) >= MIN_BECOME_TYPO:
                self._other_typed.setdefault(fold(phrase).strip(), stems)
            if stems:
                known = self._other.get(stems)
                if known is None:
                    self._other[stems] = (key, lang)
                elif known[0] == key and known[1] != lang:
                    self._other[stems] = (key, "")
        self._single = sorted(s[0] for s in self._senses if len(s) == 1)
        self._single_set = frozenset(self._single)
        self._long = [s for s in self._single if len(s) >= MIN_COMPOUND]
        self._parts = frozenset(s for s in self._single if len(s) >= MIN_PART)
        self._technical_name_words = frozenset(w for n in technical_names or () for w in tokens(n))
        for key, name in names or ():
            self._add_name(key, name)
        self._max_len = max((len(s) for s in [*self._senses, *self._other]), default=1)
        self._other_written = sorted(self._other_typed)

    def _add_name(self, key: str, name: str) -> None:
        whole = tuple(tokens(name))
        words = [
            (stem(w),)
            for w in _TOKEN.findall(fold(name))
            if w.endswith(OCCUPATION_ENDINGS)  # "kapper", "doktersassistent", not "buurt" or "recreatie"
            and len(w) >= MIN_NAME_WORD
            and stem(w) not in GENERIC_NAME_WORDS
            and stem(w) not in self._technical_name_words
        ]
        for stems in [whole, *words]:
            technical = stems in self._senses or (len(stems) == 1 and bool(self._lookup_word(stems[0])))
            if stems and not technical and stems not in self._other:
                self._other[stems] = (key, "nl")

    def match(self, text: str, lang: str = "") -> list[Match]:
        return self.read(text, lang).matches

    def names_interest(self, text: str, lang: str = "") -> bool:
        """Whether the text names something to like that we know: technical work or another field ("koken")."""
        reading = self.read(text, lang)
        return bool(reading.matches or reading.other)

    def names_specific_interest(self, text: str, lang: str = "") -> bool:
        """Whether the text names work of one field (a word or phrase that may claim a fit: "hout", "lassen") or
        another field, not only a setting many fields share ("buiten", "machines")."""
        reading = self.read(text, lang)
        return bool(reading.other) or any(m.specific for m in reading.matches)

    def names_technical_work(self, text: str, lang: str = "") -> bool:
        """Whether the text names technical work we know (not only another field, as "kok" does)."""
        return bool(self.read(text, lang).matches)

    @lru_cache(maxsize=4096)  # noqa: B019 - read_wish reads the same text and its parts several times
    def read(self, text: str, lang: str = "", around: str = "") -> Reading:
        """``lang``: the language of the text; keywords of the other language then count only as exact words.
        ``around``: text the words of senses may also come from (a wish is read alone, but "the CNC machines" of a
        kitchen cabinet maker who wants to move up are wood machines: the factory was named before the wish)."""
        text = _NAMES_NO_WORK.sub(" ", fold(_CAPITAL_IT.sub("ICT", text)))
        typed, breaks = _tokens_apart(text)
        words = [stem(t) for t in typed]
        used = negated(text)  # "niet achter een computer", "not the engine": said, but not liked
        other: list[str] = []
        other_at: list[int] = []  # where the other fields' phrases start
        becomes = False
        # where another field's work is done, shops and garages too ("de administratie doen bij een autodealer");
        # found only once another field's word is (a read runs on every message)
        role_place: list[bool] | None = None
        # A longer technical phrase wins over a non-technical word inside it ("heftrucks repareren", not driving one).
        # Found once, longest first and left to right: the technical pass below takes them in this order.
        spans = [
            (i, n)
            for n in range(self._max_len, 1, -1)
            for i in range(len(words) - n + 1)
            if tuple(words[i : i + n]) in self._senses and not _crosses(breaks, i, n)
        ]
        covered = [0] * len(words)
        for i, n in spans:
            covered[i : i + n] = [max(c, n) for c in covered[i : i + n]]
        for n in range(self._max_len, 0, -1):  # non-technical phrases first, longest first
            for i in range(len(words) - n + 1):
                phrase = tuple(words[i : i + n])
                if min(covered[i : i + n]) > n or _crosses(breaks, i, n):
                    continue
                found_other = self._other.get(phrase) if not any(used[i : i + n]) else None
                if found_other is None and n == 1 and not used[i] and _becomes_here(typed, i):
                    found_other = self._other.get(self._become_typo(words[i], typed[i]))
                if found_other is None and n == 1 and not used[i] and len(typed[i]) >= MIN_OTHER_TYPO:
                    # a long word one letter off another field's ("kinderopvag"), when no technical word is near it
                    found_other = self._other.get(self._become_typo(words[i], typed[i], TYPO_FIRST_CUTOFF))
                field = found_other[0] if found_other else None
                if found_other and lang and found_other[1] and found_other[1] != lang and len("".join(phrase)) < 5:
                    field = None  # a short word of the other language ("vet": fat, not veterinarian) is no field
                if field is not None:
                    used[i : i + n] = [True] * n
                    other_at.append(i)
                    if role_place is None:
                        clause = _sentence_of_word(text, _WORD_OR_CLAUSE_END)
                        role_place = self._at_workplace(typed, clause, self._employers + self._shops)
                    becomes = becomes or _becomes(typed, i, n) or _role_at(typed, i + n, role_place)
                    if field not in other:
                        other.append(field)
        used = [taken or t in PRAISE for taken, t in zip(used, typed)]  # "vet" may be a vet, never a keyword
        # "boekhouding, cijfers op de laptop", "klantenservice aan de telefoon": the desk work's tool
        if self._desk_fields.intersection(other):
            used = [taken or _tool_in_use(typed, i) for i, taken in enumerate(used)]
        other_used = list(used)
        if other:  # "receptioniste bij een bouwbedrijf": the other work's place, said in its sentence
            sentence = _sentence_of_word(text)
            said = {sentence[i] for i in other_at}
            workplace = self._at_workplace(typed, _sentence_of_word(text, _WORD_OR_CLAUSE_END))
            used = [taken or (at and sentence[i] in said) for i, (taken, at) in enumerate(zip(used, workplace))]
            used = [taken or goods for taken, goods in zip(used, _carried(text))]
        exact: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)  # matched word for word: as typed
        found: list[tuple[str, ...]] = []
        context = set(words) | {stem(t) for t in _TOKEN.findall(fold(around))}
        for i, n in spans:
            phrase = tuple(words[i : i + n])
            if not any(used[i : i + n]) and self._in_context(phrase, context):
                found.append(phrase)
                exact[phrase].add(tuple(typed[i : i + n]))
                used[i : i + n] = [True] * n
        # keywords found from everyday words only, or only as a loose typo of a word: weak beside another field
        weak = {phrase for phrase in found if self._everyday.issuperset(phrase)} if other else set()
        for i, word in enumerate(words):
            if not used[i]:
                for single in self._lookup_word(word, words[i - 1] if i else ""):
                    found.append((single,))
                    if other and (word in self._everyday or self._typo_only(word, words[i - 1] if i else "")):
                        weak.add((single,))
                    if single == word:
                        exact[(single,)].add((typed[i],))
        free = [w for w, taken in zip(words, other_used) if not taken]
        matches: list[Match] = []
        for stems in dict.fromkeys(found):
            as_typed = exact.get(stems, set())
            held = [
                sense
                for sense in self._senses[stems]
                if not (
                    lang
                    and sense.lang != lang
                    and not _other_language_ok(sense.lang, lang, self._as_written(stems, sense.lang, as_typed), stems)
                )
                and _keeps_context(sense, context - set(stems))
            ]
            # A phrase, or a word whose meanings here lie mostly in one broad field of work, names the work itself.
            fields = Counter(self._area.get(s.key, s.key) for s in held)
            specific = len(stems) > 1 or max(fields.values(), default=0) >= SPECIFIC_SHARE * len(held)
            for sense in held:
                if not any(m.key == sense.key and m.keyword == self._shown[stems] for m in matches):
                    weight = self._weight[stems] * sense.core
                    matches.append(Match(sense.key, self._shown[stems], weight, specific))
        if other:  # "beveiliger op Schiphol", "security at the airport": where that other work is done, unless more
            # names technical work there ("schoonmaker op Schiphol, gefascineerd door vliegtuigen")
            place = [bool(self._workplaces.intersection(m.keyword.split())) for m in matches]
            there = {m.key for m, at in zip(matches, place) if not at}
            matches = [m for m, at in zip(matches, place) if m.key in there or not at]
            # "bezoekers ontvangen en de telefoon doen": everyday words of the other work, and a word a typo away
            # from a keyword ("collega's inwerken"), unless more names technical work ("verkoper, nu technisch
            # adviseur in installatiemateriaal")
            weakly = [tuple(tokens(m.keyword)) in weak for m in matches]
            if not any(m.specific and not w for m, w in zip(matches, weakly)):
                matches = [m for m, w in zip(matches, weakly) if not w]
        sold = _sold(typed)
        if sold:  # "telefoons en laptops verkopen", "selling games and consoles": a shop's goods, not ICT work
            matches = [m for m in matches if not (stem(m.keyword) in sold and self._area.get(m.key) == _SOLD_AREA)]
        return Reading(matches, other, free, dict(zip(words, typed)), becomes_other=becomes)

    def _at_workplace(self, typed: list[str], clause: list[int], ends: tuple[str, ...] = ()) -> list[bool]:
        """For each word, whether it names where work is done: from "bij", "at" ... up to a word that ends in an
        employer's word ("bij een groot bouwbedrijf", "at a power plant or a chemical site"), and a clause that says
        what the firm does ("bij een bedrijf dat windturbines onderhoudt", "at a company that builds heat pumps");
        ``clause``: the clause of each word (``_sentence_of_word``); ``ends``: the words of workplaces (the
        employers' words of data/catalog/other_fields.yml when not given)."""
        ends = ends or self._employers
        flags = [False] * len(typed)
        i, after_place = 0, False
        while i < len(typed):
            if typed[i] in _AT_WORKPLACE or (after_place and typed[i] in _OR):
                end = next(
                    (j for j in range(i + 1, min(len(typed), i + 1 + WORKPLACE_REACH)) if typed[j].endswith(ends)),
                    None,
                )
                if end is not None and typed[end + 1 : end + 2] and typed[end + 1] in _WHICH:
                    while end + 1 < len(typed) and clause[end + 1] == clause[end]:
                        end += 1
                if end is not None:
                    flags[i + 1 : end + 1] = [True] * (end - i)
                    i, after_place = end + 1, True
                    continue
            after_place = False
            i += 1
        return flags

    def area_of(self, key: str) -> str | None:
        """The broad field of work of a profile key ("dossier:23361" -> "metaal")."""
        return self._area.get(key)

    def _typo_only(self, word: str, before: str) -> bool:
        """Whether the word is known only as a loose typo of a keyword (not as written, a verb form, a compound or a
        typo as close as TYPO_FIRST_CUTOFF)."""
        found = self._lookup_word(word, before)
        return bool(found) and not any(
            part in word or word in part or difflib.SequenceMatcher(None, word, part).ratio() >= TYPO_FIRST_CUTOFF
            for part in found
        )

    def _in_context(self, stems: tuple[str, ...], context: set[str]) -> bool:
        """Whether a sense of the phrase keeps its needed context here: "auto maken" (the phrase "auto's maken" needs
        "kapot", "repareren"...) took both words and matched nothing, so a newcomer's cars were not read at all."""
        rest = context - set(stems)
        return any(_keeps_context(sense, rest) for sense in self._senses[stems])

    def _as_written(self, stems: tuple[str, ...], lang: str, typed: set[tuple[str, ...]]) -> bool:
        """Whether the text has the keyword as the list writes it (a plural aside): for a word of the other
        language, a shared stem is not enough ("windows installen" is not "installing")."""
        forms = self._forms.get((stems, lang), set()) if lang else set()
        return bool(typed) and (not lang or any(_singular(t) in forms for t in typed))

    def read_wish(self, text: str, lang: str = "") -> Reading:
        """Like ``read``, but a wish after a turn ("ik was opperman, maar nu wil ik ...") outweighs what came before.

        When the words after the last turn name technical work or a non-technical field, the words before it (a past
        job, what someone does now) still count, for PAST_WEIGHT and without a fit claim.
        """
        reading = self._read_wish(text, lang)
        if reading.other and (_NOT_TECHNICAL.search(fold(text)) or self._turns_down_technical(text, lang)):
            return replace(reading, becomes_other=True, also_technical=False)
        if len(reading.other) >= MANY_OTHER and _only_plays(reading.matches, fold(text)):
            return replace(reading, matches=[])  # "gamen, gym, koken en netflixen": games played among pastimes
        if reading.other and not reading.leaves_for_technical:
            pastime = self._pastime_apart(reading, text, lang)
            if pastime is not None:
                return pastime
        held = frozenset((m.key, m.keyword) for m in self.read(text, lang).matches) if reading.other else frozenset()
        if reading.other and (
            any((part := self.read(piece, lang)).matches and not part.other for piece in added_parts(text))
            # "houdt van mode, maar ze wil ook iets met techniek": technical work added to the liking
            or (
                bool(reading.wish_text) and bool(_ADDS.search(reading.wish_text)) and _says_technical(reading.wish_text)
            )
            or (
                not reading.becomes_other
                and not _USE_VERBS.search(fold(text))
                and any(
                    self._names_technical_work(piece, lang, len(reading.other) >= MANY_OTHER, held)
                    for piece in listed_parts(
                        reading.wish_text if self._turns_from(reading, lang) else _without_work_told(text)
                    )
                )
            )
        ):
            return replace(reading, also_technical=True)
        return reading

    def _turns_down_technical(self, text: str, lang: str) -> bool:
        """Whether the text turns down technical work itself ("Zelf sleutelen hoeft voor mij echt niet")."""
        for obj in turned_down(text):
            turned = self.read(obj, lang)
            if turned.matches and not turned.other:
                return True
        return False

    def _pastime_apart(self, reading: Reading, text: str, lang: str) -> Reading | None:
        """Technical work told only in sentences that call it a pastime, or tell the job or course someone has now
        or had, beside another field named elsewhere: it counts for PAST_WEIGHT and claims no fit ("Kapster worden!!
        Ik bouw wel eens een pc voor vrienden, maar dat is gwn voor de lol"; "Ik wil toch liever de kapperij in. ...
        sta ik nu twee jaar bij een Kia-dealer banden te wisselen"); None when the text has no such sentence."""
        sentences = split_sentences(fold(text))
        whole = " . ".join(sentences)
        rest = " . ".join(part for part in sentences if not _PASTIME.search(part))
        if rest == whole and len(sentences) > 1:  # no pastime said: the job asked for, or else what is not work told
            rest = " . ".join(part for part in sentences if _JOB_SAID.search(part)) or " . ".join(
                part for part in sentences if not _tells_work(part)
            )
        if rest == whole or not rest.strip():
            return None
        elsewhere = self.read(rest, lang)
        if not elsewhere.other or any(m.specific for m in elsewhere.matches):
            return None
        said = {(m.key, m.keyword) for m in elsewhere.matches}
        matches = [
            m if (m.key, m.keyword) in said else Match(m.key, m.keyword, m.weight * PAST_WEIGHT, False)
            for m in reading.matches
        ]
        return replace(reading, matches=matches, also_technical=False)

    def _turns_from(self, reading: Reading, lang: str) -> bool:
        """Whether the wish turns from what came before: it says so ("maar ik wil daar niet mijn werk van maken"), or
        it names another field and no technical work ("I love planes, but I want to be cabin crew")."""
        tail = reading.wish_text
        if not tail:
            return False
        if _TURNS_FROM_IT.match(tail):
            return True
        wish = self.read(tail, lang)
        # "maar ook": beside it (not "I want to do that too", which points at the other field)
        return bool(wish.other) and not wish.matches and not _ADDS.search(_THAT_TOO.sub(" ", tail))

    def _names_technical_work(
        self, piece: str, lang: str, specific_only: bool = False, held: frozenset[tuple[str, str]] | None = None
    ) -> bool:
        """An item of a list that names technical work on its own ("programmeren" in "programmeren en muziek maken"),
        not by using a vehicle or washing ("vliegen is mijn droom" from a future stewardess) or a tool one sits at
        ("achter de computer": still a liking, but no fit beside animals). Among several other fields
        (``specific_only``), a word of several fields is a pastime ("drawing, music and kids"). Only what the whole
        text holds counts (``held``: keys and keywords): "real estate" beside "selling houses" is an estate agent's."""
        if _PAST_WORK.search(piece) or _WAS.search(piece):  # "ik was timmerman, ...": past work is no liking
            return False
        part = self.read(piece, lang)
        listed = 2.0 if specific_only else LISTED_WEIGHT
        typed = _TOKEN.findall(fold(piece))
        tools = {t for i, t in enumerate(typed) if _tool_in_use(typed, i)}  # "ik zit graag achter de computer"
        return not part.other and any(
            (m.specific or m.weight >= listed)
            and fold(m.keyword) not in tools
            and not self._everyday_word(m.keyword)
            and (held is None or (m.key, m.keyword) in held)
            for m in part.matches
        )

    def _everyday_word(self, keyword: str) -> bool:
        """A keyword of everyday words of work ("customers", "planning"): beside another field, that field's."""
        return self._everyday.issuperset(tokens(keyword))

    def _read_wish(self, text: str, lang: str) -> Reading:
        whole = self.read(text, lang)
        tail = wish_part(text)
        after_past = tail is None and (tail := after_past_work(text) or before_past_work(text)) is not None
        if after_past and tail is not None:
            tail = _wish_sentence_on(tail)
            # "Na de havo wil ik apothekersassistent worden. Ik werk nu bij de drogist. In mijn vrije tijd bouw ik
            # robots": what follows the job is no wish when it is a pastime or the wish came before the job
            if not _WISH.search(tail) and (_PASTIME.search(tail) or _WISH.search(fold(text).replace(tail, ""))):
                tail = None
        if tail is None:
            tail = self._other_wish_sentence(text, lang)
        if tail is None and (later := self._after_years_in_a_job(text, lang)) is not None:
            tail, after_past = later, True
        if tail is None:
            return whole
        wish = self.read(tail, lang, around=text)
        if not wish.matches and not wish.other and not whole.matches and whole.other and _says_technical(tail):
            return replace(whole, leaves_for_technical=True)
        if not wish.matches and not wish.other and whole.matches and _says_technical(tail):
            # "verkoper in een autozaak, nu wil ik de technische kant leren": the technical side of the work before
            return replace(whole, other=[], wish_text=tail)
        # "thuiszorg, maar ik wil iets technisch, misschien elektra": a wish that says technical counts on its words
        said_technical = bool(wish.matches) and _says_technical(tail)
        # after past work, any work named is what comes next ("..., rug is op. iets met elektra misschien", "ik was 10
        # jaar timmerman maar wil nu iets met installaties": the carpenter's courses came first)
        before_tail = fold(text).replace(tail, "")
        # ("I'm a chef but I want to repair ovens": the job now is work told before the wish too)
        after_work = after_past or bool(
            _work_told(before_tail) or _WAS.search(before_tail) or _STOPPED.search(before_tail)
        )
        if not (wish.other or said_technical or any(m.specific for m in wish.matches) or (after_work and wish.matches)):
            return whole
        said = {(m.key, m.keyword) for m in wish.matches}
        before = [
            Match(m.key, m.keyword, m.weight * PAST_WEIGHT, False)
            for m in whole.matches
            if (m.key, m.keyword) not in said
        ]
        # "houdt van mode, maar ze wil ook iets met techniek": a wish that adds, not one that turns away; what came
        # before is still liked (the fashion was dropped, and vague technical courses were said to fit)
        kept = [k for k in whole.other if k not in wish.other] if _ADDS.search(tail) and not after_work else []
        return Reading(
            [*wish.matches, *before],
            [*wish.other, *kept],
            whole.words,
            whole.surface,
            wish_words=tuple(wish.words),
            after_work=after_work,
            wish_text=tail,
            becomes_other=wish.becomes_other,
        )

    def _after_years_in_a_job(self, text: str, lang: str) -> str | None:
        """What follows years in a job ("CNC operator for 6 years. ...", "20 jaar vrachtwagenchauffeur, rug is op. iets
        met elektra"), when it is what comes next: it names another field, or the job was another field's (the truck
        driver got "transport en logistiek ... geen techniek"); else the person stays in the trade (a "Roofer for 8
        years. I want the allround diploma")."""
        folded = fold(text)
        years = _YEARS_AS.search(folded) or _YEARS_IN_JOB.search(folded)
        if years is None:
            return None
        later = _wish_sentence_on(_CLAUSE_END.split(folded[years.end() :], 1)[-1])
        if not later.strip():
            return None
        wish = self.read(later, lang)
        job = self.read(years["job"], lang) if years.re is _YEARS_IN_JOB else None
        left = job is not None and bool(job.other) and not job.matches and bool(wish.matches)
        return later if wish.other or left else None

    def _other_wish_sentence(self, text: str, lang: str) -> str | None:
        """The first sentence that states a wish, when the sentences before it state no wish or liking and it names
        another field and no technical work: "I'm a carpenter, 36. I want to work with horses" turns away from the
        carpenter's work without a "but" (his carpentry courses were said to fit)."""
        sentences = split_sentences(fold(text))
        for n, sentence in enumerate(sentences):
            if _LIKING_WORDS.search(_LIKE_TO.sub(" ", sentence)) or PRAISE.intersection(_TOKEN.findall(sentence)):
                liked = self.read(sentence, lang)  # "I love the people side of that. I want to move into HR"
                if not liked.matches:
                    continue
                return None  # "... vind drie dingen interessant: wiskunde, bruggen. Ik wil op kantoor meedenken"
            if _WISH.search(sentence):
                if n == 0:
                    return None
                wish = self.read(sentence, lang)
                if wish.other or wish.matches:  # ("I want out. I'm thinking of applying to the police": on)
                    return sentence if wish.other and not wish.matches else None
                if _THAT_TOO.search(sentence):  # "My girlfriend is a dental assistant ... I want to do that too."
                    before = self.read(sentences[n - 1], lang)
                    return f"{sentences[n - 1]} . {sentence}" if before.other and not before.matches else None
        return None

    def _become_typo(self, word: str, typed: str, cutoff: float = BECOME_TYPO_CUTOFF) -> tuple[str, ...]:
        """The non-technical occupation a word typed where one names what one wants to become is a typo of ("want to
        be a nurce"), when the word is no technical work we know (or only an everyday word of work); else ()."""
        technical = self._lookup_word(word)  # "apotheeksassistent": a pharmacy's assistant, not the technical one
        if len(typed) < MIN_BECOME_TYPO or word in _NOT_TYPO_STEMS or not self._everyday.issuperset(technical):
            return ()
        close = difflib.get_close_matches(typed, self._other_written, n=1, cutoff=cutoff)
        return self._other_typed[close[0]] if close else ()

    @lru_cache(maxsize=65536)  # noqa: B019 - the index lives as long as the catalogue
    def _lookup_word(self, word: str, before: str = "") -> tuple[str, ...]:
        if word in self._single_set:
            return (word,)
        doubled = _doubled(word)
        if doubled in self._single_set:
            return (doubled,)
        verb = _verb_form(word, before)
        if verb in self._single_set:
            return (verb,)
        if word in _NOT_TYPO_STEMS:
            return ()
        alike = [w for w in _sound_alike(word) if w in self._single_set]
        if alike:
            return (alike[0],)
        if len(word) >= MIN_TYPO_FIRST:  # "moterfietsen" is a typo of "motorfietsen", not a kind of "fietsen"
            close = difflib.get_close_matches(word, self._long, n=1, cutoff=TYPO_FIRST_CUTOFF)
            if close:
                return (close[0],)
        if len(word) > MIN_COMPOUND:
            parts = tuple(
                k
                for k in self._long
                if word != k
                and (word.endswith(k) or (word.startswith(k) and not word[len(k) :].startswith(NOT_A_REST)))
            )
            if parts:
                return parts
            split = self._split(word)
            if split:
                return split
        if len(word) >= MIN_FUZZY:
            return tuple(difflib.get_close_matches(word, self._single, n=1, cutoff=0.85))
        return ()

    def _split(self, word: str) -> tuple[str, ...]:
        """A compound of two known words, with an optional linking s or e ("autowerkplaats", "zonnepaneel")."""
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            for link in ("", "s", "e"):
                if link and not tail.startswith(link):
                    continue
                rest = tail[len(link) :]
                head_known = head in self._parts or stem(head) in self._parts
                rest_known = rest in self._parts or stem(rest) in self._parts
                if head_known and rest_known and len(rest) >= MIN_PART:
                    return tuple(dict.fromkeys(p if p in self._parts else stem(p) for p in (head, rest)))
                if head_known and rest in _PLACE_HEADS:  # "autozaak", "installatiebedrijf": the work is the first part
                    return (head if head in self._parts else stem(head),)
        return ()
