"""From a bad moment to a number: one negative moment of truth traced through the plan.

The capstone's synthesis. A negative moment of truth (notebook 06) happens at a
touchpoint (02). The touchpoint serves a lifecycle step, which falls in a journey
stage, where requirements (04) say how well things must work: the biggest gap
there is the likely cause. The touchpoint has a priority on the MoSCoW board
(03): a moment that loses customers deserves a Must. And a KPI target (09) says
how you will know it is fixed. :func:`trace_moment` follows those links in a
learner's own plan and says which are missing, as findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ._fields import name_key
from ._html import escape, html_table, text_table
from .canvas import MomentOfTruth
from .events import TOUCHPOINT_PREFIX, milestone_events
from .findings import Finding, Findings, Severity
from .lifecycle import LifecycleStep
from .moscow import Priority
from .nfr import JourneyStage, Requirement

#: The journey stage each lifecycle step falls in (the table "How the parts fit
#: together" in notebook 00): before the purchase, at it, and after it.
STAGE_OF_STEP = {
    LifecycleStep.ACQUIRE: JourneyStage.AWARENESS,
    LifecycleStep.NURTURE: JourneyStage.CONSIDERATION,
    LifecycleStep.CONVERT: JourneyStage.PURCHASE,
    LifecycleStep.DELIVER: JourneyStage.RETENTION,
    LifecycleStep.REPEAT: JourneyStage.RETENTION,
    LifecycleStep.REFER: JourneyStage.ADVOCACY,
    LifecycleStep.MAXIMIZE: JourneyStage.RETENTION,
    LifecycleStep.REACTIVATE: JourneyStage.RETENTION,
    LifecycleStep.MAINTAIN: JourneyStage.RETENTION,
}

#: The report's KPIs that show whether a step works, best first. Steps before the
#: purchase are measured by the funnel to the end of the touchpoint's path.
KPIS_OF_STEP = {
    LifecycleStep.DELIVER: ("csat", "retention_month_1"),
    LifecycleStep.REPEAT: ("repeat_purchase_rate", "retention_month_1", "churn_month_1"),
    LifecycleStep.REFER: ("referral_rate", "nps"),
    LifecycleStep.MAXIMIZE: ("upsell_conversion", "average_order_value", "historic_clv"),
    LifecycleStep.REACTIVATE: ("reactivation_rate",),
    LifecycleStep.MAINTAIN: ("retention_month_1", "nps"),
}

LINKS = ("Moment of truth", "Touchpoint", "Biggest gap at its stage", "Priority", "KPI target")


@dataclass(frozen=True)
class MomentTrace:
    """One moment of truth followed through the plan: each link found, or a finding.

    ``requirement`` is the requirement at the touchpoint's stage with the biggest
    relative shortfall (or, when nothing there is measured, the first one there);
    ``kpi`` and ``target`` are the KPI key and the plan's target that will show the
    moment is fixed.
    """

    moment: MomentOfTruth | None
    path: str = ""  # "<start> → <end>" of the touchpoint's path
    step: LifecycleStep | None = None
    stage: JourneyStage | None = None
    requirement: Requirement | None = None
    priority: Priority | None = None
    kpi: str = ""
    target: float | None = None
    findings: Findings = field(default_factory=Findings)

    @property
    def complete(self) -> bool:
        """True when every link is there: nothing left to fill in."""
        return not [f for f in self.findings if f.severity is not Severity.TIP]

    def rows(self) -> list[tuple[str, str]]:
        """(link, what the plan says) for each of the five links, in order."""
        m = self.moment
        moment = "—" if m is None else f"{m.sign} {m.name} ({m.kind.label})"
        touchpoint = "—"
        if m is not None and m.touchpoint.strip() and self.step is not None:
            touchpoint = f"{m.touchpoint} (path {self.path}; step: {self.step.label})"
        requirement = "—"
        if self.requirement is not None:
            r = self.requirement
            requirement = f"{r.id} ({self.stage.label if self.stage else ''}): {r.status}"
        priority = "—"
        if self.step is not None:
            priority = self.priority.label if self.priority is not None else "not on the board"
        kpi = "—"
        if self.kpi:
            kpi = f"{self.kpi}: {'no target yet' if self.target is None else f'{self.target:g}'}"
        return list(zip(LINKS, (moment, touchpoint, requirement, priority, kpi), strict=True))

    def __str__(self) -> str:
        table = text_table(("link", "in your plan"), self.rows(), caption=self._caption)
        return f"{table}\n{self.findings}" if self.findings else table

    def _repr_html_(self) -> str:
        table = html_table(("link", "in your plan"), self.rows(), caption=self._caption)
        summary = "Every link is there." if self.complete else self.findings.summary()
        return f'{table}<p class="jl-summary">{escape(summary)}</p>' + (
            self.findings._repr_html_() if self.findings else ""
        )

    @property
    def _caption(self) -> str:
        return "From a bad moment to a number" + (f": {self.moment.name}" if self.moment else "")


def trace_moment(plan: Any, moment: str | None = None) -> MomentTrace:
    """Follow a negative moment of truth of ``plan`` to a requirement, a priority and a KPI.

    ``moment`` names one of the canvas's moments (case and spacing ignored); by
    default the first negative one. What is missing along the way (no negative
    moment, no touchpoint, no requirement at its stage, not a Must, no target)
    comes back as findings with a hint, never as an error.
    """
    where = "trace"
    moments: Sequence[MomentOfTruth] = plan.canvas.moments
    if moment is None:
        chosen = next((m for m in moments if not m.positive), None)
        if chosen is None:
            return MomentTrace(None, findings=Findings([_no_negative_moment(moments)]))
    else:
        chosen = next((m for m in moments if name_key(m.name) == name_key(moment)), None)
        if chosen is None:
            names = ", ".join(f"'{m.name}'" for m in moments) or "none yet"
            return MomentTrace(
                None,
                findings=Findings(
                    [
                        Finding(
                            Severity.ERROR,
                            f"{where}: moment",
                            f"Your canvas has no moment of truth named '{moment}'.",
                            f"Pick one of its moments: {names}.",
                            "unknown-moment",
                        )
                    ]
                ),
            )
    found: list[Finding] = []
    if chosen.positive:
        found.append(
            Finding(
                Severity.TIP,
                f"{where}: {chosen.name}",
                "This moment is positive: tracing it shows what to protect, not what to fix.",
                "Trace a negative moment to find what to fix first.",
                "positive-moment",
            )
        )
    touchpoint = _touchpoint(plan, chosen.touchpoint)
    if touchpoint is None:
        found.append(_no_touchpoint(chosen, plan))
        return MomentTrace(chosen, findings=Findings(found))
    path, point = touchpoint
    step = point.step
    stage = STAGE_OF_STEP[step]
    requirement = _biggest_gap(plan.requirements.at(stage))
    found += _requirement_findings(stage, requirement)
    priority = _priority(plan, point.name)
    found += _priority_findings(point.name, priority)
    kpi, target = _kpi(plan, point.name, step, path.end)
    if target is None:
        found.append(
            Finding(
                Severity.WARNING,
                f"{where}: KPI target",
                f"No target says when '{point.name}' is fixed: '{kpi}' has none.",
                "In notebook 09, set a target for it on the KPI dashboard and save.",
                "no-target",
            )
        )
    return MomentTrace(
        chosen,
        path=f"{path.start} → {path.end}",
        step=step,
        stage=stage,
        requirement=requirement,
        priority=priority,
        kpi=kpi,
        target=target,
        findings=Findings(found),
    )


def _no_negative_moment(moments: Sequence[MomentOfTruth]) -> Finding:
    if not moments:
        return Finding(
            Severity.WARNING,
            "trace: canvas",
            "Your canvas has no moments of truth yet.",
            "In notebook 06, list the moments when customers judge you, good and bad.",
            "no-moments",
        )
    return Finding(
        Severity.WARNING,
        "trace: canvas",
        "Every moment of truth on your canvas is positive, so there is nothing to trace.",
        "A journey with no bad moment is rarely true: ask customers, read complaints, "
        "and mark the moments that disappoint as negative in notebook 06.",
        "no-negative-moment",
    )


def _touchpoint(plan: Any, name: str) -> tuple[Any, Any] | None:
    """(path, touchpoint) of the first path that holds ``name``, or None."""
    key = name_key(name)
    for path in plan.paths.paths:
        for point in path.touchpoints:
            if key and name_key(point.name) == key:
                return path, point
    return None


def _no_touchpoint(moment: MomentOfTruth, plan: Any) -> Finding:
    if not moment.touchpoint.strip():
        message = f"'{moment.name}' names no touchpoint where it happens."
        hint = "In notebook 06, pick the touchpoint where customers live this moment."
    else:
        message = f"'{moment.name}' happens at '{moment.touchpoint}', which no path holds."
        hint = "Add that touchpoint to a path in notebook 02, or pick one your paths hold."
    return Finding(Severity.WARNING, f"trace: {moment.name}", message, hint, "no-touchpoint")


def _biggest_gap(requirements: Sequence[Requirement]) -> Requirement | None:
    """The requirement that misses its target by the most; else the first one unmeasured."""
    measured = [r for r in requirements if r.relative_shortfall is not None]
    if measured:
        worst = max(measured, key=lambda r: r.relative_shortfall)
        if worst.relative_shortfall:
            return worst
    unmeasured = [r for r in requirements if r.relative_shortfall is None]
    return unmeasured[0] if unmeasured else (measured[0] if measured else None)


def _requirement_findings(stage: JourneyStage, requirement: Requirement | None) -> list[Finding]:
    where = f"trace: requirements at {stage.label}"
    if requirement is None:
        return [
            Finding(
                Severity.WARNING,
                where,
                f"No requirement covers the {stage.label} stage, so nothing says how well "
                "this moment must go.",
                f"In notebook 04, write a measurable requirement for the {stage.label} stage.",
                "no-requirement",
            )
        ]
    if requirement.relative_shortfall is None:
        return [
            Finding(
                Severity.TIP,
                f"{where}: {requirement.id}",
                f"{requirement.id} has no measurement yet, so its gap is unknown.",
                "Measure it (notebook 04, the assess step of the roadmap).",
                "unmeasured-requirement",
            )
        ]
    if requirement.relative_shortfall == 0:
        return [
            Finding(
                Severity.TIP,
                where,
                f"Every measured requirement at the {stage.label} stage meets its target: "
                "the cause is elsewhere.",
                "Is a quality missing? Add the requirement the moment needs in notebook 04.",
                "no-gap",
            )
        ]
    return []


def _priority(plan: Any, touchpoint: str) -> Priority | None:
    """The touchpoint's column on the board (names compared as the board does), or None."""
    try:
        return plan.board.item(touchpoint).priority
    except KeyError:
        return None


def _priority_findings(touchpoint: str, priority: Priority | None) -> list[Finding]:
    where = f"trace: priority of {touchpoint}"
    if priority is None:
        return [
            Finding(
                Severity.WARNING,
                where,
                f"'{touchpoint}' is not on the MoSCoW board.",
                "Put it on the board in notebook 03; a moment that loses customers is a "
                "candidate for Must.",
                "not-on-board",
            )
        ]
    if priority is not Priority.MUST:
        return [
            Finding(
                Severity.TIP,
                where,
                f"'{touchpoint}' is a {priority.label}, yet a negative moment happens there.",
                "Make it a Must in notebook 03 (within the 60% ceiling), or write down why not.",
                "not-a-must",
            )
        ]
    return []


def _kpi(
    plan: Any, touchpoint: str, step: LifecycleStep, path_end: str
) -> tuple[str, float | None]:
    """The KPI that shows the fix, and the plan's target for it (None when unset).

    The touchpoint's own conversion target comes first; then the step's KPIs that
    have a target; then the first of them, with no target yet.
    """
    targets = {name_key(k): (k, v) for k, v in plan.kpi_targets.items()}
    own = targets.get(name_key(f"{TOUCHPOINT_PREFIX}{touchpoint}"))
    if own is not None:
        return own
    candidates = list(KPIS_OF_STEP.get(step, ()))
    if not candidates:  # before the purchase: the funnel to the path's end milestone
        events = {name_key(name): event for event, name in milestone_events(plan).items()}
        end = events.get(name_key(path_end))
        candidates = [f"funnel:{end}"] if end else []
    for key in candidates:
        if name_key(key) in targets:
            return targets[name_key(key)]
    return (candidates[0] if candidates else f"{TOUCHPOINT_PREFIX}{touchpoint}"), None
