"""Which client a request counts for, without the trained bot: the setting, Sanic's reading of the proxy headers,
the edge's buckets over real HTTP (the REST channel on a small Sanic app), the warning and the start-up check."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from botkit import free_port, write_settings
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from sanic.request import Request
from test_settings import load  # tests/ is on the path, as for botkit

from bot import preflight, settings
from bot.i18n import Text
from bot.journal import Journal
from bot.settings import EdgeSettings, Settings
from channels import edge as edge_module
from channels.edge import Edge, client_address, trust_proxies
from channels.rest import KansrijkRest

from .proxies import NGINX, post, readme_snippet, running_nginx

REST = "/webhooks/rest/webhook"


@pytest.fixture(autouse=True)
def fresh_warning(monkeypatch):
    monkeypatch.setattr(edge_module._ProxyWarning, "given", False)


# --- the setting ---------------------------------------------------------------------------------------------


def test_no_proxy_is_trusted_by_default_and_the_shipped_file_says_so():
    shipped = yaml.safe_load((Path(__file__).parents[2] / "kansrijk.yml").read_text(encoding="utf-8"))["edge"]
    assert shipped["trusted_proxies"] == 0 and shipped["real_ip_header"] == ""
    assert not EdgeSettings().behind_proxy and not settings.load().edge.behind_proxy


def test_the_setting_takes_a_proxy_count_or_a_header_name(tmp_path):
    assert load(tmp_path, "edge:\n  trusted_proxies: 1\n").edge.trusted_proxies == 1
    assert load(tmp_path, "edge:\n  trusted_proxies: 2\n").edge.behind_proxy
    assert load(tmp_path, "edge:\n  real_ip_header: X-Real-IP\n").edge.real_ip_header == "X-Real-IP"
    assert not load(tmp_path, "edge:\n  trusted_proxies: 0\n  real_ip_header: ''\n").edge.behind_proxy


def test_a_fractional_rate_is_kept_not_cut_to_a_whole_number(tmp_path):
    """The proxy tests lower the client bucket to a rate below one a minute; it used to become 0 and be refused."""
    edge = load(tmp_path, "edge:\n  client_per_minute: 0.01\n  turn_timeout_seconds: 9.5\n").edge
    assert edge.client_per_minute == 0.01 and edge.turn_timeout_seconds == 9.5


@pytest.mark.parametrize("value", ["-1", "6", "one", "true", "1.5"])
def test_a_proxy_count_that_is_no_small_whole_number_is_refused(tmp_path, value):
    with pytest.raises(ValueError, match="trusted_proxies"):
        load(tmp_path, f"edge:\n  trusted_proxies: {value}\n")


@pytest.mark.parametrize("value", ["'X Real IP'", "'X-Real-IP: 1.2.3.4'", "'X_Real_IP'"])
def test_a_header_that_is_no_header_name_is_refused(tmp_path, value):
    with pytest.raises(ValueError, match="real_ip_header"):
        load(tmp_path, f"edge:\n  real_ip_header: {value}\n")


def test_a_count_and_a_header_together_are_refused(tmp_path):
    with pytest.raises(ValueError, match="not both"):
        load(tmp_path, "edge:\n  trusted_proxies: 1\n  real_ip_header: X-Real-IP\n")


# --- Sanic's reading of the headers, as the edge configures it ----------------------------------------------


def sanic_app(config: EdgeSettings) -> Sanic:
    app = Sanic(f"proxy_test_{uuid.uuid4().hex}")
    trust_proxies(app.config, config)
    return app


def request(app: Sanic, peer: str, headers: list[tuple[str, str]] | None = None) -> Request:
    req = Request(REST.encode(), headers or [], "1.1", "POST", None, app)  # type: ignore[arg-type]
    req.conn_info = type("Conn", (), {"client_ip": peer})()  # type: ignore[assignment]
    return req


FORGED = [("X-Forwarded-For", "6.6.6.6"), ("X-Real-IP", "6.6.6.7"), ("Forwarded", "for=6.6.6.8;secret=x;by=x")]


def test_without_a_trusted_proxy_no_header_chooses_the_client():
    app = sanic_app(EdgeSettings())
    assert client_address(request(app, "203.0.113.9", FORGED)) == "203.0.113.9"
    assert client_address(request(app, "127.0.0.1", FORGED)) == "127.0.0.1"


def test_the_setting_overrides_sanics_own_environment_variables(monkeypatch):
    """SANIC_* variables are read when the app is made; kansrijk.yml is applied after, and wins (preflight refuses
    them)."""
    monkeypatch.setenv("SANIC_PROXIES_COUNT", "1")
    monkeypatch.setenv("SANIC_REAL_IP_HEADER", "X-Real-IP")
    monkeypatch.setenv("SANIC_FORWARDED_SECRET", "x")
    app = sanic_app(EdgeSettings())
    assert (app.config.PROXIES_COUNT, app.config.REAL_IP_HEADER, app.config.FORWARDED_SECRET) == (0, None, None)
    assert client_address(request(app, "127.0.0.1", FORGED)) == "127.0.0.1"


def test_one_trusted_proxy_takes_the_address_it_appended():
    app = sanic_app(EdgeSettings(trusted_proxies=1))
    assert client_address(request(app, "127.0.0.1", [("X-Forwarded-For", "198.51.100.4")])) == "198.51.100.4"
    # what the client wrote in front of it (one header or several) is not believed
    forged = [("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", "7.7.7.7, 198.51.100.4")]
    assert client_address(request(app, "127.0.0.1", forged)) == "198.51.100.4"
    assert client_address(request(app, "127.0.0.1", [("X-Real-IP", "6.6.6.7")])) == "127.0.0.1"
    assert client_address(request(app, "127.0.0.1")) == "127.0.0.1"  # straight to the bot, on this machine
    assert client_address(request(app, "127.0.0.1", [("X-Forwarded-For", "2001:db8::5")])) == "[2001:db8::5]"


def test_two_trusted_proxies_take_the_address_the_outer_one_appended():
    app = sanic_app(EdgeSettings(trusted_proxies=2))
    headers = [("X-Forwarded-For", "6.6.6.6, 198.51.100.4, 10.0.0.2")]
    assert client_address(request(app, "127.0.0.1", headers)) == "198.51.100.4"


def test_a_real_ip_header_is_believed_and_only_that_one():
    app = sanic_app(EdgeSettings(real_ip_header="X-Real-IP"))
    assert client_address(request(app, "127.0.0.1", [("x-real-ip", "198.51.100.4"), *FORGED[:1]])) == "198.51.100.4"
    assert client_address(request(app, "127.0.0.1", [("X-Forwarded-For", "6.6.6.6")])) == "127.0.0.1"


def test_forwarded_requests_while_no_proxy_is_trusted_are_reported_once(caplog):
    untrusted, trusted = sanic_app(EdgeSettings()), sanic_app(EdgeSettings(trusted_proxies=1))
    with caplog.at_level(logging.WARNING, logger="channels.edge"):
        client_address(request(trusted, "127.0.0.1", FORGED))
        client_address(request(untrusted, "127.0.0.1"))
        assert not caplog.records
        for peer in ("127.0.0.1", "127.0.0.1", "192.0.2.1"):  # the proxy here, again, a proxy on another machine
            client_address(request(untrusted, peer, [("X-Forwarded-For", "198.51.100.4")]))
    assert len(caplog.records) == 1
    text = caplog.records[0].getMessage()
    assert "requests from 127.0.0.1 carry X-Forwarded-For but kansrijk.yml trusts no proxy" in text
    assert "edge.trusted_proxies: 1" in text


# --- the REST channel over real HTTP, with a stand-in for Rasa --------------------------------------------------


async def reply_ok(message: UserMessage) -> None:
    await message.output_channel.send_response(message.sender_id, {"text": "ok"})


@contextlib.contextmanager
def rest_server(tmp_path: Path, config: EdgeSettings) -> Iterator[tuple[int, Sanic]]:
    """The REST channel's blueprint on its own Sanic app (as `rasa run` registers it), the edge made from `config`."""
    edge = Edge(config, Journal(tmp_path / "state.db"))
    previous, Edge._shared = Edge._shared, edge
    # Sanic rewrites some of its own methods at the first start (TouchUp); in test mode it keeps the originals, so
    # that a second app in this process can start too.
    test_mode, Sanic.test_mode = Sanic.test_mode, True
    app = Sanic(f"proxy_rest_{uuid.uuid4().hex}")
    app.blueprint(KansrijkRest().blueprint(reply_ok), url_prefix="/webhooks/rest")
    port, loop, ready = free_port(), asyncio.new_event_loop(), threading.Event()
    state: dict[str, Any] = {}

    async def serve() -> None:
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
        await server.startup()
        await server.before_start()
        await server.after_start()
        state["server"], state["task"] = server, asyncio.current_task()
        ready.set()
        await server.serve_forever()

    def run() -> None:
        asyncio.set_event_loop(loop)
        with contextlib.suppress(asyncio.CancelledError):
            loop.run_until_complete(serve())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert ready.wait(20), "the Sanic test server did not start"
        yield port, app
    finally:
        server = state.get("server")
        if server is not None:

            async def stop() -> None:
                state["task"].cancel()
                server.close()

            asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        thread.join(10)
        Edge._shared, Sanic.test_mode = previous, test_mode


def message(i: int) -> dict[str, str]:
    return {"sender": f"proxy-unit-{uuid.uuid4().hex[:8]}-{i}", "message": "hoi"}  # a new sender: only the client limit


def test_the_channel_applies_the_setting_to_the_app_it_is_registered_on(tmp_path):
    with rest_server(tmp_path, EdgeSettings(trusted_proxies=1)) as (_, app):
        assert app.config.PROXIES_COUNT == 1 and app.config.REAL_IP_HEADER is None
    with rest_server(tmp_path, EdgeSettings(real_ip_header="X-Real-IP")) as (_, app):
        assert not app.config.PROXIES_COUNT and app.config.REAL_IP_HEADER == "X-Real-IP"


def test_a_client_cannot_choose_its_bucket_with_a_forged_header_when_no_proxy_is_trusted(tmp_path):
    with rest_server(tmp_path, EdgeSettings(client_burst=3, client_per_minute=0.01)) as (port, _):
        statuses = [
            post(
                port,
                REST,
                message(i),
                headers=[("X-Forwarded-For", f"10.1.0.{i}"), ("X-Real-IP", f"10.2.0.{i}")],
                tls=False,
            )[0]
            for i in range(5)
        ]
        assert statuses == [200, 200, 200, 429, 429]
        assert post(port, REST, message(9), source="127.0.0.9", tls=False)[0] == 200  # another address: its own


def test_with_a_trusted_proxy_the_forwarded_address_is_the_bucket(tmp_path):
    with rest_server(tmp_path, EdgeSettings(client_burst=2, client_per_minute=0.01, trusted_proxies=1)) as (port, _):
        first = [
            post(port, REST, message(i), headers=[("X-Forwarded-For", "6.6.6.6, 198.51.100.1")], tls=False)[0]
            for i in range(3)
        ]
        other = post(port, REST, message(3), headers=[("X-Forwarded-For", "198.51.100.1, 198.51.100.2")], tls=False)[0]
        assert first == [200, 200, 429] and other == 200


@pytest.mark.skipif(not NGINX.exists(), reason="needs Debian's nginx: `make proxy`")
def test_the_defect_behind_nginx_without_the_setting_one_bucket_for_all_and_a_warning(tmp_path, caplog):
    """What the issue found: the README's nginx in front, no proxy trusted, so everyone is 127.0.0.1."""
    with (
        rest_server(tmp_path, EdgeSettings(client_burst=2, client_per_minute=0.01)) as (bot_port, _),
        running_nginx(tmp_path, bot_port) as port,
        caplog.at_level(logging.WARNING, logger="channels.edge"),
    ):
        statuses = [post(port, REST, message(i), source=f"127.0.0.{20 + i}")[0] for i in range(3)]
    assert statuses == [200, 200, 429]  # three students on three addresses, one shared bucket
    warnings = [r.getMessage() for r in caplog.records if "trusts no proxy" in r.getMessage()]
    assert len(warnings) == 1 and "requests from 127.0.0.1" in warnings[0]


# --- the start-up check -----------------------------------------------------------------------------------------

DEMO = Settings("ROC Echt", False, Text("balie", "desk"), EdgeSettings(allowed_origins=("https://www.roc-echt.nl",)))
BEHIND = dataclasses.replace(DEMO, edge=dataclasses.replace(DEMO.edge, trusted_proxies=1))


def site(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / "sites" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path.parent / "*")


@pytest.mark.parametrize("language", ["nginx", "caddyfile"])
def test_the_readmes_proxy_without_the_setting_is_found(tmp_path, language):
    pattern = site(tmp_path, language, readme_snippet(language))
    problem = preflight.verify_proxy({}, DEMO, [pattern])
    assert problem is not None and "edge.trusted_proxies: 1" in problem.text.en and language in problem.text.en
    assert "edge.trusted_proxies: 1" in problem.text.nl
    assert preflight.verify_proxy({}, BEHIND, [pattern]) is None
    assert preflight.verify_proxy({"RASA_PORT": "5006"}, DEMO, [pattern]) is None  # forwards to another port


@pytest.mark.parametrize(
    "text",
    [
        "# proxy_pass http://127.0.0.1:5005;\n",
        "proxy_pass http://127.0.0.1:50055;\n",
        "reverse_proxy 10.0.0.4:5005\n",
        "listen 80; # was proxy_pass http://localhost:5005\n",
    ],
)
def test_other_proxy_lines_are_not_taken_for_the_bot(tmp_path, text):
    assert preflight.verify_proxy({}, DEMO, [site(tmp_path, "other", text)]) is None


@pytest.mark.parametrize(
    "line", ["proxy_pass http://localhost:5005;", "server [::1]:5005;", "reverse_proxy :5005", "  to 127.0.0.1:5005"]
)
def test_other_spellings_of_the_bots_address_are_found(tmp_path, line):
    assert preflight.verify_proxy({}, DEMO, [site(tmp_path, "k", line + "\n")]) is not None


def test_sanics_own_proxy_variables_are_refused():
    text = " ".join(p.text.en for p in preflight.check({"SANIC_PROXIES_COUNT": "1", "SANIC_REAL_IP_HEADER": "X"}, DEMO))
    assert "SANIC_PROXIES_COUNT is set" in text and "SANIC_REAL_IP_HEADER is set" in text
    assert preflight.check({}, DEMO) == []


def test_production_refuses_to_start_and_development_warns(tmp_path, monkeypatch, capsys):
    model = tmp_path / "kansrijk.tar.gz"
    model.write_bytes(b"m")
    preflight.write_model_digest(model)
    config = write_settings(tmp_path / "kansrijk.yml", allowed_origins=["https://www.roc-echt.nl"])
    doc = yaml.safe_load(config.read_text(encoding="utf-8"))
    doc["school"] = {**doc["school"], "name": "ROC Echt", "fictional": False}  # production's other checks pass
    config.write_text(yaml.safe_dump(doc), encoding="utf-8")
    monkeypatch.setenv("KANSRIJK_SETTINGS", str(config))
    monkeypatch.setenv("KANSRIJK_PROXY_CONFIGS", site(tmp_path, "kansrijk", readme_snippet("nginx")))
    monkeypatch.delenv("RASA_PORT", raising=False)
    settings.load.cache_clear()
    try:
        monkeypatch.setenv("KANSRIJK_PROFILE", "production")
        assert preflight.main(["--model", str(model)]) == 1
        err = capsys.readouterr().err
        assert "trusts no proxy" in err and "vertrouwt geen proxy" in err and "will not start" in err
        monkeypatch.setenv("KANSRIJK_PROFILE", "development")
        assert preflight.main(["--model", str(model)]) == 0
        err = capsys.readouterr().err
        assert "warning" in err and "trusts no proxy" in err and "will not start" not in err
        doc["edge"]["trusted_proxies"] = 1
        config.write_text(yaml.safe_dump(doc), encoding="utf-8")
        settings.load.cache_clear()
        monkeypatch.setenv("KANSRIJK_PROFILE", "production")
        assert preflight.main(["--model", str(model)]) == 0
        assert "proxy" not in capsys.readouterr().err
    finally:
        settings.load.cache_clear()
