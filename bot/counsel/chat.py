"""What a pupil types to share the conversation with a counsellor, and what the chat answers.

These are commands, not answers to the intake, so they are read before the language model: a fixed set of
phrasings in Dutch and English (with or without accents, capitals or a final "?"). Anything else goes on to
Rasa as usual. ``parse`` is pure; the channel edge (channels/counsel_hooks.py) carries a command out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..advice import MONTHS_EN, MONTHS_NL
from ..texts import family, text
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
JOIN_CODE = text("counsel_chat.join_code")
JOINED = text("counsel_chat.joined")
STOPPED = text("counsel_chat.stopped")
NOT_WATCHED = text("counsel_chat.not_watched")
NOBODY_VIEWED = text("counsel_chat.nobody_viewed")
VIEWED_BY = text("counsel_chat.viewed_by")
WATCHING_NOW = text("counsel_chat.watching_now")
VIEWED_LINE = text("counsel_chat.viewed_line")
CLASS_JOINED = text("counsel_chat.class_joined")
CLASS_UNKNOWN = text("counsel_chat.class_unknown")
CONSENT_YES = text("counsel_chat.consent_yes")
CONSENT_NO = text("counsel_chat.consent_no")
REPORT_LINK = text("counsel_chat.report_link")
REPORT_EMPTY = text("counsel_chat.report_empty")
SUGGESTS = text("counsel_chat.suggests")
PINNED_MSG = text("counsel_chat.pinned")
UNPINNED_MSG = text("counsel_chat.unpinned")
EXCLUDED_MSG = text("counsel_chat.excluded")
RESTORED_MSG = text("counsel_chat.restored")
FILTER_MSG = text("counsel_chat.list_changed")
# Added to a change of the list: how the pupil sees it, before and after the first advice.
LIST_AGAIN = text("counsel_chat.list_again")
LIST_LATER = text("counsel_chat.list_later")
FILTER_OFF = text("counsel_chat.filter_off")
FILTER_PARTS = family("counsel_chat.filter_part")  # route, level, max_km, start
COUNSELLOR_LEFT = text("counsel_chat.counsellor_left")


def when(timestamp: float, lang: str) -> str:
    """A time the pupil can read: "3 december 14:05" (server time, UTC when unset)."""
    moment = dt.datetime.fromtimestamp(timestamp)
    months = MONTHS_EN if lang == "en" else MONTHS_NL
    return f"{moment.day} {months[moment.month - 1]} {moment:%H:%M}"
