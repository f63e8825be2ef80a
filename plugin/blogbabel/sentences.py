"""Sentence splitting that never loses a character, over the ``sentencex`` package.

Argos' own splitter downloads a model at run time (it fails offline), so the plugin splits
sentences itself. ``sentencex`` is rule-based, knows abbreviations per language and returns
each sentence with its trailing whitespace, so the pieces join back into the input.
"""

from __future__ import annotations


def split_sentences(text: str, lang: str) -> list[str]:
    """Split ``text`` into sentences; ``"".join(result) == text`` always holds.

    Each sentence keeps its trailing whitespace. ``lang`` is a language code ("en", "es",
    "pt-BR"...); unknown languages get sentencex's generic rules. Empty text gives ``[]``.
    """
    if not text:
        return []
    from sentencex import segment

    base = (lang or "en").replace("_", "-").split("-")[0].lower()
    try:
        pieces = [piece for piece in segment(base, text) if piece]
    except Exception:  # a splitter bug must never cost text: keep the whole text as one sentence
        return [text]
    if "".join(pieces) != text:
        return [text]
    return pieces
