"""Notebook 08's practice and self-check: their numbers, worked out again on their own."""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
import pytest

from journey_lessons import Milestone, MilestoneMap, Stage, read_events
from journey_lessons.checks import flow_by_hand, flow_log, flow_plan
from journey_lessons.exercises import _observed as bank
from journey_lessons.exercises import practice
from journey_lessons.observed import observe

# -- the self-check: Spoke & Chain's eight customers ------------------------------------------


def _by_hand() -> tuple[int, int]:
    """Customers with a check, and those whose next step after a check was the service,
    read from the log in plain Python: by time, and at one instant in the plan's order."""
    rank = {"free_trial": 0, "core_purchase": 1, "renewal": 2}
    rows = sorted(
        flow_log()[["customer_id", "timestamp", "event"]].itertuples(index=False),
        key=lambda r: (r.customer_id, r.timestamp, rank.get(r.event, 9)),
    )
    reached, straight = set(), set()
    for a, b in pairwise(rows):
        if a.event == "free_trial":
            reached.add(a.customer_id)
            if b.customer_id == a.customer_id and b.event == "core_purchase":
                straight.add(a.customer_id)
    reached |= {r.customer_id for r in rows if r.event == "free_trial"}
    return len(reached), len(straight)


def test_the_right_counts_pass_every_point():
    reached, straight = _by_hand()
    assert (reached, straight) == (7, 4)
    feedback = flow_by_hand(reached, straight, straight / reached)
    assert feedback.passed
    assert "57%" in str(feedback)


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ((8, 4, 0.5), "counts check events"),  # events, not customers
        ((7, 5, 5 / 7), "Look at c2"),  # the detour or the check after the service
        ((7, 3, 3 / 7), "same time"),  # the tie read the wrong way
        ((7, 6, 6 / 7), "*directly*"),  # everyone with both
        ((7, 4, 7 / 4), "Upside down"),
        ((7, 4, 57.14285714285714), "not as a percentage"),
    ],
)
def test_each_slip_gets_a_hint_that_names_it(answer, says):
    feedback = flow_by_hand(*answer)
    assert not feedback.passed
    assert says in str(feedback)


def test_an_untouched_self_check_asks_for_numbers_and_gives_nothing_away():
    shown = str(flow_by_hand(0, 0, 0.0)) + str(flow_by_hand())
    assert not flow_by_hand().passed
    assert "c1, c3, c6 and c7" not in shown and "57%" not in shown


def test_the_self_check_plan_is_not_the_sample():
    assert flow_plan().title == "Spoke & Chain bike repairs"


# -- the practice ------------------------------------------------------------------------------


def test_fix_first_is_the_touchpoint_that_loses_the_most_customers():
    lost = {name: reached * ended for name, (reached, ended) in bank.DROP_OFFS.items()}
    worst_share = max(bank.DROP_OFFS, key=lambda n: bank.DROP_OFFS[n][1])
    question = practice(8).question("fix-first")
    assert question.correct == (max(lost, key=lost.get),)
    # the trap: the worst share is another touchpoint
    assert worst_share not in question.correct


def test_the_share_question_matches_what_observe_reads_from_such_a_log():
    plan = MilestoneMap.from_columns(
        before=[Milestone("Start the free trial", Stage.BEFORE, "free_trial", "trials")],
        core=Milestone("Buy the membership", Stage.CORE, "core_purchase", "members"),
    )
    rows = []
    for i in range(bank.AT_TRIAL):
        rows.append((f"p{i}", "2024-05-01 10:00", "free_trial", None))
        if i < bank.STRAIGHT_TO_BUY:
            rows.append((f"p{i}", "2024-05-03 10:00", "core_purchase", 20.0))
        elif i < bank.STRAIGHT_TO_BUY + bank.VIA_OTHER:
            rows.append((f"p{i}", "2024-05-02 10:00", "visit", None))
            rows.append((f"p{i}", "2024-05-04 10:00", "core_purchase", 20.0))
    log = read_events(pd.DataFrame(rows, columns=["customer_id", "timestamp", "event", "amount"]))
    moves = observe(log, plan).transitions
    move = moves[(moves["from"] == "Start the free trial") & (moves["to"] == "Buy the membership")]
    question = practice(8).question("share")
    assert question.value == pytest.approx(100 * float(move["share"].iloc[0]))
