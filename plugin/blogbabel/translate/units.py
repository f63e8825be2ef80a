"""Units: the strings sent to a translator, cut from a segment's tokens.

A segment's tokens are grouped into sentences (never inside paired markup); each sentence
with prose becomes a :class:`Unit`. With placeholders (``tagged``), the unit is the whole
sentence with its inline markup as ``<x1/>``/``<g2>…</g2>``; without, the sentence is cut at
its markup and each plain piece is a unit. What is not sent is kept in :class:`Part` objects as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from ..markdown.inline import CLOSE, OPAQUE, OPEN, TEXT, Token, with_placeholders
from ..markdown.segments import Segment
from ..markdown.tokens import has_prose
from .align import encode_unit

_SPLIT_STAND_IN = "X"


@dataclass
class Unit:
    """One string sent to the translator and how to put its translation back."""

    text: str  # what is sent
    tokens: list[Token]  # tokens of the sentence or piece (TEXT tokens may be partial)
    numbers: dict[int, int]  # placeholder number -> index into tokens (tag mode)
    tagged: bool

    @cached_property
    def close_index(self) -> dict[int, int]:
        """group -> index of its CLOSE token in :attr:`tokens`."""
        return {t.group: i for i, t in enumerate(self.tokens) if t.kind == CLOSE}


@dataclass
class Part:
    """A slice of a segment's tokens: prose to translate (unit) or text kept as is."""

    tokens: list[Token]
    unit: Unit | None = None
    lead: str = ""
    trail: str = ""


def _sentences(segment: Segment, split) -> list[list[Token]]:
    """Group the segment's tokens into sentences; never split inside paired markup.

    The splitter sees the prose with each opaque token as a stand-in word and paired markup
    removed; its boundaries are mapped back onto the tokens.
    """
    text, tokens = segment.text, segment.tokens
    if not tokens:
        return []
    if split is None:
        split = lambda value: [value]  # noqa: E731
    stand_in = [text[t.start : t.end] if t.kind == TEXT else (_SPLIT_STAND_IN if t.kind == OPAQUE else "") for t in tokens]
    bounds, offset = [], 0
    joined = "".join(stand_in)
    newline = "\n" in joined
    for sentence in split(joined.replace("\n", " ") if newline else joined)[:-1]:
        offset += len(sentence)
        bounds.append(offset)
    if not bounds and not (newline and len(tokens) > 1):
        return [tokens]  # one sentence (most headings, captions, cells, short paragraphs)
    ends = list(accumulate(len(piece) for piece in stand_in))
    ranges = list(zip([0, *ends[:-1]], ends))  # where each token is in ``joined``

    # a line break next to markup ends a unit too in HTML, and next to a tag on a line of its
    # own in Markdown (keeps shortcode layout intact; a link or an inline macro such as MDN's
    # {{domxref(…)}} that starts a wrapped line stays in its sentence)
    def is_tag(token: Token) -> bool:
        if segment.context != "markdown":
            return True
        if token.kind != OPAQUE or text[token.start] not in "<{":
            return False
        line_end = text.find("\n", token.end)
        before, after = text[text.rfind("\n", 0, token.start) + 1 : token.start], text[token.end : line_end if line_end >= 0 else len(text)]
        return not before.strip() and not after.strip()

    for index, token in enumerate(tokens if newline and len(tokens) > 1 else ()):
        if token.kind != TEXT:
            continue
        piece = joined[ranges[index][0] : ranges[index][1]]
        head = re.match(r"\s*\n\s*", piece)
        if head and index > 0 and head.end() < len(piece) and is_tag(tokens[index - 1]):
            bounds.append(ranges[index][0] + head.end())
        tail = re.search(r"\s*\n\s*$", piece)
        if tail and index + 1 < len(tokens) and tail.start() > 0 and is_tag(tokens[index + 1]):
            bounds.append(ranges[index][0] + tail.start() + len(tail.group()))
    if not bounds:  # one sentence (most headings, captions, cells, short paragraphs)
        return [tokens]
    bounds.sort()
    depth_before, depth = [], 0
    for token in tokens:
        depth_before.append(depth)
        depth += (token.kind == OPEN) - (token.kind == CLOSE)
    depth_before.append(0)
    cuts: dict[int, list[int]] = {}  # token index -> source offsets to cut at (token.start = before it)
    index = 0
    for bound in bounds:
        while index < len(tokens) and (
            ranges[index][1] < bound or (ranges[index][1] == bound and tokens[index].kind != OPEN and ranges[index][0] < bound) or (tokens[index].kind == CLOSE and ranges[index][0] == bound)
        ):
            index += 1
        if index >= len(tokens) or depth_before[index] > 0:
            continue
        a, b = ranges[index]
        token = tokens[index]
        if a < bound < b:
            if token.kind != TEXT:
                if index + 1 < len(tokens) and depth_before[index + 1] == 0:
                    cuts.setdefault(index + 1, []).append(tokens[index + 1].start)
                continue
            cuts.setdefault(index, []).append(token.start + bound - a)
        else:
            cuts.setdefault(index, []).append(token.start)
    sentences: list[list[Token]] = [[]]
    for index, token in enumerate(tokens):
        current = token
        for cut in cuts.get(index, ()):
            if cut > current.start:  # (only text tokens are cut)
                sentences[-1].append(Token(TEXT, current.start, cut))
                current = Token(TEXT, cut, current.end)
            if sentences[-1]:
                sentences.append([])
        sentences[-1].append(current)
    return [s for s in sentences if s]


def trim_whitespace(text: str, tokens: list[Token]) -> tuple[list[Token], str, str]:
    """Move leading/trailing whitespace of a token run out of it (``tokens`` itself comes
    back when there is none, as in most sentences: callers do not change the list)."""
    if not tokens:
        return tokens, "", ""
    head, tail = tokens[0], tokens[-1]
    moves_head = head.kind == TEXT and (head.start == head.end or text[head.start].isspace())
    if not moves_head and not (tail.kind == TEXT and (tail.start == tail.end or text[tail.end - 1].isspace())):
        return tokens, "", ""
    tokens = list(tokens)
    lead = trail = ""
    # new tokens only where there is whitespace to move (the tokens may be shared with the segment)
    if moves_head:
        raw = text[tokens[0].start : tokens[0].end]
        stripped = raw.lstrip()
        lead = raw[: len(raw) - len(stripped)]
        tokens[0] = Token(TEXT, tokens[0].start + len(lead), tokens[0].end)
        if tokens[0].end == tokens[0].start:
            tokens.pop(0)
    if tokens and tokens[-1].kind == TEXT and (tokens[-1].start == tokens[-1].end or text[tokens[-1].end - 1].isspace()):
        raw = text[tokens[-1].start : tokens[-1].end]
        stripped = raw.rstrip()
        trail = raw[len(stripped) :]
        tokens[-1] = Token(TEXT, tokens[-1].start, tokens[-1].end - len(trail))
        if tokens[-1].end == tokens[-1].start:
            tokens.pop()
    return tokens, lead, trail


def tagged_unit(text: str, tokens: list[Token], mode: str) -> Unit:
    sent, numbers = (encode_unit if mode == "aligned" else with_placeholders)(text, tokens)
    return Unit(sent, tokens, numbers, True)


def segment_parts(segment: Segment, split, mode: str) -> list[Part]:
    """The segment cut into parts: units to translate and runs kept as they are, for a unit
    mode (``blogbabel.translate.aligned.UNIT_MODES``)."""
    if not segment.has_prose:  # nothing to send: the whole segment is kept as it is
        return [Part(segment.tokens)] if segment.tokens else []
    text = segment.text
    parts: list[Part] = []
    markdown = segment.context == "markdown"

    # Tags that open or close a sentence in raw HTML, and task boxes / attribute lists
    # anywhere, stay outside the unit so a translation cannot move them.
    def at_edge(token: Token) -> bool:
        return token.kind == OPAQUE and (not markdown or token.note == "edge")

    def is_blank(token: Token) -> bool:
        return token.kind == TEXT and not text[token.start : token.end].strip()

    for sentence in _sentences(segment, split):
        if mode != "fragment":
            # (a sentence that is the whole segment has prose: asked above)
            if sentence is not segment.tokens and not has_prose(text, sentence):
                parts.append(Part(sentence))
                continue
            # edge tokens, and the blank text between them, stay outside (the prose stops both loops)
            first, last, size = 0, len(sentence), len(sentence)
            if sentence[0].kind == OPAQUE:  # (most sentences start and end with prose: no loop)
                while at_edge(sentence[first]) or (first and is_blank(sentence[first])):
                    first += 1
            if sentence[-1].kind == OPAQUE:
                while at_edge(sentence[last - 1]) or (last < size and is_blank(sentence[last - 1])):
                    last -= 1
            if first:
                parts.append(Part(sentence[:first]))
            core, lead, trail = trim_whitespace(text, sentence[first:last])
            parts.append(Part(core, tagged_unit(text, core, mode), lead, trail))
            if last < size:
                parts.append(Part(sentence[last:]))
            continue
        run: list[Token] = []
        for token in [*sentence, None]:
            if token is not None and token.kind == TEXT:
                run.append(token)
                continue
            if run:
                if has_prose(text, run):
                    core, lead, trail = trim_whitespace(text, run)
                    piece = "".join(text[t.start : t.end] for t in core).replace("\n", " ")
                    parts.append(Part(core, Unit(piece, core, {}, False), lead, trail))
                else:
                    parts.append(Part(run))
                run = []
            if token is not None:
                parts.append(Part([token]))
    return parts


def parts_of(segment: Segment) -> list[Part]:
    """The parts :func:`prepare_translation` attached to ``segment``."""
    return segment._parts  # type: ignore[attr-defined]


def attach_parts(segment: Segment, parts: list[Part]) -> None:
    # an attribute (not a side table) so the parts travel with the segment to the process
    # that finishes the job (``--jobs`` pickles prepared posts)
    segment._parts = parts  # type: ignore[attr-defined]
