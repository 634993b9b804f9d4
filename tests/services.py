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


@contextlib.contextmanager
def redis() -> Iterator[str]:
    """A fresh Redis on a free loopback port, no persistence; yields its URL (database 0)."""
    folder = Path(tempfile.mkdtemp(prefix="kansrijk-redis-"))
    port = free_port()
    proc = subprocess.Popen(
        [
            str(REDIS_SERVER),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(folder),
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
    try:
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG":
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"redis-server did not start on port {port}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
