"""How long one journal write takes on the default SQLite state file: accept + finish of a turn, N times.

    .venv/bin/python bench/journal_write.py [N] [DATABASE_URL]

Prints microseconds per accept and per finish (median of 5 rounds), wall clock and CPU time of this process, on a
fresh file in a temporary folder, or on the given database URL (PostgreSQL; use an empty database: the provider ids
repeat between runs).
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
        accepts, finishes, cpu_accepts, cpu_finishes = [], [], [], []
        for round_ in range(5):
            cids: list[str] = []
            start, cpu_start = time.perf_counter(), time.process_time()
            for i in range(n):
                cid = journal.accept("rest", f"bench-{i % 50}", 12, f"m-{round_}-{i}")
                assert cid is not None
                cids.append(cid)
            middle, cpu_middle = time.perf_counter(), time.process_time()
            for cid in cids:
                journal.finish(cid, "answered", "", 1)
            end, cpu_end = time.perf_counter(), time.process_time()
            accepts.append((middle - start) / n * 1e6)
            finishes.append((end - middle) / n * 1e6)
            cpu_accepts.append((cpu_middle - cpu_start) / n * 1e6)
            cpu_finishes.append((cpu_end - cpu_middle) / n * 1e6)
        journal.close()
    print(
        f"accept {statistics.median(accepts):.1f} us (CPU {statistics.median(cpu_accepts):.1f}),"
        f" finish {statistics.median(finishes):.1f} us (CPU {statistics.median(cpu_finishes):.1f}) (n={n} x 5)"
    )


if __name__ == "__main__":
    main()
