"""KPIs read from an event log, each with its definition spelled out.

Every function takes the event log (an :class:`~journey_lessons.events.EventLog`
from ``read_events`` or a DataFrame in its schema, such as ``simulate_events``
returns) and an optional window ``start``/``end``: only events with
``start <= timestamp < end`` are read, whatever the KPI. Thresholds are
arguments with defaults. A KPI with nothing to measure (no buyers, no survey
answers) is ``nan``, never zero: ``check_events`` says why.

A *purchase* is a row with an amount above zero. An *order* is one order id of
one customer, or one purchase row when the order id is missing; the amounts of an
order's rows add up.

The work is done on whole numpy arrays prepared once per log, with customers as
whole-number codes and sorts that are linear where the log comes in time order;
:func:`kpi_report` shares that work between its KPIs and computes the dormancy KPI
on a second core, so a report over ten million events takes about a second.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from . import _sample
from ._fields import name_key
from .events import COLUMNS, TOUCHPOINT_PREFIX, milestone_events, touchpoint_events
from .findings import Finding, Findings, Severity
from .moscow import KpiResult

if TYPE_CHECKING:
    import pandas as pd

_NS_PER_DAY = 86_400 * 10**9
_NEVER = 2**63 - 1  # "not reached": later than any timestamp


class _Log:
    """The columns of an event log as numpy arrays, window applied, computed once."""

    def __init__(self, events: Any, start: Any = None, end: Any = None) -> None:
        import numpy as np
        import pandas as pd

        frame = events.events if hasattr(events, "report") else events
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"expected an event log or a DataFrame, not {type(frame).__name__}")
        missing = [c for c in COLUMNS if c not in frame.columns]
        if missing:
            raise ValueError(
                f"the events have no column {', '.join(missing)}: read them with "
                "read_events(), which fills in the schema"
            )
        stamps = frame["timestamp"]
        if not pd.api.types.is_datetime64_dtype(stamps):
            raise ValueError("timestamp is not a date-time column: read the log with read_events()")
        ts = stamps.to_numpy()
        ts = (ts if ts.dtype == "datetime64[ns]" else ts.astype("datetime64[ns]")).view(np.int64)

        keep = None
        if start is not None:
            keep = ts >= pd.Timestamp(start).as_unit("ns").value
        if end is not None:
            before = ts < pd.Timestamp(end).as_unit("ns").value
            keep = before if keep is None else keep & before
        self.end = pd.Timestamp(end).as_unit("ns").value if end is not None else None

        def column(values: Any) -> Any:
            return values if keep is None else values[keep]

        self.ts = column(ts)
        self.customer_codes(frame["customer_id"], column)
        event = frame["event"]
        if isinstance(event.dtype, pd.CategoricalDtype):
            self.event = column(event.cat.codes.to_numpy())
            self.event_names = [str(c) for c in event.cat.categories]
        else:
            codes, names = pd.factorize(event)
            self.event, self.event_names = column(codes), [str(c) for c in names]
        self.amount = column(frame["amount"].to_numpy(dtype="float64", na_value=np.nan))
        self.score = column(frame["score"].to_numpy(dtype="float64", na_value=np.nan))
        self.paid = self.amount > 0
        self._orders = frame["order_id"]
        self._order_keep = keep
        # work that several KPIs share, done once per log
        self._cache: dict[Any, Any] = {}

    def cached(self, key: Any, make: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def customer_codes(self, ids: Any, column: Any) -> None:
        """Customers as codes 0..n-1 (whole-number ids that are small enough used as is)."""
        import pandas as pd

        if isinstance(ids.dtype, pd.CategoricalDtype):
            self.customer = column(ids.cat.codes.to_numpy())
            self.n = len(ids.cat.categories)
            return
        values = ids.to_numpy()
        if pd.api.types.is_integer_dtype(values) and len(values):
            low, high = int(values.min()), int(values.max())
            if low >= 0 and high < 4 * len(values) + 1024:
                # ids 1..N need no hashing: an id is its own code
                self.customer, self.n = column(values), high + 1
                return
        codes, uniques = pd.factorize(values)
        self.customer, self.n = column(codes), len(uniques)

    def is_event(self, name: str, *, ignore_case: bool = False) -> Any:
        """Rows (positions) of the event ``name``; ``ignore_case`` takes ``Survey`` for ``survey``.

        Positions rather than a mask: taking a few rows by position is several
        times faster than by a mask over the whole log.
        """
        import numpy as np

        if ignore_case:
            wanted = name.casefold()
            codes = [i for i, n in enumerate(self.event_names) if n.casefold() == wanted]
        else:
            codes = [self.event_names.index(name)] if name in self.event_names else []
        if len(codes) == 1:
            return np.flatnonzero(self.event == codes[0])
        return np.flatnonzero(np.isin(self.event, codes))

    def first(self, rows: Any) -> Any:
        """Each customer's earliest time among ``rows`` (``_NEVER`` if none)."""
        import numpy as np

        out = np.full(self.n, _NEVER, dtype=np.int64)
        np.minimum.at(out, self.customer[rows], self.ts[rows])
        return out

    def paid_rows(self) -> Any:
        """Positions of the purchases."""
        import numpy as np

        return self.cached("paid_rows", lambda: np.flatnonzero(self.paid))

    def buyers(self) -> tuple[Any, Any, Any, Any]:
        """The buyers, and the rows of their events, shared by the cohort and dormancy KPIs.

        Returns the customer code of each buyer, each buyer's first purchase
        time, and for every event of a buyer its position in the log and its
        buyer number (0..buyers-1). Buyers are few, so a table by buyer number
        stays in the CPU caches where one by customer code would not.
        """
        return self.cached("buyers", self._make_buyers)

    def _make_buyers(self) -> tuple[Any, Any, Any, Any]:
        import numpy as np

        acquired = self.first_purchase()
        buyers = np.flatnonzero(acquired != _NEVER)
        # a table of one byte per customer stays in the caches for a look-up per row
        is_buyer = np.zeros(self.n, dtype=bool)
        is_buyer[buyers] = True
        rows = np.flatnonzero(is_buyer[self.customer])
        number = np.full(self.n, -1, dtype=np.int32)
        number[buyers] = np.arange(len(buyers), dtype=np.int32)
        return buyers, acquired[buyers], rows, number[self.customer[rows]]

    def has(self, rows: Any) -> Any:
        """Whether each customer has one of ``rows`` (positions, or a mask)."""
        return self.has_customers(self.customer[rows])

    def has_customers(self, codes: Any) -> Any:
        """Whether each customer is among ``codes``."""
        import numpy as np

        out = np.zeros(self.n, dtype=bool)
        out[codes] = True
        return out

    def orders(self) -> tuple[Any, Any, Any]:
        """One entry per order: its customer, its key, and its amount (rows of an order summed)."""
        return self.cached("orders", self._make_orders)

    def in_time_order(self) -> bool:
        """Whether the rows come in time order (as simulated and most exported logs do)."""
        return self.cached("in_time_order", lambda: not (self.ts[1:] < self.ts[:-1]).any())

    def first_purchase(self) -> Any:
        return self.cached("first_purchase", lambda: self.first(self.paid_rows()))

    def _make_orders(self) -> tuple[Any, Any, Any]:
        import numpy as np
        import pandas as pd

        paid = self.paid_rows()
        # the order ids are read from the whole log: positions in the window to positions there
        whole = paid if self._order_keep is None else np.flatnonzero(self._order_keep)[paid]
        orders = self._orders.array
        if isinstance(orders.dtype, pd.CategoricalDtype):
            codes = orders.codes[whole].astype(np.int64)
        else:
            codes = pd.factorize(orders.take(whole))[0].astype(np.int64)
        # a purchase without an order id is an order of its own
        loose = codes < 0
        codes[loose] = codes.max(initial=-1) + 1 + np.arange(int(loose.sum()))
        customer = self.customer[paid].astype(np.int64)
        pair = customer * (int(codes.max(initial=0)) + 1) + codes
        unique, index = np.unique(pair, return_inverse=True)
        amount = np.bincount(index.ravel(), weights=self.amount[paid], minlength=len(unique))
        width = int(codes.max(initial=0)) + 1
        return unique // width, unique % width, amount


def _window(events: Any, start: Any, end: Any) -> _Log:
    return events if isinstance(events, _Log) else _Log(events, start, end)


def _ratio(top: float, bottom: float) -> float:
    return float(top) / float(bottom) if bottom else float("nan")


# -- the funnel ----------------------------------------------------------------------------


def _steps(steps: Any) -> tuple[list[str], dict[str, str]]:
    """Funnel steps as event names, and the milestone name shown for each.

    A map (or a plan holding one) gives its milestones before the purchase, then
    the purchase: the path to buying. After-purchase milestones have KPIs of
    their own (CSAT, upsell conversion, referral rate).
    """
    if isinstance(steps, str):
        raise TypeError("steps is a list of event names, not one name")
    if hasattr(steps, "milestones"):
        inner = steps.milestones
        items = tuple(getattr(inner, "milestones", inner))
        names = milestone_events(steps)
        chosen = [
            (event, m.name)
            for (event, m) in zip(names, items, strict=True)
            if str(getattr(m.stage, "value", m.stage)) in ("before", "core")
        ]
        core = [e for e, m in zip(names, items, strict=True) if m.kind == "core_purchase"]
        cut = [e for e, _ in chosen].index(core[0]) + 1 if core else len(chosen)
        chosen = chosen[:cut]
        return [e for e, _ in chosen], dict(chosen)
    events = [str(s) for s in steps]
    return events, {e: e for e in events}


def _funnel_times(log: _Log, steps: Sequence[str], within_days: float | None) -> list[Any]:
    """For each step, the time each customer reached it in order (``_NEVER`` if not)."""
    return log.cached(
        ("funnel", tuple(steps), within_days), lambda: _reach(log, steps, within_days)
    )


def _reach(log: _Log, steps: Sequence[str], within_days: float | None) -> list[Any]:
    import numpy as np

    entry = log.first(log.is_event(steps[0]))
    entered = entry != _NEVER
    if within_days is None:
        deadline = np.full(log.n, _NEVER, dtype=np.int64)
    else:
        window = round(within_days * _NS_PER_DAY)
        deadline = np.where(entered, np.where(entered, entry, 0) + window, -1)
    times, previous = [entry], entry
    for step in steps[1:]:
        rows = log.is_event(step)
        who, when = log.customer[rows], log.ts[rows]
        ok = (when >= previous[who]) & (when <= deadline[who])
        reached = np.full(log.n, _NEVER, dtype=np.int64)
        np.minimum.at(reached, who[ok], when[ok])
        times.append(reached)
        previous = reached
    return times


def funnel(
    events: Any,
    steps: Any,
    *,
    within_days: float | None = 180,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """The milestone funnel: how many customers reach each step, in order, and the conversions.

    Cohort: customers with an event of the first step. A customer reaches step
    *k* with an event of step *k* at or after the time they reached step *k-1*
    (a tie in time counts) and at most ``within_days`` after their first
    event of the first step (``None``: no limit). Steps reached out of order
    do not count. ``from_previous`` = reached step *k* / reached step *k-1*;
    ``from_first`` = reached step *k* / reached step 1.

    ``steps`` is a list of event names, or a milestone map (or plan): its
    milestones up to the core purchase, shown with the learner's names.
    Returns one row per step: ``step``, ``event``, ``milestone``,
    ``customers``, ``from_previous``, ``from_first``.
    """
    import pandas as pd

    log = _window(events, start, end)
    names, labels = _steps(steps)
    if not names:
        raise ValueError("a funnel needs at least one step")
    counts = [int((t != _NEVER).sum()) for t in _funnel_times(log, names, within_days)]
    return pd.DataFrame(
        {
            "step": range(1, len(names) + 1),
            "event": names,
            "milestone": [labels[e] for e in names],
            "customers": counts,
            "from_previous": [1.0 if counts[0] else float("nan")]
            + [_ratio(b, a) for a, b in pairwise(counts)],
            "from_first": [_ratio(c, counts[0]) for c in counts],
        }
    )


def time_between(
    events: Any,
    steps: Any,
    *,
    within_days: float | None = 180,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """Days from one funnel step to the next, among the customers who made that move.

    The times are those of :func:`funnel` (in order, within ``within_days`` of
    the first step). For each pair of neighbouring steps: ``customers`` who
    reached the second, and the first quartile, median and third quartile of
    their waits in days (linear interpolation between answers). Customers who
    never converted are left out, not counted as zero.
    """
    import numpy as np
    import pandas as pd

    log = _window(events, start, end)
    names, labels = _steps(steps)
    times = _funnel_times(log, names, within_days)
    rows = []
    for k in range(1, len(names)):
        reached = times[k] != _NEVER
        days = (times[k][reached] - times[k - 1][reached]) / _NS_PER_DAY
        q1, median, q3 = np.percentile(days, [25, 50, 75]) if len(days) else [np.nan] * 3
        rows.append(
            (labels[names[k - 1]], labels[names[k]], len(days), float(q1), float(median), float(q3))
        )
    return pd.DataFrame(
        rows, columns=["from", "to", "customers", "q1_days", "median_days", "q3_days"]
    )


# -- money ------------------------------------------------------------------------------


def upsell_conversion(
    events: Any,
    *,
    offer: str = "upsell_offer",
    accept: str = "upsell",
    within_days: float = 30,
    start: Any = None,
    end: Any = None,
) -> float:
    """Upsell conversion rate: customers who accepted / customers offered.

    Denominator: customers with at least one ``offer`` event. Numerator: those
    of them with an ``accept`` event at or after their first offer and at most
    ``within_days`` later.
    """
    log = _window(events, start, end)
    offered = log.first(log.is_event(offer))
    rows = log.is_event(accept)
    who, when = log.customer[rows], log.ts[rows]
    first = offered[who]
    ok = (first != _NEVER) & (when >= first) & (when - first <= within_days * _NS_PER_DAY)
    import numpy as np

    took = np.zeros(log.n, dtype=bool)
    took[who[ok]] = True
    accepted = int(took.sum())
    return _ratio(accepted, int((offered != _NEVER).sum()))


def upsell_candidates(
    events: Any,
    *,
    core: str = "core_purchase",
    offer: str = "upsell_offer",
    accept: str = "upsell",
    survey: str = "survey",
    active_days: float = 60,
) -> Any:
    """The buyers to offer the upsell next, read from what they did: a pandas DataFrame.

    A candidate bought the core offering (a ``core`` event), has not been offered
    the upsell nor bought it (no ``offer`` or ``accept`` event), and did something
    in the last ``active_days`` of the log. Per candidate: the purchases and the
    money spent (amounts above zero), the events in those last days, the days
    since the last one, and the last ``survey`` score (empty when they never
    answered). The most engaged come first: most recent events, then the most
    spent. The log's last timestamp is "now", so a past log reads the same on
    any day.
    """
    import pandas as pd

    frame = events.events if hasattr(events, "report") else events
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected an event log or a DataFrame, not {type(frame).__name__}")
    columns = ["customer_id", "purchases", "spent", "recent_events", "days_since_last",
               "last_survey"]  # fmt: skip
    if frame.empty:
        return pd.DataFrame(columns=columns)
    event = frame["event"].astype(str).str.casefold()
    who = frame["customer_id"]
    bought = set(who[event == core.casefold()])
    offered = set(who[event.isin([offer.casefold(), accept.casefold()])])
    now = frame["timestamp"].max()
    recent = frame["timestamp"] >= now - pd.Timedelta(days=active_days)
    paid = frame["amount"] > 0
    answers = frame[(event == survey.casefold()) & frame["score"].notna()]
    by_customer = pd.DataFrame(
        {
            "purchases": paid.groupby(who, observed=True).sum(),
            "spent": frame["amount"].where(paid, 0.0).groupby(who, observed=True).sum(),
            "recent_events": recent.groupby(who, observed=True).sum(),
            "last_seen": frame["timestamp"].groupby(who, observed=True).max(),
        }
    )
    last_survey = answers.sort_values("timestamp").groupby("customer_id", observed=True)["score"]
    by_customer["last_survey"] = last_survey.last()
    chosen = by_customer[
        by_customer.index.isin(bought - offered) & (by_customer["recent_events"] > 0)
    ].copy()
    chosen["days_since_last"] = (now - chosen["last_seen"]).dt.total_seconds() / 86_400
    chosen = chosen.sort_values(["recent_events", "spent"], ascending=False, kind="stable")
    chosen = chosen.rename_axis("customer_id").reset_index()
    return chosen[columns].astype({"purchases": "int64", "recent_events": "int64"})


def average_order_value(events: Any, *, start: Any = None, end: Any = None) -> float:
    """Average order value: revenue / orders.

    Revenue: the sum of all amounts above zero. Orders: distinct order ids of
    each customer, a purchase without an order id counting as one order.
    """
    log = _window(events, start, end)
    _, _, amount = log.orders()
    return _ratio(amount.sum(), len(amount))


def repeat_purchase_rate(
    events: Any, *, min_orders: int = 2, start: Any = None, end: Any = None
) -> float:
    """Repeat purchase rate: purchasers with ``min_orders`` or more orders / purchasers.

    Purchasers: customers with at least one order. Orders as in
    :func:`average_order_value`, counted per customer.
    """
    import numpy as np

    log = _window(events, start, end)
    customer, _, _ = log.orders()
    per_customer = np.bincount(customer, minlength=log.n)
    return _ratio(int((per_customer >= min_orders).sum()), int((per_customer > 0).sum()))


def historic_clv(events: Any, *, start: Any = None, end: Any = None) -> float:
    """Historic customer lifetime value: revenue / purchasers, over the window.

    What an average paying customer has brought in so far: all amounts above
    zero, divided by the customers with at least one purchase. It looks back
    only, and grows with the length of the window.
    """
    import numpy as np

    log = _window(events, start, end)
    customer, _, amount = log.orders()
    # orders come sorted by customer: count where the customer changes
    buyers = int(np.count_nonzero(np.diff(customer))) + 1 if len(customer) else 0
    return _ratio(amount.sum(), buyers)


def predictive_clv(
    events: Any,
    *,
    margin: float = 0.6,
    retention: float | None = None,
    discount_rate: float = 0.10,
    start: Any = None,
    end: Any = None,
) -> float:
    """Predictive customer lifetime value, the simple geometric form.

    CLV = m × (1 + d) / (1 + d − r), where m = ``margin`` × historic CLV (the
    profit a customer brings per window, taken as one period), r = the share of
    customers kept from one period to the next, and d = ``discount_rate`` per
    period. When ``retention`` is not given, the repeat purchase rate over the
    window stands in for r. It assumes every period is like the window: read it
    as an order of magnitude.
    """
    if not 0 <= margin <= 1:
        raise ValueError("margin is a share of revenue, between 0 and 1")
    if discount_rate < 0:
        raise ValueError("discount_rate must not be negative")
    log = _window(events, start, end)
    r = repeat_purchase_rate(log) if retention is None else retention
    if not 0 <= r < 1 + discount_rate:
        raise ValueError("retention must be between 0 and 1")
    d = discount_rate
    return margin * historic_clv(log) * (1 + d) / (1 + d - r)


# -- retention -----------------------------------------------------------------------


def _month_starts(log: _Log) -> Any:
    """The first instant of each calendar month the window touches, in ns."""
    import numpy as np

    low = np.datetime64(int(log.ts.min()), "ns").astype("datetime64[M]")
    last = log.end - 1 if log.end is not None else int(log.ts.max())
    high = np.datetime64(last, "ns").astype("datetime64[M]")
    return np.arange(low, high + 2).astype("datetime64[ns]").view(np.int64)


def _cohort_counts(log: _Log) -> tuple[Any, Any, Any]:
    """Cohort months, cohort sizes and active counts per month offset (nan: not reached)."""
    import numpy as np

    if not log.paid.any():
        return np.array([], dtype="datetime64[M]"), np.zeros(0), np.zeros((0, 0))
    bounds = _month_starts(log)
    months = len(bounds) - 1
    acquired = log.first_purchase()
    buyers = np.flatnonzero(acquired != _NEVER)
    cohort_of = np.searchsorted(bounds, acquired[buyers], side="right") - 1
    index = np.full(log.n, -1, dtype=np.int64)
    index[buyers] = np.arange(len(buyers))

    rows = index[log.customer]
    mine = rows >= 0
    rows = rows[mine]
    month = np.searchsorted(bounds, log.ts[mine], side="right") - 1
    offset = month - cohort_of[rows]
    later = offset >= 0
    active = np.zeros((len(buyers), months), dtype=bool)
    active[rows[later], offset[later]] = True

    cohorts = np.unique(cohort_of)
    position = np.searchsorted(cohorts, cohort_of)
    sizes = np.bincount(position, minlength=len(cohorts)).astype(float)
    counts = np.stack(
        [
            np.bincount(position, weights=active[:, k], minlength=len(cohorts))
            for k in range(months)
        ],
        axis=1,
    )
    # a cohort's month k exists only if the window reaches it
    unseen = cohorts[:, None] + np.arange(months)[None, :] >= months
    counts[unseen] = np.nan
    labels = bounds[cohorts].astype("datetime64[ns]").astype("datetime64[M]")
    return labels, sizes, counts


def cohort_table(
    events: Any, *, measure: str = "retention", start: Any = None, end: Any = None
) -> pd.DataFrame:
    """Retention (or churn) by monthly acquisition cohort.

    Cohort: the calendar month of a customer's first purchase. Retention in
    month *k* = customers of the cohort with any event in the *k*-th calendar
    month after it / customers in the cohort (month 0 is the month they
    bought, so 1.0). Churn = 1 − retention. Months the log does not reach are
    empty. Rows: cohorts as ``YYYY-MM``; columns: ``customers``, then 0, 1, 2...
    """
    import pandas as pd

    if measure not in ("retention", "churn"):
        raise ValueError("measure is 'retention' or 'churn'")
    log = _window(events, start, end)
    labels, sizes, counts = _cohort_counts(log)
    shares = counts / sizes[:, None] if len(sizes) else counts
    if measure == "churn":
        shares = 1 - shares
    table = pd.DataFrame(shares, columns=list(range(shares.shape[1])))
    table.insert(0, "customers", sizes.astype(int))
    table.index = pd.Index([str(m) for m in labels], name="cohort")
    return table


def retention_rate(events: Any, *, month: int = 1, start: Any = None, end: Any = None) -> float:
    """Retention after ``month`` months, over every cohort the log follows that long.

    Customers with any event in the ``month``-th calendar month after their
    first purchase / customers whose cohort the log follows to that month
    (the cohorts of :func:`cohort_table`, weighted by size).
    """
    log = _window(events, start, end)
    return _retention(log, month)


def _retention(log: _Log, month: int) -> float:
    """:func:`retention_rate` without the whole cohort table: one pass over the rows."""
    import numpy as np

    if not log.paid.any():
        return float("nan")
    bounds = _month_starts(log)
    months = len(bounds) - 1
    if months <= month:
        return float("nan")
    _, acquired, rows, buyer = log.buyers()
    cohort = np.searchsorted(bounds, acquired, side="right") - 1
    followed = cohort + month < months  # the window reaches the cohort's month
    # the month (index into bounds) in which each followed buyer counts as retained
    due = np.where(followed, cohort + month, -1).astype(np.int32)
    due_of_row = due[buyer]
    when = log.ts[rows]
    active = np.zeros(len(acquired), dtype=bool)
    if log.in_time_order():
        # the rows of each month are one slice: no month per row to compute
        edges = np.searchsorted(when, bounds, side="left")
        for k in range(month, months):
            part = slice(edges[k], edges[k + 1])
            active[buyer[part][due_of_row[part] == k]] = True
    else:
        row_month = np.searchsorted(bounds, when, side="right") - 1
        active[buyer[due_of_row == row_month]] = True
    return _ratio(int(active.sum()), int(followed.sum()))


def churn_rate(events: Any, *, month: int = 1, start: Any = None, end: Any = None) -> float:
    """Churn after ``month`` months: 1 − :func:`retention_rate`, over the same cohorts."""
    return 1 - retention_rate(events, month=month, start=start, end=end)


# -- advocacy and comeback ----------------------------------------------------------------


def referral_rate(
    events: Any, *, event: str = "referral", start: Any = None, end: Any = None
) -> float:
    """Referring-customer rate: customers who referred / customers.

    Customers: those with at least one purchase. Referrers: those of them with
    at least one ``event`` row (before or after buying). Counts people, not
    referrals: a customer who refers five friends counts once.
    """
    log = _window(events, start, end)
    buyers = log.has(log.paid)
    referred = log.has(log.is_event(event))
    return _ratio(int((buyers & referred).sum()), int(buyers.sum()))


def reactivation_rate(
    events: Any, *, dormant_days: float = 60, start: Any = None, end: Any = None
) -> float:
    """Reactivation rate: dormant customers who bought again / dormant customers.

    Read from each customer's first purchase on. Dormant: a gap of at least
    ``dormant_days`` with no event at all, between two events or between the
    last event and the end of the window (``end``, else the log's last event).
    Reactivated: a purchase that ends such a gap.
    """
    log = _window(events, start, end)
    return _reactivation(log, dormant_days)


def _reactivation(log: _Log, dormant_days: float) -> float:
    import numpy as np

    _, acquired, rows, buyer = log.buyers()
    when = log.ts[rows]
    since = when >= acquired[buyer]
    rows, customer, when = rows[since], buyer[since], when[since]
    del since
    paid = log.paid[rows]
    if not len(customer):
        return float("nan")
    low = int(when.min())
    seconds = (when - low) // 10**9
    del when
    span_bits = (int(seconds.max()) + 1).bit_length()
    # each customer's events in time (s), a purchase first on a tie, so that the gap
    # before it is the long one
    if log.in_time_order():
        customer, seconds, later = _by_customer(customer, seconds, ~paid, len(acquired))
    elif len(acquired).bit_length() + span_bits + 1 < 63:
        # one sortable number per row: customer, then time (s), then the tie-break, in bits
        key = customer.astype(np.int64) << (span_bits + 1)
        key |= seconds << 1
        key |= ~paid
        del seconds, customer, paid
        key.sort()
        later = (key & 1).astype(bool)
        seconds = (key >> 1) & ((1 << span_bits) - 1)
        customer = key >> (span_bits + 1)
        del key
    else:
        later = ~paid
        order = np.lexsort((later, seconds, customer))
        customer, seconds, later = customer[order], seconds[order], later[order]
    threshold = dormant_days * 86_400
    same = customer[1:] == customer[:-1]
    long_gap = np.diff(seconds) >= threshold
    long_gap &= same
    final = (log.end if log.end is not None else int(log.ts.max())) - low
    idle = final // 10**9 - seconds >= threshold
    idle[:-1] &= ~same  # only a customer's last event can be followed by the end
    dormant = np.zeros(len(acquired), dtype=bool)
    dormant[customer[idle]] = True
    after = customer[1:]
    dormant[after[long_gap]] = True
    long_gap &= ~later[1:]
    back = np.zeros(len(acquired), dtype=bool)
    back[after[long_gap]] = True
    return _ratio(int(back.sum()), int(dormant.sum()))


def _by_customer(customer: Any, seconds: Any, later: Any, count: int) -> tuple[Any, Any, Any]:
    """Rows in time order, grouped by customer (codes below ``count``) keeping that order.

    A radix sort on the customer codes, 16 bits at a time: linear in the rows,
    where a comparison sort of the same rows takes several times as long.
    """
    import numpy as np

    step = seconds << 1
    step |= later
    if (step[1:] < step[:-1]).any():
        # a purchase after another event in the same second: put it first
        order = np.argsort(step, kind="stable")  # nearly sorted already: quick
        step, customer = step[order], customer[order]
    order = np.argsort((customer & 0xFFFF).astype(np.uint16), kind="stable")
    if count > 1 << 16:
        high = (customer[order] >> 16).astype(np.uint16)
        order = order[np.argsort(high, kind="stable")]
    step = step[order]
    customer = np.repeat(np.arange(count), np.bincount(customer, minlength=count))
    return customer, step >> 1, (step & 1).astype(bool)


# -- satisfaction ---------------------------------------------------------------------------


def csat(
    events: Any, *, event: str = "survey", satisfied: float = 4, start: Any = None, end: Any = None
) -> float:
    """CSAT: answers of ``satisfied`` or more (4 or 5 on a 1-5 scale) / all answers.

    Every ``event`` row with a score is one answer (a customer who answers twice
    counts twice); the event name is matched ignoring case, so ``Survey`` counts.
    """
    import numpy as np

    log = _window(events, start, end)
    # matched ignoring case, as read_events checks the answer scales (events.SCALES)
    scores = log.score[log.is_event(event, ignore_case=True)]
    scores = scores[~np.isnan(scores)]
    return _ratio(int((scores >= satisfied).sum()), len(scores))


def nps(events: Any, *, event: str = "nps", start: Any = None, end: Any = None) -> float:
    """Net Promoter Score: % promoters (9-10) − % detractors (0-6), from −100 to 100.

    Every ``event`` row with a score (0-10, "how likely are you to recommend
    us?") is one answer, its name matched ignoring case; passives (7-8) count
    in the total only.
    """
    import numpy as np

    log = _window(events, start, end)
    scores = log.score[log.is_event(event, ignore_case=True)]
    scores = scores[~np.isnan(scores)]
    return 100 * _ratio(int((scores >= 9).sum()) - int((scores <= 6).sum()), len(scores))


# -- touchpoints ------------------------------------------------------------------------------


def touchpoint_results(
    events: Any,
    plan: Any,
    *,
    within_days: float = 180,
    start: Any = None,
    end: Any = None,
) -> dict[str, KpiResult]:
    """Each touchpoint's conversion against its target, by touchpoint name.

    For a touchpoint on a path that ends at a milestone of the plan:

    - denominator: customers with at least one event of the touchpoint
      (``touchpoint:<name>``, see :func:`~journey_lessons.events.touchpoint_events`);
    - numerator: those of them with an event of the path's end milestone at or
      after the first time they met the touchpoint, and at most ``within_days``
      later.

    The target is ``plan.kpi_targets["touchpoint:<name>"]`` (name compared with
    case and spacing ignored) when the plan sets one; otherwise the path's
    overall conversion, the same share over the customers who met any
    touchpoint of the path, from the first one they met. A touchpoint above it
    converts better than its path as a whole. Touchpoints nobody met, and
    paths whose end is not a milestone of the plan, are left out; a name on two
    paths is measured on the first. Pass the result to
    :func:`journey_lessons.moscow.reprioritize` with the plan's board.
    """
    import numpy as np

    log = _window(events, start, end)
    window = round(within_days * _NS_PER_DAY)
    milestone_of = {name_key(name): event for event, name in milestone_events(plan).items()}
    targets = {
        name_key(key[len(TOUCHPOINT_PREFIX) :]): value
        for key, value in getattr(plan, "kpi_targets", {}).items()
        if key.startswith(TOUCHPOINT_PREFIX)
    }
    names = iter(touchpoint_events(plan))

    def conversion(since: Any, goal: Any) -> float:
        """Customers who reach ``goal`` within the window of ``since`` / those with a ``since``."""
        who, when = log.customer[goal], log.ts[goal]
        t0 = since[who]
        ok = (t0 != _NEVER) & (when >= t0) & (when - t0 <= window)
        return _ratio(int(log.has_customers(who[ok]).sum()), int((since != _NEVER).sum()))

    results: dict[str, KpiResult] = {}
    for path in plan.paths.paths:
        met = [(t, log.first(log.is_event(next(names)))) for t in path.touchpoints]
        goal = milestone_of.get(name_key(path.end))
        if goal is None or not met:
            continue
        rows = log.is_event(goal)
        overall = conversion(np.minimum.reduce([first for _, first in met]), rows)
        label = f"conversion to '{path.end.strip()}' within {within_days:g} days"
        for touchpoint, first in met:
            value = conversion(first, rows)
            target = targets.get(name_key(touchpoint.name), overall)
            if value == value and target == target and touchpoint.name not in results:
                results[touchpoint.name] = KpiResult(label, value, float(target))
    return results


# -- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KPI:
    """A KPI of the report: its key (for targets), label, unit and which way is better."""

    key: str
    label: str
    unit: str
    higher_is_better: bool = True


def format_value(value: float | None, unit: str) -> str:
    """A KPI value as a learner reads it: 34.5%, 148.02, 12.0 days, +35.7 (NPS points)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "share":
        return f"{value:.1%}"
    if unit == "days":
        return f"{value:.1f} days"
    if unit == "points":
        return f"{value:+.1f}"
    return f"{value:,.2f}"


@dataclass(frozen=True)
class KpiValues:
    """Some KPI values by key, shown as a learner reads them; ``values[key]`` is the number."""

    values: Mapping[str, float]

    def rows(self) -> list[tuple[str, str]]:
        kpis = {k.key: k for k in _report_kpis([], {})}
        return [(kpis[k].label, format_value(v, kpis[k].unit)) for k, v in self.values.items()]

    def __getitem__(self, key: str) -> float:
        return self.values[key]

    def __repr__(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.rows())

    def _repr_html_(self) -> str:
        from ._html import html_table

        return html_table(["KPI", "value"], self.rows())


def shown(**values: float) -> KpiValues:
    """KPI values by key (``shown(csat=csat(events))``), to show as 28.7% rather than 0.287."""
    known = {k.key for k in _report_kpis([], {})}
    unknown = sorted(set(values) - known)
    if unknown:
        names = ", ".join(sorted(known))
        raise KeyError(f"no KPI is called {', '.join(unknown)}: use one of {names}")
    return KpiValues(dict(values))


def readable(report: pd.DataFrame) -> pd.DataFrame:
    """A :func:`kpi_report` table with its value and target as text a learner reads (28.7%)."""
    table = report.copy()
    for column in ("value", "target"):
        units = report["unit"]
        table[column] = [format_value(v, u) for v, u in zip(report[column], units, strict=True)]
    return table


def _report_kpis(steps: Sequence[str], labels: Mapping[str, str]) -> list[KPI]:
    first = labels[steps[0]] if steps else ""
    funnel_rows = [
        KPI(f"funnel:{event}", f"Reached '{labels[event]}' (of '{first}')", "share")
        for event in steps[1:]
    ]
    waits = [
        KPI(f"days:{a}->{b}", f"Median days '{labels[a]}' → '{labels[b]}'", "days", False)
        for a, b in pairwise(steps)
    ]
    return [
        *funnel_rows,
        *waits,
        KPI("upsell_conversion", "Upsell conversion rate", "share"),
        KPI("average_order_value", "Average order value", "money"),
        KPI("repeat_purchase_rate", "Repeat purchase rate", "share"),
        KPI("historic_clv", "Customer lifetime value (historic)", "money"),
        KPI("predictive_clv", "Customer lifetime value (predictive)", "money"),
        KPI("retention_month_1", "Retention in the month after buying", "share"),
        KPI("churn_month_1", "Churn in the month after buying", "share", False),
        KPI("referral_rate", "Referring-customer rate", "share"),
        KPI("reactivation_rate", "Reactivation rate", "share"),
        KPI("csat", "CSAT (share of 4 and 5)", "share"),
        KPI("nps", "NPS", "points"),
    ]


def report_kpis(milestones: Any) -> list[KPI]:
    """The KPIs of :func:`kpi_report` for a map or plan: the funnel follows its milestones."""
    inner = getattr(milestones, "milestones", milestones)
    steps, labels = _steps(milestones) if getattr(inner, "milestones", inner) else ([], {})
    return _report_kpis(steps, labels)


def default_targets(plan: Any) -> dict[str, float]:
    """Starting targets for a plan's own KPIs, to adjust: its funnel, waits and the rest.

    The funnel's first step after the first milestone aims at 30%, each later step
    at half the one before; each wait between milestones at 14 days; the KPIs every
    business shares take the sample studio's targets. They are starting points for
    the learner to move, not benchmarks.
    """
    targets: dict[str, float] = {}
    share = 0.30
    for kpi in report_kpis(plan):
        if kpi.key.startswith("funnel:"):
            targets[kpi.key] = round(share, 4)
            share /= 2
        elif kpi.key.startswith("days:"):
            targets[kpi.key] = 14
    generic = {k: v for k, v in sample_targets().items() if not k.startswith(("funnel:", "days:"))}
    return targets | generic


def target_findings(plan: Any) -> Findings:
    """A finding for each KPI target that no KPI of the plan has, with what to do.

    Funnel and wait targets are keyed by milestone (``funnel:free_trial``), so
    one goes stale when its milestone is renamed or removed; a touchpoint target
    (``touchpoint:<name>``) when no path holds that touchpoint any more.
    """
    kpis = report_kpis(plan)
    known = {k.key for k in kpis} | {k.label for k in kpis}
    touchpoints = {name_key(t.name) for path in plan.paths.paths for t in path.touchpoints}
    found = []
    for key in plan.kpi_targets:
        if key.startswith(TOUCHPOINT_PREFIX):
            if name_key(key[len(TOUCHPOINT_PREFIX) :]) in touchpoints:
                continue
            message, hint = (
                "No path has this touchpoint any more.",
                "Re-key the target to a touchpoint of your paths, or remove it.",
            )
        elif key in known:
            continue
        elif key.startswith(("funnel:", "days:")):
            steps = [k.key for k in kpis if k.key.startswith(key.split(":", 1)[0] + ":")]
            message = "This target is for a step your milestones no longer have."
            hint = (
                "Re-key it to one of your steps ("
                + (", ".join(steps) or "none yet: map your milestones first")
                + "), or remove it."
            )
        else:
            message = "No KPI is called this."
            hint = "Use a key of kpi_report(), such as 'csat' or 'upsell_conversion'."
        found.append(Finding(Severity.ERROR, key, message, hint, "unknown_kpi_target"))
    return Findings(found)


def known_targets(plan: Any) -> dict[str, float]:
    """The plan's targets that one of its KPIs has (the others are findings)."""
    stale = {f.where for f in target_findings(plan)}
    return {k: v for k, v in plan.kpi_targets.items() if k not in stale}


def sample_targets() -> dict[str, float]:
    """Targets for the sample business, Lotus Flow online yoga studio.

    Read from the course's sample journey file, ``data/sample_journey.yaml``.
    """
    return dict(_sample.sample_plan().kpi_targets)  # a copy: callers may change it


def kpi_report(
    events: Any,
    targets: Mapping[str, float] | None = None,
    milestones: Any = None,
    *,
    within_days: float | None = 180,
    upsell_within_days: float = 30,
    dormant_days: float = 60,
    margin: float = 0.6,
    discount_rate: float = 0.10,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """Every KPI of the course in one table, against its target.

    ``milestones`` gives the funnel (a map, a plan, or a list of event names;
    default: the sample business's path to purchase). ``targets`` maps a KPI's
    key or label to its target; keys starting ``touchpoint:`` are left to
    :func:`touchpoint_results`, so a plan's ``kpi_targets`` can be passed whole.
    Columns: ``key``, ``kpi``, ``value``, ``unit``,
    ``target``, ``better`` (``higher`` or ``lower``) and ``status``: ``met``,
    ``not met``, ``no target`` or ``no data``. Each value is the function of
    the same name in this module, with these arguments.
    """

    if milestones is None:
        from .milestones import sample_milestones

        milestones = sample_milestones()
    steps, labels = _steps(milestones)
    log = _Log(events, start, end)
    values: dict[str, float] = {}
    # The dormancy KPI (a sort of every buyer's events) runs on a second core while
    # this thread does the rest; numpy lets go of the GIL in the big array steps.
    # The worker also finds the buyers, which the cohorts then read.
    log.paid_rows(), log.in_time_order()  # both threads read these: made before they start
    pool = ThreadPoolExecutor(max_workers=1) if len(log.ts) >= _THREADED_FROM else None
    try:
        run = pool.submit if pool is not None else _now
        buyers = run(log.buyers)
        dormancy = run(_reactivation, log, dormant_days)
        if steps:
            table = funnel(log, steps, within_days=within_days)
            waits = time_between(log, steps, within_days=within_days)
            for event, share in zip(steps[1:], table["from_first"].iloc[1:], strict=True):
                values[f"funnel:{event}"] = share
            for a, b, median in zip(steps[:-1], steps[1:], waits["median_days"], strict=True):
                values[f"days:{a}->{b}"] = median
        repeat = repeat_purchase_rate(log)
        historic = historic_clv(log)
        upsell = upsell_conversion(log, within_days=upsell_within_days)
        referral, satisfied, promoters = referral_rate(log), csat(log), nps(log)
        buyers.result()  # the cohorts read the buyers the worker found
        retention = retention_rate(log)
        reactivation = dormancy.result()
    finally:
        if pool is not None:
            pool.shutdown()
    values |= {
        "upsell_conversion": upsell,
        "average_order_value": average_order_value(log),
        "repeat_purchase_rate": repeat,
        "historic_clv": historic,
        "predictive_clv": _predictive(historic, repeat, margin, discount_rate),
        "retention_month_1": retention,
        "churn_month_1": 1 - retention,
        "referral_rate": referral,
        "reactivation_rate": reactivation,
        "csat": satisfied,
        "nps": promoters,
    }
    kpis = _report_kpis(steps, labels)
    return report_from_values(kpis, values, _report_targets(kpis, targets))


def _report_targets(kpis: Sequence[KPI], targets: Mapping[str, float] | None) -> dict[str, float]:
    """The targets the report reads (touchpoint targets aside); an unknown key is an error."""
    wanted = {k: v for k, v in (targets or {}).items() if not k.startswith(TOUCHPOINT_PREFIX)}
    known = {k.key for k in kpis} | {k.label for k in kpis}
    unknown = sorted(set(wanted) - known)
    if unknown:
        raise ValueError(
            f"no KPI is called {', '.join(map(repr, unknown))}; keys: "
            + ", ".join(k.key for k in kpis)
        )
    return wanted


def report_from_values(
    kpis: Sequence[KPI], values: Mapping[str, float], targets: Mapping[str, float]
) -> pd.DataFrame:
    """The report's table from measured ``values`` (by key) and ``targets`` (by key or
    label): one row per KPI, with its target, which way is better and its status. Every
    engine's report (``kpi_report``, ``warehouse.warehouse_report``) ends here."""
    import pandas as pd

    rows = []
    for kpi in kpis:
        value = values[kpi.key]
        target = targets.get(kpi.key, targets.get(kpi.label))
        rows.append(
            {
                "key": kpi.key,
                "kpi": kpi.label,
                "value": value,
                "unit": kpi.unit,
                "target": float("nan") if target is None else float(target),
                "better": "higher" if kpi.higher_is_better else "lower",
                "status": _status(value, target, kpi.higher_is_better),
            }
        )
    return pd.DataFrame(rows)


_THREADED_FROM = 200_000  # events; below this a second thread costs more than it saves


def _now(work: Any, *args: Any) -> Future:
    """``work(*args)`` done at once, as a finished future (no thread for a small log)."""
    done: Future = Future()
    try:
        done.set_result(work(*args))
    except Exception as error:  # re-raised by result(), as a pool's future would
        done.set_exception(error)
    return done


def _predictive(historic: float, repeat: float, margin: float, discount_rate: float) -> float:
    d = discount_rate
    return margin * historic * (1 + d) / (1 + d - repeat)


def _status(value: float, target: float | None, higher: bool) -> str:
    if value != value:  # nan: nothing to measure
        return "no data"
    if target is None:
        return "no target"
    return "met" if (value >= target if higher else value <= target) else "not met"


def check_events(events: Any, milestones: Any = None) -> Findings:
    """What stops a KPI from being measured, as findings with hints."""
    if milestones is None:
        from .milestones import sample_milestones

        milestones = sample_milestones()
    log = _window(events, None, None)
    steps, labels = _steps(milestones)
    return Findings(_check(log, steps, labels))


def _check(log: _Log, steps: Sequence[str], labels: Mapping[str, str]) -> Iterable[Finding]:
    present = {name for i, name in enumerate(log.event_names) if (log.event == i).any()}
    if not len(log.ts):
        yield Finding(
            Severity.ERROR,
            "log",
            "The log has no events.",
            "Read or simulate a log with events in it.",
            "no_events",
        )
        return
    if not log.paid.any():
        yield Finding(
            Severity.ERROR,
            "log",
            "There is no purchase: no row has an amount above 0.",
            "Purchases carry their amount; without them order value, lifetime value, "
            "repeat purchases and cohorts cannot be measured.",
            "no_purchases",
        )
    shown = ", ".join(sorted(present)[:12])
    by_case = {name.casefold(): name for name in sorted(present)}
    for event in steps:
        if event not in present:
            # 'Core_Purchase' for 'core_purchase' is the likely slip: name it
            near = by_case.get(event.casefold())
            hint = f"Your log has {near!r}, which differs only in case. " if near else ""
            yield Finding(
                Severity.WARNING,
                f"funnel step '{labels[event]}'",
                f"No event is named {event!r}, so nobody reaches this step.",
                f"{hint}Rename the events in your log to the step's name, or pass the names "
                f"your log uses. Events found: {shown}.",
                "missing_step",
            )
    for event, message, code in (
        (
            "upsell_offer",
            "No upsell offer, so upsell conversion cannot be measured.",
            "no_upsell_offers",
        ),
        ("survey", "No survey answer, so CSAT cannot be measured.", "no_survey"),
        ("nps", "No NPS answer, so NPS cannot be measured.", "no_nps"),
        ("referral", "No referral, so the referral rate is 0.", "no_referrals"),
    ):
        # surveys are matched ignoring case (csat, nps); the others exactly
        found = event.casefold() in by_case if event in ("survey", "nps") else event in present
        if not found:
            near = by_case.get(event.casefold())
            hint = f" Your log has {near!r}: names must match exactly." if near else ""
            yield Finding(
                Severity.TIP, "log", message, f"Log them as events named {event!r}.{hint}", code
            )


__all__ = [
    "KPI",
    "KpiValues",
    "average_order_value",
    "check_events",
    "churn_rate",
    "cohort_table",
    "csat",
    "format_value",
    "funnel",
    "historic_clv",
    "kpi_report",
    "nps",
    "predictive_clv",
    "reactivation_rate",
    "readable",
    "referral_rate",
    "repeat_purchase_rate",
    "retention_rate",
    "sample_targets",
    "shown",
    "time_between",
    "touchpoint_results",
    "upsell_candidates",
    "upsell_conversion",
]
