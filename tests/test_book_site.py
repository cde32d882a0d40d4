"""The built book site, as a reader sees it in a browser.

The book is built from scratch (strict, like `make book`) into a temporary folder,
served on 127.0.0.1 and opened in Debian's Chromium. Nothing may come from any other
host, and every figure and widget must show without a running kernel.
"""

from __future__ import annotations

import contextlib
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import site_support as site
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.slow

MILESTONES = "notebooks/01_milestones"
# The landing page (a redirect to the root page) and every page in the TOC.
PAGES = ["index.html", *(f"{name}.html" for name in site.toc_docnames())]

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
    """The html folder of a strict build from scratch (no execution cache)."""
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
    """open_page(path) -> site.Visit; the page's context is closed after the test."""
    visits: list[site.Visit] = []

    def _open(path: str) -> site.Visit:
        visit = site.open_page(browser, site_url, path)
        visits.append(visit)
        return visit

    yield _open
    for visit in visits:
        visit.page.context.close()


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


# --------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_no_errors_and_nothing_from_outside(open_page, site_url, path):
    visit = _settled(open_page(path))

    assert visit.requests, "no request was recorded: the recorder is broken"
    assert visit.outside_requests() == [], "the page loaded something from another host"
    assert visit.problems() == []
    expect(visit.page.get_by_role("heading", level=1).first).to_be_visible()


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


def test_milestones_page_offers_the_notebook_for_download(open_page, built_site, site_url):
    page = open_page(f"{MILESTONES}.html").page

    page.get_by_role("button", name="Download this page").click()
    link = page.locator(".dropdown-download-buttons a", has_text=".ipynb")
    expect(link).to_be_visible()

    url = urljoin(page.url, link.get_attribute("href"))
    assert url.startswith(site_url), url
    served = built_site / urlsplit(url).path.removeprefix(urlsplit(site_url).path)
    assert served.is_file(), f"the download link points at a missing file: {url}"
    # The reader gets the learner's notebook itself, as stored in notebooks/.
    assert served.read_bytes() == (site.BOOK / f"{MILESTONES}.ipynb").read_bytes()

    response = page.request.get(url)
    assert response.ok, f"{url}: HTTP {response.status}"
    assert json.loads(response.body())["nbformat"] == 4
