"""Markup carried across a plain-text translation by the engine's word alignment.

The *aligned* unit mode sends each sentence to the engine once, as plain text, and puts its
inline markup back afterwards, the way Mozilla's Bergamot translator moves HTML tags
(``src/translator/html.cpp``): every target word is hard-aligned to one source word, and markup
follows the words it was on.

* :func:`encode_unit` writes a sentence's tokens as an *aligned unit*: ``<gN>…</gN>`` around
  paired markup (link text, emphasis) and ``<xN>stand-in</xN>`` for each opaque token, where
  the stand-in is what the model reads in its place (:func:`stand_in`; empty for tags that
  render nothing). The unit text is also the translation-memory key.
* :func:`parse_unit` turns it into the plain text sent to the engine plus the markup's spans.
* An engine answers with an :class:`Alignment` (translation, word spans on both sides, one
  source word per target word); :func:`links_from_attention` builds one from subword pieces
  and an attention matrix (CTranslate2's ``return_attention``).
* :func:`blogbabel.translate.projection.project` writes the translation with ``<gN>``/``</gN>``/``<xN/>`` placeholders (what
  the renderer restores), or raises :class:`Unusable` when the alignment cannot carry the
  markup (nothing aligned, crossing spans, a span that would split a word); the caller then
  translates that sentence in fragments (:func:`fragments`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..markdown.inline import Token, with_placeholders

_UNIT_TAG = re.compile(r"<(/?)g(\d+)>|<x(\d+)>([^<]*)</x\1?\d*>")
_WORDISH = re.compile(r"[A-Za-z][A-Za-z0-9.+#-]{0,23}")
_PUNCT = re.compile(r"[^\w\s]+")
#: one HTML tag or comment, Liquid/Hugo logic, an attribute list: they render no text
_SILENT = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>|<!--.*-->|\{%.*%\}|\{:.*\}|\{#.*#\}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_WORD_PIECE_START = "\u2581"  # SentencePiece's word-start marker


class Unusable(ValueError):
    """The alignment cannot carry this sentence's markup (the message says why)."""


def stand_in(raw: str, token: Token, number: int, sentence: str = "") -> str:
    """What the model reads in place of an opaque token.

    Tags that render no text (HTML tags, ``{% %}`` logic, attribute lists, edge tokens) read as
    nothing and are placed between the words around them. A short word-like token (a name, an
    identifier, an emoji-free code span such as ``pip``) reads as itself: models copy names and
    identifiers, and the sentence stays natural. Anything else (URLs, long code, math) reads as
    a number, which models copy most reliably (``benchmarks/alignment_bench.py`` measures the
    copy rate of each choice on the installed model).
    """
    if token.note == "edge" or _SILENT.fullmatch(raw) or raw.startswith("[^"):
        return ""
    inner = raw.strip("`").strip() if raw.startswith("`") else _TAG.sub("", raw).strip()
    if token.note == "term" or _WORDISH.fullmatch(inner):
        return inner
    value = 40 + number
    while re.search(rf"(?<!\d){value}(?!\d)", sentence):  # never a number the sentence has
        value += 100
    return str(value)


def encode_unit(text: str, tokens: Sequence[Token]) -> tuple[str, dict[int, int]]:
    """The aligned unit of ``tokens`` over ``text`` and placeholder number -> token index
    (numbered as :func:`blogbabel.markdown.inline.with_placeholders` numbers them)."""

    def opaque(token: Token, number: int) -> str:
        return f"<x{number}>{stand_in(text[token.start : token.end], token, number, text)}</x{number}>"

    return with_placeholders(text, tokens, opaque, lambda prose: prose.replace("<", "\u2039"))


@dataclass(frozen=True)
class Mark:
    """A piece of markup in the plain text: a pair ``<gN>`` over ``[start, end)`` or an opaque
    ``<xN/>`` read as ``plain[start:end]`` (empty: it sits between words)."""

    kind: str  # "g" or "x"
    number: int
    start: int
    end: int
    inside: frozenset[int] = frozenset()  # the pairs this mark is nested in


@dataclass(frozen=True)
class MarkedText:
    """An aligned unit's plain text and its markup."""

    plain: str
    marks: tuple[Mark, ...]


def parse_unit(unit: str) -> MarkedText:
    """Plain text of an aligned unit (what the engine translates) and where its markup was."""
    plain: list[str] = []
    length = 0
    marks: list[Mark] = []
    opened: dict[int, tuple[int, frozenset[int]]] = {}
    stack: list[int] = []
    pos = 0
    for match in _UNIT_TAG.finditer(unit):
        piece = unit[pos : match.start()].replace("\u2039", "<")
        plain.append(piece)
        length += len(piece)
        pos = match.end()
        if match.group(3):
            standing = match.group(4)
            marks.append(Mark("x", int(match.group(3)), length, length + len(standing), frozenset(stack)))
            plain.append(standing)
            length += len(standing)
        elif match.group(1):
            number = int(match.group(2))
            start, inside = opened.pop(number, (length, frozenset()))
            if number in stack:
                stack.remove(number)
            marks.append(Mark("g", number, start, length, inside))
        else:
            number = int(match.group(2))
            opened[number] = (length, frozenset(stack))
            stack.append(number)
    plain.append(unit[pos:].replace("\u2039", "<"))
    return MarkedText("".join(plain), tuple(sorted(marks, key=lambda m: (m.start, -m.end, m.number))))


def fragments(unit: str) -> list[str | tuple[str]]:
    """The unit cut at its markup, for fragment-mode translation: plain pieces (str) to
    translate and placeholders (1-tuples, ``("<g1>",)``) to keep as they are."""
    out: list[str | tuple[str]] = []
    pos = 0
    for match in _UNIT_TAG.finditer(unit):
        out.append(unit[pos : match.start()].replace("\u2039", "<"))
        out.append((f"<x{match.group(3)}/>",) if match.group(3) else (match.group(0),))
        pos = match.end()
    out.append(unit[pos:].replace("\u2039", "<"))
    return [piece for piece in out if piece != ""]


# ----------------------------------------------------------------------------- engine answers


@dataclass(frozen=True)
class Alignment:
    """A sentence as an alignment-exposing engine translated it.

    ``source_words``/``target_words`` are ``(start, end)`` character spans in the source and
    in :attr:`text`; ``links[t]`` is the source word target word ``t`` is aligned to (None:
    unaligned); ``score`` is the model's mean log-probability per token, when it has one."""

    text: str
    source_words: tuple[tuple[int, int], ...]
    target_words: tuple[tuple[int, int], ...]
    links: tuple[int | None, ...]
    score: float | None = None


def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Words of ``text``: runs of word characters, each run of punctuation its own word."""
    return tuple((m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]+", text))


def is_punct(text: str) -> bool:
    return bool(_PUNCT.fullmatch(text))


def _piece_words(pieces: Sequence[str]) -> list[int]:
    """Word index of each SentencePiece piece: a word starts at ``▁``, at a punctuation
    piece and right after one (Bergamot's continuation rule)."""
    words: list[int] = []
    current = -1
    previous = ""
    for piece in pieces:
        body = piece.lstrip(_WORD_PIECE_START)
        starts = piece.startswith(_WORD_PIECE_START) or current < 0 or is_punct(body) or is_punct(previous)
        if previous == _WORD_PIECE_START:  # a lone "▁" piece glues to the next one
            starts = False
        current += starts
        words.append(current)
        previous = body if body else piece
    return words


def links_from_attention(
    source_text: str,
    source_pieces: Sequence[tuple[str, int, int]],
    target_text: str,
    target_pieces: Sequence[tuple[str, int, int]],
    attention: Sequence[Sequence[float]],
    score: float | None = None,
) -> Alignment:
    """An :class:`Alignment` from subword pieces (``(piece, start, end)`` character spans) and
    an attention matrix (one row per target piece, one column per source piece; extra columns
    such as ``</s>`` are ignored).

    Pieces are merged into words; each target word takes the source word that receives most of
    its pieces' attention, preferring a word of its own class (punctuation to punctuation). A
    target word written exactly like a single source word (a name, a number, a copied code
    word) is linked to it whatever the attention says."""
    source_ids = _piece_words([p for p, _, _ in source_pieces])
    target_ids = _piece_words([p for p, _, _ in target_pieces])
    source_words = _trimmed(source_text, _merge_spans(source_pieces, source_ids))
    target_words = _trimmed(target_text, _merge_spans(target_pieces, target_ids))
    mass = [[0.0] * len(source_words) for _ in target_words]
    for row, target_word in zip(attention, target_ids):
        for column, source_word in enumerate(source_ids):
            if column < len(row):
                mass[target_word][source_word] += float(row[column])
    source_texts = [source_text[a:b] for a, b in source_words]
    links: list[int | None] = []
    for t, (a, b) in enumerate(target_words):
        word = target_text[a:b]
        same = [i for i, s in enumerate(source_texts) if s == word and len(word) > 1]
        if len(same) == 1:
            links.append(same[0])
            continue
        wanted = is_punct(word)
        candidates = [i for i, s in enumerate(source_texts) if is_punct(s) == wanted] or list(range(len(source_words)))
        best = max(candidates, key=lambda i: mass[t][i], default=None)
        links.append(best if best is not None and mass[t][best] > 0 else None)
    return Alignment(target_text, tuple(source_words), tuple(target_words), tuple(links), score)


def compose(first: Alignment, second: Alignment) -> Alignment:
    """A pivot translation's alignment: ``second`` translated ``first.text``; each final word is
    linked through the pivot word it came from to the original source word."""
    through: list[int | None] = []
    for a, b in second.source_words:
        hits = [first.links[t] for t, (c, d) in enumerate(first.target_words) if c < b and d > a]
        through.append(next((h for h in hits if h is not None), None))
    links = tuple(through[link] if link is not None and link < len(through) else None for link in second.links)
    score = None if first.score is None or second.score is None else min(first.score, second.score)
    return Alignment(second.text, first.source_words, second.target_words, links, score)


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans without the whitespace SentencePiece attaches to a word's first piece."""
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        out.append((a, b))
    return out


def _merge_spans(pieces: Sequence[tuple[str, int, int]], ids: list[int]) -> list[tuple[int, int]]:
    spans: list[list[int]] = []
    for (_, start, end), word in zip(pieces, ids):
        if word == len(spans):
            spans.append([start, end])
        else:
            spans[word][1] = max(spans[word][1], end)
    return [(a, b) for a, b in spans]
