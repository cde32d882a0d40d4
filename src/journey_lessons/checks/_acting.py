"""Self-check for notebook 09: which touchpoints move on the MoSCoW board, by hand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._fields import name_key
from ..moscow import KpiResult, MoscowBoard, MoscowItem, Priority, UpsellImpact, reprioritize
from ._feedback import Feedback, point

if TYPE_CHECKING:
    import pandas as pd

# Spoke & Chain's board after a month of measuring: (touchpoint, priority, effort,
# upsell impact, measured conversion, target). Each row sets a trap of the rule:
# a big beat with a low impact, a small beat, a big miss in Could (no column below
# it that the rule uses), a small miss.
_ROWS = (
    ("Safety check with a quote", Priority.MUST, 3, UpsellImpact.HIGH, 0.09, 0.15),
    ("Service plan offer at collection", Priority.SHOULD, 2, UpsellImpact.HIGH, 0.30, 0.20),
    ("Bike-ready text with photos", Priority.SHOULD, 1, UpsellImpact.MEDIUM, 0.66, 0.60),
    ("Ride-photo contest", Priority.COULD, 1, UpsellImpact.LOW, 0.40, 0.20),
    ("Winter storage offer", Priority.COULD, 2, UpsellImpact.MEDIUM, 0.05, 0.10),
    ("Spring tune-up reminder", Priority.MUST, 1, UpsellImpact.MEDIUM, 0.17, 0.20),
)
_KPI = "conversion to the next milestone"


def workshop_board() -> MoscowBoard:
    """Spoke & Chain's board, a bike workshop's, for the self-check."""
    return MoscowBoard(
        tuple(
            MoscowItem(name, priority, effort, impact)
            for name, priority, effort, impact, *_ in _ROWS
        ),
        budget=12,
    )


def workshop_results() -> dict[str, KpiResult]:
    """A month of measured conversion for each touchpoint of :func:`workshop_board`."""
    return {name: KpiResult(_KPI, value, target) for name, *_, value, target in _ROWS}


def workshop_table() -> pd.DataFrame:
    """The board and its results side by side: what a learner reads to decide the moves."""
    import pandas as pd

    rows = [
        (name, priority.label, impact.value, f"{value:.0%}", f"{target:.0%}")
        for name, priority, _, impact, value, target in _ROWS
    ]
    return pd.DataFrame(
        rows, columns=["touchpoint", "priority", "upsell impact", "measured", "target"]
    )


def _names(value: Any) -> list[str] | None:
    """A learner's list of touchpoint names, or None when it is not a list of text."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable):
        return None
    names = list(value)
    return names if all(isinstance(n, str) for n in names) else None


def moves_by_hand(up: Any = (), down: Any = ()) -> Feedback:
    """Feedback on the touchpoints a learner moves up and down, against ``reprioritize``.

    ``up`` and ``down`` are lists of touchpoint names from :func:`workshop_table`.
    A wrong pick gets a hint about the part of the rule it breaks, never the
    whole answer.
    """
    rows = {name_key(row[0]): row for row in _ROWS}
    moves = reprioritize(workshop_board(), workshop_results())
    right = {
        kind: {name_key(s.touchpoint) for s in moves if s.kind == kind}
        for kind in ("promote", "demote")
    }
    points = []
    for kind, given, direction in (("promote", up, "up"), ("demote", down, "down")):
        names = _names(given)
        if names is None:
            points.append(point(False, "", f"Make `{direction}` a list of touchpoint names."))
            continue
        unknown = [n for n in names if name_key(n) not in rows]
        picked = {name_key(n) for n in names} - {name_key(n) for n in unknown}
        wrong = sorted(picked - right[kind])
        missing = right[kind] - picked
        if unknown:
            not_yet = (
                f"{', '.join(repr(n) for n in unknown)} is not on the board: copy the names "
                "from the table."
            )
        elif wrong:
            not_yet = _why_not(rows[wrong[0]], kind)
        elif missing:
            not_yet = (
                f"One touchpoint should move {direction}: compare each measured value with "
                f"its target, as a share of the target, and read the rule for moving {direction}."
            )
        else:
            not_yet = ""
        good = f"Moved {direction}: {', '.join(rows[k][0] for k in sorted(right[kind])) or 'none'}."
        points.append(point(not not_yet, good, not_yet))
    return Feedback(points)


def _why_not(row: tuple, kind: str) -> str:
    """Which part of the rule a wrong pick breaks."""
    name, priority, _, impact, value, target = row
    margin = (value - target) / target
    if kind == "promote":
        if priority is Priority.MUST:
            return f"'{name}' is a Must already: there is no column above it."
        if margin < 0:
            return f"'{name}' misses its target: a move up needs a result above it."
        if margin < 0.2:
            return f"'{name}' beats its target by {margin:.0%} of it: a move up needs 20% or more."
        return (
            f"'{name}' beats its target, but its upsell impact is {impact.value}: the rule "
            "keeps it where it is."
        )
    if margin >= 0:
        return f"'{name}' meets its target: a move down needs a miss."
    if priority is Priority.COULD:
        return f"'{name}' is a Could: the rule moves only Musts and Shoulds down."
    return f"'{name}' misses by {-margin:.0%} of its target: a move down needs more than 20%."
