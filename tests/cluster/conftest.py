"""One cluster per test session for tests/cluster/ (harness.py): PostgreSQL, Redis, an action server, three
Rasa servers and nginx from deploy/cluster/nginx.conf. Started once; the test that kills a
server is the last one in test_cluster.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import harness


@pytest.fixture(scope="session")
def cluster(tmp_path_factory, catalog_path, providers) -> Iterator[harness.Cluster]:
    """WhatsApp and Telegram are switched on, their API calls going to the fake `providers`."""
    reason = harness.available()
    if reason:
        pytest.skip(reason)
    workdir = tmp_path_factory.mktemp("cluster")
    try:
        with harness.running_cluster(workdir, catalog_path, 3, providers.bot_env()) as running:
            print(
                f"\ncluster up in {running.startup_seconds:.1f} s (PostgreSQL, Redis, 1 action server, 3 Rasa, nginx)"
            )
            yield running
    except RuntimeError as err:
        pytest.fail(f"{err} (logs in {workdir})")
