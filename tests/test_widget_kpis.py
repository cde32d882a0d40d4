"""The KpiDashboard driven headless, and the KPI notebook's self-check."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from widget_support import drawn_html, sample_file

from journey_lessons import (
    JourneyPlan,
    Milestone,
    MilestoneMap,
    Stage,
    _rekey,
    kpis,
    load_journey,
    read_events,
    sample_journey,
    sample_targets,
    save_journey,
)
from journey_lessons.widgets import open_journey
from journey_lessons.widgets._kpis import MAX_CUSTOMERS, KpiDashboard, StaleTargetRow, TargetRow

CORE = "funnel:core_purchase"
CSV_COLUMNS = {
    "Client": "customer_id",
    "Date": "timestamp",
    "Action": "event",
    "Paid": "amount",
    "Order": "order_id",
    "Rating": "score",
}


@pytest.fixture(scope="module")
def sample() -> KpiDashboard:
    """One dashboard of the sample business, for the tests that only read it."""
    return KpiDashboard(sample_journey(), customers=500)


def alt_text(dashboard: KpiDashboard) -> str:
    return "".join(o["data"].get("text/plain", "") for o in dashboard.drawing.outputs)


def row_for(dashboard: KpiDashboard, key: str) -> TargetRow:
    return next(r for r in dashboard.target_rows.children if r.key == key)


def value_of(dashboard: KpiDashboard, key: str) -> float:
    report = dashboard.report()
    return float(report.loc[report["key"] == key, "value"].iloc[0])


def status_of(dashboard: KpiDashboard, key: str) -> str:
    report = dashboard.report()
    return str(report.loc[report["key"] == key, "status"].iloc[0])


def test_it_starts_from_the_targets_of_the_plan(sample):
    assert sample.plan == sample_journey()
    assert sample.targets == dict(sample_journey().kpi_targets)
    # every target of the plan has a box, in the report's order; the rest can be added
    keys = [r.key for r in sample.target_rows.children]
    assert keys == [
        "funnel:free_trial",
        CORE,
        "days:free_trial->core_purchase",
        "upsell_conversion",
        "average_order_value",
        "repeat_purchase_rate",
        "historic_clv",
        "retention_month_1",
        "churn_month_1",
        "referral_rate",
        "reactivation_rate",
        "csat",
        "nps",
    ]
    offered = [key for _, key in sample.new_target.options]
    assert offered[:2] == ["days:download->free_trial", "predictive_clv"]
    assert "touchpoint:Free trial invitation" in offered
    # shares are typed as percentages, and every box has its target ticked
    assert row_for(sample, "upsell_conversion").target.value == 30
    assert row_for(sample, "average_order_value").target.value == 150
    assert all(r.has_target.value for r in sample.target_rows.children)
    assert "No findings" in sample.findings_view.value
    assert "KPI report" in sample.table_view.value and "not met" in sample.table_view.value
    assert alt_text(sample).startswith("KPIs against targets: 15 KPIs; ")
    assert '<img src="data:image/svg+xml' in drawn_html(sample)


def test_the_table_matches_the_report_of_the_same_log(sample):
    report = kpis.kpi_report(sample.events, sample_journey().kpi_targets, sample_journey())
    assert list(report["status"]) == list(sample.report()["status"])
    met = int((report["status"] == "met").sum())
    assert f"{met} met" in sample.table_view.value


def test_every_learner_sees_the_same_numbers_for_the_same_seed(sample):
    other = KpiDashboard(sample_journey(), customers=500)
    assert other.report().equals(sample.report())
    other.seed.value = 7
    assert not other.report()["value"].equals(sample.report()["value"])


def test_the_price_slider_re_simulates_and_moves_the_money_kpis():
    dashboard = KpiDashboard(sample_journey(), customers=400)
    events, before = dashboard.events, alt_text(dashboard)
    aov = value_of(dashboard, "average_order_value")
    dashboard.price.value = 600
    assert dashboard.events is not events
    assert dashboard.settings().core_price == 600
    assert value_of(dashboard, "average_order_value") > aov
    assert value_of(dashboard, "historic_clv") > 400
    assert status_of(dashboard, "average_order_value") == "met"
    assert alt_text(dashboard) != before


def test_the_conversion_and_upsell_sliders_move_their_kpis():
    dashboard = KpiDashboard(sample_journey(), customers=1000)
    buy = value_of(dashboard, CORE)
    dashboard.conversion.value = 0.9
    assert value_of(dashboard, CORE) > 1.5 * buy
    assert dashboard.settings().step("core_purchase", "Buy the annual membership").conversion == 0.9

    dashboard.upsell.value = 0.0
    assert value_of(dashboard, "upsell_conversion") == 0
    assert status_of(dashboard, "upsell_conversion") == "not met"
    dashboard.upsell.value = 0.9
    assert value_of(dashboard, "upsell_conversion") > 0.6
    assert status_of(dashboard, "upsell_conversion") == "met"


def test_a_target_change_re_reads_the_log_without_re_simulating():
    dashboard = KpiDashboard(sample_journey(), customers=300)
    events = dashboard.events
    row = row_for(dashboard, "nps")
    row.target.value = -100
    assert dashboard.targets["nps"] == -100
    assert status_of(dashboard, "nps") == "met"
    assert dashboard.events is events

    row.has_target.value = False
    assert row.target.disabled
    assert "nps" not in dashboard.targets
    assert status_of(dashboard, "nps") == "no target"
    assert "without a target" in alt_text(dashboard)

    share = row_for(dashboard, "csat")
    share.target.value = 55
    assert dashboard.targets["csat"] == pytest.approx(0.55)
    # a target without a box is kept as it came
    assert dashboard.targets["churn_month_1"] == 0.10


def test_bounded_controls_keep_impossible_numbers_out_of_the_model():
    dashboard = KpiDashboard(sample_journey(), customers=200)
    row_for(dashboard, "csat").target.value = 250
    row_for(dashboard, "average_order_value").target.value = -5
    dashboard.customers.value = MAX_CUSTOMERS * 10
    assert dashboard.targets["csat"] == 1.0
    assert dashboard.targets["average_order_value"] == 0
    assert dashboard.customers.value == MAX_CUSTOMERS
    assert "Could not use" not in dashboard.findings_view.value
    # the sliders only re-simulate when let go
    assert not dashboard.price.continuous_update and not dashboard.customers.continuous_update


def test_a_target_that_names_no_kpi_is_a_finding_not_an_error():
    plan = sample_journey().replace(kpi_targets={**sample_journey().kpi_targets, "happiness": 1})
    dashboard = KpiDashboard(plan, customers=200)
    assert "unknown_kpi_target" in dashboard.findings().codes
    assert "No KPI is called this" in dashboard.findings_view.value
    assert dashboard.targets["happiness"] == 1
    assert "happiness" not in set(dashboard.report()["key"])


def test_the_learners_own_log_switches_the_sliders_off():
    csv = files("journey_lessons") / "data" / "studio_export.csv"
    log = read_events(csv, columns=CSV_COLUMNS)
    dashboard = KpiDashboard(sample_journey(), events=log)
    assert all(c.disabled for c in dashboard.what_if)
    assert "Your own log (29 events)" in dashboard.what_if_note.value
    assert dashboard.events is log.events
    assert value_of(dashboard, CORE) == pytest.approx(4 / 7)
    dashboard.price.value = 999  # disabled in the browser; from code it changes nothing
    assert dashboard.events is log.events


def test_a_log_with_nothing_to_measure_is_a_finding_not_an_error():
    empty = read_events(
        files("journey_lessons") / "data" / "studio_export.csv", columns=CSV_COLUMNS
    )
    empty = empty.events.head(0)
    dashboard = KpiDashboard(sample_journey(), events=empty)
    assert "no_events" in dashboard.findings().codes
    assert "15 without data" in dashboard.table_view.value
    assert "Could not use" not in dashboard.findings_view.value


def test_the_sample_export_shows_every_kind_of_problem_and_drops_nothing_silently():
    csv = files("journey_lessons") / "data" / "studio_export.csv"
    report = read_events(csv, columns=CSV_COLUMNS).report
    assert (report.rows_read, report.rows_kept) == (34, 29)
    assert report.counts() == {
        "bad_amount": 1,
        "score_out_of_range": 1,
        "missing_customer": 1,
        "bad_timestamp": 1,
        "negative_amount": 1,
    }
    assert len(report.duplicates) == 1


def test_an_empty_plan_still_simulates_and_reports():
    dashboard = KpiDashboard(JourneyPlan(), customers=200)
    # no milestones, so no funnel: it starts from the targets every business shares
    assert set(dashboard.targets) == {
        k for k in sample_targets() if not k.startswith(("funnel:", "days:"))
    }
    assert [r.key for r in dashboard.target_rows.children] == [
        "upsell_conversion",
        "average_order_value",
        "repeat_purchase_rate",
        "historic_clv",
        "retention_month_1",
        "churn_month_1",
        "referral_rate",
        "reactivation_rate",
        "csat",
        "nps",
    ]
    assert "Do notebook 01 first" in dashboard.findings_view.value
    row_for(dashboard, "csat").target.value = 70
    assert dashboard.targets["csat"] == pytest.approx(0.7)
    row_for(dashboard, "csat").has_target.value = False
    assert "csat" not in dashboard.targets
    assert "no target" in set(dashboard.report()["status"])


def test_targets_start_from_the_learners_own_milestones_and_stale_ones_go_in_one_click():
    bikes = MilestoneMap.from_columns(
        Milestone("Book a repair", Stage.CORE, "core_purchase"),
        before=[
            Milestone("Get a quote", Stage.BEFORE, "quote"),
            Milestone("Drop the bike off", Stage.BEFORE, "custom"),
        ],
        title="Harbor Bikes",
    )
    fresh = KpiDashboard(JourneyPlan(milestones=bikes), customers=200)
    funnel = sorted(k for k in fresh.targets if k.startswith("funnel:"))
    assert funnel == sorted(k for k in kpis.default_targets(fresh.plan) if k.startswith("funnel:"))
    assert len(funnel) == 2 and not fresh.findings().codes & {"unknown_kpi_target"}
    # targets keyed to the sample's milestones, as an older course version saved them
    stale = KpiDashboard(JourneyPlan(milestones=bikes, kpi_targets=sample_targets()), customers=200)
    assert "unknown_kpi_target" in stale.findings().codes
    assert "step your milestones no longer have" in stale.findings_view.value
    assert stale.remove_stale_button.layout.display is None
    stale.remove_stale_button.click()
    assert "unknown_kpi_target" not in stale.findings().codes
    assert "funnel:free_trial" not in stale.targets and "csat" in stale.targets
    assert stale.remove_stale_button.layout.display == "none"


BIKES = MilestoneMap.from_columns(
    Milestone("Book a repair", Stage.CORE, "core_purchase"),
    before=[
        Milestone("Get a quote", Stage.BEFORE, "quote"),
        Milestone("Drop the bike off", Stage.BEFORE, "custom"),
    ],
    title="Harbor Bikes",
)
HARBOR = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"
DROP_OFF = "funnel:drop_the_bike_off"
WAIT = "days:drop_the_bike_off->core_purchase"


def stale_row(dashboard: KpiDashboard, key: str) -> StaleTargetRow:
    return next(r for r in dashboard.stale_rows.children if r.key == key)


def test_stale_targets_are_re_keyed_to_the_learners_steps_in_one_click(tmp_path):
    path = tmp_path / "my_journey.yaml"
    # half-finished: milestones only, with the sample's targets from an older course version
    save_journey(JourneyPlan(milestones=BIKES, kpi_targets=sample_targets()), path)
    dashboard = KpiDashboard.from_file(path, customers=200)
    assert [r.key for r in dashboard.stale_rows.children] == [
        "funnel:free_trial",
        "days:free_trial->core_purchase",
    ]
    # the obvious step is chosen already: the only funnel step without a target, and
    # the one wait that still ends at the purchase
    assert stale_row(dashboard, "funnel:free_trial").to.value == DROP_OFF
    assert stale_row(dashboard, "days:free_trial->core_purchase").to.value == WAIT
    assert "30.0%" in stale_row(dashboard, "funnel:free_trial").label.value
    assert dashboard.rekey_button.layout.display is None
    dashboard.rekey_button.click()
    assert dashboard.targets[DROP_OFF] == 0.3 and dashboard.targets[WAIT] == 14
    assert "funnel:free_trial" not in dashboard.targets
    assert "unknown_kpi_target" not in dashboard.findings().codes
    assert dashboard.stale_rows.children == ()
    assert dashboard.rekey_button.layout.display == "none"
    assert dashboard.remove_stale_button.layout.display == "none"
    assert row_for(dashboard, DROP_OFF).target.value == 30
    assert status_of(dashboard, WAIT) != "no target"
    assert "Re-keyed" in dashboard.status.value
    dashboard.save_button.click()
    saved = load_journey(path).kpi_targets
    assert saved[DROP_OFF] == 0.3 and saved[WAIT] == 14 and "funnel:free_trial" not in saved


def test_a_stale_target_without_an_obvious_step_is_chosen_for_or_removed(tmp_path):
    plan = load_journey(HARBOR)
    targets = {**plan.kpi_targets, "touchpoint:Old flyer": 0.2, "funnel:download": 0.4}
    path = tmp_path / "my_journey.yaml"
    save_journey(plan.replace(kpi_targets=targets), path)
    dashboard = KpiDashboard.from_file(path, customers=200)
    assert "unknown_kpi_target" in dashboard.findings().codes
    assert dashboard.rekey_button.layout.display == "none"  # nothing is obvious
    flyer = stale_row(dashboard, "touchpoint:Old flyer")
    assert flyer.to.value == "" and flyer.rekey.disabled
    assert len(flyer.to.options) == 1 + len(plan.touchpoint_names())  # any touchpoint
    flyer.to.value = "touchpoint:Quote by SMS within two hours"
    assert not flyer.rekey.disabled
    flyer.rekey.click()
    assert dashboard.targets["touchpoint:Quote by SMS within two hours"] == 0.2
    assert row_for(dashboard, "touchpoint:Quote by SMS within two hours").target.value == 20
    # no funnel step of Harbor Bikes is without a target: nothing to choose, only remove
    download = stale_row(dashboard, "funnel:download")
    assert download.to.layout.display == "none"
    download.remove.click()
    assert "unknown_kpi_target" not in dashboard.findings().codes
    assert dashboard.remove_stale_button.layout.display == "none"
    dashboard.save_button.click()
    saved = load_journey(path).kpi_targets
    assert "funnel:download" not in saved and "touchpoint:Old flyer" not in saved
    assert saved["touchpoint:Quote by SMS within two hours"] == 0.2
    assert saved["csat"] == plan.kpi_targets["csat"]


def test_a_target_is_added_for_any_kpi_or_touchpoint(tmp_path):
    path = tmp_path / "my_journey.yaml"
    save_journey(load_journey(HARBOR), path)
    dashboard = KpiDashboard.from_file(path, customers=200)
    offered = dict((key, label) for label, key in dashboard.new_target.options)
    assert "referral_rate" in offered and "csat" not in offered  # csat has a box already
    assert offered["touchpoint:Bike ready text with photos"] == (
        "Conversion after 'Bike ready text with photos'"
    )
    dashboard.new_target.value = "referral_rate"
    dashboard.add_target_button.click()
    row = row_for(dashboard, "referral_rate")
    assert row.has_target.value and row.target.value == pytest.approx(15)  # a start to adjust
    assert "referral_rate" not in [key for _, key in dashboard.new_target.options]
    row.target.value = 10
    assert status_of(dashboard, "referral_rate") in {"met", "not met", "no data"}
    dashboard.add_target("touchpoint:Bike ready text with photos").target.value = 60
    dashboard.save_button.click()
    saved = load_journey(path).kpi_targets
    assert saved["referral_rate"] == pytest.approx(0.10)
    assert saved["touchpoint:Bike ready text with photos"] == pytest.approx(0.6)
    assert open_journey(path).plan.check().ok


def test_hiding_the_fixes_hides_nothing_else():
    dashboard = KpiDashboard(load_journey(HARBOR), customers=200)
    assert dashboard.remove_stale_button.layout.display == "none"
    assert dashboard.add_target_button.layout.display is None


def test_which_rekeys_are_obvious():
    plan = JourneyPlan(milestones=BIKES, kpi_targets={"funnel:free_trial": 0.3})
    # one stale funnel target, two funnel steps without one: the learner chooses
    assert _rekey.obvious_rekeys(plan) == {}
    assert _rekey.rekey_options(plan) == {"funnel:free_trial": [DROP_OFF, CORE]}
    both = plan.replace(kpi_targets={"funnel:free_trial": 0.3, "funnel:download": 0.1})
    assert _rekey.obvious_rekeys(both) == {"funnel:free_trial": DROP_OFF, "funnel:download": CORE}
    assert _rekey.obvious_rekeys(JourneyPlan(milestones=BIKES)) == {}
    assert list(_rekey.rekeyed({"a": 1, "b": 2, "c": 3}, {"b": "z"})) == ["a", "z", "c"]
    assert _rekey.target_kind("csat") is None


def test_learner_text_is_escaped_everywhere():
    evil = "<img src=x onerror=alert(1)>"
    plan = JourneyPlan(
        milestones=MilestoneMap.from_columns(
            Milestone(f"Buy {evil}", Stage.CORE, "core_purchase", "orders"),
            before=[Milestone("<script>alert(2)</script>", Stage.BEFORE, "free_trial", "t")],
            title="<b>Studio</b>",
        )
    )
    dashboard = KpiDashboard(plan, customers=200)
    shown = (
        dashboard.findings_view.value
        + drawn_html(dashboard)
        + dashboard.table_view.value
        + dashboard.what_if_note.value
        + "".join(r.label.value for r in dashboard.target_rows.children)
    )
    assert "<img src=x" not in shown and "<script>" not in shown and "<b>Studio" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in dashboard.table_view.value
    assert "&lt;script&gt;" in dashboard.what_if_note.value


def test_save_and_continue_from_the_file(tmp_path):
    path = tmp_path / "my_journey.yaml"
    dashboard = KpiDashboard.from_file(sample_file(path), customers=200)
    row_for(dashboard, "csat").target.value = 85
    row_for(dashboard, "nps").has_target.value = False
    dashboard.save_button.click()
    assert "Saved your" in dashboard.status.value
    saved = load_journey(path)
    assert saved.kpi_targets["csat"] == pytest.approx(0.85)
    assert "nps" not in saved.kpi_targets
    # the parts this widget does not edit are saved as they were
    sample = sample_journey()
    assert saved.milestones == sample.milestones and saved.board == sample.board
    assert saved.paths == sample.paths and saved.canvas == sample.canvas
    assert saved.kpi_targets["referral_rate"] == sample.kpi_targets["referral_rate"]

    again = KpiDashboard.from_file(path, customers=200)
    assert again.targets == dashboard.targets
    assert not row_for(again, "nps").has_target.value
    assert row_for(again, "csat").target.value == pytest.approx(85)


def test_the_results_feed_back_into_the_moscow_board(sample):
    from journey_lessons import moscow

    results = kpis.touchpoint_results(sample.events, sample.plan)
    suggestions = moscow.reprioritize(sample.plan.board, results)
    assert results and all(isinstance(r, moscow.KpiResult) for r in results.values())
    assert suggestions.summary()


# -- the notebook's self-check --------------------------------------------------------


def test_the_hand_count_passes_with_the_right_numbers():
    from journey_lessons.checks._kpis import upsell_by_hand, upsell_log

    log = upsell_log()
    assert len(log) == 18 and kpis.upsell_conversion(log) == pytest.approx(0.6)
    feedback = upsell_by_hand(5, 3, 0.6)
    assert feedback.passed, str(feedback)
    assert upsell_by_hand(5, 3, 3 / 5).passed


@pytest.mark.parametrize(
    ("answer", "passed", "said"),
    [
        ((6, 3, 0.5), [False, True, False], "member 2 was offered twice"),
        ((7, 3, 3 / 7), [False, True, False], "everyone who bought"),
        ((5, 5, 1.0), [True, False, False], "counts every upsell row"),
        ((5, 4, 0.8), [True, False, False], "48 days after the offer"),
        ((5, 3, 60), [True, True, False], "as a share, 0.6"),
        ((5, 3, 5 / 3), [True, True, False], "upside down"),
        ((5, 6, 1.2), [True, False, False], "cannot be larger"),
        ((None, None, None), [False, False, False], "Set `offered` to a number"),
        ((True, "3", 0.6), [False, False, True], "Set `accepted` to a number"),
    ],
)
def test_each_slip_in_the_hand_count_gets_its_own_hint(answer, passed, said):
    from journey_lessons.checks._kpis import upsell_by_hand

    feedback = upsell_by_hand(*answer)
    assert [p.passed for p in feedback] == passed
    assert said in str(feedback)
