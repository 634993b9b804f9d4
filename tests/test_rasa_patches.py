"""The Rasa patches: one explicit install, a switch per patch that gives Rasa's own code back, a version guard."""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys

import pytest

import rasa_patches
from rasa_patches import __main__ as entry
from rasa_patches import actions as action_patches


def all_swaps() -> dict[str, list[tuple[object, str, object]]]:
    return {name: rasa_patches._swaps(name, 6.0) for name in rasa_patches.PATCHES}


@pytest.fixture(autouse=True)
def restored():
    """Each test leaves Rasa as it found it."""
    before = rasa_patches.installed()
    yield
    if before is None:
        rasa_patches.uninstall()
    else:
        rasa_patches.install(before, action_timeout_seconds=6.0)


def test_nothing_is_patched_on_import_and_install_is_the_one_call():
    from rasa.core.actions.action import RemoteAction
    from rasa.engine.runner.dask import DaskGraphRunner

    rasa_patches.uninstall()
    assert rasa_patches.installed() is None
    importlib.import_module("rasa_patches.actions")  # importing a patch module changes nothing
    speedups = importlib.import_module("rasa_patches.speedups")

    assert RemoteAction.run is rasa_patches.original(RemoteAction, "run")
    assert DaskGraphRunner.run is rasa_patches.original(DaskGraphRunner, "run")
    assert rasa_patches.install("on") == frozenset(rasa_patches.PATCHES)
    assert RemoteAction.run is action_patches._guarded_run
    assert DaskGraphRunner.run is speedups.run_graph


@pytest.mark.parametrize("name", list(rasa_patches.PATCHES))
def test_the_switch_turns_each_named_patch_off_and_leaves_the_others_on(name):
    on = rasa_patches.install(f"-{name}")
    assert on == frozenset(rasa_patches.PATCHES) - {name}
    assert not rasa_patches.is_on(name) and all(rasa_patches.is_on(other) for other in on)
    for patch, swaps in all_swaps().items():
        for owner, attribute, ours in swaps:
            value = vars(owner)[attribute]
            if patch == name:
                assert value == rasa_patches.original(owner, attribute), (patch, attribute)
                assert value != ours
            else:
                assert value == ours, (patch, attribute)


def test_off_restores_every_attribute_rasa_defines():
    from rasa.core.actions import action

    rasa_patches.install("on")
    assert action.DEFAULT_REQUEST_TIMEOUT == 6.0
    rasa_patches.install("off")
    assert action.DEFAULT_REQUEST_TIMEOUT == 300  # Rasa 3.6.21's own
    swaps = [swap for swaps in all_swaps().values() for swap in swaps]
    assert len(swaps) == len(rasa_patches.PATCHES) - 1  # each patch but the store (which asks) swaps one attribute
    for owner, attribute, ours in swaps:
        assert vars(owner)[attribute] is rasa_patches.original(owner, attribute) and vars(owner)[attribute] is not ours


@pytest.mark.parametrize(
    "spec, on",
    [
        ("", set(rasa_patches.PATCHES)),
        ("on", set(rasa_patches.PATCHES)),
        (" ALL ", set(rasa_patches.PATCHES)),
        ("off", set()),
        ("none", set()),
        (
            "-response_validator,-action_call_slim",
            set(rasa_patches.PATCHES) - {"response_validator", "action_call_slim"},
        ),
        ("graph_runner, +prior_states", {"graph_runner", "prior_states"}),
        ("graph_runner,-graph_runner", set()),
    ],
)
def test_switch_values(spec, on):
    assert rasa_patches.selected(spec) == on


def test_the_switch_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv(rasa_patches.ENV, "-cached_tracker_store")
    assert rasa_patches.install() == frozenset(rasa_patches.PATCHES) - {"cached_tracker_store"}
    monkeypatch.delenv(rasa_patches.ENV)
    assert rasa_patches.install() == frozenset(rasa_patches.PATCHES)


@pytest.mark.parametrize("spec", ["-response_validater", "graph_runner,dask", "of"])
def test_an_unknown_patch_name_is_an_error_that_names_it_and_the_known_ones(spec):
    with pytest.raises(rasa_patches.PatchSelectionError) as caught:
        rasa_patches.install(spec)
    message = str(caught.value)
    assert "onbekende patch" in message and "unknown patch" in message
    assert spec.split(",")[-1].lstrip("-") in message and "response_validator" in message


def fake_version(**overrides: str):
    def version(package: str) -> str:
        if package in overrides:
            if overrides[package] == "missing":
                raise importlib.metadata.PackageNotFoundError(package)
            return overrides[package]
        return rasa_patches.TESTED_WITH[package]

    return version


def test_the_tested_versions_are_the_pinned_and_installed_ones():
    from bot.paths import ROOT

    pins = {  # the server's lock: `name==version \` lines, names in pip-compile's normalised lower case
        line.split("==")[0]: line.split("==")[1].split()[0]
        for line in (ROOT / "requirements" / "server.txt").read_text().splitlines()
        if "==" in line and not line.startswith(("#", " "))
    }
    assert {package: pins[package] for package in rasa_patches.TESTED_WITH} == rasa_patches.TESTED_WITH
    assert rasa_patches.version_problems() == []


@pytest.mark.parametrize("package", list(rasa_patches.TESTED_WITH))
def test_the_guard_refuses_another_version(package):
    from rasa.core.actions.action import RemoteAction

    before = RemoteAction.run
    with pytest.raises(rasa_patches.VersionMismatch) as caught:
        rasa_patches.install("on", version=fake_version(**{package: "9.9.9"}))
    message = str(caught.value)
    assert f"{package} 9.9.9" in message and rasa_patches.TESTED_WITH[package] in message
    assert "start niet" in message and "will not start" in message and "KANSRIJK_RASA_PATCHES=off" in message
    assert RemoteAction.run is before  # nothing was patched


def test_the_guard_names_a_missing_package_and_applies_while_any_patch_is_on():
    with pytest.raises(rasa_patches.VersionMismatch, match="jsonschema not installed"):
        rasa_patches.install("graph_runner", version=fake_version(jsonschema="missing"))
    assert rasa_patches.install("off", version=fake_version(rasa="3.7.0")) == frozenset()  # Rasa's own code: no guard


def test_the_server_refuses_to_start_on_another_rasa(monkeypatch, capsys):
    """`python -m rasa_patches run ...` stops before Rasa's command line runs, with exit code 2."""
    import rasa.__main__

    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda p: "3.6.22" if p == "rasa" else real(p))
    monkeypatch.setattr(rasa.__main__, "main", lambda: pytest.fail("Rasa must not start"))
    monkeypatch.delenv(rasa_patches.ENV, raising=False)
    assert entry.main(["run", "--model", "models/kansrijk.tar.gz"]) == 2
    err = capsys.readouterr().err
    assert "rasa 3.6.22 (getest: 3.6.21)" in err and "rasa 3.6.22 (tested: 3.6.21)" in err


def test_the_entry_point_refuses_an_unknown_name_and_otherwise_hands_rasa_the_same_arguments(monkeypatch, capsys):
    import rasa.__main__

    monkeypatch.setenv(rasa_patches.ENV, "-no_such_patch")
    monkeypatch.setattr(rasa.__main__, "main", lambda: pytest.fail("Rasa must not start"))
    assert entry.main(["run"]) == 2
    assert "no_such_patch" in capsys.readouterr().err

    seen = []
    monkeypatch.setenv(rasa_patches.ENV, "-graph_runner")
    monkeypatch.setattr(rasa.__main__, "main", lambda: seen.append((list(sys.argv), rasa_patches.installed())))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    assert entry.main(["run", "--model", "m.tar.gz", "--port", "5005"]) == 0
    assert seen == [
        (["rasa", "run", "--model", "m.tar.gz", "--port", "5005"], frozenset(rasa_patches.PATCHES) - {"graph_runner"})
    ]
    assert "off: graph_runner" in capsys.readouterr().err


def test_an_unknown_patch_name_stops_the_real_server_command_before_rasa_loads():
    from bot.paths import ROOT

    result = subprocess.run(
        [sys.executable, "-m", "rasa_patches", "run", "--model", "models/kansrijk.tar.gz"],
        cwd=ROOT,
        env={rasa_patches.ENV: "-no_such_patch", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "unknown patch no_such_patch" in result.stderr and "onbekende patch no_such_patch" in result.stderr


def test_the_edge_does_not_install_patches(tmp_path):
    from bot.journal import Journal
    from bot.settings import EdgeSettings
    from channels.edge import Edge

    rasa_patches.uninstall()
    Edge(EdgeSettings(), Journal(tmp_path / "state.db"))
    assert rasa_patches.installed() is None
