"""Saving and loading a learner's work as YAML or JSON.

YAML is read with the safe loader only. Every error names the file, and where
it can, the line and the field, so a learner can open the file and fix it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ._fields import FieldError
from .journey import JourneyPlan
from .milestones import MilestoneMap

T = TypeVar("T")

#: Written into every file, so that a later version of the course can read it.
SCHEMA = "journey-lessons"
MILESTONES_VERSION = 1
JOURNEY_VERSION = 1


class JourneyFileError(ValueError):
    """A file that cannot be read as course work: says which file, line and field."""

    def __init__(self, path: Path, problem: str, *, field: str = "", line: int | None = None):
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


def _parse(path: Path) -> tuple[Any, str]:
    fmt = _format_of(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JourneyFileError(path, "no such file") from None
    except UnicodeDecodeError as error:
        raise JourneyFileError(path, f"not UTF-8 text ({error.reason})") from None
    try:
        data = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        raise JourneyFileError(path, f"not valid YAML: {error.problem}", line=line) from None
    except yaml.YAMLError as error:
        raise JourneyFileError(path, f"not valid YAML: {error}") from None
    except json.JSONDecodeError as error:
        raise JourneyFileError(path, f"not valid JSON: {error.msg}", line=error.lineno) from None
    return data, text


def _yaml_line(text: str, field: str) -> int | None:
    """The line of ``field`` (``milestones[1].stage``) in a YAML text, if it can be found."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node else None
    for part in field.replace("[", ".[").split("."):
        if not part or node is None:
            continue
        if part.startswith("["):
            index = int(part.strip("[]"))
            items = node.value if isinstance(node, yaml.SequenceNode) else []
            node = items[index] if index < len(items) else None
        elif isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        else:
            node = None
        if node is not None:
            line = node.start_mark.line + 1
    return line


def _read(path: str | Path, readers: dict[str, tuple[int, Callable[[Any, str], T]]]) -> T:
    """Parse a file, check its header, and build the model with the reader for its kind."""
    path = Path(path)
    data, text = _parse(path)
    if not isinstance(data, dict):
        raise JourneyFileError(path, "expected a mapping with 'schema', 'kind' and 'version'")
    kinds = " or ".join(f"'kind: {k}'" for k in readers)
    if data.get("schema") != SCHEMA or data.get("kind") not in readers:
        raise JourneyFileError(
            path,
            f"not a journey-lessons {' or '.join(readers)} file "
            f"(expected 'schema: {SCHEMA}' and {kinds} at the top)",
        )
    version, build = readers[data["kind"]]
    found = data.get("version")
    if found != version:
        if isinstance(found, int) and not isinstance(found, bool) and found > version:
            problem = (
                f"version {found} was written by a newer journey-lessons; this one reads "
                f"version {version}: update the package"
            )
        else:
            problem = f"version {found!r} is not one this course reads (it reads {version})"
        raise JourneyFileError(path, problem, field="version")
    body = {k: v for k, v in data.items() if k not in ("schema", "kind", "version")}
    try:
        return build(body, "")
    except FieldError as error:
        line = _yaml_line(text, error.field) if _format_of(path) == "yaml" else None
        raise JourneyFileError(path, error.problem, field=error.field, line=line) from None


def _write(path: str | Path, kind: str, version: int, body: dict[str, Any]) -> Path:
    path = Path(path)
    document = {"schema": SCHEMA, "kind": kind, "version": version, **body}
    if _format_of(path) == "yaml":
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=88)
        # Readable Unicode unless it would not read back the same (YAML folds some
        # line-break characters, such as U+0085, in plain and single-quoted text).
        if yaml.safe_load(text) != document:
            text = yaml.safe_dump(document, sort_keys=False, allow_unicode=False, width=88)
    else:
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def save_milestones(milestones: MilestoneMap, path: str | Path) -> Path:
    """Save a milestone map to a ``.yaml`` or ``.json`` file; returns the path."""
    return _write(path, "milestones", MILESTONES_VERSION, milestones.to_dict())


def load_milestones(path: str | Path) -> MilestoneMap:
    """Load a milestone map saved by :func:`save_milestones` (or written by hand)."""
    return _read(path, {"milestones": (MILESTONES_VERSION, MilestoneMap.from_dict)})


def save_journey(plan: JourneyPlan, path: str | Path) -> Path:
    """Save a whole journey plan to a ``.yaml`` or ``.json`` file; returns the path."""
    return _write(path, "journey", JOURNEY_VERSION, plan.to_dict())


def load_journey(path: str | Path, *, strict: bool = True) -> JourneyPlan:
    """Load a journey plan saved by :func:`save_journey`.

    A milestones file (from the first notebook) loads as a plan with only its
    milestones. ``strict=False`` keeps references to unknown touchpoints for
    ``check()`` to report, instead of refusing the file.
    """

    def journey(data: Any, field: str) -> JourneyPlan:
        return JourneyPlan.from_dict(data, field, strict=strict)

    def milestones_only(data: Any, field: str) -> JourneyPlan:
        return JourneyPlan(milestones=MilestoneMap.from_dict(data, field))

    return _read(
        path,
        {
            "journey": (JOURNEY_VERSION, journey),
            "milestones": (MILESTONES_VERSION, milestones_only),
        },
    )
