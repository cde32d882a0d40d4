"""The CanvasBoard driven headless, the way a learner would use it, and its self-check."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from widget_support import drawn_html, sample_file

from journey_lessons import load_journey, sample_journey, save_journey
from journey_lessons.canvas import ATTRIBUTION, Block, Canvas, MomentKind, sample_canvas
from journey_lessons.checks._canvas import workshop_canvas, workshop_moments
from journey_lessons.widgets._canvas import CanvasBoard, block_items


def alt_text(board: CanvasBoard) -> str:
    return "".join(o["data"].get("text/plain", "") for o in board.drawing.outputs)


def test_it_starts_from_the_plans_canvas():
    board = CanvasBoard(sample_journey())
    assert board.canvas == sample_canvas()
    assert board.plan == sample_journey()
    assert "No findings" in board.findings_view.value
    assert alt_text(board) == sample_canvas().describe()
    assert '<img src="data:image/svg+xml' in drawn_html(board)
    assert len(board.moment_rows.children) == len(sample_canvas().moments)
    # the canvas is Strategyzer's: its licence shows under the blocks (the drawing has it too)
    assert any(ATTRIBUTION in getattr(c, "value", "") for c in board.children)


def test_typing_items_one_a_line_fills_the_block():
    board = CanvasBoard(sample_journey())
    box = board.blocks[Block.CHANNELS]
    box.items.value = "Instagram reels\n\n  Podcast ads  \nEmail"
    assert board.canvas.items[Block.CHANNELS] == ("Instagram reels", "Podcast ads", "Email")
    assert "Podcast ads" in alt_text(board)
    box.items.value = "Email\nemail"
    assert "duplicate_item" in board.findings().codes
    box.items.value = ""
    assert "empty_block" in board.findings().codes
    assert "This block is empty" in board.findings_view.value
    assert "Channels: empty." in alt_text(board)


def test_a_blank_line_keeps_the_drawing():
    board = CanvasBoard(sample_journey())
    before = board.drawing.outputs
    box = board.blocks[Block.CHANNELS]
    box.items.value += "\n"
    assert board.drawing.outputs is before


def test_moments_are_edited_mapped_onto_blocks_and_marked_positive_or_negative():
    board = CanvasBoard(sample_journey())
    row = board.moment_rows.children[1]  # First live class of the trial
    row.name.value = "First look at the price page"
    row.kind.value = MomentKind.CARLZON
    row.blocks[Block.REVENUE_STREAMS].value = True
    row.blocks[Block.KEY_RESOURCES].value = False
    row.positive.value = False
    row.note.value = "The price is below the fold"
    moment = board.canvas.moments[1]
    assert moment.name == "First look at the price page"
    assert moment.kind is MomentKind.CARLZON
    # blocks keep the order they were given in; a new one comes after
    assert moment.blocks == (
        Block.VALUE_PROPOSITIONS,
        Block.KEY_ACTIVITIES,
        Block.REVENUE_STREAMS,
    )
    assert not moment.positive and moment.note == "The price is below the fold"
    assert "negative, First look at the price page (MOT" in alt_text(board)

    for toggle in row.blocks.values():
        toggle.value = False
    assert "moment_without_block" in board.findings().codes
    assert "not linked to any block" in board.findings_view.value


def test_the_touchpoint_is_picked_from_the_plans_paths():
    plan = sample_journey()
    board = CanvasBoard(plan)
    row = board.moment_rows.children[2]
    values = [v for _, v in row.touchpoint.options]
    assert values[0] == "" and set(values[1:]) == set(plan.touchpoint_names())
    row.touchpoint.value = ""
    assert "moment_without_touchpoint" in board.findings().codes
    # a zero moment happens before any contact: no touchpoint is fine
    assert board.canvas.moments[0].touchpoint == ""
    odd = plan.canvas.replace_moment(
        1, dataclasses.replace(plan.canvas.moments[1], touchpoint="Old flyer")
    )
    board = CanvasBoard(plan.replace(canvas=odd))
    assert board.moment_rows.children[1].touchpoint.value == "Old flyer"
    assert "unknown_touchpoint" in board.findings().codes


def test_moments_can_be_added_and_removed():
    board = CanvasBoard(Canvas())
    assert {"empty_block", "no_moments"} <= board.findings().codes
    board.add_moment_button.click()
    assert len(board.canvas.moments) == 1
    row = board.moment_rows.children[0]
    assert row.kind.value is MomentKind.CARLZON
    assert "empty_name" in board.findings().codes
    row.name.value = "Parcel arrives a day early"
    row.blocks[Block.KEY_PARTNERS].value = True
    assert board.canvas.moments[0].blocks == (Block.KEY_PARTNERS,)
    row.remove.click()
    assert board.canvas.moments == ()
    assert "no_moments" in board.findings().codes


def test_block_items_leave_out_blank_lines():
    assert block_items(" a \n\n b\n") == ("a", "b")


def test_learner_text_is_escaped():
    board = CanvasBoard(sample_journey())
    board.title.value = "<script>alert(1)</script>"
    board.blocks[
        Block.CHANNELS
    ].items.value = "<img src=x onerror=alert(1)>\n<img src=x onerror=alert(1)>"
    board.moment_rows.children[0].name.value = "<b>bold</b>"
    board.moment_rows.children[0].blocks[Block.CHANNELS].value = True
    shown = board.findings_view.value + drawn_html(board)
    assert "<script>" not in shown and "<img src=x" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in board.findings_view.value


def test_save_and_continue_from_the_file(tmp_path):
    path = tmp_path / "my_journey.yaml"
    board = CanvasBoard.from_file(sample_file(path))
    board.blocks[Block.KEY_PARTNERS].items.value = "Physiotherapist"
    board.moment_rows.children[0].positive.value = False
    board.save_button.click()
    assert "Saved your" in board.status.value
    saved = load_journey(path)
    assert saved.canvas.items[Block.KEY_PARTNERS] == ("Physiotherapist",)
    assert not saved.canvas.moments[0].positive
    assert saved.use_cases == sample_journey().use_cases
    again = CanvasBoard.from_file(path)
    assert again.canvas == board.canvas


def test_the_workshop_self_check():
    b = Block
    broken = workshop_canvas()
    assert not workshop_moments(broken).passed
    fixed = broken.replace_moment(0, dataclasses.replace(broken.moments[0], blocks=(b.CHANNELS,)))
    fixed = fixed.replace_moment(
        1, dataclasses.replace(broken.moments[1], blocks=(b.REVENUE_STREAMS,))
    )
    placed_only = fixed.replace_moment(
        2, dataclasses.replace(broken.moments[2], blocks=(b.KEY_ACTIVITIES,))
    )
    feedback = workshop_moments(placed_only)
    assert [p.passed for p in feedback] == [True, True, True, False, False, False]
    fixed = placed_only.replace_moment(
        2,
        dataclasses.replace(
            placed_only.moments[2], positive=False, note="Text a new date when a part is late."
        ),
    )
    assert workshop_moments(fixed).passed
    wrong = fixed.replace_moment(2, dataclasses.replace(fixed.moments[2], blocks=(b.CHANNELS,)))
    # a hint, not the answer: the blocks it rests on are the learner's to find
    told = str(workshop_moments(wrong))
    assert "does not rest on the block it depends on yet" in told
    assert "Key activities" not in told and "Key resources" not in told
    assert not workshop_moments("a canvas").passed


# -- reordering and removing moments; editing block items ------------------------------

HARBOR = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"


def test_moments_are_reordered_and_removed_and_block_items_edited_line_by_line(tmp_path):
    path = tmp_path / "my_journey.yaml"
    save_journey(load_journey(HARBOR), path)
    board = CanvasBoard.from_file(path)
    reviews, bike_back = board.moment_rows.children
    assert reviews.up.disabled and bike_back.down.disabled and not reviews.down.disabled
    reviews.down.click()
    assert [m.name for m in board.canvas.moments] == [
        "Getting the bike back",
        "Reading the Maps reviews",
    ]
    assert alt_text(board).index("Getting the bike back") < alt_text(board).index(
        "Reading the Maps reviews"
    )
    # the items of a block, one a line: renamed, removed and reordered by editing the lines
    costs = board.blocks[Block.COST_STRUCTURE]
    assert costs.items.value == "Rent\nWages\nParts"
    costs.items.value = "Wages\nWorkshop rent"
    board.save_button.click()
    saved = load_journey(path).canvas
    assert [m.name for m in saved.moments] == ["Getting the bike back", "Reading the Maps reviews"]
    assert saved.items[Block.COST_STRUCTURE] == ("Wages", "Workshop rent")

    again = CanvasBoard.from_file(path)
    again.moment_rows.children[0].remove.click()
    again.save_button.click()
    assert [m.name for m in load_journey(path).canvas.moments] == ["Reading the Maps reviews"]


def test_a_half_finished_journey_starts_its_moments_and_orders_them(tmp_path):
    full = load_journey(HARBOR)
    path = tmp_path / "my_journey.yaml"
    save_journey(full.replace(canvas=Canvas(), use_cases=full.use_cases.__class__()), path)
    board = CanvasBoard.from_file(path)
    assert board.moment_rows.children == ()
    board.add_moment_button.click()
    board.add_moment_button.click()
    first, second = board.moment_rows.children
    assert first.up.disabled and not first.down.disabled and second.down.disabled
    first.name.value, second.name.value = "Quote arrives", "Bike is ready"
    second.touchpoint.value = "Bike ready text with photos"
    second.up.click()
    assert [m.name for m in board.canvas.moments] == ["Bike is ready", "Quote arrives"]
    assert second.up.disabled and first.down.disabled
    board.save_button.click()
    saved = load_journey(path).canvas.moments
    assert [(m.name, m.touchpoint) for m in saved] == [
        ("Bike is ready", "Bike ready text with photos"),
        ("Quote arrives", ""),
    ]


def test_canvas_moves_in_the_model():
    canvas = sample_canvas()
    names = [m.name for m in canvas.moments]
    assert [m.name for m in canvas.move_moment(0, 1).moments][:2] == [names[1], names[0]]
    assert canvas.move_moment(len(names) - 1, 1) == canvas
    items = canvas.items[Block.CHANNELS]
    moved = canvas.move_item(Block.CHANNELS, len(items) - 1, -len(items))
    assert moved.items[Block.CHANNELS] == (items[-1], *items[:-1])
    assert moved.items[Block.KEY_PARTNERS] == canvas.items[Block.KEY_PARTNERS]
