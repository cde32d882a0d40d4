"""Paths: the touchpoints that lead a customer from one milestone to the next.

A :class:`Path` joins two consecutive milestones of a :class:`MilestoneMap`
with touchpoints in the order the customer meets them. Each :class:`Touchpoint`
serves one of the nine lifecycle steps and says exactly what happens: on which
channel, set off by what, done by whom, with what content, how long after the
previous touchpoint, and how success is measured. It also records how the
customer probably feels at that moment, and how sure we are of it.

A :class:`PathSet` holds all the paths of one journey. ``check()`` says which
steps have no touchpoint, which touchpoints are vague, which sit on the wrong
side of the purchase, and where the customer's mood dips.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from html import escape
from itertools import pairwise
from typing import Any

from . import _fields as fields
from . import _sample
from ._fields import moved
from ._html import html_table, text_table
from .findings import Finding, Findings, Severity
from .lifecycle import LifecycleStep
from .milestones import MilestoneMap, Stage

#: What an empty path start means: the customer's first contact with the business.
FIRST_CONTACT = "first contact"


class Evidence(str, Enum):
    """How we know what a touchpoint feels like to the customer."""

    ASSUMED = "assumed"  # our own guess: check it before acting on it
    OBSERVED = "observed"  # seen in replies, comments, calls or support tickets
    MEASURED = "measured"  # from a survey score or from usage data


@dataclass(frozen=True)
class EmotionScale:
    """The scale of emotion scores, from ``low`` (very unhappy) to ``high`` (delighted).

    The default, -2 to +2, puts neutral at 0. A drop of half the scale's width or
    more between two touchpoints (2 points on the default scale) counts as a dip.
    """

    low: int = -2
    high: int = 2

    def __post_init__(self) -> None:
        for value in (self.low, self.high):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError("EmotionScale low and high must be whole numbers")
        if self.low >= self.high:
            raise ValueError(f"EmotionScale low ({self.low}) must be below high ({self.high})")

    @property
    def neutral(self) -> float:
        return (self.low + self.high) / 2

    @property
    def dip_drop(self) -> float:
        """The smallest drop between two touchpoints that counts as a dip."""
        return (self.high - self.low) / 2

    def __contains__(self, value: object) -> bool:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (self.low <= value <= self.high)
        )

    def label(self, value: int) -> str:
        """A score as shown to a reader: with its sign when the scale has negatives."""
        return f"{value:+d}" if self.low < 0 and value else str(value)

    def to_dict(self) -> dict[str, int]:
        return {"low": self.low, "high": self.high}

    @classmethod
    def from_dict(cls, data: Any, field: str = "scale") -> EmotionScale:
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, {"low", "high"})
        low = fields.number(data, "low", field, whole=True, what="a whole number", default=-2)
        high = fields.number(data, "high", field, whole=True, what="a whole number", default=2)
        if low >= high:
            raise fields.FieldError(field, f"low ({low}) must be below high ({high})")
        return cls(low, high)


@dataclass(frozen=True)
class Touchpoint:
    """One moment where the business and the customer meet, said specifically.

    ``wait_days`` is the time after the previous touchpoint (None: not said).
    ``emotion`` is how the customer probably feels, on the journey's
    :class:`EmotionScale`; ``evidence`` says how we know.
    """

    name: str
    step: LifecycleStep
    channel: str = ""
    trigger: str = ""
    owner: str = ""
    content: str = ""
    wait_days: float | None = None
    measure: str = ""
    emotion: int = 0
    evidence: Evidence = Evidence.ASSUMED

    def __post_init__(self) -> None:
        for name in ("name", "channel", "trigger", "owner", "content", "measure"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"Touchpoint {name} must be text")
        object.__setattr__(self, "step", fields.enum_member(LifecycleStep, self.step, "step"))
        object.__setattr__(
            self, "evidence", fields.enum_member(Evidence, self.evidence, "evidence")
        )
        if isinstance(self.emotion, bool) or not isinstance(self.emotion, int):
            raise TypeError("Touchpoint emotion must be a whole number")
        # checked, not converted: 4 days stay 4, not 4.0
        fields.optional_number(
            self.wait_days,
            "Touchpoint wait_days",
            what="a number of days",
            bound="0 or more",
            minimum=0,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "step": self.step.value,
            "channel": self.channel,
            "trigger": self.trigger,
            "owner": self.owner,
            "content": self.content,
            "wait_days": self.wait_days,
            "measure": self.measure,
            "emotion": self.emotion,
            "evidence": self.evidence.value,
        }

    @classmethod
    def from_dict(
        cls, data: Any, field: str = "touchpoint", scale: EmotionScale | None = None
    ) -> Touchpoint:
        """A touchpoint from plain data; its emotion must lie on ``scale`` (default -2..+2).

        A missing emotion means neutral (the middle of the scale, rounded down).
        """
        scale = scale or EmotionScale()
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, {f.name for f in dataclasses.fields(cls)})
        neutral = math.floor(scale.neutral)
        emotion = fields.number(
            data, "emotion", field, whole=True, what="a whole number", default=neutral
        )
        if emotion not in scale:
            raise fields.FieldError(
                fields.join(field, "emotion"),
                f"{emotion} is outside the emotion scale {scale.low}..{scale.high}",
            )
        days = "a number of days (0 or more) or nothing"
        evidence = Evidence.ASSUMED
        if data.get("evidence") is not None:
            evidence = fields.choice(data, "evidence", field, Evidence)
        return cls(
            name=fields.text(data, "name", field),
            step=fields.choice(data, "step", field, LifecycleStep),
            channel=fields.text(data, "channel", field, default=""),
            trigger=fields.text(data, "trigger", field, default=""),
            owner=fields.text(data, "owner", field, default=""),
            content=fields.text(data, "content", field, default=""),
            wait_days=fields.number(data, "wait_days", field, what=days, bound=days, minimum=0),
            measure=fields.text(data, "measure", field, default=""),
            emotion=emotion,
            evidence=evidence,
        )


@dataclass(frozen=True)
class Path:
    """The touchpoints between two consecutive milestones, in the order met.

    ``start`` and ``end`` are milestone names. The first path of a journey may
    start at ``""``: the customer's first contact, before any milestone.
    """

    start: str
    end: str
    touchpoints: tuple[Touchpoint, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.start, str) or not isinstance(self.end, str):
            raise TypeError("Path start and end must be milestone names (text)")
        touchpoints = fields.tuple_of(self.touchpoints, Touchpoint, "touchpoints")
        object.__setattr__(self, "touchpoints", touchpoints)

    @property
    def label(self) -> str:
        """``start → end``, with the first contact and a missing end said in words."""
        return f"{self.start.strip() or FIRST_CONTACT} → {self.end.strip() or '(no end yet)'}"

    def add(self, touchpoint: Touchpoint) -> Path:
        """A new path with ``touchpoint`` at the end."""
        return dataclasses.replace(self, touchpoints=(*self.touchpoints, touchpoint))

    def replace(self, index: int, touchpoint: Touchpoint) -> Path:
        """A new path with the touchpoint at ``index`` replaced."""
        items = fields.replaced(self.touchpoints, index, touchpoint)
        return dataclasses.replace(self, touchpoints=items)

    def remove(self, index: int) -> Path:
        """A new path without the touchpoint at ``index``."""
        return dataclasses.replace(self, touchpoints=fields.removed(self.touchpoints, index))

    def move(self, index: int, by: int) -> Path:
        """A new path with the touchpoint at ``index`` met ``by`` places later."""
        return dataclasses.replace(self, touchpoints=moved(self.touchpoints, index, by))

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "touchpoints": [t.to_dict() for t in self.touchpoints],
        }

    @classmethod
    def from_dict(cls, data: Any, field: str = "path", scale: EmotionScale | None = None) -> Path:
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, {"start", "end", "touchpoints"})
        return cls(
            start=fields.text(data, "start", field, default=""),
            end=fields.text(data, "end", field),
            touchpoints=fields.each(
                data, "touchpoints", field, lambda item, at: Touchpoint.from_dict(item, at, scale)
            ),
        )


@dataclass(frozen=True)
class Segment:
    """A stretch of the journey between two milestones, and the path on it (if any)."""

    start: str
    end: str
    path: Path | None = None
    index: int | None = None  # the path's place in the PathSet
    fits: bool = True  # False: the path does not join consecutive milestones of the map


@dataclass(frozen=True)
class PathSet:
    """All the paths of one journey, and the emotion scale they are scored on.

    Methods return a new set; ``check(milestone_map)`` says what to fix.
    """

    paths: tuple[Path, ...] = ()
    scale: EmotionScale = EmotionScale()

    def __post_init__(self) -> None:
        object.__setattr__(self, "paths", fields.tuple_of(self.paths, Path, "paths"))
        if not isinstance(self.scale, EmotionScale):
            raise TypeError("PathSet scale must be an EmotionScale")
        for path in self.paths:
            for touchpoint in path.touchpoints:
                if touchpoint.emotion not in self.scale:
                    raise ValueError(
                        f"touchpoint {touchpoint.name!r} has emotion {touchpoint.emotion}, "
                        f"outside the scale {self.scale.low}..{self.scale.high}"
                    )

    # -- building ----------------------------------------------------------------

    @classmethod
    def from_milestones(
        cls, milestone_map: MilestoneMap, scale: EmotionScale | None = None
    ) -> PathSet:
        """Empty paths from first contact through every consecutive pair of milestones."""
        return cls(
            tuple(Path(start, end) for start, end in _pairs(milestone_map)),
            scale or EmotionScale(),
        )

    def add(self, path: Path) -> PathSet:
        """A new set with ``path`` at the end."""
        return dataclasses.replace(self, paths=(*self.paths, path))

    def replace(self, index: int, path: Path) -> PathSet:
        """A new set with the path at ``index`` replaced."""
        return dataclasses.replace(self, paths=fields.replaced(self.paths, index, path))

    def remove(self, index: int) -> PathSet:
        """A new set without the path at ``index``."""
        return dataclasses.replace(self, paths=fields.removed(self.paths, index))

    def with_scale(self, scale: EmotionScale) -> PathSet:
        return dataclasses.replace(self, scale=scale)

    # -- reading -----------------------------------------------------------------

    @property
    def touchpoints(self) -> tuple[Touchpoint, ...]:
        """Every touchpoint, path after path, in the order listed."""
        return tuple(t for path in self.paths for t in path.touchpoints)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.touchpoints)

    def touchpoint(self, name: str) -> Touchpoint:
        """The touchpoint called ``name`` (case and spacing ignored)."""
        for touchpoint in self.touchpoints:
            if fields.name_key(touchpoint.name) == fields.name_key(name):
                return touchpoint
        raise KeyError(f"no touchpoint is called {name!r}")

    def __len__(self) -> int:
        return len(self.paths)

    def segments(self, milestone_map: MilestoneMap) -> tuple[Segment, ...]:
        """The journey cut at the map's milestones, for a drawing.

        One segment per pair of consecutive milestones, holding the path that
        joins them or None (the first-contact segment only when a path starts
        there); then the paths that fit no pair (unknown or skipped milestones,
        or a second path for the same pair), as listed, with ``fits`` false.
        """
        slots = {
            (fields.name_key(a), fields.name_key(b)): i
            for i, (a, b) in enumerate(_pairs(milestone_map))
        }
        found: dict[int, int] = {}
        leftovers: list[Segment] = []
        for index, path in enumerate(self.paths):
            slot = slots.get((fields.name_key(path.start), fields.name_key(path.end)))
            if slot is None or slot in found:
                leftovers.append(Segment(path.start, path.end, path, index, fits=False))
            else:
                found[slot] = index
        fitting = [
            Segment(a, b, self.paths[found[i]], found[i]) if i in found else Segment(a, b)
            for i, (a, b) in enumerate(_pairs(milestone_map))
            if i in found or a  # first contact is optional: no empty segment for it
        ]
        return (*fitting, *leftovers)

    def stale(self, milestone_map: MilestoneMap) -> tuple[int, ...]:
        """The places of the paths that name a milestone the map does not have (any more).

        A path goes stale when a milestone it joins is renamed or removed; the
        check says so (``unknown_milestone``). An empty start is the first contact.
        """
        names = {fields.name_key(m.name) for m in milestone_map.milestones}
        return tuple(
            index
            for index, path in enumerate(self.paths)
            if any(
                end.strip() and fields.name_key(end) not in names for end in (path.start, path.end)
            )
        )

    def obvious_pair(self, index: int, milestone_map: MilestoneMap) -> tuple[str, str] | None:
        """The pair of milestones a stale path obviously belongs to now, or None.

        One end of the path is no milestone of the map (renamed or replaced); the
        other still is one, or the first contact. When exactly one pair of
        consecutive milestones with no path yet shares that end, the path belongs
        there. Otherwise (both ends gone, a path that is not stale, several pairs
        or none) there is no obvious pair: the learner decides.
        """
        path = self.paths[index]
        names = {fields.name_key(m.name) for m in milestone_map.milestones}
        start, end = fields.name_key(path.start), fields.name_key(path.end)
        start_known, end_known = not start or start in names, end in names
        if start_known == end_known:
            return None
        taken = {(fields.name_key(p.start), fields.name_key(p.end)) for p in self.paths}
        free = [
            (a, b)
            for a, b in _pairs(milestone_map)
            if (fields.name_key(a), fields.name_key(b)) not in taken
        ]
        kept, at = (start, 0) if start_known else (end, 1)
        fits = [pair for pair in free if fields.name_key(pair[at]) == kept]
        return fits[0] if len(fits) == 1 else None

    def in_journey_order(self, milestone_map: MilestoneMap | None = None) -> tuple[Path, ...]:
        """The paths in the order of the map's milestones; the others after, as listed."""
        return tuple(path for _, path in _ordered(self, milestone_map))

    def dips(self, milestone_map: MilestoneMap | None = None) -> tuple[str, ...]:
        """The names of the touchpoints where the customer's mood dips or bottoms out."""
        names = [t.name for _, _, t, _ in _emotion_points(self, milestone_map)]
        return tuple(dict.fromkeys(names))

    def describe(self, milestone_map: MilestoneMap | None = None) -> str:
        """A few sentences for a reader who cannot see the drawing (alt text)."""
        ordered = self.in_journey_order(milestone_map)
        count = sum(len(p.touchpoints) for p in ordered)
        title = milestone_map.title.strip() if milestone_map else ""
        parts = [
            f"{title + ': ' if title else ''}journey paths, {len(ordered)} "
            f"path{'s' if len(ordered) != 1 else ''} and {count} "
            f"touchpoint{'s' if count != 1 else ''}, emotion on a scale from "
            f"{self.scale.low} to {self.scale.high}."
        ]
        for path in ordered:
            items = [
                f"{t.name.strip() or '(unnamed)'} ({t.step.label.lower()}, "
                f"{t.channel.strip() or 'no channel'}, emotion {self.scale.label(t.emotion)})"
                for t in path.touchpoints
            ]
            parts.append(f"From {path.label.replace(' → ', ' to ')}: {'; '.join(items) or 'none'}.")
        dips = self.dips(milestone_map)
        parts.append(f"Emotion dips at: {', '.join(dips)}." if dips else "No emotion dips.")
        return " ".join(parts)

    # -- analysis ----------------------------------------------------------------

    def coverage(self) -> Any:
        """Touchpoints per lifecycle step (rows) and path (columns), as a pandas DataFrame.

        A ``total`` column closes the table; a step whose total is 0 is a gap.
        """
        import pandas as pd  # here, so that importing the package stays fast

        rows = [
            [sum(t.step is step for t in path.touchpoints) for path in self.paths]
            for step in LifecycleStep
        ]
        table = pd.DataFrame(
            rows,
            index=pd.Index([f"{s.number}. {s.label}" for s in LifecycleStep], name="step"),
            columns=[path.label for path in self.paths],
            dtype="int64",
        )
        table["total"] = table.sum(axis=1)
        return table

    def gaps(self) -> Findings:
        """The lifecycle steps that no touchpoint serves, with touchpoints to consider."""
        return Findings(_gaps(self))

    def check(self, milestone_map: MilestoneMap | None = None) -> Findings:
        """What a learner should fix or consider, as findings with hints.

        Without ``milestone_map``, the checks that need it are left out: whether
        each path joins consecutive milestones, whether a path is missing, and
        whether a step sits on the wrong side of the purchase.
        """
        found = list(_check_set(self))
        if milestone_map is not None:
            found += _check_against_map(self, milestone_map)
        found += _gaps(self)
        found += _check_emotions(self, milestone_map)
        return Findings(found)

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"scale": self.scale.to_dict(), "paths": [p.to_dict() for p in self.paths]}

    @classmethod
    def from_dict(cls, data: Any, field: str = "") -> PathSet:
        data = fields.mapping(data, field or "paths")
        fields.allowed_keys(data, field, {"scale", "paths"})
        scale_key = fields.join(field, "scale")
        scale = (
            EmotionScale.from_dict(data["scale"], scale_key)
            if "scale" in data
            else (EmotionScale())
        )
        paths = fields.each(data, "paths", field, lambda item, at: Path.from_dict(item, at, scale))
        return cls(paths, scale)

    # -- showing -----------------------------------------------------------------

    _HEADERS = (
        "path", "#", "touchpoint", "step", "channel", "trigger", "owner", "content",
        "wait", "measured by", "emotion", "evidence",
    )  # fmt: skip

    def _rows(self) -> list[tuple[object, ...]]:
        rows: list[tuple[object, ...]] = []
        for number, path in enumerate(self.paths, start=1):
            heading = f"{number}. {path.label}"
            if not path.touchpoints:
                rows.append((heading, "", "(no touchpoints yet)", *[""] * 9))
            for index, t in enumerate(path.touchpoints, start=1):
                rows.append(
                    (
                        heading if index == 1 else "",
                        index,
                        t.name,
                        f"{t.step.number}. {t.step.label}",
                        t.channel or "—",
                        t.trigger or "—",
                        t.owner or "—",
                        t.content or "—",
                        _wait_text(t.wait_days),
                        t.measure or "—",
                        self.scale.label(t.emotion),
                        t.evidence.value,
                    )
                )
        return rows

    def __str__(self) -> str:
        return text_table(self._HEADERS, self._rows(), caption="Journey paths")

    def _repr_html_(self) -> str:
        findings = self.check()
        table = html_table(self._HEADERS, self._rows(), caption="Journey paths")
        return f'{table}<p class="jl-summary">{escape(findings.summary())}</p>'


def _wait_text(days: float | None) -> str:
    if days is None:
        return "—"
    if days == 0:
        return "same day"
    return f"{days:g} day{'s' if days != 1 else ''}"


# -- checks ------------------------------------------------------------------------


def _pairs(milestone_map: MilestoneMap) -> list[tuple[str, str]]:
    """The paths a map calls for: first contact to the first milestone, then each next one."""
    names = [m.name for m in milestone_map.milestones]
    return list(pairwise(["", *names])) if names else []


def _ordered(paths: PathSet, milestone_map: MilestoneMap | None) -> list[tuple[int, Path]]:
    """(index as listed, path), in the map's order when the map is given."""
    if milestone_map is None:
        return list(enumerate(paths.paths))
    return [
        (s.index, s.path)
        for s in paths.segments(milestone_map)
        if s.path is not None and s.index is not None
    ]


def _path_where(index: int, path: Path) -> str:
    return f"path {index + 1} ({path.label})"


def _touchpoint_where(index: int, number: int, touchpoint: Touchpoint) -> str:
    name = touchpoint.name.strip()
    return f"path {index + 1}, touchpoint {number + 1}" + (f" ({name})" if name else "")


def _check_set(paths: PathSet) -> Iterable[Finding]:
    if not paths.paths:
        yield Finding(
            Severity.ERROR,
            "paths",
            "There are no paths yet.",
            "Start with one path per pair of consecutive milestones "
            "(PathSet.from_milestones does that), then add touchpoints.",
            "no_paths",
        )
    seen_paths: dict[tuple[str, str], int] = {}
    seen_names: dict[str, str] = {}
    for index, path in enumerate(paths.paths):
        where = _path_where(index, path)
        if not path.end.strip():
            yield Finding(
                Severity.ERROR,
                where,
                "This path does not say which milestone it leads to.",
                "Set its end to the name of the next milestone on your map.",
                "no_end",
            )
        key = (fields.name_key(path.start), fields.name_key(path.end))
        if key in seen_paths:
            yield Finding(
                Severity.ERROR,
                where,
                f"The same milestones as path {seen_paths[key] + 1}.",
                "Keep one path per pair of milestones: move these touchpoints into the other "
                "path and remove this one.",
                "duplicate_path",
            )
        seen_paths.setdefault(key, index)
        if not path.touchpoints:
            yield Finding(
                Severity.WARNING,
                where,
                "This path has no touchpoints yet.",
                "What moves the customer from one milestone to the next? Add the first "
                "email, message, call or page they meet.",
                "empty_path",
            )
        for number, touchpoint in enumerate(path.touchpoints):
            tp_where = _touchpoint_where(index, number, touchpoint)
            name = fields.name_key(touchpoint.name)
            if not name:
                yield Finding(
                    Severity.ERROR,
                    tp_where,
                    "This touchpoint has no name.",
                    f"Name what the customer meets, e.g. "
                    f"'{touchpoint.step.typical_touchpoints[0]}'.",
                    "empty_name",
                )
            elif name in seen_names:
                yield Finding(
                    Severity.ERROR,
                    tp_where,
                    f"The same name as {seen_names[name]}.",
                    "Other parts of the course find touchpoints by name: give each its own "
                    "name, or remove the repeat.",
                    "duplicate_touchpoint",
                )
            else:
                seen_names[name] = _touchpoint_where(index, number, touchpoint)
            yield from _check_specific(tp_where, touchpoint)


#: Words too general to act on when a field says nothing else (case, spacing and a
#: leading "the" ignored). Kept short on purpose: it catches the usual placeholders,
#: not every weak phrase. Text with no letters or digits at all ("?", "...") is vague too.
VAGUE_WORDS: Mapping[str, frozenset[str]] = {
    "any": frozenset({"tbd", "tbc", "todo", "n/a", "various", "etc", "misc", "unknown", "later"}),
    "channel": frozenset({"social media", "social", "online", "digital", "internet", "marketing"}),
    "trigger": frozenset(
        {"sometimes", "when needed", "as needed", "regularly", "asap", "whenever"}
    ),
    "owner": frozenset({"someone", "somebody", "anyone", "everyone", "we", "us", "team", "staff"}),
    "measure": frozenset({"engagement", "awareness", "success", "results", "feedback", "kpis"}),
}

_SPECIFIC = {
    "channel": (
        "channel",
        "Name the exact place: 'Instagram reel', 'email', 'SMS', 'phone call', 'in-app message'.",
    ),
    "trigger": (
        "trigger",
        "Say what sets it off: a day ('trial day 3'), a date, or something the customer "
        "does ('downloads the plan').",
    ),
    "owner": (
        "owner",
        "Name the person or role who makes it happen, e.g. 'the studio manager'.",
    ),
    "measure": (
        "measure of success",
        "Say how you will know it worked, as a count or a rate: 'share who book a class "
        "within 2 days'.",
    ),
}


def is_vague(field: str, text: str) -> bool:
    """True when ``text`` says too little for ``field`` (channel, trigger, owner or measure)."""
    words = re.sub(r"\s+", " ", text).strip().casefold().rstrip(".!")
    words = words.removeprefix("the ")
    if not re.search(r"\w", words):
        return True
    return words in VAGUE_WORDS["any"] or words in VAGUE_WORDS.get(field, frozenset())


def _check_specific(where: str, touchpoint: Touchpoint) -> Iterable[Finding]:
    for field, (words, hint) in _SPECIFIC.items():
        text = getattr(touchpoint, field)
        if not text.strip():
            message = f"No {words} is said."
        elif is_vague(field, text):
            message = f"The {words} '{text.strip()}' is too vague to act on."
        else:
            continue
        yield Finding(Severity.WARNING, where, message, hint, f"vague_{field}")
    if not touchpoint.content.strip():
        yield Finding(
            Severity.TIP,
            where,
            "What the customer receives or does here is not said.",
            "Write the content in one line: the message, the offer or the action.",
            "no_content",
        )


def _check_against_map(paths: PathSet, milestone_map: MilestoneMap) -> Iterable[Finding]:
    names = [fields.name_key(m.name) for m in milestone_map.milestones]
    shown = {fields.name_key(m.name): m.name.strip() for m in milestone_map.milestones}
    pairs = _pairs(milestone_map)
    wanted = {(fields.name_key(a), fields.name_key(b)) for a, b in pairs}
    core = milestone_map.core
    core_at = names.index(fields.name_key(core.name)) if core is not None else None

    for index, path in enumerate(paths.paths):
        where = _path_where(index, path)
        start, end = fields.name_key(path.start), fields.name_key(path.end)
        unknown = [
            raw
            for raw in dict.fromkeys((path.start.strip(), path.end.strip()))
            if raw and fields.name_key(raw) not in names
        ]
        for raw in unknown:
            yield Finding(
                Severity.ERROR,
                where,
                f"'{raw}' is not a milestone on the map.",
                "Use a milestone name exactly as on the map: "
                + ", ".join(f"'{m.name.strip()}'" for m in milestone_map.milestones)
                + ".",
                "unknown_milestone",
            )
        if not unknown and end and (start, end) not in wanted:
            after = names.index(start) + 1 if start else 0
            following = f"'{shown[names[after]]}'" if after < len(names) else "no milestone"
            yield Finding(
                Severity.ERROR,
                where,
                "This path skips milestones or runs backwards.",
                f"A path joins one milestone to the very next one. After "
                f"'{path.start.strip() or FIRST_CONTACT}' comes {following}.",
                "not_consecutive",
            )
        if unknown or core_at is None or not end:
            continue
        before_core = names.index(end) <= core_at
        after_core = bool(start) and names.index(start) >= core_at
        for number, touchpoint in enumerate(path.touchpoints):
            step = touchpoint.step
            if before_core and step.side is Stage.AFTER:
                yield Finding(
                    Severity.ERROR,
                    _touchpoint_where(index, number, touchpoint),
                    f"'{step.label}' happens after the purchase, but this path leads up to it.",
                    "Move the touchpoint to a path after the core purchase, or choose the step "
                    "it really serves (acquire, nurture or convert).",
                    "step_too_early",
                )
            elif after_core and step.side is Stage.BEFORE:
                yield Finding(
                    Severity.WARNING,
                    _touchpoint_where(index, number, touchpoint),
                    f"'{step.label}' leads up to the purchase, but this path comes after it.",
                    "For a customer who already bought, choose the step it serves: repeat "
                    "buyers, referrals, customer value, reactivation or the relationship.",
                    "step_too_late",
                )

    present = {(fields.name_key(p.start), fields.name_key(p.end)) for p in paths.paths}
    for start, end in pairs[1:]:  # first contact is optional: a lead may arrive any way
        if (fields.name_key(start), fields.name_key(end)) not in present:
            yield Finding(
                Severity.WARNING,
                "paths",
                f"No path leads from '{start.strip()}' to '{end.strip()}'.",
                "Add a path between these milestones: how does a customer get from one to "
                "the other?",
                "missing_path",
            )


def _gaps(paths: PathSet) -> Iterable[Finding]:
    used = {t.step for t in paths.touchpoints}
    for step in LifecycleStep:
        if step not in used:
            yield Finding(
                Severity.WARNING,
                f"step {step.number} ({step.label})",
                "No touchpoint serves this step.",
                f"Add one, e.g. {', '.join(step.typical_touchpoints)}.",
                "step_not_covered",
            )


def _emotion_points(
    paths: PathSet, milestone_map: MilestoneMap | None
) -> Iterable[tuple[int, int, Touchpoint, str]]:
    """(path index, touchpoint index, touchpoint, "dip" or "low"), in journey order."""
    scale = paths.scale
    previous: Touchpoint | None = None
    for index, path in _ordered(paths, milestone_map):
        for number, touchpoint in enumerate(path.touchpoints):
            if previous is not None and previous.emotion - touchpoint.emotion >= scale.dip_drop:
                yield index, number, touchpoint, "dip"
            if touchpoint.emotion == scale.low:
                yield index, number, touchpoint, "low"
            previous = touchpoint


def _check_emotions(paths: PathSet, milestone_map: MilestoneMap | None) -> Iterable[Finding]:
    scale = paths.scale
    for index, number, touchpoint, kind in _emotion_points(paths, milestone_map):
        where = _touchpoint_where(index, number, touchpoint)
        check_first = (
            " The score is only assumed: ask a few customers first."
            if touchpoint.evidence is Evidence.ASSUMED
            else ""
        )
        if kind == "dip":
            yield Finding(
                Severity.WARNING,
                where,
                f"The customer's mood drops to {scale.label(touchpoint.emotion)} here.",
                "Fix this moment: make it easier, warmer or better timed, or prepare the "
                "customer for it in the touchpoint before." + check_first,
                "emotion_dip",
            )
        else:
            yield Finding(
                Severity.WARNING,
                where,
                f"The lowest score on the scale ({scale.label(scale.low)}): the customer is "
                "very unhappy here.",
                "Fix this moment first: find what upsets the customer and change it, or "
                "remove the touchpoint." + check_first,
                "emotion_low",
            )


# -- the sample business --------------------------------------------------------------


def sample_paths() -> PathSet:
    """The paths of the sample business, Lotus Flow, between its sample milestones.

    Read from the course's sample journey file, ``data/sample_journey.yaml``.
    """
    return _sample.sample_plan().paths


__all__ = [
    "FIRST_CONTACT",
    "VAGUE_WORDS",
    "EmotionScale",
    "Evidence",
    "Path",
    "PathSet",
    "Segment",
    "Touchpoint",
    "is_vague",
    "sample_paths",
]
