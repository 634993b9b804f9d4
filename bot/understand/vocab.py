"""Words several fields share, and what they say about a whole answer: don't know, a question, yes or no.

These decide whether a short answer counts at all, so every field parser reads them the same way.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Mapping

from .message import Message, word_rx

log = logging.getLogger(__package__)  # "bot.understand": one logger for the whole package

NEGATORS = frozenset(
    {
        "geen",
        "zonder",
        "no",
        "without",
        "niet",
        "not",
        "never",
        "nooit",
        "nie",
        "nvt",
    }
)

# Asking the bot which option to take ("wat raad je aan?", "what is better for me?", "wat denkt u zelf?"): at the
# BOL/BBL question, the answer explains both routes (bot/intake.py, bot/followups.py)
ASKS_WHICH = (
    r"welke is beter|which is better|wat raad je aan|what do you recommend|wat is beter|what is better|what's better|"
    r"wat past beter|what fits better|wat moet ik kiezen|welke moet ik|which one|what should i (?:choose|pick|take)|"
    r"wat (?:denk|vind)t? (?:je|jij|u)(?: zelf| ervan)?|what do you think|wat zou (?:jij|je|u) (?:doen|kiezen)|"
    r"what would you (?:do|choose|pick)"
)

_DONT_KNOW = word_rx(
    r"weet (?:ik |het |ik het |ik dat )?(?:(?:nog|echt|eigenlijk|ook|gewoon) ){0,2}(?:niet|nie|veel)|"
    r"ik weet het (?:(?:nog|echt|eigenlijk) ){0,2}niet|"
    r"geen (?:flauw |enkel )?idee|kweenie|kweetnie|weetniet|weetnie|idk|dunno|no idea|no clue|not sure|unsure|"
    r"i do not know|do not know|dont know|don't know|hard to say|haven'?t decided|beats me|(?:ik )?twijfel|"
    r"moeilijk te zeggen|geen flauw|no preference yet"
)
# Words that carry no answer of their own: a message of only these (after removing a don't-know) says nothing.
FILLER = frozenset(
    """
ik i het it nog echt eigenlijk sorry man ofzo ofz hmm hm hmmm uhm uh eh ehm precies eerlijk gezegd tbh honestly yet
really wat what leuk vind like do to sure am is the a je u ja nee no yes ok oke okay haha lol xd tja pff joh hoor
en and so just gewoon niks niets nothing geen none nvt have heb nou zo maar but dat that wil want weet know me mij
mijn my of or er there doen ook too also even ff well wel good goed idee idea echt dan then zeker maybe misschien
""".split()
)
_YES = frozenset(
    "ja jaa jaaa jep jup jazeker jawel zeker yes ye yeah yep yup yess yesss klopt wel tuurlijk "
    "natuurlijk sure idd inderdaad correct".split()
)
# "tweede klas", "2e", "2de", "second year": a school year in words (vmbo 1-4, havo 1-5, vwo 1-6)
ORDINALS: dict[str, int] = {
    word: n
    for n, words in enumerate(
        (
            "eerste 1e 1ste first 1st",
            "tweede 2e 2de second 2nd",
            "derde 3e 3de third 3rd",
            "vierde 4e 4de fourth 4th",
            "vijfde 5e 5de fifth 5th",
            "zesde 6e 6de sixth 6th",
        ),
        start=1,
    )
    for word in words.split()
}
_NO = frozenset("nee neen ne nope no nah neuh niet nooit never geen".split())

_QUESTION_START = frozenset(
    "wat hoe hoeveel wanneer waarom welke welk wie waar is kan kun kunnen mag moet moeten "
    "krijg verdien verdient "
    "heb hebben zijn what how when why which who where can could do does is are will "
    "should may what's whats how's hows where's who's wat's wats".split()
)
_LEADING = frozenset("en and maar but ok oke oké okay dus so".split())  # before a question word
# "both" of two choices: the subjects at the maths question, the routes at the question after BOL/BBL
BOTH_WORDS = r"both|allebei|allebij|beide|beiden|alle ?twee"
BOTH = word_rx(BOTH_WORDS)


PREFERENCE = word_rx(
    r"ik wil|wil ik|liever|prefer|i want|i would like|i'd like|kies|doe maar|graag|lijkt me|"
    r"i'll take|i choose"
)


INDIFFERENT = word_rx(
    r"(?:maakt|maken) (?:me |mij |ons )?(?:niet|niks|niets|geen bal) uit|allebei|al+e?b+e+i|allebij|beide|beiden|"
    r"geen voorkeur|boeie|either|doesn'?t matter|doesnt matter|does not matter|don'?t matter|do not matter|both|"
    r"no preference|whatever|all the same|om het even|maakt niet zoveel uit|egal|"
    r"wat het best(?:e)? is|whichever|boeit (?:me |mij )?(?:niet|niks|geen bal)|"
    r"(?:kan|kon) (?:me |mij )?(?:niet|niks|geen bal) (?:schelen|boeien)|i don'?t care|dont care|don'?t mind|"
    r"doesn'?t bother me"
)


# "geen idee of ik wiskunde had", "ik weet niet of ik bbl wil", "not sure if I had maths": no answer either way
DOUBT = word_rx(
    r"(?:geen idee|weet (?:ik )?(?:het )?niet(?: meer)?|niet zeker|twijfel \w+|don'?t know|do not know|not sure|"
    r"no idea|unsure|can'?t remember|weet ik veel) (?:\w+ )?(?:of|if|whether)"
)


_ASKING = word_rx(
    r"(?:wil|wilt|willen) (?:graag |even |eerst )?(?:weten|vragen)|want to know|wondering|"
    r"vraag me af|vroeg me af|leg (?:eens )?uit|explain|wat betekent|what does"
)


def is_dont_know_msg(msg: Message) -> bool:
    """An explicit "I don't know" with nothing else of substance."""
    if "\U0001f937" in msg.clean:  # shrug emoji
        rest = msg.norm
    else:
        if not _DONT_KNOW.search(msg.norm):
            return False
        rest = _DONT_KNOW.sub(" ", msg.norm)
    return not [w for w in content_words(rest) if w not in VAGUE_FIELD]


# Beside "I don't know", these say only "something technical": "iets met techniek, maar weet niet wat" is undecided.
VAGUE_FIELD = frozenset(
    "iets met in de het techniek technisch technische tech something technical technology welke which kant richting "
    "direction soort kind type precies exactly".split()
)


def is_dont_know(text: str) -> bool:
    """The whole message is an "I don't know" ("geen idee eigenlijk", "weet ik niet", "no idea")."""
    try:
        return is_dont_know_msg(Message.of(text, None))
    except Exception:
        log.exception("cannot read message")
        return False


def content_words(norm: str) -> list[str]:
    """The words of a normalised text that are not filler: what is left of an answer that says something."""
    return [w for w in norm.split() if w != "|" and w not in FILLER]


def is_question(text: str) -> bool:
    """A message (or one clause of it) phrased as a question: "wat is bbl?", "hoeveel verdien je dan"."""
    return is_question_msg(Message.of(text, None))


_TENTATIVE = frozenset("maybe perhaps probably misschien mss miss waarschijnlijk wellicht".split())
# "heb geen wiskunde", "ik ben Sanne, 31, heb mbo 4 verpleegkunde": a verb first with its subject left out states
# something. Without a question mark, a clause that opens with a verb asks only when its subject follows the verb
# ("heb je ...", "kan ik dan naar niveau 4", "is het betaald").
_QUESTION_VERBS = frozenset("heb hebben ben bent zijn is kan kun mag moet krijg have has am can do does".split())
_SUBJECTS = frozenset(
    "ik je jij u we wij ze zij hij het er dat dit die de een jullie men i you we they he she it there that this the "
    "a an".split()
)
_TENTATIVE_WORDS = 4


_NOT_COMPARATIVE = frozenset("hier daar waar weer over voor zeker super later".split())


def _comparative(word: str) -> bool:
    """ "lichter", "minder", "ander(s)": after "wat", the word makes it "somewhat" or "something"."""
    return word in ("meer", "minder", "anders") or (
        len(word) >= 5 and word.endswith("er") and word not in _NOT_COMPARATIVE
    )


def is_question_msg(msg: Message) -> bool:
    """A question about the options ("wat is bbl?") states no preference of the user."""
    if _ASKING.search(msg.norm):
        return True
    words = [w for w in msg.words if w != "|"]
    while len(words) > 2 and words[0] in _LEADING and (words[1] in _QUESTION_START or words[1] in _LEADING):
        words = words[1:]  # "en hoe vind ik een leerbedrijf", "ok en wat kost het": the question word after it
    first = words[0] if words else ""
    if first in _TENTATIVE and len(words) <= _TENTATIVE_WORDS:
        return False  # "maybe computers?", "misschien iets met auto's?": an answer not yet sure of itself
    opening = [w for w in words if w not in _TENTATIVE][:2]  # ("misschien kan ik ...?" still asks)
    asks = opening[:1] and (
        opening[0] in _QUESTION_START or (opening[0] in _QUESTION_VERBS and opening[1:] and opening[1] in _SUBJECTS)
    )
    if "?" in msg.clean and not asks and _TENTATIVE.intersection(words):
        return False  # "ik weet het niet precies, iets met installaties misschien, warmtepompen?": an unsure answer
    if first in _QUESTION_VERBS and "?" not in msg.clean and not (words[1:2] and words[1] in _SUBJECTS):
        return False
    if first == "wat" and words[1:2] and _comparative(words[1]) and "?" not in msg.clean:
        return False  # "wat lichter werk", "wat minder zwaar": "somewhat", not "what"
    return ("?" in msg.clean or first in _QUESTION_START) and not PREFERENCE.search(msg.norm)


def yes_no(msg: Message) -> bool | None:
    """A plain yes/no answer to the question the bot just asked."""
    if is_dont_know_msg(msg):
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
        return not (rest and rest[0] in NEGATORS)
    return None


def fuzzy_word(msg: Message, table: Mapping[str, str], cutoff: float = 0.75) -> str | None:
    """The value of the first word that is (nearly) a key of ``table``: for short answers with typos."""
    if is_dont_know_msg(msg):
        return None
    for word in msg.words[:12]:
        if len(word) < 4 or word in FILLER or word in NEGATORS:
            continue
        close = difflib.get_close_matches(word, table.keys(), n=1, cutoff=cutoff)
        close = close or [key for key in table if _swapped(word, key)]
        if close:
            return table[close[0]]
    return None


def _swapped(word: str, key: str) -> bool:
    """Two letters side by side typed the wrong way round ("vmbo baiss"): a close miss the ratio cutoff lets pass."""
    if len(word) != len(key) or word == key:
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, key)) if a != b]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == key[diff[1]] and word[diff[1]] == key[diff[0]]
