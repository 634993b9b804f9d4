"""Custom-action calls: bounded, failures visible to the edge, smaller requests, cheaper checks (Rasa 3.6.21).

Out of the box a custom action that fails or hangs (300 s timeout) ends in an empty or partial reply with HTTP
200 and a log line only (../shared/research/perf-reliability-security.md §2.2). Rasa 3.6 offers no hook for it:
`action_timeout` sets the module global `RemoteAction.run` reads for its timeout, and `action_guard` wraps
`RemoteAction.run` to report a failure into the `TurnState` of the running turn (`rasa_patches.turn`), which
the edge turns into an apology.

`action_call_slim` sends the action server this turn's events only; `response_validator` validates its replies
against a schema compiled once: Rasa calls `jsonschema.validate`, which re-checks the schema itself on every
call; py-spy put that at about a quarter of the Rasa server's CPU per chat turn (README, chat benchmark).

Applied by `rasa_patches.install` (see `swaps`), never on import.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

import rasa
from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions import action as rasa_action
from rasa.shared.constants import DOCS_BASE_URL

from .turn import CURRENT_TURN

logger = logging.getLogger(__name__)

_original_run = vars(rasa_action.RemoteAction)["run"]  # imported before any install: Rasa's own


async def _guarded_run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> Any:
    turn = CURRENT_TURN.get()
    if turn is not None and turn.action_failures:
        # The action server already failed in this turn: fail fast instead of waiting out another timeout.
        raise rasa_action.RasaException(f"skipped '{self.name()}': the action server failed earlier in this turn")
    try:
        return await _original_run(self, output_channel, nlg, tracker, domain)
    except rasa_action.ActionExecutionRejection:
        raise  # a form rejecting input is normal dialogue, not a failure
    except BaseException as err:
        if turn is not None:
            turn.action_failures.append(f"{self.name()}: {type(err).__name__}")
        raise


_response_validator: Any = None


def _action_call_format(self: Any, tracker: Any, domain: Any) -> dict[str, Any]:
    """Send the action server only this turn's events, and the bot's last message before it, not the whole
    conversation.

    Our actions read slots and the latest message; the form validation reads the slot events of the
    current turn, and the introduction (actions.common.first_turn) whether the bot has spoken before. Rasa sends every
    event since the session started, so each turn grew with the conversation
    (../shared/research/perf-reliability-security.md §1.2); this keeps the request the same size at message 1 and 200.
    """
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import EventVerbosity

    state = tracker.current_state(EventVerbosity.NONE) if tracker.active_loop is None else _state_with_loop(tracker)
    events = list(tracker.events)
    start = next((i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), 0)
    spoken = next((events[i] for i in range(start - 1, -1, -1) if isinstance(events[i], BotUttered)), None)
    state["events"] = [event.as_dict() for event in ([spoken] if spoken else []) + events[start:]]
    result = {"next_action": self.name(), "sender_id": tracker.sender_id, "tracker": state, "version": rasa.__version__}
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(self.name()):
        result["domain"] = domain.as_dict()
    return result


def _state_with_loop(tracker: Any) -> dict[str, Any]:
    """`tracker.current_state(EventVerbosity.NONE)` without deep-copying the active form's trigger message.

    `dataclasses.asdict` copies that whole parse result recursively: 5.6 % of the Rasa server's CPU
    (py-spy) for a dict that is only serialised to JSON. The keys and values are the same.
    """
    from rasa.shared.core.trackers import EventVerbosity

    loop = tracker.active_loop
    tracker.active_loop = None
    try:
        state = tracker.current_state(EventVerbosity.NONE)
    finally:
        tracker.active_loop = loop
    state["active_loop"] = {field.name: getattr(loop, field.name) for field in dataclasses.fields(loop)}
    return state


class _ResponseValidator:
    """Rasa's action-response schema, checked in the same way but without trying every event type on every event.

    The schema says each event is `oneOf` 23 event schemas, told apart by their `event` constant, so
    jsonschema tries all 23 per event: 5 % of the Rasa server's CPU (py-spy). An event is valid under
    `oneOf` exactly when it is valid under the one schema with its constant, so that is what the fast
    path checks. Anything it does not accept goes through the full schema, for Rasa's own error.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.full = validators.validator_for(schema)(schema)
        items = schema["properties"]["events"]["items"]
        alternatives = items.get("oneOf", [])
        by_event = {alt.get("properties", {}).get("event", {}).get("const"): alt for alt in alternatives}
        self.fast = "event" in items.get("required", []) and None not in by_event and len(by_event) == len(alternatives)
        shell = {
            **schema,
            "properties": {
                **schema["properties"],
                "events": {**schema["properties"]["events"], "items": {k: v for k, v in items.items() if k != "oneOf"}},
            },
        }
        self.shell = self.full.__class__(shell)
        self.by_event = {name: self.full.__class__(alt) for name, alt in by_event.items()}

    def error(self, result: Any) -> Any:
        if (
            self.fast
            and self.shell.is_valid(result)
            and all(
                isinstance(event.get("event"), str)
                and event["event"] in self.by_event
                and self.by_event[event["event"]].is_valid(event)
                for event in result.get("events") or []
            )
        ):
            return None
        return best_match(self.full.iter_errors(result))


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Same check and same error as Rasa's, with the validator built once instead of per call."""
    global _response_validator
    if _response_validator is None:
        _response_validator = _ResponseValidator(self.action_response_format_spec())
    error = _response_validator.error(result)
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def swaps(name: str, *, action_timeout_seconds: float | None = None) -> list[tuple[Any, str, Any]]:
    """What each patch of this module replaces (rasa_patches.install applies and reverts them)."""
    remote = rasa_action.RemoteAction
    table: dict[str, Callable[[], list[tuple[Any, str, Any]]]] = {
        # RemoteAction.run reads this module global on each call (rasa/core/actions/action.py:783).
        "action_timeout": lambda: [(rasa_action, "DEFAULT_REQUEST_TIMEOUT", action_timeout_seconds)],
        "action_guard": lambda: [(remote, "run", _guarded_run)],
        "action_call_slim": lambda: [(remote, "_action_call_format", _action_call_format)],
        "response_validator": lambda: [(remote, "_validate_action_result", _validate_action_result)],
    }
    return table[name]()
