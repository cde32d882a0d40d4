"""Self-check for the observed-journey notebook: one planned move's share, by hand."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._feedback import Feedback, point, typed_number

if TYPE_CHECKING:
    import pandas as pd

    from ..milestones import MilestoneMap

# Spoke & Chain, a bike repair shop: a free safety check, then a paid service, then the
# tune-up plan. Eight customers with the traps a real log has: customer 2 goes via a
# shop visit, customer 3 has two checks, customer 4 never has one, customer 6's check
# and service share one instant, customer 8 has the check after the service.
_ROWS = (
    ("c1", "2024-03-01 09:00", "free_trial", None),
    ("c1", "2024-03-04 10:00", "core_purchase", 80.0),
    ("c1", "2024-04-10 10:00", "renewal", 120.0),
    ("c2", "2024-03-02 09:30", "free_trial", None),
    ("c2", "2024-03-03 16:00", "visit", None),
    ("c2", "2024-03-09 11:00", "core_purchase", 60.0),
    ("c3", "2024-03-02 12:00", "free_trial", None),
    ("c3", "2024-03-05 12:00", "free_trial", None),
    ("c3", "2024-03-06 15:00", "core_purchase", 95.0),
    ("c4", "2024-03-07 10:00", "core_purchase", 70.0),
    ("c5", "2024-03-08 17:00", "free_trial", None),
    ("c6", "2024-03-10 11:00", "core_purchase", 80.0),
    ("c6", "2024-03-10 11:00", "free_trial", None),
    ("c7", "2024-03-11 09:00", "free_trial", None),
    ("c7", "2024-03-20 14:00", "core_purchase", 85.0),
    ("c7", "2024-03-25 14:00", "renewal", 120.0),
    ("c8", "2024-03-12 10:00", "core_purchase", 75.0),
    ("c8", "2024-03-15 10:00", "free_trial", None),
)
_CHECK, _SERVICE = "Free safety check", "Pay for a service"
_REACHED = {"c1", "c2", "c3", "c5", "c6", "c7", "c8"}  # had a check
_STRAIGHT = {"c1", "c3", "c6", "c7"}  # from a check straight to the service


def flow_plan() -> MilestoneMap:
    """The bike shop's milestones: free check, then service, then the tune-up plan."""
    from ..milestones import Milestone, MilestoneMap, Stage

    return MilestoneMap.from_columns(
        title="Spoke & Chain bike repairs",
        before=[Milestone(_CHECK, Stage.BEFORE, "free_trial", "checks per week")],
        core=Milestone(_SERVICE, Stage.CORE, "core_purchase", "services paid per week"),
        after=[Milestone("Join the tune-up plan", Stage.AFTER, "renewal", "plans per month")],
    )


def flow_log() -> pd.DataFrame:
    """The tiny log of the self-check: 18 events of 8 customers, read through ``read_events``."""
    import pandas as pd

    from ..events import read_events

    frame = pd.DataFrame(_ROWS, columns=["customer_id", "timestamp", "event", "amount"])
    return read_events(frame, errors="raise").events


def flow_by_hand(reached: Any = None, straight: Any = None, share: Any = None) -> Feedback:
    """Feedback on the share of :func:`flow_log`'s customers who went from the free check
    straight to paying for a service, counted by hand.

    ``reached`` is the denominator (customers who had a check), ``straight`` the
    numerator (those whose very next step after a check was the service) and
    ``share`` the share itself. Each point names the trap the number suggests:
    counting events instead of customers, a detour via another event, the order
    of two events at one instant, a check after the service.
    """
    from ..observed import observe

    log, plan = flow_log(), flow_plan()
    moves = observe(log, plan).transitions
    row = moves[(moves["from"] == _CHECK) & (moves["to"] == _SERVICE)]
    expected = float(row["share"].iloc[0])
    check_rows = int((log["event"] == "free_trial").sum())
    den, num, value = typed_number(reached), typed_number(straight), typed_number(share)
    points = []

    good = f"Denominator: {len(_REACHED)} customers had a free check."
    if den is None:
        not_yet = "Set `reached` to a number: how many customers had a free check?"
    elif den == check_rows:
        not_yet = f"{check_rows} counts check events. Count customers: c3 had two checks."
    elif den == len(_REACHED) - 1:
        not_yet = "One short. Every customer with a check counts, whatever came before it."
    else:
        not_yet = "Count the customers with at least one free_trial row, each once."
    points.append(point(den == len(_REACHED), good, not_yet))

    good = (
        f"Numerator: {len(_STRAIGHT)} went from a check straight to the service "
        "(c1, c3, c6 and c7)."
    )
    if num is None:
        not_yet = "Set `straight` to a number: whose next step after a check was the service?"
    elif num == len(_STRAIGHT) + 1:
        not_yet = (
            "One too many. Look at c2: what came right after the check? And c8: which came "
            "first, the check or the service?"
        )
    elif num == len(_STRAIGHT) - 1:
        not_yet = (
            "One short. c6's check and service have the same time: at one instant the "
            "plan's order decides, so the check comes first."
        )
    elif num == len(_REACHED) - 1:
        not_yet = (
            "That counts everyone with both a check and a service. The move is *directly* "
            "from the check: look at what came right after each check."
        )
    else:
        not_yet = "Sort each customer's events by time and look at the step right after a check."
    points.append(point(num == len(_STRAIGHT), good, not_yet))

    good = f"Share: {expected:.0%} of those who had a check went straight to the service."
    if value is None:
        not_yet = "Set `share` to straight / reached."
    elif den and num is not None and math.isclose(value, num / den, abs_tol=1e-9):
        not_yet = (
            f"{value:.0%} is your straight / reached; fix the count marked ✘ above and it follows."
        )
    elif num and den is not None and math.isclose(value, den / num, abs_tol=1e-9):
        not_yet = "Upside down: the share is straight / reached."
    elif value > 1 and math.isclose(value / 100, expected, abs_tol=1e-9):
        not_yet = "Give the share as a number between 0 and 1, not as a percentage."
    else:
        not_yet = "The share is straight / reached, a number between 0 and 1."
    points.append(
        point(value is not None and math.isclose(value, expected, abs_tol=1e-9), good, not_yet)
    )
    return Feedback(points)
