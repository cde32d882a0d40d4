"""The simulator: the same seed gives the same log, and the log behaves like a real one."""

from __future__ import annotations

import time
from itertools import pairwise
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from journey_lessons import Milestone, MilestoneMap, Stage, sample_milestones
from journey_lessons.events import COLUMNS, read_events, touchpoint_events
from journey_lessons.journey import sample_journey
from journey_lessons.paths import PathSet
from journey_lessons.simulate import Conversion, SimulationSettings, simulate_events


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return simulate_events(sample_milestones(), customers=3000, seed=7)


def test_the_same_seed_gives_the_same_log_and_another_seed_another():
    first = simulate_events(sample_milestones(), customers=500, seed=3)
    again = simulate_events(sample_milestones(), customers=500, seed=3)
    other = simulate_events(sample_milestones(), customers=500, seed=4)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_the_log_is_in_the_schema_sorted_and_inside_the_period(log):
    assert tuple(log.columns) == COLUMNS
    assert log["timestamp"].is_monotonic_increasing
    assert log["timestamp"].min() >= pd.Timestamp("2024-01-01")
    assert log["timestamp"].max() < pd.Timestamp("2025-01-01")
    assert (log["timestamp"].dt.microsecond == 0).all()  # whole seconds
    assert set(log["customer_id"].unique()) <= set(range(1, 3001))
    # a simulated log passes the same checks as a learner's, with nothing set aside
    assert read_events(log).report.rows_set_aside == 0


def test_every_customer_starts_at_the_first_milestone_and_buys_after_the_trial(log):
    firsts = log.groupby("customer_id", observed=True)["event"].first()
    assert (firsts == "download").all()
    assert log.loc[log["event"] == "download", "customer_id"].nunique() == 3000
    trial = log[log["event"] == "free_trial"].groupby("customer_id")["timestamp"].min()
    bought = log[log["event"] == "core_purchase"].groupby("customer_id")["timestamp"].min()
    assert set(bought.index) <= set(trial.index)
    assert (bought >= trial[bought.index]).all()
    # a share converts at each step, not everyone, not no one
    assert 0.2 < len(trial) / 3000 < 0.5
    assert 0.2 < len(bought) / len(trial) < 0.6


def test_purchases_carry_amounts_and_their_own_order_ids(log):
    paid = log[log["amount"].notna()]
    assert set(paid["event"].astype(str)) == {
        "core_purchase",
        "upsell",
        "repeat_purchase",
        "reactivation",
    }
    assert (paid["amount"] > 0).all()
    assert paid["order_id"].notna().all() and paid["order_id"].is_unique
    assert log.loc[log["amount"].isna(), "order_id"].isna().all()
    assert (log.loc[log["event"] == "core_purchase", "amount"] == 199.0).all()


def test_surveys_answer_on_their_scales_and_the_rest_have_no_score(log):
    survey = log.loc[log["event"] == "survey", "score"]
    nps = log.loc[log["event"] == "nps", "score"]
    assert survey.between(1, 5).all() and len(survey) > 0
    assert nps.between(0, 10).all() and len(nps) > 0
    assert log.loc[~log["event"].isin(["survey", "nps"]), "score"].isna().all()


def test_upsells_follow_offers_and_reactivations_follow_lapses(log):
    def first(event: str) -> pd.Series:
        return log[log["event"] == event].groupby("customer_id")["timestamp"].min()

    offer, upsell = first("upsell_offer"), first("upsell")
    assert set(upsell.index) <= set(offer.index)
    assert (upsell >= offer[upsell.index]).all()
    lapse, back = first("lapse"), first("reactivation")
    assert set(back.index) <= set(lapse.index)
    assert (back > lapse[back.index]).all()


def test_settings_by_name_override_the_kind_defaults():
    everyone = SimulationSettings(overrides={"Start the 14-day free trial": Conversion(1.0, 0.0)})
    log = simulate_events(sample_milestones(), customers=400, seed=1, settings=everyone)
    assert log.loc[log["event"] == "free_trial", "customer_id"].nunique() == 400
    nobody = SimulationSettings(steps={"core_purchase": Conversion(0.0, 5)})
    log = simulate_events(sample_milestones(), customers=400, seed=1, settings=nobody)
    assert log["amount"].isna().all()
    with pytest.raises(ValueError):
        Conversion(1.5, 3)


def test_a_plan_a_custom_milestone_and_a_map_without_core_all_simulate():
    own = MilestoneMap.from_columns(
        core=None,
        before=[Milestone("Join the club", Stage.BEFORE, "custom")],
        after=[Milestone("Renew", Stage.AFTER, "renewal")],
    )
    plan = SimpleNamespace(milestones=own, paths=())
    log = simulate_events(plan, customers=300, seed=2, days=500)
    events = set(log["event"].astype(str))
    assert {"join_the_club", "core_purchase", "renewal"} <= events
    assert (log.loc[log["event"] == "renewal", "amount"] == 199.0).all()


def test_a_million_events_take_a_few_seconds():
    begin = time.perf_counter()
    log = simulate_events(sample_milestones(), customers=270_000, seed=0)
    elapsed = time.perf_counter() - begin
    assert len(log) > 900_000
    assert elapsed < 8, f"{elapsed:.1f} s for {len(log)} events"
    assert log.memory_usage(deep=True).sum() / len(log) < 60  # bytes per event
    assert np.issubdtype(log["customer_id"].dtype, np.integer)


# -- a journey plan: touchpoints on the paths ---------------------------------------------


@pytest.fixture(scope="module")
def plan_log() -> pd.DataFrame:
    return simulate_events(sample_journey(), customers=6000, seed=5)


def first_met(log: pd.DataFrame, event: str) -> pd.Series:
    return log[log["event"] == event].groupby("customer_id")["timestamp"].min()


def test_a_plan_logs_each_touchpoint_met_under_its_own_event(plan_log):
    events = set(plan_log["event"].astype(str))
    assert set(touchpoint_events(sample_journey())) <= events
    assert isinstance(plan_log["event"].dtype, pd.CategoricalDtype)
    assert read_events(plan_log).report.rows_set_aside == 0
    # touchpoint rows are neither purchases nor answers
    touch = plan_log["event"].astype(str).str.startswith("touchpoint:")
    assert plan_log.loc[touch, ["amount", "score"]].isna().all().all()


def test_touchpoints_are_met_in_path_order_between_the_milestones(plan_log):
    plan = sample_journey()
    names = iter(touchpoint_events(plan))
    checked = 0
    for path in plan.paths.paths:
        met = [first_met(plan_log, next(names)) for _ in path.touchpoints]
        for earlier, later in pairwise(met):
            both = earlier.index.intersection(later.index)
            assert len(both) > 50
            assert (earlier[both] <= later[both]).all()
            checked += len(both)
    assert checked > 5000
    # on the way from the download to the trial: after the one, before the other
    download, trial = first_met(plan_log, "download"), first_met(plan_log, "free_trial")
    invited = first_met(plan_log, "touchpoint:Free trial invitation")
    assert (invited >= download[invited.index]).all()
    converted = invited.index.intersection(trial.index)
    assert len(converted) > 100 and (trial[converted] >= invited[converted]).all()


def test_the_waits_between_touchpoints_follow_their_wait_days(plan_log):
    def median_days(a: str, b: str, log: pd.DataFrame = plan_log) -> float:
        first, second = first_met(log, f"touchpoint:{a}"), first_met(log, f"touchpoint:{b}")
        both = first.index.intersection(second.index)
        return (second[both] - first[both]).dt.total_seconds().median() / 86_400

    # the sample says 4 days, then 9 days
    assert median_days("Welcome email with the day-1 video", "Day-4 check-in email") == (
        pytest.approx(4, rel=0.1)
    )
    assert median_days(
        "Live class reminder on trial day 3", "Trial-ending offer: 20% off the annual plan"
    ) == pytest.approx(9, rel=0.1)
    # a touchpoint without wait_days waits touchpoint_wait_days
    settings = SimulationSettings(touchpoint_wait_days=6)
    log = simulate_events(sample_journey(), customers=6000, seed=5, settings=settings)
    assert median_days(
        "Win-back email after 21 days inactive", "Renewal reminder 30 days before term end", log
    ) == pytest.approx(6, rel=0.15)


def test_a_plan_simulates_the_same_log_for_the_same_seed():
    plan = sample_journey()
    first = simulate_events(plan, customers=500, seed=3)
    pd.testing.assert_frame_equal(first, simulate_events(plan, customers=500, seed=3))
    assert not first.equals(simulate_events(plan, customers=500, seed=4))


def test_touchpoints_decide_who_converts_not_how_many(plan_log):
    # the share of downloaders who start a trial stays the step's 35%
    downloads = first_met(plan_log, "download")
    trials = first_met(plan_log, "free_trial")
    assert len(trials) / len(downloads) == pytest.approx(0.35, abs=0.03)
    # those who met a touchpoint they liked (emotion +1) convert more than a neutral one's
    liked = first_met(plan_log, "touchpoint:Free trial invitation").index
    neutral = first_met(plan_log, "touchpoint:Day-4 check-in email").index
    assert trials.index.isin(liked).sum() / len(liked) > (
        1.2 * trials.index.isin(neutral).sum() / len(neutral)
    )


def test_a_plan_without_paths_gives_the_plain_maps_log():
    plan = sample_journey().replace(paths=PathSet())
    pd.testing.assert_frame_equal(
        simulate_events(plan, customers=800, seed=9),
        simulate_events(sample_milestones(), customers=800, seed=9),
    )


def test_a_million_events_from_a_plan_take_a_few_seconds():
    begin = time.perf_counter()
    log = simulate_events(sample_journey(), customers=145_000, seed=0)
    elapsed = time.perf_counter() - begin
    assert len(log) > 900_000
    assert elapsed < 8, f"{elapsed:.1f} s for {len(log)} events"
    assert log.memory_usage(deep=True).sum() / len(log) < 60  # bytes per event
