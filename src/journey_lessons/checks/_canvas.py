"""Self-checks for the canvas notebook: a bike workshop's moments of truth, to place and fix."""

from __future__ import annotations

from .._fields import name_key
from ..canvas import Block, Canvas, MomentKind, MomentOfTruth
from ._feedback import Feedback, point

_REVIEWS = "Reading reviews of local workshops"
_PRICES = "First look at the repair price list"
_LATE = "Bike ready two days after the promised day"


def workshop_canvas() -> Canvas:
    """The exercise of notebook 06: a bike workshop's canvas whose three moments of truth
    rest on no block yet, and whose bad moment is marked positive."""
    b = Block
    return Canvas(
        title="Spoke & Chain bike workshop",
        items={
            b.KEY_PARTNERS: ("Parts wholesaler", "Bike shop next door"),
            b.KEY_ACTIVITIES: ("Repairs and services", "Quotes before work starts"),
            b.KEY_RESOURCES: ("Two mechanics", "Workshop and tools"),
            b.VALUE_PROPOSITIONS: (
                "Your bike back within three days",
                "Fixed prices, no surprises",
            ),
            b.CUSTOMER_RELATIONSHIPS: ("Text message when the bike is ready",),
            b.CHANNELS: ("Website with online booking", "Review sites"),
            b.CUSTOMER_SEGMENTS: ("Commuters who need their bike every day",),
            b.COST_STRUCTURE: ("Wages", "Rent", "Parts"),
            b.REVENUE_STREAMS: ("Repairs at list prices", "Full services", "Parts"),
        },
        moments=(
            MomentOfTruth(_REVIEWS, MomentKind.ZERO),
            MomentOfTruth(_PRICES, MomentKind.FIRST, "Price list on the website"),
            MomentOfTruth(_LATE, MomentKind.SECOND, "Pick-up at the workshop"),
        ),
    )


def _moment(canvas: Canvas, name: str) -> MomentOfTruth | None:
    return next((m for m in canvas.moments if name_key(m.name) == name_key(name)), None)


def workshop_moments(fixed: Canvas) -> Feedback:
    """Feedback on the bike workshop exercise of notebook 06: placed, and the bad one fixed?"""
    if not isinstance(fixed, Canvas):
        return Feedback([point(False, "", "`fixed` should be a Canvas.")])
    b = Block
    expected = (
        # reviews reach people through a channel and judge what is promised
        (_REVIEWS, (b.CHANNELS, b.VALUE_PROPOSITIONS, b.CUSTOMER_RELATIONSHIPS)),
        # a price list is what customers pay, and what they get for it
        (_PRICES, (b.REVENUE_STREAMS, b.VALUE_PROPOSITIONS)),
        # a late bike comes from the repair work itself or too few mechanics
        (_LATE, (b.KEY_ACTIVITIES, b.KEY_RESOURCES)),
    )
    points = []
    for name, blocks in expected:
        moment = _moment(fixed, name)
        placed = moment is not None and any(block in moment.blocks for block in blocks)
        points.append(
            point(
                placed,
                f"'{name}' rests on {' and '.join(x.label for x in moment.blocks if x in blocks)}."
                if placed
                else "",
                f"'{name}' does not rest on the block it depends on yet: which part of the "
                "business makes this moment good or bad?"
                if moment is not None
                else f"Keep the moment '{name}'.",
            )
        )
    late = _moment(fixed, _LATE)
    points += [
        point(
            late is not None and not late.positive,
            "The late bike is a negative moment: a promise broken.",
            "One moment leaves the customer disappointed: which one? Mark it negative "
            "(positive=False).",
        ),
        point(
            late is not None and not late.positive and bool(late.note.strip()),
            "Its note says what to change.",
            "Write in the negative moment's note what the workshop will change: one "
            "concrete action that says who does what, or when (as a bakery might write "
            "'bake a second batch at 11 on Saturdays').",
        ),
        point(
            not fixed.check(),
            "check() finds nothing left to fix.",
            f"check() still lists {len(fixed.check())} finding(s): read their hints.",
        ),
    ]
    return Feedback(points)


__all__ = ["workshop_canvas", "workshop_moments"]
