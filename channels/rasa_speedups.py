"""Per-turn costs of Rasa 3.6.21 that buy nothing for a single-process bot (README, chat benchmark).

- Every NLU parse and every next-action prediction runs the model graph through `dask.get`, after
  working out the graph's minimal sub-schema again. Dask's scheduler bookkeeping was about 8 % of the
  Rasa server's CPU in py-spy. `run_graph` computes the same nodes in the same dependency order in
  plain Python, with the sub-schema kept per set of targets.
- Each call to the action server opens a new aiohttp session and TCP connection (both ends pay for
  it). `shared_session` keeps one session with keep-alive connections per event loop instead; idle
  connections close after 2 s, before the action server's own 5 s keep-alive limit, so a request never
  goes out on a connection the server is about to drop.
- DIET joins the sparse features of each message with `scipy.sparse.hstack`, whose general block
  logic was 6 % of the Rasa server's CPU. `hstack_coo` builds the same COO matrix from the two
  matrices' entries directly.

Applied once by `rasa_hooks.install`, in the Rasa server process only (not during training or
`rasa test`).
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from typing import Any, AsyncIterator, Optional

import aiohttp
import numpy as np
import scipy.sparse
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner import dask as rasa_dask
from rasa.shared.nlu.training_data import features as rasa_features
from rasa.utils import endpoints as rasa_endpoints

CLIENT_KEEPALIVE_SECONDS = 2.0  # below Sanic's default KEEP_ALIVE_TIMEOUT (5 s) on the action server

_installed = False
_sessions: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.ClientSession]" = weakref.WeakKeyDictionary()


def run_graph(self: Any, inputs: Optional[dict[str, Any]] = None,
              targets: Optional[list[str]] = None) -> dict[str, Any]:
    """`DaskGraphRunner.run` without dask: the same nodes, each once, inputs before the nodes that need them."""
    run_targets = targets if targets else self._graph_schema.target_names
    cache = self.__dict__.setdefault("_kansrijk_graphs", {})
    graph = cache.get(tuple(run_targets))
    if graph is None:
        graph = cache[tuple(run_targets)] = self._build_dask_graph(
            self._graph_schema.minimal_graph_schema(run_targets))
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
            connector=connector, timeout=aiohttp.ClientTimeout(total=rasa_endpoints.DEFAULT_REQUEST_TIMEOUT))
    return _shared(session)


_original_session = rasa_endpoints.EndpointConfig.session


def hstack_coo(left: Any, right: Any) -> scipy.sparse.coo_matrix:
    """`scipy.sparse.hstack([left, right])` for two sparse matrices with the same number of rows."""
    left, right = left.tocoo(), right.tocoo()
    dtype = np.result_type(left.dtype, right.dtype)
    return scipy.sparse.coo_matrix(
        (np.concatenate([left.data.astype(dtype, copy=False), right.data.astype(dtype, copy=False)]),
         (np.concatenate([left.row, right.row]), np.concatenate([left.col, right.col + left.shape[1]]))),
        shape=(left.shape[0], left.shape[1] + right.shape[1]))


def _combine_sparse_features(self: Any, additional_features: Any) -> None:
    """Rasa's `Features._combine_sparse_features` with `hstack_coo`."""
    if self.features.shape[0] != additional_features.features.shape[0]:
        raise ValueError(
            f"Cannot combine sparse features as sequence dimensions do not "
            f"match: {self.features.shape[0]} != {additional_features.features.shape[0]}.")
    self.features = hstack_coo(self.features, additional_features.features)
    self._cached_fingerprint = None


def install() -> None:
    global _installed
    if not _installed:
        rasa_dask.DaskGraphRunner.run = run_graph  # type: ignore[method-assign]
        rasa_endpoints.EndpointConfig.session = shared_session  # type: ignore[method-assign]
        rasa_features.Features._combine_sparse_features = _combine_sparse_features  # type: ignore[method-assign]
        _installed = True
