"""The speed-ups give Rasa's own results: every test goes through Rasa's attribute, once with the patches on and once
with them off (Rasa's own code), and compares with Rasa's original."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import dask
import pytest
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.utils.endpoints import EndpointConfig

import rasa_patches
from rasa_patches import speedups


class Node:
    """Like rasa's GraphNode: takes (name, value) pairs, returns (its name, value); counts its calls."""

    def __init__(self, name: str, fail: bool = False) -> None:
        self.name, self.fail, self.calls = name, fail, 0

    def __call__(self, *inputs: tuple[str, object]) -> tuple[str, object]:
        self.calls += 1
        if self.fail:
            raise RuntimeError("boom")
        return self.name, f"{self.name}({', '.join(str(value) for _, value in inputs)})"


def runner(nodes: dict[str, tuple], targets: list[str]) -> SimpleNamespace:
    schema = SimpleNamespace(target_names=targets, minimal_graph_schema=lambda wanted: wanted)
    fake = SimpleNamespace(_graph_schema=schema, built=0, _execution_context="test")

    def build(wanted: list[str]) -> dict[str, tuple]:
        fake.built += 1
        return dict(nodes)

    fake._build_dask_graph = build
    fake._add_inputs_to_graph = lambda inputs, graph: DaskGraphRunner._add_inputs_to_graph(inputs, graph)
    return fake


def test_same_results_as_dask_with_shared_nodes_computed_once(patches_on):
    tok, feat, clf, pol = Node("tok"), Node("feat"), Node("clf"), Node("pol")
    nodes = {
        "tok": (tok, "__message__"),
        "feat": (feat, "tok"),
        "clf": (clf, "feat", "tok"),
        "pol": (pol, "clf", "__tracker__"),
    }
    fake = runner(nodes, ["pol"])
    inputs = {"__message__": "hoi", "__tracker__": {"events": []}}
    assert (DaskGraphRunner.run is speedups.run_graph) == patches_on
    ours = DaskGraphRunner.run(fake, inputs=inputs, targets=["pol", "clf"])

    graph = dict(nodes)
    DaskGraphRunner._add_inputs_to_graph(inputs, graph)
    theirs = dict(dask.get(graph, ["pol", "clf"]))
    assert ours == theirs
    assert (tok.calls, feat.calls) == (2, 2)  # once per run: the runner's, then dask's
    assert DaskGraphRunner.run(fake, inputs=inputs) == {"pol": theirs["pol"]}
    DaskGraphRunner.run(fake, inputs=inputs, targets=["pol", "clf"])
    assert fake.built == (2 if patches_on else 3)  # ours keeps one sub-graph per set of targets


def test_a_failing_node_raises_as_under_dask(patches_on):
    fake = runner({"a": (Node("a", fail=True), "__message__")}, ["a"])
    with pytest.raises(GraphRunError):
        DaskGraphRunner.run(fake, inputs={"__message__": "x"})


def test_endpoints_without_headers_share_one_open_session_per_loop(patches_on):
    plain, with_token = EndpointConfig("http://127.0.0.1:1/webhook"), EndpointConfig("http://x", headers={"a": "b"})

    async def sessions():
        async with plain.session() as first:
            pass
        async with plain.session() as second:
            pass
        own = with_token.session()
        await own.close()
        still_open = not first.closed
        await first.close()
        await second.close()
        return first, second, own, still_open

    first, second, own, still_open = asyncio.run(sessions())
    assert own is not first and dict(own.headers) == {"a": "b"}
    if patches_on:
        assert first is second and still_open
    else:  # Rasa's own: a new session per call, closed when the call is done
        assert first is not second and not still_open


def test_sparse_features_are_combined_as_scipy_hstack_does(patches_on):
    import numpy as np
    import scipy.sparse as sp
    from rasa.shared.nlu.training_data.features import Features

    combine = rasa_patches.original(Features, "_combine_sparse_features")
    rng = np.random.default_rng(1)
    for rows, cols_a, cols_b in [(1, 3, 5), (7, 40, 1), (4, 1, 1), (3, 0, 2)]:
        a = sp.random(rows, cols_a, density=0.3, format="coo", dtype=np.float32, random_state=rng)
        b = sp.random(rows, cols_b, density=0.5, format="csr", dtype=np.float64, random_state=rng)
        ours, theirs = speedups.hstack_coo(a, b), sp.hstack([a, b])
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype and ours.format == "coo"
        assert np.array_equal(ours.toarray(), theirs.toarray())
        installed, rasas = (Features(a, "sequence", "text", "x") for _ in range(2))
        installed._combine_sparse_features(Features(b, "sequence", "text", "x"))  # whatever is installed
        combine(rasas, Features(b, "sequence", "text", "x"))  # Rasa's own
        assert installed.features.shape == rasas.features.shape and installed.features.dtype == rasas.features.dtype
        assert np.array_equal(installed.features.toarray(), rasas.features.toarray())
        assert installed.fingerprint() == rasas.fingerprint()
        with pytest.raises(ValueError):
            Features(a, "sequence", "text", "x")._combine_sparse_features(
                Features(sp.random(rows + 1, 2, format="coo"), "sequence", "text", "x")
            )


def random_events(domain, rng, count):
    """A random but well-formed event stream over the project's domain, with forms, undos and restarts."""
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionExecutionRejected,
        ActionReverted,
        ActiveLoop,
        FollowupAction,
        Restarted,
        SessionStarted,
        SlotSet,
        UserUtteranceReverted,
        UserUttered,
    )

    slots = [slot for slot in domain.slots if slot.influence_conversation] or list(domain.slots)
    actions = [a for a in domain.action_names_or_texts if a != "action_listen"]
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for _ in range(count):
        roll = rng.random()
        if roll < 0.25:
            intent = rng.choice(domain.intents)
            entities = (
                [{"entity": rng.choice(domain.entities), "value": "x"}]
                if domain.entities and rng.random() < 0.3
                else []
            )
            events.append(UserUttered("tekst", {"name": intent, "confidence": 0.9}, entities))
        elif roll < 0.55:
            events.append(ActionExecuted(rng.choice(actions), hide_rule_turn=rng.random() < 0.3))
        elif roll < 0.65:
            events.append(ActionExecuted("action_listen"))
        elif roll < 0.8:
            slot = rng.choice(slots)
            events.append(SlotSet(slot.name, rng.choice([None, "vmbo_kb", True, 16.0, "bbl", "eindhoven"])))
        elif roll < 0.87:
            events.append(ActiveLoop(rng.choice([None, "intake_form"])))
        elif roll < 0.9:
            events.append(FollowupAction(rng.choice(actions)))
        elif roll < 0.93:
            events.append(UserUtteranceReverted())
        elif roll < 0.95:
            events.append(ActionReverted())
        elif roll < 0.97:
            events.append(ActionExecutionRejected(rng.choice(actions)))
        else:
            events.append(rng.choice([Restarted(), SessionStarted()]))
    return events


def test_prior_states_equal_rasas_while_a_conversation_grows(patches_on):
    """Same states as Rasa 3.6.21 for every prefix of random conversations, added one event at a time to the
    same tracker (the incremental path), with and without rule-only filtering."""
    import random

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load("domain.yml")
    slot_names = [slot.name for slot in domain.slots]
    rule_only = {"rule_only_slots": slot_names[:3], "rule_only_loops": ["intake_form"]}
    cache = speedups.PriorStates()
    original, patched_cache = rasa_patches.original(Domain, "states_for_tracker_history"), speedups.PRIOR_STATES
    assert (Domain.states_for_tracker_history is speedups.states_for_tracker_history) == patches_on
    speedups.PRIOR_STATES = cache
    try:
        for seed in range(12):
            rng = random.Random(seed)
            tracker = DialogueStateTracker("s", domain.slots)
            for event in random_events(domain, rng, 60):
                tracker.update(event)
                for omit, ignore, data in [(False, False, None), (False, True, rule_only), (True, True, None)]:
                    ours = domain.states_for_tracker_history(tracker, omit, ignore, data)  # whatever is installed
                    theirs = original(domain, tracker, omit, ignore, data)
                    assert ours == theirs, (seed, len(tracker.events), omit, ignore)
                    if ours:
                        ours[-1].setdefault("user", {})["intent"] = "changed by a caller"  # must not leak
    finally:
        speedups.PRIOR_STATES = patched_cache
    print(cache.stats)
    if patches_on:
        assert cache.stats["incremental"] > 3 * cache.stats["full"] > 0
    else:
        assert cache.stats == {"full": 0, "incremental": 0}
