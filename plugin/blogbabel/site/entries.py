"""The manifest's entries during a build, kept in a private temporary SQLite file, not in RAM.

A site of 100,000 posts has 200,000 manifest entries (translation and cleaned copy); as
Python objects they took about 1 KB per post for the whole build. :class:`EntryStore` is a
``MutableMapping[str, Entry]`` over ``sqlite3.connect("")``, SQLite's private on-disk
database that is deleted when its connection closes: memory stays flat (SQLite's page cache
of a few MB) and a lookup costs microseconds. Iteration is in path order (the order the
manifest is saved in). :func:`read_manifest_lines` feeds it from ``manifest.json`` one line
at a time, so loading a big manifest needs no copy of it in memory either.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass, fields
from typing import BinaryIO


@dataclass(slots=True)
class Entry:
    hash: str  # of the bytes written
    source: str | None = None  # content-relative path of the source
    source_hash: str | None = None
    fingerprint: str | None = None  # build settings that shape the output (layout, notice, backend)
    locale: str | None = None
    backend: str | None = None  # name of the backend that translated it


_COLUMNS = tuple(f.name for f in fields(Entry))


def entry_values(entry: Entry) -> tuple:
    """The entry's fields in order (``dataclasses.astuple`` deep-copies: slow for a write per file)."""
    return tuple(getattr(entry, name) for name in _COLUMNS)


def entry_dict(entry: Entry) -> dict:
    """The entry as a dict, keys in field order (what ``asdict`` gives, without its deep copy)."""
    return dict(zip(_COLUMNS, entry_values(entry)))


_HEADER = re.compile(rb'^\{"version": *\d+, *"files": *\{\s*$')


class EntryStore(MutableMapping[str, Entry]):
    """Site-relative path -> :class:`Entry`, stored in a temporary SQLite database."""

    def __init__(self, items: Iterable[tuple[str, Entry]] = ()) -> None:
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode = OFF")  # a scratch copy: nothing to recover
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(f"CREATE TABLE entries (rel TEXT PRIMARY KEY, {', '.join(_COLUMNS)}) WITHOUT ROWID")
        self.update_many(items)

    def update_many(self, items: Iterable[tuple[str, Entry]]) -> None:
        """Store many entries in one transaction (loading a manifest)."""
        marks = ", ".join("?" * (len(_COLUMNS) + 1))
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany(f"INSERT OR REPLACE INTO entries VALUES ({marks})", ((rel, *entry_values(entry)) for rel, entry in items))
            self._db.execute("COMMIT")

    def __getitem__(self, rel: str) -> Entry:
        with self._lock:
            row = self._db.execute("SELECT * FROM entries WHERE rel = ?", (rel,)).fetchone()
        if row is None:
            raise KeyError(rel)
        return Entry(*row[1:])

    def __setitem__(self, rel: str, entry: Entry) -> None:
        marks = ", ".join("?" * (len(_COLUMNS) + 1))
        with self._lock:
            self._db.execute(f"INSERT OR REPLACE INTO entries VALUES ({marks})", (rel, *entry_values(entry)))

    def __delitem__(self, rel: str) -> None:
        with self._lock:
            if self._db.execute("DELETE FROM entries WHERE rel = ?", (rel,)).rowcount == 0:
                raise KeyError(rel)

    def clear(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM entries")

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def __iter__(self) -> Iterator[str]:
        for rel, _ in self.sorted_items():
            yield rel

    def sorted_items(self, batch: int = 1000) -> Iterator[tuple[str, Entry]]:
        """Every (path, entry) in path order, read a batch at a time."""
        last = None
        while True:
            with self._lock:
                if last is None:
                    rows = self._db.execute("SELECT * FROM entries ORDER BY rel LIMIT ?", (batch,)).fetchall()
                else:
                    rows = self._db.execute("SELECT * FROM entries WHERE rel > ? ORDER BY rel LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                yield row[0], Entry(*row[1:])
            last = rows[-1][0]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def read_manifest_lines(handle: BinaryIO) -> Iterator[tuple[str, Entry]] | None:
    """The entries of a manifest in blogbabel's own layout (one file per line), streamed;
    ``None`` when the file is laid out otherwise (the caller parses it whole)."""
    first = handle.readline()
    if not _HEADER.match(first):
        return None

    def entries() -> Iterator[tuple[str, Entry]]:
        closed = False
        for line in handle:
            line = line.strip()
            if closed and line:
                raise ValueError("text after the end of the manifest")
            if line == b"}}":
                closed = True
            elif line:
                ((rel, value),) = json.loads(b"{" + line.rstrip(b",") + b"}").items()
                yield str(rel), Entry(**value)
        if not closed:
            raise ValueError("the manifest ends early")

    return entries()
