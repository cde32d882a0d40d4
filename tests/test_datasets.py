"""Real logs: the CDNOW transaction log, read from the package that ships it.

The rules are checked on small files in CDNOW's layout written here, whose events
were worked out by hand; one test reads the real file, skipped when ``lifetimes``
is not installed, and checks it against what the CDNOW log is documented to hold.
"""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from journey_lessons import datasets
from journey_lessons.datasets import cdnow_events, cdnow_log, cdnow_path
from journey_lessons.observed import observe

HEADER = " customer_id  date number_of_cds  dollar_value\n"


def write(tmp_path, rows: str):
    path = tmp_path / "CDNOW_master.txt"
    path.write_text(HEADER + rows)
    return path


def test_first_transaction_is_the_core_purchase_and_every_later_one_a_repeat(tmp_path):
    # customer 00002 buys twice on 12 Jan (first in the file wins), then in March;
    # customer 00003's rows are out of date order in the file: 2 Jan is the first
    path = write(
        tmp_path,
        " 00002 19970112  1   12.00\n"
        " 00002 19970112  5   77.00\n"
        " 00003 19970310  1   10.00\n"
        " 00003 19970102  2   20.76\n"
        " 00002 19970302  1   20.00\n",
    )
    frame = cdnow_events(path)
    assert list(frame["event"]) == [
        "core_purchase",
        "repeat_purchase",
        "repeat_purchase",
        "core_purchase",
        "repeat_purchase",
    ]
    assert list(frame["customer_id"]) == ["00002", "00002", "00003", "00003", "00002"]
    assert frame["timestamp"].iloc[3] == pd.Timestamp("1997-01-02")
    assert list(frame["amount"]) == [12.0, 77.0, 10.0, 20.76, 20.0]


def test_the_log_observed_against_its_plan(tmp_path):
    # 00001 buys once; 00002 on 1 Jan, 11 Jan and 21 Jan; 00003 on 1 Jan and 31 Jan
    path = write(
        tmp_path,
        " 00001 19970101  1   11.77\n"
        " 00002 19970101  1   12.00\n"
        " 00002 19970111  1   12.00\n"
        " 00002 19970121  1   12.00\n"
        " 00003 19970101  1   10.00\n"
        " 00003 19970131  1   10.00\n",
    )
    log = cdnow_log(path)
    observed = observe(log.events, log.plan)
    moves = {
        (a, b): (c, m, d)
        for a, b, c, m, d in observed.transitions[
            ["from", "to", "customers", "moves", "median_days"]
        ].itertuples(index=False)
    }
    first, repeat = "First CD order", "Repeat CD order"
    assert moves[("start", first)][:2] == (3, 3)
    assert moves[(first, "end")][:2] == (1, 1)  # 00001 never came back
    # 00002 after 10 days, 00003 after 30: the median is 20
    assert moves[(first, repeat)] == (2, 2, 20.0)
    assert moves[(repeat, repeat)] == (1, 1, 10.0)  # 00002's third order
    assert observed.customers == 3


def test_a_bad_date_names_the_file_and_line(tmp_path):
    path = write(tmp_path, " 00001 19970101  1   11.77\n 00002 1997-01-12  1   12.00\n")
    with pytest.raises(ValueError, match=r"CDNOW_master.txt, line 3: date '1997-01-12'"):
        cdnow_events(path)


def test_a_missing_package_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(datasets.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match=r'pip install "lifetimes==0.11.3"'):
        cdnow_path()


@pytest.mark.skipif(
    importlib.util.find_spec("lifetimes") is None, reason="lifetimes (which ships CDNOW) missing"
)
def test_the_real_cdnow_log():
    log = cdnow_log()
    # as documented: 23,570 customers, all of whom first bought in Q1 1997, 69,659 rows
    assert len(log.events) == 69_659
    assert log.events.report.rows_set_aside == 0
    observed = observe(log.events, log.plan)
    assert observed.customers == 23_570
    assert list(observed.cohorts()["cohort"]) == ["1997-01", "1997-02", "1997-03"]
    events = log.events.events
    assert events["timestamp"].max() < pd.Timestamp("1998-07-01")
    # every customer has exactly one first purchase
    assert (events["event"] == "core_purchase").sum() == 23_570


def test_availability_is_told_without_importing_the_package(monkeypatch):
    from journey_lessons import datasets

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert datasets.cdnow_available() is False
    with pytest.raises(ModuleNotFoundError, match=r'pip install "lifetimes==0\.11\.3"'):
        datasets.cdnow_path()
