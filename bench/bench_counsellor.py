"""Guided sessions under load: 30 pupils of one class chat at once while their counsellor's pages follow them live.

    .venv/bin/python bench/bench_counsellor.py [--pupils 30] [--messages 8] [--reports 40] [--json FILE]

Starts the trained bot on free loopback ports with its own stores (rate limits off: everyone is 127.0.0.1),
makes a counsellor, a class session, and 30 pupils who join it with the class code and agree to share. For every
pupil the counsellor's page is open (its long poll on /s/<watch>/live), and the class page too. All pupils then
chat the intake at the same time on the REST channel.

Live-update delay: from the moment a pupil's reply is back (the turn is over) to the moment that pupil's page
holds the new state. The long poll can come back before the REST reply does (the edge wakes the page as soon as
Rasa saved the turn), so a delay can be below zero; "from sending" adds the turn itself. Report generation: the
pupil's and the parents' report as HTML and PDF over HTTP, one after another. Targets (issue 11): live update p95
≤ 1 s with 30 pupils, report p95 ≤ 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path[1:1] = [str(ROOT), str(ROOT / "tests")]

import botkit  # noqa: E402
from bench_chat import percentile  # noqa: E402

from bot import paths  # noqa: E402
from bot.counsel import auth  # noqa: E402
from bot.counsel import store as counsel_store  # noqa: E402

PASSWORD = "bench-password-123"
SCRIPT = [
    "hoi",
    "ik zit op vmbo kader",
    "16",
    "PIE",
    "auto's en motoren repareren",
    "bbl",
    "Zwolle",
    "september",
    "vertel meer over de eerste",
    "wat verdien ik bij bbl",
]


def found(pattern: str, page: str) -> str:
    """The first group of `pattern` in a counsellor page, which must have it."""
    match = re.search(pattern, page)
    if match is None:
        raise RuntimeError(f"no {pattern!r} in the counsellor's page")
    return match.group(1)


def stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50": round(percentile(ordered, 50) or 0.0, 3),
        "p95": round(percentile(ordered, 95) or 0.0, 3),
        "max": round(ordered[-1], 3) if ordered else 0.0,
    }


async def run(base: str, state_db: Path, pupils: int, messages: int, reports: int) -> dict[str, Any]:
    accounts = counsel_store.CounselStore(counsel_store.url_for(state_db))
    accounts.add_counsellor("bench", "Bench Decaan", "counsellor", auth.hash_password(PASSWORD))
    page = f"{base}/webhooks/counsellor"
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as counsellor,
        aiohttp.ClientSession() as chat,
    ):
        await counsellor.post(f"{page}/login", data={"username": "bench", "password": PASSWORD})
        home = await (await counsellor.get(f"{page}/")).text()
        csrf = found(r'name="csrf" value="([^"]+)"', home)
        resp = await counsellor.post(f"{page}/class", data={"csrf": csrf, "name": "bench"})
        class_id = str(resp.url).rsplit("/", 1)[-1]
        code = found(r"<strong>(\d{6})</strong>", await resp.text())

        async def say(sender: str, text: str) -> float:
            async with chat.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as r:
                assert r.status == 200, await r.text()
                await r.read()
            return time.monotonic()

        senders = [f"bench-{uuid.uuid4().hex[:8]}" for _ in range(pupils)]
        for sender in senders:
            await say(sender, f"klascode {code}")
            await say(sender, "ja")
        home = await (await counsellor.get(f"{page}/")).text()
        watches = re.findall(r'href="/webhooks/counsellor/s/([\w-]+)"', home)
        assert len(watches) == pupils, (len(watches), pupils)
        # Which watch is which pupil: the watch page's own first poll tells nothing, so match by order of joining
        # (the start page lists the newest first).
        watch_of = dict(zip(senders, reversed(watches)))
        arrivals: dict[str, list[float]] = {s: [] for s in senders}
        done = asyncio.Event()

        async def follow(sender: str, watch: str) -> None:
            version = -1
            while not done.is_set():
                async with counsellor.get(f"{page}/s/{watch}/live", params={"v": str(version)}) as r:
                    body = await r.json()
                if "html" in body and version != -1:
                    arrivals[sender].append(time.monotonic())
                version = body.get("v", version)

        class_updates: list[float] = []

        async def follow_class() -> None:
            version = -1
            while not done.is_set():
                async with counsellor.get(f"{page}/c/{class_id}/live", params={"v": str(version)}) as r:
                    body = await r.json()
                if version != -1:
                    class_updates.append(time.monotonic())
                version = body.get("v", version)

        followers = [asyncio.create_task(follow(s, watch_of[s])) for s in senders] + [
            asyncio.create_task(follow_class())
        ]
        await asyncio.sleep(1.0)  # every page has its first answer and waits
        turns: dict[str, list[tuple[float, float]]] = {s: [] for s in senders}

        async def pupil(sender: str) -> None:
            for text in SCRIPT[:messages]:
                sent = time.monotonic()
                replied = await say(sender, text)
                turns[sender].append((sent, replied))
                await asyncio.sleep(1.0)  # a pupil reads the reply; the page gets its update meanwhile

        started = time.monotonic()
        await asyncio.gather(*(pupil(s) for s in senders))
        chatted = time.monotonic() - started
        await asyncio.sleep(1.0)
        done.set()
        for s in senders:  # wake the waiting polls so they see `done`
            await say(s, "bedankt")
        await asyncio.gather(*followers, return_exceptions=True)

        after_reply, after_send, missed = [], [], 0
        for sender in senders:
            seen = arrivals[sender]
            for sent, replied in turns[sender]:
                first = next((t for t in seen if t >= sent), None)
                if first is None or first > replied + 5:
                    missed += 1
                    continue
                after_reply.append(first - replied)
                after_send.append(first - sent)

        timings: dict[str, list[float]] = {"html": [], "pdf": []}
        for n in range(reports):
            watch = watches[n % len(watches)]
            for fmt in ("html", "pdf"):
                who = "parents" if n % 2 else "pupil"
                t0 = time.monotonic()
                async with counsellor.get(f"{page}/s/{watch}/report", params={"for": who, "fmt": fmt}) as r:
                    body = await r.read()
                    assert r.status == 200 and (body.startswith(b"%PDF") if fmt == "pdf" else b"<html" in body)
                timings[fmt].append(time.monotonic() - t0)
        return {
            "pupils": pupils,
            "messages_each": messages,
            "chat_seconds": round(chatted, 1),
            "turn_seconds": stats([r - s for v in turns.values() for s, r in v]),
            "live_after_reply_seconds": stats(after_reply),
            "live_after_send_seconds": stats(after_send),
            "turns_without_update": missed,
            "class_page_updates": len(class_updates),
            "report_html_seconds": stats(timings["html"]),
            "report_pdf_seconds": stats(timings["pdf"]),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pupils", type=int, default=30)
    parser.add_argument("--messages", type=int, default=8)
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kansrijk-counsel-") as tmp:
        work = Path(tmp)
        settings = botkit.write_settings(
            work / "kansrijk.yml", client_per_minute=1e9, client_burst=1e9, login_per_minute=1e9, login_burst=1e9
        )
        env = {"KANSRIJK_SETTINGS": str(settings), "KANSRIJK_RATE_LIMIT": "off"}
        with botkit.running_bot(work, paths.catalog_db(), env) as base:
            result = asyncio.run(run(base, work / "state.db", args.pupils, args.messages, args.reports))
    print(json.dumps(result, indent=2))
    live, pdf = result["live_after_reply_seconds"], result["report_pdf_seconds"]
    print(
        f"live update p50 {live['p50']:.3f} s, p95 {live['p95']:.3f} s (target p95 <= 1 s); "
        f"report PDF p50 {pdf['p50']:.3f} s, p95 {pdf['p95']:.3f} s (target p95 <= 2 s); "
        f"turns without an update: {result['turns_without_update']}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
