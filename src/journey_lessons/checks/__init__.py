"""Self-checks: specific feedback on a learner's answer, not just right or wrong.

Each notebook's exercise has a function here that returns :class:`Feedback`,
which shows in a notebook as a list of points marked ✔ or ✘.
"""

from ._acting import moves_by_hand, workshop_board, workshop_results, workshop_table
from ._canvas import workshop_canvas, workshop_moments
from ._capstone import capstone_checklist, welcome_quiz
from ._feedback import Feedback, Point, point
from ._kpis import upsell_by_hand, upsell_log
from ._milestones import bakery_milestones
from ._moscow import bakery_board, rebalance_bakery
from ._nfr import bike_workshop_requirements, measurable_rewrites
from ._observed import flow_by_hand, flow_log, flow_plan
from ._paths import BAKERY_FOLLOW_UP, bakery_touchpoint, specific_touchpoint
from ._usecases import repair_booking, repair_use_case

__all__ = [
    "BAKERY_FOLLOW_UP",
    "Feedback",
    "Point",
    "bakery_board",
    "bakery_milestones",
    "bakery_touchpoint",
    "bike_workshop_requirements",
    "capstone_checklist",
    "flow_by_hand",
    "flow_log",
    "flow_plan",
    "measurable_rewrites",
    "moves_by_hand",
    "point",
    "rebalance_bakery",
    "repair_booking",
    "repair_use_case",
    "specific_touchpoint",
    "upsell_by_hand",
    "upsell_log",
    "welcome_quiz",
    "workshop_board",
    "workshop_canvas",
    "workshop_moments",
    "workshop_results",
    "workshop_table",
]
