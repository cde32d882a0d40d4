"""Drawings of the journey, as matplotlib Figures.

Each function returns a :class:`Drawing` (a ``Figure``) built without pyplot, so
nothing is shown twice and nothing global changes. In a notebook it shows as an
image with alt text, as the last line of a cell.
"""

from ._base import Drawing, img_html, png_bytes, svg_text
from ._milestones import STAGE_COLOURS, milestones

__all__ = ["STAGE_COLOURS", "Drawing", "img_html", "milestones", "png_bytes", "svg_text"]
