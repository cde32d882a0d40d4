"""A cell run before the cell that sets its names says what to run first, not a traceback.

The kernels here are the course's own (this venv's python3, which loads
journey_lessons._kernel through <venv>/etc/ipython, as `make test` and `make course`
set up), told which notebook they run the way JupyterLab tells them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from journey_lessons._kernel import explain_missing_name, notebook_names

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def test_each_name_maps_to_the_first_cell_that_sets_it_and_its_heading():
    names = notebook_names(NOTEBOOKS / "10_capstone.ipynb")
    assert names["plan"].heading == "Open your journey"
    assert names["plan"].first_line == "plan = opened.plan"
    assert names["opened"].heading == "Open your journey"
    assert names["events"].heading == "Measure it"
    assert names["capstone_checklist"].heading == "Self-check"


def test_the_message_says_which_cell_to_run_and_how_to_run_all_above():
    message = explain_missing_name("plan", NOTEBOOKS / "10_capstone.ipynb")
    assert "the cell under “Open your journey”" in message
    assert "Run All Above Selected Cell" in message
    assert "did you mean `plan`" in explain_missing_name("plna", NOTEBOOKS / "10_capstone.ipynb")
    # no notebook known (a console, an old server): still what to do
    assert "run the cells above" in explain_missing_name("plan")


def _run(cells: list[str], notebook: Path, monkeypatch) -> list[dict]:
    """Run ``cells`` in a fresh course kernel that runs ``notebook``; their outputs."""
    monkeypatch.setenv("JPY_SESSION_NAME", str(notebook))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        allow_errors=True,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()
    return [output for cell in nb.cells for output in cell.outputs]


@pytest.fixture
def capstone(tmp_path) -> Path:
    return Path(shutil.copy(NOTEBOOKS / "10_capstone.ipynb", tmp_path))


def test_a_capstone_cell_run_first_in_a_fresh_kernel_says_what_to_run(capstone, monkeypatch):
    # the last cell of 08, run before anything else (as after a kernel restart)
    outputs = _run(["capstone_checklist(plan)"], capstone, monkeypatch)
    [error] = [o for o in outputs if o.output_type == "error"]
    shown = "\n".join(error.traceback)
    assert "the cell under “Self-check”" in shown  # capstone_checklist is imported there
    assert "Traceback" not in shown and "---" not in shown


def test_a_typo_is_answered_with_the_name_meant_and_other_errors_keep_their_traceback(
    capstone, monkeypatch
):
    outputs = _run(
        [
            "plan = 1",
            "plna + 1",
            # a NameError outside the learner's cells is a bug: its traceback stays
            "exec('not_a_name', {})",
        ],
        capstone,
        monkeypatch,
    )
    typo, other = [o for o in outputs if o.output_type == "error"]
    assert "did you mean `plan`?" in "\n".join(typo.traceback)
    assert "not_a_name" in "\n".join(other.traceback)
    assert "Traceback" in "\n".join(other.traceback)
