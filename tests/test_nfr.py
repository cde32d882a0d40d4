"""Non-functional requirements: the quality model, the checks, the gaps and the heatmap."""

from __future__ import annotations

import json
import math
from itertools import pairwise

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from journey_lessons import Severity, Stage
from journey_lessons._fields import FieldError
from journey_lessons.draw import png_bytes
from journey_lessons.draw._nfr import MANY_UNMET, NONE_UNMET, ONE_UNMET, nfr_heatmap
from journey_lessons.nfr import (
    HIGHLIGHTED,
    ROADMAP_STEPS,
    Characteristic,
    Direction,
    JourneyStage,
    Requirement,
    RequirementSet,
    characteristics_table,
    sample_requirements,
)

C, S, D = Characteristic, JourneyStage, Direction


def req(
    id: str = "R1",
    stage: str = "purchase",
    characteristic: str = "reliability",
    statement: str = "Checkout is up 99.9% of the month.",
    metric: str = "monthly availability",
    target: float | None = 99.9,
    unit: str = "%",
    direction: str = "at_least",
    measured: float | None = None,
) -> Requirement:
    return Requirement(
        id, S(stage), C(characteristic), statement, metric, target, unit, D(direction), measured
    )


# one requirement per stage, covering the four highlighted characteristics: no warnings
GOOD = RequirementSet(
    (
        req("A1", "awareness", "performance_efficiency", "Page loads in 2 s.", "load", 2, "s",
            "at_most", 1.5),
        req("C1", "consideration", "interaction_capability", "85% finish the form.", "rate", 85,
            "%", "at_least", 90),
        req("P1", "purchase", "reliability", measured=99.95),
        req("P2", "purchase", "security", "0 open critical issues.", "issues", 0, "issues",
            "at_most", 0),
        req("R1", "retention", "reliability", "At most 0.5% of sessions crash.", "crashes", 0.5,
            "%", "at_most", 0.4),
        req("V1", "advocacy", "interaction_capability", "Referral in 3 taps.", "taps", 3, "taps",
            "at_most", 3),
    ),
    "Good",
)  # fmt: skip


# -- the quality model -------------------------------------------------------------------


def test_the_nine_iso_25010_2023_characteristics_in_order_with_their_history():
    assert [c.label for c in Characteristic] == [
        "Functional suitability", "Performance efficiency", "Compatibility",
        "Interaction capability", "Reliability", "Security", "Maintainability",
        "Flexibility", "Safety",
    ]  # fmt: skip
    renamed = {c.value: c.name_2011 for c in Characteristic if c.name_2011}
    assert renamed == {"interaction_capability": "usability", "flexibility": "portability"}
    assert [c for c in Characteristic if c.new_in_2023] == [C.SAFETY]
    for c in Characteristic:
        assert c.meaning.endswith(".") and c.example and any(ch.isdigit() for ch in c.example)


def test_the_course_highlights_reliability_performance_security_and_usability():
    assert {c for c in Characteristic if c.highlighted} == HIGHLIGHTED == {
        C.RELIABILITY, C.PERFORMANCE_EFFICIENCY, C.SECURITY, C.INTERACTION_CAPABILITY,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "member"),
    [
        ("usability", C.INTERACTION_CAPABILITY),
        ("Portability", C.FLEXIBILITY),
        ("performance", C.PERFORMANCE_EFFICIENCY),
        ("Performance efficiency", C.PERFORMANCE_EFFICIENCY),
        ("functional-suitability", C.FUNCTIONAL_SUITABILITY),
    ],
)
def test_old_and_spoken_names_of_a_characteristic_are_understood(name, member):
    assert Characteristic(name) is member
    assert req(characteristic=name).characteristic is member


def test_characteristics_table_shows_each_with_its_2011_name_and_the_highlights():
    table = characteristics_table()
    assert list(table.index) == [c.label for c in Characteristic]
    assert table.loc["Interaction capability", "2011 name"] == "usability"
    assert table.loc["Safety", "2011 name"] == "(new in 2023)"
    assert table.loc["Security", "2011 name"] == "Security"
    assert (table["course highlight"] == "★").sum() == 4


def test_journey_stages_in_order_and_their_milestone_columns():
    assert [s.value for s in JourneyStage] == [
        "awareness", "consideration", "purchase", "retention", "advocacy",
    ]  # fmt: skip
    assert [s.milestone_stage for s in JourneyStage] == [
        Stage.BEFORE, Stage.BEFORE, Stage.CORE, Stage.AFTER, Stage.AFTER,
    ]  # fmt: skip
    assert [s.order for s in JourneyStage] == [0, 1, 2, 3, 4]
    for stage in JourneyStage:
        assert stage.meaning and stage.example


# -- construction and editing ------------------------------------------------------------


def test_text_values_are_accepted_and_bad_values_refused():
    r = Requirement("R", "Retention", "usability", "s", "m", 3, "s", "at most")
    assert (r.stage, r.characteristic, r.direction) == (
        S.RETENTION, C.INTERACTION_CAPABILITY, D.AT_MOST,
    )  # fmt: skip
    assert r.target == 3.0 and isinstance(r.target, float)
    with pytest.raises(ValueError, match="stage 'later' is not one of: awareness,"):
        Requirement("R", "later", C.SAFETY, "", "", 1, "", D.AT_MOST)
    with pytest.raises(ValueError, match="characteristic 'speed' is not one of"):
        Requirement("R", S.PURCHASE, "speed", "", "", 1, "", D.AT_MOST)
    with pytest.raises(ValueError, match="direction 'below' is not one of: at_most, at_least"):
        Requirement("R", S.PURCHASE, C.SAFETY, "", "", 1, "", "below")
    with pytest.raises(TypeError, match="target must be a number"):
        Requirement("R", S.PURCHASE, C.SAFETY, "", "", "2", "s", D.AT_MOST)
    with pytest.raises(TypeError, match="measured must be a number"):
        req(measured=True)
    with pytest.raises(ValueError, match="finite"):
        req(target=math.nan)
    with pytest.raises(TypeError, match="statement must be text"):
        req(statement=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"requirements\[0\] is a str"):
        RequirementSet(("R1",))  # type: ignore[arg-type]


def test_sets_are_frozen_and_edits_return_new_sets():
    with pytest.raises(AttributeError):
        GOOD.title = "x"  # type: ignore[misc]
    added = GOOD.add(req("X1"))
    assert len(GOOD) == 6 and len(added) == 7 and added.requirements[-1].id == "X1"
    assert added.remove("X1") == GOOD
    replaced = GOOD.replace("P1", req("P1", measured=98.0))
    assert replaced.get("P1").measured == 98.0 and GOOD.get("P1").measured == 99.95
    assert [r.id for r in replaced.requirements] == [r.id for r in GOOD.requirements]
    measured = GOOD.record_measurement("A1", 2.4)
    assert measured.get("A1").measured == 2.4 and measured.get("A1").met is False
    assert GOOD.with_title("New").title == "New"
    with pytest.raises(KeyError, match="no requirement with id 'Z9'; the ids are: 'A1', 'C1'"):
        GOOD.record_measurement("Z9", 1.0)


def test_sample_business_is_clean_apart_from_the_one_unmeasured_requirement():
    sample = sample_requirements()
    findings = sample.check()
    assert [(f.code, f.severity) for f in findings] == [("no_measurement", Severity.TIP)]
    assert {r.stage for r in sample.requirements} == set(JourneyStage)
    statuses = [r.met for r in sample.requirements]
    assert statuses.count(True) >= 2 and statuses.count(False) >= 2 and statuses.count(None) == 1


# -- findings ----------------------------------------------------------------------------


def only(requirement: Requirement) -> RequirementSet:
    """GOOD with ``requirement`` added, so that set-level findings stay quiet."""
    return GOOD.add(requirement)


@pytest.mark.parametrize(
    ("requirements", "code", "severity", "where"),
    [
        (only(req("X", statement="Checkout is fast.", metric="", target=None, unit="")),
         "not_measurable", "error", "requirement 7 (X)"),
        (only(req("X", statement="The app is reliable.", measured=99.95)), "vague_statement",
         "warning", "requirement 7 (X)"),
        (only(req("a1", measured=99.95)), "duplicate_id", "error", "requirement 7 (a1)"),
        (only(req("X", statement="  ", measured=99.95)), "empty_statement", "error",
         "requirement 7 (X)"),
        (only(req(" ", measured=99.95)), "empty_id", "error", "requirement 7"),
        (only(req("X")), "no_measurement", "tip", "requirement 7 (X)"),
        (GOOD.remove("V1"), "stage_without_requirements", "warning", "Advocacy stage"),
        (GOOD.remove("P2"), "highlighted_characteristic_missing", "tip", "requirements"),
        (only(req("X", target=999.0)), "percent_out_of_range", "error", "requirement 7 (X)"),
        (only(req("X", target=99.0, measured=-3.0)), "percent_out_of_range", "error",
         "requirement 7 (X)"),
        (only(req("X", target=-2.0, unit="seconds", direction="at_most")), "negative_time",
         "error", "requirement 7 (X)"),
        (RequirementSet(), "no_requirements", "warning", "requirements"),
    ],
)  # fmt: skip
def test_each_mistake_gives_a_finding_with_a_place_and_a_hint(requirements, code, severity, where):
    findings = [f for f in requirements.check() if f.code == code]
    assert findings, f"expected {code} in {requirements.check()}"
    finding = findings[0]
    assert finding.severity is Severity(severity)
    assert finding.where == where
    assert finding.message and finding.hint


def test_good_requirements_have_no_findings():
    assert GOOD.check() == ()


@pytest.mark.parametrize(
    ("metric", "target", "unit", "says"),
    [
        ("", 2.0, "s", "no metric."),
        ("load time", None, "s", "no target."),
        ("load time", 2.0, " ", "no unit."),
        ("", None, "", "no metric and no target and no unit."),
    ],
)
def test_not_measurable_says_what_is_missing(metric, target, unit, says):
    (finding,) = [f for f in only(req("X", metric=metric, target=target, unit=unit)).check()
                  if f.code == "not_measurable"]  # fmt: skip
    assert finding.message == f"It cannot be measured: {says}"
    assert "metric, a target and a unit" in finding.hint


@pytest.mark.parametrize(
    ("statement", "vague"),
    [
        ("The app is fast.", True),
        ("Signing up is User Friendly", True),
        ("Payments are secure.", True),
        ("Pages load fast: under 2 s on a phone.", False),
        ("Breakfast menu loads.", False),  # 'fast' inside another word does not count
        ("Every class page shows the teacher's name.", False),
    ],
)
def test_vague_words_without_a_number_are_flagged(statement, vague):
    codes = only(req("X", statement=statement, measured=99.95)).check().codes
    assert ("vague_statement" in codes) is vague


def test_a_stage_without_requirements_suggests_one_for_that_stage():
    (finding,) = [f for f in GOOD.remove("C1").check() if f.code == "stage_without_requirements"]
    assert "consideration" in finding.message
    assert S.CONSIDERATION.example in finding.hint


def test_each_missing_highlighted_characteristic_is_its_own_tip():
    plain = RequirementSet(
        tuple(req(f"S{i}", s.value, "safety", measured=100.0) for i, s in enumerate(S))
    )
    tips = [f for f in plain.check() if f.code == "highlighted_characteristic_missing"]
    assert len(tips) == 4 and all(f.severity is Severity.TIP for f in tips)
    assert any("reliability" in f.message for f in tips)


def test_an_empty_set_gives_one_finding_not_a_wall():
    assert RequirementSet().check().codes == {"no_requirements"}


# -- gaps --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "target", "measured", "met", "shortfall", "relative"),
    [
        ("at_most", 2.0, 3.0, False, 1.0, 0.5),
        ("at_most", 2.0, 1.5, True, 0.0, 0.0),
        ("at_most", 2.0, 2.0, True, 0.0, 0.0),
        ("at_least", 85.0, 78.0, False, 7.0, 7 / 85),
        ("at_least", 85.0, 90.0, True, 0.0, 0.0),
        ("at_most", 0.0, 0.0, True, 0.0, 0.0),
        ("at_most", 0.0, 2.0, False, 2.0, math.inf),
        ("at_least", -10.0, -12.0, False, 2.0, 0.2),  # the size of the target
    ],
)
def test_gap_maths_follows_the_direction(direction, target, measured, met, shortfall, relative):
    r = req(direction=direction, target=target, measured=measured, unit="units")
    assert r.met is met
    assert r.shortfall == pytest.approx(shortfall)
    assert r.relative_shortfall == pytest.approx(relative)
    row = RequirementSet((r,)).gaps().iloc[0]
    assert bool(row["met"]) is met
    assert row["shortfall"] == pytest.approx(shortfall)
    assert row["relative_shortfall"] == pytest.approx(relative)


def test_gaps_table_has_a_row_per_requirement_and_unknowns_stay_unknown():
    table = RequirementSet(
        (req("M", measured=99.0), req("U"), req("N", target=None, measured=3.0))
    ).gaps()
    assert list(table.columns) == [
        "id", "stage", "characteristic", "metric", "target", "unit", "direction",
        "measured", "met", "shortfall", "relative_shortfall",
    ]  # fmt: skip
    assert list(table["id"]) == ["M", "U", "N"]
    assert str(table["met"].dtype) == "boolean"
    assert table["met"].iloc[0] == False  # noqa: E712 (a pandas boolean, not a bool)
    assert table["met"].iloc[1:].isna().all()
    assert table[["shortfall", "relative_shortfall"]].iloc[1:].isna().all().all()
    assert math.isnan(table["target"].iloc[2])
    assert table.loc[0, "stage"] == "purchase" and table.loc[0, "direction"] == "at_least"


def test_sample_gaps_match_the_measurements():
    table = sample_requirements().gaps().set_index("id")
    assert table.loc["NFR-1", "shortfall"] == pytest.approx(0.6)
    assert table.loc["NFR-1", "relative_shortfall"] == pytest.approx(0.24)
    assert bool(table.loc["NFR-4", "met"]) is True
    assert pd.isna(table.loc["NFR-7", "met"])


# -- matrix and roadmap ------------------------------------------------------------------


def test_matrix_is_stage_by_characteristic_in_the_enums_order():
    sample = sample_requirements()
    counts = sample.matrix()
    assert list(counts.index) == [s.value for s in JourneyStage]
    assert list(counts.columns) == [c.value for c in Characteristic]
    assert counts.to_numpy().sum() == len(sample)
    assert counts.loc["retention", "reliability"] == 1
    assert counts.loc["purchase", "security"] == 1
    unmet = sample.matrix("unmet")
    assert unmet.to_numpy().sum() == 3
    assert unmet.loc["awareness", "performance_efficiency"] == 1
    assert unmet.loc["retention", "performance_efficiency"] == 0  # not measured is not unmet
    assert sample.matrix("met").to_numpy().sum() == 4
    with pytest.raises(ValueError, match="'missed' is not one of: count, met, unmet"):
        sample.matrix("missed")


def test_roadmap_runs_through_the_five_steps_biggest_gap_first():
    plan = sample_requirements().roadmap()
    assert list(plan.columns) == ["step", "id", "action"]
    steps = list(dict.fromkeys(plan["step"]))
    assert steps == list(ROADMAP_STEPS) == ["assess", "find gaps", "plan", "implement", "monitor"]
    # rows stay grouped by step, in order
    assert list(plan["step"]) == sorted(plan["step"], key=ROADMAP_STEPS.index)
    assert list(plan[plan.step == "assess"]["id"]) == ["NFR-7"]
    # relative shortfalls: NFR-6 60%, NFR-1 24%, NFR-3 8%
    for step in ("find gaps", "plan", "implement"):
        assert list(plan[plan.step == step]["id"]) == ["NFR-6", "NFR-1", "NFR-3"]
    assert len(plan[plan.step == "monitor"]) == len(sample_requirements())
    for _, row in plan.iterrows():
        assert row["id"] in row["action"]
    gap = plan[plan.step == "find gaps"]["action"].iloc[0]
    assert "0.8%" in gap and "at most 0.5%" in gap and "60%" in gap


def test_a_missed_zero_target_comes_first_and_unmeasurable_ones_are_assessed():
    requirements = RequirementSet(
        (
            req("Small", target=99.9, measured=99.0),
            req("Zero", "purchase", "security", "0 open issues", "issues", 0, "issues", "at_most",
                1),
            req("Vague", statement="It is fast", metric="", target=None, unit=""),
        )
    )  # fmt: skip
    plan = requirements.roadmap()
    assert list(plan[plan.step == "find gaps"]["id"]) == ["Zero", "Small"]
    (assess,) = plan[plan.step == "assess"]["action"]
    assert assess == "Give Vague a fit criterion: it has no metric, no target, no unit."


def test_every_step_shows_even_when_there_is_nothing_to_do():
    plan = GOOD.roadmap()
    assert list(dict.fromkeys(plan["step"])) == list(ROADMAP_STEPS)
    no_gaps = plan[plan.step == "find gaps"]
    assert list(no_gaps["id"]) == [""] and "No gaps" in no_gaps["action"].iloc[0]


# -- plain data --------------------------------------------------------------------------

learner_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
) | st.sampled_from(["yes", "no", "null", "~", "1e3", "- item", "key: value", "#hash", "%"])
numbers = st.none() | st.floats(allow_nan=False, allow_infinity=False) | st.integers(-1000, 1000)
requirement = st.builds(
    Requirement,
    id=learner_text,
    stage=st.sampled_from(list(JourneyStage)),
    characteristic=st.sampled_from(list(Characteristic)),
    statement=learner_text,
    metric=learner_text,
    target=numbers,
    unit=learner_text,
    direction=st.sampled_from(list(Direction)),
    measured=numbers,
    rationale=learner_text,
)
requirement_sets = st.builds(
    RequirementSet, requirements=st.lists(requirement, max_size=6).map(tuple), title=learner_text
)


@settings(max_examples=80)
@given(original=requirement_sets)
def test_plain_data_round_trips_through_json_and_yaml(original):
    data = original.to_dict()
    assert RequirementSet.from_dict(data) == original
    assert RequirementSet.from_dict(json.loads(json.dumps(data))) == original
    assert RequirementSet.from_dict(yaml.safe_load(yaml.safe_dump(data))) == original


def test_plain_data_shape():
    data = sample_requirements().to_dict()
    assert set(data) == {"title", "requirements"}
    assert data["requirements"][0] == {
        "id": "NFR-1", "stage": "awareness", "characteristic": "performance_efficiency",
        "statement": sample_requirements().requirements[0].statement,
        "metric": "Largest Contentful Paint on mobile, 75th percentile", "target": 2.5,
        "unit": "s", "direction": "at_most", "measured": 3.1,
        "rationale": sample_requirements().requirements[0].rationale,
    }  # fmt: skip
    assert data["requirements"][6]["measured"] is None


def test_a_hand_written_requirement_may_use_old_names_and_leave_out_the_optional_fields():
    data = {"requirements": [
        {"id": "U1", "stage": "Consideration", "characteristic": "usability",
         "direction": "at least", "statement": "It is easy"},
    ]}  # fmt: skip
    (r,) = RequirementSet.from_dict(data).requirements
    assert r.characteristic is C.INTERACTION_CAPABILITY and r.direction is D.AT_LEAST
    assert (r.metric, r.target, r.unit, r.measured, r.rationale) == ("", None, "", None, "")


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"target": "2 s"}, "requirements[1].target", "expected a number, found text"),
        ({"measured": True}, "requirements[1].measured", "expected a number, found true/false"),
        ({"target": math.inf}, "requirements[1].target", "expected a finite number"),
        ({"characteristic": "speed"}, "requirements[1].characteristic", "'speed' is not one of"),
        ({"direction": None}, "requirements[1].direction", "this field is required"),
        ({"owner": "Ana"}, "requirements[1].owner", "unknown field"),
    ],
)
def test_bad_plain_data_names_the_field(change, field, problem):
    data = GOOD.to_dict()
    data["requirements"][1] = {**data["requirements"][1], **change}
    with pytest.raises(FieldError) as caught:
        RequirementSet.from_dict(data)
    assert caught.value.field == field
    assert problem in caught.value.problem


# -- showing -----------------------------------------------------------------------------


def test_learner_text_is_escaped_in_html():
    evil = GOOD.add(
        req("<img src=x onerror=alert(1)>", statement="<b>fast</b>", unit="<s>", measured=1.0)
    ).with_title("<script>alert(1)</script>")
    html = evil._repr_html_() + evil.check()._repr_html_()
    assert "<img src=x" not in html and "<b>fast" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;" in html


def test_text_and_html_show_every_requirement_its_target_and_status():
    sample = sample_requirements()
    text, html = str(sample), sample._repr_html_()
    for r in sample.requirements:
        assert r.id in text and r.id in html
    assert "at most 2.5 s" in text and "not met: short by 0.6 s" in text
    assert "short by 7 percentage points" in text  # a gap between percentages
    assert "not measured yet" in html and "Findings: 1 tip." in html


def test_describe_says_how_many_are_met_and_which_are_not():
    assert sample_requirements().describe() == (
        "Lotus Flow online yoga studio: 8 non-functional requirements: 4 met, 3 not met, "
        "1 not measured or without a target. Not met: NFR-1 (Awareness, Performance "
        "efficiency); NFR-3 (Consideration, Interaction capability); NFR-6 (Retention, "
        "Reliability)."
    )
    assert "Stages with none: Advocacy." in GOOD.remove("V1").describe()
    assert RequirementSet().describe() == "no non-functional requirements yet."


# -- the heatmap -------------------------------------------------------------------------


def cell_text(fig: Figure, row: int, col: int) -> str:
    for t in fig.axes[0].texts:
        if t.get_position() == (col + 0.5, row + 0.5):
            return t.get_text()
    raise AssertionError(f"no text in cell {row}, {col}")


def cell_face(fig: Figure, row: int, col: int) -> str:
    from matplotlib.colors import to_hex

    for p in fig.axes[0].patches:
        if isinstance(p, Rectangle) and p.get_xy() == (col, row):
            return to_hex(p.get_facecolor())
    raise AssertionError(f"no cell {row}, {col}")


def test_heatmap_has_a_cell_per_stage_and_characteristic_in_order():
    fig = nfr_heatmap(sample_requirements())
    ax = fig.axes[0]
    columns = [t.get_text() for t in ax.get_xticklabels()]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert [c.replace("★ ", "").replace("\n", " ") for c in columns] == [
        c.label for c in Characteristic
    ]
    assert [r.split("\n")[0] for r in rows] == [s.label for s in JourneyStage]
    assert rows[2] == "Purchase\ncore purchase"
    assert sum(isinstance(p, Rectangle) for p in ax.patches) == 45
    starred = [c for c in columns if c.startswith("★")]
    assert len(starred) == 4 and "★ Reliability" in starred


def test_heatmap_cells_say_met_out_of_total_and_are_coloured_by_unmet():
    sample = sample_requirements().add(
        req("X", "retention", "reliability", "At most 1% crash.", "crashes", 1, "%", "at_most", 2)
    )
    fig = nfr_heatmap(sample)
    perf, interaction, reliability = 1, 3, 4
    assert cell_text(fig, 0, perf) == "0/1 met"  # awareness: NFR-1 missed
    assert cell_face(fig, 0, perf) == ONE_UNMET[0]
    assert cell_text(fig, 1, perf) == "1/1 met"
    assert cell_face(fig, 1, perf) == NONE_UNMET[0]
    assert cell_text(fig, 3, perf) == "0/1 met\n1 not\nmeasured"  # NFR-7
    assert cell_face(fig, 3, perf) == NONE_UNMET[0]
    assert cell_text(fig, 3, reliability) == "0/2 met"  # NFR-6 and X
    assert cell_face(fig, 3, reliability) == MANY_UNMET[0]
    assert cell_text(fig, 4, interaction) == "1/1 met"
    assert cell_text(fig, 0, 0) == "—"
    assert cell_face(fig, 0, 0) == "#ffffff"


def test_heatmap_has_a_legend_a_title_and_alt_text():
    sample = sample_requirements()
    fig = nfr_heatmap(sample)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "no requirement", "none unmet", "1 unmet", "2 or more unmet",
    ]  # fmt: skip
    figure_texts = [t.get_text() for t in fig.texts]
    assert any(t.startswith("Lotus Flow online yoga studio") for t in figure_texts)
    assert any(t.startswith("★") for t in figure_texts)
    assert fig.alt_text.startswith("Heatmap of non-functional requirements")
    assert sample.describe() in fig.alt_text
    html = fig._repr_html_()
    assert '<img src="data:image/svg+xml;base64,' in html
    assert png_bytes(fig).startswith(b"\x89PNG")


def test_heatmap_labels_do_not_overlap_and_stay_inside_the_figure():
    fig = nfr_heatmap(sample_requirements())
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
    for left, right in pairwise(labels):
        assert left.x1 < right.x0
    everything = labels + [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
    everything += [t.get_window_extent(renderer) for t in fig.texts]
    everything.append(fig.legends[0].get_window_extent(renderer))
    width, height = fig.bbox.width, fig.bbox.height
    for box in everything:
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height
    title = next(t for t in fig.texts if t.get_text().startswith("Lotus"))
    assert title.get_window_extent(renderer).y0 > max(b.y1 for b in labels)


def test_an_empty_set_draws_an_empty_grid():
    fig = nfr_heatmap(RequirementSet())
    assert {t.get_text() for t in fig.axes[0].texts} == {"—"}
    assert "no non-functional requirements yet" in fig.alt_text
