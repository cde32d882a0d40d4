"""Every drawing is legible where the book shows it: no text under 9 px in the content
column on a laptop, none out of the figure. Quick to run: the browser test
(tests/test_book_figures.py) checks the same on the built site."""

from __future__ import annotations

import pytest
from drawing_support import (
    DRAWINGS,
    PARTS,
    SMALLEST_PX,
    smallest_shown_text,
    texts_outside,
)
from matplotlib.text import Text

from journey_lessons import (
    Block,
    JourneyPlan,
    LifecycleStep,
    Milestone,
    MilestoneMap,
    Stage,
    Touchpoint,
    UseCase,
    UseCaseSet,
    draw,
    sample_canvas,
    sample_journey,
    sample_requirements,
    sample_use_cases,
)
from journey_lessons.draw import PAGE_WIDTH, Drawing
from journey_lessons.observed import observe
from journey_lessons.paths import Path, PathSet
from journey_lessons.simulate import simulate_events


def test_text_shows_at_its_own_size_up_to_the_column_and_shrinks_with_a_wider_drawing():
    # worked out by hand: 7 pt at 96 px to the inch is 7 * 96 / 72 = 9.33 px; a drawing
    # of 15 in (1440 px) in a 720 px column shows at half size, 4.67 px
    def with_7_point_text(width: float) -> Drawing:
        fig = Drawing(figsize=(width, 2))
        fig.add_artist(Text(0.5, 0.5, "seven points", fontsize=7))
        return fig

    assert smallest_shown_text(with_7_point_text(7.5)) == (
        pytest.approx(9.333, abs=0.01),
        "seven points",
    )
    assert smallest_shown_text(with_7_point_text(15))[0] == pytest.approx(4.667, abs=0.01)
    assert smallest_shown_text(with_7_point_text(15), column_px=1440)[0] == pytest.approx(
        9.333, abs=0.01
    )


def test_text_out_of_the_figure_is_found():
    fig = Drawing(figsize=(3, 1))
    fig.add_artist(Text(0.1, 0.5, "inside", fontsize=9))
    fig.add_artist(Text(0.9, 0.5, "runs out of the right edge", fontsize=9))
    assert texts_outside(fig) == ["runs out of the right edge"]


# The book's drawings of the sample business, and a learner's own (drawing_support.PARTS).
SAMPLE = sample_journey()
BOOK = {
    "milestones": lambda: draw.milestones(SAMPLE.milestones),
    "paths": lambda: draw.paths(SAMPLE.milestones, SAMPLE.paths),
    "moscow_board": lambda: draw.moscow_board(SAMPLE.board),
    "nfr_heatmap": lambda: draw.nfr_heatmap(sample_requirements()),
    "use_cases": lambda: draw.use_cases(sample_use_cases()),
    "canvas": lambda: draw.canvas(sample_canvas()),
}
LEARNER = {name: (lambda make=make: make(PARTS)) for name, (make, _, _) in DRAWINGS.items()}


def _many_touchpoints() -> Drawing:
    """A path of 15 long-named touchpoints and another of 3: the swimlane takes rows."""
    first, second = (m.name for m in PARTS["milestones"].milestones[:2])
    long_names = tuple(
        Touchpoint(f"Reminder number {k} sent the evening before", LifecycleStep.NURTURE, "SMS")
        for k in range(15)
    )
    paths = PathSet((Path("", first, long_names[:3]), Path(first, second, long_names)))
    return draw.paths(PARTS["milestones"], paths)


def _many_use_cases() -> Drawing:
    stages = ("awareness", "consideration", "purchase", "retention", "advocacy")
    return draw.use_cases(
        UseCaseSet(
            tuple(
                UseCase(
                    f"Book a long named workshop number {k} for a team", f"Actor {k % 4}", stage
                )
                for k, stage in enumerate(stages * 3)
            )
        )
    )


def _crowded_canvas() -> Drawing:
    business = sample_canvas()
    for block in Block:
        business = business.with_items(
            block, [f"A long item number {k} in the block" for k in range(9)]
        )
    return draw.canvas(business)


def _observed_flow(level: str) -> Drawing:
    """The sample's flow as notebook 08 draws it: 2,000 customers, seed 2024."""
    events = simulate_events(SAMPLE, customers=2000, seed=2024)
    return draw.observed_flow(observe(events, SAMPLE, level=level), SAMPLE)


def _observed_flow_of_40_steps() -> Drawing:
    """A plan of 8 milestones and 31 touchpoints with long names; with 'other', 40 steps."""
    milestones = [f"Milestone number {k} with a name long enough to wrap" for k in range(8)]
    plan = JourneyPlan(
        milestones=MilestoneMap.from_columns(
            Milestone(milestones[3], Stage.CORE),
            [Milestone(name, Stage.BEFORE) for name in milestones[:3]],
            [Milestone(name, Stage.AFTER) for name in milestones[4:]],
        ),
        paths=PathSet(
            tuple(
                Path(
                    start,
                    end,
                    tuple(
                        Touchpoint(
                            f"Reminder {k} sent by text message before step {n}",
                            LifecycleStep.NURTURE,
                        )
                        for k in range(3 if n == 7 else 4)
                    ),
                )
                for n, (start, end) in enumerate(zip(["", *milestones], milestones, strict=False))
            )
        ),
        business="Forty steps",
    )
    seen = observe(simulate_events(plan, customers=1500, seed=3), plan, level="touchpoints")
    assert len(seen.nodes) == 40 + 2  # and start and end
    return draw.observed_flow(seen, plan)


CROWDED = {
    "observed flow, milestones": lambda: _observed_flow("milestones"),
    "observed flow, touchpoints": lambda: _observed_flow("touchpoints"),
    "observed flow of 40 steps": _observed_flow_of_40_steps,
    "paths of many touchpoints": _many_touchpoints,
    "many use cases": _many_use_cases,
    "a crowded canvas": _crowded_canvas,
}
CASES = {
    **{f"book {k}": v for k, v in BOOK.items()},
    **{f"learner {k}": v for k, v in LEARNER.items()},
    **CROWDED,
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_no_text_is_under_9_px_in_the_book(make):
    size, text = smallest_shown_text(make())
    assert size >= SMALLEST_PX, f"{text!r} shows at {size:.1f} px"


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_no_text_runs_out_of_the_drawing(make):
    assert texts_outside(make()) == []


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_the_drawing_is_no_wider_than_the_page(make):
    # wider, it would be shrunk to the column, and its text with it
    assert make().get_figwidth() <= PAGE_WIDTH + 1e-9
