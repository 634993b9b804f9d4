"""Either/or choice items for people who cannot say what they like (bot/undecided.py) and how the advice uses them."""

import random
import statistics

import pytest

from bot import undecided as u
from bot.advice import advise
from bot.profile import RIASEC_KEYS, Profile, ProfileError
from tests.conftest import TODAY

DK = u.DONT_KNOW
BASE = {"education": "vmbo_tl", "has_math_or_science": True, "age": 16}


def item(key):
    return u.BY_KEY[key]


def answers(*option_keys):
    """(item key, option key) pairs for option keys; None stands for a "weet niet" to the item named as "dk:item"."""
    out = []
    for key in option_keys:
        if key.startswith("dk:"):
            out.append((key[3:], None))
        else:
            out.append((u.ITEM_OF[key], key))
    return out


# --- the item bank ------------------------------------------------------------------------------------------------
def test_bank_shape():
    assert 8 <= len(u.ITEMS) <= 11
    assert len(u.BY_KEY) == len(u.ITEMS)
    keys = [o.key for i in u.ITEMS for o in i.options]
    assert len(keys) == len(set(keys)), "option keys are unique over the whole bank"
    for it in u.ITEMS:
        assert 2 <= len(it.options) <= 3, it.key
        assert it.question.nl.endswith("?") and it.question.en.endswith("?")
        for o in it.options:
            assert o.label.nl and o.label.en and len(o.label.nl) <= 30 and len(o.label.en) <= 30
            assert o.riasec and set(o.riasec) <= set(RIASEC_KEYS)
            assert all(0 < w <= 1 for w in o.riasec.values())
            assert o.words


def test_every_tag_is_a_catalogue_keyword(catalog):
    for o in u.OPTIONS.values():
        for tag in o.tags:
            shown = {m.keyword.lower() for m in catalog.keywords.match(tag)}
            assert shown, f"{o.key}: tag {tag!r} matches nothing in data/catalog/interests.yml"


def test_follow_up_rules_name_real_items_and_options():
    for item_key, opts in [*u.ONLY_AFTER.items(), *u.SKIP_AFTER.items()]:
        assert item_key in u.BY_KEY and opts <= set(u.OPTIONS)
    for opt, item_key in u.OPENS.items():
        assert opt in u.OPTIONS and item_key in u.BY_KEY


def test_every_word_of_an_option_picks_that_option():
    for it in u.ITEMS:
        for o in it.options:
            for word in (*o.words, o.label.nl, o.label.en, o.key):
                assert u.read_answer(it, word) == o.key, (it.key, word)


# --- reading answers ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "item_key, text, expected",
    [
        # labels, button payloads, keys
        ("work_place", "In de bouw", "building"),
        ("work_place", "Fabriek of werkplaats", "factory"),
        ("work_place", "At a computer", "computer"),
        ("work_place", "computer", "computer"),
        ("hands_or_computer", "Met je handen", "hands"),
        ("hands_or_computer", "with your hands", "hands"),
        ("repair_or_design", "repairing", "repair"),
        # own words, Dutch and English
        ("hands_or_computer", "met mijn handen", "hands"),
        ("hands_or_computer", "ik werk graag met gereedschap", "hands"),
        ("hands_or_computer", "gamen op de pc", "screen"),
        ("hands_or_computer", "with my hands please", "hands"),
        ("work_place", "ik wil met auto's werken", "factory"),
        ("work_place", "op kantoor", "computer"),
        ("work_place", "huizen bouwen", "building"),
        ("outside_or_inside", "buiten", "outside"),
        ("outside_or_inside", "in de buitenlucht", "outside"),
        ("outside_or_inside", "binnenshuis", "inside"),
        ("outside_or_inside", "outdoors", "outside"),
        ("outside_or_inside", "inside please", "inside"),
        ("repair_or_design", "dingen repareren", "repair"),
        ("repair_or_design", "iets ontwerpen", "design"),
        ("repair_or_design", "fixing things", "repair"),
        ("repair_or_design", "dingen bedenken", "design"),
        ("machines_power_heat", "stroom en elektronica", "power"),
        ("machines_power_heat", "electricity", "power"),
        ("machines_power_heat", "warmtepomp", "heat"),
        ("machines_power_heat", "motors", "machines"),
        ("vehicles_or_industry", "auto's", "vehicles"),
        ("vehicles_or_industry", "lassen", "metalwork"),
        ("vehicles_or_industry", "robots", "industry"),
        ("computer_kind", "games maken", "programming"),
        ("computer_kind", "networks", "networks"),
        ("computer_kind", "3D", "drawing"),
        ("structure_or_finishing", "tegels", "finishing"),
        ("structure_or_finishing", "stroom aanleggen", "installing"),
        ("plan_or_explore", "uitzoeken hoe iets werkt", "explore"),
        ("plan_or_explore", "find out how it works", "explore"),
        ("plan_or_explore", "precies werken", "plan"),
        ("people_or_work", "ik werk liever met klanten", "people"),
        ("people_or_work", "liever alleen", "work"),
        ("people_or_work", "on my own", "work"),
        # preferences and negations
        ("outside_or_inside", "liever binnen dan buiten", "inside"),
        ("outside_or_inside", "rather outside than inside", "outside"),
        ("outside_or_inside", "niet buiten", "inside"),
        ("outside_or_inside", "buiten, niet binnen", "outside"),
        ("hands_or_computer", "liever met de computer dan met mijn handen", "screen"),
        ("hands_or_computer", "niet met de computer", "hands"),
        ("hands_or_computer", "not the computer", "hands"),
        ("hands_or_computer", "nee, computer", "screen"),
        ("work_place", "liever in een fabriek dan in de bouw", "factory"),
        # numbers, ordinals, letters (numbered lists on WhatsApp and Telegram)
        ("hands_or_computer", "1", "hands"),
        ("hands_or_computer", "2", "screen"),
        ("hands_or_computer", "3", DK),  # the numbered "weet ik niet" after the options
        ("hands_or_computer", "4", None),
        ("work_place", "3", "computer"),
        ("work_place", "4", DK),
        ("work_place", "5", None),
        ("hands_or_computer", "de eerste", "hands"),
        ("hands_or_computer", "the second", "screen"),
        ("hands_or_computer", "optie b", "screen"),
        ("hands_or_computer", "a", "hands"),
        ("outside_or_inside", "de laatste", "inside"),
        ("outside_or_inside", "the latter", "inside"),
        ("machines_power_heat", "de derde", "heat"),
        ("machines_power_heat", "c", "heat"),
        ("computer_kind", "nummer 2", "networks"),
        # typos
        ("hands_or_computer", "computr", "screen"),
        ("hands_or_computer", "met de komputer", "screen"),
        ("outside_or_inside", "buitn", "outside"),
        ("repair_or_design", "reparen", "repair"),
        ("repair_or_design", "desing", "design"),
        ("machines_power_heat", "elektrisiteit", "power"),
        ("computer_kind", "programeren", "programming"),
        # outdoors, of building, factory or computer: the building site ("buiten" used to end the items)
        ("work_place", "buiten", "building"),
        ("work_place", "ik werk graag buiten", "building"),  # "graag" was read as a typo of "garage"
        ("work_place", "graag achter de computer", "computer"),
        # weet niet, in many forms
        ("hands_or_computer", "weet niet", DK),
        ("hands_or_computer", "Weet ik niet", DK),
        ("hands_or_computer", "geen idee eigenlijk", DK),
        ("hands_or_computer", "weet nie", DK),
        ("hands_or_computer", "kweenie", DK),
        ("hands_or_computer", "maakt niet uit", DK),
        ("hands_or_computer", "allebei", DK),
        ("hands_or_computer", "sla over", DK),
        ("hands_or_computer", "I don't know", DK),
        ("hands_or_computer", "no idea", DK),
        ("hands_or_computer", "dunno", DK),
        ("hands_or_computer", "doesn't matter", DK),
        ("hands_or_computer", "both", DK),
        ("hands_or_computer", "skip", DK),
        ("hands_or_computer", "\U0001f937", DK),
        ("outside_or_inside", "allebei wel", DK),
        ("outside_or_inside", "binnen en buiten", DK),
        ("outside_or_inside", "geen voorkeur", DK),
        ("outside_or_inside", "no preference", DK),
        ("machines_power_heat", "niet met stroom", DK),  # rules one out of three: no clear pick
        # not an answer to this item
        ("hands_or_computer", "ik woon in Eindhoven", None),
        ("hands_or_computer", "wat is bbl?", None),
        ("hands_or_computer", "wat bedoel je met computer?", None),
        ("hands_or_computer", "16", None),
        ("hands_or_computer", "ik ben 16 en zit op het vmbo", None),
        ("hands_or_computer", "ja", None),
        ("hands_or_computer", "hallo", None),
        ("outside_or_inside", "I live in Utrecht", None),
        ("repair_or_design", "hoeveel verdien je dan?", None),
        # an answer with a side question keeps the answer
        ("hands_or_computer", "Wat verdien je daarmee? Doe maar handen", "hands"),
        # "making" leans to one option only when no option is named (it got "pick one of the buttons")
        ("hands_or_computer", "iets maken denk ik", "hands"),
        ("work_place", "iets maken denk ik", "factory"),
        ("work_place", "make things i guess", "factory"),
        ("work_place", "huizen maken", "building"),
        ("hands_or_computer", "iets maken met de computer", "screen"),
        ("hands_or_computer", "ik wil niks maken", None),
        ("hands_or_computer", "niks met computers", "hands"),
    ],
)
def test_read_answer(item_key, text, expected):
    assert u.read_answer(item(item_key), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀😀😀",
        "<script>alert(1)</script>",
        "ыыы 汉字",
        "a" * 10000,
        "buiten " * 2000,
        None,
        42,
        "?!?",
        "'; drop table offers; --",
    ],
)
def test_read_answer_never_raises(text):
    for it in u.ITEMS:
        assert u.read_answer(it, text) in (None, DK, *[o.key for o in it.options])


# --- what to ask next ---------------------------------------------------------------------------------------------
def test_first_item_splits_the_main_fields():
    first = u.next_item([])
    assert first is not None and first.key == "work_place"
    assert {o.key for o in first.options} == {"building", "factory", "computer"}


@pytest.mark.parametrize(
    "given, expected",
    [
        (["computer"], "computer_kind"),
        (["building"], "structure_or_finishing"),
        (["factory"], "machines_power_heat"),
        (["factory", "machines"], "vehicles_or_industry"),
        (["building", "installing"], "machines_power_heat"),
        (["dk:work_place"], "hands_or_computer"),
        (["dk:work_place", "screen"], "computer_kind"),
        (["dk:work_place", "hands"], "machines_power_heat"),
    ],
)
def test_follow_ups(given, expected, catalog):
    for cat in (None, catalog):
        got = u.next_item(answers(*given), cat, Profile.from_dict(BASE))
        assert got is not None and got.key == expected, (given, cat)


def test_items_that_do_not_fit_are_not_asked():
    asked = []
    ans = answers("computer")
    while (nxt := u.next_item(ans)) is not None:
        asked.append(nxt.key)
        ans.append((nxt.key, nxt.options[0].key))
    assert "machines_power_heat" not in asked and "outside_or_inside" not in asked
    assert "hands_or_computer" not in asked


def test_two_dont_knows_in_a_row_stop():
    assert u.next_item(answers("dk:work_place", "dk:hands_or_computer")) is None
    assert u.next_item(answers("factory", "dk:machines_power_heat", "dk:repair_or_design")) is None
    # one "weet niet" is fine: go on
    assert u.next_item(answers("dk:work_place")) is not None
    assert u.next_item(answers("dk:work_place", "hands", "dk:machines_power_heat")) is not None


def test_never_more_than_max_items_and_never_twice(catalog):
    profile = Profile.from_dict(BASE)
    for cat in (None, catalog):
        for pick in (0, -1, 1):
            ans = []
            while (nxt := u.next_item(ans, cat, profile)) is not None:
                assert nxt.key not in {k for k, _ in ans}
                ans.append((nxt.key, nxt.options[min(pick, len(nxt.options) - 1)].key))
            assert len(ans) <= u.MAX_ITEMS
    six = [(i.key, i.options[0].key) for i in u.ITEMS[: u.MAX_ITEMS]]
    assert u.next_item(six) is None


def test_alternating_dont_know_still_ends_at_max_items():
    ans = []
    while (nxt := u.next_item(ans)) is not None:
        ans.append((nxt.key, None if len(ans) % 2 else nxt.options[0].key))
        assert len(ans) <= u.MAX_ITEMS
    assert len(ans) <= u.MAX_ITEMS


def test_stops_when_the_ranking_no_longer_changes(catalog):
    profile = Profile.from_dict(BASE)
    # computer -> programming moves the ranking to ICT; "design" does not change its top 3: stop.
    assert u.next_item(answers("computer", "programming", "design"), catalog, profile) is None
    # without a catalogue: the top two RIASEC letters (R, C) stay the same after the third answer
    assert u.next_item(answers("factory", "heat", "repair")) is None
    # ... but not on a "weet niet": that changes nothing and proves nothing
    assert u.next_item(answers("factory", "heat", "dk:repair_or_design")) is not None
    # and not before three answers
    assert u.next_item(answers("computer", "programming"), catalog, profile) is not None


def test_typical_sessions_are_three_or_four_items(catalog):
    """Every path of choices (no "weet niet") through the items, with the real catalogue."""
    profile = Profile.from_dict(BASE)
    lengths = []

    def walk(ans):
        nxt = u.next_item(ans, catalog, profile)
        if nxt is None:
            lengths.append(len(ans))
            return
        for o in nxt.options:
            walk(ans + [(nxt.key, o.key)])

    walk([])
    assert lengths and max(lengths) <= u.MAX_ITEMS and min(lengths) >= u.MIN_ITEMS
    assert statistics.mean(lengths) <= 4.0, lengths
    assert sum(n <= 4 for n in lengths) / len(lengths) >= 0.75, lengths


def test_unknown_and_repeated_answers_are_tolerated():
    ans = [("nonsense", "x"), ("work_place", "nonsense"), ("work_place", "factory"), ("work_place", "building"), 7]
    riasec, tags, keys = u.result(ans)
    assert keys == ["building"]  # the last answer to an item counts
    assert u.next_item(ans).key == "structure_or_finishing"


# --- result, because, buttons -------------------------------------------------------------------------------------
def test_result():
    riasec, tags, keys = u.result(answers("factory", "power", "dk:repair_or_design", "outside"))
    assert keys == ["factory", "power", "outside"]
    assert set(riasec) <= set(RIASEC_KEYS) and max(riasec.values()) == 1.0 and riasec["R"] == 1.0
    assert all(0 < v <= 1 for v in riasec.values())
    assert riasec["I"] > 0 and riasec["C"] > 0
    assert "stroom" in tags and "fabriek" in tags and "buiten werken" in tags
    assert len(tags) == len(set(tags))
    r2, _, _ = u.result(answers("computer", "programming", "design"))
    assert max(r2, key=r2.get) == "I"  # not everyone comes out R first
    assert u.result([]) == ({}, [], [])
    assert u.result(answers("dk:work_place", "dk:hands_or_computer")) == ({}, [], [])


def test_because():
    ans = answers("factory", "machines", "repair", "outside")
    assert u.because(ans, "nl") == "omdat je koos voor: fabriek of werkplaats, met machines, repareren en buiten werken"
    assert u.because(ans, "en") == (
        "because you chose: factory or workshop, with machines, repairing and working outside"
    )
    assert u.because(answers("computer"), "nl") == "omdat je koos voor: achter de computer"
    assert u.because([], "nl") == "" and u.because(answers("dk:work_place"), "en") == ""


def test_buttons_and_numbered_list():
    it = item("outside_or_inside")
    assert u.buttons(it, "nl") == [
        {"title": "Buiten werken", "payload": "Buiten werken"},
        {"title": "Binnen werken", "payload": "Binnen werken"},
        {"title": "Weet ik niet", "payload": "Weet ik niet"},
    ]
    assert [b["title"] for b in u.buttons(it, "en")] == ["Working outside", "Working inside", "I don't know"]
    for it in u.ITEMS:
        for lang in ("nl", "en"):
            got = [u.read_answer(it, b["payload"]) for b in u.buttons(it, lang)]
            assert got == [o.key for o in it.options] + [DK]
    text = u.numbered(item("work_place"), "en")
    assert text.splitlines()[1:] == [
        "1. In construction",
        "2. Factory or workshop",
        "3. At a computer",
        "4. I don't know",
    ]
    assert u.read_answer(item("work_place"), "4") == DK


# --- profile ------------------------------------------------------------------------------------------------------
def test_profile_keeps_the_choices():
    p = u.apply(Profile.from_dict({**BASE, "interest_tags": ["eigen"]}), answers("building", "structure"))
    assert p.interest_choices == ["building", "structure"]
    assert p.riasec["R"] == 1.0 and "metselen" in p.interest_tags and "eigen" in p.interest_tags
    again = Profile.from_dict(p.as_dict())
    assert again == p
    # a changed mind replaces the tags of the earlier choices
    q = u.apply(p, answers("computer", "programming"))
    assert "metselen" not in q.interest_tags and "programmeren" in q.interest_tags and "eigen" in q.interest_tags
    assert Profile().interest_choices == [] and "interest_choices" in Profile().as_dict()


@pytest.mark.parametrize("bad", ["repair", [1, 2], ["repair", None]])
def test_profile_rejects_bad_choices(bad):
    with pytest.raises(ProfileError):
        Profile.from_dict({"interest_choices": bad})


# --- the advice uses the choices ----------------------------------------------------------------------------------
def areas(catalog, advice, n=3):
    return [catalog.profile_for(r.course).area for r in advice.items[:n]]


def advise_for(catalog, *option_keys, **extra):
    return advise(u.apply(Profile.from_dict({**BASE, **extra}), answers(*option_keys)), catalog, today=TODAY)


def test_opposite_choices_lead_to_different_top_courses(catalog):
    hands = advise_for(catalog, "factory", "machines", "vehicles", "repair")
    screen = advise_for(catalog, "computer", "programming", "design")
    top_hands = {r.course.crebo for r in hands.items[:3]}
    top_screen = {r.course.crebo for r in screen.items[:3]}
    assert not top_hands & top_screen
    assert areas(catalog, hands).count("mobiliteit") >= 2, areas(catalog, hands)
    assert set(areas(catalog, hands)) <= {"mobiliteit", "onderhoud", "metaal"}
    assert areas(catalog, screen)[0] == "ict" and areas(catalog, screen).count("ict") >= 2, areas(catalog, screen)


def test_building_outside_versus_electricity(catalog):
    build = advise_for(catalog, "building", "structure", "outside")
    power = advise_for(catalog, "factory", "power", "repair")
    assert set(areas(catalog, build)) <= {"bouw", "infra"}, areas(catalog, build)
    assert areas(catalog, power) == ["elektro"] * 3, areas(catalog, power)
    assert not {r.course.crebo for r in build.items} & {r.course.crebo for r in power.items[:3]}


def test_heating_and_networks_and_metal(catalog):
    assert areas(catalog, advise_for(catalog, "building", "installing", "heat")) == ["installatie"] * 3
    assert areas(catalog, advise_for(catalog, "computer", "networks", "repair")) == ["ict"] * 3
    assert areas(catalog, advise_for(catalog, "factory", "machines", "metalwork")) == ["metaal"] * 3


def test_advice_explains_itself_from_the_choices(catalog):
    a = advise_for(catalog, "factory", "power", "repair", language="en")
    first = a.items[0]
    choice = next(t for t in first.reasons if t.nl.startswith("Omdat je koos voor: "))
    assert "met stroom" in choice.nl
    assert choice.en.startswith("Because you chose: ") and "with electricity" in choice.en
    assert any(t.startswith("Because you chose:") for t in a.as_dict()["items"][0]["reasons"])
    # the tags are the person's choices, not words they typed: no "Fits what you like: stroom, kabels"
    assert not any(t.nl.startswith("Past bij wat je leuk vindt") for t in first.reasons)
    for r in a.items:
        assert any(t.nl.startswith("Omdat je koos voor") for t in r.reasons) or not r.fit_words


def test_the_reason_names_only_choices_that_fit_the_course(catalog):
    a = advise_for(catalog, "computer", "programming", "design")
    reasons = [t.nl for t in a.items[0].reasons if t.nl.startswith("Omdat je koos")]
    assert reasons == ["Omdat je koos voor: achter de computer en programmeren."]


def test_typed_words_and_choices_together(catalog):
    a = advise_for(catalog, "factory", "power", interests_text="zonnepanelen")
    reasons = [t.nl for t in a.items[0].reasons]
    assert any(t.startswith("Omdat je koos voor") for t in reasons)
    typed = [t for t in reasons if t.startswith("Past bij wat je leuk vindt")]
    assert typed == ["Past bij wat je leuk vindt: zonnepanelen."]


@pytest.mark.parametrize("seed", range(3))
def test_a_pupil_who_only_tapped_choices_is_never_told_what_they_named(catalog, seed):
    """260 of 400 random sets of choices got "Heeft te maken met wat je noemde: tekenen, cad, 3d" (the pupil named
    nothing, and never "cad"), or "Past bij wat je leuk vindt: metaal frezen" (two tags of two choices); every card
    with a fit or related word now says what was chosen."""
    rng = random.Random(seed)
    for _ in range(60):
        picked = [(it.key, rng.choice([o.key for o in it.options] + [None])) for it in u.ITEMS if rng.random() < 0.5]
        a = advise(u.apply(Profile.from_dict({**BASE, "language": "nl"}), picked), catalog, today=TODAY)
        for r in a.items:
            said = [t.nl for t in r.reasons]
            assert not any("wat je noemde" in t or "leuk vindt" in t for t in said), (picked, said)
            if r.fit_words or r.related_words:
                assert any(t.startswith(("Omdat je koos", "Heeft te maken met wat je koos")) for t in said), said


def test_no_choices_no_choice_reason(catalog):
    a = advise(Profile.from_dict({**BASE, "interests_text": "elektriciteit"}), catalog, today=TODAY)
    assert not any(t.nl.startswith("Omdat je koos") for r in a.items for t in r.reasons)


def test_reason_helper():
    assert (
        u.reason(["repair", "hands"], ["repareren", "storingen"]).nl
        == "Omdat je koos voor: repareren en met je handen."
    )
    assert u.reason(["repair"], ["lassen"]) is None
    assert u.reason(["outside"], ["buiten"]).en == "Because you chose: working outside."
    assert u.reason(["unknown"], ["buiten"]) is None
    assert u.typed_words(["outside"], ["buiten", "buiten werken", "lassen"]) == ["lassen"]
    assert u.typed_words(["outside"], ["buiten klussen", "lassen"], "ik hou van lassen") == ["lassen"]
    assert u.reason(["repair"], ["beton repareren"]).nl == "Heeft te maken met wat je koos: repareren."
    assert u.reason(["repair"], ["repareren"], related=True).nl == "Heeft te maken met wat je koos: repareren."


def test_an_answer_to_another_item_is_read_only_when_one_item_is_picked():
    work_place = u.BY_KEY["work_place"]
    assert u.read_elsewhere(work_place, [], "iets met mensen denk ik") == "people"
    assert u.read_elsewhere(work_place, [], "liever alleen") == "work"
    assert u.read_elsewhere(work_place, [("people_or_work", None)], "iets met klanten") is None  # asked already
    assert u.read_elsewhere(work_place, [], "ja") is None
    assert u.read_elsewhere(work_place, [], "geen idee") is None


def test_thinking_aloud_picks_no_option():
    # "denk ik" was read as a typo of "bedenken" (design)
    assert u.read_answer(u.BY_KEY["repair_or_design"], "iets met mensen denk ik") is None
    assert u.read_answer(u.BY_KEY["repair_or_design"], "ontwerpen denk ik") == "design"


@pytest.mark.parametrize(
    "option, typed, kept",
    [
        ("building", "iets met hout misschien", True),
        ("factory", "ik vind lassen leuk", True),
        ("building", "in de bouw", False),  # the button
        ("building", "bouwen", False),  # the option's own word
        ("computer", "met computers", False),
        ("building", "geen idee, de bouw denk ik", False),
        ("building", "buiten", False),  # a setting that picked the option, not a liking of one field
        ("building", "buiten, met hout", True),
    ],
)
def test_said_beyond_the_option(catalog, option, typed, kept):
    def is_interest(text: str) -> bool:
        return catalog.keywords.names_specific_interest(text, "nl")

    assert (u.said_beyond(option, typed, is_interest) == typed) is kept


def test_the_button_of_an_item_skipped_before_answers_it_word_for_word_only():
    hands = u.BY_KEY["hands_or_computer"]
    skipped = [("work_place", None)]
    assert u.read_elsewhere(hands, skipped, "Fabriek of werkplaats!", unasked=False) == "factory"
    assert u.read_elsewhere(hands, skipped, "factory or workshop", unasked=False) == "factory"
    assert (
        u.read_elsewhere(hands, [("work_place", "building")], "fabriek of werkplaats", unasked=False) is None
    )  # answered
    assert u.read_elsewhere(hands, skipped, "fabriek of werkplaats met auto's", unasked=False) is None  # more: a liking
    assert u.read_elsewhere(hands, [], "fabriek of werkplaats", unasked=False) is None  # not asked yet


def test_typed_words_and_the_tags_of_choices_make_no_phrase_together(catalog):
    """ "met machines" typed after "in de bouw": the typed word and the building site's tag "bouwen" were read as
    "machines bouwen", so mechatronics came first with "Past bij wat je leuk vindt: machines bouwen" and "Heeft te
    maken met wat je koos: in de bouw" (a stranger chat, 2026-12-06)."""
    a = advise_for(catalog, "hands", "building", interests_text="met machines")
    said = [t.nl for r in a.items for t in r.reasons]
    assert not any("machines bouwen" in t for t in said), said
    assert areas(catalog, a)[0] in {"bouw", "infra"}, areas(catalog, a)
    for r in a.items:  # a reason from the choices only where the course has to do with building
        chose = [t.nl for t in r.reasons if "je koos" in t.nl]
        assert not chose or catalog.profile_for(r.course).area in {"bouw", "infra", "hout"}, (r.course.name, chose)
