"""The translation memory's SQLite schema and its migrations (``PRAGMA user_version``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import ConfigError

#: the memory's schema version (``PRAGMA user_version``); :data:`_MIGRATIONS` takes any older
#: file up to it. Version 1 is the original machine-only memory (a file without a version).
SCHEMA_VERSION = 2
_MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE IF NOT EXISTS entries (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    segment TEXT NOT NULL,
    translation TEXT NOT NULL,
    created REAL NOT NULL,
    last_used REAL NOT NULL,
    PRIMARY KEY (engine, source, target, segment)
) WITHOUT ROWID;
""",
    # human translations per whole segment (harvested from edited files or imported from PO or
    # XLIFF), what each written translation was made from, and the site's identity
    2: """
CREATE TABLE IF NOT EXISTS human (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    segment TEXT NOT NULL,
    translation TEXT NOT NULL,
    form TEXT NOT NULL,
    origin TEXT NOT NULL,
    file TEXT,
    line INTEGER,
    created REAL NOT NULL,
    PRIMARY KEY (source, target, segment)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY,
    source_path TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_text TEXT NOT NULL,
    output_text TEXT NOT NULL,
    segments TEXT NOT NULL,
    review TEXT NOT NULL,
    pending INTEGER NOT NULL,
    written REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('site_id', lower(hex(randomblob(8))));
""",
}


def migrate(db: sqlite3.Connection, path: Path | None) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION` (inside the caller's transaction)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]  # 0: new, or a version-1 file
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"the translation memory has schema version {version}, this blogbabel knows {SCHEMA_VERSION}",
            path=path,
            hint="upgrade blogbabel (the file was written by a newer version)",
        )
    for step in range(version + 1, SCHEMA_VERSION + 1):
        for statement in _MIGRATIONS[step].split(";"):
            if statement.strip():
                db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
