"""Widgets: thin views that edit one part of a journey plan and redraw.

Each widget holds the plan (plain, frozen data), rebuilds its part through the
model's own constructors when a control changes, and redraws the drawing and the
findings. A learner's mistake becomes a finding on screen, never a traceback.
"""

from ._base import JOURNEY_FILE, JourneyEditor, OpenedJourney, open_journey
from ._canvas import BlockBox, CanvasBoard, MomentRow
from ._kpis import KpiDashboard, TargetRow
from ._milestones import MilestoneBuilder, MilestoneRow
from ._moscow import MoscowBoardEditor, MoscowRow
from ._nfr import NfrEditor, RequirementRow
from ._paths import PathPaver, TouchpointRow
from ._usecases import ExtensionRow, StepRow, UseCaseEditor

__all__ = [
    "JOURNEY_FILE",
    "BlockBox",
    "CanvasBoard",
    "ExtensionRow",
    "JourneyEditor",
    "KpiDashboard",
    "MilestoneBuilder",
    "MilestoneRow",
    "MomentRow",
    "MoscowBoardEditor",
    "MoscowRow",
    "NfrEditor",
    "OpenedJourney",
    "PathPaver",
    "RequirementRow",
    "StepRow",
    "TargetRow",
    "TouchpointRow",
    "UseCaseEditor",
    "open_journey",
]
