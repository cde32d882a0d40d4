"""The PathPaver driven headless, the way a learner would use it; and its self-check."""

from __future__ import annotations

import dataclasses

from widget_support import drawn_alt, drawn_html, sample_file

from journey_lessons import (
    JourneyPlan,
    LifecycleStep,
    Stage,
    Touchpoint,
    load_journey,
    sample_journey,
    sample_milestones,
)
from journey_lessons.checks._paths import (
    BAKERY_FOLLOW_UP,
    bakery_touchpoint,
    specific_touchpoint,
)
from journey_lessons.paths import EmotionScale, PathSet
from journey_lessons.widgets._paths import PathPaver, path_side, step_options


def pick(paver: PathPaver, label_start: str) -> None:
    paver.path_picker.value = next(
        v for label, v in paver.path_picker.options if label.startswith(label_start)
    )


def test_it_starts_from_the_plan_and_changes_nothing_by_itself():
    paver = PathPaver(sample_journey())
    assert paver.paths == sample_journey().paths
    assert paver.plan == sample_journey()
    assert "No findings" in paver.findings_view.value
    assert "journey paths, 6 paths and 15 touchpoints" in drawn_alt(paver)
    assert '<img src="data:image/svg+xml' in drawn_html(paver)


def test_the_picker_lists_every_pair_of_milestones_from_the_first_contact():
    paver = PathPaver(sample_journey())
    labels = [label for label, _ in paver.path_picker.options]
    assert labels[0] == "first contact → Download the 7-day beginner plan"
    assert labels[-1] == "Add one-to-one coaching → Refer a friend"
    assert len(labels) == len(sample_milestones())
    # a new journey with milestones but no paths still offers the first contact
    fresh = PathPaver(JourneyPlan(milestones=sample_milestones()))
    assert [label for label, _ in fresh.path_picker.options] == labels
    assert fresh.rows.children == ()
    assert "no_paths" in fresh.findings().codes


def test_picking_a_path_shows_its_touchpoints_and_its_side():
    paver = PathPaver(sample_journey())
    assert next(r.name.value for r in paver.rows.children).startswith("Instagram reel")
    assert "leads up to the purchase" in paver.side_note.value
    pick(paver, "Buy the annual membership")
    assert [r.name.value for r in paver.rows.children] == [
        "Welcome pack and first class booking",
        "Day-30 satisfaction survey",
    ]
    assert "follows the purchase" in paver.side_note.value
    # the steps that belong after the purchase come first in the dropdown
    first = paver.rows.children[0].step.options[0]
    assert first == ("4. Deliver a great experience", LifecycleStep.DELIVER)


def test_a_vague_touchpoint_is_flagged_in_the_findings_and_the_drawing():
    paver = PathPaver(sample_journey())
    row = paver.rows.children[0]
    row.channel.value = "social media"
    row.owner.value = ""
    codes = paver.findings().codes
    assert {"vague_channel", "vague_owner"} <= codes
    assert "too vague to act on" in paver.findings_view.value
    assert "social media" in drawn_alt(paver)
    row.channel.value = "TikTok video"
    row.owner.value = "content lead"
    assert "No findings" in paver.findings_view.value
    assert "TikTok video" in drawn_alt(paver)


def test_adding_a_touchpoint_updates_the_model_findings_and_drawing():
    paver = PathPaver(sample_journey())
    pick(paver, "Start the 14-day free trial")
    paver.add_button.click()
    assert len(paver.rows.children) == 3
    row = paver.rows.children[-1]
    assert row.step.value is LifecycleStep.ACQUIRE  # the first step on this side
    assert "empty_name" in paver.findings().codes
    row.name.value = "Sales call on trial day 10"
    row.step.value = LifecycleStep.CONVERT
    row.channel.value = "phone call"
    row.trigger.value = "trial day 10, if no live class was joined"
    row.owner.value = "membership lead"
    row.content.value = "A ten-minute call: what would help you keep going?"
    row.measure.value = "share of called trial members who buy"
    row.wait.value = 3
    row.emotion.value = -1
    row.evidence.value = row.evidence.options[1][1]
    path = paver.paths.paths[2]
    new = path.touchpoints[-1]
    assert new.name == "Sales call on trial day 10" and new.wait_days == 3
    assert isinstance(new.wait_days, int) and new.emotion == -1
    assert new.evidence.value == "observed"
    assert "No findings" in paver.findings_view.value
    assert "Sales call on trial day 10 (convert leads to customers, phone call" in drawn_alt(paver)


def test_no_fixed_wait_means_none_and_typing_a_wait_unticks_it():
    paver = PathPaver(sample_journey())
    pick(paver, "Add one-to-one coaching")
    winback = paver.rows.children[1]
    assert winback.no_wait.value
    winback.wait.value = 21.5
    assert not winback.no_wait.value
    assert paver.paths.paths[5].touchpoints[1].wait_days == 21.5
    winback.no_wait.value = True
    assert paver.paths.paths[5].touchpoints[1].wait_days is None


def test_a_step_on_the_wrong_side_of_the_purchase_is_an_error():
    paver = PathPaver(sample_journey())
    paver.rows.children[0].step.value = LifecycleStep.REFER
    assert "step_too_early" in paver.findings().codes
    assert "happens after the purchase" in paver.findings_view.value


def test_removing_touchpoints_shows_gaps_and_dangling_references():
    paver = PathPaver(sample_journey())
    pick(paver, "Start the 14-day free trial")
    offer = paver.rows.children[1]
    offer.remove.click()
    assert len(paver.paths.paths[2].touchpoints) == 1
    findings = paver.findings()
    # the MoSCoW board and the use cases still name the removed offer
    assert "unknown_touchpoint" in findings.codes
    assert any("MoSCoW board" in f.where for f in findings)
    pick(paver, "Start the 14-day free trial")
    before = len(paver.paths.paths)
    paver.rows.children[0].remove.click()
    # a path emptied of its touchpoints goes, and with it its findings
    assert len(paver.paths.paths) == before - 1
    assert "missing_path" in paver.findings().codes
    assert "step_not_covered" in paver.findings().codes
    assert "Convert leads to customers" in paver.findings_view.value


def test_renaming_a_touchpoint_keeps_the_plan_consistent():
    paver = PathPaver(sample_journey())
    pick(paver, "Start the 14-day free trial")
    old = "Trial-ending offer: 20% off the annual plan"
    row = paver.rows.children[1]
    assert row.name.value == old
    for typed in ("", "T", "Trial offer"):  # as a learner types, through an empty box
        row.name.value = typed
    plan = paver.plan
    named = [i.touchpoint for i in plan.board.items] + [
        u.touchpoint for u in plan.use_cases.use_cases
    ]
    assert "Trial offer" in named and old not in named
    assert "unknown_touchpoint" not in paver.findings().codes
    assert plan.check().ok


def test_swapping_two_names_follows_both():
    paver = PathPaver(sample_journey())
    pick(paver, "Rate the first month")
    taster, call = paver.rows.children
    taster.name.value, call.name.value = call.name.value, taster.name.value
    before = {i.touchpoint: i.priority for i in sample_journey().board.items}
    after = {i.touchpoint: i.priority for i in paver.plan.board.items}
    assert after["Progress review call"] == before["Coaching taster after 8 classes"]
    assert after["Coaching taster after 8 classes"] == before["Progress review call"]


def test_move_up_reorders_the_path():
    paver = PathPaver(sample_journey())
    pick(paver, "Download the 7-day")
    paver.rows.children[2].up.click()
    assert [t.name for t in paver.paths.paths[1].touchpoints][1] == "Free trial invitation"
    paver.rows.children[0].up.click()  # the first stays first
    assert paver.paths.paths[1].touchpoints[0].name == "Welcome email with the day-1 video"


def test_emotion_slider_follows_the_plans_scale_and_dips_show():
    plan = sample_journey()
    plan = plan.replace(paths=plan.paths.with_scale(EmotionScale(-2, 2)))
    paver = PathPaver(plan)
    row = paver.rows.children[1]
    assert (row.emotion.min, row.emotion.max) == (-2, 2)
    row.emotion.value = -2
    assert {"emotion_dip", "emotion_low"} <= paver.findings().codes
    assert "Emotion dips at: Beginner plan landing page" in drawn_alt(paver)
    wide = sample_journey().paths
    wide = PathSet(wide.paths, EmotionScale(-5, 5))
    paver = PathPaver(sample_journey().replace(paths=wide))
    assert paver.rows.children[0].emotion.max == 5


def test_a_path_that_fits_no_pair_is_kept_and_offered():
    plan = sample_journey()
    odd = dataclasses.replace(plan.paths.paths[1], start="Somewhere else")
    plan = plan.replace(paths=plan.paths.replace(1, odd))
    paver = PathPaver(plan)
    labels = [label for label, _ in paver.path_picker.options]
    assert labels[-1].startswith("Somewhere else →")
    assert "not a pair of consecutive milestones" in labels[-1]
    assert paver.paths == plan.paths
    assert "unknown_milestone" in paver.findings().codes


def test_no_milestones_no_paths_is_a_finding_not_an_error():
    paver = PathPaver(JourneyPlan())
    assert paver.path_picker.value is None
    assert paver.add_touchpoint() is None
    assert "notebook 01" in paver.side_note.value
    assert "no_paths" in paver.findings().codes


def test_learner_text_is_escaped_in_the_findings_and_the_drawing():
    paver = PathPaver(sample_journey())
    row = paver.rows.children[0]
    row.name.value = "<img src=x onerror=alert(1)>"
    row.channel.value = "<script>x</script>"
    row.owner.value = "staff"
    shown = paver.findings_view.value + drawn_html(paver)
    assert "<img src=x" not in shown and "<script>" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in paver.findings_view.value


def test_save_and_continue_from_the_file(tmp_path):
    path = tmp_path / "my_journey.yaml"
    paver = PathPaver.from_file(sample_file(path))
    pick(paver, "Buy the annual membership")
    paver.rows.children[0].name.value = "Welcome box"
    paver.save_button.click()
    assert "Saved your" in paver.status.value
    saved = load_journey(path)
    assert saved.paths.paths[3].touchpoints[0].name == "Welcome box"
    # the parts this widget does not edit are saved as they were
    assert saved.milestones == sample_journey().milestones
    assert saved.requirements == sample_journey().requirements
    assert saved.kpi_targets == sample_journey().kpi_targets
    again = PathPaver.from_file(path)
    assert again.paths == paver.paths and again.plan == saved
    assert "Opened" in again.status.value


def test_an_unreadable_file_is_reported_and_never_overwritten(tmp_path):
    path = tmp_path / "my_journey.yaml"
    path.write_text("schema: journey-lessons\nkind: journey\nversion: 1\npaths: {\n")
    paver = PathPaver.from_file(path)
    assert "Could not read your file" in paver.status.value
    paver.save_button.click()
    assert path.read_text().endswith("paths: {\n")


# -- helpers ---------------------------------------------------------------------------


def test_path_side_and_step_options():
    m = sample_milestones()
    names = [x.name for x in m.milestones]
    assert path_side(m, "", names[0]) is Stage.BEFORE
    assert path_side(m, names[2], names[3]) is Stage.AFTER
    assert path_side(m, "", "nowhere") is None
    assert next(label for label, _ in step_options(None)) == "1. Acquire leads"
    after = step_options(Stage.AFTER)
    assert after[-1] == ("3. Convert leads to customers (usually before the purchase)",
                         LifecycleStep.CONVERT)  # fmt: skip


# -- the self-check --------------------------------------------------------------------

FIXED = dataclasses.replace(
    BAKERY_FOLLOW_UP,
    step=LifecycleStep.CONVERT,
    channel="SMS",
    trigger="the morning after tasting, if the taster left a number",
    owner="the shop manager",
    content="A voucher: your first loaf at half price this week.",
    measure="share of tasters who buy a loaf within 7 days",
)


def test_the_vague_touchpoint_gets_a_point_for_each_vague_field():
    feedback = bakery_touchpoint(BAKERY_FOLLOW_UP)
    assert not feedback.passed and not any(p.passed for p in feedback)
    text = str(feedback)
    for words in ("channel 'social media'", "trigger 'sometimes'", "owner 'staff'",
                  "measure 'engagement'", "belongs after the purchase"):  # fmt: skip
        assert words in text


def test_a_partly_fixed_touchpoint_is_told_what_is_left():
    partly = dataclasses.replace(BAKERY_FOLLOW_UP, channel="SMS", owner="")
    feedback = bakery_touchpoint(partly)
    assert [p.passed for p in feedback] == [True, False, False, False, False, False]
    assert "The owner is empty" in str(feedback)


def test_the_fixed_touchpoint_passes_every_point():
    feedback = bakery_touchpoint(FIXED)
    assert feedback.passed, str(feedback)
    assert "Well done" in feedback._repr_html_()


def test_specific_touchpoint_works_on_any_touchpoint():
    sample = sample_journey().paths.paths[0].touchpoints[0]
    assert specific_touchpoint(sample).passed and len(specific_touchpoint(sample)) == 4
    assert not specific_touchpoint(sample, Stage.AFTER).passed
    assert not specific_touchpoint("a touchpoint").passed  # type: ignore[arg-type]
    assert not bakery_touchpoint(None).passed  # type: ignore[arg-type]
    nameless = Touchpoint("x", LifecycleStep.NURTURE, channel="?")
    assert "still vague" in str(specific_touchpoint(nameless))
