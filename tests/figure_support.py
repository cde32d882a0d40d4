"""Measuring every drawing of the book site as the reader sees it (tests/test_book_site.py).

Each chapter is opened in Debian's Chromium at a laptop's size (1366 x 900) and every
drawing (an ``<img class="jl-drawing">`` holding an SVG, in the page or in a widget
snapshot) is measured as shown: its SVG is decoded and laid out by the browser at the
width the ``<img>`` has in the content column, and each text's font size is scaled
from SVG units to CSS pixels. No text may be smaller than 9 px, and no text may run
out of its drawing.

Run as a script with a built site's html folder to print every drawing's smallest
text: ``python tests/figure_support.py book/_build/html``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import site_support as site

DESKTOP = (1366, 900)
SMALLEST_PX = 9.0
# Text may touch the drawing's edge; a pixel past it is anti-aliasing, more is cut off.
EDGE_PX = 1.0
CHAPTERS = [name for name in site.toc_docnames() if name.startswith("notebooks/")]

# Every drawing in the page, measured as the reader sees it. Each SVG is parsed from its
# data URI and laid out by the browser in a hidden box as large as the <img> shows it, so
# getScreenCTM gives CSS pixels per SVG unit (whatever the transforms inside), and each
# text's box is the browser's own, with the browser's fonts. Text drawn as glyph outlines
# (matplotlib's svg.fonttype "path": a <g id="text_N"> of glyphs scaled by size / 100) is
# measured too, so a change of text mode cannot hide small text.
# A drawing in a closed <details> (a solution) or a hidden widget tab has no width: it
# is measured at the width it would have, the content column's, capped at its own.
MEASURE_JS = r"""(smallest) => {
  const column = document.querySelector('article.bd-article') || document.body;
  const columnWidth = column.getBoundingClientRect().width
    - parseFloat(getComputedStyle(column).paddingLeft)
    - parseFloat(getComputedStyle(column).paddingRight);
  const decode = (src) => {
    const [head, data] = src.split(',', 2);
    if (!head.endsWith(';base64')) return decodeURIComponent(data);
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8').decode(bytes);
  };
  const scaleOf = (element) => {
    const m = element.getScreenCTM();
    return Math.hypot(m.a, m.b);
  };
  const images = Array.from(document.querySelectorAll('img.jl-drawing'))
    .filter((image) => !image.closest('dialog'));
  return images.map((image) => {
    const svg = new DOMParser().parseFromString(decode(image.src), 'image/svg+xml')
      .documentElement;
    const box = svg.viewBox.baseVal;
    const natural = image.naturalWidth;
    const shown = image.getBoundingClientRect().width;
    const width = shown > 0 ? shown : Math.min(natural, columnWidth);
    const holder = document.createElement('div');
    holder.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;';
    svg.setAttribute('width', width);
    svg.setAttribute('height', width * box.height / box.width);
    holder.append(document.importNode(svg, true));
    document.body.append(holder);
    const root = holder.firstElementChild;
    const frame = root.getBoundingClientRect();
    const texts = [];
    for (const text of root.querySelectorAll('text')) {
      if (!text.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(text).fontSize) * scaleOf(text);
      texts.push({ text: text.textContent, px: size, rect: text.getBoundingClientRect() });
    }
    for (const group of root.querySelectorAll('g[id^="text_"]')) {
      if (group.querySelector('text')) continue;
      const glyphs = group.querySelector('g[transform*="scale("]');
      if (!glyphs) continue;
      const scale = parseFloat(glyphs.getAttribute('transform').match(/scale\(([\d.e-]+)/)[1]);
      const size = scale * 100 * scaleOf(group);
      texts.push({ text: '(glyph outlines)', px: size, rect: group.getBoundingClientRect() });
    }
    holder.remove();
    const small = texts.filter((t) => t.px < smallest);
    const outside = texts.filter((t) =>
      t.rect.left < frame.left - EDGE || t.rect.right > frame.right + EDGE
      || t.rect.top < frame.top - EDGE || t.rect.bottom > frame.bottom + EDGE);
    const caption = image.closest('figure')?.querySelector('figcaption')?.textContent || '';
    const least = texts.reduce((a, t) => (a && a.px <= t.px ? a : t), null);
    return {
      caption: caption.trim(),
      alt: image.alt,
      shownWidth: width,
      svgWidth: box.width,
      svgBytes: decode(image.src).length,
      texts: texts.length,
      smallestPx: least ? least.px : null,
      smallestText: least ? least.text : '',
      small: small.map((t) => `${t.px.toFixed(1)} px: ${t.text}`),
      outside: outside.map((t) => t.text),
    };
  });
}""".replace("EDGE", str(EDGE_PX))


@dataclass(frozen=True)
class Measured:
    """One drawing as the reader sees it: its caption, width and smallest text."""

    chapter: str
    caption: str
    alt: str
    shown_width: float
    svg_width: float
    svg_bytes: int
    texts: int
    smallest_px: float | None
    smallest_text: str
    small: tuple[str, ...]
    outside: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.chapter}: {(self.caption or self.alt)[:90]!r}"


def measure_chapter(browser, base_url: str, chapter: str) -> list[Measured]:
    """Every drawing of ``chapter`` measured at the desktop size, widgets rendered."""
    visit = site.open_page(browser, base_url, f"{chapter}.html", viewport=DESKTOP)
    try:
        site.settle(visit)
        found = visit.page.evaluate(MEASURE_JS, SMALLEST_PX)
    finally:
        visit.page.context.close()
    return [
        Measured(
            chapter,
            m["caption"],
            m["alt"],
            m["shownWidth"],
            m["svgWidth"],
            m["svgBytes"],
            m["texts"],
            m["smallestPx"],
            m["smallestText"],
            tuple(m["small"]),
            tuple(m["outside"]),
        )
        for m in found
    ]


def _print_table(html: Path) -> None:
    from playwright.sync_api import sync_playwright

    with site.serve(html) as url, sync_playwright() as playwright:
        browser = site.launch_chromium(playwright)
        try:
            rows = [m for chapter in CHAPTERS for m in measure_chapter(browser, url, chapter)]
        finally:
            browser.close()
    print("| chapter | drawing | SVG width pt | shown px | smallest px | SVG bytes | cut off |")
    print("|---|---|---|---|---|---|---|")
    for m in rows:
        print(
            f"| {m.chapter.removeprefix('notebooks/')} | {(m.caption or m.alt)[:60]} "
            f"| {m.svg_width:.0f} | {m.shown_width:.0f} | {m.smallest_px or 0:.1f} "
            f"| {m.svg_bytes:,} | {len(m.outside)} |"
        )


if __name__ == "__main__":
    _print_table(Path(sys.argv[1]))
