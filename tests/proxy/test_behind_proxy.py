"""The README's nginx and Caddy snippets in front of the trained bot: one client limit per student, not per proxy.

One bot for all of these (started once for this module, ~1 minute): `edge.trusted_proxies: 1` as the README
says, and a client bucket of 3 that hardly refills, so a few messages show where each request was counted.
Debian's nginx (HTTPS with a self-signed certificate) and Caddy (HTTPS from its local CA) run side by side in
front of it. A student is a loopback address of its own (127.0.x.y); the bot sees only the proxy, 127.0.0.1.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from botkit import running_bot, write_settings

from .proxies import CADDY, NGINX, post, running_caddy, running_nginx

pytestmark = pytest.mark.proxy

REST = "/webhooks/rest/webhook"
BURST = 3
# Each proxy's students live in their own range, so the two proxies' tests never share a bucket.
SUBNET = {"nginx": "127.0.1", "caddy": "127.0.2"}


@dataclass(frozen=True)
class Stack:
    ports: dict[str, int]  # proxy name -> its HTTPS port
    bot_port: int
    workdir: Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory, catalog_path) -> Iterator[Stack]:
    missing = [str(p) for p in (NGINX, CADDY) if not p.exists()]
    if missing:
        pytest.skip(f"missing {', '.join(missing)}: run `make proxy`")
    workdir = tmp_path_factory.mktemp("proxied_bot")
    settings = write_settings(workdir / "kansrijk.yml", trusted_proxies=1, client_burst=BURST, client_per_minute=0.01)
    try:
        with running_bot(workdir, catalog_path, {"KANSRIJK_SETTINGS": str(settings)}) as base:
            bot_port = int(base.rsplit(":", 1)[1])
            with running_nginx(workdir, bot_port) as nginx, running_caddy(workdir, bot_port) as caddy:
                yield Stack({"nginx": nginx, "caddy": caddy}, bot_port, workdir)
    except RuntimeError as err:
        pytest.fail(f"{err} (logs in {workdir})")


def say(stack: Stack, proxy: str, student: int, headers: list[tuple[str, str]] | None = None) -> tuple[int, object]:
    """'hoi' from student number `student` behind `proxy`, as a new conversation (only the client limit applies)."""
    sender = f"proxy-{proxy}-{student}-{uuid.uuid4().hex[:8]}"
    return post(
        stack.ports[proxy],
        REST,
        {"sender": sender, "message": "hoi"},
        source=f"{SUBNET[proxy]}.{student}",
        headers=headers,
    )


def use_up(stack: Stack, proxy: str, student: int, headers: list[tuple[str, str]] | None = None) -> None:
    """The student's whole bucket, each message answered by the bot itself."""
    for _ in range(BURST):
        status, replies = say(stack, proxy, student, headers)
        assert status == 200 and isinstance(replies, list) and replies and replies[0].get("text"), replies


@pytest.mark.parametrize("proxy", ["nginx", "caddy"])
def test_two_students_behind_the_proxy_have_separate_limits(stack, proxy):
    use_up(stack, proxy, 2)
    status, replies = say(stack, proxy, 2)
    assert status == 429 and replies[0]["text"].startswith("Rustig aan")  # this student's limit ('hoi' is Dutch)
    assert say(stack, proxy, 3)[0] == 200  # another student behind the same proxy is still answered


FORGERIES = [
    [("X-Forwarded-For", "198.51.100.7")],
    [("X-Forwarded-For", "198.51.100.8, 198.51.100.9")],
    [("X-Forwarded-For", "198.51.100.10"), ("X-Forwarded-For", "198.51.100.11")],
    [("X-Real-IP", "198.51.100.12"), ("Forwarded", "for=198.51.100.13")],
]


@pytest.mark.parametrize("proxy", ["nginx", "caddy"])
def test_a_student_cannot_leave_the_limit_with_an_own_forwarded_header(stack, proxy):
    use_up(stack, proxy, 4)
    assert [say(stack, proxy, 4, forged)[0] for forged in FORGERIES] == [429] * len(FORGERIES)


@pytest.mark.parametrize("proxy", ["nginx", "caddy"])
def test_a_student_cannot_spend_another_students_limit(stack, proxy):
    victim = f"{SUBNET[proxy]}.7"
    use_up(stack, proxy, 6, [("X-Forwarded-For", victim)])  # counted as 127.0.x.6, whatever it claims
    assert say(stack, proxy, 6)[0] == 429
    assert say(stack, proxy, 7)[0] == 200


@pytest.mark.parametrize("proxy", ["nginx", "caddy"])
def test_the_snippet_forwards_the_web_widgets_socket(stack, proxy):
    status, body = post(
        stack.ports[proxy], "/socket.io/?EIO=4&transport=polling", None, source=f"{SUBNET[proxy]}.9", method="GET"
    )
    assert status == 200 and str(body).startswith("0{") and '"sid"' in str(body)  # engine.io's open packet


def test_the_bot_trusts_the_proxy_and_does_not_warn(stack):
    log = (stack.workdir / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert "trusts no proxy" not in log
