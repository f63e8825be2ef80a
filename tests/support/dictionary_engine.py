"""Deterministic engines that expose word alignments (helpers for the aligned-mode tests).

:class:`DictionaryEngine` translates English to Spanish word by word from a small dictionary
and moves an adjective after the noun it precedes (``the red car`` -> ``el coche rojo``), so
where each word goes is known exactly. :class:`NonsenseEngine` translates the same way but
returns alignments that cannot carry markup. Both record what they were sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from blogbabel.translate.align import Alignment

WORDS = {
    "the": "el", "a": "un", "red": "rojo", "big": "grande", "old": "viejo", "car": "coche",
    "house": "casa", "dog": "perro", "is": "es", "fast": "rápido", "see": "ver", "read": "lee",
    "docs": "documentos", "run": "ejecuta", "and": "y", "here": "aquí", "then": "luego",
    "with": "con", "my": "mi", "book": "libro", "new": "nuevo", "now": "ahora", "to": "a",
    "start": "empezar", "click": "pulsa", "page": "página", "this": "esta", "in": "en",
    "our": "nuestro", "blog": "blog", "painted": "pintó", "he": "él", "we": "nosotros",
    "wrote": "escribimos", "about": "sobre", "art": "arte", "guide": "guía", "very": "muy",
}
ADJECTIVES = {"red", "big", "old", "new", "fast"}
NOUNS = {"car", "house", "dog", "book", "page", "blog", "guide", "docs"}
_WORD = re.compile(r"\w+|[^\w\s]")


def _translate(text: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]], list[int]]:
    source = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    words = [text[a:b] for a, b in source]
    order = list(range(len(words)))
    for i in range(len(words) - 1):  # adjective before a noun goes after it
        if words[order[i]].lower() in ADJECTIVES and words[order[i + 1]].lower() in NOUNS:
            order[i], order[i + 1] = order[i + 1], order[i]
    out, spans, links = "", [], []
    for position, index in enumerate(order):
        word = words[index]
        translated = WORDS.get(word.lower(), word)
        if word[:1].isupper() and position == 0:
            translated = translated[:1].upper() + translated[1:]
        if out and (word.isalnum() or word in "([\"'"):
            out += " "
        spans.append((len(out), len(out) + len(translated)))
        links.append(index)
        out += translated
    return out, source, spans, links


class DictionaryEngine:
    """English -> Spanish word by word, adjectives after nouns; exposes its alignment."""

    name = "dictionary"
    unit_mode = "aligned"
    translates = True

    def __init__(self) -> None:
        self.aligned_calls: list[list[str]] = []
        self.plain_calls: list[list[str]] = []

    def identity_for(self, source: str, target: str) -> str:
        return "dictionary:1"

    def translate_aligned(self, texts: Sequence[str], source: str, target: str) -> list[Alignment]:
        self.aligned_calls.append(list(texts))
        out = []
        for text in texts:
            translated, source_words, target_words, links = _translate(text)
            out.append(Alignment(translated, tuple(source_words), tuple(target_words), tuple(links), score=-0.1 * len(links)))
        return out

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.plain_calls.append(list(texts))
        return [_translate(text)[0] for text in texts]


class NonsenseEngine(DictionaryEngine):
    """Translates like :class:`DictionaryEngine` but every target word is aligned backwards
    to a scrambled source word, or nothing is aligned at all for texts holding "nothing"."""

    name = "nonsense"

    def translate_aligned(self, texts: Sequence[str], source: str, target: str) -> list[Alignment]:
        good = super().translate_aligned(texts, source, target)
        out = []
        for text, alignment in zip(texts, good):
            count = len(alignment.source_words)
            scrambled = tuple((i * 7 + 3) % count for i in range(len(alignment.links)))
            links = tuple(None for _ in alignment.links) if "nothing" in text else scrambled
            out.append(Alignment(alignment.text, alignment.source_words, alignment.target_words, links, -9.0))
        return out
