"""How long each course notebook takes to run top to bottom in a fresh kernel.

Targets: each notebook under 15 s, all of them under 90 s. Run with `make bench`.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
EACH_S, ALL_S = 15, 90


def main() -> None:
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "notebooks"
        shutil.copytree(NOTEBOOKS[0].parent, work, ignore=shutil.ignore_patterns("my_*"))
        for path in NOTEBOOKS:
            nb = nbformat.read(work / path.name, as_version=4)
            start = time.perf_counter()
            NotebookClient(
                nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": work}}
            ).execute()
            seconds = time.perf_counter() - start
            total += seconds
            verdict = "ok" if seconds < EACH_S else "SLOW"
            print(f"{path.name:<40} {seconds:6.1f} s (kernel start included)  {verdict}")
    verdict = "ok" if total < ALL_S else "SLOW"
    print(f"{'all notebooks':<40} {total:6.1f} s (target {ALL_S} s)  {verdict}")


if __name__ == "__main__":
    main()
