"""What a pupil types to share the conversation with a counsellor, and what the chat answers.

These are commands, not answers to the intake, so they are read before the language model: a fixed set of
phrasings in Dutch and English (with or without accents, capitals or a final "?"). Anything else goes on to
Rasa as usual. ``parse`` is pure; the channel edge (channels/counsel_hooks.py) carries a command out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..i18n import Text
from ..understand import fold

INVITE, STOP, WHO, CLASS, REPORT, YES, NO = "invite", "stop", "who", "class", "report", "yes", "no"

_WHO_COUNSELLOR = (
    r"(?:decaan|mentor|loopbaanbegeleider|begeleider|coach|counsell?or|careers? advis[eo]r|teacher|docent)"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx))
    for kind, rx in (
        (
            STOP,
            r"^(?:stop|stoppen|hou op|niet meer)(?: (?:met|het|maar))* (?:mee ?kijken|meekijken|delen)\b"
            r"|^(?:stop|end) (?:sharing|watching|the counsell?or)\b|^(?:mijn )?"
            + _WHO_COUNSELLOR
            + r" (?:mag )?(?:niet|stop) (?:meer )?mee ?kijken|^stop meekijken$",
        ),
        (
            WHO,
            r"^wie (?:heeft|hebben|kijkt|kijken|keek) (?:er )?(?:mee ?ge?keken|mee ?kijkt|mee|mijn gesprek)"
            r"|^who (?:has |have )?(?:viewed|seen|watched|looked at|is watching)",
        ),
        (
            INVITE,
            r"^(?:laat|mag) (?:mijn |de |een )?" + _WHO_COUNSELLOR + r" (?:ook )?mee ?kijken"
            r"|^(?:ik wil (?:dat )?(?:mijn |de )?" + _WHO_COUNSELLOR + r" (?:laten )?mee ?kijk(?:en|t))"
            r"|^(?:mee ?kijk ?code|meekijkcode)$"
            r"|^(?:let|can|could) (?:my |the )?" + _WHO_COUNSELLOR + r" (?:join|watch|see|look)"
            r"|^(?:i want )?(?:my )?" + _WHO_COUNSELLOR + r" (?:to )?(?:join|watch)",
        ),
        (
            REPORT,
            r"^(?:stuur|geef|mail)(?: me| mij)? (?:mijn|het|een) (?:overzicht|verslag|rapport)"
            r"|^(?:mijn )?overzicht (?:sturen|downloaden|printen)$|^(?:send|give)(?: me)? (?:my|the|a) "
            r"(?:report|summary|overview)"
            r"|^(?:mijn overzicht|my report|my summary)$",
        ),
    )
)
# Looser, for typos and other word orders ("mn decaan wil meekijke", "kan de mentor mee kijken"): a counsellor word
# and a form of "meekijken" in one short message, without a word that stops or denies it.
_INVITE_LOOSE = re.compile(r"\b" + _WHO_COUNSELLOR + r"\b.*\bmee ?kijk\w*|\bmee ?kijk\w*.*\b" + _WHO_COUNSELLOR + r"\b")
_NOT_INVITE = re.compile(r"\b(?:stop\w*|niet|geen|nooit|hoeft|wie|wat|hoe|waarom|heeft|keek|gekeken)\b")
_CLASS = re.compile(r"^(?:klas ?code|class ?code|groeps ?code|group ?code)\s*:?\s*(?:is\s*)?(\d{4,8})\s*$")
_YES_WORDS = frozenset("ja jaa jep yes yep yeah ok oke okay prima goed zeker tuurlijk sure graag akkoord".split())
_NO_WORDS = frozenset("nee neen no nope nah niet liever".split())


@dataclass(frozen=True)
class Command:
    kind: str
    code: str = ""


def _clean(text: str) -> str:
    folded = fold(text)
    folded = re.sub(r"[^\w\s:]", " ", folded)
    return re.sub(r"\s+", " ", folded).strip()


def parse(text: str, expecting_consent: bool = False) -> Command | None:
    """The counsellor command in this message, or None (then Rasa reads it)."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    clean = _clean(text)
    if expecting_consent:
        words = clean.split()
        if words and len(words) <= 2:
            if words[0] in _YES_WORDS and not set(words) & _NO_WORDS:
                return Command(YES)
            if words[0] in _NO_WORDS or "liever niet" in clean:
                return Command(NO)
    found = _CLASS.match(clean)
    if found:
        return Command(CLASS, found.group(1))
    for kind, pattern in _PATTERNS:
        if pattern.search(clean):
            return Command(kind)
    if len(clean.split()) <= 8 and _INVITE_LOOSE.search(clean) and not _NOT_INVITE.search(clean):
        return Command(INVITE)
    return None


# --- what the chat says -------------------------------------------------------------------------------------------
JOIN_CODE = Text(
    "Je meekijkcode is {code}. Lees hem voor of laat hem zien aan je decaan; die typt hem op de eigen pagina. "
    "De code werkt één keer en {minutes} minuten. Je decaan ziet dan je antwoorden en je advies, en kan opleidingen "
    "voorstellen. Typ 'stop meekijken' om het meteen te stoppen.",
    "Your code is {code}. Read it out or show it to your counsellor, who types it on their own page. "
    "The code works once and for {minutes} minutes. Your counsellor then sees your answers and your advice, and can "
    "suggest courses. Type 'stop sharing' to end it at once.",
)
JOINED = Text(
    "Je decaan kijkt nu mee ({name}). Typ 'stop meekijken' om dat te stoppen.",
    "Your counsellor is now watching with you ({name}). Type 'stop sharing' to end that.",
)
STOPPED = Text(
    "Gestopt. Niemand kijkt nu nog mee. Een code die je kreeg, werkt ook niet meer.",
    "Stopped. Nobody is watching any more. A code you got no longer works either.",
)
NOT_WATCHED = Text(
    "Er kijkt nu niemand mee. Wil je dat je decaan meekijkt? Typ: laat mijn decaan meekijken.",
    "Nobody is watching now. Want your counsellor to join? Type: let my counsellor join.",
)
NOBODY_VIEWED = Text("Niemand heeft je gesprek bekeken.", "Nobody has viewed your conversation.")
VIEWED_BY = Text("Dit gesprek is bekeken door:", "This conversation was viewed by:")
WATCHING_NOW = Text(
    "Nu kijkt mee: {names}. Typ 'stop meekijken' om dat te stoppen.",
    "Watching now: {names}. Type 'stop sharing' to end that.",
)
VIEWED_LINE = Text("- {name}: van {first} tot {last}", "- {name}: from {first} to {last}")
CLASS_JOINED = Text(
    "Je doet nu mee met de klas '{name}'. Je nummer is {number}. Je decaan ziet alleen dat je meedoet en hoe ver je "
    "bent. Mag je decaan ook je antwoorden en je advies zien? Typ ja of nee.",
    "You are now in the class '{name}'. Your number is {number}. Your counsellor only sees that you take part and "
    "how far you are. May your counsellor also see your answers and your advice? Type yes or no.",
)
CLASS_UNKNOWN = Text(
    "Die klascode ken ik niet, of hij werkt niet meer. Vraag je decaan om de code.",
    "I don't know that class code, or it no longer works. Ask your counsellor for the code.",
)
CONSENT_YES = Text(
    "Goed. Je decaan kan nu je antwoorden en advies zien. Typ 'stop meekijken' om dat te stoppen. We gaan verder.",
    "Fine. Your counsellor can now see your answers and advice. Type 'stop sharing' to end that. Let's go on.",
)
CONSENT_NO = Text(
    "Goed. Je decaan ziet alleen dat je meedoet en hoe ver je bent. We gaan verder.",
    "Fine. Your counsellor only sees that you take part and how far you are. Let's go on.",
)
REPORT_LINK = Text(
    "Hier is je overzicht: {url}\nVoor je ouders: {url}?voor=ouders\nAls PDF: {url}?pdf=1\n"
    "De link werkt zolang dit gesprek bestaat ({days} dagen). Deel hem alleen met wie je vertrouwt.",
    "Here is your overview: {url}\nFor your parents: {url}?for=parents\nAs a PDF: {url}?pdf=1\n"
    "The link works as long as this conversation exists ({days} days). Share it only with people you trust.",
)
REPORT_EMPTY = Text(
    "Ik weet nog niets van je, dus er is nog geen overzicht. Vertel eerst iets over jezelf.",
    "I don't know anything about you yet, so there is no overview yet. First tell me about yourself.",
)
SUGGESTS = Text(
    "Je decaan stelt voor: {name} (niveau {level}, crebo {crebo}). Wil je er meer over weten? "
    "Typ: vertel meer over {crebo}",
    "Your counsellor suggests: {name} (level {level}, crebo {crebo}). Want to know more? "
    "Type: tell me more about {crebo}",
)
PINNED_MSG = Text(
    "Je decaan heeft {name} (niveau {level}) bovenaan je lijst gezet.",
    "Your counsellor put {name} (level {level}) at the top of your list.",
)
UNPINNED_MSG = Text(
    "Je decaan heeft {name} niet meer vastgezet in je lijst.", "Your counsellor no longer pins {name} in your list."
)
EXCLUDED_MSG = Text("Je decaan heeft {name} uit je lijst gehaald.", "Your counsellor took {name} off your list.")
RESTORED_MSG = Text(
    "Je decaan heeft {name} weer toegelaten in je lijst.", "Your counsellor allowed {name} in your list again."
)
FILTER_MSG = Text("Je decaan heeft je lijst aangepast: {what}.", "Your counsellor changed your list: {what}.")
# Added to a change of the list: how the pupil sees it, before and after the first advice.
LIST_AGAIN = Text("Typ 'advies' om je nieuwe lijst te zien.", "Type 'advice' to see your new list.")
LIST_LATER = Text("Je ziet het in je advies.", "You will see it in your advice.")
FILTER_OFF = Text("geen filters meer", "no filters any more")
FILTER_PARTS = {
    "route": Text("alleen {value}", "only {value}"),
    "level": Text("alleen niveau {value}", "only level {value}"),
    "max_km": Text("scholen binnen {value} km", "schools within {value} km"),
    "start": Text("starten: {value}", "start: {value}"),
}
COUNSELLOR_LEFT = Text("Je decaan kijkt niet meer mee.", "Your counsellor is no longer watching.")


def when(timestamp: float, lang: str) -> str:
    """A time the pupil can read: "3 december 14:05" (server time, UTC when unset)."""
    moment = dt.datetime.fromtimestamp(timestamp)
    months = (
        "januari februari maart april mei juni juli augustus september oktober november december"
        if lang != "en"
        else "January February March April May June July August September October November December"
    ).split()
    return f"{moment.day} {months[moment.month - 1]} {moment:%H:%M}"
