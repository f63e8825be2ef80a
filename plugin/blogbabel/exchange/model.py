"""What an exchange file holds, whatever its format: a header and translated entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from .collect import Collection, ExchangeEntry


@dataclass(frozen=True)
class FileEntry:
    """One entry read back from a PO or XLIFF file."""

    source: str  # tagged source text
    translation: str  # tagged translation ("" = untranslated)
    fuzzy: bool
    where: str  # "FILE:LINE" (PO) or "FILE: unit ID" (XLIFF), for messages


@dataclass
class ExchangeFile:
    site_id: str | None
    locale: str | None
    source_lang: str | None
    entries: list[FileEntry] = field(default_factory=list)


def placeholder_notes(entry: ExchangeEntry) -> list[str]:
    """One line per placeholder saying what it stands for (shown to translators)."""
    lines = []
    for p in entry.placeholders:
        name = f"<g{p.number}>…</g{p.number}>" if p.paired else f"<x{p.number}/>"
        shown = f"{p.opening}…{p.closing}" if p.paired else p.opening
        lines.append(f"{name} = {' '.join(shown.split())[:200]}")
    return lines


def sorted_entries(collection: Collection) -> list[ExchangeEntry]:
    """Entries in the order of their first occurrence (file, line)."""
    return sorted(collection.entries.values(), key=lambda e: e.references[0])
