"""Logical text mapped back to exact source offsets.

A Markdown paragraph inside a block quote or list item is, for translation, its lines joined by
``\\n`` with the container prefixes (``> ``, indentation) removed; in the source it is a run of
line fragments. A :class:`Slice` keeps both: ``text`` (the logical text) and ``spans`` (one source
range per logical line). Output is spliced into the source at those spans and the separators
between them (newline + prefix) are copied from the source, so prefixes and line endings survive.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

#: a line ending the way CommonMark counts them (``\r\n``, ``\r`` or ``\n``; never ``\x85``...)
NEWLINE = re.compile(r"\r\n|\r|\n")
_NEWLINE = NEWLINE


@dataclass(frozen=True)
class Slice:
    """Logical text plus the source range of each of its lines."""

    text: str
    spans: tuple[tuple[int, int], ...]

    @classmethod
    def contiguous(cls, source: str, start: int, end: int) -> "Slice":
        """A slice of one source range (line endings inside it become logical lines)."""
        spans = []
        pos = start
        for match in _NEWLINE.finditer(source, start, end):
            spans.append((pos, match.start()))
            pos = match.end()
        spans.append((pos, end))
        return cls("\n".join(source[a:b] for a, b in spans), tuple(spans))

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def _line_starts(self) -> list[int]:
        """Where each logical line starts in ``text``: worked out once, as a slice is cut at
        each of its children (kept in the instance's dict, outside the dataclass's fields)."""
        starts = self.__dict__.get("_starts")
        if starts is None:
            starts, pos = [], 0
            for a, b in self.spans:
                starts.append(pos)
                pos += b - a + 1
            self.__dict__["_starts"] = starts
        return starts

    def sub(self, start: int, end: int) -> "Slice":
        """The slice of logical range ``[start, end)``."""
        if len(self.spans) == 1:  # one line (most alt texts, attributes, captions)
            a, b = self.spans[0]
            return Slice(self.text[start:end], ((a + start, a + max(start, min(end, b - a))),))
        starts = self._line_starts()
        first = bisect.bisect_right(starts, start) - 1
        line_start = starts[first]
        a, b = self.spans[first]
        if end - line_start <= b - a:  # within one line (an attribute, a caption, one tag)
            return Slice(self.text[start:end], ((a + start - line_start, a + max(start, end) - line_start),))
        last = bisect.bisect_right(starts, max(start, end - 1)) - 1 if end > start else first
        spans = []
        for index in range(first, last + 1):
            line_start = starts[index]
            a, b = self.spans[index]
            lo = max(start, line_start) - line_start
            hi = min(end, line_start + (b - a)) - line_start
            spans.append((a + lo, a + max(lo, hi)))
        return Slice(self.text[start:end], tuple(spans))

    def separators(self, source: str) -> list[str]:
        """The source text between consecutive spans (newline + container prefix)."""
        return [source[self.spans[i][1] : self.spans[i + 1][0]] for i in range(len(self.spans) - 1)]

    def render(self, source: str, new_text: str) -> str:
        """Source text for the whole range with ``new_text`` placed line by line.

        ``new_text`` may have fewer lines than the slice (a translation that joined lines): the
        first separators are used and the rest of the range is dropped with them.
        """
        if len(self.spans) == 1:  # one line (most segments): extra lines are joined
            return new_text.replace("\n", " ") if "\n" in new_text else new_text
        seps = self.separators(source)
        lines = new_text.split("\n")
        if len(lines) > len(self.spans):  # more lines than the source had: join the extra ones
            lines = lines[: len(self.spans) - 1] + [" ".join(lines[len(self.spans) - 1 :])]
        out = [lines[0]]
        for sep, line in zip(seps, lines[1:]):
            out.append(sep)
            out.append(line)
        return "".join(out)


def line_starts(source: str) -> list[int]:
    """Offsets where each line of ``source`` starts, splitting on ``\\r\\n``, ``\\r`` and ``\\n``
    (the way CommonMark parsers count lines; ``str.splitlines`` would also split on ``\\x0b``,
    ``\\x85`` and ``\\u2028``)."""
    if "\r" not in source:  # the common case, without a match object per line
        return list(accumulate((len(line) + 1 for line in source.split("\n")[:-1]), initial=0))
    starts = [0]
    starts.extend(m.end() for m in _NEWLINE.finditer(source))
    return starts


def line_of(starts: list[int], offset: int) -> int:
    """1-based line number of ``offset`` given :func:`line_starts`."""
    return bisect.bisect_right(starts, offset)


class Edit(NamedTuple):
    """Replace ``source[start:end]`` with ``text`` (an insertion when ``start == end``)."""

    start: int
    end: int
    text: str

    @property
    def delta(self) -> int:
        """How much longer the source gets."""
        return len(self.text) - (self.end - self.start)


_START_END = itemgetter(0, 1)


def sorted_edits(edits: Iterable[tuple[int, int, str]]) -> list[Edit]:
    """``edits`` in source order, checked: the rule for overlaps is that there are none.

    Edits are sorted by ``(start, end)`` (stable: insertions at one offset keep their order,
    and an insertion at the start of a replacement comes before it). An edit that starts
    inside an earlier one raises ``ValueError``: two producers disagreeing about one range is
    a bug, and applying either silently would lose the other's change.
    """
    ordered = sorted([edit if type(edit) is Edit else Edit(*edit) for edit in edits], key=_START_END)
    pos = 0
    for edit in ordered:
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pos = max(pos, edit.end)
    return ordered


def splice(source: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """Apply ``edits`` (see :func:`sorted_edits` for the overlap rule), copying the rest of
    ``source`` untouched."""
    out, pos = [], 0
    for start, end, replacement in sorted_edits(edits):
        out.append(source[pos:start])
        out.append(replacement)
        pos = end
    out.append(source[pos:])
    return "".join(out)


def shift(offset: int, edits: list[Edit], *, end: bool = False) -> int:
    """Where ``offset`` lands once sorted ``edits`` are applied (it must not be inside a
    replaced range). An insertion at ``offset`` moves a start (``end=False``) but not an end."""
    moved = offset
    for edit in edits:
        if edit.start > offset:
            break
        if edit.end <= offset and not (end and edit.start == offset):
            moved += edit.delta
    return moved
