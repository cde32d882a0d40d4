"""The cases of the hostile corpus that must be exact bytes or binary: written, not stored.

Line endings, byte-order marks, other encodings and control characters do not
survive an editor or a checkout reliably, and Parquet is binary; so these files
are made here, the same every time. ``cases.yaml`` says what reading each must
give. ``python make_corpus.py FOLDER`` writes them into FOLDER, and
``python make_corpus.py --big N FOLDER`` also writes a simulated log of about N
events as ``big.csv`` (to time by hand).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

HEADER = "customer_id,timestamp,event"


def _text(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


BYTES: dict[str, Callable[[Path], None]] = {
    # Windows line endings, one blank line among them
    "bytes_crlf.csv": _text(f"{HEADER}\r\na,2024-01-01,visit\r\n\r\nb,soon,visit\r\n".encode()),
    # old Mac line endings: a bare carriage return ends each line
    "bytes_lone_cr.csv": _text(f"{HEADER}\ra,2024-01-01,visit\rb,soon,visit\r".encode()),
    "bytes_bom.csv": _text(b"\xef\xbb\xbf" + f"{HEADER}\na,2024-01-01,visit\n".encode()),
    "bytes_bom_quoted.csv": _text(
        b'\xef\xbb\xbf"customer_id","timestamp","event"\n"a","2024-01-01","visit"\n'
    ),
    "bytes_latin1.csv": _text(
        f"{HEADER}\na,2024-01-01,t\u00e9l\u00e9chargement\n".encode("latin-1")
    ),
    "bytes_utf16.csv": _text(f"{HEADER}\na,2024-01-01,visit\n".encode("utf-16")),
    # a NUL and other control characters inside ids: text, kept as it is
    "bytes_control_chars.csv": _text(
        f"{HEADER}\na\x00b,2024-01-01,visit\nab,2024-01-01,visit\n"
        "c\x01,2024-01-01,visit\nc\x1b[0m,2024-01-01,visit\nc\x7f,2024-01-01,visit\n".encode()
    ),
    "bytes_no_final_newline.csv": _text(f"{HEADER}\na,2024-01-01,visit\nb,soon,visit".encode()),
    "bytes_quoted_cr.csv": _text(f'{HEADER}\n"a\rb",2024-01-01,visit\nc,soon,visit\n'.encode()),
    "parquet_corrupt.parquet": _text(b"PAR1 this is not really parquet PAR1"),
}


def _frames() -> dict[str, object]:
    """The Parquet cases, as the DataFrames (or arrow tables) to write."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    stamps = pd.to_datetime(["2024-01-01 10:00"] * 6)
    return {
        "parquet_float_ids.parquet": pd.DataFrame(
            {
                "customer_id": [1.0, 7.0, 2.0**53, 2.0**53 + 2, np.nan, 1.5],
                "timestamp": stamps,
                "event": "visit",
            }
        ),
        "parquet_int_ids.parquet": pd.DataFrame(
            {
                "customer_id": np.array([7, 2**62, -3], dtype=np.int64),
                "timestamp": stamps[:3],
                "event": "visit",
                "order_id": np.array([2**64 - 1, 1, 7], dtype=np.uint64),
            }
        ),
        "parquet_string_ids.parquet": pd.DataFrame(
            {"customer_id": ["007", "7", "NULL"], "timestamp": stamps[:3], "event": "visit"}
        ),
        "parquet_epoch_ints.parquet": pd.DataFrame(
            {"customer_id": ["a"], "timestamp": [1709280000], "event": ["visit"]}
        ),
        "parquet_bool_amount.parquet": pd.DataFrame(
            {
                "customer_id": ["a", "b"],
                "timestamp": stamps[:2],
                "event": "core_purchase",
                "amount": [True, False],
            }
        ),
        "parquet_inf_amount.parquet": pd.DataFrame(
            {
                "customer_id": ["a", "b", "c"],
                "timestamp": stamps[:3],
                "event": "core_purchase",
                "amount": [np.inf, -np.inf, 5.0],
            }
        ),
        "parquet_time_zones.parquet": pd.DataFrame(
            {
                "customer_id": ["a", "b"],
                "timestamp": pd.to_datetime(["2024-03-01 10:00", "NaT"]).tz_localize(
                    "Europe/Paris"
                ),
                "event": "visit",
            }
        ),
        "parquet_duplicate_columns.parquet": pa.table(
            [["a"], ["2024-01-01"], ["visit"], [1.0], [2.0]],
            names=["customer_id", "timestamp", "event", "amount", "amount"],
        ),
    }


def write_corpus(folder: Path) -> list[Path]:
    """Write every generated case into ``folder``; returns their paths."""
    import pandas as pd
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, write in BYTES.items():
        write(folder / name)
        written.append(folder / name)
    for name, table in _frames().items():
        if isinstance(table, pd.DataFrame):
            table.to_parquet(folder / name, index=False)
        else:
            pq.write_table(table, folder / name)
        written.append(folder / name)
    return written


def write_big(folder: Path, events: int) -> Path:
    """A simulated log of about ``events`` rows as CSV, to time read_events on."""
    from journey_lessons.journey import sample_journey
    from journey_lessons.simulate import simulate_events

    log = simulate_events(sample_journey(), customers=round(events / 7), seed=2024)
    path = folder / "big.csv"
    log.to_csv(path, index=False)
    return path


if __name__ == "__main__":
    args = sys.argv[1:]
    big = int(args[args.index("--big") + 1]) if "--big" in args else 0
    target = Path(next(a for a in args if not a.startswith("--") and not a.isdigit()))
    for path in write_corpus(target):
        print(path)
    if big:
        print(write_big(target, big))
