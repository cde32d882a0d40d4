"""Use cases: what a customer sets out to do at each stage, step by step.

A use case in Alistair Cockburn's "fully dressed" form names a goal as an
active verb phrase ("Buy the annual membership"), the primary actor who has
that goal, who else cares about the outcome (stakeholders and their interests),
what must be true before it starts (preconditions), what starts it (trigger),
the main success scenario (the plain path where nothing goes wrong, numbered
1..n), the extensions (what may happen instead at a given step, labelled "3a",
"3b"...), and the guarantees: what holds when it succeeds, and the least that
still holds when it fails. Here each use case also says at which journey stage
it happens and the steps where an upsell fits naturally.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from html import escape
from typing import Any

from . import _fields as fields
from . import _sample
from ._fields import moved
from ._html import html_table, text_table
from .findings import Finding, Findings, Severity
from .nfr import JourneyStage


class Level(str, Enum):
    """How high the goal is, in Cockburn's picture of the sea.

    A summary goal (the kite, above the sea) spans many sittings, like "Stay fit
    for a year with the studio"; a user goal (at sea level) is what one person
    does in one sitting and then feels done, like "Book a coaching session"; a
    subfunction (the fish, under water) is a piece of a user goal, like "Pay
    by card". Most use cases worth writing are at sea level.
    """

    SUMMARY = "summary"
    USER_GOAL = "user_goal"
    SUBFUNCTION = "subfunction"

    @property
    def label(self) -> str:
        return {
            "summary": "Summary (kite)",
            "user_goal": "User goal (sea level)",
            "subfunction": "Subfunction (fish)",
        }[self.value]


@dataclass(frozen=True)
class Step:
    """One step of a flow: who acts, and what they do, without a number.

    Numbers come from the position in the flow, so inserting a step never
    leaves a gap. Write the action as a short sentence: "enters an email".
    """

    text: str
    actor: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not isinstance(self.actor, str):
            raise TypeError("Step text and actor must be text")

    def __str__(self) -> str:
        actor = self.actor.strip() or "(who?)"
        return f"{actor}: {self.text.strip()}"

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "actor": self.actor}

    @classmethod
    def from_dict(cls, data: Any, field: str = "step") -> Step:
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, {"text", "actor"})
        return cls(
            fields.text(data, "text", field, default=""),
            fields.text(data, "actor", field, default=""),
        )


# "3a" is the first extension of step 3; "*a" may happen at any step (Cockburn's notation).
_LABEL = re.compile(r"^\s*(\d+|\*)\s*([a-z])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Extension:
    """What may happen instead at one step of the main scenario, and how it is handled.

    ``step`` is a label like "3a" (the first extension of step 3) or ``*a`` (at
    any step); ``condition`` says what is different ("the card is declined");
    ``handling`` is the flow that deals with it, ending where the use case goes
    on or stops.
    """

    step: str
    condition: str
    handling: tuple[Step, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.step, str) or not isinstance(self.condition, str):
            raise TypeError("Extension step and condition must be text")
        object.__setattr__(self, "handling", fields.tuple_of(self.handling, Step, "handling"))

    @property
    def any_step(self) -> bool:
        """True for a ``*a`` extension, which may happen at any step."""
        match = _LABEL.match(self.step)
        return bool(match) and match.group(1) == "*"

    @property
    def step_number(self) -> int | None:
        """The main step this extension hangs on, or None (``*a``, or a label unlike "3a")."""
        match = _LABEL.match(self.step)
        return int(match.group(1)) if match and match.group(1) != "*" else None

    @property
    def label(self) -> str:
        """The label as Cockburn writes it: "3a", with no spaces and a small letter."""
        match = _LABEL.match(self.step)
        return f"{match.group(1)}{match.group(2).lower()}" if match else self.step.strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "condition": self.condition,
            "handling": [s.to_dict() for s in self.handling],
        }

    @classmethod
    def from_dict(cls, data: Any, field: str = "extension") -> Extension:
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, {"step", "condition", "handling"})
        return cls(
            fields.text(data, "step", field, default=""),
            fields.text(data, "condition", field, default=""),
            fields.each(data, "handling", field, Step.from_dict),
        )


def _numbers(data: Mapping[str, Any], key: str, field: str) -> tuple[int, ...]:
    """A list of step numbers, each error naming its place: ``upsell_steps[1]``."""
    path = fields.join(field, key)
    return tuple(
        fields.number({i: item}, i, path, whole=True, what="a step number", required=True)
        for i, item in enumerate(fields.listing(data, key, field))
    )


@dataclass(frozen=True)
class UseCase:
    """One fully dressed use case (Cockburn), placed at a stage of the journey.

    The main scenario is numbered 1..n by position; ``upsell_steps`` are numbers
    of main steps where an upsell fits; ``touchpoint`` optionally names the
    touchpoint of the journey where the use case starts.
    """

    title: str
    primary_actor: str
    stage: JourneyStage
    level: Level = Level.USER_GOAL
    stakeholders: tuple[tuple[str, str], ...] = ()
    preconditions: tuple[str, ...] = ()
    trigger: str = ""
    main_scenario: tuple[Step, ...] = ()
    extensions: tuple[Extension, ...] = ()
    success_guarantee: str = ""
    minimal_guarantee: str = ""
    upsell_steps: tuple[int, ...] = ()
    touchpoint: str = ""

    def __post_init__(self) -> None:
        texts = (
            self.title,
            self.primary_actor,
            self.trigger,
            self.success_guarantee,
            self.minimal_guarantee,
            self.touchpoint,
        )
        if not all(isinstance(t, str) for t in texts):
            raise TypeError(
                "UseCase title, primary_actor, trigger, guarantees and touchpoint must be text"
            )
        object.__setattr__(self, "stage", fields.enum_member(JourneyStage, self.stage, "stage"))
        object.__setattr__(self, "level", fields.enum_member(Level, self.level, "level"))
        stakeholders = tuple(tuple(s) for s in self.stakeholders)
        if not all(len(s) == 2 and all(isinstance(x, str) for x in s) for s in stakeholders):
            raise TypeError("each stakeholder must be a pair of texts: (name, interest)")
        object.__setattr__(self, "stakeholders", stakeholders)
        object.__setattr__(self, "preconditions", tuple(self.preconditions))
        if not all(isinstance(p, str) for p in self.preconditions):
            raise TypeError("preconditions must be texts")
        scenario = fields.tuple_of(self.main_scenario, Step, "main_scenario")
        object.__setattr__(self, "main_scenario", scenario)
        extensions = fields.tuple_of(self.extensions, Extension, "extensions")
        object.__setattr__(self, "extensions", extensions)
        upsells = tuple(self.upsell_steps)
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in upsells):
            raise TypeError("upsell_steps must be step numbers (integers)")
        object.__setattr__(self, "upsell_steps", upsells)

    # -- reading -------------------------------------------------------------------

    def numbered(self) -> tuple[tuple[int, Step], ...]:
        """The main scenario as (number, step), numbered 1..n by position."""
        return tuple(enumerate(self.main_scenario, start=1))

    @property
    def upsell_label(self) -> str:
        """The upsell steps in words: 'upsell at steps 3 and 5'; empty when none is marked."""
        steps = self.upsell_steps
        if not steps:
            return ""
        return f"upsell at step{'s' if len(steps) > 1 else ''} {_and(map(str, steps))}"

    def extensions_at(self, number: int) -> tuple[Extension, ...]:
        """The extensions that hang on main step ``number``."""
        return tuple(e for e in self.extensions if e.step_number == number)

    # -- editing (each returns a new use case) --------------------------------------

    def add_step(self, step: Step) -> UseCase:
        """A new use case with ``step`` at the end of the main scenario."""
        return dataclasses.replace(self, main_scenario=(*self.main_scenario, step))

    def replace_step(self, number: int, step: Step) -> UseCase:
        """A new use case with main step ``number`` (from 1) replaced."""
        index = _index(number, len(self.main_scenario))
        return dataclasses.replace(
            self, main_scenario=fields.replaced(self.main_scenario, index, step)
        )

    def remove_step(self, number: int) -> UseCase:
        """A new use case without main step ``number`` (from 1).

        The extensions and the upsell mark of that step go with it, and those of
        later steps are renumbered, so every reference still means the same step.
        """
        scenario = fields.removed(self.main_scenario, _index(number, len(self.main_scenario)))
        extensions = []
        for extension in self.extensions:
            at = extension.step_number
            if at == number:
                continue
            if at is not None and at > number:
                label = extension.label
                extension = dataclasses.replace(extension, step=f"{at - 1}{label[-1]}")
            extensions.append(extension)
        upsells = tuple(n - (n > number) for n in self.upsell_steps if n != number)
        return dataclasses.replace(
            self,
            main_scenario=scenario,
            extensions=tuple(extensions),
            upsell_steps=upsells,
        )

    def move_step(self, number: int, by: int) -> UseCase:
        """A new use case with step ``number`` (from 1) moved ``by`` places (negative: earlier).

        The steps are renumbered by their new places, and the extensions and
        upsell marks follow their steps: "3a" of a step that is now step 4 reads
        "4a", so every reference still means the same step. A move past either
        end stops there.
        """
        count = len(self.main_scenario)
        order = moved(range(1, count + 1), _index(number, count), by)
        new = {old: place for place, old in enumerate(order, start=1)}
        scenario = tuple(self.main_scenario[old - 1] for old in order)
        extensions = []
        for extension in self.extensions:
            at = extension.step_number
            if at in new and new[at] != at:
                extension = dataclasses.replace(extension, step=f"{new[at]}{extension.label[-1]}")
            extensions.append(extension)
        upsells = tuple(sorted(new.get(n, n) for n in self.upsell_steps))
        return dataclasses.replace(
            self, main_scenario=scenario, extensions=tuple(extensions), upsell_steps=upsells
        )

    def add_extension(self, extension: Extension) -> UseCase:
        return dataclasses.replace(self, extensions=(*self.extensions, extension))

    def remove_extension(self, index: int) -> UseCase:
        """A new use case without the extension at ``index`` (from 0, in listed order)."""
        return dataclasses.replace(self, extensions=fields.removed(self.extensions, index))

    def move_extension(self, index: int, by: int) -> UseCase:
        """A new use case with the extension at ``index`` listed ``by`` places later.

        Only the listing order changes: the extension still hangs on its step.
        """
        return dataclasses.replace(self, extensions=moved(self.extensions, index, by))

    def mark_upsell(self, number: int, upsell: bool = True) -> UseCase:
        """A new use case with main step ``number`` marked (or unmarked) as an upsell moment."""
        others = tuple(n for n in self.upsell_steps if n != number)
        return dataclasses.replace(
            self, upsell_steps=tuple(sorted((*others, number))) if upsell else others
        )

    # -- checking ------------------------------------------------------------------

    def check(self, touchpoints: Iterable[str] | None = None) -> Findings:
        """What a learner should fix, as findings with hints.

        Given the touchpoint names of the journey, a touchpoint that is not
        among them is flagged too.
        """
        known = None if touchpoints is None else {fields.name_key(t) for t in touchpoints}
        return Findings(_check_use_case(0, self, known))

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "primary_actor": self.primary_actor,
            "stage": self.stage.value,
            "level": self.level.value,
            "stakeholders": [{"name": n, "interest": i} for n, i in self.stakeholders],
            "preconditions": list(self.preconditions),
            "trigger": self.trigger,
            "main_scenario": [s.to_dict() for s in self.main_scenario],
            "extensions": [e.to_dict() for e in self.extensions],
            "success_guarantee": self.success_guarantee,
            "minimal_guarantee": self.minimal_guarantee,
            "upsell_steps": list(self.upsell_steps),
            "touchpoint": self.touchpoint,
        }

    @classmethod
    def from_dict(cls, data: Any, field: str = "use_case") -> UseCase:
        data = fields.mapping(data, field)
        fields.allowed_keys(data, field, {f.name for f in dataclasses.fields(cls)})
        key = fields.join(field, "stakeholders")
        stakeholders = []
        for index, item in enumerate(fields.listing(data, "stakeholders", field)):
            place = fields.join(key, index)
            item = fields.mapping(item, place)
            fields.allowed_keys(item, place, {"name", "interest"})
            stakeholders.append(
                (
                    fields.text(item, "name", place, default=""),
                    fields.text(item, "interest", place, default=""),
                )
            )
        return cls(
            title=fields.text(data, "title", field, default=""),
            primary_actor=fields.text(data, "primary_actor", field, default=""),
            stage=fields.choice(data, "stage", field, JourneyStage),
            level=(
                fields.choice(data, "level", field, Level)
                if data.get("level") is not None
                else Level.USER_GOAL
            ),
            stakeholders=tuple(stakeholders),
            preconditions=fields.texts(data, "preconditions", field),
            trigger=fields.text(data, "trigger", field, default=""),
            main_scenario=fields.each(data, "main_scenario", field, Step.from_dict),
            extensions=fields.each(data, "extensions", field, Extension.from_dict),
            success_guarantee=fields.text(data, "success_guarantee", field, default=""),
            minimal_guarantee=fields.text(data, "minimal_guarantee", field, default=""),
            upsell_steps=_numbers(data, "upsell_steps", field),
            touchpoint=fields.text(data, "touchpoint", field, default=""),
        )

    # -- showing -------------------------------------------------------------------

    def _rows(self) -> list[tuple[str, str]]:
        """The fully dressed template, one field per row; lists one item per line."""

        def lines(items: Iterable[str]) -> str:
            return "\n".join(items) or "—"

        steps = [
            f"{n}. {step}" + ("  ← upsell fits here" if n in self.upsell_steps else "")
            for n, step in self.numbered()
        ]
        extensions = []
        for extension in self.extensions:
            extensions.append(f"{extension.label}. {extension.condition.strip() or '(when?)'}")
            extensions += [
                f"    {extension.label}{i}. {step}"
                for i, step in enumerate(extension.handling, start=1)
            ]
        return [
            ("Goal (title)", self.title),
            ("Primary actor", self.primary_actor),
            ("Journey stage", self.stage.label),
            ("Level", self.level.label),
            ("Stakeholders and interests", lines(f"{n}: {i}" for n, i in self.stakeholders)),
            ("Preconditions", lines(self.preconditions)),
            ("Trigger", self.trigger or "—"),
            ("Main success scenario", lines(steps)),
            ("Extensions", lines(extensions)),
            ("Success guarantee", self.success_guarantee or "—"),
            ("Minimal guarantee", self.minimal_guarantee or "—"),
            ("Upsell fits at step", ", ".join(map(str, self.upsell_steps)) or "—"),
            ("Touchpoint", self.touchpoint or "—"),
        ]

    def __str__(self) -> str:
        # one text row per line, so the columns still line up
        rows = [
            (name if i == 0 else "", line)
            for name, value in self._rows()
            for i, line in enumerate(value.split("\n"))
        ]
        return text_table(("field", "value"), rows, caption=f"Use case: {self.title}")

    def _repr_html_(self) -> str:
        table = html_table(("field", "value"), self._rows(), caption=f"Use case: {self.title}")
        summary = escape(self.check().summary())
        # pre-line keeps the one-step-per-line layout of the flows; the cells stay escaped
        return (
            f'<div class="jl-usecase" style="white-space:pre-line">{table}</div>'
            f'<p class="jl-summary">{summary}</p>'
        )


def _index(number: int, count: int) -> int:
    if not 1 <= number <= count:
        raise IndexError(f"there is no step {number}; steps are numbered 1 to {count}")
    return number - 1


@dataclass(frozen=True)
class UseCaseSet:
    """The use cases of one journey, in the order the learner wrote them.

    Methods return a new set; ``check()`` says what to fix across all of them;
    ``table()`` gives one row per use case.
    """

    use_cases: tuple[UseCase, ...] = ()
    title: str = ""

    def __post_init__(self) -> None:
        use_cases = fields.tuple_of(self.use_cases, UseCase, "use_cases")
        object.__setattr__(self, "use_cases", use_cases)
        if not isinstance(self.title, str):
            raise TypeError("UseCaseSet title must be text")

    # -- editing -------------------------------------------------------------------

    def add(self, use_case: UseCase) -> UseCaseSet:
        return dataclasses.replace(self, use_cases=(*self.use_cases, use_case))

    def replace(self, index: int, use_case: UseCase) -> UseCaseSet:
        """A new set with the use case at ``index`` (from 0) replaced."""
        return dataclasses.replace(self, use_cases=fields.replaced(self.use_cases, index, use_case))

    def remove(self, index: int) -> UseCaseSet:
        return dataclasses.replace(self, use_cases=fields.removed(self.use_cases, index))

    def move(self, index: int, by: int) -> UseCaseSet:
        """A new set with the use case at ``index`` (from 0) listed ``by`` places later."""
        return dataclasses.replace(self, use_cases=moved(self.use_cases, index, by))

    def with_title(self, title: str) -> UseCaseSet:
        return dataclasses.replace(self, title=title)

    # -- reading -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.use_cases)

    def at_stage(self, stage: JourneyStage) -> tuple[UseCase, ...]:
        return tuple(u for u in self.use_cases if u.stage is stage)

    def actors(self) -> tuple[str, ...]:
        """The primary actors, each once (case and spacing ignored), in order of appearance."""
        seen: dict[str, str] = {}
        for use_case in self.use_cases:
            name = use_case.primary_actor.strip()
            if name:
                seen.setdefault(fields.name_key(name), name)
        return tuple(seen.values())

    def describe(self) -> str:
        """A few sentences for a reader who cannot see the diagram (alt text)."""
        title = f"{self.title.strip()}: " if self.title.strip() else ""
        if not self.use_cases:
            return f"{title}use case diagram with no use cases yet."
        parts = []
        for stage in JourneyStage:
            cases = [
                f"{u.title.strip() or '(untitled)'} (by {u.primary_actor.strip() or 'no actor'}"
                + (f"; {u.upsell_label}" if u.upsell_steps else "")
                + ")"
                for u in self.at_stage(stage)
            ]
            if cases:
                parts.append(f"{stage.label}: {'; '.join(cases)}.")
        actors = _and(self.actors()) or "none named"
        count = len(self.use_cases)
        return (
            f"{title}use case diagram with {count} use case{'s' if count > 1 else ''} "
            f"by journey stage. Actors: {actors}. " + " ".join(parts)
        )

    def table(self) -> Any:
        """One row per use case, as a pandas DataFrame."""
        import pandas as pd  # here, so that importing the package stays fast

        columns = (
            "use case", "primary actor", "stage", "level", "trigger", "steps",
            "extensions", "upsell at steps", "touchpoint",
        )  # fmt: skip
        rows = [
            (
                u.title,
                u.primary_actor,
                u.stage.label,
                u.level.label,
                u.trigger,
                len(u.main_scenario),
                len(u.extensions),
                ", ".join(map(str, u.upsell_steps)),
                u.touchpoint,
            )
            for u in self.use_cases
        ]
        return pd.DataFrame(rows, columns=list(columns))

    # -- checking ------------------------------------------------------------------

    def check(self, touchpoints: Iterable[str] | None = None) -> Findings:
        """What a learner should fix or consider, as findings with hints.

        Given the touchpoint names of the journey, each use case's touchpoint
        must be one of them.
        """
        return Findings(_check_set(self, touchpoints))

    # -- plain data ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "use_cases": [u.to_dict() for u in self.use_cases]}

    @classmethod
    def from_dict(cls, data: Any, field: str = "") -> UseCaseSet:
        data = fields.mapping(data, field or "use cases")
        fields.allowed_keys(data, field, {"title", "use_cases"})
        return cls(
            fields.each(data, "use_cases", field, UseCase.from_dict),
            fields.text(data, "title", field, default=""),
        )

    # -- showing -------------------------------------------------------------------

    _HEADERS = ("#", "use case", "primary actor", "stage", "level", "steps", "upsell at")

    def _rows(self) -> list[tuple[object, ...]]:
        return [
            (
                i + 1,
                u.title,
                u.primary_actor,
                u.stage.label,
                u.level.label,
                len(u.main_scenario),
                ", ".join(map(str, u.upsell_steps)) or "—",
            )
            for i, u in enumerate(self.use_cases)
        ]

    def __str__(self) -> str:
        return text_table(self._HEADERS, self._rows(), caption=self.title or "Use cases")

    def _repr_html_(self) -> str:
        table = html_table(self._HEADERS, self._rows(), caption=self.title or "Use cases")
        return f'{table}<p class="jl-summary">{escape(self.check().summary())}</p>'


def _and(items: Iterable[str]) -> str:
    items = list(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


# -- the title heuristic --------------------------------------------------------------

_NOT_VERBS = {"a", "an", "the", "my", "our", "your", "their", "his", "her", "its", "this"}
_ROLES = {"customer", "user", "member", "client", "prospect", "visitor", "buyer", "system"}
_VERBS_IN_ING = {"bring", "sing", "ring", "string", "swing", "spring", "sting", "cling", "fling"}
_NOUN_ENDINGS = ("tion", "sion", "ment")
_VERBS_LIKE_NOUNS = {
    "mention", "question", "position", "function", "commission", "audition",
    "implement", "document", "comment", "supplement", "complement", "segment", "augment",
}  # fmt: skip


def title_problem(title: str, actor: str = "") -> str:
    """Why ``title`` does not read as an active-verb goal, or "" when it does.

    A short heuristic, not grammar: a goal starts with a verb ("Book a session").
    It is flagged when its first word is an article or possessive ("The
    booking"), an actor ("Member books..." tells a story, not a goal), a word
    in -ing ("Booking a session"), or a noun in -tion, -sion or -ment
    ("Registration", "Payment"). A few verbs with those endings are let through
    ("Bring", "Document"). Rephrase what is flagged as "<verb> <what>".
    """
    words = re.findall(r"[^\W\d_]+", title.casefold())
    if not words:
        return ""
    first = words[0]
    actor_words = re.findall(r"[^\W\d_]+", actor.casefold())
    if first in _NOT_VERBS:
        return f"it starts with '{first}', so it names a thing rather than a goal"
    if first in _ROLES or (actor_words and first == actor_words[0]):
        return f"it starts with the actor ('{first}'): it tells a story rather than names a goal"
    if first.endswith("ing") and first not in _VERBS_IN_ING:
        return f"'{first}' is a word in -ing, which names an activity rather than a goal"
    if first.endswith(_NOUN_ENDINGS) and first not in _VERBS_LIKE_NOUNS:
        return f"'{first}' reads as a noun, not a verb"
    return ""


# -- checking -------------------------------------------------------------------------


def _where(number: int, use_case: UseCase) -> str:
    """Where a finding is: 'use case 2 (Buy the plan)'; unnumbered when checked alone."""
    title = use_case.title.strip()
    return f"use case{f' {number}' if number else ''}" + (f" ({title})" if title else "")


def _check_set(s: UseCaseSet, touchpoints: Iterable[str] | None) -> Iterable[Finding]:
    if not s.use_cases:
        yield Finding(
            Severity.WARNING,
            "use cases",
            "There are no use cases yet.",
            "Start with the core purchase: what does the customer set out to do, and who is "
            "that customer? E.g. 'Book a table for Friday' by a regular guest.",
            "no_use_cases",
        )
        return
    known = None if touchpoints is None else {fields.name_key(t) for t in touchpoints}
    seen: dict[str, int] = {}
    for number, use_case in enumerate(s.use_cases, start=1):
        yield from _check_use_case(number, use_case, known)
        key = fields.name_key(use_case.title)
        if key and key in seen:
            yield Finding(
                Severity.ERROR,
                _where(number, use_case),
                f"The same title as use case {seen[key]}.",
                "Each use case is a different goal: merge the two, or name what differs "
                "(e.g. 'Buy a yearly plan' and 'Buy a monthly plan').",
                "duplicate_title",
            )
        seen.setdefault(key, number)
    if not any(u.upsell_steps for u in s.use_cases):
        yield Finding(
            Severity.TIP,
            "use cases",
            "No step is marked as a place for an upsell.",
            "Look for the moments when a customer is most open to more: checkout, just after "
            "a success, a milestone reached. Mark that step with mark_upsell(step).",
            "no_upsell_anywhere",
        )


def _check_use_case(number: int, u: UseCase, known: set[str] | None) -> Iterable[Finding]:
    """The findings of one use case; ``known`` holds the journey's touchpoint names, normalised."""
    where = _where(number, u)
    if not u.title.strip():
        yield Finding(
            Severity.ERROR,
            where,
            "This use case has no title.",
            "Name the actor's goal as a verb phrase, e.g. 'Book a coaching session'.",
            "empty_title",
        )
    elif problem := title_problem(u.title, u.primary_actor):
        yield Finding(
            Severity.WARNING,
            where,
            f"The title does not read as a goal: {problem}.",
            "Start the title with an active verb saying what the actor wants done, "
            "e.g. 'Book a coaching session' rather than 'Coaching booking'.",
            "title_not_a_goal",
        )
    if not u.primary_actor.strip():
        yield Finding(
            Severity.ERROR,
            where,
            "No primary actor: nobody has this goal.",
            "Name who wants this done: a role such as 'Prospect' or 'Member', not a person.",
            "missing_actor",
        )
    if not u.main_scenario:
        yield Finding(
            Severity.ERROR,
            where,
            "The main success scenario has no steps.",
            "Write the plain path where all goes well, in 3 to 9 steps, each "
            "'who does what': 'Member picks a time slot'.",
            "empty_flow",
        )
    for n, step in u.numbered():
        yield from _check_step(f"{where}, step {n}", step)

    count = len(u.main_scenario)
    labels: set[str] = set()
    for extension in u.extensions:
        place = f"{where}, extension {extension.label or '(no label)'}"
        at = extension.step_number
        if not _LABEL.match(extension.step):
            yield Finding(
                Severity.ERROR,
                place,
                f"The extension label {extension.step.strip()!r} does not say which step "
                "it belongs to.",
                "Label an extension with its step number and a letter: '3a' for the first "
                "extension of step 3, '*a' for one that may happen at any step.",
                "extension_points_nowhere",
            )
        elif (at is not None and not 1 <= at <= count) or (extension.any_step and not count):
            yield Finding(
                Severity.ERROR,
                place,
                f"Extension {extension.label} points at step {at or '*'}, but the main "
                f"scenario has {count} step{'s' if count != 1 else ''}.",
                f"Point it at the step where things go differently (1 to {count}), "
                "or add that step first.",
                "extension_points_nowhere",
            )
        if extension.label in labels:
            yield Finding(
                Severity.ERROR,
                place,
                f"Two extensions are labelled {extension.label}.",
                "Give each extension of a step its own letter: 3a, 3b, 3c...",
                "duplicate_extension",
            )
        labels.add(extension.label)
        if not extension.condition.strip():
            yield Finding(
                Severity.ERROR,
                place,
                "The extension does not say what happens differently.",
                "Write the condition the system can detect, e.g. 'The card is declined'.",
                "extension_without_condition",
            )
        if not extension.handling:
            yield Finding(
                Severity.ERROR,
                place,
                "The extension has no steps to handle it.",
                "Say how the use case deals with it, and where it goes on or stops: "
                "'System offers another card; back to step 4'.",
                "empty_flow",
            )
        for i, step in enumerate(extension.handling, start=1):
            yield from _check_step(f"{place}, step {extension.label}{i}", step)

    for step in u.upsell_steps:
        if not 1 <= step <= count:
            yield Finding(
                Severity.ERROR,
                where,
                f"An upsell is marked at step {step}, but the main scenario has "
                f"{count} step{'s' if count != 1 else ''}.",
                "Mark the step where the customer is offered more, by its number in the main "
                "scenario.",
                "upsell_step_out_of_range",
            )
    missing = [
        name
        for name, value in (
            ("success guarantee", u.success_guarantee),
            ("minimal guarantee", u.minimal_guarantee),
        )
        if not value.strip()
    ]
    if missing:
        yield Finding(
            Severity.WARNING,
            where,
            f"No {' and no '.join(missing)}.",
            "Say what is true when the goal is reached (success guarantee) and the least "
            "that still holds if it fails, e.g. 'no card is charged twice' (minimal).",
            "no_guarantees",
        )
    if known is not None and u.touchpoint.strip() and fields.name_key(u.touchpoint) not in known:
        yield Finding(
            Severity.WARNING,
            where,
            f"The touchpoint {u.touchpoint.strip()!r} is not one of the journey's.",
            "Use the exact name of a touchpoint on your paths, or leave it empty.",
            "unknown_touchpoint",
        )


def _check_step(where: str, step: Step) -> Iterable[Finding]:
    if not step.text.strip():
        yield Finding(
            Severity.ERROR,
            where,
            "This step says nothing.",
            "Write what happens as a short sentence, or remove the step.",
            "empty_step",
        )
    if not step.actor.strip():
        yield Finding(
            Severity.ERROR,
            where,
            "Nobody does this step.",
            "Name who acts: the primary actor, the system, or another actor such as "
            "'Payment provider'.",
            "missing_actor",
        )


# -- the sample business --------------------------------------------------------------


def sample_use_cases() -> UseCaseSet:
    """Four use cases of the sample business, one per stage from consideration on.

    Read from the course's sample journey file, ``data/sample_journey.yaml``.
    """
    return _sample.sample_plan().use_cases


__all__ = [
    "Extension",
    "Level",
    "Step",
    "UseCase",
    "UseCaseSet",
    "sample_use_cases",
    "title_problem",
]
