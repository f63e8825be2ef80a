"""Translatable pieces of raw HTML blocks: text runs between block-level tags, and the
prose attributes (alt, title, aria-label, placeholder) of block-level tags."""

from __future__ import annotations

import re
from functools import lru_cache

from .blocktext import BlockText
from .inline import DEFAULT_OPTIONS, HTML, InlineOptions, html_tag_children
from .patterns import HTML_CLOSE_TAG, HTML_OPEN_TAG, RAW_CONTENT_ELEMENTS, Closers, Templates, code_tag_pattern
from .sourcemap import Slice

#: HTML elements that end a run of inline text inside an HTML block
BLOCK_ELEMENTS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "meta",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "section",
        "source",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
        "video",
        "audio",
        "picture",
    ]
)


#: where the scan stops: an HTML tag (or markup: ``<!--``, ``<!``, ``<?``), or a template tag;
#: a ``<`` that starts no tag is text
_TAG_START = re.compile(r"<[A-Za-z/!?]|\{\{|\{%")
#: how each kind of markup other than an element closes, and where the closer may start
#: (what :data:`~.patterns.HTML_TAG` matches: a declaration ``<!DOCTYPE x>`` ends at its first ``>``)
_MARKUP_CLOSERS = (("<![CDATA[", "]]>", 9), ("<!--", "-->", 4), ("<?", "?>", 2))
_DECLARATION_START = re.compile(r"<![A-Za-z]")
_CAPTION_KINDS = {"figcaption": "caption", "td": "table_cell", "th": "table_cell"}
#: the elements whose content ends the run before them and is skipped whole (code, not prose)
_SKIPPED_CONTENT = frozenset({"pre", "script", "style", "textarea", "svg", "math"})


@lru_cache(maxsize=64)
def _raw_close(name: str) -> re.Pattern:
    return re.compile(rf"</{name}\s*>", re.IGNORECASE)


def _markup_end(text: str, start: int, closers: Closers) -> int:
    """End of the comment, CDATA section, processing instruction or declaration at ``start``
    (-1 when it is not closed: it is text then). Closers are found with ``closers``: a post
    full of unclosed ``<!--`` takes linear time."""
    for opener, closer, skip in _MARKUP_CLOSERS:
        if text.startswith(opener, start):
            close = closers.find(closer, start + skip)
            return close + len(closer) if close >= 0 else -1
    if _DECLARATION_START.match(text, start):
        close = closers.find(">", start + 3)
        return close + 1 if close >= 0 else -1
    return -1


def _add_run(found: list[BlockText], text_slice: Slice, start: int, end: int, stack: list[str]) -> None:
    """Add the text between two block-level tags, white space trimmed (if there is any)."""
    text = text_slice.text
    piece = text[start:end]
    trimmed = piece.strip()
    if not trimmed:
        return
    a = start + len(piece) - len(piece.lstrip())
    b = a + len(trimmed)
    kind = _CAPTION_KINDS.get(stack[-1], "html_text") if stack else "html_text"
    if kind == "caption" and text.find("\n", start, a) < 0 and text.find("\n", b, end) < 0:
        a, b = start, end  # captions own their inner spaces (trimmed when translated)
    found.append(BlockText(kind, text_slice.sub(a, b), HTML))


def html_runs(text_slice: Slice, options: InlineOptions = DEFAULT_OPTIONS) -> list[BlockText]:
    """Translatable pieces of raw HTML: text runs between block-level tags, and the
    alt/title/aria-label/placeholder attributes of block-level tags."""
    text = text_slice.text
    found: list[BlockText] = []
    stack: list[str] = []
    run_start = 0
    pos = 0
    templates: Templates | None = None  # made at the first template tag (most blocks have none)
    while True:
        match = _TAG_START.search(text, pos)
        if match is None:
            break
        start = match.start()
        second = text[start + 1]
        if second in "{%":
            if templates is None:
                templates = Templates(text, code_tag_pattern(options.code_tags))
            end = templates.end(start)
            pos = end if end > 0 else start + 1
            continue
        if second in "!?":  # a comment, declaration, CDATA section or processing instruction
            if templates is None:  # (its closers serve here too)
                templates = Templates(text, code_tag_pattern(options.code_tags))
            end = _markup_end(text, start, templates.closers)
            if text.startswith("<!--", start):  # a comment ends the run (unclosed: at its ``<!``)
                if run_start < start:
                    _add_run(found, text_slice, run_start, start, stack)
                run_start = pos = end if end > 0 else start + 2
            else:
                pos = end if end > 0 else start + 1
            continue
        closing = second == "/"
        tag = (HTML_CLOSE_TAG if closing else HTML_OPEN_TAG).match(text, start)
        if tag is None:  # a ``<`` that opens no tag
            pos = start + 1
            continue
        end = tag.end()
        # a closing tag is ``</name>`` with optional white space before the ``>``
        name = text[start + 2 : end - 1].rstrip().lower() if closing else tag["name"].lower()
        if name in RAW_CONTENT_ELEMENTS and not closing and text[end - 2] != "/":
            close = _raw_close(name).search(text, end)
            end = close.end() if close else len(text)
            if name in _SKIPPED_CONTENT:
                if run_start < start:
                    _add_run(found, text_slice, run_start, start, stack)
                run_start = end
            pos = end
            continue
        if name in BLOCK_ELEMENTS:
            if run_start < start:  # (not two tags in a row)
                _add_run(found, text_slice, run_start, start, stack)
            if closing:  # (a closing tag has no attributes)
                if name in stack:
                    del stack[len(stack) - 1 - stack[::-1].index(name) :]
            else:
                for child in html_tag_children(text, start, end, options):
                    found.append(BlockText(child.kind, text_slice.sub(child.start, child.end), child.context))
                if text[end - 2] != "/":  # not self-closing
                    stack.append(name)
            run_start = end
        pos = end
    if run_start < len(text):
        _add_run(found, text_slice, run_start, len(text), stack)
    return found
