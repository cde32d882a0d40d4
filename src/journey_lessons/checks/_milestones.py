"""Self-checks for the milestones notebook."""

from __future__ import annotations

from .._fields import name_key
from ..milestones import MilestoneMap, Stage
from ._feedback import Feedback, point


def bakery_milestones(fixed: MilestoneMap) -> Feedback:
    """Feedback on the corner-bakery exercise of notebook 01: is each slip fixed?"""
    if not isinstance(fixed, MilestoneMap):
        return Feedback([point(False, "", "`fixed` should be a MilestoneMap.")])
    where = {name_key(m.name): m for m in fixed.milestones}
    loaf = where.get(name_key("Buy a loaf"))
    review = where.get(name_key("Leave a review"))
    club = where.get(name_key("Join the bread club"))
    findings = fixed.check()
    return Feedback(
        [
            point(
                loaf is not None and loaf.stage is Stage.CORE,
                "'Buy a loaf' is the core purchase, in the middle.",
                "Put 'Buy a loaf' in the middle column: bread is what the bakery cannot do "
                "without.",
            ),
            point(
                review is not None and review.stage is Stage.AFTER,
                "'Leave a review' comes after the purchase: you review what you bought.",
                "A testimonial needs a customer: move 'Leave a review' after the purchase.",
            ),
            point(
                club is not None and club.measure.strip() != "",
                "'Join the bread club' says how it is measured.",
                "Say how you would count 'Join the bread club', e.g. members renewing each month.",
            ),
            point(
                not findings,
                "check() finds nothing left to fix.",
                f"check() still lists {len(findings)} finding(s): read their hints.",
            ),
        ]
    )
