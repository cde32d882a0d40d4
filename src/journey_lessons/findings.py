"""Findings: what a check says about a learner's work.

A check never raises for a learner's mistake; it returns findings that a
notebook shows as a table, each with where the problem is and a hint to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from html import escape

from ._html import html_table, text_table


class Severity(str, Enum):
    """How much a finding matters, most serious first."""

    ERROR = "error"  # the map is wrong as it stands
    WARNING = "warning"  # it works, but a reader or a measure will suffer
    TIP = "tip"  # a suggestion to make it better

    @property
    def icon(self) -> str:
        return {"error": "✖", "warning": "⚠", "tip": "ℹ"}[self.value]


@dataclass(frozen=True)
class Finding:
    """One thing a check found: how serious, where, what, and how to fix it."""

    severity: Severity
    where: str
    message: str
    hint: str = ""
    code: str = ""  # a stable name for the kind of mistake, for tests and self-checks

    def __str__(self) -> str:
        hint = f" Hint: {self.hint}" if self.hint else ""
        return f"{self.severity.icon} {self.severity.value}: {self.where}: {self.message}{hint}"


class Findings(tuple):
    """The findings of one check, most serious first; shows as a table in a notebook."""

    def __new__(cls, findings: Iterable[Finding] = ()) -> Findings:
        order = list(Severity)
        return super().__new__(cls, sorted(findings, key=lambda f: order.index(f.severity)))

    @property
    def ok(self) -> bool:
        """True when nothing is an error (warnings and tips may remain)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self if f.severity is Severity.ERROR)

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self}

    def summary(self) -> str:
        if not self:
            return "No findings: everything checks out."
        counts = {s: sum(f.severity is s for f in self) for s in Severity}
        parts = [f"{n} {s.value}{'s' if n > 1 else ''}" for s, n in counts.items() if n]
        return "Findings: " + ", ".join(parts) + "."

    def _rows(self) -> list[tuple[str, str, str, str]]:
        return [(f"{f.severity.icon} {f.severity.value}", f.where, f.message, f.hint) for f in self]

    def __str__(self) -> str:
        if not self:
            return self.summary()
        return text_table(("", "where", "what", "hint"), self._rows(), caption=self.summary())

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        if not self:
            return f'<p class="jl-findings jl-ok">✔ {escape(self.summary())}</p>'
        return html_table(
            ("", "where", "what", "hint"),
            self._rows(),
            caption=self.summary(),
            css_class="jl-table jl-findings",
        )
