"""Whole segments in placeholder form, for translators: what PO and XLIFF files carry.

A segment's *tagged* form is its prose with every protected piece as an XLIFF-style
placeholder (``<x1/>`` opaque: code, URLs, images, HTML tags...; ``<g2>…</g2>`` paired:
emphasis, link text), whitespace collapsed. :func:`tagged_source` gives it with what each
placeholder stands for; :func:`check_tagged` says what a translator broke in a tagged
translation (lost, invented, duplicated or misnested placeholders); :func:`tagged_translation`
writes an existing translated segment (from an output file) in the source's numbering, so a
translator sees the current translation with the same placeholders as the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..markdown.inline import CLOSE, OPEN, TEXT, Token, with_placeholders
from ..markdown.segments import Segment

PLACEHOLDER = re.compile(r"<\s*(/?)\s*([xXgG])\s*(\d+)\s*(/?)\s*>")


@dataclass(frozen=True)
class Placeholder:
    """What ``<xN/>`` or ``<gN>…</gN>`` stands for in the source."""

    number: int
    paired: bool
    opening: str  # the source text of the opaque piece, or of the opening markup
    closing: str = ""  # paired only: the source text of the closing markup


@dataclass(frozen=True)
class Tagged:
    text: str
    placeholders: tuple[Placeholder, ...]


def collapse(text: str) -> str:
    """Whitespace runs as one space, stripped (how tagged texts are compared)."""
    return " ".join(text.split())


def tagged_source(segment: Segment) -> Tagged:
    """The segment in tagged form, and what each of its placeholders stands for."""
    text, numbers = with_placeholders(segment.text, segment.tokens)
    placeholders = []
    for number, index in sorted(numbers.items()):
        token = segment.tokens[index]
        raw = segment.text[token.start : token.end]
        closing = ""
        if token.kind == OPEN:
            close = next(t for t in segment.tokens if t.kind == CLOSE and t.group == token.group)
            closing = segment.text[close.start : close.end]
        placeholders.append(Placeholder(number, token.kind == OPEN, raw, closing))
    return Tagged(collapse(text), tuple(placeholders))


def check_tagged(source: Tagged, translation: str, *, keep_order: bool = False) -> list[str]:
    """What is wrong with the placeholders of ``translation`` (empty when nothing is)."""
    expected = {p.number: p for p in source.placeholders}
    problems: list[str] = []
    seen: dict[int, int] = {}
    stack: list[int] = []
    order: list[int] = []
    for match in PLACEHOLDER.finditer(translation):
        closing, letter, number = match.group(1), match.group(2).lower(), int(match.group(3))
        token = match.group()
        placeholder = expected.get(number)
        if placeholder is None or placeholder.paired != (letter == "g"):
            problems.append(f"{token} is not in the source")
            continue
        if letter == "x":
            seen[number] = seen.get(number, 0) + 1
            order.append(number)
        elif closing:
            if not stack or stack[-1] != number:
                problems.append(f"{token} closes what is not open")
            else:
                stack.pop()
                seen[number] = seen.get(number, 0) + 1
        else:
            stack.append(number)
    problems += [f"<g{n}> is never closed" for n in stack]
    for number, placeholder in expected.items():
        name = f"<g{number}>…</g{number}>" if placeholder.paired else f"<x{number}/>"
        if seen.get(number, 0) == 0 and number not in stack:
            problems.append(f"{name} ({placeholder.opening}) is missing")
        elif seen.get(number, 0) > 1:
            problems.append(f"{name} appears {seen[number]} times")
    if keep_order and order != sorted(order):
        problems.append("HTML tags must keep their order")
    return problems


def _shape(segment: Segment, token: Token) -> str:
    """A protected token's source text with its translatable children blanked (an image with
    a translated alt is the same image)."""
    raw = segment.text[token.start : token.end]
    for child in sorted(token.children, key=lambda c: -c.start):
        raw = raw[: child.start - token.start] + "\0" + raw[child.end - token.start :]
    return raw


def tagged_translation(source: Segment, translated: Segment) -> str | None:
    """``translated`` (a translation of ``source``) in the source's placeholder numbering, or
    None when its protected pieces cannot all be matched to the source's."""
    _, numbers = with_placeholders(source.text, source.tokens)
    free: dict[tuple[str, str], list[int]] = {}
    terms: dict[int, str] = {}
    for number, index in sorted(numbers.items()):
        token = source.tokens[index]
        free.setdefault((token.kind, _shape(source, token)), []).append(number)
        if token.note == "term":  # forced translation, or a name kept as written
            terms[number] = token.replacement if token.replacement is not None else source.text[token.start : token.end]
    out: list[str] = []
    group_numbers: dict[int, int] = {}
    used: set[int] = set()
    for token in translated.tokens:
        if token.kind == TEXT:
            out.append(translated.text[token.start : token.end])
            continue
        if token.kind == CLOSE:
            if token.group not in group_numbers:
                return None
            out.append(f"</g{group_numbers[token.group]}>")
            continue
        candidates = free.get((token.kind, _shape(translated, token)))
        if not candidates:
            return None
        number = candidates.pop(0)
        used.add(number)
        if token.kind == OPEN:
            group_numbers[token.group] = number
            out.append(f"<g{number}>")
        else:
            out.append(f"<x{number}/>")
    text = "".join(out)
    # glossary terms are protected in the source but plain words in the translation
    for number, replacement in terms.items():
        if number not in used and replacement and replacement in text:
            text = text.replace(replacement, f"<x{number}/>", 1)
            used.add(number)
    if used != set(numbers):
        return None
    return collapse(text)
