"""journey_lessons: map, prioritize and measure a customer journey.

The models and their checks are importable from here, one module per step of
the course (``milestones``, ``lifecycle``, ``paths``, ``moscow``, ``nfr``,
``usecases``, ``canvas``). The drawings live in ``journey_lessons.draw`` and the
widgets in ``journey_lessons.widgets``, which load matplotlib and ipywidgets only
when a notebook asks for them.
"""

from ._kernel import load_into_running_kernel
from .canvas import Block, Canvas, MomentKind, MomentOfTruth, sample_canvas
from .events import EventLogError, read_events
from .files import (
    JourneyFile,
    JourneyFileError,
    load_journey,
    load_milestones,
    previous_path,
    read_journey,
    restore_previous,
    save_journey,
    save_milestones,
)
from .findings import Finding, Findings, Severity
from .journey import PARTS, JourneyPlan, Part, sample_journey
from .kpis import default_targets, kpi_report, sample_targets
from .lifecycle import LifecycleStep, Phase, steps_table
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
from .moscow import KpiResult, MoscowBoard, MoscowItem, Priority, UpsellImpact, sample_board
from .nfr import Characteristic, JourneyStage, Requirement, RequirementSet, sample_requirements
from .paths import EmotionScale, Evidence, PathSet, Touchpoint, sample_paths
from .paths import Path as JourneyPath
from .simulate import SimulationSettings, simulate_events
from .trace import MomentTrace, trace_moment
from .usecases import UseCase, UseCaseSet, sample_use_cases

__version__ = "0.1.0"

# in a notebook, a cell run before the cell that sets its names says what to run first
load_into_running_kernel()

__all__ = [
    "CUSTOM",
    "KINDS",
    "PARTS",
    "Block",
    "Canvas",
    "Characteristic",
    "EmotionScale",
    "EventLogError",
    "Evidence",
    "Finding",
    "Findings",
    "JourneyFile",
    "JourneyFileError",
    "JourneyPath",
    "JourneyPlan",
    "JourneyStage",
    "KpiResult",
    "LifecycleStep",
    "Milestone",
    "MilestoneKind",
    "MilestoneMap",
    "MomentKind",
    "MomentOfTruth",
    "MomentTrace",
    "MoscowBoard",
    "MoscowItem",
    "Part",
    "PathSet",
    "Phase",
    "Priority",
    "Requirement",
    "RequirementSet",
    "Severity",
    "SimulationSettings",
    "Stage",
    "Touchpoint",
    "UpsellImpact",
    "UseCase",
    "UseCaseSet",
    "default_targets",
    "kinds_for",
    "kinds_table",
    "kpi_report",
    "load_journey",
    "load_milestones",
    "previous_path",
    "read_events",
    "read_journey",
    "restore_previous",
    "sample_board",
    "sample_canvas",
    "sample_journey",
    "sample_milestones",
    "sample_paths",
    "sample_requirements",
    "sample_targets",
    "sample_use_cases",
    "save_journey",
    "save_milestones",
    "simulate_events",
    "steps_table",
    "trace_moment",
]
