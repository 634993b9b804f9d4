"""Where the guided sessions meet the chat: the edge calls these before and after each pupil turn.

Before: a counsellor command ("laat mijn decaan meekijken", "stop meekijken", "klascode 482193", ...) is carried
out here and answered, without the language model; messages a counsellor sent while the pupil was away are shown
first. After: the progress of pupils in a class is recorded and waiting counsellor pages are woken. A pupil nobody
watches and who is in no class costs two indexed queries per turn.
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any

import sqlalchemy as sa

from bot import settings, slots
from bot.counsel import chat, live
from bot.counsel import store as counsel_store
from bot.events_table import SLOT_EVENTS_SQL
from bot.i18n import Text

logger = logging.getLogger(__name__)

CONSENT = "consent:"


def store() -> counsel_store.CounselStore:
    return counsel_store.shared()


def public_base() -> str:
    """Where a pupil's browser reaches this server (KANSRIJK_PUBLIC_URL behind a proxy)."""
    base = os.environ.get("KANSRIJK_PUBLIC_URL") or f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
    return base.rstrip("/")


async def slot_values(agent: Any, sender_id: str) -> dict[str, Any]:
    """The conversation's slots, read from the tracker store without taking its tracker out of the cache."""
    tracker_store = getattr(agent, "tracker_store", None)
    engine = getattr(tracker_store, "engine", None)
    if engine is not None:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(SLOT_EVENTS_SQL), {"sender_id": sender_id}).fetchall()
        return slots.fold(json.loads(row[0]) for row in rows)
    if tracker_store is None:
        return {}
    tracker = await tracker_store.retrieve(sender_id)
    return dict(tracker.current_slot_values()) if tracker is not None else {}


async def push(sender_id: str, lang: str, channel: str | None) -> bool:
    """Show the counsellor's queued messages now where the pupil's channel allows it (``live.PUSHERS``);
    otherwise they wait for the start of the pupil's next reply. ``channel``: where the pupil's latest message
    came from (the message journal)."""
    push_to, reachable = live.PUSHERS.get(channel or "", (None, None))
    if push_to is None or reachable is None or not await live.is_reachable(reachable, sender_id):
        return False
    texts = [Text(nl, en).get(lang) for nl, en in store().take_messages(sender_id, time.time())]
    if texts:
        try:
            await push_to(sender_id, texts)
        except Exception:  # delivered or not, the counsellor's page must answer
            logger.exception("pushing the counsellor's message on %s failed", channel)
    return True


async def before_turn(sender_id: str, text: str, hint: str | None, agent: Any) -> tuple[list[str], bool]:
    """(texts to show first, whether the message was a counsellor command that is now answered)."""
    now = time.time()
    db = store()
    pending = db.pending(sender_id)
    command = chat.parse(text, expecting_consent=bool(pending and pending.startswith(CONSENT)))
    if pending and (command is None or command.kind not in (chat.YES, chat.NO)):
        db.set_pending(sender_id, None, now)
    values = await slot_values(agent, sender_id) if command is not None else {}
    lang = slots.language(values) if values.get("language") else (hint if hint in ("nl", "en") else "nl")
    shown = [Text(nl, en).get(lang) for nl, en in db.take_messages(sender_id, now)]
    if command is None:
        return shown, False
    reply = _carry_out(db, command, sender_id, lang, values, pending, now)
    live.NOTIFIER.notify(live.sender_key(sender_id), *(live.class_key(c) for c in db.classes_of(sender_id)))
    return shown + reply, True


def _carry_out(
    db: counsel_store.CounselStore,
    command: chat.Command,
    sender_id: str,
    lang: str,
    values: dict[str, Any],
    pending: str | None,
    now: float,
) -> list[str]:
    if command.kind == chat.INVITE:
        code = db.new_join_code(sender_id, lang, now)
        spaced = f"{code[:3]}-{code[3:]}"
        return [chat.JOIN_CODE.format(code=spaced, minutes=counsel_store.JOIN_CODE_SECONDS // 60).get(lang)]
    if command.kind == chat.STOP:
        ended = db.end_watches(sender_id, now)
        return [(chat.STOPPED if ended else chat.NOT_WATCHED).get(lang)]
    if command.kind == chat.WHO:
        viewers = db.viewers(sender_id)
        if not viewers:
            return [chat.NOBODY_VIEWED.get(lang)]
        lines = [chat.VIEWED_BY.get(lang)] + [
            chat.VIEWED_LINE.format(name=name, first=chat.when(first, lang), last=chat.when(last, lang)).get(lang)
            for name, first, last in viewers
        ]
        now_watching = [db.counsellor(w.counsellor_id) for w in db.watches_of(sender_id)]
        names = ", ".join(c.display_name for c in now_watching if c is not None)
        if names:
            lines.append(chat.WATCHING_NOW.format(names=names).get(lang))
        return ["\n".join(lines)]
    if command.kind == chat.CLASS:
        group = db.class_by_code(command.code, now)
        if group is None:
            return [chat.CLASS_UNKNOWN.get(lang)]
        db.join_class(group.id, sender_id, now)
        number = 1 + [m.sender_id for m in db.members(group.id)].index(sender_id)
        db.set_pending(sender_id, CONSENT + group.id, now)
        return [chat.CLASS_JOINED.format(name=group.name, number=number).get(lang)]
    if command.kind in (chat.YES, chat.NO) and pending and pending.startswith(CONSENT):
        class_id = pending[len(CONSENT) :]
        group = db.class_session(class_id)
        db.set_pending(sender_id, None, now)
        if group is None:
            return [chat.CLASS_UNKNOWN.get(lang)]
        db.set_consent(class_id, sender_id, command.kind == chat.YES)
        if command.kind == chat.NO:
            return [chat.CONSENT_NO.get(lang)]
        db.open_watch(sender_id, group.counsellor_id, lang, now)
        return [chat.CONSENT_YES.get(lang)]
    if command.kind == chat.REPORT:
        if not slots.answered(values):
            return [chat.REPORT_EMPTY.get(lang)]
        days = settings.load().retention_days
        token = db.new_report_link(sender_id, now, days * 86400)
        url = f"{public_base()}/webhooks/counsellor/r/{token}"
        return [chat.REPORT_LINK.format(url=url, days=days).get(lang)]
    return []


async def after_turn(sender_id: str, agent: Any, advised: bool) -> None:
    """Record a class pupil's progress and wake the pages that follow this pupil or their class."""
    db = store()
    classes = db.classes_of(sender_id)
    if classes:
        values = await slot_values(agent, sender_id)
        db.record_turn(sender_id, slots.informed(values), advised or bool(values.get("shown_courses")), time.time())
    live.NOTIFIER.notify(live.sender_key(sender_id), *(live.class_key(c) for c in classes))


def wake(sender_id: str) -> None:
    live.NOTIFIER.notify(live.sender_key(sender_id))
