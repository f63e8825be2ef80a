"""The parse-only copy of a body that markdown-it reads for block structure.

Liquid and Hugo run before Markdown, and some lines belong to other tools (MkDocs snippets,
MDX imports, ``:::`` fences of Docusaurus/MyST/Pandoc, kramdown ``markdown="1"`` tags), so
the block parser must not read them as Markdown. The copy has the same length and the same
line breaks as the body (every offset and line number holds in both):

- a template tag becomes ``x…x`` (line breaks kept; so ``[a]: {% post_url b %}`` is a reference
  definition, ``| {{ x | y }} |`` one table cell, ``<a {{% p %}} href=x>`` an HTML tag, and a
  tag in the middle of a paragraph stays in it even when a line of it starts with ``>}}``);
- code (pairs of :data:`~.patterns.DEFAULT_CODE_TAGS` such as ``{{< highlight >}}…``,
  snippet and import lines) and template tags that start a line and span lines become blank, keeping the container
  prefixes (``>``, indentation) of their lines: they are never translated; the prose
  parameters of a multi-line tag (``caption=``) or of a code pair's opening tag on a line of
  its own (``{{< tab name="Intel" codelang="bash" >}}``) still are, as a segment of their own;
- fence lines (``:::note[Title]``, ``/// tip | Title``) and ``<div markdown="1">`` lines become blank too, so what
  is between them is read as the Markdown it is, and so do abbreviation definitions
  (``*[HTML]: Hyper Text Markup Language``), whose expansions are segments of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .patterns import Templates, code_line_spans, code_tag_pattern

#: ``:::note``, ``:::tip[Title]``, ``::: warning Title``, ``:::{note} Title``, ``::: {.class}``
_COLON_FENCE = re.compile(
    r"^(?P<prefix>[ \t>]*):{3,}[ \t]*(?:\{[^}\n]*\}|[A-Za-z][\w-]*)?(?:\[(?P<bracket>[^\]\n]*)\]|[ \t]+(?P<title>[^\n{]*?))?[ \t]*\r?$",
    re.MULTILINE,
)
#: PyMdown Blocks (MkDocs Material, FastAPI's docs): ``/// tip | Title`` ... ``///``; only the
#: title is prose (the block's name is a keyword and its indented options are YAML)
_SLASH_FENCE = re.compile(r"^(?P<prefix>[ \t>]*)/{3,}[ \t]*(?:[A-Za-z][\w-]*(?:[ \t]*\|[ \t]*(?P<title>[^\n]*?))?)?[ \t]*\r?$", re.MULTILINE)
#: MyST directive options right after the fence line (``:class: tip``)
_DIRECTIVE_OPTION = re.compile(r"[ \t>]*:[\w-]+:[^\n]*")
_MARKDOWN_ATTRIBUTE_LINE = re.compile(r"^[ \t]*<[A-Za-z][\w-]*\b[^<>\n]*\bmarkdown\s*=\s*[\"']?(?:1|block|span)[\"']?[^<>\n]*>[ \t]*\r?$", re.MULTILINE)
#: an abbreviation definition (Python-Markdown's abbr, PHP Markdown Extra, kramdown):
#: ``*[HTML]: Hyper Text Markup Language``, one a line (joined, they would read as one paragraph)
_ABBREVIATION = re.compile(r"^[ \t>]*\*\[[^\]\n]+\]:[ \t]*(?P<expansion>[^\r\n]*?)[ \t]*\r?$", re.MULTILINE)
_PREFIX = re.compile(r"[ \t>]*")
_X = re.compile(r"[^\r\n]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class ParseCopy:
    text: str
    code: list[tuple[int, int]] = field(default_factory=list)  # never translated nor repaired
    shortcodes: list[tuple[int, int]] = field(default_factory=list)  # multi-line template tags, code pairs' openers
    titles: list[tuple[int, int]] = field(default_factory=list)  # fence titles (prose)
    abbreviations: list[tuple[int, int]] = field(default_factory=list)  # what abbreviations stand for (prose)


def _blank(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with everything but line breaks blanked; the lines after the first
    keep as many block-quote markers as the first line had before ``start`` (the container
    the construct sits in), so ``>}}`` starting a line is not read as a quote."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    before = text[line_start:start]
    depth = before.count(">") if _PREFIX.fullmatch(before) else 0
    keep = re.compile(r"(?:[ \t]*>){" + str(depth) + "}") if depth else None
    out = []
    for index, line in enumerate(_LINE.findall(text[start:end])):
        body = line.rstrip("\r\n")
        kept = keep.match(body).end() if index and keep is not None and keep.match(body) else 0  # type: ignore[union-attr]
        out.append(body[:kept] + " " * (len(body) - kept) + line[len(body) :])
    return "".join(out)


def _starts_line(text: str, pos: int) -> bool:
    line_start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    return bool(_PREFIX.fullmatch(text, line_start, pos))


def parse_copy(body: str, code_tags: Iterable[str]) -> ParseCopy:
    """The copy of ``body`` to parse (see the module docstring)."""
    if not any(ch in body for ch in "{:<-"):
        return ParseCopy(body)
    copy = ParseCopy(body)
    edits: list[tuple[int, int, str]] = []
    code_tags = tuple(code_tags)
    pattern = code_tag_pattern(code_tags)
    templates = Templates(body, pattern)
    pos = body.find("{")
    while pos >= 0:
        end = templates.tag_end(pos)
        if end < 0:
            pos = body.find("{", pos + 1)
            continue
        pair = templates.pair_end(pos, end)
        if pair > 0:
            copy.code.append((pos, pair))
            edits.append((pos, pair, "blank"))
            if "\n" in body[end:pair] and _starts_line(body, pos):  # a code block: its opening
                copy.shortcodes.append((pos, end))  # tag's prose parameters (a tab's name=) still are prose
            end = pair
        elif ("\n" in body[pos:end] or "\r" in body[pos:end]) and _starts_line(body, pos):
            copy.shortcodes.append((pos, end))
            edits.append((pos, end, "blank"))
        else:
            edits.append((pos, end, "x"))
        pos = body.find("{", end)
    # each scan below is skipped when the literal text its pattern needs is absent
    # only JSX components (capitalized names, ``<CodeBlock>``) are paired here: look for those alone
    if pattern is not None and any("<" + name in body for name in code_tags if name[:1].isupper()):
        for match in pattern.finditer(body):
            end = templates.jsx_pair_end(match.start()) if match["jsx"] else -1
            if end > 0:
                copy.code.append((match.start(), end))
                edits.append((match.start(), end, "blank"))
    for span in code_line_spans(body):
        copy.code.append(span)
        edits.append((*span, "blank"))
    for match in _COLON_FENCE.finditer(body) if ":::" in body else ():
        edits.append((match.start() + len(match["prefix"]), match.end(), "blank"))
        title = "bracket" if match["bracket"] is not None else "title"
        if match[title] and match[title].strip():
            copy.titles.append(match.span(title))
        option = _DIRECTIVE_OPTION.match(body, match.end() + 1) if body.startswith("\n", match.end()) else None
        while option is not None:
            edits.append((option.start(), option.end(), "blank"))
            option = _DIRECTIVE_OPTION.match(body, option.end() + 1) if body.startswith("\n", option.end()) else None
    for match in _SLASH_FENCE.finditer(body) if "///" in body else ():
        edits.append((match.start() + len(match["prefix"]), match.end(), "blank"))
        if match["title"] and match["title"].strip():
            copy.titles.append(match.span("title"))
    for match in _MARKDOWN_ATTRIBUTE_LINE.finditer(body) if "markdown" in body else ():
        edits.append((*match.span(), "blank"))
    for match in _ABBREVIATION.finditer(body) if "*[" in body else ():
        edits.append((*match.span(), "blank"))
        if match["expansion"].strip():
            copy.abbreviations.append(match.span("expansion"))
    copy.text = _apply(body, edits)
    copy.code.sort()
    return copy


def _apply(body: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, how in sorted(edits):
        if start < pos:  # inside an earlier edit
            continue
        out.append(body[pos:start])
        piece = _blank(body, start, end) if how == "blank" else _X.sub("x", body[start:end])
        out.append(piece)
        pos = end
    out.append(body[pos:])
    return "".join(out)
