"""The FlowExplorer driven headless, on a bike repair shop's hand-built log.

Every count below was worked out by hand from the log in ``four_customers``.
"""

from __future__ import annotations

import re
from html import unescape

import ipywidgets as w
import pandas as pd
import pytest
from test_observed import CHECK, FLYER, MILESTONES, PLAN, QUOTE, RENEW, REPAIR, log
from widget_support import drawn_alt

from journey_lessons import JourneyPlan, read_events, sample_journey, save_journey
from journey_lessons.observed import observe
from journey_lessons.simulate import simulate_events
from journey_lessons.widgets import FlowExplorer
from journey_lessons.widgets._observed import ALL_CUSTOMERS, CHOOSE_STEP


def four_customers() -> pd.DataFrame:
    """Three January customers and one from February, at Spoke & Chain bike repair.

    At the milestone level (the quote left out):
    - ann: check (1 Jan), repair (3 Jan), renewal (11 Jan);
    - bo: check (1 Jan), repair (5 Jan), nothing after;
    - cy: repair (2 Jan) as her first event, then a visit the plan does not name;
    - di: check (10 Feb), then straight to the renewal (15 Feb), skipping the repair.
    """
    return log(
        ("ann", 0, CHECK),
        ("ann", 1, QUOTE),
        ("ann", 2, REPAIR),
        ("ann", 10, RENEW),
        ("bo", 0, CHECK),
        ("bo", 4, REPAIR),
        ("cy", 1, REPAIR),
        ("cy", 3, "visit"),
        ("di", 40, CHECK),
        ("di", 45, RENEW),
    )


def table_rows(html: str, caption: str) -> list[list[str]]:
    """The body rows of the table with ``caption`` (its start), as the learner reads them."""
    for table in re.findall(r"<table.*?</table>", html, flags=re.S):
        found = re.search(r"<caption>(.*?)</caption>", table)
        if found and unescape(found.group(1)).startswith(caption):
            body = re.search(r"<tbody>(.*)</tbody>", table, flags=re.S).group(1)
            return [
                [unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
                for row in re.findall(r"<tr>(.*?)</tr>", body)
            ]
    raise AssertionError(f"no table {caption!r} in {html}")


def labels(dropdown) -> list[str]:
    return [label for label, _ in dropdown.options]


def choose_step(explorer: FlowExplorer, name: str) -> None:
    explorer.step.value = next(
        n for _, n in explorer.step.options if getattr(n, "name", "") == name
    )


def shown(explorer: FlowExplorer) -> str:
    return unescape(explorer.summary.value + explorer.findings_view.value)


@pytest.fixture
def explorer() -> FlowExplorer:
    return FlowExplorer(four_customers(), PLAN)


def test_the_step_table_lists_the_moves_into_and_out_of_the_step(explorer):
    assert labels(explorer.step) == [
        CHOOSE_STEP,
        f"Milestone · {CHECK}",
        f"Milestone · {REPAIR}",
        f"Milestone · {RENEW}",
        "Milestone · Leave a review",
        "Other · events the plan does not name",
    ]
    assert "Choose a step" in explorer.step_view.value
    choose_step(explorer, REPAIR)
    table = explorer.step_view.value
    # ann, bo and cy reached the repair; shares are of those 3
    assert f"3 customers reached '{REPAIR}'." in unescape(table)
    assert table_rows(table, f"Into '{REPAIR}'") == [
        [CHECK, "2", "67%", "3.0 days", "a move the plan makes"],  # ann in 2 days, bo in 4
        ["(their first event)", "1", "33%", "—", "a first step that is not the plan's first"],
    ]
    out = table_rows(table, f"Out of '{REPAIR}'")
    assert sorted(out) == sorted(
        [
            [RENEW, "1", "33%", "8.0 days", "a move the plan makes"],
            ["other", "1", "33%", "2.0 days", "to or from an event the plan does not name"],
            [
                "(no later event)",
                "1",
                "33%",
                "—",
                "the customer's last event: the sequence ends here",
            ],
        ]
    )


def test_summary_findings_and_step_table_change_with_the_cohort(explorer):
    assert labels(explorer.cohort) == [
        ALL_CUSTOMERS,
        "January 2024 (3 customers)",
        "February 2024 (1 customer)",
    ]
    choose_step(explorer, CHECK)
    everyone = shown(explorer)
    assert explorer.summary.value.startswith('<p class="jl-summary">4 customers, 9 events')
    # ann, bo and di reached the check; di alone went straight on to the renewal
    assert f"33% of those at '{CHECK}' (1) went straight to '{RENEW}'" in everyone

    explorer.cohort.value = "2024-02"
    february = shown(explorer)
    assert "February 2024 cohort: 1 customer, 2 events of milestones" in february
    assert f"100% of those at '{CHECK}' (1) went straight to '{RENEW}'" in february
    assert explorer.observed.customers == 1
    assert table_rows(explorer.step_view.value, f"Out of '{CHECK}'") == [
        [RENEW, "1", "100%", "5.0 days", "forward past planned steps"]
    ]
    choose_step(explorer, REPAIR)
    assert f"Nobody reached '{REPAIR}' here." in unescape(explorer.step_view.value)

    explorer.cohort.value = ""
    assert shown(explorer) == everyone


def test_the_drawing_and_the_steps_follow_the_level(explorer):
    choose_step(explorer, REPAIR)
    milestones_alt = drawn_alt(explorer)
    assert "4 customers" in milestones_alt and QUOTE not in milestones_alt
    assert "touchpoint events are left out" in explorer.findings_view.value

    explorer.level.value = "touchpoints"
    assert explorer.observed.level == "touchpoints"
    assert f"{QUOTE} to {REPAIR}: 100% (1 customer" in drawn_alt(explorer)
    assert f"Touchpoint · {QUOTE}" in labels(explorer.step)
    assert "milestones and touchpoints" in explorer.summary.value
    # the chosen milestone stays chosen, recounted: ann now comes to it from the quote
    assert explorer.step.value.name == REPAIR
    # bo went from the check to the repair without the quote: past a planned step
    assert sorted(table_rows(explorer.step_view.value, f"Into '{REPAIR}'")) == sorted(
        [
            [QUOTE, "1", "33%", "1.0 days", "a move the plan makes"],
            [CHECK, "1", "33%", "4.0 days", "forward past planned steps"],
            ["(their first event)", "1", "33%", "—", "a first step that is not the plan's first"],
        ]
    )
    choose_step(explorer, QUOTE)
    explorer.level.value = "milestones"  # the quote is no step at this level
    assert explorer.step.value == "" and "Choose a step" in explorer.step_view.value
    assert drawn_alt(explorer) == milestones_alt


def test_the_share_slider_only_redraws(explorer):
    observed = explorer.observed
    variants = explorer.variants_drawing.outputs
    assert "0 moves made by under 5% of their customers are hidden" in drawn_alt(explorer)
    # the rarest move: cy's first event at the repair, 1 of 4 customers from start (25%)
    explorer.min_share.value = 0.30
    assert "1 move made by under 30% of their customers is hidden" in drawn_alt(explorer)
    assert f"start to {REPAIR}" not in drawn_alt(explorer)
    assert explorer.observed is observed
    assert explorer.variants_drawing.outputs is variants
    explorer.min_share.value = 0.0
    assert f"start to {REPAIR}: 25% (1 customer" in drawn_alt(explorer)


def test_a_cohort_emptied_by_the_level_is_a_finding_not_a_traceback():
    # eve sees the flyer in January and books the check in February: her cohort is
    # February by milestones, January by milestones and touchpoints
    explorer = FlowExplorer(log(("eve", 25, FLYER), ("eve", 35, CHECK)), PLAN)
    assert labels(explorer.cohort) == [ALL_CUSTOMERS, "February 2024 (1 customer)"]
    explorer.cohort.value = "2024-02"
    choose_step(explorer, CHECK)
    explorer.level.value = "touchpoints"
    assert labels(explorer.cohort) == [
        ALL_CUSTOMERS,
        "January 2024 (1 customer)",
        "February 2024 (0 customers)",
    ]
    assert explorer.cohort.value == "2024-02"
    assert "There are no customers whose first event falls in February 2024." in shown(explorer)
    assert "February 2024 cohort: 0 customers" in shown(explorer)
    assert f"Nobody reached '{CHECK}' here." in unescape(explorer.step_view.value)
    assert "Could not show" not in explorer.findings_view.value
    assert drawn_alt(explorer).startswith(
        "Spoke & Chain bike repair: the journey customers took: 0 customers."
    )


def test_a_log_that_matches_nothing_or_is_empty_shows_a_finding():
    strangers = FlowExplorer(log(("rae", 0, "signup"), ("rae", 1, "order")), PLAN)
    assert "None of the 2 events is a milestone or touchpoint of the plan." in shown(strangers)
    choose_step(strangers, CHECK)
    assert f"Nobody reached '{CHECK}' here." in unescape(strangers.step_view.value)
    strangers.level.value = "touchpoints"
    assert "None of the 2 events" in shown(strangers)

    empty = FlowExplorer(log(), PLAN)
    assert labels(empty.cohort) == [ALL_CUSTOMERS]
    assert "The event log has no events" in shown(empty)
    assert "0 customers" in drawn_alt(empty)
    empty.level.value = "touchpoints"
    empty.min_share.value = 0.2
    assert "Could not show" not in empty.findings_view.value


def test_a_plan_without_paths_works_at_both_levels():
    bare = JourneyPlan(milestones=MILESTONES)
    explorer = FlowExplorer(four_customers(), bare)
    # no paths: the quote is an event the plan does not name, at both levels
    assert explorer.summary.value.startswith('<p class="jl-summary">4 customers, 10 events')
    steps = labels(explorer.step)
    explorer.level.value = "touchpoints"
    assert "The plan has no touchpoints on its paths" in shown(explorer)
    assert labels(explorer.step) == steps
    choose_step(explorer, REPAIR)
    # ann's quote now stands between her check and her repair, as 'other'
    assert [
        "other",
        "1",
        "33%",
        "1.0 days",
        "to or from an event the plan does not name",
    ] in table_rows(explorer.step_view.value, f"Into '{REPAIR}'")
    explorer.min_share.value = 0.1
    assert "Could not show" not in explorer.findings_view.value


def test_from_file_without_a_file_shows_the_sample_and_says_so(tmp_path):
    explorer = FlowExplorer.from_file(tmp_path / "my_journey.yaml", customers=300, seed=7)
    status = unescape(explorer.status.value)
    assert "No " in status and "yet, so this shows the sample business, Lotus Flow" in status
    assert "A simulated log of 300 prospects (seed 7)." in status
    assert explorer.plan == sample_journey()
    pd.testing.assert_frame_equal(explorer.events, simulate_events(sample_journey(), 300, seed=7))


def test_from_file_reads_the_learners_plan_and_their_own_log(tmp_path):
    path = tmp_path / "my_journey.yaml"
    save_journey(PLAN, path)
    csv = tmp_path / "shop_events.csv"
    frame = four_customers()
    written = frame.assign(timestamp=frame["timestamp"].dt.strftime("%Y-%m-%d"))
    written.to_csv(csv, index=False)
    explorer = FlowExplorer.from_file(path, events=read_events(csv))
    assert explorer.plan == PLAN
    status = unescape(explorer.status.value)
    assert "Opened Spoke & Chain bike repair from" in status
    assert "Your own log (10 events)." in status
    # a row that read_events sets aside is said, not silently dropped
    broken = pd.concat(
        [written, pd.DataFrame([["fay", "not a date", "visit"]], columns=written.columns)]
    )
    broken.to_csv(csv, index=False)
    status = unescape(FlowExplorer.from_file(path, events=read_events(csv)).status.value)
    assert "Your own log (10 events; 1 row set aside when read: see its report)." in status
    expected = observe(frame, PLAN)
    pd.testing.assert_frame_equal(explorer.observed.transitions, expected.transitions)
    # simulated from the learner's plan, not the sample's, when no log is given
    simulated = FlowExplorer.from_file(path, customers=200)
    pd.testing.assert_frame_equal(simulated.events, simulate_events(PLAN, 200, seed=2024))
    assert "Lotus Flow" not in unescape(simulated.status.value)


def test_an_unreadable_file_is_said_and_no_sample_stands_in(tmp_path):
    path = tmp_path / "my_journey.yaml"
    path.write_text("schema: journey-lessons\nkind: journey\nversion: 1\nmilestones: {\n")
    explorer = FlowExplorer.from_file(path, customers=100)
    assert "Could not read your file" in explorer.status.value
    assert "jl-problem" in explorer.status.value
    assert explorer.plan == JourneyPlan()
    assert "The plan has no milestones" in shown(explorer)


def test_learner_text_is_escaped():
    evil = "<img src=x onerror=alert(1)>"
    plan = PLAN.rename_milestones([(REPAIR, f"Repair {evil}")])
    frame = four_customers()
    explorer = FlowExplorer(frame, plan)
    choose_step(explorer, f"Repair {evil}")
    html = (
        explorer.summary.value
        + explorer.findings_view.value
        + explorer.step_view.value
        + "".join(o["data"]["text/html"] for o in explorer.drawing.outputs)
    )
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in explorer.step_view.value


def test_no_control_in_the_column_gets_a_rows_flex_basis(explorer):
    # in a column, a flex basis such as 220px becomes the control's height: a tall gap
    def with_parents(widget, parent=None):
        yield widget, parent
        for child in getattr(widget, "children", ()):
            yield from with_parents(child, widget)

    tall = [
        f"{type(child).__name__} {getattr(child, 'description', '')!r}"
        for child, parent in with_parents(explorer)
        if isinstance(parent, w.VBox) and "px" in (child.layout.flex or "")
    ]
    assert not tall, tall
