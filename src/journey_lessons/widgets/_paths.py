"""The path paver: the touchpoints between two milestones, edited one path at a time."""

from __future__ import annotations

import dataclasses
from html import escape
from pathlib import Path as FilePath

import ipywidgets as w

from .. import draw
from .._fields import moved, name_key
from ..draw import Drawing
from ..findings import Findings
from ..journey import JourneyPlan
from ..lifecycle import LifecycleStep
from ..milestones import MilestoneMap, Stage
from ..paths import FIRST_CONTACT, EmotionScale, Evidence, Path, PathSet, Touchpoint
from ._base import (
    FIT,
    JOURNEY_FILE,
    ROW,
    WIDE,
    JourneyEditor,
    on_row_buttons,
    order_buttons,
    show_rows,
)

#: The longest wait a touchpoint can name, in days (ten years).
MAX_WAIT_DAYS = 3650

_LABEL = {"description_width": "70px"}
_SIDE_WORDS = {Stage.BEFORE: "before the purchase", Stage.AFTER: "after the purchase"}


def path_side(milestone_map: MilestoneMap, start: str, end: str) -> Stage | None:
    """Which side of the core purchase a path lies on (see MilestoneMap.side_of_path)."""
    return milestone_map.side_of_path(start, end)


def step_options(side: Stage | None) -> list[tuple[str, LifecycleStep]]:
    """The nine steps for a Dropdown: those that belong on ``side`` first, the rest marked."""
    steps = list(LifecycleStep)
    if side is None:
        return [(f"{s.number}. {s.label}", s) for s in steps]
    own = [(f"{s.number}. {s.label}", s) for s in steps if s.side is side]
    other = [
        (f"{s.number}. {s.label} (usually {_SIDE_WORDS[s.side]})", s)
        for s in steps
        if s.side is not side
    ]
    return own + other


class TouchpointRow(w.VBox):
    """One touchpoint: what it is, which step it serves, and the specifics that make it real.

    ``origin`` is the name it had when opened (None for a new one), so that a
    rename can follow it into the rest of the plan.
    """

    def __init__(
        self,
        touchpoint: Touchpoint | None = None,
        *,
        side: Stage | None = None,
        scale: EmotionScale | None = None,
    ) -> None:
        scale = scale or EmotionScale()
        options = step_options(side)
        self.origin = touchpoint.name if touchpoint is not None else None
        touchpoint = touchpoint or Touchpoint("", options[0][1], emotion=int(scale.neutral // 1))

        def text(value: str, description: str, placeholder: str) -> w.Text:
            return w.Text(
                value=value,
                description=description,
                placeholder=placeholder,
                layout=WIDE,
                style=_LABEL,
            )

        self.name = text(touchpoint.name, "Name", "What the customer meets")
        self.step = w.Dropdown(
            options=options,
            value=touchpoint.step,
            description="Step",
            layout=w.Layout(width="auto", flex="1 1 300px", min_width="260px"),
            style=_LABEL,
        )
        self.channel = text(touchpoint.channel, "Channel", "e.g. email, Instagram reel, SMS")
        self.trigger = text(touchpoint.trigger, "Trigger", "e.g. trial day 3, plan downloaded")
        self.owner = text(touchpoint.owner, "Owner", "e.g. the studio manager")
        self.measure = text(
            touchpoint.measure, "Measured by", "e.g. share who book a class within 2 days"
        )
        self.content = w.Textarea(
            value=touchpoint.content,
            description="Content",
            placeholder="The message, the offer or the action, in one line",
            rows=2,
            layout=w.Layout(width="auto", flex="1 1 440px", min_width="220px"),
            style=_LABEL,
        )
        wait = touchpoint.wait_days
        self.wait = w.BoundedFloatText(
            value=min(float(wait or 0), MAX_WAIT_DAYS),
            min=0,
            max=MAX_WAIT_DAYS,
            step=1,
            description="Wait (days)",
            layout=w.Layout(width="190px"),
            style={"description_width": "80px"},
        )
        self.no_wait = w.Checkbox(
            value=wait is None,
            description="no fixed wait",
            indent=False,
            layout=FIT,
        )
        low, high = scale.low, scale.high
        self.emotion = w.IntSlider(
            value=min(max(touchpoint.emotion, low), high),
            min=low,
            max=high,
            description="Emotion",
            layout=w.Layout(width="auto", flex="1 1 260px", min_width="220px"),
            style=_LABEL,
        )
        self.evidence = w.Dropdown(
            options=[(e.value, e) for e in Evidence],
            value=touchpoint.evidence,
            description="Evidence",
            layout=w.Layout(width="190px"),
            style=_LABEL,
        )
        self.up, self.down, self.remove = order_buttons("touchpoint")
        # typing a wait means there is one: the box unticks "no fixed wait"
        self.wait.observe(self._on_wait, names="value")
        super().__init__(
            [
                w.HBox([self.name, self.step, self.up, self.down, self.remove], layout=ROW),
                w.HBox([self.channel, self.trigger], layout=ROW),
                w.HBox([self.owner, self.measure], layout=ROW),
                w.HBox([self.content], layout=ROW),
                w.HBox([self.wait, self.no_wait, self.emotion, self.evidence], layout=ROW),
            ],
            layout=w.Layout(border="1px solid #d1d5db", padding="4px", margin="0 0 6px 0"),
        )
        self.add_class("jl-touchpoint-row")
        for part in (
            "name", "step", "channel", "trigger", "owner", "measure", "content", "wait",
            "no_wait", "emotion", "evidence",
        ):  # fmt: skip
            getattr(self, part).add_class(f"jl-{part.replace('_', '-')}")

    @property
    def controls(self) -> tuple[w.ValueWidget, ...]:
        """The controls whose change alters the touchpoint."""
        return (
            self.name, self.step, self.channel, self.trigger, self.owner, self.measure,
            self.content, self.wait, self.no_wait, self.emotion, self.evidence,
        )  # fmt: skip

    def _on_wait(self, change: dict) -> None:
        self.no_wait.value = False

    def touchpoint(self) -> Touchpoint:
        days = self.wait.value
        wait = None if self.no_wait.value else (int(days) if float(days).is_integer() else days)
        return Touchpoint(
            name=self.name.value,
            step=self.step.value,
            channel=self.channel.value,
            trigger=self.trigger.value,
            owner=self.owner.value,
            content=self.content.value,
            wait_days=wait,
            measure=self.measure.value,
            emotion=self.emotion.value,
            evidence=self.evidence.value,
        )


@dataclasses.dataclass
class _Slot:
    """A path the learner can pick: a pair of milestones, and the path there (if any)."""

    start: str
    end: str
    index: int | None  # the path's place in the plan's PathSet; None: not there yet
    fits: bool = True

    @property
    def label(self) -> str:
        label = Path(self.start, self.end).label
        return label if self.fits else f"{label} (not a pair of consecutive milestones)"


class PathEditor(JourneyEditor):
    """Pave the paths between milestones: pick a path, add touchpoints, make each specific.

    The Path dropdown lists every pair of consecutive milestones on the map, from
    the first contact on, then any path of the file that fits no pair. ``paver.paths``
    is the PathSet as it stands. Renaming a touchpoint renames it wherever the
    plan names it (MoSCoW board, use cases, canvas); removing one leaves those
    references dangling, and the findings say so. A path that fits no pair (a
    milestone it joins was renamed or removed) is listed under the picker with its
    fixes: remove it, or move its touchpoints to the pair it obviously belongs to.
    """

    part = "paths"
    css_class = "jl-path-paver"

    def prerequisites(self) -> tuple[str, ...]:
        return ("milestones",)

    def __init__(
        self,
        plan: JourneyPlan | None = None,
        *,
        path: str | FilePath = JOURNEY_FILE,
    ) -> None:
        super().__init__(plan, path=path)

    def _controls(self) -> list[w.Widget]:
        plan = self._plan
        self._stored = plan.paths.paths
        self._slots = self._make_slots(plan.milestones, plan.paths)
        self._rows: dict[int, list[TouchpointRow]] = {}
        self.path_picker = w.Dropdown(
            options=[(s.label, i) for i, s in enumerate(self._slots)],
            value=0 if self._slots else None,
            description="Path",
            layout=w.Layout(width="auto", max_width="720px"),
            style={"description_width": "40px"},
        )
        self.path_picker.add_class("jl-path-picker")
        self.side_note = w.HTML()
        self.rows = w.VBox()
        self.rows.add_class("jl-touchpoint-rows")
        self.add_button = w.Button(description="+ touchpoint", layout=FIT)
        self.add_button.add_class("jl-add-touchpoint")
        self.add_button.on_click(lambda _: self.add_touchpoint())
        self._deleted: set[int] = set()  # slots whose path was deleted here
        self._moved_to: dict[int, int] = {}  # stale slot -> the slot its touchpoints went to
        self.delete_button = w.Button(
            description="Delete this path", icon="trash", tooltip="Remove the path shown"
        )
        self.delete_button.add_class("jl-delete-path")
        self.delete_button.on_click(lambda _: self.delete_path())
        self.fixes = w.VBox()
        self.fixes.add_class("jl-path-fixes")
        self.path_picker.observe(lambda _: self._show_slot(), names="value")
        self._show_slot()
        self._show_fixes()
        return [
            w.HBox([self.path_picker, self.delete_button], layout=ROW),
            self.fixes,
            self.side_note,
            self.rows,
            self.add_button,
        ]

    @staticmethod
    def _make_slots(milestone_map: MilestoneMap, paths: PathSet) -> list[_Slot]:
        slots = []
        for segment in paths.segments(milestone_map):
            slots.append(_Slot(segment.start, segment.end, segment.index, segment.fits))
        first = milestone_map.milestones[0].name if milestone_map.milestones else None
        if first is not None and not any(
            not s.start.strip() and name_key(s.end) == name_key(first) for s in slots
        ):
            # always offered: the path from the first contact to the first milestone
            slots.insert(0, _Slot("", first, None))
        return slots

    # -- which path is shown -------------------------------------------------------

    @property
    def slot(self) -> _Slot | None:
        """The pair of milestones picked in the Path dropdown."""
        index = self.path_picker.value
        return None if index is None else self._slots[index]

    def side(self, slot: _Slot | None = None) -> Stage | None:
        slot = slot or self.slot
        if slot is None:
            return None
        return path_side(self._plan.milestones, slot.start, slot.end)

    def _rows_of(self, index: int) -> list[TouchpointRow]:
        """The touchpoint rows of slot ``index``, built from the file the first time."""
        if index not in self._rows:
            slot = self._slots[index]
            stored = self._stored[slot.index].touchpoints if slot.index is not None else ()
            self._rows[index] = []
            for touchpoint in stored:
                self._make_row(index, touchpoint)
        return self._rows[index]

    def _show_slot(self) -> None:
        index = self.path_picker.value
        if index is None:
            self.rows.children = ()
            self.side_note.value = (
                "<i>No milestones yet: map them in notebook 01 first, then pave the paths.</i>"
            )
            self.add_button.disabled = True
            return
        show_rows(self.rows, self._rows_of(index))
        self.side_note.value = self._side_html(self._slots[index])

    def _side_html(self, slot: _Slot) -> str:
        side = self.side(slot)
        start = escape(slot.start.strip() or FIRST_CONTACT)
        end = escape(slot.end.strip() or "(no end yet)")
        if side is Stage.BEFORE:
            where = "leads up to the purchase: steps 1 to 3 (acquire, nurture, convert) fit here"
        elif side is Stage.AFTER:
            where = "follows the purchase: steps 4 to 9 fit here"
        else:
            where = "is not placed against the core purchase yet"
        return (
            f'<span class="jl-side-note">From <b>{start}</b> to <b>{end}</b>: this path '
            f"{escape(where)}.</span>"
        )

    # -- the paths that fit no pair, and their fixes -----------------------------------

    def _target_of(self, index: int) -> int | None:
        """The free slot a stale path's touchpoints obviously belong in, or None."""
        slot = self._slots[index]
        if slot.index is None:
            return None
        pair = self._plan.paths.obvious_pair(slot.index, self._plan.milestones)
        if pair is None:
            return None
        key = (name_key(pair[0]), name_key(pair[1]))
        return next(
            (
                i
                for i, s in enumerate(self._slots)
                if s.index is None
                and (name_key(s.start), name_key(s.end)) == key
                and not self._rows.get(i)  # the learner has not started that path here
            ),
            None,
        )

    def _show_fixes(self) -> None:
        """A line for each path that fits no pair: why, and a button for each fix."""
        stale = set(self._plan.paths.stale(self._plan.milestones))
        lines = []
        for index, slot in enumerate(self._slots):
            if slot.fits or index in self._deleted:
                continue
            label = escape(Path(slot.start, slot.end).label)
            why = (
                "joins a milestone your map no longer has"
                if slot.index in stale
                else "is not a pair of consecutive milestones"
            )
            note = w.HTML(f"<b>{label}</b> {why}.", layout=w.Layout(flex="1 1 260px"))
            remove = w.Button(
                description="Remove this path",
                icon="trash",
                tooltip="Delete this path with its touchpoints",
                layout=FIT,
            )
            remove.add_class("jl-remove-path")
            remove.on_click(lambda _, i=index: self.delete_path(i))
            buttons: list[w.Widget] = [remove]
            target = self._target_of(index)
            if target is not None:
                attach = w.Button(
                    description=f"Move its touchpoints to {self._slots[target].label}",
                    tooltip="The path your map has in its place, with no touchpoints yet",
                    layout=FIT,
                )
                attach.add_class("jl-reattach-path")
                attach.on_click(lambda _, i=index: self.reattach_path(i))
                buttons.insert(0, attach)
            line = w.HBox([note, *buttons], layout=ROW)
            line.add_class("jl-path-fix")
            line.index = index  # which slot this line fixes (for tests and reattach)
            lines.append(line)
        self.fixes.children = tuple(lines)

    def reattach_path(self, index: int) -> bool:
        """Move a stale path's touchpoints to the pair its map obviously has in its place.

        Returns False (and says why) when there is no obvious pair.
        """
        target = self._target_of(index)
        if target is None:
            self._say("There is no obvious pair of milestones for this path.", ok=False)
            return False
        rows = self._rows_of(index)
        self._rows[index] = []
        self._rows[target] = rows
        self._deleted.add(index)
        self._deleted.discard(target)
        self._moved_to[index] = target
        self._drop_option(index, show=target)
        before, now = (
            Path(s.start, s.end).label for s in (self._slots[index], self._slots[target])
        )
        self._say(f"Moved {len(rows)} touchpoint(s) from {escape(before)} to {escape(now)}.")
        return True

    def _drop_option(self, index: int, show: int | None = None) -> None:
        """Take slot ``index`` from the Path dropdown; show slot ``show`` (or the first)."""
        options = [o for o in self.path_picker.options if o[1] != index]
        self.path_picker.options = options
        if show is None and options:
            show = options[0][1]
        self.path_picker.value = show
        self._show_slot()
        self._show_fixes()
        self.redraw()

    # -- editing -------------------------------------------------------------------

    def _make_row(self, index: int, touchpoint: Touchpoint | None = None) -> TouchpointRow:
        row = TouchpointRow(
            touchpoint, side=self.side(self._slots[index]), scale=self._plan.paths.scale
        )
        self._rows[index].append(row)
        self._watch(*row.controls)
        on_row_buttons(row, self.move_touchpoint, self.remove_touchpoint)
        return row

    def add_touchpoint(self, touchpoint: Touchpoint | None = None) -> TouchpointRow | None:
        """Add a touchpoint at the end of the path shown; returns its row."""
        index = self.path_picker.value
        if index is None:
            return None
        self._deleted.discard(index)
        row = self._make_row(index, touchpoint)
        show_rows(self.rows, self._rows[index])
        self._show_fixes()  # a pair started here is no longer free for a stale path
        self.redraw()
        return row

    def remove_touchpoint(self, row: TouchpointRow) -> None:
        for rows in self._rows.values():
            if row in rows:
                rows.remove(row)
        self._show_slot()
        self._show_fixes()
        self.redraw()

    def move_touchpoint(self, row: TouchpointRow, by: int) -> None:
        """Move a touchpoint ``by`` places on its path (negative: earlier; see Path.move)."""
        for index, rows in self._rows.items():
            if row in rows:
                self._rows[index] = list(moved(rows, rows.index(row), by))
        self._show_slot()
        self.redraw()

    def move_up(self, row: TouchpointRow) -> None:
        """Move a touchpoint one place earlier on its path."""
        self.move_touchpoint(row, -1)

    # -- the model -----------------------------------------------------------------

    def _path(self, index: int) -> Path:
        slot = self._slots[index]
        if index in self._rows:
            return Path(slot.start, slot.end, tuple(r.touchpoint() for r in self._rows[index]))
        return self._stored[slot.index] if slot.index is not None else Path(slot.start, slot.end)

    @property
    def value(self) -> PathSet:
        """The paths as the controls stand: the file's paths in its order, then new ones.

        A path whose touchpoints were all removed here, or that was deleted, is
        left out: an empty path says nothing and would only keep its findings.
        """
        by_stored = {s.index: i for i, s in enumerate(self._slots) if s.index is not None}
        paths, listed = [], set()
        for stored in range(len(self._stored)):
            # a stale path's touchpoints moved to their pair keep the stale path's place
            index = self._moved_to.get(by_stored[stored], by_stored[stored])
            if index in self._deleted or (index in self._rows and not self._rows[index]):
                continue
            paths.append(self._path(index))
            listed.add(index)
        paths += [
            self._path(i)
            for i, s in enumerate(self._slots)
            if s.index is None and self._rows.get(i) and i not in self._deleted | listed
        ]
        return PathSet(tuple(paths), self._plan.paths.scale)

    def delete_path(self, index: int | None = None) -> None:
        """Delete a path (the one shown by default) with its touchpoints.

        A path that fits no pair of milestones goes from the Path list too; the
        pair of a path that fits stays there, to start it again.
        """
        index = self.path_picker.value if index is None else index
        if index is None:
            return
        self._deleted.add(index)
        self._rows[index] = []
        if not self._slots[index].fits:
            shown = self.path_picker.value
            self._drop_option(index, show=None if shown == index else shown)
            return
        self._show_slot()
        self.redraw()

    paths = value

    def renames(self) -> list[tuple[str, str]]:
        """Touchpoints renamed here: (name when opened, name now)."""
        return [
            (row.origin, row.name.value)
            for rows in self._rows.values()
            for row in rows
            if row.origin is not None
            and row.name.value.strip()
            and name_key(row.origin) != name_key(row.name.value)
        ]

    @property
    def plan(self) -> JourneyPlan:
        """The whole plan: the paths as edited, renamed touchpoints followed everywhere."""
        return self._plan.rename_touchpoints(self.renames()).replace(**self.edited())

    def _merged(self, on_disk: JourneyPlan, changed: dict) -> JourneyPlan:
        # a rename follows the touchpoint into the other parts as they are in the file now
        return on_disk.rename_touchpoints(self.renames()).replace(**changed)

    def _saved(self) -> None:
        # the renames are in the file now: later renames start from these names
        for rows in self._rows.values():
            for row in rows:
                if row.name.value.strip():
                    row.origin = row.name.value

    def findings(self) -> Findings:
        """The paths' own findings, and any reference to a touchpoint no path holds."""
        plan = self.plan
        references = [f for f in plan.check() if f.code == "unknown_touchpoint"]
        return Findings([*plan.paths.check(plan.milestones), *references])

    def figure(self) -> Drawing:
        milestones = self._plan.milestones.with_title(self.business.value.strip())
        return draw.paths(milestones, self.value)


#: The name of the first version of the course.
PathPaver = PathEditor
