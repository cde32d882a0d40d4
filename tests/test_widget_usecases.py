"""The UseCaseEditor driven headless, the way a learner would use it, and its self-check."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from widget_support import drawn_html, sample_file

from journey_lessons import load_journey, sample_journey, save_journey
from journey_lessons.checks._usecases import repair_booking, repair_use_case
from journey_lessons.nfr import JourneyStage
from journey_lessons.usecases import (
    Extension,
    Level,
    Step,
    UseCase,
    UseCaseSet,
    sample_use_cases,
)
from journey_lessons.widgets._usecases import UseCaseEditor, parse_handling


def alt_text(editor: UseCaseEditor) -> str:
    return "".join(o["data"].get("text/plain", "") for o in editor.drawing.outputs)


def test_it_starts_from_the_plans_use_cases():
    editor = UseCaseEditor(sample_journey())
    assert editor.use_cases == sample_use_cases()
    assert editor.plan == sample_journey()
    assert "No findings" in editor.findings_view.value
    assert alt_text(editor) == sample_use_cases().describe()
    assert editor.picker.options[0][0] == "1. Start a free trial"
    assert editor.title.value == "Start a free trial"
    assert len(editor.steps.children) == 6 and len(editor.extensions.children) == 2
    assert "Main success scenario" in editor.card.value


def test_editing_the_form_updates_the_model_findings_card_and_drawing():
    editor = UseCaseEditor(sample_journey())
    editor.select(1)
    assert editor.title.value == "Buy the annual membership"
    editor.title.value = "Purchasing the membership"
    assert "title_not_a_goal" in editor.findings().codes
    assert "does not read as a goal" in editor.findings_view.value
    assert editor.picker.options[1][0] == "2. Purchasing the membership"
    editor.title.value = "Buy the yearly membership"
    editor.stage.value = JourneyStage.RETENTION
    editor.level.value = Level.SUBFUNCTION
    editor.trigger.value = "The member clicks the renewal email."
    editor.success.value = ""
    assert "no_guarantees" in editor.findings().codes
    changed = editor.use_cases.use_cases[1]
    assert changed.title == "Buy the yearly membership"
    assert changed.stage is JourneyStage.RETENTION and changed.level is Level.SUBFUNCTION
    assert changed.trigger == "The member clicks the renewal email."
    assert "Buy the yearly membership" in alt_text(editor)
    assert "Buy the yearly membership" in editor.card.value
    # the other use cases are untouched, and the edit survives picking another one
    editor.select(0)
    assert editor.title.value == "Start a free trial"
    assert editor.use_cases.use_cases[1] == changed


def test_steps_can_be_edited_added_removed_and_marked_for_upsell():
    editor = UseCaseEditor(sample_journey())
    editor.select(1)  # upsell at step 3, extensions 2a and 5a
    editor.steps.children[0].text.value = "opens the offer page"
    editor.steps.children[0].actor.value = "Member"
    editor.steps.children[5].upsell.value = True
    use_case = editor.use_cases.use_cases[1]
    assert use_case.main_scenario[0] == Step("opens the offer page", "Member")
    assert use_case.upsell_steps == (3, 6)
    assert "upsell at steps 3 and 6" in alt_text(editor)

    editor.add_step_button.click()
    assert len(editor.steps.children) == 7
    assert "empty_step" in editor.findings().codes
    editor.steps.children[6].text.value = "sends a welcome gift"
    assert editor.use_cases.use_cases[1].main_scenario[6] == Step(
        "sends a welcome gift", "Trial member"
    )

    # removing step 1 renumbers: the upsells and extensions keep meaning the same steps
    editor.steps.children[0].remove.click()
    use_case = editor.use_cases.use_cases[1]
    assert use_case.upsell_steps == (2, 5)
    assert [e.label for e in use_case.extensions] == ["1a", "4a"]
    assert [row.step.value for row in editor.extensions.children] == ["1a", "4a"]
    assert editor.steps.children[0].number.value == "<b>1.</b>"


def test_extensions_point_at_steps_and_a_wrong_one_is_a_finding():
    editor = UseCaseEditor(sample_journey())
    editor.select(1)
    row = editor.extensions.children[1]
    row.step.value = "9a"
    assert "extension_points_nowhere" in editor.findings().codes
    assert "points at step 9" in editor.findings_view.value
    row.step.value = "five"
    assert "does not say which step" in editor.findings_view.value
    row.step.value = "5a"
    row.handling.value = "App: keeps the offer open\nTrial member: pays with another card\n\n"
    assert editor.use_cases.use_cases[1].extensions[1].handling == (
        Step("keeps the offer open", "App"),
        Step("pays with another card", "Trial member"),
    )
    row.handling.value = "tries again"
    assert "missing_actor" in editor.findings().codes

    editor.add_extension_button.click()
    added = editor.use_cases.use_cases[1].extensions[-1]
    assert added == Extension("6a", "")
    assert "extension_without_condition" in editor.findings().codes
    editor.extensions.children[-1].remove.click()
    assert len(editor.use_cases.use_cases[1].extensions) == 2


def test_handling_text_reads_one_step_a_line():
    assert parse_handling("App: shows: the price\n  \nretries") == (
        Step("shows: the price", "App"),
        Step("retries", ""),
    )


def test_use_cases_can_be_added_and_removed():
    editor = UseCaseEditor(UseCaseSet())
    assert "no_use_cases" in editor.findings().codes
    assert editor.picker.options[0][0].startswith("(no use cases yet")
    assert editor.form.layout.display == "none"
    assert "no use cases yet" in alt_text(editor)

    editor.add_button.click()
    assert editor.form.layout.display is None
    assert len(editor.use_cases) == 1
    editor.title.value = "Renew the membership"
    editor.actor.value = "Member"
    editor.steps.children[0].text.value = "clicks renew"
    editor.steps.children[0].actor.value = "Member"
    assert editor.use_cases.use_cases[0].title == "Renew the membership"
    assert "Renew the membership (by Member)" in alt_text(editor)

    editor.add_button.click()
    assert editor.title.value == "" and len(editor.use_cases) == 2
    editor.select(0)
    assert editor.title.value == "Renew the membership"
    editor.remove_button.click()
    assert len(editor.use_cases) == 1 and editor.title.value == ""
    editor.remove_button.click()
    assert editor.use_cases == UseCaseSet()


def test_the_touchpoint_is_picked_from_the_plans_paths():
    plan = sample_journey()
    editor = UseCaseEditor(plan)
    values = [v for _, v in editor.touchpoint.options]
    assert values[0] == "" and set(values[1:]) == set(plan.touchpoint_names())
    editor.touchpoint.value = ""
    assert editor.use_cases.use_cases[0].touchpoint == ""
    # a touchpoint from a file that no path holds is kept, and flagged
    odd = plan.use_cases.replace(
        0, dataclasses.replace(plan.use_cases.use_cases[0], touchpoint="Old flyer")
    )
    editor = UseCaseEditor(plan.replace(use_cases=odd))
    assert editor.touchpoint.value == "Old flyer"
    assert "unknown_touchpoint" in editor.findings().codes


def test_learner_text_is_escaped():
    editor = UseCaseEditor(sample_journey())
    editor.title.value = "<script>alert(1)</script>"
    editor.steps.children[0].text.value = ""
    editor.steps.children[0].actor.value = "<img src=x onerror=alert(1)>"
    shown = editor.findings_view.value + drawn_html(editor) + editor.card.value
    assert "<script>" not in shown and "<img src=x" not in shown
    assert "&lt;script&gt;" in editor.findings_view.value


def test_save_and_continue_from_the_file(tmp_path):
    path = tmp_path / "my_journey.yaml"
    editor = UseCaseEditor.from_file(sample_file(path))
    editor.select(2)
    editor.title.value = "Book a coaching call"
    editor.save_button.click()
    assert "Saved your" in editor.status.value
    saved = load_journey(path)
    assert saved.use_cases.use_cases[2].title == "Book a coaching call"
    assert saved.board == sample_journey().board and saved.canvas == sample_journey().canvas
    again = UseCaseEditor.from_file(path)
    assert again.use_cases == editor.use_cases


def test_the_repair_self_check():
    broken = repair_booking()
    feedback = repair_use_case(broken)
    assert not feedback.passed and sum(p.passed for p in feedback) == 2
    fixed = dataclasses.replace(
        broken,
        title="Book a repair",
        extensions=(dataclasses.replace(broken.extensions[0], step="3a"),),
    )
    assert repair_use_case(fixed).passed
    # pointing the extension at the step where the site shows the slots is not enough
    wrong = dataclasses.replace(
        fixed, extensions=(dataclasses.replace(fixed.extensions[0], step="2a"),)
    )
    assert not repair_use_case(wrong).passed
    dropped = dataclasses.replace(fixed, extensions=())
    assert "Keep the extension" in str(repair_use_case(dropped))
    assert not repair_use_case("Book a repair").passed


# -- reordering use cases, steps and extensions ---------------------------------------

HARBOR = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"


def harbor(tmp_path: Path) -> Path:
    """A learner's file for Harbor Bikes, a business that is not the sample."""
    path = tmp_path / "my_journey.yaml"
    save_journey(load_journey(HARBOR), path)
    return path


def texts(editor: UseCaseEditor) -> list[str]:
    return [row.text.value for row in editor.steps.children]


def test_moving_a_step_renumbers_it_and_its_extension_and_upsell_follow(tmp_path):
    path = harbor(tmp_path)
    editor = UseCaseEditor.from_file(path)
    steps = editor.steps.children
    assert steps[0].up.disabled and steps[-1].down.disabled and not steps[1].up.disabled
    pay = "picks a slot and pays the deposit"
    assert texts(editor)[2] == pay and editor.extensions.children[0].step.value == "3a"
    steps[2].down.click()  # paying comes after the confirmation now
    assert texts(editor)[3] == pay
    assert [row.number.value for row in editor.steps.children][3] == "<b>4.</b>"
    use_case = editor.use_cases.use_cases[0]
    # the declined card still hangs on paying, and the upsell on the confirmation
    assert [e.label for e in use_case.extensions] == ["4a"]
    assert editor.extensions.children[0].step.value == "4a"
    assert use_case.upsell_steps == (3,)
    assert editor.steps.children[2].upsell.value and not editor.steps.children[3].upsell.value
    assert "4a" in editor.card.value
    assert "extension_points_nowhere" not in editor.findings().codes
    editor.steps.children[3].up.click()
    editor.steps.children[2].down.click()
    editor.save_button.click()
    saved = load_journey(path).use_cases.use_cases[0]
    assert saved.main_scenario[3].text == pay and saved.extensions[0].step == "4a"
    assert saved.upsell_steps == (3,)


def test_use_cases_and_extensions_are_reordered(tmp_path):
    path = harbor(tmp_path)
    editor = UseCaseEditor.from_file(path)
    assert editor.up_button.disabled and editor.down_button.disabled  # only one yet
    editor.add_button.click()
    editor.title.value = "Buy a service plan"
    assert not editor.up_button.disabled and editor.down_button.disabled
    editor.up_button.click()
    assert [label for label, _ in editor.picker.options] == [
        "1. Buy a service plan",
        "2. Book a repair",
    ]
    assert editor.title.value == "Buy a service plan"  # the moved one stays in the form
    assert editor.up_button.disabled and not editor.down_button.disabled

    editor.select(1)
    editor.add_extension(Extension("2a", "No slot is free this week"))
    declined, no_slot = editor.extensions.children
    assert declined.up.disabled and no_slot.down.disabled
    no_slot.up.click()
    assert [e.label for e in editor.use_cases.use_cases[1].extensions] == ["2a", "3a"]
    editor.save_button.click()
    saved = load_journey(path).use_cases
    assert [u.title for u in saved.use_cases] == ["Buy a service plan", "Book a repair"]
    assert [e.condition for e in saved.use_cases[1].extensions] == [
        "No slot is free this week",
        "The card is declined",
    ]


def test_move_step_keeps_every_reference_meaning_the_same_step():
    use_case = UseCase(
        "Book a repair",
        "Customer",
        JourneyStage.PURCHASE,
        main_scenario=tuple(Step(text, "Customer") for text in "abcde"),
        extensions=(
            Extension("1a", "one"),
            Extension("2a", "two"),
            Extension(" 2 B ", "two again"),
            Extension("*a", "anywhere"),
            Extension("9a", "nowhere"),
        ),
        upsell_steps=(2, 5),
    )
    moved = use_case.move_step(2, 2)  # b goes after d: a c d b e
    assert "".join(s.text for s in moved.main_scenario) == "acdbe"
    assert [e.step for e in moved.extensions] == ["1a", "4a", "4b", "*a", "9a"]
    assert [e.condition for e in moved.extensions] == [e.condition for e in use_case.extensions]
    assert moved.upsell_steps == (4, 5)
    # moving it back gives the use case as it was, but for the labels' spelling
    back = moved.move_step(4, -2)
    assert back.main_scenario == use_case.main_scenario
    assert [e.label for e in back.extensions] == ["1a", "2a", "2b", "*a", "9a"]
    assert back.upsell_steps == use_case.upsell_steps
    assert use_case.move_step(1, -1) == use_case  # the first stays first
    with pytest.raises(IndexError, match="there is no step 6"):
        use_case.move_step(6, 1)
    assert use_case.move_extension(0, 1).extensions[:2] == use_case.extensions[1::-1]
    set_of_two = UseCaseSet((use_case, dataclasses.replace(use_case, title="Other")))
    assert [u.title for u in set_of_two.move(1, -1).use_cases] == ["Other", "Book a repair"]
