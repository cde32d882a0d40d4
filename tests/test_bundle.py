"""The offline bundle (``make bundle``): a room with no network installs the course from it.

One bundle is built for this machine and for Windows (Python 3.12). On this machine
its ``install.sh`` makes a fresh virtual environment, installs with ``--no-index``
from the bundle's wheels alone, and ``journey-lessons doctor`` then passes, notebook
run included. Windows cannot run here, so uv resolves the course for Windows from the
wheels alone, with Windows's environment markers (which pip ignores when it fetches
for another platform): every package must be there, pywinpty included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import bundle  # noqa: E402  (tools/ is not a package)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "journey-lessons-course"
    bundle.build(out, ["native", "windows-amd64"], ["3.12"], make_zip=False)
    return out


def test_the_bundle_holds_the_notebooks_settings_and_scripts(built):
    names = {p.name for p in (built / "notebooks").iterdir()}
    assert {p.name for p in (REPO / "notebooks").glob("*.ipynb")} <= names
    assert "rise.css" in names
    assert (built / "settings" / "ipython_kernel_config.json").is_file()
    assert "--no-index" in (built / "install.sh").read_text()
    assert "--no-index" in (built / "install.ps1").read_text()
    assert list((built / "wheels").glob("journey_lessons-*.whl"))


# no index may answer: whatever pip needs must come from the wheels at hand
OFFLINE = {"PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_NO_INDEX": "1"}


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A copy of the bundle on a laptop, after its install.sh ran."""
    room = tmp_path_factory.mktemp("laptop") / "course"
    shutil.copytree(built, room)
    env = os.environ | OFFLINE | {"PYTHON": sys.executable}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        ["sh", str(room / "install.sh")], capture_output=True, text=True, env=env, timeout=600
    )
    return room, done


def test_install_sh_installs_offline_and_doctor_passes(installed):
    room, done = installed
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Ready for the course" in done.stdout, done.stdout[-3000:]
    assert (room / ".venv" / "etc" / "ipython" / "ipython_kernel_config.json").is_file()


def test_a_chapter_downloaded_from_the_book_installs_the_package_and_runs(installed, tmp_path):
    """The book's notebooks zip, in a Jupyter that lacks the course package: the first
    cell installs it from the wheel beside the notebook, and the chapter runs."""
    room, _ = installed
    python = room / ".venv" / "bin" / "python"
    # a Jupyter with the course's other packages, but not the course package itself
    subprocess.run([python, "-m", "pip", "uninstall", "--quiet", "--yes", "journey-lessons"],
                   check=True, timeout=120)  # fmt: skip
    archive = bundle.notebooks_zip(tmp_path / bundle.NOTEBOOKS_ZIP)
    shutil.unpack_archive(archive, tmp_path)
    folder = tmp_path / Path(bundle.NOTEBOOKS_ZIP).stem
    run = (
        "import nbformat, sys\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "NotebookClient(nb, timeout=180, resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        "errors = [o for c in nb.cells if c.cell_type == 'code' for o in c.outputs\n"
        "          if o.output_type == 'error']\n"
        "print('errors:', len(errors), [e.ename for e in errors])\n"
    )
    env = os.environ | OFFLINE
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        [python, "-c", run, str(folder / "01_milestones.ipynb"), str(folder)],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "errors: 0 []" in done.stdout
    shown = subprocess.run([python, "-m", "pip", "show", "journey-lessons"],
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert "Version: 0.1.0" in shown.stdout


def test_the_wheels_resolve_the_course_on_windows(built, tmp_path):
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    assert uv, "uv is in the test extra"
    locked = tmp_path / "windows.txt"
    done = subprocess.run(
        [uv, "pip", "compile", "-", "--no-index", "--find-links", str(built / "wheels"),
         "--python-platform", "x86_64-pc-windows-msvc", "--python-version", "3.12",
         "--only-binary", ":all:", "--quiet", "--output-file", str(locked)],
        input="journey-lessons[course]\n", capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    pinned = locked.read_text()
    for package in ("jupyterlab==", "pywinpty==", "colorama==", "pandas=="):
        assert package in pinned, f"{package} missing for Windows"
