"""Translatable segments of a post, with their exact source spans.

A :class:`Segment` is a run of prose (a front matter value, a heading, a paragraph run between
hard breaks, a table cell, a caption, an alt text, an attribute...) together with its inline
tokens. Protected constructs inside it are tokens, never prose; translatable ranges inside
protected tokens (image alt, link titles, ``alt=""`` attributes, shortcode captions) are child
segments. :func:`extract_segments` lists every segment that holds prose.
"""

from __future__ import annotations

import re as _re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .blocks import BlockIssue, block_texts
from .frontmatter import DEFAULT_KEYS, DEFAULT_NESTED_KEYS, FieldValue, Header, read_header
from .inline import DEFAULT_OPTIONS, HTML, MARKDOWN, Child, InlineOptions, TermFinder, Token, tokenize, with_placeholders
from .sourcemap import Slice, line_of, line_starts
from .tokens import MARKDOWN_LINE_MARKER, has_prose, split_line_markers

_PLACEHOLDER_ALT = _re.compile(
    r"^\s*(?:img|image|imagen|images|photo|foto|picture|pic|screenshot|captura|alt|figure|untitled|dsc|img_?\d+"
    r"|[\w.-]+\.(?:png|jpe?g|gif|webp|svg|avif))\s*$",
    _re.IGNORECASE,
)
_IMG_TAG = _re.compile(r"<img\b[^>]*>", _re.IGNORECASE)
_ALT_ATTR = _re.compile(r"""\balt\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", _re.IGNORECASE)
_MD_IMAGE_EMPTY_ALT = _re.compile(r"!\[\s*\]\(")
_MD_IMAGE = _re.compile(r"!\[([^\]\n]*)\]\(")


@dataclass
class Segment:
    """A run of prose in a post. ``text`` is the exact source text (logical: container prefixes
    of multi-line blocks removed); :attr:`protected_text` is what a translator would see."""

    kind: str
    slice: Slice
    context: str  # "markdown", "html", "frontmatter", "attr:<q>", "title:<q>", "param:<q>"
    line: int
    tokens: list[Token] = field(default_factory=list)
    children: dict[int, list[tuple[Child, "Segment"]]] = field(default_factory=dict)
    field: FieldValue | None = None
    trim: bool = False  # captions: inner spaces are dropped when the text is translated
    block_start: bool = False  # text starts a Markdown line: escape block markers at its start

    def __post_init__(self) -> None:
        # attributes, not properties: read hundreds of times per post (slice, field and
        # tokens never change once the segment is made)
        self.text: str = self.field.value if self.field is not None else self.slice.text
        self.has_prose: bool = has_prose(self.text, self.tokens)

    @property
    def start(self) -> int:
        return self.field.start if self.field is not None else self.slice.start

    @property
    def end(self) -> int:
        return self.field.end if self.field is not None else self.slice.end

    @property
    def protected_text(self) -> str:
        """The text with protected pieces replaced by XLIFF-style placeholders (``<x1/>``, ``<g2>…</g2>``)."""
        return with_placeholders(self.text, self.tokens)[0].strip()

    def walk(self) -> Iterator["Segment"]:
        """This segment and all nested child segments, in source order."""
        yield self
        for index in sorted(self.children):
            for _, child in self.children[index]:
                yield from child.walk()


@dataclass
class ExtractedPost:
    """Everything the translator core needs to know about a post."""

    source: str
    segments: list[Segment]  # top-level segments (children nested inside)
    issues: list[BlockIssue]
    alt_warnings: list[tuple[int, str]]
    front_matter_lang: str | None = None
    header: Header | None = None  # the front matter read (None when ``front_matter=False``)


def _token_mode(context: str) -> str:
    """Markdown for Markdown text, link titles, shortcode parameters (Hugo renders a
    ``caption`` as Markdown, so ``[results](https://x/)`` in it is a link) and front matter
    values (themes print excerpts and image captions through ``markdownify``: a link, a code
    span or emphasis in them is markup, and printed raw it reads as the source did); HTML
    otherwise."""
    return MARKDOWN if context in ("markdown", "frontmatter") or context.startswith(("title:", "param:")) else HTML


def _make_segment(
    kind: str,
    text_slice: Slice,
    context: str,
    starts: list[int],
    references: frozenset[str],
    find_terms: TermFinder | None,
    *,
    field_value: FieldValue | None = None,
    options: InlineOptions = DEFAULT_OPTIONS,
) -> Segment:
    if field_value is not None:
        line, text = field_value.line, field_value.value
    else:
        line, text = line_of(starts, text_slice.spans[0][0]), text_slice.text
    tokens = tokenize(text, mode=_token_mode(context), references=references, find_terms=find_terms, options=options)
    if context == "html":  # (raw HTML's text: not attribute values, where "# of users" is prose)
        tokens = split_line_markers(tokens, text)
    elif context == "markdown" and ("==" in text or "<<<<<<<" in text):
        tokens = split_line_markers(tokens, text, MARKDOWN_LINE_MARKER)
    segment = Segment(kind, text_slice, context, line, tokens, field=field_value)
    if field_value is not None:
        return segment
    for index, token in enumerate(segment.tokens):
        for child in token.children:
            child_slice = text_slice.sub(child.start, child.end)
            segment.children.setdefault(index, []).append((child, _make_segment(child.kind, child_slice, child.context, starts, references, find_terms, options=options)))
    return segment


def _alt_warnings(text: str, starts: list[int], body_start: int) -> list[tuple[int, str]]:
    """Images whose alt text is missing, empty or a placeholder such as "IMG"."""
    warnings = []
    for tag in _IMG_TAG.finditer(text, body_start):
        alt = _ALT_ATTR.search(tag.group())
        value = alt.group(1).strip("\"'") if alt else None
        if value is None:
            warnings.append((line_of(starts, tag.start()), "image has no alt text"))
        elif not value.strip() or _is_placeholder_alt(value):
            warnings.append((line_of(starts, tag.start()), f"image alt text {value!r} is a placeholder; describe the image"))
    if text.find("![", body_start) < 0:  # (two passes over the whole post saved: most have no Markdown image)
        return sorted(warnings)
    for image in _MD_IMAGE_EMPTY_ALT.finditer(text, body_start):
        warnings.append((line_of(starts, image.start()), "image has an empty alt text"))
    for image in _MD_IMAGE.finditer(text, body_start):
        alt_text = image.group(1)
        if _is_placeholder_alt(alt_text):
            warnings.append((line_of(starts, image.start()), f"image alt text {alt_text!r} is a placeholder; describe the image"))
    return sorted(warnings)


def _is_placeholder_alt(alt_text: str) -> bool:
    """Whether ``alt_text`` is a placeholder such as "IMG" (one word: the pattern is asked
    only of those)."""
    return len(alt_text.split(None, 1)) == 1 and _PLACEHOLDER_ALT.match(alt_text) is not None


def analyse(
    text: str,
    *,
    path: str | None = None,
    front_matter: bool = True,
    front_matter_keys: tuple[str, ...] = DEFAULT_KEYS,
    nested_keys: tuple[str, ...] = DEFAULT_NESTED_KEYS,
    find_terms: TermFinder | None = None,
    header: Header | None = None,
    inline: InlineOptions = DEFAULT_OPTIONS,
) -> ExtractedPost:
    """Parse a whole post (front matter + body) into segments. ``header`` is the post's
    front matter when the caller has read it (it is read here otherwise)."""
    starts = line_starts(text)
    if front_matter and (header is None or not header.exact or not header.valid or header.format == "meta"):
        header = read_header(text, path=path)
    segments: list[Segment] = []
    body_start = 0
    lang = None
    if front_matter and header is not None and header.format is not None:
        body_start = header.body_start
        lang = header.language
        for value in header.fields(front_matter_keys, nested_keys):
            kind = "title" if value.path == "title" else "front_matter"
            segment = _make_segment(kind, Slice(value.value, ((value.start, value.end),)), "frontmatter", starts, frozenset(), find_terms, field_value=value, options=inline)
            segments.append(segment)
    found, issues, references = block_texts(text, body_start, inline, starts)
    for block in found:
        segment = _make_segment(block.kind, block.slice, block.mode, starts, references, find_terms, options=inline)
        segment.trim = block.kind == "caption"
        segment.block_start = block.kind in ("paragraph", "list_item", "blockquote", "footnote", "admonition", "definition", "term")
        segments.append(segment)
    return ExtractedPost(text, segments, issues, _alt_warnings(text, starts, body_start), lang, header if front_matter else None)


def extract_segments(text: str, *, find_terms: Callable | None = None) -> list[Segment]:
    """Every segment of ``text`` that holds prose (children included), in source order.

    Each has ``kind`` (title, front_matter, heading, paragraph, list_item, blockquote,
    table_cell, footnote, admonition_title, caption, html_text, alt, attribute, link_title,
    image_title, shortcode_caption...), ``start``/``end`` (exact source span), ``line``,
    ``text`` (the source text) and ``protected_text`` (what a translator sees).
    """
    post = analyse(text, find_terms=find_terms)
    found = [segment for top in post.segments for segment in top.walk() if segment.has_prose]
    return sorted(found, key=lambda s: (s.start, -s.end))
