"""The hashed locks in requirements/ (no network): complete, pinned, consistent, and the ones installed here.

server.txt runs the chatbot, actions.txt the action server alone, dev.txt adds the test and lint tools (the project's
.venv), lock-tools.txt is pip-tools for `make lock`. Each is made by scripts/lock.sh from the .in file of that name.
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest

from bot.paths import ROOT

REQUIREMENTS = ROOT / "requirements"
LOCKS = ("dev", "server", "actions", "lock-tools")
TOOLS_ONLY_FOR_DEVELOPERS = {"selenium", "hypothesis", "pytest", "pytest-asyncio", "ruff", "mypy", "types-pyyaml"}

PIN = re.compile(r"^(?P<name>[a-z0-9][a-z0-9-]*)==(?P<version>[A-Za-z0-9.+!-]+) \\$")
HASH = re.compile(r"^    --hash=sha256:[0-9a-f]{64}( \\)?$")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock(name: str) -> dict[str, str]:
    """package -> version of requirements/<name>.txt, checking every line on the way."""
    pins: dict[str, str] = {}
    current: str | None = None
    hashes: dict[str, int] = {}
    for number, line in enumerate((REQUIREMENTS / f"{name}.txt").read_text().splitlines(), 1):
        where = f"requirements/{name}.txt:{number}: {line!r}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("    --hash="):
            assert current is not None and HASH.match(line), where
            hashes[current] += 1
            continue
        match = PIN.match(line)
        # No ranges, markers, extras, URLs, editables or index options: one `name==version \` and its hashes.
        assert match, where
        current = match["name"]
        assert current not in pins, f"{where}: pinned twice"
        pins[current], hashes[current] = match["version"], 0
    assert pins, f"requirements/{name}.txt pins nothing"
    unhashed = sorted(package for package, count in hashes.items() if count == 0)
    assert unhashed == [], f"requirements/{name}.txt: no hash for {unhashed}"
    return pins


def wanted(name: str) -> dict[str, str]:
    """package -> version pinned in requirements/<name>.in and the .in files it includes with -r."""
    pins: dict[str, str] = {}
    for line in (REQUIREMENTS / f"{name}.in").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            pins.update(wanted(Path(line[3:].strip()).stem))
            continue
        requirement, _, version = line.partition("==")
        assert version, f"requirements/{name}.in: {line!r} is not pinned with =="
        pins[normalise(requirement.split("[")[0])] = version.strip()
    return pins


@pytest.mark.parametrize("name", LOCKS)
def test_every_package_is_pinned_with_a_hash_for_one_platform(name):
    pins = lock(name)
    text = (REQUIREMENTS / f"{name}.txt").read_text()
    assert text.startswith("# Made for Linux x86_64, CPython 3.10"), "the platform the lock was made for, first"
    # pip, setuptools and wheel are in it too (--allow-unsafe): --require-hashes refuses any package not listed.
    assert {"pip", "setuptools", "wheel"} <= set(pins)


@pytest.mark.parametrize("name", LOCKS)
def test_every_lock_pins_what_its_in_file_asks_for(name):
    pins = lock(name)
    stale = {package: (version, pins.get(package)) for package, version in wanted(name).items()}
    assert {p: v for p, v in stale.items() if v[0] != v[1]} == {}, "run `make lock` after changing an .in file"


def test_the_server_and_the_action_server_get_no_test_or_lint_tools():
    server, actions = lock("server"), lock("actions")
    assert TOOLS_ONLY_FOR_DEVELOPERS & set(server) == set()
    assert TOOLS_ONLY_FOR_DEVELOPERS & set(actions) == set()
    assert "spacy" not in server  # config.yml uses no spaCy component; only `make nlu-compare` does
    assert {"rasa", "tensorflow"} & set(actions) == set()  # the action server runs on rasa-sdk alone
    assert "rasa-sdk" in actions and "rasa" in server


def test_each_set_contains_the_smaller_one():
    dev, server, actions = lock("dev"), lock("server"), lock("actions")
    assert set(actions) <= set(server) <= set(dev)


def test_a_package_has_the_same_version_in_every_lock():
    versions: dict[str, dict[str, str]] = {}
    for name in LOCKS:
        for package, version in lock(name).items():
            versions.setdefault(package, {})[name] = version
    assert {package: seen for package, seen in versions.items() if len(set(seen.values())) > 1} == {}


def test_the_installed_packages_are_the_ones_in_dev_lock():
    """The project's .venv installs requirements/dev.txt (make venv): a lock changed without reinstalling, or a
    package upgraded by hand, fails here."""
    differ = {}
    for package, version in lock("dev").items():
        try:
            installed = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            differ[package] = {"dev.txt": version, "installed": installed}
    assert differ == {}, "run `make venv` (or `make lock` if the installed versions are the ones wanted)"
