"""How long the book takes to build, and how fast its chapters show on a slow link.

Build: cold (fresh output folder) and warm (nothing changed). Both builds are strict,
like `make book` (-W -n --keep-going), into a temporary folder. The cold build
executes every notebook; the warm one finds them all in the execution cache and
every page up to date, so it should take a few seconds at most.

Pages: each chapter of that build, served on 127.0.0.1 and opened in Debian's
Chromium with its network emulation (CDP Network.emulateNetworkConditions) at
4 Mbit/s down, 40 ms latency and the cache off, as a reader on a slow mobile link
meets it. Printed per chapter: the first contentful paint (when the first text or
image shows) and the page's weight, every byte transferred until the network is idle
(measured without the throttle: the bytes are the same, only quicker).

Run with `make bench`; `python bench/book.py --site DIR` measures the pages of an
html folder already built (e.g. a copy of book/_build/html from before a change).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import site_support as site  # noqa: E402
from site_support import BOOK, SiteError, build_book  # noqa: E402

WARM_TARGET_S = 10
FCP_TARGET_S = 1.5
# 4 Mbit/s down (bytes per second for CDP), 1 Mbit/s up, 40 ms round trip.
SLOW_LINK = {
    "offline": False,
    "latency": 40,
    "downloadThroughput": 4_000_000 / 8,
    "uploadThroughput": 1_000_000 / 8,
}
# The paint Chromium records once the first text or image is on screen.
FCP_JS = """() => new Promise((resolve) => {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-contentful-paint') resolve(entry.startTime);
    }
  }).observe({type: 'paint', buffered: true});
})"""
RUNS = 3  # FCP is the median of this many loads


def timed_build(out: Path) -> float:
    begin = time.perf_counter()
    build_book(out)
    return time.perf_counter() - begin


def _cdp_page(browser, *, throttle: bool):
    """A page in a fresh context, with the cache off and (if asked) the slow link."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    return page, cdp


def first_paint_s(browser, url: str) -> float:
    """Seconds from navigation to the first contentful paint, on the slow link."""
    page, _ = _cdp_page(browser, throttle=True)
    try:
        page.goto(url, wait_until="commit", timeout=120_000)
        return page.evaluate(FCP_JS) / 1000
    finally:
        page.context.close()


def page_weight(browser, url: str) -> tuple[int, int]:
    """(bytes transferred, requests) for the page and everything it loads."""
    page, cdp = _cdp_page(browser, throttle=False)
    sizes: dict[str, float] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    try:
        page.goto(url, wait_until="networkidle", timeout=120_000)
        return int(sum(sizes.values())), len(sizes)
    finally:
        page.context.close()


def measure_pages(html: Path) -> None:
    from playwright.sync_api import sync_playwright

    chapters = [name for name in site.toc_docnames() if name.startswith("notebooks/")]
    print(
        f"{'chapter (4 Mbit/s, 40 ms, no cache)':<44} {'first paint':>11}  "
        f"{'page weight':>11}  requests"
    )
    slowest = 0.0
    with site.serve(html) as base, sync_playwright() as playwright:
        browser = site.launch_chromium(playwright)
        try:
            for name in chapters:
                url = urljoin(base, f"{name}.html")
                fcp = statistics.median(first_paint_s(browser, url) for _ in range(RUNS))
                weight, requests = page_weight(browser, url)
                slowest = max(slowest, fcp)
                label = Path(name).name
                print(f"{label:<44} {fcp:9.2f} s  {weight / 1e6:8.2f} MB  {requests:8d}")
        finally:
            browser.close()
    verdict = "ok" if slowest < FCP_TARGET_S else "SLOW"
    target = f"(target {FCP_TARGET_S} s)"
    print(f"{'slowest first contentful paint':<44} {slowest:9.2f} s  {target}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="measure the pages of this html folder only")
    args = parser.parse_args()
    if args.site is not None:
        measure_pages(args.site)
        return
    notebooks = len(list((BOOK / "notebooks").glob("*.ipynb")))
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        out = Path(tmp)
        try:
            cold = timed_build(out)
            warm = timed_build(out)
        except SiteError as error:
            print(error)
            raise SystemExit(1) from None
        print(
            f"{'book build, cold (fresh output folder)':<44} {cold:6.1f} s  ({notebooks} notebooks)"
        )
        verdict = "ok" if warm < WARM_TARGET_S else "SLOW"
        target = f"(target {WARM_TARGET_S} s)"
        print(f"{'book build, warm (nothing changed)':<44} {warm:6.1f} s  {target}  {verdict}")
        measure_pages(out / "_build" / "html")


if __name__ == "__main__":
    main()
