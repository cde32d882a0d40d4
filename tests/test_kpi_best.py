"""The DuckDB and polars contenders of bench/kpi_best.py measure what kpi_report measures.

bench/kpis.py times kpi_report against them; a race is only fair if all three
compute the same KPIs. Each small log here has answers worked out by hand
(several from tests/test_kpis.py), and a simulated log checks every KPI at once.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import pandas as pd
import pytest

from journey_lessons import kpis
from journey_lessons.events import read_events
from journey_lessons.milestones import sample_milestones
from journey_lessons.simulate import simulate_events

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import kpi_best
import test_kpis as kpi_tests  # its hand-built logs, with the answers worked out

STEPS = ["download", "free_trial", "core_purchase"]


def _polars_missing() -> str | None:
    try:
        import polars  # noqa: F401
    except ImportError:
        return "polars is not installed (the bench extra: pip install 'polars>=1.20,<3')"
    return None


@pytest.fixture(params=["duckdb", "polars"])
def engine(request):
    """Each contender as a function (log, **options) -> KPI values by key."""
    if request.param == "polars" and _polars_missing():
        pytest.skip(_polars_missing())
    contender = kpi_best.duckdb_kpis if request.param == "duckdb" else kpi_best.polars_kpis
    return lambda events, **options: contender(events, STEPS, **options)


def log(*rows: tuple) -> pd.DataFrame:
    """A log from (customer, time, event[, amount[, order id[, score]]]) rows, shuffled."""
    rows = [tuple(r) + (None,) * (6 - len(r)) for r in rows]
    random.Random(0).shuffle(rows)  # no KPI may depend on the order of rows
    frame = pd.DataFrame(
        rows, columns=["customer_id", "timestamp", "event", "amount", "order_id", "score"]
    )
    return read_events(frame).events


def shuffled(events: pd.DataFrame) -> pd.DataFrame:
    """The same log, its rows in another order: no KPI may depend on it."""
    return events.sample(frac=1, random_state=0).reset_index(drop=True)


def ours(events: pd.DataFrame, **options) -> dict[str, float]:
    report = kpis.kpi_report(events, milestones=STEPS, **options)
    return dict(zip(report["key"], report["value"].astype(float), strict=True))


def assert_same_as_ours(theirs: dict[str, float], events: pd.DataFrame, **options) -> None:
    expected = ours(events, **options)
    assert set(theirs) == set(expected)
    for key, value in expected.items():
        if math.isnan(value):
            assert math.isnan(theirs[key]), key
        else:
            assert theirs[key] == pytest.approx(value, rel=1e-12, abs=1e-12), key


FUNNEL_LOG = shuffled(kpi_tests.FUNNEL_LOG)


def test_the_funnel_counts_steps_in_order_within_the_window(engine):
    values = engine(FUNNEL_LOG, within_days=30)
    # entered: 1-5; trial in order: 1, 4, 5; bought after the trial within 30 days: 1, 4
    assert values["funnel:free_trial"] == pytest.approx(3 / 5)
    assert values["funnel:core_purchase"] == pytest.approx(2 / 5)
    # waits of 1, 0 and 2 days, then of 3 and 0 days
    assert values["days:download->free_trial"] == pytest.approx(1.0)
    assert values["days:free_trial->core_purchase"] == pytest.approx(1.5)
    assert_same_as_ours(values, FUNNEL_LOG, within_days=30)
    # a wider window lets customer 5 in
    assert engine(FUNNEL_LOG, within_days=90)["funnel:core_purchase"] == pytest.approx(3 / 5)


MONEY_LOG = shuffled(kpi_tests.MONEY_LOG)


def test_orders_are_distinct_order_ids_and_lone_purchases(engine):
    values = engine(MONEY_LOG, margin=0.5, discount_rate=0.1)
    assert values["average_order_value"] == pytest.approx(220 / 3)
    assert values["repeat_purchase_rate"] == pytest.approx(1 / 2)
    assert values["historic_clv"] == pytest.approx(110)
    assert values["predictive_clv"] == pytest.approx(0.5 * 110 * 1.1 / (1.1 - 0.5))
    assert_same_as_ours(values, MONEY_LOG, margin=0.5, discount_rate=0.1)


def test_the_window_limits_what_every_kpi_reads(engine):
    later = engine(MONEY_LOG, start="2024-01-15")
    assert later["average_order_value"] == pytest.approx(20)  # order B only
    assert_same_as_ours(later, MONEY_LOG, start="2024-01-15")
    earlier = engine(MONEY_LOG, end="2024-01-02")
    assert earlier["historic_clv"] == pytest.approx(100)
    assert_same_as_ours(earlier, MONEY_LOG, end="2024-01-02")


REACTIVATION_LOG = log(
    (1, "2024-01-01", "core_purchase", 100),
    (1, "2024-01-10", "visit"),
    (1, "2024-04-01", "repeat_purchase", 20),  # back after 82 days
    (1, "2024-05-15", "visit"),
    (2, "2024-01-01", "core_purchase", 100),
    (2, "2024-03-15", "visit"),  # 74 days away, but came back without buying
    (2, "2024-06-01", "visit"),
    (3, "2024-01-01", "core_purchase", 100),
    *[(3, f"2024-0{m}-01", "visit") for m in (2, 3, 4, 5)],
    (3, "2024-06-01", "visit"),
    (4, "2024-01-01", "core_purchase", 100),
    (4, "2024-01-02", "visit"),  # silent ever since: dormant at the end of the log
    (5, "2024-01-01", "visit"),  # a long gap before buying does not count
    (5, "2024-04-15", "core_purchase", 100),
    (6, "2024-01-01", "core_purchase", 100),
    (6, "2024-03-01", "visit"),  # exactly 60 days, and a purchase in the same instant
    (6, "2024-03-01", "repeat_purchase", 20),
    (6, "2024-04-15", "visit"),
    (6, "2024-06-01", "visit"),
)


def test_reactivation_reads_gaps_from_the_first_purchase_with_a_purchase_first_on_a_tie(engine):
    # dormant: 1, 2, 4 and 6 (60 days to the tie counts); back and buying: 1 and 6
    values = engine(REACTIVATION_LOG, dormant_days=60)
    assert values["reactivation_rate"] == pytest.approx(2 / 4)
    assert_same_as_ours(values, REACTIVATION_LOG, dormant_days=60)
    # 80 days: only 1 (82 days, then a purchase) and 4 (silent to the end) were dormant
    assert engine(REACTIVATION_LOG, dormant_days=80)["reactivation_rate"] == pytest.approx(1 / 2)


COHORT_LOG = shuffled(kpi_tests.COHORT_LOG)


def test_retention_counts_any_event_in_the_calendar_month_after_the_first_purchase(engine):
    # January's cohort (1, 2): 1 came back in February; February's (3): back in March
    values = engine(COHORT_LOG)
    assert values["retention_month_1"] == pytest.approx(2 / 3)
    assert values["churn_month_1"] == pytest.approx(1 / 3)
    assert_same_as_ours(values, COHORT_LOG)
    # a window ending in February follows only January's cohort to its month 1
    assert engine(COHORT_LOG, end="2024-03-01")["retention_month_1"] == pytest.approx(1 / 2)


def test_upsell_referrals_and_survey_answers(engine):
    events = log(
        *[(c, "2024-01-10", "upsell_offer") for c in (1, 2, 3, 4)],
        (1, "2024-01-12", "upsell", 240),
        (2, "2024-02-20", "upsell", 240),  # too late
        (3, "2024-01-05", "upsell", 240),  # before the offer
        (5, "2024-01-12", "upsell", 240),  # never offered: not in the count
        (1, "2024-02-01", "referral"),
        (1, "2024-03-01", "referral"),  # a second referral: one referring customer
        (6, "2024-02-01", "referral"),  # not a customer
        (1, "2024-02-01", "Survey", None, None, 5),  # survey names match ignoring case
        (2, "2024-02-01", "survey", None, None, 4),
        (3, "2024-02-01", "SURVEY", None, None, 2),
        (4, "2024-02-01", "survey"),  # no answer: not counted
        (1, "2024-02-01", "nps", None, None, 10),
        (2, "2024-02-01", "Nps", None, None, 7),
        (3, "2024-02-01", "nps", None, None, 3),
        (4, "2024-02-01", "nps", None, None, 9),
    )
    values = engine(events, upsell_within_days=30)
    assert values["upsell_conversion"] == pytest.approx(1 / 4)
    assert values["referral_rate"] == pytest.approx(1 / 4)  # buyers: 1, 2, 3, 5
    assert values["csat"] == pytest.approx(2 / 3)
    assert values["nps"] == pytest.approx(100 * (2 - 1) / 4)
    assert_same_as_ours(values, events, upsell_within_days=30)
    assert engine(events, upsell_within_days=60)["upsell_conversion"] == pytest.approx(2 / 4)


def test_a_log_without_purchases_has_no_money_kpis(engine):
    events = log((1, "2024-01-01", "download"), (2, "2024-03-02", "download"))
    values = engine(events)
    for key in ("average_order_value", "historic_clv", "retention_month_1", "reactivation_rate"):
        assert math.isnan(values[key]), key
    assert values["funnel:core_purchase"] == 0.0  # measured: nobody bought
    assert_same_as_ours(values, events)


@pytest.fixture(scope="module")
def simulated() -> pd.DataFrame:
    return simulate_events(sample_milestones(), customers=20_000, seed=5)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"within_days": 20, "upsell_within_days": 7, "dormant_days": 30, "margin": 0.4},
        {"start": "2024-02-01", "end": "2024-11-15 12:00"},
    ],
    ids=["defaults", "other thresholds", "window"],
)
def test_every_kpi_agrees_with_kpi_report_on_a_simulated_log(engine, simulated, options):
    assert len(simulated) > 60_000
    values = engine(simulated, **options)
    assert not any(math.isnan(v) for v in values.values())
    assert_same_as_ours(values, simulated, **options)
