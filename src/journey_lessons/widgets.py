"""Widgets: thin views that edit a model and redraw.

Each widget holds a model (plain, frozen data), rebuilds it through the model's
own constructors when a control changes, and redraws the drawing and the
findings. A learner's mistake becomes a finding on screen, never a traceback.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w

from . import draw
from .files import JourneyFileError, load_milestones, save_milestones
from .findings import Findings
from .milestones import KINDS, Milestone, MilestoneMap, Stage, kinds_for

# Rows wrap rather than squeeze, so the builder reads well in a narrow book column too.
_WIDE = w.Layout(width="auto", flex="1 1 220px", min_width="220px")


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
    """One milestone: its kind, its name and how it is measured."""

    def __init__(self, stage: Stage, milestone: Milestone | None = None) -> None:
        self.stage = stage
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
            layout=_WIDE,
            style={"description_width": "45px"},
        )
        self.measure = w.Text(
            value=milestone.measure,
            placeholder=KINDS[self.kind.value].measure_hint,
            description="Measured by",
            layout=_WIDE,
            style={"description_width": "85px"},
        )
        self.remove = w.Button(
            description="✕", tooltip="Remove this milestone", layout=w.Layout(width="36px")
        )
        self.kind.observe(self._on_kind, names="value")
        super().__init__(
            [self.kind, self.name, self.measure, self.remove],
            layout=w.Layout(flex_flow="row wrap", align_items="center"),
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


class MilestoneBuilder(w.VBox):
    """Build a milestone map: the core purchase in the middle, milestones before and after.

    ``builder.map`` is the map as it stands; ``builder.findings`` what its check
    says. The drawing and the findings update as the learner types.
    """

    def __init__(
        self, milestones: MilestoneMap | None = None, *, path: str | Path = "my_milestones.yaml"
    ) -> None:
        milestones = milestones if milestones is not None else MilestoneMap()
        self.title = w.Text(
            value=milestones.title,
            placeholder="Your business",
            description="Business",
            layout=w.Layout(width="auto", max_width="600px"),
        )
        self.before_rows = w.VBox()
        self.after_rows = w.VBox()
        core = milestones.core
        self.core_row = MilestoneRow(Stage.CORE, core or Milestone("", Stage.CORE, "core_purchase"))
        self.core_row.remove.layout.visibility = "hidden"  # there is always one core
        fit = w.Layout(width="auto")
        self.add_before_button = w.Button(description="+ before the purchase", layout=fit)
        self.add_after_button = w.Button(description="+ after the purchase", layout=fit)
        self.add_before_button.on_click(lambda _: self.add_row(Stage.BEFORE))
        self.add_after_button.on_click(lambda _: self.add_row(Stage.AFTER))

        self.path = w.Text(value=str(path), description="File", layout=_WIDE)
        self.save_button = w.Button(description="Save", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.status = w.HTML()
        self.findings_view = w.HTML()
        self.drawing = w.Output()
        self._unreadable: Path | None = None

        self._watch(self.title)
        self._watch_row(self.core_row)
        for milestone in milestones.before:
            self.add_row(Stage.BEFORE, milestone, redraw=False)
        for milestone in milestones.after:
            self.add_row(Stage.AFTER, milestone, redraw=False)
        # The builder has one core row: a second core from a file is kept, as a row
        # after the purchase where its finding tells the learner to decide.
        for milestone in milestones.column(Stage.CORE)[1:]:
            self.add_row(Stage.AFTER, milestone, redraw=False)
        super().__init__(
            [
                self.title,
                self._heading(Stage.BEFORE),
                self.before_rows,
                self.add_before_button,
                self._heading(Stage.CORE),
                self.core_row,
                self._heading(Stage.AFTER),
                self.after_rows,
                self.add_after_button,
                w.HBox([self.path, self.save_button]),
                self.status,
                w.HTML("<b>Findings</b>"),
                self.findings_view,
                self.drawing,
            ]
        )
        self.add_class("jl-milestone-builder")
        self.drawing.add_class("jl-drawing-output")
        self.findings_view.add_class("jl-findings-view")
        self.redraw()

    @classmethod
    def from_file(cls, path: str | Path, *, start: MilestoneMap | None = None) -> MilestoneBuilder:
        """Continue the map saved at ``path``, or begin from ``start`` if there is none yet."""
        path = Path(path)
        if not path.exists():
            builder = cls(start, path=path)
            builder._say(f"Starting a new map; <b>Save</b> writes it to {escape(str(path))}.")
            return builder
        try:
            builder = cls(load_milestones(path), path=path)
        except JourneyFileError as error:
            builder = cls(start, path=path)
            builder._unreadable = path
            builder._say(
                f"Could not read your file, so it will not be overwritten: {escape(str(error))}",
                ok=False,
            )
            return builder
        builder._say(f"Loaded {len(builder.map)} milestones from {escape(str(path))}.")
        return builder

    # -- the model ---------------------------------------------------------------

    @property
    def map(self) -> MilestoneMap:
        """The milestone map as the controls stand now."""
        core = None if self.core_row.is_blank else self.core_row.milestone()
        return MilestoneMap.from_columns(
            core,
            before=[row.milestone() for row in self.before_rows.children],
            after=[row.milestone() for row in self.after_rows.children],
            title=self.title.value,
        )

    @property
    def findings(self) -> Findings:
        return self.map.check()

    # -- editing -----------------------------------------------------------------

    def add_row(
        self, stage: Stage, milestone: Milestone | None = None, *, redraw: bool = True
    ) -> MilestoneRow:
        """Add a milestone row to the before or after column; returns the row."""
        if stage is Stage.CORE:
            raise ValueError("the map has exactly one core row; edit builder.core_row")
        row = MilestoneRow(stage, milestone)
        box = self.before_rows if stage is Stage.BEFORE else self.after_rows
        box.children = (*box.children, row)
        self._watch_row(row)
        row.remove.on_click(lambda _: self.remove_row(row))
        if redraw:
            self.redraw()
        return row

    def remove_row(self, row: MilestoneRow) -> None:
        for box in (self.before_rows, self.after_rows):
            box.children = tuple(r for r in box.children if r is not row)
        self.redraw()

    def save(self) -> Path | None:
        """Save the map to the file named in the File box; says what happened."""
        path = Path(self.path.value.strip() or "my_milestones.yaml")
        if self._unreadable is not None and path.resolve() == self._unreadable.resolve():
            self._say(
                f"{escape(str(path))} could not be read when this map opened; fix that file "
                "or choose another name so that nothing in it is lost.",
                ok=False,
            )
            return None
        try:
            save_milestones(self.map, path)
        except (OSError, JourneyFileError) as error:
            self._say(f"Could not save: {escape(str(error))}", ok=False)
            return None
        self._say(f"Saved {len(self.map)} milestones to {escape(str(path))}.")
        return path

    # -- the view ----------------------------------------------------------------

    def redraw(self) -> None:
        """Show the findings and the drawing of the map as it stands."""
        milestones = self.map
        self.findings_view.value = milestones.check()._repr_html_()
        figure = draw.milestones(milestones)
        # One assignment replaces the old drawing, the same with or without a kernel.
        self.drawing.outputs = (
            {
                "output_type": "display_data",
                "data": {"text/html": figure._repr_html_()},
                "metadata": {},
            },
        )

    def _say(self, message_html: str, ok: bool = True) -> None:
        colour = "#2f7a4f" if ok else "#c53030"
        self.status.value = f'<span style="color:{colour}">{message_html}</span>'

    def _heading(self, stage: Stage) -> w.HTML:
        return w.HTML(f"<b>{escape(stage.label)}</b>")

    def _watch(self, control: w.ValueWidget) -> None:
        control.observe(lambda _: self.redraw(), names="value")

    def _watch_row(self, row: MilestoneRow) -> None:
        for control in (row.kind, row.name, row.measure):
            self._watch(control)
