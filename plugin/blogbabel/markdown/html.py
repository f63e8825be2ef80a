"""Translatable pieces of raw HTML blocks: text runs between block-level tags, and the
prose attributes (alt, title, aria-label, placeholder) of block-level tags."""

from __future__ import annotations

import re
from functools import lru_cache

from .blocktext import BlockText
from .inline import DEFAULT_OPTIONS, HTML, InlineOptions, html_tag_children
from .patterns import HTML_TAG, RAW_CONTENT_ELEMENTS, Templates, code_tag_pattern
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


_TAG_START = re.compile(r"<!--.*?-->|<[A-Za-z/!?]|\{\{|\{%", re.DOTALL)
_CAPTION_KINDS = {"figcaption": "caption", "td": "table_cell", "th": "table_cell"}
#: the elements whose content ends the run before them and is skipped whole (code, not prose)
_SKIPPED_CONTENT = frozenset({"pre", "script", "style", "textarea", "svg", "math"})


@lru_cache(maxsize=64)
def _raw_close(name: str) -> re.Pattern:
    return re.compile(rf"</{name}\s*>", re.IGNORECASE)


def _tag_name(tag: re.Match) -> str:
    """Lower-cased element name of an :data:`~.patterns.HTML_TAG` match ("" for comments,
    declarations, processing instructions and CDATA)."""
    name = tag["name"]
    if name is not None:  # an opening tag
        return name.lower()
    whole = tag.group()
    if whole[1] != "/":
        return ""
    # a closing tag: ``</name>`` with optional white space before the ``>``
    return whole[2:].split(None, 1)[0].rstrip(">").lower()


def _text_run(text_slice: Slice, start: int, end: int, stack: list[str]) -> BlockText | None:
    """The text between two block-level tags, white space trimmed (None when there is none)."""
    text = text_slice.text
    piece = text[start:end]
    trimmed = piece.strip()
    if not trimmed:
        return None
    a = start + len(piece) - len(piece.lstrip())
    b = a + len(trimmed)
    kind = _CAPTION_KINDS.get(stack[-1], "html_text") if stack else "html_text"
    if kind == "caption" and text.find("\n", start, a) < 0 and text.find("\n", b, end) < 0:
        a, b = start, end  # captions own their inner spaces (trimmed when translated)
    return BlockText(kind, text_slice.sub(a, b), HTML)


def html_runs(text_slice: Slice, options: InlineOptions = DEFAULT_OPTIONS) -> list[BlockText]:
    """Translatable pieces of raw HTML: text runs between block-level tags, and the
    alt/title/aria-label/placeholder attributes of block-level tags."""
    text = text_slice.text
    found: list[BlockText] = []
    stack: list[str] = []
    run_start = 0
    pos = 0
    templates: Templates | None = None  # made at the first template tag (most blocks have none)

    def finish_run(end: int) -> None:
        run = _text_run(text_slice, run_start, end, stack)
        if run is not None:
            found.append(run)

    while True:
        match = _TAG_START.search(text, pos)
        if match is None:
            break
        start = match.start()
        if text[start] == "{":
            if templates is None:
                templates = Templates(text, code_tag_pattern(options.code_tags))
            end = templates.end(start)
            pos = end if end > 0 else start + 1
            continue
        if text.startswith("<!--", start):
            finish_run(start)
            run_start = pos = match.end()
            continue
        tag = HTML_TAG.match(text, start)
        if tag is None:
            pos = start + 1
            continue
        name = _tag_name(tag)
        end = tag.end()
        closing = text[start + 1] == "/"
        if name in RAW_CONTENT_ELEMENTS and not closing and text[end - 2] != "/":
            close = _raw_close(name).search(text, end)
            end = close.end() if close else len(text)
            if name in _SKIPPED_CONTENT:
                finish_run(start)
                run_start = end
            pos = end
            continue
        if name in BLOCK_ELEMENTS:
            finish_run(start)
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
    finish_run(len(text))
    return found
