"""Reading plain data (parsed YAML or JSON) into models, with errors that name the field.

Models call these helpers in their ``from_dict``; the ``files`` module adds the
file name and line to the error before the learner sees it. The last part holds
what the models share when they check values given in code and edit their tuples.
"""

from __future__ import annotations

import ast
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


def join(parent: str, key: object) -> str:
    """The dotted path of a field: ``milestones[2].stage``.

    A key that could be misread as part of a path (``[0]``, ``a.b``, empty, with
    quotes or unprintable characters) is written quoted, ``canvas['[0]']``, so
    that every path reads back one way (see :func:`path_keys`).
    """
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{parent}[{key}]"
    key = key_text(key)
    if not (_PLAIN_KEY.fullmatch(key) and key.isprintable()):
        return f"{parent}[{key!r}]"
    return f"{parent}.{key}" if parent else key


# Keys a path shows as they are; anything else is quoted. Spaces and colons stay
# plain: KPI keys such as "touchpoint:Quote by SMS" are written that way.
_PLAIN_KEY = re.compile(r"[^\s.\[\]'\"\\]([^.\[\]'\"\\]*[^\s.\[\]'\"\\])?")
_PATH_STEP = re.compile(
    r"""\.?([^.\[\]]+)           # .name
      | \[([0-9]{1,9})\]           # [2]
      | \[('(?:[^'\\]|\\.)*'      # ['a quoted key']
           |"(?:[^"\\]|\\.)*")\]""",
    re.VERBOSE,
)


def key_text(key: object) -> str:
    """A key as text, as a file writes it: a key written ``null`` or ``true`` shows so."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def path_keys(path: str) -> list[str | int]:
    """The keys and indexes of a path made by :func:`join`; stops where it cannot read on."""
    keys: list[str | int] = []
    at = 0
    while at < len(path):
        step = _PATH_STEP.match(path, at)
        if step is None:
            break
        name, index, quoted = step.groups()
        if index is not None:
            keys.append(int(index))
        elif quoted is not None:
            try:
                keys.append(str(ast.literal_eval(quoted)))
            except (ValueError, SyntaxError):
                break
        else:
            keys.append(name)
        at = step.end()
    return keys


def describe_type(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, LongNumber):
        return f"a number of {value.digits:,} digits"
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


# bool before int: true/false is an int to Python. Spelled numbers are ints and floats.
_TYPE_NAMES = ((bool, "true/false"), (dict, "a mapping"), (list, "a list"), (str, "text"),
               (int, "a number"), (float, "a number"))  # fmt: skip


class SpelledInt(int):
    """A whole number read from a file, with how it was written there (``010``, ``1_000``).

    Files keep a number's spelling when Python would write it differently, so
    that a text field shows what the learner typed (an id ``007`` stays
    ``007``), and a number field can refuse a spelling YAML reads unexpectedly
    (``010`` is octal 8, ``1:30`` is 90).
    """

    spelling: str

    def __new__(cls, value: int, spelling: str) -> SpelledInt:
        number = super().__new__(cls, value)
        number.spelling = spelling
        return number

    def __str__(self) -> str:
        return self.spelling


class SpelledFloat(float):
    """A number with a fraction read from a file, with how it was written (``1.50``)."""

    spelling: str

    def __new__(cls, value: float, spelling: str) -> SpelledFloat:
        number = super().__new__(cls, value)
        number.spelling = spelling
        return number

    def __str__(self) -> str:
        return self.spelling


class LongNumber:
    """A number in a file too long to be one (hundreds of digits): kept as written.

    Converting it could take long or fail (Python refuses ints of over 4,300
    digits); as a value of a number field it is refused, naming the field, and
    as text it is the text written.
    """

    __slots__ = ("spelling",)
    #: Longer number literals are read as a LongNumber.
    LENGTH = 100

    def __init__(self, spelling: str) -> None:
        self.spelling = spelling

    @property
    def digits(self) -> int:
        return sum(c.isdigit() for c in self.spelling)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LongNumber) and other.spelling == self.spelling

    def __hash__(self) -> int:
        return hash(self.spelling)

    def __str__(self) -> str:
        return self.spelling

    def __repr__(self) -> str:
        return self.spelling


def spelled(value: Any, spelling: str) -> Any:
    """``value``, an int or float read from ``spelling``, keeping a spelling Python changes."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if str(value) == spelling else SpelledInt(value, spelling)
    if isinstance(value, float):
        return value if repr(value) == spelling else SpelledFloat(value, spelling)
    return value


def mapping(data: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise FieldError(field, f"expected a mapping of fields, found {describe_type(data)}")
    return data


def allowed_keys(data: Mapping[str, Any], field: str, allowed: set[str]) -> None:
    """Unknown keys are most often typos: refuse them rather than lose them."""
    unknown = sorted(key_text(k) for k in data if k not in allowed)
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
    if isinstance(value, bool) or not isinstance(value, (str, int, float, LongNumber)):
        raise FieldError(join(field, key), f"expected text, found {describe_type(value)}")
    value = str(value)  # a number as the file wrote it: an id 007 stays 007 (SpelledInt)
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
        raise FieldError(
            join(field, key), f"{quoted(raw)} is not one of: {_options(enum)}"
        ) from None


def quoted(value: str) -> str:
    """``value`` quoted for a message, cut to a readable length."""
    return repr(value) if len(value) <= 60 else repr(value[:59]) + "…"


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
    """A number in plain data, as written (an int stays an int), as a plain int or float.

    Absent or null gives ``default``, unless ``required``. Text, true/false and,
    when ``whole``, a fraction are refused as ``expected {what}, found text``;
    infinity, NaN and a number below ``minimum`` as ``expected {bound}, found -1``.
    A whole number of more than 15 digits is refused before it is used: it could
    not be kept exactly (nor, past 308 digits, be a float at all).
    """
    value = data.get(key)
    if value is None and not required:
        return default
    problem = _number_problem(value, what, whole)
    if problem is None and (not math.isfinite(value) or (minimum is not None and value < minimum)):
        problem = f"expected {bound}, found {getattr(value, 'spelling', None) or repr(value)}"
    if problem is not None:
        raise FieldError(join(field, key), problem)
    # a plain int or float, whatever the file made of it (a SpelledInt keeps a spelling)
    if isinstance(value, int):
        return int(value)
    return float(value) if isinstance(value, float) else value


def _number_problem(value: Any, what: str, whole: bool) -> str | None:
    """What is wrong with ``value`` as a number, before it is converted; None: nothing."""
    if isinstance(value, bool) or not isinstance(value, (Real, LongNumber)):
        return f"expected {what}, found {describe_type(value)}"
    if isinstance(value, LongNumber) or (isinstance(value, int) and abs(value) >= 10**_MOST_DIGITS):
        return (
            f"expected {what}, found a number of {_digits(value)} digits ({_MOST_DIGITS} at most)"
        )
    spelling = getattr(value, "spelling", None)
    if spelling is not None and ":" in spelling:
        return f"{spelling} reads as {value!r} in YAML (a colon means base 60): write one number"
    if isinstance(value, int) and _LEADING_ZERO.fullmatch(spelling or ""):
        meant = int(spelling.replace("_", ""))
        if meant != value:  # 010 is 8 in YAML; 07 is 7 either way
            return f"{spelling} reads as {value!r} in YAML (a leading 0 means octal): write {meant}"
    if whole and not isinstance(value, int):
        return f"expected {what}, found {spelling or repr(value)}"
    return None


# The most digits of a whole number read from a file: 15 are always kept exactly.
_MOST_DIGITS = 15
# A whole number written with a leading 0, which YAML reads as octal: 010 is 8.
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")


def _digits(value: int | LongNumber) -> str:
    if isinstance(value, LongNumber):
        return f"{value.digits:,}"
    if value.bit_length() > 10_000:  # Python will not write an int of over 4,300 digits
        return "thousands of"
    return f"{len(str(abs(value))):,}"


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
