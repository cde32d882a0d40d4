"""Practice for notebook 03: MoSCoW columns, the 60% ceiling on Musts, Coulds as contingency."""

from __future__ import annotations

from ..quiz import Choice, Exercise, Number, Sort

MUST, SHOULD, COULD, WONT = "Must have", "Should have", "Could have", "Won't have this time"

#: The corner bakery's first board: (touchpoint, priority, effort in person-days).
BAKERY_BOARD = (
    ("Cake pre-order form for birthdays", MUST, 6),
    ("Bread club sign-up at the till", MUST, 4),
    ("Sourdough class invitation", MUST, 5),
    ("Instagram photo of the day's bake", MUST, 3),
    ("Coffee-and-pastry combo sign", SHOULD, 2),
    ("Seasonal newsletter", WONT, 1),
)
BAKERY_BUDGET = 20  # person-days

SHOP_BUDGET = 25  # person-days: Spoke & Chain's quarter
PLANNED = 30  # person-days of planned work, for the Coulds question


def _board_text() -> str:
    return "; ".join(
        f"{name}: {priority}, {days} day{'s' if days != 1 else ''}"
        for name, priority, days in BAKERY_BOARD
    )


def moscow_practice() -> Exercise:
    """Notebook 03: sort into columns, the Musts' share and ceiling, the Coulds' contingency."""
    return Exercise(
        "Practice: prioritizing with MoSCoW",
        (
            Sort(
                "columns",
                "Spoke & Chain's owner wrote a note on each touchpoint. Put each one in "
                "its MoSCoW column.",
                (MUST, SHOULD, COULD, WONT),
                {
                    "Monthly ride-photo contest on Instagram: nice to have, the first thing "
                    "to drop": COULD,
                    "Service-plan offer when a repaired bike is collected: the best moment "
                    "for an upsell, and the plan fails without it": MUST,
                    "Mobile repair van: agreed to be out for this round": WONT,
                    "Comparison card of the three service plans on the counter: it helps, "
                    "but staff can explain the plans without it": SHOULD,
                    "Free safety check with every tune-up, with a quote for worn parts: a "
                    "high chance of an upsell, and the plan fails without it": MUST,
                },
                hints=(
                    "Each note uses the words of one column's meaning: read the four "
                    "meanings in 'Four columns, this time' again.",
                    "'The plan fails without it' is a Must; 'there is a workaround' a Should; "
                    "'first to drop' a Could; 'out for this round' a Won't.",
                ),
                explanation="Musts: the service-plan offer at collection and the safety "
                "check with a quote, the moments with the best upsell chance. Should: the "
                "comparison card, which has a workaround (staff explain the plans). Could: "
                "the photo contest, the first to drop. Won't: the repair van, on the board "
                "on purpose for this round.",
            ),
            Number(
                "must-share",
                f"The corner bakery's first board, with a budget of {BAKERY_BUDGET} "
                f"person-days: {_board_text()}. What share of the budget do the Musts take, "
                "in %?",
                90,
                unit="%",
                tolerance=0.5,
                hints=(
                    "Add up the efforts of the Musts only, then compare with the budget.",
                    f"Divide the Musts' person-days by the budget of {BAKERY_BUDGET}, then "
                    "multiply by 100.",
                ),
                explanation="6 + 4 + 5 + 3 = 18 person-days of Musts, and 18 / 20 = 90% of "
                "the budget: far over the usual ceiling of about 60%. If a Must overran, "
                "there would be almost nothing left to drop.",
            ),
            Number(
                "must-ceiling",
                f"Spoke & Chain has {SHOP_BUDGET} person-days for this quarter. Under the "
                "usual rule, at most how many person-days should its Musts take?",
                15,
                unit="person-days",
                hints=(
                    "The rule from DSDM caps the Musts at a share of the effort you have.",
                    f"The Musts take at most about 60% of the effort: 60% of {SHOP_BUDGET}.",
                ),
                explanation="At most about 60% of 25 person-days, that is 15. The other 10 "
                "go to Shoulds and Coulds: the contingency that drops first if a Must takes "
                "longer than planned.",
            ),
            Number(
                "could-share",
                f"A bakery plans {PLANNED} person-days of work this season. At the usual "
                "share for Coulds, about how many person-days are Coulds? Round to a whole "
                "person-day.",
                6,
                unit="person-days",
                tolerance=0.5,
                hints=(
                    "Coulds usually take a fifth or so of the planned effort.",
                    f"About 20% of the planned {PLANNED} person-days.",
                ),
                explanation="About 20% of 30 person-days, that is 6. DSDM treats the Coulds "
                "as the first contingency: with too few of them, a Should has to go instead "
                "when time runs short.",
            ),
            Choice(
                "contingency",
                "A Must takes three days longer than planned, and the budget cannot grow. "
                "What does the team drop first?",
                ("Another Must", "A Should", "A Could", "A Won't"),
                "A Could",
                hints=(
                    "One column exists to be dropped when time or money runs short.",
                    "A Won't was never in this round's plan, so dropping it frees nothing; "
                    "a Should goes only when no Could is left.",
                ),
                explanation="Coulds are the primary contingency: they drop first, then "
                "Shoulds if need be, so that the Musts still get done. That is why the "
                "Musts stay at about 60% of the effort.",
            ),
            Choice(
                "wont",
                "Why does a Won't stay on the board, with its reason, instead of being deleted?",
                (
                    "So that it gets built if some time is left over",
                    "So that the decision and its reason are recorded, nobody waits for it, "
                    "and it can come back next round",
                    "Because every touchpoint on the board must be built one day",
                    "So that the board shows more work than it has",
                ),
                "So that the decision and its reason are recorded, nobody waits for it, and "
                "it can come back next round",
                hints=(
                    "A Won't is a decision, not a forgotten item.",
                    "Work that gets built if time is left over is a Could, not a Won't.",
                ),
                explanation="Won't have this time means agreed to be out for this round. "
                "Written down with its reason, it stops the question from coming back every "
                "week and says when to look again.",
            ),
            Choice(
                "kpi-move",
                "Spoke & Chain's safety-check quote has a target of 10% upsell conversion "
                "and converts 6%. Its upsell impact is high. What does the course's rule "
                "suggest?",
                (
                    "Move it up one column",
                    "Keep it where it is",
                    "Move it down one column, and find out why it misses",
                    "Take it off the board",
                ),
                "Move it down one column, and find out why it misses",
                hints=(
                    "Measure the miss as a share of the target, not in percentage points, "
                    "and compare it with the rule's 20%.",
                    "It misses by 4 points on a target of 10: that is 40% of the target.",
                ),
                explanation="It misses its target by 40% of the target, more than 20%, so "
                "it moves down one column. Treat the move as a question to the team: the "
                "content, the timing or the owner may be the reason.",
            ),
        ),
    )
