"""The non-functional requirements heatmap: journey stages by quality characteristics."""

from __future__ import annotations

import textwrap

from matplotlib.patches import Patch, Rectangle

from ..nfr import Characteristic, JourneyStage, RequirementSet
from ._base import PAGE_WIDTH, SMALLEST_FONT, Drawing, learner_text_as_typed, shorten

# Blue for "nothing unmet", oranges for unmet (PuOr, a colour-blind-safe pair): face, text.
EMPTY_CELL = ("#ffffff", "#6b7280")
NONE_UNMET = ("#dbe9f6", "#1f2937")
ONE_UNMET = ("#fdb863", "#1f2937")
MANY_UNMET = ("#b35806", "#ffffff")
GRID_EDGE = "#9ca3af"

_ROW = 0.5  # height of one stage row, in inches
_TOP = 1.1  # title and column labels, in inches
_BOTTOM = 0.6  # legend, in inches
_LEFT = 0.95  # stage labels, in inches


def _colours(total: int, unmet: int) -> tuple[str, str]:
    if total == 0:
        return EMPTY_CELL
    if unmet == 0:
        return NONE_UNMET
    return ONE_UNMET if unmet == 1 else MANY_UNMET


def _column_label(characteristic: Characteristic) -> str:
    lines = textwrap.wrap(characteristic.label, 12, break_long_words=False)
    if characteristic.highlighted:
        lines[0] = f"★ {lines[0]}"
    return "\n".join(lines)


@learner_text_as_typed
def nfr_heatmap(requirements: RequirementSet, *, width: float = PAGE_WIDTH) -> Drawing:
    """A stage x characteristic grid, each cell coloured by how many requirements are unmet.

    Each cell says how many of its requirements are met out of how many there
    are, and how many are not measured yet. The four characteristics the course
    puts first are marked with a star.
    """
    # plain arrays: reading 45 cells from a DataFrame one by one is slow
    count = requirements.matrix("count").to_numpy()
    met = requirements.matrix("met").to_numpy()
    unmet = requirements.matrix("unmet").to_numpy()
    stages, characteristics = list(JourneyStage), list(Characteristic)

    height = _TOP + _BOTTOM + _ROW * len(stages)
    fig = Drawing(figsize=(width, height))
    # fixed margins, not a layout engine: the grid is laid out by hand and a redraw is faster
    fig.subplots_adjust(
        left=_LEFT / width, right=0.99, bottom=_BOTTOM / height, top=1 - _TOP / height
    )
    cut: list[str] = []
    # about 8 characters of 11-point bold text to the inch
    room = max(int(width * 8), 12)
    title = shorten(requirements.title, room, "Non-functional requirements", cut)
    fig.set_description(
        "Heatmap of non-functional requirements: journey stages in rows, quality "
        "characteristics in columns, darker orange where more requirements are not met. "
        + requirements.describe(),
        cut,
    )
    fig.text(
        0.01,
        1 - 0.12 / height,
        f"{title}:\nrequirements met per stage and characteristic",
        ha="left",
        va="top",
        fontsize=11,
        fontweight="bold",
    )

    ax = fig.add_subplot()
    ax.set_xlim(0, len(characteristics))
    ax.set_ylim(len(stages), 0)  # the first stage on top
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)

    ax.xaxis.tick_top()
    ax.set_xticks([i + 0.5 for i in range(len(characteristics))])
    # the star marks the four the course puts first: bold would not fit a column
    ax.set_xticklabels([_column_label(c) for c in characteristics], fontsize=SMALLEST_FONT)
    ax.set_yticks([i + 0.5 for i in range(len(stages))])
    ax.set_yticklabels(
        [f"{s.label}\n{s.milestone_stage.label.lower()}" for s in stages], fontsize=SMALLEST_FONT
    )

    for row in range(len(stages)):
        for col in range(len(characteristics)):
            total, n_met, n_unmet = (int(m[row, col]) for m in (count, met, unmet))
            face, ink = _colours(total, n_unmet)
            # add_artist, not add_patch: the limits are fixed, and updating them is slow
            ax.add_artist(
                Rectangle(
                    (col, row),
                    1,
                    1,
                    facecolor=face,
                    edgecolor=GRID_EDGE,
                    linewidth=0.8,
                    clip_on=False,  # the outer grid lines sit on the axes edge
                )
            )
            if total == 0:
                ax.text(col + 0.5, row + 0.5, "—", ha="center", va="center", color=ink)
                continue
            lines = [f"{n_met}/{total} met"]
            unknown = total - n_met - n_unmet
            if unknown:
                lines += [f"{unknown} not", "measured"]  # one line is wider than a cell
            ax.text(
                col + 0.5,
                row + 0.5,
                "\n".join(lines),
                ha="center",
                va="center",
                fontsize=SMALLEST_FONT,
                color=ink,
                fontweight="bold" if n_unmet else "normal",
            )

    handles = [
        Patch(facecolor=EMPTY_CELL[0], edgecolor=GRID_EDGE, label="no requirement"),
        Patch(facecolor=NONE_UNMET[0], edgecolor=GRID_EDGE, label="none unmet"),
        Patch(facecolor=ONE_UNMET[0], edgecolor=GRID_EDGE, label="1 unmet"),
        Patch(facecolor=MANY_UNMET[0], edgecolor=GRID_EDGE, label="2 or more unmet"),
    ]
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(_LEFT / width, 0.2 / height),
        ncol=len(handles),
        frameon=False,
        fontsize=SMALLEST_FONT,
        handlelength=1.5,
        columnspacing=1.2,
    )
    fig.text(
        _LEFT / width,
        0.06 / height,
        "★ one of the four the course puts first",
        ha="left",
        va="bottom",
        fontsize=SMALLEST_FONT,
    )
    return fig
