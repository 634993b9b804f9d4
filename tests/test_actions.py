"""Action unit tests with trackers built from dicts, as in the Rasa demo bots; no Rasa server needed."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from botkit import question_asked
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import advising, common, continuity, extraction, info, intake, meta, side
from bot import continuity as codes
from bot import followups, undecided
from bot import intake as bot_intake
from bot.advice import advise as bot_advise
from bot.profile import Profile

FULL_PROFILE = {
    "education": "vmbo_kb",
    "vmbo_profile": "PIE",
    "age": 16,
    "interests_text": "elektriciteit",
    "route": "either",
    "place": "Eindhoven",
    "start_wish": "any",
}


@pytest.fixture(autouse=True)
def _catalog(catalog_path, monkeypatch):
    monkeypatch.setenv("KANSRIJK_CATALOG_DB", str(catalog_path))


def tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    return Tracker(
        sender_id="test",
        slots=dict(slots or {}),
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": entities or []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action, t: Tracker) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return events, dispatcher


def slot_events(events) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_recommend_sends_text_and_cards_payload():
    events, d = run(advising.ActionRecommend(), tracker(FULL_PROFILE))
    message = d.messages[0]
    assert message["text"].startswith("Deze opleidingen passen bij je")
    payload = message["custom"]
    assert payload["type"] == "recommendations" and payload["items"]
    for item in payload["items"]:
        assert {"crebo", "name", "level", "routes", "next_start", "location", "reasons", "demand", "catch_up"} <= set(
            item
        )
    assert slot_events(events)["shown_courses"][0] == payload["items"][0]["crebo"]


def test_recommend_in_english():
    _, d = run(advising.ActionRecommend(), tracker({**FULL_PROFILE, "language": "en"}))
    assert d.messages[0]["text"].startswith("These courses fit you")


def test_recommend_survives_odd_slot_values():
    odd = {"education": "unknown", "age": "sixteen", "route": "???", "place": "<b>x</b>", "start_wish": None}
    _, d = run(advising.ActionRecommend(), tracker(odd))
    assert d.messages[0]["text"]


@pytest.mark.parametrize(
    "slots,expected",
    [
        ({"education": "vmbo_kb", "vmbo_profile": "ZW"}, ["education", "age", "vmbo_profile", "has_math_or_science"]),
        ({"education": "vmbo_kb", "vmbo_profile": "PIE"}, ["education", "age", "vmbo_profile", "interests_text"]),
        ({"education": "vmbo_tl", "age": 42}, ["education", "age", "has_math_or_science", "interests_text"]),
        ({"education": "foreign"}, ["education", "age", "dutch_level"]),
        ({"education": "havo"}, ["education", "age", "interests_text"]),
        ({"education": "mbo3"}, ["education", "age", "interests_text"]),
    ],
)
def test_intake_asks_only_what_matters(slots, expected):
    form = intake.ValidateIntakeForm()
    required = asyncio.run(
        form.required_slots(["education", "age", "interests_text"], CollectingDispatcher(), tracker(slots), {})
    )
    assert required[: len(expected)] == expected


def _form_tracker(slots, text, intent, requested, entities=None):
    return tracker(
        {**slots, "requested_slot": requested}, text=text, intent=intent, entities=entities, active_loop="intake_form"
    )


FORM_DOMAIN = {
    "forms": {
        "intake_form": {"required_slots": ["education", "age", "interests_text", "route", "place", "start_wish"]}
    },
    "slots": {},
}


def form_turn(
    slots: dict[str, Any],
    text: str,
    intent: str,
    requested: str,
    entities: list[dict[str, Any]] | None = None,
    before: list[dict[str, Any]] | None = None,
):
    """One message during the intake as Rasa runs it: the extraction action, then the form's validation; ``before``:
    the conversation's events before this message."""
    t = _form_tracker(slots, text, intent, requested, entities)
    t.events = [*(before or []), {"event": "user", "text": text}] if before else t.events
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    events, d = run_form(intake.ValidateIntakeForm(), t, FORM_DOMAIN)
    return {**slot_events(extracted), **slot_events(events)}, [m.get("text") or "" for m in d.messages]


@pytest.mark.parametrize(
    "message, lang",
    [("ik weet echt nog niet wat ik wil", "nl"), ("no idea what exactly", "en"), ("geen idee wat precies", "nl")],
)
def test_not_knowing_what_to_choose_at_the_school_question_keeps_the_question(message, lang):
    """ "ik weet echt nog niet wat ik wil" at "which school?" got "Geen probleem, die laat ik open"; so did "no idea
    what exactly" of a call-centre worker who had said "I want to retrain to something technical"."""
    slots, said = form_turn({"language": lang}, message, "dont_know", "education")
    assert "education" not in slots and slots["requested_slot"] == "education"
    assert said == [followups.HELP_CHOOSE.get(lang)]
    slots, said = form_turn({}, "ik weet echt nog niet wat ik wil", "dont_know", "interests_text")
    assert slots["riasec_answers"] == []  # at the interest question it starts the choice items


@pytest.mark.parametrize("message", ["ik zit in 3 vmbo", "3 vmbo", "ik ben 15 en zit in 3 vmbo"])
def test_the_vmbo_year_without_the_track_is_kept_while_the_track_is_asked(message):
    """ "ik zit in 3 vmbo", then "kader": the year was lost, and a pupil in year 3 got starts of September 2027
    (a stranger's chat); "3 vmbo" was kept as what someone likes."""
    slots, said = form_turn({}, message, "inform", "education")
    assert slots["vmbo_year"] == 3 and said == [VMBO_WHICH_NL] and slots["requested_slot"] == "education"
    assert "interests_text" not in slots and slots.get("education") is None


@pytest.mark.parametrize("message", ["ik wil naar het mbo", "ik ben 16 en wil naar het mbo", "wil later mbo doen"])
def test_the_mbo_as_a_wish_is_no_mbo_diploma(message):
    """ "ik wil naar het mbo" at the school question got "Op welk niveau is je mbo-diploma?"."""
    _, said = form_turn({}, message, "inform", "education")
    assert said and said[0] != intake.MBO_WHICH.nl


def test_an_unclear_answer_after_an_answer_to_another_question_is_asked_once_more():
    """ "ik ben 19" at the school question, then "ik wil werken": "Ik laat deze vraag open" at once (the age had
    counted as one ask), without a word on what was asked."""
    noted = [{"event": "user", "text": "ik ben 19"}, {"event": "bot", "text": intake.NOTED.nl}]
    known = {"age": 19, "ask_slot": "education", "ask_count": 2}
    slots, said = form_turn(known, "ik wil werken", "inform", "education", before=noted)
    assert "education" not in slots and slots["requested_slot"] == "education" and slots["ask_count"] == 3
    assert said and "ga verder" not in said[0]
    unclear = [{"event": "user", "text": "ik wil werken"}, {"event": "bot", "text": said[0]}]
    slots, said = form_turn({**known, "ask_count": 3}, "ik wil werken", "inform", "education", before=unclear)
    assert slots["education"] == "unknown" and "ga verder" in said[0]  # a second unclear answer: left open
    slots, said = form_turn(known, "ik wil werken", "inform", "education", before=unclear[:1])
    assert slots["education"] == "unknown"  # without the other answer before it, as before


def test_unclear_answer_is_asked_once_more_then_left_open():
    slots, said = form_turn({}, "blablabla", "nlu_fallback", "education")
    assert slots["ask_count"] == 2 and slots["requested_slot"] == "education" and "weet ik niet" in said[0]
    slots, said = form_turn({"ask_slot": "education", "ask_count": 2}, "blablabla", "nlu_fallback", "education")
    assert slots["education"] == "unknown" and slots["requested_slot"] == "age" and "ga verder" in said[0]


def test_doesnt_matter_to_a_deciding_fact_is_asked_once_more_with_why():
    # simulated vmbo pupils said "maakt mij niet uit" to the maths question; it was left open, never asked again
    known = {"education": "vmbo_gl", "age": 17, "vmbo_profile": "GR"}
    slots, said = form_turn(known, "maakt mij niet uit", "inform", "has_math_or_science")
    assert "has_math_or_science" not in slots and slots["requested_slot"] == "has_math_or_science"
    assert said[0].startswith("Dat maakt wel uit") and "bijspijkeren" in said[0]
    known |= {"ask_slot": "has_math_or_science", "ask_count": slots["ask_count"]}
    slots, said = form_turn(known, "maakt mij niet uit", "inform", "has_math_or_science")
    assert slots["has_math_or_science"] == "unknown" and "open" in said[0]  # a second time: left open
    slots, said = form_turn({}, "maakt niet uit", "inform", "route")
    assert slots["route"] == "either"  # a wish, not a fact: either is an answer


@pytest.mark.parametrize(
    "requested,expected",
    [("route", "either"), ("age", "unknown"), ("place", ""), ("start_wish", "any"), ("education", "unknown")],
)
def test_dont_know_is_an_answer_to_every_question(requested, expected):
    slots, _ = form_turn(
        {"education": "havo"} if requested != "education" else {}, "weet ik niet", "dont_know", requested
    )
    assert slots[requested] == expected and slots["requested_slot"] != requested


@pytest.mark.parametrize(
    "text, intent",
    [
        ("geen idee eigenlijk", "dont_know"),
        ("ik wil iets met techniek maar weet niet wat", "inform"),  # "something technical" says no more
        ("something technical but I don't know what", "inform"),
        # a truck driver of 45 with a bad back: "Ik herken in je antwoord nog geen technisch werk"
        ("weet niet, iets waar ik niet hoef te tillen", "dont_know"),
        ("no idea, something where I don't have to lift", "dont_know"),
        # a doubt, a vague wish and a dislike: only the dislike was heard ("Good to know what you don't want")
        ("idk something practical i guess, not sitting still all day", "inform"),
        ("geen idee iets praktisch denk ik, niet de hele dag stilzitten", "inform"),
    ],
)
def test_dont_know_what_you_like_starts_the_choice_items(text, intent):
    slots, _ = form_turn({"education": "vmbo_kb", "age": 15, "vmbo_profile": "PIE"}, text, intent, "interests_text")
    assert slots["riasec_answers"] == [] and slots["requested_slot"] == "interests_text"
    assert "interests_text" not in slots


@pytest.mark.parametrize("text", ["niks", "nothing really", "niet echt iets"])
def test_nothing_liked_starts_the_choice_items(text):
    """ "niks" to "what do you like?" got "Dat snapte ik niet helemaal"."""
    slots, _ = form_turn({"education": "vmbo_kb", "age": 15, "vmbo_profile": "PIE"}, text, "inform", "interests_text")
    assert slots["riasec_answers"] == [] and "interests_text" not in slots


@pytest.mark.parametrize(
    "text, lang",
    [
        # kept as the interest: the advice said "Ik herken in je antwoord nog geen technisch werk"
        ("iets waar ik niet hoef te tillen", "nl"),
        ("niet achter een computer", "nl"),
        ("nothing with heavy lifting", "en"),
    ],
)
def test_only_what_someone_does_not_want_is_no_interest_and_the_question_comes_again(text, lang):
    known = {"education": "vmbo_kb", "age": 15, "vmbo_profile": "PIE", "language": lang}
    slots, said = form_turn(known, text, "inform", "interests_text")
    assert "interests_text" not in slots and "riasec_answers" not in slots
    assert slots["requested_slot"] == "interests_text" and slots["ask_count"] == 2
    assert said[0].startswith(
        {"nl": "Goed om te weten wat je niet wilt", "en": "Good to know what you don't want"}[lang]
    )
    # a second answer of the same kind is the last try: the choice items help
    slots, said = form_turn(
        {**known, "ask_slot": "interests_text", "ask_count": 2}, "geen kantoor", "inform", "interests_text"
    )
    assert slots["riasec_answers"] == []


@pytest.mark.parametrize("text", ["niet achter een computer, liever iets met auto's", "geen idee, niks met computers"])
def test_a_dislike_beside_a_liking_or_a_doubt_is_read_as_before(text):
    slots, _ = form_turn({"education": "vmbo_kb", "age": 15, "vmbo_profile": "PIE"}, text, "inform", "interests_text")
    assert "interests_text" in slots or slots["riasec_answers"] == []


@pytest.mark.parametrize(
    "text, kept",
    [
        # a switcher of 41 who wants technical work with his hands heard "You told me you like office and admin"
        ("MBO 2 in administration, long ago", False),
        ("mbo 3 administratie gedaan, lang geleden", False),
        ("mbo 2 verkoop, maar ik wil iets met auto's", True),  # a wish beside it
        ("mbo 2 autotechniek", True),  # a technical course done: the trade someone knows
    ],
)
def test_the_mbo_school_named_at_the_interest_question_is_no_liking(text, kept):
    slots, said = form_turn({"age": 41, "language": "nl"}, text, "inform", "interests_text")
    assert slots["education"].startswith("mbo") and ("interests_text" in slots) is kept
    if not kept:
        assert slots["requested_slot"] == "interests_text" and said == ["Dank je, dat heb ik genoteerd."]


@pytest.mark.parametrize(
    "text, known_level, level, kept",
    [
        ("een beetje", "A2", "A2", False),  # a newcomer's late answer about their Dutch: moved on to BOL or BBL
        ("ja, niet zo goed", "A2", "A2", False),
        ("een beetje", None, "A2", False),  # not known yet: it is the level
        ("a little", None, "A2", False),
        ("een beetje lassen", "A2", "A2", True),
        ("ik vind koken een beetje leuk", "A2", "A2", True),
    ],
)
def test_a_dutch_level_at_the_interest_question_is_no_interest(text, known_level, level, kept):
    known = {"education": "foreign", "newcomer": True, "age": 24, "language": "nl", "dutch_level": known_level}
    slots, said = form_turn(known, text, "inform", "interests_text")
    assert ("interests_text" in slots) is kept and slots.get("dutch_level", known_level) == level
    if not kept:
        assert slots["requested_slot"] == "interests_text" and said


@pytest.mark.parametrize(
    "text, route",
    [
        ("nee wacht, allebei goed. in Rotterdam", "either"),  # simulated parent: the BBL advice came
        ("wait no, both are fine. I live in Rotterdam", "either"),
        ("beide goed, Rotterdam", "either"),
        ("Rotterdam, maakt niet uit", "bbl"),  # may be about the place: no correction said
    ],
)
def test_both_routes_said_at_the_question_after_the_route_takes_it_back(text, route):
    known = {"education": "vmbo_bb", "age": 16, "vmbo_profile": "PIE", "has_math_or_science": True}
    slots, _ = form_turn({**known, "interests_text": "computers", "route": "bbl"}, text, "inform", "place")
    assert slots["place"] == "Rotterdam" and slots.get("route", "bbl") == route


def test_question_during_intake_is_answered_and_the_question_comes_again():
    before = {"education": "havo", "age": 17, "interests_text": "auto's"}
    slots, said = form_turn(before, "wat is bbl?", "ask_bbl", "route")
    assert "route" not in slots and slots["requested_slot"] == "route" and said[0].startswith("BBL is")


def test_side_questions_are_no_failed_tries_of_the_question():
    before = {"education": "havo", "age": 17, "interests_text": "auto's", "ask_slot": "route", "ask_count": 2}
    slots, said = form_turn(before, "wat is bbl?", "ask_bbl", "route")  # after one unclear answer
    assert "route" not in slots and slots["requested_slot"] == "route" and said[0].startswith("BBL is")
    assert not any("ga verder" in s for s in said)


def test_an_answer_to_another_question_is_kept_and_acknowledged_and_the_question_asked_again_once():
    before = {"education": "havo", "age": 17, "interests_text": "auto's", "ask_slot": "route", "ask_count": 1}
    slots, said = form_turn(before, "ik woon in Utrecht", "inform", "route")
    assert slots["place"] == "Utrecht" and "route" not in slots and slots["requested_slot"] == "route"
    assert said == ["Dank je, dat heb ik genoteerd."] and slots["ask_count"] == 2


def test_a_question_answered_with_other_answers_three_times_is_left_open():
    """A 45-year-old with a mavo from long ago has no vmbo profile: he answered BBL, his town and his start
    instead, and was asked for the profile five times. (An unclear answer first, "vmbo", and then the age: the
    question still comes once more.)"""
    before = {"education": "vmbo_tl", "age": 45, "interests_text": "cv ketels", "has_math_or_science": True}
    slots, said = form_turn(
        {**before, "ask_slot": "vmbo_profile", "ask_count": 3}, "ik woon in Apeldoorn", "inform", "vmbo_profile"
    )
    assert slots["place"] == "Apeldoorn" and slots["vmbo_profile"] == "unknown"
    assert slots["requested_slot"] != "vmbo_profile" and "Ik laat deze vraag open" in said[0]


@pytest.mark.parametrize("text", ["weet niet, iets met koken misschien", "geen idee, maar ik game veel"])
def test_dont_know_then_a_liking_is_the_liking(text):
    slots, _ = form_turn({"education": "vmbo_kb", "age": 15, "vmbo_profile": "PIE"}, text, "inform", "interests_text")
    assert slots["interests_text"] and "riasec_answers" not in slots


def test_dont_know_then_something_else_leaves_the_question_open_and_keeps_the_rest():
    before = {"education": "vmbo_kb", "age": 15}
    text = "weet ik niet, ik game veel en ik help mijn vader soms met klussen"
    slots, said = form_turn(before, text, "inform", "vmbo_profile")
    assert slots["vmbo_profile"] == "unknown" and slots["requested_slot"] != "vmbo_profile"
    assert "klussen" in slots["interests_text"] and not any("snapte" in s for s in said)


def test_yes_to_an_either_or_question_asks_which_one():
    before = {"education": "havo", "age": 17, "interests_text": "auto's"}
    slots, said = form_turn(before, "ja", "affirm", "route")
    assert "route" not in slots and slots["requested_slot"] == "route" and "Welke van de twee" in said[0]


def test_more_interests_at_another_question_add_to_what_was_said():
    before = {"education": "havo", "age": 17, "interests_text": "buiten werken"}
    slots, said = form_turn(before, "ik hou ook van lassen", "inform", "route")
    assert slots["interests_text"].startswith("buiten werken; ") and "lassen" in slots["interests_text"]


@pytest.mark.parametrize(
    "text, entities",
    [
        ("ik bedoel toch lassen", [{"entity": "interest", "value": "lassen", "start": 16, "end": 22}]),
        ("nee, liever iets met lassen", []),
        ("I meant welding, not the lab", [{"entity": "interest", "value": "welding", "start": 8, "end": 15}]),
    ],
)
def test_a_correction_replaces_the_interest(text, entities):
    before = {"education": "havo", "age": 17, "interests_text": "laboratorium"}
    slots, _ = form_turn(before, text, "inform", "route", entities=entities)
    assert "laboratorium" not in slots["interests_text"] and re.search("lassen|welding", slots["interests_text"])


def test_an_age_that_is_no_age_is_not_acknowledged():
    slots, said = form_turn({"education": "havo"}, "ik ben 200", "inform", "age")
    assert not any("genoteerd" in s for s in said)


def test_answer_with_a_side_question_keeps_the_answer_and_answers():
    slots, said = form_turn(
        {"education": "havo", "age": 17, "interests_text": "auto's"},
        "bbl denk ik, hoeveel verdien je dan?",
        "ask_pay",
        "route",
    )
    assert slots["route"] == "bbl" and said and "BBL" in said[0]


def test_answer_is_not_taken_for_a_course_look_up():
    slots, said = form_turn({}, "elektricien, installaties", "ask_more", "interests_text")
    assert slots["interests_text"] == "elektricien, installaties" and not said


def run_form(form, t, domain):
    dispatcher = CollectingDispatcher()
    return asyncio.run(form.run(dispatcher, t, domain)), dispatcher


@pytest.mark.parametrize("value,ok", [(16, True), ("35", True), (200, False), ("abc", False), (5, False)])
def test_validate_age(value, ok):
    d = CollectingDispatcher()
    result = intake.ValidateIntakeForm().validate_age(value, d, tracker(), {})
    assert (result["age"] is not None) == ok
    assert bool(d.messages) != ok


def test_tell_more_and_compare_by_number():
    shown_events, _ = run(advising.ActionRecommend(), tracker(FULL_PROFILE))
    shown = slot_events(shown_events)["shown_courses"]
    slots = {**FULL_PROFILE, "shown_courses": shown}
    _, d = run(advising.ActionTellMore(), tracker(slots, text="vertel meer over nummer 2", intent="ask_more"))
    assert shown[1] in d.messages[0]["text"]
    _, d = run(advising.ActionCompare(), tracker(slots, text="vergelijk 1 en 2", intent="compare"))
    assert d.messages[0]["text"].startswith("Zo verschillen ze")
    _, d = run(advising.ActionTellMore(), tracker(slots, text="vertel meer", intent="ask_more"))
    assert "Noem het nummer" in d.messages[0]["text"]


def test_tell_more_by_course_name_entity():
    t = tracker(
        FULL_PROFILE,
        text="vertel meer over automonteur",
        intent="ask_more",
        entities=[{"entity": "course", "value": "Autotechnicus"}],
    )
    _, d = run(advising.ActionTellMore(), t)
    assert "Autotechnicus" in d.messages[0]["text"]


def test_info_actions_are_sourced_and_personal():
    _, d = run(info.ActionExplainBbl(), tracker({"age": 17}))
    assert "610" in d.messages[0]["text"] and "€5,81" in d.messages[0]["text"]
    _, d = run(info.ActionExplainPay(), tracker({"age": 21, "language": "en"}))
    assert "€14.71" in d.messages[0]["text"] and not d.messages[0]["text"].startswith("- ")  # one fact, no list
    _, d = run(info.ActionCosts(), tracker({"age": 30, "route": "bbl"}))
    assert "cursusgeld" in d.messages[0]["text"] and "[" in d.messages[0]["text"]


def test_switch_language_and_restart_keep_things_straight():
    events, d = run(
        meta.ActionSwitchLanguage(), tracker({"language": "nl"}, text="english please", intent="switch_language")
    )
    assert slot_events(events)["language"] == "en" and d.messages[0]["text"].startswith("Sure")
    events, d = run(
        meta.ActionSwitchLanguage(),
        tracker({"language": "en"}, intent="switch_language", entities=[{"entity": "language", "value": "nl"}]),
    )
    assert slot_events(events)["language"] == "nl"
    events, _ = run(
        meta.ActionRestartConversation(),
        tracker({**FULL_PROFILE, "language": "en"}, text="start over", intent="start_over"),
    )
    assert events[0]["event"] == "reset_slots" and slot_events(events)["language"] == "en"


def test_handoff_names_the_school_contact():
    _, d = run(meta.ActionHandoff(), tracker({"language": "en"}))
    assert "intake@voorbeeld-roc.invalid" in d.messages[0]["text"]


def test_every_question_exists_in_both_languages_with_plain_text_buttons():
    import yaml

    from bot.paths import ROOT

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    asked = set(domain["forms"]["intake_form"]["required_slots"]) | {
        "vmbo_profile",
        "has_math_or_science",
        "dutch_level",
    }
    for slot in asked:
        variants = domain["responses"][f"utter_ask_{slot}"]
        languages = {(v.get("condition") or [{"value": "nl"}])[0]["value"] for v in variants}
        assert languages == {"nl", "en"}, slot
        for variant in variants:  # a button sends its label as text: nothing a user taps can force an intent
            assert all(
                b["payload"] == b["title"] and not b["payload"].startswith("/") for b in variant.get("buttons", [])
            )


# --- erase and continue later -------------------------------------------------------------------------------------


@pytest.fixture()
def state_db(tmp_path, monkeypatch):
    path = tmp_path / "state.db"
    monkeypatch.setenv("KANSRIJK_STATE_DB", str(path))
    return path


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_delete_data_only_sends_the_erase_marker_and_resets(lang):
    said = {"nl": "verwijder mijn gegevens", "en": "delete my data"}[lang]
    events, d = run(
        meta.ActionDeleteData(), tracker({**FULL_PROFILE, "language": lang}, text=said, intent="delete_data")
    )
    assert [m["custom"] for m in d.messages] == [{"type": "kansrijk.erase", "lang": lang}]
    assert not any(m.get("text") for m in d.messages)  # the edge confirms once the erase really happened
    assert events[0]["event"] == "reset_slots" and slot_events(events) == {"language": lang}


@pytest.mark.parametrize(
    "lang, said, expect",
    [("nl", "hoe lang duurt het?", "duurt 4 jaar"), ("en", "how long does it take?", "takes 4 years")],
)
def test_a_question_the_nlu_missed_is_answered_by_its_words(lang, said, expect):
    """ "hoe lang duurt het?" after the advice was nlu_fallback and got "Sorry, dat snapte ik niet"."""
    slots = {**FULL_PROFILE, "language": lang, "shown_courses": ["25309", "25279"]}
    t = tracker(slots, text=said, intent="nlu_fallback")
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    events, d = run(meta.ActionClarify(), t)
    reply = d.messages[0]["text"]
    assert expect in reply and "2." in reply and slot_events(events).get("clarify_count") == 0


@pytest.mark.parametrize("said", ["ik zoek een opleiding voor mijn zoon", "ik zoek een opleiding"])
def test_an_unclear_first_message_gets_the_introduction(said):
    """ "goedemiddag, ik zoek een opleiding voor mijn zoon" (nlu_fallback) was met with "Sorry, dat snapte ik niet
    helemaal" before the first question, without the introduction (what the bot is, what it keeps)."""
    t = tracker({"language": "nl"}, text=said, intent="nlu_fallback")
    t.events = [{"event": "user", "text": said}]
    events, d = run(meta.ActionClarify(), t)
    assert [m.get("response") for m in d.messages] == ["utter_greet"]
    assert any(e.get("event") == "followup" and e.get("name") == "intake_form" for e in events)


def _after_advice(action, said: str, intent: str, entities: list[dict[str, Any]] | None = None, **profile: Any):
    """One message after the advice as Rasa runs it: the extraction action, then the action its intent chose."""
    slots = {**FULL_PROFILE, **profile, "language": "nl", "shown_courses": ["25309", "25279", "25895"]}
    t = tracker(slots, said, intent, entities)
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    events, d = run(action, t)
    return slot_events(extracted), events, [m.get("text") or "" for m in d.messages]


def test_a_question_read_as_another_gets_the_answer_its_words_ask():
    _, events, said = _after_advice(advising.ActionTellMore(), "hoe lang duurt nummer 3?", "ask_more")
    assert "Niveau 4: 3 tot 4 jaar" in said[0] and not any(e.get("name") == "intake_form" for e in events)


@pytest.mark.parametrize("said", ["the start doesn't matter", "de start maakt niet uit"])
def test_letting_the_start_go_read_as_start_over_makes_the_advice_again(said):
    """The advice's note says "say 'the start doesn't matter'"; the NLU read it as start_over and a 31-year-old got
    "I can't answer that question well" (and the answer was dropped)."""
    slots, events, replies = _after_advice(meta.ActionRestartConversation(), said, "start_over", start_wish="february")
    assert slots["start_wish"] == "any" and not replies, (slots, replies)
    assert events == [{"event": "followup", "timestamp": None, "name": "intake_form"}]


def test_an_interest_read_as_a_question_makes_the_advice_again():
    lab = [{"entity": "interest", "value": "laboratorium", "start": 16, "end": 28}]  # as the NLU tags it
    slots, events, said = _after_advice(advising.ActionCatchUp(), "ik bedoel toch laboratorium", "ask_catch_up", lab)
    assert slots["interests_text"] == "laboratorium" and not said
    assert events == [{"event": "followup", "timestamp": None, "name": "intake_form"}]


@pytest.mark.parametrize(
    "action, said, intent, slot, value",
    [
        (side.ActionAnswerSide(), "kan ik ook in Utrecht?", "inform", "place", "Utrecht"),
        (advising.ActionTellMore(), "heb je ook iets op niveau 4?", "ask_more", "level_wish", 4),
        (
            side.ActionAnswerSide(),
            "is er ook iets met lassen?",
            "out_of_scope",
            "interests_text",
            "elektriciteit; lassen",
        ),
    ],
)
def test_a_what_if_question_makes_the_advice_again(action, said, intent, slot, value):
    slots, events, replies = _after_advice(action, said, intent)
    assert slots[slot] == value and not replies
    assert not any(e.get("name") == "action_listen" for e in events)  # the rule goes on to the intake and advice


def test_the_answer_for_girls_only_when_the_words_ask_it():
    """The NLU read "kan ik ook in Utrecht?" as ask_girls and answered "Techniek is voor iedereen"."""
    slots, events, replies = _after_advice(side.ActionGirls(), "kan ik ook in Utrecht?", "ask_girls")
    assert slots["place"] == "Utrecht" and not replies and events[0]["name"] == "intake_form"
    _, _, replies = _after_advice(side.ActionGirls(), "kan ik dat ook?", "ask_girls")
    assert replies == [followups.GENERAL_QUESTION_AFTER.nl]
    t = tracker({"language": "nl"}, "is techniek ook voor meisjes?", "ask_girls")
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    _, d = run(side.ActionGirls(), t)
    assert d.messages[0]["response"] == "utter_girls"
    t = _form_tracker({"education": "havo", "age": 17}, "kan ik dat ook?", "ask_girls", "route")
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    _, d = run_form(intake.ValidateIntakeForm(), t, FORM_DOMAIN)
    assert [m.get("response") for m in d.messages if m.get("response")] == []  # during the intake too
    assert followups.GENERAL_QUESTION.nl in [m.get("text") for m in d.messages]


def test_a_question_after_the_advice_does_not_show_the_list_again():
    _, events, said = _after_advice(side.ActionAnswerSide(), "is dat zwaar werk?", "inform")
    assert said == [followups.GENERAL_QUESTION_AFTER.nl]
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}]


@pytest.mark.parametrize(
    "said, expected",
    [
        ("is dat zwaar werk?", followups.GENERAL_QUESTION_AFTER.nl),  # the NLU's "explain" for another question
        ("waarom deze opleidingen?", followups.EXPLAIN_ADVICE.nl),
        ("hoe lang duurt de eerste?", "Niveau 4: 3 tot 4 jaar"),
    ],
)
def test_explain_after_the_advice_is_about_the_advice(said, expected):
    _, events, replies = _after_advice(side.ActionExplain(), said, "explain")
    assert expected in replies[0] and not any(e.get("name") == "intake_form" for e in events)


def test_a_student_finance_question_is_not_answered_with_the_wage():
    """ "krijg ik een ov-kaart?" was read as ask_pay and got the BBL minimum wage; we have no facts on it: DUO."""
    _, _, replies = _after_advice(info.ActionExplainPay(), "krijg ik een ov-kaart?", "ask_pay")
    assert replies == [followups.STUDENT_FINANCE.nl]
    slots, said = form_turn(
        {"education": "havo", "age": 18, "interests_text": "bouw", "route": "bbl"},
        "in Den Bosch, krijg ik een ov-kaart?",
        "ask_pay",
        "place",
    )
    assert slots["place"] == "'s-Hertogenbosch" and said[0] == followups.STUDENT_FINANCE.nl


@pytest.mark.parametrize(
    "said, intent, expected",
    [
        ("kan ik later naar het hbo?", "ask_catch_up", "Met een mbo-diploma op niveau 4 kun je naar het hbo."),
        ("ben ik niet te oud?", "ask_catch_up", "Je bent niet te oud voor het mbo."),
        ("ik ben 45, ben ik niet te oud?", "ask_more", "Met 45 jaar is het wettelijk minimumloon voor BBL"),
    ],
)
def test_age_and_further_study_get_their_own_sourced_answer(said, intent, expected):
    """Both were answered with the catch-up routes (or "ask the school"); the words name the topic."""
    action = advising.ActionCatchUp() if intent == "ask_catch_up" else advising.ActionTellMore()
    _, _, replies = _after_advice(action, said, intent)
    assert expected in replies[0] and "[" in replies[0], replies
    if "hbo" in said:
        assert "Jouw lijst:" in replies[0]  # with the levels of the courses just shown


def test_explain_before_the_advice_says_why_we_ask():
    t = tracker({"education": "havo", "language": "nl"}, "waarom vraag je dat?", "explain")
    _, d = run(side.ActionExplain(), t)
    assert d.messages[0]["response"] == "utter_explain"


def test_language_help_as_the_first_message_goes_on_to_the_first_question():
    """ "hallo ik kom uit eritrea. nederlands weinig" got the offer of short sentences and then no question."""
    t = tracker({"language": "nl"}, "hallo ik kom uit eritrea. nederlands weinig", "ask_language_help")
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    events, d = run(side.ActionLanguageHelp(), t)
    assert [m.get("response") for m in d.messages] == ["utter_language_help"]
    assert events == [{"event": "followup", "timestamp": None, "name": "intake_form"}]
    _, events, replies = _after_advice(
        side.ActionLanguageHelp(), "mijn nederlands is niet zo goed", "ask_language_help"
    )
    assert not any(e.get("name") == "intake_form" for e in events)  # after the advice: no new intake


@pytest.mark.parametrize("lang,start", [("nl", "Je code is "), ("en", "Your code is ")])
def test_give_code_saves_only_the_answers_and_tells_the_code(state_db, lang, start):
    slots = {**FULL_PROFILE, "language": lang, "shown_courses": ["25279"], "clarify_count": 2}
    events, d = run(continuity.ActionGiveCode(), tracker(slots, text="geef mijn code", intent="ask_code"))
    text = d.messages[0]["text"]
    assert events == [] and text.startswith(start) and "30" in text
    shown = text[len(start) : len(start) + 9]
    assert codes.redeem(shown, db=state_db) == {**FULL_PROFILE, "language": lang}
    _, again = run(continuity.ActionGiveCode(), tracker(slots, intent="ask_code"))
    assert shown in again.messages[0]["text"]  # asking again gives the same code


def test_give_code_with_nothing_known_yet(state_db):
    _, d = run(continuity.ActionGiveCode(), tracker({"language": "en"}, intent="ask_code"))
    assert d.messages[0]["text"] == codes.NOTHING_TO_SAVE.en and not state_db.exists()


@pytest.mark.parametrize("lang,said", [("nl", "mijn code is {code}"), ("en", "I have a code: {code}")])
def test_use_code_restores_the_answers(state_db, lang, said):
    code = codes.display(codes.issue("phone", {**FULL_PROFILE, "language": "nl"}))
    events, d = run(
        continuity.ActionUseCode(), tracker({"language": lang}, text=said.format(code=code.lower()), intent="use_code")
    )
    assert slot_events(events) == {**FULL_PROFILE, "language": lang}  # the language of this conversation wins
    assert d.messages[0]["text"] == codes.CODE_USED.get(lang)


def test_use_code_takes_the_saved_language_when_none_was_said(state_db):
    code = codes.display(codes.issue("phone", {"age": 35, "language": "en"}))
    events, d = run(continuity.ActionUseCode(), tracker({}, text=code, intent="use_code"))
    assert slot_events(events) == {"age": 35, "language": "en"} and d.messages[0]["text"] == codes.CODE_USED.en


def test_use_code_unknown_or_missing(state_db):
    unknown = tracker({"language": "nl"}, text="mijn code is K7QP-4M2D", intent="use_code")
    events, d = run(continuity.ActionUseCode(), unknown)
    assert events == [] and d.messages[0]["text"].startswith("Die code ken ik niet")
    events, d = run(continuity.ActionUseCode(), tracker({"language": "en"}, text="I have a code", intent="use_code"))
    assert events == [] and d.messages[0]["text"] == codes.CODE_MISSING.en


def test_a_code_is_not_read_as_profile_answers():
    t = tracker({}, text="mijn code is HAVO-2345", intent="use_code")  # not a havo pupil
    events, _ = run(extraction.ActionExtractProfile(), t)
    assert set(slot_events(events)) <= {"language", "reading"}


def test_choice_items_run_to_a_profile_with_reasons():
    """An undecided pupil answers the either/or items; the intake ends with RIASEC scores, tags and choices."""
    from bot import undecided

    slots: dict[str, Any] = {"education": "vmbo_kb", "age": 15, "vmbo_profile": "PIE", "riasec_answers": []}
    for _ in range(undecided.MAX_ITEMS + 1):
        t = _form_tracker(slots, "", "inform", "interests_text")
        item = undecided.next_item(
            extraction.common.choice_answers(slots["riasec_answers"]),
            extraction.common.catalog(),
            extraction.common.profile(t),
        )
        if item is None:
            break
        got, _ = form_turn(slots, item.options[0].label.nl, "inform", "interests_text")
        slots.update(got)
        if got.get("interests_text") is not None:
            break
    assert slots["interests_text"] == "" and slots["riasec"] and slots["interest_choices"]
    assert 2 <= len(slots["riasec_answers"]) <= undecided.MAX_ITEMS
    _, d = run(advising.ActionRecommend(), tracker({**slots, "route": "either", "place": "", "start_wish": "any"}))
    assert "koos" in d.messages[0]["text"]


def test_an_unclear_answer_to_a_choice_item_is_asked_once_more():
    """ "dingen maken" to "machines, stroom of verwarming?" got only "Kies er een": the reply names the options."""
    from bot import undecided

    slots: dict[str, Any] = {"education": "vmbo_kb", "age": 15, "vmbo_profile": "PIE", "riasec_answers": []}
    got, said = form_turn(slots, "blabla", "nlu_fallback", "interests_text")
    assert got["ask_count"] == 2 and got.get("riasec_answers") is None and said
    item = undecided.next_item([], extraction.common.catalog(), extraction.common.profile(tracker(slots)))
    assert item is not None and all(f"'{o.label.nl}'" in said[0] for o in item.options), said
    assert "{" not in said[0] and f"'{item.options[-2].label.nl}' of '{item.options[-1].label.nl}'" in said[0]
    got, _ = form_turn({**slots, **got}, "blabla", "nlu_fallback", "interests_text")
    assert len(got["riasec_answers"]) == 1 and got["riasec_answers"][0][1] is None


@pytest.mark.parametrize(
    "text,intent",
    [
        ("geef mijn code", "ask_code"),
        ("verwijder mijn gegevens", "delete_data"),
        ("in English please", "switch_language"),
    ],
)
def test_commands_during_the_intake_are_left_to_their_rules(text, intent):
    """Rasa's form must reject (no slot set) so the rule for the command runs."""
    slots, said = form_turn({"education": "havo", "age": 17}, text, intent, "interests_text")
    assert set(slots) <= {"reading", "requested_slot", "language"} and not said


def test_a_question_about_starting_again_at_a_level_erases_nothing():
    """ "moet ik dan helemaal opnieuw beginnen op niveau 2?" after the advice was read as start_over: all answers were
    wiped. Now it keeps them and gets the catch-up answer, without showing the list again."""
    said = "moet ik dan helemaal opnieuw beginnen op niveau 2?"
    slots = {**FULL_PROFILE, "language": "nl", "shown_courses": ["25309", "25279"]}
    t = tracker(slots, text=said, intent="start_over")
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    events, d = run(meta.ActionRestartConversation(), t)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_listen"}]
    assert [m["text"] for m in d.messages] == [advising.catch_up_text(t)]
    events, d = run(meta.ActionRestartConversation(), tracker(slots, text="begin opnieuw", intent="start_over"))
    assert {"event": "reset_slots", "timestamp": None} in events


@pytest.mark.parametrize("text", ["met verwarming", "werken met de computer"])
def test_destructive_commands_need_their_words(text):
    """The NLU once read the choice "met verwarming" as delete_data: nothing is erased or restarted on a guess. Before
    the advice the intake takes the message; after it, the person hears how to erase."""
    events, d = run(meta.ActionDeleteData(), tracker(FULL_PROFILE, text=text, intent="delete_data"))
    assert [(e["event"], e.get("name")) for e in events] == [("followup", "intake_form")]
    assert not any(m.get("custom") for m in d.messages)
    shown = {**FULL_PROFILE, "shown_courses": ["25309"]}
    events, d = run(meta.ActionDeleteData(), tracker(shown, text=text, intent="delete_data"))
    assert events == [] and not d.messages[0]["custom"] and "verwijder mijn gegevens" in d.messages[0]["text"]
    events, d = run(meta.ActionRestartConversation(), tracker(FULL_PROFILE, text=text, intent="start_over"))
    assert events == [] and not d.messages
    slots, _ = form_turn({"education": "havo", "age": 17, "riasec_answers": []}, text, "delete_data", "interests_text")
    assert "ask_count" in slots or "riasec_answers" in slots  # the form took it; no rejection towards the erase


def test_answer_side_never_leaves_an_empty_turn():
    events, d = run(side.ActionAnswerSide(), tracker({}, text="back ik ben 16", intent="ask_capabilities"))
    assert events and events[0]["event"] == "followup" or d.messages
    events, d = run(side.ActionAnswerSide(), tracker({"shown_courses": ["25000"]}, text="xyz", intent="out_of_scope"))
    assert d.messages or events


def test_a_question_read_as_bbl_without_bbl_words_is_not_answered_with_bbl():
    _, _, replies = _after_advice(info.ActionExplainBbl(), "is it hard work?", "ask_bbl")
    assert replies == [followups.GENERAL_QUESTION_AFTER.nl]
    _, _, replies = _after_advice(info.ActionExplainBbl(), "hoeveel dagen ga je naar school bij bbl?", "ask_bbl")
    assert "610 uur" in replies[0]


def test_can_i_do_it_in_english_asks_about_the_course_and_keeps_the_chat_language():
    t = tracker({"language": "nl"}, "kan ik de opleiding in het Engels doen?", "switch_language")
    events, d = run(meta.ActionSwitchLanguage(), t)
    assert events == [] and "verschilt per school" in d.messages[0]["text"]
    t = tracker({"language": "nl"}, "can we talk in English?", "switch_language")
    events, _ = run(meta.ActionSwitchLanguage(), t)
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "en"}]


def test_a_question_read_as_yes_no_or_dont_know_after_the_advice_is_answered():
    _, _, replies = _after_advice(side.ActionAnythingElse(), "ben ik niet te oud?", "dont_know")
    assert "Je bent niet te oud voor het mbo." in replies[0]
    t = tracker({**FULL_PROFILE, "language": "nl", "shown_courses": ["25309"]}, "weet ik niet", "dont_know")
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    _, d = run(side.ActionAnythingElse(), t)
    assert [m.get("response") for m in d.messages] == ["utter_anything_else"]


@pytest.mark.parametrize(
    "message, intent, lang, reply",
    [
        ("nee", "deny", "nl", "utter_goodbye"),
        ("nee dank je", "deny", "nl", "utter_goodbye"),
        ("ja", "affirm", "nl", "Wat wil je weten?"),
        ("yes", "affirm", "en", "What would you like to know?"),
    ],
)
def test_yes_or_no_to_anything_else_gets_its_answer_not_the_question_again(message, intent, lang, reply):
    """A 45-year-old answered "Wil je nog iets weten?" with "ja", then "nee", and got the same question each time."""
    t = tracker({**FULL_PROFILE, "language": lang, "shown_courses": ["25309"]}, message, intent)
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    offer = {"event": "bot", "text": "Wil je nog iets weten?", "metadata": {"utter_action": "utter_anything_else"}}
    t.events = [offer, {"event": "user", "text": message}]
    events, d = run(side.ActionAnythingElse(), t)
    said = d.messages[0].get("response") or d.messages[0]["text"]
    assert said.startswith(reply) and events == [] and len(d.messages) == 1
    if intent == "affirm":
        assert [b["payload"] for b in d.messages[0]["buttons"]][1:] == [
            ["wat is bbl?", "what is bbl?"][lang == "en"]
        ] + [["wat kost het?", "what does it cost?"][lang == "en"]]
    t.events = [{"event": "bot", "text": "Zal ik het uitleggen?"}, {"event": "user", "text": message}]
    _, d = run(side.ActionAnythingElse(), t)  # after another question: the offer, as before
    assert d.messages[0].get("response") == "utter_anything_else"


def test_what_the_job_pays_after_the_diploma_is_no_bbl_wage():
    """ "what do they earn after?" got the BBL minimum wage of a 17-year-old; we have no sourced wages per job."""
    _, _, replies = _after_advice(info.ActionExplainPay(), "wat verdien je daarna?", "ask_pay")
    assert replies == [followups.PAY_AFTER.nl]
    _, _, replies = _after_advice(info.ActionExplainPay(), "wat verdien ik bij bbl?", "ask_pay")
    assert "minimumloon" in replies[0]


def test_a_question_the_nlu_did_not_know_after_the_advice_is_no_say_it_again():
    """ "is it hard?" after the list got "Sorry, I didn't quite get that"; "huh?" still asks to say it again."""
    _, _, replies = _after_advice(meta.ActionClarify(), "is dat moeilijk?", "nlu_fallback")
    assert replies == [followups.GENERAL_QUESTION_AFTER.nl]
    _, _, replies = _after_advice(meta.ActionClarify(), "huh?", "nlu_fallback")
    assert replies == [followups.clarify(0, "nl", common.contact())]


def test_a_number_from_the_list_the_nlu_did_not_know_shows_that_course():
    _, _, replies = _after_advice(meta.ActionClarify(), "what about number 3?", "nlu_fallback")
    assert replies[0].startswith("Allround medewerker productietechniek (crebo 25895)"), replies


def test_vmbo_named_at_another_question_after_the_school_was_left_open_asks_the_track():
    """ "ik zit in de 3e van het vmbo" at "how old are you?", the school question skipped, got "Dat snapte ik niet"."""
    slots, said = form_turn({"education": "unknown"}, "ik zit in de 3e van het vmbo", "inform", "age")
    assert said == [VMBO_WHICH_NL] and slots["education"] is None and slots["requested_slot"] == "education"
    slots, said = form_turn({"education": "havo"}, "ik zat vroeger op het vmbo", "inform", "age")
    assert "education" not in slots and slots["requested_slot"] == "age"


def test_a_year_before_the_school_is_kept_and_the_school_asked():
    """ "ik zit in de 3e" at "how old are you?", the school not yet told, got "Dat snapte ik niet helemaal"."""
    slots, said = form_turn({"education": "unknown"}, "ik zit in de 3e", "inform", "age")
    assert said == ["Dank je, klas 3 heb ik genoteerd."] and slots["vmbo_year"] == 3
    assert slots["education"] is None and slots["requested_slot"] == "education"
    slots, said = form_turn({}, "I'm in year 2", "inform", "age")
    assert said == ["Thanks, I've noted year 2."] and slots["requested_slot"] == "education"
    # once the school is told, the year belongs to it: a havo/vwo year is the years passed, another school has none
    for school, education, havo_vwo_year in (("havo", "havo", 2), ("vwo", "vwo", 2), ("mbo 2", "mbo2", None)):
        slots, _ = form_turn({"vmbo_year": 3, "ask_slot": "education"}, school, "inform", "education")
        assert (slots["education"], slots["vmbo_year"], slots.get("havo_vwo_year")) == (education, None, havo_vwo_year)
    slots, _ = form_turn({"vmbo_year": 3, "ask_slot": "education"}, "kader", "inform", "education")
    assert slots["education"] == "vmbo_kb" and "vmbo_year" not in slots  # kept
    slots, said = form_turn({"education": "havo"}, "ik zit in de 3e", "inform", "age")
    assert slots["havo_vwo_year"] == 2 and "vmbo_year" not in slots


def test_a_technical_profile_without_its_name_asks_which_one():
    slots, said = form_turn({"education": "vmbo_tl", "age": 16}, "iets technisch", "inform", "vmbo_profile")
    assert said == [intake.PROFILE_WHICH.nl] and slots["requested_slot"] == "vmbo_profile"


VMBO_WHICH_NL = "Op welke leerweg van het vmbo zit je, of zat je? Basis, kader, of gl/tl (mavo)?"


def test_the_mbo_diploma_button_asks_its_level():
    """The school question's own button "mbo-diploma" got "Dat snapte ik niet helemaal", then "Ik laat deze vraag
    open" (simulated users who tap buttons)."""
    slots, said = form_turn({}, "mbo-diploma", "inform", "education")
    assert said == [intake.MBO_WHICH.nl] and "education" not in slots and slots["requested_slot"] == "education"
    slots, said = form_turn({"ask_slot": "education", "ask_count": 2}, "mbo 3", "inform", "education")
    assert slots["education"] == "mbo3"


@pytest.mark.parametrize("message, reply", [("mbo-diploma", intake.MBO_WHICH.nl), ("vmbo", VMBO_WHICH_NL)])
def test_half_a_school_after_another_answer_is_no_give_up(message, reply):
    """ "ik ben 34" at the school question, then the button "mbo-diploma": "Ik laat deze vraag open en ga verder",
    and the mbo diploma was lost (the age had counted as one ask). Half a school asks the rest, once."""
    slots, said = form_turn({"ask_slot": "education", "ask_count": 2}, message, "inform", "education")
    assert said == [reply] and slots.get("education") is None and slots["requested_slot"] == "education"
    slots, said = form_turn({"ask_slot": "education", "ask_count": 3}, message, "inform", "education")
    assert slots["education"] == "unknown" and "ga verder" in said[0]  # the same half answer again: left open


def test_vmbo_without_its_track_asks_for_the_track_and_an_age_then_is_no_give_up():
    slots, said = form_turn({}, "vmbo", "inform", "education")
    assert "education" not in slots and said == [
        "Op welke leerweg van het vmbo zit je, of zat je? Basis, kader, of gl/tl (mavo)?"
    ]
    slots, said = form_turn({"ask_slot": "education", "ask_count": 2}, "ik ben 15", "inform", "education")
    assert slots["age"] == 15 and "education" not in slots and slots["requested_slot"] == "education"


def test_who_starts_with_an_answer_still_gets_the_introduction():
    """ "bbl" or "Ik ben 45 ..." as the first message skipped the greeting, and with it what is kept for how long."""
    t = tracker({}, "bbl")
    user = {"event": "user", "text": "bbl"}
    t.events = [{"event": "session_started"}, user]
    _, d = run(side.ActionAnswerSide(), t)
    assert d.messages[0].get("response") == "utter_greet"
    t.events = [{"event": "session_started"}, {"event": "user"}, {"event": "bot", "text": "Hoi!"}, user]
    _, d = run(side.ActionAnswerSide(), t)
    assert all(m.get("response") != "utter_greet" for m in d.messages)


def test_a_level_asked_in_the_intake_gets_its_admission_rule():
    """ "ik zit op vmbo tl (mavo), kan ik dan naar niveau 4?" got "Die vraag kan ik nu niet goed beantwoorden"
    (simulated pupils); "mag dat met mijn leeftijd?" too."""
    slots, said = form_turn({}, "ik zit op vmbo tl (mavo), kan ik dan naar niveau 4?", "inform", "education")
    assert slots["education"] == "vmbo_tl" and said[0].startswith(
        "Je kunt instromen op niveau 4.\nMet een vmbo-diploma"
    )
    # a 22-year-old with mbo 4 ICT asked "kan ik dan meteen naar niveau 4?" and read only the rule, not the answer
    slots, said = form_turn({"education": "mbo4", "age": 22}, "kan ik dan meteen naar niveau 4?", "inform", "route")
    assert said[0].startswith("Je kunt instromen op niveau 4.")
    _, said = form_turn({"education": "none", "age": 16}, "kan ik naar niveau 3?", "inform", "route")
    assert said[0].startswith("Niveau 3 is nu nog niet open voor jou")
    slots, said = form_turn({"education": "vmbo_bb"}, "ik ben 18, mag dat met mijn leeftijd?", "inform", "age")
    assert slots["age"] == 18 and said[0] == followups.too_old(18, "nl")


def test_the_school_question_is_not_asked_again_under_its_follow_up():
    """After "Op welk niveau is je mbo-diploma?" (with its buttons) the school question came again with its own
    buttons; a simulated user tapped "mbo-diploma" again and the question was given up."""
    t = tracker({}, "mbo-diploma")
    t.events = [{"event": "user", "text": "mbo-diploma"}, {"event": "bot", "text": intake.MBO_WHICH.nl}]
    _, d = run(intake.ActionAskEducation(), t)
    assert d.messages == []
    t.events = [{"event": "user", "text": "hoi"}, {"event": "bot", "text": "Hoi!"}]
    _, d = run(intake.ActionAskEducation(), t)
    assert [m.get("response") for m in d.messages] == ["utter_ask_education"]


@pytest.mark.parametrize(
    "message, lang, word, question",
    [
        ("ik zoek een opleiding voor mijn dochter", "nl", "dochter", "Hoe oud is je dochter?"),
        ("my son is in vmbo and likes cars", "en", "son", "How old is your son?"),
        ("mijn dochter van 14 zit op de mavo", "nl", "dochter", "Hoe oud is je dochter?"),
        # an uncle was asked "Welk profiel heeft je kind op het vmbo?"
        ("ik zoek iets voor mijn neef, hij is 16 en zit op vmbo kader", "nl", "neef", "Hoe oud is je neef?"),
        ("ik ben de moeder van Sem", "nl", "kind", "Hoe oud is je kind?"),
        ("i am looking for a course for my little sister", "en", "little sister", "How old is your little sister?"),
        # the age between: a father heard "Wil je vooral naar school" and "Je zit nu in klas 3"
        ("Mijn zoon (15) zit in vmbo kader 3, profiel BWI.", "nl", "zoon", "Hoe oud is je zoon?"),
        ("my daughter, 14, likes drawing", "en", "daughter", "How old is your daughter?"),
        # a mother of a boy was asked "Wat doe je graag?"
        ("Ik ben een moeder van een jongen van 17.", "nl", "jongen", "Hoe oud is je zoon?"),
        ("I'm a father of a girl of 15", "en", "girl", "How old is your daughter?"),
    ],
)
def test_a_parent_is_asked_about_their_child(message, lang, word, question):
    """A mother wrote "ik zoek iets voor mijn dochter" and was asked "Hoe oud ben je?": the questions now name whom
    they ask for, with the same buttons; someone asking for themselves keeps the domain's questions."""
    slots, _ = form_turn({"language": lang}, message, "inform", "education")
    assert slots["for_child"] == word
    _, d = run(intake.ASK_ACTIONS["age"](), tracker({"language": lang, "for_child": word}))
    assert [m.get("text") for m in d.messages] == [question]
    assert question_asked(d.messages) == "age"
    _, d = run(intake.ASK_ACTIONS["route"](), tracker({"language": lang, "for_child": word}))
    assert [b["payload"] for b in d.messages[0]["buttons"]] == (
        ["BOL: mostly school", "BBL: work and learn", "doesn't matter"]
        if lang == "en"
        else ["BOL: vooral school", "BBL: werken en leren", "maakt niet uit"]
    )
    assert (
        "for_child" not in form_turn({"language": lang}, "ik heb een zoon van 3 en wil omscholen", "inform", "age")[0]
    )
    _, d = run(intake.ASK_ACTIONS["age"](), tracker({"language": lang}))
    assert [m.get("response") for m in d.messages] == ["utter_ask_age"]


def test_a_parents_whole_story_in_one_message_answers_what_it_tells():
    """A mother's first message told the school, the age and that her son repairs everything at home, and asked for
    the options: she heard "Die vraag kan ik nu niet goed beantwoorden" and "Wat doe je graag?"."""
    slots, said = form_turn(
        {"language": "nl"},
        "Goedemiddag. Ik ben een moeder van een jongen van 17. Hij heeft de havo niet gehaald (zat in 5) en weet niet "
        "wat hij wil. Hij is wel heel handig, repareert alles in huis. Wat zijn opties?",
        "ask_recommendations",
        "education",
    )
    assert slots["education"] == "havo" and slots["age"] == 17 and slots["for_child"] == "jongen"
    assert "repareert alles in huis" in slots["interests_text"] and slots["requested_slot"] == "route" and not said
    assert "interests_text" in form_turn({"language": "nl"}, "ik sleutel veel aan brommers", "inform", "education")[0]


@pytest.mark.parametrize("lang, first", [("nl", "met 'je' bedoel ik je kind"), ("en", "'you' means your child")])
def test_a_parent_hears_that_the_advice_is_written_to_the_child(lang, first):
    """The advice says "je" throughout ("Je kunt op elk moment starten"): a parent is told first whom it means."""
    _, d = run(advising.ActionRecommend(), tracker({**FULL_PROFILE, "language": lang, "for_child": True}))
    assert first in d.messages[0]["text"].split("\n")[0]  # (a conversation from before the relation was kept)
    assert first in d.messages[0]["custom"]["notes"][0]
    _, d = run(advising.ActionRecommend(), tracker({**FULL_PROFILE, "language": lang, "for_child": "neef"}))
    assert ("met 'je' bedoel ik je neef" if lang == "nl" else "'you' means your nephew") in d.messages[0]["text"]
    _, d = run(advising.ActionRecommend(), tracker({**FULL_PROFILE, "language": lang}))
    assert first not in d.messages[0]["text"]


def test_a_town_with_a_typo_after_ik_woon_in_is_read():
    """ "ik woon in den bocsh" got "Dat snapte ik niet helemaal"; a word in another sentence stays no town."""
    assert form_turn({"education": "havo", "age": 17}, "ik woon in den bocsh", "inform", "place")[0]["place"] == (
        "'s-Hertogenbosch"
    )
    assert "place" not in form_turn({"education": "havo", "age": 17}, "ik wil lassen leren", "inform", "place")[0]


def test_letting_the_route_and_start_wishes_go_makes_the_advice_again():
    """The advice names a course left out only by the route or start wished and says what to type; typed, it got the
    BBL explanation."""
    slots, events, said = _after_advice(
        info.ActionExplainBbl(), "BOL of BBL en de start maken niet uit", "ask_bbl", route="bbl", start_wish="february"
    )
    assert slots["route"] == "either" and slots["start_wish"] == "any" and not said
    assert events == [{"event": "followup", "timestamp": None, "name": "intake_form"}]
    _, events, said = _after_advice(info.ActionExplainBbl(), "wat is bbl?", "ask_bbl")
    assert (
        said
        and said[0].startswith("BBL is werken en leren")
        and events != [{"event": "followup", "timestamp": None, "name": "intake_form"}]
    )


BBL_BEFORE = {"values": {}, "side": "bbl", "dont_know": False, "course_ask": False, "language": "nl"}


@pytest.mark.parametrize(
    "action, said, intent, reading",
    [
        # after the BBL answer a 16-year-old asked "hoe vind ik die?" and got "Die vraag kan ik niet goed beantwoorden"
        (meta.ActionClarify(), "hoe vind ik die?", "nlu_fallback", BBL_BEFORE),
        (info.ActionExplainBbl(), "how do I find one?", "ask_bbl", BBL_BEFORE),
        # asked outright it got the whole BBL explanation again
        (info.ActionExplainBbl(), "hoe vind ik een leerbedrijf", "ask_bbl", None),
    ],
)
def test_finding_a_workplace_is_answered_for_the_first_course(action, said, intent, reading):
    *_, replies = _after_advice(action, said, intent, reading=reading)
    assert "stagemarkt.nl" in replies[0] and "crebo 25309" in replies[0], replies
    assert "610 uur" not in replies[0]  # not the whole BBL explanation


@pytest.mark.parametrize(
    "said, intent",
    [
        ("can he do it with an internship at my company? I have a garage", "out_of_scope"),
        ("kan hij bbl doen bij mijn eigen bedrijf?", "ask_bbl"),
        ("mag mijn zoon bij mijn zaak werken en leren?", "nlu_fallback"),
    ],
)
def test_learning_at_ones_own_company_gets_the_approved_company_rule(said, intent):
    """An English father with a garage asked whether his son can do BBL there and got "I can't answer that well"."""
    action = {"ask_bbl": info.ActionExplainBbl(), "nlu_fallback": meta.ActionClarify()}.get(
        intent, meta.ActionClarify()
    )
    *_, replies = _after_advice(action, said, intent)
    assert "SBB" in replies[0] and "stagemarkt.nl" in replies[0], replies
    assert "610" not in replies[0]  # not the whole BBL explanation


def test_find_it_without_bbl_before_is_no_workplace_question():
    from bot import intake as rules

    assert rules.follow_up("question", "hoe vind ik die?", "pay") == "question"
    assert rules.follow_up("question", "hoe vind ik dat leuk?", "bbl") == "question"


def test_a_postcode_at_the_place_question_asks_for_the_place_name():
    # a pupil typed "3811 AB" and got "I didn't quite get that"; no postcode data ships, so the name is asked
    known = {"education": "vmbo_kb", "age": 16, "vmbo_profile": "BWI", "interests_text": "hout", "route": "bol"}
    slots, said = form_turn(known, "3811 AB", "inform", "place")
    assert "postcode" in said[0] and slots["requested_slot"] == "place" and "place" not in slots


def test_the_introduction_is_for_the_first_turn_only():
    # the action server gets this turn's events and the bot's last message before it (rasa_patches.actions):
    # "is number 2 hard?" after the advice got the introduction again when only this turn's events came
    t = tracker({"shown_courses": ["25309"]}, "is number 2 hard?")
    t.events = [{"event": "bot", "text": "Anything else?"}, {"event": "user", "text": "is number 2 hard?"}]
    assert not common.first_turn(t)
    t.events = [{"event": "user", "text": "bbl"}, {"event": "slot", "name": "route", "value": "bbl"}]
    assert common.first_turn(t)


def test_a_wave_or_yes_as_the_first_message_gets_the_introduction_and_the_first_question():
    # "👋" (read as affirm) got "Wil je nog iets weten?" before anything was asked or advised
    t = tracker({}, "👋", "affirm")
    t.events = [{"event": "user", "text": "👋"}]
    events, d = run(side.ActionAnythingElse(), t)
    assert d.messages[0]["response"] == "utter_greet"
    assert events == [{"event": "followup", "timestamp": None, "name": "intake_form"}]
    t.events = [{"event": "bot", "text": "Welke school?"}, {"event": "user", "text": "ja"}]
    events, d = run(side.ActionAnythingElse(), t)
    assert d.messages[0]["response"] == "utter_anything_else" and events == []


@pytest.mark.parametrize(
    "action, text, intent",
    [
        # a mother's whole story, which the NLU did not know: it went straight on to the route question
        (
            meta.ActionClarify(),
            "Ik ben een moeder van een jongen van 17. Hij is wel heel handig, repareert alles. Wat zijn opties?",
            "nlu_fallback",
        ),
        (side.ActionLanguageHelp(), "hallo ik kom uit eritrea. nederlands weinig", "ask_language_help"),
        (side.ActionGirls(), "is techniek ook voor meisjes?", "ask_girls"),
    ],
)
def test_a_first_message_that_is_no_greeting_gets_the_introduction_once(action, text, intent):
    t = tracker({"language": "nl"}, text, intent)
    t.events = [{"event": "user", "text": text}]
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    events, d = run(action, t)
    responses = [m.get("response") for m in d.messages]
    assert responses[0] == "utter_greet" and responses.count("utter_greet") == 1, d.messages
    assert {"event": "followup", "timestamp": None, "name": "intake_form"} in events


def test_nearer_names_the_nearest_place_of_each_course_shown():
    # "is er ook iets dichterbij?" after the advice got "Daar kan ik je niet mee helpen" (out of scope)
    _, _, replies = _after_advice(side.ActionAnswerSide(), "is er ook iets dichterbij?", "out_of_scope")
    assert replies[0].startswith("Dit zijn de dichtstbijzijnde plekken") and "km" in replies[0], replies
    assert "kiesmbo.nl" in replies[0]


def test_a_question_the_nlu_took_for_erasing_gets_its_answer():
    # "anything closer?" was read as delete_data and got "Wil je al je gegevens wissen?"
    _, events, replies = _after_advice(meta.ActionDeleteData(), "anything closer?", "delete_data")
    assert replies[0].startswith("Dit zijn de dichtstbijzijnde plekken"), replies
    _, events, replies = _after_advice(meta.ActionDeleteData(), "kan dat?", "delete_data")
    assert "verwijder mijn gegevens" in replies[0]  # no erase on a guess: how to ask for it


def test_a_first_hi_chooses_english_until_a_dutch_message_says_otherwise():
    """A Dutch pupil who opened with "hi" got the whole chat in English ("vmbo kader, zit in de 4e", "ik sleutel
    graag aan brommers"): a greeting alone only guesses the language."""

    def turn(slots: dict[str, Any], text: str) -> dict[str, Any]:
        events, _ = run(extraction.ActionExtractProfile(), tracker(slots, text, "inform"))
        return {**slots, **slot_events(events)}

    slots = turn({}, "hi")
    assert slots["language"] == "en" and slots["reading"]["language_guess"] is True
    slots = turn(slots, "15")  # no language in it: still a guess
    assert slots["language"] == "en" and slots["reading"]["language_guess"] is True
    slots = turn(slots, "vmbo kader, zit in de 4e")
    assert slots["language"] == "nl" and slots["reading"]["language_guess"] is False
    assert turn(slots, "I like cars and I want to work")["language"] == "nl"  # chosen now: "english please" switches
    english = turn(turn({}, "hello"), "I am 30 and I want to become a welder")
    assert english["language"] == "en" and english["reading"]["language_guess"] is False
    assert turn(turn({}, "hi, I am 30"), "ik wil lasser worden")["language"] == "en"  # chosen by more than a greeting


@pytest.mark.parametrize(
    "said,requested,kept",
    [
        ("I am 34, I worked as a cook for 12 years", "education", None),
        ("ik ben 41 en ik was 10 jaar kapper", "education", None),
        ("ik was 3 jaar elektricien in Syrië", "education", "ik was 3 jaar elektricien in Syrië"),
        ("ik werkte als kok", "interests_text", "ik werkte als kok"),  # the answer to what someone likes
    ],
)
def test_a_past_job_in_another_field_is_no_answer_to_what_someone_would_like(said, requested, kept):
    """A 34-year-old former cook was never asked what they would like to do: the job became the interest, and the
    advice was about cooking. A technical past job still is what someone knows and likes."""
    slots, _ = form_turn({}, said, "inform", requested)
    assert slots.get("interests_text") == kept


def test_a_truck_driver_who_names_electrical_work_later_gets_advice_about_electrical_work():
    """A 45-year-old ("20 jaar vrachtwagenchauffeur geweest, rug is op. wat kan ik nog?") then "iets met elektra
    misschien": the interest became "vrachtwagenchauffeur; elektra" and the advice said transport is no techniek."""
    said = "ik ben 45, 20 jaar vrachtwagenchauffeur geweest, rug is op. wat kan ik nog?"
    start = said.index("vrachtwagenchauffeur")
    entities = [{"entity": "interest", "value": "vrachtwagenchauffeur", "start": start, "end": start + 20}]
    slots, replies = form_turn({}, said, "inform", "education", entities)
    assert slots.get("age") == 45 and "interests_text" not in slots, slots
    assert not any("niet goed beantwoorden" in r for r in replies), replies  # "wat kan ik nog?" is what advice answers
    entities = [{"entity": "interest", "value": "elektra", "start": 9, "end": 16}]
    slots, _ = form_turn({"age": 45}, "iets met elektra misschien", "inform", "education", entities)
    assert slots["interests_text"] == "elektra", slots


@pytest.mark.parametrize(
    "said,kept",
    [
        (
            "goedemiddag, ik ben 45 en werk al 20 jaar in de bouw als opperman. mijn rug wil niet meer. kan ik nog "
            "iets anders leren?",
            None,
        ),
        ("ik was 8 jaar lasser maar ik wil omscholen", None),
        ("ik was 8 jaar lasser, ik wil dat weer doen", "ik was 8 jaar lasser"),  # no change wish: the job is the wish
        # a reason to stop is a change wish too: "Past bij wat je leuk vindt: vrachtwagen" put truck mechanics first
        ("ik ben 47 en heb 20 jaar op de vrachtwagen gereden, mijn rug wil niet meer. wat kan ik nog?", None),
        ("I drove trucks for 20 years but my back can't take it anymore", None),
        ("ik was 10 jaar lasser, ik ben er klaar mee", None),
    ],
)
def test_a_job_someone_wants_to_leave_is_no_interest_and_can_i_still_gets_its_answer(said, kept):
    """A 45-year-old opperman whose back gave up ("kan ik nog iets anders leren?") got "Die vraag kan ik nu niet goed
    beantwoorden", was never asked what he would like, and the advice put the opperman courses first. Without a
    question ("my back can't take it anymore") it got "I didn't quite get that"; now what adults can still do."""
    slots, replies = form_turn({}, said, "inform", "education")
    assert slots.get("interests_text") == kept, slots
    assert not any("niet goed beantwoorden" in r or "snapte ik niet" in r or "didn't quite" in r for r in replies)
    if kept is None:
        assert any("niet te oud" in r or "not too old" in r for r in replies), replies


@pytest.mark.parametrize(
    "said", ["ik weet het niet precies, iets met installaties misschien, warmtepompen?", "maybe something with cars?"]
)
def test_an_unsure_answer_with_a_question_mark_is_the_answer(said):
    """The 45-year-old opperman, asked what he would like, typed "ik weet het niet precies, iets met installaties
    misschien, warmtepompen?" and got "Die vraag kan ik nu niet goed beantwoorden" (and the question again)."""
    slots, replies = form_turn({"age": 45, "education": "vmbo_tl"}, said, "inform", "interests_text")
    assert slots.get("interests_text") and said.split()[-1].strip("?") in slots["interests_text"], slots
    assert not any("niet goed beantwoorden" in r for r in replies), replies


def test_an_answer_to_a_later_choice_item_is_kept_and_the_item_asked_again():
    """ "iets met mensen denk ik" at "in de bouw, in een fabriek of achter de computer?" got "Daar kan ik je niet mee
    helpen" (out of scope) from an undecided pupil; it answers people-or-work."""
    slots, said = form_turn({"riasec_answers": []}, "iets met mensen denk ik", "out_of_scope", "interests_text")
    assert slots["riasec_answers"] == [["people_or_work", "people"]], slots
    assert said == ["Genoteerd."] or said[0].startswith("Dank"), said
    assert not any("niet mee helpen" in s for s in said)
    # technical work that the item asked does not name is no answer to another item
    slots, _ = form_turn({"riasec_answers": []}, "ik wil lassen", "inform", "interests_text")
    assert ["machines_power_heat", "machines"] not in slots.get("riasec_answers", []), slots


def test_a_town_at_a_choice_item_is_noted():
    """ "rotterdam" at "where would you most like to work: construction, a factory or a computer?" was kept as the
    place, but the reply was "Pick one of the buttons" as if nothing had been understood."""
    entities = [{"entity": "place", "value": "rotterdam", "start": 0, "end": 9}]
    slots, said = form_turn({"riasec_answers": []}, "rotterdam", "inform", "interests_text", entities)
    assert slots.get("place") == "Rotterdam" and said == ["Dank je, dat heb ik genoteerd."], (slots, said)


def test_doubt_about_maths_is_no_yes():
    """ "geen idee of ik wiskunde had" (a 45-year-old mavo pupil of long ago) set maths to yes."""
    entities = [{"entity": "subject", "value": "wiskunde", "start": 16, "end": 24}]
    slots, _ = form_turn(
        {"education": "mavo_old", "age": 45}, "geen idee of ik wiskunde had", "ask_catch_up", "route", entities
    )
    assert slots.get("has_math_or_science") is None, slots


@pytest.mark.parametrize(
    "said,intent", [("what is EVC?", "out_of_scope"), ("telt mijn werkervaring mee?", "ask_catch_up")]
)
def test_evc_gets_its_answer(said, intent):
    """An experienced plumber from Ukraine asked "what is EVC?" and got "I can't answer that question well"."""
    _, _, replies = _after_advice(side.ActionAnswerSide(), said, intent)
    assert replies[0].startswith("EVC: je ervaring laten erkennen") and "ervaringscertificaat" in replies[0], replies


def test_it_in_capitals_is_the_field_not_the_pronoun():
    """ "I'm 22 ..., I want to go into IT" was kept as "it", which names nothing: the advice said no technical work
    was told and listed car mechanics."""
    slots, _ = form_turn(
        {}, "I'm 22 and I have a bachelor degree in economics from Nigeria, I want to go into IT", "inform", "education"
    )
    assert slots.get("interests_text") == "IT", slots
    advice = bot_advise(Profile(interests_text="I want to work in IT", language="en"), common.catalog())
    assert "ICT" in advice.items[0].course.name, [r.course.name for r in advice.items]


@pytest.mark.parametrize(
    "said,wished",
    [
        (
            "Hey! I'm 31, I have an MBO 4 diploma in hospitality. I want to retrain as an electrician but I have a "
            "family so I need to keep earning",
            "electrician",
        ),
        ("ik ben 40 en wil me omscholen tot elektricien", "elektricien"),
        ("ik wil werken als lasser, ik ben 25", "lasser"),
        ("I want to work in IT, I'm 22, diploma from Nigeria, Dutch A2", "IT"),  # asked "What do you like doing?"
    ],
)
def test_retraining_as_named_work_is_what_someone_wants(said, wished):
    """A 31-year-old with a hospitality diploma who wants "to retrain as an electrician" got the honest answer about
    hospitality and "What do you like doing?": the wish was lost."""
    slots, _ = form_turn({}, said, "inform", "education")
    assert slots.get("interests_text") == wished, slots


@pytest.mark.parametrize(
    "said, intent, noted", [("zo snel mogelijk", "inform", True), ("weet ik niet", "dont_know", False)]
)
def test_the_choice_items_after_other_answers_begin_with_thanks_not_no_problem(said, intent, noted):
    """A 45-year-old answered the interest question with the route, her town and "zo snel mogelijk"; the choices then
    began with "Geen probleem.", as if she had said she did not know."""
    slots = {"language": "nl", "riasec_answers": [], "ask_slot": "interests_text"}
    t = tracker(slots, said, intent)
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    _, d = run(intake.ActionAskInterests(), t)
    intro = intake.UNDECIDED_INTRO_NOTED if noted else intake.UNDECIDED_INTRO
    assert d.messages[0]["text"].startswith(intro.nl + "\n"), d.messages[0]["text"]


def test_the_choice_items_are_introduced_once():
    """A pupil's answer to the school question came between two choice items; when the items came back the bot said
    "Geen probleem. Ik stel je een paar korte keuzevragen" a second time, after "nee" to the maths question."""
    slots = {"language": "nl", "riasec_answers": [], "ask_slot": "has_math_or_science"}
    events, d = run(intake.ActionAskInterests(), tracker(slots))
    assert d.messages[0]["text"].startswith(intake.UNDECIDED_INTRO.nl)
    asked = slot_events(events)["choice_asked"]  # the item asked, kept for the next turns
    _, again = run(intake.ActionAskInterests(), tracker({**slots, "choice_asked": asked}))
    assert again.messages[0]["text"] == d.messages[0]["text"].split("\n", 1)[1]  # the same item, no introduction


def test_a_parent_hears_that_the_choice_items_ask_about_the_child():
    """A mother's "geen idee" for her son got "Werk je liever met je handen of met de computer?" as if asked of her."""
    slots = {"language": "nl", "riasec_answers": [], "ask_slot": "has_math_or_science", "for_child": "zoon"}
    events, d = run(intake.ActionAskInterests(), tracker(slots))
    lines = d.messages[0]["text"].split("\n")
    assert lines[:2] == [intake.UNDECIDED_INTRO.nl, "Met 'je' bedoel ik in deze vragen je zoon."], lines
    _, again = run(intake.ActionAskInterests(), tracker({**slots, "choice_asked": slot_events(events)["choice_asked"]}))
    assert "bedoel ik" not in again.messages[0]["text"]  # said once


def test_an_answer_to_the_choice_item_asked_before_another_question_is_kept():
    """A pupil in the choice items answered the school ("tl"), was asked the maths question and then answered the
    item before it ("achter de computer"): "Dat snapte ik niet helemaal", and the item came again later."""
    from bot import undecided

    slots = {"language": "nl", "riasec_answers": [], "education": "vmbo_tl", "age": 15, "vmbo_profile": "ZW"}
    t = _form_tracker({**slots, "ask_slot": "has_math_or_science", "ask_count": 1}, "achter de computer", "inform", "")
    item = undecided.next_item([], common.catalog(), common.profile(t))
    assert item is not None
    picked = undecided.read_answer(item, "achter de computer")
    for asked_before, kept in ((True, True), (False, False)):
        t = _form_tracker(
            {**slots, "ask_slot": "has_math_or_science", "ask_count": 1},
            "achter de computer",
            "inform",
            "has_math_or_science",
        )
        if asked_before:
            t.slots["choice_asked"] = item.key
        extracted, _ = run(extraction.ActionExtractProfile(), t)
        t.add_slots(extracted)
        events, d = run_form(intake.ValidateIntakeForm(), t, FORM_DOMAIN)
        after = {**slot_events(extracted), **slot_events(events)}
        assert (after.get("riasec_answers") == [[item.key, picked]]) is kept
        assert after["requested_slot"] == "has_math_or_science"
        said = [m.get("text") for m in d.messages]
        assert said == ([intake.NOTED.nl] if kept else [intake.NOT_UNDERSTOOD.nl]), said


@pytest.mark.parametrize(
    "education,text,expected",
    [
        ("foreign", "ik school 10 jaar", "SCHOOL_KNOWN"),
        ("foreign", "ik heb twaalf jaar op school gezeten", "SCHOOL_KNOWN"),
        ("foreign", "I studied in Syria for twelve years", "NOTED"),  # (the country read again: a fact)
        ("foreign", "in eritrea ik school 10 jaar", "NOTED"),  # (school in a country: schooling abroad, a fact)
        ("unknown", "ik school 10 jaar", "NOT_UNDERSTOOD"),  # nothing noted: no "had ik al genoteerd"
        ("foreign", "blablabla", "NOT_UNDERSTOOD"),
    ],
)
def test_more_about_the_school_at_another_question_is_no_failed_answer(education, text, expected):
    """A newcomer told of ten years of school in Eritrea at the Dutch question and read "Dat snapte ik niet"."""
    slots = {"language": "nl", "education": education, "newcomer": True, "age": 28}
    t = _form_tracker({**slots, "ask_slot": "dutch_level", "ask_count": 1}, text, "inform", "dutch_level")
    extracted, _ = run(extraction.ActionExtractProfile(), t)
    t.add_slots(extracted)
    events, d = run_form(intake.ValidateIntakeForm(), t, FORM_DOMAIN)
    assert [m.get("text") for m in d.messages] == [getattr(intake, expected).nl]
    assert slot_events(events)["requested_slot"] == "dutch_level"


@pytest.mark.parametrize(
    "message, values",
    [
        ("Goedendag, ik zoek informatie voor mijn dochter van 14", {"age": 14}),
        ("Hi, I'm looking for information for my nephew", {}),  # it got "Do you want to erase all your data?"
    ],
)
def test_answers_the_nlu_took_for_erasing_start_the_intake(message, values):
    """ "Goedendag, ik zoek informatie voor mijn dochter van 14" as the first message got "Wil je al je gegevens
    wissen?" (read as delete_data), no introduction, and the age was asked again after (a stranger's chat)."""
    found = bot_intake.read(message, "delete_data", [], None)
    assert found.values == values and found.for_child
    t = tracker({"reading": found.as_dict()}, text=message, intent="delete_data")
    t.events = [{"event": "session_started"}, {"event": "user", "text": message}]
    events, d = run(meta.ActionDeleteData(), t)
    assert d.messages[0].get("response") == "utter_greet" and [(e["event"], e.get("name")) for e in events] == [
        ("followup", "intake_form")
    ]
    assert not any("custom" in m and m["custom"] for m in d.messages)  # nothing erased


@pytest.mark.parametrize(
    "said", ["ik ben een meisje van 15 en zit in 4 tl, is techniek wel iets voor mij?", "I'm a girl, is tech for me?"]
)
def test_a_girl_asking_whether_techniek_is_for_her_gets_the_answer_for_girls(said):
    """It got "Die vraag kan ik nu niet goed beantwoorden": the question names no girl, the answer before it does."""
    slots, replies = form_turn({}, said, "inform", "education")
    assert slots["reading"]["side"] == "girls", slots
    assert not any("niet goed beantwoorden" in r or "can't answer" in r for r in replies), replies
    if "15" in said:
        assert slots.get("age") == 15 and slots.get("education") == "vmbo_tl", slots


@pytest.mark.parametrize("message, lang", [("hoi", "nl"), ("hey daar", "nl"), ("hello again", "en"), ("hallo?", "nl")])
@pytest.mark.parametrize("requested", ["interests_text", "route", "place"])
def test_a_greeting_after_a_pause_is_no_answer_and_no_try(message, lang, requested):
    """Someone back after a pause typed "hoi" at the interest question: "hoi" became what they like, the question
    was never asked again, and the advice said "Ik herken in je antwoord nog geen technisch werk"."""
    known = {"language": lang, "education": "vmbo_kb", "age": 15, "ask_slot": requested, "ask_count": 2}
    slots, said = form_turn(known, message, "greet", requested)
    assert requested not in slots and slots["ask_count"] == 2, slots
    assert said == [intake.WELCOME_BACK.get(lang)]
    slots, said = form_turn({**known, "riasec_answers": []}, message, "greet", "interests_text")
    assert "interests_text" not in slots and said == [intake.WELCOME_BACK.get(lang)]  # at a choice item too
    slots, _ = form_turn(known, "hoi, ik hou van auto's", "inform", "interests_text")
    assert slots["interests_text"] == "hoi, ik hou van auto's"  # a greeting with an answer is an answer


def test_words_typed_at_a_choice_item_beyond_its_option_are_kept_for_the_advice():
    """An undecided 15-year-old typed "iets met hout misschien" at where-to-work: it picked "in de bouw" and the wood
    was lost; the advice showed concrete and brickwork first, no carpentry."""
    from bot import undecided

    slots: dict[str, Any] = {"education": "vmbo_kb", "age": 15, "vmbo_profile": "PIE", "riasec_answers": []}
    got, _ = form_turn(slots, "iets met hout misschien", "inform", "interests_text")
    assert got["riasec_answers"][0][1] == "building" and got["choice_words"] == ["iets met hout misschien"]
    slots.update(got)
    for _ in range(undecided.MAX_ITEMS):  # the other items by their buttons: the typed words stay
        if slots.get("interests_text") is not None:
            break
        t = _form_tracker(slots, "", "inform", "interests_text")
        answers = extraction.common.choice_answers(slots["riasec_answers"])
        item = undecided.next_item(answers, extraction.common.catalog(), extraction.common.profile(t))
        assert item is not None
        slots.update(form_turn(slots, item.options[0].label.nl, "inform", "interests_text")[0])
    assert slots["interests_text"] == "iets met hout misschien" and slots["choice_words"] == []
    _, d = run(advising.ActionRecommend(), tracker({**slots, "route": "either", "place": "", "start_wish": "any"}))
    assert "Past bij wat je leuk vindt: hout" in d.messages[0]["text"]
    start = {"education": "vmbo_kb", "age": 15, "vmbo_profile": "PIE", "riasec_answers": []}
    button, _ = form_turn(start, "In de bouw", "inform", "interests_text")
    assert button["choice_words"] == []  # a button (or the option's own words) says nothing more


def test_answers_to_other_questions_at_a_choice_item_are_noted_and_the_item_kept():
    """A truck driver of 45 typed "bbl" and then "Tilburg" at repair-or-design: the town was kept without a word
    and the item was dropped, so his choice between repairing and designing was never asked again."""
    answers = [["work_place", "computer"], ["computer_kind", "drawing"]]
    slots: dict[str, Any] = {"education": "mavo_old", "age": 45, "riasec_answers": answers}
    slots["ask_slot"], slots["ask_count"] = "repair_or_design", 2  # asked once, and "bbl" was noted
    got, said = form_turn(slots, "Tilburg", "inform", "interests_text", [{"entity": "place", "value": "Tilburg"}])
    assert got.get("place") == "Tilburg" and said == [intake.NOTED.get("nl")], (got, said)
    assert len(got.get("riasec_answers", answers)) == 2 and got["ask_count"] == 3  # the item is asked once more
    got, said = form_turn({**slots, **got}, "blabla", "nlu_fallback", "interests_text")
    assert got["riasec_answers"][2] == ["repair_or_design", None]  # then it is left open


@pytest.mark.parametrize("chat, switched", [("en", False), ("nl", True)])
def test_an_answer_beside_a_language_request_is_kept(chat, switched):
    """A Nigerian engineer of 27 typed "my dutch is A1, i speak english" at the Dutch question: the NLU took it for a
    request to switch the language, the level was lost, and the question came again."""
    known = {"language": chat, "education": "foreign", "age": 27}
    entities = [{"entity": "language", "value": "en", "start": 26, "end": 33}]
    slots, said = form_turn(known, "my dutch is A1, i speak english", "switch_language", "dutch_level", entities)
    assert slots["dutch_level"] == "A1" and slots["requested_slot"] == "interests_text", slots
    assert (
        slots.get("language") == "en" and said[:1] == [meta.text("actions.meta.language_switched").get("en")]
    ) is switched
    asked = "mijn nederlands is A2, kunnen we in het engels verder?"  # the question clause got "I can't answer that"
    named = [{"entity": "language", "value": "en", "start": asked.index("engels"), "end": asked.index("engels") + 6}]
    slots, said = form_turn({**known, "language": "nl"}, asked, "switch_language", "dutch_level", named)
    assert slots["dutch_level"] == "A2" and said == [meta.text("actions.meta.language_switched").get("en")], said


def test_the_button_of_a_skipped_choice_item_typed_later_answers_that_item():
    """A stranger said "weet niet" to where-to-work, then typed its button "fabriek of werkplaats" at hands-or-computer:
    it ended the items as the interest text, and the bicycle mechanics came first for a pupil who then chose power."""
    slots, said = form_turn(
        {"riasec_answers": [["work_place", None]], "interests_text": None},
        "fabriek of werkplaats",
        "inform",
        "interests_text",
    )
    assert undecided.chosen(slots["riasec_answers"]) == ["factory"] and "interests_text" not in slots, slots
    assert said[:1] == [intake.NOTED.get("nl")], said  # kept, and the item asked is asked again
    slots, _ = form_turn(
        {"riasec_answers": [["work_place", None]]}, "fabriek of werkplaats met auto's", "inform", "interests_text"
    )
    assert undecided.chosen(slots.get("riasec_answers", [])) == []  # more than the button: the liking, as before
