"""The capstone: the review, the one-page report (HTML and PNG), its widget and self-checks."""

from __future__ import annotations

import base64
import dataclasses
import io
import re

import pytest

from journey_lessons import JourneyPlan, sample_journey, simulate_events
from journey_lessons.checks._capstone import capstone_checklist, welcome_quiz
from journey_lessons.report import (
    SECTIONS,
    findings_by_part,
    report_html,
    report_panel,
    report_png,
    review,
    save_report,
    unknown_targets,
)

EVIL = "<script>alert('x')</script> & Co"


@pytest.fixture(scope="module")
def plan() -> JourneyPlan:
    return sample_journey()


@pytest.fixture(scope="module")
def events(plan):
    return simulate_events(plan, 300, seed=1)


@pytest.fixture(scope="module")
def evil_plan(plan) -> JourneyPlan:
    """The sample with learner text that would break a page if it were not escaped."""
    first = plan.touchpoint_names()[0]
    renamed = plan.rename_touchpoint(first, "<b>Reel</b> & friends")
    use_cases = renamed.use_cases
    case = dataclasses.replace(use_cases.use_cases[0], title="Buy <i>now</i>")
    return renamed.replace(
        business=EVIL,
        use_cases=dataclasses.replace(use_cases, use_cases=(case, *use_cases.use_cases[1:])),
    )


# -- the review -------------------------------------------------------------------------


def test_the_review_groups_every_finding_by_part(plan):
    grouped = findings_by_part(plan)
    assert sum(len(f) for f in grouped.values()) == len(plan.check())
    assert [f.code for f in grouped["requirements"]] == [f.code for f in plan.check()]
    rows = review(plan)
    assert rows.done and "All 7 parts" in rows.summary()
    assert "Nothing to do" in str(rows) and "<table" in rows._repr_html_()


def test_an_empty_plan_is_told_which_notebook_to_open():
    rows = review(JourneyPlan())
    assert not rows.done
    assert all("Not started: in notebook" in r.next_step() for r in rows)
    assert [r.notebook for r in rows] == ["01", "02", "03", "04", "05", "06", "09"]


def test_a_broken_reference_lands_in_its_own_part(plan):
    board = plan.board
    item = dataclasses.replace(board.items[0], touchpoint="No such touchpoint")
    broken = plan.replace(board=dataclasses.replace(board, items=(item, *board.items[1:])))
    grouped = findings_by_part(broken)
    assert "unknown_touchpoint" in grouped["board"].codes
    assert "Fix: No path has a touchpoint" in review(broken)[2].next_step()


# -- the HTML report ------------------------------------------------------------------------


def test_the_html_report_is_self_contained_and_has_every_part(plan, events):
    html = report_html(plan, events=events)
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", html)
    assert not re.search(r"<(link|script)\b", html) and "@import" not in html
    for _, heading in SECTIONS:
        assert f"<h2>{heading}</h2>" in html
    # the drawings are embedded; none of them fetches anything either
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(images) == 8  # six parts, the KPI dashboard and the observed flow
    for data in images:
        svg = base64.b64decode(data).decode("utf-8")
        assert not re.search(r'(href|src)="https?://', svg)
    assert "Effort shares" in html and "Upsell conversion rate" in html
    assert "Buy the annual membership" in html  # a use case of the table
    # the journey customers took, with where they left the plan, in words
    observed = html.split('<section id="observed">')[1].split("</section>")[0]
    assert "customers" in observed and "The journey customers took" in observed
    assert re.search(r"\d+ moves? off the plan", observed)


def test_without_an_event_log_the_report_says_there_is_no_flow(plan):
    html = report_html(plan)
    observed = html.split('<section id="observed">')[1].split("</section>")[0]
    assert "No event log was given" in observed


def test_the_html_report_escapes_learner_text(evil_plan, events):
    html = report_html(evil_plan, events=events)
    assert "<script>" not in html and "<b>Reel" not in html and "<i>now" not in html
    assert "&lt;script&gt;" in html and "&lt;i&gt;now&lt;/i&gt;" in html
    assert "&lt;b&gt;Reel&lt;/b&gt; &amp; friends" in html


def test_without_events_the_report_shows_the_targets(plan):
    html = report_html(plan)
    assert "No event log was given" in html and "upsell_conversion" in html


def test_an_empty_plan_still_makes_a_report():
    html = report_html(JourneyPlan())
    assert html.count("Not started yet") == 7 and "My customer journey" in html


def test_an_unknown_target_is_left_out_not_an_error(plan, events):
    typo = plan.replace(kpi_targets={**plan.kpi_targets, "cast": 0.8})
    assert unknown_targets(typo) == ["cast"]
    assert "unknown_kpi_target" in review(typo)[-1].findings.codes
    assert "Targets left out, as no KPI has that key: cast." in report_html(typo, events=events)


def test_the_html_report_is_the_same_every_time(plan, events):
    assert report_html(plan, events=events) == report_html(plan, events=events)


# -- the PNG page ---------------------------------------------------------------------------


def test_save_report_writes_a_page_and_a_tall_image(plan, events, tmp_path):
    from PIL import Image

    html, png = tmp_path / "my_journey_report.html", tmp_path / "my_journey_report.png"
    assert save_report(plan, html, png, events=events) == [html, png]
    assert html.read_text(encoding="utf-8") == report_html(plan, events=events)
    with Image.open(png) as image:
        image.verify()
    with Image.open(png) as image:
        width, height = image.size
        assert image.format == "PNG"
    assert 800 <= width <= 1200 and 2 * width < height < 8 * width
    assert png.read_bytes() == report_png(plan, events=events)  # the same image every time


def test_the_png_of_an_empty_plan_is_a_small_valid_image():
    from PIL import Image

    with Image.open(io.BytesIO(report_png(JourneyPlan()))) as image:
        assert image.size[0] > image.size[1] / 2


def test_save_report_without_a_png_writes_only_the_page(plan, tmp_path):
    assert save_report(plan, tmp_path / "r.html") == [tmp_path / "r.html"]
    assert not list(tmp_path.glob("*.png"))


def test_text_that_cannot_be_written_is_named_before_anything_is_written(tmp_path):
    # half an emoji, in a plan built in code (a file with it is refused when read)
    plan = sample_journey().replace(business="Harbor \ud83d Bikes")
    with pytest.raises(ValueError, match=r"business .*lone surrogate"):
        save_report(plan, tmp_path / "r.html", tmp_path / "r.png")
    assert not list(tmp_path.iterdir())
    panel = report_panel(plan, path_html=tmp_path / "r.html", path_png=None)
    export = next(
        c for c in panel.children[1].children if getattr(c, "description", "") == "Export report"
    )
    export.click()
    status = panel.children[1].children[1].value
    assert "Could not save" in status and "lone surrogate" in status
    assert not list(tmp_path.iterdir())


# -- the widget -----------------------------------------------------------------------------


def test_the_panel_shows_each_part_and_exports(evil_plan, events, tmp_path):
    panel = report_panel(
        evil_plan, events=events, path_html=tmp_path / "r.html", path_png=tmp_path / "r.png"
    )

    def drawn() -> str:
        return "".join(o["data"]["text/html"] for o in panel.drawing.outputs)

    assert "&lt;script&gt;" in drawn() and "<script>" not in drawn()
    panel.picker.value = "board"
    assert "MoSCoW board with 8 touchpoints" in drawn()
    panel.picker.value = "kpi_targets"
    assert "KPIs against targets" in drawn()
    panel.export_button.click()
    assert (tmp_path / "r.html").exists() and (tmp_path / "r.png").exists()
    assert "Saved" in panel.status.value


def test_the_panel_says_when_it_cannot_save(plan, tmp_path):
    panel = report_panel(plan, path_html=tmp_path / "missing" / "r.html", path_png=None)
    panel.export_button.click()
    assert "Could not save" in panel.status.value


# -- the self-checks ---------------------------------------------------------------------------


def test_the_checklist_passes_the_sample(plan):
    feedback = capstone_checklist(plan)
    assert feedback.passed and len(feedback) == 7
    assert "Milestones: 6 milestones, no errors." in str(feedback)


def test_the_checklist_names_the_notebook_for_each_missing_part():
    feedback = capstone_checklist(JourneyPlan())
    assert not any(p.passed for p in feedback)
    assert "Paths: nothing yet. In notebook 02" in str(feedback)
    assert "Canvas: nothing yet. In notebook 06" in str(feedback)


def test_the_checklist_quotes_the_first_error_and_a_target_typo(plan):
    milestones = dataclasses.replace(plan.milestones, milestones=plan.milestones.milestones[:2])
    broken = plan.replace(milestones=milestones, kpi_targets={"cast": 0.8})
    failed = [p.message for p in capstone_checklist(broken) if not p.passed]
    assert any(m.startswith("Milestones: 1 error left (notebook 01)") for m in failed)
    assert any("no core purchase" in m for m in failed)
    assert any(m.startswith("KPI targets: 1 error left (notebook 09)") for m in failed)
    assert any("cast: No KPI is called this" in m for m in failed)


def test_the_checklist_takes_a_wrong_answer_as_feedback():
    assert not capstone_checklist("my plan").passed  # type: ignore[arg-type]


def test_the_welcome_quiz():
    assert not any(p.passed for p in welcome_quiz())
    assert welcome_quiz("my_journey.yaml", "b", 3, False).passed
    assert welcome_quiz(" 'my_journey.yaml' ", "(B)", "03", False).passed
    assert not welcome_quiz("my_journey.yaml", "a", 3, "no")[3].passed
