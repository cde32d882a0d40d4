"""Printable posters: one landscape page of the right paper, text legible when printed,
every text of the learner's plan on it (or counted), and the canvas credited."""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from journey_lessons import posters, sample_journey
from journey_lessons.canvas import Block, Canvas, MomentKind, MomentOfTruth
from journey_lessons.files import read_journey
from journey_lessons.journey import JourneyPlan
from journey_lessons.lifecycle import LifecycleStep
from journey_lessons.milestones import Milestone, MilestoneMap, Stage
from journey_lessons.paths import Path as JourneyPath
from journey_lessons.paths import PathSet, Touchpoint

DATA = Path(__file__).parent / "data"
HARBOR = DATA / "journeys" / "harbor_bikes_complete.yaml"

# landscape, in points, as a printer's dialog shows them
PAGE_POINTS = {"A4": (842, 595), "A3": (1191, 842)}
# the smallest legible font: 9 pt on A4, and the same share of the page on A3
SMALLEST = {"A4": 9.0, "A3": 9.0 * 297 / 210}

MAKERS = {"canvas": posters.canvas_poster, "journey map": posters.journey_map_poster}
FIGURES = {"canvas": posters.canvas_poster_figure, "journey map": posters.journey_map_poster_figure}


@cache
def plan_named(name: str) -> JourneyPlan | None:
    if name == "blank":
        return None
    if name == "sample":
        return sample_journey()
    return read_journey(HARBOR).plan


@cache
def poster_pdf(kind: str, plan: str, size: str, folder: Path) -> bytes:
    path = MAKERS[kind](plan_named(plan), size=size, path=folder / f"{plan}-{kind}-{size}.pdf")
    assert path.is_file()
    return path.read_bytes()


@cache
def poster_figure(kind: str, plan: str, size: str) -> posters.Poster:
    return FIGURES[kind](plan_named(plan), size=size)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("posters")


# -- reading a PDF: just enough of it -----------------------------------------------


def pdf_streams(pdf: bytes) -> Iterator[bytes]:
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:  # an embedded font's data, not a content stream
            continue


def pdf_font_sizes(pdf: bytes) -> list[float]:
    """Every font size the pages' text is set in (the ``Tf`` operators), in points."""
    return [
        float(size)
        for stream in pdf_streams(pdf)
        for size in re.findall(rb"/F\d+ (\d+(?:\.\d+)?) Tf", stream)
    ]


def _literal_strings(chunk: bytes) -> Iterator[bytes]:
    """The PDF literal strings ``( … )`` of a text object, unescaped."""
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b"}
    i = 0
    while (i := chunk.find(b"(", i)) >= 0:
        i, depth, value = i + 1, 0, bytearray()
        while True:
            char = chunk[i]
            i += 1
            if char == 0x5C:  # a backslash
                if 0x30 <= chunk[i] <= 0x37:  # \ddd, octal
                    end = i
                    while end < i + 3 and 0x30 <= chunk[end] <= 0x37:
                        end += 1
                    value.append(int(chunk[i:end], 8))
                    i = end
                else:
                    value += escapes.get(chunk[i], bytes([chunk[i]]))
                    i += 1
            elif char == 0x28:
                depth += 1
                value.append(char)
            elif char == 0x29:
                if not depth:
                    break
                depth -= 1
                value.append(char)
            else:
                value.append(char)
        yield bytes(value)


def pdf_texts(pdf: bytes) -> list[str]:
    """The text of each text object (Latin-1 characters; others, and ligatures such as
    "ff", are set in another font and read as noise)."""
    return [
        b"".join(_literal_strings(text)).decode("utf-16-be", "replace")
        for stream in pdf_streams(pdf)
        for text in re.findall(rb"BT(.*?)ET", stream, re.S)
    ]


def pdf_pages(pdf: bytes) -> list[tuple[int, int]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == len(boxes)
    return [
        (round(float(x1) - float(x0)), round(float(y1) - float(y0))) for x0, y0, x1, y1 in boxes
    ]


# -- reading a poster's figure --------------------------------------------------------


def texts(fig: posters.Poster) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text().strip()]


def shown(fig: posters.Poster) -> str:
    """All the poster's text in reading order, lines joined by spaces."""
    return " ".join(" ".join(t.get_text().split()) for t in texts(fig))


def learner_texts(plan: JourneyPlan, kind: str) -> list[str]:
    if kind == "canvas":
        items = [i for items in plan.canvas.items.values() for i in items if i.strip()]
        return items + [m.name for m in plan.canvas.moments]
    return [m.name for m in plan.milestones.milestones] + [t.name for t in plan.paths.touchpoints]


# -- the pages ------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["A4", "A3"])
@pytest.mark.parametrize("plan", ["blank", "sample", "harbor"])
@pytest.mark.parametrize("kind", ["canvas", "journey map"])
def test_a_poster_is_one_landscape_page_of_its_paper(
    kind: str, plan: str, size: str, out: Path
) -> None:
    pdf = poster_pdf(kind, plan, size, out)
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf) == [PAGE_POINTS[size]]


@pytest.mark.parametrize("size", ["A4", "A3"])
@pytest.mark.parametrize("plan", ["blank", "sample", "harbor"])
@pytest.mark.parametrize("kind", ["canvas", "journey map"])
def test_the_smallest_font_is_legible_at_print_size(
    kind: str, plan: str, size: str, out: Path
) -> None:
    drawn = min(t.get_fontsize() for t in texts(poster_figure(kind, plan, size)))
    printed = pdf_font_sizes(poster_pdf(kind, plan, size, out))
    assert printed, "the PDF sets no text: the text was turned into outlines"
    assert drawn >= SMALLEST[size] - 1e-6
    assert min(printed) >= SMALLEST[size] - 0.01
    assert min(printed) == pytest.approx(drawn, abs=0.01)


@pytest.mark.parametrize("kind", ["canvas", "journey map"])
def test_no_text_runs_off_the_page_or_over_another(kind: str) -> None:
    fig = poster_figure(kind, "sample", "A4")
    renderer = FigureCanvasAgg(fig).get_renderer()
    page = fig.bbox
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts(fig)]
    for text, box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1, text
        assert page.y0 <= box.y0 and box.y1 <= page.y1, text
    for n, (text, box) in enumerate(boxes):
        for other, other_box in boxes[n + 1 :]:
            overlap_x = min(box.x1, other_box.x1) - max(box.x0, other_box.x0)
            overlap_y = min(box.y1, other_box.y1) - max(box.y0, other_box.y0)
            assert min(overlap_x, overlap_y) <= 1, f"{text!r} overlaps {other!r}"


# -- what is on them ------------------------------------------------------------------


@pytest.mark.parametrize("plan", ["sample", "harbor"])
@pytest.mark.parametrize("kind", ["canvas", "journey map"])
def test_every_text_of_the_plan_is_on_the_poster_or_counted(kind: str, plan: str) -> None:
    fig = poster_figure(kind, plan, "A3")
    on_it = shown(fig)
    learner = plan_named(plan)
    assert learner is not None
    assert learner.business in on_it  # the title
    for text in learner_texts(learner, kind):
        in_note = any(text in left for left in fig.left_out)
        cut_short = text in fig.cut
        assert text in on_it or in_note or cut_short, text
        if cut_short:
            assert text.split()[0] in on_it
    if fig.left_out:
        count = len(fig.left_out)
        assert f"No room on this poster for {count} item" in on_it
        assert sum(int(n) for n in re.findall(r"\+(\d+) more", on_it)) == count
    if fig.cut:
        assert "…" in on_it and "cut short" in on_it


def test_the_harbor_bikes_canvas_is_shown_in_full() -> None:
    fig = poster_figure("canvas", "harbor", "A4")
    assert fig.left_out == [] and fig.cut == []
    assert "more" not in shown(fig)


def test_a_crowded_block_counts_what_finds_no_room_and_lists_it() -> None:
    items = [f"Partner number {n}" for n in range(1, 41)]
    long = "A partner whose description goes on " + "and on " * 200 + "to the end"
    canvas = Canvas({Block.KEY_PARTNERS: (long, *items)}, title="Crowded")
    fig = posters.canvas_poster_figure(canvas, size="A4")
    on_it = shown(fig)
    hidden = int(re.search(r"\+(\d+) more", on_it).group(1))  # type: ignore[union-attr]
    assert hidden == len(fig.left_out) > 0
    assert f"No room on this poster for {hidden} items" in on_it
    assert fig.left_out[0].startswith("Key partners: Partner number")
    assert fig.left_out[-1] == "Key partners: Partner number 40"
    assert fig.cut == [long] and "A partner whose description goes on" in on_it
    assert "cut short" in on_it
    assert min(t.get_fontsize() for t in texts(fig)) >= SMALLEST["A4"]


def _dollar_plan() -> JourneyPlan:
    milestones = MilestoneMap(
        (
            Milestone("Try it for $5", Stage.BEFORE, measure="trials at $5 a week"),
            Milestone("Buy the $10 plan", Stage.CORE, measure="plans sold"),
        )
    )
    paths = PathSet(
        (
            JourneyPath(
                "Try it for $5",
                "Buy the $10 plan",
                (Touchpoint(r"Deal: $5 less \alpha_1", LifecycleStep.CONVERT, channel="email"),),
            ),
        )
    )
    canvas = Canvas(
        {Block.REVENUE_STREAMS: ("$5 now, then $10 a month",)},
        moments=(
            MomentOfTruth("Seeing $5 on the bill", MomentKind.SECOND, "x", (Block.CHANNELS,)),
        ),
    )
    return JourneyPlan(milestones=milestones, paths=paths, canvas=canvas, business="$ave $5")


@pytest.mark.parametrize("kind", ["canvas", "journey map"])
def test_dollars_in_learner_text_are_printed_as_typed_not_as_math(
    kind: str, tmp_path: Path
) -> None:
    plan = _dollar_plan()
    fig = FIGURES[kind](plan, size="A4")
    typed = shown(fig)
    pdf = MAKERS[kind](plan, size="A4", path=tmp_path / "dollars.pdf").read_bytes()
    printed = " ".join(" ".join(pdf_texts(pdf)).split())
    expected = (
        ["$5 now, then $10 a month", "SMOT: Seeing $5 on the bill"]
        if kind == "canvas"
        else ["Try it for $5", r"Deal: $5 less \alpha_1", "Buy the $10 plan"]
    )
    for text in expected:
        assert text in typed, text
        assert text in printed, text  # the dollars and the backslash reached the paper
    assert "$ave $5" in printed  # the title


def test_the_canvas_poster_credits_strategyzer(out: Path) -> None:
    for plan in ("blank", "harbor"):
        printed = " ".join(pdf_texts(poster_pdf("canvas", plan, "A4", out)))
        assert "Business Model Canvas by Strategyzer AG" in printed
        assert "CC BY-SA 3.0" in printed


def test_a_blank_canvas_asks_each_block_its_question() -> None:
    on_it = shown(poster_figure("canvas", "blank", "A4"))
    for block in Block:
        assert block.label in on_it
        assert block.question in on_it
    assert "Designed for:" in on_it


def test_a_blank_journey_map_has_the_milestone_columns_and_the_nine_lanes() -> None:
    fig = poster_figure("journey map", "blank", "A4")
    on_it = shown(fig)
    for stage in Stage:
        assert stage.label in on_it
    for step in LifecycleStep:
        assert f"{step.number}. {step.label}" in on_it
    assert fig.left_out == [] and fig.cut == []


def test_a_paper_size_the_posters_do_not_know_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="A4, A3"):
        posters.canvas_poster(size="Letter", path=tmp_path / "x.pdf")


# -- the command ----------------------------------------------------------------------


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journey_lessons", "posters", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_command_writes_both_posters_from_a_plan(tmp_path: Path) -> None:
    done = run("--size", "A4", "--plan", HARBOR, "-o", tmp_path / "prints", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = sorted((tmp_path / "prints").glob("*.pdf"))
    assert [p.name for p in written] == [
        "harbor_bikes_complete-canvas-A4.pdf",
        "harbor_bikes_complete-journey-map-A4.pdf",
    ]
    for path in written:
        assert str(path) in done.stdout
        pdf = path.read_bytes()
        assert pdf_pages(pdf) == [PAGE_POINTS["A4"]]
        assert min(pdf_font_sizes(pdf)) >= SMALLEST["A4"] - 0.01
        assert "Harbor Bikes" in " ".join(pdf_texts(pdf))


def test_the_command_writes_blank_a3_posters_by_default(tmp_path: Path) -> None:
    done = run("--blank", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("blank-canvas-A3.pdf", "blank-journey-map-A3.pdf"):
        assert pdf_pages((tmp_path / name).read_bytes()) == [PAGE_POINTS["A3"]]


@pytest.mark.parametrize(
    "args",
    [
        ("--plan", "no_such_journey.yaml"),
        ("--plan", str(DATA / "bad_files" / "bad_indent.yaml")),
    ],
)
def test_the_command_says_which_plan_it_cannot_read(args: tuple[str, str], tmp_path: Path) -> None:
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("journey-lessons posters: ")
    assert Path(args[1]).name in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.glob("*.pdf")) == []


@pytest.mark.parametrize("args", [("--size", "Letter"), ("--blank", "--plan", "x.yaml")])
def test_the_command_refuses_options_it_does_not_understand(
    args: tuple[str, ...], tmp_path: Path
) -> None:
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert "usage: journey-lessons posters" in done.stderr
