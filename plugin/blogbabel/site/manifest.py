"""What blogbabel wrote, so a person's later edit is never overwritten.

``.blogbabel/manifest.json`` under the site root maps each written file (site-relative POSIX
path) to the SHA-256 of the bytes written, the source it came from and that source's hash. A
file whose current bytes no longer match its entry was edited by someone after blogbabel
wrote it; a file with no entry was never written by blogbabel. Either way it is kept.

Each record is also appended to ``manifest.journal`` the moment it is made, and the journal
is replayed on load and emptied when the manifest is saved (once, at the end of a build): a
build killed with ``kill -9`` still knows every file it wrote, so none is later mistaken for
a person's. Saving streams one line per entry, so it needs no second copy of a big manifest.

A build holds ``.blogbabel/build.lock`` (an advisory ``flock``) for its whole run, so two
builds over the same site queue instead of interleaving their writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import InputError
from ..files import atomic_write

FORMAT_VERSION = 1


def content_hash(data: bytes) -> str:
    """The hash blogbabel records for file contents (hex SHA-256)."""
    return hashlib.sha256(data).hexdigest()


def short_hash(data: bytes) -> str:
    """The source hash written into translated front matter (16 hex digits)."""
    return content_hash(data)[:16]


@dataclass(slots=True)  # one per written file, all held for the whole build
class Entry:
    hash: str  # of the bytes written
    source: str | None = None  # content-relative path of the source
    source_hash: str | None = None
    fingerprint: str | None = None  # build settings that shape the output (layout, notice, backend)
    locale: str | None = None
    backend: str | None = None  # name of the backend that translated it


class Manifest:
    """The manifest of one site root; load, look up, record, save."""

    def __init__(self, state_dir: Path):
        self.path = state_dir / "manifest.json"
        self.journal_path = state_dir / "manifest.journal"
        self.entries: dict[str, Entry] = {}
        self._dirty = False
        self._journal = None
        if self.path.is_file():
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                self.entries = {rel: Entry(**value) for rel, value in raw.get("files", {}).items()}
            except (ValueError, TypeError) as exc:
                raise InputError(
                    f"the manifest is damaged: {exc}",
                    path=self.path,
                    hint="delete it; files blogbabel wrote will then count as human-edited until rebuilt with --force",
                ) from None
        self._replay_journal()

    def _replay_journal(self) -> None:
        """Apply the records a killed build appended after its last save."""
        try:
            lines = self.journal_path.read_bytes().splitlines()
        except FileNotFoundError:
            return
        for line in lines:
            try:
                value = json.loads(line)
                rel = value.pop("rel")
                self.entries[rel] = Entry(**value)
                self._dirty = True
            except (ValueError, TypeError, KeyError, AttributeError):
                continue  # the line being written when the process died

    def get(self, rel: str) -> Entry | None:
        return self.entries.get(rel)

    def is_ours(self, rel: str, current: bytes) -> bool:
        """True when ``current`` is exactly what blogbabel last wrote at ``rel``."""
        entry = self.entries.get(rel)
        return entry is not None and entry.hash == content_hash(current)

    def record(self, rel: str, data: bytes, **details) -> None:
        """Remember that ``data`` is what blogbabel wrote at ``rel`` (journaled at once)."""
        entry = Entry(content_hash(data), **details)
        if self.entries.get(rel) != entry:
            self.entries[rel] = entry
            self._dirty = True
            if self._journal is None:
                self.journal_path.parent.mkdir(parents=True, exist_ok=True)
                self._journal = open(self.journal_path, "ab", buffering=0)
            # one unbuffered write per record: in the kernel's hands before the next file is written
            self._journal.write(json.dumps({"rel": rel, **asdict(entry)}, ensure_ascii=False).encode() + b"\n")

    def save(self) -> None:
        """Write the manifest (atomically) if it changed, then empty the journal."""
        if not self._dirty:
            return
        atomic_write(self.path, self._json_lines())
        self._dirty = False
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        self.journal_path.unlink(missing_ok=True)

    def _json_lines(self) -> Iterator[bytes]:
        """The manifest as JSON, one file per line."""
        yield b'{"version": %d, "files": {' % FORMAT_VERSION
        separator = b"\n"
        for rel in sorted(self.entries):
            item = json.dumps(rel, ensure_ascii=False) + ": " + json.dumps(asdict(self.entries[rel]), ensure_ascii=False)
            yield separator + item.encode()
            separator = b",\n"
        yield b"\n}}\n"


@contextlib.contextmanager
def build_lock(state_dir: Path) -> Iterator[None]:
    """Hold ``state_dir/build.lock`` exclusively (waits for another build to finish)."""
    state_dir.mkdir(parents=True, exist_ok=True)
    handle = open(state_dir / "build.lock", "a+b")
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: atomic writes + SQLite still protect files
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()).encode())
            handle.flush()
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


@contextlib.contextmanager
def build_running(state_dir: Path) -> Iterator[bool]:
    """Mark a build as running for its duration; yields True when the previous build never
    finished (killed, or the machine went down), so its leftovers can be swept."""
    marker = state_dir / "build.running"
    interrupted_before = marker.exists()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(os.getpid()))
    try:
        yield interrupted_before
    finally:
        marker.unlink(missing_ok=True)
