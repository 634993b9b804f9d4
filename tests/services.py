"""Throwaway real servers for tests: PostgreSQL 15 from Debian's packages, on a free loopback port in a temporary
folder, stopped and removed afterwards. Not a fake: the same server a regional deployment runs."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from botkit import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def postgres_available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def _as_owner(args: list[str], owner: str | None) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the `postgres` user then."""
    return ["runuser", "-u", owner, "--", *args] if owner else args


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A fresh cluster with database `kansrijk`; yields its SQLAlchemy URL (psycopg2)."""
    owner = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="kansrijk-pg-"))
    data, port = folder / "data", free_port()
    if owner:
        shutil.chown(folder, owner)
    subprocess.run(
        _as_owner([str(PG_BIN / "initdb"), "-D", str(data), "-U", "kansrijk", "--auth=trust", "-E", "UTF8"], owner),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} -c fsync=off"
    subprocess.run(
        _as_owner(
            [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"], owner
        ),
        check=True,
        capture_output=True,
    )
    try:
        for _ in range(50):
            if (
                subprocess.run(
                    [
                        str(PG_BIN / "pg_isready") if (PG_BIN / "pg_isready").exists() else "pg_isready",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        str(port),
                    ],
                    capture_output=True,
                ).returncode
                == 0
            ):
                break
            time.sleep(0.1)
        subprocess.run(
            _as_owner(
                [
                    str(PG_BIN / "createdb") if (PG_BIN / "createdb").exists() else "createdb",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "kansrijk",
                    "kansrijk",
                ],
                owner,
            ),
            check=True,
            capture_output=True,
        )
        yield f"postgresql://kansrijk@127.0.0.1:{port}/kansrijk"
    finally:
        subprocess.run(
            _as_owner([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], owner), capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


REDIS_SERVER = Path("/usr/bin/redis-server")


def redis_available() -> bool:
    return REDIS_SERVER.exists()


class RedisServer:
    """A throwaway Redis that a test can stop and start again on the same port: an outage and a restart."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kansrijk-redis-"))
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                str(REDIS_SERVER),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.folder),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if (
                subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout.strip()
                == b"PONG"
            ):
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """Like a crash (SIGKILL): nothing is saved, clients see their connections reset."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


@contextlib.contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A fresh Redis on a free loopback port, no persistence, that the test may stop and start."""
    server = RedisServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@contextlib.contextmanager
def redis() -> Iterator[str]:
    """A fresh Redis on a free loopback port, no persistence; yields its URL (database 0)."""
    with redis_server() as server:
        yield server.url


class PostgresServer:
    """A throwaway PostgreSQL 15 that a test can stop and start again on the same port and data folder: an
    outage, not a new database. `postgres()` above is the one-shot form."""

    def __init__(self) -> None:
        self.owner = "postgres" if os.geteuid() == 0 else None
        self.folder = Path(tempfile.mkdtemp(prefix="kansrijk-pg-"))
        self.data, self.port = self.folder / "data", free_port()
        if self.owner:
            shutil.chown(self.folder, self.owner)

    @property
    def url(self) -> str:
        return f"postgresql://kansrijk@127.0.0.1:{self.port}/kansrijk"

    def _pg(self, name: str) -> str:
        return str(PG_BIN / name) if (PG_BIN / name).exists() else name

    def _ready(self) -> bool:
        ready = [self._pg("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)]
        return subprocess.run(ready, capture_output=True).returncode == 0

    def create(self) -> None:
        """initdb, start, and create the database `kansrijk`."""
        subprocess.run(
            _as_owner(
                [self._pg("initdb"), "-D", str(self.data), "-U", "kansrijk", "--auth=trust", "-E", "UTF8"], self.owner
            ),
            check=True,
            capture_output=True,
        )
        self.start()
        createdb = [self._pg("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "kansrijk", "kansrijk"]
        subprocess.run(_as_owner(createdb, self.owner), check=True, capture_output=True)

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder} -c fsync=off"
        )
        start = [self._pg("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"]
        subprocess.run(_as_owner(start, self.owner), check=True, capture_output=True)
        for _ in range(100):
            if self._ready():
                return
            time.sleep(0.05)
        raise RuntimeError(f"PostgreSQL did not start on port {self.port}")

    def stop(self) -> None:
        """As an outage: `immediate` closes every connection at once without a checkpoint (crash recovery on start)."""
        stop = [self._pg("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
        subprocess.run(_as_owner(stop, self.owner), capture_output=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A fresh PostgreSQL with database `kansrijk` that the test may stop and start; removed afterwards."""
    server = PostgresServer()
    try:
        server.create()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
