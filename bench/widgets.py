"""How long a widget takes from a changed value to its redrawn view (target: under 150 ms).

Measures the Python side: rebuilding the model, checking it, drawing the figure
and rendering it to PNG. Run with `make bench`.
"""

from __future__ import annotations

import statistics
import time

from journey_lessons import Stage, sample_milestones
from journey_lessons.widgets import MilestoneBuilder

TARGET_MS = 150


def time_changes(change, repeats: int = 30) -> list[float]:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        change(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> bool:
    median = statistics.median(times)
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    ok = p95 < TARGET_MS
    print(f"{name:<40} median {median:6.1f} ms   p95 {p95:6.1f} ms   {'ok' if ok else 'SLOW'}")
    return ok


def main() -> None:
    builder = MilestoneBuilder(sample_milestones())
    builder.core_row.name.value = "warm up"
    results = [
        report(
            "MilestoneBuilder: type in the core name",
            time_changes(lambda i: setattr(builder.core_row.name, "value", f"Buy plan {i}")),
        ),
        report(
            "MilestoneBuilder: change a kind",
            time_changes(
                lambda i: setattr(
                    builder.after_rows.children[0].kind, "value", ("survey", "testimonial")[i % 2]
                )
            ),
        ),
    ]
    big = MilestoneBuilder(sample_milestones())
    for n in range(6):
        big.add_row(Stage.BEFORE if n % 2 else Stage.AFTER).name.value = f"Extra milestone {n}"
    results.append(
        report(
            "MilestoneBuilder (12 milestones): type",
            time_changes(lambda i: setattr(big.title, "value", f"Business {i}")),
        )
    )
    print(f"target: p95 under {TARGET_MS} ms; {'all met' if all(results) else 'NOT MET'}")


if __name__ == "__main__":
    main()
