"""The milestone builder: the three columns of a journey, edited as the learner types."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import draw
from .._fields import name_key
from ..draw import Drawing
from ..findings import Findings
from ..journey import PARTS, JourneyPlan, sample_journey
from ..milestones import KINDS, Milestone, MilestoneMap, Stage, kinds_for
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


def _kind_options(stage: Stage) -> list[tuple[str, str]]:
    """The column's own kinds first, then the rest, marked with where they usually go."""
    usually = {
        Stage.BEFORE: "before the purchase",
        Stage.CORE: "in the middle",
        Stage.AFTER: "after the purchase",
    }
    own = [(k.label, k.key) for k in kinds_for(stage)]
    others = [
        (f"{k.label} (usually {usually[k.stage]})", k.key)
        for k in KINDS.values()
        if k.stage not in (stage, None)
    ]
    return own + others


class MilestoneRow(w.HBox):
    """One milestone: its kind, its name and how it is measured; ↑ ↓ ✕ to order or remove it."""

    def __init__(self, stage: Stage, milestone: Milestone | None = None) -> None:
        self.stage = stage
        # the name as opened (or last saved): a rename follows into the paths on Save
        self.origin = milestone.name if milestone is not None else None
        milestone = milestone or Milestone("", stage)
        self.kind = w.Dropdown(
            options=_kind_options(stage),
            value=milestone.kind,
            description="Kind",
            layout=w.Layout(width="250px"),
            style={"description_width": "40px"},
        )
        self.name = w.Text(
            value=milestone.name,
            placeholder="What the customer does",
            description="Name",
            layout=WIDE,
            style={"description_width": "45px"},
        )
        self.measure = w.Text(
            value=milestone.measure,
            placeholder=KINDS[self.kind.value].measure_hint,
            description="Measured by",
            layout=WIDE,
            style={"description_width": "85px"},
        )
        self.up, self.down, self.remove = order_buttons("milestone")
        self.kind.observe(self._on_kind, names="value")
        super().__init__(
            [self.kind, self.name, self.measure, self.up, self.down, self.remove],
            layout=ROW,
        )
        # stable class names, so browser tests and page styles can find the parts
        self.add_class(f"jl-row-{stage.value}")
        for part, control in (("kind", self.kind), ("name", self.name), ("measure", self.measure)):
            control.add_class(f"jl-{part}")

    def _on_kind(self, change: dict) -> None:
        kind = KINDS[change["new"]]
        self.measure.placeholder = kind.measure_hint
        old = KINDS[change["old"]]
        # a name still equal to the old kind's example follows the new kind
        if kind.examples and (not self.name.value.strip() or self.name.value in old.examples):
            self.name.value = kind.examples[0]

    @property
    def is_blank(self) -> bool:
        return not self.name.value.strip() and not self.measure.value.strip()

    def milestone(self) -> Milestone:
        return Milestone(self.name.value, self.stage, self.kind.value, self.measure.value)


class MilestoneEditor(JourneyEditor):
    """Build a milestone map: the core purchase in the middle, milestones before and after.

    ``builder.map`` is the map as it stands; ``builder.findings()`` what its check
    says. The drawing and the findings update as the learner types. A new
    journey starts blank, with the learner's business name; "Start from the
    sample" copies the whole sample business into an empty journey instead.
    """

    part = "milestones"
    css_class = "jl-milestone-builder"

    def __init__(
        self,
        plan: JourneyPlan | MilestoneMap | None = None,
        *,
        path: str | Path = JOURNEY_FILE,
    ) -> None:
        if isinstance(plan, MilestoneMap):
            plan = JourneyPlan(milestones=plan)
        self._whole_plan: JourneyPlan | None = None  # set when started from the sample
        super().__init__(plan, path=path)

    def _controls(self) -> list[w.Widget]:
        milestones = (self._whole_plan or self._plan).milestones
        self.title = self.business  # the business name is the map's title
        self.sample_button = w.Button(
            description="Start from the sample",
            tooltip="Copy the whole sample business into this empty journey",
            layout=w.Layout(width="auto"),  # its own: hiding it must not hide every FIT control
        )
        self.sample_button.on_click(lambda _: self.start_from_sample())
        offered = self._plan.is_empty and self._whole_plan is None
        self.sample_button.layout.display = None if offered else "none"
        self.before_rows = w.VBox()
        self.after_rows = w.VBox()
        core = milestones.core
        self.core_row = MilestoneRow(Stage.CORE, core or Milestone("", Stage.CORE, "core_purchase"))
        for button in (self.core_row.up, self.core_row.down, self.core_row.remove):
            button.layout.visibility = "hidden"  # there is always one core, in the middle
        self.add_before_button = w.Button(description="+ before the purchase", layout=FIT)
        self.add_after_button = w.Button(description="+ after the purchase", layout=FIT)
        self.add_before_button.on_click(lambda _: self.add_row(Stage.BEFORE))
        self.add_after_button.on_click(lambda _: self.add_row(Stage.AFTER))
        self._watch_row(self.core_row)
        for milestone in milestones.before:
            self.add_row(Stage.BEFORE, milestone, redraw=False)
        for milestone in milestones.after:
            self.add_row(Stage.AFTER, milestone, redraw=False)
        # The builder has one core row: a second core from a file is kept, as a row
        # after the purchase where its finding tells the learner to decide.
        for milestone in milestones.column(Stage.CORE)[1:]:
            self.add_row(Stage.AFTER, milestone, redraw=False)
        return [
            self.sample_button,
            self._heading(Stage.BEFORE),
            self.before_rows,
            self.add_before_button,
            self._heading(Stage.CORE),
            self.core_row,
            self._heading(Stage.AFTER),
            self.after_rows,
            self.add_after_button,
        ]

    # -- the model ---------------------------------------------------------------

    @property
    def value(self) -> MilestoneMap:
        """The milestone map as the controls stand now."""
        core = None if self.core_row.is_blank else self.core_row.milestone()
        return MilestoneMap.from_columns(
            core,
            before=[row.milestone() for row in self.before_rows.children],
            after=[row.milestone() for row in self.after_rows.children],
            title=self.title.value,
        )

    map = value

    def findings(self) -> Findings:
        return self.value.check()

    def figure(self) -> Drawing:
        return draw.milestones(self.value)

    def edited(self) -> dict[str, Any]:
        if self._whole_plan is None:
            return super().edited()
        # started from the sample: every part of it is the learner's to save
        parts = {part.name: getattr(self._whole_plan, part.name) for part in PARTS}
        return {**parts, "business": self.business.value.strip(), "milestones": self.value}

    def _rows(self) -> list[MilestoneRow]:
        return [*self.before_rows.children, self.core_row, *self.after_rows.children]

    def renames(self) -> list[tuple[str, str]]:
        """Milestones renamed here: (name when opened, name now)."""
        return [
            (row.origin, row.name.value)
            for row in self._rows()
            if row.origin is not None
            and row.name.value.strip()
            and name_key(row.origin) != name_key(row.name.value)
        ]

    @property
    def plan(self) -> JourneyPlan:
        """The whole plan: the map as edited, renamed milestones followed into the paths."""
        return self._plan.rename_milestones(self.renames()).replace(**self.edited())

    def _merged(self, on_disk: JourneyPlan, changed: dict[str, Any]) -> JourneyPlan:
        # a rename follows into the paths and targets as they are in the file now
        return on_disk.rename_milestones(self.renames()).replace(**changed)

    def _saved(self) -> None:
        self._whole_plan = None  # the sample is in the file now, and in self._plan
        for row in self._rows():  # later renames start from the names saved
            row.origin = row.name.value if row.name.value.strip() else row.origin

    def start_from_sample(self) -> bool:
        """Copy the sample business into this journey, if it is still empty; says so."""
        if not self._plan.is_empty or self.value.milestones:
            self._say(
                "Your journey already holds work, so the sample was not copied over it. "
                "To try the sample, choose another file name first.",
                ok=False,
            )
            return False
        sample = sample_journey()
        self._whole_plan = sample  # what Save writes; self._plan stays as opened
        self.business.value = sample.business
        self.children = self._layout()
        self.redraw()
        self._say("Started from the sample business: Save copies it into your file.")
        return True

    # -- editing -----------------------------------------------------------------

    def add_row(
        self, stage: Stage, milestone: Milestone | None = None, *, redraw: bool = True
    ) -> MilestoneRow:
        """Add a milestone row to the before or after column; returns the row."""
        if stage is Stage.CORE:
            raise ValueError("the map has exactly one core row; edit builder.core_row")
        row = MilestoneRow(stage, milestone)
        box = self.before_rows if stage is Stage.BEFORE else self.after_rows
        show_rows(box, (*box.children, row))
        self._watch_row(row)
        on_row_buttons(row, self.move_row, self.remove_row)
        if redraw:
            self.redraw()
        return row

    def remove_row(self, row: MilestoneRow) -> None:
        """Remove a milestone (paths that join it become stale: the paths' check says so)."""
        for box in (self.before_rows, self.after_rows):
            show_rows(box, [r for r in box.children if r is not row])
        self.redraw()

    def move_row(self, row: MilestoneRow, by: int) -> None:
        """Move a milestone ``by`` places within its column (see MilestoneMap.move)."""
        move_row(self.before_rows if row in self.before_rows.children else self.after_rows, row, by)
        self.redraw()

    def _heading(self, stage: Stage) -> w.HTML:
        return w.HTML(f"<b>{escape(stage.label)}</b>")

    def _watch_row(self, row: MilestoneRow) -> None:
        self._watch(row.kind, row.name, row.measure)


#: The name of the first version of the course.
MilestoneBuilder = MilestoneEditor
