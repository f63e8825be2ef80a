"""Where in a Markdown post mojibake may be repaired.

A mask over the source marks what must stay byte-identical. Approach: everything starts
protected; prose is then opened up and the constructs inside prose protected again:

- front matter (``---`` YAML / ``+++`` TOML at the top): only string values open up, never
  keys; the block is never re-serialised.
- body: markdown-it-py block tokens give line ranges (``Token.map``). Lines of ``inline``
  tokens (paragraphs, headings, table cells, list items, quotes) and of HTML blocks open up;
  fenced and indented code, reference definitions and everything else stay protected.
- inside opened text we scan ourselves: code spans, autolinks, bare URLs, link
  destinations, HTML entities, HTML tags (their ``alt``/``title`` values open up again),
  HTML comments and ``<pre>/<code>/<script>/<style>`` elements, Liquid ``{% %}``/``{{ }}``
  (``raw``/``highlight``/``comment`` blocks whole) and Hugo ``{{< >}}``/``{{% %}}``.

Line offsets come from splitting on ``\\r\\n|\\r|\\n``, the way markdown-it counts lines.
"""

from __future__ import annotations

import re

from ..markdown.blocks import parse as parse_blocks
from ..markdown.frontmatter import Header
from ..markdown.inline import TEXT, InlineOptions, tokenize
from ..markdown.patterns import DEFAULT_CODE_TAGS, template_spans
from ..markdown.patterns import ENTITY as _ENTITY
from ..markdown.sourcemap import line_starts

_HTML_TAG = re.compile(r"""</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_PROSE_ATTRIBUTE = re.compile(r"""\b(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_RAW_ELEMENT = re.compile(r"<(pre|code|kbd|samp|script|style|textarea|svg|math)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'`)\]]+", re.IGNORECASE)


class _Mask:
    def __init__(self, size: int):
        self.protected = bytearray(b"\x01") * size

    def protect(self, start: int, end: int) -> None:
        self.protected[start:end] = b"\x01" * (end - start)

    def open(self, start: int, end: int) -> None:
        self.protected[start:end] = b"\x00" * (end - start)

    def spans(self) -> list[tuple[int, int]]:
        """The open (cleanable) ranges."""
        return [m.span() for m in re.finditer(rb"\x00+", bytes(self.protected))]


def _open_html(text: str, mask: _Mask, start: int, end: int) -> None:
    """Open the text of raw HTML between ``start`` and ``end``: the runs between tags and the
    values of alt/title attributes."""
    mask.open(start, end)
    for match in _HTML_TAG.finditer(text, start, end):
        mask.protect(*match.span())
        for attribute in _PROSE_ATTRIBUTE.finditer(text, match.start(), match.end()):
            group = 1 if attribute.group(1) is not None else 2
            mask.open(*attribute.span(group))
    for pattern in (_COMMENT, _RAW_ELEMENT):
        for match in pattern.finditer(text, start, end):
            mask.protect(*match.span())


def _protect_inline(text: str, mask: _Mask, start: int, end: int, options: InlineOptions) -> None:
    """Open Markdown text between ``start`` and ``end`` and protect what the inline tokenizer
    protects (the one definition: code, math, URLs, tags, templates, attribute lists...),
    opening again the prose inside (alt texts, titles, prose attributes and parameters)."""
    mask.open(start, end)
    for token in tokenize(text[start:end], options=options):
        if token.kind != TEXT and token.note != "emoji":  # mojibake often ends in "©"
            mask.protect(start + token.start, start + token.end)
            for child in token.children:
                _protect_inline(text, mask, start + child.start, start + child.end, options)


def cleanable_spans(text: str, header: Header, code_tags: tuple[str, ...] = DEFAULT_CODE_TAGS) -> tuple[list[tuple[int, int]], list[str]]:
    """The ranges of ``text`` (a whole post whose front matter is ``header``) that are prose,
    and notes about what was left alone (e.g. front matter that could not be parsed).
    ``code_tags`` are the paired template tags whose content is code (a site's own included)."""
    notes: list[str] = []
    mask = _Mask(len(text))
    body_start = header.body_start
    if header.format == "yaml" and not header.valid:
        notes.append("front matter is not valid YAML: left as it is")
    for a, b in header.prose_spans:
        mask.open(a, b)
    body = text[body_start:]
    starts = [body_start + start for start in line_starts(body)] + [len(text)]
    tokens, _, _ = parse_blocks(body, code_tags)
    options = InlineOptions(code_tags=code_tags)
    for token in tokens:
        if not token.map or token.type not in ("inline", "html_block"):
            continue
        a = starts[token.map[0]]
        b = starts[min(token.map[1], len(starts) - 1)]
        if token.type == "html_block":
            _open_html(text, mask, a, b)
        else:
            _protect_inline(text, mask, a, b, options)
    for span in template_spans(text, code_tags, start=body_start):
        mask.protect(*span)
    # only the prose of front matter values: templates inside them stay too
    for span in template_spans(text, code_tags, end=body_start):
        mask.protect(*span)
    for pattern in (_URL, _ENTITY):
        for match in pattern.finditer(text, 0, body_start):
            mask.protect(*match.span())
    return mask.spans(), notes
