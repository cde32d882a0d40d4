"""The class review: a folder of learners' files in, one offline class report out."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from journey_lessons import (
    PARTS,
    JourneyFileError,
    JourneyPlan,
    Milestone,
    MilestoneMap,
    Stage,
    load_journey,
    read_journey,
    save_journey,
    save_milestones,
)
from journey_lessons.classroom import ClassFolderError, learner_reports_folder, review_class

HARBOR = Path(__file__).parent / "data" / "journeys" / "harbor_bikes_complete.yaml"
SCRIPT_NAME = "<script>alert(1)</script> Bakery"
BROKEN_YAML = (
    "schema: journey-lessons\nkind: journey\nversion: 2\nbusiness: Dan's Diner\n"
    "milestones:\n  milestones:\n  - {name: Order, stage: core\n"
)


# -- a class folder, as an instructor collects it ------------------------------------------


def make_class(folder: Path) -> None:
    """Three learners' journeys, a broken one, and the stray files a class folder holds."""
    harbor = load_journey(HARBOR)
    for learner in ("ana", "ben", "cleo", "dan", "deep/older"):
        (folder / learner).mkdir(parents=True)
    # complete, and saved twice: Save keeps the version before as a backup
    save_journey(harbor.replace(business="Old name"), folder / "ana" / "my_journey.yaml")
    save_journey(harbor, folder / "ana" / "my_journey.yaml")
    # half done: stopped after the MoSCoW board, for a business of its own
    half = JourneyPlan(
        milestones=harbor.milestones, paths=harbor.paths, board=harbor.board, business="Ferry café"
    )
    save_journey(half, folder / "ben" / "my_journey.json")
    # just begun, with a mistake, and a business name that is HTML
    begun = MilestoneMap(
        (
            Milestone("Taste a free sample", Stage.BEFORE, "free_trial", "samples per day"),
            Milestone("Leave a review", Stage.AFTER, "testimonial", ""),
        )
    )
    save_journey(JourneyPlan(milestones=begun, business=SCRIPT_NAME), folder / "cleo" / "j.yaml")
    (folder / "dan" / "my_journey.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    (folder / "settings.yml").write_text("theme: dark\n", encoding="utf-8")
    save_milestones(harbor.milestones, folder / "milestones.yaml")
    (folder / "notes.txt").write_text("bring the projector\n", encoding="utf-8")
    (folder / ".ipynb_checkpoints").mkdir()
    save_journey(harbor, folder / ".ipynb_checkpoints" / "my_journey.yaml")
    save_journey(harbor, folder / "deep" / "older" / "my_journey.yaml")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The class folder, its class report, and the report's HTML."""
    folder = tmp_path_factory.mktemp("class")
    make_class(folder)
    out = tmp_path_factory.mktemp("out") / "class_report.html"
    review_class(folder).write_html(out)
    return folder, out, out.read_text(encoding="utf-8")


class _Tables(HTMLParser):
    """The text of each table's cells, by the table's classes; and every link and image."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.table = ""
        self.cell: list[str] | None = None
        self.links: list[str] = []
        self.images: list[tuple[str, str]] = []  # (card id, src)
        self.card = ""
        self.card_text: dict[str, str] = defaultdict(str)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.table = found.get("class") or ""
            self.tables[self.table] = []
        elif tag == "tr" and self.table:
            self.tables[self.table].append([])
        elif tag in ("td", "th") and self.table:
            self.cell = []
        elif tag == "a":
            self.links.append(found.get("href") or "")
        elif tag == "figure":
            self.card = found.get("id") or ""
        elif tag == "img":
            self.images.append((self.card, found.get("src") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.table][-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.table = ""
        elif tag == "figure":
            self.card = ""

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        if self.card:
            self.card_text[self.card] += data


def parsed(html: str) -> _Tables:
    tables = _Tables()
    tables.feed(html)
    return tables


def rows(html: str, css_class: str) -> list[list[str]]:
    """The body rows of the table with this class (its header row left out)."""
    return parsed(html).tables[f"jl-table {css_class}"][1:]


# -- progress per part -------------------------------------------------------------------------


def test_each_learner_has_their_progress_per_part(written: tuple[Path, Path, str]) -> None:
    *_, html = written
    table = rows(html, "jl-progress")
    by_file = {row[1]: row for row in table}
    # items per part, then ✖ errors and ⚠ warnings; — for a part not started
    assert by_file["ana/my_journey.yaml"][:11] == [
        "Harbor Bikes", "ana/my_journey.yaml", "4", "5 ⚠4", "4", "5", "1 ⚠1", "23", "7",
        "5 warnings, 3 tips", "report",
    ]  # fmt: skip
    assert by_file["ben/my_journey.json"][:10] == [
        "Ferry café", "ben/my_journey.json", "4", "5 ⚠4", "4", "—", "—", "—", "—", "4 warnings",
    ]  # fmt: skip
    assert by_file["cleo/j.yaml"][:10] == [
        SCRIPT_NAME, "cleo/j.yaml", "2 ✖1 ⚠1", "—", "—", "—", "—", "—", "—",
        "1 error, 1 warning",
    ]  # fmt: skip
    # the last row counts how many learners started each part
    assert table[-1] == ["started", *(["3 of 3"] + ["2 of 3"] * 2 + ["1 of 3"] * 4), ""]
    assert len(table) == 3 + 1  # the backup, the hidden and the deeper copies are not learners


def test_the_most_common_findings_are_counted_across_the_class(
    written: tuple[Path, Path, str],
) -> None:
    folder, _, html = written
    # worked out here from each file's own check(), in the parts the learner started
    headings = {part.heading: part for part in PARTS}
    learners: dict[tuple[str, str], set[str]] = defaultdict(set)
    times: dict[tuple[str, str], int] = defaultdict(int)
    for file in ("ana/my_journey.yaml", "ben/my_journey.json", "cleo/j.yaml"):
        plan = load_journey(folder / file, strict=False)
        for finding in plan.check():
            part = headings[finding.where.split(":")[0]]
            if plan.size(part.name):
                learners[part.heading, finding.code].add(file)
                times[part.heading, finding.code] += 1
    expected = {key: (len(learners[key]), times[key]) for key in learners}

    table = rows(html, "jl-common")
    shown = {(row[1], row[2]): (int(row[3]), int(row[4])) for row in table}
    assert shown == expected
    assert shown["Paths", "step_not_covered"] == (2, 8)  # Harbor Bikes and Ferry café, 4 each
    assert shown["Milestones", "no_core"] == (1, 1)
    assert "no_paths" not in {code for _, code in shown}  # cleo has not started the paths
    counts = [(int(row[3]), int(row[4])) for row in table]
    assert counts == sorted(counts, reverse=True)  # the most widespread first
    step_row = next(row for row in table if row[2] == "step_not_covered")
    assert step_row[5].startswith("No touchpoint serves this step.")


def test_the_gallery_draws_each_learner_with_milestones(written: tuple[Path, Path, str]) -> None:
    *_, html = written
    page = parsed(html)
    images: dict[str, int] = defaultdict(int)
    for card, src in page.images:
        assert src.startswith("data:image/svg+xml;base64,")  # inline: the page works offline
        images[card] += 1
    assert images == {"gallery-1": 2, "gallery-2": 1, "gallery-3": 1}  # canvas: Harbor Bikes only
    assert "Harbor Bikes" in page.card_text["gallery-1"]
    assert "No canvas yet." in page.card_text["gallery-2"]


def test_every_learner_report_is_linked_and_on_disk(written: tuple[Path, Path, str]) -> None:
    _, out, html = written
    links = [link for link in parsed(html).links if link]
    assert len(links) == 2 * 3  # from the progress table and from the gallery
    for link in links:
        report = out.parent / unquote(link)
        assert report.parent == learner_reports_folder(out)
        assert report.is_file()
    reports = sorted(learner_reports_folder(out).iterdir())
    assert len(reports) == 3
    assert "Ferry café" in reports[1].read_text(encoding="utf-8")


def test_files_not_read_are_listed_with_why(written: tuple[Path, Path, str]) -> None:
    folder, _, html = written
    unreadable = dict(map(tuple, rows(html, "jl-unreadable")))
    assert set(unreadable) == {"dan/my_journey.yaml", "empty.yaml"}
    for file, shown in unreadable.items():
        with pytest.raises(JourneyFileError) as error:
            read_journey(folder / file)
        assert shown == str(error.value)  # the reader's own words: file, line, what is wrong
    assert ", line " in unreadable["dan/my_journey.yaml"]

    not_journeys = dict(map(tuple, rows(html, "jl-not-journeys")))
    assert set(not_journeys) == {"ana/my_journey.previous.yaml", "milestones.yaml", "settings.yml"}
    assert "backup kept by Save" in not_journeys["ana/my_journey.previous.yaml"]
    assert "milestones file" in not_journeys["milestones.yaml"]
    assert "not a journey-lessons journey" in not_journeys["settings.yml"]
    # and what was not opened at all is said, not dropped
    assert "1 file is not .yaml, .yml or .json" in html
    assert ".ipynb_checkpoints/" in html
    assert "deep/older/" in html
    assert "3 journeys read, 2 files unreadable" in html


def test_learner_text_is_escaped_and_the_page_is_self_contained(
    written: tuple[Path, Path, str],
) -> None:
    *_, html = written
    assert "<script" not in html
    assert escape(SCRIPT_NAME) in html
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html


def test_a_plan_that_cannot_be_drawn_is_shown_and_the_others_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journey_lessons import draw

    make_class(tmp_path / "class")
    drawing = draw.milestones

    def fails_for_ferry(milestones: MilestoneMap) -> object:
        if milestones.title == "Ferry café":
            raise RuntimeError("no room for the boxes")
        return drawing(milestones)

    monkeypatch.setattr(draw, "milestones", fails_for_ferry)
    out = review_class(tmp_path / "class").write_html(tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    ferry = next(row for row in rows(html, "jl-progress") if row[0] == "Ferry café")
    assert ferry[-1] == "not written: RuntimeError: no room for the boxes"
    assert "The milestones could not be drawn: RuntimeError: no room for the boxes" in html
    page = parsed(html)
    assert {card for card, _ in page.images} == {"gallery-1", "gallery-3"}
    assert len(list(learner_reports_folder(out).iterdir())) == 2


def test_an_empty_folder_gives_a_report_that_says_so(tmp_path: Path) -> None:
    review = review_class(tmp_path)
    html = review.write_html(tmp_path / "out.html").read_text(encoding="utf-8")
    assert f"No journeys were found in {escape(str(tmp_path))}." in html
    assert not learner_reports_folder(tmp_path / "out.html").exists()


def test_a_missing_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ClassFolderError, match="no_such_class: no such folder"):
        review_class(tmp_path / "no_such_class")


# -- the command -----------------------------------------------------------------------------


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journey_lessons", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_reviews_a_folder_into_its_class_report(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    make_class(folder)
    done = run("review", folder)
    assert done.returncode == 0, done.stderr
    report = folder / "class_report.html"
    assert done.stdout.strip() == (
        "3 journeys read, 2 files unreadable, 3 not read (not journeys or backups); "
        f"class report: {report}"
    )
    assert report.is_file()
    assert len(list(learner_reports_folder(report).iterdir())) == 3
    # run again: its own report and the learners' reports are not read as class files
    again = run("review", folder)
    assert again.stdout == done.stdout
    assert "class_report" not in report.read_text(encoding="utf-8").split("Files not read")[1]


def test_the_command_on_an_empty_folder_says_no_journeys(tmp_path: Path) -> None:
    done = run("review", tmp_path, "--out", tmp_path / "report.html")
    assert done.returncode == 0
    assert f"No journeys were found in {tmp_path}." in done.stdout
    assert (tmp_path / "report.html").is_file()


def test_the_command_on_a_missing_folder_exits_2(tmp_path: Path) -> None:
    done = run("review", tmp_path / "nowhere")
    assert done.returncode == 2
    assert f"{tmp_path / 'nowhere'}: no such folder" in done.stderr
    assert not (tmp_path / "nowhere").exists()
