"""Block structure: where in the source each translatable block's text lies.

Approach (see design notes): markdown-it-py parses a same-length copy of the body (see
:mod:`.masking`: template tags, code tags and foreign fence lines masked) because its block
tokens carry line maps (mistune 3 tokens carry no positions). For each leaf block we take the
line range from the map and find each content line inside its line as a suffix (container
prefixes such as ``> `` or list indentation come before it). When that does not hold (tabs
partly consumed by a container, exotic nesting) the block is left untouched and reported,
which keeps the output byte-identical rather than wrong.

MkDocs admonitions (``!!!``/``???``), footnotes and definition lists come from
mdit-py-plugins; content tabs (``=== "Tab"``) are parsed as admonitions by substituting their
same-length marker. A GFM alert's ``[!NOTE]`` line is markup, not prose.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from operator import attrgetter

from .blockparser import MAX_NESTING, block_parser
from .blocktext import BlockIssue, BlockText
from .html import html_runs
from .inline import DEFAULT_OPTIONS, OPAQUE, InlineOptions, tokenize
from .masking import ParseCopy, parse_copy
from .patterns import ALERT, DEFAULT_CODE_TAGS
from .sourcemap import Slice, line_starts

__all__ = ["MAX_NESTING", "BlockIssue", "BlockText", "block_texts", "parse", "references"]

_TAB_MARKER = re.compile(r"^(\s*)===[!+]?(?=[ \t]+\")", re.MULTILINE)
_ADMONITION_TITLE = re.compile(r'"(.*)"[^\s"]*[ \t]*$')
#: MDN's definition lists: a nested list item whose text starts with ": " is a <dd>
_DEFINITION_MARKER = re.compile(r":[ \t]+(?=\S)")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
#: a one-line reference definition with a title (the title is prose)
_REFERENCE_TITLE = re.compile(r"""^[ \t>]*\[(?!\^)[^\]\n]+\]:[ \t]*(?:<[^>\n]*>|\S+)[ \t]+(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|\((?P<par>[^()\n]*)\))[ \t]*$""")
_CONTAINERS = {
    "blockquote": "blockquote",
    "list_item": "list_item",
    "footnote_reference": "footnote",
    "footnote": "footnote",
    "admonition": "admonition",
    "dd": "definition",
}
_STRUCTURE = {
    "bullet_list_open",
    "ordered_list_open",
    "dl_open",
    "blockquote_open",
    "list_item_open",
    "footnote_reference_open",
    "admonition_open",
    "dd_open",
    "footnote_block_open",
    "table_open",
    "thead_open",
    "tbody_open",
}


def parse(body: str, code_tags: tuple[str, ...] = DEFAULT_CODE_TAGS):
    """markdown-it tokens, env (reference definitions) and the parse copy of ``body``."""
    env: dict = {}
    copy = parse_copy(body, code_tags)
    text = copy.text
    if "===" in text:  # content tabs (``=== "Tab"``) are read as admonitions
        text = _TAB_MARKER.sub(lambda m: m.group(1) + "!!!" + " " * (len(m.group()) - len(m.group(1)) - 3), text)
    tokens = block_parser().parse(text, env)
    return tokens, env, copy


def references(env: dict) -> frozenset[str]:
    return frozenset(env.get("references", {}))


def _body_line_starts(source: str, body_start: int, source_starts: list[int] | None) -> list[int]:
    """Where the body's lines start (absolute offsets): the tail of the source's own line
    starts when the body starts a line, as it does after front matter."""
    if source_starts is not None:
        first = bisect.bisect_left(source_starts, body_start)
        if first < len(source_starts) and source_starts[first] == body_start:
            return source_starts[first:]
    return [body_start + s for s in line_starts(source[body_start:])]


class _Lines:
    """Lines of the body with absolute offsets: ``text`` reads the parse copy (what the block
    parser saw), ``source`` the real text at the same offsets."""

    def __init__(self, source: str, body_start: int, copy: ParseCopy, source_starts: list[int] | None = None):
        self.source = source
        self.masked = source[:body_start] + copy.text if copy.text is not source[body_start:] else source
        starts = _body_line_starts(source, body_start, source_starts)
        self.starts = starts
        if "\r" not in source:  # a line ends right before the next one's start
            self.ends = [start - 1 for start in starts[1:]] + [len(source)]
            return
        self.ends = []
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(source)
            while end > start and source[end - 1] in "\r\n":
                end -= 1
            self.ends.append(end)

    def text(self, index: int) -> str:
        return self.masked[self.starts[index] : self.ends[index]]


def _content_spans(lines: _Lines, first: int, content: str) -> list[tuple[int, int]] | None:
    """Source span of each line of ``content`` (lines from ``first``), or None if unmappable."""
    spans = []
    starts, ends, masked = lines.starts, lines.ends, lines.masked
    for offset, piece in enumerate(content.split("\n")):
        index = first + offset
        if index >= len(starts):
            return None
        start, end = starts[index], ends[index]
        # leading whitespace of a continuation line is insignificant: keep it outside the span
        piece = piece.strip(" \t")
        if end - start == len(piece) and masked.startswith(piece, start):  # the whole line (no prefix)
            spans.append((start, end))
            continue
        end = start + len(masked[start:end].rstrip(" \t"))
        if not masked.endswith(piece, start, end):
            return None
        spans.append((end - len(piece), end))
    return spans


def _runs(lines: _Lines, spans: list[tuple[int, int]], first: int) -> Iterator[Slice]:
    """Split a paragraph's line spans at hard line breaks (they stay outside every segment),
    except inside a construct that spans lines (display math with ``\\\\`` rows, a tag)."""
    breaks = {offset for offset in range(len(spans) - 1) if _HARD_BREAK.search(lines.text(first + offset))}
    if breaks:
        whole = _slice(lines.source, spans)
        inside = bytearray(len(whole.text) + 1)  # 1 where a construct spanning lines is
        for token in tokenize(whole.text):
            if token.kind == OPAQUE and "\n" in whole.text[token.start : token.end]:
                inside[token.start + 1 : token.end] = b"\x01" * (token.end - token.start - 1)
        line_end = -1
        for offset, (a, b) in enumerate(spans[:-1]):
            line_end += b - a + 1
            if offset in breaks and inside[line_end]:
                breaks.discard(offset)
    run: list[tuple[int, int]] = []
    for offset, (a, b) in enumerate(spans):
        if offset in breaks:
            raw = lines.text(first + offset)
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
    if len(spans) == 1:  # one line (most paragraphs)
        a, b = spans[0]
        return Slice(source[a:b], ((a, b),))
    return Slice("\n".join([source[a:b] for a, b in spans]), tuple(spans))


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


def _row_cells(lines: _Lines, line: int, cells_in_row: int) -> list[tuple[int, int]]:
    """Source ranges of the cells of table row ``line`` that the table shows: GFM drops the
    cells past the header's count (and pads a short row with empty ones)."""
    raw = lines.text(line)
    cells = _table_cells(raw)
    # a leading pipe opens no cell, nor does a trailing one close one (an empty cell between
    # pipes, such as a blank top-left header, is a cell)
    if raw.lstrip().startswith("|"):
        cells.pop(0)
    stripped = raw.rstrip()
    if stripped.endswith("|") and not stripped.endswith("\\|") and len(cells) > cells_in_row:
        cells.pop()
    return [(lines.starts[line] + a, lines.starts[line] + b) for a, b in cells[:cells_in_row]]


def _alert(source: str, spans: list[tuple[int, int]]) -> tuple[list[BlockText], list[tuple[int, int]]] | None:
    """A GFM alert / Obsidian callout opening a block quote: its title (if any) as a block
    text, and the spans of the paragraph that follows the ``[!NOTE]`` line; None if none."""
    a, b = spans[0]
    match = ALERT.match(source, a, b)
    if match is None:
        return None
    title_start = match.end()
    while title_start < b and source[title_start] in " \t":
        title_start += 1
    found = [BlockText("admonition_title", Slice(source[title_start:b], ((title_start, b),)))] if title_start < b else []
    return found, spans[1:]


def _after_definition_marker(source: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of a list item's first paragraph without MDN's definition marker: in
    ``- term`` / ``  - : definition`` the ``: `` makes the item a ``<dd>`` and stays out of the text."""
    a, b = spans[0]
    match = _DEFINITION_MARKER.match(source, a, b)
    if match is None:
        return spans
    return [(match.end(), b), *spans[1:]]


def _terms_and_definitions(source: str, spans: list[tuple[int, int]]) -> list[tuple[str, int, list[tuple[int, int]]]] | None:
    """(kind, first line, spans) of the terms and definitions of a paragraph that markdown-it
    reads as one but PHP Markdown Extra, kramdown, goldmark and Pandoc read as a definition
    list with several terms: one term per line before the first line opening with ``: ``,
    and a definition from each such line on. None when no line after the first opens so."""
    marks = [i for i, (a, b) in enumerate(spans) if i and _DEFINITION_MARKER.match(source, a, b)]
    if not marks:
        return None
    groups = [("term", i, [span]) for i, span in enumerate(spans[: marks[0]])]
    for start, end in zip(marks, [*marks[1:], len(spans)]):
        groups.append(("definition", start, _after_definition_marker(source, spans[start:end])))
    return groups


def _covered_lines(tokens, count: int) -> bytearray:
    """For each line: 0 outside every leaf block, 1 in one, 2 in code."""
    covered = bytearray(count + 1)
    for token in tokens:
        if token.map and token.type not in _STRUCTURE:
            first, last = token.map
            mark = b"\x02" if token.type in ("fence", "code_block") else b"\x01"
            covered[first:last] = mark * (last - first)
    return covered


def _outside_blocks(source: str, lines: _Lines, covered: bytearray, copy: ParseCopy, body_start: int) -> Iterator[BlockText]:
    """Prose that is in no leaf block: titles of reference definitions, ``:::`` fence titles,
    abbreviation expansions, and the prose parameters of template tags that span lines (their
    own segments)."""
    masked, starts, ends = lines.masked, lines.starts, lines.ends
    index = covered.find(0)  # (the lines in no block, in order: most lines are in one)
    while 0 <= index < len(starts):
        line, index = index, covered.find(0, index + 1)
        if masked.find("[", starts[line], ends[line]) < 0:  # (a definition starts with [label])
            continue
        match = _REFERENCE_TITLE.match(lines.text(line))
        if match:
            group = next(g for g in ("dq", "sq", "par") if match[g] is not None)
            if match[group].strip():
                a, b = (starts[line] + x for x in match.span(group))
                yield BlockText("link_title", Slice(source[a:b], ((a, b),)), "title:" + {"dq": '"', "sq": "'", "par": "("}[group])
    for kind, spans in (("admonition_title", copy.titles), ("abbreviation", copy.abbreviations)):
        for a, b in spans:
            a, b = a + body_start, b + body_start
            if covered[bisect.bisect_right(lines.starts, a) - 1] != 2:
                yield BlockText(kind, Slice(source[a:b], ((a, b),)))
    for a, b in copy.shortcodes:
        if covered[bisect.bisect_right(lines.starts, a + body_start) - 1] != 2:  # not in a code block
            yield BlockText("shortcode", Slice.contiguous(source, a + body_start, b + body_start), "html")


def block_texts(source: str, body_start: int, options: InlineOptions = DEFAULT_OPTIONS, starts: list[int] | None = None) -> tuple[list[BlockText], list[BlockIssue], frozenset[str]]:
    """Every translatable block text of the body that starts at ``body_start`` (``starts``:
    :func:`.sourcemap.line_starts` of ``source``, when the caller has it)."""
    tokens, env, copy = parse(source[body_start:], options.code_tags)
    lines = _Lines(source, body_start, copy, starts)
    found: list[BlockText] = []
    issues: list[BlockIssue] = []
    containers: list[str] = []
    row_cells: list[tuple[int, int]] | None = None
    cell_index = 0
    # (a token that deep comes after as many opening tokens: a short post has none)
    too_deep = next((t for t in tokens if t.level >= MAX_NESTING - 1 and t.map), None) if len(tokens) >= MAX_NESTING else None
    if too_deep is not None:
        issues.append(BlockIssue(too_deep.map[0] + 1, f"nested more than {MAX_NESTING} levels deep: what follows in this block is left untranslated"))
    for index, token in enumerate(tokens):
        if token.nesting:  # an opening or closing token (``blockquote_open``)
            name = token.type.rsplit("_", 1)[0]
            if name in _CONTAINERS:
                if token.nesting == 1:
                    containers.append(name)
                elif name in containers:  # footnote bodies may be moved to the end of the stream: close it if open
                    del containers[len(containers) - 1 - containers[::-1].index(name) :]
                continue
            if token.type != "tr_open" or not token.map:
                continue
            cells_in_row = 0
            for following in range(index + 1, len(tokens)):  # (by index: no copy of the rest per row)
                if tokens[following].type == "tr_close":
                    break
                cells_in_row += tokens[following].type == "inline"
            row_cells = _row_cells(lines, token.map[0], cells_in_row)
            cell_index = 0
            continue
        if token.type == "html_block" and token.map:
            first, last = token.map
            spans = _content_spans(lines, first, token.content.rstrip("\n"))
            if spans is None:
                issues.append(BlockIssue(first + 1, "HTML block could not be mapped to the source; left untranslated"))
                continue
            found.extend(html_runs(_slice(source, spans), options))
            continue
        if token.type != "inline" or not token.map:
            continue
        parent = tokens[index - 1]
        first = token.map[0]
        if parent.type in ("th_open", "td_open"):
            if row_cells is not None and cell_index < len(row_cells):
                a, b = row_cells[cell_index]
                if lines.masked[a:b].replace("\\|", "|") == token.content:
                    if a < b:
                        found.append(BlockText("table_cell", Slice(source[a:b], ((a, b),))))
                else:
                    issues.append(BlockIssue(first + 1, "table cell not found in the source; left untranslated"))
            cell_index += 1
            continue
        if parent.type == "admonition_title_open":
            match = _ADMONITION_TITLE.search(lines.text(first))
            if match and match.group(1).strip():
                a, b = lines.starts[first] + match.start(1), lines.starts[first] + match.end(1)
                found.append(BlockText("admonition_title", Slice(source[a:b], ((a, b),))))
            continue
        if parent.type == "heading_open" and parent.markup.startswith("#"):
            raw = lines.text(first)
            position = raw.find(token.content, raw.find("#") + 1) if token.content else -1
            if position < 0:
                if token.content:
                    issues.append(BlockIssue(first + 1, "heading text not found in the source; left untranslated"))
                continue
            a = lines.starts[first] + position
            found.append(BlockText("heading", Slice(source[a : a + len(token.content)], ((a, a + len(token.content)),))))
            continue
        if parent.type == "heading_open":
            kind = "heading"
        elif parent.type == "dt_open":
            kind = "term"
        else:
            kind = _CONTAINERS.get(containers[-1], "paragraph") if containers else "paragraph"
        spans = _content_spans(lines, first, token.content)
        if spans is None:
            issues.append(BlockIssue(first + 1, f"{kind} could not be mapped to the source; left untranslated"))
            continue
        if kind == "list_item" and tokens[index - 2].type == "list_item_open":
            spans = _after_definition_marker(source, spans)
        alert = _alert(source, spans) if kind == "blockquote" and tokens[index - 2].type == "blockquote_open" else None
        if alert is not None:
            titles, spans = alert
            found.extend(titles)
            first += 1
        groups = _terms_and_definitions(source, spans) if kind != "term" and len(spans) > 1 else None
        if groups is not None:
            found.extend(BlockText(part, run) for part, offset, group in groups for run in _runs(lines, group, first + offset))
            continue
        if len(spans) == 1:  # one line: no hard break to split at
            found.append(BlockText(kind, _slice(source, spans)))
            continue
        for run in _runs(lines, spans, first):
            found.append(BlockText(kind, run))
    found.extend(_outside_blocks(source, lines, _covered_lines(tokens, len(lines.starts)), copy, body_start))
    found.sort(key=attrgetter("slice.start"))
    return found, issues, references(env)
