"""Shared reading of the sample business and of drawings, for the model tests; and a
learner's plan with every drawing and every text field of it, for tests and benchmarks."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Mapping
from enum import Enum
from itertools import pairwise
from typing import Any

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from journey_lessons import (
    Block,
    Canvas,
    Characteristic,
    LifecycleStep,
    Milestone,
    MilestoneMap,
    MomentKind,
    MomentOfTruth,
    MoscowBoard,
    MoscowItem,
    Priority,
    Requirement,
    RequirementSet,
    Stage,
    Touchpoint,
    UpsellImpact,
    UseCase,
    UseCaseSet,
    draw,
    sample_paths,
)
from journey_lessons.nfr import Direction
from journey_lessons.paths import Path, PathSet
from journey_lessons.usecases import Extension, Step

# The sample business's touchpoint names, as the paths define them (test_paths pins
# the exact list); other parts of the sample must only name these.
SAMPLE_TOUCHPOINTS = frozenset(t.name for p in sample_paths().paths for t in p.touchpoints)


def assert_texts_stay_in_their_columns(fig: Figure) -> None:
    """Each text of the first axes stays within the unit-wide column it is centred in."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ax = fig.axes[0]
    for text in ax.texts:
        x, _ = text.get_position()
        left, right = (ax.transData.transform((edge, 0))[0] for edge in (int(x), int(x) + 1))
        extent = text.get_window_extent(canvas.get_renderer())
        assert left <= extent.x0 and extent.x1 <= right, text.get_text()


# -- how large a drawing's text shows in the book ---------------------------------------------

#: CSS pixels: the book's content column on a laptop (1366 px wide: 731 to 741 px measured by
#: tests/test_book_figures.py), rounded down. A wider drawing is shrunk to it.
COLUMN_PX = 720
#: CSS pixels: no text in a drawing may show smaller (issue 14).
SMALLEST_PX = 9.0
_SVG = "{http://www.w3.org/2000/svg}"


def shown_text_sizes(fig: Figure, column_px: float = COLUMN_PX) -> list[tuple[float, str]]:
    """Each text the drawing's SVG holds, with its size in CSS pixels where the book shows it.

    An ``<img>`` shows the SVG at its own size (96 px to the inch, so 4/3 px to the
    point) or, when wider than the column, shrunk to the column. Read from the SVG the
    book embeds (svg_text), so only texts actually drawn count, tick labels included.
    """
    svg = ElementTree.fromstring(draw.svg_text(fig))
    view_width = float(svg.get("viewBox", "").split()[2])  # points
    px_per_point = min(view_width * 96 / 72, column_px) / view_width
    sizes = []
    for text in svg.iter(f"{_SVG}text"):
        content = "".join(text.itertext())
        if not content.strip():
            continue
        found = re.search(r"font-size: ([\d.]+)px", text.get("style", ""))
        assert found, f"no font size on the text {content!r}: {text.get('style')}"
        sizes.append((float(found.group(1)) * px_per_point, content))
    return sizes


def smallest_shown_text(fig: Figure, column_px: float = COLUMN_PX) -> tuple[float, str]:
    """The smallest text of the drawing where the book shows it: (CSS px, the text)."""
    return min(shown_text_sizes(fig, column_px))


def texts_outside(fig: Figure) -> list[str]:
    """The drawn texts (and their boxes) that run out of the figure, by matplotlib's measure."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    # the axes that are off draw none of their axis texts (tick labels, offsets)
    undrawn = {
        id(t) for ax in fig.axes if not ax.axison for axis in (ax.xaxis, ax.yaxis)
        for t in axis.findobj(Text)
    }  # fmt: skip
    outside = []
    for text in fig.findobj(Text):
        if id(text) in undrawn or not (text.get_visible() and text.get_text().strip()):
            continue
        extent = text.get_window_extent(renderer)
        patch = text.get_bbox_patch()
        if patch is not None:
            extent = patch.get_window_extent(renderer)
        # half a point of anti-aliasing or rounding at the edge is no cut
        if (
            extent.x0 < page.x0 - 0.5
            or extent.x1 > page.x1 + 0.5
            or extent.y0 < page.y0 - 0.5
            or extent.y1 > page.y1 + 0.5
        ):
            outside.append(text.get_text())
    return outside


# -- every text a learner can type in a model ------------------------------------------------

# Text-typed fields that are no free text: a milestone's kind is a key of the catalogue.
_NOT_TYPED = frozenset({"kind"})


def text_fields(value: Any, where: str) -> list[tuple[str, Callable[[str], Any]]]:
    """Every text a learner can type in ``value``, as ``(where, put)`` pairs.

    ``put(text)`` is ``value`` with that one text replaced. The walk goes through
    dataclasses, tuples and mappings, so a text field added to a model later is
    covered too; enum members (str subclasses) are choices, not typed text.
    """
    if isinstance(value, Enum):
        return []  # a choice, not typed text
    if isinstance(value, str):
        return [(where, lambda text: text)]
    found: list[tuple[str, Callable[[str], Any]]] = []
    if isinstance(value, tuple):
        for i, item in enumerate(value):
            for place, put in text_fields(item, f"{where}[{i}]"):
                found.append(
                    (place, lambda text, i=i, put=put: (*value[:i], put(text), *value[i + 1 :]))
                )
    elif isinstance(value, Mapping):
        for key, item in value.items():
            for place, put in text_fields(item, f"{where}[{getattr(key, 'value', key)}]"):
                found.append((place, lambda text, key=key, put=put: {**value, key: put(text)}))
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name in _NOT_TYPED:
                continue
            for place, put in text_fields(getattr(value, field.name), f"{where}.{field.name}"):
                found.append(
                    (
                        place,
                        lambda text, name=field.name, put=put: dataclasses.replace(
                            value, **{name: put(text)}
                        ),
                    )
                )
    return found


# -- every drawing, with a learner's plan to draw ----------------------------------------------

# A learner's own business, not the sample: every part holds a little of everything.
TASTING, ORDER, CLUB = "Tasting day", "First bread box order", "Bread club month 2"
FLYER, CLASS = "Flyer at the market", "Sourdough class invite"
PARTS: dict[str, Any] = {
    "milestones": MilestoneMap.from_columns(
        Milestone(ORDER, Stage.CORE, measure="orders a week"),
        [Milestone(TASTING, Stage.BEFORE, measure="visitors at the stall")],
        [Milestone(CLUB, Stage.AFTER, measure="members who renew")],
        title="Hillside Bakery",
    ),
    "paths": PathSet(
        (
            Path(
                "",
                TASTING,
                (
                    Touchpoint(
                        FLYER,
                        LifecycleStep.ACQUIRE,
                        "flyer",
                        "market day",
                        "shop manager",
                        "A free slice",
                        1,
                        "visitors",
                        1,
                    ),
                ),
            ),
            Path(
                TASTING,
                ORDER,
                (
                    Touchpoint(
                        "Box offer email",
                        LifecycleStep.CONVERT,
                        "email",
                        "the day after",
                        "owner",
                        "10% off",
                        1,
                        "orders",
                    ),
                ),
            ),
            Path(ORDER, CLUB, (Touchpoint(CLASS, LifecycleStep.REPEAT, "text message"),)),
        )
    ),
    "board": MoscowBoard(
        (
            MoscowItem(FLYER, Priority.MUST, 2, UpsellImpact.HIGH, "most buyers start here"),
            MoscowItem(CLASS, Priority.WONT, 1, UpsellImpact.LOW, "no kitchen space yet"),
        ),
        budget=10,
    ),
    "requirements": RequirementSet(
        (
            Requirement(
                "NFR-1",
                "purchase",
                Characteristic.PERFORMANCE_EFFICIENCY,
                "The order page loads in at most 2 s",
                "load time on a phone",
                2,
                "s",
                Direction.AT_MOST,
                3,
                "slow pages lose orders",
            ),
        ),
        "Hillside Bakery",
    ),
    "use_cases": UseCaseSet(
        (
            UseCase(
                "Order a bread box",
                "Customer",
                "purchase",
                stakeholders=(("Baker", "wants orders a day ahead"),),
                preconditions=("The customer has an account",),
                trigger="The customer opens the box offer",
                main_scenario=(Step("picks a box", "Customer"), Step("pays", "Customer")),
                extensions=(
                    Extension("2a", "the card is declined", (Step("asks again", "Shop"),)),
                ),
                success_guarantee="The box is ordered",
                minimal_guarantee="Nothing is charged",
                upsell_steps=(2,),
                touchpoint=FLYER,
            ),
        ),
        "Hillside Bakery",
    ),
    "canvas": Canvas(
        {Block.CHANNELS: ("Market stall", "Website"), Block.VALUE_PROPOSITIONS: ("Sourdough",)},
        (MomentOfTruth("Box arrives", MomentKind.SECOND, FLYER, (Block.CHANNELS,), False, "late"),),
        "Hillside Bakery",
    ),
}


def _funnel(parts: dict[str, Any]) -> Any:
    names = [m.name for m in parts["milestones"].milestones]
    counts = [100, 40, 10][: len(names)]
    table = pd.DataFrame(
        {
            # object, not pandas' Arrow strings, which refuse a lone surrogate: the drawing
            # is under test here, not the making of the table
            "milestone": pd.Series(names, dtype=object),
            "customers": counts,
            "from_first": [c / counts[0] for c in counts],
            "from_previous": [1.0] + [b / a for a, b in pairwise(counts)],
        }
    )
    return draw.funnel(table)


# Each drawing: how it is drawn from the parts, the parts it reads, and the texts it
# shows (a pattern over the places text_fields gives), where "$5" must be seen as typed.
DRAWINGS: dict[str, tuple[Callable[[dict[str, Any]], Any], tuple[str, ...], str]] = {
    "milestones": (
        lambda p: draw.milestones(p["milestones"]),
        ("milestones",),
        r"milestones\.(title|milestones\[\d\]\.(name|measure))",
    ),
    "paths": (
        lambda p: draw.paths(p["milestones"], p["paths"]),
        ("milestones", "paths"),
        r"milestones\.(title|milestones\[\d\]\.name)"
        r"|paths\.paths\[\d\]\.(start|end|touchpoints\[\d\]\.(name|channel))",
    ),
    "moscow_board": (
        lambda p: draw.moscow_board(p["board"]),
        ("board",),
        r"board\.items\[\d\]\.touchpoint|board\.items\[1\]\.reason",  # item 2 is a Won't
    ),
    "nfr_heatmap": (
        lambda p: draw.nfr_heatmap(p["requirements"]),
        ("requirements",),
        r"requirements\.title",
    ),
    "use_cases": (
        lambda p: draw.use_cases(p["use_cases"]),
        ("use_cases",),
        r"use_cases\.(title|use_cases\[0\]\.(title|primary_actor))",
    ),
    "canvas": (
        lambda p: draw.canvas(p["canvas"]),
        ("canvas",),
        r"canvas\.(title|items\[\w+\]\[\d\]|moments\[0\]\.name)",
    ),
    "funnel": (_funnel, ("milestones",), r"milestones\.milestones\[\d\]\.name"),
}


def fields_of(drawing: str) -> list[tuple[str, Callable[[str], dict[str, Any]]]]:
    """Every text field the drawing reads: its place, and the parts with it replaced."""
    _, parts, _ = DRAWINGS[drawing]
    return [
        (place, lambda text, part=part, put=put: {**PARTS, part: put(text)})
        for part in parts
        for place, put in text_fields(PARTS[part], part)
    ]


def shown_fields(drawing: str) -> list[tuple[str, Callable[[str], dict[str, Any]]]]:
    """The text fields the drawing shows (the others only count in checks and tables)."""
    pattern = re.compile(DRAWINGS[drawing][2])
    return [(place, put) for place, put in fields_of(drawing) if pattern.fullmatch(place)]
