"""Widgets: thin views that edit one part of a journey plan and redraw.

Each widget holds the plan (plain, frozen data), rebuilds its part through the
model's own constructors when a control changes, and redraws the drawing and the
findings. A learner's mistake becomes a finding on screen, never a traceback.
"""

from ._base import JOURNEY_FILE, JourneyEditor, OpenedJourney, open_journey
from ._canvas import BlockBox, CanvasBoard, CanvasEditor, MomentRow
from ._kpis import KpiDashboard, TargetRow
from ._milestones import MilestoneBuilder, MilestoneEditor, MilestoneRow
from ._moscow import MoscowBoardEditor, MoscowEditor, MoscowRow
from ._nfr import NfrEditor, RequirementEditor, RequirementRow
from ._observed import FlowExplorer
from ._paths import PathEditor, PathPaver, TouchpointRow
from ._quiz import Quiz
from ._usecases import ExtensionRow, StepRow, UseCaseEditor

# Each widget is called <Part>Editor; the names of the course's first version
# (MilestoneBuilder, PathPaver, MoscowBoardEditor, NfrEditor, CanvasBoard) still work.
__all__ = [
    "JOURNEY_FILE",
    "BlockBox",
    "CanvasBoard",
    "CanvasEditor",
    "ExtensionRow",
    "FlowExplorer",
    "JourneyEditor",
    "KpiDashboard",
    "MilestoneBuilder",
    "MilestoneEditor",
    "MilestoneRow",
    "MomentRow",
    "MoscowBoardEditor",
    "MoscowEditor",
    "MoscowRow",
    "NfrEditor",
    "OpenedJourney",
    "PathEditor",
    "PathPaver",
    "Quiz",
    "RequirementEditor",
    "RequirementRow",
    "StepRow",
    "TargetRow",
    "TouchpointRow",
    "UseCaseEditor",
    "open_journey",
]
