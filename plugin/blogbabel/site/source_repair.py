"""In place: a source with mojibake is repaired in the source itself, so its own page is clean.

The repaired text is what every build translates anyway (posts are cleaned before
translating), so the post is the same post: the translations recorded against the broken
source are pointed at the repaired one, and stay up to date (a person's edit of one stays an
edit, never "source changed"). The write is atomic, and skipped when the file changed since
the build read it: a person's edit is never overwritten.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import BlogbabelError
from ..files import atomic_write, decode_bytes, read_post_bytes
from ..markdown.frontmatter_edit import edit_fields
from ..repair import clean_markdown
from .manifest import short_hash
from .prepare import PreparedPost
from .scan import Problem
from .status import StatusRow
from .work import Work
from .writer import SiteWriter, about

_BOM = b"\xef\xbb\xbf"


def repair_source(writer: SiteWriter, item: Work, ready: PreparedPost, rows: list[StatusRow], meta_headers: bool) -> None:
    """When ``item`` asks for it, write ``ready``'s repaired text over its source (each fix
    listed in the report) and repoint its translations' manifest entries (``rows``: the
    plan's) at the new source hash."""
    if not item.repair:
        return
    info, rel = item.info, str(item.info.rel)
    path = writer.config.content_dir / info.rel
    try:
        current = read_post_bytes(path, max_mb=writer.config.max_post_mb, name=rel)
        if short_hash(current) != ready.read_hash:
            writer.report.warned([Problem(rel, "changed during the build: its mojibake is repaired by the next build")])
            return
        code_tags = writer.config.code_tags_in_use
        fixes = clean_markdown(decode_bytes(current, rel).text, lang=info.lang or writer.config.default_lang, code_tags=code_tags).fixes
        data = (_BOM if ready.bom else b"") + ready.repaired.encode("utf-8")
        atomic_write(path, data)
    except BlogbabelError as exc:
        writer.report.failed(Problem.from_error(about(exc, rel), rel))
        return
    old, info.hash, info.mojibake = info.hash, short_hash(data), 0
    writer.report.sources_repaired[rel] = [{"line": f.line, "column": f.column, "before": f.before, "after": f.after} for f in fixes]
    writer.settled.add(rel)
    for row in rows:
        if row.source == rel and row.path and row.path != rel:
            _repoint(writer, row.path, old, info.hash, meta_headers)


def _repoint(writer: SiteWriter, rel: str, old: str, new: str, meta_headers: bool) -> None:
    """The translation at ``rel``, recorded against the source hash ``old``, now records
    ``new``: rewritten with the new ``source_hash`` field when it is still blogbabel's file,
    else (a person edited it) only its manifest entry changes."""
    entry = writer.manifest.get(rel)
    if entry is None or entry.source_hash != old:
        return
    path = writer.config.site_root / rel
    current = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    if current is None or not writer.manifest.is_ours(rel, current):
        writer.manifest.repoint(rel, replace(entry, source_hash=new))
        return
    bom = current.startswith(_BOM)
    text, _ = edit_fields(current[len(_BOM) if bom else 0 :].decode("utf-8"), {"source_hash": new}, path=rel, meta_headers=meta_headers)
    data = (_BOM if bom else b"") + text.encode("utf-8")
    writer.write(rel, data, source=entry.source, source_hash=new, fingerprint=entry.fingerprint, locale=entry.locale, backend=entry.backend)
