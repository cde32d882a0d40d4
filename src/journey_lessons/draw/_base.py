"""What every drawing shares: a Figure that knows its alt text, its export, and the
helpers that make a learner's text safe to draw (any text, of any length)."""

from __future__ import annotations

import base64
import functools
import io
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from html import escape
from typing import Any, ParamSpec, TypeVar

import matplotlib
from matplotlib.figure import Figure

P = ParamSpec("P")
R = TypeVar("R")

# A learner's text is drawn as typed: "$5 now, then $10 a month" is not mathtext, and
# a "\" is not TeX. Texts read these settings when they are made, so drawings are made
# (and rendered, when tick labels are made) with them.
_AS_TYPED = {"text.parse_math": False, "text.usetex": False}

# What an SVG image cannot hold (XML 1.0): control characters, lone surrogates, U+FFFE/F.
# C1 controls are allowed in XML but draw as nothing, so they go too.
_UNDRAWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
ELLIPSIS = " …"

#: Inches: the width of the book's content column on a laptop (about 730 px, at 96 px to
#: the inch). A drawing this wide shows at its own size in the book and in JupyterLab, so
#: its text shows at its own size: each drawing is laid out for this width.
PAGE_WIDTH = 7.5
#: Points: the smallest text of any drawing, 9.3 px on the page at PAGE_WIDTH (readers
#: need 9 px at least).
SMALLEST_FONT = 7.0


def learner_text_as_typed(make: Callable[P, R]) -> Callable[P, R]:
    """Decorates a drawing function: no text it draws is ever parsed as math or TeX.

    Every text made inside, however it is made (``ax.text``, a title, tick labels, a
    legend, a table cell), is made with math parsing off; :meth:`Drawing.draw` does the
    same for texts matplotlib makes while rendering.
    """

    @functools.wraps(make)
    def drawing(*args: P.args, **kwargs: P.kwargs) -> R:
        with matplotlib.rc_context(_AS_TYPED):
            return make(*args, **kwargs)

    return drawing


class Drawing(Figure):
    """A matplotlib Figure that carries its alt text and shows itself as a figure.

    In a notebook (and on the book site) it shows as an ``<img>`` with the alt
    text, so a reader who cannot see it still learns what it shows, under a
    caption: ``caption`` if set, else the first sentence of the alt text.
    """

    alt_text: str = ""
    caption: str = ""

    def set_description(
        self, alt_text: str, cut: Iterable[str] = (), left_out: Iterable[str] = ()
    ) -> None:
        """Set the alt text, saying what the drawing does not show in full.

        ``cut``: texts the drawing cuts short (they end in "…"); ``left_out``: the
        texts of items it leaves out (counted as "+N more"). The caption says so,
        and the alt text gives in full those it does not hold already: nothing the
        learner wrote is lost to a reader.
        """
        cut, left_out = (
            [t.strip() for t in cut if t.strip()],
            [t.strip() for t in left_out if t.strip()],
        )
        missing = [t for t in dict.fromkeys(cut + left_out) if t not in alt_text]
        self.alt_text = alt_text + (
            f" In full, what the drawing does not show: {'; '.join(missing)}." if missing else ""
        )
        said = [
            *(["texts ending in “…” are cut short"] if cut else []),
            *(["items counted as “+N more” are left out"] if left_out else []),
        ]
        if said:
            self.caption = (
                f"{_lead(alt_text)} In the drawing, {' and '.join(said)}; "
                "the description (alt text) gives them in full."
            )

    def draw(self, renderer: Any) -> None:
        # tick labels are made while rendering: they too must take no "$" as math
        with matplotlib.rc_context(_AS_TYPED):
            super().draw(renderer)

    def _repr_html_(self) -> str:
        caption = self.caption or _lead(self.alt_text)
        return (
            f'<figure class="jl-figure">{img_html(self, self.alt_text)}'
            f"<figcaption>{escape(drawable(caption))}</figcaption></figure>"
        )


def first_sentence(text: str) -> str:
    """Up to and including the first full stop followed by a space (or all of it)."""
    head, stop, _ = text.partition(". ")
    return head + "." if stop else text


def _lead(alt_text: str) -> str:
    """The first sentence of the alt text, for a caption: short, whatever the title."""
    return shorten(first_sentence(alt_text), 200)


def drawable(text: str) -> str:
    """``text`` with what no SVG image or UTF-8 page can hold replaced by "�"."""
    return _UNDRAWABLE.sub("\ufffd", text)


def plain(text: str) -> str:
    """A learner's text as one line safe to draw: all whitespace (newlines, tabs) as
    single spaces, and control characters and lone surrogates as "�"."""
    return drawable(" ".join(text.split()))


def wrap(
    text: str,
    width: int,
    max_lines: int,
    placeholder: str = "",
    cut: list[str] | None = None,
) -> list[str]:
    """``text`` in at most ``max_lines`` lines of about ``width`` characters.

    Words stay whole unless they are longer than a line (a pasted URL): those are
    hard-wrapped. Text that does not fit ends in " …" and is added in full to
    ``cut``, for the alt text (see :meth:`Drawing.set_description`). Empty text gives
    ``[placeholder]``, or no line when there is no placeholder.
    """
    one_line, width = plain(text), max(width, 3)
    if not one_line:
        return [placeholder] if placeholder else []
    # A line holds at most width + 2 characters and a space: what lies a line past
    # these lines can never show (a word cut there is still long enough to be
    # hard-wrapped), so 10 KB of text costs no more to wrap than a sentence.
    head = one_line[: (width + 3) * (max_lines + 1)]
    lines: list[str] = []
    line = ""
    for word in head.split(" "):
        if len(word) > width + 2:  # a little over is kept whole: "subscriptions"
            # hard-wrapped: its start fills the line, the rest takes whole lines
            room = width - len(line) - 1 if line else width
            if room > 0 and line:
                line, word = f"{line} {word[:room]}", word[room:]
            if line:
                lines.append(line)
            chunks = [word[i : i + width] for i in range(0, len(word), width)]
            lines += chunks[:-1]
            line = chunks[-1]
        elif not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    if len(lines) <= max_lines and len(head) == len(one_line):
        return lines
    if cut is not None:
        cut.append(text.strip())
    last = lines[max_lines - 1]
    if len(last) + len(ELLIPSIS) > width:
        keep = last[: max(width - len(ELLIPSIS), 1)]
        whole, space, partial = keep.rpartition(" ")
        # end on a whole word, unless the word cut is a long one (a URL): show its start
        if space and last[len(keep)] != " " and len(partial) < width // 3:
            keep = whole
        last = keep
    return [*lines[: max_lines - 1], last.rstrip() + ELLIPSIS]


def shorten(text: str, width: int, placeholder: str = "", cut: list[str] | None = None) -> str:
    """``text`` on one line of about ``width`` characters (a title), " …" if cut."""
    return (wrap(text, width, 1, placeholder, cut) or [""])[0]


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
    with (
        matplotlib.rc_context(
            {"svg.fonttype": "none", "svg.hashsalt": "journey-lessons", "font.family": "sans-serif"}
        ),
        missing_glyphs_unsaid(),
    ):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


@contextmanager
def missing_glyphs_unsaid() -> Iterator[None]:
    """No warning for a glyph matplotlib's font lacks (an emoji, a name in Chinese).

    In SVG the text stays text, drawn by the reader's browser with its own fonts:
    a learner's emoji is no problem, and a warning under the widget would be noise.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"Glyph \d+ .*missing from font", UserWarning)
        yield


def img_html(fig: Figure, alt: str) -> str:
    """The figure as an ``<img>`` with alt text, readable with no kernel behind it."""
    data = base64.b64encode(svg_text(fig).encode("utf-8")).decode("ascii")
    return (
        f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(drawable(alt), quote=True)}" '
        'style="max-width:100%;height:auto" class="jl-drawing">'
    )
