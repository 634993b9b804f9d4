import datetime as dt
import json

import pytest

from bot import admission as adm
from bot import advice, facts, roles
from bot.advice import advise, distance_label, explain_course, next_start
from bot.catalog.store import ANY, FEB, SEPT
from bot.cli import main
from bot.profile import Profile, ProfileError
from tests.conftest import TODAY

ELECTRICAL_DOSSIERS = {"23299", "23300"}


def run(catalog, **fields):
    return advise(Profile.from_dict(fields), catalog, today=TODAY)


def test_pie_pupil_who_likes_electricity_gets_electrical_installation_first(catalog):
    a = run(
        catalog,
        education="vmbo_kb",
        vmbo_profile="PIE",
        age=16,
        place="Eindhoven",
        interests_text="ik vind elektriciteit en stroom heel leuk",
    )
    assert a.items, a.notes
    assert a.items[0].course.dossier_code in ELECTRICAL_DOSSIERS
    # electrical installation, or the electricity grid (laag-, midden-, hoogspanning) of the infra dossier
    assert all(r.course.dossier_code in ELECTRICAL_DOSSIERS or "spanning" in r.course.name for r in a.items[:3])
    assert any("elektriciteit" in t.nl for t in a.items[0].reasons)


def test_bb_pupil_never_gets_level_3_as_enterable(catalog):
    for text in ("auto's en motoren", "lassen", "computers", "bouwen en timmeren", ""):
        a = run(catalog, education="vmbo_bb", vmbo_profile="PIE", age=16, interests_text=text)
        assert a.items and all(r.course.level <= 2 for r in a.items), text
        for r in a.out_of_reach:  # higher levels only with a catch-up route
            assert r.decision.status == adm.CLOSED and r.catch_up


def test_bbl_wish_never_gets_bol_only_offers(catalog):
    a = run(catalog, education="none", age=30, route="bbl", interests_text="sleutelen aan auto's", place="Zwolle")
    assert a.items
    for r in a.items + a.out_of_reach:
        assert r.routes == ("BBL",)
        assert all(o.routes == ("BBL",) for o in r.offers)


def test_bol_wish_gets_bol_offers(catalog):
    a = run(catalog, education="vmbo_tl", vmbo_profile="PIE", age=16, route="bol", interests_text="computers")
    assert a.items and all("BOL" in o.routes for r in a.items for o in r.offers)


def test_as_soon_as_possible_prefers_start_any_time(catalog):
    """Who wants to start soon gets the courses that start any time higher, the others lower (not left out)."""
    import numpy as np

    from bot.advice import _distances, _practical_all, _static

    static = _static(catalog)
    fields = {"education": "mbo2", "age": 25, "route": "bbl", "place": "Utrecht"}
    soon, later = (Profile.from_dict({**fields, "start_wish": w}) for w in ("asap", "any"))
    dist = _distances(catalog, catalog.resolve_place("Utrecht"))
    a, b = _practical_all(static, soon, dist), _practical_all(static, later, dist)
    kept = np.isfinite(b)  # (with an offer on the BBL route)
    assert np.array_equal(np.isfinite(a), kept)
    assert np.all(a[kept] <= b[kept]) and np.any(a[kept] < b[kept]) and np.any(a[kept] == b[kept])
    first = run(catalog, **fields, start_wish="asap", interests_text="warmtepomp airco").items[0]
    assert first.offers[0].next_start.kind == "anytime"


def test_as_soon_as_possible_takes_no_long_trip_to_start_sooner(catalog):
    """A newcomer in Rotterdam was sent to Zwolle, 128 km, to start two months before the school in his own town."""
    from bot.advice import ASAP_DETOUR_KM

    a = run(catalog, education="foreign", age=30, dutch_level="A2", route="bbl", place="Rotterdam", start_wish="asap")
    for r in a.items:
        first, nearest = r.offers[0], min(o.distance_km or 0.0 for o in r.offers)
        assert first.next_start.kind == "anytime" or first.distance_km == nearest, r.course.name
        assert (first.distance_km or 0.0) <= nearest + ASAP_DETOUR_KM, (r.course.name, first.city)
    assert any(r.offers[0].next_start.kind != "anytime" and len(r.offers) > 1 for r in a.items)  # (the case itself)


def test_english_free_text(catalog):
    a = run(
        catalog,
        education="vmbo_gl",
        vmbo_profile="MT",
        age=16,
        language="en",
        interests_text="I love cars and fixing engines",
    )
    assert a.items[0].course.dossier_code in {"23273", "23274", "23332", "23358"}
    payload = a.as_dict()
    assert payload["items"][0]["reasons"][0].startswith("Fits what you like")


def test_no_diploma_adult_gets_conditional_courses_with_catch_up(catalog):
    a = run(catalog, education="none", age=35, interests_text="lassen en metaal", jobseeker=True)
    higher = [r for r in a.items if r.course.level >= 2]
    assert higher and all(r.decision.status == adm.CONDITIONAL for r in higher)
    assert all(r.decision.status == adm.OPEN for r in a.items if r.course.level == 1)
    assert {c.code for c in higher[0].catch_up} >= {"toelatingsonderzoek"}
    assert any(f.source == facts.SRC_UWV for f in a.costs)


def test_young_pupil_without_diploma_sees_entree_and_catch_up(catalog):
    a = run(catalog, education="none", age=16, interests_text="auto")
    assert a.items and all(r.course.level == 1 for r in a.items)
    assert all(r.catch_up and r.catch_up[0].code == "entree" for r in a.out_of_reach)


def test_switcher_without_math_gets_technical_courses_only_with_catch_up(catalog):
    a = run(
        catalog,
        education="vmbo_kb",
        vmbo_profile="ZW",
        has_math_or_science=False,
        age=16,
        interests_text="elektriciteit",
    )
    assert all(r.course.level == 1 for r in a.items)
    assert a.out_of_reach and a.out_of_reach[0].catch_up[0].code == "ask_school_subject"


def test_every_item_has_reasons_start_location_and_sourced_demand(catalog):
    a = run(
        catalog, education="vmbo_kb", vmbo_profile="BWI", age=17, interests_text="timmeren en hout", place="Groningen"
    )
    for item in a.as_dict()["items"]:
        assert item["reasons"] and item["next_start"] and item["location"] and item["routes"]
        assert item["fictional_school"] is True
        assert item["demand"] is None or (item["demand"]["source"] and item["demand"]["date"])


def test_unknown_place_is_said_not_guessed(catalog):
    a = run(catalog, education="vmbo_kb", vmbo_profile="PIE", place="Atlantis")
    assert a.place is None and any("Atlantis" in n.nl for n in a.notes)


def test_max_distance_is_respected(catalog):
    a = run(
        catalog, education="vmbo_kb", vmbo_profile="PIE", place="Groningen", max_distance_km=20, interests_text="lassen"
    )
    assert all(o.distance_km <= 20 for r in a.items for o in r.offers)


def test_next_start_dates():
    assert next_start(SEPT, TODAY, "any").date.isoformat() == "2027-09-01"
    assert next_start(FEB, TODAY, "any").label.nl == "februari 2027"
    assert next_start(ANY | SEPT, TODAY, "asap").kind == "anytime"
    assert next_start(SEPT, TODAY, "february") is None
    # an any-time offer starts in the wished month ("Start past bij je wens: op elk moment" after "na de zomer")
    assert next_start(ANY, TODAY, "september").label.nl == "september 2027"
    assert next_start(ANY, TODAY, "february").kind == "february"


def test_odd_input_does_not_crash(catalog):
    for text in ("", "😀😀😀", "<script>alert(1)</script>", "'; drop table offers; --", "ыыы 汉字", "a" * 10000):
        run(catalog, education="vmbo_kb", vmbo_profile="PIE", interests_text=text, place=text[:50] or None)


@pytest.mark.parametrize(
    "bad", [{"education": "phd"}, {"age": 3}, {"route": "walk"}, {"colour": "red"}, {"riasec": {"X": 1}}]
)
def test_bad_profiles_are_rejected_with_a_clear_message(bad):
    with pytest.raises(ProfileError):
        Profile.from_dict(bad)


def test_cli_json_and_text(catalog_path, capsys, tmp_path):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"education": "vmbo_kb", "vmbo_profile": "PIE", "age": 16}))
    assert (
        main(
            [
                "advise",
                "--db",
                str(catalog_path),
                "--profile",
                str(profile),
                "--interests",
                "lassen",
                "--json",
                "--today",
                "2026-11-28",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["type"] == "recommendations" and out["items"][0]["crebo"]
    assert main(["advise", "--db", str(catalog_path), "--education", "vmbo_bb", "--lang", "en", "--bbl"]) == 0
    assert "Technical courses with good prospects that you can start" in capsys.readouterr().out  # nothing liked yet
    with pytest.raises(SystemExit) as exit_info:  # argparse refuses values outside the choices
        main(["advise", "--db", str(catalog_path), "--education", "phd"])
    assert exit_info.value.code == 2


def test_cli_reports_bad_profile(catalog_path, capsys, tmp_path):
    profile = tmp_path / "p.json"
    profile.write_text('{"age": "sixteen"}')
    assert main(["advise", "--db", str(catalog_path), "--profile", str(profile)]) == 2
    assert "age" in capsys.readouterr().err


def test_entree_comes_after_the_level_2_courses_for_a_pupil_with_a_vmbo_diploma(catalog):
    a = run(
        catalog, education="vmbo_kb", vmbo_profile="PIE", age=16, place="Utrecht", interests_text="lassen en metaal"
    )
    levels = [r.course.level for r in a.items]
    assert levels[0] >= 2 and (1 not in levels or levels.index(1) > 0), [(r.course.name, r.score) for r in a.items]


@pytest.mark.parametrize(
    "interests", ["tekenen en ontwerpen", "lassen en solderen", "ik wil kapper worden", "autos", "repareren"]
)
def test_the_details_of_a_course_claim_the_fit_the_list_claims(catalog, interests):
    """ "Waarom nummer 2?" showed "Past bij wat je leuk vindt: tekenen, ontwerpen" on a course the list gave no fit."""
    p = Profile.from_dict({"education": "vmbo_tl", "vmbo_profile": "PIE", "age": 16, "interests_text": interests})
    for item in advise(p, catalog, TODAY).items:
        detail = explain_course(p, catalog, item.course.crebo, TODAY)
        assert detail is not None and detail.fit_words == item.fit_words, item.course.name


def test_a_stated_level_wish_fills_the_list_with_that_level_in_the_same_field(catalog):
    """ "Monteur niveau 2 gehaald, ik wil door naar niveau 4": two of five were level 4 under a level-2 course."""
    a = run(catalog, education="mbo2", age=20, place="Tilburg", interests_text="iets met elektriciteit", level_wish=4)
    levels = [r.course.level for r in a.items]
    assert levels.count(4) >= 3 and 4 in levels[:2], [(r.course.name, r.score) for r in a.items]
    assert all("elektr" in r.course.name.lower() for r in a.items)


def test_level_3_or_4_after_an_mbo_2_diploma_shows_both_in_the_field_named(catalog):
    """ "ik wil door naar niveau 3 of 4, liefst bedrijfswagens" got the level-3 truck course, not the level-4 one."""
    from bot.intake import level_wish

    text = "ik wil door naar niveau 3 of 4, liefst bedrijfswagens"
    a = run(catalog, education="mbo2", age=22, route="bbl", interests_text=text, level_wish=level_wish(text, "mbo2"))
    trucks = [r.course.level for r in a.items if "bedrijfsauto" in r.course.name.lower()]
    assert trucks[:2] == [4, 3], [(r.course.name, r.course.level) for r in a.items]


@pytest.mark.parametrize("profile, word", [("BWI", "timmerman"), ("MT", "technicus"), ("PIE", "monteur")])
def test_a_pupil_who_cannot_say_what_they_like_gets_the_fields_of_their_vmbo_profile_first(catalog, profile, word):
    """An undecided BWI pupil who said "weet niet" to everything got caravan and scooter technicians first."""
    a = run(catalog, education="vmbo_bb", vmbo_profile=profile, has_math_or_science=True, age=15, place="Zwolle")
    assert word in a.items[0].course.name.lower(), [r.course.name for r in a.items]
    assert not a.fits and not any(r.fit_words for r in a.items)  # they did not say they like it
    assert any(f"vmbo-profiel ({'M&T' if profile == 'MT' else profile})" in n.nl for n in a.notes)
    told = run(catalog, education="vmbo_bb", vmbo_profile=profile, age=15, place="Zwolle", interests_text="koken")
    assert "vmbo-profiel" not in " ".join(n.nl for n in told.notes)


def test_words_that_name_nothing_we_know_also_get_the_fields_of_the_vmbo_profile_first(catalog):
    """A parent wrote "hij gamet veel en helpt opa in de schuur" for a BWI pupil; "in de schuur" found the sanding
    autospuiter, and without it the list was caravan and scooter courses by prospects."""
    fields = dict(education="vmbo_kb", vmbo_profile="BWI", has_math_or_science=True, age=15, place="Zwolle")
    a = run(catalog, **fields, interests_text="hij helpt opa in de schuur")
    assert "timmerman" in a.items[0].course.name.lower(), [r.course.name for r in a.items]
    assert a.interest_state == "unmatched" and not a.fits and not any(r.fit_words for r in a.items)
    assert a.notes[-1].nl.startswith("Ik herken in je antwoord nog geen technisch werk. Daarom staan eerst")
    assert "vmbo-profiel (BWI)" in a.notes[-1].nl
    games = run(catalog, **fields, interests_text="hij gamet veel en helpt opa in de schuur")
    assert games.items[0].fit_words == ("games",)  # "gamet" is "gamen" (bot/textmatch._verb_form)


def test_the_note_says_where_the_related_courses_are(catalog):
    """A 16-year-old without maths who likes fashion read "first the courses that share something with it" above
    Entree courses; the upholsterer she could not enter yet stood under 'Nog niet haalbaar'."""
    from bot.advice import INTEREST_THEN_RELATED, INTEREST_THEN_RELATED_LATER

    fields = {"age": 16, "place": "Amsterdam", "interests_text": "mode en tekenen", "route": "bol"}
    closed = run(catalog, education="vmbo_gl", has_math_or_science=False, **fields)
    assert not any(r.bridge for r in closed.items) and any(r.bridge for r in closed.out_of_reach)
    assert INTEREST_THEN_RELATED_LATER.nl in closed.notes[-1].nl and INTEREST_THEN_RELATED.nl not in closed.notes[-1].nl
    open_ = run(catalog, education="havo", havo_vwo_year=4, **fields)
    assert open_.items[0].bridge and INTEREST_THEN_RELATED.nl in open_.notes[-1].nl


def test_the_best_course_left_out_by_the_route_or_start_wish_is_named(catalog):
    """A nurse who wants BBL from February and medical equipment got service mechanics, and never heard of the care
    technician, offered here as BOL from September only."""
    from bot import intake

    fields = {"education": "mbo4", "age": 31, "place": "Nijmegen", "interests_text": "medische apparatuur"}
    both = run(catalog, route="bbl", start_wish="february", **fields)
    note = next(n.nl for n in both.notes if n.nl.startswith("Zorgtechnicus past het best"))
    assert "BBL en start in februari" in note and "'BOL of BBL en de start maken niet uit'" in note
    route_only = run(catalog, route="bbl", **fields)
    assert any("met BBL." in n.nl and "'BOL of BBL maakt niet uit'" in n.nl for n in route_only.notes)
    either = run(catalog, route="either", **fields)
    assert either.items[0].course.name == "Zorgtechnicus"
    assert not any("past het best bij wat je zoekt, maar" in n.nl for n in either.notes)
    # what the note asks to say lets the wishes go
    said = intake.read("BOL of BBL en de start maken niet uit", "inform", [], None).values
    assert said == {"route": "either", "start_wish": "any"}
    said = intake.read("BOL or BBL and the start don't matter", "inform", [], None).values
    assert said == {"route": "either", "start_wish": "any"}


def test_a_welder_in_english_gets_the_metal_welding_courses_in_the_top_three(catalog):
    # a stranger typed "I am 30 and want to become a welder": only the rebar welder was matched ("welder" was no core
    # English keyword of Productietechniek, while Dutch "lasser" is)
    a = run(catalog, education="vmbo_kb", age=17, place="Utrecht", interests_text="welder", language="en")
    assert {"25894", "25895"} & {r.course.crebo for r in a.items[:3]}


def test_a_course_in_the_persons_own_town_says_so_not_about_0_km(catalog):
    """ "Nearest place: Amersfoort, about 0 km" read like a mistake."""
    a = run(catalog, education="mbo2", age=34, place="Amersfoort", interests_text="solar panels", language="en")
    reasons = [r.en for item in a.items for r in item.reasons]
    assert "Nearest place: Amersfoort, in your own town." in reasons, reasons
    assert not any("about 0 km" in r for r in reasons)
    assert distance_label(12.4).nl == "ongeveer 12 km" and distance_label(0.3).nl == "in je eigen woonplaats"


@pytest.mark.parametrize(
    "text, lang, age, evc",
    [
        ("ik was 3 jaar elektricien in Syrië", "nl", 27, True),
        ("I worked 10 years as a car mechanic in Iraq", "en", 35, True),
        ("I was electrician 5 years there", "en", 27, True),
        ("ik was 3 jaar elektricien in Syrië", "nl", 16, False),  # EVC is for adults
        ("ik hou van elektriciteit", "nl", 27, False),  # a liking is no experience
    ],
)
def test_an_adult_with_experience_in_the_work_hears_that_evc_may_shorten_the_course(catalog, text, lang, age, evc):
    """A Syrian electrician of 27 got the electrician courses with no word that his years of work could count."""
    a = run(catalog, education="foreign", age=age, place="Utrecht", interests_text=text, language=lang)
    said = [[r.get(lang) for r in item.reasons] for item in a.items[:2]]
    assert all(any("EVC" in r for r in reasons) == evc for reasons in said), said


@pytest.mark.parametrize("year, start", [(2, "september 2029"), (3, "september 2028"), (4, "september 2027")])
def test_a_pupil_in_vmbo_starts_after_the_diploma(catalog, year, start):
    """A mother of a pupil in the second year of vmbo tl got "Start: op elk moment" and "februari 2027": a pupil
    starts mbo after the vmbo diploma, at the end of year 4, and the advice says so."""
    fields = {"education": "vmbo_tl", "vmbo_profile": "PIE", "has_math_or_science": True, "age": 14}
    a = run(catalog, **fields, vmbo_year=year, interests_text="elektriciteit", place="Utrecht")
    assert a.items and {o.next_start.label.nl for r in a.items for o in r.offers} == {start}
    assert any(f"in september {start[-4:]}" in n.nl and f"klas {year}" in n.nl for n in a.notes)
    assert any("kies je een profiel" in n.nl for n in a.notes) is (year <= 2)  # what to choose, before the choice
    soon = run(catalog, **fields, vmbo_year=year, interests_text="elektriciteit", place="Utrecht", start_wish="asap")
    said = [r.nl for item in soon.items for r in item.reasons]  # not "op elk moment" beside "Start: september 2029"
    assert soon.items and not any("op elk moment" in r for r in said), said
    adult = run(catalog, **{**fields, "age": 19}, vmbo_year=year, interests_text="elektriciteit", place="Utrecht")
    assert not any("klas" in n.nl for n in adult.notes)  # an adult in vmbo (or who misread the question): as before


def test_bbl_at_15_is_about_the_age_at_the_start(catalog):
    """A 13-year-old in the second year starts at about 16: no note that BBL at 15 needs the leerplichtambtenaar."""
    fields = {"education": "vmbo_kb", "age": 13, "route": "bbl", "interests_text": "brommers"}
    assert not any("15 jaar" in n.nl for n in run(catalog, **fields, vmbo_year=2).notes)
    assert any("15 jaar" in n.nl for n in run(catalog, **fields).notes)  # no year told: the age now


def test_a_havo_pupil_in_year_2_starts_after_the_pass_to_year_4(catalog):
    """A 14-year-old in havo 2 got Entree first and "Start: september 2027"; now: the courses of after the pass to
    havo 4, from September 2028, and a note that says so and names the decaan."""
    a = run(catalog, education="havo", havo_vwo_year=1, age=14, interests_text="elektriciteit", place="Delft")
    assert a.items and all(r.course.level >= 2 for r in a.items)
    assert {o.next_start.label.nl for r in a.items for o in r.offers} == {"september 2028"}
    assert any("havo 2" in n.nl and "september 2028" in n.nl and "decaan" in n.nl for n in a.notes)


@pytest.mark.parametrize(
    "text, first, later",
    [
        ("i wanna drive those huge excavators and cranes", "machinist", "monteur"),
        ("ik wil graafmachines repareren", "monteur", "machinist"),
    ],
)
def test_driving_a_machine_is_no_mechanics_course_and_repairing_it_no_machinists(catalog, text, first, later):
    """The same machines named, another job: the verbs say which (bot/roles.py)."""
    lang = "en" if text.startswith("i ") else "nl"
    a = run(catalog, education="havo", havo_vwo_year=3, age=17, interests_text=text, place="Utrecht", language=lang)
    names = [r.course.name.lower() for r in a.items]
    kinds = [first if first in n else later if later in n else "" for n in names]
    # every course of the named job before any of the other (three machinists came before the mechanics); the other
    # job's courses may follow, as neighbours of the same machines
    assert kinds[0] == first and later not in kinds[: max(i for i, k in enumerate(kinds) if k == first)], names


@pytest.mark.parametrize("age, pupil", [(14, True), (15, True), (16, False), (35, False)])
def test_a_young_vmbo_pupil_who_did_not_say_the_year_starts_after_the_diploma(catalog, age, pupil):
    """A 15-year-old in vmbo kader who wanted to start "zo snel mogelijk" got "Start: op elk moment" and February
    starts: at 15 someone in the vmbo is at school still, and starts mbo after the diploma (September at the earliest,
    a year later from year 3); the advice says so and asks for the year."""
    fields = {"education": "vmbo_kb", "vmbo_profile": "PIE", "age": age, "place": "Utrecht", "start_wish": "asap"}
    a = run(catalog, **fields, interests_text="auto's")
    starts = {o.next_start.date for r in a.items for o in r.offers if o.next_start}
    assert a.items and (min(starts) >= dt.date(2027, 9, 1)) is pupil, starts
    assert any("op zijn vroegst in september 2027" in n.nl and "in welke klas" in n.nl for n in a.notes) is pupil
    told = run(catalog, **{**fields, "age": 15}, vmbo_year=3, interests_text="auto's")  # the year told: exactly
    assert {o.next_start.date for r in told.items for o in r.offers if o.next_start} == {dt.date(2028, 9, 1)}
    assert not any("op zijn vroegst" in n.nl for n in told.notes)


@pytest.mark.parametrize("age, pupil", [(15, True), (16, False)])
def test_a_15_year_old_who_left_the_school_open_starts_after_school(catalog, age, pupil):
    """A 15-year-old who answered "geen idee" to the school question and wanted to start "zo snel mogelijk" got
    "Start: op elk moment": at 15 almost everyone is at school still (vmbo, havo or vwo), so the advice starts in
    September at the earliest and asks for the school and year."""
    fields = {"age": age, "place": "Zwolle", "start_wish": "asap", "interests_text": "auto's"}
    a = run(catalog, **fields)
    starts = {o.next_start.date for r in a.items + a.out_of_reach for o in r.offers if o.next_start}
    assert starts and (min(starts) >= dt.date(2027, 9, 1)) is pupil, starts
    said = [n for n in a.notes if "op zijn vroegst in september 2027" in n.nl]
    assert bool(said) is pupil
    assert all("havo" in n.nl and "havo" in n.en and "welke school" in n.nl for n in said)


def test_a_course_that_answers_several_items_of_a_list_comes_before_one_that_answers_one(catalog, monkeypatch):
    """ "vissen, boten en met metaal werken" put the zinc workers (metal, well described) above the ship metal
    worker, who is metal and boats (bench/relevance.py dev2)."""

    def items() -> list[advice.Recommendation]:
        text = "vissen, boten en met metaal werken"
        return run(catalog, education="havo", havo_vwo_year=3, age=17, place="Utrecht", interests_text=text).items

    def score(name: str) -> float:
        return next(r.score for r in items() if r.course.name == name)

    assert items()[0].course.name == "Scheepsmetaalbewerker"
    with_items = score("Scheepsmetaalbewerker")
    monkeypatch.setattr(advice, "W_COVER", 0.0)
    assert score("Scheepsmetaalbewerker") < with_items  # the items counted lift it (alone it no longer decides)


def test_of_a_tie_the_field_with_most_evidence_orders_the_rest(catalog):
    """A Syrian welder at Dutch A2 ("in syrie ik was lasser 8 jaar") got the building Entree course first: the best
    matches tied between Betonstaallasser (building) and the production courses (metal), and the first of the tie
    chose the field whose courses come next."""
    a = run(
        catalog,
        education="foreign",
        age=30,
        dutch_level="A2",
        route="bbl",
        place="Arnhem",
        interests_text="in syrie ik was lasser 8 jaar",
        language="nl",
        newcomer=True,
    )
    assert a.items[0].course.name == "Assistent metaal-, elektro- en installatietechniek", [
        r.course.name for r in a.items
    ]


def test_no_catch_up_route_to_work_nobody_named(catalog):
    """A girl in 4 tl who likes drawing and puzzles got "Specialist restauratie metselwerk" (level 4, fit 0.06) under
    "Nog niet haalbaar": a route to work she never named. Out of reach are only courses related to what she said."""
    a = run(
        catalog,
        education="vmbo_tl",
        vmbo_year=4,
        age=15,
        has_math_or_science=True,
        route="bol",
        place="Nijmegen",
        interests_text="ik hou van tekenen en puzzels oplossen",
    )
    assert a.interest_state == "technical" and a.items
    assert all(r.fit >= advice.FIT_RELATED or r.fit_words for r in a.out_of_reach), [
        (r.course.name, r.fit) for r in a.out_of_reach
    ]
    untold = run(catalog, education="none", age=17)  # who told nothing still sees routes to courses with prospects
    assert untold.out_of_reach


def test_the_best_fit_left_out_by_a_wish_must_beat_the_courses_out_of_reach_too(catalog):
    """A newcomer at Dutch A1 who wants "auto reparatie" with BBL sees only car courses out of reach; he was told
    "Adviseur mobiliteitsbranche past het best bij wat je zoekt, maar die kun je hier niet doen met BBL"."""
    a = run(
        catalog,
        education="foreign",
        age=26,
        dutch_level="A1",
        route="bbl",
        place="Tilburg",
        start_wish="any",
        interests_text="ik wil auto reparatie",
        language="nl",
        newcomer=True,
    )
    assert not a.items and a.out_of_reach
    assert not any("past het best" in n.nl for n in a.notes), [n.nl for n in a.notes]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("ik game veel en ik vind knutselen leuk", "nl", "26020"),  # "knutselen" matched nothing: five ICT courses
        ("knutselen met lego en arduino", "nl", "25892"),  # mechatronics (Eerste monteur mechatronica, level 3)
        ("tinkering and gaming", "en", "26020"),
    ],
)
def test_tinkering_is_making_things(catalog, text, lang, expected):
    """A 15-year-old typed "ik game veel en ik vind knutselen leuk": the tinkering was not read at all."""
    a = run(catalog, education="vmbo_tl", has_math_or_science=True, age=15, interests_text=text, language=lang)
    assert expected in [r.course.crebo for r in a.items], [r.course.name for r in a.items]


def test_an_mbo_graduate_who_names_no_liking_sees_the_next_level_of_their_trade_first(catalog):
    """A 22-year-old with the diploma Monteur elektrotechnische installaties (level 2) who wanted "door naar niveau 3"
    and tapped "met je handen, repareren, buiten" got a concrete repairer and a bicycle mechanic first."""
    fields = {"education": "mbo2", "mbo_dossier": "23299", "level_wish": 3, "age": 22, "place": "Utrecht"}
    a = run(catalog, **fields, interest_choices=["hands", "repair", "outside"], riasec={"R": 1.0})
    first = a.items[0]
    assert first.course.dossier_code == "23299" and first.course.level == 3, [r.course.name for r in a.items]
    assert "De volgende stap in het vak van je mbo-diploma." in [t.nl for t in first.reasons]
    assert any("volgende stap in het vak" in n.nl for n in a.notes)
    typed = run(catalog, **fields, interests_text="ik wil iets met auto's")  # a liking named: that comes first
    assert typed.items[0].course.dossier_code != "23299"
    assert not any("volgende stap" in t.nl for r in typed.items for t in r.reasons)


@pytest.mark.parametrize(
    "held, dossier, text",
    [("mbo3", "23273", "something with cars and engines"), ("mbo3", "23331", "bouwen en timmeren met hout")],
)
def test_who_asks_for_the_level_above_their_diploma_gets_no_step_back_first(catalog, held, dossier, text):
    """Simulated mbo graduates: "Eerste Autotechnicus (niveau 3), I want to go on to level 4", then "cars and engines",
    got a level-2 course first; "Allround timmerman (niveau 3) gehaald, door naar niveau 4" got Allround timmerman."""
    a = run(catalog, education=held, mbo_dossier=dossier, level_wish=4, age=23, place="Utrecht", interests_text=text)
    assert [r.course.level for r in a.items[:1]] == [4], [(r.course.name, r.course.level) for r in a.items]


def test_the_diploma_held_is_not_advised_again(catalog):
    """A stranger chat: "mbo 2 autotechniek gehaald" and "auto's" got Autotechnicus (level 2), the course held,
    first."""
    a = run(catalog, education="mbo2", mbo_dossier="23273", age=19, place="Utrecht", interests_text="auto's")
    shown = [(r.course.name, r.course.level) for r in a.items]
    assert a.items[0].course.dossier_code == "23273" and a.items[0].course.level == 3, shown
    assert "25242" not in [r.course.crebo for r in a.items[:3]], shown


@pytest.mark.parametrize(
    "text, lang, said",
    [
        ("ik was lasser", "nl", "Sluit aan bij je werk: lasser."),
        ("ik ben lasser", "nl", "Sluit aan bij je werk: lasser."),
        ("I'm a welder", "en", "Builds on your work: welder."),
        ("lassen", "nl", "Past bij wat je leuk vindt: lassen."),
        ("ik ben gek op lassen", "nl", "Past bij wat je leuk vindt: lassen."),
    ],
)
def test_a_job_told_is_named_as_work_not_as_a_liking(catalog, text, lang, said):
    """A stranger chat: "ik was lasser" got "Past bij wat je leuk vindt: lasser"."""
    a = run(catalog, education="vmbo_kb", age=35, place="Utrecht", interests_text=text, language=lang)
    assert said in [getattr(t, lang) for t in a.items[0].reasons], [t.nl for t in a.items[0].reasons]


@pytest.mark.parametrize(
    "text, lang, trade",
    [
        (
            "I was a plumber for years. Now I want to work in the office, drawing and planning installations.",
            "en",
            "installatie",
        ),
        ("Ik ben timmerman geweest, nu wil ik graag werkvoorbereider worden.", "nl", "bouw"),
    ],
)
def test_an_office_wish_after_a_trade_meets_that_trades_office_courses_first(catalog, text, lang, trade):
    """bench/relevance.py: a welder of twelve years who wanted to prepare the work got the wood industry's work
    planners first; a plumber who wanted to draw installations got the mechanical draughtsman."""
    a = run(catalog, education="mbo2", age=35, place="Utrecht", interests_text=text, language=lang)
    assert trade in roles.course_trades(a.items[0].course.name), [r.course.name for r in a.items]


def test_old_radios_are_no_aircraft_radios(catalog):
    a = run(catalog, education="havo", havo_vwo_year=3, age=15, interests_text="my son loves taking apart old radios")
    assert "Technicus avionica" not in [r.course.name for r in a.items[:3]], [r.course.name for r in a.items]


def test_a_phrase_out_of_its_context_leaves_its_words_to_be_read(catalog):
    """A newcomer's "auto maken" matched nothing: the phrase "auto's maken" (it needs "kapot", "repareren"...) took
    both words and then did not hold, so "auto" was never read."""
    a = run(catalog, education="havo", havo_vwo_year=3, age=17, interests_text="auto maken", language="nl")
    assert a.items[0].course.dossier_code == "23273" and a.items[0].fit_words, [r.course.name for r in a.items]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("ik ben goed in wiskunde en natuurkunde en ik vind stroom en stopcontacten interessant", "nl"),
        ("she is really good at physics and likes electricity", "en"),
    ],
)
def test_a_school_subject_one_is_good_at_is_no_wish_for_a_lab(catalog, text, lang):
    """Sanne (15, vmbo-tl) is "goed in wiskunde en natuurkunde" and wants to know how power from wind turbines reaches
    the socket: she got Chemisch fysisch analist among electricians, because "natuurkunde" is a lab keyword."""
    a = run(catalog, education="havo", havo_vwo_year=3, age=17, place="Utrecht", interests_text=text, language=lang)
    assert not any(r.course.crebo in ("25952", "25046") for r in a.items), [r.course.name for r in a.items]
    liked = run(catalog, education="havo", havo_vwo_year=3, age=17, place="Utrecht", interests_text="natuurkunde")
    assert liked.items[0].course.crebo in ("25952", "25046")  # a liking for physics alone still reads as the lab


def test_who_tells_nothing_sees_the_breadth_of_techniek_at_their_level(catalog):
    """A parent of a havo-5 pupil said "geen idee" to every choice (simulated p0038, seed 77): five level-2 courses,
    three of them cars, aircraft and mobile machines, sorted by prospects. With havo one starts at level 4."""
    static = advice._static(catalog)
    havo = run(catalog, education="havo", havo_vwo_year=5, age=17, place="Amersfoort")
    assert havo.interest_state == advice.UNTOLD and len(havo.items) == 5
    assert {r.course.level for r in havo.items} == {4}, [r.course.name for r in havo.items]
    assert len({static.areas[static.index[r.course.crebo]] for r in havo.items}) == 5  # five fields of work
    kader = run(catalog, education="vmbo_kb", vmbo_year=4, age=16, place="Amersfoort")
    assert len({static.areas[static.index[r.course.crebo]] for r in kader.items}) == 5
    assert 1 not in {r.course.level for r in run(catalog, education="none", age=35, place="Amersfoort").items}
    told = run(catalog, education="havo", havo_vwo_year=5, age=17, place="Amersfoort", interests_text="auto's")
    assert {static.areas[static.index[r.course.crebo]] for r in told.items} == {"mobiliteit"}  # a liking decides


def test_courses_not_open_yet_show_the_nearest_step_first(catalog):
    """A newcomer at A1 who was an electrician saw the level-3 electrician above the level-2 one, whose catch-up route
    is shorter (a stranger chat, 2026-12-07)."""
    a = run(
        catalog,
        education="foreign",
        age=30,
        interests_text="ik was elektricien in syrie",
        dutch_level="A1",
        newcomer=True,
    )
    assert not a.items and len(a.out_of_reach) >= 2
    fitting = [r for r in a.out_of_reach if r.fit >= advice.FIT_SHOWN]
    assert len(fitting) >= 2 and fitting == a.out_of_reach[: len(fitting)]
    levels = [r.course.level for r in fitting]
    assert levels == sorted(levels) and levels[0] < levels[-1], [(r.course.name, r.course.level) for r in fitting]
