"""Observed journeys: the moves customers made, against a bike repair shop's plan.

Every log here is built by hand, and every expected number was counted by hand
from it; one test checks a simulated log against a plain Python walk of the rules.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from journey_lessons import (
    JourneyPlan,
    LifecycleStep,
    Milestone,
    MilestoneMap,
    Stage,
    Touchpoint,
    read_events,
)
from journey_lessons import observed as observed_module
from journey_lessons.events import milestone_events, touchpoint_events
from journey_lessons.observed import observe
from journey_lessons.paths import Path, PathSet
from journey_lessons.simulate import simulate_events

CHECK, REPAIR, RENEW, REVIEW = (
    "Book a free bike check",
    "First repair",
    "Service plan renewal",
    "Leave a review",
)
FLYER, QUOTE, REMINDER = "Flyer at the bike lane", "Quote by SMS", "Service reminder email"
MILESTONES = MilestoneMap.from_columns(
    Milestone(REPAIR, Stage.CORE, "core_purchase", "repairs a week"),
    [Milestone(CHECK, Stage.BEFORE, "consultation", "checks booked a week")],
    [
        Milestone(RENEW, Stage.AFTER, "renewal", "share who renew"),
        Milestone(REVIEW, Stage.AFTER, "testimonial", "reviews a month"),
    ],
    title="Spoke & Chain bike repair",
)
PLAN = JourneyPlan(
    milestones=MILESTONES,
    paths=PathSet(
        (
            Path("", CHECK, (Touchpoint(FLYER, LifecycleStep.ACQUIRE, "flyer"),)),
            Path(CHECK, REPAIR, (Touchpoint(QUOTE, LifecycleStep.CONVERT, "SMS"),)),
            Path(REPAIR, RENEW, (Touchpoint(REMINDER, LifecycleStep.REPEAT, "email"),)),
            Path(RENEW, REVIEW),
        )
    ),
)
# the events of the plan, by the names a learner reads
EVENT = {name: event for event, name in milestone_events(PLAN).items()}
EVENT |= {name: event for event, name in touchpoint_events(PLAN).items()}
DAY0 = pd.Timestamp("2024-01-01")


def log(*rows: tuple[str, float, str]) -> pd.DataFrame:
    """(customer, day, milestone or touchpoint name or any event) -> an event log."""
    return pd.DataFrame(
        {
            "customer_id": [c for c, _, _ in rows],
            "timestamp": [DAY0 + pd.Timedelta(days=d) for _, d, _ in rows],
            "event": [EVENT.get(e, e) for _, _, e in rows],
        },
        columns=["customer_id", "timestamp", "event"],
    ).astype({"timestamp": "datetime64[ns]"})


def move(observed, a: str, b: str) -> pd.Series:
    t = observed.transitions
    found = t[(t["from"] == a) & (t["to"] == b)]
    assert len(found) == 1, f"{a} -> {b} not among {list(zip(t['from'], t['to'], strict=True))}"
    return found.iloc[0]


def moves(observed) -> set[tuple[str, str]]:
    return set(zip(observed.transitions["from"], observed.transitions["to"], strict=True))


def messages(observed, code: str) -> list[str]:
    return [f.message for f in observed.findings if f.code == code]


# -- the sequence: order, ties, repeats ----------------------------------------------------


def test_one_customer_on_plan_moves_from_start_to_end_with_the_days_between():
    seen = observe(log(("ann", 0, CHECK), ("ann", 2, REPAIR), ("ann", 10, RENEW)), PLAN)
    assert moves(seen) == {("start", CHECK), (CHECK, REPAIR), (REPAIR, RENEW), (RENEW, "end")}
    assert move(seen, CHECK, REPAIR)["median_days"] == 2
    assert move(seen, REPAIR, RENEW)["median_days"] == 8
    assert math.isnan(move(seen, "start", CHECK)["median_days"])  # no time from start
    assert set(seen.transitions["kind"]) == {"planned", "end"}
    assert seen.variants["path"].tolist() == [f"{CHECK} → {REPAIR} → {RENEW}"]
    assert seen.variants["share"].tolist() == [1.0]
    # every planned move she could make, she made; nobody reached the review
    planned = seen.planned.set_index(["from", "to"])
    assert planned.loc[(CHECK, REPAIR), "share"] == 1.0
    assert planned.loc[(RENEW, REVIEW), "reached_from"] == 1
    assert planned.loc[(RENEW, REVIEW), "share"] == 0.0
    assert messages(seen, "never_observed") == [
        f"The milestone '{REVIEW}' was planned but never observed."
    ]
    assert seen.dropoff.set_index("node").loc[RENEW, "ended_here"] == 1


def test_events_at_the_same_instant_are_read_in_plan_order_whatever_the_row_order():
    # the purchase is written first, but the check comes first in the plan
    seen = observe(log(("bo", 1, REPAIR), ("bo", 1, CHECK)), PLAN)
    assert move(seen, CHECK, REPAIR)["kind"] == "planned"
    assert move(seen, CHECK, REPAIR)["median_days"] == 0
    assert (REPAIR, CHECK) not in moves(seen)
    assert messages(seen, "out_of_order") == []
    # at the touchpoint level a path's touchpoints come before the milestone it leads to
    tied = observe(log(("bo", 1, REPAIR), ("bo", 1, QUOTE)), PLAN, level="touchpoints")
    assert moves(tied) == {("start", QUOTE), (QUOTE, REPAIR), (REPAIR, "end")}


def test_time_is_read_before_row_order():
    shuffled = log(("cy", 5, RENEW), ("cy", 0, CHECK), ("cy", 3, REPAIR))
    seen = observe(shuffled, PLAN)
    assert move(seen, CHECK, REPAIR)["median_days"] == 3
    assert move(seen, REPAIR, RENEW)["median_days"] == 2


def test_a_repeat_is_a_loop_and_a_variant_counts_a_run_once():
    seen = observe(
        log(
            ("di", 0, CHECK),
            ("di", 1, CHECK),
            ("di", 4, REPAIR),
            ("ed", 0, CHECK),
            ("ed", 3, REPAIR),
        ),
        PLAN,
    )
    loop = move(seen, CHECK, CHECK)
    assert (loop["kind"], loop["moves"], loop["customers"], loop["median_days"]) == (
        "loop",
        1,
        1,
        1,
    )
    # both took the same path: the check (twice, for di), then the repair
    assert seen.variants["path"].tolist() == [f"{CHECK} → {REPAIR}"]
    assert seen.variants["customers"].tolist() == [2]
    assert seen.variant_count == 1


def test_moves_count_every_time_and_customers_count_once():
    # fay goes back and forth twice: 2 moves repair -> check, by 1 customer
    seen = observe(
        log(
            ("fay", 0, CHECK),
            ("fay", 1, REPAIR),
            ("fay", 2, CHECK),
            ("fay", 3, REPAIR),
            ("fay", 4, CHECK),
            ("gus", 0, CHECK),
            ("gus", 6, REPAIR),
        ),
        PLAN,
    )
    back = move(seen, REPAIR, CHECK)
    assert (back["kind"], back["moves"], back["customers"]) == ("back", 2, 1)
    ahead = move(seen, CHECK, REPAIR)
    assert (ahead["moves"], ahead["customers"]) == (3, 2)
    # days of the three moves: 1, 1 and 6; quartiles read linearly between them
    assert (ahead["q25_days"], ahead["median_days"], ahead["q75_days"]) == (1, 1, 3.5)
    # share: customers who made the move over customers who reached the check (both)
    assert ahead["share"] == 1.0
    assert back["share"] == 0.5  # 1 of the 2 who reached the repair


def test_a_skipped_milestone_is_a_skip_and_a_finding_in_numbers():
    seen = observe(
        log(
            ("hal", 0, CHECK),
            ("hal", 2, REPAIR),
            ("hal", 9, RENEW),
            ("ivy", 0, CHECK),
            ("ivy", 5, RENEW),  # straight from the check to the renewal
        ),
        PLAN,
    )
    skip = move(seen, CHECK, RENEW)
    assert (skip["kind"], skip["customers"], skip["share"]) == ("skip", 1, 0.5)
    assert messages(seen, "skipped_milestone") == [
        f"50% of those who reached '{RENEW}' (1 of 2) never reached '{REPAIR}' before it."
    ]
    assert messages(seen, "off_plan_skip") == [
        f"50% of those at '{CHECK}' (1) went straight to '{RENEW}', a path not in the plan."
    ]


def test_buyers_who_never_booked_the_check_are_counted():
    buyers = [("jo", 0, CHECK), ("jo", 1, REPAIR), ("kim", 0, REPAIR), ("lu", 0, REPAIR)]
    seen = observe(log(*buyers, ("max", 0, CHECK)), PLAN)
    assert messages(seen, "skipped_milestone") == [
        f"67% of buyers (2 of 3) never reached '{CHECK}' before it."
    ]
    entry = move(seen, "start", REPAIR)
    assert (entry["kind"], entry["customers"]) == ("entry", 2)
    assert messages(seen, "late_entry") == [
        "50% of customers (2) began somewhere other than the plan's first step."
    ]


def test_going_back_puts_milestones_out_of_order():
    in_order = [(c, d, m) for c in "abcd" for d, m in ((0, CHECK), (1, REPAIR))]
    seen = observe(log(*in_order, ("e", 0, REPAIR), ("e", 1, CHECK)), PLAN)
    assert move(seen, REPAIR, CHECK)["kind"] == "back"
    assert messages(seen, "out_of_order") == [
        "Milestones were reached out of order by 20% of the customers who reached two or "
        "more (1 of 5)."
    ]


def test_events_the_plan_does_not_name_are_one_node_other_and_counted():
    seen = observe(
        log(
            ("ned", 0, CHECK),
            ("ned", 1, "visit"),
            ("ned", 2, "visit"),
            ("ned", 3, "chain_oil_sale"),
            ("ned", 4, REPAIR),
        ),
        PLAN,
    )
    assert moves(seen) == {
        ("start", CHECK),
        (CHECK, "other"),
        ("other", "other"),
        ("other", REPAIR),
        (REPAIR, "end"),
    }
    assert move(seen, "other", "other")["moves"] == 2
    assert move(seen, "other", "other")["kind"] == "other"
    assert seen.counts["other"] == 3 and seen.counts["events"] == 5
    assert messages(seen, "other_events") == [
        "3 of 5 events (60%) are not named in the plan; they count as one step, 'other': "
        "visit (2), chain_oil_sale (1)."
    ]
    assert seen.variants["path"].tolist() == [f"{CHECK} → other → {REPAIR}"]


def test_touchpoints_are_left_out_at_the_milestone_level_and_counted():
    rows = [("oz", 0, FLYER), ("oz", 1, CHECK), ("oz", 2, QUOTE), ("oz", 3, REPAIR)]
    milestones_only = observe(log(*rows), PLAN)
    assert moves(milestones_only) == {("start", CHECK), (CHECK, REPAIR), (REPAIR, "end")}
    assert milestones_only.counts["left_out"] == 2
    assert "touchpoints_left_out" in milestones_only.findings.codes
    with_touchpoints = observe(log(*rows), PLAN, level="touchpoints")
    assert set(with_touchpoints.transitions["kind"]) == {"planned", "end"}
    assert len(with_touchpoints.transitions) == 5
    planned = with_touchpoints.planned
    assert list(zip(planned["from"], planned["to"], strict=True)) == [
        ("start", FLYER),
        (FLYER, CHECK),
        (CHECK, QUOTE),
        (QUOTE, REPAIR),
        (REPAIR, REMINDER),
        (REMINDER, RENEW),
        (RENEW, REVIEW),
    ]
    assert messages(with_touchpoints, "never_observed") == [
        f"The touchpoint '{REMINDER}' was planned but never observed.",
        f"The milestone '{RENEW}' was planned but never observed.",
        f"The milestone '{REVIEW}' was planned but never observed.",
    ]


def test_reached_later_counts_those_who_got_there_by_another_way():
    seen = observe(
        log(
            ("pam", 0, CHECK),
            ("pam", 1, "visit"),
            ("pam", 2, REPAIR),
            ("quin", 0, CHECK),
            ("quin", 2, REPAIR),
        ),
        PLAN,
    )
    row = seen.planned.set_index(["from", "to"]).loc[(CHECK, REPAIR)]
    assert (row["customers"], row["share"], row["reached_later"]) == (1, 0.5, 1.0)


# -- edges of the input --------------------------------------------------------------------


def test_an_empty_log_gives_findings_not_errors():
    seen = observe(log(), PLAN)
    assert seen.customers == 0
    assert seen.transitions.empty and seen.variants.empty
    assert "no_events" in seen.findings.codes
    assert seen.planned["reached_from"].sum() == 0


def test_a_log_that_matches_nothing_in_the_plan_says_so():
    seen = observe(log(("rae", 0, "signup"), ("rae", 1, "order")), PLAN)
    assert "nothing_matches" in seen.findings.codes
    assert moves(seen) == {("start", "other"), ("other", "other"), ("other", "end")}


def test_a_plan_without_paths_or_milestones_gives_findings():
    bare = JourneyPlan(milestones=MILESTONES)
    seen = observe(log(("sol", 0, CHECK), ("sol", 1, REPAIR)), bare, level="touchpoints")
    assert "no_touchpoints" in seen.findings.codes
    assert move(seen, CHECK, REPAIR)["kind"] == "planned"
    nothing = observe(log(("sol", 0, CHECK)), JourneyPlan(business="Spoke & Chain"))
    assert "no_milestones" in nothing.findings.codes
    assert moves(nothing) == {("start", "other"), ("other", "end")}


def test_an_event_log_read_from_a_file_and_a_dataframe_give_the_same_journey(tmp_path):
    frame = log(("tom", 0, CHECK), ("tom", 1.5, REPAIR), ("uma", 0, CHECK))
    path = tmp_path / "events.csv"
    frame.assign(timestamp=frame["timestamp"].dt.strftime("%Y-%m-%d %H:%M")).to_csv(
        path, index=False
    )
    from_file = observe(read_events(path), PLAN)
    from_frame = observe(frame, PLAN)
    pd.testing.assert_frame_equal(from_file.transitions, from_frame.transitions)
    assert move(from_file, CHECK, REPAIR)["median_days"] == 1.5


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="level must be one of milestones, touchpoints"):
        observe(log(), PLAN, level="steps")
    with pytest.raises(ValueError, match="no column event"):
        observe(log().drop(columns="event"), PLAN)
    with pytest.raises(TypeError, match="EventLog or a DataFrame"):
        observe([("a", "b")], PLAN)
    missing = log(("vic", 0, CHECK)).astype({"customer_id": object})
    missing.loc[0, "customer_id"] = None
    with pytest.raises(ValueError, match=r"no customer_id on row 0"):
        observe(missing, PLAN)


# -- narrowing it down -------------------------------------------------------------------


def test_where_keeps_some_customers_or_one_cohort_and_recounts():
    frame = log(
        ("wes", 0, CHECK),
        ("wes", 3, REPAIR),
        ("xia", 40, CHECK),  # first event in February
        ("yan", 45, CHECK),
        ("yan", 47, REPAIR),
    )
    seen = observe(frame, PLAN)
    assert seen.cohorts().to_dict("list") == {"cohort": ["2024-01", "2024-02"], "customers": [1, 2]}
    february = seen.where(cohort="2024-02")
    assert february.customers == 2
    assert move(february, CHECK, REPAIR)["median_days"] == 2
    assert move(february, CHECK, REPAIR)["share"] == 0.5
    only = seen.where(customers=["wes"])
    assert only.customers == 1 and move(only, CHECK, REPAIR)["median_days"] == 3
    assert seen.customers == 3  # the original is unchanged


def test_the_window_reads_only_events_from_start_to_before_end():
    # days 0 and 20 are 1 and 21 January: outside the window
    frame = log(("zed", 0, CHECK), ("zed", 10, REPAIR), ("zed", 19, RENEW), ("zed", 20, REVIEW))
    seen = observe(frame, PLAN, start="2024-01-05", end="2024-01-21")
    assert moves(seen) == {("start", REPAIR), (REPAIR, RENEW), (RENEW, "end")}


def test_variants_show_the_top_paths_and_group_the_rest():
    rows = [(f"a{i}", 0, CHECK) for i in range(5)]
    rows += [(f"b{i}", d, m) for i in range(3) for d, m in ((0, CHECK), (1, REPAIR))]
    rows += [("c", 0, REPAIR), ("d", 0, RENEW)]
    seen = observe(log(*rows), PLAN)
    top = seen.top_variants(2)
    assert top["path"].tolist() == [CHECK, f"{CHECK} → {REPAIR}", "(2 other paths)"]
    assert top["customers"].tolist() == [5, 3, 2]
    assert top["share"].tolist() == [0.5, 0.3, 0.2]


# -- the rules, walked in plain Python on a simulated log ----------------------------------


def _walk(frame: pd.DataFrame, plan: JourneyPlan):
    """Every customer's moves by the rules, one customer at a time."""
    seen = observe(frame.head(0), plan, level="touchpoints")
    rank = {n.event: i for i, n in enumerate(seen.nodes) if n.event}
    other = len(rank)
    names = [n.name for n in seen.nodes]
    per_customer = defaultdict(list)
    for c, t, e in zip(frame["customer_id"], frame["timestamp"], frame["event"], strict=True):
        per_customer[c].append((t.value, rank.get(e, other)))
    moves_, customers, gaps = Counter(), defaultdict(set), defaultdict(list)
    paths, reached = Counter(), Counter()
    for c, events in per_customer.items():
        events.sort()
        steps = ["start", *(names[r] for _, r in events), "end"]
        runs = [s for k, s in enumerate(steps[1:-1]) if k == 0 or s != steps[k]]
        paths[tuple(runs)] += 1
        reached.update(set(runs))
        for k, (a, b) in enumerate(pairwise(steps)):
            moves_[a, b] += 1
            customers[a, b].add(c)
            if a != "start" and b != "end":
                gaps[a, b].append(events[k][0] - events[k - 1][0])
    return moves_, customers, gaps, paths, reached


@pytest.mark.parametrize("cores", [1, 2])
def test_a_simulated_log_gives_what_a_plain_walk_of_the_rules_gives(cores, monkeypatch):
    # a large log's sort is split over two cores when it has them: force either way
    monkeypatch.setattr(observed_module, "_cores", lambda: cores)
    monkeypatch.setattr(observed_module, "_PARALLEL_FROM", 2)
    frame = simulate_events(PLAN, customers=400, seed=7)
    expected_moves, expected_customers, gaps, paths, reached = _walk(frame, PLAN)
    seen = observe(frame, PLAN, level="touchpoints")
    got = {
        (a, b): (m, c, md)
        for a, b, m, c, md in zip(
            seen.transitions["from"],
            seen.transitions["to"],
            seen.transitions["moves"],
            seen.transitions["customers"],
            seen.transitions["median_days"],
            strict=True,
        )
    }
    assert set(got) == set(expected_moves)
    for pair, (m, c, median) in got.items():
        assert m == expected_moves[pair] and c == len(expected_customers[pair]), pair
        if pair in gaps:
            assert median == pytest.approx(np.median(gaps[pair]) / 86_400e9, abs=1e-12)
    assert seen.customers == frame["customer_id"].nunique()
    variants = seen.top_variants(10**6)
    assert dict(zip(variants["steps"], variants["customers"], strict=True)) == paths
    assert seen.variant_count == len(paths)
    dropoff = seen.dropoff.set_index("node")["reached"]
    assert {k: v for k, v in dropoff.items() if v} == dict(reached)


def test_times_keep_their_precision_over_any_span():
    frame = log(("al", 0, CHECK), ("al", 0, REPAIR), ("bea", 0, CHECK), ("bea", 0, REPAIR))
    # al repairs a millisecond before his check; bea's events lie 34 years and 1 ns apart
    frame.loc[1, "timestamp"] -= pd.Timedelta(milliseconds=1)
    frame.loc[2, "timestamp"] = pd.Timestamp("1990-01-01 00:00:00.000000001")
    seen = observe(frame, PLAN)
    assert move(seen, REPAIR, CHECK)["median_days"] == pytest.approx(0.001 / 86_400)
    span = (DAY0 - pd.Timestamp("1990-01-01 00:00:00.000000001")).value / 86_400e9
    assert move(seen, CHECK, REPAIR)["median_days"] == span


def test_a_milestone_map_alone_is_a_plan_of_milestones():
    frame = log(("cal", 0, CHECK), ("cal", 1, REPAIR), ("cal", 2, FLYER))
    alone = observe(frame, MILESTONES)
    assert move(alone, CHECK, REPAIR)["kind"] == "planned"
    # without paths, the touchpoint's event is one the plan does not name
    assert moves(alone) == {("start", CHECK), (CHECK, REPAIR), (REPAIR, "other"), ("other", "end")}


def test_where_recounts_what_is_other_or_left_out_for_its_customers():
    frame = log(("pia", 0, CHECK), ("pia", 1, "visit"), ("pia", 2, FLYER), ("rex", 0, CHECK))
    seen = observe(frame, PLAN)
    assert (seen.counts["other"], seen.counts["left_out"]) == (1, 1)
    rex = seen.where(customers="rex")  # one id, not its letters
    assert (rex.customers, rex.counts["other"], rex.counts["left_out"]) == (1, 0, 0)
    assert not {"other_events", "touchpoints_left_out"} & rex.findings.codes
    pia = seen.where(customers=["pia"])
    assert (pia.counts["other"], pia.counts["left_out"], pia.counts["rows"]) == (1, 1, 3)
    assert messages(pia, "other_events") == [
        "1 of 2 events (50%) are not named in the plan; they count as one step, 'other'."
    ]
    with pytest.raises(ValueError, match="cohort 'spring' is not a month such as '2024-03'"):
        seen.where(cohort="spring")


# -- one step's moves, and an empty selection -----------------------------------------------


def test_the_moves_into_and_out_of_one_step_share_its_customers():
    seen = observe(
        log(
            ("ann", 0, CHECK),
            ("ann", 2, REPAIR),
            ("ann", 10, RENEW),
            ("bo", 0, CHECK),
            ("bo", 4, REPAIR),
            ("bo", 5, REPAIR),  # again, a day later
            ("cy", 1, REPAIR),  # a first event that is not the check
            ("cy", 3, "visit"),
            ("di", 0, CHECK),
            ("di", 5, RENEW),
        ),
        PLAN,
    )
    at_repair = seen.moves_at(REPAIR)
    rows = {
        (d, a, b): (c, m, s, md)
        for d, a, b, c, m, s, md in at_repair[
            ["direction", "from", "to", "customers", "moves", "share", "median_days"]
        ].itertuples(index=False)
    }
    # ann, bo and cy reached the repair: every share is over those 3
    assert set(rows) == {
        ("into", CHECK, REPAIR),
        ("into", "start", REPAIR),
        ("out of", REPAIR, REPAIR),
        ("out of", REPAIR, RENEW),
        ("out of", REPAIR, "end"),
        ("out of", REPAIR, "other"),
    }
    assert rows["into", CHECK, REPAIR] == (2, 2, 2 / 3, 3.0)  # ann in 2 days, bo in 4
    assert rows["into", "start", REPAIR][:3] == (1, 1, 1 / 3)
    assert rows["out of", REPAIR, REPAIR] == (1, 1, 1 / 3, 1.0)  # a repeat is a move out
    assert rows["out of", REPAIR, RENEW] == (1, 1, 1 / 3, 8.0)
    assert rows["out of", REPAIR, "other"] == (1, 1, 1 / 3, 2.0)
    assert list(at_repair["direction"]) == ["into"] * 2 + ["out of"] * 4
    assert at_repair["kind"].tolist()[:2] == ["planned", "entry"]
    # by its node as well as by its name; the check: ann, bo, di came from start
    check = seen.moves_at(seen.nodes[0])
    into = check[check["direction"] == "into"]
    assert into[["from", "customers", "share"]].values.tolist() == [["start", 3, 1.0]]
    with pytest.raises(ValueError, match=r"'Oil change' is not a step of this journey"):
        seen.moves_at("Oil change")


def test_a_cohort_with_no_customers_says_so():
    seen = observe(log(("eve", 0, CHECK), ("eve", 3, REPAIR)), PLAN)
    nobody = seen.where(cohort="2024-05")
    assert nobody.customers == 0
    assert messages(nobody, "no_customers") == [
        "There are no customers whose first event falls in May 2024."
    ]
    assert "no_events" not in nobody.findings.codes  # the log has events; the month has none
    assert nobody.moves_at(CHECK).empty
    assert nobody.summary().startswith("0 customers, 0 events of milestones")
