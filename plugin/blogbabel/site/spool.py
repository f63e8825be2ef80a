"""A list for report events that keeps at most a few thousand items in memory, the rest on disk.

A build of 100,000 posts writes 200,000 files and may warn about as many lines; the report
must list them all (``--json``, library users) without holding them all while the build runs.
:class:`Spool` appends past ``keep`` items go to an anonymous temporary file as JSON lines
(gone when the process ends), and reading it back streams them in order. It answers what the
code and library users ask of a list: ``append``, ``extend``/``+=``, ``len``, iteration,
indexing, ``in``, ``==`` with a list, truth.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, is_dataclass
from typing import IO, Any, Generic, TypeVar

T = TypeVar("T")

#: items kept in memory before the spool starts writing to its file
KEEP = 2000


class Spool(Generic[T]):
    """An append-only sequence; ``decode`` turns a stored JSON value back into an item
    (dataclass items are stored as their fields, strings as they are)."""

    def __init__(self, items: Iterable[T] = (), *, decode: Callable[[Any], T] | None = None, keep: int | None = None) -> None:
        self._decode = decode
        self._keep = keep or KEEP
        self._memory: list[T] = []
        self._file: IO[bytes] | None = None
        self._on_disk = 0
        self.extend(items)

    def append(self, item: T) -> None:
        self._memory.append(item)
        if len(self._memory) >= self._keep:
            self._spill()

    def extend(self, items: Iterable[T]) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items: Iterable[T]) -> Spool[T]:
        self.extend(items)
        return self

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="blogbabel-report-")  # noqa: SIM115 (lives as long as the spool)
        self._file.seek(0, 2)
        self._file.writelines(json.dumps(asdict(i) if is_dataclass(i) else i, ensure_ascii=False).encode() + b"\n" for i in self._memory)  # type: ignore[arg-type]
        self._on_disk += len(self._memory)
        self._memory = []

    def __len__(self) -> int:
        return self._on_disk + len(self._memory)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[T]:
        offset, on_disk = 0, self._on_disk
        for _ in range(on_disk):  # its own offset: appends between two reads move the file's
            assert self._file is not None
            self._file.seek(offset)
            line = self._file.readline()
            offset = self._file.tell()
            value = json.loads(line)
            yield self._decode(value) if self._decode else value
        yield from list(self._memory)

    def __getitem__(self, index: int | slice) -> Any:
        return list(self)[index]

    def __contains__(self, item: object) -> bool:
        return any(existing == item for existing in self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Spool, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        shown = [item for _, item in zip(range(20), self)]
        return f"{shown!r}" if len(self) <= 20 else f"{shown!r} and {len(self) - 20} more"
