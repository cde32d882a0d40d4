"""``journey-lessons doctor``: is this laptop ready for the course?

One line per check, ✓ when it holds, ✗ when the course cannot work without a
fix (exit code 1), ⚠ when it works but not as the course means it to (exit code
0), – when a check could not run; each line that is not ✓ says what to run.
It checks:

- the Python version, against the package's ``Requires-Python``;
- that the course's packages import, at the versions its ``course`` extra pins
  (read from the installed package's metadata, so they never disagree);
- that JupyterLab has the widget extension (``@jupyter-widgets/jupyterlab-manager``);
- that the course's kernel config and JupyterLab settings are in this Python's
  prefix (see the Makefile's ``KERNEL_CONFIG`` and ``LAB_OVERRIDES``);
- that ``01_milestones.ipynb`` runs top to bottom, in a temporary copy, with
  nbclient (skipped when nbclient is not installed).

All within about 30 s; it prints how long it took.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import json
import platform
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DISTRIBUTION = "journey-lessons"
#: The course's packages: (distribution, the module it is imported as).
PACKAGES = (
    ("jupyterlab", "jupyterlab"),
    ("ipywidgets", "ipywidgets"),
    ("jupyterlab-widgets", "jupyterlab_widgets"),
    ("matplotlib", "matplotlib"),
    ("pandas", "pandas"),
    ("pyyaml", "yaml"),
    ("ipykernel", "ipykernel"),
    ("jupyterlab-rise", "jupyterlab_rise"),
)
WIDGET_EXTENSION = "@jupyter-widgets/jupyterlab-manager"
NOTEBOOK = "01_milestones.ipynb"
BUDGET_S = 30.0  # the whole doctor, notebook run included
_MARKS = {"ok": "✓", "fail": "✗", "warn": "⚠", "skip": "–"}

ImportModule = Callable[[str], Any]


@dataclass(frozen=True)
class Check:
    """One check's outcome: ``ok``, ``warn``, ``fail`` or ``skip``, and what to run if not ok."""

    name: str
    status: str
    detail: str
    fix: str = ""

    @property
    def line(self) -> str:
        fix = f" — fix: {self.fix}" if self.fix else ""
        return f"{_MARKS[self.status]} {self.name}: {self.detail}{fix}"


def _pip(requirement: str) -> str:
    """The command that installs ``requirement`` into this very Python."""
    return f"{shlex.quote(sys.executable)} -m pip install {shlex.quote(requirement)}"


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def course_pins() -> dict[str, str]:
    """The course's version pins from the installed package's metadata: name → ``>=x,<y``.

    Empty when the package's metadata cannot be found (run from a source tree).
    """
    from packaging.requirements import Requirement

    try:
        requires = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return {}
    pins = {}
    for text in requires:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or marker.evaluate({"extra": "course"}):
            # lower bound first, as pyproject.toml writes it: >=3.0.10,<3.0.11
            parts = sorted(map(str, requirement.specifier), key=lambda s: not s.startswith(">"))
            pins[_canonical(requirement.name)] = ",".join(parts)
    return pins


def _requires_python() -> str:
    try:
        return metadata.metadata(DISTRIBUTION)["Requires-Python"] or ">=3.10"
    except metadata.PackageNotFoundError:
        return ">=3.10"  # pyproject.toml's requires-python


def check_python() -> Check:
    from packaging.specifiers import SpecifierSet

    needed, version = _requires_python(), platform.python_version()
    if SpecifierSet(needed).contains(version, prereleases=True):
        return Check("Python", "ok", f"{version} (the course needs {needed})")
    return Check(
        "Python",
        "fail",
        f"{version} at {sys.executable}, and the course needs {needed}",
        "install a newer Python (python.org), then make the course's .venv with it",
    )


def check_package(
    distribution: str, module: str, pins: dict[str, str], import_module: ImportModule
) -> Check:
    from packaging.specifiers import SpecifierSet

    pin = pins.get(_canonical(distribution), "")
    fix = _pip(distribution + pin)
    try:
        import_module(module)
    except Exception as error:  # a package can fail to import in any way; say how
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Check(distribution, "fail", f"cannot be imported ({reason})", fix)
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return Check(distribution, "warn", "imports, but pip does not know its version", fix)
    if pin and not SpecifierSet(pin).contains(version, prereleases=True):
        return Check(distribution, "fail", f"{version}, and the course pins {pin}", fix)
    return Check(distribution, "ok", version + (f" (the course pins {pin})" if pin else ""))


def check_widget_extension(pins: dict[str, str]) -> Check:
    name = "JupyterLab widget extension"
    fix = _pip("jupyterlab-widgets" + pins.get("jupyterlab-widgets", ""))
    try:
        from jupyter_core.paths import jupyter_path
    except ImportError:
        return Check(name, "fail", "jupyter_core is missing, so JupyterLab is too", fix)
    folders = [Path(folder) / WIDGET_EXTENSION for folder in jupyter_path("labextensions")]
    found = next((folder for folder in folders if folder.is_dir()), None)
    if found is None:
        searched = ", ".join(str(folder.parent.parent) for folder in folders)
        return Check(name, "fail", f"{WIDGET_EXTENSION} is in none of {searched}", fix)
    return Check(name, "ok", f"{WIDGET_EXTENSION} in {found.parent.parent}")


def repo_root() -> Path | None:
    """The course folder this package was installed from (an editable install), if any."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "lab").is_dir() else None


def _settings_check(name: str, target: Path, source: str, is_right: Callable[[Any], bool]) -> Check:
    """A course settings file in this Python's prefix: there, valid JSON, the course's own."""
    root = repo_root()
    if root is not None:
        fix = f"mkdir -p {shlex.quote(str(target.parent))} && cp {shlex.quote(str(root / source))} "
        fix += shlex.quote(str(target.parent)) + "/"
    else:
        fix = f"run 'make course' in the course folder (it copies {source} to {target})"
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Check(name, "warn", f"{target} is missing", fix)
    except (OSError, ValueError) as error:
        return Check(name, "warn", f"{target} cannot be read: {error}", fix)
    if not is_right(data):
        return Check(name, "warn", f"{target} is not the course's {source}", fix)
    return Check(name, "ok", str(target))


def check_kernel_config(prefix: Path) -> Check:
    def loads_course_extension(data: Any) -> bool:
        extensions = (
            data.get("IPKernelApp", {}).get("extensions", []) if isinstance(data, dict) else []
        )
        return "journey_lessons._kernel" in extensions

    return _settings_check(
        "kernel config (out-of-order cells explained)",
        prefix / "etc" / "ipython" / "ipython_kernel_config.json",
        "lab/ipython_kernel_config.json",
        loads_course_extension,
    )


def check_lab_settings(prefix: Path) -> Check:
    return _settings_check(
        "JupyterLab settings (no news fetch, RISE slides)",
        prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json",
        "lab/overrides.json",
        lambda data: isinstance(data, dict),
    )


def find_notebook(notebooks: Path | None) -> Path | None:
    """``01_milestones.ipynb`` in ``notebooks``, else in the course folder's notebooks/."""
    if notebooks is None:
        root = repo_root()
        notebooks = root / "notebooks" if root is not None else None
    if notebooks is None or not (notebooks / NOTEBOOK).is_file():
        return None
    return notebooks / NOTEBOOK


def check_notebook(notebook: Path | None, seconds: float, import_module: ImportModule) -> Check:
    """Run the notebook top to bottom in a temporary copy (its files are written there)."""
    name = f"notebook {NOTEBOOK}"
    if notebook is None:
        return Check(name, "skip", "not found: pass the course's notebooks folder with --notebooks")
    try:
        nbclient = import_module("nbclient")
        nbformat = import_module("nbformat")
    except ImportError:
        return Check(name, "skip", "not run: nbclient is not installed", _pip("nbclient"))
    begin = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="journey-doctor-") as folder:
        copy = Path(shutil.copy(notebook, folder))
        nb = nbformat.read(copy, as_version=4)
        # "python3" is this Python's own kernel: jupyter_client starts it with sys.executable
        client = nbclient.NotebookClient(
            nb,
            timeout=max(round(seconds), 5),
            startup_timeout=max(round(seconds), 5),
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
        )
        log = Path(folder) / "kernel.log"  # the kernel's own messages: shown if it fails
        try:
            with log.open("wb") as stderr:
                client.execute(stderr=stderr)
        except Exception as error:  # a failed cell, a kernel that died or timed out: say which
            problem = _notebook_problem(nb, error, log.read_text(errors="replace"))
            return Check(name, "fail", problem, f"open {notebook} in JupyterLab and run it")
    return Check(name, "ok", f"ran top to bottom in {time.perf_counter() - begin:.1f} s")


def _notebook_problem(nb: Any, error: Exception, kernel_log: str) -> str:
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", ()):
            if output.get("output_type") == "error":
                return f"cell {number} failed: {output['ename']}: {output['evalue']}"
    said = [line for line in (str(error) + "\n" + kernel_log).splitlines() if line.strip()]
    return f"did not run: {type(error).__name__}" + (f": {said[-1].strip()}" if said else "")


def run_checks(
    *,
    notebooks: Path | None = None,
    run_notebook: bool = True,
    import_module: ImportModule = importlib.import_module,
    prefix: Path | None = None,
) -> list[Check]:
    """Every check, in order. ``import_module`` imports the course's packages (tests swap it)."""
    begin = time.perf_counter()
    prefix = Path(sys.prefix) if prefix is None else prefix
    pins = course_pins()
    checks = [check_python()]
    if not pins:
        checks.append(
            Check(
                DISTRIBUTION,
                "warn",
                "not installed in this Python, so the course's pins cannot be read",
                f"pip install -e {shlex.quote(str(repo_root() or '.') + '[course]')}",
            )
        )
    checks += [check_package(dist, module, pins, import_module) for dist, module in PACKAGES]
    checks += [
        check_widget_extension(pins),
        check_kernel_config(prefix),
        check_lab_settings(prefix),
    ]
    if not run_notebook:
        checks.append(Check(f"notebook {NOTEBOOK}", "skip", "not run (--no-notebook)"))
    elif any(c.status == "fail" for c in checks):
        checks.append(
            Check(f"notebook {NOTEBOOK}", "skip", "not run: fix the problems above first")
        )
    else:
        left = BUDGET_S - (time.perf_counter() - begin)
        checks.append(check_notebook(find_notebook(notebooks), left, import_module))
    return checks


def main(
    argv: Sequence[str] | None = None, *, import_module: ImportModule = importlib.import_module
) -> int:
    """``journey-lessons doctor``: prints one line per check; 0 when healthy, 1 otherwise."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="journey-lessons doctor", description="Check that this laptop is ready for the course."
    )
    parser.add_argument(
        "--notebooks", type=Path, help=f"the course's notebooks folder (holding {NOTEBOOK})"
    )
    parser.add_argument(
        "--no-notebook", action="store_true", help="do not run a notebook (a few seconds faster)"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    begin = time.perf_counter()
    checks = run_checks(
        notebooks=args.notebooks, run_notebook=not args.no_notebook, import_module=import_module
    )
    for check in checks:
        print(check.line, flush=True)
    failed = sum(c.status == "fail" for c in checks)
    took = time.perf_counter() - begin
    if failed:
        print(f"Not ready: {failed} of {len(checks)} checks failed; fix each ✗ ({took:.1f} s).")
        return 1
    print(f"Ready for the course: {len(checks)} checks ({took:.1f} s).")
    return 0
