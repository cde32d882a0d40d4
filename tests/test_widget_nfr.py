"""The NfrEditor driven headless, the way a learner would use it; and its self-check."""

from __future__ import annotations

from pathlib import Path

import pytest
from widget_support import drawn_html, sample_file

from journey_lessons import (
    Characteristic,
    JourneyPlan,
    JourneyStage,
    Requirement,
    RequirementSet,
    load_journey,
    sample_journey,
    sample_requirements,
    save_journey,
)
from journey_lessons.checks._nfr import bike_workshop_requirements, measurable_rewrites
from journey_lessons.nfr import Direction
from journey_lessons.widgets._nfr import NfrEditor, RequirementRow, gaps_html


def alt_text(editor: NfrEditor) -> str:
    return "".join(o["data"].get("text/plain", "") for o in editor.drawing.outputs)


def row(editor: NfrEditor, id: str) -> RequirementRow:
    return next(r for r in editor.rows.children if r.id.value == id)


def test_it_starts_from_the_requirements_it_is_given():
    editor = NfrEditor(sample_requirements())
    assert editor.requirements == sample_requirements()
    assert len(editor.rows.children) == 8
    assert "Findings: 1 tip" in editor.findings_view.value
    assert sample_requirements().describe() in alt_text(editor)
    assert 'class="jl-drawing"' in drawn_html(editor)
    gaps = editor.gaps_view.value
    assert "✘ short by 0.6 s" in gaps and "? not measured yet" in gaps
    assert "4 met, 3 short of the target, 1 not known yet." in gaps
    # stable class names for browser tests and page styles
    assert "jl-nfr-editor" in editor._dom_classes and "jl-gaps" in editor.gaps_view._dom_classes
    first = editor.rows.children[0]
    assert "jl-nfr-row" in first._dom_classes
    assert "jl-not-measured" in first.not_measured._dom_classes


def test_recording_a_measurement_updates_the_gaps_the_findings_and_the_heatmap():
    editor = NfrEditor(sample_requirements())
    reply = row(editor, "NFR-7")
    assert reply.measured.disabled
    reply.not_measured.value = False
    assert not reply.measured.disabled
    reply.measured.value = 6.0
    assert editor.requirements.get("NFR-7").measured == 6.0
    assert editor.requirements.get("NFR-7").met is False
    assert "no_measurement" not in editor.findings().codes
    assert "No findings" in editor.findings_view.value
    assert "✘ short by 2 h" in editor.gaps_view.value
    assert "4 not met" in alt_text(editor) and "NFR-7 (Retention" in alt_text(editor)

    reply.measured.value = 3.5  # now met
    assert "5 met, 3 not met" in alt_text(editor)
    assert "5 met, 3 short of the target, 0 not known yet." in editor.gaps_view.value


def test_a_new_row_is_flagged_until_it_is_measurable_and_precise():
    editor = NfrEditor(RequirementSet(title="Harbour tea room"))
    assert "no_requirements" in editor.findings().codes
    editor.add_button.click()
    new = editor.rows.children[0]
    assert new.id.value == "NFR-1" and new.stage.value is JourneyStage.AWARENESS
    codes = editor.findings().codes
    assert {"empty_statement", "not_measurable"} <= codes
    assert "It cannot be measured: no metric and no target and no unit." in (
        editor.findings_view.value
    )

    new.statement.value = "The menu page should load fast."
    assert "vague_statement" in editor.findings().codes
    assert "says &#x27;fast&#x27; without a number" in editor.findings_view.value

    new.statement.value = "The menu page shows its content within 2 s on a phone."
    new.metric.value = "Largest Contentful Paint on mobile"
    new.no_target.value = False
    new.target.value = 2.0
    new.unit.value = "s"
    codes = editor.findings().codes
    assert not codes & {"empty_statement", "not_measurable", "vague_statement"}
    assert editor.requirements.requirements[0].fit_criterion == "at most 2 s"
    assert "? not measured yet" in editor.gaps_view.value

    # the next blank row takes the next id and the first stage without a requirement
    editor.add_button.click()
    second = editor.rows.children[1]
    assert second.id.value == "NFR-2" and second.stage.value is JourneyStage.CONSIDERATION
    assert JourneyStage.CONSIDERATION.example in second.statement.placeholder
    second.stage.value = JourneyStage.RETENTION
    assert JourneyStage.RETENTION.example in second.statement.placeholder


def test_controls_change_stage_quality_and_direction_through_the_model():
    editor = NfrEditor(sample_requirements())
    first = row(editor, "NFR-1")
    assert "Stages with none" not in alt_text(editor)
    first.stage.value = JourneyStage.PURCHASE
    first.characteristic.value = Characteristic.SAFETY
    assert editor.requirements.get("NFR-1").stage is JourneyStage.PURCHASE
    assert "Stages with none: Awareness." in alt_text(editor)
    assert "NFR-1 (Purchase, Safety)" in alt_text(editor)
    assert "stage_without_requirements" in editor.findings().codes

    first.direction.value = Direction.AT_LEAST  # 3.1 s against "at least 2.5 s": met
    assert editor.requirements.get("NFR-1").met is True
    labels = [label for label, _ in first.characteristic.options]
    assert "Interaction capability (usability) ★" in labels and "Safety" in labels


def test_clicking_remove_takes_the_row_away():
    editor = NfrEditor(sample_requirements())
    editor.add_button.click()
    assert editor.rows.children[-1].id.value == "NFR-9"
    editor.rows.children[-1].remove.click()
    assert editor.requirements == sample_requirements()
    row(editor, "NFR-8").remove.click()
    assert editor.requirements == sample_requirements().remove("NFR-8")
    assert "stage_without_requirements" in editor.findings().codes
    assert "NFR-8" not in editor.gaps_view.value


def test_learner_mistakes_become_findings_not_errors():
    editor = NfrEditor(sample_requirements())
    form = row(editor, "NFR-3")
    form.target.value = 850  # meant 85%
    assert "percent_out_of_range" in editor.findings().codes
    assert "The target 850% is outside 0 to 100." in editor.findings_view.value
    row(editor, "NFR-4").id.value = "NFR-3"
    assert "duplicate_id" in editor.findings().codes
    form.measured.value = -5
    assert "The measured value -5% is outside 0 to 100." in editor.findings_view.value
    row(editor, "NFR-1").target.value = -2
    assert "negative_time" in editor.findings().codes
    # a box never takes an impossible number
    form.target.value = 10**12
    assert editor.requirements.get("NFR-3").target == 1e9


def test_typing_words_keeps_the_heatmap_and_changing_a_gap_redraws_it():
    editor = NfrEditor(sample_requirements())
    drawn = editor.drawing.outputs
    first = row(editor, "NFR-1")
    first.statement.value = "The landing page should be fast."
    assert editor.drawing.outputs is drawn  # nothing the heatmap shows changed
    assert "vague_statement" in editor.findings().codes
    assert "says &#x27;fast&#x27;" in editor.findings_view.value
    first.measured.value = 2.0
    assert editor.drawing.outputs is not drawn
    assert "NFR-1 (" not in alt_text(editor)
    drawn = editor.drawing.outputs
    first.id.value = "LP-1"  # met: the alt text does not name it
    first.unit.value = "seconds"
    assert editor.drawing.outputs is drawn
    row(editor, "NFR-3").id.value = "FORM-1"  # unmet: the alt text names it
    assert "FORM-1 (Consideration" in alt_text(editor)
    editor.title.value = "Lotus Flow, spring"
    assert "Lotus Flow, spring:" in alt_text(editor)


def test_learner_text_is_escaped_in_the_findings_the_gaps_and_the_drawing():
    editor = NfrEditor(sample_requirements())
    editor.title.value = '<script>alert("x")</script>'
    hostile = row(editor, "NFR-2")
    hostile.id.value = "<img src=x onerror=alert(1)>"
    hostile.statement.value = "<b>fast</b>"
    hostile.unit.value = "<i>s</i>"
    shown = editor.findings_view.value + editor.gaps_view.value + drawn_html(editor)
    assert "<script>" not in shown and "<img src=x" not in shown and "<i>s" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in editor.gaps_view.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in editor.findings_view.value
    assert gaps_html(RequirementSet()).startswith("<p>No requirements yet")


def test_save_and_continue_from_the_file(tmp_path):
    path = tmp_path / "my_journey.yaml"
    editor = NfrEditor.from_file(sample_file(path))
    reply = row(editor, "NFR-7")
    reply.not_measured.value = False
    reply.measured.value = 3.0
    editor.add_button.click()
    editor.rows.children[-1].statement.value = "Gift cards can be bought at checkout."
    editor.save_button.click()
    assert "Saved your" in editor.status.value
    saved = load_journey(path)
    assert saved.requirements == editor.requirements
    assert saved.requirements.get("NFR-7").met is True
    # the parts this widget does not edit are saved as they were
    plan = sample_journey()
    assert (saved.milestones, saved.paths, saved.board) == (plan.milestones, plan.paths, plan.board)
    assert (saved.use_cases, saved.canvas) == (plan.use_cases, plan.canvas)

    again = NfrEditor.from_file(path)
    assert again.requirements == editor.requirements
    assert "Opened" in again.status.value


def test_an_unreadable_file_is_reported_and_never_overwritten(tmp_path):
    path = tmp_path / "my_journey.yaml"
    path.write_text("schema: journey-lessons\nkind: journey\nversion: 1\nrequirements: [\n")
    editor = NfrEditor.from_file(path)
    assert "Could not read your file" in editor.status.value
    assert editor.requirements == RequirementSet()
    editor.save_button.click()
    assert "could not be read" in editor.status.value
    assert path.read_text().endswith("requirements: [\n")


def test_an_empty_plan_gives_an_empty_editor():
    editor = NfrEditor(JourneyPlan())
    assert editor.requirements == RequirementSet()
    assert "no non-functional requirements yet" in alt_text(editor)
    assert NfrEditor().requirements == RequirementSet()


# -- the self-check ----------------------------------------------------------------------

REWRITTEN = RequirementSet(
    (
        Requirement(
            "BK-1", "awareness", "performance",
            "The home page shows its main content within 2.5 s on a phone.",
            "Largest Contentful Paint on mobile", 2.5, "s", "at_most",
        ),
        Requirement(
            "BK-2", "consideration", "usability",
            "At least 90% of people who open the booking form finish it.",
            "booking form completion rate", 90, "%", "at_least",
        ),
        Requirement(
            "BK-3", "purchase", "security",
            "The monthly scan finds 0 high or critical issues on the deposit page.",
            "open high or critical issues", 0, "issues", "at_most",
        ),
        Requirement(
            "BK-4", "retention", "reliability",
            "At least 99% of 'your bike is ready' texts arrive within 10 minutes.",
            "texts delivered within 10 minutes", 99, "%", "at_least",
        ),
        Requirement(
            "BK-5", "advocacy", "usability",
            "A customer leaves a review in at most 2 taps from the thank-you text.",
            "taps from the text to a posted review", 2, "taps", "at_most",
        ),
    ),
    title="Spoke & Chain bike workshop",
)  # fmt: skip


def test_the_vague_draft_gets_a_hint_for_each_requirement():
    feedback = measurable_rewrites(bike_workshop_requirements())
    assert not feedback.passed and len(feedback) == 6
    messages = [p.message for p in feedback]
    assert messages[0] == (
        "BK-1 still has no metric, no target and no unit; "
        "its statement says 'fast' without a number."
    )
    assert "'secure'" in messages[2]
    assert messages[5].startswith("check() still finds 5 error(s)")


def test_a_partly_rewritten_set_is_told_what_is_left():
    partly = bike_workshop_requirements().replace("BK-1", REWRITTEN.get("BK-1"))
    moved = Requirement(
        "BK-2", "purchase", "usability", "Booking works in 90%.", "", 90, "", "at_least"
    )
    partly = partly.replace("BK-2", moved).remove("BK-5")
    feedback = measurable_rewrites(partly)
    assert [p.passed for p in feedback] == [True, False, False, False, False, False]
    assert (
        feedback[0].message
        == "BK-1 is measurable: Largest Contentful Paint on mobile, at most 2.5 s."
    )
    assert feedback[1].message == (
        "BK-2 still has no metric and no unit; moved from the consideration stage to purchase: "
        "keep the stage."
    )
    assert "BK-5 is missing" in feedback[4].message
    assert "1 of 6 points are right" in str(feedback)


def test_the_rewritten_set_passes_every_point():
    feedback = measurable_rewrites(REWRITTEN)
    assert feedback.passed and "Well done" in feedback._repr_html_()
    assert measurable_rewrites(list(REWRITTEN.requirements)).passed


def test_an_empty_statement_is_named_and_a_wrong_answer_is_feedback_not_an_error():
    blank = REWRITTEN.replace(
        "BK-3", Requirement("BK-3", "purchase", "security", "", "m", 0, "x", "at_most")
    )
    assert measurable_rewrites(blank)[2].message == (
        "BK-3 has no statement: say what must hold, with its number."
    )
    assert not measurable_rewrites("faster").passed  # type: ignore[arg-type]
    assert not measurable_rewrites(None).passed  # type: ignore[arg-type]


def test_values_from_a_file_are_kept_as_they_are_even_when_they_make_no_sense():
    negative = Requirement("T-1", "purchase", "performance", "2 s.", "time", -2, "s", "at_most")
    tiny = Requirement(
        "T-2", "retention", "reliability", "99.9%.", "up", 0.999, "%", "at_least", 250
    )
    odd = RequirementSet((negative, tiny))
    editor = NfrEditor(odd)
    assert editor.requirements == odd
    assert {"negative_time", "percent_out_of_range"} <= editor.findings().codes


# -- reordering and renaming requirements ----------------------------------------------

HARBOR = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"


def test_up_and_down_reorder_the_requirements_the_gaps_and_the_saved_file(tmp_path):
    path = tmp_path / "my_journey.yaml"
    save_journey(load_journey(HARBOR), path)
    editor = NfrEditor.from_file(path)
    ids = [r.id.value for r in editor.rows.children]
    assert ids == ["HB-1", "HB-2", "HB-3", "HB-4", "HB-5"]
    assert row(editor, "HB-1").up.disabled and row(editor, "HB-5").down.disabled
    row(editor, "HB-5").up.click()
    row(editor, "HB-1").down.click()
    assert [r.id for r in editor.requirements.requirements] == [
        "HB-2", "HB-1", "HB-3", "HB-5", "HB-4",
    ]  # fmt: skip
    gaps = editor.gaps_view.value
    assert gaps.index("HB-2") < gaps.index("HB-1") and gaps.index("HB-5") < gaps.index("HB-4")
    row(editor, "HB-3").id.value = "HB-3b"  # renamed in place
    row(editor, "HB-4").remove.click()
    editor.save_button.click()
    saved = load_journey(path).requirements
    assert [r.id for r in saved.requirements] == ["HB-2", "HB-1", "HB-3b", "HB-5"]
    again = NfrEditor.from_file(path)
    assert again.requirements == editor.requirements


def test_requirement_set_move_in_the_model():
    requirements = sample_requirements()
    ids = [r.id for r in requirements.requirements]
    assert [r.id for r in requirements.move(ids[0], 2).requirements][:3] == [
        ids[1], ids[2], ids[0],
    ]  # fmt: skip
    assert requirements.move(ids[-1], 1) == requirements
    with pytest.raises(KeyError, match="no requirement with id"):
        requirements.move("NFR-99", 1)
