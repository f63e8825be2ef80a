"""Headless Chromium for the review tests (a helper module, not a test).

The browser is Debian's ``chromium`` (installed by scripts/setup.sh). Where it is missing the
tests skip, except in CI, where a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shlex
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


def _above_nine(fd: int) -> int:
    """``fd`` moved to a number above 9."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class DevTools:
    """One headless Chromium driven over the DevTools protocol on a pipe
    (``--remote-debugging-pipe``: commands on the browser's fd 3, answers on its fd 4, each
    message JSON ended by NUL). No port is opened and no extra package is needed."""

    def __init__(self) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="blogbabel-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the child's ends above 9, so that moving them to 3 and 4 cannot overwrite one another
        to_browser_r, from_browser_w = (_above_nine(fd) for fd in (to_browser_r, from_browser_w))

        # the browser reads commands on its fd 3 and answers on its fd 4: bash puts the
        # pipe ends there (dash takes one-digit fds only; no preexec_fn: unsafe with threads)
        command = " ".join(shlex.quote(arg) for arg in (chromium(), *FLAGS, f"--user-data-dir={self._profile.name}",
                                                          "--remote-debugging-pipe", "about:blank"))
        self.process = subprocess.Popen(
            ["bash", "-c", f"exec {command} 3<&{to_browser_r} 4>&{from_browser_w}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def _read(self, timeout: float = 30) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], timeout)
            chunk = os.read(self._from_browser, 1 << 16) if ready else b""
            if not chunk:
                raise TimeoutError("chromium did not answer")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, *, session: bool = False, **params) -> dict:
        """Send one command and return its result (events that come first are kept)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next_id:
                assert "error" not in answer, answer
                return answer.get("result", {})
            self.events.append(answer)

    def open(self, page: Path) -> None:
        """Load ``page`` from file:// and wait for its load event."""
        self.events.clear()
        self.call("Page.navigate", session=True, url=page.resolve().as_uri())
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._read())

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        return result["result"].get("value")

    def press(self, key: str) -> None:
        """A key typed by the user (keydown, keypress, keyup)."""
        code = {"ArrowDown": 40}.get(key, ord(key.upper()))
        self.call("Input.dispatchKeyEvent", session=True, type="keyDown", key=key, text=key if len(key) == 1 else "",
                  windowsVirtualKeyCode=code)
        self.call("Input.dispatchKeyEvent", session=True, type="keyUp", key=key, windowsVirtualKeyCode=code)

    def click(self, selector: str) -> None:
        self.evaluate(f"document.querySelector({selector!r}).click()")

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (OSError, TimeoutError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    def __enter__(self) -> DevTools:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
