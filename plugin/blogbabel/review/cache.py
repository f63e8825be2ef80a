"""The reviews of translations, kept between runs: a review reads them instead of analysing.

A translation's review depends on its source file, the translation file, whether a person
wrote it, the glossary, the settings that shape the analysis and the review code; its key
(:func:`translation_key`) hashes all of them, so any change reviews the translation anew.
A build records the review of each translation it writes (:mod:`.record`) under the same key,
so ``blogbabel review`` after a build only reads and renders.

The store is ``<content>/.blogbabel/review.sqlite``: one row per translation, written as it
is made (never one big document held in memory), holding a short head (the post's flags and
the summary the index needs) apart from the rows (read only when asked for) and those rows
as the HTML their page shows (the key covers the code that makes it: a page is written
without loading its rows). Any trouble with the store only costs time: the translation is
reviewed again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .codec import flag_dict, head_from_dict, head_to_dict, rows_from_list, rows_to_list
from .model import Flag, PostReview, Row
from .rows import rows_html

#: bump when what a review holds or how it is computed changes
VERSION = "review-2"
FILE = "review.sqlite"

SCHEMA = 3  # PRAGMA user_version: another one drops the table
_TABLE = "CREATE TABLE reviews (key TEXT PRIMARY KEY, source TEXT NOT NULL, locale TEXT NOT NULL, head TEXT NOT NULL, rows TEXT NOT NULL, html TEXT NOT NULL, flagged INTEGER NOT NULL)"


def cache_key(*parts: object) -> str:
    """A key over ``parts`` (anything JSON can write) and :data:`VERSION`."""
    blob = json.dumps([VERSION, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def translation_key(settings: str, source: str, lang: str, locale: str, path: str | None, source_hash: str, target_hash: str | None, backend: str | None, human: str) -> str:
    """The key of one translation's review. ``settings``: :func:`cache_key` of what shapes
    every review of the site; ``human``: "" unless a person wrote or edited the file."""
    return cache_key(settings, source, lang, locale, path, source_hash, target_hash, backend, human)


class Kept:
    """One translation's kept review: its head, the texts its translation was made of and a
    digest of what the engines said about them (a new signal makes it stale)."""

    def __init__(self, post: PostReview, errors: list[Flag], texts: list[str], signals: str) -> None:
        self.post, self.errors, self.texts, self.signals = post, errors, texts, signals


class ReviewStore:
    """The kept reviews of a site (``path`` None: nothing is kept)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.used: set[str] = set()
        self._db: sqlite3.Connection | None = None
        self._broken = path is None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._db is None and not self._broken:
            assert self.path is not None
            try:
                if not create and not self.path.is_file():
                    return None
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")  # derived data: a lost write is reviewed again
                if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                    db.execute("DROP TABLE IF EXISTS reviews")
                    db.execute(_TABLE)
                    db.execute(f"PRAGMA user_version = {SCHEMA}")
                self._db = db
            except sqlite3.Error:
                self._broken = True
        return self._db

    def heads(self) -> dict[str, Kept]:
        """Every kept review by key, rows not loaded (each post loads them on first use)."""
        db = self._connect(create=False)
        out: dict[str, Kept] = {}
        if db is None:
            return out
        try:
            found = db.execute("SELECT key, head FROM reviews").fetchall()
        except sqlite3.Error:
            return out
        for key, head in found:
            try:
                data = json.loads(head)
                post = head_from_dict(data["post"])
                out[key] = Kept(post, [Flag(**flag) for flag in data["errors"]], list(data["texts"]), str(data["signals"]))
            except (ValueError, KeyError, TypeError):
                continue
            post.load_rows, post.load_markup = self._rows_loader(key), self._markup_loader(key)
        return out

    def _select(self, columns: str, key: str) -> tuple | None:
        db = self._connect(create=False)
        try:
            return db.execute(f"SELECT {columns} FROM reviews WHERE key = ?", (key,)).fetchone() if db is not None else None
        except sqlite3.Error:
            return None

    def _rows_loader(self, key: str):
        def load() -> list[Row]:
            found = self._select("rows", key)
            try:
                return rows_from_list(json.loads(found[0])) if found else []
            except (ValueError, KeyError, TypeError):
                return []

        return load

    def _markup_loader(self, key: str):
        def load() -> tuple[str, int] | None:
            found = self._select("html, flagged", key)
            return (str(found[0]), int(found[1])) if found else None

        return load

    def put(self, key: str, post: PostReview, errors: list[Flag], texts: list[str], signals: str) -> None:
        """Keep one translation's review (in place of any older one of that translation)."""
        self.used.add(key)
        db = self._connect(create=True)
        if db is None:
            return
        head = json.dumps({"post": head_to_dict(post), "errors": [flag_dict(f) for f in errors], "texts": texts, "signals": signals}, ensure_ascii=False)
        rows = json.dumps(rows_to_list(post.rows), ensure_ascii=False)
        post.markup = post.markup or rows_html(post.rows, post.source_lang, post.locale)  # the page shows them so
        try:
            db.execute("DELETE FROM reviews WHERE source = ? AND locale = ? AND key <> ?", (post.source, post.locale, key))
            db.execute("INSERT OR REPLACE INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?)", (key, post.source, post.locale, head, rows, *post.markup))
        except sqlite3.Error:
            pass

    def commit(self) -> None:
        if self._db is not None:
            try:
                self._db.commit()
            except sqlite3.Error:
                pass

    def prune(self, keep: Iterable[str]) -> None:
        """Delete every kept review but those of ``keep`` (posts changed or gone)."""
        db = self._connect(create=False)
        if db is None:
            return
        try:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM kept")
            db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((key,) for key in keep))
            db.execute("DELETE FROM reviews WHERE key NOT IN (SELECT key FROM kept)")
        except sqlite3.Error:
            pass

    def count(self) -> int:
        """How many reviews are kept."""
        db = self._connect(create=False)
        return db.execute("SELECT count(*) FROM reviews").fetchone()[0] if db is not None else 0

    def close(self) -> None:
        self.commit()
        if self._db is not None:
            self._db.close()
            self._db = None
