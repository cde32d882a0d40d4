"""The MilestoneBuilder driven headless, the way a learner would use it."""

from __future__ import annotations

import pytest
from widget_support import drawn_html, sample_file

from journey_lessons import (
    MilestoneMap,
    Stage,
    load_journey,
    sample_journey,
    sample_milestones,
    save_milestones,
)
from journey_lessons.widgets import MilestoneBuilder


def test_it_starts_from_the_map_it_is_given():
    builder = MilestoneBuilder(sample_milestones())
    assert builder.map == sample_milestones()
    assert "No findings" in builder.findings_view.value
    assert sample_milestones().describe() in drawn_html(builder).replace("&#x27;", "'")


def test_typing_the_core_updates_the_map_the_findings_and_the_drawing():
    builder = MilestoneBuilder()
    assert "no_core" in builder.findings().codes
    assert "There is no core purchase" in builder.findings_view.value

    builder.core_row.name.value = "Buy the starter kit"
    builder.core_row.measure.value = "kits sold per week"
    assert builder.map.core.name == "Buy the starter kit"
    assert "no_core" not in builder.findings().codes
    assert "There is no core purchase" not in builder.findings_view.value
    assert "Core purchase: Buy the starter kit" in drawn_html(builder)


def test_adding_rows_and_picking_kinds_fills_the_columns():
    builder = MilestoneBuilder()
    builder.core_row.name.value = "Buy"
    row = builder.add_row(Stage.BEFORE)
    row.kind.value = "free_trial"
    # an empty name takes the kind's example, and the measure box hints how to measure it
    assert row.name.value == "Start a 14-day trial"
    assert "trials started" in row.measure.placeholder
    assert "no_measure" in builder.findings().codes
    row.measure.value = "trials per week"

    after = builder.add_row(Stage.AFTER)
    after.kind.value = "referral"
    after.measure.value = "referrals per month"
    builder.core_row.measure.value = "orders"
    assert [m.kind for m in builder.map.milestones] == ["free_trial", "core_purchase", "referral"]
    assert builder.findings() == ()

    builder.remove_row(row)
    assert builder.map.before == ()
    assert "no_before" in builder.findings().codes


def test_clicking_the_buttons_adds_and_removes_rows():
    builder = MilestoneBuilder(sample_milestones())
    builder.add_after_button.click()
    assert len(builder.after_rows.children) == 4
    builder.after_rows.children[-1].remove.click()
    assert builder.map == sample_milestones()


def test_a_kind_in_the_wrong_column_becomes_a_finding_not_an_error():
    builder = MilestoneBuilder(sample_milestones())
    builder.after_rows.children[0].kind.value = "opt_in"
    assert "kind_in_wrong_column" in builder.findings().codes
    assert "usually comes before the purchase" in builder.findings_view.value


def test_learner_text_is_escaped_in_the_findings_and_the_drawing():
    builder = MilestoneBuilder(sample_milestones())
    builder.title.value = '<script>alert("x")</script>'
    builder.before_rows.children[0].name.value = ""  # a finding names the row
    row = builder.add_row(Stage.AFTER)
    row.name.value = "<img src=x onerror=alert(1)>"
    assert "<script>" not in builder.findings_view.value + drawn_html(builder)
    assert "<img src=x" not in builder.findings_view.value + drawn_html(builder)
    assert "&lt;img src=x onerror=alert(1)&gt;" in builder.findings_view.value


def test_save_and_continue_from_the_file(tmp_path):
    path = tmp_path / "my_journey.yaml"
    builder = MilestoneBuilder.from_file(sample_file(path))
    builder.core_row.name.value = "Buy the monthly plan"
    builder.save_button.click()
    assert "Saved your" in builder.status.value
    saved = load_journey(path)
    assert saved.milestones.core.name == "Buy the monthly plan"
    # the parts this widget does not edit are saved as they were
    assert saved.board == sample_journey().board and saved.paths == sample_journey().paths

    again = MilestoneBuilder.from_file(path)
    assert again.map == builder.map
    assert "Opened" in again.status.value


def test_a_milestones_file_from_an_earlier_version_still_opens(tmp_path):
    path = save_milestones(sample_milestones(), tmp_path / "my_milestones.yaml")
    assert MilestoneBuilder.from_file(path).map == sample_milestones()


def test_an_unreadable_file_is_reported_and_never_overwritten(tmp_path):
    path = tmp_path / "my_journey.yaml"
    path.write_text("schema: journey-lessons\nkind: journey\nversion: 1\nmilestones: {\n")
    builder = MilestoneBuilder.from_file(path)
    assert "Could not read your file" in builder.status.value
    assert builder.map == MilestoneMap()
    builder.business.value = "Harbor Bikes"
    builder.core_row.name.value = "Book a repair"
    builder.save_button.click()
    assert "could not be read" in builder.status.value
    assert path.read_text().endswith("milestones: {\n")
    builder.path.value = str(tmp_path / "other.yaml")
    builder.save_button.click()
    saved = load_journey(tmp_path / "other.yaml")
    assert saved.business == "Harbor Bikes" and saved.milestones.core.name == "Book a repair"


def test_a_save_that_fails_is_shown_not_raised(tmp_path):
    builder = MilestoneBuilder(sample_milestones())
    builder.path.value = str(tmp_path / "no_such_folder" / "map.yaml")
    assert builder.save() is None
    assert "Could not save" in builder.status.value
    builder.path.value = str(tmp_path / "map.txt")
    assert builder.save() is None
    assert "unknown file type" in builder.status.value


def test_nothing_from_a_file_is_lost_even_with_two_cores():
    two_cores = sample_milestones().add(
        sample_milestones().core.__class__("Buy a mat", Stage.CORE, "core_purchase", "mats")
    )
    builder = MilestoneBuilder(two_cores)
    names = {m.name for m in builder.map.milestones}
    assert names == {m.name for m in two_cores.milestones}
    assert "core_kind_misplaced" in builder.findings().codes


def test_only_before_and_after_take_extra_rows():
    with pytest.raises(ValueError, match="exactly one core row"):
        MilestoneBuilder().add_row(Stage.CORE)
    assert MilestoneBuilder(MilestoneMap()).map == MilestoneMap()
