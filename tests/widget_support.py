"""What a headless widget test reads off a course widget."""

from __future__ import annotations

from pathlib import Path

from journey_lessons import sample_journey, save_journey
from journey_lessons.widgets import JourneyEditor


def drawn_html(editor: JourneyEditor) -> str:
    """The HTML the widget's drawing Output shows (the figure with its caption)."""
    return "".join(o["data"].get("text/html", "") for o in editor.drawing.outputs)


def drawn_alt(editor: JourneyEditor) -> str:
    """The drawing's alt text, as the Output's plain-text version carries it."""
    return "".join(o["data"].get("text/plain", "") for o in editor.drawing.outputs)


def sample_file(path: Path) -> Path:
    """A journey file holding the sample business, as a learner who started from it has."""
    save_journey(sample_journey(), path)
    return path
