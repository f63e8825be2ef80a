"""Translatable pieces of raw HTML blocks: text runs between block-level tags, and the
prose attributes (alt, title, aria-label, placeholder) of block-level tags."""

from __future__ import annotations

import re
from collections.abc import Iterator
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


@lru_cache(maxsize=64)
def _raw_close(name: str) -> re.Pattern:
    return re.compile(rf"</{name}\s*>", re.IGNORECASE)


def html_runs(text_slice: Slice, options: InlineOptions = DEFAULT_OPTIONS) -> Iterator[BlockText]:
    """Translatable pieces of raw HTML: text runs between block-level tags, and the
    alt/title/aria-label/placeholder attributes of block-level tags."""
    text = text_slice.text
    stack: list[str] = []
    run_start = 0
    pos = 0
    tag_pattern = _TAG_START
    templates: Templates | None = None  # made at the first template tag (most blocks have none)

    def finish_run(end: int) -> Iterator[BlockText]:
        a, b = run_start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            kind = _CAPTION_KINDS.get(stack[-1], "html_text") if stack else "html_text"
            if kind == "caption" and "\n" not in text[run_start:a] and "\n" not in text[b:end]:
                a, b = run_start, end  # captions own their inner spaces (trimmed when translated)
            yield BlockText(kind, text_slice.sub(a, b), HTML)

    while True:
        match = tag_pattern.search(text, pos)
        if match is None:
            break
        start = match.start()
        if text.startswith("<!--", start):
            yield from finish_run(start)
            run_start = pos = match.end()
            continue
        if text[start] == "{":
            if templates is None:
                templates = Templates(text, code_tag_pattern(options.code_tags))
            end = templates.end(start)
            pos = end if end > 0 else start + 1
            continue
        tag = HTML_TAG.match(text, start)
        if tag is None:
            pos = start + 1
            continue
        whole = tag.group()
        name = whole[1:].lstrip("/").split(None, 1)[0].rstrip(">/").lower() if whole[1:2] not in "!?" else ""
        closing = whole.startswith("</")
        self_closing = whole.endswith("/>")
        end = tag.end()
        if name in RAW_CONTENT_ELEMENTS and not closing and not self_closing:
            close = _raw_close(name).search(text, end)
            end = close.end() if close else len(text)
            if name in {"pre", "script", "style", "textarea", "svg", "math"}:
                yield from finish_run(start)
                run_start = end
            pos = end
            continue
        if name in BLOCK_ELEMENTS:
            yield from finish_run(start)
            for child in html_tag_children(text, start, tag.end(), options):
                yield BlockText(child.kind, text_slice.sub(child.start, child.end), child.context)
            if closing:
                if name in stack:
                    del stack[len(stack) - 1 - stack[::-1].index(name) :]
            elif not self_closing:
                stack.append(name)
            run_start = tag.end()
        pos = end
    yield from finish_run(len(text))
