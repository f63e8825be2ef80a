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


def read_placeholders(unit: Unit, translation: str, markdown: bool = True, source: str | None = None) -> tuple[Items, bool] | None:
    """The answer ``translation`` to ``unit`` as items, and whether it had to be repaired;
    None when its paired markup is broken (or, outside Markdown, its tags were reordered).
    With the segment's ``source`` text, whitespace just inside paired Markdown markup is
    moved outside it (:func:`mend_edge_whitespace`), and markup left around nothing makes the
    answer unusable too (None)."""
    if not unit.numbers and "<" not in translation:  # no markup sent, none came back: most sentences
        return [translation], False
    items: Items = []
    add = items.append
    seen_x: set[int] = set()
    seen_open: list[int] = []
    stack: list[int] = []  # paired markup must come back opened before closed, properly nested
    repaired = False
    # whether an open is followed or a close preceded by whitespace (something to mend), and
    # whether a close follows its open with only blank prose between (an empty span; moving
    # whitespace never makes prose blank or not, so this holds after mending too)
    edge_space = empty_span = False
    last: tuple[str, int] | None = None  # the last placeholder, while only blank prose follows it
    numbers, tokens = unit.numbers, unit.tokens
    # split, not finditer: prose and each placeholder's groups in one list, no match objects
    pieces = PLACEHOLDER.split(translation)
    for at in range(1, len(pieces), 5):
        add(pieces[at - 1])
        if last is not None and pieces[at - 1].strip():
            last = None
        closing, letter, number = pieces[at], pieces[at + 1].lower(), int(pieces[at + 2])
        if letter == "x" and closing:
            continue  # engines with HTML handling write <x1/> as <x1></x1>
        index = numbers.get(number)
        if index is None:
            repaired = True
            continue
        kind = tokens[index].kind
        if letter == "x" and kind == OPAQUE:
            if number in seen_x:
                repaired = True
                continue
            seen_x.add(number)
            add(last := ("x", number))
        elif letter == "g" and kind == OPEN:
            if closing:
                if not stack or stack.pop() != number:
                    return None
                # (around nothing where the source had something: "[](info:x)" was empty already)
                empty_span |= last == ("open", number) and unit.close_index[tokens[index].group] > index + 1
                edge_space |= pieces[at - 1][-1:].isspace()
                add(last := ("close", number))
            else:
                seen_open.append(number)
                stack.append(number)
                edge_space |= pieces[at + 4][:1].isspace()
                add(last := ("open", number))
        else:
            repaired = True
    add(pieces[-1])
    expected_x = [n for n, i in numbers.items() if tokens[i].kind == OPAQUE]
    expected_g = [n for n, i in numbers.items() if tokens[i].kind == OPEN]
    # ... and exactly once (every close popped its open, so the opens say it all)
    if stack or sorted(seen_open) != sorted(expected_g):
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
    if markdown and source is not None:
        if empty_span:
            return None
        return (mend_edge_whitespace(items, unit, source) if edge_space else items), repaired
    return items, repaired


#: the translation so far ends where a sentence starts (nothing yet, or after ``.``, ``?``...)
_OPENERS = '¿¡«“"(['
#: how far back a sentence start is looked for: the whitespace and opening marks before a span
TAIL = 256


def opens_sentence(before: str) -> bool:
    """Whether text ending with ``before`` is at a sentence start: nothing but whitespace and
    opening marks, or those after a sentence end and a space. Only the last :data:`TAIL`
    characters are read (a sentence's first span would otherwise rescan all before it)."""
    end = len(before)
    stop = max(0, end - TAIL)
    while end > stop and (before[end - 1].isspace() or before[end - 1] in _OPENERS):
        end -= 1
    return end == stop or (before[end - 1] in ".!?…" and before[end : end + 1].isspace())


_LETTER = re.compile(r"[^\W\d_]")


def match_case_after(piece: str, unit: Unit, placeholder: tuple[str, int], text: str, before: str = "") -> str:
    """Engines capitalise the word after a placeholder as if a sentence started there; undo
    that when the source continued in lower case after the same placeholder. A span that
    opens a sentence of the translation (``before`` ends with the text so far) keeps the case its
    first letter had at a sentence start of the source, and one moved there from inside a
    sentence takes a capital when the source's sentences start with one ("Does it **work**?"
    -> "**Funciona**?", "Install it. **npm** runs" keeps its "npm")."""
    kind, number = placeholder
    index = unit.numbers.get(number)
    if index is None:
        return piece
    if kind == "open" and opens_sentence(before):
        word, opened = _LETTER.search(piece), unit.tokens[index]
        at_start = opens_sentence(text[max(0, opened.start - TAIL) : opened.start])
        source = _LETTER.search(text, opened.end if at_start else 0)  # (no copy of the rest of the text)
        if word is None or source is None or piece[: word.start()].strip():
            return piece
        letter = word.group().upper() if source.group().isupper() else word.group().lower() if at_start else word.group()
        return piece[: word.start()] + letter + piece[word.end() :]
    stripped = piece.lstrip()
    if not (len(stripped) > 1 and stripped[0].isupper() and stripped[1].islower()):
        return piece  # no capitalised word to undo
    token = unit.tokens[index]
    if kind == "close":  # the text after a closing tag follows the CLOSE token
        index = unit.close_index.get(token.group, index)
    if index + 1 >= len(unit.tokens) or unit.tokens[index + 1].kind != TEXT:
        return piece
    source_next = text[unit.tokens[index + 1].start : unit.tokens[index + 1].end].lstrip()
    if source_next[:1].islower():
        return piece[: len(piece) - len(stripped)] + stripped[0].lower() + stripped[1:]
    return piece


#: punctuation that takes no space on its inner side when whitespace is moved next to it
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}»”’…")
_NO_SPACE_AFTER = frozenset("([{¿¡«“‘")


def _source_space(unit: Unit, text: str, index: int, after: bool) -> bool:
    """Whether the source itself has whitespace just inside the paired token at ``index``."""
    neighbour = index + 1 if after else index - 1
    if not 0 <= neighbour < len(unit.tokens) or unit.tokens[neighbour].kind != TEXT:
        return False
    token = unit.tokens[neighbour]
    piece = text[token.start : token.end]
    return bool(piece) and (piece[0] if after else piece[-1]).isspace()


def mend_edge_whitespace(items: Items, unit: Unit, text: str) -> Items:
    """Whitespace an engine put just inside paired markup (``<g1> obran</g1>``) moved outside
    it: CommonMark reads ``** obran**`` as two literal asterisks, not emphasis."""
    out: list = list(items)  # str pieces and placeholder tuples; the checks below tell which
    marks = [i for i, item in enumerate(out) if isinstance(item, tuple) and item[0] != "x"]  # only strings change below
    moved = True
    while moved:
        moved = False
        for i in marks:
            item = out[i]
            if item[0] == "open" and isinstance(out[i + 1], str) and out[i + 1][:1].isspace() and not _source_space(unit, text, unit.numbers[item[1]], True):
                out[i + 1] = out[i + 1].lstrip()
                before = out[i - 1].rstrip()
                out[i - 1] = before + ("" if (i - 1 == 0 and not before) or before[-1:] in _NO_SPACE_AFTER and before else " ")
                moved = True
            elif item[0] == "close" and isinstance(out[i - 1], str) and out[i - 1][-1:].isspace():
                if _source_space(unit, text, unit.close_index[unit.tokens[unit.numbers[item[1]]].group], False):
                    continue
                out[i - 1] = out[i - 1].rstrip()
                at_end = i + 2 >= len(out) and not out[i + 1].strip()
                rest = out[i + 1].lstrip()
                out[i + 1] = "" if at_end else ("" if rest[:1] in _NO_SPACE_BEFORE and rest else " ") + rest
                moved = True
    return out
