"""Rendering: engine answers put back into a segment's text, escaped for where they land.

A unit whose answer is unchanged, empty, failed or has broken paired markup keeps its source
text (with a warning); translated prose is escaped so it cannot create markup in its context
(Markdown, HTML, an attribute, a link title, a shortcode parameter, a front matter value), and
line breaks are put back at spaces so hard-wrapped paragraphs stay wrapped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from functools import partial

from ..markdown.inline import TEXT, Token
from ..markdown.segments import Segment
from ..markdown.sourcemap import splice
from .placeholders import TAIL, Items, match_case_after, opens_sentence, read_placeholders
from .result import TranslationWarning
from .units import Part, Unit, parts_of, tagged_unit, trim_whitespace

#: what starts a Markdown block at a line start; ``_BLOCK_MARKER.match(text, i)`` asks at any
#: offset (``^`` matches only at the real start of a string, whatever ``pos`` says)
_BLOCK_MARKER = re.compile(r"([ \t]*)([-+*]|#{1,6}|>|\d{1,9}[.)]|={3,}|-{3,}|`{3,}|~{3,})(?=[ \t]|$)")
_BLOCK_START = re.compile("^" + _BLOCK_MARKER.pattern)
#: the characters a :data:`_BLOCK_START` match can start with (most sentences start with none)
_MARKER_STARTS = frozenset(" \t-+*#>=`~0123456789")
#: a line that starts with a backtick or tilde run is no fence only while its info string
#: holds a backtick: such a line is never cut short
_FENCE_RUN = re.compile(r"[ \t]*(?:`{3,}|~{3,})")
_GAP = re.compile(r"(?<=\S)  +(?=\S)")
_SPACES = re.compile(r"  +")


#: what opens a template tag (Liquid/Jinja ``{{``, ``{%``, ``{#``; Hugo ``{{<``/``{{%``)
_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")


def neutralise_templates(piece: str, original: str) -> str:
    """Template tags a translation invented, made inert: the generator expands templates in
    the whole page before Markdown, so ``{% include x %}`` from an engine would run. Their
    first brace becomes ``&#123;``, which every Markdown and HTML renderer shows as ``{``."""
    if "{" not in piece or len(_TEMPLATE_OPENER.findall(piece)) <= len(_TEMPLATE_OPENER.findall(original)):
        return piece
    return _TEMPLATE_OPENER.sub("&#123;", piece)


def escape(piece: str, original: str, context: str) -> str:
    """Escape characters a translation introduced that would become markup (or a live
    template tag) in ``context``."""
    escaped = _escape_markup(piece, original, context)
    if context in ("markdown", "html") or context.startswith(("attr:", "title:")):
        return neutralise_templates(escaped, original)
    return escaped


#: what a translation could turn into Markdown: brackets, inline markers, a tag's ``<``, an
#: entity's ``&`` (each escaped only when the source had none, brackets always)
_MARKDOWN_SPECIAL = re.compile(r"[\[\]*_`~|$\\]|<(?=[A-Za-z/!?])|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


#: the characters every match of :data:`_MARKDOWN_SPECIAL` starts with: a search for one of
#: them is a quarter of the cost of the full pattern's, and most prose has none
_MAY_BE_SPECIAL = re.compile(r"[\[\]*_`~|$\\<&]")


def markdown_escaper(original: str) -> Callable[[str], str]:
    """The Markdown escape of pieces translated from ``original`` (ask
    :data:`_MAY_BE_SPECIAL` first: prose without any candidate comes back as it is)."""

    def escaped(match: re.Match) -> str:
        found = match.group()
        return "\\" + found if found[0] in "[]" or found[0] not in original else found

    return partial(_MARKDOWN_SPECIAL.sub, escaped)  # (no Python frame per piece)


def _escape_markup(piece: str, original: str, context: str) -> str:
    if context == "markdown":
        return markdown_escaper(original)(piece) if _MAY_BE_SPECIAL.search(piece) else piece
    if context in ("html",) or context.startswith("attr:"):
        # a translation must not create markup: escape ``&``/``<``/``>`` (and the attribute's
        # quote) unless the source text itself had as many of them
        for ch, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            if piece.count(ch) > original.count(ch):
                piece = piece.replace(ch, entity)
        if context.startswith("attr:"):
            quote = context[-1]
            piece = piece.replace(quote, "&quot;" if quote == '"' else "&#39;")
        return piece
    if context.startswith("title:"):
        delim = {"(": ")"}.get(context[-1], context[-1])
        return piece.replace("\\", "\\\\").replace(delim, "\\" + delim)
    if context.startswith("param:"):
        quote = context[-1]
        return piece.replace(quote, "\u201d" if quote == '"' else "\u2019")
    if context == "frontmatter" and "<" not in original:
        # values such as titles are printed into HTML by site templates: no new tags
        return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", piece)
    return piece  # front matter values are quoted by render_value


def rewrap(text: str, newlines: int, breakable: list[tuple[int, int]]) -> str:
    """Re-insert up to ``newlines`` line breaks at spaces of translated prose (``breakable``
    ranges; never inside restored markup), spread evenly, never before a word that would start
    a Markdown block (list marker, heading, quote...) nor in a line that starts like a fence."""
    if newlines <= 0:
        return text
    spaces = [i for a, b in breakable for i in range(a, b) if text[i] == " "]
    chosen: list[int] = []
    for k in range(1, newlines + 1):
        goal = len(text) * k // (newlines + 1)
        # the nearest usable space after the last chosen one, looking outwards from the goal
        floor = bisect.bisect_right(spaces, chosen[-1]) if chosen else 0
        middle = max(floor, bisect.bisect_left(spaces, goal))
        left, right = middle - 1, middle
        while left >= floor or right < len(spaces):
            if right < len(spaces) and (left < floor or spaces[right] - goal <= goal - spaces[left]):
                candidate, right = spaces[right], right + 1
            else:
                candidate, left = spaces[left], left - 1
            line_start = chosen[-1] + 1 if chosen else 0
            if not _BLOCK_MARKER.match(text, candidate + 1) and not _FENCE_RUN.match(text, line_start):
                chosen.append(candidate)
                break
        else:
            break
    chars = list(text)
    for position in chosen:
        chars[position] = "\n"
    return "".join(chars)


def _token_index(segment: Segment, token: Token) -> int:
    """Index of ``token`` in ``segment.tokens`` (a lookup table kept on the segment)."""
    indices = segment.__dict__.get("_token_indices")
    if indices is None:
        indices = segment.__dict__["_token_indices"] = {id(t): i for i, t in enumerate(segment.tokens)}
    return indices.get(id(token), -1)


def _source_of(segment: Segment, tokens: list[Token]) -> str:
    """The source text under ``tokens`` (a contiguous run of the segment's tokens)."""
    return segment.text[tokens[0].start : tokens[-1].end] if tokens else ""


def _rewritten_starts(segment: Segment) -> list[int]:
    """Where the tokens with children or a replacement start (their text may differ from the
    source); kept on the segment."""
    starts = segment.__dict__.get("_rewritten_starts")
    if starts is None:
        starts = segment.__dict__["_rewritten_starts"] = [t.start for t in segment.tokens if t.kind != TEXT and (t.children or t.replacement is not None)]
    return starts


def _holds_rewritten(segment: Segment, start: int, end: int) -> bool:
    """Whether a token between ``start`` and ``end`` has children or a replacement."""
    starts = _rewritten_starts(segment)
    if not starts:
        return False
    index = bisect.bisect_left(starts, start)
    return index < len(starts) and starts[index] < end


def _changes_prose(translations: Mapping[str, str], parts: list[Part]) -> bool:
    """Whether the translation of any unit among ``parts`` differs from the unit.

    When none does, and none failed (each would get a warning), every part of a segment
    without children reads as its source: replacements apply only to a translated segment,
    and only children can change a token's text otherwise."""
    for part in parts:
        unit = part.unit
        if unit is not None and translations.get(unit.text, unit.text) != unit.text:
            return True
    return False


def _starts_line(segment: Segment, position: int, part: Part, out: list[str]) -> bool:
    """Whether the unit ``part`` (at ``position``, after the rendered ``out``) starts a
    Markdown line, where a block marker it starts with would make a block."""
    if part.lead.strip(" \t\n"):
        return False
    if position == 0 and segment.block_start:
        return True
    if part.lead:
        return part.lead.endswith("\n")
    # the last character rendered before (not a join of all of them: a paragraph has
    # thousands of parts)
    for piece in reversed(out):
        if piece:
            return piece[-1] == "\n"
    return False


class Renderer:
    """Puts translations back into segments."""

    def __init__(self, translations: dict[str, str], warnings: list[TranslationWarning], failed: Mapping[str, str], human: Mapping[int, tuple[str, str]] | None = None):
        self.translations = translations
        self.warnings = warnings
        self.failed = failed
        self.human = human or {}  # id(segment) -> (form, text): a person's translation

    # token text, with children applied; ``translated`` selects glossary/reference replacements
    def token_text(self, segment: Segment, index: int, translated: bool) -> str:
        token = segment.tokens[index]
        raw = segment.text[token.start : token.end]
        if translated and token.replacement is not None:
            if token.note == "term":
                return escape(token.replacement, "", segment.context) if token.replacement != raw else raw
            return token.replacement
        children = segment.children.get(index)
        if not children:
            return raw
        edits = []
        for child, child_segment in children:
            rendered = self.render(child_segment)
            if rendered is not None:
                edits.append((child.start - token.start, child.end - token.start, rendered))
        return splice(raw, edits) if edits else raw

    def _source_tokens(self, segment: Segment, tokens: list[Token], translated: bool = False) -> str:
        if not tokens:
            return ""
        text = segment.text
        if not _holds_rewritten(segment, tokens[0].start, tokens[-1].end):
            return text[tokens[0].start : tokens[-1].end]  # a part's tokens are contiguous
        out = []
        for token in tokens:
            # a token with no children and no replacement to apply reads as its source
            if token.kind == TEXT or not (token.children or (translated and token.replacement is not None)):
                out.append(text[token.start : token.end])
            else:
                out.append(self.token_text(segment, _token_index(segment, token), translated))
        return "".join(out)

    def _restore(self, segment: Segment, unit: Unit, translation: str) -> tuple[str, list[tuple[int, int]]] | None:
        """Translation with placeholders restored plus the ranges that are translated prose,
        or None when it has to fall back."""
        text, tokens = segment.text, unit.tokens
        if len(tokens) == 1:  # (most sentences: one run of prose)
            original_plain = text[tokens[0].start : tokens[0].end] if tokens[0].kind == TEXT else ""
        else:
            original_plain = "".join([text[t.start : t.end] for t in tokens if t.kind == TEXT])
        if "\n" in translation or "\r" in translation:
            translation = translation.replace("\r", " ").replace("\n", " ")
        if not unit.tagged:
            escaped = escape(translation, original_plain, segment.context)
            return escaped, [(0, len(escaped))]
        read = read_placeholders(unit, translation, segment.context == "markdown", source=text)
        if read is None:
            return None
        items, repaired = read
        if repaired:
            self.warnings.append(TranslationWarning(segment.line, "placeholder", "translation lost or duplicated protected markup; repaired"))
        return _assemble(self, segment, unit, items, repaired, original_plain)

    def render(self, segment: Segment) -> str | None:
        """New text of ``segment`` (logical), or None when nothing in it changed."""
        human = self.human.get(id(segment)) if self.human else None
        if human is not None:
            text = human_text(self, segment, *human)
            if text is not None:
                text = text.strip() if segment.trim else text
                return None if text == segment.text else text
        parts = parts_of(segment)
        # glossary replacements and reference labels apply once any prose of the segment changed
        translated = _changes_prose(self.translations, parts)
        if not translated and not self.failed and not segment.children:
            return None  # every part reads as its source (see _changes_prose)
        changed = False
        out = []
        plain = not _rewritten_starts(segment)  # every run of tokens reads as its source
        for position, part in enumerate(parts):
            if part.unit is None:
                if plain:
                    out.append(_source_of(segment, part.tokens))
                    continue
                rendered = self._source_tokens(segment, part.tokens, translated)
                if rendered != _source_of(segment, part.tokens):
                    changed = True
                out.append(rendered)
                continue
            translation = self.translations.get(part.unit.text, part.unit.text)
            original = _source_of(segment, part.tokens) if plain else self._source_tokens(segment, part.tokens)
            # the source sentence (with its children's translations) is kept when the unit is
            # unchanged, empty, or its paired markup came back broken
            keep = translation == part.unit.text
            translation = translation.strip()
            if part.unit.text in self.failed:
                self.warnings.append(TranslationWarning(segment.line, "untranslated", self.failed[part.unit.text] + "; source kept"))
                keep = True
            elif not keep and not translation:
                self.warnings.append(TranslationWarning(segment.line, "empty", "translator returned an empty string; source kept"))
                keep = True
            result = None if keep else self._restore(segment, part.unit, translation)
            if result is None and not keep:
                self.warnings.append(TranslationWarning(segment.line, "placeholder", "translation broke paired markup (emphasis/link); source sentence kept"))
            if result is None:
                changed |= original != _source_of(segment, part.tokens)
                out.append(part.lead + original + part.trail)
                continue
            restored, breakable = result
            if "\n" in original and segment.context in ("markdown", "html"):
                # line breaks inside restored markup (a tag, display math) are already there
                restored = rewrap(restored, original.count("\n") - restored.count("\n"), breakable)
            if restored[:1] in _MARKER_STARTS and segment.context == "markdown" and _starts_line(segment, position, part, out):
                restored = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), restored, count=1)
            changed = True
            out.append(part.lead + restored + part.trail)
        if not changed:
            return None
        rendered = "".join(out)
        return rendered.strip() if segment.trim else rendered


def _closed_gaps(item: str, repaired: bool) -> str:
    if "  " not in item:
        return item
    item = _GAP.sub(" ", item)  # engines leave gaps where they drop words
    return _SPACES.sub(" ", item) if repaired else item


def _assemble(renderer: Renderer, segment: Segment, unit: Unit, items: Items, repaired: bool, original_plain: str) -> tuple[str, list[tuple[int, int]]]:
    """The answer's ``items`` put back together: prose escaped for the segment's context,
    each placeholder replaced by its markup; plus the ranges that are translated prose."""
    context = segment.context
    if len(items) == 1 and isinstance(items[0], str):  # prose alone (most sentences)
        piece = escape(_closed_gaps(items[0], repaired), original_plain, context)
        return piece, [(0, len(piece))]
    text = segment.text
    out: list[str] = []
    # line breaks go in prose outside link texts when there is any: a link text across lines
    # is valid Markdown, but renderers that end a footnote at its first line (mistune,
    # Python-Markdown) then cut the link in two
    breakable: list[tuple[int, int]] = []
    linked: list[tuple[int, int]] = []
    links = 0  # link texts open at this item
    length, prose = 0, ""
    tokens, numbers = unit.tokens, unit.numbers
    previous: tuple[str, int] | None = None  # the placeholder just before, if any
    for item in items:
        if isinstance(item, str):
            raw = item
            item = _closed_gaps(item, repaired)
            # (match_case_after's first checks, made here: prose after markup is most prose)
            if previous is not None and (item.lstrip()[:1].isupper() or (previous[0] == "open" and opens_sentence(prose))):
                item = match_case_after(item, unit, previous, text, prose)
            previous = None
            prose = (prose + raw)[-TAIL:]  # the text so far, as far back as a sentence start is looked for
            piece = escape(item, original_plain, context)
            (linked if links else breakable).append((length, length + len(piece)))
            out.append(piece)
            length += len(piece)
            continue
        previous = item
        kind, number = item
        token = tokens[numbers[number]]
        if kind != "x" and text.startswith("[", token.start):  # (a link's opening bracket, or its pair's)
            links += 1 if kind == "open" else -1
        if kind == "close":
            token = tokens[unit.close_index[token.group]]  # (made on first use: most units have no pair)
        if token.children or token.replacement is not None:
            piece = renderer.token_text(segment, _token_index(segment, token), True)
        else:  # most markup (delimiters, code, URLs) is its own source
            piece = text[token.start : token.end]
        out.append(piece)
        length += len(piece)
    return "".join(out), breakable or linked


def human_text(renderer: Renderer, segment: Segment, form: str, value: str) -> str | None:
    """A person's translation of the whole segment: verbatim, or tagged prose put back
    into the segment's own markup (its children translated as usual)."""
    if form == "text":
        return value
    tokens, lead, trail = trim_whitespace(segment.text, segment.tokens)
    original = renderer._source_tokens(segment, tokens)
    result = renderer._restore(segment, tagged_unit(segment.text, tokens, "tagged"), value.strip())
    if result is None:
        renderer.warnings.append(TranslationWarning(segment.line, "placeholder", "a person's translation broke paired markup; source kept"))
        return None
    restored, breakable = result
    if segment.context in ("markdown", "html"):
        restored = rewrap(restored, original.count("\n"), breakable)
    return lead + restored + trail
