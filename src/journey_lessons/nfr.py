"""Non-functional requirements: how well each journey stage must work, in numbers.

A functional requirement says *what* the product does ("a member can book a
class"). A non-functional one says *how well* it does it: how fast, how often
it is up, how safe the payment is, how easily a newcomer gets through. The
names of these qualities come from the ISO/IEC 25010:2023 product quality model;
the course puts four of them first: reliability, performance, security and
usability (now called interaction capability).

A requirement is only useful when it can be checked: it names a metric, a
target and a unit ("the page loads in at most 2.5 s"), and "fast" alone is not a
requirement. Comparing each target with what is measured gives the gaps, and the
gaps drive a roadmap in five steps: assess, find gaps, plan, implement, monitor.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from html import escape
from typing import Any

from . import _fields as fields
from . import _sample
from ._fields import moved
from ._html import html_table, text_table
from .findings import Finding, Findings, Severity
from .milestones import Stage


class Characteristic(str, Enum):
    """A product quality characteristic of ISO/IEC 25010:2023, in the standard's order.

    The 2023 edition renamed two of the 2011 names (usability became interaction
    capability, portability became flexibility) and added safety. The old names,
    and the course's short "performance", are accepted as aliases:
    ``Characteristic("usability") is Characteristic.INTERACTION_CAPABILITY``.
    """

    FUNCTIONAL_SUITABILITY = "functional_suitability"
    PERFORMANCE_EFFICIENCY = "performance_efficiency"
    COMPATIBILITY = "compatibility"
    INTERACTION_CAPABILITY = "interaction_capability"
    RELIABILITY = "reliability"
    SECURITY = "security"
    MAINTAINABILITY = "maintainability"
    FLEXIBILITY = "flexibility"
    SAFETY = "safety"

    @classmethod
    def _missing_(cls, value: object) -> Characteristic | None:
        if not isinstance(value, str):
            return None
        key = re.sub(r"[\s-]+", "_", value.strip().casefold())
        key = _CHARACTERISTIC_ALIASES.get(key, key)
        return next((member for member in cls if member.value == key), None)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def meaning(self) -> str:
        """What the characteristic asks of the product, in one line."""
        return _CHARACTERISTIC_INFO[self][0]

    @property
    def example(self) -> str:
        """A measurable requirement of this kind, for the sample studio."""
        return _CHARACTERISTIC_INFO[self][1]

    @property
    def name_2011(self) -> str | None:
        """The name in the 2011 edition when it changed; None when unchanged or new."""
        return {"interaction_capability": "usability", "flexibility": "portability"}.get(self.value)

    @property
    def new_in_2023(self) -> bool:
        return self is Characteristic.SAFETY

    @property
    def highlighted(self) -> bool:
        """One of the four the course puts first: reliability, performance, security, usability."""
        return self in HIGHLIGHTED


# Names a learner may know from the 2011 edition or from the course text.
_CHARACTERISTIC_ALIASES = {
    "usability": "interaction_capability",
    "portability": "flexibility",
    "performance": "performance_efficiency",
}

_CHARACTERISTIC_INFO = {
    Characteristic.FUNCTIONAL_SUITABILITY: (
        "It does the jobs people need, completely and correctly.",
        "at least 99.5% of renewals are charged the right price (monthly audit)",
    ),
    Characteristic.PERFORMANCE_EFFICIENCY: (
        "It answers quickly and uses little time, memory and bandwidth under the usual load.",
        "the class page loads in at most 2.5 s on a phone (75th percentile)",
    ),
    Characteristic.COMPATIBILITY: (
        "It works next to other systems and exchanges data with them.",
        "at most 1 in 1,000 class bookings fails to reach the member's calendar",
    ),
    Characteristic.INTERACTION_CAPABILITY: (
        "People can learn it, use it and get things done with little effort, whatever "
        "their abilities.",
        "at least 85% of visitors who open the sign-up form finish it",
    ),
    Characteristic.RELIABILITY: (
        "It keeps working, stays available and recovers when something fails.",
        "checkout is available at least 99.9% of each month",
    ),
    Characteristic.SECURITY: (
        "Data and actions are open only to the people allowed to reach them.",
        "at most 0 high or critical vulnerabilities open at the monthly scan",
    ),
    Characteristic.MAINTAINABILITY: (
        "The team can change, fix and test it with little effort.",
        "a new class timetable goes live in at most 1 working day",
    ),
    Characteristic.FLEXIBILITY: (
        "It adapts to new devices, places and loads, and scales up or moves easily.",
        "pages still load in at most 3 s at 5 times the usual visitors",
    ),
    Characteristic.SAFETY: (
        "Using it puts no one's health, property or environment at risk.",
        "100% of advanced classes show the injury warning before they start",
    ),
}

#: The four characteristics the course puts first.
HIGHLIGHTED = frozenset(
    {
        Characteristic.RELIABILITY,
        Characteristic.PERFORMANCE_EFFICIENCY,
        Characteristic.SECURITY,
        Characteristic.INTERACTION_CAPABILITY,
    }
)


class JourneyStage(str, Enum):
    """A stage of the customer journey, in order.

    Awareness and consideration come before the purchase, the purchase is the
    core, and retention and advocacy come after it: the three columns of the
    milestone map, split finer (see :attr:`milestone_stage`).
    """

    AWARENESS = "awareness"
    CONSIDERATION = "consideration"
    PURCHASE = "purchase"
    RETENTION = "retention"
    ADVOCACY = "advocacy"

    @classmethod
    def _missing_(cls, value: object) -> JourneyStage | None:
        if not isinstance(value, str):
            return None
        key = value.strip().casefold()
        return next((member for member in cls if member.value == key), None)

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def order(self) -> int:
        return list(JourneyStage).index(self)

    @property
    def meaning(self) -> str:
        return _STAGE_INFO[self][0]

    @property
    def example(self) -> str:
        """A measurable requirement typical of this stage."""
        return _STAGE_INFO[self][1]

    @property
    def milestone_stage(self) -> Stage:
        """The column of the milestone map this stage belongs to."""
        return {
            "awareness": Stage.BEFORE,
            "consideration": Stage.BEFORE,
            "purchase": Stage.CORE,
        }.get(self.value, Stage.AFTER)


_STAGE_INFO = {
    JourneyStage.AWARENESS: (
        "People first hear of you: an ad, a post, a friend's word.",
        "the landing page loads in at most 2.5 s on a phone",
    ),
    JourneyStage.CONSIDERATION: (
        "They compare you with other options: features, prices, reviews, a trial.",
        "at least 85% of visitors who open the trial sign-up form finish it",
    ),
    JourneyStage.PURCHASE: (
        "They buy the core offering.",
        "checkout is available at least 99.9% of each month",
    ),
    JourneyStage.RETENTION: (
        "They use what they bought and decide whether to stay.",
        "at most 0.5% of app sessions end in a crash",
    ),
    JourneyStage.ADVOCACY: (
        "They recommend you: reviews, referrals, word of mouth.",
        "the referral link opens the sign-up page in at most 3 s",
    ),
}


class Direction(str, Enum):
    """Which side of the target is good: at most (times, errors) or at least (rates, uptime)."""

    AT_MOST = "at_most"
    AT_LEAST = "at_least"

    @classmethod
    def _missing_(cls, value: object) -> Direction | None:
        if not isinstance(value, str):
            return None
        key = re.sub(r"[\s-]+", "_", value.strip().casefold())
        return next((member for member in cls if member.value == key), None)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


def _amount(value: float, unit: str) -> str:
    """A number with its unit, as a person writes it: '2.5 s', '99.9%'."""
    unit = unit.strip()
    number = f"{value:g}"
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}".rstrip()


def _difference(value: float, unit: str) -> str:
    """A gap between two amounts: between percentages it is in percentage points."""
    if unit.strip() == "%":
        return f"{value:g} percentage point{'' if value == 1 else 's'}"
    return _amount(value, unit)


@dataclass(frozen=True)
class Requirement:
    """One non-functional requirement: at which stage, which quality, and how it is measured.

    The fit criterion is ``metric`` compared with ``target`` (in ``unit``) in
    ``direction``: "time to first frame, at most 2 s". ``measured`` is the latest
    value, or None until someone measures it.
    """

    id: str
    stage: JourneyStage
    characteristic: Characteristic
    statement: str
    metric: str
    target: float | None
    unit: str
    direction: Direction
    measured: float | None = None
    rationale: str = ""

    def __post_init__(self) -> None:
        for name in ("id", "statement", "metric", "unit", "rationale"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"Requirement {name} must be text")
        object.__setattr__(self, "stage", fields.enum_member(JourneyStage, self.stage, "stage"))
        object.__setattr__(
            self,
            "characteristic",
            fields.enum_member(Characteristic, self.characteristic, "characteristic"),
        )
        object.__setattr__(
            self, "direction", fields.enum_member(Direction, self.direction, "direction")
        )
        object.__setattr__(
            self, "target", fields.optional_number(self.target, "Requirement target")
        )
        object.__setattr__(
            self, "measured", fields.optional_number(self.measured, "Requirement measured")
        )

    # -- the fit criterion and its gap ----------------------------------------------

    @property
    def missing(self) -> tuple[str, ...]:
        """What the fit criterion lacks: some of 'metric', 'target', 'unit'."""
        return tuple(
            name
            for name, absent in (
                ("metric", not self.metric.strip()),
                ("target", self.target is None),
                ("unit", not self.unit.strip()),
            )
            if absent
        )

    @property
    def fit_criterion(self) -> str:
        """The target as a person reads it ('at most 2.5 s'), or '' when there is none."""
        if self.target is None:
            return ""
        return f"{self.direction.label} {_amount(self.target, self.unit)}"

    @property
    def shortfall(self) -> float | None:
        """How far the measured value misses the target, in the unit: 0 when met.

        None when there is no target or no measurement yet.
        """
        if self.target is None or self.measured is None:
            return None
        if self.direction is Direction.AT_MOST:
            return max(self.measured - self.target, 0.0)
        return max(self.target - self.measured, 0.0)

    @property
    def met(self) -> bool | None:
        """True when the measured value meets the target, None when it is not known."""
        shortfall = self.shortfall
        return None if shortfall is None else shortfall == 0

    @property
    def relative_shortfall(self) -> float | None:
        """The shortfall as a share of the target: 0.25 means 25% off the target.

        Shortfall divided by the size of the target. A target of 0 ("at most 0
        open vulnerabilities") has no size to divide by: a miss counts as
        infinitely far (``math.inf``), so it comes first in the roadmap.
        """
        shortfall = self.shortfall
        if shortfall is None or self.target is None:
            return None
        if shortfall == 0:
            return 0.0
        return math.inf if self.target == 0 else shortfall / abs(self.target)

    @property
    def status(self) -> str:
        """The requirement's state in a few words, for a table."""
        if self.target is None:
            return "no target"
        if self.measured is None:
            return "not measured yet"
        if self.met:
            return "met"
        return f"not met: short by {_difference(self.shortfall or 0.0, self.unit)}"

    def with_measurement(self, value: float | None) -> Requirement:
        return dataclasses.replace(self, measured=value)

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "stage": self.stage.value,
            "characteristic": self.characteristic.value,
            "statement": self.statement,
            "metric": self.metric,
            "target": self.target,
            "unit": self.unit,
            "direction": self.direction.value,
            "measured": self.measured,
            "rationale": self.rationale,
        }

    _KEYS = frozenset(
        {
            "id", "stage", "characteristic", "statement", "metric", "target", "unit",
            "direction", "measured", "rationale",
        }
    )  # fmt: skip

    @classmethod
    def from_dict(cls, data: Any, field: str = "requirement") -> Requirement:
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, set(cls._KEYS))
        return cls(
            id=fields.text(data, "id", field),
            stage=fields.choice(data, "stage", field, JourneyStage),
            characteristic=fields.choice(data, "characteristic", field, Characteristic),
            statement=fields.text(data, "statement", field, default=""),
            metric=fields.text(data, "metric", field, default=""),
            target=fields.number(data, "target", field),
            unit=fields.text(data, "unit", field, default=""),
            direction=fields.choice(data, "direction", field, Direction),
            measured=fields.number(data, "measured", field),
            rationale=fields.text(data, "rationale", field, default=""),
        )


#: The five steps of the roadmap, in order.
ROADMAP_STEPS = ("assess", "find gaps", "plan", "implement", "monitor")


@dataclass(frozen=True)
class RequirementSet:
    """The non-functional requirements of one journey, in the order they were written.

    Methods return a new set; the set itself never changes. ``check()`` says
    what a learner should fix, ``gaps()`` compares targets with measurements,
    ``matrix()`` counts them per stage and characteristic, and ``roadmap()``
    turns the gaps into actions.
    """

    requirements: tuple[Requirement, ...] = ()
    title: str = ""

    def __post_init__(self) -> None:
        requirements = fields.tuple_of(self.requirements, Requirement, "requirements")
        object.__setattr__(self, "requirements", requirements)
        if not isinstance(self.title, str):
            raise TypeError("RequirementSet title must be text")

    # -- editing -------------------------------------------------------------------

    def _index(self, id: str) -> int:
        for index, requirement in enumerate(self.requirements):
            if requirement.id == id:
                return index
        known = ", ".join(repr(r.id) for r in self.requirements) or "none yet"
        raise KeyError(f"no requirement with id {id!r}; the ids are: {known}")

    def get(self, id: str) -> Requirement:
        """The (first) requirement with this id; KeyError when there is none."""
        return self.requirements[self._index(id)]

    def add(self, requirement: Requirement) -> RequirementSet:
        """A new set with ``requirement`` at the end."""
        return dataclasses.replace(self, requirements=(*self.requirements, requirement))

    def replace(self, id: str, requirement: Requirement) -> RequirementSet:
        """A new set with the requirement ``id`` replaced, in the same place."""
        items = fields.replaced(self.requirements, self._index(id), requirement)
        return dataclasses.replace(self, requirements=items)

    def remove(self, id: str) -> RequirementSet:
        """A new set without the requirement ``id``."""
        items = fields.removed(self.requirements, self._index(id))
        return dataclasses.replace(self, requirements=items)

    def move(self, id: str, by: int) -> RequirementSet:
        """A new set with the requirement ``id`` listed ``by`` places later (negative: earlier)."""
        items = moved(self.requirements, self._index(id), by)
        return dataclasses.replace(self, requirements=items)

    def record_measurement(self, id: str, value: float | None) -> RequirementSet:
        """A new set in which requirement ``id`` has ``value`` as its measured value."""
        return self.replace(id, self.get(id).with_measurement(value))

    def with_title(self, title: str) -> RequirementSet:
        return dataclasses.replace(self, title=title)

    # -- reading -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.requirements)

    def at(self, stage: JourneyStage) -> tuple[Requirement, ...]:
        """The requirements of one journey stage."""
        return tuple(r for r in self.requirements if r.stage is stage)

    def describe(self) -> str:
        """A few sentences for a reader who cannot see the heatmap (alt text)."""
        title = f"{self.title.strip()}: " if self.title.strip() else ""
        if not self.requirements:
            return f"{title}no non-functional requirements yet."
        met = [r for r in self.requirements if r.met is True]
        unmet = [r for r in self.requirements if r.met is False]
        unknown = len(self.requirements) - len(met) - len(unmet)
        count = len(self.requirements)
        text = (
            f"{title}{count} non-functional requirement{'s' if count > 1 else ''}: "
            f"{len(met)} met, {len(unmet)} not met, {unknown} not measured or without a target."
        )
        if unmet:
            names = "; ".join(
                f"{r.id.strip() or '(no id)'} ({r.stage.label}, {r.characteristic.label})"
                for r in unmet
            )
            text += f" Not met: {names}."
        empty = [s.label for s in JourneyStage if not self.at(s)]
        if empty:
            text += f" Stages with none: {', '.join(empty)}."
        return text

    # -- checking ------------------------------------------------------------------

    def check(self) -> Findings:
        """What a learner should fix or consider, as findings with hints."""
        return Findings(_check_set(self))

    # -- analysis ------------------------------------------------------------------

    def gaps(self) -> Any:
        """Each requirement's target against its measured value, as a pandas DataFrame.

        ``met`` is True, False, or <NA> when there is no target or no measurement.
        ``shortfall`` is how far the measurement misses the target, in the unit
        (0 when met); ``relative_shortfall`` is that divided by the size of the
        target (inf when a target of 0 is missed; see
        :attr:`Requirement.relative_shortfall`). Both are NaN when unknown.
        """
        import pandas as pd  # here, so that importing the package stays fast

        columns = [
            "id", "stage", "characteristic", "metric", "target", "unit", "direction",
            "measured", "met", "shortfall", "relative_shortfall",
        ]  # fmt: skip
        rows = [
            {
                "id": r.id,
                "stage": r.stage.value,
                "characteristic": r.characteristic.value,
                "metric": r.metric,
                "target": math.nan if r.target is None else r.target,
                "unit": r.unit,
                "direction": r.direction.value,
                "measured": math.nan if r.measured is None else r.measured,
                "met": pd.NA if r.met is None else r.met,
                "shortfall": math.nan if r.shortfall is None else r.shortfall,
                "relative_shortfall": (
                    math.nan if r.relative_shortfall is None else r.relative_shortfall
                ),
            }
            for r in self.requirements
        ]
        table = pd.DataFrame(rows, columns=columns)
        floats = ["target", "measured", "shortfall", "relative_shortfall"]
        return table.astype({**dict.fromkeys(floats, "float64"), "met": "boolean"})

    MATRIX_VALUES = ("count", "met", "unmet")

    def matrix(self, value: str = "count") -> Any:
        """A stage x characteristic DataFrame of counts, both in the enums' order.

        ``value`` says what is counted in each cell: ``"count"`` every
        requirement, ``"met"`` those measured and met, ``"unmet"`` those
        measured and not met.
        """
        import pandas as pd  # here, so that importing the package stays fast

        if value not in self.MATRIX_VALUES:
            raise ValueError(f"value {value!r} is not one of: {', '.join(self.MATRIX_VALUES)}")
        wanted = {"count": (True, False, None), "met": (True,), "unmet": (False,)}[value]
        table = pd.DataFrame(
            0,
            index=pd.Index([s.value for s in JourneyStage], name="stage"),
            columns=pd.Index([c.value for c in Characteristic], name="characteristic"),
        )
        for r in self.requirements:
            if r.met in wanted:
                table.loc[r.stage.value, r.characteristic.value] += 1
        return table

    def roadmap(self) -> Any:
        """The actions that close the gaps, in the five steps, as a pandas DataFrame.

        Columns: ``step`` (one of :data:`ROADMAP_STEPS`, in that order), ``id``
        (the requirement the action is about) and ``action``. *Assess* gives a
        fit criterion to every requirement without one and measures the
        unmeasured; *find gaps*, *plan* and *implement* take the unmet ones,
        the biggest relative shortfall first; *monitor* keeps every
        requirement with a target under watch. A step with nothing to do says so.
        """
        import pandas as pd  # here, so that importing the package stays fast

        rows = [(step, id, action) for step, id, action in _roadmap(self)]
        return pd.DataFrame(rows, columns=["step", "id", "action"])

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "requirements": [r.to_dict() for r in self.requirements]}

    @classmethod
    def from_dict(cls, data: Any, field: str = "") -> RequirementSet:
        data = fields.mapping(data, field or "requirements")
        fields.allowed_keys(data, field, {"title", "requirements"})
        return cls(
            fields.each(data, "requirements", field, Requirement.from_dict),
            fields.text(data, "title", field, default=""),
        )

    # -- showing -------------------------------------------------------------------

    _HEADERS = ("#", "id", "stage", "characteristic", "requirement", "target", "measured", "status")

    def _rows(self) -> list[tuple[object, ...]]:
        return [
            (
                i + 1,
                r.id or "—",
                r.stage.label,
                r.characteristic.label + (" ★" if r.characteristic.highlighted else ""),
                r.statement or "—",
                r.fit_criterion or "—",
                "—" if r.measured is None else _amount(r.measured, r.unit),
                r.status,
            )
            for i, r in enumerate(self.requirements)
        ]

    def __str__(self) -> str:
        caption = self.title or "Non-functional requirements"
        return text_table(self._HEADERS, self._rows(), caption=caption)

    def _repr_html_(self) -> str:
        caption = self.title or "Non-functional requirements"
        table = html_table(self._HEADERS, self._rows(), caption=caption)
        note = "★ one of the four characteristics the course puts first."
        summary = escape(self.check().summary())
        return f'{table}<p class="jl-note">{escape(note)}</p><p class="jl-summary">{summary}</p>'


# -- checks --------------------------------------------------------------------------

#: Words that sound like a requirement but cannot be checked without a number.
VAGUE_WORDS = (
    "fast", "quick", "quickly", "easy", "easily", "user-friendly", "intuitive",
    "seamless", "seamlessly", "secure", "reliable", "robust", "scalable",
)  # fmt: skip

_VAGUE = re.compile(
    r"\b(" + "|".join(re.escape(w).replace(r"\-", "[- ]?") for w in VAGUE_WORDS) + r")\b",
    re.IGNORECASE,
)
_PERCENT_UNITS = {"%", "percent", "per cent", "percentage"}
_TIME_UNITS = {
    "ms", "millisecond", "milliseconds", "s", "sec", "secs", "second", "seconds",
    "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours",
    "d", "day", "days", "working day", "working days", "week", "weeks",
}  # fmt: skip


def _where(index: int, requirement: Requirement) -> str:
    name = requirement.id.strip()
    return f"requirement {index + 1}" + (f" ({name})" if name else "")


def _check_set(s: RequirementSet) -> Iterable[Finding]:
    if not s.requirements:
        yield Finding(
            Severity.WARNING,
            "requirements",
            "There are no requirements yet.",
            "Start with one per journey stage, e.g. for awareness: "
            f"{JourneyStage.AWARENESS.example}.",
            "no_requirements",
        )
        return

    seen: dict[str, int] = {}
    for index, requirement in enumerate(s.requirements):
        yield from _check_requirement(index, requirement)
        key = requirement.id.strip().casefold()
        if key and key in seen:
            yield Finding(
                Severity.ERROR,
                _where(index, requirement),
                f"The same id as requirement {seen[key] + 1}.",
                "The roadmap and the measurements find a requirement by its id: "
                "give each one an id of its own, e.g. NFR-8.",
                "duplicate_id",
            )
        seen.setdefault(key, index)

    for stage in JourneyStage:
        if not s.at(stage):
            yield Finding(
                Severity.WARNING,
                f"{stage.label} stage",
                f"No requirement covers the {stage.value} stage.",
                f"{stage.meaning} What must work well then? For example: {stage.example}.",
                "stage_without_requirements",
            )

    covered = {r.characteristic for r in s.requirements}
    for characteristic in Characteristic:
        if characteristic.highlighted and characteristic not in covered:
            yield Finding(
                Severity.TIP,
                "requirements",
                f"No requirement is about {characteristic.label.lower()}, one of the four "
                "the course puts first.",
                f"{characteristic.meaning} For example: {characteristic.example}.",
                "highlighted_characteristic_missing",
            )


def _check_requirement(index: int, r: Requirement) -> Iterable[Finding]:
    where = _where(index, r)
    example = r.characteristic.example
    if not r.id.strip():
        yield Finding(
            Severity.ERROR,
            where,
            "This requirement has no id.",
            "Give it a short id such as NFR-1: the gaps and the roadmap name it by its id.",
            "empty_id",
        )
    if not r.statement.strip():
        yield Finding(
            Severity.ERROR,
            where,
            "This requirement has no statement.",
            f"Say in one sentence what must hold, with its number, e.g. '{example}'.",
            "empty_statement",
        )
    if r.missing:
        missing = " and ".join(f"no {name}" for name in r.missing)
        yield Finding(
            Severity.ERROR,
            where,
            f"It cannot be measured: {missing}.",
            f"A requirement needs a fit criterion: a metric, a target and a unit, e.g. {example}.",
            "not_measurable",
        )
    vague = _VAGUE.search(r.statement)
    if vague and not re.search(r"\d", r.statement):
        yield Finding(
            Severity.WARNING,
            where,
            f"The statement says '{vague.group(0)}' without a number.",
            f"Nobody can tell when it is true: put the target in the statement, e.g. '{example}'.",
            "vague_statement",
        )
    unit = r.unit.strip().casefold()
    values = (("target", r.target), ("measured value", r.measured))
    if unit in _PERCENT_UNITS:
        for name, value in values:
            if value is not None and not 0 <= value <= 100:
                yield Finding(
                    Severity.ERROR,
                    where,
                    f"The {name} {value:g}% is outside 0 to 100.",
                    "A percentage lies between 0 and 100: 99.9% is written 99.9, not 0.999 or 999.",
                    "percent_out_of_range",
                )
    if unit in _TIME_UNITS:
        for name, value in values:
            if value is not None and value < 0:
                yield Finding(
                    Severity.ERROR,
                    where,
                    f"The {name} is a negative time ({_amount(value, r.unit)}).",
                    "A time is 0 or more: check the sign, or the direction (at most / at least).",
                    "negative_time",
                )
    if r.target is not None and r.measured is None:
        yield Finding(
            Severity.TIP,
            where,
            "No measured value yet, so its gap is unknown.",
            f"Measure {_metric(r)} and record it with record_measurement({r.id!r}, value).",
            "no_measurement",
        )


# -- roadmap -------------------------------------------------------------------------


def _label(r: Requirement) -> str:
    return r.id.strip() or "(no id)"


def _metric(r: Requirement) -> str:
    return r.metric.strip() or "the metric"


def _roadmap(s: RequirementSet) -> Iterable[tuple[str, str, str]]:
    assess = []
    for r in s.requirements:
        if r.missing:
            missing = ", no ".join(r.missing)
            assess.append((r, f"Give {_label(r)} a fit criterion: it has no {missing}."))
        elif r.measured is None:
            assess.append(
                (r, f"Measure {_metric(r)} for {_label(r)}: its gap is unknown until then.")
            )
    unmet = sorted(
        (r for r in s.requirements if r.met is False),
        key=lambda r: -(r.relative_shortfall or 0.0),  # sorted() is stable: ties keep their order
    )
    watched = [r for r in s.requirements if r.target is not None]

    def gap(r: Requirement) -> str:
        relative = r.relative_shortfall or 0.0
        share = "a target of 0" if math.isinf(relative) else f"{relative:.0%} of the target"
        return (
            f"{_label(r)} misses its target: {_metric(r)} is "
            f"{_amount(r.measured or 0.0, r.unit)}, target {r.fit_criterion} "
            f"(short by {_difference(r.shortfall or 0.0, r.unit)}, {share})."
        )

    steps = {
        "assess": (assess, "Every requirement has a fit criterion and a measured value."),
        "find gaps": (
            [(r, gap(r)) for r in unmet],
            "No gaps: every measured requirement meets its target.",
        ),
        "plan": (
            [
                (
                    r,
                    f"Plan the change that brings {_label(r)} to {r.fit_criterion} "
                    f"({r.characteristic.label.lower()} at the {r.stage.value} stage): "
                    "an owner, a date, and the check that shows it worked.",
                )
                for r in unmet
            ],
            "Nothing to plan until a gap is found.",
        ),
        "implement": (
            [
                (
                    r,
                    f"Make the change for {_label(r)}, then measure {_metric(r)} again "
                    "and record it.",
                )
                for r in unmet
            ],
            "Nothing to implement until a gap is found.",
        ),
        "monitor": (
            [
                (
                    r,
                    f"Keep measuring {_metric(r)} for {_label(r)} against "
                    f"{r.fit_criterion}; reopen it when it slips.",
                )
                for r in watched
            ],
            "Nothing to monitor yet: no requirement has a target.",
        ),
    }
    for step in ROADMAP_STEPS:
        actions, nothing = steps[step]
        if not actions:
            yield step, "", nothing
        for r, action in actions:
            yield step, r.id, action


def characteristics_table() -> Any:
    """The nine ISO/IEC 25010:2023 characteristics as a pandas DataFrame, for a notebook."""
    import pandas as pd  # here, so that importing the package stays fast

    return pd.DataFrame(
        [
            {
                "characteristic": c.label,
                "what it asks": c.meaning,
                "example requirement": c.example,
                "2011 name": c.name_2011 or ("(new in 2023)" if c.new_in_2023 else c.label),
                "course highlight": "★" if c.highlighted else "",
            }
            for c in Characteristic
        ]
    ).set_index("characteristic")


def sample_requirements() -> RequirementSet:
    """The non-functional requirements of the sample business, Lotus Flow.

    Some are measured and met, some are not met, and one is not measured yet.
    Read from the course's sample journey file, ``data/sample_journey.yaml``.
    """
    return _sample.sample_plan().requirements


__all__ = [
    "HIGHLIGHTED",
    "ROADMAP_STEPS",
    "VAGUE_WORDS",
    "Characteristic",
    "Direction",
    "JourneyStage",
    "Requirement",
    "RequirementSet",
    "characteristics_table",
    "sample_requirements",
]
