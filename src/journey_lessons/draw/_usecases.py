"""The use case diagram: actors at the left, use cases as ovals in journey-stage columns."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Ellipse, Rectangle

from .. import _fields as fields
from ..nfr import JourneyStage
from ..usecases import UseCase, UseCaseSet
from ._base import PAGE_WIDTH, SMALLEST_FONT, Drawing, learner_text_as_typed, shorten, wrap

# The axes fill the figure and one data unit is one inch, so ovals and heads keep their shape.
# The diagram is PAGE_WIDTH wide: the actors, their lanes, then five stage columns.
_ACTOR_X = 0.55
_LANES, _LANE_GAP = 1.08, 0.04  # where the actors' lines run down, one lane each
_COLUMN = 1.19  # width of a stage column
_FIRST_COLUMN = PAGE_WIDTH - 4.5 * _COLUMN - 0.1  # centre of the first stage column
_OVAL_W, _OVAL_H = 1.13, 0.92
_ROW = 1.05  # height of one use case slot
_ACTOR_ROW = 1.3  # height an actor needs: the figure and two lines of name
_HEAD = 0.7  # room for the title and the stage names
_FOOT = 0.3
_TEXT_FONT, _UPSELL_FONT, _ACTOR_FONT = 7.5, SMALLEST_FONT, 7.5
_TITLE_CHARS = 17  # of a use case's title, in its oval
_ACTOR_CHARS = 15
_UPSELL_CHARS = 17
# The diagram shows at most this many rows (the last one counts the use cases left out):
# a set of hundreds stays quick to redraw, and its description lists every use case.
_MAX_ROWS = 40

STAGE_FACES = {
    JourneyStage.AWARENESS: "#eef2ff",
    JourneyStage.CONSIDERATION: "#e0f2fe",
    JourneyStage.PURCHASE: "#fef3c7",
    JourneyStage.RETENTION: "#dcfce7",
    JourneyStage.ADVOCACY: "#fce7f3",
}
OVAL_EDGE, UPSELL_EDGE = "#2c5d8f", "#b45309"
# One colour per actor, so a reader can follow each actor's lines across the columns.
ACTOR_COLOURS = ("#1d4ed8", "#047857", "#7c3aed", "#be123c", "#0e7490", "#a16207")


def _column_x(stage: JourneyStage) -> float:
    return _FIRST_COLUMN + list(JourneyStage).index(stage) * _COLUMN


def _layout(
    use_case_set: UseCaseSet,
) -> tuple[list[UseCase], list[UseCase], dict[str, float], float]:
    """The use cases drawn, in journey order, one row each, and those left out; each
    drawn actor's depth below the top; the height of the rows.

    One use case per row (a staircase down the stage columns) lets every line
    run along its own row, so no line passes behind another use case's oval.
    An actor stands level with its first use case, or lower when the actor
    above needs the room.
    """
    ordered = [u for stage in JourneyStage for u in use_case_set.at_stage(stage)]
    shown = ordered if len(ordered) <= _MAX_ROWS else ordered[: _MAX_ROWS - 1]
    depths: dict[str, float] = {}
    lowest = -_ACTOR_ROW
    for row, use_case in enumerate(shown):
        key = fields.name_key(use_case.primary_actor)
        if key and key not in depths:
            lowest = depths[key] = max(_ROW * (row + 0.5), lowest + _ACTOR_ROW)
    rows = len(shown) + (len(shown) < len(ordered))  # a row says how many are left out
    rows_height = max(rows * _ROW, lowest + _ACTOR_ROW / 2, _ROW)
    return shown, ordered[len(shown) :], depths, rows_height


@learner_text_as_typed
def use_cases(use_case_set: UseCaseSet) -> Drawing:
    """The use cases as a diagram: actors at the left, a column per journey stage.

    Each use case is an oval in the column of its stage, one row each in journey
    order, joined to its primary actor by a line (one colour per actor). Use
    cases with a step marked for an upsell have an amber outline and say at
    which step. A set of more than 40 use cases shows the first 39 and counts the rest.
    """
    ordered, left_out, depths, rows_height = _layout(use_case_set)
    width = _FIRST_COLUMN + (len(JourneyStage) - 0.5) * _COLUMN + 0.1
    height = _HEAD + rows_height + _FOOT
    fig = Drawing(figsize=(width, height))
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    cut: list[str] = []  # texts the diagram cuts short: the alt text gives them in full
    ax = fig.add_subplot()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    top = _FOOT + rows_height  # the top of the rows
    # about 8 characters of 11-point bold text to the inch
    title = shorten(use_case_set.title, int(width * 8), "Use cases", cut)
    ax.text(0.1, height - 0.2, title, ha="left", va="center", fontsize=11, fontweight="bold")

    for stage in JourneyStage:
        x = _column_x(stage)
        # add_artist, not add_patch or add_line: the limits are fixed, and updating them is slow
        ax.add_artist(
            Rectangle(
                (x - _COLUMN / 2 + 0.03, 0.05),
                _COLUMN - 0.06,
                top + 0.3,
                facecolor=STAGE_FACES[stage],
                edgecolor="none",
                zorder=0,
            )
        )
        ax.text(
            x,
            top + 0.15,
            stage.label,
            ha="center",
            va="center",
            fontsize=8.5,
            fontweight="bold",
            color="#374151",
        )

    actors: dict[str, tuple[float, float, str]] = {}  # actor -> y, lane x, colour
    for index, name in enumerate(use_case_set.actors()):
        if fields.name_key(name) not in depths:
            continue  # all its use cases are left out: the description names it
        y = top - depths[fields.name_key(name)]
        colour = ACTOR_COLOURS[index % len(ACTOR_COLOURS)]
        lane = _LANES + (index % len(ACTOR_COLOURS)) * _LANE_GAP
        actors[fields.name_key(name)] = (y, lane, colour)
        _stick_figure(ax, y, name, colour, cut)

    if left_out:
        ax.text(
            _column_x(JourneyStage.PURCHASE),
            top - _ROW * (len(ordered) + 0.5),
            f"+{len(left_out)} more use cases (listed in the description)",
            ha="center",
            va="center",
            fontsize=8,
            style="italic",
            color=OVAL_EDGE,
        )
    if not ordered:
        ax.text(
            _column_x(JourneyStage.PURCHASE),
            top - rows_height / 2,
            "add a use case",
            ha="center",
            va="center",
            fontsize=8,
            style="italic",
            color=OVAL_EDGE,
        )
    for row, use_case in enumerate(ordered):
        x, y = _column_x(use_case.stage), top - _ROW * (row + 0.5)
        _oval(ax, x, y, use_case, cut)
        actor = actors.get(fields.name_key(use_case.primary_actor))
        if actor is not None:
            actor_y, lane, colour = actor
            # out of the actor, down its own lane, then along the use case's row
            ax.add_artist(
                Line2D(
                    [_ACTOR_X + 0.22, lane, lane, x - _OVAL_W / 2],
                    [actor_y + 0.2, actor_y + 0.2, y, y],
                    color=colour,
                    linewidth=1.2,
                    zorder=1,
                )
            )
    left_out_texts = [t for u in left_out for t in (u.title, u.primary_actor, u.upsell_label)]
    fig.set_description(use_case_set.describe(), cut, left_out_texts)
    return fig


def _stick_figure(ax: Axes, y: float, name: str, colour: str, cut: list[str]) -> None:
    """A UML actor: a stick figure with its name underneath."""
    x = _ACTOR_X
    ax.add_artist(
        Circle((x, y + 0.42), 0.12, facecolor="white", edgecolor=colour, lw=1.5, zorder=3)
    )
    for xs, ys in (
        ([x, x], [y + 0.3, y]),  # body
        ([x - 0.2, x + 0.2], [y + 0.2, y + 0.2]),  # arms
        ([x - 0.17, x, x + 0.17], [y - 0.28, y, y - 0.28]),  # legs
    ):
        ax.add_artist(Line2D(xs, ys, color=colour, linewidth=1.5, zorder=3))
    lines = wrap(name, _ACTOR_CHARS, 2, "", cut)
    ax.text(
        x,
        y - 0.36,
        "\n".join(lines),
        ha="center",
        va="top",
        fontsize=_ACTOR_FONT,
        color=colour,
        fontweight="bold",
    )


def _oval(ax: Axes, x: float, y: float, use_case: UseCase, cut: list[str]) -> None:
    upsell = bool(use_case.upsell_steps)
    ax.add_artist(
        Ellipse(
            (x, y),
            _OVAL_W,
            _OVAL_H,
            facecolor="white",
            edgecolor=UPSELL_EDGE if upsell else OVAL_EDGE,
            linewidth=2.4 if upsell else 1.3,
            zorder=2,
        )
    )
    text = "\n".join(wrap(use_case.title, _TITLE_CHARS, 3, "(no title yet)", cut))
    if upsell:
        ax.text(x, y + 0.08, text, ha="center", va="center", fontsize=_TEXT_FONT, zorder=3)
        ax.text(
            x,
            y - 0.27,
            shorten(use_case.upsell_label, _UPSELL_CHARS, "", cut),
            ha="center",
            va="center",
            fontsize=_UPSELL_FONT,
            style="italic",
            color=UPSELL_EDGE,
            zorder=3,
        )
    else:
        ax.text(x, y, text, ha="center", va="center", fontsize=_TEXT_FONT, zorder=3)
