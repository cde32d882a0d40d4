"""Saving never loses a learner's work: merges by part, refuses conflicts, survives faults."""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from journey_lessons import (
    JourneyFileError,
    JourneyPlan,
    Milestone,
    MilestoneMap,
    Requirement,
    Stage,
    files,
    load_journey,
    previous_path,
    read_journey,
    restore_previous,
    sample_journey,
    save_journey,
)
from journey_lessons.widgets import (
    MilestoneEditor,
    PathEditor,
    RequirementEditor,
    UseCaseEditor,
    open_journey,
)
from journey_lessons.widgets._base import SETTLE_SECONDS

HARBOR_BIKES = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"

BIKES = MilestoneMap.from_columns(
    Milestone("Book a repair", Stage.CORE, "core_purchase", "repairs booked per week"),
    before=[Milestone("Ask for a quote", Stage.BEFORE, "quote", "quotes sent per week")],
    after=[Milestone("Rate the repair", Stage.AFTER, "survey", "ratings per month")],
    title="Harbor Bikes",
)


def harbor_bikes(tmp_path: Path) -> Path:
    path = tmp_path / "my_journey.yaml"
    save_journey(JourneyPlan(milestones=BIKES), path)
    return path


# -- starting one's own -----------------------------------------------------------------------


def test_a_new_learner_starts_blank_and_saves_only_their_own_business(tmp_path):
    path = tmp_path / "my_journey.yaml"
    editor = MilestoneEditor.from_file(path)
    assert editor.map == MilestoneMap() and editor.business.value == ""
    assert "my_journey.yaml yet: Save creates it." in editor.status.value
    editor.business.value = "Harbor Bikes"
    editor.core_row.name.value = "Book a repair"
    editor.save()
    saved = load_journey(path)
    assert saved.business == "Harbor Bikes"
    assert saved.milestones.core.name == "Book a repair"
    text = path.read_text(encoding="utf-8")
    assert "Lotus" not in text and saved.size("paths") == 0 and not saved.kpi_targets


def test_starting_from_the_sample_copies_it_whole_but_only_into_an_empty_journey(tmp_path):
    editor = MilestoneEditor.from_file(tmp_path / "try.yaml")
    assert editor.start_from_sample()
    editor.save()
    assert load_journey(tmp_path / "try.yaml") == sample_journey()

    mine = MilestoneEditor.from_file(harbor_bikes(tmp_path))
    assert not mine.start_from_sample()
    assert "already holds work" in mine.status.value
    assert mine.plan.business == "Harbor Bikes"


def test_the_business_name_lives_once_and_every_part_shows_it(tmp_path):
    plan = sample_journey().replace(business="Harbor Bikes")
    for part in (plan.milestones, plan.requirements, plan.use_cases, plan.canvas):
        assert part.title == "Harbor Bikes"
    editor = UseCaseEditor(plan)
    editor.business.value = "Harbor Bikes & Boards"
    assert editor.plan.use_cases.title == "Harbor Bikes & Boards"
    assert "Harbor Bikes &amp; Boards" in "".join(
        o["data"]["text/html"] for o in editor.drawing.outputs
    )


# -- two notebooks, one file -----------------------------------------------------------------


def test_two_notebooks_that_save_different_parts_keep_both(tmp_path):
    path = harbor_bikes(tmp_path)
    milestones = MilestoneEditor.from_file(path)  # opened first, saved last
    requirements = RequirementEditor.from_file(path)
    requirements.add_row(
        Requirement(
            "HB-1",
            "purchase",
            "performance",
            "95% of bookings finish within 2 minutes.",
            "booking time, 95th percentile",
            2,
            "min",
            "at_most",
        )
    )
    requirements.save()
    assert "Saved your" in requirements.status.value
    milestones.after_rows.children[0].measure.value = "ratings per week"
    milestones.save()
    assert "Saved your" in milestones.status.value
    saved = load_journey(path)
    assert [r.id for r in saved.requirements.requirements] == ["HB-1"]
    assert saved.milestones.after[0].measure == "ratings per week"


def test_two_notebooks_that_change_the_same_part_refuse_the_second_save(tmp_path):
    path = harbor_bikes(tmp_path)
    first, second = MilestoneEditor.from_file(path), MilestoneEditor.from_file(path)
    first.core_row.measure.value = "repairs per day"
    first.save()
    second.core_row.measure.value = "repairs per month"
    assert second.save() is None
    assert "Not saved" in second.status.value and "Milestones" in second.status.value
    assert load_journey(path).milestones.core.measure == "repairs per day"
    # reloading takes the file's version; a save after that works
    assert second.reload_button.layout.display is None
    second.reload_button.click()
    assert second.core_row.measure.value == "repairs per day"
    second.core_row.measure.value = "repairs per month"
    assert second.save() == path
    assert load_journey(path).milestones.core.measure == "repairs per month"


def test_a_rename_in_the_paths_follows_into_parts_saved_since(tmp_path):
    path = tmp_path / "my_journey.yaml"
    save_journey(sample_journey(), path)
    paths = PathEditor.from_file(path)
    requirements = RequirementEditor.from_file(path)
    requirements.rows.children[0].statement.value = "Changed in notebook 04."
    requirements.save()
    old = paths.plan.touchpoint_names()[0]
    paths.path_picker.value = 0
    paths.rows.children[0].name.value = "Renamed reel"
    paths.save()
    saved = load_journey(path)
    assert saved.requirements.requirements[0].statement == "Changed in notebook 04."
    named = [i.touchpoint for i in saved.board.items] + [m.touchpoint for m in saved.canvas.moments]
    assert old not in named and "Renamed reel" in saved.touchpoint_names()
    assert "unknown_touchpoint" not in saved.check().codes


def test_a_path_can_be_deleted_and_the_first_contact_is_always_offered(tmp_path):
    plan = sample_journey().replace(milestones=BIKES)  # the sample's paths no longer fit
    editor = PathEditor(plan)
    labels = [label for label, _ in editor.path_picker.options]
    assert labels[0].lower().startswith("first contact") and "Ask for a quote" in labels[0]
    stale = [v for label, v in editor.path_picker.options if "not a pair" in label]
    assert stale
    for value in stale:
        editor.path_picker.value = value
        editor.delete_button.click()
    assert all(p.end in {m.name for m in BIKES.milestones} for p in editor.paths.paths)
    assert "path_unknown_milestone" not in editor.findings().codes


# -- faults ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        "halfway",
        pytest.param("disk full", id="disk-full"),
        "replace",
    ],
)
def test_a_failed_save_leaves_the_file_as_it_was(tmp_path, monkeypatch, fault):
    path = tmp_path / "my_journey.yaml"
    save_journey(sample_journey(), path)
    before = path.read_bytes()

    def half_then_fail(file, data):
        file.write(data[: len(data) // 2])
        raise OSError(errno.EIO, "input/output error")

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    def cannot_replace(src, dst):
        raise OSError(errno.EACCES, "Permission denied")

    if fault == "halfway":
        monkeypatch.setattr(files, "_write_all", half_then_fail)
    elif fault == "disk full":
        monkeypatch.setattr(os, "fsync", no_space)
    else:
        monkeypatch.setattr(os, "replace", cannot_replace)
    editor = MilestoneEditor.from_file(path)
    editor.business.value = "Harbor Bikes"
    assert editor.save() is None
    assert "Could not save" in editor.status.value
    assert path.read_bytes() == before and load_journey(path) == sample_journey()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".saving")]


def test_a_read_only_folder_refuses_the_save_and_keeps_the_file(tmp_path, monkeypatch):
    path = tmp_path / "my_journey.yaml"
    save_journey(sample_journey(), path)
    before = path.read_bytes()
    tmp_path.chmod(0o555)
    if os.geteuid() == 0:
        # root writes into a read-only folder all the same: answer as the folder would
        def read_only(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", read_only)
    try:
        editor = MilestoneEditor.from_file(path)
        editor.business.value = "Harbor Bikes"
        assert editor.save() is None
        assert "Could not save" in editor.status.value
        assert "Permission denied" in editor.status.value
        assert path.read_bytes() == before
    finally:
        tmp_path.chmod(0o755)


def test_the_previous_version_is_kept_and_can_be_restored(tmp_path):
    path = tmp_path / "my_journey.yaml"
    save_journey(sample_journey(), path)
    save_journey(JourneyPlan(milestones=BIKES), path)
    assert load_journey(previous_path(path)) == sample_journey()
    restore_previous(path)
    assert load_journey(path) == sample_journey()
    assert load_journey(previous_path(path)).business == "Harbor Bikes"


def test_text_that_cannot_be_written_is_refused_when_read_or_typed(tmp_path):
    path = tmp_path / "j.json"
    path.write_text(
        '{"schema": "journey-lessons", "kind": "journey", "version": 2, '
        '"business": "Harbor \\ud83d Bikes"}',
        encoding="utf-8",
    )
    with pytest.raises(JourneyFileError, match="business: holds a broken character"):
        load_journey(path)
    saved = harbor_bikes(tmp_path)
    before = saved.read_bytes()
    editor = MilestoneEditor.from_file(saved)
    editor.core_row.name.value = "Book \ud83d a repair"
    assert "unwritable_text" in {f.code for f in editor._all_findings()}
    assert "broken character" in editor.findings_view.value
    assert editor.save() is None and saved.read_bytes() == before
    with pytest.raises(JourneyFileError):
        save_journey(editor.plan, saved)
    assert saved.read_bytes() == before


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p.mkdir(),
        lambda p: p.write_text("schema: journey-lessons\nkind: [journey]\nversion: 2\n"),
        lambda p: p.write_text(
            "schema: journey-lessons\nkind: journey\nversion: 2\nbusiness: a\nbusiness: b\n"
        ),
        lambda p: os.mkfifo(p),
    ],
    ids=["a folder", "kind is a list", "duplicate key", "a fifo"],
)  # fmt: skip
def test_any_file_that_cannot_be_read_is_marked_and_never_overwritten(tmp_path, make):
    path = tmp_path / "my_journey.yaml"
    make(path)
    opened = open_journey(path)
    assert not opened.ok and opened.unreadable == path
    editor = MilestoneEditor.from_file(path)
    editor.business.value = "Harbor Bikes"
    assert editor.save() is None
    assert "could not be read" in editor.status.value


# -- files of the first version --------------------------------------------------------------


def test_a_version_1_file_that_mixed_in_the_sample_opens_with_only_the_learners_work(tmp_path):
    # what notebook 01 of the first version saved: own milestones, the sample's other parts
    mixed = sample_journey().to_dict()
    mixed.pop("business")
    mixed["milestones"] = {**BIKES.to_dict()}
    for key in ("requirements", "use_cases", "canvas"):
        mixed[key] = {**mixed[key], "title": "Lotus Flow online yoga studio"}
    path = tmp_path / "my_journey.yaml"
    path.write_text(
        yaml.safe_dump({"schema": "journey-lessons", "kind": "journey", "version": 1, **mixed}),
        encoding="utf-8",
    )
    read = read_journey(path)
    assert read.version == 1 and read.plan.business == "Harbor Bikes"
    assert read.plan.milestones.core.name == "Book a repair"
    assert read.plan.size("paths") == 0 and not read.plan.kpi_targets
    assert any("sample business's parts" in note for note in read.notes)
    opened = open_journey(path)
    assert "older version of the course" in opened.message
    # saving writes version 2 with the learner's work and keeps the old file
    editor = MilestoneEditor.from_file(path)
    editor.core_row.measure.value = "repairs per day"
    editor.save()
    again = read_journey(path)
    assert again.version == 2 and again.plan.business == "Harbor Bikes"
    assert "Lotus" not in path.read_text(encoding="utf-8")
    assert "Lotus" in previous_path(path).read_text(encoding="utf-8")


def test_the_merge_writes_what_changed_here_and_names_what_clashes():
    from journey_lessons.journey import describe_change, merge_parts

    opened = JourneyPlan(milestones=BIKES)
    here = opened.replace(business="Harbor Bikes & Boards")
    disk = opened.replace(requirements=sample_journey().requirements)
    # a change here, another part changed on disk: written, no clash
    assert merge_parts(opened, here, disk, ["business", "requirements"]) == (["business"], [])
    # the same part changed on both sides, differently: a clash, said in words
    renamed = opened.replace(business="Harbour Bikes")
    assert merge_parts(opened, here, renamed, ["business"]) == (["business"], ["business"])
    assert "'Harbour Bikes'" in describe_change("business", opened, renamed)
    # nothing changed here: nothing to write, whatever the file holds
    assert merge_parts(opened, opened, renamed, ["business", "milestones"]) == ([], [])
    assert describe_change("requirements", opened, disk) == (
        "Requirements: 8 requirements in the file, 0 when this notebook opened it"
    )


def test_a_quick_save_waits_for_the_last_changes_the_browser_still_holds(tmp_path):
    # In JupyterLab a click on Save reaches the kernel at once, while the last
    # keystrokes in a text box may follow once the kernel is idle again.
    path = tmp_path / "my_journey.yaml"
    editor = MilestoneEditor.from_file(path)
    editor.business.value = "Harbor Bikes"

    async def learner_types_then_clicks_save() -> None:
        editor.core_row.name.value = "Book a repair"
        editor.save_button.click()
        assert "Saving" in editor.status.value and not path.exists()
        await asyncio.sleep(SETTLE_SECONDS / 2)
        editor.core_row.name.value = "Book a repair or a rental"  # arrives after the click
        await asyncio.sleep(SETTLE_SECONDS * 3)

    asyncio.run(learner_types_then_clicks_save())
    assert load_journey(path).milestones.core.name == "Book a repair or a rental"
    assert "Saved your" in editor.status.value


def test_a_milestone_renamed_in_01_takes_its_paths_and_targets_along(tmp_path):
    path = Path(shutil.copy(HARBOR_BIKES, tmp_path / "my_journey.yaml"))
    builder = MilestoneEditor.from_file(path)
    quote = next(
        r for r in builder.before_rows.children if r.name.value == "Ask for a repair quote"
    )
    # a custom milestone's event is made from its name: its targets must follow too
    quote.kind.value = "custom"
    builder.save()
    custom = load_journey(path)
    event = "ask_for_a_repair_quote"
    wait = f"days:{event}->core_purchase"
    save_journey(custom.replace(kpi_targets={**custom.kpi_targets, wait: 5}), path)

    builder = MilestoneEditor.from_file(path)
    quote = next(
        r for r in builder.before_rows.children if r.name.value == "Ask for a repair quote"
    )
    quote.name.value = "Get a repair quote"
    builder.core_row.name.value = "Book a repair or a rental"
    builder.save()

    saved = load_journey(path)
    assert [(p.start, p.end) for p in saved.paths.paths] == [
        ("", "Get a repair quote"),
        ("Get a repair quote", "Book a repair or a rental"),
        ("Book a repair or a rental", "Rate the repair"),
        ("Rate the repair", "Buy a service plan"),
    ]
    assert saved.kpi_targets["days:get_a_repair_quote->core_purchase"] == 5
    assert wait not in saved.kpi_targets
    errors = [f for f in saved.check() if f.severity.value == "error"]
    assert not errors, [(f.where, f.message) for f in errors]
    # a second rename starts from the saved names
    builder.core_row.name.value = "Book a repair"
    builder.save()
    assert load_journey(path).paths.paths[1].end == "Book a repair"


def test_swapped_milestone_names_swap_their_paths_ends():
    plan = load_journey(HARBOR_BIKES)
    swapped = plan.rename_milestones(
        [("Rate the repair", "Buy a service plan"), ("Buy a service plan", "Rate the repair")]
    )
    assert (swapped.paths.paths[3].start, swapped.paths.paths[3].end) == (
        "Buy a service plan",
        "Rate the repair",
    )
    # nothing renamed from a blank name: the first contact's path keeps its start
    assert plan.rename_milestones([("", "Walk in")]) == plan
