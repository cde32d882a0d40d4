"""Class review speed: ``journey-lessons review`` on a folder of 30 learners' journeys.

Generates, in a temporary folder, one subfolder per learner holding 30 varied
journeys (Harbor Bikes from the tests' data and the sample business, renamed,
each with the later parts dropped as a learner who stopped there would have
them), plus the files a real class folder holds: a backup, a milestones file,
some other YAML, an empty file and broken files. Times
:func:`journey_lessons.classroom.review_class`, ``write_html`` without the
learners' one-page reports, and the whole command as an instructor runs it
(``python -m journey_lessons review``, imports included, every report written),
best of three; the command's CPU time too, as the machine may be shared. The
target: 30 journeys reviewed, with every report written, in under 10 s. Run with
``python bench/class_review.py [journeys]``.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import best_of  # bench/ is on the path when a script here runs

TARGET_S = 10.0
HARBOR = Path(__file__).parents[1] / "tests" / "data" / "journeys" / "harbor_bikes_complete.yaml"
BUSINESSES = (
    "Corner bakery", "Ferry café", "Hill climbing gym", "Blue door dental", "Lantern bookshop",
    "North shore plumbing", "Pixel repair lab", "Sunrise language school",
)  # fmt: skip


def make_class(folder: Path, journeys: int) -> None:
    """``journeys`` learners' files, varied, and the stray files a collected folder holds."""
    from journey_lessons import PARTS, JourneyPlan, load_journey, sample_journey, save_journey
    from journey_lessons.files import save_milestones

    bases = (load_journey(HARBOR), sample_journey())
    for number in range(journeys):
        base = bases[number % 2]
        keep = 1 + number % len(PARTS)  # stopped after 1..7 parts
        parts = {part.name: getattr(base, part.name) for part in PARTS[:keep]}
        name = f"{BUSINESSES[number % len(BUSINESSES)]} {number + 1}"
        learner = folder / f"learner_{number + 1:02d}"
        learner.mkdir()
        save_journey(JourneyPlan(**parts, business=name), learner / "my_journey.yaml")
    first = folder / "learner_01" / "my_journey.yaml"
    save_journey(load_journey(first).replace(business="Renamed later"), first)  # a backup
    save_milestones(bases[0].milestones, folder / "milestones_only.yaml")
    (folder / "settings.yaml").write_text("theme: dark\nfont_size: 12\n", encoding="utf-8")
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    text = HARBOR.read_text(encoding="utf-8")
    (folder / "cut_short.yaml").write_text(text[: len(text) // 2], encoding="utf-8")
    (folder / "bad_indent.yaml").write_text(text.replace("  - {name: Book", " - {name: Book"))
    (folder / "trailing_comma.json").write_text('{"schema": "journey-lessons",}\n')


def _command(folder: Path, out: Path) -> tuple[float, float]:
    """``python -m journey_lessons review``, as an instructor runs it: seconds, CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "journey_lessons", "review", str(folder), "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main(journeys: int) -> int:
    from journey_lessons.classroom import CLASS_REPORT, learner_reports_folder, review_class

    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "class", Path(tmp) / "report" / CLASS_REPORT
        folder.mkdir()
        out.parent.mkdir()
        make_class(folder, journeys)
        read_s, review = best_of(3, lambda: review_class(folder))
        print(review.summary())
        print(f"read and check             {read_s:6.2f} s")
        bare_s, _ = best_of(3, lambda: review.write_html(out, learner_reports=False))
        print(f"class report, no learners' {bare_s:6.2f} s  ({out.stat().st_size / 2**20:.1f} MB)")
        runs = [_command(folder, out) for _ in range(3)]
        wall_s, cpu_s = min(runs)
        reports = sum(f.stat().st_size for f in learner_reports_folder(out).iterdir())
        print(f"the command, all reports   {wall_s:6.2f} s  (CPU {cpu_s:.2f} s; "
              f"{reports / 2**20:.1f} MB of learners' reports)")  # fmt: skip
    met = wall_s < TARGET_S * journeys / 30
    print(f"target: 30 journeys with their reports under {TARGET_S:.0f} s, imports included: "
          f"{'met' if met else 'NOT MET'}")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
