"""How long each course widget takes from a changed value to its redrawn view.

Target: under 150 ms (p95) for the editing widgets with the sample business, and
under 300 ms (p95) with a learner's big plan of 200 items in the part a widget
edits (a board, a requirement set, a canvas, a set of use cases, paths of 200
touchpoints). The FlowExplorer, on the sample business with 2,000 simulated
customers: under 300 ms (p95) for the share slider and choosing a step; the level
and the cohort are timed too (each is observed once, then reused). Measures the Python side:
rebuilding the model, checking it, drawing the figure and rendering it to SVG.
Wall-clock and CPU time are both printed: on a busy machine the CPU figure is the
fairer one. Run with `make bench`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from journey_lessons import (
    Block,
    Canvas,
    Characteristic,
    JourneyPlan,
    JourneyStage,
    LifecycleStep,
    Milestone,
    MilestoneMap,
    MomentKind,
    MomentOfTruth,
    MoscowBoard,
    MoscowItem,
    PathSet,
    Priority,
    Requirement,
    RequirementSet,
    Stage,
    Touchpoint,
    UpsellImpact,
    UseCase,
    UseCaseSet,
    sample_journey,
)
from journey_lessons import widgets as jw
from journey_lessons.nfr import Direction
from journey_lessons.paths import Path
from journey_lessons.simulate import simulate_events
from journey_lessons.usecases import Step

TARGET_MS = 150
BIG_TARGET_MS = 300
BIG = 200  # items in the part a widget edits, for the big plan
REPEATS = 30
FLOW_CUSTOMERS = 2000  # simulated customers of the sample business, for the FlowExplorer
FLOW_TARGET_MS = 300


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


def big_plan(n: int = BIG) -> JourneyPlan:
    """A learner's bakery (not the sample) with ``n`` items in every part."""
    before = [Milestone(f"Tasting day {i}", Stage.BEFORE, measure="visitors") for i in (1, 2)]
    after = [Milestone(f"Bread club month {i}", Stage.AFTER, measure="members") for i in (1, 2)]
    core = Milestone("First bread box order", Stage.CORE, measure="orders a week")
    milestones = MilestoneMap.from_columns(core, before, after, title="Hillside Bakery")
    names = [m.name for m in milestones.milestones]
    pairs = list(zip(["", *names], names, strict=False))
    steps = list(LifecycleStep)
    touchpoints = [
        Touchpoint(
            f"Sourdough offer {i}",
            steps[i % len(steps)],
            channel="email",
            trigger=f"day {i} after the last order",
            owner="shop manager",
            content=f"A loaf of the week with {i}% off the box",
            wait_days=2,
            measure="share who order within 7 days",
            emotion=i % 5 - 2,
        )
        for i in range(n)
    ]
    per_path = -(-n // len(pairs))
    paths = PathSet(
        tuple(
            Path(start, end, tuple(touchpoints[k * per_path : (k + 1) * per_path]))
            for k, (start, end) in enumerate(pairs)
        )
    )
    priorities, impacts = list(Priority), list(UpsellImpact)
    board = MoscowBoard(
        tuple(
            MoscowItem(t.name, priorities[i % 4], 1 + i % 3, impacts[i % 3], "few buyers yet")
            for i, t in enumerate(touchpoints)
        ),
        budget=250,
    )
    stages, characteristics = list(JourneyStage), list(Characteristic)
    requirements = RequirementSet(
        tuple(
            Requirement(
                f"NFR-{i + 1}",
                stages[i % len(stages)],
                characteristics[i % len(characteristics)],
                f"The order page loads in at most {i % 4 + 1} s",
                "page load time on a phone",
                i % 4 + 1,
                "s",
                Direction.AT_MOST,
                measured=(i % 6) or None,
            )
            for i in range(n)
        ),
        "Hillside Bakery",
    )
    use_cases = UseCaseSet(
        tuple(
            UseCase(
                f"Order a bread box {i}",
                f"Customer {i % 6}",
                stages[i % len(stages)],
                main_scenario=(Step("picks a box", "Customer"), Step("pays", "Customer")),
                upsell_steps=(2,) if i % 3 == 0 else (),
            )
            for i in range(n)
        ),
        "Hillside Bakery",
    )
    blocks = list(Block)
    items = {b: tuple(f"{b.label} item {i}" for i in range(k, n, len(blocks))) for k, b in
             enumerate(blocks)}  # fmt: skip
    moments = tuple(
        MomentOfTruth(f"Box arrives {i}", MomentKind.SECOND, touchpoints[i].name,
                      (blocks[i % len(blocks)],), bool(i % 2))
        for i in range(20)
    )  # fmt: skip
    canvas = Canvas(items, moments, "Hillside Bakery")
    return JourneyPlan(milestones, paths, board, requirements, use_cases, canvas)


def big_cases() -> list[tuple[str, Callable[[int], None]]]:
    """One change in each widget whose part holds 200 items, then its redraw."""
    plan = big_plan()
    paver = jw.PathPaver(plan)
    first_row = paver.rows.children[0]
    board = jw.MoscowBoardEditor(plan)
    priority_row = board.rows.children[len(board.rows.children) // 2]
    use_cases = jw.UseCaseEditor(plan)
    canvas = jw.CanvasBoard(plan)
    channels = canvas.blocks[Block.CHANNELS]
    channel_items = channels.items.value
    nfr = jw.NfrEditor(plan)
    stage = nfr.rows.children[BIG // 2].stage
    stages = [value for _, value in stage.options][:2]
    return [
        (f"PathPaver, {BIG} touchpoints: type a channel",
         lambda i: setattr(first_row.channel, "value", f"Instagram {i}")),
        (f"MoscowBoardEditor, {BIG} items: priority",
         lambda i: setattr(priority_row.priority, "value",
                           (Priority.MUST, Priority.SHOULD)[i % 2])),
        (f"MoscowBoardEditor, {BIG}+ items: add one",
         lambda i: board.add_touchpoint(f"Rye offer {i}")),
        (f"UseCaseEditor, {BIG} use cases: type the title",
         lambda i: setattr(use_cases.title, "value", f"Order a gift box {i}")),
        (f"CanvasBoard, {BIG} items: type in a block",
         lambda i: setattr(channels.items, "value", f"{channel_items}\nPodcast {i}")),
        (f"NfrEditor, {BIG} requirements: move one",
         lambda i: setattr(stage, "value", stages[i % 2])),
    ]  # fmt: skip


def flow_cases() -> tuple[list, list]:
    """The FlowExplorer on the sample business with 2,000 simulated customers: the slider
    and the step (target), then the level and the cohort (which may observe anew)."""
    plan = sample_journey()
    events = simulate_events(plan, FLOW_CUSTOMERS, seed=2024)
    by_milestones = jw.FlowExplorer(events, plan)
    by_touchpoints = jw.FlowExplorer(events, plan)
    by_touchpoints.level.value = "touchpoints"
    steps = [value for _, value in by_touchpoints.step.options]
    switching = jw.FlowExplorer(events, plan)
    levels = [value for _, value in switching.level.options]
    months = jw.FlowExplorer(events, plan)
    months.level.value = "touchpoints"
    cohorts = [value for _, value in months.cohort.options]
    quick = [
        ("FlowExplorer, milestones: share slider",
         lambda i: setattr(by_milestones.min_share, "value", (i % 31) / 100)),
        ("FlowExplorer, touchpoints: share slider",
         lambda i: setattr(by_touchpoints.min_share, "value", (i % 31) / 100)),
        ("FlowExplorer, touchpoints: choose a step",
         lambda i: setattr(by_touchpoints.step, "value", steps[i % len(steps)])),
    ]  # fmt: skip
    observing = [
        ("FlowExplorer: switch the level",
         lambda i: setattr(switching.level, "value", levels[i % 2])),
        ("FlowExplorer, touchpoints: choose a cohort",
         lambda i: setattr(months.cohort, "value", cohorts[i % len(cohorts)])),
    ]  # fmt: skip
    return quick, observing


def report(title: str, listed: list[tuple[str, Callable[[int], None]]], target: float) -> None:
    print(f"{title:<44} {'wall median':>12} {'wall p95':>9} {'cpu median':>11} {'cpu p95':>8}")
    worst = 0.0
    for name, change in listed:
        wall, cpu = measure(change)
        worst = max(worst, p95(cpu))
        print(
            f"{name:<44} {statistics.median(wall):9.1f} ms {p95(wall):6.1f} ms "
            f"{statistics.median(cpu):8.1f} ms {p95(cpu):5.1f} ms"
        )
    verdict = "met" if worst < target else "NOT met"
    print(f"target: p95 under {target} ms; worst CPU p95 {worst:.1f} ms: {verdict}")


def main() -> None:
    report("change (sample business)", cases(), TARGET_MS)
    print()
    report(f"change (a learner's plan, {BIG} items a part)", big_cases(), BIG_TARGET_MS)
    print()
    quick, observing = flow_cases()
    customers = f"{FLOW_CUSTOMERS:,} customers"
    report(f"FlowExplorer ({customers}): slider, step", quick, FLOW_TARGET_MS)
    print()
    report(f"FlowExplorer ({customers}): level, cohort", observing, FLOW_TARGET_MS)


if __name__ == "__main__":
    main()
