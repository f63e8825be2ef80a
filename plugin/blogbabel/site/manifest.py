"""What blogbabel wrote, so a person's later edit is never overwritten.

``.blogbabel/manifest.json`` under the site root maps each written file (site-relative POSIX
path) to the SHA-256 of the bytes written, the source it came from and that source's hash. A
file whose current bytes no longer match its entry was edited by someone after blogbabel
wrote it; a file with no entry was never written by blogbabel. Either way it is kept.

Each record is also appended to ``manifest.journal`` the moment it is made, and the journal
is replayed on load and emptied when the manifest is saved (once, at the end of a build): a
build killed with ``kill -9`` still knows every file it wrote, so none is later mistaken for
a person's. Saving streams one line per entry, so it needs no second copy of a big manifest.

A file is journaled twice: its intended entry before the rename that puts it in place, and
the entry itself after. A build killed between the two leaves a pending intent, adopted on
load when the file on disk is exactly what was intended, so blogbabel's own file is never
taken for a person's. The journal and the manifest are opened without following links
(:mod:`blogbabel.site.state`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import BlogbabelError, InputError, OutputError
from ..files import atomic_write
from .entries import Entry, EntryStore, entry_dict, read_manifest_lines
from .state import check_state_dir, open_state_file

FORMAT_VERSION = 1


def content_hash(data: bytes) -> str:
    """The hash blogbabel records for file contents (hex SHA-256)."""
    return hashlib.sha256(data).hexdigest()


def short_hash(data: bytes) -> str:
    """The source hash written into translated front matter (16 hex digits)."""
    return content_hash(data)[:16]


class Manifest:
    """The manifest of one site root (``state_dir``'s parent); load, look up, write, save."""

    def __init__(self, state_dir: Path):
        self.root = state_dir.parent
        self.path = state_dir / "manifest.json"
        self.journal_path = state_dir / "manifest.journal"
        #: path -> entry, in a temporary SQLite file (flat memory on sites of 100,000 posts)
        self.entries = EntryStore()
        #: site-relative paths a killed build was about to write (their folders may hold temp files)
        self.intended: set[str] = set()
        self._dirty = False
        self._journal: int | None = None
        if not check_state_dir(state_dir, create=False):
            return
        if os.path.lexists(self.path):
            try:
                self._load()
            except (ValueError, TypeError) as exc:
                raise InputError(
                    f"the manifest is damaged: {exc}",
                    path=self.path,
                    hint="delete it; files blogbabel wrote will then count as human-edited until rebuilt with --force",
                ) from None
        self._replay_journal()

    def _load(self) -> None:
        """Read ``manifest.json``: streamed line by line when it is in blogbabel's own layout,
        else (hand-edited, or damaged: the error names the problem) parsed whole."""
        with os.fdopen(_open_state_file(self.path), "rb") as handle:
            lines = read_manifest_lines(handle)
            if lines is not None:
                try:
                    self.entries.update_many(lines)
                    return
                except (ValueError, TypeError):
                    self.entries.clear()
        raw = json.loads(_read_state_file(self.path))
        files = raw.get("files", {}) if isinstance(raw, dict) else None
        if not isinstance(files, dict):
            raise ValueError(f'expected {{"files": {{...}}}}, found {type(files if isinstance(raw, dict) else raw).__name__}')
        self.entries.update_many((str(rel), Entry(**value)) for rel, value in files.items())

    def _replay_journal(self) -> None:
        """Apply the records a killed build appended after its last save; adopt an intended
        write whose file holds exactly the intended bytes (killed between rename and record)."""
        try:
            lines = _read_state_file(self.journal_path).splitlines()
        except FileNotFoundError:
            return
        pending: dict[str, Entry] = {}
        for line in lines:
            try:
                value = json.loads(line)
                rel = value.pop("rel")
                intent = value.pop("intent", False)
                entry = Entry(**value)
            except (ValueError, TypeError, KeyError, AttributeError):
                continue  # the line being written when the process died
            if intent:
                pending[rel] = entry
                self.intended.add(rel)
            else:
                pending.pop(rel, None)
                self.entries[rel] = entry
                self._dirty = True
        for rel, entry in pending.items():
            try:
                current = _read_state_file(self.root / rel)
            except (OSError, BlogbabelError):
                continue
            if content_hash(current) == entry.hash:
                self.entries[rel] = entry
                self._dirty = True

    def get(self, rel: str) -> Entry | None:
        return self.entries.get(rel)

    def is_ours(self, rel: str, current: bytes) -> bool:
        """True when ``current`` is exactly what blogbabel last wrote at ``rel``."""
        entry = self.entries.get(rel)
        return entry is not None and entry.hash == content_hash(current)

    def write(self, rel: str, data: bytes, **details) -> None:
        """Write ``data`` at site-relative ``rel`` atomically and record it: the intent is
        journaled before the rename, the entry after it."""
        entry = Entry(content_hash(data), **details)
        self._append({"rel": rel, "intent": True, **entry_dict(entry)})
        atomic_write(self.root / rel, data)
        self._set(rel, entry)

    def record(self, rel: str, data: bytes, **details) -> None:
        """Remember that ``data`` is what blogbabel wrote at ``rel`` (journaled at once)."""
        self._set(rel, Entry(content_hash(data), **details))

    def repoint(self, rel: str, entry: Entry) -> None:
        """``rel``'s entry is now ``entry`` (same file bytes, e.g. its source repaired in place)."""
        self._set(rel, entry)

    def _set(self, rel: str, entry: Entry) -> None:
        if self.entries.get(rel) != entry:
            self.entries[rel] = entry
            self._dirty = True
            self._append({"rel": rel, **entry_dict(entry)})

    def _append(self, record: dict) -> None:
        """One unbuffered write per record: in the kernel's hands before the next file is written."""
        line = json.dumps(record, ensure_ascii=False).encode() + b"\n"
        try:
            if self._journal is None:
                check_state_dir(self.path.parent, create=True)
                self._journal = open_state_file(self.journal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            if os.write(self._journal, line) != len(line):
                raise OSError(28, "short write (disk full?)")
        except OSError as exc:
            raise OutputError(f"cannot write the manifest journal: {exc.strerror or exc}", path=self.journal_path, hint="free some space in the output folder") from None

    def forget(self, rel: str) -> None:
        """``rel`` was removed: it is no longer blogbabel's (a killed build before the next save
        leaves an entry whose file is gone, which the next build forgets again)."""
        if self.entries.pop(rel, None) is not None:
            self._dirty = True

    def save(self) -> None:
        """Write the manifest (atomically) if it changed, then empty the journal."""
        if not self._dirty:
            return
        atomic_write(self.path, self._json_lines())
        self._dirty = False
        self.close()
        self.journal_path.unlink(missing_ok=True)
        self.intended.clear()

    def close(self) -> None:
        """Close the journal (kept otherwise: the next build replays it)."""
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None

    def _json_lines(self) -> Iterator[bytes]:
        """The manifest as JSON, one file per line."""
        yield b'{"version": %d, "files": {' % FORMAT_VERSION
        separator = b"\n"
        for rel, entry in self.entries.sorted_items():
            item = json.dumps(rel, ensure_ascii=False) + ": " + json.dumps(entry_dict(entry), ensure_ascii=False)
            yield separator + item.encode()
            separator = b",\n"
        yield b"\n}}\n"


def _open_state_file(path: Path) -> int:
    """A read-only descriptor of a regular file, never through a link (FileNotFoundError when absent)."""
    try:
        return open_state_file(path, os.O_RDONLY)
    except OutputError:
        if not os.path.lexists(path):
            raise FileNotFoundError(path) from None
        raise


def _read_state_file(path: Path) -> bytes:
    """The bytes of a regular file, never through a link (FileNotFoundError when absent)."""
    with os.fdopen(_open_state_file(path), "rb") as handle:
        return handle.read()
