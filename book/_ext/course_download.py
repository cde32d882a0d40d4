"""Serve the chapters as one download: ``<site>/downloads/journey-lessons-notebooks.zip``.

Built with the site (tools/bundle.py ``notebooks_zip``): the notebooks, RISE's CSS and
the course package's wheel, which each notebook's first cell installs when the
package is missing. So a chapter downloaded from the book runs outside the course
folder. The "Get the course" page links to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def _write_zip(app: Sphinx, error: Exception | None) -> None:
    if error is not None or app.builder.format != "html":
        return
    sys.path.insert(0, str(TOOLS))
    try:
        import bundle
    finally:
        sys.path.remove(str(TOOLS))
    bundle.notebooks_zip(Path(app.outdir) / "downloads" / bundle.NOTEBOOKS_ZIP)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", _write_zip)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
