"""Reading plain data (parsed YAML or JSON) into models, with errors that name the field.

Models call these helpers in their ``from_dict``; the ``files`` module adds the
file name and line to the error before the learner sees it. The last part holds
what the models share when they check values given in code and edit their tuples.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from numbers import Real
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


class FieldError(ValueError):
    """A value in plain data is missing or of the wrong kind; ``field`` says where."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem


def join(parent: str, key: str | int) -> str:
    """The dotted path of a field: ``milestones[2].stage``."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def describe_type(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def mapping(data: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise FieldError(field, f"expected a mapping of fields, found {describe_type(data)}")
    return data


def allowed_keys(data: Mapping[str, Any], field: str, allowed: set[str]) -> None:
    """Unknown keys are most often typos: refuse them rather than lose them."""
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise FieldError(
            join(field, unknown[0]),
            f"unknown field; expected one of: {', '.join(sorted(allowed))}",
        )


def text(data: Mapping[str, Any], key: str, field: str, *, default: str | None = None) -> str:
    if key not in data or data[key] is None:
        if default is None:
            raise FieldError(join(field, key), "this field is required")
        return default
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FieldError(join(field, key), f"expected text, found {describe_type(value)}")
    value = str(value)
    if _SURROGATE.search(value):
        raise FieldError(join(field, key), UNWRITABLE)
    return value


# A lone surrogate (half of an emoji, from JSON's "\ud83d" or a broken paste) reads
# into Python but cannot be written as UTF-8: refused when read, never found mid-save.
_SURROGATE = re.compile("[\ud800-\udfff]")
UNWRITABLE = "holds a broken character (a lone surrogate) that cannot be saved; retype it"


def unwritable_field(data: Any, field: str = "") -> str | None:
    """The first field of plain data whose text cannot be written as UTF-8, or None."""
    if isinstance(data, str):
        return field or "text" if _SURROGATE.search(data) else None
    if isinstance(data, Mapping):
        for key, value in data.items():
            found = unwritable_field(str(key), field) or unwritable_field(
                value, join(field, str(key))
            )
            if found:
                return found
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            found = unwritable_field(value, join(field, index))
            if found:
                return found
    return None


def listing(data: Mapping[str, Any], key: str, field: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError(join(field, key), f"expected a list, found {describe_type(value)}")
    return value


def texts(data: Mapping[str, Any], key: str, field: str) -> tuple[str, ...]:
    """A list of text items, each error naming its place: ``preconditions[1]``."""
    path = join(field, key)
    return tuple(text({i: item}, i, path) for i, item in enumerate(listing(data, key, field)))


def each(
    data: Mapping[str, Any], key: str, field: str, read: Callable[[Any, str], T]
) -> tuple[T, ...]:
    """Every item of a list field, read by ``read(item, place)``: ``place`` is ``steps[2]``."""
    path = join(field, key)
    return tuple(read(item, join(path, i)) for i, item in enumerate(listing(data, key, field)))


def _options(enum: type[Enum]) -> str:
    return ", ".join(str(member.value) for member in enum)


def choice(data: Mapping[str, Any], key: str, field: str, enum: type[E]) -> E:
    raw = text(data, key, field)
    try:
        return enum(raw)
    except ValueError:
        raise FieldError(join(field, key), f"{raw!r} is not one of: {_options(enum)}") from None


def number(
    data: Mapping[str, Any],
    key: str | int,
    field: str,
    *,
    what: str = "a number",
    bound: str = "a finite number",
    minimum: float | None = None,
    whole: bool = False,
    default: Any = None,
    required: bool = False,
) -> Any:
    """A number in plain data, as written (an int stays an int).

    Absent or null gives ``default``, unless ``required``. Text, true/false and,
    when ``whole``, a fraction are refused as ``expected {what}, found text``;
    infinity, NaN and a number below ``minimum`` as ``expected {bound}, found -1``.
    """
    value = data.get(key)
    if value is None and not required:
        return default
    if isinstance(value, bool) or not isinstance(value, int if whole else Real):
        raise FieldError(join(field, key), f"expected {what}, found {describe_type(value)}")
    if not math.isfinite(value) or (minimum is not None and value < minimum):
        raise FieldError(join(field, key), f"expected {bound}, found {value!r}")
    return value


# -- values given in code, and editing the tuples of a model ----------------------------


def name_key(name: str) -> str:
    """Names compared as a reader would: case and spacing ignored."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def enum_member(enum: type[E], value: object, name: str) -> E:
    """``value`` as a member of ``enum``; ValueError ``{name} 'x' is not one of: a, b``."""
    try:
        return enum(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not one of: {_options(enum)}") from None


def optional_number(
    value: object,
    name: str,
    *,
    what: str = "a number",
    bound: str = "a finite number",
    minimum: float | None = None,
) -> float | None:
    """None, or a finite number (at least ``minimum``) as a float.

    Anything else than a number (true/false too) is a TypeError
    ``{name} must be {what} or None, not '3'``; infinity, NaN and a number below
    ``minimum`` a ValueError ``{name} must be {bound}, not -1``.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be {what} or None, not {value!r}")
    if not math.isfinite(value) or (minimum is not None and value < minimum):
        raise ValueError(f"{name} must be {bound}, not {value!r}")
    return float(value)


def tuple_of(items: Iterable[Any], kind: type[T], name: str) -> tuple[T, ...]:
    """``items`` as a tuple, each checked: TypeError ``steps[1] is a str, not a Step``."""
    items = tuple(items)
    article = "an" if kind.__name__[0] in "AEIOU" else "a"
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise TypeError(
                f"{name}[{index}] is a {type(item).__name__}, not {article} {kind.__name__}"
            )
    return items


def replaced(items: Sequence[T], index: int, item: T) -> tuple[T, ...]:
    """A copy of ``items`` with the one at ``index`` replaced (IndexError as for a list)."""
    copy = list(items)
    copy[index] = item
    return tuple(copy)


def removed(items: Sequence[T], index: int) -> tuple[T, ...]:
    """A copy of ``items`` without the one at ``index`` (IndexError as for a list)."""
    copy = list(items)
    del copy[index]
    return tuple(copy)
