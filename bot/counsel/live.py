"""Wakes the counsellor pages waiting on a conversation or a class when a pupil's turn ends.

In one process (the default set-up) an asyncio event per key is enough: the page's long poll returns within
milliseconds of the turn. Keys are ``sender:<id>`` and ``class:<id>``; a version number per key lets a page that
missed a wake-up see at once that something changed. Several servers share versions and wake-ups through Redis
(`channels/live_redis.py`).
"""

from __future__ import annotations

import asyncio
import inspect
from collections import defaultdict
from collections.abc import Awaitable, Callable


class Notifier:
    def __init__(self) -> None:
        self.versions: defaultdict[str, int] = defaultdict(int)
        self._events: dict[str, asyncio.Event] = {}

    def version(self, key: str) -> int:
        return self.versions.get(key, 0)

    async def current(self, key: str) -> int:
        """The version a page starts from (shared by all servers in `channels/live_redis.py`)."""
        return self.version(key)

    def notify(self, *keys: str) -> None:
        for key in keys:
            self.versions[key] += 1
            event = self._events.pop(key, None)
            if event is not None:
                event.set()

    async def wait(self, key: str, since: int, timeout: float) -> int:
        """The key's version once it is past ``since``, or the same version after ``timeout`` seconds."""
        if self.version(key) != since:
            return self.version(key)
        event = self._events.setdefault(key, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        return self.version(key)


NOTIFIER = Notifier()

# Channels that can show a message to a pupil at once, by channel name (as the message journal records it):
# the web widget while its socket is open, WhatsApp and Telegram through their APIs. REST has none: a REST
# client sees the counsellor's messages at the start of its next reply.
Pusher = Callable[[str, list[str]], Awaitable[None]]
Reachable = Callable[[str], "bool | Awaitable[bool]"]
PUSHERS: dict[str, tuple[Pusher, Reachable]] = {}


def register_pusher(channel: str, push: Pusher, reachable: Reachable = lambda sender_id: True) -> None:
    PUSHERS[channel] = (push, reachable)


async def is_reachable(reachable: Reachable, sender_id: str) -> bool:
    found = reachable(sender_id)
    return await found if inspect.isawaitable(found) else bool(found)


def sender_key(sender_id: str) -> str:
    return f"sender:{sender_id}"


def class_key(class_id: str) -> str:
    return f"class:{class_id}"
