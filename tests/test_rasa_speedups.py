"""The dask-free graph runner computes what dask computes; the action-server session is shared and stays open."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import dask
import pytest
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.utils.endpoints import EndpointConfig

from channels import rasa_speedups


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
    fake = SimpleNamespace(_graph_schema=schema, built=0)

    def build(wanted: list[str]) -> dict[str, tuple]:
        fake.built += 1
        return dict(nodes)

    fake._build_dask_graph = build
    fake._add_inputs_to_graph = lambda inputs, graph: DaskGraphRunner._add_inputs_to_graph(inputs, graph)
    return fake


def test_same_results_as_dask_with_shared_nodes_computed_once():
    tok, feat, clf, pol = Node("tok"), Node("feat"), Node("clf"), Node("pol")
    nodes = {"tok": (tok, "__message__"), "feat": (feat, "tok"), "clf": (clf, "feat", "tok"),
             "pol": (pol, "clf", "__tracker__")}
    fake = runner(nodes, ["pol"])
    inputs = {"__message__": "hoi", "__tracker__": {"events": []}}
    ours = rasa_speedups.run_graph(fake, inputs=inputs, targets=["pol", "clf"])

    graph = dict(nodes)
    DaskGraphRunner._add_inputs_to_graph(inputs, graph)
    theirs = dict(dask.get(graph, ["pol", "clf"]))
    assert ours == theirs
    assert (tok.calls, feat.calls) == (2, 2)  # once per run: dask's, then ours
    assert rasa_speedups.run_graph(fake, inputs=inputs) == {"pol": theirs["pol"]}
    rasa_speedups.run_graph(fake, inputs=inputs, targets=["pol", "clf"])
    assert fake.built == 2  # one sub-graph per set of targets, kept


def test_a_failing_node_raises_as_under_dask():
    fake = runner({"a": (Node("a", fail=True), "__message__")}, ["a"])
    with pytest.raises(GraphRunError):
        rasa_speedups.run_graph(fake, inputs={"__message__": "x"})


def test_endpoints_without_headers_share_one_open_session_per_loop():
    plain, with_token = EndpointConfig("http://127.0.0.1:1/webhook"), EndpointConfig("http://x", headers={"a": "b"})

    async def sessions():
        async with rasa_speedups.shared_session(plain) as first:
            pass
        async with rasa_speedups.shared_session(plain) as second:
            pass
        own = rasa_speedups.shared_session(with_token)
        await own.close()
        return first, second, own

    first, second, own = asyncio.run(sessions())
    assert first is second and not first.closed and own is not first


def test_hstack_coo_equals_scipy_hstack():
    import numpy as np
    import scipy.sparse as sp

    rng = np.random.default_rng(1)
    for rows, cols_a, cols_b in [(1, 3, 5), (7, 40, 1), (4, 1, 1), (3, 0, 2)]:
        a = sp.random(rows, cols_a, density=0.3, format="coo", dtype=np.float32, random_state=rng)
        b = sp.random(rows, cols_b, density=0.5, format="csr", dtype=np.float64, random_state=rng)
        ours, theirs = rasa_speedups.hstack_coo(a, b), sp.hstack([a, b])
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype and ours.format == "coo"
        assert np.array_equal(ours.toarray(), theirs.toarray())
