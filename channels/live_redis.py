"""The counsellor pages' live wake-up across servers: versions and wake-ups in Redis (KANSRIJK_REDIS_URL).

With one server `bot.counsel.live.Notifier` is enough. Behind a round-robin load balancer a pupil's turn ends on
one server while the counsellor's long poll waits on another, and each poll may reach a different server: with a
version per process the page would miss turns (no wake-up) and, once the versions differ, poll without pause (every
server's number differs from the page's). Here the version of a key is one Redis counter (INCR on each change) and
every server hears each change on one pub/sub channel, so a page waiting on any server wakes within milliseconds.

Redis unreachable: fail open, as the rate limits do. Each server then counts and wakes in-process (a page following
a pupil served by another server updates at its next poll timeout instead of at once), logs one warning, and tries
Redis again after RETRY_SECONDS. Pages never spin: a page's version is always one this server just reported.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any
from urllib.parse import urlsplit

import redis.asyncio
from redis.exceptions import RedisError

from bot import paths
from bot.counsel import live

logger = logging.getLogger(__name__)

CHANNEL = "kansrijk-live"
PREFIX = "kansrijk:live:"
TIMEOUT_SECONDS = 0.5
RETRY_SECONDS = 5.0
KEY_TTL_SECONDS = 2 * 86400  # a watch or class lasts hours; an idle key goes
ERRORS = (RedisError, OSError, asyncio.TimeoutError)


class RedisNotifier(live.Notifier):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        parts = urlsplit(url)
        self.where = f"{parts.hostname}:{parts.port or 6379}"  # for the log: never the password
        self.down_until = 0.0
        self.warned = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: Any = None
        self._listener: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def _redis(self) -> Any:
        """One client per event loop (its connections belong to the loop it first ran in)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client = redis.asyncio.Redis.from_url(
                self.url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
            )
            self._loop, self._listener = loop, None
        return self._client

    def _down(self) -> bool:
        return bool(self.down_until) and time.monotonic() < self.down_until

    def _failed(self, err: BaseException) -> None:
        self.down_until = time.monotonic() + RETRY_SECONDS
        if not self.warned:
            self.warned = True
            logger.warning(
                "counsellor pages: Redis at %s is unreachable (%s); live updates stay within each server until it "
                "is back, trying again every %.0f s",
                self.where,
                type(err).__name__,
                RETRY_SECONDS,
            )

    def _answered(self) -> None:
        self.down_until = 0.0
        if self.warned:
            self.warned = False
            logger.info("counsellor pages: Redis at %s answers again; live updates reach every server", self.where)

    def notify(self, *keys: str) -> None:
        """Count the change in Redis and tell every server; the waiting pages wake when the news arrives (after
        the count, so a woken page never reads the old version)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self._down():
            super().notify(*keys)
            return
        task = loop.create_task(self._publish(keys))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _publish(self, keys: tuple[str, ...]) -> None:
        try:
            client = self._redis()
            async with client.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.incr(PREFIX + key)
                    pipe.expire(PREFIX + key, KEY_TTL_SECONDS)
                    pipe.publish(CHANNEL, key)
                await pipe.execute()
        except ERRORS as err:
            self._failed(err)
            super().notify(*keys)
            return
        self._answered()

    async def current(self, key: str) -> int:
        if self._down():
            return self.version(key)
        try:
            value = await self._redis().get(PREFIX + key)
        except ERRORS as err:
            self._failed(err)
            return self.version(key)
        self._answered()
        return int(value or 0)

    async def wait(self, key: str, since: int, timeout: float) -> int:
        version = await self.current(key)
        if version != since:
            return version
        if not self._down():
            self._listen()
        event = self._events.setdefault(key, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        return await self.current(key)

    def _listen(self) -> None:
        self._redis()  # a new loop gets a new listener
        if self._listener is None or self._listener.done():
            self._listener = asyncio.get_running_loop().create_task(self._subscribe())

    async def _subscribe(self) -> None:
        """Wake this server's waiting pages for every change any server announces; reconnect after a failure."""
        while True:
            # Its own client: a subscriber's read waits for news as long as nobody chats, so no read timeout.
            client = redis.asyncio.Redis.from_url(self.url, socket_connect_timeout=TIMEOUT_SECONDS)
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
                self._failed(err)
                for event in list(self._events.values()):
                    event.set()  # waiting pages re-read their version (this server's own, while Redis is down)
                self._events.clear()
            finally:
                await client.close()
            await asyncio.sleep(RETRY_SECONDS)


def install() -> None:
    """Share the counsellor pages' live wake-up through Redis when KANSRIJK_REDIS_URL is set (else: in-process)."""
    url = paths.redis_url()
    if url and not isinstance(live.NOTIFIER, RedisNotifier):
        live.NOTIFIER = RedisNotifier(url)
