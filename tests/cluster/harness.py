"""Several servers behind nginx, as README "Several servers" deploys them, on free loopback ports.

A throwaway PostgreSQL and Redis (tests/services.py), ONE action server, N Rasa servers (each with
KANSRIJK_DATABASE_URL, KANSRIJK_REDIS_URL, its own KANSRIJK_INSTANCE and deploy/cluster/endpoints.yml) and nginx
running the repository's deploy/cluster/nginx.conf with only its placeholders filled in. The Rasa servers load the
model at the same time (each ~1 core for a minute on a 2-core machine: together barely longer than one).

Clients pick their address: all of 127.0.0.0/8 is this machine, so a test talks to nginx from 127.0.0.x to be
another pupil (nginx passes that address on in X-Forwarded-For, and the servers trust one proxy).
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import botkit
import services
from botkit import ROOT, free_port

NGINX = Path(shutil.which("nginx") or "/usr/sbin/nginx")
NGINX_CONF = ROOT / "deploy" / "cluster" / "nginx.conf"
CLUSTER_ENDPOINTS = "deploy/cluster/endpoints.yml"
REDIS_DELAY = 0.002  # seconds each way between the fault cluster's servers and Redis (LaggyLink)


def available() -> str | None:
    """Why the cluster cannot run here, or None."""
    if not services.postgres_available():
        return "PostgreSQL 15 is not installed (make cluster)"
    if not services.redis_available():
        return "Redis is not installed (make cluster)"
    if not NGINX.exists():
        return "nginx is not installed (make proxy)"
    if not botkit.MODEL.exists():
        return f"no trained model at {botkit.MODEL} (make model)"
    return None


def _upstreams(ports: list[int]) -> str:
    return "\n        ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in ports)


def nginx_conf(prefix: Path, listen: str, servers: list[int], action_listen: str, action_servers: list[int]) -> str:
    """deploy/cluster/nginx.conf with its placeholders filled in."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    for name, value in (
        ("@USER@", "user root;" if os.geteuid() == 0 else ""),
        ("@PREFIX@", str(prefix)),
        ("@LISTEN@", listen),
        ("@SERVERS@", _upstreams(servers)),
        ("@ACTION_LISTEN@", action_listen),
        ("@ACTION_SERVERS@", _upstreams(action_servers)),
    ):
        assert name in text, f"{NGINX_CONF} has no {name} placeholder"
        text = text.replace(name, value)
    return text


def _wait_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process stopped early (exit {proc.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port} after {seconds} s")


@dataclass
class RasaServer:
    instance: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def kill(self) -> None:
        """As a crash: SIGKILL, nothing is cleaned up."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


@dataclass
class Cluster:
    database_url: str
    redis_url: str
    nginx_port: int
    workdir: Path
    servers: list[RasaServer]
    startup_seconds: float
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def by_address(self, address: str) -> RasaServer | None:
        return next((s for s in self.servers if s.address == address), None)

    def access_log(self) -> list[tuple[str, str, str, str]]:
        """(client, request line, status, upstream addresses) of each request nginx forwarded so far."""
        pattern = re.compile(r'^(\S+) \[[^\]]*\] "([^"]*)" (\d+) \S+ "([^"]*)"$')
        rows = []
        for line in (self.workdir / "nginx" / "access.log").read_text(errors="replace").splitlines():
            match = pattern.match(line)
            if match:
                rows.append((match.group(1), match.group(2), match.group(3), match.group(4)))
        return rows


def post(port: int, path: str, body: Any, source: str = "127.0.0.1", timeout: float = 90) -> tuple[int, Any]:
    """POST JSON to 127.0.0.1:`port` from the loopback address `source` (another pupil's address)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        data = json.dumps(body).encode()
        conn.request("POST", path, body=data, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw or b"null")
        except ValueError:
            return response.status, raw.decode(errors="replace")
    finally:
        conn.close()


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@contextlib.contextmanager
def running_cluster(
    workdir: Path,
    catalog_path: Path,
    rasa_servers: int = 3,
    env: Mapping[str, str] | None = None,
    action_servers: int = 2,
) -> Iterator[Cluster]:
    """Everything started at once, waited for together; all stopped at the end (also when starting fails).
    The Rasa servers reach the `action_servers` through nginx (round robin), as README "Several servers" says.

    `env`: more variables for the action server and every Rasa server (bench/load_test.py --cluster turns the rate
    limits off with it)."""
    started = time.perf_counter()
    with services.postgres() as database_url, services.redis() as redis_url:
        settings = botkit.write_settings(workdir / "kansrijk.yml", trusted_proxies=1)
        action_ports = [free_port() for _ in range(action_servers)]
        nginx_port, actions_port = free_port(), free_port()
        common = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",
            "ACTION_PORT": str(actions_port),  # the Rasa servers call the action servers through nginx
            "KANSRIJK_CATALOG_DB": str(catalog_path),
            "KANSRIJK_SETTINGS": str(settings),
            "KANSRIJK_DATABASE_URL": database_url,
            "KANSRIJK_REDIS_URL": redis_url,
            "ENDPOINTS": "deploy/cluster/endpoints.yml",
            "SQL_POOL_SIZE": "2",
            "SQL_MAX_OVERFLOW": "2",
            **(env or {}),
        }
        procs: list[subprocess.Popen[bytes]] = []
        try:
            actions = [
                start_action_server(workdir, common, port, f"actions-{n}") for n, port in enumerate(action_ports, 1)
            ]
            procs += actions
            servers = [
                start_rasa(workdir, common, f"rasa-{n}", "deploy/cluster/endpoints.yml")
                for n in range(1, rasa_servers + 1)
            ]
            procs += [server.proc for server in servers]
            nginx, _ = start_nginx(workdir, [s.port for s in servers], action_ports, nginx_port, actions_port)
            procs.append(nginx)
            for port, proc in zip(action_ports, actions):
                botkit.wait_http(f"http://127.0.0.1:{port}/health", [proc], 120)
            for server in servers:
                botkit.wait_http(f"http://127.0.0.1:{server.port}/", [server.proc], 400)
            yield Cluster(database_url, redis_url, nginx_port, workdir, servers, time.perf_counter() - started, procs)
        finally:
            _stop(list(reversed(procs)))


# Building blocks for clusters a test may break (tests/cluster/test_faults.py); running_cluster above is the
# shared one.


def start_action_server(
    workdir: Path, env: Mapping[str, str], port: int, name: str = "actions"
) -> subprocess.Popen[bytes]:
    """`python -m rasa_sdk` on `port`, logging to workdir/<name>.log."""
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env={**env, "KANSRIJK_STATE_DB": str(workdir / f"{name}-state.db")},
        stdout=open(workdir / f"{name}.log", "w"),
        stderr=subprocess.STDOUT,
    )


def start_rasa(
    workdir: Path, env: dict[str, str], instance: str, endpoints: str, port: int | None = None
) -> RasaServer:
    """One Rasa server (not waited for) with its own KANSRIJK_INSTANCE, on `port` or a free one."""
    port, log = port or free_port(), workdir / f"{instance}.log"
    server_env = {
        **env,
        "ENDPOINTS": endpoints,
        "KANSRIJK_INSTANCE": instance,
        "RASA_PORT": str(port),
        "TRACKER_DB": str(workdir / f"{instance}-tracker.db"),
        "KANSRIJK_STATE_DB": str(workdir / f"{instance}-state.db"),
    }
    proc = subprocess.Popen(
        botkit.rasa_command(port, endpoints=endpoints),
        cwd=ROOT,
        env=server_env,
        stdout=open(log, "a"),  # a restarted server adds to its log
        stderr=subprocess.STDOUT,
    )
    return RasaServer(instance, port, proc, log)


def start_nginx(
    workdir: Path,
    ports: list[int],
    action_ports: list[int],
    nginx_port: int | None = None,
    actions_port: int | None = None,
) -> tuple[subprocess.Popen[bytes], int]:
    """nginx from deploy/cluster/nginx.conf over the Rasa servers' `ports` (and the action servers' on
    `actions_port`), in workdir/nginx; returns the process and its port."""
    prefix = workdir / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / name).mkdir(exist_ok=True)
    nginx_port = nginx_port or free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(
        nginx_conf(prefix, f"127.0.0.1:{nginx_port}", ports, f"127.0.0.1:{actions_port or free_port()}", action_ports),
        encoding="utf-8",
    )
    args = [str(NGINX), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]
    subprocess.run([*args[:5], "-t"], check=True, capture_output=True)
    nginx = subprocess.Popen(args, stdout=open(prefix / "nginx.log", "w"), stderr=subprocess.STDOUT)
    _wait_port(nginx_port, nginx)
    return nginx, nginx_port


class LaggyLink:
    """A TCP relay to a local port that holds every chunk `delay` seconds each way: Redis on another host.

    On one machine a Redis round trip takes ~0.1 ms, far less than between hosts, so a lock store whose ticket is a
    GET and then a SET (Rasa's own) almost never shows its race over HTTP here. Behind this link both lock stores
    run as they would against a Redis a few milliseconds away. A connection refused upstream (Redis stopped) closes
    the client's connection, as the real network would.
    """

    def __init__(self, target_port: int, delay: float) -> None:
        self.port = free_port()
        self.target_port = target_port
        self.delay = delay
        self._loop = asyncio.new_event_loop()
        started = threading.Event()
        threading.Thread(target=self._serve, args=(started,), daemon=True).start()
        if not started.wait(10):
            raise RuntimeError("the laggy link did not start")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                await asyncio.sleep(self.delay)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    def _serve(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        started.set()
        self._loop.run_forever()


def stock_lock_endpoints(path: Path, redis_port: int) -> Path:
    """deploy/cluster/endpoints.yml with Rasa 3.6's own `type: redis` lock store on the same Redis (its keys start
    with `lock:`, ours with `kansrijk`): the store README "Lock store" replaces, for the race probe to compare."""
    import yaml

    doc = yaml.safe_load((ROOT / "deploy" / "cluster" / "endpoints.yml").read_text(encoding="utf-8"))
    doc["lock_store"] = {"type": "redis", "url": "127.0.0.1", "port": redis_port, "db": 0}
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


@dataclass
class FaultCluster:
    """`cluster`: our servers behind nginx (deploy/cluster/endpoints.yml); `stock`: servers on Rasa's own lock
    store, not behind nginx; PostgreSQL and Redis that the test may stop and start; the action server behind a
    proxy that can hold one sender's action calls (`proxy.delays[prefix] = seconds`)."""

    cluster: Cluster
    stock: list[RasaServer]
    postgres: services.PostgresServer
    redis: services.RedisServer
    proxy: Any
    env: dict[str, str] = field(default_factory=dict)  # what every server was started with

    def restart(self, server: RasaServer) -> RasaServer:
        """A killed server started again as it was (same instance, same port: nginx's upstream), waited for."""
        again = start_rasa(self.cluster.workdir, self.env, server.instance, CLUSTER_ENDPOINTS, port=server.port)
        self.cluster.procs.append(again.proc)
        botkit.wait_http(f"http://127.0.0.1:{again.port}/", [again.proc], 500)
        self.cluster.servers[self.cluster.servers.index(server)] = again
        return again


@contextlib.contextmanager
def running_fault_cluster(
    workdir: Path,
    catalog_path: Path,
    ours: int = 3,
    stock: int = 2,
    lock_lifetime: int = 6,
    turn_timeout: float = 3,
    redis_delay: float = REDIS_DELAY,
) -> Iterator[FaultCluster]:
    """As running_cluster, plus `stock` servers on Rasa's lock store, a short TICKET_LOCK_LIFETIME and edge turn
    timeout (a killed server's ticket frees its conversation within seconds, a turn waiting for it is apologised
    for), and the databases as restartable servers. Every server reaches Redis through a LaggyLink of
    `redis_delay` seconds each way, as if Redis ran on another host."""
    from tests.reliability.stack import DelayingProxy

    started = time.perf_counter()
    with services.postgres_server() as pg, services.redis_server() as rd:
        settings = botkit.write_settings(workdir / "kansrijk.yml", trusted_proxies=1, turn_timeout_seconds=turn_timeout)
        action_port = free_port()
        proxy = DelayingProxy(action_port)
        link = LaggyLink(rd.port, redis_delay)
        common = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",
            "ACTION_PORT": str(proxy.port),  # Rasa calls the proxy, the proxy the action server
            "KANSRIJK_CATALOG_DB": str(catalog_path),
            "KANSRIJK_SETTINGS": str(settings),
            "KANSRIJK_DATABASE_URL": pg.url,
            "KANSRIJK_REDIS_URL": link.url(),
            "SQL_POOL_SIZE": "2",
            "SQL_MAX_OVERFLOW": "2",
            "TICKET_LOCK_LIFETIME": str(lock_lifetime),
        }
        procs: list[subprocess.Popen[bytes]] = []
        try:
            procs.append(start_action_server(workdir, {**common, "ACTION_PORT": str(action_port)}, action_port))
            servers = [start_rasa(workdir, common, f"rasa-{n}", CLUSTER_ENDPOINTS) for n in range(1, ours + 1)]
            stock_file = str(stock_lock_endpoints(workdir / "stock-endpoints.yml", link.port))
            stock_servers = [start_rasa(workdir, common, f"stock-{n}", stock_file) for n in range(1, stock + 1)]
            procs += [s.proc for s in servers + stock_servers]
            nginx, nginx_port = start_nginx(workdir, [s.port for s in servers], [proxy.port])
            procs.append(nginx)
            botkit.wait_http(f"http://127.0.0.1:{action_port}/health", procs[:1], 120)
            for server in servers + stock_servers:
                botkit.wait_http(f"http://127.0.0.1:{server.port}/", [server.proc], 500)
            cluster = Cluster(pg.url, rd.url, nginx_port, workdir, servers, time.perf_counter() - started, procs)
            yield FaultCluster(cluster, stock_servers, pg, rd, proxy, common)
        finally:
            _stop(list(reversed(procs)))
