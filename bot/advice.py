"""The advice engine: a ranked, explained shortlist of technical MBO courses for one person.

Ranking mixes three things and says which is which: how well the work fits the person's interests, how much
the labour market asks for it (with source), and how practical it is (route, start moment, distance).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import admission as adm
from . import catchup, facts, learned, roles, undecided
from .catalog.store import ANY, BBL, BOL, FEB, FIXUS, SEPT, Catalog, KansOpWerk, Place, Signal
from .courses import Course
from .docindex import GENERIC, STOP, DocIndex, PhraseIndex
from .geo import EARTH_RADIUS_KM
from .i18n import LANGUAGES, Text
from .profile import ADULT_AGE, VMBO, Profile
from .scope import KIESMBO
from .textmatch import APART, Reading, listed_parts, parse_keyword, tokens, told_apart
from .texts import each, family, fill, series, text
from .understand import school_year
from .understand.message import fold
from .understand.past_work import told_as_work, work_clauses

SHORTLIST = 5  # courses the person can enter (or may, after a school check)
OUT_OF_REACH = 3  # courses shown only with their catch-up route
CANDIDATES = 40  # courses whose offers are examined, after scoring fit and demand
OFFERS_PER_COURSE = 3
# Editorial: how much farther an offer that starts any time may be than the nearest one to be shown first for "as
# soon as possible" (a newcomer in Rotterdam got Zwolle, 128 km, to start two months before the school in his town).
ASAP_DETOUR_KM = 30.0
SCHOOL_YEAR_STARTS = 8  # a Dutch school year runs from August (month 8) to July
W_FIT, W_DEMAND, W_PRACTICAL = 0.75, 0.15, 0.1
W_ENTREE = 0.3  # an Entree course comes after the others for someone who can start at level 2 or higher
# A havo or vwo pupil who tells nothing they like sees level 4 first: a havo pupil in year 5 got five level-2
# courses, sorted by prospects (with havo one starts at level 4)
W_SCHOOL_LEVEL = 0.1
OWN_TRADE_FIT = 0.3  # ... and of a liking typed beside a level wish, when it fits that trade this much (0-1)
# An office course (work planner, draughtsman) of the trade someone worked in, when they wish to draw, plan or lead the
# work: "tien jaar lasser ..., nu op kantoor de productie voorbereiden" got the wood industry's work planners first.
# bench/relevance.py, 0.3-1.0 tried (2026-12-07): NDCG@5 all 0.8487 -> 0.8492 at 0.6, as at 1.0; fresh6 +0.001
W_OWN_OFFICE = 0.6
# ... and office courses come this much after hands-on ones when the text names no office work at all ("water pipes and
# sewers under the street" got the mid-level civil engineer first). 0.1-0.2 tried: NDCG@5 all +0.0001 at 0.1 (fresh2
# +0.0015, fresh4 -0.0007), English +0.0004; 0.2 cost Dutch 0.0004
W_OFFICE_UNASKED = 0.1
W_STEP_BACK = 1.0  # a level at or under one's mbo diploma, for who asks for a level above it
DIPLOMA_LEVELS = {"mbo2": 2, "mbo3": 3}  # the mbo diplomas with a level above them
W_LEVEL_WISH = 0.3  # a stated level wish ("door naar niveau 4") lifts courses of that level (0.15 left a monteur
# course first for "monteur niveau 2 gehaald, ik wil door naar niveau 4"; 0.5 filled the list with unrelated courses)
# and puts courses two or more levels under it this much lower: the level between is a step on the way, a level-2
# course is no way to level 4 (the vocabulary lifted the level-2 electrician above the level-4 ones for an mbo-2
# graduate who wished level 4). The wished level's courses of the work named get it three times: the words of the
# vocabulary also describe the level-2 electrician best, and two of five were level 4 for "iets met elektriciteit".
# Weight of the course's own name and description beside the curated keywords: BM25, scaled so that the best
# described course gets all of it. Unscaled (weight 0.15 on raw BM25), one word in an Entree name ("elektro" in
# "Assistent metaal-, elektro- en installatietechniek") outweighed every electrician course. Chosen on the
# development and held-out halves (bench/relevance.py: held-out NDCG@5 0.757 -> 0.768; 0.15-0.75 tried).
W_WORDS = 0.45
# A course whose name says a role (machinist, monteur, spuiter, tekenaar, uitvoerder, verkoper) none of which the
# person named ("I wanna drive excavators": not the mechanic) scores this much less (bot/roles.py). 0.15-0.6 measured
# with bench/relevance.py: all sets +0.001-0.002 NDCG@5 at 0.3, fit on 0 491 -> 497; 0.6 loses hit@3.
W_ROLE = 0.3
# A course that answers several items of a list of interests ("vissen, boten en met metaal werken": the ship metal
# worker, not the zinc roofer) scores this much more per item beyond the first. Chosen on the development sets
# (bench/relevance.py, 0.1-0.3 tried): NDCG@5 dev2 0.724 -> 0.738, dev 0.870 -> 0.872, held-out 0.815 -> 0.816,
# fresh 0.836 -> 0.834; the blind sets, read after: fresh2 0.819 -> 0.821, fresh3 0.787 -> 0.790.
W_COVER = 0.2
# What people call each course's work (data/catalog/vocabulary/, written blind from the SBB names and descriptions):
# a phrase found whole in the text is evidence beside the curated keywords, in the fit and in the order. Chosen on the
# development sets (bench/relevance.py, W_VOCAB 0-0.8 and W_VOCAB_ORDER 0-0.4 tried): NDCG@5 fresh 0.819 -> 0.827,
# development 0.872 -> 0.875, held-out 0.807 -> 0.808; the blind set fresh2, read after: 0.795 -> 0.806.
W_VOCAB = 0.3
W_VOCAB_ORDER = 0.2
# A word the person typed in the qualification's own name ("auto's en motoren": Motorfietstechnicus; "beton, staal en
# bruggen": Betonstaalvlechter) orders the courses related to what they like (fit >= NAME_FIT), as a decaan reads
# the names. Chosen on the development sets (bench/relevance.py, 0.05-0.45 tried; words of 5 or more letters, their
# first 6 in the name): NDCG@5 all development sets 0.818 -> 0.820 (held-out 0.811 -> 0.814, fresh 0.830 -> 0.833, dev2
# 0.714 -> 0.717, dev 0.872 -> 0.871), fit on 0 498 -> 488. Not for the Entree courses, whose names list whole fields
# ("Assistent metaal-, elektro- en installatietechniek")
W_NAME = 0.3
NAME_MIN, NAME_STEM = 5, 6
NAME_FIT = 0.3  # the fit a course needs for its name to count (FIT_RELATED below has this value for the heading)
# The phrases' evidence is scaled to the best course's, but at least to this much: one rare word alone (weight 5.6,
# "elektriciteit" in the level-2 electrician's list) is about half the evidence of a few phrases, not all of it.
VOCAB_FULL = 10.0
CLAIM_MIN = 0.3  # evidence the best course needs before any course may say "fits what you like" (see _fit)
CLAIM_SHARE = 0.7  # ... and it must be at least this share of the best course's evidence
W_EXAMPLES_UNMATCHED = 0.7  # how much the courses given to texts like it count when no keyword matched (0-1)
W_EXAMPLES_GENERIC = 0.8  # ... and when only words that name no field matched ("iets met computers denk ik")
W_SAME_AREA = 0.3  # fit of an unmatched course in the same field of work as the best match
W_RELATED = 0.6  # fit of an unmatched course per unit of word similarity to a matched course (see _related)
# Within the work found, the order: how strongly the curated keywords, the course's own description and its
# likeness to the best matched courses say it is that work, beside the fit above (which keeps only the strongest of
# them). Fitted by pairwise logistic regression on the development half of bench/relevance.py, then halved
# (bench/fit_order.py fits them again and prints the figures): at full weight more courses graded 0 showed a fit
# claim and a stated level wish fell behind the work. NDCG@5 development 0.834 -> 0.868, held-out 0.778 -> 0.801.
# The description's weight went from 0.20 to 0.45 when the vocabulary's words joined the description search
# (_doc_text): NDCG@5 on the non-blind sets 0.818 -> 0.824, chosen on them (2026-12-06).
# keyed, described, related, beside the best, given to similar texts: the columns of order_terms
W_ORDER = np.array([0.53, 0.45, 0.40, 0.30, 0.30])
BESIDE_BEST = 0.9  # the fit (1 = the best) of the matches whose neighbours order_terms' last column lifts
OTHER_FIRST = 0.8  # with a non-technical field named, weaker technical evidence than this is no fit claim
# A course under it that claims no fit is unrelated to what the person likes: in bench/relevance.py's development
# sets 453 of 523 such courses shown under "these fit you" were graded wrong (2026-12-05); the heading then says the
# best fits come first (Advice.fits_all). (From 0.3 to 0.4 1,000 of 1,379, but there the same field: "programming" ->
# Medewerker ICT support)
FIT_RELATED = 0.3
FIT_SHOWN = 0.5  # the first course's fit (1 = the best match) for the list to be called "fits you" (see Advice.fits)
MIN_NAMED_WEIGHT = 0.2  # beside a non-technical field, two technical words this strong make it technical
W_SENIORITY = 0.2  # per level from 3, for matched courses, when the text asks for more of a trade or a first step
W_OWN_TRADE = 0.5  # the next level of the trade of one's mbo diploma, for who names nothing they like (see _own_trade)
W_BRIDGE = 1.0  # a technical field that shares something with a non-technical interest comes first ...
W_NOT_WISHED = 0.3  # ... and technical words beside a non-technical wish (a past job) count this much of their fit
NATIONAL_ONLY = text("advice.demand.national_only")
# What the advice could read in the person's interests (the heading and notes follow it):
TECHNICAL, NONTECHNICAL, UNMATCHED, UNTOLD = "technical", "nontechnical", "unmatched", "untold"
# Admission rules the advice names on every course they apply to (issue: the wiskunde/NaSk1 switch rule).
NAMED_RULES = frozenset({"switch_math_science", "dutch_level_entree"})

# Editorial: the fields a technical vmbo profile prepares for, by the profile's own name (Bouwen, wonen en interieur;
# Produceren, installeren en energie; Mobiliteit en transport; Media, vormgeving en ICT), as keywords of
# data/catalog/interests.yml. They order the list for a pupil who could not say what they like, and claim no fit.
# (Maritiem en techniek is left out: no maritime dossier is in the catalogue.)
VMBO_PROFILE_FIELDS: dict[str, tuple[str, ...]] = {
    "BWI": ("bouwen", "hout", "afbouw"),
    "PIE": ("installeren", "elektriciteit", "metaal"),
    "MT": ("auto", "voertuigen"),
    "MVI": ("computer",),
}

# Month names in every language, January first (the counsellor's report uses them too).
_MONTH_NAMES = family("advice.month")
MONTHS: tuple[Text, ...] = tuple(
    _MONTH_NAMES[m]
    for m in (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    )
)
MONTHS_NL = tuple(m.nl for m in MONTHS)
MONTHS_EN = tuple(m.en for m in MONTHS)

# Texts of the advice, read once: advise() runs within a few milliseconds (bench/bench_advise.py).
START_ANYTIME = text("advice.start.anytime")
START_MONTH = text("advice.start.month_year")
CHANCE_OF_WORK = text("advice.demand.chance_of_work")
NATIONAL_FIGURE = text("advice.demand.national")
NOTE_UNKNOWN_PLACE = text("advice.note.unknown_place")
NOTE_AFTER_VMBO = text("advice.note.after_vmbo")
NOTE_AFTER_VMBO_AGE = text("advice.note.after_vmbo_age")
NOTE_AFTER_SCHOOL_AGE = text("advice.note.after_school_age")
NOTE_AFTER_HAVO_3 = text("advice.note.after_havo_3")
NOTE_CHOOSE_PROFILE = text("advice.note.choose_profile")  # the switch rule (admission.py), before it applies
NOTE_BBL_AT_15 = text("advice.note.bbl_at_15")
NOTE_OTHER_WISHES = text("advice.note.other_wishes")
WISH_START = text("advice.note.wish.start")
WISH_AND = text("advice.note.wish.and")
WISH_SAY = {  # what to type to let the wishes go, read by the intake as "either" and "any"
    ("route",): text("advice.note.wish.say_route"),
    ("start",): text("advice.note.wish.say_start"),
    ("route", "start"): text("advice.note.wish.say_both"),
}
INTEREST_UNTOLD = text("advice.interest.untold")
INTEREST_BY_VMBO_PROFILE = text("advice.interest.by_vmbo_profile")
INTEREST_UNMATCHED = text("advice.interest.unmatched")
INTEREST_UNMATCHED_BY_PROFILE = text("advice.interest.unmatched_by_profile")
INTEREST_DESCRIBED = text("advice.interest.described")
INTEREST_AND = text("advice.interest.and")
INTEREST_WHERE = text("advice.interest.where")
INTEREST_ALSO_NOT_TECHNICAL = text("advice.interest.also_not_technical")
INTEREST_REST_BELOW = text("advice.interest.rest_below")
INTEREST_MATCH_LATER = text("advice.interest.match_later")
INTEREST_NOT_TECHNICAL = text("advice.interest.not_technical")
INTEREST_SWITCH = text("advice.interest.switch")
INTEREST_THEN_SWITCH = text("advice.interest.then_switch")
INTEREST_THEN_RELATED = text("advice.interest.then_related")
INTEREST_THEN_RELATED_LATER = text("advice.interest.then_related_later")
INTEREST_THEN_PROSPECTS = text("advice.interest.then_prospects")
REASON_FITS = text("advice.reason.fits")
REASON_FITS_WORK = text("advice.reason.fits_work")
REASON_RELATED = text("advice.reason.related")
REASON_EXPERIENCE = text("advice.reason.experience")
REASON_OWN_TRADE = text("advice.reason.own_trade")
NOTE_OWN_TRADE = text("advice.note.own_trade")
REASON_LEVEL_OPEN = text("advice.reason.level_open")
REASON_LEVEL_CHECK = text("advice.reason.level_check")
REASON_LEVEL_CLOSED = text("advice.reason.level_closed")
REASON_LEVEL_WISH = text("advice.reason.level_wish")
REASON_BBL = text("advice.reason.bbl")
REASON_START_ANYTIME = text("advice.reason.start_anytime")
REASON_START_WISH = text("advice.reason.start_wish")
REASON_NEAREST = text("advice.reason.nearest")
REASON_STRONG_DEMAND = text("advice.reason.strong_demand")
DISTANCE_KM = text("advice.distance.km")
DISTANCE_HERE = text("advice.distance.here")


@dataclass(frozen=True)
class NextStart:
    kind: str  # "anytime", "february" or "september"
    date: dt.date  # first possible day we can name; for a month start, the first of that month
    label: Text


@dataclass(frozen=True)
class OfferChoice:
    school: str
    location: str
    city: str
    fictional: bool
    routes: tuple[str, ...]
    next_start: NextStart
    distance_km: float | None
    numerus_fixus: bool
    url: str


@dataclass(frozen=True)
class Demand:
    strength: int  # 0-2 (see data/catalog/demand/signals.yml); -2..2 when kans op werk is known
    text: Text
    source: str
    date: str

    def cited(self, lang: str) -> str:
        """The signal as the user reads it: "text [source, date]"."""
        return f"{self.text.get(lang)} [{self.source}, {self.date}]"


@dataclass
class Recommendation:
    course: Course
    score: float
    fit: float
    demand: Demand | None
    decision: adm.Decision
    reasons: list[Text] = field(default_factory=list)
    offers: list[OfferChoice] = field(default_factory=list)
    catch_up: list[catchup.CatchUpRoute] = field(default_factory=list)
    summary: Text | None = None
    fit_words: tuple[str, ...] = ()  # the person's interest words this course was matched on (its fit claim)
    # words of the person's that the course's keywords share without naming its work ("buiten", "repareren"): said
    # as "has to do with", so a list ordered by them does not stand without a reason under "these fit you"
    related_words: tuple[str, ...] = ()
    bridge: Text | None = None  # why it shares something with a non-technical interest (not a fit claim)

    @property
    def routes(self) -> tuple[str, ...]:
        found = {r for o in self.offers for r in o.routes}
        return tuple(r for r in ("BOL", "BBL") if r in found)


@dataclass
class Advice:
    profile: Profile
    items: list[Recommendation]
    out_of_reach: list[Recommendation]
    notes: list[Text]
    costs: list[facts.Fact]
    place: Place | None
    interest_state: str = UNTOLD

    @property
    def technical(self) -> bool:
        """Whether the person named technical work: the list is ordered by it, also when what fits is out of reach."""
        return self.interest_state == TECHNICAL

    @property
    def fits(self) -> bool:
        """Whether the list was chosen by what the person likes (else by prospects and what they can enter): not when
        what fits is out of reach and the courses open now are only remotely related. Measured with
        bench/relevance.py: a first course under FIT_SHOWN was a wrong one in 77 of 100 runs, above it in 115 of 1,508.
        """
        return _list_fits(self.interest_state, self.items)

    @property
    def fits_all(self) -> bool:
        """Whether every course shown claims to fit or is related to what fits (FIT_RELATED): a newcomer's car course
        stood above three Entree courses of other fields under "these courses fit you"."""
        return self.fits and all(r.fit_words or r.fit >= FIT_RELATED for r in self.items)

    @property
    def claims_fit(self) -> bool:
        """Whether a course shown says it fits what the person likes (not only that it has to do with it): "iets met
        elektra of installaties" got "Deze opleidingen passen bij je" above five "Heeft te maken met" lines. The
        choices of the undecided say what they chose ("Omdat je koos voor: installaties"), which is what fits."""
        return bool(self.profile.interest_choices) or any(r.fit_words for r in self.items)

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        lang = lang or self.profile.language
        return {
            "type": "recommendations",
            "items": [_item_dict(r, lang) for r in self.items],
            "out_of_reach": [_item_dict(r, lang) for r in self.out_of_reach],
            "notes": [n.get(lang) for n in self.notes],
            "costs": [{"text": f.text.get(lang), "source": f.source} for f in self.costs],
            "place": self.place.name if self.place else None,
            "interest_state": self.interest_state,
            "fits": self.fits,
            "fits_all": self.fits_all,
            "claims_fit": self.claims_fit,
        }


def _item_dict(r: Recommendation, lang: str) -> dict[str, Any]:
    first = r.offers[0] if r.offers else None
    return {
        "crebo": r.course.crebo,
        "name": r.course.name,
        "level": r.course.level,
        "routes": list(r.routes),
        "next_start": first.next_start.label.get(lang) if first else None,
        "next_start_date": first.next_start.date.isoformat() if first else None,
        "location": (f"{first.school}, {first.city}" if first else None),
        "fictional_school": first.fictional if first else False,
        "distance_km": round(first.distance_km, 1) if first and first.distance_km is not None else None,
        "reasons": [t.get(lang) for t in r.reasons],
        "demand": (
            {"text": r.demand.text.get(lang), "source": r.demand.source, "date": r.demand.date} if r.demand else None
        ),
        "admission": r.decision.status,
        "admission_reasons": [
            {"rule": x.rule, "text": x.text.get(lang), "source": x.source} for x in r.decision.reasons
        ],
        "catch_up": [c.as_dict(lang) for c in r.catch_up],
        "offers": [
            {
                "school": o.school,
                "location": o.location,
                "city": o.city,
                "fictional": o.fictional,
                "routes": list(o.routes),
                "next_start": o.next_start.label.get(lang),
                "next_start_date": o.next_start.date.isoformat(),
                "distance_km": round(o.distance_km, 1) if o.distance_km is not None else None,
                "numerus_fixus": o.numerus_fixus,
                "url": o.url,
            }
            for o in r.offers
        ],
        "summary": r.summary.get(lang) if r.summary else None,
        "score": round(r.score, 3),
    }


# --- start dates ----------------------------------------------------------------------------------------------
def next_month_start(today: dt.date, month: int) -> dt.date:
    year = today.year if (today.month, today.day) <= (month, 1) else today.year + 1
    return dt.date(year, month, 1)


def school_done(p: Profile, today: dt.date) -> dt.date | None:
    """The first of September after a pupil's vmbo diploma (the end of year 4), for a pupil who said their year; for
    a havo/vwo pupil before year 4, after the pass from year 3 to 4 (admission.havo_vwo_pupil_below_3)."""
    this_school_year_ends = today.year + (1 if today.month >= SCHOOL_YEAR_STARTS else 0)
    if adm.havo_vwo_pupil_below_3(p):
        in_year = (p.havo_vwo_year or 0) + 1
        return dt.date(this_school_year_ends + adm.HAVO_VWO_OPEN_AFTER - in_year, 9, 1)
    if p.vmbo_year is None and vmbo_pupil_by_age(p):
        return dt.date(this_school_year_ends, 9, 1)  # the earliest: the year is not known, it may be the last
    if p.vmbo_year is None or (p.age is not None and p.age >= ADULT_AGE):
        return None
    return dt.date(this_school_year_ends + school_year.FINAL_YEAR - p.vmbo_year, 9, 1)


def vmbo_pupil_by_age(p: Profile) -> bool:
    """A 15-year-old with a vmbo education, or who left the school question open, and did not say their year: still
    at school, most likely. Starts from "zo snel mogelijk" were next month's, while the pupil can start after the
    diploma only."""
    return (
        (p.education in VMBO or p.education is None)
        and p.vmbo_year is None
        and p.age is not None
        and p.age <= school_year.PUPIL_MAX_AGE
    )


@dataclass(frozen=True)
class _StartFrom:
    """The first day a start can be: today, or for a pupil the September after school (computed once per advice)."""

    day: dt.date
    after_school: bool

    @staticmethod
    def of(p: Profile, today: dt.date) -> _StartFrom:
        done = school_done(p, today)
        return _StartFrom(done or today, done is not None)


_MONTH_STARTS = ((FEB, 2, "february"), (SEPT, 9, "september"))  # offer flag, month, kind of start
_WISHED_MONTH = {kind: month for _, month, kind in _MONTH_STARTS}


def next_start(flags: int, today: dt.date, wish: str, after_school: bool = False) -> NextStart | None:
    """The earliest start this offer allows that fits the wish; month precision, as KiesMBO gives it.

    ``after_school``: ``today`` is the September after a pupil's diploma, so an "any moment" offer is a September
    start too (no "start at any moment" reason beside "Start: september 2029")."""
    options: list[NextStart] = []
    if flags & ANY:
        if after_school:
            options.append(NextStart("september", today, _month_label(today.month, today.year)))
        elif wish in _WISHED_MONTH:  # who wants September reads "Start: september 2027", not "op elk moment"
            day = next_month_start(today, _WISHED_MONTH[wish])
            options.append(NextStart(wish, day, _month_label(day.month, day.year)))
        else:
            options.append(NextStart("anytime", today, START_ANYTIME))
    for bit, month, kind in _MONTH_STARTS:
        if flags & bit and wish in ("any", "asap", kind):
            day = next_month_start(today, month)
            options.append(NextStart(kind, day, _month_label(month, day.year)))
    return min(options, key=lambda s: s.date) if options else None


@lru_cache(maxsize=64)
def _month_label(month: int, year: int) -> Text:
    """The label of a month start ("september 2027") in every language."""
    return fill(START_MONTH, month=MONTHS[month - 1], year=year)


# --- scoring ---------------------------------------------------------------------------------------------------
def _riasec_vector(code: str | None) -> NDArray[Any]:
    vec = np.zeros(6)
    for weight, letter in zip((3.0, 2.0, 1.0), code or ""):
        vec["RIASEC".index(letter)] = weight
    return vec


def _read_interests(cat: Catalog, p: Profile) -> Reading:
    return cat.keywords.read_wish(APART.join(filter(None, [p.interests_text, *p.interest_tags])), p.language)


def _interest_words(reading: Reading) -> dict[str, dict[str, float]]:
    """Per interest profile key: the curated keywords the person's words matched, with their weight."""
    words: dict[str, dict[str, float]] = {}
    for m in reading.matches:
        words.setdefault(m.key, {})[m.keyword] = m.weight
    return words


def _demand(cat: Catalog, course: Course, region: str | None) -> Demand | None:
    for area in (region, "Nederland"):
        kans: KansOpWerk | None = cat.kans.get((course.crebo, area)) if area else None
        if kans:
            return Demand(
                kans.score, CHANCE_OF_WORK.format(region=kans.region, label=kans.label), kans.source, kans.date
            )
    signals: list[Signal] = cat.signals_for(course)
    if not signals:
        return None
    best = signals[0]
    text = best.text
    if best in cat.technical_signals:  # say plainly that no figure for this field exists
        text = fill(NATIONAL_FIGURE, national_only=NATIONAL_ONLY, figure=text)
    return Demand(best.strength, text, best.source, best.date)


@dataclass
class _Static:
    """Per-catalogue data that does not depend on the person; computed once per catalogue."""

    courses: list[Course]
    index: dict[str, int]
    profile_keys: list[str]
    has_override: list[bool]
    by_profile: dict[str, list[int]]
    riasec: NDArray[Any]  # unit RIASEC vector per course (zeros when unknown)
    demand: list[Demand | None]
    demand_score: NDArray[Any]
    summaries: list[Text | None]
    offer_course: NDArray[Any]  # all offers of all courses, flattened: course index, location index, flags
    offer_loc: NDArray[Any]
    offer_flags: NDArray[Any]
    levels: NDArray[Any]
    group_course: NDArray[Any]  # course index of each non-empty offer group, and where each group starts
    group_start: NDArray[Any]
    areas: NDArray[Any]  # the field of work (interest profile area) of each course
    docs: dict[str, DocIndex]  # per language: each course's name and description, to tell courses apart
    vocab: dict[str, PhraseIndex]  # per language: what people call each course's work (data/catalog/vocabulary)
    dossiers: NDArray[Any]
    crebos: NDArray[Any]
    related: NDArray[Any]  # course x course: how often graders name them together, else how much their words share
    roles: list[frozenset[str]]  # what each course trains for, by its name (bot/roles.py)
    trades: list[frozenset[str]]  # of an office course, the trades whose work it prepares or leads (bot/roles.py)
    names: list[str]  # each course's name, folded
    examples: learned.ExampleIndex  # graded texts people typed: which courses texts like a new one were given


_STATIC: dict[int, tuple[Catalog, _Static]] = {}


def _static(cat: Catalog) -> _Static:
    cached = _STATIC.get(id(cat))
    if cached and cached[0] is cat:
        return cached[1]
    courses = sorted(cat.courses.values(), key=lambda c: c.crebo)
    profiles = [cat.profile_for(c) for c in courses]
    by_profile: dict[str, list[int]] = {}
    riasec = np.zeros((len(courses), 6))
    for i, (course, prof) in enumerate(zip(courses, profiles)):
        for key in (prof.key if prof else None, f"qualification:{course.crebo}"):
            if key:
                by_profile.setdefault(key, []).append(i)
        vec = _riasec_vector(prof.riasec if prof else None)
        if vec.any():
            riasec[i] = vec / np.linalg.norm(vec)
    demand = [_demand(cat, c, None) for c in courses]
    groups = [(i, cat.offers[c.crebo]) for i, c in enumerate(courses) if c.crebo in cat.offers]
    empty = np.zeros(0, dtype=np.int32)
    offer_course = np.concatenate([np.full(len(g.loc), i, dtype=np.int32) for i, g in groups] or [empty])
    offer_loc = np.concatenate([g.loc for _, g in groups] or [empty])
    offer_flags = np.concatenate([g.flags for _, g in groups] or [empty])
    group_course = np.array([i for i, _ in groups], dtype=np.int64)
    group_start = np.cumsum([0] + [len(g.loc) for _, g in groups[:-1]]).astype(np.int64)
    summaries = [cat.descriptions.get(c.crebo) or (p.summary if p else None) for c, p in zip(courses, profiles)]
    index = {c.crebo: i for i, c in enumerate(courses)}
    docs = {
        lang: DocIndex([tokens(" ".join(_doc_text(cat, c, s, lang))) for c, s in zip(courses, summaries)])
        for lang in LANGUAGES
    }
    static = _Static(
        courses,
        index,
        [p.key if p else "" for p in profiles],
        [f"qualification:{c.crebo}" in cat.profiles for c in courses],
        by_profile,
        riasec,
        demand,
        np.array([max(d.strength, 0) / 2 if d else 0.0 for d in demand]),
        summaries,
        offer_course,
        offer_loc,
        offer_flags,
        np.array([c.level for c in courses]),
        group_course,
        group_start,
        np.array([p.area or "" if p else "" for p in profiles]),
        docs,
        {lang: PhraseIndex([cat.vocabulary.get(c.crebo, {}).get(lang, []) for c in courses]) for lang in LANGUAGES},
        np.array([c.dossier_code for c in courses]),
        np.array([c.crebo for c in courses]),
        _neighbours(cat, index, _related(cat, courses, summaries)),
        [roles.course_roles(c.name) for c in courses],
        [roles.course_trades(c.name) for c in courses],
        [fold(c.name) for c in courses],
        learned.ExampleIndex(cat.examples, index),
    )
    _STATIC[id(cat)] = (cat, static)
    return static


def _doc_text(cat: Catalog, course: Course, summary: Text | None, lang: str) -> list[str]:
    """The words a course is searched by: its name, its description and its vocabulary phrases, as single words too.

    A phrase counts whole in the vocabulary search; here its words count one by one ("fixing crashed cars" found no
    "crash repair" and got five car mechanics' courses; with the vocabulary's words the relevance bench's NDCG@5 went
    from 0.813 to 0.818 on the non-blind sets, bench/relevance.py, 2026-12-06).
    """
    phrases = cat.vocabulary.get(course.crebo, {}).get(lang, [])  # (plain phrases, as the PhraseIndex reads them)
    return [course.name, *([summary.get(lang)] if summary else []), *phrases]


def _related(cat: Catalog, courses: list[Course], summaries: list[Text | None]) -> NDArray[Any]:
    """Cosine similarity of the courses' words (TF-IDF over curated keywords, names and descriptions).

    It ranks the neighbours of a matched course (a related occupation, another level of the same work) before
    unrelated courses of the same broad field.
    """
    docs: list[Counter[str]] = []
    for course, summary in zip(courses, summaries):
        prof = cat.profile_for(course)
        words = [
            *cat.profile_words.get(prof.key if prof else "", []),
            *cat.profile_words.get(f"qualification:{course.crebo}", []),
        ]
        bag = Counter(t for w in words for t in tokens(parse_keyword(w)[0]))
        bag.update(
            t
            for t in tokens(" ".join([course.name, *(summary.get(lang) for lang in LANGUAGES if summary)]))
            if t not in STOP
        )

        docs.append(bag)
    vocab = {t: n for n, t in enumerate(sorted({t for d in docs for t in d}))}
    matrix = np.zeros((len(docs), len(vocab)))
    for i, bag in enumerate(docs):
        for t, tf in bag.items():
            matrix[i, vocab[t]] = 1.0 + math.log(tf)
    df = (matrix > 0).sum(axis=0)
    matrix *= np.log(len(docs) / np.maximum(df, 1))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms > 0, norms, 1.0)
    related = matrix @ matrix.T
    np.fill_diagonal(related, 0.0)
    return related


def _neighbours(cat: Catalog, index: dict[str, int], by_words: NDArray[Any]) -> NDArray[Any]:
    """Per course, its neighbours as the graders of the example texts name them (bot/learned.py), and for a course
    no example describes, the word similarity."""
    graded = learned.neighbours(cat.examples, index)
    return np.where(graded.any(axis=1)[:, None], graded, by_words)


def advise(
    p: Profile, cat: Catalog, today: dt.date | None = None, allowed: Callable[[Course], bool] | None = None
) -> Advice:
    """The shortlist for this person; ``allowed`` leaves courses out (a counsellor's exclusions and filters)."""
    today = today or dt.date.today()
    notes: list[Text] = []
    levels = adm.base_levels(p)
    place = cat.resolve_place(p.place)
    if p.place and place is None:
        notes.append(NOTE_UNKNOWN_PLACE.format(place=p.place))
    start = _StartFrom.of(p, today)
    after_school = start.day if start.after_school else None
    if after_school is not None and adm.havo_vwo_pupil_below_3(p):
        kind = p.education or ""
        notes.append(
            fill(NOTE_AFTER_HAVO_3, school=kind, year=str((p.havo_vwo_year or 0) + 1), start=after_school.year)
        )
    elif after_school is not None and vmbo_pupil_by_age(p):
        note = NOTE_AFTER_VMBO_AGE if p.education else NOTE_AFTER_SCHOOL_AGE
        notes.append(fill(note, age=str(p.age), start=str(after_school.year)))
    elif after_school is not None:
        notes.append(fill(NOTE_AFTER_VMBO, year=str(p.vmbo_year), start=str(after_school.year)))
        if (p.vmbo_year or 0) <= school_year.PROFILE_CHOSEN_AFTER_YEAR:
            notes.append(NOTE_CHOOSE_PROFILE)
    static = _static(cat)
    fields = VMBO_PROFILE_FIELDS.get(p.vmbo_profile or "", ()) if _untold(p) else ()
    reading, evidence = _interest_fit(cat, static, replace(p, interest_tags=list(fields)) if fields else p)
    # Words that name nothing we know, not even in a description ("hij helpt opa in de schuur"): the vmbo profile's
    # fields first, as for who said nothing (a BWI pupil got caravan and scooter courses, sorted by prospects)
    unknown = not fields and not p.interest_tags and not any(p.riasec.values()) and not reading.other
    unknown = unknown and p.vmbo_profile in VMBO_PROFILE_FIELDS and not evidence.fit.any()
    if unknown:
        fields = VMBO_PROFILE_FIELDS[p.vmbo_profile or ""]
        reading, evidence = _interest_fit(cat, static, replace(p, interest_tags=list(fields)))
    course_words, shared = evidence.claims, evidence.related
    if _only_common_words(p, reading):
        # "repareren" from a PIE pupil: Fietstechnicus and Betonreparateur share the word; the fields of the pupil's
        # profile say which repairing (no fit claim from them: the pupil did not name them)
        tags = list(VMBO_PROFILE_FIELDS[p.vmbo_profile or ""])
        reading, evidence = _interest_fit(cat, static, replace(p, interest_tags=tags))
    fit = evidence.fit
    user_riasec = _user_riasec(p)
    riasec_norm = float(np.linalg.norm(user_riasec))
    top_interest = float(fit.max()) if len(fit) else 0.0
    terms = np.zeros((len(fit), len(W_ORDER)))
    if top_interest:
        fit = fit / top_interest
    own_fit = fit  # the evidence alone (1 = the best), before the same field and related courses are lifted
    if top_interest:
        # Courses of the same field of work as the best matches come next, before unrelated ones: the field with the
        # most evidence, not the first of a tie (a welder's Betonstaallasser put the building Entree course first)
        near = static.areas == _main_area(static, fit)
        terms = order_terms(static, evidence, fit)
        fit = np.maximum(fit, np.maximum(W_SAME_AREA * near, W_RELATED * terms[:, 2]))
    if riasec_norm:
        sim = static.riasec @ (user_riasec / riasec_norm)
        fit = 0.7 * fit + 0.3 * sim if top_interest else sim
    state = UNMATCHED if unknown else UNTOLD if fields else _state(p, top_interest, riasec_norm, reading)
    if not unknown:
        fit = _like_examples(fit, evidence, reading, state)
    if state != TECHNICAL or (reading.other and not reading.also_technical and not reading.wish_text):
        course_words, shared = {}, {}
    others = [cat.other_fields[k] for k in reading.other if k in cat.other_fields]
    bridges: dict[str, Text] = {}  # dossier code or crebo -> why it shares something with the named field
    if state == NONTECHNICAL:
        for other in others:
            for code, why in other.bridges.items():
                bridges.setdefault(code, why)
        # The note promises the related fields first: technical words (a past job) only order the rest.
        bridged = np.isin(static.dossiers, list(bridges)) | np.isin(static.crebos, list(bridges))
        fit = W_NOT_WISHED * fit + W_BRIDGE * bridged
    base = W_FIT * fit + W_DEMAND * static.demand_score
    if state == TECHNICAL and not riasec_norm:
        base = (
            base
            + terms @ W_ORDER
            + W_VOCAB_ORDER * evidence.vocab
            + W_NAME * evidence.named * (own_fit >= NAME_FIT) * (static.levels > 1)
        )
    if state == TECHNICAL and W_ROLE:
        base = base - W_ROLE * evidence.clash
    further = (
        roles.seniority(fold(p.interests_text or ""), _years_in_trade(cat, static, p, reading))
        if state == TECHNICAL
        else 0
    )
    if further:
        base = base + W_SENIORITY * further * (np.clip(static.levels, 2, 4) - 3) * (own_fit >= NAME_FIT)
    if state == TECHNICAL and W_COVER:
        base = base + W_COVER * np.maximum(_coverage(cat, static, p) - 1, 0)
    if state == TECHNICAL and W_OFFICE_UNASKED and not roles.wanted_roles(fold(p.interests_text or "")):
        base = base - W_OFFICE_UNASKED * np.array([bool(r & {"design", "lead"}) for r in static.roles])
    trade = _trade_left(cat, p, reading) if state == TECHNICAL else None
    if trade:
        base = base + W_OWN_OFFICE * np.array([trade in t for t in static.trades])

    next_step = _own_trade(static, p, own_fit)
    if next_step.any():
        base = base + W_OWN_TRADE * next_step
    distances = _distances(cat, place)
    score = base + W_PRACTICAL * _practical_all(static, p, distances)
    if allowed is not None:
        score = np.where([allowed(c) for c in static.courses], score, -np.inf)
    if p.level_wish is not None:  # "door naar niveau 4": that level first, the others still shown when they fit
        # (below the level above one's mbo diploma is a step back: "Allround timmerman (niveau 3) gehaald, ik wil door
        # naar niveau 4" got Allround timmerman first)
        held = DIPLOMA_LEVELS.get(p.education or "", 0)
        wished, under = static.levels == p.level_wish, static.levels < p.level_wish - 1
        score = score + W_LEVEL_WISH * (wished.astype(float) - under + 2 * wished * (own_fit >= NAME_FIT))
        if 0 < held < p.level_wish:  # (in their own trade, that level is the diploma they hold: never first)
            back = static.levels <= held
            score = score - W_STEP_BACK * (back.astype(float) + (back & (static.dossiers == p.mbo_dossier)))
    elif p.mbo_dossier and DIPLOMA_LEVELS.get(p.education or ""):
        # the diploma held is not advised again ("mbo 2 autotechniek gehaald", "auto's": Autotechnicus came first)
        held = DIPLOMA_LEVELS[p.education or ""]
        score = score - W_STEP_BACK * ((static.dossiers == p.mbo_dossier) & (static.levels <= held))
    top_level = adm.highest_level_without_catch_up(levels) or 0
    if top_level >= 2:  # Entree (level 1): for who cannot start at 2 yet
        score = score - W_ENTREE * (static.levels == 1)
    told_nothing = state == UNTOLD and not fields
    if told_nothing and p.level_wish is None and p.education in ("havo", "vwo") and top_level == 4:
        score = score + W_SCHOOL_LEVEL * (static.levels == top_level)
    order = [i for i in np.lexsort((static.levels, -score)) if np.isfinite(score[i])]  # ties: lower level, crebo
    if state == TECHNICAL and not reading.wish_text:  # (past work and a wish after it: the wish decides)
        order = _each_liking_first(cat, static, p, order)
    if told_nothing:
        order = _each_field_first(static, order)
    decisions: dict[tuple[object, ...], adm.Decision] = {}
    items: list[Recommendation] = []
    blocked: list[Recommendation] = []
    for n, i in enumerate(order):
        if len(items) >= SHORTLIST and (len(blocked) >= OUT_OF_REACH or n >= CANDIDATES):
            break
        course = static.courses[i]
        key = (course.level, course.specialist, course.technical, course.dossier_code if course.specialist else "")
        decision = decisions.get(key) or decisions.setdefault(key, adm.decide(p, course, levels))
        if len(blocked if decision.status == adm.CLOSED else items) >= (
            OUT_OF_REACH if decision.status == adm.CLOSED else SHORTLIST
        ):
            continue
        if decision.status == adm.CLOSED and state == TECHNICAL and fit[i] < FIT_RELATED:
            continue  # a catch-up route to work nobody named is noise ("tekenen": a restoration bricklayer, level 4)
        rec = _recommendation(
            cat,
            static,
            i,
            p,
            start,
            distances,
            decision,
            float(score[i]),
            float(fit[i]),
            course_words.get(course.crebo, {}),
            bridges.get(course.crebo) or bridges.get(course.dossier_code),
            shared.get(course.crebo, ()),
        )
        if rec is not None:
            (blocked if decision.status == adm.CLOSED else items).append(rec)
    items.sort(key=lambda r: (-r.score, r.course.crebo))
    # Not open yet: the nearest step first (a newcomer at A1 saw the level-3 electrician above the level-2 one, whose
    # catch-up route is shorter), among the courses that fit what someone likes
    blocked.sort(key=lambda r: (r.fit < FIT_SHOWN, r.course.level, -r.score, r.course.crebo))
    shown = items[:SHORTLIST]
    fits = _list_fits(state, shown)
    later = state == TECHNICAL and bool(shown) and not fits and any(r.fit >= FIT_SHOWN for r in blocked[:OUT_OF_REACH])
    if fields:
        profile = {"MT": "M&T"}.get(p.vmbo_profile or "", p.vmbo_profile)
        notes.append(fill(INTEREST_UNMATCHED_BY_PROFILE if unknown else INTEREST_BY_VMBO_PROFILE, profile=profile))
    else:
        # The note says where the related courses are: first, or (not open yet) under the catch-up routes.
        related = RELATED_NOW if any(r.bridge for r in shown) else ""
        related = related or (RELATED_LATER if any(r.bridge for r in blocked[:OUT_OF_REACH]) else "")
        notes += _interest_notes(
            state, [o.name for o in others], related, fits, later, top_interest > 0, reading.leaves_for_technical
        )
    if any(next_step[static.index[r.course.crebo]] for r in shown):
        notes.append(NOTE_OWN_TRADE)
    years_to_start = round((after_school - today).days / 365.25) if after_school else 0  # (about: no birthdays)
    if p.age is not None and p.age + years_to_start < 16 and p.route == "bbl":
        notes.append(NOTE_BBL_AT_15)
    seen = [*shown, *blocked[:OUT_OF_REACH]]  # (a newcomer at A1 sees only courses out of reach)
    elsewhere = _best_beyond_wishes(static, p, distances, fit, score, seen) if state == TECHNICAL else None
    if elsewhere is not None:
        course, blocking = elsewhere
        month = MONTHS[(9 if p.start_wish == "september" else 2) - 1]
        named = {
            "route": Text((p.route or "").upper(), (p.route or "").upper()),
            "start": fill(WISH_START, month=month),
        }
        wishes = each(WISH_AND, lambda lang, sep: sep.join(named[w].get(lang) for w in blocking))
        notes.append(fill(NOTE_OTHER_WISHES, course=course.name, wishes=wishes, say=WISH_SAY[blocking]))
    level_hint = adm.fee_level(levels)
    return Advice(
        p,
        shown,
        blocked[:OUT_OF_REACH],
        notes,
        facts.costs(p.age, p.route, level_hint, p.jobseeker, p.newcomer),
        place,
        state,
    )


def _years_in_trade(cat: Catalog, static: _Static, p: Profile, reading: Reading) -> bool:
    """Years told beside a trade ask for its next level when the wish stays in that trade ("8 years a maintenance
    fitter, now I want to analyse the breakdowns"), not when it leaves it ("20 jaar opperman, rug is op. iets met
    elektra") or when the years were in other work ("ik maak schoon op Schiphol, al drie jaar")."""
    text = fold(p.interests_text or "")
    told = roles.year_sentences(text)
    if not told:
        return False
    wished = _areas(static, cat.keywords.read(reading.wish_text or text, p.language))
    readings = [cat.keywords.read(s, p.language) for s in told]
    return any(_areas(static, r) & wished for r in readings if not r.other)


def _areas(static: _Static, reading: Reading) -> set[str]:
    return {str(static.areas[i]) for m in reading.matches if m.specific for i in static.by_profile.get(m.key, ())}


def _trade_left(cat: Catalog, p: Profile, reading: Reading) -> str | None:
    """The trade of the work told before a wish to draw, plan or lead work ("tien jaar lasser in een staalbouwbedrijf.
    Ik wil nu op kantoor de productie voorbereiden": the metal trade), or None."""
    wish = reading.wish_text
    if not wish or not reading.after_work or not roles.wants_office_work(wish):
        return None
    before = fold(p.interests_text or "").replace(wish, " ")
    weight: dict[str, float] = {}
    for m in cat.keywords.read(before, p.language).matches:
        area = cat.keywords.area_of(m.key)
        if area:
            weight[area] = weight.get(area, 0.0) + m.weight
    return max(weight, key=lambda a: weight[a]) if weight else None


def _own_trade(static: _Static, p: Profile, fit: NDArray[Any]) -> NDArray[Any]:
    """The courses one level or more above someone's mbo diploma in its own dossier, when they typed nothing they
    like: "Monteur elektrotechnische installaties (niveau 2), ik wil door naar niveau 3" and "geen idee" got a concrete
    repairer and a bicycle mechanic first, not the next level of their own trade (what a decaan names first); or when
    they asked for a level above it and like that trade's work (``fit``: each course's evidence, 0-1)."""
    level = _diploma_level(p)
    if level is None:
        return np.zeros(len(static.courses), dtype=bool)
    step: NDArray[Any] = (static.dossiers == p.mbo_dossier) & (static.levels > level)
    if (p.interests_text or "").strip():  # what they like must be that trade's work ("iets met auto's": a switch)
        step = step & (fit >= OWN_TRADE_FIT)
    return step


def _diploma_level(p: Profile) -> int | None:
    """The level of the mbo diploma whose trade comes first (see _own_trade), or None: for who typed nothing they
    like, or asked for a level above it ("Eerste Autotechnicus, ik wil door naar niveau 4", then "auto's en motoren"
    got the level-3 course they hold first)."""
    level = DIPLOMA_LEVELS.get(p.education or "")
    if level is None or not p.mbo_dossier:
        return None
    moves_up = p.level_wish is not None and p.level_wish > level
    return level if moves_up or not (p.interests_text or "").strip() else None


def _main_area(static: _Static, fit: NDArray[Any]) -> str:
    """The field of the best match; of a tie, the field with the most evidence among the good matches (at least half
    the best)."""
    top = float(fit.max())
    tied = {str(a) for a in static.areas[fit >= top - 1e-9]}
    good = fit >= 0.5 * top
    totals: dict[str, float] = {}
    for area, value in zip(static.areas[good], fit[good]):
        totals[str(area)] = totals.get(str(area), 0.0) + float(value)
    return max(sorted(tied), key=lambda a: totals.get(a, 0.0))


def _like_examples(fit: NDArray[Any], evidence: _Evidence, reading: Reading, state: str) -> NDArray[Any]:
    """For a vague text, the courses given to example texts like it (bot/learned.py) beside the words' evidence:
    "iets met mijn handen, niet de hele dag stilzitten" named no keyword or vocabulary phrase ("sawmill"), and a
    description's words put the stone masons first; "iets met computers denk ik" names no field's work."""
    if state == UNMATCHED and not evidence.vocab.any():
        return np.maximum((1 - W_EXAMPLES_UNMATCHED) * fit, W_EXAMPLES_UNMATCHED * evidence.examples)
    if state == TECHNICAL and not reading.other and not any(m.specific for m in reading.matches):
        return np.maximum(fit, W_EXAMPLES_GENERIC * evidence.examples)
    return fit


def _each_liking_first(cat: Catalog, static: _Static, p: Profile, order: list[int]) -> list[int]:
    """The order in which courses are examined, with the best course of each liking told in a message of its own
    first: "buiten", later "computer" at another question, got five ICT courses and nothing outdoors (the strongest
    field took the whole list). The shortlist is sorted by score after."""
    firsts: list[int] = []
    for part in told_apart(p.interests_text or "")[:SHORTLIST]:
        reading, evidence = _interest_fit(cat, static, replace(p, interests_text=part, interest_tags=[]))
        alone = UNMATCHED if not reading.matches and not reading.other else TECHNICAL  # (as that message alone)
        fit = _like_examples(evidence.fit, evidence, reading, alone)
        best = max(order, key=lambda i: fit[i], default=None)
        if best is not None and fit[best] > 0 and best not in firsts:
            firsts.append(best)
    return firsts + [i for i in order if i not in firsts] if firsts else order


def _each_field_first(static: _Static, order: list[int]) -> list[int]:
    """For who told nothing they like: the best course of each field of work first, so the list shows what techniek
    holds (an undecided havo pupil who said "geen idee" to every choice got five car and aircraft courses). The
    shortlist is sorted by score after."""
    first_of: dict[str, int] = {}
    for i in order:
        first_of.setdefault(str(static.areas[i]), i)
    firsts = list(first_of.values())  # (in the order's order: a dict keeps the order of insertion)
    chosen = set(firsts)
    return firsts + [i for i in order if i not in chosen]


def _best_beyond_wishes(
    static: _Static,
    p: Profile,
    distances: NDArray[Any] | None,
    fit: NDArray[Any],
    score: NDArray[Any],
    seen: list[Recommendation],
) -> tuple[Course, tuple[str, ...]] | None:
    """The course that fits best of those left out only by the route or start wished, when it fits better than the
    first course shown, and which wishes left it out: a nurse who wants BBL from February and medical equipment
    never heard of the care technician (BOL, September only here)."""
    if p.route in (None, "either") and p.start_wish in (None, "any", "asap"):
        return None

    def open_(q: Profile) -> NDArray[Any]:
        reachable: NDArray[Any] = np.isfinite(_practical_all(static, q, distances))
        return reachable

    # (better than every course shown, open or out of reach: "auto reparatie" from a newcomer at A1, who sees only car
    # courses out of reach, was told a car sales course fitted best)
    better = ~np.isfinite(score) & (fit >= FIT_SHOWN) & (fit > max((r.fit for r in seen), default=-1.0))
    if not better.any():  # (most lists start with the best fit: no offers to look at)
        return None
    left_out = better & open_(replace(p, route="either", start_wish="any"))
    if not left_out.any():
        return None
    best = int(np.argmax(np.where(left_out, fit, -np.inf)))
    blocking = tuple(
        wish
        for wish, kept in (("route", replace(p, start_wish="any")), ("start", replace(p, route="either")))
        if not open_(kept)[best]
    )
    return static.courses[best], blocking or ("route", "start")


def _coverage(cat: Catalog, static: _Static, p: Profile) -> NDArray[Any]:
    """Per course, how many items of a list of interests its curated keywords answer."""
    cover = np.zeros(len(static.courses))
    parts = listed_parts(p.interests_text or "")
    if len(parts) < 2 or len(parts) > 6:
        return cover
    for part in parts:
        hit = np.zeros(len(static.courses), dtype=bool)
        for m in cat.keywords.read(part, p.language).matches:
            if m.specific or m.weight >= MIN_NAMED_WEIGHT:
                hit[static.by_profile.get(m.key, [])] = True
        cover += hit
    return cover


SHORT_ANSWER = 3  # words (not counting "ik", "wil", "iets" ...)


def _only_common_words(p: Profile, reading: Reading) -> bool:
    """A few technical words that name no work of one field ("repareren", "iets maken") from a pupil whose vmbo profile
    we know, and nothing else: no choices, no other field. (In a longer text the description search orders.)"""
    generic = bool(reading.matches) and not any(m.specific for m in reading.matches) and not reading.other
    generic = generic and len([w for w in tokens(p.interests_text or "") if w not in STOP]) <= SHORT_ANSWER
    return generic and p.vmbo_profile in VMBO_PROFILE_FIELDS and not p.interest_tags and not any(p.riasec.values())


def _untold(p: Profile) -> bool:
    """Nothing said about what the person likes: no text, no choices with an answer."""
    return not (p.interests_text or "").strip() and not p.interest_tags and not any(p.riasec.values())


def _user_riasec(p: Profile) -> NDArray[Any]:
    """The person's interest profile from the choice items for the undecided (zeros when not asked)."""
    return np.array([float(p.riasec.get(k, 0.0)) for k in "RIASEC"])


@dataclass
class _Evidence:
    """Per course: the curated keywords' evidence, the description's (0-1, BM25 scaled to the best), and the words
    each course may claim as what the person likes; ``vocab``: its phrases found in the text (0-1, scaled to the
    best)."""

    keyed: NDArray[Any]
    described: NDArray[Any]
    claims: dict[str, dict[str, float]]
    vocab: NDArray[Any]
    clash: NDArray[Any]  # the course's name says a role (monteur, machinist, ...) none of which the person named
    # a typed word (after past work: a word of the wish) is in the course's name (1) or not (0); 0 on a clash
    named: NDArray[Any]
    examples: NDArray[Any]  # how much the courses given to the most similar example texts are this one's (0-1)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # crebo -> keywords shared, claiming no fit

    @property
    def fit(self) -> NDArray[Any]:
        fit: NDArray[Any] = self.keyed + W_WORDS * self.described + W_VOCAB * self.vocab
        return fit


def _interest_fit(cat: Catalog, static: _Static, p: Profile) -> tuple[Reading, _Evidence]:
    """What the person's interests say: their reading, and each course's evidence of being that work."""
    reading = _read_interests(cat, p)
    # The descriptions are searched with what the person typed, not with the tags of the either/or choices.
    typed = reading.words if not p.interest_tags else cat.keywords.read(p.interests_text or "", p.language).words
    folded = fold(p.interests_text or "")
    left = roles.left_roles(folded, reading.wish_text)
    clash = np.array(roles.clashes(roles.wanted_roles(folded), static.roles, left), dtype=bool)
    evidence = _fit(static, _interest_words(reading), reading, typed, p.language, clash)
    evidence.examples = static.examples.score(tokens(p.interests_text or ""))
    return reading, evidence


def _fit(
    static: _Static,
    matched: dict[str, dict[str, float]],
    reading: Reading,
    typed: list[str],
    lang: str,
    clash: NDArray[Any],
) -> _Evidence:
    """Evidence per course that it is the work the person described, and the words each course can claim.

    Two sources: the curated keywords of the course's field (and of the course itself), and the words of the
    course's own name and description. A course claims a fit only with a keyword that names its work, and only
    when it is close to the best: a word that fits many fields ("repareren") does not make every field a fit.
    """
    course_words: dict[str, dict[str, float]] = {}
    for key in matched:
        for i in static.by_profile.get(key, ()):
            course = static.courses[i]
            if course.crebo in course_words:
                continue
            own = matched.get(static.profile_keys[i], {})
            if static.has_override[i]:  # a qualification's own words count double
                own = {w: x / 2 for w, x in own.items()} | matched.get(f"qualification:{course.crebo}", {})
            if own:
                course_words[course.crebo] = dict(own)
    keyed = np.zeros(len(static.courses))
    for crebo, words in course_words.items():
        keyed[static.index[crebo]] = sum(words.values())
    # After past work the descriptions, like the phrases below, are searched with the wish ("opperman" described the
    # opperman's course, which came second for an opperman whose back gave up and who wished for electrical work)
    searched = list(reading.wish_words) if reading.after_work else typed
    described = static.docs[lang].search(searched)
    top_described = float(described.max(initial=0.0))
    if top_described > 0:
        described = described / top_described
    if not course_words and reading.other:  # only a non-technical field was named: its words are not a fit
        described = np.zeros(len(static.courses))
    if course_words:  # the curated keywords found the fields; the descriptions only order the courses in them
        described = np.where(keyed > 0, described, 0.0)
    # Unlike the descriptions, the phrases may find a course the keywords missed ("sawmill", "plasterboard"); like
    # them, they are no evidence when only a non-technical field was named. They name the objects of a work more than
    # what one does with them, so they count for no course of a role the person did not name ("drive excavators"
    # is no evidence for the excavator mechanic). After past work only the wish is searched: "20 jaar opperman, rug is
    # op. iets met elektra" put the opperman courses first, on their own phrase.
    vocab = np.where(clash, 0.0, static.vocab[lang].search(list(reading.wish_words) or typed))
    top_vocab = float(vocab.max(initial=0.0))
    vocab = vocab / max(top_vocab, VOCAB_FULL) if top_vocab > 0 and (course_words or not reading.other) else 0 * vocab
    named = np.where(clash, 0.0, _in_names(static, searched))
    evidence = _Evidence(keyed, described, {}, vocab, clash, named, np.zeros(len(static.courses)))
    if float(evidence.fit.max(initial=0.0)) < CLAIM_MIN:
        return evidence
    # Only a curated keyword that names the work claims a fit, for the courses close to the best evidence. Words of
    # a description ("small", "hands", "houses") order the courses but are never shown as what the person likes.
    # Close to the best course that a specific word names, not to the best evidence: in "lassen en buiten" the
    # outdoor courses had more ("buiten" is rarer) and no welding course could claim "lassen".
    specific = {m.keyword for m in reading.matches if m.specific}
    naming = np.zeros(len(static.courses), dtype=bool)
    for crebo, words in course_words.items():  # not on common words alone ("repair", "build")
        naming[static.index[crebo]] = bool(specific.intersection(words))
    best_naming = float(np.where(naming, keyed, 0.0).max(initial=0.0))
    for i in np.nonzero(naming & (keyed >= CLAIM_SHARE * best_naming))[0]:
        crebo = static.courses[int(i)].crebo
        evidence.claims[crebo] = course_words[crebo]
    for crebo, words in course_words.items():
        shared = [w for w in sorted(words, key=lambda w: -words[w]) if not GENERIC.issuperset(w.split())]
        if crebo not in evidence.claims and shared:
            evidence.related[crebo] = tuple(shared)
    return evidence


def _in_names(static: _Static, words: list[str]) -> NDArray[Any]:
    """Per course, whether one of the (stemmed) words is in its name: "motor" in Motorfietstechnicus (not "techniek",
    which every course here is: it named every "Technicus ...")."""
    stems = {w[:NAME_STEM] for w in words if len(w) >= NAME_MIN and w not in STOP and w not in GENERIC}
    return np.array([any(s in name for s in stems) for name in static.names], dtype=float)


def order_terms(static: _Static, evidence: _Evidence, fit: NDArray[Any]) -> NDArray[Any]:
    """Per course (rows in catalogue order): the keywords' evidence scaled to the best, the description's, how much
    the course resembles the matched courses (``fit``: the evidence scaled to the best, 0-1), how much it is a
    neighbour of the best matches alone (what comes beside the first course, not beside any weak match), and how
    much it was given to the example texts most like this one (bot/learned.py)."""
    best_keyed = float(evidence.keyed.max(initial=0.0))
    related = (static.related * fit).max(axis=1)  # the best matched course each course resembles
    beside = (static.related * np.where(fit >= BESIDE_BEST, fit, 0.0)).max(axis=1)
    keyed = evidence.keyed / best_keyed if best_keyed else evidence.keyed
    return np.column_stack([keyed, evidence.described, related, beside, evidence.examples])


def _state(p: Profile, top_interest: float, riasec_norm: float, reading: Reading) -> str:
    """Beside a non-technical field, only a word that names a field of work, two different technical words
    ("muziek, skaten en elektronica solderen"), or technical work added on its own ("maar ook solderen") make the
    interest technical; beside a non-technical occupation one wants to become, only work added on its own."""
    if reading.also_technical and top_interest:
        return TECHNICAL
    if reading.other and reading.becomes_other and not riasec_norm:
        return NONTECHNICAL  # "wil personal trainer worden, schema's maken": the schemas are no electrician's
    named = (
        any(m.specific for m in reading.matches)
        or len({m.keyword for m in reading.matches if m.weight >= MIN_NAMED_WEIGHT}) >= 2
        or not reading.other
    )
    if not riasec_norm and not reading.matches and not reading.other:
        # only words of course descriptions matched ("iets met mijn handen"): no technical work we can name
        return UNMATCHED if (p.interests_text or "").strip() or p.interest_tags else UNTOLD
    if riasec_norm or (top_interest and named and not (reading.other and top_interest < OTHER_FIRST)):
        return TECHNICAL
    if reading.other:
        return NONTECHNICAL
    return UNMATCHED if (p.interests_text or "").strip() or p.interest_tags else UNTOLD


def _names(fields: list[Text]) -> Text:
    """The fields named ("zorg en dieren") in every language."""
    return each(INTEREST_AND, lambda lang, joiner: series([f.get(lang) for f in fields], joiner))


def _list_fits(state: str, items: list[Recommendation]) -> bool:
    return state == TECHNICAL and bool(items) and items[0].fit >= FIT_SHOWN


RELATED_NOW, RELATED_LATER = "now", "later"


def _interest_notes(
    state: str,
    others: list[Text],
    related: str,
    fits: bool,
    later: bool,
    described: bool = False,
    leaving: bool = False,
) -> list[Text]:
    """Say honestly how the list was chosen: never "you told me nothing" to someone who named a non-technical field,
    never "these fit you" above courses that only are open now (``later``: what fits comes after them, with a
    catch-up route), never "you like cooking" to a cook who wants to leave it for technical work (``leaving``)."""
    if state == UNTOLD:
        return [INTEREST_UNTOLD]
    if state == UNMATCHED:  # (``described``: words of course descriptions still ordered the list)
        return [INTEREST_DESCRIBED if described else INTEREST_UNMATCHED]
    after = [INTEREST_MATCH_LATER] if later else []
    if not others:
        return after
    names = _names(others)
    where = fill(INTEREST_WHERE, fields=names, kiesmbo=KIESMBO)
    if state == TECHNICAL:
        capitalised = each(names, lambda _, body: body.capitalize())
        then = INTEREST_REST_BELOW if fits else INTEREST_MATCH_LATER if later else ""
        note = fill(INTEREST_ALSO_NOT_TECHNICAL, fields_capitalised=capitalised, where=where, then=then)
        return [each(note, lambda _, body: body.rstrip())]
    then = {RELATED_NOW: INTEREST_THEN_RELATED, RELATED_LATER: INTEREST_THEN_RELATED_LATER}.get(
        related, INTEREST_THEN_SWITCH if leaving else INTEREST_THEN_PROSPECTS
    )
    if leaving:
        return [fill(INTEREST_SWITCH, fields=names, then=then)]
    return [fill(INTEREST_NOT_TECHNICAL, fields=names, where=where, then=then)]


def _recommendation(
    cat: Catalog,
    static: _Static,
    i: int,
    p: Profile,
    start: _StartFrom,
    distances: NDArray[Any] | None,
    decision: adm.Decision,
    score: float,
    fit: float,
    words: dict[str, float],
    bridge: Text | None = None,
    related: tuple[str, ...] = (),
) -> Recommendation | None:
    course = static.courses[i]
    offers = _offers(cat, course, p, start, distances)
    if not offers:
        return None
    rec = Recommendation(
        course, score, fit, static.demand[i], decision, offers=offers, summary=static.summaries[i], bridge=bridge
    )
    rec.fit_words = tuple(sorted(words, key=lambda w: -words[w]))
    rec.related_words = () if words else related
    rec.reasons = _reasons(rec, list(rec.fit_words), p)
    if decision.missing:
        rec.catch_up = catchup.routes_for(decision.missing, p)
    return rec


def explain_course(p: Profile, cat: Catalog, crebo: str, today: dt.date | None = None) -> Recommendation | None:
    """The full picture for one named course, also when it was not on the shortlist (None: no offer fits)."""
    static = _static(cat)
    if crebo not in static.index:
        return None
    i = static.index[crebo]
    # The words the shortlist would claim for it, not every keyword it shares: a detail never says more than the list.
    reading, evidence = _interest_fit(cat, static, p)
    fit, claims = evidence.fit, evidence.claims
    riasec_norm = float(np.linalg.norm(_user_riasec(p)))
    technical = _state(p, float(fit.max()) if len(fit) else 0.0, riasec_norm, reading) == TECHNICAL
    own = claims.get(crebo, {}) if technical else {}
    related = evidence.related.get(crebo, ()) if technical else ()
    decision = adm.decide(p, static.courses[i], adm.base_levels(p))
    return _recommendation(
        cat,
        static,
        i,
        p,
        _StartFrom.of(p, today or dt.date.today()),
        _distances(cat, cat.resolve_place(p.place)),
        decision,
        0.0,
        0.0,
        own,
        related=related,
    )


def _distances(cat: Catalog, place: Place | None) -> NDArray[Any] | None:
    if place is None or not len(cat.locations):
        return None
    lat, lon = np.radians(place.lat), np.radians(place.lon)
    a = np.sin((cat.loc_lat - lat) / 2) ** 2 + np.cos(lat) * np.cos(cat.loc_lat) * np.sin((cat.loc_lon - lon) / 2) ** 2
    distances: NDArray[Any] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
    return distances


def _offer_mask(flags: NDArray[Any], p: Profile, dist: NDArray[Any] | None) -> NDArray[Any]:
    """Which offers fit the route wish, the start wish and the distance limit."""
    mask = np.ones(len(flags), dtype=bool)
    if p.route == "bbl":
        mask &= (flags & BBL) > 0
    elif p.route == "bol":
        mask &= (flags & BOL) > 0
    if p.start_wish == "september":
        mask &= (flags & (SEPT | ANY)) > 0
    elif p.start_wish == "february":
        mask &= (flags & (FEB | ANY)) > 0
    if dist is not None and p.max_distance_km:
        mask &= dist <= p.max_distance_km
    return mask


def _practical_all(static: _Static, p: Profile, distances: NDArray[Any] | None) -> NDArray[Any]:
    """Practical score per course from its best fitting offer (1 = near and on time); -inf without one."""
    result = np.full(len(static.courses), -np.inf)
    if not len(static.group_start):
        return result
    dist = distances[static.offer_loc] if distances is not None else np.zeros(len(static.offer_loc))
    mask = _offer_mask(static.offer_flags, p, dist if p.max_distance_km else None)
    nearest = np.minimum.reduceat(np.where(mask, dist, np.inf), static.group_start)
    practical = np.exp(-nearest / 40.0)
    if p.start_wish == "asap":  # starting soon matters: any-time offers score higher
        anytime = np.maximum.reduceat(mask & ((static.offer_flags & ANY) > 0), static.group_start)
        practical *= np.where(anytime, 1.0, 0.6)
    result[static.group_course] = np.where(np.isfinite(nearest), practical, -np.inf)
    return result


def _offers(
    cat: Catalog, course: Course, p: Profile, start: _StartFrom, distances: NDArray[Any] | None
) -> list[OfferChoice]:
    group = cat.offers.get(course.crebo)
    if group is None:
        return []
    flags = group.flags
    dist = distances[group.loc] if distances is not None else None
    idx = np.nonzero(_offer_mask(flags, p, dist))[0]
    if not len(idx):
        return []
    if dist is not None:
        order = idx[np.argsort(dist[idx], kind="stable")]
    else:
        order = idx
    if p.start_wish == "asap":  # soonest start first: any-time offers before fixed months, when not far out of the way
        soon = (flags[order] & ANY) > 0
        if dist is not None:
            soon &= dist[order] <= dist[order[0]] + ASAP_DETOUR_KM
        order = np.concatenate([order[soon], order[~soon]])
    choices = []
    for i in order[:OFFERS_PER_COURSE]:
        bits = int(flags[i])
        loc = cat.locations[int(group.loc[i])]
        first = next_start(bits, start.day, p.start_wish, start.after_school)
        if first is None:
            continue
        routes = tuple(
            r for r, b in (("BOL", BOL), ("BBL", BBL)) if bits & b and (p.route == "either" or r.lower() == p.route)
        )
        choices.append(
            OfferChoice(
                loc.school,
                loc.name,
                loc.city,
                loc.fictional,
                routes,
                first,
                float(dist[i]) if dist is not None else None,
                bool(bits & FIXUS),
                group.urls[int(i)],
            )
        )
    return choices


def distance_label(km: float) -> Text:
    """ "about 12 km", or "in your own town" where "about 0 km" read like a mistake."""
    return DISTANCE_HERE if round(km) == 0 else DISTANCE_KM.format(km=f"{km:.0f}")


def _experienced(p: Profile, words: list[str]) -> bool:
    """An adult whose past job is this course's work ("ik was 3 jaar elektricien in Syrië"): EVC may shorten it."""
    if p.age is None or p.age < ADULT_AGE:
        return False
    return any(fold(w) in fold(clause) for clause in work_clauses(p.interests_text or "") for w in words)


def _reasons(rec: Recommendation, words: list[str], p: Profile) -> list[Text]:
    # An admission rule that decides this course (the wiskunde/NaSk1 rule) comes first, so no short view drops it.
    out: list[Text] = [r.text for r in rec.decision.reasons if r.rule in NAMED_RULES]
    if rec.bridge:
        out.append(rec.bridge)
    if p.interest_choices and words:  # the either/or choices of an undecided person explain the fit in their terms
        choice = undecided.reason(p.interest_choices, words)
        if choice:
            out.append(choice)
        words = undecided.typed_words(p.interest_choices, words, p.interests_text or "")
    level = _diploma_level(p)
    if level is not None and rec.course.dossier_code == p.mbo_dossier and rec.course.level > level:
        out.append(REASON_OWN_TRADE)
    if words:
        shown = ", ".join(dict.fromkeys(words[:4]))
        # ("ik was lasser": a job told is no liking; "Past bij wat je leuk vindt: lasser" read oddly)
        work = all(told_as_work(p.interests_text or "", w) for w in dict.fromkeys(words[:4]))
        out.append((REASON_FITS_WORK if work else REASON_FITS).format(words=shown))
        if _experienced(p, words):
            out.append(REASON_EXPERIENCE)
    elif rec.related_words and not rec.bridge:
        related = list(rec.related_words)
        if p.interest_choices:
            choice = undecided.reason(p.interest_choices, related, related=True)
            out.extend([choice] if choice else [])
            related = undecided.typed_words(p.interest_choices, related, p.interests_text or "")
        if related:
            out.append(REASON_RELATED.format(words=", ".join(related[:3])))
    level = rec.course.level
    if rec.decision.status == adm.OPEN:
        out.append(REASON_LEVEL_OPEN.format(level=level))
    elif rec.decision.status == adm.CONDITIONAL:
        out.append(REASON_LEVEL_CHECK.format(level=level))
    else:
        out.append(REASON_LEVEL_CLOSED.format(level=level))
    if p.level_wish is not None and level == p.level_wish:
        out.append(REASON_LEVEL_WISH.format(level=level))
    if "BBL" in rec.routes:
        out.append(REASON_BBL)
    first = rec.offers[0]
    if p.start_wish == "asap" and first.next_start.kind == "anytime":
        out.append(REASON_START_ANYTIME)
    elif p.start_wish in ("september", "february") and first.next_start.kind in (p.start_wish, "anytime"):
        out.append(fill(REASON_START_WISH, start=first.next_start.label))
    if first.distance_km is not None:
        out.append(fill(REASON_NEAREST, city=first.city, distance=distance_label(first.distance_km)))
    if rec.demand and rec.demand.strength >= 2:
        out.append(REASON_STRONG_DEMAND)
    return out
