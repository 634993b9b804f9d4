"""Fill profile fields from one free-text chat message (Dutch or English, slang and typos included).

The bot calls ``extract`` after every user message, so facts given unprompted ("ik ben 16, zit in vmbo kader
PIE en wil iets met auto's") are captured at once and never asked again. Rasa entities are trusted when their
value is valid; the explicit patterns fill in what the NLU model missed. Everything is plain regular
expressions over a normalised copy of the message: predictable, fast and easy for a counsellor to audit.
Ambiguous words ("nu", "goed", "mt", a bare number) only count when the bot just asked for that field or the
message gives clear context.

``extract`` never raises: a failing pattern or place look-up loses that one field, not the message.

One module per concern: ``message`` (normalising), ``vocab`` (words and answers every field shares), one module
per field (``age``, ``education``, ``havo_vwo``, ``vmbo_profile``, ``math_science``, ``interests``, ``route``,
``start_wish``, ``dutch_level``, ``situation``, ``place``), ``entities`` (Rasa entities), ``language`` (nl/en)
and ``extractor`` (all of them over one message).
"""

from __future__ import annotations

import logging

from .age import MAX_AGE, MIN_AGE
from .extractor import Extracted, extract
from .interests import MAX_INTERESTS
from .language import MAX_LANGUAGE_CHARS, detect_language, greeting_only, is_greeting
from .message import MAX_CHARS, fold
from .place import MAX_PLACE_CUES, MAX_PLACE_LOOKUPS, MAX_PLACE_TOKENS
from .vocab import is_dont_know, is_question

log = logging.getLogger(__name__)  # the logger every module of the package writes to

__all__ = [
    "MAX_AGE",
    "MAX_CHARS",
    "MAX_INTERESTS",
    "MAX_LANGUAGE_CHARS",
    "MAX_PLACE_CUES",
    "MAX_PLACE_LOOKUPS",
    "MAX_PLACE_TOKENS",
    "MIN_AGE",
    "Extracted",
    "detect_language",
    "extract",
    "fold",
    "greeting_only",
    "is_greeting",
    "is_dont_know",
    "is_question",
    "log",
]
