"""Block structure: where in the source each translatable block's text lies.

Approach (see design notes): markdown-it-py parses the body because its block tokens carry
line maps (mistune 3 tokens carry no positions). For each leaf block we take the line range
from the map and find each content line inside its source line as a suffix (container
prefixes such as ``> `` or list indentation come before it). When that does not hold (tabs
partly consumed by a container, exotic nesting) the block is left untouched and reported,
which keeps the output byte-identical rather than wrong.

MkDocs admonitions (``!!!``/``???``) come from mdit-py-plugins; content tabs (``=== "Tab"``)
are parsed as admonitions by substituting their same-length marker in a parse-only copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .inline import HTML, MARKDOWN, Child, html_tag_children
from .patterns import HTML_TAG, RAW_CONTENT_ELEMENTS, Templates
from .sourcemap import Slice, line_starts

#: HTML elements that end a run of inline text inside an HTML block
BLOCK_ELEMENTS = frozenset(
    """address article aside blockquote body caption center col colgroup dd details dialog dir div dl dt
    fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe
    legend li link main menu menuitem meta nav noframes ol optgroup option p param section source summary
    table tbody td tfoot th thead title tr track ul video audio picture""".split()
)
_TAB_MARKER = re.compile(r"^(\s*)===(?=[ \t]+\")", re.MULTILINE)
_ADMONITION_TITLE = re.compile(r'"(.*)"[^\s"]*[ \t]*$')
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")


@dataclass
class BlockText:
    """A run of translatable text found in the body."""

    kind: str  # paragraph, heading, list_item, blockquote, table_cell, footnote, admonition_title, caption, html_text, alt, attribute
    slice: Slice
    mode: str = MARKDOWN  # MARKDOWN, HTML, or "attr:<quote>" for a bare attribute value
    children: tuple[Child, ...] = ()


@dataclass
class BlockIssue:
    line: int
    message: str


#: markdown-it stops parsing below this many nested containers (the commonmark preset's 20
#: cut nested lists at the 9th level); deeper content is left as it is and reported
MAX_NESTING = 100


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"]).use(footnote_plugin).use(admon_plugin)
    # only block structure is needed: inline parsing (our tokenizer does it on the source) is off
    md.core.ruler.disable(["inline", "text_join"], ignoreInvalid=True)
    return md


def parse(body: str):
    """markdown-it tokens and env (reference definitions) of ``body``."""
    env: dict = {}
    tokens = _parser().parse(_TAB_MARKER.sub(r"\1!!!", body), env)
    return tokens, env


def references(env: dict) -> frozenset[str]:
    return frozenset(env.get("references", {}))


class _Lines:
    """Source lines of the body with absolute offsets."""

    def __init__(self, source: str, body_start: int):
        self.source = source
        starts = [body_start + s for s in line_starts(source[body_start:])]
        self.starts = starts
        self.ends = []
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(source)
            while end > start and source[end - 1] in "\r\n":
                end -= 1
            self.ends.append(end)

    def text(self, index: int) -> str:
        return self.source[self.starts[index]:self.ends[index]]


def _content_spans(lines: _Lines, first: int, content: str) -> list[tuple[int, int]] | None:
    """Source span of each line of ``content`` (lines from ``first``), or None if unmappable."""
    spans = []
    for offset, piece in enumerate(content.split("\n")):
        index = first + offset
        if index >= len(lines.starts):
            return None
        raw = lines.text(index)
        stripped = raw.rstrip(" \t")
        # leading whitespace of a continuation line is insignificant: keep it outside the span
        piece = piece.strip(" \t")
        if not stripped.endswith(piece):
            return None
        end = lines.starts[index] + len(stripped)
        spans.append((end - len(piece), end))
    return spans


def _runs(lines: _Lines, spans: list[tuple[int, int]], first: int) -> Iterator[Slice]:
    """Split a paragraph's line spans at hard line breaks (they stay outside every segment)."""
    run: list[tuple[int, int]] = []
    for offset, (a, b) in enumerate(spans):
        raw = lines.text(first + offset)
        last = offset == len(spans) - 1
        if not last and _HARD_BREAK.search(raw):
            if raw.rstrip(" \t").endswith("\\") and b > a and lines.source[b - 1] == "\\":
                b -= 1
            run.append((a, b))
            yield _slice(lines.source, run)
            run = []
        else:
            run.append((a, b))
    if run:
        yield _slice(lines.source, run)


def _slice(source: str, spans: list[tuple[int, int]]) -> Slice:
    return Slice("\n".join(source[a:b] for a, b in spans), tuple(spans))


def _table_cells(line: str) -> list[tuple[int, int]]:
    """Stripped cell ranges of a table row line, split at unescaped pipes."""
    bounds, i = [-1], 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == "|":
            bounds.append(i)
        i += 1
    bounds.append(len(line))
    cells = []
    for a, b in zip(bounds, bounds[1:]):
        a += 1
        while a < b and line[a] in " \t":
            a += 1
        while b > a and line[b - 1] in " \t":
            b -= 1
        cells.append((a, b))
    return cells


def html_runs(text_slice: Slice) -> Iterator[BlockText]:
    """Translatable pieces of raw HTML: text runs between block-level tags, and the
    alt/title/aria-label/placeholder attributes of block-level tags."""
    text = text_slice.text
    stack: list[str] = []
    run_start = 0
    pos = 0
    tag_pattern = re.compile(r"<!--.*?-->|<[A-Za-z/!?]|\{\{|\{%", re.DOTALL)
    templates = Templates(text)

    def finish_run(end: int) -> Iterator[BlockText]:
        a, b = run_start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            kind = {"figcaption": "caption", "td": "table_cell", "th": "table_cell"}.get(stack[-1] if stack else "", "html_text")
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
            end = templates.end(start)
            pos = end if end > 0 else start + 1
            continue
        tag = HTML_TAG.match(text, start)
        if tag is None:
            pos = start + 1
            continue
        raw_name = tag.group()[1:].lstrip("/").split(None, 1)[0].rstrip(">/").lower() if tag.group()[1:2] not in "!?" else ""
        closing = tag.group().startswith("</")
        name = raw_name
        end = tag.end()
        if name in RAW_CONTENT_ELEMENTS and not closing and not tag.group().endswith("/>"):
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, end)
            end = close.end() if close else len(text)
            if name in {"pre", "script", "style", "textarea", "svg", "math"}:
                yield from finish_run(start)
                run_start = end
            pos = end
            continue
        if name in BLOCK_ELEMENTS:
            yield from finish_run(start)
            for child in html_tag_children(text, start, tag.end()):
                yield BlockText(child.kind, text_slice.sub(child.start, child.end), child.context)
            if closing:
                if name in stack:
                    del stack[len(stack) - 1 - stack[::-1].index(name):]
            elif not tag.group().endswith("/>"):
                stack.append(name)
            run_start = tag.end()
        pos = end
    yield from finish_run(len(text))


def block_texts(source: str, body_start: int) -> tuple[list[BlockText], list[BlockIssue], frozenset[str]]:
    """Every translatable block text of the body that starts at ``body_start``."""
    body = source[body_start:]
    tokens, env = parse(body)
    lines = _Lines(source, body_start)
    found: list[BlockText] = []
    issues: list[BlockIssue] = []
    containers: list[str] = []
    row_cells: list[tuple[int, int]] | None = None
    cell_index = 0
    too_deep = next((t for t in tokens if t.level >= MAX_NESTING - 1 and t.map), None)
    if too_deep is not None:
        issues.append(BlockIssue(too_deep.map[0] + 1, f"nested more than {MAX_NESTING} levels deep: what follows in this block is left untranslated"))
    for index, token in enumerate(tokens):
        if token.nesting == 1 and token.type in ("blockquote_open", "list_item_open", "footnote_open", "admonition_open"):
            containers.append(token.type[: -len("_open")])
            continue
        if token.nesting == -1 and token.type in ("blockquote_close", "list_item_close", "footnote_close", "admonition_close"):
            # footnote bodies are moved to the end of the stream: close what matches, if open
            name = token.type[: -len("_close")]
            if name in containers:
                del containers[len(containers) - 1 - containers[::-1].index(name):]
            continue
        if token.type == "tr_open" and token.map:
            line = token.map[0]
            row_cells = [(lines.starts[line] + a, lines.starts[line] + b) for a, b in _table_cells(lines.text(line))]
            cells_in_row = 0
            for following in tokens[index + 1:]:
                if following.type == "tr_close":
                    break
                cells_in_row += following.type == "inline"
            # drop the empty fields before a leading pipe / after a trailing pipe
            while len(row_cells) > cells_in_row and row_cells[0][0] == row_cells[0][1]:
                row_cells.pop(0)
            while len(row_cells) > cells_in_row and row_cells[-1][0] == row_cells[-1][1]:
                row_cells.pop()
            if len(row_cells) != cells_in_row:
                issues.append(BlockIssue(line + 1, "table row not mapped to its cells; left untranslated"))
                row_cells = None
            cell_index = 0
            continue
        if token.type == "html_block" and token.map:
            first, last = token.map
            spans = _content_spans(lines, first, token.content.rstrip("\n"))
            if spans is None:
                issues.append(BlockIssue(first + 1, "HTML block could not be mapped to the source; left untranslated"))
                continue
            found.extend(html_runs(_slice(source, spans)))
            continue
        if token.type != "inline" or not token.map:
            continue
        parent = tokens[index - 1]
        first, last = token.map
        if parent.type in ("th_open", "td_open"):
            if row_cells is not None and cell_index < len(row_cells):
                a, b = row_cells[cell_index]
                if source[a:b].replace("\\|", "|") == token.content:
                    found.append(BlockText("table_cell", Slice(source[a:b], ((a, b),))))
                else:
                    issues.append(BlockIssue(first + 1, "table cell not found in the source; left untranslated"))
            cell_index += 1
            continue
        if parent.type == "admonition_title_open":
            raw = lines.text(first)
            match = _ADMONITION_TITLE.search(raw)
            if match and match.group(1).strip():
                a, b = lines.starts[first] + match.start(1), lines.starts[first] + match.end(1)
                found.append(BlockText("admonition_title", Slice(source[a:b], ((a, b),))))
            continue
        if parent.type == "heading_open":
            kind = "heading"
            if parent.markup.startswith("#"):
                raw = lines.text(first)
                position = raw.find(token.content, raw.find("#") + 1) if token.content else -1
                if position < 0:
                    if token.content:
                        issues.append(BlockIssue(first + 1, "heading text not found in the source; left untranslated"))
                    continue
                a = lines.starts[first] + position
                found.append(BlockText(kind, Slice(token.content, ((a, a + len(token.content)),))))
                continue
            spans = _content_spans(lines, first, token.content)
        else:
            kind = {"blockquote": "blockquote", "list_item": "list_item", "footnote": "footnote", "admonition": "admonition"}.get(
                containers[-1] if containers else "", "paragraph"
            )
            spans = _content_spans(lines, first, token.content)
        if spans is None:
            issues.append(BlockIssue(first + 1, f"{kind} could not be mapped to the source; left untranslated"))
            continue
        for run in _runs(lines, spans, first):
            found.append(BlockText(kind, run))
    return found, issues, references(env)
