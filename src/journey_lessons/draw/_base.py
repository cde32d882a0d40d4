"""What every drawing shares: a Figure that knows its alt text, and its export."""

from __future__ import annotations

import base64
import io
from html import escape

import matplotlib
from matplotlib.figure import Figure


class Drawing(Figure):
    """A matplotlib Figure that carries its alt text and shows itself as a figure.

    In a notebook (and on the book site) it shows as an ``<img>`` with the alt
    text, so a reader who cannot see it still learns what it shows, under a
    caption: ``caption`` if set, else the first sentence of the alt text.
    """

    alt_text: str = ""
    caption: str = ""

    def _repr_html_(self) -> str:
        caption = self.caption or first_sentence(self.alt_text)
        return (
            f'<figure class="jl-figure">{img_html(self, self.alt_text)}'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )


def first_sentence(text: str) -> str:
    """Up to and including the first full stop followed by a space (or all of it)."""
    head, stop, _ = text.partition(". ")
    return head + "." if stop else text


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes, for a report or a file."""
    buffer = io.BytesIO()
    # light compression: a third faster to encode, for a slightly larger file
    fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 3})
    return buffer.getvalue()


def svg_text(fig: Figure) -> str:
    """The figure as SVG with real text: crisp at any size, small, and quick to make.

    Text stays text (no glyph outlines), in a sans-serif family the reader's
    browser has; the output is the same from run to run (no date, fixed ids).
    """
    buffer = io.StringIO()
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "journey-lessons", "font.family": "sans-serif"}
    ):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def img_html(fig: Figure, alt: str) -> str:
    """The figure as an ``<img>`` with alt text, readable with no kernel behind it."""
    data = base64.b64encode(svg_text(fig).encode("utf-8")).decode("ascii")
    return (
        f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto" class="jl-drawing">'
    )
