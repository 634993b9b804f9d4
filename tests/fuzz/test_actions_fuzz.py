"""Every custom action, run with hostile conversation state: random and hostile slot values and latest messages.

The tracker is built from dicts as Rasa sends it (tests/test_actions.py does the same for the happy paths). An
action must never raise; it returns well-formed events, and an action that answers the user says something.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import pkgutil
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions
from actions.advising import ActionCompare, ActionTellMore
from actions.meta import ActionClarify
from bot.paths import ROOT
from bot.profile import DUTCH_LEVELS, EDUCATION, ROUTES, START_WISHES, VMBO_PROFILES

from .cases import JSON_VALUES, bounded, texts

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
SLOTS = sorted(DOMAIN["slots"]) + ["requested_slot"]
# Actions whose job is filling slots; every other action answers the user.
# Silent by design: the extraction and the form validation, and the side answer when a message asked nothing else.
SILENT = {
    "action_extract_profile",
    "validate_intake_form",
    "action_answer_side",
    "action_restart_conversation",
}  # restarts only when the words ask for it; the intake form follows


def custom_actions() -> list[type[Action]]:
    """Every action class of our package, as Rasa SDK finds them: subclasses of Action (also those made in a loop,
    such as actions.intake.ASK_ACTIONS, which are no module attributes)."""
    for module in pkgutil.iter_modules(actions.__path__):
        importlib.import_module(f"actions.{module.name}")
    found = {}
    todo = list(Action.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("actions.") and not inspect.isabstract(cls):
            found[cls().name()] = cls
    return [found[name] for name in sorted(found)]


ACTIONS = custom_actions()
NUMBERS = st.one_of(
    st.integers(-(10**6), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["16", "16.0", "-3", "1e308", "nan", "inf", "zestien", "٣٥", ""]),
)
PLAUSIBLE = {
    "language": st.sampled_from(["nl", "en", "de", "", "EN"]),
    "education": st.sampled_from(list(EDUCATION) + ["unknown", "vmbo", "VMBO_KB"]),
    "vmbo_profile": st.sampled_from(list(VMBO_PROFILES) + ["unknown", "pie"]),
    "route": st.sampled_from(list(ROUTES) + ["unknown", "BBL"]),
    "start_wish": st.sampled_from(list(START_WISHES) + ["unknown", "januari"]),
    "dutch_level": st.sampled_from(list(DUTCH_LEVELS) + ["unknown", "a1"]),
    "age": NUMBERS,
    "havo_vwo_year": NUMBERS,
    "place": st.sampled_from(["Zwolle", "'s-Hertogenbosch", "Atlantis", "unknown", ""]),
    "shown_courses": st.lists(st.sampled_from(["25000", "10001", "99999", "", "../x", "1' OR '1'='1"]), max_size=12),
}
# Profile slots are filled by our extractor (bot/understand/) with text, numbers and yes/no: any such value,
# also the wrong kind for the slot. Lists and objects only reach the actions as entity values.
HOSTILE_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), texts(max_size=60)
)
# Slots only Rasa or our own actions set hold what those set: a count, the courses shown, a slot name.
TYPED = {
    "clarify_count": st.one_of(st.none(), st.integers(0, 10**6), st.floats(0, 1e6)),
    "shown_courses": st.one_of(st.none(), PLAUSIBLE["shown_courses"]),
    "requested_slot": st.one_of(st.none(), st.sampled_from(SLOTS + ["nonexistent"])),
}  # set by Rasa's form
INTENTS = st.sampled_from(DOMAIN["intents"] + ["nlu_fallback", "restart", "", "no_such_intent"])
ENTITY = st.fixed_dictionaries(
    {
        "entity": st.sampled_from(DOMAIN["entities"] + ["nonexistent"]),
        "value": st.one_of(texts(max_size=40), JSON_VALUES, st.sampled_from(["1", "2", "nl", "en", "Autotechnicus"])),
    },
    optional={"start": st.integers(-5, 2000), "end": st.integers(-5, 2000), "confidence_entity": st.floats(0, 1)},
)


def slot_values() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            name: TYPED[name]
            if name in TYPED
            else st.one_of(PLAUSIBLE[name], HOSTILE_VALUE)
            if name in PLAUSIBLE
            else HOSTILE_VALUE
            for name in SLOTS
        },
    )


@st.composite
def trackers(draw) -> Tracker:
    slots = draw(slot_values())
    text = draw(st.one_of(texts(), st.none()))
    latest = {
        "text": text,
        "intent": {"name": draw(INTENTS), "confidence": draw(st.floats(0, 1))},
        "entities": draw(st.lists(ENTITY, max_size=4)),
    }
    # Slots set in this turn come last in the events: that is what a form validates (Tracker.slots_to_validate).
    recent = draw(st.lists(st.sampled_from(sorted(slots)), unique=True)) if slots else []
    events = [{"event": "user", "text": text, "parse_data": latest}] + [
        {"event": "slot", "name": name, "value": slots[name]} for name in recent
    ]
    active_loop = draw(st.sampled_from([{}, {"name": "intake_form"}]))
    return Tracker(
        sender_id="fuzz",
        slots=slots,
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop=active_loop,
        latest_action_name="action_listen",
    )


@pytest.fixture(scope="module", autouse=True)
def _stores(catalog_path, tmp_path_factory):
    """The test catalogue, and a state store of this module's own (action_give_code writes codes there)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KANSRIJK_CATALOG_DB", str(catalog_path))
        patch.setenv("KANSRIJK_STATE_DB", str(tmp_path_factory.mktemp("state") / "state.db"))
        yield


def test_every_custom_action_is_covered():
    assert {cls().name() for cls in ACTIONS} >= {a if isinstance(a, str) else next(iter(a)) for a in DOMAIN["actions"]}


@pytest.mark.parametrize("action_class", ACTIONS, ids=lambda cls: cls().name())
@bounded(30)
@given(tracker=trackers())
def test_action_survives_hostile_state(action_class, tracker):
    action = action_class()
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    assert isinstance(events, list)
    for event in events:
        assert isinstance(event, dict) and isinstance(event.get("event"), str), event
        if event["event"] == "slot":
            assert event.get("name") in SLOTS, event
    json.dumps([events, dispatcher.messages], allow_nan=False)  # what the action server must send back
    for message in dispatcher.messages:
        assert (message.get("text") or "").strip() or message.get("custom") or message.get("response"), message
    handed_on = any(event.get("event") == "followup" for event in events)  # e.g. an answer, not a course look-up
    if action.name() not in SILENT and not handed_on:
        assert dispatcher.messages, f"{action.name()} said nothing"


@pytest.mark.parametrize(
    "text,shown",
    [
        ("vertel meer over de derde", ["25000"]),
        ("tell me about the first", []),
        ("vergelijk de eerste en de laatste", None),
    ],
)
def test_an_ordinal_beyond_the_courses_shown_is_asked_about(text, shown):
    """Found by the fuzz: 'de derde' with fewer than three courses shown raised IndexError (an apology to the user)."""
    for action in (ActionTellMore(), ActionCompare()):
        tracker = Tracker(
            sender_id="fuzz",
            slots={"shown_courses": shown},
            events=[],
            paused=False,
            followup_action=None,
            latest_message={"text": text, "intent": {"name": "ask_more"}, "entities": []},
            active_loop={},
            latest_action_name="action_listen",
        )
        dispatcher = CollectingDispatcher()
        assert asyncio.run(action.run(dispatcher, tracker, {})) == []
        assert dispatcher.messages[0]["text"]


def test_a_clarification_is_not_repeated_within_one_turn():
    """Found by the fuzz: "welke opleidingen passen bij mij" during the intake left only the core fallback, which
    predicted action_clarify ten times in a row (ten messages, then Rasa's circuit breaker)."""

    def run(latest_action: str):
        tracker = Tracker(
            sender_id="fuzz",
            slots={"clarify_count": 1},
            events=[],
            paused=False,
            followup_action=None,
            latest_message={
                "text": "welke opleidingen passen bij mij",
                "intent": {"name": "ask_recommendations"},
                "entities": [],
            },
            active_loop={"name": "intake_form"},
            latest_action_name=latest_action,
        )
        dispatcher = CollectingDispatcher()
        return asyncio.run(ActionClarify().run(dispatcher, tracker, {})), dispatcher.messages

    events, messages = run("intake_form")
    assert messages and events == [{"event": "slot", "timestamp": None, "name": "clarify_count", "value": 2}]
    events, messages = run("action_clarify")
    assert not messages and events == [{"event": "followup", "timestamp": None, "name": "action_listen"}]
