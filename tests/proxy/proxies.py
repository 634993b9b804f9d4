"""Debian's nginx and Caddy, each run with the README's snippet on free loopback ports, and clients behind them.

The snippets are read out of README.md ("First, a public HTTPS address"); a test only fills in its own ports, a
self-signed certificate for nginx and a local one for Caddy (both for `kansrijk.school.nl`, so the host name in the
snippet stays as it is). Clients get different addresses by connecting from different loopback addresses
(127.0.0.2, 127.0.0.3, ...): all of 127.0.0.0/8 is this machine on Linux.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from botkit import ROOT, free_port

NGINX = Path(shutil.which("nginx") or "/usr/sbin/nginx")
CADDY = Path(shutil.which("caddy") or "/usr/bin/caddy")
HOST = "kansrijk.school.nl"  # as in the README's snippets
README_PORT = "127.0.0.1:5005"  # where the snippets send requests: the bot's default address


def readme_snippet(language: str) -> str:
    """The first ```<language> block after "First, a public HTTPS address" in README.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("**First, a public HTTPS address.**")
    match = re.compile(rf"^```{re.escape(language)}\n(.*?)^```$", re.M | re.S).search(text, start)
    assert match, f"README.md has no ```{language} block after 'First, a public HTTPS address'"
    return match.group(1)


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"the README snippet no longer contains {old!r}: update tests/proxy/proxies.py"
    return text.replace(old, new)


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate and key for HOST (openssl, part of every Debian)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={HOST}",
            "-addext",
            f"subjectAltName=DNS:{HOST}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_site(bot_port: int, port: int, cert: Path, key: Path) -> str:
    """The README's nginx snippet, listening on 127.0.0.1:`port` (IPv4 only) in front of the bot on `bot_port`."""
    site = readme_snippet("nginx")
    site = _replace(site, "listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
    site = _replace(site, "    listen [::]:443 ssl;\n", "")
    site = _replace(site, f"http://{README_PORT};", f"http://127.0.0.1:{bot_port};")
    site = _replace(site, f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(cert))
    site = _replace(site, f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(key))
    return site


def caddy_file(bot_port: int, port: int, storage: Path) -> str:
    """The README's Caddyfile on 127.0.0.1:`port`, with a certificate from Caddy's own local CA (no ACME here)."""
    site = readme_snippet("caddyfile")
    site = _replace(site, f"{HOST} {{", f"{HOST}:{port} {{")
    site = _replace(site, README_PORT, f"127.0.0.1:{bot_port}")
    globals_ = (
        f"{{\n\tadmin off\n\tlocal_certs\n\tskip_install_trust\n"
        f"\tauto_https disable_redirects\n\tdefault_bind 127.0.0.1\n\tstorage file_system {storage}\n}}\n\n"
    )
    return globals_ + site


def _wait_port(port: int, proc: subprocess.Popen, log: Path, seconds: float = 20) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the proxy stopped (exit {proc.returncode}): {log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"the proxy did not listen on {port} within {seconds} s")


@contextlib.contextmanager
def _running(args: list[str], port: int, log: Path, env: Mapping[str, str] | None = None) -> Iterator[int]:
    with open(log, "w") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    try:
        _wait_port(port, proc, log)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def running_nginx(workdir: Path, bot_port: int) -> Iterator[int]:
    """nginx in the foreground with a temporary prefix: the README's site, nothing of /etc/nginx. Yields its port."""
    prefix = workdir / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed(prefix)
    port = free_port()
    temp = "\n".join(
        f"    {name}_temp_path {prefix / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = prefix / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # workers as root need no access to the temp prefix granted
        + f"worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} info;\n"
        f"events {{ worker_connections 256; }}\n"
        f"http {{\n    access_log {prefix / 'access.log'};\n{temp}\n\n{nginx_site(bot_port, port, cert, key)}}}\n",
        encoding="utf-8",
    )
    subprocess.run(
        [str(NGINX), "-t", "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], check=True, capture_output=True
    )
    with _running([str(NGINX), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], port, prefix / "nginx.log"):
        yield port


@contextlib.contextmanager
def running_caddy(workdir: Path, bot_port: int) -> Iterator[int]:
    """`caddy run` with the README's Caddyfile, its state in `workdir`. Yields its port."""
    home = workdir / "caddy"
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    caddyfile = home / "Caddyfile"
    caddyfile.write_text(caddy_file(bot_port, port, home / "storage"), encoding="utf-8")
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    with _running(
        [str(CADDY), "run", "--config", str(caddyfile), "--adapter", "caddyfile"], port, home / "caddy.log", env
    ):
        yield port


class _Connection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 from a chosen loopback address, with HOST as the TLS server name (SNI)."""

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(sock, server_hostname=HOST)  # type: ignore[attr-defined]


def post(
    port: int,
    path: str,
    body: Any,
    source: str = "127.0.0.1",
    headers: Mapping[str, str] | list[tuple[str, str]] | None = None,
    tls: bool = True,
    method: str = "POST",
) -> tuple[int, Any]:
    """POST JSON (or GET, body None) from the loopback address `source`; `headers` may repeat a name as pairs."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's own certificates
        conn: http.client.HTTPConnection = _Connection(
            HOST, port, timeout=60, source_address=(source, 0), context=context
        )
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", HOST)
        for name, value in headers.items() if isinstance(headers, Mapping) else headers or []:
            conn.putheader(name, value)
        data = b"" if body is None else json.dumps(body).encode()
        if body is not None:
            conn.putheader("Content-Type", "application/json")
            conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data or None)
        response = conn.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw or b"null")
        except ValueError:
            return response.status, raw.decode(errors="replace")
    finally:
        conn.close()
