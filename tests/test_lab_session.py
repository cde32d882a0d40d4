"""One learner's session across the notebooks, in real JupyterLab and Debian's Chromium.

A learner who runs Harbor Bikes (bike repairs and rentals by the harbour, not the
course's sample business) works through the course with the widgets only: typing,
clicking and picking, never code. Notebook 01 starts their journey, 02 paves paths
(and, once a milestone has gone in 01, deletes the path that no longer fits), 03 puts
a touchpoint on the MoSCoW board, 07 measures KPIs against the targets its dashboard
derives from their milestones, and 08 reports the whole journey: theirs, with nothing
of the sample in it. After each notebook: no error anywhere, the file on disk holds
what was typed, and a screenshot is kept in test-artifacts/ for a person to look at.

Two more sessions keep two notebooks open at once: two that save different parts
(both changes are kept), and the same notebook twice, changing the same part (the
second Save is refused with a message, and a button to reload the file).

The lab serves a copy of notebooks/ that starts without my_journey.yaml; the three
tests share it, in order, as one learner would.
"""

from __future__ import annotations

import html
import json
import re
import time
import urllib.request
from pathlib import Path

import lab_support
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright
from site_support import launch_chromium

from journey_lessons import LifecycleStep, Priority, kpis, load_journey, sample_journey
from journey_lessons.milestones import KINDS

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.slow

# a JupyterLab server on 127.0.0.1 for this module (see tests/lab_support.py)
lab = lab_support.lab

JOURNEY = "my_journey.yaml"
BUSINESS = "Harbor Bikes"

# Harbor Bikes' milestones: (column, kind's label in the Kind dropdown, name, measure)
SAFETY_CHECK = "Book a free safety check"
QUOTE = "Get a repair quote"
CORE = "Pay for a repair or a rental"
CLUB = "Join the tune-up club"
MILESTONES = {
    SAFETY_CHECK: ("before", "Consultation", "safety checks booked per week"),
    QUOTE: ("before", "Quote", "repair quotes sent per week"),
    CORE: ("core", "Core purchase", "paid repairs and rentals per week"),
    CLUB: ("after", "Renewal / subscription", "club members renewing each month"),
}

# Their touchpoints, every specific filled in
CHALKBOARD = "Chalkboard on the harbour path: free safety check"
ESTIMATE = "Safety check report with a repair estimate"
BOOKING_TEXT = "Text with the quote and a link to book the repair"
CLUB_OFFER = "Tune-up club offer at bike pickup"
TOUCHPOINTS = {
    CHALKBOARD: {
        "step": LifecycleStep.ACQUIRE,
        "channel": "chalkboard sign by the ferry pier",
        "trigger": "every weekend from March to October",
        "owner": "the shop manager",
        "content": "Free 10-minute safety check for any bike, no booking needed.",
        "measure": "safety checks booked from the sign per weekend",
    },
    ESTIMATE: {
        "step": LifecycleStep.NURTURE,
        "channel": "printed card handed over with the bike",
        "trigger": "at the end of each safety check",
        "owner": "the mechanic on duty",
        "content": "What we found, what it costs to fix, and how long it takes.",
        "measure": "share of checks that ask for a quote within 7 days",
    },
    BOOKING_TEXT: {
        "step": LifecycleStep.CONVERT,
        "channel": "SMS",
        "trigger": "the evening after the safety check",
        "owner": "the shop manager",
        "content": "Your quote, and a link to book the repair this week.",
        "measure": "share of quotes booked within 3 days",
    },
    CLUB_OFFER: {
        "step": LifecycleStep.MAXIMIZE,
        "channel": "conversation at the counter",
        "trigger": "when the customer picks up the repaired bike",
        "owner": "the mechanic who did the repair",
        "content": "Two tune-ups a year and 10% off rentals for 49 a year.",
        "measure": "share of pickups that join the club",
    },
}
CLUB_REASON = "Pickup is when riders are happiest with us."

# Kernels start slowly on a loaded two-core machine: waits are generous, never fixed.
RUN_MS = 120_000
KERNEL_ROUND_TRIP_MS = 30_000

ERRORS = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]'
)

# True once Run All has finished: every code cell with code shows a prompt newer than
# `before`, and none waits ("[*]"). A cell whose code is folded away shows no prompt:
# View > Expand All Code unfolds them first. An error output ends the wait at once
# (Run All stops there): the caller says what it was.
RUN_DONE_JS = """([before, errors]) => {
  if (document.querySelector(errors)) return true;
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  return cells.length > 0 && cells.every((cell) => {
    const prompt = cell.querySelector('.jp-InputArea .jp-InputPrompt');
    if (prompt === null) return false;
    const code = cell.querySelector('.jp-InputArea-editor');
    if (code !== null && code.textContent.trim() === '') return true;
    const number = prompt.textContent.match(/\\[(\\d+)\\]/);
    return number !== null && Number(number[1]) > before;
  });
}"""

# True once `element` is at the top of the view and stays there. Cells out of view are
# laid out only when scrolled to (content-visibility), so what is above the element
# grows as it renders and pushes the element down: scroll again until it stays put.
SCROLLED_TO_JS = """(element) => {
  const top = element.getBoundingClientRect().top;
  const still = window.__jlTop === top && top >= 0 && top < window.innerHeight;
  if (!still) {
    element.scrollIntoView({ block: 'start' });
    window.__jlTop = element.getBoundingClientRect().top;
  }
  return still;
}"""

# Everything a reader sees in a cell's outputs: the text and the drawings' alt text.
OUTPUT_TEXT_JS = """(cell) => [...cell.querySelectorAll('.jp-OutputArea')].map((area) =>
  area.textContent + ' ' + [...area.querySelectorAll('img[alt]')].map((i) => i.alt).join(' ')
).join(' ')"""


def sample_names() -> list[str]:
    """The sample business's name, milestones and touchpoints: none belongs in the learner's."""
    sample = sample_journey()
    names = [sample.business, sample.business.split(" online")[0]]
    names += [m.name for m in sample.milestones.milestones]
    names += list(sample.touchpoint_names())
    return [n for n in dict.fromkeys(names) if n.strip()]


def sample_leaks(texts: dict[str, str]) -> list[str]:
    """Each sample name found in ``texts``, with where and a little context."""
    leaks = []
    for where, text in texts.items():
        for name in sample_names():
            at = text.find(name)
            if at >= 0:
                context = " ".join(text[max(0, at - 160) : at + len(name) + 60].split())
                leaks.append(f"{where}: {name!r} in ...{context}...")
    return leaks


# -- the lab and the browser -------------------------------------------------------------


@pytest.fixture(scope="module")
def learner_lab(lab):
    """The lab, with JupyterLab's own autosave of notebooks off.

    The same notebook open in two pages would otherwise each autosave it, and the later
    one raises JupyterLab's "File Changed" dialog over the widgets. The learner's
    journey is saved by the widgets' Save buttons, which this does not touch.
    """
    base, token = lab
    request = urllib.request.Request(
        f"{base}/lab/api/settings/@jupyterlab/docmanager-extension:plugin",
        data=json.dumps({"raw": json.dumps({"autosave": False})}).encode(),
        method="PUT",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204
    ARTIFACTS.mkdir(exist_ok=True)
    return lab


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


class Notebook:
    """One notebook open alone in a page (and a JupyterLab workspace) of its own, run."""

    def __init__(self, browser, lab, name: str, workspace: str) -> None:
        self.lab, self.name = lab, name
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.set_default_timeout(KERNEL_ROUND_TRIP_MS)
        base, token = lab
        # page events cover every request of the page, the widgets' included
        self.outside = lab_support.run_all_cells(self.page, base, token, name, workspace=workspace)
        self.wait_for_run(before=0)

    def menu(self, menu: str, item: str) -> None:
        self.page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
        self.page.locator(".lm-Menu-itemLabel", has_text=item).first.click()

    def wait_for_run(self, before: int) -> None:
        """Wait until every cell has run (again), see RUN_DONE_JS; then check for errors."""
        self.menu("View", "Expand All Code")
        try:
            self.page.wait_for_function(RUN_DONE_JS, arg=[before, ERRORS], timeout=RUN_MS)
        except PlaywrightTimeout:
            prompts = self.page.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()
            self.screenshot(f"session-stuck-{Path(self.name).stem}.png")
            pytest.fail(
                f"{self.name} did not finish running in {RUN_MS // 1000} s: prompts "
                f"{prompts} (all newer than [{before}] expected)"
            )
        self.assert_no_errors()

    def run_again(self) -> None:
        """Run all cells again, as a learner does after changing an earlier notebook."""
        prompts = self.page.locator(".jp-CodeCell .jp-InputArea .jp-InputPrompt")
        numbers = [int(n) for t in prompts.all_text_contents() for n in re.findall(r"\d+", t)]
        self.page.bring_to_front()
        self.menu("Run", "Run All Cells")
        self.wait_for_run(before=max(numbers, default=0))

    def assert_no_errors(self) -> None:
        """No error output, traceback, logged widget error or refused entry in the notebook."""
        page = self.page
        errors = page.locator(ERRORS)
        assert errors.count() == 0, f"{self.name}: {errors.all_text_contents()}"
        outputs = " ".join(page.locator(".jp-OutputArea").all_text_contents())
        assert "Traceback" not in outputs, f"{self.name}: a traceback in the outputs"
        for broken in ("Could not use that entry", "Could not draw this"):
            assert broken not in outputs, f"{self.name}: {broken!r} in the outputs"
        # an exception in a widget's handler goes to JupyterLab's log console
        logged = page.locator(".jp-LogConsoleStatusItem:not(.lm-mod-hidden)")
        if logged.count():
            logged.first.click()
            console = page.locator(".jp-LogConsole")
            expect(console).to_be_visible()
            pytest.fail(f"{self.name}: the log console holds: {console.inner_text()[:2000]}")

    def screenshot(self, name: str, widget=None) -> None:
        """A screenshot of the page, scrolled to ``widget`` (a locator) when given."""
        if widget is not None:
            self.page.wait_for_function(
                SCROLLED_TO_JS, arg=widget.element_handle(), polling=100, timeout=RUN_MS
            )
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=False)

    def output_text(self, index: int) -> str:
        """Every output of the notebook's cell ``index`` (0-based, as in the file)."""
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index).evaluate(OUTPUT_TEXT_JS)

    def close(self) -> None:
        assert not self.outside, f"{self.name}: requests left this machine: {self.outside}"
        self.page.close()


def cells(lab, notebook: str) -> list[dict]:
    return json.loads((lab.root / notebook).read_text(encoding="utf-8"))["cells"]


def cell_index(lab, notebook: str, text: str) -> int:
    """The index of the first code cell whose source holds ``text``."""
    return next(
        i
        for i, c in enumerate(cells(lab, notebook))
        if c["cell_type"] == "code" and text in "".join(c["source"])
    )


def capstone_cells(lab, notebook: str) -> list[int]:
    """The capstone's code cells about the learner's plan: all but the sample self-check's."""
    return [
        i
        for i, c in enumerate(cells(lab, notebook))
        if c["cell_type"] == "code"
        and not any(s in "".join(c["source"]) for s in ("gappy", "sample_journey()"))
    ]


# -- the widgets, through their controls -------------------------------------------------


def journey_on_disk(lab):
    path = lab.root / JOURNEY
    assert path.is_file(), f"no {JOURNEY} in {lab.root}"
    return load_journey(path, strict=False)


def button(widget, description: str):
    """A widget's button by its description (an icon's glyph is not part of it)."""
    exactly = re.compile(rf"^\s*{re.escape(description)}\s*$")
    return widget.locator("button.jupyter-button", has_text=exactly)


def wait_until(condition, what: str, timeout_s: float = KERNEL_ROUND_TRIP_MS / 1000) -> None:
    """Poll ``condition`` (a check of the file on disk) until it holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"after {timeout_s:g} s, still not: {what}")
        time.sleep(0.1)


def save(editor, lab, saved: str = "Saved your") -> None:
    """Press the widget's Save right after typing, as a learner does; wait until it says
    so and the file on disk has changed. (The widget's Save waits for the edits the
    browser still holds back while the kernel redraws: the file must hold them all.)"""
    path = lab.root / JOURNEY
    before = path.read_bytes() if path.exists() else None
    button(editor, "Save").click()
    wait_until(lambda: path.exists() and path.read_bytes() != before, f"{JOURNEY} saved")
    expect(editor.locator(".jl-status")).to_contain_text(saved, timeout=KERNEL_ROUND_TRIP_MS)
    expect(editor.locator(".jl-status.jl-ok")).to_be_visible()


def fill_milestone(row, name: str) -> None:
    """Pick the kind first: a blank name takes the kind's example, so wait for that."""
    column, kind_label, measure = MILESTONES[name]
    if column != "core":
        row.locator(".jl-kind select").select_option(label=kind_label)
        kind = next(k for k in KINDS.values() if k.label == kind_label)
        if kind.examples:
            expect(row.locator(".jl-name input")).to_have_value(kind.examples[0])
    row.locator(".jl-name input").fill(name)
    row.locator(".jl-measure input").fill(measure)


def assert_milestones(plan, names: list[str]) -> None:
    kinds = {k.label: k.key for k in KINDS.values()}
    assert [(m.name, m.stage.value, m.kind, m.measure) for m in plan.milestones.milestones] == [
        (n, MILESTONES[n][0], kinds[MILESTONES[n][1]], MILESTONES[n][2]) for n in names
    ]


def pick_path(paver, start: str, end: str, touchpoints: int, *, stale: bool = False) -> None:
    """Pick a path in the paver; wait until it shows that path and its touchpoints."""
    label = f"{start or 'first contact'} → {end}"
    if stale:
        label += " (not a pair of consecutive milestones)"
    paver.locator(".jl-path-picker select").select_option(label=label)
    expect(paver.locator(".jl-side-note")).to_contain_text(
        f"From {start or 'first contact'} to {end}:"
    )
    expect(paver.locator(".jl-touchpoint-row")).to_have_count(touchpoints)


def add_touchpoint(paver, name: str) -> None:
    """Add a touchpoint to the path shown (which has none yet) and fill in every field."""
    paver.locator(".jl-add-touchpoint").click()
    rows = paver.locator(".jl-touchpoint-row")
    expect(rows).to_have_count(1)
    row = rows.first
    fields = TOUCHPOINTS[name]
    row.locator(".jl-name input").fill(name)
    step = fields["step"]
    row.locator(".jl-step select").select_option(label=f"{step.number}. {step.label}")
    for field in ("channel", "trigger", "owner", "content", "measure"):
        box = "textarea" if field == "content" else "input"
        row.locator(f".jl-{field} {box}").fill(fields[field])
    # every specific is there: the findings no longer name this touchpoint
    expect(paver.locator(".jl-findings-view")).not_to_contain_text(f"({name})")


def assert_paths(plan, paths: list[tuple[str, str, str]]) -> None:
    """The file's paths are (start, end, its one touchpoint), each as typed."""
    assert [(p.start, p.end) for p in plan.paths.paths] == [(s, e) for s, e, _ in paths]
    for path, (_, _, name) in zip(plan.paths.paths, paths, strict=True):
        [touchpoint] = path.touchpoints
        typed = {field: getattr(touchpoint, field) for field in TOUCHPOINTS[name]}
        assert (touchpoint.name, typed) == (name, TOUCHPOINTS[name])


# -- one learner, notebook after notebook ------------------------------------------------


def test_a_learner_builds_their_own_journey_across_the_notebooks(learner_lab, browser):
    lab = learner_lab

    # 01: a new learner starts blank, with their business and its milestones
    n01 = Notebook(browser, lab, "01_milestones.ipynb", "session-01")
    builder = n01.page.locator(".jl-milestone-builder")
    expect(builder).to_be_visible()
    expect(builder.locator(".jl-status")).to_contain_text(f"No {JOURNEY} yet")
    builder.locator(".jl-business input").fill(BUSINESS)
    button(builder, "+ before the purchase").click()
    button(builder, "+ before the purchase").click()
    expect(builder.locator(".jl-row-before")).to_have_count(2)
    fill_milestone(builder.locator(".jl-row-before").nth(0), SAFETY_CHECK)
    fill_milestone(builder.locator(".jl-row-before").nth(1), QUOTE)
    fill_milestone(builder.locator(".jl-row-core"), CORE)
    button(builder, "+ after the purchase").click()
    fill_milestone(builder.locator(".jl-row-after").first, CLUB)
    drawing = builder.locator(".jl-drawing-output img")
    expect(drawing).to_have_attribute(
        "alt",
        f"{BUSINESS}: milestone map. Before purchase: {SAFETY_CHECK}, then {QUOTE}. "
        f"Core purchase: {CORE}. After purchase: {CLUB}.",
    )
    expect(builder.locator(".jl-findings-view")).to_contain_text("No findings")
    save(builder, lab)
    plan = journey_on_disk(lab)
    assert plan.business == BUSINESS
    assert_milestones(plan, [SAFETY_CHECK, QUOTE, CORE, CLUB])
    n01.assert_no_errors()
    n01.screenshot("session-01-milestones.png", builder)

    # 02: a path from the first contact, and one between the two milestones before
    n02 = Notebook(browser, lab, "02_paving_the_path.ipynb", "session-02")
    paver = n02.page.locator(".jl-path-paver")
    expect(paver).to_be_visible()
    expect(paver.locator(".jl-status")).to_contain_text(f"Opened {BUSINESS}")
    pick_path(paver, "", SAFETY_CHECK, 0)
    add_touchpoint(paver, CHALKBOARD)
    pick_path(paver, SAFETY_CHECK, QUOTE, 0)
    add_touchpoint(paver, ESTIMATE)
    save(paver, lab)
    plan = journey_on_disk(lab)
    assert_paths(plan, [("", SAFETY_CHECK, CHALKBOARD), (SAFETY_CHECK, QUOTE, ESTIMATE)])
    assert plan.business == BUSINESS
    assert_milestones(plan, [SAFETY_CHECK, QUOTE, CORE, CLUB])
    n02.assert_no_errors()

    # back in 01: the shop now quotes at the safety check, so the quote milestone goes
    # and the path to it fits no pair of milestones any more
    n01.page.bring_to_front()
    quote_row = builder.locator(".jl-row-before").nth(1)
    expect(quote_row.locator(".jl-name input")).to_have_value(QUOTE)
    button(quote_row, "✕").click()
    expect(builder.locator(".jl-row-before")).to_have_count(1)
    expect(drawing).not_to_have_attribute("alt", re.compile(QUOTE))
    save(builder, lab)
    plan = journey_on_disk(lab)
    assert_milestones(plan, [SAFETY_CHECK, CORE, CLUB])
    # notebook 02's paths are kept, the stale one too, for 02 to deal with
    assert_paths(plan, [("", SAFETY_CHECK, CHALKBOARD), (SAFETY_CHECK, QUOTE, ESTIMATE)])
    n01.assert_no_errors()
    n01.screenshot("session-01b-milestone-removed.png", builder)

    # 02 again: delete the stale path, then pave the two paths the map has now
    n02.run_again()
    paver = n02.page.locator(".jl-path-paver")
    pick_path(paver, SAFETY_CHECK, QUOTE, 1, stale=True)
    expect(paver.locator(".jl-touchpoint-row .jl-name input")).to_have_value(ESTIMATE)
    paver.locator(".jl-delete-path").click()
    picker = paver.locator(".jl-path-picker select")
    expect(picker.locator("option", has_text=QUOTE)).to_have_count(0)
    pick_path(paver, SAFETY_CHECK, CORE, 0)
    add_touchpoint(paver, BOOKING_TEXT)
    pick_path(paver, CORE, CLUB, 0)
    add_touchpoint(paver, CLUB_OFFER)
    save(paver, lab)
    plan = journey_on_disk(lab)
    assert_paths(
        plan,
        [
            ("", SAFETY_CHECK, CHALKBOARD),
            (SAFETY_CHECK, CORE, BOOKING_TEXT),
            (CORE, CLUB, CLUB_OFFER),
        ],
    )
    assert_milestones(plan, [SAFETY_CHECK, CORE, CLUB])
    n02.assert_no_errors()
    n02.screenshot("session-02-paths.png", paver.locator(".jl-drawing-output"))
    n01.close()
    n02.close()

    # 03: the club offer at pickup is a Must, two person-days
    n03 = Notebook(browser, lab, "03_moscow.ipynb", "session-03")
    board = n03.page.locator(".jl-moscow-board")
    expect(board).to_be_visible()
    expect(board.locator(".jl-findings-view")).to_contain_text(
        "3 touchpoint(s) of your paths are not on the board"
    )
    board.locator(".jl-new-touchpoint input").fill(CLUB_OFFER)
    button(board, "+ add to the board").click()
    row = board.locator(".jl-moscow-row")
    expect(row).to_have_count(1)
    expect(row.locator(".jl-name")).to_contain_text(CLUB_OFFER)
    row.locator(".jl-reason input").fill(CLUB_REASON)
    button(row.locator(".jl-priority"), "Must").click()
    row.locator(".jl-not-estimated input").uncheck()
    expect(row.locator(".jl-effort input")).to_be_enabled()
    row.locator(".jl-effort input").fill("2")
    row.locator(".jl-effort input").press("Tab")
    expect(board.locator(".jl-balance")).to_contain_text("Must: 2 person-days (100%)")
    save(board, lab)
    plan = journey_on_disk(lab)
    [item] = plan.board.items
    assert (item.touchpoint, item.priority, item.effort, item.reason) == (
        CLUB_OFFER,
        Priority.MUST,
        2.0,
        CLUB_REASON,
    )
    assert len(plan.paths.paths) == 3 and plan.business == BUSINESS
    n03.assert_no_errors()
    n03.screenshot("session-03-moscow.png", board)
    n03.close()

    # 07: the KPIs of their own journey
    n07 = Notebook(browser, lab, "07_measuring_kpis.ipynb", "session-07")
    assert f"Measuring: {BUSINESS}" in n07.output_text(cell_index(lab, n07.name, "Measuring"))
    n07.assert_no_errors()
    n07.close()

    # 09: against targets from their own milestones
    n09 = Notebook(browser, lab, "09_acting_on_kpis.ipynb", "session-09")
    assert f"Acting on: {BUSINESS}" in n09.output_text(cell_index(lab, n09.name, "Acting on"))
    dashboard = n09.page.locator(".jl-kpi-dashboard")
    expect(dashboard).to_be_visible()
    expect(dashboard.locator(".jl-kpi-table")).to_contain_text("KPI report")
    assert not plan.kpi_targets, "no targets saved yet: the dashboard starts from defaults"
    defaults = kpis.default_targets(plan)
    assert any(key.startswith("funnel:") for key in defaults)
    checked = dashboard.locator(".jl-target-row .jl-has-target input:checked")
    assert checked.count() >= 5, "each target box starts from a default target"
    summary = dashboard.locator(".jl-kpi-table .jl-summary").text_content()
    met, not_met = (int(n) for n in re.match(r"(\d+) met, (\d+) not met", summary).groups())
    assert met + not_met >= 5, summary
    # the funnel is theirs, with the default target for reaching their core purchase
    funnel = dashboard.locator(".jl-kpi-table tr", has_text=f"Reached '{CORE}'")
    expect(funnel).to_have_count(1)
    expect(funnel).to_contain_text("30.0%")
    n09.assert_no_errors()
    n09.screenshot("session-09-kpis.png", dashboard.locator(".jl-kpi-table"))
    n09.close()

    # 10: the capstone report is Harbor Bikes', with nothing of the sample in it
    n10 = Notebook(browser, lab, "10_capstone.ipynb", "session-10")
    panel = n10.page.locator(".jl-report-panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".jl-drawing-output img")).to_have_attribute(
        "alt", re.compile(f"^{BUSINESS}: milestone map")
    )
    n10.assert_no_errors()
    n10.screenshot("session-10-report.png", panel)
    shown = {f"10 cell {i}": n10.output_text(i) for i in capstone_cells(lab, n10.name)}
    assert BUSINESS in " ".join(shown.values())
    report = html.unescape((lab.root / "my_journey_report.html").read_text(encoding="utf-8"))
    saved = (lab.root / JOURNEY).read_text(encoding="utf-8")
    assert BUSINESS in report and BUSINESS in saved
    n10.close()
    # every place the sample shows up, all at once: outputs, report file, journey file
    leaks = sample_leaks({**shown, "my_journey_report.html": report, JOURNEY: saved})
    assert not leaks, "the capstone shows the sample business's names:\n" + "\n".join(leaks)


# -- two notebooks open at once ------------------------------------------------------------

NFR_STATEMENT = "The booking page shows the first free repair slot within 2 s on a phone."
NFR_METRIC = "time to show the first free slot, on a phone"
USE_CASE = "Book a bike repair"


def test_two_notebooks_open_at_once_save_different_parts_and_both_are_kept(learner_lab, browser):
    lab = learner_lab
    path = lab.root / JOURNEY
    before = load_journey(path, strict=False) if path.exists() else None
    # both open the file as it is now, before either saves
    n04 = Notebook(browser, lab, "04_nfr.ipynb", "two-parts-04")
    n05 = Notebook(browser, lab, "05_use_cases.ipynb", "two-parts-05")

    n04.page.bring_to_front()
    nfr = n04.page.locator(".jl-nfr-editor")
    expect(nfr).to_be_visible()
    button(nfr, "+ requirement").click()
    row = nfr.locator(".jl-nfr-row")
    expect(row).to_have_count(1)
    expect(row.locator(".jl-id input")).to_have_value("NFR-1")
    row.locator(".jl-statement input").fill(NFR_STATEMENT)
    row.locator(".jl-metric input").fill(NFR_METRIC)
    row.locator(".jl-no-target input").uncheck()
    expect(row.locator(".jl-target input")).to_be_enabled()
    row.locator(".jl-target input").fill("2")
    row.locator(".jl-target input").press("Tab")
    row.locator(".jl-unit input").fill("s")
    expect(nfr.locator(".jl-gaps")).to_contain_text("NFR-1")
    save(nfr, lab)
    n04.assert_no_errors()
    n04.screenshot("session-two-parts-04.png", nfr)

    n05.page.bring_to_front()
    editor = n05.page.locator(".jl-usecase-editor")
    expect(editor).to_be_visible()
    button(editor, "+ new use case").click()
    expect(editor.locator(".jl-step-row")).to_have_count(1)
    editor.locator(".jl-title input").fill(USE_CASE)
    editor.locator(".jl-actor input").fill("Rider")
    editor.locator(".jl-trigger input").fill("The rider taps the link in the quote text")
    editor.locator(".jl-step-row .jl-step-actor input").fill("Rider")
    editor.locator(".jl-step-row .jl-step-text input").fill("picks a free repair slot")
    expect(editor.locator(".jl-picker select")).to_contain_text(f"1. {USE_CASE}")
    save(editor, lab)
    n05.assert_no_errors()
    n05.screenshot("session-two-parts-05.png", editor)

    after = journey_on_disk(lab)
    [requirement] = after.requirements.requirements
    assert (requirement.id, requirement.statement, requirement.metric) == (
        "NFR-1",
        NFR_STATEMENT,
        NFR_METRIC,
    )
    assert (requirement.target, requirement.unit) == (2, "s")
    [use_case] = after.use_cases.use_cases
    assert (use_case.title, use_case.primary_actor) == (USE_CASE, "Rider")
    assert [(s.actor, s.text) for s in use_case.main_scenario] == [
        ("Rider", "picks a free repair slot")
    ]
    if before is not None:  # what the other notebooks saved is kept, as it was
        for part in ("business", "milestones", "paths", "board", "canvas", "kpi_targets"):
            assert after.part_data(part) == before.part_data(part), part
    n04.close()
    n05.close()


def test_the_same_part_changed_in_two_pages_refuses_the_second_save(learner_lab, browser):
    lab = learner_lab
    # the milestones notebook, open twice (two browser tabs on the same notebook)
    first = Notebook(browser, lab, "01_milestones.ipynb", "same-part-a")
    second = Notebook(browser, lab, "01_milestones.ipynb", "same-part-b")
    one = first.page.locator(".jl-milestone-builder")
    two = second.page.locator(".jl-milestone-builder")
    expect(one).to_be_visible()
    expect(two).to_be_visible()
    opened = one.locator(".jl-row-core .jl-name input").input_value()
    assert two.locator(".jl-row-core .jl-name input").input_value() == opened

    # the first tab renames the core purchase and saves
    first.page.bring_to_front()
    renamed = "Pay for a repair, a rental or a tune-up"
    one.locator(".jl-row-core .jl-name input").fill(renamed)
    expect(one.locator(".jl-drawing-output img")).to_have_attribute(
        "alt", re.compile(f"Core purchase: {re.escape(renamed)}")
    )
    save(one, lab)
    saved = (lab.root / JOURNEY).read_bytes()

    # the second tab, opened before that, changes how the core purchase is measured
    second.page.bring_to_front()
    two.locator(".jl-row-core .jl-measure input").fill("paid jobs per day")
    button(two, "Save").click()
    status = two.locator(".jl-status.jl-problem")
    expect(status).to_contain_text("Not saved")
    expect(status).to_contain_text("another notebook or an edit by hand changed the same part")
    expect(status).to_contain_text("Milestones")
    reload = button(two, "Reload from the file")
    expect(reload).to_be_visible()
    second.screenshot("session-same-part-refused.png", two.locator(".jl-status"))
    assert (lab.root / JOURNEY).read_bytes() == saved, "a refused Save changed the file"
    core = journey_on_disk(lab).milestones.core
    assert (core.name, core.measure) != (renamed, "paid jobs per day")
    assert core.name == renamed

    # reloading continues from the file: the first tab's name, the reload button gone
    reload.click()
    expect(two.locator(".jl-row-core .jl-name input")).to_have_value(renamed)
    expect(reload).to_be_hidden()
    first.assert_no_errors()
    second.assert_no_errors()
    first.close()
    second.close()
