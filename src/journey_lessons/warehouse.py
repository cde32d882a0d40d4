"""The course's KPIs past memory: one set of portable Ibis expressions for any engine.

:func:`warehouse_report` returns the same table as :func:`~journey_lessons.kpis.kpi_report`
(same keys, labels, units, targets and status), computed by a query engine instead of
numpy: DuckDB out of core over Parquet files of any size (:func:`duckdb_events`),
Spark (:func:`spark_events`), or the SQL text of a warehouse (:func:`to_sql`). The
definitions are those of :mod:`journey_lessons.kpis`, written once as Ibis expressions
that use only joins, aggregates and window functions, so every engine agrees with
``kpi_report`` exactly.

Times are read to the microsecond (what DuckDB, Spark and warehouses store).

Needs the ``warehouse`` extra: ``pip install journey-lessons[warehouse]``.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import tempfile
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .events import COLUMNS
from .kpis import _report_kpis, _report_targets, _steps, report_from_values

if TYPE_CHECKING:
    import ibis
    import pandas as pd

_US_PER_DAY = 86_400 * 10**6
_NS_PER_DAY = 86_400 * 10**9
DIALECTS = ("bigquery", "snowflake", "postgres", "duckdb")
#: The event-log schema that :func:`to_sql` writes its SQL for.
SQL_SCHEMA = {
    "customer_id": "string",
    "timestamp": "timestamp",
    "event": "string",
    "amount": "float64",
    "order_id": "string",
    "score": "float64",
}


def _ibis() -> Any:
    try:
        import ibis
    except ImportError as error:  # the extra is optional: say how to get it
        raise ImportError(
            "the warehouse KPIs need Ibis: pip install journey-lessons[warehouse]"
        ) from error
    return ibis


# -- getting a table -------------------------------------------------------------------------


def events_table(events: Any) -> ibis.Table:
    """An Ibis table of an event log: an Ibis table as is, or a DataFrame (or EventLog).

    A DataFrame runs on DuckDB in memory (Ibis's default engine); its timestamps
    are cast to microseconds, which DuckDB and Spark store, and categories to text.
    """
    ibis = _ibis()
    if isinstance(events, ibis.Table):
        return _checked(events, "the table")
    return ibis.memtable(_engine_frame(events, "the DataFrame"))


def _engine_frame(events: Any, where: str) -> pd.DataFrame:
    """The log as a DataFrame an engine reads as is: microseconds, text, floats."""
    import pandas as pd

    frame = events.events if hasattr(events, "report") else events
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"expected an Ibis table, an event log or a DataFrame, not {type(frame).__name__}"
        )
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{where} has no column {', '.join(missing)}: read it with read_events(), "
            "which fills in the schema"
        )
    stamps = frame["timestamp"]
    if not pd.api.types.is_datetime64_dtype(stamps):
        raise ValueError(f"{where}: timestamp is not a date-time column (time zone or text?)")

    return pd.DataFrame(
        {
            "customer_id": frame["customer_id"].to_numpy(),
            # nanoseconds fail on DuckDB and Spark: both keep microseconds
            "timestamp": stamps.to_numpy().astype("datetime64[us]"),
            # categories and numbers as text; missing stays missing
            "event": frame["event"].astype("string").to_numpy(),
            "amount": frame["amount"].to_numpy(dtype="float64", na_value=float("nan")),
            "order_id": frame["order_id"].astype("string").to_numpy(),
            "score": frame["score"].to_numpy(dtype="float64", na_value=float("nan")),
        }
    )


def write_parquet(events: Any, path: str | Path) -> Path:
    """Write an event log (a DataFrame or EventLog) as a Parquet file DuckDB and Spark read.

    Timestamps are stored in microseconds and event names as text; order ids
    keep their type. Returns the path.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = _engine_frame(events, "the DataFrame")
    orders = (events.events if hasattr(events, "report") else events)["order_id"]
    if pd.api.types.is_integer_dtype(orders.dtype):
        frame["order_id"] = orders.array  # whole numbers stay numbers: smaller, faster
    target = Path(path)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), target)
    return target


def _checked(table: ibis.Table, where: str) -> ibis.Table:
    """The table, if it has the event-log columns with usable types; else a clear error."""
    schema = table.schema()
    missing = [c for c in COLUMNS if c not in schema]
    if missing:
        raise ValueError(
            f"{where} has no column {', '.join(missing)}; an event log has "
            f"{', '.join(COLUMNS)} (found: {', '.join(schema.names)})"
        )
    expected = {
        "timestamp": ("a timestamp", lambda t: t.is_timestamp()),
        "event": ("text", lambda t: t.is_string()),
        "amount": ("a number", lambda t: t.is_numeric() or t.is_null()),
        "score": ("a number", lambda t: t.is_numeric() or t.is_null()),
    }
    for column, (kind, ok) in expected.items():
        if not ok(schema[column]):
            raise ValueError(f"{where}: column {column} is {schema[column]}, not {kind}")
    if schema["timestamp"].timezone is not None:
        raise ValueError(f"{where}: timestamp has a time zone; the KPIs read local times")
    return table


def duckdb_events(
    path_or_folder: str | Path,
    memory_limit: str = "2GB",
    *,
    temp_directory: str | Path | None = None,
    threads: int | None = None,
) -> ibis.Table:
    """The events of a Parquet file, or of every Parquet file in a folder, on DuckDB.

    Out of core: DuckDB keeps within ``memory_limit`` and spills the rest to
    ``temp_directory`` (default: a new folder in the system's temp folder, removed
    with the connection), so a log of any size fits. Nothing is read until the
    report runs.
    """
    ibis = _ibis()
    import duckdb

    source = Path(path_or_folder)
    if source.is_dir():
        files = sorted(source.rglob("*.parquet"))
        if not files:
            raise FileNotFoundError(f"{source} has no .parquet file")
        pattern = str(source / "**" / "*.parquet")
    elif source.is_file():
        pattern = str(source)
    else:
        raise FileNotFoundError(f"no such file or folder: {source}")
    made = temp_directory is None
    spill = Path(temp_directory or tempfile.mkdtemp(prefix="journey-lessons-duckdb-"))
    settings: dict[str, Any] = {
        "memory_limit": memory_limit,
        "temp_directory": str(spill),
        # the rows' order does not matter to any KPI: not keeping it saves memory
        "preserve_insertion_order": False,
    }
    if threads:
        settings["threads"] = int(threads)
    con = ibis.duckdb.connect(**settings)
    if made:  # a folder of our own: gone with the connection (or at exit)
        weakref.finalize(con, shutil.rmtree, spill, True)
    # Parquet min/max leave NaN out: without this DuckDB 2.0 folds isnan() to false and
    # takes a NaN amount for a purchase (duckdb issue 25521); set once Parquet is loaded.
    # Older DuckDB releases lack the setting: they run without it.
    with contextlib.suppress(duckdb.Error):
        con.raw_sql("SET parquet_can_have_nan = true")
    table = con.read_parquet(pattern, table_name="events", union_by_name=True)
    return _checked(table, str(source))


def spark_session(cores: int = 2, shuffle_partitions: int = 4, memory: str = "2g") -> Any:
    """A local Spark session for the KPIs: ``local[cores]``, no web UI, times in UTC.

    ``memory`` is the driver's (which does all the work in local mode); it takes
    effect only when this starts Spark, not when a session is already running.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise ImportError("Spark needs pyspark: pip install journey-lessons[warehouse]") from error
    return (
        SparkSession.builder.master(f"local[{int(cores)}]")
        .appName("journey-lessons")
        .config("spark.driver.memory", memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(int(shuffle_partitions)))
        # log times are local times with no zone: read them back unshifted
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def spark_events(path: str | Path | Any, session: Any = None) -> ibis.Table:
    """The events of a Parquet file or folder (or a DataFrame) on Spark, local by default.

    ``session`` is a ``SparkSession``; without one, :func:`spark_session` makes a
    local one. A DataFrame is handed over as Arrow, timestamps in microseconds.
    """
    ibis = _ibis()
    spark = session or spark_session()
    con = ibis.pyspark.connect(spark)
    if isinstance(path, str | Path):
        source = Path(path)
        if not source.exists():
            raise FileNotFoundError(f"no such file or folder: {source}")
        table = con.read_parquet(str(source))
        return _checked(table, str(source))
    import pyarrow as pa

    frame = _engine_frame(path, "the DataFrame")
    # as Arrow, which PySpark 4 reads directly (its pandas path predates pandas 3)
    name = f"journey_events_{id(frame):x}"
    spark.createDataFrame(
        pa.Table.from_pandas(frame, preserve_index=False)
    ).createOrReplaceTempView(name)
    return _checked(con.table(name), "the DataFrame")


# -- the KPIs as expressions -------------------------------------------------------------


def _prepared(table: ibis.Table, start: Any, end: Any) -> ibis.Table:
    """The columns every KPI reads: microseconds since 1970, month number, purchase flags."""
    ibis = _ibis()
    stamps = table.timestamp
    if (stamps.type().scale or 6) > 6:
        stamps = stamps.cast("timestamp(6)")
    amount = table.amount.cast("float64")
    score = table.score.cast("float64")
    events = table.select(
        customer_id=table.customer_id,
        us=stamps.delta(ibis.timestamp("1970-01-01 00:00:00"), unit="microsecond"),
        month=stamps.year().cast("int64") * 12 + stamps.month().cast("int64"),
        event=table.event.cast("string"),
        amount=amount,
        # grouped as they are; a column with no order id at all is text with none in it
        order_id=(
            table.order_id.cast("string") if table.order_id.type().is_null() else table.order_id
        ),
        score=score,
        # SQL engines sort NaN above every number: a NaN amount is no purchase
        paid=((amount > 0) & ~amount.isnan()).fill_null(False),
        answered=(score.notnull() & ~score.isnan()).fill_null(False),
    )
    if start is not None:
        events = events.filter(events.us >= _micros_up(start))
    if end is not None:
        events = events.filter(events.us < _micros_up(end))
    return events


def _micros_up(when: Any) -> int:
    """A time as microseconds since 1970, rounded up: ``us >= it`` iff ``ns >= when``."""
    import pandas as pd

    return -(-pd.Timestamp(when).as_unit("ns").value // 1000)


def _one(table: ibis.Table, **values: Any) -> ibis.Table:
    """A one-row table of aggregates of ``table``."""
    return table.aggregate(**values)


def _ratio(top: Any, bottom: Any) -> Any:
    """``top / bottom`` as a float, NULL (no data) when ``bottom`` is 0."""
    return top.cast("float64") / bottom.cast("float64").nullif(0)


def _funnel(
    events: ibis.Table, steps: Sequence[str], within_days: float | None
) -> list[tuple[str, ibis.Table]]:
    """The funnel shares and median waits, as ``(key, one-row table with value)``."""
    ibis = _ibis()
    first = events.filter(events.event == steps[0])
    entry = first.group_by("customer_id").aggregate(entry=first.us.min())
    reached = [entry.select("customer_id", "entry", t=entry.entry, before=entry.entry)]
    # kpis: reached at most round(days × ns per day) after the entry; whole microseconds
    window = None if within_days is None else round(within_days * _NS_PER_DAY) // 1000
    for step in steps[1:]:
        rows = events.filter(events.event == step).select("customer_id", "us")
        previous = reached[-1]
        joined = rows.join(previous, "customer_id")
        ok = joined.us >= joined.t
        if window is not None:
            ok &= joined.us <= joined.entry + window
        joined = joined.filter(ok)
        reached.append(
            joined.group_by("customer_id").aggregate(
                entry=joined.entry.min(), t=joined.us.min(), before=joined.t.min()
            )
        )
    entered = _one(entry, n=entry.count())
    out = []
    for step, table in zip(steps[1:], reached[1:], strict=True):
        share = _one(table, n=table.count()).cross_join(entered.rename(d="n"))
        out.append((f"funnel:{step}", share.select(value=_ratio(share.n, share.d))))
    for a, b, table in zip(steps[:-1], steps[1:], reached[1:], strict=True):
        waits = table.select(days=(table.t - table.before).cast("float64") / _US_PER_DAY)
        out.append((f"days:{a}->{b}", _median(waits, ibis)))
    return out


def _median(waits: ibis.Table, ibis: Any) -> ibis.Table:
    """The median of ``days`` (mean of the two middle values), exact on every engine."""
    ranked = waits.mutate(
        rank=ibis.row_number().over(order_by=waits.days),  # from 0
        n=waits.days.count().over(),
    )
    middle = ranked.filter((ranked.rank == (ranked.n - 1) // 2) | (ranked.rank == ranked.n // 2))
    return _one(middle, value=middle.days.mean())


def _upsell(events: ibis.Table, within_days: float) -> ibis.Table:
    offers = events.filter(events.event == "upsell_offer")
    offered = offers.group_by("customer_id").aggregate(since=offers.us.min())
    # kpis: (accepted - offered) in ns <= days × ns per day, a float
    limit = math.floor(within_days * _NS_PER_DAY) // 1000
    accepts = events.filter(events.event == "upsell").select("customer_id", "us")
    joined = accepts.join(offered, "customer_id")
    took = joined.filter(joined.us >= joined.since, joined.us - joined.since <= limit)
    took = took.select("customer_id").distinct()
    counts = _one(took, n=took.count()).cross_join(_one(offered, d=offered.count()))
    return counts.select(value=_ratio(counts.n, counts.d))


def _money(events: ibis.Table, margin: float, discount_rate: float) -> dict[str, ibis.Table]:
    ibis = _ibis()
    paid = events.filter(events.paid)
    # an order: one order id of one customer; a purchase without one is an order alone
    by_order = paid.group_by(["customer_id", "order_id"]).aggregate(
        rows=paid.count(), revenue=paid.amount.sum()
    )
    by_order = by_order.mutate(
        orders=ibis.ifelse(by_order.order_id.isnull(), by_order.rows, 1).cast("int64")
    )
    per = by_order.group_by("customer_id").aggregate(
        orders=by_order.orders.sum(), revenue=by_order.revenue.sum()
    )
    totals = _one(
        per,
        orders=per.orders.sum(),
        revenue=per.revenue.sum(),
        buyers=per.count(),
        repeaters=(per.orders >= 2).cast("int64").sum(),
    )
    historic = _ratio(totals.revenue, totals.buyers)
    repeat = _ratio(totals.repeaters, totals.buyers)
    d = discount_rate
    # kpis._predictive, term by term in the same order: the same float
    predictive = margin * historic * (1 + d) / ((1 + d) - repeat).nullif(0)
    return {
        "average_order_value": totals.select(value=_ratio(totals.revenue, totals.orders)),
        "repeat_purchase_rate": totals.select(value=repeat),
        "historic_clv": totals.select(value=historic),
        "predictive_clv": totals.select(value=predictive),
    }


def _retention(events: ibis.Table, end: Any) -> ibis.Table:
    """Month-1 retention over the cohorts the log follows to their next month."""
    import pandas as pd

    paid = events.filter(events.paid)
    cohort = paid.group_by("customer_id").aggregate(cohort=paid.month.min())
    if end is None:
        seen = cohort.cross_join(_one(events, last=events.month.max()))
        seen = seen.filter(seen.cohort + 1 <= seen.last)
    else:
        stamp = pd.Timestamp(end) - pd.Timedelta(1, "ns")  # the window's last instant
        seen = cohort.filter(cohort.cohort + 1 <= stamp.year * 12 + stamp.month)
    seen = seen.select("customer_id", "cohort")
    rows = events.select("customer_id", "month").join(seen, "customer_id")
    active = rows.filter(rows.month == rows.cohort + 1).select("customer_id").distinct()
    counts = _one(active, n=active.count()).cross_join(_one(seen, d=seen.count()))
    return counts.select(value=_ratio(counts.n, counts.d))


def _referral(events: ibis.Table) -> ibis.Table:
    buyers = events.filter(events.paid).select("customer_id").distinct()
    referrers = events.filter(events.event == "referral").select("customer_id").distinct()
    both = buyers.join(referrers, "customer_id")
    counts = _one(both, n=both.count()).cross_join(_one(buyers, d=buyers.count()))
    return counts.select(value=_ratio(counts.n, counts.d))


def _reactivation(events: ibis.Table, dormant_days: float, end: Any) -> ibis.Table:
    """Dormant customers (a gap of ``dormant_days``) who came back with a purchase / dormant."""
    ibis = _ibis()
    import pandas as pd

    paid = events.filter(events.paid)
    since = paid.group_by("customer_id").aggregate(since=paid.us.min())
    rows = events.join(since, "customer_id")
    rows = rows.filter(rows.us >= rows.since)
    # kpis counts whole seconds from the earliest of these rows, and the gap to the
    # end of the window from the end (else the log's last event, whoever's it is)
    bounds = _one(rows, low=rows.us.min())
    if end is None:
        bounds = bounds.cross_join(_one(events, final=events.us.max()))
    else:
        final = pd.Timestamp(end).as_unit("ns").value // 1000
        bounds = bounds.mutate(final=ibis.literal(final, "int64"))
    rows = rows.cross_join(bounds)
    rows = rows.select(
        "customer_id",
        "paid",
        seconds=(rows.us - rows.low) // 1_000_000,
        idle_until=(rows.final - rows.low) // 1_000_000,
        # on a tie in time a purchase sorts first, so the gap before it is the long one
        later=ibis.ifelse(rows.paid, 0, 1),
    )
    threshold = math.ceil(dormant_days * 86_400)  # whole seconds compared with a float
    order = ibis.window(group_by="customer_id", order_by=["seconds", "later"])
    gap = rows.seconds - rows.seconds.lag().over(order)
    last = rows.seconds.lead().over(order).isnull()
    flagged = rows.select(
        "customer_id",
        long_gap=(gap >= threshold).fill_null(False),
        idle=last & (rows.idle_until - rows.seconds >= threshold),
        paid=rows.paid,
    )
    per = flagged.group_by("customer_id").aggregate(
        dormant=(flagged.long_gap | flagged.idle).any(),
        back=(flagged.long_gap & flagged.paid).any(),
    )
    counts = _one(
        per,
        n=per.back.cast("int64").sum().fill_null(0),
        d=per.dormant.cast("int64").sum().fill_null(0),
    )
    return counts.select(value=_ratio(counts.n, counts.d))


def _answers(events: ibis.Table, name: str) -> ibis.Table:
    # survey names are matched ignoring case, as kpis.csat and kpis.nps do
    return events.filter(events.event.lower() == name.casefold(), events.answered)


def _csat(events: ibis.Table, satisfied: float = 4) -> ibis.Table:
    answers = _answers(events, "survey")
    counts = _one(answers, n=(answers.score >= satisfied).cast("int64").sum(), d=answers.count())
    return counts.select(value=_ratio(counts.n, counts.d))


def _nps(events: ibis.Table) -> ibis.Table:
    answers = _answers(events, "nps")
    counts = _one(
        answers,
        promoters=(answers.score >= 9).cast("int64").sum(),
        detractors=(answers.score <= 6).cast("int64").sum(),
        d=answers.count(),
    )
    # kpis: 100 × (promoters − detractors) / answers, in that order
    return counts.select(value=100 * _ratio(counts.promoters - counts.detractors, counts.d))


def report_table(
    table: Any,
    milestones: Any = None,
    *,
    within_days: float | None = 180,
    upsell_within_days: float = 30,
    dormant_days: float = 60,
    margin: float = 0.6,
    discount_rate: float = 0.10,
    start: Any = None,
    end: Any = None,
) -> ibis.Table:
    """Every KPI of the report as one Ibis expression, not yet run.

    One row per KPI, in the report's order: ``position``, ``key``, ``kpi``,
    ``unit`` and ``value`` (NULL: nothing to measure). ``table`` is an Ibis
    table in the event-log schema, or a DataFrame; the other arguments are
    those of :func:`~journey_lessons.kpis.kpi_report`.
    """
    steps, labels = _milestone_steps(milestones)
    wide = _wide(
        table,
        steps,
        within_days=within_days,
        upsell_within_days=upsell_within_days,
        dormant_days=dormant_days,
        margin=margin,
        discount_rate=discount_rate,
        start=start,
        end=end,
    )
    import ibis.selectors as columns

    kpis = _report_kpis(steps, labels)
    # one row to many by unnesting, so that the KPIs' query appears once in the SQL
    long = wide.pivot_longer(columns.all(), names_to="column", values_to="value")

    def each(text: Any) -> dict[str, Any]:
        return {f"v{i}": text(kpi) for i, kpi in enumerate(kpis)}

    return long.select(
        position=long.column.substr(1).cast("int64"),  # column v<i> holds KPI number i
        key=long.column.substitute(each(lambda k: k.key)),
        kpi=long.column.substitute(each(lambda k: k.label)),
        unit=long.column.substitute(each(lambda k: k.unit)),
        value=long.value,
    ).order_by("position")


def _wide(
    table: Any,
    steps: Sequence[str],
    *,
    within_days: float | None,
    upsell_within_days: float,
    dormant_days: float,
    margin: float,
    discount_rate: float,
    start: Any,
    end: Any,
) -> ibis.Table:
    """One row: the value of the report's KPI number *i* in column ``v<i>``.

    One row rather than a union of one query per KPI: an engine runs the parts
    they share (the prepared log, the buyers) once.
    """
    events = _prepared(events_table(table), start, end)
    parts: dict[str, ibis.Table] = {}
    if steps:
        parts |= dict(_funnel(events, steps, within_days))
    retention = _retention(events, end)
    parts |= {"upsell_conversion": _upsell(events, upsell_within_days)}
    parts |= _money(events, margin, discount_rate)
    parts |= {
        "retention_month_1": retention,
        "churn_month_1": retention.select(value=1 - retention.value),
        "referral_rate": _referral(events),
        "reactivation_rate": _reactivation(events, dormant_days, end),
        "csat": _csat(events),
        "nps": _nps(events),
    }
    keys = [kpi.key for kpi in _report_kpis(steps, {s: s for s in steps})]
    columns = [
        parts[key].select(**{f"v{i}": parts[key].value.cast("float64")})
        for i, key in enumerate(keys)
    ]
    wide = columns[0]
    for column in columns[1:]:
        wide = wide.cross_join(column)
    return wide


def _milestone_steps(milestones: Any) -> tuple[list[str], dict[str, str]]:
    if milestones is None:
        from .milestones import sample_milestones

        milestones = sample_milestones()
    return _steps(milestones)


def warehouse_report(
    table: Any,
    milestones: Any = None,
    targets: Mapping[str, float] | None = None,
    *,
    within_days: float | None = 180,
    upsell_within_days: float = 30,
    dormant_days: float = 60,
    margin: float = 0.6,
    discount_rate: float = 0.10,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """The table of :func:`~journey_lessons.kpis.kpi_report`, computed by ``table``'s engine.

    ``table`` is an Ibis table in the event-log schema (:func:`duckdb_events`,
    :func:`spark_events`) or a DataFrame (run on DuckDB in memory). Arguments,
    columns and values are those of ``kpi_report``: the same KPIs by the same
    definitions, equal to rounding in the last digits.
    """

    steps, labels = _milestone_steps(milestones)
    kpis = _report_kpis(steps, labels)
    wanted = _report_targets(kpis, targets)
    expression = _wide(
        table,
        steps,
        within_days=within_days,
        upsell_within_days=upsell_within_days,
        dormant_days=dormant_days,
        margin=margin,
        discount_rate=discount_rate,
        start=start,
        end=end,
    )
    measured = expression.to_pyarrow().to_pylist()[0]
    values = {
        kpi.key: float("nan") if measured[f"v{i}"] is None else float(measured[f"v{i}"])
        for i, kpi in enumerate(kpis)
    }
    return report_from_values(kpis, values, wanted)


def to_sql(
    milestones: Any = None,
    dialect: str = "duckdb",
    *,
    table_name: str = "events",
    within_days: float | None = 180,
    upsell_within_days: float = 30,
    dormant_days: float = 60,
    margin: float = 0.6,
    discount_rate: float = 0.10,
    start: Any = None,
    end: Any = None,
) -> str:
    """The report as SQL text to paste into a warehouse, over a table named ``events``.

    ``dialect`` is one of ``bigquery``, ``snowflake``, ``postgres`` or ``duckdb``.
    The table needs the event-log columns: ``customer_id``, ``timestamp`` (a
    timestamp without time zone; in BigQuery a DATETIME), ``event`` (text),
    ``amount``, ``order_id`` (text) and ``score``. The query returns one row per
    KPI: ``position``, ``key``, ``kpi``, ``unit``, ``value``.
    """
    ibis = _ibis()
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}: use one of {', '.join(DIALECTS)}")
    expression = report_table(
        ibis.table(SQL_SCHEMA, name=table_name),
        milestones,
        within_days=within_days,
        upsell_within_days=upsell_within_days,
        dormant_days=dormant_days,
        margin=margin,
        discount_rate=discount_rate,
        start=start,
        end=end,
    )
    header = (
        f"-- The course's KPI report (journey-lessons), {dialect} SQL over the table "
        f"{table_name}:\n-- one row per KPI, its value NULL when there is nothing to measure.\n"
    )
    return header + str(ibis.to_sql(expression, dialect=dialect))


__all__ = [
    "DIALECTS",
    "SQL_SCHEMA",
    "duckdb_events",
    "events_table",
    "report_table",
    "spark_events",
    "spark_session",
    "to_sql",
    "warehouse_report",
    "write_parquet",
]
