"""Event logs: what customers did, one row per event, in one schema.

Every KPI of the course is read from an event log with these columns:

===============  ==========================================================
``customer_id``  who did it (required; whole numbers or text)
``timestamp``    when (required; any date-time pandas can read)
``event``        what happened, a name from :data:`EVENTS` or your own (required);
                 a touchpoint met is ``touchpoint:<its name>`` (:func:`touchpoint_events`)
``amount``       money paid, for purchases (optional; never negative)
``order_id``     the order a purchase belongs to (optional)
``score``        a survey answer (optional): 1-5 for ``survey``, 0-10 for ``nps``
===============  ==========================================================

A *purchase* is any row with an amount above zero, whatever its event name, so
a learner's own log needs no special names for its orders.

:func:`read_events` reads a CSV or Parquet file (or a DataFrame), renames the
learner's columns, and checks every row. Nothing is lost in silence: rows that
cannot be used are set aside and listed in a :class:`ValidationReport` (which
row, which column, why), exact duplicates are listed but kept, and
``errors="raise"`` turns set-aside rows into an :class:`EventLogError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._html import html_table, text_table
from .findings import Finding, Findings, Severity

if TYPE_CHECKING:
    import pandas as pd

#: The columns of an event log, in order.
COLUMNS = ("customer_id", "timestamp", "event", "amount", "order_id", "score")
REQUIRED = ("customer_id", "timestamp", "event")

#: The course's event names (the milestone kind keys, plus a few everyday events).
EVENTS: Mapping[str, str] = {
    "opt_in": "signs up to stay in touch",
    "download": "takes a free resource",
    "free_trial": "starts a free trial",
    "consultation": "has a free consultation",
    "demo": "attends a demo",
    "quote": "asks for a quote",
    "digital_tactic": "registers for a webinar, quiz or similar",
    "core_purchase": "buys the core offering (has an amount)",
    "visit": "uses the service: attends a class, logs in",
    "survey": "answers the satisfaction question (score 1-5)",
    "nps": "answers 'how likely are you to recommend us' (score 0-10)",
    "upsell_offer": "is offered an upsell",
    "upsell": "accepts an upsell (has an amount)",
    "repeat_purchase": "buys again (has an amount)",
    "renewal": "renews a subscription (has an amount)",
    "testimonial": "gives a testimonial or review",
    "referral": "refers a friend",
    "lapse": "is marked inactive",
    "reactivation": "comes back and buys after a lapse (has an amount)",
}

#: The answer scale of each survey event; a score on any other event must lie in 0-10.
SCALES: Mapping[str, tuple[float, float]] = {"survey": (1, 5), "nps": (0, 10)}
_ANY_SCALE = (0, 10)

# Timestamps outside these years are typing slips (and beyond what pandas stores).
_EARLIEST, _LATEST = "1900-01-01", "2200-01-01"

#: Why a row was set aside: problem code -> what the learner reads.
PROBLEMS: Mapping[str, str] = {
    "missing_customer": "no customer id",
    "missing_event": "no event name",
    "bad_timestamp": "the timestamp cannot be read as a date and time",
    "bad_amount": "the amount is not a number",
    "negative_amount": "the amount is negative",
    "bad_score": "the score is not a number",
    "score_out_of_range": "the score is outside the answer scale",
}
_PROBLEM_COLUMN = {
    "missing_customer": "customer_id",
    "missing_event": "event",
    "bad_timestamp": "timestamp",
    "bad_amount": "amount",
    "negative_amount": "amount",
    "bad_score": "score",
    "score_out_of_range": "score",
}


class EventLogError(ValueError):
    """An event log that cannot be used: says which file, and which columns or rows."""

    def __init__(self, source: str, problem: str, *, columns: tuple[str, ...] = ()) -> None:
        super().__init__(f"{source}: {problem}")
        self.source, self.problem, self.columns = source, problem, columns


@dataclass(frozen=True, eq=False)
class ValidationReport:
    """What reading an event log found: rows set aside, and exact duplicates kept.

    ``problems`` has one line per problem: ``row`` (the line in a CSV file, the
    row number in a Parquet file, or the index label of a DataFrame), ``column``,
    ``value`` (as it was read), ``problem`` (a code from :data:`PROBLEMS`) and
    ``message``. ``duplicates`` lists the rows that repeat an earlier row exactly
    (``row`` and ``first_row``); they are kept unless asked otherwise.
    """

    source: str
    rows_read: int
    rows_kept: int
    problems: pd.DataFrame
    duplicates: pd.DataFrame
    duplicates_dropped: bool = False

    @property
    def rows_set_aside(self) -> int:
        return self.rows_read - self.rows_kept

    @property
    def ok(self) -> bool:
        """True when no row was set aside (duplicates alone do not count)."""
        return self.rows_set_aside == 0

    def counts(self) -> dict[str, int]:
        """How many rows have each problem (a row with two problems counts twice)."""
        return {str(k): int(v) for k, v in self.problems["problem"].value_counts().items()}

    def findings(self) -> Findings:
        """The report as findings with hints, for a notebook to show."""
        found = []
        for code, count in sorted(self.counts().items()):
            rows = self.problems.loc[self.problems["problem"] == code, "row"].tolist()
            shown = ", ".join(str(r) for r in rows[:5]) + (" …" if len(rows) > 5 else "")
            found.append(
                Finding(
                    Severity.WARNING,
                    f"column {_PROBLEM_COLUMN[code]}",
                    f"{count} row{'s' if count > 1 else ''} set aside: {PROBLEMS[code]} "
                    f"(rows {shown}).",
                    _HINTS[code],
                    code,
                )
            )
        if len(self.duplicates):
            n = len(self.duplicates)
            done = "dropped" if self.duplicates_dropped else "kept"
            found.append(
                Finding(
                    Severity.TIP,
                    "rows",
                    f"{n} {'rows repeat' if n > 1 else 'row repeats'} an earlier row exactly "
                    f"({done}).",
                    "Real logs repeat rows (two visits in the same second); if yours are "
                    "copies made by an export, pass drop_duplicates=True.",
                    "duplicate_rows",
                )
            )
        if self.rows_kept == 0:
            found.append(
                Finding(
                    Severity.ERROR,
                    "log",
                    "No usable row is left.",
                    "Check the column mapping and the timestamp format first.",
                    "no_rows",
                )
            )
        return Findings(found)

    def summary(self) -> str:
        text = f"{self.source}: {self.rows_read} rows read, {self.rows_kept} kept"
        if self.rows_set_aside:
            text += f", {self.rows_set_aside} set aside"
        if len(self.duplicates):
            text += f", {len(self.duplicates)} exact duplicates"
            text += " dropped" if self.duplicates_dropped else " kept"
        return text + "."

    _SHOWN = 20

    def _rows(self) -> list[tuple[object, ...]]:
        head = self.problems.head(self._SHOWN)
        return list(zip(head["row"], head["column"], head["value"], head["message"], strict=True))

    def __str__(self) -> str:
        if not len(self.problems):
            return self.summary()
        return text_table(("row", "column", "value", "why"), self._rows(), caption=self.summary())

    def _repr_html_(self) -> str:
        summary = f'<p class="jl-summary">{escape(self.summary())}</p>'
        if not len(self.problems):
            return summary
        more = len(self.problems) - self._SHOWN
        tail = f"<p>… and {more} more in <code>report.problems</code>.</p>" if more > 0 else ""
        table = html_table(("row", "column", "value", "why"), self._rows(), caption="Set aside")
        return summary + table + tail


_HINTS = {
    "missing_customer": "Every event needs the customer who did it; fill in the id or remove "
    "the row.",
    "missing_event": "Every row needs an event name such as core_purchase or survey.",
    "bad_timestamp": "Use one date format for the whole column, e.g. 2024-03-01 14:30; "
    "pass timestamp_format= if yours is day-first.",
    "bad_amount": "Amounts are plain numbers: no currency sign or thousands separator.",
    "negative_amount": "A refund is not a purchase: keep refunds in a log of their own.",
    "bad_score": "Scores are whole numbers: 1-5 for a satisfaction survey, 0-10 for NPS.",
    "score_out_of_range": "A satisfaction survey answers 1-5 and an NPS question 0-10.",
}


@dataclass(frozen=True, eq=False)
class EventLog:
    """An event log read and checked: the usable ``events`` and the ``report``."""

    events: pd.DataFrame
    report: ValidationReport

    def __len__(self) -> int:
        return len(self.events)

    def _repr_html_(self) -> str:
        return self.report._repr_html_() + self.events.head(10).to_html(escape=True)

    def __str__(self) -> str:
        return f"{self.report}\n{self.events.head(10)}"


def read_events(
    source: str | Path | pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    errors: Literal["report", "raise"] = "report",
    drop_duplicates: bool = False,
    timestamp_format: str | None = None,
) -> EventLog:
    """Read an event log from a CSV or Parquet file, or a DataFrame, and check every row.

    ``columns`` maps the learner's column names to the schema's, e.g.
    ``{"Client": "customer_id", "Date": "timestamp", "Action": "event"}``;
    columns already named as in the schema need no entry, and other columns are
    ignored. Rows with a missing id or event, an unreadable timestamp, a negative
    or non-numeric amount, or a score off its scale are set aside and listed in
    the report; with ``errors="raise"`` they raise :class:`EventLogError`
    instead. Exact duplicates are reported and kept (``drop_duplicates=True``
    drops them). Timestamps with a time zone are converted to UTC.
    """
    import pandas as pd

    if errors not in ("report", "raise"):
        raise ValueError(f"errors must be 'report' or 'raise', not {errors!r}")
    mapping = dict(columns or {})
    unknown = sorted(set(mapping.values()) - set(COLUMNS))
    if unknown:
        raise ValueError(
            f"columns maps to {', '.join(map(repr, unknown))}, which the schema does not "
            f"have; map your column names to: {', '.join(COLUMNS)}"
        )
    wanted = {ours: theirs for theirs, ours in mapping.items()}
    for name in COLUMNS:
        wanted.setdefault(name, name)

    name, raw, row_offset = _load(source, wanted, pd)
    missing = tuple(c for c in REQUIRED if wanted[c] not in raw.columns)
    if missing:
        named = ", ".join(
            c if wanted[c] == c else f"{c} (mapped from {wanted[c]!r})" for c in missing
        )
        found = ", ".join(raw.attrs.get("header", map(str, raw.columns))) or "none"
        raise EventLogError(
            name,
            f"missing column{'s' if len(missing) > 1 else ''}: {named}. Columns found: "
            f"{found}. Map yours with columns={{'your name': 'customer_id', ...}}.",
            columns=missing,
        )
    present = {c: wanted[c] for c in COLUMNS if wanted[c] in raw.columns}
    raw = raw[list(present.values())].set_axis(list(present), axis=1)
    rows = raw.index + row_offset if row_offset is not None else raw.index

    checked, problems = _check(raw, rows, timestamp_format, pd)
    bad = problems["position"].unique() if len(problems) else []
    keep = pd.Series(True, index=raw.index)
    keep.iloc[bad] = False
    problems = problems.drop(columns="position").reset_index(drop=True)
    if errors == "raise" and len(problems):
        first = problems.head(5)
        listed = "; ".join(
            f"row {r}: {m} ({c}={v!r})"
            for r, c, v, m in zip(
                first["row"], first["column"], first["value"], first["message"], strict=True
            )
        )
        raise EventLogError(name, f"{len(bad)} rows cannot be used. {listed}")

    duplicated = raw.duplicated(keep="first")
    if duplicated.any():
        # the first copy of each repeated row, found by grouping identical rows
        groups = raw.groupby(list(raw.columns), dropna=False, sort=False).ngroup()
        firsts = pd.Series(rows, index=raw.index).groupby(groups.to_numpy()).transform("first")
        duplicates = pd.DataFrame(
            {"row": rows[duplicated.to_numpy()], "first_row": firsts[duplicated].to_numpy()}
        )
    else:
        duplicates = pd.DataFrame({"row": [], "first_row": []})
    if drop_duplicates:
        keep &= ~duplicated

    events = _canonical(checked[keep.to_numpy()], pd)
    report = ValidationReport(
        name, len(raw), len(events), problems, duplicates.reset_index(drop=True), drop_duplicates
    )
    return EventLog(events, report)


def _load(source: Any, wanted: Mapping[str, str], pd: Any) -> tuple[str, Any, int | None]:
    """The raw table, its name for messages, and what to add to a position to get a row."""
    if isinstance(source, pd.DataFrame):
        return "DataFrame", source, None
    path = Path(source)
    if not path.exists():
        raise EventLogError(str(path), "no such file")
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise EventLogError(str(path), "the file is empty")
    try:
        if suffix == ".csv":
            sep = _separator(path)
            header = pd.read_csv(path, nrows=0, sep=sep).columns
            text_columns = {wanted[c] for c in COLUMNS} & set(header)
            # read as text so that nothing is guessed: each column is checked below
            raw = pd.read_csv(
                path, sep=sep, usecols=sorted(text_columns), dtype=str, keep_default_na=False
            )
            # a CSV's line 1 is its header, so the first row is line 2
            raw = raw.replace("", None).reset_index(drop=True)
            # the columns not read still name themselves in a missing-column message
            raw.attrs["header"] = [str(c) for c in header]
            return str(path), raw, 2
        if suffix in (".parquet", ".pq"):
            return str(path), pd.read_parquet(path).reset_index(drop=True), 1
    except ImportError:
        raise EventLogError(
            str(path), "reading Parquet needs the pyarrow package: pip install pyarrow"
        ) from None
    except UnicodeDecodeError as error:
        raise EventLogError(
            str(path), f"not UTF-8 text ({error.reason}): save the file as UTF-8 (CSV UTF-8)"
        ) from None
    except (ValueError, OSError) as error:
        raise EventLogError(str(path), f"cannot be read: {error}") from None
    raise EventLogError(str(path), f"unknown file type {suffix!r}: use .csv or .parquet")


def _separator(path: Path) -> str:
    """The CSV's separator, from its header line: a comma, a semicolon or a tab."""
    with path.open("rb") as file:
        header = file.readline()
    return max((",", ";", "\t"), key=lambda sep: header.count(sep.encode()))


def _check(raw: Any, rows: Any, timestamp_format: str | None, pd: Any) -> tuple[Any, Any]:
    """Each column parsed, and the problems found (one line per row and problem)."""
    import numpy as np

    found: list[Any] = []

    def flag(mask: Any, code: str, values: Any) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            found.append(
                pd.DataFrame(
                    {
                        "position": np.flatnonzero(mask),
                        "row": np.asarray(rows)[mask],
                        "column": _PROBLEM_COLUMN[code],
                        "value": pd.Series(values).astype("string").fillna("").to_numpy()[mask],
                        "problem": code,
                        "message": PROBLEMS[code],
                    }
                )
            )

    out = {}
    customers = raw["customer_id"]
    if customers.dtype == object or str(customers.dtype) in ("string", "str", "category"):
        customers = customers.astype("string").str.strip().replace("", None)
    flag(customers.isna(), "missing_customer", raw["customer_id"])
    out["customer_id"] = customers

    events = raw["event"].astype("string").str.strip().replace("", None)
    flag(events.isna(), "missing_event", raw["event"])
    out["event"] = events

    stamps = raw["timestamp"]
    if pd.api.types.is_datetime64_any_dtype(stamps):
        parsed = stamps if getattr(stamps.dt, "tz", None) is None else _utc(stamps)
    else:
        parsed = _parse_times(stamps, timestamp_format, pd)
    parsed = parsed.where((parsed >= _EARLIEST) & (parsed < _LATEST))
    flag(parsed.isna(), "bad_timestamp", stamps)
    out["timestamp"] = parsed.dt.as_unit("ns")

    if "amount" in raw:
        amount = pd.to_numeric(raw["amount"], errors="coerce").astype("float64")
        flag(amount.isna() & raw["amount"].notna(), "bad_amount", raw["amount"])
        flag(amount < 0, "negative_amount", raw["amount"])
        out["amount"] = amount
    if "order_id" in raw:
        out["order_id"] = raw["order_id"]
    if "score" in raw:
        score = pd.to_numeric(raw["score"], errors="coerce").astype("float64")
        flag(score.isna() & raw["score"].notna(), "bad_score", raw["score"])
        low = pd.Series(_ANY_SCALE[0], index=raw.index, dtype="float64")
        high = pd.Series(_ANY_SCALE[1], index=raw.index, dtype="float64")
        for name, (lo, hi) in SCALES.items():
            on = (events == name).fillna(False).to_numpy(dtype=bool)
            low[on], high[on] = lo, hi
        flag((score < low) | (score > high), "score_out_of_range", raw["score"])
        out["score"] = score

    columns = ["position", "row", "column", "value", "problem", "message"]
    problems = (
        pd.concat(found, ignore_index=True).sort_values(["position", "column"], kind="stable")
        if found
        else pd.DataFrame({c: [] for c in columns})
    )
    return pd.DataFrame(out, index=raw.index), problems


def _parse_times(stamps: Any, timestamp_format: str | None, pd: Any) -> Any:
    """Timestamps as naive UTC, NaT where unreadable.

    Without a format, ISO 8601 is tried first (fast, unambiguous); the rows it
    cannot read are tried one by one, so a log that mixes ``2024-03-01`` and
    ``2024-03-01 14:30`` reads whole.
    """
    parsed = pd.to_datetime(stamps, errors="coerce", utc=True, format=timestamp_format or "ISO8601")
    retry = parsed.isna() & stamps.notna()
    if timestamp_format is None and retry.any():
        parsed[retry] = pd.to_datetime(stamps[retry], errors="coerce", utc=True, format="mixed")
    return _utc(parsed)


def _utc(stamps: Any) -> Any:
    """Aware timestamps as naive UTC; naive ones unchanged."""
    return stamps.dt.tz_convert("UTC").dt.tz_localize(None) if stamps.dt.tz else stamps


def _canonical(frame: Any, pd: Any) -> Any:
    """The schema's columns and compact types: whole-number ids as integers, names as
    categories, missing optional columns filled with nothing."""
    n = len(frame)
    ids = frame["customer_id"]
    if not pd.api.types.is_integer_dtype(ids):
        numbers = pd.to_numeric(ids, errors="coerce")
        if numbers.notna().all() and (numbers % 1 == 0).all():
            ids = numbers.astype("int64")
        else:
            ids = ids.astype("string").astype("category")
    orders = frame["order_id"] if "order_id" in frame else pd.Series(pd.NA, index=frame.index)
    if not (pd.api.types.is_integer_dtype(orders) or isinstance(orders.dtype, pd.CategoricalDtype)):
        numbers = pd.to_numeric(orders, errors="coerce")
        if numbers.notna().eq(orders.notna()).all() and (numbers.dropna() % 1 == 0).all():
            orders = numbers.astype("Int64")
        else:
            orders = orders.astype("string").astype("category")
    nothing = pd.Series(float("nan"), index=frame.index, dtype="float64")
    return pd.DataFrame(
        {
            "customer_id": ids.to_numpy() if n else ids.astype("int64"),
            "timestamp": frame["timestamp"].to_numpy(),
            "event": frame["event"].astype("category").array,
            "amount": frame["amount"].to_numpy() if "amount" in frame else nothing.to_numpy(),
            "order_id": orders.array,
            "score": frame["score"].to_numpy() if "score" in frame else nothing.to_numpy(),
        }
    )


_SLUG = re.compile(r"[^0-9a-z]+")


def milestone_events(milestones: Any) -> dict[str, str]:
    """The event name of each milestone, in journey order: ``{event: milestone name}``.

    A milestone's event is its kind key (``download``, ``core_purchase``...); a
    custom milestone's event is its name in lower case with ``_`` between words.
    When two milestones share a kind, the second gets ``_2``, the third ``_3``.
    Accepts a :class:`~journey_lessons.milestones.MilestoneMap` or anything with a
    ``.milestones`` map (a journey plan).
    """
    items = _milestone_items(milestones)
    result: dict[str, str] = {}
    for milestone in items:
        base = milestone.kind
        if base == "custom":
            base = _SLUG.sub("_", milestone.name.casefold()).strip("_") or "custom"
        name, n = base, 1
        while name in result:
            n += 1
            name = f"{base}_{n}"
        result[name] = milestone.name
    return result


#: What a touchpoint's event name starts with; a KPI target for it has the same key.
TOUCHPOINT_PREFIX = "touchpoint:"


def touchpoint_events(plan: Any) -> dict[str, str]:
    """The event name of each touchpoint of a plan, path by path: ``{event: touchpoint name}``.

    A touchpoint's event is ``touchpoint:`` and its name with runs of spaces made
    one, e.g. ``touchpoint:Day-4 check-in email``, so it never clashes with a
    milestone's or an everyday event. When two touchpoints share a name (case
    and spacing ignored), the second gets `` (2)``, the third `` (3)``. A plan
    without paths (or anything without ``.paths.touchpoints``) has none.
    """
    touchpoints = getattr(getattr(plan, "paths", None), "touchpoints", ())
    result: dict[str, str] = {}
    seen: dict[str, int] = {}
    for touchpoint in touchpoints:
        base = " ".join(touchpoint.name.split()) or "(unnamed)"
        key = base.casefold()
        seen[key] = seen.get(key, 0) + 1
        suffix = f" ({seen[key]})" if seen[key] > 1 else ""
        result[f"{TOUCHPOINT_PREFIX}{base}{suffix}"] = touchpoint.name
    return result


def _milestone_items(milestones: Any) -> tuple[Any, ...]:
    """The milestones of a MilestoneMap, or of a plan holding one as ``.milestones``."""
    inner = getattr(milestones, "milestones", None)
    if inner is not None and hasattr(inner, "milestones"):
        milestones = inner
    return tuple(milestones.milestones)


__all__ = [
    "COLUMNS",
    "EVENTS",
    "PROBLEMS",
    "REQUIRED",
    "SCALES",
    "TOUCHPOINT_PREFIX",
    "EventLog",
    "EventLogError",
    "ValidationReport",
    "milestone_events",
    "read_events",
    "touchpoint_events",
]
