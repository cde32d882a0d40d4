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

from .. import _rekey, draw, kpis
from .._fields import name_key
from .._html import html_table
from ..draw import Drawing
from ..events import TOUCHPOINT_PREFIX
from ..findings import Findings
from ..journey import JourneyPlan
from ..kpis import format_value
from ..milestones import Stage
from ..simulate import DEFAULT_STEPS, Conversion, SimulationSettings, simulate_events
from ._base import FIT, JOURNEY_FILE, ROW, JourneyEditor, remove_button

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
            # the box's name for screen readers; the row's label shows it to everyone else
            description=f"Target for {label}",
            style={"description_width": "0px"},
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

    def set(self, target: float) -> None:
        """Give the KPI this target (as the model stores it: a share as 0-1)."""
        self._original = target
        low, high = self.target.min, self.target.max
        self.target.value = min(max(target * self._scale, low), high)
        self._shown = self.target.value
        self.has_target.value = True

    def value(self) -> float | None:
        """The target as the model stores it (a share as 0-1), or None for no target."""
        if not self.has_target.value:
            return None
        if self._original is not None and self.target.value == self._shown:
            return self._original  # untouched: exactly as it came, no rounding on the way
        return self.target.value / self._scale


class StaleTargetRow(w.HBox):
    """A target keyed to a step or touchpoint the journey no longer has: re-key it, or remove it.

    ``to`` offers the learner's steps of the same kind that have no target yet,
    the obvious one (if any) already chosen; ``rekey`` moves the target there.
    """

    def __init__(
        self, key: str, shown: str, options: list[tuple[str, str]], obvious: str | None
    ) -> None:
        self.key = key
        self.label = w.HTML(
            f"<code>{escape(key)}</code> = {escape(shown)}: no KPI of your journey has it.",
            layout=_LABEL,
        )
        self.to = w.Dropdown(
            options=[("(choose one of your steps)", ""), *options],
            value=obvious or "",
            description="Re-key to",
            layout=w.Layout(width="auto", flex="1 1 300px", min_width="240px"),
            style={"description_width": "65px"},
        )
        self.rekey = w.Button(
            description="Re-key",
            tooltip="Keep the target, for the step chosen",
            disabled=not obvious,
            layout=w.Layout(width="auto"),  # its own layout: it is hidden when there is no choice
        )
        self.to.observe(self._on_to, names="value")
        if not options:
            self.to.layout.display = self.rekey.layout.display = "none"
        self.remove = remove_button("target")
        super().__init__([self.label, self.to, self.rekey, self.remove], layout=ROW)
        self.add_class("jl-stale-target")
        self.to.add_class("jl-rekey-to")
        self.rekey.add_class("jl-rekey")

    def _on_to(self, change: dict) -> None:
        self.rekey.disabled = not change["new"]


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
        # every target the learner can set: the report's KPIs, then each touchpoint
        self._kinds: dict[str, tuple[str, str]] = {
            key: (label, unit)
            for key, label, unit in base[["key", "kpi", "unit"]].itertuples(index=False)
        }
        # a journey with no targets yet starts from targets derived from its own milestones
        self._start_targets = dict(plan.kpi_targets) or kpis.default_targets(plan)
        targets = self._start_targets
        # a touchpoint's target keeps its key as written (names compare as a reader would)
        written = {
            name_key(k[len(TOUCHPOINT_PREFIX) :]): k
            for k in targets
            if k.startswith(TOUCHPOINT_PREFIX)
        }
        for name in dict.fromkeys(" ".join(n.split()) for n in plan.touchpoint_names()):
            if name:
                key = written.get(name_key(name), _rekey.touchpoint_key(name))
                self._kinds[key] = (f"Conversion after '{name}'", "share")
        # a box for the chosen few, and for every other target the journey has
        boxed = self._targeted_keys(base) | set(targets)
        self.target_rows = w.VBox()
        for key, (label, unit) in self._kinds.items():
            if key in boxed:
                self._add_row(key, label, unit, targets.get(key))
        self.new_target = w.Dropdown(
            description="Add a target for",
            layout=w.Layout(width="auto", flex="1 1 360px", min_width="300px"),
            style={"description_width": "110px"},
        )
        self.add_target_button = w.Button(description="+ target", layout=FIT)
        self.add_target_button.on_click(lambda _: self.add_target())
        self.new_target.add_class("jl-new-target")
        self.add_target_button.add_class("jl-add-target")
        self._offer()
        self.stale_rows = w.VBox()
        self.stale_rows.add_class("jl-stale-targets")
        self._stale_shown: tuple | None = None  # what the stale rows show, see _show_stale
        self.rekey_button = w.Button(
            description="Re-key to your steps",
            tooltip="Move each stale target to the step of your journey it obviously means",
            layout=w.Layout(width="auto"),  # its own: hiding it must not hide others
        )
        self.rekey_button.add_class("jl-rekey-all")
        self.rekey_button.on_click(lambda _: self.rekey_stale_targets())
        self.remove_stale_button = w.Button(
            description="Remove the targets no KPI has",
            tooltip="Targets for steps or touchpoints your journey no longer has",
            layout=w.Layout(width="auto"),  # its own: hiding it must not hide others
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
            w.HBox([self.new_target, self.add_target_button], layout=ROW),
            self.stale_rows,
            w.HBox([self.rekey_button, self.remove_stale_button], layout=ROW),
            w.HTML("<b>KPIs against targets</b>"),
            self.table_view,
        ]

    def _add_row(self, key: str, label: str, unit: str, target: float | None) -> TargetRow:
        row = TargetRow(key, label, unit, target)
        self.target_rows.children = (*self.target_rows.children, row)
        self._watch(row.has_target, row.target)
        return row

    def _row(self, key: str) -> TargetRow | None:
        return next((r for r in self.target_rows.children if r.key == key), None)

    def _offer(self) -> None:
        """The Add box lists the KPIs and touchpoints that have no box yet."""
        boxed = {row.key for row in self.target_rows.children}
        options = [(label, key) for key, (label, _) in self._kinds.items() if key not in boxed]
        self.new_target.options = options
        self.new_target.value = options[0][1] if options else None
        self.add_target_button.disabled = not options

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

    def _targets_plan(self) -> JourneyPlan:
        return self._plan.replace(kpi_targets=self.value)

    def stale_targets(self) -> list[str]:
        """Targets (as the boxes stand) that no KPI of this journey has."""
        return _rekey.stale_targets(self._targets_plan())

    def remove_stale_targets(self) -> None:
        """The one-click fix: drop every target that no KPI of this journey has."""
        self._removed.update(self.stale_targets())
        self.redraw()

    def remove_target(self, key: str) -> None:
        """Drop one target (a stale one, whose KPI has no box to untick)."""
        row = self._row(key)
        if row is not None:
            row.has_target.value = False
        self._removed.add(key)
        self.redraw()

    def add_target(self, key: str | None = None) -> TargetRow | None:
        """Give a KPI or touchpoint (the one in the Add box by default) a target box."""
        key = self.new_target.value if key is None else key
        if key not in self._kinds:
            self._say("Pick a KPI or a touchpoint of your journey to add a target for.", ok=False)
            return None
        row = self._row(key)
        if row is None:
            label, unit = self._kinds[key]
            # a start to adjust: the default for this KPI, if there is one
            row = self._add_row(key, label, unit, kpis.default_targets(self._plan).get(key, 0.0))
            self._offer()
            self._say(f"Added a target for {escape(label)}: type the value you aim for.")
        row.has_target.value = True
        self.redraw()
        return row

    def rekey_target(self, old: str, new: str) -> bool:
        """Move a target to another key, its value kept (a stale one, to one of your steps)."""
        targets = self.value
        if old not in targets or new not in self._kinds:
            self._say(f"There is no target {escape(old)} to re-key to {escape(new)}.", ok=False)
            return False
        value = targets[old]
        self._removed.add(old)
        row = self._row(old)
        if row is not None:
            row.has_target.value = False
        target = self._row(new)
        if target is None:
            label, unit = self._kinds[new]
            self._add_row(new, label, unit, value)
            self._offer()
        else:
            target.set(value)
        self._say(f"Re-keyed {escape(old)} to {escape(self._kinds[new][0])}.")
        self.redraw()
        return True

    def rekey_stale_targets(self) -> dict[str, str]:
        """The one-click fix: each stale target to the step it obviously means; returns them."""
        obvious = _rekey.obvious_rekeys(self._targets_plan())
        for old, new in obvious.items():
            self.rekey_target(old, new)
        if obvious:
            moved = "; ".join(f"{old} → {self._kinds[new][0]}" for old, new in obvious.items())
            self._say(f"Re-keyed {escape(moved)}.")
        return obvious

    def _show_stale(self) -> None:
        """A row for each stale target, with its re-key choices; the two one-click fixes."""
        plan = self._targets_plan()
        options = _rekey.rekey_options(plan)
        obvious = _rekey.obvious_rekeys(plan)
        targets = plan.kpi_targets
        shown = tuple((k, targets[k], tuple(v), obvious.get(k)) for k, v in options.items())
        self.remove_stale_button.layout.display = None if options else "none"
        self.rekey_button.layout.display = None if obvious else "none"
        if shown == self._stale_shown:
            return
        self._stale_shown = shown
        rows = []
        units = {"funnel:": "share", "days:": "days", TOUCHPOINT_PREFIX: "share"}
        for key, value, keys, best in shown:
            kind = _rekey.target_kind(key)
            amount = format_value(value, units[kind]) if kind else f"{value:g}"
            choices = [(self._kinds.get(k, (k,))[0], k) for k in keys]
            row = StaleTargetRow(key, amount, choices, best)
            row.rekey.on_click(lambda _, row=row: self.rekey_target(row.key, row.to.value))
            row.remove.on_click(lambda _, row=row: self.remove_target(row.key))
            rows.append(row)
        self.stale_rows.children = tuple(rows)

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
        stale = kpis.target_findings(self._targets_plan())
        return Findings([*kpis.check_events(events, self._plan), *stale])

    def figure(self) -> Drawing:
        return draw.kpi_dashboard(self.report())

    def _update_views(self) -> None:
        self._show_stale()
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
