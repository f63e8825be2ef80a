"""Child processes that never outlive their reason to run.

* :func:`die_with_parent`: a pool worker dies when the build that forked it dies, even by
  ``kill -9`` (Linux ``PR_SET_PDEATHSIG``; elsewhere a watchdog thread polling the parent).
* :class:`ProcessGroups` runs an engine command in its own process group and kills the whole
  group on a time-out, an interrupt or :meth:`ProcessGroups.kill_all`: ``apertium`` is a shell
  pipeline, and killing only the shell leaves its stages running and holding the pipes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process get SIGKILL when ``parent`` (the pid that forked it) ends."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            armed = ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):  # pragma: no cover - no libc symbol
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:  # pragma: no cover - not Linux

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, name="blogbabel-parent-watch", daemon=True).start()


class ProcessGroups:
    """Runs commands each in a new process group, and can kill every group still running."""

    def __init__(self) -> None:
        self._running: set[subprocess.Popen] = set()
        self._lock = threading.Lock()

    def run(self, command: Sequence[str], data: str, timeout: float) -> tuple[int, str, str]:
        """Run ``command`` with ``data`` on stdin; ``(status, stdout, stderr)``.

        Raises :class:`subprocess.TimeoutExpired` after ``timeout`` seconds, with the group
        already killed; an exception in the caller (Ctrl-C) kills it too.
        """
        proc = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            start_new_session=True,
        )
        with self._lock:
            self._running.add(proc)
        try:
            out, err = proc.communicate(data, timeout=max(timeout, 0.001))
            return proc.returncode, out, err
        finally:
            with self._lock:
                self._running.discard(proc)
            if proc.returncode is None:
                _kill_group(proc)

    def kill_all(self) -> None:
        """Kill every group started by :meth:`run` that is still running."""
        with self._lock:
            running = list(self._running)
        for proc in running:
            _kill_group(proc, wait=False)


def _kill_group(proc: subprocess.Popen, *, wait: bool = True) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if wait:
        proc.kill()
        # the pipes close with the last process of the group; never wait on them for long
        try:
            proc.communicate(timeout=5)
        except (subprocess.TimeoutExpired, ValueError, OSError):
            pass
