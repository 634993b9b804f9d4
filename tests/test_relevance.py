"""Advice that fits (issue 14): senses, non-technical interests, per-qualification descriptions, demand per course."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest
import yaml

from bot import intake, learned, textmatch
from bot.advice import FIT_RELATED, NONTECHNICAL, TECHNICAL, UNMATCHED, UNTOLD, advise
from bot.catalog import editorial, examples
from bot.catalog.errors import CatalogImportError
from bot.catalog.examples import Example
from bot.docindex import PhraseIndex
from bot.paths import DATA_DIR
from bot.profile import Profile
from bot.render import render_chat
from bot.textmatch import (
    NOT_TYPOS,
    KeywordIndex,
    after_past_work,
    fold,
    listed_parts,
    parse_keyword,
    tokens,
    told_apart,
    wish_part,
)
from bot.texts import text
from tests.conftest import TODAY

BASE = {"education": "havo", "havo_vwo_year": 3, "age": 17, "place": "Utrecht"}


def run(catalog, text, lang="nl", **extra):
    return advise(Profile.from_dict({**BASE, **extra, "interests_text": text, "language": lang}), catalog, today=TODAY)


def first_dossiers(advice, n=3):
    return [r.course.dossier_code for r in advice.items[:n]]


# --- descriptions ------------------------------------------------------------------------------------------
def test_every_current_technical_qualification_has_a_description_that_names_its_own_occupation(catalog):
    doc = yaml.safe_load((DATA_DIR / "descriptions.yml").read_text(encoding="utf-8"))["qualifications"]
    for crebo, course in catalog.courses.items():
        item = doc.get(crebo)
        assert item, f"{crebo} {course.name}: no description in data/catalog/descriptions.yml"
        assert item["name"] == course.name
        for lang in ("nl", "en"):
            assert item[f"occupation_{lang}"].lower() in item[f"text_{lang}"].lower(), (crebo, lang)
        # the occupation is this qualification's own: it shares a word part with the official name
        name_parts = {p for w in fold_words(course.name) for p in _parts(w)}
        assert any(p in name_parts for w in fold_words(item["occupation_nl"]) for p in _parts(w)), (
            crebo,
            course.name,
            item["occupation_nl"],
        )


def fold_words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", fold(text))


def _parts(word: str, size: int = 4) -> set[str]:
    return {word[i : i + size] for i in range(len(word) - size + 1)}


def test_a_course_card_describes_its_own_occupation_not_the_dossier(catalog):
    caravan = next(c for c in catalog.courses.values() if c.name == "Eerste Caravantechnicus")
    a = run(catalog, "caravans en campers repareren")
    card = next(r for r in a.items + a.out_of_reach if r.course.crebo == caravan.crebo)
    assert "caravan" in card.summary.nl.lower() and "caravan" in card.summary.en.lower()
    assert "verspanen" not in card.summary.nl


def test_description_import_refuses_a_wrong_name_or_a_text_without_its_occupation(tmp_path):
    path = tmp_path / "descriptions.yml"
    good = {
        "name": "Lasser",
        "occupation_nl": "lasser",
        "occupation_en": "welder",
        "text_nl": "Als lasser maak je metaal vast.",
        "text_en": "As a welder you join metal.",
    }
    names = {"25289": "Lasser"}
    path.write_text(yaml.safe_dump({"qualifications": {"25289": good}}), encoding="utf-8")
    assert editorial.read_descriptions(path, names.get)[0]["occupation_en"] == "welder"
    for bad in ({**good, "name": "Laser"}, {**good, "text_en": "You join metal."}, {**good, "text_nl": "x" * 400}):
        path.write_text(yaml.safe_dump({"qualifications": {"25289": bad}}), encoding="utf-8")
        with pytest.raises(CatalogImportError):
            editorial.read_descriptions(path, names.get)


def test_other_fields_import_reads_the_desk_flag_and_refuses_anything_but_true_or_false(tmp_path):
    path = tmp_path / "other_fields.yml"
    field = {"name_nl": "kantoor", "name_en": "office", "phrases_nl": ["kantoor"], "phrases_en": ["office"]}
    for desk, expected in ((True, 1), (None, 0)):
        item = {**field, "desk": desk} if desk is not None else field
        path.write_text(yaml.safe_dump({"fields": {"kantoor": item}}), encoding="utf-8")
        assert editorial.read_other_fields(path, bool, bool)[0][0]["desk"] == expected
    path.write_text(yaml.safe_dump({"fields": {"kantoor": {**field, "desk": "yes please"}}}), encoding="utf-8")
    with pytest.raises(CatalogImportError):
        editorial.read_other_fields(path, bool, bool)


def test_beside_other_import_reads_its_lists_and_refuses_an_unknown_one(tmp_path):
    path = tmp_path / "other_fields.yml"
    doc = {"beside_other": {"everyday_nl": ["Klanten", "klanten"], "employers": ["bedrijf"]}, "fields": {}}
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert editorial.read_beside_other(path) == [
        {"kind": "everyday_nl", "word": "klanten"},
        {"kind": "employers", "word": "bedrijf"},
    ]
    path.write_text(yaml.safe_dump({**doc, "beside_other": {"everyday_de": ["kunden"]}}), encoding="utf-8")
    with pytest.raises(CatalogImportError):
        editorial.read_beside_other(path)


# --- vocabulary: what people call each course's work ---------------------------------------------------------
def test_every_current_technical_qualification_has_its_vocabulary_in_both_languages(catalog):
    for course in catalog.courses.values():
        words = catalog.vocabulary.get(course.crebo, {})
        assert all(len(words.get(lang, [])) >= 10 for lang in ("nl", "en")), f"{course.crebo} {course.name}: {words}"


def test_vocabulary_import_refuses_an_unknown_code_a_wrong_name_or_a_code_twice(tmp_path):
    names = {"25289": "Lasser"}
    good = {"25289": {"name": "Lasser", "nl": ["lassen", "mig lassen"], "en": ["welding", "mig welding"]}}
    one, two = tmp_path / "part1.yml", tmp_path / "part2.yml"
    one.write_text(yaml.safe_dump(good), encoding="utf-8")
    assert editorial.read_vocabulary([one], names.get)[0]["phrases_en"] == "welding|mig welding"
    for bad in ({"25290": good["25289"]}, {"25289": {**good["25289"], "name": "Laser"}}, {"25289": {"name": "Lasser"}}):
        two.write_text(yaml.safe_dump(bad), encoding="utf-8")
        with pytest.raises(CatalogImportError):
            editorial.read_vocabulary([two], names.get)
    two.write_text(yaml.safe_dump(good), encoding="utf-8")
    with pytest.raises(CatalogImportError, match="already in part1.yml"):
        editorial.read_vocabulary([one, two], names.get)


def _bench(name: str):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    return importlib.import_module(name)


def test_the_catalogue_learns_from_every_development_set_and_from_no_blind_one(catalog):
    relevance = _bench("relevance")
    cases = relevance.load_cases()
    learned_from = {e.id for e in catalog.examples}
    assert learned_from == {c.id for c in cases if c.technical and c.split not in relevance.BLIND}
    marked = {
        relevance.split_of(doc["cases"][0]["id"])
        for path in examples.example_files(relevance.CASES_DIR)
        if (doc := yaml.safe_load(path.read_text(encoding="utf-8"))).get("blind") is True
    }
    assert marked == set(relevance.BLIND)  # the benchmark's blind sets are the files the catalogue never reads


def test_a_development_set_is_measured_without_its_own_examples(catalog):
    relevance = _bench("relevance")
    assert relevance.cross_fitted(catalog, "fresh4") is catalog  # blind: never an example anyway
    for sets in relevance.FOLDS:
        kept = relevance.cross_fitted(catalog, sets[0]).examples
        assert kept and len(kept) < len(catalog.examples)
        assert not {relevance.split_of(e.id) for e in kept} & set(sets)


def test_examples_skip_blind_files_and_texts_without_grades_and_expand_a_dossier(tmp_path):
    courses = {"25827": "23151", "25826": "23151", "25944": "23152"}  # crebo -> dossier
    cases = [
        {"id": "x-nl-1", "lang": "nl", "text": "tegels zetten", "grades": {"23151": 1, "25827": 2, "99999": 2}},
        {"id": "x-nl-2", "lang": "nl", "text": "kapper", "grades": {}},
    ]
    (tmp_path / "cases_a.yml").write_text(yaml.safe_dump({"cases": cases}), encoding="utf-8")
    blind = [{"id": "b-nl-1", "lang": "nl", "text": "glas zetten", "grades": {"25944": 2}}]
    (tmp_path / "cases_b.yml").write_text(yaml.safe_dump({"blind": True, "cases": blind}), encoding="utf-8")
    rows = examples.read_examples(examples.example_files(tmp_path), courses)
    assert rows == [{"id": "x-nl-1", "lang": "nl", "text": "tegels zetten", "grades": "25826:1|25827:2"}]
    assert examples.parse_grades(rows[0]["grades"]) == {"25826": 1, "25827": 2}
    for bad in ({"cases": cases + cases[:1]}, {"cases": [{**cases[0], "grades": {"25827": 3}}]}, {"case": cases}):
        (tmp_path / "cases_a.yml").write_text(yaml.safe_dump(bad), encoding="utf-8")
        with pytest.raises(CatalogImportError):
            examples.read_examples(examples.example_files(tmp_path), courses)


def test_neighbours_and_similar_texts_are_learned_from_grades_alone():
    index = {"tiler": 0, "floor": 1, "glazier": 2, "other": 3}
    graded = [
        Example("a", "nl", "badkamers betegelen met tegels", {"tiler": 2, "floor": 1}),
        Example("b", "nl", "tegels zetten in een keuken", {"tiler": 2}),
        Example("c", "nl", "ramen en glas zetten", {"glazier": 2}),
        *(Example(f"x{i}", "nl", f"iets heel anders {i}", {"other": 2}) for i in range(20)),  # (words in many: none)
    ]
    near = learned.neighbours(graded, index)
    assert near[0, 1] == near[1, 0] == pytest.approx(learned.ALSO_NAMED / (2 + learned.SMOOTHING))
    assert near[0, 2] == 0 and not near[2].any()  # never named beside another: the word similarity orders
    votes = learned.ExampleIndex(graded, index).score(tokens("tegels in de badkamer"))
    assert votes[0] == 1.0 and 0 < votes[1] < 1 and votes[2] == 0
    assert not learned.ExampleIndex([], index).score(tokens("tegels")).any()


@pytest.mark.parametrize(
    "text, first, not_next",
    [
        ("badkamers betegelen", {"25826", "25827"}, {"25944", "25945"}),  # not the glaziers: "-zetter" is no work
        ("keukens monteren bij klanten", {"26017", "26022"}, {"25947"}),  # a kitchen fitter, no site manager
    ],
)
def test_after_the_best_match_come_the_courses_graders_name_beside_it(catalog, text, first, not_next):
    p = Profile.from_dict({"education": "havo", "havo_vwo_year": 3, "age": 17, "interests_text": text})
    shown = [r.course.crebo for r in advise(p, catalog, TODAY).items]
    assert set(shown[:2]) == first and not_next.isdisjoint(shown), shown
    graded_beside = {c for e in catalog.examples if e.grades.get(shown[0]) == 2 for c in e.grades}
    assert set(shown[1:3]) <= graded_beside, shown  # what graders named beside the first


def test_a_phrase_counts_only_whole_and_a_rare_one_more():
    index = PhraseIndex([["ramen plaatsen", "glas zetten"], ["windows installeren", "computer"], ["levels bouwen"]])
    found = index.search(tokens("ik wil ramen plaatsen"))
    assert found[0] > 0 and not found[1:].any()
    assert not index.search(tokens("windows en ramen")).any()  # half a phrase is none
    assert not index.search(tokens("ik wil bouwen")).any()  # "levels" is no function word
    assert index.search(tokens("een computer met windows installeren"))[1] > index.search(tokens("computer"))[1]


@pytest.mark.parametrize(
    "text,first",
    [
        ("ik ben 45 en werk al 20 jaar in de bouw als opperman; computers of tekenen", "Tekenaar"),
        ("20 jaar opperman gewerkt, rug is op. Iets met elektra misschien?", "monteur elektrotechnische"),
        # years in a job told without a verb: "transport en logistiek ... geen techniek", truck mechanics first
        ("20 jaar vrachtwagenchauffeur, rug is op. iets met elektra misschien?", "monteur elektrotechnische"),
    ],
)
def test_the_job_someone_has_or_had_comes_after_the_wish_also_in_the_vocabulary(catalog, text, first):
    """The opperman's own phrase in the vocabulary put the opperman courses first, above what he wished next; and
    the opperman's course description, searched with all his words, put it second."""
    a = run(catalog, text, age=45, education="vmbo_tl")
    assert first.lower() in a.items[0].course.name.lower(), [r.course.name for r in a.items]
    assert not any("opperman" in r.fit_words or "Opperman" in r.course.name for r in a.items), a.items


def test_years_in_the_trade_one_stays_in_put_its_next_level_first(catalog):
    """Three years of formwork and a wish to set it all up alone: the allround course first; without the years, the
    first level. Years in a trade one leaves (the opperman above) or in other work ask for no higher level."""
    wish = " Now I'd like to set up the whole formwork for walls, columns and floors myself."
    with_years = run(catalog, "I've been putting up wooden formwork on building sites for three years." + wish, "en")
    without = run(catalog, "I've been putting up wooden formwork on building sites." + wish, "en")
    assert with_years.items[0].course.name == "Allround betontimmerman", [r.course.name for r in with_years.items]
    assert without.items[0].course.name == "Betontimmerman", [r.course.name for r in without.items]
    cleaner = run(catalog, "Ik maak schoon op Schiphol, al drie jaar. Ik zie de vliegtuigen. Dat wil ik ook leren.")
    assert cleaner.items[0].course.level == 2, [r.course.name for r in cleaner.items]


def test_what_someone_always_wanted_is_the_wish():
    """ "Wat ik eigenlijk altijd al wilde, is met mensen werken": twenty years of welding are what came before."""
    text = "Ik werk al twintig jaar in de metaal, lassen. Wat ik eigenlijk altijd al wilde, is met mensen werken."
    assert textmatch.wish_part(text) == "eigenlijk altijd al wilde, is met mensen werken."


def test_the_wish_reads_the_sense_of_its_words_in_the_whole_text(catalog):
    """The kitchen cabinet factory comes before the wish to program "the CNC machines": wood machines, not metal."""
    text = (
        "I've worked at a kitchen cabinet factory for two years feeding panels into the edge-banding machine. I'd "
        "like to become the operator who sets up and programs the CNC machines."
    )
    a = run(catalog, text, "en")
    assert "meubel" in a.items[0].course.name or "hout" in a.items[0].course.name, [r.course.name for r in a.items]
    assert not any("erspan" in r.course.name for r in a.items[:3])


@pytest.mark.parametrize(
    "text, lang, role",
    [
        # "keeping the line running" is no turning on a lathe; CNC in a window frame factory is wood
        (
            "Ik sta aan de zaagstraat in een kozijnenfabriek. Ik wil de CNC-bewerkingscentra leren instellen en "
            "programmeren en de machinelijn draaiende houden.",
            "nl",
            "machin",
        ),
        ("ik wil in een fabriekshal houten dakkapellen en kasten in elkaar schroeven", "nl", "Montagemedewerker"),
        ("I want to run the CNC machines in a wood factory that makes window frames", "en", "Machineoperator"),
    ],
)
def test_in_a_wood_factory_the_machine_operator_and_the_assembler_are_told_apart(catalog, text, lang, role):
    a = run(catalog, text, lang)
    assert role in a.items[0].course.name and "hout" in a.items[0].course.name, [r.course.name for r in a.items]
    assert not any("erspan" in r.course.name for r in a.items[:3])


def test_the_vocabulary_finds_work_the_keywords_do_not_know(catalog):
    a = run(catalog, "I worked in a sawmill", "en")
    assert a.items[0].course.name == "Machineoperator houtverwerkende industrie"
    assert not any(r.fit_words for r in a.items)  # found, but no "fits what you like" on these words alone


# --- meaning, not single words -----------------------------------------------------------------------------
def test_keyword_senses_hold_only_in_their_context():
    assert parse_keyword("programmeren ~ cnc, machines") == ("programmeren", frozenset({"cnc", "machin"}), frozenset())
    index = KeywordIndex(
        [
            ("cnc", "m", "programmeren ~ cnc, machine", "nl"),
            ("ict", "i", "programmeren ~ not cnc", "nl"),
            ("ict", "i", "apps", "nl"),
            ("rebar", "b", "knippen ~ staal, ijzer", "nl"),
        ],
        [("hair", "haren knippen", "nl")],
    )
    assert {m.key for m in index.match("programmeren")} == {"ict"}
    assert {m.key for m in index.match("cnc machines programmeren")} == {"cnc"}
    assert index.match("haren knippen") == [] and index.read("haren knippen").other == ["hair"]
    assert {m.key for m in index.match("staal knippen")} == {"rebar"}


def test_a_short_non_technical_word_of_the_other_language_is_no_field():
    index = KeywordIndex([("demolition", "d", "slopen", "nl")], [("animals", "vet", "en"), ("animals", "dieren", "nl")])
    dutch = index.read("vet nice om dingen te slopen", "nl")  # Dutch slang "vet" (great), not a veterinarian
    assert dutch.other == [] and {m.key for m in dutch.matches} == {"demolition"}
    assert index.read("I want to be a vet", "en").other == ["animals"]


def test_a_word_of_the_other_language_counts_only_as_the_list_writes_it():
    index = KeywordIndex([("glass", "g", "installing", "en"), ("ict", "i", "windows", "en"), ("ict", "i", "pc", "en")])
    dutch = index.read("windows installen voor mensen", "nl")  # Dutch "installen" shares the stem of "installing"
    assert {m.key for m in dutch.matches} == {"ict"}
    assert {m.key for m in index.match("installing windows", "en")} == {"glass", "ict"}
    assert {m.key for m in index.match("ik bouw pcs en installing windows", "nl")} == {"glass", "ict"}


def test_praise_is_no_keyword_but_its_stem_still_is():
    index = KeywordIndex([("cooling", "c", "cooling", "en"), ("drones", "d", "drones", "en")])
    assert {m.key for m in index.match("drones r so cool", "en")} == {"drones"}
    assert {m.key for m in index.match("cooling systems", "en")} == {"cooling"}


@pytest.mark.parametrize(
    "text, keys",
    [
        ("dus niet achter een computer zitten, liever pompen", {"pumps"}),
        ("the road and logistics, not the engine", set()),
        ("geen computers maar motoren", {"engines"}),
        ("niet alleen computers maar ook motoren", {"ict", "engines"}),  # "not only": still liked
        ("I don't want dirty hands, I like computers", {"ict"}),
        # what someone is tired of is no liking ("sick" alone is praise)
        ("ik word gek van de hele dag achter de computer, liever pompen", {"pumps"}),
        ("I'm sick of sitting behind a computer all day, I want engines", {"engines"}),
        ("ik heb een hekel aan computers", set()),
    ],
)
def test_a_negated_word_is_no_interest(text, keys):
    index = KeywordIndex(
        [("ict", "i", "computer", ""), ("engines", "e", "engine", "en"), ("engines", "e", "motoren", "nl")]
        + [("pumps", "p", "pompen", "nl"), ("hands", "h", "dirty hands", "en")]
    )
    assert {m.key for m in index.match(text)} == keys


def test_a_word_of_many_fields_claims_no_fit_alone():
    index = KeywordIndex([(f"f{n}", f"g{n}", "repareren", "nl") for n in range(3)] + [("bikes", "b", "fietsen", "nl")])
    assert {m.specific for m in index.match("repareren", "nl")} == {False}
    assert [m.specific for m in index.match("fietsen", "nl")] == [True]


def test_names_of_non_technical_qualifications_name_their_field():
    index = KeywordIndex(
        [("cars", "a", "auto", "nl")],
        [],
        [("zorg", "Verpleegkundige"), ("horeca", "Zelfstandig werkend kok"), ("handel", "Verkoper auto")],
    )
    assert index.read("ik wil verpleegkundige worden", "nl").other == ["zorg"]
    assert index.read("zelfstandig werkend kok", "nl").other == ["horeca"]
    # generic words of a name, and words that are technical keywords, are no field of their own
    assert index.read("ik werk zelfstandig", "nl").other == []
    assert index.read("auto", "nl").other == [] and {m.key for m in index.match("auto", "nl")} == {"cars"}


def test_a_non_technical_qualification_name_makes_the_advice_honest(catalog):
    a = run(catalog, "ik wil doktersassistent worden")
    assert a.interest_state == NONTECHNICAL and not any(r.fit_words for r in a.items)


@pytest.mark.parametrize(
    "text, tail",
    [
        ("Ik was opperman, maar nu wil ik uitvoerder worden", "nu wil ik uitvoerder worden"),
        ("I worked in a warehouse but I want to fix cars", "but i want to fix cars"),
        ("10 jaar in een magazijn gewerkt en wil nu iets technisch", "nu iets technisch"),
        ("I drove a bus, now I would prefer electricity", "now i would prefer electricity"),
        ("Ik wil lassen", None),  # no turn: the whole text is the wish
        ("auto's maar ook motoren", None),  # a turn without a wish
    ],
)
def test_the_wish_after_a_turn(text, tail):
    assert wish_part(text) == tail


def test_a_job_someone_has_been_is_past_work():
    """ "I've been a plumber and heating fitter for twelve years. Now I want to ... designing heating systems": the
    wish decides (the plumber's courses came first)."""
    assert after_past_work("I've been a plumber for twelve years. Now I want to design heating systems") == (
        " now i want to design heating systems"
    )


def test_a_wish_in_the_clause_of_the_job_is_what_comes_next():
    text = (
        "ik werk bij een bedrijf dat scheepsdiesels reviseert en ik wil zelf storingen vinden, niet alleen schoonmaken"
    )
    assert after_past_work(text) == "en ik wil zelf storingen vinden, niet alleen schoonmaken"


def test_a_drawing_wish_about_installations_is_the_installation_draughtsman(catalog):
    a = run(catalog, "Ik wil tekeningen maken van de leidingen, cv-installaties en luchtkanalen in gebouwen.")
    assert a.items[0].course.name.startswith("Tekenaar"), [r.course.name for r in a.items]


def test_what_follows_past_work_is_what_comes_next():
    """A 52-year-old truck driver ("30 jaar vrachtwagen gereden, rug is op. iets met elektra misschien") got truck
    technicians first, "Past bij wat je leuk vindt: vrachtwagen"; "elektra" names several fields, so it was no wish."""
    text = "30 jaar vrachtwagen gereden, rug is op. iets met elektra misschien"
    assert after_past_work(text) == " rug is op. iets met elektra misschien"
    assert after_past_work("Ik wil lassen") is None and after_past_work("ik heb 5 jaar gelast") is None
    index = KeywordIndex(
        [("trucks", "t", "vrachtwagen", "nl"), ("electro", "e", "elektra", "nl"), ("kitchen", "k", "elektra", "nl")]
    )
    weights = {m.key: m.weight for m in index.read_wish(text, "nl").matches}
    assert weights["trucks"] < weights["electro"]


@pytest.mark.parametrize(
    "text, lang, wished, before",
    [
        # a job now, told with "I'm a": service and maintenance (appliances), not the cooking-related operators
        ("I'm a chef but I want to repair ovens and dishwashers", "en", "Service- en onderhoudstechniek", "Proces"),
        # a study stopped: the ICT courses came first
        ("ik deed de opleiding ict maar ben gestopt. ik wil nu de bouw in", "nl", "", "ICT"),
        ("ik ben uitgevallen bij de opleiding ict. ik wil nu de bouw in", "nl", "", "ICT"),  # (one list of stop words)
    ],
)
def test_what_came_before_a_job_now_or_a_stopped_study_weighs_less_than_the_wish(catalog, text, lang, wished, before):
    a = run(catalog, text, lang)
    names = [f"{r.course.name} / {r.course.dossier_name}" for r in a.items[:3]]
    assert wished in names[0] and not any(before in n for n in names), names


def test_years_in_another_fields_job_told_without_a_verb_are_past_work():
    """ "20 jaar vrachtwagenchauffeur, rug is op. iets met elektra misschien?" got "transport en logistiek ... geen
    techniek" and truck mechanics first. Years in a technical trade without another field's wish stay in the trade."""
    index = KeywordIndex(
        [("electro", "e", "elektra", "nl"), ("roof", "r", "dakdekker", "nl"), ("roof", "r", "daken", "nl")],
        [("logistiek", "vrachtwagenchauffeur", "nl"), ("zorg", "verpleegkundige", "nl")],
    )
    moved = index.read_wish("20 jaar vrachtwagenchauffeur, rug is op. iets met elektra misschien?", "nl")
    assert moved.after_work and not moved.other and [m.key for m in moved.matches] == ["electro"]
    stays = index.read_wish("12 jaar dakdekker. Platte daken vooral", "nl")
    assert not stays.after_work and {m.key for m in stays.matches} == {"roof"}
    leaves = index.read_wish("12 jaar dakdekker, nu wil ik verpleegkundige worden", "nl")
    assert leaves.other == ["zorg"]
    assert not index.read_wish("ik ben 16 jaar havist, iets met elektra", "nl").after_work  # an age and a pupil


def test_a_past_job_counts_less_than_the_wish_and_claims_nothing():
    index = KeywordIndex([("care", "c", "zorg", "nl"), ("ict", "i", "ict", "nl"), ("build", "b", "opperman", "nl")])
    reading = index.read_wish("Ik werkte als opperman, maar nu wil ik de ict in", "nl")
    weights = {m.key: (m.weight, m.specific) for m in reading.matches}
    assert weights["ict"] == (1.0, True) and weights["build"][0] < 0.5 and not weights["build"][1]
    # a non-technical wish after a technical job: the job no longer makes the interest technical
    moved = KeywordIndex([("ict", "i", "ict", "nl")], [("zorg", "verpleegkundige", "nl")])
    after = moved.read_wish("ik zit in de ict, maar ik wil verpleegkundige worden", "nl")
    assert after.other == ["zorg"] and not any(m.specific for m in after.matches)


def test_a_keyword_of_the_other_language_needs_the_whole_word():
    index = KeywordIndex([("tyres", "m", "banden", "nl"), ("weld", "w", "sleutelen", "nl")])
    assert index.match("i play in a band", "en") == []  # English "band" is not Dutch "banden"
    assert {m.key for m in index.match("ff sleutelen aan my scooter", "en")} == {"weld"}


@pytest.mark.parametrize(
    "text, lang, dossiers",
    [
        ("programmeren", "nl", {"23399"}),  # software, not CNC or PLC programming
        ("cnc machines programmeren", "nl", {"23361", "23235"}),  # metal or wood CNC, never software
        ("heat pumps and sustainable energy", "en", {"23427", "23333", "23409", "23299", "23300", "23370"}),
        ("sleutelen aan auto's", "nl", {"23273", "23274"}),
        ("vliegtuigen", "nl", {"23375"}),
        # installation work, not drawing it or running a plant (a 45-year-old carpenter's wish in a stranger chat)
        ("ik was 10 jaar timmerman maar wil nu iets met installaties", "nl", {"23333", "23299"}),
        # words of the vocabulary count one by one: "crashed" had no "crash repair" and car mechanics came first
        ("fixing crashed cars", "en", {"23358"}),
        # a word before "worden" is only a typo of a non-technical occupation when it is no technical work
        ("ik wil later elektricien worden", "nl", {"23299"}),
        ("hammer and nails", "en", {"23331"}),
    ],
)
def test_the_first_course_is_the_work_described(catalog, text, lang, dossiers):
    a = run(catalog, text, lang)
    assert a.interest_state == TECHNICAL
    assert a.items[0].course.dossier_code in dossiers, [(r.course.name, r.fit_words) for r in a.items]


# --- honest when nothing technical fits --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, lang",
    [
        ("koken", "nl"),
        ("met kinderen werken", "nl"),
        ("haren knippen", "nl"),
        ("cutting hair", "en"),
        ("I want to be a nurse in a hospital", "en"),
        ("dieren verzorgen", "nl"),
        ("I'd like to become a midwife", "en"),
        ("tattoo artist, I draw all day", "en"),
        ("martial arts and yoga", "en"),
        # a typo where someone names what they want to become is still that occupation
        ("i want to be a nurce and help people", "en"),
        ("my son wants to become a hairdreser", "en"),
        ("nails", "en"),
        ("iets met koken ofzo, mn smashburgers zijn echt next level", "nl"),  # praise, not a game's level
        # "vullen" (filling carts) is no "vulling" (an upholsterer's stuffing); "physical work" is no typo of physics
        ("Ik wil bij een groot distributiecentrum werken, orders picken met zo'n handscanner en karren vullen.", "nl"),
        ("I like physical work, I want to be a personal trainer in a gym", "en"),
        # among several other fields, a word of several fields is a pastime, not technical work
        ("tekenen, muziek en met kinderen spelen", "nl"),
        # what someone turns away from ("not my job") is no technical liking
        ("ik game veel, maar ik wil daar niet mijn werk van maken. ik wil met kinderen werken", "nl"),
        # "maar dan" says which part is meant; a computer one works at is office work's tool too
        ("iets met auto's, maar dan gewoon rijden, taxichauffeur of zo", "nl"),
        ("I like bookkeeping and working on the computer all day", "en"),
        # a wish for another field, after a turn, is what counts; what came before it is a pastime
        ("ik knutsel graag aan mijn brommer, maar ik wil later in de kinderopvang werken", "nl"),
        ("I like computers and drones, but I want to become a police officer", "en"),
        ("ik zit graag met facturen en spreadsheets, boekhouding lijkt me wat", "nl"),
        ("order picking in a warehouse", "en"),
        # the phone or laptop of office or shop work is its tool; games played among other pastimes are no work
        ("klantenservice aan de telefoon, dat lijkt me leuk", "nl"),
        ("voetbal, gamen, koken en chillen", "nl"),
        ("netflix, video games, football and babysitting", "en"),
        # the dentist's chair is no upholsterer's chair
        (
            "Ik heb 2 jaar in de ICT gewerkt. Ik wil iets anders: tandartsassistent. Mensen geruststellen in de stoel.",
            "nl",
        ),
        # a liking that names no work before the wish; a wish that points back ("do that too"); the technical work
        # itself turned down; the planning of other people's work (bench/relevance.py dev11, dev13, dev14)
        ("I run a packaging line as an operator. I love the people side of that. I want to move into HR.", "en"),
        (
            "I fix car body damage. My girlfriend is a dental assistant, her job sounds great. I want to do that too.",
            "en",
        ),
        (
            "Ik zat op de helpdesk. De computers zelf interesseerden me niet. Iets in klantenservice of HR misschien?",
            "nl",
        ),
        (
            "Ik wil de planning doen voor monteurs. Ik hou van puzzelen met roosters, maar niet van gereedschap.",
            "nl",
        ),
        ("He loves tractors, but he doesn't want to repair them: he wants to be a lorry driver.", "en"),
    ],
)
def test_a_non_technical_interest_is_named_honestly(catalog, text, lang):
    a = run(catalog, text, lang)
    assert a.interest_state == NONTECHNICAL
    assert not any(r.fit_words for r in a.items), "no course may claim to fit a non-technical interest"
    note = " ".join(n.get(lang) for n in a.notes)
    assert "kiesmbo.nl" in note and ("decaan" in note or "counsellor" in note)
    assert "nog niet verteld" not in note and "haven't told me" not in note
    chat = render_chat(a, lang)
    assert "passen bij je" not in chat and "fit you" not in chat


def test_a_computer_one_sits_at_is_still_a_liking_but_claims_no_fit_beside_animals(catalog):
    beside = run(catalog, "ik hou van dieren en ik zit graag achter de computer")
    assert beside.interest_state == TECHNICAL and "ICT" in beside.items[0].course.name
    assert not any(r.fit_words for r in beside.items)
    made = run(catalog, "gamen, voetbal en games maken")  # games made, not only played
    assert made.interest_state == TECHNICAL and made.items[0].course.name == "Gamedeveloper"
    at_desk = run(catalog, "klantenservice aan de telefoon en boekhouding op de laptop")
    assert at_desk.interest_state == NONTECHNICAL and not any(r.fit_words for r in at_desk.items)


def test_a_wish_added_with_ook_keeps_the_technical_liking_before_it(catalog):
    """ "maar ik wil ook met kinderen werken" adds a wish; it does not turn from the cars."""
    assert run(catalog, "ik sleutel graag aan auto's, maar ik wil ook met kinderen werken").interest_state == TECHNICAL


def test_cooking_shares_something_with_the_process_operator(catalog):
    a = run(catalog, "koken")
    first = a.items[0]
    assert first.course.dossier_code in {"23321", "23305"}
    assert first.bridge and "voedingsfabrieken" in first.bridge.nl
    assert first.reasons[0] == first.bridge


def test_the_related_courses_come_first_as_the_note_says_also_after_a_technical_job(catalog):
    a = run(catalog, "ik zit in de ICT-verkoop, maar ik wil verpleegkundige worden", age=35, education="mbo4")
    assert a.interest_state == NONTECHNICAL and any("eerst technische opleidingen" in n.nl for n in a.notes)
    flags = [bool(r.bridge) for r in a.items]
    assert flags[0] and flags == sorted(flags, reverse=True), [(r.course.name, r.bridge) for r in a.items]
    assert not any(r.fit_words for r in a.items)


def test_a_bridge_that_names_one_occupation_holds_only_for_its_courses(catalog):
    a = run(catalog, "ik ben vrachtwagenchauffeur", route="bbl")
    assert a.interest_state == NONTECHNICAL
    bridged = [r for r in a.items if r.bridge]
    assert bridged and all("Bedrijfsauto" in r.course.name for r in bridged)
    assert "Bedrijfsauto" in a.items[0].course.name


def test_nothing_said_and_nothing_recognised_are_told_apart(catalog):
    assert run(catalog, "").interest_state == UNTOLD
    unknown = run(catalog, "qwerty zxcv")
    assert unknown.interest_state == UNMATCHED
    assert "nog geen technisch werk" in unknown.notes[0].nl


@pytest.mark.parametrize(
    "text, lang, field",
    [
        ("ik werk in de zorg maar wil iets technisch", "nl", "Je wilt van zorg en welzijn overstappen naar techniek."),
        ("ik was kok, nu wil ik iets technisch", "nl", "Je wilt van koken en horeca overstappen naar techniek."),
        ("I work in a shop but I want something technical", "en", "You want to move from shop and sales to technical"),
    ],
)
def test_who_leaves_a_non_technical_field_for_technical_work_is_not_told_they_like_it(catalog, text, lang, field):
    """A carer of 45 who wants "iets technisch" read "Je vertelde dat je zorg en welzijn leuk vindt"."""
    a = run(catalog, text, lang)
    assert a.interest_state == NONTECHNICAL and a.notes[0].get(lang).startswith(field), a.notes[0].get(lang)
    assert "kiesmbo" not in a.notes[0].get(lang).lower()
    liked = run(catalog, "koken")  # who names the field as what they like still hears where to look for it
    assert "Je vertelde dat je koken en horeca leuk vindt" in liked.notes[0].nl and "kiesmbo" in liked.notes[0].nl


@pytest.mark.parametrize(
    "text, lang",
    [
        ("sport interesseert me niet, ik wil iets met auto's", "nl"),
        ("koken hoeft voor mij niet, ik wil lassen", "nl"),
        ("I don't like cooking, I want to fix cars", "en"),
    ],
)
def test_another_field_turned_down_leaves_the_technical_wish(catalog, text, lang):
    """Only technical work turned down makes the other field the wish ("Zelf sleutelen hoeft voor mij niet")."""
    a = run(catalog, text, lang)
    assert a.interest_state == TECHNICAL and a.items[0].fit_words, [r.course.name for r in a.items]


def test_a_technical_wish_beside_a_non_technical_liking_keeps_both(catalog):
    """ "ze is goed in tekenen en houdt van mode, maar ze wil ook iets met techniek" (a parent): the fashion was
    dropped as if left behind, and nothing said that Kansrijk does not cover it."""
    a = run(catalog, "ze is goed in tekenen en houdt van mode, maar ze wil ook iets met techniek")
    assert a.notes[0].nl.startswith("Mode en kleding is geen techniek") and "kiesmbo" in a.notes[0].nl
    left = run(catalog, "ik werk in de mode maar wil iets technisch")  # no "ook": left behind, as before
    assert left.notes[0].nl.startswith("Je wilt van mode en kleding overstappen naar techniek")


@pytest.mark.parametrize(
    "text, keyword",
    [
        ("ik klus graag", "klussen"),  # ("klus" lost its "s" as a plural's)
        ("mijn zoon bouwt graag", "bouwen"),
        ("hij gamet veel", "games"),
        ("ik hou van sport", None),  # no verb form without who does it ("sporen" are rails)
        ("ik was lasser", "lasser"),  # "was" is no "wassen"
    ],
)
def test_a_dutch_verb_form_after_who_does_it_is_its_verb(catalog, text, keyword):
    found = sorted({m.keyword for m in catalog.keywords.read(text, "nl").matches})
    assert found == ([keyword] if keyword else []), found


def test_a_word_of_many_fields_is_said_as_related_not_as_a_fit(catalog):
    """ "buiten" ordered the list under "Deze opleidingen passen bij je", and no card said why."""
    a = run(catalog, "buiten")
    assert a.interest_state == TECHNICAL and not any(r.fit_words for r in a.items)
    assert all(r.related_words[:1] == ("buiten",) for r in a.items), [(r.course.name, r.related_words) for r in a.items]
    assert "Waarom: Heeft te maken met wat je noemde: buiten" in render_chat(a, "nl")
    claimed = run(catalog, "lassen en buiten")  # a word that names the work claims the fit; no second line beside it
    assert claimed.items[0].fit_words and not claimed.items[0].related_words
    assert not any(r.related_words for r in run(catalog, "techniek").items)  # what every course here is


def test_a_technical_and_a_non_technical_interest_together(catalog):
    a = run(catalog, "koken en brommers repareren")
    assert a.interest_state == TECHNICAL and a.items[0].course.dossier_code in {"23273", "23274"}
    assert "koken en horeca is geen techniek" in a.notes[0].nl.lower()


# --- demand per course -------------------------------------------------------------------------------------
def test_demand_is_the_courses_own_and_says_when_only_a_national_figure_exists(catalog):
    from bot.advice import NATIONAL_ONLY, _static

    static = _static(catalog)
    demand = {c.crebo: d for c, d in zip(static.courses, static.demand)}
    by_name = {c.name: c.crebo for c in static.courses}
    assert "vliegtuigmonteurs" in demand[by_name["Eerste monteur vliegtuigonderhoud"]].text.nl
    assert "ict'ers" in demand[by_name["Software developer"]].text.nl
    national = [d for d in demand.values() if d and d.text.nl.startswith(NATIONAL_ONLY.nl)]
    assert national and all("60.000" in d.text.nl for d in national)
    assert len(national) < len(demand) / 2, "most courses have a signal of their own field"
    assert len({d.source for d in demand.values() if d}) >= 10


def test_every_demand_signal_names_its_source_date_and_address():
    doc = yaml.safe_load((DATA_DIR / "demand" / "signals.yml").read_text(encoding="utf-8"))
    for signal in doc["signals"]:
        assert signal["source"] and re.fullmatch(r"\d{4}(-\d{2})?", str(signal["date"])), signal["id"]
        if signal["id"] not in {
            "uwv-knelpuntberoepen-2018",
            "uwv-spanningsindicator-machinemonteurs-2023q1",
            "roa-installatie-2017-2022",
            "installatiebranche-vacatures-2022",
            "panteia-mkb-maak-2022",
            "aanvalsplan-techniek-60000",
        }:  # ../shared/research/mbo-domain.md §6
            assert str(signal.get("url", "")).startswith("https://"), signal["id"]


# --- the relevance benchmark as a floor --------------------------------------------------------------------
def test_relevance_does_not_fall_below_what_was_measured(catalog):
    """Not the issue's targets (see README): a floor a few points under the figures measured at the change."""
    relevance = _bench("relevance")
    results = relevance.run(catalog, relevance.load_cases(), relevance.PROFILES)
    figures = relevance.summary(results)
    assert figures["cases"] >= 300
    assert figures["hit@3"] >= FLOOR["hit@3"] and figures["ndcg@5"] >= FLOOR["ndcg@5"], figures
    assert figures["honest_nontech"] >= FLOOR["honest_nontech"] and figures["fit_on_0"] <= FLOOR["fit_on_0"], figures
    # The 0 false fit claims holds on every set but four: fresh5 (blind: never read), dev9, dev11 and dev13
    # (non-technical texts written to be hard, read); there the measured figure is the ceiling
    for split in relevance.SPLITS:
        claims = relevance.summary([r for r in results if r.case.split == split])["false_fit_claims"]
        assert claims <= FALSE_FIT_CLAIMS.get(split, 0), (split, claims)


# measured on 3,082 texts: 0.964, 0.841, 0.943, 4,043 (each development set measured without its own examples;
# fit_on_0 counts siblings of the right course that its case grades 0; dev6, dev7, dev9, dev11, dev13 and fresh5 are
# 700 non-technical texts written to be hard; dev8 is 100 English technical texts, which added 230 to fit_on_0, dev10
# 120 technical texts over every dossier, which added about 380, and dev12 80 technical texts of people moving up, about
# 290; the blind fresh6 (200) and dev14 (160, vague pupils and another field's work at a technical firm) took NDCG@5
# from 0.852 to 0.841 and added about 620)
FLOOR = {"hit@3": 0.95, "ndcg@5": 0.83, "honest_nontech": 0.93, "fit_on_0": 4150}
FALSE_FIT_CLAIMS = {"dev9": 5, "dev11": 11, "dev13": 63, "dev14": 138, "fresh5": 31, "fresh6": 82}


def test_a_long_word_one_letter_off_another_field_is_that_field(catalog):
    """ "ik wil in de kinderopvag werken" claimed a fit with a creative technologist."""
    assert catalog.keywords.read("ik wil in de kinderopvag werken", "nl").other == ["kinderen"]
    assert catalog.keywords.read("elektrotechnik", "nl").matches  # a technical word's typo stays technical


def test_a_doubled_consonant_typed_once_and_a_long_typo_are_read_as_the_keyword():
    index = KeywordIndex(
        [("welding", "w", "lassen", "nl"), ("bikes", "b", "fietsen", "nl")]
        + [("motorbikes", "m", "motorfietsen", "nl"), ("leather", "l", "leer ~ stoel", "nl")]
        + [("halls", "h", "hallen", "nl")]
    )
    assert index.match("mijn papieren halen", "nl") == []  # a word of its own, no typo of "hallen"
    assert {m.key for m in index.match("ik wil lasen leeren", "nl")} == {"welding"}  # "leren", not leather
    assert {m.key for m in index.match("moterfietsen opvoeren", "nl")} == {"motorbikes"}  # not a kind of "fietsen"
    assert {m.key for m in index.match("elektrische fietsen", "nl")} == {"bikes"}


def test_a_dutch_sound_alike_spelling_is_read_as_the_keyword(catalog):
    """ "outo's reparere" (ou for au) got bicycle technicians first; "lijdingen" is "leidingen"."""
    index = KeywordIndex([("cars", "c", "autos", "nl"), ("pipes", "p", "leidingen", "nl"), ("wood", "w", "hout", "nl")])
    assert {m.key for m in index.match("outo's reparere", "nl")} == {"cars"}
    assert {m.key for m in index.match("lijdingen leggen", "nl")} == {"pipes"}
    assert {m.key for m in index.match("ik werk graag met haut", "nl")} == {"wood"}
    a = run(catalog, "outo's reparere")
    assert "autotechnicus" in a.items[0].course.name.lower() or "voertuigen" in a.items[0].course.name.lower()


def test_english_words_weigh_as_their_dutch_ones(catalog):
    """ "electricity" got the grid technicians first while "elektriciteit" got the electricians (the English word
    was one of the last keywords of the electricians' field); "fix them when they crash" of drones got car body
    repairers ("crashed" counts only beside a vehicle, "tuning" not beside software or an instrument)."""
    assert {"25736", "25737"} & {r.course.crebo for r in run(catalog, "electricity", lang="en").items[:3]}
    # ... and the grid technicians (level 4) still came first for "electricity" alone: in English they need the grid
    # beside it (in Dutch too cost a level-4 wish its grid courses: test_advice, "door naar niveau 4")
    first = run(catalog, "electricity", lang="en").items[0].course
    assert first.crebo not in {"25276", "27025"} and first.level < 4, first.name
    grid = run(catalog, "power grid, electricity", lang="en").items[:2]
    assert {r.course.crebo for r in grid} == {"25276", "27025"}, [r.course.name for r in grid]
    drones = run(
        catalog, "drones r so cool, i build fpv drones myself n fix them when they crash (a lot lol)", lang="en"
    )
    assert not any("schade" in r.course.name.lower() for r in drones.items[:5])
    assert "schade" in run(catalog, "my car crashed and I fixed the dents myself", lang="en").items[0].course.name
    # "tuning the software" of drones got vehicle technicians; tuning a scooter stays theirs
    assert "tuning" not in {m.keyword for m in catalog.keywords.match("drones, tuning the software myself", "en")}
    assert "scooter" in run(catalog, "tuning scooters", lang="en").items[0].course.name.lower()


@pytest.mark.parametrize("word", NOT_TYPOS)
def test_an_everyday_word_near_a_keyword_is_no_typo_of_it(catalog, word):
    """ "ik heb de huishoudschool gedaan vroeger" claimed a fit with "voeger"; "op dit moment" read "monumenten"."""
    assert catalog.keywords.match(f"ik zei {word}", "nl") == [] and catalog.keywords.match(f"I said {word}", "en") == []


@pytest.mark.parametrize(
    "text, lang",
    [
        ("ik ben medewerker in een supermarkt", "nl"),  # claimed "labmedewerker"
        ("ik maak mijn huiswerk niet graag", "nl"),  # "hijswerk"
        ("ik heb verkeerd getypt", "nl"),  # "verkeer"
        ("ik voel me veilig op school", "nl"),  # "beveiliging"
        ("I like to walk around", "en"),  # "allround"
        ("I want something special", "en"),  # "specie"
        ("hij helpt zijn opa in de schuur", "nl"),  # a place, not building a shed: "Past bij: schuur" for carpenters
        ("ik help graag bij mensen thuis", "nl"),  # the kitchen fitter's and the heat pump fitter's words
        ("I like being at home with my family", "en"),  # "homes": the heat pump fitter claimed "fixing things at home"
    ],
)
def test_an_everyday_word_in_a_sentence_names_no_technical_work(catalog, text, lang):
    """Found by reading every word of our NLU examples and cases through the index (2026-12-05)."""
    assert catalog.keywords.match(text, lang) == []


def test_transport_is_logistics(catalog):
    """ "ik wil graag in transport werken" was read as gas transport (a typo of "gastransport")."""
    reading = catalog.keywords.read("ik wil graag in transport werken", "nl")
    assert reading.matches == [] and reading.other == ["logistiek"]


def test_a_training_is_no_train(catalog):
    """ "I'm a graphic designer but I want to retrain as a front-end developer" put train maintenance in the list."""
    assert catalog.keywords.match("I want to retrain, I did a training", "en") == []
    assert {m.keyword for m in catalog.keywords.match("I like trains", "en")} == {"trains"}


@pytest.mark.parametrize(
    "text, lang, technical",
    [
        ("ik werk in een magazijn maar heftrucks repareren lijkt me wel wat", "nl", True),
        ("I want to fix forklifts", "en", True),
        ("ik wil op de heftruck rijden", "nl", False),
    ],
)
def test_a_longer_technical_phrase_wins_over_a_non_technical_word_inside_it(catalog, text, lang, technical):
    """ "heftrucks repareren" read as driving a forklift (logistics), and a future mechanic got "not technical"."""
    assert run(catalog, text, lang).interest_state == (TECHNICAL if technical else NONTECHNICAL)


@pytest.mark.parametrize(
    "text, lang, technical",
    [
        # a non-technical occupation one wants to become: the technical words beside it are its tools
        ("ik wil koken man, echt chef worden, met die dikke pannen en messen en vlammen in de pan", "nl", False),
        ("ik ben een beest in de gym, wil personal trainer worden fr, schema's maken voor mensen", "nl", False),
        ("i love baking cakes and desserts, want to become a pastery chef", "en", False),
        ("wollah ik wil bij de politie man, boeven vangen en met die auto met sirenes rijden", "nl", False),
        (
            "Ik was schilder, huizen en kozijnen, maar nu wil ik kunstschilder worden en exposeren in galeries.",
            "nl",
            False,
        ),
        # ... but not a job one had, nor technical work added on its own
        ("ik was kok, nu wil ik monteur worden", "nl", True),
        ("ik wil kok worden maar ook elektronica solderen", "nl", True),
        ("I worked as a chef for years and now I want to become an electrician", "en", True),
        # words of those fields found in dev5 (bench/relevance/cases_dev5_*.yml, non-technical texts written blind)
        ("ngl i just wanna do lashes and brows, got a lil client list already lol", "en", False),
        ("Verkopen, kletsen met klanten en evenementen organiseren.", "nl", False),
        (
            "Ik zit nu op ICT support niveau 2 maar ik merk dat ik liever met mensen werk, in het jongerenwerk.",
            "nl",
            False,
        ),
        ("I'm a welder but I really want to be a chef in a proper restaurant.", "en", False),
    ],
)
def test_what_someone_wants_to_become_decides_whether_the_interest_is_technical(catalog, text, lang, technical):
    """dev5 (100 non-technical texts, written blind) was said honestly 63 % of the time at the start: "chef worden"
    beside pans, "personal trainer" beside schemas and "police" beside a car with sirens got technical courses."""
    a = run(catalog, text, lang)
    assert a.interest_state == (TECHNICAL if technical else NONTECHNICAL), (a.interest_state, text)
    assert technical or not any(r.fit_words for r in a.items)


def test_an_ending_that_makes_another_word_is_no_compound_and_school_names_no_work(catalog):
    """ "ik wil leren en werken tegelijk" read as tiling, "liever naar school" as a caretaker's work at schools."""
    index = KeywordIndex([("tiles", "t", "tegel", "nl"), ("rebar", "r", "beton", "nl")])
    assert index.match("werken en leren tegelijk, tegelijkertijd", "nl") == []
    assert {m.key for m in index.match("tegelwerk en betonijzer", "nl")} == {"tiles", "rebar"}
    for said, lang in [("liever naar school", "nl"), ("I'd rather go to school", "en")]:
        assert not catalog.keywords.names_interest(said, lang)
    assert catalog.keywords.names_interest("ik hou van koken", "nl")  # another field is something to like too


@pytest.mark.parametrize(
    "text, other",
    [
        ("hacken is echt vet, zoals in films, maar dan legaal", []),
        ("hacking like in the movies", []),
        ("ik wil films maken", ["media"]),
    ],
)
def test_a_comparison_with_films_names_no_interest_in_films(text, other):
    index = KeywordIndex([("ict", "i", "hacken", "nl"), ("ict", "i", "hacking", "en")], [("media", "films", "")])
    reading = index.read(text)
    assert reading.other == other
    assert {m.key for m in reading.matches} == ({"ict"} if "hack" in text else set())


@pytest.mark.parametrize(
    "text, lang, dossier",
    [
        ("elevaters and escalaters, i wanna be liftmonteur", "en", "23360"),
        ("liften en roltrappen repareren", "nl", "23360"),
        ("my Dutch is level A2, I want to build and fix things in houses", "en", None),
    ],
)
def test_lifts_are_mechatronics_and_a_language_level_is_no_game_level(catalog, text, lang, dossier):
    advice = run(catalog, text, lang)
    names = [r.course.name for r in advice.items]
    assert not any("game" in n.lower() for n in names), names
    if dossier:
        assert dossier in first_dossiers(advice, 4) or any(
            r.course.crebo in {"25304", "25309"} for r in advice.items[:3]
        )


@pytest.mark.parametrize(
    "text, lang",
    [
        ("ik vind make-up en nagels leuk maar ook een beetje solderen met mijn vader", "nl"),
        ("I like cooking but also soldering electronics", "en"),
    ],
)
def test_technical_work_added_beside_a_non_technical_field_makes_the_advice_technical(catalog, text, lang):
    advice = run(catalog, text, lang)
    assert advice.interest_state == TECHNICAL
    assert "23360" in first_dossiers(advice)  # soldering alone is electronics, not a zinc gutter
    notes = " ".join(n.get(lang) for n in advice.notes).lower()
    assert "kiesmbo" in notes  # and still says where to look for the other field
    assert run(catalog, text.split(" maar ook")[0].split(" but also")[0], lang).interest_state == NONTECHNICAL


def test_the_heading_says_the_best_fits_come_first_when_unrelated_courses_follow(catalog):
    """A 31-year-old from Eritrea who repaired cars: the car courses need Dutch first, the Entree courses of other
    fields open now came under "Deze opleidingen passen bij je" because the first one fitted."""
    newcomer = {"education": "foreign", "age": 31, "dutch_level": "A2"}
    advice = run(catalog, "in eritrea ik maak auto reparatie 6 jaar. hier ik wil weer dit werk", **newcomer)
    assert advice.fits and not advice.fits_all
    assert advice.items[0].fit >= FIT_RELATED and any(not r.fit_words and r.fit < FIT_RELATED for r in advice.items)
    chat = render_chat(advice, "nl")
    # (the car courses that fit need Dutch first: the first course open now is related, and says no more)
    assert text("render.heading.related_first").get("nl") in chat and text("render.heading.fit").get("nl") not in chat
    assert advice.as_dict()["fits_all"] is False
    cars = run(catalog, "auto repareren")  # every course shown is about cars
    assert cars.fits_all and text("render.heading.fit").get("en") in render_chat(cars, "en")


def test_the_heading_claims_no_fit_that_no_course_claims(catalog):
    """ "iets met elektra of installaties" (a 24-year-old at the helpdesk who wants to work with his hands) got "Deze
    opleidingen passen bij je" above five courses that each said only "Heeft te maken met wat je noemde"."""
    switcher = {"education": "mbo4", "age": 24}
    advice = run(catalog, "iets met elektra of installaties", **switcher)
    assert advice.fits and not any(r.fit_words for r in advice.items) and not advice.claims_fit
    chat = render_chat(advice, "nl")
    assert text("render.heading.related").get("nl") in chat and text("render.heading.fit").get("nl") not in chat
    assert advice.as_dict()["claims_fit"] is False
    cars = run(catalog, "auto repareren", **switcher)
    assert cars.claims_fit and text("render.heading.fit").get("nl") in render_chat(cars, "nl")


@pytest.mark.parametrize("vmbo_profile, field", [("PIE", "elektrotechnische installaties"), ("MT", "voertuigen")])
def test_a_common_word_alone_is_read_with_the_pupils_vmbo_profile(catalog, vmbo_profile, field):
    """ "repareren" alone from a PIE pupil got bicycle mechanics and Betonreparateur (the word is in their names);
    the fields of the profile now say which repairing, without a fit claim the pupil did not make."""
    pupil = {"education": "vmbo_kb", "vmbo_year": 4, "age": 16, "vmbo_profile": vmbo_profile}
    a = run(catalog, "repareren", **pupil)
    assert a.interest_state == TECHNICAL and field in a.items[0].course.name, [r.course.name for r in a.items]
    assert not any(r.fit_words for r in a.items) and "Betonreparateur" not in [r.course.name for r in a.items]
    longer = run(catalog, "fietsen en brommers repareren", **pupil)  # a word that names the work: no profile needed
    assert "ietstechnicus" in longer.items[0].course.name or "Scooter" in longer.items[0].course.name


def test_a_word_in_a_qualification_name_orders_the_related_courses(catalog):
    """ "auto's en motoren": a motorcycle course came 9th, under the mobile machines; a word typed in the course's
    name now counts (advice.W_NAME; the Entree courses listing whole fields: test_advice). (With "en een beetje
    elektronica" the car specialists and the graders' neighbours of the first course fill the five now.)"""
    names = [r.course.name for r in run(catalog, "auto's en motoren").items]
    assert any("Motorfiets" in n for n in names), names


@pytest.mark.parametrize(
    "text, lang, first, not_first",
    [
        # the wish names no specific work ("installaties", "electrical"), after a past job: still the wish decides
        ("ik was 10 jaar timmerman maar wil nu iets met installaties", "nl", "installat", "immerman"),
        ("I worked as a welder for years but now I want to do electrical work", "en", "elektrotechnische", "productie"),
        # "ran" and "former" tell of past work as "worked" does
        (
            "I ran the presses in a tile factory in Spain. Now I'd like to move into plant maintenance.",
            "en",
            "peratione",
            "egel",
        ),
    ],
)
def test_a_wish_after_past_work_outweighs_the_past_job(catalog, text, lang, first, not_first):
    names = [r.course.name for r in run(catalog, text, lang, education="mbo2", age=35).items]
    assert first in names[0] and not any(not_first in n for n in names[:3]), names


def test_looking_for_a_course_describes_no_work(catalog):
    """ "ik zoek een opleiding" found "storingen zoeken" in the car mechanics' descriptions: a soldier who repaired
    armoured vehicles and wished for heavy machines got Autotechnicus first."""
    text = (
        "Ik heb 8 jaar bij de landmacht gezeten als monteur op pantservoertuigen en vrachtwagens. Over een paar "
        "maanden zwaai ik af en ik zoek een opleiding voor buiten defensie, iets met zware machines."
    )
    names = [r.course.name for r in run(catalog, text, education="mbo2", age=27).items]
    assert not any("uto" in n or "cooter" in n for n in names) and any("mobiele werktuigen" in n for n in names), names


def test_each_liking_told_in_its_own_message_has_a_course_in_the_list(catalog):
    """ "buiten" at the interest question and "computer" at the BOL/BBL question (joined by bot/intake.add_interest):
    the list was five ICT courses, nothing outdoors. The best course of each liking is shown, the list by score."""
    told = intake.add_interest(intake.add_interest("buiten", "iets maken"), "computer")
    assert told_apart(told) == ["buiten", "iets maken", "computer"]
    advice = run(catalog, told)
    outdoors = {r.course.crebo for r in run(catalog, "buiten").items[:1]}
    assert outdoors & {r.course.crebo for r in advice.items}
    assert sum("ICT" in r.course.name or "IT " in r.course.name for r in advice.items) >= 3
    assert [r.score for r in advice.items] == sorted((r.score for r in advice.items), reverse=True)
    # one message is one text: the list of likings in it is read as before (no told-apart likings)
    assert not told_apart("buiten en computers")


def test_soldering_pipes_or_gutters_is_installation_or_zinc_work(catalog):
    assert "23427" in first_dossiers(run(catalog, "koperen leidingen solderen voor airco's")) or "23333" in (
        first_dossiers(run(catalog, "koperen leidingen solderen voor airco's"))
    )
    assert first_dossiers(run(catalog, "dakgoten van zink solderen"), 1) == ["23352"]


def test_the_list_says_it_fits_only_when_the_first_open_course_does(catalog):
    """What fits ("auto repareren": autotechnicus) is out of reach without maths or NaSk1: the Entree courses open
    now are not called a fit, and the note says where the fitting ones are."""
    closed = {"education": "vmbo_bb", "vmbo_profile": "ZW", "has_math_or_science": False, "age": 16}
    advice = run(catalog, "auto repareren", **closed)
    assert advice.technical and not advice.fits
    assert any(r.course.dossier_code == "23358" or "auto" in r.course.name.lower() for r in advice.out_of_reach)
    later = text("advice.interest.match_later")
    assert [n.get("nl") for n in advice.notes] == [later.get("nl")]
    assert render_chat(advice, "nl").count(text("render.heading.open").get("nl")) == 1
    assert advice.as_dict()["fits"] is False
    both = run(catalog, "make-up en nagels, maar ook solderen", **closed)
    note = " ".join(n.get("en") for n in both.notes)
    assert "kiesmbo.nl" in note and later.get("en") in note and "fit the rest" not in note
    open_now = run(catalog, "auto repareren")
    assert open_now.fits and not any(later.get("nl") == n.get("nl") for n in open_now.notes)
    assert text("render.heading.fit").get("nl") in render_chat(open_now, "nl")


def test_no_note_about_courses_open_now_when_none_is(catalog):
    advice = run(
        catalog, "car mechanic", "en", education="none", age=35, dutch_level="A1", route="bbl", start_wish="asap"
    )
    assert not advice.items and advice.out_of_reach  # nothing open with these wishes: the heading says so
    assert text("advice.interest.match_later").get("en") not in " ".join(n.get("en") for n in advice.notes)


@pytest.mark.parametrize("text, lang", [("drones", "nl"), ("building and flying drones", "en")])
def test_drones_claim_avionics_not_aircraft_mechanics(catalog, text, lang):
    """Drones are electronics and flight control, not the engines and airframes of aircraft maintenance."""
    claimed = {r.course.crebo for r in run(catalog, text, lang).items if r.fit_words}
    assert claimed and not claimed & {"25321", "25322", "25324", "25937", "25938", "25941"}, claimed


def test_slang_for_money_is_no_office_work(catalog):
    """ "makes bank" is money, not banking: the boilers keep the advice technical."""
    a = run(catalog, "my uncle does cv ketels and he makes bank fr, i wanna do that too", "en")
    assert a.interest_state == TECHNICAL and any(r.fit_words for r in a.items[:2])  # (home installers may come first)


def test_a_wish_that_says_technical_outweighs_the_care_job_before_it(catalog):
    """ "ik werk nu in de thuiszorg maar ik wil iets technisch, misschien elektra" got analysts for care first."""
    p = Profile(interests_text="ik werk nu in de thuiszorg maar ik wil iets technisch, misschien elektra")
    advice = advise(p, catalog, TODAY)
    assert advice.interest_state == TECHNICAL
    assert "elektrotechn" in advice.items[0].course.name.lower()


def test_a_wish_verb_before_the_turn_makes_the_past_job_the_past(catalog):
    # "in een magazijn gewerkt" names logistics (a non-technical field); "wil nu ... elektriciteit" is the wish.
    a = run(catalog, "Ik heb 10 jaar in een magazijn gewerkt en wil nu iets technisch, het liefst met elektriciteit.")
    assert a.interest_state == TECHNICAL
    assert "elektro" in a.items[0].course.name.lower() and a.items[0].fit_words


def test_words_found_only_in_course_descriptions_are_no_claim_that_the_list_fits(catalog):
    """ "iets met mn handen" got "Deze opleidingen passen bij je" above stone masons, with no reason given."""
    a = run(catalog, "iets met mn handen")
    assert a.interest_state == UNMATCHED and not a.fits and not any(r.fit_words for r in a.items)
    assert a.notes[0] == text("advice.interest.described") and a.items  # the descriptions still ordered it


@pytest.mark.parametrize(
    "text, first, never",
    [
        ("Ik werkte als verkoper in een autozaak, nu wil ik de technische kant leren.", "auto", "mobiliteitsbranche"),
        ("Ik sta als verkoper in een fietsenwinkel, maar ik wil liever de werkplaats in.", "fietstechnicus", "verkoop"),
    ],
)
def test_who_leaves_the_shop_for_the_workshop_gets_the_technical_courses(catalog, text, first, never):
    """A car salesman who wanted "de technische kant" got five car sales and management courses: "autozaak" was no
    word we knew, "verkoper" made the wish non-technical and its role stayed wanted."""
    a = advise(Profile(education="mbo2", age=30, interests_text=text, place="Utrecht"), catalog, TODAY)
    names = [r.course.name.lower() for r in a.items]
    assert first in names[0] and not any(never in n for n in names[:3]), names


def test_a_compound_of_known_work_and_a_shop_or_firm_is_that_work(catalog):
    for word, keyword in (("autozaak", "auto"), ("elektrozaak", "elektro"), ("autohandel", "auto")):
        assert keyword in {m.keyword for m in catalog.keywords.read(word, "nl").matches}, word
    assert not catalog.keywords.read("schoenwinkel", "nl").matches  # a shop of no work we know


def test_work_named_before_the_past_job_is_the_wish(catalog):
    """A 45-year-old typed "iets met elektra misschien, ik heb 20 jaar in de bouw gewerkt" and got Metselaar first: the
    past job came last, so nothing was read as the wish after it."""
    text = "iets met elektra misschien, ik heb 20 jaar in de bouw gewerkt"
    a = advise(Profile(education="mavo_old", age=45, interests_text=text, place="Utrecht"), catalog, TODAY)
    assert all("elektrotechnische" in r.course.name for r in a.items[:3]), [r.course.name for r in a.items]


@pytest.mark.parametrize(
    "text, lang, technical",
    [
        ("programmeren en muziek maken", "nl", True),  # programming is an item of its own
        ("stewardess worden, vliegen is mijn droom", "nl", False),  # flying as the stewardess does
        ("honden trimmen en wassen, ik wil een trimsalon", "nl", False),
        ("ik wil vrachtwagenchauffeur worden, rijden door heel Europa", "nl", False),
        ("electronics and music, I build my own guitar pedals", "en", True),  # a word of several technical fields
        ("ik wil kapster worden, haren knippen en kleuren", "nl", False),  # colouring hair is no painting
        ("flying drones, photography and maps", "en", True),  # flying drones is technical work
    ],
)
def test_technical_work_named_as_an_item_of_a_list_makes_the_interest_technical(catalog, text, lang, technical):
    """ "programmeren en muziek maken" got five drawing courses (the bridges of music) and no software course: one
    technical word beside a non-technical field was too weak; an item of the list that names technical work on its
    own now counts, not a verb of driving, flying or washing that non-technical work does too."""
    a = advise(Profile(education="havo", havo_vwo_year=3, age=17, interests_text=text, language=lang), catalog, TODAY)
    assert (a.interest_state == TECHNICAL) is technical, a.interest_state
    assert not technical or lang == "en" or "Software" in a.items[0].course.name, [r.course.name for r in a.items]


def test_broken_is_no_plastering(catalog):
    """A cook who watched the mechanic fix the cold store ("als de koelcel weer stuk was") got Stukadoor first."""
    text = "In de keuken keek ik altijd mee met de monteur als de koelcel weer stuk was"
    a = advise(Profile(education="mbo2", age=38, interests_text=text, place="Utrecht"), catalog, TODAY)
    assert not any("tukadoor" in r.course.name for r in a.items), [r.course.name for r in a.items]


def test_built_is_no_building(catalog):
    """A mother typed that her daughter "heeft zelf een webshop gebouwd": "gebouwd" was read as "gebouwen" and as the
    "gebouwde omgeving" of an electrician's course name, which came first above software."""
    text = "Ze zit altijd te programmeren en heeft zelf een webshop gebouwd voor haar tante."
    a = advise(Profile(education="havo", havo_vwo_diploma=True, age=17, interests_text=text), catalog, TODAY)
    assert "Software" in a.items[0].course.name, [r.course.name for r in a.items]


def test_less_of_something_is_no_wish_for_it(catalog):
    """A handyman of 50 with bad knees ("iets waar ik minder op de vloer lig") got the floor layers first."""
    text = (
        "Mijn knieen gaan achteruit, dus ik wil iets waar ik minder op de vloer lig. Ik lees makkelijk bouwtekeningen."
    )
    a = advise(Profile(education="none", age=50, interests_text=text, place="Utrecht"), catalog, TODAY)
    assert not any("vloer" in r.course.name.lower() for r in a.items[:3]), [r.course.name for r in a.items]


def test_a_negated_wish_covers_its_clause(catalog):
    """ "I like chemistry and physics but I don't want to sit in a lab all day" claimed a fit with "lab" for the
    laboratory courses: the negation covered three words, the lab was the sixth."""
    text = "I like chemistry and physics but I don't want to sit in a lab all day"
    a = advise(
        Profile(education="havo", havo_vwo_diploma=True, age=18, interests_text=text, language="en"), catalog, TODAY
    )
    assert not any("lab" in r.fit_words for r in a.items), [(r.course.name, r.fit_words) for r in a.items]


def test_a_past_job_is_no_item_of_a_list_of_likings(catalog):
    """ "was" (Dutch: was) is no washing, and "ik was timmerman" in a list is the past, not a liking."""
    parts = listed_parts("Ik was timmerman, maar ik wil nu meer tekenen en muziek maken")
    assert not catalog.keywords._names_technical_work(parts[0], "nl")
    assert catalog.keywords.read_wish(
        "ik was lasser in Syrie en ik hou van muziek, en van programmeren", "nl"
    ).also_technical


def test_the_job_someone_works_at_now_is_no_liking(catalog):
    """ "Ik werk aan de inpaklijn bij een voedingsfabriek ... ik wil die storingen zelf kunnen oplossen" got the Entree
    course of packing first: "werk aan" was no job."""
    assert after_past_work("Ik werk aan de inpaklijn. Ik wil die storingen zelf kunnen oplossen.") is not None
    text = "Ik ben 23 en werk aan de inpaklijn bij een voedingsfabriek. Ik wil de storingen zelf kunnen oplossen."
    a = advise(Profile(education="mbo2", age=23, interests_text=text, place="Utrecht"), catalog, TODAY)
    assert "Assistent" not in a.items[0].course.name and not any("inpakken" in r.fit_words for r in a.items)


def _said_honestly(a) -> None:
    """Not technical, and no course said to fit."""
    assert a.interest_state == NONTECHNICAL and not any(r.fit_words for r in a.items), (
        a.interest_state,
        [(r.course.name, r.fit_words) for r in a.items[:3]],
    )


@pytest.mark.parametrize(
    "text,lang",
    [
        # a wish in a sentence of its own turns away from the job before it, without a "but"
        ("I'm a carpenter, 36. I want to work with horses, maybe as a groom at a riding stable.", "en"),
        ("Ik ben 42 en al 20 jaar elektricien. Ik ben er klaar mee, ik wil graag met jongeren werken.", "nl"),
        ("My son loves computers, but he wants to do bookkeeping and administration, not programming.", "en"),
        # the heart of a team, a phone used all day, security at the airport, human resources
        ("i wanna be the engine of the team lol, football coach for kids", "en"),
        ("bro ik wil gwn de motor van het team zijn, voetbaltrainer ofzo", "nl"),
        ("i wanna work at a call centre lol, phone all day, easy money", "en"),
        ("i want to work in security at the airport, checking bags and passports", "en"),
        ("Ik heb in een callcenter gewerkt. Ik wil nu HR doen.", "nl"),
        ("ik wil maatschappelijk werker worden of in de jeugdzorg", "nl"),
        ("ik wil graag in de kinderopvang werken, met kleine kinderen spelen en knutselen", "nl"),
        # what is sold in a shop is goods, not ICT work
        ("I sell laptops and phones at a big electronics store. I'd like to move up to store manager in retail.", "en"),
        ("I want to work in a game shop, selling games and consoles to customers.", "en"),
    ],
)
def test_non_technical_texts_of_dev7_are_said_honestly(catalog, text, lang):
    """dev7 (120 non-technical texts, written blind on 2026-12-06) was said honestly 79 % of the time, with 146
    false fit claims: the carpenter who wants to work with horses got the carpentry courses, "werker" was read as
    a typo of "waterkering", and "HR" as HR++ glass."""
    _said_honestly(run(catalog, text, lang))


@pytest.mark.parametrize(
    "text,lang,field",
    [
        (
            "Ik heb als schoonmaker op Schiphol gewerkt en ben gefascineerd door vliegtuigen. Ik wil monteur worden.",
            "nl",
            "vliegtuig",
        ),
        ("ik wil vliegtuigen repareren op schiphol", "nl", "vliegtuig"),
        ("Ik wil stalen en rvs buizen op maat zagen, buigen en lassen", "nl", ""),
        ("hacken is echt vet, maar dan legaal haha", "nl", "ICT"),
        (
            "Ik zit op havo en vind wiskunde en bruggen interessant. "
            "Ik wil op kantoor meedenken over hoe zoiets gebouwd wordt.",
            "nl",
            "",
        ),
        ("hr++ glas zetten in kozijnen", "nl", "laszet"),
    ],
)
def test_the_words_added_for_dev7_leave_technical_texts_technical(catalog, text, lang, field):
    """Guards for the dev7 changes: a workplace beside more technical work, "stalen" (no stable), "dan" (no dance), a
    liking before a wish sentence, and HR++ glass with its glass."""
    a = run(catalog, text, lang)
    assert a.interest_state == TECHNICAL, (a.interest_state, text)
    assert field.lower() in a.items[0].course.name.lower(), [r.course.name for r in a.items[:3]]


@pytest.mark.parametrize(
    "text,lang",
    [
        # where the other work is done, and its everyday words (customers, the phone, visitors)
        ("Receptionist at a big engineering firm, answering phones and welcoming visitors.", "en"),
        ("Ik zou graag de administratie doen bij een installatiebedrijf: facturen maken, de telefoon aannemen.", "nl"),
        ("HR-medewerker bij een chipfabriek: sollicitatiegesprekken voeren en nieuwe collega's inwerken.", "nl"),
        ("Security guard at a power plant or a chemical site, doing rounds and checking badges.", "en"),
        ("Kantinemedewerker op een bouwplaats, broodjes smeren en koffie zetten.", "nl"),
        # building and fixing said of people and careers
        ("Ik wil mensen weer opbouwen na een blessure, zodat ze weer kunnen sporten.", "nl"),
        ("Ik wil bruggen bouwen tussen mensen uit verschillende culturen, als tolk.", "nl"),
        ("I want to build a career in sales. Cold calling, closing deals, all of it.", "en"),
        # a rejection after what it rejects, and a negated list
        ("ik haat sleutelen, alles met schroeven is niks voor mij. doe mij maar make-up", "nl"),
        ("Definitely nothing with machines or computers. Maybe something in a shop?", "en"),
        # years of a trade, then another wish
        ("After 15 years as a car mechanic I want to work in a bakery shop, selling bread.", "en"),
        ("Na twintig jaar als elektricien wil ik iets anders. Ik wil uitvaartverzorger worden.", "nl"),
        ("ik wil apotheeksassistent worden, medicijnen meegeven en uitleggen", "nl"),
    ],
)
def test_non_technical_texts_of_dev9_are_said_honestly(catalog, text, lang):
    """dev9 (120 non-technical texts, written blind on 2026-12-06) was said honestly 68 % of the time, with 215
    false fit claims: a firm's trade ("bij een installatiebedrijf") and everyday words ("klanten", "telefoon")
    were taken for the work, and "mensen weer opbouwen" for building."""
    _said_honestly(run(catalog, text, lang))


@pytest.mark.parametrize(
    "text,lang",
    [
        # a technical pastime that calls itself one, beside a job of another field
        ("kapster worden!! ik bouw wel eens een pc voor vrienden maar dat is gwn voor de lol", "nl"),
        (
            "Ik wil bij defensie, het liefst bij de landmacht. "
            "Ik klooi wel met Arduino en sensoren maar dat is meer een hobby.",
            "nl",
        ),
        (
            "Helping out in a care home is what I want to do for work. "
            "Oh and I restore old valve radios, but it's only a hobby.",
            "en",
        ),
        # a wish said as "I'd like to" after a sentence of past work, and "ik zie mezelf" as a wish
        (
            "I'm 38 and I was an IT helpdesk guy for years. I'm tired of screens. "
            "I'd like to retrain as a dental assistant.",
            "en",
        ),
        ("Lassen met mijn vader is leuk hoor, maar ik zie mezelf later eerder in een kledingwinkel staan.", "nl"),
        # the job one has, said to be no fun any more
        ("Ik ben installatiemonteur en vind er niks meer aan. Personal trainer lijkt me wat.", "nl"),
        ("Na acht jaar dakdekken ben ik toe aan iets anders. Ik denk aan toezicht.", "nl"),
        ("I've been a welder for eleven years. I want to work in disability care now.", "en"),
        # a sentence that says it is about the job; "I'd love to", "train as"
        ("Ik vlieg graag met mijn drone en maak er filmpjes mee. Werken wil ik in de dierenzorg.", "nl"),
        ("I was a refrigeration engineer, now I'd love to work at a daycare.", "en"),
        ("I do woodworking with my grandpa. I'd like to train as a pastry chef.", "en"),
        (
            "Fietsen repareren doe ik voor de buren, maar daar wil ik geen beroep van maken. "
            "Ik wil sportinstructeur worden.",
            "nl",
        ),
    ],
)
def test_non_technical_texts_of_dev11_are_said_honestly(catalog, text, lang):
    """dev11 (120 non-technical texts beside a technical hobby or past job, written blind on 2026-12-06) was said
    honestly 73 % of the time, with 174 false fit claims: "maar dat is meer een hobby" did not keep the Arduino from
    claiming a fit beside the army, and "I'd like to" was read as a liking."""
    _said_honestly(run(catalog, text, lang))


@pytest.mark.parametrize(
    "text,lang,name",
    [
        ("In mijn vrije tijd sleutel ik aan brommers en dat wil ik later ook doen.", "nl", "scooter"),
        ("On weekends I weld with my dad and I'd like to become a welder.", "en", "productietechniek"),
    ],
)
def test_a_technical_pastime_without_another_field_is_still_the_work(catalog, text, lang, name):
    """Guard for the dev11 change: free time or a weekend spent on technical work says what someone likes, unless
    another field is named as the job."""
    a = run(catalog, text, lang)
    assert a.interest_state == TECHNICAL
    assert name in " ".join(r.course.name.lower() for r in a.items[:3]), [r.course.name for r in a.items[:3]]


@pytest.mark.parametrize(
    "text,lang,name",
    [
        ("Ik werk graag met mensen en met techniek, ik wil klanten adviseren in een garage.", "nl", "mobiliteit"),
        (
            "Ik werk als verkoper in een bouwmarkt en wil technisch adviseur worden bij een groothandel in "
            "installatiemateriaal.",
            "nl",
            "",
        ),
        (
            "Ik vind reizen interessant. Het liefst werk ik bij een energiecentrale aan het onderhoud van turbines.",
            "nl",
            "",
        ),
        ("Ik wil in de zorg werken en ik wil ook graag lasssen", "nl", "lass"),
    ],
)
def test_the_words_added_for_dev9_leave_technical_texts_technical(catalog, text, lang, name):
    """Guards for the dev9 changes: sales in a garage and technical advice stay technical sales; a workplace in a
    sentence of its own is where the technical work is; a close typo beside another field is still the work."""
    a = run(catalog, text, lang)
    assert a.interest_state != NONTECHNICAL, (a.interest_state, text)
    assert name.lower() in " ".join(r.course.name.lower() for r in a.items[:3]), [r.course.name for r in a.items[:3]]


@pytest.mark.parametrize(
    "text,name",
    [
        (
            "Nigeria, 8 years instrument technician in oil refinery. Transmitters, valves, control loops.",
            "instrumentatie",
        ),
        ("My son wants to build buses and trailers. He loves welding and anything with big vehicles.", "Carrosserie"),
        ("i want to work in a factory where you run the machines and also fix them when they brake down", "peration"),
        ("i want too work for a boat builder making the inside of yachts, all wood and shiny", "interieurbouwer"),
    ],
)
def test_english_words_found_in_dev8_name_the_work(catalog, text, name):
    """dev8 (100 English technical texts, written blind on 2026-12-06) started at NDCG@5 0.832: an instrument
    technician got Operator C, "build buses" the bus mechanic, "when they brake down" the demolition worker."""
    a = run(catalog, text, "en")
    assert name.lower() in a.items[0].course.name.lower(), [r.course.name for r in a.items[:3]]


@pytest.mark.parametrize(
    "text,lang,name",
    [
        ("ngl i wanna build and fix wind turbines, renewable energy is the future fr", "en", "instrumentatie"),
        (
            "Motoren vind ik leuk, maar het liefst de motorblokken zelf uit elkaar halen en reviseren.",
            "nl",
            "verbranding",
        ),
        ("ik vind het leuker om ons netwerk thuis in te stellen, router, wifi, een nas", "nl", "support"),
        ("Ik wil in grote kantoorgebouwen het klimaat regelen met een gebouwbeheersysteem.", "nl", "smart building"),
        ("Ik ben timmerman en wil doorgroeien naar leidinggevende op de bouwplaats.", "nl", "uitvoerder"),
        (
            "Car mechanic for 20 years. I'd be good at the front desk of the garage, explaining repairs.",
            "en",
            "service",
        ),
    ],
)
def test_words_found_in_dev10_name_the_work(catalog, text, lang, name):
    """dev10 (120 technical texts over every dossier, written blind on 2026-12-06) started at NDCG@5 0.797 Dutch and
    0.763 English: wind turbines, engine blocks, a home network, a building management system, the site manager and
    the garage's front desk were words the lists lacked."""
    a = run(catalog, text, lang)
    assert name.lower() in " ".join(r.course.name.lower() for r in a.items[:3]), [r.course.name for r in a.items[:3]]


def test_electric_stuff_beside_cars_is_a_liking_of_its_own(catalog):
    """A 19-year-old retail graduate's "maybe something with cars? or electric stuff" (a stranger chat on make run)
    got five car courses: "electric" alone names several fields, so the electrical work was not one of the likings."""
    a = run(catalog, "idk man. maybe something with cars? or electric stuff", "en")
    names = [r.course.name for r in a.items[:5]]
    assert any("elektrotechnische" in n for n in names) and any("auto" in n.lower() for n in names), names


@pytest.mark.parametrize(
    "text,lang,name",
    [
        ("ik wil auto's verkopen bij een dealer", "nl", "Verkoop"),  # selling cars is a technical course
        ("I want to repair laptops and phones", "en", "IT"),
    ],
)
def test_selling_vehicles_and_repairing_devices_stay_technical(catalog, text, lang, name):
    a = run(catalog, text, lang)
    assert a.interest_state == TECHNICAL and name.lower() in a.items[0].course.name.lower(), [
        r.course.name for r in a.items[:3]
    ]


# --- dev11 and dev12: what someone is done with, pastimes, goods, figures of speech -------------------------
@pytest.mark.parametrize(
    "text,said",
    [
        # the words before "dat wil ik nooit meer" (the whole sentence) and before a short "maar nooit meer"
        (
            "Ik heb drie jaar in een fabriek gestaan als operator, in ploegendienst, en dat wil ik nooit meer.",
            "ik heb drie jaar in een fabriek gestaan als operator in ploegendienst en dat wil ik nooit",
        ),
        ("Ik heb 10 jaar gelast. Dat nooit meer! Liever de zorg", "ik heb 10 jaar gelast dat nooit"),
        ("I was a welder but not anymore. I want to be a nurse", "i was a welder but not"),
        # a cue with more words after it looks ahead, not back: the welding stays liked
        ("lassen, en nooit meer de zorg", "de zorg"),
        ("I no longer want to weld, i like nursing", "want to weld"),
        # not the sentence when nothing refers back, and "niet meer dan" is no rejection of the work
        ("Ik wil kapper worden, fabriekswerk nooit meer", "fabriekswerk nooit"),
        ("ik wil niet meer dan 4 dagen werken als elektricien", "meer 4 dagen werken"),
        # what something is preferred to, past "the", "in", "down"
        ("Mensen helpen lijkt me mooier dan servers beheren", "servers beheren"),
        ("I'd rather work with people instead of fixing cars", "fixing cars"),
        ("I want to be a sailor, not down in the engine room", "down in the engine room"),
        # "I don't enjoy it", "ik vond er niks aan": about the sentence before (dev14)
        ("I fixed cars for years. I don't enjoy it. I want to be a nurse", "i fixed cars for years i dont enjoy"),
        (
            "Ik heb twee jaar gelast. Ik vond er niks aan. Nu wil ik de zorg in.",
            "ik heb twee jaar gelast ik vond er niks",
        ),
        # left to others (dev14)
        ("Het inmeten en plaatsen doet een ander.", "het inmeten en plaatsen doet een"),
        # said after what it rejects in its clause
        ("De computers zelf interesseerden me eigenlijk niet.", "de computers zelf interesseerden me eigenlijk"),
        ("I tinker with my car but I'm not the mechanic type", "im not the mechanic type"),
    ],
)
def test_what_someone_is_done_with_is_not_liked(text, said):
    words = re.findall(r"[a-z0-9]+", fold(text))
    assert " ".join(w for w, no in zip(words, textmatch.negated(text)) if no) == said


@pytest.mark.parametrize(
    "text,lang",
    [
        # dev11 and dev12 (written blind on 2026-12-06 and -07), said in other words
        (
            "Ik wil kapster worden. Ik heb vijf jaar als monteur in ploegendienst gewerkt, en dat wil ik nooit meer.",
            "nl",
        ),
        ("I burned out as a service engineer. I'd like something calm now, like working in a library.", "en"),
        (
            "I've worked six years on a helpdesk, resetting passwords and fixing printers, and I'm tired of screens. "
            "I want to work with horses.",
            "en",
        ),
        ("I want to drive a van for a building firm, delivering tiles and materials to building sites.", "en"),
        ("I love building characters and setting the stage. I want to go into acting.", "en"),
        ("I want to build my own brand online and test what works on TikTok. Something in marketing.", "en"),
        ("Ik wil in een bouwmarkt op de verfafdeling werken. Ik vul nu al vakken bij in de supermarkt.", "nl"),
        ("Security guard at a refinery, doing rounds and checking people at the gate.", "en"),
        ("I've been a heating engineer for ten years. I want to move into real estate, selling houses.", "en"),
    ],
)
def test_non_technical_texts_of_dev11_and_dev12_are_said_honestly(catalog, text, lang):
    """dev12 (120 texts, written blind on 2026-12-07) started at 56 false fit claims, 77.5 % said honestly: the
    tasks of a past job after "I've worked ... ," were taken for the wish, a truck driver's bricks for bricklaying,
    "building characters" for building, and "real estate" beside selling houses for the property courses."""
    _said_honestly(run(catalog, text, lang))


@pytest.mark.parametrize(
    "text,lang,field",
    [
        ("Ik wil nooit meer op kantoor werken, liever lassen in een werkplaats.", "nl", "productietechniek"),
        ("I no longer want to sit at a desk. I want to fix cars.", "en", "auto"),
        ("Ik wil zonnepanelen leggen en bezorgen bij klanten.", "nl", "elektrotechnische"),
        ("Ik heb vijf jaar in de zorg gewerkt, nooit meer. Ik wil elektricien worden.", "nl", "elektrotechnische"),
        # a job told as "X for 8 years" is past work only when another field's wish follows it
        ("Dakdekker voor 8 jaar. Ik wil de allround opleiding en later een ploeg leiden.", "nl", "dakdekker"),
        (
            "Roofer for 8 years with bitumen. I want the allround diploma and maybe lead a crew later.",
            "en",
            "dakdekker",
        ),
        ("Ik wil liever lassen dan de hele dag in de winkel staan.", "nl", ""),
        # a job now at a workplace is no wish of another field's work there (dev14)
        ("Ik werk als schoonmaker in een fabriek, maar ik wil monteur worden.", "nl", ""),
        ("I'm 40, office manager at a law firm, and I want to work on drinking water pipes.", "en", "water"),
        ("Ik sta als verkoper in een fietsenwinkel, maar ik wil liever de werkplaats in.", "nl", "fiets"),
    ],
)
def test_the_words_added_for_dev12_and_dev13_leave_technical_texts_technical(catalog, text, lang, field):
    a = run(catalog, text, lang)
    assert a.interest_state == TECHNICAL, (a.interest_state, text)
    assert any(field.lower() in r.course.name.lower() for r in a.items[:3]), [r.course.name for r in a.items[:3]]


@pytest.mark.parametrize(
    "text,named,level",
    [
        ("I've been a level 2 installer for 5 years. My boss wants me to lead a small crew.", False, 3),
        ("Ik ben nu 4 jaar monteur (niveau 2). Mijn baas wil dat ik eerste monteur word.", False, 3),
        ("Ik werk nu 8 jaar als procesoperator B. Ik wil door naar de centrale controlekamer.", True, 4),
        ("I'm a level 3 electrician and I want to get into PLC programming.", False, 4),
        ("I've been a level 2 installer for 5 years.", False, None),  # no step asked for
        ("Ik werk als timmerman en wil graag leidinggeven als uitvoerder.", True, 3),  # the job, not the wish
        ("Ik ben timmerman en wil elektricien worden.", True, None),  # a switch to other work is no next step
    ],
)
def test_someone_moving_up_in_their_trade_wishes_the_next_level(catalog, text, named, level):
    """dev12's move_up texts: "Procesoperator B, 8 years, to the control room" got Procesoperator B first."""
    find = catalog.course_named_in if named else (lambda _: None)
    assert intake.level_wish(text, None, find) == level


def test_a_process_operator_moving_up_gets_the_level_above_first(catalog):
    text = "Ik werk nu 8 jaar als procesoperator B bij een chemisch bedrijf. Ik wil door naar de controlekamer."
    p = Profile.from_dict({"age": 35, "education": "mbo3", "place": "Rotterdam", "interests_text": text})
    p.level_wish = intake.level_wish(text, p.education, catalog.course_named_in)
    a = advise(p, catalog, today=TODAY)
    assert a.items[0].course.level == 4 and "operator" in a.items[0].course.name.lower(), a.items[0].course.name


@pytest.mark.parametrize(
    "text,lang",
    [
        # dev13 (120 texts, written blind on 2026-12-07), said in other words
        ("Ik wil tandartsassistente worden. Mensen helpen in de stoel lijkt me leuker dan servers beheren.", "nl"),
        ("I'd like to work with people instead of fixing engines all day. Maybe a care home.", "en"),
        ("Welder at a shipyard, 24. I want to join the navy as a sailor, not down in the engine room.", "en"),
        ("CNC operator for 9 years, night shifts. I want a calm daytime job. Pharmacy assistant maybe.", "en"),
        ("Monteur geweest. Ik wil mensen helpen hun leven weer op te bouwen, in het sociaal werk.", "nl"),
        ("Ik wil de landmacht in. Drones bouwen doe ik trouwens ook graag.", "nl"),
        (
            "I install solar panels and I hate it. I want to work outdoors in parks and gardens, pruning and mowing.",
            "en",
        ),
        ("Na de havo wil ik kapster worden. Ik werk nu bij de Kruidvat. In mijn vrije tijd solder ik wel eens.", "nl"),
        ("He says he doesn't want to repair tractors, he wants to drive a delivery van.", "en"),
    ],
)
def test_non_technical_texts_of_dev13_are_said_honestly(catalog, text, lang):
    """dev13 (120 non-technical texts beside a technical hobby or past job) started at 194 false fit claims, 75.8 %
    said honestly: "instead of"/"in plaats van" and "leuker dan" did not say what was not wanted, "not down in the
    engine room" ran out of reach, a pastime after the job was taken for the wish, and the army was no field."""
    _said_honestly(run(catalog, text, lang))


@pytest.mark.parametrize(
    "text,lang",
    [
        # another field's work at a technical firm: the firm, its products and what it does are where, not what
        ("Ik wil inkoper worden bij een metaalbedrijf dat lasrobots en kantbanken gebruikt.", "nl"),
        ("Planner bij een installatiebedrijf, zorgen dat de monteurs op tijd bij de storingen zijn.", "nl"),
        ("Receptionist at a company that installs solar panels, welcoming visitors and taking calls.", "en"),
        ("Ik wil bruggen bouwen tussen culturen, als mediator in de buurt.", "nl"),
        # said in so many words: no technical work
        ("Ik wil de kapperij in. Geen technisch werk meer, ik heb genoeg auto's gerepareerd.", "nl"),
        ("I want to work in the bakery, nothing technical, I repaired engines for years.", "en"),
        ("Twee jaar als monteur gewerkt, maar nu wil ik naar de politieacademie.", "nl"),
        # the work left to others, and the role "of" a firm
        ("Ik wil bij een installatiebedrijf in de verkoop. Het monteren laat ik graag aan de monteurs over.", "nl"),
        ("I'd love to work at the reception of a car dealership, booking cars in for service.", "en"),
    ],
)
def test_non_technical_texts_of_dev14_are_said_honestly(catalog, text, lang):
    """dev14 (160 texts, written blind on 2026-12-07) started at 403 false fit claims, 51 % said honestly: most were
    another field's work at a technical firm ("HR-medewerker op een scheepswerf", "receptionist at a company that
    repairs scooters")."""
    _said_honestly(run(catalog, text, lang))


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to be the engine behind a festival",
        "I want to climb the career ladder",
        "ik wil mijn eigen carriere opbouwen",
        "de bedrading van het brein snappen",
        "ik wil de architect van mijn eigen leven zijn",
    ],
)
def test_technical_words_said_of_a_life_or_a_career_name_no_work(catalog, text):
    assert catalog.keywords.read(text, "").matches == []


@pytest.mark.parametrize(
    "text,lang",
    [
        ("iets met m'n handen doen, niet stilzitten op school", "nl"),
        ("something practical i guess, not sitting still all day", "en"),
    ],
)
def test_a_vague_answer_gets_what_people_were_given_for_texts_like_it(catalog, text, lang):
    """ "iets met mijn handen denk ik, niet de hele dag stilzitten" (dev14) named no keyword, and the words of a
    description put the stone masons first; the courses given to example texts like it (bot/learned.py) come first."""
    a = run(catalog, text, lang)
    assert a.interest_state == UNMATCHED and not any(r.fit_words for r in a.items)
    assert a.items[0].course.name in {"Timmerman", "Technisch medewerker", "Medewerker productietechniek"}, [
        r.course.name for r in a.items[:3]
    ]


def test_the_tasks_of_a_job_now_add_no_technical_wish(catalog):
    """ "Het liefst ga ik een eigen koffiebar beginnen, barista zijn. Ik werk nu als monteur bij een glasvezelbedrijf,
    kasten aansluiten in de straat" (dev14): the job's tasks, a list, were taken for technical work added to the
    wish, and fits were claimed."""
    text = "Ik wil later een eigen lunchroom. Ik werk nu als monteur, kasten aansluiten en kabels trekken in de straat."
    assert not catalog.keywords.read_wish(text, "nl").also_technical
    assert textmatch._without_work_told(text) == "ik wil later een eigen lunchroom"
    assert not any(r.fit_words for r in run(catalog, text, "nl").items)


@pytest.mark.parametrize(
    "text,lang",
    [
        # the job someone has now, told after the wish or as a sentence of its own
        (
            "Ik wil eigenlijk de kapperij in, knippen en fohnen. Ik sta nu een jaar bij een garage banden te wisselen.",
            "nl",
        ),
        (
            "Ik ben nu derdejaars installatietechniek, cv-ketels. Maar ik wil naar de kunstacademie, schilderen.",
            "nl",
        ),
        ("Ik ben loodgieter. Sinds de uitvaart van mijn opa overleed wil ik uitvaartbegeleider worden.", "nl"),
        # a verb that is a keyword's noun, and fields the words of a life or a charity name
        ("Ik wil een eigen evenementenbureau opbouwen.", "nl"),
        ("I'd love to work for a charity, fundraising and organizing.", "en"),
        ("ik wil ehbo doen op festivals en bij sportwedstrijden", "nl"),  # first aid is care
        # goods an order picker picks
        ("Ik wil in een magazijn werken, orders picken: schroeven, kabels, stekkers.", "nl"),
    ],
)
def test_a_job_told_apart_from_another_fields_wish_claims_no_fit(catalog, text, lang):
    """dev14 and dev13: "Ik wil toch liever de kapperij in ... sta ik nu twee jaar bij een Kia-dealer banden te
    wisselen" claimed car courses (only a job told before the wish counted less); "kunstacademie, schilderen" claimed
    the house painters ("schilderen" is "schilder" to the stemmer, which had no context); "overleed" was a typo of
    "overleg"; "een evenementenbureau opbouwen" claimed the vehicle body builders."""
    _said_honestly(run(catalog, text, lang))


@pytest.mark.parametrize(
    "text,lang,name",
    [
        ("ik wil schilder worden, huizen en kozijnen schilderen", "nl", "Schilder"),
        ("opbouw van vrachtwagens en aanhangers", "nl", "Carrosseriebouwer"),
        ("Ik ben kapper. Ik wil elektricien worden.", "nl", "elektrotechnische installaties"),
        ("he likes helping his uncle with painting houses, he left school", "en", "Schilder"),
        ("ik wil in de showroom van een autodealer werken, auto's verkopen", "nl", "Verkoopadviseur"),
    ],
)
def test_the_contexts_added_for_dev14_leave_technical_texts_technical(catalog, text, lang, name):
    a = run(catalog, text, lang)
    assert any(name in r.course.name and r.fit_words for r in a.items[:3]), [r.course.name for r in a.items[:3]]


def test_a_showroom_of_kitchens_is_no_car_dealers(catalog):
    """ "Ik wil in de showroom van een keukenzaak werken" (dev14) claimed the car sales courses on "showroom"."""
    keywords = catalog.keywords
    assert "showroom" not in {m.keyword for m in keywords.match("in de showroom van een keukenzaak", "nl")}
    assert "showroom" in {m.keyword for m in keywords.match("in de showroom van een autodealer", "nl")}
