"""Inline tokenizer: splits a segment's logical text into prose and protected pieces.

It works on the exact source text (not on an AST), so every token carries its exact offsets
(see :mod:`.tokens` for what the tokens mean). The scanner walks the text once: it jumps to
the next character that can start a construct and tries the rules of :mod:`.rules` for it in
order. Brackets and emphasis use cmark's delimiter stack: a ``]`` looks only at the nearest
open bracket, a link deactivates the brackets before it, and emphasis inside a link is paired
when the link closes. Nothing rescans the text, so any input is tokenized in linear time.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex as re
from markdown_it.common.utils import normalizeReference

from . import patterns
from .delimiters import resolve_emphasis
from .links import path_spans, url_end
from .rules import FALLBACK, attributes, delimiter_run, params, stops
from .tokens import (
    CLOSE,
    HTML,
    MARKDOWN,
    OPAQUE,
    OPEN,
    TEXT,
    Child,
    TermFinder,
    Token,
    merge_text,
    split_terms,
    with_placeholders,
)

__all__ = [
    "CLOSE",
    "HTML",
    "MARKDOWN",
    "OPAQUE",
    "OPEN",
    "TEXT",
    "Child",
    "InlineOptions",
    "TermFinder",
    "Token",
    "html_tag_children",
    "template_children",
    "tokenize",
    "with_placeholders",
]


_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class InlineOptions:
    """What the tokenizer treats as prose inside protected constructs, and what is code."""

    attributes: frozenset[str] = frozenset(patterns.DEFAULT_TRANSLATABLE_ATTRIBUTES)
    params: frozenset[str] = frozenset(patterns.DEFAULT_TRANSLATABLE_PARAMS)
    code_tags: tuple[str, ...] = patterns.DEFAULT_CODE_TAGS
    #: the openers of the code tags' pairs, made once (every inline scan needs them)
    code_tag_openers: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "code_tag_openers", patterns.code_tag_pattern(self.code_tags))


DEFAULT_OPTIONS = InlineOptions()


@dataclass(slots=True)
class _Bracket:
    token: int  # index of the opening token
    image: bool
    runs: int  # number of delimiter runs before it
    active: bool = True


class InlineState:
    """The scanner's state over one text; the rules in :mod:`.rules` act on it."""

    def __init__(self, text: str, mode: str, references: frozenset[str], options: InlineOptions):
        self.text = text
        self.mode = mode
        self.references = references
        self.attributes = options.attributes
        self.params = options.params
        self.closers = patterns.Closers(text)
        self.templates = patterns.Templates(text, options.code_tag_openers, self.closers)
        self.tokens: list[Token] = []
        self.text_start = 0
        self.groups = 0
        self.demoted = False  # a delimiter run or bracket became text: text tokens may touch
        self.runs: list[int] = []  # token indices of emphasis delimiter runs
        self.brackets: list[_Bracket] = []
        self._backticks: dict[int, list[int]] | None = None
        self._raw_close: dict[str, re.Pattern] = {}

    # -- emitting
    def emit(self, token: Token) -> int:
        if token.start > self.text_start:
            self.tokens.append(Token(TEXT, self.text_start, token.start))
        self.tokens.append(token)
        self.text_start = token.end
        return token.end

    def opaque(self, start: int, end: int, children: list[Child] | None = None) -> int:
        return self.emit(Token(OPAQUE, start, end, -1, children or ()))  # (positional: cheaper to call)

    # -- lookups shared by rules
    def defined(self, label: str) -> bool:
        return bool(self.references) and normalizeReference(label) in self.references

    def backtick_runs(self) -> dict[int, list[int]]:
        """Start offsets of the maximal backtick runs of the text, by run length."""
        if self._backticks is None:
            self._backticks = {}
            for match in _BACKTICKS.finditer(self.text):
                self._backticks.setdefault(len(match.group()), []).append(match.start())
        return self._backticks

    def raw_close(self, name: str) -> re.Pattern:
        if name not in self._raw_close:
            self._raw_close[name] = re.compile(rf"</{name}\s*>", re.IGNORECASE)
        return self._raw_close[name]

    # -- brackets
    def open_bracket(self, image: bool) -> None:
        """Push the bracket just emitted as the last token."""
        self.brackets.append(_Bracket(len(self.tokens) - 1, image, len(self.runs)))

    def drop_bracket(self) -> None:
        bracket = self.brackets.pop()
        token = self.tokens[bracket.token]
        token.kind, token.group = TEXT, -1
        self.demoted = True

    def pair_runs(self, runs: list[int]) -> None:
        """Pair the emphasis delimiter runs at token indices ``runs`` (the rest become text)."""
        if not runs:  # (most link texts and many paragraphs have no emphasis)
            return
        before = self.groups
        self.groups = resolve_emphasis(self.tokens, runs, self.text, self.groups)
        if 2 * (self.groups - before) < len(runs):  # each run is half of a pair or text
            self.demoted = True

    def close_link(self, close: Token) -> int:
        bracket = self.brackets.pop()
        self.pair_runs(self.runs[bracket.runs :])
        del self.runs[bracket.runs :]
        self.groups += 1
        self.tokens[bracket.token].group = close.group = self.groups
        for earlier in self.brackets:  # links cannot contain links
            if not earlier.image:
                earlier.active = False
        return self.emit(close)

    def close_image(self, end: int, children: list[Child]) -> int:
        bracket = self.brackets.pop()
        start = self.tokens[bracket.token].start
        del self.tokens[bracket.token :]
        del self.runs[bracket.runs :]
        self.text_start = start
        return self.opaque(start, end, children)

    # -- the walk
    def scan(self, table: dict, special: re.Pattern, first: re.Match | None = None) -> list[Token]:
        """The tokens, stopping at ``special`` and trying ``table``'s rules there
        (:func:`.rules.stops`); ``first``, when given, is its match from the text's start."""
        text, n = self.text, len(self.text)
        paths = path_spans(text) if self.mode == MARKDOWN else []  # (raw HTML's text: its own rules)
        urls = _url_matches(text, paths) if paths or _may_hold_url(text, self.mode) else {}
        url_starts = sorted(urls)
        next_url = url_starts[0] if url_starts else n  # the first URL not yet passed (n: none)
        pos = 0
        search, get = special.search, table.get
        emphasis = self.mode == MARKDOWN
        match = first if first is not None else search(text)  # (the first search is the caller's)
        while pos < n:
            if match is not None and match.start() < pos:
                # (searched again only once passed: after a run of URLs or paths with no stop
                # between them, a search from each would scan to the same far stop)
                match = search(text, pos)
            next_special = match.start() if match else n
            if next_url < n:
                if next_url < pos:  # (only when a construct went past it: a bisect then, not at every stop)
                    index = bisect.bisect_left(url_starts, pos)
                    next_url = url_starts[index] if index < len(url_starts) else n
                if next_url <= next_special and next_url < n:
                    end, is_url = urls[next_url]
                    if is_url:
                        end = url_end(text, next_url, end, self.templates)
                    if self.brackets:  # a URL never swallows the ``]`` that may close a link text
                        bracket = text.find("]", next_url, end)
                        end = bracket if bracket >= 0 else end
                    pos = self.opaque(next_url, end) if end > next_url else next_url + 1
                    continue
            if match is None:
                break
            if emphasis and text[next_special] in "*_~":  # the hottest path of long posts: no table
                pos = delimiter_run(self, next_special)
                continue
            for rule in get(text[next_special], FALLBACK):
                after = rule(self, next_special)
                if after is not None:
                    pos = after
                    break
            else:
                pos = next_special + 1
        while self.brackets:
            self.drop_bracket()
        self.pair_runs(self.runs)
        if n > self.text_start:
            self.tokens.append(Token(TEXT, self.text_start, n))
        return self.tokens


def _url_matches(text: str, paths: list[tuple[int, int]]) -> dict[int, tuple[int, bool]]:
    """Start -> (end, whether a URL) of each bare URL and e-mail address (cheap guards: most
    prose has none), and of each of ``paths`` (:func:`.links.path_spans`) clear of them. A
    URL's end is its match's: :func:`.links.url_end` continues and trims it once the scanner
    reaches it (most lie in a link destination the scanner skips whole)."""
    urls: dict[int, tuple[int, bool]] = {}
    end = 0
    for start in _url_candidates(text):
        # (matches do not overlap, as with ``finditer``; only these letters fold to the first
        # one of "http", "ftp" or "www" in the pattern's case-insensitive match)
        if start >= end and text[start] in "hHfFwW":
            match = patterns.URL.match(text, start)
            if match is not None:
                end = match.end()
                urls[start] = (end, True)
    if "@" in text:
        urls.update({m.start(): (m.end(), False) for m in patterns.EMAIL.finditer(text) if m.start() not in urls})
    if paths:  # (file names and paths: opaque as e-mail addresses are, where no URL is)
        taken = sorted((start, end) for start, (end, _) in urls.items())
        starts = [start for start, _ in taken]
        for a, b in paths:
            index = bisect.bisect_right(starts, a) - 1
            if (index < 0 or taken[index][1] <= a) and (index + 1 >= len(taken) or taken[index + 1][0] >= b):
                urls[a] = (b, False)
    return urls


def _url_candidates(text: str) -> list[int]:
    """Every offset where :data:`patterns.URL` may match, in order: each scheme before a
    ``://`` and each ``www.`` (anchored matches there instead of an unanchored case-insensitive
    search over the whole text, which cost ~25 us per paragraph with a link)."""
    found: list[int] = []
    colon = text.find("://")
    while colon >= 0:
        found.extend(range(max(colon - 5, 0), max(colon - 2, 0)))  # https, http, ftp: from colon - 5 to colon - 3
        colon = text.find("://", colon + 3)
    if _holds_www(text):
        found.extend(m.start() for m in _WWW.finditer(text))
        found.sort()
    return found


def html_tag_children(text: str, start: int, end: int, options: InlineOptions = DEFAULT_OPTIONS) -> list[Child]:
    """Children of an HTML tag token (public for the HTML block scanner)."""
    return attributes(text, start, end, options.attributes)


def template_children(text: str, start: int, end: int, options: InlineOptions = DEFAULT_OPTIONS) -> list[Child]:
    """Children of a Liquid/Hugo tag token (public for the HTML block scanner)."""
    return params(InlineState(text, HTML, frozenset(), options), start, end)


def tokenize(
    text: str,
    *,
    mode: str = MARKDOWN,
    references: frozenset[str] = frozenset(),
    find_terms: TermFinder | None = None,
    options: InlineOptions = DEFAULT_OPTIONS,
) -> list[Token]:
    """Tokens covering ``text`` exactly, in order (see :mod:`.tokens`)."""
    table, special = stops(text, mode)
    first = special.search(text)
    if first is None and not _may_hold_url(text, mode) and not (mode == MARKDOWN and path_spans(text)):
        tokens = [Token(TEXT, 0, len(text))] if text else []  # plain prose: most alt texts, captions, cells
    else:
        state = InlineState(text, mode, references, options)
        tokens = state.scan(table, special, first)
        if state.demoted:  # else no two text tokens touch: each one the scanner made ends at markup
            tokens = merge_text(tokens)
    return split_terms(tokens, text, find_terms)


def _may_hold_url(text: str, mode: str) -> bool:
    """Whether to look for bare URLs and e-mail addresses in ``text``: in Markdown, and in
    HTML text with a ``://``; cheap guards (most prose has none)."""
    return "://" in text or (mode == MARKDOWN and ("@" in text or _holds_www(text)))


#: ``www.`` in any case, as :data:`patterns.URL` (case-insensitive) matches it: no other character folds to ``w``
_WWW = re.compile(r"[wW]{3}\.")


def _holds_www(text: str) -> bool:
    if text.isascii():  # (one search of a lowered copy: cheaper than two searches and often the pattern)
        return "www." in text.lower()
    return ("w." in text or "W." in text) and _WWW.search(text) is not None
