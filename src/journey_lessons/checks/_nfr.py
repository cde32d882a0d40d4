"""Self-checks for the non-functional requirements notebook."""

from __future__ import annotations

from collections.abc import Iterable

from ..nfr import Characteristic, Direction, JourneyStage, Requirement, RequirementSet
from ._feedback import Feedback, Point, point

_VAGUE_DRAFT = (
    ("BK-1", JourneyStage.AWARENESS, Characteristic.PERFORMANCE_EFFICIENCY,
     "The website should load fast."),
    ("BK-2", JourneyStage.CONSIDERATION, Characteristic.INTERACTION_CAPABILITY,
     "Booking a repair slot must be easy."),
    ("BK-3", JourneyStage.PURCHASE, Characteristic.SECURITY,
     "Paying a deposit online must be secure."),
    ("BK-4", JourneyStage.RETENTION, Characteristic.RELIABILITY,
     "The 'your bike is ready' text should be reliable."),
    ("BK-5", JourneyStage.ADVOCACY, Characteristic.INTERACTION_CAPABILITY,
     "Leaving a review should be quick."),
)  # fmt: skip


def bike_workshop_requirements() -> RequirementSet:
    """The first draft of a bike workshop: one requirement per stage, every one vague."""
    return RequirementSet(
        tuple(
            Requirement(id, stage, characteristic, statement, "", None, "", Direction.AT_MOST)
            for id, stage, characteristic, statement in _VAGUE_DRAFT
        ),
        title="Spoke & Chain bike workshop",
    )


def _requirements(answer: object) -> RequirementSet | None:
    if isinstance(answer, RequirementSet):
        return answer
    if isinstance(answer, Iterable) and not isinstance(answer, str | bytes):
        items = tuple(answer)
        if all(isinstance(r, Requirement) for r in items):
            return RequirementSet(items)
    return None


def _rewrite_point(id: str, stage: JourneyStage, rewritten: RequirementSet) -> Point:
    matches = [r for r in rewritten.requirements if r.id.strip() == id]
    if not matches:
        return point(False, "", f"{id} is missing: keep its id, rewrite only what it says.")
    r = matches[0]
    problems = []
    if r.missing:
        names = [f"no {name}" for name in r.missing]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        problems.append(f"still has {listed}")
    vague = [f for f in RequirementSet((r,)).check() if f.code == "vague_statement"]
    if not r.statement.strip():
        problems.append("has no statement: say what must hold, with its number")
    elif vague:
        # "The statement says 'fast' without a number." -> "its statement says ..."
        problems.append("its s" + vague[0].message[len("The s") :].rstrip("."))
    if r.stage is not stage:
        problems.append(f"moved from the {stage.value} stage to {r.stage.value}: keep the stage")
    if problems:
        return point(False, "", f"{id} " + "; ".join(problems) + ".")
    return point(
        True,
        f"{id} is measurable: {r.metric.strip()}, {r.fit_criterion}.",
        "",
    )


def measurable_rewrites(rewritten: RequirementSet) -> Feedback:
    """Feedback on the bike workshop exercise: is each vague requirement now measurable?

    One point per requirement of :func:`bike_workshop_requirements`: it keeps its id
    and stage, has a metric, a target and a unit, and its statement carries a
    number instead of a vague word. A last point asks ``check()`` for no errors.
    """
    requirements = _requirements(rewritten)
    if requirements is None:
        return Feedback([point(False, "", "`rewritten` should be a RequirementSet, like `vague`.")])
    points = [_rewrite_point(id, stage, requirements) for id, stage, _, _ in _VAGUE_DRAFT]
    errors = requirements.check().errors
    points.append(
        point(
            not errors,
            "check() finds no errors.",
            f"check() still finds {len(errors)} error(s), the first: "
            f"{errors[0].where}: {errors[0].message}"
            if errors
            else "",
        )
    )
    return Feedback(points)
