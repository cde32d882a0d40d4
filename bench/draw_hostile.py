"""How long each drawing takes with 10 KB of text in one of its text fields.

Target: under 1 s for any drawing with any text up to 10 KB in any field. Each
drawing is built and rendered to SVG (as a notebook shows it) once per text field
of the parts it reads, for each hostile text: one unbroken 10 KB word (a pasted
URL), 10 KB of TeX-like math with no space, and 10 KB of short lines. Prints the worst field of each
drawing, or the error a drawing raises. Run with `make bench`, or with a size in
bytes: `python bench/draw_hostile.py 2000`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from drawing_support import DRAWINGS, fields_of  # noqa: E402

TARGET_S = 1.0


def texts(size: int) -> dict[str, str]:
    url = "https://example.com/"
    math = "$\\frac{a}{b}$"
    return {
        "one word": url + "x" * (size - len(url)),
        "math, no space": (math * (size // len(math) + 1))[:size],
        "short lines": ("Pay $5 now\n" * (size // 11 + 1))[:size],
    }


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_240
    print(f"{'drawing':<14} {'fields':>6} {'worst':>9}  worst field, text")
    worst = 0.0
    for drawing, (make, _, _) in DRAWINGS.items():
        make(fields_of(drawing)[0][1]("warm up"))._repr_html_()  # font caches
        slowest, where, failure = 0.0, "", ""
        for place, put in fields_of(drawing):
            for name, text in texts(size).items():
                parts = put(text)
                start = time.perf_counter()
                try:
                    make(parts)._repr_html_()
                except Exception as error:  # measured and said, so one bad field stops nothing
                    failure = f"{place}, {name}: {type(error).__name__}"
                took = time.perf_counter() - start
                if took > slowest:
                    slowest, where = took, f"{place}, {name}"
        worst = max(worst, slowest)
        print(f"{drawing:<14} {len(fields_of(drawing)):>6} {slowest * 1000:6.0f} ms  {where}")
        if failure:
            print(f"{'':<14} raises: {failure}")
    verdict = "met" if worst < TARGET_S else "NOT met"
    print(f"target: under {TARGET_S:g} s with {size:,} characters; worst {worst:.2f} s: {verdict}")


if __name__ == "__main__":
    main()
