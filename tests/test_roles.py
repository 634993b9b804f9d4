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
    "text, expected",
    [
        ("ik wil graafmachines besturen", {"operate"}),
        ("i wanna drive excavators", {"operate"}),
        ("auto's spuiten en custom paint jobs", {"paint"}),
        ("klussen in huis", {"repair"}),
        ("leidingen leggen en planten water geven", set()),  # pipes and plants: no lead, no plan
        ("ik hou van auto's", set()),  # no verb: every course of the work stays as it was
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
