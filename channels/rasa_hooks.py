"""Where Rasa 3.6.21 hides failures from the channel, made visible for the edge (and one hot spot).

Out of the box a custom action that fails or hangs (300 s timeout) and a tracker store that fails
(silent fall-back to memory) both end in an empty or partial reply with HTTP 200 and a log line
only (../shared/research/perf-reliability-security.md §2.2, §2.3). Rasa 3.6 offers no hook for
either, so this module wraps `RemoteAction.run` and sets the fail-safe tracker store's error
callback. Both report into the `TurnState` of the turn that is running (a context variable, so
concurrent conversations never see each other's failures). Applied once, on import of
`channels.edge`.

It also validates action-server replies against a schema compiled once: Rasa calls
`jsonschema.validate`, which re-checks the schema itself on every call; py-spy put that at about a
quarter of the Rasa server's CPU per chat turn (README, chat benchmark).
"""

from __future__ import annotations

import contextvars
import dataclasses
import logging
from dataclasses import dataclass, field
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import best_match
import rasa
from rasa.core.actions import action as rasa_action

from . import rasa_speedups

logger = logging.getLogger(__name__)


@dataclass
class TurnState:
    action_failures: list[str] = field(default_factory=list)
    store_failures: list[str] = field(default_factory=list)


CURRENT_TURN: contextvars.ContextVar[TurnState | None] = contextvars.ContextVar("kansrijk_turn", default=None)

_original_run = rasa_action.RemoteAction.run
_installed = False


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
    """Send the action server only this turn's events, not the whole conversation.

    Our actions read slots and the latest message; the form validation reads the slot events of the
    current turn. Rasa sends every event since the session started, so each turn grew with the
    conversation (../shared/research/perf-reliability-security.md §1.2); this keeps the request the same size at message
    1 and 200.
    """
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import EventVerbosity

    state = tracker.current_state(EventVerbosity.NONE) if tracker.active_loop is None else _state_with_loop(tracker)
    events = list(tracker.events)
    start = next((i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), 0)
    state["events"] = [event.as_dict() for event in events[start:]]
    result = {"next_action": self.name(), "sender_id": tracker.sender_id, "tracker": state,
              "version": rasa.__version__}
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
        shell = {**schema, "properties": {**schema["properties"], "events": {
            **schema["properties"]["events"], "items": {k: v for k, v in items.items() if k != "oneOf"}}}}
        self.shell = self.full.__class__(shell)
        self.by_event = {name: self.full.__class__(alt) for name, alt in by_event.items()}

    def error(self, result: Any) -> Any:
        if self.fast and self.shell.is_valid(result) and all(
                isinstance(event.get("event"), str) and event["event"] in self.by_event
                and self.by_event[event["event"]].is_valid(event) for event in result.get("events") or []):
            return None
        return best_match(self.full.iter_errors(result))


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Same check and same error as Rasa's, with the validator built once instead of per call."""
    global _response_validator
    if _response_validator is None:
        _response_validator = _ResponseValidator(self.action_response_format_spec())
    error = _response_validator.error(result)
    if error is not None:
        error.message += (". Failed to validate Action server response from API, make sure your response "
                          "from the Action endpoint is valid.")
        raise error
    return True


def install(action_timeout_seconds: float) -> None:
    """Bound every custom-action call and make its failures visible; idempotent."""
    global _installed
    # RemoteAction.run reads this module global on each call (rasa/core/actions/action.py:783).
    rasa_action.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds
    if not _installed:
        rasa_action.RemoteAction.run = _guarded_run  # type: ignore[method-assign]
        rasa_action.RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
        rasa_action.RemoteAction._action_call_format = _action_call_format  # type: ignore[method-assign]
        rasa_speedups.install()
        _installed = True


def _on_store_error(error: Exception) -> None:
    turn = CURRENT_TURN.get()
    logger.error("tracker store failed: %s", type(error).__name__)
    if turn is not None:
        turn.store_failures.append(type(error).__name__)


def watch_tracker_store(agent: Any) -> None:
    """Report tracker-store errors to the running turn instead of only falling back to memory."""
    store = getattr(agent, "tracker_store", None)
    if store is not None and hasattr(store, "_on_tracker_store_error"):
        store._on_tracker_store_error = _on_store_error
