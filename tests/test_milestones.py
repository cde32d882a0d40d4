"""The milestone model: construction, editing, and the findings a learner sees."""

from __future__ import annotations

import pytest

from journey_lessons import KINDS, Milestone, MilestoneMap, Severity, Stage, sample_milestones
from journey_lessons.milestones import kinds_for, kinds_table


def m(name: str, stage: str, kind: str = "custom", measure: str = "a count") -> Milestone:
    return Milestone(name, Stage(stage), kind, measure)


GOOD = MilestoneMap(
    (
        m("Start a trial", "before", "free_trial"),
        m("Buy the plan", "core", "core_purchase"),
        m("Refer a friend", "after", "referral"),
    ),
    "Good",
)


def test_catalogue_has_the_kinds_of_the_course_in_their_columns():
    before = {k.key for k in kinds_for(Stage.BEFORE)}
    after = {k.key for k in kinds_for(Stage.AFTER)}
    assert before == {
        "opt_in", "download", "free_trial", "consultation", "demo", "quote",
        "digital_tactic", "custom",
    }  # fmt: skip
    assert after == {
        "survey", "repeat_purchase", "testimonial", "referral", "upsell", "renewal", "custom",
    }  # fmt: skip
    assert {k.key for k in kinds_for(Stage.CORE)} == {"core_purchase", "custom"}
    for kind in KINDS.values():
        assert kind.description and kind.measure_hint
        if kind.key != "custom":
            assert kind.examples, kind.key


def test_kinds_table_lists_every_kind():
    table = kinds_table()
    assert len(table) == len(KINDS)
    assert "Free trial" in table.index
    assert table.loc["Opt-in", "column"] == "Before purchase"


def test_sample_business_is_a_clean_map():
    sample = sample_milestones()
    assert sample.core is not None and sample.core.kind == "core_purchase"
    assert sample.before and sample.after
    assert sample.check() == ()


def test_stage_given_as_text_is_accepted_and_bad_values_are_refused():
    assert Milestone("x", "after").stage is Stage.AFTER
    with pytest.raises(ValueError, match="stage 'later' is not one of: before, core, after"):
        Milestone("x", "later")
    with pytest.raises(ValueError, match="kind 'webinar' is not in the catalogue"):
        Milestone("x", Stage.BEFORE, "webinar")
    with pytest.raises(TypeError, match="must be text"):
        Milestone(None, Stage.BEFORE)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"milestones\[0\] is a str"):
        MilestoneMap(("Start a trial",))  # type: ignore[arg-type]


def test_models_are_frozen_and_edits_return_new_maps():
    with pytest.raises(AttributeError):
        GOOD.title = "x"  # type: ignore[misc]
    added = GOOD.add(m("Take the quiz", "before", "digital_tactic"))
    assert len(GOOD) == 3 and len(added) == 4
    # added at the end of its own column, so the map stays in journey order
    assert [x.name for x in added.milestones] == [
        "Start a trial", "Take the quiz", "Buy the plan", "Refer a friend",
    ]  # fmt: skip
    assert added.remove(1) == GOOD
    renamed = GOOD.replace(1, m("Buy the annual plan", "core", "core_purchase"))
    assert renamed.core.name == "Buy the annual plan" and GOOD.core.name == "Buy the plan"
    assert GOOD.with_title("New").title == "New"


def test_from_columns_sets_each_stage_from_its_column():
    built = MilestoneMap.from_columns(
        core=m("Buy", "before", "core_purchase"),
        before=[m("Trial", "after", "free_trial")],
        after=[m("Refer", "before", "referral")],
    )
    assert [x.stage for x in built.milestones] == [Stage.BEFORE, Stage.CORE, Stage.AFTER]


def codes(milestones: MilestoneMap) -> set[str]:
    return {f.code for f in milestones.check()}


@pytest.mark.parametrize(
    ("milestones", "code", "severity", "where"),
    [
        (MilestoneMap((m("Trial", "before"), m("Refer", "after"))), "no_core", "error", "map"),
        (GOOD.add(m("Buy more", "core")), "many_cores", "error", "map"),
        (GOOD.remove(0), "no_before", "warning", "map"),
        (GOOD.remove(2), "no_after", "warning", "map"),
        (
            MilestoneMap((m("Buy", "core"), m("Trial", "before"), m("Refer", "after"))),
            "out_of_order", "error", "milestone 2 (Trial)",
        ),
        (GOOD.replace(0, m("  ", "before")), "empty_name", "error", "milestone 1"),
        (GOOD.replace(2, m("Refer", "after", measure=" ")), "no_measure", "warning",
         "milestone 3 (Refer)"),
        (GOOD.add(m("refer   A friend", "after")), "duplicate_name", "error",
         "milestone 4 (refer   A friend)"),
        (GOOD.replace(2, m("Opt in late", "after", "opt_in")), "kind_in_wrong_column",
         "warning", "milestone 3 (Opt in late)"),
        (GOOD.replace(0, m("Review first", "before", "testimonial")), "kind_in_wrong_column",
         "warning", "milestone 1 (Review first)"),
        (GOOD.replace(1, m("Demo", "core", "demo")), "kind_in_core", "error", "milestone 2 (Demo)"),
        (GOOD.replace(2, m("Buy again", "after", "core_purchase")), "core_kind_misplaced",
         "error", "milestone 3 (Buy again)"),
    ],
)  # fmt: skip
def test_each_mistake_gives_a_finding_with_a_place_and_a_hint(milestones, code, severity, where):
    findings = [f for f in milestones.check() if f.code == code]
    assert findings, f"expected {code} in {milestones.check()}"
    finding = findings[0]
    assert finding.severity is Severity(severity)
    assert finding.where == where
    assert finding.message and finding.hint
    assert code in str(milestones.check().codes)


def test_a_map_with_many_mistakes_lists_errors_first_and_is_not_ok():
    findings = MilestoneMap((m("", "after", "opt_in", measure=""),)).check()
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=list(Severity).index)
    assert not findings.ok
    assert "error" in findings.summary() and "warning" in findings.summary()


def test_an_empty_map_says_where_to_start():
    assert codes(MilestoneMap()) == {"no_core", "no_before", "no_after"}


def test_warnings_alone_leave_a_map_ok():
    findings = GOOD.replace(0, m("Start a trial", "before", "free_trial", measure="")).check()
    assert findings.ok and len(findings) == 1


def test_learner_text_is_escaped_in_html():
    evil = GOOD.replace(0, m("<img src=x onerror=alert(1)>", "before", measure="<b>bold</b>"))
    html = evil._repr_html_() + evil.check()._repr_html_()
    assert "<img src=x" not in html and "<b>bold</b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_text_and_html_show_every_milestone_and_the_summary():
    text = str(sample_milestones())
    html = sample_milestones()._repr_html_()
    for milestone in sample_milestones().milestones:
        assert milestone.name in text and milestone.name in html
    assert "No findings" in html


def test_describe_reads_the_map_in_journey_order():
    assert GOOD.describe() == (
        "Good: milestone map. Before purchase: Start a trial. Core purchase: Buy the plan. "
        "After purchase: Refer a friend."
    )
    assert "Core purchase: none yet" in MilestoneMap().describe()
