"""What we know about one person, as a conversation or a counsellor collects it.

Every field is optional: the advice works with what is known and says what it had to assume.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

EDUCATION = (
    "none",
    "vmbo_bb",
    "vmbo_kb",
    "vmbo_gl",
    "vmbo_tl",
    "havo",
    "vwo",
    "entree",
    "mbo2",
    "mbo3",
    "mbo4",
    "foreign",
    "mavo_old",
    "lbo_old",
    "higher",  # an hbo or university degree
)
VMBO = ("vmbo_bb", "vmbo_kb", "vmbo_gl", "vmbo_tl")
# vmbo profiles since 2016; the first five are the technical ones.
VMBO_PROFILES = ("BWI", "PIE", "MVI", "MT", "MaT", "ZW", "EO", "HBR", "DP", "GR")
TECHNICAL_VMBO_PROFILES = frozenset({"BWI", "PIE", "MVI", "MT", "MaT"})
# vmbo profiles exist since school year 2016-2017 (first exams 2018); older vmbo/mavo diplomas have sectors,
# so the profile question is only for people who can have one (../shared/research/mbo-domain.md §3).
PROFILE_MAX_AGE = 25
ADULT_AGE = 18  # the 18+ toelatingsonderzoek, vavo and EVC are for adults
ROUTES = ("bol", "bbl", "either")
START_WISHES = ("asap", "september", "february", "any")
DUTCH_LEVELS = ("A1", "A2", "B1", "B2", "C1", "native")
RIASEC_KEYS = tuple("RIASEC")


class ProfileError(ValueError):
    """A field has a value we cannot use; the message names the field and the allowed values."""


@dataclass
class Profile:
    education: str | None = None
    vmbo_profile: str | None = None
    # Did the vmbo exam package contain wiskunde or NaSk1? None = not asked yet.
    has_math_or_science: bool | None = None
    # havo/vwo: the highest year passed (3 means an overgangsbewijs to year 4); a diploma counts as the final year.
    havo_vwo_year: int | None = None
    havo_vwo_diploma: bool = False
    # vmbo: the year a pupil is in now (1-4); mbo starts after the diploma, at the end of year 4.
    vmbo_year: int | None = None
    # mbo diploma: the kwalificatiedossier or subgroep it was in, to check "same field" for specialist courses.
    mbo_dossier: str | None = None
    # old lbo/mavo diploma: subject level A-D (B is needed for level 2, C for 3 and 4).
    old_subject_level: str | None = None
    # The mbo level the person wants to reach ("door naar niveau 4"); the advice prefers that level.
    level_wish: int | None = None
    age: int | None = None
    dutch_level: str | None = None
    newcomer: bool = False
    jobseeker: bool = False
    interests_text: str = ""
    interest_tags: list[str] = field(default_factory=list)
    riasec: dict[str, float] = field(default_factory=dict)
    # Option keys the person chose in the either/or items for the undecided (bot/undecided.py), in order; the
    # advice explains itself from them ("omdat je koos voor: repareren en buiten werken").
    interest_choices: list[str] = field(default_factory=list)
    route: str = "either"
    place: str | None = None
    max_distance_km: float | None = None
    start_wish: str = "any"
    language: str = "nl"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ProfileError(f"unknown profile field(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        profile = cls(**{k: v for k, v in data.items() if v is not None})
        profile.validate()
        return profile

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def validate(self) -> None:
        _choice("education", self.education, EDUCATION)
        _choice("vmbo_profile", self.vmbo_profile, VMBO_PROFILES)
        _choice("route", self.route, ROUTES)
        _choice("start_wish", self.start_wish, START_WISHES)
        _choice("dutch_level", self.dutch_level, DUTCH_LEVELS)
        _choice("old_subject_level", self.old_subject_level, ("A", "B", "C", "D"))
        if self.age is not None and not (isinstance(self.age, int) and 10 <= self.age <= 100):
            raise ProfileError("age must be a whole number between 10 and 100")
        if self.level_wish is not None and not (isinstance(self.level_wish, int) and 1 <= self.level_wish <= 4):
            raise ProfileError("level_wish must be 1-4")
        if self.havo_vwo_year is not None and self.havo_vwo_year not in range(1, 7):
            raise ProfileError("havo_vwo_year must be 1-6")
        if self.vmbo_year is not None and self.vmbo_year not in range(1, 5):
            raise ProfileError("vmbo_year must be 1-4")
        if self.max_distance_km is not None and self.max_distance_km <= 0:
            raise ProfileError("max_distance_km must be positive")
        if not isinstance(self.riasec, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in self.riasec.values()
        ):
            raise ProfileError("riasec must map RIASEC letters to numbers")
        bad = [str(k) for k in self.riasec if k not in RIASEC_KEYS]
        if bad:
            raise ProfileError(f"riasec keys must be letters of RIASEC, found {', '.join(bad)}")
        if not (isinstance(self.interest_tags, list) and all(isinstance(t, str) for t in self.interest_tags)):
            raise ProfileError("interest_tags must be a list of words")
        if not (isinstance(self.interest_choices, list) and all(isinstance(c, str) for c in self.interest_choices)):
            raise ProfileError("interest_choices must be a list of option keys (text)")
        if not isinstance(self.interests_text, str):
            raise ProfileError("interests_text must be text")
        if self.place is not None and not isinstance(self.place, str):
            raise ProfileError("place must be text")


def _choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise ProfileError(f"{name} must be one of {', '.join(allowed)}; found {value!r}")
