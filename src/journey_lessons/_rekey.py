"""KPI targets that went stale, and the steps of the learner's journey they obviously mean now.

A funnel or wait target is keyed by milestone event (``funnel:free_trial``,
``days:free_trial->core_purchase``), a touchpoint target by touchpoint name
(``touchpoint:Day-3 email``). Renaming or replacing a milestone or a touchpoint
leaves such a target keyed to nothing: :func:`journey_lessons.kpis.target_findings`
says so. This module says what it could be re-keyed to, and when the choice is
obvious. It calls only public functions of ``kpis`` and ``events`` (and could
move into ``kpis``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import kpis
from ._fields import name_key
from .events import TOUCHPOINT_PREFIX

#: The kinds of target a stale one can be re-keyed within, by key prefix.
KINDS = ("funnel:", "days:", TOUCHPOINT_PREFIX)


def target_kind(key: str) -> str | None:
    """The prefix of a target keyed by step or touchpoint (``funnel:``...), else None."""
    return next((kind for kind in KINDS if key.startswith(kind)), None)


def touchpoint_key(name: str) -> str:
    """The target key of a touchpoint: ``touchpoint:`` and its name, runs of spaces made one."""
    return TOUCHPOINT_PREFIX + " ".join(name.split())


def _has_target(plan: Any) -> set[str]:
    """The keys (and touchpoint names) that a target of the plan already names."""
    labels = {k.label: k.key for k in kpis.report_kpis(plan)}
    named = set()
    for key in plan.kpi_targets:
        named.add(labels.get(key, key))
        if key.startswith(TOUCHPOINT_PREFIX):
            named.add(name_key(key[len(TOUCHPOINT_PREFIX) :]))
    return named


def free_keys(plan: Any) -> dict[str, list[str]]:
    """For each kind, the keys of the plan's steps and touchpoints that have no target yet.

    In journey order: the funnel and the waits as the milestones run, the
    touchpoints path after path.
    """
    named = _has_target(plan)
    free: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for kpi in kpis.report_kpis(plan):
        kind = target_kind(kpi.key)
        if kind is not None and kpi.key not in named:
            free[kind].append(kpi.key)
    seen = set()
    for path in plan.paths.paths:
        for touchpoint in path.touchpoints:
            key = name_key(touchpoint.name)
            if key and key not in named and key not in seen:
                seen.add(key)
                free[TOUCHPOINT_PREFIX].append(touchpoint_key(touchpoint.name))
    return free


def stale_targets(plan: Any) -> list[str]:
    """The plan's targets that no KPI or touchpoint of it has, in the plan's order."""
    stale = {f.where for f in kpis.target_findings(plan)}
    return [key for key in plan.kpi_targets if key in stale]


def rekey_options(plan: Any) -> dict[str, list[str]]:
    """For each stale target, the keys of the same kind it could be re-keyed to (maybe none)."""
    free = free_keys(plan)
    options = {}
    for key in stale_targets(plan):
        kind = target_kind(key)
        options[key] = list(free[kind]) if kind is not None else []
    return options


def _ends(key: str) -> tuple[str, str]:
    start, _, end = key[len("days:") :].partition("->")
    return start, end


def obvious_rekeys(plan: Any) -> dict[str, str]:
    """The stale targets whose new key is obvious: ``{stale key: key of the learner's step}``.

    Within one kind (funnel, waits, touchpoints): when as many stale targets as
    steps without a target, each goes to the step in the same place (one stale
    target and one free step is the plainest case). Otherwise a stale wait goes to
    the one free wait that still shares a milestone with it, if only one does.
    Anything else is for the learner to choose, or to remove.
    """
    free = free_keys(plan)
    stale = stale_targets(plan)
    result: dict[str, str] = {}
    for kind in KINDS:
        old = [key for key in stale if target_kind(key) == kind]
        new = free[kind]
        if not old or not new:
            continue
        if len(old) == len(new):
            result.update(zip(old, new, strict=True))
            continue
        if kind != "days:":
            continue
        claimed: set[str] = set()
        for key in old:
            ends = set(_ends(key))
            sharing = [k for k in new if ends & set(_ends(k)) and k not in claimed]
            if len(sharing) == 1:
                result[key] = sharing[0]
                claimed.add(sharing[0])
    return result


def rekeyed(targets: Mapping[str, float], renames: Mapping[str, str]) -> dict[str, float]:
    """``targets`` with some keys renamed (``{old: new}``), each value kept, in the same order."""
    return {renames.get(key, key): value for key, value in targets.items()}
