"""Self-checks: specific feedback on a learner's answer, not just right or wrong.

Each notebook's exercise has a function here that returns :class:`Feedback`,
which shows in a notebook as a list of points marked ✔ or ✘.
"""

from ._feedback import Feedback, Point, point
from ._milestones import bakery_milestones
from ._moscow import bakery_board, rebalance_bakery
from ._paths import BAKERY_FOLLOW_UP, bakery_touchpoint, specific_touchpoint

__all__ = [
    "BAKERY_FOLLOW_UP",
    "Feedback",
    "Point",
    "bakery_board",
    "bakery_milestones",
    "bakery_touchpoint",
    "point",
    "rebalance_bakery",
    "specific_touchpoint",
]
