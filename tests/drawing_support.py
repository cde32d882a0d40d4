"""Shared reading of the sample business and of drawings, for the model tests."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from journey_lessons import sample_paths

# The sample business's touchpoint names, as the paths define them (test_paths pins
# the exact list); other parts of the sample must only name these.
SAMPLE_TOUCHPOINTS = frozenset(t.name for p in sample_paths().paths for t in p.touchpoints)


def assert_texts_stay_in_their_columns(fig: Figure) -> None:
    """Each text of the first axes stays within the unit-wide column it is centred in."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ax = fig.axes[0]
    for text in ax.texts:
        x, _ = text.get_position()
        left, right = (ax.transData.transform((edge, 0))[0] for edge in (int(x), int(x) + 1))
        extent = text.get_window_extent(canvas.get_renderer())
        assert left <= extent.x0 and extent.x1 <= right, text.get_text()
