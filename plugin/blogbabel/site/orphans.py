"""Outputs whose source is gone: a post deleted or renamed leaves its cleaned copy and its
translations behind, and the generator would go on publishing them.

The manifest names the source of every file blogbabel wrote. When that source no longer
exists, the output is *orphaned*: ``status`` lists it, ``--check`` fails on it, and the next
build removes it. One a person edited since is kept and reported instead.
"""

from __future__ import annotations

from .config import BuildConfig
from .manifest import Manifest, content_hash
from .status import HUMAN, ORPHANED, StatusRow


def orphan_rows(config: BuildConfig, manifest: Manifest) -> list[StatusRow]:
    """A row per file blogbabel wrote whose source is gone (orphaned, or human-edited: kept)."""
    rows = []
    for rel, entry in sorted(manifest.entries.items()):
        if entry.source is None or (config.content_dir / entry.source).exists():
            continue
        path = config.site_root / rel
        locale = entry.locale or "-"
        if path.is_file() and not path.is_symlink() and content_hash(path.read_bytes()) != entry.hash:
            rows.append(StatusRow(entry.source, locale, HUMAN, rel, "source removed; edited by a person, so kept: delete it by hand"))
        else:
            rows.append(StatusRow(entry.source, locale, ORPHANED, rel, "source removed; `blogbabel build` deletes it"))
    return rows
