"""Headless Chromium for the review tests (a helper module, not a test).

The browser is Debian's ``chromium`` (installed by scripts/setup.sh). Where it is missing the
tests skip, except in CI, where a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def chromium() -> str:
    """The browser's path; skips the test where it is absent (outside CI)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: scripts/setup.sh installs it")
        pytest.skip("chromium is not installed (scripts/setup.sh installs it)")
    return found


def run_chromium(*args: str, timeout: float = 60) -> str:
    """Run the browser once with a throw-away profile; its stdout."""
    with tempfile.TemporaryDirectory(prefix="blogbabel-chromium-") as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(page: Path) -> str:
    """The DOM of ``page`` (opened from file://) after its scripts ran."""
    return run_chromium("--virtual-time-budget=2000", "--dump-dom", page.resolve().as_uri())


def screenshot(page: Path, out: Path, *, width: int = 1400, height: int = 1600) -> Path:
    """A PNG of ``page`` as a reviewer sees it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    run_chromium(f"--window-size={width},{height}", "--hide-scrollbars", f"--screenshot={out.resolve()}", page.resolve().as_uri())
    assert out.is_file() and out.stat().st_size > 10_000
    return out
