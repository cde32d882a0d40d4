"""The practice quiz: a form for an :class:`~journey_lessons.quiz.Exercise`, no code needed.

A thin view: each question's controls give a plain answer, the model
(:class:`~journey_lessons.quiz.QuizState`) grades it and says what to show.
Nothing of the answer, the hints or the explanation is in the widgets until the
learner checks or asks, so a page's saved widget state gives nothing away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from .._html import escape
from ..quiz import Choice, Exercise, ExerciseState, Number, Question, QuizState, Score, Sort
from ._base import FIT, ROW

#: What a Sort's drop-downs show before an item is placed.
UNPLACED = "(choose a column)"


class QuestionView(w.VBox):
    """One question: its prompt, its controls, Check, Show the answer, and the feedback.

    ``state`` is the learner's :class:`~journey_lessons.quiz.QuizState`;
    ``answer`` is what the controls hold, as the model reads it.
    """

    def __init__(self, question: Question, number: int) -> None:
        self.question = question
        self.state = QuizState(question)
        self.on_change: list[Callable[[], None]] = []  # after each check or reveal: the score
        self.prompt = w.HTML(f"<p><b>{number}.</b> {escape(question.prompt)}</p>")
        self.check_button = w.Button(
            description="Check",
            button_style="primary",
            tooltip="Check your answer to this question",
            layout=FIT,
        )
        self.reveal_button = w.Button(
            description="Show the answer",
            tooltip="Show the answer to this question only",
            layout=FIT,
        )
        self.feedback = w.HTML()
        self.check_button.add_class("jl-quiz-check")
        self.reveal_button.add_class("jl-quiz-reveal")
        self.feedback.add_class("jl-quiz-feedback-view")
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.on_click(lambda _: self.reveal())
        buttons = w.HBox([self.check_button, self.reveal_button], layout=ROW)
        super().__init__([self.prompt, *self._controls(), buttons, self.feedback])
        self.add_class("jl-quiz-question")

    def _controls(self) -> list[w.Widget]:
        raise NotImplementedError

    @property
    def answer(self) -> Any:
        raise NotImplementedError

    def check(self) -> QuizState:
        """Grade what the controls hold, and show the staged feedback."""
        self.state = self.state.answer(self.answer)
        return self._show()

    def reveal(self) -> QuizState:
        """Show this question's answer and explanation (and nothing of the others)."""
        self.state = self.state.reveal()
        return self._show()

    def _show(self) -> QuizState:
        self.feedback.value = self.state.feedback._repr_html_()
        for call in self.on_change:
            call()
        return self.state


class ChoiceView(QuestionView):
    """A :class:`~journey_lessons.quiz.Choice`: radio buttons, or a tick box per option."""

    question: Choice

    def _controls(self) -> list[w.Widget]:
        if self.question.several:
            self.boxes = tuple(
                w.Checkbox(value=False, description=option, indent=False, layout=FIT)
                for option in self.question.options
            )
            note = w.HTML("<i>Tick every option that applies.</i>")
            return [note, w.VBox(list(self.boxes))]
        self.choices = w.RadioButtons(
            options=list(self.question.options),
            value=None,
            description="Answer",
            layout=w.Layout(width="auto"),
        )
        return [self.choices]

    @property
    def answer(self) -> str | tuple[str, ...] | None:
        if self.question.several:
            ticked = zip(self.question.options, self.boxes, strict=True)
            return tuple(option for option, box in ticked if box.value)
        return self.choices.value


class SortView(QuestionView):
    """A :class:`~journey_lessons.quiz.Sort`: a drop-down of the columns next to each item."""

    question: Sort

    def _controls(self) -> list[w.Widget]:
        columns = [(UNPLACED, None), *((c, c) for c in self.question.columns)]
        self.places: dict[str, w.Dropdown] = {}
        rows = []
        for item in self.question.item_names:
            label = w.HTML(
                escape(item), layout=w.Layout(width="auto", flex="1 1 260px", min_width="200px")
            )
            place = w.Dropdown(
                options=columns,
                value=None,
                description="Column",
                tooltip=f"The column for: {item}",
                layout=w.Layout(width="auto", min_width="220px"),
                style={"description_width": "55px"},
            )
            self.places[item] = place
            rows.append(w.HBox([label, place], layout=ROW))
        return [w.VBox(rows)]

    @property
    def answer(self) -> dict[str, str | None]:
        return {item: place.value for item, place in self.places.items()}


class NumberView(QuestionView):
    """A :class:`~journey_lessons.quiz.Number`: a box to type the number in, and its unit.

    A text box rather than a number box: an untouched number box would hold 0,
    and 0 would be graded as an answer.
    """

    question: Number

    def _controls(self) -> list[w.Widget]:
        self.number = w.Text(
            value="",
            placeholder="a number",
            description="Answer",
            layout=w.Layout(width="220px"),
        )
        self.unit = w.Label(self.question.unit)
        return [w.HBox([self.number, self.unit], layout=ROW)]

    @property
    def answer(self) -> str:
        return self.number.value


_VIEWS = {Choice: ChoiceView, Sort: SortView, Number: NumberView}


class Quiz(w.VBox):
    """An exercise as a form: every question with Check and Show the answer, and a score.

    ``Quiz(practice(3))`` shows a notebook's practice; ``Quiz(exercise.only("nps"))``
    one question of it. ``questions`` holds a view per question; ``state`` is the
    learner's :class:`~journey_lessons.quiz.ExerciseState`.
    """

    def __init__(self, exercise: Exercise | Choice | Sort | Number) -> None:
        if not isinstance(exercise, Exercise):
            exercise = Exercise("Practice", (exercise,))
        self.exercise = exercise
        self.title = w.HTML(f"<b>{escape(exercise.title)}</b>")
        intro = [w.HTML(f"<p>{escape(exercise.intro)}</p>")] if exercise.intro else []
        self.questions = tuple(
            _VIEWS[type(q)](q, number) for number, q in enumerate(exercise.questions, 1)
        )
        self.score_view = w.HTML()
        self.score_view.add_class("jl-quiz-score")
        for view in self.questions:
            view.on_change.append(self._show_score)
        super().__init__([self.title, *intro, *self.questions, self.score_view])
        self.add_class("jl-quiz")

    @property
    def state(self) -> ExerciseState:
        return ExerciseState(self.exercise, tuple(view.state for view in self.questions))

    @property
    def score(self) -> Score:
        return self.state.score

    def _show_score(self) -> None:
        self.score_view.value = self.score._repr_html_()
