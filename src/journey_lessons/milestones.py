"""Milestones: the measurable junctures of a customer journey.

A milestone map has three columns. The purchase of the core offering sits in
the middle: it is the fulcrum of the relationship, not its end. Before it stand
the milestones that lead a prospect to buy (an opt-in, a free trial, a demo...);
after it, the ones that deepen the relationship (a survey, a repeat purchase, a
referral...). Each milestone says how it is measured.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from html import escape
from typing import Any

from . import _fields as fields
from . import _sample
from ._fields import moved
from ._html import html_table, text_table
from .findings import Finding, Findings, Severity


class Stage(str, Enum):
    """The column a milestone stands in, in journey order."""

    BEFORE = "before"
    CORE = "core"
    AFTER = "after"

    @property
    def label(self) -> str:
        return {"before": "Before purchase", "core": "Core purchase", "after": "After purchase"}[
            self.value
        ]

    @property
    def order(self) -> int:
        return list(Stage).index(self)


@dataclass(frozen=True)
class MilestoneKind:
    """A kind of milestone from the catalogue, with the column it usually stands in."""

    key: str
    label: str
    stage: Stage | None  # None: a custom kind, at home in any column
    description: str
    examples: tuple[str, ...]
    measure_hint: str


CUSTOM = "custom"

_CATALOGUE = (
    MilestoneKind(
        "opt_in",
        "Opt-in",
        Stage.BEFORE,
        "The prospect gives you a way to stay in touch: a newsletter, a tips series, "
        "a channel subscription, often with a reward for subscribers only (early "
        "offers, a members' video).",
        ("Sign up for the weekly tips email", "Subscribe to the video channel"),
        "new sign-ups per week, and the share of visitors who sign up",
    ),
    MilestoneKind(
        "download",
        "Download",
        Stage.BEFORE,
        "The prospect takes a free resource, usually in exchange for an email address.",
        ("Download the free e-book", "Get the white paper", "Get the planning checklist"),
        "downloads per month, and the share of downloaders who open the next email",
    ),
    MilestoneKind(
        "free_trial",
        "Free trial",
        Stage.BEFORE,
        "The prospect tries the offering before paying: a trial period, a test drive, "
        "a sample lesson.",
        ("Start a 14-day trial", "Take the first module free"),
        "trials started per week, and the share still active on day 7",
    ),
    MilestoneKind(
        "consultation",
        "Consultation",
        Stage.BEFORE,
        "A free call or meeting to talk through the prospect's needs.",
        ("Book a free 30-minute discovery call",),
        "consultations booked per week, and the share that turn into a proposal",
    ),
    MilestoneKind(
        "demo",
        "Demo",
        Stage.BEFORE,
        "A guided demonstration of the product, live or recorded.",
        ("Attend a live product demo", "Watch the 10-minute product tour"),
        "demos held per week, and the share of attendees who buy",
    ),
    MilestoneKind(
        "quote",
        "Quote",
        Stage.BEFORE,
        "The prospect asks for a price tailored to their case, common for services.",
        ("Request a renovation quote", "Ask for a custom price"),
        "quotes requested per month, and the share accepted",
    ),
    MilestoneKind(
        "digital_tactic",
        "Digital tactic (webinar, quiz...)",
        Stage.BEFORE,
        "An online event or interactive experience: a webinar, a quiz, an assessment.",
        ("Register for the monthly webinar", "Take the readiness quiz"),
        "registrations per event, and the share who attend",
    ),
    MilestoneKind(
        "core_purchase",
        "Core purchase",
        Stage.CORE,
        "The purchase of the offering you could not remove without losing the business.",
        ("Buy the annual plan", "Book the first treatment", "Order the starter kit"),
        "orders per month and revenue per order",
    ),
    MilestoneKind(
        "survey",
        "Survey",
        Stage.AFTER,
        "The customer tells you how it went: a feedback form, a satisfaction or NPS question.",
        ("Answer the one-question satisfaction survey",),
        "response rate, and the CSAT or NPS score",
    ),
    MilestoneKind(
        "repeat_purchase",
        "Repeat purchase",
        Stage.AFTER,
        "The customer buys again: a second product, or the same one once more.",
        ("Place a second order", "Book a follow-up session"),
        "share of customers with a second order within 90 days",
    ),
    MilestoneKind(
        "testimonial",
        "Testimonial",
        Stage.AFTER,
        "The customer shares their experience publicly: a review, a quote, a case study.",
        ("Leave a review", "Take part in a case study"),
        "testimonials collected per month",
    ),
    MilestoneKind(
        "referral",
        "Referral",
        Stage.AFTER,
        "The customer brings a friend or colleague who could use the offering.",
        ("Refer a friend with a personal link",),
        "share of customers who refer someone, and referred sign-ups per month",
    ),
    MilestoneKind(
        "upsell",
        "Upsell / upgrade",
        Stage.AFTER,
        "The customer moves to a bigger plan or adds something of more value: a higher "
        "tier of a membership whose levels bring rising benefits, or an add-on.",
        ("Upgrade to the premium plan", "Move up to the gold tier", "Add the coaching package"),
        "share of offered customers who accept, and extra revenue per customer",
    ),
    MilestoneKind(
        "renewal",
        "Renewal / subscription",
        Stage.AFTER,
        "The customer renews, subscribes or joins a membership or continuity program.",
        ("Renew the yearly licence", "Join the members' club"),
        "share of customers who renew at the end of their term",
    ),
    MilestoneKind(
        CUSTOM,
        "Custom (your own)",
        None,
        "A milestone of your own that the catalogue does not name.",
        (),
        "a count or a rate you can read from your own records",
    ),
)

#: The catalogue of milestone kinds, by key, in column order.
KINDS: Mapping[str, MilestoneKind] = {kind.key: kind for kind in _CATALOGUE}


def kinds_for(stage: Stage) -> tuple[MilestoneKind, ...]:
    """The catalogue kinds that belong in ``stage``, then the custom kind."""
    return (*(k for k in _CATALOGUE if k.stage is stage), KINDS[CUSTOM])


@dataclass(frozen=True)
class Milestone:
    """A measurable juncture of the journey: its name, column, kind and measure."""

    name: str
    stage: Stage
    kind: str = CUSTOM
    measure: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not isinstance(self.measure, str):
            raise TypeError("Milestone name and measure must be text")
        try:
            object.__setattr__(self, "stage", Stage(self.stage))
        except ValueError:
            options = ", ".join(s.value for s in Stage)
            raise ValueError(f"stage {self.stage!r} is not one of: {options}") from None
        if self.kind not in KINDS:
            raise ValueError(
                f"kind {self.kind!r} is not in the catalogue; use one of: {', '.join(KINDS)}"
            )

    @property
    def kind_info(self) -> MilestoneKind:
        return KINDS[self.kind]

    def to_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "stage": self.stage.value,
            "kind": self.kind,
            "measure": self.measure,
        }

    @classmethod
    def from_dict(cls, data: Any, field: str = "milestone") -> Milestone:
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, {"name", "stage", "kind", "measure"})
        kind = fields.text(data, "kind", field, default=CUSTOM)
        if kind not in KINDS:
            raise fields.FieldError(
                fields.join(field, "kind"),
                f"{kind!r} is not a milestone kind; expected one of: {', '.join(KINDS)}",
            )
        return cls(
            name=fields.text(data, "name", field),
            stage=fields.choice(data, "stage", field, Stage),
            kind=kind,
            measure=fields.text(data, "measure", field, default=""),
        )


@dataclass(frozen=True)
class MilestoneMap:
    """The milestones of one journey, in journey order: before, core, after.

    Methods return a new map; the map itself never changes. ``check()`` says
    what a learner should fix.
    """

    milestones: tuple[Milestone, ...] = ()
    title: str = ""

    def __post_init__(self) -> None:
        milestones = fields.tuple_of(self.milestones, Milestone, "milestones")
        object.__setattr__(self, "milestones", milestones)
        if not isinstance(self.title, str):
            raise TypeError("MilestoneMap title must be text")

    # -- building ----------------------------------------------------------------

    @classmethod
    def from_columns(
        cls,
        core: Milestone | None,
        before: Iterable[Milestone] = (),
        after: Iterable[Milestone] = (),
        title: str = "",
    ) -> MilestoneMap:
        """A map from its three columns, each milestone's stage set by its column."""
        column = [dataclasses.replace(m, stage=Stage.BEFORE) for m in before]
        middle = [dataclasses.replace(core, stage=Stage.CORE)] if core is not None else []
        tail = [dataclasses.replace(m, stage=Stage.AFTER) for m in after]
        return cls(tuple(column + middle + tail), title)

    def add(self, milestone: Milestone) -> MilestoneMap:
        """A new map with ``milestone`` at the end of its column."""
        position = sum(m.stage.order <= milestone.stage.order for m in self.milestones)
        items = list(self.milestones)
        items.insert(position, milestone)
        return dataclasses.replace(self, milestones=tuple(items))

    def replace(self, index: int, milestone: Milestone) -> MilestoneMap:
        """A new map with the milestone at ``index`` replaced."""
        return dataclasses.replace(
            self, milestones=fields.replaced(self.milestones, index, milestone)
        )

    def remove(self, index: int) -> MilestoneMap:
        """A new map without the milestone at ``index``."""
        return dataclasses.replace(self, milestones=fields.removed(self.milestones, index))

    def move(self, index: int, by: int) -> MilestoneMap:
        """A new map with the milestone at ``index`` moved ``by`` places within its column.

        A milestone before the purchase stays before it, one after stays after:
        a move past the end of its column stops there.
        """
        stage = self.milestones[index].stage
        places = [i for i, m in enumerate(self.milestones) if m.stage is stage]
        column = moved([self.milestones[i] for i in places], places.index(index % len(self)), by)
        items = list(self.milestones)
        for place, milestone in zip(places, column, strict=True):
            items[place] = milestone
        return dataclasses.replace(self, milestones=tuple(items))

    def with_title(self, title: str) -> MilestoneMap:
        return dataclasses.replace(self, title=title)

    # -- reading -----------------------------------------------------------------

    def column(self, stage: Stage) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.stage is stage)

    @property
    def before(self) -> tuple[Milestone, ...]:
        return self.column(Stage.BEFORE)

    @property
    def after(self) -> tuple[Milestone, ...]:
        return self.column(Stage.AFTER)

    @property
    def core(self) -> Milestone | None:
        """The core purchase, or None when there is none (``check()`` says so)."""
        cores = self.column(Stage.CORE)
        return cores[0] if cores else None

    def side_of_path(self, start: str, end: str) -> Stage | None:
        """Which side of the core purchase a path from ``start`` to ``end`` lies on.

        BEFORE when it ends at or before the purchase (a path from the first
        contact has an empty ``start``), AFTER when it starts at or after it,
        None when a milestone is unknown or there is no core yet.
        """
        names = [fields.name_key(m.name) for m in self.milestones]
        core = self.core
        if core is None or fields.name_key(end) not in names:
            return None
        core_at = names.index(fields.name_key(core.name))
        if names.index(fields.name_key(end)) <= core_at:
            return Stage.BEFORE
        if start.strip() and fields.name_key(start) in names:
            return Stage.AFTER if names.index(fields.name_key(start)) >= core_at else None
        return None

    def __len__(self) -> int:
        return len(self.milestones)

    def describe(self) -> str:
        """One sentence for a reader who cannot see the drawing (alt text)."""

        def names(stage: Stage) -> str:
            items = [m.name.strip() or "(unnamed)" for m in self.column(stage)]
            return ", then ".join(items) if items else "none yet"

        title = f"{self.title.strip()}: " if self.title.strip() else ""
        return (
            f"{title}milestone map. Before purchase: {names(Stage.BEFORE)}. "
            f"Core purchase: {names(Stage.CORE)}. After purchase: {names(Stage.AFTER)}."
        )

    # -- checking ----------------------------------------------------------------

    def check(self) -> Findings:
        """What a learner should fix or consider, as findings with hints."""
        return Findings(_check_map(self))

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "milestones": [m.to_dict() for m in self.milestones]}

    @classmethod
    def from_dict(cls, data: Any, field: str = "") -> MilestoneMap:
        data = fields.mapping(data, field or "map")
        fields.allowed_keys(data, field, {"title", "milestones"})
        return cls(
            fields.each(data, "milestones", field, Milestone.from_dict),
            fields.text(data, "title", field, default=""),
        )

    # -- showing -----------------------------------------------------------------

    def _rows(self) -> list[tuple[object, ...]]:
        return [
            (i + 1, m.stage.label, m.name, m.kind_info.label, m.measure or "—")
            for i, m in enumerate(self.milestones)
        ]

    _HEADERS = ("#", "column", "milestone", "kind", "measured by")

    def __str__(self) -> str:
        caption = self.title or "Milestone map"
        return text_table(self._HEADERS, self._rows(), caption=caption)

    def _repr_html_(self) -> str:
        findings = self.check()
        table = html_table(self._HEADERS, self._rows(), caption=self.title or "Milestone map")
        return f'{table}<p class="jl-summary">{escape(findings.summary())}</p>'


def _where(index: int, milestone: Milestone) -> str:
    name = milestone.name.strip()
    return f"milestone {index + 1}" + (f" ({name})" if name else "")


def _check_map(m: MilestoneMap) -> Iterable[Finding]:
    cores = [(i, x) for i, x in enumerate(m.milestones) if x.stage is Stage.CORE]
    if not cores:
        yield Finding(
            Severity.ERROR,
            "map",
            "There is no core purchase in the middle column.",
            "Add the offering you could not remove without losing the business, "
            "as the core purchase.",
            "no_core",
        )
    elif len(cores) > 1:
        names = ", ".join(repr(x.name.strip()) for _, x in cores)
        yield Finding(
            Severity.ERROR,
            "map",
            f"There are {len(cores)} core purchases: {names}.",
            "Keep one core: the offering the business cannot do without. Move the others "
            "after the purchase (an upsell or repeat purchase) or leave them for later.",
            "many_cores",
        )
    if not m.before:
        yield Finding(
            Severity.WARNING,
            "map",
            "No milestone comes before the purchase.",
            "What does a prospect do before buying? An opt-in, a free trial, a demo, a quote...",
            "no_before",
        )
    if not m.after:
        yield Finding(
            Severity.WARNING,
            "map",
            "No milestone comes after the purchase.",
            "The purchase is the middle, not the end: add a survey, a repeat purchase, "
            "a referral...",
            "no_after",
        )

    highest = -1
    for index, milestone in enumerate(m.milestones):
        if milestone.stage.order < highest:
            yield Finding(
                Severity.ERROR,
                _where(index, milestone),
                f"Listed after a later column, although it is a "
                f"'{milestone.stage.label.lower()}' milestone.",
                "Keep the map in journey order: before, then core, then after.",
                "out_of_order",
            )
        highest = max(highest, milestone.stage.order)

    seen: dict[str, int] = {}
    for index, milestone in enumerate(m.milestones):
        yield from _check_milestone(index, milestone)
        key = fields.name_key(milestone.name)
        if key and key in seen:
            yield Finding(
                Severity.ERROR,
                _where(index, milestone),
                f"The same name as milestone {seen[key] + 1}.",
                "Each milestone is a different juncture: give each a name of its own, "
                "or remove the repeat.",
                "duplicate_name",
            )
        seen.setdefault(key, index)


def _check_milestone(index: int, milestone: Milestone) -> Iterable[Finding]:
    where = _where(index, milestone)
    kind = milestone.kind_info
    if not milestone.name.strip():
        yield Finding(
            Severity.ERROR,
            where,
            "This milestone has no name.",
            f"Name what the customer does, e.g. '{(kind.examples or ('Join the club',))[0]}'.",
            "empty_name",
        )
    if not milestone.measure.strip():
        yield Finding(
            Severity.WARNING,
            where,
            "How this milestone is measured is not said.",
            f"A milestone is a measurable juncture. For example: {kind.measure_hint}.",
            "no_measure",
        )
    if milestone.stage is Stage.CORE and kind.stage not in (Stage.CORE, None):
        yield Finding(
            Severity.ERROR,
            where,
            f"A '{kind.label}' is in the middle column, where the core purchase goes.",
            "The middle is the purchase of your core offering; move this milestone "
            f"{'before' if kind.stage is Stage.BEFORE else 'after'} it.",
            "kind_in_core",
        )
    elif kind.stage is Stage.CORE and milestone.stage is not Stage.CORE:
        yield Finding(
            Severity.ERROR,
            where,
            f"A core purchase is in the '{milestone.stage.label}' column.",
            "The core purchase goes in the middle column. A second purchase after it is a "
            "'Repeat purchase' or an 'Upsell / upgrade'.",
            "core_kind_misplaced",
        )
    elif kind.stage not in (None, milestone.stage) and milestone.stage is not Stage.CORE:
        usually = "before" if kind.stage is Stage.BEFORE else "after"
        yield Finding(
            Severity.WARNING,
            where,
            f"A '{kind.label}' usually comes {usually} the purchase, but it is in the "
            f"'{milestone.stage.label}' column.",
            f"Move it {usually} the purchase, or choose the kind that says what really "
            "happens at this point (or 'Custom').",
            "kind_in_wrong_column",
        )


def kinds_table() -> Any:
    """The catalogue as a pandas DataFrame, for a notebook to show."""
    import pandas as pd  # here, so that importing the package stays fast

    return pd.DataFrame(
        [
            {
                "kind": k.label,
                "column": k.stage.label if k.stage else "any",
                "what it is": k.description,
                "example": "; ".join(k.examples),
                "measure it by": k.measure_hint,
            }
            for k in _CATALOGUE
        ]
    ).set_index("kind")


def sample_milestones() -> MilestoneMap:
    """The sample business of the course: a small online yoga studio.

    Read from the course's sample journey file, ``data/sample_journey.yaml``.
    """
    return _sample.sample_plan().milestones


__all__ = [
    "CUSTOM",
    "KINDS",
    "Milestone",
    "MilestoneKind",
    "MilestoneMap",
    "Stage",
    "kinds_for",
    "kinds_table",
    "sample_milestones",
]
