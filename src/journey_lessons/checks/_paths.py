"""Self-checks for the paving-the-path notebook: is a touchpoint specific, on the right side?"""

from __future__ import annotations

from ..lifecycle import LifecycleStep
from ..milestones import Stage
from ..paths import Touchpoint, is_vague
from ._feedback import Feedback, Point, point

# what each field is called in feedback, and an example of a specific answer
_FIELDS = {
    "channel": ("channel", "the exact place, such as 'a phone call' or 'a card in the bag'"),
    "trigger": ("trigger", "what sets it off, such as 'a repair collected, at the counter'"),
    "owner": ("owner", "a person or role, such as 'the head mechanic'"),
    "measure": ("measure", "a count or a rate, such as 'share of quotes booked within 3 days'"),
}
_SIDES = {Stage.BEFORE: "leads up to the purchase", Stage.AFTER: "follows the purchase"}


def _field_point(touchpoint: Touchpoint, field: str) -> Point:
    words, example = _FIELDS[field]
    text = getattr(touchpoint, field).strip()
    if not text:
        problem = f"The {words} is empty: say {example}."
    elif is_vague(field, text):
        problem = f"The {words} '{text}' is still vague: say {example}."
    else:
        problem = ""
    return point(not problem, f"The {words} is specific: '{text}'.", problem)


def _step_point(touchpoint: Touchpoint, side: Stage) -> Point:
    step = touchpoint.step
    fitting = ", ".join(s.label.lower() for s in LifecycleStep if s.side is side)
    return point(
        step.side is side,
        f"Step {step.number} ({step.label}) fits a path that {_SIDES[side]}.",
        f"Step {step.number} ({step.label}) belongs {step.side.value} the purchase, but "
        f"this path {_SIDES[side]}: choose one of {fitting}.",
    )


def specific_touchpoint(touchpoint: Touchpoint, side: Stage | None = None) -> Feedback:
    """Feedback on one touchpoint: is each of channel, trigger, owner, measure specific?

    With ``side`` (``Stage.BEFORE`` or ``Stage.AFTER``, the side of the purchase its
    path lies on), a last point says whether its lifecycle step belongs there.
    """
    if not isinstance(touchpoint, Touchpoint):
        return Feedback([point(False, "", "Give a Touchpoint, e.g. Touchpoint('name', step).")])
    points = [_field_point(touchpoint, field) for field in _FIELDS]
    if side in _SIDES:
        points.append(_step_point(touchpoint, Stage(side)))
    return Feedback(points)


#: The vague touchpoint of the self-check, on the bakery's path from the free
#: sample to the first loaf bought.
BAKERY_FOLLOW_UP = Touchpoint(
    "Follow up with tasters",
    LifecycleStep.REFER,
    channel="social media",
    trigger="sometimes",
    owner="staff",
    content="",
    measure="engagement",
)


def bakery_touchpoint(fixed: Touchpoint) -> Feedback:
    """Feedback on the self-check of notebook 02: make the bakery's follow-up specific.

    The path runs from 'Taste a free sample' to 'Buy a loaf', so it leads up to
    the purchase: the step must be acquire, nurture or convert.
    """
    if not isinstance(fixed, Touchpoint):
        return Feedback([point(False, "", "`fixed` should be a Touchpoint.")])
    feedback = specific_touchpoint(fixed, Stage.BEFORE)
    content = point(
        bool(fixed.content.strip()),
        "The content says what the taster receives.",
        "Say in one line what the taster receives: the message or the offer.",
    )
    return Feedback([*feedback, content])


__all__ = ["BAKERY_FOLLOW_UP", "bakery_touchpoint", "specific_touchpoint"]
