"""What every course widget shares: the journey file, the findings and the drawing.

A widget edits one part of a :class:`JourneyPlan` (its milestones, its paths,
its board...) and the business name. Save writes back only what this widget
changed, merged into the file as it is on disk now: another notebook's work in
the same file is kept. If the same part was changed on disk since this widget
opened it, Save refuses and offers to reload.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from typing import Any

import ipywidgets as w

from .._fields import moved, unwritable_field
from ..draw import Drawing
from ..files import JourneyFileError, previous_path, read_journey, save_journey
from ..findings import Finding, Findings, Severity
from ..journey import PART, JourneyPlan, describe_change, merge_parts

#: The file a learner's journey lives in, from the first notebook to the capstone.
JOURNEY_FILE = "my_journey.yaml"

# Controls grow and wrap rather than squeeze, so widgets read well in a narrow book column.
WIDE = w.Layout(width="auto", flex="1 1 220px", min_width="220px")


def full_line() -> w.Layout:
    """The layout of a field on a line of its own in a column: the column's width.

    Not WIDE: a flex basis is a width in a row, but in a column it becomes the
    field's height (a 220 px gap under it). A new Layout each time, so that hiding
    one control never hides another.
    """
    return w.Layout(width="auto")


FIT = w.Layout(width="auto")
ROW = w.Layout(flex_flow="row wrap", align_items="center")
#: After a click on Save, how long no control may change before the save runs.
SETTLE_SECONDS = 0.4


_SMALL = {"width": "36px"}


def order_buttons(what: str) -> tuple[w.Button, w.Button, w.Button]:
    """The ↑, ↓ and ✕ of one row of a list, the same in every widget; ``what`` names the row.

    Each button has the class ``jl-up``, ``jl-down`` or ``jl-remove``; an editor
    wires them with :func:`on_row_buttons` and shows its rows with :func:`show_rows`.
    """
    up = w.Button(description="↑", tooltip=f"Move this {what} up", layout=w.Layout(**_SMALL))
    down = w.Button(description="↓", tooltip=f"Move this {what} down", layout=w.Layout(**_SMALL))
    remove = remove_button(what)
    up.add_class("jl-up")
    down.add_class("jl-down")
    return up, down, remove


def remove_button(what: str, tooltip: str = "") -> w.Button:
    """The ✕ of a row that is removed, not reordered (``jl-remove``)."""
    button = w.Button(
        description="✕", tooltip=tooltip or f"Remove this {what}", layout=w.Layout(**_SMALL)
    )
    button.add_class("jl-remove")
    return button


def on_row_buttons(
    row: Any, move: Callable[[Any, int], None], remove: Callable[[Any], None]
) -> None:
    """Wire a row's ↑ ↓ ✕: ``move(row, -1)``, ``move(row, 1)`` and ``remove(row)``."""
    row.up.on_click(lambda _: move(row, -1))
    row.down.on_click(lambda _: move(row, 1))
    row.remove.on_click(lambda _: remove(row))


def show_rows(box: w.Box, rows: Sequence[Any]) -> None:
    """Show ``rows`` in ``box``: the first row's ↑ and the last row's ↓ are off."""
    box.children = tuple(rows)
    for place, row in enumerate(rows):
        row.up.disabled = place == 0
        row.down.disabled = place == len(rows) - 1


def move_row(box: w.Box, row: Any, by: int) -> None:
    """Move ``row`` ``by`` places in ``box`` (the rule of the models' ``move``)."""
    children = box.children
    show_rows(box, moved(children, children.index(row), by))


@dataclass(frozen=True)
class OpenedJourney:
    """A plan opened from a learner's file (or an empty one), and what to tell them.

    ``found`` is False when there is no file yet; ``unreadable`` marks a file
    that exists but could not be read, so that nothing overwrites it.
    """

    plan: JourneyPlan
    message: str
    ok: bool
    unreadable: Path | None = None
    found: bool = False
    notes: tuple[str, ...] = ()  # what reading an older file changed

    def _repr_html_(self) -> str:
        return status_html(escape(self.message), self.ok)

    def __str__(self) -> str:
        return self.message

    def or_sample(self, *parts: str) -> JourneyPlan:
        """The learner's plan when it has ``parts``, else the sample business to demo on.

        The sample is only shown, never saved into the learner's file.
        """
        if self.plan.is_empty or self.missing(*parts):
            from ..journey import sample_journey

            return sample_journey()
        return self.plan

    def missing(self, *parts: str) -> str:
        """What to do first when the journey lacks ``parts``: '' when all are there."""
        lacking = [PART[p] for p in parts if not self.plan.size(p)]
        if not lacking:
            return ""
        names = ", ".join(p.heading.lower() for p in lacking)
        todo = "; ".join(f"notebook {p.notebook} ({p.heading.lower()})" for p in lacking)
        return f"Your journey has no {names} yet: do {todo} first."


def open_journey(path: str | Path = JOURNEY_FILE) -> OpenedJourney:
    """The learner's journey from ``path``: an empty plan when there is no file yet.

    A file that cannot be read, for whatever reason, is never replaced: the
    message says what is wrong, and ``unreadable`` marks it so that no widget
    will overwrite it. Touchpoint names that no path holds are kept
    (``check()`` reports them).
    """
    path = Path(path)
    empty = JourneyPlan()
    try:
        exists = path.exists()
        opened = read_journey(path, strict=False) if exists else None
    except Exception as error:  # any failure: never overwrite what could not be read
        problem = error if isinstance(error, JourneyFileError) else f"{path}: {error}"
        return OpenedJourney(
            empty,
            f"Could not read your file, so it will not be overwritten: {problem}",
            False,
            path,
            found=True,
        )
    if opened is None:
        return OpenedJourney(empty, f"No {path} yet: start your journey in notebook 01.", True)
    business = opened.plan.business or "your journey"
    message = " ".join([f"Opened {business} from {path}.", *opened.notes])
    return OpenedJourney(opened.plan, message, True, found=True, notes=opened.notes)


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
    """Base of the course widgets: the business name, a part of the plan, findings, Save.

    A subclass names its ``part`` (an attribute of :class:`JourneyPlan`), builds
    its controls in ``_controls()`` from ``self._plan``, and implements ``value``
    (the part as the controls stand), ``findings()`` and ``figure()``; it calls
    ``redraw()`` when a control changes.
    """

    part: str = ""
    css_class: str = "jl-editor"

    def __init__(self, plan: JourneyPlan | None = None, *, path: str | Path = JOURNEY_FILE):
        # the plan as opened (or last saved): the rest of the journey, and what Save
        # compares the file with
        self._plan = plan if plan is not None else JourneyPlan()
        self._unreadable: Path | None = None
        # a click on Save waiting for the browser's last changes (save_when_settled)
        self._save_timer: asyncio.TimerHandle | None = None
        self._save_loop: asyncio.AbstractEventLoop | None = None
        self.business = w.Text(
            value=self._plan.business,
            placeholder="Your business",
            description="Business",
            layout=w.Layout(width="auto", max_width="600px"),
        )
        self.business.add_class("jl-business")
        self.path = w.Text(value=str(path), description="File", layout=WIDE)
        self.save_button = w.Button(description="Save", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save_when_settled())
        self.reload_button = w.Button(description="Reload from the file", icon="refresh")
        self.reload_button.on_click(lambda _: self.reload())
        self.reload_button.layout.display = "none"  # shown when a Save is refused
        self.status = w.HTML()
        self.findings_view = w.HTML()
        self.drawing = w.Output()
        self.findings_view.add_class("jl-findings-view")
        self.drawing.add_class("jl-drawing-output")
        self._watch(self.business)
        super().__init__(self._layout())
        self.add_class(self.css_class)
        self.redraw()

    def _layout(self) -> list[w.Widget]:
        return [
            self.business,
            *self._controls(),
            w.HBox([self.path, self.save_button, self.reload_button], layout=ROW),
            self.status,
            w.HTML("<b>Findings</b>"),
            self.findings_view,
            self.drawing,
        ]

    @classmethod
    def from_file(cls, path: str | Path = JOURNEY_FILE, **options: Any) -> JourneyEditor:
        """Continue the journey saved at ``path``, or start an empty one."""
        opened = open_journey(path)
        editor = cls(opened.plan, path=path, **options)
        editor._unreadable = opened.unreadable
        # no file yet: the notebook that asks first (a widget's findings say which) and Save
        message = opened.message if opened.found else f"No {path} yet: Save creates it."
        editor._say(escape(message), opened.ok)
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

    def _update_views(self) -> None:
        """Refresh the widget's own tables (balance, gaps, report) inside the redraw's guard."""

    def _drawing_unchanged(self) -> bool:
        """True when what the drawing shows is as drawn last time, so it need not be redrawn."""
        return False

    def prerequisites(self) -> tuple[str, ...]:
        """The earlier parts this widget builds on (named when they are missing)."""
        return ()

    def _merged(self, on_disk: JourneyPlan, changed: dict[str, Any]) -> JourneyPlan:
        """The file's plan with this widget's changed parts written in."""
        return on_disk.replace(**changed)

    def _saved(self) -> None:
        """Called once a save has landed: the saved plan is now what this widget opened."""

    # -- shared ----------------------------------------------------------------------

    def edited(self) -> dict[str, Any]:
        """The parts this widget edits, as the controls stand: business and its part."""
        return {"business": self.business.value.strip(), self.part: self.value}

    @property
    def plan(self) -> JourneyPlan:
        """The whole plan: this widget's part as edited, the rest as opened."""
        return self._plan.replace(**self.edited())

    def _all_findings(self) -> Findings:
        """The part's findings, and text that could not be saved, wherever it is."""
        found = list(self.findings())
        for name in self.prerequisites():
            if not self._plan.size(name):
                part = PART[name]
                found.append(
                    Finding(
                        Severity.WARNING,
                        "journey",
                        f"Your journey has no {part.heading.lower()} yet, and this step "
                        "builds on them.",
                        f"Do notebook {part.notebook} first: {part.todo}. The example above "
                        "shows the sample business meanwhile.",
                        "missing_part",
                    )
                )
        plan = self.plan
        where = unwritable_field({name: plan.part_data(name) for name in self.edited()})
        if where is not None:
            found.append(
                Finding(
                    Severity.ERROR,
                    where,
                    "This text holds a broken character that cannot be saved.",
                    "Retype it (a copy and paste may have split an emoji in half).",
                    "unwritable_text",
                )
            )
        return Findings(found)

    def redraw(self) -> None:
        """Show the findings and the drawing for the part as it stands.

        Anything the model refuses, in building the part or in drawing it, is
        said in the findings' place: a change handler never raises.
        """
        with _drawing_garbage_freed_young():
            try:
                findings = self._all_findings()._repr_html_()
                self._update_views()
                unchanged = self._drawing_unchanged()
            except Exception as error:  # shown, not raised, in a handler
                self.findings_view.value = status_html(
                    f"Could not use that entry: {escape(str(error))}", ok=False
                )
                return
            if unchanged:
                self.findings_view.value = findings
                return
            try:
                figure = self.figure()
                html = figure._repr_html_()
                del figure
            except Exception as error:  # the findings say why; the old drawing stays
                self.findings_view.value = findings + status_html(
                    f"Could not draw this: {escape(str(error))}", ok=False
                )
                return
            self.findings_view.value = findings
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
        """Save what this widget changed into the file named in the File box.

        The file is read again first: this widget's changes are merged into it
        as it is now, so that what other notebooks saved is kept. If another
        notebook (or a hand edit) changed the same part since this widget opened
        it, nothing is saved and the message says what changed.
        """
        path = Path(self.path.value.strip() or JOURNEY_FILE)
        if self._unreadable is not None and path.resolve() == self._unreadable.resolve():
            return self._refuse(
                f"{escape(str(path))} could not be read when this opened; fix that file "
                "or choose another name so that nothing in it is lost."
            )
        try:
            edited = self.edited()
            mine = self.plan
        except Exception as error:  # an entry the model refuses
            return self._refuse(f"Not saved: {escape(str(error))}")
        opened = open_journey(path)
        if not opened.ok:
            return self._refuse(f"Not saved: {escape(opened.message)}")
        on_disk = opened.plan
        write, clash = merge_parts(self._plan, mine, on_disk, edited)
        if clash:
            self.reload_button.layout.display = None
            what = "; ".join(describe_change(name, self._plan, on_disk) for name in clash)
            return self._refuse(
                f"Not saved: since this notebook opened {escape(str(path))}, another notebook "
                f"or an edit by hand changed the same part: {escape(what)}. Reload from the "
                "file to continue from its version (your changes here are dropped), or copy "
                "them somewhere first."
            )
        merged = self._merged(on_disk, {name: edited[name] for name in write})
        try:
            save_journey(merged, path)  # refuses unwritable text before writing anything
        except (OSError, JourneyFileError) as error:
            return self._refuse(f"Could not save: {escape(str(error))}")
        self._plan, self._unreadable = merged, None
        self._saved()
        self.reload_button.layout.display = "none"
        kept = previous_path(path)
        if not write:
            self._say(f"Nothing new to save: {escape(str(path))} already holds this.")
        else:
            self._say(
                f"Saved your {escape(_names(write))} to {escape(str(path))}"
                + (f" (the version before is in {escape(kept.name)})." if kept.exists() else ".")
            )
        self.redraw()  # the other parts may have changed on disk
        return path

    def save_when_settled(self) -> None:
        """Save (the Save button) once the browser has sent every change made before the click.

        The browser sends a click at once but holds back a control's later changes
        while the kernel is busy with its earlier ones, so a quick click would save
        the last keystrokes' older values and say "Saved". In a kernel, the save
        waits until no control has changed for ``SETTLE_SECONDS``; each change
        restarts the wait. With no event loop (a script, a test) there is no
        browser to wait for, and it saves at once.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.save()
            return
        self._say("Saving…")
        self._save_loop = loop
        self._restart_save_timer()

    def _restart_save_timer(self) -> None:
        if self._save_timer is not None:
            self._save_timer.cancel()
        self._save_timer = self._save_loop.call_later(SETTLE_SECONDS, self._save_now)

    def _save_now(self) -> None:
        self._save_timer = None
        try:
            self.save()
        except Exception as error:  # a timer's exception would only reach the kernel's log
            self._refuse(f"Could not save: {escape(str(error))}")

    def reload(self) -> None:
        """Start again from the file as it is now: this widget's unsaved changes are dropped."""
        path = Path(self.path.value.strip() or JOURNEY_FILE)
        opened = open_journey(path)
        self._plan, self._unreadable = opened.plan, opened.unreadable
        self.business.value = self._plan.business
        self.children = self._layout()
        self.reload_button.layout.display = "none"
        self.redraw()
        self._say(escape(opened.message), opened.ok)

    def _refuse(self, message_html: str) -> None:
        self._say(message_html, ok=False)
        return None

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
        if self._save_timer is not None:  # a change that arrived after the click on Save
            self._restart_save_timer()


def _names(parts: list[str]) -> str:
    names = ["business name" if p == "business" else PART[p].heading for p in parts]
    return " and ".join(names)
