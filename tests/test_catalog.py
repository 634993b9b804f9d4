"""Catalogue build: real data loads fully; every importer rejects bad rows with file, line and reason."""

import copy
import json
import os

import pytest

from bot.catalog import build as catalog_build
from bot.catalog import located, synthetic
from bot.catalog.errors import CatalogImportError
from bot.paths import DATA_DIR
from tests.conftest import fake_gazetteer


def build(data, db, **kw):
    return catalog_build.build(catalog_build.Sources(data, **kw), db, gazetteer=fake_gazetteer)


def test_real_catalogue_loads_every_row(catalog):
    assert len(catalog.all_names) == 4288  # every row of the SBB table
    assert 200 < len(catalog.courses) < 400
    assert all(c.technical and c.level for c in catalog.courses.values())
    # superseded codes are never courses: same name, newer code; and curated successors
    assert "25280" not in catalog.courses and "27074" in catalog.courses  # Airco/warmtepompmonteur
    assert "25291" not in catalog.courses and catalog.superseded["25291"] == "25894"
    assert "25046" not in catalog.courses and catalog.superseded["25046"] == "25952"  # "-" or " " in the name
    assert "25046" not in catalog.offers and len(catalog.offers["25952"].loc) == 5  # its offers go to the successor
    # every technical dossier with a current course has an interest profile
    assert all(catalog.profile_for(c) for c in catalog.courses.values())


def test_demo_school_is_marked_fictional(catalog):
    assert catalog.locations and all(loc.fictional for loc in catalog.locations)
    assert all("fictie" in loc.school.lower() and loc.website.endswith(".invalid") for loc in catalog.locations)


def test_demo_school_offers_every_current_course_and_its_script_reproduces_it(catalog):
    """A course without an offer never reaches the advice, so the demo would hide it (five did, once new in the SBB
    table); scripts/make_demo_school.py keeps the committed file as it is when nothing is missing."""
    assert set(catalog.courses) <= set(catalog.offers)
    committed = json.loads((DATA_DIR / "schools" / "demo-school.json").read_text(encoding="utf-8"))
    assert synthetic.top_up(copy.deepcopy(committed), DATA_DIR) == committed


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("Eindhoven", "Eindhoven"),
        ("Den Bosch", "'s-Hertogenbosch"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("s hertogenbosch", "'s-Hertogenbosch"),
        ("den haag", "Den Haag"),  # GeoNames' English name was shown in Dutch advice (places.DUTCH_NAMES)
        ("The Hague", "Den Haag"),
        ("Eindhovn", "Eindhoven"),
        ("in Zwolle", "Zwolle"),
        ("URK", "Urk"),
        ("rdam", "Rotterdam"),  # chat nicknames (places.NICKNAMES): "rdam" got "Dat snapte ik niet"
        ("A'dam", "Amsterdam"),
        ("dordt", "Dordrecht"),
        ("utreg", "Utrecht"),
    ],
)
def test_place_resolution(catalog, typed, expected):
    place = catalog.resolve_place(typed)
    assert place is not None and place.name == expected


@pytest.mark.parametrize("typed", ["Atlantis", "", "   ", "12345", "x"])
def test_unknown_places_resolve_to_none(catalog, typed):
    assert catalog.resolve_place(typed) is None


def test_build_with_fake_gazetteer(data_copy, tmp_path):
    counts = build(data_copy, tmp_path / "c.db")
    assert counts["qualifications"] == 4288 and counts["offers"] > 500 and counts["signals"] >= 5


def _expect_failure(data, tmp_path, fragment, line=None, **kw):
    db = tmp_path / "c.db"
    db.write_bytes(b"previous catalogue")
    with pytest.raises(CatalogImportError) as err:
        build(data, db, **kw)
    assert fragment in err.value.reason, err.value
    if line is not None:
        assert err.value.line == line
    assert db.read_bytes() == b"previous catalogue"  # the old database is untouched
    assert [p.name for p in tmp_path.iterdir() if ".tmp" in p.name] == []
    return err.value


def test_crebo_missing_column(data_copy, tmp_path):
    path = data_copy / "crebo.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0].replace(",leerweg", "")] + lines[1:]), encoding="utf-8")
    _expect_failure(data_copy, tmp_path, "missing column(s): leerweg", line=1)


@pytest.mark.parametrize(
    "bad_row,fragment",
    [
        ("1234,Kort,2,basisberoepsopleiding,BOL,hg011,T,sg013,E,23299,D,01,S", "5 digits"),
        ("99999,Te weinig velden,2", "expected 13 fields"),
        ("99999,Niveau fout,7,basisberoepsopleiding,BOL,hg011,T,sg013,E,23299,D,01,S", "level must be 1-4"),
        ("99999,Leerweg fout,2,basisberoepsopleiding,XYZ,hg011,T,sg013,E,23299,D,01,S", "unknown leerweg"),
        ("10001,Dubbel,2,basisberoepsopleiding,BOL,hg011,T,sg013,E,23299,D,01,S", "duplicate crebo"),
    ],
)
def test_crebo_bad_rows_report_line(data_copy, tmp_path, bad_row, fragment):
    path = data_copy / "crebo.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(10, bad_row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _expect_failure(data_copy, tmp_path, fragment, line=11)
    assert err.path.endswith("crebo.csv") and "crebo.csv:11" in str(err)


def _write_offers(data, schools):
    (data / "schools" / "demo-school.json").write_text(json.dumps(schools, indent=1), encoding="utf-8")


def _school(**study_overrides):
    study = {
        "crebo": "25737",
        "learningPaths": ["BBL"],
        "startingSeptember": True,
        "startingFebruary": False,
        "startingAnytime": False,
        "hasNumerusFixus": False,
        "urls": [],
    }
    study.update(study_overrides)
    return [
        {
            "brin": "99ZZ",
            "name": "Test ROC (fictief)",
            "fictional": True,
            "locations": [{"brinvest": "99ZZ00", "name": "x", "city": "Zwolle", "studies": [study]}],
        }
    ]


@pytest.mark.parametrize(
    "override,fragment",
    [
        ({"crebo": "99998"}, "unknown crebo"),
        ({"learningPaths": ["EVENING"]}, "learningPaths"),
        ({"startingAnytime": "yes"}, "wrong type"),
        ({"startingSeptember": False}, "no start moment"),
    ],
)
def test_offers_bad_study_reports_its_line(data_copy, tmp_path, override, fragment):
    _write_offers(data_copy, _school(**override))
    err = _expect_failure(data_copy, tmp_path, fragment)
    text = (data_copy / "schools" / "demo-school.json").read_text().splitlines()
    assert text[err.line - 1].strip() == "{"  # points at the study object
    assert '"crebo"' in text[err.line]


def test_offers_missing_field_and_unknown_city(data_copy, tmp_path):
    school = _school()
    del school[0]["locations"][0]["studies"][0]["hasNumerusFixus"]
    _write_offers(data_copy, school)
    _expect_failure(data_copy, tmp_path, "missing field 'hasNumerusFixus'")
    school = _school()
    school[0]["locations"][0]["city"] = "Atlantis"
    _write_offers(data_copy, school)
    _expect_failure(data_copy, tmp_path, "unknown city 'Atlantis'", line=7)


def test_offers_invalid_json_reports_line(data_copy, tmp_path):
    (data_copy / "schools" / "demo-school.json").write_text('[\n {"brin": "1",\n  "name": }\n]', encoding="utf-8")
    _expect_failure(data_copy, tmp_path, "invalid JSON", line=3)


def test_extra_offer_file_and_no_demo(data_copy, tmp_path):
    extra = tmp_path / "school.json"
    extra.write_text(json.dumps(_school()), encoding="utf-8")
    counts = build(data_copy, tmp_path / "c.db", offer_files=[extra], include_demo=False)
    assert counts["offers"] == 1


def test_demand_unknown_dossier(data_copy, tmp_path):
    path = data_copy / "demand" / "signals.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"23361", "23360", "23329"', '"23361", "99999", "23329"', 1)
    )
    _expect_failure(data_copy, tmp_path, "unknown dossier(s) 99999")


def test_kans_op_werk_import_and_rejection(data_copy, tmp_path):
    good = tmp_path / "kans_op_werk_test.csv"
    good.write_text("crebo,regio,kans_op_werk,peildatum,bron\n25737,Nederland,++,2026-01,SBB test fixture\n")
    counts = build(data_copy, tmp_path / "c.db", kans_files=[good])
    assert counts["kans_op_werk"] == 1
    bad = tmp_path / "kans_bad.csv"
    bad.write_text(
        "crebo,regio,kans_op_werk,peildatum,bron\n25737,Nederland,++,2026-01,x\n25737,Twente,super,2026-01,x\n"
    )
    _expect_failure(data_copy, tmp_path, "not on SBB's scale", line=3, kans_files=[bad])


def test_kans_op_werk_is_shown_with_source(data_copy, tmp_path):
    from bot.advice import advise
    from bot.catalog.store import Catalog
    from bot.profile import Profile

    kans = tmp_path / "kans.csv"
    kans.write_text("crebo,regio,kans_op_werk,peildatum,bron\n25737,Nederland,++,2026-01,SBB test fixture\n")
    build(data_copy, tmp_path / "k.db", kans_files=[kans])
    a = advise(
        Profile(education="vmbo_bb", vmbo_profile="PIE", interests_text="elektriciteit"), Catalog(tmp_path / "k.db")
    )
    item = next(i for i in a.as_dict()["items"] if i["crebo"] == "25737")
    assert item["demand"]["source"] == "SBB test fixture" and "++" in item["demand"]["text"]


def test_interest_profile_name_must_match(data_copy, tmp_path):
    path = data_copy / "interests.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Elektrotechnische installaties\n", "name: Elektro\n", 1),
        encoding="utf-8",
    )
    _expect_failure(data_copy, tmp_path, "name must be")


def test_a_named_context_list_is_written_out_and_an_unknown_one_is_an_error(data_copy, tmp_path, catalog):
    """71 keywords shared one list of 31 wood and stone words; they name it ("cnc ~ not @wood_or_stone")."""
    senses = catalog.keywords._senses[("cnc",)]
    assert any("hout" in s.avoid and "marmer" in s.avoid for s in senses)
    path = data_copy / "interests.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("cnc frezen ~ not @wood_or_stone", "cnc frezen ~ not @wood_and_stone", 1), encoding="utf-8"
    )
    _expect_failure(data_copy, tmp_path, "no context list @wood_and_stone")


def test_a_named_context_list_also_reads_as_a_needed_context(catalog):
    """ "opbouw ~ @vehicles": the body builder's "opbouw" needs a vehicle beside it, as the 8 copies it replaced did."""
    senses = catalog.keywords._senses[("opbouw",)]
    assert senses and all("vrachtwagen" in s.need and "caravan" in s.need and not s.avoid for s in senses)


def test_located_json_lines():
    doc = located.loads_json('[\n {"a": 1},\n {"b": [1, 2, {"c": 3}]}\n]')
    assert doc[0].line == 2 and doc[1].line == 3 and doc[1]["b"][2].line == 3
    with pytest.raises(located.SyntaxProblem):
        located.loads_json('{"a": 1} x')


def test_missing_catalogue_says_how_to_build(tmp_path):
    from bot.catalog.store import Catalog, CatalogMissing

    with pytest.raises(CatalogMissing, match="catalog build"):
        Catalog(tmp_path / "nope.db")


def test_build_is_atomic_for_the_real_target(data_copy, tmp_path):
    db = tmp_path / "c.db"
    build(data_copy, db)
    before = (db.stat().st_size, db.read_bytes()[:100])
    (data_copy / "technical.yml").write_text("technical: [", encoding="utf-8")
    with pytest.raises(CatalogImportError):
        build(data_copy, db)
    assert (db.stat().st_size, db.read_bytes()[:100]) == before
    assert not [p for p in os.listdir(tmp_path) if ".tmp" in p]


def test_find_courses_by_name(catalog):
    found = catalog.find_courses("Monteur elektrotechnische installaties")
    assert found and found[0].crebo == "25737"
    assert catalog.find_courses("") == []
    assert catalog.find_courses("zzzzqqqq") == []


def test_two_files_cannot_claim_the_same_location(data_copy, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(_school()), encoding="utf-8")
    second.write_text(json.dumps(_school()), encoding="utf-8")
    _expect_failure(data_copy, tmp_path, "duplicate location 99ZZ00", offer_files=[first, second], include_demo=False)


def test_a_case_manager_is_no_wish_to_manage(catalog):
    """ "my case manager say techniek good job" put car dealership managers under 'what fits you best'."""
    assert not any(m.keyword == "manager" for m in catalog.keywords.read("my case manager says so", "en").matches)
    assert any(m.keyword == "manager" for m in catalog.keywords.read("ik wil manager worden", "nl").matches)
