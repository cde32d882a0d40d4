"""Reading speed: read_events against a plain read of the same file, CSV and Parquet.

Simulates a seeded log of about N events from the sample journey plan (default
1M), writes it once to a temporary CSV file and two Parquet files (ids stored as the
simulator makes them, integers; and ids stored as text), then times, on each
file, a plain read (``pandas.read_csv(..., engine="pyarrow")`` for the CSV,
``pandas.read_parquet`` for Parquet) and ``read_events``. On the Parquet file with
integer ids it also times the least any reader keeping ids as text must do: the
plain read, and the digits of every customer id written by pyarrow on every core,
with no check at all (``digits floor``). Each read
runs in a fresh child process, so that its peak memory (the child's peak
resident set, imports included, the same for both) is its own; the contenders
take turns, three rounds (or as many as asked), and the best time of each is
kept. Beside the wall-clock seconds, the CPU seconds of all the child's threads:
on a machine that others share the wall clock wanders, the CPU time less so.
The target: at 10M events ``read_events`` takes at most 1.5x the plain read of
the same file (wall clock). Run with ``python bench/read_events.py [events] [rounds]``.

With ``--warm``, the reads of each file run instead in one child process, the readers
in turn, a round to warm up and then the rounds asked for: on this machine, a virtual
machine that hands idle memory back to its host, a fresh process's first touch of a
gigabyte takes anywhere from 0.1 s to over 1 s, so that fresh-process figures can
swing twice over from one run to the next; warm ones wander far less.
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
READERS = ("plain", "read_events", "digits floor")
FILES = ("csv", "parquet", "parquet, text ids")  # (the ids as the simulator makes them: integers)


def readers(kind: str) -> tuple[str, ...]:
    return READERS if kind == "parquet" else READERS[:2]


def read_once(kind: str, reader: str, path: str) -> dict[str, float]:
    """One timed read in this process (a child): seconds, CPU seconds and peak memory
    in MB."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv
    import pyarrow.parquet as pq

    from journey_lessons.events import _on_every_core, read_events

    begin, cpu = time.perf_counter(), time.process_time()
    if reader == "read_events":
        rows = len(read_events(path).events)
    elif kind == "csv":
        rows = len(pd.read_csv(path, engine="pyarrow"))
    elif reader == "digits floor":
        frame = pd.read_parquet(path)
        ids = pa.array(frame["customer_id"])
        digits = _on_every_core(ids, lambda part: pc.cast(part, pa.large_string()))()
        rows = len(pd.Series(pd.array(digits, dtype="str"), copy=False))
        del pq
    else:
        rows = len(pd.read_parquet(path))
    seconds, cpu = time.perf_counter() - begin, time.process_time() - cpu
    # the peak of this process since it began (not ru_maxrss, which counts the parent's
    # memory at the fork: the parent held the simulated log)
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024  # kB
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "rows": rows}


def warm_in_child(kind: str, path: str, rounds: int) -> dict[str, dict[str, float]]:
    """In one child: every reader in turn, a round to warm up and then ``rounds``; the best
    seconds and CPU seconds of each."""
    for reader in readers(kind):
        read_once(kind, reader, path)
    best: dict[str, dict[str, float]] = {}
    for _ in range(rounds):
        for reader in readers(kind):
            run = read_once(kind, reader, path)
            was = best.setdefault(reader, run)
            best[reader] = {f: min(was[f], run[f]) for f in ("seconds", "cpu", "peak_mb")}
    return best


def in_child(kind: str, reader: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, reader, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def main(events: int, rounds: int = ROUNDS, warm: bool = False) -> int:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from journey_lessons.journey import sample_journey
    from journey_lessons.simulate import simulate_events

    log = simulate_events(
        sample_journey(), customers=round(events / EVENTS_PER_CUSTOMER), seed=2024
    )
    met = True
    with tempfile.TemporaryDirectory() as folder:
        names = ("a.csv", "b.parquet", "c.parquet")
        files = {kind: Path(folder) / name for kind, name in zip(FILES, names, strict=True)}
        log.to_csv(files["csv"], index=False)
        log.to_parquet(files["parquet"], index=False)
        # the same log with its ids stored as text, as many exports store them
        table = pq.read_table(files["parquet"])
        for name in ("customer_id", "order_id"):
            at = table.schema.get_field_index(name)
            table = table.set_column(at, name, pc.cast(table[name], pa.string()))
        # (as other tools write it: no pandas metadata, which would call them numbers)
        pq.write_table(table.replace_schema_metadata(None), files["parquet, text ids"])
        size = {kind: path.stat().st_size / 2**20 for kind, path in files.items()}
        print(
            f"{len(log):,} events; "
            + ", ".join(f"{kind} {mb:.0f} MB" for kind, mb in size.items())
            + f"; best of {rounds}, "
            + (
                "after a warm-up, in one child process per file (peak: of that child)"
                if warm
                else "each read in a child process"
            )
            + ", contenders in turn"
        )
        del log, table
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        if warm:
            for kind, path in files.items():
                done = subprocess.run(
                    [sys.executable, __file__, "--warm", kind, str(path), str(rounds)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                for reader, best in json.loads(done.stdout).items():
                    runs[kind, reader] = [best]
        for _ in range(0 if warm else rounds):
            for kind, path in files.items():
                for reader in readers(kind):
                    runs.setdefault((kind, reader), []).append(in_child(kind, reader, path))
    print(
        f"{'file':18} {'reader':13} {'s':>6} {'ratio':>6} {'cpu s':>6} {'peak MB':>8}"
        f"  target {TARGET_RATIO}x"
    )
    for kind, reader in runs:

        def best(figure: str, reader: str = reader, kind: str = kind) -> float:
            return min(r[figure] for r in runs[kind, reader])

        ratio = best("seconds") / min(r["seconds"] for r in runs[kind, "plain"])
        verdict = ""
        if reader == "read_events":
            met &= ratio <= TARGET_RATIO
            verdict = "met" if ratio <= TARGET_RATIO else "NOT MET"
        print(
            f"{kind:18} {reader:13} {best('seconds'):6.2f} {ratio:6.2f} {best('cpu'):6.2f} "
            f"{best('peak_mb'):8.0f}  {verdict}"
        )
    verdict = "met" if met else "NOT MET"
    print(f"target: read_events at most {TARGET_RATIO}x a plain read of each file: {verdict}")
    return 0 if met else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(read_once(*sys.argv[2:5])))
        sys.exit(0)
    if sys.argv[1:2] == ["--warm"]:
        print(json.dumps(warm_in_child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
        sys.exit(0)
    warm = "--warm" in sys.argv
    sizes = [int(arg) for arg in sys.argv[1:] if arg != "--warm"][:2]
    sys.exit(main(*(sizes or [1_000_000]), warm=warm))
