"""Practice for every notebook: short questions that need no code, feedback in stages.

Each notebook has an :class:`~journey_lessons.quiz.Exercise` of a few questions,
one or more per skill that the notebook teaches. ``practice(3)`` gives notebook
03's; ``practice(3).only("must-share")`` one question of it, for a section.
Show one with ``journey_lessons.widgets.Quiz``, or answer it in code::

    from journey_lessons.exercises import practice
    from journey_lessons.widgets import Quiz

    Quiz(practice(7))

    state = practice(7).start().answer("nps", 25)
    state  # the feedback, question by question, and the score

The examples use the course's sample business, Lotus Flow (an online yoga
studio), and other small businesses: a corner bakery and a bike shop.
"""

from __future__ import annotations

from collections.abc import Callable

from ..quiz import Exercise
from ._acting import acting_practice
from ._canvas import canvas_practice
from ._capstone import capstone_practice
from ._kpis import kpis_practice
from ._milestones import milestones_practice
from ._moscow import moscow_practice
from ._nfr import nfr_practice
from ._observed import observed_practice
from ._paths import paths_practice
from ._usecases import use_cases_practice
from ._welcome import welcome_practice

__all__ = [
    "NOTEBOOKS",
    "acting_practice",
    "canvas_practice",
    "capstone_practice",
    "kpis_practice",
    "milestones_practice",
    "moscow_practice",
    "nfr_practice",
    "observed_practice",
    "paths_practice",
    "practice",
    "use_cases_practice",
    "welcome_practice",
]

_PRACTICE: dict[str, Callable[[], Exercise]] = {
    "00_welcome": welcome_practice,
    "01_milestones": milestones_practice,
    "02_paving_the_path": paths_practice,
    "03_moscow": moscow_practice,
    "04_nfr": nfr_practice,
    "05_use_cases": use_cases_practice,
    "06_canvas_and_moments_of_truth": canvas_practice,
    "07_measuring_kpis": kpis_practice,
    "08_observed_journeys": observed_practice,
    "09_acting_on_kpis": acting_practice,
    "10_capstone": capstone_practice,
}

#: The notebooks that have practice, by the names of their files.
NOTEBOOKS = tuple(_PRACTICE)


def practice(notebook: int | str) -> Exercise:
    """The practice of one notebook, by number (``3``, ``"03"``) or name (``"03_moscow"``)."""
    if isinstance(notebook, int) and not isinstance(notebook, bool):
        key = f"{notebook:02d}" if notebook >= 0 else ""
    elif isinstance(notebook, str):
        key = notebook.strip().removesuffix(".ipynb")
        key = key.split("/")[-1]
        key = key.zfill(2) if key.isdigit() else key
    else:
        key = ""
    for name, make in _PRACTICE.items():
        if key in (name, name[:2]):
            return make()
    raise KeyError(
        f"No practice for notebook {notebook!r}: give a number from 0 to 10, or one of "
        + ", ".join(NOTEBOOKS)
    )
