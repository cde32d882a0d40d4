"""The built book site, as a reader sees it in a browser.

The book is built from scratch (strict, like `make book`) into a temporary folder,
served on 127.0.0.1 and opened in Debian's Chromium. Nothing may come from any other
host, and every figure and widget must show without a running kernel.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import figure_support as figures
import pytest
import site_support as site
import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.slow

MILESTONES = "notebooks/01_milestones"
DOCNAMES = site.toc_docnames()
TOC_PAGES = [f"{name}.html" for name in DOCNAMES]
# The landing page (a redirect to the root page), every page in the TOC, and the
# pages Sphinx writes itself.
PAGES = ["index.html", *TOC_PAGES, "search.html", "genindex.html", "py-modindex.html"]
# The course chapters: the notebooks, each downloadable as .ipynb.
CHAPTERS = [name for name in DOCNAMES if name.startswith("notebooks/")]
# axe-core from npm (package.json devDependencies), injected from this machine.
AXE_JS = site.REPO / "node_modules" / "axe-core" / "axe.min.js"
# the home page, and every chapter: each has widgets, whose colours both themes change
AXE_PAGES = ["intro.html", *(f"{chapter}.html" for chapter in CHAPTERS)]
AXE_FAIL_IMPACTS = {"serious", "critical"}
# Controls of the theme and of myst-nb, not of our content, that axe-core 4.14 flags
# and that the site cannot change without JavaScript or copies of their templates:
# pydata-sphinx-theme's search and colour-mode buttons (visible text not in their
# aria-label: label-content-name-mismatch), its sidebar's expand toggles (a <summary>
# with only an icon: summary-name), and myst-nb's "Show code cell source" toggle
# (label-content-name-mismatch). Everything else on the page is checked.
AXE_EXCLUDE = [
    [".search-button__button"],
    [".theme-switch-button"],
    [".bd-sidebar-primary .has-children > details > summary"],
    ['summary[aria-label="Toggle hidden content"]'],
]
# Narrows a locator down to what the reader can see (the theme and the widgets keep
# hidden copies and hidden parts in the page).
SHOWN = "visible=true"
# Windows a reader meets: a phone, a tablet or half a laptop screen, a laptop. The
# themes lay out their header and sidebars differently across these widths.
VIEWPORTS = {"phone": (390, 844), "tablet": (900, 900), "laptop": (1366, 900)}

# --------------------------------------------------------------------------------------
# Fixtures: one strict build and one local server for the session, one browser for
# this module, and a fresh browser context per page.


@contextlib.contextmanager
def _fail_on_site_error():
    """Turn a SiteError into a test failure that shows just its message."""
    try:
        yield
    except site.SiteError as error:
        # `from None`: the message says it all, without the chained tracebacks.
        raise pytest.fail.Exception(str(error), pytrace=False) from None


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The html folder of a strict build from scratch (no execution cache).

    JOURNEY_BUILT_SITE=<a build's _build/html> tests that build instead, to iterate
    quickly on the tests themselves; make test always builds afresh.
    """
    given = os.environ.get("JOURNEY_BUILT_SITE")
    if given:
        if not (Path(given) / "index.html").is_file():
            pytest.fail(f"JOURNEY_BUILT_SITE={given} holds no built site (no index.html)")
        return Path(given)
    missing = site.missing_widgets_js()
    if missing:
        pytest.fail(
            f"{site.WIDGETS_JS} lacks {', '.join(missing)}: run `make widgets-js` first",
            pytrace=False,
        )
    with _fail_on_site_error():
        return site.build_book(tmp_path_factory.mktemp("book-build"))


@pytest.fixture(scope="session")
def site_url(built_site):
    with site.serve(built_site) as url:
        yield url


# Module scope: Playwright's sync API runs one instance per thread at a time, and
# other modules (test_jupyterlab.py) start their own.
@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        with _fail_on_site_error():
            chromium = site.launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, site_url):
    """open_page(path, viewport=(w, h)) -> site.Visit; its context is closed after the test."""
    visits: list[site.Visit] = []

    def _open(path: str, **options) -> site.Visit:
        visit = site.open_page(browser, site_url, path, **options)
        visits.append(visit)
        return visit

    yield _open
    for visit in visits:
        visit.page.context.close()


@dataclass
class PageReport:
    """What one visit to a page showed, for the per-page tests below."""

    requests: int = 0
    problems: list[str] = field(default_factory=list)
    widget_views: int = 0
    widgets_error: str = ""
    live_controls: list[str] = field(default_factory=list)
    faint_controls: list[str] = field(default_factory=list)
    widgets_without_note: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    drawings_without_caption: list[str] = field(default_factory=list)
    h1_visible: bool = False
    urls: list[str] = field(default_factory=list)


# The site has no kernel: every widget is a snapshot of the notebook. These find, in
# the widgets html-manager drew (each in a div.widget-subarea), what a reader could
# still type into, pick, drag or press: an enabled field or button, a slider without
# [disabled], an editable slider readout.
LIVE_CONTROLS_JS = """() => Array.from(document.querySelectorAll(
    '.widget-subarea :is(input, select, textarea, button):enabled,'
    + '.widget-subarea .noUi-target:not([disabled]),'
    + '.widget-subarea [contenteditable]:not([contenteditable="false"])'))
  .map((control) => control.outerHTML.slice(0, 120))"""

# The model id of every widget with no note right above it that is shown, says it is a
# snapshot and links somewhere (html-manager draws a view just before its script).
WIDGETS_WITHOUT_NOTE_JS = """() => Array.from(document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]'))
  .filter((script) => {
    const note = script.previousElementSibling?.previousElementSibling;
    return !(note && note.checkVisibility() && /snapshot/i.test(note.textContent)
             && note.querySelector('a[href]'));
  })
  .map((script) => JSON.parse(script.textContent).model_id)"""

# WCAG AA for text. axe-core leaves disabled controls out of its contrast check, so the
# text of the disabled widget controls is measured here: its colour and the colours
# behind it, composited up the page, with any opacity on the way (html-manager fades
# disabled controls that way) mixing both towards the page's own background.
MIN_CONTRAST = 4.5
FAINT_CONTROLS_JS = r"""(minimum) => {
  const rgba = (css) => {
    const [r, g, b, a = 1] = css.match(/[\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
  // the colour behind an element: its own background and its ancestors', composited
  const ground = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.unshift(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reduce((under, layer) => over(layer, under), [255, 255, 255]);
  };
  const opacity = (element) =>
    element ? Number(getComputedStyle(element).opacity) * opacity(element.parentElement) : 1;
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const page = ground(document.body);
  const shown = ':is(input:not([type=checkbox], [type=radio]), select, textarea, button)';
  return Array.from(document.querySelectorAll(`.widget-subarea ${shown}:disabled`))
    .filter((control) => (control.value || control.textContent).trim())
    .map((control) => {
      const back = ground(control);
      const fade = opacity(control);
      const mix = (rgb) => rgb.map((v, i) => v * fade + page[i] * (1 - fade));
      const text = mix(over(rgba(getComputedStyle(control).color), back));
      const [hi, lo] = [luminance(text), luminance(mix(back))].sort((x, y) => y - x);
      const ratio = (hi + 0.05) / (lo + 0.05);
      return ratio < minimum ? `${ratio.toFixed(2)}:1 ${control.outerHTML.slice(0, 100)}` : null;
    })
    .filter(Boolean);
}"""


@pytest.fixture(scope="module")
def survey(browser, site_url) -> dict[str, PageReport]:
    """Every page in PAGES, opened once each; the tests read what each visit showed."""
    reports: dict[str, PageReport] = {}
    for path in PAGES:
        report = reports[path] = PageReport()
        visit = site.open_page(browser, site_url, path)
        try:
            try:
                report.widget_views = site.wait_for_widgets(visit.page)
                visit.page.wait_for_load_state("networkidle")
            except PlaywrightTimeout:
                report.widgets_error = "not every widget view rendered within 30 s"
            report.live_controls = visit.page.evaluate(LIVE_CONTROLS_JS)
            report.widgets_without_note = visit.page.evaluate(WIDGETS_WITHOUT_NOTE_JS)
            for theme in ("dark", "light"):
                visit.page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
                faint = visit.page.evaluate(FAINT_CONTROLS_JS, MIN_CONTRAST)
                report.faint_controls += [f"{theme} theme: {control}" for control in faint]
            report.images_without_alt = visit.page.locator("img").evaluate_all(
                """imgs => imgs.filter((img) => !(img.getAttribute('alt') || '').trim())
                               .map((img) => (img.currentSrc || img.src).slice(0, 100))"""
            )
            report.drawings_without_caption = visit.page.locator("img.jl-drawing").evaluate_all(
                """imgs => imgs.filter((img) => {
                       const caption = img.closest('figure')?.querySelector('figcaption');
                       return !(caption && caption.textContent.trim());
                   }).map((img) => img.alt.slice(0, 100))"""
            )
            report.h1_visible = visit.page.get_by_role("heading", level=1).first.is_visible()
            report.requests = len(visit.requests)
            report.urls = list(visit.requests)
            report.problems = visit.problems()
        finally:
            visit.page.context.close()
    return reports


def _settled(visit: site.Visit) -> site.Visit:
    """Let embedded widgets render and their fonts load before looking at the page."""
    with _fail_on_site_error():
        site.settle(visit)
    return visit


class _ImgAlts(HTMLParser):
    """Collects the alt attribute of every <img> fed to it."""

    def __init__(self) -> None:
        super().__init__()
        self.alts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        alt = dict(attrs).get("alt")
        if tag == "img" and alt:
            self.alts.append(alt)


def _notebook_alt_texts(built_site: Path, docname: str) -> list[str]:
    """Alt texts that the executed notebook gives its image outputs.

    From `<img alt=...>` in HTML outputs and from cell metadata mystnb.image.alt,
    read in the executed copy that the build keeps in _build/jupyter_execute.
    """
    executed = built_site.parent / "jupyter_execute" / f"{docname}.ipynb"
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    parser = _ImgAlts()
    for cell in notebook["cells"]:
        alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
        if alt:
            parser.alts.append(alt)
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html:
                parser.feed(html if isinstance(html, str) else "".join(html))
    return parser.alts


class _Anchors(HTMLParser):
    """The ids (and a[name]s) of a page, the href of every <a>, and its first <h1>'s text."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self._heading: list[str] = []
        self._h1 = "before"  # "before", "in" or "after" the first <h1>
        self._headerlink = False

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href") is not None:
            self.hrefs.append(attrs["href"])
        if tag == "h1" and self._h1 == "before":
            self._h1 = "in"
        # The "#" permalink that Sphinx puts after a heading's text.
        self._headerlink = tag == "a" and "headerlink" in (attrs.get("class") or "")

    def handle_endtag(self, tag) -> None:
        if tag == "h1" and self._h1 == "in":
            self._h1 = "after"
        if tag == "a":
            self._headerlink = False

    def handle_data(self, data) -> None:
        if self._h1 == "in" and not self._headerlink:
            self._heading.append(data)

    @property
    def first_heading(self) -> str:
        return " ".join("".join(self._heading).split())


def _parse(html_file: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


# Words that say nothing about a page, or that Sphinx's search leaves out.
_DULL_WORDS = {"about", "from", "into", "your", "with", "what", "when", "this", "that"}


def search_term(heading: str) -> str:
    """A word to search for: the longest word of four letters or more in the heading."""
    words = [w for w in re.findall(r"[A-Za-z]{4,}", heading) if w.lower() not in _DULL_WORDS]
    return max(words, key=len, default="")


# --------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_no_errors_and_nothing_from_outside(survey, path):
    report = survey[path]

    assert report.requests, "no request was recorded: the recorder is broken"
    assert report.problems == [], "console errors, page errors, failed or outside requests"
    assert report.h1_visible, "the page shows no level-1 heading"


@pytest.mark.parametrize("path", PAGES)
def test_every_widget_on_the_page_renders(survey, path):
    report = survey[path]

    assert report.widgets_error == "", f"{report.widgets_error}: {report.problems}"


def test_the_course_pages_have_widgets(survey):
    # Guards the test above: it would pass on a site where no widget state was saved.
    assert survey[f"{MILESTONES}.html"].widget_views >= 1


@pytest.mark.parametrize("path", PAGES)
def test_no_widget_control_takes_input_without_a_kernel(survey, path):
    assert survey[path].live_controls == [], "widget controls a reader can still use"


@pytest.mark.parametrize("path", PAGES)
def test_every_widget_is_marked_as_a_snapshot(survey, path):
    assert survey[path].widgets_without_note == [], "widgets with no snapshot note above"


@pytest.mark.parametrize("path", PAGES)
def test_disabled_widget_controls_stay_legible(survey, path):
    assert survey[path].faint_controls == [], f"control text below {MIN_CONTRAST}:1"


@pytest.mark.parametrize("path", PAGES)
def test_every_image_has_alt_text(survey, path):
    assert survey[path].images_without_alt == [], "images with no (or empty) alt text"


@pytest.mark.parametrize("path", PAGES)
def test_every_drawing_has_a_caption(survey, path):
    assert survey[path].drawings_without_caption == [], "drawings with no caption"


@pytest.mark.parametrize("docname", DOCNAMES)
def test_search_finds_a_word_of_each_page_heading(open_page, built_site, docname):
    heading = _parse(built_site / f"{docname}.html").first_heading
    term = search_term(heading)
    assert term, f"no word of four letters or more in the first heading {heading!r}"

    page = open_page(f"search.html?q={quote(term)}").page
    summary = page.locator(".search-summary")
    expect(summary).to_have_text(re.compile("Search finished|did not match"), timeout=20_000)
    found = page.locator("ul.search li a").evaluate_all(
        "links => links.map((link) => new URL(link.href).pathname)"
    )
    assert any(url.endswith(f"/{docname}.html") for url in found), (
        f"searching {term!r} (from the heading {heading!r}) does not find {docname}: {found}"
    )


def test_every_internal_link_resolves(built_site):
    base = "http://site.invalid/"
    parsed: dict[Path, _Anchors] = {}

    def page(file: Path) -> _Anchors:
        if file not in parsed:
            parsed[file] = _parse(file)
        return parsed[file]

    broken, checked = [], 0
    for path in PAGES:
        source = urljoin(base, path)
        for href in page(built_site / path).hrefs:
            url = urljoin(source, href)
            parts = urlsplit(url)
            if parts.scheme not in {"http", "https"} or parts.netloc != urlsplit(base).netloc:
                continue  # another host (an <a> loads nothing), mailto:, javascript:
            if href in {"#", ""}:
                continue  # a button or the page itself
            checked += 1
            target = built_site / parts.path.lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path}: {href} -> missing file {target.relative_to(built_site)}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and parts.fragment not in page(target).ids
            ):
                broken.append(f"{path}: {href} -> no anchor #{parts.fragment}")
    assert checked > len(PAGES), f"only {checked} internal links found: the parser is broken"
    assert broken == []


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_accessibility_has_no_serious_violations(open_page, path, theme):
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `make axe-js` (npm ci)", pytrace=False)
    visit = _settled(open_page(path))
    # the reader's theme switch sets this; colour contrast must hold in both themes
    visit.page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    visit.page.add_script_tag(path=str(AXE_JS))
    result = visit.page.evaluate(
        """async (exclude) => await axe.run(
               {include: [['html']], exclude: exclude}, {resultTypes: ['violations']})""",
        AXE_EXCLUDE,
    )

    serious = [
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in AXE_FAIL_IMPACTS
    ]
    assert not serious, "axe-core found serious or critical violations:\n" + "\n".join(serious)
    assert visit.outside_requests() == []


def test_launch_buttons_are_configured_in_one_place_and_off():
    """Launch buttons: _config.yml names every provider, with no URL until one is set."""
    from jupyter_book.config import yaml_to_sphinx

    config = yaml.safe_load((site.BOOK / "_config.yml").read_text(encoding="utf-8"))
    launch = config["launch_buttons"]
    urls = {key: value for key, value in launch.items() if key.endswith("_url")}
    assert {"binderhub_url", "jupyterhub_url", "colab_url"} <= set(urls)
    assert set(urls.values()) == {""}, "a launch URL is set: the buttons would point elsewhere"
    # Thebe would run code through a kernel on another host, and load its script from a CDN.
    assert launch.get("thebe") is False
    # The theme gets exactly this block (jupyter-book passes it through).
    recursive, _, _ = yaml_to_sphinx(config)
    assert recursive["html_theme_options"]["launch_buttons"] == launch


def test_milestones_page_shows_the_drawing(open_page, built_site):
    page = _settled(open_page(f"{MILESTONES}.html")).page

    # Static notebook outputs (the widget's own output area is checked below).
    images = page.locator(".cell_output img:not(.jupyter-widgets img)")
    assert images.count() >= 1, "no figure from the notebook's outputs on the page"
    for image in images.all():
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), (
            f"image did not load: {(image.get_attribute('src') or '')[:80]}"
        )
    shown = images.evaluate_all("imgs => imgs.map((img) => img.alt)")
    for alt in _notebook_alt_texts(built_site, MILESTONES):
        assert alt in shown, f"no image on the page with the notebook's alt text {alt!r}"


def test_milestones_widgets_render_from_saved_state(open_page):
    visit = _settled(open_page(f"{MILESTONES}.html"))
    page = visit.page

    assert site.wait_for_widgets(page) >= 1, "the notebook saved no widget view"
    controls = page.locator(
        ".jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets textarea"
    )
    expect(controls.first).to_be_visible()
    # The fields show the state the notebook saved, not empty defaults.
    values = page.locator(".jupyter-widgets input[type=text]").evaluate_all(
        "inputs => inputs.map((input) => input.value)"
    )
    assert any(values), f"every text box is empty: {values}"

    drawing = page.locator(".widget-output img").first
    expect(drawing).to_be_visible()
    assert drawing.evaluate("img => img.complete && img.naturalWidth > 0")
    assert visit.problems() == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_offers_its_notebook_for_download(open_page, built_site, site_url, chapter):
    page = open_page(f"{chapter}.html").page

    page.get_by_role("button", name="Download this page").click()
    link = page.locator(".dropdown-download-buttons a", has_text=".ipynb")
    expect(link).to_be_visible()

    url = urljoin(page.url, link.get_attribute("href"))
    assert url.startswith(site_url), url
    served = built_site / urlsplit(url).path.removeprefix(urlsplit(site_url).path)
    assert served.is_file(), f"the download link points at a missing file: {url}"
    # The reader gets the learner's notebook itself, as stored in notebooks/.
    assert served.read_bytes() == (site.BOOK / f"{chapter}.ipynb").read_bytes()

    response = page.request.get(url)
    assert response.ok, f"{url}: HTTP {response.status}"
    assert json.loads(response.body())["nbformat"] == 4


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_menu_button_shows_the_site_navigation(open_page, viewport):
    # settled: leaving while the widgets still load would abort their requests
    visit = _settled(open_page(f"{MILESTONES}.html", viewport=viewport))
    page = visit.page
    target = CHAPTERS[-1]
    menu = page.locator(".primary-toggle").locator(SHOWN)
    # Its entry in the chapter list, wherever the theme puts the list (beside the page
    # or in a dialog); the href is relative to this chapter, a sibling in notebooks/.
    link = page.locator(f'.bd-sidebar-primary a[href="{Path(target).name}.html"]')

    expect(menu).to_have_count(1)
    if link.is_visible():
        # A wide window shows the navigation beside the page: the menu hides it.
        menu.click()
        expect(link).to_be_hidden()
    menu.click()
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(rf"/{re.escape(target)}\.html$"))
    assert visit.problems() == []


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_contents_of_the_page_can_be_shown(open_page, viewport):
    # settled: leaving while the widgets still load would abort their requests
    visit = _settled(open_page(f"{MILESTONES}.html", viewport=viewport))
    page = visit.page
    contents = page.locator("#pst-page-toc-nav")
    button = page.locator(".secondary-toggle").locator(SHOWN)

    # Shown beside the page in a wide window; otherwise behind the Contents button.
    if not contents.is_visible():
        expect(button).to_have_count(1)
        button.click()
    expect(contents).to_be_visible()
    entry = contents.locator("a").last
    anchor = entry.get_attribute("href")
    entry.click()
    expect(page).to_have_url(re.compile(re.escape(anchor) + "$"))
    expect(page.locator(f'[id="{anchor.removeprefix("#")}"]')).to_be_in_viewport()
    assert visit.problems() == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_widget_controls_ignore_typing_clicks_and_drags(open_page, chapter):
    page = _settled(open_page(f"{chapter}.html")).page
    widgets = page.locator(".widget-subarea")
    if widgets.count() == 0:
        pytest.skip(f"{chapter} has no widget")
    tried = []

    # the first of each kind that the reader can see (a widget may hide some)
    field = widgets.locator("input[type=text], input[type=number], textarea").locator(SHOWN).first
    if field.count():
        before = field.input_value()
        # force: click even though Playwright sees the control is disabled
        field.click(force=True)
        page.keyboard.type("42 typed by a reader")
        assert field.input_value() == before, "typing changed a field"
        tried.append("typing")

    box = widgets.locator("input[type=checkbox]").locator(SHOWN).first
    if box.count():
        before = box.is_checked()
        # widgets above may still grow as they draw and push the box off screen
        # between scrolling and clicking: scroll again and retry, as a reader would
        for attempt in range(3):
            box.scroll_into_view_if_needed()
            try:
                box.click(force=True, timeout=5_000)
                break
            except PlaywrightError:
                if attempt == 2:
                    raise
        assert box.is_checked() == before, "a click switched a checkbox"
        tried.append("checkbox")

    toggles = widgets.locator(".widget-toggle-buttons").locator(SHOWN).first
    if toggles.count():
        pressed = toggles.locator("button.mod-active")
        before = pressed.all_text_contents()
        toggles.locator("button:not(.mod-active)").first.click(force=True)
        assert pressed.all_text_contents() == before, "a click switched a toggle"
        tried.append("toggle")

    slider = widgets.locator(".widget-slider").locator(SHOWN).first
    if slider.count():
        handle, readout = slider.locator(".noUi-handle"), slider.locator(".widget-readout")
        before = readout.text_content()
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 120, y, steps=5)
        page.mouse.up()
        handle.focus()
        page.keyboard.press("ArrowRight")
        assert readout.text_content() == before, "dragging or a key moved a slider"
        tried.append("slider")

    assert tried, "no text field, checkbox, toggle or slider to try in this chapter's widgets"


def test_the_snapshot_note_links_to_how_to_run_a_chapter(open_page, site_url):
    visit = _settled(open_page(f"{MILESTONES}.html"))
    page = visit.page
    # the element just above the first widget html-manager drew
    note = page.locator(".widget-subarea").first.locator("xpath=preceding-sibling::*[1]")
    expect(note).to_be_visible()
    expect(note).to_contain_text(re.compile("snapshot", re.IGNORECASE))

    note.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(site_url) and f"/{MILESTONES}.html" not in page.url, page.url
    section = urlsplit(page.url).fragment
    assert section, f"the link goes to the top of a page, not to a section: {page.url}"
    expect(page.locator(f'[id="{section}"]')).to_be_in_viewport()
    assert visit.problems() == []


# --------------------------------------------------------------------------------------
# Light pages (issue 14): the text shows first. How fast is measured in bench/book.py.

WIDGET_MANAGER = ("require.js", "embed-amd.js")
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]{64,}")


class _HeadScripts(HTMLParser):
    """The attributes of every <script src=...> in a page's <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self._in_head = True

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "body":
            self._in_head = False
        if tag == "script" and self._in_head and dict(attrs).get("src"):
            self.scripts.append(dict(attrs))


def _loaded(urls: list[str], names: tuple[str, ...]) -> list[str]:
    return [url for url in urls if urlsplit(url).path.rsplit("/", 1)[-1] in names]


@pytest.mark.parametrize("path", PAGES)
def test_only_pages_with_widgets_load_the_widget_manager(survey, path):
    report = survey[path]
    loaded = _loaded(report.urls, WIDGET_MANAGER)

    if report.widget_views:
        assert sorted(urlsplit(url).path.rsplit("/", 1)[-1] for url in loaded) == sorted(
            WIDGET_MANAGER
        )
    else:
        assert loaded == [], "a page without widgets loads the widget manager"


@pytest.mark.parametrize("path", PAGES)
def test_no_page_loads_fontawesome_js(survey, path):
    # 1.5 MB on every page; the theme's icons come from its CSS web font instead
    assert _loaded(survey[path].urls, ("fontawesome.js",)) == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_script_in_the_head_holds_up_the_chapter_text(built_site, chapter):
    parser = _HeadScripts()
    parser.feed((built_site / f"{chapter}.html").read_text(encoding="utf-8"))
    blocking = [
        script["src"]
        for script in parser.scripts
        if "defer" not in script
        and "async" not in script
        and urlsplit(script["src"]).path.rsplit("/", 1)[-1]
        in {*WIDGET_MANAGER, "fontawesome.js", "searchindex.js"}
    ]
    assert blocking == [], "heavy scripts that the browser must run before showing text"


@pytest.mark.parametrize("path", PAGES)
def test_no_drawing_is_stored_twice_in_a_page(built_site, path):
    html = (built_site / path).read_text(encoding="utf-8")
    uris = DATA_URI.findall(html)
    repeated = {uri[:60] for uri in uris if uris.count(uri) > 1}
    assert repeated == set(), "the same image is stored more than once in the page"


def test_the_theme_icons_show_without_fontawesome_js(open_page):
    page = _settled(open_page(f"{MILESTONES}.html")).page
    # the search button's magnifying glass, drawn with Font Awesome's web font
    icon = page.locator(".search-button__button i").locator(SHOWN).first
    expect(icon).to_be_visible()
    assert page.evaluate(
        "() => document.fonts.check('900 16px \"Font Awesome 6 Free\"', '\\uf002')"
    ), "Font Awesome's web font did not load"
    glyph = icon.evaluate("i => getComputedStyle(i, '::before').content")
    assert glyph not in ("", "none", "normal"), "the icon has no glyph"


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if not c.endswith("00_welcome")])
def test_solutions_show_neither_code_nor_output_until_opened(open_page, chapter):
    page = open_page(f"{chapter}.html").page
    solutions = page.locator(".cell.tag_hide-cell")
    assert solutions.count(), f"{chapter} has no folded solution"
    for index in range(solutions.count()):
        solution = solutions.nth(index)
        output = solution.locator(".cell_output")
        # the output is the answer too ("Well done: all 6 points are right")
        expect(solution.locator(".cell_input")).to_be_hidden()
        if output.count():
            expect(output).to_be_hidden()
            answer = output.text_content().strip()
            if answer:
                assert answer[:40] not in page.locator("article").inner_text()
        # one click shows both, for the reader who wants the answer
        solution.locator("summary").click()
        expect(solution.locator(".cell_input")).to_be_visible()
        if output.count():
            expect(output).to_be_visible()


def test_every_public_module_has_its_api_page_in_the_contents():
    import sys

    sys.path.insert(0, str(site.BOOK / "_ext"))
    from journey_api import public_modules

    pages = {name.removeprefix("api/") for name in DOCNAMES if name.startswith("api/")}
    missing = sorted(set(public_modules("journey_lessons")) - pages)
    assert not missing, f"add book/api/<name>.md and a _toc.yml entry for: {missing}"
    for name in pages - {"index"}:
        assert f":module: {name}" in (site.BOOK / "api" / f"{name}.md").read_text()


# The text a reader reads as prose: not headings, code, links, captions or outputs.
_NOT_PROSE = (
    "h1,h2,h3,h4,h5,h6,pre,code,a,figcaption,dt,summary,.admonition-title,.cell_output,.cell_input"
)
_GLOSSARY_LINKS = """(article, notProse) => {
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const seen = [];  // prose read so far, in order
  const links = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const link = node.parentElement.closest("a.glossary-link");
    if (link) {
      links.push({text: link.textContent, href: link.getAttribute("href"), title: link.title,
                  before: seen.join(" ")});
    }
    if (!node.parentElement.closest(notProse)) seen.push(node.textContent);
  }
  return links;
}"""


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_links_each_glossary_term_where_it_is_first_used(open_page, chapter):
    page = open_page(f"{chapter}.html").page
    article = page.locator("article.bd-article")
    links = article.evaluate(_GLOSSARY_LINKS, _NOT_PROSE)
    assert links, f"{chapter} links no glossary term"
    anchors = [link["href"].split("#")[1] for link in links]
    assert len(anchors) == len(set(anchors)), f"a term is linked twice: {anchors}"
    for link in links:
        assert link["href"].startswith("../glossary.html#term-"), link
        assert link["title"].endswith("."), f"no definition on hover: {link}"
        word = re.sub(r"e?s$", "", link["text"]) if len(link["text"]) > 3 else link["text"]
        flags = 0 if word.isupper() else re.IGNORECASE
        earlier = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", link["before"], flags)
        assert not earlier, f"{link['text']!r} was used before its link: …{link['before'][-80:]}"
    # the link leads to the definition
    first = article.locator("a.glossary-link").first
    anchor = first.get_attribute("href").split("#")[1]
    first.click()
    expect(page.locator(f"[id='{anchor}']")).to_be_visible()


def test_the_site_serves_every_chapter_with_the_package_wheel_in_one_zip(built_site):
    import zipfile

    archive = built_site / "downloads" / "journey-lessons-notebooks.zip"
    assert archive.is_file(), "the notebooks zip is missing"
    with zipfile.ZipFile(archive) as zipped:
        names = {Path(name).name: name for name in zipped.namelist()}
        for chapter in CHAPTERS:
            stored = zipped.read(names[f"{Path(chapter).name}.ipynb"])
            assert stored == (site.BOOK / f"{chapter}.ipynb").read_bytes(), chapter
        assert [n for n in names if re.fullmatch(r"journey_lessons-.+-py3-none-any\.whl", n)]
    linking = _parse(built_site / "get-the-course.html").hrefs
    assert "downloads/journey-lessons-notebooks.zip" in linking


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_install_cell_stays_in_the_notebook_and_off_the_page(built_site, chapter):
    assert "find_spec" in (site.BOOK / f"{chapter}.ipynb").read_text(encoding="utf-8")
    assert "find_spec" not in (built_site / f"{chapter}.html").read_text(encoding="utf-8")


_TOGGLES_AND_DROPDOWNS = """() => {
  const shown = (el) => el.getBoundingClientRect().width > 0;
  const sets = [...document.querySelectorAll('.widget-toggle-buttons')].filter(shown);
  const pairs = sets.map((set) => {
    const buttons = [...set.querySelectorAll('button')];
    const on = buttons.find((b) => b.classList.contains('mod-active'));
    const off = buttons.find((b) => !b.classList.contains('mod-active'));
    return on && off ? [getComputedStyle(on).backgroundColor,
                        getComputedStyle(off).backgroundColor] : null;
  }).filter(Boolean);
  const arrows = [...document.querySelectorAll('.widget-dropdown select')].filter(shown)
    .map((s) => getComputedStyle(s).backgroundImage);
  return {pairs, arrows};
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_selected_toggles_stand_out_and_dropdowns_show_their_arrows(open_page, theme):
    # the flow explorer opens with its level toggles and its dropdowns filled in
    visit = _settled(open_page("notebooks/08_observed_journeys.html"))
    visit.page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    found = visit.page.evaluate(_TOGGLES_AND_DROPDOWNS)
    assert found["pairs"], "no set of toggle buttons with a selected one on the page"
    for selected, other in found["pairs"]:
        assert selected != other, f"a selected toggle looks like the others: {selected}"
    assert found["arrows"], "no dropdown on the page"
    assert all(image.startswith("url(") for image in found["arrows"]), found["arrows"]


def test_a_drawing_enlarges_to_its_full_size_on_click_and_closes_with_escape(open_page):
    # the paths swimlane: the widest drawing, shrunk most by the page's column
    page = _settled(open_page("notebooks/02_paving_the_path.html")).page
    drawing = page.locator("figure.jl-figure img.jl-drawing").first
    drawing.scroll_into_view_if_needed()
    shown = drawing.bounding_box()["width"]
    natural = drawing.evaluate("img => img.naturalWidth")
    assert natural > shown, "the drawing is not shrunk: nothing to enlarge"

    drawing.click()
    dialog = page.locator("dialog.jl-zoom[open]")
    expect(dialog).to_be_visible()
    enlarged = dialog.locator("img")
    assert enlarged.get_attribute("alt") == drawing.get_attribute("alt")
    assert enlarged.evaluate("img => img.getBoundingClientRect().width") == pytest.approx(
        natural, abs=1
    )
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)

    # from the keyboard too
    drawing.focus()
    page.keyboard.press("Enter")
    expect(page.locator("dialog.jl-zoom[open]")).to_be_visible()
    page.get_by_role("button", name="Close").click()
    expect(page.locator("dialog.jl-zoom[open]")).to_have_count(0)


class _HeadStylesheets(HTMLParser):
    """The href of each stylesheet link in a page's <head>: holding up the first paint
    (no media), loading without it (media="print" until loaded), or in a <noscript>."""

    def __init__(self) -> None:
        super().__init__()
        self.blocking: list[str] = []
        self.deferred: list[str] = []
        self.noscript: list[str] = []
        self._in_head = True
        self._in_noscript = False

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        self._in_head = self._in_head and tag != "body"
        self._in_noscript = self._in_noscript or tag == "noscript"
        if tag == "link" and attrs.get("rel") == "stylesheet" and self._in_head:
            name = urlsplit(attrs["href"]).path.rsplit("/", 1)[-1]
            if self._in_noscript:
                self.noscript.append(name)
            elif attrs.get("media") == "print" and attrs.get("onload") == "this.media='all'":
                self.deferred.append(name)
            else:
                self.blocking.append(name)

    def handle_endtag(self, tag) -> None:
        self._in_noscript = self._in_noscript and tag != "noscript"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_first_paint_waits_for_the_critical_stylesheet_only(built_site, chapter):
    parser = _HeadStylesheets()
    parser.feed((built_site / f"{chapter}.html").read_text(encoding="utf-8"))
    assert parser.blocking == ["journey-critical.css"]
    assert "pydata-sphinx-theme.css" in parser.deferred
    # without JavaScript nothing switches the deferred ones on: the <noscript> copies do
    assert sorted(parser.noscript) == sorted(parser.deferred)
    critical = (built_site / "_static" / "journey-critical.css").stat().st_size
    theme = (built_site / "_static" / "styles" / "pydata-sphinx-theme.css").stat().st_size
    assert critical < theme / 2, "the critical stylesheet is no lighter than the theme's"


def test_every_page_links_the_critical_stylesheet_it_was_built_with(built_site):
    # keyed by its content, as Sphinx keys its own sheets: a cached old copy never
    # styles new pages after the book is published again
    content = (built_site / "_static" / "journey-critical.css").read_bytes()
    key = hashlib.sha256(content).hexdigest()[:16]
    pages = [p for p in built_site.rglob("*.html") if "_static" not in p.parts]
    linked = {
        page.relative_to(built_site).as_posix(): re.findall(
            r'journey-critical\.css(\?v=[0-9a-f]*)?"', page.read_text(encoding="utf-8")
        )
        for page in pages
    }
    linking = {page: links for page, links in linked.items() if links}
    assert len(linking) > 20
    assert {page: links for page, links in linking.items() if links != [f"?v={key}"]} == {}


# Where the parts of a chapter a reader sees first are, and their colours.
_LAYOUT_JS = """(selectors) => selectors.map((selector) => {
  const element = document.querySelector(selector);
  if (!element) return [selector, null];
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return [selector, [box.x, box.y, box.width, box.height].map(Math.round).join(' '),
          style.color, style.backgroundColor, style.fontSize, style.display];
})"""
_FIRST_SEEN = [
    "body",
    ".bd-header",
    ".bd-sidebar-primary",
    ".bd-sidebar-primary .bd-links a",
    ".bd-article-container",
    ".bd-header-article",
    ".primary-toggle:not(.pst-navbar-icon)",
    ".theme-switch-button",
    "article h1",
    "article section p",
    "article .cell_input",
    "article figure img",
    ".bd-sidebar-secondary",
    "#pst-page-toc-nav a",
    ".prev-next-area",
]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_chapter_looks_the_same_before_its_other_stylesheets_arrive(
    browser, site_url, viewport, theme
):
    # the first paint has journey-critical.css alone: the reader sees no unstyled page
    # and nothing moves when the theme's own stylesheets arrive
    def layout(critical_only: bool) -> list:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        try:
            context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
            if critical_only:
                context.route(
                    re.compile(r"\.css(\?|$)"),
                    lambda route: (
                        route.continue_()
                        if "journey-critical.css" in route.request.url
                        else route.abort()
                    ),
                )
            page = context.new_page()
            page.goto(urljoin(site_url, "notebooks/02_paving_the_path.html"), wait_until="load")
            # the theme's colours fade in over 0.15 s: compare where they end, not a
            # moment of the fade that depends on when each page happened to load
            page.add_style_tag(content="*, *::before, *::after { transition: none !important }")
            return page.evaluate(_LAYOUT_JS, _FIRST_SEEN)
        finally:
            context.close()

    full = layout(critical_only=False)
    assert all(found[1] for found in full), "a part of the chapter is missing"
    assert layout(critical_only=True) == full


# -- legible drawings ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def drawings(browser, site_url) -> dict[str, list[figures.Measured]]:
    """Every drawing of every chapter, measured once as a laptop shows it."""
    with _fail_on_site_error():
        return {c: figures.measure_chapter(browser, site_url, c) for c in figures.CHAPTERS}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_text_in_a_drawing_is_smaller_than_9_px_on_a_laptop(drawings, chapter):
    too_small = [
        f"{m.name} at {m.shown_width:.0f} px wide: smallest text {m.smallest_px:.1f} px "
        f"({m.smallest_text!r}); {len(m.small)} texts under {figures.SMALLEST_PX:g} px"
        for m in drawings[chapter]
        if m.small
    ]
    assert not too_small, "\n".join(too_small)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_text_runs_out_of_its_drawing(drawings, chapter):
    cut_off = [
        f"{m.name}: {', '.join(map(repr, m.outside))}" for m in drawings[chapter] if m.outside
    ]
    assert not cut_off, "\n".join(cut_off)


def test_every_chapter_with_a_drawing_is_measured(drawings):
    # a measure that finds no drawing, or no text in one, could never fail
    measured = [m for found in drawings.values() for m in found]
    assert len({m.chapter for m in measured}) >= 8
    assert all(m.texts > 0 and m.smallest_px is not None for m in measured), [
        m.name for m in measured if not m.texts
    ]
