"""A course as the advice engine sees it: one current technical qualification (crebo)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Course:
    crebo: str
    name: str
    level: int
    specialist: bool  # niveau 4 "specialistenopleiding": needs mbo-3 in the same field
    routes: frozenset[str]  # legally possible routes from the SBB table ("BOL", "BBL")
    dossier_code: str
    dossier_name: str
    subgroep_code: str
    technical: bool = True
