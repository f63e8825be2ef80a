"""The inline tokenizer's output: tokens over a segment's text, and what a translator sees.

Protected pieces are *opaque* (code spans, URLs, entities, HTML tags, template tags, math,
emoji, escapes, images, footnote references, attribute lists, glossary terms) or *paired*
(emphasis delimiters, the ``[`` and ``](dest "title")`` around link text). Opaque and closing
tokens may hold *children*: translatable ranges inside them (image alt, link and image titles,
``alt``/``title`` attributes, shortcode captions), translated as segments of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

TEXT, OPAQUE, OPEN, CLOSE = "text", "opaque", "open", "close"
MARKDOWN, HTML = "markdown", "html"
#: provisional groups while scanning: an emphasis delimiter run, a bracket not yet closed
DELIMITER_RUN, BRACKET = -2, -3


@dataclass
class Child:
    """A translatable range inside a protected token (offsets relative to the segment text)."""

    start: int
    end: int
    kind: str
    context: str  # "markdown" (alt text), "title:<delim>", "attr:<quote>", "param:<quote>"


class Token:
    """A piece of a segment's text: ``kind`` is TEXT, OPAQUE, OPEN or CLOSE; paired tokens
    share ``group``. (A slotted class: long paragraphs have hundreds of thousands.)"""

    __slots__ = ("children", "end", "group", "kind", "note", "replacement", "start")

    def __init__(
        self,
        kind: str,
        start: int,
        end: int,
        group: int = -1,
        children: Sequence[Child] = (),
        replacement: str | None = None,
        note: str = "",
    ):
        self.kind = kind
        self.start = start
        self.end = end
        self.group = group
        self.children = children
        #: replacement used instead of the source when the segment is translated (glossary
        #: terms, shortcut reference links that must keep their label)
        self.replacement = replacement
        #: "term" for glossary terms; "edge" for tokens that must stay at the edge of a
        #: sentence (task list boxes, kramdown attribute lists); "emoji" for emoji
        self.note = note

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.start}, {self.end}, group={self.group})"


TermFinder = Callable[[str], Sequence[tuple[int, int, str | None]]]

#: a letter of any script: what prose holds
LETTER = re.compile(r"[^\W\d_]")


def has_prose(text: str, tokens: Sequence[Token]) -> bool:
    """Whether any TEXT token of ``tokens`` over ``text`` holds a letter (:func:`holds_letter`, inlined)."""
    search = LETTER.search
    for token in tokens:
        if token.kind == TEXT and ((token.start < token.end and text[token.start].isalpha()) or search(text, token.start, token.end)):
            return True
    return False


def holds_letter(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a :data:`LETTER`: its first character is asked before
    the pattern (most prose starts with a letter, and every ``isalpha`` character is one)."""
    return (start < end and text[start].isalpha()) or LETTER.search(text, start, end) is not None


def merge_text(tokens: list[Token]) -> list[Token]:
    """Adjacent TEXT tokens joined into one."""
    merged: list[Token] = []
    for token in tokens:
        if token.kind == TEXT and merged and merged[-1].kind == TEXT and merged[-1].end == token.start:
            merged[-1].end = token.end
        else:
            merged.append(token)
    return merged


def split_terms(tokens: list[Token], text: str, find_terms: TermFinder | None) -> list[Token]:
    """Turn glossary terms inside prose into opaque tokens (with a forced replacement if any)."""
    if find_terms is None:
        return tokens
    out: list[Token] = []
    for token in tokens:
        if token.kind != TEXT:
            out.append(token)
            continue
        pos = token.start
        for a, b, replacement in find_terms(text[token.start : token.end]):
            a, b = a + token.start, b + token.start
            if a < pos:
                continue
            if a > pos:
                out.append(Token(TEXT, pos, a))
            out.append(Token(OPAQUE, a, b, replacement=replacement, note="term"))
            pos = b
        if pos < token.end:
            out.append(Token(TEXT, pos, token.end))
    return out


#: a Markdown block marker at a line start (heading, list item, quote), in raw HTML's text
HTML_LINE_MARKER = re.compile(r"^[ \t]*(#{1,6}|[-+*]|>|\d{1,9}[.)])(?=[ \t])", re.MULTILINE)
#: a line of a paragraph that some renderers read as markup: a run of ``=`` (a setext heading's
#: underline to mistune even where CommonMark reads it as lazy text) or a merge-conflict marker
#: (``<<<<<<< HEAD``, left in the Spanish JavaScript tutorial)
MARKDOWN_LINE_MARKER = re.compile(r"^[ \t]*(={3,}|<{7}(?:[ \t][^\n]*)?)[ \t]*$", re.MULTILINE)


def split_line_markers(tokens: list[Token], text: str, pattern: re.Pattern = HTML_LINE_MARKER) -> list[Token]:
    """Turn the line markers ``pattern`` finds (its first group) into opaque tokens.

    In ``<div id="x"></div>`` then ``## Usage``, CommonMark reads the heading as the HTML
    block's text and kramdown and Python-Markdown as a heading: kept out of the prose, the
    marker stays where it is for both (and a marker on a line of its own ends a unit)."""
    marks = [m.span(1) for m in pattern.finditer(text)] if text else []
    if not marks:  # (most HTML text)
        return tokens
    out: list[Token] = []
    index = 0
    for token in tokens:
        while index < len(marks) and marks[index][0] < token.start:
            index += 1
        if token.kind != TEXT or index == len(marks) or marks[index][1] > token.end:
            out.append(token)
            continue
        pos = token.start
        while index < len(marks) and marks[index][1] <= token.end:
            a, b = marks[index]
            index += 1
            if a > pos:
                out.append(Token(TEXT, pos, a))
            out.append(Token(OPAQUE, a, b, note="marker"))
            pos = b
        if pos < token.end:
            out.append(Token(TEXT, pos, token.end))
    return out


def with_placeholders(
    text: str,
    tokens: Sequence[Token],
    opaque: Callable[[Token, int], str] | None = None,
    prose: Callable[[str], str] | None = None,
) -> tuple[str, dict[int, int]]:
    """What a translator sees: ``tokens`` over ``text`` with protected ones as XLIFF-style
    placeholders (``<x1/>`` opaque, ``<g2>…</g2>`` paired) and line breaks as spaces; plus
    placeholder number -> index of its token (the opening one for pairs). ``opaque(token,
    number)`` and ``prose(text)`` write opaque tokens and prose differently (aligned units)."""
    if len(tokens) == 1 and tokens[0].kind == TEXT and prose is None:  # most sentences: no markup
        return text[tokens[0].start : tokens[0].end].replace("\n", " "), {}
    out: list[str] = []
    add = out.append  # (bound once: long paragraphs have hundreds of thousands of tokens)
    numbers: dict[int, int] = {}
    open_numbers: dict[int, int] = {}
    # placeholders hold no line break: the whole unit's are replaced at the end (not a search
    # of the whole segment's text for each of its sentences), unless opaque tokens are written
    # out as text that may hold some
    plain = opaque is None and prose is None
    for index, token in enumerate(tokens):
        kind = token.kind
        if kind == TEXT:
            piece = text[token.start : token.end]
            if not plain:
                piece = piece.replace("\n", " ")
                piece = prose(piece) if prose else piece
            add(piece)
        elif kind == CLOSE:
            add(f"</g{open_numbers.get(token.group, 0)}>")
        else:
            number = len(numbers) + 1
            numbers[number] = index
            if kind == OPAQUE:
                add(opaque(token, number) if opaque else f"<x{number}/>")
            else:
                open_numbers[token.group] = number
                add(f"<g{number}>")
    sent = "".join(out)
    return sent.replace("\n", " ") if plain else sent, numbers
