"""One Redis of a multi-server set-up as one part of Kansrijk uses it: a client per event loop, and its outages.

Every use of Redis here (rate limits, the counsellor pages' live wake-up, open widgets) fails open: while Redis does
not answer, that part works within this server and Redis is tried again after `RETRY_SECONDS`. The operator sees
one warning per outage and one line when Redis answers again, never the password.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from typing import Any
from urllib.parse import urlsplit

import redis.asyncio
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0  # after a failure, Redis is left alone this long
TIMEOUT_SECONDS = 0.5  # connect and reply; Redis on the LAN answers in well under a millisecond
ERRORS = (RedisError, OSError, asyncio.TimeoutError)


def hashed_key(prefix: str, key: str) -> str:
    """A Redis key naming a sender id (a phone number on WhatsApp) or an address by its hash: Redis may be shared
    with other services and its keys are listed by anyone with access (data minimisation)."""
    return f"{prefix}{hashlib.blake2b(key.encode('utf-8'), digest_size=16).hexdigest()}"


class RedisLink:
    """`purpose` names the part in the log; `while_down` and `when_back` say what the operator should expect."""

    def __init__(self, url: str, purpose: str, while_down: str, when_back: str, log: logging.Logger = logger) -> None:
        self.url = url
        parts = urlsplit(url)
        self.where = f"{parts.hostname}:{parts.port or 6379}"  # for the log: never the password
        self.purpose, self.while_down, self.when_back, self.log = purpose, while_down, when_back, log
        self.down_until = 0.0
        self.warned = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: Any = None

    def client(self) -> Any:
        """A client belongs to the loop it first ran in (its connections do); Sanic runs one loop per worker, tests
        and benchmarks start several, so a new loop gets a new client."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client = redis.asyncio.Redis.from_url(
                self.url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
            )
            self._loop = loop
            self.new_client(self._client)
        return self._client

    def new_client(self, client: Any) -> None:
        """Called with each new client (a subclass registers its scripts)."""

    def down(self) -> bool:
        return bool(self.down_until) and time.monotonic() < self.down_until

    def failed(self, err: BaseException) -> None:
        self.down_until = time.monotonic() + RETRY_SECONDS
        if not self.warned:
            self.warned = True
            self.log.warning(
                "%s: Redis at %s is unreachable (%s); %s, trying again every %.0f s",
                self.purpose,
                self.where,
                type(err).__name__,
                self.while_down,
                RETRY_SECONDS,
            )

    def answered(self) -> None:
        self.down_until = 0.0
        if self.warned:
            self.warned = False
            self.log.info("%s: Redis at %s answers again; %s", self.purpose, self.where, self.when_back)
