"""Translation memory: every segment is translated once, ever, per engine and model.

Storage: one SQLite file (default ``<site>/.blogbabel/tm.sqlite``) in WAL mode with a busy
timeout, so several processes can read and write it at once, and a process killed mid-write
leaves it consistent (SQLite's journal rolls the unfinished transaction back).

Key: (engine identity, source, target, normalized segment) -> translation. The engine
identity names the backend *and* the model (``argos:en_es@1.9#…``), so a new model never
serves old translations. Normalization is NFC plus collapsed whitespace; a segment's leading
and trailing whitespace is kept out of the key and put back around the translation.

Pruning (``blogbabel cache prune SITE``): the site is scanned, every post is segmented the
way a build would (both placeholder styles, every target locale), and :meth:`TranslationMemory.prune`
deletes the entries whose (source, target, segment) no post uses any more. Incremental builds
skip unchanged posts, so "what the last build touched" would not tell; the posts themselves do.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import BackendError, BlogbabelError, ConfigError, TranslationTimeoutError
from ..translate.aligned import UnitSignal, unit_mode_of, unit_translator
from .base import Backend, split_outer_whitespace, translate_checked
from .contract import as_backend
from .memory_schema import migrate

DEFAULT_LOCATION = Path(".blogbabel") / "tm.sqlite"
#: keys per SQL statement (well under SQLite's parameter limit)
_CHUNK = 500


def normalize_segment(text: str) -> str:
    """The memory key of a segment: NFC, whitespace runs collapsed to one space, stripped."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class MemoryStats:
    path: str
    entries: int
    pairs: tuple[tuple[str, str, str, int], ...]  # (engine, source, target, entries)
    size_bytes: int


class TranslationMemory:
    """An SQLite translation memory; ``path=None`` keeps it in memory for this process only."""

    def __init__(self, path: str | Path | None, *, busy_timeout: float = 60.0) -> None:
        self.path = Path(path) if path is not None else None
        self.busy_timeout = busy_timeout
        self._lock = threading.Lock()
        self._db = self._open()

    @classmethod
    def for_site(cls, root: str | Path) -> "TranslationMemory":
        """The memory of the site at ``root`` (``<root>/.blogbabel/tm.sqlite``)."""
        return cls(Path(root) / DEFAULT_LOCATION)

    # ------------------------------------------------------------------ connection

    def _connect(self) -> sqlite3.Connection:
        target = ":memory:" if self.path is None else str(self.path)
        deadline = time.monotonic() + self.busy_timeout
        while True:
            db = sqlite3.connect(target, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
            try:
                db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
                if self.path is not None:
                    db.execute("PRAGMA journal_mode = WAL")
                    db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
                with _transaction(db):
                    migrate(db, self.path)
                return db
            except sqlite3.OperationalError as exc:
                db.close()
                # switching to WAL needs a moment alone with the file, and SQLite does not wait
                # for it: two processes creating the memory at once retry instead of failing
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
            except BaseException:
                db.close()
                raise

    def _open(self) -> sqlite3.Connection:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if self.path is None or "not a database" not in str(exc) and "malformed" not in str(exc):
                raise ConfigError(f"cannot open the translation memory: {exc}", path=self.path) from exc
        # A damaged memory is only a cache: keep its files for inspection and start afresh.
        aside = self.path.with_name(f"{self.path.name}.broken-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(str(self.path) + suffix):
                os.replace(str(self.path) + suffix, str(aside) + suffix)
        warnings.warn(f"translation memory {self.path} was damaged; moved to {aside}, starting a new one", stacklevel=3)
        return self._connect()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "TranslationMemory":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def prune(self, used: Iterable[tuple[str, str, str]]) -> int:
        """Delete every entry whose (source, target, segment) is not in ``used``; return how
        many went. ``used`` holds the texts a build would send (keys are derived as for
        lookups), whatever the engine."""
        keep = set()
        for source, target, text in used:
            core = split_outer_whitespace(text)[1]
            if core:
                keep.add((source, target, normalize_segment(core)))
        with self._lock, _transaction(self._db):
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (source TEXT, target TEXT, segment TEXT, PRIMARY KEY (source, target, segment)) WITHOUT ROWID")
            self._db.execute("DELETE FROM keep")
            self._db.executemany("INSERT OR IGNORE INTO keep VALUES (?, ?, ?)", keep)
            deleted = self._db.execute(
                "DELETE FROM entries WHERE NOT EXISTS (SELECT 1 FROM keep WHERE keep.source = entries.source AND keep.target = entries.target AND keep.segment = entries.segment)"
            ).rowcount
            self._db.execute("DELETE FROM keep")
        if self.path is not None:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted

    # ------------------------------------------------------------------ entries

    def lookup(self, engine: str, source: str, target: str, keys: Sequence[str]) -> dict[str, str]:
        """Translations of the (normalized) ``keys`` found in the memory."""
        found: dict[str, str] = {}
        keys = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT segment, translation FROM entries WHERE engine = ? AND source = ? AND target = ? AND segment IN ({marks})",
                    (engine, source, target, *chunk),
                )
                found.update(rows)
        return found

    def store(self, engine: str, source: str, target: str, translations: Mapping[str, str], *, used: Iterable[str] = ()) -> None:
        """Save new translations and mark ``used`` keys as used, in one transaction."""
        now = time.time()
        used = [key for key in used if key not in translations]
        if not translations and not used:
            return
        with self._lock, _transaction(self._db):
            self._db.executemany(
                "INSERT OR REPLACE INTO entries (engine, source, target, segment, translation, created, last_used) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(engine, source, target, key, value, now, now) for key, value in translations.items()],
            )
            self._db.executemany(
                "UPDATE entries SET last_used = ? WHERE engine = ? AND source = ? AND target = ? AND segment = ?",
                [(now, engine, source, target, key) for key in used],
            )

    def stats(self) -> MemoryStats:
        with self._lock:
            pairs = tuple(self._db.execute("SELECT engine, source, target, COUNT(*) FROM entries GROUP BY engine, source, target ORDER BY 1, 2, 3"))
        size = 0
        if self.path is not None:
            for suffix in ("", "-wal", "-shm"):
                try:
                    size += os.stat(str(self.path) + suffix).st_size
                except OSError:
                    pass
        return MemoryStats(str(self.path) if self.path else ":memory:", sum(p[3] for p in pairs), pairs, size)


class _transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (rollback on error): writers queue on the busy timeout."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # still locked after the busy timeout
            raise ConfigError(
                f"the translation memory is busy: {exc}",
                hint="another blogbabel process holds it; wait for it or use --no-cache",
            ) from exc

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass


class CachedTranslator:
    """A translator that asks the memory first and the backend only for what it lacks.

    ``translate_batch`` looks all texts up at once, sends the misses (deduplicated, without
    their outer whitespace) to the backend in ONE call, and stores the results in one
    transaction. ``memory=None`` disables caching but keeps deduplication, the timeout and
    the result checks. Counters: ``hits``, ``misses`` (unique segments), ``model_calls``,
    ``model_seconds``.
    """

    def __init__(self, backend: Backend, memory: TranslationMemory | None = None, *, timeout: float | None = None, timeout_per_text: float = 0.0) -> None:
        #: the engine, checked against the backend contract (a third-party one is completed)
        self.engine_backend = as_backend(backend)
        #: what is called: the engine, or an aligned translator over it
        self.backend = unit_translator(self.engine_backend)
        self.memory = memory
        self.timeout = timeout
        self.timeout_per_text = timeout_per_text
        #: texts the backend gave no usable answer for (returned unchanged) -> why
        self.failed: dict[str, str] = {}
        self.preserves_markup = bool(self.backend.preserves_markup)
        self.unit_mode = unit_mode_of(self.backend)
        self.takes_aligned_units = self.unit_mode == "aligned"
        self.translates = self.engine_backend.translates
        self.hits = 0
        self.misses = 0
        self.model_calls = 0
        self.model_seconds = 0.0
        self._engines: dict[tuple[str, str], str] = {}
        self._deadline: float | None = None
        self._budget: float | None = None

    @property
    def signals(self) -> dict[str, UnitSignal]:
        """What the backend told about the texts it translated (scores, fallbacks, unknown words)."""
        return self.backend.signals

    def engine(self, source: str, target: str) -> str:
        """The backend + model identity used in memory keys for this pair."""
        key = (source, target)
        if key not in self._engines:
            self._engines[key] = self.backend.identity_for(source, target)
        return self._engines[key]

    def describe(self, source: str | None = None, target: str | None = None) -> str:
        text = self.backend.describe(source, target)
        return text + (f", memory {self.memory.path or ':memory:'}" if self.memory is not None else ", no memory")

    def _keys(self, texts: Sequence[str]) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
        parts = []
        first_core: dict[str, str] = {}
        for text in texts:
            lead, core, trail = split_outer_whitespace(text)
            key = normalize_segment(core) if core else ""
            if key:
                first_core.setdefault(key, core)
            parts.append((lead, key, trail))
        return parts, first_core

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        parts, first_core = self._keys(texts)
        use_memory = self.memory is not None and self.translates
        engine = self.engine(source, target) if use_memory else ""
        found = self.memory.lookup(engine, source, target, list(first_core)) if self.memory is not None and use_memory else {}
        missing = [key for key in first_core if key not in found]
        self.hits += len(first_core) - len(missing)
        self.misses += len(missing)
        new: dict[str, str] = {}
        failed: dict[str, str] = {}
        if missing:
            # one budget for the whole batch, the splits that isolate failing texts included
            budget = None if self.timeout is None else self.timeout + self.timeout_per_text * len(missing)
            self._deadline = None if budget is None else time.monotonic() + budget
            self._budget = budget
            batch = translate_checked(self._call_backend, [first_core[key] for key in missing], source, target, name=self._name)
            new = dict(zip(missing, batch.translations))
            failed = {key: batch.failed[first_core[key]] for key in missing if first_core[key] in batch.failed}
        if use_memory:
            self._store(engine, source, target, {k: v for k, v in new.items() if k not in failed}, found)
        for text, (_lead, key, _trail) in zip(texts, parts):
            if key in failed:
                self.failed[text] = failed[key]
        known = {**found, **new}
        return [lead + known[key] + trail if key else lead + trail for lead, key, trail in parts]

    def _store(self, engine: str, source: str, target: str, new: dict[str, str], used: Iterable[str]) -> None:
        """Save to the memory; when it cannot be written (disk full), go on without it: it is a cache."""
        if self.memory is None:
            return
        try:
            self.memory.store(engine, source, target, new, used=used)
        except sqlite3.Error as exc:
            warnings.warn(f"translation memory {self.memory.path} cannot be written ({exc}); going on without it", stacklevel=3)
            self.memory = None

    @property
    def _name(self) -> str:
        return self.engine_backend.name

    def _call_backend(self, texts: list[str], source: str, target: str) -> object:
        """One backend call in what is left of the batch's time budget (answer checked by the caller)."""
        started = time.perf_counter()
        self.model_calls += 1
        left = None if self._deadline is None else self._deadline - time.monotonic()
        try:
            if left is not None and left <= 0:
                raise _timeout_error(self._name, self._budget or 0.0, len(texts))
            return _call_with_timeout(self.backend.translate_batch, (texts, source, target), left, self._name, self._budget)
        except TranslationTimeoutError:
            self.engine_backend.cancel()  # stop what the abandoned call still runs (engine processes)
            raise
        finally:
            self.model_seconds += time.perf_counter() - started


def _timeout_error(name: str, budget: float, count: int) -> TranslationTimeoutError:
    return TranslationTimeoutError(
        f"the {name} backend did not answer within {budget:g} s for {count} texts",
        hint="raise the timeout, translate fewer posts at once, or try another backend",
    )


def _call_with_timeout(function, args: tuple, timeout: float | None, name: str, budget: float | None = None):
    """``function(*args)``; with a timeout it runs in a worker thread that is abandoned on expiry."""
    if timeout is None:
        return _guarded(function, args, name)
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = _guarded(function, args, name)
        except BaseException as exc:  # handed over to the calling thread
            box["error"] = exc

    worker = threading.Thread(target=work, name=f"blogbabel-{name}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise _timeout_error(name, budget if budget is not None else timeout, len(args[0]))
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]


def _guarded(function, args: tuple, name: str):
    try:
        return function(*args)
    except BlogbabelError:
        raise
    except Exception as exc:
        raise BackendError(f"the {name} backend crashed: {type(exc).__name__}: {exc}") from exc
