"""The inline scanner's rules: one function per construct, tried in order (like
markdown-it-py's ruler). Each takes the scanner state and the position of its trigger
character and returns where scanning continues, or None when the construct is not there
(the character then stays prose).
"""

from __future__ import annotations

import bisect
import re as stdlib_re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import regex as re

from . import patterns as p
from .links import MAX_LABEL, label_end, link_tail
from .tokens import (
    BRACKET,
    CLOSE,
    DELIMITER_RUN,
    MARKDOWN,
    OPAQUE,
    OPEN,
    TEXT,
    Child,
    Token,
)

if TYPE_CHECKING:
    from .inline import InlineState

Rule = Callable[["InlineState", int], "int | None"]


#: parameters that are identifiers on some shortcodes although prose on others (Kubernetes'
#: ``{{< tabs name="download_binary" >}}`` is the tab set's id; its ``tab name="Intel"`` a label)
_IDENTIFIER_PARAMS = {"tabs": frozenset({"name"})}


def params(state: InlineState, start: int, end: int) -> list[Child]:
    """Translatable ``name="value"`` parameters inside a template tag."""
    children = []
    identifiers = _IDENTIFIER_PARAMS.get(state.templates.name(start), frozenset())
    for match in p.PARAM.finditer(state.text, start, end):
        name = match["name"].lower()
        if name in state.params and name not in identifiers:
            group = "dq" if match["dq"] is not None else "sq"
            a, b = match.span(group)
            if a < b:
                quote = '"' if group == "dq" else "'"
                children.append(Child(a, b, "shortcode_" + name, f"param:{quote}"))
    return children


def attributes(text: str, start: int, end: int, names: frozenset[str]) -> list[Child]:
    """Translatable attribute values (alt, title, aria-label, placeholder) inside an HTML tag."""
    children: list[Child] = []
    if text.find("=", start, end) < 0:  # no value at all (closing tags, ``<figure>``)
        return children
    for match in p.ATTR_VALUE.finditer(text, start, end):
        name = match["name"].lower()
        if name in names:
            group = "dq" if match["dq"] is not None else "sq"
            a, b = match.span(group)
            if text[a:b].strip():
                quote = '"' if group == "dq" else "'"
                children.append(Child(a, b, "alt" if name == "alt" else "attribute", f"attr:{quote}"))
    return children


def _past_templates(state: InlineState, start: int, end: int) -> int:
    """``end``, moved past any template tag that starts in ``text[start:end]`` and ends after it
    (Liquid and Hugo run before Markdown, so a code span or math cannot cut a tag in two)."""
    text = state.text
    brace = text.find("{", start, end)
    while brace >= 0:
        stop = state.templates.end(brace)
        end = max(end, stop)
        brace = text.find("{", max(stop, brace + 1), end)
    return end


def _covering(state: InlineState, start: int, end: int, children: list[Child] | None = None) -> int:
    return state.opaque(start, _past_templates(state, start, end), children)


def template(state: InlineState, pos: int) -> int | None:
    end = state.templates.tag_end(pos)
    if end < 0:
        return None
    if state.text.startswith("{/*", pos):  # an MDX comment: at the end of a heading it is its id
        return state.emit(Token(OPAQUE, pos, end, note="edge"))
    pair = state.templates.pair_end(pos, end)
    return state.opaque(pos, pair if pair > 0 else end, params(state, pos, end))


def attribute_list(state: InlineState, pos: int) -> int | None:
    m = p.IAL.match(state.text, pos)  # (its prose values, such as data-toc-label, are children)
    return state.emit(Token(OPAQUE, pos, m.end(), children=attributes(state.text, pos, m.end(), state.attributes), note="edge")) if m else None


def autolink(state: InlineState, pos: int) -> int | None:
    m = p.AUTOLINK.match(state.text, pos) if state.mode == MARKDOWN else None
    return state.opaque(pos, m.end()) if m else None


def html_special(state: InlineState, pos: int) -> int | None:
    """Comments, processing instructions, CDATA and declarations."""
    text = state.text
    if text[pos + 1 : pos + 2] not in ("!", "?"):  # (most ``<`` open a tag: no opener to try)
        return None
    for opener in ("<!--", "<?", "<![CDATA["):
        if text.startswith(opener, pos):
            close = state.closers.find(p.DELIMITED[opener], pos + len(opener))
            return state.opaque(pos, close + len(p.DELIMITED[opener])) if close >= 0 else None
    if text.startswith("<!", pos) and text[pos + 2 : pos + 3].isalpha():
        close = state.closers.find(">", pos)
        return state.opaque(pos, close + 1) if close >= 0 else None
    return None


def html_tag(state: InlineState, pos: int) -> int | None:
    text = state.text
    jsx = state.templates.jsx_pair_end(pos)
    if jsx > 0:
        return state.opaque(pos, jsx)
    m = (p.HTML_CLOSE_TAG if text.startswith("</", pos) else p.HTML_OPEN_TAG).match(text, pos)  # (one can match at most)
    if m is None:
        if state.mode != MARKDOWN:  # an unfinished tag in raw HTML (``<div id="x"`` then a newline) stays opaque
            partial = p.PARTIAL_TAG.match(text, pos)
            return state.opaque(pos, partial.end()) if partial else None
        return None
    name = m["name"].lower() if m.re is p.HTML_OPEN_TAG else ""  # (a closing tag has no name group)
    end = m.end()
    if name in p.RAW_CONTENT_ELEMENTS and not m.group().endswith("/>"):
        close, close_end = state.closers.search(state.raw_close(name), end)
        end = close_end if close >= 0 else end
    return state.opaque(pos, end, attributes(text, pos, m.end(), state.attributes) if name else [])


def entity(state: InlineState, pos: int) -> int | None:
    m = p.ENTITY.match(state.text, pos)
    return state.opaque(pos, m.end()) if m else None


def emoji(state: InlineState, pos: int) -> int | None:
    m = p.EMOJI.match(state.text, pos)
    # noted: "©" and "®" are emoji, and also the tail of mojibake ("Ã©" is a broken "é")
    return state.emit(Token(OPAQUE, pos, m.end(), note="emoji")) if m and m.end() > pos else None


def emoji_shortcode(state: InlineState, pos: int) -> int | None:
    m = p.EMOJI_SHORTCODE.match(state.text, pos)
    return state.opaque(pos, m.end()) if m else None


def keys(state: InlineState, pos: int) -> int | None:
    m = p.KEYS.match(state.text, pos)
    return state.opaque(pos, m.end()) if m else None


def escape(state: InlineState, pos: int) -> int | None:
    text = state.text
    if text.startswith("{", pos + 1):  # Liquid and Hugo run before Markdown: "\{{ x }}" is still a tag
        end = state.templates.end(pos + 1)
        if end > 0:
            return state.opaque(pos, end, params(state, pos + 1, end))
    for opener in ("\\\\(", "\\\\[", "\\(", "\\["):
        if text.startswith(opener, pos):
            closer = p.DELIMITED[opener]
            close = state.closers.find(closer, pos + len(opener))
            if close >= 0:
                return _covering(state, pos, close + len(closer))
    m = p.MATH_ENVIRONMENT.match(text, pos)
    if m:
        closer = "\\end{" + m.group(1) + "}"
        close = state.closers.find(closer, m.end())
        if close >= 0:
            return _covering(state, pos, close + len(closer))
    m = p.ESCAPE.match(text, pos)
    return _covering(state, pos, m.end()) if m else None


def code_span(state: InlineState, pos: int) -> int:
    text = state.text
    run_end = pos
    while run_end < len(text) and text[run_end] == "`":
        run_end += 1
    # the next run of backticks closes the span when it is as long (most code spans); only
    # otherwise the index of every run (made once per text) is needed
    after = text.find("`", run_end)
    if after < 0:
        return run_end  # unclosed: the run is prose
    if text.startswith(text[pos:run_end], after) and not text.startswith("`", after + run_end - pos):
        return state.opaque(pos, _past_crossings(state, pos, after + run_end - pos))
    close = _closing_run(state, run_end, run_end - pos)
    if close < 0:
        return run_end  # unclosed: the run is prose
    return state.opaque(pos, _past_crossings(state, pos, close + run_end - pos))


def _closing_run(state: InlineState, after: int, length: int) -> int:
    """Start of the first backtick run of ``length`` at or after ``after``, or -1."""
    closing = state.backtick_runs().get(length, [])
    index = bisect.bisect_left(closing, after)
    return closing[index] if index < len(closing) else -1


def _past_crossings(state: InlineState, start: int, end: int) -> int:
    """The end of a code span ``text[start:end]`` moved past a template tag that starts in it
    and ends after it, and then past the code span that tag ends in: documentation about
    templates writes `{{` and `}}` as two code spans, and neither reading may be cut."""
    text = state.text
    while True:
        past = _past_templates(state, start, end)
        tick = text.find("`", end, past)
        while tick >= 0:  # the code spans the tag crossed into, in order
            run_end = tick
            while text.startswith("`", run_end):
                run_end += 1
            close = _closing_run(state, run_end, run_end - tick)
            if close < 0:
                break
            if close >= past:  # the tag ends inside this span: the span's end is the end
                past = close + run_end - tick
                break
            tick = text.find("`", close + run_end - tick, past)
        if past == end:
            return end
        start, end = end, past


def math(state: InlineState, pos: int) -> int | None:
    text = state.text
    if text.startswith("$$", pos):
        close = state.closers.find("$$", pos + 2)
        return _covering(state, pos, close + 2) if close > pos + 2 else None
    m = p.MATH_INLINE_DOLLAR.match(text, pos)
    return _covering(state, pos, m.end()) if m else None


def footnote_or_task(state: InlineState, pos: int) -> int | None:
    m = p.FOOTNOTE_REF.match(state.text, pos) if state.text.startswith("[^", pos) else None  # (most brackets: a link)
    if m:
        return state.opaque(pos, m.end())
    m = p.TASK_BOX.match(state.text, pos) if pos == 0 else None
    return state.emit(Token(OPAQUE, pos, m.end(), note="edge")) if m else None


def bracket_open(state: InlineState, pos: int) -> int | None:
    image = state.text.startswith("![", pos)
    if state.text[pos] == "!" and not image:
        return None
    end = pos + (2 if image else 1)
    state.emit(Token(OPEN, pos, end, BRACKET))
    state.open_bracket(image)
    return end


def _reference_tail(state: InlineState, close: int, label: str) -> tuple[str, int, tuple[int, int, str] | None]:
    """What follows a link/image's ``]``: ("inline", end, title) for ``(…)``, ("full", end,
    None) for a defined ``[ref]``, ("collapsed"/"shortcut", end, None) when the text itself is
    a label, ("label", …) for an undefined ``[ref]`` (no link)."""
    text = state.text
    after = close + 1
    if after < len(text) and text[after] == "(":
        tail = link_tail(text, after, state.templates)
        if tail:
            return ("inline", tail[0], tail[1])
    if text.startswith("[]", after):
        return ("collapsed", after + 2, None)
    if after < len(text) and text[after] == "[":
        end = label_end(text, after)
        if end > 0:
            return ("full" if state.defined(text[after + 1 : end - 1]) else "label", end, None)
    return ("shortcut", after, None)


def bracket_close(state: InlineState, pos: int) -> int | None:
    """cmark's look-for-link-or-image at a ``]``: the nearest open bracket decides."""
    opener = state.brackets[-1] if state.brackets else None
    if opener is None:
        return None
    token = state.tokens[opener.token]
    label = state.text[token.end : pos]
    if not opener.active:
        # brackets that pair up around a link (a link cannot hold a link) stay as they are:
        # escaping them would let the outer pair become a link
        state.brackets.pop()
        token.kind, token.group = OPAQUE, -1
        return state.opaque(pos, pos + 1)
    kind, end, title = _reference_tail(state, pos, label)
    defined = kind in ("inline", "full") or (len(label) <= MAX_LABEL and state.defined(label))
    if kind == "label" or not defined:
        state.drop_bracket()
        return None
    if opener.image:
        children = []
        if kind in ("inline", "full"):
            if pos > token.end:
                children.append(Child(token.end, pos, "alt", MARKDOWN))
            if title:
                children.append(Child(title[0], title[1], "image_title", f"title:{title[2]}"))
        # a collapsed/shortcut image's alt text is its reference label: kept whole
        return state.close_image(end, children)
    children = [Child(title[0], title[1], "link_title", f"title:{title[2]}")] if title else []
    # a collapsed/shortcut link's text is the label: a translated text keeps it as the label
    replacement = "][" + label + "]" if kind in ("collapsed", "shortcut") else None
    return state.close_link(Token(CLOSE, pos, end, children=children, replacement=replacement))


_RUN = stdlib_re.compile(r"\*+|_+|~+")  # the stdlib module: faster than ``regex`` on ASCII runs


def delimiter_run(state: InlineState, pos: int) -> int:
    end = _RUN.match(state.text, pos).end()  # type: ignore[union-attr,unused-ignore]
    tokens = state.tokens
    if pos > state.text_start:  # the emit of InlineState, inlined: the hottest path of long posts
        tokens.append(Token(TEXT, state.text_start, pos))
    state.runs.append(len(tokens))
    tokens.append(Token(OPEN, pos, end, DELIMITER_RUN))
    state.text_start = end
    return end


#: the ordered rule table: (name, trigger characters, rule, modes it applies to)
RULES: tuple[tuple[str, str, Rule, tuple[str, ...]], ...] = (
    ("escape", "\\", escape, (MARKDOWN,)),
    ("code_span", "`", code_span, (MARKDOWN,)),
    ("math", "$", math, (MARKDOWN,)),
    ("template", "{", template, ("markdown", "html")),
    ("attribute_list", "{", attribute_list, ("markdown", "html")),
    ("autolink", "<", autolink, (MARKDOWN,)),
    ("html_special", "<", html_special, ("markdown", "html")),
    ("html_tag", "<", html_tag, ("markdown", "html")),
    ("entity", "&", entity, ("markdown", "html")),
    ("emoji_shortcode", ":", emoji_shortcode, (MARKDOWN,)),
    ("keys", "+", keys, (MARKDOWN,)),
    ("footnote_or_task", "[", footnote_or_task, (MARKDOWN,)),
    ("bracket_open", "[!", bracket_open, (MARKDOWN,)),
    ("bracket_close", "]", bracket_close, (MARKDOWN,)),
    ("emphasis", "*_~", delimiter_run, (MARKDOWN,)),
)
#: rules for a character that is none of the triggers above (emoji only)
FALLBACK: tuple[Rule, ...] = (emoji,)


#: every Extended_Pictographic character is ©, ® or at least U+203C, and every regional
#: indicator above U+1F1E5: a text without these cannot stop the scanner at an emoji
_MAYBE_EMOJI = stdlib_re.compile("[\u00a9\u00ae\u203c-\U0010ffff]")


def stops(text: str, mode: str) -> tuple[dict[str, tuple[Rule, ...]], re.Pattern | stdlib_re.Pattern]:
    """:func:`rule_table` for ``text``: without a possible emoji, the characters to stop at
    are searched with the stdlib ``re`` (several times faster than ``regex``'s Unicode
    property classes; the same stops)."""
    table, special = rule_table(mode)
    if not text.isascii() and _may_hold_emoji(text):  # (isascii: one quick pass in C)
        return table, special
    return table, _ascii_stops(mode)


def _may_hold_emoji(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`_MAYBE_EMOJI`."""
    if len(text.encode("latin-1", "ignore")) == len(text):  # (most accented prose: "©" and "®" are its only emoji)
        return "\u00a9" in text or "\u00ae" in text
    return _MAYBE_EMOJI.search(text) is not None


@cache
def _ascii_stops(mode: str) -> stdlib_re.Pattern:
    return stdlib_re.compile("[" + "".join(stdlib_re.escape(ch) for ch in rule_table(mode)[0]) + "]")


@cache  # built once per mode: every inline scan asks for it (a regex compile each time)
def rule_table(mode: str) -> tuple[dict[str, tuple[Rule, ...]], re.Pattern]:
    """Rules by trigger character for ``mode``, and the pattern of characters to stop at."""
    table: dict[str, list[Rule]] = {}
    for _name, triggers, rule, modes in RULES:
        if mode in modes:
            for ch in triggers:
                table.setdefault(ch, []).append(rule)
    chars = "".join(re.escape(ch) for ch in table)
    # one character class (not an alternation of two): the regex module tests it twice as fast
    special = re.compile(rf"[{chars}\p{{Extended_Pictographic}}\p{{Regional_Indicator}}]")
    return {ch: tuple(rules) for ch, rules in table.items()}, special
