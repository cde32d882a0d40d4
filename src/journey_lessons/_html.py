"""One formatter for tables shown to a learner: HTML (escaped) and plain text.

Every piece of text that a learner typed reaches the screen through here, so
escaping happens in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` things, in words: "1 customer", "1,204 customers" (``many``: an irregular plural)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def html_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str = "",
    css_class: str = "jl-table",
) -> str:
    """An HTML table whose every cell is escaped."""
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="{css_class}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, caption: str = ""
) -> str:
    """The same table as plain text, columns padded to line up."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(([caption] if caption else []) + lines)
