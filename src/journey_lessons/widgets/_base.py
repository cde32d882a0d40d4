"""What every course widget shares: the journey file, the findings and the drawing.

A widget edits one part of a :class:`JourneyPlan` (its milestones, its paths,
its board...). It keeps the rest of the plan as it came from the file, so that
saving from any notebook writes the whole journey back and loses nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..draw import Drawing
from ..files import JourneyFileError, load_journey, save_journey
from ..findings import Findings
from ..journey import JourneyPlan

#: The file a learner's journey lives in, from the first notebook to the capstone.
JOURNEY_FILE = "my_journey.yaml"

# Controls grow and wrap rather than squeeze, so widgets read well in a narrow book column.
WIDE = w.Layout(width="auto", flex="1 1 220px", min_width="220px")
FIT = w.Layout(width="auto")
ROW = w.Layout(flex_flow="row wrap", align_items="center")


@dataclass(frozen=True)
class OpenedJourney:
    """A plan opened from a learner's file (or the start plan), and what to tell them."""

    plan: JourneyPlan
    message: str
    ok: bool
    unreadable: Path | None = None  # a file that exists but could not be read

    def _repr_html_(self) -> str:
        return status_html(escape(self.message), self.ok)


def open_journey(
    path: str | Path = JOURNEY_FILE, *, start: JourneyPlan | None = None
) -> OpenedJourney:
    """The learner's journey from ``path``, or ``start`` when there is none yet.

    A file that cannot be read is never replaced silently: the message says what
    is wrong, and ``unreadable`` marks it so that a widget will not overwrite it.
    Touchpoint names that no path holds are kept (``check()`` reports them).
    """
    path = Path(path)
    start = start if start is not None else JourneyPlan()
    if not path.exists():
        return OpenedJourney(start, f"No {path} yet; Save creates it.", True)
    try:
        plan = load_journey(path, strict=False)
    except JourneyFileError as error:
        return OpenedJourney(
            start, f"Could not read your file, so it will not be overwritten: {error}", False, path
        )
    return OpenedJourney(plan, f"Opened your journey from {path}.", True)


@contextmanager
def _drawing_garbage_freed_young() -> Iterator[None]:
    """Free a drawing's thousands of short-lived objects while they are still young.

    Left to itself, the garbage collector runs in the middle of a drawing, moves
    the figure's live objects to the oldest generation, and every few redraws
    pays a full collection of the kernel's whole heap (100-200 ms). With the
    collector paused for the drawing and a young collection after it, a redraw
    leaves nothing behind for a full collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect(1)


def status_html(message_html: str, ok: bool = True) -> str:
    colour, state = ("#2f7a4f", "jl-ok") if ok else ("#c53030", "jl-problem")
    return f'<span class="jl-status {state}" style="color:{colour}">{message_html}</span>'


class JourneyEditor(w.VBox):
    """Base of the course widgets: a part of the plan, its findings, its drawing, Save.

    A subclass names its ``part`` (an attribute of :class:`JourneyPlan`), builds
    its controls, and implements ``value`` (the part as the controls stand),
    ``findings()`` and ``figure()``; it calls ``redraw()`` when a control changes.
    """

    part: str = ""
    css_class: str = "jl-editor"

    def __init__(self, plan: JourneyPlan | None = None, *, path: str | Path = JOURNEY_FILE):
        self._plan = plan if plan is not None else JourneyPlan()
        self._unreadable: Path | None = None
        self.path = w.Text(value=str(path), description="File", layout=WIDE)
        self.save_button = w.Button(description="Save", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.status = w.HTML()
        self.findings_view = w.HTML()
        self.drawing = w.Output()
        self.findings_view.add_class("jl-findings-view")
        self.drawing.add_class("jl-drawing-output")
        super().__init__(
            [
                *self._controls(),
                w.HBox([self.path, self.save_button], layout=ROW),
                self.status,
                w.HTML("<b>Findings</b>"),
                self.findings_view,
                self.drawing,
            ]
        )
        self.add_class(self.css_class)
        self.redraw()

    @classmethod
    def from_file(
        cls, path: str | Path = JOURNEY_FILE, *, start: JourneyPlan | None = None, **options: Any
    ) -> JourneyEditor:
        """Continue the journey saved at ``path``, or begin from ``start``."""
        opened = open_journey(path, start=start)
        editor = cls(opened.plan, path=path, **options)
        editor._unreadable = opened.unreadable
        editor._say(escape(opened.message), opened.ok)
        return editor

    # -- for subclasses --------------------------------------------------------------

    def _controls(self) -> list[w.Widget]:
        raise NotImplementedError

    @property
    def value(self) -> Any:
        """The part of the plan this widget edits, as the controls stand now."""
        raise NotImplementedError

    def findings(self) -> Findings:
        raise NotImplementedError

    def figure(self) -> Drawing:
        raise NotImplementedError

    # -- shared ----------------------------------------------------------------------

    @property
    def plan(self) -> JourneyPlan:
        """The whole plan: this widget's part as edited, the rest as opened."""
        return self._plan.replace(**{self.part: self.value})

    def redraw(self) -> None:
        """Show the findings and the drawing for the part as it stands."""
        with _drawing_garbage_freed_young():
            try:
                findings, figure = self.findings(), self.figure()
            except (ValueError, TypeError) as error:
                # an entry the model refuses (a programming slip, not a learner's): say so
                self.findings_view.value = status_html(
                    f"Could not use that entry: {escape(str(error))}", ok=False
                )
                return
            self.findings_view.value = findings._repr_html_()
            html = figure._repr_html_()
            del figure
        # One assignment replaces the old drawing, the same with or without a kernel.
        self.drawing.outputs = (
            {
                "output_type": "display_data",
                "data": {"text/html": html, "text/plain": self._alt_text(html)},
                "metadata": {},
            },
        )

    @staticmethod
    def _alt_text(html: str) -> str:
        alt = html.partition(' alt="')[2].partition('"')[0]
        return unescape(alt)

    def save(self) -> Path | None:
        """Save the whole journey to the file named in the File box; says what happened."""
        path = Path(self.path.value.strip() or JOURNEY_FILE)
        if self._unreadable is not None and path.resolve() == self._unreadable.resolve():
            self._say(
                f"{escape(str(path))} could not be read when this opened; fix that file "
                "or choose another name so that nothing in it is lost.",
                ok=False,
            )
            return None
        try:
            save_journey(self.plan, path)
        except (OSError, JourneyFileError) as error:
            self._say(f"Could not save: {escape(str(error))}", ok=False)
            return None
        self._say(f"Saved your journey to {escape(str(path))}.")
        return path

    def _say(self, message_html: str, ok: bool = True) -> None:
        self.status.value = status_html(message_html, ok)

    def _watch(self, *controls: w.ValueWidget) -> None:
        for control in controls:
            control.observe(self._on_change, names="value")

    def _on_change(self, _change: dict) -> None:
        # the whole update (model, tables, drawing), not only the drawing, leaves
        # its garbage young (see _drawing_garbage_freed_young)
        with _drawing_garbage_freed_young():
            self.redraw()
