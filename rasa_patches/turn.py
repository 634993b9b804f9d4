"""What the patches report about the turn that is running, for the channel edge (no Rasa import).

The edge sets a fresh `TurnState` in `CURRENT_TURN` around each message; the `action_guard` and `store_errors`
patches append to it when a custom action or the tracker store fails. A context variable, so concurrent
conversations never see each other's failures. With those patches off nothing is appended: the edge then only
sees what Rasa itself shows (an empty reply, an exception, the turn timeout).
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field


@dataclass
class TurnState:
    action_failures: list[str] = field(default_factory=list)
    store_failures: list[str] = field(default_factory=list)


CURRENT_TURN: contextvars.ContextVar[TurnState | None] = contextvars.ContextVar("kansrijk_turn", default=None)
