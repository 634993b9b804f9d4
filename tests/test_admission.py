"""One test per row of the admission table in ../shared/research/mbo-domain.md §3.1-3.4."""

import pytest

from bot import admission as adm
from bot.courses import Course
from bot.profile import Profile


def course(level: int, specialist: bool = False, dossier: str = "23299", technical: bool = True) -> Course:
    return Course(
        "25737", "Testcursus", level, specialist, frozenset({"BOL", "BBL"}), dossier, "Dossier", "sg013", technical
    )


def statuses(p: Profile) -> dict[int, str]:
    return {lvl: d.status for lvl, d in adm.base_levels(p).items()}


def test_no_diploma_16_gets_entree_only():
    levels = adm.base_levels(Profile(education="none", age=16))
    assert levels[1].status == adm.OPEN
    assert all(levels[lvl].status == adm.CLOSED for lvl in (2, 3, 4))
    assert adm.MISSING_DIPLOMA in levels[2].missing


def test_entree_needs_age_16():
    d = adm.base_levels(Profile(education="none", age=15))[1]
    assert d.status == adm.CLOSED and adm.MISSING_AGE in d.missing


def test_no_diploma_18_plus_admission_assessment():
    levels = adm.base_levels(Profile(education="none", age=35))
    assert [levels[lvl].status for lvl in (2, 3, 4)] == [adm.CONDITIONAL] * 3
    assert levels[3].reasons[0].rule == "toelatingsonderzoek_18plus"


def test_vmbo_bb_gives_level_2_only():
    assert statuses(Profile(education="vmbo_bb", vmbo_profile="PIE")) == {
        1: adm.OPEN,
        2: adm.OPEN,
        3: adm.CLOSED,
        4: adm.CLOSED,
    }
    assert adm.MISSING_LEVEL in adm.base_levels(Profile(education="vmbo_bb"))[3].missing


@pytest.mark.parametrize("edu", ["vmbo_kb", "vmbo_gl", "vmbo_tl"])
def test_vmbo_kb_gl_tl_give_levels_2_to_4(edu):
    assert statuses(Profile(education=edu, vmbo_profile="PIE")) == {lvl: adm.OPEN for lvl in (1, 2, 3, 4)}


@pytest.mark.parametrize("edu", ["havo", "vwo"])
def test_havo_vwo_pass_3_to_4(edu):
    assert statuses(Profile(education=edu, havo_vwo_year=3)) == {lvl: adm.OPEN for lvl in (1, 2, 3, 4)}
    assert statuses(Profile(education=edu, havo_vwo_diploma=True))[4] == adm.OPEN


def test_havo_year_2_has_no_access_yet():
    levels = adm.base_levels(Profile(education="havo", havo_vwo_year=2, age=17))  # (at 17: most likely left school)
    assert levels[1].status == adm.OPEN and levels[2].status == adm.CLOSED


@pytest.mark.parametrize("passed, age", [(1, 13), (2, 14), (2, 15), (2, 16)])
def test_a_havo_pupil_before_year_4_is_advised_for_after_the_pass(passed, age):
    """A 14-year-old in havo 2 was sent to Entree, as if she had left school without a diploma: a pupil still in
    havo/vwo 1-3 is advised for after the pass to year 4, which opens levels 2-4 (the advice moves the start)."""
    p = Profile(education="havo", havo_vwo_year=passed, age=age)
    levels = adm.base_levels(p)
    assert adm.havo_vwo_pupil_below_3(p) and all(levels[lvl].status == adm.OPEN for lvl in (2, 3, 4))
    assert "havo/vwo 3 haalt" in levels[4].reasons[0].text.nl


def test_havo_unknown_year_is_asked():
    assert adm.base_levels(Profile(education="havo"))[3].status == adm.CONDITIONAL


def test_entree_diploma_gives_level_2():
    assert statuses(Profile(education="entree")) == {1: adm.OPEN, 2: adm.OPEN, 3: adm.CLOSED, 4: adm.CLOSED}


def test_mbo2_gives_levels_3_and_4():
    s = statuses(Profile(education="mbo2"))
    assert s[3] == adm.OPEN and s[4] == adm.OPEN


def test_specialist_level_4_needs_mbo3_same_field():
    spec = course(4, specialist=True, dossier="23427")
    same = adm.decide(Profile(education="mbo3", mbo_dossier="23427"), spec)
    other = adm.decide(Profile(education="mbo3", mbo_dossier="23361"), spec)
    unknown = adm.decide(Profile(education="mbo3"), spec)
    assert same.status == adm.OPEN
    assert other.status == adm.CLOSED and adm.MISSING_SAME_FIELD in other.missing
    assert unknown.status == adm.CONDITIONAL
    # middenkader level 4 (not specialist) is open after mbo-3 in any field
    assert adm.decide(Profile(education="mbo3", mbo_dossier="23361"), course(4)).status == adm.OPEN


def test_old_diplomas_by_subject_level():
    b = statuses(Profile(education="lbo_old", old_subject_level="B"))
    c = statuses(Profile(education="mavo_old", old_subject_level="C"))
    assert (b[2], b[3]) == (adm.OPEN, adm.CLOSED)
    assert (c[3], c[4]) == (adm.OPEN, adm.OPEN)
    assert statuses(Profile(education="mavo_old"))[2] == adm.CONDITIONAL


def test_a_higher_education_degree_is_a_school_check_at_levels_2_to_4():
    """ "ik heb de pabo gedaan maar wil omscholen" was read as nothing and asked three times; the law names the
    diplomas before an hbo degree (havo, vwo, mbo 4), so the school checks them."""
    s = statuses(Profile(education="higher", age=35))
    assert s == {1: adm.OPEN, 2: adm.CONDITIONAL, 3: adm.CONDITIONAL, 4: adm.CONDITIONAL}
    assert adm.base_levels(Profile(education="higher", age=35))[3].missing == (adm.MISSING_CHECK,)


def test_switch_into_techniek_needs_math_or_nask1():
    without = adm.decide(Profile(education="vmbo_kb", vmbo_profile="ZW", has_math_or_science=False), course(3))
    with_math = adm.decide(Profile(education="vmbo_kb", vmbo_profile="ZW", has_math_or_science=True), course(3))
    technical_profile = adm.decide(Profile(education="vmbo_kb", vmbo_profile="PIE"), course(3))
    unknown = adm.decide(Profile(education="vmbo_gl", vmbo_profile="EO"), course(2))
    assert without.status == adm.CLOSED and adm.MISSING_MATH_SCIENCE in without.missing
    assert "examencommissie" in without.reasons[-1].text.nl
    assert with_math.status == adm.OPEN
    assert technical_profile.status == adm.OPEN
    assert unknown.status == adm.CONDITIONAL
    # the requirement is about technical courses only
    assert (
        adm.decide(
            Profile(education="vmbo_kb", vmbo_profile="ZW", has_math_or_science=False), course(3, technical=False)
        ).status
        == adm.OPEN
    )


def test_an_adult_with_vmbo_and_maths_left_open_is_a_school_check():
    """A simulated 26-year-old with vmbo kader (never asked a profile: older diplomas have none) said "weet ik nog
    niet" to the maths question and got ICT courses called open, without the wiskunde/NaSk1 check."""
    adult = adm.decide(Profile(education="vmbo_kb", age=26), course(3))
    assert adult.status == adm.CONDITIONAL and adult.reasons[-1].rule == "switch_math_science"
    young = adm.decide(Profile(education="vmbo_kb", age=16), course(3))  # the profile question is still to come
    assert young.status == adm.OPEN


def test_bb_pupil_from_other_profile_without_math_cannot_enter_technical_level_2():
    d = adm.decide(Profile(education="vmbo_bb", vmbo_profile="HBR", has_math_or_science=False), course(2))
    assert d.status == adm.CLOSED


def test_dutch_level():
    a2 = adm.decide(Profile(education="vmbo_tl", vmbo_profile="PIE", dutch_level="A2"), course(2))
    b1_level4 = adm.decide(Profile(education="vmbo_tl", vmbo_profile="PIE", dutch_level="B1"), course(4))
    b1_level3 = adm.decide(Profile(education="vmbo_tl", vmbo_profile="PIE", dutch_level="B1"), course(3))
    assert a2.status == adm.CLOSED and adm.MISSING_DUTCH in a2.missing
    assert b1_level4.status == adm.CONDITIONAL and "3F" in b1_level4.reasons[-1].text.nl
    assert b1_level3.status == adm.OPEN


def test_entree_with_dutch_at_a2_is_for_the_school_to_judge():
    """No legal language bar: with A2 the school checks Entree at intake; A1, and A2 for level 2 up, stay closed."""
    newcomer = {"education": "foreign", "age": 28, "newcomer": True}
    entree = adm.decide(Profile(**newcomer, dutch_level="A2"), course(1))
    assert entree.status == adm.CONDITIONAL and entree.reasons[-1].rule == "dutch_level_entree"
    assert "Inspectie" in entree.reasons[-1].source
    assert adm.decide(Profile(**newcomer, dutch_level="A1"), course(1)).status == adm.CLOSED
    assert adm.decide(Profile(**newcomer, dutch_level="A2"), course(2)).status == adm.CLOSED


@pytest.mark.parametrize("age,rule", [(20, "foreign_18plus"), (17, "foreign")])
def test_foreign_diploma_is_checked_at_intake(age, rule):
    d = adm.base_levels(Profile(education="foreign", age=age))[3]
    assert d.status == adm.CONDITIONAL and d.reasons[0].rule == rule


def test_every_decision_has_reason_and_source():
    profiles = [
        Profile(education=e, age=a)
        for e in ("none", "vmbo_bb", "vmbo_kb", "havo", "entree", "mbo2", "foreign", "lbo_old")
        for a in (15, 17, 30)
    ]
    for p in profiles:
        for lvl in (1, 2, 3, 4):
            d = adm.decide(p, course(lvl))
            assert d.reasons, (p, lvl)
            assert all(r.source and r.text.nl and r.text.en for r in d.reasons)


def test_fee_level():
    """ "lts 1988" can start at 2 and, after a school check, at 3 or 4: the BBL fee of both bands is named (the
    answer said only the €295 of levels 1-2 above level 3 and 4 courses)."""
    assert adm.fee_level(adm.base_levels(Profile(education="vmbo_bb"))) == 2
    assert adm.fee_level(adm.base_levels(Profile(education="lbo_old", age=52))) is None
    assert adm.fee_level(adm.base_levels(Profile(education="havo", age=19))) is None
