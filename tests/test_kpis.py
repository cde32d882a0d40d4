"""KPIs on small logs worked out by hand, and agreement with an independent DuckDB version."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest
from kpi_reference import disagreements, duckdb_kpis
from matplotlib.colors import to_hex

from journey_lessons import draw, kpis, sample_milestones
from journey_lessons.draw._kpis import STATUS_COLOURS, cohort_heatmap, funnel, kpi_dashboard
from journey_lessons.events import read_events
from journey_lessons.journey import JourneyPlan, sample_journey
from journey_lessons.lifecycle import LifecycleStep
from journey_lessons.moscow import Priority, reprioritize
from journey_lessons.paths import Path, PathSet, Touchpoint
from journey_lessons.simulate import SimulationSettings, simulate_events

STEPS = ["download", "free_trial", "core_purchase"]


def log(*rows: tuple) -> pd.DataFrame:
    """A log from (customer, time, event[, amount[, order id[, score]]]) rows, shuffled."""
    rows = [tuple(r) + (None,) * (6 - len(r)) for r in rows]
    random.Random(0).shuffle(rows)  # KPIs must not depend on the order of rows
    frame = pd.DataFrame(
        rows, columns=["customer_id", "timestamp", "event", "amount", "order_id", "score"]
    )
    return read_events(frame).events


FUNNEL_LOG = log(
    (1, "2024-01-01", "download"),
    (1, "2024-01-02", "free_trial"),
    (1, "2024-01-05", "core_purchase", 199),
    (2, "2024-01-01", "download"),
    (2, "2024-01-03", "core_purchase", 199),  # skipped the trial
    (3, "2024-01-01", "free_trial"),  # trial before the download: out of order
    (3, "2024-01-02", "download"),
    (3, "2024-01-03", "core_purchase", 199),
    (4, "2024-01-01 10:00", "download"),  # three milestones in the same instant
    (4, "2024-01-01 10:00", "free_trial"),
    (4, "2024-01-01 10:00", "core_purchase", 199),
    (5, "2024-01-01", "download"),
    (5, "2024-01-03", "free_trial"),
    (5, "2024-03-01", "core_purchase", 199),  # 60 days: outside a 30-day window
    (6, "2024-01-01", "visit"),  # never enters the funnel
)


def test_the_funnel_counts_steps_in_order_within_the_window():
    table = kpis.funnel(FUNNEL_LOG, STEPS, within_days=30)
    assert table["customers"].tolist() == [5, 3, 2]
    assert table["from_previous"].tolist() == pytest.approx([1.0, 3 / 5, 2 / 3])
    assert table["from_first"].tolist() == pytest.approx([1.0, 3 / 5, 2 / 5])
    # a wider window lets customer 5 in
    assert kpis.funnel(FUNNEL_LOG, STEPS, within_days=90)["customers"].tolist() == [5, 3, 3]


def test_the_funnel_of_a_map_shows_the_learners_milestone_names():
    table = kpis.funnel(FUNNEL_LOG, sample_milestones(), within_days=30)
    assert table["milestone"].tolist() == [
        "Download the 7-day beginner plan",
        "Start the 14-day free trial",
        "Buy the annual membership",
    ]
    assert table["event"].tolist() == STEPS


def test_time_between_milestones_counts_only_those_who_converted():
    table = kpis.time_between(FUNNEL_LOG, STEPS, within_days=30)
    first, second = table.to_dict("records")
    # waits of 1, 0 and 2 days; then 3 and 0 days
    assert first["customers"] == 3
    assert (first["q1_days"], first["median_days"], first["q3_days"]) == pytest.approx(
        (0.5, 1.0, 1.5)
    )
    assert second["customers"] == 2
    assert second["median_days"] == pytest.approx(1.5)


MONEY_LOG = log(
    (1, "2024-01-01", "core_purchase", 100, "A"),
    (1, "2024-02-01", "repeat_purchase", 10, "B"),  # one order on two rows
    (1, "2024-02-01", "repeat_purchase", 10, "B"),
    (2, "2024-01-05", "core_purchase", 100),  # no order id: an order of its own
    (3, "2024-01-05", "download"),
)


def test_average_order_value_is_revenue_over_distinct_orders():
    assert kpis.average_order_value(MONEY_LOG) == pytest.approx(220 / 3)


def test_repeat_purchase_rate_counts_orders_not_rows():
    assert kpis.repeat_purchase_rate(MONEY_LOG) == pytest.approx(1 / 2)
    assert kpis.repeat_purchase_rate(MONEY_LOG, end="2024-01-31") == 0.0


def test_lifetime_value_historic_and_predictive():
    assert kpis.historic_clv(MONEY_LOG) == pytest.approx(110)
    predictive = kpis.predictive_clv(MONEY_LOG, margin=0.5, retention=0.5, discount_rate=0.1)
    assert predictive == pytest.approx(0.5 * 110 * 1.1 / 0.6)
    # without a retention, the repeat purchase rate stands in
    assert kpis.predictive_clv(MONEY_LOG, margin=0.5, discount_rate=0.1) == pytest.approx(
        predictive
    )
    with pytest.raises(ValueError):
        kpis.predictive_clv(MONEY_LOG, margin=1.5)


def test_upsell_conversion_counts_acceptances_after_the_offer_within_the_window():
    events = log(
        *[(c, "2024-01-10", "upsell_offer") for c in (1, 2, 3, 4)],
        (1, "2024-01-12", "upsell", 240),
        (2, "2024-02-20", "upsell", 240),  # too late
        (3, "2024-01-05", "upsell", 240),  # before the offer
        (5, "2024-01-12", "upsell", 240),  # never offered: not in the count
    )
    assert kpis.upsell_conversion(events, within_days=30) == pytest.approx(1 / 4)
    assert kpis.upsell_conversion(events, within_days=60) == pytest.approx(2 / 4)


def test_referral_rate_counts_referring_customers_not_referrals():
    events = log(
        *[(c, "2024-01-01", "core_purchase", 100) for c in (1, 2, 3)],
        (1, "2024-02-01", "referral"),
        (1, "2024-03-01", "referral"),
        (4, "2024-02-01", "referral"),  # not a customer
    )
    assert kpis.referral_rate(events) == pytest.approx(1 / 3)


REACTIVATION_LOG = log(
    (1, "2024-01-01", "core_purchase", 100),
    (1, "2024-01-10", "visit"),
    (1, "2024-04-01", "repeat_purchase", 20),  # back after 82 days
    (1, "2024-05-15", "visit"),
    (2, "2024-01-01", "core_purchase", 100),
    (2, "2024-03-15", "visit"),  # 74 days away, but came back without buying
    (2, "2024-06-01", "visit"),
    (3, "2024-01-01", "core_purchase", 100),
    *[
        (3, day, "visit")
        for day in (
            "2024-01-31",
            "2024-03-01",
            "2024-03-31",
            "2024-04-30",
            "2024-05-30",
            "2024-06-01",
        )
    ],
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


def test_reactivation_rate_reads_gaps_from_the_first_purchase_on():
    # dormant: 1, 2, 4 and 6 (a gap of exactly 60 days counts); back and buying: 1 and 6
    assert kpis.reactivation_rate(REACTIVATION_LOG, dormant_days=60) == pytest.approx(2 / 4)
    # with a longer threshold only customer 1 (82 days) and 4 (151 days) were dormant
    assert kpis.reactivation_rate(REACTIVATION_LOG, dormant_days=80) == pytest.approx(1 / 2)


def test_csat_and_nps_from_answers():
    events = log(
        *[(i, "2024-02-01", "survey", None, None, s) for i, s in enumerate([5, 4, 3, 1], 1)],
        (9, "2024-02-01", "survey"),  # no answer: not counted
        *[(i, "2024-02-01", "nps", None, None, s) for i, s in enumerate([10, 9, 9, 7, 3], 1)],
    )
    assert kpis.csat(events) == pytest.approx(0.5)
    assert kpis.nps(events) == pytest.approx(40.0)


def test_survey_answers_count_whatever_the_case_of_their_event_name():
    # read_events checks 'Survey' scores on the 1-5 scale; the KPIs must count them too
    events = log(
        (1, "2024-02-01", "Survey", None, None, 5),
        (2, "2024-02-01", "SURVEY", None, None, 2),
        (3, "2024-02-01", "Nps", None, None, 10),
        (1, "2024-01-01", "core_purchase", 10),
    )
    assert kpis.csat(events) == pytest.approx(0.5)
    assert kpis.nps(events) == pytest.approx(100.0)
    codes = {f.code for f in kpis.check_events(events, STEPS)}
    assert "no_survey" not in codes and "no_nps" not in codes


def test_an_event_name_that_differs_only_in_case_is_named_in_the_finding():
    events = log((1, "2024-01-01", "Core_Purchase", 10), (1, "2024-01-02", "Referral"))
    found = kpis.check_events(events, STEPS)
    step = next(f for f in found if f.code == "missing_step" and "core_purchase" in f.message)
    assert "'Core_Purchase', which differs only in case" in step.hint
    referral = next(f for f in found if f.code == "no_referrals")
    assert "'Referral'" in referral.hint


COHORT_LOG = log(
    (1, "2024-01-15", "core_purchase", 100),
    (1, "2024-02-10", "visit"),
    (1, "2024-04-02", "visit"),
    (2, "2024-01-20", "core_purchase", 100),
    (2, "2024-03-05", "visit"),
    (3, "2024-02-01", "core_purchase", 100),
    (3, "2024-03-01", "visit"),
    (4, "2024-01-01", "visit"),  # never bought: in no cohort
)


def test_the_cohort_table_by_month_of_first_purchase():
    table = kpis.cohort_table(COHORT_LOG)
    assert table.index.tolist() == ["2024-01", "2024-02"]
    assert table["customers"].tolist() == [2, 1]
    assert table.loc["2024-01", [0, 1, 2, 3]].tolist() == [1.0, 0.5, 0.5, 0.5]
    february = table.loc["2024-02", [0, 1, 2, 3]].tolist()
    assert february[:3] == [1.0, 1.0, 0.0] and math.isnan(february[3])  # April is its month 2
    churn = kpis.cohort_table(COHORT_LOG, measure="churn")
    assert churn.loc["2024-01", 1] == pytest.approx(0.5)


def test_retention_and_churn_weigh_every_cohort_the_log_follows():
    assert kpis.retention_rate(COHORT_LOG) == pytest.approx(2 / 3)
    assert kpis.churn_rate(COHORT_LOG) == pytest.approx(1 / 3)
    assert kpis.retention_rate(COHORT_LOG, month=3) == pytest.approx(1 / 2)


def test_a_log_with_no_purchase_reports_no_data_and_says_why():
    events = log((1, "2024-01-01", "download"), (2, "2024-01-02", "download"))
    assert math.isnan(kpis.average_order_value(events))
    assert math.isnan(kpis.repeat_purchase_rate(events))
    assert math.isnan(kpis.reactivation_rate(events))
    assert kpis.cohort_table(events).empty
    report = kpis.kpi_report(events, milestones=STEPS)
    status = dict(zip(report["key"], report["status"], strict=True))
    assert status["average_order_value"] == "no data"
    assert status["funnel:core_purchase"] == "no target"  # measured: nobody bought
    found = kpis.check_events(events, STEPS)
    assert {"no_purchases", "missing_step", "no_survey"} <= found.codes
    missing = next(f for f in found if f.code == "missing_step")
    assert "free_trial" in missing.message and "download" in missing.hint


def test_one_customer_is_measured_too():
    events = log(
        (1, "2024-01-01", "download"),
        (1, "2024-01-01", "free_trial"),
        (1, "2024-01-10", "core_purchase", 199, "X"),
    )
    assert kpis.funnel(events, STEPS)["from_first"].tolist() == [1.0, 1.0, 1.0]
    assert kpis.average_order_value(events) == 199
    assert kpis.repeat_purchase_rate(events) == 0.0
    assert math.isnan(kpis.retention_rate(events))  # the log ends in the month of purchase


def test_the_window_limits_what_every_kpi_reads():
    assert kpis.average_order_value(MONEY_LOG, start="2024-01-15") == pytest.approx(20)
    assert kpis.historic_clv(MONEY_LOG, end="2024-01-02") == pytest.approx(100)


def test_the_report_compares_each_kpi_with_its_target_in_the_right_direction():
    report = kpis.kpi_report(
        FUNNEL_LOG,
        targets={"funnel:core_purchase": 0.5, "Average order value": 150, "churn_month_1": 0.5},
        milestones=sample_milestones(),
        within_days=30,
    )
    rows = report.set_index("key")
    assert list(report.columns) == ["key", "kpi", "value", "unit", "target", "better", "status"]
    assert rows.loc["funnel:core_purchase", "value"] == pytest.approx(0.4)
    assert rows.loc["funnel:core_purchase", "status"] == "not met"
    assert rows.loc["average_order_value", "status"] == "met"  # 199 >= 150
    assert rows.loc["upsell_conversion", "status"] == "no data"
    assert rows.loc["referral_rate", "status"] == "no target"
    assert rows.loc["churn_month_1", "better"] == "lower"
    assert "Buy the annual membership" in rows.loc["funnel:core_purchase", "kpi"]
    with pytest.raises(ValueError, match="no KPI is called 'upsell'"):
        kpis.kpi_report(FUNNEL_LOG, targets={"upsell": 0.3})


@pytest.fixture(scope="module")
def simulated() -> pd.DataFrame:
    return simulate_events(sample_milestones(), customers=13_000, seed=11)


def test_the_report_agrees_with_duckdb_on_a_simulated_log(simulated):
    assert 40_000 < len(simulated) < 70_000
    report = kpis.kpi_report(simulated)
    assert disagreements(report, duckdb_kpis(simulated, STEPS)) == []
    assert not report["value"].isna().any()


def test_the_report_agrees_with_duckdb_with_other_thresholds(simulated):
    options = {
        "within_days": 20,
        "upsell_within_days": 7,
        "dormant_days": 30,
        "margin": 0.4,
        "discount_rate": 0.2,
    }
    report = kpis.kpi_report(simulated, **options)
    assert disagreements(report, duckdb_kpis(simulated, STEPS, **options)) == []


# -- drawings -------------------------------------------------------------------------------


def texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_the_funnel_drawing_shows_names_counts_and_conversions():
    fig = funnel(kpis.funnel(FUNNEL_LOG, sample_milestones(), within_days=30))
    assert isinstance(fig, draw.Drawing)
    drawn = "\n".join(texts(fig))
    assert "Buy the annual membership" in drawn
    assert "2 customers" in drawn and "40.0% of first" in drawn and "66.7% of previous" in drawn
    bars = [p.get_width() for p in fig.axes[0].patches]
    assert bars == sorted(bars, reverse=True)  # the first step is the widest
    assert "Buy the annual membership: 2 customers" in fig.alt_text


def test_the_cohort_heatmap_shows_each_measured_month():
    fig = cohort_heatmap(kpis.cohort_table(COHORT_LOG))
    assert texts(fig).count("100%") == 3 and texts(fig).count("50%") == 3
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["2024-01 (2)", "2024-02 (1)"]
    assert "2 cohorts from 2024-01 to 2024-02" in fig.alt_text
    empty = cohort_heatmap(kpis.cohort_table(log((1, "2024-01-01", "visit"))))
    assert "no purchase" in empty.alt_text


def test_the_dashboard_colours_each_kpi_by_its_status(simulated):
    report = kpis.kpi_report(simulated, targets=kpis.sample_targets())
    fig = kpi_dashboard(report)
    colours = {to_hex(p.get_facecolor()) for p in fig.axes[0].patches}
    assert {STATUS_COLOURS["met"], STATUS_COLOURS["not met"]} <= colours
    assert len(fig.axes[0].get_yticklabels()) == len(report)
    met = int((report["status"] == "met").sum())
    assert f"{met} met" in fig.alt_text
    assert "<img" in fig._repr_html_()


# -- touchpoints --------------------------------------------------------------------------


def small_plan() -> JourneyPlan:
    step = LifecycleStep.CONVERT
    paths = PathSet(
        (
            Path(
                "Start the 14-day free trial",
                "Buy the annual membership",
                (Touchpoint("Reminder", step), Touchpoint("Offer", step)),
            ),
        )
    )
    return JourneyPlan(
        milestones=sample_milestones(), paths=paths, kpi_targets={"touchpoint: offer": 0.6}
    )


TOUCHPOINT_LOG = log(
    (1, "2024-01-01", "touchpoint:Reminder"),
    (1, "2024-01-05", "touchpoint:Offer"),
    (1, "2024-01-07", "core_purchase", 199),  # met both, then bought
    (2, "2024-01-01", "touchpoint:Reminder"),  # met the reminder, never bought
    (3, "2024-01-02", "touchpoint:Offer"),
    (3, "2024-01-01", "core_purchase", 199),  # bought before the offer: not its doing
    (4, "2024-01-01", "touchpoint:Reminder"),
    (4, "2024-03-01", "core_purchase", 199),  # 60 days later: outside a 30-day window
    (5, "2024-01-03", "core_purchase", 199),  # met no touchpoint: in no count
)


def test_touchpoint_results_count_who_met_it_and_then_reached_the_path_end():
    results = kpis.touchpoint_results(TOUCHPOINT_LOG, small_plan(), within_days=30)
    assert set(results) == {"Reminder", "Offer"}
    reminder, offer = results["Reminder"], results["Offer"]
    # met the reminder: 1, 2, 4; bought within 30 days of it: 1
    assert reminder.value == pytest.approx(1 / 3)
    # no target set: the path's conversion over all who met any touchpoint (1 of 1-4)
    assert reminder.target == pytest.approx(1 / 4)
    # met the offer: 1, 3; only 1 bought after it; the plan's target (name as typed)
    assert (offer.value, offer.target) == pytest.approx((1 / 2, 0.6))
    assert "'Buy the annual membership' within 30 days" in offer.kpi
    # a wider window lets customer 4 in
    wider = kpis.touchpoint_results(TOUCHPOINT_LOG, small_plan(), within_days=90)
    assert (wider["Reminder"].value, wider["Reminder"].target) == pytest.approx((2 / 3, 2 / 4))


def test_a_touchpoint_nobody_met_is_left_out():
    only_reminders = TOUCHPOINT_LOG[TOUCHPOINT_LOG["event"] != "touchpoint:Offer"]
    assert set(kpis.touchpoint_results(only_reminders, small_plan())) == {"Reminder"}


@pytest.fixture(scope="module")
def plan_log() -> pd.DataFrame:
    return simulate_events(sample_journey(), customers=20_000, seed=1)


def test_the_simulated_sample_suggests_moves_with_their_numbers(plan_log):
    plan = sample_journey()
    results = kpis.touchpoint_results(plan_log, plan)
    assert set(results) == set(plan.touchpoint_names())
    moves = reprioritize(plan.board, results)
    assert len(moves) >= 1
    call = next(s for s in moves if s.touchpoint == "Progress review call")
    assert (call.kind, call.current, call.suggested) == ("promote", Priority.SHOULD, Priority.MUST)
    measured = results["Progress review call"]
    assert measured.margin >= 0.2
    assert f"{measured.value:g}" in call.reason and f"{measured.target:g}" in call.reason
    assert "Promote from Should to Must" in call.reason
    # without the emotion lift no touchpoint stands out enough to move
    flat = simulate_events(
        plan, customers=20_000, seed=1, settings=SimulationSettings(emotion_lift=0)
    )
    assert len(reprioritize(plan.board, kpis.touchpoint_results(flat, plan))) == 0


def test_the_report_takes_a_plans_targets_with_touchpoint_targets_among_them(plan_log):
    plan = sample_journey()
    targets = {**plan.kpi_targets, "touchpoint:Progress review call": 0.3}
    report = kpis.kpi_report(plan_log, targets, plan)
    assert not report["key"].str.startswith("touchpoint:").any()
    assert kpis.touchpoint_results(plan_log, plan.replace(kpi_targets=targets))[
        "Progress review call"
    ].target == pytest.approx(0.3)


def test_the_report_agrees_with_duckdb_on_a_plans_log(plan_log):
    report = kpis.kpi_report(plan_log)
    assert disagreements(report, duckdb_kpis(plan_log, STEPS)) == []


def test_kpi_values_are_shown_as_a_learner_reads_them():
    shown = kpis.shown(upsell_conversion=0.28735632183908044, nps=-12.5, average_order_value=150)
    assert repr(shown).splitlines() == [
        "Upsell conversion rate: 28.7%",
        "NPS: -12.5",
        "Average order value: 150.00",
    ]
    assert "28.7%" in shown._repr_html_() and "0.287" not in shown._repr_html_()
    assert shown["upsell_conversion"] == pytest.approx(0.287356, rel=1e-5)  # the number stays
    with pytest.raises(KeyError, match="no KPI is called upsell_rate"):
        kpis.shown(upsell_rate=0.3)


def test_the_readable_report_formats_value_and_target_by_unit():
    report = kpis.kpi_report(FUNNEL_LOG, {"funnel:core_purchase": 0.5}, STEPS, within_days=30)
    table = kpis.readable(report).set_index("key")
    assert table.loc["funnel:core_purchase", "value"] == "40.0%"
    assert table.loc["funnel:core_purchase", "target"] == "50.0%"
    assert table.loc["csat", "value"] == "—"  # no survey in this log
    # the report itself keeps numbers
    assert report.set_index("key").loc["funnel:core_purchase", "value"] == pytest.approx(0.4)
