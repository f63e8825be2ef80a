"""Emphasis delimiter runs paired with cmark's delimiter stack, in linear time.

CommonMark's flanking rules decide whether a run can open or close; a closer pairs with the
nearest opener of the same character and length (a simplified rule: runs of unequal length
stay prose, which is safe since prose is copied when unchanged). Openers between the pair are
dropped. Each (character, length) has its own stack, so a closer finds its opener at once and
every run is pushed and popped at most once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import regex as re

from .tokens import CLOSE, TEXT, Token

_PUNCT = re.compile(r"[\p{P}\p{S}]")


@lru_cache(maxsize=4096)
def _char_class(ch: str) -> int:
    """0 for whitespace (or the text's edge), 1 for punctuation, 2 for anything else."""
    if ch == "" or ch.isspace():
        return 0
    return 1 if _PUNCT.match(ch) else 2


@lru_cache(maxsize=16384)
def _flanking_of(ch: str, before: str, after: str) -> tuple[bool, bool]:
    b, a = _char_class(before), _char_class(after)
    left = a != 0 and (a != 1 or b != 2)
    right = b != 0 and (b != 1 or a != 2)
    if ch == "_":
        return left and (not right or b == 1), right and (not left or a == 1)
    return left, right


def resolve_emphasis(tokens: list[Token], runs: Sequence[int], text: str, group: int) -> int:
    """Pair the delimiter runs at token indices ``runs`` (in order): matched pairs become
    OPEN/CLOSE with fresh group numbers after ``group``, the rest TEXT. Returns the last group
    number used."""
    opened: list[int] = []  # token indices of openers still available, in order
    by_kind: dict[tuple[str, int], list[tuple[int, int]]] = {}  # kind -> (position in opened, token index)
    size = len(text)
    for index in runs:
        token = tokens[index]
        start, end = token.start, token.end
        can_open, can_close = _flanking_of(text[start], text[start - 1] if start else "", text[end] if end < size else "")
        kind = (text[start], end - start)
        stack = by_kind.get(kind)
        if can_close and stack:
            while stack and (stack[-1][0] >= len(opened) or opened[stack[-1][0]] != stack[-1][1]):
                stack.pop()  # dropped when a pair around it closed
            if stack:
                position, opener = stack.pop()
                for dropped in opened[position + 1 :]:
                    tokens[dropped].kind, tokens[dropped].group = TEXT, -1
                del opened[position:]
                group += 1
                tokens[opener].group = group
                token.kind, token.group = CLOSE, group
                continue
        if can_open:
            if stack is None:
                stack = by_kind[kind] = []
            stack.append((len(opened), index))
            opened.append(index)
        else:
            token.kind, token.group = TEXT, -1
    for index in opened:
        tokens[index].kind, tokens[index].group = TEXT, -1
    return group
