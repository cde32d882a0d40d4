"""KPI drawings: the milestone funnel, the cohort heatmap and the dashboard against targets."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from ..kpis import format_value
from ._base import PAGE_WIDTH, SMALLEST_FONT, Drawing, learner_text_as_typed, wrap

if TYPE_CHECKING:
    import pandas as pd

STATUS_COLOURS = {
    "met": "#2f7a4f",
    "not met": "#c53030",
    "no target": "#6b7280",
    "no data": "#d1d5db",
}
_FUNNEL_COLOUR = "#2c5d8f"
_HEAT = LinearSegmentedColormap.from_list("jl_heat", ["#fdf2e9", "#f6ad55", "#2f7a4f"])


def _name(text: str, width: int = 30, cut: list[str] | None = None) -> str:
    return "\n".join(wrap(str(text), width, 2, "(no name)", cut))


@learner_text_as_typed
def funnel(
    table: pd.DataFrame, *, title: str = "Milestone funnel", width: float = PAGE_WIDTH
) -> Drawing:
    """The funnel of :func:`journey_lessons.kpis.funnel` as centred bars, first step on top.

    Each bar is as wide as the customers who reached the step; its label gives
    the count, the share of the first step and the share of the step before.
    """
    steps = list(table["milestone"])
    counts = [int(c) for c in table["customers"]]
    height = 1.0 + 0.7 * max(len(steps), 1)
    fig = Drawing(figsize=(width, height))
    fig.subplots_adjust(left=0.25, right=0.98, bottom=0.04, top=1 - 0.45 / height)
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=11, fontweight="bold", loc="left")
    ax.set_axis_off()
    top = max(counts, default=0) or 1
    # the bars centred on 0, their figures in a column to the right of the widest
    ax.set_xlim(-top / 2 * 1.02, top * 1.15)
    ax.set_ylim(len(steps) - 0.5, -0.5)
    parts, cut = [], []  # the milestone names cut short are in the alt text in full
    for i, (name, count) in enumerate(zip(steps, counts, strict=True)):
        ax.barh(i, max(count, top * 0.002), left=-count / 2, height=0.7, color=_FUNNEL_COLOUR)
        first = table["from_first"].iloc[i]
        previous = table["from_previous"].iloc[i]
        label = f"{count:,} customers"
        if i:
            label += f"\n{format_value(first, 'share')} of first, "
            label += f"{format_value(previous, 'share')} of previous"
        ax.text(top * 0.54, i, label, ha="left", va="center", fontsize=8, color="#111827")
        ax.text(-top / 2 * 1.04, i, _name(name, 26, cut), ha="right", va="center", fontsize=8.5)
        parts.append(
            f"{name}: {count:,} customers"
            + (f" ({format_value(previous, 'share')} of the step before)" if i else "")
        )
    if not steps:
        ax.text(0, 0, "no steps to show", ha="center", va="center", style="italic")
    fig.set_description(f"{title}. " + ("; ".join(parts) or "No steps.") + ".", cut)
    return fig


@learner_text_as_typed
def cohort_heatmap(
    table: pd.DataFrame, *, title: str = "Retention by monthly cohort", width: float = PAGE_WIDTH
) -> Drawing:
    """The cohort table of :func:`journey_lessons.kpis.cohort_table` as a heatmap.

    One row per cohort (with its size), one column per month since the first
    purchase; each cell shows its share. Months the log does not reach stay blank.
    """
    months = [c for c in table.columns if c != "customers"]
    shares = table[months].to_numpy(dtype=float) if months else np.zeros((len(table), 0))
    rows = len(table)
    height = 1.2 + 0.3 * max(rows, 1)
    fig = Drawing(figsize=(width, height))
    fig.subplots_adjust(left=0.17, right=0.98, bottom=0.5 / height + 0.02, top=1 - 0.5 / height)
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=11, fontweight="bold", loc="left")
    if rows and months:
        ax.imshow(np.ma.masked_invalid(shares), cmap=_HEAT, vmin=0, vmax=1, aspect="auto")
        for (r, c), value in np.ndenumerate(shares):
            if not math.isnan(value):
                ax.text(
                    c,
                    r,
                    f"{value:.0%}",
                    ha="center",
                    va="center",
                    fontsize=SMALLEST_FONT,
                    color="white" if value > 0.75 else "#111827",
                )
    else:
        ax.text(
            0.5,
            0.5,
            "no cohorts: no purchase in the log",
            ha="center",
            va="center",
            transform=ax.transAxes,
            style="italic",
        )
    ax.set_xticks(range(len(months)), [str(m) for m in months], fontsize=SMALLEST_FONT)
    ax.set_xlabel("months since the first purchase", fontsize=8)
    labels = [f"{c} ({n:,})" for c, n in zip(table.index, table["customers"], strict=True)]
    ax.set_yticks(range(rows), labels, fontsize=SMALLEST_FONT)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if rows:
        month_1 = shares[:, 1] if shares.shape[1] > 1 else np.array([np.nan])
        seen = month_1[~np.isnan(month_1)]
        spread = (
            f"; in the month after buying, {seen.min():.0%} to {seen.max():.0%} are still active"
            if len(seen)
            else ""
        )
        fig.alt_text = (
            f"{title}: {rows} cohorts from {table.index[0]} to {table.index[-1]}, "
            f"{len(months)} months{spread}."
        )
    else:
        fig.alt_text = f"{title}: no cohorts, as the log has no purchase."
    return fig


@learner_text_as_typed
def kpi_dashboard(
    report: pd.DataFrame, *, title: str = "KPIs against targets", width: float = PAGE_WIDTH
) -> Drawing:
    """The report of :func:`journey_lessons.kpis.kpi_report`, one row per KPI.

    A bar shows how far the value has come towards its target (the dashed line
    is the target; for a KPI where lower is better, the bar is target / value),
    coloured by status: met, not met, no target, no data. Value and target are
    written beside it.
    """
    n = len(report)
    height = 1.0 + 0.36 * max(n, 1)
    fig = Drawing(figsize=(width, height))
    left, right = 0.38, 0.7  # the KPI names to the left of the bars, the values to the right
    fig.subplots_adjust(left=left, right=right, bottom=0.03, top=1 - 0.5 / height)
    ax = fig.add_subplot()
    ax.set_title(
        title, fontsize=11, fontweight="bold", loc="left", x=(0.01 - left) / (right - left)
    )
    ax.set_xlim(0, 1.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks(range(n), [_name(k, 40) for k in report["kpi"]], fontsize=SMALLEST_FONT)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.axvline(1.0, color="#111827", linestyle="--", linewidth=1)
    ax.text(1.0, -0.75, "target", ha="center", va="bottom", fontsize=SMALLEST_FONT)
    for i, row in enumerate(report.itertuples(index=False)):
        colour = STATUS_COLOURS[row.status]
        progress = _progress(row.value, row.target, row.better)
        if progress is not None:
            ax.barh(i, min(progress, 1.5), height=0.6, color=colour)
        target = "" if math.isnan(row.target) else f" / target {format_value(row.target, row.unit)}"
        ax.text(
            1.53,
            i,
            f"{format_value(row.value, row.unit)}{target}  {row.status}",
            ha="left",
            va="center",
            fontsize=SMALLEST_FONT,
            color=colour if row.status != "no data" else "#374151",
            clip_on=False,
        )
    counts = report["status"].value_counts()
    missed = list(report.loc[report["status"] == "not met", "kpi"])
    fig.alt_text = (
        f"{title}: {n} KPIs; {int(counts.get('met', 0))} met, "
        f"{int(counts.get('not met', 0))} not met, {int(counts.get('no target', 0))} "
        f"without a target, {int(counts.get('no data', 0))} without data."
        + (f" Not met: {'; '.join(missed)}." if missed else "")
    )
    return fig


def _progress(value: float, target: float, better: str) -> float | None:
    """How far along the way to the target, 1.0 being there (None: nothing to draw)."""
    if math.isnan(value) or math.isnan(target):
        return None
    if better == "higher":
        return value / target if target > 0 else (1.0 if value >= target else 0.0)
    return target / value if value > 0 else 1.5
