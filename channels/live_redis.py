"""The counsellor pages' live wake-up across servers: versions and wake-ups in Redis (KANSRIJK_REDIS_URL).

With one server `bot.counsel.live.Notifier` is enough. Behind a round-robin load balancer a pupil's turn ends on
one server while the counsellor's long poll waits on another, and each poll may reach a different server: with a
version per process the page would miss turns (no wake-up) and, once the versions differ, poll without pause (every
server's number differs from the page's). Here the version of a key is one Redis counter (INCR on each change) and
every server hears each change on one pub/sub channel, so a page waiting on any server wakes within milliseconds.

Redis unreachable: fail open, as the rate limits do. Each server then counts and wakes in-process (a page following
a pupil served by another server updates at its next poll timeout instead of at once), logs one warning, and tries
Redis again after `redis_link.RETRY_SECONDS`. Pages never spin: a page's version is always one this server just
reported.
"""

from __future__ import annotations

import asyncio
import logging

import redis.asyncio

from bot import paths
from bot.counsel import live

from . import redis_link
from .redis_link import ERRORS, RedisLink, hashed_key

logger = logging.getLogger(__name__)

CHANNEL = "kansrijk-live"
PREFIX = "kansrijk:live:"
WIDGET_PREFIX = "kansrijk:widget:"
KEY_TTL_SECONDS = 2 * 86400  # a watch or class lasts hours; an idle key goes


class RedisNotifier(live.Notifier):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.link = RedisLink(
            url,
            "counsellor pages",
            "live updates stay within each server until it is back",
            "live updates reach every server",
            logger,
        )
        self._listener: asyncio.Task[None] | None = None
        self._listener_loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def notify(self, *keys: str) -> None:
        """Count the change in Redis and tell every server; the waiting pages wake when the news arrives (after
        the count, so a woken page never reads the old version)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.link.down():
            super().notify(*keys)
            return
        task = loop.create_task(self._publish(keys))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _publish(self, keys: tuple[str, ...]) -> None:
        try:
            async with self.link.client().pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.incr(PREFIX + key)
                    pipe.expire(PREFIX + key, KEY_TTL_SECONDS)
                    pipe.publish(CHANNEL, key)
                await pipe.execute()
        except ERRORS as err:
            self.link.failed(err)
            super().notify(*keys)
            return
        self.link.answered()

    async def current(self, key: str) -> int:
        if self.link.down():
            return self.version(key)
        try:
            value = await self.link.client().get(PREFIX + key)
        except ERRORS as err:
            self.link.failed(err)
            return self.version(key)
        self.link.answered()
        return int(value or 0)

    async def wait(self, key: str, since: int, timeout: float) -> int:
        version = await self.current(key)
        if version != since:
            return version
        if not self.link.down():
            self._listen()
        event = self._events.setdefault(key, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        return await self.current(key)

    def _listen(self) -> None:
        loop = asyncio.get_running_loop()
        if self._listener is None or self._listener.done() or self._listener_loop is not loop:
            self._listener, self._listener_loop = loop.create_task(self._subscribe()), loop

    async def _subscribe(self) -> None:
        """Wake this server's waiting pages for every change any server announces; reconnect after a failure."""
        while True:
            # Its own client: a subscriber's read waits for news as long as nobody chats, so no read timeout.
            client = redis.asyncio.Redis.from_url(self.url, socket_connect_timeout=redis_link.TIMEOUT_SECONDS)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") != "message":
                            continue
                        key = message["data"].decode("utf-8", "replace")
                        event = self._events.pop(key, None)
                        if event is not None:
                            event.set()
            except ERRORS as err:
                self.link.failed(err)
                for event in list(self._events.values()):
                    event.set()  # waiting pages re-read their version (this server's own, while Redis is down)
                self._events.clear()
            finally:
                await client.close()
            await asyncio.sleep(redis_link.RETRY_SECONDS)


def install() -> None:
    """Share the counsellor pages' live wake-up through Redis when KANSRIJK_REDIS_URL is set (else: in-process)."""
    url = paths.redis_url()
    if url and not isinstance(live.NOTIFIER, RedisNotifier):
        live.NOTIFIER = RedisNotifier(url)


class WidgetPresence:
    """Which conversations have a web widget open on some server, so a counsellor's message can be pushed at once
    whichever server the counsellor's page runs on (the socket.io Redis manager then carries it to that widget).

    One key per open socket (`kansrijk:widget:<hash of the conversation>:<sid>`) that its server refreshes every
    REFRESH_SECONDS and that expires after PRESENCE_SECONDS, plus a set per conversation listing the sockets. A
    killed server's sockets thus drop out within PRESENCE_SECONDS. Redis down: nobody counts as reachable, so the
    message waits for the pupil's next reply (nothing is lost).
    """

    REFRESH_SECONDS = 30.0
    PRESENCE_SECONDS = 75

    def __init__(self, url: str) -> None:
        self.link = RedisLink(url, "widget presence", "counsellor messages wait for the next reply", "pushed again")
        self.local: dict[str, str] = {}  # sid -> conversation, for this server's sockets
        self._refresher: asyncio.Task[None] | None = None

    @staticmethod
    def _set_key(sender_id: str) -> str:
        return hashed_key(WIDGET_PREFIX, sender_id)

    async def opened(self, sender_id: str, sid: str) -> None:
        self.local[sid] = sender_id
        await self._mark([(sender_id, sid)])
        if self._refresher is None or self._refresher.done():
            self._refresher = asyncio.get_running_loop().create_task(self._refresh())  # one per server

    async def closed(self, sid: str) -> None:
        sender_id = self.local.pop(sid, None)
        if sender_id is None:
            return
        key = self._set_key(sender_id)
        try:
            async with self.link.client().pipeline(transaction=False) as pipe:
                pipe.delete(f"{key}:{sid}")
                pipe.srem(key, sid)
                await pipe.execute()
        except ERRORS as err:
            logger.warning("widget presence: Redis did not take a closed socket (%s)", type(err).__name__)

    async def _mark(self, pairs: list[tuple[str, str]]) -> None:
        try:
            async with self.link.client().pipeline(transaction=False) as pipe:
                for sender_id, sid in pairs:
                    key = self._set_key(sender_id)
                    pipe.set(f"{key}:{sid}", "1", ex=self.PRESENCE_SECONDS)
                    pipe.sadd(key, sid)
                    pipe.expire(key, self.PRESENCE_SECONDS)
                await pipe.execute()
        except ERRORS as err:
            logger.warning("widget presence: Redis did not take the open sockets (%s)", type(err).__name__)

    async def _refresh(self) -> None:
        while self.local:
            await asyncio.sleep(self.REFRESH_SECONDS)
            await self._mark([(sender_id, sid) for sid, sender_id in list(self.local.items())])

    async def reachable(self, sender_id: str) -> bool:
        """A widget with this conversation is open on some server now."""
        key = self._set_key(sender_id)
        try:
            client = self.link.client()
            sids = [s.decode() if isinstance(s, bytes) else str(s) for s in await client.smembers(key)]
            if not sids:
                return False
            alive = await client.exists(*(f"{key}:{sid}" for sid in sids))
        except ERRORS as err:
            logger.warning("widget presence: Redis did not answer (%s); the message waits", type(err).__name__)
            return False
        return bool(alive)
