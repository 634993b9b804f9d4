"""Where Rasa 3.6.21 hides failures from the channel, made visible for the edge (and one hot spot).

Out of the box a custom action that fails or hangs (300 s timeout) and a tracker store that fails
(silent fall-back to memory) both end in an empty or partial reply with HTTP 200 and a log line
only (shared/research/perf-reliability-security.md §2.2, §2.3). Rasa 3.6 offers no hook for
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
    conversation (research notes §1.2); this keeps the request the same size at message 1 and 200.
    """
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import EventVerbosity

    state = tracker.current_state(EventVerbosity.NONE)
    events = list(tracker.events)
    start = next((i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), 0)
    state["events"] = [event.as_dict() for event in events[start:]]
    result = {"next_action": self.name(), "sender_id": tracker.sender_id, "tracker": state,
              "version": rasa.__version__}
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(self.name()):
        result["domain"] = domain.as_dict()
    return result


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Same check and same error as Rasa's, with the validator built once instead of per call."""
    global _response_validator
    if _response_validator is None:
        schema = self.action_response_format_spec()
        _response_validator = validators.validator_for(schema)(schema)
    error = best_match(_response_validator.iter_errors(result))
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
