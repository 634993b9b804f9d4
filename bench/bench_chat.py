"""Benchmark the Kansrijk chatbot against a stock `rasa init` bot on this machine, over the REST channel.

    .venv/bin/python bench/bench_chat.py [--sequential 20] [--duration 60] [--concurrency 50] [--warmup 5]
        [--stock-dir /tmp/stockbot] [--ours-url http://127.0.0.1:5005] [--json results.json]

Bots
  stock  The moodbot made by `rasa init --no-prompt` in a fresh temporary directory and trained there (explicit
         `rasa train` if init did not produce a model), served with `rasa run` on a free loopback port (it has no
         actions, so no action server). With --stock-dir DIR an existing project in DIR that has a model under
         DIR/models is reused as is (no init, no training); if DIR is missing or has no model, the stock bot is
         created and trained in DIR and kept there, so the next run can reuse it.
  ours   `scripts/serve.sh` on free loopback ports with a fresh, empty TRACKER_DB in a temporary directory; ready
         when it prints "Kansrijk is running.". With --ours-url an already running bot is used instead (not started,
         not stopped; note that it keeps running while the stock bot is measured).

The two bots are measured one after the other (stock first), never at the same time: each one is started, measured
and stopped before the next one starts.

What is measured, per bot
  sequential   N conversations (--sequential) one message at a time, each conversation a full scripted dialogue
               with a fresh sender id; the latency of every request (POST to /webhooks/rest/webhook until the whole
               JSON reply is read).
  concurrent   C conversations (--concurrency) at once (asyncio + aiohttp); each one runs its scripted dialogue
               over and over, with a fresh sender id for every run of the script. After a warm-up (--warmup
               seconds, not counted) requests completing in the next --duration seconds are counted: requests per second
               (successful: HTTP 200 with a JSON list), latencies of those requests (p50/p95/p99), errors (non-200,
               exceptions, timeouts) and empty replies (an empty list, or no message with "text" or "custom").
  Scripts      stock: moodbot lines ("hi", "I am sad", "yes", "great", "bye", ...) in a few variants;
               ours: free text in Dutch and English (intake, interests, route, place, start, a question, a
               follow-up on an advised course).

Report: per bot sequential p50/p95, concurrent throughput and p50/p95/p99, errors, empty replies; then the ratios
ours/stock for throughput and p95 (sequential and concurrent) and whether the targets hold:
throughput ours/stock >= 1.5 and sequential p95 ours <= stock. --json writes the same figures to a file.

Every process the script starts runs in its own process group and is stopped (SIGTERM, then SIGKILL) on exit, on
errors and on Ctrl-C. Only 127.0.0.1 is used. RASA_TELEMETRY_ENABLED=false for everything it runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
RASA = VENV_BIN / "rasa"
HOST = "127.0.0.1"
READY_LINE = "Kansrijk is running."

REQUEST_TIMEOUT_S = 30.0
START_TIMEOUT_S = 600.0
INIT_TIMEOUT_S = 1800.0
STOP_GRACE_S = 20.0

THROUGHPUT_TARGET = 1.5

# Scripted conversations. Each inner list is one full dialogue; runs cycle through the variants.
STOCK_SCRIPTS: list[list[str]] = [
    ["hi", "I am sad", "yes", "great", "bye"],
    ["hello", "very sad", "yes", "I am feeling very good", "goodbye"],
    ["hey there", "I am disappointed", "indeed", "amazing", "see you later"],
    ["good morning", "I am unhappy", "of course", "I am great", "bye bye"],
]
OURS_SCRIPTS: list[list[str]] = [
    [
        "hoi",
        "ik ben 16 en zit op vmbo kader pie",
        "ik vind elektriciteit leuk",
        "bbl",
        "eindhoven",
        "zo snel mogelijk",
        "wat is bbl",
        "vertel meer over 1",
    ],
    [
        "hello",
        "I am 35 and I have no diploma",
        "I like fixing bikes and cars",
        "bbl",
        "Den Bosch",
        "as soon as possible",
        "what is bbl",
        "tell me more about 1",
    ],
    [
        "goedemiddag",
        "ik ben 17 en heb havo 3 afgerond",
        "ik wil iets met computers en netwerken",
        "bol",
        "utrecht",
        "in september",
        "wie betaalt de opleiding",
        "vertel meer over 2",
    ],
]


# ---------------------------------------------------------------------------------------------------------------
# Processes


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env["SANIC_HOST"] = HOST
    if extra:
        env.update(extra)
    return env


class Processes:
    """Every process this script starts, each in its own process group, so that stop_all() ends it with children."""

    def __init__(self) -> None:
        self._procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(
        self, name: str, cmd: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=str(cwd),
                env=child_env(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._procs.append((name, proc))
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGTERM to the process group, wait, then SIGKILL to the group."""
        pgid = proc.pid  # start_new_session: the child leads its own group
        if proc.poll() is None or _group_alive(pgid):
            _signal_group(pgid, signal.SIGTERM)
            deadline = time.monotonic() + STOP_GRACE_S
            while time.monotonic() < deadline and (proc.poll() is None or _group_alive(pgid)):
                time.sleep(0.2)
            if proc.poll() is None or _group_alive(pgid):
                _signal_group(pgid, signal.SIGKILL)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._procs = [(n, p) for n, p in self._procs if p is not proc]

    def stop_all(self) -> None:
        for _, proc in list(reversed(self._procs)):
            self.stop(proc)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def run_checked(cmd: list[str], cwd: Path, log: Path, timeout: float) -> int:
    """Run a command to completion (own process group, killed on timeout/interrupt); returns its exit code."""
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=str(cwd),
            env=child_env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as err:
            raise RuntimeError(f"{' '.join(cmd)} did not finish within {timeout:.0f} s; see {log}") from err
        finally:
            if proc.poll() is None or _group_alive(proc.pid):
                _signal_group(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=STOP_GRACE_S)
                except subprocess.TimeoutExpired:
                    pass
                _signal_group(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def http_ok(url: str, timeout: float = 2.0) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # loopback only
            return 200 <= resp.status < 300
    except Exception:
        return False


def wait_http(url: str, proc: subprocess.Popen[bytes], name: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if http_ok(url):
            return
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with code {proc.returncode}; see {log}")
        time.sleep(1.0)
    raise RuntimeError(f"{name} did not answer at {url} within {timeout:.0f} s; see {log}")


def wait_line(log: Path, line: str, proc: subprocess.Popen[bytes], name: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and line in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with code {proc.returncode}; see {log}")
        time.sleep(0.5)
    raise RuntimeError(f"{name} did not print {line!r} within {timeout:.0f} s; see {log}")


def latest_model(project: Path) -> Path | None:
    models = sorted((project / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def prepare_stock(stock_dir: Path | None, scratch: Path) -> tuple[Path, Path, float | None]:
    """Project dir, model, and init+train seconds (None when an existing model was reused)."""
    if stock_dir is not None:
        model = latest_model(stock_dir) if stock_dir.is_dir() else None
        if model is not None:
            print(f"stock: reusing {stock_dir} (model {model.name})", flush=True)
            return stock_dir, model, None
        if stock_dir.exists() and any(stock_dir.iterdir()):
            raise RuntimeError(f"--stock-dir {stock_dir} is not empty and has no models/*.tar.gz")
        project = stock_dir
    else:
        project = scratch / "stockbot"
    project.mkdir(parents=True, exist_ok=True)
    log = scratch / "stock-init.log"
    print(f"stock: rasa init --no-prompt in {project} (creates and trains the moodbot) ...", flush=True)
    started = time.monotonic()
    code = run_checked([str(RASA), "init", "--no-prompt"], project, log, INIT_TIMEOUT_S)
    model = latest_model(project)
    if model is None:
        print(f"stock: rasa init exited with {code} and no model; running rasa train ...", flush=True)
        code = run_checked([str(RASA), "train"], project, log, INIT_TIMEOUT_S)
        model = latest_model(project)
        if model is None:
            raise RuntimeError(f"rasa train exited with {code} and made no model; see {log}")
    seconds = time.monotonic() - started
    print(f"stock: init+train took {seconds:.1f} s (model {model.name})", flush=True)
    return project, model, seconds


def start_stock(procs: Processes, project: Path, model: Path, scratch: Path) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    log = scratch / "stock-run.log"
    proc = procs.start(
        "stock rasa", [str(RASA), "run", "--model", str(model), "--interface", HOST, "--port", str(port)], project, log
    )
    url = f"http://{HOST}:{port}"
    wait_http(url + "/", proc, "stock Rasa server", log, START_TIMEOUT_S)
    return url, proc


def start_ours(procs: Processes, scratch: Path) -> tuple[str, subprocess.Popen[bytes]]:
    rasa_port = free_port()
    action_port = free_port()
    while action_port == rasa_port:
        action_port = free_port()
    log = scratch / "ours-serve.log"
    env = {
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "TRACKER_DB": str(scratch / "ours-tracker.db"),
        "KANSRIJK_STATE_DB": str(scratch / "ours-state.db"),
        "KANSRIJK_RATE_LIMIT": "off",
    }
    proc = procs.start("scripts/serve.sh", ["bash", str(ROOT / "scripts" / "serve.sh")], ROOT, log, env)
    wait_line(log, READY_LINE, proc, "scripts/serve.sh", START_TIMEOUT_S)
    return f"http://{HOST}:{rasa_port}", proc


# ---------------------------------------------------------------------------------------------------------------
# Load


@dataclass
class Outcome:
    ok: bool
    empty: bool
    latency_ms: float
    error: str = ""


def is_empty_reply(body: Any) -> bool:
    if not isinstance(body, list) or not body:
        return True
    return not any(isinstance(m, dict) and (m.get("text") or m.get("custom")) for m in body)


async def send(session: aiohttp.ClientSession, url: str, sender: str, message: str) -> Outcome:
    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": message}) as resp:
            raw = await resp.read()
            elapsed = (time.perf_counter() - started) * 1000.0
            if resp.status != 200:
                return Outcome(False, False, elapsed, f"HTTP {resp.status}")
            try:
                body = json.loads(raw)
            except ValueError:
                return Outcome(False, False, elapsed, "invalid JSON")
            if not isinstance(body, list):
                return Outcome(False, False, elapsed, "reply is not a list")
            return Outcome(True, is_empty_reply(body), elapsed)
    except asyncio.TimeoutError:
        return Outcome(False, False, (time.perf_counter() - started) * 1000.0, "timeout")
    except aiohttp.ClientError as exc:
        return Outcome(False, False, (time.perf_counter() - started) * 1000.0, type(exc).__name__)


def webhook(base_url: str) -> str:
    return base_url.rstrip("/") + "/webhooks/rest/webhook"


def new_session(limit: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit), timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    )


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    requests: int = 0
    errors: int = 0
    empty: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    empty_examples: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome, message: str) -> None:
        self.requests += 1
        if not outcome.ok:
            self.errors += 1
            self.error_kinds[outcome.error] = self.error_kinds.get(outcome.error, 0) + 1
            return
        self.latencies_ms.append(outcome.latency_ms)
        if outcome.empty:
            self.empty += 1
            if len(self.empty_examples) < 5 and message not in self.empty_examples:
                self.empty_examples.append(message)


async def run_sequential(base_url: str, scripts: list[list[str]], conversations: int, tag: str) -> Tally:
    tally = Tally()
    url = webhook(base_url)
    async with new_session(1) as session:
        for i in range(conversations):
            sender = f"bench-{tag}-seq-{uuid.uuid4().hex[:12]}"
            for message in scripts[i % len(scripts)]:
                tally.add(await send(session, url, sender, message), message)
    return tally


async def run_concurrent(
    base_url: str, scripts: list[list[str]], concurrency: int, warmup_s: float, duration_s: float, tag: str
) -> tuple[Tally, float]:
    """Tally of the requests that completed within the measured window (after the warm-up); the window length."""
    tally = Tally()
    url = webhook(base_url)
    loop_start = time.perf_counter()
    window_start = loop_start + warmup_s
    window_end = window_start + duration_s

    async def conversation_worker(index: int, session: aiohttp.ClientSession) -> None:
        run = 0
        while time.perf_counter() < window_end:
            sender = f"bench-{tag}-c{index}-{run}-{uuid.uuid4().hex[:8]}"
            for message in scripts[(index + run) % len(scripts)]:
                if time.perf_counter() >= window_end:
                    return
                outcome = await send(session, url, sender, message)
                finished = time.perf_counter()
                if window_start <= finished <= window_end:
                    tally.add(outcome, message)
                if not outcome.ok and outcome.error != "timeout":
                    await asyncio.sleep(0.05)  # do not spin on a refused connection
            run += 1

    async with new_session(concurrency) as session:
        await asyncio.gather(*(conversation_worker(i, session) for i in range(concurrency)))
    return tally, duration_s


# ---------------------------------------------------------------------------------------------------------------
# Figures and report


def percentile(values: list[float], pct: float) -> float | None:
    """Linear-interpolated percentile (like numpy's default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100.0
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def figures(seq: Tally, conc: Tally, window_s: float) -> dict[str, Any]:
    return {
        "sequential": {
            "requests": seq.requests,
            "p50_ms": rounded(percentile(seq.latencies_ms, 50)),
            "p95_ms": rounded(percentile(seq.latencies_ms, 95)),
            "errors": seq.errors,
            "empty_replies": seq.empty,
            "error_kinds": seq.error_kinds,
            "empty_examples": seq.empty_examples,
        },
        "concurrent": {
            "requests_ok": len(conc.latencies_ms),
            "requests": conc.requests,
            "window_s": window_s,
            "throughput_rps": round(len(conc.latencies_ms) / window_s, 2) if window_s > 0 else None,
            "p50_ms": rounded(percentile(conc.latencies_ms, 50)),
            "p95_ms": rounded(percentile(conc.latencies_ms, 95)),
            "p99_ms": rounded(percentile(conc.latencies_ms, 99)),
            "errors": conc.errors,
            "empty_replies": conc.empty,
            "error_kinds": conc.error_kinds,
            "empty_examples": conc.empty_examples,
        },
    }


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def comparison(stock: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    tput = ratio(ours["concurrent"]["throughput_rps"], stock["concurrent"]["throughput_rps"])
    seq_p95 = ratio(ours["sequential"]["p95_ms"], stock["sequential"]["p95_ms"])
    conc_p95 = ratio(ours["concurrent"]["p95_ms"], stock["concurrent"]["p95_ms"])
    return {
        "throughput_ratio_ours_over_stock": tput,
        "sequential_p95_ratio_ours_over_stock": seq_p95,
        "concurrent_p95_ratio_ours_over_stock": conc_p95,
        "target_throughput_ratio_ge_1_5": tput is not None and tput >= THROUGHPUT_TARGET,
        "target_sequential_p95_ours_le_stock": seq_p95 is not None and seq_p95 <= 1.0,
    }


def fmt(value: Any, unit: str = "") -> str:
    return "n/a" if value is None else f"{value}{unit}"


def print_report(result: dict[str, Any]) -> None:
    cfg = result["config"]
    print()
    print("=" * 78)
    print(f"Chat benchmark: ours vs stock rasa init bot  ({time.strftime('%Y-%m-%d %H:%M:%S')})")
    print(
        f"sequential conversations: {cfg['sequential']}   concurrency: {cfg['concurrency']}   "
        f"duration: {cfg['duration_s']} s after {cfg['warmup_s']} s warm-up"
    )
    if result.get("stock_init_train_s") is not None:
        print(f"stock bot init+train: {result['stock_init_train_s']} s")
    print("-" * 78)
    header = f"{'':26}{'stock':>16}{'ours':>16}"
    print(header)
    rows = [
        ("sequential requests", "sequential", "requests", ""),
        ("sequential p50", "sequential", "p50_ms", " ms"),
        ("sequential p95", "sequential", "p95_ms", " ms"),
        ("sequential errors", "sequential", "errors", ""),
        ("sequential empty replies", "sequential", "empty_replies", ""),
        ("concurrent throughput", "concurrent", "throughput_rps", " req/s"),
        ("concurrent requests ok", "concurrent", "requests_ok", ""),
        ("concurrent p50", "concurrent", "p50_ms", " ms"),
        ("concurrent p95", "concurrent", "p95_ms", " ms"),
        ("concurrent p99", "concurrent", "p99_ms", " ms"),
        ("concurrent errors", "concurrent", "errors", ""),
        ("concurrent empty replies", "concurrent", "empty_replies", ""),
    ]
    for label, part, key, unit in rows:
        s = fmt(result["stock"][part][key], unit)
        o = fmt(result["ours"][part][key], unit)
        print(f"{label:26}{s:>16}{o:>16}")
    for bot in ("stock", "ours"):
        for part in ("sequential", "concurrent"):
            kinds = result[bot][part]["error_kinds"]
            if kinds:
                print(f"  {bot} {part} error kinds: {kinds}")
            examples = result[bot][part]["empty_examples"]
            if examples:
                print(f"  {bot} {part} empty replies e.g. to: {examples}")
    cmp_ = result["comparison"]
    print("-" * 78)
    print(f"throughput ours/stock:      {fmt(cmp_['throughput_ratio_ours_over_stock'])}")
    print(f"sequential p95 ours/stock:  {fmt(cmp_['sequential_p95_ratio_ours_over_stock'])}")
    print(f"concurrent p95 ours/stock:  {fmt(cmp_['concurrent_p95_ratio_ours_over_stock'])}")
    yes = {True: "HOLDS", False: "FAILS"}
    print(f"target throughput ratio >= {THROUGHPUT_TARGET}:   {yes[cmp_['target_throughput_ratio_ge_1_5']]}")
    print(f"target sequential p95 ours <= stock: {yes[cmp_['target_sequential_p95_ours_le_stock']]}")
    print("=" * 78, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Main


def measure(name: str, base_url: str, scripts: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    print(f"{name}: sequential, {args.sequential} conversations at {base_url} ...", flush=True)
    seq = asyncio.run(run_sequential(base_url, scripts, args.sequential, name))
    print(
        f"{name}: concurrent, {args.concurrency} conversations, {args.warmup:g} s warm-up + {args.duration:g} s ...",
        flush=True,
    )
    conc, window = asyncio.run(run_concurrent(base_url, scripts, args.concurrency, args.warmup, args.duration, name))
    return figures(seq, conc, window)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark Kansrijk against a stock `rasa init` bot (REST channel).")
    parser.add_argument("--sequential", type=int, default=20, help="sequential conversations per bot (20)")
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds of the concurrent run (60)")
    parser.add_argument("--warmup", type=float, default=5.0, help="warm-up seconds before the concurrent window (5)")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent conversations (50)")
    parser.add_argument("--stock-dir", type=Path, help="stock bot project to reuse, or to create and keep")
    parser.add_argument("--ours-url", help="base URL of an already running Kansrijk bot, e.g. http://127.0.0.1:5005")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    if args.sequential < 1 or args.concurrency < 1 or args.duration <= 0 or args.warmup < 0:
        parser.error("--sequential and --concurrency must be >= 1, --duration > 0, --warmup >= 0")
    if args.ours_url and not args.ours_url.startswith(f"http://{HOST}:"):
        parser.error(f"--ours-url must be http://{HOST}:PORT (loopback only)")
    return args


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    signal.signal(signal.SIGTERM, _raise_interrupt)
    scratch = Path(tempfile.mkdtemp(prefix="bench-chat-"))
    procs = Processes()
    keep_scratch = False
    try:
        stock_project, stock_model, init_s = prepare_stock(
            args.stock_dir.resolve() if args.stock_dir else None, scratch
        )
        print("stock: starting rasa run ...", flush=True)
        stock_url, stock_proc = start_stock(procs, stock_project, stock_model, scratch)
        stock = measure("stock", stock_url, STOCK_SCRIPTS, args)
        procs.stop(stock_proc)

        if args.ours_url:
            ours_url = args.ours_url
            if not http_ok(ours_url.rstrip("/") + "/"):
                raise RuntimeError(f"no bot answers at {ours_url}")
            ours = measure("ours", ours_url, OURS_SCRIPTS, args)
        else:
            print("ours: starting scripts/serve.sh ...", flush=True)
            ours_url, ours_proc = start_ours(procs, scratch)
            ours = measure("ours", ours_url, OURS_SCRIPTS, args)
            procs.stop(ours_proc)

        result: dict[str, Any] = {
            "config": {
                "sequential": args.sequential,
                "concurrency": args.concurrency,
                "duration_s": args.duration,
                "warmup_s": args.warmup,
                "stock_dir": str(stock_project),
                "stock_model": str(stock_model),
                "ours_url": args.ours_url,
                "cpus": os.cpu_count(),
            },
            "stock_init_train_s": rounded(init_s),
            "stock": stock,
            "ours": ours,
            "comparison": comparison(stock, ours),
        }
        print_report(result)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(result, indent=2) + "\n")
            print(f"JSON written to {args.json}")
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted; stopping everything started here", file=sys.stderr)
        keep_scratch = True
        return 130
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        keep_scratch = True
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        procs.stop_all()
        if keep_scratch:
            print(f"logs kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
