"""The milestone map drawing: three columns, the core purchase in the middle."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..milestones import Milestone, MilestoneMap, Stage
from ._base import PAGE_WIDTH, SMALLEST_FONT, Drawing, learner_text_as_typed, shorten, wrap

# One palette for the three columns: face, edge.
STAGE_COLOURS = {
    Stage.BEFORE: ("#e3eefa", "#2c5d8f"),
    Stage.CORE: ("#fde8c8", "#b45309"),
    Stage.AFTER: ("#e1f3e8", "#2f7a4f"),
}
PROBLEM_EDGE = "#c53030"

_COLUMN_X = {Stage.BEFORE: 0.5, Stage.CORE: 1.5, Stage.AFTER: 2.5}
_BOX_WIDTH = 0.86
_LINE = 0.2  # height of one line of text, in data units
_GAP = 0.35  # space between boxes in a column
# characters per line in a box a third of PAGE_WIDTH wide, at the fonts below
_NAME_CHARS = 26
_MEASURE_CHARS = 34
_TITLE_CHARS = 8  # characters of the 11-point bold title per inch of width
_NAME_FONT, _MEASURE_FONT = 8.5, SMALLEST_FONT


@dataclass(frozen=True)
class _Box:
    index: int
    milestone: Milestone
    name_lines: tuple[str, ...]
    measure_lines: tuple[str, ...]
    top: float = 0.0

    @property
    def height(self) -> float:
        return _LINE * (len(self.name_lines) + 0.8 * len(self.measure_lines)) + 0.3

    @property
    def x(self) -> float:
        return _COLUMN_X[self.milestone.stage]


def _layout(milestones: MilestoneMap, cut: list[str]) -> tuple[list[_Box], float]:
    """Boxes stacked per column (the core centred), and the total height used."""
    columns: dict[Stage, list[_Box]] = {stage: [] for stage in Stage}
    for index, milestone in enumerate(milestones.milestones):
        columns[milestone.stage].append(
            _Box(
                index,
                milestone,
                tuple(wrap(milestone.name, _NAME_CHARS, 4, "(no name yet)", cut)),
                tuple(wrap(milestone.measure, _MEASURE_CHARS, 4, "measure: not said yet", cut)),
            )
        )

    def extent(boxes: list[_Box]) -> float:
        return sum(b.height for b in boxes) + _GAP * max(len(boxes) - 1, 0)

    total = max([extent(b) for b in columns.values()] + [1.2])
    placed: list[_Box] = []
    for boxes in columns.values():
        top = total - (total - extent(boxes)) / 2
        for box in boxes:
            placed.append(_Box(box.index, box.milestone, box.name_lines, box.measure_lines, top))
            top -= box.height + _GAP
    return sorted(placed, key=lambda b: b.index), total


@learner_text_as_typed
def milestones(
    milestone_map: MilestoneMap, *, highlight_problems: bool = True, width: float = PAGE_WIDTH
) -> Drawing:
    """The milestone map as three columns, the core purchase in the middle.

    Arrows follow the journey order. Milestones that a check marks as an error
    are outlined in red when ``highlight_problems`` is true.
    """
    cut: list[str] = []
    boxes, total = _layout(milestone_map, cut)
    problems = set()
    if highlight_problems:
        for finding in milestone_map.check().errors:
            if finding.where.startswith("milestone "):
                problems.add(int(finding.where.split()[1]) - 1)

    height = 1.1 + total * 0.62
    fig = Drawing(figsize=(width, height))
    # fixed margins, not a layout engine: the boxes are laid out by hand and a redraw is faster
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=1 - 0.35 / height)
    title = shorten(milestone_map.title, int(width * _TITLE_CHARS), "Milestone map", cut)
    fig.set_description(milestone_map.describe(), cut)
    ax = fig.add_subplot()
    ax.set_xlim(0, 3)
    ax.set_ylim(-0.15, total + 0.55)
    ax.set_axis_off()
    ax.set_title(title, fontsize=11, fontweight="bold", loc="left")

    for stage, x in _COLUMN_X.items():
        face, edge = STAGE_COLOURS[stage]
        ax.text(
            x,
            total + 0.3,
            stage.label,
            ha="center",
            va="center",
            fontsize=9.5,
            color=edge,
            fontweight="bold",
        )
        if not milestone_map.column(stage):
            ax.add_patch(
                FancyBboxPatch(
                    (x - _BOX_WIDTH / 2, total / 2 - 0.3),
                    _BOX_WIDTH,
                    0.6,
                    boxstyle="round,pad=0.02",
                    facecolor="white",
                    edgecolor=edge,
                    linestyle="--",
                    linewidth=1.2,
                )
            )
            empty = "add the core purchase" if stage is Stage.CORE else "add a milestone"
            ax.text(
                x,
                total / 2,
                empty,
                ha="center",
                va="center",
                fontsize=8,
                color=edge,
                style="italic",
            )

    for box in boxes:
        face, edge = STAGE_COLOURS[box.milestone.stage]
        problem = box.index in problems
        ax.add_patch(
            FancyBboxPatch(
                (box.x - _BOX_WIDTH / 2, box.top - box.height),
                _BOX_WIDTH,
                box.height,
                boxstyle="round,pad=0.02",
                facecolor=face,
                edgecolor=PROBLEM_EDGE if problem else edge,
                linewidth=2.6 if box.milestone.stage is Stage.CORE or problem else 1.4,
                linestyle="--" if problem else "-",
            )
        )
        y = box.top - 0.15 - _LINE / 2
        for line in box.name_lines:
            ax.text(
                box.x,
                y,
                line,
                ha="center",
                va="center",
                fontsize=_NAME_FONT,
                fontweight="bold",
            )
            y -= _LINE
        for line in box.measure_lines:
            ax.text(
                box.x,
                y + 0.02,
                line,
                ha="center",
                va="center",
                fontsize=_MEASURE_FONT,
                style="italic",
                color="#374151",
            )
            y -= _LINE * 0.8

    for start, end in pairwise(boxes):
        ax.add_patch(_arrow(start, end))
    return fig


def _arrow(start: _Box, end: _Box) -> FancyArrowPatch:
    """An arrow from one milestone to the next: down a column, or across to the next."""
    if start.x == end.x:
        tail = (start.x, start.top - start.height)
        head = (end.x, end.top)
    else:
        direction = 1 if end.x > start.x else -1
        tail = (start.x + direction * _BOX_WIDTH / 2, start.top - start.height / 2)
        head = (end.x - direction * _BOX_WIDTH / 2, end.top - end.height / 2)
    return FancyArrowPatch(
        tail,
        head,
        arrowstyle="-|>",
        mutation_scale=14,
        linewidth=1.3,
        color="#4b5563",
        shrinkA=3,
        shrinkB=3,
    )
