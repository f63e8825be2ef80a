"""What the block parser finds: runs of translatable text, and what it had to leave alone."""

from __future__ import annotations

from dataclasses import dataclass

from .sourcemap import Slice
from .tokens import MARKDOWN, Child


@dataclass
class BlockText:
    """A run of translatable text found in the body."""

    kind: str  # paragraph, heading, list_item, blockquote, table_cell, footnote, admonition_title, caption, html_text, alt, attribute, term, definition, shortcode, link_title
    slice: Slice
    mode: str = MARKDOWN  # MARKDOWN, HTML, or "attr:<quote>"/"title:<delim>" for a bare value
    children: tuple[Child, ...] = ()


@dataclass
class BlockIssue:
    line: int
    message: str
