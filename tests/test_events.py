"""Reading an event log: nothing is lost in silence, and every problem says where it is."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from journey_lessons import Milestone, MilestoneMap, Stage, sample_milestones
from journey_lessons.events import (
    EventLogError,
    milestone_events,
    read_events,
    touchpoint_events,
)
from journey_lessons.journey import sample_journey
from journey_lessons.lifecycle import LifecycleStep
from journey_lessons.paths import Path as JourneyPath
from journey_lessons.paths import PathSet, Touchpoint

BAD_LOGS = Path(__file__).parent / "data" / "bad_logs"
EXPECTED = json.loads((BAD_LOGS / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_log_is_reported_as_expected(name):
    expected = EXPECTED[name]
    path = BAD_LOGS / name
    if "error" in expected:
        with pytest.raises(EventLogError) as caught:
            read_events(path)
        assert str(path) in str(caught.value)
        assert expected["error"] in str(caught.value)
        return
    log = read_events(path)
    report = log.report
    assert report.rows_kept == expected["kept"] == len(log.events)
    found = {
        code: report.problems.loc[report.problems["problem"] == code, "row"].tolist()
        for code in report.counts()
    }
    assert found == expected["problems"]
    duplicates = [
        list(pair)
        for pair in zip(report.duplicates["row"], report.duplicates["first_row"], strict=True)
    ]
    assert duplicates == expected.get("duplicates", [])


def test_every_bad_log_has_an_expected_report():
    files = {p.name for p in BAD_LOGS.iterdir() if p.suffix == ".csv"}
    assert files == set(EXPECTED)


def test_nothing_is_lost_every_row_is_kept_or_listed():
    report = read_events(BAD_LOGS / "scores_off_scale.csv").report
    listed = set(report.problems["row"])
    assert report.rows_read == report.rows_kept + len(listed) == 8
    assert report.rows_set_aside == len(listed)
    assert not report.ok


def test_set_aside_rows_become_findings_with_rows_and_hints():
    findings = read_events(BAD_LOGS / "missing_ids.csv").report.findings()
    assert {"missing_customer", "missing_event"} <= findings.codes
    customer = next(f for f in findings if f.code == "missing_customer")
    assert "2 rows" in customer.message and "rows 3, 5" in customer.message
    assert customer.where == "column customer_id"
    assert customer.hint


def test_errors_raise_names_the_file_and_the_rows():
    with pytest.raises(EventLogError) as caught:
        read_events(BAD_LOGS / "negative_amount.csv", errors="raise")
    message = str(caught.value)
    assert "negative_amount.csv" in message
    assert "row 3" in message and "negative" in message


def test_duplicates_are_kept_unless_asked_and_always_reported():
    kept = read_events(BAD_LOGS / "duplicates.csv")
    assert len(kept.events) == 5
    assert "duplicate_rows" in kept.report.findings().codes
    assert kept.report.ok  # duplicates alone are not a problem
    dropped = read_events(BAD_LOGS / "duplicates.csv", drop_duplicates=True)
    assert len(dropped.events) == 3
    assert "dropped" in dropped.report.summary()


def test_a_learners_column_names_are_mapped_and_named_in_errors():
    frame = pd.DataFrame(
        {
            "Client": ["c1", "c2"],
            "Date": ["2024-03-01 10:00", "2024-03-02"],
            "Action": ["download", "core_purchase"],
            "Paid": [None, "19.9"],
            "Ignored": ["x", "y"],
        }
    )
    log = read_events(
        frame, {"Client": "customer_id", "Date": "timestamp", "Action": "event", "Paid": "amount"}
    )
    events = log.events
    assert list(events.columns) == [
        "customer_id",
        "timestamp",
        "event",
        "amount",
        "order_id",
        "score",
    ]
    assert events["timestamp"].tolist() == [
        pd.Timestamp("2024-03-01 10:00"),
        pd.Timestamp("2024-03-02"),
    ]
    assert events["amount"].iloc[1] == pytest.approx(19.9)
    assert isinstance(events["event"].dtype, pd.CategoricalDtype)
    with pytest.raises(EventLogError) as caught:
        read_events(frame, {"Client": "customer_id", "When": "timestamp", "Action": "event"})
    assert "timestamp (mapped from 'When')" in str(caught.value)
    assert caught.value.columns == ("timestamp",)
    with pytest.raises(ValueError, match="customer"):
        read_events(frame, {"Client": "customer"})


def test_ids_stay_text_exactly_as_written():
    ids = ["7", "007", "1.0", "1", "A7"]
    read = read_events(
        pd.DataFrame({"customer_id": ids, "timestamp": ["2024-01-01"] * 5, "event": "x"})
    )
    assert read.events["customer_id"].tolist() == ids
    # whole numbers in a numeric column become their digits, without a word needed
    numbers = read_events(
        pd.DataFrame({"customer_id": [7, 12], "timestamp": ["2024-01-01"] * 2, "event": "x"})
    )
    assert numbers.events["customer_id"].tolist() == ["7", "12"]
    assert numbers.report.notes == ()


def test_rows_of_a_dataframe_are_named_by_their_index():
    frame = pd.DataFrame(
        {"customer_id": [1, 2], "timestamp": ["2024-01-01", "soon"], "event": ["a", "b"]},
        index=[10, 20],
    )
    report = read_events(frame).report
    assert report.problems["row"].tolist() == [20]


def test_parquet_is_read_like_a_csv(tmp_path):
    frame = pd.DataFrame(
        {
            "customer_id": [1, 2, 3],
            "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"]),
            "event": ["download", "core_purchase", "survey"],
            "amount": [None, 199.0, -1.0],
            "score": [None, None, 5],
        }
    )
    path = tmp_path / "log.parquet"
    frame.to_parquet(path)
    log = read_events(path)
    assert log.report.rows_kept == 2
    assert log.report.problems["row"].tolist() == [3]  # the third row, counted from 1


def test_a_missing_file_and_an_unknown_type_name_the_file(tmp_path):
    with pytest.raises(EventLogError, match="no such file"):
        read_events(tmp_path / "nope.csv")
    other = tmp_path / "log.xlsx"
    other.write_text("x")
    with pytest.raises(EventLogError, match=r"log\.xlsx.*\.csv or \.parquet"):
        read_events(other)


def test_the_report_escapes_what_the_file_holds():
    frame = pd.DataFrame(
        {"customer_id": [1], "timestamp": ["<script>alert(1)</script>"], "event": ["a"]}
    )
    html = read_events(frame)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_milestone_events_use_kind_keys_and_keep_the_learners_names():
    assert milestone_events(sample_milestones()) == {
        "download": "Download the 7-day beginner plan",
        "free_trial": "Start the 14-day free trial",
        "core_purchase": "Buy the annual membership",
        "survey": "Rate the first month",
        "upsell": "Add one-to-one coaching",
        "referral": "Refer a friend",
    }
    own = MilestoneMap.from_columns(
        core=Milestone("Buy", Stage.CORE, "core_purchase"),
        before=[
            Milestone("Join the Club!", Stage.BEFORE, "custom"),
            Milestone("Watch demo 1", Stage.BEFORE, "demo"),
            Milestone("Watch demo 2", Stage.BEFORE, "demo"),
        ],
    )
    assert list(milestone_events(own)) == ["join_the_club", "demo", "demo_2", "core_purchase"]
    plan = SimpleNamespace(milestones=own, paths=())
    assert milestone_events(plan) == milestone_events(own)


def test_touchpoint_events_name_each_touchpoint_apart_from_every_other_event():
    events = touchpoint_events(sample_journey())
    assert len(events) == 15
    assert events["touchpoint:Day-4 check-in email"] == "Day-4 check-in email"
    assert all(e.startswith("touchpoint:") for e in events)
    # a touchpoint called like an everyday event does not pass for that event
    step = LifecycleStep.NURTURE
    paths = PathSet(
        (
            JourneyPath("", "A", (Touchpoint("survey", step), Touchpoint("Check  in", step))),
            JourneyPath("A", "B", (Touchpoint("check in", step), Touchpoint("", step))),
        )
    )
    plan = SimpleNamespace(paths=paths)
    assert list(touchpoint_events(plan)) == [
        "touchpoint:survey",
        "touchpoint:Check in",
        "touchpoint:check in (2)",
        "touchpoint:(unnamed)",
    ]
    assert touchpoint_events(sample_milestones()) == {}


def test_the_options_that_cannot_go_together_say_so():
    frame = pd.DataFrame({"customer_id": ["a"], "timestamp": ["2024-01-01"], "event": ["x"]})
    with pytest.raises(ValueError, match="timestamp_format or dayfirst"):
        read_events(frame, dayfirst=True, timestamp_format="%d/%m/%Y")
    with pytest.raises(ValueError, match="dayfirst must be"):
        read_events(frame, dayfirst="yes")
    with pytest.raises(ValueError, match="more than one column to 'customer_id'"):
        read_events(frame, {"customer_id": "customer_id", "event": "customer_id"})


def test_notes_are_findings_and_shown_with_the_report():
    frame = pd.DataFrame(
        {
            "customer_id": [1.0, 2.0],
            "timestamp": ["12/01/2024", "<b>13/01/2024</b> 10:00"],
            "event": ["visit", "visit"],
        }
    )
    report = read_events(frame).report
    assert {n.code for n in report.notes} == {"decimal_ids"}
    assert "decimal_ids" in report.findings().codes
    assert "1 note" in report.summary()
    assert "stored as decimal numbers" in str(report)
    html = report._repr_html_()
    assert "stored as decimal numbers" in html
    assert "<b>13/01" not in html and "&lt;b&gt;13/01" in html


def test_a_day_first_log_reads_whole_once_told():
    frame = pd.DataFrame(
        {"customer_id": ["a", "b"], "timestamp": ["03/04/2024", "05/06/2024"], "event": "x"}
    )
    unsure = read_events(frame).report
    assert unsure.counts() == {"ambiguous_date": 2}
    ambiguous = next(f for f in unsure.findings() if f.code == "ambiguous_date")
    assert "dayfirst=True" in ambiguous.hint
    told = read_events(frame, dayfirst=True)
    assert told.events["timestamp"].tolist() == [
        pd.Timestamp("2024-04-03"),
        pd.Timestamp("2024-06-05"),
    ]
