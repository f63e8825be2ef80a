"""The public cleaning functions (see the package docstring)."""

from __future__ import annotations

import bisect

from ..collector import pauses_collection, text_size
from ..markdown.frontmatter import Header, read_header
from ..markdown.patterns import DEFAULT_CODE_TAGS
from ..markdown.sourcemap import NEWLINE, Edit, line_starts, splice
from .engine import needs_repair, repair_text
from .lexicon import lexicon_for
from .regions import cleanable_spans
from .result import CleanResult, Fix


def clean_text(text: str, *, lang: str | None = None) -> str:
    """Repair mojibake in plain text (``lang``: "es", "en"...; None scores with both)."""
    if not needs_repair(text):
        return text
    return repair_text(text, lexicon_for(lang), report=False)[0]


@pauses_collection(text_size)
def clean_markdown(text: str, *, lang: str | None = None, header: Header | None = None, code_tags: tuple[str, ...] = DEFAULT_CODE_TAGS) -> CleanResult:
    """Repair mojibake in a whole Markdown post, touching only prose.

    ``lang`` defaults to the front matter's ``lang``/``language``/``locale``; without one
    both the Spanish and English lexicons are used. ``header`` is the post's front matter
    when the caller has read it already (it is read leniently otherwise); the result carries
    the header of the cleaned text. ``code_tags``: the paired template tags whose content is
    code and stays as it is (a site's own, such as ``{{< myexample >}}``, added to the defaults).
    """
    if not needs_repair(text):
        return CleanResult(text, header=header)
    if header is None:
        header = read_header(text, lenient=True)
    lexicon = lexicon_for(lang or header.language)
    spans, notes = cleanable_spans(text, header, code_tags)
    starts = line_starts(text)
    edits: list[Edit] = []
    fixes: list[Fix] = []
    unresolved: list[Fix] = []
    for start, end in spans:
        piece = text[start:end]
        if not needs_repair(piece):
            continue
        fixed, piece_fixes, piece_unresolved = repair_text(piece, lexicon)
        if fixed != piece:
            edits.append(Edit(start, end, fixed))
        piece_lines = [start] + [start + m.end() for m in NEWLINE.finditer(piece)]
        for target, found in ((fixes, piece_fixes), (unresolved, piece_unresolved)):
            for line_index, fix in found:
                offset = piece_lines[line_index] + fix.start
                line = bisect.bisect_right(starts, offset)
                target.append(Fix(line, offset - starts[line - 1] + 1, fix.before, fix.after, fix.rule))
    cleaned = splice(text, edits)
    return CleanResult(cleaned, tuple(fixes), tuple(unresolved), tuple(notes), header.edited(cleaned, edits, lenient=True) if header.valid else None)
