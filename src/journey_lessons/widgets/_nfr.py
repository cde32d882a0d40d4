"""The requirements editor: non-functional requirements per journey stage, and their gaps.

Each row is one requirement: where in the journey, which quality, what must
hold, and how it is measured (metric, target, unit, direction), with the value
measured so far. The findings, the gap table and the heatmap follow every edit.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import ipywidgets as w

from .. import draw
from .._html import html_table
from ..draw import Drawing
from ..findings import Findings
from ..journey import JourneyPlan
from ..nfr import Characteristic, Direction, JourneyStage, Requirement, RequirementSet, _amount
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

#: The largest size of a target or measured value a box accepts: big enough for any count
#: or time. Negative numbers are accepted, so that a value from a file is never changed:
#: the check says when one makes no sense (a negative time, a percentage below 0).
MAX_VALUE = 1e9


def _characteristic_label(c: Characteristic) -> str:
    """'Interaction capability (usability) ★': the 2011 name helps, the star marks the four."""
    old = f" ({c.name_2011})" if c.name_2011 else ""
    return f"{c.label}{old}{' ★' if c.highlighted else ''}"


def _number_box(value: float | None, description: str, width: str) -> w.BoundedFloatText:
    return w.BoundedFloatText(
        value=value or 0.0,
        min=-MAX_VALUE,
        max=MAX_VALUE,
        step=0.1,
        description=description,
        disabled=value is None,
        layout=w.Layout(width=width),
        style={"description_width": "65px"},
    )


class RequirementRow(w.VBox):
    """One requirement: stage, characteristic and statement; its fit criterion; why."""

    def __init__(self, requirement: Requirement) -> None:
        r = requirement
        self.id = w.Text(
            value=r.id, placeholder="NFR-1", description="Id", layout=w.Layout(width="130px")
        )
        self.id.style.description_width = "20px"
        self.stage = w.Dropdown(
            options=[(s.label, s) for s in JourneyStage],
            value=r.stage,
            description="Stage",
            layout=w.Layout(width="200px"),
            style={"description_width": "45px"},
        )
        self.characteristic = w.Dropdown(
            options=[(_characteristic_label(c), c) for c in Characteristic],
            value=r.characteristic,
            description="Quality",
            layout=w.Layout(width="320px"),
            style={"description_width": "55px"},
        )
        self.up, self.down, self.remove = order_buttons("requirement")
        self.statement = w.Text(
            value=r.statement,
            placeholder=f"What must hold, with its number, e.g. {r.stage.example}",
            description="Statement",
            layout=WIDE,
            style={"description_width": "75px"},
        )
        self.metric = w.Text(
            value=r.metric,
            placeholder="What you measure, e.g. page load time on a phone",
            description="Metric",
            layout=WIDE,
            style={"description_width": "50px"},
        )
        self.direction = w.Dropdown(
            options=[(d.label, d) for d in Direction],
            value=r.direction,
            layout=w.Layout(width="100px"),
        )
        self.target = _number_box(r.target, "Target", "160px")
        self.no_target = w.Checkbox(
            value=r.target is None, description="no target", indent=False, layout=FIT
        )
        self.unit = w.Text(
            value=r.unit,
            placeholder="s, %, taps",
            description="Unit",
            layout=w.Layout(width="130px"),
            style={"description_width": "35px"},
        )
        self.measured = _number_box(r.measured, "Measured", "170px")
        self.not_measured = w.Checkbox(
            value=r.measured is None, description="not measured", indent=False, layout=FIT
        )
        self.rationale = w.Text(
            value=r.rationale,
            placeholder="Why it matters at this stage",
            description="Why",
            layout=WIDE,
            style={"description_width": "35px"},
        )
        self.no_target.observe(self._on_toggle, names="value")
        self.not_measured.observe(self._on_toggle, names="value")
        self.stage.observe(self._on_stage, names="value")
        super().__init__(
            [
                w.HBox(
                    [self.id, self.stage, self.characteristic, self.up, self.down, self.remove],
                    layout=ROW,
                ),
                w.HBox([self.statement], layout=ROW),
                w.HBox(
                    [
                        self.metric,
                        self.direction,
                        self.target,
                        self.no_target,
                        self.unit,
                        self.measured,
                        self.not_measured,
                    ],
                    layout=ROW,
                ),
                w.HBox([self.rationale], layout=ROW),
            ],
            layout=w.Layout(border_bottom="1px solid #d1d5db", padding="4px 0", margin="0 0 4px 0"),
        )
        # stable class names, so browser tests and page styles can find the parts
        self.add_class("jl-nfr-row")
        for part in self.INPUTS:
            getattr(self, part).add_class(f"jl-{part.replace('_', '-')}")

    #: The controls whose changes redraw the editor.
    INPUTS = (
        "id", "stage", "characteristic", "statement", "metric", "direction",
        "target", "no_target", "unit", "measured", "not_measured", "rationale",
    )  # fmt: skip

    def _on_toggle(self, _: dict) -> None:
        self.target.disabled = self.no_target.value
        self.measured.disabled = self.not_measured.value

    def _on_stage(self, change: dict) -> None:
        self.statement.placeholder = (
            f"What must hold, with its number, e.g. {change['new'].example}"
        )

    def requirement(self) -> Requirement:
        return Requirement(
            id=self.id.value,
            stage=self.stage.value,
            characteristic=self.characteristic.value,
            statement=self.statement.value,
            metric=self.metric.value,
            target=None if self.no_target.value else self.target.value,
            unit=self.unit.value,
            direction=self.direction.value,
            measured=None if self.not_measured.value else self.measured.value,
            rationale=self.rationale.value,
        )


class RequirementEditor(JourneyEditor):
    """Write non-functional requirements per journey stage, with targets and measured values.

    ``editor.requirements`` is the set as it stands. The findings (not
    measurable, vague, out of range...), the gap table (met or short by how much)
    and the heatmap of stages by quality characteristics update as the learner edits.
    """

    part = "requirements"
    css_class = "jl-nfr-editor"

    def __init__(
        self,
        plan: JourneyPlan | RequirementSet | None = None,
        *,
        path: str | Path = JOURNEY_FILE,
    ) -> None:
        if isinstance(plan, RequirementSet):
            plan = JourneyPlan(requirements=plan)
        super().__init__(plan, path=path)

    def _controls(self) -> list[w.Widget]:
        requirements = self._plan.requirements
        self.title = self.business  # the set is titled with the business name
        self.rows = w.VBox()
        self.add_button = w.Button(description="+ requirement", layout=FIT)
        self.add_button.on_click(lambda _: self.add_row())
        self.gaps_view = w.HTML()
        for control, name in (
            (self.rows, "rows"),
            (self.add_button, "add"),
            (self.gaps_view, "gaps"),
        ):
            control.add_class(f"jl-{name}")
        for requirement in requirements.requirements:
            self.add_row(requirement, redraw=False)
        return [
            w.HTML("<b>Requirements</b>"),
            self.rows,
            self.add_button,
            w.HTML("<b>Gaps: target against measured value</b>"),
            self.gaps_view,
        ]

    # -- the model ---------------------------------------------------------------

    @property
    def value(self) -> RequirementSet:
        """The requirements as the controls stand now."""
        return RequirementSet(
            tuple(row.requirement() for row in self.rows.children), self.title.value
        )

    requirements = value

    def findings(self) -> Findings:
        return self.value.check()

    def figure(self) -> Drawing:
        return draw.nfr_heatmap(self.value)

    _drawn: tuple | None = None  # what the heatmap on screen shows, see _drawing_key

    def _update_views(self) -> None:
        self.gaps_view.value = gaps_html(self.value)

    def _drawing_unchanged(self) -> bool:
        # typing a statement, a metric or a reason leaves the heatmap as it is
        key = _drawing_key(self.value)
        unchanged, self._drawn = key == self._drawn, key
        return unchanged

    # -- editing -----------------------------------------------------------------

    def add_row(
        self, requirement: Requirement | None = None, *, redraw: bool = True
    ) -> RequirementRow:
        """Add a requirement row (a blank one with the next free id); returns the row."""
        if requirement is None:
            requirement = Requirement(
                self._next_id(),
                self._next_stage(),
                Characteristic.PERFORMANCE_EFFICIENCY,
                "",
                "",
                None,
                "",
                Direction.AT_MOST,
            )
        row = RequirementRow(requirement)
        show_rows(self.rows, (*self.rows.children, row))
        self._watch(*(getattr(row, part) for part in RequirementRow.INPUTS))
        on_row_buttons(row, self.move_row, self.remove_row)
        if redraw:
            self.redraw()
        return row

    def remove_row(self, row: RequirementRow) -> None:
        show_rows(self.rows, [r for r in self.rows.children if r is not row])
        self.redraw()

    def move_row(self, row: RequirementRow, by: int) -> None:
        """List a requirement ``by`` places later (negative: earlier; see RequirementSet.move)."""
        move_row(self.rows, row, by)
        self.redraw()

    def _next_id(self) -> str:
        numbers = [
            int(m.group(1))
            for row in self.rows.children
            if (m := re.fullmatch(r"\s*NFR-(\d+)\s*", row.id.value, re.IGNORECASE))
        ]
        return f"NFR-{max(numbers, default=0) + 1}"

    def _next_stage(self) -> JourneyStage:
        """The first stage with no requirement yet, else awareness."""
        used = {row.stage.value for row in self.rows.children}
        return next((s for s in JourneyStage if s not in used), JourneyStage.AWARENESS)


def _drawing_key(requirements: RequirementSet) -> tuple:
    """Everything the heatmap and its alt text show: the title, the cells, the unmet ids."""
    return (
        requirements.title,
        tuple(
            (r.stage, r.characteristic, r.met, r.id if r.met is False else None)
            for r in requirements.requirements
        ),
    )


def _gap(r: Requirement) -> str:
    if r.target is None:
        return "— no target"
    if r.met is None:
        return "? not measured yet"
    return "✔ met" if r.met else f"✘ {r.status.removeprefix('not met: ')}"


def gaps_html(requirements: RequirementSet) -> str:
    """A compact table: each requirement's target, measured value and gap; escaped."""
    if not requirements.requirements:
        return "<p>No requirements yet: add one per journey stage.</p>"
    rows = [
        (
            r.id or "—",
            r.stage.label,
            r.fit_criterion or "—",
            "—" if r.measured is None else _amount(r.measured, r.unit),
            _gap(r),
        )
        for r in requirements.requirements
    ]
    met = sum(r.met is True for r in requirements.requirements)
    unmet = sum(r.met is False for r in requirements.requirements)
    unknown = len(requirements) - met - unmet
    summary = f"{met} met, {unmet} short of the target, {unknown} not known yet."
    table = html_table(("id", "stage", "target", "measured", "gap"), rows, css_class="jl-table")
    return f'{table}<p class="jl-summary">{escape(summary)}</p>'


#: The name of the first version of the course.
NfrEditor = RequirementEditor
