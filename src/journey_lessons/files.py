"""Saving and loading a learner's work as YAML or JSON, without ever losing it.

Reading: YAML is read with the safe loader only (the C one when PyYAML has it).
Every failure, whatever its cause, is a :class:`JourneyFileError` that names
the file and, where it can, the line and the field, so a learner can open the
file and fix it.

Writing: the whole text is made in memory first, then written to a temporary
file in the same folder, flushed to disk, and moved over the old file in one
step (``os.replace``). The version it replaces is kept next to it as
``<name>.previous.<suffix>``, which :func:`restore_previous` brings back. A
write that fails leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ._fields import FieldError, LongNumber, join, key_text, path_keys, spelled
from .journey import PART, PARTS, JourneyPlan
from .milestones import MilestoneMap

T = TypeVar("T")

#: Written into every file, so that a later version of the course can read it.
SCHEMA = "journey-lessons"
MILESTONES_VERSION = 1
#: 2: the business name is written once, at the top (version 1 kept it in each part).
JOURNEY_VERSION = 2

#: The largest file read: far above any learner's plan, far below what would stall.
MAX_FILE_BYTES = 32 * 1024 * 1024

# Error messages quote a learner's key or value; a pasted megabyte stays readable.
_MAX_SHOWN = 80
_LONG_WORD = re.compile(r"\S{61,}")  # a pasted URL, a number of 400 digits


def _shown(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


class JourneyFileError(ValueError):
    """A file that cannot be read as course work: says which file, line and field."""

    def __init__(self, path: Path, problem: str, *, field: str = "", line: int | None = None):
        if len(problem) > 400:  # a pasted megabyte quoted in it: keep what the problem is
            problem = _LONG_WORD.sub(lambda word: word[0][:59] + "…", problem)
        if len(problem) > 400:
            problem = f"{problem[:150]} … {problem[-200:]}"
        field = _shown(field)
        where = f"{path}" + (f", line {line}" if line else "")
        what = f"{field}: {problem}" if field else problem
        super().__init__(f"{where}: {what}")
        self.path, self.problem, self.field, self.line = path, problem, field, line


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    raise JourneyFileError(path, f"unknown file type {suffix!r}: use .yaml, .yml or .json")


# -- reading ---------------------------------------------------------------------------

#: The deepest nesting read: a journey needs 8 levels; anything far deeper is not one.
MAX_DEPTH = 32

# The first and last lines of a journey saved as YAML. A file that starts with the
# first must end with the last: a file cut short (a full disk, a copy stopped half
# way) can still be valid YAML, and would otherwise open as a smaller plan. Files
# saved before these lines existed open as they are.
YAML_HEAD = "# A journey-lessons journey; its last line is '# end of journey'."
YAML_END = "# end of journey"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (C-accelerated when available); :class:`_YamlData` builds the data."""


_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _SEQ, _MAP = (_TAG + t for t in ("str", "int", "float", "seq", "map"))
# Scalars built by the safe loader's own constructors (and refused by the models where
# they do not belong: "expected text, found date").
_SCALARS = {_TAG + t for t in ("int", "float", "null", "bool", "timestamp", "binary")}
# What a plain scalar is, by its first character: YAML 1.1's rules, as the safe loader has them.
_RESOLVERS = _Loader.yaml_implicit_resolvers
_BUILDING = object()  # an anchor whose value is being read


def _tag_shown(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


class _YamlData:
    """Plain data from a YAML text's events, refusing what a journey never holds.

    Instead of PyYAML's composer and constructor (twice as slow): one pass that
    refuses a key given twice, tags other than the plain ones, nesting deeper
    than MAX_DEPTH, and aliases that expand past ``budget`` items (a "billion
    laughs" file), and keeps how numbers were spelled. Each refusal names the
    field and the line.
    """

    def __init__(self, path: Path, loader: Any, budget: int) -> None:
        self.path, self.loader, self.budget = path, loader, budget
        self.next = loader.get_event
        self.anchors: dict[str, Any] = {}  # anchor: (value, items, depth below) or _BUILDING
        self.items = 0  # items read so far, an alias counted as all it holds
        self.keys: list[Any] = []  # where the value being read is

    def refuse(self, event: Any, problem: str) -> JourneyFileError:
        field = ""
        for key in self.keys:
            field = join(field, key)
        return JourneyFileError(self.path, problem, field=field, line=event.start_mark.line + 1)

    def document(self) -> Any:
        self.next()  # the stream starts
        if isinstance(self.next(), yaml.StreamEndEvent):
            return None
        value, _ = self.value(self.next(), 1)
        self.next()  # the document ends
        event = self.next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise self.refuse(
                event, "not valid YAML: expected a single document, but found another"
            )
        return value

    def value(self, event: Any, depth: int, key: bool = False) -> tuple[Any, int]:
        """The data that starts with ``event``, and how many levels it holds below itself."""
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self.items += 1
            text = event.value
            if event.tag is None and (not event.implicit[0] or text[:1] not in _RESOLVERS):
                value = text  # quoted, or no rule reads it as anything but text: most of a file
            else:
                value = self.scalar(event)
                if value is _MERGE and not key:
                    value = text  # "<<" as a value is the text a learner typed
            if event.anchor:
                self.anchors[event.anchor] = (value, 1, 0)
            return value, 0
        if kind is yaml.AliasEvent:
            return self.alias(event, depth)
        if depth > MAX_DEPTH:
            raise self.refuse(event, f"nested more than {MAX_DEPTH} levels deep")
        default = _SEQ if kind is yaml.SequenceStartEvent else _MAP
        if event.tag not in (None, "!", default):
            raise self.refuse(
                event,
                f"not valid YAML: the tag {_tag_shown(event.tag)} is not allowed in a journey file",
            )
        if event.anchor:
            self.anchors[event.anchor] = _BUILDING
        first = self.items
        self.items += 1
        if kind is yaml.SequenceStartEvent:
            value, below = self.sequence(depth)
        else:
            value, below = self.mapping(depth)
        if event.anchor:
            self.anchors[event.anchor] = (value, self.items - first, below)
        return value, below

    def alias(self, event: Any, depth: int) -> tuple[Any, int]:
        found = self.anchors.get(event.anchor)
        if found is None:
            raise self.refuse(event, f"not valid YAML: no anchor &{event.anchor} before *it")
        if found is _BUILDING:
            raise self.refuse(event, "holds an alias (*name) inside its own anchor (&name)")
        value, items, below = found
        self.items += items
        if self.items > self.budget:
            raise self.refuse(
                event, "uses aliases (*name) that repeat more than this file could hold"
            )
        if depth + below > MAX_DEPTH:
            raise self.refuse(event, f"nested more than {MAX_DEPTH} levels deep")
        return value, below

    def sequence(self, depth: int) -> tuple[list[Any], int]:
        value: list[Any] = []
        below = 0
        self.keys.append(0)
        event = self.next()
        while type(event) is not yaml.SequenceEndEvent:
            self.keys[-1] = len(value)
            item, item_below = self.value(event, depth + 1)
            value.append(item)
            if item_below >= below:
                below = item_below + 1
            event = self.next()
        self.keys.pop()
        return value, below

    def mapping(self, depth: int) -> tuple[dict[Any, Any], int]:
        value: dict[Any, Any] = {}
        below = 0
        event = self.next()
        while type(event) is not yaml.MappingEndEvent:
            key, _ = self.value(event, depth + 1, key=True)
            if type(key) is not str:
                if isinstance(key, (list, dict)):
                    raise self.refuse(event, "not valid YAML: a list or a mapping cannot be a key")
                if key is _MERGE:
                    raise self.refuse(event, "merge keys (<<) are not read: write the fields out")
            if key in value:
                raise self.refuse(event, f"the key {_shown(repr(key))} is given twice")
            # a key, even 1, is named as one: not as a place in a list
            self.keys.append(key if type(key) is str else key_text(key))
            value[key], item_below = self.value(self.next(), depth + 1)
            self.keys.pop()
            if item_below >= below:
                below = item_below + 1
            event = self.next()
        return value, below

    def scalar(self, event: Any) -> Any:
        tag, text = event.tag, event.value
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted: text
                return text
            tag = next((t for t, rule in _RESOLVERS.get(text[:1], ()) if rule.match(text)), _STR)
        if tag == _STR:
            return text
        if tag in (_INT, _FLOAT) and len(text) > LongNumber.LENGTH:
            return LongNumber(text)  # not converted: that could be slow, or fail
        if tag in _SCALARS:
            try:  # an explicit tag on text it does not fit: !!int abc, !!bool maybe
                value = self.loader.yaml_constructors[tag](self.loader, yaml.ScalarNode(tag, text))
            except (ValueError, LookupError, TypeError, AttributeError, yaml.YAMLError):
                raise self.refuse(
                    event, f"not valid YAML: {_shown(repr(text))} is not {_tag_shown(tag)}"
                ) from None
            return spelled(value, text) if tag in (_INT, _FLOAT) else value
        if tag == _TAG + "merge":
            return _MERGE
        raise self.refuse(
            event, f"not valid YAML: the tag {_tag_shown(tag)} is not allowed in a journey file"
        )


_MERGE = object()  # the merge key, <<


def _yaml_data(path: Path, text: str) -> Any:
    loader = _Loader(text)
    try:
        # without aliases a file holds fewer items than characters; with them, a few more
        return _YamlData(path, loader, len(text) + 10_000).document()
    finally:
        loader.dispose()


def _json_number(text: str) -> Any:
    return LongNumber(text) if len(text) > LongNumber.LENGTH else spelled(int(text), text)


class _TwiceJSON(dict):  # type: ignore[type-arg]
    """A JSON object that gave a key twice; :func:`_check_json` names where."""

    twice: str


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) == len(pairs):
        return data
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            break
        seen.add(key)
    twice = _TwiceJSON(data)
    twice.twice = key  # the walk that follows knows where this object is
    return twice


def _json_data(path: Path, text: str) -> Any:
    try:
        data = json.loads(
            text,
            object_pairs_hook=_json_object,
            parse_int=_json_number,
            parse_float=lambda t: spelled(float(t), t),
            parse_constant=lambda t: spelled(float(t), t),
        )
    except json.JSONDecodeError as error:
        raise JourneyFileError(path, f"not valid JSON: {error.msg}", line=error.lineno) from None
    _check_json(path, data)
    return data


def _check_json(path: Path, data: Any) -> None:
    """Refuse a key given twice and nesting deeper than MAX_DEPTH, naming the field."""
    todo: list[tuple[Any, int, str]] = [(data, 1, "")]
    while todo:
        value, depth, field = todo.pop()
        if depth > MAX_DEPTH:
            raise JourneyFileError(path, f"nested more than {MAX_DEPTH} levels deep", field=field)
        if isinstance(value, _TwiceJSON):
            raise JourneyFileError(
                path, f"the key {_shown(repr(value.twice))} is given twice", field=field
            )
        if not isinstance(value, (dict, list)):
            continue  # a file that is one number or text: refused as not a mapping
        items = value.items() if isinstance(value, dict) else enumerate(value)
        todo.extend(
            (item, depth + 1, join(field, key))
            for key, item in reversed(list(items))  # the first problem in the file first
            if isinstance(item, (dict, list))
        )


@contextlib.contextmanager
def _no_garbage_collection() -> Iterator[None]:
    """Pause the cycle collector while a file's many small objects are made.

    It would run over and over as they pile up (holding none of them free):
    most of the time reading a big YAML file. Reference counting still frees.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_text(path: Path) -> str:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise JourneyFileError(path, "no such file") from None
    except OSError as error:
        raise JourneyFileError(path, f"cannot be read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise JourneyFileError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        # a pipe or a device would block or never end
        raise JourneyFileError(path, "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise JourneyFileError(
            path, f"is {info.st_size / 2**20:.0f} MB; a journey file is at most "
            f"{MAX_FILE_BYTES // 2**20} MB"
        )  # fmt: skip
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise JourneyFileError(path, f"cannot be read: {error.strerror or error}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise JourneyFileError(path, "not UTF-8 text (it is UTF-16): save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark (Windows editors) is not text
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise JourneyFileError(path, f"not UTF-8 text ({error.reason})", line=line) from None


def _check_complete(path: Path, text: str) -> None:
    """A YAML file that promises an end line (YAML_HEAD) must have it (see YAML_END)."""
    if text.partition("\n")[0].rstrip("\r") != YAML_HEAD:
        return
    body = text.rstrip()
    if body.rpartition("\n")[2].strip() != YAML_END:
        raise JourneyFileError(
            path,
            f"is cut short: it ends before its last line {YAML_END!r}, so parts may be "
            f"missing. The version before the last save is {previous_path(path).name}; if "
            f"you added lines below {YAML_END!r} by hand, move that line to the end",
            line=body.count("\n") + 1,
        )


def _parse(path: Path) -> tuple[Any, str]:
    fmt = _format_of(path)
    text = _read_text(path)
    if not text.strip():
        raise JourneyFileError(path, "is empty: it holds no journey")
    try:
        if fmt == "yaml":
            _check_complete(path, text)
            return _yaml_data(path, text), text
        return _json_data(path, text), text
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        problem = str(error.problem)
        if error.context:  # "expected a single document in the stream, but found another"
            problem = f"{error.context}, {problem}"
        if "nesting depth" in problem:  # libyaml stops at 1000 levels
            problem = f"nested more than {MAX_DEPTH} levels deep"
        raise JourneyFileError(path, f"not valid YAML: {problem}", line=line) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as NUL
        line = text.count("\n", 0, error.position) + 1
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
        raise JourneyFileError(
            path, f"not valid YAML: holds a control character ({character}) YAML does not allow",
            line=line,
        ) from None  # fmt: skip
    except yaml.YAMLError as error:
        raise JourneyFileError(path, f"not valid YAML: {error}") from None
    except RecursionError:
        raise JourneyFileError(path, f"nested more than {MAX_DEPTH} levels deep") from None


def _yaml_line(text: str, field: str) -> int | None:
    """The line of ``field`` (``milestones[1].stage``) in a YAML text, if it can be found."""
    try:
        with _no_garbage_collection():
            node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    line = node.start_mark.line + 1 if node else None
    for key in path_keys(field):
        if isinstance(key, int) and isinstance(node, yaml.SequenceNode):
            node = node.value[key] if key < len(node.value) else None
        elif isinstance(key, str) and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _version_problem(found: Any, version: int) -> str:
    huge = isinstance(found, LongNumber) or (
        isinstance(found, int) and not isinstance(found, bool) and found > 10**6
    )
    if huge:
        digits = found.digits if isinstance(found, LongNumber) else len(str(found))
        return (
            f"a number of {digits:,} digits is not a version this course reads "
            f"(it reads up to version {version})"
        )
    if found is None:
        return f"no version: expected 'version: {version}' at the top"
    shown = getattr(found, "spelling", None) or _shown(repr(found))
    if isinstance(found, int) and not isinstance(found, bool) and found > version:
        return (
            f"version {shown} was written by a newer journey-lessons; "
            f"this one reads up to version {version}: update the package"
        )
    return f"version {shown} is not one this course reads (it reads {version})"


# A reader: the versions it reads, and how to build the model from a file's body.
_Reader = tuple[tuple[int, ...], Callable[[Any, str, int], T]]


def _read(path: str | Path, readers: dict[str, _Reader[T]]) -> T:
    """Parse a file, check its header, and build the model with the reader for its kind.

    Whatever goes wrong becomes a JourneyFileError naming the file, so that a
    caller never meets a raw exception from a learner's file.
    """
    path = Path(path)
    try:
        with _no_garbage_collection():
            data, text = _parse(path)
            return _build(path, data, text, readers)
    except JourneyFileError:
        raise
    except FieldError as error:
        line = _yaml_line(text, error.field) if _format_of(path) == "yaml" else None
        raise JourneyFileError(path, error.problem, field=error.field, line=line) from None
    except RecursionError:
        raise JourneyFileError(path, f"nested more than {MAX_DEPTH} levels deep") from None
    except (OSError, OverflowError, TypeError, ValueError, AttributeError) as error:
        raise JourneyFileError(path, f"cannot be read as a journey: {error}") from None


def _build(path: Path, data: Any, text: str, readers: dict[str, _Reader[T]]) -> T:
    if not isinstance(data, dict):
        raise JourneyFileError(path, "expected a mapping with 'schema', 'kind' and 'version'")
    kinds = " or ".join(f"'kind: {k}'" for k in readers)
    kind = data.get("kind")
    if data.get("schema") != SCHEMA or not isinstance(kind, str) or kind not in readers:
        raise JourneyFileError(
            path,
            f"not a journey-lessons {' or '.join(readers)} file "
            f"(expected 'schema: {SCHEMA}' and {kinds} at the top)",
        )
    versions, build = readers[kind]
    found = data.get("version")
    if isinstance(found, bool) or not isinstance(found, int) or found not in versions:
        raise JourneyFileError(path, _version_problem(found, max(versions)), field="version")
    body = {k: v for k, v in data.items() if k not in ("schema", "kind", "version")}
    return build(body, "", int(found))  # a plain int, however the file spelled it


@dataclass(frozen=True)
class JourneyFile:
    """A journey read from a file, and what was changed to read an older format."""

    plan: JourneyPlan
    version: int  # the version the file was written in
    notes: tuple[str, ...] = ()  # for the learner: what reading an older file changed


def read_journey(path: str | Path, *, strict: bool = True) -> JourneyFile:
    """Read a journey file of any version this course knows, saying what migrating changed.

    A milestones file (from the first notebook) reads as a plan with only its
    milestones. A file of version 1 takes its business name from the parts'
    titles; the parts an older first notebook copied from the sample business
    unchanged into a learner's own journey are left out, and ``notes`` say so.
    """

    def journey(data: Any, field: str, version: int) -> JourneyFile:
        plan = JourneyPlan.from_dict(data, field, strict=strict)
        if version == 1:
            return _migrated_from_1(plan)
        return JourneyFile(plan, version)

    def milestones_only(data: Any, field: str, version: int) -> JourneyFile:
        return JourneyFile(JourneyPlan(milestones=MilestoneMap.from_dict(data, field)), 0)

    return _read(
        path,
        {
            "journey": ((1, JOURNEY_VERSION), journey),
            "milestones": ((MILESTONES_VERSION,), milestones_only),
        },
    )


def _migrated_from_1(plan: JourneyPlan) -> JourneyFile:
    from .journey import sample_journey

    sample = sample_journey()
    notes = ["This file was saved by an older version of the course (version 1)."]
    if plan.business != sample.business:
        copied = [
            part
            for part in PARTS
            if part.name != "milestones"
            and plan.size(part.name)
            and plan.part_data(part.name) == sample.part_data(part.name)
        ]
        if copied:
            plan = plan.replace(**{part.name: _empty(part.name) for part in copied})
            headings = ", ".join(part.heading for part in copied)
            notes.append(
                f"It held the sample business's parts, unchanged, next to your own "
                f"milestones: {headings}. They are left out of your journey now; the first "
                "Save keeps the old file as a copy."
            )
    return JourneyFile(plan, 1, tuple(notes))


def _empty(part: str) -> Any:
    return {} if part == "kpi_targets" else type(getattr(JourneyPlan(), PART[part].name))()


def load_journey(path: str | Path, *, strict: bool = True) -> JourneyPlan:
    """Load a journey plan saved by :func:`save_journey` (see :func:`read_journey`).

    ``strict=False`` keeps references to unknown touchpoints for ``check()`` to
    report, instead of refusing the file.
    """
    return read_journey(path, strict=strict).plan


def load_milestones(path: str | Path) -> MilestoneMap:
    """Load a milestone map saved by :func:`save_milestones` (or written by hand)."""

    def milestones(data: Any, field: str, version: int) -> MilestoneMap:
        return MilestoneMap.from_dict(data, field)

    return _read(path, {"milestones": ((MILESTONES_VERSION,), milestones)})


# -- writing ---------------------------------------------------------------------------


def previous_path(path: str | Path) -> Path:
    """Where the version before the last save is kept: ``my_journey.previous.yaml``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.previous{path.suffix}")


def _text(path: Path, kind: str, version: int, body: dict[str, Any]) -> str:
    """The whole file's text, made before anything is written."""
    from ._fields import unwritable_field

    where = unwritable_field(body)
    if where is not None:
        raise JourneyFileError(
            path, "holds a broken character (a lone surrogate) that cannot be saved; retype it",
            field=where,
        )  # fmt: skip
    document = {"schema": SCHEMA, "kind": kind, "version": version, **body}
    if _format_of(path) == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=88)
    # Readable Unicode unless it would not read back the same (YAML folds some
    # line-break characters, such as U+0085, in plain and single-quoted text).
    with _no_garbage_collection():
        if _yaml_data(path, text) != document:
            text = yaml.safe_dump(document, sort_keys=False, allow_unicode=False, width=88)
    if kind == "journey":  # a journey cut short is refused, not read as a smaller plan
        text = f"{YAML_HEAD}\n{text}{YAML_END}\n"
    return text


def _write_all(file: Any, data: bytes) -> None:
    file.write(data)


def _replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in one step: the file is either all old or all new."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".saving", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            _write_all(file, data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write(path: str | Path, kind: str, version: int, body: dict[str, Any]) -> Path:
    path = Path(path)
    data = _text(path, kind, version, body).encode("utf-8")
    try:
        old = path.read_bytes() if path.is_file() else None
        if old is not None and old != data:
            _replace_atomically(previous_path(path), old)
        _replace_atomically(path, data)
    except OSError as error:
        raise JourneyFileError(path, f"could not be saved: {error.strerror or error}") from None
    return path


def save_milestones(milestones: MilestoneMap, path: str | Path) -> Path:
    """Save a milestone map to a ``.yaml`` or ``.json`` file; returns the path."""
    return _write(path, "milestones", MILESTONES_VERSION, milestones.to_dict())


def save_journey(plan: JourneyPlan, path: str | Path) -> Path:
    """Save a whole journey plan to a ``.yaml`` or ``.json`` file; returns the path.

    The write is atomic, and the version it replaces is kept (see
    :func:`previous_path`). Text that cannot be written is refused before
    anything is touched.
    """
    return _write(path, "journey", JOURNEY_VERSION, plan.to_dict())


def restore_previous(path: str | Path) -> Path:
    """Bring back the version of ``path`` before its last save; the two swap places.

    Restoring twice undoes the restore. Raises JourneyFileError when there is
    no previous version.
    """
    path, previous = Path(path), previous_path(path)
    try:
        before = previous.read_bytes()
    except FileNotFoundError:
        raise JourneyFileError(path, f"has no previous version ({previous.name})") from None
    try:
        now = path.read_bytes() if path.is_file() else None
        _replace_atomically(path, before)
        if now is not None:
            _replace_atomically(previous, now)
    except OSError as error:
        raise JourneyFileError(path, f"could not be restored: {error.strerror or error}") from None
    return path
