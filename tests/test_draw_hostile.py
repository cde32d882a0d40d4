"""Every drawing with any text a learner can type: "$" signs, backslashes, newlines,
control characters, lone surrogates, a pasted URL of 10 KB. Each drawing must build,
render to SVG, show the text as typed (never as math), and lose nothing a reader needs."""

from __future__ import annotations

import base64
import dataclasses
import re
from typing import Any

import pytest
from drawing_support import DRAWINGS, PARTS, fields_of, shown_fields, text_fields
from hypothesis import given, settings
from hypothesis import strategies as st
from widget_support import drawn_html

from journey_lessons import (
    JourneyPlan,
    LifecycleStep,
    MoscowBoard,
    MoscowItem,
    Priority,
    Touchpoint,
    UseCase,
    UseCaseSet,
)
from journey_lessons import widgets as jw
from journey_lessons.paths import PathSet
from journey_lessons.report import report_html, save_report


def svg_of(html: str) -> str:
    """The SVG inside a drawing's HTML (an ``<img>`` with a data: URI)."""
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert data, html[:200]
    return base64.b64decode(data.group(1)).decode("utf-8")


def shows(svg: str, text: str) -> bool:
    """Whether the SVG holds ``text`` as typed, as XML writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in svg


# Pieces that have broken drawings: math, TeX, control characters, lone surrogates,
# XML's specials, zero-width and combining marks, long unbroken words.
PIECES = st.sampled_from(
    ["$", "$5", "\\", "\\frac", "$\\foo$", "^", "_", "{", "}", "%", "&", "<", ">", '"',
     "\n", "\r\n", "\t", "\x00", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe",
     "\u200b", "\u0301", "\u202e", "🙂", " "]
)  # fmt: skip
HOSTILE = st.lists(
    st.one_of(
        PIECES,
        st.text(st.characters(exclude_categories=()), max_size=12),  # surrogates too
        st.integers(40, 3000).map(lambda n: "w" * n),  # a pasted URL, a runaway key
    ),
    max_size=8,
).map("".join)


@pytest.mark.parametrize("drawing", DRAWINGS)
@settings(max_examples=25)
@given(data=st.data(), text=HOSTILE)
def test_any_text_in_any_field_draws_and_shows_dollars_as_typed(drawing, data, text):
    make, _, _ = DRAWINGS[drawing]
    place, put = data.draw(st.sampled_from(fields_of(drawing)), label="field")
    typed = f"$5 {text}"
    html = make(put(typed))._repr_html_()  # builds and renders, or the test fails
    if re.fullmatch(DRAWINGS[drawing][2], place):
        assert shows(svg_of(html), "$5"), place


@pytest.mark.parametrize(
    ("drawing", "place", "put"),
    [(d, place, put) for d in DRAWINGS for place, put in shown_fields(d)],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_prices_are_drawn_as_typed_not_as_math(drawing, place, put):
    html = DRAWINGS[drawing][0](put("Pay $5 now, then $10"))._repr_html_()
    svg = svg_of(html)
    assert shows(svg, "$5") and shows(svg, "$10"), place


@pytest.mark.parametrize("drawing", DRAWINGS)
def test_a_10_kb_word_is_cut_short_in_the_drawing_and_kept_whole_in_its_description(drawing):
    url = "https://example.com/" + "x" * 10_220  # 10 KB with no space to wrap at
    for place, put in shown_fields(drawing):
        fig = DRAWINGS[drawing][0](put(url))
        html = fig._repr_html_()
        assert url in fig.alt_text, place  # nothing lost to a reader
        assert "texts ending in “…” are cut short" in html, place
        # hard-wrapped and cut: no line of the drawing holds the whole word
        assert not shows(svg_of(html), url[:200]), place


def test_the_report_shows_math_like_text_as_typed():
    odd = "Email $\\foo$ list"
    # the text in one field that each drawing shows
    parts = {
        part: next(put for place, put in text_fields(PARTS[part], part) if place == where)(odd)
        for part, where in (
            ("milestones", "milestones.milestones[0].name"),
            ("paths", "paths.paths[0].touchpoints[0].channel"),
            ("board", "board.items[0].touchpoint"),
            ("requirements", "requirements.title"),
            ("use_cases", "use_cases.use_cases[0].title"),
            ("canvas", "canvas.items[channels][0]"),
        )
    }
    html = report_html(JourneyPlan(**parts))
    assert "<!DOCTYPE html>" in html
    # every drawing is in the page, and says the text as typed in its alt text
    assert html.count('class="jl-drawing"') == 6
    assert html.count(odd) >= 6


def test_the_report_file_is_written_with_math_like_text(tmp_path):
    plan = JourneyPlan(
        board=MoscowBoard((MoscowItem("Email $\\foo$ list", Priority.MUST, 1),)),
        business="Pay $5 now, $\\foo$ later",
    )
    written, png = save_report(plan, tmp_path / "report.html", tmp_path / "report.png")
    assert "Email $\\foo$ list" in written.read_text(encoding="utf-8")
    # the one-page image too: its title is the learner's text, drawn as typed
    assert png.read_bytes().startswith(b"\x89PNG")


def test_a_widget_draws_math_like_text_as_typed_without_an_error():
    editor = jw.MoscowEditor(PARTS["board"])
    editor.add_touchpoint("Email $\\foo$ list")
    html = drawn_html(editor)
    assert shows(svg_of(html), "Email $\\foo$ list")
    assert "Could not" not in editor.findings_view.value


def _many(n: int) -> dict[str, Any]:
    """The parts with ``n`` items where a drawing could grow without end."""
    board = MoscowBoard(tuple(MoscowItem(f"Offer {i}", Priority.COULD, 1) for i in range(n)))
    use_cases = UseCaseSet(tuple(UseCase(f"Order box {i}", "Customer", "purchase")
                                 for i in range(n)))  # fmt: skip
    first = PARTS["paths"].paths[0]
    touchpoints = tuple(Touchpoint(f"Offer {i}", LifecycleStep.ACQUIRE) for i in range(n))
    paths = PathSet((dataclasses.replace(first, touchpoints=touchpoints),))
    return {**PARTS, "board": board, "use_cases": use_cases, "paths": paths}


@pytest.mark.parametrize(
    ("drawing", "left_out", "named"),
    [
        ("moscow_board", "+36 more", "Offer {}"),  # "(listed in the description)" below
        ("use_cases", "+21 more use cases (listed in the description)", "Order box {}"),
        ("paths", "+46 more", "Offer {}"),
    ],
)
def test_a_big_set_is_drawn_in_part_and_described_in_full(drawing, left_out, named):
    fig = DRAWINGS[drawing][0](_many(60))
    html = fig._repr_html_()
    assert shows(svg_of(html), left_out)
    assert "items counted as “+N more” are left out" in html
    assert all(named.format(i) in fig.alt_text for i in range(60))
