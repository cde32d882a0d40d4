"""Self-check for the KPI notebook: the upsell conversion rate of a tiny log, by hand."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._feedback import Feedback, point, typed_number

if TYPE_CHECKING:
    import pandas as pd

# A tiny log of seven members of the sample studio, with the traps a real log has:
# member 2 is offered twice, member 3 accepts 48 days after the offer, member 4 buys
# coaching with no offer in the log, member 6 is never offered.
_ROWS = (
    (1, "2024-01-05 09:00", "core_purchase", 199.0),
    (2, "2024-01-08 18:30", "core_purchase", 199.0),
    (3, "2024-01-12 07:15", "core_purchase", 199.0),
    (4, "2024-01-15 12:00", "core_purchase", 199.0),
    (5, "2024-01-20 20:10", "core_purchase", 199.0),
    (6, "2024-01-22 08:45", "core_purchase", 199.0),
    (7, "2024-01-25 17:00", "core_purchase", 199.0),
    (1, "2024-02-01 10:00", "upsell_offer", None),
    (2, "2024-02-03 10:00", "upsell_offer", None),
    (1, "2024-02-04 19:20", "upsell", 240.0),
    (3, "2024-02-10 10:00", "upsell_offer", None),
    (4, "2024-02-15 13:30", "upsell", 240.0),
    (2, "2024-02-20 10:00", "upsell_offer", None),
    (5, "2024-03-01 10:00", "upsell_offer", None),
    (5, "2024-03-01 21:05", "upsell", 240.0),
    (7, "2024-03-05 10:00", "upsell_offer", None),
    (7, "2024-03-20 08:00", "upsell", 240.0),
    (3, "2024-03-29 16:40", "upsell", 240.0),
)
_OFFERED = {1, 2, 3, 5, 7}
_ACCEPTED = {1, 5, 7}  # within 30 days of their first offer
_WINDOW_DAYS = 30


def upsell_log() -> pd.DataFrame:
    """The tiny log of the self-check: 18 events of 7 members, read through ``read_events``."""
    import pandas as pd

    from ..events import read_events

    frame = pd.DataFrame(_ROWS, columns=["customer_id", "timestamp", "event", "amount"])
    return read_events(frame, errors="raise").events


def upsell_by_hand(offered: Any = None, accepted: Any = None, rate: Any = None) -> Feedback:
    """Feedback on the upsell conversion rate of :func:`upsell_log`, counted by hand.

    ``offered`` is the denominator (customers offered the upsell), ``accepted``
    the numerator (those of them who accepted within 30 days of their first
    offer) and ``rate`` the rate itself. Each point says which mistake the
    number suggests: counting offers instead of customers, counting buyers
    instead of those offered, a late acceptance, or one without an offer.
    """
    from ..kpis import upsell_conversion

    log = upsell_log()
    offer_rows = int((log["event"] == "upsell_offer").sum())
    buyers = int(log.loc[log["amount"] > 0, "customer_id"].nunique())
    accept_rows = int((log["event"] == "upsell").sum())
    expected = upsell_conversion(log, within_days=_WINDOW_DAYS)
    den, num, value = typed_number(offered), typed_number(accepted), typed_number(rate)
    points = []

    good = f"Denominator: {len(_OFFERED)} customers were offered the upsell."
    if den is None:
        not_yet = "Set `offered` to a number: how many customers were offered the upsell?"
    elif den == offer_rows:
        not_yet = (
            f"{offer_rows} is the number of offers. Count customers instead: member 2 was "
            "offered twice and counts once."
        )
    elif den == buyers:
        not_yet = (
            f"{buyers} is everyone who bought the membership. The rate is about those "
            "*offered* the upsell: member 4 and member 6 never were."
        )
    else:
        not_yet = "Count the customers with at least one upsell_offer row (each customer once)."
    points.append(point(den == len(_OFFERED), good, not_yet))

    good = (
        f"Numerator: {len(_ACCEPTED)} of them accepted within {_WINDOW_DAYS} days of their "
        "first offer (members 1, 5 and 7)."
    )
    if num is None:
        not_yet = "Set `accepted` to a number: how many of the offered customers accepted?"
    elif num == accept_rows:
        not_yet = (
            f"{accept_rows} counts every upsell row. Member 4 bought with no offer in the log, "
            f"so is not in the denominator and cannot be in the numerator; member 3 accepted "
            f"48 days after the offer, outside the {_WINDOW_DAYS}-day window."
        )
    elif num == len(_ACCEPTED) + 1:
        not_yet = (
            "One too many. Is member 3 in? The acceptance came 48 days after the offer, "
            f"outside the {_WINDOW_DAYS}-day window. Or member 4? No offer, so not in the "
            "numerator either."
        )
    elif num is not None and den is not None and num > den:
        not_yet = "The numerator is a part of the denominator, so it cannot be larger."
    else:
        not_yet = (
            f"Among the customers offered, count those with an upsell row at or after their "
            f"first offer and at most {_WINDOW_DAYS} days later."
        )
    points.append(point(num == len(_ACCEPTED), good, not_yet))

    good = f"Rate: {expected:.0%}, the same as kpis.upsell_conversion(log)."
    if value is None:
        not_yet = "Set `rate` to accepted / offered."
    elif den and num is not None and math.isclose(value, num / den, abs_tol=1e-9):
        not_yet = (
            f"{value:.0%} is your accepted / offered, but the package says {expected:.0%}: "
            "fix the count marked ✘ above."
        )
    elif den and num is not None and math.isclose(value, den / num if num else -1):
        not_yet = "That is offered / accepted, upside down: the rate is accepted / offered."
    elif value > 1 and math.isclose(value / 100, expected, abs_tol=1e-9):
        not_yet = f"Give the rate as a share, {expected:g}, not as a percentage."
    else:
        not_yet = "The rate is accepted / offered, a share between 0 and 1."
    points.append(
        point(value is not None and math.isclose(value, expected, abs_tol=1e-9), good, not_yet)
    )
    return Feedback(points)
