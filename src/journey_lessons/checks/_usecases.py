"""Self-checks for the use case notebook: a bike workshop's booking, with two slips."""

from __future__ import annotations

from ..nfr import JourneyStage
from ..usecases import Extension, Step, UseCase, title_problem
from ._feedback import Feedback, point

_SITE = "Workshop site"


def repair_booking() -> UseCase:
    """The exercise of notebook 05: a bike workshop's booking, with a title that is not a
    goal and an extension that points at a step that does not exist."""
    return UseCase(
        title="Booking a repair",
        primary_actor="Cyclist",
        stage=JourneyStage.PURCHASE,
        trigger="The cyclist taps 'Book a repair' on the workshop's website.",
        main_scenario=(
            Step("picks the kind of repair from a list", "Cyclist"),
            Step("shows free drop-off slots for the next seven days", _SITE),
            Step("picks a drop-off slot", "Cyclist"),
            Step("offers a full service instead, at a bundle price", _SITE),
            Step("confirms the booking and pays a deposit", "Cyclist"),
            Step("sends a confirmation with the drop-off time", _SITE),
        ),
        extensions=(
            Extension(
                "8a",
                "The slot was taken while the cyclist was choosing",
                (
                    Step("shows the next free slots", _SITE),
                    Step("picks another slot", "Cyclist"),
                ),
            ),
        ),
        success_guarantee="The repair is booked, the deposit paid and the slot held.",
        minimal_guarantee="No deposit is taken without a slot.",
        upsell_steps=(4,),
    )


def _number_of(use_case: UseCase, words: str) -> int | None:
    """The number of the main step whose text holds ``words``; None when there is none."""
    return next(
        (n for n, s in use_case.numbered() if words in s.text.casefold()),
        None,
    )


def repair_use_case(fixed: UseCase) -> Feedback:
    """Feedback on the bike workshop exercise of notebook 05: is each slip fixed?"""
    if not isinstance(fixed, UseCase):
        return Feedback([point(False, "", "`fixed` should be a UseCase.")])
    title = fixed.title.strip()
    problem = title_problem(title, fixed.primary_actor) if title else "it is empty"
    # the step where the cyclist picks the slot, not the one where the site shows them
    slot_step = next(
        (
            n
            for n, s in fixed.numbered()
            if "slot" in s.text.casefold() and s.actor.strip().casefold() == "cyclist"
        ),
        None,
    )
    taken = [e for e in fixed.extensions if "taken" in e.condition.casefold()]
    service = _number_of(fixed, "full service")
    findings = fixed.check()
    return Feedback(
        [
            point(
                not problem,
                f"'{title}' reads as a goal: it starts with a verb.",
                f"The title does not read as a goal yet ({problem}). Start with the verb: "
                "what does the cyclist want done?",
            ),
            point(
                "repair" in title.casefold(),
                "The title still names the same goal: a repair.",
                "Keep the goal the same: the cyclist wants a repair booked.",
            ),
            point(
                bool(taken) and slot_step is not None and taken[0].step_number == slot_step,
                f"'The slot was taken' hangs on step {slot_step}, where the cyclist picks "
                "the slot.",
                "Keep the extension 'The slot was taken...', and point it at the step where "
                "the cyclist picks a slot (its step number, then a letter).",
            ),
            point(
                service is not None and service in fixed.upsell_steps,
                "The upsell mark is still on the full-service offer.",
                "Keep the upsell mark on the step that offers a full service.",
            ),
            point(
                not findings,
                "check() finds nothing left to fix.",
                f"check() still lists {len(findings)} finding(s): read their hints.",
            ),
        ]
    )


__all__ = ["repair_booking", "repair_use_case"]
