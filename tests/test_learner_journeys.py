"""Every notebook runs top to bottom with whatever journey a learner has.

A matrix: each notebook of the course against learners' files for a business that
is not the sample (Harbor Bikes, a bicycle repair shop): no file, milestones only,
half done, complete, complete but with stale references, and a file that cannot be
read. No cell may fail, and nothing of the sample may end up in the learner's file
or report.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from journey_lessons import (
    JourneyPlan,
    MoscowItem,
    load_journey,
    read_journey,
    sample_journey,
    save_journey,
)

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
COMPLETE = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"
BROKEN = "schema: journey-lessons\nkind: journey\nversion: 2\nmilestones: {\n"


def _write(case: str, path: Path) -> None:
    complete = load_journey(COMPLETE)
    if case == "no file":
        return
    if case == "unreadable":
        path.write_text(BROKEN, encoding="utf-8")
        return
    plans = {
        "milestones only": JourneyPlan(milestones=complete.milestones),
        "half done": JourneyPlan(milestones=complete.milestones, paths=complete.paths),
        "complete": complete,
        # an older file's leftovers: a board item and targets for steps that are gone
        "stale references": complete.replace(
            board=complete.board.add(MoscowItem("Old flyer on the door", "could", 1, "low")),
            kpi_targets={**complete.kpi_targets, "funnel:free_trial": 0.3, "days:a->b": 3},
        ),
    }
    save_journey(plans[case], path)


CASES = ["no file", "milestones only", "half done", "complete", "stale references", "unreadable"]
SAMPLE = sample_journey()
SAMPLE_NAMES = [
    SAMPLE.business,
    *(m.name for m in SAMPLE.milestones.milestones),
    *SAMPLE.touchpoint_names(),
]


@pytest.mark.parametrize("case", [c for c in CASES if c not in ("no file", "unreadable")])
def test_no_finding_on_a_learners_journey_quotes_the_sample(case, tmp_path):
    # a hint's example must not read as if the sample were part of their journey
    path = tmp_path / "my_journey.yaml"
    _write(case, path)
    for plan in (read_journey(path, strict=False).plan, JourneyPlan(business="Harbor Bikes")):
        shown = " ".join(f"{f.where} {f.message} {f.hint}" for f in plan.check())
        assert not [n for n in SAMPLE_NAMES if n in shown], shown


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_runs_with_the_learners_journey(notebook, case, tmp_path):
    work = tmp_path / "notebooks"
    shutil.copytree(notebook.parent, work, ignore=shutil.ignore_patterns("my_*", ".ipynb*"))
    journey = work / "my_journey.yaml"
    _write(case, journey)
    before = journey.read_bytes() if journey.exists() else None
    nb = nbformat.read(work / notebook.name, as_version=4)
    NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": work}}
    ).execute()

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", (cell.source, output.get("evalue"))
            assert not (output.output_type == "stream" and output.name == "stderr"), output.text
    # running a notebook never changes the learner's file by itself
    after = journey.read_bytes() if journey.exists() else None
    assert after == before
    # what the learner gets back (the capstone's report and exports) is their own
    for name in ("my_journey_report.html", "my_journey_touchpoints.csv"):
        written = work / name
        if written.exists() and case not in ("no file", "unreadable"):
            text = written.read_text(encoding="utf-8")
            assert "Harbor Bikes" in text or name.endswith(".csv")
            leaked = [n for n in SAMPLE_NAMES if n in text]
            assert not leaked, f"{name} shows the sample's {leaked}"


def test_the_complete_learner_journey_is_clean_and_not_the_sample():
    plan = load_journey(COMPLETE)
    assert plan.check().ok
    assert all(plan.size(part) for part in ("milestones", "paths", "board", "canvas"))
    text = yaml.safe_dump(plan.to_dict())
    assert not [n for n in SAMPLE_NAMES if n in text]
