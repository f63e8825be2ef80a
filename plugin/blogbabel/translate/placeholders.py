"""Placeholders in an engine's answer: read, checked, repaired.

Inline markup travels as XLIFF-style placeholders (``<x1/>`` opaque, ``<g2>…</g2>`` paired).
Broken placeholders are repaired deterministically: an opaque one that was lost is re-attached
at the end of the sentence (a URL or code span is never lost), duplicates are dropped, and a
sentence whose paired markup was lost, duplicated or misnested cannot be used (None).
"""

from __future__ import annotations

import re

from ..markdown.inline import OPAQUE, OPEN, TEXT
from .units import Unit

#: a placeholder as engines write it back (spaces and case vary)
PLACEHOLDER = re.compile(r"<\s*(/?)\s*([xXgG])\s*(\d+)\s*(/?)\s*>")

#: the answer as prose pieces and placeholders: ``("x"|"open"|"close", number)``
Items = list[tuple[str, int] | str]


def read_placeholders(unit: Unit, translation: str, markdown: bool = True) -> tuple[Items, bool] | None:
    """The answer ``translation`` to ``unit`` as items, and whether it had to be repaired;
    None when its paired markup is broken (or, outside Markdown, its tags were reordered)."""
    items: Items = []
    pos = 0
    seen_x: set[int] = set()
    seen_open: list[int] = []
    seen_close: list[int] = []
    repaired = False
    for match in PLACEHOLDER.finditer(translation):
        items.append(translation[pos : match.start()])
        pos = match.end()
        closing, letter, number = match.group(1), match.group(2).lower(), int(match.group(3))
        if letter == "x" and closing:
            continue  # engines with HTML handling write <x1/> as <x1></x1>
        index = unit.numbers.get(number)
        if index is None:
            repaired = True
            continue
        token = unit.tokens[index]
        if letter == "x" and token.kind == OPAQUE:
            if number in seen_x:
                repaired = True
                continue
            seen_x.add(number)
            items.append(("x", number))
        elif letter == "g" and token.kind == OPEN:
            (seen_close if closing else seen_open).append(number)
            items.append(("close" if closing else "open", number))
        else:
            repaired = True
    items.append(translation[pos:])
    expected_x = [n for n, i in unit.numbers.items() if unit.tokens[i].kind == OPAQUE]
    expected_g = [n for n, i in unit.numbers.items() if unit.tokens[i].kind == OPEN]
    # paired markup must come back exactly once, opened before closed, properly nested
    stack: list[int] = []
    for item in items:
        if isinstance(item, tuple) and item[0] == "open":
            stack.append(item[1])
        elif isinstance(item, tuple) and item[0] == "close":
            if not stack or stack[-1] != item[1]:
                return None
            stack.pop()
    if stack or sorted(seen_open) != sorted(expected_g) or sorted(seen_close) != sorted(expected_g):
        return None
    if not markdown:
        order = [item[1] for item in items if isinstance(item, tuple) and item[0] == "x"]
        if order != sorted(order):
            return None  # HTML tags must keep their order
    missing = [n for n in expected_x if n not in seen_x]
    if missing:
        repaired = True
        items.append(" ")
        for n in missing:
            items.append(("x", n))
    return items, repaired


def match_case_after(piece: str, unit: Unit, placeholder: tuple[str, int], text: str) -> str:
    """Engines capitalise the word after a placeholder as if a sentence started there; undo
    that when the source continued in lower case after the same placeholder."""
    kind, number = placeholder
    index = unit.numbers.get(number)
    if index is None:
        return piece
    token = unit.tokens[index]
    if kind == "close":  # the text after a closing tag follows the CLOSE token
        index = unit.close_index.get(token.group, index)
    if index + 1 >= len(unit.tokens) or unit.tokens[index + 1].kind != TEXT:
        return piece
    source_next = text[unit.tokens[index + 1].start : unit.tokens[index + 1].end].lstrip()
    stripped = piece.lstrip()
    if len(stripped) > 1 and source_next[:1].islower() and stripped[0].isupper() and stripped[1].islower():
        return piece[: len(piece) - len(stripped)] + stripped[0].lower() + stripped[1:]
    return piece
