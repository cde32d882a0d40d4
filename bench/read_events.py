"""Reading speed: read_events against a plain read of the same file, CSV and Parquet.

Simulates a seeded log of about N events from the sample journey plan (default
1M), writes it once to a temporary CSV and Parquet file, then times, on each
file, a plain read (``pandas.read_csv(..., engine="pyarrow")`` for the CSV,
``pandas.read_parquet`` for the Parquet file) and ``read_events``. Each read
runs in a fresh child process, so that its peak memory (the child's peak
resident set, imports included, the same for both) is its own; the contenders
take turns, three rounds (or as many as asked), and the best time of each is
kept. Beside the wall-clock seconds, the CPU seconds of all the child's threads:
on a machine that others share the wall clock wanders, the CPU time less so.
The target: at 10M events ``read_events`` takes at most 1.5x the plain read of
the same file (wall clock). Run with ``python bench/read_events.py [events] [rounds]``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVENTS_PER_CUSTOMER = 7.0  # what the sample journey plan gives with the default settings
TARGET_RATIO = 1.5
ROUNDS = 3
READERS = ("plain", "read_events")


def read_once(kind: str, reader: str, path: str) -> dict[str, float]:
    """One timed read in this process (a child): seconds, CPU seconds and peak memory
    in MB."""
    import resource

    import pandas as pd
    import pyarrow.compute
    import pyarrow.csv
    import pyarrow.parquet

    from journey_lessons.events import read_events

    del pyarrow  # imported for both readers alike: imports are not what is timed

    begin, cpu = time.perf_counter(), time.process_time()
    if reader == "read_events":
        rows = len(read_events(path).events)
    elif kind == "csv":
        rows = len(pd.read_csv(path, engine="pyarrow"))
    else:
        rows = len(pd.read_parquet(path))
    seconds, cpu = time.perf_counter() - begin, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "rows": rows}


def in_child(kind: str, reader: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, reader, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def main(events: int, rounds: int = ROUNDS) -> int:
    from journey_lessons.journey import sample_journey
    from journey_lessons.simulate import simulate_events

    log = simulate_events(
        sample_journey(), customers=round(events / EVENTS_PER_CUSTOMER), seed=2024
    )
    met = True
    with tempfile.TemporaryDirectory() as folder:
        files = {"csv": Path(folder) / "events.csv", "parquet": Path(folder) / "events.parquet"}
        log.to_csv(files["csv"], index=False)
        log.to_parquet(files["parquet"], index=False)
        size = {kind: path.stat().st_size / 2**20 for kind, path in files.items()}
        print(
            f"{len(log):,} events; CSV {size['csv']:.0f} MB, Parquet {size['parquet']:.0f} MB; "
            f"best of {rounds}, each read in a child process, contenders in turn"
        )
        del log
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        for _ in range(rounds):
            for kind, path in files.items():
                for reader in READERS:
                    runs.setdefault((kind, reader), []).append(in_child(kind, reader, path))
    print(
        f"{'file':8} {'plain s':>8} {'read_events s':>14} {'ratio':>6} {'plain cpu':>10} "
        f"{'read_events cpu':>16} {'plain MB':>9} {'read_events MB':>15}  target {TARGET_RATIO}x"
    )
    for kind in files:

        def best(reader: str, figure: str, kind: str = kind) -> float:
            return min(r[figure] for r in runs[kind, reader])

        plain, ours = best("plain", "seconds"), best("read_events", "seconds")
        ratio = ours / plain
        met &= ratio <= TARGET_RATIO
        print(
            f"{kind:8} {plain:8.2f} {ours:14.2f} {ratio:6.2f} {best('plain', 'cpu'):10.2f} "
            f"{best('read_events', 'cpu'):16.2f} {best('plain', 'peak_mb'):9.0f} "
            f"{best('read_events', 'peak_mb'):15.0f}  "
            f"{'met' if ratio <= TARGET_RATIO else 'NOT MET'}"
        )
    verdict = "met" if met else "NOT MET"
    print(f"target: read_events at most {TARGET_RATIO}x a plain read, CSV and Parquet: {verdict}")
    return 0 if met else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(read_once(*sys.argv[2:5])))
        sys.exit(0)
    sizes = [int(arg) for arg in sys.argv[1:3]]
    sys.exit(main(*(sizes or [1_000_000])))
