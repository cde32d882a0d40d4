"""A learner's session in real JupyterLab, in Debian's Chromium.

Start JupyterLab headless on this machine, open the milestones notebook, run all
cells, type into the builder, and see the drawing change. A screenshot is kept in
test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import lab_support
from playwright.sync_api import expect, sync_playwright
from site_support import launch_chromium

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"

# a JupyterLab server on 127.0.0.1 for this module (shared with test_slides.py)
lab = lab_support.lab


def test_a_learner_runs_the_milestones_notebook_and_edits_the_map(lab):
    base, token = lab
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        # page events cover the requests of the RISE slideshow's iframe too
        outside = lab_support.run_all_cells(page, base, token, "01_milestones.ipynb")

        builder = page.locator(".jl-milestone-builder")
        expect(builder).to_be_visible(timeout=60_000)
        drawing = builder.locator(".jl-drawing-output img")
        expect(drawing).to_be_visible(timeout=30_000)
        # a new learner starts blank, with their own business
        assert "Buy the annual membership" not in drawing.get_attribute("alt")
        builder.locator(".jl-business input").fill("Harbor Bikes")

        core_name = builder.locator(".jl-row-core .jl-name input")
        core_name.fill("Buy the monthly plan")
        page.wait_for_function(
            "() => document.querySelector('.jl-milestone-builder .jl-drawing-output img')"
            "?.alt.includes('Core purchase: Buy the monthly plan')",
            timeout=30_000,
        )
        # a learner mistake shows as a finding, not a traceback
        core_name.fill("")
        findings = builder.locator(".jl-findings-view")
        expect(findings).to_contain_text("no core purchase", timeout=30_000)
        core_name.fill("Buy the monthly plan")
        builder.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-milestones.png"), full_page=False)

        errors = page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        assert errors.count() == 0, errors.all_inner_texts()
        assert not outside, f"requests left this machine: {outside}"
        browser.close()
