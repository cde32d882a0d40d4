"""The observed journey drawn over the plan, and its commonest paths as bars.

:func:`observed_flow` puts the plan's nodes on one row, left to right in journey
order (before, core, after; at the touchpoint level each path's touchpoints stand
between the milestones it joins, as in the paths swimlane), then ``other``. Moves
going forward arc above the row, moves going back arc below it; each is as wide as
the customers who made it and labelled with their share and median days. Moves
that leave the plan are dashed in another colour; a small arrow under each node
says how many ended there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle
from matplotlib.path import Path as CurvePath
from matplotlib.text import Text

from .._html import counted
from ..milestones import Stage
from ..observed import OFF_PLAN, ObservedJourney
from ._base import Drawing, learner_text_as_typed, shorten, wrap
from ._milestones import STAGE_COLOURS

_INK = "#1f2937"
_MUTED = "#4b5563"
PLANNED_COLOUR = "#1f2937"
#: Moves that leave the plan: dashed, in purple (apart from the stage colours and red).
OFF_PLAN_COLOUR = "#7c3aed"
OTHER_COLOUR = "#6b7280"
_OTHER_FACE = "#f3f4f6"
_TOUCHPOINT_FACE = "#ffffff"

_FONT = 9  # points: the smallest text of both drawings
_LINE = 0.16  # inches: one line of 9-point text
_SLOT = 1.45  # inches between node centres
_BOX = 1.15  # a node's box width
_CHARS = 12  # characters of 9-point bold text in a box
_NAME_LINES = 4
_MARGIN = 0.35
_START = 0.9  # the start node's room at the left
_TITLE = 0.55
_LEVEL = 0.55  # between arcs of different spans (a label is two lines)
_DROP = 0.62  # room under a box for the drop-off arrow and its label


def _text(fig: Figure, x: float, y: float, text: str, **style: Any) -> Text:
    style.setdefault("fontsize", _FONT)
    style.setdefault("color", _INK)
    style.setdefault("zorder", 4)  # above the arcs that pass behind a label
    artist = Text(x, y, text, transform=fig.dpi_scale_trans, parse_math=False, **style)
    fig.add_artist(artist)
    return artist


def _patch(fig: Figure, patch: Patch) -> None:
    patch.set_transform(fig.dpi_scale_trans)
    fig.add_artist(patch)


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
        """'planned', 'off-plan' or 'other': how the edge is drawn."""
        if self.kind in OFF_PLAN:
            return "off-plan"
        return "other" if self.kind == "other" else "planned"


def _edge_look(edge: _Edge, widest: int) -> dict[str, Any]:
    width = 0.8 + 6.0 * edge.customers / max(widest, 1)
    colour, line = {
        "planned": (PLANNED_COLOUR, "-"),
        "off-plan": (OFF_PLAN_COLOUR, "--"),
        "other": (OTHER_COLOUR, ":"),
    }[edge.style]
    return {"color": colour, "linewidth": width, "linestyle": line}


@learner_text_as_typed
def observed_flow(
    observed: ObservedJourney,
    plan: Any = None,
    *,
    min_share: float = 0.05,
) -> Drawing:
    """The journey customers took, drawn over the plan.

    Nodes run left to right in plan order, then ``other``; ``start`` stands at the
    left. Each move is an arc as wide as its customers, labelled with the share of
    the customers at its start who made it and the median days it took: forward
    above the row, back below it. Planned moves are solid, moves off the plan
    (skips, going back, repeats, late entries) dashed in purple, moves to or from
    ``other`` dotted grey. Under each node an arrow gives the share whose journey
    ended there. Moves made by less than ``min_share`` of their customers are
    hidden (the plan's own moves stay as thin grey lines), and the drawing says
    how many. ``plan`` gives the title (its business name).
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
    shown = [e for e in moving if e.share >= min_share]
    hidden = [e for e in moving if e.share < min_share]
    taken = {(e.a, e.b) for e in shown}
    plan_only = [(a, b) for a, b in observed._seq.plan.planned if (a, b) not in taken]
    has_other = observed.counts.get("other", 0) > 0 or any(other in (e.a, e.b) for e in shown)
    row = [*range(n_plan), *([other] if has_other else [])]

    # x of each node's centre
    x_of = {start: _MARGIN + _START / 2}
    for k, i in enumerate(row):
        x_of[i] = _MARGIN + _START + _SLOT * (k + 0.5)
    width = max(_MARGIN + _START + _SLOT * len(row) + _MARGIN, 6.5)

    cut: list[str] = []
    labels = {i: "\n".join(wrap(nodes[i].name, _CHARS, _NAME_LINES, "(no name)", cut)) for i in row}
    name_lines = max([1, *(t.count("\n") + 1 for t in labels.values())])
    box_height = (name_lines + 1) * _LINE + 0.16  # the name, then the customers

    def span(e: _Edge) -> float:
        return abs(x_of[e.b] - x_of[e.a])

    loops = [e for e in shown if e.a == e.b]
    arcs = [e for e in shown if e.a != e.b] + [
        _Edge(a, b, 0, 0.0, math.nan, "planned") for a, b in plan_only if a in x_of and b in x_of
    ]
    forward = [e for e in arcs if x_of[e.b] > x_of[e.a]]
    backward = [e for e in arcs if x_of[e.b] < x_of[e.a]]
    # arcs of one span share a height; a longer span arcs higher, one level up
    up_levels = {s: k for k, s in enumerate(sorted({round(span(e), 3) for e in forward}))}
    down_levels = {s: k for k, s in enumerate(sorted({round(span(e), 3) for e in backward}))}
    loop_room = 0.45 if loops else 0.0
    above = loop_room + 0.45 + _LEVEL * len(up_levels) + 2 * _LINE
    below = _DROP + (0.4 + _LEVEL * len(down_levels) + 2 * _LINE if down_levels else 0.0)
    notes = 5  # the hidden count, and the legend
    height = _TITLE + above + box_height + below + notes * _LINE + 0.35

    fig = Drawing(figsize=(width, height))
    business = getattr(plan, "business", "") or ""
    title = shorten(business, max(int(width * 7) - 30, 12), "", cut)
    heading = f"{title}: the journey customers took" if title else "The journey customers took"
    _text(fig, 0.2, height - 0.3, heading, fontsize=12, fontweight="bold", va="center")
    level = "milestones" if observed.level == "milestones" else "milestones and touchpoints"
    _text(
        fig,
        0.2,
        height - 0.52,
        f"{observed.customers:,} customers; {level} in plan order, left to right",
        va="center",
        color=_MUTED,
    )
    row_top = height - _TITLE - above
    row_bottom = row_top - box_height
    middle = (row_top + row_bottom) / 2

    # the start, and each node's box: its name, and the customers who reached it
    _patch(
        fig,
        FancyBboxPatch(
            (x_of[start] - 0.3, middle - 0.16),
            0.6,
            0.32,
            boxstyle="round,pad=0.02,rounding_size=0.16",
            facecolor="white",
            edgecolor=_MUTED,
            linewidth=1,
        ),
    )
    _text(fig, x_of[start], middle, "start", ha="center", va="center", color=_MUTED)
    reached = observed._analysis.reached
    for i in row:
        node = nodes[i]
        face, edge = _node_colours(node.kind, node.stage)
        _patch(
            fig,
            FancyBboxPatch(
                (x_of[i] - _BOX / 2, row_bottom),
                _BOX,
                box_height,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=face,
                edgecolor=edge,
                linewidth=1.6 if node.kind == "milestone" else 0.9,
                linestyle="-" if reached[i] else "--",
                gid=f"node-{node.kind}",
            ),
        )
        _text(
            fig,
            x_of[i],
            row_top - 0.08,
            labels[i],
            ha="center",
            va="top",
            fontweight="bold" if node.kind == "milestone" else "normal",
            color=edge if node.kind == "milestone" else _INK,
            linespacing=1.05,
        )
        _text(
            fig,
            x_of[i],
            row_bottom + 0.07,
            f"{int(reached[i]):,}" if reached[i] else "never seen",
            ha="center",
            va="bottom",
            color=_MUTED,
            style="normal" if reached[i] else "italic",
        )
        # drop-off: the share of those who reached it whose journey ended here
        gone = ended.get(i)
        if gone is not None and gone.customers:
            _patch(
                fig,
                FancyArrowPatch(
                    (x_of[i], row_bottom - 0.03),
                    (x_of[i], row_bottom - 0.3),
                    arrowstyle="-|>,head_length=4,head_width=2.5",
                    mutation_scale=1,
                    color=_MUTED,
                    linewidth=1.1,
                    gid="dropoff",
                ),
            )
            _text(
                fig,
                x_of[i],
                row_bottom - 0.33,
                f"{_percent(gone.share)} ended",
                ha="center",
                va="top",
                color=_MUTED,
            )

    widest = max([e.customers for e in shown] or [1])
    for e in forward:
        apex = row_top + loop_room + 0.35 + _LEVEL * up_levels[round(span(e), 3)]
        _arc(fig, x_of, e, row_top, apex, widest, up=True)
    for e in backward:
        apex = row_bottom - _DROP - 0.3 - _LEVEL * down_levels[round(span(e), 3)]
        _arc(fig, x_of, e, row_bottom, apex, widest, up=False)
    for e in loops:
        look = _edge_look(e, widest)
        _patch(
            fig,
            FancyArrowPatch(
                (x_of[e.a] - 0.22, row_top),
                (x_of[e.a] + 0.22, row_top),
                connectionstyle="arc3,rad=-1.1",
                arrowstyle="-|>,head_length=5,head_width=3",
                mutation_scale=1,
                gid=f"edge-{e.style}",
                **look,
            ),
        )
        _text(
            fig,
            x_of[e.a],
            row_top + 0.3,
            f"again {_percent(e.share)}",
            ha="center",
            va="bottom",
            color=look["color"],
        )

    # what is not shown, and how to read the lines
    foot = 0.2
    _text(
        fig,
        0.2,
        foot + 4 * _LINE + 0.05,
        f"{len(hidden)} move{'' if len(hidden) == 1 else 's'} made by under "
        f"{_percent(min_share)} of their customers hidden"
        + ("; the plan's own moves stay as thin grey lines." if plan_only else "."),
        va="bottom",
        color=_MUTED,
        gid="hidden-note",
    )
    _legend(fig, foot)
    fig.set_description(_describe(observed, shown, hidden, ended, min_share, heading), cut)
    return fig


def _node_colours(kind: str, stage: str) -> tuple[str, str]:
    if kind == "other":
        return _OTHER_FACE, OTHER_COLOUR
    face, edge = STAGE_COLOURS.get(
        Stage(stage) if stage else Stage.AFTER, STAGE_COLOURS[Stage.AFTER]
    )
    return (face, edge) if kind == "milestone" else (_TOUCHPOINT_FACE, edge)


def _arc(
    fig: Figure,
    x_of: dict[int, float],
    e: _Edge,
    base: float,
    apex: float,
    widest: int,
    *,
    up: bool,
) -> None:
    """One move as a curve from its node to the next, through ``apex``; labelled there."""
    shift = 0.2 if up else 0.28  # forward moves leave right of centre, back moves left
    x0 = x_of[e.a] + (shift if up else -shift)
    x1 = x_of[e.b] - (shift if up else -shift)
    control = 2 * apex - base
    curve = CurvePath(
        [(x0, base), ((x0 + x1) / 2, control), (x1, base)],
        [CurvePath.MOVETO, CurvePath.CURVE3, CurvePath.CURVE3],
    )
    if e.customers:
        look = _edge_look(e, widest)
        gid = f"edge-{e.style}"
    else:  # planned, but too few took it to show
        look = {"color": "#b8bec8", "linewidth": 0.8, "linestyle": (0, (1, 2))}
        gid = "edge-plan-only"
    _patch(
        fig,
        FancyArrowPatch(
            path=curve,
            arrowstyle="-|>,head_length=6,head_width=3.5",
            mutation_scale=1,
            gid=gid,
            **look,
        ),
    )
    if not e.customers:
        return
    label = _percent(e.share) + (f"\n{_days(e.median)}" if _days(e.median) else "")
    _text(
        fig,
        (x0 + x1) / 2,
        apex + (0.03 if up else -0.03),
        label,
        ha="center",
        va="bottom" if up else "top",
        color=look["color"],
        linespacing=1.0,
        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        gid=f"label-{e.style}",
    )


def _legend(fig: Figure, y: float) -> None:
    """How to read the lines, one per line, from ``y`` up."""
    items = (
        ("↓ the share whose journey ended there", None, ""),
        ("to or from 'other' (events the plan does not name)", OTHER_COLOUR, ":"),
        ("off the plan: a skip, going back, again, a late entry", OFF_PLAN_COLOUR, "--"),
        ("planned", PLANNED_COLOUR, "-"),
    )
    for k, (text, colour, line) in enumerate(items):
        at = y + k * _LINE
        if colour is not None:
            fig.add_artist(
                Line2D(
                    [0.2, 0.6],
                    [at + _LINE / 2] * 2,
                    color=colour,
                    linestyle=line,
                    linewidth=2,
                    transform=fig.dpi_scale_trans,
                )
            )
        _text(fig, 0.7, at, text, va="bottom", color=_MUTED)


def _describe(
    observed: ObservedJourney,
    shown: list[_Edge],
    hidden: list[_Edge],
    ended: dict[int, _Edge],
    min_share: float,
    heading: str,
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
    return (
        f"{heading}: {counted(observed.customers, 'customer')}. Moves shown: "
        + ("; ".join(parts) or "none")
        + f". {len(hidden)} move{'' if len(hidden) == 1 else 's'} made by under "
        f"{_percent(min_share)} of their customers {'is' if len(hidden) == 1 else 'are'} "
        "hidden. Drop-off: " + ("; ".join(drops) or "none") + "."
    )


# -- the commonest paths --------------------------------------------------------------


_BAR = 4.0  # inches: a path taken by every customer
_CHIP_GAP = 0.03
_PATH_CHARS = 70


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
    label_width = 1.1
    width = _MARGIN + label_width + _BAR + 0.2 + _PATH_CHARS * 0.07 + _MARGIN
    height = _TITLE + 0.2 + sum(n * _LINE + 0.28 for n in line_rows) + 2 * _LINE + 0.3
    fig = Drawing(figsize=(width, height))
    _text(
        fig,
        0.2,
        height - 0.3,
        f"The {min(top, observed.variant_count)} commonest paths of "
        f"{observed.customers:,} customers",
        fontsize=12,
        fontweight="bold",
        va="center",
    )
    # the longest bar fills the room: every bar's length is its share at the same scale
    unit = _BAR / max([s for _, _, s, _ in rows if s == s] + [1e-9])
    y = height - _TITLE - 0.15
    for (steps, customers, share, text), lines in zip(rows, line_rows, strict=True):
        row_height = lines * _LINE + 0.28
        middle = y - row_height / 2
        _text(
            fig,
            _MARGIN + label_width - 0.1,
            middle,
            f"{_percent(share)}\n{customers:,}",
            ha="right",
            va="center",
            linespacing=1.0,
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
        )
        y -= row_height
    _text(
        fig,
        0.2,
        0.2,
        "Chips: milestones filled in their stage's colour (before blue, core orange, after "
        "green), touchpoints outlined, 'other' grey.",
        va="bottom",
        color=_MUTED,
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
