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
import json
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ._fields import FieldError
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


def _shown(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


class JourneyFileError(ValueError):
    """A file that cannot be read as course work: says which file, line and field."""

    def __init__(self, path: Path, problem: str, *, field: str = "", line: int | None = None):
        problem, field = _shown(problem) if len(problem) > 400 else problem, _shown(field)
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


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (C-accelerated when available) that refuses a key given twice."""


def _no_duplicate_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        with contextlib.suppress(TypeError):  # an unhashable key is refused below
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {_shown(repr(key))} is given twice", key_node.start_mark
                )
            seen[key] = True
    loader.flatten_mapping(node)
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def _no_duplicate_json_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"the key {_shown(repr(key))} is given twice")
        data[key] = value
    return data


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
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JourneyFileError(path, f"not UTF-8 text ({error.reason})") from None


def _parse(path: Path) -> tuple[Any, str]:
    fmt = _format_of(path)
    text = _read_text(path)
    try:
        if fmt == "yaml":
            data = yaml.load(text, Loader=_Loader)  # a safe loader
        else:
            data = json.loads(text, object_pairs_hook=_no_duplicate_json_keys)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        raise JourneyFileError(path, f"not valid YAML: {error.problem}", line=line) from None
    except yaml.YAMLError as error:
        raise JourneyFileError(path, f"not valid YAML: {error}") from None
    except json.JSONDecodeError as error:
        raise JourneyFileError(path, f"not valid JSON: {error.msg}", line=error.lineno) from None
    except RecursionError:
        raise JourneyFileError(path, "nested too deeply to be a journey") from None
    except ValueError as error:  # a JSON key given twice, a number too long to read
        raise JourneyFileError(path, f"not valid JSON: {error}") from None
    return data, text


def _yaml_line(text: str, field: str) -> int | None:
    """The line of ``field`` (``milestones[1].stage``) in a YAML text, if it can be found."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    line = node.start_mark.line + 1 if node else None
    for part in field.replace("[", ".[").split("."):
        if not part or node is None:
            continue
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            index = int(part[1:-1])
            items = node.value if isinstance(node, yaml.SequenceNode) else []
            node = items[index] if index < len(items) else None
        elif isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        else:
            node = None
        if node is not None:
            line = node.start_mark.line + 1
    return line


def _version_problem(found: Any, version: int) -> str:
    if isinstance(found, int) and not isinstance(found, bool) and found > version:
        return (
            f"version {'a very large number' if found > 10**6 else found} was written by a "
            f"newer journey-lessons; this one reads up to version {version}: update the package"
        )
    if isinstance(found, int) and not isinstance(found, bool) and found > 10**6:
        found = "a very large number"
    return f"version {_shown(repr(found))} is not one this course reads (it reads {version})"


# A reader: the versions it reads, and how to build the model from a file's body.
_Reader = tuple[tuple[int, ...], Callable[[Any, str, int], T]]


def _read(path: str | Path, readers: dict[str, _Reader[T]]) -> T:
    """Parse a file, check its header, and build the model with the reader for its kind.

    Whatever goes wrong becomes a JourneyFileError naming the file, so that a
    caller never meets a raw exception from a learner's file.
    """
    path = Path(path)
    try:
        data, text = _parse(path)
        return _build(path, data, text, readers)
    except JourneyFileError:
        raise
    except FieldError as error:
        line = _yaml_line(text, error.field) if _format_of(path) == "yaml" else None
        raise JourneyFileError(path, error.problem, field=error.field, line=line) from None
    except RecursionError:
        raise JourneyFileError(path, "nested too deeply to be a journey") from None
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
    return build(body, "", found)


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
    if yaml.load(text, Loader=_Loader) != document:  # a safe loader
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=False, width=88)
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
