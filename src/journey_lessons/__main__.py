"""The instructor's commands: ``journey-lessons review FOLDER``, ``doctor`` and ``posters``.

Also ``python -m journey_lessons ...``. ``review`` writes one class report from a
folder of learners' journey files (see :mod:`journey_lessons.classroom`);
``doctor`` checks that a laptop is ready for the course (see
:mod:`journey_lessons.doctor`); ``posters`` writes printable PDF posters of the
canvas and the journey map, blank or from a journey file (see
:mod:`journey_lessons.posters`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

_USAGE = """usage: journey-lessons COMMAND ...

commands:
  review FOLDER   review a folder of learners' journey files into one class report
  doctor          check that this laptop is ready for the course
  posters         write printable A4/A3 PDF posters of the canvas and the journey map

Run 'journey-lessons COMMAND --help' for a command's options."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns its exit code (2 for a command line that is not understood)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(_USAGE, file=sys.stderr)
        return 2
    if args[0] in ("-h", "--help"):
        print(_USAGE)
        return 0
    command, rest = args[0], args[1:]
    if command == "review":
        from .classroom import main as review

        return review(rest)
    if command == "doctor":
        from .doctor import main as doctor

        return doctor(rest)
    if command == "posters":
        from .posters import main as posters

        return posters(rest)
    print(f"journey-lessons: no command {command!r}\n\n{_USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
