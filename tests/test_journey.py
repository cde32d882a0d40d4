"""The whole plan: one check over every part, references between parts, files, exports."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_lessons import (
    JourneyFileError,
    JourneyPlan,
    MilestoneMap,
    MoscowItem,
    Priority,
    load_journey,
    sample_journey,
    sample_milestones,
    save_journey,
    save_milestones,
)
from journey_lessons.files import SCHEMA


@pytest.fixture(scope="module")
def plan() -> JourneyPlan:
    return sample_journey()


def test_the_sample_business_is_complete_and_consistent(plan):
    assert plan.title == "Lotus Flow online yoga studio"
    assert len(plan.touchpoint_names()) == 15
    names = set(plan.touchpoint_names())
    # every reference between parts names a touchpoint on a path
    assert {i.touchpoint for i in plan.board.items} <= names
    assert {u.touchpoint for u in plan.use_cases.use_cases if u.touchpoint} <= names
    assert {m.touchpoint for m in plan.canvas.moments if m.touchpoint} <= names
    assert plan.check().errors == ()
    assert all(f.severity.value == "tip" for f in plan.check())
    assert plan.kpi_targets["csat"] == 0.8


def test_check_says_which_part_each_finding_is_about(plan):
    broken = plan.replace(milestones=plan.milestones.remove(2))  # no core purchase
    wheres = [f.where for f in broken.check() if f.code == "no_core"]
    assert wheres == ["Milestones: map"]
    # the paths no longer join consecutive milestones either
    assert any(f.where.startswith("Paths: ") for f in broken.check().errors)


def test_a_board_item_naming_no_touchpoint_is_a_finding(plan):
    board = plan.board.add(MoscowItem("Birthday discount", Priority.COULD, 1, "low", "nice"))
    findings = [f for f in plan.replace(board=board).check() if f.code == "unknown_touchpoint"]
    assert len(findings) == 1
    assert findings[0].where == "MoSCoW board: item 9 (Birthday discount)"
    assert findings[0].hint


def test_renaming_a_touchpoint_renames_every_reference(plan):
    old = "Coaching taster after 8 classes"
    renamed = plan.rename_touchpoint(old, "Free coaching taster")
    assert old not in renamed.touchpoint_names()
    assert "Free coaching taster" in renamed.touchpoint_names()
    assert renamed.board.items[0].touchpoint == "Free coaching taster"
    assert renamed.check().errors == ()
    assert plan.board.items[0].touchpoint == old  # the original is unchanged


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_what_is_loaded_equals_what_was_saved(plan, tmp_path, suffix):
    path = save_journey(plan, tmp_path / f"journey{suffix}")
    assert load_journey(path) == plan


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=30), budget=st.none() | st.floats(0, 500), csat=st.floats(0, 1))
def test_round_trip_with_learner_values(tmp_path, title, budget, csat):
    plan = sample_journey()
    plan = plan.replace(
        milestones=plan.milestones.with_title(title),
        board=plan.board.with_budget(budget),
        kpi_targets={**plan.kpi_targets, "csat": csat},
    )
    assert load_journey(save_journey(plan, tmp_path / "j.yaml")) == plan


def test_the_file_says_what_it_is_and_its_version(plan, tmp_path):
    text = save_journey(plan, tmp_path / "j.yaml").read_text(encoding="utf-8")
    head = yaml.safe_load(text)
    assert (head["schema"], head["kind"], head["version"]) == (SCHEMA, "journey", 2)
    assert list(head)[3:] == [
        "business", "milestones", "paths", "moscow", "requirements", "use_cases", "canvas",
        "kpi_targets",
    ]  # fmt: skip


def test_a_milestones_file_from_the_first_notebook_opens_as_a_plan(tmp_path):
    path = save_milestones(sample_milestones(), tmp_path / "my_milestones.yaml")
    plan = load_journey(path)
    assert plan.milestones == sample_milestones()
    assert plan.paths.paths == () and plan.board.items == ()


def write(tmp_path, data, name="j.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_an_unknown_touchpoint_in_a_file_names_the_field(plan, tmp_path):
    data = {"schema": SCHEMA, "kind": "journey", "version": 1, **plan.to_dict()}
    data["moscow"]["items"][2]["touchpoint"] = "Renewal reminder (old name)"
    path = write(tmp_path, data)
    with pytest.raises(JourneyFileError) as caught:
        load_journey(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line ")
    assert "moscow.items[2].touchpoint: 'Renewal reminder (old name)'" in message
    assert "no path has a touchpoint of that name" in message
    # a learner can still open it, and check() then shows the problem
    lenient = load_journey(path, strict=False)
    assert "unknown_touchpoint" in lenient.check().codes


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=0), "version 0 is not one this course reads (it reads 2)"),
        (lambda d: d.update(version=3), "version 3 was written by a newer journey-lessons"),
        (lambda d: d.update(version=True), "version True is not one this course reads"),
        (lambda d: d.update(version=1.0), "version 1.0 is not one this course reads"),
        (lambda d: d.update(moscow=False), "moscow: expected a mapping"),
        (lambda d: d.update(kind="recipe"), "not a journey-lessons journey or milestones file"),
        (lambda d: d.update(extra=1), "extra: unknown field"),
        (lambda d: d["paths"]["paths"][1]["touchpoints"][0].update(emotion=9),
         "paths.paths[1].touchpoints[0].emotion"),
        (lambda d: d["kpi_targets"].update(csat="high"), "kpi_targets.csat: expected a number"),
        (lambda d: d["moscow"]["items"][0].update(priority="urgent"),
         "moscow.items[0].priority: 'urgent' is not one of"),
    ],
)  # fmt: skip
def test_malformed_journey_files_say_where_and_what(plan, tmp_path, change, message):
    data = {"schema": SCHEMA, "kind": "journey", "version": 1, **plan.to_dict()}
    change(data)
    with pytest.raises(JourneyFileError, match="^" + str(tmp_path).replace("\\", "\\\\")) as caught:
        load_journey(write(tmp_path, data))
    assert message in str(caught.value)


def test_mermaid_export_is_a_journey_diagram(plan):
    text = plan.to_mermaid()
    lines = text.splitlines()
    assert lines[0] == "journey"
    assert lines[1] == "    title Lotus Flow online yoga studio"
    assert sum(line.startswith("    section ") for line in lines) == len(plan.paths.paths)
    tasks = [line for line in lines if line.startswith("      ")]
    assert len(tasks) == 15
    for task in tasks:
        name, score, actor = task.strip().rsplit(": ", 2)
        assert 1 <= int(score) <= 5 and actor
        assert ":" not in name and ";" not in name  # Mermaid syntax never leaks in
    assert "Instagram reel\ua789 60-second morning flow" in text


def test_touchpoints_export_as_csv_and_a_table(plan):
    rows = list(csv.DictReader(io.StringIO(plan.touchpoints_csv())))
    assert len(rows) == 15
    first = rows[0]
    assert first["touchpoint"] == "Instagram reel: 60-second morning flow"
    assert first["step"] == "1" and first["path"].endswith("Download the 7-day beginner plan")
    taster = next(r for r in rows if r["touchpoint"] == "Coaching taster after 8 classes")
    assert taster["priority"] == "must"
    table = plan.touchpoints_table()
    assert list(table.columns) == list(rows[0].keys()) and len(table) == 15


def test_json_export_is_the_plain_data(plan, tmp_path):
    path = save_journey(plan, tmp_path / "j.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["business"] == plan.business
    # the business name is written once, at the top, not again in each part
    assert data["milestones"] == {
        k: v for k, v in plan.milestones.to_dict().items() if k != "title"
    }


def test_the_plan_reads_well_in_a_notebook(plan):
    html = plan._repr_html_()
    assert "Lotus Flow online yoga studio" in html and "15 touchpoints" in html
    evil = plan.replace(milestones=plan.milestones.with_title("<script>x</script>"))
    assert "<script>x" not in evil._repr_html_()
    assert "Lotus Flow" in str(plan)


def test_an_empty_plan_is_valid_to_hold_and_says_where_to_start():
    empty = JourneyPlan()
    assert empty.milestones == MilestoneMap()
    assert "no_core" in empty.check().codes
    with pytest.raises(TypeError, match=r"JourneyPlan\.board must be a MoscowBoard"):
        JourneyPlan(board=[])  # type: ignore[arg-type]


# Text a learner might paste that a browser or a spreadsheet would run.
SCRIPT = "<script>alert('hi')</script>"
IMAGE = '<img src=x onerror="alert(1)">'


def hostile_plan(plan: JourneyPlan) -> JourneyPlan:
    """The sample with HTML in every text Mermaid shows and formulas in the CSV's texts."""
    path = plan.paths.paths[0]
    first = dataclasses.replace(
        path.touchpoints[0], name=SCRIPT + " & more #1", owner=IMAGE, channel="=HYPERLINK(x)",
        trigger="-2 days", content="+1 offer", measure="@SUM(A1)", emotion=-2,
    )  # fmt: skip
    second = dataclasses.replace(
        path.touchpoints[1], name="\t=1+1", channel="\r=1+1", owner="a = b", content="2-1"
    )
    path = dataclasses.replace(path, end=IMAGE, touchpoints=(first, second))
    hostile = plan.replace(paths=plan.paths.replace(0, path), business='Tom & Jerry\'s "Bikes"')
    return hostile.rename_touchpoints([])


def mermaid_shown(line: str) -> str:
    """What Mermaid draws for a line: its entity codes (``#60;``) as the characters."""
    return re.sub(r"#(\d+);", lambda m: chr(int(m[1])), line)


def test_mermaid_export_shows_learner_html_as_text(plan):
    text = hostile_plan(plan).to_mermaid()
    lines = text.splitlines()
    # nothing a browser reads as markup is left, in any label
    assert not set("<>&\"'") & set(text)
    assert lines[1] == "    title Tom #38; Jerry#39;s #34;Bikes#34;"
    assert mermaid_shown(lines[1]) == '    title Tom & Jerry\'s "Bikes"'
    section = lines[2]
    assert mermaid_shown(section).endswith(IMAGE)
    task = lines[3].strip()
    assert mermaid_shown(task).startswith(SCRIPT + " & more #1: 1: ")
    assert mermaid_shown(task).endswith(IMAGE.replace(",", " /"))
    # Mermaid's journey grammar: after its entity codes are set aside, a task is
    # "name: score: actors" with no # or ; left to cut it short
    for line in lines[3:]:
        if line.startswith("      "):
            coded = re.sub(r"#\w+;", "_", line.strip())
            assert re.fullmatch(r"[^#:;]+: [1-5]: [^#:;]+", coded), line


def test_touchpoints_csv_never_holds_a_formula_but_keeps_numbers(plan):
    rows = list(csv.DictReader(io.StringIO(hostile_plan(plan).touchpoints_csv())))
    first, second = rows[0], rows[1]
    assert first["channel"] == "'=HYPERLINK(x)"
    assert first["trigger"] == "'-2 days"
    assert first["content"] == "'+1 offer"
    assert first["measure"] == "'@SUM(A1)"
    assert second["touchpoint"] == "'\t=1+1"
    assert second["channel"] == "'\r=1+1"
    # text that only holds such a character later, and numbers, are as they were
    assert second["owner"] == "a = b" and second["content"] == "2-1"
    assert first["emotion"] == "-2" and first["order"] == "1"
    assert first["path"].endswith(IMAGE) and first["touchpoint"].startswith(SCRIPT)
    table = hostile_plan(plan).touchpoints_table()
    assert table.loc[0, "channel"] == "=HYPERLINK(x)"  # the table is data, not a file
