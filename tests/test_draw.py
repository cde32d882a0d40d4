"""The milestone drawing: what a reader sees in it."""

from __future__ import annotations

from drawing_support import assert_texts_stay_in_their_columns
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from journey_lessons import Milestone, MilestoneMap, Stage, draw, sample_milestones


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def box_for(fig: Figure, word: str) -> tuple[float, float]:
    """The centre (x, y) in data units of the text line containing ``word``."""
    for t in fig.axes[0].texts:
        if word in t.get_text():
            return t.get_position()
    raise AssertionError(f"{word!r} not drawn; drawn: {texts(fig)}")


def test_the_core_is_in_the_middle_column_between_before_and_after():
    fig = draw.milestones(sample_milestones())
    assert isinstance(fig, Figure)
    before_x, _ = box_for(fig, "14-day free")
    core_x, _ = box_for(fig, "annual membership")
    after_x, _ = box_for(fig, "Refer a friend")
    assert before_x < core_x < after_x
    assert {"Before purchase", "Core purchase", "After purchase"} <= set(texts(fig))
    assert fig.axes[0].get_title(loc="left") == "Lotus Flow online yoga studio"


def test_an_arrow_joins_each_milestone_to_the_next():
    sample = sample_milestones()
    fig = draw.milestones(sample)
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    boxes = [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    assert len(arrows) == len(sample) - 1
    assert len(boxes) == len(sample)


def test_long_names_wrap_and_stay_inside_the_figure():
    long_name = "Book a free ninety-minute discovery consultation with our senior design team"
    fig = draw.milestones(
        MilestoneMap.from_columns(
            core=Milestone("Buy", Stage.CORE, "core_purchase", "orders"),
            before=[Milestone(long_name, Stage.BEFORE, "consultation", "calls " * 20)],
        )
    )
    lines = [t for t in texts(fig) if t and t in long_name]
    assert len(lines) >= 3, lines  # wrapped over several lines
    # each line stays within its own column (a third of the width), so boxes never overlap
    assert_texts_stay_in_their_columns(fig)


def test_an_empty_column_invites_the_learner_to_add_one():
    fig = draw.milestones(MilestoneMap())
    assert "add the core purchase" in texts(fig)
    assert texts(fig).count("add a milestone") == 2


def test_milestones_with_errors_are_outlined_in_red():
    broken = MilestoneMap.from_columns(
        core=Milestone("Buy", Stage.CORE, "core_purchase", "orders"),
        after=[Milestone("", Stage.AFTER, "survey", "score")],
    )
    fig = draw.milestones(broken)
    edges = [p.get_edgecolor() for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    red = (0xC5 / 255, 0x30 / 255, 0x30 / 255, 1.0)
    assert sum(tuple(round(c, 3) for c in e) == tuple(round(c, 3) for c in red) for e in edges) == 1


def test_the_drawing_shows_as_an_image_with_alt_text():
    sample = sample_milestones()
    html = draw.milestones(sample)._repr_html_()
    assert '<img src="data:image/svg+xml;base64,' in html
    # a caption under every drawing: the first sentence of its description
    assert html.endswith(
        "<figcaption>Lotus Flow online yoga studio: milestone map.</figcaption></figure>"
    )
    assert f'alt="{sample.describe()}"' in html
    assert draw.png_bytes(draw.milestones(sample)).startswith(b"\x89PNG")


def test_learner_text_with_dollar_signs_is_drawn_as_typed():
    priced = MilestoneMap.from_columns(
        title="Pay $5 now, $10 later",
        core=Milestone("Pay $5 now \\frac later $ ok", Stage.CORE, "core_purchase", "$ per order"),
    )
    fig = draw.milestones(priced)
    assert "Pay $5 now \\frac later $ ok" in " ".join(texts(fig))
    assert "$5" in draw.svg_text(fig)
