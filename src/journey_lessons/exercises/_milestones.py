"""Practice for notebook 01: the core purchase in the middle, milestones before and after."""

from __future__ import annotations

from ..quiz import Choice, Exercise, Sort

BEFORE, CORE, AFTER = "Before the purchase", "Core purchase", "After the purchase"


def milestones_practice() -> Exercise:
    """Notebook 01: choose the core, place milestones in their columns, make them measurable."""
    return Exercise(
        "Practice: mapping milestones",
        (
            Choice(
                "middle",
                "Why does the purchase of the core offering go in the middle column, not at "
                "the end of the journey?",
                (
                    "It is the last goal: the journey is over once the customer has paid",
                    "It is the fulcrum: the steps before lead to it, the steps after build on it",
                    "It is the first time the customer hears of the business",
                    "The middle column has the most room on the page",
                ),
                "It is the fulcrum: the steps before lead to it, the steps after build on it",
                hints=(
                    "Think of what can happen after a customer has bought for the first time.",
                    "Reviews, repeat purchases, referrals and upgrades all come after the "
                    "purchase.",
                ),
                explanation="The purchase is the turning point of the relationship, not its "
                "end: the milestones on the left lead a stranger to buy, those on the right "
                "turn a buyer into a regular and a source of new customers.",
            ),
            Choice(
                "core",
                "Spoke & Chain, a bike workshop, repairs bikes: that is most of its income and the "
                "reason nearly every customer comes in. It also sells lights and locks, and "
                "serves coffee while you wait. Which offering goes in the middle of its map?",
                (
                    "Lights and locks",
                    "Coffee while you wait",
                    "All three, side by side",
                    "The repair service",
                ),
                "The repair service",
                hints=(
                    "The middle holds one offering only: the one the shop could not do without.",
                    "Imagine the shop without each offering in turn: which loss would close it?",
                ),
                explanation="The core is the offering the business could not remove without "
                "failing: for this shop, repairs. Lights, locks and coffee are not lost: they "
                "come back after the purchase as upsells and repeat purchases.",
            ),
            Sort(
                "columns",
                "The corner bakery's core offering is its daily bread. Put each milestone in "
                "its column.",
                (BEFORE, CORE, AFTER),
                {
                    "Leave a review": AFTER,
                    "Sign up for the weekly bake list": BEFORE,
                    "Join the bread club": AFTER,
                    "Buy a loaf": CORE,
                    "Answer a two-question survey about the loaf": AFTER,
                    "Taste a free sample": BEFORE,
                    "Refer a neighbour": AFTER,
                },
                hints=(
                    "One milestone is the purchase of the core offering. For each of the "
                    "others, ask: can a customer do it before buying, or only after?",
                    "A review or a survey needs something bought to talk about; a taste or a "
                    "sign-up is a small, free step towards buying.",
                ),
                explanation="Before: tasting a free sample (a free trial) and signing up for "
                "the bake list (an opt-in). In the middle: buying a loaf. After: the survey, "
                "the review (a testimonial), the bread club (a renewal) and the referral.",
            ),
            Choice(
                "measurable",
                "Which of these are milestones as they are written, that is, things you "
                "could count?",
                (
                    "Started a free trial",
                    "Likes our brand",
                    "Downloaded the beginner plan",
                    "Feels inspired by our posts",
                    "Referred a friend",
                ),
                ("Started a free trial", "Downloaded the beginner plan", "Referred a friend"),
                hints=(
                    "A milestone is something a customer does that you can count each week.",
                    "Could you count 'likes our brand' or 'feels inspired' without asking "
                    "everyone? Turn a feeling into an action first.",
                ),
                explanation="Trials started, downloads and referrals can each be counted per "
                "week or month, so they are milestones. Liking a brand or feeling inspired "
                "are feelings: you measure them only through something the customer does, "
                "such as answering a survey.",
            ),
            Sort(
                "evidence",
                "Lotus Flow's team drew its map in a meeting. Sort what it knows: which "
                "statements rest on evidence (research), and which are the team's guesses "
                "(assumptions)?",
                ("research", "assumption"),
                (
                    ("Beginners want short morning classes", "assumption"),
                    ("5 of 6 members interviewed found us through a friend", "research"),
                    ("The event log shows 34% of downloads start a trial", "research"),
                    ("People will pay more for live classes", "assumption"),
                    ("Survey: 'crowded studios' is the top reason to stay home", "research"),
                    ("Members would refer friends for a free month", "assumption"),
                ),
                hints=(
                    "Research is something you observed or asked customers; an assumption "
                    "is what the team believes.",
                    "Ask of each statement: who said so, and how many customers? An "
                    "interview, a survey or the event log is evidence.",
                ),
                explanation="The interviews, the event log and the survey are evidence. "
                "'Want short classes', 'will pay more' and 'would refer friends' are guesses "
                "until customers are asked or observed: fine for a first map, each one worth "
                "checking.",
            ),
            Choice(
                "persona",
                "What does a persona give a journey map?",
                (
                    "A list of every customer of the business",
                    "The one kind of customer whose journey the map follows",
                    "The brand's tone of voice",
                    "The order in which to build the touchpoints",
                ),
                "The one kind of customer whose journey the map follows",
                hints=(
                    "Different customers take different roads to the same purchase.",
                    "A persona is a short sketch of someone: who they are, what they want, "
                    "what gets in their way.",
                ),
                explanation="A map follows one persona: a sketch of one kind of customer, with "
                "their goal and their pain points. Another persona may need another map.",
            ),
            Sort(
                "tax-firm",
                "Ledger & Co prepares tax returns for freelancers: the annual tax return is its "
                "core offering. Put each milestone in its column.",
                (BEFORE, CORE, AFTER),
                {
                    "Add monthly bookkeeping to the return": AFTER,
                    "Book a free 20-minute consultation": BEFORE,
                    "Renew for next year's return": AFTER,
                    "Sign the engagement for this year's tax return": CORE,
                    "Download the e-book 'Ten deductions freelancers forget'": BEFORE,
                    "Refer a fellow freelancer": AFTER,
                    "Attend the webinar on this year's tax changes": BEFORE,
                },
                hints=(
                    "A consultation, an e-book and a webinar are all ways to get to know a "
                    "firm before paying it anything.",
                    "Adding a service, renewing and referring all need a customer who has "
                    "already bought the return.",
                ),
                explanation="Before: the consultation, the e-book (an opt-in) and the webinar, "
                "free steps that let a stranger judge the firm. In the middle: signing for the "
                "tax return. After: bookkeeping (an upsell), the renewal and the referral.",
            ),
        ),
    )
