"""Practice for notebook 05: use case fields, goals as verb phrases, levels, extensions."""

from __future__ import annotations

from ..quiz import Choice, Exercise, Sort
from ..usecases import Level

#: The fields of a fully dressed use case, as the notebook's table names them.
FIELDS = (
    "Goal (title)",
    "Primary actor",
    "Stakeholder and interest",
    "Precondition",
    "Trigger",
    "Main success step",
    "Extension",
    "Success guarantee",
    "Minimal guarantee",
)


def use_cases_practice() -> Exercise:
    """Notebook 05: fill the fields, write the goal, pick the level, label extensions."""
    return Exercise(
        "Practice: use case modelling",
        (
            Sort(
                "fields",
                "Spoke & Chain wrote a use case for booking a repair online. Which field "
                "does each line belong in?",
                FIELDS,
                {
                    "Owner: wants every repair slot filled": "Stakeholder and interest",
                    "3a. The chosen slot was taken a moment ago": "Extension",
                    "Cyclist": "Primary actor",
                    "No deposit is taken without a confirmed slot": "Minimal guarantee",
                    "The cyclist taps 'Book a repair' in the shop's text message": "Trigger",
                    "Book a repair": "Goal (title)",
                    "The cyclist has a confirmed slot and a confirmation text": (
                        "Success guarantee"
                    ),
                    "Cyclist: picks a free slot": "Main success step",
                    "The workshop has published this week's free slots": "Precondition",
                },
                hints=(
                    "Each field answers a question: what is wanted, by whom, who else cares, "
                    "what is already true, what starts it, what happens, what may go "
                    "differently, and what holds at the end.",
                    "A precondition is already true before anything starts; the trigger is "
                    "what starts it. The success guarantee holds when the goal is reached, "
                    "the minimal guarantee even when it is not.",
                ),
                explanation="Goal: Book a repair. Primary actor: Cyclist. Stakeholder: the "
                "owner, who wants slots filled. Precondition: free slots are published. "
                "Trigger: the tap in the text message. Main step: the cyclist picks a slot. "
                "Extension 3a: the slot was just taken. Success guarantee: a confirmed slot "
                "and a text. Minimal guarantee: no deposit without a slot.",
            ),
            Choice(
                "goal",
                "Which title reads as a goal?",
                ("Booking a repair", "The repair booking page", "Book a repair", "Registration"),
                "Book a repair",
                hints=(
                    "A use case's title is the actor's goal, as an active verb phrase.",
                    "An activity in -ing, a page and a noun are not goals: which one starts "
                    "with a verb that the actor could say, 'I want to ...'?",
                ),
                explanation="'Book a repair' is an active verb phrase: what the cyclist sets "
                "out to do. 'Booking a repair' names an activity, 'The repair booking page' a "
                "thing, and 'Registration' a noun.",
            ),
            Sort(
                "level",
                "How high is each goal, in Cockburn's picture of the sea?",
                tuple(level.label for level in Level),
                {
                    "Pay the deposit by card": Level.SUBFUNCTION.label,
                    "Keep my bike running all year with the workshop": Level.SUMMARY.label,
                    "Book a repair": Level.USER_GOAL.label,
                    "Enter a discount code": Level.SUBFUNCTION.label,
                    "Renew the yearly service plan": Level.USER_GOAL.label,
                },
                hints=(
                    "A user goal is one person in one sitting, who then feels done.",
                    "Many sittings are a summary; a piece of a sitting that nobody would do "
                    "on its own is a subfunction.",
                ),
                explanation="Booking a repair and renewing the plan are user goals: one "
                "sitting, and the cyclist is done. Keeping the bike running all year takes "
                "many sittings: a summary. Paying by card and entering a code are pieces of "
                "a user goal: subfunctions.",
            ),
            Choice(
                "extension-label",
                "In 'Buy the annual membership', the card can be declined at step 5. What "
                "is the label of the first extension there?",
                ("a5", "5a", "5.1", "*a"),
                "5a",
                hints=(
                    "An extension's label starts with the number of the step it branches from.",
                    "Then comes a letter: the first thing that can go differently at that "
                    "step is 'a'. A star is for something that may happen at any step.",
                ),
                explanation="5a: step 5, first extension. A second one at step 5 would be 5b; "
                "*a is for something that may happen at any step, such as the customer "
                "closing the browser.",
            ),
            Choice(
                "upsell-step",
                "Where does an offer of coaching fit best in 'Buy the annual membership'?",
                (
                    "In extension 5a, right after the card was declined",
                    "Before the trial member has chosen a plan",
                    "At checkout, next to the plan the member chose",
                    "On the page that says the payment failed",
                ),
                "At checkout, next to the plan the member chose",
                hints=(
                    "A good moment is one where the customer is already deciding, or has "
                    "just succeeded.",
                    "Inside an extension something has gone wrong; before choosing a plan "
                    "the customer has not got what they came for.",
                ),
                explanation="At checkout the member is already deciding, and coaching sits "
                "naturally next to the plan. After a declined card, or before they have "
                "chosen anything, an offer gets in the way.",
            ),
            Sort(
                "guarantees",
                "Spoke & Chain's use case 'Book a repair online' ends with two guarantees. "
                "Which is each of these sentences?",
                ("Success guarantee", "Minimal guarantee", "Neither: a step"),
                {
                    "The customer has a booked slot, a confirmation text and a price estimate": (
                        "Success guarantee"
                    ),
                    "No deposit is taken for a slot that was not booked": "Minimal guarantee",
                    "Customer: chooses a free slot on Thursday": "Neither: a step",
                    "The customer's details are never shown to another customer": (
                        "Minimal guarantee"
                    ),
                },
                hints=(
                    "One sentence says who does what: that is a step of the scenario. The "
                    "others are promises.",
                    "The success guarantee is what is true when the goal is reached; the "
                    "minimal one still holds when it fails.",
                ),
                explanation="Success guarantee: the booked slot with its confirmation and "
                "estimate, true when the goal is reached. Minimal guarantees: no deposit for a "
                "slot not booked, and details kept private, promises kept even on a bad day. "
                "'Customer: chooses a free slot' says who does what: a main success step.",
            ),
            Choice(
                "step-size",
                "Which of these is a main success step at the right size, in 'Book a repair "
                "online'?",
                (
                    "Booking page: validates the postcode field",
                    "Customer: books a repair online",
                    "Customer: chooses the repair and a free slot",
                    "The system is fast and easy to use",
                ),
                "Customer: chooses the repair and a free slot",
                hints=(
                    "A step says who does what, at the level a customer would notice.",
                    "One option is too small to notice, one is the whole use case again, and "
                    "one is not a step at all.",
                ),
                explanation="'Customer: chooses the repair and a free slot' says who does what, "
                "at a size the customer notices. Validating one field is too small; 'books a "
                "repair online' is the goal of the whole use case; 'fast and easy' is a "
                "quality, which notebook 04 turns into a measurable requirement.",
            ),
        ),
    )
