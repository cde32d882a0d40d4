"""Who to offer the upsell next, read from a hand-built log of seven customers."""

from __future__ import annotations

import pandas as pd
import pytest

from journey_lessons import read_events
from journey_lessons.kpis import upsell_candidates

DAY0 = pd.Timestamp("2024-03-01")


def log(rows: list[tuple[str, int, str, float | None, float | None]]) -> pd.DataFrame:
    """(customer, day, event, amount, score) rows, read the way a learner's log is."""
    frame = pd.DataFrame(
        [
            {
                "customer_id": who,
                "timestamp": DAY0 + pd.Timedelta(days=day),
                "event": event,
                "amount": amount,
                "score": score,
            }
            for who, day, event, amount, score in rows
        ]
    )
    return read_events(frame, errors="raise").events


ROWS = [
    ("ana", 0, "core_purchase", 100.0, None),
    ("ana", 80, "visit", None, None),
    ("ana", 85, "survey", None, 5.0),
    ("ben", 0, "core_purchase", 100.0, None),
    ("ben", 70, "upsell_offer", None, None),  # offered already: not a candidate
    ("cleo", 0, "core_purchase", 100.0, None),
    ("cleo", 50, "repeat_purchase", 50.0, None),
    ("cleo", 60, "visit", None, None),
    ("cleo", 62, "visit", None, None),
    ("cleo", 64, "visit", None, None),
    ("dev", 90, "visit", None, None),  # never bought; the last event: "now" is day 90
    ("eve", 0, "core_purchase", 100.0, None),  # nothing in the last 60 days
    ("fay", 10, "core_purchase", 100.0, None),
    ("fay", 40, "Upsell", 80.0, None),  # bought it without an offer: not a candidate
    ("gus", 0, "core_purchase", 120.0, None),
    ("gus", 40, "survey", None, 2.0),
    ("gus", 70, "survey", None, 4.0),
]


def test_candidates_are_active_buyers_never_offered_the_upsell_most_engaged_first():
    found = upsell_candidates(log(ROWS))
    assert list(found["customer_id"]) == ["cleo", "gus", "ana"]
    cleo, gus, ana = (found.iloc[i] for i in range(3))
    # cleo: two purchases, four events since day 30 (the repeat purchase and three visits)
    assert (cleo["purchases"], cleo["spent"], cleo["recent_events"]) == (2, 150.0, 4)
    assert cleo["days_since_last"] == pytest.approx(26)
    # gus and ana both have two recent events; gus spent more, so he comes first
    assert (gus["recent_events"], gus["spent"], ana["spent"]) == (2, 120.0, 100.0)
    assert gus["last_survey"] == 4.0  # the later of his two answers
    assert ana["last_survey"] == 5.0 and pd.isna(cleo["last_survey"])


def test_the_window_of_activity_is_counted_back_from_the_logs_last_event():
    # with 10 active days, only ana (day 80 and 85) did something since day 80
    assert list(upsell_candidates(log(ROWS), active_days=10)["customer_id"]) == ["ana"]
    # eve's only event is her purchase on day 0: a window of 90 days takes her in
    assert "eve" in set(upsell_candidates(log(ROWS), active_days=90)["customer_id"])


def test_an_empty_log_or_one_with_no_buyers_gives_an_empty_table():
    assert upsell_candidates(log(ROWS)[:0]).empty
    assert upsell_candidates(log([("dev", 0, "visit", None, None)])).empty
    with pytest.raises(TypeError, match="expected an event log"):
        upsell_candidates([("ana", 0)])
