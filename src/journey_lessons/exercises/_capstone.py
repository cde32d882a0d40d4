"""Practice for notebook 09: reading the whole plan's check and the capstone checklist."""

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
    "09 Acting on KPIs",
)


def capstone_practice() -> Exercise:
    """Notebook 09: which notebook fixes what, where to start, when a part passes."""
    return Exercise(
        "Practice: your journey from end to end",
        (
            Sort(
                "go-back",
                "The capstone review of a colleague's plan lists these problems. Which "
                "notebook do you go back to for each?",
                PART_NOTEBOOKS,
                {
                    "A KPI target is named 'cast', which is not a KPI": "09 Acting on KPIs",
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
                "05, moments of truth and their blocks in 06, KPI targets in 09.",
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
            Sort(
                "trace",
                "Spoke & Chain traces one bad moment through its plan, from the moment to "
                "the number that will show it is fixed. Which link of the chain is each?",
                (
                    "Negative moment of truth (06)",
                    "Requirement with a gap (04)",
                    "Must touchpoint (03)",
                    "KPI target (09)",
                ),
                {
                    "Service-plan upsell conversion at collection: at least 15%": (
                        "KPI target (09)"
                    ),
                    "Customers wait 25 minutes at the counter to collect a repaired bike": (
                        "Negative moment of truth (06)"
                    ),
                    "'Your bike is ready' text with a collection slot and the service-plan "
                    "offer": "Must touchpoint (03)",
                    "90% of collections take at most 5 minutes; measured: 40%": (
                        "Requirement with a gap (04)"
                    ),
                },
                hints=(
                    "A moment of truth is something a customer lives through; a requirement "
                    "has a target and a measurement.",
                    "The touchpoint is what the shop does about it; the KPI target is the "
                    "rate that will say whether it worked.",
                ),
                explanation="The wait at the counter is the negative moment of truth. The "
                "collection-time requirement, 40% against 90%, is the gap behind it. The "
                "ready text with a slot and the offer is the Must touchpoint that fixes it "
                "at the best upsell moment, and the upsell conversion target is how the "
                "shop will know.",
            ),
            Choice(
                "share-report",
                "Your business partner has no Python and wants to read your plan on the "
                "train. What do you send?",
                (
                    "my_journey.yaml, to open in JupyterLab",
                    "my_journey_report.html: one page that opens offline in any browser",
                    "The capstone notebook with its outputs",
                    "A link to the course's book site",
                ),
                "my_journey_report.html: one page that opens offline in any browser",
                hints=(
                    "They need something that opens without Python or a network.",
                    "The capstone exports two files for sharing: a page and an image.",
                ),
                explanation="The one-page report holds every drawing and table, the KPIs "
                "against your targets and the journey customers took, and it works offline "
                "in any browser (print it to PDF if you like). The book site shows the "
                "sample business, not your plan.",
            ),
        ),
    )
