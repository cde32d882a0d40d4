"""The canvas board: the nine blocks of the Business Model Canvas and the moments of truth."""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w

from .. import draw
from ..canvas import ATTRIBUTION, Block, Canvas, MomentKind, MomentOfTruth
from ..draw import Drawing
from ..findings import Findings
from ..journey import JourneyPlan
from ._base import (
    FIT,
    JOURNEY_FILE,
    ROW,
    WIDE,
    JourneyEditor,
    full_line,
    move_row,
    on_row_buttons,
    order_buttons,
    show_rows,
)

_BEFORE_CONTACT = "(none: before any contact)"


def block_items(text: str) -> tuple[str, ...]:
    """The items of a block from its box: one a line, blank lines left out."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class BlockBox(w.VBox):
    """One block of the canvas: its name, its question, and its items, one a line."""

    def __init__(self, block: Block, items: tuple[str, ...]) -> None:
        self.block = block
        self.items = w.Textarea(
            value="\n".join(items),
            placeholder="One item a line",
            rows=max(3, len(items) + 1),
            layout=w.Layout(width="auto"),
        )
        super().__init__(
            [
                w.HTML(
                    f"<b>{escape(block.label)}</b><br>"
                    # muted text: the book sets --jl-muted-text per theme, JupyterLab's
                    # theme sets --jp-ui-font-color2
                    '<span style="font-size:smaller;'
                    'color:var(--jl-muted-text,var(--jp-ui-font-color2,#4b5563))">'
                    f"{escape(block.question)}</span>"
                ),
                self.items,
            ],
            layout=w.Layout(flex="1 1 260px", min_width="220px", margin="2px 4px"),
        )
        self.add_class("jl-block")
        self.add_class(f"jl-block-{block.value.replace('_', '-')}")
        self.items.add_class("jl-block-items")

    def value(self) -> tuple[str, ...]:
        return block_items(self.items.value)


class MomentRow(w.VBox):
    """One moment of truth: name, kind, touchpoint, the blocks it rests on, + or −, a note."""

    def __init__(self, moment: MomentOfTruth, touchpoints: list[str]) -> None:
        self._order = moment.blocks  # the blocks keep the order they were given in
        self.name = w.Text(
            value=moment.name,
            placeholder="What the customer lives through: 'First live class'",
            description="Moment",
            layout=WIDE,
            style={"description_width": "55px"},
        )
        self.kind = w.Dropdown(
            options=[(k.label, k) for k in MomentKind],
            value=moment.kind,
            description="Kind",
            layout=w.Layout(width="280px"),
            style={"description_width": "40px"},
        )
        names = list(touchpoints)
        if moment.touchpoint.strip() and moment.touchpoint not in names:
            names.append(moment.touchpoint)  # kept: its finding says what is wrong
        self.touchpoint = w.Dropdown(
            options=[(_BEFORE_CONTACT, ""), *((n, n) for n in names)],
            value=moment.touchpoint if moment.touchpoint.strip() else "",
            description="Touchpoint",
            layout=WIDE,
            style={"description_width": "75px"},
        )
        self.positive = w.ToggleButtons(
            options=[("+ positive", True), ("− negative", False)],
            value=moment.positive,
            tooltips=["It leaves a good impression today", "It leaves a bad impression today"],
            style={"button_width": "90px"},
            layout=FIT,
        )
        self.blocks = {
            block: w.ToggleButton(
                value=block in moment.blocks,
                description=block.label,
                tooltip=block.question,
                layout=w.Layout(width="auto"),
            )
            for block in Block
        }
        self.note = w.Text(
            value=moment.note,
            placeholder="What happens, and what would make it better",
            description="Note",
            layout=full_line(),
            style={"description_width": "55px"},
        )
        self.up, self.down, self.remove = order_buttons("moment")
        super().__init__(
            [
                w.HBox([self.name, self.kind, self.up, self.down, self.remove], layout=ROW),
                w.HBox([self.touchpoint, self.positive], layout=ROW),
                w.HBox(
                    [w.HTML("Rests on&nbsp;"), *self.blocks.values()],
                    layout=ROW,
                ),
                self.note,
            ],
            layout=w.Layout(border="1px solid #e5e7eb", padding="2px", margin="2px 0"),
        )
        self.add_class("jl-moment-row")
        for part in ("name", "kind", "touchpoint", "positive", "note", "remove"):
            getattr(self, part).add_class(f"jl-moment-{part}")
        for block, toggle in self.blocks.items():
            toggle.add_class(f"jl-moment-block-{block.value.replace('_', '-')}")

    def controls(self) -> list[w.ValueWidget]:
        return [
            self.name,
            self.kind,
            self.touchpoint,
            self.positive,
            self.note,
            *self.blocks.values(),
        ]

    def moment(self) -> MomentOfTruth:
        on = {b for b, toggle in self.blocks.items() if toggle.value}
        blocks = [b for b in self._order if b in on] + [
            b for b in Block if b in on and b not in self._order
        ]
        return MomentOfTruth(
            self.name.value,
            self.kind.value,
            self.touchpoint.value,
            tuple(blocks),
            self.positive.value,
            self.note.value,
        )


class CanvasEditor(JourneyEditor):
    """Fill in the Business Model Canvas and map the moments of truth onto its blocks.

    Each block is a box with one item a line. Each moment of truth has a kind
    (zero, first, second moment, or Carlzon's any moment), the touchpoint where it
    happens, the blocks it rests on, and whether it is positive or negative today.
    ``board.canvas`` is the canvas as it stands; the findings and the drawing
    update as the learner edits.
    """

    part = "canvas"
    css_class = "jl-canvas-board"

    def __init__(
        self,
        plan: JourneyPlan | Canvas | None = None,
        *,
        path: str | Path = JOURNEY_FILE,
    ) -> None:
        if isinstance(plan, Canvas):
            plan = JourneyPlan(canvas=plan)
        super().__init__(plan, path=path)

    def _controls(self) -> list[w.Widget]:
        canvas = self._plan.canvas
        self.title = self.business  # the canvas is titled with the business name
        self.blocks = {block: BlockBox(block, canvas.items[block]) for block in Block}
        self.moment_rows = w.VBox()
        self.add_moment_button = w.Button(description="+ moment of truth", layout=FIT)
        self.add_moment_button.on_click(lambda _: self.add_moment())
        for control, name in (
            (self.moment_rows, "moments"),
            (self.add_moment_button, "add-moment"),
        ):
            control.add_class(f"jl-{name}")
        self._watch(*(box.items for box in self.blocks.values()))
        for moment in canvas.moments:
            self.add_moment(moment, redraw=False)
        return [
            w.HTML("<b>The nine blocks</b> (one item a line)"),
            w.HBox(list(self.blocks.values()), layout=ROW),
            w.HTML(f'<span style="font-size:smaller">{escape(ATTRIBUTION)}</span>'),
            w.HTML("<b>Moments of truth</b>"),
            self.moment_rows,
            self.add_moment_button,
        ]

    # -- the model ---------------------------------------------------------------

    @property
    def value(self) -> Canvas:
        """The canvas as the controls stand now."""
        return Canvas(
            {block: box.value() for block, box in self.blocks.items()},
            tuple(row.moment() for row in self.moment_rows.children),
            self.title.value,
        )

    canvas = value

    def findings(self) -> Findings:
        names = self._plan.touchpoint_names()
        return self.value.check(names or None)

    def figure(self) -> Drawing:
        return draw.canvas(self.value)

    def _drawing_unchanged(self) -> bool:
        # A change that leaves the canvas as it was (a new blank line, a block toggled on
        # and off) keeps the drawing: drawing the nine blocks takes most of a redraw.
        canvas = self.value
        unchanged, self._shown = canvas == getattr(self, "_shown", None), canvas
        return unchanged

    # -- editing -----------------------------------------------------------------

    def add_moment(self, moment: MomentOfTruth | None = None, *, redraw: bool = True) -> MomentRow:
        """Add a moment of truth (an empty Carlzon moment by default); returns its row."""
        names = [n for n in dict.fromkeys(self._plan.touchpoint_names()) if n.strip()]
        row = MomentRow(moment or MomentOfTruth("", MomentKind.CARLZON), names)
        show_rows(self.moment_rows, (*self.moment_rows.children, row))
        self._watch(*row.controls())
        on_row_buttons(row, self.move_moment, self.remove_moment)
        if redraw:
            self.redraw()
        return row

    def remove_moment(self, row: MomentRow) -> None:
        show_rows(self.moment_rows, [r for r in self.moment_rows.children if r is not row])
        self.redraw()

    def move_moment(self, row: MomentRow, by: int) -> None:
        """List a moment ``by`` places later (negative: earlier; see Canvas.move_moment)."""
        move_row(self.moment_rows, row, by)
        self.redraw()


__all__ = ["BlockBox", "CanvasBoard", "MomentRow", "block_items"]


#: The name of the first version of the course.
CanvasBoard = CanvasEditor
