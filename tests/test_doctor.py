"""The doctor: one line per check, what to run when one fails, exit code 1 if any does."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from journey_lessons import doctor

ROOT = Path(__file__).parents[1]


def course_pin(name: str) -> SpecifierSet:
    """The pin pyproject.toml gives ``name`` (the doctor reads it from installed metadata)."""
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["course"]:
        if re.split(r"[<>=!~ ]", requirement, maxsplit=1)[0] == name:
            return SpecifierSet(requirement[len(name) :])
    raise AssertionError(f"pyproject.toml pins no {name}")


@pytest.mark.slow  # starts a kernel and runs a notebook
def test_a_healthy_install_passes_every_check() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journey_lessons", "doctor"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    names = [line.split(":")[0] for line in lines[:-1]]
    assert names == [
        "✓ Python",
        *(f"✓ {dist}" for dist, _ in doctor.PACKAGES),
        "✓ JupyterLab widget extension",
        "✓ kernel config (out-of-order cells explained)",
        "✓ JupyterLab settings (no news fetch, RISE slides)",
        "✓ notebook 01_milestones.ipynb",
    ]
    assert "ran top to bottom" in lines[-2]
    assert re.fullmatch(r"Ready for the course: 13 checks \(\d+\.\d s\)\.", lines[-1])
    assert "WARNING" not in done.stderr  # the kernel's own chatter stays out of the report


def test_a_missing_package_fails_and_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def without_pandas(name: str) -> object:
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return importlib.import_module(name)

    assert doctor.main(["--no-notebook"], import_module=without_pandas) == 1
    lines = capsys.readouterr().out.splitlines()
    pandas = next(line for line in lines if line.startswith("✗ pandas"))
    assert "cannot be imported (No module named 'pandas')" in pandas
    command = pandas.split(" — fix: ")[1]
    assert command.startswith(f"{sys.executable} -m pip install ")
    assert SpecifierSet(command.split("pandas")[-1].strip("'")) == course_pin("pandas")
    assert all(line.startswith("✓") for line in lines[:-2] if "pandas" not in line)
    assert lines[-1].startswith("Not ready: 1 of 13 checks failed")


def test_a_package_off_the_course_pin_fails_naming_the_pin() -> None:
    check = doctor.check_package(
        "jupyterlab-widgets",
        "jupyterlab_widgets",
        {"jupyterlab-widgets": ">=3.0.11"},  # as if the course had moved on
        importlib.import_module,
    )
    assert check.status == "fail"
    assert "and the course pins >=3.0.11" in check.line
    assert check.line.endswith("-m pip install 'jupyterlab-widgets>=3.0.11'")


def test_the_installed_widgets_match_the_course_pin() -> None:
    pins = doctor.course_pins()
    assert SpecifierSet(pins["jupyterlab-widgets"]) == course_pin("jupyterlab_widgets")


def test_missing_course_settings_are_warnings_whose_fix_works(tmp_path: Path) -> None:
    checks = {c.name: c for c in doctor.run_checks(run_notebook=False, prefix=tmp_path)}
    kernel = checks["kernel config (out-of-order cells explained)"]
    lab = checks["JupyterLab settings (no news fetch, RISE slides)"]
    for check in (kernel, lab):
        assert check.status == "warn"
        assert check.line.startswith("⚠ ")
        assert "is missing" in check.detail
    assert not [c for c in checks.values() if c.status == "fail"]  # warned, still healthy

    for check in (kernel, lab):
        subprocess.run(check.fix, shell=True, check=True)
    config = tmp_path / "etc" / "ipython" / "ipython_kernel_config.json"
    assert "journey_lessons._kernel" in json.loads(config.read_text())["IPKernelApp"]["extensions"]
    assert doctor.check_kernel_config(tmp_path).status == "ok"
    assert doctor.check_lab_settings(tmp_path).status == "ok"


def test_a_kernel_config_without_the_course_extension_is_a_warning(tmp_path: Path) -> None:
    config = tmp_path / "etc" / "ipython" / "ipython_kernel_config.json"
    config.parent.mkdir(parents=True)
    config.write_text('{"IPKernelApp": {"extensions": []}}')
    check = doctor.check_kernel_config(tmp_path)
    assert (check.status, check.detail) == ("warn", f"{config} is not the course's "
                                            "lab/ipython_kernel_config.json")  # fmt: skip


def test_a_folder_without_the_notebook_is_skipped_with_a_note(tmp_path: Path) -> None:
    check = doctor.check_notebook(doctor.find_notebook(tmp_path), 20, importlib.import_module)
    assert check.line == (
        "– notebook 01_milestones.ipynb: not found: pass the course's notebooks folder "
        "with --notebooks"
    )


@pytest.mark.slow  # starts a kernel
def test_a_notebook_that_fails_names_its_cell(tmp_path: Path) -> None:
    notebook = json.loads((ROOT / "notebooks" / doctor.NOTEBOOK).read_text(encoding="utf-8"))
    notebook["cells"].insert(
        1,
        {"cell_type": "code", "source": "1 / 0", "metadata": {}, "outputs": [],
         "execution_count": None},
    )  # fmt: skip
    (tmp_path / doctor.NOTEBOOK).write_text(json.dumps(notebook), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "journey_lessons", "doctor", "--notebooks", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert (
        "✗ notebook 01_milestones.ipynb: cell 2 failed: ZeroDivisionError: division by zero"
        in done.stdout
    )
    assert not list(tmp_path.glob("my_journey*"))  # it ran in a temporary copy
