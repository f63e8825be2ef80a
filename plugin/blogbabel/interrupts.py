"""Ctrl-C and SIGTERM in the CLI: stop at the next safe point, and never crash on the way out.

The handler raises :class:`KeyboardInterrupt` where the main thread is, and also remembers
the request: Python drops an exception raised inside a ``__del__`` (a regex, a file being
collected) or a weak reference's callback, so the build asks :func:`check` before each file it writes and stops there.
Library users who install no handler are never affected.
"""

from __future__ import annotations

import signal
from typing import Any

_requested = False


def _handler(signum: int, frame: Any) -> None:  # pragma: no cover - signal handler
    global _requested
    _requested = True
    if not _in_finalizer(frame):  # there, Python would print it and drop it: check() stops us
        raise KeyboardInterrupt


#: modules whose callbacks Python runs where an exception is printed and dropped (a dead weak
#: reference's callback, like a ``__del__``)
_CALLBACK_MODULES = ("weakref.py", "_weakrefset.py")


def _in_finalizer(frame: Any, depth: int = 6) -> bool:
    while frame is not None and depth:
        code = frame.f_code
        if code.co_name == "__del__" or code.co_filename.endswith(_CALLBACK_MODULES):
            return True
        frame, depth = frame.f_back, depth - 1
    return False


def install() -> None:
    """Handle SIGTERM like Ctrl-C (atomic writes and the translation memory close cleanly)."""
    clear()
    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)


def clear() -> None:
    """Forget a stop request (the run that got it is over)."""
    global _requested
    _requested = False


def check() -> None:
    """Raise :class:`KeyboardInterrupt` if a stop was asked for and got lost on the way."""
    if _requested:
        raise KeyboardInterrupt


def ignore_from_now_on() -> None:
    """The run is over: a signal arriving while Python shuts down must not turn a finished
    run into a crash (a KeyboardInterrupt at exit kills the process with SIGINT)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
