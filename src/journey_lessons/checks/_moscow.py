"""Self-checks for the MoSCoW notebook."""

from __future__ import annotations

from .._fields import name_key
from ..findings import Severity
from ..moscow import MUST_SHARE_MAX, MoscowBoard, MoscowItem, Priority, UpsellImpact
from ._feedback import Feedback, point

CAKES = "Cake pre-order form for birthdays"
CLUB = "Bread club sign-up at the till"
CLASS = "Sourdough class invitation"
PHOTO = "Instagram photo of the day's bake"
COMBO = "Coffee-and-pastry combo sign"
NEWSLETTER = "Seasonal newsletter"


def bakery_board() -> MoscowBoard:
    """The corner bakery's over-committed board: the starting point of the exercise."""
    m, s, w = Priority.MUST, Priority.SHOULD, Priority.WONT
    high, medium, low = UpsellImpact.HIGH, UpsellImpact.MEDIUM, UpsellImpact.LOW
    return MoscowBoard(
        (
            MoscowItem(CAKES, m, 6, high, "Birthday orders come with candles and cards."),
            MoscowItem(CLUB, m, 4, high, "Club members buy every week."),
            MoscowItem(CLASS, m, 5, medium, "Class guests buy flour and a starter kit."),
            MoscowItem(PHOTO, m, 3, low, "Everybody else does it."),
            MoscowItem(COMBO, s, 2, medium, "A coffee buyer may add a pastry."),
            MoscowItem(NEWSLETTER, w, 1, low, ""),
        ),
        budget=20,
    )


def rebalance_bakery(rebalanced: MoscowBoard) -> Feedback:
    """Feedback on the bakery exercise of notebook 03: is the board rebalanced?"""
    if not isinstance(rebalanced, MoscowBoard):
        return Feedback([point(False, "", "`rebalanced` should be a MoscowBoard.")])
    start = bakery_board()
    items = {name_key(i.touchpoint): i for i in rebalanced.items}

    def item(name: str) -> MoscowItem | None:
        return items.get(name_key(name))

    same_work = rebalanced.budget == start.budget and all(
        item(i.touchpoint) is not None and item(i.touchpoint).effort == i.effort
        for i in start.items
    )
    share = rebalanced.must_share
    must_ok = bool(rebalanced.column(Priority.MUST)) and share is not None
    must_ok = must_ok and share <= MUST_SHARE_MAX + 1e-9
    share_text = "no" if share is None else f"{share:.0%}"
    coulds = [i for i in rebalanced.column(Priority.COULD) if i.effort]
    findings = rebalanced.check()
    contingency = bool(coulds) and "could_share_low" not in findings.codes
    best = [item(CAKES), item(CLUB)]
    photo = item(PHOTO)
    newsletter = item(NEWSLETTER)
    left = [f for f in findings if f.severity is not Severity.TIP]
    return Feedback(
        [
            point(
                same_work,
                "The budget and every estimate are as they were: you moved work, not numbers.",
                "Keep all six touchpoints, their efforts and the budget of 20 person-days; "
                "rebalance by changing priorities only.",
            ),
            point(
                must_ok,
                f"The Musts take {share_text} of the budget, within the usual "
                f"{MUST_SHARE_MAX:.0%}.",
                f"The Musts take {share_text} of the budget; bring them to at most "
                f"{MUST_SHARE_MAX:.0%} (12 of 20 person-days) by moving some to Should or Could.",
            ),
            point(
                all(i is not None and i.priority is Priority.MUST for i in best)
                and (photo is None or photo.priority is not Priority.MUST),
                "The two moments with a high upsell chance stay Musts; the photo is not one.",
                "Musts are for the moments with the best upsell chance: read the 'upsell "
                "impact' column, keep the highest as Musts, and move a low one out.",
            ),
            point(
                contingency,
                "Some work is a Could: the contingency that drops first when time runs short.",
                "Plan about a fifth of the effort as Coulds (15% at the least): the "
                "contingency that an overrun drops first.",
            ),
            point(
                newsletter is not None
                and newsletter.priority is Priority.WONT
                and bool(newsletter.reason.strip()),
                "The newsletter stays a Won't, with its reason written down.",
                "Keep the seasonal newsletter on the board as a Won't, and say why it waits "
                "in its reason.",
            ),
            point(
                not left,
                "check() finds no errors or warnings.",
                f"check() still lists {len(left)} error(s) or warning(s): read their hints.",
            ),
        ]
    )
