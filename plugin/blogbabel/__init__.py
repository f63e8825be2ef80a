"""blogbabel: repair mojibake and translate Markdown blog posts offline.

The public API is imported lazily so ``import blogbabel`` stays cheap and the CLI starts
fast; heavy dependencies (CTranslate2, wordfreq) load only when used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS = {
    "build_site": "site",
    "BuildConfig": "site",
    "BuildReport": "site",
    "BlogbabelError": "errors",
    "InputError": "errors",
    "FrontMatterError": "errors",
    "ConfigError": "errors",
    "BackendError": "errors",
    "BackendUnavailableError": "errors",
    "get_backend": "backends",
    "available_backends": "backends",
    "TranslationMemory": "backends.memory",
    "CachedTranslator": "backends.memory",
    "Glossary": "translate.glossary",
    "load_glossary": "translate.glossary",
    "detect_language": "site.langdetect",
    "Detection": "site.langdetect",
    "split_sentences": "translate.sentences",
    "Translator": "translate.job",
    "TranslateOptions": "translate.job",
    "TranslationJob": "translate.job",
    "PostTranslation": "translate.job",
    "TranslationWarning": "translate.job",
    "translate_markdown": "translate.job",
    "translate_post": "translate.job",
    "prepare_translation": "translate.job",
    "extract_segments": "markdown.segments",
    "Segment": "markdown.segments",
    "clean_text": "repair",
    "clean_markdown": "repair",
    "CleanResult": "repair",
    "Fix": "repair",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'blogbabel' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover
    from .errors import *  # noqa: F401,F403
