"""The KPIs of ``kpi_report`` written as well as we can in DuckDB and in polars.

The contenders of bench/kpis.py: each computes every KPI of
:func:`journey_lessons.kpis.kpi_report` (same keys, same definitions: in-order
funnel within ``within_days`` of the first step, ties in time counting, waits as
medians, orders as distinct order ids per customer, cohorts by calendar month of
the first purchase, dormant gaps counted in whole seconds from the first
purchase with a purchase sorting first on a tie, survey names matched ignoring
case) in one engine call using all cores: DuckDB as one SQL query with CTEs,
polars as lazy queries collected together (streaming engine where it helps).

Each is timed on the log in its own format, converted before the clock starts
(:func:`as_arrow` for DuckDB, :func:`as_polars` for polars). Input: a pyarrow
Table, polars DataFrame or pandas DataFrame with the event log schema:
``customer_id``, ``timestamp`` (ns), ``event``, ``amount``, ``order_id``, ``score``.
Output: a dict of KPI key -> value, as ``kpi_report``'s ``key`` and ``value``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

NS_PER_DAY = 86_400 * 10**9
NS_PER_S = 10**9


def as_arrow(events: Any) -> Any:
    """The log as a pyarrow Table (a pandas DataFrame is converted, a Table kept)."""
    import pyarrow as pa

    if isinstance(events, pa.Table):
        return events
    return pa.Table.from_pandas(events, preserve_index=False)


def event_names(events: Any) -> list[str] | None:
    """The event names a dictionary-encoded (categorical) log holds; None for plain text."""
    import pyarrow as pa

    if hasattr(events, "schema") and isinstance(events, pa.Table):
        column = events.column("event")
        if not pa.types.is_dictionary(column.type):
            return None
        names: set[str] = set()
        for chunk in column.chunks:
            names.update(chunk.dictionary.to_pylist())
        return sorted(names)
    try:
        import polars as pl
    except ImportError:  # polars is only for its own contender
        return None
    if isinstance(events, pl.DataFrame):
        kind = events.schema["event"]
        return list(kind.categories) if isinstance(kind, pl.Enum) else None
    return None


def _predictive(historic: float, repeat: float, margin: float, discount_rate: float) -> float:
    d = discount_rate
    return margin * historic * (1 + d) / (1 + d - repeat)


def _bounds_ns(start: Any, end: Any) -> tuple[int | None, int | None]:
    import pandas as pd

    low = pd.Timestamp(start).as_unit("ns").value if start is not None else None
    high = pd.Timestamp(end).as_unit("ns").value if end is not None else None
    return low, high


def _finish(
    values: dict[str, Any], steps: Sequence[str], margin: float, discount_rate: float
) -> dict[str, float]:
    """Raw engine figures to the report's keys: ratios, nan for nothing to measure."""

    def ratio(top: Any, bottom: Any) -> float:
        return float(top) / float(bottom) if bottom else float("nan")

    def number(value: Any) -> float:
        return float("nan") if value is None else float(value)

    out: dict[str, float] = {}
    entered = values["reached_0"]
    for k in range(1, len(steps)):
        out[f"funnel:{steps[k]}"] = ratio(values[f"reached_{k}"], entered)
        out[f"days:{steps[k - 1]}->{steps[k]}"] = number(values[f"median_{k}"])
    buyers, orders = values["buyers"], values["orders"]
    revenue = number(values["revenue"]) if buyers else 0.0
    repeat = ratio(values["repeaters"], buyers)
    historic = ratio(revenue, buyers)
    retention = ratio(values["retained"], values["followed"])
    out |= {
        "upsell_conversion": ratio(values["accepted"], values["offered"]),
        "average_order_value": ratio(revenue, orders),
        "repeat_purchase_rate": repeat,
        "historic_clv": historic,
        "predictive_clv": _predictive(historic, repeat, margin, discount_rate),
        "retention_month_1": retention,
        "churn_month_1": 1 - retention,
        "referral_rate": ratio(values["referrers"], buyers),
        "reactivation_rate": ratio(values["back"], values["dormant"]),
        "csat": ratio(values["satisfied"], values["survey_answers"]),
        "nps": 100 * ratio(values["net_promoters"], values["nps_answers"]),
    }
    return out


# -- DuckDB ---------------------------------------------------------------------------------


def duckdb_sql(
    steps: Sequence[str],
    *,
    within_days: float | None = 180,
    upsell_within_days: float = 30,
    dormant_days: float = 60,
    start_ns: int | None = None,
    end_ns: int | None = None,
    names: Sequence[str] | None = None,
) -> str:
    """The one query: CTEs over ``events`` (the registered log), one row of raw figures."""

    def text(value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    def answers(event: str) -> str:
        """Rows of ``event`` (name matched ignoring case) with a score."""
        if names is None:
            match = f"lower(e::VARCHAR) = {text(event)}"
        else:
            same = [n for n in names if n.casefold() == event] or [event]
            match = f"e IN ({', '.join(map(text, same))})"
        return f"FROM ev WHERE {match} AND score IS NOT NULL AND NOT isnan(score)"

    where = []
    if start_ns is not None:
        where.append(f"epoch_ns(timestamp) >= {int(start_ns)}")
    if end_ns is not None:
        where.append(f"epoch_ns(timestamp) < {int(end_ns)}")
    window = "" if not where else "WHERE " + " AND ".join(where)
    window_ns = None if within_days is None else round(within_days * NS_PER_DAY)
    ctes = [f"f0 AS (SELECT c, min(t) AS t FROM ev WHERE e = {text(steps[0])} GROUP BY c)"]
    # funnel: step k at or after step k-1, and within the window from step 1 (f0)
    for k in range(1, len(steps)):
        first = "p" if k == 1 else "f0"
        deadline = "" if within_days is None else f" AND e.t <= {first}.t + {window_ns}"
        ctes.append(
            f"f{k} AS (SELECT e.c, min(e.t) AS t FROM ev e JOIN f{k - 1} p ON e.c = p.c "
            + ("" if k == 1 else "JOIN f0 ON e.c = f0.c ")
            + f"WHERE e.e = {text(steps[k])} AND e.t >= p.t{deadline} GROUP BY e.c)"
        )
    threshold = dormant_days * 86_400
    last = "(SELECT max(t) FROM ev)" if end_ns is None else str(int(end_ns) - 1)
    final = "(SELECT max(t) FROM ev)" if end_ns is None else str(int(end_ns))
    ctes += [
        # orders: distinct order ids per customer, and each purchase without one
        "per AS (SELECT c, count(DISTINCT order_id) + count(*) FILTER (WHERE order_id IS NULL) "
        "AS orders, sum(amount) AS revenue, min(t) AS first_t FROM ev WHERE amount > 0 "
        "GROUP BY c)",
        "offers AS (SELECT c, min(t) AS t FROM ev WHERE e = 'upsell_offer' GROUP BY c)",
        "accepted AS (SELECT DISTINCT e.c FROM ev e JOIN offers o ON e.c = o.c "
        f"WHERE e.e = 'upsell' AND e.t >= o.t AND e.t - o.t <= {upsell_within_days * NS_PER_DAY})",
        # cohorts: calendar month of the first purchase, followed if the window reaches month 1
        "cohort AS (SELECT c, epoch_ns(date_trunc('month', make_timestamp(first_t // 1000)) "
        "+ INTERVAL 1 MONTH) AS m1, epoch_ns(date_trunc('month', make_timestamp(first_t // 1000)) "
        "+ INTERVAL 2 MONTH) AS m2 FROM per)",
        f"followed AS (SELECT * FROM cohort WHERE m1 <= epoch_ns(date_trunc('month', "
        f"make_timestamp(({last}) // 1000))))",
        # every event of a buyer from the first purchase on: the cohorts' month 1 is among them
        "since AS (SELECT e.c, e.t, coalesce(e.amount > 0, false) AS paid FROM ev e "
        "JOIN per p ON e.c = p.c WHERE e.t >= p.first_t)",
        "retained AS (SELECT DISTINCT e.c FROM since e JOIN followed f ON e.c = f.c "
        "WHERE e.t >= f.m1 AND e.t < f.m2)",
        # gaps in whole seconds from the earliest first purchase, as kpi_report counts them
        "low AS (SELECT min(first_t) AS t FROM per)",
        # the gap before each event; the last event's gap to the end from the latest one
        "seconds AS (SELECT c, paid, (t - (SELECT t FROM low)) // 1000000000 AS s FROM since)",
        "gaps AS (SELECT c, paid, s, s - lag(s) OVER (PARTITION BY c ORDER BY s, paid DESC) "
        "AS gap FROM seconds)",
        f"dormancy AS (SELECT c, bool_or(gap >= {threshold}) OR ({final} - (SELECT t FROM low)) "
        f"// {NS_PER_S} - max(s) >= {threshold} AS dormant, "
        f"bool_or(paid AND gap >= {threshold}) AS back FROM gaps GROUP BY c)",
    ]
    figures = [f"(SELECT count(*) FROM f{k}) AS reached_{k}" for k in range(len(steps))]
    figures += [
        f"(SELECT quantile_cont((c.t - p.t) / {NS_PER_DAY}.0, 0.5) FROM f{k} c "
        f"JOIN f{k - 1} p ON c.c = p.c) AS median_{k}"
        for k in range(1, len(steps))
    ]
    figures += [
        "(SELECT count(*) FROM offers) AS offered",
        "(SELECT count(*) FROM accepted) AS accepted",
        "(SELECT count(*) FROM per) AS buyers",
        "(SELECT sum(orders) FROM per) AS orders",
        "(SELECT sum(revenue) FROM per) AS revenue",
        "(SELECT count(*) FILTER (WHERE orders >= 2) FROM per) AS repeaters",
        "(SELECT count(*) FROM followed) AS followed",
        "(SELECT count(*) FROM retained) AS retained",
        "(SELECT count(*) FROM per WHERE c IN (SELECT c FROM ev WHERE e = 'referral')) "
        "AS referrers",
        "(SELECT count(*) FILTER (WHERE dormant) FROM dormancy) AS dormant",
        "(SELECT count(*) FILTER (WHERE back) FROM dormancy) AS back",
        f"(SELECT count(*) FILTER (WHERE score >= 4) {answers('survey')}) AS satisfied",
        f"(SELECT count(*) {answers('survey')}) AS survey_answers",
        "(SELECT count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6) "
        f"{answers('nps')}) AS net_promoters",
        f"(SELECT count(*) {answers('nps')}) AS nps_answers",
    ]
    query = "WITH " + ",\n".join(ctes) + "\nSELECT " + ",\n".join(figures)
    # The log's columns as the KPIs name them, written out at each use rather than as a
    # CTE: DuckDB 2 copies a CTE's rows for each reader (10M rows, 6 times over), while a
    # scan of the Arrow table per use is cheap and takes each use's filter.
    log = (
        "(SELECT customer_id AS c, epoch_ns(timestamp) AS t, event AS e, amount, order_id, "
        f"score FROM events {window})"
    )
    return re.sub(r"\bFROM ev\b( e\b)?", lambda m: f"FROM {log}{m.group(1) or ' ev'}", query)


def duckdb_kpis(
    events: Any,
    steps: Sequence[str],
    *,
    within_days: float | None = 180,
    upsell_within_days: float = 30,
    dormant_days: float = 60,
    margin: float = 0.6,
    discount_rate: float = 0.10,
    start: Any = None,
    end: Any = None,
    threads: int | None = None,
    connection: Any = None,
) -> dict[str, float]:
    """Every KPI of ``kpi_report`` by key, from one DuckDB query over the Arrow log."""
    import duckdb

    con = connection if connection is not None else duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    events = as_arrow(events)
    start_ns, end_ns = _bounds_ns(start, end)
    sql = duckdb_sql(
        steps,
        within_days=within_days,
        upsell_within_days=upsell_within_days,
        dormant_days=dormant_days,
        start_ns=start_ns,
        end_ns=end_ns,
        names=event_names(events),
    )
    con.register("events", events)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        (row,) = cursor.fetchall()
        values = dict(zip(names, row, strict=True))
    finally:
        con.unregister("events")
        if connection is None:
            con.close()
    return _finish(values, steps, margin, discount_rate)


# -- polars ---------------------------------------------------------------------------------


def as_polars(events: Any) -> Any:
    """The log as a polars DataFrame (from a pyarrow Table or pandas DataFrame).

    The event names become an Enum, whose fixed categories tell which names a
    survey matches (ignoring case) without reading the rows.
    """
    import polars as pl

    if isinstance(events, pl.DataFrame):
        return events
    table = as_arrow(events)
    frame = pl.from_arrow(table)
    names = event_names(table)
    if names is not None:
        frame = frame.with_columns(pl.col("event").cast(pl.Enum(names)))
    return frame


def _key_bits(frame: Any) -> int | None:
    """Bits for (second, purchase first) below the customer in one Int64 key; None: no room.

    Only whole-number customer ids from 0 fit; the span of seconds is read off the log.
    """
    ids, stamps = frame["customer_id"], frame["timestamp"]
    if not ids.dtype.is_integer() or not len(ids) or ids.min() < 0:
        return None
    span = (stamps.max() - stamps.min()).total_seconds()
    bits = (int(span) + 1).bit_length() + 1
    return bits if int(ids.max()).bit_length() + bits <= 62 else None


def polars_kpis(
    events: Any,
    steps: Sequence[str],
    *,
    within_days: float | None = 180,
    upsell_within_days: float = 30,
    dormant_days: float = 60,
    margin: float = 0.6,
    discount_rate: float = 0.10,
    start: Any = None,
    end: Any = None,
    engine: str = "streaming",
) -> dict[str, float]:
    """Every KPI of ``kpi_report`` by key, from lazy polars queries collected together."""
    import polars as pl

    start_ns, end_ns = _bounds_ns(start, end)
    frame = as_polars(events)
    ev = frame.lazy().select(
        c=pl.col("customer_id"),
        t=pl.col("timestamp").dt.cast_time_unit("ns").cast(pl.Int64),
        e=pl.col("event"),
        amount=pl.col("amount"),
        order_id=pl.col("order_id"),
        score=pl.col("score"),
    )
    if start_ns is not None:
        ev = ev.filter(pl.col("t") >= start_ns)
    if end_ns is not None:
        ev = ev.filter(pl.col("t") < end_ns)

    # funnel: each step at or after the previous one, within the window of the first
    first = ev.filter(pl.col("e") == steps[0]).group_by("c").agg(t=pl.col("t").min())
    reached = [first.with_columns(t0=pl.col("t"))]
    for step in steps[1:]:
        previous = reached[-1]
        rows = (
            ev.filter(pl.col("e") == step)
            .select("c", "t")
            .join(previous.select("c", p=pl.col("t"), t0=pl.col("t0")), on="c")
        )
        ok = pl.col("t") >= pl.col("p")
        if within_days is not None:
            ok &= pl.col("t") <= pl.col("t0") + round(within_days * NS_PER_DAY)
        reached.append(
            rows.filter(ok)
            .group_by("c")
            .agg(t=pl.col("t").min(), p=pl.col("p").first(), t0=pl.col("t0").first())
        )
    figures = [reached[0].select(reached_0=pl.len())]
    for k in range(1, len(steps)):
        figures.append(
            reached[k].select(
                **{
                    f"reached_{k}": pl.len(),
                    f"median_{k}": ((pl.col("t") - pl.col("p")) / NS_PER_DAY).median(),
                }
            )
        )

    offers = ev.filter(pl.col("e") == "upsell_offer").group_by("c").agg(o=pl.col("t").min())
    accepted = (
        ev.filter(pl.col("e") == "upsell")
        .select("c", "t")
        .join(offers, on="c")
        .filter(
            (pl.col("t") >= pl.col("o"))
            & (pl.col("t") - pl.col("o") <= upsell_within_days * NS_PER_DAY)
        )
        .select(pl.col("c").n_unique().alias("accepted"))
    )
    figures += [offers.select(offered=pl.len()), accepted]

    # orders: distinct order ids per customer, and each purchase without one
    per = (
        ev.filter(pl.col("amount") > 0)
        .group_by("c")
        .agg(
            orders=pl.col("order_id").drop_nulls().n_unique() + pl.col("order_id").null_count(),
            revenue=pl.col("amount").sum(),
            first_t=pl.col("t").min(),
        )
    )
    referrers = ev.filter(pl.col("e") == "referral").select("c").unique()
    figures += [
        per.select(
            buyers=pl.len(),
            orders=pl.col("orders").sum(),
            revenue=pl.col("revenue").sum(),
            repeaters=(pl.col("orders") >= 2).sum(),
        ),
        per.join(referrers, on="c", how="semi").select(referrers=pl.len()),
    ]

    # cohorts: calendar month of the first purchase; followed when the window reaches month 1
    last = ev.select(pl.col("t").max()) if end_ns is None else pl.LazyFrame({"t": [end_ns - 1]})
    last_month = last.select(
        last_month=pl.from_epoch(pl.col("t"), "ns").dt.truncate("1mo").cast(pl.Int64)
    )
    month = pl.from_epoch(pl.col("first_t"), "ns").dt.truncate("1mo")
    followed = (
        per.select(
            "c",
            m1=month.dt.offset_by("1mo").dt.cast_time_unit("ns").cast(pl.Int64),
            m2=month.dt.offset_by("2mo").dt.cast_time_unit("ns").cast(pl.Int64),
        )
        .join(last_month, how="cross")
        .filter(pl.col("m1") <= pl.col("last_month"))
    )
    # every event of a buyer from the first purchase on: the cohorts' month 1 is among them
    since = (
        ev.select("c", "t", "amount")
        .join(per.select("c", "first_t"), on="c")
        .filter(pl.col("t") >= pl.col("first_t"))
    )
    retained = (
        since.join(followed.select("c", "m1", "m2"), on="c")
        .filter((pl.col("t") >= pl.col("m1")) & (pl.col("t") < pl.col("m2")))
        .select(retained=pl.col("c").n_unique())
    )
    figures += [followed.select(followed=pl.len()), retained]

    # dormant gaps in whole seconds from the earliest first purchase, a purchase first on a tie
    threshold = dormant_days * 86_400
    final = ev.select(pl.col("t").max()) if end_ns is None else pl.LazyFrame({"t": [end_ns]})
    # the earliest of these events is the earliest first purchase
    step = ((pl.col("t") - pl.col("t").min()) // NS_PER_S) * 2 + (
        pl.col("amount").fill_null(0) <= 0
    ).cast(pl.Int64)
    key_bits = _key_bits(frame)
    if key_bits is not None:
        # one Int64 per event (customer, second, purchase first) sorts far faster than three
        ordered = since.select(
            k=pl.col("c").cast(pl.Int64) * 2**key_bits + step, low=pl.col("t").min()
        ).sort("k")
        customer, step_of = pl.col("k") // 2**key_bits, pl.col("k") % 2**key_bits
    else:
        ordered = since.select("c", step=step, low=pl.col("t").min()).sort("c", "step")
        customer, step_of = pl.col("c"), pl.col("step")
    seconds = step_of // 2
    long_gap = (
        (customer == customer.shift(1)) & (seconds - seconds.shift(1) >= threshold)
    ).fill_null(False)
    rows = ordered.select(
        c=customer,
        s=seconds,
        low=pl.col("low"),
        long=long_gap,
        back=long_gap & (step_of % 2 == 0),
        last=(customer != customer.shift(-1)).fill_null(True),
    )
    idle = (pl.col("final") - pl.col("low")) // NS_PER_S - pl.col("s") >= threshold
    dormant = (
        rows.filter(pl.col("long") | pl.col("last"))
        .join(final.select(final=pl.col("t")), how="cross")
        .filter(pl.col("long") | (pl.col("last") & idle))
        .select(dormant=pl.col("c").n_unique())
    )
    back = rows.filter(pl.col("back")).select(back=pl.col("c").n_unique())
    figures += [dormant, back]

    answered = pl.col("score").is_not_null() & pl.col("score").is_not_nan()
    names = event_names(frame)

    def named(event: str) -> Any:
        """Rows of ``event``, its name matched ignoring case."""
        if names is None:
            return pl.col("e").cast(pl.String).str.to_lowercase() == event
        return pl.col("e").is_in([n for n in names if n.casefold() == event] or [event])

    survey = ev.filter(named("survey") & answered)
    promoters = ev.filter(named("nps") & answered)
    figures += [
        survey.select(satisfied=(pl.col("score") >= 4).sum(), survey_answers=pl.len()),
        promoters.select(
            net_promoters=(pl.col("score") >= 9).sum().cast(pl.Int64)
            - (pl.col("score") <= 6).sum().cast(pl.Int64),
            nps_answers=pl.len(),
        ),
    ]
    frames = pl.collect_all(figures, engine=engine)
    values: dict[str, Any] = {}
    for frame in frames:
        values |= frame.row(0, named=True) if frame.height else dict.fromkeys(frame.columns)
    return _finish(values, steps, margin, discount_rate)
