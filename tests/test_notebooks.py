"""Every notebook of the course runs top to bottom in a fresh kernel, offline."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from journey_lessons.exercises import practice

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


COURSE = [
    "00_welcome", "01_milestones", "02_paving_the_path", "03_moscow", "04_nfr",
    "05_use_cases", "06_canvas_and_moments_of_truth", "07_measuring_kpis", "08_observed_journeys",
    "09_acting_on_kpis", "10_capstone",
]  # fmt: skip


def test_the_course_has_every_step_in_order():
    assert [p.stem for p in NOTEBOOKS] == COURSE


def test_every_notebook_is_a_chapter_of_the_book():
    toc = (NOTEBOOKS[0].parent.parent / "book" / "_toc.yml").read_text(encoding="utf-8")
    for stem in COURSE:
        assert f"file: notebooks/{stem}\n" in toc, stem
        assert f"file: instructor/{stem}\n" in toc, stem


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell["outputs"] and cell["execution_count"] is None, cell["source"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_follows_the_course_skeleton(path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("## Overview", "**Prerequisites:**", "## Summary", "## What's next"):
        assert heading in markdown, f"{path.name} lacks {heading!r}"
    assert "Solution" in markdown
    # an instructor can present it with RISE: the first cell starts a slide
    assert nb.cells[0].metadata.get("slideshow", {}).get("slide_type") == "slide"
    # a folded solution, code and output together: the output is the answer too
    folded = [c for c in nb.cells if "hide-cell" in c.metadata.get("tags", [])]
    assert folded, f"{path.name} has no folded solution"
    for cell in folded:
        hidden = cell.metadata.get("jupyter", {})
        assert hidden.get("source_hidden") and hidden.get("outputs_hidden"), cell.source[:80]
    assert not [c for c in nb.cells if "hide-input" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_first_code_cell_installs_the_package_when_it_is_missing(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert 'find_spec("journey_lessons") is None' in first.source
    assert "%pip install" in first.source and "journey_lessons-*.whl" in first.source
    # out of the way: folded in JupyterLab, left off the book's page, empty on a slide
    assert first.metadata["jupyter"]["source_hidden"]
    assert "remove-cell" in first.metadata["tags"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_in_a_fresh_kernel(path, tmp_path):
    # run in a copy of the folder, so that files the notebook saves stay out of the repo
    work = tmp_path / "notebooks"
    shutil.copytree(path.parent, work, ignore=shutil.ignore_patterns("my_*", ".ipynb*"))
    nb = nbformat.read(work / path.name, as_version=4)
    NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": work}}
    ).execute()

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs), "no widget shown"
    # presented with RISE, a widget gets a slide of its own, not the bottom of a text slide
    for cell in nb.cells:
        if any(WIDGET_VIEW in o.get("data", {}) for o in cell.get("outputs", [])):
            starts = cell.metadata.get("slideshow", {}).get("slide_type")
            assert starts in ("slide", "subslide"), f"{path.name}: {cell.source[:80]}"
    assert any(
        '<img src="data:image/svg+xml' in o.get("data", {}).get("text/html", "") for o in outputs
    )


QUIZ = re.compile(r"Quiz\(practice\((\d+)\)\.only\(([^)]*)\)\)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_practice_question_is_asked_once_after_its_section_or_at_the_end(path):
    """Three or more no-code exercises in the sections, a questionnaire at the end."""
    nb = nbformat.read(path, as_version=4)
    number = int(path.stem[:2])
    asked: list[str] = []
    in_sections, questionnaire = 0, None
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("#"):
            heading = cell.source.splitlines()[0]
            continue
        found = QUIZ.search(cell.source) if cell.cell_type == "code" else None
        if not found:
            continue
        assert int(found[1]) == number, f"{path.name} asks notebook {found[1]}'s questions"
        names = re.findall(r'"([^"]+)"', found[2])
        asked += names
        if heading == "## Questionnaire":
            questionnaire = names
        else:
            assert heading.startswith("### Try it: "), f"{path.name}: a quiz under {heading!r}"
            in_sections += 1
    assert sorted(asked) == sorted(practice(number).names), path.name
    assert in_sections >= 3, f"{path.name} has {in_sections} exercises in its sections"
    assert questionnaire is not None and len(questionnaire) >= 4, path.name
