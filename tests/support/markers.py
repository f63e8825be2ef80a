"""Test translators for the structure invariants (issue: identity and marker translators).

They are deliberately simple and deterministic; real engines live in blogbabel.backends.
"""

from __future__ import annotations

import re


class IdentityTranslator:
    """Returns every text unchanged (the byte-for-byte round-trip invariant)."""

    def __init__(self, preserves_markup: bool = True):
        self.preserves_markup = preserves_markup
        self.calls: list[list[str]] = []

    def translate_batch(self, texts, source, target):
        self.calls.append(list(texts))
        return list(texts)


class MarkerTranslator:
    """Wraps each unit as «…» so every translated sentence is visible in the output."""

    def __init__(self, preserves_markup: bool = True):
        self.preserves_markup = preserves_markup
        self.calls: list[list[str]] = []

    def translate_batch(self, texts, source, target):
        self.calls.append(list(texts))
        return [f"«{text}»" for text in texts]


class FunctionTranslator:
    """Applies ``function`` to each text (for mangling tests)."""

    def __init__(self, function, preserves_markup: bool = True):
        self.function = function
        self.preserves_markup = preserves_markup

    def translate_batch(self, texts, source, target):
        return [self.function(text) for text in texts]


MARKED = re.compile(r"«[^«»]*»")


class AlignedIdentityEngine:
    """An aligned-mode engine that returns each sentence unchanged, every word aligned to itself
    (the byte-for-byte round trip must survive the projection too)."""

    name = "aligned-identity"
    unit_mode = "aligned"

    def __init__(self, wrap: tuple[str, str] = ("", "")) -> None:
        self.wrap = wrap
        self.calls: list[list[str]] = []

    def translate_aligned(self, texts, source, target):
        from blogbabel.translate.align import Alignment, word_spans

        self.calls.append(list(texts))
        out = []
        for text in texts:
            words = word_spans(text)
            shift = len(self.wrap[0])
            target_words = tuple((a + shift, b + shift) for a, b in words)
            out.append(Alignment(self.wrap[0] + text + self.wrap[1], words, target_words, tuple(range(len(words)))))
        return out

    def translate_batch(self, texts, source, target):
        return [self.wrap[0] + text + self.wrap[1] for text in texts]


def aligned_marker_engine() -> AlignedIdentityEngine:
    """Wraps each sentence as «…», aligned word for word (the marker translator, aligned)."""
    return AlignedIdentityEngine(("«", "»"))
