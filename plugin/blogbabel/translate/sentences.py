"""Sentence splitting that never loses a character, over the ``sentencex`` package.

Argos' own splitter downloads a model at run time (it fails offline), so the plugin splits
sentences itself. ``sentencex`` is rule-based, knows abbreviations per language and returns
each sentence with its trailing whitespace, so the pieces join back into the input.

sentencex 1.0.32 panics (a Rust ``PanicException``, which is a ``BaseException``) when a name
initial is followed by a multi-byte space ("D\\u00a0."). Wide spaces are therefore replaced by
plain spaces in the text it sees (same length in characters, so the pieces map back onto the
original), and a panic that still happens keeps the text as one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..languages import base_language

_WIDE_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


@lru_cache(maxsize=8192)
def _split(text: str, base: str) -> tuple[str, ...]:
    from sentencex import segment

    return tuple(piece for piece in segment(base, text) if piece)


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentences; ``"".join(result) == text`` always holds.

    Each sentence keeps its trailing whitespace. ``lang`` is a language code ("en", "es",
    "pt-BR"...); unknown languages get sentencex's generic rules. Empty text gives ``[]``.
    """
    if not text:
        return []
    base = base_language(lang or "en")
    probe = text if text.isascii() else _WIDE_SPACE.sub(" ", text)
    try:
        pieces = _split(probe, base)
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
