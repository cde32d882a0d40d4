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
                # a hint, not the answer: the folded solution holds that
                "Which milestone is the purchase of the bakery's core offering, the one it "
                "cannot do without? Only that one goes in the middle column.",
            ),
            point(
                review is not None and review.stage is Stage.AFTER,
                "'Leave a review' comes after the purchase: you review what you bought.",
                "Can someone review what they have not bought yet? Look again at the column "
                "of the review.",
            ),
            point(
                club is not None and club.measure.strip() != "",
                "'Join the bread club' says how it is measured.",
                "One milestone after the purchase does not say how it is measured: what "
                "would the bakery count?",
            ),
            point(
                not findings,
                "check() finds nothing left to fix.",
                f"check() still lists {len(findings)} finding(s): read their hints.",
            ),
        ]
    )
