"""Use cases: the fully dressed template, the findings a learner sees, and the diagram."""

from __future__ import annotations

import dataclasses
import json

import pytest
import yaml
from drawing_support import SAMPLE_TOUCHPOINTS
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse

from journey_lessons import Severity
from journey_lessons._fields import FieldError
from journey_lessons.draw._usecases import UPSELL_EDGE, use_cases
from journey_lessons.nfr import JourneyStage
from journey_lessons.usecases import (
    Extension,
    Level,
    Step,
    UseCase,
    UseCaseSet,
    sample_use_cases,
    title_problem,
)

BUY = UseCase(
    title="Buy the plan",
    primary_actor="Customer",
    stage=JourneyStage.PURCHASE,
    main_scenario=(
        Step("chooses the plan", "Customer"),
        Step("shows the checkout with an add-on", "Shop"),
        Step("pays by card", "Customer"),
    ),
    extensions=(Extension("3a", "The card is declined", (Step("offers another card", "Shop"),)),),
    success_guarantee="The customer has the plan.",
    minimal_guarantee="No card is charged twice.",
    upsell_steps=(2,),
)
GOOD = UseCaseSet((BUY,), "Shop")


def edit(**changes) -> UseCaseSet:
    return UseCaseSet((dataclasses.replace(BUY, **changes),))


def test_the_sample_business_has_clean_use_cases_at_its_stages():
    sample = sample_use_cases()
    assert sample.check(SAMPLE_TOUCHPOINTS) == ()
    assert {u.stage for u in sample.use_cases} == {
        JourneyStage.CONSIDERATION, JourneyStage.PURCHASE, JourneyStage.RETENTION,
        JourneyStage.ADVOCACY,
    }  # fmt: skip
    buy = next(u for u in sample.use_cases if u.title == "Buy the annual membership")
    assert buy.upsell_steps and "checkout" in buy.main_scenario[buy.upsell_steps[0] - 1].text
    for use_case in sample.use_cases:
        assert use_case.extensions and use_case.stakeholders and use_case.trigger
        assert use_case.touchpoint in SAMPLE_TOUCHPOINTS


def test_main_steps_are_numbered_by_position_and_extensions_by_step_and_letter():
    assert [n for n, _ in BUY.numbered()] == [1, 2, 3]
    text = str(BUY)
    assert "1. Customer: chooses the plan" in text
    assert "3. Customer: pays by card" in text
    assert "3a. The card is declined" in text and "3a1. Shop: offers another card" in text
    assert "2. Shop: shows the checkout with an add-on  ← upsell fits here" in text
    assert BUY.extensions_at(3) == BUY.extensions
    assert Extension(" 3 B ", "x").label == "3b" and Extension("3b", "x").step_number == 3
    assert Extension("*a", "x").any_step and Extension("*a", "x").step_number is None


def test_inserting_nothing_leaves_no_gap_removing_a_step_renumbers_what_points_after_it():
    longer = BUY.add_step(Step("emails the receipt", "Shop"))
    assert [n for n, _ in longer.numbered()] == [1, 2, 3, 4]
    fewer = longer.remove_step(1)
    assert fewer.main_scenario[0].text == "shows the checkout with an add-on"
    assert fewer.upsell_steps == (1,)  # the checkout step moved from 2 to 1
    assert [e.step for e in fewer.extensions] == ["2a"]  # still the payment step
    assert fewer.check() == ()
    # what hangs on the removed step goes with it
    without_checkout = BUY.remove_step(2)
    assert without_checkout.upsell_steps == () and without_checkout.extensions[0].step == "2a"
    assert BUY.remove_step(3).extensions == ()
    with pytest.raises(IndexError, match="numbered 1 to 3"):
        BUY.remove_step(4)


def test_edits_return_new_use_cases_and_leave_the_original_alone():
    with pytest.raises(AttributeError):
        BUY.title = "x"  # type: ignore[misc]
    assert BUY.mark_upsell(3).upsell_steps == (2, 3)
    assert BUY.mark_upsell(2, upsell=False).upsell_steps == ()
    assert BUY.replace_step(1, Step("picks", "Customer")).main_scenario[0].text == "picks"
    assert BUY.add_extension(Extension("1a", "x")).remove_extension(1) == BUY
    assert BUY.upsell_steps == (2,) and len(BUY.main_scenario) == 3
    assert GOOD.add(BUY).remove(1) == GOOD and GOOD.replace(0, BUY) == GOOD
    assert GOOD.with_title("New").title == "New" and GOOD.title == "Shop"


def test_programming_errors_raise_and_say_what_is_wrong():
    with pytest.raises(ValueError, match="stage 'later' is not one of: awareness"):
        UseCase("Buy", "Customer", "later")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="level 'sky' is not one of: summary, user_goal"):
        UseCase("Buy", "Customer", "purchase", "sky")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"main_scenario\[0\] is a str, not a Step"):
        UseCase("Buy", "Customer", "purchase", main_scenario=("pays",))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="pair of texts"):
        UseCase("Buy", "Customer", "purchase", stakeholders=(("Owner",),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"use_cases\[0\] is a str"):
        UseCaseSet(("Buy",))  # type: ignore[arg-type]
    assert UseCase("Buy", "C", "purchase").stage is JourneyStage.PURCHASE
    assert UseCase("Buy", "C", "purchase").level is Level.USER_GOAL


@pytest.mark.parametrize(
    ("use_cases", "code", "severity", "where"),
    [
        (edit(title=" "), "empty_title", "error", "use case 1"),
        (edit(title="Booking a session"), "title_not_a_goal", "warning",
         "use case 1 (Booking a session)"),
        (edit(primary_actor=""), "missing_actor", "error", "use case 1 (Buy the plan)"),
        (edit(main_scenario=(Step("pays", "Customer"), Step("ships", ""))), "missing_actor",
         "error", "use case 1 (Buy the plan), step 2"),
        (edit(main_scenario=(), upsell_steps=(), extensions=()), "empty_flow", "error",
         "use case 1 (Buy the plan)"),
        (edit(extensions=(Extension("3a", "The card is declined"),)), "empty_flow", "error",
         "use case 1 (Buy the plan), extension 3a"),
        (edit(main_scenario=(Step(" ", "Customer"), *BUY.main_scenario)), "empty_step", "error",
         "use case 1 (Buy the plan), step 1"),
        (edit(extensions=(Extension("7a", "Out of stock", (Step("apologises", "Shop"),)),)),
         "extension_points_nowhere", "error", "use case 1 (Buy the plan), extension 7a"),
        (edit(extensions=(Extension("after paying", "Late", (Step("waits", "Shop"),)),)),
         "extension_points_nowhere", "error", "use case 1 (Buy the plan), extension after paying"),
        (edit(extensions=(*BUY.extensions, Extension("3A", "Expired", (Step("asks", "Shop"),)))),
         "duplicate_extension", "error", "use case 1 (Buy the plan), extension 3a"),
        (edit(extensions=(Extension("2a", " ", (Step("waits", "Shop"),)),)),
         "extension_without_condition", "error", "use case 1 (Buy the plan), extension 2a"),
        (edit(extensions=(Extension("2a", "Busy", (Step("waits", " "),)),)), "missing_actor",
         "error", "use case 1 (Buy the plan), extension 2a, step 2a1"),
        (edit(upsell_steps=(4,)), "upsell_step_out_of_range", "error", "use case 1 (Buy the plan)"),
        (edit(minimal_guarantee=""), "no_guarantees", "warning", "use case 1 (Buy the plan)"),
        (GOOD.add(dataclasses.replace(BUY, title="buy  THE plan")), "duplicate_title", "error",
         "use case 2 (buy  THE plan)"),
        (edit(upsell_steps=()), "no_upsell_anywhere", "tip", "use cases"),
        (UseCaseSet(), "no_use_cases", "warning", "use cases"),
    ],
)  # fmt: skip
def test_each_mistake_gives_a_finding_with_a_place_and_a_hint(use_cases, code, severity, where):
    findings = [f for f in use_cases.check() if f.code == code]
    assert findings, f"expected {code} in {use_cases.check()}"
    assert findings[0].severity is Severity(severity)
    assert findings[0].where == where
    assert findings[0].message and findings[0].hint


def test_findings_name_the_extension_and_the_step_it_points_at():
    finding = edit(extensions=(Extension("7a", "Gone", (Step("says sorry", "Shop"),)),)).check()[0]
    assert "7a" in finding.where and "step 7" in finding.message and "3 steps" in finding.message
    star = UseCase("Buy", "C", "purchase", extensions=(Extension("*a", "x", (Step("y", "z"),)),))
    assert "extension_points_nowhere" in star.check().codes
    assert "extension_points_nowhere" not in star.add_step(Step("pays", "C")).check().codes


def test_no_guarantees_says_which_one_is_missing():
    (finding,) = [f for f in edit(success_guarantee=" ").check() if f.code == "no_guarantees"]
    assert finding.message == "No success guarantee."
    both = edit(success_guarantee="", minimal_guarantee="").check()
    assert "No success guarantee and no minimal guarantee." in [f.message for f in both]


def test_a_touchpoint_not_on_the_journey_is_flagged_only_when_touchpoints_are_given():
    linked = edit(touchpoint="Checkout page")
    assert "unknown_touchpoint" not in linked.check().codes
    assert "unknown_touchpoint" in linked.check(["Welcome email"]).codes
    assert linked.check(["checkout   PAGE"]).codes == set()
    assert "unknown_touchpoint" in linked.use_cases[0].check(["Welcome email"]).codes


@pytest.mark.parametrize(
    ("title", "flagged"),
    [
        ("Buy the annual membership", False),
        ("Refer a friend", False),
        ("Bring a friend to class", False),
        ("Document the injury", False),
        ("Booking a coaching session", True),
        ("The checkout", True),
        ("Customer buys a plan", True),
        ("Trial member pays", True),  # starts with the actor of the use case
        ("Registration", True),
        ("Payment by card", True),
    ],
)
def test_a_title_should_read_as_an_active_verb_goal(title, flagged):
    assert bool(title_problem(title, "Trial member")) is flagged


def test_a_use_case_checked_alone_is_not_numbered():
    assert dataclasses.replace(BUY, title="").check()[0].where == "use case"


def test_the_table_has_a_row_per_use_case():
    table = sample_use_cases().table()
    assert list(table["use case"]) == [u.title for u in sample_use_cases().use_cases]
    assert list(table.columns)[:3] == ["use case", "primary actor", "stage"]
    assert table.loc[1, "upsell at steps"] == "3" and table.loc[1, "stage"] == "Purchase"
    assert len(UseCaseSet().table()) == 0 and "use case" in UseCaseSet().table().columns


def test_describe_reads_the_use_cases_by_stage_with_their_upsells():
    text = sample_use_cases().describe()
    assert text.startswith("Lotus Flow online yoga studio: use case diagram with 4 use cases")
    assert "Purchase: Buy the annual membership (by Trial member; upsell at step 3)." in text
    assert BUY.mark_upsell(3).upsell_label == "upsell at steps 2 and 3"
    assert "Actors: Prospect, Trial member and Member." in text
    assert "no use cases yet" in UseCaseSet().describe()


def test_learner_text_is_escaped_in_html():
    evil = "<script>alert(1)</script>"
    use_case = dataclasses.replace(BUY, title=evil, main_scenario=(Step(evil, evil),))
    html = use_case._repr_html_() + UseCaseSet((use_case,), evil)._repr_html_()
    html += UseCaseSet((use_case,)).check()._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# -- plain data ------------------------------------------------------------------------

learner_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
) | st.sampled_from(["yes", "null", "~", "3a", "- item", "key: value", "#hash"])
steps = st.lists(st.builds(Step, learner_text, learner_text), max_size=4).map(tuple)
use_case_strategy = st.builds(
    UseCase,
    title=learner_text,
    primary_actor=learner_text,
    stage=st.sampled_from(list(JourneyStage)),
    level=st.sampled_from(list(Level)),
    stakeholders=st.lists(st.tuples(learner_text, learner_text), max_size=3).map(tuple),
    preconditions=st.lists(learner_text, max_size=3).map(tuple),
    trigger=learner_text,
    main_scenario=steps,
    extensions=st.lists(st.builds(Extension, learner_text, learner_text, steps), max_size=3).map(
        tuple
    ),
    success_guarantee=learner_text,
    minimal_guarantee=learner_text,
    upsell_steps=st.lists(st.integers(-3, 12), max_size=3).map(tuple),
    touchpoint=learner_text,
)
use_case_sets = st.builds(
    UseCaseSet, st.lists(use_case_strategy, max_size=3).map(tuple), learner_text
)


@settings(max_examples=60, deadline=None)
@given(original=use_case_sets)
def test_plain_data_round_trips_through_json_and_yaml(original):
    data = original.to_dict()
    assert UseCaseSet.from_dict(data) == original
    assert UseCaseSet.from_dict(json.loads(json.dumps(data))) == original
    assert UseCaseSet.from_dict(yaml.safe_load(yaml.safe_dump(data))) == original


def test_plain_data_is_the_fully_dressed_template():
    data = BUY.to_dict()
    assert data["stage"] == "purchase" and data["level"] == "user_goal"
    assert data["main_scenario"][0] == {"text": "chooses the plan", "actor": "Customer"}
    assert data["extensions"][0]["step"] == "3a" and data["upsell_steps"] == [2]
    short = UseCase.from_dict({"title": "Buy", "primary_actor": "C", "stage": "Purchase"})
    assert short.level is Level.USER_GOAL and short.main_scenario == ()


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        ({"use_cases": [{"title": "x", "stage": "later"}]}, "use_cases[0].stage",
         "'later' is not one of"),
        ({"use_cases": [{"title": "x"}]}, "use_cases[0].stage", "required"),
        ({"use_cases": [{"stage": "purchase", "main_scenario": [{"text": "a", "who": "b"}]}]},
         "use_cases[0].main_scenario[0].who", "unknown field"),
        ({"use_cases": [{"stage": "purchase", "extensions": [{"handling": [["a"]]}]}]},
         "use_cases[0].extensions[0].handling[0]", "expected a mapping"),
        ({"use_cases": [{"stage": "purchase", "upsell_steps": ["3"]}]},
         "use_cases[0].upsell_steps[0]", "expected a step number"),
        ({"use_cases": [{"stage": "purchase", "preconditions": [{"a": 1}]}]},
         "use_cases[0].preconditions[0]", "expected text"),
        ({"use_cases": [{"stage": "purchase", "stakeholders": [{"name": "a", "wants": "b"}]}]},
         "use_cases[0].stakeholders[0].wants", "unknown field"),
        ({"usecases": []}, "usecases", "unknown field"),
    ],
)  # fmt: skip
def test_unreadable_data_names_the_field(data, field, problem):
    with pytest.raises(FieldError) as error:
        UseCaseSet.from_dict(data)
    assert error.value.field == field
    assert problem in error.value.problem


# -- the diagram -------------------------------------------------------------------------


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_the_diagram_shows_actors_left_and_use_cases_in_their_stage_columns():
    sample = sample_use_cases()
    fig = use_cases(sample)
    ax = fig.axes[0]
    positions = {t.get_text().replace("\n", " "): t.get_position() for t in ax.texts}
    for stage in JourneyStage:
        assert stage.label in positions
    for use_case in sample.use_cases:
        x, _ = positions[use_case.title]
        column_x, _ = positions[use_case.stage.label]
        assert x == pytest.approx(column_x)
    for actor in sample.actors():
        assert positions[actor][0] < min(positions[s.label][0] for s in JourneyStage)
    ovals = [p for p in ax.patches if type(p) is Ellipse]
    assert len(ovals) == len(sample)
    assert fig.alt_text == sample.describe()


def test_each_use_case_is_joined_to_its_actor_and_upsells_are_marked():
    sample = sample_use_cases()
    ax = use_cases(sample).axes[0]
    links = [line for line in ax.lines if len(line.get_xdata()) == 4]
    assert len(links) == len(sample)
    for link in links:
        # each line ends at the left edge of an oval, at its height
        end = (link.get_xdata()[-1], link.get_ydata()[-1])
        assert any(
            end[0] == pytest.approx(o.center[0] - o.width / 2) and end[1] == o.center[1]
            for o in ax.patches
            if type(o) is Ellipse
        )
    marked = [o for o in ax.patches if type(o) is Ellipse and o.get_linewidth() > 2]
    assert len(marked) == sum(bool(u.upsell_steps) for u in sample.use_cases)
    assert {"upsell at step 3", "upsell at step 4"} <= set(texts(use_cases(sample)))
    assert all(o.get_edgecolor()[:3] == pytest.approx(_rgb(UPSELL_EDGE)) for o in marked)


def _rgb(colour: str) -> tuple[float, ...]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def test_no_line_passes_behind_another_use_case():
    fig = use_cases(sample_use_cases())
    ax = fig.axes[0]
    ovals = [o for o in ax.patches if type(o) is Ellipse]
    for line in ax.lines:
        if len(line.get_xdata()) != 4:
            continue
        y = line.get_ydata()[-1]  # the last leg runs along the use case's row
        for oval in ovals:
            if oval.center[1] != y:
                assert abs(oval.center[1] - y) > oval.height / 2


def test_an_empty_set_invites_the_learner_and_a_use_case_without_actor_has_no_line():
    assert "add a use case" in texts(use_cases(UseCaseSet()))
    fig = use_cases(UseCaseSet((dataclasses.replace(BUY, primary_actor=""),)))
    assert [line for line in fig.axes[0].lines if len(line.get_xdata()) == 4] == []


def test_the_diagram_shows_as_an_image_with_alt_text():
    html = use_cases(sample_use_cases())._repr_html_()
    assert '<img src="data:image/svg+xml;base64,' in html
    assert 'alt="Lotus Flow online yoga studio: use case diagram' in html
