"""Build, serve and browse the book site, for the tests of the built site.

Plain helpers, no fixtures: a test module wraps them in fixtures of the scope it
needs (see tests/test_book_site.py). Everything here stays on this machine: the book
is built offline, served on 127.0.0.1 and read by Debian's Chromium.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parent.parent
BOOK = REPO / "book"
# What `make widgets-js` copies from node_modules; the site serves it at /widgets/.
WIDGETS_JS = BOOK / "_extra" / "widgets"
WIDGETS_FILES = ("require.js", "embed-amd.js")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# The same strictness as `make book`.
BUILD_FLAGS = ["-W", "-n", "--keep-going"]
BUILD_TIMEOUT_S = 900
LOG_TAIL_LINES = 150

# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about"}

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class SiteError(Exception):
    """The site cannot be built or browsed; the message says what to do."""


def missing_widgets_js() -> list[str]:
    """The widget scripts the site needs that `make widgets-js` has not put in place."""
    return [name for name in WIDGETS_FILES if not (WIDGETS_JS / name).is_file()]


def toc_docnames(book: Path = BOOK) -> list[str]:
    """Every page of the table of contents, root first, as Sphinx docnames."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(book / "_toc.yml")
    root = site_map.root.docname
    return [root, *(name for name in site_map if name != root)]


def build_book(out: Path, book: Path = BOOK) -> Path:
    """Build the book strictly into the empty folder `out`; return the html folder.

    Raises SiteError with the end of the build log when the build fails or warns.
    """
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    if not jupyter_book.exists():
        found = shutil.which("jupyter-book")
        if found is None:
            raise SiteError("jupyter-book is not installed: run `make .venv/.test`")
        jupyter_book = Path(found)
    command = [str(jupyter_book), "build", str(book), *BUILD_FLAGS, "--path-output", str(out)]
    log = out / "build.log"
    with log.open("w", encoding="utf-8") as stream:
        try:
            result = subprocess.run(
                command,
                cwd=REPO,
                stdout=stream,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=BUILD_TIMEOUT_S,
                check=False,
            )
            outcome = f"exit {result.returncode}"
        except subprocess.TimeoutExpired:
            result, outcome = None, f"still running after {BUILD_TIMEOUT_S} s, stopped"
    html = out / "_build" / "html"
    if result is None or result.returncode != 0 or not (html / "index.html").is_file():
        text = _ANSI.sub("", log.read_text(encoding="utf-8", errors="replace"))
        tail = "\n".join(text.splitlines()[-LOG_TAIL_LINES:])
        raise SiteError(
            f"the strict book build failed ({outcome}): {' '.join(command)}\n"
            f"full log: {log}\n--- last {LOG_TAIL_LINES} lines ---\n{tail}"
        )
    return html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that leaves a page mid-download (the benchmark closes a page once
        # it has painted) breaks the connection: not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yield the base URL ("http://.../")."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="book-site", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def launch_chromium(playwright):
    """Debian's Chromium under Playwright (never a browser that Playwright downloads)."""
    if not CHROMIUM.exists():
        raise SiteError(
            f"{CHROMIUM} is missing: the site tests drive Debian's Chromium "
            "(`apt-get install chromium`)"
        )
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@dataclass
class Visit:
    """One page opened in a fresh browser context, with what it did on the way."""

    page: object
    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        """Requests to any host other than the local server."""
        origin = urlsplit(self.base_url).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != origin
        ]

    def problems(self) -> list[str]:
        """Everything a reader (or the browser console) would notice went wrong."""
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed]
            + [f"request to another host: {u}" for u in self.outside_requests()]
        )


def open_page(
    browser,
    base_url: str,
    path: str,
    *,
    timeout_ms: int = 30_000,
    viewport: tuple[int, int] | None = None,
) -> Visit:
    """Open `path` (relative to the site root) in a new context and wait until it is idle.

    `viewport` is the window's (width, height) in CSS pixels (Playwright's default
    when None). Every request, console error, uncaught page error and failed or >= 400
    response is recorded. The caller closes the context: `visit.page.context.close()`.
    """
    size = None if viewport is None else {"width": viewport[0], "height": viewport[1]}
    context = browser.new_context(accept_downloads=True, viewport=size)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    visit = Visit(page=page, base_url=base_url)

    def on_console(message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            visit.console_errors.append(f"{message.text} ({where})")

    def on_response(response) -> None:
        if response.status >= 400:
            visit.failed.append(f"{response.url}: HTTP {response.status}")

    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on(
        "requestfailed", lambda request: visit.failed.append(f"{request.url}: {request.failure}")
    )
    page.on("response", on_response)
    page.goto(urljoin(base_url, path), wait_until="networkidle")
    return visit


# True once html-manager has rendered a view for every widget-view script on the page
# (it inserts a div.widget-subarea before each script and fills it with the view).
WIDGETS_RENDERED_JS = """() => {
  const views = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]');
  return Array.from(views).every((script) => {
    const area = script.previousElementSibling;
    return area !== null && area.classList.contains('widget-subarea')
      && area.querySelector('.jupyter-widgets') !== null;
  });
}"""


def wait_for_widgets(page, timeout_ms: int = 30_000) -> int:
    """Wait until every embedded widget view is rendered; return how many there are."""
    page.wait_for_function(WIDGETS_RENDERED_JS, timeout=timeout_ms)
    return page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()


def settle(visit: Visit, timeout_ms: int = 30_000) -> int:
    """Wait for the page's widgets to render and the network to go idle again.

    Returns the number of widget views; raises SiteError listing what went wrong on
    the page (blocked scripts, errors) when the widgets do not render in time.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        count = wait_for_widgets(visit.page, timeout_ms)
    except PlaywrightTimeout as error:
        problems = visit.problems() or ["(no error or failed request was recorded)"]
        raise SiteError(
            f"the widgets on {visit.page.url} did not render within {timeout_ms} ms:\n"
            + "\n".join(problems)
        ) from error
    visit.page.wait_for_load_state("networkidle")
    return count
