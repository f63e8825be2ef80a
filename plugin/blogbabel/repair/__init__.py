"""Mojibake repair that beats plain ftfy on Markdown posts ("DalÃ" -> "Dalí", "ðŸŽ¨" -> "🎨").

Pure text in, text out: :func:`clean_text` for plain text, :func:`clean_markdown` for a whole
post (only prose, front matter string values, HTML text and alt/title attributes change).
"""

from __future__ import annotations

from .api import clean_markdown, clean_text
from .result import CleanResult, Fix

__all__ = ["CleanResult", "Fix", "clean_markdown", "clean_text"]
