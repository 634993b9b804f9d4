"""Study wishes outside technical MBO ("ik wil kapper worden"): recognised so the bot can say so honestly.

Kansrijk covers technical courses only. A person who names a non-technical occupation gets that said plainly,
a pointer to KiesMBO and the decaan, and - only where a real technical course sits close to the wish - the
technical words to look for. The word list is editorial (the MBO domains outside "Techniek en gebouwde
omgeving", ICT, mobility and process industry in the SBB crebo table, ../shared/data/crebo.csv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .i18n import Text
from .textmatch import STOPPED_WORDS, wish_part
from .texts import text
from .understand import fold


@dataclass(frozen=True)
class Wish:
    """One non-technical field: the words that name it, and technical interest words near it (may be empty)."""

    field: Text
    pattern: str
    near: str = ""


# Order matters: the first matching field is reported.
WISHES: tuple[Wish, ...] = (
    Wish(text("scope.field.hairdresser"), r"kapper|kapster|haren knippen|hairdress\w*|barber|kapsalon"),
    Wish(
        text("scope.field.beautician"),
        r"schoonheids\w*|visagist\w*|nagelstylist\w*|beautician|make-?up artist",
    ),
    Wish(
        text("scope.field.care"),
        r"verpleeg\w*|verzorg(?:ende|er|ster)|zorg(?:medewerker)?|nurse|nursing|care ?worker|"
        r"in de zorg|healthcare|doktersassistent\w*|tandartsassistent\w*|apothekersassistent\w*|"
        r"ziekenhuis werken|kraamverzorg\w*",
        "medische techniek laboratorium",
    ),
    Wish(
        text("scope.field.children"),
        r"(?:iets )?met kinderen|pedagogisch\w*|kinderopvang|onderwijsassistent\w*|leraar|juf|meester|teacher|"
        r"childcare|nanny",
    ),
    Wish(
        text("scope.field.police"),
        r"politie\w*|police|beveilig(?:er|ing)|security guard|boa|"
        r"marechaussee|brandweer\w*|firefighter",
        "beveiligingssystemen",
    ),
    Wish(
        text("scope.field.cooking"),
        r"kok|koken|chef|horeca|bakker|baker|barista|cook|chef ?kok|"
        r"hospitality|restaurant|hotel",
    ),
    Wish(text("scope.field.animals"), r"dierenverzorg\w*|dierenarts\w*|met dieren|animals?|paarden|honden"),
    Wish(
        text("scope.field.sport"),
        r"sportinstructeur|sport ?en bewegen|fitness ?trainer|personal trainer|"
        r"sportleraar|sports? coach",
    ),
    Wish(
        text("scope.field.business"),
        r"boekhoud\w*|administrat\w*|secretaresse|secretary|marketing|accountant|receptionist\w*|bankmedewerker",
    ),
    Wish(text("scope.field.retail"), r"verkoper|verkoopster|winkel(?:medewerker)?|kassa|retail|shop assistant"),
    Wish(text("scope.field.legal"), r"advocaat|jurist|juridisch\w*|lawyer|notaris"),
    Wish(text("scope.field.fashion"), r"mode(?:ontwerper)?|fashion|kleding maken|naaien|kleermaker"),
)

_COMPILED = tuple((w, re.compile(r"(?<![a-z])(?:" + w.pattern + r")(?![a-z])")) for w in WISHES)
_WISH_CUE = re.compile(
    r"(?<![a-z])(?:worden|wil(?:t|len)?|zou|graag|droom|become|becoming|be an?|want|wanna|study|studeren|"
    # (not "i work in a restaurant kitchen now": the job someone has is no wish; "werken in" is no "ik werk in")
    r"opleiding|course|werken als|(?<!i )work as|werken in|(?<!i )work in|liefst|iets in|iets met|doen)(?![a-z])"
)
# Said about a job the person had, or a study stopped: "ik was kok" is work experience, not a wish for a course.
_PAST = re.compile(  # (and "ik ben gestopt met de opleiding kok")
    rf"(?<![a-z])(?:was|werkte|gewerkt|worked|used to|vroeger|jaar (?:als|in|bij)|{'|'.join(STOPPED_WORDS)})(?![a-z])"
)


# The job someone has now ("ik ben kok, 34 jaar, en ik wil iets anders"): no wish for that field
_JOB_NOW = re.compile(r"(?<![a-z])(?:ik ben|i'?m|i am|ik werk als|i work as)(?: een| a| an)? $")


# vmbo profile names contain field words ("zorg en welzijn", "horeca, bakkerij en recreatie"): not wishes.
_PROFILE_NAMES = re.compile(
    r"zorg (?:en|&) welzijn|horeca,? bakkerij (?:en|&) recreatie|economie (?:en|&) ondernemen|"
    r"dienstverlening (?:en|&) producten|(?:profiel|profile|sector) \w+"
)


def find_wish(text: str) -> Wish | None:
    """The non-technical field a message wishes for, or None. Needs a wish cue ("worden", "wil", "become")."""
    low = _PROFILE_NAMES.sub(" ", fold(text)[:1000])
    if not _WISH_CUE.search(low) or _PAST.search(low):
        return None
    tail = wish_part(text)  # "I'm a chef but I want to repair ovens": the wish turned from the job it names
    for wish, rx in _COMPILED:
        named = [m for m in rx.finditer(low) if not _JOB_NOW.search(low[: m.start()])]
        if named and (tail is None or rx.search(tail)):
            return wish
    return None


KIESMBO = "kiesmbo.nl"
# Something else than a study wish that Kansrijk cannot help with ("wat voor weer wordt het?").
OTHER_TOPIC = text("scope.other_topic", kiesmbo=KIESMBO)


def answer(wish: Wish, near_courses: list[str], contact: Text, lang: str) -> str:
    """The honest answer: not covered here, where to look, and technical courses close to the wish if any."""
    lines = [
        text("scope.not_covered", field=wish.field.get(lang), kiesmbo=KIESMBO, contact=contact.get(lang)).get(lang)
    ]
    if near_courses:
        lines.append(text("scope.near_courses", courses="; ".join(near_courses)).get(lang))
    lines.append(text("scope.go_on").get(lang))
    return "\n".join(lines)
