"""Feedback on a learner's answer to a self-check: what is right, what to look at again."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any


@dataclass(frozen=True)
class Point:
    """One thing the self-check looked at: passed or not, and a sentence about it."""

    passed: bool
    message: str


class Feedback(tuple):
    """The points of one self-check, shown as a short list with ✔ and ✘."""

    def __new__(cls, points: Iterable[Point] = ()) -> Feedback:
        return super().__new__(cls, tuple(points))

    @property
    def passed(self) -> bool:
        """True when every point passed."""
        return all(p.passed for p in self)

    def summary(self) -> str:
        done = sum(p.passed for p in self)
        if self.passed:
            return f"Well done: all {len(self)} points are right."
        return f"{done} of {len(self)} points are right; look again at the ones marked ✘."

    def __str__(self) -> str:
        lines = [self.summary()]
        lines += [f"{'✔' if p.passed else '✘'} {p.message}" for p in self]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        items = "".join(
            f'<li class="jl-{"pass" if p.passed else "fail"}">'
            f"{'✔' if p.passed else '✘'} {escape(p.message)}</li>"
            for p in self
        )
        state = "jl-ok" if self.passed else "jl-not-yet"
        return (
            f'<div class="jl-feedback {state}"><p>{escape(self.summary())}</p>'
            f'<ul style="list-style:none;padding-left:0.5em">{items}</ul></div>'
        )


def point(passed: bool, good: str, not_yet: str) -> Point:
    """A point whose sentence says what is right, or what to look at again."""
    return Point(bool(passed), good if passed else not_yet)


def typed_number(value: Any) -> float | None:
    """A learner's answer as a finite number, or None (text, True, NaN: not a count)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None
