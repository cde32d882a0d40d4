"""Event logs: what customers did, one row per event, in one schema.

Every KPI of the course is read from an event log with these columns:

===============  ==========================================================
``customer_id``  who did it (required; text, kept exactly as written)
``timestamp``    when (required; a date and time with its day and year written out)
``event``        what happened, a name from :data:`EVENTS` or your own (required);
                 a touchpoint met is ``touchpoint:<its name>`` (:func:`touchpoint_events`)
``amount``       money paid, for purchases (optional; a finite number, never negative)
``order_id``     the order a purchase belongs to (optional; text, kept as written)
``score``        a survey answer (optional): 1-5 for ``survey``, 0-10 for ``nps``
===============  ==========================================================

A *purchase* is any row with an amount above zero, whatever its event name, so
a learner's own log needs no special names for its orders.

:func:`read_events` reads a CSV or Parquet file (or a DataFrame), renames the
learner's columns, and checks every row. Nothing is lost in silence: rows that
cannot be used are set aside and listed in a :class:`ValidationReport` (which
row, which column, why), exact duplicates are listed but kept, anything read in
another form than it was written (ids stored as decimal numbers, dates whose
day and month order had to be decided) is said in the report's notes, and
``errors="raise"`` turns set-aside rows into an :class:`EventLogError`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
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

#: The answer scale of each survey event (names matched ignoring case); a score on
#: any other event must lie in 0-10.
SCALES: Mapping[str, tuple[float, float]] = {"survey": (1, 5), "nps": (0, 10)}
_ANY_SCALE = (0, 10)

#: How exports write a missing value (compared ignoring case): an id or event
#: written so is missing, and an optional value written so is empty.
MISSING_SPELLINGS = frozenset(
    {
        "nan",
        "-nan",
        "nat",
        "null",
        "none",
        "nil",
        "undefined",
        "na",
        "n/a",
        "#n/a",
        "#n/a n/a",
        "#na",
        "<na>",
        "-1.#ind",
        "-1.#qnan",
        "1.#ind",
        "1.#qnan",
    }
)

# Timestamps outside these years are typing slips (and beyond what pandas stores).
_EARLIEST, _LATEST = "1900-01-01", "2200-01-01"

#: Why a row was set aside: problem code -> what the learner reads.
PROBLEMS: Mapping[str, str] = {
    "missing_customer": "no customer id",
    "missing_event": "no event name",
    "bad_timestamp": "the timestamp cannot be read as a date and time",
    "ambiguous_date": "the date reads both day-first and month-first",
    "bad_amount": "the amount is not a number",
    "negative_amount": "the amount is negative",
    "bad_score": "the score is not a number",
    "score_out_of_range": "the score is outside the answer scale",
    "extra_fields": "the row has more fields than the header",
}
_PROBLEM_COLUMN = {
    "missing_customer": "customer_id",
    "missing_event": "event",
    "bad_timestamp": "timestamp",
    "ambiguous_date": "timestamp",
    "bad_amount": "amount",
    "negative_amount": "amount",
    "bad_score": "score",
    "score_out_of_range": "score",
    "extra_fields": "(extra fields)",
}


class EventLogError(ValueError):
    """An event log that cannot be used: says which file, and which columns or rows."""

    def __init__(self, source: str, problem: str, *, columns: tuple[str, ...] = ()) -> None:
        super().__init__(f"{source}: {problem}")
        self.source, self.problem, self.columns = source, problem, columns


@dataclass(frozen=True, eq=False)
class ValidationReport:
    """What reading an event log found: rows set aside, exact duplicates, and notes.

    ``problems`` has one line per problem: ``row``, ``column``, ``value`` (as it
    was read), ``problem`` (a code from :data:`PROBLEMS`) and ``message``. A
    ``row`` is the line in a CSV file where the row starts (line 1 is the first
    line of the file, usually the header; blank lines and line breaks inside
    quoted values count, and a line ends at a line feed, a carriage return and
    line feed, or a lone carriage return),
    the row number in a Parquet file counted from 1, or the index label of a
    DataFrame (which may repeat, if the index does).
    ``duplicates`` lists the rows that repeat an earlier row exactly (``row``
    and ``first_row``); they are kept unless asked otherwise. ``notes`` are
    findings about rows that were kept but read in another form than written
    (ids stored as decimal numbers, dates whose day and month order was decided,
    spaces around ids), so that nothing changes without a word.
    """

    source: str
    rows_read: int
    rows_kept: int
    problems: pd.DataFrame
    duplicates: pd.DataFrame
    duplicates_dropped: bool = False
    notes: tuple[Finding, ...] = ()

    @property
    def rows_set_aside(self) -> int:
        return self.rows_read - self.rows_kept

    @property
    def ok(self) -> bool:
        """True when no row was set aside (duplicates and notes alone do not count)."""
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
            where = "rows" if code == "extra_fields" else f"column {_PROBLEM_COLUMN[code]}"
            found.append(
                Finding(
                    Severity.WARNING,
                    where,
                    f"{count} row{'s' if count > 1 else ''} set aside: {PROBLEMS[code]} "
                    f"(rows {shown}).",
                    _HINTS[code],
                    code,
                )
            )
        found.extend(self.notes)
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
        if self.notes:
            text += f", {len(self.notes)} note{'s' if len(self.notes) > 1 else ''}"
        return text + "."

    _SHOWN = 20

    def _rows(self) -> list[tuple[object, ...]]:
        head = self.problems.head(self._SHOWN)
        return list(zip(head["row"], head["column"], head["value"], head["message"], strict=True))

    def __str__(self) -> str:
        notes = "".join(f"\n{note}" for note in self.notes)
        if not len(self.problems):
            return self.summary() + notes
        table = text_table(("row", "column", "value", "why"), self._rows(), caption=self.summary())
        return table + notes

    def _repr_html_(self) -> str:
        summary = f'<p class="jl-summary">{escape(self.summary())}</p>'
        notes = "".join(f"<p>{escape(str(note))}</p>" for note in self.notes)
        if not len(self.problems):
            return summary + notes
        more = len(self.problems) - self._SHOWN
        tail = f"<p>… and {more} more in <code>report.problems</code>.</p>" if more > 0 else ""
        table = html_table(("row", "column", "value", "why"), self._rows(), caption="Set aside")
        return summary + table + tail + notes


_HINTS = {
    "missing_customer": "Every event needs the customer who did it; fill in the id or remove "
    "the row.",
    "missing_event": "Every row needs an event name such as core_purchase or survey.",
    "bad_timestamp": "Use one date format for the whole column, with the day and the year "
    "written out, e.g. 2024-03-01 14:30; pass dayfirst=True if yours is day-first, or "
    "timestamp_format= for another fixed format.",
    "ambiguous_date": "Say how the column is written: dayfirst=True for day/month/year "
    "(31/01/2024), dayfirst=False for month/day/year (01/31/2024).",
    "bad_amount": "Amounts are plain numbers: no currency sign or thousands separator.",
    "negative_amount": "A refund is not a purchase: keep refunds in a log of their own.",
    "bad_score": "Scores are whole numbers: 1-5 for a satisfaction survey, 0-10 for NPS.",
    "score_out_of_range": "A satisfaction survey answers 1-5 and an NPS question 0-10.",
    "extra_fields": 'A value with the separator in it needs quotes around it ("1,299.00"); '
    "otherwise look for a stray separator in the row.",
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
    dayfirst: bool | None = None,
) -> EventLog:
    """Read an event log from a CSV or Parquet file, or a DataFrame, and check every row.

    ``columns`` maps the learner's column names to the schema's, e.g.
    ``{"Client": "customer_id", "Date": "timestamp", "Action": "event"}``;
    columns already named as in the schema need no entry, and other columns are
    ignored (a column you map must exist, and a used name must not appear twice).

    Rows with a missing id or event (empty, or written ``NULL``, ``N/A``,
    ``NaN``...), an unreadable or relative timestamp (``now``, ``yesterday``), a
    negative, infinite or non-numeric amount, a score off its scale, or more
    fields than the CSV header are set aside and listed in the report, by row
    (for a CSV, the line in the file; for a DataFrame, the index label); with
    ``errors="raise"`` they raise :class:`EventLogError` instead. Exact
    duplicates are reported and kept (``drop_duplicates=True`` drops them).

    Ids stay text exactly as written: ``007`` and ``7`` are two customers.
    Numeric id columns of a DataFrame or Parquet file become their digits
    (``7.0`` becomes ``"7"``, said in the report's notes).

    Timestamps: ISO dates (``2024-03-01 14:30``) are read as they are; a date
    such as ``03/01/2024`` reads both day-first and month-first, so
    ``dayfirst=True`` (day/month/year) or ``dayfirst=False`` (month/day/year)
    says which. Without it, a column whose other dates can only be read one way
    (``13/01/2024``) is read that way, said in the notes; otherwise such dates
    are set aside as ambiguous. ``timestamp_format`` (e.g. ``"%d.%m.%Y %H:%M"``)
    reads every timestamp with that one format instead. Timestamps with a time
    zone are converted to UTC; numbers (epoch seconds) are refused.
    """
    import numpy as np
    import pandas as pd

    if errors not in ("report", "raise"):
        raise ValueError(f"errors must be 'report' or 'raise', not {errors!r}")
    if dayfirst not in (None, True, False):
        raise ValueError(f"dayfirst must be True, False or None, not {dayfirst!r}")
    if dayfirst is not None and timestamp_format is not None:
        raise ValueError("give timestamp_format or dayfirst, not both: a format says the order")
    mapping = dict(columns or {})
    unknown = sorted(set(mapping.values()) - set(COLUMNS))
    if unknown:
        raise ValueError(
            f"columns maps to {', '.join(map(repr, unknown))}, which the schema does not "
            f"have; map your column names to: {', '.join(COLUMNS)}"
        )
    targets = list(mapping.values())
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        raise ValueError(f"columns maps more than one column to {', '.join(map(repr, twice))}")
    wanted = {ours: theirs for theirs, ours in mapping.items()}
    for name in COLUMNS:
        wanted.setdefault(name, name)

    table = _load(source, wanted, pd)
    raw = table.frame
    check = _Checker(table.name, table.rows, wanted)
    out = {
        "customer_id": check.ids(raw["customer_id"], "customer_id", required=True),
        "event": check.event_names(raw["event"]),
        "timestamp": check.timestamps(raw["timestamp"], timestamp_format, dayfirst),
    }
    if "amount" in raw:
        out["amount"] = check.numbers(raw["amount"], "amount", "bad_amount")
        amounts = out["amount"].to_numpy()
        # the least amount, missing ones aside, says whether any row needs a look
        if len(amounts) and np.fmin.reduce(amounts) < 0:
            check.flag(amounts < 0, "negative_amount", raw["amount"])
    if "order_id" in raw:
        out["order_id"] = check.ids(raw["order_id"], "order_id", required=False)
    if "score" in raw:
        out["score"] = check.numbers(raw["score"], "score", "bad_score")
        check.flag(check.off_scale(out["score"]), "score_out_of_range", raw["score"])
    check.extra_fields(table.extra, table.width, table.separator)
    problems = check.problems()

    bad = problems["position"].unique() if len(problems) else []
    keep = np.ones(len(raw), dtype=bool)
    keep[np.asarray(bad, dtype=np.intp)] = False
    problems = problems.drop(columns="position").reset_index(drop=True)
    if errors == "raise" and len(problems):
        first = problems.head(5)
        listed = "; ".join(
            f"row {r}: {m} ({c}={v!r})"
            for r, c, v, m in zip(
                first["row"], first["column"], first["value"], first["message"], strict=True
            )
        )
        raise EventLogError(table.name, f"{len(bad)} rows cannot be used. {listed}")

    # the event first: rows of one time are mostly one customer's events, told apart by them
    duplicated, duplicates = _duplicates(
        raw, table.rows, out["timestamp"], [check.codes["event"], check.codes["customer_id"]]
    )
    if drop_duplicates:
        keep &= ~duplicated

    events = _canonical(out, keep, pd)
    report = ValidationReport(
        table.name,
        len(raw),
        len(events),
        problems,
        duplicates.reset_index(drop=True),
        drop_duplicates,
        tuple(check.notes),
    )
    return EventLog(events, report)


# -- exact duplicates ------------------------------------------------------------------------

_MIX = 0x9E3779B97F4A7C15  # a 64-bit odd constant (the golden ratio): spreads bits in a product


_SHORT_RUN = 8  # rows up to this far apart in a run of equal times are compared pair by pair


def _candidates(stamps: Any, keys: Sequence[Any]) -> Any:
    """The positions of rows whose time and ``keys`` (codes of the customer ids and event
    names) equal another row's: every exact duplicate is among them, and a few more
    (rows that differ only in another column), for the full comparison to sort out.

    In a log sorted by time, equal rows sit in one run of equal times: each row is
    compared with the few rows before it in its run, and a long run is sorted by a hash
    of its keys. An unsorted log is sorted whole by a hash of time and keys.
    """
    import numpy as np

    times = np.asarray(stamps).view(np.int64)
    n = len(times)
    if n < 2:
        return np.zeros(0, dtype=np.intp)
    if not bool((times[1:] >= times[:-1]).all()):
        return _candidates_by_sorting(times.view(np.uint64).copy(), keys)
    marked = np.zeros(n, dtype=bool)
    same_time = times[1:] == times[:-1]
    # each row against the row before it: the first key on whole columns, the other keys
    # only on the rows still alike (few, when the first key tells most rows apart)
    equal = same_time & (keys[0][1:] == keys[0][:-1]) if keys else same_time
    rows = _alike(np.flatnonzero(equal) + 1, 1, keys[1:])
    marked[rows] = True
    marked[rows - 1] = True
    # the rows with a row of the same time d rows before them: fewer for each d, since in
    # a sorted log the rows between two of equal time have that time too
    later = np.flatnonzero(same_time[1:] & same_time[:-1]) + 2
    for d in range(2, _SHORT_RUN + 1):
        if d > 2:
            later = later[later >= d]  # (a row has only so many rows before it)
            # row i already has the time of rows i - 1 ... i - d + 1 (sorted, the time of
            # each row between): it has row i - d's when that row's is the next row's too
            later = later[same_time[later - d]]
        if not len(later) or d == _SHORT_RUN:
            break
        equal = _alike(later, d, keys)
        marked[equal] = True
        marked[equal - d] = True
    if len(later):
        # runs longer than _SHORT_RUN, whole: each numbered, its rows sorted by their hash
        long_times = np.unique(times[later])
        begin = np.searchsorted(times, long_times, side="left")
        length = np.searchsorted(times, long_times, side="right") - begin
        offset = np.repeat(begin - (np.cumsum(length) - length), length)
        rows = np.arange(int(length.sum())) + offset
        run = np.repeat(np.arange(len(length), dtype=np.uint64), length)
        hashed = _hash(np.zeros(len(rows), dtype=np.uint64), [key[rows] for key in keys])
        # the run in the high bits, the hash in the low: rows of one run stay together
        keyed = (run << np.uint64(32)) | (hashed >> np.uint64(32))
        marked[rows[_candidates_by_sorting(keyed, [])]] = True
    return np.flatnonzero(marked)


def _alike(rows: Any, d: int, keys: Sequence[Any]) -> Any:
    """Those of ``rows`` (positions) whose keys all equal the keys of the row d before."""
    for key in keys:
        if not len(rows):
            break
        rows = rows[key[rows] == key[rows - d]]
    return rows


def _hash(hashed: Any, keys: Sequence[Any]) -> Any:
    """Keys mixed into 64-bit hashes, in place."""
    import numpy as np

    for key in keys:
        hashed ^= key.astype(np.int64, copy=False).view(np.uint64)
        hashed *= np.uint64(_MIX)
        hashed ^= hashed >> np.uint64(29)
    return hashed


def _candidates_by_sorting(hashed: Any, keys: Sequence[Any]) -> Any:
    """The positions whose hash (``hashed`` with ``keys`` mixed in) another one shares."""
    import numpy as np

    hashed = _hash(hashed, keys)
    order = np.argsort(hashed, kind="stable")
    ordered = hashed[order]
    equal = ordered[1:] == ordered[:-1]
    marked = np.zeros(len(hashed), dtype=bool)
    marked[order[1:][equal]] = True
    marked[order[:-1][equal]] = True
    return np.flatnonzero(marked)


def _duplicates(raw: Any, rows: Any, stamps: Any, keys: Sequence[Any]) -> tuple[Any, Any]:
    """Which rows repeat an earlier row exactly, and the table of them with the row each one
    repeats (``row``, ``first_row``)."""
    import numpy as np
    import pandas as pd

    duplicated = np.zeros(len(raw), dtype=bool)
    at = _candidates(stamps, keys)
    found = None
    if len(at):
        # the candidates compared in full, as pandas compares rows
        some = raw.iloc[at]
        try:
            repeats = some.duplicated(keep="first").to_numpy()
        except TypeError:
            # a DataFrame may hold values that cannot be hashed (lists): compare their repr
            some = some.apply(lambda c: c.map(repr) if c.dtype == object else c)
            repeats = some.duplicated(keep="first").to_numpy()
        if repeats.any():
            # the first copy of each repeated row, found by grouping identical rows
            groups = some.groupby(list(some.columns), dropna=False, sort=False).ngroup()
            firsts = pd.Series(rows[at]).groupby(groups.to_numpy()).transform("first")
            duplicated[at[repeats]] = True
            found = pd.DataFrame(
                {"row": rows[at[repeats]], "first_row": firsts.to_numpy()[repeats]}
            )
    if found is None:
        found = pd.DataFrame({"row": [], "first_row": []})
    return duplicated, found


# -- reading the table ---------------------------------------------------------------------


@dataclass
class _Table:
    """A log as read: the schema's columns present, and the row label of each row."""

    name: str
    frame: Any
    rows: Any
    # (position, the fields past the header's last column) of each CSV row that has some
    extra: list[tuple[int, list[str]]] = field(default_factory=list)
    width: int = 0  # the number of fields in the CSV header
    separator: str = ","


def _load(source: Any, wanted: Mapping[str, str], pd: Any) -> _Table:
    """The log as a table with the schema's column names, whatever it came from."""
    if isinstance(source, pd.DataFrame):
        positions = _pick("DataFrame", list(source.columns), wanted)
        frame = _columns(source, positions, pd)
        return _Table("DataFrame", frame, source.index.to_numpy())
    path = Path(source)
    if not path.exists():
        raise EventLogError(str(path), "no such file")
    if not path.is_file():
        raise EventLogError(str(path), "not a file")
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise EventLogError(str(path), "the file is empty")
    try:
        if suffix == ".csv":
            return _read_csv(path, wanted, pd)
        if suffix in (".parquet", ".pq"):
            return _read_parquet(path, wanted, pd)
    except ImportError:
        raise EventLogError(
            str(path), "reading Parquet needs the pyarrow package: pip install pyarrow"
        ) from None
    except UnicodeDecodeError as error:
        raise EventLogError(
            str(path),
            f"{_first_bad_line(path)}not UTF-8 text ({error.reason}): save the file as UTF-8 "
            "(CSV UTF-8)",
        ) from None
    except EventLogError:
        raise
    except (ValueError, OSError, TypeError, NotImplementedError) as error:
        # pyarrow's errors for a damaged file are ValueError, OSError and their kin
        raise EventLogError(str(path), f"cannot be read: {error}") from None
    raise EventLogError(str(path), f"unknown file type {suffix!r}: use .csv or .parquet")


def _read_parquet(path: Path, wanted: Mapping[str, str], pd: Any) -> _Table:
    """The schema's columns of a Parquet file, only those read; integer ids as integers.

    pandas reads an integer column with a missing value as decimal numbers (which drop
    digits past 2**53) unless the file was written by pandas, and then slowly: integer
    id columns are taken from pyarrow as they are, held by pyarrow."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    # the columns are checked from the schema, and only those used are read
    schema = pq.read_schema(path)
    positions = _pick(str(path), schema.names, wanted)
    used = {ours: schema.names[at] for ours, at in positions.items()}
    integer_ids = {
        theirs
        for ours, theirs in used.items()
        if ours in ("customer_id", "order_id") and pa.types.is_integer(schema.field(theirs).type)
    }
    table = pd.read_parquet(path, columns=[t for t in used.values() if t not in integer_ids])
    ids = pq.read_table(path, columns=sorted(integer_ids)) if integer_ids else None
    # each column as it is, no copy (a frame of columns taken by a list is copied)
    frame = pd.DataFrame(
        {
            ours: pd.Series(pd.arrays.ArrowExtensionArray(ids.column(theirs)), copy=False)
            if theirs in integer_ids
            else table[theirs].reset_index(drop=True)
            for ours, theirs in used.items()
        },
        copy=False,
    )
    # a Parquet file has no lines: its rows are counted from 1
    return _Table(str(path), frame, _Counted(1, len(frame)))


class _Counted:
    """The row numbers first, first + 1, ... of n rows, each made only when asked for: a
    report quotes a few rows of a log of millions."""

    def __init__(self, first: int, n: int) -> None:
        self.first, self.n = first, n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, at: Any) -> Any:
        import numpy as np

        at = np.asarray(at)
        if at.dtype == bool:
            if at.shape != (self.n,):
                raise IndexError(f"a mask of {at.shape} rows for {self.n} rows")
            at = np.flatnonzero(at)
        if at.size and (at.min() < -self.n or at.max() >= self.n):
            raise IndexError(f"a row beyond the {self.n} rows")
        at = at.astype(np.int64)
        return (np.where(at < 0, at + self.n, at) + self.first)[()]  # (one row: a number)


def _first_bad_line(path: Path) -> str:
    """'line 7: ', the line of the first byte that is not UTF-8 (pandas does not say)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return f"line {line}: "
    return ""


def _pick(source: str, header: Sequence[Any], wanted: Mapping[str, str]) -> dict[str, int]:
    """The position of each schema column in the header; an error names what is missing."""
    positions: dict[str, int] = {}
    for ours in COLUMNS:
        theirs = wanted[ours]
        where = [i for i, name in enumerate(header) if name == theirs]
        if len(where) > 1:
            places = ", ".join(str(i + 1) for i in where)
            raise EventLogError(
                source,
                f"the column {theirs!r} appears {len(where)} times (columns {places}): rename "
                f"or remove the copies, so that it is clear which one is {ours}",
                columns=(ours,),
            )
        if where:
            positions[ours] = where[0]
    found = ", ".join(map(str, header)) or "none"
    missing = tuple(c for c in REQUIRED if c not in positions)
    if missing:
        named = ", ".join(
            c if wanted[c] == c else f"{c} (mapped from {wanted[c]!r})" for c in missing
        )
        raise EventLogError(
            source,
            f"missing column{'s' if len(missing) > 1 else ''}: {named}. Columns found: "
            f"{found}. Map yours with columns={{'your name': 'customer_id', ...}}.",
            columns=missing,
        )
    # an optional column the learner named on purpose must not vanish without a word
    absent = tuple(c for c in COLUMNS if c not in positions and wanted[c] != c)
    if absent:
        named = ", ".join(f"{wanted[c]!r} (mapped to {c})" for c in absent)
        raise EventLogError(source, f"no column {named}. Columns found: {found}.", columns=absent)
    return positions


def _columns(table: Any, positions: Mapping[str, int], pd: Any) -> Any:
    """The schema's columns of a DataFrame, taken by position (names may repeat elsewhere)."""
    # by position, as they are: no alignment on the index, no dtype guessed again
    return table.iloc[:, list(positions.values())].set_axis(list(positions), axis=1)


def _read_csv(path: Path, wanted: Mapping[str, str], pd: Any) -> _Table:
    """A CSV read as text, with the line where each row starts.

    A plain file (no quote marks, no blank lines: one row per line) is read by
    pyarrow. Otherwise pandas reads the values (as text, so that nothing is
    guessed) and the lines come from a scan of the bytes. A file whose quoting the
    scan cannot follow, or whose rows pandas counts differently, is read with the
    csv module, which gives both at once.
    """
    import numpy as np

    plain = _read_plain(path, wanted, pd)
    if plain is not None:
        return plain
    data = path.read_bytes()
    name = str(path)
    sep = _separator(data)
    layout = _scan(data, sep)
    if layout is not None:
        starts, ends, lines, fields = layout
        if not len(starts):
            raise EventLogError(name, "the file has only blank lines")
        with _long_fields():
            header = _parse_record(data[starts[0] : ends[0]], sep)
        positions = _pick(name, header, wanted)
        used = sorted(set(positions.values()))
        try:
            values = pd.read_csv(
                io.BytesIO(data),
                sep=sep,
                header=0,
                usecols=used,
                dtype=str,
                keep_default_na=False,
                index_col=False,
                encoding="utf-8",
            )
        except pd.errors.ParserError:
            values = None
        if values is not None and len(values) == len(starts) - 1:
            frame = pd.DataFrame(
                {ours: values.iloc[:, used.index(at)] for ours, at in positions.items()}
            )
            extra = []
            with _long_fields():
                for i in np.flatnonzero(fields[1:] > len(header)):
                    record = _parse_record(data[starts[i + 1] : ends[i + 1]], sep)
                    extra.append((int(i), record[len(header) :]))
            return _Table(name, frame, lines[1:], extra, len(header), sep)
    return _read_records(name, data, sep, wanted, pd)


def _read_plain(path: Path, wanted: Mapping[str, str], pd: Any) -> _Table | None:
    """A CSV without quote marks, NUL bytes, bare carriage returns or blank lines, read by
    pyarrow (fast, on every core); None for any other file, which the thorough readers
    take instead.

    In such a file every line after the header is one row, so row i is on line i + 2:
    a row with more or fewer fields than the header (a line of spaces too) is an error
    for pyarrow, and a blank line a row empty in every column, which sends the file
    the thorough way.
    """
    import mmap

    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return None
    # the bytes looked at where they lie, not copied: pyarrow reads the file itself
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        layout = _plain_layout(str(path), data, wanted)
    if layout is None:
        return None
    header, sep, positions = layout
    return _read_plain_rows(path, header, sep, positions, pd)


def _plain_layout(
    name: str, data: Any, wanted: Mapping[str, str]
) -> tuple[list[str], str, dict[str, int]] | None:
    """The header, separator and schema columns of a plain CSV (see :func:`_read_plain`);
    ``data`` is the file's bytes, or a memory map of them."""
    import numpy as np

    # (find, not in: in a memory map, "in" looks for one byte only)
    if data.find(b'"') >= 0 or data.find(b"\x00") >= 0:
        return None
    if data.find(b"\r") >= 0:
        buf = np.frombuffer(data, dtype=np.uint8)
        returns = np.flatnonzero(buf == 13)
        ends = returns + 1
        # a carriage return must end a line with a line feed (a bare one ends a line too)
        bare = ends[-1] == len(buf) or (buf[np.minimum(ends, len(buf) - 1)] != 10).any()
        del buf
        if bare:
            return None
    sep = _separator(data[:65536])
    end = data.find(b"\n")
    try:
        header_line = data[: end if end >= 0 else len(data)].decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    header_line = header_line.removesuffix("\r")
    if not header_line.strip(" \t"):
        return None  # blank lines before the header
    header = header_line.split(sep)
    if len(header) < 2:
        return None  # a line of spaces: one field to pyarrow, a blank line to the others
    return header, sep, _pick(name, header, wanted)


_CODED_WHILE_READ = frozenset({"event", "amount", "order_id", "score"})


def _read_plain_rows(
    path: Path, header: list[str], sep: str, positions: Mapping[str, int], pd: Any
) -> _Table | None:
    """The rows of a plain CSV read by pyarrow; None if it finds a row it cannot read."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    names = [str(at) for at in range(len(header))]
    used = sorted(set(positions.values()))
    # large_string is what pandas' str dtype holds: no conversion after; columns of a few
    # distinct values (event names, amounts, scores, order ids: mostly empty) come as
    # categories, encoded while they are read
    text, coded = pa.large_string(), pa.dictionary(pa.int32(), pa.large_string())
    types = {at: coded for at in used}
    for ours, at in positions.items():
        if ours not in _CODED_WHILE_READ:
            types[at] = text
    try:
        table = pa_csv.read_csv(
            str(path),
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=names),
            # an empty line is a row too (of empty fields), so that row i is on line i + 2
            parse_options=pa_csv.ParseOptions(
                delimiter=sep, quote_char=False, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                include_columns=[names[at] for at in used],
                column_types={names[at]: types[at] for at in used},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # not UTF-8, a row with more or fewer fields: the thorough path says
    if _some_row_all_empty(table, names[positions["customer_id"]]):
        return None  # maybe a blank line, which the other readers skip: they say which
    frame = pd.DataFrame(
        {ours: table.column(names[at]).to_pandas() for ours, at in positions.items()}
    )
    # row i on line i + 2, each number made only when a report quotes it
    return _Table(str(path), frame, _Counted(2, table.num_rows), [], len(header), sep)


def _some_row_all_empty(table: Any, first: str) -> bool:
    """Whether a row of the table is empty in every column (an empty line is such a row);
    looked for among the rows empty in the column ``first``."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    lengths = pc.binary_length(table.column(first)).to_numpy()
    rows = np.flatnonzero(lengths == 0)
    if not len(rows):
        return False
    empty = np.ones(len(rows), dtype=bool)
    for column in table.take(pa.array(rows)).columns:
        text = column.cast(pa.large_string())  # (the categories read for coded columns)
        empty &= pc.binary_length(text).to_numpy(zero_copy_only=False) == 0
    return bool(empty.any())


def _read_records(name: str, data: bytes, sep: str, wanted: Mapping[str, str], pd: Any) -> _Table:
    """A CSV read with the csv module: slower, but it says where each row starts."""
    import numpy as np

    records: list[list[str]] = []
    lines: list[int] = []
    line = 1  # where the next record starts
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=sep, strict=True)
    with _long_fields():
        try:
            for record in reader:
                start, line = line, reader.line_num + 1
                # blank lines, and lines of spaces only, are no rows (as pandas reads them)
                if not record or (len(record) == 1 and not record[0].strip(" \t")):
                    continue
                records.append(record)
                lines.append(start)
        except csv.Error as error:
            raise EventLogError(name, f"line {line}: {_csv_problem(error)}") from None
    if not records:
        raise EventLogError(name, "the file has only blank lines")
    header, rows = records[0], records[1:]
    positions = _pick(name, header, wanted)
    width = len(header)
    frame = pd.DataFrame(
        {
            ours: pd.Series([r[at] if at < len(r) else "" for r in rows], dtype=object)
            for ours, at in positions.items()
        }
    )
    frame = frame.astype(_text_dtype())
    extra = [(i, r[width:]) for i, r in enumerate(rows) if len(r) > width]
    return _Table(name, frame, np.array(lines[1:], dtype=np.int64), extra, width, sep)


def _csv_problem(error: Exception) -> str:
    """What the csv module's complaint means for the person who made the file."""
    text = str(error)
    if "unexpected end of data" in text:
        return "a quoted value is never closed (a quote mark is missing)"
    if "expected after" in text:
        return f"text follows a closing quote mark ({text}): put the whole value in quotes"
    return text


@contextmanager
def _long_fields() -> Iterator[None]:
    """Let the csv module read values of any length (pandas has no limit either)."""
    old = csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _parse_record(raw: bytes, sep: str) -> list[str]:
    """The fields of one CSV record given as bytes."""
    text = raw.decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text, newline=""), delimiter=sep), [])


def _separator(data: bytes) -> str:
    """The CSV's separator, from its header line: a comma, a semicolon or a tab."""
    header = next((line for line in data[:65536].split(b"\n") if line.strip()), b"")
    return max((",", ";", "\t"), key=lambda sep: header.count(sep.encode()))


def _scan(data: bytes, sep: str) -> tuple[Any, Any, Any, Any] | None:
    """Where each non-blank record of a CSV starts and ends, its line and its field count.

    Works on the bytes with numpy (a record ends at a line break outside quotes).
    Returns None when the quoting is unusual (a quote inside an unquoted value,
    an unclosed quote) or a line ends in a bare carriage return: the csv module
    reads those files instead.
    """
    import numpy as np

    buf = np.frombuffer(data, dtype=np.uint8)
    n, s = len(buf), ord(sep)
    first = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    newlines = np.flatnonzero(buf == 10)
    returns = np.flatnonzero(buf == 13)
    if len(returns) and (returns[-1] == n - 1 or (buf[returns + 1] != 10).any()):
        return None  # a bare carriage return ends a line too: the csv module knows how
    seps = np.flatnonzero(buf == s)
    quotes = np.flatnonzero(buf == ord('"'))
    record_ends = newlines
    if len(quotes):
        if len(quotes) % 2:
            return None
        opening, closing = quotes[0::2], quotes[1::2]
        # "" inside a quoted value closes and reopens at once
        reopens = np.zeros(len(opening), dtype=bool)
        reopens[1:] = opening[1:] - 1 == closing[:-1]
        before = buf[np.maximum(opening - 1, 0)]
        opens_field = (opening == first) | (before == s) | (before == 10) | reopens
        after = buf[np.minimum(closing + 1, n - 1)]
        doubled = np.zeros(len(closing), dtype=bool)
        doubled[:-1] = closing[:-1] + 1 == opening[1:]
        ends_field = (closing == n - 1) | (after == s) | (after == 10) | (after == 13) | doubled
        if not (opens_field.all() and ends_field.all()):
            return None
        # a byte is inside quotes when an odd number of quote marks come before it
        record_ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
        seps = seps[np.searchsorted(quotes, seps) % 2 == 0]
    starts = np.concatenate(([first], record_ends + 1))
    stops = np.concatenate((record_ends, [n]))
    ends = stops.copy()
    carriage = (stops > starts) & (buf[np.maximum(stops - 1, 0)] == 13)
    ends[carriage] -= 1
    blank = ends <= starts
    # pandas skips lines of spaces and tabs too
    for i in np.flatnonzero(~blank & np.isin(buf[np.minimum(starts, n - 1)], (32, 9))):
        blank[i] = not data[starts[i] : ends[i]].strip(b" \t")
    starts, ends = starts[~blank], ends[~blank]
    lines = np.searchsorted(newlines, starts) + 1
    fields = np.searchsorted(seps, ends) - np.searchsorted(seps, starts) + 1
    return starts, ends, lines, fields


def _text_dtype() -> str:
    """pandas 3 has a text dtype ("str"); pandas 2 keeps text as objects."""
    return "str" if _pandas_3() else "object"


def _pandas_3() -> bool:
    """Whether pandas is 3 or later (it holds text as "str", in pyarrow)."""
    import pandas as pd

    return int(pd.__version__.split(".")[0]) >= 3


# -- checking the columns ------------------------------------------------------------------

_RELATIVE = re.compile(r"\b(?:now|today|tonight|yesterday|tomorrow|ago)\b", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_YEAR_FIRST = re.compile(r"(\d{4})([/.\- ])(\d{1,2})\2(\d{1,2})(?=$|[\sT])(.*)", re.DOTALL)
_YEAR_LAST = re.compile(r"(\d{1,2})([/.\- ])(\d{1,2})\2(\d{4}|\d{2})(?=$|[\sT])(.*)", re.DOTALL)
_OUTSIDE = "the year is before 1900 or after 2199"
_NO_DAY = "the date has no day (or no month)"
_NUMBER_MESSAGE = (
    "a number, not a date and time: if it counts seconds since 1970, convert it first, "
    "e.g. pd.to_datetime(column, unit='s')"
)
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


class _UnknownZone(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _Checker:
    """The checks of one log: each column parsed, problems found and notes taken."""

    def __init__(self, source: str, rows: Any, wanted: Mapping[str, str]) -> None:
        import numpy as np

        self.source, self.wanted = source, wanted
        self.rows = rows if isinstance(rows, _Counted) else np.asarray(rows)
        self.found: list[Any] = []
        self.notes: list[Finding] = []
        self.event_codes: Any = None
        self.event_names_read: list[str] = []
        # each raw id and event column as row codes of its distinct values (for duplicates)
        self.codes: dict[str, Any] = {}

    # -- recording

    def flag(
        self,
        mask: Any,
        code: str,
        values: Any,
        message: str | Callable[[str], str] | Sequence[str] | None = None,
    ) -> None:
        """Set aside the rows in ``mask``, showing each one's value as read.

        ``message`` is the problem's own by default; or one for all, one made from each
        value, or one per row set aside (in row order)."""
        import numpy as np
        import pandas as pd

        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        at = np.flatnonzero(mask)
        shown = [_shown(v) for v in pd.Series(values).iloc[at].tolist()]
        if message is None:
            messages: Any = PROBLEMS[code]
        elif isinstance(message, str):
            messages = message
        elif callable(message):
            messages = [message(v) for v in shown]
        else:
            messages = list(message)
        self.found.append(
            pd.DataFrame(
                {
                    "position": at,
                    "row": self.rows[at],
                    "column": _PROBLEM_COLUMN[code],
                    "value": shown,
                    "problem": code,
                    "message": messages,
                }
            )
        )

    def note(self, severity: Severity, column: str, message: str, hint: str, code: str) -> None:
        self.notes.append(Finding(severity, f"column {column}", message, hint, code))

    def where(self, mask: Any, values: Any, most: int = 3) -> str:
        """ "'13/01/2024' on row 5, …": the first rows in ``mask``, to quote in a note."""
        import numpy as np
        import pandas as pd

        at = np.flatnonzero(np.asarray(mask, dtype=bool))
        shown = [
            f"{_shown(v)!r} on row {self.rows[i]}"
            for i, v in zip(at[:most], pd.Series(values).iloc[at[:most]].tolist(), strict=True)
        ]
        return ", ".join(shown) + (" …" if len(at) > most else "")

    def problems(self) -> Any:
        import pandas as pd

        columns = ["position", "row", "column", "value", "problem", "message"]
        if not self.found:
            return pd.DataFrame({c: [] for c in columns})
        return pd.concat(self.found, ignore_index=True).sort_values(
            ["position", "column"], kind="stable"
        )

    # -- text

    def text(self, values: Any, column: str, *, ids: bool = False) -> Any:
        """A column as text, missing values missing; other types written as Python writes
        them (with ``ids``, whole decimal numbers without their ``.0``)."""
        import numpy as np
        import pandas as pd

        dtype = values.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            # the categories once each, then every row by its code
            categories = self.text(pd.Series(dtype.categories), column, ids=ids)
            codes = values.cat.codes.to_numpy()
            out = categories.to_numpy(dtype=object)[codes]
            out[codes < 0] = None
            return self._series(out, values.index, column)
        if isinstance(dtype, pd.StringDtype):
            return values
        if pd.api.types.is_float_dtype(dtype) and ids:
            return self._float_ids(values, column)
        if pd.api.types.is_integer_dtype(dtype):
            return values.astype(_text_dtype())  # the digits: lossless, whatever the size
        objects = values.to_numpy(dtype=object)
        if ids and any(isinstance(v, float | np.floating) for v in objects):
            floats = np.array([isinstance(v, float | np.floating) for v in objects])
            fixed = self._float_ids(pd.Series(objects[floats], dtype="float64"), column)
            objects = objects.copy()
            objects[floats] = fixed.to_numpy(dtype=object)
        return self._series(
            np.array([_as_text(v) for v in objects], dtype=object), values.index, column
        )

    def _float_ids(self, values: Any, column: str) -> Any:
        """Ids stored as decimal numbers, as the digits of the whole number each one is."""
        import numpy as np

        number = values.to_numpy(dtype="float64", na_value=np.nan)
        out = np.full(len(number), None, dtype=object)
        finite = np.isfinite(number)
        whole = finite & (np.floor(number) == number)
        small = whole & (np.abs(number) < 2**63)
        out[small] = number[small].astype(np.int64).astype(str)
        out[whole & ~small] = [str(int(v)) for v in number[whole & ~small]]
        out[finite & ~whole] = [repr(float(v)) for v in number[finite & ~whole]]
        if finite.any():
            big = int((np.abs(number[finite]) >= 2**53).sum())
            lost = (
                f" {big} of them are 2**53 or more, where decimal numbers drop digits: "
                "ids that differed may already have become one before this log was read."
                if big
                else ""
            )
            self.note(
                Severity.WARNING,
                column,
                f"{_count(int(finite.sum()), 'value')} of {column} are stored as decimal "
                f"numbers and were read as the digits of the number (7.0 as '7').{lost}",
                "Export ids as text, so that every digit is kept.",
                "decimal_ids",
            )
        return self._series(out, values.index, column)

    def _series(self, objects: Any, index: Any, column: str) -> Any:
        """Text values as a Series of the text dtype; text that cannot be stored says where."""
        import pandas as pd

        try:
            return pd.Series(objects, index=index, dtype=_text_dtype())
        except UnicodeEncodeError:
            # a lone surrogate (from bytes decoded with errors="surrogateescape")
            at = next(i for i, v in enumerate(objects) if isinstance(v, str) and not _encodes(v))
            raise EventLogError(
                self.source,
                f"column {self.wanted.get(column, column)!r}, row {self.rows[at]}: the text "
                f"{objects[at]!r} is not valid Unicode (it holds a lone surrogate); fix it "
                "where the text was decoded",
                columns=(column,),
            ) from None

    def clean(self, text: Any) -> tuple[Any, Any, Any]:
        """Text stripped of surrounding spaces; which rows are blank, and which are written
        as a missing value (NULL, N/A...)."""
        stripped = text.str.strip().fillna("")
        blank = (stripped == "").to_numpy(dtype=bool)
        spelled = stripped.str.lower().isin(MISSING_SPELLINGS).to_numpy(dtype=bool)
        return stripped, blank, spelled & ~blank

    # -- the columns

    def distinct(self, values: Any, column: str, *, ids: bool = False) -> tuple[Any, Any]:
        """Each row's code (-1 where missing) and the distinct values as text, so that the
        checks run once per distinct value and reach the rows through their codes."""
        import numpy as np
        import pandas as pd

        dtype = values.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy()
            return codes, self.text(pd.Series(dtype.categories), column, ids=ids)
        if _whole_numbers(dtype):
            # the digits of each distinct number: lossless, whatever the size
            codes, uniques = pd.factorize(values)
            return codes, pd.Series(uniques).astype(_text_dtype())
        text = values if isinstance(dtype, pd.StringDtype) else self.text(values, column, ids=ids)
        given = _given(text)
        if given is not None:
            # mostly missing (an optional column): only the rows with a value are hashed
            codes, uniques = pd.factorize(text.array.take(given))
            all_codes = np.full(len(text), -1, dtype=np.intp)
            all_codes[given] = codes
            return all_codes, pd.Series(uniques, dtype=text.dtype)
        filled = _filled(text)
        if filled is not None and 2 * int(filled.sum()) < len(filled):
            # mostly empty (an optional column): only the rows with a value are hashed
            codes, uniques = pd.factorize(text[filled])
            all_codes = np.full(len(text), len(uniques), dtype=np.intp)
            all_codes[filled] = codes
            uniques = pd.concat([pd.Series(uniques, dtype=text.dtype), pd.Series([""])])
            return all_codes, uniques.astype(text.dtype).reset_index(drop=True)
        codes, uniques = pd.factorize(text)
        return codes, pd.Series(uniques, dtype=text.dtype)

    def ids(self, values: Any, column: str, *, required: bool) -> _Ids:
        """Ids as text exactly as written, spaces around them aside; missing ones missing."""
        import numpy as np
        import pandas as pd

        if _whole_numbers(values.dtype):
            # digits have no spaces around them and spell no missing value; each number
            # is its own code, and becomes text only when the rows kept are known
            if not required:
                return _Ids(None, None, integers=values)  # no check, no key: no codes
            # the digits of every row are written on other cores while the checks go on
            digits = _digits_later(values)
            if isinstance(values.dtype, np.dtype):
                # numpy's integers have no missing value: the numbers are only compared
                numbers = values.to_numpy()
            else:
                self.flag(values.isna().to_numpy(), "missing_customer", values)
                try:
                    numbers = values.to_numpy(dtype="int64", na_value=np.iinfo(np.int64).min)
                except (TypeError, ValueError, OverflowError):  # beyond int64: codes instead
                    numbers = pd.factorize(values)[0]
            self.codes[column] = numbers
            return _Ids(numbers, None, integers=values, digits=digits)
        numbers = _plain_integers(values)
        if numbers is not None:
            # ids such as 7 or 1042 (no sign, no leading zero): each is its own number
            self.codes[column] = numbers
            return _Ids(numbers, None, as_written=values)
        codes, text = self.distinct(values, column, ids=True)
        self.codes[column] = codes
        missing = codes < 0
        stripped, blank, spelled = self.clean(text)
        blank_rows = missing | _rows(blank, codes)
        spelled_rows = _rows(spelled, codes)
        if required:
            self.flag(blank_rows, "missing_customer", values)
            self.flag(
                spelled_rows,
                "missing_customer",
                values,
                lambda v: f"no customer id: {v!r} is how a missing value is written",
            )
        elif spelled.any():
            self.note(
                Severity.WARNING,
                column,
                f"{_count(int(spelled_rows.sum()), 'row')} with the {column} written as a "
                f"missing value, read as none: {self.where(spelled_rows, values)}.",
                "Leave the cell empty when there is no order id.",
                "missing_order_ids",
            )
        present = ~(blank | spelled)
        spaced = present & (stripped != text.fillna("")).to_numpy(dtype=bool)
        if spaced.any():
            self._note_spaces(
                _take(text, codes, values.index),
                _take(stripped, codes, values.index),
                _rows(spaced, codes),
                ~(blank_rows | spelled_rows),
                column,
            )
        unchanged = not (missing.any() or blank.any() or spelled.any() or spaced.any())
        as_written = values if unchanged and isinstance(values.dtype, pd.StringDtype) else None
        return _Ids(codes, stripped.where(present), as_written)

    def _note_spaces(
        self, text: Any, stripped: Any, spaced: Any, present: Any, column: str
    ) -> None:
        """Say that spaces around ids were removed, and which ids became one by it."""
        import pandas as pd

        touched = stripped[present].isin(set(stripped[spaced]))
        pairs = pd.DataFrame({"raw": text[present][touched], "id": stripped[present][touched]})
        pairs = pairs.drop_duplicates()
        merged = pairs[pairs["id"].duplicated(keep=False)]
        message = (
            f"{_count(int(spaced.sum()), 'value')} of {column} had spaces around them, which "
            f"were removed: {self.where(spaced, text)}."
        )
        if len(merged):
            spellings = ", ".join(repr(v) for v in merged["raw"].head(4))
            message += f" So ids written differently became one: {spellings}."
        self.note(
            Severity.WARNING if len(merged) else Severity.TIP,
            column,
            message,
            "Remove the spaces in the file if they are not part of the id.",
            "spaces_around_ids",
        )

    def event_names(self, values: Any) -> Any:
        """Event names without surrounding spaces, as a categorical; missing ones set aside."""
        import numpy as np
        import pandas as pd

        codes, names = self.distinct(values, "event")
        self.codes["event"] = codes
        # the checks run once per distinct name, then reach every row by its code
        stripped, blank, spelled = self.clean(names)
        new_codes, categories = pd.factorize(stripped.where(~(blank | spelled)), sort=True)
        # code -1 (missing) picks the last entry: missing; the codes as small as they fit
        small = np.int8 if len(categories) < 127 else np.int32
        row_codes = _recode(np.append(new_codes, -1).astype(small), codes)
        spelled_rows = _rows(spelled, codes)
        if (new_codes < 0).any() or (len(codes) and codes.min() < 0):
            self.flag((row_codes < 0) & ~spelled_rows, "missing_event", values)
        if spelled.any():
            self.flag(
                spelled_rows,
                "missing_event",
                values,
                lambda v: f"no event name: {v!r} is how a missing value is written",
            )
        self.event_codes = row_codes
        self.event_names_read = [str(c) for c in categories]
        self._note_event_case(row_codes)
        # the codes are built to fit the categories: no need to check each row's again
        return pd.Categorical.from_codes(
            row_codes, dtype=pd.CategoricalDtype(categories), validate=False
        )

    def _note_event_case(self, codes: Any) -> None:
        """Event names that are the course's names in other letters: KPIs will miss them."""
        import numpy as np

        for code, name in enumerate(self.event_names_read):
            course = name.casefold()
            if course in EVENTS and name != course:
                rows = codes == code
                self.note(
                    Severity.WARNING,
                    "event",
                    f"{_count(int(rows.sum()), 'row')} with the event {name!r}, not {course!r} "
                    f"({self.where(rows, np.full(len(codes), name), most=1)}): checked as "
                    f"{course!r} rows, but the KPIs look for {course!r} exactly and will not "
                    "count them.",
                    f"Rename {name!r} to {course!r} in the file.",
                    "event_name_case",
                )

    def off_scale(self, scores: Any) -> Any:
        """Which rows have a score outside the scale of their event (case ignored)."""
        import numpy as np

        low = np.full(len(self.event_names_read) + 1, _ANY_SCALE[0], dtype="float64")
        high = np.full(len(self.event_names_read) + 1, _ANY_SCALE[1], dtype="float64")
        for code, name in enumerate(self.event_names_read):
            low[code], high[code] = SCALES.get(name.casefold(), _ANY_SCALE)
        score = np.asarray(scores, dtype="float64")
        # only the rows with a score are compared (most rows of a log have none)
        at = np.flatnonzero(score == score)  # (NaN is not equal to itself)
        # code -1 (no event) picks the last entry: the scale of any event
        codes = self.event_codes[at]
        off = np.zeros(len(score), dtype=bool)
        off[at] = (score[at] < low[codes]) | (score[at] > high[codes])
        return off

    def numbers(self, values: Any, column: str, code: str) -> Any:
        """A numeric column as finite float64; text and true/false are no numbers."""
        import numpy as np
        import pandas as pd

        dtype = values.dtype
        real = not (pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_complex_dtype(dtype))
        if pd.api.types.is_numeric_dtype(dtype) and real:
            if dtype == np.float64 and _finite_or_missing(values.to_numpy()):
                # the column as it is: pandas copies it only if either side writes to it
                return values
            # a copy of our own: the events must not share memory with a caller's table
            number = values.to_numpy(dtype="float64", na_value=np.nan, copy=True)
            infinite = np.isinf(number)
            if infinite.any():
                self.flag(infinite, code, values, f"the {column} is not a finite number")
                number[infinite] = np.nan
            return pd.Series(number, index=values.index, copy=False)
        # each distinct text read once, then every row by its code
        codes, text = self.distinct(values, column)
        stripped, blank, spelled = self.clean(text)
        if spelled.any():
            spelled_rows = _rows(spelled, codes)
            self.note(
                Severity.WARNING,
                column,
                f"{_count(int(spelled_rows.sum()), 'row')} with the {column} written as a "
                f"missing value, read as none: {self.where(spelled_rows, values)}.",
                f"Leave the cell empty when there is no {column}.",
                f"missing_{column}",
            )
        given = ~(blank | spelled)
        number = pd.to_numeric(stripped.where(given), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan, copy=True
        )
        truth = stripped.str.lower().isin(("true", "false")).to_numpy(dtype=bool)
        self.flag(_rows(truth, codes), code, values, f"the {column} is true/false, not a number")
        self.flag(_rows(given & ~truth & np.isnan(number), codes), code, values)
        infinite = _rows(np.isinf(number), codes)
        self.flag(infinite, code, values, f"the {column} is not a finite number")
        number[~np.isfinite(number)] = np.nan
        # code -1 (missing) picks the last entry: no number
        return pd.Series(np.append(number, np.nan)[codes], index=values.index)

    def extra_fields(self, extra: list[tuple[int, list[str]]], width: int, sep: str) -> None:
        """Rows with fields past the header's last column are set aside (a value may have
        shifted into the wrong column), unless every row ends with the same empty ones."""
        import numpy as np

        if not extra:
            return
        lengths = {len(fields) for _, fields in extra}
        if (
            len(extra) == len(self.rows)
            and len(lengths) == 1
            and not any(value.strip() for _, fields in extra for value in fields)
        ):
            self.notes.append(
                Finding(
                    Severity.TIP,
                    "rows",
                    f"Every row ends with {_count(lengths.pop(), 'empty field')} past the "
                    "header's last column; they were ignored.",
                    "An export that ends each row with a separator does this.",
                    "trailing_separators",
                )
            )
            return
        mask = np.zeros(len(self.rows), dtype=bool)
        shown = np.full(len(self.rows), "", dtype=object)
        counts = {}
        for i, fields in extra:
            mask[i] = True
            shown[i] = sep + sep.join(fields)  # all that lies past the last column
            counts[i] = width + len(fields)
        messages = [
            f"the row has {counts[i]} fields and the header {width}" for i in np.flatnonzero(mask)
        ]
        self.flag(mask, "extra_fields", shown, messages)

    # -- timestamps

    def timestamps(self, values: Any, fmt: str | None, dayfirst: bool | None) -> Any:
        """Timestamps as naive UTC datetime64[ns]; unreadable ones set aside with a reason."""
        import numpy as np
        import pandas as pd

        dtype = values.dtype
        named = self.wanted["timestamp"]
        if pd.api.types.is_datetime64_any_dtype(dtype):
            if dtype == "datetime64[ns]":
                # as numbers (NaT is the least), the earliest and latest: no mask of every row
                times = values.to_numpy().view(np.int64)
                earliest, latest = (
                    np.datetime64(day, "ns").view(np.int64) for day in (_EARLIEST, _LATEST)
                )
                if not len(times) or (earliest <= times.min() and times.max() < latest):
                    # the column as it is: pandas copies it only if either side writes to it
                    return values
            self.flag(values.isna(), "bad_timestamp", values)
            stamps, _ = self.in_range(_utc(values), values)
            return stamps
        numbers = pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
        if numbers and not values.notna().any():
            values = values.astype(object)  # no value at all (an empty table): nothing to read
        elif numbers:
            raise EventLogError(
                self.source,
                f"column {named!r} (timestamp) holds numbers ({dtype}), not dates and times: "
                "if they count seconds since 1970, convert them first, e.g. "
                "pd.to_datetime(column, unit='s')",
                columns=("timestamp",),
            )
        if pd.api.types.is_timedelta64_dtype(dtype) or isinstance(
            dtype, pd.PeriodDtype | pd.IntervalDtype
        ):
            raise EventLogError(
                self.source,
                f"column {named!r} (timestamp) holds {dtype} values, not dates and times",
                columns=("timestamp",),
            )
        return self._times_from_text(self.text(values, "timestamp"), values, fmt, dayfirst)

    def in_range(self, parsed: Any, values: Any) -> tuple[Any, Any]:
        """Timestamps outside 1900-2199 set aside; the rest as datetime64[ns], and which
        rows were outside."""
        import numpy as np

        times = parsed.to_numpy()
        # compared in the column's own unit: years beyond what nanoseconds hold still compare
        # (and NaT compares as neither)
        outside = (times < np.datetime64(_EARLIEST)) | (times >= np.datetime64(_LATEST))
        if outside.any():
            self.flag(outside, "bad_timestamp", values, _OUTSIDE)
            times = times.copy()
            times[outside] = np.datetime64("NaT")
        # a copy of our own, in nanoseconds: the events share no memory with the caller's
        return times.astype("datetime64[ns]", copy=True), outside

    def _times_from_text(
        self, text: Any, values: Any, fmt: str | None, dayfirst: bool | None
    ) -> Any:
        import numpy as np
        import pandas as pd

        relative = np.zeros(len(text), dtype=bool)
        again = np.zeros(0, dtype=np.int64)
        if fmt is not None:
            parsed = _utc(_to_datetime(text, fmt))
            # pandas reads 'now' and 'today' whatever the format
            relative = text.str.contains(_RELATIVE.pattern, case=False, regex=True)
            relative = relative.fillna(False).to_numpy(dtype=bool)
            self.flag(relative, "bad_timestamp", values, _relative_message)
            parsed[relative] = pd.NaT
        elif (whole := _iso_at_once(text)) is not None:
            # every timestamp written the same simple ISO way, all read
            parsed = pd.Series(whole, index=text.index)
        else:
            # ISO 8601 first: fast and unambiguous
            parsed = _utc(_to_datetime(text, "ISO8601"))
            # it also reads 'now', 'today' and dates without a day (2024, 2024-03): look again
            short = parsed.notna().to_numpy() & (text.str.len() < 8).fillna(False).to_numpy()
            parsed[short] = pd.NaT
            again = np.flatnonzero(text.notna().to_numpy() & parsed.isna().to_numpy())
        stamps, outside = self.in_range(parsed, values)
        explained = relative | outside
        if len(again):
            found, problems = self._slow_times(text.iloc[again].str.strip(), again, dayfirst)
            stamps[again] = found
            for code, (which, messages) in problems.items():
                rows = np.zeros(len(text), dtype=bool)
                rows[again[which]] = True
                self.flag(rows, code, values, messages)
                explained |= rows
        self.flag(np.isnat(stamps) & ~explained, "bad_timestamp", values)
        return stamps

    def _slow_times(
        self, text: Any, positions: Any, dayfirst: bool | None
    ) -> tuple[Any, dict[str, tuple[Any, list[str]]]]:
        """Timestamps that are not ISO 8601, read one distinct value at a time.

        ``positions`` are the rows of ``text`` in the table. Returns the values as
        datetime64[ns] (NaT where not read) and, per problem code, which of them have
        it and the message of each.
        """
        import numpy as np
        import pandas as pd

        codes, uniques = pd.factorize(text)
        uniques = [str(u) for u in uniques]
        firsts = self.rows[positions[np.unique(codes, return_index=True)[1]]]
        stamps: list[Any] = [pd.NaT] * len(uniques)
        problem: list[tuple[str, str] | None] = [None] * len(uniques)
        candidates: dict[int, str] = {}  # distinct value -> its text in ISO order, read below
        words: dict[int, str] = {}  # distinct value -> its text, for dateutil
        year_last: list[tuple[int, int, int, str, str]] = []  # (value, a, b, year, rest)
        for k, value in enumerate(uniques):
            if _RELATIVE.search(value):
                problem[k] = ("bad_timestamp", _relative_message(value))
            elif re.fullmatch(r"(19|2[01])\d\d", value):
                problem[k] = ("bad_timestamp", _NO_DAY)
            elif _NUMBER.fullmatch(value):
                problem[k] = ("bad_timestamp", _NUMBER_MESSAGE)
            elif match := _YEAR_FIRST.match(value):
                year, _, month, day, rest = match.groups()
                candidates[k] = _iso_text(int(year), int(month), int(day), rest)
            elif match := _YEAR_LAST.match(value):
                a, _, b, year, rest = match.groups()
                year_last.append((k, int(a), int(b), year, rest))
            else:
                words[k] = value  # in words (5 March 2024)
        self._day_order(year_last, uniques, firsts, dayfirst, candidates, problem)
        keys = [k for k, v in candidates.items() if v]
        iso = _utc(_to_datetime(pd.Series([candidates[k] for k in keys], dtype=object), "ISO8601"))
        # the ISO parser would take 2024-03 for 1 March: words go to dateutil alone
        read = dict(zip(keys, iso, strict=True)) | dict.fromkeys(words, pd.NaT)
        for k, stamp in read.items():
            why = None
            if pd.isna(stamp):
                # a time after an ISO date (2024-03-01 2:30 PM), or words
                stamp, why = _read_words(candidates.get(k) or words[k])
            if why is None and not pd.isna(stamp) and not 1900 <= stamp.year < 2200:
                stamp, why = pd.NaT, _OUTSIDE
            stamps[k] = stamp
            if why:
                problem[k] = ("bad_timestamp", why)
        values = np.array(
            [
                np.datetime64("NaT", "ns") if pd.isna(s) else s.as_unit("ns").to_datetime64()
                for s in stamps
            ],
            dtype="datetime64[ns]",
        )
        problems: dict[str, tuple[Any, list[str]]] = {}
        for code in ("bad_timestamp", "ambiguous_date"):
            has = np.array([p is not None and p[0] == code for p in problem], dtype=bool)
            which = has[codes]
            if which.any():
                problems[code] = (which, [problem[c][1] for c in codes[which]])  # type: ignore[index]
        return values[codes], problems

    def _day_order(
        self,
        year_last: list[tuple[int, int, int, str, str]],
        uniques: list[str],
        firsts: Any,
        dayfirst: bool | None,
        candidates: dict[int, str],
        problem: list[tuple[str, str] | None],
    ) -> None:
        """Dates such as 03/01/2024: read day-first or month-first, as told or as the rest
        of the column shows; when nobody can tell, each is set aside as ambiguous."""
        if not year_last:
            return
        # which way each date reads: a valid day/month/year, a valid month/day/year, or both
        readings = {
            k: (_is_date(_full_year(y), b, a), _is_date(_full_year(y), a, b))
            for k, a, b, y, _ in year_last
        }
        day_only = [k for k, (by_day, by_month) in readings.items() if by_day and not by_month]
        month_only = [k for k, (by_day, by_month) in readings.items() if by_month and not by_day]
        ambiguous = [k for k, a, b, _, _ in year_last if a != b and all(readings[k])]

        def quote(keys: list[int]) -> str:
            shown = ", ".join(f"{uniques[k]!r} on row {firsts[k]}" for k in keys[:2])
            return shown + (" …" if len(keys) > 2 else "")

        order = dayfirst
        if dayfirst is None and ambiguous and bool(day_only) != bool(month_only):
            # the column itself says the order: one date that reads only one way is proof
            order = bool(day_only)
            way = "day-first (day/month/year)" if order else "month-first (month/day/year)"
            self.note(
                Severity.WARNING,
                "timestamp",
                f"{_count(len(ambiguous), 'distinct date')} such as {uniques[ambiguous[0]]!r} "
                "read both "
                f"day-first and month-first; other dates of the column can only be read {way}, "
                f"e.g. {quote(day_only or month_only)}, so all were read that way.",
                f"Pass dayfirst={not order} if that is wrong, or dayfirst={order} to say so.",
                "day_order_decided",
            )
        if dayfirst is None and day_only and month_only:
            self.note(
                Severity.WARNING,
                "timestamp",
                f"The column mixes dates that can only be day-first, such as {quote(day_only)}, "
                f"and dates that can only be month-first, such as {quote(month_only)}; each was "
                "read the only way it can be.",
                "One file should use one date order: check where these rows come from.",
                "day_order_mixed",
            )
        two_digit = [k for k, _, _, year, _ in year_last if len(year) == 2]
        if two_digit:
            self.note(
                Severity.WARNING,
                "timestamp",
                f"{_count(len(two_digit), 'distinct date')} with a two-digit year, such as "
                f"{uniques[two_digit[0]]!r}: 00-68 read as 2000-2068, 69-99 as 1969-1999.",
                "Write the year in full (2024) to leave no doubt.",
                "two_digit_years",
            )
        for k, a, b, year_text, rest in year_last:
            year = _full_year(year_text)
            by_day, by_month = readings[k]
            if order is None:
                if k in ambiguous:
                    problem[k] = ("ambiguous_date", _ambiguous_message(uniques[k], a, b, year))
                    continue
                # the only way it reads (13/01 is day-first, 01/13 month-first), if any
                day, month = (a, b) if by_day else (b, a)
            else:
                day, month = (a, b) if order else (b, a)
                this_way, other_way = (by_day, by_month) if order else (by_month, by_day)
                if other_way and not this_way:
                    way = "day/month/year" if order else "month/day/year"
                    problem[k] = (
                        "bad_timestamp",
                        f"{uniques[k]} is not a {way} date, and dayfirst={order} was given",
                    )
                    continue
            candidates[k] = _iso_text(year, month, day, rest)


def _count(n: int, thing: str) -> str:
    """'1 row', '2 rows'."""
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _shown(value: Any) -> str:
    """A value as the report shows it: text as it is, missing as nothing."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value) is True:
            return ""
    except (TypeError, ValueError, ArithmeticError):  # Decimal('sNaN') will not even compare
        pass
    return str(value)


def _as_text(value: Any) -> str | None:
    """One value of an object column as text; None when it is missing."""
    import numpy as np
    import pandas as pd

    if value is None or isinstance(value, str):
        return value
    if isinstance(value, pd.Timestamp | datetime | date):
        return None if value is pd.NaT else value.isoformat()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).isoformat()
    if value is pd.NA or (isinstance(value, float | np.floating) and value != value):
        return None
    return str(value)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _relative_message(value: str) -> str:
    word = _RELATIVE.search(value)
    said = word.group(0) if word else value
    return (
        f"{said!r} is relative to when the file is read, not a date: write the date and time "
        "the event happened"
    )


def _ambiguous_message(value: str, a: int, b: int, year: int) -> str:
    return (
        f"{value} is {a} {_MONTHS[b - 1]} {year} day-first or {b} {_MONTHS[a - 1]} {year} "
        "month-first: pass dayfirst=True or dayfirst=False"
    )


def _full_year(text: str) -> int:
    """A year as written; two digits as strptime's %y reads them (00-68: 2000s)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 69 else 1900
    return year


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _iso_text(year: int, month: int, day: int, rest: str) -> str:
    """The date in ISO order with what followed it; empty when there is no such day."""
    try:
        date(year, month, day)
    except ValueError:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}{rest}"


def _read_words(value: str) -> tuple[Any, str | None]:
    """A timestamp in words (5 March 2024 14:30), read with dateutil, as naive UTC.

    Refuses what dateutil would complete from elsewhere: a missing year or day,
    a two-digit year (dateutil picks the century from today's date), a time zone
    name it would ignore. Returns the timestamp (or NaT) and why it was refused.
    """
    import pandas as pd
    from dateutil import parser, tz

    def zone(name: str | None, offset: int | None) -> Any:
        if offset is not None:
            return tz.tzoffset(None, offset)
        if name is None:
            return None
        raise _UnknownZone(name)

    try:
        first = parser.parse(value, default=datetime(1, 1, 1), tzinfos=zone)
        second = parser.parse(value, default=datetime(1, 2, 2), tzinfos=zone)
    except _UnknownZone as unknown:
        return pd.NaT, (
            f"the time zone {unknown.name!r} is not known: write it as an offset such as "
            "+01:00, or convert the time to UTC"
        )
    except Exception:  # dateutil raises many kinds on odd text: the row is unreadable
        return pd.NaT, None
    if first.year == 1:
        return pd.NaT, "there is no date, or no year"
    if (first.month, first.day) != (second.month, second.day):
        return pd.NaT, _NO_DAY
    if str(first.year) not in value:
        return pd.NaT, "the year has two digits: write it in full"
    stamp = pd.Timestamp(first)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp, None


def _to_datetime(text: Any, fmt: str) -> Any:
    """Text as aware UTC timestamps, NaT where unreadable."""
    import pandas as pd

    # no cache: it pays only when values repeat, and a log's timestamps mostly do not
    return pd.to_datetime(text, errors="coerce", utc=True, format=fmt, cache=False)


def _utc(stamps: Any) -> Any:
    """Aware timestamps as naive UTC; naive ones unchanged."""
    return stamps.dt.tz_convert("UTC").dt.tz_localize(None) if stamps.dt.tz else stamps


@dataclass(frozen=True, eq=False)
class _Ids:
    """An id column as read: each row's code (-1 where missing) into the distinct ids
    (missing where a value was blank or spelled missing), and the column itself when
    no id changed (then nothing needs to be built again)."""

    codes: Any  # None for an integer column that needs none
    ids: Any
    as_written: Any = None
    integers: Any = None  # an integer column (then ids is None)
    digits: Callable[[], Any] | None = None  # the digits of every integer, when they are ready

    def text(self, keep: Any) -> Any:
        """The ids of the rows in ``keep``, as text."""
        import numpy as np
        import pandas as pd

        everything = bool(keep.all())
        if self.digits is not None:
            digits = self.digits().array
            return digits if everything else digits[keep]
        if self.integers is not None:
            return _digits(self.integers if everything else self.integers[keep]).array
        if self.as_written is not None:
            column = self.as_written.array
            return column if everything else column[keep]
        codes = self.codes if everything else self.codes[keep]
        ids = pd.array(self.ids, dtype=self.ids.dtype)
        return ids.take(codes.astype(np.intp, copy=False), allow_fill=True)

    def categories(self, keep: Any) -> Any:
        """The ids of the rows in ``keep`` as a categorical, its categories sorted."""
        every = self.categorical()
        if keep.all():
            return every
        # only the ids of the kept rows, as astype("category") would have them
        return every[keep].remove_unused_categories()

    def categorical(self) -> Any:
        """The ids of every row as a categorical, its categories sorted."""
        import numpy as np
        import pandas as pd

        if self.integers is not None:
            # the distinct numbers of the rows that have one, as text, sorted as text
            present, given = _present_numbers(self.integers)
            # only the rows with a number are factorized (most rows of a log have no order)
            by_number, numbers = pd.factorize(given)
            digits = _digits(pd.Series(numbers))
            # the digits sorted as text ("10" before "9"), each distinct already
            order = _text_order(digits)
            rank = np.empty(len(order), dtype=np.int32)
            rank[order] = np.arange(len(order), dtype=np.int32)
            codes = np.full(len(self.integers), -1, dtype=np.int32)
            codes[present] = rank[by_number]
            categories = pd.Index(digits.array.take(order))
            return pd.Categorical.from_codes(
                codes, dtype=pd.CategoricalDtype(categories), validate=False
            )
        if self.ids is None:
            row_codes, distinct_ids = pd.factorize(self.as_written.array)
        else:
            row_codes, distinct_ids = self.codes, self.ids
        by_id, categories = pd.factorize(distinct_ids, sort=True)
        # code -1 (missing) picks the last entry: missing
        codes = np.append(by_id, -1).astype(np.int32)[row_codes]
        # the codes are built to fit the categories: no need to check each row's again
        return pd.Categorical.from_codes(
            codes, dtype=pd.CategoricalDtype(pd.Index(categories)), validate=False
        )


def _present_numbers(integers: Any) -> tuple[Any, Any]:
    """The positions of the rows of an integer Series that have a number, and the numbers."""
    import numpy as np
    import pandas as pd

    if isinstance(integers.dtype, pd.ArrowDtype):
        import pyarrow.compute as pc

        # straight from pyarrow's validity bits and values: no mask array of pandas's
        column = integers.array.__arrow_array__()
        present = np.flatnonzero(pc.is_valid(column).to_numpy(zero_copy_only=False))
        return present, pc.drop_null(column).to_numpy()
    present = np.flatnonzero(integers.notna().to_numpy())
    return present, integers.array[present]


def _arrow_text(text: Any) -> Any:
    """The pyarrow data of a text column held by pyarrow (chunks and all), else None."""
    import pandas as pd

    dtype = text.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return None
    import pyarrow as pa

    column = text.array.__arrow_array__()
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return None
    return column


def _filled(text: Any) -> Any:
    """Which rows of a text column hold some text (not empty): None unless the column is
    held by pyarrow and has no missing value."""
    import pyarrow.compute as pc

    column = _arrow_text(text)
    if column is None or column.null_count:
        return None
    return pc.greater(pc.binary_length(column), 0).to_numpy()


def _given(text: Any) -> Any:
    """The positions of the rows of a text column that have a value, when it is held by
    pyarrow and most rows have none; else None."""
    import numpy as np
    import pyarrow.compute as pc

    column = _arrow_text(text)
    if column is None or 2 * column.null_count <= len(column):
        return None
    return np.flatnonzero(pc.is_valid(column).to_numpy(zero_copy_only=False))


def _plain_integers(text: Any) -> Any:
    """A text column whose every value is a whole number written plainly (digits, the
    first not 0: 7, 1042), as int64 numbers; None for any other column.

    Such text and its number say the same: two values are equal exactly when their
    numbers are, so the numbers can stand for the ids.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    column = _arrow_text(text)
    if column is None or column.null_count or not len(column):
        return None
    for chunk in column.chunks:
        if not len(chunk):
            continue
        offsets_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        _, offsets, data = chunk.buffers()
        if data is None:
            return None  # every value is empty
        starts = np.frombuffer(offsets, dtype=offsets_type)[chunk.offset :][: len(chunk) + 1]
        if (starts[1:] == starts[:-1]).any():
            return None  # an empty value
        first = np.frombuffer(data, dtype=np.uint8)[starts[:-1]]
        if ((first < ord("1")) | (first > ord("9"))).any():
            return None  # a sign, a leading zero, a space, a letter...
    try:
        # digits only, or the cast fails (it takes no spaces, signs are ruled out above;
        # 0x1f is ruled out by its leading zero); in pieces, on every core
        return _on_every_core(column, lambda part: pc.cast(part, pa.int64()))().to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _text_order(text: Any) -> Any:
    """The positions of distinct text values in the order a sort of the text gives."""
    import numpy as np

    column = _arrow_text(text)
    if column is None:
        return np.argsort(text.to_numpy(dtype=object), kind="stable")
    import pyarrow.compute as pc

    return pc.sort_indices(column).to_numpy()


def _whole_numbers(dtype: Any) -> bool:
    """An integer dtype (numpy or nullable), not bool."""
    import pandas as pd

    return pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _digits(numbers: Any) -> Any:
    """Whole numbers as text (their digits), missing ones missing: a Series of str."""
    return _digits_later(numbers)()


def _digits_later(numbers: Any) -> Callable[[], Any]:
    """:func:`_digits`, begun at once on other threads; call the result to wait for it."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    index = numbers.index
    pending = _on_every_core(
        pa.array(numbers, from_pandas=True), lambda part: pc.cast(part, pa.large_string())
    )

    def digits() -> Any:
        text = pending()
        if _pandas_3():
            # large_string is what the str dtype holds: wrapped as it is, not copied
            return pd.Series(pd.array(text, dtype="str"), index=index, copy=False)
        return text.to_pandas().astype(_text_dtype()).set_axis(index)

    return digits


_PIECE_ROWS = 1 << 20  # a longer array is worked on in pieces of this many rows, in parallel


def _on_every_core(column: Any, work: Callable[[Any], Any]) -> Callable[[], Any]:
    """``work`` begun on pieces of a pyarrow array, on a thread per core (pyarrow's
    kernels let go of the GIL, so the caller goes on meanwhile); call the result to wait
    for the pieces' results, joined as one chunked array."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa

    pieces = [column.slice(at, _PIECE_ROWS) for at in range(0, len(column), _PIECE_ROWS)]
    pool = ThreadPoolExecutor(max(1, min(len(pieces), pa.cpu_count())))
    futures = [pool.submit(work, piece) for piece in pieces or [column]]
    pool.shutdown(wait=False)  # the threads end when the last piece is done

    def result() -> Any:
        done = [future.result() for future in futures]
        # (a piece of a chunked array gives a chunked array)
        return pa.chunked_array(
            [c for d in done for c in (d.chunks if isinstance(d, pa.ChunkedArray) else [d])],
            type=done[0].type,
        )

    return result


def _finite_or_missing(numbers: Any) -> bool:
    """Whether no number is infinite (NaN aside), without a mask of every row."""
    import numpy as np

    if not len(numbers):
        return True
    # fmax and fmin pass over NaN (all NaN gives NaN): an infinity would be one of these
    extremes = np.array([np.fmax.reduce(numbers), np.fmin.reduce(numbers)])
    return not np.isinf(extremes).any()


def _recode(new: Any, codes: Any) -> Any:
    """``new[codes]`` for a long column of codes into a short table (code -1 takes the
    last entry), in pyarrow when there (a few times faster for small codes)."""
    import numpy as np

    if not len(codes) or codes.min() < 0:
        return np.take(new, codes)
    try:
        import pyarrow as pa
    except ImportError:
        return np.take(new, codes)
    return pa.array(new).take(pa.array(codes)).to_numpy()


def _rows(distinct: Any, codes: Any) -> Any:
    """A mask over distinct values as a mask over rows (rows without a value: False)."""
    import numpy as np

    if not distinct.any():
        return np.zeros(len(codes), dtype=bool)
    return np.append(distinct, False)[codes]


def _take(distinct: Any, codes: Any, index: Any) -> Any:
    """Distinct values as a Series over rows (rows without a value: missing)."""
    import numpy as np
    import pandas as pd

    values = pd.array(distinct, dtype=distinct.dtype).take(
        np.asarray(codes, dtype=np.intp), allow_fill=True
    )
    return pd.Series(values, index=index)


def _iso_at_once(text: Any) -> Any:
    """Timestamps all written alike as 2024-03-01, 2024-03-01 14:30 or 2024-03-01 14:30:05
    (or with a T), read in one go by pyarrow; None if any is written otherwise.

    pyarrow reads a strict part of what pandas reads as ISO 8601, and where both read a
    value they agree; anything else is left to the thorough path.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    column = _arrow_text(text)
    if column is None or not len(column) or column.null_count:
        return None
    lengths = pc.min_max(pc.binary_length(column))
    shortest, longest = lengths["min"].as_py(), lengths["max"].as_py()
    if shortest != longest or shortest not in (10, 16, 19):
        return None
    try:
        read = _on_every_core(column, lambda part: pc.cast(part, pa.timestamp("ns")))()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return read.to_numpy()


def _canonical(out: Mapping[str, Any], keep: Any, pd: Any) -> Any:
    """The kept rows in the schema's columns: ids as text, names and orders as categories,
    missing optional columns filled with nothing."""
    import numpy as np

    everything = bool(keep.all())

    def kept(values: Any) -> Any:
        if not isinstance(values, pd.Series):
            return values if everything else values[keep]
        index = values.index
        if everything and isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
            return values  # pandas copies it only if either side writes to it
        # a copy of our own: the events must not share memory with a caller's table
        return values.to_numpy(copy=True) if everything else values.to_numpy()[keep]

    n = int(keep.sum())
    nothing = np.full(n, np.nan) if "amount" not in out or "score" not in out else None
    orders = (
        out["order_id"].categories(keep)
        if "order_id" in out
        else pd.Series(np.full(n, None)).astype("category").array
    )
    return pd.DataFrame(
        {
            "customer_id": out["customer_id"].text(keep),
            "timestamp": kept(out["timestamp"]),
            "event": kept(out["event"]),
            "amount": kept(out["amount"]) if "amount" in out else nothing,
            "order_id": orders,
            "score": kept(out["score"]) if "score" in out else nothing,
        },
        copy=False,
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
    "MISSING_SPELLINGS",
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
