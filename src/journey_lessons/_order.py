"""Reordering the tuples of a model: one rule for every list a learner can reorder.

It sits beside ``_fields.replaced`` and ``_fields.removed`` in spirit (and can
move there): models call it in their ``move`` methods, and the widgets use it
to move a row, so that a row and the model it stands for move the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def moved(items: Sequence[T], index: int, by: int) -> tuple[T, ...]:
    """A copy of ``items`` with the one at ``index`` moved ``by`` places (negative: earlier).

    A move past either end stops there (the first moved up stays first); an
    ``index`` outside the items is an IndexError, as for a list.
    """
    copy = list(items)
    index = range(len(copy))[index]  # IndexError as for a list; a negative index counts back
    item = copy.pop(index)
    copy.insert(min(max(index + by, 0), len(copy)), item)
    return tuple(copy)
