"""Units: the strings sent to a translator, cut from a segment's tokens.

A segment's tokens are grouped into sentences (never inside paired markup); each sentence
with prose becomes a :class:`Unit`. With placeholders (``tagged``), the unit is the whole
sentence with its inline markup as ``<x1/>``/``<g2>…</g2>``; without, the sentence is cut at
its markup and each plain piece is a unit. What is not sent is kept in :class:`Part` objects as is.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter

from ..markdown.inline import CLOSE, OPAQUE, OPEN, TEXT, Token, with_placeholders
from ..markdown.patterns import HTML_CLOSE_TAG, HTML_OPEN_TAG
from ..markdown.segments import Segment
from ..markdown.tokens import has_prose, holds_letter
from .align import encode_unit

#: what the sentence splitter sees for an opaque token (a code span, a URL, a macro): a word no
#: abbreviation list holds; a lone capital reads as an initial ("the command X. This" was one sentence)
_SPLIT_STAND_IN = "Zqx"


@dataclass(slots=True)  # (slotted: a post has hundreds of units and parts)
class Unit:
    """One string sent to the translator and how to put its translation back."""

    text: str  # what is sent
    tokens: list[Token]  # tokens of the sentence or piece (TEXT tokens may be partial)
    numbers: dict[int, int]  # placeholder number -> index into tokens (tag mode)
    tagged: bool
    _close_index: dict[int, int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def close_index(self) -> dict[int, int]:
        """group -> index of its CLOSE token in :attr:`tokens` (made on first use, without the
        lock functools.cached_property takes on Python 3.11)."""
        if self._close_index is None:
            self._close_index = {t.group: i for i, t in enumerate(self.tokens) if t.kind == CLOSE}
        return self._close_index


@dataclass(slots=True)
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
    if len(tokens) == 1:  # most segments: a heading, caption, cell or paragraph without markup
        return _one_token_sentences(text, tokens, split)
    stand_in = [text[t.start : t.end] if t.kind == TEXT else (_opaque_stand_in(text, t) if t.kind == OPAQUE else "") for t in tokens]
    joined = "".join(stand_in)
    newline = "\n" in joined
    pieces = split(joined.replace("\n", " ") if newline else joined) if split is not None else [joined]
    if len(pieces) < 2 and not newline:
        return [tokens]  # one sentence (most headings, captions, cells, short paragraphs)
    bounds = list(accumulate(map(len, pieces[:-1])))  # where the splitter ends sentences, in ``joined``
    ends = list(accumulate(map(len, stand_in)))  # where each token ends in ``joined``
    if newline:
        bounds += _line_bounds(segment, stand_in, ends)
        bounds.sort()
    if not bounds:  # one sentence (most headings, captions, cells, short paragraphs)
        return [tokens]
    return _cut(tokens, bounds, ends, text)


def _opaque_stand_in(text: str, token: Token) -> str:
    """What the splitter sees for an opaque token: a word (code, a URL, a macro are read as
    words of the sentence), or nothing for an HTML tag, which is markup around words:
    "<b>Welcome!</b> Read on" must end its sentence after the ``</b>``."""
    if token.note == "marker" or text.startswith("<", token.start) and _is_html_tag(text, token.start, token.end):
        return ""
    return _SPLIT_STAND_IN


def _is_html_tag(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one HTML start or end tag (an autolink such as
    ``<https://x.y>`` is a word)."""
    return bool(HTML_OPEN_TAG.fullmatch(text, start, end) or HTML_CLOSE_TAG.fullmatch(text, start, end))


def _one_token_sentences(text: str, tokens: list[Token], split) -> list[list[Token]]:
    """:func:`_sentences` of a single token: only a text token can be cut, at every boundary."""
    token = tokens[0]
    if token.kind != TEXT or split is None:
        return [tokens]
    piece = text[token.start : token.end]
    pieces = split(piece.replace("\n", " ") if "\n" in piece else piece)
    if len(pieces) < 2:
        return [tokens]
    sentences, start = [], token.start
    for sentence in pieces[:-1]:
        if sentence:
            sentences.append([Token(TEXT, start, start + len(sentence))])
            start += len(sentence)
    sentences.append([Token(TEXT, start, token.end)])
    return sentences


def _line_bounds(segment: Segment, stand_in: list[str], ends: list[int]) -> list[int]:
    """Sentence boundaries at line breaks next to markup (offsets in the splitter's text).

    A line break next to markup ends a unit too in HTML, and next to a tag on a line of its
    own in Markdown (keeps shortcode layout intact; a link or an inline macro such as MDN's
    {{domxref(…)}} that starts a wrapped line stays in its sentence)."""
    text, tokens = segment.text, segment.tokens

    def is_tag(token: Token) -> bool:
        if segment.context != "markdown":
            return True
        if token.kind != OPAQUE or (text[token.start] not in "<{" and token.note != "marker"):
            return False
        line_end = text.find("\n", token.end)
        before, after = text[text.rfind("\n", 0, token.start) + 1 : token.start], text[token.end : line_end if line_end >= 0 else len(text)]
        return not before.strip() and not after.strip()

    bounds = []
    for index, token in enumerate(tokens):
        piece = stand_in[index]
        if token.kind != TEXT or "\n" not in piece:
            continue
        start = ends[index] - len(piece)
        head = re.match(r"\s*\n\s*", piece)
        if head and index > 0 and head.end() < len(piece) and is_tag(tokens[index - 1]):
            bounds.append(start + head.end())
        tail = re.search(r"\s*\n\s*$", piece)
        if tail and index + 1 < len(tokens) and tail.start() > 0 and is_tag(tokens[index + 1]):
            bounds.append(start + tail.start() + len(tail.group()))
    return bounds


_DEPTH_STEP = {OPEN: 1, CLOSE: -1, TEXT: 0, OPAQUE: 0}
_KIND = attrgetter("kind")


def _cut(tokens: list[Token], bounds: list[int], ends: list[int], text: str) -> list[list[Token]]:
    """The tokens cut at ``bounds`` (sorted offsets in the splitter's text; ``ends[i]`` is
    where token ``i`` ends there), except inside paired markup. An HTML end tag at a bound
    stays with the sentence before it, as a closing delimiter does."""
    count = len(tokens)
    # (C-level passes over the tokens: a paragraph may hold thousands of them)
    kinds = list(map(_KIND, tokens))
    # (without paired markup, as in many paragraphs, every token is at depth 0)
    depth_before = list(accumulate(map(_DEPTH_STEP.__getitem__, kinds), initial=0)) if OPEN in kinds else None
    sentences: list[list[Token]] = []
    index, offset = 0, -1  # where the current sentence starts: a token, and a source offset when inside it
    for bound in bounds:
        # the first token that reaches past the bound starts the next sentence, or an empty
        # token (an opening delimiter) right at the bound; closing ones stay before it
        at = bisect_left(ends, bound)
        if at < count and ends[at] == bound:  # (most bounds fall inside a text token: no loop)
            while at < count and ends[at] == bound and not (kinds[at] != CLOSE and (ends[at - 1] if at else 0) == bound and not text.startswith("</", tokens[at].start)):
                at += 1
        if at >= count or (depth_before is not None and depth_before[at] > 0):
            continue
        token = tokens[at]
        start = ends[at - 1] if at else 0
        # (only a text token can hold a bound: an opaque token's stand-in is one character)
        cut = token.start + bound - start if start < bound else -1
        if at == index and cut == offset:
            continue  # the same boundary twice
        sentence: list[Token] = []
        if offset >= 0:  # the sentence starts with the rest of a cut text token
            if at == index:
                sentences.append([Token(TEXT, offset, cut)])
                offset = cut
                continue
            sentence.append(Token(TEXT, offset, tokens[index].end))
            index += 1
        sentence += tokens[index:at]
        if cut >= 0:
            sentence.append(Token(TEXT, token.start, cut))
        if sentence:
            sentences.append(sentence)
        index, offset = at, cut
    if offset >= 0:
        sentences.append([Token(TEXT, offset, tokens[index].end), *tokens[index + 1 :]])
    elif index == 0:
        sentences.append(tokens)  # (no boundary outside paired markup)
    else:
        sentences.append(tokens[index:])
    return sentences


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
    tagged = mode != "fragment"
    plain_prose = mode != "aligned"  # (aligned units write prose differently: no shortcut)
    if plain_prose and len(segment.tokens) == 1 and split is not None:  # (a text token: it has prose)
        return _prose_parts(text, segment.tokens[0], split, tagged)
    parts: list[Part] = []
    for sentence in _sentences(segment, split):
        if plain_prose and len(sentence) == 1 and sentence[0].kind == TEXT:  # most sentences: prose without markup
            parts.append(_prose_part(text, sentence[0], tagged, sentence is segment.tokens))
        elif tagged:
            _add_sentence(parts, segment, sentence, mode)
        else:
            _add_fragments(parts, text, sentence)
    return parts


def _prose_parts(text: str, token: Token, split, tagged: bool) -> list[Part]:
    """The parts of a segment that is one text token (most headings, captions, cells and
    paragraphs): each sentence the splitter returns is a unit's text once stripped (its line
    breaks are spaces already)."""
    raw = text[token.start : token.end]
    pieces = split(raw.replace("\n", " ") if "\n" in raw else raw)
    if len(pieces) < 2:
        return [_prose_part(text, token, tagged, True)]
    parts: list[Part] = []
    start = token.start
    for piece in pieces:
        end = start + len(piece)
        if not holds_letter(piece, 0, len(piece)):
            if piece:
                parts.append(Part([Token(TEXT, start, end)]))
        else:
            core = piece.strip()
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - lead - len(core)
            tokens = [Token(TEXT, start + lead, end - trail)]
            parts.append(Part(tokens, Unit(core, tokens, {}, tagged), text[start : start + lead], text[end - trail : end]))
        start = end
    return parts


def _prose_part(text: str, token: Token, tagged: bool, known_prose: bool) -> Part:
    """The part of a sentence that is one text token (what the general paths below make of it)."""
    if not known_prose and not holds_letter(text, token.start, token.end):
        return Part([token])
    raw = text[token.start : token.end]
    core = raw.strip()
    if len(core) == len(raw):
        tokens = [token]
        lead = trail = ""
    else:
        lead = raw[: len(raw) - len(raw.lstrip())]
        trail = raw[len(lead) + len(core) :]
        tokens = [Token(TEXT, token.start + len(lead), token.start + len(lead) + len(core))]
    return Part(tokens, Unit(core.replace("\n", " "), tokens, {}, tagged), lead, trail)


def _add_sentence(parts: list[Part], segment: Segment, sentence: list[Token], mode: str) -> None:
    """The parts of a sentence sent whole (tagged and aligned modes)."""
    text = segment.text
    # (a sentence that is the whole segment has prose: asked by segment_parts)
    if sentence is not segment.tokens and not has_prose(text, sentence):
        parts.append(Part(sentence))
        return
    markdown = segment.context == "markdown"
    # edge tokens, and the blank text between them, stay outside (the prose stops both loops)
    first, last, size = 0, len(sentence), len(sentence)
    if sentence[0].kind == OPAQUE:  # (most sentences start and end with prose: no loop)
        while _at_edge(sentence[first], markdown) or (first and _is_blank(text, sentence[first])):
            first += 1
    if sentence[-1].kind == OPAQUE:
        while _at_edge(sentence[last - 1], markdown) or (last < size and _is_blank(text, sentence[last - 1])):
            last -= 1
    if first:
        parts.append(Part(sentence[:first]))
    # (a sentence that is not the segment's own list is a new list, which can be the unit's:
    # nothing changes a unit's tokens)
    whole = first == 0 and last == size and sentence is not segment.tokens
    core, lead, trail = trim_whitespace(text, sentence if whole else sentence[first:last])
    parts.append(Part(core, tagged_unit(text, core, mode), lead, trail))
    if last < size:
        parts.append(Part(sentence[last:]))


def _at_edge(token: Token, markdown: bool) -> bool:
    """Whether ``token`` stays outside a unit at its edge: tags that open or close a sentence in
    raw HTML, and task boxes / attribute lists anywhere (a translation must not move them)."""
    return token.kind == OPAQUE and (not markdown or token.note == "edge")


def _is_blank(text: str, token: Token) -> bool:
    return token.kind == TEXT and not text[token.start : token.end].strip()


def _add_fragments(parts: list[Part], text: str, sentence: list[Token]) -> None:
    """The parts of a sentence cut at its markup (fragment mode): each run of text with prose is a unit."""
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


def parts_of(segment: Segment) -> list[Part]:
    """The parts :func:`prepare_translation` attached to ``segment``."""
    return segment._parts  # type: ignore[attr-defined]


def attach_parts(segment: Segment, parts: list[Part]) -> None:
    # an attribute (not a side table) so the parts travel with the segment to the process
    # that finishes the job (``--jobs`` pickles prepared posts)
    segment._parts = parts  # type: ignore[attr-defined]
