"""Sentence splitting that never loses a character, over the ``sentencex`` package.

Argos' own splitter downloads a model at run time (it fails offline), so the plugin splits
sentences itself. ``sentencex`` is rule-based, knows abbreviations per language and returns
each sentence with its trailing whitespace, so the pieces join back into the input.

sentencex 1.0.32 panics (a Rust ``PanicException``, which is a ``BaseException``) when a name
initial is followed by a multi-byte space ("D\\u00a0."). Wide spaces are therefore replaced by
plain spaces in the text it sees (same length in characters, so the pieces map back onto the
original), and a panic that still happens keeps the text as one sentence.

sentencex looks for the closing mark of every quote-like character (`` ` ``, ``'``, ``«``…) up to
the end of the text, which is quadratic: 100,000 backticks took 4 s. A text with no character
that can end a sentence, or with such characters only at its very end, is therefore one
sentence without asking it, and a long text is split in pieces of about :data:`PIECE`
characters, each cut kept as a sentence boundary only where sentencex, reading the text around
it, puts one too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import regex

from ..languages import base_language

_WIDE_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
#: every character after which sentencex may end a sentence (a superset: line breaks, ellipses
#: and the Greek question mark included)
_MAY_END = regex.compile(r"[\p{Sentence_Terminal}\n…;\u037e]")
_ASCII_MAY_END = re.compile(r"[.!?\n;]")  # the same below U+0100 (Latin-1), with the faster stdlib module
#: what may follow the first such character of a text that is one sentence all the same (its
#: end marks, one closing quote, spaces; most captions, headings and table cells. sentencex cuts
#: before a closing bracket, between two closing quotes and between "." and "…")
_FINAL_MARKS = re.compile(r"(?:[.!?]+|…)[\"'”’»]?[ \t]*")
#: texts longer than this are split in pieces, each about PIECE characters long
LONG, PIECE = 8_000, 2_000
#: how much text on each side of a cut sentencex reads to say whether it is a boundary
_WINDOW = 300
_CUT = re.compile(r"[.!?…。！？]\S*\s+")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _split(text: str, base: str) -> tuple[str, ...]:
    pieces = tuple(filter(None, _sentencex()(base, text)))
    return joined_inside_words(pieces) if len(pieces) > 1 else pieces


def joined_inside_words(pieces: tuple[str, ...]) -> tuple[str, ...]:
    """``pieces`` with each cut between a period and a letter or digit joined back: sentencex
    cuts "Node.JS" and "ASP.NET" before the capital, but no sentence ends inside a word."""
    out = [pieces[0]]
    for piece in pieces[1:]:
        if out[-1].endswith(".") and piece[:1].isalnum():
            out[-1] += piece
        else:
            out.append(piece)
    return tuple(out)


@lru_cache(maxsize=1)
def _sentencex() -> Callable[[str, str], Iterable[str]]:
    """sentencex's splitter, imported on first use (the import loads its native library; an
    import statement in :func:`_split` would run Python's import machinery on every call)."""
    from sentencex import segment

    return segment


def _split_long(probe: str, base: str) -> tuple[str, ...]:
    """:func:`_split` of a long text, piece by piece (see the module docstring)."""
    out: list[str] = []
    start = 0
    while start < len(probe):
        cut = _cut_after(probe, start + PIECE)
        pieces = list(_split(probe[start:cut], base))
        if out and pieces and not _boundary_at(probe, start, base):
            out[-1] += pieces.pop(0)  # sentencex reads on across this cut: no boundary here
        out.extend(pieces)
        start = cut
    return tuple(out)


def _cut_after(probe: str, at: int) -> int:
    """Where a piece that should end near ``at`` ends: after the next sentence-ending mark and
    its spaces, else after the next space, else at ``at`` (the text's end at most)."""
    if at >= len(probe):
        return len(probe)
    for pattern in (_CUT, _SPACE):
        match = pattern.search(probe, at, at + PIECE)
        if match:
            return match.end()
    return at


def _boundary_at(probe: str, cut: int, base: str) -> bool:
    """Whether sentencex ends a sentence at ``cut``, reading :data:`_WINDOW` characters each side."""
    window_start = max(0, cut - _WINDOW)
    offset = window_start
    for piece in _split(probe[window_start : cut + _WINDOW], base):
        offset += len(piece)
        if offset >= cut:
            return offset == cut
    return False


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentences; ``"".join(result) == text`` always holds.

    Each sentence keeps its trailing whitespace. ``lang`` is a language code ("en", "es",
    "pt-BR"...); unknown languages get sentencex's generic rules. Empty text gives ``[]``.
    """
    return _split_sentences(text, base_language(lang or "en"))


def sentence_splitter(lang: str) -> Callable[[str], list[str]]:
    """:func:`split_sentences` for one language, as a function of the text alone."""
    base = base_language(lang or "en")

    def split(text: str) -> list[str]:  # (a closure: cheaper to call than a partial with a keyword)
        return _split_sentences(text, base)

    return split


def _split_sentences(text: str, base: str) -> list[str]:
    """:func:`split_sentences` with the language as sentencex names it."""
    if not text:
        return []
    is_ascii = text.isascii()
    # asked of the text itself: no wide space can end a sentence, and one among the final
    # marks only sends the text on to sentencex. A text of Latin-1 characters (most Western
    # European prose) can hold only the ASCII ones: the stdlib pattern, four times faster
    latin = is_ascii or len(text.encode("latin-1", "ignore")) == len(text)
    first_end = (_ASCII_MAY_END if latin else _MAY_END).search(text)
    if first_end is None or _FINAL_MARKS.fullmatch(text, first_end.start()):
        return [text]
    # (the only wide space below U+0100 is the no-break space: replaced without the pattern)
    probe = text if is_ascii else text.replace("\u00a0", " ") if latin else _WIDE_SPACE.sub(" ", text)
    try:
        pieces = _split(probe, base) if len(probe) <= LONG else _split_long(probe, base)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a splitter bug must never cost text: keep it as one sentence
        return [text]
    if "".join(pieces) != probe:
        return [text]
    if probe == text:
        return list(pieces)
    out, pos = [], 0
    for piece in pieces:
        out.append(text[pos : pos + len(piece)])
        pos += len(piece)
    return out


def translate_by_sentence(texts: Sequence[str], lang: str, translate_unique: Callable[[list[str]], Sequence[str | None]]) -> list[str | None]:
    """Translate ``texts`` sentence by sentence: each distinct sentence goes to
    ``translate_unique`` once (without its trailing whitespace, which is put back).

    ``translate_unique`` may answer ``None`` for a sentence it could not translate; every
    text holding such a sentence then comes back as ``None``.
    """
    pieces: list[list[tuple[str, str]]] = []  # per text: (sentence, trailing whitespace)
    for text in texts:
        sentences = []
        for sentence in split_sentences(text, lang):
            content = sentence.rstrip()
            sentences.append((content, sentence[len(content) :]))
        pieces.append(sentences)
    unique = list(dict.fromkeys(content for sentences in pieces for content, _ in sentences if content))
    translated = dict(zip(unique, translate_unique(unique))) if unique else {}
    out: list[str | None] = []
    for sentences in pieces:
        parts = [(translated[content] if content else "", trail) for content, trail in sentences]
        out.append(None if any(part is None for part, _ in parts) else "".join(str(part) + trail for part, trail in parts))
    return out
