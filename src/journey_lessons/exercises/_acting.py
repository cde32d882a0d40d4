"""Practice for notebook 09: targets and their status, chance, and moves on the board."""

from __future__ import annotations

from ..quiz import Choice, Exercise, Number, Sort

MET, NOT_MET, NO_TARGET, NO_DATA = "met", "not met", "no target", "no data"
UP, DOWN, STAY = "Move up one column", "Move down one column", "Stay where it is"

#: A target for the demotion question, and the rule's margin (20%).
UPSELL_TARGET, MARGIN = 25, 0.20


def acting_practice() -> Exercise:
    """Notebook 09: read a status, tell noise from a finding, and apply the board's rule."""
    return Exercise(
        "Practice: acting on KPIs",
        (
            Sort(
                "status",
                "The corner bakery's KPI report, before the status column was filled in. "
                "What is the status of each?",
                (MET, NOT_MET, NO_TARGET, NO_DATA),
                {
                    "Upsell conversion 24%, target 30%": NOT_MET,
                    "Days from tasting to first loaf: 9, target at most 14": MET,
                    "NPS: no survey answers yet, target +40": NO_DATA,
                    "CSAT 84%, target 80%": MET,
                    "Referral rate 12%, no target set": NO_TARGET,
                    "Churn in month 1: 14%, target at most 10%": NOT_MET,
                },
                hints=(
                    "Check which way is better for each KPI: for days and churn, lower is better.",
                    "A KPI with nothing measured has no data; a KPI without a number to aim "
                    "for has no target.",
                ),
                explanation="Met: CSAT (84% against 80%) and the 9 days (at most 14: lower "
                "is better). Not met: upsell conversion (24% against 30%) and churn (14% "
                "against at most 10%). No data: NPS, with no answers. No target: referrals.",
            ),
            Choice(
                "noise",
                "On the dashboard, you change the seed from 2024 to 7 and nothing else. NPS "
                "jumps from +31 to +44; your target is +40. What do you conclude?",
                (
                    "NPS now meets its target: the plan works",
                    "Nothing yet: chance alone moved NPS by 13 points, more than the gap "
                    "to the target",
                    "The seed is a lever: keep seed 7",
                    "NPS is broken: report it as a bug",
                ),
                "Nothing yet: chance alone moved NPS by 13 points, more than the gap to the target",
                hints=(
                    "The seed changes which simulated customers you get, nothing else.",
                    "If chance alone moves a KPI by more than the gap to its target, can the "
                    "gap tell you anything?",
                ),
                explanation="The seed only picks other customers from the same journey, so "
                "the 13-point jump is chance. A gap to target smaller than that wobble is "
                "not a finding yet. NPS rests on the few customers who answer the survey, "
                "so it wobbles most; more customers, less wobble.",
            ),
            Sort(
                "moves",
                "The corner bakery measured each touchpoint against its target. The rule: "
                "up one column when a touchpoint beats its target by 20% of it or more and "
                "its upsell impact is medium or high; down one when a Must or a Should "
                "misses by more than 20% of it. Where does each go?",
                (UP, DOWN, STAY),
                {
                    "Bread club sign-up: a Must, high impact; 12% against a target of 20%": (DOWN),
                    "Coffee combo sign: a Could, low impact; 30% against 20%": STAY,
                    "Cake pre-order form: a Should, high impact; 30% against 20%": UP,
                    "Instagram photo of the day: a Could, medium impact; 10% against 20%": (STAY),
                    "Sourdough class invitation: a Should, medium impact; 22% against 20%": (STAY),
                },
                hints=(
                    "Work out each margin as a share of the target: (30 − 20) / 20 = 50%.",
                    "Three traps: a big beat with low impact, a small beat of 10%, and a "
                    "big miss in Could, which has no column below it that the rule uses.",
                ),
                explanation="Up: the cake pre-order form (+50%, high impact) becomes a "
                "Must. Down: the bread club sign-up (−40%) becomes a Should. The coffee sign "
                "beats its target but matters little for upsell; the class invitation beats "
                "it by only 10%; the photo misses badly, but Coulds do not move down.",
            ),
            Choice(
                "why-differ",
                "The KPI table above the dashboard says upsell conversion 28.7%, not met. "
                "The dashboard says 39.7%, met. Both use the same journey. Why do they "
                "differ?",
                (
                    "One of them has a bug",
                    "The dashboard simulates its own customers with the settings on its "
                    "sliders; the table measured the log simulated earlier",
                    "The table rounds differently",
                    "The dashboard counts offers, the table customers",
                ),
                "The dashboard simulates its own customers with the settings on its sliders; "
                "the table measured the log simulated earlier",
                hints=(
                    "Where does each one's event log come from?",
                    "The dashboard re-simulates whenever a slider moves.",
                ),
                explanation="The table measures the log simulated at the top of the "
                "notebook. The dashboard simulates its own prospects, with its slider "
                "settings (upsell acceptance among them): the same journey, other "
                "customers, so other numbers. Compare a KPI with its target within one of "
                "them, never across.",
            ),
            Choice(
                "target-changes",
                "You raise the upsell conversion target on the dashboard from 30% to 40%. "
                "What changes?",
                (
                    "The upsell conversion rate goes up",
                    "Only its status: met or not met",
                    "The simulated customers",
                    "Every KPI's status",
                ),
                "Only its status: met or not met",
                hints=(
                    "A target is what you aim for, not what happened.",
                    "The rate comes from the events; the target only says how to read it.",
                ),
                explanation="A target changes only the status of its own KPI. The rate "
                "itself comes from the event log, and moving a target never moves a "
                "customer.",
            ),
            Number(
                "demote-below",
                f"A Must has a target of {UPSELL_TARGET}% upsell conversion. Below what "
                "conversion, in %, does the rule suggest moving it down?",
                UPSELL_TARGET * (1 - MARGIN),
                unit="%",
                tolerance=0.5,
                hints=(
                    "A move down needs a miss of more than 20% of the target.",
                    f"20% of {UPSELL_TARGET}% is {UPSELL_TARGET * MARGIN:g} points: take "
                    "it off the target.",
                ),
                explanation=f"20% of {UPSELL_TARGET} is {UPSELL_TARGET * MARGIN:g}, so "
                f"below {UPSELL_TARGET * (1 - MARGIN):g}% the Must misses by more than 20% "
                f"of its target and moves down to Should. At exactly "
                f"{UPSELL_TARGET * (1 - MARGIN):g}% it stays.",
            ),
            Choice(
                "move-first",
                "reprioritize suggests moving the trial-ending offer from Must to Should. "
                "What do you do first?",
                (
                    "Apply it at once: the numbers decide",
                    "Find out why it misses: its content, timing, owner, or the customers "
                    "who meet it",
                    "Delete its target, so that it stops missing",
                    "Move it to Won't, to be safe",
                ),
                "Find out why it misses: its content, timing, owner, or the customers who meet it",
                hints=(
                    "A suggestion is a question to the team, not an order.",
                    "A touchpoint can miss for reasons that have nothing to do with its value.",
                ),
                explanation="A suggested move starts a conversation: the offer may miss "
                "because of its timing or its wording, not because it matters less. Find "
                "the reason, then decide: fix it as a Must, or move it and say why.",
            ),
        ),
    )
