"""Build the offline course bundle: notebooks, a wheelhouse and install scripts.

For a room with no network: copy the folder (or its zip) to each laptop and run
``install.sh`` (Linux, macOS) or ``install.ps1`` (Windows PowerShell). They make a
virtual environment, install the course from ``wheels/`` with
``pip install --no-index --find-links`` (nothing is fetched), copy the course's
settings into it and run ``journey-lessons doctor``.

The wheelhouse holds the course package's wheel and a wheel of every dependency of
``journey-lessons[course]`` for each platform and Python version asked for (pip
picks the right one on the laptop). Fetching them needs the package registry once,
here, where the bundle is built. ``make bundle`` builds all the common ones;
``--platform native`` builds for this machine only (what the test does).

    python tools/bundle.py [--out dist/journey-lessons-course] [--platform TAG ...]
                           [--python 3.12 ...] [--zip]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRA = "course"

#: The laptops a room usually has, as the wheel platform tags pip matches: each
#: entry lists the tags accepted for that platform (newest first).
PLATFORMS: dict[str, tuple[str, ...]] = {
    "linux-x86_64": ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"),
    "macos-arm64": ("macosx_14_0_arm64", "macosx_11_0_arm64"),
    "macos-x86_64": ("macosx_10_13_x86_64", "macosx_10_9_x86_64", "macosx_10_9_universal2"),
    "windows-amd64": ("win_amd64",),
}
PYTHONS = ("3.11", "3.12", "3.13")
#: pip evaluates a dependency's environment marker (``sys_platform == "win32"``) for the
#: machine it runs on, not for ``--platform``: these are each platform's values, so
#: that the dependencies only another platform needs (pywinpty, appnope) get fetched.
MARKER_ENVIRONMENTS: dict[str, dict[str, str]] = {
    "linux-x86_64": {
        "sys_platform": "linux",
        "os_name": "posix",
        "platform_system": "Linux",
        "platform_machine": "x86_64",
    },
    "macos-arm64": {
        "sys_platform": "darwin",
        "os_name": "posix",
        "platform_system": "Darwin",
        "platform_machine": "arm64",
    },
    "macos-x86_64": {
        "sys_platform": "darwin",
        "os_name": "posix",
        "platform_system": "Darwin",
        "platform_machine": "x86_64",
    },
    "windows-amd64": {
        "sys_platform": "win32",
        "os_name": "nt",
        "platform_system": "Windows",
        "platform_machine": "AMD64",
    },
}

INSTALL_SH = """#!/bin/sh
# Install the course from this folder, offline, then check the laptop.
set -e
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --no-index --find-links wheels "journey-lessons[course]"
mkdir -p .venv/share/jupyter/lab/settings .venv/etc/ipython
cp settings/overrides.json .venv/share/jupyter/lab/settings/
cp settings/ipython_kernel_config.json .venv/etc/ipython/
.venv/bin/journey-lessons doctor --notebooks notebooks
echo
echo "Start the course with:  cd notebooks && ../.venv/bin/jupyter lab"
"""

INSTALL_PS1 = r"""# Install the course from this folder, offline, then check the laptop.
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
py -3 -m venv .venv
.venv\Scripts\python -m pip install --no-index --find-links wheels "journey-lessons[course]"
New-Item -ItemType Directory -Force .venv\share\jupyter\lab\settings, .venv\etc\ipython | Out-Null
Copy-Item settings\overrides.json .venv\share\jupyter\lab\settings\
Copy-Item settings\ipython_kernel_config.json .venv\etc\ipython\
.venv\Scripts\journey-lessons doctor --notebooks notebooks
Write-Output ""
Write-Output "Start the course with:  cd notebooks; ..\.venv\Scripts\jupyter lab"
"""

README = """journey-lessons: the course, for a room with no network
=======================================================

Needs Python {pythons} on the laptop. Nothing is downloaded.

  Linux, macOS:        sh install.sh
  Windows PowerShell:  powershell -ExecutionPolicy Bypass -File install.ps1

Each makes .venv here, installs the course from wheels/, and runs
`journey-lessons doctor`, which says what to fix if anything is missing. Then:

  Linux, macOS:        cd notebooks && ../.venv/bin/jupyter lab
  Windows:             cd notebooks; ..\\.venv\\Scripts\\jupyter lab

Start at notebook 00. Your work is saved in notebooks/my_journey.yaml.

Wheels in this bundle: {platforms}.
"""


def run(command: list[str]) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def build_wheel(wheels: Path) -> Path:
    """The course package's own wheel, built from this checkout."""
    with tempfile.TemporaryDirectory() as scratch:
        # no build isolation: hatchling is installed (book extra), and nothing is fetched
        run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
             "--no-build-isolation", "--wheel-dir", scratch, str(ROOT)])  # fmt: skip
        (built,) = Path(scratch).glob("journey_lessons-*.whl")
        return Path(shutil.copy2(built, wheels))


def download(wheel: Path, wheels: Path, platform: str, python: str | None) -> None:
    """Every dependency of the course extra, as wheels for one platform and Python."""
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(wheels)]
    command += ["--find-links", str(wheels)]
    if platform != "native":
        command += ["--only-binary=:all:", "--implementation", "cp"]
        command += ["--python-version", python or "3.12"]
        for tag in PLATFORMS[platform]:
            command += ["--platform", tag]
    run([*command, f"{wheel}[{EXTRA}]"])
    if platform == "native":
        return
    fetched: set[str] = set()
    while missing := sorted(platform_only(wheels, platform, python or "3.12") - fetched):
        run([*command, *missing])
        fetched.update(missing)


def platform_only(wheels: Path, platform: str, python: str) -> set[str]:
    """Requirements of the wheels here that hold on ``platform`` but not on this machine."""
    from email.parser import HeaderParser

    from packaging.markers import default_environment
    from packaging.requirements import Requirement

    here = default_environment() | {"extra": ""}
    there = here | MARKER_ENVIRONMENTS[platform] | {"extra": ""}
    there |= {"python_version": python, "python_full_version": f"{python}.0"}
    wanted = set()
    for file in wheels.glob("*.whl"):
        with zipfile.ZipFile(file) as archive:
            # the wheel's own metadata sits at the top level (a vendored copy deeper down)
            (name,) = [
                n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)
            ]
            metadata = HeaderParser().parsestr(archive.read(name).decode())
        for line in metadata.get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is not None and marker.evaluate(there) and not marker.evaluate(here):
                requirement.marker = None
                wanted.add(str(requirement))
    return wanted


#: What the book serves for a reader who downloads the chapters (book/_ext/course_download.py).
NOTEBOOKS_ZIP = "journey-lessons-notebooks.zip"
NOTEBOOKS_README = """journey-lessons: the course notebooks
=====================================

Open a notebook in JupyterLab or Jupyter Notebook and run its first cell: it
installs the course package from the wheel in this folder when it is missing
(its other packages come from the package index, once). Then run the notebook
top to bottom. Start at 00_welcome.ipynb; your work is saved in my_journey.yaml,
next to the notebooks.

To install the whole course (JupyterLab included) instead:

  python3 -m pip install "{wheel}[course]"
"""


def notebooks_zip(archive: Path) -> Path:
    """The chapters as a reader downloads them: the notebooks, RISE's CSS and the
    package's wheel, which each notebook's first cell installs when it is missing."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        wheel = build_wheel(Path(scratch))
        files = [*sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "notebooks/rise.css", wheel]
        folder = Path(NOTEBOOKS_ZIP).stem
        partial = archive.with_suffix(".partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zipped:
            for file in files:
                zipped.write(file, f"{folder}/{file.name}")
            zipped.writestr(f"{folder}/README.txt", NOTEBOOKS_README.format(wheel=wheel.name))
        partial.replace(archive)
    return archive


def build(out: Path, platforms: list[str], pythons: list[str], make_zip: bool) -> Path:
    if out.exists():
        shutil.rmtree(out)
    wheels = out / "wheels"
    wheels.mkdir(parents=True)
    wheel = build_wheel(wheels)
    for platform in platforms:
        for python in [None] if platform == "native" else pythons:
            download(wheel, wheels, platform, python)
    notebooks = out / "notebooks"
    notebooks.mkdir()
    for source in [*sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "notebooks/rise.css"]:
        shutil.copy2(source, notebooks)
    settings = out / "settings"
    settings.mkdir()
    for name in ("overrides.json", "ipython_kernel_config.json"):
        shutil.copy2(ROOT / "lab" / name, settings)
    (out / "install.sh").write_text(INSTALL_SH)
    (out / "install.sh").chmod(0o755)
    (out / "install.ps1").write_text(INSTALL_PS1.replace("\n", "\r\n"))
    (out / "README.txt").write_text(
        README.format(
            pythons=" or ".join(pythons) if platforms != ["native"] else "as on the build machine",
            platforms=", ".join(platforms),
        )
    )
    for licence in ("LICENSE", "LICENSE-CONTENT.md"):
        shutil.copy2(ROOT / licence, out)
    count = len(list(wheels.glob("*.whl")))
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 2**20
    print(f"bundle: {out} ({count} wheels, {size:.0f} MB)")
    if make_zip:
        archive = out.with_suffix(".zip")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for file in sorted(out.rglob("*")):
                zipped.write(file, Path(out.name) / file.relative_to(out))
        print(f"zip: {archive} ({archive.stat().st_size / 2**20:.0f} MB)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "journey-lessons-course")
    parser.add_argument(
        "--platform",
        action="append",
        choices=[*PLATFORMS, "native"],
        help="a platform to fetch wheels for (repeatable; default: all common ones)",
    )
    parser.add_argument("--python", action="append", help=f"default: {' '.join(PYTHONS)}")
    parser.add_argument("--zip", action="store_true", help="also write the folder as a .zip")
    args = parser.parse_args(argv)
    build(args.out, args.platform or list(PLATFORMS), args.python or list(PYTHONS), args.zip)
    return 0


if __name__ == "__main__":
    sys.exit(main())
