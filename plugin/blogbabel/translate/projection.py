"""Markup put on the translated words: the projection step of the aligned unit mode
(see :mod:`blogbabel.translate.align`)."""

from __future__ import annotations

import re

from .align import Alignment, Mark, MarkedText, Unusable, is_punct


def project(marked: MarkedText, alignment: Alignment) -> str:
    """The translation with the markup of ``marked`` placed on its aligned words, written with
    ``<gN>…</gN>``/``<xN/>`` placeholders; raises :class:`Unusable` when it cannot be."""
    return _Projection(marked, alignment).render()


class _Projection:
    def __init__(self, marked: MarkedText, alignment: Alignment) -> None:
        self.marked, self.alignment = marked, alignment
        self.text = alignment.text
        if len(alignment.links) != len(alignment.target_words) or not any(link is not None for link in alignment.links):
            raise Unusable("the engine aligned no word")
        self.by_source: dict[int, list[int]] = {}
        for t, link in enumerate(alignment.links):
            if link is not None:
                self.by_source.setdefault(link, []).append(t)

    def covered(self, start: int, end: int) -> list[int]:
        """Source words inside ``[start, end)``; markup that cuts a word is unusable."""
        inside = []
        for index, (a, b) in enumerate(self.alignment.source_words):
            if a < end and b > start:
                if a < start or b > end:
                    raise Unusable("the markup splits a word")
                inside.append(index)
        return inside

    def word(self, t: int) -> str:
        a, b = self.alignment.target_words[t]
        return self.text[a:b]

    def group_span(self, mark: Mark) -> tuple[int, int]:
        sources = set(self.covered(mark.start, mark.end))
        targets = sorted(t for s in sources for t in self.by_source.get(s, ()))
        if not targets:
            raise Unusable("no translated word is aligned to a link or emphasis")
        lo, hi = targets[0], targets[-1]
        strays = sum(1 for t in range(lo, hi + 1) if self.alignment.links[t] is not None and self.alignment.links[t] not in sources)
        if strays > len(targets):
            raise Unusable("the words aligned to a link or emphasis are scattered")
        plain = self.marked.plain[mark.start : mark.end].strip()
        while lo < hi and is_punct(self.word(lo)) and not is_punct(plain[:1]):
            lo += 1
        while hi > lo and is_punct(self.word(hi)) and not is_punct(plain[-1:]):
            hi -= 1
        return self.alignment.target_words[lo][0], self.alignment.target_words[hi][1]

    def opaque_span(self, mark: Mark, taken: list[tuple[int, int]]) -> tuple[int, int]:
        standing = self.marked.plain[mark.start : mark.end]
        if standing:
            sources = self.covered(mark.start, mark.end)
            targets = sorted(t for s in sources for t in self.by_source.get(s, ()))
            copies = [found.span() for found in re.finditer(r"(?<!\w)" + re.escape(standing) + r"(?!\w)", self.text) if not any(a < found.end() and found.start() < b for a, b in taken)]
            if copies:  # copied verbatim: the placeholder takes its place (the aligned copy, if several)
                near = self.alignment.target_words[targets[0]][0] if targets else 0
                return min(copies, key=lambda span: abs(span[0] - near)) if targets else copies[0]
            if targets and targets[-1] - targets[0] <= len(sources):
                return self.alignment.target_words[targets[0]][0], self.alignment.target_words[targets[-1]][1]
        point = self.point(mark)
        return point, point

    def point(self, mark: Mark) -> int:
        """Where a mark that reads as nothing goes: after the translation of the word it is
        glued to on the left, else before the translation of the next word."""
        plain, words = self.marked.plain, self.alignment.source_words
        glued_left = mark.start > 0 and not plain[mark.start - 1].isspace()
        before = [i for i, (_, b) in enumerate(words) if b <= mark.start]
        after = [i for i, (a, _) in enumerate(words) if a >= mark.end]
        if glued_left or not after:
            for source in reversed(before):
                if source in self.by_source:
                    return max(self.alignment.target_words[t][1] for t in self.by_source[source])
            return 0
        for source in after:
            if source in self.by_source:
                return min(self.alignment.target_words[t][0] for t in self.by_source[source])
        return len(self.text)

    def render(self) -> str:
        groups = {m.number: (m, self.group_span(m)) for m in self.marked.marks if m.kind == "g"}
        opaques: list[tuple[Mark, tuple[int, int]]] = []
        taken: list[tuple[int, int]] = []
        for mark in (m for m in self.marked.marks if m.kind == "x"):
            span = self.opaque_span(mark, taken)
            if span[0] < span[1]:
                taken.append(span)
            opaques.append((mark, span))
        events: list[tuple[int, int, int, str, int]] = []  # (position, rank, order, kind, number)
        for number, (_mark, (a, b)) in groups.items():
            if any(xa < edge < xb for _, (xa, xb) in opaques for edge in (a, b)):
                raise Unusable("a link or emphasis edge falls inside a protected token")
            events.append((a, 2, -(b - a), "open", number))
            events.append((b, 0, b - a, "close", number))
        for order, (mark, (xa, _xb)) in enumerate(opaques):
            events.append((xa, 1, order, "x", mark.number))
        events.sort(key=lambda e: (e[0], self._rank(e, groups, opaques), e[2]))
        return self._write(events, groups, opaques)

    @staticmethod
    def _rank(event, groups, opaques) -> int:
        """At one position: closes, then opens of pairs holding the token, the token, closes of
        pairs holding it, opens of the others."""
        position, _, _, kind, number = event
        here = [m for m, (xa, _) in opaques if xa == position]
        if kind == "x" or not here:
            return {"close": 0, "x": 2, "open": 4}[kind]
        holds = number in here[0].inside
        return (3 if holds else 0) if kind == "close" else (1 if holds else 4)

    def _write(self, events, groups, opaques) -> str:
        out: list[str] = []
        pos = 0
        stack: list[int] = []
        seen_x: list[int] = []
        ends = {mark.number: span[1] for mark, span in opaques}
        for position, _, _, kind, number in events:
            out.append(self.text[pos:position])
            pos = max(pos, position)
            if kind == "open":
                if frozenset(stack) != groups[number][0].inside:
                    raise Unusable("links or emphasis cross or nest differently")
                stack.append(number)
                out.append(f"<g{number}>")
            elif kind == "close":
                if not stack or stack[-1] != number:
                    raise Unusable("links or emphasis cross")
                stack.pop()
                out.append(f"</g{number}>")
            else:
                mark = next(m for m, _ in opaques if m.number == number)
                if frozenset(stack) != mark.inside:
                    raise Unusable("an opaque token moved in or out of a link or emphasis")
                seen_x.append(number)
                out.append(f"<x{number}/>")
                pos = max(pos, ends[number])
        out.append(self.text[pos:])
        if seen_x != sorted(seen_x):
            raise Unusable("protected tokens changed order")
        return "".join(out)
