"""Help for a learner who runs a cell before the cell that sets up its names.

Run out of order (or after a kernel restart), a cell that uses ``plan`` before the
cell that makes it raises ``NameError`` with a traceback. This IPython extension
replaces that traceback with what to do: which cell sets the name, under which
heading, and how to run the cells above. The course's kernel loads it at start
(``make course`` writes the kernel's config), and importing ``journey_lessons`` in
a notebook loads it too. Errors from anywhere but the learner's own cells keep
their usual traceback.
"""

from __future__ import annotations

import ast
import difflib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

RUN_ABOVE = "Run ▸ Run All Above Selected Cell"


@dataclass(frozen=True)
class SettingCell:
    """The first code cell of a notebook that sets a name, and the heading above it."""

    heading: str
    first_line: str


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _names_set(code: str) -> set[str]:
    """Names a cell binds at its top level or in its loops (assignments, imports, defs)."""
    # magics and shell escapes are not Python; they set no name a learner relies on
    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def notebook_names(notebook: Path) -> dict[str, SettingCell]:
    """Each name the notebook's code cells set, with the first cell that sets it."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return {}
    found: dict[str, SettingCell] = {}
    heading = ""
    for cell in cells:
        source = _source(cell)
        if cell.get("cell_type") == "markdown":
            titles = [line.lstrip("#").strip() for line in source.splitlines() if line[:1] == "#"]
            heading = titles[-1] if titles else heading
        elif cell.get("cell_type") == "code":
            first = next((line for line in source.splitlines() if line.strip()), "")
            for name in _names_set(source):
                found.setdefault(name, SettingCell(heading, first.strip()))
    return found


def explain_missing_name(
    name: str, notebook: Path | None = None, defined: Iterable[str] = ()
) -> str:
    """What a learner should do about ``name`` not being defined, in plain words."""
    setters = notebook_names(notebook) if notebook else {}
    if name in setters:
        cell = setters[name]
        where = f"the cell under “{cell.heading}”" if cell.heading else "an earlier cell"
        return (
            f"`{name}` is not set yet: {where} sets it (the cell that starts "
            f"`{cell.first_line}`), and it has not run since the kernel started. "
            f"Run that cell first, or every cell above this one: {RUN_ABOVE}."
        )
    known = sorted({*setters, *(n for n in defined if not n.startswith("_"))})
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"`{name}` is not defined. Check its spelling: did you mean `{close[0]}`?"
    if notebook is None:
        return (
            f"`{name}` is not defined. If an earlier cell sets it, run the cells above "
            f"this one first: {RUN_ABOVE}. Otherwise check its spelling."
        )
    return f"`{name}` is not defined: no cell of this notebook sets it. Check its spelling."


def current_notebook() -> Path | None:
    """The notebook this kernel runs, as JupyterLab tells the kernel (JPY_SESSION_NAME)."""
    session = os.environ.get("JPY_SESSION_NAME")
    if not session:
        return None
    path = Path(session)
    # the server gives the path from its root; the kernel runs in the notebook's folder
    for candidate in (path, Path.cwd() / path.name):
        if candidate.suffix == ".ipynb" and candidate.is_file():
            return candidate
    return None


def _last_frame_globals(tb: TracebackType | None) -> Any:
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_globals if tb is not None else None


def _on_name_error(
    shell: Any, etype: type, value: BaseException, tb: TracebackType | None, tb_offset: Any = None
) -> list[str]:
    name = getattr(value, "name", None)
    # only a name the learner's own cells look up: a bug elsewhere keeps its traceback
    if not name or _last_frame_globals(tb) is not shell.user_ns:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return []
    shown = [explain_missing_name(name, current_notebook(), shell.user_ns)]
    # IPython leaves showing to the handler; this sends the kernel's "error" output
    shell._showtraceback(etype, value, shown)
    return shown


def load_ipython_extension(shell: Any) -> None:
    """Show a missing name as what to run first (``%load_ext journey_lessons._kernel``)."""
    shell.set_custom_exc((NameError,), _on_name_error)


def load_into_running_kernel() -> None:
    """Load the extension when the package is imported inside IPython (cheap otherwise)."""
    import sys

    if "IPython" not in sys.modules:
        return
    shell = sys.modules["IPython"].get_ipython()
    if shell is not None and hasattr(shell, "set_custom_exc"):
        load_ipython_extension(shell)
