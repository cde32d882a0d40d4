"""Saving and loading: what is loaded equals what was saved; bad files say what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_lessons import (
    KINDS,
    JourneyFileError,
    Milestone,
    MilestoneMap,
    Stage,
    load_milestones,
    sample_milestones,
    save_milestones,
)

BAD_FILES = Path(__file__).parent / "data" / "bad_files"

# Any text a learner might type, including quotes, colons, YAML keywords and emoji.
learner_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
) | st.sampled_from(["yes", "no", "null", "~", "1e3", "- item", "key: value", "#hash", "'q'"])

milestone = st.builds(
    Milestone,
    name=learner_text,
    stage=st.sampled_from(list(Stage)),
    kind=st.sampled_from(list(KINDS)),
    measure=learner_text,
)
milestone_maps = st.builds(
    MilestoneMap, milestones=st.lists(milestone, max_size=8).map(tuple), title=learner_text
)


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(original=milestone_maps)
def test_what_is_loaded_equals_what_was_saved(tmp_path, suffix, original):
    path = tmp_path / f"map{suffix}"
    save_milestones(original, path)
    assert load_milestones(path) == original


def test_saved_yaml_is_readable_by_a_person(tmp_path):
    path = save_milestones(sample_milestones(), tmp_path / "my.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("schema: journey-lessons\nkind: milestones\nversion: 1\n")
    assert "- name: Buy the annual membership\n  stage: core\n" in text


def test_text_with_unusual_line_breaks_reads_back_the_same(tmp_path):
    tricky = MilestoneMap((Milestone("Buy\x85now\u2028or later", Stage.CORE, measure="é ✓"),))
    path = save_milestones(tricky, tmp_path / "tricky.yaml")
    assert load_milestones(path) == tricky


def test_a_hand_written_file_may_leave_out_kind_and_measure(tmp_path):
    path = tmp_path / "short.yaml"
    path.write_text(
        "schema: journey-lessons\nkind: milestones\nversion: 1\n"
        "milestones:\n- {name: Buy, stage: core}\n",
        encoding="utf-8",
    )
    assert load_milestones(path) == MilestoneMap((Milestone("Buy", Stage.CORE),))


def test_yaml_is_read_with_the_safe_loader(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(JourneyFileError, match="not valid YAML"):
        load_milestones(path)


def bad_cases() -> list[tuple[str, str]]:
    expected = json.loads((BAD_FILES / "expected.json").read_text(encoding="utf-8"))
    return sorted(expected.items())


@pytest.mark.parametrize(("name", "message"), bad_cases())
def test_a_malformed_file_names_the_file_and_what_is_wrong(name, message):
    path = BAD_FILES / name
    with pytest.raises(JourneyFileError) as caught:
        load_milestones(path)
    text = str(caught.value)
    assert text.startswith(str(path)), text
    assert message in text


def test_every_bad_file_has_an_expected_message():
    files = {p.name for p in BAD_FILES.iterdir() if p.name != "expected.json"}
    assert files == {name for name, _ in bad_cases()}


def test_missing_file_and_unknown_suffix(tmp_path):
    with pytest.raises(JourneyFileError, match="no such file"):
        load_milestones(tmp_path / "nothing.yaml")
    with pytest.raises(JourneyFileError, match=r"unknown file type '\.txt'"):
        save_milestones(sample_milestones(), tmp_path / "map.txt")
    assert not (tmp_path / "map.txt").exists()
