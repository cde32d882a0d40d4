"""Printable posters: the Business Model Canvas and the journey map as A4 or A3 PDFs.

A poster is blank, for group work (the nine blocks with their questions and room to
write; the three milestone columns and the nine lifecycle lanes with empty cards), or
filled from a learner's plan. Either way it is one landscape page whose text stays
readable when printed: every font is at least 9 points on A4, and an A3 poster is the
same poster with every size (fonts included) scaled up to the larger paper.

A learner's text is drawn as typed ("$5 a month" is not math), wrapped to fit its box
with the drawings' helpers; a text too long for its box ends in " …", and what finds
no room at all is counted as "+N more" where it belongs and listed in a note at the
foot of the poster. Nothing is left out silently.

Also from the command line: ``journey-lessons posters [--size A4|A3] [--blank]
[--plan FILE] [-o DIR]``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.text import Text
from matplotlib.textpath import text_to_path
from matplotlib.transforms import Affine2D

from .canvas import ATTRIBUTION, Block, Canvas
from .draw._base import Drawing, learner_text_as_typed, missing_glyphs_unsaid, plain, wrap
from .draw._milestones import STAGE_COLOURS
from .draw._paths import PHASE_COLOURS
from .journey import JourneyPlan
from .lifecycle import LifecycleStep
from .milestones import Stage

#: Paper sizes, landscape: (width, height) in millimetres.
PAPER_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
#: The smallest font on an A4 poster, in points; an A3 poster scales it up.
MIN_FONT_A4 = 9.0
#: The course, named in every poster's footer.
COURSE = "Journey lessons: a course on mapping and improving your customer journey"

_MM = 72 / 25.4  # points per millimetre

# Sizes in points on A4; every one is multiplied by the paper's scale (A3: about 1.41).
_MARGIN = 24.0
_TITLE = 18.0
_HEADING = 11.0  # block names, column and lane names
_BODY = 10.0  # canvas items and block questions
_CARD = MIN_FONT_A4  # text on the journey map's cards
_SMALL = MIN_FONT_A4  # footer and overflow note: the smallest text on a poster
_PITCH = 1.18  # line pitch, as a multiple of the font size
_PAD = 5.0  # between a box's edge and its text
_GAP = 4.0  # between cards
_CARD_PAD = 3.0  # between a card's edge and its text
_LANE_GAP = 2.0  # between a lane's edge and its cards
_ITEM_LINES = 3  # a canvas item takes at most this many lines
_NOTE_LINES = 2

_INK, _MUTED, _EDGE = "#111827", "#6b7280", "#334155"
_POSITIVE, _NEGATIVE = "#166534", "#991b1b"


class Poster(Drawing):
    """A poster's figure: the page, the texts that were cut short and the ones left out.

    ``cut`` holds, in full, the learner's texts that end in " …" on the poster;
    ``left_out`` the ones that found no room (counted "+N more" and listed in the
    overflow note at the foot of the poster).
    """

    paper: str = "A3"
    cut: list[str]
    left_out: list[str]


@functools.lru_cache(maxsize=8192)
def _width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size``, measured with the font."""
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    with missing_glyphs_unsaid():
        return text_to_path.get_text_width_height_descent(text, prop, False)[0]


def fit_lines(
    text: str,
    size: float,
    width: float,
    max_lines: int,
    *,
    bold: bool = False,
    placeholder: str = "",
    first: str = "",
    rest: str = "",
    cut: list[str] | None = None,
) -> list[str]:
    """``text`` wrapped into at most ``max_lines`` lines no wider than ``width`` points.

    Lines start with ``first`` (the first) or ``rest`` (the others), such as a bullet
    and its indent. Text that does not fit ends in " …" and is added in full to ``cut``.
    """
    indent = max(_width(first, size, bold), _width(rest, size, bold))
    chars = max(int((width - indent) / (size * 0.5)), 3)  # a first guess, then measured
    while True:
        shortened: list[str] = []
        lines = wrap(text, chars, max_lines, placeholder, shortened)
        lines = [(rest if n else first) + line for n, line in enumerate(lines)]
        if chars <= 3 or all(_width(line, size, bold) <= width for line in lines):
            break
        chars -= max(chars // 12, 1)
    if cut is not None:
        cut += shortened
    return lines


@dataclass
class _Page:
    """One landscape page; places artists in points from its bottom-left corner."""

    fig: Poster
    scale: float
    width: float  # points
    height: float

    @property
    def _points(self) -> Any:
        return Affine2D().scale(1 / 72) + self.fig.dpi_scale_trans

    def size(self, a4_points: float) -> float:
        return a4_points * self.scale

    def text(self, x: float, y: float, text: str, size: float, **style: Any) -> None:
        style.setdefault("color", _INK)
        self.fig.add_artist(
            Text(
                x,
                y,
                text,
                fontsize=size,
                parse_math=False,  # a learner's "$5" is a price, not math
                usetex=False,
                transform=self._points,
                **style,
            )
        )

    def lines(self, x: float, top: float, lines: Sequence[str], size: float, **style: Any) -> float:
        """Lines of text down from ``top``, one artist each; returns the next line's top."""
        for line in lines:
            self.text(x, top, line, size, va="top", **style)
            top -= size * _PITCH
        return top

    def box(self, x: float, y: float, w: float, h: float, **style: Any) -> None:
        patch = FancyBboxPatch(
            (x, y), w, h, boxstyle=f"round,pad=0,rounding_size={self.size(3)}", **style
        )
        patch.set_transform(self._points)
        self.fig.add_artist(patch)

    def more_card(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        hidden: int,
        edge: str,
        *,
        pad: float,
        size: float,
    ) -> None:
        """The card in the last free slot that counts what had no room: "+N more"."""
        self.box(x, y, w, h, facecolor="white", edgecolor=edge, linewidth=self.size(0.9))
        self.lines(x + pad, y + h - pad, [f"+{hidden} more"], size, style="italic", color=edge)

    def rect(self, x: float, y: float, w: float, h: float, **style: Any) -> None:
        patch = Rectangle((x, y), w, h, **style)
        patch.set_transform(self._points)
        self.fig.add_artist(patch)


def _page(paper: str) -> _Page:
    if paper not in PAPER_MM:
        raise ValueError(f"paper size must be one of {', '.join(PAPER_MM)}, not {paper!r}")
    width_mm, height_mm = PAPER_MM[paper]
    fig = Poster(figsize=(width_mm / 25.4, height_mm / 25.4))
    fig.paper, fig.cut, fig.left_out = paper, [], []
    return _Page(fig, height_mm / PAPER_MM["A4"][1], width_mm * _MM, height_mm * _MM)


def _frame(page: _Page, title: str, subtitle: str, attribution: str = "") -> tuple[float, float]:
    """The title, the footer and room for the overflow note; returns (bottom, top) of
    what lies between."""
    margin, small, big = page.size(_MARGIN), page.size(_SMALL), page.size(_TITLE)
    room = page.width - 2 * margin
    room -= _width(subtitle, page.size(_HEADING)) + (page.size(4 * _GAP) if subtitle else 0)
    title_line = fit_lines(title, big, room, 1, bold=True, cut=page.fig.cut)[0]
    page.text(margin, page.height - margin, title_line, big, va="top", fontweight="bold")
    page.text(
        page.width - margin,
        page.height - margin,
        subtitle,
        page.size(_HEADING),
        va="top",
        ha="right",
        color=_MUTED,
    )
    page.text(margin, margin, COURSE, small, va="bottom", color=_MUTED)
    if attribution:
        page.text(page.width - margin, margin, attribution, small, va="bottom", ha="right")
    return _frame_bounds(page)


def _overflow_note(page: _Page) -> None:
    """At the foot of the poster: what found no room (counted), and what is cut short."""
    fig, small, margin = page.fig, page.size(_SMALL), page.size(_MARGIN)
    parts = []
    if fig.left_out:
        count = len(fig.left_out)
        parts.append(
            f"No room on this poster for {count} item{'s' if count != 1 else ''} "
            f"(counted as “+N more”): {'; '.join(fig.left_out)}."
        )
    if fig.cut:
        parts.append("Texts ending in “…” are cut short: the plan file has them in full.")
    if not parts:
        return
    # the cut notice comes first, so that it shows however long the list of items is
    text = " ".join(reversed(parts))
    lines = fit_lines(text, small, page.width - 2 * margin, _NOTE_LINES)
    top = margin + small * 1.6 + _NOTE_LINES * small * _PITCH
    page.lines(margin, top, lines, small, color=_NEGATIVE)


def _save(fig: Poster, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Type 42 (TrueType) fonts: the PDF's text stays text, to search and to copy
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "text.parse_math": False}),
        missing_glyphs_unsaid(),
    ):
        fig.savefig(path, format="pdf", metadata={"CreationDate": None, "Creator": COURSE})
    return path


# -- the Business Model Canvas --------------------------------------------------------


def _canvas_of(plan_or_canvas: JourneyPlan | Canvas | None) -> Canvas | None:
    if plan_or_canvas is None or isinstance(plan_or_canvas, Canvas):
        return plan_or_canvas
    if isinstance(plan_or_canvas, JourneyPlan):
        return plan_or_canvas.canvas
    raise TypeError(f"expected a JourneyPlan, a Canvas or None, not {plan_or_canvas!r}")


@learner_text_as_typed
def canvas_poster_figure(
    plan_or_canvas: JourneyPlan | Canvas | None = None, *, size: str = "A3"
) -> Poster:
    """The canvas poster as a figure (see :func:`canvas_poster`), to look at or test."""
    business = _canvas_of(plan_or_canvas)
    page = _page(size)
    fig = page.fig
    if business is None:
        title, subtitle = "Business Model Canvas", "Designed for: ____________   Date: ________"
    else:
        name = plain(business.title)
        title = f"{name}: Business Model Canvas" if name else "Business Model Canvas"
        subtitle = "Business Model Canvas"
    bottom, top = _frame(page, title, subtitle if business is None else "", f"The {ATTRIBUTION}")
    left = page.size(_MARGIN)
    unit_x = (page.width - 2 * left) / 10
    unit_y = (top - bottom) / 3
    for block in Block:
        x, y, w, h = block.grid
        box = (left + x * unit_x, bottom + y * unit_y, w * unit_x, h * unit_y)
        page.rect(*box, facecolor="none", edgecolor=_EDGE, linewidth=page.size(1.2))
        _canvas_block(page, block, business, box)
    _overflow_note(page)
    fig.set_description(
        business.describe() if business else "A blank Business Model Canvas to fill in.",
        fig.cut,
        fig.left_out,
    )
    return fig


def _canvas_block(
    page: _Page, block: Block, business: Canvas | None, box: tuple[float, float, float, float]
) -> None:
    """A block's name, then its items and moments of truth (or, empty, its question)."""
    fig = page.fig
    bx, by, bw, bh = box
    pad, heading, body = page.size(_PAD), page.size(_HEADING), page.size(_BODY)
    room_w = bw - 2 * pad
    cursor = by + bh - pad
    cursor = page.lines(bx + pad, cursor, [block.label], heading, fontweight="bold")
    items = [] if business is None else [i for i in business.items[block] if i.strip()]
    moments = [] if business is None else list(business.moments_in(block))
    if not items and not moments:
        question = fit_lines(block.question, body, room_w, 6)
        page.lines(bx + pad, cursor - body * 0.2, question, body, style="italic", color=_MUTED)
        return
    cursor -= body * 0.3
    floor = by + pad
    room = int((cursor - floor) / (body * _PITCH))
    entries: list[tuple[str, list[str], dict[str, Any]]] = []
    for item in items:
        lines = fit_lines(item, body, room_w, _ITEM_LINES, first="• ", rest="   ", cut=fig.cut)
        entries.append((item.strip(), lines, {}))
    for moment in moments:
        text = f"{moment.kind.short}: {moment.name.strip() or '(unnamed)'}"
        lines = fit_lines(
            text, body, room_w, _ITEM_LINES, first=f"{moment.sign} ", rest="   ", cut=fig.cut
        )
        colour = _POSITIVE if moment.positive else _NEGATIVE
        entries.append((f"{moment.sign} {text}", lines, {"color": colour}))
    shown = _fitting_entries([len(lines) for _, lines, _ in entries], room)
    for _, lines, style in entries[:shown]:
        cursor = page.lines(bx + pad, cursor, lines, body, **style)
    if shown < len(entries):
        hidden = entries[shown:]
        page.lines(bx + pad, cursor, [f"+{len(hidden)} more"], body, style="italic")
        fig.left_out += [f"{block.label}: {plain(text)}" for text, _, _ in hidden]


def _fitting_entries(heights: list[int], room: int) -> int:
    """How many entries of these heights (in lines) to show in ``room`` lines: all, or
    as many as leave a line for "+N more"."""
    if sum(heights) <= room:
        return len(heights)
    used = 0
    for count, height in enumerate(heights):
        if used + height > room - 1:
            return count
        used += height
    return len(heights)


def _frame_bounds(page: _Page) -> tuple[float, float]:
    """(bottom, top) of the room between the title and the note: as :func:`_frame`."""
    margin, small, big = page.size(_MARGIN), page.size(_SMALL), page.size(_TITLE)
    bottom = margin + small * 1.6 + _NOTE_LINES * small * _PITCH + page.size(_GAP)
    return bottom, page.height - margin - big * 1.5


# -- the journey map ------------------------------------------------------------------

# Milestone cards across each column: the core purchase is one milestone.
_ACROSS = {Stage.BEFORE: 2, Stage.CORE: 1, Stage.AFTER: 2}
_LABELS = 118.0  # the width of the lane names on the left, in points on A4


@learner_text_as_typed
def journey_map_poster_figure(plan: JourneyPlan | None = None, *, size: str = "A3") -> Poster:
    """The journey map poster as a figure (see :func:`journey_map_poster`)."""
    if plan is not None and not isinstance(plan, JourneyPlan):
        raise TypeError(f"expected a JourneyPlan or None, not {plan!r}")
    page = _page(size)
    fig = page.fig
    name = plain(plan.business) if plan is not None else ""
    title = f"{name}: customer journey map" if name else "Customer journey map"
    subtitle = "Business: ____________   Date: ________" if plan is None else ""
    bottom, top = _frame(page, title, subtitle)
    margin, gap, pad = page.size(_MARGIN), page.size(_GAP), page.size(_PAD)
    card, heading = page.size(_CARD), page.size(_HEADING)
    card_pad, lane_gap = page.size(_CARD_PAD), page.size(_LANE_GAP)
    area_x = margin + page.size(_LABELS)
    area_w = page.width - margin - area_x

    # the nine lifecycle lanes along the bottom, one row of cards each
    card_h = 3 * card * _PITCH + 2 * card_pad
    lane_h = card_h + 2 * lane_gap
    lanes_top = bottom + len(LifecycleStep) * lane_h
    _lanes(page, plan, bottom, lane_h, area_x, area_w)

    # the three milestone columns above them
    band_bottom = lanes_top + 2 * gap
    page.lines(margin, top, ["Milestones"], heading, fontweight="bold")
    page.lines(
        margin,
        top - heading * _PITCH,
        fit_lines("and how each is measured", card, page.size(_LABELS) - pad, 2),
        card,
        color=_MUTED,
    )
    cards = sum(_ACROSS.values())
    column_gap = 4 * gap
    card_w = (area_w - (cards - len(_ACROSS)) * gap - (len(_ACROSS) - 1) * column_gap) / cards
    x = area_x
    for stage in Stage:
        across = _ACROSS[stage]
        column_w = across * card_w + (across - 1) * gap
        edge = STAGE_COLOURS[stage][1]
        page.lines(x, top, [stage.label], heading, fontweight="bold", color=edge)
        milestones = [] if plan is None else list(plan.milestones.column(stage))
        _milestone_column(
            page, stage, milestones, (x, band_bottom, column_w, top - heading * 1.3), card_w
        )
        x += column_w + column_gap

    _overflow_note(page)
    if plan is None:
        description = (
            "A blank customer journey map to fill in: three milestone columns (before, "
            "core purchase, after) and the nine lifecycle steps, each a lane of empty cards."
        )
    else:
        description = f"{plan.milestones.describe()} {plan.paths.describe(plan.milestones)}"
    fig.set_description(description, fig.cut, fig.left_out)
    return fig


def _milestone_column(
    page: _Page,
    stage: Stage,
    milestones: list[Any],
    box: tuple[float, float, float, float],
    card_w: float,
) -> None:
    """A column's milestone cards, row by row; empty cards fill the rest of it."""
    fig = page.fig
    x, bottom, _, top = box
    gap, pad, card = page.size(_GAP), page.size(_CARD_PAD), page.size(_CARD)
    face, edge = STAGE_COLOURS[stage]
    card_h = 3 * card * _PITCH + 2 * pad
    across = _ACROSS[stage]
    rows = max(int((top - bottom + gap) / (card_h + gap)), 1)
    slots = across * rows
    shown = milestones if len(milestones) <= slots else milestones[: slots - 1]
    room = card_w - 2 * pad
    for slot in range(slots):
        cx = x + (slot % across) * (card_w + gap)
        cy = top - (slot // across + 1) * card_h - (slot // across) * gap
        if slot < len(shown):
            milestone = shown[slot]
            page.box(
                cx,
                cy,
                card_w,
                card_h,
                facecolor=face,
                edgecolor=edge,
                linewidth=page.size(2.0 if stage is Stage.CORE else 1.0),
            )
            name = fit_lines(
                milestone.name, card, room, 2, bold=True, placeholder="(no name yet)", cut=fig.cut
            )
            measure = fit_lines(
                f"measure: {milestone.measure}" if milestone.measure.strip() else "",
                card,
                room,
                3 - len(name),
                placeholder="measure: not said yet",
                cut=fig.cut,
            )
            after = page.lines(cx + pad, cy + card_h - pad, name, card, fontweight="bold")
            page.lines(cx + pad, after, measure, card, style="italic", color="#374151")
        elif slot == len(shown) and len(shown) < len(milestones):
            hidden = milestones[len(shown) :]
            page.more_card(cx, cy, card_w, card_h, len(hidden), edge, pad=pad, size=card)
            fig.left_out += [
                f"{stage.label}: {plain(m.name)}"
                + (f" (measure: {plain(m.measure)})" if m.measure.strip() else "")
                for m in hidden
            ]
        else:
            page.box(
                cx,
                cy,
                card_w,
                card_h,
                facecolor="white",
                edgecolor=edge,
                linewidth=page.size(0.8),
                linestyle="--",
            )
            if not milestones and slot == 0:
                page.lines(
                    cx + pad,
                    cy + card_h - pad,
                    ["milestone:", "", "measured by:"],
                    card,
                    color=_MUTED,
                )


def _journey_touchpoints(plan: JourneyPlan) -> list[Any]:
    """Every touchpoint once, in journey order (the paths that fit no pair come last)."""
    ordered: dict[int, Any] = {}
    for segment in plan.paths.segments(plan.milestones):
        for touchpoint in segment.path.touchpoints if segment.path else ():
            ordered.setdefault(id(touchpoint), touchpoint)
    for touchpoint in plan.paths.touchpoints:
        ordered.setdefault(id(touchpoint), touchpoint)
    return list(ordered.values())


def _lanes(
    page: _Page,
    plan: JourneyPlan | None,
    bottom: float,
    lane_h: float,
    area_x: float,
    area_w: float,
) -> None:
    """The nine lifecycle lanes, the first at the top: its name, then its touchpoints."""
    fig = page.fig
    margin, gap, pad = page.size(_MARGIN), page.size(_GAP), page.size(_CARD_PAD)
    lane_gap = page.size(_LANE_GAP)
    card, lane_font = page.size(_CARD), page.size(_BODY)
    touchpoints = [] if plan is None else _journey_touchpoints(plan)
    slots = 5
    card_w = (area_w - (slots - 1) * gap) / slots
    card_h = lane_h - 2 * lane_gap
    room = card_w - 2 * pad
    for row, step in enumerate(LifecycleStep):
        y = bottom + (len(LifecycleStep) - 1 - row) * lane_h
        face, edge = PHASE_COLOURS[step.phase]
        page.rect(
            margin,
            y,
            page.width - 2 * margin,
            lane_h,
            facecolor=face,
            edgecolor="white",
            linewidth=page.size(1.5),
            alpha=0.55,
        )
        label = fit_lines(
            f"{step.number}. {step.label}", lane_font, page.size(_LABELS) - 2 * pad, 2, bold=True
        )
        page.lines(
            margin + pad,
            y + lane_h - lane_gap - pad,
            label,
            lane_font,
            fontweight="bold",
            color=edge,
        )
        mine = [t for t in touchpoints if t.step is step]
        shown = mine if len(mine) <= slots else mine[: slots - 1]
        for slot in range(slots):
            cx, cy = area_x + slot * (card_w + gap), y + gap
            if slot < len(shown):
                touchpoint = shown[slot]
                page.box(
                    cx,
                    cy,
                    card_w,
                    card_h,
                    facecolor="white",
                    edgecolor=edge,
                    linewidth=page.size(0.9),
                )
                channel = touchpoint.channel.strip()
                name = fit_lines(
                    touchpoint.name,
                    card,
                    room,
                    2 if channel else 3,
                    placeholder="(no name)",
                    cut=fig.cut,
                )
                after = page.lines(cx + pad, cy + card_h - pad, name, card)
                if channel:
                    via = fit_lines(f"via {channel}", card, room, 1, cut=fig.cut)
                    page.lines(cx + pad, after, via, card, style="italic", color=_MUTED)
            elif slot == len(shown) and len(shown) < len(mine):
                hidden = mine[len(shown) :]
                page.more_card(cx, cy, card_w, card_h, len(hidden), edge, pad=pad, size=card)
                fig.left_out += [
                    f"{step.label}: {plain(t.name)}"
                    + (f" (via {plain(t.channel)})" if t.channel.strip() else "")
                    for t in hidden
                ]
            else:
                page.box(
                    cx,
                    cy,
                    card_w,
                    card_h,
                    facecolor="white",
                    edgecolor=edge,
                    linewidth=page.size(0.6),
                    linestyle="--",
                    alpha=0.8,
                )


# -- saving ---------------------------------------------------------------------------


def canvas_poster(
    plan_or_canvas: JourneyPlan | Canvas | None = None,
    *,
    size: str = "A3",
    path: str | Path,
) -> Path:
    """Write the Business Model Canvas as a one-page landscape PDF poster; returns its path.

    ``None`` gives a blank canvas for group work: the nine blocks, each with its
    question and room to write. A plan (or a canvas) fills the blocks with its items
    and moments of truth. ``size`` is ``"A4"`` or ``"A3"``. The footer names the course
    and credits the canvas to Strategyzer (CC BY-SA 3.0).
    """
    fig = canvas_poster_figure(plan_or_canvas, size=size)
    return _save(fig, path)


def journey_map_poster(
    plan: JourneyPlan | None = None, *, size: str = "A3", path: str | Path
) -> Path:
    """Write the journey map as a one-page landscape PDF poster; returns its path.

    The three milestone columns (before, core purchase, after) over nine lanes, one
    for each lifecycle step. ``None`` gives a blank map of empty cards for group
    work; a plan fills in its milestones and its touchpoints, each in its step's lane.
    """
    fig = journey_map_poster_figure(plan, size=size)
    return _save(fig, path)


# -- the command ----------------------------------------------------------------------


def main(argv: Sequence[str]) -> int:
    """``journey-lessons posters``: 0 when both posters were written, 2 for a bad plan."""
    import argparse

    from .files import JourneyFileError, read_journey

    parser = argparse.ArgumentParser(
        prog="journey-lessons posters",
        description="Write the Business Model Canvas and the journey map as printable PDF "
        "posters (one landscape page each): blank for group work, or filled from a "
        "learner's journey file.",
    )
    parser.add_argument(
        "--size", choices=sorted(PAPER_MM), default="A3", help="paper size (default: A3)"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--blank", action="store_true", help="blank posters (the default)")
    which.add_argument("--plan", type=Path, help="a journey file to fill the posters from")
    parser.add_argument(
        "-o", "--out", type=Path, default=Path("."), help="the folder to write to (default: .)"
    )
    args = parser.parse_args(argv)
    plan = None
    if args.plan is not None:
        try:
            read = read_journey(args.plan, strict=False)
        except JourneyFileError as error:
            print(f"journey-lessons posters: {error}", file=sys.stderr)
            return 2
        plan = read.plan
        for note in read.notes:
            print(note, file=sys.stderr)
    stem = "blank" if plan is None else args.plan.stem
    written = []
    try:
        written.append(
            canvas_poster(plan, size=args.size, path=args.out / f"{stem}-canvas-{args.size}.pdf")
        )
        written.append(
            journey_map_poster(
                plan, size=args.size, path=args.out / f"{stem}-journey-map-{args.size}.pdf"
            )
        )
    except OSError as error:
        print(
            f"journey-lessons posters: cannot write to {args.out}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 1
    for path in written:
        print(path)
    return 0
