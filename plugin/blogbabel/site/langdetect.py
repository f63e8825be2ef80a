"""Offline language identification of a post, restricted to the languages the site uses.

py3langid ships its model; restricting it to the candidate languages makes it both faster
and far more accurate on short texts. Markdown noise (code, URLs, HTML tags, link targets,
front matter delimiters) is stripped first because it reads as English to any model.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import UnsupportedLanguageError

#: below this probability, or with fewer letters than MIN_LETTERS, a detection is unreliable
MIN_CONFIDENCE = 0.9
MIN_LETTERS = 12

_NOISE = [
    re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL),  # fenced code
    re.compile(r"^(?: {4}|\t).*$", re.MULTILINE),  # indented code
    re.compile(r"`[^`\n]*`"),  # code spans
    re.compile(r"<!--.*?-->", re.DOTALL),  # HTML comments
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<[^>\n]+>"),  # HTML tags
    re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+|\S+@\S+\.\w+"),  # URLs, e-mail addresses
    re.compile(r"&[#\w]+;"),  # entities
]

_identifier = None
_identifier_lock = threading.Lock()


@dataclass(frozen=True)
class Detection:
    lang: str
    confidence: float
    reliable: bool


def strip_markup(text: str) -> str:
    """``text`` without code, URLs, tags and other things that are not prose (template tags,
    code tags and snippet lines as markdown/patterns.py defines them)."""
    from ..markdown.patterns import code_line_spans, template_spans

    spans = sorted(template_spans(text) + code_line_spans(text))
    if spans:
        pieces, pos = [], 0
        for start, end in spans:
            if start >= pos:
                pieces.append(text[pos:start] + " ")
                pos = end
        text = "".join(pieces) + text[pos:]
    for pattern in _NOISE:
        text = pattern.sub(" ", text)
    return text


def _classify(text: str, candidates: tuple[str, ...]) -> tuple[str, float]:
    global _identifier
    with _identifier_lock:  # the identifier is stateful (set_languages)
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        try:
            _identifier.set_languages(list(candidates))
        except ValueError as exc:
            raise UnsupportedLanguageError(
                f"language detection does not know {', '.join(candidates)}: {exc}",
                hint="set the source language explicitly",
            ) from exc
        lang, confidence = _identifier.classify(text)
    return str(lang), float(confidence)


def detect_language(text: str, *, candidates: Sequence[str] = ("en", "es"), default: str = "en") -> Detection:
    """The most likely of ``candidates`` for ``text`` (a post, a caption).

    ``reliable`` is False for short or ambiguous text; the caller then warns and uses
    ``default`` (which is what ``lang`` holds in that case).
    """
    candidates = tuple(dict.fromkeys(candidates))
    if len(candidates) == 1:
        return Detection(candidates[0], 1.0, True)
    prose = strip_markup(text)
    letters = sum(ch.isalpha() for ch in prose)
    if letters == 0 or not candidates:
        return Detection(default, 0.0, False)
    lang, confidence = _classify(prose, candidates)
    if confidence < MIN_CONFIDENCE or letters < MIN_LETTERS:
        return Detection(default, confidence, False)
    return Detection(lang, confidence, True)
