"""Warehouse KPIs at scale: DuckDB out of core on 1M, 10M and 100M events, Spark on 10M.

The log is simulated from the sample journey plan in chunks of at most 5M events
(``simulate_events`` with a seed and a block of customer ids of its own per chunk),
each chunk written as one Parquet file of a folder and dropped from memory: the
whole log is never in memory. Sizes share their chunks (10M is the first two
files of 100M). Each measurement runs in a child process of its own, so its peak
RSS is the report's: DuckDB under ``--memory-limit`` (2 GB, well below the log's
size in memory at 100M), spilling to a temp folder. Printed: events, Parquet size,
the log's size in memory as pandas, time, peak RSS, seconds per million events and
the growth of that from one size to the next (1.0: linear). At 1M and 10M the
report must equal ``kpi_report`` in memory, and Spark's (local[2]) must equal
DuckDB's, to 1e-9 relative.

    python bench/warehouse_scale.py                  1M and 10M, Spark on 10M
    python bench/warehouse_scale.py --100m           and 100M (1 GB of Parquet, 2 GB spilled)
    python bench/warehouse_scale.py --sizes 1000000 --spark-size 1000000
    python bench/warehouse_scale.py --keep           keep the Parquet files for a rerun

Files go to ``--folder`` (default: journey_lessons_warehouse in the temp folder) and
are removed at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SEED = 2024
CHUNK = 5_000_000  # events per Parquet file
EVENTS_PER_CUSTOMER = 6.9  # what the sample journey plan gives with the default settings
BYTES_PER_EVENT_IN_MEMORY = 38  # simulate_events' DataFrame (categorical events), measured


def chunk_path(folder: Path, size: int, index: int) -> Path:
    # a size below one chunk gets a file of its own; larger sizes share 5M chunks
    name = f"small_{size}.parquet" if size < CHUNK else f"chunk_{index:03d}.parquet"
    return folder / "chunks" / name


def generate(folder: Path, size: int) -> Path:
    """The folder of Parquet files holding about ``size`` events, made chunk by chunk."""
    from journey_lessons import warehouse
    from journey_lessons.journey import sample_journey
    from journey_lessons.simulate import simulate_events

    plan = sample_journey()
    chunks = max(1, round(size / CHUNK))
    per_chunk = min(size, CHUNK)
    customers = round(per_chunk / EVENTS_PER_CUSTOMER)
    target = folder / f"events_{size}"
    target.mkdir(parents=True, exist_ok=True)
    (folder / "chunks").mkdir(exist_ok=True)
    for index in range(chunks):
        path = chunk_path(folder, size, index)
        if not path.exists():
            events = simulate_events(plan, customers=customers, seed=SEED + index)
            # disjoint customer ids: chunk i holds customers i*n+1 .. (i+1)*n
            events["customer_id"] = events["customer_id"].astype("int64") + index * customers
            warehouse.write_parquet(events, path.with_suffix(".tmp"))
            path.with_suffix(".tmp").rename(path)
            del events
        link = target / path.name
        if not link.exists():
            link.symlink_to(path)
    return target


def child(engine: str, folder: Path, memory_limit: str) -> dict[str, Any]:
    """One measurement, in this (child) process: the report's time, peak RSS and values."""
    import pyarrow.parquet as pq

    from journey_lessons import kpis, warehouse

    begin = time.perf_counter()
    if engine == "duckdb":
        spill = Path(tempfile.mkdtemp(prefix="journey-bench-spill-"))
        table = warehouse.duckdb_events(folder, memory_limit=memory_limit, temp_directory=spill)
        report = warehouse.warehouse_report(table)
        shutil.rmtree(spill, ignore_errors=True)
    elif engine == "spark":
        session = warehouse.spark_session(cores=2, shuffle_partitions=8)
        session.sparkContext.setLogLevel("ERROR")
        report = warehouse.warehouse_report(warehouse.spark_events(folder, session))
        session.stop()
    else:  # in memory: the whole log as pandas, then kpi_report
        events = pq.read_table(folder).to_pandas()
        events["event"] = events["event"].astype("category")
        report = kpis.kpi_report(events)
    seconds = time.perf_counter() - begin
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "values": [None if v != v else v for v in report["value"].tolist()],
        "keys": report["key"].tolist(),
    }


def measure(engine: str, folder: Path, memory_limit: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", engine, str(folder), memory_limit]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{engine} on {folder} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def disagreements(a: dict[str, Any], b: dict[str, Any], rel: float = 1e-9) -> list[str]:
    out = []
    for key, x, y in zip(a["keys"], a["values"], b["values"], strict=True):
        x = math.nan if x is None else x
        y = math.nan if y is None else y
        if not (math.isnan(x) and math.isnan(y)) and not math.isclose(x, y, rel_tol=rel):
            out.append(f"{key}: {x!r} vs {y!r}")
    return out


def rows_and_bytes(folder: Path) -> tuple[int, int]:
    import pyarrow.parquet as pq

    files = sorted(folder.glob("*.parquet"))
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    return rows, sum(f.stat().st_size for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--100m", dest="hundred", action="store_true", help="add 100M events")
    parser.add_argument("--spark-size", type=int, default=10_000_000, help="0: no Spark")
    parser.add_argument("--memory-limit", default="2GB")
    parser.add_argument(
        "--check-up-to",
        type=int,
        default=10_000_000,
        help="compare with kpi_report in memory up to this size",
    )
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "journey_lessons_warehouse"
    )
    parser.add_argument("--keep", action="store_true", help="keep the Parquet files")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, folder, limit = args.child
        print(json.dumps(child(engine, Path(folder), limit)))
        return

    sizes = sorted(set(args.sizes + ([100_000_000] if args.hundred else [])))
    spark_size = args.spark_size
    if spark_size and spark_size not in sizes:
        sizes = sorted({*sizes, spark_size})
    print(f"DuckDB out of core, memory_limit={args.memory_limit}; files in {args.folder}")
    print(
        f"{'events':>12} {'parquet':>9} {'in memory':>10} {'generate':>9} "
        f"{'duckdb':>8} {'peak RSS':>9} {'s / M ev':>9} {'growth':>7}"
    )
    results: dict[int, dict[str, Any]] = {}
    previous = None
    try:
        for size in sizes:
            begin = time.perf_counter()
            folder = generate(args.folder, size)
            made = time.perf_counter() - begin
            rows, size_bytes = rows_and_bytes(folder)
            result = measure("duckdb", folder, args.memory_limit)
            per_million = result["seconds"] / (rows / 1e6)
            growth = "" if previous is None else f"{per_million / previous:.2f}"
            previous = per_million
            in_memory = rows * BYTES_PER_EVENT_IN_MEMORY
            print(
                f"{rows:>12,} {size_bytes / 1e9:>7.2f}GB {in_memory / 1e9:>8.2f}GB"
                f" {made:>8.1f}s {result['seconds']:>7.1f}s {result['peak_mb']:>7.0f}MB"
                f" {per_million:>9.2f} {growth:>7}",
                flush=True,
            )
            results[size] = result | {"folder": folder, "rows": rows}
            if size <= args.check_up_to:
                memory = measure("memory", folder, args.memory_limit)
                wrong = disagreements(memory, result)
                print(
                    f"{'':>12} kpi_report in memory: {memory['seconds']:.1f}s, "
                    f"peak {memory['peak_mb']:.0f}MB; "
                    + ("agrees with DuckDB" if not wrong else f"DISAGREES: {wrong}"),
                    flush=True,
                )
        if spark_size:
            spark = measure("spark", results[spark_size]["folder"], args.memory_limit)
            wrong = disagreements(results[spark_size], spark)
            print(
                f"Spark local[2] on {results[spark_size]['rows']:,} events: "
                f"{spark['seconds']:.1f}s (with session start); "
                + ("agrees with DuckDB" if not wrong else f"DISAGREES: {wrong}")
            )
        if len(results) > 1:
            first, last = min(results), max(results)
            ratio = results[last]["seconds"] / results[first]["seconds"]
            events = results[last]["rows"] / results[first]["rows"]
            print(
                f"growth: {events:.0f}x the events took {ratio:.1f}x the time "
                f"({ratio / events:.2f} of linear)"
            )
    finally:
        if not args.keep:
            shutil.rmtree(args.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
