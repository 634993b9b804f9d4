"""bot/intake.py: what a message means during the intake, and which questions apply (no Rasa needed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import followups, intake, scope
from bot.advice import advise
from bot.catalog import store
from bot.profile import Profile


@pytest.fixture(scope="module")
def cat(catalog_path) -> store.Catalog:
    return store.load(catalog_path)


def read(
    cat: store.Catalog, text: str, intent: str = "inform", requested: str | None = None, shown: tuple[str, ...] = ()
) -> intake.Reading:
    def resolve(t: str) -> str | None:
        place = cat.resolve_place(t, fuzzy=t.strip() == text.strip())
        return place.name if place else None

    return intake.read(
        text,
        intent,
        [],
        requested,
        shown=shown,
        resolve_place=resolve,
        find_course=cat.course_named,
        find_course_in_text=cat.course_named_in,
        find_diploma_in_text=cat.diploma_named_in,
    )


# --- the eight observations of issue 10 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["geen idee eigenlijk", "weet ik niet", "no idea", "maakt niet uit", "sla over", "skip", "weet niet", "not sure"],
)
@pytest.mark.parametrize("requested", ["interests_text", "vmbo_profile", "education", "place"])
def test_dont_know_is_an_answer_to_every_question(cat, text, requested):
    r = read(cat, text, "dont_know", requested)
    assert r.dont_know and requested not in r.values and r.side is None


def test_an_answer_wins_over_the_intent_of_the_whole_message(cat):
    r = read(cat, "werken en leren, bbl, ik heb een inkomen nodig", "ask_bbl", "route")
    assert r.values["route"] == "bbl" and r.side is None


def test_answer_and_side_question_both_count(cat):
    r = read(cat, "bbl denk ik, hoeveel verdien je dan?", "ask_pay", "route")
    assert r.values["route"] == "bbl" and r.side == "pay"


def test_a_question_alone_is_no_answer(cat):
    r = read(cat, "wat is bbl?", "ask_bbl", "route")
    assert "route" not in r.values and r.side == "bbl"


@pytest.mark.parametrize(
    "text,intent",
    [
        ("elektricien, installaties", "ask_more"),
        ("auto's en motoren", "compare"),
        ("iets met installatietechniek", "ask_more"),
    ],
)
def test_a_course_like_answer_is_an_interest_not_a_look_up(cat, text, intent):
    r = read(cat, text, intent, "interests_text")
    assert not r.course_ask and r.side is None and r.values["interests_text"]


@pytest.mark.parametrize(
    "text,shown",
    [
        ("vertel meer over 2", ("25000", "25001")),
        ("tell me more about number 1", ()),
        ("vergelijk 1 en 2", ("25000", "25001")),
        ("2", ("25000", "25001")),
    ],
)
def test_course_details_only_on_an_explicit_ask(cat, text, shown):
    r = read(cat, text, "ask_more", None, shown)
    assert r.course_ask and r.side in ("more", "compare")


@pytest.mark.parametrize(
    "text, intent, compare",
    [
        ("what's the difference between 1 and 2?", "nlu_fallback", True),
        ("wat is het verschil tussen nummer 1 en 3", "ask_bbl", True),
        ("wat is het verschil tussen bol en bbl", "ask_bbl", False),
    ],
)
def test_the_difference_between_two_numbers_compares_them(cat, text, intent, compare):
    r = read(cat, text, intent, None, ("25000", "25001", "25002"))
    assert r.course_ask is compare and (r.side == "compare") is compare


def test_a_bare_number_is_an_answer_while_a_question_is_open(cat):
    r = read(cat, "16", "inform", "age", ("25000",))
    assert not r.course_ask and r.values["age"] == 16


def test_a_named_mbo_diploma_sets_education_and_dossier(cat):
    r = read(cat, "Ik heb mijn diploma eerste monteur elektrotechnische installaties (niveau 3) gehaald", "ask_more")
    assert r.values["education"] == "mbo3" and r.values["mbo_dossier"] and not r.course_ask
    r = read(cat, "ik wil door naar niveau 4 en technicus worden", "ask_more", "interests_text")
    assert r.values["level_wish"] == 4 and not r.course_ask


@pytest.mark.parametrize(
    "text, entities, interest",
    [
        # a stranger chat: the NLU's "sleutelen" was kept, and the advice said "Heeft te maken met wat je noemde:
        # sleutelen"
        (
            "hoi, ik werk aan de balie van een garage, zelf sleutelen hoeft voor mij niet, ik wil eigenlijk iets in HR",
            [("interest", "sleutelen")],
            "hr",
        ),
        ("ik hou van sleutelen", [("interest", "sleutelen")], "sleutelen"),
        ("iets in Utrecht met auto's", [("interest", "auto's")], "auto's"),  # the place after "iets in" is no interest
    ],
)
def test_what_is_turned_down_is_no_interest(text, entities, interest):
    found = [{"entity": e, "value": v, "start": text.find(v), "end": text.find(v) + len(v)} for e, v in entities]
    reading = intake.read(text, "inform", found, None, resolve_place=lambda t: "Utrecht" if t == "Utrecht" else None)
    assert reading.values.get("interests_text") == interest


@pytest.mark.parametrize(
    "text, education, dossier",
    [
        # a stranger chat: the older name of the diploma was not known, so the course held was advised again
        ("mbo 2 autotechniek gehaald", "mbo2", "23273"),
        ("ik heb mijn diploma bedrijfsautotechniek niveau 3", "mbo3", "23273"),
        ("diploma Autotechnicus gehaald", "mbo2", "23273"),  # the current name still comes first
    ],
)
def test_an_older_name_of_a_diploma_names_its_dossier(cat, text, education, dossier):
    r = read(cat, text, "inform", "education")
    assert r.values["education"] == education and r.values["mbo_dossier"] == dossier


def test_a_diploma_from_abroad_beside_a_past_job_is_no_mbo_diploma(cat):
    # a simulated Eritrean carpenter became "mbo 2 Timmerman", and was never asked about their Dutch
    r = read(cat, "ik heb een diploma uit Eritrea, middelbare school, 39 jaar en in Eritrea was ik timmerman", "inform")
    assert r.values["education"] == "foreign" and "mbo_dossier" not in r.values
    r = read(cat, "diploma uit Syrië en hier mijn mbo 2 diploma timmerman gehaald", "inform")
    assert r.values["education"] == "mbo2"


@pytest.mark.parametrize(
    "text",
    [
        "In Syrië was ik 3 jaar elektricien",
        "I worked as a welder",
        "ik heb 25 jaar op de vrachtwagen gezeten",
        "vroeger was ik lasser in Polen",
    ],
)
def test_past_work_counts_as_interest_even_when_not_asked(cat, text):
    r = read(cat, text, "inform", "education")
    assert r.values.get("interests_text") and r.values.get("age") is None


@pytest.mark.parametrize(
    "text,field",
    [
        ("Ik wil kapper worden, welke opleiding moet ik doen?", "kapper"),
        ("ik wil verpleegkundige worden", "zorg"),
        ("I want to become a hairdresser", "kapper"),
    ],
)
def test_out_of_scope_wish_is_recognised_not_taken_as_interest(cat, text, field):
    r = read(cat, text, "ask_recommendations", "interests_text")
    assert r.wish == field and r.side == "out_of_scope" and "interests_text" not in r.values


def test_the_job_someone_has_now_is_no_wish(cat):
    """An Eritrean of 24 who wrote "... i work in a restaurant kitchen now" was told that Kansrijk cannot advise on
    cooking and hospitality; the wish cue was "work in". A wish beside the job still counts."""
    r = read(
        cat, "i am from eritrea, 24 years, i live in Zwolle. i work in a restaurant kitchen now", "inform", "education"
    )
    assert r.wish is None and r.side is None and r.values["place"] == "Zwolle"
    assert read(cat, "i work in a kitchen but i want to become a chef", "inform", "education").side == "out_of_scope"
    assert read(cat, "I want to work in a restaurant", "inform", "interests_text").side == "out_of_scope"


def test_a_vmbo_profile_name_is_not_a_wish(cat):
    r = read(cat, "ik doe vmbo kader zorg en welzijn en wil iets met elektriciteit", "inform")
    assert r.wish is None and r.values["vmbo_profile"] == "ZW"


@pytest.mark.parametrize(
    "text,side,values",
    [
        ("Ik heb geen diploma, kan ik naar het mbo?", "catch_up", {"education": "none"}),
        ("Ik heb geen wiskunde gehad, kan ik elektrotechniek doen?", "catch_up", {"has_math_or_science": False}),
        ("Wat kun jij allemaal?", "capabilities", {}),
        ("what can you do?", "capabilities", {}),
    ],
)
def test_specific_questions_keep_their_facts(cat, text, side, values):
    r = read(cat, text, "ask_catch_up")
    assert r.side == side and all(r.values.get(k) == v for k, v in values.items())


def test_reading_survives_odd_input_and_round_trips(cat):
    for text in ["", "???", "\x00", "a" * 5000, "🤷", "<b>x</b>"]:
        r = read(cat, text, "", "age")
        assert intake.Reading.from_dict(r.as_dict()) == r
    assert intake.Reading.from_dict("nonsense") == intake.Reading()
    assert intake.Reading.from_dict({"values": 3, "side": "bbl"}).values == {}


# --- which questions apply -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "known,asked,not_asked",
    [
        ({"education": "vmbo_kb", "age": 15}, ["vmbo_profile", "has_math_or_science"], ["dutch_level"]),
        ({"education": "vmbo_tl", "age": 42}, ["has_math_or_science"], ["vmbo_profile"]),
        ({"education": "mavo_old", "age": 42}, [], ["vmbo_profile", "has_math_or_science"]),
        ({"education": "mbo3", "age": 23}, [], ["vmbo_profile", "has_math_or_science"]),
        ({"education": "havo", "age": 17}, [], ["vmbo_profile", "has_math_or_science"]),
        ({"education": "vmbo_gl", "vmbo_profile": "PIE"}, ["vmbo_profile"], ["has_math_or_science"]),
        ({"education": "vmbo_gl", "vmbo_profile": intake.UNKNOWN}, ["has_math_or_science"], []),
        ({"education": "foreign"}, ["dutch_level"], ["vmbo_profile"]),
    ],
)
def test_only_questions_that_apply(known: dict[str, Any], asked, not_asked):
    fields = intake.fields_to_ask(known)
    assert all(f in fields for f in asked) and not any(f in fields for f in not_asked)
    assert fields[:2] == ["education", "age"] and fields[-4:] == ["interests_text", "route", "place", "start_wish"]


def test_open_fields_are_the_unknown_ones():
    assert intake.open_fields({"education": intake.UNKNOWN, "age": 30, "place": ""}) == ["education"]


def test_every_wish_answer_names_kiesmbo_in_both_languages():
    from bot.i18n import Text

    for wish in scope.WISHES:
        for lang in ("nl", "en"):
            text = scope.answer(wish, [], Text("de decaan", "the counsellor"), lang)
            assert scope.KIESMBO in text and wish.field.get(lang) in text


def test_a_vague_word_to_another_question_is_no_dutch_level(cat):
    assert "dutch_level" not in read(cat, "allebei goed", "inform", "route").values
    assert read(cat, "mijn nederlands is goed", "inform", "route").values.get("dutch_level")
    assert read(cat, "een beetje", "inform", "dutch_level").values["dutch_level"] == "A2"


@pytest.mark.parametrize(
    "text", ["I don't have a diploma", "ik heb geen diplma", "ik ben gestopt met school", "I never finished school"]
)
def test_no_diploma_in_many_words(cat, text):
    assert read(cat, text, "ask_catch_up", "education").values["education"] == "none"


def test_a_no_to_another_question_does_not_erase_the_education(cat):
    entities = [{"entity": "education", "value": "none", "start": 0, "end": 2}]
    r = intake.read("no, neither of them", "deny", entities, "has_math_or_science", known={"education": "vmbo_kb"})
    assert r.values == {"has_math_or_science": False}


@pytest.mark.parametrize(
    "requested,text,field,value",
    [
        ("education", "ik zit op de gemende lerweg", "education", "vmbo_gl"),
        ("education", "hij zit in de 4e klas van vmbo baiss", "education", "vmbo_bb"),  # a parent (simulated p0058)
        ("education", "hvao", "education", "havo"),
        ("vmbo_profile", "proviel hoerca, bakekrij en recreatie", "vmbo_profile", "HBR"),
        ("vmbo_profile", "mobility and transport", "vmbo_profile", "MT"),
        ("vmbo_profile", "care", "vmbo_profile", "ZW"),
        ("start_wish", "zo snel mogelyk", "start_wish", "asap"),
    ],
)
def test_typos_and_english_names_in_answers(cat, requested, text, field, value):
    assert read(cat, text, "inform", requested).values[field] == value


@pytest.mark.parametrize("text", ["geen idee", "weet ik veel", "nee"])
def test_fuzzy_answers_never_turn_dont_know_into_a_profile(cat, text):
    assert "vmbo_profile" not in read(cat, text, "inform", "vmbo_profile").values


@pytest.mark.parametrize(
    "message, answer, question",
    [
        ("bbl denk ik, hoeveel verdien je dan?", "bbl denk ik", "hoeveel verdien je dan?"),
        ("ik ben 17, ben ik niet te oud?", "ik ben 17", "ben ik niet te oud?"),  # the age is kept
        ("ik deed ict, verdien je daar goed mee?", "ik deed ict", "verdien je daar goed mee?"),
        ("I am 17, am I too old?", "I am 17", "am I too old?"),
        ("auto's, motoren en zo", "auto's, motoren en zo", ""),
        # a parent at the BOL/BBL question got "Die vraag kan ik nu niet goed beantwoorden": what is not known
        ("weet ik niet, wat hij wil", "weet ik niet, wat hij wil", ""),
        ("no idea, what he wants", "no idea, what he wants", ""),
        ("weet ik niet, wat is bbl", "weet ik niet", "wat is bbl"),
        ("geen idee, wat raad je aan", "geen idee", "wat raad je aan"),
    ],
)
def test_an_answer_and_a_question_in_one_message_are_told_apart(message, answer, question):
    assert intake.split_clauses(message) == (answer, question)


@pytest.mark.parametrize(
    "requested,message,values,dont_know",
    [
        # the doubt before an interest is about the choice, not the age: the age is asked again, not left open
        ("age", "geen idee, maar ik wil iets met auto's", {"interests_text": "auto's"}, False),
        (
            "education",
            "weet ik nog niet, mn ouders willen dat ik iets met auto's doe",
            {"interests_text": "auto's"},
            False,
        ),
        ("has_math_or_science", "geen idee, maar ik wil iets met auto's", {"interests_text": "auto's"}, True),
        ("age", "weet ik niet, 16 denk ik", {"age": 16}, False),
        ("education", "mijn vader heeft een garage", {}, False),  # "vader" is no typo of "kader"
        ("education", "kadr", {"education": "vmbo_kb"}, False),
    ],
)
def test_dont_know_first_and_school_typos(requested, message, values, dont_know):
    found = intake.read(message, "inform", [], requested, is_interest=lambda t: "auto" in t)
    assert found.values == values and found.dont_know is dont_know


@pytest.mark.parametrize(
    "text, values",
    [
        ("kan ik ook in Utrecht?", {"place": "Utrecht"}),
        ("zijn er ook opleidingen in de buurt van Zwolle?", {"place": "Zwolle"}),
        ("heb je ook iets op niveau 4?", {"level_wish": 4}),
        ("is er ook iets met elektriciteit?", {"interests_text": "elektriciteit"}),
        ("what about something with computers?", {"interests_text": "computers"}),
        # these got "Die vraag kan ik niet goed beantwoorden" (a stranger's chat), and Den Haag was "The Hague"
        ("en in Den Haag?", {"place": "Den Haag"}),
        ("en Zwolle?", {"place": "Zwolle"}),
        ("what about Utrecht?", {"place": "Utrecht"}),
        ("hoe zit het met Leiden?", {"place": "Leiden"}),
        ("en op niveau 3?", {"level_wish": 3}),
    ],
)
def test_a_what_if_question_after_the_advice_changes_that_answer(cat, text, values):
    r = read(cat, text, "inform", None, ("25242", "25244"))
    assert r.values == values and r.side is None  # no side question: the advice is made again with it


@pytest.mark.parametrize(
    "text, side", [("en wat kost dat?", "costs"), ("en bbl?", "bbl"), ("hoe zit het met de kosten?", "costs")]
)
def test_a_follow_up_question_that_opens_with_and_is_still_that_question(cat, text, side):
    assert read(cat, text, "inform", None, ("25242",)).side == side


@pytest.mark.parametrize("text", ["can I do level 4?", "kan ik naar niveau 4?", "could I go to level 4?"])
def test_asking_about_a_level_after_the_advice_is_no_interest(cat, text):
    """ "can I do level 4?" became the interest "do level 4" (game levels): the advice was made again for games."""
    r = intake.read(
        text, "inform", [], None, shown=("25242",), is_interest=lambda t: cat.keywords.names_interest(t, "")
    )
    assert "interests_text" not in r.values and r.side == "catch_up", r


@pytest.mark.parametrize(
    "text, wish",
    [
        ("liefst niveau 4", 4),
        ("niveau 3 graag", 3),
        ("I would rather do level 4", 4),
        ("can she do level 3", 3),
        # an mbo-2 car mechanic: level 3 was read, the level-4 truck course left out
        ("ik wil door naar niveau 3 of 4, liefst bedrijfswagens", 4),
        ("I want level 3 or level 4", 4),
        ("niveau 3/4 graag", 4),
    ],
)
def test_a_level_wish_said_plainly_is_read(text, wish):
    assert intake.level_wish(text, "vmbo_tl") == wish


def test_a_what_if_question_during_the_intake_is_a_side_question(cat):
    r = read(cat, "kan ik ook in Utrecht?", "inform", "route")
    assert r.values == {} and r.side == "question"


@pytest.mark.parametrize(
    "text",
    ["en nummer 2?", "and number 2?", "what about the second?", "de tweede", "waarom nummer 2?", "why number 3?"],
)
def test_another_number_from_the_list_is_a_course_ask(cat, text):
    r = read(cat, text, "inform", None, ("25242", "25244", "25249"))
    assert r.course_ask and r.side == "more"


@pytest.mark.parametrize(
    "text, side",
    [
        ("hoeveel uur per week moet ik werken?", "bbl"),
        ("kan ik ook in januari beginnen?", "start"),
        ("hoe lang duurt het?", "duration"),
        ("krijg ik een ov-kaart?", "student_finance"),
        ("ben ik niet te oud?", "age"),
        ("moet mijn diploma erkend worden?", "catch_up"),
        ("is my diploma recognised here?", "catch_up"),
        ("moet het leerbedrijf erkend zijn?", "bbl"),
        ("am I too old for this?", "age"),
        ("I am 45. Can I still learn something technical?", "age"),
        ("kan ik nog iets leren op mijn 50e?", "age"),
        ("Ik ben 45 en heb 20 jaar als opperman gewerkt. Mijn rug is op. Kan ik nog iets technisch leren?", "age"),
        ("is het niet te laat om te beginnen?", "age"),
        ("ik ben 40 en werk in de schoonmaak. iets technisch, kan dat nog?", "age"),  # got "I can't answer that"
        ("I'm 50, is that still possible?", "age"),
        ("kan ik later naar het hbo?", "further_study"),
        ("can I go to university after this?", "further_study"),
        ("kan ik daarna doorstuderen?", "further_study"),
        ("hoeveel uur moet ik dan werken?", "bbl"),  # after a BBL list: "I can't answer that"
        ("how many hours do I work?", "bbl"),
        ("what do they earn after?", "pay_after"),
        ("hoeveel verdien ik met dit diploma?", "pay_after"),
        ("what does the school check?", "catch_up"),  # after "the school still needs to check something"
        ("wat moet de school nog checken?", "catch_up"),
    ],
)
def test_the_words_of_a_question_name_its_topic(cat, text, side):
    assert read(cat, text, "nlu_fallback", None, ("25242",)).side == side


def _examples(intent: str) -> list[str]:
    """The training examples of an intent in data/nlu, without their entity marks."""
    found = []
    for path in sorted((Path(__file__).resolve().parent.parent / "data" / "nlu").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if item.get("intent") == intent:
                found += [
                    re.sub(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})", r"\1", line.lstrip("- ").strip())
                    for line in item["examples"].splitlines()
                    if line.strip()
                ]
    return found


def test_every_bbl_question_we_trained_on_still_gets_the_bbl_answer():
    examples = _examples("ask_bbl")
    assert len(examples) >= 40
    assert [e for e in examples if intake.side_of(e, "ask_bbl") == "question"] == []  # (or a topic its words name)


@pytest.mark.parametrize("text", ["is it hard work?", "is dat zwaar werk?", "moet ik veel tillen?"])
def test_a_question_the_nlu_reads_as_bbl_without_its_words_is_a_general_question(text):
    assert intake.side_of(text, "ask_bbl") == "question"


def test_no_language_switch_we_trained_on_is_read_as_a_question_about_the_course():
    examples = _examples("switch_language")
    assert len(examples) >= 10
    assert [e for e in examples if intake.asks_course_language(e)] == []


@pytest.mark.parametrize(
    "text", ["can I do it in English?", "kan ik de opleiding in het Engels doen?", "zijn de lessen in het Engels?"]
)
def test_a_question_about_the_course_language_is_no_language_switch(text):
    assert intake.asks_course_language(text)


@pytest.mark.parametrize(
    "text",
    [
        "what's the difference?",
        "wat is het verschil?",
        "wat betekent dat?",
        "what is better for me?",
        "wat denkt u zelf?",
    ],
)
def test_a_question_about_bol_or_bbl_when_it_was_asked_gets_the_bbl_answer(cat, text):
    """ "what is better for me?" at the BOL/BBL question got "I can't answer that question well right now"."""
    assert read(cat, text, "nlu_fallback", "route").side == "bbl"


@pytest.mark.parametrize(
    "text, both",
    [
        ("wat is het verschil tussen bol en bbl?", True),
        ("what is better for me?", True),
        ("bbl of bol, wat raad je aan?", True),
        ("wat denkt u zelf?", True),
        ("wat is bbl?", False),
        ("what is BBL?", False),
    ],
)
def test_a_question_that_compares_the_routes_explains_both(text, both):
    """The answer to "wat is het verschil tussen bol en bbl" explained only BBL. Every fact line has its source, and
    the BOL line on pay is the one the pay answer gives."""
    lang = "en" if text.startswith("wh") else "nl"
    said = followups.explain_route(text, 16, lang)
    assert ("BOL (" in said) == both, said
    facts_lines = [line for line in said.splitlines() if line.startswith("- ")]
    assert facts_lines and all(line.endswith("]") for line in facts_lines)  # the BOL pay line too (was unsourced)
    if both:
        assert "79,6%" in said or "79.6%" in said


def test_a_tentative_answer_with_a_question_mark_is_an_answer(cat):
    """ "idk really... maybe computers? i like fixing laptops" got "I can't answer that question"."""
    r = read(cat, "idk really... maybe computers? i like fixing my friends laptops", "inform", "interests_text")
    assert r.side is None and "computers" in r.values["interests_text"]


@pytest.mark.parametrize(
    "text, values",
    [
        ("liever naar school, bol", {"route": "bol"}),
        ("rather go to school, bol", {"route": "bol"}),
        ("liever bbl, werken en leren tegelijk", {"route": "bbl"}),
        ("buiten werken, bbl", {"route": "bbl", "interests_text": "buiten werken, bbl"}),
        ("ik wil niet naar school, gewoon werken", {"route": "bbl"}),
        ("bol, ik hou van koken", {"route": "bol", "interests_text": "bol, ik hou van koken"}),
    ],
)
def test_another_answer_at_the_interest_question_is_no_interest_unless_it_names_one(cat, text, values):
    """In a simulated intake "liever naar school, bol" became what the person likes, never to be asked again."""
    found = intake.read(text, "inform", [], "interests_text", is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values == values


@pytest.mark.parametrize(
    "text, values",
    [
        ("ik heb de huishoudschool gedaan vroeger", {"education": "lbo_old"}),
        ("vroeger werkte ik in een fabriek", {"interests_text": "vroeger werkte ik in een fabriek"}),
    ],
)
def test_a_school_of_long_ago_is_no_past_job(cat, text, values):
    """ "vroeger" marks a past job; with a school it is the education, and the whole sentence became the interest."""
    assert read(cat, text, "inform", "route").values == values


@pytest.mark.parametrize(
    "message, requested, keeps",
    [
        ("oh sorry, toch gamen en computers, programmeren. allebei goed", "route", False),
        ("toch lassen", "place", False),
        ("ik bedoel lassen", "place", False),
        # a simulated switcher said "gamen en computers", then this at the BOL/BBL question: he got the ICT courses
        ("nee wacht, ik heb in een lab gewerkt. maakt mij niet uit", "route", False),
        ("no wait, I worked in a lab", "place", False),
        ("ik vind solderen toch ook leuk", "place", True),
        ("solderen vind ik ook leuk", None, True),
        ("solderen", None, False),
    ],
)
def test_a_changed_mind_replaces_the_interest_and_an_addition_adds_to_it(message, requested, keeps):
    """A simulated newcomer said "auto's en motoren", then "oh sorry, toch gamen en computers": cars stayed first."""
    assert intake.keeps_interest(message, requested) is keeps


@pytest.mark.parametrize(
    "requested, message, values, side",
    [
        # a 45-year-old's first message got "Die vraag kan ik nu niet goed beantwoorden" and the interest was lost
        (
            "education",
            "Ik ben 45 en rijd al 20 jaar bus. Kan ik nog iets in de installatietechniek gaan doen?",
            {"age": 45, "interests_text": "iets in de installatietechniek gaan doen"},
            "age",
        ),
        (None, "Kan ik elektricien worden?", {"interests_text": "elektricien worden"}, None),
        (
            "age",
            "I'm 38, can I still become an electrician?",
            {"age": 38, "interests_text": "become an electrician"},
            "age",
        ),
        ("age", "kan ik lasser worden zonder diploma?", {"interests_text": "lasser worden zonder diploma"}, "catch_up"),
        (None, "kan ik in februari beginnen?", {}, "start"),  # no work named: the question it is
        (None, "kan ik bbl doen?", {}, "bbl"),
    ],
)
def test_a_wish_asked_as_a_question_is_what_the_person_likes(cat, requested, message, values, side):
    found = intake.read(message, "inform", [], requested, is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values == values and found.side == side


def test_a_job_and_a_wish_after_it_in_one_message_are_kept_together(cat):
    """A 45-year-old: "ik ben 45 en ik was 10 jaar timmerman maar wil nu iets met installaties, ...". The NLU's two
    interest words became "installaties, timmerman" and the advice said "Past bij wat je leuk vindt: timmerman"."""
    text = "ik ben 45 en ik was 10 jaar timmerman maar wil nu iets met installaties, mijn knieen willen niet meer"
    entities = [
        {"entity": "interest", "value": "timmerman", "start": 28, "end": 37},
        {"entity": "interest", "value": "installaties", "start": 59, "end": 71},
    ]
    found = intake.read(text, "inform", entities, None, is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values == {"age": 45, "interests_text": text}
    advice = advise(Profile.from_dict({"education": "mavo_old", "age": 45, "interests_text": text}), cat)
    assert not any("immerman" in r.course.name for r in advice.items[:3]), [r.course.name for r in advice.items]


@pytest.mark.parametrize(
    "requested, message, intent, liked",
    [
        # a 15-year-old said "buiten" at the interest question, then typed more at the BOL/BBL question: he got "Daar
        # kan ik je niet mee helpen" (the NLU's out_of_scope) and "Dat snapte ik niet helemaal" (its bot_challenge)
        ("route", "iets maken", "out_of_scope", "iets maken"),
        ("route", "computer", "bot_challenge", "computer"),
        ("place", "auto's!", "inform", "auto's"),
        ("start_wish", "making things", "out_of_scope", "making things"),
        # no liking: the question's own answer, a doubt, a side question, or nothing we know
        ("route", "ik weet het niet", "dont_know", None),
        ("route", "wat is bbl?", "ask_bbl", None),
        ("route", "hoeveel verdien je bij een bouwbedrijf als je bbl doet", "ask_bbl", None),
        ("route", "asdfgh", "out_of_scope", None),
        ("place", "Utrecht", "inform", None),
    ],
)
def test_a_liking_typed_at_a_later_question_is_kept(cat, requested, message, intent, liked):
    def resolve(t: str) -> str | None:
        place = cat.resolve_place(t)
        return place.name if place else None

    found = intake.read(
        message,
        intent,
        [],
        requested,
        known={"interests_text": "buiten"},
        resolve_place=resolve,
        is_interest=lambda t: cat.keywords.names_interest(t, ""),
    )
    assert found.values.get("interests_text") == liked
    if liked is not None:
        assert found.side is None  # no out-of-scope answer beside it


@pytest.mark.parametrize(
    "requested, message, values",
    [
        # a 28-year-old asked "kan ik in april beginnen?" at the route question, got the answer, and was later asked
        # "Wanneer wil je beginnen?" all the same
        ("route", "kan ik in april beginnen?", {"start_wish": "asap"}),
        ("age", "ik ben 17, kan ik in februari beginnen?", {"age": 17, "start_wish": "february"}),
        ("route", "wanneer kan ik beginnen?", {}),
        (None, "kan ik in februari beginnen?", {}),  # after the advice: the question only
    ],
)
def test_a_start_asked_in_the_intake_is_answered_and_kept(requested, message, values):
    found = intake.read(message, "inform", [], requested)
    assert found.values == values and found.side == "start"


def test_the_age_answer_asks_the_age_only_of_who_did_not_tell_it():
    assert followups.too_old(45, "nl").count("\n") == followups.too_old(None, "nl").count("\n") - 1
    assert "Vertel me je leeftijd" in followups.too_old(None, "nl")


ERITREA = "In Eritrea I was electrician for 6 years but I have no papers"


@pytest.mark.parametrize(
    "requested, message, entities, interest",
    [
        # the NLU tagged "papers"; the past job without an article was not read, so the advice was Entree
        ("education", ERITREA, [{"entity": "interest", "value": "papers", "start": 55, "end": 61}], ERITREA),
        ("age", "ik ben 10 jaar lasser geweest in Polen", [], "ik ben 10 jaar lasser geweest in Polen"),
        ("education", "In Syria I finished secondary school, I was a tailor", [], "I was a tailor"),
        ("age", "I was born in Syria in 1990", [], None),  # "I was" alone is no job
    ],
)
def test_a_past_job_said_plainly_is_what_the_person_knows(cat, requested, message, entities, interest):
    assert ERITREA[55:61] == "papers"
    found = intake.read(
        message, "inform", entities, requested, is_interest=lambda t: cat.keywords.names_interest(t, "")
    )
    assert found.values.get("interests_text") == interest


@pytest.mark.parametrize(
    "message, vague",
    [
        ("iets technisch", True),  # every course here is technical: it picked "Technisch specialist ..." by name
        ("iets met mn handen", True),
        ("something technical", True),
        ("techniek denk ik", True),
        ("iets met auto techniek", False),
        ("buiten werken", False),
        # a 23-year-old care worker got stone masons and asphalt layers first
        ("iets met mijn handen, maar niet te zwaar", True),
        ("something with my hands, but not too heavy", True),
        ("iets met mijn handen, maar dan buiten", False),
        # a parent: nothing liked, then something vague (read as nothing, and asked again; a stranger chat, 2026-12-06)
        ("ze vindt niks echt leuk, misschien iets met haar handen", True),
        ("she likes nothing really, maybe something with her hands", True),
        ("ik vind niks leuk, misschien iets met auto's", False),
        # an undecided pupil's "allebei wel leuk" to the question with example buttons was kept as the interest
        ("allebei wel leuk", True),
        ("ik vind alles wel leuk", True),
        ("I like everything", True),
        ("alles met auto's", False),
    ],
)
def test_a_vague_interest_starts_the_choice_items(cat, message, vague):
    found = intake.read(
        message, "inform", [], "interests_text", is_interest=lambda t: cat.keywords.names_interest(t, "")
    )
    assert found.dont_know is vague and ("interests_text" in found.values) is not vague


@pytest.mark.parametrize(
    "requested, message, values, side",
    [
        # a 16-year-old at the vmbo profile question got "Die vraag kan ik nu niet goed beantwoorden", and the maths
        # question came all the same
        ("vmbo_profile", "heb geen wiskunde", {"has_math_or_science": False}, None),
        ("education", "have no diploma", {"education": "none"}, None),
        ("route", "heb je ook bbl?", {}, "bbl"),
        ("route", "is het betaald", {}, "pay"),
    ],
)
def test_a_verb_first_without_its_subject_is_an_answer(requested, message, values, side):
    found = intake.read(message, "inform", [], requested)
    assert found.values == values and found.side == side


@pytest.mark.parametrize(
    "requested, message, interest",
    [
        # a 19-year-old with mbo 3 retail was asked "Wat doe je graag?" three times and sent to the choice items
        ("education", "hoi, ik heb mbo 3 verkoopspecialist gedaan en wil nu naar ict", "ict"),
        ("education", "mbo 2 logistiek, I want to switch to electrical work", "electrical work"),
        ("education", "ik wil naar school", None),
        ("age", "19, wil naar Utrecht", None),
    ],
)
def test_where_someone_wants_to_go_is_what_they_like(cat, requested, message, interest):
    found = intake.read(message, "inform", [], requested, is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values.get("interests_text") == interest


@pytest.mark.parametrize(
    "requested, message, interest",
    [
        # a stranger's first message: the age was kept, the welder lost, and the interest question asked later
        ("education", "I am 30 and want to become a welder", "welder"),
        ("education", "ik ben 30 en wil lasser worden", "lasser"),
        ("age", "ik wil later automonteur worden", "automonteur"),
        ("education", "I am 30 and I want to be an electrician in Utrecht", "electrician"),
        ("age", "ik wil rijk worden", None),
        ("age", "I want to be rich", None),
    ],
)
def test_the_work_someone_wants_to_become_is_what_they_like(cat, requested, message, interest):
    found = intake.read(message, "inform", [], requested, is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values.get("interests_text") == interest


@pytest.mark.parametrize(
    "requested, message, interest",
    [
        # a parent wrote this at the vmbo profile question and got "Daar kan ik je niet mee helpen"
        ("vmbo_profile", "ze knutselt graag en helpt haar vader met klussen in huis", "knutselt graag en helpt"),
        ("age", "16 en ik sleutel graag aan brommers", "sleutel graag aan brommers"),
        ("education", "she loves drawing and building lego", "loves drawing"),
        ("age", "ik ga graag naar school", None),
    ],
)
def test_a_liking_told_at_another_question_is_the_interest(cat, requested, message, interest):
    found = intake.read(message, "inform", [], requested, is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert (found.values.get("interests_text") or "").startswith(interest or "") and (
        ("interests_text" in found.values) is (interest is not None)
    )


@pytest.mark.parametrize(
    "message", ["ze heeft nog geen profiel gekozen", "nog niet gekozen", "dat kies ik pas in de 3e", "not chosen yet"]
)
def test_a_profile_not_chosen_yet_is_left_open(message):
    """A parent of a pupil in the second year got "Dat snapte ik niet helemaal" and the question again."""
    assert intake.read(message, "inform", [], "vmbo_profile").dont_know


@pytest.mark.parametrize("message", ["ze heeft nog geen profiel", "he hasn't chosen a profile yet"])
def test_a_profile_not_chosen_yet_told_at_another_question_is_noted(message):
    """A mother at "how old?" wrote "ze heeft nog geen profiel" (NLU: ask_catch_up) and got "with what you told me
    you miss nothing"; the profile is left open (not asked again), the age question still stands."""
    found = intake.read(message, "ask_catch_up", [], "age", known={"education": "vmbo_tl"})
    assert found.values == {"vmbo_profile": intake.UNKNOWN} and found.side is None and not found.dont_know
    havo = intake.read(message, "inform", [], "age", known={"education": "havo"})
    assert "vmbo_profile" not in havo.values


def test_whats_opens_a_question():
    """ "what's the difference between bol and bbl" at the school question set the route to BOL, unanswered."""
    text = "what's the difference between bol and bbl"
    ents = [{"entity": "route", "value": v, "start": text.index(v), "end": text.index(v) + 3} for v in ("bol", "bbl")]
    found = intake.read(text, "ask_bbl", ents, "education")
    assert found.values == {} and found.side == "bbl"


@pytest.mark.parametrize(
    "message",
    [
        "kan ik ook parttime?",
        "kan ik het naast mijn werk doen?",
        "can I do it part-time?",
        # a 15-year-old got "Die vraag kan ik niet goed beantwoorden"; now where to search, not all of BBL again
        ("hoe vind ik een leerbedrijf?", "workplace"),
        ("how do I get an apprenticeship", "workplace"),
        # a switcher of 45 at the route question got "Die vraag kan ik nu niet goed beantwoorden"
        "moet ik dan weer naar school? ik moet wel geld verdienen",
        "do I have to go back to school?",
    ],
)
def test_part_time_is_asked_about_bbl(message):
    """A 52-year-old asked "kan ik ook parttime?" after the advice and got "Die vraag kan ik niet goed beantwoorden"."""
    message, side = message if isinstance(message, tuple) else (message, "bbl")
    assert intake.read(message, "inform", [], None).side == side


def _question_buttons() -> list[tuple[str, str]]:
    domain = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8"))
    return [
        (name.removeprefix("utter_ask_"), button["payload"])
        for name, variants in domain["responses"].items()
        if name.startswith("utter_ask_")
        for variant in variants
        for button in variant.get("buttons") or []
    ]


@pytest.mark.parametrize("slot, payload", _question_buttons())
def test_every_button_of_a_question_is_read_as_its_answer(cat, slot, payload):
    """The school question's own button "mbo-diploma" got "Dat snapte ik niet helemaal" (seen in simulated users),
    and the English button "well" at the Dutch question was read as nothing."""
    found = intake.read(
        payload,
        "inform",
        [],
        slot,
        is_interest=lambda t: cat.keywords.names_interest(t, ""),
        resolve_place=lambda t: p.name if (p := cat.resolve_place(t)) else None,
    )
    assert slot in found.values or found.dont_know or found.side or intake.names_mbo(payload), found


@pytest.mark.parametrize(
    "payload, education", [*zip(intake.MBO_LEVELS, ("entree", "mbo2", "mbo3", "mbo4")), ("niveau 3", "mbo3")]
)
def test_the_mbo_level_follow_up_is_read(payload, education):
    assert intake.read(payload, "inform", [], "education").values["education"] == education


@pytest.mark.parametrize("message", ["hallo, kun je me helpen een opleiding te kiezen?", "can you help me choose?"])
def test_asking_for_help_gets_what_the_bot_does(message):
    """Simulated users opening with this got "Die vraag kan ik nu niet goed beantwoorden"."""
    assert intake.read(message, "inform", [], "education").side == "capabilities"


@pytest.mark.parametrize(
    "message, wish",
    [
        # simulated mbo graduates who type fast got "Dat snapte ik niet helemaal"
        ("ik heb mijn diplma timmrman (nivo 2) gehaald, ik wil door naar nivo 4", 4),
        ("ik heb mijn diplma verspaenr (nivo 2) geaald, ik wil door naar nivo 3", 3),
    ],
)
def test_an_mbo_diploma_typed_with_typos_is_read(message, wish):
    found = intake.read(message, "inform", [], "education")
    assert found.values["education"] == "mbo2" and found.values["level_wish"] == wish


def test_a_long_first_message_that_drops_its_subject_is_read_whole():
    """ "Ik ben Sanne, 31, heb mbo 4 verpleegkunde ..." got "Die vraag kan ik nu niet goed beantwoorden": the clause
    opening with "heb" was taken for a question, and with it the diploma; the age lost its clause break."""
    text = (
        "Hoi! Ik ben Sanne, 31, heb mbo 4 verpleegkunde en werk in het ziekenhuis. Ik zie al die apparaten en wil "
        "eigenlijk de techniek in, iets met medische apparatuur. Ik woon in Nijmegen en wil graag blijven werken, dus "
        "bbl. Liefst in februari beginnen."
    )
    found = intake.read(text, "inform", [], "education")
    assert found.side is None
    assert {k: found.values[k] for k in ("education", "age", "route", "start_wish")} == {
        "education": "mbo4",
        "age": 31,
        "route": "bbl",
        "start_wish": "february",
    }
    assert intake.read("heb je ook bbl", "inform", [], "route").side == "bbl"


@pytest.mark.parametrize(
    "text, level",
    [
        ("kan ik dan naar niveau 4?", 4),
        ("kan ik daarna door naar nivo 3", 3),  # the typo the diploma answer reads too (_LEVEL_WORD)
        ("en iets op niveau 2?", 2),
        ("what about something at level 3", 3),
        ("ik wil niveau", None),
    ],
)
def test_one_pattern_reads_the_level_a_question_or_a_what_if_is_about(text, level):
    assert intake.level_asked(text) == level


@pytest.mark.parametrize(
    "requested, message, values, dont_know",
    [
        # a 15-year-old answered the BOL/BBL question with "boeit me niet" and got "Dat snapte ik niet helemaal"
        ("route", "boeit me niet", {"route": "either"}, False),
        ("route", "kan me niet schelen", {"route": "either"}, False),
        ("start_wish", "boeit mij niet", {"start_wish": "any"}, False),
        ("start_wish", "I don't care", {"start_wish": "any"}, False),
        ("interests_text", "boeit me niet", {}, True),  # no interest called "boeit me niet"
    ],
)
def test_dont_care_is_either_or_no_answer(requested, message, values, dont_know):
    found = intake.read(message, "inform", [], requested)
    assert found.values == values and found.dont_know is dont_know


@pytest.mark.parametrize(
    "message, side",
    [
        # "en hoe vind ik een leerbedrijf" (no question mark) got the whole BBL explanation, as an answer
        ("en hoe vind ik een leerbedrijf", "workplace"),
        ("ok en wanneer begint het", "start"),
        ("and how long does it take", "duration"),
        ("en ik wil bbl", None),  # an answer that starts with "en" stays an answer
    ],
)
def test_a_question_word_after_en_or_ok_is_still_a_question(message, side):
    assert intake.read(message, "inform", [], None).side == side


@pytest.mark.parametrize(
    "requested, message, interest",
    [
        # simulated users (seed 53): "Dat snapte ik niet helemaal" at the age question
        ("age", "ik deed de helpdesk bij een ict-bedrijf", "ik deed de helpdesk bij een ict-bedrijf"),
        ("age", "i did plumbing in Syria", "i did plumbing in Syria"),
        ("education", "ik deed havo", None),  # a school, no job
    ],
)
def test_work_done_is_past_work(cat, requested, message, interest):
    found = intake.read(message, "inform", [], requested, is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values.get("interests_text") == interest


def test_a_liking_wins_over_an_nlu_cut_that_names_nothing(cat):
    # a parent wrote this first; the NLU tagged "gaming" and "fixing", kept as "gaming and fixing" (which names
    # nothing: gaming beside fixing is no game development), and the advice said no technical work was told
    text = "hello, my son is 15 and in vmbo tl year 3, he likes gaming and fixing his bike"
    ents = [
        {"entity": "interest", "value": v, "start": text.index(v), "end": text.index(v) + len(v)}
        for v in ("gaming", "fixing")
    ]
    found = intake.read(text, "inform", ents, "education", is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values["interests_text"] == "likes gaming and fixing his bike"


@pytest.mark.parametrize(
    "message",
    [
        "Hello, my daughter is 14, she is in vmbo gl, she loves drawing and making things, what can she do?",
        "ik ben 17 en zit op de havo, ik hou van auto's, wat kan ik gaan doen?",
        "mijn zoon is 15 en zit in 3 kader, welke opleiding past bij hem?",
        "ik ben 45, 20 jaar vrachtwagenchauffeur geweest, rug is op. wat kan ik nog?",
        # "I can't answer that question well right now", to a wish asked as a question
        "I'm 35, warehouse worker for 12 years, forklift. my back hurts. something technical but not too heavy?",
    ],
)
def test_asking_what_to_do_beside_the_facts_is_answered_by_the_advice(cat, message):
    """A parent's "what can she do?" got "I can't help with that. I only know about technical MBO courses"."""
    found = intake.read(message, "out_of_scope", [], None, is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.side is None and found.values.get("age"), found


@pytest.mark.parametrize(
    "message", ["heb je ook avondopleidingen?", "kan ik 's avonds lessen volgen?", "evening classes?"]
)
def test_evening_classes_get_the_answer_about_learning_beside_work(message):
    """ "heb je ook avondopleidingen?" got "Die vraag kan ik nu niet goed beantwoorden": BBL is learning by a job."""
    assert intake.keyword_sides(message) == ["bbl"]


def test_an_nlu_interest_that_names_nothing_beside_another_answer_is_no_interest(cat):
    """ "mavo, heel lang geleden" at the school question: the NLU tagged "lang" as an interest, the interest question
    was skipped and a 45-year-old's interest became "lang; elektra"."""
    text = "mavo, heel lang geleden"
    ents = [{"entity": "interest", "value": "lang", "start": 11, "end": 15}]
    found = intake.read(text, "inform", ents, "education", is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values == {"education": "mavo_old"}, found.values
    # nor is such a word alone at another question ("Dank je, dat heb ik genoteerd" for "asdfgh")
    ents = [{"entity": "interest", "value": "asdfgh", "start": 0, "end": 6}]
    found = intake.read("asdfgh", "inform", ents, "education", is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert "interests_text" not in found.values, found.values
    # a known interest beside the answer still counts
    text = "vmbo tl, ik sleutel graag aan brommers"
    ents = [{"entity": "interest", "value": "sleutel graag aan brommers", "start": 12, "end": 38}]
    found = intake.read(text, "inform", ents, "education", is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values.get("interests_text"), found.values


def test_energy_named_by_an_mbo_graduate_is_no_vmbo_profile():
    """ "ik heb mbo 4 ict gedaan, ben 22, maar ik wil iets met duurzame energie" set the vmbo profile PIE."""
    ents = [{"entity": "vmbo_profile", "value": "energie", "start": 62, "end": 69}]
    text = "ik heb mbo 4 ict gedaan, ben 22, maar ik wil iets met duurzame energie, zonnepanelen enzo"
    found = intake.read(text, "inform", ents, "education")
    assert found.values["education"] == "mbo4" and "vmbo_profile" not in found.values, found.values
    found = intake.read("vmbo kader, profiel PIE", "inform", [], "education")
    assert found.values.get("vmbo_profile") == "PIE", found.values


def test_a_job_named_in_a_past_clause_is_kept_with_it(cat):
    """ "..., geen diploma papieren, ik was daar lasser": the NLU's "lasser" was kept alone, so the advice could not
    tell it was a job and never said the experience may count (EVC)."""
    text = "ik ben 38 jaar, uit Eritrea, 6 jaar in nederland. geen diploma papieren, ik was daar lasser"
    ents = [{"entity": "interest", "value": "lasser", "start": len(text) - 6, "end": len(text)}]
    found = intake.read(text, "inform", ents, "education", is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values["interests_text"] == "ik was daar lasser", found.values
    # the NLU's words may be several ("mechanic, trucks"): kept with their clause too
    text = "i am from syria, i was mechanic for trucks 10 years"
    ents = [
        {"entity": "interest", "value": "mechanic", "start": 23, "end": 31},
        {"entity": "interest", "value": "trucks", "start": 36, "end": 42},
    ]
    found = intake.read(text, "inform", ents, "education", is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values["interests_text"] == "i was mechanic for trucks 10 years", found.values


@pytest.mark.parametrize(
    "text, kept",
    [
        (
            "ik hou van gamen en ik heb een keer mn eigen pc gebouwd",
            "hou van gamen en ik heb een keer mn eigen pc gebouwd",
        ),
        ("ik hou van gamen, ben 16", "gamen"),  # the NLU's cut is all of it
    ],
)
def test_a_liking_that_names_more_than_the_nlus_cut_is_kept_whole(cat, text, kept):
    """ "ik hou van gamen en ik heb een keer mn eigen pc gebouwd" at the profile question kept the NLU's "gamen"
    only: the advice said "Past bij: gamen" and the pc built was lost."""
    ents = [{"entity": "interest", "value": "gamen", "start": 11, "end": 16}]
    kw = cat.keywords
    found = intake.read(
        text,
        "inform",
        ents,
        "vmbo_profile",
        is_interest=lambda t: kw.names_interest(t, "nl"),
        is_technical=lambda t: kw.names_technical_work(t, "nl"),
    )
    assert found.values["interests_text"] == kept, found.values


@pytest.mark.parametrize(
    "text, values",
    [
        # a second-generation pupil got the foreign-diploma route and the Dutch question
        ("mijn ouders komen uit Turkije", {}),
        ("my parents are from Iraq", {}),
        # a 38-year-old from Eritrea was never asked about his Dutch: only "statushouder" made him a newcomer
        ("ik ben 38 jaar, uit Eritrea, geen diploma", {"age": 38, "education": "none", "newcomer": True}),
        ("ik kom uit Syrie", {"education": "foreign", "newcomer": True}),
    ],
)
def test_coming_from_abroad_is_said_of_oneself_not_of_the_family(text, values):
    assert intake.read(text, "inform", [], "education").values == values


@pytest.mark.parametrize(
    "text, values",
    [
        (
            "I'm 31, I'm a nurse but I want to switch to something technical, maybe medical equipment?",
            {"age": 31, "interests_text": "medical equipment"},
        ),
        ("ik ben kapper maar ik wil iets technisch, misschien elektra", {"interests_text": "elektra"}),
        ("ik werk in de zorg en wil de techniek in", {}),
        # a newcomer's "de techniek" was the interest, and no lab course came
        (
            "Ik heb hier de taalschool gedaan. Ik wil graag in de techniek, misschien laborant?",
            {"interests_text": "laborant"},
        ),
        ("ik ben kapper 💇 maar ik wil iets technisch, misschien elektra", {"interests_text": "elektra"}),  # (folded
        # shorter than typed: "lektra" was cut from the typed text at the folded positions)
    ],
)
def test_leaving_another_field_for_techniek_is_no_study_wish_for_that_field(cat, text, values):
    """A 31-year-old nurse who wants "something technical, maybe medical equipment" was told that Kansrijk cannot
    advise on care, and "medical equipment" was lost."""
    found = intake.read(text, "inform", [], "education", is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values == values and found.wish is None and found.side != "out_of_scope", found


@pytest.mark.parametrize(
    "text, intent, interest",
    [
        # the NLU named no interest (nlu_fallback, out_of_scope), and the chat said "I didn't quite get that" or
        # "Daar kan ik je niet mee helpen"; the chef's "want" was a cooking wish
        ("I want to repair ovens and dishwashers", "nlu_fallback", "i want to repair ovens and dishwashers"),
        ("I'm a chef but I want to repair ovens and dishwashers", "inform", "i want to repair ovens and dishwashers"),
        (
            "ik ben kok maar ik wil ovens en vaatwassers repareren",
            "out_of_scope",
            "ik wil ovens en vaatwassers repareren",
        ),
        ("ik heb een jaar ict gedaan maar ben gestopt, nu wil ik lassen", "inform", "wil ik lassen"),
    ],
)
def test_work_wished_at_the_school_question_is_the_interest(cat, text, intent, interest):
    found = intake.read(text, intent, [], "education", is_interest=cat.keywords.names_interest)
    assert found.values == {"interests_text": interest} and found.wish is None


@pytest.mark.parametrize("text", ["ik wil naar de havo", "I want to start in february", "ik wil bbl doen"])
def test_a_wish_that_names_no_work_is_no_interest(cat, text):
    assert (
        "interests_text"
        not in intake.read(text, "inform", [], "education", is_interest=cat.keywords.names_interest).values
    )


@pytest.mark.parametrize("text, values", [("Leiden", {"place": "Leiden"}), ("Dieren", {"interests_text": "Dieren"})])
def test_a_town_alone_at_the_interest_question_is_the_place(cat, text, values):
    """ "Leiden" typed at "what do you like?" became the interest "Leiden"; "Dieren" (animals) stays an interest."""

    def resolve(t: str) -> str | None:
        place = cat.resolve_place(t)
        return place.name if place else None

    is_interest = lambda t: cat.keywords.names_interest(t, "")  # noqa: E731
    found = intake.read(text, "inform", [], "interests_text", resolve_place=resolve, is_interest=is_interest)
    assert found.values == values, found.values


def test_a_liking_told_by_a_parent_ends_with_its_sentence(cat):
    """A mother's "... ze is goed in wiskunde en bouwt graag met lego en knutselt met elektronica. havo is te zwaar,
    ze wil misschien naar het mbo" kept the school worries as part of what her daughter likes."""
    text = (
        "goedenavond, mijn dochter is 14 en zit in 2 havo. ze is goed in wiskunde en bouwt graag met lego en knutselt"
        " met elektronica. havo is te zwaar, ze wil misschien naar het mbo"
    )
    found = intake.read(text, "inform", [], None, is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert found.values["interests_text"].endswith("knutselt met elektronica"), found.values


def test_a_pupil_in_year_one_or_two_is_not_asked_a_profile_not_chosen_yet():
    """A mother of a pupil in the second year was asked the vmbo profile and the exam subjects, which are chosen at
    the end of year 2; the advice says what to choose instead (bot/advice.py)."""
    young = intake.fields_to_ask({"education": "vmbo_tl", "age": 13, "vmbo_year": 2})
    assert "vmbo_profile" not in young and "has_math_or_science" not in young
    assert {"vmbo_profile", "has_math_or_science"} <= set(
        intake.fields_to_ask({"education": "vmbo_tl", "vmbo_year": 3})
    )
    # ... and who said their year starts after the diploma: "Wanneer wil je beginnen?" has one answer
    assert "start_wish" not in young and "start_wish" in intake.fields_to_ask({"education": "vmbo_tl", "age": 15})
    assert "start_wish" in intake.fields_to_ask({"education": "vmbo_tl", "age": 19, "vmbo_year": 4})


def test_a_havo_pupil_before_year_4_is_not_asked_when_to_start():
    """A father of a 14-year-old in havo 2 was asked "Wanneer wil je kind beginnen?" and said "zo snel mogelijk"; the
    advice starts after the pass to havo 4 (bot/advice.py, school_done), so there is nothing to choose."""
    assert "start_wish" not in intake.fields_to_ask({"education": "havo", "havo_vwo_year": 1, "age": 14})
    assert "start_wish" in intake.fields_to_ask({"education": "havo", "havo_vwo_year": 1.0, "age": 17})  # left school
    assert "start_wish" in intake.fields_to_ask({"education": "havo", "havo_vwo_year": 3, "age": 15})


def test_a_name_in_the_opening_message_is_no_interest(cat):
    """ "hoi, ik ben de moeder van Sem": the NLU tagged "Sem" as an interest and the interest question was skipped."""
    text = "hoi, ik ben de moeder van Sem"
    ents = [{"entity": "interest", "value": "Sem", "start": text.index("Sem"), "end": len(text)}]
    found = intake.read(text, "greet", ents, None, is_interest=lambda t: cat.keywords.names_interest(t, ""))
    assert "interests_text" not in found.values and found.for_child
    welding = intake.read("hoi, ik hou van lassen", "inform", [], None, is_interest=lambda t: True)
    assert welding.values.get("interests_text") == "lassen"


@pytest.mark.parametrize("example", _examples("bot_challenge"))
def test_every_bot_challenge_example_is_read_as_one(cat, example):
    assert read(cat, example, "bot_challenge", "has_math_or_science").side == "bot_challenge"


@pytest.mark.parametrize("message", ["achter de computer", "in een fabriek", "met de computer"])
def test_an_answer_to_an_earlier_choice_is_no_bot_question(cat, message):
    """A 15-year-old answered "achter de computer" (the choice item before) at the exam subject question and got
    "Ik ben een chatbot, geen mens": the NLU read "computer" as "are you a computer?"."""
    assert read(cat, message, "bot_challenge", "has_math_or_science").side is None


@pytest.mark.parametrize(
    "message, wished, side",
    [
        (
            "Ik ben 45, heb 20 jaar als opperman gewerkt maar mijn rug is op. Iets met elektra misschien?",
            "elektra",
            None,
        ),
        ("iets met auto's?", "auto's", None),
        ("wat is bbl?", None, "bbl"),
    ],
)
def test_a_wish_put_as_a_question_is_the_wish(cat, message, wished, side):
    """A 45-year-old labourer with a bad back asked "Iets met elektra misschien?" and got "Die vraag kan ik nu niet goed
    beantwoorden" and his old job (opperman) as the advice."""
    r = intake.read(
        message,
        "inform",
        [],
        None,
        find_course=cat.course_named,
        find_course_in_text=cat.course_named_in,
        is_interest=lambda t: cat.keywords.names_interest(t, "nl"),
    )
    assert r.side == side
    assert (wished is None) == ("interests_text" not in r.values)
    if wished:
        assert wished in r.values["interests_text"].lower()


@pytest.mark.parametrize(
    "known, text, requested, education",
    [
        ({"education": "vmbo_tl"}, "45", "age", "mavo_old"),  # the age after "mavo"
        ({"age": 45}, "mavo", "education", "mavo_old"),  # "mavo" after the age
        ({"age": 52}, "vmbo kader", "education", "lbo_old"),
        ({"age": 30}, "mavo", "education", "vmbo_tl"),  # born after 1990: a vmbo-tl diploma
    ],
)
def test_a_vmbo_or_mavo_from_before_1999_is_the_old_diploma(known, text, requested, education):
    """A 45-year-old with a mavo diploma heard "Je komt uit een ander vmbo-profiel": the vmbo began in 1999, his
    school was the old mavo, which has no profile."""
    r = intake.read(text, "inform", [], requested, known=known)
    assert {**known, **r.values}["education"] == education


@pytest.mark.parametrize(
    "text, level",
    [
        ("Ik vind windmolens interessant. Ik wil graag iets op niveau 4.", 4),  # was not read: three words between
        ("I would like something at level 3", 3),
        ("ik wil niet naar niveau 2", None),  # a level not wished
        ("ik wil door naar niveau 4", 4),
        # a stranger chat: the level was lost, and level 4 came first
        ("ik wil verder in auto's maar dan elektrisch, niveau 3 ofzo", 3),
        ("I want to go further, level 4 or so", 4),
        ("ik heb niveau 2 ofzo, ik wil iets met autos", None),  # the diploma, hedged
    ],
)
def test_a_level_wish_in_a_longer_answer_is_read(text, level):
    assert intake.read(text, "inform", [], "interests_text").values.get("level_wish") == level


@pytest.mark.parametrize(
    "text, level",
    [
        ("I'm a level 2 installer and I want to become the service technician who finds the faults", 3),
        ("Ik ben eerste monteur niveau 3 en wil technicus worden", 4),
        # "service" of another kind is no step up in the trade
        ("I'm a level 2 fitter but I'd rather do customer service calls from an office", None),
    ],
)
def test_the_next_step_in_ones_trade_asks_for_the_level_above(text, level):
    assert intake.level_wish(text, "mbo2") == level


def test_a_girls_doubt_beside_her_answers_gets_the_answer_for_girls(cat):
    """ "im a girl, 16, vmbo tl in leiden. my parents say techniek is for boys": the answers were noted and the doubt
    was passed over (the NLU said ask_girls). A girl who only says who she is hears nothing about it."""
    said = "im a girl, 16, vmbo tl in leiden. my parents say techniek is for boys"
    r = read(cat, said, "ask_girls", "education")
    assert r.side == "girls" and r.values["age"] == 16 and r.values["place"] == "Leiden"
    assert read(cat, "ik ben een meisje van 15 en zit op de mavo", "ask_girls", "education").side is None


@pytest.mark.parametrize(
    "text, side",
    [
        ("what can i do with techniek?", "capabilities"),  # was "nothing is missing: you can enter at the levels"
        ("wat kan ik allemaal met techniek?", "capabilities"),
        ("can i do a technical course?", "catch_up"),
    ],
)
def test_a_question_that_names_no_work_is_no_interest(cat, text, side):
    """ "what can i do with techniek?" at the profile question took "do with techniek" as the interest (the interest
    question would have been skipped); a named work still is one."""
    r = read(cat, text, "nlu_fallback", "vmbo_profile")
    assert r.side == side and "interests_text" not in r.values
    assert read(cat, "kan ik ook lasser worden?", "inform", "vmbo_profile").values["interests_text"] == "lasser worden"


@pytest.mark.parametrize("text", ["can I work while learning?", "kan ik werken terwijl ik leer?"])
def test_working_while_learning_is_asked_about_bbl(cat, text):
    """A Syrian electrician asked "can I work while learning?" at the town question and got "I can't answer that
    question well right now"; "work while learning" was also taken as what he likes."""
    r = read(cat, text, "ask_bbl", "place")
    assert r.side == "bbl" and "interests_text" not in r.values


@pytest.mark.parametrize(
    "text, span, kept",
    [
        (
            "profiel horeca, bakkerij en recreatie, ik woon in Almere en werken en leren, bbl",
            "bakkerij en recreatie",
            None,
        ),
        ("ik heb zorg en welzijn", "welzijn", None),
        ("profiel PIE, ik hou van energie", "energie", "energie"),
        ("zorg en welzijn, maar ik hou van autos", "autos", "autos"),
    ],
)
def test_a_word_of_the_profile_name_is_no_interest(text, span, kept):
    """Simulated pupil p0105 (seed 77) typed her profile "horeca, bakkerij en recreatie": the NLU tagged
    "recreatie" as an interest, the interest question never came, and the advice said she likes travel and tourism."""
    start = text.index(span)
    entities = [{"entity": "interest", "start": start, "end": start + len(span), "value": span}]
    found = intake.read(text, "inform", entities, "vmbo_profile")
    assert found.values.get("vmbo_profile") and found.values.get("interests_text") == kept, found.values


@pytest.mark.parametrize(
    "text, requested, known, age",
    [
        ("mijn broer is 19 en doet bbl", "route", {"age": 16}, None),  # his age, not a new one
        ("mijn broer is 19 en doet bbl", "route", {}, None),
        ("ik ben eigenlijk 17, bbl", "route", {"age": 16}, 17),  # a correction
        ("mijn zoon is 17 en woont in Delft", "place", {"age": 16}, 17),  # the child a parent chats for
        ("mijn broertje is 15 en zit op vmbo", "age", {}, 15),  # a little brother may be whom the chat is for
        ("vmbo kader, ik ben 16", "education", {"age": 15}, 16),
        ("19", "age", {"age": 16}, 19),  # asked again: the answer
        # a newcomer taken for 12 ("12 years" of school) typed "19" at the Dutch question: "I didn't quite get that"
        ("19", "dutch_level", {"age": 12}, 19),
        ("19", "route", {}, 19),  # a number alone: no other question takes one
        ("19 euro", "route", {"age": 16}, None),
        ("ik ben 17 en mijn broer doet ook techniek", "age", {}, 17),
    ],
)
def test_a_number_told_later_changes_a_known_age_only_as_ones_own(text, requested, known, age):
    assert intake.read(text, "inform", [], requested, known=known).values.get("age") == age


@pytest.mark.parametrize(
    "text", ["bbl wat is dat", "bbl, wat is dat eigenlijk", "BBL what is that?", "bol? wat is dat"]
)
def test_a_route_word_followed_by_what_is_that_is_a_question_not_the_answer(text):
    """ "bbl wat is dat" at the route question chose BBL and explained nothing."""
    r = intake.read(text, "inform", [], "route", known={"education": "vmbo_kb", "age": 15})
    assert "route" not in r.values and r.side == "bbl"


@pytest.mark.parametrize(
    "text,lang,whole",
    [
        # a wish told after the job goes with it: the advice reads both (a stranger chat on make run, 2026-12-07:
        # the Syrian welder who wants to become a nurse got welding courses and "you cannot start yet")
        (
            "I am from Syria, I worked 10 years as welder there but my back is broken, I don't want that anymore. "
            "I want to become a nurse.",
            "en",
            True,
        ),
        ("Ik heb 10 jaar als lasser gewerkt, nu wil ik graag kapster worden", "nl", True),
        ("ik was 10 jaar timmerman, ik ben 45", "nl", False),  # no wish: the job alone
    ],
)
def test_a_wish_after_the_job_is_kept_with_it(cat, text, lang, whole):
    reading = intake.read(
        text,
        "inform",
        [],
        "education",
        find_course_in_text=cat.course_named_in,
        is_interest=lambda t: cat.keywords.names_interest(t, lang),
        is_technical=lambda t: cat.keywords.names_technical_work(t, lang),
    )
    liked = reading.values.get("interests_text", "")
    assert (liked == text.strip()) == whole and liked, liked


def test_the_route_said_again_after_the_advice_asks_what_it_is():
    """ "bbl" after an advice that already follows BBL showed the same list again; a changed route is a new answer."""
    again = intake.read("bbl", "inform", [], None, shown=["25737"], known={"route": "bbl"})
    assert again.values == {} and again.side == "bbl"
    changed = intake.read("bbl", "inform", [], None, shown=["25737"], known={"route": "bol"})
    assert changed.values == {"route": "bbl"} and changed.side is None
    asked = intake.read("bbl", "inform", [], "route", shown=[], known={})
    assert asked.values == {"route": "bbl"}
    bol = intake.read("bol", "inform", [], None, shown=["25737"], known={"route": "bol"})
    assert bol.side != "bbl"


@pytest.mark.parametrize(
    "text, field",
    [
        ("I'm a chef but I want to repair ovens and dishwashers", None),  # (was "cooking and hospitality")
        ("ik ben kok maar ik wil iets anders", None),
        ("I'm a chef but I want to become a baker", "cooking and hospitality"),
        ("ik werk in de techniek maar ik wil liever kapper worden", "hairdresser"),
        ("I want to be a nurse", "care"),
        ("ik ben gestopt met de opleiding kok", None),  # a study stopped is no wish for it
    ],
)
def test_a_study_wish_is_for_the_field_named_after_the_turn(text, field):
    wish = scope.find_wish(text)
    assert (wish.field.en if wish else None) == field


@pytest.mark.parametrize(
    "text",
    [
        "ik ben kok, 34 jaar, en ik wil iets anders",
        "I'm a nurse and I want to do something else",
        "ik werk als kapper, wil wat anders",
    ],
)
def test_the_job_someone_has_now_is_no_study_wish(text):
    assert scope.find_wish(text) is None


@pytest.mark.parametrize(
    "text, age",
    [
        ("i finish school in afghanistan, 12 years", None),  # years of school, not the age (BBL at 15 was said)
        ("ik heb school gedaan in syrie, 12 jaar", None),
        ("school in eritrea, 16 jaar", 16),  # too many years for school alone: the age
        ("havo gedaan, 17 jaar", 17),
    ],
)
def test_years_of_school_after_a_school_clause_are_no_age(text, age):
    assert intake.read(text, "inform", [], "education", known={}).values.get("age") == age


@pytest.mark.parametrize(
    "text, requested, interest",
    [
        # a stranger chat: the interest question was skipped, and the advice guessed ("Zorgtechnicus past het best")
        ("ik ben 41, moeder van 3, heb vroeger mavo gedaan en wil nu graag de techniek in", "education", None),
        ("vmbo kader, iets met techniek", "education", None),
        ("ik ben 17, iets met auto's", "education", "auto's"),  # work named: kept
        ("iets in elkaar zetten lijkt me leuk", "age", "in elkaar zetten"),  # (its "in" is no "techniek")
        ("iets in elkaar zetten lijkt me leuk", None, "in elkaar zetten"),
        # a stranger chat: the welding singled out after "techniek" was lost, and the interest asked again
        ("techniek lijkt me leuk, vooral lassen", "education", "techniek, lassen"),
        ("techniek lijkt me leuk, vooral lassen", None, "techniek, lassen"),
        ("i like tech, especially welding", "age", "tech, welding"),
        ("ik hou van techniek, vooral van auto's", "place", "techniek, auto's"),
    ],
)
def test_only_techniek_at_another_question_leaves_the_interest_question_open(catalog, text, requested, interest):
    found = intake.read(text, "inform", [], requested, is_interest=lambda t: catalog.keywords.names_interest(t, "nl"))
    assert found.values.get("interests_text") == interest
