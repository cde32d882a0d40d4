"""Self-checks for the welcome notebook (a short quiz) and the capstone (a checklist)."""

from __future__ import annotations

from typing import Any

from ..journey import JourneyPlan
from ._feedback import Feedback, point


def capstone_checklist(plan: JourneyPlan) -> Feedback:
    """Feedback on the capstone: is each part of the journey there, and free of errors?

    One point per part (milestones, paths, MoSCoW board, requirements, use cases,
    canvas, KPI targets): what it holds when it passes; otherwise the notebook to
    go back to and the first thing to fix.
    """
    from ..journey import PART
    from ..report import review  # here: the report loads matplotlib

    if not isinstance(plan, JourneyPlan):
        return Feedback(
            [
                point(
                    False,
                    "",
                    "`plan` should be a JourneyPlan, e.g. opened.plan or sample_journey().",
                )
            ]
        )
    points = []
    for row in review(plan):
        unit = PART[row.part].unit
        good = f"{row.heading}: {row.size} {unit}, no errors."
        if row.size == 0:
            part = PART[row.part]
            not_yet = f"{row.heading}: nothing yet. In notebook {part.notebook}, {part.todo}."
        elif row.findings.errors:
            first = row.findings.errors[0]
            count = len(row.findings.errors)
            not_yet = (
                f"{row.heading}: {count} error{'s' if count > 1 else ''} left (notebook "
                f"{row.notebook}). First, {first.where.split(': ', 1)[-1]}: {first.message} "
                f"{first.hint}"
            ).strip()
        else:
            not_yet = good
        points.append(point(row.clean, good, not_yet))
    return Feedback(points)


#: The welcome quiz's choices for "what is a finding?"
FINDING_CHOICES = {
    "a": "an error message that stops the notebook",
    "b": "a note from a check: where something is wrong or missing, and a hint to fix it",
    "c": "a score out of ten for your journey",
}


def welcome_quiz(
    work_file: Any = "", finding: Any = "", moscow_notebook: Any = 0, leaves_computer: Any = None
) -> Feedback:
    """Feedback on the welcome notebook's four questions about how the course works."""
    name = str(work_file).strip().strip("'\"")
    choice = str(finding).strip().lower().strip("()")
    return Feedback(
        [
            point(
                name == "my_journey.yaml",
                "Your work lives in my_journey.yaml, next to the notebooks.",
                "Which file does Save write, that every notebook opens? Look at the "
                "section on how your work is saved.",
            ),
            point(
                choice == "b",
                "A finding says where something is wrong or missing, with a hint to fix it.",
                "A finding never stops a notebook and is not a grade: pick the choice that "
                "says where and gives a hint.",
            ),
            point(
                str(moscow_notebook).strip() in ("3", "03"),
                "MoSCoW priorities come in notebook 03, after the paths.",
                "Look at the list of notebooks: which one sorts touchpoints into Must, "
                "Should, Could and Won't?",
            ),
            point(
                leaves_computer is False,
                "Right: nothing leaves your computer; the file is yours.",
                "Answer True or False: does the course send your journey anywhere? "
                "(It saves one file next to the notebooks, nothing else.)",
            ),
        ]
    )
