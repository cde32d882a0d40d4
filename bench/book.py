"""How long the book takes to build: cold (fresh output folder) and warm (nothing changed).

Both builds are strict, like `make book` (-W -n --keep-going), into a temporary
folder. The cold build executes every notebook; the warm one finds them all in the
execution cache and every page up to date, so it should take a few seconds at most.
Run with `make bench`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from site_support import BOOK, SiteError, build_book  # noqa: E402

WARM_TARGET_S = 10


def timed_build(out: Path) -> float:
    begin = time.perf_counter()
    build_book(out)
    return time.perf_counter() - begin


def main() -> None:
    notebooks = len(list((BOOK / "notebooks").glob("*.ipynb")))
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        out = Path(tmp)
        try:
            cold = timed_build(out)
            warm = timed_build(out)
        except SiteError as error:
            print(error)
            raise SystemExit(1) from None
    print(f"{'book build, cold (fresh output folder)':<44} {cold:6.1f} s  ({notebooks} notebooks)")
    verdict = "ok" if warm < WARM_TARGET_S else "SLOW"
    target = f"(target {WARM_TARGET_S} s)"
    print(f"{'book build, warm (nothing changed)':<44} {warm:6.1f} s  {target}  {verdict}")


if __name__ == "__main__":
    main()
