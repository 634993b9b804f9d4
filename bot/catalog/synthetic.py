"""Synthetic offers in the KiesMBO export shape: the fictional demo school and benchmark catalogues.

Nothing produced here describes a real school: every school is named and flagged as fictional, and websites use
the reserved .invalid domain.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from .qualifications import Rules, build_records, load_successors

DEMO_CITIES = ("Eindhoven", "'s-Hertogenbosch", "Zwolle", "Rotterdam", "Groningen", "Utrecht", "Amersfoort")


def current_technical(data_dir: Path) -> list[dict[str, Any]]:
    records = build_records(
        data_dir / "crebo.csv", Rules.load(data_dir / "technical.yml"), load_successors(data_dir / "successors.csv")
    )
    return [r for r in records if r["technical"] and r["current_series"] and not r["superseded_by"]]


def _study(rng: random.Random, q: dict[str, Any]) -> dict[str, Any]:
    legal = set(str(q["routes"]).split(",")) & {"BOL", "BBL"} or {"BOL", "BBL"}
    if len(legal) == 2:
        roll = rng.random()
        paths = ["BOL", "BBL"] if roll < 0.6 else (["BBL"] if roll < 0.85 or q["level"] == 2 else ["BOL"])
    else:
        paths = sorted(legal)
    bbl = "BBL" in paths
    anytime = bbl and rng.random() < 0.35
    return {
        "crebo": str(q["crebo"]),
        "learningPaths": paths,
        "startingSeptember": not anytime or rng.random() < 0.7,
        "startingFebruary": rng.random() < (0.4 if bbl else 0.15),
        "startingAnytime": anytime,
        "hasNumerusFixus": q["dossier_code"] == "23375" and rng.random() < 0.5,
        "urls": [],
    }


def school(
    brin: str, name: str, cities: list[str], quals: list[dict[str, Any]], rng: random.Random, share: float
) -> dict[str, Any]:
    """One fictional school; each location offers about ``share`` of the given qualifications."""
    locations = []
    for n, city in enumerate(cities):
        offered = [q for q in quals if rng.random() < share] or quals[:1]
        locations.append(
            {
                "brinvest": f"{brin}{n:02d}",
                "name": f"{name} - locatie {city} (fictief)",
                "isMainLocation": n == 0,
                "street": "Voorbeeldstraat",
                "houseNumber": str(n + 1),
                "zipCode": "",
                "city": city,
                "province": "",
                "website": "https://voorbeeld-roc.invalid",
                "studies": [_study(rng, q) for q in offered],
                "opendays": [],
            }
        )
    return {
        "brin": brin,
        "name": name,
        "website": "https://voorbeeld-roc.invalid",
        "fictional": True,
        "locations": locations,
    }


def demo_school(data_dir: Path, seed: int = 2026) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    quals = sorted(current_technical(data_dir), key=lambda q: str(q["crebo"]))
    return [school("99ZZ", "Voorbeeld ROC (fictieve demo-school)", list(DEMO_CITIES), quals, rng, share=0.45)]


def top_up(
    schools: list[dict[str, Any]], data_dir: Path, seed: int = 2026, share: float = 0.45
) -> list[dict[str, Any]]:
    """The demo school with every current technical qualification it lacks (new in the SBB table since it was made)
    added, each at locations drawn from a random generator of its own: the demo can show every course, and adding
    one changes no other offer (a new draw of the whole school moved every start date and route the tests read)."""
    offered = {s["crebo"] for school_ in schools for loc in school_["locations"] for s in loc["studies"]}
    locations = schools[0]["locations"]
    for q in sorted(current_technical(data_dir), key=lambda q: str(q["crebo"])):
        if str(q["crebo"]) in offered:
            continue
        rng = random.Random(f"{seed}:{q['crebo']}")
        chosen = [loc for loc in locations if rng.random() < share] or [rng.choice(locations)]
        for loc in chosen:
            loc["studies"] = sorted([*loc["studies"], _study(rng, q)], key=lambda s: s["crebo"])
    return schools


def national(
    data_dir: Path, cities: list[str], schools: int = 70, locations: int = 5, seed: int = 1
) -> list[dict[str, Any]]:
    """Benchmark catalogue: every current technical qualification at every location of every school."""
    rng = random.Random(seed)
    quals = sorted(current_technical(data_dir), key=lambda q: str(q["crebo"]))
    out = []
    for s in range(schools):
        picked = [cities[(s * locations + i) % len(cities)] for i in range(locations)]
        out.append(school(f"{s:02d}XX"[-4:], f"Benchmark ROC {s} (fictief)", picked, quals, rng, share=1.0))
    return out
