"""Race probe: Rasa's stock RedisLockStore against rasa_patches.lock_store.AtomicRedisLockStore.

    .venv/bin/python bench/lock_race.py [--conversations 500] [--stagger 0,0.0005,0.001] [--url redis://...]

Two OS processes, each with its own lock store and Redis connection, take the lock of the same new conversation
at the same instant (a barrier), hold it 5 ms and record when they entered and left; an overlap is a conversation
both held at once (tests/lock_probe.py; tests/test_lock_store.py asserts the same at 500 conversations). Without
--url a throwaway Redis is started (tests/services.py; needs redis-server, `make cluster`). --stagger delays the
second process by that many seconds after the barrier, which shows how narrow the stock store's race window is.
Printed per store: overlaps, LockError, turns still waiting a second after their own ticket expired ("hung"),
waits over 0.5 s, the longest wait, and the run time.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[1:1] = [str(ROOT), str(ROOT / "tests")]  # as pytest.ini and tests/conftest.py arrange it for the tests


@contextlib.contextmanager
def _redis(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    import services

    with services.redis() as started:
        yield started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=500)
    parser.add_argument("--stagger", default="0", help="comma-separated delays of the second process, seconds")
    parser.add_argument("--url", help="an existing Redis (its database is written to; keys race-*)")
    args = parser.parse_args()

    from lock_probe import STORES, race_probe

    with _redis(args.url) as url:
        for stagger in (float(s) for s in args.stagger.split(",")):
            print(f"second process {stagger * 1000:g} ms after the first:", flush=True)
            for kind in STORES:
                print(
                    "  " + race_probe(kind, url, conversations=args.conversations, stagger=stagger).line(), flush=True
                )


if __name__ == "__main__":
    main()
