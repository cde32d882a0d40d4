"""Drawings of the journey, as matplotlib Figures.

Each function returns a :class:`Drawing` (a ``Figure``) built without pyplot, so
nothing is shown twice and nothing global changes. In a notebook it shows as an
image with alt text, as the last line of a cell.
"""

from ._base import PAGE_WIDTH, SMALLEST_FONT, Drawing, img_html, png_bytes, svg_text
from ._canvas import canvas
from ._kpis import cohort_heatmap, funnel, kpi_dashboard
from ._milestones import STAGE_COLOURS, milestones
from ._moscow import moscow_board
from ._nfr import nfr_heatmap
from ._observed import observed_flow, observed_variants
from ._paths import paths
from ._usecases import use_cases

__all__ = [
    "PAGE_WIDTH",
    "SMALLEST_FONT",
    "STAGE_COLOURS",
    "Drawing",
    "canvas",
    "cohort_heatmap",
    "funnel",
    "img_html",
    "kpi_dashboard",
    "milestones",
    "moscow_board",
    "nfr_heatmap",
    "observed_flow",
    "observed_variants",
    "paths",
    "png_bytes",
    "svg_text",
    "use_cases",
]
