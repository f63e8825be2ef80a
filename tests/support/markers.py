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
