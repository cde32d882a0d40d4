"""The Business Model Canvas drawing: nine blocks in the usual layout, moments as badges."""

from __future__ import annotations

import functools

from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.textpath import text_to_path

from ..canvas import ATTRIBUTION, Block, Canvas, MomentOfTruth
from ._base import Drawing

_WIDTH, _HEIGHT = 14.0, 9.0  # inches
_LEFT, _RIGHT, _BOTTOM, _TOP = 0.01, 0.99, 0.06, 0.93
# inches per grid unit: the canvas is a 10 x 3 grid (see Block.grid)
_X_INCH = _WIDTH * (_RIGHT - _LEFT) / 10
_Y_INCH = _HEIGHT * (_TOP - _BOTTOM) / 3
_PAD = 0.08  # inches between a block's edge and its text

_ITEM_SIZE = 8.5
_BADGE_SIZE = 7.5
_ITEM_LINE = _ITEM_SIZE * 1.35 / 72 / _Y_INCH  # one line of item text, in grid units
_BADGE_LINE = _BADGE_SIZE * 2.3 / 72 / _Y_INCH  # one badge with its box and a gap
_LABEL_DROP = 0.1  # from a block's top edge to below its name, in grid units
_MAX_ITEM_LINES = 3

BLOCK_FACE, BLOCK_EDGE = "#f8fafc", "#334155"
POSITIVE = ("#dcfce7", "#166534")  # face, edge/text
NEGATIVE = ("#fee2e2", "#991b1b")


@functools.lru_cache(maxsize=4096)  # a redraw after a small edit measures the same lines
def _width(text: str, size: float) -> float:
    """The width of ``text`` in points at ``size``, measured with the font, not guessed."""
    return text_to_path.get_text_width_height_descent(text, FontProperties(size=size), False)[0]


def _wrap(
    text: str, size: float, width: float, max_lines: int, first: str = "", rest: str = ""
) -> list[str]:
    """``text`` in lines no wider than ``width`` points, at most ``max_lines`` (then " …").

    ``first`` and ``rest`` start the first and the following lines (a bullet, an
    indent). A word too long for a line is split where it must be.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        while True:
            prefix = rest if lines else first
            trial = f"{line} {word}" if line else word
            if _width(prefix + trial, size) <= width:
                line = trial
                break
            if line:  # the word goes on a new line
                lines.append(prefix + line)
                line = ""
                continue
            cut = max(
                (n for n in range(1, len(word)) if _width(prefix + word[:n], size) <= width),
                default=1,
            )
            lines.append(prefix + word[:cut])
            word = word[cut:]
    if line:
        lines.append((rest if lines else first) + line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and _width(last + " …", size) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + " …"]
    return lines


def _item_lines(items: tuple[str, ...], size: float, width: float, room: int) -> list[str]:
    """The items as bulleted, wrapped lines within ``room`` lines, then "+N more" if cut."""
    wrapped = [
        _wrap(item, size, width, _MAX_ITEM_LINES, first="• ", rest="   ")
        for item in items
        if item.strip()
    ]
    if sum(map(len, wrapped)) <= room:
        return [line for lines in wrapped for line in lines]
    shown: list[str] = []
    for count, lines in enumerate(wrapped):
        if len(shown) + len(lines) > room - 1:  # keep a line for "+N more"
            return [*shown, f"+{len(wrapped) - count} more"]
        shown += lines
    return shown


def _badge_text(moment: MomentOfTruth, width: float) -> str:
    text = f"{moment.sign} {moment.kind.short}: {moment.name.strip() or '(unnamed)'}"
    return _wrap(text, _BADGE_SIZE, width, 1)[0]


def canvas(business: Canvas) -> Drawing:
    """The Business Model Canvas with its nine blocks in the usual arrangement.

    Each block lists its items (wrapped; "+N more" when they do not fit) and
    carries a badge for each moment of truth that rests on it: "+" for a
    positive moment, "−" for a negative one. An empty block shows its question.
    The canvas is Strategyzer's (CC BY-SA 3.0), and the drawing says so.
    """
    fig = Drawing(figsize=(_WIDTH, _HEIGHT))
    # fixed margins, not a layout engine: the blocks are laid out by hand
    fig.subplots_adjust(left=_LEFT, right=_RIGHT, bottom=_BOTTOM, top=_TOP)
    fig.alt_text = business.describe()
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 3)
    ax.set_axis_off()
    ax.set_title(
        business.title.strip() or "Business Model Canvas",
        fontsize=13,
        fontweight="bold",
        loc="left",
    )
    for block in Block:
        _draw_block(ax, block, business)
    fig.text(
        _LEFT,
        0.02,
        "+ positive   − negative moment of truth.   ZMOT zero (research before contact), "
        "FMOT first, SMOT second (using it), MOT any touchpoint (Carlzon)",
        fontsize=8,
        color="#374151",
    )
    fig.text(_RIGHT, 0.02, ATTRIBUTION, ha="right", fontsize=8, color="#374151")
    return fig


def _draw_block(ax: Axes, block: Block, business: Canvas) -> None:
    x, y, w, h = block.grid
    items = business.items[block]
    empty = not any(i.strip() for i in items)
    ax.add_patch(
        Rectangle(
            (x, y),
            w,
            h,
            facecolor=BLOCK_FACE,
            edgecolor=BLOCK_EDGE,
            linewidth=1.2,
            linestyle="--" if empty else "-",
        )
    )
    left = x + _PAD / _X_INCH
    top = y + h - 0.04
    ax.text(left, top, block.label, ha="left", va="top", fontsize=10, fontweight="bold")

    moments = business.moments_in(block)
    text_width = w * _X_INCH * 72 - 2 * _PAD * 72  # in points
    # a badge's box adds its padding on both sides, and starts a little further in
    badge_width = text_width - 2 * 0.25 * _BADGE_SIZE - 0.02 * _X_INCH * 72
    room_for_badges = max(int(h * 0.45 / _BADGE_LINE), 1)
    badges = [(_badge_text(m, badge_width), m.positive) for m in moments]
    if len(badges) > room_for_badges:
        hidden = len(badges) - room_for_badges + 1
        badges = [*badges[: room_for_badges - 1], (f"+{hidden} more moments", None)]
    for row, (text, positive) in enumerate(reversed(badges)):
        face, edge = {True: POSITIVE, False: NEGATIVE, None: ("white", BLOCK_EDGE)}[positive]
        ax.text(
            left + 0.02,
            y + 0.05 + row * _BADGE_LINE,
            text,
            ha="left",
            va="bottom",
            fontsize=_BADGE_SIZE,
            color=edge,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": face, "edgecolor": edge, "lw": 0.8},
        )

    first = top - _LABEL_DROP
    floor = y + 0.05 + len(badges) * _BADGE_LINE
    room = max(int((first - floor) / _ITEM_LINE), 1)
    if empty:
        lines = _wrap(block.question, _ITEM_SIZE, text_width, room)
        style = {"style": "italic", "color": "#6b7280"}
    else:
        lines = _item_lines(items, _ITEM_SIZE, text_width, room)
        style = {"color": "#111827"}
    for number, line in enumerate(lines):
        ax.text(
            left,
            first - number * _ITEM_LINE,
            line,
            ha="left",
            va="top",
            fontsize=_ITEM_SIZE,
            **style,
        )
