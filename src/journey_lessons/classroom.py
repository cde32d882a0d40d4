"""The instructor's class review: a folder of learners' journey files, in one report.

:func:`review_class` reads every journey file (``.yaml``, ``.yml``, ``.json``) in a
folder and in each of its subfolders one level down, since instructors often
collect one folder per learner (``class/ana/my_journey.yaml``). Nothing stops the
run and nothing is dropped without a word:

- a file that cannot be read is listed with its error (file, line, field);
- a file that is not a journey (a milestones-only file, some other YAML or JSON)
  and a backup kept by Save (``my_journey.previous.yaml``) are listed as not read,
  with why;
- hidden files and folders (``.ipynb_checkpoints``), folders two levels down and
  files of other types are not read, and the report says how many.

:meth:`ClassReview.write_html` writes one self-contained HTML page (inline CSS,
drawings as ``data:`` URIs, nothing fetched from the network): each learner's
progress per part, the findings most common across the class, a gallery of
milestone maps and canvases, and a link to each learner's one-page report,
written by :func:`journey_lessons.report.save_report` into a folder next to it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from ._html import html_table
from .files import JourneyFileError, previous_path, read_journey
from .findings import Finding, Findings, Severity
from .journey import PART, PARTS, JourneyPlan

#: The file types read as journeys.
JOURNEY_SUFFIXES = (".yaml", ".yml", ".json")
#: Where the CLI writes the class report when not told: inside the folder reviewed.
CLASS_REPORT = "class_report.html"


class ClassFolderError(ValueError):
    """The folder to review does not exist or is not a folder."""


@dataclass(frozen=True)
class Learner:
    """A journey file that was read: whose it is, and its plan checked."""

    file: str  # relative to the folder reviewed, with "/" between folders
    path: Path
    plan: JourneyPlan
    findings: Findings
    notes: tuple[str, ...] = ()  # what reading an older file changed

    @property
    def name(self) -> str:
        return self.plan.business or "(no business name yet)"

    def started(self, part: str) -> bool:
        """Whether the part holds anything yet."""
        return self.plan.size(part) > 0

    def part_findings(self) -> dict[str, Findings]:
        """The findings of each started part, by part name.

        A part not started has findings that only say so ("There are no paths
        yet"); the class report shows that part as not started instead.
        """
        from .report import findings_by_part

        grouped = findings_by_part(self.plan, self.findings)
        return {part: found for part, found in grouped.items() if self.started(part)}


@dataclass(frozen=True)
class NotRead:
    """A file (or folder) that was not read as a journey, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class CommonFinding:
    """One kind of finding (its part and code) and how often the class has it."""

    part: str  # the part's name, as in PARTS
    code: str
    severity: Severity  # the most serious seen
    learners: int  # how many learners have it at least once
    times: int  # how many findings in all
    example: Finding
    example_learner: str


@dataclass(frozen=True)
class ClassReview:
    """What :func:`review_class` found in a folder; :meth:`write_html` writes the report."""

    folder: Path
    learners: tuple[Learner, ...] = ()
    unreadable: tuple[NotRead, ...] = ()  # journey files with an error a learner can fix
    not_journeys: tuple[NotRead, ...] = ()  # backups, milestones files, other YAML/JSON
    not_looked_at: tuple[str, ...] = ()  # what was not opened, a phrase each

    def common_findings(self) -> list[CommonFinding]:
        """Every kind of finding in the started parts, the most widespread first."""
        groups: dict[tuple[str, str], list[tuple[Learner, Finding]]] = {}
        for learner in self.learners:
            for part, found in learner.part_findings().items():
                for finding in found:
                    code = finding.code or finding.message  # uncoded: its message is its kind
                    groups.setdefault((part, code), []).append((learner, finding))
        order = list(Severity)
        part_order = [part.name for part in PARTS]
        common = [
            CommonFinding(
                part,
                code,
                min((f.severity for _, f in seen), key=order.index),
                len({learner.file for learner, _ in seen}),
                len(seen),
                seen[0][1],
                seen[0][0].name,
            )
            for (part, code), seen in groups.items()
        ]
        return sorted(
            common, key=lambda c: (-c.learners, -c.times, part_order.index(c.part), c.code)
        )

    def summary(self) -> str:
        """One line: how many journeys were read, and how many files were not."""
        journeys = _count(len(self.learners), "journey", "journeys")
        unreadable = _count(len(self.unreadable), "file", "files")
        line = f"{journeys} read, {unreadable} unreadable"
        if self.not_journeys:
            line += f", {len(self.not_journeys)} not read (not journeys or backups)"
        return line

    def write_html(self, path: str | Path, *, learner_reports: bool = True) -> Path:
        """Write the class report to ``path``; returns it.

        With ``learner_reports``, each learner's one-page report is written with
        :func:`journey_lessons.report.save_report` into ``<name>_learners/`` next to
        it (see :func:`learner_reports_folder`) and linked. A learner whose plan
        cannot be drawn gets the problem shown in place of the drawing.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        written: dict[int, _Written] = {}
        if learner_reports and self.learners:
            folder = learner_reports_folder(path)
            folder.mkdir(parents=True, exist_ok=True)
            for number, learner in enumerate(self.learners, start=1):
                written[number] = _write_learner_report(learner, folder, number)
        path.write_text(_page(self, written), encoding="utf-8")
        return path


def learner_reports_folder(class_report: str | Path) -> Path:
    """Where the learners' reports go: ``class_report_learners/`` beside ``class_report.html``."""
    class_report = Path(class_report)
    return class_report.with_name(f"{class_report.stem}_learners")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# -- reading the folder ------------------------------------------------------------------


def review_class(folder: str | Path, *, exclude: Iterable[str | Path] = ()) -> ClassReview:
    """Read and check every journey file in ``folder`` and its subfolders one level down.

    ``exclude``: files or folders not to look at (the class report itself and its
    learners' reports, when they are written inside ``folder``). Raises
    :class:`ClassFolderError` when ``folder`` does not exist or is not a folder;
    a file that cannot be read never stops the review.
    """
    folder = Path(folder)
    if not folder.exists():
        raise ClassFolderError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise ClassFolderError(f"{folder}: is a file, not a folder of journey files")
    skip = {Path(p).resolve() for p in exclude}
    learners: list[Learner] = []
    unreadable: list[NotRead] = []
    not_journeys: list[NotRead] = []
    hidden: Counter[str] = Counter()
    deeper: list[str] = []
    others = 0
    for entry in _entries(folder, skip, unreadable):
        file = entry.relative_to(folder).as_posix()
        if entry.name.startswith("."):  # .ipynb_checkpoints, .DS_Store, a save in progress
            hidden[entry.name + ("/" if entry.is_dir() else "")] += 1
        elif entry.is_dir():
            deeper.append(file + "/")  # only folders two levels down are yielded
        elif entry.suffix.lower() not in JOURNEY_SUFFIXES:
            others += 1
        elif Path(entry.stem).suffix == ".previous":
            not_journeys.append(NotRead(file, _backup_reason(entry)))
        else:
            _read_one(entry, file, learners, unreadable, not_journeys)
    not_looked_at = []
    if others:
        not_looked_at.append(f"{_count(others, 'file is', 'files are')} not .yaml, .yml or .json")
    if hidden:
        names = ", ".join(f"{name} ({n})" if n > 1 else name for name, n in hidden.items())
        not_looked_at.append(f"hidden files and folders (their names start with a dot): {names}")
    if deeper:
        not_looked_at.append(
            f"folders two levels down (only one level of subfolders is read): {', '.join(deeper)}"
        )
    return ClassReview(
        folder, tuple(learners), tuple(unreadable), tuple(not_journeys), tuple(not_looked_at)
    )


def _entries(folder: Path, skip: set[Path], unreadable: list[NotRead]) -> Iterable[Path]:
    """Files of the folder and of its subfolders; hidden and deeper folders themselves.

    A subfolder that cannot be opened is added to ``unreadable``.
    """
    try:
        entries = sorted(folder.iterdir(), key=_sort_key)
    except OSError as error:
        raise ClassFolderError(f"{folder}: cannot be opened: {error.strerror or error}") from None
    for entry in entries:
        if entry.resolve() in skip:
            continue
        if not entry.is_dir() or entry.name.startswith("."):
            yield entry
            continue
        try:
            inner = sorted(entry.iterdir(), key=_sort_key)
        except OSError as error:
            name = f"{entry.relative_to(folder).as_posix()}/"
            unreadable.append(NotRead(name, f"{entry}: cannot be opened: {error.strerror}"))
            continue
        yield from (e for e in inner if e.resolve() not in skip)


def _sort_key(path: Path) -> tuple[str, str]:
    return (path.name.casefold(), path.name)


def _backup_reason(path: Path) -> str:
    current = path.with_name(path.name.replace(".previous", "", 1))
    if previous_path(current) == path and current.exists():
        return f"a backup kept by Save (the version before the last save of {current.name})"
    return f"a backup kept by Save, and there is no {current.name} next to it"


def _read_one(
    path: Path,
    file: str,
    learners: list[Learner],
    unreadable: list[NotRead],
    not_journeys: list[NotRead],
) -> None:
    try:
        # strict=False: a reference to a renamed touchpoint opens, and check() reports it
        read = read_journey(path, strict=False)
    except JourneyFileError as error:
        # the reader's own words for a file of another kind (files.py, _build)
        if error.problem.startswith("not a journey-lessons"):
            not_journeys.append(NotRead(file, str(error)))
        else:
            unreadable.append(NotRead(file, str(error)))
        return
    if read.version == 0:  # a milestones file: read_journey's mark for one
        not_journeys.append(
            NotRead(
                file,
                "a milestones file (kind: milestones), not a whole journey: "
                "not counted as a learner's journey",
            )
        )
        return
    learners.append(Learner(file, path, read.plan, read.plan.check(), read.notes))


# -- writing the report ------------------------------------------------------------------


@dataclass
class _Written:
    """A learner's report as written: its link, or why not; the drawings it holds."""

    link: str = ""  # relative to the class report
    problem: str = ""
    images: dict[str, str] = field(default_factory=dict)  # part name: its <img>


# A drawing in a learner's report, as report.py writes it: <section id="part"><h2>…</h2><img…>
_REPORT_IMAGE = re.compile(r'<section id="(milestones|canvas)"><h2>[^<]*</h2>(<img [^>]*>)')


def _write_learner_report(learner: Learner, folder: Path, number: int) -> _Written:
    from .report import save_report

    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", learner.file.rsplit(".", 1)[0]).strip("-.")
    path = folder / f"{number:03d}-{slug or 'journey'}.html"
    try:
        save_report(learner.plan, path)
    except Exception as error:  # one learner's plan that cannot be drawn must not stop the class
        return _Written(problem=_problem(error))
    # Drawing takes most of the time: the gallery takes its drawings from the report
    # just written, and draws them itself only where it cannot find them there.
    images = dict(_REPORT_IMAGE.findall(path.read_text(encoding="utf-8")))
    return _Written(quote(f"{folder.name}/{path.name}"), images=images)


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827;
max-width:1200px;margin:1.5em auto;padding:0 1em;line-height:1.4}
h2{border-bottom:2px solid #e5e7eb;padding-bottom:0.15em;margin-top:1.4em}
table{border-collapse:collapse;margin:0.6em 0;font-size:0.9em}
th,td{border:1px solid #d1d5db;padding:0.25em 0.55em;text-align:left;vertical-align:top}
thead th,tfoot td{background:#f3f4f6}caption{text-align:left;font-weight:600;padding:0.2em 0}
td.jl-num{text-align:right;white-space:nowrap}.jl-empty{color:#6b7280;font-style:italic}
.jl-problem{color:#b91c1c}.jl-gallery{display:grid;gap:1em;
grid-template-columns:repeat(auto-fill,minmax(320px,1fr))}
.jl-card{border:1px solid #d1d5db;border-radius:6px;padding:0.6em;margin:0}
.jl-card img{width:100%;height:auto;display:block;margin:0.3em 0}
.jl-card figcaption{font-weight:600}.jl-card small{font-weight:normal;color:#4b5563}
"""


def _page(review: ClassReview, written: dict[int, _Written]) -> str:
    title = f"Class review: {review.folder.resolve().name}"
    if review.learners:
        body = (
            _section("progress", "Progress per part", _progress(review, written))
            + _section("findings", "Most common findings", _common(review))
            + _section("gallery", "Milestone maps and canvases", _gallery(review, written))
        )
    else:
        body = (
            f'<p class="jl-empty" id="no-journeys">No journeys were found in '
            f"{escape(str(review.folder))}.</p>"
        )
    body += _section("not-read", "Files not read", _not_read(review))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body><header><h1>{escape(title)}</h1>"
        f"<p>{escape(review.summary())}, from {escape(str(review.folder))}.</p></header>"
        f"<main>{body}</main></body></html>\n"
    )


def _section(anchor: str, heading: str, html: str) -> str:
    return f'<section id="{anchor}"><h2>{escape(heading)}</h2>{html}</section>'


def _part_cell(learner: Learner, part: str, by_part: dict[str, Findings]) -> str:
    """``4 ✖1 ⚠2``: the part's items, errors and warnings; ``—`` when not started."""
    if part not in by_part:
        return "—"
    found, size = by_part[part], learner.plan.size(part)
    errors = sum(f.severity is Severity.ERROR for f in found)
    warnings = sum(f.severity is Severity.WARNING for f in found)
    return f"{size}" + (f" ✖{errors}" if errors else "") + (f" ⚠{warnings}" if warnings else "")


def _counts(by_part: dict[str, Findings]) -> str:
    """``2 errors, 1 tip``: the findings of the started parts."""
    found = Findings(f for findings in by_part.values() for f in findings)
    return found.summary().removeprefix("Findings: ").rstrip(".") if found else "none"


def _progress(review: ClassReview, written: dict[int, _Written]) -> str:
    head = "".join(
        f"<th>{escape(h)}</th>"
        for h in ("learner", "file", *(part.heading for part in PARTS), "findings", "report")
    )
    rows = []
    for number, learner in enumerate(review.learners, start=1):
        by_part = learner.part_findings()
        cells = [
            f"<td>{escape(learner.name)}</td>",
            f"<td>{escape(learner.file)}</td>",
            *(
                f'<td class="jl-num">{_part_cell(learner, part.name, by_part)}</td>'
                for part in PARTS
            ),
            f"<td>{escape(_counts(by_part))}</td>",
            f"<td>{_report_cell(written.get(number))}</td>",
        ]
        rows.append(f'<tr id="learner-{number}">{"".join(cells)}</tr>')
    started = "".join(
        f'<td class="jl-num">{sum(x.started(p.name) for x in review.learners)}'
        f" of {len(review.learners)}</td>"
        for p in PARTS
    )
    foot = f'<tr><td colspan="2">started</td>{started}<td colspan="2"></td></tr>'
    notes = [
        f"<li>{escape(learner.file)}: {escape(note)}</li>"
        for learner in review.learners
        for note in learner.notes
    ]
    return (
        "<p>Each part: how many items it holds, ✖ its errors and ⚠ its warnings (tips are in "
        "each learner's report); — not started yet. The findings column counts them all, tips "
        "too, in the parts started.</p>"
        f'<table class="jl-table jl-progress"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody><tfoot>{foot}</tfoot></table>"
        + (f"<p>Read from an older format:</p><ul>{''.join(notes)}</ul>" if notes else "")
    )


def _report_cell(written: _Written | None) -> str:
    if written is None:
        return '<span class="jl-empty">not written</span>'
    if written.link:
        return f'<a href="{escape(written.link, quote=True)}">report</a>'
    return f'<span class="jl-problem">not written: {escape(written.problem)}</span>'


def _problem(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _common(review: ClassReview) -> str:
    common = review.common_findings()
    note = (
        "<p>Counted in the parts each learner has started: a part not started has only "
        "findings that say so, and the progress table counts those parts.</p>"
    )
    if not common:
        return note + "<p>No findings in any started part: everything checks out.</p>"
    rows = [
        (
            f"{c.severity.icon} {c.severity.value}",
            PART[c.part].heading,
            c.code,
            c.learners,
            c.times,
            f"{c.example.message} (e.g. {c.example_learner}: {c.example.where})",
        )
        for c in common
    ]
    return note + html_table(
        ("", "part", "finding", "learners", "times", "example"),
        rows,
        caption=f"{len(common)} kinds of finding, the most widespread first",
        css_class="jl-table jl-common",
    )


def _gallery(review: ClassReview, written: dict[int, _Written]) -> str:
    cards = [
        _card(number, learner, written.get(number) or _Written())
        for number, learner in enumerate(review.learners, start=1)
    ]
    return f'<div class="jl-gallery">{"".join(cards)}</div>'


def _card(number: int, learner: Learner, written: _Written) -> str:
    caption = f"{escape(learner.name)} <small>{escape(learner.file)}</small>"
    if written.link:
        caption = f'<a href="{escape(written.link, quote=True)}">{caption}</a>'
    return (
        f'<figure class="jl-card" id="gallery-{number}"><figcaption>{caption}</figcaption>'
        f"{_drawings(learner.plan, written.images)}</figure>"
    )


def _drawings(plan: JourneyPlan, images: dict[str, str]) -> str:
    from . import draw

    html = []
    for part, make in (
        ("milestones", lambda: draw.milestones(plan.milestones)),
        ("canvas", lambda: draw.canvas(plan.canvas)),
    ):
        if not plan.size(part):
            html.append(f'<p class="jl-empty">No {PART[part].heading.lower()} yet.</p>')
            continue
        if part in images:
            html.append(images[part])
            continue
        try:
            fig = make()
            html.append(draw.img_html(fig, fig.alt_text))
        except Exception as error:  # one learner's drawing must not stop the class report
            html.append(
                f'<p class="jl-problem">The {PART[part].heading.lower()} could not be drawn: '
                f"{escape(_problem(error))}</p>"
            )
    return "".join(html)


def _not_read(review: ClassReview) -> str:
    html = []
    if review.unreadable:
        html.append(
            html_table(
                ("file", "error"),
                [(x.file, x.reason) for x in review.unreadable],
                caption="Journey files that cannot be read (fix the line or field named)",
                css_class="jl-table jl-unreadable",
            )
        )
    if review.not_journeys:
        html.append(
            html_table(
                ("file", "why it was not read"),
                [(x.file, x.reason) for x in review.not_journeys],
                caption="Not journeys, or backups",
                css_class="jl-table jl-not-journeys",
            )
        )
    if review.not_looked_at:
        items = "".join(f"<li>{escape(x)}</li>" for x in review.not_looked_at)
        html.append(f"<p>Not looked at:</p><ul>{items}</ul>")
    return "".join(html) or '<p class="jl-empty">Every file was read.</p>'


# -- the command -------------------------------------------------------------------------


def main(argv: Sequence[str]) -> int:
    """``journey-lessons review FOLDER``: 0 when the report was written, 2 for a bad folder."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        prog="journey-lessons review",
        description="Review a folder of learners' journey files into one class report. "
        "Reads the .yaml, .yml and .json files in FOLDER and in its subfolders one level "
        "down (one folder per learner); files that cannot be read, backups and files that "
        "are not journeys are listed in the report with why.",
    )
    parser.add_argument("folder", type=Path, help="the folder of journey files")
    parser.add_argument(
        "-o", "--out", type=Path, help=f"the class report to write (default: FOLDER/{CLASS_REPORT})"
    )
    parser.add_argument(
        "--no-learner-reports",
        action="store_true",
        help="do not write each learner's one-page report (faster)",
    )
    args = parser.parse_args(argv)
    out = args.out or args.folder / CLASS_REPORT
    try:
        review = review_class(args.folder, exclude=(out, learner_reports_folder(out)))
    except ClassFolderError as error:
        print(f"journey-lessons review: {error}", file=sys.stderr)
        return 2
    try:
        written = review.write_html(out, learner_reports=not args.no_learner_reports)
    except OSError as error:
        print(
            f"journey-lessons review: cannot write {out}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 1
    if not review.learners:
        print(f"No journeys were found in {args.folder}.")
    print(f"{review.summary()}; class report: {written}")
    return 0
