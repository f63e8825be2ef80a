"""The ``identity`` backend: returns its input unchanged, for dry runs and tests.

It says so (``translates = False``), so callers can report "nothing was translated" and the
translation memory never stores its output. Every language pair is "installed".
"""

from __future__ import annotations

from collections.abc import Sequence

from .base import Backend, base_language


class IdentityBackend(Backend):
    """Returns the texts unchanged; keeps every placeholder by construction."""

    name = "identity"
    preserves_markup = True
    translates = False

    def __init__(self, **options: object) -> None:
        # Options meant for real engines (threads, device...) are accepted and ignored.
        self.options = options

    def supports(self, source: str, target: str) -> bool:
        return bool(base_language(source)) and bool(base_language(target))

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return list(texts)
