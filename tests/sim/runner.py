"""Playing simulated people against a running bot over its REST channel, a few conversations at a time.

A conversation starts with the person's opening line and ends when the bot sends the recommendations payload
(`custom.type == "recommendations"`, an empty main list included: an honest "nothing fits yet" is advice too) or
when the turn limit is reached. Per-sender rate limits of the bot under test are respected by pacing each sender
on the client (`Pace`), so the figures measure the conversation, not the limiter; a refusal (HTTP 429) that
happens anyway is waited out and retried, not counted as a turn.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from .agent import Agent
from .checks import recommendations
from .population import Person

RETRIES_AFTER_429 = 4
WAIT_AFTER_429_S = 3.0


@dataclass(frozen=True)
class Pace:
    """The bot's per-sender token bucket (kansrijk.yml edge.sender_per_minute / sender_burst), kept on the client
    with a margin. None anywhere means no pacing (a bot started with KANSRIJK_RATE_LIMIT=off)."""

    per_minute: float
    burst: float


class _Bucket:
    def __init__(self, pace: Pace) -> None:
        self.rate = pace.per_minute / 60.0 * 0.9
        self.capacity = max(1.0, pace.burst - 1)
        self.tokens, self.last = self.capacity, time.monotonic()

    def wait(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            time.sleep((1 - self.tokens) / self.rate)
            self.tokens, self.last = 1.0, time.monotonic()
        self.tokens -= 1


@dataclass
class Turn:
    user: str
    status: int
    messages: list[dict[str, Any]]
    seconds: float


@dataclass
class Conversation:
    person: Person
    sender: str
    opening: str = ""
    turns: list[Turn] = field(default_factory=list)
    payload: dict[str, Any] | None = None
    unknown: frozenset[str] = frozenset()  # facts the person answered with "weet niet"
    told: frozenset[str] = frozenset()  # facts the person said (the rest the bot never got to hear)
    choices: list[tuple[str, str]] = field(default_factory=list)
    refused: int = 0  # HTTP 429s waited out
    crash: str = ""  # an exception in the harness or the connection

    @property
    def reached(self) -> bool:
        return self.payload is not None


class RestClient:
    """POST {"sender", "message"} to the REST webhook; (status, parsed reply)."""

    def __init__(self, base_url: str, timeout: float = 90.0) -> None:
        self.url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self.timeout = timeout

    def send(self, sender: str, message: str) -> tuple[int, Any]:
        body = json.dumps({"sender": sender, "message": message}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace")


def converse(
    client: RestClient, person: Person, max_turns: int, pace: Pace | None = None, run: str = ""
) -> Conversation:
    """One person's whole conversation. Never raises: a failure ends the conversation and is recorded."""
    agent = Agent(person)
    conv = Conversation(person, f"sim-{run or uuid.uuid4().hex[:8]}-{person.pid}")
    bucket = _Bucket(pace) if pace else None
    try:
        text = conv.opening = agent.opening()
        for _ in range(max_turns):
            status, reply, took = _send(client, conv, text, bucket)
            messages = reply if isinstance(reply, list) else []
            conv.turns.append(Turn(text, status, messages, took))
            if status != 200:
                break
            payload = recommendations(messages)
            if payload is not None:
                conv.payload = payload
                break
            text = agent.reply(messages)
    except Exception as err:  # one broken conversation must not stop the run; it is reported
        conv.crash = f"{type(err).__name__}: {err}"
    conv.unknown = frozenset(agent.dont_know)
    conv.told = frozenset(agent.told - {agent.pending_correction})  # a change of mind not yet said is no fact
    conv.choices = list(agent.choices)
    return conv


def _send(client: RestClient, conv: Conversation, text: str, bucket: _Bucket | None) -> tuple[int, Any, float]:
    for attempt in range(RETRIES_AFTER_429 + 1):
        if bucket:
            bucket.wait()
        started = time.monotonic()
        status, reply = client.send(conv.sender, text)
        took = time.monotonic() - started
        if status != 429 or attempt == RETRIES_AFTER_429:
            return status, reply, took
        conv.refused += 1
        time.sleep(WAIT_AFTER_429_S)
    raise AssertionError("unreachable")


def run_all(
    base_url: str,
    people: list[Person],
    max_turns: Callable[[Person], int],
    threads: int = 4,
    pace: Pace | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Conversation]:
    """Every person's conversation, `threads` at a time; results in the order of `people`."""
    client = RestClient(base_url)
    run = uuid.uuid4().hex[:8]
    done = 0
    lock = threading.Lock()

    def one(person: Person) -> Conversation:
        nonlocal done
        conv = converse(client, person, max_turns(person), pace, run)
        with lock:
            done += 1
            if progress:
                progress(done, len(people))
        return conv

    with ThreadPoolExecutor(max(1, threads)) as pool:
        return list(pool.map(one, people))
