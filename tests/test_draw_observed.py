"""The observed journey's drawings: readable at 10 and at 40 nodes, and saying what
they leave out."""

from __future__ import annotations

import pandas as pd
import pytest
from drawing_support import SMALLEST_PX, smallest_shown_text, texts_outside
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
from matplotlib.text import Text

from journey_lessons import (
    JourneyPlan,
    LifecycleStep,
    Milestone,
    MilestoneMap,
    Stage,
    Touchpoint,
    draw,
)
from journey_lessons.draw import PAGE_WIDTH
from journey_lessons.draw._observed import MOST_BENT_MOVES
from journey_lessons.events import milestone_events, touchpoint_events
from journey_lessons.observed import observe
from journey_lessons.paths import Path, PathSet
from journey_lessons.simulate import simulate_events


def bike_shop(milestones: int, touchpoints_per_path: int) -> JourneyPlan:
    """A bike repair shop's plan with ``milestones`` milestones, one path into each."""
    before = [
        Milestone(f"Free check number {k} of the frame and gears", Stage.BEFORE, "custom", "n")
        for k in range(milestones // 2 - 1)
    ]
    core = Milestone("First paid repair", Stage.CORE, "core_purchase", "repairs a week")
    after = [
        Milestone(f"Service plan year {k} with a long name to wrap", Stage.AFTER, "custom", "n")
        for k in range(milestones - len(before) - 1)
    ]
    names = [m.name for m in (*before, core, *after)]
    paths = tuple(
        Path(
            start,
            end,
            tuple(
                Touchpoint(
                    f"Reminder {k} by text message to the rider before path {n}",
                    LifecycleStep.NURTURE if n <= len(before) else LifecycleStep.REPEAT,
                    "SMS",
                )
                for k in range(touchpoints_per_path)
            ),
        )
        for n, (start, end) in enumerate(zip(["", *names], names, strict=False))
    )
    return JourneyPlan(
        milestones=MilestoneMap.from_columns(core, before, after),
        paths=PathSet(paths),
        business="Spoke & Chain bike repair",
    )


# 4 milestones and 5 touchpoints, then other: 10 nodes; 8 and 31, then other: 40 nodes
SMALL = bike_shop(4, 1)
SMALL = SMALL.replace(
    paths=SMALL.paths.replace(
        0, SMALL.paths.paths[0].add(Touchpoint("Poster at the station", "acquire_leads"))
    )
)
LARGE = bike_shop(8, 4)
LARGE = LARGE.replace(paths=LARGE.paths.replace(7, LARGE.paths.paths[7].remove(3)))


def observed(plan: JourneyPlan):
    return observe(simulate_events(plan, customers=1500, seed=3), plan, level="touchpoints")


def test_the_plans_have_10_and_40_nodes():
    assert len(observed(SMALL).nodes) - 2 == 10  # without start and end
    assert len(observed(LARGE).nodes) - 2 == 40


def texts(fig: Figure) -> list[Text]:
    return [a for a in fig.artists if isinstance(a, Text) and a.get_text()]


def edges(fig: Figure, gid: str) -> list[FancyArrowPatch]:
    return [a for a in fig.artists if isinstance(a, FancyArrowPatch) and a.get_gid() == gid]


@pytest.mark.parametrize("plan", [SMALL, LARGE], ids=["10 nodes", "40 nodes"])
@pytest.mark.parametrize("kind", ["flow", "variants"])
def test_no_text_is_small_cut_off_or_over_another(plan, kind):
    seen = observed(plan)
    fig = draw.observed_flow(seen, plan) if kind == "flow" else draw.observed_variants(seen)
    # laid out for the page: 9 px at least where the book shows it, at any number of steps
    assert fig.get_figwidth() <= PAGE_WIDTH + 1e-9
    assert smallest_shown_text(fig)[0] >= SMALLEST_PX
    assert texts_outside(fig) == []
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    for artist in [*texts(fig), *(a for a in fig.artists if isinstance(a, Patch))]:
        box = artist.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, artist
        assert page.y0 <= box.y0 and box.y1 <= page.y1, artist
    # no text runs over another: every label of every move can be read
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts(fig)]
    for n, (text, box) in enumerate(boxes):
        for other, other_box in boxes[n + 1 :]:
            overlap_x = min(box.x1, other_box.x1) - max(box.x0, other_box.x0)
            overlap_y = min(box.y1, other_box.y1) - max(box.y0, other_box.y0)
            assert min(overlap_x, overlap_y) <= 1, f"{text!r} overlaps {other!r}"
    # each node's name stays within its own box
    if kind == "flow":
        boxes = [a for a in fig.artists if str(a.get_gid()).startswith("node-")]
        for box in boxes:
            extent = box.get_window_extent(renderer)
            inside = [
                t
                for t in texts(fig)
                if extent.x0 < t.get_window_extent(renderer).x0 < extent.x1
                and t.get_position()[1] * fig.dpi > extent.y0
                and t.get_position()[1] * fig.dpi < extent.y1
            ]
            assert inside, box  # its name and its customers
            for text in inside:
                drawn = text.get_window_extent(renderer)
                assert extent.x0 <= drawn.x0 and drawn.x1 <= extent.x1, text.get_text()


EVENT = {n: e for e, n in (milestone_events(SMALL) | touchpoint_events(SMALL)).items()}
CHECK, REPAIR = SMALL.milestones.milestones[0].name, SMALL.milestones.milestones[1].name
AFTER = SMALL.milestones.milestones[2].name


def hand_built() -> pd.DataFrame:
    """Ten customers go from the check to the repair; one skips to the service plan."""
    rows = [(f"c{k}", day, name) for k in range(10) for day, name in ((0, CHECK), (2, REPAIR))]
    rows += [("skipper", 0, CHECK), ("skipper", 5, AFTER)]
    return pd.DataFrame(
        {
            "customer_id": [c for c, _, _ in rows],
            "timestamp": [pd.Timestamp("2024-03-01") + pd.Timedelta(days=d) for _, d, _ in rows],
            "event": [EVENT[n] for _, _, n in rows],
        }
    )


def test_off_plan_moves_are_dashed_in_another_colour_than_planned_ones():
    fig = draw.observed_flow(observe(hand_built(), SMALL), SMALL)
    (planned,) = edges(fig, "edge-planned")[1:]  # after start -> check: check -> repair
    (skip,) = edges(fig, "edge-off-plan")
    assert planned.get_linestyle() == "-" and skip.get_linestyle() == "--"
    assert planned.get_edgecolor() != skip.get_edgecolor()
    # width follows the customers: 10 took the planned move, 1 the skip
    assert planned.get_linewidth() > 3 * skip.get_linewidth()
    labels = {t.get_text() for t in texts(fig)}
    assert "9%\n5.0 d" in labels  # 1 of the 11 at the check, after 5 days
    assert "91% · 2.0 d" in labels  # the next step down: labelled on one line
    assert "100% ended" in labels  # everyone's journey ended after the repair


def test_steps_run_down_the_page_and_skips_bend_out_to_the_right():
    fig = draw.observed_flow(observe(hand_built(), SMALL), SMALL)
    tops = {}
    for box in (a for a in fig.artists if str(a.get_gid()).startswith("node-")):
        tops.setdefault(box.get_gid(), []).append(box.get_y() + box.get_height())
    # start above the four milestones, which go down in journey order
    (start,) = tops["node-start"]
    assert len(tops["node-milestone"]) == 4
    assert [start, *tops["node-milestone"]] == sorted(tops["node-milestone"] + [start])[::-1]
    # the skip from the check past the repair leaves the boxes' right edge and comes back
    renderer = FigureCanvasAgg(fig).get_renderer()
    (skip,) = (e.get_window_extent(renderer) for e in edges(fig, "edge-off-plan"))
    box = next(a for a in fig.artists if a.get_gid() == "node-milestone")
    right_edge = box.get_window_extent(renderer).x1
    assert skip.x0 >= right_edge - 2  # pixels: the line's own width
    assert skip.x1 > right_edge + 0.2 * fig.dpi


def skips_from_the_check(customers_per_skip: list[int]) -> tuple[JourneyPlan, pd.DataFrame]:
    """A plan of one milestone after another; from the first, len(customers_per_skip)
    skips, to the 3rd milestone, the 4th and so on, each made by that many customers."""
    plan = bike_shop(len(customers_per_skip) + 2, 0)
    names = [m.name for m in plan.milestones.milestones]
    event = {n: e for e, n in milestone_events(plan).items()}
    rows = []
    for k, count in enumerate(customers_per_skip):
        for c in range(count):
            rows += [(f"c{k}-{c}", 0, names[0]), (f"c{k}-{c}", 3, names[k + 2])]
    frame = pd.DataFrame(
        {
            "customer_id": [c for c, _, _ in rows],
            "timestamp": [pd.Timestamp("2024-03-01") + pd.Timedelta(days=d) for _, d, _ in rows],
            "event": [event[n] for _, _, n in rows],
        }
    )
    return plan, frame


def test_too_many_moves_to_tell_apart_raise_the_threshold_and_say_so():
    # 31 skips from the check, made by 1, 2, ... 31 of its 496 customers: more than
    # MOST_BENT_MOVES (30). Under 1% are those made by 1 to 4 customers (4/496 = 0.8%,
    # 5/496 = 1.0%): the smallest whole percent hides those 4 and shows the other 27.
    assert MOST_BENT_MOVES == 30
    plan, frame = skips_from_the_check(list(range(1, 32)))
    fig = draw.observed_flow(observe(frame, plan), plan, min_share=0.0)
    assert len(edges(fig, "edge-off-plan")) == 27
    (note,) = [t.get_text() for t in texts(fig) if t.get_gid() == "hidden-note"]
    assert note.startswith("4 moves made by under 1% of their customers hidden (raised from 0%")
    assert "4 moves made by under 1% of their customers are hidden (the threshold is raised " in (
        fig.alt_text
    )
    # with 30 skips, all fit: nothing is raised
    plan, frame = skips_from_the_check(list(range(1, 31)))
    fig = draw.observed_flow(observe(frame, plan), plan, min_share=0.0)
    assert len(edges(fig, "edge-off-plan")) == 30
    assert "raised" not in fig.alt_text


def test_moves_under_min_share_are_hidden_and_counted():
    seen = observe(hand_built(), SMALL)
    shown = draw.observed_flow(seen, SMALL, min_share=0.05)
    hidden = draw.observed_flow(seen, SMALL, min_share=0.10)
    assert len(edges(shown, "edge-off-plan")) == 1 and edges(hidden, "edge-off-plan") == []

    def note(fig: Figure) -> str:
        (found,) = [t.get_text() for t in texts(fig) if t.get_gid() == "hidden-note"]
        return found

    assert note(shown).startswith("0 moves made by under 5% of their customers hidden")
    assert note(hidden).startswith("1 move made by under 10% of their customers hidden")
    assert "1 move made by under 10% of their customers is hidden" in hidden.alt_text


def test_the_variants_are_bars_as_long_as_their_share():
    fig = draw.observed_variants(observe(hand_built(), SMALL), top=1)
    rows = {}
    for chip in (a for a in fig.artists if isinstance(a, Rectangle)):
        y = round(chip.get_y(), 3)
        left, right = rows.get(y, (chip.get_x(), chip.get_x()))
        rows[y] = (min(left, chip.get_x()), max(right, chip.get_x() + chip.get_width()))
    lengths = sorted((right - left for left, right in rows.values()), reverse=True)
    # the top path (10 of 11 customers), then the other path grouped (1 of 11)
    assert len(lengths) == 2
    assert lengths[0] / lengths[1] == pytest.approx(10, rel=0.02)
    shown = " ".join(t.get_text() for t in texts(fig))
    assert "91%" in shown and "(1 other path)" in shown


def test_an_empty_log_and_an_empty_plan_still_draw():
    empty = hand_built().head(0)
    for plan in (SMALL, JourneyPlan(business="Spoke & Chain")):
        seen = observe(empty, plan)
        flow, variants = draw.observed_flow(seen, plan), draw.observed_variants(seen)
        assert "0 customers" in flow.alt_text
        assert "none" in variants.alt_text


def test_a_learners_dollar_signs_are_drawn_as_typed():
    priced = SMALL.rename_touchpoint("Poster at the station", "$5 off, then $10 a month")
    fig = draw.observed_flow(observed(priced), priced)
    assert any("$5 off" in t.get_text() for t in texts(fig))
    assert "$5 off" in draw.svg_text(fig)
