"""Practice for notebook 08: reading the whole plan's check and the capstone checklist."""

from __future__ import annotations

from ..quiz import Choice, Exercise, Sort

#: The notebooks that build a part of the plan.
PART_NOTEBOOKS = (
    "01 Milestones",
    "02 Paving the path",
    "03 MoSCoW",
    "04 Non-functional requirements",
    "05 Use cases",
    "06 Canvas and moments of truth",
    "07 Measuring KPIs",
)


def capstone_practice() -> Exercise:
    """Notebook 08: which notebook fixes what, where to start, when a part passes."""
    return Exercise(
        "Practice: your journey from end to end",
        (
            Sort(
                "go-back",
                "The capstone review of a colleague's plan lists these problems. Which "
                "notebook do you go back to for each?",
                PART_NOTEBOOKS,
                {
                    "A KPI target is named 'cast', which is not a KPI": "07 Measuring KPIs",
                    "The milestone map has no core purchase": "01 Milestones",
                    "An extension hangs on step 7 of a five-step main scenario": "05 Use cases",
                    "The Musts take 75% of the budget": "03 MoSCoW",
                    "No touchpoint serves step 6, encourage referrals": "02 Paving the path",
                    "A requirement says checkout must be fast, with no target": (
                        "04 Non-functional requirements"
                    ),
                    "No moment of truth rests on any block": "06 Canvas and moments of truth",
                },
                hints=(
                    "Each part of the plan has the notebook that builds it; the review names "
                    "it in its notebook column.",
                    "Targets for KPIs are set on the KPI dashboard; extensions belong to use "
                    "cases; a share of the budget is a MoSCoW matter.",
                ),
                explanation="Milestones in 01, paths and their lifecycle steps in 02, the "
                "MoSCoW budget in 03, requirements in 04, use cases and their extensions in "
                "05, moments of truth and their blocks in 06, KPI targets in 07.",
            ),
            Choice(
                "first-fix",
                "plan.check() lists an error in your paths, then three warnings. Where do "
                "you start?",
                (
                    "With the warnings, as there are more of them",
                    "Anywhere: the order of the findings means nothing",
                    "With a new journey file",
                    "With the error at the top: an error often causes the warnings under it",
                ),
                "With the error at the top: an error often causes the warnings under it",
                hints=(
                    "The findings come sorted: the most serious first.",
                    "Fixing one error can make several warnings disappear.",
                ),
                explanation="Work down the list from the top. Errors come first because the "
                "plan is wrong as it stands, and a warning under an error is often caused by "
                "it.",
            ),
            Choice(
                "passes",
                "When does the capstone checklist mark a part of the plan ✔?",
                (
                    "When it has no findings at all, not even a tip",
                    "As soon as anything is in it",
                    "When it has something in it and no errors; warnings may remain",
                    "When its KPIs meet their targets",
                ),
                "When it has something in it and no errors; warnings may remain",
                hints=(
                    "An empty part cannot pass, but a part does not have to be perfect.",
                    "Think of the three kinds of finding: which kind must be gone?",
                ),
                explanation="A part passes when it is started and free of errors. Warnings "
                "and tips are worth a look, but they do not hold the part back.",
            ),
            Choice(
                "fix-elsewhere",
                "The checklist says your plan has no use cases yet. You write them in "
                "notebook 05. What then?",
                (
                    "Copy them into the capstone notebook by hand",
                    "Save in notebook 05, then run the capstone notebook again",
                    "Nothing: the open capstone notebook updates by itself",
                    "Export the report first, then write them",
                ),
                "Save in notebook 05, then run the capstone notebook again",
                hints=(
                    "Every notebook reads and writes the same file.",
                    "The capstone reads my_journey.yaml when its cells run.",
                ),
                explanation="Each widget saves its part into my_journey.yaml; the capstone "
                "reads that file when its cells run. Save in notebook 05, then run the "
                "capstone again to see the part pass.",
            ),
            Choice(
                "after",
                "A month after you launch the plan, a touchpoint misses its KPI target by "
                "more than 20%. What does the course suggest?",
                (
                    "Find out why, and move it down one column on the MoSCoW board",
                    "Delete its KPI target",
                    "Make it a Must, so that it gets more effort",
                    "Wait until the end of the year before looking",
                ),
                "Find out why, and move it down one column on the MoSCoW board",
                hints=(
                    "The plan is a loop: measure, then prioritize again.",
                    "Notebook 03's rule moves a touchpoint that misses by more than 20% of "
                    "its target.",
                ),
                explanation="Measure each month, and let the numbers move the board: a "
                "touchpoint that misses by more than 20% moves down one column, one that "
                "beats its target by 20% or more (and matters for upsell) moves up. Then "
                "export the report again.",
            ),
        ),
    )
