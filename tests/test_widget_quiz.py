"""The Quiz widget driven headless, the way a learner would use it.

Controls are set with ``.value`` and buttons pressed with ``.click()``; what the
learner would see is read from the feedback and score views.
"""

from __future__ import annotations

import json
from html import escape

import ipywidgets as w
import pytest
from ipywidgets.embed import dependency_state

from journey_lessons.exercises import practice
from journey_lessons.quiz import Choice, Exercise, Number, Sort
from journey_lessons.widgets import Quiz
from journey_lessons.widgets._quiz import UNPLACED, ChoiceView, NumberView, SortView


def saved_state(widget: w.Widget) -> str:
    """The widget state a book page saves for this widget and everything in it."""
    return json.dumps(dependency_state(widget), ensure_ascii=False)


def all_widgets(widget: w.Widget) -> list[w.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += all_widgets(child)
    return found


def view(quiz: Quiz, name: str):
    return quiz.questions[quiz.exercise.index(name)]


def canvas_quiz() -> Quiz:
    return Quiz(practice(6))


@pytest.mark.parametrize("notebook", range(9))
def test_a_fresh_quiz_holds_no_answer_hint_or_explanation_in_its_saved_state(notebook):
    exercise = practice(notebook)
    quiz = Quiz(exercise)
    state = saved_state(quiz)
    assert "jl-quiz" in state
    for question in exercise.questions:
        assert question.explanation not in state
        for hint in question.hints:
            assert hint not in state
        if isinstance(question, Sort):
            for line in question.solution():
                assert line not in state
            for item, column in question.items:
                assert f"{item}: {column}" not in state
    assert "The answer" not in state and "count as right" not in state
    for widget in all_widgets(quiz):
        if isinstance(widget, (w.Dropdown, w.RadioButtons)):
            assert widget.value is None  # nothing chosen for the learner
        if isinstance(widget, w.Checkbox):
            assert widget.value is False
        if isinstance(widget, w.Text):
            assert widget.value == ""
    assert all(v.feedback.value == "" for v in quiz.questions)
    assert quiz.score_view.value == ""


def test_each_kind_of_question_gets_its_controls():
    quiz = canvas_quiz()
    centre, blocks = view(quiz, "centre"), view(quiz, "blocks")
    assert isinstance(centre, ChoiceView) and isinstance(centre.choices, w.RadioButtons)
    assert centre.choices.options == practice(6).question("centre").options
    assert isinstance(blocks, SortView)
    place = blocks.places["Rent, wages and spare parts"]
    assert place.options[0] == (UNPLACED, None)
    assert [label for label, _ in place.options[1:]] == list(blocks.question.columns)
    several = view(Quiz(practice(4)), "non-functional")
    assert isinstance(several, ChoiceView) and len(several.boxes) == 5
    number = view(Quiz(practice(7)), "aov")
    assert isinstance(number, NumberView) and number.unit.value == "€"
    assert isinstance(number.number, w.Text)  # an untouched box is empty, not 0


def test_every_control_has_a_label_and_the_quiz_its_class():
    quiz = Quiz(practice(4))
    assert "jl-quiz" in quiz._dom_classes
    for widget in all_widgets(quiz):
        if isinstance(widget, (w.Dropdown, w.RadioButtons, w.Text, w.Checkbox)):
            assert widget.description.strip(), widget
        if isinstance(widget, w.Button):
            assert widget.description in ("Check", "Show the answer") and widget.tooltip


def test_check_on_an_untouched_question_gives_nothing_away():
    quiz = canvas_quiz()
    blocks = view(quiz, "blocks")
    blocks.check_button.click()
    assert "Nothing to check yet" in blocks.feedback.value
    assert "Hint" not in blocks.feedback.value and "✘" not in blocks.feedback.value
    assert blocks.state.attempts == 0


def test_a_choice_hints_twice_then_shows_the_answer_only_when_asked():
    quiz = canvas_quiz()
    centre = view(quiz, "centre")
    question = centre.question
    centre.choices.value = "Channels"
    centre.check_button.click()
    assert escape("✘ Not yet: 'Channels' is not it.") in centre.feedback.value
    assert question.hints[0] in centre.feedback.value
    assert question.hints[1] not in centre.feedback.value
    assert question.explanation not in centre.feedback.value
    centre.choices.value = "Key activities"
    centre.check_button.click()
    assert question.hints[1] in centre.feedback.value
    assert "The answer" not in centre.feedback.value
    centre.reveal_button.click()
    assert "The answer:" in centre.feedback.value
    assert "Value propositions" in centre.feedback.value
    assert question.explanation in centre.feedback.value
    assert quiz.score_view.value == (
        '<p class="jl-quiz-score">Score: 0 of 7 right; 1 answer shown.</p>'
    )


def test_show_the_answer_reveals_that_question_only():
    quiz = canvas_quiz()
    view(quiz, "moments").reveal_button.click()
    for other in quiz.questions:
        if other.question.name != "moments":
            assert other.feedback.value == ""
            assert other.question.explanation not in saved_state(other)
    assert quiz.state.state("moments").revealed


def test_a_right_choice_is_confirmed_with_the_explanation_and_scored():
    quiz = canvas_quiz()
    centre = view(quiz, "centre")
    centre.choices.value = "Value propositions"
    centre.check_button.click()
    assert "✔ Right." in centre.feedback.value
    assert centre.question.explanation in centre.feedback.value
    assert "jl-ok" in centre.feedback.value
    assert quiz.score.right == 1
    assert "Score: 1 of 7 right." in quiz.score_view.value


def test_ticking_several_options():
    quiz = Quiz(practice(4))
    ticks = view(quiz, "non-functional")
    by_text = dict(zip(ticks.question.options, ticks.boxes, strict=True))
    by_text["A member can book a live class"].value = True
    by_text["A booking is confirmed within 1 second"].value = True
    ticks.check_button.click()
    assert "1 of your 2 choices is right" in ticks.feedback.value
    by_text["A member can book a live class"].value = False
    for option in ticks.question.correct:
        by_text[option].value = True
    ticks.check_button.click()
    assert "✔ Right." in ticks.feedback.value


def test_sorting_items_into_columns():
    quiz = canvas_quiz()
    moments = view(quiz, "moments")
    question = moments.question
    first, *rest = question.item_names
    moments.places[first].value = question.column_of(first)
    moments.check_button.click()
    assert "Put every item in a column first" in moments.feedback.value
    assert moments.state.attempts == 0
    columns = question.columns
    for item in rest:  # one right, every other one column off
        right = question.column_of(item)
        moments.places[item].value = columns[(columns.index(right) + 1) % len(columns)]
    moments.check_button.click()
    total = len(question.item_names)
    assert f"✘ Not yet: 1 of {total} items is in the right column." in moments.feedback.value
    assert "Look again" not in moments.feedback.value
    moments.check_button.click()
    assert "Look again at:" in moments.feedback.value
    assert escape(f"'{rest[0]}'") in moments.feedback.value
    for item in question.item_names:
        moments.places[item].value = question.column_of(item)
    moments.check_button.click()
    assert "✔ Right. All 8 items are in place." in moments.feedback.value
    assert quiz.state.state("moments").solved_alone


def test_typing_a_number():
    quiz = Quiz(practice(7))
    nps = view(quiz, "nps")
    nps.number.value = "lots"
    nps.check_button.click()
    assert "Type a number" in nps.feedback.value and nps.state.attempts == 0
    nps.number.value = "50"
    nps.check_button.click()
    assert "✘ Not yet: 50 is not it." in nps.feedback.value
    nps.number.value = "40"
    nps.check_button.click()
    assert "40 is too high." in nps.feedback.value
    nps.number.value = "25"
    nps.check_button.click()
    assert "✔ Right." in nps.feedback.value
    csat = view(quiz, "csat")
    csat.number.value = "0.7"
    csat.check_button.click()
    assert "give the answer in %" in csat.feedback.value
    csat.number.value = "70 %"
    csat.check_button.click()
    assert "✔ Right." in csat.feedback.value
    assert quiz.score.right == 2


def test_text_in_questions_is_escaped_on_screen():
    question = Choice(
        "html",
        "Is <b>this</b> bold?",
        ("<i>yes</i>", "no"),
        "no",
        ("Look at the <tags>.",),
        "Tags show as text & stay text.",
    )
    quiz = Quiz(Exercise("Practice <script>", (question,), intro="A <u>test</u>."))
    shown = quiz.title.value + quiz.children[1].value + quiz.questions[0].prompt.value
    assert "<script>" not in shown and "<b>this</b>" not in shown and "<u>" not in shown
    assert "&lt;b&gt;this&lt;/b&gt;" in shown
    quiz.questions[0].choices.value = "<i>yes</i>"
    quiz.questions[0].check_button.click()
    assert "&lt;tags&gt;" in quiz.questions[0].feedback.value
    quiz.questions[0].reveal_button.click()
    assert "Tags show as text &amp; stay text." in quiz.questions[0].feedback.value


def test_a_single_question_or_a_section_makes_a_quiz():
    one = Quiz(practice(3).question("must-share"))
    assert len(one.questions) == 1 and one.exercise.title == "Practice"
    section = Quiz(practice(3).only("contingency", "must-ceiling"))
    assert [v.question.name for v in section.questions] == ["contingency", "must-ceiling"]
    ceiling = section.questions[1]
    assert isinstance(ceiling.question, Number) and ceiling.unit.value == "person-days"
    ceiling.number.value = "15"
    ceiling.check_button.click()
    assert section.score.right == 1


def test_the_quiz_state_is_the_models_plain_data():
    quiz = canvas_quiz()
    centre = view(quiz, "centre")
    centre.choices.value = "Channels"
    centre.check_button.click()
    state = quiz.state
    assert state == practice(6).start().answer("centre", "Channels")
    assert str(state.score) == "0 of 7 right."
