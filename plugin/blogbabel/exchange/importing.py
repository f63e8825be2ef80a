"""Reading a translator's file back: every translated entry becomes a human entry.

The file must come from this site (its identifier) and be for one of its locales. Each entry
is matched to the site's current segments by its tagged source; entries whose source is gone
are reported and skipped, as are untranslated and (unless asked) fuzzy ones, and entries that
say the same as the current translation. A translation whose placeholders a translator broke
is an error naming the entry, which is skipped. Everything accepted is stored in one
transaction: an import killed half-way stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..backends.human import TAGGED_FORM, HumanEntry, HumanMemory
from ..backends.memory import TranslationMemory
from ..errors import InputError
from ..site.config import BuildConfig
from ..site.human import segment_key, shorten
from ..translate.tagged import Tagged, check_tagged, collapse
from .collect import collect
from .model import ExchangeFile
from .po import read_po
from .xliff import read_xliff


@dataclass
class ImportResult:
    stored: int = 0
    unchanged: int = 0
    untranslated: int = 0
    fuzzy_skipped: int = 0
    source_gone: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)  # broken entries (skipped)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "stored as human": self.stored,
            "unchanged": self.unchanged,
            "untranslated": self.untranslated,
            "fuzzy skipped": self.fuzzy_skipped,
            "source gone": self.source_gone,
            "duplicates": self.duplicates,
            "errors": len(self.errors),
        }


def read_exchange_file(path: Path) -> ExchangeFile:
    """A PO or XLIFF file, told apart by its content."""
    if not path.is_file():
        raise InputError("no such file", path=path)
    head = path.read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return read_xliff(path) if head.startswith(b"<") else read_po(path)


def import_file(config: BuildConfig, path: Path, *, locale: str | None = None, include_fuzzy: bool = False) -> ImportResult:
    """Store the translations of ``path`` as human entries of the site (see the module doc)."""
    data = read_exchange_file(path)
    if not data.locale:
        raise InputError("the file does not say which language it is in", path=path, hint="export it with blogbabel export")
    if locale and data.locale != locale:
        raise InputError(f"the file is for {data.locale!r}, not {locale!r}", path=path)
    if data.locale not in config.locales:
        raise InputError(f"the file is for {data.locale!r}, which is not a locale of this site ({', '.join(config.locales)})", path=path)
    found = collect(config, data.locale, data.source_lang or config.default_lang)
    if data.site_id != found.site_id:
        raise InputError(
            "the file was exported from another site" if data.site_id else "the file was not exported by blogbabel",
            path=path,
            hint=f"export this site's file with blogbabel export {config.content_dir} --locale {data.locale}",
        )
    result = ImportResult()
    seen: dict[str, tuple[str, str]] = {}
    entries: list[HumanEntry] = []
    pending: set[str] = set()
    for item in data.entries:
        if not item.translation.strip():
            result.untranslated += 1
            continue
        if item.fuzzy and not include_fuzzy:
            result.fuzzy_skipped += 1
            continue
        key, translation = collapse(item.source), collapse(item.translation)
        if key in seen:
            if seen[key][0] != translation:
                result.errors.append(f"{item.where}: the same source as {seen[key][1]} with another translation; skipped")
            result.duplicates += 1
            continue
        seen[key] = (translation, item.where)
        target = found.entries.get(key)
        if target is None:
            result.source_gone += 1
            result.notes.append(f"{item.where}: its source is no longer in the site ({shorten(key)!r}); skipped")
            continue
        broken = check_tagged(Tagged(target.source, target.placeholders), translation, keep_order=target.keep_order)
        if broken:
            result.errors.append(f"{item.where}: {'; '.join(broken)} in the translation of {shorten(key)!r}; entry skipped")
            continue
        if translation == target.translation:
            result.unchanged += 1
            continue
        file, line = target.references[0]
        for source_lang, rel, segment in target.occurrences:
            entries.append(HumanEntry(source_lang, data.locale, segment_key(segment), translation, TAGGED_FORM, "import", file, line))
            pending.add(rel)
        result.stored += 1
    with TranslationMemory(config.content_dir / ".blogbabel" / "tm.sqlite") as memory:
        HumanMemory(memory).store(entries, pending=pending)
    return result
