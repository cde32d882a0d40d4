"""The MoSCoW board: priorities, effort checks, budgets, KPI re-prioritizing, drawing."""

from __future__ import annotations

import json
import math
from html import escape

import pytest
import yaml
from drawing_support import SAMPLE_TOUCHPOINTS, assert_texts_stay_in_their_columns
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from journey_lessons import Severity
from journey_lessons._fields import FieldError
from journey_lessons.draw._moscow import WARNING_COLOUR, moscow_board
from journey_lessons.moscow import (
    COULD_SHARE_TARGET,
    MUST_SHARE_MAX,
    FitStatus,
    KpiResult,
    MoscowBoard,
    MoscowItem,
    Priority,
    UpsellImpact,
    reprioritize,
    sample_board,
)

M, S, C, W = Priority.MUST, Priority.SHOULD, Priority.COULD, Priority.WONT
LOW, MEDIUM, HIGH = UpsellImpact.LOW, UpsellImpact.MEDIUM, UpsellImpact.HIGH


def item(name, priority, effort=2.0, impact=MEDIUM, reason="because") -> MoscowItem:
    return MoscowItem(name, priority, effort, impact, reason)


# Musts 5 of 10 planned person-days (50%), Shoulds 3, Coulds 2 (20%); a Won't of 4 not counted.
GOOD = MoscowBoard(
    (
        item("Taster", M, 3, HIGH),
        item("Offer", M, 2, HIGH),
        item("Call", S, 3),
        item("Pass", C, 2, LOW),
        item("Win-back", W, 4),
    )
)


def codes(board: MoscowBoard, **kwargs) -> set[str]:
    return board.check(**kwargs).codes


def only(board: MoscowBoard, code: str, **kwargs):
    found = [f for f in board.check(**kwargs) if f.code == code]
    assert len(found) == 1, f"expected one {code} in {board.check(**kwargs)}"
    return found[0]


# -- the model ------------------------------------------------------------------------------


def test_priorities_carry_their_dsdm_meaning_in_board_order():
    assert [p.label for p in Priority] == [
        "Must have", "Should have", "Could have", "Won't have this time",
    ]  # fmt: skip
    assert "fails" in M.meaning
    assert "workaround" in S.meaning
    assert "first to drop" in C.meaning
    assert "out of scope" in W.meaning
    assert "Minimum Usable SubseT" in Priority.__doc__


def test_priorities_typed_the_way_people_write_them_are_understood():
    assert Priority("Won't") is W and Priority("won’t") is W and Priority("MUST") is M
    with pytest.raises(ValueError, match="priority 'maybe' is not one of: must, should"):
        MoscowItem("x", "maybe")
    with pytest.raises(ValueError, match="impact 'huge' is not one of: low, medium, high"):
        MoscowItem("x", M, impact="huge")


@pytest.mark.parametrize(
    ("effort", "error", "message"),
    [(-1, ValueError, "zero or more"), (math.nan, ValueError, "zero or more"),
     (True, TypeError, "number of person-days"), ("3", TypeError, "number of person-days")],
)  # fmt: skip
def test_effort_is_a_number_of_person_days_or_none(effort, error, message):
    assert MoscowItem("x", M, 3).effort == 3.0
    assert MoscowItem("x", M).effort is None
    with pytest.raises(error, match=message):
        MoscowItem("x", M, effort)
    with pytest.raises(error, match=message):
        MoscowBoard(budget=effort)


def test_items_must_be_items():
    with pytest.raises(TypeError, match=r"items\[0\] is a str"):
        MoscowBoard(("Taster",))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be text"):
        MoscowItem(None, M)  # type: ignore[arg-type]


def test_sample_board_is_clean_and_uses_the_sample_touchpoints():
    sample = sample_board()
    assert sample.check() == ()
    assert {i.touchpoint for i in sample.items} <= SAMPLE_TOUCHPOINTS
    assert {i.touchpoint for i in sample.column(M)} == {
        "Coaching taster after 8 classes",
        "Trial-ending offer: 20% off the annual plan",
        "Renewal reminder 30 days before term end",
    }
    assert all(sample.column(p) for p in Priority)
    assert all(i.reason for i in sample.items)
    assert sample.budget == 20


def test_boards_are_frozen_and_edits_return_new_boards():
    with pytest.raises(AttributeError):
        GOOD.budget = 3  # type: ignore[misc]
    added = GOOD.add(item("Newsletter", C, 1))
    assert len(GOOD) == 5 and len(added) == 6
    assert added.remove("Newsletter") == GOOD
    moved = GOOD.set_priority("Pass", S)
    assert moved.item("Pass").priority is S and GOOD.item("Pass").priority is C
    assert moved.item("Pass").reason == "because"  # kept when no new reason is given
    assert GOOD.set_priority("Pass", "should", reason="new").item("Pass").reason == "new"
    # the order on the board stays as it was
    assert [i.touchpoint for i in moved.items] == [i.touchpoint for i in GOOD.items]
    assert GOOD.with_budget(12).budget == 12.0 and GOOD.budget is None
    assert GOOD.update("Call", effort=None, impact="high").item("Call").impact is HIGH


def test_touchpoints_are_found_by_name_ignoring_case_and_spacing():
    assert GOOD.item("  taster ").touchpoint == "Taster"
    with pytest.raises(KeyError, match="'Tester' is not on the board; on the board: 'Taster'"):
        GOOD.set_priority("Tester", S)


def test_wont_effort_is_not_part_of_the_planned_effort():
    assert GOOD.effort() == 7 + 3  # Musts 5, Should 3, Could 2
    assert GOOD.effort(W) == 4
    assert GOOD.share(M) == 0.5 and GOOD.share(C) == 0.2 and GOOD.share(W) is None
    bigger_wont = GOOD.update("Win-back", effort=400)
    assert bigger_wont.share(M) == 0.5 and bigger_wont.check() == ()


def test_effort_shares_table():
    table = GOOD.add(item("Quiz", C, None)).effort_shares()
    assert list(table.index) == [p.label for p in Priority]
    assert table.loc["Must have", "effort"] == 5 and table.loc["Must have", "share"] == 0.5
    assert table.loc["Could have", "items"] == 2 and table.loc["Could have", "not estimated"] == 1
    assert math.isnan(table.loc["Won't have this time", "share"])
    assert table.loc["Won't have this time", "effort"] == 4


# -- findings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("board", "code", "severity", "where"),
    [
        (GOOD.remove("Taster").remove("Offer"), "no_musts", "warning", "board"),
        (GOOD.add(item(" taster", S, 1)), "duplicate_touchpoint", "error", "item 6 (taster)"),
        (GOOD.add(item("  ", C, 1)), "empty_touchpoint", "error", "item 6"),
        (GOOD.update("Call", effort=None), "no_effort_estimate", "warning", "item 3 (Call)"),
        (GOOD.update("Win-back", reason=" "), "wont_without_reason", "warning",
         "item 5 (Win-back)"),
        (GOOD.update("Taster", effort=10), "must_over_budget_share", "warning", "board"),
        (GOOD.remove("Call").remove("Pass"), "no_contingency", "warning", "board"),
        (GOOD.update("Pass", effort=0.5), "could_share_low", "tip", "board"),
        (GOOD.update("Offer", impact="low").update("Pass", impact="high"),
         "must_low_impact_vs_could_high", "warning", "item 2 (Offer)"),
        (GOOD.with_budget(4), "budget_exceeded_by_musts", "error", "board"),
    ],
)  # fmt: skip
def test_each_mistake_gives_a_finding_with_a_place_and_a_hint(board, code, severity, where):
    assert GOOD.check() == ()
    finding = only(board, code)
    assert finding.severity is Severity(severity)
    assert finding.where == where
    assert finding.message and finding.hint


def test_the_musts_share_message_gives_the_numbers():
    finding = only(GOOD.update("Taster", effort=10), "must_over_budget_share")
    # Musts 12 of 17 planned person-days
    assert finding.message == (
        "The Musts take 71% of the planned effort (12 of 17 person-days); the usual ceiling is 60%."
    )


def test_with_a_budget_the_musts_share_is_of_the_budget():
    # 50% of the plan, but 5 of a 7-day budget (71%) leaves little room for an overrun
    finding = only(GOOD.with_budget(7), "must_over_budget_share")
    assert "71% of the budget (5 of 7 person-days)" in finding.message
    assert GOOD.with_budget(20).check() == ()
    assert "no_contingency" in codes(GOOD.with_budget(5))  # the Musts fill the budget exactly


def test_musts_over_the_budget_are_an_error_naming_both_amounts():
    findings = GOOD.with_budget(4).check()
    assert not findings.ok
    assert findings[0].message == "The Musts alone need 5 person-days; the budget is 4."
    assert codes(GOOD.with_budget(4)) == {"budget_exceeded_by_musts"}


def test_the_must_share_threshold_is_a_keyword_and_sixty_percent_itself_passes():
    assert MUST_SHARE_MAX == 0.6 and COULD_SHARE_TARGET == 0.2
    exact = MoscowBoard((item("A", M, 6), item("B", S, 2), item("C", C, 2)))
    assert exact.check() == ()  # exactly 60% is within the rule
    assert "must_over_budget_share" in codes(exact, must_share_max=0.5)
    over = GOOD.update("Taster", effort=10)  # Musts 71% of the plan
    assert "must_over_budget_share" not in codes(over, must_share_max=0.75)


def test_the_could_tip_fires_below_15_percent_and_the_target_is_a_keyword():
    # the Coulds are the contingency: "about 20%" does not stretch to a tenth
    tenth = MoscowBoard((item("A", M, 5), item("B", S, 4), item("C", C, 1)))
    assert codes(tenth) == {"could_share_low"}
    fifteen = MoscowBoard((item("A", M, 10), item("B", S, 7), item("C", C, 3)))
    assert fifteen.check() == ()  # exactly 15% (3 of 20): about 20%, no tip
    assert "could_share_low" in codes(fifteen, could_share_target=0.4)
    low = only(GOOD.update("Pass", effort=0.5), "could_share_low")
    assert low.message == "The Coulds are 6% of the planned effort; about 20% is usual."
    assert GOOD.update("Pass", effort=0.5).check().ok  # a tip, not an error


def test_a_board_of_musts_only_has_no_contingency_and_no_double_warning():
    musts_only = MoscowBoard((item("A", M, 3), item("B", M, 2)))
    assert codes(musts_only) == {"no_contingency"}


def test_a_low_impact_must_names_the_high_impact_coulds():
    board = GOOD.update("Offer", impact="low").update("Pass", impact="high")
    board = board.add(item("Quiz", C, 1, HIGH))
    finding = only(board, "must_low_impact_vs_could_high")
    assert "'Pass'; 'Quiz'" in finding.message
    assert "'Offer'" in finding.hint and "'Pass'" in finding.hint


def test_no_effort_estimate_is_one_finding_per_item_and_not_for_wonts():
    board = GOOD.update("Call", effort=None).update("Pass", effort=None)
    board = board.update("Win-back", effort=None)
    where = sorted(f.where for f in board.check() if f.code == "no_effort_estimate")
    assert where == ["item 3 (Call)", "item 4 (Pass)"]


def test_an_empty_board_asks_for_musts():
    assert codes(MoscowBoard()) == {"no_musts"}


# -- fitting a budget -----------------------------------------------------------------------


def test_work_is_taken_must_should_could_higher_impact_then_smaller_effort_then_board_order():
    board = MoscowBoard(
        (
            item("Could high", C, 1, HIGH),
            item("Should big", S, 5, MEDIUM),
            item("Should small", S, 1, MEDIUM),
            item("Should high", S, 9, HIGH),
            item("Must low", M, 1, LOW),
            item("Must tie 1", M, 2, HIGH),
            item("Must tie 2", M, 2, HIGH),
            item("Later", W, 1),
        )
    )
    plan = board.fit_budget(100)
    assert [r.touchpoint for r in plan.rows] == [
        "Must tie 1", "Must tie 2", "Must low", "Should high", "Should small", "Should big",
        "Could high", "Later",
    ]  # fmt: skip
    assert plan.done == tuple(r.touchpoint for r in plan.rows[:-1])
    assert plan.rows[-1].status is FitStatus.WONT  # a Won't is never done, even with room
    assert plan.used == 21 and plan.left == 79


def test_a_shrinking_budget_drops_the_coulds_first():
    assert GOOD.fit_budget(10).dropped == ()
    assert GOOD.fit_budget(9).dropped == ("Pass",)
    assert GOOD.fit_budget(8).dropped == ("Pass",)
    assert GOOD.fit_budget(7).dropped == ("Pass", "Call")  # the first to go comes first
    assert GOOD.fit_budget(7).done == ("Offer", "Taster")


def test_a_could_never_goes_ahead_of_a_should_that_did_not_fit():
    board = MoscowBoard((item("Must", M, 4), item("Big should", S, 5), item("Tiny could", C, 1)))
    plan = board.fit_budget(6)
    assert plan.done == ("Must",)
    assert plan.dropped == ("Tiny could", "Big should")
    notes = {r.touchpoint: r.note for r in plan.rows}
    assert notes["Big should"] == "does not fit: needs 5 person-days, 2 left"
    assert "a Should did not fit" in notes["Tiny could"]


def test_a_smaller_item_of_the_same_priority_still_fits_after_a_bigger_one_is_dropped():
    board = MoscowBoard((item("Must", M, 4), item("Big", C, 3, HIGH), item("Small", C, 1, LOW)))
    plan = board.fit_budget(5)
    assert plan.done == ("Must", "Small") and plan.dropped == ("Big",)


def test_items_with_no_estimate_are_reported_not_silently_dropped():
    board = GOOD.update("Call", effort=None)
    plan = board.fit_budget(100)
    assert plan.not_estimated == ("Call",)
    assert "Call" not in plan.done and "Call" not in plan.dropped
    assert "Not estimated: 1." in plan.summary()
    assert [f.code for f in plan.check()] == ["no_effort_estimate"]


def test_musts_that_do_not_fit_are_named_and_are_errors():
    plan = GOOD.fit_budget(2.5)
    assert plan.done == ("Offer",)
    assert plan.musts_not_fitting == ("Taster",)
    findings = plan.check()
    assert not findings.ok
    assert findings[0].where == "Taster" and findings[0].code == "must_does_not_fit"
    assert "budget of 2.5 person-days" in findings[0].message


def test_fit_budget_uses_the_boards_budget_and_needs_one():
    assert sample_board().fit_budget().budget == 20
    assert sample_board().fit_budget().dropped == ("Bring-a-friend pass",)
    with pytest.raises(ValueError, match="give a budget"):
        GOOD.fit_budget()
    with pytest.raises(ValueError, match="zero or more"):
        GOOD.fit_budget(-1)


def test_the_plan_reads_as_a_table_and_a_frame():
    plan = GOOD.fit_budget(9)
    frame = plan.to_frame()
    assert list(frame["status"]) == ["done", "done", "done", "dropped", "won't this time"]
    assert "Done: 3 items, 8 of 9 person-days. Dropped: 1." in str(plan)
    assert "<table" in plan._repr_html_()


# -- re-prioritizing from KPIs --------------------------------------------------------------


def kpi(value: float, target: float = 100, higher: bool = True) -> KpiResult:
    return KpiResult("upsell conversion", value, target, higher)


def test_a_could_that_beats_its_target_is_promoted_with_the_numbers_in_the_reason():
    board = GOOD.update("Pass", impact="high")
    suggestions = list(reprioritize(board, {"Pass": kpi(150)}))
    assert len(suggestions) == 1
    s = suggestions[0]
    assert (s.touchpoint, s.current, s.suggested, s.kind) == ("Pass", C, S, "promote")
    assert s.reason == (
        "Measured upsell conversion: 150 against a target of 100 (higher is better), 50% better; "
        "a promotion needs 20%, and the upsell impact is high. Promote from Could to Should."
    )


def test_a_should_is_promoted_to_must_but_a_must_has_nowhere_higher_to_go():
    result = reprioritize(GOOD, {"Call": kpi(130), "Taster": kpi(300)})
    assert [(s.touchpoint, s.suggested) for s in result] == [("Call", M)]


def test_a_low_impact_touchpoint_is_not_promoted_however_well_it_does():
    assert len(reprioritize(GOOD, {"Pass": kpi(500)})) == 0  # Pass has a low impact


def test_musts_and_shoulds_that_miss_badly_are_demoted_with_the_numbers():
    result = reprioritize(GOOD, {"Taster": kpi(50), "Call": kpi(70), "Pass": kpi(10)})
    assert [(s.touchpoint, s.current, s.suggested) for s in result] == [
        ("Taster", M, S), ("Call", S, C),
    ]  # fmt: skip
    assert result.suggestions[0].kind == "demote"
    assert result.suggestions[0].reason == (
        "Measured upsell conversion: 50 against a target of 100 (higher is better), 50% worse; "
        "more than 20% short means a demotion. Demote from Must to Should, "
        "and find out why it misses."
    )


def test_the_margins_are_documented_boundaries_and_keywords():
    board = GOOD.update("Pass", impact="medium")
    assert len(reprioritize(board, {"Pass": kpi(120)})) == 1  # exactly 20% better: promoted
    assert len(reprioritize(board, {"Pass": kpi(119)})) == 0
    assert len(reprioritize(board, {"Taster": kpi(80)})) == 0  # exactly 20% short: kept
    assert len(reprioritize(board, {"Taster": kpi(79)})) == 1
    assert len(reprioritize(board, {"Taster": kpi(90)}, demote_margin=0.05)) == 1
    assert len(reprioritize(board, {"Pass": kpi(110)}, promote_margin=0.1)) == 1


def test_lower_is_better_kpis_count_the_other_way():
    # cost per upsell: 60 against a target of 100 is 40% better
    result = reprioritize(GOOD, {"Call": kpi(60, higher=False), "Offer": kpi(150, higher=False)})
    assert [(s.touchpoint, s.kind) for s in result] == [("Call", "promote"), ("Offer", "demote")]
    assert "(lower is better), 40% better" in result.suggestions[0].reason


def test_a_zero_target_still_gives_a_reason_without_a_percentage():
    result = reprioritize(GOOD, {"Offer": KpiResult("complaints", 3, 0, higher_is_better=False)})
    assert result.suggestions[0].reason.startswith(
        "Measured complaints: 3 against a target of 0 (lower is better), worse;"
    )
    assert KpiResult("complaints", 0, 0).met


def test_results_for_touchpoints_not_on_the_board_are_reported():
    result = reprioritize(GOOD, {"Quiz": kpi(10), "Call": kpi(100)})
    assert result.not_on_board == ("Quiz",) and len(result) == 0
    assert "not on the board: Quiz" in result.summary()
    assert "No changes suggested" in str(result)


def test_applying_suggestions_gives_a_new_board_with_the_reasons():
    result = reprioritize(GOOD, {"Taster": kpi(50), "Call": kpi(130)})
    applied = result.apply()
    assert applied.item("Taster").priority is S and applied.item("Call").priority is M
    assert applied.item("Taster").reason == result.suggestions[0].reason
    assert GOOD.item("Taster").priority is M  # the original is unchanged
    assert reprioritize(applied, {"Taster": kpi(100), "Call": kpi(100)}).apply() == applied


def test_kpi_results_are_checked_for_programming_errors():
    with pytest.raises(TypeError, match="value must be a number"):
        KpiResult("x", "12", 10)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        KpiResult("x", 1, math.inf)
    with pytest.raises(TypeError, match=r"results\['Call'\] is a float"):
        reprioritize(GOOD, {"Call": 0.4})  # type: ignore[dict-item]


# -- plain data -----------------------------------------------------------------------------

learner_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
) | st.sampled_from(["yes", "no", "null", "~", "1e3", "- item", "key: value", "#hash", "'q'"])
efforts = st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False)

boards = st.builds(
    MoscowBoard,
    items=st.lists(
        st.builds(
            MoscowItem,
            touchpoint=learner_text,
            priority=st.sampled_from(list(Priority)),
            effort=efforts,
            impact=st.sampled_from(list(UpsellImpact)),
            reason=learner_text,
        ),
        max_size=8,
    ).map(tuple),
    budget=efforts,
)


@settings(max_examples=80)
@given(original=boards)
def test_a_board_round_trips_through_json_and_yaml(original):
    data = original.to_dict()
    assert MoscowBoard.from_dict(json.loads(json.dumps(data))) == original
    assert MoscowBoard.from_dict(yaml.safe_load(yaml.safe_dump(data))) == original


def test_plain_data_shape():
    assert sample_board().to_dict()["items"][0] == {
        "touchpoint": "Coaching taster after 8 classes",
        "priority": "must",
        "effort": 4.0,
        "impact": "high",
        "reason": "A regular member is most ready to add coaching right here.",
    }
    assert sample_board().to_dict()["budget"] == 20.0


def test_a_hand_written_board_may_leave_out_effort_impact_and_reason():
    data = yaml.safe_load("items:\n- {touchpoint: Pass, priority: Won't}\n")
    assert MoscowBoard.from_dict(data) == MoscowBoard((MoscowItem("Pass", W),))


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        ({"items": [{"touchpoint": "a", "priority": "must"}, {"touchpoint": "b",
          "priority": "soon"}]}, "items[1].priority", "'soon' is not one of"),
        ({"items": [{"touchpoint": "a", "priority": "must", "effort": "lots"}]},
         "items[0].effort", "expected a number of person-days, found text"),
        ({"items": [{"touchpoint": "a", "priority": "must", "effort": -2}]},
         "items[0].effort", "expected zero or more person-days, found -2"),
        ({"items": [{"touchpoint": "a", "priority": "must", "efort": 2}]},
         "items[0].efort", "unknown field"),
        ({"items": [{"priority": "must"}]}, "items[0].touchpoint", "this field is required"),
        ({"budget": True}, "budget", "found true/false"),
        ({"items": "Pass"}, "items", "expected a list"),
    ],
)  # fmt: skip
def test_bad_plain_data_names_the_field(data, field, problem):
    with pytest.raises(FieldError) as caught:
        MoscowBoard.from_dict(data)
    assert caught.value.field == field
    assert problem in caught.value.problem


# -- showing --------------------------------------------------------------------------------

EVIL = "<img src=x onerror=alert(1)>"


def test_learner_text_is_escaped_in_html():
    board = GOOD.add(MoscowItem(EVIL, M, None, LOW, "<b>bold</b>")).update("Pass", impact="high")
    reprio = reprioritize(board, {EVIL: KpiResult(EVIL, 1, 100), "<script>": KpiResult("k", 1, 1)})
    html = (
        board._repr_html_()
        + board.check()._repr_html_()
        + board.fit_budget(3)._repr_html_()
        + reprio._repr_html_()
        + reprioritize(board, {"<script>": kpi(1)})._repr_html_()
    )
    assert "<img src=x" not in html and "<b>bold</b>" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_text_and_html_show_every_item_the_shares_and_the_summary():
    sample = sample_board()
    text, html = str(sample), sample._repr_html_()
    for i in sample.items:
        assert i.touchpoint in text and i.touchpoint in html
    assert "Must 48%, Should 30%, Could 22% of 23 planned person-days" in text
    assert "No findings" in html
    assert "not estimated" in str(GOOD.update("Call", effort=None))


def test_describe_reads_the_board_column_by_column():
    assert GOOD.describe() == (
        "MoSCoW board with 5 touchpoints. Must have (50% of the effort): Taster; Offer. "
        "Should have (30% of the effort): Call. Could have (20% of the effort): Pass. "
        "Won't have this time (not counted): Win-back."
    )
    assert (
        GOOD.with_budget(7)
        .describe()
        .endswith("The Musts take 71% of the budget, over the usual 60%.")
    )
    assert "Must have (no effort estimated): none." in MoscowBoard().describe()


# -- the drawing ----------------------------------------------------------------------------


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def position(fig: Figure, text: str) -> tuple[float, float]:
    for t in fig.axes[0].texts:
        if text in t.get_text():
            return t.get_position()
    raise AssertionError(f"{text!r} not drawn; drawn: {texts(fig)}")


def cards(fig: Figure) -> list[FancyBboxPatch]:
    return [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]


def test_the_board_has_four_columns_in_order_with_their_effort_shares():
    fig = moscow_board(sample_board())
    assert isinstance(fig, Figure)
    xs = [position(fig, p.label)[0] for p in Priority]
    assert xs == sorted(xs) and len(set(xs)) == 4
    for share in ("48% of the effort · 11 person-days", "30% of the effort · 7 person-days",
                  "22% of the effort · 5 person-days", "not counted · 2 person-days"):  # fmt: skip
        assert share in texts(fig)
    assert fig.axes[0].get_title(loc="left") == "MoSCoW board · budget 20 person-days"


def test_each_item_is_a_card_in_its_column_with_effort_and_impact():
    sample = sample_board()
    fig = moscow_board(sample)
    assert len(cards(fig)) == len(sample)
    assert position(fig, "Bring-a-friend pass")[0] == position(fig, "Could have")[0]
    assert "3 person-days · low impact" in texts(fig)
    assert any("inactive yet" in t for t in texts(fig))  # a Won't shows its reason


def test_the_must_column_is_marked_when_musts_take_too_much():
    assert not any("⚠" in t for t in texts(moscow_board(GOOD)))
    fig = moscow_board(GOOD.with_budget(7))
    assert "⚠ Musts: 71% of the budget\n(max 60%)" in texts(fig)
    edges = [
        p.get_edgecolor() for p in fig.axes[0].patches if isinstance(p, Rectangle)
        and not isinstance(p, FancyBboxPatch)
    ]  # fmt: skip
    red = tuple(int(WARNING_COLOUR[i : i + 2], 16) / 255 for i in (1, 3, 5))
    assert sum(tuple(round(c, 3) for c in e[:3]) == tuple(round(c, 3) for c in red)
               for e in edges) == 1  # fmt: skip
    assert position(fig, "⚠")[0] == position(fig, "Must have")[0]


def test_an_item_with_no_estimate_has_a_dashed_card_and_says_so():
    fig = moscow_board(GOOD.update("Call", effort=None))
    assert "effort not estimated · medium impact" in texts(fig)
    styles = [p.get_linestyle() for p in cards(fig)]
    assert sum(s == "--" for s in styles) == 1


def test_empty_columns_invite_the_learner_and_nothing_is_estimated():
    fig = moscow_board(MoscowBoard())
    assert "add a Must" in texts(fig)
    assert texts(fig).count("nothing here yet") == 3
    assert texts(fig).count("no effort estimated") == 3


def test_long_names_wrap_and_stay_inside_their_column():
    long = "Personal video message from the founder after the third month of classes " * 2
    fig = moscow_board(MoscowBoard((item(long, M, 2, reason=long), item(long, W, 1, reason=long))))
    assert_texts_stay_in_their_columns(fig)


def test_the_drawing_shows_as_an_image_with_the_boards_alt_text():
    html = moscow_board(GOOD)._repr_html_()
    assert '<img src="data:image/svg+xml;base64,' in html
    assert f'alt="{escape(GOOD.describe(), quote=True)}"' in html
    evil = moscow_board(MoscowBoard((item(EVIL, M, 1),)))._repr_html_()
    assert "<img src=x" not in evil.split("alt=")[1]
