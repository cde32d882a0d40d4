"""The use case editor: one use case at a time, fully dressed, with the diagram of all of them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import ipywidgets as w

from .. import draw
from ..draw import Drawing
from ..findings import Findings
from ..journey import JourneyPlan
from ..nfr import JourneyStage
from ..usecases import Extension, Level, Step, UseCase, UseCaseSet
from ._base import (
    FIT,
    JOURNEY_FILE,
    ROW,
    WIDE,
    JourneyEditor,
    full_line,
    on_row_buttons,
    order_buttons,
    show_rows,
)

_NO_TOUCHPOINT = "(none)"


def _label(width: str) -> dict[str, str]:
    return {"description_width": width}


def handling_text(steps: tuple[Step, ...]) -> str:
    """An extension's handling steps as text, one "Actor: what they do" a line."""
    return "\n".join(f"{s.actor}: {s.text}" if s.actor.strip() else s.text for s in steps)


def parse_handling(text: str) -> tuple[Step, ...]:
    """Steps from text, one a line: "Actor: what they do"; a line with no colon has no actor."""
    steps = []
    for line in text.splitlines():
        if not line.strip():
            continue
        actor, colon, rest = line.partition(":")
        steps.append(Step(rest.strip(), actor.strip()) if colon else Step(line.strip(), ""))
    return tuple(steps)


class StepRow(w.HBox):
    """One step of the main success scenario: its number, who acts, what they do, upsell?"""

    def __init__(self, number: int, step: Step, upsell: bool = False) -> None:
        self.number = w.HTML(f"<b>{number}.</b>", layout=w.Layout(width="28px"))
        self.actor = w.Text(
            value=step.actor,
            placeholder="Who acts",
            layout=w.Layout(width="170px"),
        )
        self.text = w.Text(
            value=step.text, placeholder="does what, in a short sentence", layout=WIDE
        )
        self.upsell = w.Checkbox(
            value=upsell, description="upsell fits here", indent=False, layout=FIT
        )
        self.up, self.down, self.remove = order_buttons("step")
        super().__init__(
            [self.number, self.actor, self.text, self.upsell, self.up, self.down, self.remove],
            layout=ROW,
        )
        self.add_class("jl-step-row")
        for part in ("actor", "text", "upsell", "remove"):
            getattr(self, part).add_class(f"jl-step-{part}")

    def show(self, number: int, step: Step, upsell: bool = False) -> None:
        """Show another step in this row (rows are reused when another use case is picked)."""
        self.number.value = f"<b>{number}.</b>"
        self.actor.value, self.text.value, self.upsell.value = step.actor, step.text, upsell

    def step(self) -> Step:
        return Step(self.text.value, self.actor.value)


class ExtensionRow(w.VBox):
    """One extension: the step it hangs on ("3a"), the condition, and the handling steps."""

    def __init__(self, extension: Extension) -> None:
        self.step = w.Text(
            value=extension.step,
            placeholder="3a",
            description="At",
            layout=w.Layout(width="110px"),
            style=_label("25px"),
        )
        self.condition = w.Text(
            value=extension.condition,
            placeholder="What happens instead, e.g. the card is declined",
            description="When",
            layout=WIDE,
            style=_label("45px"),
        )
        self.up, self.down, self.remove = order_buttons("extension")
        self.handling = w.Textarea(
            value=handling_text(extension.handling),
            placeholder="One step a line, 'Who: does what', e.g.\n"
            "App: keeps the offer open for 48 hours\nMember: pays with another card",
            description="Then",
            rows=max(2, len(extension.handling)),
            layout=w.Layout(width="auto", flex="1 1 auto"),
            style=_label("45px"),
        )
        super().__init__(
            [
                w.HBox([self.step, self.condition, self.up, self.down, self.remove], layout=ROW),
                self.handling,
            ],
            layout=w.Layout(border="1px solid #e5e7eb", padding="2px", margin="2px 0"),
        )
        self.add_class("jl-extension-row")
        for part in ("step", "condition", "handling", "remove"):
            getattr(self, part).add_class(f"jl-extension-{part}")

    def show(self, extension: Extension) -> None:
        """Show another extension in this row (rows are reused)."""
        self.step.value, self.condition.value = extension.step, extension.condition
        self.handling.value = handling_text(extension.handling)
        self.handling.rows = max(2, len(extension.handling))

    def extension(self) -> Extension:
        return Extension(self.step.value, self.condition.value, parse_handling(self.handling.value))


class UseCaseEditor(JourneyEditor):
    """Write use cases in the fully dressed form: goal, actor, stage, flow, extensions.

    Pick a use case in the list (or add one) and edit it: its title (a goal, as an
    active verb phrase), primary actor, journey stage, level, trigger, the steps
    of the main success scenario, the extensions, the guarantees, and the steps
    where an upsell fits. ``editor.use_cases`` is the set as it stands; the
    findings, the use case card and the diagram update as the learner types.
    """

    part = "use_cases"
    css_class = "jl-usecase-editor"

    def prerequisites(self) -> tuple[str, ...]:
        return ("milestones",)

    def __init__(
        self,
        plan: JourneyPlan | UseCaseSet | None = None,
        *,
        path: str | Path = JOURNEY_FILE,
    ) -> None:
        if isinstance(plan, UseCaseSet):
            plan = JourneyPlan(use_cases=plan)
        self._loading = False
        super().__init__(plan, path=path)

    # -- building ----------------------------------------------------------------

    def _controls(self) -> list[w.Widget]:
        cases = self._plan.use_cases.use_cases
        self._cases: list[UseCase] = list(cases)
        self._index = 0
        self.picker = w.Dropdown(description="Use case", layout=WIDE, style=_label("70px"))
        self.add_button = w.Button(description="+ new use case", layout=FIT)
        self.remove_button = w.Button(description="✕ remove this use case", layout=FIT)
        self.up_button, self.down_button, _ = order_buttons("use case")
        self.add_button.on_click(lambda _: self.add_use_case())
        self.remove_button.on_click(lambda _: self.remove_use_case())
        self.up_button.on_click(lambda _: self.move_use_case(-1))
        self.down_button.on_click(lambda _: self.move_use_case(1))
        self.picker.observe(self._on_pick, names="value")

        self.title = w.Text(
            placeholder="The actor's goal, starting with a verb: 'Book a coaching session'",
            description="Goal",
            layout=full_line(),
            style=_label("95px"),
        )
        self.actor = w.Text(
            placeholder="Who has this goal: 'Member'",
            description="Primary actor",
            layout=full_line(),
            style=_label("95px"),
        )
        self.stage = w.Dropdown(
            options=[(s.label, s) for s in JourneyStage],
            description="Stage",
            layout=w.Layout(width="220px"),
            style=_label("50px"),
        )
        self.level = w.Dropdown(
            options=[(lv.label, lv) for lv in Level],
            description="Level",
            layout=w.Layout(width="260px"),
            style=_label("45px"),
        )
        self.trigger = w.Text(
            placeholder="What starts it: 'The member clicks the offer in the email'",
            description="Trigger",
            layout=full_line(),
            style=_label("95px"),
        )
        self.touchpoint = w.Dropdown(
            description="Touchpoint", layout=full_line(), style=_label("95px")
        )
        self.steps = w.VBox()
        self._step_rows: list[StepRow] = []
        self._extension_rows: list[ExtensionRow] = []
        self.add_step_button = w.Button(description="+ step", layout=FIT)
        self.add_step_button.on_click(lambda _: self.add_step())
        self.extensions = w.VBox()
        self.add_extension_button = w.Button(description="+ extension", layout=FIT)
        self.add_extension_button.on_click(lambda _: self.add_extension())
        self.success = w.Text(
            placeholder="What is true when the goal is reached",
            description="Success",
            layout=full_line(),
            style=_label("95px"),
        )
        self.minimal = w.Text(
            placeholder="The least that still holds if it fails",
            description="Minimal",
            layout=full_line(),
            style=_label("95px"),
        )
        self.card = w.HTML()
        for control, name in (
            (self.picker, "picker"),
            (self.add_button, "add"),
            (self.remove_button, "remove"),
            (self.up_button, "move-up"),
            (self.down_button, "move-down"),
            (self.title, "title"),
            (self.actor, "actor"),
            (self.stage, "stage"),
            (self.level, "level"),
            (self.trigger, "trigger"),
            (self.touchpoint, "touchpoint"),
            (self.steps, "steps"),
            (self.add_step_button, "add-step"),
            (self.extensions, "extensions"),
            (self.add_extension_button, "add-extension"),
            (self.success, "success"),
            (self.minimal, "minimal"),
            (self.card, "card"),
        ):
            control.add_class(f"jl-{name}")
        self._watch(
            self.title,
            self.actor,
            self.stage,
            self.level,
            self.trigger,
            self.touchpoint,
            self.success,
            self.minimal,
        )
        self.title.observe(lambda _: self._refresh_picker(), names="value")
        self.form = w.VBox(
            [
                self.title,
                self.actor,
                w.HBox([self.stage, self.level], layout=ROW),
                self.trigger,
                self.touchpoint,
                w.HTML("<b>Main success scenario</b> (the plain path where all goes well)"),
                self.steps,
                self.add_step_button,
                w.HTML("<b>Extensions</b> (what may happen instead, at a step)"),
                self.extensions,
                self.add_extension_button,
                w.HTML("<b>Guarantees</b>"),
                self.success,
                self.minimal,
            ]
        )
        self._show(0)
        return [
            w.HBox(
                [
                    self.picker,
                    self.up_button,
                    self.down_button,
                    self.add_button,
                    self.remove_button,
                ],
                layout=ROW,
            ),
            self.form,
            self.card,
        ]

    def _show(self, index: int) -> None:
        """Fill the form with the use case at ``index`` (an empty form when there is none)."""
        self._loading = True
        try:
            self._index = index
            self._refresh_picker()
            has = bool(self._cases)
            for control in (self.remove_button, self.add_step_button, self.add_extension_button):
                control.disabled = not has
            self.up_button.disabled = index <= 0
            self.down_button.disabled = index >= len(self._cases) - 1
            use_case = self._cases[index] if has else UseCase("", "", JourneyStage.PURCHASE)
            self.title.value = use_case.title
            self.actor.value = use_case.primary_actor
            self.stage.value = use_case.stage
            self.level.value = use_case.level
            self.trigger.value = use_case.trigger
            names = [n for n in dict.fromkeys(self._plan.touchpoint_names()) if n.strip()]
            if use_case.touchpoint.strip() and use_case.touchpoint not in names:
                names.append(use_case.touchpoint)  # kept: its finding says what is wrong
            self.touchpoint.options = [(_NO_TOUCHPOINT, ""), *((n, n) for n in names)]
            self.touchpoint.value = use_case.touchpoint if use_case.touchpoint.strip() else ""
            self.success.value = use_case.success_guarantee
            self.minimal.value = use_case.minimal_guarantee
            self._fill_flows(use_case)
            self.form.layout.display = None if has else "none"
        finally:
            self._loading = False

    def _fill_flows(self, use_case: UseCase) -> None:
        """Show the steps and extensions, reusing the rows already built (quicker to switch)."""
        for number, step in use_case.numbered():
            if number > len(self._step_rows):
                row = StepRow(number, step)
                self._watch(row.actor, row.text, row.upsell)
                on_row_buttons(row, self._move_row_step, self._remove_row_step)
                self._step_rows.append(row)
            self._step_rows[number - 1].show(number, step, number in use_case.upsell_steps)
        show_rows(self.steps, self._step_rows[: len(use_case.main_scenario)])
        for index, extension in enumerate(use_case.extensions):
            if index >= len(self._extension_rows):
                row = ExtensionRow(extension)
                self._watch(row.step, row.condition, row.handling)
                on_row_buttons(row, self._move_row_extension, self._remove_row_extension)
                self._extension_rows.append(row)
            self._extension_rows[index].show(extension)
        show_rows(self.extensions, self._extension_rows[: len(use_case.extensions)])

    def _remove_row_step(self, row: StepRow) -> None:
        self.remove_step(self.steps.children.index(row) + 1)

    def _move_row_step(self, row: StepRow, by: int) -> None:
        self.move_step(self.steps.children.index(row) + 1, by)

    def _remove_row_extension(self, row: ExtensionRow) -> None:
        self.remove_extension(self.extensions.children.index(row))

    def _move_row_extension(self, row: ExtensionRow, by: int) -> None:
        self.move_extension(self.extensions.children.index(row), by)

    def _refresh_picker(self) -> None:
        """The list of use cases, named by their titles as they stand."""
        if not self._cases:
            options = [("(no use cases yet: add one)", -1)]
        else:
            options = [
                (f"{i + 1}. {u.title.strip() or '(no title yet)'}", i)
                for i, u in enumerate(self._cases)
            ]
            if not self._loading and 0 <= self._index < len(self._cases):
                title = self.title.value.strip() or "(no title yet)"
                options[self._index] = (f"{self._index + 1}. {title}", self._index)
        was = self._loading
        self._loading = True
        try:
            self.picker.options = options
            self.picker.value = self._index if self._cases else -1
        finally:
            self._loading = was

    def _on_pick(self, change: dict) -> None:
        if self._loading or change["new"] is None or change["new"] < 0:
            return
        self._store()
        self._show(change["new"])
        self.redraw()

    # -- the model ---------------------------------------------------------------

    def current(self) -> UseCase | None:
        """The use case in the form, as the controls stand; None when there is none."""
        if not self._cases:
            return None
        upsells = tuple(n for n, row in enumerate(self.steps.children, start=1) if row.upsell.value)
        return dataclasses.replace(
            self._cases[self._index],
            title=self.title.value,
            primary_actor=self.actor.value,
            stage=self.stage.value,
            level=self.level.value,
            trigger=self.trigger.value,
            touchpoint=self.touchpoint.value,
            main_scenario=tuple(row.step() for row in self.steps.children),
            extensions=tuple(row.extension() for row in self.extensions.children),
            success_guarantee=self.success.value,
            minimal_guarantee=self.minimal.value,
            upsell_steps=upsells,
        )

    @property
    def value(self) -> UseCaseSet:
        """The use cases as the controls stand now."""
        s = UseCaseSet(tuple(self._cases), self.business.value.strip())
        current = self.current()
        return s if current is None else s.replace(self._index, current)

    use_cases = value

    def findings(self) -> Findings:
        names = self._plan.touchpoint_names()
        return self.value.check(names or None)

    def figure(self) -> Drawing:
        return draw.use_cases(self.value)

    def redraw(self) -> None:
        if self._loading:
            return
        current = self.current()
        self.card.value = "" if current is None else current._repr_html_()
        super().redraw()

    # -- editing -----------------------------------------------------------------

    def _store(self) -> None:
        current = self.current()
        if current is not None:
            self._cases[self._index] = current

    def _change(self, edit) -> None:
        """Apply a model edit to the use case in the form, then show and redraw it."""
        current = self.current()
        if current is None:
            return
        self._cases[self._index] = edit(current)
        self._show(self._index)
        self.redraw()

    def add_use_case(self, use_case: UseCase | None = None) -> None:
        """Add a use case (an empty one by default) and show it in the form."""
        self._store()
        if use_case is None:
            use_case = UseCase("", "", JourneyStage.PURCHASE, main_scenario=(Step(""),))
        self._cases.append(use_case)
        self._show(len(self._cases) - 1)
        self.redraw()

    def remove_use_case(self) -> None:
        """Remove the use case in the form; the one before it is shown."""
        if not self._cases:
            return
        del self._cases[self._index]
        self._show(max(0, min(self._index, len(self._cases) - 1)))
        self.redraw()

    def move_use_case(self, by: int) -> None:
        """Move the use case in the form ``by`` places in the list (see UseCaseSet.move)."""
        if not self._cases:
            return
        self._store()
        to = min(max(self._index + by, 0), len(self._cases) - 1)
        self._cases = list(UseCaseSet(tuple(self._cases)).move(self._index, by).use_cases)
        self._show(to)
        self.redraw()

    def select(self, index: int) -> None:
        """Show use case ``index`` (from 0) in the form."""
        self.picker.value = index

    def add_step(self, step: Step | None = None) -> None:
        self._change(lambda u: u.add_step(step or Step("", u.primary_actor)))

    def remove_step(self, number: int) -> None:
        """Remove main step ``number``; its extensions go, later ones are renumbered."""
        self._change(lambda u: u.remove_step(number))

    def move_step(self, number: int, by: int) -> None:
        """Move main step ``number`` ``by`` places; its extensions and upsell mark follow it."""
        self._change(lambda u: u.move_step(number, by))

    def add_extension(self, extension: Extension | None = None) -> None:
        def add(u: UseCase) -> UseCase:
            if extension is not None:
                return u.add_extension(extension)
            # the next free label of the last step: an extension is often about the end
            used = {e.label for e in u.extensions}
            at = len(u.main_scenario) or 1
            label = next(f"{at}{c}" for c in "abcdefghijklmnopqrstuvwxyz" if f"{at}{c}" not in used)
            return u.add_extension(Extension(label, ""))

        self._change(add)

    def remove_extension(self, index: int) -> None:
        self._change(lambda u: u.remove_extension(index))

    def move_extension(self, index: int, by: int) -> None:
        self._change(lambda u: u.move_extension(index, by))


__all__ = ["ExtensionRow", "StepRow", "UseCaseEditor", "handling_text", "parse_handling"]
