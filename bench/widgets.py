"""How long each course widget takes from a changed value to its redrawn view.

Target: under 150 ms (p95) for the editing widgets. Measures the Python side:
rebuilding the model, checking it, drawing the figure and rendering it to SVG.
Wall-clock and CPU time are both printed: on a busy machine the CPU figure is the
fairer one. Run with `make bench`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from journey_lessons import Block, Priority, sample_journey
from journey_lessons import widgets as jw

TARGET_MS = 150
REPEATS = 30


def measure(change: Callable[[int], None]) -> tuple[list[float], list[float]]:
    change(-1)  # warm up: first draws fill font caches
    wall, cpu = [], []
    for i in range(REPEATS):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        change(i)
        wall.append((time.perf_counter() - start_wall) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def p95(values: list[float]) -> float:
    return sorted(values)[max(int(len(values) * 0.95) - 1, 0)]


def cases() -> list[tuple[str, Callable[[int], None]]]:
    plan = sample_journey()
    builder = jw.MilestoneBuilder(plan)
    paver = jw.PathPaver(plan)
    first_row = paver.rows.children[0]
    board = jw.MoscowBoardEditor(plan)
    priority_row = board.rows.children[3]
    use_cases = jw.UseCaseEditor(plan)
    canvas = jw.CanvasBoard(plan)
    channels = canvas.blocks[Block.CHANNELS]
    channel_items = channels.items.value
    nfr = jw.NfrEditor(plan)
    stage = nfr.rows.children[0].stage
    stages = [value for _, value in stage.options][:2]
    dashboard = jw.KpiDashboard(plan)
    first_target = dashboard.target_rows.children[0].target
    listed = [
        ("MilestoneBuilder: type the core name",
         lambda i: setattr(builder.core_row.name, "value", f"Buy plan {i}")),
        ("PathPaver: type a channel",
         lambda i: setattr(first_row.channel, "value", f"Instagram {i}")),
        ("MoscowBoardEditor: change a priority",
         lambda i: setattr(priority_row.priority, "value",
                           (Priority.MUST, Priority.SHOULD)[i % 2])),
        ("UseCaseEditor: type the title",
         lambda i: setattr(use_cases.title, "value", f"Start a free trial {i}")),
        ("CanvasBoard: type in a block",
         lambda i: setattr(channels.items, "value", f"{channel_items}\nPodcast {i}")),
        ("NfrEditor: move a requirement to another stage",
         lambda i: setattr(stage, "value", stages[i % 2])),
        ("KpiDashboard: change a target",
         lambda i: setattr(first_target, "value", 20.0 + i)),
        ("KpiDashboard: re-simulate (what-if price)",
         lambda i: setattr(dashboard.price, "value", 100.0 + i)),
    ]  # fmt: skip
    return listed


def main() -> None:
    print(f"{'change':<44} {'wall median':>12} {'wall p95':>9} {'cpu median':>11} {'cpu p95':>8}")
    worst = 0.0
    for name, change in cases():
        wall, cpu = measure(change)
        worst = max(worst, p95(cpu))
        print(
            f"{name:<44} {statistics.median(wall):9.1f} ms {p95(wall):6.1f} ms "
            f"{statistics.median(cpu):8.1f} ms {p95(cpu):5.1f} ms"
        )
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"target: p95 under {TARGET_MS} ms; worst CPU p95 {worst:.1f} ms: {verdict}")


if __name__ == "__main__":
    main()
