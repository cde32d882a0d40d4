"""The practice model (journey_lessons.quiz) and the question banks of every notebook.

What a learner notices: an untouched question says nothing, a first wrong answer
earns a hint, a second one a more specific hint, and the answer comes only when
asked for. The banks' numbers are computed here again, independently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_lessons import kpis
from journey_lessons.canvas import Block, MomentKind
from journey_lessons.events import read_events
from journey_lessons.exercises import NOTEBOOKS, practice
from journey_lessons.exercises import _kpis as kpi_bank
from journey_lessons.exercises import _moscow as moscow_bank
from journey_lessons.exercises import _nfr as nfr_bank
from journey_lessons.lifecycle import LifecycleStep, Phase
from journey_lessons.milestones import Stage
from journey_lessons.moscow import COULD_SHARE_TARGET, MUST_SHARE_MAX
from journey_lessons.nfr import ROADMAP_STEPS, Characteristic, JourneyStage, Requirement
from journey_lessons.quiz import (
    Choice,
    Exercise,
    Number,
    Outcome,
    QuizState,
    Sort,
    parse_number,
)
from journey_lessons.usecases import Level, title_problem

# -- small questions to grade --------------------------------------------------------------


def pick() -> Choice:
    return Choice(
        "centre",
        "Which block stands in the centre of the canvas?",
        ("Customer segments", "Value propositions", "Channels"),
        "Value propositions",
        hints=("Read it from the middle out.", "The centre says what you offer."),
        explanation="The value propositions stand in the centre.",
    )


def ticks() -> Choice:
    return Choice(
        "nfr",
        "Which are non-functional?",
        ("Books a class", "Confirms within 1 s", "Works 99.9% of the month", "Takes a deposit"),
        ("Confirms within 1 s", "Works 99.9% of the month"),
        hints=("How well, not what.", "Speed and uptime are how well."),
        explanation="Speed and availability are qualities; booking and paying are functions.",
    )


def moments() -> Sort:
    return Sort(
        "moments",
        "Which kind of moment is each?",
        ("ZMOT", "FMOT", "SMOT"),
        {
            "Eating the loaf at home": "SMOT",
            "Reading reviews before going in": "ZMOT",
            "Looking at the loaves in the window": "FMOT",
            "Riding the repaired bike": "SMOT",
        },
        hints=("Order them as a customer meets them.", "The second moment comes after buying."),
        explanation="Reviews are zero, the window first, using it second.",
    )


def nps() -> Number:
    return Number(
        "nps",
        "What is the NPS?",
        25,
        hints=("Promoters minus detractors.", "9 and 10 promote; 0 to 6 detract."),
        explanation="6 promoters and 3 detractors of 12: +25.",
        tolerance=0.5,
    )


def share() -> Number:
    return Number(
        "share",
        "What share of the budget do the Musts take?",
        90,
        hints=("Add up the Musts.", "Divide by the budget."),
        explanation="18 of 20 person-days: 90%.",
        unit="%",
        tolerance=0.5,
    )


ALL_RIGHT = {"Eating the loaf at home": "SMOT", "Reading reviews before going in": "ZMOT"}
ALL_RIGHT |= {"Looking at the loaves in the window": "FMOT", "Riding the repaired bike": "SMOT"}
TWO_WRONG = ALL_RIGHT | {
    "Reading reviews before going in": "FMOT",
    "Looking at the loaves in the window": "ZMOT",
}


def spoilers(question) -> list[str]:
    """Text that would give the answer away before it is asked for."""
    found = [question.explanation, "The answer:"]
    if not isinstance(question, Choice):  # a Choice's right options are shown among the others
        found += question.solution()
    if isinstance(question, Sort):
        found += [f"{item}: {column}" for item, column in question.items]
    return found


# -- staged feedback ------------------------------------------------------------------------


@pytest.mark.parametrize("question", [pick(), ticks(), moments(), nps()], ids=repr)
def test_an_untouched_question_says_nothing(question):
    state = QuizState(question)
    assert not state.feedback
    assert str(state.feedback) == ""
    assert state.feedback._repr_html_() == ""
    assert state.attempts == 0 and state.hints_shown == 0 and not state.revealed


@pytest.mark.parametrize(
    ("question", "empty"),
    [
        (pick(), None),
        (pick(), ""),
        (pick(), "   "),
        (ticks(), ()),
        (ticks(), ["", None]),
        (moments(), {}),
        (moments(), {"Eating the loaf at home": None}),
        (nps(), ""),
        (nps(), "  "),
        (nps(), float("nan")),
    ],
    ids=repr,
)
def test_checking_an_empty_answer_gives_nothing_away_and_costs_no_attempt(question, empty):
    state = QuizState(question).answer(empty)
    assert state.last.outcome is Outcome.EMPTY
    assert state.attempts == 0 and state.hints_shown == 0
    text = str(state.feedback)
    assert "✘" not in text and "✔" not in text and "Hint" not in text
    assert "Nothing to check yet" in text
    for spoiler in spoilers(question):
        assert spoiler not in text
    assert "Value propositions" not in text and "SMOT" not in text


def test_a_first_wrong_answer_earns_the_first_hint_only():
    state = QuizState(moments()).answer(TWO_WRONG)
    feedback = state.feedback
    assert feedback.outcome is Outcome.WRONG
    assert feedback.verdict == "✘ Not yet: 2 of 4 items are in the right column."
    assert feedback.hints == ("Order them as a customer meets them.",)
    assert feedback.look_again == ""  # which items: only from the second wrong answer on
    assert "Reading reviews" not in str(feedback)
    for spoiler in spoilers(moments()):
        assert spoiler not in str(feedback)


def test_a_second_wrong_answer_names_the_items_to_look_at_again_and_the_second_hint():
    state = QuizState(moments()).answer(TWO_WRONG).answer(TWO_WRONG)
    feedback = state.feedback
    assert state.attempts == 2 and state.hints_shown == 2
    assert feedback.look_again == (
        "Look again at: 'Reading reviews before going in'; 'Looking at the loaves in the window'."
    )
    assert feedback.hints == (
        "Order them as a customer meets them.",
        "The second moment comes after buying.",
    )
    assert "last hint" in str(feedback)  # and that the answer is there for the asking
    for spoiler in spoilers(moments()):
        assert spoiler not in str(feedback)


def test_after_the_last_hint_more_wrong_answers_still_do_not_tell():
    state = QuizState(pick())
    for _ in range(5):
        state = state.answer("Channels")
    text = str(state.feedback)
    assert state.hints_shown == 2 and text.count("Hint") == 2
    assert "Value propositions" not in text and pick().explanation not in text


def test_the_answer_comes_only_when_asked_for_and_counts_as_shown():
    state = QuizState(moments()).answer(TWO_WRONG).reveal()
    text = str(state.feedback)
    assert state.revealed
    assert "The answer: ZMOT: Reading reviews before going in" in text
    assert "SMOT: Eating the loaf at home; Riding the repaired bike" in text
    assert moments().explanation in text
    assert "last hint" not in text
    # right after the answer was shown: right, but not on one's own
    state = state.answer(ALL_RIGHT)
    assert state.solved and not state.solved_alone
    assert state.reveal() == state


def test_the_answer_can_be_asked_for_before_any_attempt():
    state = QuizState(nps()).reveal()
    assert str(state.feedback) == "The answer: 25 (answers within 0.5 count as right)\n" + (
        nps().explanation
    )


def test_a_right_answer_gets_a_short_confirmation_and_the_explanation():
    state = QuizState(pick()).answer("Channels").answer("value propositions")
    feedback = state.feedback
    assert feedback.outcome is Outcome.RIGHT
    assert feedback.verdict == "✔ Right."
    assert feedback.explanation == pick().explanation
    assert feedback.hints == () and feedback.solution == ()
    assert state.solved_alone
    assert str(QuizState(moments()).answer(ALL_RIGHT).feedback).startswith(
        "✔ Right. All 4 items are in place."
    )


def test_an_unplaced_item_is_pointed_out_before_grading():
    half = {"Eating the loaf at home": "SMOT", "Riding the repaired bike": None}
    state = QuizState(moments()).answer(half)
    assert state.last.outcome is Outcome.UNREADABLE and state.attempts == 0
    assert str(state.feedback) == "Put every item in a column first: 3 of 4 have none yet."


def test_several_right_options_are_graded_option_by_option():
    question = ticks()
    grade = question.grade(["Confirms within 1 s", "Books a class"])
    assert grade.outcome is Outcome.WRONG
    assert grade.message == "1 of your 2 choices is right; 1 right option is not chosen yet."
    assert grade.look_again == "Look again at: 'Books a class'."
    assert grade.right == 2 and grade.total == 4  # each option judged: ticked or not
    missing = question.grade(["Confirms within 1 s"])
    assert missing.message == "your choice is right; 1 right option is not chosen yet."
    assert "still missing" in missing.look_again
    assert question.grade(["b", "C"]).is_right  # by letter, as printed
    assert question.grade(("Works 99.9% of the month", "confirms WITHIN 1 s")).is_right


def test_one_choice_only_when_one_is_asked_for():
    assert pick().grade(["Channels", "Value propositions"]).outcome is Outcome.UNREADABLE
    assert pick().grade("b").is_right
    assert pick().lines()[1:] == (
        "Choose one.",
        "a) Customer segments",
        "b) Value propositions",
        "c) Channels",
    )


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("25", 25.0),
        (" 25 ", 25.0),
        ("+25", 25.0),
        ("−20", -20.0),
        ("-20", -20.0),
        ("12,5", 12.5),
        ("1,234.5", 1234.5),
        ("1,234", 1234.0),
        ("€38.50", 38.5),
        ("-€5", -5.0),
        ("45 %", 45.0),
        ("15 person-days", 15.0),
        (7, 7.0),
        ("abc", None),
        ("1.2.3", None),
        ("", None),
        (True, None),
        (float("inf"), None),
        ([25], None),
    ],
)
def test_numbers_are_read_as_a_person_types_them(typed, value):
    assert parse_number(typed, "person-days") == value


def test_a_number_is_right_within_its_tolerance_and_says_too_high_or_low_later():
    question = nps()
    assert question.grade("25.5").is_right and question.grade(24.5).is_right
    assert question.grade("26").outcome is Outcome.WRONG
    state = QuizState(question).answer("40")
    assert str(state.feedback).splitlines()[0] == "✘ Not yet: 40 is not it."
    assert "too high" not in str(state.feedback)
    state = state.answer("10")
    assert "10 is too low." in str(state.feedback)
    exact = Number("n", "How many?", 8, ("Count.",), "Eight.")
    assert exact.grade("8").is_right and not exact.grade("8.01").is_right


def test_a_share_typed_for_a_percentage_is_pointed_out_not_counted():
    state = QuizState(share()).answer("0.9")
    assert state.attempts == 0
    assert "looks like a share between 0 and 1" in str(state.feedback)
    assert QuizState(share()).answer("90%").solved


@pytest.mark.parametrize(
    "odd",
    [
        object(),
        3.5,
        {"a": 1},
        ["x", None],
        b"bytes",
        float("nan"),
        True,
        {"nope": "SMOT"},
        {"Eating the loaf at home": 3},
        np.array(["Channels", "b"]),
        pd.Series([25]),
    ],
    # by type and position: an object's repr holds its address, which differs between
    # the test workers (pytest-xdist needs the same ids in each)
    ids=lambda odd: type(odd).__name__,
)
@pytest.mark.parametrize("question", [pick(), ticks(), moments(), nps()], ids=repr)
def test_an_odd_answer_is_told_not_raised(question, odd):
    state = QuizState(question).answer(odd)
    assert state.last.outcome in set(Outcome)
    str(state.feedback)
    state.feedback._repr_html_()


def test_learner_and_author_text_is_escaped_in_html():
    question = Choice(
        "x",
        "Is <b>bold</b> safe?",
        ("<script>alert(1)</script>", "No"),
        "No",
        ("Think <i>twice</i>.",),
        "Escape & show.",
    )
    state = QuizState(question).answer("<script>alert(1)</script>")
    html = state._repr_html_()
    assert "<script>" not in html and "<b>bold</b>" not in html and "<i>twice</i>" not in html
    assert "&lt;script&gt;" in html and "Think &lt;i&gt;twice&lt;/i&gt;." in html
    assert "✘" in html  # the verdict is text, not only a colour
    html = state.reveal()._repr_html_()
    assert "Escape &amp; show." in html


def test_a_question_shown_as_the_last_line_of_a_cell_gives_nothing_away():
    for question in (pick(), ticks(), moments(), nps()):
        shown = repr(question) + str(QuizState(question)) + QuizState(question)._repr_html_()
        for spoiler in spoilers(question):
            assert spoiler not in shown


# -- malformed definitions -----------------------------------------------------------------


HINTS = ("A hint.",)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (
            lambda: Choice("q1", "Pick.", ("a", "b"), "c", HINTS, "E."),
            "Choice 'q1', correct: 'c' is not among the options",
        ),
        (
            lambda: Choice("q1", "Pick.", ("a", "b", "c"), ("a", "b"), HINTS, "E.", several=False),
            "Choice 'q1', several: is False, but more than one option is correct",
        ),
        (
            lambda: Choice("q1", "Pick.", ("a", "A "), "a", HINTS, "E."),
            "Choice 'q1', options: 'A ' is listed twice",
        ),
        (
            lambda: Choice("q1", "Pick.", ("a",), "a", HINTS, "E."),
            "Choice 'q1', options: give at least two options",
        ),
        (
            lambda: Choice("q1", "Pick.", ("a", "b"), (), HINTS, "E."),
            "Choice 'q1', correct: name the right option",
        ),
        (
            lambda: Choice("q1", "Pick.", ("a", "b"), "a", (), "E."),
            "Choice 'q1', hints: give at least one hint",
        ),
        (
            lambda: Choice("q1", "Pick.", ("a", "b"), "a", "one hint", "E."),
            "Choice 'q1', hints: should be a list of texts",
        ),
        (
            lambda: Choice("q1", " ", ("a", "b"), "a", HINTS, "E."),
            "Choice 'q1', prompt: is empty",
        ),
        (
            lambda: Choice("", "Pick.", ("a", "b"), "a", HINTS, "E."),
            "Choice '', name: give the question a short name",
        ),
        (
            lambda: Choice("q1", "Pick.", ("a", "b"), "a", HINTS, ""),
            "Choice 'q1', explanation: is empty",
        ),
        (
            lambda: Sort("s1", "Sort.", ("ZMOT", "FMOT"), {"reviews": None}, HINTS, "E."),
            "Sort 's1', items: 'reviews' is in no column",
        ),
        (
            lambda: Sort("s1", "Sort.", ("ZMOT", "FMOT"), {"reviews": ""}, HINTS, "E."),
            "Sort 's1', items: 'reviews' is in no column",
        ),
        (
            lambda: Sort("s1", "Sort.", ("ZMOT", "FMOT"), {"use": "SMOT"}, HINTS, "E."),
            "Sort 's1', items: 'use' is in 'SMOT', which is not a column",
        ),
        (
            lambda: Sort("s1", "Sort.", ("ZMOT",), {"use": "ZMOT"}, HINTS, "E."),
            "Sort 's1', columns: give at least two columns",
        ),
        (
            lambda: Sort("s1", "Sort.", ("ZMOT", "FMOT"), {}, HINTS, "E."),
            "Sort 's1', items: give at least one item",
        ),
        (
            lambda: Sort("s1", "Sort.", ("A", "B"), [("x", "A"), ("X", "B")], HINTS, "E."),
            "Sort 's1', items: 'X' is listed twice",
        ),
        (
            lambda: Number("n1", "How much?", 20, HINTS, "E.", tolerance=-1),
            "Number 'n1', tolerance: should be 0 or more, not -1",
        ),
        (
            lambda: Number("n1", "How much?", float("nan"), HINTS, "E."),
            "Number 'n1', value: should be a finite number",
        ),
        (
            lambda: Number("n1", "How much?", "20", HINTS, "E."),
            "Number 'n1', value: should be a number",
        ),
        (
            lambda: Exercise("Practice", (pick(), pick())),
            "Exercise 'Practice', questions: the name 'centre' is used twice",
        ),
        (lambda: Exercise("Practice", ()), "Exercise 'Practice', questions: give at least one"),
        (lambda: Exercise("", (pick(),)), "Exercise '', title: give the exercise a title"),
        (
            lambda: Exercise("Practice", (pick(), "What is NPS?")),
            "Exercise 'Practice', questions[1]: 'What is NPS?' is not a Choice, Sort or Number",
        ),
    ],
)
def test_a_malformed_question_is_refused_naming_the_question_and_the_field(make, says):
    with pytest.raises(ValueError) as raised:
        make()
    assert str(raised.value).startswith(says)


# -- exercises --------------------------------------------------------------------------------


def test_an_exercise_keeps_a_state_per_question_and_a_score():
    exercise = Exercise("Practice", (pick(), moments(), nps()), intro="Three questions.")
    state = exercise.start()
    assert str(state.score) == "0 of 3 right."
    state = state.answer("centre", "Value propositions").answer(1, TWO_WRONG).reveal("nps")
    assert state.state("centre").solved and state.state("moments").hints_shown == 1
    assert str(state.score) == "1 of 3 right; 1 answer shown."
    text = str(state)
    assert "✔ Right." in text and "Hint 1: Order them" in text and "The answer: 25" in text
    assert "Score: 1 of 3 right; 1 answer shown." in state._repr_html_()
    again = Exercise("Practice", (pick(), moments(), nps()), "Three questions.")
    assert exercise.start() == again.start()  # plain data: equal when built alike
    assert exercise.start().answer("nps", 25) != exercise.start()  # a new state, the old kept
    with pytest.raises(KeyError, match="has no question 'csat'"):
        state.answer("csat", 70)


def test_the_score_counts_what_is_right_now_and_not_what_was_shown():
    exercise = Exercise("Practice", (pick(), nps()))
    state = exercise.start().answer("centre", "b").answer("nps", "25")
    assert str(state.score) == "2 of 2 right."
    state = state.answer("centre", "Channels")  # changed to a wrong answer, checked again
    assert str(state.score) == "1 of 2 right."
    assert str(state.answer("centre", "b").score) == "2 of 2 right."
    shown_first = exercise.start().reveal("nps").answer("nps", 25)
    assert str(shown_first.score) == "0 of 2 right; 1 answer shown."


def test_only_picks_questions_for_one_section():
    exercise = Exercise("Practice", (pick(), moments(), nps()))
    section = exercise.only("nps", "centre")
    assert section.names == ("nps", "centre") and section.title == "Practice"
    with pytest.raises(KeyError):
        exercise.only("nothing")


def test_a_blank_exercise_shows_its_questions_and_no_answers():
    exercise = Exercise("Practice", (pick(), ticks(), moments(), nps()))
    shown = str(exercise) + exercise._repr_html_() + repr(exercise)
    assert "Which block stands in the centre of the canvas?" in shown
    assert "Tick every option that applies." in shown and "Columns: ZMOT; FMOT; SMOT" in shown
    assert "Score" not in exercise._repr_html_()
    for question in exercise.questions:
        for spoiler in spoilers(question):
            assert spoiler not in shown


# -- the question banks -------------------------------------------------------------------------


BANK = [(notebook, practice(notebook)) for notebook in range(11)]
QUESTIONS = [
    pytest.param(q, id=f"{notebook:02d}-{q.name}")
    for notebook, exercise in BANK
    for q in exercise.questions
]


def test_every_notebook_has_practice_of_at_least_three_questions():
    assert [name[:2] for name in NOTEBOOKS] == [f"{n:02d}" for n in range(11)]
    for notebook, exercise in BANK:
        assert len(exercise.questions) >= 3, notebook
        assert exercise.title.startswith("Practice: ")


def test_practice_is_found_by_number_or_notebook_name():
    assert practice(3) == practice("03") == practice("3") == practice("03_moscow")
    assert practice("notebooks/07_measuring_kpis.ipynb") == practice(7)
    for wrong in (11, -1, "99", "moscow", None, True):
        with pytest.raises(KeyError, match="No practice for notebook"):
            practice(wrong)


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_bank_question_is_well_formed_and_its_answer_grades_right(question):
    assert len(question.hints) >= 2  # a first hint, and a more specific second one
    assert question.grade(question.right_answer()).is_right
    state = QuizState(question).answer(question.right_answer())
    assert state.solved_alone and str(state.feedback).startswith("✔ Right.")
    # rebuilt from its own fields, it passes the same checks
    assert type(question)(**{f: getattr(question, f) for f in question.__dataclass_fields__})
    # nothing on the blank question gives the answer away
    blank = repr(question) + str(QuizState(question))
    assert question.explanation not in blank
    assert question.explanation not in " ".join(question.hints)


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_bank_question_has_a_wrong_answer_that_earns_hints_not_the_answer(question):
    if isinstance(question, Choice):
        wrong = [o for o in question.options if o not in question.correct][:1]
        wrong = tuple(wrong) if question.several else wrong[0]
    elif isinstance(question, Sort):
        columns = question.columns
        wrong = {i: columns[(columns.index(c) + 1) % len(columns)] for i, c in question.items}
    else:
        wrong = question.value + question.tolerance + 1
    state = QuizState(question).answer(wrong).answer(wrong)
    text = str(state.feedback)
    assert state.hints_shown == 2 and question.hints[1] in text
    assert question.explanation not in text and "The answer:" not in text


def test_sorted_items_are_mixed_so_their_order_gives_nothing_away():
    for _, exercise in BANK:
        for q in exercise.questions:
            if isinstance(q, Sort) and len(q.items) >= 4:
                order = [q.columns.index(column) for _, column in q.items]
                assert order != sorted(order), q.name


def test_single_choice_answers_are_not_always_in_the_same_place():
    places = {
        q.options.index(q.correct[0])
        for _, exercise in BANK
        for q in exercise.questions
        if isinstance(q, Choice) and not q.several
    }
    assert len(places) >= 3


# -- the banks' numbers, computed again -------------------------------------------------------


def question(notebook: int, name: str):
    return practice(notebook).question(name)


def expect(notebook: int, name: str, computed: float) -> None:
    q = question(notebook, name)
    assert q.value == pytest.approx(computed), name
    assert q.grade(str(round(computed, 2))).is_right


def event_log(*rows: tuple) -> pd.DataFrame:
    rows = [tuple(r) + (None,) * (6 - len(r)) for r in rows]
    frame = pd.DataFrame(
        rows, columns=["customer_id", "timestamp", "event", "amount", "order_id", "score"]
    )
    return read_events(frame).events


def test_nps_from_the_given_answers():
    answers = kpi_bank.NPS_ANSWERS
    promoters = sum(a >= 9 for a in answers)
    detractors = sum(a <= 6 for a in answers)
    expect(7, "nps", 100 * (promoters - detractors) / len(answers))
    assert all(str(a) in question(7, "nps").prompt for a in answers)
    log = event_log(*((i, "2024-03-01", "nps", None, None, a) for i, a in enumerate(answers)))
    assert kpis.nps(log) == pytest.approx(question(7, "nps").value)


def test_csat_from_the_given_answers():
    answers = kpi_bank.CSAT_ANSWERS
    expect(7, "csat", 100 * sum(a in (4, 5) for a in answers) / len(answers))
    assert ", ".join(map(str, answers)) in question(7, "csat").prompt
    log = event_log(*((i, "2024-03-01", "survey", None, None, a) for i, a in enumerate(answers)))
    assert 100 * kpis.csat(log) == pytest.approx(question(7, "csat").value)


def test_average_order_value_from_the_given_payments():
    payments = kpi_bank.PAYMENTS
    revenue = sum(amount for _, amount in payments)
    expect(7, "aov", revenue / len({order for order, _ in payments}))
    log = event_log(*(("c", "2024-03-01", "repair", a, o) for o, a in payments))
    assert kpis.average_order_value(log) == pytest.approx(question(7, "aov").value)
    for order, amount in payments:
        assert f"{order}: €{amount:g}" in question(7, "aov").prompt


def test_historic_lifetime_value_from_the_given_customers():
    paid = kpi_bank.CUSTOMER_PAYMENTS
    payers = [name for name, amounts in paid.items() if amounts]
    expect(7, "clv", sum(sum(a) for a in paid.values()) / len(payers))
    log = event_log(
        *((n, f"2024-0{k + 1}-01", "purchase", a) for n, amounts in paid.items()
          for k, a in enumerate(amounts)),
        ("Dev", "2024-01-01", "free_sample"),
    )  # fmt: skip
    assert kpis.historic_clv(log) == pytest.approx(question(7, "clv").value)
    assert "Dev" in question(7, "clv").prompt and "never bought" in question(7, "clv").prompt


def test_predictive_lifetime_value_with_the_course_formula():
    m = kpi_bank.MARGIN * kpi_bank.REVENUE_PER_YEAR
    d, r = kpi_bank.DISCOUNT, kpi_bank.KEPT
    expect(7, "clv-predictive", m * (1 + d) / (1 + d - r))
    assert "m × (1 + d) / (1 + d − r)" in question(7, "clv-predictive").prompt


def test_cohort_retention_and_upsell_conversion_from_the_given_counts():
    month = max(kpi_bank.ACTIVE_BY_MONTH)
    expect(7, "retention", 100 * kpi_bank.ACTIVE_BY_MONTH[month] / kpi_bank.COHORT_SIZE)
    expect(7, "upsell", 100 * kpi_bank.BOUGHT_IN_TIME / kpi_bank.OFFERED)
    cohort = question(7, "cohort")
    assert cohort.correct == ("Their first purchase fell in the same calendar month",)


def test_the_dip_in_the_bike_shop_path_is_where_the_package_finds_it():
    from journey_lessons.exercises import _paths as paths_bank
    from journey_lessons.paths import Path, PathSet, Touchpoint

    touchpoints = tuple(
        Touchpoint(name, LifecycleStep.CONVERT, emotion=mood)
        for name, mood in paths_bank.BIKE_SHOP_MOODS
    )
    found = PathSet((Path("Test ride", "Bike", touchpoints),)).dips()
    assert question(2, "dip").correct == found == (paths_bank.DIP,)


def test_the_funnel_step_counts_only_the_riders_who_came_through_the_guide():
    b = kpi_bank
    expect(7, "funnel", 100 * b.BIKE_AFTER_RIDE / b.RIDE_AFTER_GUIDE)
    # the same story as an event log, measured by the package's funnel
    rows = []
    for i in range(b.GUIDE):
        rows.append((f"g{i}", "2024-03-01", "download"))
        if i < b.RIDE_AFTER_GUIDE:
            rows.append((f"g{i}", "2024-03-05", "demo"))
        if i < b.BIKE_AFTER_RIDE:
            rows.append((f"g{i}", "2024-03-09", "core_purchase", 900.0))
    for i in range(b.RIDE_WITHOUT_GUIDE):
        rows.append((f"r{i}", "2024-03-05", "demo"))
        if i < b.BIKE_WITHOUT_GUIDE:
            rows.append((f"r{i}", "2024-03-09", "core_purchase", 900.0))
    funnel = kpis.funnel(event_log(*rows), ["download", "demo", "core_purchase"])
    assert 100 * funnel["from_previous"].iloc[-1] == pytest.approx(question(7, "funnel").value)
    assert funnel["customers"].tolist() == [b.GUIDE, b.RIDE_AFTER_GUIDE, b.BIKE_AFTER_RIDE]


def test_the_referring_customer_rate_counts_paying_people_not_referrals():
    b = kpi_bank
    expect(7, "referral", 100 * b.REFERRERS / b.PAYING)
    # one keen rider makes the most referrals, the other referrers one each
    each = [b.MOST_REFERRALS] + [1] * (b.REFERRERS - 1)
    assert sum(each) == b.REFERRALS
    rows = [(f"c{i}", "2024-03-01", "core_purchase", 40.0) for i in range(b.PAYING)]
    rows += [(f"c{i}", "2024-03-02", "referral") for i, n in enumerate(each) for _ in range(n)]
    rows += [(f"free{i}", "2024-03-02", "referral") for i in range(b.UNPAID_REFERRERS)]
    rate = kpis.referral_rate(event_log(*rows))
    assert 100 * rate == pytest.approx(question(7, "referral").value)


def test_the_reactivation_rate_counts_only_the_customers_quiet_for_the_whole_spell():
    b = kpi_bank
    expect(7, "reactivation", 100 * b.CAME_BACK / b.QUIET)
    rows = []
    for i in range(b.QUIET):  # bought on 1 January; some back 90 days later, the rest quiet
        rows.append((f"q{i}", "2024-01-01", "core_purchase", 4.0))
        if i < b.CAME_BACK:
            rows.append((f"q{i}", "2024-03-31", "repeat_purchase", 4.0))
    for i in range(b.SHORT_BREAK):  # back after 30 days, up to the log's last day
        rows.append((f"s{i}", "2024-03-01", "core_purchase", 4.0))
        rows.append((f"s{i}", "2024-03-31", "repeat_purchase", 4.0))
    rate = kpis.reactivation_rate(event_log(*rows), dormant_days=60)
    assert 100 * rate == pytest.approx(question(7, "reactivation").value)


def test_the_moscow_numbers_follow_the_60_and_20_percent_rules():
    board = moscow_bank.BAKERY_BOARD
    musts = sum(days for _, priority, days in board if priority == moscow_bank.MUST)
    expect(3, "must-share", 100 * musts / moscow_bank.BAKERY_BUDGET)
    for name, _, _ in board:
        assert f"{name}: " in question(3, "must-share").prompt
    assert MUST_SHARE_MAX == 0.6 and COULD_SHARE_TARGET == 0.2  # the rules the bank teaches
    expect(3, "must-ceiling", 0.6 * moscow_bank.SHOP_BUDGET)
    expect(3, "could-share", round(0.2 * moscow_bank.PLANNED))
    assert question(3, "contingency").correct == ("A Could",)
    assert "primary contingency" in question(3, "contingency").explanation


def test_the_relative_shortfall_of_the_booking_form():
    target, measured = nfr_bank.FORM_TARGET, nfr_bank.FORM_MEASURED
    expect(4, "shortfall", 100 * (target - measured) / target)
    form = Requirement(
        "BK-2", "consideration", "usability", f"At least {target}% finish the form.",
        "form completion rate", target, "%", "at_least", measured=measured,
    )  # fmt: skip
    assert 100 * form.relative_shortfall == pytest.approx(question(4, "shortfall").value)


# -- the banks agree with the package and the references ---------------------------------------


def test_lifecycle_steps_sit_on_the_side_of_the_purchase_the_package_gives():
    side = question(2, "side")
    assert set(side.item_names) == {step.label for step in LifecycleStep}
    for step in LifecycleStep:
        up_to = "Leads up to the purchase" if step.side is Stage.BEFORE else ""
        assert side.column_of(step.label) == (up_to or "Comes after the purchase")
    assert question(2, "step-number").value == LifecycleStep.REACTIVATE.number
    wow = {step.label for step in Phase.WOW.steps}
    assert {"Turn customers into repeat buyers", "Encourage referrals"} <= wow
    assert question(2, "wow").correct == (Phase.WOW.label,)


def test_iso_25010_2023_characteristics_and_journey_stages():
    characteristic = question(4, "characteristic")
    assert characteristic.columns == tuple(c.label for c in Characteristic)
    assert len(characteristic.columns) == 9  # the 2023 edition
    assert (
        characteristic.column_of(
            "Every advanced yoga class shows the injury warning before it starts"
        )
        == Characteristic.SAFETY.label
    )
    assert question(4, "stage").columns == tuple(s.label for s in JourneyStage)
    assert question(4, "roadmap").options == tuple(s.capitalize() for s in ROADMAP_STEPS)
    assert question(4, "roadmap").correct == (ROADMAP_STEPS[0].capitalize(),)


def test_moments_of_truth_follow_the_references():
    sort = question(6, "moments")
    assert sort.columns == tuple(kind.label for kind in MomentKind)
    assert "after the purchase" in sort.explanation  # SMOT: using what was bought
    carlzon = [item for item, column in sort.items if column == MomentKind.CARLZON.label]
    assert all(("mechanic" in item) or ("baker" in item) for item in carlzon)  # staff
    first = question(6, "first-moment")
    assert not any("download" in option for option in first.correct)  # a lead magnet is not FMOT
    assert any("download" in option for option in first.options)
    assert "lead magnet" in first.explanation
    assert question(6, "second-moment").correct[0].startswith("After the purchase")
    staff = question(6, "carlzon")
    assert "mechanic" in staff.correct[0]
    assert "member of staff" in staff.explanation


def test_canvas_blocks_and_the_centre():
    blocks = question(6, "blocks")
    assert blocks.columns == tuple(block.label for block in Block)
    assert {column for _, column in blocks.items} == set(blocks.columns)  # one item per block
    x, _, width, _ = Block.VALUE_PROPOSITIONS.grid
    assert x + width / 2 == 5  # the middle of the 10-wide canvas
    assert question(6, "centre").correct == (Block.VALUE_PROPOSITIONS.label,)


def test_use_case_goals_and_levels_agree_with_the_package():
    goal = question(5, "goal")
    for option in goal.options:
        assert bool(title_problem(option)) == (option not in goal.correct), option
    assert question(5, "level").columns == tuple(level.label for level in Level)
    assert question(5, "extension-label").correct == ("5a",)
