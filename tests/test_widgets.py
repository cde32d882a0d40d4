"""The MilestoneBuilder driven headless, the way a learner would use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from widget_support import drawn_html, sample_file

from journey_lessons import (
    MilestoneMap,
    Stage,
    load_journey,
    sample_journey,
    sample_milestones,
    save_journey,
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
    # the parts this widget does not edit are saved as they were, but for the renamed
    # milestone, which the paths that join it follow
    sample = sample_journey()
    assert saved.board == sample.board
    assert (
        saved.paths
        == sample.rename_milestones([(sample.milestones.core.name, "Buy the monthly plan")]).paths
    )
    assert saved.paths != sample.paths

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


# -- ordering, renaming and removing milestones ---------------------------------------

HARBOR = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"


def harbor_file(path: Path) -> Path:
    """A learner's file for Harbor Bikes, a business that is not the sample."""
    save_journey(load_journey(HARBOR), path)
    return path


def test_the_order_buttons_move_a_milestone_within_its_column(tmp_path):
    path = harbor_file(tmp_path / "my_journey.yaml")
    builder = MilestoneBuilder.from_file(path)
    survey, upsell = builder.after_rows.children
    # the ends are marked: the first cannot go up, the last cannot go down
    assert survey.up.disabled and not survey.down.disabled and upsell.down.disabled
    assert builder.core_row.up.layout.visibility == "hidden"
    upsell.up.click()
    assert [m.name for m in builder.map.after] == ["Buy a service plan", "Rate the repair"]
    assert upsell.up.disabled and not survey.up.disabled
    assert "Buy a service plan" in drawn_html(builder)
    upsell.down.click()
    upsell.up.click()
    builder.save_button.click()
    saved = load_journey(path)
    assert [m.name for m in saved.milestones.after] == ["Buy a service plan", "Rate the repair"]
    assert saved.milestones.core.name == "Book a repair"


def test_a_milestone_is_renamed_and_removed_in_place(tmp_path):
    path = harbor_file(tmp_path / "my_journey.yaml")
    builder = MilestoneBuilder.from_file(path)
    builder.before_rows.children[0].name.value = "Request a quote"
    builder.after_rows.children[0].remove.click()
    builder.save_button.click()
    saved = load_journey(path)
    assert [m.name for m in saved.milestones.milestones] == [
        "Request a quote",
        "Book a repair",
        "Buy a service plan",
    ]
    # the paths still join the old names: the paths' check says so (see the PathEditor)
    assert "unknown_milestone" in saved.paths.check(saved.milestones).codes


def test_a_move_stays_within_the_column_in_the_model():
    both = sample_milestones()
    before = [m.name for m in both.before]
    assert both.move(1, 5) == both  # the last before the purchase stays before it
    assert both.move(0, -3) == both  # the first stays first
    first = both.move(0, 1)
    assert [m.name for m in first.before] == [before[1], before[0]]
    assert first.milestones[2] == both.core
    after = both.move(5, -9)  # the last after the purchase goes first after it, no further
    assert after.milestones[3].name == "Refer a friend" and after.milestones[2] == both.core
    with pytest.raises(IndexError):
        both.move(9, 1)


def test_moved_keeps_everything_and_stops_at_the_ends():
    from journey_lessons._fields import moved

    assert moved("abcd", 1, 1) == tuple("acbd")
    assert moved("abcd", 1, -5) == tuple("bacd")
    assert moved("abcd", -1, -1) == tuple("abdc")
    assert moved("abcd", 3, 9) == tuple("abcd")
    with pytest.raises(IndexError):
        moved("abcd", 4, 1)
    with pytest.raises(IndexError):
        moved((), 0, 1)


def test_hiding_the_sample_button_hides_no_other_control():
    builder = MilestoneBuilder(sample_journey())  # a journey with work: no sample offered
    assert builder.sample_button.layout.display == "none"
    assert builder.add_before_button.layout.display is None
    assert builder.add_after_button.layout.display is None
    # the core row's hidden buttons are its own
    assert builder.before_rows.children[0].up.layout.visibility is None


HARBOR_BIKES = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"


def _with_parents(widget, parent=None):
    yield widget, parent
    for child in getattr(widget, "children", ()):
        yield from _with_parents(child, widget)


@pytest.mark.parametrize(
    "editor",
    [
        "MilestoneEditor", "PathEditor", "MoscowEditor", "RequirementEditor",
        "UseCaseEditor", "CanvasEditor", "KpiDashboard",
    ],
)  # fmt: skip
def test_no_field_in_a_column_gets_a_rows_flex_basis(editor):
    # in a column, a flex basis such as 220px becomes the field's height: a tall gap
    import ipywidgets as w

    from journey_lessons import widgets

    shown = getattr(widgets, editor).from_file(HARBOR_BIKES)
    tall = [
        f"{type(child).__name__} {getattr(child, 'description', '')!r}"
        for child, parent in _with_parents(shown)
        if isinstance(parent, w.VBox) and "px" in (child.layout.flex or "")
    ]
    assert not tall, tall
