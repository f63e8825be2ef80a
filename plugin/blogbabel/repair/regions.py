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
from ..markdown.inline import AUTOLINK as _AUTOLINK
from ..markdown.inline import ENTITY as _ENTITY
from ..markdown.inline import TEMPLATE as _TEMPLATE
from ..markdown.inline import TEMPLATE_BLOCK as _TEMPLATE_BLOCK

_NEWLINE = re.compile(r"\r\n|\r|\n")
_FM_OPEN = {"---": "yaml", "+++": "toml"}
_HTML_TAG = re.compile(r"""</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_PROSE_ATTRIBUTE = re.compile(r"""\b(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_RAW_ELEMENT = re.compile(r"<(pre|code|kbd|samp|script|style|textarea|svg|math)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'`)\]]+", re.IGNORECASE)
_LINK_DESTINATION = re.compile(r"\]\(\s*(?:<[^>\n]*>|[^\s)]*)")
_LANG_KEY = re.compile(r"""^(?:lang|language|locale)\s*[:=]\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?["']?\s*$""", re.MULTILINE)


def _line_starts(text: str, base: int = 0) -> list[int]:
    starts = [base]
    starts.extend(base + m.end() for m in _NEWLINE.finditer(text))
    return starts


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


def front_matter_bounds(text: str) -> tuple[str | None, int, int, int]:
    """(format, content start, content end, body start) of the front matter at the top of
    ``text``; format None (and zeros) when there is none or it is never closed."""
    first = _NEWLINE.search(text)
    if first is None:
        return None, 0, 0, 0
    fmt = _FM_OPEN.get(text[: first.start()].lstrip("\ufeff").rstrip(" \t"))
    if fmt is None:
        return None, 0, 0, 0
    closers = ("---", "...") if fmt == "yaml" else ("+++",)
    pos = first.end()
    for match in [*_NEWLINE.finditer(text, pos), None]:
        line_end = match.start() if match else len(text)
        if text[pos:line_end].rstrip(" \t") in closers:
            return fmt, first.end(), pos, match.end() if match else len(text)
        if match is None:
            break
        pos = match.end()
    return None, 0, 0, 0


def front_matter_language(text: str) -> str | None:
    """The ``lang``/``language``/``locale`` declared in the front matter, if any."""
    fmt, start, end, _ = front_matter_bounds(text)
    if fmt is None:
        return None
    match = _LANG_KEY.search(text, start, end)
    return match.group(1).lower() if match else None


def _yaml_values(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """Spans of the string values (not keys) of the YAML between ``start`` and ``end``."""
    import yaml

    content = text[start:end]
    # PyYAML refuses C1 controls and other non-printables (which mojibake has): parse a copy
    # with them replaced one for one, so offsets stay the same
    printable = re.sub("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "?", content)
    try:
        root = yaml.compose(printable, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    spans: list[tuple[int, int]] = []

    def value(node) -> None:
        if isinstance(node, yaml.ScalarNode):
            if node.tag != "tag:yaml.org,2002:str":
                return
            a, b = node.start_mark.index, node.end_mark.index
            if node.style in ('"', "'"):
                a, b = a + 1, b - 1
            elif node.style in ("|", ">"):
                newline = content.find("\n", a)
                a = b if newline < 0 else newline + 1
            if a < b:
                spans.append((start + a, start + b))
        elif isinstance(node, yaml.MappingNode):
            for _key, child in node.value:
                value(child)
        elif isinstance(node, yaml.SequenceNode):
            for child in node.value:
                value(child)

    if root is not None:
        value(root)
    return spans


_TOML_STRING = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*')


def _toml_values(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the string values of the TOML between ``start`` and ``end`` (keys, quoted or
    not, and table headers are left out)."""
    spans = []
    for match in _TOML_STRING.finditer(text, start, end):
        token = match.group()
        if token.startswith("#"):
            continue
        after = text[match.end():end].lstrip(" \t")
        line_start = text.rfind("\n", start, match.start()) + 1
        before = text[line_start:match.start()]
        if after.startswith(("=", ".")) or before.lstrip().startswith("["):
            if "=" not in before:  # a key or a table header
                continue
        quote = 3 if token[:3] in ('"""', "'''") else 1
        spans.append((match.start() + quote, match.end() - quote))
    return spans


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


def _protect_inline(text: str, mask: _Mask, start: int, end: int) -> None:
    """Protect the inline constructs of Markdown text between ``start`` and ``end``."""
    _open_html(text, mask, start, end)
    for pattern in (_CODE_SPAN, _AUTOLINK, _LINK_DESTINATION, _URL, _ENTITY):
        for match in pattern.finditer(text, start, end):
            mask.protect(*match.span())


def cleanable_spans(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The ranges of ``text`` (a whole post) that are prose, and notes about what was left
    alone (e.g. front matter that could not be parsed)."""
    notes: list[str] = []
    mask = _Mask(len(text))
    fmt, content_start, content_end, body_start = front_matter_bounds(text)
    values: list[tuple[int, int]] | None = []
    if fmt == "yaml":
        values = _yaml_values(text, content_start, content_end)
        if values is None:
            notes.append("front matter is not valid YAML: left as it is")
    elif fmt == "toml":
        values = _toml_values(text, content_start, content_end)
    for a, b in values or ():
        mask.open(a, b)
    body = text[body_start:]
    starts = _line_starts(body, body_start) + [len(text)]
    tokens, _ = parse_blocks(body)
    for token in tokens:
        if not token.map or token.type not in ("inline", "html_block"):
            continue
        a = starts[token.map[0]]
        b = starts[min(token.map[1], len(starts) - 1)]
        if token.type == "html_block":
            _open_html(text, mask, a, b)
        else:
            _protect_inline(text, mask, a, b)
    for pattern in (_TEMPLATE_BLOCK, _TEMPLATE):
        for match in pattern.finditer(text, body_start):
            mask.protect(*match.span())
    # only the prose of front matter values: templates inside them stay too
    for pattern in (_TEMPLATE, _URL, _ENTITY):
        for match in pattern.finditer(text, 0, body_start):
            mask.protect(*match.span())
    return mask.spans(), notes
