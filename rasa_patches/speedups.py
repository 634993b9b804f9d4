"""Per-turn costs of Rasa 3.6.21 that buy nothing for a single-process bot (README, chat benchmark).

- Every NLU parse and every next-action prediction runs the model graph through `dask.get`, after
  working out the graph's minimal sub-schema again. Dask's scheduler bookkeeping was about 8 % of the
  Rasa server's CPU in py-spy. `run_graph` computes the same nodes in the same dependency order in
  plain Python, with the sub-schema kept per set of targets.
- Each call to the action server opens a new aiohttp session and TCP connection (both ends pay for
  it). `shared_session` keeps one session with keep-alive connections per event loop instead; idle
  connections close after 2 s, before the action server's own 5 s keep-alive limit, so a request never
  goes out on a connection the server is about to drop.
- Every next-action prediction, RulePolicy and MemoizationPolicy each replay the whole session event
  by event to list the dialogue state before every action (`Domain.states_for_tracker_history`):
  about 11 % of the Rasa server's CPU, growing with the length of the conversation. `PriorStates`
  keeps, per tracker, the replay and the states it produced; the next call replays only the events
  added since, as long as the events applied before are still exactly the same objects in the same
  order (an undo, a restart or a new tracker object means a full replay, as before). Both policies
  share it; each then applies its own filtering exactly as Rasa does.
- DIET joins the sparse features of each message with `scipy.sparse.hstack`, whose general block
  logic was 6 % of the Rasa server's CPU. `hstack_coo` builds the same COO matrix from the two
  matrices' entries directly.

Each is a named patch (`graph_runner`, `shared_session`, `prior_states`, `sparse_features`; see `swaps`),
applied by `rasa_patches.install` in the Rasa server process only (not during training or `rasa test`), never
on import.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import numpy as np
import scipy.sparse
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner import dask as rasa_dask
from rasa.shared.core import domain as rasa_domain
from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.events import ActionExecuted
from rasa.shared.nlu.training_data import features as rasa_features
from rasa.utils import endpoints as rasa_endpoints

CLIENT_KEEPALIVE_SECONDS = 2.0  # below Sanic's default KEEP_ALIVE_TIMEOUT (5 s) on the action server

_sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.ClientSession] = weakref.WeakKeyDictionary()


def run_graph(self: Any, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
    """`DaskGraphRunner.run` without dask: the same nodes, each once, inputs before the nodes that need them."""
    run_targets = targets if targets else self._graph_schema.target_names
    cache = self.__dict__.setdefault("_kansrijk_graphs", {})
    graph = cache.get(tuple(run_targets))
    if graph is None:
        graph = cache[tuple(run_targets)] = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
    run_graph = dict(graph)
    if inputs:
        self._add_inputs_to_graph(inputs, run_graph)

    results: dict[str, Any] = {}

    def value(name: str) -> Any:
        if name not in results:
            task = run_graph[name]
            if callable(task[0]):  # a node: (GraphNode, *names of the nodes it needs)
                results[name] = task[0](*(value(arg) if arg in run_graph else arg for arg in task[1:]))
            else:  # an input: (input name, value), passed on as it is (as dask does)
                results[name] = task
        return results[name]

    try:
        return dict(value(target) for target in run_targets)
    except RuntimeError as err:
        raise GraphRunError("Error running runner.") from err


@contextlib.asynccontextmanager
async def _shared(session: aiohttp.ClientSession) -> AsyncIterator[aiohttp.ClientSession]:
    yield session  # not closed: the next request reuses its connections


def shared_session(self: Any) -> Any:
    """`EndpointConfig.session` for endpoints without headers or auth: one kept-alive session per loop."""
    if self.headers or self.basic_auth:
        return _original_session(self)
    loop = asyncio.get_running_loop()
    session = _sessions.get(loop)
    if session is None or session.closed:
        connector = aiohttp.TCPConnector(keepalive_timeout=CLIENT_KEEPALIVE_SECONDS)
        session = _sessions[loop] = aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=rasa_endpoints.DEFAULT_REQUEST_TIMEOUT)
        )
    return _shared(session)


_original_session = vars(rasa_endpoints.EndpointConfig)["session"]  # imported before any install: Rasa's own


def hstack_coo(left: Any, right: Any) -> scipy.sparse.coo_matrix:
    """`scipy.sparse.hstack([left, right])` for two sparse matrices with the same number of rows."""
    left, right = left.tocoo(), right.tocoo()
    dtype = np.result_type(left.dtype, right.dtype)
    return scipy.sparse.coo_matrix(
        (
            np.concatenate([left.data.astype(dtype, copy=False), right.data.astype(dtype, copy=False)]),
            (np.concatenate([left.row, right.row]), np.concatenate([left.col, right.col + left.shape[1]])),
        ),
        shape=(left.shape[0], left.shape[1] + right.shape[1]),
    )


def _combine_sparse_features(self: Any, additional_features: Any) -> None:
    """Rasa's `Features._combine_sparse_features` with `hstack_coo`."""
    if self.features.shape[0] != additional_features.features.shape[0]:
        raise ValueError(
            f"Cannot combine sparse features as sequence dimensions do not "
            f"match: {self.features.shape[0]} != {additional_features.features.shape[0]}."
        )
    self.features = hstack_coo(self.features, additional_features.features)
    self._cached_fingerprint = None


@dataclass(frozen=True)
class _Prior:
    """What `states_for_tracker_history` reads from one prior tracker."""

    state: dict[str, dict[str, Any]]
    hide_rule_turn: bool
    prev_action: dict[str, Any] | None
    followup_action: str | None
    latest_action_name: str | None
    active_loop_name: str | None


@dataclass
class _Replay:
    tracker_ref: Any  # weakref to the conversation's tracker
    domain: Any
    applied: list[Any]  # the applied events replayed so far
    priors: list[_Prior]  # one per ActionExecuted in `applied`, then one for the state after all of them
    replay: Any  # a tracker with all of `applied` applied
    events: tuple[int, int]  # _events_key of the tracker when `applied` was taken


def _events_key(tracker: Any) -> tuple[int, int]:
    """Events are only ever appended; a different count or last event means `applied_events()` may differ."""
    return len(tracker.events), id(tracker.events[-1]) if tracker.events else 0


class PriorStates:
    """Per tracker, the prior states computed so far; only events added since the last call are replayed."""

    def __init__(self, max_trackers: int = 256) -> None:
        self.max_trackers = max_trackers
        self._replays: dict[tuple[int, bool], _Replay] = {}
        self.stats: dict[str, int] = {"full": 0, "incremental": 0}

    def priors(self, domain: Any, tracker: Any, omit_unset_slots: bool) -> list[_Prior]:
        key = (id(tracker), omit_unset_slots)
        known = self._replays.pop(key, None)  # re-inserted below: the dict stays in least-recently-used order
        if known is not None and (known.tracker_ref() is not tracker or known.domain is not domain):
            known = None
        if known is not None and known.events == _events_key(tracker):
            applied = known.applied  # nothing happened since: the other policy, or the same prediction again
        else:
            applied = tracker.applied_events()
        if known is not None and (
            applied is known.applied
            or (len(applied) >= len(known.applied) and all(a is b for a, b in zip(known.applied, applied)))
        ):
            self.stats["incremental"] += 1
            priors, replay, new = known.priors[:-1], known.replay, applied[len(known.applied) :]
        else:
            self.stats["full"] += 1
            priors, replay, new = [], tracker.init_copy(), applied
        for event in new:
            if isinstance(event, ActionExecuted):
                priors.append(_prior(domain, replay, event.hide_rule_turn, omit_unset_slots))
            replay.update(event)
        priors.append(_prior(domain, replay, False, omit_unset_slots))
        if len(self._replays) >= self.max_trackers:
            self._replays.pop(next(iter(self._replays)))
        # `applied` is ours: a new list from applied_events(), or the kept one, which is never changed.
        self._replays[key] = _Replay(weakref.ref(tracker), domain, applied, priors, replay, _events_key(tracker))
        return priors


def _prior(domain: Any, tracker: Any, hide_rule_turn: bool, omit_unset_slots: bool) -> _Prior:
    prev_action = domain._get_prev_action_sub_state(tracker)
    return _Prior(
        domain.get_active_state(tracker, omit_unset_slots=omit_unset_slots),
        hide_rule_turn,
        dict(prev_action) if prev_action is not None else None,
        tracker.followup_action,
        tracker.latest_action_name,
        tracker.active_loop_name,
    )


PRIOR_STATES = PriorStates()


def states_for_tracker_history(
    self: Any,
    tracker: Any,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Rasa 3.6.21's `Domain.states_for_tracker_history`, line for line, over the kept prior states."""
    states: list[dict[str, Any]] = []
    last_ml_action_sub_state = None
    turn_was_hidden = False
    for prior in PRIOR_STATES.priors(self, tracker, omit_unset_slots):
        if ignore_rule_only_turns:
            if not turn_was_hidden:
                last_ml_action_sub_state = prior.prev_action
            if not prior.followup_action and not prior.latest_action_name == prior.active_loop_name:
                turn_was_hidden = prior.hide_rule_turn
            if turn_was_hidden:
                continue
        # Callers change states in place; sub-state values are strings and tuples, so two levels are a full copy.
        state = {key: dict(sub_state) for key, sub_state in prior.state.items()}
        if ignore_rule_only_turns:
            self._remove_rule_only_features(state, rule_only_data)
            if states:
                self._substitute_rule_only_user_input(state, states[-1])
            if last_ml_action_sub_state:
                state[PREVIOUS_ACTION] = dict(last_ml_action_sub_state)
        states.append(self._clean_state(state))
    return states


def swaps(name: str, **_: Any) -> list[tuple[Any, str, Any]]:
    """What each patch of this module replaces (rasa_patches.install applies and reverts them)."""
    table: dict[str, Callable[[], list[tuple[Any, str, Any]]]] = {
        "graph_runner": lambda: [(rasa_dask.DaskGraphRunner, "run", run_graph)],
        "shared_session": lambda: [(rasa_endpoints.EndpointConfig, "session", shared_session)],
        "sparse_features": lambda: [(rasa_features.Features, "_combine_sparse_features", _combine_sparse_features)],
        "prior_states": lambda: [(rasa_domain.Domain, "states_for_tracker_history", states_for_tracker_history)],
    }
    return table[name]()
