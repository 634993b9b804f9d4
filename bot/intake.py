"""The intake's one place of decision: what a message means, and which question comes next.

Rasa's NLU gives an intent for the whole message, without knowing what the bot just asked. People answer the
question *and* ask something ("bbl, hoeveel verdien je dan?"), answer with words that look like a course name
("elektricien, installaties"), or say they don't know. So the chat actions call ``read`` for every message and
``fields_to_ask`` to plan the intake, and only carry out what these return:

- an answer to the question just asked wins; a message is also a side question only when phrased as one;
- course details only on an explicit ask ("vertel meer over ...", a crebo, a list number, an exact name);
- "weet ik niet", "geen idee", "sla over" (and English) are valid answers to every question;
- no question is asked more than twice in a row (``MAX_ASKS``): after that the field stays open;
- only questions that apply: the vmbo profile only for (recent) vmbo pupils, the wiskunde/NaSk1 question when
  the profile is not technical or not known;
- a named earlier mbo diploma sets education and dossier; past jobs count as interests;
- a study wish outside technology (bot/scope.py) is recognised instead of being taken as an interest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from . import admission as adm
from . import roles, scope, understand
from .courses import Course
from .i18n import Text
from .profile import ADULT_AGE, PROFILE_MAX_AGE, TECHNICAL_VMBO_PROFILES, VMBO, Profile
from .textmatch import BEEN, I_AM, TOLD_APART, WORK_NOW, names_a_dislike, split_sentences, wish_part
from .texts import family, text
from .understand import dutch_level, fold, school_year, vmbo_profile
from .understand.age import ONLY_A_NUMBER
from .understand.message import Message
from .understand.past_work import work_clauses, work_experience
from .understand.vocab import ASKS_WHICH, BOTH, INDIFFERENT, VAGUE_FIELD

UNKNOWN = "unknown"  # a field the person could not or would not answer: asked, not asked again
MAX_ASKS = 2
OLD_DIPLOMA_OF = {"vmbo_tl": "mavo_old", "vmbo_gl": "mavo_old"}  # the theoretical tracks came from the mavo
# What "I don't know" stores per field; other fields store UNKNOWN.
DONT_KNOW_VALUE: Mapping[str, Any] = {"route": "either", "start_wish": "any", "interests_text": "", "place": ""}
CORE_FIELDS = ("education", "age", "interests_text", "route", "place", "start_wish")

# The NLU intents that are side questions during the intake, and what each one is about.
SIDE_INTENTS: Mapping[str, str] = {
    "ask_bbl": "bbl",
    "ask_pay": "pay",
    "ask_costs": "costs",
    "ask_start": "start",
    "ask_catch_up": "catch_up",
    "ask_girls": "girls",
    "ask_language_help": "language_help",
    "bot_challenge": "bot_challenge",
    "explain": "explain",
    "ask_capabilities": "capabilities",
    "thank": "thank",
    "change_answer": "change_answer",
    "human_handoff": "human",
    "ask_more": "more",
    "compare": "compare",
    "out_of_scope": "out_of_scope",
    "greet": "greet",
}
# Sides answered from the words alone when the NLU knew no intent for a longer message ("is it hard?", "hoe vind ik
# een leerbedrijf?", "can he do it at my garage?"): actions/meta.py answers them instead of "say it again".
WORDED_SIDES = frozenset({"question", "workplace", "own_company"})
# Questions that offer options rather than yes or no: "ja" to "BOL or BBL?" picks neither.
EITHER_OR = frozenset({"route", "start_wish"})
ANSWER_INTENTS = frozenset({"inform", "affirm", "deny", "dont_know", "nlu_fallback", "ask_recommendations"})


def fields_to_ask(known: Mapping[str, Any]) -> list[str]:
    """The questions of the intake for what we know so far, in the order they are asked."""
    education, age = known.get("education"), known.get("age")
    young = not isinstance(age, int) or age < PROFILE_MAX_AGE
    out = ["education", "age"]
    year = known.get("vmbo_year")
    # A pupil in year 1 or 2 chooses a profile and its subjects at the end of year 2: the advice says what to choose
    chosen = not (
        education in VMBO and young and isinstance(year, int) and year <= school_year.PROFILE_CHOSEN_AFTER_YEAR
    )
    if education in VMBO and young and chosen:
        out.append("vmbo_profile")
    if education in VMBO and known.get("vmbo_profile") not in TECHNICAL_VMBO_PROFILES and chosen:
        out.append("has_math_or_science")
    if education == "foreign" or known.get("newcomer") is True:
        out.append("dutch_level")
    # A pupil who said their vmbo year starts after the diploma (bot/advice.py, school_done), a havo/vwo pupil before
    # year 4 after the pass to year 4: no start to choose ("zo snel mogelijk" from a parent of a pupil in havo 2)
    pupil = education in VMBO and isinstance(year, int) and not (isinstance(age, int) and age >= ADULT_AGE)
    pupil = pupil or _havo_vwo_pupil(known)
    return out + ["interests_text", "route", "place"] + ([] if pupil else ["start_wish"])


def _havo_vwo_pupil(known: Mapping[str, Any]) -> bool:
    year, age = known.get("havo_vwo_year"), known.get("age")
    if not isinstance(year, (int, float)) or not isinstance(age, int):
        return False
    diploma = known.get("havo_vwo_diploma") is True
    return adm.havo_vwo_pupil_below_3(
        Profile(education=known.get("education"), havo_vwo_year=int(year), havo_vwo_diploma=diploma, age=age)
    )


# Facts that decide which courses are open: "maakt niet uit" answers neither, so they are asked once more, with why
DECIDING = frozenset({"has_math_or_science", "dutch_level"})


def indifferent_to_fact(text: str, requested: str | None) -> bool:
    """ "maakt mij niet uit" to "zit wiskunde in je pakket?": no answer, and no "don't know" either."""
    if requested not in DECIDING or understand.is_dont_know(text):
        return False
    return bool(INDIFFERENT.search(Message.of(text, requested).norm))


_POSTCODE = re.compile(
    r"^\s*(?:(?:mijn )?postcode(?: is)?:?\s*|(?:my )?post ?code(?: is)?:?\s*)?[1-9][0-9]{3}\s?[a-z]{0,2}\W*$"
)


def is_postcode(text: str) -> bool:
    """ "3811 AB" at the place question: we know place names, not postcodes (no postcode data ships offline)."""
    return bool(_POSTCODE.match(fold(text)))


_MATTERS = family("actions.intake.matters")  # "maakt niet uit" to a fact that decides which courses are open
_POSTCODE_ONLY = text("actions.intake.postcode")  # "3811 AB": we know place names only
_DISLIKES_ONLY = text("actions.intake.dislikes_only")  # "niet achter een computer" at the interest question


def why_no_answer(text: str, requested: str, first_ask: bool, dont_know: bool = False) -> Text | None:
    """What to say when a message that answers nothing is no answer for a reason the person should hear before the
    question comes again: indifference to a fact that decides admission (once), a postcode for a town, or only what
    someone does not want (once; it got "Dat snapte ik niet helemaal"). ``dont_know``: "geen idee" is no dislike."""
    if first_ask and indifferent_to_fact(text, requested):
        return _MATTERS[requested]
    if requested == "place" and is_postcode(text):
        return _POSTCODE_ONLY
    if requested == "interests_text" and first_ask and not dont_know and names_a_dislike(text):
        return _DISLIKES_ONLY
    return None


def open_fields(known: Mapping[str, Any]) -> list[str]:
    """Fields the person left open ("weet ik niet" or skipped after two tries), for the advice to mention."""
    return [f for f in fields_to_ask(known) if known.get(f) == UNKNOWN]


# What to call each question that can be left open, by field name.
FIELD_LABELS: Mapping[str, Text] = family("intake.open_field")


def open_note(known: Mapping[str, Any], lang: str) -> str | None:
    """One line for the advice: what was left open, and that the advice is less precise for it."""
    labels = [FIELD_LABELS[f].get(lang) for f in open_fields(known) if f in FIELD_LABELS]
    if not labels:
        return None
    return text("intake.open_note", listed=", ".join(labels)).get(lang)


# --- reading one message ------------------------------------------------------------------------------------------


@dataclass
class Reading:
    """What one message means for the intake. Stored in a slot so every action of the turn sees the same."""

    values: dict[str, Any] = field(default_factory=dict)  # answers to keep (Profile fields)
    side: str | None = None  # a side question to answer (a SIDE_INTENTS value)
    dont_know: bool = False  # "weet ik niet" to the question asked
    course_ask: bool = False  # an explicit ask for course details or a comparison
    wish: str | None = None  # a non-technical study wish (bot/scope.py field, Dutch name)
    choice: str | None = None  # the option picked in a choice item for the undecided ("dont_know" too)
    item: str | None = None  # the key of the choice item that was open when the message came
    language: str | None = None
    language_guess: bool = False  # the chat's language so far rests on a greeting alone (see settle_language)
    for_child: str = ""  # a parent (or another adult) asks for their child, nephew...: the questions say "your child"
    late_choice: bool = False  # the answer to the choice item asked before this question (actions/extraction.py)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> Reading:
        if not isinstance(data, dict):
            return cls()
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        try:
            reading = cls(**known)
        except TypeError:
            return cls()
        if not isinstance(reading.values, dict):
            reading.values = {}
        return reading


# Keywords that say what a question clause is about, when the NLU intent of the whole message does not.
_SIDE_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (k, re.compile(p))
    for k, p in (
        (
            "capabilities",
            r"\b(?:wat kun (?:je|jij)|wat kan (?:je|jij|ik hier)|what can (?:you|i ask)|hoe werkt (?:dit|het|deze)|"
            r"how does (?:this|it) work|wat doe (?:je|jij)|what do you do|waar help je|"
            # "hallo, kun je me helpen een opleiding te kiezen?" (it got "Die vraag kan ik nu niet goed beantwoorden")
            r"(?:kun|kan) (?:je|jij|u) (?:me|mij) helpen|can you help(?: me)?|help me (?:to )?(?:choose|find|pick)|"
            # "what can i do with techniek?" was told "nothing is missing: you can enter at the levels I showed"
            r"wat kan (?:ik|je|jij|hij|ze) (?:allemaal |eigenlijk )?(?:doen |worden )?(?:met|in) (?:de )?techniek|"
            r"what can (?:i|you|he|she) (?:do|become|be) (?:with|in) (?:techniek|tech\w*))\b",
        ),
        (
            "student_finance",
            r"\b(?:ov|ov-?kaart|ov-?chipkaart|studentenreisproduct|reisproduct|studiefinanciering|stufi|duo|"
            r"student finance|student travel|travel card|public transport)\b",
        ),
        (
            "pay_after",  # what the job pays, not the BBL wage while learning
            r"\b(?:verdien\w*|salaris|loon|earn\w*|salary|wage|paid)\b.*\b(?:daarna|later|na (?:de|mijn|je|het) "
            r"(?:opleiding|diploma|school)|met (?:dit|dat|het|een|mijn) diploma|after(?:wards)?|when (?:i'?m|you'?re|"
            r"i am|they'?re) (?:done|finished|qualified)|with (?:the|this|that|a|my) diploma)\b",
        ),
        ("pay", r"\b(?:verdien\w*|loon|salaris|betaald|earn\w*|wage|salary|paid)\b"),
        ("costs", r"\b(?:kost\w*|lesgeld|schoolgeld|cost\w*|fee|fees|betalen)\b"),
        (
            "age",
            r"\b(?:te oud|too old|(?:op|met) (?:mijn|m'n|mn) leeftijd|(?:at|with) my age|leeftijdsgrens|"
            r"maximum ?leeftijd|age limit|"
            # "I am 45 ... Can I still learn something technical?" got "I can't answer that question well right now"
            r"(?:can|could) i still (?:learn|study|start|do|become|switch|retrain|change)|"
            r"(?:kan|mag) ik (?:nu )?(?:nog|ook nog) (?:wel )?"
            r"(?:iets (?:technisch\w* |anders |nieuws )?|een opleiding |een (?:nieuw )?vak )?(?:leren|studeren|"
            r"beginnen|starten|omscholen|overstappen|doen)|(?:te|too) laat|"
            # "ik ben 40 ... iets technisch, kan dat nog?" (not "kan dat nog in februari?", a question of the start)
            r"(?:kan|lukt) dat (?:nu )?(?:nog|nog wel)(?= ?[?.!]|$)|is dat (?:nu )?nog mogelijk|"
            r"(?:is )?(?:it|that) still possible|"
            r"maximum age)\b",
        ),
        (
            "further_study",
            r"\b(?:hbo|hogeschool|university|universiteit|doorstuder\w*|verder (?:leren|studeren)|"
            r"doorstro\w*|study further|(?:keep|go on) studying|(?:go|move) on to)\b",
        ),
        (
            "nearer",  # "is er ook iets dichterbij?": the nearest places we know
            r"\b(?:dichterbij|dichter ?bij (?:huis|mij|me)|minder ver|niet zo ver|korter reizen|nearer|closer|"
            r"close(?:r)? to (?:home|me)|less far|not so far)\b",
        ),
        (
            "own_company",  # "can he do it at my company? I have a garage": only at a company SBB approved
            r"\b(?:(?:my|our|his|her|mijn|m'?n|mn|ons|onze|zijn|haar) (?:own |eigen )?(?:company|business|firm|"
            r"garage|workshop|bedrijf|bedrijfje|zaak|werkplaats|firma|werkgever|employer|boss|baas)|"
            r"(?:eigen|own) (?:bedrijf|company|business|zaak))\b",
        ),
        (
            "workplace",  # "hoe vind ik een leerbedrijf?": where to search, and that the school helps
            r"\b(?:vind|vinden|zoek|zoeken|krijg|krijgen|find|get) (?:ik |je |i |you )?(?:\w+ )?(?:leerbedrijf|"
            r"leerbedrijven|werkplek|bbl-? ?plek|leerbaan|stageplek|stage|employer|apprenticeship|work placement)\b",
        ),
        (
            "bbl",  # "kan ik ook parttime?", "can I do it part-time?": learning beside a job is what BBL is
            r"\b(?:part ?-?time|deeltijd|naast (?:mijn |je |m'n |mn )?(?:werk|baan)|next to (?:my )?(?:job|work)|"
            r"while (?:i'?m )?working|avond(?:opleiding\w*|school\w*|les\w*|onderwijs)|in de avond|'?s avonds|"
            r"evening (?:class|classes|course|courses|school)|night school|"
            # "moet ik dan weer naar school? ik moet wel geld verdienen" (a switcher of 45) got "Die vraag kan ik nu
            # niet goed beantwoorden": with BBL school is one day a week, beside paid work
            r"(?:moet|hoef|must|do|have) (?:ik|i) (?:\w+ ){0,3}(?:weer|opnieuw|terug|back|again) (?:\w+ )?(?:naar|to) "
            r"(?:school|de schoolbanken))\b",
        ),
        (
            "evc",  # "wat is evc?", "telt mijn werkervaring mee?": how experience is recognised
            r"\b(?:evc|erkenning van (?:eerder )?verworven competenties|ervaringscertificaat|"
            r"(?:werk)?ervaring (?:\w+ ){0,2}(?:laten )?(?:erkennen|erkend|meetellen|meetelt|mee tellen)|"
            r"(?:telt|tellen) (?:mijn |m'n |mn )?(?:werk)?ervaring|recognition of prior learning|"
            r"(?:work )?experience (?:\w+ ){0,2}(?:count|counts|recogni[sz]ed))\b",
        ),
        (
            "catch_up",
            r"\b(?:zonder (?:diploma|wiskunde)|toelat\w*|"
            r"diploma\w* (?:\w+ ){0,2}(?:erkend|erkennen|waarderen|gewaardeerd)|"
            r"diplomawaardering|idw|(?:diploma|degree|qualification)s? (?:\w+ ){0,3}(?:recogni[sz]ed|valid)|"
            r"recogni[sz]\w* (?:my |of my )?(?:diploma|degree)|bijspijker\w*|without (?:a )?(?:diploma|maths?)|"
            r"kan ik (?:(?:wel|toch|nog|dan|ook|meteen|direct|gelijk) ){0,3}(?:naar|instromen|beginnen met|doen)|"
            r"(?:can|could|may) i (?:(?:still|then|also|directly|straight away|right away) ){0,3}"
            r"(?:go|enter|do|get in)|"
            # "de school moet nog iets checken" on a course: what the school checks is what is missing
            r"wat (?:moet|gaat|wil|zal) de school (?:nog )?(?:checken|controleren|bekijken|weten|zien)|"
            r"wat (?:checkt|controleert|bekijkt|toetst) de school|"
            r"what (?:does|will|would) the school (?:check|look at)|"
            r"what (?:does|will|would) the school (?:want|need) to (?:see|know|check)|"
            # "moet ik dan opnieuw beginnen op niveau 2?": which level is open
            r"(?:opnieuw|overnieuw) (?:\w+ ){0,2}(?:op|bij) niveau|(?:start|begin) (?:over |again )?at level)\b",
        ),
        (
            "start",
            r"\b(?:wanneer (?:kan ik )?(?:beginnen|starten|begint|start)|when (?:can i |does it )?start|"
            r"kan ik (?:ook |al |dan )?(?:in|op|per|na|vanaf) \w+ (?:beginnen|starten)|"
            r"can i (?:also )?start (?:in|on))\b",
        ),
        (
            "duration",
            r"\b(?:hoe lang (?:duurt|doe|ben|zit|moet)\w*|duurt (?:het|de opleiding|die|dat|deze)|studieduur|"
            r"opleidingsduur|how long (?:does|is|will|do|would)|how many years|hoeveel jaar)\b",
        ),
        (
            "bbl",
            r"\b(?:bbl|bol|leerbedrijf|werken en leren|(?:uur|uren|dagen) per week|(?:hours|days) (?:a|per) week|"
            r"hoeveel (?:uur|uren|dagen) (?:moet|ga|zou|werk|werken|naar)|"
            r"how many (?:hours|days) (?:do|would|will|a))\b",
        ),
    )
)
_EXPLICIT_COURSE = re.compile(
    r"\b(?:vertel (?:me |mij |eens |wat )*(?:meer|iets) over|meer (?:info\w*|weten )?over|info\w* over|"
    r"tell me (?:more |something )?about|more (?:info\w* )?(?:about|on)|details? (?:of|about|over)|"
    r"vergelijk\w*|compare|"
    # "what's the difference between 1 and 2?": courses by their number (not "het verschil tussen bol en bbl")
    r"(?:verschil|difference)\s+(?:tussen\s+|between\s+)?(?:de\s+|the\s+|nummer\s+|number\s+|optie\s+|option\s+)?"
    r"(?:\d|eerste|tweede|derde|first|second|third))\b"
)
_LIST_PICK = re.compile(
    # "en nummer 2?" after one was shown; "waarom nummer 2?": its details say why
    r"^(?:(?:en|and|en dan|wat (?:over|van)|what about|how about|waarom|why) )?(?:"
    r"(?:(?:nummer|nr\.?|number|no\.?|optie|option) ?)?(\d{1,2})\.?|(?:de |the )?"
    r"(eerste|tweede|derde|vierde|vijfde|first|second|third|fourth|fifth))(?: (?:dan|then))? ?\??$"
)
_CREBO = re.compile(r"(?<!\d)(2[5-7]\d{3})(?!\d)")
_SKIP = re.compile(
    r"^(?:sla (?:deze |die |maar )?(?:vraag )?over|overslaan|skip(?: it| this)?|pass|next|volgende"
    r"(?: vraag)?|geen antwoord|zeg ik liever niet|rather not say|maakt (?:me |mij )?niet uit|"
    r"doesn'?t matter|no preference|geen voorkeur|whatever|boeit (?:me |mij )?niet|kan (?:me |mij )?niet schelen|"
    r"i (?:do not|don'?t) care|geen idee eigenlijk)[ .!]*$"
)
# with the typos seen in simulated users ("ik heb mijn diplma timmrman (nivo 2) geaald")
_DIPLOMA_DONE = re.compile(
    r"\b(?:diploma|dipl[a-z]*|gehaald|geh?aal[dt]|gehald|behaald|afgerond|afgestudeerd|finished|completed|graduated|"
    r"certificate)\b"
)
_LEVEL_WORD = r"(?:niveau|nivo|niveu|nivau|level|mbo)"
_LEVEL_WISH = re.compile(
    rf"\b(?:door (?:naar|met) {_LEVEL_WORD} ?([2-4])|"
    rf"{_LEVEL_WORD} ?([2-4])(?: ?(?:/|of|or|-) ?([2-4]))? (?:doen|halen|volgen|worden|graag|mogelijk)|"
    # "..., niveau 3 ofzo" after a wish to go on (the level was lost, and level 4 came first)
    rf"(?:wil|want|verder|further|liefst|rather) [^.!?]*?{_LEVEL_WORD} ?([2-4]) "
    r"(?:ofzo|of zo|or so|or something|misschien|maybe|denk ik|i think|i guess)|"
    rf"(?:wil|want|would like|d like|go on to|move (?:up )?to|naar|liefst|rather|prefer) (?:\w+ ){{0,3}}"
    rf"{_LEVEL_WORD} ?([2-4])|"
    # "can I do level 4?", "could I go to level 3"
    rf"(?:can|could|may) (?:i|he|she|we) (?:\w+ )?(?:do|go to|start|get into|enter) (?:\w+ )?"
    rf"{_LEVEL_WORD} ?([2-4])|"
    r"(?:een |a )?(hoger|higher) (?:niveau|level))\b"
)
# Someone in a trade who wants the next step ("I've been a level 2 installer ..., my boss wants me to lead a crew",
# "Ik werk nu 8 jaar als procesoperator B ... ik wil door naar de controlekamer"): the level above the one they work at
_MOVE_UP = re.compile(
    r"\b(?:move up|step up|next step|volgende stap|volgende opleiding|doorgroeien|groeien naar|door naar|lead|"
    r"leiding|leidinggeven|foreman|voorman|shiftleider|ploegleider|teamleider|more responsibility|"
    r"meer verantwoordelijkheid|specialis\w+|specializ\w+|hogerop|move into|get into|richting|eerste \w+ word\w*|"
    r"first \w+ (?:mechanic|fitter)|technicus word\w*|become (?:a |the )?technician|"
    r"service (?:guy|man|technician|technicus|engineer|monteur|mechanic|tech))\b"  # (not "service calls"; not "worden",
    # "become" alone: "ik ben timmerman en wil kok worden")
)
# the level or job of work someone does now (not before: "ik was ..., nu wil ik verder" leaves it): not a school year,
# not a wish
_AT_WORK = re.compile(rf"\b(?:{'|'.join(WORK_NOW)}|{BEEN}|(?:{I_AM}) an?)\b")
_LEVEL_NOW = re.compile(rf"\b{_LEVEL_WORD} ?([1-3])\b")
_OR_LEVEL = re.compile(rf"\s*(?:of|or|en|and|/|-)\s*(?:{_LEVEL_WORD} ?)?([2-4])\b")
_NOT_WISHED = re.compile(r"\b(?:niet|geen|not|no|never|nooit)\b")
# "iets technisch" to "what do you like?": every course here is technical; the choice items help choose.
_VAGUE_INTEREST = re.compile(
    r"^(?:(?:ik wil |i want |i'?d like |doe maar |gewoon )?(?:iets|something|anything) )?"
    r"(?:met |with |in (?:de |the )?)?"
    r"(?:techniek|technisch|technical|tech|technology|praktisch|practical|"
    r"(?:mijn|mn|m'n|je|haar|zijn|z'n|hun) handen|(?:my|her|his|their) hands)"
    r"(?: (?:ofzo|of zo|or so|i guess|denk ik|doen|werken))?[ .!]*$"
)
# (also a doubt before it: "idk something practical i guess, not sitting still all day")
_HEDGE = re.compile(
    r"^(?:(?:misschien|maybe|perhaps|denk ik|i think|i guess|idk|dunno|no idea|not sure|i dont know|geen idee|"
    r"weet niet|weet ik niet|ik weet het niet|ik weet niet|geen flauw idee|hmm+|uhm*|ehm*|nou) )+"
)
# "allebei wel leuk", "I like everything" to "what do you like?" (with its examples as buttons): no choice made, so
# the choice items help choose (it was kept as the interest: "Ik herken ... nog geen technisch werk")
_LIKES_ALL = re.compile(
    r"^(?:(?:ik vind |i like |i love )?(?:allebei|beide|alles|allemaal|both|everything|all of (?:it|them)))"
    r"(?: (?:wel|is|zijn|lijkt me|vind ik|lijken me|sounds|sound|are))*"
    r"(?: (?:wel|heel|best|erg|pretty|quite|really))?"
    r"(?: (?:leuk|prima|goed|interessant|fine|good|cool|ok|oke|okay|nice|fun|interesting))?[ .!]*$"
)
_LIKES_NOTHING = re.compile(r"\b(?:niks|niets|nothing|not really anything|niet echt iets)\b")
# "niks" to "what do you like?": the choice items help find something (it got "Dat snapte ik niet helemaal")
_NOTHING_LIKED = re.compile(
    r"^(?:niks|niets|nothing|nada|(?:niet|not) (?:echt |really )?(?:iets|anything))"
    r"(?: eigenlijk| really| echt| speciaals?| special| in particular)?[ .!]*$"
)
# Words around a wish or a question that name no work themselves ("ik wil graag ... worden", "I want to work in a
# restaurant": "work" was taken as an interest)
_FILLER_WORDS = frozenset(
    "worden werken graag iets become want wil opleiding doen welke moet later liefst something what should work "
    "working would like study".split()
)
# "can i do a technical course?", "what can i do with techniek?": what is asked names no work (it skipped the interest
# question with "do with techniek" as the interest)
_NO_WORK_WORDS = _FILLER_WORDS | frozenset(
    "do with met a an een de het the in technical technisch technische techniek tech technology course mbo studeren "
    "learn leren train allemaal eigenlijk while terwijl tijdens naast i ik you je leer learning studying werk "
    "school".split()  # "work while"
)


def _names_no_work(asked: str) -> bool:
    return all(w in _NO_WORK_WORDS for w in re.findall(r"[a-z]+", fold(asked)))


_CLAUSE_BREAK = re.compile(r"\s*[,;]\s*|\s+(?:maar|but)\s+")


def is_answered(value: object) -> bool:
    """A profile slot value that is an answer (a "don't know" is one too): the count of answers and "is this the
    opening message?" agree on it."""
    return value not in (None, "", [], {})


def _aligned(text: str) -> str:
    """The text at whose positions a match over ``fold(text)`` can be read: the typed text when folding kept its
    length (capitals, accents), else the folded one."""
    folded = fold(text)
    return text if len(folded) == len(text) else folded


def as_typed(text: str, match: re.Match[str], group: str) -> str:
    """A group of a match over ``fold(text)`` as the person typed it: "go into IT" keeps the capitals that tell
    the field from the pronoun (folding may change the length; then the folded words)."""
    start, end = match.span(group)
    return _aligned(text)[start:end].strip()


def vague(answer: str, is_interest: Callable[[str], bool]) -> bool:
    """ "iets technisch", also with more that names no work ("iets met mijn handen, maar niet te zwaar"): every course
    here is technical, so the choice items help choose (the heavy stone and road work came first)."""
    first, *rest = [_HEDGE.sub("", clause) for clause in _CLAUSE_BREAK.split(fold(answer).strip())]
    if _LIKES_ALL.match(first) and not rest:
        return True
    if _VAGUE_INTEREST.match(first):
        return not any(is_interest(clause) for clause in rest)
    # "ze vindt niks echt leuk, misschien iets met haar handen": nothing liked, then something vague (it was read as
    # nothing at all, and asked again)
    return (
        _LIKES_NOTHING.search(first) is not None
        and any(_VAGUE_INTEREST.match(clause) for clause in rest)
        and not any(is_interest(clause) for clause in [first, *rest])
    )


# "what can she do?" beside the facts: what the advice answers
_ADVICE_ASKED = re.compile(
    r"\b(?:what (?:can|could|should) (?:she|he|i|they|my \w+) (?:\w+ )?(?:do|study|choose|become)|"
    r"which (?:course|study|studies|training|education|direction)|"
    r"wat (?:kan|kun|moet|zou|kunnen) (?:ik|hij|zij|ze|je|mijn \w+) (?:\w+ )?(?:doen|studeren|kiezen|worden)|"
    r"welke (?:opleiding|studie|richting)|wat past (?:er )?bij (?:mij|me|hem|haar)|wat (?:kan|kun) ik nog|"
    r"what else can i|wat zijn (?:de |zijn |haar |mijn |onze )?(?:opties|mogelijkheden)|welke (?:opties|mogelijkheden)|"
    r"what are (?:the |his |her |my |our )?(?:options|possibilities)|what options|"
    # "something technical but not too heavy?" beside the answers asks what can be done
    r"(?:something|anything|iets) (?:\w+ ){0,2}(?:technical|technisch\w*))\b"
)
# "mbo 3 verkoop gedaan en wil nu naar ict": where someone wants to go is what they like, when it names work we know
# (not "wil naar school", "wil naar Utrecht")
_WISH_TOWARDS = re.compile(
    r"\b(?:wil|wilt|willen|ga|gaan|overstappen|omscholen|switch|switching|move|moving|go|going)\s+(?:\w+\s+){0,2}?"
    r"(?:naar|tot|into|to)\s+(?:de\s+|het\s+|een\s+|the\s+)?(?P<rest>[^,.;!?]{2,60})"
)
# "ik wil later lasser worden", "I want to become a welder", told at another question: the work wished, when we know it
_WISH_BECOME = re.compile(
    r"\b(?:wil|wilt|willen|zou)\s+(?:(?:later|graag|eigenlijk|misschien|echt|ook|heel|dan|nu)\s+)*"
    r"(?P<nl>[^,.;!?]{2,60}?)\s+worden\b|"
    r"\b(?:want|wants|wanna|would like|'d like|hope|plan)\s+(?:to\s+)?"
    r"(?:become|be|(?:re)?train as|train to be|work as|start as|work (?:in|with|on))\s+(?P<en>[^,.;!?]{2,60}?)"
    r"(?=\s+(?:in|near|at|because|but|and|or|so|like)\b|[,.;!?]|$)|"
    # "ik wil me omscholen tot elektricien", "wil werken als lasser" (a 31-year-old's "retrain as an electrician" was
    # lost beside her hospitality diploma, and she was asked what she likes)
    r"\b(?:wil|wilt|willen|zou)\s+(?:(?:me|mij|graag|later|nu|eigenlijk|misschien)\s+)*"
    r"(?:omscholen|laten omscholen|werken|beginnen|starten)\s+(?:tot|als|naar)\s+(?P<nl_as>[^,.;!?]{2,60}?)"
    r"(?=\s+(?:in|bij|maar|en|want|omdat|of)\b|[,.;!?]|$)"
)
# A liking in any person ("ze knutselt graag", "hij houdt van auto's", "she loves drawing"), told at another question
# by a parent or the person: what follows is what is liked, when it names work we know
# ("Hij is wel heel handig, repareert alles in huis" from a mother was lost: two words between, and what someone
# does with their hands told as a plain fact)
_LIKING = re.compile(
    r"\b(?:\w+ graag|graag \w+|hou(?:dt?)? (?:\w+ )?van|likes?|loves?|enjoys?|"
    r"is (?:\w+ ){0,2}(?:into|handig|goed in|good at)|"
    r"(?:(?<=\bik )|(?<=\bhij )|(?<=\bzij )|(?<=\bze )|(?<=\bi )|(?<=\bhe )|(?<=\bshe ))"
    r"(?:repareer|repareert|sleutel|sleutelt|klus|klust|knutsel|knutselt|fix|fixes|repair|repairs|tinker|tinkers))\b"
)
# ... or work wished ("I'm a chef but I want to repair ovens and dishwashers", "ik wil ovens repareren") beside the
# school question: the NLU named no interest, and the wish was lost ("I didn't quite get that")
_WISH_DO = re.compile(r"\b(?:(?:ik|i) (?:wil|want|wanna|would like|zou graag)|(?:wil|zou) ik)(?= (?:to )?\w)")
# The questions after the interest question (and the school and age before it), where a short liking is no answer
_LIKING_LATER_AT = frozenset({"education", "age", "route", "place", "start_wish", "dutch_level"})
# "iets maken", "dingen bouwen", "making things": a liking without a field, kept as the interest question keeps it
_MAKING = re.compile(
    r"^(?:iets|dingen|spullen|something|things|stuff) (?:(?:met|with) (?:\w+ ){1,2})?"
    r"(?:maken|bouwen|repareren|fixen|in elkaar zetten|make|making|build|building|fix|fixing|repair|repairing)$|"
    r"^(?:make|making|build|building|fix|fixing|repair|repairing) (?:things|stuff)(?: (?:with|by) (?:\w+ )?hands?)?$"
)


def _liked_alone(answer: str, is_interest: Callable[[str], bool]) -> bool:
    """A message of a few words that is only a liking: a field we know, something vague, or making things."""
    folded = fold(answer).strip(" .!")
    if not folded or len(folded.split()) > 4 or "?" in answer or understand.is_dont_know(answer) or _SKIP.match(folded):
        return False
    return _vague_liking(folded) or is_interest(folded)


def _vague_liking(folded: str) -> bool:
    return bool(_MAKING.match(folded) or _VAGUE_INTEREST.match(folded))


_NOT_CHOSEN = re.compile(
    r"\b(?:nog (?:geen|niet)|not (?:yet|chosen)|no profile|pas (?:in|na)|kiest pas|kies pas|"
    r"haven'?t chosen|hasn'?t chosen|didn'?t choose|(?:geen|niet) (?:\w+ )?gekozen)\b"
)
_PROFILE_WORD = re.compile(r"\b(?:profiel|profile)\b")
_WORK_WORD = re.compile(r"\b(?:werk\w*|gewerkt|work\w*|job|beroep|als|as)\b")
_SCHOOL_CUE = re.compile(r"dipl|school|opleiding|degree|qualif|startkwalificatie|gestopt|dropped")
_LANGUAGE_CUE = re.compile(
    r"\b(?:nederlands|dutch|taal|language|spreek|spreken|speak|praat|nt2|[abc][12]|"
    r"moedertaal|native)\b"
)
# "kan ik ook in Utrecht?", "is er ook iets met elektriciteit?", "heb je iets op niveau 4?": a question that asks
# for the advice with one answer changed (after the advice only)
_ABOUT = r"(?:what|how) about|hoe zit het met"  # "what about Utrecht?": the lead of a what-if, and of its town
_WHAT_IF = re.compile(
    rf"\b(?:ook|also|too|anything|iets|something|{_ABOUT}|wat als)\b.*\b(?:in|met|with|"
    r"op|at|niveau|level|near|bij)\b|"
    # "en in Den Haag?", "what about Utrecht?", "en Zwolle?" (they got "Die vraag kan ik niet goed beantwoorden")
    rf"^\s*(?:en|and) (?:in|met|with|op|at|near|bij|niveau|level)\b|^\s*(?:{_ABOUT})\b|"
    r"^\s*(?:en|and) (?!(?:wat|hoe|waar|wanneer|waarom|welke|wie|what|how|where|when|why|which|who)\b)\S+(?: \S+)?\W*$"
)
WHAT_IF_FIELDS = frozenset({"interests_text", "place", "level_wish"})


def lets_wishes_go(values: Mapping[str, Any]) -> bool:
    """ "BOL of BBL maakt niet uit", "de start maakt niet uit": after the advice, the list is made again without them
    (the advice names the course that fits best but is left out by them, and says to type this)."""
    return values.get("route") == "either" or values.get("start_wish") == "any"


# "Kan ik nog iets in de installatietechniek gaan doen?", "Can I become a welder?": a wish asked as a question. The
# words after "kan ik" are what the person likes when they name work we know; "nog"/"still" asks about the age too.
_WISH_ASKED = re.compile(
    r"\b(?:kan|mag|kun|could|can|may) (?:ik|i) (?P<still>(?:nu )?(?:nog|still|ever|ooit) )?"
    r"(?:(?:ook|wel|toch|also|even) )?"
    r"(?P<rest>.*?\b(?:worden|gaan doen|doen|leren|studeren|werken|become|do|learn|study|work|train)\b.*?)\??$"
)
# "kan ik nog iets anders leren?", "ik wil omscholen": the work someone does or did is what they leave behind
_CHANGE_WISH = re.compile(rf"\b(?:{roles.CHANGE_WISH_WORDS})\b")
_LEVEL_STATED = re.compile(rf"\b{_LEVEL_WORD} ?([1-4])\b")


# "my parents say techniek is for boys": a doubt the answer for girls answers, also beside other answers
_FOR_BOYS = re.compile(r"\b(?:jongens|boys|mannen|men|guys|jongensvak|mannenvak|mannenwereld|mannenwerk)\b")
# "is techniek wel iets voor mij?": from a girl, the question the answer for girls answers
_FOR_ME = re.compile(r"\b(?:iets|wat) voor (?:mij|me)\b|\b(?:for|right for|suitable for) me\b")

# A question about the question just asked, by the side question that explains its options.
_ABOUT_THE_QUESTION: Mapping[str, str] = {"route": "bbl"}
_ASKS_ABOUT_IT = re.compile(
    r"\b(?:verschil|difference|wat is dat|wat zijn dat|what is that|what are they|wat betekent|what does (?:that|it) "
    rf"mean|hoe bedoel|what do you mean|wat bedoel|{ASKS_WHICH})"
)


# A question word with its subject after it, no question mark: a clause inside a sentence ("wat hij wil", "what he
# wants"), where a question puts the verb first ("wat is bbl", "what do you think")
_EMBEDDED = re.compile(
    r"(?:en |and |maar |but )?(?:wat|welke|hoe|waar|wanneer|what|which|how|where|when) "
    r"(?:hij|zij|ze|ik|je|jij|we|wij|het|mijn|zijn|haar|hun|he|she|they|i|we|it|my|his|her|their)\b[^?]*$"
)


# "bbl wat is dat", "bol? wat is dat eigenlijk": a question about the word before it, no answer (BBL was chosen and
# nothing explained)
_WHAT_IS_THAT = re.compile(
    r"^(?P<word>[^,.?!]{1,40}?)\s*[,.?!]?\s+(?P<what>wat is|wat's|what is|what's|whats) (?:dat|dit|het|that|this|it)"
    r"(?: eigenlijk| precies| dan| then| exactly)?\s*\??\s*$",
    re.IGNORECASE,
)


def split_clauses(text: str) -> tuple[str, str]:
    """(the answer part, the question part) of a message: "bbl denk ik, hoeveel verdien je dan?"."""
    that = _WHAT_IS_THAT.match(text.strip())
    if that:
        return "", f"{that.group('what')} {that.group('word').strip()}?"
    parts = [
        p
        for p in re.split(
            r"(?<=[?!.])\s+|(?<=\?)|,\s*(?=(?:en |and |maar |but )?(?:wat|hoe|hoeveel|wanneer|waarom|"
            r"welke|kan|kun|mag|moet|krijg|ben|bent|heb|hebt|word|wordt|zijn|zou|what|how|when|why|which|can|"
            r"could|is|am|are|have|has|do|does|will|would|should)\b)"
            r"|,\s*(?=\w+ (?:je|jij|u|ik|we|you|i)\b[^,]*\?)",  # a verb before its subject: "verdien je daar ...?"
            text,
        )
        if p and p.strip()
    ]
    asked = [understand.is_question(p) for p in parts]
    for i in range(1, len(parts)):
        if asked[i] and _EMBEDDED.match(fold(parts[i])) and understand.is_dont_know(parts[i - 1]):
            asked[i] = False  # "weet ik niet, wat hij wil": what is not known, no question to answer
    answers = [p for p, q in zip(parts, asked) if not q]
    questions = [p for p, q in zip(parts, asked) if q]
    return _rejoin(answers), _rejoin(questions)


def _rejoin(parts: list[str]) -> str:
    """Clauses split apart, joined again with their break ("Ik ben Sanne, 31, heb mbo 4": the 31 stays a clause)."""
    out = ""
    for part in (p.strip() for p in parts):
        if out:
            out += " " if out[-1] in "?!.,;:" else ", "
        out += part
    return out


def add_interest(before: str, more: str) -> str:
    """What someone likes, told in two messages: "buiten" and later "iets maken met mijn handen"."""
    if fold(more).strip() in fold(before):
        return before
    return f"{before.rstrip(' .' + TOLD_APART)}{TOLD_APART} {more.strip()}"


_CORRECTION = re.compile(
    r"\b(?:ik bedoel(?:de)?|bedoel ik|i mean[t]?|liever|rather|instead|in plaats (?:daarvan|van)|"
    r"toch niet|toch geen|niet meer|not anymore|no longer|vergeet|forget|never mind|laat maar|toch maar|"
    # "oh sorry, toch gamen en computers": "toch" opening a clause takes back what came before
    r"(?:sorry|oh|nee|no|eigenlijk|wacht)\W+toch|actually,? (?:no|not)|"
    # "nee wacht, ik heb in een lab gewerkt" at the BOL/BBL question, after "gamen en computers": the lab replaces them
    r"(?:nee|no)\W+(?:wacht|wait)|wait,? no|hold on)\b|(?:^|[,.;!]\s*)toch\b"
)


# Not knowing what to choose, said at a question about oneself: no "I leave it open", the question stays.
_UNDECIDED = re.compile(
    r"\b(?:weet|know|idee|idea)\b.{0,25}\b(?:wat ik (?:wil|moet|ga|zou)|welke opleiding|what (?:i want|to do|to choose|"
    r"i should|exactly)|wat (?:precies|dan|dan precies)|which course)\b"
)
_KNOWN_FACTS = frozenset({"education", "age"})  # a "don't know" before an interest is about the choice
_ADDS = re.compile(r"\b(?:ook|also|too|as well|daarnaast|besides)\b")


def keeps_interest(message: str, requested: str | None) -> bool:
    """Whether an interest told now adds to the one told before: at another question of the intake it does
    unless it takes it back; after the advice only when it says so ("ik vind solderen ook leuk")."""
    if requested == "interests_text" or corrects(message):
        return False
    return requested is not None or bool(_ADDS.search(fold(message)))


# A liking or a wish beside the school someone names: "mbo 2 administratie, maar ik wil iets technisch"
_LIKES_OR_WISHES = re.compile(
    r"\b(?:wil|wilt|want|wanna|would|zou|like|likes|love|enjoy|leuk|graag|hou|houd|houdt|interesse|interested|"
    r"lijkt|dream|droom|worden|become|iets met|something with|into)\b"
)


def _schooling_only(answer: str, values: Mapping[str, Any], technical: bool) -> bool:
    """Whether an answer read as an interest only names the mbo school someone did in another field, with no liking
    or wish: that is their education (a technical course done is the trade they know, and stays)."""
    education = values.get("education")
    mbo = isinstance(education, str) and (education.startswith("mbo") or education == "entree")
    return mbo and not technical and not _LIKES_OR_WISHES.search(fold(answer))


def _takes_back_route(answer: str, requested: str | None, known: Mapping[str, Any]) -> bool:
    """ "nee wacht, allebei goed" at the question after BOL/BBL: the route told just before is taken back for both
    ("both" can only mean the two routes there; "maakt niet uit" only with a correction: it may be about the place).
    A route named again, "toch liever bol", is read as such anywhere."""
    if known.get("route") not in ("bol", "bbl"):  # (every message comes here: the cheap test first)
        return False
    order = fields_to_ask(known)
    if requested not in order or order.index(requested) == 0 or order[order.index(requested) - 1] != "route":
        return False
    norm = Message.of(answer, requested).norm
    return bool(BOTH.search(norm)) or (corrects(answer) and bool(INDIFFERENT.search(norm)))


def corrects(message: str) -> bool:
    """A message that takes back what was said before ("ik bedoel toch lassen"): its interest replaces the old."""
    return bool(_CORRECTION.search(fold(message)))


def _after_dont_know(answer: str) -> str | None:
    """What follows a first clause that says "I don't know" ("weet ik niet, maar ik game veel"), or None."""
    parts = re.split(r"\s*[,;.:]\s*|\s+(?=(?:maar|but)\b)", answer.strip(), maxsplit=1)
    if len(parts) == 2 and understand.is_dont_know(parts[0]) and not understand.is_dont_know(answer):
        return parts[1]
    return None


_ASKS_WHY = re.compile(
    r"\b(?:waarom|wrm|hoezo|bedoel\w*|betekent|betekenis|snap|begrijp|uitleg\w*|leg uit|why|mean\w*|explain\w*|"
    r"understand)\b"
)


_COURSE_LANGUAGE = re.compile(
    r"\b(?:i (?:\w+ )?(?:do|study|follow|take|learn)\w*|courses?|lessons?|class(?:es)?|taught|study|studying|"
    r"opleiding\w*|lessen|les|studeren|volgen)\b(?:\s+\w+){0,4}?\s+in (?:het )?(?:engels|english|nederlands|dutch)\b|"
    r"\bik (?:\w+ ){0,4}in (?:het )?(?:engels|nederlands) (?:doen|volgen|studeren|leren)\b"
)


def asks_course_language(text: str) -> bool:
    """ "Can I do it in English?" asks about the course, not for the chat's language."""
    return bool(_COURSE_LANGUAGE.search(fold(text)))


def year_awaits_school(values: Mapping[str, Any], known: Mapping[str, Any]) -> bool:
    """ "ik zit in de 3e" before the school is known: the year is kept and the school asked next."""
    return (
        isinstance(values.get("vmbo_year"), int)
        and "education" not in values
        and known.get("education") in (None, UNKNOWN)
    )


def _place_school_year(values: dict[str, Any], known: Mapping[str, Any], education: Any, answer: str) -> None:
    """A year of school is read as a vmbo year (the one that moves the start, bot/advice.py); once the school is
    known it belongs to that school: a havo/vwo year becomes the years passed, any other school has none.
    "ik zit in de 3e" at the age question, the school not yet told, got "Dat snapte ik niet helemaal"."""
    year = values.get("vmbo_year", known.get("vmbo_year") if "education" in values else None)
    if not isinstance(year, int) or education in VMBO:
        return
    if education in (None, UNKNOWN) and (names_vmbo(answer) or year_awaits_school(values, known)):
        return  # "ik zit in 3 vmbo" keeps its year while the track is asked; a bare year while the school is asked
    if (
        education in ("havo", "vwo")
        and "havo_vwo_year" not in values
        and known.get("havo_vwo_year") is None
        and year > 1
    ):
        values["havo_vwo_year"] = year - 1  # "ik zit in de 3e", then "havo": two years passed
    if "vmbo_year" in values and known.get("vmbo_year") is None:
        values.pop("vmbo_year")
    else:
        values["vmbo_year"] = None  # the year kept for the school is no vmbo year ("havo 2, tweede klas")


def names_vmbo(text: str) -> bool:
    """ "vmbo" without its track ("ik zit op het vmbo"): the answer needs only the track."""
    return bool(re.search(r"\bvmbo\b", fold(text)))


_LIVES_IN = r"\b(?:woon|woont|wonen|woonachtig|live|lives|living) (?:in|bij|near|at) "


def place_typo_ok(message: str, span: str) -> bool:
    """Whether a place may be read with a typo: the whole answer, or right after "ik woon in" ("ik woon in den
    bocsh"); other words inside a sentence must name a place exactly ("lassen" is no Assen)."""
    return span.strip() == message.strip() or bool(re.search(_LIVES_IN + re.escape(fold(span)) + r"\b", fold(message)))


_SCHOOLING = re.compile(
    r"\b(?:school|scholen|schooltijd|diploma|opleiding|studie|gestudeerd|studeerde|universiteit|klas|"
    r"schooling|studied|university|college|education|degree|grade)\b"
)


def names_schooling(text: str) -> bool:
    """The message talks about the person's schooling ("in eritrea ik school 10 jaar", "I studied in Syria")."""
    return bool(_SCHOOLING.search(fold(text)))


# "ik wil naar het mbo", "wil later mbo doen": the mbo as where someone goes, not a diploma they have
_MBO_WISH = re.compile(
    r"\b(?:naar|wil|wilt|willen|want|wants|later|go to|going to|start|starten|beginnen)(?: \w+){0,3} mbo\b"
)


def names_mbo(text: str) -> bool:
    """ "mbo-diploma" (the school question's own button) without its level: the answer needs only the level."""
    low = fold(text)
    return bool(re.search(r"\bmbo\b", low)) and not _MBO_WISH.search(low)


# The answer to "which level is your mbo diploma?": its buttons and a typed "niveau 3" or "level 2"
MBO_LEVELS = ("entree", "mbo 2", "mbo 3", "mbo 4")
_MBO_LEVEL_ONLY = re.compile(r"^(?:mbo[- ]?)?(?:niveau|nivo|level|lvl) ?([1-4])\W*$")


# The level a question or a what-if is about: "kan ik dan naar niveau 4?", "iets op niveau 3", "what about level 2"
_LEVEL_ASKED = re.compile(rf"\b(?:naar|op|in|voor|to|at|into|on|of|for) {_LEVEL_WORD} ?([1-4])\b")


def level_asked(text: str) -> int | None:
    """The level a question is about ("kan ik dan naar niveau 4?"), or None."""
    m = _LEVEL_ASKED.search(fold(text))
    return int(m.group(1)) if m else None


def names_technical(text: str) -> bool:
    """ "techniek", "iets technisch": a technical vmbo profile, not which one."""
    return bool(re.search(r"\btechni\w*|\btech\b", fold(text)))


def asks_why(text: str) -> bool:
    """Words that ask what something means or why ("waarom?", "wat bedoel je"), not any other question."""
    return bool(_ASKS_WHY.search(fold(text)))


def keyword_sides(text: str) -> list[str]:
    """The side questions a message names by its words, in the order of ``_SIDE_KEYWORDS``."""
    low = fold(text)
    return [kind for kind, rx in _SIDE_KEYWORDS if rx.search(low)]


# Intents whose canned answer only fits when the words say so: the NLU read "kan ik ook in Utrecht?" as ask_girls.
_ANY = re.compile("")
_INTENT_NEEDS_WORDS: Mapping[str, re.Pattern[str]] = {
    # "is it hard work?" was read as ask_bbl; every ask_bbl example of data/nlu names one of these
    "bbl": re.compile(
        r"\b(?:bbl|bol|leerweg|leerbedrij\w*|leerbaan|werk\w* en leren|leren en werken|leer en werk|werkend leren|"
        r"stage\w*|bpv|werkgever|employer|(?:learning|training) company|work-based|work and learn\w*|"
        r"learn\w* on the job|apprentic\w*|beroeps\w* leerweg|school (?:or|of) (?:work|werk)|"
        r"(?:days?|dagen) (?:at|per|a|naar) (?:school|week)|werk\w* en (?:naar )?school|"
        # "can I work while learning?" (a Syrian electrician got "I can't answer that question well right now")
        r"work\w* while (?:i |you )?(?:learn|study|studi)\w*|learn\w* while (?:i |you )?work\w*|"
        r"(?:werken|werk) (?:terwijl|tijdens|naast) (?:ik |je )?(?:leer|leren|de opleiding|school|studeer)|"
        r"(?:leren|leer) (?:terwijl|tijdens|naast) (?:ik |je )?(?:werk|werken)|earn\w* while (?:i |you )?learn\w*)\b"
    ),
    "girls": re.compile(
        r"\b(?:meisje\w*|meid\w*|vrouw\w*|dame\w*|jongensvak|mannenvak|mannenwereld|girls?|wom[ae]n|female|"
        r"gender|ladies)\b"
    ),
    # "achter de computer" (the answer to an earlier choice item) was read as "are you a bot?"; every bot_challenge
    # example of data/nlu names one of these
    "bot_challenge": re.compile(
        r"\b(?:bot\w*|robot\w*|chatbot|chat ?gpt|ai|mens|human|persoon|person|iemand|someone|echt|echte|real|nep|"
        r"fake|programma|program|automatisch|automated|wie ben|wat ben|who am i|what are you|typ jij|"
        r"(?:ben (?:je|jij)|bent|are you|r u|is (?:this|dit|het)|praat ik met|talking to|tegen) (?:toch )?"
        r"(?:een |a |an )?computer)\b"
    ),
}


# "hoe vind ik die?" right after the answer about BBL: the workplace it spoke of
_FIND_IT = re.compile(
    r"\b(?:hoe|waar) (?:vind|zoek|krijg|kom) (?:ik|je) (?:(?:er|dan|zo|aan|nou) )*"
    r"(?:die|dat|een|zo'?n|hem|het|er een)?\b"
    r"(?:\s*\??$| (?:dan|dat|die|eigenlijk)\b)|"
    r"\b(?:how|where) (?:do|can|would|should) (?:i|you) (?:find|get) (?:one|it|that|them|such a (?:company|place))\b"
)
_WORKPLACE_BEFORE = frozenset({"bbl", "workplace"})


_CHILD = (
    r"(zoon|dochter|kind|zoontje|dochtertje|stiefzoon|stiefdochter|pleegkind|pleegzoon|pleegdochter|"
    r"son|daughter|child|kid|stepson|stepdaughter|"
    # "Hi, I'm looking for information for my nephew" (he got "Do you want to erase all your data?")
    r"neef|neefje|nicht|nichtje|kleinzoon|kleindochter|broertje|zusje|nephew|niece|grandson|granddaughter|"
    r"little brother|little sister|younger brother|younger sister)"
)
_FOR_CHILD = re.compile(
    # "ik zoek een opleiding voor mijn dochter", "I'm looking for a course for my son"
    rf"\b(?:zoek\w*|kijk\w*|vraag|vragen|hulp|help\w*|info\w*|advies|opleiding\w*|look\w*|search\w*|ask\w*|advice|course\w*)"
    rf"\b.*\b(?:voor|for) (?:mijn|m'?n|onze|my|our) {_CHILD}\b"
    # "mijn zoon zit in 3 vmbo", "my daughter wants to ...": the child does the verb
    # ("mijn zoon (15) zit in vmbo kader 3", "my son, 15, wants ...": the age between was read as the parent's)
    rf"|\b(?:mijn|m'?n|onze|my|our) {_CHILD}(?: ?[(,] ?\d{{1,2}}(?: jaar| years?)? ?[),]?)? "
    rf"(?:is|zit|wil|heeft|houdt|vindt|doet|gaat|zoekt|weet|twijfelt|wants|likes|"
    rf"loves|has|goes|does|doesn'?t|is in|needs|can'?t|wonders|van \d{{2}}|of \d{{2}})\b"  # "mijn dochter van 14"
    # "ik ben de moeder van Sem" (not "ik ben vader van twee kinderen en wil omscholen")
    r"|\b(?:ik ben de (?:moeder|vader)|als (?:moeder|vader|ouder)|i'?m the (?:mother|father|mum|mom|dad)|as a parent)\b"
    # "Ik ben een moeder van een jongen van 17" (she was asked "Wat doe je graag?")
    r"|\b(?:ik ben|i'?m|i am) (?:een |a )?(?:moeder|vader|mother|father|mum|mom|dad) (?:van|of) (?:een |a )?"
    r"(jongen|meisje|zoon|dochter|boy|girl|son|daughter) (?:van|of|aged) \d{1,2}\b"
)


# The young person a parent or another adult asks for, as the questions name them in Dutch and English ("Hoe oud is
# je neef?": a nephew's uncle was asked about "je kind").
RELATIVES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("zoon", "zoontje", "stiefzoon", "pleegzoon", "son", "stepson", "jongen", "boy"), ("zoon", "son")),
    **dict.fromkeys(
        ("dochter", "dochtertje", "stiefdochter", "pleegdochter", "daughter", "stepdaughter", "meisje", "girl"),
        ("dochter", "daughter"),
    ),
    **dict.fromkeys(("neef", "neefje", "nephew"), ("neef", "nephew")),
    **dict.fromkeys(("nicht", "nichtje", "niece"), ("nicht", "niece")),
    **dict.fromkeys(("kleinzoon", "grandson"), ("kleinzoon", "grandson")),
    **dict.fromkeys(("kleindochter", "granddaughter"), ("kleindochter", "granddaughter")),
    **dict.fromkeys(("broertje", "little brother", "younger brother"), ("broertje", "little brother")),
    **dict.fromkeys(("zusje", "little sister", "younger sister"), ("zusje", "little sister")),
}
CHILD = "kind"  # a parent who names no relation ("ik ben de moeder van Sem"), and the word for "kid" or "pleegkind"


def for_child(text: str) -> str:
    """Whom a parent (or another adult) writes for ("mijn dochter zit in 2 vmbo" gives "dochter"), or "": a father of
    three who wants to switch jobs does not say so with his children as the subject."""
    found = _FOR_CHILD.search(fold(text))
    if found is None:
        return ""
    word = next((g for g in found.groups() if g), "")
    return word if word in RELATIVES else CHILD


def child_noun(word: str, lang: str) -> str:
    """The relative's noun in the chat's language ("neef" in an English chat is "nephew")."""
    nl, en = RELATIVES.get(word, ("kind", "child"))
    return en if lang == "en" else nl


def settle_language(chosen: str | None, guess: bool, found: Reading) -> tuple[str | None, bool]:
    """The chat's language after this message, and whether it still rests on a greeting alone.

    A first "hi" chooses English, but Dutch pupils say "hi" too: while nothing but a greeting chose the language,
    the first message that clearly is one language (``found.language`` not from a greeting) decides it.
    """
    if chosen is None:
        return found.language, found.language is not None and found.language_guess
    if guess and found.language is not None and not found.language_guess:
        return found.language, False
    return chosen, guess


def follow_up(side: str | None, text: str, before: str | None) -> str | None:
    """The side of a question that points back ("hoe vind ik die?") to what the answer before it spoke of."""
    if side in (None, "question", "bbl") and before in _WORKPLACE_BEFORE and _FIND_IT.search(fold(text)):
        return "workplace"
    return side


def side_of(question: str, intent: str) -> str:
    """What a question clause is about: its keywords first, else the NLU intent, else a general question."""
    low = fold(question)
    for kind, rx in _SIDE_KEYWORDS:
        if rx.search(low):
            return kind
    kind = SIDE_INTENTS.get(intent, "question")
    words = _INTENT_NEEDS_WORDS.get(kind)
    return "question" if words is not None and not words.search(low) else kind


def is_course_ask(
    text: str, shown: Sequence[str], requested: str | None, course_names: Callable[[str], Course | None]
) -> bool:
    """Only an explicit ask shows course details: never a similar-looking word inside an answer."""
    low = fold(text).strip()
    if _EXPLICIT_COURSE.search(low):
        return True
    crebo = _CREBO.search(low)
    if crebo and course_names(crebo.group(1)) is not None:
        return True
    if shown and requested is None and _LIST_PICK.match(low):
        return True
    return requested is None and course_names(text.strip()) is not None


def mbo_diploma(text: str, find_in_text: Callable[[str], Course | None]) -> dict[str, Any]:
    """A named mbo diploma: education mbo2-4 and, when the name is in the catalogue, the dossier."""
    low = fold(text)
    if not _DIPLOMA_DONE.search(low):
        return {}
    course = find_in_text(text)
    stated = _LEVEL_STATED.search(low)
    level = int(stated.group(1)) if stated else (course.level if course else None)
    wish = _LEVEL_WISH.search(low)
    if stated and wish and wish.start() <= stated.start() < wish.end():
        stated, level = None, (course.level if course else None)  # "door naar niveau 4" is not the diploma
    out: dict[str, Any] = {}
    if course is not None:
        out["mbo_dossier"] = course.dossier_code
    if level in (2, 3, 4):
        out["education"] = f"mbo{level}"
    elif level == 1:
        out["education"] = "entree"
    return out if "education" in out else {}


def _cut_words(liked: object) -> list[str]:
    """The NLU's words of an interest, which may be several ("mechanic, trucks"), folded."""
    return [w for w in re.split(r",\s*", fold(str(liked))) if w]


def level_wish(
    text: str, education: object, find_course_in_text: Callable[[str], Course | None] = lambda _: None
) -> int | None:
    """The level asked for ("door naar niveau 4", "a higher level"); for someone in a trade who wants the next step,
    the level above the one stated or the course named as their work (``find_course_in_text``)."""
    low = fold(text)
    m = _LEVEL_WISH.search(low)
    step = _MOVE_UP.search(low) if not m else None
    if step is not None and _AT_WORK.search(low):
        stated = _LEVEL_NOW.search(low)
        course = None if stated else find_course_in_text(low[: step.start()])  # (the job, not the wish)
        now = int(stated.group(1)) if stated else course.level if course is not None else None
        return now + 1 if now is not None and now < 4 else None
    if not m or _NOT_WISHED.search(m.group()):  # "ik wil niet naar niveau 2"
        return None
    digits = [int(g) for g in m.groups() if g and g.isdigit()]
    if digits:
        # "door naar niveau 3 of 4", "niveau 3/4 graag": the higher; the level between is a step on the way and
        # stays in the list
        other = _OR_LEVEL.match(low[m.end() :])
        return max(digits + ([int(other.group(1))] if other else []))
    if isinstance(education, str) and education.startswith("mbo") and education[3:].isdigit():
        return min(4, int(education[3:]) + 1)
    return None


def read(
    text: str,
    intent: str,
    entities: Sequence[Mapping[str, Any]],
    requested: str | None,
    *,
    shown: Sequence[str] = (),
    known: Mapping[str, Any] | None = None,
    resolve_place: Callable[[str], str | None] | None = None,
    find_course: Callable[[str], Course | None] = lambda _: None,
    find_course_in_text: Callable[[str], Course | None] = lambda _: None,
    find_diploma_in_text: Callable[[str], Course | None] | None = None,
    choice: Callable[[str], str | None] | None = None,
    is_interest: Callable[[str], bool] = lambda _: True,
    is_technical: Callable[[str], bool] = lambda _: True,
) -> Reading:
    """What this message means, given the question just asked (``requested``). Never raises.

    ``find_course`` maps a crebo or an exact course name to a course, ``find_course_in_text`` finds a course
    name inside a sentence (``find_diploma_in_text``, when given, for the name of a diploma held, older names
    too); ``choice`` reads the answer to a choice item for the undecided when one is open, and
    ``is_interest`` tells whether free text names something to like that we know: given instead of a choice it
    ends the items; beside another answer ("liever naar school, bol") it must, to be taken as the interest.
    ``is_technical`` tells whether it names technical work: a past job in another field ("I worked as a cook")
    told at another question is no answer to what someone would like to do in techniek.
    """
    text = text if isinstance(text, str) else ""
    known = known or {}
    reading = Reading(language=understand.detect_language(text), language_guess=understand.greeting_only(text))
    reading.for_child = for_child(text)
    try:
        _read_into(
            reading,
            text,
            intent or "",
            entities,
            requested,
            shown,
            known,
            resolve_place,
            find_course,
            find_course_in_text,
            find_diploma_in_text or find_course_in_text,
            choice,
            is_interest,
            is_technical,
        )
        _route_said_again(reading, text, shown, known or {})
    except Exception:  # a fault in one pattern loses the reading of this message, never the conversation
        understand.log.exception("intake: cannot read message")
    return reading


def _route_said_again(reading: Reading, text: str, shown: Sequence[str], known: Mapping[str, Any]) -> None:
    """ "bbl" typed after an advice that already follows BBL showed the same list again: it asks what BBL is (the
    button "wat is bbl?" stands beside it)."""
    route = reading.values.get("route")  # ("bol" again is not asking what BBL is)
    said_again = set(reading.values) == {"route"} and known.get("route") == route == "bbl"
    if shown and reading.side is None and said_again and len(text.split()) <= 2:
        reading.values = {}
        reading.side = "bbl"


# Words that make a number told later someone's own age again (a correction; the young person a parent chats for is
# found by ``for_child``), not the age of a brother or a friend
_OWN_AGE = re.compile(
    r"\b(?:ik ben|ben ik|i am|i'?m|im|my age|mijn leeftijd|ik word|i turn|geboren|born|eigenlijk|actually|sorry|"
    r"oeps|oops|bedoel|i mean|(?:hij|zij|ze) is|(?:he|she) is|(?:he|she)'?s)\b"
)
# Others whose age is no age of the chat's person (the young relatives of RELATIVES may be whom the chat is for)
_RELATIVE = re.compile(
    r"\b(?:mijn|m'?n|mn|my) (?:broer|zus|vriend|vriendin|vader|moeder|oom|tante|brother|sister|friend|father|mother|"
    r"dad|mum|mom|cousin|uncle|aunt)\b"
)


def _read_into(
    reading: Reading,
    text: str,
    intent: str,
    entities: Sequence[Mapping[str, Any]],
    requested: str | None,
    shown: Sequence[str],
    known: Mapping[str, Any],
    resolve_place: Callable[[str], str | None] | None,
    find_course: Callable[[str], Course | None],
    find_course_in_text: Callable[[str], Course | None],
    find_diploma_in_text: Callable[[str], Course | None],
    choice: Callable[[str], str | None] | None,
    is_interest: Callable[[str], bool],
    is_technical: Callable[[str], bool],
) -> None:
    answer, question = split_clauses(text)
    if not answer and not question:
        return
    if requested is not None and understand.is_greeting(text):
        reading.side = "greet"  # a greeting is no answer: the question is asked again
        return
    after = _after_dont_know(answer) if requested else None
    if after is not None:  # "weet ik niet, ik game veel": no answer to this question, but something else
        answer = after
    folded, folded_text = fold(answer), fold(text)  # (each read once: a message is folded once)
    if choice is not None:
        picked = choice(answer or text)
        if picked is not None:
            reading.choice = picked
    if is_course_ask(text, shown, requested, find_course):
        reading.course_ask = True
        reading.side = "compare" if re.search(r"vergelijk|compare|verschil|difference", folded_text) else "more"
        return
    # Entities count only where they lie in the answer part (an entity in "wat is bbl?" is no answer).
    in_answer = [e for e in entities if not question or _entity_in(e, text, answer)]
    asked = None if reading.choice is not None else requested
    found = understand.extract(answer, in_answer, asked, resolve_place) if answer else understand.Extracted()
    values = dict(found.values)
    if not answer and requested is None and reading.choice is None and _WHAT_IF.search(fold(question)):
        values = _what_if(question, [e for e in entities if _entity_in(e, text, question)], resolve_place)
    if (
        values.get("education") == "none"
        and requested != "education"
        and known.get("education") is not None
        and not _SCHOOL_CUE.search(folded)
    ):
        values.pop("education")  # "no, neither of them" answers the question asked, not the education again
    if "dutch_level" in values and requested != "dutch_level" and not _LANGUAGE_CUE.search(folded):
        values.pop("dutch_level")  # "allebei goed" to another question says nothing about someone's Dutch
    late_level = dutch_level.bare_level(answer) if requested == "interests_text" else None
    if late_level and not is_interest(answer):
        # "een beetje" at "what do you like?" (a newcomer's late answer about their Dutch) became the interest, and
        # the bot went on to BOL or BBL: the interest question is asked again
        values.pop("interests_text", None)
        if known.get("dutch_level") is None and "dutch_level" in fields_to_ask(known):
            values["dutch_level"] = late_level  # (asked of newcomers and foreign diplomas only: fields_to_ask)
    if "route" not in values and _takes_back_route(answer, requested, known):
        values["route"] = "either"  # "nee wacht, allebei goed. in Rotterdam" after "bbl" (the BBL advice came)
    education = values.get("education", known.get("education"))
    if "vmbo_profile" in values and requested != "vmbo_profile" and education not in (None, *VMBO):
        values.pop("vmbo_profile")  # "mbo 4 ict gedaan, ... iets met duurzame energie": no vmbo profile PIE
    _place_school_year(values, known, education, answer)
    if (
        "age" in values
        and not (_OWN_AGE.search(folded) or reading.for_child or ONLY_A_NUMBER.fullmatch(folded.strip()))
        and (
            _RELATIVE.search(folded)  # "mijn broer is 19 en doet bbl": his age, not hers
            or (requested != "age" and isinstance(known.get("age"), int) and values["age"] != known["age"])
        )
    ):
        values.pop("age")  # (a number told later, beside another answer, changes no known age without "ik ben")
    age = values.get("age", known.get("age"))
    if education in VMBO and isinstance(age, int) and school_year.before_the_vmbo(age):
        # "mavo" from a 45-year-old: the old mavo (no profile, no switch rule), the vbo for the vocational tracks
        values["education"] = OLD_DIPLOMA_OF.get(str(education), "lbo_old")
    if reading.choice is not None or (choice is not None and not is_interest(str(values.get("interests_text", "")))):
        values.pop("interests_text", None)  # during the choice items only a recognisable interest ends them
    liked = values.get("interests_text")
    if (
        liked
        and "vmbo_profile" in values
        and set(Message.of(str(liked), None).words) <= vmbo_profile.name_words(answer)
    ):
        values.pop("interests_text")  # "horeca, bakkerij en recreatie": the NLU took "recreatie" of the profile's name
        liked = None  # for an interest in travel, and the interest question was never asked
    if requested == "interests_text" and liked and len(values) > 1 and not is_interest(str(liked)):
        values.pop("interests_text")  # "liever naar school, bol" answers the route, not what someone likes
    liked = values.get("interests_text")
    if reading.choice is None and (liked is None or (requested != "interests_text" and not is_interest(str(liked)))):
        # A past job is what someone knows; an NLU interest that names nothing we know ("papers" in "I was
        # electrician ... but I have no papers") gives way to it, when it names work we know.
        past = work_experience(answer)
        known_work = past is not None and is_interest(past)
        if past is None or (liked is not None and not known_work):
            past = work_experience(answer, loose=True)
            known_work = past is not None and is_interest(past)
            past = past if known_work else None
        # ("vroeger de lts gedaan" beside the school answer is that school, not a job)
        if past and (
            "education" not in values
            or _WORK_WORD.search(fold(past))
            or (known_work and not _SCHOOL_CUE.search(fold(past)))
        ):
            # "I worked 10 years as welder there but my back is broken ... I want to become a nurse": a wish told
            # after the job goes with it (bot/textmatch.py reads both); the job alone got the welding courses
            told_after = answer.replace(past, " ", 1)
            wish_after = _WISH_BECOME.search(fold(told_after)) or _WISH_TOWARDS.search(fold(told_after))
            values["interests_text"] = answer.strip() if wish_after and is_interest(told_after) else past
    elif liked and reading.choice is None:
        # "..., ik was daar lasser": the NLU's "lasser" is kept with the clause that says it was a job, so the advice
        # can say the experience may count (EVC)
        words = _cut_words(liked)
        past = next((c for c in work_clauses(answer) if all(w in fold(c) for w in words)), None)
        after_job = wish_part(answer) if work_clauses(answer) else None
        if after_job and is_interest(after_job):
            # "ik ben 45 en ik was 10 jaar timmerman maar wil nu iets met installaties": the NLU's words of both
            # ("installaties, timmerman") lost which was the job; the advice reads the job and the wish after it
            # (bot/textmatch.py), and said "Past bij wat je leuk vindt: timmerman"
            values["interests_text"] = answer.strip()
        elif past and is_interest(past):
            values["interests_text"] = past
    if after is not None and not values and reading.choice is None and is_interest(after):
        values["interests_text"] = after
    towards = _WISH_TOWARDS.search(folded) if "interests_text" not in values and reading.choice is None else None
    towards_text = as_typed(answer, towards, "rest") if towards else ""
    if towards_text and is_interest(towards_text):
        values["interests_text"] = towards_text
    become = _WISH_BECOME.search(folded) if "interests_text" not in values and reading.choice is None else None
    named = next((g for g in ("nl", "en", "nl_as") if become.group(g)), None) if become else None
    wished_work = (
        re.sub(r"^(?:an?|the|een|de) ", "", as_typed(answer, become, named), flags=re.I) if become and named else ""
    )
    if wished_work and is_interest(wished_work):
        values["interests_text"] = wished_work
    # ... also when the NLU's cut of it names nothing we know ("gaming and fixing" of "he likes gaming and fixing his
    # bike": the advice said no technical work was told)
    cut = values.get("interests_text")
    unknown = requested != "interests_text" and not is_interest(str(cut or ""))
    liking = None
    if requested != "interests_text" and reading.choice is None:
        # (not "I want to switch to something technical, maybe ...": the work named after it is read below)
        liking = _LIKING.search(folded) or (None if _WANTS_TECHNICAL.search(folded) else _WISH_DO.search(folded))
    liked_text = split_sentences(folded[liking.start() :])[0].strip() if liking else ""
    # ... or names more technical work after the NLU's cut of it: "ik hou van gamen en ik heb een keer mn eigen pc
    # gebouwd" at the profile question kept only "gamen"
    words = [] if _vague_or_none(cut) else _cut_words(cut)  # ("de techniek, misschien laborant": the work named)
    ends = [liked_text.find(w) + len(w) for w in words if w in liked_text]
    after_cut = liked_text[max(ends) :].strip(" ,") if words and len(ends) == len(words) else ""
    more = bool(after_cut) and is_technical(after_cut) and is_interest(after_cut)
    if liking and (unknown or more) and is_interest(liked_text):
        values["interests_text"] = liked_text  # "ze knutselt graag en helpt haar vader met klussen in huis"
    if not values and reading.choice is None and requested in _LIKING_LATER_AT and _liked_alone(answer, is_interest):
        # "computer" or "iets maken" typed at the BOL/BBL question, after "buiten": one more thing someone likes (the
        # NLU took them for a side question: "Daar kan ik je niet mee helpen", "Dat snapte ik niet")
        values["interests_text"] = answer.strip(" .!")
    liked = values.get("interests_text")
    alone = liked is not None and fold(str(liked)).strip() == folded.strip(" .!?")
    # (one keyword reading, used twice below; "iets maken" names no field but is a liking, kept above)
    unknown_word = bool(liked) and not is_interest(str(liked)) and not _vague_liking(fold(str(liked)).strip(" .!"))
    town = resolve_place(str(liked)) if alone and resolve_place is not None and unknown_word else None
    if town is not None and fold(town) == fold(str(liked)).strip():
        values = {"place": town}  # "Leiden" at the interest question is where someone lives, not what they like
        liked = None
    opening = requested is None and not any(is_answered(v) for v in known.values())
    if liked and (len(values) > 1 or (alone and requested != "interests_text") or opening) and unknown_word:
        # "mavo, heel lang geleden": beside another answer, an NLU interest that names nothing we know ("lang") is
        # no interest; nor is such a word alone at another question ("asdfgh"), or in the opening message ("Sem" of
        # "hoi, ik ben de moeder van Sem"). The interest question still comes
        values.pop("interests_text")
        liked = None
    if liked and _schooling_only(answer, values, is_technical(str(liked))):
        # "MBO 2 in administration, long ago" at the interest question: the school done, not what someone likes (a
        # switcher who wants technical work with his hands heard "You told me you like office and administration")
        values.pop("interests_text")
        liked = None
    past = (work_experience(answer) or work_experience(answer, loose=True)) if liked else None
    if requested != "interests_text" and past and fold(str(liked)) in fold(past) and not is_technical(str(liked)):
        # "I am 34, I worked as a cook for 12 years": someone who leaves another field for techniek is still asked
        # what they would like to do (the interest question was skipped, and the advice was about cooking)
        values.pop("interests_text")
    diploma = mbo_diploma(answer, find_diploma_in_text)
    if values.get("education") == "foreign" and not _LEVEL_STATED.search(folded):
        diploma = {}  # "een diploma uit Eritrea ..., was ik timmerman": the school abroad and a past job, no mbo
    values.update(diploma)
    level_only = _MBO_LEVEL_ONLY.match(folded.strip()) if requested == "education" else None
    if level_only and "education" not in values:  # "niveau 3", to "which level is your mbo diploma?"
        values["education"] = {"1": "entree"}.get(level_only.group(1), f"mbo{level_only.group(1)}")
    wish_level = level_wish(answer, values.get("education", known.get("education")), find_course_in_text)
    if wish_level:
        values["level_wish"] = wish_level
    technical = _WANTS_TECHNICAL.search(folded) if reading.choice is None else None
    named = _after_technical(answer, technical, is_interest) if technical else None
    # "..., I want to switch to something technical, maybe medical equipment": the work named after it is the interest
    if named and _vague_or_none(values.get("interests_text")):
        values["interests_text"] = named
    wish = scope.find_wish(text) if technical is None else None  # ("I'm a nurse, but ...": no advice about care)
    if wish is not None and not _technical_interest(values.get("interests_text"), wish):
        reading.wish = wish.field.nl
        values.pop("interests_text", None)
    untold_profile = requested != "vmbo_profile" and not values and known.get("vmbo_profile") is None
    if untold_profile and education in (None, *VMBO) and _PROFILE_WORD.search(folded) and _NOT_CHOSEN.search(folded):
        values["vmbo_profile"] = UNKNOWN  # "ze heeft nog geen profiel" at "how old?": not the catch-up routes
    reading.values = values
    # "weet niet, iets waar ik niet hoef te tillen" (a truck driver of 45 with a bad back): a doubt, and a wish that
    # names no work, was taken as the interest ("Ik herken in je antwoord nog geen technisch werk"): the choice items
    # help choose
    unsure = after is not None and not is_interest(answer) and reading.wish is None
    skipped = bool(_SKIP.match(folded.strip())) or (
        requested == "interests_text" and (vague(answer, is_interest) or unsure or bool(_NOTHING_LIKED.match(folded)))
    )
    if skipped and requested in values and requested not in ("route", "start_wish"):
        values.pop(requested)  # "maakt niet uit" to "what do you like?" is no interest
    # "niet achter een computer", "nothing with heavy lifting": only what someone does not want is no interest (it
    # was kept as one, and the advice said "Ik herken in je antwoord nog geen technisch werk"); why_no_answer asks on
    if requested == "interests_text" and set(values) == {requested} and reading.wish is None and not skipped:
        if names_a_dislike(answer) and not is_interest(answer):  # (the cheap test first: every message comes here)
            values.pop(requested)
    dont_know = understand.is_dont_know(answer) or skipped
    if requested == "vmbo_profile" and not values and _NOT_CHOSEN.search(folded):
        dont_know = True  # "ze heeft nog geen profiel gekozen": the profile is chosen in the third year
    if intent == "dont_know" and not values and not question:
        dont_know = True
    # "weet ik nog niet, mijn ouders willen iets met computers" at "which school?" or "how old?": the doubt is about
    # the choice (what follows says so), not about a fact the person knows; the question stays open and is asked again
    about_choice = requested in _KNOWN_FACTS and "interests_text" in values
    reading.dont_know = reading.choice is None and (
        (dont_know and not values) or (after is not None and requested not in values and not about_choice)
    )
    if reading.dont_know and requested not in (None, "interests_text") and _UNDECIDED.search(folded_text):
        reading.dont_know, reading.side = False, "undecided"  # "ik weet nog niet wat ik wil" at "which school?"
        return
    liked = values.get("interests_text")
    # "20 jaar opperman, rug wil niet meer. kan ik nog iets anders leren?": the job is no interest, and the interest
    # question still comes (it was skipped and the advice was about the opperman courses)
    leaves_job = (
        bool(liked)
        and bool(_CHANGE_WISH.search(folded_text))
        and any(fold(str(liked)) in fold(c) for c in work_clauses(text))
    )
    if leaves_job or (
        liked
        and requested not in (None, "interests_text")
        and reading.choice is None
        and _only_techniek(liked, is_interest)
    ):
        # ("heb vroeger mavo gedaan en wil nu graag de techniek in" at the school question: only "techniek" is no
        # interest; the interest question was skipped and the advice guessed)
        values.pop("interests_text")
    asked_wish = _WISH_ASKED.search(fold(question)) if question and "interests_text" not in values else None
    if (
        asked_wish
        and reading.choice is None
        and is_interest(asked_wish.group("rest"))
        and not _names_no_work(asked_wish.group("rest"))
        and reading.wish is None
    ):
        values["interests_text"] = asked_wish.group("rest").strip()
    wished = asked_wish is not None and "interests_text" in values
    if question and (wished or not (values and not answer)):  # a what-if question is an answer: advice made again
        reading.side = side_of(question, intent)
        if wished and asked_wish and reading.side == "question":
            reading.side = "age" if asked_wish.group("still") else None  # the advice answers it
        if reading.side in ("question", "out_of_scope") and values and _ADVICE_ASKED.search(fold(question)):
            reading.side = None  # "..., she loves drawing, what can she do?" got "I can't help with that"
        changing = asked_wish is not None and _CHANGE_WISH.search(asked_wish.group("rest"))
        if changing and asked_wish and reading.side in ("question", "out_of_scope"):
            # "kan ik nog iets anders leren?" asks whether it can still be done; what comes next is asked
            reading.side = "age" if asked_wish.group("still") else None
    elif (
        not values
        and not reading.dont_know
        and reading.choice is None
        and intent in SIDE_INTENTS
        and (len(text.split()) >= 2 or requested is None)
        and _INTENT_NEEDS_WORDS.get(SIDE_INTENTS[intent], _ANY).search(folded_text)
    ):  # one word ("binnen") is rarely a question
        reading.side = SIDE_INTENTS[intent]
    if reading.side == "question" and _FOR_ME.search(fold(question)) and _INTENT_NEEDS_WORDS["girls"].search(folded):
        reading.side = "girls"  # "ik ben een meisje van 15 ..., is techniek wel iets voor mij?"
    girls = intent == "ask_girls" and _INTENT_NEEDS_WORDS["girls"].search(folded) and _FOR_BOYS.search(folded)
    if reading.side is None and girls:
        reading.side = "girls"  # "im a girl, 16, ... my parents say techniek is for boys": said beside the answers
    explains = _ABOUT_THE_QUESTION.get(requested or "")
    if reading.side == "question" and explains and _ASKS_ABOUT_IT.search(fold(question)):
        reading.side = explains  # "what's the difference?" when asked BOL or BBL
    if reading.side in ("more", "compare"):
        reading.side = None  # not an explicit ask (checked above): a look-alike word inside an answer
    if reading.side == "start" and requested is not None and "start_wish" not in values:
        # "kan ik in april beginnen?" in the intake gets its answer, and the month is kept: not asked again
        wished_start = understand.extract(question, [], None).values.get("start_wish")
        if wished_start is not None:
            values["start_wish"] = wished_start
    if reading.wish and reading.side in (None, "question", "out_of_scope"):
        reading.side = "out_of_scope"
    if leaves_job and reading.side is None and not reading.dont_know:
        # "I drove trucks for 20 years but my back can't take it anymore" got "I didn't quite get that": someone who
        # leaves their work hears what adults can still do (not too old, BBL with a wage, EVC)
        reading.side = "age"


def _what_if(
    question: str, entities: Sequence[Mapping[str, Any]], resolve_place: Callable[[str], str | None] | None
) -> dict[str, Any]:
    """The changed answer a what-if question carries: a place, an interest or a level ("iets op niveau 4")."""
    found = understand.extract(question, entities, None, resolve_place)
    values = {k: v for k, v in found.values.items() if k in WHAT_IF_FIELDS}
    level = level_asked(question)
    if level:
        values["level_wish"] = level
    lead = _WHAT_IF_LEAD.match(fold(question))
    if not values and lead and resolve_place is not None:
        town = resolve_place(lead.group("rest").strip(" ?!.").strip())  # "en Den Haag?", "what about Utrecht?"
        if town is not None:
            values["place"] = town
    return values


_WHAT_IF_LEAD = re.compile(rf"\s*(?:en|and|{_ABOUT})\s+(?:in\s+)?(?P<rest>.+)$")


def _entity_in(entity: Mapping[str, Any], text: str, answer: str) -> bool:
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    return text[start:end] in answer


# "I want to switch to something technical", "ik wil de techniek in": leaving another field (a nurse's, a cook's) for
# techniek, so that field is no study wish
_WANTS_TECHNICAL = re.compile(
    r"\b(?:(?:want|wants|like|would like|switch|move|go|change|retrain)\b[^.;!?]{0,30}"
    r"\b(?:something|anything) (?:technical|in tech\w*)|"
    r"(?:wil|wilt|zou|graag|overstappen|omscholen|switchen)\b[^.;!?]{0,30}\b(?:iets|wat) (?:technisch|in de techniek)|"
    r"(?:wil|wilt|ga|gaan|overstappen|omscholen) (?:\w+ ){0,3}(?:de |naar de )?techniek in|"
    # "Ik wil graag in de techniek, misschien laborant?" (the interest was "de techniek", and no lab course came)
    r"(?:wil|wilt|zou|graag|want|wants|would like)\b[^.;!?]{0,20}\b(?:in de techniek|into tech\w*|in tech\w*))"
)


def _only_techniek(liked: object, is_interest: Callable[[str], bool]) -> bool:
    """An interest that names work only through "techniek", "technisch" and the like."""
    words = re.findall(r"[a-z0-9']+", fold(str(liked)))
    if not any(w.startswith("tech") for w in words):  # ("in elkaar zetten" is no "techniek" without its "in")
        return False
    rest = " ".join(w for w in words if w not in VAGUE_FIELD)
    return is_interest(str(liked)) and not is_interest(rest)


def _vague_or_none(interest: object) -> bool:
    """No interest yet, or one that says only "techniek" ("de techniek", "iets technisch"): a work named after it
    is the interest."""
    return not interest or all(w in VAGUE_FIELD for w in re.findall(r"[a-z]+", fold(str(interest))))


def _after_technical(answer: str, wants: re.Match[str], is_interest: Callable[[str], bool]) -> str | None:
    """The work named right after "something technical" ("..., maybe medical equipment"), when we know it. (``wants``
    matched the folded answer, so it is read at aligned positions like as_typed.)"""
    rest = re.split(r"[.;!?]", _aligned(answer)[wants.end() :], maxsplit=1)[0]
    rest = re.sub(
        r"^[\s,:-]*(?:(?:maybe|perhaps|misschien|like|such as|for example|bijvoorbeeld|zoals|met|with|"
        r"iets met|something with|in)\s+)*",
        "",
        rest,
        flags=re.I,
    ).strip(" ,?")
    return rest if rest and is_interest(rest) else None


def _technical_interest(interest: object, wish: scope.Wish) -> bool:
    """An interest text that is more than the wish itself ("kapper of elektricien") keeps the interest."""
    if not isinstance(interest, str) or not interest.strip():
        return False
    rest = re.sub(r"(?<![a-z])(?:" + wish.pattern + r")(?![a-z])", " ", fold(interest))
    return any(w not in _FILLER_WORDS for w in re.findall(r"[a-z]{4,}", rest))


# Commands that throw answers away run only when the words say so (the NLU once read "met verwarming", an answer to
# a choice item, as "verwijder mijn gegevens"), and not when they ask about the study ("moet ik dan helemaal opnieuw
# beginnen op niveau 2?" erased a chat): per intent, the words that confirm it and the words that overrule them.
_COMMAND_WORDS: Mapping[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {
    "delete_data": (
        re.compile(
            r"\b(?:verwijder\w*|wis|wissen|gewist|delete|erase|vergeet|forget|remove|gegevens|data|privacy|gesprek)\b"
        ),
        None,
    ),
    "start_over": (
        re.compile(
            r"\b(?:opnieuw|overnieuw|nieuw beginnen|restart|start (?:over|again)|begin (?:again|over)|"
            r"from the (?:start|beginning)|reset|van voren af aan)\b"
        ),
        re.compile(
            r"\b(?:moet|kan|mag|must|do|can|should) (?:ik|i) (?:\w+ ){0,3}(?:opnieuw|overnieuw|again|over)\b|"
            r"\b(?:opnieuw|overnieuw|again|over) (?:\w+ ){0,2}(?:op|bij|met|at|from|with) "
            r"(?:niveau|level|een opleiding|a course)"
        ),
    ),
}


def confirms(intent: str, text: str) -> bool:
    """Whether a message really says the command its NLU intent names (only checked for destructive commands)."""
    if intent not in _COMMAND_WORDS:
        return True
    words, overruled = _COMMAND_WORDS[intent]
    low = fold(text if isinstance(text, str) else "")
    return bool(words.search(low)) and not (overruled is not None and overruled.search(low))
