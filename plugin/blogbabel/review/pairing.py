"""Pair the segments of a source and of its translation by structure, not by line.

Both files go through the same analysis (:func:`blogbabel.markdown.segments.analyse`); each
side becomes the list of its prose segments in source order (front matter values, blocks,
then the segments nested in them: alt texts, link titles...). A segment's structural key is
its front matter path or its kind; the two key sequences are aligned with difflib's
SequenceMatcher, so a paragraph a person added or removed shifts nothing after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher

from ..markdown.inline import OPAQUE, TEXT
from ..markdown.segments import Segment

_LETTER = re.compile(r"[^\W\d_]")


def readable(segment: Segment) -> bool:
    """The segment holds prose (glossary terms count: they are words a reader sees)."""
    text = segment.text
    return any((token.kind == TEXT and _LETTER.search(text, token.start, token.end)) or (token.kind == OPAQUE and token.note == "term") for token in segment.tokens)


def flatten(top: Sequence[Segment]) -> list[Segment]:
    """Every readable segment, nested ones included, in source order."""
    found = [segment for segment in _walk(top) if readable(segment)]
    return sorted(found, key=lambda s: (s.start, -s.end))


def _walk(top: Sequence[Segment]) -> Iterator[Segment]:
    for segment in top:
        yield from segment.walk()


def structure_key(segment: Segment) -> str:
    """What a translation keeps of a segment: its front matter path or kind, and its protected
    pieces (code, URLs, tags, link targets), which are byte-identical in both languages."""
    if segment.field is not None:
        return "fm:" + segment.field.path
    text = segment.text
    kept = "\x00".join(text[t.start : t.end] for t in segment.tokens if t.kind != TEXT and t.note != "term")
    return segment.kind + "\x01" + kept


#: above this many cells (source x target segments) only the runs between anchors are aligned
_WHOLE_ALIGNMENT_CELLS = 40_000


def pair(source: Sequence[Segment], target: Sequence[Segment]) -> list[tuple[Segment | None, Segment | None]]:
    """``(source segment, target segment)`` pairs in order; None where one side has no
    counterpart.

    Same structure on both sides (the usual case) pairs one to one. Otherwise the order-keeping
    pairing with the greatest total likeness wins (:func:`_align`: same kind, same protected
    pieces, shared names and numbers, similar length), so a paragraph a person added, removed
    or rewrote shifts nothing around it. Very long posts are first anchored on runs with equal
    structural keys (difflib), and only the runs between anchors are aligned that way."""
    source_keys, target_keys = [structure_key(s) for s in source], [structure_key(t) for t in target]
    if source_keys == target_keys:
        return list(zip(source, target))
    a = [_Features(s, k) for s, k in zip(source, source_keys)]
    b = [_Features(t, k) for t, k in zip(target, target_keys)]
    if len(a) * len(b) <= _WHOLE_ALIGNMENT_CELLS:
        return _align(a, b)
    pairs: list[tuple[Segment | None, Segment | None]] = []
    matcher = SequenceMatcher(None, source_keys, target_keys, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend(zip(source[a0:a1], target[b0:b1]))
        else:
            pairs.extend(_align(a[a0:a1], b[b0:b1]))
    return pairs


def pair_around_notice(source: list[Segment], target: list[Segment], notice: str | None) -> list[tuple[Segment | None, Segment | None]]:
    """:func:`pair` of the segments, the notice blogbabel added left out (it has no
    source, and with it in every machine translation's structure differs from its source's,
    which costs the whole alignment), then put back where it is in the translation."""
    notices = [tgt for tgt in target if notice is not None and tgt.text.strip() == notice]
    if not notices:
        return pair(source, target)
    left_out = {id(tgt) for tgt in notices}
    pairs: list[tuple[Segment | None, Segment | None]] = []
    for src, tgt in pair(source, [tgt for tgt in target if id(tgt) not in left_out]):
        while notices and tgt is not None and tgt.start > notices[0].start:
            pairs.append((None, notices.pop(0)))
        pairs.append((src, tgt))
    pairs.extend((None, tgt) for tgt in notices)
    return pairs


_INVARIANT = re.compile(r"\d+|[^\W\d_]*[A-ZÁÉÍÓÚÑ][\w-]*")


class _Features:
    """What :func:`_likeness` compares, computed once per segment."""

    __slots__ = ("key", "kind", "length", "segment", "words")

    def __init__(self, segment: Segment, key: str) -> None:
        self.segment, self.key, self.kind = segment, key, segment.kind
        self.words = frozenset(_INVARIANT.findall(segment.text))
        self.length = max(len(segment.text), 1)


def _likeness(a: _Features, b: _Features) -> float:
    """0..1: how alike two segments in two languages are; 0 for different kinds."""
    if a.kind != b.kind:
        return 0.0
    union = a.words | b.words
    shared = len(a.words & b.words) / len(union) if union else 0.5
    length = min(a.length, b.length) / max(a.length, b.length)
    return 0.1 + 0.3 * (a.key == b.key) + 0.3 * shared + 0.3 * length


def _align(source: Sequence[_Features], target: Sequence[_Features]) -> list[tuple[Segment | None, Segment | None]]:
    """The order-keeping pairing of two runs with the greatest total likeness (dynamic
    programming over source x target)."""
    n, m = len(source), len(target)
    score = [[_likeness(a, b) for b in target] for a in source]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            paired = below[j + 1] + score[i][j] if score[i][j] > 0 else 0.0
            row[j] = max(below[j], row[j + 1], paired)
    pairs: list[tuple[Segment | None, Segment | None]] = []
    i = j = 0
    while i < n and j < m:
        if score[i][j] > 0 and best[i][j] == best[i + 1][j + 1] + score[i][j]:
            pairs.append((source[i].segment, target[j].segment))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((source[i].segment, None))
            i += 1
        else:
            pairs.append((None, target[j].segment))
            j += 1
    pairs.extend((f.segment, None) for f in source[i:])
    pairs.extend((None, f.segment) for f in target[j:])
    return pairs
