"""Practice for notebook 00: what the course is and how it works."""

from __future__ import annotations

from ..quiz import Choice, Exercise, Sort

#: The notebooks, as the welcome notebook lists them (a Sort's columns here).
NOTEBOOKS = (
    "01 Milestones",
    "02 Paving the path",
    "03 MoSCoW for upsell",
    "04 Non-functional requirements",
    "05 Use cases",
    "06 Canvas and moments of truth",
    "07 Measuring KPIs",
    "08 Observed journeys",
    "09 Acting on KPIs",
    "10 Capstone",
)


def welcome_practice() -> Exercise:
    """Notebook 00: where your work is saved, what a finding is, which notebook builds what."""
    return Exercise(
        "Practice: how the course works",
        (
            Choice(
                "work-file",
                "You press Save in one of the course's widgets. Where does your work go?",
                (
                    "Into an account on the course's website",
                    "Into a new file for each notebook",
                    "Into my_journey.yaml, one file next to the notebooks",
                    "Nowhere: it is gone when you close the notebook",
                ),
                "Into my_journey.yaml, one file next to the notebooks",
                hints=(
                    "Read the section on how your work is saved: how many files are there?",
                    "Nothing is uploaded, and every notebook opens the same file again.",
                ),
                explanation="Every widget writes its own part into one plain-text file, "
                "my_journey.yaml, next to the notebooks, and every later notebook opens it "
                "again. Nothing leaves your computer.",
            ),
            Choice(
                "finding",
                "Which of these are true of a finding?",
                (
                    "It says where something is wrong or missing",
                    "It stops the notebook until you fix it",
                    "It comes with a hint to fix it",
                    "It is a mark out of ten for your journey",
                ),
                ("It says where something is wrong or missing", "It comes with a hint to fix it"),
                hints=(
                    "Two options are right. A check reads your plan like a reviewer would.",
                    "A finding never stops a notebook, and it is not a grade.",
                ),
                explanation="A finding is a note from a check: where the problem is, what it "
                "is, and a hint to fix it, errors first. The notebook keeps running, and "
                "nothing is marked out of ten.",
            ),
            Sort(
                "which-notebook",
                "Which notebook builds each part of your plan?",
                NOTEBOOKS,
                {
                    "Must, Should, Could and Won't for each touchpoint, with its effort": (
                        "03 MoSCoW for upsell"
                    ),
                    "Rates read from an event log": "07 Measuring KPIs",
                    "A target for each KPI, and the moves it suggests on the board": (
                        "09 Acting on KPIs"
                    ),
                    "The core purchase in the middle, a milestone on each side": "01 Milestones",
                    "Your business on one page, in nine blocks": "06 Canvas and moments of truth",
                    "Measurable targets for speed, reliability, security and ease of use": (
                        "04 Non-functional requirements"
                    ),
                    "The touchpoints between two milestones": "02 Paving the path",
                    "The whole plan checked, and a one-page report": "10 Capstone",
                    "The paths customers really took, drawn over the plan": (
                        "08 Observed journeys"
                    ),
                    "Who does what, step by step, and where an upsell fits": "05 Use cases",
                },
                hints=(
                    "The table in 'How the course works' lists what each notebook adds.",
                    "The order of the course follows the plan: milestones first, then the "
                    "paths between them, then priorities, quality, flows, the whole business, "
                    "the numbers, what customers really did, and last the report.",
                ),
                explanation="01 maps the milestones, 02 paves the paths between them, 03 "
                "prioritizes the touchpoints with MoSCoW, 04 sets measurable quality targets, "
                "05 writes use cases, 06 fills in the canvas and its moments of truth, 07 "
                "measures KPIs from an event log, 08 draws the paths customers took over "
                "the plan, 09 sets targets and moves touchpoints on the board, and 10 checks "
                "the whole plan and exports the report.",
            ),
            Choice(
                "feedback-stages",
                "You get a practice question wrong for the first time. What happens?",
                (
                    "The right answer appears at once",
                    "You get a hint; the answer appears only when you ask for it",
                    "The question locks until you run the notebook again",
                    "Nothing: you see your score only at the end",
                ),
                "You get a hint; the answer appears only when you ask for it",
                hints=(
                    "The course wants you to try again before it tells you.",
                    "A first wrong answer earns a hint, a second one a more specific hint.",
                ),
                explanation="Feedback comes in stages: a hint after the first wrong answer, "
                "a more specific one after the second, and the answer only when you press "
                "Show the answer. Try as often as you like.",
            ),
            Sort(
                "frameworks",
                "The frameworks of the course slice the same journey. Put each of these where "
                "it falls: before the core purchase, at it, or after it.",
                ("before the purchase", "the core purchase", "after the purchase"),
                (
                    ("The advocacy stage", "after the purchase"),
                    ("The zero moment of truth: researching you", "before the purchase"),
                    ("Lifecycle step 3: convert leads to customers", "the core purchase"),
                    ("The Wow phase", "after the purchase"),
                    ("The awareness stage", "before the purchase"),
                    ("The first moment of truth: meeting the offering", "the core purchase"),
                    ("Lifecycle step 8: reactivate inactive customers", "after the purchase"),
                    ("The Attract phase", "before the purchase"),
                ),
                hints=(
                    "The table 'How the parts fit together' has a column for each.",
                    "Zero comes before first, and first before second; Attract comes first "
                    "and Wow last; lifecycle steps 1 and 2 come before, step 3 converts at "
                    "the purchase, and 4 to 9 come after.",
                ),
                explanation="Before: awareness, the zero moment of truth, the Attract phase. "
                "At the purchase: converting leads (step 3), the first moment of truth. "
                "After: advocacy, the Wow phase, reactivation (step 8). Each framework names "
                "the same journey its own way.",
            ),
            Choice(
                "own-part",
                "You saved your paths in notebook 02. Later you go back to notebook 01, rename "
                "a milestone and press Save there. What happens to your paths?",
                (
                    "They are gone: notebook 01 writes the whole file again from its own map",
                    "They stay: each Save writes only its own part of the file",
                    "They are copied into a second file, my_journey_02.yaml",
                    "Notebook 01 refuses to save until you delete the paths",
                ),
                "They stay: each Save writes only its own part of the file",
                hints=(
                    "Read 'How your work is saved' again: what does saving keep?",
                    "There is one file, and each widget owns one part of it.",
                ),
                explanation="Each widget's Save writes only its own part (here the milestones) "
                "and keeps what other notebooks saved; the version before the save is kept as "
                "my_journey.previous.yaml. If another notebook changed the same part since "
                "this one opened the file, the widget says so instead of writing over the "
                "newer work.",
            ),
            Choice(
                "warning",
                "A check lists '⚠ warning' under your map. What does that mean?",
                (
                    "The plan is wrong as it stands: nothing else works until you fix it",
                    "It works, but a reader or a measure will suffer: fix it when you can",
                    "An idea to make it better, nothing more",
                    "The notebook stopped and must be run again",
                ),
                "It works, but a reader or a measure will suffer: fix it when you can",
                hints=(
                    "There are three kinds of finding: error, warning and tip. Which is in "
                    "the middle?",
                    "An error means wrong as it stands; a tip is only an idea.",
                ),
                explanation="A warning sits between the two others: the plan works, but "
                "something will confuse a reader or make a measure unreliable. Errors come "
                "first, then warnings, then tips. No finding ever stops the notebook.",
            ),
        ),
    )
