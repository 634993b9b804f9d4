"""Hostile input for the channels, as Hypothesis strategies, and what the bot must do with it.

Shared by the fuzz tests (tests/fuzz/) and the long run (bench/fuzz_long.py). A `Case` is one HTTP body;
`expect` says what the channel contract promises for it, independently of channels/edge.py:

* a JSON object whose `sender` is 1-128 of `A-Za-z0-9_.:@+=-` and whose `message` is a string is a valid
  message: HTTP 200 and one to six bot messages with text (a message over 1,000 characters gets the
  friendly "too long" refusal, which is such a message; more than six means the dialogue looped);
* anything else is a bad request: HTTP 400 with a JSON error, never a turn;
* never a 5xx, never HTML: the reply is JSON and the user's markup is not echoed back.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bot.paths import ROOT

SENDER_CONTRACT = re.compile(r"[A-Za-z0-9_.:@+=-]{1,128}")
MAX_MESSAGE_CHARS = 1000
MAX_REPLIES = 6  # bot messages in one turn; more means a dialogue loop (greeting + question is 2, advice 2-3)
MARKUP = re.compile(r"<[A-Za-z!/][^>]*>")

# Messages a student could type, Dutch and English, so hostile fragments also land mid-intake and in questions.
ORDINARY = [
    "hoi",
    "hallo",
    "hello there",
    "ik ben 16",
    "ik zit op vmbo kader pie",
    "ik heb geen diploma en ben 17",
    "lassen en metaal",
    "iets met auto's",
    "bbl",
    "werken en leren",
    "maakt niet uit",
    "zwolle",
    "den bosch",
    "zo snel mogelijk",
    "in september",
    "wat is bbl",
    "wat kost het",
    "wat verdien ik bij bbl",
    "vertel meer over 2",
    "vergelijk 1 en 2",
    "kan ik in januari beginnen",
    "in english please",
    "praat met een mens",
    "weet ik niet",
    "ja",
    "nee",
    "begin opnieuw",
    "doei",
    "I'm 19 and I have a havo diploma",
    "tell me more about the first one",
]
HOSTILE = [
    "",
    " ",
    "\n\t ",
    "\x00",
    "hi\x00there",
    "\x01\x02\x03\x1b[31m",
    "\x7f\x85",
    "\ufeff",
    "\u200b\u200d",
    "\u2028\u2029",
    "\u202eevil\u202c",
    "مرحبا، أريد أن أدرس الكهرباء",
    "שלום, אני בן 16",
    "Привет, я хочу учиться",
    "你好，我想学电工",
    "👨‍👩‍👧‍👦",
    "😀🔧⚡🚗" * 5,
    "e\u0301" * 20,
    "a" + "\u0301" * 200,
    "\U0001f600" * 300,
    "ﷺ" * 50,
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "ik woon in <b>zwolle</b>",
    "<a href='javascript:alert(1)'>x</a>",
    "javascript:alert(1)",
    "{{7*7}}",
    "${7*7}",
    "{0}",
    "%s%s%s%n",
    "%(age)s",
    "\\",
    "\\u0000",
    "null",
    "None",
    "[]",
    "{}",
    "NaN",
    "'; DROP TABLE events; --",
    '" OR 1=1 --',
    "1; SELECT * FROM inbound",
    "' UNION SELECT sqlite_version() --",
    "../../etc/passwd",
    "file:///etc/passwd",
    "http://169.254.169.254/",
    "\r\nSet-Cookie: x=1",
    "/start_over",
    "/restart",
    '/inform{"age": "99"}',
    "/session_start",
    "/nlu_fallback",
    "//greet",
    '/ /inform{"education": "vwo", "place": "Atlantis"}',
    '/\x00/inform{"age": "13"}',
    '/inform@0.01{"place": "x"}',
    "-1",
    "0",
    "999999999999999999999",
    "1e308",
    "16.5",
    "zestien",
    "٣٥",
]
# Rasa's own intents a leading '/' could force, next to ours (domain.yml).
DEFAULT_INTENTS = ["restart", "session_start", "back", "out_of_scope", "nlu_fallback"]
SLASH_PREFIXES = ["/", "//", " /", "/ /", "/\x00/", "/\n/", "\t/ / ", "/\u00a0/"]
FORCED_ENTITIES = [
    None,
    {"age": "13"},
    {"place": "Atlantis"},
    {"education": "vwo", "route": "bbl"},
    {"shown_courses": ["99999"]},
    {"language": "xx"},
]


def texts(max_size: int = 300) -> st.SearchStrategy[str]:
    """Message text: ordinary, hostile, arbitrary Unicode (incl. controls), mixtures, and lengths around the limit."""
    fragment = st.one_of(st.sampled_from(ORDINARY + HOSTILE), st.text(max_size=30))
    return st.one_of(
        st.sampled_from(ORDINARY + HOSTILE),
        st.text(max_size=max_size),
        st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=40),  # C0/C1 controls, NUL, DEL
        st.text(alphabet=st.characters(categories=["Mn", "Me", "Cf", "Co", "Zl", "Zp", "So"]), max_size=40),
        st.lists(fragment, min_size=1, max_size=6).map(" ".join),
        st.tuples(
            st.sampled_from([999, 1000, 1001, 5000, 100_000]), st.sampled_from(["a", "ik wil techniek ", "é", "😀 "])
        ).map(lambda nt: (nt[1] * nt[0])[: nt[0]]),
    )


def slash_messages() -> st.SearchStrategy[str]:
    """Attempts to force an intent (and entities) with Rasa's `/intent{...}` syntax, incl. disguised prefixes."""
    intents = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    return st.builds(
        lambda prefix, intent, entities, tail: (
            prefix + intent + ("" if entities is None else json.dumps(entities)) + tail
        ),
        st.sampled_from(SLASH_PREFIXES),
        st.sampled_from(sorted(intents) + DEFAULT_INTENTS),
        st.sampled_from(FORCED_ENTITIES),
        st.sampled_from(["", " ", "@1.0", " ik ben 16"]),
    )


def fresh_sender(prefix: str = "fuzz") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def senders(prefix: str = "fuzz") -> st.SearchStrategy[str]:
    """Valid sender ids, odd ones included, each new (drawn again, Hypothesis repeats values; a repeat would
    share a conversation and its rate limit): up to 95 contract characters, a dot and 32 hex digits (max 128)."""
    return st.one_of(
        st.builds(fresh_sender, st.just(prefix)),
        st.from_regex(r"[A-Za-z0-9_.:@+=-]{1,95}", fullmatch=True).map(lambda s: f"{s}.{uuid.uuid4().hex}"),
    )


BAD_SENDERS = st.one_of(
    st.sampled_from(
        [
            "",
            "a" * 129,
            "a" * 10_000,
            "../../etc/passwd",
            "..",
            "a/b",
            "a b",
            "ü",
            "😀",
            "a\x00b",
            "<script>",
            "' OR 1=1 --",
            "default\n",
        ]
    ),
    st.text(min_size=1, max_size=40).filter(lambda s: not SENDER_CONTRACT.fullmatch(s)),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
NON_STRINGS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(JSON_VALUES, max_size=3),
    st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=3),
)
METADATA = st.one_of(
    JSON_VALUES,
    st.dictionaries(st.sampled_from(["language", "page", "widget", "x"]), JSON_VALUES, max_size=3),
    st.sampled_from(["deep", "huge", "language"]).map(
        lambda kind: {
            "deep": json.loads('{"a":' * 500 + "1" + "}" * 500),
            "huge": {"blob": "x" * 300_000},
            "language": {"language": ["nl"]},
        }[kind]
    ),
)
MALFORMED = st.one_of(
    st.sampled_from(
        [
            b"",
            b"{",
            b'{"sender": "a", ',
            b"{'sender': 'a', 'message': 'hoi'}",
            b'{"sender":"a","message":"hoi"} x',
            b'{"sender":"a","message":"\xff\xfe"}',
            b"\xef\xbb\xbf{}",
            b"sender=a&message=hoi",
            b"[" * 5000,
            b'{"a":' * 5000,
            b"\x00" * 16,
            b'{"sender":"a","message":"hoi"' + b" " * 100_000,
        ]
    ),
    st.binary(max_size=64),
)


@dataclass(frozen=True)
class Case:
    body: bytes
    sender: Any = None
    text: Any = None
    valid: bool = False  # a message the channel must take (HTTP 200 and a reply)

    @property
    def too_long(self) -> bool:
        return self.valid and len(self.text) > MAX_MESSAGE_CHARS


def _body(doc: Any, surrogates: bool) -> bytes:
    raw = json.dumps(doc)  # ensure_ascii: any lone surrogate travels as a raw \udXXX escape
    if surrogates and '"message": "' in raw:
        raw = raw.replace('"message": "', '"message": "\\ud800 \\udfff\\udc00', 1)
    return raw.encode()


def _case(sender: Any, text: Any, metadata: Any, extra: dict, drop: str, surrogates: bool) -> Case:
    doc: dict[str, Any] = {"sender": sender, "message": text, **extra}
    if metadata is not None:
        doc["metadata"] = metadata
    if drop:
        doc.pop(drop)
    body = _body(doc, surrogates)
    parsed = json.loads(body)
    sender, text = parsed.get("sender"), parsed.get("message")
    valid = isinstance(sender, str) and bool(SENDER_CONTRACT.fullmatch(sender)) and isinstance(text, str)
    return Case(body, sender, text, valid)


def slash_cases(prefix: str = "slash") -> st.SearchStrategy[Case]:
    """`slash_messages()` as valid messages from fresh senders."""
    return st.builds(
        _case,
        st.builds(fresh_sender, st.just(prefix)),
        slash_messages(),
        st.none(),
        st.just({}),
        st.just(""),
        st.just(False),
    )


def messages(prefix: str = "fuzz") -> st.SearchStrategy[Case]:
    """Valid messages from a fresh sender: hostile text, sometimes lone surrogates and odd metadata."""
    return st.builds(
        _case, senders(prefix), texts(), st.one_of(st.none(), METADATA), st.just({}), st.just(""), st.booleans()
    )


def bodies(prefix: str = "fuzz") -> st.SearchStrategy[Case]:
    """Any request body: valid messages, wrong types, absurd senders, missing fields, non-objects, broken JSON."""
    fresh = senders(prefix)
    extra = st.dictionaries(
        st.sampled_from(["input_channel", "sender_id", "text", "__proto__"]), JSON_VALUES, max_size=2
    )
    structured = st.builds(
        _case,
        st.one_of(fresh, fresh, BAD_SENDERS, NON_STRINGS),
        st.one_of(texts(), texts(), NON_STRINGS),
        st.one_of(st.none(), METADATA),
        extra,
        st.sampled_from(["", "", "", "sender", "message"]),
        st.booleans(),
    )
    non_object = st.one_of(JSON_VALUES.filter(lambda v: not isinstance(v, dict)), texts(max_size=40)).map(
        lambda v: Case(json.dumps(v).encode())
    )
    return st.one_of(structured, structured, non_object, MALFORMED.map(Case))


def meaningful(message: Any) -> bool:
    return isinstance(message, dict) and bool((message.get("text") or "").strip() or message.get("custom"))


def good_reply(reply: Any) -> bool:
    """One to MAX_REPLIES bot messages, each with something to show."""
    return isinstance(reply, list) and 0 < len(reply) <= MAX_REPLIES and all(meaningful(m) for m in reply)


def reply_problems(case: Case, status: int, reply: Any, content_type: str) -> list[str]:
    """What is wrong with the bot's answer to `case` (empty when it keeps the contract)."""
    problems = []
    if status >= 500:
        problems.append(f"HTTP {status}")
    if "json" not in content_type:
        problems.append(f"content type {content_type!r}")
    if not case.valid:
        if status != 400 or not isinstance(reply, dict) or "error" not in reply:
            problems.append(f"bad request answered with HTTP {status}: {str(reply)[:200]}")
        return problems
    if status != 200:
        problems.append(f"valid message answered with HTTP {status}")
    if not isinstance(reply, list) or not reply or not all(meaningful(m) for m in reply):
        problems.append(f"empty reply: {str(reply)[:200]}")
        return problems
    if len(reply) > MAX_REPLIES:
        problems.append(f"{len(reply)} bot messages in one turn: {[str(m.get('text'))[:40] for m in reply]}")
    if any(m.get("recipient_id") != case.sender for m in reply):
        problems.append("reply addressed to another sender")
    texts_out = " ".join(str(m.get("text") or "") for m in reply)
    echoed = [tag for tag in MARKUP.findall(case.text) if tag in texts_out]
    if echoed:
        problems.append(f"user markup echoed: {echoed[:3]}")
    return problems


def bounded(examples: int) -> settings:
    """Hypothesis settings for tests that talk to the running bot: a fixed number of examples (scaled by
    KANSRIJK_FUZZ_SCALE, default 1), no per-example deadline (two shared cores), no slowness health checks."""
    scale = float(os.environ.get("KANSRIJK_FUZZ_SCALE", "1"))
    return settings(
        max_examples=max(1, round(examples * scale)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
