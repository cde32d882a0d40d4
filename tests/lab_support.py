"""A real JupyterLab server for the browser tests (tests/test_jupyterlab.py, test_slides.py).

A test module takes the `lab` fixture from here with `lab = lab_support.lab`; being
module-scoped, it starts one server per module. It yields ``base, token`` (a
:class:`LabServer`), whose ``root`` is the folder the server serves: a copy of
notebooks/ with no learner's file in it, where the widgets save my_journey.yaml.
The server runs on 127.0.0.1 with a clean Jupyter profile, so the only settings in
force are the course's own (`make test` copies lab/overrides.json into the venv first).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer(tuple):
    """``(base, token)`` of a running lab, so that ``base, token = lab`` reads it; and its root."""

    root: Path

    def __new__(cls, base: str, token: str, root: Path) -> LabServer:
        server = super().__new__(cls, (base, token))
        server.root = root
        return server

    @property
    def base(self) -> str:
        return self[0]

    @property
    def token(self) -> str:
        return self[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of notebooks/; yields a LabServer."""
    home = tmp_path_factory.mktemp("lab")
    work = home / "notebooks"
    shutil.copytree(REPO / "notebooks", work, ignore=shutil.ignore_patterns("my_*", ".ipynb*"))
    token, port = secrets.token_hex(16), free_port()
    env = {
        **os.environ,
        # a clean profile: no settings, workspaces or runtime files from elsewhere
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    command = [
        str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
        f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}", "--allow-root",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "JupyterLab did not start:\n" + (home / "lab.log").read_text()
                    ) from None
                time.sleep(0.5)
        yield LabServer(base, token, work)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def run_all_cells(
    page, base: str, token: str, notebook: str, *, workspace: str | None = None
) -> list[str]:
    """Open ``notebook`` in the lab, wait for its kernel and run every cell.

    Returns the list that collects every request leaving 127.0.0.1 from then on
    (it should stay empty: the course runs offline). A ``workspace`` name opens the
    notebook alone in a workspace of its own, so that pages open side by side do not
    restore each other's tabs.
    """
    from playwright.sync_api import expect

    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith((base, "data:", "blob:", "ws://127.0.0.1"))
            else None
        ),
    )
    where = f"/lab/workspaces/{workspace}" if workspace else "/lab"
    page.goto(f"{base}{where}/tree/{notebook}?token={token}")
    # the kernel is up when the status bar names it idle
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    return outside
