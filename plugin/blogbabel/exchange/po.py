"""PO files (gettext) through polib: one entry per distinct segment, placeholders visible as
``<x1/>`` / ``<g2>…</g2>`` with a translator comment saying what each stands for, every
occurrence as a ``#:`` reference (file:line), the segment kind and origin as comments, and
``fuzzy`` (with the previous source as ``#| msgid``) / ``fallback`` as flags."""

from __future__ import annotations

import time
from pathlib import Path

import polib

from .. import __version__
from ..errors import InputError
from .collect import Collection
from .model import ExchangeFile, FileEntry, placeholder_notes, sorted_entries

SITE_HEADER, SOURCE_HEADER = "X-Blogbabel-Site", "X-Blogbabel-Source-Language"


def write_po(collection: Collection, path: Path) -> int:
    """Write ``collection`` as a PO file; return the number of entries."""
    po = polib.POFile(wrapwidth=0)
    now = time.strftime("%Y-%m-%d %H:%M%z")
    po.metadata = {
        "Project-Id-Version": "blogbabel site",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "blogbabel",
        "Language-Team": collection.locale,
        "Language": collection.locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Generator": f"blogbabel {__version__}",
        SITE_HEADER: collection.site_id,
        SOURCE_HEADER: collection.source_lang,
    }
    entries = sorted_entries(collection)
    for entry in entries:
        comment = [f"{entry.kind}; {entry.origin or 'untranslated'}"] + placeholder_notes(entry)
        po.append(
            polib.POEntry(
                msgid=entry.source,
                msgstr=entry.translation,
                comment="\n".join(comment),
                occurrences=[(file, str(line)) for file, line in entry.references],
                flags=sorted(entry.flags),
                previous_msgid=entry.previous or None,
            )
        )
    po.save(str(path))
    return len(entries)


def read_po(path: Path) -> ExchangeFile:
    """The header and entries of a PO file; broken syntax is an error naming the line."""
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        message = str(exc)
        line = None
        if "(line " in message:
            digits = message.rsplit("(line ", 1)[1].split(")")[0]
            line = int(digits) if digits.isdigit() else None
        raise InputError(f"not a readable PO file: {message}", path=path, line=line, hint="fix the syntax (msgfmt --check FILE shows the same) and import again") from None
    meta = po.metadata
    found = ExchangeFile(meta.get(SITE_HEADER), meta.get("Language"), meta.get(SOURCE_HEADER))
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        found.entries.append(FileEntry(entry.msgid, entry.msgstr, "fuzzy" in entry.flags, f"{path}:{entry.linenum}"))
    return found
