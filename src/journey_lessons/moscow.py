"""MoSCoW: which touchpoints to work on first, for upsell.

Each touchpoint of the journey goes in one of four columns: Must, Should, Could
or Won't have this time (the DSDM meanings are on :class:`Priority`). Musts are
the moments with the best chance of an upsell. Effort is balanced: Musts take at
most about 60% of it and Coulds about 20%: the Coulds are the first contingency that
absorbs an overrun (DSDM), and the Shoulds go next only if that is not enough.
When KPIs are measured, the board is re-prioritized.

Touchpoints are referred to by name; the journey plan checks that each name is
one of its touchpoints.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from html import escape
from typing import Any

from . import _fields as fields
from . import _sample
from ._fields import moved
from ._html import html_table, text_table
from .findings import Finding, Findings, Severity

#: Musts should take at most this share of the available effort (the budget when
#: one is set, else the planned effort): the rest is the contingency.
MUST_SHARE_MAX = 0.6
#: Coulds usually take about this share of the planned effort: they are the primary
#: contingency. A tip appears when they take less than three quarters of it (15%).
COULD_SHARE_TARGET = 0.2
#: A KPI that beats its target by at least this fraction of the target suggests a
#: promotion (for a touchpoint of medium or high upsell impact).
PROMOTE_MARGIN = 0.2
#: A KPI that misses its target by more than this fraction of the target suggests
#: a demotion.
DEMOTE_MARGIN = 0.2


class Priority(str, Enum):
    """A MoSCoW column, most important first (the DSDM meanings).

    - **Must have**: without it the plan fails. The Musts together are the
      Minimum Usable SubseT (MUST): the least that still works.
    - **Should have**: important but not vital; it hurts to leave it out, but a
      workaround exists.
    - **Could have**: wanted, with less impact when left out. Coulds are the
      contingency: the first to drop when time or money runs short.
    - **Won't have this time**: agreed to be out of scope for now, and written
      down on purpose so that nobody expects it; it may come back later.
    """

    MUST = "must"
    SHOULD = "should"
    COULD = "could"
    WONT = "wont"

    @classmethod
    def _missing_(cls, value: object) -> Priority | None:
        # a learner writes "Must" or "won't" in a file; the stored value is "must", "wont"
        if isinstance(value, str):
            key = re.sub(r"['’\s]", "", value).casefold()
            return next((p for p in cls if p.value == key), None)
        return None

    @property
    def short(self) -> str:
        return {"must": "Must", "should": "Should", "could": "Could", "wont": "Won't"}[self.value]

    @property
    def label(self) -> str:
        return "Won't have this time" if self is Priority.WONT else f"{self.short} have"

    @property
    def meaning(self) -> str:
        """What the column means, in one line, for a learner choosing it."""
        return {
            "must": "Without it the plan fails; the Musts are the least that still works.",
            "should": "Important but not vital: leaving it out hurts, and a workaround exists.",
            "could": "Wanted, but the first to drop when time runs short: the contingency.",
            "wont": "Agreed out of scope for now, and written down so nobody expects it.",
        }[self.value]

    @property
    def order(self) -> int:
        return list(Priority).index(self)


class UpsellImpact(str, Enum):
    """How much a touchpoint can add to upsell revenue, as the learner judges it."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(UpsellImpact).index(self)


def _amount(value: object, name: str) -> float | None:
    """A number of person-days: None (not given), or a finite number of zero or more."""
    return fields.optional_number(
        value, name, what="a number of person-days", bound="zero or more person-days", minimum=0
    )


def _amount_field(data: Mapping[str, Any], key: str, field: str) -> float | None:
    """An optional number of person-days in plain data, refused with its field path."""
    return fields.number(
        data,
        key,
        field,
        what="a number of person-days",
        bound="zero or more person-days",
        minimum=0,
    )


def _days(amount: float) -> str:
    """A number of person-days as a learner writes it: 3, 2.5."""
    return f"{round(amount, 6):g}"


@dataclass(frozen=True)
class MoscowItem:
    """One touchpoint on the board: its priority, effort, upsell impact and why.

    ``effort`` is in person-days; None means not estimated yet (``check()`` says so).
    """

    touchpoint: str
    priority: Priority
    effort: float | None = None
    impact: UpsellImpact = UpsellImpact.MEDIUM
    reason: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.touchpoint, str) or not isinstance(self.reason, str):
            raise TypeError("MoscowItem touchpoint and reason must be text")
        object.__setattr__(
            self, "priority", fields.enum_member(Priority, self.priority, "priority")
        )
        object.__setattr__(self, "impact", fields.enum_member(UpsellImpact, self.impact, "impact"))
        object.__setattr__(self, "effort", _amount(self.effort, "effort"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "touchpoint": self.touchpoint,
            "priority": self.priority.value,
            "effort": self.effort,
            "impact": self.impact.value,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Any, field: str = "item") -> MoscowItem:
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, {"touchpoint", "priority", "effort", "impact", "reason"})
        impact = (
            fields.choice(data, "impact", field, UpsellImpact)
            if data.get("impact") is not None
            else UpsellImpact.MEDIUM
        )
        return cls(
            touchpoint=fields.text(data, "touchpoint", field),
            priority=fields.choice(data, "priority", field, Priority),
            effort=_amount_field(data, "effort", field),
            impact=impact,
            reason=fields.text(data, "reason", field, default=""),
        )


@dataclass(frozen=True)
class MoscowBoard:
    """The touchpoints of one journey in four columns, with an optional budget.

    ``budget`` is the effort available, in person-days (None: not set). Methods
    return a new board; the board itself never changes.
    """

    items: tuple[MoscowItem, ...] = ()
    budget: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", fields.tuple_of(self.items, MoscowItem, "items"))
        object.__setattr__(self, "budget", _amount(self.budget, "budget"))

    # -- editing -----------------------------------------------------------------

    def _index(self, touchpoint: str) -> int:
        key = fields.name_key(touchpoint)
        for index, item in enumerate(self.items):
            if fields.name_key(item.touchpoint) == key:
                return index
        names = ", ".join(repr(i.touchpoint) for i in self.items) or "none yet"
        raise KeyError(f"{touchpoint!r} is not on the board; on the board: {names}")

    def item(self, touchpoint: str) -> MoscowItem:
        """The item for ``touchpoint`` (case and spacing ignored); KeyError if absent."""
        return self.items[self._index(touchpoint)]

    def add(self, item: MoscowItem) -> MoscowBoard:
        """A new board with ``item`` at the end."""
        return dataclasses.replace(self, items=(*self.items, item))

    def remove(self, touchpoint: str) -> MoscowBoard:
        """A new board without the item for ``touchpoint``."""
        index = self._index(touchpoint)
        return dataclasses.replace(self, items=fields.removed(self.items, index))

    def move(self, touchpoint: str, by: int) -> MoscowBoard:
        """A new board with ``touchpoint`` listed ``by`` places later (negative: earlier).

        Where two items tie on priority, impact and effort, the one listed first
        is planned first (see ``fit_budget``).
        """
        return dataclasses.replace(self, items=moved(self.items, self._index(touchpoint), by))

    def update(self, touchpoint: str, **changes: Any) -> MoscowBoard:
        """A new board with some fields of one item changed (effort, impact, reason...)."""
        index = self._index(touchpoint)
        item = dataclasses.replace(self.items[index], **changes)
        return dataclasses.replace(self, items=fields.replaced(self.items, index, item))

    def set_priority(
        self, touchpoint: str, priority: Priority | str, reason: str | None = None
    ) -> MoscowBoard:
        """A new board with ``touchpoint`` moved to ``priority`` (and a new reason, if given)."""
        changes: dict[str, Any] = {"priority": priority}
        if reason is not None:
            changes["reason"] = reason
        return self.update(touchpoint, **changes)

    def with_budget(self, budget: float | None) -> MoscowBoard:
        return dataclasses.replace(self, budget=budget)

    # -- reading -----------------------------------------------------------------

    def column(self, priority: Priority | str) -> tuple[MoscowItem, ...]:
        priority = Priority(priority)
        return tuple(i for i in self.items if i.priority is priority)

    def __len__(self) -> int:
        return len(self.items)

    def effort(self, priority: Priority | str | None = None) -> float:
        """Estimated person-days in one column, or planned in all but Won't (None)."""
        wanted = {Priority(priority)} if priority is not None else set(Priority) - {Priority.WONT}
        return sum(i.effort for i in self.items if i.priority in wanted and i.effort is not None)

    def share(self, priority: Priority | str) -> float | None:
        """A column's share of the planned effort; None for Won't or when nothing is planned."""
        total = self.effort()
        if Priority(priority) is Priority.WONT or total == 0:
            return None
        return self.effort(priority) / total

    @property
    def available(self) -> float:
        """The effort the Musts are measured against: the budget if set, else the plan."""
        return self.budget if self.budget is not None else self.effort()

    @property
    def must_share(self) -> float | None:
        """The Musts' share of the available effort (None when there is none)."""
        return self.effort(Priority.MUST) / self.available if self.available else None

    def effort_shares(self) -> Any:
        """Per column: items, items with no estimate, person-days and share of the plan.

        A pandas DataFrame. Won't items are listed but not counted in the plan, so
        their share is empty (NaN).
        """
        import pandas as pd  # here, so that importing the package stays fast

        rows = []
        for priority in Priority:
            share = self.share(priority)
            column = self.column(priority)
            rows.append(
                {
                    "priority": priority.label,
                    "items": len(column),
                    "not estimated": sum(i.effort is None for i in column),
                    "effort": float(self.effort(priority)),
                    "share": math.nan if share is None else share,
                }
            )
        return pd.DataFrame(rows).set_index("priority")

    def describe(self) -> str:
        """A few sentences for a reader who cannot see the board (alt text)."""
        budget = (
            f" and a budget of {_days(self.budget)} person-days" if self.budget is not None else ""
        )
        parts = [f"MoSCoW board with {len(self)} touchpoints{budget}."]
        for priority in Priority:
            names = "; ".join(i.touchpoint.strip() or "(unnamed)" for i in self.column(priority))
            share = self.share(priority)
            if priority is Priority.WONT:
                amount = "not counted"
            elif share is None:
                amount = "no effort estimated"
            else:
                amount = f"{share:.0%} of the effort"
            parts.append(f"{priority.label} ({amount}): {names or 'none'}.")
        if "must_over_budget_share" in self.check().codes and self.must_share is not None:
            parts.append(
                f"The Musts take {self.must_share:.0%} of the {self._base_name()}, "
                f"over the usual {MUST_SHARE_MAX:.0%}."
            )
        return " ".join(parts)

    def _base_name(self) -> str:
        return "budget" if self.budget is not None else "planned effort"

    # -- checking ----------------------------------------------------------------

    def check(
        self,
        touchpoints: Iterable[str] | None = None,
        *,
        must_share_max: float = MUST_SHARE_MAX,
        could_share_target: float = COULD_SHARE_TARGET,
    ) -> Findings:
        """What a learner should fix or consider, as findings with hints.

        Given the touchpoint names of the journey, each item's touchpoint must be
        one of them. ``must_share_max``: the most the Musts should take of the
        available effort (the budget if set, else the planned effort).
        ``could_share_target``: the usual share of the Coulds in the plan; a tip
        appears below half of it.
        """
        found = list(_check_board(self, must_share_max, could_share_target))
        if touchpoints is not None:
            found += _unknown_touchpoints(self, touchpoints)
        return Findings(found)

    # -- planning ----------------------------------------------------------------

    def fit_budget(self, budget: float | None = None) -> BudgetFit:
        """What gets done within ``budget`` person-days (default: the board's budget).

        Items are taken in priority order: Must, Should, Could; within a column the
        higher upsell impact first, then the smaller effort, then board order. An
        item is done if it fits in what is left, else dropped. Once an item is
        dropped, nothing of a lower priority is done: a Could never goes ahead of a
        Should that did not fit. Items with no estimate are reported as such, and
        Won't items are never done.
        """
        budget = _amount(budget if budget is not None else self.budget, "budget")
        if budget is None:
            raise ValueError("give a budget in person-days, or set one with with_budget()")
        return BudgetFit(budget, tuple(_fit(self, budget)))

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"budget": self.budget, "items": [i.to_dict() for i in self.items]}

    @classmethod
    def from_dict(cls, data: Any, field: str = "") -> MoscowBoard:
        data = fields.mapping(data, field or "board")
        fields.allowed_keys(data, field, {"budget", "items"})
        return cls(
            fields.each(data, "items", field, MoscowItem.from_dict),
            _amount_field(data, "budget", field),
        )

    # -- showing -----------------------------------------------------------------

    _HEADERS = ("#", "priority", "touchpoint", "effort (person-days)", "upsell impact", "reason")

    def _rows(self) -> list[tuple[object, ...]]:
        ordered = sorted(enumerate(self.items), key=lambda pair: pair[1].priority.order)
        return [
            (
                index + 1,
                item.priority.short,
                item.touchpoint,
                "not estimated" if item.effort is None else _days(item.effort),
                item.impact.value,
                item.reason or "—",
            )
            for index, item in ordered
        ]

    def _caption(self) -> str:
        if self.budget is None:
            return "MoSCoW board"
        return f"MoSCoW board (budget: {_days(self.budget)} person-days)"

    def _shares_line(self) -> str:
        parts = []
        for priority in Priority:
            share = self.share(priority)
            if priority is not Priority.WONT and share is not None:
                parts.append(f"{priority.short} {share:.0%}")
        if not parts:
            return "No effort estimated yet."
        return (
            f"Effort: {', '.join(parts)} of {_days(self.effort())} planned person-days "
            "(Won't not counted)."
        )

    def __str__(self) -> str:
        table = text_table(self._HEADERS, self._rows(), caption=self._caption())
        return f"{table}\n{self._shares_line()}"

    def _repr_html_(self) -> str:
        table = html_table(self._HEADERS, self._rows(), caption=self._caption())
        return (
            f'{table}<p class="jl-summary">{escape(self._shares_line())} '
            f"{escape(self.check().summary())}</p>"
        )


def _where(index: int, item: MoscowItem) -> str:
    name = item.touchpoint.strip()
    return f"item {index + 1}" + (f" ({name})" if name else "")


def _unknown_touchpoints(board: MoscowBoard, names: Iterable[str]) -> Iterable[Finding]:
    known = {fields.name_key(n) for n in names}
    for index, item in enumerate(board.items):
        if item.touchpoint.strip() and fields.name_key(item.touchpoint) not in known:
            yield Finding(
                Severity.ERROR,
                f"item {index + 1} ({item.touchpoint.strip()})",
                "No path has a touchpoint of this name.",
                "Use the exact name of a touchpoint on your paths, or add the touchpoint "
                "to a path first.",
                "unknown_touchpoint",
            )


def _check_board(
    board: MoscowBoard, must_share_max: float, could_share_target: float
) -> Iterable[Finding]:
    if not board.column(Priority.MUST):
        yield Finding(
            Severity.WARNING,
            "board",
            "No touchpoint is a Must.",
            "Which moments give the best chance of an upsell, so that the plan fails "
            "without them? Make those the Musts.",
            "no_musts",
        )

    seen: dict[str, int] = {}
    for index, item in enumerate(board.items):
        yield from _check_item(index, item)
        key = fields.name_key(item.touchpoint)
        if key and key in seen:
            yield Finding(
                Severity.ERROR,
                _where(index, item),
                f"This touchpoint is already on the board as item {seen[key] + 1}.",
                "A touchpoint has one priority: remove the repeat, or keep the one "
                "whose priority you agree with.",
                "duplicate_touchpoint",
            )
        seen.setdefault(key, index)

    must = board.effort(Priority.MUST)
    available = board.available
    base = board._base_name()
    if board.budget is not None and must > board.budget:
        yield Finding(
            Severity.ERROR,
            "board",
            f"The Musts alone need {_days(must)} person-days; the budget is {_days(board.budget)}.",
            "A plan whose Musts do not fit has already failed: move the Must with the "
            "least upsell impact to Should, cut its scope, or raise the budget.",
            "budget_exceeded_by_musts",
        )
    elif must > 0 and available - must <= 0:
        yield Finding(
            Severity.WARNING,
            "board",
            f"The Musts take all of the {base} ({_days(must)} person-days): nothing is "
            "left for Should and Could.",
            "The Coulds are the first contingency (then the Shoulds): if a Must overruns, they "
            "are dropped so the Musts still get done. Move some effort out of the Musts, "
            "or plan some Coulds.",
            "no_contingency",
        )
    elif must > 0 and must / available > must_share_max:
        yield Finding(
            Severity.WARNING,
            "board",
            f"The Musts take {must / available:.0%} of the {base} ({_days(must)} of "
            f"{_days(available)} person-days); the usual ceiling is {must_share_max:.0%}.",
            "Keep the Musts to the moments the plan cannot do without: move the Must with "
            "the lowest upsell impact to Should, or split it and keep the core as a Must.",
            "must_over_budget_share",
        )

    planned = board.effort()
    could = board.effort(Priority.COULD)
    # rounded, so that exactly 15% (3 of 20 person-days) is not a float's hair below it
    if planned - must > 0 and round(could / planned, 6) < round(could_share_target * 3 / 4, 6):
        yield Finding(
            Severity.TIP,
            "board",
            f"The Coulds are {could / planned:.0%} of the planned effort; about "
            f"{could_share_target:.0%} is usual.",
            "Coulds are the first to drop when time runs short. With few of them, a "
            "Should goes instead: move a nice-to-have touchpoint to Could.",
            "could_share_low",
        )

    high_coulds = [i.touchpoint for i in board.column(Priority.COULD) if i.impact.rank == 2]
    if high_coulds:
        coulds = "; ".join(f"'{name}'" for name in high_coulds)
        for index, item in enumerate(board.items):
            if item.priority is Priority.MUST and item.impact is UpsellImpact.LOW:
                yield Finding(
                    Severity.WARNING,
                    _where(index, item),
                    f"This Must has a low upsell impact, while a Could has a high one: {coulds}.",
                    f"Swap them: make '{item.touchpoint}' a Should or Could and "
                    f"'{high_coulds[0]}' a Should or Must, or say in the reason why this "
                    "Must cannot wait.",
                    "must_low_impact_vs_could_high",
                )


def _check_item(index: int, item: MoscowItem) -> Iterable[Finding]:
    where = _where(index, item)
    if not item.touchpoint.strip():
        yield Finding(
            Severity.ERROR,
            where,
            "This item names no touchpoint.",
            "Write the touchpoint's name as it is on your path, e.g. 'Welcome email on day 1'.",
            "empty_touchpoint",
        )
    if item.effort is None and item.priority is not Priority.WONT:
        yield Finding(
            Severity.WARNING,
            where,
            "There is no effort estimate, so the shares and the budget leave it out.",
            "Estimate it in person-days, even roughly: half a day, 2 days, 5 days.",
            "no_effort_estimate",
        )
    if item.priority is Priority.WONT and not item.reason.strip():
        yield Finding(
            Severity.WARNING,
            where,
            "This Won't has no reason.",
            "A Won't is a decision written down on purpose: say why it waits, e.g. "
            "'few inactive members yet; look again next year'.",
            "wont_without_reason",
        )


# -- fitting a budget ------------------------------------------------------------------


class FitStatus(str, Enum):
    """What happens to an item within a budget."""

    DONE = "done"
    DROPPED = "dropped"
    NOT_ESTIMATED = "not estimated"
    WONT = "won't this time"


@dataclass(frozen=True)
class FitRow:
    """One item of a budget plan, in the order the work is taken."""

    touchpoint: str
    priority: Priority
    effort: float | None
    impact: UpsellImpact
    status: FitStatus
    note: str


def _plan_order(items: Iterable[MoscowItem]) -> list[MoscowItem]:
    ranked = sorted(
        enumerate(items),
        key=lambda pair: (
            pair[1].priority.order,
            -pair[1].impact.rank,
            math.inf if pair[1].effort is None else pair[1].effort,
            pair[0],
        ),
    )
    return [item for _, item in ranked]


def _fit(board: MoscowBoard, budget: float) -> Iterator[FitRow]:
    left = budget
    blocked: Priority | None = None  # the priority of the first item that did not fit
    for item in _plan_order(board.items):
        if item.priority is Priority.WONT:
            status, note = FitStatus.WONT, item.reason or "out of scope this time"
        elif item.effort is None:
            status, note = FitStatus.NOT_ESTIMATED, "no effort estimate: estimate it to plan it"
        elif blocked is not None and item.priority.order > blocked.order:
            status = FitStatus.DROPPED
            note = f"dropped: a {blocked.short} did not fit, and a {item.priority.short} waits"
        elif item.effort <= left + 1e-9:  # tolerance: sums of decimal days are inexact
            left = max(left - item.effort, 0.0)
            status, note = FitStatus.DONE, f"{_days(left)} person-days left after it"
        else:
            blocked = blocked or item.priority
            status = FitStatus.DROPPED
            note = f"does not fit: needs {_days(item.effort)} person-days, {_days(left)} left"
        yield FitRow(item.touchpoint, item.priority, item.effort, item.impact, status, note)


@dataclass(frozen=True)
class BudgetFit:
    """What a budget pays for: every item as done, dropped, not estimated or Won't."""

    budget: float
    rows: tuple[FitRow, ...]

    def _names(self, status: FitStatus) -> tuple[str, ...]:
        return tuple(r.touchpoint for r in self.rows if r.status is status)

    @property
    def done(self) -> tuple[str, ...]:
        """The touchpoints done, in the order the work is taken."""
        return self._names(FitStatus.DONE)

    @property
    def dropped(self) -> tuple[str, ...]:
        """The touchpoints dropped, the first to go first (the reverse of the plan)."""
        return self._names(FitStatus.DROPPED)[::-1]

    @property
    def not_estimated(self) -> tuple[str, ...]:
        return self._names(FitStatus.NOT_ESTIMATED)

    @property
    def musts_not_fitting(self) -> tuple[str, ...]:
        return tuple(
            r.touchpoint
            for r in self.rows
            if r.priority is Priority.MUST and r.status is FitStatus.DROPPED
        )

    @property
    def used(self) -> float:
        return sum(r.effort or 0.0 for r in self.rows if r.status is FitStatus.DONE)

    @property
    def left(self) -> float:
        return self.budget - self.used

    def check(self) -> Findings:
        """Musts that do not fit (errors) and items with no estimate (warnings)."""
        return Findings(self._findings())

    def _findings(self) -> Iterable[Finding]:
        for row in self.rows:
            where = row.touchpoint.strip() or "(unnamed)"
            if row.priority is Priority.MUST and row.status is FitStatus.DROPPED:
                yield Finding(
                    Severity.ERROR,
                    where,
                    f"This Must does not fit in the budget of {_days(self.budget)} person-days.",
                    "Without its Musts the plan fails: raise the budget, cut the Must's "
                    "scope, or move the Must with the least upsell impact to Should.",
                    "must_does_not_fit",
                )
            elif row.status is FitStatus.NOT_ESTIMATED:
                yield Finding(
                    Severity.WARNING,
                    where,
                    "Not planned: it has no effort estimate.",
                    "Estimate it in person-days so that it can be planned.",
                    "no_effort_estimate",
                )

    def summary(self) -> str:
        text = (
            f"Done: {len(self.done)} items, {_days(self.used)} of {_days(self.budget)} "
            f"person-days. Dropped: {len(self.dropped)}."
        )
        if self.not_estimated:
            text += f" Not estimated: {len(self.not_estimated)}."
        return text

    def to_frame(self) -> Any:
        """The plan as a pandas DataFrame, one row per item in the order work is taken."""
        import pandas as pd  # here, so that importing the package stays fast

        return pd.DataFrame(
            [
                {
                    "touchpoint": r.touchpoint,
                    "priority": r.priority.short,
                    "effort": math.nan if r.effort is None else r.effort,
                    "impact": r.impact.value,
                    "status": r.status.value,
                    "note": r.note,
                }
                for r in self.rows
            ]
        )

    _HEADERS = ("#", "touchpoint", "priority", "effort", "impact", "status", "note")

    def _rows(self) -> list[tuple[object, ...]]:
        return [
            (
                n + 1,
                r.touchpoint,
                r.priority.short,
                "—" if r.effort is None else _days(r.effort),
                r.impact.value,
                r.status.value,
                r.note,
            )
            for n, r in enumerate(self.rows)
        ]

    def __str__(self) -> str:
        return text_table(self._HEADERS, self._rows(), caption=self.summary())

    def _repr_html_(self) -> str:
        return html_table(self._HEADERS, self._rows(), caption=self.summary())


# -- re-prioritizing from KPIs ---------------------------------------------------------


@dataclass(frozen=True)
class KpiResult:
    """One measured KPI of a touchpoint against its target."""

    kpi: str
    value: float
    target: float
    higher_is_better: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.kpi, str):
            raise TypeError("KpiResult kpi must be text")
        for name in ("value", "target"):
            number = getattr(self, name)
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise TypeError(f"KpiResult {name} must be a number, not {number!r}")
            if not math.isfinite(number):
                raise ValueError(f"KpiResult {name} must be a finite number, not {number!r}")
        if not isinstance(self.higher_is_better, bool):
            raise TypeError("KpiResult higher_is_better must be True or False")

    @property
    def margin(self) -> float:
        """How much better than the target, as a fraction of it (negative: worse).

        With a target of 0 there is no fraction: any difference counts as infinitely
        better or worse.
        """
        better = self.value - self.target if self.higher_is_better else self.target - self.value
        if self.target == 0:
            return math.copysign(math.inf, better) if better else 0.0
        return better / abs(self.target)

    @property
    def met(self) -> bool:
        return self.margin >= 0

    def _versus(self) -> str:
        """The measure in words: 'Measured X: 0.15 against a target of 0.1 (...), 50% better'."""
        direction = "higher" if self.higher_is_better else "lower"
        gap = "" if math.isinf(self.margin) else f"{abs(self.margin):.0%} "
        return (
            f"Measured {self.kpi.strip() or 'KPI'}: {self.value:g} against a target of "
            f"{self.target:g} ({direction} is better), {gap}{'better' if self.met else 'worse'}"
        )


@dataclass(frozen=True)
class Suggestion:
    """A proposed move of one touchpoint to another column, and why."""

    touchpoint: str
    current: Priority
    suggested: Priority
    reason: str

    @property
    def kind(self) -> str:
        return "promote" if self.suggested.order < self.current.order else "demote"


@dataclass(frozen=True)
class Reprioritization:
    """The suggestions for one board; iterate over it, or ``apply()`` them."""

    board: MoscowBoard
    suggestions: tuple[Suggestion, ...]
    not_on_board: tuple[str, ...] = ()  # results for touchpoints the board does not have

    def __iter__(self) -> Iterator[Suggestion]:
        return iter(self.suggestions)

    def __len__(self) -> int:
        return len(self.suggestions)

    def apply(self) -> MoscowBoard:
        """A new board with every suggestion applied, each reason kept on its item."""
        board = self.board
        for s in self.suggestions:
            board = board.set_priority(s.touchpoint, s.suggested, reason=s.reason)
        return board

    def summary(self) -> str:
        promote = sum(s.kind == "promote" for s in self)
        text = (
            f"{promote} promotion(s), {len(self) - promote} demotion(s) suggested."
            if self.suggestions
            else "No changes suggested: every measured touchpoint keeps its priority."
        )
        if self.not_on_board:
            names = "; ".join(self.not_on_board)
            text += f" Results for touchpoints not on the board: {names}."
        return text

    _HEADERS = ("touchpoint", "from", "to", "reason")

    def _rows(self) -> list[tuple[str, str, str, str]]:
        return [(s.touchpoint, s.current.short, s.suggested.short, s.reason) for s in self]

    def __str__(self) -> str:
        if not self.suggestions:
            return self.summary()
        return text_table(self._HEADERS, self._rows(), caption=self.summary())

    def _repr_html_(self) -> str:
        if not self.suggestions:
            return f'<p class="jl-summary">{escape(self.summary())}</p>'
        return html_table(self._HEADERS, self._rows(), caption=self.summary())


_UP = {Priority.COULD: Priority.SHOULD, Priority.SHOULD: Priority.MUST}
_DOWN = {Priority.MUST: Priority.SHOULD, Priority.SHOULD: Priority.COULD}


def reprioritize(
    board: MoscowBoard,
    results: Mapping[str, KpiResult],
    *,
    promote_margin: float = PROMOTE_MARGIN,
    demote_margin: float = DEMOTE_MARGIN,
) -> Reprioritization:
    """Suggest moves from measured KPIs, one result per touchpoint name.

    Promote (Could to Should, Should to Must) a touchpoint whose KPI beats its
    target by at least ``promote_margin`` of the target and whose upsell impact is
    medium or high. Demote (Must to Should, Should to Could) one whose KPI misses
    its target by more than ``demote_margin``. Results for names that are not on
    the board are reported in ``not_on_board``.
    """
    if not isinstance(results, Mapping):
        raise TypeError("results must map touchpoint names to KpiResult")
    suggestions = []
    missing = []
    for name, result in results.items():
        if not isinstance(result, KpiResult):
            raise TypeError(f"results[{name!r}] is a {type(result).__name__}, not a KpiResult")
        try:
            item = board.item(name)
        except KeyError:
            missing.append(name)
            continue
        suggestion = _suggest(item, result, promote_margin, demote_margin)
        if suggestion is not None:
            suggestions.append(suggestion)
    return Reprioritization(board, tuple(suggestions), tuple(missing))


def _suggest(
    item: MoscowItem, result: KpiResult, promote_margin: float, demote_margin: float
) -> Suggestion | None:
    margin = result.margin
    if item.priority in _UP and margin >= promote_margin and item.impact.rank >= 1:
        target = _UP[item.priority]
        reason = (
            f"{result._versus()}; a promotion needs {promote_margin:.0%}, and the upsell "
            f"impact is {item.impact.value}. Promote from {item.priority.short} to "
            f"{target.short}."
        )
    elif item.priority in _DOWN and margin < -demote_margin:
        target = _DOWN[item.priority]
        reason = (
            f"{result._versus()}; more than {demote_margin:.0%} short means a demotion. "
            f"Demote from {item.priority.short} to {target.short}, and find out why it misses."
        )
    else:
        return None
    return Suggestion(item.touchpoint, item.priority, target, reason)


def sample_board() -> MoscowBoard:
    """The MoSCoW board of the sample business, Lotus Flow online yoga studio.

    Read from the course's sample journey file, ``data/sample_journey.yaml``.
    """
    return _sample.sample_plan().board


__all__ = [
    "COULD_SHARE_TARGET",
    "DEMOTE_MARGIN",
    "MUST_SHARE_MAX",
    "PROMOTE_MARGIN",
    "BudgetFit",
    "FitRow",
    "FitStatus",
    "KpiResult",
    "MoscowBoard",
    "MoscowItem",
    "Priority",
    "Reprioritization",
    "Suggestion",
    "UpsellImpact",
    "reprioritize",
    "sample_board",
]
