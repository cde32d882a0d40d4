"""The MoSCoW board editor: priorities, efforts and a budget, with the balance shown live."""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w

from .. import draw
from .._fields import name_key
from ..draw import Drawing
from ..findings import Finding, Findings, Severity
from ..journey import JourneyPlan
from ..moscow import MUST_SHARE_MAX, MoscowBoard, MoscowItem, Priority, UpsellImpact
from ._base import (
    FIT,
    JOURNEY_FILE,
    ROW,
    WIDE,
    JourneyEditor,
    move_row,
    on_row_buttons,
    order_buttons,
    show_rows,
)

#: The largest effort or budget a box accepts, in person-days (about four working years).
MAX_DAYS = 1000.0


class MoscowRow(w.HBox):
    """One touchpoint on the board: its priority, effort, upsell impact and reason.

    ``stale`` marks a touchpoint that no path holds any more (renamed or removed
    on the paths): it says so, and its ✕ takes it off.
    """

    def __init__(self, item: MoscowItem, *, stale: bool = False) -> None:
        self.touchpoint = item.touchpoint
        note = ' <i class="jl-stale">(no path has it: take it off)</i>' if stale else ""
        self.name = w.HTML(
            f"<b>{escape(item.touchpoint.strip() or '(no touchpoint)')}</b>{note}",
            layout=w.Layout(width="auto", flex="1 1 260px", min_width="200px"),
        )
        self.priority = w.ToggleButtons(
            options=[(p.short, p) for p in Priority],
            value=item.priority,
            tooltips=[p.meaning for p in Priority],
            style={"button_width": "74px"},  # "Should" whole at the theme's font size
            layout=FIT,
        )
        self.effort = w.BoundedFloatText(
            value=item.effort or 0.0,
            min=0.0,
            max=MAX_DAYS,
            step=0.5,
            description="Effort",
            disabled=item.effort is None,
            layout=w.Layout(width="140px"),
            style={"description_width": "45px"},
        )
        self.not_estimated = w.Checkbox(
            value=item.effort is None,
            description="not estimated",
            indent=False,
            layout=w.Layout(width="120px"),
        )
        self.impact = w.Dropdown(
            options=[(f"{i.value} impact", i) for i in UpsellImpact],
            value=item.impact,
            tooltip="How much this touchpoint can add to upsell revenue",
            layout=w.Layout(width="140px"),
        )
        self.reason = w.Text(value=item.reason, description="Why", layout=WIDE)
        self.reason.style.description_width = "35px"
        self.up, self.down, self.remove = order_buttons("touchpoint")
        self.remove.tooltip = "Take this touchpoint off the board"
        self.not_estimated.observe(self._on_estimate, names="value")
        self.priority.observe(lambda _: self._hint(), names="value")
        self._hint()
        super().__init__(
            [
                self.name,
                self.priority,
                self.effort,
                self.not_estimated,
                self.impact,
                self.reason,
                self.up,
                self.down,
                self.remove,
            ],
            layout=ROW,
        )
        # stable class names, so browser tests and page styles can find the parts
        self.add_class("jl-moscow-row")
        for part in ("name", "priority", "effort", "not_estimated", "impact", "reason"):
            getattr(self, part).add_class(f"jl-{part.replace('_', '-')}")

    def _on_estimate(self, change: dict) -> None:
        self.effort.disabled = change["new"]

    def _hint(self) -> None:
        if self.priority.value is Priority.WONT:
            self.reason.placeholder = "Why not this time? When will you look again?"
        else:
            self.reason.placeholder = "Why this priority?"

    def item(self) -> MoscowItem:
        return MoscowItem(
            self.touchpoint,
            self.priority.value,
            None if self.not_estimated.value else self.effort.value,
            self.impact.value,
            self.reason.value,
        )


class MoscowEditor(JourneyEditor):
    """Prioritize touchpoints: Must, Should, Could or Won't, with effort and a budget.

    ``editor.board`` is the board as it stands. The balance (each column's share
    of the effort), the findings, what the budget pays for and the drawing update
    as the learner edits. Touchpoints of the plan's paths that are not on the
    board yet can be added; Won'ts stay on the board with their reason.
    """

    part = "board"
    css_class = "jl-moscow-board"

    def prerequisites(self) -> tuple[str, ...]:
        return ("paths",)

    def __init__(
        self,
        plan: JourneyPlan | MoscowBoard | None = None,
        *,
        path: str | Path = JOURNEY_FILE,
    ) -> None:
        if isinstance(plan, MoscowBoard):
            plan = JourneyPlan(board=plan)
        super().__init__(plan, path=path)

    def _controls(self) -> list[w.Widget]:
        board = self._plan.board
        self.budget = w.BoundedFloatText(
            value=board.budget or 0.0,
            min=0.0,
            max=MAX_DAYS,
            step=1.0,
            description="Budget",
            disabled=board.budget is None,
            layout=w.Layout(width="170px"),
            style={"description_width": "55px"},
        )
        self.no_budget = w.Checkbox(
            value=board.budget is None, description="no budget yet", indent=False, layout=FIT
        )
        self.no_budget.observe(self._on_no_budget, names="value")
        self.rows = w.VBox()
        self.new_touchpoint = w.Combobox(
            placeholder="A touchpoint of your paths",
            description="Touchpoint",
            ensure_option=False,
            layout=WIDE,
            style={"description_width": "75px"},
        )
        self.add_button = w.Button(description="+ add to the board", layout=FIT)
        self.add_button.on_click(lambda _: self.add_touchpoint())
        self.balance_view = w.HTML()
        self.fit_view = w.HTML()
        for control, name in (
            (self.budget, "budget"),
            (self.no_budget, "no-budget"),
            (self.rows, "rows"),
            (self.new_touchpoint, "new-touchpoint"),
            (self.add_button, "add"),
            (self.balance_view, "balance"),
            (self.fit_view, "fit"),
        ):
            control.add_class(f"jl-{name}")
        self._watch(self.budget, self.no_budget)
        for item in board.items:
            self._add_row(item)
        self._offer()
        return [
            w.HBox(
                [self.budget, w.HTML("person-days&nbsp;&nbsp;"), self.no_budget],
                layout=ROW,
            ),
            w.HTML("<b>Touchpoints on the board</b>"),
            self.rows,
            w.HBox([self.new_touchpoint, self.add_button], layout=ROW),
            w.HTML("<b>Balance</b>"),
            self.balance_view,
            w.HTML("<b>What the budget pays for</b>"),
            self.fit_view,
        ]

    # -- the model ---------------------------------------------------------------

    _held: MoscowBoard | None = None  # the board during one redraw (see redraw)

    @property
    def value(self) -> MoscowBoard:
        """The board as the controls stand now."""
        if self._held is not None:
            return self._held
        budget = None if self.no_budget.value else self.budget.value
        return MoscowBoard(tuple(row.item() for row in self.rows.children), budget)

    board = value

    def findings(self) -> Findings:
        """The board's own check, plus names that no path holds and touchpoints left off."""
        board = self.value
        names = self._plan.touchpoint_names()
        # a board on its own, with no paths, has nothing to refer to
        found = list(board.check(names or None))
        if names:
            missing = self._not_on_board(board)
            if missing:
                found.append(
                    Finding(
                        Severity.TIP,
                        "board",
                        f"{len(missing)} touchpoint(s) of your paths are not on the board: "
                        + "; ".join(missing)
                        + ".",
                        "Add the ones that matter for upsell. One you decide against can "
                        "go on as a Won't, with its reason, so that nobody expects it.",
                        "touchpoint_not_on_board",
                    )
                )
        return Findings(found)

    def figure(self) -> Drawing:
        return draw.moscow_board(self.value)

    def redraw(self) -> None:
        """The findings and the drawing, then the balance and the budget plan."""
        try:
            board = self.value
        except (ValueError, TypeError):
            super().redraw()  # the base says what is wrong
            return
        # A redraw reads the board half a dozen times (findings, plan, drawing, tables):
        # built once from the rows, not each time, since nothing edits it meanwhile.
        self._held = board
        try:
            super().redraw()
        finally:
            self._held = None

    def _update_views(self) -> None:
        board = self.value
        self.balance_view.value = _balance_html(board)
        self.fit_view.value = _fit_html(board)

    # -- editing -----------------------------------------------------------------

    def add_touchpoint(self, name: str | None = None) -> MoscowRow | None:
        """Put a touchpoint on the board as a Could (typed in the box when no name)."""
        name = (self.new_touchpoint.value if name is None else name).strip()
        if not name:
            self._say("Type or pick a touchpoint to add.", ok=False)
            return None
        if any(name_key(row.touchpoint) == name_key(name) for row in self.rows.children):
            self._say(f"{escape(name)} is already on the board.", ok=False)
            return None
        row = self._add_row(MoscowItem(name, Priority.COULD))
        self.new_touchpoint.value = ""
        self._offer()
        self._say(f"Added {escape(name)} as a Could: choose its priority and effort.")
        self.redraw()
        return row

    def remove_row(self, row: MoscowRow) -> None:
        """Take a touchpoint off the board (it can be added again)."""
        show_rows(self.rows, [r for r in self.rows.children if r is not row])
        self._offer()
        self.redraw()

    def move_row(self, row: MoscowRow, by: int) -> None:
        """List a touchpoint ``by`` places later: of two alike, the first is planned first."""
        move_row(self.rows, row, by)
        self.redraw()

    def _add_row(self, item: MoscowItem) -> MoscowRow:
        names = {name_key(n) for n in self._plan.touchpoint_names()}
        row = MoscowRow(item, stale=bool(names) and name_key(item.touchpoint) not in names)
        show_rows(self.rows, (*self.rows.children, row))
        self._watch(row.priority, row.effort, row.not_estimated, row.impact, row.reason)
        on_row_buttons(row, self.move_row, self.remove_row)
        return row

    def _not_on_board(self, board: MoscowBoard) -> list[str]:
        on_board = {name_key(i.touchpoint) for i in board.items}
        return [n for n in self._plan.touchpoint_names() if name_key(n) not in on_board]

    def _offer(self) -> None:
        """The add box suggests the touchpoints of the paths that are not on the board."""
        on_board = {name_key(row.touchpoint) for row in self.rows.children}
        self.new_touchpoint.options = tuple(
            n for n in self._plan.touchpoint_names() if name_key(n) not in on_board
        )

    def _on_no_budget(self, change: dict) -> None:
        self.budget.disabled = change["new"]


def _balance_html(board: MoscowBoard) -> str:
    """Each column's share of the planned effort, and the Musts against the ceiling."""
    planned = board.effort()
    if not planned:
        return '<p class="jl-summary">No effort estimated yet: give each touchpoint one.</p>'
    cells = []
    for priority in Priority:
        days = f"{board.effort(priority):g} person-days"
        share = board.share(priority)
        amount = "not counted" if share is None else f"{share:.0%}"
        cells.append(f"<li><b>{priority.short}</b>: {days} ({amount})</li>")
    base = "budget" if board.budget is not None else "planned effort"
    must = board.must_share
    over = must is not None and must > MUST_SHARE_MAX
    colour = "#c53030" if over else "#2f7a4f"
    verdict = "over" if over else "within"
    must_line = (
        ""
        if must is None
        else f'<p style="color:{colour}">Musts: {must:.0%} of the {base}, {verdict} the '
        f"usual {MUST_SHARE_MAX:.0%}. Contingency (Should and Could): "
        f"{board.effort(Priority.SHOULD) + board.effort(Priority.COULD):g} person-days.</p>"
    )
    return (
        f'<ul class="jl-shares" style="margin:0">{"".join(cells)}</ul>'
        f"<p>Planned: {planned:g} person-days (Won't not counted).</p>{must_line}"
    )


def _fit_html(board: MoscowBoard) -> str:
    if board.budget is None:
        return "<p>Set a budget to see which touchpoints it pays for, and which are dropped.</p>"
    fit = board.fit_budget()
    parts = [fit._repr_html_()]
    if fit.musts_not_fitting:
        names = "; ".join(fit.musts_not_fitting)
        parts.append(
            f'<p style="color:#c53030">Musts that do not fit: {escape(names)}. '
            "Without them the plan fails.</p>"
        )
    return "".join(parts)


#: The name of the first version of the course.
MoscowBoardEditor = MoscowEditor
