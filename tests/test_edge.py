"""The channel edge without a Rasa server: limits, journal, and every hidden failure made visible."""

from __future__ import annotations

import asyncio
import json
import types
from pathlib import Path

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

import rasa_patches
from bot.journal import ANSWERED, FAILED, REFUSED, Journal
from bot.settings import EdgeSettings
from channels import edge as edge_module
from channels.edge import Edge, clean_text
from channels.rate_limit import TokenBuckets
from rasa_patches import actions as action_patches
from rasa_patches import speedups
from rasa_patches.turn import CURRENT_TURN


def make_edge(tmp_path: Path, **overrides: object) -> Edge:
    config = EdgeSettings(**{"turn_timeout_seconds": 0.5, **overrides})  # type: ignore[arg-type]
    return Edge(config, Journal(tmp_path / "state.db"))


def replying(*texts: str, custom: dict | None = None, delay: float = 0.0):
    async def on_new_message(message: UserMessage) -> None:
        await asyncio.sleep(delay)
        if custom is not None:
            await message.output_channel.send_response(message.sender_id, {"custom": custom})
        for text in texts:
            await message.output_channel.send_response(message.sender_id, {"text": text})

    return on_new_message


def send(edge: Edge, text: object, on_new_message, sender: object = "s1", **kwargs: object):
    out = CollectingOutputChannel()
    outcome = asyncio.run(
        edge.handle(
            channel="rest",
            sender_id=sender,
            text=text,
            client="127.0.0.1",
            output=out,
            on_new_message=on_new_message,
            **kwargs,
        )
    )
    return outcome, [m.get("text") for m in out.messages]


def test_normal_turn_is_journalled_as_answered(tmp_path):
    edge = make_edge(tmp_path)
    outcome, texts = send(edge, "hoi", replying("Hoi!"))
    assert (outcome.status, outcome.http_status, texts) == ("answered", 200, ["Hoi!"])
    [entry] = edge.journal.entries("s1")
    assert (entry.status, entry.replies, entry.chars) == (ANSWERED, 1, 3)


@pytest.mark.parametrize("sender", [None, "", "x" * 129, "../../etc/passwd", "a b", 12, "ïd", "default\n", "a\nb"])
def test_bad_sender_ids_are_invalid_and_never_reach_rasa(tmp_path, sender):
    outcome, texts = send(make_edge(tmp_path), "hoi", replying("never"), sender=sender)
    assert (outcome.status, outcome.http_status, texts) == ("invalid", 400, [])


@pytest.mark.parametrize("text", [None, 5, ["hoi"], {"text": "hoi"}])
def test_non_text_messages_are_invalid(tmp_path, text):
    assert send(make_edge(tmp_path), text, replying("never"))[0].status == "invalid"


def test_too_long_is_refused_before_the_nlu_with_a_journal_entry(tmp_path):
    edge = make_edge(tmp_path, max_message_chars=20)
    outcome, texts = send(edge, "ik wil graag iets met auto's doen", replying("never"))
    assert (outcome.status, outcome.http_status) == ("refused", 200)
    assert "te lang" in texts[0] and "20" in texts[0]
    assert [e.status for e in edge.journal.entries("s1")] == [REFUSED]


def test_rate_limit_per_sender_refuses_with_429_and_other_senders_go_on(tmp_path):
    edge = make_edge(tmp_path, sender_burst=3, sender_per_minute=1)
    results = [send(edge, "hoi", replying("ok"))[0].status for _ in range(5)]
    assert results == ["answered"] * 3 + ["refused"] * 2
    assert send(edge, "hoi", replying("ok"), sender="other")[0].status == "answered"
    outcome, texts = send(edge, "hello there how are you", replying("ok"))
    assert outcome.http_status == 429 and texts == [
        "Slow down a little, you are sending many messages in a row. Wait a moment and try again."
    ]


def test_rate_limit_per_client_address(tmp_path):
    edge = make_edge(tmp_path, client_burst=2, client_per_minute=1)
    statuses = [send(edge, "hoi", replying("ok"), sender=f"s{i}")[0].status for i in range(3)]
    assert statuses == ["answered", "answered", "refused"]


def test_token_buckets_refill_and_stay_bounded():
    buckets = TokenBuckets(per_minute=60, burst=1, max_keys=10)
    assert buckets.allow("a", 0.0) and not buckets.allow("a", 0.5) and buckets.allow("a", 1.6)
    for i in range(100):
        buckets.allow(f"k{i}", 2.0)
    assert len(buckets._buckets) == 10


def test_provider_redelivery_is_processed_once(tmp_path):
    edge = make_edge(tmp_path)
    calls: list[str] = []

    async def on_new_message(message: UserMessage) -> None:
        calls.append(message.text)
        await message.output_channel.send_response(message.sender_id, {"text": "ok"})

    first = send(edge, "hoi", on_new_message, client_message_id="SM1")[0]
    again = send(edge, "hoi", on_new_message, client_message_id="SM1")[0]
    assert (first.status, again.status, calls) == ("answered", "duplicate", ["hoi"])


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("/start_over", "start_over"),
        ('/inform{"age": "99"}', 'inform{"age": "99"}'),
        ("  //restart", "restart"),
        ('/ /inform{"age": "13"}', 'inform{"age": "13"}'),  # found by tests/fuzz: one lstrip left "/inform..."
        ("/\x00/session_start", "session_start"),
        ("/\n/ /restart", "restart"),
        ("hi\x00there", "hi there"),
        ("a\ud800b", "a?b"),
        ("zeg\u0301", "zeǵ"),
        ("regel 1\nregel 2", "regel 1\nregel 2"),
    ],
)
def test_clean_text_forces_no_intent_and_drops_control_characters(raw, cleaned):
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize(
    "metadata, kept",
    [
        ({"language": "en", "page": "/opleidingen"}, True),
        ({"blob": "x" * 5000}, False),  # Rasa would store it several times per message
        (json.loads('{"a":' * 50 + "1" + "}" * 50), False),  # deep nesting ended the turn in a RecursionError
        (["not", "an", "object"], False),
        (None, False),
    ],
)
def test_only_small_shallow_metadata_reaches_rasa(metadata, kept):
    assert edge_module.small_metadata(metadata) == (metadata if kept else None)


def test_rasa_sees_the_cleaned_text(tmp_path):
    seen: list[str] = []

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message.text)
        await message.output_channel.send_response(message.sender_id, {"text": "ok"})

    send(make_edge(tmp_path), "/start_over", on_new_message)
    assert seen == ["start_over"]


def test_empty_reply_becomes_an_apology_with_a_correlation_id(tmp_path):
    edge = make_edge(tmp_path)
    outcome, texts = send(edge, "🙂", replying())
    assert outcome.status == "failed" and outcome.reason == "empty"
    assert outcome.correlation_id in texts[0] and "Sorry" in texts[0]
    assert edge.journal.entries("s1")[0].status == FAILED


def test_a_turn_over_the_time_budget_is_answered_with_an_apology(tmp_path):
    edge = make_edge(tmp_path, turn_timeout_seconds=0.2)
    outcome, texts = send(edge, "hoi hallo", replying("te laat", delay=2))
    assert (outcome.status, outcome.reason) == ("failed", "timeout")
    assert texts == [edge_module.SORRY.nl.format(cid=outcome.correlation_id)]


def test_an_exception_in_the_turn_is_answered_not_raised(tmp_path):
    async def broken(message: UserMessage) -> None:
        raise RuntimeError("boom")

    outcome, texts = send(make_edge(tmp_path), "hoi", broken)
    assert outcome.reason == "error:RuntimeError" and len(texts) == 1


def test_the_journal_database_down_is_an_apology_with_a_code_not_an_error(tmp_path, monkeypatch):
    """PostgreSQL down (several servers): the journal cannot record the message. The edge answers with its
    apology and a code instead of failing the request (tests/cluster/test_faults.py shows it on a real outage)."""
    edge = make_edge(tmp_path)

    def down(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("database down")

    monkeypatch.setattr(edge.journal, "accept", down)
    called = []
    outcome, texts = send(edge, "hoi", lambda message: called.append(message))
    assert (outcome.status, outcome.http_status, outcome.reason) == ("failed", 200, "journal")
    assert texts == [edge_module.SORRY.nl.format(cid=outcome.correlation_id)] and not called
    monkeypatch.undo()
    monkeypatch.setattr(edge.journal, "finish", down)  # down after the turn: the reply still goes out
    outcome, texts = send(edge, "hoi", replying("Hoi!"))
    assert (outcome.status, texts) == ("answered", ["Hoi!"])
    monkeypatch.setattr(edge.journal, "refuse", down)
    outcome, texts = send(edge, "x" * 5000, replying("Hoi!"))
    assert outcome.reason == "too_long" and outcome.correlation_id and texts


def test_failed_action_is_reported_even_when_other_replies_came(tmp_path):
    async def action_failed(message: UserMessage) -> None:
        CURRENT_TURN.get().action_failures.append("action_recommend: TimeoutError")
        await message.output_channel.send_response(message.sender_id, {"text": "Waar woon je?"})

    outcome, texts = send(make_edge(tmp_path), "hoi", action_failed)
    assert outcome.reason == "action:action_recommend: TimeoutError"
    assert texts[0] == "Waar woon je?" and outcome.correlation_id in texts[1]


def test_tracker_store_errors_reach_the_turn_through_the_fail_safe_store(tmp_path, patches_on):
    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    class Broken(InMemoryTrackerStore):
        async def save(self, tracker):
            raise OSError("database is locked")

    agent = types.SimpleNamespace(tracker_store=FailSafeTrackerStore(Broken(Domain.empty())))

    async def on_new_message(message: UserMessage) -> None:
        await agent.tracker_store.save(DialogueStateTracker(message.sender_id, []))
        await message.output_channel.send_response(message.sender_id, {"text": "ok"})

    outcome, texts = send(make_edge(tmp_path), "hoi", on_new_message, agent=agent)
    if patches_on:
        assert outcome.reason == "tracker_store" and len(texts) == 2
    else:  # Rasa's own: a log line and a silent fall-back to memory; the edge cannot see it
        assert (outcome.status, texts) == ("answered", ["ok"])


def test_a_failing_action_is_an_apology_with_or_without_the_action_guard(tmp_path, patches_on):
    """With the guard the edge names the failed action; without it Rasa swallows the error (as its processor
    does) and the edge only sees that nothing was said: still an apology, with a vaguer reason."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    async def processor(message: UserMessage) -> None:
        action = RemoteAction("action_recommend", EndpointConfig("http://127.0.0.1:9/webhook"))  # nobody listens
        try:
            await action.run(message.output_channel, None, DialogueStateTracker(message.sender_id, []), Domain.empty())
        except Exception:  # rasa.core.processor logs a failed action and carries on
            pass
        for session in list(speedups._sessions.values()):  # the kept-alive session of `shared_session`
            await session.close()

    outcome, texts = send(make_edge(tmp_path), "hoi", processor)
    assert outcome.status == "failed" and texts == [edge_module.SORRY.nl.format(cid=outcome.correlation_id)]
    assert outcome.reason == ("action:action_recommend: RasaException" if patches_on else "empty")


def test_erase_marker_is_never_shown_and_erases_after_the_turn(tmp_path, monkeypatch):
    erased: list[str] = []
    monkeypatch.setattr(edge_module.privacy, "forget", lambda sender, **kw: erased.append(sender))
    outcome, texts = send(
        make_edge(tmp_path), "verwijder mijn gegevens", replying(custom=edge_module.privacy.erase_marker("en"))
    )
    assert (outcome.status, erased, texts) == ("answered", ["s1"], [edge_module.privacy.ERASED.en])


def test_a_failed_erase_is_told_with_its_code(tmp_path, monkeypatch):
    def broken(sender: str, **kw: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(edge_module.privacy, "forget", broken)
    outcome, texts = send(make_edge(tmp_path), "wis alles", replying(custom=edge_module.privacy.erase_marker("nl")))
    assert (outcome.status, outcome.reason) == ("failed", "erase")
    assert texts == [f"{edge_module.privacy.ERASE_FAILED.nl} {outcome.correlation_id}"]


def test_interrupted_turns_are_closed_as_failed_on_start(tmp_path):
    journal = Journal(tmp_path / "state.db")
    journal.accept("rest", "s1", 3)
    Edge(EdgeSettings(), journal)
    assert [(e.status, e.reason) for e in journal.entries("s1")] == [(FAILED, "interrupted")]


def test_action_replies_are_validated_like_rasa_does(patches_on):
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    action = RemoteAction("action_x", None)
    assert (RemoteAction._validate_action_result is action_patches._validate_action_result) == patches_on
    assert action._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}], "responses": []})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": [{"no_event_key": 1}]})


@pytest.mark.parametrize(
    "raw, redacted",
    [
        ("mail me op jan.de.vries@school.nl aub", "mail me op [e-mail] aub"),
        ("bel 06-12345678 of +31 6 1234 5678", "bel [telefoonnummer] of [telefoonnummer]"),
        ("ik ben 16 en begin 01-09-2027, crebo 25180", "ik ben 16 en begin 01-09-2027, crebo 25180"),
    ],
)
def test_contact_details_are_never_passed_on(raw, redacted):
    assert edge_module.redact(raw) == redacted


def test_the_action_server_gets_only_this_turns_events_and_the_bots_last_message(patches_on):
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_dict({"slots": {"age": {"type": "any", "mappings": [{"type": "custom"}]}}})
    history = [e for i in range(100) for e in (UserUttered(f"bericht {i}"), BotUttered(f"antwoord {i}"))]
    tracker = DialogueStateTracker.from_events(
        "s1", history + [UserUttered("ik ben 16"), SlotSet("age", "16"), ActionExecuted("action_listen")], domain.slots
    )
    call = RemoteAction("action_x", None)._action_call_format(tracker, domain)
    rasas = rasa_patches.original(RemoteAction, "_action_call_format")(RemoteAction("action_x", None), tracker, domain)
    if patches_on:
        # (the bot's last message tells actions.common.first_turn that this is no first turn: no introduction)
        assert [e["event"] for e in call["tracker"]["events"]] == ["bot", "user", "slot", "action"]
        assert call["tracker"]["events"] == rasas["tracker"]["events"][-4:]
        assert call["tracker"]["events"][0]["text"] == "antwoord 99"
    else:
        assert call == rasas and len(call["tracker"]["events"]) == 203
    assert {k: v for k, v in call["tracker"].items() if k != "events"} == {
        k: v for k, v in rasas["tracker"].items() if k != "events"
    }
    assert call["tracker"]["slots"]["age"] == "16" and call["tracker"]["latest_message"]["text"] == "ik ben 16"
    assert call["sender_id"] == "s1" and call["next_action"] == "action_x" and "domain" in call


def test_the_action_call_state_during_a_form_equals_rasas(patches_on):
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

    domain = Domain.from_dict(
        {
            "slots": {"age": {"type": "any", "mappings": [{"type": "custom"}]}},
            "forms": {"intake_form": {"required_slots": ["age"]}},
        }
    )
    tracker = DialogueStateTracker.from_events(
        "s1",
        [
            UserUttered("ik ben 16", {"name": "inform", "confidence": 0.9}, [{"entity": "age", "value": "16"}]),
            ActiveLoop("intake_form"),
            SlotSet("age", "16"),
        ],
        domain.slots,
    )
    assert tracker.active_loop is not None
    call = RemoteAction("action_x", None)._action_call_format(tracker, domain)["tracker"]
    expected = tracker.current_state(EventVerbosity.NONE)
    assert {k: v for k, v in call.items() if k != "events"} == {k: v for k, v in expected.items() if k != "events"}
    assert tracker.active_loop is not None and tracker.active_loop.name == "intake_form"


RESPONSES = [
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "age", "value": 16},
            {"event": "action", "name": "x"},
            {"event": "active_loop", "name": None},
            {"event": "followup", "name": "action_y"},
        ],
        "responses": [{"text": "hoi"}, {"custom": {"type": "recommendations", "items": []}}],
    },
    {"events": [{"event": "slot", "name": "age", "value": 16, "timestamp": None}]},
    {},
    {"events": [{"event": "slot"}]},  # no name
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "age"}]},  # no event type
    {"events": [{"event": "slot", "name": 5}]},
    {"events": "not a list"},
    {"events": [["slot"]]},
    {"responses": ["text"]},
    [],
    "text",
]


@pytest.mark.parametrize("response", RESPONSES)
def test_the_fast_response_check_agrees_with_the_full_schema(response, patches_on):
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    full = validators.validator_for(spec)(spec)
    checker = action_patches._ResponseValidator(spec)
    assert checker.fast
    assert (checker.error(response) is None) == full.is_valid(response)

    def outcome(validate):  # True, or the error Rasa would log
        try:
            return validate(RemoteAction("action_x", None), response)
        except ValidationError as err:
            return err.message

    assert outcome(RemoteAction._validate_action_result) == outcome(
        rasa_patches.original(RemoteAction, "_validate_action_result")
    )
