"""KPI contest: ``kpi_report`` against the best DuckDB and polars versions, interleaved.

For each size a seeded log is simulated from the sample journey plan (cached as
Parquet in the temp folder, so that a second run skips the simulation), then
three contenders compute every KPI of the report in this one process, taking
turns, best of ``--runs``:

- ours: ``journey_lessons.kpis.kpi_report`` on the pandas DataFrame;
- DuckDB: one SQL query with CTEs over the log as an Arrow table, all cores;
- polars: lazy queries collected together (streaming engine) over a polars frame.

Each gets the log in its own in-memory format, converted before the clock
starts (bench/kpi_best.py). All three must agree with ours on every KPI (same
keys, values equal to 1e-12 relative). Printed: times, ratios, the growth of the
time per event from 10M to 30M events, and the peak memory of each contender in
a child process of its own (the log plus the report, and the report's own
rise). Targets: ours at 10M no slower than the faster of DuckDB and polars,
linear growth (time per event at 30M within 1.2x of that at 10M), peak under
3 GB, 10M events simulated in under 30 s.

    python bench/kpis.py            1M and 10M events
    python bench/kpis.py --30m      and 30M (needs about 6 GB of memory in all)
    python bench/kpis.py --sizes 200000 --runs 5
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import kpi_best  # noqa: E402  (bench/ is on the path, as for every script here)

SEED = 2024
EVENTS_PER_CUSTOMER = 7.0  # what the sample journey plan gives with the default settings
STEPS = ["download", "free_trial", "core_purchase"]
CACHE = Path(tempfile.gettempdir()) / "journey_lessons_bench"
MEMORY_TARGET_MB, SIMULATE_TARGET_S, GROWTH_TARGET = 3072, 30, 1.2
CONTENDERS = ("ours", "DuckDB", "polars")


def log_of(events: int, *, fresh: bool = False) -> tuple[Any, float | None]:
    """The simulated log of about ``events`` rows, and seconds simulating took (None: cached)."""
    import pandas as pd

    from journey_lessons.journey import sample_journey
    from journey_lessons.simulate import simulate_events

    path = CACHE / f"events_{events}_seed{SEED}.parquet"
    if path.exists() and not fresh:
        return pd.read_parquet(path), None
    begin = time.perf_counter()
    log = simulate_events(
        sample_journey(), customers=round(events / EVENTS_PER_CUSTOMER), seed=SEED
    )
    seconds = time.perf_counter() - begin
    CACHE.mkdir(exist_ok=True)
    log.to_parquet(path.with_suffix(".tmp"))
    path.with_suffix(".tmp").replace(path)
    return log, seconds


def contender(name: str, log: Any) -> Callable[[], dict[str, float]]:
    """One contender as a call on the log, converted to its own format now (not timed)."""
    from journey_lessons import kpis

    if name == "DuckDB":
        table = kpi_best.as_arrow(log)
        return lambda: kpi_best.duckdb_kpis(table, STEPS)
    if name == "polars":
        frame = kpi_best.as_polars(log)
        return lambda: kpi_best.polars_kpis(frame, STEPS)

    def ours() -> dict[str, float]:
        report = kpis.kpi_report(log)
        return dict(zip(report["key"], report["value"].astype(float), strict=True))

    return ours


def differences(ours: dict[str, float], theirs: dict[str, float]) -> list[str]:
    """The KPIs on which two results differ (keys or values beyond 1e-12 relative)."""
    found = [f"{k}: only one has it" for k in sorted(set(ours) ^ set(theirs))]
    for key in sorted(set(ours) & set(theirs)):
        a, b = ours[key], theirs[key]
        if not (math.isnan(a) and math.isnan(b)) and not math.isclose(
            a, b, rel_tol=1e-12, abs_tol=1e-12
        ):
            found.append(f"{key}: {a!r} vs {b!r}")
    return found


def contest(log: Any, runs: int) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Best time of each contender, taking turns (the order rotates each round)."""
    calls = {name: contender(name, log) for name in CONTENDERS}
    best = dict.fromkeys(calls, math.inf)
    results: dict[str, dict[str, float]] = {}
    names = list(calls)
    for round_ in range(runs):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            begin = time.perf_counter()
            results[name] = calls[name]()
            best[name] = min(best[name], time.perf_counter() - begin)
    disagree = {name: differences(results["ours"], results[name]) for name in names[1:]}
    return best, disagree


def peak(name: str, events: int) -> dict[str, float]:
    """Peak memory of one contender in a child process: the whole, and the report's rise."""
    done = subprocess.run(
        [sys.executable, __file__, "--peak", name, str(events)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _resident_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def child_peak(name: str, events: int) -> None:
    """In the child: load the log, reset the peak, run the contender once, print the peaks."""
    import gc

    import pyarrow as pa

    log, _ = log_of(events)
    call = contender(name, log)
    # what reading the Parquet file left in the Arrow pool is not the log: give it back
    gc.collect()
    pa.default_memory_pool().release_unused()
    loaded = _resident_kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # Linux: reset the peak (VmHWM) to now
    call()
    high = _resident_kb("VmHWM")
    print(json.dumps({"peak_mb": high / 1024, "rise_mb": (high - loaded) / 1024}))


def touchpoint_seconds(log: Any, runs: int) -> float:
    from journey_lessons import kpis
    from journey_lessons.journey import sample_journey

    plan = sample_journey()
    best = math.inf
    for _ in range(runs):
        begin = time.perf_counter()
        kpis.touchpoint_results(log, plan)
        best = min(best, time.perf_counter() - begin)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--30m", dest="big", action="store_true", help="also 30M events")
    parser.add_argument("--sizes", type=int, nargs="+", help="event counts instead of 1M 10M")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (best taken)")
    parser.add_argument("--fresh", action="store_true", help="simulate again, not from cache")
    parser.add_argument("--no-peak", action="store_true", help="skip the memory children")
    args = parser.parse_args()
    try:
        import polars  # noqa: F401
    except ImportError:
        print("polars is not installed: pip install 'polars>=1.20,<3' (the bench extra)")
        return 2
    sizes = args.sizes or [1_000_000, 10_000_000] + ([30_000_000] if args.big else [])

    print(
        f"{'events':>11}  {'simulate':>8}  {'ours':>7}  {'DuckDB':>7}  {'polars':>7}  "
        f"{'/DuckDB':>7}  {'/polars':>7}  {'/best':>5}  {'touchpts':>8}  agree"
    )
    per_event: dict[int, dict[str, float]] = {}
    ratio_at: dict[int, float] = {}
    simulated: dict[int, float | None] = {}
    ok = True
    for size in sizes:
        log, simulated[size] = log_of(size, fresh=args.fresh)
        best, disagree = contest(log, args.runs)
        touch = touchpoint_seconds(log, args.runs)
        faster = min(best["DuckDB"], best["polars"])
        ratio_at[size] = best["ours"] / faster
        per_event[size] = {k: v / len(log) for k, v in best.items()}
        wrong = [f"{n}: {'; '.join(d[:3])}" for n, d in disagree.items() if d]
        ok &= not wrong
        sim = "cached" if simulated[size] is None else f"{simulated[size]:.1f}s"
        print(
            f"{len(log):>11,}  {sim:>8}  {best['ours']:>6.2f}s  {best['DuckDB']:>6.2f}s  "
            f"{best['polars']:>6.2f}s  {best['ours'] / best['DuckDB']:>7.2f}  "
            f"{best['ours'] / best['polars']:>7.2f}  {ratio_at[size]:>5.2f}  {touch:>7.2f}s  "
            + ("yes" if not wrong else "NO: " + " | ".join(wrong))
        )
        del log
    if len(sizes) > 1:
        print("time per event, growth from size to size (1.00 = linear):")
        for small, large in itertools.pairwise(sizes):
            growth = {k: per_event[large][k] / per_event[small][k] for k in CONTENDERS}
            print(
                f"  {small:>11,} -> {large:>11,}: "
                + ", ".join(f"{k} {v:.2f}" for k, v in growth.items())
            )
    peaks: dict[str, dict[str, float]] = {}
    if not args.no_peak:
        largest = sizes[-1]
        print(f"peak memory at {largest:,} events (child process: log + report; report's rise):")
        for name in CONTENDERS:
            peaks[name] = peak(name, largest)
            print(
                f"  {name:>7}: {peaks[name]['peak_mb']:>7.0f} MB  "
                f"(+{peaks[name]['rise_mb']:.0f} MB)"
            )
    targets: dict[str, bool] = {}
    if 10_000_000 in ratio_at:
        targets["ours at 10M no slower than the faster of DuckDB and polars"] = (
            ratio_at[10_000_000] <= 1.0
        )
        if simulated[10_000_000] is not None:
            targets[f"10M events simulated in under {SIMULATE_TARGET_S} s"] = (
                simulated[10_000_000] < SIMULATE_TARGET_S
            )
    if 10_000_000 in per_event and 30_000_000 in per_event:
        growth = per_event[30_000_000]["ours"] / per_event[10_000_000]["ours"]
        targets[f"ours grows linearly to 30M (per event {growth:.2f}x <= {GROWTH_TARGET})"] = (
            growth <= GROWTH_TARGET
        )
    if peaks:
        targets[f"ours peaks under {MEMORY_TARGET_MB} MB"] = (
            peaks["ours"]["peak_mb"] < MEMORY_TARGET_MB
        )
    for name, met in targets.items():
        print(f"target: {name}: {'met' if met else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--peak":
        child_peak(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(main())
