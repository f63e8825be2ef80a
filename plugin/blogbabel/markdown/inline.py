"""Inline tokenizer: splits a segment's logical text into prose and protected pieces.

It works on the exact source text (not on an AST), so every token carries its exact offsets.
Protected pieces are *opaque* (code spans, URLs, entities, HTML tags, Liquid/Hugo tags, math,
emoji, escapes, images, footnote references, attribute lists, glossary terms) or *paired*
(emphasis delimiters, the ``[`` and ``](dest "title")`` around link text). Opaque and closing
tokens may hold *children*: translatable ranges inside them (image alt, link and image titles,
``alt``/``title`` attributes, shortcode captions), translated as segments of their own.

Emphasis matching follows CommonMark's flanking rules in a simplified form (equal-length runs);
a delimiter it does not pair stays prose, which is safe: prose is copied when unchanged and
characters a translation introduces are escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex as re

TEXT, OPAQUE, OPEN, CLOSE = "text", "opaque", "open", "close"
MARKDOWN, HTML = "markdown", "html"

#: attributes of HTML elements whose values are prose
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})
#: shortcode / include parameters whose values are prose
TRANSLATABLE_PARAMS = frozenset({"caption", "alt", "title", "description"})
#: inline HTML elements whose content is code or otherwise not prose
RAW_CONTENT_ELEMENTS = frozenset({"code", "kbd", "samp", "var", "pre", "script", "style", "textarea", "math", "svg"})


@dataclass
class Child:
    """A translatable range inside a protected token (offsets relative to the segment text)."""

    start: int
    end: int
    kind: str
    context: str  # "markdown" (alt text), "title:<delim>", "attr:<quote>", "param:<quote>"


@dataclass
class Token:
    kind: str  # TEXT, OPAQUE, OPEN, CLOSE
    start: int
    end: int
    group: int = -1
    children: list[Child] = field(default_factory=list)
    #: replacement used instead of the source when the segment is translated (glossary terms,
    #: shortcut reference links that must keep their label)
    replacement: str | None = None
    #: "term" for glossary terms; "edge" for tokens that must stay at the edge of a sentence
    #: (task list boxes, kramdown attribute lists)
    note: str = ""


_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_MATH_BACKSLASH = re.compile(r"\\\((?:.|\n)+?\\\)|\\\[(?:.|\n)+?\\\]")
_MATH_DOLLAR = re.compile(r"\$\$(?:.|\n)+?\$\$|\$(?=[^\s$])(?:[^$\\\n]|\\.)+?(?<=[^\s\\])\$(?!\d)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
_ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
_HTML_TAG = re.compile(
    r"<!--(?:.|\n)*?-->|<\?(?:.|\n)*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[(?:.|\n)*?\]\]>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"
    r"|<(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:" + _ATTRIBUTE + r")*\s*/?>"
)
_PARTIAL_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=\s|$)")
_ATTR_VALUE = re.compile(r"""(?P<name>[A-Za-z_:][A-Za-z0-9_.:-]*)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
_LIQUID_RAW = re.compile(r"\{%-?\s*(raw|highlight|comment)\b.*?-?%\}(?:.|\n)*?\{%-?\s*end\1\s*-?%\}")
_TEMPLATE = re.compile(r"\{\{<(?:.|\n)*?>\}\}|\{\{%(?:.|\n)*?%\}\}|\{%(?:.|\n)*?%\}|\{\{(?:.|\n)*?\}\}")
_PARAM = re.compile(r"""(?P<name>[A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)')""")
_IAL = re.compile(r"\{:[^}\n]*\}|\{#[A-Za-z][\w:.-]*(?:\s[^}\n]*)?\}|\{\.[A-Za-z][^}\n]*\}")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_TASK_BOX = re.compile(r"\[[ xX]\](?=\s)")
_URL = re.compile(r"(?<![\w@/.])(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_EMOJI = re.compile(
    r"(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3"
    r"|\p{Extended_Pictographic}[\uFE0E\uFE0F]?\p{Emoji_Modifier}?"
    r"(?:\u200D\p{Extended_Pictographic}[\uFE0E\uFE0F]?\p{Emoji_Modifier}?)*)"
)
#: protected-construct patterns shared with the mojibake cleaner (repair/regions.py)
ENTITY, AUTOLINK, TEMPLATE, TEMPLATE_BLOCK = _ENTITY, _AUTOLINK, _TEMPLATE, _LIQUID_RAW
_SPECIAL = {
    MARKDOWN: re.compile(r"[\\`<{$&!\[\]*_~]|[^\x00-\x7f]"),
    HTML: re.compile(r"[<{&]|[^\x00-\x7f]"),
}
_PUNCT = re.compile(r"[\p{P}\p{S}]")


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    return bool(ch) and bool(_PUNCT.match(ch))


def _code_span_end(text: str, pos: int) -> tuple[int, int]:
    """(end of the opening backtick run, end of the code span or -1 when unclosed)."""
    run_end = pos
    while run_end < len(text) and text[run_end] == "`":
        run_end += 1
    run = run_end - pos
    search = run_end
    while True:
        close = text.find("`" * run, search)
        if close < 0:
            return run_end, -1
        after = close + run
        if (close == 0 or text[close - 1] != "`") and (after >= len(text) or text[after] != "`"):
            return run_end, after
        search = after
        while search < len(text) and text[search] == "`":
            search += 1


def _past_templates(text: str, start: int, end: int) -> int:
    """``end``, moved past any template tag that starts in ``text[start:end]`` and ends after it
    (Liquid and Hugo run before Markdown, so a code span or math cannot cut a tag in two)."""
    brace = text.find("{", start, end)
    while brace >= 0:
        m = _LIQUID_RAW.match(text, brace) or _TEMPLATE.match(text, brace)
        if m and m.end() > end:
            end = m.end()
        brace = text.find("{", (m.end() if m else brace + 1), end)
    return end


def _matching_bracket(text: str, pos: int) -> int:
    """Index of the ``]`` closing the ``[`` at ``pos`` (skipping escapes, code spans and
    template tags, which Liquid/Hugo expand before Markdown sees the brackets), or -1."""
    depth = 0
    i = pos
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            m = _LIQUID_RAW.match(text, i) or _TEMPLATE.match(text, i)
            if m:
                i = m.end()
                continue
        if ch == "`":
            run_end, end = _code_span_end(text, i)
            i = end if end > 0 else run_end
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _link_tail(text: str, pos: int) -> tuple[int, tuple[int, int, str] | None] | None:
    """Parse ``(dest "title")`` starting at ``pos`` (the ``(``).

    Returns (end offset, (title start, title end, delimiter) or None), or None when it is not
    a valid inline link tail.
    """
    n = len(text)
    i = pos + 1
    while i < n and text[i] in " \t\n":
        i += 1
    template = _TEMPLATE.match(text, i) if i < n and text[i] == "{" else None
    if template:  # Hugo ``[text]({{< ref "page.md" >}})`` / Liquid ``{% link … %}`` destinations
        i = template.end()
    elif i < n and text[i] == "<":
        close = text.find(">", i)
        if close < 0 or "\n" in text[i:close]:
            return None
        i = close + 1
    else:
        depth = 0
        while i < n:
            ch = text[i]
            if ch == "\\" and i + 1 < n:
                i += 2
                continue
            if ch.isspace() or ord(ch) < 32:
                break
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
    j = i
    while j < n and text[j] in " \t\n":
        j += 1
    title = None
    if j < n and text[j] in "\"'(" and j > i:
        delim = text[j]
        closing = ")" if delim == "(" else delim
        k = j + 1
        while k < n and text[k] != closing:
            k += 2 if text[k] == "\\" else 1
        if k >= n:
            return None
        title = (j + 1, k, delim)
        j = k + 1
        while j < n and text[j] in " \t\n":
            j += 1
    if j < n and text[j] == ")":
        return j + 1, title
    return None


def _params(text: str, start: int, end: int, context_prefix: str) -> list[Child]:
    """Translatable ``name="value"`` parameters inside a template tag."""
    children = []
    for match in _PARAM.finditer(text, start, end):
        if match["name"].lower() in TRANSLATABLE_PARAMS:
            group = "dq" if match["dq"] is not None else "sq"
            a, b = match.span(group)
            if a < b:
                quote = '"' if group == "dq" else "'"
                children.append(Child(a, b, "shortcode_" + match["name"].lower(), f"{context_prefix}:{quote}"))
    return children


def _attributes(text: str, start: int, end: int) -> list[Child]:
    """Translatable attribute values (alt, title, aria-label, placeholder) inside an HTML tag."""
    children = []
    for match in _ATTR_VALUE.finditer(text, start, end):
        name = match["name"].lower()
        if name in TRANSLATABLE_ATTRIBUTES:
            group = "dq" if match["dq"] is not None else "sq"
            a, b = match.span(group)
            if text[a:b].strip():
                quote = '"' if group == "dq" else "'"
                children.append(Child(a, b, "alt" if name == "alt" else "attribute", f"attr:{quote}"))
    return children


def html_tag_children(text: str, start: int, end: int) -> list[Child]:
    """Children of an HTML tag token (public for the HTML block scanner)."""
    return _attributes(text, start, end)


def template_children(text: str, start: int, end: int) -> list[Child]:
    """Children of a Liquid/Hugo tag token (public for the HTML block scanner)."""
    return _params(text, start, end, "param")


def _trim_url(url: str) -> str:
    """Drop trailing punctuation that ends the sentence, keeping balanced parentheses; a
    template tag glued to the URL (``{{``, ``{%``) is not part of it."""
    url = re.split(r"\{[{%]", url, maxsplit=1)[0]
    while url:  # GFM's autolink_delim, trimming from the end until nothing changes
        last = url[-1]
        if last == ";":
            entity = re.search(r"&#?[A-Za-z0-9]+;$", url)  # an entity at the end is not part of it
            url = url[: entity.start()] if entity else url[:-1]
        elif last in ".,:!?*_~'\"":
            url = url[:-1]
        elif last == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        else:
            return url
    return url


class _Scanner:
    def __init__(self, text: str, mode: str, references: frozenset[str]):
        self.text = text
        self.mode = mode
        self.references = references
        self.tokens: list[Token] = []
        self.text_start = 0
        self.groups = 0
        self.pending_close: dict[int, Token] = {}
        self.urls: dict[int, int] = {}
        if "://" in text or "www." in text.lower():  # cheap guards: most prose has no URL
            self.urls = {m.start(): m.start() + len(_trim_url(m.group())) for m in _URL.finditer(text)}
        if "@" in text:
            self.urls.update({m.start(): m.end() for m in _EMAIL.finditer(text) if m.start() not in self.urls})

    def _flush_text(self, upto: int) -> None:
        if upto > self.text_start:
            self.tokens.append(Token(TEXT, self.text_start, upto))

    def _emit(self, token: Token) -> None:
        self._flush_text(token.start)
        self.tokens.append(token)
        self.text_start = token.end

    def scan(self) -> list[Token]:
        text, n = self.text, len(self.text)
        special = _SPECIAL[self.mode]
        url_starts = sorted(self.urls)
        url_index = 0
        pos = 0
        while pos < n:
            match = special.search(text, pos)
            next_special = match.start() if match else n
            while url_index < len(url_starts) and url_starts[url_index] < pos:
                url_index += 1
            next_url = url_starts[url_index] if url_index < len(url_starts) else n
            if next_url <= next_special and next_url < n:
                end = self.urls[next_url]
                # a URL never swallows the ``]`` that closes a pending link text
                end = min([end] + [close for close in self.pending_close if close > next_url])
                if end > next_url:
                    self._emit(Token(OPAQUE, next_url, end))
                    pos = end
                    continue
                pos = next_url + 1
                continue
            if match is None:
                break
            pos = self._at(next_special)
        self._flush_text(n)
        return self.tokens

    def _opaque(self, start: int, end: int, children: list[Child] | None = None) -> int:
        self._emit(Token(OPAQUE, start, end, children=children or []))
        return end

    def _at(self, pos: int) -> int:
        """Handle the special character at ``pos``; return where scanning continues."""
        text = self.text
        ch = text[pos]
        if pos in self.pending_close:
            token = self.pending_close.pop(pos)
            self._emit(token)
            return token.end
        if ch == "<":
            m = _AUTOLINK.match(text, pos) if self.mode == MARKDOWN else None
            if m:
                return self._opaque(pos, m.end())
            m = _HTML_TAG.match(text, pos)
            if m:
                name = (m["name"] or "").lower()
                end = m.end()
                if name in RAW_CONTENT_ELEMENTS and not m.group().endswith("/>"):
                    close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, end)
                    if close:
                        end = close.end()
                return self._opaque(pos, end, _attributes(text, pos, m.end()) if name else [])
            if self.mode == HTML:
                # an unfinished tag in raw HTML (``<div id="x"`` then a newline) stays opaque
                m = _PARTIAL_TAG.match(text, pos)
                if m:
                    return self._opaque(pos, m.end())
            return pos + 1
        if ch == "{":
            m = _LIQUID_RAW.match(text, pos) or _TEMPLATE.match(text, pos)
            if m:
                return self._opaque(pos, m.end(), _params(text, pos, m.end(), "param"))
            m = _IAL.match(text, pos)
            if m:
                self._emit(Token(OPAQUE, pos, m.end(), note="edge"))
                return m.end()
            return pos + 1
        if ch == "&":
            m = _ENTITY.match(text, pos)
            return self._opaque(pos, m.end()) if m else pos + 1
        if ord(ch) > 0x7F:
            m = _EMOJI.match(text, pos)
            return self._opaque(pos, m.end()) if m and m.end() > pos else pos + 1
        # Markdown-only constructs below
        if ch == "\\":
            # Liquid and Hugo run before Markdown: "\{{ x }}" is still a template tag
            m = _LIQUID_RAW.match(text, pos + 1) or _TEMPLATE.match(text, pos + 1) if text.startswith("{", pos + 1) else None
            if m:
                return self._opaque(pos, m.end(), _params(text, pos + 1, m.end(), "param"))
            m = _MATH_BACKSLASH.match(text, pos) or _ESCAPE.match(text, pos)
            return self._opaque(pos, _past_templates(text, pos, m.end())) if m else pos + 1
        if ch == "`":
            run_end, end = _code_span_end(text, pos)
            if end < 0:
                return run_end
            return self._opaque(pos, _past_templates(text, pos, end))
        if ch == "$":
            m = _MATH_DOLLAR.match(text, pos)
            return self._opaque(pos, _past_templates(text, pos, m.end())) if m else pos + 1
        if ch == "!" and text.startswith("![", pos):
            return self._image(pos)
        if ch == "[":
            return self._link(pos)
        if ch in "*_~":
            end = pos
            while end < len(text) and text[end] == ch:
                end += 1
            self._emit(Token(OPEN, pos, end, group=-2))  # delimiter run, resolved later
            return end
        return pos + 1

    def _label_end(self, pos: int) -> int:
        """End of a link label ``[...]`` starting at ``pos`` (escapes allowed), or -1."""
        text = self.text
        i = pos + 1
        while i < len(text) and i - pos <= 1000:
            if text[i] == "\\":
                i += 2
                continue
            if text[i] == "[":
                return -1
            if text[i] == "]":
                return i + 1
            i += 1
        return -1

    def _defined(self, label: str) -> bool:
        from markdown_it.common.utils import normalizeReference

        return normalizeReference(label) in self.references

    def _reference_tail(self, close: int) -> tuple[str, int, tuple[int, int, str] | None] | None:
        """What follows a link/image's ``]``: ("inline", end, title) for ``(…)``, ("full", end,
        None) for a defined ``[ref]``, ("collapsed"/"shortcut", end, None) when the text itself
        is a defined label, ("label", …) for an undefined ``[ref]`` (no link), or None."""
        text = self.text
        after = close + 1
        if after < len(text) and text[after] == "(":
            tail = _link_tail(text, after)
            if tail:
                return ("inline", tail[0], tail[1])
        if text.startswith("[]", after):
            return ("collapsed", after + 2, None)
        if after < len(text) and text[after] == "[":
            end = self._label_end(after)
            if end > 0:
                kind = "full" if self._defined(text[after + 1:end - 1]) else "label"
                return (kind, end, None)
        return ("shortcut", after, None)

    def _image(self, pos: int) -> int:
        text = self.text
        close = _matching_bracket(text, pos + 1)
        if close < 0:
            return pos + 1
        kind, end, title = self._reference_tail(close)
        label = text[pos + 2:close]
        if kind in ("collapsed", "shortcut"):
            # the alt text is also the reference label: keep the whole image as it is
            return self._opaque(pos, end) if self._defined(label) else pos + 2
        if kind == "label":
            return pos + 2
        children = []
        if close > pos + 2:
            children.append(Child(pos + 2, close, "alt", MARKDOWN))
        if title:
            children.append(Child(title[0], title[1], "image_title", f"title:{title[2]}"))
        return self._opaque(pos, end, children)

    def _link(self, pos: int) -> int:
        text = self.text
        for pattern in (_FOOTNOTE_REF, _TASK_BOX):
            m = pattern.match(text, pos)
            if m and (pattern is _FOOTNOTE_REF or pos == 0):
                self._emit(Token(OPAQUE, pos, m.end(), note="edge" if pattern is _TASK_BOX else ""))
                return m.end()
        close = _matching_bracket(text, pos)
        if close < 0:
            return pos + 1
        label = text[pos + 1:close]
        kind, end, title = self._reference_tail(close)
        replacement = None
        if kind == "label":
            return pos + 1
        if kind in ("collapsed", "shortcut"):
            if not self._defined(label):
                return pos + 1
            # the link text is the reference label: a translated text keeps it as the label
            replacement = "][" + label + "]"
        self.groups += 1
        group = self.groups
        children = []
        if title:
            children.append(Child(title[0], title[1], "link_title", f"title:{title[2]}"))
        self._emit(Token(OPEN, pos, pos + 1, group=group))
        self.pending_close[close] = Token(CLOSE, close, end, group=group, children=children, replacement=replacement)
        return pos + 1


def _resolve_emphasis(tokens: list[Token], text: str, first_group: int) -> None:
    """Pair emphasis delimiter runs (group -2) with a stack; unpaired runs become text."""
    stack: list[int] = []
    group = first_group
    for index, token in enumerate(tokens):
        if token.group != -2:
            continue
        ch = text[token.start]
        before = text[token.start - 1] if token.start > 0 else ""
        after = text[token.end] if token.end < len(text) else ""
        left = not _is_space(after) and (not _is_punct(after) or _is_space(before) or _is_punct(before))
        right = not _is_space(before) and (not _is_punct(before) or _is_space(after) or _is_punct(after))
        if ch == "_":
            can_open = left and (not right or _is_punct(before))
            can_close = right and (not left or _is_punct(after))
        elif ch == "~":
            can_open, can_close = left, right
        else:
            can_open, can_close = left, right
        matched = False
        if can_close:
            for depth in range(len(stack) - 1, -1, -1):
                opener = tokens[stack[depth]]
                if text[opener.start] == ch and opener.end - opener.start == token.end - token.start:
                    group += 1
                    opener.group = group
                    token.kind, token.group = CLOSE, group
                    del stack[depth:]
                    matched = True
                    break
        if not matched:
            if can_open:
                stack.append(index)
            else:
                token.kind, token.group = TEXT, -1
    for index in stack:
        tokens[index].kind, tokens[index].group = TEXT, -1


def _merge_text(tokens: list[Token]) -> list[Token]:
    merged: list[Token] = []
    for token in tokens:
        if token.kind == TEXT and merged and merged[-1].kind == TEXT and merged[-1].end == token.start:
            merged[-1] = Token(TEXT, merged[-1].start, token.end)
        else:
            merged.append(token)
    return merged


TermFinder = Callable[[str], Sequence[tuple[int, int, str | None]]]


def _split_terms(tokens: list[Token], text: str, find_terms: TermFinder | None) -> list[Token]:
    """Turn glossary terms inside prose into opaque tokens (with a forced replacement if any)."""
    if find_terms is None:
        return tokens
    out: list[Token] = []
    for token in tokens:
        if token.kind != TEXT:
            out.append(token)
            continue
        pos = token.start
        for a, b, replacement in find_terms(text[token.start:token.end]):
            a, b = a + token.start, b + token.start
            if a < pos:
                continue
            if a > pos:
                out.append(Token(TEXT, pos, a))
            out.append(Token(OPAQUE, a, b, replacement=replacement, note="term"))
            pos = b
        if pos < token.end:
            out.append(Token(TEXT, pos, token.end))
    return out


def with_placeholders(text: str, tokens: Sequence[Token]) -> tuple[str, dict[int, int]]:
    """What a translator sees: ``tokens`` over ``text`` with protected ones as XLIFF-style
    placeholders (``<x1/>`` opaque, ``<g2>…</g2>`` paired) and line breaks as spaces; plus
    placeholder number -> index of its token (the opening one for pairs)."""
    out, numbers, open_numbers = [], {}, {}
    for index, token in enumerate(tokens):
        if token.kind == TEXT:
            out.append(text[token.start:token.end].replace("\n", " "))
        elif token.kind == CLOSE:
            out.append(f"</g{open_numbers.get(token.group, 0)}>")
        else:
            number = len(numbers) + 1
            numbers[number] = index
            if token.kind == OPAQUE:
                out.append(f"<x{number}/>")
            else:
                open_numbers[token.group] = number
                out.append(f"<g{number}>")
    return "".join(out), numbers


def tokenize(
    text: str,
    *,
    mode: str = MARKDOWN,
    references: frozenset[str] = frozenset(),
    find_terms: TermFinder | None = None,
) -> list[Token]:
    """Tokens covering ``text`` exactly, in order (see the module docstring)."""
    scanner = _Scanner(text, mode, references)
    tokens = scanner.scan()
    # A pending close that was never reached (its ``]`` was swallowed by another construct)
    # leaves an orphan opener: turn it back into prose.
    orphan_groups = {token.group for token in scanner.pending_close.values()}
    for token in tokens:
        if token.kind == OPEN and token.group in orphan_groups:
            token.kind, token.group = TEXT, -1
    _resolve_emphasis(tokens, text, scanner.groups)
    tokens = _merge_text(tokens)
    return _split_terms(tokens, text, find_terms)
