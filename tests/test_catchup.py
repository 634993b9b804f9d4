from bot import admission as adm
from bot import catchup
from bot.profile import Profile


def codes(missing, **profile):
    return [r.code for r in catchup.routes_for(tuple(missing), Profile(**profile))]


def test_no_diploma_under_18_goes_via_entree():
    assert codes([adm.MISSING_DIPLOMA], age=16) == ["entree"]


def test_no_diploma_adult_gets_assessment_vavo_and_evc_and_still_entree():
    assert codes([adm.MISSING_DIPLOMA], age=35) == ["toelatingsonderzoek", "vavo", "evc", "entree"]


def test_missing_subject_ask_school_and_for_adults_the_admission_assessment_first_then_vavo():
    """18+ without the right vmbo diploma may be admitted after an assessment (mbo-domain.md §3.3); a 38-year-old
    with vmbo economie got "still in vmbo: ask your decaan" as his first route."""
    assert codes([adm.MISSING_MATH_SCIENCE], age=16) == ["ask_school_subject"]
    assert codes([adm.MISSING_MATH_SCIENCE], age=19) == ["toelatingsonderzoek", "ask_school_subject", "vavo"]


def test_other_gaps():
    assert codes([adm.MISSING_LEVEL], age=16) == ["level_step"]
    assert codes([adm.MISSING_SAME_FIELD]) == ["same_field"]
    assert codes([adm.MISSING_DUTCH]) == ["taalschakeltraject"]
    assert codes([adm.MISSING_AGE], age=14) == ["wait_16"]
    assert codes([adm.MISSING_CHECK], newcomer=True) == ["school_check", "taalschakeltraject"]


def test_a_gap_that_closes_the_course_comes_before_the_intake_check():
    # a newcomer with Dutch at A2: the chat shows the first route, which must be the language route
    missing = [adm.MISSING_CHECK, adm.MISSING_DUTCH]
    assert codes(missing, age=25, education="foreign", dutch_level="A2") == [
        "taalschakeltraject",
        "school_check",
        "foreign_diploma",
    ]


def test_a_newcomer_of_28_or_older_gets_the_adult_learning_routes_not_the_education_route():
    """A 45-year-old Syrian with A1 Dutch was told about the education route "for those younger than about 28"."""
    assert codes([adm.MISSING_DUTCH], age=45, education="foreign", dutch_level="A1") == ["inburgering_adult"]
    assert codes([adm.MISSING_DUTCH], age=27, education="foreign", dutch_level="A1") == ["taalschakeltraject"]


def test_a_foreign_diploma_gets_how_its_level_is_known():
    """IDW: the school asks for free advice; evaluating it yourself costs money except once for inburgering."""
    assert codes([adm.MISSING_CHECK], age=28, education="foreign", dutch_level="B1") == [
        "school_check",
        "foreign_diploma",
    ]
    assert "foreign_diploma" not in codes([adm.MISSING_CHECK], age=28, education="havo")
    route = catchup.FOREIGN_DIPLOMA
    assert "IDW" in route.steps.nl and "IDW" in route.steps.en and "idw.nl" in route.source


def test_no_repeats_and_all_routes_are_sourced_and_bilingual():
    routes = catchup.routes_for((adm.MISSING_DIPLOMA, adm.MISSING_LEVEL, adm.MISSING_DIPLOMA), Profile(age=30))
    assert len(routes) == len(set(routes))
    for r in catchup.ALL_ROUTES:
        assert r.source and r.title.nl and r.title.en and r.steps.nl and r.steps.en


def test_dutch_comes_first_when_it_closes_the_course_too():
    """An Eritrean of 24 with Dutch at A1 and no diploma was sent to the admission assessment (in Dutch) first."""
    both = [adm.MISSING_DIPLOMA, adm.MISSING_DUTCH]
    assert codes(both, age=24, education="none", dutch_level="A1", newcomer=True)[0] == catchup.TAALSCHAKEL.code
    assert codes(both, age=30, dutch_level="A2")[0] == catchup.LANGUAGE_ADULT.code
