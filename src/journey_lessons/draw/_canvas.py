"""The Business Model Canvas drawing: nine blocks in the usual layout, moments as badges."""

from __future__ import annotations

import functools

from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.textpath import text_to_path

from ..canvas import ATTRIBUTION, Block, Canvas, MomentOfTruth
from ._base import (
    ELLIPSIS,
    PAGE_WIDTH,
    SMALLEST_FONT,
    Drawing,
    learner_text_as_typed,
    missing_glyphs_unsaid,
    plain,
    shorten,
)

# inches: as wide as the page, and taller than the usual landscape canvas, so that five
# columns of blocks hold their items in readable type
_WIDTH, _HEIGHT = PAGE_WIDTH, 9.0
_LEFT, _RIGHT, _BOTTOM, _TOP = 0.01, 0.99, 0.065, 0.955
# inches per grid unit: the canvas is a 10 x 3 grid (see Block.grid)
_X_INCH = _WIDTH * (_RIGHT - _LEFT) / 10
_Y_INCH = _HEIGHT * (_TOP - _BOTTOM) / 3
_PAD = 0.06  # inches between a block's edge and its text

_ITEM_SIZE = 7.5
_BADGE_SIZE = SMALLEST_FONT
_LABEL_SIZE = 8.5
_ITEM_LINE = _ITEM_SIZE * 1.35 / 72 / _Y_INCH  # one line of item text, in grid units
_BADGE_LINE = _BADGE_SIZE * 2.3 / 72 / _Y_INCH  # one badge with its box and a gap
_BADGE_MORE = _BADGE_SIZE * 1.2 / 72 / _Y_INCH  # and each line more in a badge
_BADGE_LINES = 2
_LABEL_DROP = 0.08  # from a block's top edge to below its name, in grid units
_MAX_ITEM_LINES = 3
# No glyph is narrower than this share of the font size (a zero-width mark aside): a
# line holds at most width / (size * _NARROWEST) characters, and a text's first lines
# never need more of it than that.
_NARROWEST = 0.2

BLOCK_FACE, BLOCK_EDGE = "#f8fafc", "#334155"
POSITIVE = ("#dcfce7", "#166534")  # face, edge/text
NEGATIVE = ("#fee2e2", "#991b1b")


@functools.lru_cache(maxsize=4096)  # a redraw after a small edit measures the same lines
def _width(text: str, size: float, weight: str = "normal") -> float:
    """The width of ``text`` in points at ``size``, measured with the font, not guessed."""
    with missing_glyphs_unsaid():  # the browser draws them (see svg_text)
        font = FontProperties(size=size, weight=weight)
        return text_to_path.get_text_width_height_descent(text, font, False)[0]


def _fitting(text: str, size: float, width: float, end: str = "") -> int:
    """How many of the first characters of ``text``, followed by ``end``, fit in ``width``.

    Widths grow with each character, so a binary search needs a handful of
    measures where trying every length of a pasted URL would need thousands.
    """
    low, high = 0, len(text)  # text[:low] fits; text[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        if _width(text[:middle] + end, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _wrap(
    text: str,
    size: float,
    width: float,
    max_lines: int,
    first: str = "",
    rest: str = "",
    cut: list[str] | None = None,
) -> list[str]:
    """``text`` in lines no wider than ``width`` points, at most ``max_lines`` (then " …").

    ``first`` and ``rest`` start the first and the following lines (a bullet, an
    indent). A word too long for a line is split where it must be. Text that is
    cut short is added in full to ``cut``, for the alt text.
    """
    most = max(int(width / (size * _NARROWEST)), 1)  # characters a line can hold
    one_line = plain(text)
    head = one_line[: (most + 1) * max_lines + 1]  # what lies further can never show
    lines: list[str] = []
    line = ""
    for word in head.split():
        while word and len(lines) <= max_lines:
            prefix = rest if lines else first
            trial = f"{line} {word}" if line else word
            if len(trial) <= most and _width(prefix + trial, size) <= width:
                line, word = trial, ""
            elif line:  # the word goes on a new line
                lines.append(prefix + line)
                line = ""
            else:  # a word too long for a line is split where it must be
                keep = max(_fitting(prefix + word[:most], size, width) - len(prefix), 1)
                lines.append(prefix + word[:keep])
                word = word[keep:]
    if line:
        lines.append((rest if lines else first) + line)
    if len(lines) <= max_lines and len(head) == len(one_line):
        return lines
    if cut is not None:
        cut.append(text.strip())
    last = lines[max_lines - 1]
    keep = max(_fitting(last, size, width, ELLIPSIS), 1)
    return [*lines[: max_lines - 1], last[:keep].rstrip() + ELLIPSIS]


def _item_lines(
    items: tuple[str, ...], size: float, width: float, room: int, cut: list[str]
) -> list[str]:
    """The items as bulleted, wrapped lines within ``room`` lines, then "+N more" if cut."""
    listed = [item for item in items if item.strip()]
    # each item takes a line at least: those past room + 1 can never show
    wrapped = [
        _wrap(item, size, width, _MAX_ITEM_LINES, first="• ", rest="   ", cut=cut)
        for item in listed[: room + 1]
    ]
    if len(wrapped) == len(listed) and sum(map(len, wrapped)) <= room:
        return [line for lines in wrapped for line in lines]
    shown: list[str] = []
    for count, lines in enumerate(wrapped):
        if len(shown) + len(lines) > room - 1:  # keep a line for "+N more"
            return [*shown, f"+{len(listed) - count} more"]
        shown += lines
    return shown


def _badge_text(moment: MomentOfTruth, width: float, cut: list[str]) -> str:
    text = f"{moment.sign} {moment.kind.short}: {moment.name.strip() or '(unnamed)'}"
    shortened: list[str] = []
    lines = _wrap(text, _BADGE_SIZE, width, _BADGE_LINES, rest="   ", cut=shortened)
    if shortened:
        cut.append(moment.name.strip())  # the name in full, as the alt text has it
    return "\n".join(lines)


def _badge_height(text: str) -> float:
    """A badge's height with the gap above it, in grid units."""
    return _BADGE_LINE + text.count("\n") * _BADGE_MORE


def _label_size(label: str, width: float) -> float:
    """The largest size up to _LABEL_SIZE at which a block's name fits its block."""
    size = _LABEL_SIZE
    while size > SMALLEST_FONT and _width(label, size, "bold") > width:
        size -= 0.5
    return size


@learner_text_as_typed
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
    cut: list[str] = []  # texts the canvas cuts short: the alt text gives them in full
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 3)
    ax.set_axis_off()
    ax.set_title(
        # about 8 characters of 11-point bold text to the inch
        shorten(business.title, int(_WIDTH * 8), "Business Model Canvas", cut),
        fontsize=11,
        fontweight="bold",
        loc="left",
    )
    for block in Block:
        _draw_block(ax, block, business, cut)
    # the key over two lines and the attribution under it: one line would not fit the width
    line = SMALLEST_FONT * 1.25 / 72 / _HEIGHT  # in figure fractions
    fig.text(
        _LEFT,
        0.005 + line,
        "+ positive   − negative moment of truth.   ZMOT zero (research before contact),\n"
        "FMOT first, SMOT second (using it), MOT any touchpoint (Carlzon)",
        fontsize=SMALLEST_FONT,
        color="#374151",
        va="bottom",
    )
    fig.text(_LEFT, 0.005, ATTRIBUTION, fontsize=SMALLEST_FONT, color="#374151", va="bottom")
    fig.set_description(business.describe(), cut)
    return fig


def _draw_block(ax: Axes, block: Block, business: Canvas, cut: list[str]) -> None:
    x, y, w, h = block.grid
    items = business.items[block]
    empty = not any(i.strip() for i in items)
    ax.add_artist(  # not add_patch: the limits are fixed, and updating them is slow
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
    text_width = w * _X_INCH * 72 - 2 * _PAD * 72  # in points
    label_size = _label_size(block.label, text_width)
    ax.text(left, top, block.label, ha="left", va="top", fontsize=label_size, fontweight="bold")

    moments = business.moments_in(block)
    # a badge's box adds its padding on both sides, and starts a little further in
    badge_width = text_width - 2 * 0.25 * _BADGE_SIZE - 0.02 * _X_INCH * 72
    # badges take up to 45% of the block, from the bottom up; "+N more" when they do not fit
    badges: list[tuple[str, bool | None]] = []
    used, room = 0.0, h * 0.45
    for count, moment in enumerate(moments):
        text = _badge_text(moment, badge_width, cut)
        if used + _badge_height(text) > room - (_BADGE_LINE if count < len(moments) - 1 else 0):
            more = f"+{len(moments) - count} more moments"
            badges.append((more, None))
            break
        badges.append((text, moment.positive))
        used += _badge_height(text)
    bottom = y + 0.05
    for text, positive in reversed(badges):
        face, edge = {True: POSITIVE, False: NEGATIVE, None: ("white", BLOCK_EDGE)}[positive]
        ax.text(
            left + 0.02,
            bottom,
            text,
            ha="left",
            va="bottom",
            fontsize=_BADGE_SIZE,
            color=edge,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": face, "edgecolor": edge, "lw": 0.8},
            linespacing=1.1,
        )
        bottom += _badge_height(text)

    first = top - _LABEL_DROP
    floor = bottom
    room = max(int((first - floor) / _ITEM_LINE), 1)
    if empty:
        lines = _wrap(block.question, _ITEM_SIZE, text_width, room)
        style = {"style": "italic", "color": "#6b7280"}
    else:
        lines = _item_lines(items, _ITEM_SIZE, text_width, room, cut)
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
