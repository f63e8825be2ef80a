"""The human side of the translation memory: a person's translations per segment, and what
each written translation was made from.

*Human entries* map (source language, target language, normalized source segment) to a
person's translation of the whole segment, with where it came from (``origin``: ``edit`` for a
hand edit harvested from a translated file, ``import`` for a PO/XLIFF import), the file and
line, and the time. They are engine-independent and always win over machine output. The
translation is stored in one of two forms: ``text`` (the segment's final Markdown, used
verbatim) or ``tagged`` (prose with the source's ``<x1/>``/``<g2>…</g2>`` placeholders, put back
into the segment's own markup at build time).

*Output records* keep, for every translation blogbabel wrote, the source text it was made
from, the text written and the origin of each segment: a later hand edit is paired with the
source by structure, and the review page and ``status`` read the per-segment origins.

Both live in the same SQLite file as the machine entries (schema version 2), in transactions:
an import is stored all at once or not at all.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields

from .memory import _CHUNK, TranslationMemory, _transaction

MACHINE, HUMAN, REVIEW = "machine", "human", "needs-review"
TEXT_FORM, TAGGED_FORM = "text", "tagged"


@dataclass(frozen=True)
class HumanEntry:
    """A person's translation of one source segment."""

    source: str
    target: str
    segment: str  # normalized source segment (the key)
    translation: str
    form: str = TEXT_FORM  # TEXT_FORM or TAGGED_FORM
    origin: str = "edit"  # "edit" (harvested from a translated file) or "import"
    file: str | None = None
    line: int | None = None
    created: float = 0.0


@dataclass(frozen=True)
class SegmentOrigin:
    """Who translated one segment of a written file (what the review page shows)."""

    kind: str
    line: int  # in the source
    origin: str  # MACHINE or HUMAN
    needs_review: bool = False  # machine text in a file a person edited, its source changed since
    source: str = ""  # normalized source segment


#: (``asdict`` deep-copies each value: the dominant cost of recording a file's origins)
_ORIGIN_FIELDS = tuple(f.name for f in fields(SegmentOrigin))


@dataclass
class OutputRecord:
    """What one written translation was made from."""

    path: str  # site-relative path of the translation
    source_path: str
    source: str
    target: str
    source_text: str  # the (cleaned) source text it was translated from
    output_text: str  # the text written
    segments: list[SegmentOrigin] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # why the file was kept for a person to review
    pending: bool = False  # human translations were imported for it: the next build rewrites it
    written: float = 0.0

    def counts(self) -> dict[str, int]:
        """Segments by origin: machine, human, needs review."""
        counts = {MACHINE: 0, HUMAN: 0, REVIEW: 0}
        for segment in self.segments:
            counts[segment.origin] += 1
            counts[REVIEW] += segment.needs_review
        return counts


class HumanMemory:
    """Human entries and output records of a :class:`TranslationMemory`."""

    def __init__(self, memory: TranslationMemory) -> None:
        self.memory = memory

    def site_id(self) -> str:
        """A random identifier of this site's memory (written into exported files)."""
        with self.memory._lock:
            return str(self.memory._db.execute("SELECT value FROM meta WHERE key = 'site_id'").fetchone()[0])

    def lookup(self, source: str, target: str, keys: Sequence[str]) -> dict[str, HumanEntry]:
        """Human entries of the (normalized) ``keys``."""
        found: dict[str, HumanEntry] = {}
        keys = list(dict.fromkeys(keys))
        db = self.memory._db
        with self.memory._lock:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                rows = db.execute(
                    f"SELECT segment, translation, form, origin, file, line, created FROM human WHERE source = ? AND target = ? AND segment IN ({','.join('?' * len(chunk))})",
                    (source, target, *chunk),
                )
                for segment, translation, form, origin, file, line, created in rows:
                    found[segment] = HumanEntry(source, target, segment, translation, form, origin, file, line, created)
        return found

    def store(self, entries: Iterable[HumanEntry], *, pending: Iterable[str] = ()) -> int:
        """Save human entries and mark the translations at ``pending`` paths for rewriting, in
        ONE transaction (all or nothing); return how many entries."""
        now = time.time()
        rows = [(e.source, e.target, e.segment, e.translation, e.form, e.origin, e.file, e.line, e.created or now) for e in entries]
        with self.memory._lock, _transaction(self.memory._db):
            self.memory._db.executemany("INSERT OR REPLACE INTO human VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.memory._db.executemany("UPDATE outputs SET pending = 1 WHERE path = ?", [(p,) for p in pending])
        return len(rows)

    def record(self, record: OutputRecord) -> None:
        """Remember what the translation at ``record.path`` was made from."""
        with self.memory._lock, _transaction(self.memory._db):
            self._save_record(record, time.time())

    def _save_record(self, record: OutputRecord, now: float) -> None:
        self.memory._db.execute(
            "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.path,
                record.source_path,
                record.source,
                record.target,
                record.source_text,
                record.output_text,
                json.dumps([{name: getattr(s, name) for name in _ORIGIN_FIELDS} for s in record.segments], ensure_ascii=False),
                json.dumps(record.review),
                int(record.pending),
                record.written or now,
            ),
        )

    def output(self, path: str) -> OutputRecord | None:
        """The record of the translation at site-relative ``path``, if blogbabel wrote one."""
        for record in self.outputs(path):
            return record
        return None

    def outputs(self, path: str | None = None) -> list[OutputRecord]:
        """Every output record (or the one of ``path``)."""
        query = "SELECT * FROM outputs" + (" WHERE path = ?" if path is not None else " ORDER BY path")
        with self.memory._lock:
            rows = list(self.memory._db.execute(query, (path,) if path is not None else ()))
        return [OutputRecord(p, sp, s, t, st, ot, [SegmentOrigin(**item) for item in json.loads(seg)], json.loads(rev), bool(pe), w) for p, sp, s, t, st, ot, seg, rev, pe, w in rows]

    def counts(self, source: str | None = None, target: str | None = None) -> int:
        """How many human entries (for a pair, or in all)."""
        where, args = ("WHERE source = ? AND target = ?", (source, target)) if source and target else ("", ())
        with self.memory._lock:
            return int(self.memory._db.execute(f"SELECT COUNT(*) FROM human {where}", args).fetchone()[0])
