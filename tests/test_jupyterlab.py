"""A learner's session in real JupyterLab, in Debian's Chromium.

Start JupyterLab headless on this machine, open the milestones notebook, run all
cells, type into the builder, and see the drawing change. A screenshot is kept in
test-artifacts/ for a person to look at.
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
from playwright.sync_api import expect, sync_playwright
from site_support import launch_chromium

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of notebooks/; yields its base URL."""
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
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_a_learner_runs_the_milestones_notebook_and_edits_the_map(lab):
    base, token = lab
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        outside = []
        page.on(
            "request",
            lambda r: (
                outside.append(r.url)
                if not r.url.startswith((base, "data:", "blob:", "ws://127.0.0.1"))
                else None
            ),
        )
        page.goto(f"{base}/lab/tree/01_milestones.ipynb?token={token}")
        # the kernel is up when the status bar names it idle
        expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=60_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

        builder = page.locator(".jl-milestone-builder")
        expect(builder).to_be_visible(timeout=60_000)
        drawing = builder.locator(".jl-drawing-output img")
        expect(drawing).to_be_visible(timeout=30_000)
        assert "Buy the annual membership" in drawing.get_attribute("alt")

        core_name = builder.locator(".jl-row-core .jl-name input")
        core_name.fill("Buy the monthly plan")
        page.wait_for_function(
            "() => document.querySelector('.jl-milestone-builder .jl-drawing-output img')"
            "?.alt.includes('Core purchase: Buy the monthly plan')",
            timeout=30_000,
        )
        # a learner mistake shows as a finding, not a traceback
        core_name.fill("")
        findings = builder.locator(".jl-findings-view")
        expect(findings).to_contain_text("This milestone has no name", timeout=30_000)
        core_name.fill("Buy the monthly plan")
        builder.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-milestones.png"), full_page=False)

        errors = page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        assert errors.count() == 0, errors.all_inner_texts()
        assert not outside, f"requests left this machine: {outside}"
        browser.close()
