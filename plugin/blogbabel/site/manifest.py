"""What blogbabel wrote, so a person's later edit is never overwritten.

``.blogbabel/manifest.json`` under the site root maps each written file (site-relative POSIX
path) to the SHA-256 of the bytes written, the source it came from and that source's hash. A
file whose current bytes no longer match its entry was edited by someone after blogbabel
wrote it; a file with no entry was never written by blogbabel. Either way it is kept.

A build holds ``.blogbabel/build.lock`` (an advisory ``flock``) for its whole run, so two
builds over the same site queue instead of interleaving their writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..textio import atomic_write

FORMAT_VERSION = 1


def content_hash(data: bytes) -> str:
    """The hash blogbabel records for file contents (hex SHA-256)."""
    return hashlib.sha256(data).hexdigest()


def short_hash(data: bytes) -> str:
    """The source hash written into translated front matter (16 hex digits)."""
    return content_hash(data)[:16]


@dataclass
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
        self.entries: dict[str, Entry] = {}
        self._dirty = False
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

    def get(self, rel: str) -> Entry | None:
        return self.entries.get(rel)

    def is_ours(self, rel: str, current: bytes) -> bool:
        """True when ``current`` is exactly what blogbabel last wrote at ``rel``."""
        entry = self.entries.get(rel)
        return entry is not None and entry.hash == content_hash(current)

    def record(self, rel: str, data: bytes, **details) -> None:
        entry = Entry(content_hash(data), **details)
        if self.entries.get(rel) != entry:
            self.entries[rel] = entry
            self._dirty = True

    def save(self) -> None:
        """Write the manifest (atomically) if it changed."""
        if not self._dirty:
            return
        payload = {"version": FORMAT_VERSION, "files": {rel: dict(vars(e)) for rel, e in sorted(self.entries.items())}}
        atomic_write(self.path, json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
        self._dirty = False


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
