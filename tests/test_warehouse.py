"""The KPIs on query engines (DuckDB, Spark, SQL text) agree with ``kpi_report`` exactly."""

from __future__ import annotations

import math
import random
import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlglot

from journey_lessons import kpis, warehouse
from journey_lessons.events import read_events
from journey_lessons.journey import sample_journey
from journey_lessons.milestones import Milestone, MilestoneMap, Stage
from journey_lessons.simulate import simulate_events

# Ibis 12 and PySpark 4.0 call pandas 3.1 and DuckDB 2.0 in ways they deprecate
pytestmark = [
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:fetch_arrow_table.. is deprecated:DeprecationWarning"),
]

COLUMNS = ["customer_id", "timestamp", "event", "amount", "order_id", "score"]


def log(*rows: tuple) -> pd.DataFrame:
    """A log from (customer, time, event[, amount[, order id[, score]]]) rows, shuffled."""
    rows = [tuple(r) + (None,) * (6 - len(r)) for r in rows]
    random.Random(0).shuffle(rows)  # no KPI may depend on the order of rows
    return read_events(pd.DataFrame(rows, columns=COLUMNS)).events


def problems(expected: pd.DataFrame, got: pd.DataFrame, rel: float = 1e-9) -> list[str]:
    """Where two reports differ: any column but value exactly, values to ``rel``."""
    found = []
    if list(expected.columns) != list(got.columns):
        return [f"columns {list(expected.columns)} != {list(got.columns)}"]
    others = [c for c in expected.columns if c != "value"]
    if not expected[others].equals(got[others]):
        found.append(f"rows differ:\n{expected[others]}\n{got[others]}")
    for key, a, b in zip(expected["key"], expected["value"], got["value"], strict=False):
        if math.isnan(a) and math.isnan(b):
            continue
        if math.isnan(a) or math.isnan(b) or not math.isclose(a, b, rel_tol=rel, abs_tol=1e-12):
            found.append(f"{key}: kpi_report {a!r}, engine {b!r}")
    return found


def values(report: pd.DataFrame) -> dict[str, float]:
    return dict(zip(report["key"], report["value"], strict=True))


# -- hand-built logs --------------------------------------------------------------------------

# A bakery, not the sample: its own milestone names, so its own funnel events.
BAKERY = MilestoneMap(
    (
        Milestone("Tasting evening", Stage.BEFORE),
        Milestone("Cake consultation", Stage.BEFORE, kind="consultation"),
        Milestone("Wedding cake order", Stage.CORE),
        Milestone("Thank-you card", Stage.AFTER),
    )
)
BAKERY_STEPS = ["tasting_evening", "consultation", "wedding_cake_order"]
TASTING, TALK, ORDER = BAKERY_STEPS

BAKERY_LOG = log(
    (1, "2024-01-01", TASTING),
    (1, "2024-01-02", TALK),  # 1 day
    (1, "2024-01-05", ORDER, 900),  # 3 days
    (2, "2024-01-01", TASTING),
    (2, "2024-01-03", ORDER, 900),  # skipped the consultation
    (3, "2024-01-01", TALK),  # consultation before the tasting: out of order
    (3, "2024-01-02", TASTING),
    (3, "2024-01-03", ORDER, 900),
    (4, "2024-01-01 10:00:00.250", TASTING),  # three milestones in the same instant
    (4, "2024-01-01 10:00:00.250", TALK),
    (4, "2024-01-01 10:00:00.250", ORDER, 900),
    (5, "2024-01-01 10:00:00.500001", TASTING),
    (5, "2024-01-01 10:00:00.500000", TALK),  # one microsecond before the tasting
    (6, "2024-01-01", TASTING),
    (6, "2024-01-03", TALK),  # 2 days
    (6, "2024-03-01", ORDER, 900),  # 60 days after the tasting: outside 30
    (7, "2024-01-01", "visit"),  # never enters the funnel
    (8, "2024-01-01", TASTING),
    (8, "2024-01-31", TALK),  # exactly 30 days: inside
    (8, "2024-01-31 00:00:00.000001", ORDER, 900),  # 30 days and a microsecond: outside
)

MONEY_LOG = log(
    (1, "2024-01-01", "core_purchase", 100, "A"),
    (1, "2024-02-01", "repeat_purchase", 10, "B"),  # one order on two rows
    (1, "2024-02-01", "repeat_purchase", 10, "B"),
    (2, "2024-01-05", "core_purchase", 100),  # no order id: an order of its own
    (4, "2024-01-05", "core_purchase", 0),  # nothing paid: no purchase
    *[(c, "2024-01-10", "upsell_offer") for c in (1, 2, 3, 4)],
    (1, "2024-01-12", "upsell"),  # 2 days after the offer
    (2, "2024-02-20", "upsell"),  # 41 days after
    (3, "2024-01-05", "upsell"),  # before the offer
    (5, "2024-01-12", "upsell"),  # never offered
    (1, "2024-02-01", "referral"),
    (1, "2024-03-01", "referral"),  # referrers are counted, not referrals
    (5, "2024-02-01", "referral"),  # not a customer
    (1, "2024-02-01", "Survey", None, None, 5),  # survey names ignore case
    (2, "2024-02-01", "SURVEY", None, None, 2),
    (3, "2024-02-01", "survey", None, None, 4),
    (4, "2024-02-01", "survey"),  # no answer
    (1, "2024-02-01", "Nps", None, None, 10),
    (2, "2024-02-01", "nps", None, None, 9),
    (3, "2024-02-01", "NPS", None, None, 6),
    (4, "2024-02-01", "nps", None, None, 7),
)

REACTIVATION_LOG = log(
    (1, "2024-01-01", "core_purchase", 100),
    (1, "2024-01-10", "visit"),
    (1, "2024-04-01", "repeat_purchase", 20),  # back after 82 days
    (1, "2024-05-15", "visit"),
    (2, "2024-01-01", "core_purchase", 100),
    (2, "2024-03-15", "visit"),  # 74 days away, back without buying
    (2, "2024-06-01", "visit"),
    (3, "2024-01-01", "core_purchase", 100),
    *[(3, day, "visit") for day in ("2024-01-31", "2024-03-01", "2024-03-31", "2024-04-30")],
    (3, "2024-05-30", "visit"),
    (3, "2024-06-01", "visit"),
    (4, "2024-01-01", "core_purchase", 100),
    (4, "2024-01-02", "visit"),  # silent since: dormant at the end of the log
    (5, "2024-01-01", "visit"),  # a long gap before buying does not count
    (5, "2024-04-15", "core_purchase", 100),
    (6, "2024-01-01", "core_purchase", 100),
    (6, "2024-03-01", "visit"),  # exactly 60 days, and a purchase in the same instant
    (6, "2024-03-01", "repeat_purchase", 20),
    (6, "2024-04-15", "visit"),
    (6, "2024-06-01", "visit"),
)

COHORT_LOG = log(
    (1, "2024-01-15", "core_purchase", 100),
    (1, "2024-02-10", "visit"),  # January's cohort, active in its month 1
    (2, "2024-01-20", "core_purchase", 100),
    (2, "2024-03-05", "visit"),  # not in February
    (3, "2024-02-01", "core_purchase", 100),
    (3, "2024-03-01", "visit"),  # February's cohort, active in March
    (4, "2024-01-01", "visit"),  # never bought: in no cohort
)

NO_PURCHASE_LOG = log(
    (1, "2024-01-01", "download"),
    (1, "2024-01-03", "free_trial"),
    (2, "2024-01-02", "download"),
    (3, "2024-01-02", "free_trial"),
)


def duck(events: pd.DataFrame, milestones=None, **options) -> pd.DataFrame:
    """The warehouse report on DuckDB, checked against ``kpi_report`` on the same options."""
    targets = options.pop("targets", None)
    report = warehouse.warehouse_report(events, milestones, targets, **options)
    assert problems(kpis.kpi_report(events, targets, milestones, **options), report) == []
    return report


def test_a_custom_funnel_counts_steps_in_order_within_the_window_to_the_microsecond():
    report = duck(BAKERY_LOG, BAKERY, within_days=30)
    got = values(report)
    # entered: 1, 2, 3, 4, 5, 6, 8; consulted in order within 30 days: 1, 4, 6, 8
    assert got[f"funnel:{TALK}"] == pytest.approx(4 / 7)
    assert got[f"funnel:{ORDER}"] == pytest.approx(2 / 7)  # 1 and 4
    assert got[f"days:{TASTING}->{TALK}"] == pytest.approx(1.5)  # waits 0, 1, 2, 30
    assert got[f"days:{TALK}->{ORDER}"] == pytest.approx(1.5)  # waits 0, 3
    labels = dict(zip(report["key"], report["kpi"], strict=True))
    assert labels[f"funnel:{ORDER}"] == "Reached 'Wedding cake order' (of 'Tasting evening')"


def test_a_funnel_without_a_window_lets_late_steps_in():
    got = values(duck(BAKERY_LOG, BAKERY_STEPS, within_days=None))
    assert got[f"funnel:{ORDER}"] == pytest.approx(4 / 7)  # and 6 and 8 now
    # waits 0, a microsecond, 3 and 58 days: the median is between the middle two
    assert got[f"days:{TALK}->{ORDER}"] == pytest.approx((3 + 1e-6 / 86_400) / 2, rel=1e-12)


def test_money_upsell_referral_and_surveys_on_the_engine():
    got = values(duck(MONEY_LOG, BAKERY_STEPS))
    assert got["average_order_value"] == pytest.approx(220 / 3)  # orders A, B and one alone
    assert got["repeat_purchase_rate"] == pytest.approx(1 / 2)
    assert got["historic_clv"] == pytest.approx(110)
    assert got["predictive_clv"] == pytest.approx(0.6 * 110 * 1.1 / (1.1 - 0.5))
    assert got["upsell_conversion"] == pytest.approx(1 / 4)
    assert got["referral_rate"] == pytest.approx(1 / 2)
    assert got["csat"] == pytest.approx(2 / 3)  # 5 and 4 of 5, 2, 4
    assert got["nps"] == pytest.approx(25.0)  # (2 promoters - 1 detractor) / 4
    later = values(duck(MONEY_LOG, BAKERY_STEPS, upsell_within_days=60, margin=0.5))
    assert later["upsell_conversion"] == pytest.approx(2 / 4)
    assert later["predictive_clv"] == pytest.approx(0.5 * 110 * 1.1 / (1.1 - 0.5))


def test_reactivation_reads_gaps_from_the_first_purchase_with_ties_to_the_purchase():
    # dormant: 1, 2, 4 and 6 (a gap of exactly 60 days counts); back and buying: 1 and 6
    assert values(duck(REACTIVATION_LOG))["reactivation_rate"] == pytest.approx(2 / 4)
    # 80 days: only 1 (82 days) and 4 (151 days to the end of the log)
    assert values(duck(REACTIVATION_LOG, dormant_days=80))["reactivation_rate"] == 0.5


def test_retention_weighs_every_cohort_the_log_follows():
    got = values(duck(COHORT_LOG))
    assert got["retention_month_1"] == pytest.approx(2 / 3)
    assert got["churn_month_1"] == pytest.approx(1 / 3)
    # a window ending in February follows only January's cohort to its month 1
    assert values(duck(COHORT_LOG, end="2024-03-01"))["retention_month_1"] == 0.5


def test_the_window_limits_what_every_kpi_reads():
    assert values(duck(MONEY_LOG, start="2024-01-15"))["average_order_value"] == 20
    assert values(duck(MONEY_LOG, end="2024-01-02"))["historic_clv"] == 100
    # the end of the window, not the last event, closes a customer's last gap
    rate = values(duck(REACTIVATION_LOG, dormant_days=80, end="2024-09-01"))
    # by September all six have been away 80 days; only 1 came back buying
    assert rate["reactivation_rate"] == pytest.approx(1 / 6)


def test_a_log_with_no_purchase_or_survey_reports_no_data():
    report = duck(NO_PURCHASE_LOG, ["download", "free_trial"], targets={"csat": 0.8})
    status = dict(zip(report["key"], report["status"], strict=True))
    got = values(report)
    assert got["funnel:free_trial"] == 0.5  # 1 of the 2 who downloaded; 3 never did
    for key in ("average_order_value", "historic_clv", "retention_month_1", "csat", "nps"):
        assert math.isnan(got[key]) and status[key] == "no data"
    assert status["funnel:free_trial"] == "no target"


# -- a simulated log ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def simulated() -> pd.DataFrame:
    return simulate_events(sample_journey(), customers=2000, seed=7)


def test_duckdb_agrees_with_kpi_report_on_a_simulated_log(simulated):
    report = duck(simulated, targets=kpis.sample_targets())
    assert not report["value"].isna().any()
    assert {"met", "not met"} <= set(report["status"])


def test_duckdb_agrees_with_other_thresholds(simulated):
    duck(
        simulated,
        within_days=20,
        upsell_within_days=7,
        dormant_days=30,
        margin=0.4,
        discount_rate=0.2,
    )


def test_parquet_files_of_a_folder_are_read_as_one_log(simulated, tmp_path):
    folder = tmp_path / "log"
    (folder / "2024").mkdir(parents=True)
    first = simulated["customer_id"] <= 1000
    warehouse.write_parquet(simulated[first], folder / "a.parquet")
    warehouse.write_parquet(simulated[~first], folder / "2024" / "b.parquet")
    spill = tmp_path / "spill"
    table = warehouse.duckdb_events(folder, memory_limit="512MB", temp_directory=spill)
    report = warehouse.warehouse_report(table)
    assert problems(kpis.kpi_report(simulated), report) == []
    settings = table.get_backend().raw_sql(
        "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
    )
    limit, temp = settings.fetchone()
    assert limit == "488.2 MiB" and temp == str(spill)  # 512 MB


def test_a_nan_amount_in_a_parquet_file_is_no_purchase(tmp_path):
    # SQL engines sort NaN above every number; kpi_report takes NaN for no amount
    frame = pd.DataFrame(
        {
            "customer_id": [1, 1, 2],
            "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-01"]),
            "event": ["core_purchase", "repeat_purchase", "core_purchase"],
            "amount": [100.0, float("nan"), 50.0],
            "order_id": ["A", "B", "C"],
            "score": [float("nan")] * 3,
        }
    )
    table = pa.Table.from_pandas(frame).set_column(
        3, "amount", pa.array([100.0, float("nan"), 50.0], from_pandas=False)
    )
    assert pa.compute.is_nan(table["amount"]).to_pylist() == [False, True, False]
    pq.write_table(table, tmp_path / "log.parquet")
    got = values(warehouse.warehouse_report(warehouse.duckdb_events(tmp_path / "log.parquet")))
    assert got["average_order_value"] == 75.0 and got["repeat_purchase_rate"] == 0.0


def test_a_file_without_a_column_is_named_with_the_column(tmp_path):
    path = tmp_path / "log.parquet"
    pq.write_table(pa.table({"customer_id": [1], "event": ["visit"]}), path)
    with pytest.raises(ValueError, match=r"log\.parquet has no column timestamp, amount"):
        warehouse.duckdb_events(path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match=r"empty has no \.parquet file"):
        warehouse.duckdb_events(tmp_path / "empty")
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        warehouse.duckdb_events(tmp_path / "missing")


def test_a_timestamp_written_as_text_is_refused_with_its_column(tmp_path):
    path = tmp_path / "log.parquet"
    pq.write_table(pa.table({c: ["x"] for c in COLUMNS}), path)
    with pytest.raises(ValueError, match="column timestamp is string, not a timestamp"):
        warehouse.duckdb_events(path)


# -- SQL text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["bigquery", "snowflake", "postgres"])
def test_the_sql_parses_in_each_warehouse_dialect(dialect):
    sql = warehouse.to_sql(BAKERY, dialect)
    parsed = sqlglot.parse_one(sql, read=dialect)
    assert parsed.find(sqlglot.exp.Table).name == "events"
    assert "Wedding cake order" in sql  # the learner's milestone names label the rows


def test_the_duckdb_sql_run_on_duckdb_gives_the_report(simulated, tmp_path):
    sql = warehouse.to_sql(dialect="duckdb")
    path = warehouse.write_parquet(simulated, tmp_path / "log.parquet")
    con = duckdb.connect()
    con.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet('{path}')")
    rows = con.execute(sql).df()
    expected = kpis.kpi_report(simulated)
    assert rows["key"].tolist() == expected["key"].tolist()
    assert rows["kpi"].tolist() == expected["kpi"].tolist()
    assert problems(expected, expected.assign(value=rows["value"].to_numpy())) == []


def test_an_unknown_dialect_is_named():
    with pytest.raises(ValueError, match="unknown dialect 'oracle'"):
        warehouse.to_sql(dialect="oracle")


def test_the_module_imports_without_ibis_and_says_what_to_install():
    script = (
        "import sys; sys.modules['ibis'] = None\n"
        "from journey_lessons import warehouse\n"
        "try:\n    warehouse.to_sql()\n"
        "except ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "pip install journey-lessons[warehouse]" in out.stdout


# -- Spark --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java 17 (apt-get install openjdk-17-jre-headless)")
    session = warehouse.spark_session(cores=2, shuffle_partitions=2)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


SPARK_CASES = {
    "bakery": (BAKERY_LOG, BAKERY, {"within_days": 30}),
    "money": (MONEY_LOG, BAKERY_STEPS, {"upsell_within_days": 60}),
    "reactivation": (REACTIVATION_LOG, None, {"dormant_days": 80, "end": "2024-09-01"}),
    "cohorts": (COHORT_LOG, None, {}),
    "no purchase": (NO_PURCHASE_LOG, ["download", "free_trial"], {}),
}


@pytest.mark.parametrize("case", SPARK_CASES)
def test_spark_agrees_with_kpi_report_on_the_hand_built_logs(spark, case):
    events, milestones, options = SPARK_CASES[case]
    report = warehouse.warehouse_report(
        warehouse.spark_events(events, spark), milestones, **options
    )
    assert problems(kpis.kpi_report(events, None, milestones, **options), report) == []


def test_spark_agrees_with_kpi_report_on_a_simulated_parquet_log(spark, simulated, tmp_path):
    warehouse.write_parquet(simulated, tmp_path / "log.parquet")
    targets = kpis.sample_targets()
    report = warehouse.warehouse_report(
        warehouse.spark_events(tmp_path / "log.parquet", spark), targets=targets
    )
    assert problems(kpis.kpi_report(simulated, targets), report) == []
