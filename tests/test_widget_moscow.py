"""The MoscowBoardEditor driven headless, the way a learner would use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from widget_support import drawn_html, sample_file

from journey_lessons import (
    JourneyPlan,
    MoscowBoard,
    MoscowItem,
    Priority,
    UpsellImpact,
    load_journey,
    sample_board,
    sample_journey,
    save_journey,
)
from journey_lessons.widgets import open_journey
from journey_lessons.widgets._moscow import MoscowBoardEditor, MoscowRow

RENEWAL = "Renewal reminder 30 days before term end"


def alt_text(editor: MoscowBoardEditor) -> str:
    return "".join(o["data"].get("text/plain", "") for o in editor.drawing.outputs)


def row_for(editor: MoscowBoardEditor, name: str) -> MoscowRow:
    return next(r for r in editor.rows.children if r.touchpoint == name)


def test_it_starts_from_the_board_of_the_plan():
    editor = MoscowBoardEditor(sample_journey())
    assert editor.board == sample_board()
    assert editor.plan == sample_journey()
    assert len(editor.rows.children) == len(sample_board().items)
    assert alt_text(editor) == sample_board().describe()
    assert "Musts: 55% of the budget, within the usual 60%" in editor.balance_view.value
    assert "Done: 6 items" in editor.fit_view.value
    # the paths' touchpoints that are not on the board are offered, and named in a tip
    assert "Free trial invitation" in editor.new_touchpoint.options
    assert RENEWAL not in editor.new_touchpoint.options
    assert editor.findings().codes == {"touchpoint_not_on_board"}


def test_a_board_on_its_own_has_no_paths_to_refer_to():
    editor = MoscowBoardEditor(sample_board())
    assert editor.board == sample_board()
    assert editor.findings() == ()
    # the journey has no paths: the widget says which notebook comes first
    assert "Do notebook 02 first" in editor.findings_view.value


def test_moving_a_should_to_must_updates_balance_findings_fit_and_drawing():
    editor = MoscowBoardEditor(sample_board())
    before = alt_text(editor)
    row_for(editor, "Progress review call").priority.value = Priority.MUST
    board = editor.board
    assert board.item("Progress review call").priority is Priority.MUST
    assert "must_over_budget_share" in editor.findings().codes
    assert "The Musts take 75% of the budget" in editor.findings_view.value
    assert "over the usual 60%" in editor.balance_view.value
    assert alt_text(editor) != before and "Must have (65% of the effort)" in alt_text(editor)


def test_effort_can_be_left_unestimated_and_the_budget_switched_off():
    editor = MoscowBoardEditor(sample_board())
    row = row_for(editor, RENEWAL)
    row.not_estimated.value = True
    assert row.effort.disabled
    assert editor.board.item(RENEWAL).effort is None
    assert "no_effort_estimate" in editor.findings().codes
    assert "Not estimated: 1" in editor.fit_view.value
    row.not_estimated.value = False
    row.effort.value = 2.5
    assert editor.board.item(RENEWAL).effort == 2.5

    editor.budget.value = 9
    assert "budget_exceeded_by_musts" in editor.findings().codes
    assert "Musts that do not fit" in editor.fit_view.value
    editor.no_budget.value = True
    assert editor.budget.disabled and editor.board.budget is None
    assert "Set a budget" in editor.fit_view.value
    assert "of the planned effort" in editor.balance_view.value


def test_bounded_boxes_keep_impossible_numbers_out_of_the_model():
    editor = MoscowBoardEditor(sample_board())
    row_for(editor, RENEWAL).effort.value = -3
    editor.budget.value = -1
    assert editor.board.item(RENEWAL).effort == 0
    assert editor.board.budget == 0
    assert "Could not use" not in editor.findings_view.value


def test_a_wont_keeps_its_reason_and_a_reasonless_wont_is_a_finding():
    editor = MoscowBoardEditor(sample_board())
    row = row_for(editor, "Bring-a-friend pass")
    row.priority.value = Priority.WONT
    assert "Why not this time" in row.reason.placeholder
    assert editor.board.item("Bring-a-friend pass").reason.startswith("Brings referrals")
    row.reason.value = ""
    assert "wont_without_reason" in editor.findings().codes
    assert "This Won&#x27;t has no reason" in editor.findings_view.value


def test_touchpoints_of_the_paths_can_be_added_and_removed():
    editor = MoscowBoardEditor(sample_journey())
    editor.new_touchpoint.value = "Free trial invitation"
    editor.add_button.click()
    assert editor.board.item("Free trial invitation").priority is Priority.COULD
    assert "Free trial invitation" not in editor.new_touchpoint.options
    assert "Added Free trial invitation" in editor.status.value
    # the same touchpoint twice, or nothing at all, is refused with a message
    editor.new_touchpoint.value = "free trial  invitation"
    editor.add_button.click()
    assert "already on the board" in editor.status.value
    editor.new_touchpoint.value = " "
    editor.add_button.click()
    assert "Type or pick" in editor.status.value
    assert len(editor.board) == len(sample_board()) + 1

    row_for(editor, "Free trial invitation").remove.click()
    assert editor.board == sample_board()
    assert "Free trial invitation" in editor.new_touchpoint.options


def test_a_name_that_no_path_holds_is_a_finding_not_an_error():
    editor = MoscowBoardEditor(sample_journey())
    editor.add_touchpoint("Loyalty stamp card")
    assert "unknown_touchpoint" in editor.findings().codes
    assert "No path has a touchpoint of this name" in editor.findings_view.value


def test_impact_mismatch_is_shown():
    editor = MoscowBoardEditor(sample_board())
    row_for(editor, "Monthly member newsletter").priority.value = Priority.MUST
    row_for(editor, "Bring-a-friend pass").impact.value = UpsellImpact.HIGH
    assert "must_low_impact_vs_could_high" in editor.findings().codes


def test_learner_text_is_escaped_everywhere():
    evil = "<img src=x onerror=alert(1)>"
    board = MoscowBoard((MoscowItem(evil, Priority.MUST, 2, reason="<b>x</b>"),), budget=1)
    editor = MoscowBoardEditor(board)
    editor.add_touchpoint("<script>alert(2)</script>")
    shown = (
        editor.findings_view.value
        + drawn_html(editor)
        + editor.fit_view.value
        + editor.status.value
        + editor.rows.children[0].name.value
    )
    assert "<img src=x" not in shown and "<script>" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in editor.rows.children[0].name.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in editor.fit_view.value


def test_save_and_continue_from_the_file(tmp_path):
    path = tmp_path / "my_journey.yaml"
    editor = MoscowBoardEditor.from_file(sample_file(path))
    row_for(editor, "Progress review call").priority.value = Priority.MUST
    row_for(editor, RENEWAL).not_estimated.value = True
    editor.save_button.click()
    assert "Saved your" in editor.status.value
    saved = load_journey(path)
    assert saved.board.item("Progress review call").priority is Priority.MUST
    assert saved.board.item(RENEWAL).effort is None
    # the parts this widget does not edit are saved as they were
    sample = sample_journey()
    assert saved.paths == sample.paths and saved.milestones == sample.milestones
    assert saved.canvas == sample.canvas and saved.kpi_targets == sample.kpi_targets

    again = MoscowBoardEditor.from_file(path)
    assert again.board == editor.board
    assert again.rows.children[-1].not_estimated.value is False
    assert row_for(again, RENEWAL).not_estimated.value is True


def test_an_empty_plan_opens_with_nothing_to_add():
    editor = MoscowBoardEditor(JourneyPlan())
    assert editor.board == MoscowBoard()
    assert editor.new_touchpoint.options == ()
    assert "no_musts" in editor.findings().codes
    assert "No effort estimated yet" in editor.balance_view.value


# -- the notebook's self-check --------------------------------------------------------


def rebalanced_bakery() -> MoscowBoard:
    from journey_lessons.checks._moscow import CLASS, NEWSLETTER, PHOTO, bakery_board

    return (
        bakery_board()
        .set_priority(CLASS, Priority.SHOULD)
        .set_priority(PHOTO, Priority.COULD)
        .update(NEWSLETTER, reason="Few customers read email yet; look again in spring.")
    )


def test_the_over_committed_bakery_gets_a_hint_for_each_slip():
    from journey_lessons.checks._moscow import bakery_board, rebalance_bakery

    feedback = rebalance_bakery(bakery_board())
    assert [p.passed for p in feedback] == [True, False, False, False, False, False]
    text = str(feedback)
    assert "The Musts take 90% of the budget" in text
    assert "upsell impact" in text and "Won't" in text
    # a hint, not the answer: it names no touchpoint to keep or to move
    assert "Instagram photo" not in text and "Cake pre-order" not in text
    assert "a fifth of the effort as Coulds" in text


def test_the_rebalanced_bakery_passes_every_point():
    from journey_lessons.checks._moscow import rebalance_bakery

    feedback = rebalance_bakery(rebalanced_bakery())
    assert feedback.passed, str(feedback)
    assert "50% of the budget" in str(feedback)


def test_rebalancing_by_cutting_estimates_or_dropping_the_wont_is_told_apart():
    from journey_lessons.checks._moscow import CAKES, NEWSLETTER, rebalance_bakery

    cut = rebalanced_bakery().update(CAKES, effort=1)
    assert not rebalance_bakery(cut)[0].passed
    dropped = rebalanced_bakery().remove(NEWSLETTER)
    feedback = rebalance_bakery(dropped)
    assert [p.passed for p in feedback] == [False, True, True, True, False, True]
    assert "`rebalanced` should be a MoscowBoard" in str(rebalance_bakery(None))


# -- reordering, and a touchpoint no path holds any more -------------------------------

HARBOR = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"
MAPS = "Google Maps listing with opening hours"
REMINDER = "Booking reminder the next morning"


def harbor(tmp_path: Path, board: MoscowBoard | None = None) -> Path:
    """A learner's file for Harbor Bikes (not the sample), with another board if given."""
    plan = load_journey(HARBOR)
    path = tmp_path / "my_journey.yaml"
    save_journey(plan if board is None else plan.replace(board=board), path)
    return path


def test_up_and_down_reorder_the_board_and_decide_which_tie_is_planned_first(tmp_path):
    # two Coulds alike, and a budget with room for only one of them
    board = load_journey(HARBOR).board.update(MAPS, priority="could", effort=1).with_budget(6)
    path = harbor(tmp_path, board)
    editor = MoscowBoardEditor.from_file(path)
    names = [r.touchpoint for r in editor.rows.children]
    assert names[-2:] == [REMINDER, MAPS]
    assert editor.rows.children[0].up.disabled and editor.rows.children[-1].down.disabled
    assert editor.board.fit_budget().dropped == (MAPS,)
    row_for(editor, MAPS).up.click()
    assert [r.touchpoint for r in editor.rows.children][-2:] == [MAPS, REMINDER]
    assert editor.board.fit_budget().dropped == (REMINDER,)
    assert "Dropped: 1" in editor.fit_view.value
    row_for(editor, MAPS).down.click()
    row_for(editor, MAPS).up.click()
    editor.save_button.click()
    saved = load_journey(path).board
    assert [i.touchpoint for i in saved.items][-2:] == [MAPS, REMINDER]
    assert saved == board.move(MAPS, -1)


def test_a_touchpoint_no_path_holds_is_marked_and_taken_off_in_one_click(tmp_path):
    board = load_journey(HARBOR).board.add(MoscowItem("Old flyer", Priority.COULD, 1))
    path = harbor(tmp_path, board)
    editor = MoscowBoardEditor.from_file(path)
    assert "unknown_touchpoint" in editor.findings().codes
    stale = row_for(editor, "Old flyer")
    assert "no path has it" in stale.name.value
    assert "no path has it" not in row_for(editor, MAPS).name.value
    stale.remove.click()
    assert "unknown_touchpoint" not in editor.findings().codes
    editor.save_button.click()
    assert open_journey(path).plan.board == load_journey(HARBOR).board


def test_board_move_in_the_model():
    board = sample_board()
    first, second = board.items[0].touchpoint, board.items[1].touchpoint
    assert board.move(first, 1).items[:2] == (board.items[1], board.items[0])
    assert board.move(first.upper(), -1) == board  # names as a reader compares them
    assert board.move(second, -9).items[0].touchpoint == second
    with pytest.raises(KeyError, match="not on the board"):
        board.move("Nothing like it", 1)
