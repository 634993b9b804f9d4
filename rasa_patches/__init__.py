"""Everything Kansrijk changes in Rasa's own behaviour, installed once at process start by one explicit call.

Rasa 3.6.21 hides some failures from the channel and spends CPU on work a single-process bot does not need
(README, "Rasa patches"). Each change is a named patch below; the modules of this package make them:

- ``actions``: custom-action calls (bounded, failures visible to the edge, slimmer requests, cheaper checks);
- ``tracker_store``: the cached SQL tracker store and tracker-store errors made visible to the edge;
- ``speedups``: the model graph without dask, one kept-alive session to the action server, cheaper sparse
  features, incremental prior states.

``install()`` is the one call that applies them, made by ``python -m rasa_patches run ...`` (``__main__.py``)
before Rasa's command line starts the server; nothing is patched on import. It refuses, with a message in Dutch
and English, when a patch is on and the installed Rasa, rasa-sdk, jsonschema or Sanic-CORS is not the version in
``TESTED_WITH``: the patches replace Rasa's internals line for line and were checked against exactly those.

The switch ``KANSRIJK_RASA_PATCHES`` selects them, so a suspected patch bug can be ruled out with one restart:
unset, ``on`` or ``all``: every patch; ``off`` or ``none``: none (Rasa's own code paths, and no version guard);
``-name,-other``: all but those; ``name,other``: only those. An unknown name is an error. A patch that is off
leaves Rasa's attribute exactly as Rasa defines it (``original()`` gives it).

This module imports nothing from Rasa, so it loads on any version; the patch modules are imported by ``install``
after the version check.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.texts import text

ENV = "KANSRIJK_RASA_PATCHES"

# The versions the patches were written and tested for (requirements/server.in and every lock pin the same).
TESTED_WITH = {"rasa": "3.6.21", "rasa-sdk": "3.6.2", "jsonschema": "3.2.0", "sanic-cors": "2.0.1"}


@dataclass(frozen=True)
class Patch:
    name: str
    module: str  # rasa_patches.<module> makes it
    changes: str  # what of Rasa's it replaces
    why: str


PATCHES: dict[str, Patch] = {
    p.name: p
    for p in (
        Patch(
            "action_timeout",
            "actions",
            "rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT",
            "a custom-action call waits edge.action_timeout_seconds (6 s), not 300 s",
        ),
        Patch(
            "action_guard",
            "actions",
            "RemoteAction.run",
            "a failing or hanging action reaches the edge's apology; later calls in that turn fail fast",
        ),
        Patch(
            "action_call_slim",
            "actions",
            "RemoteAction._action_call_format",
            "the action server gets this turn's events only, not the whole session; no deep copy of the form's message",
        ),
        Patch(
            "response_validator",
            "actions",
            "RemoteAction._validate_action_result",
            "the action-response schema compiled once and checked per event type (same result and error)",
        ),
        Patch(
            "store_errors",
            "tracker_store",
            "FailSafeTrackerStore.on_tracker_store_error",
            "a failing tracker store reaches the edge's apology instead of a silent fall-back to memory",
        ),
        Patch(
            "cached_tracker_store",
            "tracker_store",
            "CachedSQLTrackerStore (endpoints.yml)",
            "reuses the tracker it saved when one indexed query shows the database unchanged; SQLite in WAL mode",
        ),
        Patch(
            "graph_runner",
            "speedups",
            "DaskGraphRunner.run",
            "the model graph in plain Python, without dask's scheduler",
        ),
        Patch(
            "shared_session",
            "speedups",
            "EndpointConfig.session",
            "one kept-alive HTTP session per event loop instead of a new connection per action call",
        ),
        Patch(
            "sparse_features",
            "speedups",
            "Features._combine_sparse_features",
            "DIET's sparse features joined directly instead of through scipy.sparse.hstack",
        ),
        Patch(
            "prior_states",
            "speedups",
            "Domain.states_for_tracker_history",
            "the policies' prior states kept per tracker and extended, not replayed from the start every turn",
        ),
    )
}

Swap = tuple[Any, str, Any]  # (owner, attribute, our value): setattr(owner, attribute, our value) while on


class PatchSelectionError(ValueError):
    """KANSRIJK_RASA_PATCHES names a patch that does not exist."""


class VersionMismatch(RuntimeError):
    """A patch is on while an installed package is not the version the patches were tested with."""


def selected(spec: str | Iterable[str] | None = None) -> frozenset[str]:
    """The patches a switch value turns on (``None``: the environment variable)."""
    if spec is None:
        spec = os.environ.get(ENV, "")
    if not isinstance(spec, str):
        return _checked(spec)
    words = [w.strip().lower() for w in spec.split(",") if w.strip()]
    if not words or words in (["on"], ["all"]):
        return frozenset(PATCHES)
    if words in (["off"], ["none"]):
        return frozenset()
    names = set(PATCHES) if all(w.startswith("-") for w in words) else set()
    for word in words:
        name = word.lstrip("+-")
        _checked([name])
        if word.startswith("-"):
            names.discard(name)
        else:
            names.add(name)
    return frozenset(names)


def _checked(names: Iterable[str]) -> frozenset[str]:
    names = frozenset(names)
    unknown = sorted(names - set(PATCHES))
    if unknown:
        known = ", ".join(PATCHES)
        raise PatchSelectionError(
            f"{ENV}: onbekende patch {', '.join(unknown)}; bekend zijn: {known} (of on / off).\n"
            f"{ENV}: unknown patch {', '.join(unknown)}; known patches: {known} (or on / off)."
        )
    return names


def version_problems(version: Callable[[str], str] | None = None) -> list[tuple[str, str, str]]:
    """(package, tested version, installed version or 'not installed') for each package that differs."""
    version = version or importlib.metadata.version
    problems = []
    for package, tested in TESTED_WITH.items():
        try:
            installed = version(package)
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != tested:
            problems.append((package, tested, installed))
    return problems


def check_versions(version: Callable[[str], str] | None = None) -> None:
    problems = version_problems(version)
    if problems:
        found = text("preflight.rasa_patches.installed")
        not_installed = text("preflight.rasa_patches.not_installed")
        mismatch = text("preflight.rasa_patches.version_mismatch")
        said = []
        for lang in ("nl", "en"):
            listed = ", ".join(
                found.get(lang).format(
                    package=p, version=not_installed.get(lang) if i == "not installed" else i, tested=t
                )
                for p, t, i in problems
            )
            said.append(mismatch.get(lang).format(tested=_versions(), found=listed, env=ENV))
        raise VersionMismatch("\n".join(said))


def _versions() -> str:
    return ", ".join(f"{package} {tested}" for package, tested in TESTED_WITH.items())


_on: frozenset[str] | None = None  # None: install() was never called in this process
_originals: dict[tuple[int, str], tuple[Any, str, Any]] = {}  # (id(owner), attribute) -> Rasa's own value
_applied: dict[str, list[Swap]] = {}  # patches whose swaps are in place


def _swaps(name: str, action_timeout_seconds: float | None) -> list[Swap]:
    module = importlib.import_module(f"{__name__}.{PATCHES[name].module}")
    return module.swaps(name, action_timeout_seconds=action_timeout_seconds)


def _original_value(owner: Any, attribute: str) -> Any:
    # vars(): the attribute as the owner defines it (a plain function for a method, not a bound one).
    return vars(owner)[attribute]


def install(
    spec: str | Iterable[str] | None = None,
    *,
    action_timeout_seconds: float | None = None,
    version: Callable[[str], str] | None = None,
) -> frozenset[str]:
    """Apply the selected patches (``spec`` as KANSRIJK_RASA_PATCHES; ``None``: that variable) and return them.

    Called once at process start (``python -m rasa_patches run``). Calling it again re-selects: a patch now off
    gets Rasa's own attribute back (the tests switch both ways). Raises ``PatchSelectionError`` for an unknown
    name and ``VersionMismatch`` when any patch is on and a package differs from ``TESTED_WITH``. The action
    timeout comes from ``kansrijk.yml`` (``edge.action_timeout_seconds``) unless given.
    """
    global _on
    names = selected(spec)
    if names:
        check_versions(version)
    if "action_timeout" in names and action_timeout_seconds is None:
        from bot import settings

        action_timeout_seconds = settings.load().edge.action_timeout_seconds
    for name in PATCHES:
        previous = _applied.pop(name, [])
        for owner, attribute, _ in previous:
            setattr(owner, attribute, _originals[(id(owner), attribute)][2])
        if name in names:
            swaps = _swaps(name, action_timeout_seconds)
            for owner, attribute, value in swaps:
                _originals.setdefault((id(owner), attribute), (owner, attribute, _original_value(owner, attribute)))
                setattr(owner, attribute, value)
            _applied[name] = swaps
    _on = names
    return names


def uninstall() -> None:
    """Every patched attribute back to Rasa's own, as if ``install`` had never been called (tests)."""
    global _on
    install("off")
    _on = None


@contextlib.contextmanager
def patched(spec: str | Iterable[str] | None) -> Iterator[frozenset[str]]:
    """``install(spec)`` for the duration of a block, then the selection before it (tests run both ways)."""
    before = _on
    try:
        yield install(spec, action_timeout_seconds=6.0)
    finally:
        if before is None:
            uninstall()
        else:
            install(before, action_timeout_seconds=6.0)


def installed() -> frozenset[str] | None:
    """The patches on in this process, or None when ``install`` was never called."""
    return _on


def is_on(name: str) -> bool:
    if name not in PATCHES:
        raise KeyError(name)
    return _on is not None and name in _on


def original(owner: Any, attribute: str) -> Any:
    """Rasa's own value of a patched attribute (the current one when it was never patched)."""
    known = _originals.get((id(owner), attribute))
    return known[2] if known is not None else _original_value(owner, attribute)


def describe() -> str:
    """One line for the server log: which patches are on and which are off."""
    on = sorted(_on or ())
    off = sorted(set(PATCHES) - set(on))
    if _on is None:
        return "Rasa patches: not installed (Rasa's own code paths)"
    return f"Rasa patches on: {', '.join(on) or '-'}; off: {', '.join(off) or '-'} ({ENV})"
