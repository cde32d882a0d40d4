"""The hostile corpus of journey files: each case a file, and what reading it must give.

Every case starts from a valid, complete journey of a business that is not the
sample (``../journeys/harbor_bikes_complete.yaml``, Harbor Bikes) and breaks it
one way. Each says what ``read_journey`` must do with it: load it (the same plan
as the valid file, or with the one value the case changed), or refuse it with a
JourneyFileError that names the field (and, in YAML, a line that holds it) and
says what is wrong. The files are made here, not stored: most are generated (7
wrong values in every kind of field, a cut at every line), some must be exact
bytes, and a few are large or special (a pipe, a loop of links, 33 MB).

``python make_corpus.py FOLDER`` writes every case's file into FOLDER, with
``manifest.json`` saying what reading each must give.
"""

from __future__ import annotations

import copy
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

BASE_FILE = Path(__file__).resolve().parent.parent / "journeys" / "harbor_bikes_complete.yaml"
BASE_TEXT = BASE_FILE.read_text(encoding="utf-8")
BASE = yaml.safe_load(BASE_TEXT)  # plain data: schema, kind, version, then the plan
HEADER = ("schema", "kind", "version")
JSON_TEXT = json.dumps(BASE, indent=2, ensure_ascii=False) + "\n"

HUGE = int("9" * 400)  # no float can hold it
HUGE_TEXT = "9" * 5001  # more digits than Python turns into an int at all
OVER_CAP = 33 * 2**20  # over the reader's size cap (32 MB); a sparse file takes no disk
BIG = 10 * 2**20  # a 10 MB key or value

# The categories of cases.
RAW = "raw-exception triggers"
SILENT = "silently accepted"
TYPES = "wrong types"
CUT = "truncations"
BYTES, LONG, FILES, TAGS, ALIASES = "bytes", "long keys", "files", "tags", "aliases"
VALID = "valid variants"


@dataclass(frozen=True)
class Case:
    """A file to read and what reading it must give.

    ``says`` is None for a case that loads: it gives the valid file's plan or,
    with ``changed`` (a path of keys and a value), that plan's ``to_dict()``
    with that value there; with ``only``, a plan holding only that part of it;
    ``notes`` says whether reading adds notes. A refused case's message holds
    ``says`` and names ``field`` (unless None); in YAML, the line it names
    holds ``line_has``.
    """

    name: str
    category: str
    content: bytes | Callable[[Path], None]  # the bytes, or what makes the file at a path
    says: str | None = None
    suffix: str = ".yaml"
    field: str | None = None
    line_has: str | None = None
    changed: tuple[tuple[Any, ...], Any] | None = None
    only: str | None = None
    notes: bool = False
    over_cap: bool = False  # too big to be read at all: not timed

    @property
    def outcome(self) -> str:
        return "loads" if self.says is None else "refused"

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.name}{self.suffix}"
        if callable(self.content):
            self.content(path)
        else:
            path.write_bytes(self.content)
        return path

    def manifest(self) -> dict[str, Any]:
        entry = {"category": self.category, "outcome": self.outcome}
        entry |= {k: getattr(self, k) for k in ("says", "field", "line_has") if getattr(self, k)}
        if self.changed:
            entry["changed"] = [list(self.changed[0]), repr(self.changed[1])[:80]]
        return entry


def edit(old: str, new: str, text: str = BASE_TEXT, count: int = 1) -> bytes:
    """``text`` with ``old`` replaced (``count`` -1: every one), which must be there."""
    assert old in text, f"not in the file: {old!r}"
    return text.replace(old, new, count).encode()


def dump(data: Any, suffix: str = ".yaml") -> bytes:
    """``data`` as a file: YAML with short lists and mappings inline (so that a value is
    on its key's line), or JSON as save_journey writes it."""
    if suffix == ".json":
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
    text = yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True,
                     default_flow_style=None)  # fmt: skip
    return text.encode()


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # C: hundreds of files to write


def path_text(keys: tuple[Any, ...]) -> str:
    """A path as the reader names fields: ``paths.paths[0].touchpoints[0].name``."""
    text = ""
    for key in keys:
        text = f"{text}[{key}]" if isinstance(key, int) else f"{text}.{key}" if text else key
    return text


def at(data: Any, keys: tuple[Any, ...]) -> Any:
    for key in keys:
        data = data[key]
    return data


def changed(data: Any, keys: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    at(data, keys[:-1])[keys[-1]] = value
    return data


def both(name: str, category: str, data: Any, says: str | None = None, **more: Any) -> list[Case]:
    """The case as YAML and as JSON (where no line is named)."""
    return [
        Case(f"{name}_yaml", category, dump(data), says, **more),
        Case(f"{name}_json", category, dump(data, ".json"), says, ".json",
             **{**more, "line_has": None}),
    ]  # fmt: skip


# -- raw-exception triggers ---------------------------------------------------------------

# Every kind of mapping in the file: keys that look like part of a path go into each.
MAPPINGS = [
    (), ("milestones",), ("milestones", "milestones", 0), ("paths",), ("paths", "scale"),
    ("paths", "paths", 0), ("paths", "paths", 1, "touchpoints", 0), ("moscow",),
    ("moscow", "items", 0), ("requirements",), ("requirements", "requirements", 0),
    ("use_cases",), ("use_cases", "use_cases", 0),
    ("use_cases", "use_cases", 0, "main_scenario", 0),
    ("use_cases", "use_cases", 0, "extensions", 0),
    ("use_cases", "use_cases", 0, "extensions", 0, "handling", 0), ("canvas",),
    ("canvas", "items"), ("canvas", "moments", 1),
]  # fmt: skip
ODD_KEYS = {"x": "[x]", "minus": "[-1]", "zero": "[0]", "square": "[²]", "dotted": "a.b"}
# Where a number is read; a 400-digit one goes into each.
NUMBERS = {
    "effort": ("moscow", "items", 0, "effort"), "budget": ("moscow", "budget"),
    "wait": ("paths", "paths", 1, "touchpoints", 0, "wait_days"),
    "emotion": ("paths", "paths", 0, "touchpoints", 0, "emotion"),
    "target": ("requirements", "requirements", 0, "target"),
    "measured": ("requirements", "requirements", 0, "measured"),
    "kpi_target": ("kpi_targets", "nps"), "scale_low": ("paths", "scale", "low"),
    "upsell_step": ("use_cases", "use_cases", 0, "upsell_steps", 0),
}  # fmt: skip


def raw_exception_cases() -> list[Case]:
    cases = [
        case
        for keys in MAPPINGS
        for label, key in ODD_KEYS.items()
        for case in both(f"raw_key_{label}_in_{path_text(keys) or 'top'}", RAW,
                         changed(BASE, (*keys, key), 1), "unknown field",
                         field=f"{path_text(keys)}[{key!r}]", line_has=key)
    ]  # fmt: skip
    deep, block = 100_000, "".join(f"{'  ' * i}k{i}:\n" for i in range(1, 41)) + "  " * 41 + "x\n"
    cases += [
        # a KPI target's key is free text: an odd one is kept, for check() to report
        Case("raw_key_zero_in_kpi_targets", RAW, dump(changed(BASE, ("kpi_targets", "[0]"), 0.5)),
             changed=(("kpi_targets", "[0]"), 0.5)),
        Case("raw_key_long_index", RAW, dump(changed(BASE, ("moscow", f"[{HUGE_TEXT}]"), 1)),
             "unknown field"),
        *[Case(f"raw_kpi_key_{key}", RAW, edit("  nps: 50", f"  {key}: 50"), "a KPI key is text",
               field=f"kpi_targets.{read}", line_has=f"{key}: 50")
          for key, read in (("1", 1), ("null", "null"), ("true", "true"))],
        Case("raw_kind_list", RAW, edit("kind: journey", "kind: [journey]"),
             "not a journey-lessons journey or milestones file"),
        Case("raw_kind_mapping", RAW, edit("kind: journey", "kind: {journey: 1}"),
             "not a journey-lessons"),
        Case("raw_schema_list", RAW, edit("schema: journey-lessons", "schema: [journey-lessons]"),
             "not a journey-lessons"),
        Case("raw_kind_list_json", RAW, dump({**BASE, "kind": ["journey"]}, ".json"),
             "not a journey-lessons", ".json"),
        Case("raw_top_level_list", RAW, b"- schema\n- kind\n",
             "expected a mapping with 'schema', 'kind' and 'version'"),
        Case("raw_top_level_text", RAW, b"journey\n", "expected a mapping"),
        Case("raw_top_level_number_json", RAW, b"1e999\n", "expected a mapping", ".json"),
        # numbers of 400 and 5,001 digits
        Case("raw_400_digits_negative", RAW, edit("effort: 3,", f"effort: -{HUGE},"), "digits",
             field="moscow.items[0].effort", line_has="effort:"),
        Case("raw_400_digits_fraction", RAW, edit("effort: 3,", f"effort: {HUGE}.5,"), "digits",
             field="moscow.items[0].effort", line_has="effort:"),
        Case("raw_version_5001_digits", RAW, edit("version: 2", f"version: {HUGE_TEXT}"),
             "a number of 5,001 digits is not a version", field="version"),
        Case("raw_version_5001_digits_json", RAW,
             edit('"version": 2', f'"version": {HUGE_TEXT}', JSON_TEXT),
             "a number of 5,001 digits is not a version", ".json", field="version"),
        Case("raw_kpi_5001_digits_json", RAW, edit('"nps": 50', f'"nps": {HUGE_TEXT}', JSON_TEXT),
             "5,001 digits", ".json", field="kpi_targets.nps"),
        Case("raw_name_5001_digits", RAW, edit("business: Harbor Bikes", f"business: {HUGE_TEXT}"),
             changed=(("business",), HUGE_TEXT)),
        # nesting far deeper than a journey's, in YAML (flow and block) and JSON
        Case("raw_deep_yaml_flow", RAW,
             edit("business: Harbor Bikes", "business: " + "[" * deep + "]" * deep),
             "nested more than 32 levels deep", line_has="business:"),
        Case("raw_deep_yaml_flow_40", RAW,
             edit("business: Harbor Bikes", "business: " + "[" * 40 + "]" * 40),
             "nested more than 32 levels deep", field="business" + "[0]" * 31),
        Case("raw_deep_yaml_block", RAW,
             edit("business: Harbor Bikes\n", "business: Harbor Bikes\nnotes:\n" + block),
             "nested more than 32 levels deep",
             field="notes." + ".".join(f"k{i}" for i in range(1, 32)), line_has="k32:"),
        Case("raw_deep_json", RAW,
             edit('"Harbor Bikes"', "[" * deep + "]" * deep, JSON_TEXT),
             "nested more than 32 levels deep", ".json"),
        Case("raw_deep_json_40", RAW,
             edit('"nps": 50', '"nps": ' + '{"a": ' * 40 + "1" + "}" * 40, JSON_TEXT),
             "nested more than 32 levels deep", ".json", field="kpi_targets.nps" + ".a" * 30),
        Case("raw_deep_json_object", RAW, b'{"a": ' * deep + b"1" + b"}" * deep,
             "nested more than 32 levels deep", ".json"),
    ]  # fmt: skip
    for label, keys in NUMBERS.items():
        line_has = keys[-1] if isinstance(keys[-1], str) else None
        cases += both(f"raw_400_digits_{label}", RAW, changed(BASE, keys, HUGE),
                      "found a number of 400 digits (15 at most)", field=path_text(keys),
                      line_has=line_has)  # fmt: skip
    return cases


# -- accepted silently before ---------------------------------------------------------------


def silent_cases() -> list[Case]:
    at_least_0 = "expected a number of 0 or more"
    cases = [
        *[Case(f"silent_kpi_{label}", SILENT, edit("csat: 0.85", f"csat: {value}"), at_least_0,
               field="kpi_targets.csat", line_has="csat:")
          for label, value in [("nan", ".nan"), ("inf", ".inf"), ("minus_inf", "-.inf"),
                               ("negative", "-0.2"), ("minus_one", "-1"),
                               ("exponent_inf", "1.0e+999")]],
        *[Case(f"silent_kpi_{label}_json", SILENT, edit('"csat": 0.85', f'"csat": {value}',
                                                        JSON_TEXT),
               at_least_0, ".json", field="kpi_targets.csat")
          for label, value in [("nan", "NaN"), ("inf", "Infinity"), ("minus_inf", "-Infinity"),
                               ("overflow", "1e400"), ("negative", "-5")]],
        # NPS runs from -100 to 100: a negative target is one, below -100 is not
        Case("silent_kpi_nps_below", SILENT, edit("nps: 50", "nps: -101"),
             "expected an NPS from -100 to 100", field="kpi_targets.nps"),
        Case("silent_kpi_nps_above", SILENT, edit("nps: 50", "nps: 101"),
             "expected an NPS from -100 to 100", field="kpi_targets.nps"),
        Case("silent_kpi_nps_negative", SILENT, edit("nps: 50", "nps: -20"),
             changed=(("kpi_targets", "nps"), -20)),
        # numbers YAML reads unlike a person: octal and base 60
        Case("silent_octal_effort", SILENT, edit("effort: 3,", "effort: 010,"),
             "010 reads as 8 in YAML", field="moscow.items[0].effort"),
        Case("silent_base60_wait", SILENT, edit("wait_days: 2,", "wait_days: 1:30,"),
             "1:30 reads as 90", field="paths.paths[2].touchpoints[0].wait_days"),
        Case("silent_octal_same_value", SILENT, edit("effort: 3,", "effort: 03,")),
        # text written as a number is the text as written, not as Python writes the number
        *[Case(f"silent_text_{label}", SILENT, edit("{id: HB-1,", f"{{id: {value},"),
               changed=(("requirements", "requirements", 0, "id"), value))
          for label, value in [("octal_id", "007"), ("trailing_zero", "1.50"), ("base60", "9:30"),
                               ("underscore", "1_000"), ("plus", "+5"), ("inf", ".inf")]],
        Case("silent_text_fraction_json", SILENT,
             edit('"id": "HB-1"', '"id": 1.50', JSON_TEXT), suffix=".json",
             changed=(("requirements", "requirements", 0, "id"), "1.50")),
        Case("silent_version_missing", SILENT, edit("version: 2\n", ""),
             "no version: expected 'version: 2'", field="version"),
    ]  # fmt: skip
    # a part that is not a mapping: false, "", [] and 0 are not "nothing"
    not_mappings = [("moscow", False), ("canvas", ""), ("kpi_targets", []), ("paths", 0),
                    ("milestones", "none"), ("requirements", True), ("use_cases", [])]  # fmt: skip
    for part, value in not_mappings:
        cases += both(f"silent_{part}_{type(value).__name__}", SILENT, {**BASE, part: value},
                      "expected a mapping of fields", field=part, line_has=part)  # fmt: skip
    # a key given twice, at every level, in YAML and in JSON
    twice = [
        ("top", "business: Harbor Bikes\n", "business: Harbor Bikes\nbusiness: Other\n", ""),
        ("part", "  budget: 10\n", "  budget: 10\n  budget: 12\n", "moscow"),
        ("item", "priority: must,", "priority: must, priority: could,", "moscow.items[0]"),
        ("flow", "{low: -2, high: 2}", "{low: -2, high: 2, low: -1}", "paths.scale"),
        ("deep", "{text: offers to pay at drop-off instead,",
         "{text: offers to pay at drop-off instead, text: again,",
         "use_cases.use_cases[0].extensions[0].handling[0]"),
        ("block", "    channels: [Google Maps, SMS, The shop counter]\n",
         "    channels: [Google Maps, SMS, The shop counter]\n    channels: []\n", "canvas.items"),
        ("kpi", "  nps: 50\n", "  nps: 50\n  nps: 60\n", "kpi_targets"),
        ("same_value", "  csat: 0.85\n", "  csat: 0.85\n  csat: 0.85\n", "kpi_targets"),
        ("spelled_apart", "  csat: 0.85\n", "  csat: 0.85\n  'csat': 0.85\n", "kpi_targets"),
    ]  # fmt: skip
    cases += [Case(f"silent_twice_{label}", SILENT, edit(old, new), "is given twice", field=where)
              for label, old, new, where in twice]  # fmt: skip
    json_twice = [
        ("top", '"business": "Harbor Bikes",', '"business": "Harbor Bikes", "business": "B",', ""),
        ("part", '"budget": 10,', '"budget": 10, "budget": 11,', "moscow"),
        ("item", '"priority": "must",', '"priority": "must", "priority": "wont",',
         "moscow.items[0]"),
        ("kpi", '"nps": 50', '"nps": 50, "nps": 60', "kpi_targets"),
        ("deep", '"condition": "The card is declined",',
         '"condition": "The card is declined", "condition": "x",',
         "use_cases.use_cases[0].extensions[0]"),
    ]  # fmt: skip
    cases += [Case(f"silent_twice_{label}_json", SILENT, edit(old, new, JSON_TEXT),
                   "is given twice", ".json", field=where)
              for label, old, new, where in json_twice]  # fmt: skip
    # the version: a whole number this course reads, nothing else
    versions = [
        ("true", "true", "version True is not one"), ("float", "1.0", "version 1.0 is not one"),
        ("float_2", "2.0", "version 2.0 is not one"), ("text", '"2"', "version '2' is not one"),
        ("null", "null", "no version: expected 'version: 2'"),
        ("zero", "0", "version 0 is not one"), ("negative", "-2", "version -2 is not one"),
        ("list", "[2]", "version [2] is not one"),
        ("newer", "3", "version 3 was written by a newer journey-lessons"),
        ("octal", "010", "version 010 was written by a newer"),
        ("million", "1000001", "a number of 7 digits is not a version"),
    ]  # fmt: skip
    cases += [Case(f"silent_version_{label}", SILENT, edit("version: 2", f"version: {value}"),
                   says, field="version")
              for label, value, says in versions]  # fmt: skip
    cases += [Case(f"silent_version_{label}_json", SILENT,
                   edit('"version": 2', f'"version": {value}', JSON_TEXT),
                   "is not one this course reads", ".json", field="version")
              for label, value in [("true", "true"), ("float", "2.0"), ("text", '"2"')]
              ]  # fmt: skip
    return cases


# -- wrong types in every field ---------------------------------------------------------------

# The kind of each field of the file, by its path with list indexes as "*".
_FIELDS = {
    "text": """business milestones.milestones.*.measure paths.paths.*.start
        paths.paths.*.touchpoints.*.channel paths.paths.*.touchpoints.*.trigger
        paths.paths.*.touchpoints.*.owner paths.paths.*.touchpoints.*.content
        paths.paths.*.touchpoints.*.measure moscow.items.*.reason
        requirements.requirements.*.statement requirements.requirements.*.metric
        requirements.requirements.*.unit use_cases.use_cases.*.title
        use_cases.use_cases.*.primary_actor use_cases.use_cases.*.trigger
        use_cases.use_cases.*.main_scenario.*.text use_cases.use_cases.*.main_scenario.*.actor
        use_cases.use_cases.*.extensions.*.step use_cases.use_cases.*.extensions.*.condition
        use_cases.use_cases.*.extensions.*.handling.*.text
        use_cases.use_cases.*.extensions.*.handling.*.actor
        use_cases.use_cases.*.success_guarantee canvas.moments.*.name canvas.moments.*.note""",
    "required_text": """milestones.milestones.*.name paths.paths.*.end
        requirements.requirements.*.id""",
    "touchpoint_name": "paths.paths.*.touchpoints.*.name",
    "reference": "use_cases.use_cases.*.touchpoint canvas.moments.*.touchpoint",
    "required_reference": "moscow.items.*.touchpoint",
    "item": " ".join(f"canvas.items.{block}.*" for block in BASE["canvas"]["items"]),
    "choice": """milestones.milestones.*.stage paths.paths.*.touchpoints.*.step
        moscow.items.*.priority requirements.requirements.*.stage
        requirements.requirements.*.characteristic requirements.requirements.*.direction
        use_cases.use_cases.*.stage canvas.moments.*.kind canvas.moments.*.blocks.*""",
    "optional_choice": """paths.paths.*.touchpoints.*.evidence moscow.items.*.impact
        use_cases.use_cases.*.level""",
    "milestone_kind": "milestones.milestones.*.kind",
    "scale": "paths.scale.low paths.scale.high",
    "number": """paths.paths.*.touchpoints.*.wait_days moscow.budget moscow.items.*.effort
        requirements.requirements.*.target requirements.requirements.*.measured""",
    "emotion": "paths.paths.*.touchpoints.*.emotion",
    "step_number": "use_cases.use_cases.*.upsell_steps.*",
    "bool": "canvas.moments.*.positive",
    "kpi": " ".join(f"kpi_targets.{key}" for key in BASE["kpi_targets"]),
}
KIND_OF = {field: kind for kind, names in _FIELDS.items() for field in names.split()}

WRONG = {"list": [1, 2], "mapping": {"a": 1}, "null": None, "true": True, "huge": HUGE,
         "empty": "", "text": "12 days"}  # fmt: skip
# What a field left null reads as, where it may be.
DEFAULT = {"text": "", "reference": "", "milestone_kind": "custom", "scale": "as in the file",
           "emotion": 0, "number": None, "evidence": "assumed", "impact": "medium",
           "level": "user_goal"}  # fmt: skip
TEXTS = {"text", "required_text", "touchpoint_name", "reference", "required_reference", "item"}
NUMBER_KINDS = {"number", "scale", "emotion", "step_number", "kpi"}


def leaves(data: Any, keys: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in leaves(v, (*keys, k))]
    if isinstance(data, list):
        return [leaf for i, v in enumerate(data) for leaf in leaves(v, (*keys, i))]
    return [keys]


def found(value: Any) -> str:
    """How the reader names what it found instead."""
    kinds = {list: "a list", dict: "a mapping", type(None): "nothing (null)", bool: "true/false"}
    return kinds.get(type(value), "text" if isinstance(value, str) else "a number")


def first_reference(name: str) -> str | None:
    """The first field that names touchpoint ``name`` (the strict reader checks in order)."""
    places = [(f"moscow.items[{i}].touchpoint", item["touchpoint"])
              for i, item in enumerate(BASE["moscow"]["items"])]  # fmt: skip
    for part, key in (("use_cases", "use_cases"), ("canvas", "moments")):
        places += [(f"{part}.{key}[{i}].touchpoint", item.get("touchpoint", ""))
                   for i, item in enumerate(BASE[part][key])]  # fmt: skip
    return next((where for where, named in places if named == name), None)


def expected(kind: str, keys: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """What reading the file with ``value`` at ``keys`` must give: a Case's keywords."""
    where = path_text(keys)
    line_has = keys[-1] if isinstance(keys[-1], str) else None
    refused = {"field": where, "line_has": line_has}
    default = DEFAULT.get(keys[-1] if kind == "optional_choice" else kind, "required")
    if value is None and default != "required":
        return {"changed": (keys, at(BASE, keys) if kind == "scale" else default)}
    if value is None:
        says = "this field is required"
        if kind in NUMBER_KINDS or kind == "bool":
            says = "found nothing (null)"
        return {"says": says, **refused}
    if kind in NUMBER_KINDS:
        if value == HUGE:
            return {"says": "found a number of 400 digits (15 at most)", **refused}
        return {"says": f", found {found(value)}", **refused}
    if kind == "bool":
        if value is True:
            return {"changed": (keys, True)}
        return {"says": f"expected true or false, found {found(value)}", **refused}
    if isinstance(value, (list, dict, bool)):
        return {"says": f"expected text, found {found(value)}", **refused}
    if kind in TEXTS:
        read = str(value)
        named = first_reference(at(BASE, keys)) if kind == "touchpoint_name" else None
        if named or (kind in ("reference", "required_reference") and read):
            return {"says": "no path has a touchpoint of that name", "field": named or where,
                    "line_has": "touchpoint:"}  # fmt: skip
        return {"changed": (keys, read)}
    return {"says": "is not a milestone kind" if kind == "milestone_kind" else "is not one of",
            **refused}  # fmt: skip


def wrong_type_cases() -> list[Case]:
    """Each wrong value in the first field of each kind: YAML, and JSON for three of them."""
    cases, seen = [], set()
    for keys in leaves(BASE):
        pattern = ".".join("*" if isinstance(k, int) else str(k) for k in keys)
        if pattern in seen or keys[0] in HEADER:
            continue
        seen.add(pattern)
        name = "type_" + pattern.replace(".*", "").replace(".", "_")
        for wrong, value in WRONG.items():
            outcome = expected(KIND_OF[pattern], keys, value)
            data = changed(BASE, keys, value)
            if wrong in ("list", "null", "huge"):
                cases += both(f"{name}_{wrong}", TYPES, data, **outcome)
            else:
                cases.append(Case(f"{name}_{wrong}_yaml", TYPES, dump(data), **outcome))
    for key in HEADER:  # the header's three fields
        for wrong, value in WRONG.items():
            says = "is not one this course reads" if key == "version" else "not a journey-lessons"
            says = {"huge": "a number of 400 digits", "null": "no version"}.get(wrong, says)
            says = says if key == "version" else "not a journey-lessons"
            cases.append(Case(f"type_{key}_{wrong}", TYPES, dump(changed(BASE, (key,), value)),
                              says, field="version" if key == "version" else None))  # fmt: skip
    return cases


# -- cut short --------------------------------------------------------------------------------


def saved_text(suffix: str) -> bytes:
    """The valid journey as save_journey writes it (YAML ends with '# end of journey')."""
    from journey_lessons import load_journey, save_journey

    with tempfile.TemporaryDirectory() as folder:
        return save_journey(load_journey(BASE_FILE), Path(folder) / f"j{suffix}").read_bytes()


def truncation_cases() -> list[Case]:
    """The saved file cut at every line end (every 5th in JSON) and inside lines."""
    cases = []
    for suffix, lines in ((".yaml", 1), (".json", 5)):
        full = saved_text(suffix)
        head = full.index(b"\n") + 1  # the first line, which says an end line follows
        ends = [i + 1 for i, byte in enumerate(full) if byte == ord("\n")]
        cuts = set(ends[::lines]) | set(range(1, len(full), 211))
        cuts |= {1, head - 1, head, len(full) - 2, len(full) - 1, len(full)}
        for cut in sorted(cuts):
            if cut >= len(full) - 1:  # all of it, or all but the last newline: the same plan
                says = None
            elif suffix == ".json":
                says = "not valid JSON"
            elif cut >= head - 1:  # the first line whole, with or without its newline
                says = "is cut short: it ends before its last line '# end of journey'"
            else:  # part of the first line, a comment: nothing else
                says = "expected a mapping"
            cases.append(Case(f"cut_{suffix[1:]}_at_{cut}", CUT, full[:cut], says, suffix))
    added = saved_text(".yaml") + b"notes: added by hand\n"
    cases.append(Case("cut_lines_added_after_the_end", CUT, added, "move that line to the end"))
    return cases


# -- bytes, files, tags, aliases --------------------------------------------------------------


def _link_loop(path: Path) -> None:
    path.symlink_to(path.with_name("loop_b.yaml"))
    path.with_name("loop_b.yaml").symlink_to(path)


def _link_to_valid(path: Path) -> None:
    path.with_name("target.yaml").write_bytes(BASE_TEXT.encode())
    path.symlink_to(path.with_name("target.yaml"))


def _over_cap(path: Path) -> None:
    with path.open("wb") as file:
        file.write(BASE_TEXT.encode())
        file.truncate(OVER_CAP)


def billion_laughs(at: str | None = None) -> bytes:
    """Anchors that each repeat the one before nine times, before the valid file.

    Nine of them (``*j`` stands for 9**9 items, 387 million); or, with ``at``,
    four (7,381 items, a file may hold that) and the field ``at`` repeating the
    last nine times.
    """
    letters = "abcdefghij" if at is None else "abcd"
    anchors = f"a: &a [{', '.join(['lol'] * 9)}]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in pairwise(letters)
    )
    if at is None:
        return anchors.encode() + BASE_TEXT.encode()
    return anchors.encode() + edit(f"{at}:", f"{at}: [{', '.join(['*d'] * 9)}]\n{at}_was:")


def file_cases() -> list[Case]:
    key, json_text = "k" * BIG, JSON_TEXT
    return [
        # bytes that are not UTF-8 text, or not text at all
        Case("bytes_latin1", BYTES, BASE_TEXT.replace("Harbor Bikes", "Harbor Bikés", 1)
             .encode("latin-1"), "not UTF-8 text", line_has="business:"),
        Case("bytes_utf16", BYTES, BASE_TEXT.encode("utf-16"), "UTF-16"),
        Case("bytes_bom_yaml", BYTES, b"\xef\xbb\xbf" + BASE_TEXT.encode()),
        Case("bytes_bom_json", BYTES, b"\xef\xbb\xbf" + json_text.encode(), suffix=".json"),
        Case("bytes_nul_yaml", BYTES, edit("Harbor Bikes", "Harbor\x00Bikes"),
             "control character (U+0000)", line_has="business:"),
        Case("bytes_control_character", BYTES, edit("Harbor Bikes", "Harbor\x1bBikes"),
             "control character (U+001B)", line_has="business:"),
        Case("bytes_nul_json", BYTES, edit("Harbor Bikes", "Harbor\x00Bikes", json_text),
             "not valid JSON: Invalid control character", ".json"),
        Case("bytes_nul_escaped_json", BYTES, edit("Harbor Bikes", "Harbor\\u0000Bikes",
                                                   json_text),
             suffix=".json", changed=(("business",), "Harbor\x00Bikes")),
        Case("bytes_surrogate_json", BYTES, edit("Harbor Bikes", "Harbor \\ud800", json_text),
             "holds a broken character (a lone surrogate)", ".json", field="business"),
        Case("bytes_surrogate_deep_json", BYTES, edit("SMS within", "SMS \\udc00", json_text),
             "lone surrogate", ".json", field="paths.paths[1].touchpoints[0].name"),
        Case("bytes_surrogate_yaml", BYTES, edit("Harbor Bikes", '"Harbor \\ud800"'),
             "not valid YAML"),
        Case("bytes_surrogate_utf8", BYTES, BASE_TEXT.encode().replace(
            b"Harbor Bikes", b"Harbor \xed\xa0\x80", 1), "not UTF-8 text", line_has="business:"),
        # line endings of other systems read as the same plan
        Case("bytes_crlf_yaml", BYTES, edit("\n", "\r\n", count=-1)),
        Case("bytes_crlf_json", BYTES, edit("\n", "\r\n", json_text, -1), suffix=".json"),
        Case("bytes_crlf_saved", BYTES, saved_text(".yaml").replace(b"\n", b"\r\n")),
        Case("bytes_cr_only_yaml", BYTES, edit("\n", "\r", count=-1)),
        # 10 MB keys and values: the message stays a few lines long
        Case("long_key_yaml", LONG, edit("business: Harbor Bikes\n", f"{key}: 1\n"),
             "not valid YAML"),
        Case("long_key_explicit_yaml", LONG, edit("business: Harbor Bikes\n", f"? {key}\n: 1\n"),
             "unknown field", field=key),
        Case("long_key_json", LONG, dump({**BASE, key: 1}, ".json"), "unknown field", ".json",
             field=key),
        Case("long_key_nested_json", LONG, dump(changed(BASE, ("moscow", "items", 0, key), 1),
                                                ".json"),
             "unknown field", ".json", field=f"moscow.items[0].{key}"),
        Case("long_value_choice", LONG, edit("priority: must,", f"priority: {key},"),
             "is not one of: must, should", field="moscow.items[0].priority"),
        Case("long_value_name", LONG, edit("Harbor Bikes", key), changed=(("business",), key)),
        # files that are not a journey's text
        Case("file_over_cap", FILES, _over_cap, "at most 32 MB", over_cap=True),
        Case("file_fifo", FILES, os.mkfifo, "is not a regular file"),
        Case("file_folder", FILES, Path.mkdir, "is a folder"),
        Case("file_link_loop", FILES, _link_loop, "cannot be read"),
        Case("file_link_to_valid", FILES, _link_to_valid),
        Case("file_missing", FILES, lambda path: None, "no such file"),
        Case("file_empty", FILES, b"", "is empty"),
        Case("file_empty_json", FILES, b"", "is empty", ".json"),
        Case("file_whitespace", FILES, b"  \n\t\n \r\n", "is empty"),
        Case("file_comment_only", FILES, b"# nothing yet\n", "expected a mapping"),
        Case("file_two_documents", FILES, BASE_TEXT.encode() + b"---\n" + BASE_TEXT.encode(),
             "expected a single document"),
        Case("file_unknown_suffix", FILES, BASE_TEXT.encode(), "unknown file type", ".txt"),
        # YAML tags: never an object of Python's; other types are named
        Case("tag_python_object", TAGS, edit("Harbor Bikes", "!!python/object:os.system {}"),
             "the tag !!python/object:os.system is not allowed", field="business"),
        Case("tag_python_apply", TAGS, b"!!python/object/apply:os.system ['echo hacked']\n",
             "the tag !!python/object/apply:os.system is not allowed"),
        Case("tag_python_name", TAGS, edit("nps: 50", "nps: !!python/name:os.system ''"),
             "is not allowed", field="kpi_targets.nps"),
        Case("tag_custom", TAGS, edit("csat: 0.85", "csat: !percent 85"),
             "the tag !percent is not allowed", field="kpi_targets.csat"),
        Case("tag_set", TAGS, edit("moscow:\n", "moscow: !!set\n"), "the tag !!set is not allowed",
             field="moscow"),
        Case("tag_binary", TAGS, edit("Harbor Bikes", "!!binary SGFyYm9y"),
             "expected text, found bytes", field="business"),
        Case("tag_timestamp", TAGS, edit("{id: HB-1,", "{id: 2024-01-01,"),
             "expected text, found date", field="requirements.requirements[0].id"),
        *[Case(f"tag_{tag}_misfit_{label}", TAGS, edit("nps: 50", f"nps: !!{tag} {text}"),
               f"is not !!{tag}", field="kpi_targets.nps", line_has="nps:")
          for tag, label, text in [("int", "text", "abc"), ("float", "text", "abc"),
                                   ("bool", "text", "maybe"), ("timestamp", "text", "soon"),
                                   ("binary", "text", "a"), ("int", "empty", "''")]],
        Case("tag_str_number", TAGS, edit("{id: HB-1,", "{id: !!str 1,"),
             changed=(("requirements", "requirements", 0, "id"), "1")),
        Case("tag_merge_key", TAGS, edit("  budget: 10\n", "  budget: 10\n  <<: {budget: 3}\n"),
             "merge keys (<<) are not read", field="moscow"),
        Case("tag_merge_as_text", TAGS, edit("{id: HB-1,", "{id: <<,"),
             changed=(("requirements", "requirements", 0, "id"), "<<")),
        # aliases: a billion laughs in a few hundred bytes, anywhere
        Case("alias_bomb", ALIASES, billion_laughs(), "aliases (*name) that repeat more"),
        Case("alias_bomb_in_kpi", ALIASES, billion_laughs("  nps"), "aliases (*name) that repeat",
             line_has="nps:"),
        Case("alias_bomb_in_version", ALIASES, billion_laughs("version"),
             "aliases (*name) that repeat", line_has="version:"),
        Case("alias_bomb_in_text", ALIASES, billion_laughs("business"),
             "aliases (*name) that repeat", line_has="business:"),
        Case("alias_recursive", ALIASES, edit("business: Harbor Bikes", "business: &r [*r]"),
             "alias (*name) inside its own anchor", field="business[0]"),
        Case("alias_undefined", ALIASES, edit("business: Harbor Bikes", "business: *nowhere"),
             "no anchor &nowhere"),
        Case("alias_small_reuse", ALIASES, edit(
            "blocks: [value_propositions, key_activities]", "blocks: *b", edit(
                "blocks: [channels, customer_segments]", "blocks: &b [channels, customer_segments]"
            ).decode()), changed=(("canvas", "moments", 1, "blocks"),
                                  ["channels", "customer_segments"])),
    ]  # fmt: skip


# -- valid variants ---------------------------------------------------------------------------


def variant_cases() -> list[Case]:
    plan = {k: v for k, v in BASE.items() if k not in HEADER}
    header = {k: BASE[k] for k in HEADER}
    titled = {**plan["milestones"], "title": "Harbor Bikes"}  # version 1 had no business name
    version_1 = {**header, "version": 1, **plan, "milestones": titled}
    del version_1["business"]
    milestones = {**header, "kind": "milestones", "version": 1, **plan["milestones"]}
    return [
        Case("valid_as_written", VALID, BASE_TEXT.encode()),
        Case("valid_saved_yaml", VALID, saved_text(".yaml")),
        Case("valid_saved_json", VALID, saved_text(".json"), suffix=".json"),
        Case("valid_json_compact", VALID, json.dumps(BASE, separators=(",", ":")).encode(),
             suffix=".json"),
        Case("valid_json_ascii", VALID, json.dumps(BASE).encode(), suffix=".json"),
        Case("valid_block_style", VALID, yaml.safe_dump(BASE, sort_keys=False).encode()),
        Case("valid_flow_style", VALID,
             yaml.safe_dump(BASE, default_flow_style=True, width=2**30).encode()),
        Case("valid_sorted_keys", VALID, yaml.safe_dump(BASE).encode()),
        Case("valid_reordered", VALID, dump({**header, **dict(reversed(plan.items()))})),
        Case("valid_quoted_everything", VALID, yaml.safe_dump(BASE, default_style='"').encode()),
        Case("valid_wide_indent", VALID, yaml.safe_dump(BASE, indent=4).encode()),
        Case("valid_yml_suffix", VALID, BASE_TEXT.encode(), suffix=".yml"),
        Case("valid_document_markers", VALID, b"---\n" + BASE_TEXT.encode() + b"...\n"),
        Case("valid_comments", VALID, edit("\n", "  # a note\n", count=-1)),
        Case("valid_trailing_blank_lines", VALID, BASE_TEXT.encode() + b"\n\n \n"),
        Case("valid_no_final_newline", VALID, BASE_TEXT.rstrip("\n").encode()),
        Case("valid_saved_blank_lines_after_end", VALID, saved_text(".yaml") + b"\n\n"),
        Case("valid_effort_float", VALID, edit("effort: 3,", "effort: 3.0,")),
        Case("valid_version_1", VALID, dump(version_1), notes=True),
        Case("valid_milestones_file", VALID, dump(milestones), only="milestones"),
    ]  # fmt: skip


def cases() -> list[Case]:
    every = [*raw_exception_cases(), *silent_cases(), *wrong_type_cases(), *truncation_cases(),
             *file_cases(), *variant_cases()]  # fmt: skip
    assert len({case.name for case in every}) == len(every), "two cases share a name"
    return every


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for case in cases():
        if not case.over_cap:  # 33 MB of nothing: made by the test, not kept
            manifest[case.write(folder).name] = case.manifest()
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    print(f"{len(manifest)} cases written to {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
