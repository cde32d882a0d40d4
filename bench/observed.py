"""Observed journeys: ``observe`` on 1M and 10M simulated events, against DuckDB SQL.

For each size and level (milestones, touchpoints), fresh processes simulate the same
seeded log from the sample journey plan: one times ``observe`` (transitions,
variants, drop-off and conformance; best of three) and reports its peak memory,
the other computes the same directly-follows transitions in DuckDB SQL (``LEAD``
over customer, time and plan rank; best of three). Counts must agree exactly and
the median and quartile times must be equal. Targets at 10M events: ``observe``
under 3 s and under 3 GB peak memory. Run with `.venv/bin/python bench/observed.py`
(or `... bench/observed.py 1000000` for one size; `--one-core` keeps ``observe``'s
sort on one core, as on a machine with one).
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
SIZES = (1_000_000, 10_000_000)
LEVELS = ("milestones", "touchpoints")
EVENTS_PER_CUSTOMER = 7.0  # what the sample journey plan gives with the default settings
SECONDS_TARGET, MEMORY_TARGET_MB = 3.0, 3072
_NS_PER_DAY = 86_400 * 10**9


def cpu_of_best(runs: int, work) -> tuple[float, float, object]:
    """The shortest wall time of ``runs`` runs of ``work()``, the processor time of that
    run (all threads), and its result. On a shared machine the processor time moves
    less with the load than the wall time does."""
    best, result = (math.inf, math.inf), None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best[0], best[1], result


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def plan_order(plan, level: str) -> tuple[list[str], list[str], list[str]]:
    """The plan's nodes in plan order (names and events), and the events left out.

    Milestones in map order; at the touchpoint level the touchpoints of the path that
    leads to a milestone (from the one before, or from first contact) come just before
    it, in path order. Written again here from the rule, not taken from the package.
    """
    from journey_lessons.events import milestone_events, touchpoint_events

    touchpoints = list(touchpoint_events(plan).items())  # path by path, in order
    by_path, k = [], 0
    for path in plan.paths.paths:
        by_path.append(touchpoints[k : k + len(path.touchpoints)])
        k += len(path.touchpoints)
    names, events, previous = [], [], ""
    for event, name in milestone_events(plan).items():
        if level == "touchpoints":
            for path, met in zip(plan.paths.paths, by_path, strict=True):
                if (path.start.strip(), path.end.strip()) == (previous.strip(), name.strip()):
                    events += [e for e, _ in met]
                    names += [n for _, n in met]
        events.append(event)
        names.append(name)
        previous = name
    left_out = [] if level == "touchpoints" else [e for e, _ in touchpoints]
    return names, events, left_out


def duckdb_transitions(log, plan, level: str) -> dict[str, list]:
    """The directly-follows transitions in DuckDB SQL, written from the rules alone.

    A node is the plan's milestone or touchpoint event, numbered in plan order;
    events the plan does not name are one node, ``other``, after them; touchpoint
    events are left out at the milestone level. Ties in time go in plan order.
    """
    import duckdb
    import pandas as pd

    names, events, left_out = plan_order(plan, level)
    mapping = pd.DataFrame(
        {
            "event": [*events, *left_out],
            "node": [*range(len(events)), *([-1] * len(left_out))],
        }
    )
    con = duckdb.connect()
    con.register("log", log)
    con.register("nodes", mapping)
    other, start, end = len(events), len(events) + 1, len(events) + 2
    names = [*names, "other", "start", "end"]
    rows = con.execute(
        f"""
        WITH seq AS (
            SELECT l.customer_id AS c, epoch_ns(l.timestamp) AS t,
                   COALESCE(m.node, {other}) AS node
            FROM log l LEFT JOIN nodes m ON CAST(l.event AS VARCHAR) = m.event
            WHERE COALESCE(m.node, {other}) >= 0
        ), moves AS (
            SELECT c, node AS a,
                   COALESCE(LEAD(node) OVER w, {end}) AS b,
                   LEAD(t) OVER w - t AS gap,
                   ROW_NUMBER() OVER w AS k
            FROM seq
            WINDOW w AS (PARTITION BY c ORDER BY t, node)
        ), all_moves AS (
            SELECT c, a, b, gap FROM moves
            UNION ALL
            SELECT c, {start} AS a, a AS b, NULL AS gap FROM moves WHERE k = 1
        )
        SELECT a, b, count(*) AS moves, count(DISTINCT c) AS customers,
               quantile_cont(gap, 0.5) AS median, quantile_cont(gap, 0.25) AS q25,
               quantile_cont(gap, 0.75) AS q75
        FROM all_moves GROUP BY a, b ORDER BY a, b
        """
    ).fetchall()
    con.close()
    return {
        f"{names[a]} -> {names[b]}": [
            int(moves),
            int(customers),
            *(math.nan if v is None else float(v) / _NS_PER_DAY for v in (median, q25, q75)),
        ]
        for a, b, moves, customers, median, q25, q75 in rows
    }


def ours(observed) -> dict[str, list]:
    t = observed.transitions
    return {
        f"{a} -> {b}": [int(m), int(c), float(md), float(q1), float(q3)]
        for a, b, m, c, md, q1, q3 in zip(
            t["from"],
            t["to"],
            t["moves"],
            t["customers"],
            t["median_days"],
            t["q25_days"],
            t["q75_days"],
            strict=True,
        )
    }


def child(side: str, events: int) -> None:
    """One side of one size, both levels, in a process of its own, printed as JSON."""
    from journey_lessons import observed
    from journey_lessons.journey import sample_journey
    from journey_lessons.observed import observe
    from journey_lessons.simulate import simulate_events

    if side == "ours-one-core":
        observed._cores = lambda: 1  # what a one-core machine reports
    plan = sample_journey()
    begin = time.perf_counter()
    log = simulate_events(plan, customers=round(events / EVENTS_PER_CUSTOMER), seed=2024)
    simulated = time.perf_counter() - begin
    out: dict = {"events": len(log), "simulate_s": simulated, "levels": {}}
    for level in LEVELS:
        if side.startswith("ours"):
            seconds, cpu, result = cpu_of_best(
                3, lambda level=level: observe(log, plan, level=level)
            )
            found = ours(result)
            extra = {"cpu": cpu, "variants": result.variant_count}
        else:
            seconds, found = best_of(3, lambda level=level: duckdb_transitions(log, plan, level))
            extra = {}
        out["levels"][level] = {"seconds": seconds, "transitions": found, **extra}
    out["peak_mb"] = peak_mb()
    print(json.dumps(out))


def run(side: str, events: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, side, str(events)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def same(a: list, b: list) -> bool:
    """Counts equal, and times equal (both missing counts as equal)."""
    return a[:2] == b[:2] and all(
        (math.isnan(x) and math.isnan(y)) or x == y for x, y in zip(a[2:], b[2:], strict=True)
    )


def main(sizes: tuple[int, ...], one_core: bool = False) -> int:
    print(
        f"{'events':>11}  {'level':<11}  {'simulate':>8}  {'observe':>8}  {'(cpu)':>7}  "
        f"{'DuckDB':>7}  "
        f"{'ratio':>5}  {'moves':>5}  {'paths':>7}  {'peak ours':>9}  {'peak DuckDB':>11}  agree"
    )
    ok, met = True, {}
    for size in sizes:
        mine, theirs = run("ours-one-core" if one_core else "ours", size), run("duckdb", size)
        for level in LEVELS:
            a, b = mine["levels"][level], theirs["levels"][level]
            keys = set(a["transitions"]) | set(b["transitions"])
            differ = [
                k
                for k in sorted(keys)
                if not same(a["transitions"].get(k, []), b["transitions"].get(k, []))
            ]
            ratio = a["seconds"] / b["seconds"]
            print(
                f"{mine['events']:>11,}  {level:<11}  {mine['simulate_s']:>7.1f}s  "
                f"{a['seconds']:>7.2f}s  {a['cpu']:>6.2f}s  {b['seconds']:>6.2f}s  {ratio:>5.2f}  "
                f"{len(keys):>5}  {a['variants']:>7,}  {mine['peak_mb']:>7.0f}MB  "
                f"{theirs['peak_mb']:>9.0f}MB  "
                f"{'yes' if not differ else 'NO: ' + '; '.join(differ[:3])}"
            )
            ok &= not differ
            if size == max(sizes):
                met[f"{level}: observe under {SECONDS_TARGET:g} s"] = a["seconds"] < SECONDS_TARGET
        if size == max(sizes):
            met[f"peak memory under {MEMORY_TARGET_MB} MB"] = mine["peak_mb"] < MEMORY_TARGET_MB
    for name, passed in met.items():
        print(f"target at {max(sizes):,} events: {name}: {'met' if passed else 'NOT MET'}")
    print(
        "peak memory: the whole process (simulated log, both levels), ru_maxrss; "
        "times are the best of three, both levels run in the same process; (cpu) is the "
        "processor time of observe's best run, all threads (its sort uses two cores)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] and sys.argv[1] in ("ours", "ours-one-core", "duckdb"):
        child(sys.argv[1], int(sys.argv[2]))
    else:
        flags = [a for a in sys.argv[1:] if a.startswith("--")]
        unknown = sorted(set(flags) - {"--one-core"})
        if unknown:
            sys.exit(f"unknown flag {unknown[0]}: the only flag is --one-core")
        sizes = tuple(int(a) for a in sys.argv[1:] if not a.startswith("--")) or SIZES
        sys.exit(main(sizes, one_core="--one-core" in flags))
