"""The KPI dashboard: targets, and what-if sliders that re-simulate the log and move the KPIs.

The learner sets targets for a few KPIs (saved with the journey as
``kpi_targets``) and moves sliders for the simulation: how many prospects, the
seed, the share who buy, the core price and the share who accept the upsell.
Each change re-simulates the event log from the journey (seeded, so everyone in
a room sees the same numbers), recomputes the KPI report and redraws the
dashboard. Given a log of the learner's own, the sliders are switched off and
only the targets move.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from .. import draw, kpis
from .._html import html_table
from ..draw import Drawing
from ..draw._kpis import format_value
from ..findings import Findings
from ..journey import JourneyPlan
from ..milestones import Stage
from ..simulate import DEFAULT_STEPS, Conversion, SimulationSettings, simulate_events
from ._base import FIT, JOURNEY_FILE, ROW, JourneyEditor

#: The most prospects a what-if simulates: re-simulating, reporting and redrawing stays quick.
MAX_CUSTOMERS = 5000
#: The seed every learner starts from, so that a room sees the same numbers.
SEED = 2024

# The KPIs the dashboard has a target box for (the funnel's last step and its wait are
# added per plan, as their keys name the plan's events).
_TARGETED = (
    "upsell_conversion",
    "average_order_value",
    "repeat_purchase_rate",
    "historic_clv",
    "csat",
    "nps",
)
# What a target box accepts, by unit: (min, max, step); shares are typed as percentages.
_BOUNDS = {
    "share": (0.0, 100.0, 1.0),
    "money": (0.0, 1_000_000.0, 5.0),
    "days": (0.0, 3650.0, 1.0),
    "points": (-100.0, 100.0, 5.0),
}
_UNIT_LABEL = {"share": "%", "money": "per customer or order", "days": "days", "points": "points"}
_LABEL = w.Layout(width="auto", flex="1 1 260px", min_width="220px")
_DESCRIPTION = {"description_width": "150px"}


class TargetRow(w.HBox):
    """One KPI's target: whether it has one, and its value (shares typed as percentages)."""

    def __init__(self, key: str, label: str, unit: str, target: float | None) -> None:
        self.key, self.unit = key, unit
        low, high, step = _BOUNDS.get(unit, (-1e9, 1e9, 1.0))
        self._scale = 100.0 if unit == "share" else 1.0
        self._original = target
        shown = 0.0 if target is None else target * self._scale
        self.label = w.HTML(f"{escape(label)}", layout=_LABEL)
        self.has_target = w.Checkbox(
            value=target is not None, description="target", indent=False, layout=FIT
        )
        self.target = w.BoundedFloatText(
            value=min(max(shown, low), high),
            min=low,
            max=high,
            step=step,
            disabled=target is None,
            layout=w.Layout(width="120px"),
        )
        self._shown = self.target.value
        self.unit_label = w.HTML(escape(_UNIT_LABEL.get(unit, unit)), layout=FIT)
        self.has_target.observe(self._on_has_target, names="value")
        super().__init__([self.label, self.has_target, self.target, self.unit_label], layout=ROW)
        self.add_class("jl-target-row")
        self.has_target.add_class("jl-has-target")
        self.target.add_class("jl-target")

    def _on_has_target(self, change: dict) -> None:
        self.target.disabled = not change["new"]

    def value(self) -> float | None:
        """The target as the model stores it (a share as 0-1), or None for no target."""
        if not self.has_target.value:
            return None
        if self._original is not None and self.target.value == self._shown:
            return self._original  # untouched: exactly as it came, no rounding on the way
        return self.target.value / self._scale


class KpiDashboard(JourneyEditor):
    """KPIs against targets, with what-if sliders that re-simulate the log from the journey.

    ``dashboard.targets`` (also ``value``) is the plan's ``kpi_targets`` as the
    boxes stand; ``dashboard.events`` the log the KPIs are read from (simulated
    with ``dashboard.settings()``, or the learner's own); ``dashboard.report()``
    the KPI report against the targets. Moving a slider re-simulates (on
    release); changing a target only re-reads the log.
    """

    part = "kpi_targets"
    css_class = "jl-kpi-dashboard"

    def prerequisites(self) -> tuple[str, ...]:
        return ("milestones", "paths")

    def __init__(
        self,
        plan: JourneyPlan | None = None,
        *,
        events: Any = None,
        customers: int = 1000,
        seed: int = SEED,
        path: str | Path = JOURNEY_FILE,
    ) -> None:
        self._own = None if events is None else getattr(events, "events", events)
        self._start_customers = min(max(int(customers), 100), MAX_CUSTOMERS)
        self._start_seed = int(seed)
        self._simulated: tuple[Any, Any] | None = None
        self._reported: tuple[Any, Any, Any] | None = None  # events, targets, report
        super().__init__(plan, path=path)

    # -- controls ----------------------------------------------------------------------

    def _controls(self) -> list[w.Widget]:
        plan = self._plan
        milestones = plan.milestones
        self._core = milestones.core
        before = milestones.before
        core_name = self._core.name.strip() if self._core else "the core purchase"
        came_from = before[-1].name.strip() if before else "first contact"
        defaults = SimulationSettings()
        buy = defaults.step(self._core.kind if self._core else "core_purchase").conversion
        slider = {"continuous_update": False, "layout": w.Layout(width="auto", min_width="360px")}
        self.customers = w.IntSlider(
            value=self._start_customers,
            min=100,
            max=MAX_CUSTOMERS,
            step=100,
            description="Prospects",
            style=_DESCRIPTION,
            **slider,
        )
        self.seed = w.BoundedIntText(
            value=self._start_seed,
            min=0,
            max=99_999,
            description="Seed",
            layout=w.Layout(width="160px"),
            style={"description_width": "40px"},
        )
        self.conversion = w.FloatSlider(
            value=buy,
            min=0.01,
            max=1.0,
            step=0.01,
            readout_format=".0%",
            description="Buy rate",
            style=_DESCRIPTION,
            **slider,
        )
        self.price = w.FloatSlider(
            value=defaults.core_price,
            min=5.0,
            max=2000.0,
            step=5.0,
            readout_format=".0f",
            description="Core price",
            style=_DESCRIPTION,
            **slider,
        )
        self.upsell = w.FloatSlider(
            value=defaults.step("upsell").conversion,
            min=0.0,
            max=1.0,
            step=0.01,
            readout_format=".0%",
            description="Upsell acceptance",
            style=_DESCRIPTION,
            **slider,
        )
        self.what_if = (self.customers, self.seed, self.conversion, self.price, self.upsell)
        for control, name in zip(
            self.what_if, ("customers", "seed", "conversion", "price", "upsell"), strict=True
        ):
            control.add_class(f"jl-{name}")
            control.disabled = self._own is not None
        self._watch(*self.what_if)
        if self._own is None:
            note = (
                f"A simulated log of your journey. <i>Buy rate</i>: the share of those at "
                f"'{escape(came_from)}' who go on to '{escape(core_name)}'. <i>Upsell "
                "acceptance</i>: the share of those offered the upsell who take it. Sliders "
                "re-simulate when you let go."
            )
        else:
            note = (
                f"Your own log ({len(self._own):,} events): the what-if sliders work on a "
                "simulated log only, so they are off. The targets still apply."
            )
        self.what_if_note = w.HTML(f'<p class="jl-what-if-note">{note}</p>')

        base = kpis.kpi_report(self.events, None, plan)
        # names a target may use: each KPI's key and label (they depend on the plan only)
        self._known = set(base["key"]) | set(base["kpi"])
        shown = self._targeted_keys(base)
        # a journey with no targets yet starts from targets derived from its own milestones
        self._start_targets = dict(plan.kpi_targets) or kpis.default_targets(plan)
        targets = self._start_targets
        self.target_rows = w.VBox(
            [
                TargetRow(key, label, unit, targets.get(key))
                for key, label, unit in base[["key", "kpi", "unit"]].itertuples(index=False)
                if key in shown
            ]
        )
        for row in self.target_rows.children:
            self._watch(row.has_target, row.target)
        self.remove_stale_button = w.Button(
            description="Remove the targets no KPI has",
            tooltip="Targets for steps or touchpoints your journey no longer has",
            layout=FIT,
        )
        self.remove_stale_button.add_class("jl-remove-stale")
        self.remove_stale_button.on_click(lambda _: self.remove_stale_targets())
        self._removed: set[str] = set()
        self.table_view = w.HTML()
        self.table_view.add_class("jl-kpi-table")
        return [
            w.HTML("<b>What if</b>"),
            self.what_if_note,
            w.VBox([self.customers, self.conversion, self.price, self.upsell]),
            w.HBox([self.seed], layout=ROW),
            w.HTML("<b>Targets</b>"),
            self.target_rows,
            self.remove_stale_button,
            w.HTML("<b>KPIs against targets</b>"),
            self.table_view,
        ]

    def _targeted_keys(self, base: Any) -> set[str]:
        """The KPIs with a target box: the funnel's last step, its wait, and a chosen few."""
        funnel = [k for k in base["key"] if k.startswith("funnel:")]
        waits = [k for k in base["key"] if k.startswith("days:")]
        return set(funnel[-1:]) | set(waits[-1:]) | set(_TARGETED)

    # -- the model ---------------------------------------------------------------------

    @property
    def value(self) -> dict[str, float]:
        """The plan's KPI targets as the boxes stand (targets without a box kept as they were)."""
        targets = {k: v for k, v in self._start_targets.items() if k not in self._removed}
        for row in self.target_rows.children:
            target = row.value()
            if target is None:
                targets.pop(row.key, None)
            else:
                targets[row.key] = target
        return targets

    targets = value

    def stale_targets(self) -> list[str]:
        """Targets (as the boxes stand) that no KPI of this journey has."""
        plan = self._plan.replace(kpi_targets=self.value)
        return [f.where for f in kpis.target_findings(plan)]

    def remove_stale_targets(self) -> None:
        """The one-click fix: drop every target that no KPI of this journey has."""
        self._removed.update(self.stale_targets())
        self.redraw()

    def settings(self) -> SimulationSettings:
        """The simulation settings as the sliders stand: buy rate, core price, upsell acceptance."""
        defaults = SimulationSettings()
        steps = dict(defaults.steps)
        overrides: dict[str, Conversion] = {}
        core_kind = self._core.kind if self._core else "core_purchase"
        buy = Conversion(self.conversion.value, defaults.step(core_kind).wait_days)
        steps["core_purchase"] = buy
        if self._core is not None:
            overrides[self._core.name] = buy
        upsell = Conversion(self.upsell.value, DEFAULT_STEPS["upsell"].wait_days)
        steps["upsell"] = upsell
        for milestone in self._plan.milestones.column(Stage.AFTER):
            if milestone.kind == "upsell":
                overrides[milestone.name] = upsell
        return SimulationSettings(steps=steps, overrides=overrides, core_price=self.price.value)

    @property
    def events(self) -> Any:
        """The event log the KPIs are read from: the learner's own, or simulated (cached)."""
        if self._own is not None:
            return self._own
        key = (
            self.customers.value,
            self.seed.value,
            self.conversion.value,
            self.price.value,
            self.upsell.value,
        )
        if self._simulated is None or self._simulated[0] != key:
            events = simulate_events(
                self._plan, self.customers.value, seed=self.seed.value, settings=self.settings()
            )
            self._simulated = (key, events)
        return self._simulated[1]

    def report(self) -> Any:
        """The KPI report of the log against the targets (unknown target names left out)."""
        events = self.events
        targets = self.value
        key = tuple(sorted(targets.items()))
        cached = self._reported
        if cached is None or cached[0] is not events or cached[1] != key:
            usable = {k: v for k, v in targets.items() if k in self._known}
            cached = self._reported = (events, key, kpis.kpi_report(events, usable, self._plan))
        return cached[2]

    def findings(self) -> Findings:
        """What stops a KPI from being measured, and targets that name no KPI."""
        events = self.events
        stale = kpis.target_findings(self._plan.replace(kpi_targets=self.value))
        self.remove_stale_button.layout.display = None if stale else "none"
        return Findings([*kpis.check_events(events, self._plan), *stale])

    def figure(self) -> Drawing:
        return draw.kpi_dashboard(self.report())

    def _update_views(self) -> None:
        self.table_view.value = report_html(self.report())


def report_html(report: Any) -> str:
    """The KPI report as an escaped table: KPI, value, target and status, and a count."""
    rows = [
        (
            kpi,
            format_value(value, unit),
            "—" if _missing(target) else format_value(target, unit),
            f"{better} is better",
            status,
        )
        for kpi, value, unit, target, better, status in report[
            ["kpi", "value", "unit", "target", "better", "status"]
        ].itertuples(index=False)
    ]
    counts: Mapping[str, int] = report["status"].value_counts().to_dict()
    summary = (
        f"{counts.get('met', 0)} met, {counts.get('not met', 0)} not met, "
        f"{counts.get('no target', 0)} without a target, {counts.get('no data', 0)} without data."
    )
    table = html_table(("KPI", "value", "target", "", "status"), rows, caption="KPI report")
    return f'<p class="jl-summary">{escape(summary)}</p>{table}'


def _missing(value: float) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
