"""Observed journeys: the paths customers actually took, read from the event log,
set against the planned journey.

:func:`observe` turns each customer's events into an ordered sequence of *nodes*:

- ``level="milestones"``: the plan's milestone events only
  (:func:`~journey_lessons.events.milestone_events`); touchpoint events are left
  out at this level, and counted in ``counts``;
- ``level="touchpoints"``: milestones and the touchpoints of the paths
  (:func:`~journey_lessons.events.touchpoint_events`).

Every other event (visits, lapses, names the plan does not know) becomes one node,
``other``: never dropped, always counted. Each sequence begins at a synthetic
``start`` node and finishes at an ``end`` node, so that "the sequence ends here"
(drop-off) is a transition to ``end``.

Rules, spelled out:

- **Order.** Events are read by time. Events of one customer at the same instant
  are read in *plan order*: the earlier milestone or touchpoint of the plan first
  (at the touchpoint level a path's touchpoints come before the milestone the path
  leads to), ``other`` last. Two events of the same node at the same instant are
  one after the other (a loop); being alike, their row order does not matter.
- **Repeats.** A node followed by itself (A → A) is a transition like any other,
  reported as a ``loop`` (``other → other`` is of kind ``other``). A *variant* (a
  customer's whole path) counts a run of repeats once: "A → A → B" is "A → B".
- **Transitions.** ``moves`` counts every move; ``customers`` the distinct customers
  who made it at least once; ``share`` is ``customers`` over the customers who
  reached the ``from`` node (so a node's shares can add up to more than 1 when
  customers come back to it). Times are the days between the two events, with
  the median and quartiles read as DuckDB's ``quantile_cont`` reads them
  (linear between the two nearest); moves from ``start`` and to ``end`` have no time.
- **Customers** are those with at least one event at the level observed; a
  customer's cohort is the month of their first such event.
- **The plan.** Planned moves follow the journey: first contact (``start``) to the
  first milestone, then milestone to milestone in map order; at the touchpoint
  level through the touchpoints of the path between them, in path order. Any
  other move is a ``skip`` (forward past planned steps), ``back`` (to an earlier
  node of the plan), ``loop``, ``entry`` (a first event that is not the first of
  the plan), ``other`` (to or from the ``other`` node) or ``end``.

The work is done on whole numpy arrays: one sort of packed integer keys (customer,
instant, plan rank), shifted arrays for the moves, and integer group-bys, so ten
million events take seconds.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from itertools import pairwise
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._fields import name_key
from ._html import counted
from .events import COLUMNS, milestone_events, touchpoint_events
from .findings import Finding, Findings, Severity

Level = Literal["milestones", "touchpoints"]
LEVELS: tuple[str, ...] = ("milestones", "touchpoints")

#: The synthetic and grouped nodes, by name.
START, END, OTHER = "start", "end", "other"

#: What each kind of move means (the ``kind`` column of ``transitions``).
MOVE_KINDS: Mapping[str, str] = {
    "planned": "a move the plan makes",
    "skip": "forward past planned steps",
    "back": "back to an earlier step of the plan",
    "loop": "the same step again, right after",
    "entry": "a first step that is not the plan's first",
    "other": "to or from an event the plan does not name",
    "end": "the customer's last event: the sequence ends here",
}
#: The kinds that leave the plan.
OFF_PLAN = frozenset({"skip", "back", "loop", "entry"})

_NS_PER_DAY = 86_400 * 10**9
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_NEVER = 2**31 - 1  # "not reached": after any position
_MONTH = "datetime64[M]"


@dataclass(frozen=True)
class Node:
    """One node of the observed journey: a milestone, a touchpoint, or a synthetic one."""

    name: str  # as shown: the milestone's or touchpoint's name, or start/end/other
    event: str  # the event name in the log ("" for start, end and other)
    kind: str  # "milestone", "touchpoint", "other", "start" or "end"
    stage: str = ""  # a milestone's column (before/core/after); a touchpoint's path end's
    path: int | None = None  # a touchpoint's path, as listed in the plan


@dataclass(frozen=True)
class _Plan:
    """The plan read for one level: its nodes in plan order, then other, start, end;
    and the planned moves as pairs of node indices."""

    nodes: tuple[Node, ...]
    planned: tuple[tuple[int, int], ...]
    event_node: Mapping[str, int]  # event name -> node index
    left_out: frozenset[str]  # events of the plan this level leaves out (touchpoints)
    milestones: tuple[int, ...]  # node indices of the milestones, in journey order

    @property
    def other(self) -> int:
        return len(self.nodes) - 3

    @property
    def start(self) -> int:
        return len(self.nodes) - 2

    @property
    def end(self) -> int:
        return len(self.nodes) - 1


def _plan_nodes(plan: Any, level: str) -> _Plan:
    """The nodes of ``plan`` at ``level``, in plan order, and the moves it plans."""
    milestone_map = getattr(plan, "milestones", None)
    if milestone_map is not None and not hasattr(milestone_map, "milestones"):
        milestone_map = plan  # a MilestoneMap itself, without paths
    items = tuple(getattr(milestone_map, "milestones", ()))
    m_events = list(milestone_events(plan)) if items else []
    nodes: list[Node] = []
    index_of_milestone: dict[str, int] = {}  # name key -> node index (first one wins)
    milestone_nodes: list[int] = []

    paths = getattr(plan, "paths", None)
    tp_events = touchpoint_events(plan) if paths is not None else {}
    # the n-th touchpoint of the plan, path by path, has the n-th touchpoint event
    listed = [
        (i, k) for i, p in enumerate(getattr(paths, "paths", ())) for k in range(len(p.touchpoints))
    ]
    # (path index, touchpoint index) -> event
    event_of = dict(zip(listed, tp_events, strict=True))
    with_touchpoints = level == "touchpoints"

    into: dict[int, int] = {}  # milestone position -> the fitting path that leads there
    leftovers: list[int] = []
    if paths is not None and milestone_map is not None and with_touchpoints:
        pairs = list(pairwise(["", *(m.name for m in items)]))
        slot = {(name_key(a), name_key(b)): k for k, (a, b) in enumerate(pairs)}
        for segment in paths.segments(milestone_map):
            if segment.index is None:
                continue
            key = (name_key(segment.start), name_key(segment.end))
            if segment.fits and key in slot:
                into[slot[key]] = segment.index
            else:
                leftovers.append(segment.index)

    def add_touchpoints(path_index: int, stage: str) -> list[int]:
        added = []
        for k, t in enumerate(paths.paths[path_index].touchpoints):  # type: ignore[union-attr]
            added.append(len(nodes))
            nodes.append(Node(t.name, event_of[(path_index, k)], "touchpoint", stage, path_index))
        return added

    chains: list[list[int]] = []
    previous = -1  # -1: the start node, filled in below
    for position, (milestone, event) in enumerate(zip(items, m_events, strict=True)):
        chain = [previous]
        if position in into:
            chain += add_touchpoints(into[position], milestone.stage.value)
        chain.append(len(nodes))
        index_of_milestone.setdefault(name_key(milestone.name), len(nodes))
        milestone_nodes.append(len(nodes))
        nodes.append(Node(milestone.name, event, "milestone", milestone.stage.value))
        chains.append(chain)
        previous = chain[-1]
    for path_index in leftovers:
        path = paths.paths[path_index]  # type: ignore[union-attr]
        start = index_of_milestone.get(name_key(path.start), -1 if not path.start.strip() else None)
        end = index_of_milestone.get(name_key(path.end))
        stage = nodes[end].stage if end is not None else ""
        chain = [start, *add_touchpoints(path_index, stage), end]
        chains.append([n for n in chain if n is not None])

    count = len(nodes)
    nodes += [Node(OTHER, "", "other"), Node(START, "", "start"), Node(END, "", "end")]
    start_node = count + 1
    planned = dict.fromkeys(
        (start_node if a == -1 else a, b) for chain in chains for a, b in pairwise(chain)
    )
    event_node = {n.event: i for i, n in enumerate(nodes[:count])}
    left_out = frozenset() if with_touchpoints else frozenset(tp_events)
    return _Plan(tuple(nodes), tuple(planned), event_node, left_out, tuple(milestone_nodes))


@dataclass(frozen=True, eq=False)
class _Sequences:
    """Every customer's sequence of nodes, sorted by customer, time and plan rank.

    ``customer`` holds codes 0..n-1 into ``ids``; ``node`` indexes ``plan.nodes``;
    ``ts`` is in ns. ``first_ts`` is each customer's first event (ns), and ``cohort``
    its month.
    """

    plan: _Plan
    level: str
    customer: np.ndarray
    node: np.ndarray
    ts: np.ndarray
    ids: np.ndarray
    first_ts: np.ndarray
    counts: Mapping[str, int]
    other_events: Mapping[str, int]  # the commonest events counted as "other"
    left_out: np.ndarray  # each customer's events that this level leaves out
    # who where() kept, in words ("whose first event falls in March 2024"); "" for everyone
    selection: str = ""

    @cached_property
    def cohort(self) -> np.ndarray:
        """Each customer's first-event month: worked out when asked for (converting
        times to months is slow, and most reads never ask)."""
        return self.first_ts.astype("datetime64[ns]").astype(_MONTH)

    def subset(self, keep_customer: np.ndarray, selection: str = "") -> _Sequences:
        """The same sequences for the customers where ``keep_customer`` is true, who are
        the customers ``selection`` describes."""

        rows = keep_customer[self.customer]
        recode = np.cumsum(keep_customer) - 1
        node = self.node[rows]
        left_out = self.left_out[keep_customer]
        counts = {
            "events": len(node),
            "other": int((node == self.plan.other).sum()),
            "left_out": int(left_out.sum()),
        }
        counts["rows"] = counts["events"] + counts["left_out"]
        return dataclasses.replace(
            self,
            customer=recode[self.customer[rows]],
            node=node,
            ts=self.ts[rows],
            ids=self.ids[keep_customer],
            first_ts=self.first_ts[keep_customer],
            counts=counts,
            other_events={},  # by name only for the whole log
            left_out=left_out,
            selection=" and ".join(filter(None, (self.selection, selection))),
        )


def _frame(events: Any) -> pd.DataFrame:

    frame = events.events if hasattr(events, "report") else events
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"observe() reads an EventLog or a DataFrame, not {type(frame).__name__}")
    missing = [c for c in COLUMNS[:3] if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the events have no column {', '.join(missing)}: read them with read_events(), "
            "which fills in the schema"
        )
    if not pd.api.types.is_datetime64_dtype(frame["timestamp"]):
        raise ValueError(
            "column timestamp is not a date-time column: read the log with read_events()"
        )
    return frame


def _customer_codes(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Customers as whole-number codes, and the id of each code (some codes may be unused).

    Small whole-number ids are their own codes: no hashing for ids 1..N.
    """
    if isinstance(ids.dtype, pd.CategoricalDtype):
        return ids.cat.codes.to_numpy(), ids.cat.categories.to_numpy()
    values = ids.to_numpy()
    if pd.api.types.is_integer_dtype(values.dtype) and len(values):
        low, high = int(values.min()), int(values.max())
        if low >= 0 and high < 4 * len(values) + 1024:
            return values, np.arange(high + 1, dtype=values.dtype)
    codes, labels = pd.factorize(values, sort=False)
    return codes, np.asarray(labels)


def _bits(n: int) -> int:
    return max(int(n - 1).bit_length(), 1)


def _time_field(ts: np.ndarray) -> tuple[np.ndarray, int, int]:
    """Time as small whole numbers that keep its order: ``(field, origin, unit)`` with
    ``ts == origin + field * unit``, in whole seconds (or ms, µs) when the log allows.

    Whether every time divides by 10**k, and the quotient, come without a division:
    by 2**k, the low bits are zero; by 5**k, multiplying by the inverse of 5**k modulo
    2**64 gives the exact quotient, which is small exactly when it divides.
    """
    origin = int(ts.min()) if len(ts) else 0
    field = np.subtract(ts, origin)  # 0 or more
    for k in (9, 6, 3):
        if (field & ((1 << k) - 1)).any():
            continue
        quotient = (field >> k).view(np.uint64)
        quotient *= np.uint64(pow(5**k, -1, 2**64))
        if int(quotient.max(initial=0)) <= (2**64 - 1) // 5**k:
            return quotient.view(np.int64), origin, 10**k
    return field, origin, 1


#: From how many keys a sort is worth splitting over two cores.
_PARALLEL_FROM = 1 << 20


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _sort_in_place(key: np.ndarray) -> None:
    """Sort ``key`` in place: in two halves at once when it is large and two cores are free.

    numpy sorts on one core, letting go of the interpreter lock while it does, so after
    splitting the keys at their median (a partial sort, a fraction of the cost) two
    threads can each sort one half; together they are the whole, sorted.
    """
    half = len(key) // 2
    if half < _PARALLEL_FROM // 2 or _cores() < 2:
        key.sort()
        return
    from concurrent.futures import ThreadPoolExecutor  # here: only large logs need it

    key.partition(half)  # the smaller half before position `half`, the larger after
    with ThreadPoolExecutor(max_workers=1) as pool:
        low = pool.submit(key[:half].sort)
        key[half:].sort()
        low.result()  # raises here whatever the other thread raised


def _sorted(
    node: np.ndarray, ts: np.ndarray, customer: np.ndarray, n_customers: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The events sorted by customer, then time, then plan rank (the node index).

    One sort of packed 64-bit keys when customer, time and node fit in them: time as
    whole units from the first event, or failing that as its rank among the distinct
    instants. Identical events need no order among themselves.
    """
    node_bits, customer_bits = _bits(int(node.max(initial=0)) + 1), _bits(max(n_customers, 1))
    room = 63 - node_bits - customer_bits
    field, origin, unit = _time_field(ts)
    instants = None
    if len(field) and int(field.max()) >= 1 << room:
        instants, field = np.unique(ts, return_inverse=True)
        origin, unit = 0, 1
    time_bits = _bits(int(field.max(initial=0)) + 1)
    if time_bits > room:  # too many customers and instants to pack: sort on three keys
        order = np.lexsort((node, ts, customer))
        return node[order], ts[order], customer[order]
    key = np.left_shift(customer, time_bits + node_bits, dtype=np.int64)
    field = field.astype(np.int64, copy=False)
    np.left_shift(field, node_bits, out=field)
    key |= field
    key |= node
    _sort_in_place(key)
    # read back in place: the time into the scratch array, the customer into the key
    node = np.empty(len(key), dtype=np.int16 if node_bits < 16 else np.int32)
    np.bitwise_and(key, (1 << node_bits) - 1, out=node, casting="unsafe")
    np.right_shift(key, node_bits, out=field)
    field &= (1 << time_bits) - 1
    if instants is not None:
        ts = instants[field]
    else:
        field *= unit
        field += origin
        ts = field
    key >>= time_bits + node_bits
    return node, ts, key


def _prepare(events: Any, plan: Any, level: str, start: Any, end: Any) -> _Sequences:

    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    read = _plan_nodes(plan, level)
    frame = _frame(events)
    stamps = frame["timestamp"].to_numpy()
    ts = (stamps if stamps.dtype == "datetime64[ns]" else stamps.astype("datetime64[ns]")).view(
        np.int64
    )
    keep = None
    if start is not None:
        keep = ts >= pd.Timestamp(start).as_unit("ns").value
    if end is not None:
        before = ts < pd.Timestamp(end).as_unit("ns").value
        keep = before if keep is None else keep & before

    event = frame["event"]
    if isinstance(event.dtype, pd.CategoricalDtype):
        codes = event.cat.codes.to_numpy()
        names = [str(c) for c in event.cat.categories]
    else:
        codes, uniques = pd.factorize(event)
        names = [str(c) for c in uniques]
    # each event name's node: the plan's node, -1 when this level leaves it out, or other
    lookup = np.array(
        [
            -1 if n in read.left_out else read.event_node.get(n, read.other)
            for n in (*names, "")  # code -1 (a missing event) reads the last entry: other
        ],
        dtype=np.int16 if len(read.nodes) < 2**15 else np.int32,
    )
    node = lookup[codes]
    customer, ids = _customer_codes(frame["customer_id"])
    if len(customer) and customer.min() < 0:
        rows = ", ".join(str(r) for r in frame.index[customer < 0][:5])
        raise ValueError(
            f"the events have no customer_id on row {rows}: read the log with read_events(), "
            "which sets such rows aside and lists them"
        )
    if keep is not None:  # gathers by index: faster than masking each array
        rows = np.flatnonzero(keep)
        node, customer, ts, codes = node[rows], customer[rows], ts[rows], codes[rows]
    rows_in_window = len(node)
    # the rows of each event name (first those with none, code -1), counted in one pass:
    # they give the events counted as other, the commonest of them, and those left out
    per_name = np.bincount(np.add(codes, 1, dtype=np.intp), minlength=len(names) + 1)
    node_of_name = np.r_[lookup[-1], lookup[:-1]]
    other_counts = np.where(node_of_name == read.other, per_name, 0)
    other_events = {
        ("(missing)" if k == 0 else names[k - 1]): int(other_counts[k])
        for k in np.argsort(-other_counts, kind="stable")[:5]
        if other_counts[k]
    }
    left_out_count = int(per_name[node_of_name < 0].sum())
    left_out_of = None  # each customer's events that this level leaves out
    if left_out_count:
        left_out_of = np.bincount(customer[node < 0], minlength=len(ids))
        rows = np.flatnonzero(node >= 0)
        node, customer, ts = node[rows], customer[rows], ts[rows]
        del rows
    counts = {
        "rows": rows_in_window,
        "events": len(node),
        "left_out": left_out_count,
        "other": int(other_counts.sum()),
    }

    node, ts, customer = _sorted(node, ts, customer, len(ids))

    # the customers with events at this level only, recoded 0..n-1 (they are sorted)
    change = np.empty(len(customer), dtype=bool)
    change[:1] = True
    np.not_equal(customer[1:], customer[:-1], out=change[1:])
    firsts = np.flatnonzero(change)
    raw = customer[firsts]
    ids = ids[raw]
    customer = np.cumsum(change, dtype=np.int32) - 1
    # events left out, per customer (a customer with no event at this level is no customer)
    left_out = np.zeros(len(raw), dtype=np.int64) if left_out_of is None else left_out_of[raw]
    return _Sequences(
        read,
        level,
        customer,
        node.astype(np.int16 if len(read.nodes) < 2**15 else np.int32, copy=False),
        ts,
        ids,
        ts[firsts],
        counts,
        other_events,
        left_out,
    )


# -- analysis ---------------------------------------------------------------------------


def _move_kind(plan: _Plan, a: int, b: int, planned: set[tuple[int, int]]) -> str:
    if b == plan.end:
        return "end"
    if (a, b) in planned:
        return "planned"
    if a == plan.start:
        return "entry"
    if plan.other in (a, b):  # other -> other too: it says nothing about the plan
        return "other"
    if a == b:
        return "loop"
    return "back" if b < a else "skip"


@dataclass(frozen=True, eq=False)
class _Analysis:
    transitions: pd.DataFrame
    reached: np.ndarray  # customers who reached each node
    first: np.ndarray  # (customers, plan nodes) first position, _NEVER when not reached
    variant_of: np.ndarray  # each customer's variant (codes 0..v-1, by customers desc)
    variant_counts: np.ndarray

    def examples(self, count: int) -> np.ndarray:
        """A customer of each of the ``count`` commonest variants."""
        if count <= 64:  # a few scans beat sorting every customer
            return np.array([int(np.argmax(self.variant_of == v)) for v in range(count)])
        return np.unique(self.variant_of, return_index=True)[1][:count]


def _grouped(keys: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows grouped by small whole-number ``keys`` (0..width-1), in a stable order: the
    order, the keys that occur (ascending), and where the rows of the g-th of them start
    in that order (``bounds[g]:bounds[g + 1]``, never empty).

    The keys are renumbered over those that occur: when at most 256 do (a log rarely
    makes more kinds of move), numpy's stable argsort is then one radix pass on bytes,
    several times faster than on two-byte keys.
    """
    sizes = np.bincount(keys, minlength=width)
    present = np.flatnonzero(sizes)
    small = np.uint8 if len(present) <= 2**8 else np.uint16 if len(present) <= 2**16 else np.int64
    if len(present) < width:
        renumber = np.zeros(width, dtype=small)
        renumber[present] = np.arange(len(present))
        keys = renumber[keys]
    order = np.argsort(keys.astype(small, copy=False), kind="stable")  # a radix sort
    return order, present, np.r_[0, np.cumsum(sizes[present])]


def _per_group(flags: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """How many ``flags`` are set in each group ``bounds[g]:bounds[g + 1]``."""
    # a count per slice: a vectorised pop count, faster than any reduction over all rows
    return np.array(
        [np.count_nonzero(flags[lo:hi]) for lo, hi in pairwise(bounds.tolist())], dtype=np.int64
    )


def _analyse(seq: _Sequences) -> _Analysis:
    plan, node, customer, ts = seq.plan, seq.node, seq.customer, seq.ts
    n, n_customers, width = len(node), len(seq.ids), len(plan.nodes)

    # the move out of every event: to the next event of the customer, or to end
    same = np.zeros(n, dtype=bool)
    if n:
        np.equal(customer[1:], customer[:-1], out=same[:-1])
    code = np.uint16 if width * width <= 2**16 else np.int64
    pair = np.full(n, plan.end, dtype=code)
    np.copyto(pair[:-1], node[1:], where=same[:-1], casting="unsafe")
    pair += node.astype(code) * code(width)
    # stable by pair: within a pair the moves keep the customer order, so the distinct
    # customers of a pair are where the customer changes
    order, pairs, bounds = _grouped(pair, width * width)
    del pair
    sorted_customer = customer[order]
    new = np.ones(n, dtype=bool)
    if n:
        new[1:] = sorted_customer[1:] != sorted_customer[:-1]
        new[bounds[1:-1]] = True
    del sorted_customer
    # per pair code (from * width + to); the rows of pair pairs[g] are order[bounds[g]:...]
    group_of = dict(zip(pairs.tolist(), pairwise(bounds.tolist()), strict=True))
    moves = np.zeros(width * width, dtype=np.int64)
    customers = np.zeros(width * width, dtype=np.int64)
    moves[pairs] = np.diff(bounds)
    customers[pairs] = _per_group(new, bounds)
    del new
    # first events: one move from start per customer
    if n:
        first_events = np.flatnonzero(np.r_[True, ~same[:-1]])
        entries = np.bincount(
            plan.start * width + node[first_events].astype(np.int64), minlength=width * width
        )
        moves += entries
        customers += entries

    # each customer's path: runs of one node count once; where each run starts
    kept = np.ones(n, dtype=bool)
    if n:
        kept[1:] = (node[1:] != node[:-1]) | ~same[:-1]
    runs_at = np.flatnonzero(kept)
    run_node, run_customer = node[runs_at], customer[runs_at]
    del kept, runs_at
    # each customer's first run at each node of the plan (stable by node: within a node
    # the runs keep their order, and the customers with them)
    runs = len(run_node)
    node_order, nodes_seen, node_bounds = _grouped(run_node, width)
    by_customer = run_customer[node_order]
    first_seen = np.ones(runs, dtype=bool)
    if runs:
        first_seen[1:] = by_customer[1:] != by_customer[:-1]
        first_seen[node_bounds[1:-1]] = True
    reached = np.zeros(width, dtype=np.int64)
    reached[nodes_seen] = _per_group(first_seen, node_bounds)
    reached[plan.start] = reached[plan.end] = n_customers
    # one column per node, each column contiguous: findings read whole columns
    first = np.full((n_customers, plan.other), _NEVER, dtype=np.int32, order="F")
    for k, lo, hi in zip(nodes_seen.tolist(), node_bounds[:-1], node_bounds[1:], strict=True):
        if k < plan.other:
            mine = first_seen[lo:hi]
            first[by_customer[lo:hi][mine], k] = node_order[lo:hi][mine]
    del node_order, by_customer, first_seen

    # the time to the next event, read per move below (the last event's move is to end,
    # which has no time: its gap is never read)
    gaps = np.empty(n, dtype=np.int64)
    np.subtract(ts[1:], ts[:-1], out=gaps[:-1])
    planned = set(plan.planned)
    rows = []
    for p in np.flatnonzero(moves):
        a, b = divmod(int(p), width)
        q25 = median = q75 = np.nan
        if a != plan.start and b != plan.end:
            lo, hi = group_of[int(p)]
            gap = gaps[order[lo:hi]]  # a copy already: quantile may reorder it in place
            q25, median, q75 = np.quantile(gap, [0.25, 0.5, 0.75], overwrite_input=True)
            q25, median, q75 = q25 / _NS_PER_DAY, median / _NS_PER_DAY, q75 / _NS_PER_DAY
        rows.append(
            (
                plan.nodes[a].name,
                plan.nodes[b].name,
                int(customers[p]),
                int(moves[p]),
                customers[p] / reached[a] if reached[a] else np.nan,
                median,
                q25,
                q75,
                _move_kind(plan, a, b, planned),
                a,
                b,
            )
        )
    del gaps, order
    columns = ["from", "to", "customers", "moves", "share", "median_days", "q25_days", "q75_days"]
    table = pd.DataFrame(rows, columns=[*columns, "kind", "from_node", "to_node"])
    table = table.sort_values(["customers", "moves"], ascending=False, kind="stable")
    table = table.reset_index(drop=True)
    variant_of, variant_counts = _variants(run_node, run_customer, n_customers, width)
    return _Analysis(table, reached, first, variant_of, variant_counts)


def _variants(
    path_node: np.ndarray, path_customer: np.ndarray, n_customers: int, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each customer's variant (their path, runs of a node counted once), grouped exactly,
    and how many took each, commonest first.

    The paths are walked step by step as a tree (a trie): at step k every customer
    still on the way moves to the child of their node named by their k-th node.
    Customers who end at the same tree node took the same path. One loop per step
    of the longest path, not per customer.
    """
    if not n_customers:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    starts = np.flatnonzero(np.r_[True, path_customer[1:] != path_customer[:-1]])
    lengths = np.diff(np.r_[starts, len(path_node)])
    longest = int(lengths.max())
    # a radix sort when the lengths fit in 16 bits (they nearly always do)
    by_length = np.argsort(
        (longest - lengths).astype(np.uint16 if longest < 2**16 else np.int64), kind="stable"
    )
    at = starts[by_length]  # where each customer's next step is, longest paths first
    # the longest paths come first, so the customers with a k-th step are the first
    # on_the_way[k]: counted once here, not searched for at each step
    on_the_way = n_customers - np.cumsum(np.bincount(lengths, minlength=longest))
    state = np.zeros(n_customers, dtype=np.int64)
    next_id = 1
    for k in range(longest):
        going = int(on_the_way[k])
        step = path_node[at[:going]].astype(np.int64)
        step += state[:going] * width
        child, distinct = pd.factorize(step)
        np.add(child, next_id, out=state[:going])
        at[:going] += 1
        next_id += len(distinct)
    # the tree nodes where paths end, ascending: counted by bincount, as every tree
    # node is below next_id (no sort of every customer's state)
    took = np.bincount(state, minlength=next_id)
    ends = np.flatnonzero(took)
    counts = took[ends]
    rank = np.argsort(-counts, kind="stable")
    renumber = np.zeros(next_id, dtype=np.int64)
    renumber[ends[rank]] = np.arange(len(rank))
    variant_of = np.empty(n_customers, dtype=np.int64)
    variant_of[by_length] = renumber[state]
    return variant_of, counts[rank]


# -- the object a learner holds ---------------------------------------------------------------


def _percent(share: float) -> str:
    if share != share:
        return "–"
    value = 100 * share
    if 0 < value < 1:
        return "under 1%"
    if 99 < value < 100:
        return "over 99%"
    return f"{value:.0f}%"


def _quoted(name: str) -> str:
    return f"'{' '.join(name.split())}'"


@dataclass(frozen=True, eq=False)
class ObservedJourney:
    """The journey customers actually took, against the plan; read with :func:`observe`.

    - ``transitions``: every directly-follows move (``from``, ``to``, ``customers``,
      ``moves``, ``share`` of the customers who reached ``from``, ``median_days``,
      ``q25_days``, ``q75_days`` and ``kind``: see :data:`MOVE_KINDS`);
    - ``variants``: the commonest whole paths with their customers and share, the
      rest grouped in a last row (``top_variants(n)`` for another number);
    - ``dropoff``: per node, the customers who reached it and the share whose
      sequence ended there;
    - ``planned``: every planned move with the share that took it straight away
      and the share that reached its end at any time later;
    - ``findings``: where customers leave the plan, in numbers.

    Methods return new objects: ``where(customers=..., cohort=...)``.
    """

    level: str
    customers: int
    transitions: pd.DataFrame
    dropoff: pd.DataFrame
    planned: pd.DataFrame
    findings: Findings
    counts: Mapping[str, int]
    _seq: _Sequences = field(repr=False)
    _analysis: _Analysis = field(repr=False)

    @property
    def nodes(self) -> tuple[Node, ...]:
        """The nodes in plan order, then other, start and end."""
        return self._seq.plan.nodes

    @property
    def variants(self) -> pd.DataFrame:
        """The ten commonest paths, and the rest in one row."""
        return self.top_variants(10)

    def top_variants(self, top: int = 10) -> pd.DataFrame:
        """The ``top`` commonest paths (``path``, ``steps``, ``customers``, ``share``), then
        one row ``(N other paths)`` for the rest when there are more."""

        a, seq = self._analysis, self._seq
        names = [n.name for n in seq.plan.nodes]
        starts = np.r_[0, np.flatnonzero(seq.customer[1:] != seq.customer[:-1]) + 1]
        node = seq.node
        rows = []
        shown = min(top, len(a.variant_counts))
        for v, c in enumerate(a.examples(shown)):
            end = starts[c + 1] if c + 1 < len(starts) else len(node)
            steps = node[starts[c] : end]
            steps = steps[np.r_[True, steps[1:] != steps[:-1]]]
            path = tuple(names[s] for s in steps)
            count = int(a.variant_counts[v])
            rows.append((" → ".join(path), path, count, count / self.customers))
        rest = len(a.variant_counts) - len(rows)
        if rest > 0:
            count = int(a.variant_counts[len(rows) :].sum())
            label = f"({rest} other path{'s' if rest > 1 else ''})"
            rows.append((label, (), count, count / self.customers))
        return pd.DataFrame(rows, columns=["path", "steps", "customers", "share"])

    @property
    def variant_count(self) -> int:
        """How many distinct paths customers took."""
        return len(self._analysis.variant_counts)

    def cohorts(self) -> pd.DataFrame:
        """Customers by the month of their first event at this level (``cohort`` as YYYY-MM)."""

        months, counts = np.unique(self._seq.cohort, return_counts=True)
        return pd.DataFrame({"cohort": [str(m) for m in months], "customers": counts})

    def where(
        self,
        *,
        customers: Iterable[Any] | None = None,
        cohort: Any = None,
    ) -> ObservedJourney:
        """The same journey for some customers only: those in ``customers`` (ids as in the
        log), and/or those whose first event falls in the month ``cohort`` ("2024-03",
        or any date in that month). When nobody is left, a finding says so."""
        keep = np.ones(len(self._seq.ids), dtype=bool)
        said = []
        if isinstance(customers, str):
            customers = [customers]  # one id, not its letters
        if customers is not None:
            wanted = pd.Index(list(customers))
            keep &= pd.Index(self._seq.ids).isin(wanted)
            said.append(f"among the {len(wanted):,} customer id{'s' * (len(wanted) != 1)} given")
        if cohort is not None:
            try:
                month = pd.Timestamp(str(cohort))
            except ValueError as error:
                raise ValueError(f"cohort {cohort!r} is not a month such as '2024-03'") from error
            keep &= self._seq.cohort == np.datetime64(month.strftime("%Y-%m"), "M")
            said.append(f"whose first event falls in {_MONTHS[month.month - 1]} {month.year}")
        return _observed(self._seq.subset(keep, " and ".join(said)))

    def moves_at(self, step: Node | str) -> pd.DataFrame:
        """The moves into and out of one step (a :class:`Node` of ``nodes``, or its name).

        One row per move, as in ``transitions``, with ``direction`` ``"into"`` (where
        the customers came from, ``start`` for their first event) or ``"out of"`` (where
        they went next, ``end`` for their last); a repeat of the step is a move out of
        it. ``share`` is over the customers who reached the step, in both directions;
        it can add up to more than 1 when customers come back to the step.
        """
        index = self._node_index(step)
        t = self._analysis.transitions
        reached = int(self._analysis.reached[index])
        into = t[(t["to_node"] == index) & (t["from_node"] != index)]
        out = t[t["from_node"] == index]
        table = pd.concat([into.assign(direction="into"), out.assign(direction="out of")])
        table["share"] = table["customers"] / reached if reached else np.nan
        columns = ["direction", "from", "to", "customers", "moves", "share", "median_days"]
        return table[[*columns, "kind"]].reset_index(drop=True)

    def _node_index(self, step: Node | str) -> int:
        """The index in ``nodes`` of a step of the plan or ``other``, by node or by name."""
        steps = self.nodes[: self._seq.plan.other + 1]
        if isinstance(step, Node):
            if step in steps:
                return steps.index(step)
        else:
            names = [n.name for n in steps]
            if step in names:
                return names.index(step)  # the first in plan order, if two share a name
        listed = ", ".join(_quoted(n.name) for n in steps)
        raise ValueError(
            f"{_quoted(getattr(step, 'name', str(step)))} is not a step of this journey at "
            f"the {self.level} level; its steps are {listed}"
        )

    def summary(self) -> str:
        level = "milestones" if self.level == "milestones" else "milestones and touchpoints"
        off = self.transitions[self.transitions["kind"].isin(OFF_PLAN)]
        return (
            f"{counted(self.customers, 'customer')}, "
            f"{counted(self.counts['events'], 'event')} of {level} "
            f"({self.counts['other']:,} as 'other'), "
            f"{counted(self.variant_count, 'distinct path')}, "
            f"{counted(int(off['moves'].sum()), 'move')} off the plan."
        )

    def __str__(self) -> str:
        return f"{self.summary()}\n{readable(self.planned).to_string(index=False)}\n{self.findings}"

    def _repr_html_(self) -> str:
        return (
            f'<p class="jl-summary">{escape(self.summary())}</p>'
            + readable(self.planned).to_html(index=False, escape=True)
            + self.findings._repr_html_()
        )


#: How :func:`readable` shows each kind of column.
_SHARES = frozenset({"share", "reached_later", "share_ended"})
_DAYS = frozenset({"median_days", "q25_days", "q75_days"})


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A table of an :class:`ObservedJourney` as people read it: shares as percentages
    ("38%"), days with one decimal ("4.2 days"), counts with thousands separators, and
    "–" where there is no value. A new frame of text; the numbers stay in ``table``."""

    def days(value: float) -> str:
        return "–" if value != value else f"{value:,.1f} days"

    shown = table.drop(columns=[c for c in ("steps",) if c in table.columns]).copy()
    for column in shown.columns:
        values = shown[column]
        if column in _SHARES:
            shown[column] = [_percent(float(v)) for v in values]
        elif column in _DAYS:
            shown[column] = [days(float(v)) for v in values]
        elif pd.api.types.is_integer_dtype(values):
            shown[column] = [f"{int(v):,}" for v in values]
    return shown.rename(columns=lambda c: c.replace("_", " "))


def observe(
    events: Any,
    plan: Any,
    *,
    level: Level = "milestones",
    start: Any = None,
    end: Any = None,
) -> ObservedJourney:
    """The journey the customers of ``events`` took, against ``plan``.

    ``events`` is an :class:`~journey_lessons.events.EventLog` or a DataFrame in its
    schema; ``plan`` a :class:`~journey_lessons.journey.JourneyPlan` (or anything
    with ``.milestones`` and ``.paths``). ``level`` is ``"milestones"`` or
    ``"touchpoints"``; only events with ``start <= timestamp < end`` are read.
    An empty log, a plan without paths or a log that matches nothing in the plan
    give findings, not errors. The rules are in the module's description.
    """
    return _observed(_prepare(events, plan, level, start, end))


def _observed(seq: _Sequences) -> ObservedJourney:
    analysis = _analyse(seq)
    plan, table = seq.plan, analysis.transitions
    customers = len(seq.ids)
    dropoff = _dropoff(seq, analysis)
    planned = _planned(seq, analysis)
    findings = Findings(_findings(seq, analysis, planned))
    return ObservedJourney(
        seq.level,
        customers,
        table.drop(columns=["from_node", "to_node"]),
        dropoff,
        planned,
        findings,
        dict(seq.counts) | {"customers": customers, "nodes": plan.other},
        seq,
        analysis,
    )


def _dropoff(seq: _Sequences, a: _Analysis) -> pd.DataFrame:

    plan = seq.plan
    ended = dict.fromkeys(range(len(plan.nodes)), 0)
    t = a.transitions
    for frm, count in zip(
        t["from_node"][t["kind"] == "end"], t["customers"][t["kind"] == "end"], strict=True
    ):
        ended[int(frm)] = int(count)
    rows = []
    for i, n in enumerate(plan.nodes[: plan.other + 1]):
        reached = int(a.reached[i])
        rows.append((n.name, n.kind, reached, ended[i], ended[i] / reached if reached else np.nan))
    return pd.DataFrame(rows, columns=["node", "kind", "reached", "ended_here", "share_ended"])


def _planned(seq: _Sequences, a: _Analysis) -> pd.DataFrame:

    plan, t = seq.plan, a.transitions
    took = {
        (int(x), int(y)): row
        for x, y, row in zip(t["from_node"], t["to_node"], t.index, strict=True)
    }
    rows = []
    for x, y in plan.planned:
        at_from = int(a.reached[x])
        row = took.get((x, y))
        customers = int(t.at[row, "customers"]) if row is not None else 0
        median = float(t.at[row, "median_days"]) if row is not None else np.nan
        # reached the end of the move at any time after first reaching its start
        if x == plan.start:
            later = int(a.reached[y])
        else:
            fx, fy = a.first[:, x], a.first[:, y]
            later = int(((fx != _NEVER) & (fy != _NEVER) & (fy > fx)).sum())
        rows.append(
            (
                plan.nodes[x].name,
                plan.nodes[y].name,
                at_from,
                customers,
                customers / at_from if at_from else np.nan,
                later / at_from if at_from else np.nan,
                median,
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "from",
            "to",
            "reached_from",
            "customers",
            "share",
            "reached_later",
            "median_days",
        ],
    )


def _findings(seq: _Sequences, a: _Analysis, planned: pd.DataFrame) -> Iterable[Finding]:
    plan, counts = seq.plan, seq.counts
    t = a.transitions
    n_customers = len(seq.ids)
    if not plan.milestones:
        yield Finding(
            Severity.ERROR,
            "plan",
            "The plan has no milestones: there is no journey to compare with.",
            "Map the core purchase and a milestone before and after it first.",
            "no_milestones",
        )
    elif seq.level == "touchpoints" and not any(n.kind == "touchpoint" for n in plan.nodes):
        yield Finding(
            Severity.WARNING,
            "plan",
            "The plan has no touchpoints on its paths: only milestones can be observed.",
            "Pave the paths between milestones, or observe with level='milestones'.",
            "no_touchpoints",
        )
    if counts["rows"] == 0 and seq.selection:
        yield Finding(
            Severity.WARNING,
            "selection",
            f"There are no customers {seq.selection}.",
            "Choose another month or other customers: cohorts() lists the months that "
            "have customers.",
            "no_customers",
        )
        return
    if counts["rows"] == 0:
        yield Finding(
            Severity.WARNING,
            "log",
            "The event log has no events (in the window, when one is given).",
            "Check the file you read, and the start and end of the window.",
            "no_events",
        )
        return
    matched = counts["events"] - counts["other"]
    if matched == 0 and plan.milestones:
        expected = ", ".join(n.event for n in plan.nodes[: plan.other][:4])
        yield Finding(
            Severity.ERROR,
            "log",
            f"None of the {counts['rows']:,} events is a milestone or touchpoint of the plan.",
            f"The plan's events are named {expected} …: rename the log's events "
            "(read_events(columns=...) maps columns, not names) or the plan's milestones.",
            "nothing_matches",
        )
    if counts["other"]:
        names = ", ".join(f"{k} ({v:,})" for k, v in seq.other_events.items())
        names = f": {names}" if names else ""
        yield Finding(
            Severity.TIP,
            "log",
            f"{counts['other']:,} of {counts['events']:,} events "
            f"({_percent(counts['other'] / counts['events'])}) are not named in the plan; "
            f"they count as one step, 'other'{names}.",
            "They are kept so that the moves around them stay true; name a milestone "
            "for an event that matters to the journey.",
            "other_events",
        )
    if counts["left_out"] and seq.level == "milestones":
        yield Finding(
            Severity.TIP,
            "log",
            f"{counts['left_out']:,} touchpoint events are left out at the milestone level.",
            "Observe with level='touchpoints' to see them.",
            "touchpoints_left_out",
        )
    if not n_customers:
        return
    # planned but never seen
    for i, n in enumerate(plan.nodes[: plan.other]):
        if a.reached[i] == 0:
            yield Finding(
                Severity.WARNING,
                f"{n.kind} {_quoted(n.name)}",
                f"The {n.kind} {_quoted(n.name)} was planned but never observed.",
                f"Check that the log names it {n.event!r}, or whether customers really meet it.",
                "never_observed",
            )
    # milestones reached without the one before
    ms = plan.milestones
    for before, after in pairwise(ms):
        fb, fa = a.first[:, before], a.first[:, after]
        at_after = fa != _NEVER
        if not at_after.any() or not a.reached[before]:
            continue
        skipped = int((at_after & (fb > fa)).sum())
        if skipped:
            share = skipped / int(at_after.sum())
            who = (
                "buyers"
                if plan.nodes[after].stage == "core"
                else (f"those who reached {_quoted(plan.nodes[after].name)}")
            )
            yield Finding(
                Severity.WARNING,
                f"milestone {_quoted(plan.nodes[before].name)}",
                f"{_percent(share)} of {who} ({skipped:,} of {int(at_after.sum()):,}) never "
                f"reached {_quoted(plan.nodes[before].name)} before it.",
                "A milestone skipped this often is not on the way for everyone: is there a "
                "second way in, or should the plan say so?",
                "skipped_milestone",
            )
    if len(ms) >= 2:
        # out of order: a milestone first reached before one earlier in the plan was
        running = np.full(n_customers, -1, dtype=np.int64)
        out = np.zeros(n_customers, dtype=bool)
        reached_count = np.zeros(n_customers, dtype=np.int32)
        for m in ms:
            column = a.first[:, m]
            seen = column != _NEVER
            out |= seen & (column < running)
            np.maximum(running, np.where(seen, column, -1), out=running)
            reached_count += seen
        several = int((reached_count >= 2).sum())
        if out.any() and several:
            yield Finding(
                Severity.WARNING,
                "milestones",
                f"Milestones were reached out of order by {_percent(out.sum() / several)} of the "
                f"customers who reached two or more ({int(out.sum()):,} of {several:,}).",
                "See the transitions of kind 'back' for where they went back.",
                "out_of_order",
            )
    # the planned moves nobody took
    for row in planned.itertuples(index=False):
        if row.reached_from and not row.customers:
            yield Finding(
                Severity.WARNING,
                f"{_quoted(row[0])} → {_quoted(row[1])}",
                f"Nobody went from {_quoted(row[0])} straight to {_quoted(row[1])}, as planned.",
                "See the transitions from it: where did they go instead?",
                "planned_not_taken",
            )
    # the commonest moves off the plan
    off = t[t["kind"].isin(OFF_PLAN - {"entry"}) & (t["share"] >= 0.05)]
    off = off.sort_values("customers", ascending=False, kind="stable").head(5)
    words = {
        "skip": "straight to {to}, a path not in the plan",
        "back": "back to {to}, earlier in the plan",
        "loop": "to {to} again, right after",
    }
    for row in off.itertuples(index=False):
        yield Finding(
            Severity.WARNING if row.kind != "loop" else Severity.TIP,
            f"{_quoted(row[0])} → {_quoted(row[1])}",
            f"{_percent(row.share)} of those at {_quoted(row[0])} ({row.customers:,}) went "
            + words[row.kind].format(to=_quoted(row[1]))
            + ".",
            "If this is a way customers like, add it to the plan; if not, find what sends "
            "them there.",
            f"off_plan_{row.kind}",
        )
    entries = t[(t["kind"] == "entry")]
    late = int(entries["customers"].sum())
    if late:
        yield Finding(
            Severity.TIP,
            "start",
            f"{_percent(late / n_customers)} of customers ({late:,}) began somewhere other than "
            f"the plan's first step.",
            "Customers may arrive before the log starts, or by a way the plan does not map.",
            "late_entry",
        )


__all__ = [
    "END",
    "LEVELS",
    "MOVE_KINDS",
    "OFF_PLAN",
    "OTHER",
    "START",
    "Node",
    "ObservedJourney",
    "observe",
]
