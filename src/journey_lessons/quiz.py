"""Practice questions whose feedback hints before it tells.

Three kinds of question, each a frozen definition that is checked when it is
made (a malformed one raises ``ValueError`` naming the question and the field):

- :class:`Choice`: pick one option, or several;
- :class:`Sort`: put each item in one of a few named columns;
- :class:`Number`: type a number, right within a tolerance, in a unit.

Each question grades an answer into a :class:`Grade` that says how much is
right without saying what the answer is. A :class:`QuizState` is the plain
record of one learner on one question (the answers graded so far, whether the
answer was shown), and ``answer()`` and ``reveal()`` return a new state whose
``feedback`` comes in stages:

- nothing answered yet: no verdict, no hint, no answer;
- the first wrong answer: what is right so far and the first hint;
- the second: more specific (which items to look at again) and the second hint;
- the answer itself only when the learner asks for it, with ``reveal()``;
- a right answer: a short confirmation and the explanation.

An :class:`Exercise` is a titled list of questions; its :class:`ExerciseState`
keeps one :class:`QuizState` per question and gives the :class:`Score`.

In a notebook, ``journey_lessons.widgets.Quiz`` shows an exercise as a form;
in code, the same happens with ``exercise.start().answer("nps", 20)``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from numbers import Real
from typing import Any

from ._fields import name_key
from ._html import escape

__all__ = [
    "Choice",
    "Exercise",
    "ExerciseState",
    "Grade",
    "Number",
    "Outcome",
    "Question",
    "QuizFeedback",
    "QuizState",
    "Score",
    "Sort",
    "parse_number",
]


class Outcome(str, Enum):
    """What grading an answer found."""

    EMPTY = "empty"  # nothing answered: no feedback, and not an attempt
    UNREADABLE = "unreadable"  # an answer that cannot be graded yet: not an attempt
    WRONG = "wrong"
    RIGHT = "right"


@dataclass(frozen=True)
class Grade:
    """The grade of one answer: how much of it is right, never what the answer is.

    ``message`` is shown with every wrong answer (how many items are right, say);
    ``look_again`` is more specific (which items, too high or too low) and is
    shown from the second wrong answer on; ``wrong_items`` lists the items or
    options it names.
    """

    outcome: Outcome
    right: int = 0
    total: int = 0
    message: str = ""
    look_again: str = ""
    wrong_items: tuple[str, ...] = ()

    @property
    def is_right(self) -> bool:
        return self.outcome is Outcome.RIGHT

    @property
    def counts(self) -> bool:
        """True when the answer was graded, right or wrong: an attempt."""
        return self.outcome in (Outcome.RIGHT, Outcome.WRONG)


# -- defining questions ----------------------------------------------------------------


def _invalid(kind: str, name: object, field: str, problem: str) -> ValueError:
    return ValueError(f"{kind} {name!r}, {field}: {problem}")


def _text(kind: str, name: object, field: str, value: object, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise _invalid(kind, name, field, f"should be text, not {type(value).__name__}")
    if not empty and not value.strip():
        raise _invalid(kind, name, field, "is empty")
    return value


def _texts(kind: str, name: object, field: str, values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise _invalid(kind, name, field, "should be a list of texts")
    return tuple(_text(kind, name, f"{field}[{i}]", v) for i, v in enumerate(values))


def _unique(kind: str, name: object, field: str, values: tuple[str, ...]) -> None:
    seen: dict[str, str] = {}
    for value in values:
        if name_key(value) in seen:
            raise _invalid(kind, name, field, f"{value!r} is listed twice")
        seen[name_key(value)] = value


def _common(question: Any) -> None:
    """Check and normalise what every question has: a name, a prompt, hints, an explanation."""
    kind = type(question).__name__
    name = question.name
    if not isinstance(name, str) or not name.strip():
        raise _invalid(kind, name, "name", "give the question a short name, such as 'nps'")
    _text(kind, name, "prompt", question.prompt)
    hints = _texts(kind, name, "hints", question.hints)
    if not hints:
        raise _invalid(kind, name, "hints", "give at least one hint for a first wrong answer")
    object.__setattr__(question, "hints", hints)
    _text(kind, name, "explanation", question.explanation)


def _find(choices: tuple[str, ...], given: str) -> str | None:
    """The choice that ``given`` names, ignoring case and spacing, or None."""
    key = name_key(given)
    return next((c for c in choices if name_key(c) == key), None)


def _letter(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index] if index < 26 else str(index + 1)


def _blank(value: object) -> bool:
    return isinstance(value, str) and not value.strip()


def _listed(values: Iterable[str]) -> str:
    return "; ".join(f"'{v}'" for v in values)


@dataclass(frozen=True)
class Choice:
    """Pick the right option, or, with ``several``, every right option.

    ``correct`` is one option or a list of them. ``several`` says whether the
    learner may tick several options; by default it is True when more than one
    option is correct (set it to True for a "tick all that apply" question with
    one right option, so that the form does not give that away).

    An answer is an option's text (case and spacing ignored) or its letter as
    printed (``"b"``); with ``several``, a list of them.
    """

    name: str
    prompt: str
    options: tuple[str, ...]
    correct: tuple[str, ...]
    hints: tuple[str, ...]
    explanation: str
    several: bool | None = None

    def __post_init__(self) -> None:
        _common(self)
        kind, name = "Choice", self.name
        options = _texts(kind, name, "options", self.options)
        if len(options) < 2:
            raise _invalid(kind, name, "options", "give at least two options to choose from")
        _unique(kind, name, "options", options)
        correct = (self.correct,) if isinstance(self.correct, str) else self.correct
        correct = _texts(kind, name, "correct", correct)
        if not correct:
            raise _invalid(kind, name, "correct", "name the right option")
        found = []
        for option in correct:
            match = _find(options, option)
            if match is None:
                raise _invalid(kind, name, "correct", f"{option!r} is not among the options")
            found.append(match)
        _unique(kind, name, "correct", tuple(found))
        several = len(found) > 1 if self.several is None else self.several
        if not isinstance(several, bool):
            raise _invalid(kind, name, "several", "should be True or False")
        if not several and len(found) > 1:
            raise _invalid(kind, name, "several", "is False, but more than one option is correct")
        object.__setattr__(self, "options", options)
        object.__setattr__(self, "correct", tuple(o for o in options if o in found))
        object.__setattr__(self, "several", several)

    def _chosen(self, answer: Any) -> tuple[str, ...] | Grade:
        """The options an answer names, in the options' order, or the grade that stops it."""
        if answer is None or _blank(answer):
            given: list[Any] = []
        elif isinstance(answer, str):
            given = [answer]
        elif isinstance(answer, Iterable) and not isinstance(answer, Mapping):
            given = [a for a in answer if a is not None and not _blank(a)]
        else:
            return Grade(Outcome.UNREADABLE, message="Give an option's text or its letter.")
        if not given:
            return Grade(Outcome.EMPTY, message="Nothing to check yet: choose an answer first.")
        chosen = set()
        for item in given:
            text = str(item) if isinstance(item, (str, int)) else ""
            match = _find(self.options, text)
            if match is None and len(text.strip()) == 1:
                letters = [_letter(i) for i in range(len(self.options))]
                if text.strip().casefold() in letters:
                    match = self.options[letters.index(text.strip().casefold())]
            if match is None:
                return Grade(Outcome.UNREADABLE, message=f"{item!r} is not one of the options.")
            chosen.add(match)
        if not self.several and len(chosen) > 1:
            return Grade(Outcome.UNREADABLE, message="Choose one option only.")
        return tuple(o for o in self.options if o in chosen)

    def grade(self, answer: Any) -> Grade:
        """How the answer fares, without naming the right options."""
        chosen = self._chosen(answer)
        if isinstance(chosen, Grade):
            return chosen
        if not self.several:
            if chosen[0] in self.correct:
                return Grade(Outcome.RIGHT, 1, 1)
            return Grade(Outcome.WRONG, 0, 1, f"'{chosen[0]}' is not it.", wrong_items=chosen)
        picked = set(chosen)
        correct = set(self.correct)
        right = sum((o in picked) == (o in correct) for o in self.options)
        if picked == correct:
            return Grade(Outcome.RIGHT, right, len(self.options))
        wrong = tuple(o for o in chosen if o not in correct)
        missing = len(correct - picked)
        good = len(picked & correct)
        if len(picked) == 1:
            parts = [f"your choice is {'right' if good else 'not right'}"]
        else:
            parts = [f"{good} of your {len(picked)} choices {'is' if good == 1 else 'are'} right"]
        if missing:
            parts.append(
                f"{missing} right option{' is' if missing == 1 else 's are'} not chosen yet"
            )
        look = f"Look again at: {_listed(wrong)}." if wrong else ""
        if missing and not wrong:
            look = "Everything you chose is right; something is still missing."
        return Grade(Outcome.WRONG, right, len(self.options), "; ".join(parts) + ".", look, wrong)

    def right_answer(self) -> str | tuple[str, ...]:
        """The answer that grades as right: an option, or a tuple of them with ``several``."""
        return self.correct if self.several else self.correct[0]

    def solution(self) -> tuple[str, ...]:
        """The answer, a line each, for when the learner asks for it."""
        return self.correct

    def lines(self) -> tuple[str, ...]:
        """The question as a learner reads it: the prompt, then the lettered options."""
        how = "Tick every option that applies." if self.several else "Choose one."
        options = tuple(f"{_letter(i)}) {o}" for i, o in enumerate(self.options))
        return (self.prompt, how, *options)

    def __repr__(self) -> str:  # no answer, hint or explanation in a repr
        return f"Choice({self.name!r}: {self.prompt!r})"


@dataclass(frozen=True)
class Sort:
    """Put each item in its column, e.g. a moment of truth under ZMOT, FMOT or SMOT.

    ``columns`` names the columns in the order they are shown (a column may be
    left empty on purpose, as a distractor); ``items`` maps each item to its
    right column, in the order the items are shown: mix them up, so that the
    order gives nothing away.

    An answer maps each item to the column the learner put it in (names
    compared ignoring case and spacing).
    """

    name: str
    prompt: str
    columns: tuple[str, ...]
    items: tuple[tuple[str, str], ...]
    hints: tuple[str, ...]
    explanation: str

    def __post_init__(self) -> None:
        _common(self)
        kind, name = "Sort", self.name
        columns = _texts(kind, name, "columns", self.columns)
        if len(columns) < 2:
            raise _invalid(kind, name, "columns", "give at least two columns to sort into")
        _unique(kind, name, "columns", columns)
        items = self.items.items() if isinstance(self.items, Mapping) else self.items
        try:
            pairs = [tuple(pair) for pair in items]
        except TypeError:
            raise _invalid(kind, name, "items", "map each item to its column") from None
        if not pairs:
            raise _invalid(kind, name, "items", "give at least one item to sort")
        placed = []
        for pair in pairs:
            if len(pair) != 2:
                raise _invalid(kind, name, "items", "map each item to its column")
            item = _text(kind, name, "items", pair[0])
            column = pair[1]
            if column is None or (isinstance(column, str) and not column.strip()):
                raise _invalid(kind, name, "items", f"{item!r} is in no column")
            column = _text(kind, name, f"items[{item!r}]", column)
            match = _find(columns, column)
            if match is None:
                raise _invalid(
                    kind, name, "items", f"{item!r} is in {column!r}, which is not a column"
                )
            placed.append((item, match))
        _unique(kind, name, "items", tuple(item for item, _ in placed))
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "items", tuple(placed))

    @property
    def item_names(self) -> tuple[str, ...]:
        """The items, in the order they are shown."""
        return tuple(item for item, _ in self.items)

    def column_of(self, item: str) -> str:
        """The right column of an item (for tests and for an instructor's key)."""
        found = _find(self.item_names, item)
        if found is None:
            raise KeyError(item)
        return dict(self.items)[found]

    def grade(self, answer: Any) -> Grade:
        """How many items are in their right column, and (for later) which are not."""
        if answer is None:
            answer = {}
        if not isinstance(answer, Mapping):
            return Grade(Outcome.UNREADABLE, message="Give each item with its column.")
        names = self.item_names
        placed: dict[str, str] = {}
        for key, column in answer.items():
            item = _find(names, key) if isinstance(key, str) else None
            if item is None:
                return Grade(Outcome.UNREADABLE, message=f"{key!r} is not one of the items.")
            if column is None or _blank(column):
                continue
            match = _find(self.columns, column) if isinstance(column, str) else None
            if match is None:
                return Grade(Outcome.UNREADABLE, message=f"{column!r} is not one of the columns.")
            placed[item] = match
        if not placed:
            return Grade(Outcome.EMPTY, message="Nothing to check yet: put the items in columns.")
        left = len(names) - len(placed)
        if left:
            return Grade(
                Outcome.UNREADABLE,
                message=f"Put every item in a column first: {left} of {len(names)} "
                f"{'has' if left == 1 else 'have'} none yet.",
            )
        wrong = tuple(item for item, column in self.items if placed[item] != column)
        right = len(names) - len(wrong)
        if not wrong:
            done = f"All {right} items are in place." if right > 1 else "The item is in place."
            return Grade(Outcome.RIGHT, right, len(names), done)
        return Grade(
            Outcome.WRONG,
            right,
            len(names),
            f"{right} of {len(names)} items {'is' if right == 1 else 'are'} in the right column.",
            f"Look again at: {_listed(wrong)}.",
            wrong,
        )

    def right_answer(self) -> dict[str, str]:
        """The answer that grades as right: each item with its column."""
        return dict(self.items)

    def solution(self) -> tuple[str, ...]:
        """The answer, one line per column that holds items."""
        lines = []
        for column in self.columns:
            members = [item for item, placed in self.items if placed == column]
            if members:
                lines.append(f"{column}: {'; '.join(members)}")
        return tuple(lines)

    def lines(self) -> tuple[str, ...]:
        """The question as a learner reads it: the prompt, the columns, the items."""
        return (
            self.prompt,
            "Columns: " + "; ".join(self.columns),
            *(f"- {item}" for item in self.item_names),
        )

    def __repr__(self) -> str:
        return f"Sort({self.name!r}: {self.prompt!r})"


_CURRENCY = "€$£¥"
_SPACES = dict.fromkeys(map(ord, " \u00a0\u2009\u202f\u2007'"), None)


def parse_number(text: Any, unit: str = "") -> float | None:
    """A number typed by a learner, or None when it is not one.

    Accepts ``20``, ``-20``, ``−20`` (a typographic minus), ``12.5``, ``12,5``,
    ``1,234.5``, ``€38.50``, ``45 %`` and the number followed by ``unit``.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, Real):
        value = float(text)
        return value if math.isfinite(value) else None
    if not isinstance(text, str):
        return None
    t = text.strip().replace("\u2212", "-")
    if unit.strip() and t.casefold().endswith(unit.strip().casefold()):
        t = t[: -len(unit.strip())]
    t = t.translate(_SPACES).strip(_CURRENCY + "%").lstrip("+")
    if t.startswith("-"):
        t = "-" + t[1:].lstrip(_CURRENCY)
    if "," in t and "." in t:
        t = t.replace(",", "")
    elif t.count(",") == 1 and not re.fullmatch(r"-?\d{1,3},\d{3}", t):
        t = t.replace(",", ".")
    else:
        t = t.replace(",", "")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", t):
        return None
    value = float(t)
    return value if math.isfinite(value) else None


def _amount(value: float, unit: str) -> str:
    """A number as the course writes it: no trailing zeros, with its unit."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in tuple(_CURRENCY):
        return f"{unit}{text if value == int(value) else f'{value:,.2f}'}"
    if unit == "%" or not unit:
        return f"{text}{unit}"
    return f"{text} {unit}"


@dataclass(frozen=True)
class Number:
    """Type a number: right when it is within ``tolerance`` of ``value``, in ``unit``.

    Say in the prompt how to round (e.g. "to the nearest whole number", with a
    tolerance of 0.5). For a percentage, use the unit ``"%"``: an answer such as
    0.45 is then taken for a share and the learner is asked to give it in %.
    """

    name: str
    prompt: str
    value: float
    hints: tuple[str, ...]
    explanation: str
    unit: str = ""
    tolerance: float = 0.0

    def __post_init__(self) -> None:
        _common(self)
        kind, name = "Number", self.name
        for field in ("value", "tolerance"):
            number = getattr(self, field)
            if isinstance(number, bool) or not isinstance(number, Real):
                raise _invalid(kind, name, field, f"should be a number, not {number!r}")
            if not math.isfinite(number):
                raise _invalid(kind, name, field, f"should be a finite number, not {number!r}")
            object.__setattr__(self, field, float(number))
        if self.tolerance < 0:
            raise _invalid(kind, name, "tolerance", f"should be 0 or more, not {self.tolerance:g}")
        _text(kind, name, "unit", self.unit, empty=True)

    def grade(self, answer: Any) -> Grade:
        """Right, too high or too low (the direction is for the second wrong answer)."""
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return Grade(Outcome.EMPTY, message="Nothing to check yet: type a number first.")
        if isinstance(answer, Real) and not isinstance(answer, bool) and math.isnan(answer):
            return Grade(Outcome.EMPTY, message="Nothing to check yet: type a number first.")
        number = parse_number(answer, self.unit)
        in_unit = f" (in {self.unit})" if self.unit else ""
        if number is None:
            return Grade(Outcome.UNREADABLE, message=f"Type a number, such as 12.5{in_unit}.")
        if self.unit == "%" and 0 < abs(number) < 1 and abs(self.value) >= 1:
            return Grade(
                Outcome.UNREADABLE,
                message=f"{number:g} looks like a share between 0 and 1: give the answer "
                "in %, e.g. 0.25 as 25.",
            )
        slack = self.tolerance + 1e-9 * max(1.0, abs(self.value))
        if abs(number - self.value) <= slack:
            return Grade(Outcome.RIGHT, 1, 1)
        direction = "high" if number > self.value else "low"
        return Grade(
            Outcome.WRONG,
            0,
            1,
            f"{_amount(number, self.unit)} is not it.",
            f"{_amount(number, self.unit)} is too {direction}.",
        )

    def right_answer(self) -> float:
        """The answer that grades as right."""
        return self.value

    def solution(self) -> tuple[str, ...]:
        """The answer, for when the learner asks for it."""
        answer = _amount(self.value, self.unit)
        if self.tolerance:
            answer += f" (answers within {_amount(self.tolerance, self.unit)} count as right)"
        return (answer,)

    def lines(self) -> tuple[str, ...]:
        """The question as a learner reads it."""
        return (self.prompt, f"Answer in {self.unit}." if self.unit else "Answer with a number.")

    def __repr__(self) -> str:
        return f"Number({self.name!r}: {self.prompt!r})"


#: Any of the three kinds of question.
Question = Choice | Sort | Number
_KINDS = (Choice, Sort, Number)


# -- one learner on one question -------------------------------------------------------


@dataclass(frozen=True)
class QuizFeedback:
    """What to show a learner about one question, as it stands.

    Empty parts are not shown: ``verdict`` (✔ or ✘ with what is right), then
    ``look_again`` (from the second wrong answer on), the ``hints`` earned so
    far, the ``solution`` (only once asked for) and the ``explanation`` (once
    right, or once the answer is shown). Nothing checked yet: all empty.
    """

    outcome: Outcome = Outcome.EMPTY
    verdict: str = ""
    look_again: str = ""
    hints: tuple[str, ...] = ()
    last_hint: bool = False
    solution: tuple[str, ...] = ()
    explanation: str = ""

    def __bool__(self) -> bool:
        return any((self.verdict, self.look_again, self.hints, self.solution, self.explanation))

    def lines(self) -> list[str]:
        lines = [self.verdict] if self.verdict else []
        if self.look_again:
            lines.append(self.look_again)
        lines += [f"Hint {i}: {hint}" for i, hint in enumerate(self.hints, 1)]
        if self.last_hint:
            lines.append("That was the last hint: ask for the answer whenever you want it.")
        if self.solution:
            lines.append("The answer: " + " | ".join(self.solution))
        if self.explanation:
            lines.append(self.explanation)
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        if not self:
            return ""
        state = {Outcome.RIGHT: "jl-ok", Outcome.WRONG: "jl-not-yet"}.get(self.outcome, "")
        parts = [f"<p>{escape(self.verdict)}</p>"] if self.verdict else []
        items = []
        if self.look_again:
            items.append(f"<li>{escape(self.look_again)}</li>")
        items += [
            f"<li><b>Hint {i}:</b> {escape(hint)}</li>" for i, hint in enumerate(self.hints, 1)
        ]
        if self.last_hint:
            items.append(
                "<li>That was the last hint: ask for the answer whenever you want it.</li>"
            )
        if items:
            parts.append(f'<ul style="list-style:none;padding-left:0.5em">{"".join(items)}</ul>')
        if self.solution:
            lines = "".join(f"<li>{escape(line)}</li>" for line in self.solution)
            parts.append(f'<div class="jl-quiz-solution"><b>The answer:</b><ul>{lines}</ul></div>')
        if self.explanation:
            parts.append(f'<div class="jl-quiz-explanation">{escape(self.explanation)}</div>')
        return (
            f'<div class="jl-feedback jl-quiz-feedback {state}" role="status">'
            + "".join(parts)
            + "</div>"
        )


@dataclass(frozen=True)
class QuizState:
    """One learner on one question: the answers graded so far, and whether the answer was shown.

    Plain data: ``answer()`` and ``reveal()`` return a new state and never
    raise for a learner's answer; ``feedback`` is worked out from the state.
    """

    question: Question
    grades: tuple[Grade, ...] = ()  # every answer that was graded right or wrong, in order
    last: Grade | None = None  # what the latest check found, graded or not
    revealed_after: int | None = None  # how many answers were graded when the answer was shown

    def __post_init__(self) -> None:
        if not isinstance(self.question, _KINDS):
            raise TypeError(f"QuizState needs a Choice, Sort or Number, not {self.question!r}")

    @property
    def attempts(self) -> int:
        """How many answers were graded, right or wrong."""
        return len(self.grades)

    @property
    def wrong(self) -> int:
        """How many wrong answers were graded."""
        return sum(g.outcome is Outcome.WRONG for g in self.grades)

    @property
    def solved(self) -> bool:
        return any(g.is_right for g in self.grades)

    @property
    def is_right(self) -> bool:
        """True when the latest graded answer is right."""
        return bool(self.grades) and self.grades[-1].is_right

    @property
    def revealed(self) -> bool:
        return self.revealed_after is not None

    @property
    def solved_alone(self) -> bool:
        """Right before the answer was shown."""
        first = next((i for i, g in enumerate(self.grades) if g.is_right), None)
        if first is None:
            return False
        return self.revealed_after is None or first < self.revealed_after

    @property
    def hints_shown(self) -> int:
        """One hint per wrong answer, as many as there are."""
        return min(self.wrong, len(self.question.hints))

    def answer(self, answer: Any) -> QuizState:
        """The state after checking ``answer``: an empty or unreadable one is not an attempt."""
        try:
            grade = self.question.grade(answer)
        except (TypeError, ValueError) as error:  # told, not raised: a learner typed it
            grade = Grade(Outcome.UNREADABLE, message=f"This answer cannot be read: {error}")
        grades = (*self.grades, grade) if grade.counts else self.grades
        return dataclasses.replace(self, grades=grades, last=grade)

    def reveal(self) -> QuizState:
        """The state once the learner has asked for the answer."""
        if self.revealed:
            return self
        return dataclasses.replace(self, revealed_after=self.attempts)

    @property
    def feedback(self) -> QuizFeedback:
        """The staged feedback: see the module's description."""
        question, last = self.question, self.last
        hints = question.hints[: self.hints_shown]
        solution = question.solution() if self.revealed else ()
        explanation = question.explanation if self.revealed else ""
        if last is None:
            return QuizFeedback(solution=solution, explanation=explanation)
        if last.is_right:
            verdict = f"✔ Right. {last.message}".strip()
            return QuizFeedback(
                Outcome.RIGHT, verdict, solution=solution, explanation=question.explanation
            )
        if last.outcome is Outcome.WRONG:
            verdict = f"✘ Not yet: {last.message}" if last.message else "✘ Not yet."
            return QuizFeedback(
                Outcome.WRONG,
                verdict,
                last.look_again if self.wrong >= 2 else "",
                hints,
                self.wrong >= len(question.hints) and not self.revealed,
                solution,
                explanation,
            )
        # empty or unreadable: a neutral word on what to do, and what was earned before
        return QuizFeedback(
            last.outcome,
            last.message,
            hints=hints,
            solution=solution,
            explanation=explanation,
        )

    def __str__(self) -> str:
        return "\n".join((*self.question.lines(), "", str(self.feedback))).rstrip()

    def _repr_html_(self) -> str:
        return _question_html(self.question) + self.feedback._repr_html_()


def _question_html(question: Question, number: int | None = None) -> str:
    lines = question.lines()
    prefix = f"<b>{number}.</b> " if number is not None else ""
    rest = "".join(f"<li>{escape(line)}</li>" for line in lines[1:])
    return (
        f'<div class="jl-quiz-question"><p>{prefix}{escape(lines[0])}</p>'
        f'<ul style="list-style:none;padding-left:0.5em">{rest}</ul></div>'
    )


# -- exercises ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """How an exercise went: right now (and before the answer was shown), shown, in all."""

    right: int
    shown: int
    total: int

    def __str__(self) -> str:
        text = f"{self.right} of {self.total} right"
        if self.shown:
            text += f"; {self.shown} answer{'s' if self.shown > 1 else ''} shown"
        return text + "."

    def _repr_html_(self) -> str:
        return f'<p class="jl-quiz-score">Score: {escape(str(self))}</p>'


@dataclass(frozen=True)
class Exercise:
    """A titled list of questions, e.g. the practice of one notebook.

    Question names are unique within an exercise; ``only()`` picks some of
    them for one section of a notebook.
    """

    title: str
    questions: tuple[Question, ...]
    intro: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.title, str) or not self.title.strip():
            raise ValueError(f"Exercise {self.title!r}, title: give the exercise a title")
        if not isinstance(self.intro, str):
            raise ValueError(f"Exercise {self.title!r}, intro: should be text")
        questions = tuple(self.questions) if isinstance(self.questions, Iterable) else ()
        if not questions:
            raise ValueError(f"Exercise {self.title!r}, questions: give at least one question")
        for i, question in enumerate(questions):
            if not isinstance(question, _KINDS):
                raise ValueError(
                    f"Exercise {self.title!r}, questions[{i}]: {question!r} is not a "
                    "Choice, Sort or Number"
                )
        names = [name_key(q.name) for q in questions]
        for question in questions:
            if names.count(name_key(question.name)) > 1:
                raise ValueError(
                    f"Exercise {self.title!r}, questions: the name {question.name!r} is used twice"
                )
        object.__setattr__(self, "questions", questions)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(q.name for q in self.questions)

    def index(self, question: int | str) -> int:
        """The place of a question, given by its place or its name."""
        if isinstance(question, int) and not isinstance(question, bool):
            if not -len(self.questions) <= question < len(self.questions):
                raise IndexError(f"{self.title} has {len(self.questions)} questions")
            return question % len(self.questions)
        keys = [name_key(n) for n in self.names]
        if isinstance(question, str) and name_key(question) in keys:
            return keys.index(name_key(question))
        raise KeyError(f"{self.title} has no question {question!r}: it has {', '.join(self.names)}")

    def question(self, question: int | str) -> Question:
        return self.questions[self.index(question)]

    def only(self, *questions: int | str) -> Exercise:
        """The same exercise with only these questions, for one section of a notebook."""
        picked = tuple(self.question(q) for q in questions)
        return dataclasses.replace(self, questions=picked)

    def start(self) -> ExerciseState:
        """A learner's blank sheet for this exercise."""
        return ExerciseState(self)

    def __str__(self) -> str:
        lines = [self.title, *([self.intro] if self.intro else [])]
        for number, question in enumerate(self.questions, 1):
            first, *rest = question.lines()
            lines += ["", f"{number}. {first}", *rest]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Exercise({self.title!r}: {', '.join(self.names)})"

    def _repr_html_(self) -> str:
        return self.start()._repr_html_()


@dataclass(frozen=True)
class ExerciseState:
    """One learner on one exercise: a :class:`QuizState` per question, and the score."""

    exercise: Exercise
    states: tuple[QuizState, ...] = ()

    def __post_init__(self) -> None:
        if not self.states:
            states = tuple(QuizState(q) for q in self.exercise.questions)
            object.__setattr__(self, "states", states)
        if tuple(s.question for s in self.states) != self.exercise.questions:
            raise ValueError("ExerciseState: the states should follow the exercise's questions")

    def state(self, question: int | str) -> QuizState:
        return self.states[self.exercise.index(question)]

    def _with(self, index: int, state: QuizState) -> ExerciseState:
        states = (*self.states[:index], state, *self.states[index + 1 :])
        return dataclasses.replace(self, states=states)

    def answer(self, question: int | str, answer: Any) -> ExerciseState:
        """The state after checking the answer to one question (by place or name)."""
        index = self.exercise.index(question)
        return self._with(index, self.states[index].answer(answer))

    def reveal(self, question: int | str) -> ExerciseState:
        """The state once the learner has asked for the answer to one question."""
        index = self.exercise.index(question)
        return self._with(index, self.states[index].reveal())

    @property
    def score(self) -> Score:
        return Score(
            sum(s.is_right and s.solved_alone for s in self.states),
            sum(s.revealed for s in self.states),
            len(self.states),
        )

    def __str__(self) -> str:
        lines = [self.exercise.title]
        for number, state in enumerate(self.states, 1):
            first, *rest = state.question.lines()
            lines += ["", f"{number}. {first}", *rest]
            lines += [f"   {line}" for line in state.feedback.lines()]
        return "\n".join([*lines, "", f"Score: {self.score}"])

    def _repr_html_(self) -> str:
        intro = f"<p>{escape(self.exercise.intro)}</p>" if self.exercise.intro else ""
        body = "".join(
            _question_html(s.question, n) + s.feedback._repr_html_()
            for n, s in enumerate(self.states, 1)
        )
        checked = any(s.last is not None or s.revealed for s in self.states)
        score = self.score._repr_html_() if checked else ""
        return (
            f'<div class="jl-quiz"><p><b>{escape(self.exercise.title)}</b></p>'
            f"{intro}{body}{score}</div>"
        )
