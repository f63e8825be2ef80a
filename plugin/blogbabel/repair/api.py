"""The public cleaning functions (see the package docstring)."""

from __future__ import annotations

import bisect
import re

from .engine import needs_repair, repair_text
from .lexicon import lexicon_for
from .regions import cleanable_spans, front_matter_language
from .result import CleanResult, Fix

_NEWLINE = re.compile(r"\r\n|\r|\n")


def clean_text(text: str, *, lang: str | None = None) -> str:
    """Repair mojibake in plain text (``lang``: "es", "en"...; None scores with both)."""
    if not needs_repair(text):
        return text
    return repair_text(text, lexicon_for(lang), report=False)[0]


def clean_markdown(text: str, *, lang: str | None = None) -> CleanResult:
    """Repair mojibake in a whole Markdown post, touching only prose.

    ``lang`` defaults to the front matter's ``lang``/``language``/``locale``; without one
    both the Spanish and English lexicons are used.
    """
    if not needs_repair(text):
        return CleanResult(text)
    lexicon = lexicon_for(lang or front_matter_language(text))
    spans, notes = cleanable_spans(text)
    line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    edits, fixes, unresolved = [], [], []
    for start, end in spans:
        piece = text[start:end]
        if not needs_repair(piece):
            continue
        fixed, piece_fixes, piece_unresolved = repair_text(piece, lexicon)
        if fixed != piece:
            edits.append((start, end, fixed))
        piece_lines = [start] + [start + m.end() for m in _NEWLINE.finditer(piece)]
        for target, found in ((fixes, piece_fixes), (unresolved, piece_unresolved)):
            for line_index, fix in found:
                offset = piece_lines[line_index] + fix.start
                line = bisect.bisect_right(line_starts, offset)
                target.append(Fix(line, offset - line_starts[line - 1] + 1, fix.before, fix.after, fix.rule))
    out, pos = [], 0
    for start, end, fixed in edits:
        out.append(text[pos:start])
        out.append(fixed)
        pos = end
    out.append(text[pos:])
    return CleanResult("".join(out), tuple(fixes), tuple(unresolved), tuple(notes))
