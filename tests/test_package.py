"""The package as a learner meets it: a fast import and a tidy public surface."""

from __future__ import annotations

import subprocess
import sys

import journey_lessons


def test_import_does_not_pull_in_plotting_or_widgets():
    code = (
        "import sys, journey_lessons; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'pandas') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_public_names_are_exported_and_documented():
    for name in journey_lessons.__all__:
        obj = getattr(journey_lessons, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"
