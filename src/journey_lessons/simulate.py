"""A seeded event log from a journey: every learner in the room sees the same numbers.

:func:`simulate_events` walks simulated customers through the milestones of a
map (or a journey plan holding one as ``.milestones``):

- everyone reaches the first milestone, at a time spread evenly over the period;
- each later milestone up to the core purchase is reached by a share of those at
  the milestone before it, after a wait (lognormal around a median);
- buyers then visit (use the service) until they lapse or the log ends, answer
  the survey (CSAT 1-5, and some the NPS question 0-10), are offered the upsell
  and some accept, buy again, refer friends, and reach the map's other
  after-purchase milestones, each a share of buyers after a wait;
- some lapse (a ``lapse`` event when they have been inactive a while) and some
  of those come back (a ``reactivation`` purchase), then visit again.

Given a journey plan (anything with ``.milestones`` and ``.paths``), customers
on their way to a milestone also meet the touchpoints of the path that leads
there (a path joining two consecutive milestones of the map, or first contact
and the first milestone). On the way to a milestone means: at the milestone
before it, up to the purchase; from their purchase, for an after-purchase
milestone (each is reached from the purchase, as above). Each touchpoint is
met by a share of them (``touchpoint_reach``), one event
``touchpoint:<name>`` each (see :func:`~journey_lessons.events.touchpoint_events`),
in path order: the first ``wait_days`` after setting off, each next one
``wait_days`` after the one before (``touchpoint_wait_days`` when not said).
The milestone's median wait is then what is left of the step's wait after the
touchpoints' waits (none if they take longer). Meeting a touchpoint the
customer feels good about raises the chance of reaching the milestone, and one
they feel bad about lowers it (``emotion_lift``); the share who reach it stays
the step's conversion on average.

Shares and waits come from :class:`SimulationSettings`: a default per milestone
kind, overridden by milestone name. Events are named as in
:data:`journey_lessons.events.EVENTS`: a milestone's event is its kind key
(see :func:`~journey_lessons.events.milestone_events`). Nothing after the end
of the period is kept, so late arrivals are caught mid-journey, as in real logs.

The work is done on whole arrays, stage by stage, so ten million events take
seconds. Same plan, settings and seed: the same log, row for row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._fields import name_key
from .events import COLUMNS, _milestone_items, milestone_events, touchpoint_events

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Conversion:
    """How a milestone is reached: the share who reach it, and the median wait in days.

    Before the purchase (and for the purchase) the share is of the customers at
    the milestone before, and the wait runs from that milestone. After the
    purchase the share is of buyers, and the wait runs from their purchase; for
    an upsell the share is of those offered and the wait runs to the offer.
    """

    conversion: float
    wait_days: float

    def __post_init__(self) -> None:
        if not 0 <= self.conversion <= 1:
            raise ValueError(f"conversion must be between 0 and 1, not {self.conversion}")
        if self.wait_days < 0:
            raise ValueError(f"wait_days must not be negative, not {self.wait_days}")


#: The default share and wait for each milestone kind (a first milestone is reached by all).
DEFAULT_STEPS: Mapping[str, Conversion] = {
    "opt_in": Conversion(0.6, 2),
    "download": Conversion(0.6, 2),
    "free_trial": Conversion(0.35, 3),
    "consultation": Conversion(0.3, 5),
    "demo": Conversion(0.3, 4),
    "quote": Conversion(0.4, 7),
    "digital_tactic": Conversion(0.4, 5),
    "core_purchase": Conversion(0.4, 12),
    "survey": Conversion(0.55, 30),
    "repeat_purchase": Conversion(0.35, 45),
    "testimonial": Conversion(0.08, 60),
    "referral": Conversion(0.15, 50),
    "upsell": Conversion(0.3, 40),
    "renewal": Conversion(0.6, 365),
    "custom": Conversion(0.5, 7),
}

# After-purchase events simulated even when the map has no milestone for them,
# so that every KPI has something to measure.
_ALWAYS_AFTER = ("survey", "upsell", "repeat_purchase", "referral")


def _default_steps() -> dict[str, Conversion]:
    return dict(DEFAULT_STEPS)


@dataclass(frozen=True)
class SimulationSettings:
    """Shares, waits and prices for :func:`simulate_events`; every field has a default.

    ``steps`` gives a :class:`Conversion` per milestone kind and ``overrides`` one per
    milestone name (the name wins). Money: ``core_price`` for the core purchase
    and a reactivation, ``upsell_price`` for an accepted upsell, and repeat
    orders of about ``repeat_amount`` each (lognormal), ``repeat_orders`` of
    them on average for a buyer who buys again. Behaviour after the purchase:
    ``visits_per_month`` while active; ``offer_share`` of buyers offered the
    upsell, accepting after ``accept_wait_days``; ``lapse_share`` lapse about
    ``lapse_after_days`` after buying and are marked ``lapse`` after
    ``lapse_notice_days`` without a visit; ``reactivation_share`` of those
    come back about ``reactivation_wait_days`` later; ``nps_share`` of survey
    respondents also answer NPS. ``csat_weights`` (scores 1-5) and
    ``nps_weights`` (scores 0-10) set how answers spread. ``wait_spread`` is
    the lognormal sigma of every wait.

    Touchpoints of a plan's paths: each is met by ``touchpoint_reach`` of the
    customers on the path, ``touchpoint_wait_days`` after the one before when
    its ``wait_days`` is not said. ``emotion_lift`` is how much meeting it moves
    the chance of reaching the path's end milestone: multiplied by
    ``(1 + emotion_lift) ** e``, where ``e`` is the touchpoint's emotion from
    -1 (bottom of the scale) through 0 (neutral) to +1 (top); with the default
    2.0 a delighting touchpoint triples the chance and a dreaded one cuts it to
    a third.
    The chances are then scaled so that the share who reach the milestone stays
    the step's conversion on average: touchpoints decide who converts, not how
    many.
    """

    steps: Mapping[str, Conversion] = field(default_factory=_default_steps)
    overrides: Mapping[str, Conversion] = field(default_factory=dict)
    core_price: float = 199.0
    upsell_price: float = 240.0
    repeat_amount: float = 25.0
    repeat_orders: float = 2.0
    visits_per_month: float = 3.0
    offer_share: float = 0.6
    accept_wait_days: float = 3.0
    lapse_share: float = 0.3
    lapse_after_days: float = 100.0
    lapse_notice_days: float = 21.0
    reactivation_share: float = 0.3
    reactivation_wait_days: float = 75.0
    nps_share: float = 0.6
    csat_weights: tuple[float, ...] = (0.04, 0.06, 0.15, 0.40, 0.35)
    nps_weights: tuple[float, ...] = (
        0.01,
        0.01,
        0.01,
        0.02,
        0.02,
        0.04,
        0.06,
        0.13,
        0.2,
        0.25,
        0.25,
    )
    wait_spread: float = 0.7
    touchpoint_reach: float = 0.5
    touchpoint_wait_days: float = 2.0
    emotion_lift: float = 2.0

    def __post_init__(self) -> None:
        if self.touchpoint_wait_days < 0 or self.emotion_lift < 0:
            raise ValueError("touchpoint_wait_days and emotion_lift must not be negative")
        names = (
            "offer_share",
            "lapse_share",
            "reactivation_share",
            "nps_share",
            "touchpoint_reach",
        )
        for name in names:
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be between 0 and 1")
        if len(self.csat_weights) != 5 or len(self.nps_weights) != 11:
            raise ValueError("csat_weights needs 5 weights (1-5), nps_weights 11 (0-10)")

    def step(self, kind: str, name: str = "") -> Conversion:
        """The step for a milestone: its override by name, else its kind's default."""
        if name in self.overrides:
            return self.overrides[name]
        return self.steps.get(kind, DEFAULT_STEPS.get(kind, DEFAULT_STEPS["custom"]))


_DAY = 86_400  # seconds


class _Log:
    """Events gathered stage by stage as arrays, joined once at the end."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.parts: list[tuple[Any, ...]] = []

    def code(self, name: str) -> int:
        if name not in self.names:
            self.names.append(name)
        return self.names.index(name)

    def add(self, who: Any, when: Any, name: str, amount: Any = None, score: Any = None) -> None:
        self.parts.append((who, when, self.code(name), amount, score))


def simulate_events(
    plan: Any,
    customers: int = 1000,
    seed: int = 0,
    start: str | pd.Timestamp = "2024-01-01",
    days: int = 365,
    settings: SimulationSettings | None = None,
) -> pd.DataFrame:
    """A realistic event log for ``customers`` prospects over ``days`` days from ``start``.

    ``plan`` is a :class:`~journey_lessons.milestones.MilestoneMap` or an object
    with one as ``.milestones`` (and, for touchpoint events, a
    :class:`~journey_lessons.paths.PathSet` as ``.paths``: a
    :class:`~journey_lessons.journey.JourneyPlan`). A map without a core
    purchase gets one implied (event ``core_purchase``), so there is always
    something to buy. Returns a
    DataFrame in the event-log schema, sorted by time: ``customer_id`` (1 to
    ``customers``), ``timestamp`` (whole seconds), ``event`` (categorical),
    ``amount``, ``order_id`` (one per purchase, in time order) and ``score``.
    """
    import numpy as np
    import pandas as pd

    if customers < 0 or days <= 0:
        raise ValueError("customers must be 0 or more and days more than 0")
    s = settings or SimulationSettings()
    rng = np.random.default_rng(seed)
    origin = int(pd.Timestamp(start).value // 1_000_000_000)
    end = float(days * _DAY)  # seconds from the start; nothing at or after it is kept
    log = _Log()

    def wait(n: int, median_days: float) -> Any:
        return median_days * _DAY * np.exp(s.wait_spread * rng.standard_normal(n))

    paths = _paths(plan, s)

    def on_the_way(
        event: str, who: Any, since: Any, chance: float, wait_days: float, until: Any = None
    ) -> tuple[Any, Any, float]:
        """The touchpoints met on the way to a milestone (logged): when the last one
        was due, each customer's chance of reaching the milestone, and the median wait
        left. ``until``: touchpoints due later are not met (the customer lapsed)."""
        if event not in paths:
            return since, chance, wait_days
        n, at, boost, norm = len(who), since, np.ones(len(since)), 1.0
        for name, days, lift in paths[event]:
            at = at + wait(n, days)
            met = rng.random(n) < s.touchpoint_reach
            if until is not None:
                met &= at <= until
            log.add(who[met], at[met], name)
            boost[met] *= lift
            norm *= 1 - s.touchpoint_reach + s.touchpoint_reach * lift
            wait_days -= days
        return at, np.minimum(chance * boost / norm, 1.0), max(wait_days, 0.0)

    # -- before the purchase, and the purchase ---------------------------------------
    events = milestone_events(plan)
    milestones = list(zip(events, _milestone_items(plan), strict=True))
    chain = [(e, m) for e, m in milestones if _stage(m) == "before"]
    cores = [(e, m) for e, m in milestones if _stage(m) == "core"]
    core_event = cores[0][0] if cores else "core_purchase"
    chain.append(cores[0] if cores else (core_event, None))
    after = [(e, m) for e, m in milestones if _stage(m) == "after"] + cores[1:]
    kinds = {_kind(m) for _, m in after}
    after += [(kind, None) for kind in _ALWAYS_AFTER if kind not in kinds]

    who = np.arange(1, customers + 1, dtype=np.int32)
    when = rng.random(customers) * end
    for index, (event, milestone) in enumerate(chain):
        if index and event in paths:
            step = s.step(_kind(milestone, event), getattr(milestone, "name", ""))
            who, when = who[when < end], when[when < end]
            last, chance, left = on_the_way(event, who, when, step.conversion, step.wait_days)
            reached = rng.random(len(who)) < chance
            who, when = who[reached], last[reached] + wait(int(reached.sum()), left)
        elif index:
            step = s.step(_kind(milestone, event), getattr(milestone, "name", ""))
            reached = (rng.random(len(who)) < step.conversion) & (when < end)
            who, when = who[reached], when[reached] + wait(int(reached.sum()), step.wait_days)
        elif event in paths:
            # from first contact: everyone meets the path on the way to the first milestone
            when = on_the_way(event, who, when, 1.0, 0.0)[0]
        price = np.full(len(who), s.core_price) if event == core_event else None
        log.add(who, when, event, amount=price)

    # -- after the purchase ------------------------------------------------------------
    bought = when < end
    buyers, paid = who[bought], when[bought]
    n = len(buyers)
    lapsed = rng.random(n) < s.lapse_share
    lapse = paid + wait(n, s.lapse_after_days)
    active_until = np.where(lapsed, np.minimum(lapse, end), end)
    marked = lapse + s.lapse_notice_days * _DAY
    log.add(buyers[lapsed], marked[lapsed], "lapse")
    back = lapsed & (rng.random(n) < s.reactivation_share)
    returned = marked[back] + wait(int(back.sum()), s.reactivation_wait_days)
    log.add(buyers[back], returned, "reactivation", amount=np.full(len(returned), s.core_price))
    _visits(log, rng, s, buyers, paid, active_until)
    _visits(log, rng, s, buyers[back], returned, np.full(len(returned), end))

    def reach(step: Conversion, event: str) -> tuple[Any, Any, Any]:
        """Buyers who reach an after-purchase milestone while still active, and when."""
        since, chance, left = on_the_way(
            event, buyers, paid, step.conversion, step.wait_days, active_until
        )
        hit = rng.random(n) < chance
        at = since[hit] + wait(int(hit.sum()), left)
        active = at <= active_until[hit]
        return buyers[hit][active], at[active], active_until[hit][active]

    for event, milestone in after:
        kind = _kind(milestone, event)
        step = s.step(kind, getattr(milestone, "name", ""))
        if kind == "upsell":
            offered, at, until = reach(Conversion(s.offer_share, step.wait_days), event)
            log.add(offered, at, f"{event}_offer")
            took = rng.random(len(offered)) < step.conversion
            accepted = at[took] + wait(int(took.sum()), s.accept_wait_days)
            keep = accepted <= until[took]
            price = np.full(int(keep.sum()), s.upsell_price)
            log.add(offered[took][keep], accepted[keep], event, amount=price)
        elif kind == "repeat_purchase":
            again, first, until = reach(step, event)
            count = 1 + rng.poisson(max(s.repeat_orders - 1, 0), len(again))
            rows = np.repeat(np.arange(len(again)), count)
            # the first repeat order after the wait, the others spread until inactive
            at = first[rows] + rng.random(len(rows)) * (until - first)[rows]
            at[np.r_[0, np.cumsum(count)[:-1]] if len(again) else []] = first
            amount = np.round(s.repeat_amount * np.exp(0.5 * rng.standard_normal(len(rows))), 2)
            log.add(again[rows], at, event, amount=amount)
        else:
            reached, at, _ = reach(step, event)
            amount = np.full(len(reached), s.core_price) if kind == "renewal" else None
            score = None
            if kind == "survey":
                score = rng.choice(np.arange(1.0, 6.0), len(reached), p=_norm(s.csat_weights))
            log.add(reached, at, event, amount=amount, score=score)
            if kind == "survey" and not any(e == "nps" for e in log.names):
                answer = rng.random(len(reached)) < s.nps_share
                nps = rng.choice(np.arange(0.0, 11.0), int(answer.sum()), p=_norm(s.nps_weights))
                log.add(reached[answer], at[answer] + 60, "nps", score=nps)
    return _frame(log, origin, end, np)


def _visits(log: _Log, rng: Any, s: SimulationSettings, who: Any, since: Any, until: Any) -> None:
    """Visits as a Poisson process between ``since`` and ``until`` for each customer."""
    import numpy as np

    span = np.clip(until - since, 0, None)
    count = rng.poisson(s.visits_per_month * span / (30.44 * _DAY))
    rows = np.repeat(np.arange(len(who)), count)
    log.add(who[rows], since[rows] + rng.random(len(rows)) * span[rows], "visit")


def _frame(log: _Log, origin: int, end: float, np: Any) -> pd.DataFrame:
    """The gathered events as one DataFrame in the schema, sorted by time."""
    import pandas as pd

    n = [len(p[0]) for p in log.parts]
    when = np.concatenate([p[1] for p in log.parts]).astype(np.int64)
    # the smallest codes that hold every name: a plan's touchpoints may pass 127
    width = np.int8 if len(log.names) < 128 else np.int16
    code = np.repeat(np.array([p[2] for p in log.parts], dtype=width), n)
    who = np.concatenate([p[0] for p in log.parts]).astype(np.int32)

    def optional(i: int) -> Any:
        return np.concatenate(
            [p[i] if p[i] is not None else np.full(len(p[0]), np.nan) for p in log.parts]
        )

    amount, score = optional(3), optional(4)
    keep = when < end
    order = np.argsort(when[keep], kind="stable")
    when = (when[keep][order] + origin) * 1_000_000_000
    amount = amount[keep][order]
    paid = ~np.isnan(amount)
    orders = np.zeros(len(amount), dtype=np.int64)
    orders[paid] = np.arange(1, int(paid.sum()) + 1)
    return pd.DataFrame(
        {
            "customer_id": who[keep][order],
            "timestamp": when.astype("datetime64[ns]"),
            "event": pd.Categorical.from_codes(code[keep][order], categories=log.names),
            "amount": amount,
            "order_id": pd.arrays.IntegerArray(orders, ~paid),
            "score": score[keep][order],
        },
        columns=list(COLUMNS),
    )


def _paths(plan: Any, s: SimulationSettings) -> dict[str, list[tuple[str, float, float]]]:
    """The touchpoints on the way to each milestone, by the milestone's event:
    ``(touchpoint event, median wait in days, conversion lift)`` in path order.

    Only paths that join first contact and the first milestone, or two
    consecutive milestones of the map, are walked (see ``PathSet.segments``).
    """
    paths = getattr(plan, "paths", None)
    if not hasattr(paths, "segments"):
        return {}
    names = list(touchpoint_events(plan))
    event_of = {}  # (path index, place on the path) -> touchpoint event
    for index, path in enumerate(paths.paths):
        for place in range(len(path.touchpoints)):
            event_of[index, place] = names[len(event_of)]
    milestone_of = {name_key(name): event for event, name in milestone_events(plan).items()}
    scale = paths.scale
    half = (scale.high - scale.low) / 2
    found: dict[str, list[tuple[str, float, float]]] = {}
    for segment in paths.segments(plan.milestones):
        if not segment.fits or segment.path is None or not segment.path.touchpoints:
            continue
        found[milestone_of[name_key(segment.end)]] = [
            (
                event_of[segment.index, place],
                s.touchpoint_wait_days if t.wait_days is None else float(t.wait_days),
                (1 + s.emotion_lift) ** ((t.emotion - scale.neutral) / half),
            )
            for place, t in enumerate(segment.path.touchpoints)
        ]
    return found


def _stage(milestone: Any) -> str:
    return str(getattr(milestone.stage, "value", milestone.stage))


def _kind(milestone: Any, event: str = "custom") -> str:
    return milestone.kind if milestone is not None else event


def _norm(weights: tuple[float, ...]) -> Any:
    import numpy as np

    w = np.asarray(weights, dtype=float)
    return w / w.sum()


__all__ = ["DEFAULT_STEPS", "Conversion", "SimulationSettings", "simulate_events"]
