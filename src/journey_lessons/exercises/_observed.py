"""Practice for notebook 08: reading the journey customers took against the plan.

The numbers of each question are data here, so that a test can work out the answer
on its own from the same data.
"""

from __future__ import annotations

from ..quiz import Choice, Exercise, Number, Sort

#: Lotus Flow's overlay, before the purchase: touchpoint -> (customers who reached it,
#: share whose journey ended there).
DROP_OFFS = {
    "Welcome email with the day-1 video": (992, 0.20),
    "Free trial invitation": (913, 0.56),
    "Live class reminder on trial day 3": (327, 0.27),
    "Trial-ending offer: 20% off": (318, 0.57),
}

#: A trial-to-purchase move: customers at the trial, and where they went next.
AT_TRIAL, STRAIGHT_TO_BUY, VIA_OTHER, ENDED = 400, 260, 40, 100


def _lost(name: str) -> int:
    reached, ended = DROP_OFFS[name]
    return round(reached * ended)


def _fix_first() -> str:
    return max(DROP_OFFS, key=_lost)


def _overlay() -> str:
    return "; ".join(
        f"'{name}': {reached:,} customers reached it, {ended:.0%} ended there"
        for name, (reached, ended) in DROP_OFFS.items()
    )


def observed_practice() -> Exercise:
    """Notebook 08: read the overlay, classify moves, a share by hand, ties and 'other'."""
    first = _fix_first()
    runner_up = max((n for n in DROP_OFFS if n != first), key=lambda n: DROP_OFFS[n][1])
    share = STRAIGHT_TO_BUY / AT_TRIAL
    return Exercise(
        "Practice: the journey customers took",
        (
            Choice(
                "fix-first",
                "The overlay of Lotus Flow's journey shows, for four touchpoints before the "
                f"purchase: {_overlay()}. To win more buyers, which touchpoint do you "
                "work on first?",
                tuple(DROP_OFFS),
                first,
                hints=(
                    "Compare how many customers each touchpoint loses, not only the share.",
                    "Customers lost = customers who reached it × the share who ended there.",
                ),
                explanation=f"'{first}' loses about {_lost(first):,} customers, more than "
                f"twice any other. '{runner_up}' loses a larger share "
                f"({DROP_OFFS[runner_up][1]:.0%}) but of far fewer customers "
                f"(about {_lost(runner_up):,}).",
            ),
            Sort(
                "move-kinds",
                "A plan runs A → B → C → D. Sort each observed move by its kind.",
                ("planned", "skip", "back", "loop"),
                (
                    ("C → B", "back"),
                    ("A → B", "planned"),
                    ("B → B", "loop"),
                    ("A → C", "skip"),
                    ("D → A", "back"),
                    ("C → D", "planned"),
                    ("B → D", "skip"),
                ),
                hints=(
                    "A planned move goes to the next step of the plan; a skip jumps forward "
                    "past one or more steps.",
                    "Going to an earlier step is 'back'; the same step again is a 'loop'.",
                ),
                explanation="Only moves to the very next step are planned. A → C and B → D "
                "skip a step, C → B and D → A go back, B → B repeats B.",
            ),
            Number(
                "share",
                f"{AT_TRIAL} customers started the free trial. {STRAIGHT_TO_BUY} of them "
                f"bought the membership as their very next step, {VIA_OTHER} bought after "
                f"something the plan does not name, and {ENDED} went no further. What "
                "share of the trial's customers took the planned move to the purchase, in %?",
                share * 100,
                unit="%",
                tolerance=0.5,
                hints=(
                    "The share of a move is the customers who made it over the customers "
                    "who reached where it starts.",
                    f"Only the very next step counts: the {VIA_OTHER} who bought after "
                    "something else did not make the move trial → purchase.",
                ),
                explanation=f"{STRAIGHT_TO_BUY} of {AT_TRIAL} is {share:.0%}. The "
                f"{VIA_OTHER} who went via another event made the moves trial → other and "
                "other → purchase instead.",
            ),
            Choice(
                "ties",
                "Two events of one customer have the same timestamp: 'Start the free "
                "trial' and 'Buy the membership'. In which order does the course read them?",
                (
                    "In the plan's order: the trial first",
                    "In the order of the rows in the file",
                    "The purchase first, as it matters most",
                    "Neither: both are left out",
                ),
                "In the plan's order: the trial first",
                hints=(
                    "A rule that depends on the file's row order would change when the file "
                    "is sorted.",
                    "The plan already says which comes first.",
                ),
                explanation="At one instant the plan's order decides, so the same log always "
                "gives the same journey, however its rows are sorted.",
            ),
            Choice(
                "other",
                "Your log has 'visit' events that no milestone or touchpoint of your plan "
                "names. What happens to them?",
                (
                    "They are dropped",
                    "They become one step, 'other', and are counted",
                    "Each becomes a milestone of its own",
                    "The whole customer is left out",
                ),
                "They become one step, 'other', and are counted",
                hints=(
                    "Nothing a customer did is dropped in silence.",
                    "Dropping them would make a move look direct when it was not.",
                ),
                explanation="They are grouped as 'other' and counted, so a trial → visit → "
                "purchase journey is not mistaken for a straight trial → purchase.",
            ),
            Choice(
                "variant",
                "What is a variant?",
                (
                    "One customer's whole path, first step to last, a repeated step counted once",
                    "A move from one step to the next",
                    "A milestone that customers skip",
                    "A version of the plan",
                ),
                "One customer's whole path, first step to last, a repeated step counted once",
                hints=(
                    "Variants are counted in customers, one per customer.",
                    "A move joins two steps; a variant strings all of a customer's steps.",
                ),
                explanation="A variant is a customer's path as a whole. The commonest "
                "variants show the few ways most customers really go.",
            ),
            Number(
                "dropoff",
                "500 customers reached 'Start the free trial'. For 120 of them, nothing else "
                "happened afterwards: their journey ended there. What is the drop-off at the "
                "trial, in %?",
                24,
                unit="%",
                tolerance=0.5,
                hints=(
                    "Drop-off is the move to 'end': the customers whose journey ended at this "
                    "step, out of those who reached it.",
                    "Divide 120 by 500, then multiply by 100.",
                ),
                explanation="120 / 500 = 24% of the customers who started the trial went no "
                "further: in the overlay, the move from the trial to 'end' has a share of "
                "24%. A high drop-off right after a planned step is where to look first.",
            ),
        ),
    )
