"""Practice for notebook 02: specific touchpoints, the nine lifecycle steps and their side,
gaps and dips in the customer's mood."""

from __future__ import annotations

from ..lifecycle import LifecycleStep
from ..quiz import Choice, Exercise, Number, Sort

UP_TO, AFTER = "Leads up to the purchase", "Comes after the purchase"
VAGUE, SPECIFIC = "Vague", "Specific"

#: Harbor Bikes' path from the test ride to the purchase: each touchpoint and the mood the
#: team expects there, from -2 (very unhappy) to +2 (delighted).
BIKE_SHOP_MOODS = (
    ("Booking confirmation", 1),
    ("Reminder text", 1),
    ("Wait for a free bike", -1),
    ("Fitting with the mechanic", 2),
    ("Price quote", 1),
)
DIP = "Wait for a free bike"

#: The lifecycle steps in a mixed order, so that the order gives nothing away.
_MIXED = (
    LifecycleStep.MAXIMIZE,
    LifecycleStep.ACQUIRE,
    LifecycleStep.DELIVER,
    LifecycleStep.CONVERT,
    LifecycleStep.REACTIVATE,
    LifecycleStep.NURTURE,
    LifecycleStep.REFER,
    LifecycleStep.MAINTAIN,
    LifecycleStep.REPEAT,
)


def paths_practice() -> Exercise:
    """Notebook 02: vague or specific, the side of the purchase, a step's number, gaps, dips."""
    return Exercise(
        "Practice: paving the path",
        (
            Sort(
                "vague-or-specific",
                "Spoke & Chain, a bike workshop, wants cyclists who asked for a quote to book "
                "the repair. Which parts of its follow-up are vague, and which are specific "
                "enough to act on?",
                (VAGUE, SPECIFIC),
                {
                    "Channel: online": VAGUE,
                    "Trigger: the day after a quote that is not booked yet": SPECIFIC,
                    "Owner: the team": VAGUE,
                    "Channel: a text message to the number on the quote": SPECIFIC,
                    "Measure: awareness": VAGUE,
                    "Owner: the head mechanic": SPECIFIC,
                    "Trigger: from time to time": VAGUE,
                    "Measure: share of quotes booked within 3 days": SPECIFIC,
                },
                hints=(
                    "Ask of each one: could two people act on it and agree afterwards "
                    "whether it was done?",
                    "'The team', 'online', 'from time to time' and 'awareness' could mean "
                    "anything: "
                    "who exactly, where exactly, when exactly, counted how?",
                ),
                explanation="A specific touchpoint names one channel (a text message), a "
                "trigger you can set a clock by (the day after an unbooked quote), one person "
                "who owns it (the head mechanic) and a measure you can count (quotes booked "
                "within 3 days). 'Online', 'the team', 'from time to time' and 'awareness' "
                "cannot be planned, timed or improved.",
            ),
            Choice(
                "five-questions",
                "A touchpoint is ready to act on when it answers five questions. Which are they?",
                (
                    "Channel: where?",
                    "Price: how much does it cost to run?",
                    "Trigger: when, and set off by what?",
                    "Owner: who does it?",
                    "Audience: how many people see it?",
                    "Content: what does the customer get?",
                    "Measure: how do we know it worked?",
                ),
                (
                    "Channel: where?",
                    "Trigger: when, and set off by what?",
                    "Owner: who does it?",
                    "Content: what does the customer get?",
                    "Measure: how do we know it worked?",
                ),
                hints=(
                    "Five of the seven are right: the ones the vague-or-specific table in the "
                    "notebook asks about.",
                    "Cost and reach matter, but they are not among the five; the five say "
                    "where, when, who, what and how you know.",
                ),
                explanation="Channel, trigger, owner, content and measure: where it happens, "
                "what sets it off, who does it, what the customer gets and how you know it "
                "worked.",
            ),
            Sort(
                "side",
                "The purchase splits the nine lifecycle steps. Which steps lead up to it, "
                "and which come after it?",
                (UP_TO, AFTER),
                {step.label: UP_TO if step.number <= 3 else AFTER for step in _MIXED},
                hints=(
                    "Only three steps come before the purchase: they turn a stranger into a buyer.",
                    "A step about customers (delivering to them, bringing them back, their "
                    "referrals) needs someone who has bought; a step about leads does not.",
                ),
                explanation="Steps 1 to 3 (acquire leads, nurture leads, convert leads to "
                "customers) lead up to the purchase. Steps 4 to 9 (deliver a great "
                "experience, repeat buyers, referrals, maximize value, reactivate, maintain "
                "the relationship) come after it, on the paths to the right of the core.",
            ),
            Number(
                "step-number",
                "Spoke & Chain texts customers who have not been in for a year: 10% off a "
                "spring service. Which lifecycle step, 1 to 9, does this touchpoint serve? "
                "Type its number.",
                8,
                hints=(
                    "These people bought before, then went quiet. Look at the steps after "
                    "the purchase.",
                    "It is not about a first purchase or a referral: the step is about "
                    "bringing back customers who stopped buying.",
                ),
                explanation="Step 8, reactivate inactive customers: the text gives customers "
                "who went quiet a reason to come back.",
            ),
            Choice(
                "wow",
                "In which phase of the Lifecycle Marketing model do repeat purchases, "
                "referrals and upgrades come from?",
                ("Attract", "Sell", "Wow"),
                "Wow",
                hints=(
                    "Repeat purchases, referrals and upgrades all need a customer who has "
                    "already bought.",
                    "Attract is step 1 and Sell steps 2 and 3: both come before the purchase.",
                ),
                explanation="Wow covers steps 4 to 9, everything after the purchase. Most "
                "small businesses spend nearly all their effort on Attract and Sell, yet "
                "repeat purchases, referrals and upgrades come from Wow.",
            ),
            Choice(
                "dip",
                "Harbor Bikes expects this mood at each touchpoint from the test ride to "
                "the purchase (-2 very unhappy to +2 delighted): "
                + "; ".join(f"{name} {mood:+d}" for name, mood in BIKE_SHOP_MOODS)
                + ". Where does the customer's mood dip?",
                tuple(name for name, _ in BIKE_SHOP_MOODS),
                DIP,
                hints=(
                    "A dip is a drop of two points or more from one touchpoint to the next.",
                    "Compare each touchpoint with the one just before it; a drop of one "
                    "point is not a dip.",
                ),
                explanation="From the reminder (+1) to the wait for a free bike (-1) the "
                "mood drops two points: a dip. The fitting lifts it again, but the wait "
                "is the moment to fix, or to warn about in the reminder. The price quote "
                "drops only one point.",
            ),
            Choice(
                "gap",
                "In a bike shop's coverage table, the row for step 6, encourage referrals, "
                "has a total of 0. What does that tell you?",
                (
                    "Referrals are going well, so no touchpoint is needed",
                    "No touchpoint on any path serves referrals: a gap to fill",
                    "Step 6 comes before the purchase, so it may stay empty",
                    "The customers' mood dips at step 6",
                ),
                "No touchpoint on any path serves referrals: a gap to fill",
                hints=(
                    "The coverage table counts touchpoints per step and path.",
                    "A total of 0 says nothing about how customers feel: it counts what the "
                    "shop does at that step.",
                ),
                explanation="A step whose total is 0 is a gap: a part of the lifecycle "
                "nobody looks after. Here, nothing invites a happy customer to bring a "
                "friend; a bring-a-friend card or a review request would fill it.",
            ),
            Sort(
                "after-steps",
                "Spoke & Chain, a bike workshop, plans one touchpoint for each step after "
                "the purchase (a repair). Which lifecycle step does each serve?",
                tuple(step.label for step in LifecycleStep if step.number >= 4),
                {
                    "Customers who collect a repair are offered a yearly service plan": (
                        LifecycleStep.MAXIMIZE.label
                    ),
                    "A card with every repaired bike: how to check the tyre pressure": (
                        LifecycleStep.DELIVER.label
                    ),
                    "A call to customers whose service plan ran out six months ago": (
                        LifecycleStep.REACTIVATE.label
                    ),
                    "Every fifth service, the chain clean is free": LifecycleStep.REPEAT.label,
                    "A free group ride each month for customers, with nothing for sale": (
                        LifecycleStep.MAINTAIN.label
                    ),
                    "Bring a riding friend and you both get a free safety check": (
                        LifecycleStep.REFER.label
                    ),
                },
                hints=(
                    "Ask of each: is it about this purchase going well, buying again, "
                    "bringing others, buying more, coming back, or simply staying in touch?",
                    "A service plan raises what a customer spends (maximize value); a call to "
                    "someone whose plan ran out is a reactivation.",
                ),
                explanation="Deliver a great experience: the tyre card with the repaired "
                "bike. Repeat buyers: the free chain clean every fifth service. Referrals: "
                "bring a riding friend. Maximize value: the service plan at collection. "
                "Reactivate: the call when a plan has run out. Maintain the relationship: the "
                "group ride, which sells nothing.",
            ),
        ),
    )
