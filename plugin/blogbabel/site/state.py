"""``.blogbabel/`` under the site root: blogbabel's state folder, and the build lock in it.

Nothing in the state folder is reached through a link: the folder must be a real directory
inside the site root, and its files are opened with ``O_NOFOLLOW`` (a symlinked
``build.lock`` would otherwise truncate the file it points to). A build holds
``build.lock`` (an advisory ``flock``) for its whole run, so two builds over one site queue
instead of interleaving their writes. The wait is bounded and said aloud, naming the
process that holds the lock; worker processes close their inherited copy of the lock
(:func:`held_lock_fds`), so a killed build's orphans can never hold it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import BuildLockedError, OutputError, UnsafePathError

#: how long a build waits for another one over the same site before giving up (seconds)
DEFAULT_LOCK_TIMEOUT = 600.0
#: descriptors of the build locks this process holds (a forked worker must close them)
_HELD: set[int] = set()
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def check_state_dir(state_dir: Path, *, create: bool) -> bool:
    """Make sure ``state_dir`` is a real folder inside the site root (its parent), creating it
    when asked; return whether it exists. A link, or a file in its place, is refused."""
    root = state_dir.parent
    if create:
        root.mkdir(parents=True, exist_ok=True)
    try:
        info = os.lstat(state_dir)
    except FileNotFoundError:
        if not create:
            return False
        try:
            os.mkdir(state_dir)
        except FileExistsError:  # another build, started at the same moment, made it first
            pass
        info = os.lstat(state_dir)  # (whatever made it is checked below, as any found one)
    hint = "delete it; blogbabel keeps its manifest and lock in a real folder inside the output"
    if stat.S_ISLNK(info.st_mode):
        raise UnsafePathError("blogbabel's state folder is a symlink: refusing to follow it", path=state_dir, hint=hint)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafePathError("blogbabel's state folder is not a folder", path=state_dir, hint=hint)
    if root.resolve() != state_dir.resolve().parent:
        raise UnsafePathError("blogbabel's state folder is not inside the site root", path=state_dir, hint=hint)
    return True


def open_state_file(path: Path, flags: int, mode: int = 0o644) -> int:
    """``os.open`` for a state file: links are not followed, only regular files are accepted
    (a FIFO in its place is opened without blocking, then refused)."""
    try:
        fd = os.open(path, flags | _NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePathError("refusing to open a state file through a symlink", path=path, hint="delete the link") from None
        raise OutputError(f"cannot open state file: {exc.strerror}", path=path, hint="check the output folder's permissions and free space") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafePathError("state file is not a regular file", path=path, hint="delete it")
    os.set_blocking(fd, True)
    return fd


def held_lock_fds() -> tuple[int, ...]:
    """The build-lock descriptors of this process: a forked worker closes its copies, so the
    lock is released when the build that took it ends, whatever happens to the workers."""
    return tuple(_HELD)


def lock_holders(fd: int) -> list[int]:
    """Pids holding a ``flock`` on the file open at ``fd`` (Linux ``/proc/locks``; else [])."""
    info = os.fstat(fd)
    wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    pids = []
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for line in locks:
                fields = line.split()
                if len(fields) >= 6 and fields[1] == "FLOCK" and "->" not in fields and fields[5] == wanted:
                    pids.append(int(fields[4]))
    except (OSError, ValueError):
        return []
    return pids


def _say_waiting(holders: list[int], lock: Path, timeout: float) -> None:
    who = f"pid {', '.join(map(str, holders))}" if holders else "another process"
    print(f"blogbabel: waiting for {who} to finish with {lock.parent.parent} (it holds {lock}); giving up after {timeout:g} s", file=sys.stderr)


@contextlib.contextmanager
def build_lock(state_dir: Path, *, timeout: float = DEFAULT_LOCK_TIMEOUT, on_wait: Callable[[list[int], Path, float], None] = _say_waiting) -> Iterator[None]:
    """Hold ``state_dir/build.lock`` exclusively; wait at most ``timeout`` seconds for another
    build, telling ``on_wait`` who holds it, then raise :class:`BuildLockedError`."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: atomic writes + SQLite still protect files
        yield
        return
    check_state_dir(state_dir, create=True)
    lock = state_dir / "build.lock"
    fd = open_state_file(lock, os.O_RDWR | os.O_CREAT)
    try:
        deadline, told = time.monotonic() + timeout, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holders = lock_holders(fd)
                if time.monotonic() >= deadline:
                    who = f"pid {', '.join(map(str, holders))}" if holders else "another process"
                    raise BuildLockedError(
                        f"another build ({who}) still holds the build lock after {timeout:g} s",
                        path=lock,
                        hint="wait for it to finish (or stop it), then build again; --lock-timeout waits longer",
                    ) from None
                if not told:
                    on_wait(holders, lock, timeout)
                    told = True
                time.sleep(0.1)
        _HELD.add(fd)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            _HELD.discard(fd)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def build_running(state_dir: Path) -> Iterator[bool]:
    """Mark a build as running for its duration; yields True when the previous build never
    finished (killed, or the machine went down), so its leftovers can be swept."""
    check_state_dir(state_dir, create=True)
    marker = state_dir / "build.running"
    interrupted_before = os.path.lexists(marker)
    fd = open_state_file(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        os.write(fd, str(os.getpid()).encode())
    finally:
        os.close(fd)
    try:
        yield interrupted_before
    finally:
        marker.unlink(missing_ok=True)
