from __future__ import annotations

import pytest

from bot import roles


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Machinist grondverzet", {"operate"}),
        ("Monteur mobiele werktuigen", {"repair"}),
        ("Autospuiter", {"paint"}),
        ("Tekenaar constructeur", {"design"}),
        ("Uitvoerder bouw/infra", {"lead"}),
        ("Verkoopadviseur Mobiliteitsbranche", {"sell"}),
        ("Timmerman", set()),  # no role in its name: never held back
    ],
)
def test_a_course_role_is_read_from_its_name(name, expected):
    assert roles.course_roles(name) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Werkvoorbereider fabricage", {"metaal"}),
        ("Werkvoorbereider installaties", {"installatie"}),
        ("Tekenaar ontwerper werktuigkundige installaties", {"installatie"}),
        ("Werkvoorbereider meubelindustrie/(scheeps)interieurbouw", {"hout"}),
        ("Uitvoerder bouw/infra", {"bouw", "infra"}),
        ("Monteur werktuigkundige installaties", set()),  # no office course: no trade to prepare for
    ],
)
def test_an_office_course_names_the_trade_it_prepares_the_work_of(name, expected):
    assert roles.course_trades(name) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ik wil graafmachines besturen", {"operate"}),
        ("i wanna drive excavators", {"operate"}),
        ("auto's spuiten en custom paint jobs", {"paint"}),
        ("klussen in huis", {"repair"}),
        ("leidingen leggen en planten water geven", set()),  # pipes and plants: no lead, no plan
        ("ik hou van auto's", set()),  # no verb: every course of the work stays as it was
        # a car mechanic for the garage's front desk: the service adviser's course clashed with "repairs", "planning"
        ("work at the front desk, talking to customers about repairs", {"sell", "repair"}),
        ("klanten advies geven over verf", {"sell", "paint"}),
        ("cv-ketels repareren bij klanten thuis", {"repair"}),  # customers alone are no selling
        ("putting machines together in a factory, following the drawing", set()),  # working from it, no designing
        ("ik kan goed tekeningen lezen", set()),
        ("ik wil tekeningen maken", {"design"}),
    ],
)
def test_what_someone_wants_to_do_is_read_from_the_verbs(text, expected):
    assert roles.wanted_roles(text) == expected


def test_only_a_course_with_a_role_none_of_which_was_named_clashes():
    wanted = frozenset({"operate"})
    assert roles.clashes(wanted, [frozenset({"repair"}), frozenset({"operate"}), frozenset()]) == [True, False, False]
    assert roles.clashes(frozenset(), [frozenset({"repair"})]) == [False]


@pytest.mark.parametrize(
    "text, left",
    [
        ("ik werkte als verkoper in een autozaak, nu wil ik de technische kant leren.", {"sell"}),
        ("ik sta als verkoper in een fietsenwinkel, maar ik wil liever de werkplaats in.", {"sell"}),
        ("ik was verkoper, nu wil ik auto's verkopen", set()),  # the wish names the same role again
        ("ik was monteur bij defensie en wil nu een erkend diploma", set()),  # no turn away from the work
    ],
)
def test_the_role_someone_turns_away_from_is_left_behind(text, left):
    wish = text[text.index(" nu ") + 1 :] if " nu " in text else text[text.index("liever") :]
    assert roles.left_roles(text, wish) == left
    sales = [frozenset({"sell"})]
    assert roles.clashes(roles.wanted_roles(text), sales, frozenset(left)) == [bool(left)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("vliegtuigonderdelen assembleren, ervaren", 1),
        ("ik werk bij een heibedrijf en wil doorgroeien", 1),
        ("i want to design the installation, not just pulling cables", 1),
        ("ik doe vmbo basis en wil gewoon lassen", -1),
        ("a first step into welding", -1),
        ("lassen", 0),
        ("zelfstandig werken, maar ik wil eerst eenvoudig beginnen", 0),  # both: no side taken
        ("i want to move up and guide the new guys", 1),
        ("three years as a basic mechanic, now i want to diagnose the harder faults", 1),  # basic was the old job
        ("ik ben 16 jaar en wil iets simpels", -1),
    ],
)
def test_how_far_into_a_trade_someone_wants_to_go(text, expected):
    assert roles.seniority(text) == expected


@pytest.mark.parametrize(
    "text, told",
    [
        ("i've been working at a body shop for two years", True),
        ("ik werk al 5 jaar als lasser", True),
        ("ik ben al 5 jaar lasser", True),
        ("ik ben 16 jaar", False),  # an age
        ("i'm 40 years old", False),
        ("i have lived in the netherlands for two years", False),  # a stay
        ("ik heb 3 jaar op school gezeten", False),
    ],
)
def test_years_in_a_trade_are_told_not_an_age_or_a_stay(text, told):
    assert bool(roles.year_sentences(text)) is told
    assert roles.seniority(text, years=told) == int(told)
