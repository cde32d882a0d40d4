"""The MoSCoW board drawing: four columns of touchpoint cards, with effort shares."""

from __future__ import annotations

from matplotlib.patches import FancyBboxPatch, Rectangle

from ..moscow import MUST_SHARE_MAX, MoscowBoard, MoscowItem, Priority
from ._base import PAGE_WIDTH, SMALLEST_FONT, Drawing, learner_text_as_typed, wrap

# One palette for the four columns: face, edge.
PRIORITY_COLOURS = {
    Priority.MUST: ("#e0e7ff", "#3730a3"),
    Priority.SHOULD: ("#e0f2fe", "#0369a1"),
    Priority.COULD: ("#dcfce7", "#15803d"),
    Priority.WONT: ("#f3f4f6", "#6b7280"),
}
WARNING_COLOUR = "#c53030"

_CARD_WIDTH = 0.88
_LINE = 0.2  # height of one line of text, in data units
_GAP = 0.18  # space between cards in a column
_HEADER = 1.1  # room above the cards for the column header
# characters per line on a card a quarter of PAGE_WIDTH wide, at the fonts below
_NAME_CHARS = 22
_NOTE_CHARS = 30
_NAME_FONT, _NOTE_FONT = 8, SMALLEST_FONT
# A column shows at most this many cards (a line counts the rest): a board of hundreds
# stays quick to redraw, and its description lists every touchpoint.
_MAX_CARDS = 25


def _card_lines(item: MoscowItem, cut: list[str]) -> tuple[list[str], list[str]]:
    """The bold name lines, and the smaller lines under them."""
    effort = "effort not estimated" if item.effort is None else f"{item.effort:g} person-days"
    notes = [f"{effort} · {item.impact.value} impact"]
    if item.priority is Priority.WONT:
        # a Won't is a decision recorded on purpose: its reason belongs on the card
        notes += wrap(item.reason, _NOTE_CHARS, 3, "no reason given", cut)
    return wrap(item.touchpoint, _NAME_CHARS, 3, "(no touchpoint yet)", cut), notes


def _height(lines: tuple[list[str], list[str]]) -> float:
    names, notes = lines
    return _LINE * (len(names) + 0.85 * len(notes)) + 0.22


@learner_text_as_typed
def moscow_board(
    board: MoscowBoard, *, must_share_max: float = MUST_SHARE_MAX, width: float = PAGE_WIDTH
) -> Drawing:
    """The board as four columns (Must, Should, Could, Won't) of touchpoint cards.

    Each header shows the column's share of the planned effort. When the Musts
    take more than ``must_share_max`` of the available effort, the Must column is
    outlined in red with a warning under its header. Cards with no effort
    estimate have a dashed outline. A column of more than 25 cards shows 24 and
    counts the rest.
    """
    cut: list[str] = []  # texts the cards cut short: the alt text gives them in full
    left_out: list[str] = []  # and the texts of the cards left out
    columns, more = {}, {}
    for priority in Priority:
        items = board.column(priority)
        shown = items if len(items) <= _MAX_CARDS else items[: _MAX_CARDS - 1]
        hidden = items[len(shown) :]
        left_out += [i.touchpoint for i in hidden]
        left_out += [i.reason for i in hidden if i.priority is Priority.WONT]
        columns[priority] = [(item, _card_lines(item, cut)) for item in shown]
        more[priority] = len(hidden)
    extent = max(
        [
            sum(_height(lines) + _GAP for _, lines in cards) + (2 * _LINE + _GAP if more[p] else 0)
            for p, cards in columns.items()
        ]
        + [1.0]
    )
    total = extent + _HEADER

    height = 0.8 + total * 0.6
    fig = Drawing(figsize=(width, height))
    # fixed margins, not a layout engine: the cards are laid out by hand and a redraw is faster
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=1 - 0.4 / height)
    fig.set_description(board.describe(), cut, left_out)
    ax = fig.add_subplot()
    ax.set_xlim(0, 4)
    ax.set_ylim(-0.1, total)
    ax.set_axis_off()
    title = "MoSCoW board"
    if board.budget is not None:
        title += f" · budget {board.budget:g} person-days"
    # a fixed y skips matplotlib's search for a title position (half the redraw time)
    ax.set_title(title, fontsize=11, fontweight="bold", loc="left", y=1.0)

    over = board.must_share is not None and board.must_share > must_share_max
    for x, (priority, cards) in enumerate(columns.items(), start=0):
        centre = x + 0.5
        face, edge = PRIORITY_COLOURS[priority]
        warn = over and priority is Priority.MUST
        # add_artist, not add_patch: the limits are fixed, and updating them is slow
        ax.add_artist(
            Rectangle(
                (x + 0.03, -0.05),
                0.94,
                total - 0.05,
                facecolor="#fafafa",
                edgecolor=WARNING_COLOUR if warn else "#e5e7eb",
                linewidth=2.2 if warn else 1.0,
            )
        )
        ax.text(
            centre,
            total - 0.18,
            priority.label,
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            color=edge,
        )
        ax.text(
            centre,
            total - 0.45,
            _share_text(board, priority),
            ha="center",
            va="center",
            fontsize=SMALLEST_FONT,
            color="#374151",
        )
        if warn:
            ax.text(
                centre,
                total - 0.8,
                f"⚠ Musts: {board.must_share:.0%} of the {_base(board)}\n"
                f"(max {must_share_max:.0%})",
                ha="center",
                va="center",
                fontsize=SMALLEST_FONT,
                fontweight="bold",
                color=WARNING_COLOUR,
            )
        if not cards:
            empty = "add a Must" if priority is Priority.MUST else "nothing here yet"
            ax.text(
                centre,
                extent / 2,
                empty,
                ha="center",
                va="center",
                fontsize=8,
                style="italic",
                color=edge,
            )

        top = extent
        for item, (names, notes) in cards:
            card = _height((names, notes))
            ax.add_artist(
                FancyBboxPatch(
                    (centre - _CARD_WIDTH / 2, top - card),
                    _CARD_WIDTH,
                    card,
                    boxstyle="round,pad=0.01",
                    facecolor=face,
                    edgecolor=edge,
                    linewidth=1.3,
                    linestyle="--" if item.effort is None else "-",
                )
            )
            y = top - 0.11 - _LINE / 2
            for line in names:
                ax.text(
                    centre,
                    y,
                    line,
                    ha="center",
                    va="center",
                    fontsize=_NAME_FONT,
                    fontweight="bold",
                )
                y -= _LINE
            for line in notes:
                ax.text(
                    centre,
                    y + 0.02,
                    line,
                    ha="center",
                    va="center",
                    fontsize=_NOTE_FONT,
                    color="#374151",
                )
                y -= _LINE * 0.85
            top -= card + _GAP
        if more[priority]:
            ax.text(
                centre,
                top - _LINE,
                f"+{more[priority]} more\n(listed in the description)",
                ha="center",
                va="center",
                fontsize=SMALLEST_FONT,
                style="italic",
                color=edge,
            )
    return fig


def _base(board: MoscowBoard) -> str:
    return "budget" if board.budget is not None else "plan"


def _share_text(board: MoscowBoard, priority: Priority) -> str:
    days = f"{board.effort(priority):g} person-days"
    if priority is Priority.WONT:
        return f"not counted · {days}"
    share = board.share(priority)
    return "no effort estimated" if share is None else f"{share:.0%} of the effort · {days}"
