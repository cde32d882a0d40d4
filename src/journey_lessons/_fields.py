"""Reading plain data (parsed YAML or JSON) into models, with errors that name the field.

Models call these helpers in their ``from_dict``; the ``files`` module adds the
file name and line to the error before the learner sees it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)


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
    return str(value)


def listing(data: Mapping[str, Any], key: str, field: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError(join(field, key), f"expected a list, found {describe_type(value)}")
    return value


def choice(data: Mapping[str, Any], key: str, field: str, enum: type[E]) -> E:
    raw = text(data, key, field)
    try:
        return enum(raw)
    except ValueError:
        options = ", ".join(str(member.value) for member in enum)
        raise FieldError(join(field, key), f"{raw!r} is not one of: {options}") from None
