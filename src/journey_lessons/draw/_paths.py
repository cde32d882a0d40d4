"""The swimlane map of the paths: milestones across, one lane per kind of detail.

Milestones stand at the column boundaries; each path fills the stretch between
two of them, one column per touchpoint. Lanes, top to bottom: the lifecycle
step, the channel, the touchpoint, and the customer's emotion as a curve. The
drawing is as wide as the page: a journey of more touchpoints than a row holds
goes on in rows below, as text does, and a path cut at the end of a row says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import nan
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle
from matplotlib.text import Text

from ..lifecycle import LifecycleStep, Phase
from ..milestones import MilestoneMap, Stage
from ..paths import FIRST_CONTACT, Evidence, PathSet, Segment, Touchpoint, is_vague
from ._base import PAGE_WIDTH, SMALLEST_FONT, Drawing, learner_text_as_typed, shorten, wrap
from ._milestones import PROBLEM_EDGE, STAGE_COLOURS

# The phases share the milestone palette: Attract and Sell lead to the purchase
# (blue, orange as the core), Wow follows it (green).
PHASE_COLOURS = {
    Phase.ATTRACT: STAGE_COLOURS[Stage.BEFORE],
    Phase.SELL: STAGE_COLOURS[Stage.CORE],
    Phase.WOW: STAGE_COLOURS[Stage.AFTER],
}
_LEFTOVER_FACE = "#f3f4f6"
_INK = "#1f2937"
_MUTED = "#6b7280"

# Everything is laid out in inches from the figure's bottom-left corner.
_SLOT = 0.85  # width of one touchpoint column
_LEFT = 1.05  # the lane names
_RIGHT = 0.45  # room for the last milestone name, centred on the last boundary
# touchpoint columns in one row of the drawing, as wide as the page
_PER_ROW = int((PAGE_WIDTH - _LEFT - _RIGHT) / _SLOT)
_ROW_GAP = 0.3  # between one row of the swimlane and the next
_LINE = 0.13  # one line of 7-point text
_PAD = 0.07
_TITLE = 0.4
_EMOTION_HEIGHT = 1.25
_CHARS = 12  # characters of 7-point text per line in one column
_FONT = SMALLEST_FONT
_MAX_LINES = 6
# A path shows at most this many touchpoints (a column counts the ones left out): a
# path set of hundreds stays quick to redraw, and its description lists every touchpoint.
_MAX_COLUMNS = 15


# No axes: every artist goes straight onto the figure, placed in inches from its
# bottom-left corner. An Axes (its creation, ticks and autoscaling) would cost a third
# of the drawing time and add nothing to a layout made by hand.
def _text(fig: Figure, x: float, y: float, text: str, **style: Any) -> None:
    fig.add_artist(Text(x, y, text, transform=fig.dpi_scale_trans, **style))


def _line(fig: Figure, xs: list[float], ys: list[float], **style: Any) -> None:
    fig.add_artist(Line2D(xs, ys, transform=fig.dpi_scale_trans, **style))


def _patch(fig: Figure, patch: Patch) -> None:
    patch.set_transform(fig.dpi_scale_trans)
    fig.add_artist(patch)


def _wrap(text: str, width: int, placeholder: str, cut: list[str] | None = None) -> str:
    """Lines of at most about ``width`` characters; only very long words are cut."""
    return "\n".join(wrap(text, width, _MAX_LINES, placeholder, cut))


def _lines(text: str) -> int:
    return text.count("\n") + 1


@dataclass(frozen=True)
class _Column:
    """One touchpoint's column: its centre and its wrapped texts."""

    x: float
    touchpoint: Touchpoint
    name: str
    channel: str


@dataclass(frozen=True)
class _Run:
    """Neighbouring touchpoints that serve the same step share one step box."""

    step: LifecycleStep
    left: float
    right: float
    label: str


@dataclass(frozen=True)
class _Stretch:
    """One segment of the journey laid out in a row: its left edge, width, columns and
    step runs, and the touchpoints left out (counted in a last column). A segment too
    long for the rest of its row goes on in the next: ``opens`` is false for a piece
    that continues one above, ``closes`` false for one that goes on below."""

    segment: Segment
    left: float
    width: float
    columns: tuple[_Column, ...]
    runs: tuple[_Run, ...]
    left_out: tuple[Touchpoint, ...] = ()
    opens: bool = True
    closes: bool = True


def _runs(columns: tuple[_Column, ...]) -> tuple[_Run, ...]:
    spans: list[tuple[LifecycleStep, float, float]] = []
    for column in columns:
        step, left, right = column.touchpoint.step, column.x - _SLOT / 2, column.x + _SLOT / 2
        if spans and spans[-1][0] is step:
            spans[-1] = (step, spans[-1][1], right)
        else:
            spans.append((step, left, right))
    # bold text is wider: a few characters fewer per column
    return tuple(
        _Run(
            step,
            left,
            right,
            _wrap(f"{step.number}. {step.label}", round((right - left) / _SLOT * (_CHARS - 1)), ""),
        )
        for step, left, right in spans
    )


def _layout(segments: tuple[Segment, ...], cut: list[str]) -> list[list[_Stretch]]:
    """The segments in rows of at most _PER_ROW columns, in journey order.

    A segment goes on the next row when it does not fit the rest of this one, and is
    cut across rows only when it is longer than a row (or little of this row is
    left). Paths that fit no pair of milestones start a row of their own.
    """
    rows: list[list[_Stretch]] = [[]]
    used = 0  # columns taken in the last row
    apart = False
    for segment in segments:
        if not segment.fits and not apart:
            apart = True
            if used:
                rows.append([])
                used = 0
        touchpoints = segment.path.touchpoints if segment.path else ()
        if len(touchpoints) > _MAX_COLUMNS:
            touchpoints, left_out = touchpoints[: _MAX_COLUMNS - 1], touchpoints[_MAX_COLUMNS - 1 :]
        else:
            left_out = ()
        columns = [
            (t, _wrap(t.name, _CHARS, "(no name)", cut), _wrap(t.channel, _CHARS, "channel?", cut))
            for t in touchpoints
        ]
        count = max(len(columns) + bool(left_out), 1)  # the "+N more" column counts
        if used and used + count > _PER_ROW and (count <= _PER_ROW or _PER_ROW - used < 3):
            rows.append([])
            used = 0
        start = 0
        while True:
            take = min(count - start, _PER_ROW - used)
            left = _LEFT + used * _SLOT
            piece = tuple(
                _Column(left + _SLOT * (i + 0.5), *column)
                for i, column in enumerate(columns[start : start + take])
            )
            closes = start + take >= count
            rows[-1].append(
                _Stretch(
                    segment,
                    left,
                    _SLOT * take,
                    piece,
                    _runs(piece),
                    left_out if closes else (),
                    opens=start == 0,
                    closes=closes,
                )
            )
            used += take
            start += take
            if closes:
                break
            rows.append([])
            used = 0
    return [row for row in rows if row]


def _is_problem(touchpoint: Touchpoint) -> bool:
    """Unnamed, or missing or vague in one of the fields a check asks for."""
    if not touchpoint.name.strip():
        return True
    return any(
        not getattr(touchpoint, field).strip() or is_vague(field, getattr(touchpoint, field))
        for field in ("channel", "trigger", "owner", "measure")
    )


def _boundary_label(name: str, cut: list[str] | None = None) -> str:
    return _wrap(name, _CHARS + 2, "(no name)", cut)


def _header_label(stretch: _Stretch, cut: list[str] | None = None) -> str:
    """A path that fits no pair of milestones is named above its own stretch."""
    path = stretch.segment.path
    return _wrap(path.label if path else "", round(stretch.width / _SLOT * _CHARS), "", cut)


@learner_text_as_typed
def paths(
    milestone_map: MilestoneMap, paths: PathSet, *, highlight_problems: bool = True
) -> Drawing:
    """The paths as a swimlane map: milestones across, and below them one lane each for
    the lifecycle step, the channel, the touchpoint and the customer's emotion.

    The map is as wide as the page: the journey goes on in rows below when it has
    more touchpoints than a row holds, each row with its own lanes. Emotion dips are
    marked in red; hollow points are assumed scores. When ``highlight_problems`` is
    true, vague or unnamed touchpoints get a red dashed outline. A path that does not
    join two consecutive milestones is drawn after the others, in a red dashed frame.
    A path of more than 15 touchpoints shows the first 14 and counts the rest.
    """
    cut: list[str] = []  # texts the drawing cuts short: the alt text gives them in full
    rows = _layout(paths.segments(milestone_map), cut)
    stretches = [s for row in rows for s in row]
    columns = [c for s in stretches for c in s.columns]

    # lane heights follow the longest wrapped text in each, so nothing overflows
    def tallest(texts: list[str], least: int = 1) -> int:
        return max([least, *(_lines(t) for t in texts)])

    header = tallest(
        [_boundary_label(s.segment.start, cut) for s in stretches if s.opens]
        + [_boundary_label(s.segment.end, cut) for s in stretches if s.closes]
        + [_header_label(s, cut) for s in stretches if not s.segment.fits]
    )
    lanes = {
        "Lifecycle step": tallest([r.label for s in stretches for r in s.runs]) * _LINE + 2 * _PAD,
        "Channel": tallest([c.channel for c in columns]) * _LINE + 2 * _PAD,
        "Touchpoint": tallest([c.name for c in columns], 2) * _LINE + 3 * _PAD,
        "Emotion": _EMOTION_HEIGHT,
    }
    right = max((s.left + s.width for s in stretches), default=_LEFT)
    width = max(right + _RIGHT, 6.0)
    row_height = header * _LINE + 0.12 + sum(lanes.values())
    height = _TITLE + len(rows or [[]]) * (row_height + _ROW_GAP) - _ROW_GAP + 0.12

    fig = Drawing(figsize=(width, height))
    # about 8 characters of 11-point bold text to the inch
    title = shorten(milestone_map.title, max(int(width * 8) - 27, 12), "", cut)
    left_out = [text for s in stretches for t in s.left_out for text in (t.name, t.channel)]
    fig.set_description(paths.describe(milestone_map), cut, left_out)
    _text(
        fig,
        0.1,
        height - 0.22,
        f"{title}: paths between milestones" if title else "Paths between milestones",
        fontsize=11,
        fontweight="bold",
        va="center",
        color=_INK,
    )
    dips = set(paths.dips(milestone_map))
    for number, row in enumerate(rows or [[]]):
        row_top = height - _TITLE - number * (row_height + _ROW_GAP)
        row_right = max((s.left + s.width for s in row), default=_LEFT)
        bands = _draw_lanes(fig, lanes, row_top - header * _LINE - 0.12, row_right)
        lanes_top, lanes_bottom = bands["Lifecycle step"][0], bands["Emotion"][1]
        if not stretches:
            _text(
                fig,
                (_LEFT + width) / 2,
                (lanes_top + lanes_bottom) / 2,
                "no milestones or paths yet",
                ha="center",
                va="center",
                fontsize=9,
                style="italic",
                color=_MUTED,
            )
        _draw_segments(fig, row, milestone_map, lanes_top, lanes_bottom, first=number == 0)
        _draw_columns(fig, row, bands, highlight_problems)
        row_columns = [c for s in row for c in s.columns]
        # the emotion curve breaks where touchpoints are left out
        breaks = {s.columns[-1].x for s in row if s.left_out and s.columns}
        _draw_emotion(
            fig, paths, row_columns, breaks, dips, bands["Emotion"], row_right, key=number == 0
        )
    return fig


def _draw_lanes(
    fig: Figure, lanes: dict[str, float], top: float, right: float
) -> dict[str, tuple[float, float]]:
    """One row's lanes: their separators and names on the left; their (top, bottom)."""
    bands = {}
    for name, lane_height in lanes.items():
        bands[name] = (top, top - lane_height)
        _text(fig, 0.1, top - lane_height / 2, name, fontsize=8, fontweight="bold", va="center")
        _line(fig, [0.05, right], [top, top], color="#d1d5db", linewidth=0.6)
        top -= lane_height
    return bands


def _draw_columns(
    fig: Figure,
    row: list[_Stretch],
    bands: dict[str, tuple[float, float]],
    highlight_problems: bool,
) -> None:
    """One row's step boxes, channels and touchpoint boxes."""
    lane_top, lane_bottom = bands["Lifecycle step"]
    for run in (r for s in row for r in s.runs):
        face, edge = PHASE_COLOURS[run.step.phase]
        _patch(
            fig,
            Rectangle(
                (run.left + 0.04, lane_bottom + _PAD / 2),
                run.right - run.left - 0.08,
                lane_top - lane_bottom - _PAD,
                facecolor=face,
                edgecolor=edge,
                linewidth=0.8,
            ),
        )
        _text(
            fig,
            (run.left + run.right) / 2,
            (lane_top + lane_bottom) / 2,
            run.label,
            ha="center",
            va="center",
            fontsize=_FONT,
            color=edge,
            fontweight="bold",
        )

    columns = [c for s in row for c in s.columns]
    lane_top, lane_bottom = bands["Channel"]
    for column in columns:
        _text(
            fig,
            column.x,
            (lane_top + lane_bottom) / 2,
            column.channel,
            ha="center",
            va="center",
            fontsize=_FONT,
            style="italic",
            color=PROBLEM_EDGE if not column.touchpoint.channel.strip() else "#374151",
        )

    lane_top, lane_bottom = bands["Touchpoint"]
    for column in columns:
        problem = highlight_problems and _is_problem(column.touchpoint)
        _patch(
            fig,
            FancyBboxPatch(
                (column.x - _SLOT / 2 + 0.06, lane_bottom + _PAD),
                _SLOT - 0.12,
                lane_top - lane_bottom - 2 * _PAD,
                boxstyle="round,pad=0.02",
                facecolor="white",
                edgecolor=PROBLEM_EDGE if problem else "#4b5563",
                linewidth=1.4 if problem else 0.8,
                linestyle="--" if problem else "-",
            ),
        )
        _text(
            fig,
            column.x,
            (lane_top + lane_bottom) / 2,
            column.name,
            ha="center",
            va="center",
            fontsize=_FONT,
            color=_INK,
        )
    for stretch in row:
        if stretch.left_out:
            _text(
                fig,
                stretch.left + _SLOT * (len(stretch.columns) + 0.5),
                (lane_top + lane_bottom) / 2,
                f"+{len(stretch.left_out)} more\ntouchpoints",
                ha="center",
                va="center",
                fontsize=_FONT,
                style="italic",
                color=_MUTED,
            )


def _draw_segments(
    fig: Figure,
    row: list[_Stretch],
    milestone_map: MilestoneMap,
    lanes_top: float,
    lanes_bottom: float,
    *,
    first: bool,
) -> None:
    """One row's segment backgrounds, and the milestones at their boundaries.

    A row starts with the milestone its first path leaves from (again, when the row
    above ended there); a path cut at a row's end says it goes on below, and the
    next row says it goes on from above.
    """
    stage_of = {m.name: m.stage for m in milestone_map.milestones}
    first_milestone = milestone_map.milestones[0].name if milestone_map.milestones else None
    for number, stretch in enumerate(row):
        segment = stretch.segment
        box = (stretch.left, lanes_bottom), stretch.width, lanes_top - lanes_bottom
        if not segment.fits:
            # a path that joins no consecutive pair: set apart, in red, named in full
            _patch(
                fig,
                Rectangle(
                    *box,
                    facecolor=_LEFTOVER_FACE,
                    edgecolor=PROBLEM_EDGE,
                    linestyle="--",
                    linewidth=1.2,
                ),
            )
            _text(
                fig,
                stretch.left + stretch.width / 2,
                lanes_top + 0.06,
                _header_label(stretch),
                ha="center",
                va="bottom",
                fontsize=_FONT,
                style="italic",
                color=PROBLEM_EDGE,
            )
            continue
        stage = stage_of.get(segment.end, Stage.AFTER)
        face, _ = STAGE_COLOURS[Stage.BEFORE if stage is Stage.CORE else stage]
        _patch(fig, Rectangle(*box, facecolor=face, edgecolor="none", alpha=0.45))
        if segment.path is None:
            _text(
                fig,
                stretch.left + stretch.width / 2,
                (lanes_top + lanes_bottom) / 2,
                "no path\nyet",
                ha="center",
                va="center",
                fontsize=_FONT,
                style="italic",
                color=_MUTED,
            )
        if not stretch.opens:
            _continued_at(fig, stretch.left, "from above", lanes_top, lanes_bottom)
        elif number == 0:
            # an empty start is the first contact when the segment ends at the first
            # milestone; otherwise it is a milestone the learner has not named yet
            named = bool(segment.start) or segment.end != first_milestone
            label = _boundary_label(segment.start) if named else FIRST_CONTACT
            stage = stage_of.get(segment.start) if named else None
            if first or named:
                _milestone_at(fig, stretch.left, label, stage, lanes_top, lanes_bottom)
        if stretch.closes:
            _milestone_at(
                fig,
                stretch.left + stretch.width,
                _boundary_label(segment.end),
                stage_of.get(segment.end),
                lanes_top,
                lanes_bottom,
            )
        else:
            _continued_at(fig, stretch.left + stretch.width, "on below", lanes_top, lanes_bottom)


def _continued_at(fig: Figure, x: float, label: str, lanes_top: float, lanes_bottom: float) -> None:
    """Where a path is cut at a row's end, or goes on at the next row's start."""
    _line(fig, [x, x], [lanes_bottom, lanes_top + 0.04], color=_MUTED, linewidth=0.9, linestyle=":")
    _text(
        fig,
        x,
        lanes_top + 0.06,
        f"path goes\n{label}",
        ha="center",
        va="bottom",
        fontsize=_FONT,
        style="italic",
        color=_MUTED,
    )


def _milestone_at(
    fig: Figure, x: float, label: str, stage: Stage | None, lanes_top: float, lanes_bottom: float
) -> None:
    """A milestone boundary: a line down through the lanes, its name on top.

    The first contact is no milestone (``stage`` None): a grey dotted line.
    """
    colour = STAGE_COLOURS[stage][1] if stage else _MUTED
    _line(
        fig,
        [x, x],
        [lanes_bottom, lanes_top + 0.04],
        color=colour,
        linewidth=2.4 if stage is Stage.CORE else 1.1,
        linestyle="-" if stage else ":",
    )
    _text(
        fig,
        x,
        lanes_top + 0.06,
        label,
        ha="center",
        va="bottom",
        fontsize=7.5,
        fontweight="bold" if stage else "normal",
        style="normal" if stage else "italic",
        color=colour,
    )


def _draw_emotion(
    fig: Figure,
    paths: PathSet,
    columns: list[_Column],
    breaks: set[float],
    dips: set[str],
    band: tuple[float, float],
    right: float,
    *,
    key: bool,
) -> None:
    """One row's emotion lane: the scale, the curve through every touchpoint drawn
    (broken after the columns at ``breaks``), and its dips; ``key`` says how to read
    the points (once, in the first row)."""
    scale = paths.scale
    top, bottom = band[0] - 0.15, band[1] + 0.25

    def y(value: float) -> float:
        return bottom + (value - scale.low) / (scale.high - scale.low) * (top - bottom)

    ticks = range(scale.low, scale.high + 1)
    # a label per score while they fit the lane's height, else the ends only
    for value in ticks if len(ticks) <= 7 else (scale.low, scale.high):
        _line(fig, [_LEFT, right], [y(value)] * 2, color="#e5e7eb", linewidth=0.6)
        _text(
            fig, _LEFT - 0.06, y(value), scale.label(value), ha="right", va="center", fontsize=_FONT
        )
    _line(
        fig, [_LEFT, right], [y(scale.neutral)] * 2, color="#9ca3af", linewidth=0.9, linestyle="--"
    )
    if key:
        _text(
            fig,
            0.1,
            band[1] + 0.06,
            "● observed or\n   measured\n○ assumed",
            fontsize=_FONT,
            color=_MUTED,
            va="bottom",
        )
    if not columns:
        return
    xs = [c.x for c in columns]
    ys = [y(c.touchpoint.emotion) for c in columns]
    curve_x, curve_y = [], []
    for x, v in zip(xs, ys, strict=True):
        curve_x.append(x)
        curve_y.append(v)
        if x in breaks:  # touchpoints are left out after this one: no line across them
            curve_x.append(nan)
            curve_y.append(nan)
    _line(fig, curve_x, curve_y, color=_INK, linewidth=1.3, gid="emotion-curve")
    # one point per touchpoint: filled when observed or measured, hollow when assumed
    for assumed in (False, True):
        points = [
            (x, v)
            for x, v, c in zip(xs, ys, columns, strict=True)
            if (c.touchpoint.evidence is Evidence.ASSUMED) is assumed
        ]
        _line(
            fig,
            [x for x, _ in points],
            [v for _, v in points],
            linestyle="none",
            marker="o",
            markersize=5.5,
            markeredgecolor=_INK,
            markerfacecolor="white" if assumed else _INK,
            gid="emotion-points-assumed" if assumed else "emotion-points-known",
        )
    marked = [(x, v) for x, v, c in zip(xs, ys, columns, strict=True) if c.touchpoint.name in dips]
    if marked:
        _line(
            fig,
            [x for x, _ in marked],
            [v for _, v in marked],
            linestyle="none",
            marker="o",
            markersize=11,
            markerfacecolor="none",
            markeredgecolor=PROBLEM_EDGE,
            markeredgewidth=1.8,
            gid="emotion-dips",
        )
        for x, v in marked:
            _text(fig, x + 0.14, v, "dip", va="center", fontsize=_FONT, color=PROBLEM_EDGE)
