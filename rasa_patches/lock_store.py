"""A Redis lock store whose tickets are issued atomically, for several Rasa servers sharing one Redis.

Rasa serialises the turns of one conversation with a ticket lock: ``agent.handle_message``, the HTTP API and
reminders all run inside ``async with lock_store.lock(sender_id)``. Rasa 3.6.21's open-source
``RedisLockStore`` keeps a conversation's tickets as one JSON string and issues a ticket by GET, append, SET, with
no transaction: two servers that issue at the same moment both read the empty lock, both write ticket 0 and both
are served, so one conversation runs two turns at once (RasaHQ/rasa#9213; the fix, PR #11256, was reverted and
kept for the commercial edition). It also talks to Redis through a synchronous client, so every read and every
one-second poll blocks the server's event loop for a round trip (up to its 10 s socket timeout when Redis hangs).
``tests/lock_probe.py`` shows the race on this machine and ``bench/lock_race.py`` prints the figures (README,
"Several servers").

Configure it in endpoints.yml instead of ``type: redis``, with the same keys as Rasa's store (``url`` is a
``redis://`` / ``rediss://`` URL or, as in Rasa, the host name; ``host``, ``port``, ``db`` (default 1, as Rasa),
``username``, ``password``, ``use_ssl``, ``ssl_*``, ``key_prefix``, ``socket_timeout``)::

    lock_store:
      type: rasa_patches.lock_store.AtomicRedisLockStore
      url: ${KANSRIJK_REDIS_URL}
      key_prefix: kansrijk

How it works. One Redis hash per conversation, ``<key_prefix>:lock:tickets:<conversation id>`` (Rasa's prefix
rule; a different key from Rasa's ``lock:<id>`` so a key the stock store left behind cannot get in the way). Field
``last`` is the ticket counter; each ticket is a field ``<number>`` whose value is its expiry on Redis's clock (ms)
and a random token of the server that holds it. Three Lua scripts change it, and Redis runs a script without
anything in between, so issuing, checking and returning a ticket are each atomic:

- *issue*: drop expired tickets, ``HINCRBY last 1``, add the ticket with expiry now + lifetime, and set the key's
  TTL to the latest expiry of the tickets in it;
- *status*: drop expired tickets; the ticket is served when it is still there and no lower-numbered ticket is;
- *finish*: remove the ticket carrying this token, and delete the key when no ticket is left.

Order: first come, first served, as in Rasa: tickets are numbered in the order Redis ran the *issue* scripts, and a
ticket is served when no lower unexpired ticket exists. A waiting turn polls *status*, starting after 20 ms and
doubling up to ``wait_time_in_seconds`` (Rasa's argument, 1 s by default; Rasa itself always waits a whole
second, so the second message of a burst waits at least 1 s there).

Lifetime: Rasa's, ``TICKET_LOCK_LIFETIME`` seconds from the environment or ``DEFAULT_LOCK_LIFETIME`` (60 s), read
when the store is made (Rasa reads it once at import), counted from the moment the ticket is issued, so time spent
waiting counts, as in Rasa. A turn that holds the lock longer than the lifetime loses it: the next ticket is then
served while it still runs (as in Rasa; a turn is normally well under a second). A waiting
ticket that expires before it is served ends the wait with ``LockError``, as in Rasa.

Crash: a server killed while holding or waiting leaves its ticket behind; the others wait until it expires (at
most one lifetime) and then go on. Nothing has to clean up after it: *issue* and *status* drop expired tickets,
and the key's TTL makes Redis delete the whole hash, counter included, one lifetime after the last ticket was
issued. When the counter starts again at 1, a holder that outlived its ticket cannot remove a newer ticket with
the same number: *finish* matches the holder's token, not the number.

Clocks: expiry is computed and compared on Redis's clock only (``TIME`` inside the scripts, and key TTLs), never
on the servers' wall clocks; Rasa's store compares ``time.time()`` values written by different machines, so there
the clocks must agree. Redis 5 or newer is needed (a script that calls ``TIME`` and then writes), and one Redis
(or a Sentinel primary): Rasa's client speaks no Redis Cluster either.

Event loop: ``lock()``, the only method Rasa 3.6.21 calls, is overridden and uses ``redis.asyncio``: waiting for
Redis never blocks the server. Rasa's other ticket methods (``issue_ticket``, ``get_lock``, ``finish_serving``,
``cleanup``, ``is_someone_waiting``, ``delete_lock``) work too, on the same scripts through a synchronous client
made on first use, with a 2 s socket timeout because each call blocks its thread; ``save_lock`` is refused, since
writing a whole lock back is exactly the race. Redis unreachable when a turn starts: ``LockError`` (Rasa's
behaviour); when it ends: a warning in the log, and the ticket expires by itself.

Not a patch in ``rasa_patches.PATCHES``: it replaces no attribute of Rasa and is on exactly when endpoints.yml
names it (``type: redis`` gives Rasa's store back); ``KANSRIJK_RASA_PATCHES=off`` does not turn it off, since
that would bring the race back. It relies on how Rasa 3.6.21 uses a lock store, so making it runs the package's
version guard (``rasa_patches.check_versions``) like ``install`` does: while any patch is selected (with ``off``
there is no guard, the documented way to try another Rasa version).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis
import redis.asyncio as aioredis
from rasa.core.constants import DEFAULT_LOCK_LIFETIME
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import (
    DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX,
    DEFAULT_SOCKET_TIMEOUT_IN_SECONDS,
    LockError,
    LockStore,
)

import rasa_patches
from bot.texts import text

logger = logging.getLogger(__name__)

SYNC_SOCKET_TIMEOUT_SECONDS = 2.0  # the synchronous methods block their thread for at most this per call
FIRST_POLL_SECONDS = 0.02  # first wait before asking again whether a queued ticket is served; doubles from there
MIN_POLL_SECONDS = 0.005  # wait_time_in_seconds=0 must not turn the wait into a busy loop on Redis

# Redis's clock in ms, and the fields of KEYS[1] that are tickets, expired ones deleted. Every script starts so.
_PRELUDE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local fields = redis.call('HGETALL', KEYS[1])
local tickets = {}
for i = 1, #fields, 2 do
  if fields[i] ~= 'last' then
    local expires, token = string.match(fields[i + 1], '^(%d+):(.*)$')
    expires = tonumber(expires)
    if expires <= now then
      redis.call('HDEL', KEYS[1], fields[i])
    else
      tickets[#tickets + 1] = {tonumber(fields[i]), expires, token}
    end
  end
end
"""

# ARGV: lifetime in ms, token. Returns the new ticket's number.
_ISSUE = (
    _PRELUDE
    + """
local expires = now + tonumber(ARGV[1])
local latest = expires
for _, ticket in ipairs(tickets) do
  if ticket[2] > latest then latest = ticket[2] end
end
local number = redis.call('HINCRBY', KEYS[1], 'last', 1)
redis.call('HSET', KEYS[1], number, string.format('%d', expires) .. ':' .. ARGV[2])
redis.call('PEXPIRE', KEYS[1], latest - now)
return number
"""
)

# ARGV: number, token. Returns {state, tickets ahead, ms left}; state 1 served, 0 waiting, -1 ticket gone.
_STATUS = (
    _PRELUDE
    + """
local number = tonumber(ARGV[1])
local left = -1
local ahead = 0
for _, ticket in ipairs(tickets) do
  if ticket[1] == number and ticket[3] == ARGV[2] then left = ticket[2] - now end
  if ticket[1] < number then ahead = ahead + 1 end
end
if left < 0 then return {-1, ahead, 0} end
if ahead > 0 then return {0, ahead, left} end
return {1, 0, left}
"""
)

# ARGV: token. Removes that ticket; deletes the key when no ticket is left. Returns the tickets left.
_FINISH = (
    _PRELUDE
    + """
local left = 0
for _, ticket in ipairs(tickets) do
  if ticket[3] == ARGV[1] then
    redis.call('HDEL', KEYS[1], ticket[1])
  else
    left = left + 1
  end
end
if left == 0 then redis.call('DEL', KEYS[1]) end
return left
"""
)

# No ARGV. Returns {now, number, expires, number, expires, ...} of the unexpired tickets.
_SNAPSHOT = (
    _PRELUDE
    + """
local out = {now}
for _, ticket in ipairs(tickets) do
  out[#out + 1] = ticket[1]
  out[#out + 1] = ticket[2]
end
return out
"""
)


def lock_lifetime_from_environment() -> float:
    """Rasa's rule (``rasa.core.lock_store._get_lock_lifetime``), read now rather than at import."""
    return int(os.environ.get("TICKET_LOCK_LIFETIME", 0)) or DEFAULT_LOCK_LIFETIME


class AtomicRedisLockStore(LockStore):
    """Rasa's ticket lock in Redis with every ticket operation one atomic Lua script (module docstring)."""

    def __init__(self, endpoint_config: Any = None, **settings: Any) -> None:
        """Made by Rasa as ``AtomicRedisLockStore(endpoint_config=...)`` from endpoints.yml, or with keywords.

        An unknown key in endpoints.yml is a ``TypeError`` when the server starts, as with Rasa's store.
        """
        if rasa_patches.selected():
            rasa_patches.check_versions()
        if endpoint_config is not None:
            settings = {"url": endpoint_config.url, **endpoint_config.kwargs, **settings}
        self._configure(**settings)
        self._async: tuple[asyncio.AbstractEventLoop, aioredis.Redis] | None = None
        self._sync: redis.Redis | None = None
        self._tokens: dict[tuple[str, int], str] = {}  # tickets issued by the synchronous issue_ticket
        super().__init__()

    def _configure(
        self,
        url: str | None = None,
        host: str = "localhost",
        port: int = 6379,
        db: int | None = None,
        username: str | None = None,
        password: str | None = None,
        use_ssl: bool = False,
        ssl_certfile: str | None = None,
        ssl_keyfile: str | None = None,
        ssl_ca_certs: str | None = None,
        key_prefix: str | None = None,
        socket_timeout: float = DEFAULT_SOCKET_TIMEOUT_IN_SECONDS,
        lock_lifetime: float | None = None,
    ) -> None:
        """Rasa's ``RedisLockStore`` keys, plus ``url`` as a redis:// URL (its database and password count then)."""
        self.lock_lifetime = float(lock_lifetime) if lock_lifetime else lock_lifetime_from_environment()
        self.key_prefix = DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
        if key_prefix:
            if not (isinstance(key_prefix, str) and key_prefix.isalnum()):
                # Rasa only logs a warning and uses the default: servers that disagree would not share locks.
                said = text("preflight.lock_store_key_prefix", prefix=key_prefix)
                raise ValueError(f"{said.nl}\n{said.en}")
            self.key_prefix = f"{key_prefix}:{DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX}"
        options: dict[str, Any] = {"socket_timeout": float(socket_timeout)}
        if username is not None:
            options["username"] = username
        if password is not None:
            options["password"] = password
        if use_ssl:
            options.update(ssl=True, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, ssl_ca_certs=ssl_ca_certs)
        self._url = url if url and "://" in url else None
        if self._url is None:
            options.update(host=url or host, port=int(port), db=1 if db is None else int(db))
        elif db is not None:
            options["db"] = int(db)  # used when the URL names no database
        self._options = options

    # Clients and scripts --------------------------------------------------------------------------------------

    def _async_client(self) -> aioredis.Redis:
        """One client per event loop: a redis.asyncio connection belongs to the loop it was opened on."""
        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            if self._url:
                client = aioredis.Redis.from_url(self._url, **self._options)
            else:
                client = aioredis.Redis(**self._options)
            self._async = (loop, client)
        return self._async[1]

    def _sync_client(self) -> redis.Redis:
        if self._sync is None:
            options = dict(
                self._options, socket_timeout=min(self._options["socket_timeout"], SYNC_SOCKET_TIMEOUT_SECONDS)
            )
            self._sync = redis.Redis.from_url(self._url, **options) if self._url else redis.Redis(**options)
        return self._sync

    def key(self, conversation_id: str) -> str:
        """The Redis hash holding the tickets of one conversation."""
        return f"{self.key_prefix}tickets:{conversation_id}"

    @staticmethod
    def _new_token() -> str:
        return secrets.token_hex(8)

    # What Rasa calls ----------------------------------------------------------------------------------------------

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float | None = None,
        wait_time_in_seconds: float = 1,
    ) -> AsyncIterator[TicketLock]:
        """Hold the conversation's lock for the block: a ticket, then wait until it is served (Rasa's contract)."""
        lifetime = self.lock_lifetime if lock_lifetime is None else float(lock_lifetime)
        client = self._async_client()
        key = self.key(conversation_id)
        token = self._new_token()
        try:
            number = int(await client.eval(_ISSUE, 1, key, int(lifetime * 1000), token))
        except (redis.RedisError, OSError) as error:
            await self._finish_quietly(client, conversation_id, token)  # the script may have run before the error
            raise LockError(f"Error while acquiring lock. Error:\n{type(error).__name__}") from error
        try:
            yield await self._wait(client, conversation_id, number, token, wait_time_in_seconds)
        finally:
            # Shielded: a turn cancelled (client gone) while returning its ticket still returns it.
            await asyncio.shield(self._finish_quietly(client, conversation_id, token))

    async def _wait(
        self, client: aioredis.Redis, conversation_id: str, number: int, token: str, wait_time_in_seconds: float
    ) -> TicketLock:
        wait_time_in_seconds = max(wait_time_in_seconds, MIN_POLL_SECONDS)
        delay = min(FIRST_POLL_SECONDS, wait_time_in_seconds)
        while True:
            try:
                state, ahead, left_ms = await client.eval(_STATUS, 1, self.key(conversation_id), number, token)
            except (redis.RedisError, OSError) as error:
                raise LockError(f"Error while acquiring lock. Error:\n{type(error).__name__}") from error
            if state == 1:
                logger.debug(f"Acquired lock for conversation '{conversation_id}'.")
                expires = time.time() + int(left_ms) / 1000
                return TicketLock(conversation_id, deque([Ticket(number, expires)]))
            if state == -1:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            logger.debug(
                f"Lock for conversation '{conversation_id}': {ahead} item(s) ahead; retrying in {delay:.2f} s."
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, wait_time_in_seconds)

    async def _finish_quietly(self, client: aioredis.Redis, conversation_id: str, token: str) -> None:
        try:
            await client.eval(_FINISH, 1, self.key(conversation_id), token)
        except (redis.RedisError, OSError) as error:
            logger.warning(
                f"Could not return the lock ticket of conversation '{conversation_id}' ({type(error).__name__}); "
                f"it expires by itself within {self.lock_lifetime:g} s."
            )

    # Rasa's synchronous ticket methods (not called by Rasa 3.6.21; kept working and atomic) ------------------------

    def issue_ticket(self, conversation_id: str, lock_lifetime: float | None = None) -> int:
        lifetime = self.lock_lifetime if lock_lifetime is None else float(lock_lifetime)
        token = self._new_token()
        try:
            number = int(self._sync_client().eval(_ISSUE, 1, self.key(conversation_id), int(lifetime * 1000), token))
        except (redis.RedisError, OSError) as error:
            raise LockError(f"Error while acquiring lock. Error:\n{type(error).__name__}") from error
        self._tokens[(conversation_id, number)] = token
        return number

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The unexpired tickets, with expiry moved from Redis's clock to this machine's (Rasa's ``TicketLock``)."""
        now_ms, *flat = self._sync_client().eval(_SNAPSHOT, 1, self.key(conversation_id))
        if not flat:
            return None
        here = time.time()
        tickets = [Ticket(int(flat[i]), here + (int(flat[i + 1]) - int(now_ms)) / 1000) for i in range(0, len(flat), 2)]
        return TicketLock(conversation_id, deque(sorted(tickets, key=lambda t: t.number)))

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("AtomicRedisLockStore changes tickets one at a time; a whole lock is never written")

    def update_lock(self, conversation_id: str) -> None:
        """Nothing to do: the scripts drop expired tickets themselves."""

    def delete_lock(self, conversation_id: str) -> None:
        self._log_deletion(conversation_id, bool(self._sync_client().delete(self.key(conversation_id))))

    def is_someone_waiting(self, conversation_id: str) -> bool:
        return self.get_lock(conversation_id) is not None

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Return a ticket this store issued (by its token); the key goes when no ticket is left."""
        token = self._tokens.pop((conversation_id, ticket_number), None)
        if token is not None:
            self._sync_client().eval(_FINISH, 1, self.key(conversation_id), token)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)
