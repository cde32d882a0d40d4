"""The observed journey drawn over the plan, and its commonest paths as bars.

:func:`observed_flow` is laid out for the page (``PAGE_WIDTH``), however many steps
the plan has: the steps run down the page in journey order (``start``, then each
path's touchpoints before the milestone they lead to), one box each. A move to the
next step down is a straight arrow under its box; a move further forward bends out
to the right of the boxes, a move back to the left, each in its own lane. Every move
is as wide as the customers who made it and labelled with their share and median
days; moves that leave the plan are dashed in another colour. Moves to and from
``other`` (events the plan does not name) are short dotted arrows in a column of
their own, and a small arrow under each box gives the share whose journey ended
there. Rare moves are hidden, and the drawing says how many.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle
from matplotlib.path import Path as CurvePath
from matplotlib.text import Text

from .._html import counted
from ..milestones import Stage
from ..observed import OFF_PLAN, ObservedJourney
from ._base import PAGE_WIDTH, SMALLEST_FONT, Drawing, learner_text_as_typed, shorten, wrap
from ._milestones import STAGE_COLOURS

_INK = "#1f2937"
_MUTED = "#4b5563"
PLANNED_COLOUR = "#1f2937"
#: Moves that leave the plan: dashed, in purple (apart from the stage colours and red).
OFF_PLAN_COLOUR = "#7c3aed"
OTHER_COLOUR = "#6b7280"
_OTHER_FACE = "#f3f4f6"
_TOUCHPOINT_FACE = "#ffffff"
_PLAN_ONLY_COLOUR = "#9ca3af"

_FONT = 7.5  # points: names and labels (SMALLEST_FONT at least: 9.3 px in the column)
_SMALL = SMALLEST_FONT
_LINE = 0.13  # inches: one line of 7.5-point text
_MARGIN = 0.15
_TITLE = 0.62  # the title and the line under it
# the column of boxes
_BOX = 2.3  # a box's width
_COUNT_ROOM = 0.55  # its right part: the customers who reached it, "again" for a loop
_CHARS = 30  # characters of 7.5-point text in a box's name
_NAME_LINES = 2
_GAP = 0.27  # between boxes: the arrow to the next step, its label and the drop-off
_START = 0.24  # the start box's height
# moves that bend out of the column: one lane each, side by side
_FIRST_LANE = 0.3  # from a box's edge to the nearest lane
_LANE = 0.1  # between lanes, at least
_WIDEST_LANE = 0.25
_LANE_LABEL = 0.22  # room beyond the outermost lane for half a label
_CORNER = 0.05
_PORT = 0.05  # between the ends of two bent moves on a box's edge
_LABEL_HEIGHT = 0.27  # two lines of 7-point text, padded
# the column of moves to and from "other"
_STUB = 0.22  # an arrow's length
_STUB_ZONE = 1.05  # the arrows and their labels
_STUB_ROOM = 0.16  # height of one arrow and its label
#: Moves bending out of the column, at most: more are hidden by raising the threshold.
MOST_BENT_MOVES = 30


def _text(fig: Figure, x: float, y: float, text: str, **style: Any) -> Text:
    style.setdefault("fontsize", _FONT)
    style.setdefault("color", _INK)
    style.setdefault("zorder", 4)  # above the moves that pass behind a label
    artist = Text(x, y, text, transform=fig.dpi_scale_trans, parse_math=False, **style)
    fig.add_artist(artist)
    return artist


def _patch(fig: Figure, patch: Patch) -> None:
    patch.set_transform(fig.dpi_scale_trans)
    fig.add_artist(patch)


def _arrow(fig: Figure, *ends: tuple[float, float], head: str, gid: str, **look: Any) -> None:
    """A straight arrow from ends[0] to ends[1], in inches, touching both ends unless
    ``look`` says how far to stop short (shrinkA, shrinkB, in points)."""
    look = {"shrinkA": 0, "shrinkB": 0, **look}
    _patch(fig, FancyArrowPatch(*ends, arrowstyle=f"-|>,{head}", mutation_scale=1, gid=gid, **look))


def _days(value: float) -> str:
    if value != value:
        return ""
    return f"{value:.1f} d" if value < 10 else f"{value:.0f} d"


def _percent(share: float) -> str:
    value = 100 * share
    return "<1%" if 0 < value < 1 else f"{value:.0f}%"


@dataclass(frozen=True)
class _Edge:
    a: int  # node index
    b: int
    customers: int
    share: float
    median: float
    kind: str

    @property
    def style(self) -> str:
        """'planned', 'off-plan', 'other' or 'plan-only': how the edge is drawn."""
        if not self.customers:
            return "plan-only"  # planned, but too few took it to show
        if self.kind in OFF_PLAN:
            return "off-plan"
        return "other" if self.kind == "other" else "planned"

    def label(self, sep: str) -> str:
        days = _days(self.median)
        return _percent(self.share) + (f"{sep}{days}" if days else "")


def _edge_look(edge: _Edge, widest: int) -> dict[str, Any]:
    if edge.style == "plan-only":
        return {"color": _PLAN_ONLY_COLOUR, "linewidth": 0.8, "linestyle": (0, (1, 2))}
    width = 0.6 + 2.6 * edge.customers / max(widest, 1)
    colour, line = {
        "planned": (PLANNED_COLOUR, "-"),
        "off-plan": (OFF_PLAN_COLOUR, "--"),
        "other": (OTHER_COLOUR, ":"),
    }[edge.style]
    return {"color": colour, "linewidth": width, "linestyle": line}


def _label_width(text: str) -> float:
    """Inches: a label of 7-point text, padded (about 19 characters to the inch)."""
    return max(len(line) for line in text.split("\n")) / 19 + 0.08


@dataclass
class _Bend:
    """A move bending out of the column: its side, lane, ends and label's centre."""

    edge: _Edge
    right: bool  # forward moves bend out to the right, moves back to the left
    lane: int = 0
    y0: float = 0.0  # where it leaves its box
    y1: float = 0.0  # where it enters the next
    label_y: float = math.nan


@dataclass
class _Layout:
    """Where everything goes for one threshold; ``fits`` is False when it cannot be read."""

    shown: list[_Edge]
    hidden: list[_Edge]
    bends: list[_Bend]
    steps: list[_Edge]  # moves to the next step down: straight arrows
    stubs: dict[int, list[_Edge]]  # node -> its moves to and from other
    loops: dict[int, _Edge]
    left_zone: float
    right_zone: float
    stub_zone: float
    lane: float  # inches between two lanes
    heights: dict[int, float] = field(default_factory=dict)
    stub_y: dict[int, list[float]] = field(default_factory=dict)
    tops: dict[int, float] = field(default_factory=dict)
    fits: bool = True

    @property
    def width(self) -> float:
        return 2 * _MARGIN + self.left_zone + _BOX + self.stub_zone + self.right_zone


def _lanes(bends: list[_Bend], place: dict[int, int]) -> int:
    """Give each bend the innermost lane free along its span (short spans inside)."""
    taken: list[list[tuple[int, int]]] = []
    for bend in sorted(bends, key=lambda b: (abs(place[b.edge.b] - place[b.edge.a]), b.edge.a)):
        low, high = sorted((place[bend.edge.a], place[bend.edge.b]))
        for lane, spans in enumerate(taken):
            if all(high <= lo or hi <= low for lo, hi in spans):
                spans.append((low, high))
                bend.lane = lane
                break
        else:
            taken.append([(low, high)])
            bend.lane = len(taken) - 1
    return len(taken)


def _layout(
    edges: list[_Edge],
    planned: list[tuple[int, int]],
    column: list[int],
    other: int,
    threshold: float,
    name_lines: int,
) -> _Layout:
    """Every move at or above ``threshold`` placed: lanes, box heights, label spots."""
    place = {node: k for k, node in enumerate(column)}
    shown = [e for e in edges if e.share >= threshold]
    hidden = [e for e in edges if e.share < threshold]
    taken = {(e.a, e.b) for e in shown}
    plan_only = [
        _Edge(a, b, 0, 0.0, math.nan, "planned")
        for a, b in planned
        if (a, b) not in taken and a in place and b in place and a != b
    ]
    steps, bends, loops = [], [], {}
    stubs: dict[int, list[_Edge]] = {}
    for e in [*shown, *plan_only]:
        if e.a == e.b and e.a in place:
            loops[e.a] = e
        elif other in (e.a, e.b):
            if e.a != e.b:  # other's own loop is told in the note
                stubs.setdefault(e.b if e.a == other else e.a, []).append(e)
        elif place[e.b] == place[e.a] + 1:
            steps.append(e)
        else:
            bends.append(_Bend(e, right=place[e.b] > place[e.a]))
    right_lanes = _lanes([b for b in bends if b.right], place)
    left_lanes = _lanes([b for b in bends if not b.right], place)

    stub_zone = _STUB_ZONE if stubs or any(other in (e.a, e.b) for e in shown) else 0.0
    # lanes as far apart as the page allows, from _LANE up: the wider, the easier to follow
    fixed = 2 * _MARGIN + _BOX + stub_zone + 0.1
    fixed += sum(_FIRST_LANE + _LANE_LABEL - 0.05 for n in (left_lanes, right_lanes) if n)
    gaps = max(left_lanes - 1, 0) + max(right_lanes - 1, 0)
    lane = min(_WIDEST_LANE, max(_LANE, (PAGE_WIDTH - fixed) / gaps)) if gaps else _LANE

    def zone(lanes: int) -> float:
        return _FIRST_LANE + (lanes - 1) * lane + _LANE_LABEL if lanes else 0.05

    layout = _Layout(
        shown,
        hidden,
        bends,
        steps,
        stubs,
        loops,
        left_zone=zone(left_lanes),
        right_zone=zone(right_lanes),
        stub_zone=stub_zone,
        lane=lane,
    )
    off_plan_bends = [b for b in bends if b.edge.customers and b.edge.kind != "planned"]
    if layout.width > PAGE_WIDTH + 1e-9 or len(off_plan_bends) > MOST_BENT_MOVES:
        layout.fits = False
        return layout

    # each box's right edge, top to bottom: bends coming in (inner lanes higher), the
    # stubs, bends going out (outer lanes higher), so that no two bends cross at a box;
    # the left edge likewise for moves back (going out on top, inner lanes higher)
    def at(node: int, right: bool, into: bool) -> list[_Bend]:
        ends = [b for b in bends if b.right == right and (b.edge.b if into else b.edge.a) == node]
        inner_first = into == right
        return sorted(ends, key=lambda b: b.lane if inner_first else -b.lane)

    base = 0.1 + name_lines * _LINE
    top = 0.0  # the column's top; boxes go down from there
    for node in column:
        right = [
            *((b, "in") for b in at(node, True, True)),
            *((k, "stub") for k in range(len(stubs.get(node, [])))),
            *((b, "out") for b in at(node, True, False)),
        ]
        left = [
            *((b, "out") for b in at(node, False, False)),
            *((b, "in") for b in at(node, False, True)),
        ]
        slots = {side: _slots(items) for side, items in (("right", right), ("left", left))}
        height = max(
            _START if node == column[0] else base, *(room + 0.06 for _, room in slots.values())
        )
        layout.heights[node], layout.tops[node] = height, top
        for side, items in (("right", right), ("left", left)):
            offsets, room = slots[side]
            for (item, kind), offset in zip(items, offsets, strict=True):
                y = top - (height - room) / 2 - offset
                if kind == "stub":
                    layout.stub_y.setdefault(node, []).append(y)
                elif kind == "in":
                    item.y1 = y
                else:
                    item.y0 = y
        top -= height + _GAP

    layout.fits = _place_labels(bends, layout)
    return layout


def _overlaps(box: tuple[float, ...], others: list[tuple[float, ...]]) -> bool:
    return any(
        not (box[2] <= o[0] or o[2] <= box[0] or box[3] <= o[1] or o[3] <= box[1]) for o in others
    )


def _place_labels(bends: list[_Bend], layout: _Layout) -> bool:
    """Each label on its bend's lane, as near the middle as it can be without touching
    another label and, where it can, without hiding another bend's ends (where it leaves
    or enters a box). False when a label finds no room."""
    ends = [
        (min(x, edge), y - 0.02, max(x, edge), y + 0.02)
        for bend in bends
        for x, edge in [(_lane_x(bend, 0.0, layout), _BOX if bend.right else 0.0)]
        for y in (bend.y0, bend.y1)
    ]
    placed: list[tuple[float, ...]] = []
    for bend in sorted(bends, key=lambda b: (b.lane, min(b.y0, b.y1))):
        if not bend.edge.customers:
            continue
        half_width = _label_width(bend.edge.label("\n")) / 2
        x = _lane_x(bend, 0.0, layout)
        low, high = sorted((bend.y0, bend.y1))
        room_low, room_high = low + _LABEL_HEIGHT / 2 + 0.03, high - _LABEL_HEIGHT / 2 - 0.03
        middle = (low + high) / 2
        spots = [middle]  # a short bend's label may reach past its ends
        for k in range(1, int((room_high - room_low) / 0.03) + 2):
            spots += [
                s for s in (middle + k * 0.03, middle - k * 0.03) if room_low <= s <= room_high
            ]
        boxes = [
            (x - half_width, y - _LABEL_HEIGHT / 2, x + half_width, y + _LABEL_HEIGHT / 2)
            for y in spots
        ]
        free = [b for b in boxes if not _overlaps(b, placed)]
        if not free:
            return False
        box = next((b for b in free if not _overlaps(b, ends)), free[0])
        bend.label_y = (box[1] + box[3]) / 2
        placed.append(box)
    return True


def _lane_x(bend: _Bend, left: float, layout: _Layout) -> float:
    """The x of a bend's lane, with the column's left edge at ``left`` (0: relative)."""
    offset = _FIRST_LANE + bend.lane * layout.lane
    if bend.right:
        return left + _BOX + layout.stub_zone + offset
    return left - offset


def _slots(items: list[tuple[Any, str]]) -> tuple[list[float], float]:
    """The centre of each item down a box's edge, and the room they take: a bend's end
    takes _PORT, a stub _STUB_ROOM, with a little more between a stub and a bend."""
    offsets, at, previous = [], 0.0, ""
    for _, kind in items:
        size = _STUB_ROOM if kind == "stub" else _PORT
        if previous and (previous == "stub") != (kind == "stub"):
            at += 0.03
        offsets.append(at + size / 2)
        at += size
        previous = kind
    return offsets, at


@learner_text_as_typed
def observed_flow(
    observed: ObservedJourney,
    plan: Any = None,
    *,
    min_share: float = 0.05,
) -> Drawing:
    """The journey customers took, drawn over the plan, laid out for the page's width.

    The plan's steps run down the page in journey order, below ``start``. Each move is
    as wide as the customers who made it and labelled with the share of the customers
    at its start who made it and the median days it took: a move to the next step is
    an arrow under its box, a move further forward bends out to the right, a move back
    to the left. Planned moves are solid, moves off the plan (skips, going back,
    repeats, late entries) dashed in purple, moves to or from ``other`` short dotted
    grey arrows in a column of their own. Under each box an arrow gives the share
    whose journey ended there. Moves made by less than ``min_share`` of their
    customers are hidden (the plan's own moves stay as thin grey lines); when more
    moves would bend out than the page can hold apart, the threshold is raised to the
    next whole percent that fits. The drawing says how many moves it hides, and under
    what share. ``plan`` gives the title (its business name).
    """
    nodes = observed.nodes
    n_plan = len(nodes) - 3  # the plan's nodes; then other, start, end
    other, start, end = n_plan, n_plan + 1, n_plan + 2
    table = observed._analysis.transitions  # with node indices
    edges = [
        _Edge(int(a), int(b), int(c), float(s), float(m), str(k))
        for a, b, c, s, m, k in zip(
            table["from_node"],
            table["to_node"],
            table["customers"],
            table["share"],
            table["median_days"],
            table["kind"],
            strict=True,
        )
    ]
    ended = {e.a: e for e in edges if e.b == end}
    moving = [e for e in edges if e.b != end]
    column = [start, *range(n_plan)]
    planned = list(observed._seq.plan.planned)

    cut: list[str] = []
    labels = {
        i: wrap(nodes[i].name, _CHARS - (3 if nodes[i].kind == "milestone" else 0), _NAME_LINES,
                "(no name)", cut)
        for i in range(n_plan)
    }  # fmt: skip
    name_lines = max([1, *(len(t) for t in labels.values())])

    def fitted(threshold: float) -> _Layout:
        return _layout(moving, planned, column, other, threshold, name_lines)

    layout, threshold = fitted(min_share), min_share
    if not layout.fits:
        # the smallest whole percent above min_share at which the moves can be told apart
        low, high = math.floor(100 * min_share) + 1, 101
        while low < high:
            middle = (low + high) // 2
            if fitted(middle / 100).fits:
                high = middle
            else:
                low = middle + 1
        threshold = low / 100
        layout = fitted(threshold)
    raised = threshold != min_share

    width = PAGE_WIDTH
    column_height = -min(layout.tops[n] - layout.heights[n] for n in column) + _GAP
    reached = observed._analysis.reached
    notes = _notes(observed, layout, ended, other, threshold, min_share, reached)
    note_lines = sum(n.count("\n") + 1 for n in notes)
    legend = 5
    header = 0.25 if layout.stub_zone else 0.0
    height = _TITLE + header + column_height + 0.15 + (note_lines + legend) * _LINE + 0.3
    fig = Drawing(figsize=(width, height))

    business = getattr(plan, "business", "") or ""
    title = shorten(business, 50, "", cut)
    heading = f"{title}: the journey customers took" if title else "The journey customers took"
    _text(fig, _MARGIN, height - 0.25, heading, fontsize=11, fontweight="bold", va="center")
    level = "milestones" if observed.level == "milestones" else "milestones and touchpoints"
    _text(
        fig,
        _MARGIN,
        height - 0.47,
        f"{observed.customers:,} customers; {level} in plan order, top to bottom",
        va="center",
        color=_MUTED,
    )
    # the column sits in the middle of what is left by the bends on either side
    spare = width - layout.width
    left = _MARGIN + spare / 2 + layout.left_zone
    top = height - _TITLE - header
    x_of = {"left": left, "right": left + _BOX, "middle": left + _BOX / 2}
    widest = max([e.customers for e in layout.shown] or [1])

    if layout.stub_zone:
        stub_x = x_of["right"] + 0.08
        _patch(
            fig,
            FancyBboxPatch(
                (stub_x, top + 0.02),
                _STUB_ZONE - 0.16,
                0.19,
                boxstyle="round,pad=0,rounding_size=0.05",
                facecolor=_OTHER_FACE,
                edgecolor=OTHER_COLOUR,
                linewidth=0.8,
                gid="node-other",
            ),
        )
        _text(
            fig,
            stub_x + (_STUB_ZONE - 0.16) / 2,
            top + 0.115,
            f"other: {int(reached[other]):,}",
            ha="center",
            va="center",
            fontsize=_SMALL,
            color=_MUTED,
        )

    for node in column:
        _box(fig, observed, node, labels, layout, x_of, top, reached, start)
        box_top = top + layout.tops[node]
        bottom = box_top - layout.heights[node]
        gone = ended.get(node)
        if gone is not None and gone.customers and node != start:
            _arrow(
                fig,
                (x_of["left"] + 0.16, bottom - 0.01),
                (x_of["left"] + 0.08, bottom - 0.16),
                head="head_length=3.5,head_width=2.2",
                gid="dropoff",
                color=_MUTED,
                linewidth=1.0,
                shrinkA=2,  # matplotlib's default: the mark stands clear of the box
                shrinkB=2,
            )
            _text(
                fig,
                x_of["left"] + 0.2,
                bottom - _GAP / 2,
                f"{_percent(gone.share)} ended",
                va="center",
                fontsize=_SMALL,
                color=_MUTED,
            )
        for e, y in zip(layout.stubs.get(node, []), layout.stub_y.get(node, []), strict=True):
            _stub(fig, e, x_of["right"], top + y, node, widest)

    place = {node: k for k, node in enumerate(column)}
    for e in sorted(layout.steps, key=lambda e: place[e.a]):
        bottom = top + layout.tops[e.a] - layout.heights[e.a]
        look = _edge_look(e, widest)
        _arrow(
            fig,
            (x_of["middle"], bottom),
            (x_of["middle"], top + layout.tops[e.b]),
            head="head_length=5,head_width=3",
            gid=f"edge-{e.style}",
            **look,
        )
        if e.customers:
            _text(
                fig,
                x_of["middle"] + 0.1,
                bottom - _GAP / 2,
                e.label(" · "),
                va="center",
                fontsize=_SMALL,
                color=look["color"],
                gid=f"label-{e.style}",
            )
    for bend in sorted(layout.bends, key=lambda b: (not b.right, b.lane)):
        _bend(fig, bend, layout, x_of, top, widest)

    foot = 0.2
    _legend(fig, foot)
    at = foot + legend * _LINE + 0.05
    for k, note in enumerate(reversed(notes)):
        _text(
            fig,
            _MARGIN,
            at,
            note,
            va="bottom",
            fontsize=_SMALL,
            color=_MUTED,
            linespacing=1.1,
            gid="hidden-note" if k == len(notes) - 1 else "other-note",
        )
        at += (note.count("\n") + 1) * _LINE
    fig.set_description(
        _describe(
            observed, layout.shown, layout.hidden, ended, threshold, heading, raised, min_share
        ),
        cut,
    )
    return fig


def _notes(
    observed: ObservedJourney,
    layout: _Layout,
    ended: dict[int, _Edge],
    other: int,
    threshold: float,
    min_share: float,
    reached: Any,
) -> list[str]:
    """What the drawing does not show, then what 'other' did: lines for the foot."""
    hidden = len(layout.hidden)
    said = (
        f"{hidden} move{'' if hidden == 1 else 's'} made by under {_percent(threshold)} of their "
        "customers hidden"
    )
    if threshold != min_share:
        said += f" (raised from {_percent(min_share)}: more would crowd the drawing)"
    plan_only = any(not e.customers for e in [*layout.steps, *(b.edge for b in layout.bends)])
    said += "; the plan's own moves stay as thin grey lines." if plan_only else "."
    notes = ["\n".join(wrap(said, 120, 3))]
    if reached[other]:
        again = next((e for e in layout.shown if e.a == e.b == other), None)
        gone = ended.get(other)
        parts = [f"'other' (events the plan does not name): {int(reached[other]):,} reached it"]
        if again is not None:
            parts.append(f"{_percent(again.share)} went on to another such event")
        if gone is not None and gone.customers:
            parts.append(f"{_percent(gone.share)} ended there")
        notes.append("; ".join(parts) + ".")
    return notes


def _node_colours(kind: str, stage: str) -> tuple[str, str]:
    if kind == "other":
        return _OTHER_FACE, OTHER_COLOUR
    face, edge = STAGE_COLOURS.get(
        Stage(stage) if stage else Stage.AFTER, STAGE_COLOURS[Stage.AFTER]
    )
    return (face, edge) if kind == "milestone" else (_TOUCHPOINT_FACE, edge)


def _box(
    fig: Figure,
    observed: ObservedJourney,
    node: int,
    labels: dict[int, list[str]],
    layout: _Layout,
    x_of: dict[str, float],
    top: float,
    reached: Any,
    start: int,
) -> None:
    """One step's box: its name, the customers who reached it, and a loop's share."""
    box_top = top + layout.tops[node]
    height = layout.heights[node]
    middle = box_top - height / 2
    if node == start:
        _patch(
            fig,
            FancyBboxPatch(
                (x_of["left"], box_top - height),
                _BOX,
                height,
                boxstyle=f"round,pad=0,rounding_size={height / 2}",
                facecolor="white",
                edgecolor=_MUTED,
                linewidth=1,
                gid="node-start",
            ),
        )
        _text(
            fig,
            x_of["middle"],
            middle,
            f"start: {observed.customers:,} customers' first step",
            ha="center",
            va="center",
            fontsize=_SMALL,
            color=_MUTED,
        )
        return
    info = observed.nodes[node]
    face, edge = _node_colours(info.kind, info.stage)
    milestone = info.kind == "milestone"
    _patch(
        fig,
        FancyBboxPatch(
            (x_of["left"], box_top - height),
            _BOX,
            height,
            boxstyle="round,pad=0,rounding_size=0.05",
            facecolor=face,
            edgecolor=edge,
            linewidth=1.5 if milestone else 0.9,
            linestyle="-" if reached[node] else "--",
            gid=f"node-{info.kind}",
        ),
    )
    _text(
        fig,
        x_of["left"] + 0.08,
        middle,
        "\n".join(labels[node]),
        va="center",
        fontweight="bold" if milestone else "normal",
        color=edge if milestone else _INK,
        linespacing=1.05,
    )
    loop = layout.loops.get(node)
    count = f"{int(reached[node]):,}" if reached[node] else "never seen"
    _text(
        fig,
        x_of["right"] - 0.07,
        middle + (0.07 if loop is not None and loop.customers else 0.0),
        count,
        ha="right",
        va="center",
        fontsize=_SMALL,
        color=_MUTED,
        style="normal" if reached[node] else "italic",
    )
    if loop is not None and loop.customers:
        look = _edge_look(loop, 1)
        _text(
            fig,
            x_of["right"] - 0.07,
            middle - 0.07,
            f"again {_percent(loop.share)}",
            ha="right",
            va="center",
            fontsize=_SMALL,
            color=look["color"],
            gid=f"label-{loop.style}",
        )


def _stub(fig: Figure, e: _Edge, right: float, y: float, node: int, widest: int) -> None:
    """A move to or from other: a short dotted arrow out of (or into) the box, labelled."""
    look = _edge_look(e, widest)
    out = e.a == node
    ends = ((right, y), (right + _STUB, y))
    _arrow(
        fig,
        *(ends if out else ends[::-1]),
        head="head_length=4,head_width=2.5",
        gid=f"edge-{e.style}",
        **look,
    )
    if e.customers:
        _text(
            fig,
            right + _STUB + 0.05,
            y,
            e.label(" · "),
            va="center",
            fontsize=_SMALL,
            color=look["color"],
            gid=f"label-{e.style}",
        )


def _bend(
    fig: Figure,
    bend: _Bend,
    layout: _Layout,
    x_of: dict[str, float],
    top: float,
    widest: int,
) -> None:
    """A move past the next step: out of its box's side, along its lane, into the other."""
    e = bend.edge
    edge_x = x_of["right"] if bend.right else x_of["left"]
    lane = _lane_x(bend, x_of["left"], layout)
    y0, y1 = top + bend.y0, top + bend.y1
    out = 1 if bend.right else -1  # which way the lane lies from the box
    down = -1 if y1 < y0 else 1
    r = min(_CORNER, abs(y1 - y0) / 2)
    curve = CurvePath(
        [
            (edge_x, y0),
            (lane - out * r, y0),
            (lane, y0),
            (lane, y0 + down * r),
            (lane, y1 - down * r),
            (lane, y1),
            (lane - out * r, y1),
            (edge_x, y1),
        ],
        [
            CurvePath.MOVETO,
            CurvePath.LINETO,
            CurvePath.CURVE3,
            CurvePath.CURVE3,
            CurvePath.LINETO,
            CurvePath.CURVE3,
            CurvePath.CURVE3,
            CurvePath.LINETO,
        ],
    )
    look = _edge_look(e, widest)
    _patch(
        fig,
        FancyArrowPatch(
            path=curve,
            arrowstyle="-|>,head_length=5,head_width=3",
            mutation_scale=1,
            gid=f"edge-{e.style}",
            **look,
        ),
    )
    if not e.customers:
        return
    _text(
        fig,
        lane,
        top + bend.label_y,
        e.label("\n"),
        ha="center",
        va="center",
        fontsize=_SMALL,
        color=look["color"],
        linespacing=1.0,
        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        gid=f"label-{e.style}",
    )


def _legend(fig: Figure, y: float) -> None:
    """How to read the lines, one per line, from ``y`` up."""
    items = (
        ("↙ the share whose journey ended at the step above", None, ""),
        ("planned, but taken by too few to show", _PLAN_ONLY_COLOUR, (0, (1, 2))),
        ("to or from 'other' (events the plan does not name)", OTHER_COLOUR, ":"),
        ("off the plan: a skip (right), going back (left), again, a late entry", OFF_PLAN_COLOUR,
         "--"),
        ("planned; a line's width is its customers, its label their share and median days",
         PLANNED_COLOUR, "-"),
    )  # fmt: skip
    for k, (text, colour, line) in enumerate(items):
        at = y + k * _LINE
        if colour is not None:
            fig.add_artist(
                Line2D(
                    [_MARGIN, _MARGIN + 0.4],
                    [at + _LINE / 2] * 2,
                    color=colour,
                    linestyle=line,
                    linewidth=2,
                    transform=fig.dpi_scale_trans,
                )
            )
        _text(fig, _MARGIN + 0.5, at, text, va="bottom", fontsize=_SMALL, color=_MUTED)


def _describe(
    observed: ObservedJourney,
    shown: list[_Edge],
    hidden: list[_Edge],
    ended: dict[int, _Edge],
    threshold: float,
    heading: str,
    raised: bool,
    min_share: float,
) -> str:
    names = [n.name for n in observed.nodes]
    parts = [
        f"{names[e.a]} to {names[e.b]}: {_percent(e.share)} ({counted(e.customers, 'customer')}"
        + (f", median {e.median:.1f} days" if e.median == e.median else "")
        + f", {e.kind})"
        for e in sorted(shown, key=lambda e: -e.customers)
    ]
    drops = [
        f"{names[i]}: {_percent(e.share)} ended there"
        for i, e in ended.items()
        if e.customers and i < len(names) - 2
    ]
    why = (
        f" (the threshold is raised from {_percent(min_share)} so that the drawing stays readable)"
        if raised
        else ""
    )
    return (
        f"{heading}: {counted(observed.customers, 'customer')}. Moves shown: "
        + ("; ".join(parts) or "none")
        + f". {len(hidden)} move{'' if len(hidden) == 1 else 's'} made by under "
        f"{_percent(threshold)} of their customers {'is' if len(hidden) == 1 else 'are'} "
        f"hidden{why}. Drop-off: " + ("; ".join(drops) or "none") + "."
    )


# -- the commonest paths --------------------------------------------------------------


# The bars are laid out for the page's width (PAGE_WIDTH), in smaller type than the flow.
_BAR = 2.4  # inches: a path taken by every customer
_CHIP_GAP = 0.03
_PATH_CHARS = 52
_VARIANT_FONT = 7.5
_VARIANT_LINE = 0.135  # inches: one line of it


@learner_text_as_typed
def observed_variants(observed: ObservedJourney, top: int = 8) -> Drawing:
    """The ``top`` commonest paths as horizontal bars, then the other paths grouped.

    Each bar's length is in proportion to the share of customers who took the path and is made of
    one coloured chip per step (milestones in their stage's colour, touchpoints
    white with a coloured edge, ``other`` grey); the path is written beside it.
    """
    table = observed.top_variants(top)
    nodes = observed.nodes
    index = {n.name: k for k, n in enumerate(nodes)}
    cut: list[str] = []
    rows = []
    for path, steps, customers, share in zip(
        table["path"], table["steps"], table["customers"], table["share"], strict=True
    ):
        text = wrap(path, _PATH_CHARS, 3, "", cut)
        rows.append((steps, customers, share, text))
    line_rows = [max(len(t), 1) for *_, t in rows]
    label_width = 0.8
    # about 17 characters of 7.5-point text to the inch
    width = _MARGIN + label_width + _BAR + 0.2 + _PATH_CHARS / 17 + _MARGIN
    height = _TITLE + 0.2 + sum(n * _VARIANT_LINE + 0.28 for n in line_rows) + 3 * _LINE + 0.2
    fig = Drawing(figsize=(width, height))
    _text(
        fig,
        0.2,
        height - 0.3,
        f"The {min(top, observed.variant_count)} commonest paths of "
        f"{observed.customers:,} customers",
        fontsize=11,
        fontweight="bold",
        va="center",
    )
    # the longest bar fills the room: every bar's length is its share at the same scale
    unit = _BAR / max([s for _, _, s, _ in rows if s == s] + [1e-9])
    y = height - _TITLE - 0.15
    for (steps, customers, share, text), lines in zip(rows, line_rows, strict=True):
        row_height = lines * _VARIANT_LINE + 0.28
        middle = y - row_height / 2
        _text(
            fig,
            _MARGIN + label_width - 0.1,
            middle,
            f"{_percent(share)}\n{customers:,}",
            ha="right",
            va="center",
            linespacing=1.0,
            fontsize=_VARIANT_FONT,
        )
        left = _MARGIN + label_width
        length = max(unit * share, 0.05)
        if steps:
            chip = length / len(steps)
            for k, name in enumerate(steps):
                node = nodes[index[name]]
                face, edge = _node_colours(node.kind, node.stage)
                _patch(
                    fig,
                    Rectangle(
                        (left + k * chip, middle - 0.12),
                        max(chip - _CHIP_GAP, 0.01),
                        0.24,
                        facecolor=edge if node.kind == "milestone" else face,
                        edgecolor=edge,
                        linewidth=0.6,
                        gid=f"chip-{node.kind}",
                    ),
                )
        else:  # the other paths, grouped
            _patch(
                fig,
                Rectangle(
                    (left, middle - 0.12),
                    length,
                    0.24,
                    facecolor="#e5e7eb",
                    edgecolor=OTHER_COLOUR,
                    linewidth=0.6,
                    hatch="///",
                    gid="chip-rest",
                ),
            )
        _text(
            fig,
            left + _BAR + 0.2,
            middle,
            "\n".join(text) or "(no steps)",
            va="center",
            linespacing=1.05,
            fontsize=_VARIANT_FONT,
        )
        y -= row_height
    _text(
        fig,
        0.2,
        0.2,
        "Chips: milestones filled in their stage's colour (before blue, core orange, after\n"
        "green), touchpoints outlined, 'other' grey.",
        va="bottom",
        color=_MUTED,
        fontsize=SMALLEST_FONT,
    )
    described = "; ".join(
        f"{p} ({_percent(s)}, {counted(c, 'customer')})"
        for p, c, s in zip(table["path"], table["customers"], table["share"], strict=True)
    )
    fig.set_description(
        f"The commonest paths of {counted(observed.customers, 'customer')}: {described or 'none'}.",
        cut,
    )
    return fig
