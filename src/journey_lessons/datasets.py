"""Real logs to observe beside the simulated one: read from a package that ships them.

The course's own numbers come from a seeded simulation (:mod:`journey_lessons.simulate`).
To see the observed journey on what real customers did, :func:`cdnow_log` reads the
CDNOW transaction log that the ``lifetimes`` package ships inside its wheel: nothing is
downloaded at run time, and nothing of it is copied into this package.

The CDNOW log: every purchase of 23,570 customers of the CDNOW online music shop who
made their first purchase in the first quarter of 1997, up to the end of June 1998
(69,659 rows: customer id, date, number of CDs, dollars). Peter Fader and Bruce Hardie
made it public for research on customer-base analysis, and ``lifetimes`` (MIT licence)
bundles it. The data carries no licence of its own: name its source when you show it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .events import EventLog, read_events
from .journey import JourneyPlan
from .milestones import Milestone, MilestoneMap, Stage

if TYPE_CHECKING:
    import pandas as pd

#: The package that ships the CDNOW log, and the line that installs it.
CDNOW_PACKAGE = "lifetimes"
CDNOW_REQUIREMENT = "lifetimes==0.11.3"
_CDNOW_FILE = ("datasets", "CDNOW_master.txt")
_CDNOW_COLUMNS = ["customer_id", "date", "number_of_cds", "dollar_value"]

#: What the log's events are called, and the milestone each one is.
FIRST_PURCHASE, REPEAT_PURCHASE = "core_purchase", "repeat_purchase"


@dataclass(frozen=True, eq=False)
class RealLog:
    """A real event log in the course's schema, with a plan that names its events.

    ``observe(log.events, log.plan)`` reads it like any learner's log; ``source``
    says where it comes from and on what terms it may be shown.
    """

    name: str
    events: EventLog
    plan: JourneyPlan
    source: str

    def __str__(self) -> str:
        return f"{self.name}: {len(self.events):,} events. {self.source}"


def cdnow_available() -> bool:
    """True when the package that ships the CDNOW log is installed (nothing is imported)."""
    try:
        cdnow_path()
    except (ModuleNotFoundError, FileNotFoundError):
        return False
    return True


def cdnow_path() -> Path:
    """Where the installed ``lifetimes`` package keeps the CDNOW log.

    Found without importing ``lifetimes`` (its models need scipy and autograd, which
    reading a text file does not). Raises :class:`ModuleNotFoundError` saying how to
    install it when it is missing.
    """
    spec = importlib.util.find_spec(CDNOW_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            f"the CDNOW log ships in the package {CDNOW_PACKAGE!r}, which is not installed: "
            f'install it with  pip install "{CDNOW_REQUIREMENT}"',
            name=CDNOW_PACKAGE,
        )
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_CDNOW_FILE)
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: the installed {CDNOW_PACKAGE!r} is not the release that "
            f'ships the CDNOW log; install it with  pip install "{CDNOW_REQUIREMENT}"'
        )
    return path


def cdnow_plan() -> JourneyPlan:
    """The journey the CDNOW log can show: a first purchase, then a repeat purchase.

    A transaction log knows no sign-ups or emails, so the plan has the two milestones
    that purchases alone reveal.
    """
    milestones = MilestoneMap(
        (
            Milestone(
                "First CD order",
                Stage.CORE,
                FIRST_PURCHASE,
                "customers whose first order falls in Q1 1997",
            ),
            Milestone(
                "Repeat CD order",
                Stage.AFTER,
                REPEAT_PURCHASE,
                "share of first-time buyers who order again by June 1998",
            ),
        )
    )
    return JourneyPlan(milestones=milestones, business="CDNOW (real log, 1997-98)")


def cdnow_events(path: str | Path | None = None) -> pd.DataFrame:
    """The CDNOW log's rows as a DataFrame in the course's columns, before checking.

    One row per transaction, as in the file: ``customer_id`` as written (``"00001"``),
    ``timestamp`` the day (the log has no time of day), ``amount`` the dollars, and
    ``event`` ``core_purchase`` for each customer's first transaction (the first row of
    their earliest day) and ``repeat_purchase`` for every later one, on the same day
    or after. The number of CDs has no column in the schema and is left out.
    """
    import pandas as pd

    path = Path(path) if path is not None else cdnow_path()
    try:
        raw = pd.read_csv(
            path,
            sep=r"\s+",
            header=0,
            names=_CDNOW_COLUMNS,
            dtype={"customer_id": str, "date": str, "number_of_cds": str, "dollar_value": str},
        )
    except (OSError, pd.errors.ParserError, ValueError) as error:
        raise ValueError(f"{path}: cannot be read as the CDNOW log ({error})") from error
    timestamp = pd.to_datetime(raw["date"], format="%Y%m%d", errors="coerce")
    amount = pd.to_numeric(raw["dollar_value"], errors="coerce")
    for column, bad in (("date", timestamp.isna()), ("dollar_value", amount.isna())):
        if bad.any():
            line = int(bad.to_numpy().argmax()) + 2  # the header is line 1
            raise ValueError(
                f"{path}, line {line}: {column} {raw[column].iloc[line - 2]!r} is not a "
                f"{'date (YYYYMMDD)' if column == 'date' else 'number of dollars'}"
            )
    # the first transaction of each customer: earliest day, then first in the file
    order = pd.DataFrame({"customer_id": raw["customer_id"], "timestamp": timestamp})
    first = ~order.sort_values(["customer_id", "timestamp"], kind="stable").duplicated(
        "customer_id"
    )
    event = pd.Series(REPEAT_PURCHASE, index=raw.index)
    event[first[first].index] = FIRST_PURCHASE
    return pd.DataFrame(
        {
            "customer_id": raw["customer_id"],
            "timestamp": timestamp,
            "event": event,
            "amount": amount,
        }
    )


def cdnow_log(path: str | Path | None = None) -> RealLog:
    """The CDNOW transaction log, read and checked, with the plan that names its events.

    ``path`` reads another copy of ``CDNOW_master.txt``; by default the one that the
    ``lifetimes`` package ships (``pip install "lifetimes==0.11.3"``). Rows are read
    by :func:`~journey_lessons.events.read_events`, so anything it sets aside is in
    ``events.report``. See :func:`cdnow_events` for how rows become events.
    """
    frame = cdnow_events(path)
    source = (
        "CDNOW purchases of the customers who first bought in Q1 1997, up to June 1998, as "
        "made public by Peter Fader and Bruce Hardie and shipped in the lifetimes package "
        "(MIT licence); the data has no licence of its own: name its source when you show it."
    )
    return RealLog("CDNOW", read_events(frame), cdnow_plan(), source)


__all__ = [
    "CDNOW_PACKAGE",
    "CDNOW_REQUIREMENT",
    "FIRST_PURCHASE",
    "REPEAT_PURCHASE",
    "RealLog",
    "cdnow_available",
    "cdnow_events",
    "cdnow_log",
    "cdnow_path",
    "cdnow_plan",
]
