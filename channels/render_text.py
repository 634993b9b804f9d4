"""Bot messages as plain text for chat apps that cannot draw widgets (WhatsApp, Telegram).

One bot message (Rasa's dict: text, buttons, custom, image) becomes one or more `Part`s, each
within the app's length limit: buttons become numbered choices in the text ("Antwoord 1, 2 of 3")
or stay buttons for apps with keyboards; recommendation cards become one short block per course;
markdown links, which neither app shows as links, become "title: url". Splitting happens at the
largest boundary that fits: between paragraphs (one course card is one paragraph), then lines,
then words. The counterpart of numbered choices, reading "2" back as a choice, is `choice_number`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.texts import text
from bot.understand import detect_language

WHATSAPP_LIMIT = 1600  # Twilio: at most 1,600 characters in one WhatsApp message body
TELEGRAM_LIMIT = 4096  # Bot API sendMessage: 1-4,096 characters

REPLY_FEW = text("render.choices.reply_few")
REPLY_MANY = text("render.choices.reply_many")
OR = text("render.choices.or")
CHOOSE = text("render.choices.choose")
LEVEL = text("render.label.level")
WHY = text("render.label.why")
JOBS = text("render.label.jobs")
ROUTE = text("render.label.route")
START = text("render.label.start")
MAX_LISTED_NUMBERS = 5  # "Antwoord 1, 2, 3, 4 of 5"; more choices are said as a range

_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:|tel:)[^)\s]+)\)")
_CHOICE = re.compile(r"\s*(?:nr\.?\s*|nummer\s*|number\s*|#\s*)?(\d{1,2})\s*[.)]?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """One message to send: its text and, on the last part only, the buttons an app may draw."""

    text: str
    buttons: tuple[dict[str, str], ...] = ()


def units(text: str) -> int:
    """Length as both apps count it: UTF-16 code units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def choices(message: dict[str, Any]) -> list[dict[str, str]]:
    """The message's buttons (or quick replies) that have a title and a plain-text payload."""
    raw = message.get("buttons") or message.get("quick_replies") or []
    return [
        {"title": str(b["title"]), "payload": str(b["payload"])}
        for b in raw
        if isinstance(b, dict) and b.get("title") and b.get("payload")
    ]


def message_language(message: dict[str, Any]) -> str:
    """The bot writes each message in the conversation's language: read it back from the words."""
    said = [str(message.get("text") or "")] + [b["title"] for b in choices(message)]
    if is_recommendations(message) and not said[0].strip():  # cards only: read their reasons
        custom = message["custom"]
        said += [
            str(r)
            for item in (custom.get("items") or []) + (custom.get("out_of_reach") or [])
            for r in item.get("reasons") or []
        ]
    return detect_language(" ".join(said)) or "nl"


def choice_number(text: Any) -> int | None:
    """'2', ' 2 ', '2.', '2)', 'nr 2' -> 2: a reply to numbered choices; anything else -> None."""
    if not isinstance(text, str):
        return None
    match = _CHOICE.fullmatch(text)
    return int(match.group(1)) if match else None


def numbered_choices(buttons: Sequence[dict[str, str]], lang: str) -> str:
    lines = [f"{n}. {b['title']}" for n, b in enumerate(buttons, 1)]
    count = len(buttons)
    if count <= MAX_LISTED_NUMBERS:
        numbers = ", ".join(str(n) for n in range(1, count)) + f" {OR.get(lang)} {count}" if count > 1 else "1"
        hint = REPLY_FEW.format(numbers=numbers)
    else:
        hint = REPLY_MANY.format(last=count)
    return "\n".join(lines) + "\n\n" + hint.get(lang)


def plain(text: str) -> str:
    """Markdown links show as raw brackets in both apps: '[site](https://x)' -> 'site: https://x'."""
    return _MARKDOWN_LINK.sub(r"\1: \2", text)


def spaced_cards(text: str) -> str:
    """One paragraph per course: a blank line before each unindented line that follows an indented one.

    The chat text of the recommendations (bot.render.render_chat) is one line per course followed by
    its indented details; separated like this every card is a block of its own and is never split
    across two messages unless it alone is longer than the limit.
    """
    out: list[str] = []
    for line in text.splitlines():
        card = bool(_CARD.match(line))  # a card starts its own block, also right after the heading
        if out and out[-1] and line and not line[0].isspace() and (out[-1][:1].isspace() or card):
            out.append("")
        out.append(line)
    return "\n".join(out)


_CARD = re.compile(r"\d+\. ")


def card_text(item: dict[str, Any], n: int, lang: str) -> str:
    """A card from the recommendation payload, for messages that carry the payload without its text."""
    routes = "/".join(item.get("routes") or [])
    head = f"{n}. {item.get('name', '')} ({LEVEL.get(lang)} {item.get('level', '?')}{', ' + routes if routes else ''})"
    lines = [head]
    where = ", ".join(str(x) for x in (item.get("next_start"), item.get("location")) if x)
    if where:
        lines.append(f"   {START.get(lang)}: {where}")
    reasons = [str(r).rstrip(".") for r in (item.get("reasons") or [])[:3]]
    if reasons:
        lines.append(f"   {WHY.get(lang)}: {'; '.join(reasons)}.")
    demand = item.get("demand") or {}
    if demand.get("text"):
        lines.append(f"   {JOBS.get(lang)}: {demand['text']}")
    catch_up = (item.get("catch_up") or [{}])[0]
    if catch_up.get("title"):
        lines.append(f"   {ROUTE.get(lang)}: {catch_up['title']}")
    return "\n".join(lines)


def cards_text(payload: dict[str, Any], lang: str) -> str:
    items = list(payload.get("items") or []) + list(payload.get("out_of_reach") or [])
    notes = [str(n) for n in payload.get("notes") or []]
    return "\n\n".join(notes + [card_text(item, n, lang) for n, item in enumerate(items, 1)])


def is_recommendations(message: dict[str, Any]) -> bool:
    custom = message.get("custom")
    return isinstance(custom, dict) and custom.get("type") == "recommendations"


def split(text: str, limit: int, separators: Iterable[str] = ("\n\n", "\n", " ")) -> list[str]:
    """Pieces of at most `limit` units, cut at the largest separator that makes them fit."""
    text = text.strip()
    if units(text) <= limit:
        return [text] if text else []
    seps = tuple(separators)
    if not seps:
        return _hard_cut(text, limit)
    sep, rest = seps[0], seps[1:]
    out: list[str] = []
    current = ""
    for piece in text.split(sep):
        joined = f"{current}{sep}{piece}" if current else piece
        if units(joined) <= limit:
            current = joined
            continue
        if current.strip():
            out.append(current.strip())
        current = ""
        for sub in split(piece, limit, rest):
            if current:
                out.append(current)
            current = sub
    if current.strip():
        out.append(current.strip())
    return out


def _hard_cut(text: str, limit: int) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    size = 0
    for ch in text:
        width = units(ch)
        if size + width > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    if current:
        out.append("".join(current))
    return out


def render(message: dict[str, Any], limit: int, numbered: bool) -> list[Part]:
    """The parts to send for one bot message; `numbered` writes buttons into the text as choices."""
    lang = message_language(message)
    text = plain(str(message.get("text") or ""))
    if is_recommendations(message):
        text = spaced_cards(text) if text.strip() else cards_text(message["custom"], lang)
    if message.get("image"):
        text = f"{text}\n\n{message['image']}" if text else str(message["image"])
    buttons = choices(message)
    if buttons and numbered:
        text = f"{text}\n\n{numbered_choices(buttons, lang)}" if text.strip() else numbered_choices(buttons, lang)
        buttons = []
    parts = split(text, limit)
    if buttons and not parts:
        parts = [CHOOSE.get(lang)]
    if not parts:
        return []
    return [Part(p) for p in parts[:-1]] + [Part(parts[-1], tuple(buttons))]
