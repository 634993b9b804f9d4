"""Route: bbl (work and learn), bol (school) or either; a question about the routes states no preference."""

from __future__ import annotations

import difflib
import re

from .message import Message, matched, word_rx, words_after, words_before
from .vocab import INDIFFERENT, NEGATORS, PREFERENCE, is_dont_know_msg, is_question_msg

# Needing an income now is a reason for BBL, the route with a wage, whatever else does not matter ("whatever is
# fastest, I need income").
_INCOME = (
    r"(?:ik )?moet (?:wel |ook |gewoon )?(?:geld )?(?:verdienen|blijven verdienen|blijven werken)|"
    # "liefst bol maar ik moet ook werken" (not "ik moet werken aan mijn Nederlands")
    r"(?:ik )?moet (?:wel |ook |gewoon )?werken(?! (?:aan|met|als|bij|in|op)\b)|"
    r"(?:heb|hebben) (?:wel |een )?(?:inkomen|salaris|loon) nodig|"
    r"(?:need|have) to (?:also )?(?:earn|keep earning|keep working|work(?! (?:on|with|as|at|in|for)\b))|"
    r"need (?:an |my |a )?(?:income|salary|wage)|"
    r"(?:heb|hebben) (?:\w+ )?geld nodig|need (?:some |more |the )?(?:money|cash)|"  # "I need money quick"
    # "maakt niet uit als ik maar geld verdien", "whatever pays" (a switcher of 38): indifferent, but to a wage
    # (the match starts after "als": "niet uit" before it negates nothing here)
    r"(?<=als )ik (?:maar |wel )?(?:geld )?verdien|(?<=as long as )i (?:get paid|earn)|"
    r"(?:whatever|anything) (?:that )?pays|"
    # "hij wil graag geld verdienen naast school": a wage beside learning is what BBL gives
    r"(?:geld )?verdienen (?:naast|bij|tijdens) (?:de |het |mijn |m'n |mn |zijn |haar |je )?"
    r"(?:school|opleiding|studie)|"
    r"earn(?:ing)? (?:some )?money (?:while|next to|beside|during) (?:school|studying|my studies|the course)"
)
_NEEDS_INCOME = word_rx(_INCOME)
_BBL = word_rx(
    r"bbl|b b l|werken en leren|leren en werken|leer en werk|werk en leer|werkend leren|lerend werken|"
    r"work and learn|working and learning|learn and work|learning and working|learn while (?:you |i )?work|"
    r"earn while (?:you |i )?learn|apprenticeships?|work ?based learning|beroepsbegeleidende leerweg|"
    r"leerbaan|leerwerkbaan|(?:wil|want to) niet (?:meer )?naar school|(?:don'?t|do not) want to go to school|"
    r"liever werken|rather work|gewoon werken|" + _INCOME
)
_BOL = word_rx(
    r"bol|voltijds?|full ?time(?: school)?|dagopleiding|beroepsopleidende leerweg|"
    r"(?:liever|gewoon|alleen|elke dag|fulltime|eerst|wil|want to|rather) "
    r"(?:(?!niet |not |never |nooit )\w+ )?naar school|"
    r"naar school (?:eerst|gaan)|liever school|school eerst|eerst school|rather (?:go to )?school|"
    r"(?:school first)"
)


_ROUTE_CONTEXT = word_rx(r"leerweg|bol|bbl|school|werk|werken|work|route|leren|learn|opleiding|apprenticeship")
_ROUTE_ASKED_BBL = word_rx(
    r"(?:liever |gewoon |ik wil |rather |i want to )?(?:werken|werk|work|working)|"
    r"(?:geld )?verdienen|loon|salaris|earn(?:ing)?(?: money)?|wage|salary"  # an income: the route with a wage
)
# "in Syria I finished secondary school" at the route question names a school done, not school as a route
_ROUTE_ASKED_BOL = word_rx(
    r"(?:liever |gewoon |rather )?(?<!secondary )(?<!high )(?<!middelbare )(?<!primary )school"
    r"(?! (?:afgemaakt|gedaan|finished|diploma|in))"
)


# Words the NLU tags as a route that only say so when the route was asked: "i work in a restaurant kitchen now" (a
# newcomer's job) became BBL and the route question was never asked.
# ... and "both" (an answer to the maths question: "maths and NaSk1") skipped the route question.
_WEAK = frozenset("work works working werk werken job baan both allebei beide beiden".split())  # "vooral school": BOL


def _is_weak(span: str) -> bool:
    """A tagged word that names work or school, not a route."""
    return " ".join(span.lower().split()) in _WEAK


_NO_NEED = NEGATORS | frozenset("niks niets hoef hoeft don't dont doesn't".split())


def _negated(norm: str, start: int, window: int = 2, negators: frozenset[str] = _NO_NEED) -> bool:
    """ "geen bbl", "niet voltijd": a negation just before the match."""
    return bool(set(words_before(norm, start, window)) & negators)


# "bbl, maakt niet uit wanneer": indifferent about the start or the place, not about the route (a simulated
# pupil's BBL became both routes)
_ABOUT_ANOTHER = frozenset(
    "wanneer when waar where start starten begin beginnen plaats plek stad locatie place city location".split()
)


def _indifferent(norm: str) -> bool:
    return any(
        not (set(words_before(norm, m.start(), 2)) | set(words_after(norm, m.end(), 2))) & _ABOUT_ANOTHER
        for m in INDIFFERENT.finditer(norm)
    )


def parse(msg: Message) -> str | None:
    """ "bbl", "bol" or "either" when stated (a negation picks the other), None for a question about them."""
    asked = msg.asked("route")
    if not asked and is_question_msg(msg):
        return None
    bbl = [m for m in _BBL.finditer(msg.norm) if not _negated(msg.norm, m.start())]
    bol = [m for m in _BOL.finditer(msg.norm) if not _negated(msg.norm, m.start())]
    neg_bbl = any(_negated(msg.norm, m.start()) for m in _BBL.finditer(msg.norm))
    neg_bol = any(_negated(msg.norm, m.start()) for m in _BOL.finditer(msg.norm))
    about_routes = asked or _ROUTE_CONTEXT.search(msg.norm)
    indifferent = _indifferent(msg.norm) and about_routes
    if bbl and not bol:
        needs_income = any(_NEEDS_INCOME.match(msg.norm, m.start()) for m in bbl)
        return "either" if indifferent and not needs_income and not PREFERENCE.search(msg.norm) else "bbl"
    if bol and not bbl:
        return "either" if indifferent and not PREFERENCE.search(msg.norm) else "bol"
    if bbl and bol:
        # School first, but a wage is needed too ("liefst bol maar ik moet ook werken"): both routes, not BOL alone
        # "BOL of BBL en de start maken niet uit": both routes named, so it is about them too
        if (about_routes and INDIFFERENT.search(msg.norm)) or any(
            _NEEDS_INCOME.match(msg.norm, m.start()) for m in bbl
        ):
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
        if is_dont_know_msg(msg):
            return "either"
        wage = [m for m in _ROUTE_ASKED_BBL.finditer(msg.norm) if not _kind_of_work(msg.norm, m)]
        if any(not _negated(msg.norm, m.start(), 3) for m in wage):
            return "bbl"  # "ik hoef niks te verdienen" is no wish for a wage
        school = list(_ROUTE_ASKED_BOL.finditer(msg.norm))
        if school and all(_negated(msg.norm, m.start(), 3) for m in school):
            return "bbl"  # "liever niet te veel school"
        if school:
            return "bol"
        if any(len(w) >= 5 and difflib.get_close_matches(w, ("allebei",), cutoff=TYPO_CUTOFF) for w in msg.words):
            return "either"  # "alelbei goed" ("alleen" is no typo of it)
    return None


TYPO_CUTOFF = 0.82
# Words before "work" or "school" that keep it a wish for a route, not a kind of work or schooling someone had
# ("electrical work, solar panels" at the route question was read as BBL, and the route question was never asked)
_PREFERS = frozenset("vooral liever eerst gewoon alleen naar mostly rather full meer more".split())
_WORK_LEADS = _PREFERS | frozenset(
    "wil wilt to i ik just maar go ga en and of or want prefer ja yes nee no dan then liefst graag toch wel ook also "
    "first gaan gelijk meteen direct straight".split()
)


def _kind_of_work(norm: str, m: re.Match[str]) -> bool:
    """ "electrical work", "buiten werken": the word before names what work, not the route; so does a job after it
    ("I want to work again as electrician", "werken als lasser": it was BBL, and the route question was skipped)."""
    said = matched(m).split()
    if said[-1] not in _WORK:
        return False
    after = [w for w in words_after(norm, m.end(), 3) if w not in _AGAIN]
    if after[:1] and after[0] in ("as", "als"):
        return True
    if said[0] not in _WORK:  # "liever werken", "I want to work": the route
        return False
    before = words_before(norm, m.start(), 1)
    return bool(before) and before[0] not in _WORK_LEADS and before[0] not in NEGATORS


_AGAIN = frozenset("again weer opnieuw here hier".split())
_WORK = frozenset("work werk werken working".split())


def _names_schooling(msg: Message, span: str) -> bool:
    """A tagged "school" that is schooling someone had, not the route: "school in afghanistan 9 jaar" at the Dutch
    question was BOL, and a newcomer saw only BOL courses ("vooral school" stays BOL)."""
    if " ".join(span.lower().split()) != "school":
        return False
    found = re.search(r"\bschool\b", msg.norm)
    before = words_before(msg.norm, found.start(), 1) if found else []
    return not (before and before[0] in _PREFERS)


def _names_a_kind_of_work(msg: Message, span: str) -> bool:
    """Whether a word the NLU tagged as the route is a kind of work where it stands ("electrical work")."""
    found = re.search(rf"\b{re.escape(' '.join(span.lower().split()))}\b", msg.norm)
    return found is not None and _kind_of_work(msg.norm, found)


def tags_say_route(msg: Message, words: list[str]) -> bool:
    """Whether the words the NLU tagged as the route say one here: outside the route question, work, "both" and
    schooling someone had do not; at it, a kind of work does not; nor, anywhere, indifference said of another
    question ("maakt niet uit wanneer")."""
    if not words:
        return True
    if all(INDIFFERENT.search(f" {w.lower()} ") for w in words) and not _indifferent(msg.norm):
        return False  # "ik woon in Den Bosch en maakt niet uit wanneer": the NLU's "maakt niet uit" is the start's
    if not msg.asked("route"):
        return not all(_is_weak(w) or _names_schooling(msg, w) for w in words)
    return not all(_is_weak(w) and _names_a_kind_of_work(msg, w) for w in words)
