"""Self-checks: specific feedback on a learner's answer, not just right or wrong.

Each notebook's exercise has a function here that returns :class:`Feedback`,
which shows in a notebook as a list of points marked ✔ or ✘.
"""

from ._feedback import Feedback, Point, point
from ._milestones import bakery_milestones

__all__ = ["Feedback", "Point", "bakery_milestones", "point"]
