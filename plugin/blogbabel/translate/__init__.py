"""Stage 2 of the pipeline: translating the segments of a post and splicing them back.

Pure text in, text out (``job``: units, placeholders, rendering and checking of engine answers;
``sentences``; ``glossary``). Engines are reached only through the ``Translator`` protocol.
"""

from .job import (
    PostTranslation,
    TranslateOptions,
    TranslationJob,
    TranslationWarning,
    Translator,
    prepare_translation,
    translate_markdown,
    translate_post,
)

__all__ = [
    "PostTranslation",
    "TranslateOptions",
    "TranslationJob",
    "TranslationWarning",
    "Translator",
    "prepare_translation",
    "translate_markdown",
    "translate_post",
]
