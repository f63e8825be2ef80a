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
    "TranslationMemory": "memory",
    "CachedTranslator": "memory",
    "Glossary": "glossary",
    "load_glossary": "glossary",
    "detect_language": "langdetect",
    "Detection": "langdetect",
    "split_sentences": "sentences",
    "Translator": "translate",
    "TranslateOptions": "translate",
    "TranslationJob": "translate",
    "PostTranslation": "translate",
    "TranslationWarning": "translate",
    "translate_markdown": "translate",
    "translate_post": "translate",
    "prepare_translation": "translate",
    "extract_segments": "segments",
    "Segment": "segments",
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
