"""journey_lessons: map, prioritize and measure a customer journey.

The model and its checks are importable from here; the drawings live in
``journey_lessons.draw`` and the widgets in ``journey_lessons.widgets``, which
import matplotlib and ipywidgets only when a notebook asks for them.
"""

from .files import JourneyFileError, load_milestones, save_milestones
from .findings import Finding, Findings, Severity
from .milestones import (
    CUSTOM,
    KINDS,
    Milestone,
    MilestoneKind,
    MilestoneMap,
    Stage,
    kinds_for,
    kinds_table,
    sample_milestones,
)

__version__ = "0.1.0"

__all__ = [
    "CUSTOM",
    "KINDS",
    "Finding",
    "Findings",
    "JourneyFileError",
    "Milestone",
    "MilestoneKind",
    "MilestoneMap",
    "Severity",
    "Stage",
    "kinds_for",
    "kinds_table",
    "load_milestones",
    "sample_milestones",
    "save_milestones",
]
