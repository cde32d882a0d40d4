"""An instructor presents the milestones notebook as RISE slides, its widgets live.

In real JupyterLab, in Debian's Chromium, the way book/instructor/ tells it: run the
notebook, select the builder's cell and press Alt+R. RISE shows the notebook as slides
beside it, from that cell's slide on, with code cells showing only their output. There
the milestone builder must be the live
widget, with inputs that redraw the map as you type, and not its Python repr (all that
RISE showed while its slideshow page could not load the widget manager: see the pins in
pyproject.toml). A screenshot is kept in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import lab_support
import pytest
from playwright.sync_api import expect, sync_playwright
from site_support import launch_chromium

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.slow

# a JupyterLab server on 127.0.0.1 for this module (see tests/lab_support.py)
lab = lab_support.lab


def test_the_milestone_builder_is_live_in_rise_slides(lab):
    base, token = lab
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        # page events cover the requests of the RISE slideshow's iframe too
        outside = lab_support.run_all_cells(page, base, token, "01_milestones.ipynb")
        builder_cell = page.locator(".jp-Notebook .jp-Cell").filter(
            has=page.locator(".jl-milestone-builder")
        )
        expect(builder_cell).to_be_visible(timeout=60_000)

        # select the builder's cell, then the RISE shortcut
        builder_cell.locator(".jp-InputPrompt").click()
        page.keyboard.press("Alt+r")
        slides = page.frame_locator("iframe[src*='/rise/']")
        slide = slides.locator(".reveal .slides section.present:not(.stack)")
        expect(slide).to_be_visible(timeout=60_000)

        output = slide.locator(".jp-CodeCell .jp-OutputArea-output").first
        expect(output).to_be_visible(timeout=30_000)
        builder = slide.locator(".jl-milestone-builder")
        try:
            expect(builder).to_be_visible(timeout=30_000)
        except AssertionError:
            pytest.fail(f"the slide shows no live builder, only: {output.inner_text()[:300]!r}")
        # no widget's repr, such as "MilestoneEditor(children=(Text(value=..."
        shown = " ".join(slide.locator(".jp-OutputArea").all_inner_texts())
        assert "(children=" not in shown, shown[:300]
        # the slide shows the widget, not the code that made it (notebooks/rise.css),
        # while the notebook beside it still shows its code
        code_cell = slide.locator(".jp-CodeCell").filter(has=builder)
        expect(code_cell.locator(".jp-Cell-inputWrapper")).to_be_hidden()
        assert "MilestoneEditor.from_file" not in slide.inner_text()
        expect(builder_cell.locator(".jp-Cell-inputWrapper")).to_be_visible()

        # typing into the slide redraws the map, each time
        core_name = builder.locator(".jl-row-core .jl-name input")
        drawing = builder.locator(".jl-drawing-output img")
        for name in ("Buy the monthly plan", "Buy the yearly plan"):
            core_name.fill(name)
            expect(drawing).to_have_attribute(
                "alt", re.compile(f"Core purchase: {name}"), timeout=30_000
            )
        # the builder has a slide of its own, and a tall one scrolls: Save stays reachable
        for _ in range(3):
            builder.get_by_role("button", name="+ before the purchase").click()
        save = builder.get_by_role("button", name="Save")
        save.scroll_into_view_if_needed()
        expect(save).to_be_in_viewport()
        page.screenshot(path=str(ARTIFACTS / "slides-01.png"), full_page=False)

        assert not outside, f"requests left this machine: {outside}"
        browser.close()
