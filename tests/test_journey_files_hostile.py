"""Hostile journey files: each is read as tests/data/journey_files/make_corpus.py says.

A case loads (the valid journey's plan, or with the one change the case made),
or is refused with a JourneyFileError that names the file, the field and (in
YAML) the line, and says what is wrong. Nothing else: no other exception, no
message that hides one, none longer than a few lines, no case slower than 2 s.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from journey_lessons import JourneyPlan, load_journey, save_journey
from journey_lessons.files import JourneyFileError, read_journey
from journey_lessons.journey import PARTS


def _corpus() -> Any:
    path = Path(__file__).parent / "data" / "journey_files" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("journey_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


corpus = _corpus()
CASES = corpus.cases()
SECONDS = 2.0  # the most any case may take to read (over the size cap: not read at all)


@pytest.fixture(scope="module")
def base() -> JourneyPlan:
    return load_journey(corpus.BASE_FILE)


def shown(field: str) -> str:
    """A field as a message shows it: cut after 79 characters."""
    return field if len(field) <= 80 else field[:79] + "…"


def read(case: Any, path: Path) -> tuple[Any, JourneyFileError | None, float]:
    begin = time.perf_counter()
    try:
        result = read_journey(path)
    except JourneyFileError as error:
        return None, error, time.perf_counter() - begin
    except Exception as error:  # the point of the corpus: nothing else gets out
        pytest.fail(f"{case.name}: raw {type(error).__name__}: {str(error)[:300]}")
    return result, None, time.perf_counter() - begin


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_journey_file_is_read_as_its_case_says(case, tmp_path, base):
    path = case.write(tmp_path)
    result, error, seconds = read(case, path)
    if not case.over_cap:
        assert seconds < SECONDS, f"took {seconds:.2f} s"
    if case.outcome == "refused":
        assert error is not None, f"loaded: {result}"
        message = str(error)
        assert message.startswith(f"{path}: ") or message.startswith(f"{path}, line "), message
        assert case.says in message, message[:600]
        assert "cannot be read as a journey" not in message  # a raw exception, reworded
        assert "JSON" not in message or path.suffix == ".json", message[:600]
        assert len(message) < len(str(path)) + 700, "a message a learner cannot read"
        if case.field is not None:
            assert error.field == shown(case.field), message[:600]
        if case.line_has is not None:
            assert error.line is not None, message[:600]
            line = path.read_bytes().splitlines()[error.line - 1].decode("utf-8", "replace")
            assert case.line_has in line, (error.line, line[:200])
        return
    assert error is None, str(error)[:600]
    assert bool(result.notes) == case.notes, result.notes
    if case.only is not None:
        assert result.plan.part_data(case.only) == base.part_data(case.only)
        assert all(result.plan.size(p.name) == 0 for p in PARTS if p.name != case.only)
    elif case.changed is None:
        assert result.plan == base
    else:
        keys, value = case.changed
        assert corpus.at(result.plan.to_dict(), keys) == value
        # and nothing else changed
        expected = corpus.changed(base.to_dict(), keys, value)
        assert result.plan.to_dict() == expected


def test_the_corpus_covers_every_category():
    counts = Counter(case.category for case in CASES)
    assert sum(counts.values()) >= 288
    assert counts["raw-exception triggers"] >= 100
    assert counts["silently accepted"] >= 50
    assert counts["truncations"] >= 100
    assert counts["wrong types"] >= 7 * 70  # 7 wrong values for each kind of field
    assert {"bytes", "long keys", "files", "tags", "aliases", "valid variants"} <= set(counts)
    assert Counter(case.outcome for case in CASES)["loads"] >= 50


def test_every_kind_of_field_of_every_part_is_mutated():
    mutated = {case.name.removeprefix("type_").rsplit("_", 2)[0] for case in CASES}
    for pattern in corpus.KIND_OF:
        assert pattern.replace(".*", "").replace(".", "_") in mutated, pattern


def test_a_saved_journey_says_where_it_ends_so_a_cut_one_is_never_a_smaller_plan(tmp_path, base):
    path = save_journey(base, tmp_path / "my_journey.yaml")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith("# ") and lines[-1] == "# end of journey\n"
    assert load_journey(path) == base
    # cut after a whole line, it is still a valid journey file, with parts missing
    cut = "".join(lines[: len(lines) // 2])
    assert yaml.safe_load(cut)["kind"] == "journey"
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(JourneyFileError, match=r"is cut short.*my_journey\.previous\.yaml"):
        load_journey(path)
