"""Hostile event logs: each is read as tests/data/events/cases.yaml says, or refused
with an EventLogError that names the file; no other exception, no two ids made one,
and every row read is either kept or listed as set aside."""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import re
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kpi_reference import disagreements, duckdb_kpis

from journey_lessons import events as events_module
from journey_lessons import kpis
from journey_lessons.events import COLUMNS, EventLogError, read_events
from journey_lessons.journey import sample_journey
from journey_lessons.simulate import simulate_events

CORPUS = Path(__file__).parent / "data" / "events"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The byte-exact and Parquet cases, written fresh."""
    folder = tmp_path_factory.mktemp("events")
    _make_corpus().write_corpus(folder)
    return folder


def _path(name: str, generated: Path) -> Path:
    file = CASES[name].get("file", name)
    return CORPUS / file if (CORPUS / file).exists() else generated / file


def assert_nothing_lost(log, rows_read: int | None = None) -> None:
    """Every row read is kept or set aside, and the report's counts say so."""
    report = log.report
    set_aside = set(report.problems["row"])
    assert len(log.events) == report.rows_kept
    assert report.rows_kept + len(set_aside) == report.rows_read
    assert report.rows_set_aside == len(set_aside)
    if rows_read is not None:
        assert report.rows_read == rows_read


def assert_as_expected(log, expected: dict) -> None:
    """The kept rows and the problems, notes and values of ``expected`` (a case)."""
    events, report = log.events, log.report
    # ids as text exactly as expected: two spellings of an id are never made one
    assert events["customer_id"].tolist() == expected.get("kept", [])
    found = sorted(zip(report.problems["row"], report.problems["problem"], strict=True))
    wanted = sorted((row, code) for row, code, _ in expected.get("set_aside", []))
    assert found == wanted
    for row, code, words in expected.get("set_aside", []):
        messages = report.problems.loc[
            (report.problems["row"] == row) & (report.problems["problem"] == code), "message"
        ]
        assert any(words in m for m in messages), (row, code, words, messages.tolist())
    assert sorted(n.code for n in report.notes) == sorted(expected.get("notes", []))
    if "timestamps" in expected:
        assert events["timestamp"].tolist() == [pd.Timestamp(t) for t in expected["timestamps"]]
    if "events" in expected:
        assert events["event"].astype(str).tolist() == expected["events"]
    if "amounts" in expected:
        amounts = events["amount"].tolist()
        assert len(amounts) == len(expected["amounts"])
        for got, want in zip(amounts, expected["amounts"], strict=True):
            assert math.isnan(got) if want is None else got == want
    if "orders" in expected:
        orders = [None if pd.isna(o) else o for o in events["order_id"]]
        assert orders == expected["orders"]
    assert_nothing_lost(log)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_log_is_read_as_the_corpus_says(name, generated):
    case = CASES[name]
    path = _path(name, generated)
    options = case.get("options", {})
    if "error" in case:
        with pytest.raises(EventLogError) as caught:
            read_events(path, **options)
        assert str(path) in str(caught.value)
        assert case["error"] in str(caught.value)
        return
    # anything but an EventLogError fails the test here
    assert_as_expected(read_events(path, **options), case)


def test_every_file_of_the_corpus_has_a_case(generated):
    files = {p.name for p in CORPUS.iterdir() if p.suffix == ".csv"}
    files |= {p.name for p in generated.iterdir()}
    named = {case.get("file", name) for name, case in CASES.items()}
    assert files == named


CSV_CASES = sorted(n for n in CASES if CASES[n].get("file", n).endswith(".csv"))


@pytest.mark.parametrize("name", CSV_CASES)
def test_the_csv_module_reads_every_csv_case_the_same(name, generated, monkeypatch):
    """The fast reader (pandas, lines from the bytes) and the csv module agree."""
    path, options = _path(name, generated), CASES[name].get("options", {})

    def outcome():
        try:
            log = read_events(path, **options)
        except EventLogError as error:
            return str(error)
        return log.events, log.report.problems, log.report.notes, log.report.duplicates

    fast = outcome()
    monkeypatch.setattr(events_module, "_scan", lambda data, sep: None)
    slow = outcome()
    if isinstance(fast, str) or isinstance(slow, str):
        assert fast == slow
        return
    pd.testing.assert_frame_equal(fast[0], slow[0])
    pd.testing.assert_frame_equal(fast[1], slow[1])
    assert fast[2] == slow[2]
    pd.testing.assert_frame_equal(fast[3], slow[3])


# -- DataFrames: the same rules, rows named by their index label ------------------------


def frame(customer_id, **columns) -> pd.DataFrame:
    n = len(customer_id)
    columns.setdefault("timestamp", ["2024-01-01 10:00"] * n)
    columns.setdefault("event", ["visit"] * n)
    return pd.DataFrame({"customer_id": customer_id, **columns})


FRAMES = {
    "big_python_ints": (
        frame(pd.Series([2**70, 2**70 + 1, 7], dtype=object)),
        {"kept": ["1180591620717411303424", "1180591620717411303425", "7"]},
    ),
    "decimal_ids": (
        frame([1.0, 1.5, np.inf]),
        {
            "kept": ["1", "1.5"],
            "set_aside": [[2, "missing_customer", "no customer id"]],
            "notes": ["decimal_ids"],
        },
    ),
    "mixed_python_ids": (
        frame(pd.Series([7, "007", 7.0, None, " 8 "], dtype=object)),
        {
            "kept": ["7", "007", "7", "8"],
            "set_aside": [[3, "missing_customer", "no customer id"]],
            "notes": ["decimal_ids", "spaces_around_ids"],
        },
    ),
    "nullable_ints": (
        frame(pd.array([1, None, 3], dtype="Int64")),
        {"kept": ["1", "3"], "set_aside": [[1, "missing_customer", "no customer id"]]},
    ),
    "categorical_events": (
        frame(
            ["a", "b", "c", "d"],
            event=pd.Categorical([" survey", "Survey", "visit", "NULL"]),
            score=[3, 9, None, None],
        ),
        {
            "kept": ["a", "c"],
            "events": ["survey", "visit"],
            "set_aside": [
                [1, "score_out_of_range", "outside the answer scale"],
                [3, "missing_event", "'NULL' is how a missing value is written"],
            ],
            "notes": ["event_name_case"],
        },
    ),
    "bool_amounts": (
        frame(["a", "b", "c"], amount=[True, False, True], event=["core_purchase"] * 3),
        {
            "set_aside": [
                [0, "bad_amount", "true/false"],
                [1, "bad_amount", "true/false"],
                [2, "bad_amount", "true/false"],
            ],
        },
    ),
    "object_amounts": (
        frame(["a", "b", "c", "d"], amount=pd.Series([True, "5", 2.5, float("inf")], dtype=object)),
        {
            "kept": ["b", "c"],
            "amounts": [5.0, 2.5],
            "set_aside": [
                [0, "bad_amount", "true/false"],
                [3, "bad_amount", "not a finite number"],
            ],
        },
    ),
    "datetimes_with_nat": (
        frame(["a", "b"], timestamp=pd.to_datetime(["2024-01-01", None])),
        {"kept": ["a"], "set_aside": [[1, "bad_timestamp", "cannot be read"]]},
    ),
    "aware_datetimes": (
        frame(["a"], timestamp=pd.to_datetime(["2024-03-01 10:00"]).tz_localize("Asia/Tokyo")),
        {"kept": ["a"], "timestamps": ["2024-03-01 01:00"]},
    ),
    "python_dates": (
        frame(
            ["a", "b", "c", "d"],
            timestamp=pd.Series(
                [datetime(2024, 1, 1, 10), "2024-01-02", date(2024, 1, 3), 1709280000],
                dtype=object,
            ),
        ),
        {
            "kept": ["a", "b", "c"],
            "timestamps": ["2024-01-01 10:00", "2024-01-02", "2024-01-03"],
            "set_aside": [[3, "bad_timestamp", "a number, not a date"]],
        },
    ),
    "lists_as_orders": (
        frame(["a", "b"], order_id=pd.Series([[1, 2], None], dtype=object)),
        {"kept": ["a", "b"], "orders": ["[1, 2]", None]},
    ),
    "no_rows": (frame([]), {"kept": []}),
}
FRAME_ERRORS = {
    "epoch_seconds": (
        frame(["a"], timestamp=[1709280000]),
        "column 'timestamp' (timestamp) holds numbers (int64)",
    ),
    "epoch_floats": (
        frame(["a"], timestamp=[1.7e9]),
        "column 'timestamp' (timestamp) holds numbers (float64)",
    ),
    "duplicate_columns": (
        pd.DataFrame(
            [["a", "2024-01-01", "visit", 1, 2]],
            columns=["customer_id", "timestamp", "event", "amount", "amount"],
        ),
        "the column 'amount' appears 2 times (columns 4, 5)",
    ),
    "lone_surrogate": (
        frame(pd.Series(["a", "b\ud800"], dtype=object)),
        "column 'customer_id', row 1: the text 'b\\ud800' is not valid Unicode",
    ),
    "surrogate_in_a_mapped_column": (
        pd.DataFrame({"Who": ["a"], "When": ["2024-01-01"], "What": ["\udcff"]}, dtype=object),
        "column 'What', row 0",
    ),
}


@pytest.mark.parametrize("name", sorted(FRAMES))
def test_each_hostile_dataframe_is_read_as_expected(name):
    table, expected = FRAMES[name]
    assert_as_expected(read_events(table), expected)


@pytest.mark.parametrize("name", sorted(FRAME_ERRORS))
def test_each_unusable_dataframe_says_why(name):
    table, message = FRAME_ERRORS[name]
    mapping = {"Who": "customer_id", "When": "timestamp", "What": "event"}
    with pytest.raises(EventLogError) as caught:
        read_events(table, mapping if "Who" in table else None)
    assert str(caught.value).startswith("DataFrame: ")
    assert message in str(caught.value)


def test_rows_of_a_dataframe_are_its_index_labels_even_when_repeated():
    table = frame(["a", "b", "c"], timestamp=["2024-01-01", "soon", "2024-01-02"])
    table.index = ["x", "y", "x"]
    log = read_events(table)
    assert log.report.problems["row"].tolist() == ["y"]
    assert log.events["customer_id"].tolist() == ["a", "c"]


# -- one log, three ways in -----------------------------------------------------------------


@pytest.fixture(scope="module")
def simulated() -> pd.DataFrame:
    return simulate_events(sample_journey(), customers=1500, seed=7)


def test_a_log_reads_the_same_from_csv_parquet_and_a_dataframe(simulated, tmp_path):
    simulated.to_csv(tmp_path / "log.csv", index=False)
    simulated.to_parquet(tmp_path / "log.parquet", index=False)
    read = [read_events(s).events for s in (tmp_path / "log.csv", tmp_path / "log.parquet")]
    read.append(read_events(simulated).events)
    for other in read[1:]:
        pd.testing.assert_frame_equal(read[0], other, check_categorical=False)
    assert read[0]["customer_id"].tolist() == [str(c) for c in simulated["customer_id"]]


def test_kpis_of_a_log_read_back_agree_with_the_simulated_log_and_duckdb(simulated, tmp_path):
    simulated.to_csv(tmp_path / "log.csv", index=False)
    read = read_events(tmp_path / "log.csv").events
    assert read["customer_id"].dtype != simulated["customer_id"].dtype  # text, not numbers
    ours, original = kpis.kpi_report(read), kpis.kpi_report(simulated)
    assert disagreements(ours, dict(zip(original["key"], original["value"], strict=True))) == []
    steps = ["download", "free_trial", "core_purchase"]
    assert disagreements(ours, duckdb_kpis(read, steps)) == []


# -- properties: any text at all -------------------------------------------------------------

PLAUSIBLE = {
    "customer_id": ["007", "7", "1.0", "NULL", " ana ", "ana", ""],
    "timestamp": ["2024-03-01 10:00", "12/01/2024", "13/01/2024", "now", "1709280000", ""],
    "event": ["survey", "Survey", "core_purchase", "nps", "", "N/A"],
    "amount": ["19.9", "-1", "inf", "True", "NaN", "1,299", ""],
    "order_id": ["A-1", "007", "7", "NULL", ""],
    "score": ["5", "9", "11", "", "x"],
}
# a value longer than the csv module's default limit (131,072 characters)
LONG = "7" * 140_000


def cell(column: str, surrogates: bool) -> st.SearchStrategy[str]:
    characters = st.characters(exclude_categories=() if surrogates else ("Cs",))
    return st.one_of(
        st.text(characters, max_size=12),
        st.sampled_from(PLAUSIBLE[column]),
        st.just(LONG),
    )


def rows(surrogates: bool = False) -> st.SearchStrategy[list[list[str]]]:
    row = st.tuples(*(cell(c, surrogates) for c in COLUMNS)).map(list)
    return st.lists(row, max_size=8)


def _line_starts(text_rows: list[str]) -> list[int]:
    """The line where each written row starts: line breaks are \\n, \\r\\n or a bare \\r."""
    starts, line = [], 2
    for text in text_rows:
        starts.append(line)
        line += len(re.findall(r"\r\n|\r|\n", text))
    return starts


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(rows(), st.sampled_from(["\n", "\r\n"]))
def test_any_text_in_a_csv_is_kept_or_set_aside_never_merged(tmp_path_factory, data, ending):
    written = []
    for row in data:
        out = io.StringIO()
        # csv.writer leaves a bare \r unquoted when rows end in \n, yet every CSV reader
        # (the csv module's own too) ends a line there: such rows are quoted in full
        quoting = csv.QUOTE_ALL if any("\r" in v for v in row) else csv.QUOTE_MINIMAL
        csv.writer(out, lineterminator=ending, quoting=quoting).writerow(row)
        written.append(out.getvalue())
    path = tmp_path_factory.mktemp("prop") / "log.csv"
    path.write_text(",".join(COLUMNS) + ending + "".join(written), encoding="utf-8", newline="")
    log = read_events(path)  # a file csv.writer made is always readable
    assert_nothing_lost(log, rows_read=len(data))
    lines = _line_starts(written)
    assert set(log.report.problems["row"]) <= set(lines)
    set_aside = set(log.report.problems["row"])
    kept = [row[0].strip() for row, line in zip(data, lines, strict=True) if line not in set_aside]
    assert log.events["customer_id"].tolist() == kept


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(rows(surrogates=True))
def test_any_text_in_a_dataframe_is_kept_or_set_aside_or_refused_clearly(data):
    table = pd.DataFrame(data, columns=list(COLUMNS), dtype=object)
    try:
        log = read_events(table)
    except EventLogError as error:
        # the only text a DataFrame can hold that cannot be read: a lone surrogate
        assert "lone surrogate" in str(error)
        assert any(re.search("[\ud800-\udfff]", v) for row in data for v in row)
        return
    assert_nothing_lost(log, rows_read=len(data))
    set_aside = set(log.report.problems["row"])
    kept = [row[0].strip() for i, row in enumerate(data) if i not in set_aside]
    assert log.events["customer_id"].tolist() == kept
