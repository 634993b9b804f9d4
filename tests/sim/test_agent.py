"""The simulator itself, offline (no bot): it must read questions right, answer in style, stay reproducible and
judge conversations right; otherwise its figures about the bot mean nothing."""

from __future__ import annotations

import dataclasses
import random
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.profile import EDUCATION as EDUCATION_ROWS
from bot.profile import Profile

from . import checks, phrases, population, questions, report, runner, styles
from .agent import MAY_NOT_KNOW, Agent
from .phrases import AGE, DUTCH, EDUCATION, INTERESTS, MATH, PLACE, PROFILE, ROUTE, START
from .population import PARENT, Goal, Person

ROOT = Path(__file__).resolve().parents[2]

# What each intake question of the domain asks (used by this test only; the agent never sees slot names).
SLOT_FACT = {
    "education": EDUCATION,
    "vmbo_profile": PROFILE,
    "has_math_or_science": MATH,
    "age": AGE,
    "interests_text": INTERESTS,
    "route": ROUTE,
    "place": PLACE,
    "start_wish": START,
    "dutch_level": DUTCH,
}


def person(style: str = styles.FULL, **goal: Any) -> Person:
    base = dict(
        kind=population.VMBO_PUPIL,
        education="vmbo_kb",
        age=16,
        route="bbl",
        field="cars",
        place="Zwolle",
        start="september",
        vmbo_profile="PIE",
        has_math_or_science=True,
        pupil=True,
    )
    return Person("p9999", Goal(**{**base, **goal}), style, seed=11)


def bot(text: str, *buttons: str) -> list[dict[str, Any]]:
    return [{"recipient_id": "x", "text": text, "buttons": [{"title": b, "payload": b} for b in buttons]}]


# --- reading questions ----------------------------------------------------------------------------------------
def test_every_intake_question_of_the_domain_is_read_right_in_both_languages():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    checked = 0
    for name, variants in domain["responses"].items():
        fact = SLOT_FACT.get(name.removeprefix("utter_ask_"))
        if not name.startswith("utter_ask_") or fact is None:
            continue
        for variant in variants:
            messages = [{"text": variant["text"], "buttons": variant.get("buttons") or []}]
            assert questions.read(messages).kind == fact, variant["text"]
            checked += 1
    assert checked >= 12


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Hoe oud ben je?", AGE),
        ("How old are you?", AGE),
        ("In welke klas zit je?", EDUCATION),
        ("Welk mbo-diploma heb je gehaald?", EDUCATION),
        ("Wil je vooral naar school (BOL), of werken en leren (BBL)? Vraag gerust 'wat is bbl?'.", ROUTE),
        ("Which town do you live in? Then I look for schools nearby.", PLACE),
        ("Had je wiskunde of nask1 in je pakket?", MATH),
        ("Welk profiel heb je?", PROFILE),
        ("How well do you speak Dutch?", DUTCH),
        ("Wanneer wil je beginnen?", START),
        ("Wat voor werk lijkt je leuk?", INTERESTS),
        ("What do you like doing?", INTERESTS),
        ("Wat doe je liever: iets repareren of iets ontwerpen?", questions.CHOICE),
        ("Werk je liever buiten of binnen?", questions.CHOICE),
        ("Buiten of binnen?", questions.CHOICE),
        ("Would you rather work outside or inside?", questions.CHOICE),
        ("Heb je een overgangsbewijs naar havo 4?", questions.HAVO_PASSED),
        ("Klopt het dat je 16 bent?", questions.CONFIRM),
        ("Sorry, dat snapte ik niet helemaal. Kun je het anders zeggen?", questions.UNKNOWN),
        (
            "Het lukt me niet goed. Tik op een knop hieronder, of praat met een mens: de intake-balie van Voorbeeld "
            "ROC, "
            "intake@voorbeeld-roc.invalid, of je eigen decaan op school.",
            questions.UNKNOWN,
        ),
    ],
)
def test_question_kinds(text, kind):
    assert questions.read(bot(text)).kind == kind


def test_a_side_answer_before_the_question_does_not_hide_it():
    messages = bot("Met BBL werk je 4 dagen en ga je 1 dag naar school. Het minimumloon voor BBL is ...") + bot(
        "Hoe oud ben je?"
    )
    assert questions.read(messages).kind == AGE


def test_choice_options_come_from_buttons_or_from_the_wording():
    asked = questions.read(bot("Wat doe je liever: iets repareren of iets ontwerpen?"))
    assert asked.options == ("iets repareren", "iets ontwerpen")
    asked = questions.read(bot("Buiten of binnen?", "buiten", "binnen", "weet ik niet"))
    assert asked.kind == questions.CHOICE and asked.options == ("buiten", "binnen", "weet ik niet")


def test_nothing_the_bot_may_send_crashes_the_reader_or_the_agent():
    rng = random.Random(3)
    odd: list[Any] = [
        [],
        [{}],
        [{"text": None}],
        [{"text": ""}],
        [{"custom": {"type": "x"}}],
        [{"buttons": "nope"}],
        [{"text": "?", "buttons": [{"no": "title"}, {"title": 3}]}],
        [{"image": "http://x"}],
    ]
    odd += [[{"text": "".join(rng.choice("ab ?.,:'\"of\n") for _ in range(rng.randint(0, 80)))}] for _ in range(200)]
    for style in styles.STYLES:
        agent = Agent(person(style))
        for messages in odd:
            assert isinstance(agent.reply(messages), str)


# --- population -----------------------------------------------------------------------------------------------
def test_population_is_reproducible_and_covers_every_row_kind_and_style():
    first, again, other = (population.population(150, s) for s in (5, 5, 6))
    assert first == again and first != other
    assert {p.goal.education for p in first} == set(EDUCATION_ROWS)  # every row of the admission table
    assert {p.kind for p in first} == set(population.KINDS)
    assert {p.style for p in first} == set(styles.STYLES)
    cells = Counter((p.kind, p.style) for p in first)
    assert len(cells) == len(population.KINDS) * len(styles.STYLES) and min(cells.values()) >= 2
    assert {p.goal.vmbo_profile for p in first if p.goal.vmbo} >= {"ZW", "EO", "PIE", "BWI"}
    assert {p.goal.has_math_or_science for p in first if p.goal.vmbo and not p.goal.technical_profile} == {True, False}


def test_ages_fit_the_education_and_goals_are_valid_profiles(catalog):
    for p in population.population(600, 1):
        g = p.goal
        if g.vmbo and g.pupil:
            assert 14 <= g.age <= 17
        if g.education in ("mavo_old", "lbo_old"):
            assert 35 <= g.age <= 60
        if g.kind == population.UNDECIDED:
            assert g.field is None
        profile = checks.revealed_profile(g, (), catalog, p.language)
        profile.validate()
        if g.mbo_diploma:
            assert profile.mbo_dossier, g.mbo_diploma  # the named diploma is a real catalogue course


def test_every_town_is_one_the_catalogue_knows(catalog):
    for place in population.PLACES:
        assert catalog.resolve_place(place, fuzzy=False), place


# --- answering --------------------------------------------------------------------------------------------------
def test_english_speaker_writes_english_from_the_first_message():
    agent = Agent(person(styles.ENGLISH))
    assert agent.opening() in ("hi", "hello, I'm looking for a course")
    assert agent.reply(bot("How old are you?")) in ("I'm 16", "16 years old")
    assert "live" in agent.reply(bot("Which town do you live in?")) or "Zwolle" in agent.last_answer


def test_undecided_pupil_does_not_know_what_they_like():
    agent = Agent(person(styles.FULL, kind=population.UNDECIDED, field=None))
    said = agent.reply(bot("Wat doe je graag? Vertel het in je eigen woorden.", "iets met auto's"))
    assert said in ("geen idee eigenlijk", "weet ik niet", "geen idee", "weet ik nog niet echt")
    assert INTERESTS in agent.dont_know


def test_button_tapper_sends_the_payload_that_fits():
    agent = Agent(person(styles.BUTTONS, route="bbl"))
    said = agent.reply(
        [
            {
                "text": "BOL of BBL?",
                "buttons": [
                    {"title": "BOL: vooral school", "payload": "/bol"},
                    {"title": "BBL: werken en leren", "payload": "/bbl"},
                ],
            }
        ]
    )
    assert said == "/bbl"


def test_weet_niet_person_says_it_only_to_what_one_may_not_know():
    for seed in range(30):
        agent = Agent(dataclasses.replace(person(styles.DONT_KNOW), seed=seed))
        for text in (
            "Welke school of opleiding heb je?",
            "Hoe oud ben je?",
            "Welk profiel heb je?",
            "Zit wiskunde of NaSk1 in je pakket?",
            "Wat doe je graag?",
            "BOL of BBL?",
            "Waar woon je?",
            "Wanneer wil je beginnen?",
        ):
            agent.reply(bot(text))
        assert agent.dont_know <= set(MAY_NOT_KNOW) and len(agent.dont_know) <= 3


def test_side_question_style_asks_something_with_its_answer():
    said = [
        Agent(dataclasses.replace(person(styles.SIDE_QUESTION), seed=s)).reply(bot("BOL of BBL?")) for s in range(20)
    ]
    assert any(s.startswith("bbl") or "bbl" in s for s in said)
    assert any(s.endswith("?") for s in said)


def test_changing_ones_mind_is_corrected_in_the_next_message():
    agent = Agent(person(styles.CHANGE_MIND, route="bbl"))
    first = agent.reply(bot("Wil je BOL of BBL?"))
    second = agent.reply(bot("Waar woon je?"))
    assert "bbl" not in first.lower() and "bbl" in second.lower() and "Zwolle" in second


def test_several_facts_at_once():
    agent = Agent(person(styles.SEVERAL))
    opening = agent.opening()
    assert "16" in opening and "kader" in opening


def test_choice_items_follow_the_field():
    electrical = Agent(person(styles.TERSE, field="electrical"))
    assert electrical.reply(bot("Wat doe je liever?", "iets met stroom", "iets met hout")) == "iets met stroom"
    construction = Agent(person(styles.TERSE, field="construction"))
    assert construction.reply(bot("Werk je liever buiten of binnen?")) == "buiten"
    ict = Agent(person(styles.TERSE, field="ict"))
    assert ict.reply(bot("Met je handen of met de computer?")) == "met de computer"


def test_asked_a_third_time_the_person_tries_other_words():
    agent = Agent(person(styles.FULL, education="vmbo_kb"))
    answers = [agent.reply(bot("Welke school of opleiding heb je?", "vmbo basis", "vmbo kader")) for _ in range(4)]
    assert answers[2] == "vmbo kader" and answers[3] == "vmbo kader"  # the short form, then the button


def test_cannot_place_the_reply_then_says_something_plausible():
    agent = Agent(person(styles.FULL))
    agent.reply(bot("Hoe oud ben je?"))
    assert agent.reply(bot("Sorry, dat snapte ik niet helemaal. Kun je het anders zeggen?")) in ("ik ben 16", "16 jaar")
    said = agent.reply(bot("Leuk! Ik heb een paar tips."))
    assert said  # the next fact not yet told


def test_same_person_same_replies_same_conversation():
    script = [
        bot("Welke school?"),
        bot("Hoe oud ben je?"),
        bot("Wat doe je graag?"),
        bot("BOL of BBL?"),
        bot("Waar woon je?"),
        bot("Wanneer wil je beginnen?"),
    ]
    for p in population.population(70, 9):
        runs = []
        for _ in range(2):
            agent = Agent(p)
            runs.append([agent.opening()] + [agent.reply(m) for m in script])
        assert runs[0] == runs[1]


def test_typos_keep_meaning_mostly():
    rng = random.Random(1)
    said = styles.typo("ik zit op vmbo kader en woon in Zwolle.", rng, keep=("Zwolle",))
    assert said.startswith("ik zit op vmbo kadr") and not said.endswith(".")


# --- judging ---------------------------------------------------------------------------------------------------
def test_wrong_language_is_found_and_names_and_sources_are_not(catalog):
    names = checks.NameFilter(catalog)
    assert checks.foreign_sentences("Sorry, dat snapte ik niet helemaal. Kun je het anders zeggen?", "en", names)
    assert not checks.foreign_sentences("Sorry, I did not get that. Could you say it differently?", "en", names)
    english_advice = (
        "1. Eerste monteur elektrotechnische installaties in de gebouwde omgeving (level 3, BBL)\n"
        "   Start: September 2027, Voorbeeld ROC (fictieve demo-school), Amersfoort\n"
        "   Jobs: the Netherlands needs technicians. [Aanvalsplan techniek- en energiebranches met "
        "VNO-NCW en MKB-Nederland, via bndestem.nl, 2022-11]"
    )
    assert not checks.foreign_sentences(english_advice, "en", names)
    assert checks.foreign_sentences("Which town do you live in? Then I look for schools nearby.", "nl", names)
    assert not checks.foreign_sentences("Typ 'delete my data' om alles te wissen.", "nl", names)


def _payload(*crebos: str, note: str = "") -> dict[str, Any]:
    return {
        "type": "recommendations",
        "items": [{"crebo": c, "name": c, "level": 0, "reasons": [note]} for c in crebos],
    }


def test_contradictions_with_the_admission_engine(catalog):
    level3 = next(c for c in catalog.courses.values() if c.level == 3 and c.technical)
    level2 = next(c for c in catalog.courses.values() if c.level == 2 and c.technical)
    bb = Profile(education="vmbo_bb", age=16, vmbo_profile="PIE", has_math_or_science=True)
    found = checks.contradictions(_payload(level3.crebo, level2.crebo), bb, catalog)
    assert len(found) == 1 and found[0].startswith("closed course") and level3.crebo in found[0]
    # vmbo-tl zorg pupil who did not say whether she had wiskunde/NaSk1: the rule applies, the note must be there
    zorg = Profile(education="vmbo_tl", age=16, vmbo_profile="ZW")
    assert checks.contradictions(_payload(level3.crebo), zorg, catalog)[0].startswith("missing wiskunde/NaSk1")
    assert not checks.contradictions(_payload(level3.crebo, note="Voor techniek: wiskunde of NaSk1 ..."), zorg, catalog)
    no_math = Profile(education="vmbo_kb", age=16, vmbo_profile="EO", has_math_or_science=False)
    assert "closed" in checks.contradictions(_payload(level2.crebo), no_math, catalog)[0]
    assert checks.contradictions(_payload("00000"), bb, catalog)[0].startswith("unknown course")
    assert not checks.contradictions({"type": "recommendations", "items": []}, bb, catalog)


def test_lost_facts_finds_a_told_route_or_place_the_advice_does_not_follow(catalog):
    crebo, offers = next(
        (c, o) for c, o in catalog.offers.items() if any(int(f) & checks.BOL and int(f) & checks.BBL for f in o.flags)
    )
    row = next(i for i, f in enumerate(offers.flags) if int(f) & checks.BOL and int(f) & checks.BBL)
    loc = catalog.locations[int(offers.loc[row])]
    place = catalog.resolve_place(loc.city)
    assert place is not None

    def payload(*routes: str, where: str | None = place.name) -> dict[str, Any]:
        offer = {"school": loc.school, "location": loc.name, "city": loc.city, "routes": list(routes)}
        return {
            "type": "recommendations",
            "place": where,
            "items": [{"crebo": crebo, "name": crebo, "offers": [offer]}],
        }

    def goal(route: str) -> Goal:
        return dataclasses.replace(person().goal, route=route, place=loc.city)

    told = {ROUTE, PLACE}
    assert not checks.lost_facts(payload("BOL", "BBL"), goal("either"), told, catalog)
    assert not checks.lost_facts(payload("BBL"), goal("bbl"), told, catalog)
    # "bbl, maakt niet uit wanneer" became both routes; "nee wacht, allebei goed" after "bbl" stayed BBL only
    assert checks.lost_facts(payload("BOL", "BBL"), goal("bbl"), told, catalog)[0].startswith("route told (bbl)")
    assert checks.lost_facts(payload("BBL"), goal("either"), told, catalog)[0].startswith("route told (either)")
    assert not checks.lost_facts(payload("BBL"), goal("either"), {PLACE}, catalog)  # never told: not lost
    lost = checks.lost_facts(payload("BOL", "BBL", where="Nergenshuizen"), goal("either"), told, catalog)
    assert lost == [f"place told ({loc.city}) not in the advice: Nergenshuizen"]


def test_revealed_profile_leaves_out_what_was_answered_with_weet_niet(catalog):
    g = person(styles.DONT_KNOW, vmbo_profile="ZW", has_math_or_science=False).goal
    assert checks.revealed_profile(g, {PROFILE, MATH}, catalog, "nl").vmbo_profile is None
    assert checks.revealed_profile(g, {MATH}, catalog, "nl").has_math_or_science is None
    assert checks.revealed_profile(g, (), catalog, "nl").has_math_or_science is False


def test_longest_repeat_counts_consecutive_turns_of_one_question():
    replies = [
        bot("Hoe oud ben je?"),
        bot("Welk profiel heb je?"),
        bot("Sorry. Welk profiel heb je op het vmbo?"),
        bot("Welk profiel heb je?"),
        bot("Hoe oud ben je?"),
        [{"custom": {"type": "recommendations"}}],
    ]
    assert checks.longest_repeat(replies)[0] == 3
    choices = [bot("Buiten of binnen?"), bot("Met je handen of met de computer?")]
    assert checks.longest_repeat(choices)[0] == 1


# --- the runner, against a scripted fake bot ---------------------------------------------------------------------
class FakeBot:
    """Asks the intake questions in order (one re-ask of the first), refuses once with 429, then advises."""

    QUESTIONS = [
        "Welke school of opleiding heb je (gehad)?",
        "Welke school of opleiding heb je (gehad)?",
        "Hoe oud ben je?",
        "Wat doe je graag?",
        "BOL of BBL?",
        "In welke plaats woon je?",
        "Wanneer wil je beginnen?",
    ]

    def __init__(self) -> None:
        self.turn: Counter[str] = Counter()
        self.refused = False
        self.heard: list[str] = []

    def send(self, sender: str, message: str) -> tuple[int, Any]:
        if not self.refused:
            self.refused = True
            return 429, "slow down"
        self.heard.append(message)
        n = self.turn[sender]
        self.turn[sender] += 1
        if n < len(self.QUESTIONS):
            return 200, bot(self.QUESTIONS[n])
        return 200, [
            {"text": "Nog niets haalbaars. Volgende stap: praat met je decaan."},
            {
                "custom": {
                    "type": "recommendations",
                    "items": [],
                    "text": "Volgende stap: je decaan.",
                    "place": "Zwolle",  # the place of person() below
                }
            },
        ]


def test_runner_plays_to_the_advice_and_judges(monkeypatch, catalog):
    monkeypatch.setattr(runner, "WAIT_AFTER_429_S", 0.0)
    fake = FakeBot()
    conv = runner.converse(fake, person(styles.TERSE), max_turns=10, run="t")  # type: ignore[arg-type]
    assert conv.reached and len(conv.turns) == 8 and conv.refused == 1 and not conv.crash
    assert fake.heard[1:3] == ["vmbo kader", "vmbo kader"] and fake.heard[3] == "16"
    judged = report.judge(conv, catalog)
    v = judged.verdict
    assert v.max_repeat == 2 and v.empty == 0 and not v.wrong_language and v.nothing_fits and v.ok
    bare = report.judge(dataclasses.replace(conv, payload={"type": "recommendations", "items": []}), catalog)
    assert bare.verdict.failures == [
        "advice without any course and without a next step",
        "place told (Zwolle) not in the advice: None",
    ]
    cut = runner.converse(FakeBot(), person(styles.TERSE), max_turns=4, run="t")  # type: ignore[arg-type]
    assert not cut.reached and report.judge(cut, catalog).verdict.failures == ["no advice after 4 turns"]
    assert "p9999" in report.transcript(judged)


def test_pacing_keeps_under_the_senders_limit():
    bucket = runner._Bucket(runner.Pace(per_minute=600, burst=3))  # 10/s: quick to test
    started = time.monotonic()
    for _ in range(6):
        bucket.wait()
    assert time.monotonic() - started >= 0.3  # 2 from the burst, then about 1/9 s each


def test_the_introduction_again_in_a_later_turn_fails_the_bar_unless_greeted():
    intro = "Hoi! Ik ben Kansrijk, een chatbot (geen mens). ..."
    assert checks.intro_again([("hoi", [intro]), ("23 jaar", [intro, "Welke school?"])]) == 1
    assert checks.intro_again([("bbl", [intro]), ("hallo?", [intro]), ("16", ["Welke school?"])]) == 0


def test_a_parent_speaks_for_their_child():
    """One pupil in four is a parent chatting for them: the opening says so and the facts are in the third person."""
    people = population.population(200, 7)
    parents = [p for p in people if PARENT in p.tags]
    assert parents and all(p.goal.pupil for p in parents) and len(parents) < len([p for p in people if p.goal.pupil])
    agent = Agent(parents[0])
    assert re.search(r"voor mijn (?:dochter|zoon)|for my (?:daughter|son)", agent.opening())
    assert phrases.as_parent("ik ben 15 en elektro lijkt me leuk", "nl", "son") == "hij is 15 en elektro lijkt hem leuk"
    assert phrases.as_parent("I'm 15, I live in Breda", "en", "daughter") == "she is 15, she lives in Breda"
