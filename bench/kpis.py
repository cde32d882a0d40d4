"""KPI throughput: the full kpi_report on 1M and 10M simulated events, against DuckDB.

For each size, two fresh processes simulate the same seeded log from the sample
journey plan (milestones and the touchpoints of its paths): one times
``kpi_report`` and ``touchpoint_results`` (best of three each) and reports its
peak memory, the other runs the report's KPIs as DuckDB SQL
(tests/kpi_reference.py, best of three). The figures must agree; the targets
are a report within 1.5x of DuckDB's time, under 3 GB peak memory, and 10M
events simulated in under 30 s. Run with `make bench`.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

from _timing import best_of  # bench/ is on the path when a script here runs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

SIZES = (1_000_000, 10_000_000)
EVENTS_PER_CUSTOMER = 7.0  # what the sample journey plan gives with the default settings
STEPS = ["download", "free_trial", "core_purchase"]
RATIO_TARGET, MEMORY_TARGET_MB, SIMULATE_TARGET_S = 1.5, 3072, 30


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child(side: str, events: int) -> None:
    """One side of one size, in a process of its own, printed as JSON."""
    from journey_lessons import kpis
    from journey_lessons.journey import sample_journey
    from journey_lessons.simulate import simulate_events

    plan = sample_journey()
    begin = time.perf_counter()
    log = simulate_events(plan, customers=round(events / EVENTS_PER_CUSTOMER), seed=2024)
    simulated = time.perf_counter() - begin
    touchpoints = math.nan
    if side == "ours":
        seconds, report = best_of(3, lambda: kpis.kpi_report(log))
        values = dict(zip(report["key"], report["value"].astype(float), strict=True))
        touchpoints, _ = best_of(3, lambda: kpis.touchpoint_results(log, plan))
    else:
        from kpi_reference import duckdb_kpis

        seconds, values = best_of(3, lambda: duckdb_kpis(log, STEPS))
    out = {
        "events": len(log),
        "simulate_s": simulated,
        "seconds": seconds,
        "touchpoints_s": touchpoints,
        "peak_mb": peak_mb(),
        "values": values,
    }
    print(json.dumps(out))


def run(side: str, events: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, side, str(events)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def agree(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def main() -> int:
    print(
        f"{'events':>11}  {'simulate':>9}  {'ours':>7}  {'DuckDB':>7}  {'ratio':>5}  "
        f"{'touchpoints':>11}  {'peak ours':>9}  {'peak DuckDB':>11}  agree"
    )
    ok = True
    for size in SIZES:
        ours, theirs = run("ours", size), run("duckdb", size)
        differ = [k for k in ours["values"] if not agree(ours["values"][k], theirs["values"][k])]
        ratio = ours["seconds"] / theirs["seconds"]
        print(
            f"{ours['events']:>11,}  {ours['simulate_s']:>8.1f}s  {ours['seconds']:>6.2f}s  "
            f"{theirs['seconds']:>6.2f}s  {ratio:>5.2f}  {ours['touchpoints_s']:>10.2f}s  "
            f"{ours['peak_mb']:>7.0f}MB  "
            f"{theirs['peak_mb']:>9.0f}MB  {'yes' if not differ else 'NO: ' + ', '.join(differ)}"
        )
        ok &= not differ
        if size == SIZES[-1]:
            met = {
                f"report within {RATIO_TARGET}x of DuckDB": ratio <= RATIO_TARGET,
                f"peak memory under {MEMORY_TARGET_MB} MB": ours["peak_mb"] < MEMORY_TARGET_MB,
                f"simulation under {SIMULATE_TARGET_S} s": ours["simulate_s"] < SIMULATE_TARGET_S,
            }
    for name, passed in met.items():
        print(f"target: {name}: {'met' if passed else 'NOT MET'}")
    print("peak memory: the whole process (simulated log, report), ru_maxrss")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 3:
        child(sys.argv[1], int(sys.argv[2]))
    else:
        sys.exit(main())
