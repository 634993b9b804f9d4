"""How long one journal write takes on the default SQLite state file: accept + finish of a turn, N times.

    .venv/bin/python bench/journal_write.py [N] [DATABASE_URL]

Prints microseconds per accept and per finish (median of 5 rounds) on a fresh file in a temporary folder, or on
the given database URL (PostgreSQL) when one is passed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.journal import Journal


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    url = sys.argv[2] if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(Path(folder) / "state.db", url=url) if url else Journal(Path(folder) / "state.db")
        accepts, finishes = [], []
        for round_ in range(5):
            cids: list[str] = []
            start = time.perf_counter()
            for i in range(n):
                cid = journal.accept("rest", f"bench-{i % 50}", 12, f"m-{round_}-{i}")
                assert cid is not None
                cids.append(cid)
            middle = time.perf_counter()
            for cid in cids:
                journal.finish(cid, "answered", "", 1)
            end = time.perf_counter()
            accepts.append((middle - start) / n * 1e6)
            finishes.append((end - middle) / n * 1e6)
        journal.close()
    print(f"accept {statistics.median(accepts):.1f} us, finish {statistics.median(finishes):.1f} us (n={n} x 5)")


if __name__ == "__main__":
    main()
