"""A line being repaired: its edits tracked against the original, so each reported fix names
the original text, its column and the rule, whatever the order of the repair stages."""

from __future__ import annotations

from dataclasses import dataclass


def is_space(ch: str) -> bool:
    return ch.isspace() and ch != "\x85" and not "\x1c" <= ch <= "\x1f"


@dataclass(frozen=True)
class LineFix:
    """A change to one line: original columns [start, end), texts, rule."""

    start: int
    end: int
    before: str
    after: str
    rule: str


class TrackedLine:
    """A line with its edits, kept as segments (original start, original end, text, rule):
    rule None marks original text, which maps 1:1 and can be split exactly."""

    def __init__(self, original: str):
        self.original = original
        self.segments: list[tuple[int, int, str, str | None]] = [(0, len(original), original, None)]

    @property
    def text(self) -> str:
        return "".join(seg[2] for seg in self.segments)

    def replace(self, start: int, end: int, replacement: str, rule: str) -> None:
        """Replace the current-text range [start, end) by ``replacement`` (the common prefix
        and suffix are trimmed first so the recorded edit is minimal)."""
        current = self.text[start:end]
        while start < end and replacement and current[0] == replacement[0]:
            current, replacement, start = current[1:], replacement[1:], start + 1
        while start < end and replacement and current[-1] == replacement[-1]:
            current, replacement, end = current[:-1], replacement[:-1], end - 1
        if start == end:  # pure insertion: take the character before (or after) with it
            if start > 0:
                start, replacement = start - 1, self.text[start - 1] + replacement
            else:
                end, replacement = 1, replacement + self.text[0]
        before: list[tuple[int, int, str, str | None]] = []
        absorbed: list[tuple[int, int, str, str | None]] = []
        after: list[tuple[int, int, str, str | None]] = []
        prefix = suffix = ""
        pos = 0
        for seg in self.segments:
            o0, o1, text, seg_rule = seg
            c0, c1 = pos, pos + len(text)
            pos = c1
            if not (c0 < end and c1 > start):
                (before if c1 <= start else after).append(seg)
            elif seg_rule is None:
                if c0 < start:
                    before.append((o0, o0 + start - c0, text[: start - c0], None))
                lo, hi = max(start, c0) - c0, min(end, c1) - c0
                absorbed.append((o0 + lo, o0 + hi, "", None))
                if c1 > end:
                    after.append((o0 + end - c0, o1, text[end - c0 :], None))
            else:  # an earlier edit is absorbed whole, with its text outside the range
                prefix += text[: max(0, start - c0)]
                suffix += text[len(text) - max(0, c1 - end) :]
                absorbed.append(seg)
        rules = [r for *_, r in absorbed if r] + [rule]
        merged = (
            min(a[0] for a in absorbed),
            max(a[1] for a in absorbed),
            prefix + replacement + suffix,
            "+".join(dict.fromkeys(r for r in rules if r)),
        )
        self.segments = before + [merged] + after

    def fixes(self) -> list[LineFix]:
        """Changed ranges, widened to whole whitespace-delimited words for the report."""
        ranges: list[list] = []
        original = self.original
        for o0, o1, _text, rule in self.segments:
            if rule is None:
                continue
            s, e = o0, o1
            while s > 0 and not is_space(original[s - 1]):
                s -= 1
            while e < len(original) and not is_space(original[e]):
                e += 1
            if ranges and s <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], e)
                ranges[-1][2].append(rule)
            else:
                ranges.append([s, e, [rule]])
        fixes = []
        for s, e, rules in ranges:
            after = []
            for o0, o1, text, rule in self.segments:
                if rule is None:
                    if o0 < e and o1 > s:
                        after.append(text[max(s, o0) - o0 : min(e, o1) - o0])
                elif s <= o0 and o1 <= e:
                    after.append(text)
            before, rendered = original[s:e], "".join(after)
            if before != rendered:
                fixes.append(LineFix(s, e, before, rendered, "+".join(dict.fromkeys("+".join(rules).split("+")))))
        return fixes

    def original_offset(self, pos: int) -> int:
        """Original offset of current-text offset ``pos`` (start of an edited segment)."""
        cur = 0
        for o0, _o1, text, rule in self.segments:
            if pos < cur + len(text) or (pos == cur + len(text) and rule is None and pos == cur):
                return o0 + (pos - cur if rule is None else 0)
            cur += len(text)
        return len(self.original)


class PlainLine:
    """The same interface as :class:`TrackedLine` without the bookkeeping (no fix report wanted)."""

    def __init__(self, original: str):
        self.original = self.text = original

    def replace(self, start: int, end: int, replacement: str, rule: str) -> None:
        self.text = self.text[:start] + replacement + self.text[end:]

    def original_offset(self, pos: int) -> int:
        return pos

    def fixes(self) -> list[LineFix]:
        return []
