"""The capstone: a journey reviewed part by part, and exported as a one-page report.

``review(plan)`` groups the plan's findings by part and says what to do next.
``report_html(plan)`` is a self-contained HTML page (inline CSS, drawings
embedded as ``data:`` URIs, nothing fetched from the network) and
``save_report(plan, ...)`` writes it, with a one-page PNG image drawn by
matplotlib alone. ``report_panel(plan)`` is the capstone's widget: pick a part
to see its drawing and findings, and export the report with one button.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from . import draw
from ._fields import UNWRITABLE, unwritable_field
from ._html import html_table, text_table
from .draw._base import learner_text_as_typed, plain, shorten
from .findings import Findings
from .journey import PART, PARTS, JourneyPlan
from .kpis import format_value

# The report's headings where they differ from the part's own.
_SECTION_HEADINGS = {
    "milestones": "Milestone map",
    "requirements": "Non-functional requirements",
    "canvas": "Business Model Canvas",
    "kpi_targets": "KPIs against targets",
}

#: The files the capstone writes next to the notebook.
REPORT_HTML = "my_journey_report.html"
REPORT_PNG = "my_journey_report.png"

#: The report's section of the journey customers took (notebook 08): not a part of the
#: plan, but read from the event log against it.
OBSERVED = "observed"

#: The report's sections, in order: a part of the plan (or ``""``), and its heading.
SECTIONS = (
    *((part.name, _SECTION_HEADINGS.get(part.name, part.heading)) for part in PARTS),
    (OBSERVED, "The journey customers took"),
    ("", "Findings"),
)


def part_size(plan: JourneyPlan, part: str) -> int:
    """How many things a part holds (0: not started)."""
    return plan.size(part)


def findings_by_part(plan: JourneyPlan, findings: Findings | None = None) -> dict[str, Findings]:
    """``plan.check()`` split by part: attribute name → that part's findings."""
    findings = plan.check() if findings is None else findings
    headings = {part.heading: part.name for part in PARTS}
    grouped: dict[str, list[Any]] = {part.name: [] for part in PARTS}
    for finding in findings:
        heading = finding.where.split(":", 1)[0]
        grouped[headings.get(heading, "milestones")].append(finding)
    return {name: Findings(found) for name, found in grouped.items()}


@dataclass(frozen=True)
class PartReview:
    """One row of a review: a part, how much it holds, its findings and what to do next."""

    part: str
    heading: str
    notebook: str
    size: int
    findings: Findings

    @property
    def clean(self) -> bool:
        """Started, and no errors left."""
        return self.size > 0 and self.findings.ok

    def counts(self) -> str:
        if not self.findings:
            return "none"
        return self.findings.summary().removeprefix("Findings: ").rstrip(".")

    def next_step(self) -> str:
        if self.size == 0:
            return f"Not started: in notebook {self.notebook}, {PART[self.part].todo}."
        if self.findings.errors:
            first = self.findings.errors[0]
            return f"Fix: {first.message} {first.hint}".strip()
        if self.findings:
            first = self.findings[0]
            return f"Consider: {first.message} {first.hint}".strip()
        return "Nothing to do: this part checks out."


class Review(tuple):
    """Every part of a plan with its findings and the next step; shows as a table."""

    _HEADERS = ("part", "notebook", "items", "findings", "what to do next")

    def _rows(self) -> list[tuple[str, ...]]:
        return [
            (("✔ " if r.clean else "✘ ") + r.heading, r.notebook, str(r.size), r.counts(),
             r.next_step())
            for r in self
        ]  # fmt: skip

    @property
    def done(self) -> bool:
        """Every part started and free of errors."""
        return all(r.clean for r in self)

    def summary(self) -> str:
        clean = sum(r.clean for r in self)
        if self.done:
            return f"All {len(self)} parts are started and free of errors."
        return f"{clean} of {len(self)} parts are started and free of errors."

    def __str__(self) -> str:
        return text_table(self._HEADERS, self._rows(), caption=self.summary())

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return html_table(self._HEADERS, self._rows(), caption=self.summary())


def review(plan: JourneyPlan) -> Review:
    """The plan checked end to end, grouped by part, with what to do next for each."""
    grouped = findings_by_part(plan)
    return Review(
        PartReview(part.name, part.heading, part.notebook, plan.size(part.name), grouped[part.name])
        for part in PARTS
    )


def unknown_targets(plan: JourneyPlan) -> list[str]:
    """KPI target keys that no KPI of the plan has (a typo, or a renamed milestone)."""
    from .kpis import target_findings

    return sorted(f.where for f in target_findings(plan))


def kpi_table(plan: JourneyPlan, events: Any) -> Any:
    """The KPI report against the plan's targets, leaving out targets no KPI has."""
    from .kpis import known_targets, kpi_report

    return kpi_report(events, known_targets(plan), plan.milestones)


def part_figure(plan: JourneyPlan, part: str, events: Any = None) -> Any:
    """The drawing of one part (``"kpi_targets"``: the KPIs against targets, from ``events``)."""
    if part == "milestones":
        return draw.milestones(plan.milestones)
    if part == "paths":
        return draw.paths(plan.milestones, plan.paths)
    if part == "board":
        return draw.moscow_board(plan.board)
    if part == "requirements":
        return draw.nfr_heatmap(plan.requirements)
    if part == "use_cases":
        return draw.use_cases(plan.use_cases)
    if part == "canvas":
        return draw.canvas(plan.canvas)
    if part == "kpi_targets":
        return draw.kpi_dashboard(kpi_table(plan, events))
    raise ValueError(f"no part of a plan is called {part!r}")


def _figures(plan: JourneyPlan, events: Any) -> dict[str, Any]:
    """The drawing of every part that holds something, in course order."""
    figures = {
        part.name: part_figure(plan, part.name)
        for part in PARTS
        if part.name != "kpi_targets" and plan.size(part.name)
    }
    if events is not None:
        figures["kpi_targets"] = part_figure(plan, "kpi_targets", events)
        if plan.size("milestones"):
            figures[OBSERVED] = draw.observed_flow(_observed(plan, events), plan)
    return figures


def _observed(plan: JourneyPlan, events: Any) -> Any:
    from .observed import observe

    return observe(events, plan)


# -- the HTML page ---------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827;
max-width:1100px;margin:1.5em auto;padding:0 1em;line-height:1.4}
h1{margin-bottom:0.2em}h2{border-bottom:2px solid #e5e7eb;padding-bottom:0.15em;margin-top:1.4em}
table{border-collapse:collapse;margin:0.6em 0;font-size:0.9em}
th,td{border:1px solid #d1d5db;padding:0.25em 0.55em;text-align:left;vertical-align:top}
thead th{background:#f3f4f6}caption{text-align:left;font-weight:600;padding:0.2em 0}
img{max-width:100%;height:auto;display:block;margin:0.5em 0}
.jl-empty{color:#6b7280;font-style:italic}.jl-ok{color:#2f7a4f}
@media print{h2{break-after:avoid}img{break-inside:avoid}}
"""


def _fmt(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return format_value(value, unit)


def _empty(part: str) -> str:
    return (
        f'<p class="jl-empty">Not started yet: in notebook {PART[part].notebook}, '
        f"{escape(PART[part].todo)}.</p>"
    )


def _drawing(fig: Any) -> str:
    return draw.img_html(fig, fig.alt_text)


def _kpi_section(plan: JourneyPlan, events: Any, figures: Mapping[str, Any]) -> str:
    if events is None:
        if not plan.kpi_targets:
            return _empty("kpi_targets")
        rows = [(key, f"{value:g}") for key, value in plan.kpi_targets.items()]
        return (
            '<p class="jl-empty">No event log was given, so only the targets are shown.</p>'
            + html_table(("KPI", "target"), rows, caption="Targets")
        )
    table = kpi_table(plan, events)
    rows = [
        (row.kpi, _fmt(row.value, row.unit), _fmt(row.target, row.unit), row.status)
        for row in table.itertuples(index=False)
    ]
    counts = table["status"].value_counts()
    summary = (
        f"{int(counts.get('met', 0))} met, {int(counts.get('not met', 0))} not met, "
        f"{int(counts.get('no target', 0))} without a target, "
        f"{int(counts.get('no data', 0))} without data."
    )
    unknown = unknown_targets(plan)
    if unknown:
        summary += f" Targets left out, as no KPI has that key: {', '.join(unknown)}."
    return (
        f"<p>{escape(summary)}</p>"
        + _drawing(figures["kpi_targets"])
        + html_table(("KPI", "value", "target", "status"), rows)
    )


def _observed_section(plan: JourneyPlan, events: Any, figures: Mapping[str, Any]) -> str:
    if events is None:
        return '<p class="jl-empty">No event log was given, so there is no flow to show.</p>'
    if OBSERVED not in figures:
        return _empty("milestones")
    observed = _observed(plan, events)
    return (
        f"<p>{escape(observed.summary())}</p>"
        + _drawing(figures[OBSERVED])
        + observed.findings._repr_html_()
    )


def _section(
    plan: JourneyPlan, part: str, events: Any, findings: Findings, figures: Mapping[str, Any]
) -> str:
    if part == "kpi_targets":
        return _kpi_section(plan, events, figures)
    if part == OBSERVED:
        return _observed_section(plan, events, figures)
    if part == "":
        return findings._repr_html_()
    if part_size(plan, part) == 0:
        return _empty(part)
    html = _drawing(figures[part])
    if part == "board":
        shares = plan.board.effort_shares()
        rows = [
            (priority, int(row["items"]), f"{row['effort']:g}",
             "not counted" if math.isnan(row["share"]) else f"{row['share']:.0%}")
            for priority, row in shares.iterrows()
        ]  # fmt: skip
        html += html_table(
            ("priority", "items", "person-days", "share of effort"), rows, caption="Effort shares"
        )
    if part == "use_cases":
        ucs = plan.use_cases
        html += html_table(ucs._HEADERS, ucs._rows(), caption=ucs.title or "Use cases")
    return html


def report_html(plan: JourneyPlan, *, events: Any = None) -> str:
    """The whole plan as one self-contained HTML page: nothing in it points to the network.

    ``events`` (an event log, as from :func:`journey_lessons.simulate_events` or
    :func:`journey_lessons.read_events`) adds the KPIs measured against the
    plan's targets, and the journey customers took drawn over the plan, with
    where they left it. Every text the learner typed is escaped.
    """
    return _html(plan, events, _figures(plan, events))


def _html(plan: JourneyPlan, events: Any, figures: Mapping[str, Any]) -> str:
    title = plan.title.strip() or "My customer journey"
    findings = plan.check()
    overview = html_table(("part", "how much"), plan.summary_rows(), caption="At a glance")
    sections = "".join(
        f'<section id="{part or "findings"}"><h2>{escape(heading)}</h2>'
        f"{_section(plan, part, events, findings, figures)}</section>"
        for part, heading in SECTIONS
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}: customer journey</title><style>{_CSS}</style></head>"
        f"<body><header><h1>{escape(title)}</h1>"
        f"<p>Customer journey report. {escape(findings.summary())}</p>{overview}</header>"
        f"<main>{sections}</main></body></html>\n"
    )


# -- the PNG page ------------------------------------------------------------------------------


def report_png(
    plan: JourneyPlan,
    *,
    events: Any = None,
    width: float = 10.0,
    dpi: int = 90,
) -> bytes:
    """The report as one tall PNG image: a header, then each part's drawing, stacked.

    Drawn by matplotlib alone (each drawing is rendered, then placed on one page),
    so no browser is needed; the same plan gives the same image.
    """
    return _png(plan, _figures(plan, events), width, dpi)


@learner_text_as_typed  # the title is the learner's: "$5 a month" is not a formula
def _png(plan: JourneyPlan, figures: Mapping[str, Any], width: float, dpi: int) -> bytes:
    import matplotlib.image as mpimg
    from matplotlib.figure import Figure

    # each drawing is rendered as wide in pixels as the page, so it is placed 1:1, not resampled
    images = [
        mpimg.imread(io.BytesIO(draw.png_bytes(f, dpi=dpi * width / f.get_figwidth())))
        for f in figures.values()
    ]
    header, footer, gap = 0.9, 0.5, 0.15  # inches
    heights = [width * img.shape[0] / img.shape[1] for img in images]
    total = header + sum(heights) + gap * len(images) + footer
    page = Figure(figsize=(width, total), facecolor="white")
    title = shorten(plain(plan.title), 60) or "My customer journey"
    page.text(0.02, 1 - 0.35 / total, title, fontsize=18, fontweight="bold", va="center")
    page.text(
        0.02, 1 - 0.7 / total, "Customer journey report", fontsize=10, color="#4b5563",
        va="center",
    )  # fmt: skip
    top = total - header
    for img, height in zip(images, heights, strict=True):
        ax = page.add_axes((0, (top - height) / total, 1, height / total))
        ax.imshow(img, interpolation="none", aspect="auto")
        ax.set_axis_off()
        top -= height + gap
    if not images:
        page.text(0.02, 0.5, "Nothing to draw yet: start with notebook 01.", fontsize=11)
    page.text(0.02, 0.25 / total, plan.check().summary(), fontsize=10, color="#374151",
              va="center")  # fmt: skip
    buffer = io.BytesIO()
    page.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def save_report(
    plan: JourneyPlan,
    path_html: str | Path = REPORT_HTML,
    path_png: str | Path | None = None,
    *,
    events: Any = None,
) -> list[Path]:
    """Write the HTML report (and the PNG page if ``path_png`` is given); the paths written.

    Text that cannot be written (a lone surrogate, from a plan built in code) is a
    ValueError naming its field, raised before anything is drawn or written.
    """
    broken = unwritable_field(plan.to_dict())
    if broken is not None:
        raise ValueError(f"Not saved: {broken} {UNWRITABLE}")
    figures = _figures(plan, events)  # drawn once, for both files
    written = [Path(path_html)]
    written[0].write_text(_html(plan, events, figures), encoding="utf-8")
    if path_png is not None:
        written.append(Path(path_png))
        written[1].write_bytes(_png(plan, figures, 10.0, 90))
    return written


# -- the capstone widget -------------------------------------------------------------------


def report_panel(
    plan: JourneyPlan,
    *,
    events: Any = None,
    path_html: str | Path = REPORT_HTML,
    path_png: str | Path | None = REPORT_PNG,
) -> Any:
    """A widget: pick a part to see its drawing and findings; Export writes the report."""
    import ipywidgets as w

    from .widgets._base import status_html

    grouped = findings_by_part(plan)
    options = [(part.heading, part.name) for part in PARTS if part.name != "kpi_targets"]
    if events is not None:
        options.append(("KPIs", "kpi_targets"))
    picker = w.ToggleButtons(options=options, value="milestones")
    picker.add_class("jl-report-picker")
    findings_view, drawing, status = w.HTML(), w.Output(), w.HTML()
    drawing.add_class("jl-drawing-output")
    button = w.Button(description="Export report", button_style="primary", icon="download")

    shown: dict[str, dict[str, Any]] = {}  # the plan does not change: draw each part once

    def show(_: Any = None) -> None:
        part = picker.value
        findings_view.value = grouped.get(part, Findings())._repr_html_()
        if part not in shown:
            fig = part_figure(plan, part, events)
            shown[part] = {
                "output_type": "display_data",
                "data": {"text/html": fig._repr_html_(), "text/plain": fig.alt_text},
                "metadata": {},
            }
        drawing.outputs = (shown[part],)

    def export(_: Any = None) -> None:
        try:
            written = save_report(plan, path_html, path_png, events=events)
        except (OSError, ValueError) as error:  # a full disk, or text that cannot be written
            status.value = status_html(f"Could not save: {escape(str(error))}", ok=False)
            return
        names = " and ".join(escape(str(p)) for p in written)
        status.value = status_html(f"Saved {names}.")

    picker.observe(show, names="value")
    button.on_click(export)
    show()
    panel = w.VBox([picker, w.HBox([button, status]), findings_view, drawing])
    panel.add_class("jl-report-panel")
    panel.picker, panel.export_button, panel.status = picker, button, status  # for tests
    panel.findings_view, panel.drawing = findings_view, drawing
    return panel
