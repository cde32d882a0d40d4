"""Reading speed: read_events on a simulated event log saved as CSV and as Parquet.

Simulates a seeded log of about N events from the sample journey plan (default
1M), writes it once to a temporary CSV and Parquet file, then times
``read_events`` on each (best of three, in this process). The target: a 1M-row
CSV read and checked in under 10 s on a laptop. Run with
``python bench/read_events.py [events]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _timing import best_of  # bench/ is on the path when a script here runs

EVENTS_PER_CUSTOMER = 7.0  # what the sample journey plan gives with the default settings
TARGET_S = 10.0


def main(events: int) -> int:
    from journey_lessons.events import read_events
    from journey_lessons.journey import sample_journey
    from journey_lessons.simulate import simulate_events

    log = simulate_events(
        sample_journey(), customers=round(events / EVENTS_PER_CUSTOMER), seed=2024
    )
    with tempfile.TemporaryDirectory() as folder:
        csv, parquet = Path(folder) / "events.csv", Path(folder) / "events.parquet"
        log.to_csv(csv, index=False)
        log.to_parquet(parquet, index=False)
        print(f"{len(log):,} events, CSV {csv.stat().st_size / 2**20:.0f} MB")
        csv_s, read = best_of(3, lambda: read_events(csv))
        print(f"CSV      {csv_s:6.2f} s  ({len(log) / csv_s:,.0f} rows/s)  {read.report.summary()}")
        pq_s, read = best_of(3, lambda: read_events(parquet))
        print(f"Parquet  {pq_s:6.2f} s  ({len(log) / pq_s:,.0f} rows/s)")
        frame_s, _ = best_of(3, lambda: read_events(log))
        print(f"DataFrame{frame_s:6.2f} s  ({len(log) / frame_s:,.0f} rows/s)")
    met = csv_s < TARGET_S * len(log) / 1_000_000
    print(f"target: 1M CSV rows under {TARGET_S:.0f} s: {'met' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
