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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from types import MappingProxyType
from typing import Any

from . import _fields as fields
from . import _sample
from .canvas import Canvas
from .findings import Finding, Findings, Severity
from .milestones import MilestoneMap
from .moscow import MoscowBoard
from .nfr import RequirementSet
from .paths import PathSet
from .usecases import UseCaseSet


@dataclass(frozen=True)
class Part:
    """A part of a plan: where it lives, which notebook builds it, and how it is named.

    This registry is the one list of parts: the file format, the checks, the
    capstone report and the widgets all read it.
    """

    name: str  # the attribute of JourneyPlan
    key: str  # its key in a journey file
    heading: str  # its name in findings and reports
    notebook: str  # the notebook that builds it, "01".."09"
    todo: str  # what to do while it is empty
    unit: str  # what its size counts
    editor: str  # the widget of journey_lessons.widgets that edits it


#: A KPI target for one touchpoint is keyed ``touchpoint:<its name>``.
TOUCHPOINT_TARGET = "touchpoint:"

#: The parts of a plan, in course order.
PARTS = (
    Part("milestones", "milestones", "Milestones", "01",
         "map the core purchase and a milestone before and after it",
         "milestones", "MilestoneEditor"),
    Part("paths", "paths", "Paths", "02",
         "pave a path of touchpoints between each pair of milestones",
         "touchpoints on the paths", "PathEditor"),
    Part("board", "moscow", "MoSCoW board", "03",
         "sort the upsell touchpoints into Must, Should, Could and Won't",
         "touchpoints on the board", "MoscowEditor"),
    Part("requirements", "requirements", "Requirements", "04",
         "write a measurable requirement for each journey stage",
         "requirements", "RequirementEditor"),
    Part("use_cases", "use_cases", "Use cases", "05",
         "write the use case of the core purchase, with its upsell step",
         "use cases", "UseCaseEditor"),
    Part("canvas", "canvas", "Canvas", "06",
         "fill the nine canvas blocks and add a moment of truth",
         "canvas items and moments of truth", "CanvasEditor"),
    Part("kpi_targets", "kpi_targets", "KPI targets", "09",
         "set a target for the KPIs you will measure",
         "KPI targets", "KpiDashboard"),
)  # fmt: skip

#: The parts by attribute name.
PART = MappingProxyType({part.name: part for part in PARTS})

# The model of each part but the KPI targets (a plain mapping).
_MODELS = {
    "milestones": MilestoneMap,
    "paths": PathSet,
    "board": MoscowBoard,
    "requirements": RequirementSet,
    "use_cases": UseCaseSet,
    "canvas": Canvas,
}
# Parts that carry the business name as their title, kept equal to the plan's.
_TITLED = ("milestones", "requirements", "use_cases", "canvas")


@dataclass(frozen=True)
class JourneyPlan:
    """A learner's journey from end to end; every part may still be empty.

    ``business`` is the name of the business the journey is for. It lives once,
    here: the parts that show a title (milestones, requirements, use cases,
    canvas) always carry this name. Left empty, it is taken from the first part
    that has a title. ``kpi_targets`` maps a KPI key of
    :func:`journey_lessons.kpis.kpi_report` (such as ``"csat"``) to its target.
    """

    milestones: MilestoneMap = field(default_factory=MilestoneMap)
    paths: PathSet = field(default_factory=PathSet)
    board: MoscowBoard = field(default_factory=MoscowBoard)
    requirements: RequirementSet = field(default_factory=RequirementSet)
    use_cases: UseCaseSet = field(default_factory=UseCaseSet)
    canvas: Canvas = field(default_factory=Canvas)
    kpi_targets: Mapping[str, float] = field(default_factory=dict)
    business: str = ""

    def __post_init__(self) -> None:
        for name, kind in _MODELS.items():
            if not isinstance(getattr(self, name), kind):
                raise TypeError(f"JourneyPlan.{name} must be a {kind.__name__}")
        if not isinstance(self.business, str):
            raise TypeError(f"JourneyPlan.business must be text, not {self.business!r}")
        targets = {}
        for key, value in dict(self.kpi_targets).items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"KPI target {key!r} must be a number, not {value!r}")
            targets[str(key)] = float(value)
        object.__setattr__(self, "kpi_targets", MappingProxyType(targets))
        titles = (getattr(self, name).title for name in _TITLED)
        business = self.business.strip() or next((t.strip() for t in titles if t.strip()), "")
        object.__setattr__(self, "business", business)
        for name in _TITLED:
            part = getattr(self, name)
            if part.title != business:
                object.__setattr__(self, name, part.with_title(business))

    __hash__ = None  # type: ignore[assignment]  # kpi_targets is a mapping

    # -- reading -------------------------------------------------------------------

    @property
    def title(self) -> str:
        """The business name (what the drawings and the report are titled)."""
        return self.business

    def touchpoint_names(self) -> list[str]:
        """Every touchpoint's name, path by path, in order."""
        return [t.name for path in self.paths.paths for t in path.touchpoints]

    def size(self, part: str) -> int:
        """How many things a part holds (0: not started yet)."""
        if part == "milestones":
            return len(self.milestones.milestones)
        if part == "paths":
            return len(self.touchpoint_names())
        if part == "board":
            return len(self.board.items)
        if part == "requirements":
            return len(self.requirements.requirements)
        if part == "use_cases":
            return len(self.use_cases.use_cases)
        if part == "canvas":
            return sum(len(v) for v in self.canvas.items.values()) + len(self.canvas.moments)
        if part == "kpi_targets":
            return len(self.kpi_targets)
        raise ValueError(f"no part of a plan is called {part!r}")

    @property
    def is_empty(self) -> bool:
        """True when no part holds anything (a business name alone is still empty)."""
        return not any(self.size(part.name) for part in PARTS)

    def part_data(self, part: str) -> Any:
        """One part as plain data, without the title the plan gives it (for comparing)."""
        if part == "business":
            return self.business
        if part == "kpi_targets":
            return dict(self.kpi_targets)
        data = getattr(self, PART[part].name).to_dict()
        data.pop("title", None)
        return data

    # -- editing -------------------------------------------------------------------

    def replace(self, **parts: Any) -> JourneyPlan:
        """A new plan with some parts replaced: ``plan.replace(board=new_board)``."""
        return dataclasses.replace(self, **parts)

    def rename_touchpoint(self, old: str, new: str) -> JourneyPlan:
        """A new plan with a touchpoint renamed everywhere it is named."""
        return self.rename_touchpoints([(old, new)])

    def rename_touchpoints(self, renames: Iterable[tuple[str, str]]) -> JourneyPlan:
        """A new plan with touchpoints renamed everywhere they are named, all at once.

        Renames go through placeholders, so that swapping two names or a chain of
        renames (a → b, b → c) gives what the learner meant.
        """
        key = fields.name_key
        renames = [(old, new) for old, new in renames if key(old) != key(new)]
        return _all_at_once(self, renames, JourneyPlan._renamed)

    def _renamed(self, old: str, new: str) -> JourneyPlan:
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
        targets = {
            (TOUCHPOINT_TARGET + renamed(key[len(TOUCHPOINT_TARGET) :]))
            if key.startswith(TOUCHPOINT_TARGET)
            else key: value
            for key, value in self.kpi_targets.items()
        }
        return self.replace(
            paths=paths, board=board, use_cases=use_cases, canvas=canvas, kpi_targets=targets
        )

    def rename_milestones(self, renames: Iterable[tuple[str, str]]) -> JourneyPlan:
        """A new plan with milestones renamed, and everything that names them.

        The paths' ends follow the new names. So do KPI targets keyed by a custom
        milestone's event, which is made from its name (``funnel:book_a_repair``,
        ``days:...->book_a_repair``); a milestone of a catalogue kind keeps its
        event. Swaps and chains of renames do what the learner meant, as in
        :meth:`rename_touchpoints`.
        """
        from .events import milestone_events  # here: events is a heavier module

        key = fields.name_key
        # a blank name is no milestone's: "" is where the first contact's path starts
        renames = [(old, new) for old, new in renames if key(old) and key(old) != key(new)]
        if not renames:
            return self
        plan = _all_at_once(self, renames, JourneyPlan._milestone_renamed)
        # the same milestones in the same order: the n-th event before is the n-th now
        events = dict(zip(milestone_events(self), milestone_events(plan), strict=True))

        def rekeyed(target: str) -> str:
            kind, _, rest = target.partition(":")
            if kind == "funnel":
                return f"funnel:{events.get(rest, rest)}"
            if kind == "days":
                start, _, end = rest.partition("->")
                return f"days:{events.get(start, start)}->{events.get(end, end)}"
            return target

        targets = {rekeyed(k): v for k, v in self.kpi_targets.items()}
        return plan.replace(kpi_targets=targets)

    def _milestone_renamed(self, old: str, new: str) -> JourneyPlan:
        def renamed(name: str) -> str:
            return new if fields.name_key(name) == fields.name_key(old) else name

        milestones = dataclasses.replace(
            self.milestones,
            milestones=tuple(
                dataclasses.replace(m, name=renamed(m.name)) for m in self.milestones.milestones
            ),
        )
        paths = dataclasses.replace(
            self.paths,
            paths=tuple(
                dataclasses.replace(p, start=renamed(p.start), end=renamed(p.end))
                for p in self.paths.paths
            ),
        )
        return self.replace(milestones=milestones, paths=paths)

    # -- checking ------------------------------------------------------------------

    def check(self) -> Findings:
        """Every part's findings, each saying which part it is about, and the references."""
        from .kpis import target_findings  # here: kpis is a heavier module

        names = self.touchpoint_names()
        per_part = {
            "milestones": self.milestones.check(),
            "paths": self.paths.check(self.milestones),
            "board": self.board.check(names),
            "requirements": self.requirements.check(),
            "use_cases": self.use_cases.check(names),
            "canvas": self.canvas.check(names),
            "kpi_targets": target_findings(self),
        }
        found = [
            dataclasses.replace(f, where=f"{part.heading}: {f.where}")
            for part in PARTS
            for f in per_part[part.name]
        ]
        found += _unwritable_text(self)
        return Findings(found)

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the business name once, then each part (without a title of its own)."""
        data: dict[str, Any] = {"business": self.business}
        data.update({part.key: self.part_data(part.name) for part in PARTS})
        return data

    @classmethod
    def from_dict(cls, data: Any, field: str = "", *, strict: bool = True) -> JourneyPlan:
        """A plan from plain data; ``strict`` refuses references to unknown touchpoints.

        With ``strict=False`` such references are kept and ``check()`` reports them,
        so that a learner's file with a renamed touchpoint still opens. Data
        without ``business`` (files of version 1) take it from the parts' titles.
        """
        data = fields.mapping(data, field or "journey")
        fields.allowed_keys(data, field, {part.key for part in PARTS} | {"business"})
        parts = {}
        for name, kind in _MODELS.items():
            key = PART[name].key
            raw = data.get(key)
            parts[name] = kind.from_dict({} if raw is None else raw, fields.join(field, key))
        targets = _targets_from_dict(data.get("kpi_targets"), fields.join(field, "kpi_targets"))
        business = fields.text(data, "business", field, default="")
        plan = cls(**parts, kpi_targets=targets, business=business)
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
        look-alike colon and a comma. Mermaid draws labels as HTML, so the
        characters HTML reads (``<``, ``>``, ``&``, quotes) and ``#`` are written as
        Mermaid's entity codes (``#60;``): a learner's ``<script>`` shows as text.
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
        """The touchpoints table as CSV text (a spreadsheet opens it as is).

        A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
        (or a tab or carriage return before one) as a formula, so a text cell
        that starts with one of them gets a ``'`` in front: it shows as typed
        and never runs. Numbers (order, step, wait days, emotion, effort) are
        written as numbers, untouched: an emotion of -2 is data, and a formula
        cannot be written as a number. Text is always quoted, so that a line
        break or a carriage return inside it stays in its cell.
        """
        buffer = io.StringIO()
        # lines end in \n alone: a notebook writes the text in text mode (\r\n on Windows)
        writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(TOUCHPOINT_COLUMNS)
        for record in self._touchpoint_records():
            writer.writerow(_csv_cell(v) for v in record)
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


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Characters Mermaid or HTML would read as syntax, as Mermaid's entity codes (#60; is
# drawn as "<"). ﬂ and ¶ too: Mermaid marks entities with them on the way.
_MERMAID_CODES = {c: f"#{ord(c)};" for c in "#&<>\"'\ufb02\u00b6"}


def _mermaid_text(text: str) -> str:
    plain = " ".join(text.replace(":", "\ua789").replace(";", ",").split())
    return "".join(_MERMAID_CODES.get(c, c) for c in plain)


def _all_at_once(
    plan: JourneyPlan,
    renames: list[tuple[str, str]],
    rename_one: Callable[[JourneyPlan, str, str], JourneyPlan],
) -> JourneyPlan:
    """Apply ``renames`` through placeholders, so that a swap (a → b, b → a) or a chain
    (a → b, b → c) gives what the learner meant, not what one rename after another would."""
    for number, (old, _) in enumerate(renames):
        plan = rename_one(plan, old, f"\0{number}")
    for number, (_, new) in enumerate(renames):
        plan = rename_one(plan, f"\0{number}", new)
    return plan


def merge_parts(
    opened: JourneyPlan, edited: JourneyPlan, on_disk: JourneyPlan, parts: Iterable[str]
) -> tuple[list[str], list[str]]:
    """A three-way merge of ``parts`` ("business" or a part's name): what to write, what clashes.

    ``opened`` is the plan as an editor opened it, ``edited`` as it stands there
    now, ``on_disk`` the file as it is now. A part is written when it was changed
    since it was opened and the file does not already hold the same; it clashes
    when the file's copy was changed since, too. Returns (to write, clashing).
    """
    write, clash = [], []
    for name in parts:
        before, mine, theirs = (p.part_data(name) for p in (opened, edited, on_disk))
        if mine in (before, theirs):
            continue  # not changed here, or already the same in the file
        write.append(name)
        if theirs != before:
            clash.append(name)
    return write, clash


def describe_change(part: str, before: JourneyPlan, now: JourneyPlan) -> str:
    """How a part ("business" or a part's name) differs between two versions, in a phrase."""
    if part == "business":
        return f"the business name is now {now.business!r} (was {before.business!r})"
    old, new = before.size(part), now.size(part)
    heading = PART[part].heading
    if old != new:
        return f"{heading}: {new} {PART[part].unit} in the file, {old} when this notebook opened it"
    return f"{heading}: as many {PART[part].unit} ({new}), but some were edited"


def _unwritable_text(plan: JourneyPlan) -> Iterable[Finding]:
    """Text a file cannot hold (a lone surrogate, from a paste that split an emoji)."""
    where = fields.unwritable_field(plan.to_dict())
    if where is not None:
        yield Finding(
            Severity.ERROR,
            f"Text: {where}",
            "This text holds a broken character that cannot be saved.",
            "Retype the text (a copy and paste may have split an emoji in half).",
            "unwritable_text",
        )


def _targets_from_dict(raw: Any, field: str) -> dict[str, float]:
    """KPI targets from plain data: text keys, each a finite number in its KPI's range.

    Every KPI of the course is a share, an amount of money, a number of days or
    a count, none below 0, except NPS, from -100 to 100 (the KPI dashboard
    offers the same ranges); a target outside that is a typo, not a goal.
    """
    targets = fields.mapping({} if raw is None else raw, field)
    read = {}
    for key in targets:
        if not isinstance(key, str):
            raise fields.FieldError(
                fields.join(field, fields.key_text(key)),  # 1 is a key here, not a place
                f"a KPI key is text, such as csat; found {fields.describe_type(key)}",
            )
        if fields.unwritable_field(key) is not None:  # refused when read, as text values are
            raise fields.FieldError(fields.join(field, key), fields.UNWRITABLE)
        nps = key == "nps"
        bound = "an NPS from -100 to 100" if nps else "a number of 0 or more"
        value = fields.number(
            targets, key, field, bound=bound, minimum=-100 if nps else 0, required=True
        )
        if nps and value > 100:
            raise fields.FieldError(fields.join(field, key), f"expected {bound}, found {value!r}")
        read[key] = value
    return read


def _refuse_unknown_touchpoints(plan: JourneyPlan, field: str) -> None:
    names = plan.touchpoint_names()
    known = {fields.name_key(n) for n in names}
    listed = ", ".join(fields.quoted(n) for n in names[:6]) + (", ..." if len(names) > 6 else "")
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
            # ``where`` is a path already: joined as text, not quoted as one key
            raise fields.FieldError(
                f"{field}.{where}" if field else where, f"{fields.quoted(name)}: {hint}"
            )


def sample_journey() -> JourneyPlan:
    """The sample business of the course, complete: Lotus Flow online yoga studio.

    Read from the course's sample journey file, ``data/sample_journey.yaml``.
    """
    return _sample.sample_plan()
