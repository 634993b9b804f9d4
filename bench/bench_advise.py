"""Benchmark advise() on a national-size catalogue: every current technical qualification at 70 schools x 5
locations, 1,000 varied profiles. Prints p50/p95/p99 in milliseconds. Target (issue 2): p95 <= 5 ms.

    .venv/bin/python bench/bench_advise.py [--profiles 1000] [--schools 70] [--locations 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.advice import advise
from bot.catalog import build as catalog_build
from bot.catalog import places, store, synthetic
from bot.paths import DATA_DIR
from bot.profile import EDUCATION, ROUTES, START_WISHES, VMBO_PROFILES, Profile

INTERESTS = [
    "lassen",
    "auto's en motoren",
    "elektriciteit",
    "zonnepanelen en warmtepompen",
    "gamen en computers",
    "coding",
    "timmeren met hout",
    "vliegtuigen",
    "schepen",
    "bouwen",
    "I like fixing bikes",
    "werken met machines",
    "proefjes in het lab",
    "schilderen",
    "wegen en bruggen",
    "",
    "sleutelen",
    "netwerken en servers",
    "airco",
    "tekenen en ontwerpen",
]


def profiles(n: int, cities: list[str], rng: random.Random) -> list[Profile]:
    out = []
    for _ in range(n):
        out.append(
            Profile(
                education=rng.choice(EDUCATION),
                vmbo_profile=rng.choice(VMBO_PROFILES),
                has_math_or_science=rng.choice([True, False, None]),
                age=rng.randint(15, 45),
                interests_text=" en ".join(rng.sample(INTERESTS, rng.randint(0, 3))),
                riasec={k: rng.random() for k in "RIC"} if rng.random() < 0.3 else {},
                route=rng.choice(ROUTES),
                place=rng.choice(cities + [None]),
                start_wish=rng.choice(START_WISHES),
                dutch_level=rng.choice([None, None, "A2", "B1", "native"]),
                language=rng.choice(["nl", "en"]),
                max_distance_km=rng.choice([None, None, 30.0, 60.0]),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--schools", type=int, default=70)
    parser.add_argument("--locations", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    gazetteer = list(places.gazetteer_places())
    cities = [str(p["name"]) for p in sorted(gazetteer, key=lambda p: -int(str(p["population"])))[:120]]
    with tempfile.TemporaryDirectory() as tmp:
        offers = Path(tmp) / "national.json"
        offers.write_text(json.dumps(synthetic.national(DATA_DIR, cities, args.schools, args.locations)))
        db = Path(tmp) / "national.db"
        t0 = time.perf_counter()
        counts = catalog_build.build(
            catalog_build.Sources(DATA_DIR, [offers], include_demo=False),
            db,
            log=open("/dev/null", "w"),
            gazetteer=lambda: gazetteer,
        )
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        cat = store.Catalog(db)
        load_s = time.perf_counter() - t0
    today = dt.date(2026, 11, 28)
    people = profiles(args.profiles, cities, rng)
    for p in people[:20]:  # warm-up: caches of the keyword index
        advise(p, cat, today)
    times, empty = [], 0
    for p in people:
        t0 = time.perf_counter()
        result = advise(p, cat, today)
        times.append((time.perf_counter() - t0) * 1000)
        empty += not result.items and not result.out_of_reach
    times.sort()
    q = statistics.quantiles(times, n=100)
    print(
        f"catalogue: {counts['offers']} offers at {len(cat.locations)} locations, {len(cat.courses)} courses "
        f"(build {build_s:.1f} s, load {load_s:.2f} s)"
    )
    print(
        f"advise() over {len(times)} profiles: p50 {q[49]:.2f} ms, p95 {q[94]:.2f} ms, p99 {q[98]:.2f} ms, "
        f"max {times[-1]:.2f} ms; profiles with no result: {empty}"
    )
    print("target p95 <= 5 ms:", "MET" if q[94] <= 5 else "NOT MET")


if __name__ == "__main__":
    main()
