"""The PathPaver driven headless, the way a learner would use it; and its self-check."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from widget_support import drawn_alt, drawn_html, sample_file

from journey_lessons import (
    JourneyPlan,
    LifecycleStep,
    Stage,
    Touchpoint,
    load_journey,
    sample_journey,
    sample_milestones,
    save_journey,
)
from journey_lessons.checks._paths import (
    BAKERY_FOLLOW_UP,
    bakery_touchpoint,
    specific_touchpoint,
)
from journey_lessons.paths import EmotionScale, PathSet
from journey_lessons.paths import Path as JourneyPath
from journey_lessons.widgets import open_journey
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


# -- reordering, deleting, and the paths a renamed milestone leaves behind -------------

HARBOR = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"
QUOTE = "Ask for a repair quote"


def harbor(tmp_path: Path, **parts) -> Path:
    """A learner's file for Harbor Bikes (not the sample), with some parts replaced."""
    path = tmp_path / "my_journey.yaml"
    save_journey(load_journey(HARBOR).replace(**parts), path)
    return path


def renamed_quote(tmp_path: Path) -> Path:
    """Harbor Bikes after the learner renamed the quote milestone in notebook 01."""
    plan = load_journey(HARBOR)
    quote = dataclasses.replace(plan.milestones.milestones[0], name="Request a quote")
    return harbor(tmp_path, milestones=plan.milestones.replace(0, quote))


def fix_for(paver: PathPaver, label_start: str):
    return next(line for line in paver.fixes.children if label_start in line.children[0].value)


def test_down_and_up_reorder_the_touchpoints_and_the_saved_file(tmp_path):
    path = harbor(tmp_path)
    paver = PathPaver.from_file(path)
    pick(paver, QUOTE)
    sms, reminder = paver.rows.children
    assert sms.up.disabled and reminder.down.disabled and not sms.down.disabled
    sms.down.click()
    assert [r.name.value for r in paver.rows.children] == [reminder.name.value, sms.name.value]
    assert paver.paths.paths[1].touchpoints[0].name == "Booking reminder the next morning"
    assert sms.down.disabled and reminder.up.disabled
    sms.down.click()  # the last stays last
    assert paver.rows.children[-1] is sms
    paver.save_button.click()
    saved = load_journey(path).paths.paths[1]
    assert [t.name for t in saved.touchpoints] == [
        "Booking reminder the next morning",
        "Quote by SMS within two hours",
    ]


def test_the_path_from_first_contact_is_added_and_deleted_like_any_other(tmp_path):
    # half-finished: milestones and one path, no path from the first contact yet
    full = load_journey(HARBOR)
    half = JourneyPlan(full.milestones, PathSet(full.paths.paths[1:2]), business=full.business)
    path = tmp_path / "my_journey.yaml"
    save_journey(half, path)
    paver = PathPaver.from_file(path)
    assert paver.path_picker.options[0][0] == f"first contact → {QUOTE}"
    assert paver.rows.children == ()
    paver.add_button.click()
    (row,) = paver.rows.children
    row.name.value = "Flyer at the ferry terminal"
    row.channel.value = "printed flyer"
    paver.save_button.click()
    saved = load_journey(path).paths
    assert (saved.paths[-1].start, saved.paths[-1].end) == ("", QUOTE)
    assert saved.paths[-1].touchpoints[0].name == "Flyer at the ferry terminal"

    again = PathPaver.from_file(path)
    assert [r.name.value for r in again.rows.children] == ["Flyer at the ferry terminal"]
    again.delete_button.click()
    assert again.rows.children == ()
    assert again.path_picker.options[0][0] == f"first contact → {QUOTE}"  # still offered
    again.save_button.click()
    assert [(p.start, p.end) for p in load_journey(path).paths.paths] == [(QUOTE, "Book a repair")]


def test_a_renamed_milestone_leaves_stale_paths_each_with_its_fixes(tmp_path):
    paver = PathPaver.from_file(renamed_quote(tmp_path))
    assert "unknown_milestone" in paver.findings().codes
    lines = paver.fixes.children
    assert len(lines) == 2
    assert all("joins a milestone your map no longer has" in ln.children[0].value for ln in lines)
    first = fix_for(paver, f"first contact → {QUOTE}")
    assert [b.description for b in first.children[1:]] == [
        "Move its touchpoints to first contact → Request a quote",
        "Remove this path",
    ]


def test_one_click_moves_a_stale_paths_touchpoints_to_the_renamed_milestone(tmp_path):
    path = renamed_quote(tmp_path)
    paver = PathPaver.from_file(path)
    fix_for(paver, f"first contact → {QUOTE}").children[1].click()
    assert "Moved 1 touchpoint(s)" in paver.status.value
    assert paver.slot.label == "first contact → Request a quote"
    assert [r.name.value for r in paver.rows.children] == ["Google Maps listing with opening hours"]
    fix_for(paver, f"{QUOTE} → Book a repair").children[1].click()
    assert paver.fixes.children == ()
    assert "unknown_milestone" not in paver.findings().codes
    labels = [label for label, _ in paver.path_picker.options]
    assert not any("not a pair" in label for label in labels)
    paver.save_button.click()
    saved = load_journey(path)
    # each path keeps its place in the file, and every touchpoint is still there
    assert [(p.start, p.end) for p in saved.paths.paths][:2] == [
        ("", "Request a quote"),
        ("Request a quote", "Book a repair"),
    ]
    assert saved.paths.names == load_journey(HARBOR).paths.names
    assert "unknown_milestone" not in saved.check().codes


def test_one_click_removes_a_stale_path(tmp_path):
    path = renamed_quote(tmp_path)
    paver = PathPaver.from_file(path)
    before = len(paver.paths.paths)
    pick(paver, "Book a repair")  # the fix does not need the stale path to be shown
    fix_for(paver, f"{QUOTE} → Book a repair").children[-1].click()
    assert len(paver.paths.paths) == before - 1
    assert len(paver.fixes.children) == 1
    assert paver.slot.label == "Book a repair → Rate the repair"  # still shown
    # its touchpoints went with it: the board and the use case name them, and it says so
    assert "unknown_touchpoint" in paver.findings().codes
    paver.save_button.click()
    assert "Saved your" in paver.status.value
    assert len(open_journey(path).plan.paths.paths) == before - 1


def test_stale_paths_and_their_obvious_pairs_in_the_model():
    plan = load_journey(HARBOR)
    milestones = plan.milestones
    assert plan.paths.stale(milestones) == ()
    quote = dataclasses.replace(milestones.milestones[0], name="Request a quote")
    renamed = milestones.replace(0, quote)
    assert plan.paths.stale(renamed) == (0, 1)
    assert plan.paths.obvious_pair(0, renamed) == ("", "Request a quote")
    assert plan.paths.obvious_pair(1, renamed) == ("Request a quote", "Book a repair")
    assert plan.paths.obvious_pair(2, renamed) is None  # not stale
    # both ends gone: nothing to go by
    lost = plan.paths.add(JourneyPath("Somewhere", "Elsewhere"))
    assert lost.obvious_pair(len(lost) - 1, renamed) is None
    # a pair that already has its path is not free
    taken = plan.paths.add(JourneyPath("", "Request a quote"))
    assert taken.obvious_pair(0, renamed) is None


def test_path_move_in_the_model():
    path = sample_journey().paths.paths[1]
    names = [t.name for t in path.touchpoints]
    assert [t.name for t in path.move(0, 2).touchpoints] == [names[1], names[2], names[0]]
    assert path.move(0, -1) == path
    with pytest.raises(IndexError):
        path.move(len(names), 1)


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
