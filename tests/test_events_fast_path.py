"""The fast paths of read_events read exactly what the thorough paths read.

A plain CSV (no quotes, no blank lines) is read by pyarrow, ISO timestamps all written
alike are read at once, ids that are plain whole numbers stand for themselves, and only
rows that share a time are compared for duplicates. Each test here either works out the
answer by hand or reads the same file both ways and demands the same log and report.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_lessons import events as events_module
from journey_lessons.events import COLUMNS, read_events

DATA = Path(__file__).parent / "data"
CORPUS_CSVS = sorted((DATA / "bad_logs").glob("*.csv")) + sorted((DATA / "events").glob("*.csv"))


def outcome(path: Path, **options):
    """What reading a file gives: the error's text, or the log and the report's parts."""
    try:
        log = read_events(path, **options)
    except events_module.EventLogError as error:
        return str(error)
    report = log.report
    return log.events, report.problems, report.notes, report.duplicates, report.rows_read


def assert_same(fast, slow) -> None:
    if isinstance(fast, str) or isinstance(slow, str):
        assert fast == slow
        return
    pd.testing.assert_frame_equal(fast[0], slow[0])
    pd.testing.assert_frame_equal(fast[1], slow[1])
    assert fast[2] == slow[2]
    pd.testing.assert_frame_equal(fast[3], slow[3])
    assert fast[4] == slow[4]


def thorough(monkeypatch) -> None:
    """Turn every fast path off: the file is read as before they existed."""
    monkeypatch.setattr(events_module, "_read_plain", lambda *args: None)
    monkeypatch.setattr(events_module, "_iso_at_once", lambda text: None)
    monkeypatch.setattr(events_module, "_plain_integers", lambda text: None)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_the_corpus_reads_the_same_with_and_without_the_fast_paths(monkeypatch):
    plain = []
    original = events_module._read_plain

    def spy(*args):
        table = original(*args)
        plain.append(table is not None)
        return table

    monkeypatch.setattr(events_module, "_read_plain", spy)
    fast = {path: outcome(path) for path in CORPUS_CSVS}
    # the comparison means something only if pyarrow did read some of the files
    assert sum(plain) >= 5
    thorough(monkeypatch)
    for path in CORPUS_CSVS:
        assert_same(fast[path], outcome(path))
    # and the csv module, which reads every file alone when the byte scan gives up
    monkeypatch.setattr(events_module, "_scan", lambda data, sep: None)
    for path in CORPUS_CSVS:
        assert_same(fast[path], outcome(path))


@pytest.mark.parametrize(
    "text",
    [
        "customer_id,timestamp,event\na,2024-01-01,visit\n\nb,soon,visit\n",
        "customer_id,timestamp,event\na,2024-01-01,visit\nb,soon,visit\n\n",
        "customer_id,timestamp,event\r\na,2024-01-01,visit\r\n\r\nb,soon,visit\r\n",
        "customer_id,timestamp,event\na,2024-01-01,visit\n  \nb,soon,visit\n",
    ],
    ids=["blank line", "blank last line", "blank line, CRLF", "line of spaces"],
)
def test_a_row_after_a_blank_line_is_reported_on_its_own_line(tmp_path, monkeypatch, text):
    path = write(tmp_path / "log.csv", text)
    line = text.splitlines().index("b,soon,visit") + 1
    fast = outcome(path)
    assert fast[1][["row", "problem"]].values.tolist() == [[line, "bad_timestamp"]]
    thorough(monkeypatch)
    assert_same(fast, outcome(path))


def test_iso_timestamps_read_at_once_are_checked_like_any_other(tmp_path):
    path = write(
        tmp_path / "log.csv",
        "customer_id,timestamp,event\n"
        "a,2024-03-01 10:00:00,visit\n"
        "b,1899-12-31 23:59:59,visit\n"
        "c,2024-02-29T23:30:05,visit\n",
    )
    log = read_events(path)
    assert log.events["customer_id"].tolist() == ["a", "c"]
    assert log.events["timestamp"].tolist() == [
        pd.Timestamp("2024-03-01 10:00:00"),
        pd.Timestamp("2024-02-29 23:30:05"),
    ]
    problems = log.report.problems
    assert problems[["row", "problem"]].values.tolist() == [[3, "bad_timestamp"]]
    assert "before 1900" in problems["message"].iloc[0]


def test_a_day_that_does_not_exist_among_iso_timestamps_is_set_aside(tmp_path):
    path = write(
        tmp_path / "log.csv",
        "customer_id,timestamp,event\na,2024-02-28 10:00:00,visit\nb,2024-02-30 10:00:00,visit\n",
    )
    log = read_events(path)
    assert log.events["customer_id"].tolist() == ["a"]
    assert log.report.problems[["row", "problem"]].values.tolist() == [[3, "bad_timestamp"]]


def test_ids_written_as_numbers_stay_the_text_they_are(tmp_path):
    path = write(
        tmp_path / "log.csv",
        "customer_id,timestamp,event,order_id\n"
        "7,2024-03-01,visit,\n"
        "70,2024-03-01,visit,9\n"
        "7,2024-03-02,visit,10\n",
    )
    events = read_events(path).events
    assert events["customer_id"].tolist() == ["7", "70", "7"]
    # order ids are categories ordered as text: "10" comes before "9"
    assert events["order_id"].cat.categories.tolist() == ["10", "9"]
    assert [None if pd.isna(o) else o for o in events["order_id"]] == [None, "9", "10"]
    # a leading zero or a hexadecimal spelling is another id, kept as written
    other = write(
        tmp_path / "other.csv",
        "customer_id,timestamp,event\n7,2024-03-01,visit\n007,2024-03-01,visit\n"
        "0x1f,2024-03-01,visit\n",
    )
    assert read_events(other).events["customer_id"].tolist() == ["7", "007", "0x1f"]


def test_integer_ids_of_a_dataframe_become_their_digits():
    table = pd.DataFrame(
        {
            "customer_id": np.array([7, 12, 7], dtype="int64"),
            "timestamp": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-03"]),
            "event": ["visit", "core_purchase", "visit"],
            "amount": [np.nan, 30.0, np.nan],
            "order_id": pd.array([None, 10, 9], dtype="Int64"),
        }
    )
    events = read_events(table).events
    assert events["customer_id"].tolist() == ["7", "12", "7"]
    assert events["order_id"].cat.categories.tolist() == ["10", "9"]
    assert [None if pd.isna(o) else o for o in events["order_id"]] == [None, "10", "9"]


def frame(customers, times, events=None, amounts=None) -> pd.DataFrame:
    n = len(customers)
    return pd.DataFrame(
        {
            "customer_id": customers,
            "timestamp": pd.to_datetime(times),
            "event": events or ["visit"] * n,
            "amount": amounts or [np.nan] * n,
        }
    )


def duplicate_pairs(log) -> list[list[int]]:
    return log.report.duplicates[["row", "first_row"]].values.tolist()


def test_duplicates_in_a_short_run_of_equal_times():
    # rows 0 and 2 are the same; rows 3 and 4 differ only in the amount
    log = read_events(
        frame(
            ["a", "b", "a", "c", "c"],
            ["2024-03-01 10:00"] * 3 + ["2024-03-01 11:00"] * 2,
            amounts=[np.nan, np.nan, np.nan, 5.0, 6.0],
        )
    )
    assert duplicate_pairs(log) == [[2, 0]]


def test_duplicates_far_apart_in_a_long_run_of_equal_times():
    # twelve rows at one time: row 11 repeats row 0, row 10 repeats row 9
    customers = [f"c{i}" for i in range(10)] + ["c9", "c0"]
    log = read_events(frame(customers, ["2024-03-01 10:00"] * 12), drop_duplicates=True)
    assert duplicate_pairs(log) == [[10, 9], [11, 0]]
    assert log.events["customer_id"].tolist() == [f"c{i}" for i in range(10)]


def test_duplicates_in_a_log_not_sorted_by_time():
    log = read_events(
        frame(
            ["a", "b", "a", "a"],
            ["2024-03-02", "2024-03-01", "2024-03-02", "2024-03-01"],
        )
    )
    assert duplicate_pairs(log) == [[2, 0]]


CELLS = {
    "customer_id": ["7", "70", "007", "ana", " ana", "NULL", "", "12"],
    "timestamp": [
        "2024-03-01 10:00:00",
        "2024-03-01 10:00:00",
        "2024-03-01 10:00",
        "2024-02-30 10:00:00",
        "1850-01-01 00:00:00",
        "13/01/2024",
        "now",
        "",
    ],
    "event": ["visit", "Survey", "survey", "nps", "N/A", ""],
    "amount": ["", "", "19.9", "-1", "x", "inf", "NaN"],
    "order_id": ["", "", "A-1", "10", "9", "null"],
    "score": ["", "", "5", "11", "x", "9"],
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(*(st.sampled_from(CELLS[c]) for c in COLUMNS)), max_size=12),
    st.sampled_from(["\n", "\r\n"]),
)
def test_any_plain_log_reads_the_same_with_and_without_the_fast_paths(tmp_path_factory, rows, end):
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerows([COLUMNS, *rows])
    path = write(tmp_path_factory.mktemp("plain") / "log.csv", out.getvalue())
    fast = outcome(path)
    with pytest.MonkeyPatch.context() as monkeypatch:
        thorough(monkeypatch)
        slow = outcome(path)
    assert_same(fast, slow)


def test_the_events_and_the_callers_table_change_apart():
    table = frame(["a", "b"], ["2024-03-01", "2024-03-02"], amounts=[5.0, np.nan])
    events = read_events(table).events
    events.loc[0, "amount"] = 99.0
    events.loc[0, "timestamp"] = pd.Timestamp("2030-01-01")
    assert table.loc[0, "amount"] == 5.0
    assert table.loc[0, "timestamp"] == pd.Timestamp("2024-03-01")
    table.loc[1, "amount"] = 7.0
    assert np.isnan(events.loc[1, "amount"])


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.sampled_from(["2024-03-01 10:00", "2024-03-01 11:00", "2024-03-02 09:00"]),
            st.sampled_from(["visit", "nps"]),
            st.sampled_from([np.nan, 5.0]),
        ),
        max_size=40,
    ),
    st.booleans(),
)
def test_the_duplicates_found_are_the_rows_pandas_finds_repeated(rows, by_time):
    # runs of equal times long and short, sorted by time or not
    table = frame(*(list(column) for column in zip(*rows, strict=True))) if rows else frame([], [])
    if by_time:
        table = table.sort_values("timestamp", kind="stable").reset_index(drop=True)
    found = read_events(table).report.duplicates
    repeated = table.duplicated(keep="first")
    assert found["row"].tolist() == table.index[repeated].tolist()
    first = {}
    for label, values in zip(table.index, table.itertuples(index=False), strict=True):
        first.setdefault(tuple("nan" if v != v else v for v in values), label)
    assert found["first_row"].tolist() == [
        first[tuple("nan" if v != v else v for v in table.loc[label])]
        for label in table.index[repeated]
    ]


# -- Parquet ---------------------------------------------------------------------------------
#
# A Parquet file is read without joining its columns into blocks, its row numbers are made
# only for the rows a report quotes, integer ids become text on other threads in pieces,
# order ids are sorted as text by pyarrow and event names recoded by pyarrow. The careful
# reading: the same table as a DataFrame labelled 1, 2, 3... (as a Parquet file's rows are
# numbered), with the digits written by Python one by one, sorted by Python and recoded
# by numpy indexing.


def careful(monkeypatch) -> None:
    """Turn the Parquet fast paths off: digits, sorting and recoding done the plain way."""

    def digits_later(numbers):
        text = [None if pd.isna(v) else str(int(v)) for v in numbers]
        return lambda: pd.Series(text, index=numbers.index, dtype=events_module._text_dtype())

    def text_order(text):
        values = text.tolist()
        return np.array(sorted(range(len(values)), key=values.__getitem__), dtype=np.intp)

    monkeypatch.setattr(events_module, "_digits_later", digits_later)
    monkeypatch.setattr(events_module, "_text_order", text_order)
    monkeypatch.setattr(events_module, "_recode", lambda new, codes: new[codes])
    # every row of a text column hashed, however few have a value
    monkeypatch.setattr(events_module, "_given", lambda text: None)


def parquet_both_ways(table: pd.DataFrame, path: Path, **options):
    """What reading ``table`` from a Parquet file gives, fast (in pieces of 2 rows, so that
    several threads share the work) and carefully (from a DataFrame)."""
    table.to_parquet(path, index=False, row_group_size=3)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(events_module, "_PIECE_ROWS", 2)
        fast = outcome(path, **options)
    labelled = pd.read_parquet(path).set_axis(pd.RangeIndex(1, len(table) + 1))
    with pytest.MonkeyPatch.context() as monkeypatch:
        careful(monkeypatch)
        slow = outcome(labelled, **options)
    return fast, slow


def test_a_parquet_log_with_integer_ids_reads_the_ids_as_their_digits(tmp_path):
    table = pd.DataFrame(
        {
            "customer_id": np.array([7, 12, 7, 100, 12], dtype="int32"),
            "timestamp": pd.to_datetime(
                ["2024-03-01 10:00"] * 3 + ["2024-03-02"] * 2, format="ISO8601"
            ),
            "event": pd.Categorical(["visit", "core_purchase", "visit", "nps", "upsell"]),
            "amount": [np.nan, 30.0, np.nan, np.nan, 12.0],
            "order_id": pd.array([None, 10, None, None, 9], dtype="Int64"),
            "score": [np.nan, np.nan, np.nan, 9.0, np.nan],
        }
    )
    path = tmp_path / "log.parquet"
    fast, slow = parquet_both_ways(table, path)
    assert_same(fast, slow)
    events, problems, _, duplicates, rows_read = fast
    assert events["customer_id"].tolist() == ["7", "12", "7", "100", "12"]
    assert events["event"].cat.categories.tolist() == ["core_purchase", "nps", "upsell", "visit"]
    # order ids sorted as text: "10" before "9"
    assert events["order_id"].cat.categories.tolist() == ["10", "9"]
    assert [None if pd.isna(o) else o for o in events["order_id"]] == [None, "10", None, None, "9"]
    assert (len(problems), rows_read) == (0, 5)
    # rows 1 and 3 are the same event at the same time: kept, and said
    assert duplicates[["row", "first_row"]].values.tolist() == [[3, 1]]


def test_bad_rows_of_a_parquet_log_are_set_aside_by_their_row_number(tmp_path):
    table = pd.DataFrame(
        {
            "customer_id": pd.array([1, None, 3, 4, 5], dtype="Int64"),
            "timestamp": pd.to_datetime(
                ["2024-03-01", "2024-03-02", None, "1850-01-01", "2024-03-05"]
            ),
            "event": ["visit", "visit", "visit", "visit", " N/A "],
            "amount": [np.nan, np.nan, np.nan, np.nan, -5.0],
        }
    )
    fast, slow = parquet_both_ways(table, tmp_path / "log.parquet")
    assert_same(fast, slow)
    events, problems = fast[0], fast[1]
    assert events["customer_id"].tolist() == ["1"]
    assert problems[["row", "problem"]].values.tolist() == [
        [2, "missing_customer"],
        [3, "bad_timestamp"],
        [4, "bad_timestamp"],
        [5, "negative_amount"],  # (a row's problems in the order of their columns' names)
        [5, "missing_event"],
    ]


def test_a_parquet_log_with_text_ids_in_dictionaries_reads_like_one_without(tmp_path):
    # pyarrow writes text columns dictionary-encoded; pandas reads categories back
    table = pd.DataFrame(
        {
            "customer_id": pd.Categorical(["ana", " ana", "NULL", "007", "7", "ana"]),
            "timestamp": pd.to_datetime(["2024-03-01"] * 6),
            "event": pd.Categorical(["visit", "visit", "visit", "Survey", "visit", "visit"]),
            "order_id": pd.Categorical([None, "A-1", "null", "10", "9", None]),
        }
    )
    fast, slow = parquet_both_ways(table, tmp_path / "log.parquet")
    assert_same(fast, slow)
    events, problems, notes, duplicates = fast[:4]
    assert events["customer_id"].tolist() == ["ana", "ana", "007", "7", "ana"]
    assert problems[["row", "problem"]].values.tolist() == [[3, "missing_customer"]]
    assert {note.code for note in notes} >= {"spaces_around_ids", "event_name_case"}
    # row 6 repeats row 1 exactly; row 2 is ana too once its spaces go, but has an order
    assert duplicates[["row", "first_row"]].values.tolist() == [[6, 1]]


def test_integer_ids_of_a_parquet_file_not_written_by_pandas_keep_every_digit(tmp_path):
    # DuckDB, Spark and pyarrow write no pandas metadata: pandas alone would read these
    # columns as decimal numbers, and 2**53 + 1 as 2**53
    big = 2**53 + 1
    table = pa.table(
        {
            "customer_id": pa.array([big, None, 3, big - 1], pa.int64()),
            "timestamp": pa.array([1, 2, 3, 4], pa.timestamp("s")),
            "event": ["core_purchase", "visit", "visit", "visit"],
            "amount": [49.0, None, None, None],
            "order_id": pa.array([big, None, None, None], pa.int64()),
        }
    )
    path = tmp_path / "export.parquet"
    pq.write_table(table, path)
    log = read_events(path)
    assert log.events["customer_id"].tolist() == [str(big), "3", str(big - 1)]
    assert [None if pd.isna(o) else o for o in log.events["order_id"]] == [str(big), None, None]
    assert log.report.problems[["row", "problem"]].values.tolist() == [[2, "missing_customer"]]
    # nothing was stored as a decimal number, so nothing is said about one
    assert [note.code for note in log.report.notes] == []


def test_unsigned_64_bit_ids_beyond_what_int64_holds_keep_every_digit(tmp_path):
    most = 2**64 - 1
    table = pa.table(
        {
            "customer_id": pa.array([most, None, 3, most], pa.uint64()),
            "timestamp": pa.array([1, 2, 3, 4], pa.timestamp("s")),
            "event": ["visit"] * 4,
            "order_id": pa.array([None, most - 1, None, most - 1], pa.uint64()),
        }
    )
    path = tmp_path / "export.parquet"
    pq.write_table(table, path)
    log = read_events(path)
    assert log.events["customer_id"].tolist() == [str(most), "3", str(most)]
    assert [None if pd.isna(o) else o for o in log.events["order_id"]] == [
        None,
        None,
        str(most - 1),
    ]
    assert log.report.problems[["row", "problem"]].values.tolist() == [[2, "missing_customer"]]


TEXT_CELLS = {
    "customer_id": ["7", "70", "007", " ana", "NULL", "", None, None, None],
    "order_id": [None, None, None, None, "A-1", "10", " 9", "null", ""],
    "amount": [None, None, None, "19.9", "-1", "x", "inf", ""],
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(*(st.sampled_from(TEXT_CELLS[c]) for c in TEXT_CELLS)), min_size=1, max_size=14
    )
)
def test_text_columns_mostly_missing_read_the_same_fast_and_carefully(tmp_path_factory, rows):
    # only the rows with a value are hashed when most have none: the same log either way
    columns = dict(zip(TEXT_CELLS, zip(*rows, strict=True), strict=True))
    table = pd.DataFrame(
        {
            "customer_id": pd.array(columns["customer_id"], dtype="string[pyarrow]"),
            "timestamp": pd.to_datetime(["2024-03-01 10:00"] * len(rows)),
            "event": pd.Categorical(["visit"] * len(rows)),
            "amount": pd.array(columns["amount"], dtype="string[pyarrow]"),
            "order_id": pd.array(columns["order_id"], dtype="string[pyarrow]"),
        }
    )
    path = tmp_path_factory.mktemp("parquet") / "log.parquet"
    assert_same(*parquet_both_ways(table, path))


PARQUET_CELLS = {
    "customer_id": [1, 2, 70, 7, None],
    "timestamp": ["2024-03-01 10:00", "2024-03-01 10:00", "2024-02-29", "1850-01-01", None],
    "event": ["visit", "Survey", "survey", "nps", "N/A", ""],
    "amount": [np.nan, np.nan, 19.9, -1.0, np.inf],
    "order_id": [None, None, 10, 9, 100],
    "score": [np.nan, np.nan, 5.0, 11.0, 9.0, 0.0],
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(*(st.sampled_from(PARQUET_CELLS[c]) for c in COLUMNS)), max_size=14),
    st.booleans(),
    st.booleans(),
)
def test_any_parquet_log_reads_the_same_fast_and_carefully(
    tmp_path_factory, rows, nullable_ids, drop
):
    columns = dict(zip(COLUMNS, zip(*rows, strict=True), strict=True)) if rows else {}
    ids = [c for c in columns.get("customer_id", [])]
    if not nullable_ids:
        ids = [0 if c is None else c for c in ids]  # numpy integers: no id is missing
    table = pd.DataFrame(
        {
            "customer_id": pd.array(ids, dtype="Int64" if nullable_ids else "int64"),
            "timestamp": pd.to_datetime(list(columns.get("timestamp", [])), format="ISO8601"),
            "event": pd.Categorical(list(columns.get("event", []))),
            "amount": pd.array(list(columns.get("amount", [])), dtype="float64"),
            "order_id": pd.array(list(columns.get("order_id", [])), dtype="Int64"),
            "score": pd.array(list(columns.get("score", [])), dtype="float64"),
        }
    )
    path = tmp_path_factory.mktemp("parquet") / "log.parquet"
    assert_same(*parquet_both_ways(table, path, drop_duplicates=drop))
