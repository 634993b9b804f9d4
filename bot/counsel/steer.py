"""A counsellor's steering applied to the advice: pinned courses first, excluded ones gone, filters on route,
level, distance and start. The engine ranks as always inside what the counsellor allows."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..advice import SHORTLIST, Advice, advise, explain_course
from ..catalog.store import Catalog
from ..profile import Profile
from ..texts import text
from .store import Steering

PINNED = text("counsel.pinned")  # the first reason of a course the counsellor pinned
WATCHED = text("counsel.watching")  # said with the advice while a counsellor watches


def filtered_profile(p: Profile, steering: Steering) -> Profile:
    """The counsellor's filters as the person's own wishes (route, distance, start)."""
    return dataclasses.replace(
        p,
        route=steering.route if steering.route in ("bol", "bbl") else p.route,
        max_distance_km=float(steering.max_km) if steering.max_km else p.max_distance_km,
        start_wish=steering.start or p.start_wish,
    )


def steered_advice(p: Profile, cat: Catalog, steering: Steering, today: dt.date | None = None) -> Advice:
    if steering.empty:
        return advise(p, cat, today)
    q = filtered_profile(p, steering)
    skip = set(steering.excluded) | set(steering.pinned)
    result = advise(
        q, cat, today, allowed=lambda c: c.crebo not in skip and (steering.level is None or c.level == steering.level)
    )
    pins = []
    for crebo in steering.pinned:
        if crebo in steering.excluded or crebo not in cat.courses:
            continue
        rec = explain_course(q, cat, crebo, today)
        if rec is not None:
            rec.reasons.insert(0, PINNED)
            pins.append(rec)
    if pins:
        result.items = pins + result.items[: max(0, SHORTLIST - len(pins))]
    return result
