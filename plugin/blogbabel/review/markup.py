"""A segment as the reviewer reads it: prose, with its inline markup visible but set apart.

The pieces come from the segment's own tokens (the translation core's analysis), so what is
shown as protected is exactly what the engine never saw. Escaping is the template engine's
job (autoescape): pieces hold raw text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..markdown.inline import CLOSE, OPAQUE, OPEN, TEXT
from ..markdown.segments import Segment
from .model import Piece, Side

#: characters of one side shown at most; a huge segment is cut with a note (the file has it all)
MAX_CHARS = 20_000


def segment_pieces(segment: Segment, fixed: Iterable[str] = ()) -> list[Piece]:
    """The pieces of ``segment``; text equal to a string of ``fixed`` (mojibake repairs) is
    marked as repaired, whatever piece it is in."""
    text = segment.text
    repairs = sorted({value for value in fixed if value.strip()}, key=len, reverse=True)
    pieces: list[Piece] = []
    budget = MAX_CHARS
    for token in segment.tokens:
        if budget <= 0:
            break
        raw = text[token.start : token.end][:budget]
        budget -= len(raw)
        if token.kind == TEXT:
            piece = Piece("text", raw)
        elif token.kind == OPAQUE and token.note == "term":
            forced = token.replacement if token.replacement not in (None, raw) else None
            piece = Piece("term", raw, f"glossary: always {forced!r}" if forced else "glossary: never translated")
        else:
            piece = Piece("mark" if token.kind in (OPEN, CLOSE) else "code", raw)
        pieces.extend(_mark_repairs(piece, repairs))
    if budget <= 0 and len(text) > MAX_CHARS:
        pieces.append(Piece("cut", f"… {len(text) - MAX_CHARS:,} more characters"))
    return _merge(pieces)


def _mark_repairs(piece: Piece, repairs: list[str]) -> list[Piece]:
    """``piece`` split where it holds a repaired string (those parts get ``fixed``)."""
    out: list[Piece] = []
    raw, pos = piece.text, 0
    while repairs and pos < len(raw):
        hits = [(raw.find(value, pos), value) for value in repairs]
        hits = [(at, value) for at, value in hits if at >= 0]
        if not hits:
            break
        at, value = min(hits, key=lambda hit: (hit[0], -len(hit[1])))
        if at > pos:
            out.append(Piece(piece.kind, raw[pos:at], piece.title))
        out.append(Piece(piece.kind, value, (piece.title + "; " if piece.title else "") + "mojibake repaired", fixed=True))
        pos = at + len(value)
    if pos < len(raw) or not out:
        out.append(Piece(piece.kind, raw[pos:], piece.title))
    return out


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Adjacent plain prose pieces as one (fewer elements in the page)."""
    out: list[Piece] = []
    for piece in pieces:
        if out and piece.kind == "text" and out[-1].kind == "text" and not piece.fixed and not out[-1].fixed:
            out[-1] = Piece("text", out[-1].text + piece.text)
        else:
            out.append(piece)
    return out


def mark_words(pieces: list[Piece], words: Iterable[str]) -> list[Piece]:
    """``pieces`` with each whole-word occurrence of ``words`` in prose as an ``unknown`` piece."""
    alternatives = sorted(set(words), key=len, reverse=True)
    if not alternatives:
        return pieces
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
    out: list[Piece] = []
    for piece in pieces:
        if piece.kind != "text" or piece.fixed:
            out.append(piece)
            continue
        pos = 0
        for match in pattern.finditer(piece.text):
            if match.start() > pos:
                out.append(Piece("text", piece.text[pos : match.start()]))
            out.append(Piece("unknown", match.group(), "the engine did not know this word"))
            pos = match.end()
        if pos < len(piece.text):
            out.append(Piece("text", piece.text[pos:]))
    return out


def side(path: str, segment: Segment, fixed: Iterable[str] = ()) -> Side:
    """A :class:`Side` for ``segment`` of the file at ``path``."""
    kind = segment.kind.replace("_", " ")
    if segment.field is not None and segment.kind == "front_matter":
        kind = f"front matter: {segment.field.path}"
    return Side(path, segment.line, kind, segment_pieces(segment, fixed), segment.text)


def glossary_terms(segment: Segment) -> list[tuple[str, str | None]]:
    """(term, forced translation or None) of the glossary terms in ``segment``."""
    found = []
    for token in segment.tokens:
        if token.kind == OPAQUE and token.note == "term":
            raw = segment.text[token.start : token.end]
            found.append((raw, token.replacement if token.replacement != raw else None))
    return found
