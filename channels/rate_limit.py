"""Token buckets for the channel edge and the counsellor's page: in this process, or in Redis across servers.

One school runs one process, and the buckets are a dictionary in it (`TokenBuckets`, no I/O). Behind a load
balancer with N servers, per-process buckets give a sender N times the limit, so with `KANSRIJK_REDIS_URL` set
(`bot.paths.redis_url()`) every bucket lives in Redis instead (`RedisBuckets`): one Lua script per take does
the same arithmetic atomically, on Redis's own clock (`TIME`, so the servers' clocks do not matter), and gives
each bucket a lifetime just past its full refill, after which a fresh bucket is the same thing and the key
may vanish.

Redis unreachable: a rate limit must not refuse users because of an outage, so the take falls back to this
process's own buckets (each server then allows the full limit, as before issue 12), a warning is logged once
per outage, Redis is tried again after `redis_link.RETRY_SECONDS`, and an info line says when it answers again.
"""

from __future__ import annotations

import logging
import math
import time
from collections import OrderedDict
from typing import Any, Protocol

from bot import paths

from .redis_link import ERRORS, RedisLink, hashed_key

logger = logging.getLogger(__name__)

PREFIX = "kansrijk:rate:"
MAX_TTL_MS = 86_400_000  # a day; only reached when the limits are off (a burst of 1e9)

# KEYS[1]: the bucket. ARGV: tokens per second, burst, lifetime in ms, and (tests and the benchmark only) the time
# in seconds instead of Redis's clock. The same steps as `TokenBuckets.allow`, in doubles like Python's floats;
# '%.17g' keeps a stored double exact (Lua's tostring keeps 14 digits).
TAKE = """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local now
if ARGV[4] then
  now = tonumber(ARGV[4])
else
  local clock = redis.call('TIME')
  now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
end
local tokens, last = burst, now
local state = redis.call('HMGET', KEYS[1], 't', 'at')
if state[1] and state[2] then
  tokens, last = tonumber(state[1]), tonumber(state[2])
end
tokens = math.min(burst, tokens + math.max(0, now - last) * rate)
local allowed = 0
if tokens >= 1.0 then
  tokens = tokens - 1.0
  allowed = 1
end
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'at', string.format('%.17g', now))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return allowed
"""


class Limiter(Protocol):
    """What the edge and the counsellor's page call: may `key` do one more thing now?"""

    async def take(self, key: str) -> bool: ...


class TokenBuckets:
    """Per-key token buckets in this process, bounded so absurd or rotating sender ids cannot grow memory."""

    def __init__(self, per_minute: float, burst: float, max_keys: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str, now: float) -> bool:
        tokens, last = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed

    async def take(self, key: str) -> bool:
        return self.allow(key, time.monotonic())


class _RedisLink(RedisLink):
    """One per process and URL, shared by every bucket set so an outage is reported once; holds the take script."""

    def __init__(self, url: str) -> None:
        super().__init__(
            url,
            "rate limits",
            "this server uses its own buckets until it is back (each server then allows the full limit)",
            "the limits are shared across servers",
            logger,
        )
        self._script: Any = None

    def new_client(self, client: Any) -> None:
        self._script = client.register_script(TAKE)

    def script(self) -> Any:
        self.client()
        return self._script


_links: dict[str, _RedisLink] = {}


def redis_key(name: str, key: str) -> str:
    """A bucket's key in Redis, the sender id or address hashed."""
    return hashed_key(f"{PREFIX}{name}:", key)


class RedisBuckets:
    """Token buckets in Redis, shared by every server on the same URL; this process's buckets while it is down."""

    def __init__(self, name: str, per_minute: float, burst: float, url: str) -> None:
        self.name = name
        self.rate = per_minute / 60.0
        self.burst = burst
        full_ms = math.ceil(burst / self.rate * 1000) + 1000 if self.rate > 0 else MAX_TTL_MS
        self.ttl_ms = min(full_ms, MAX_TTL_MS)
        self.local = TokenBuckets(per_minute, burst)
        self.link = _links.setdefault(url, _RedisLink(url))

    async def take(self, key: str, now: float | None = None) -> bool:
        """`now` (seconds) replaces Redis's clock: for the tests that compare decisions, and the benchmark."""
        link = self.link
        if link.down():
            return self.local.allow(key, time.monotonic())
        args: list[float] = [self.rate, self.burst, self.ttl_ms]
        if now is not None:
            args.append(now)
        try:
            allowed = await link.script()(keys=[redis_key(self.name, key)], args=args)
        except ERRORS as err:
            link.failed(err)
            return self.local.allow(key, time.monotonic())
        link.answered()
        return bool(allowed)


def buckets(name: str, per_minute: float, burst: float) -> TokenBuckets | RedisBuckets:
    """The buckets for one limit (`name` keeps the limits apart in Redis): in Redis when a URL is set, else here."""
    url = paths.redis_url()
    return RedisBuckets(name, per_minute, burst, url) if url else TokenBuckets(per_minute, burst)
