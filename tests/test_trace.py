"""Tracing a bad moment through a learner's plan: each link found, or a finding that says how."""

from __future__ import annotations

from pathlib import Path

import pytest

from journey_lessons import (
    JourneyPlan,
    MomentOfTruth,
    Priority,
    RequirementSet,
    load_journey,
    trace_moment,
)
from journey_lessons.nfr import JourneyStage

HARBOR = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"


@pytest.fixture(scope="module")
def harbor() -> JourneyPlan:
    """Harbor Bikes, a repair shop: every part filled in, and every moment positive."""
    return load_journey(HARBOR)


def with_moment(plan: JourneyPlan, name: str, touchpoint: str, positive: bool = False):
    moment = MomentOfTruth(name, "second", touchpoint, ("key_resources",), positive)
    return plan.replace(canvas=plan.canvas.add_moment(moment))


def test_a_complete_chain_from_a_moment_to_a_kpi_target(harbor):
    plan = with_moment(harbor, "Upsell at pick-up feels pushy", "Service plan offer at pick-up")
    trace = trace_moment(plan)
    assert trace.moment.name == "Upsell at pick-up feels pushy"  # the first negative one
    assert trace.path == "Rate the repair → Buy a service plan"
    assert trace.stage is JourneyStage.RETENTION  # maximize value comes after the purchase
    assert trace.requirement.id == "HB-4"  # the only requirement at the retention stage
    assert trace.priority is Priority.MUST
    assert (trace.kpi, trace.target) == ("upsell_conversion", 0.2)
    # HB-4 meets its target: a tip that the cause lies elsewhere, nothing missing
    assert trace.findings.codes == {"no-gap"} and trace.complete
    shown = str(trace)
    assert "Service plan offer at pick-up" in shown and "upsell_conversion: 0.2" in shown


def test_the_touchpoints_own_target_comes_before_the_steps_kpi(harbor):
    plan = with_moment(harbor, "Upsell at pick-up feels pushy", "service plan OFFER at pick-up")
    plan = plan.replace(
        kpi_targets={**plan.kpi_targets, "touchpoint:Service plan offer at pick-up": 0.25}
    )
    trace = trace_moment(plan)
    assert (trace.kpi, trace.target) == ("touchpoint:Service plan offer at pick-up", 0.25)


def test_before_the_purchase_the_gap_and_the_funnel_to_the_paths_end(harbor):
    plan = with_moment(harbor, "The quote comes the next day", "Quote by SMS within two hours")
    trace = trace_moment(plan)
    assert trace.stage is JourneyStage.CONSIDERATION
    assert trace.requirement.id == "HB-2"  # 97 against 99: a gap
    assert trace.kpi == "funnel:core_purchase" and trace.target == 0.3  # path ends at the core
    # not on the board at all: a warning to put it there
    assert trace.findings.codes == {"not-on-board"}
    assert not trace.complete


def test_a_should_gets_a_tip_and_a_missing_target_a_warning(harbor):
    plan = with_moment(harbor, "The bike comes back dirty", "Bike ready text with photos")
    plan = plan.replace(kpi_targets={})
    trace = trace_moment(plan, "the bike comes back DIRTY")
    assert trace.priority is Priority.SHOULD
    assert {"not-a-must", "no-target"} <= trace.findings.codes
    assert trace.kpi == "csat" and trace.target is None
    assert "no target yet" in str(trace)


def test_a_stage_without_requirements_says_to_write_one(harbor):
    plan = with_moment(harbor, "Upsell at pick-up feels pushy", "Service plan offer at pick-up")
    plan = plan.replace(
        requirements=RequirementSet(
            [r for r in plan.requirements.requirements if r.stage is not JourneyStage.RETENTION]
        )
    )
    trace = trace_moment(plan)
    assert trace.requirement is None and "no-requirement" in trace.findings.codes


def test_a_moment_at_a_touchpoint_no_path_holds(harbor):
    plan = with_moment(harbor, "Waiting at the counter", "Counter with a queue")
    trace = trace_moment(plan)
    assert trace.step is None and trace.findings.codes == {"no-touchpoint"}
    assert "'Counter with a queue', which no path holds" in str(trace)


@pytest.mark.parametrize(
    ("plan", "code"),
    [
        (JourneyPlan(business="Harbor Bikes"), "no-moments"),
        (None, "no-negative-moment"),  # Harbor Bikes as saved: every moment positive
    ],
)
def test_a_half_finished_plan_gets_a_finding_not_an_error(harbor, plan, code):
    trace = trace_moment(plan or harbor)
    assert trace.moment is None and trace.findings.codes == {code}
    assert "—" in str(trace)


def test_an_unknown_moment_lists_the_moments_there_are(harbor):
    trace = trace_moment(harbor, "Late delivery")
    assert trace.findings.codes == {"unknown-moment"}
    assert "'Reading the Maps reviews', 'Getting the bike back'" in trace.findings[0].hint


def test_a_positive_moment_can_be_traced_with_a_tip(harbor):
    trace = trace_moment(harbor, "Getting the bike back")
    assert trace.moment.positive and "positive-moment" in trace.findings.codes


def test_the_learners_text_is_escaped_on_the_page(harbor):
    plan = with_moment(harbor, "<script>alert(1)</script>", "Service plan offer at pick-up")
    shown = trace_moment(plan)._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;" in shown
