"""The observed-journey explorer: the paths customers took, drawn over the plan.

A thin view over :func:`~journey_lessons.observed.observe`. The learner picks the
level (milestones, or milestones and touchpoints), a cohort (the month of the
customers' first event), the smallest share of a move worth drawing, and one step
to see the moves into and out of it. Nothing is edited or saved: the plan and the
log are read only.

Each (level, cohort) is observed once and kept, so the share slider only redraws
the flow and choosing a step only rewrites its table.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import draw
from .._html import html_table
from ..events import EventLog
from ..journey import JourneyPlan, sample_journey
from ..observed import _MONTHS, END, MOVE_KINDS, START, Node, ObservedJourney, _percent, observe
from ..simulate import simulate_events
from ._base import (
    JOURNEY_FILE,
    ROW,
    WIDE,
    JourneyEditor,
    _drawing_garbage_freed_young,
    full_line,
    open_journey,
    status_html,
)
from ._kpis import SEED

#: The levels as the toggle shows them.
LEVEL_LABELS = (("Milestones", "milestones"), ("Milestones and touchpoints", "touchpoints"))
ALL_CUSTOMERS = "All customers"
CHOOSE_STEP = "Choose a step…"
#: The commonest paths drawn under the flow.
TOP_PATHS = 8

_DESCRIPTION = {"description_width": "110px"}
_STEP_KIND = {"milestone": "Milestone", "touchpoint": "Touchpoint", "other": "Other"}


def month_label(cohort: str) -> str:
    """A cohort as people read it: "2024-03" is "March 2024"."""
    year, month = cohort.split("-")[:2]
    return f"{_MONTHS[int(month) - 1]} {year}"


def _days(value: float) -> str:
    return "—" if value != value else f"{value:.1f} days"


def _share(value: float) -> str:
    return "—" if value != value else _percent(value)


def _step_label(node: Node) -> str:
    if node.kind == "other":
        return "Other · events the plan does not name"
    return f"{_STEP_KIND[node.kind]} · {node.name or '(no name)'}"


def _end_name(name: str, kind: str, direction: str) -> str:
    """A move's other end as a table shows it: start and end say what they stand for."""
    if kind == "end" and name == END:
        return "(no later event)"
    if direction == "into" and name == START:
        return "(their first event)"
    return name


class FlowExplorer(w.VBox):
    """The journey customers took, against the plan: flow, commonest paths and findings.

    ``explorer.observed`` is the :class:`~journey_lessons.observed.ObservedJourney`
    as the level and cohort stand; ``explorer.events`` the log it reads (the
    learner's own, or simulated from the plan); ``explorer.plan`` the plan.
    """

    css_class = "jl-flow-explorer"

    def __init__(self, events: Any, plan: JourneyPlan) -> None:
        # an EventLog's usable rows, or the DataFrame itself (whatever its columns are called)
        self._events = events.events if isinstance(events, EventLog) else events
        self._plan = plan
        self._observed: dict[tuple[str, str], ObservedJourney] = {}
        self._variants_html: dict[tuple[str, str], str] = {}
        self._quiet = False  # True while the controls are being refilled
        whole = self._observe("milestones", "")  # bad input is refused here, with its reason

        self.status = w.HTML()
        self.level = w.ToggleButtons(options=LEVEL_LABELS, value="milestones", description="Level")
        self.min_share = w.FloatSlider(
            value=0.05,
            min=0.0,
            max=0.30,
            step=0.01,
            readout_format=".0%",
            description="Minimum share",
            tooltip="Moves made by fewer of the customers at their start are hidden",
            continuous_update=False,
            style=_DESCRIPTION,
            layout=w.Layout(width="auto", min_width="360px"),
        )
        self.cohort = w.Dropdown(
            options=self._cohort_options(whole, ""),
            value="",
            description="Cohort",
            style=_DESCRIPTION,
            layout=WIDE,
        )
        self.step = w.Dropdown(
            options=self._step_options(whole),
            value="",
            description="Step",
            style=_DESCRIPTION,
            layout=full_line(),  # alone in the column: not WIDE, whose flex basis is a height
        )
        self.summary = w.HTML()
        self.drawing = w.Output()
        self.variants_drawing = w.Output()
        self.paths = w.Accordion(children=[self.variants_drawing], selected_index=None)
        self.paths.set_title(0, "The commonest paths")
        self.step_view = w.HTML()
        self.findings_view = w.HTML()
        for control, name in (
            (self.level, "level"),
            (self.min_share, "min-share"),
            (self.cohort, "cohort"),
            (self.step, "step"),
            (self.summary, "summary"),
            (self.step_view, "step-table"),
        ):
            control.add_class(f"jl-{name}")
        self.findings_view.add_class("jl-findings-view")
        self.drawing.add_class("jl-drawing-output")
        self.level.observe(self._on_level, names="value")
        self.cohort.observe(self._on_cohort, names="value")
        self.min_share.observe(self._on_min_share, names="value")
        self.step.observe(self._on_step, names="value")
        super().__init__(
            [
                self.status,
                self.level,
                w.HBox([self.cohort, self.min_share], layout=ROW),
                self.summary,
                self.drawing,
                self.paths,
                w.HTML("<b>Moves into and out of a step</b>"),
                self.step,
                self.step_view,
                w.HTML("<b>Findings</b>"),
                self.findings_view,
            ]
        )
        self.add_class(self.css_class)
        self._show(self._update_all)

    @classmethod
    def from_file(
        cls,
        path: str | Path = JOURNEY_FILE,
        *,
        events: Any = None,
        customers: int = 2000,
        seed: int = SEED,
    ) -> FlowExplorer:
        """The journey saved at ``path`` against ``events`` (an ``EventLog`` or a DataFrame
        read with ``read_events``), or against ``customers`` simulated from it with ``seed``.

        Without a file yet, it shows the sample business, and says so.
        """
        opened = open_journey(path)
        if opened.found:
            plan, message = opened.plan, opened.message
        else:
            plan = sample_journey()
            message = (
                f"No {path} yet, so this shows the sample business, {plan.business}. Start "
                "your own journey in notebook 01 to see yours."
            )
        if events is None:
            events = simulate_events(plan, customers, seed=seed)
            source = f"A simulated log of {customers:,} prospects (seed {seed})."
        else:
            own = events.events if isinstance(events, EventLog) else events
            aside = events.report.rows_read - len(own) if isinstance(events, EventLog) else 0
            source = f"Your own log ({len(own):,} events" + (
                f"; {aside:,} row{'s' * (aside != 1)} set aside when read: see its report)."
                if aside
                else ")."
            )
        explorer = cls(events, plan)
        explorer.status.value = status_html(escape(f"{message} {source}"), opened.ok)
        return explorer

    # -- what a notebook reads -----------------------------------------------------------

    @property
    def observed(self) -> ObservedJourney:
        """The observed journey as the level and cohort stand."""
        return self._observe(self.level.value, self.cohort.value)

    @property
    def events(self) -> Any:
        """The event log read (a DataFrame)."""
        return self._events

    @property
    def plan(self) -> JourneyPlan:
        return self._plan

    def _observe(self, level: str, cohort: str) -> ObservedJourney:
        """Observed once per level and cohort: moving the slider or a step reuses it."""
        key = (level, cohort)
        if key not in self._observed:
            if cohort:
                self._observed[key] = self._observe(level, "").where(cohort=cohort)
            else:
                self._observed[key] = observe(self._events, self._plan, level=level)  # type: ignore[arg-type]
        return self._observed[key]

    # -- the controls' choices -------------------------------------------------------------

    @staticmethod
    def _cohort_options(whole: ObservedJourney, keep: str) -> list[tuple[str, str]]:
        """All customers, then each month with customers at this level; ``keep`` stays
        listed (with 0 customers) when this level has none in it."""
        counts = dict(zip(whole.cohorts()["cohort"], whole.cohorts()["customers"], strict=True))
        if keep and keep not in counts:
            counts[keep] = 0
        months = [
            (f"{month_label(m)} ({counts[m]:,} customer{'s' * (counts[m] != 1)})", m)
            for m in sorted(counts)
        ]
        return [(ALL_CUSTOMERS, ""), *months]

    @staticmethod
    def _step_options(whole: ObservedJourney) -> list[tuple[str, Node | str]]:
        """Every step of the plan at this level, in plan order, then 'other' ("" is none)."""
        return [
            (CHOOSE_STEP, ""),
            *((_step_label(n), n) for n in whole.nodes if n.kind in _STEP_KIND),
        ]

    # -- updates ---------------------------------------------------------------------------

    def _on_level(self, _change: dict) -> None:
        if self._quiet:
            return
        self._show(self._refill_and_update)

    def _on_cohort(self, _change: dict) -> None:
        if not self._quiet:
            self._show(self._update_all)

    def _on_min_share(self, _change: dict) -> None:
        if not self._quiet:
            self._show(self._update_flow)

    def _on_step(self, _change: dict) -> None:
        if not self._quiet:
            self._show(self._update_step)

    def _show(self, update: Callable[[], None]) -> None:
        """Run an update; what fails is said on screen, never raised from a handler."""
        with _drawing_garbage_freed_young():
            try:
                update()
            except Exception as error:  # shown, not raised, in a handler
                self.findings_view.value = status_html(
                    f"Could not show this: {escape(str(error))}", ok=False
                )

    def _refill_and_update(self) -> None:
        """Another level has other steps, and may have other months: refill both choices."""
        whole = self._observe(self.level.value, "")
        cohort, step = self.cohort.value, self.step.value
        self._quiet = True
        try:
            self.cohort.options = self._cohort_options(whole, cohort)
            self.cohort.value = cohort
            self.step.options = self._step_options(whole)
            self.step.value = step if step in whole.nodes else ""
        finally:
            self._quiet = False
        self._update_all()

    def _update_all(self) -> None:
        observed = self.observed
        month = self.cohort.value
        prefix = f"{month_label(month)} cohort: " if month else ""
        self.summary.value = f'<p class="jl-summary">{escape(prefix + observed.summary())}</p>'
        self.findings_view.value = observed.findings._repr_html_()
        self._update_step()
        key = (self.level.value, month)
        if key not in self._variants_html:
            self._variants_html[key] = draw.observed_variants(observed, TOP_PATHS)._repr_html_()
        _put(self.variants_drawing, self._variants_html[key])
        self._update_flow()

    def _update_flow(self) -> None:
        figure = draw.observed_flow(self.observed, self._plan, min_share=self.min_share.value)
        html = figure._repr_html_()
        del figure
        _put(self.drawing, html)

    def _update_step(self) -> None:
        step = self.step.value
        if not step:
            self.step_view.value = (
                '<p class="jl-hint">Choose a step to see where its customers came from '
                "and where they went next.</p>"
            )
            return
        self.step_view.value = step_html(self.observed, step)


def step_html(observed: ObservedJourney, step: Node) -> str:
    """The moves into and out of ``step`` as two escaped tables, in numbers people read."""
    moves = observed.moves_at(step)
    reached = int(observed.dropoff.set_index("node")["reached"].iloc[observed.nodes.index(step)])
    name = "'other' (events the plan does not name)" if step.kind == "other" else f"'{step.name}'"
    if not reached:
        return f'<p class="jl-summary">{escape(f"Nobody reached {name} here.")}</p>'
    said = f"{reached:,} customer{'s' * (reached != 1)} reached {name}."
    tables = [f'<p class="jl-summary">{escape(said)}</p>']
    for direction, other_end, heading in (
        ("into", "from", f"Into {name}: where they came from"),
        ("out of", "to", f"Out of {name}: where they went next"),
    ):
        part = moves[moves["direction"] == direction]
        rows = [
            (
                _end_name(end, kind, direction),
                f"{customers:,}",
                _share(share),
                _days(median),
                MOVE_KINDS.get(kind, kind),
            )
            for end, customers, share, median, kind in part[
                [other_end, "customers", "share", "median_days", "kind"]
            ].itertuples(index=False)
        ]
        tables.append(
            html_table(
                (other_end, "customers", "share of those who reached it", "median time", "move"),
                rows or [("(none)", "", "", "", "")],
                caption=heading,
                css_class="jl-table jl-step-moves",
            )
        )
    return "".join(tables)


def _put(output: w.Output, html: str) -> None:
    """Show a drawing's HTML in ``output``, its alt text as the plain-text version."""
    output.outputs = (
        {
            "output_type": "display_data",
            "data": {"text/html": html, "text/plain": JourneyEditor._alt_text(html)},
            "metadata": {},
        },
    )
