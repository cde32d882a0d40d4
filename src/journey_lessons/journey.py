"""The whole plan: milestones, paths, priorities, requirements, use cases and canvas.

A :class:`JourneyPlan` ties the course's models together. Its ``check()`` runs
every part's check, plus the references between parts (a MoSCoW item, a use
case or a moment of truth names a touchpoint that some path must hold), and
says which part each finding is about.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from types import MappingProxyType
from typing import Any

from . import _fields as fields
from .canvas import Canvas, sample_canvas
from .findings import Finding, Findings, Severity
from .milestones import MilestoneMap, sample_milestones
from .moscow import MoscowBoard, sample_board
from .nfr import RequirementSet, sample_requirements
from .paths import PathSet, sample_paths
from .usecases import UseCaseSet, sample_use_cases

#: The parts of a plan in course order: attribute, key in a file, and heading.
PARTS = (
    ("milestones", "milestones", "Milestones"),
    ("paths", "paths", "Paths"),
    ("board", "moscow", "MoSCoW board"),
    ("requirements", "requirements", "Requirements"),
    ("use_cases", "use_cases", "Use cases"),
    ("canvas", "canvas", "Canvas"),
)


@dataclass(frozen=True)
class JourneyPlan:
    """A learner's journey from end to end; every part may still be empty.

    ``kpi_targets`` maps a KPI key of :func:`journey_lessons.kpis.kpi_report`
    (such as ``"csat"`` or ``"upsell_conversion"``) to its target value.
    """

    milestones: MilestoneMap = field(default_factory=MilestoneMap)
    paths: PathSet = field(default_factory=PathSet)
    board: MoscowBoard = field(default_factory=MoscowBoard)
    requirements: RequirementSet = field(default_factory=RequirementSet)
    use_cases: UseCaseSet = field(default_factory=UseCaseSet)
    canvas: Canvas = field(default_factory=Canvas)
    kpi_targets: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        kinds = (MilestoneMap, PathSet, MoscowBoard, RequirementSet, UseCaseSet, Canvas)
        for (name, _, _), kind in zip(PARTS, kinds, strict=True):
            if not isinstance(getattr(self, name), kind):
                raise TypeError(f"JourneyPlan.{name} must be a {kind.__name__}")
        targets = {}
        for key, value in dict(self.kpi_targets).items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"KPI target {key!r} must be a number, not {value!r}")
            targets[str(key)] = float(value)
        object.__setattr__(self, "kpi_targets", MappingProxyType(targets))

    __hash__ = None  # type: ignore[assignment]  # kpi_targets is a mapping

    # -- reading -------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.milestones.title

    def touchpoint_names(self) -> list[str]:
        """Every touchpoint's name, path by path, in order."""
        return [t.name for path in self.paths.paths for t in path.touchpoints]

    # -- editing -------------------------------------------------------------------

    def replace(self, **parts: Any) -> JourneyPlan:
        """A new plan with some parts replaced: ``plan.replace(board=new_board)``."""
        return dataclasses.replace(self, **parts)

    def rename_touchpoint(self, old: str, new: str) -> JourneyPlan:
        """A new plan with a touchpoint renamed everywhere it is named."""

        def renamed(name: str) -> str:
            return new if fields.name_key(name) == fields.name_key(old) else name

        paths = PathSet(
            tuple(
                dataclasses.replace(
                    path,
                    touchpoints=tuple(
                        dataclasses.replace(t, name=renamed(t.name)) for t in path.touchpoints
                    ),
                )
                for path in self.paths.paths
            ),
            self.paths.scale,
        )
        board = dataclasses.replace(
            self.board,
            items=tuple(
                dataclasses.replace(i, touchpoint=renamed(i.touchpoint)) for i in self.board.items
            ),
        )
        use_cases = dataclasses.replace(
            self.use_cases,
            use_cases=tuple(
                dataclasses.replace(u, touchpoint=renamed(u.touchpoint))
                for u in self.use_cases.use_cases
            ),
        )
        canvas = dataclasses.replace(
            self.canvas,
            moments=tuple(
                dataclasses.replace(m, touchpoint=renamed(m.touchpoint))
                for m in self.canvas.moments
            ),
        )
        return self.replace(paths=paths, board=board, use_cases=use_cases, canvas=canvas)

    # -- checking ------------------------------------------------------------------

    def check(self) -> Findings:
        """Every part's findings, each saying which part it is about, and the references."""
        names = self.touchpoint_names()
        per_part = {
            "milestones": self.milestones.check(),
            "paths": self.paths.check(self.milestones),
            "board": self.board.check(),
            "requirements": self.requirements.check(),
            "use_cases": self.use_cases.check(names),
            "canvas": self.canvas.check(names),
        }
        found = [
            dataclasses.replace(f, where=f"{heading}: {f.where}")
            for name, _, heading in PARTS
            for f in per_part[name]
        ]
        found += _board_references(self.board, names)
        return Findings(found)

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data = {key: getattr(self, name).to_dict() for name, key, _ in PARTS}
        data["kpi_targets"] = dict(self.kpi_targets)
        return data

    @classmethod
    def from_dict(cls, data: Any, field: str = "", *, strict: bool = True) -> JourneyPlan:
        """A plan from plain data; ``strict`` refuses references to unknown touchpoints.

        With ``strict=False`` such references are kept and ``check()`` reports them,
        so that a learner's file with a renamed touchpoint still opens.
        """
        data = fields.mapping(data, field or "journey")
        fields.allowed_keys(data, field, {key for _, key, _ in PARTS} | {"kpi_targets"})
        kinds = (MilestoneMap, PathSet, MoscowBoard, RequirementSet, UseCaseSet, Canvas)
        parts = {
            name: kind.from_dict(data.get(key) or {}, fields.join(field, key))
            for (name, key, _), kind in zip(PARTS, kinds, strict=True)
        }
        targets = fields.mapping(data.get("kpi_targets") or {}, fields.join(field, "kpi_targets"))
        for key, value in targets.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise fields.FieldError(
                    fields.join(fields.join(field, "kpi_targets"), str(key)),
                    f"expected a number, found {fields.describe_type(value)}",
                )
        plan = cls(**parts, kpi_targets=targets)
        if strict:
            _refuse_unknown_touchpoints(plan, field)
        return plan

    # -- showing -------------------------------------------------------------------

    def summary_rows(self) -> list[tuple[str, str]]:
        return [
            ("Milestones", f"{len(self.milestones)}"),
            ("Paths", f"{len(self.paths.paths)} with {len(self.touchpoint_names())} touchpoints"),
            ("MoSCoW items", f"{len(self.board.items)}"),
            ("Requirements", f"{len(self.requirements.requirements)}"),
            ("Use cases", f"{len(self.use_cases.use_cases)}"),
            ("Canvas items", f"{sum(len(v) for v in self.canvas.items.values())}"),
            ("Moments of truth", f"{len(self.canvas.moments)}"),
            ("KPI targets", f"{len(self.kpi_targets)}"),
        ]

    def __str__(self) -> str:
        lines = [self.title or "Journey plan"]
        lines += [f"  {part}: {count}" for part, count in self.summary_rows()]
        lines.append(self.check().summary())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{escape(part)}</th><td>{escape(count)}</td></tr>"
            for part, count in self.summary_rows()
        )
        caption = escape(self.title or "Journey plan")
        return (
            f'<table class="jl-table"><caption>{caption}</caption><tbody>{rows}</tbody></table>'
            f'<p class="jl-summary">{escape(self.check().summary())}</p>'
        )

    # -- exports -------------------------------------------------------------------

    def to_mermaid(self) -> str:
        """The paths as a Mermaid ``journey`` diagram: a section per path.

        Each touchpoint's emotion is mapped onto Mermaid's 1..5 score and its owner
        is the actor. Mermaid reads ``:`` and ``;`` as syntax, so they become a
        look-alike colon and a comma.
        """
        scale = self.paths.scale
        lines = ["journey", f"    title {_mermaid_text(self.title or 'Customer journey')}"]
        for path in self.paths.paths:
            lines.append(f"    section {_mermaid_text(path.label)}")
            for t in path.touchpoints:
                score = 1 + round(4 * (t.emotion - scale.low) / (scale.high - scale.low))
                actor = _mermaid_text(t.owner).replace(",", " /") or "Customer"
                lines.append(f"      {_mermaid_text(t.name) or '(unnamed)'}: {score}: {actor}")
        return "\n".join(lines) + "\n"

    def touchpoints_table(self) -> Any:
        """Every touchpoint with its path and its MoSCoW priority, as a pandas DataFrame."""
        import pandas as pd  # here, so that importing the package stays fast

        return pd.DataFrame(self._touchpoint_records(), columns=TOUCHPOINT_COLUMNS)

    def touchpoints_csv(self) -> str:
        """The touchpoints table as CSV text (a spreadsheet opens it as is)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(TOUCHPOINT_COLUMNS)
        for record in self._touchpoint_records():
            writer.writerow("" if v is None else v for v in record)
        return buffer.getvalue()

    def _touchpoint_records(self) -> list[tuple[Any, ...]]:
        priorities = {fields.name_key(i.touchpoint): i for i in self.board.items}
        records = []
        for path in self.paths.paths:
            for number, t in enumerate(path.touchpoints, start=1):
                item = priorities.get(fields.name_key(t.name))
                records.append(
                    (
                        path.label, number, t.name, t.step.number, t.step.label, t.channel,
                        t.trigger, t.owner, t.content, t.wait_days, t.measure, t.emotion,
                        t.evidence.value,
                        item.priority.value if item else "",
                        item.effort if item else None,
                        item.impact.value if item else "",
                    )
                )  # fmt: skip
        return records


TOUCHPOINT_COLUMNS = (
    "path", "order", "touchpoint", "step", "step name", "channel", "trigger", "owner",
    "content", "wait days", "measure", "emotion", "evidence", "priority", "effort", "impact",
)  # fmt: skip


def _mermaid_text(text: str) -> str:
    return " ".join(text.replace(":", "\ua789").replace(";", ",").replace("#", "").split())


def _board_references(board: MoscowBoard, names: Iterable[str]) -> Iterable[Finding]:
    known = {fields.name_key(n) for n in names}
    for index, item in enumerate(board.items):
        if item.touchpoint.strip() and fields.name_key(item.touchpoint) not in known:
            yield Finding(
                Severity.ERROR,
                f"MoSCoW board: item {index + 1} ({item.touchpoint.strip()})",
                "No path has a touchpoint of this name.",
                "Use the exact name of a touchpoint on your paths, or add the touchpoint "
                "to a path first.",
                "unknown_touchpoint",
            )


def _refuse_unknown_touchpoints(plan: JourneyPlan, field: str) -> None:
    names = plan.touchpoint_names()
    known = {fields.name_key(n) for n in names}
    listed = ", ".join(repr(n) for n in names[:6]) + (", ..." if len(names) > 6 else "")
    hint = f"no path has a touchpoint of that name (touchpoints: {listed or 'none yet'})"
    references = [
        (f"moscow.items[{i}].touchpoint", item.touchpoint)
        for i, item in enumerate(plan.board.items)
    ]
    references += [
        (f"use_cases.use_cases[{i}].touchpoint", u.touchpoint)
        for i, u in enumerate(plan.use_cases.use_cases)
    ]
    references += [
        (f"canvas.moments[{i}].touchpoint", m.touchpoint) for i, m in enumerate(plan.canvas.moments)
    ]
    for where, name in references:
        if name.strip() and fields.name_key(name) not in known:
            raise fields.FieldError(
                fields.join(field, where) if field else where, f"{name!r}: {hint}"
            )


def sample_journey() -> JourneyPlan:
    """The sample business of the course, complete: Lotus Flow online yoga studio."""
    from .kpis import sample_targets

    return JourneyPlan(
        milestones=sample_milestones(),
        paths=sample_paths(),
        board=sample_board(),
        requirements=sample_requirements(),
        use_cases=sample_use_cases(),
        canvas=sample_canvas(),
        kpi_targets=sample_targets(),
    )
