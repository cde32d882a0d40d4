"""The course's KPIs again, written independently in DuckDB SQL.

Used by tests/test_kpis.py and bench/kpis.py to check that ``kpi_report``
computes what its docstrings say. Each query follows the written definition,
not the numpy code, so a shared mistake is unlikely.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import duckdb
import pandas as pd

DAY_MS = 86_400_000


def duckdb_kpis(
    events: pd.DataFrame,
    steps: Sequence[str],
    *,
    within_days: float = 180,
    upsell_within_days: float = 30,
    dormant_days: float = 60,
    margin: float = 0.6,
    discount_rate: float = 0.10,
    threads: int | None = None,
) -> dict[str, float]:
    """Every KPI of ``kpi_report`` by key, computed by DuckDB from the same DataFrame."""
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.register("events_df", events)
    # one table read from the DataFrame, as ``kpi_report`` reads it once into arrays
    con.execute(
        # via TIMESTAMP (microseconds): DuckDB 2.0 cannot take epoch_ms of TIMESTAMP_NS
        "CREATE TEMP TABLE w AS SELECT customer_id, epoch_ms(timestamp::TIMESTAMP) AS ms, "
        "timestamp::TIMESTAMP AS ts, CAST(event AS VARCHAR) AS event, amount, "
        "CAST(order_id AS VARCHAR) AS order_id, score FROM events_df"
    )

    def one(sql: str, *params: object) -> float:
        value = con.execute(sql, list(params)).fetchone()[0]
        return float("nan") if value is None else float(value)

    out: dict[str, float] = {}
    # funnel: step k at or after step k-1, within the window from step 1
    con.execute(
        "CREATE TEMP TABLE f0 AS SELECT customer_id, min(ms) AS t FROM w "
        "WHERE event = ? GROUP BY customer_id",
        [steps[0]],
    )
    entered = one("SELECT count(*) FROM f0")
    for k in range(1, len(steps)):
        con.execute(
            f"CREATE TEMP TABLE f{k} AS SELECT e.customer_id, min(e.ms) AS t "
            f"FROM w e JOIN f{k - 1} p USING (customer_id) JOIN f0 s USING (customer_id) "
            "WHERE e.event = ? AND e.ms >= p.t AND e.ms <= s.t + ? GROUP BY e.customer_id",
            [steps[k], round(within_days * DAY_MS)],
        )
        out[f"funnel:{steps[k]}"] = one(f"SELECT count(*) FROM f{k}") / entered
        out[f"days:{steps[k - 1]}->{steps[k]}"] = one(
            f"SELECT quantile_cont((c.t - p.t) / {DAY_MS}.0, 0.5) "
            f"FROM f{k} c JOIN f{k - 1} p USING (customer_id)"
        )

    out["upsell_conversion"] = one(
        "WITH o AS (SELECT customer_id, min(ms) AS t FROM w WHERE event = 'upsell_offer' "
        "GROUP BY customer_id), "
        "a AS (SELECT DISTINCT w.customer_id FROM w JOIN o USING (customer_id) "
        "WHERE w.event = 'upsell' AND w.ms >= o.t AND w.ms - o.t <= ?) "
        "SELECT (SELECT count(*) FROM a) / (SELECT nullif(count(*), 0) FROM o)",
        upsell_within_days * DAY_MS,
    )

    # orders per customer: distinct order ids, and each purchase row without one
    con.execute(
        "CREATE TEMP TABLE per AS SELECT customer_id, "
        "count(DISTINCT order_id) + count(*) FILTER (WHERE order_id IS NULL) AS orders, "
        "sum(amount) AS revenue FROM w WHERE amount > 0 GROUP BY customer_id"
    )
    out["average_order_value"] = one("SELECT sum(revenue) / nullif(sum(orders), 0) FROM per")
    repeat = one("SELECT avg(CASE WHEN orders >= 2 THEN 1.0 ELSE 0.0 END) FROM per")
    historic = one("SELECT sum(revenue) / nullif(count(*), 0) FROM per")
    out["repeat_purchase_rate"] = repeat
    out["historic_clv"] = historic
    d = discount_rate
    out["predictive_clv"] = margin * historic * (1 + d) / (1 + d - repeat)

    # cohorts: month of first purchase; active in month k = any event in that month
    retention = one(
        "WITH fp AS (SELECT customer_id, date_trunc('month', min(ts)) AS m FROM w "
        "WHERE amount > 0 GROUP BY customer_id), "
        "last AS (SELECT date_trunc('month', max(ts)) AS m FROM w), "
        "seen AS (SELECT fp.* FROM fp, last WHERE fp.m + INTERVAL 1 MONTH <= last.m), "
        "active AS (SELECT DISTINCT w.customer_id FROM w JOIN seen USING (customer_id) "
        "WHERE date_trunc('month', w.ts) = seen.m + INTERVAL 1 MONTH) "
        "SELECT (SELECT count(*) FROM active) / (SELECT nullif(count(*), 0) FROM seen)"
    )
    out["retention_month_1"] = retention
    out["churn_month_1"] = 1 - retention

    out["referral_rate"] = one(
        "WITH b AS (SELECT DISTINCT customer_id FROM w WHERE amount > 0), "
        "r AS (SELECT DISTINCT customer_id FROM w WHERE event = 'referral') "
        "SELECT (SELECT count(*) FROM b JOIN r USING (customer_id)) "
        "/ (SELECT nullif(count(*), 0) FROM b)"
    )

    threshold = dormant_days * DAY_MS
    out["reactivation_rate"] = one(
        "WITH fp AS (SELECT customer_id, min(ms) AS f FROM w WHERE amount > 0 "
        "GROUP BY customer_id), "
        "r AS (SELECT w.customer_id, w.ms, coalesce(w.amount > 0, false) AS paid, "
        "w.ms - lag(w.ms) OVER c AS gap, lead(w.ms) OVER c IS NULL AS last "
        "FROM w JOIN fp USING (customer_id) WHERE w.ms >= fp.f "
        "WINDOW c AS (PARTITION BY w.customer_id ORDER BY w.ms, "
        "coalesce(w.amount > 0, false) DESC)) "
        "SELECT count(DISTINCT customer_id) FILTER (WHERE paid AND gap >= $1) "
        "/ nullif(count(DISTINCT customer_id) FILTER (WHERE gap >= $1 OR "
        "(last AND (SELECT max(ms) FROM w) - ms >= $1)), 0) FROM r",
        threshold,
    )

    out["csat"] = one(
        "SELECT avg(CASE WHEN score >= 4 THEN 1.0 ELSE 0.0 END) FROM w "
        "WHERE event = 'survey' AND score IS NOT NULL"
    )
    out["nps"] = one(
        "SELECT 100 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) "
        "/ nullif(count(*), 0) FROM w WHERE event = 'nps' AND score IS NOT NULL"
    )
    con.close()
    return out


def disagreements(report: pd.DataFrame, reference: dict[str, float], rel: float = 1e-9) -> list:
    """The KPIs on which ``kpi_report`` and the reference differ, as readable lines."""
    ours = dict(zip(report["key"], report["value"], strict=True))
    problems = [f"{k}: only one side has it" for k in set(ours) ^ set(reference)]
    for key in sorted(set(ours) & set(reference)):
        a, b = ours[key], reference[key]
        if math.isnan(a) and math.isnan(b):
            continue
        if not math.isclose(a, b, rel_tol=rel, abs_tol=1e-12):
            problems.append(f"{key}: ours {a!r}, DuckDB {b!r}")
    return problems
