"""Structure-preserving translation of a whole post.

Flow: :func:`prepare_translation` analyses the post (segments, inline tokens), splits each
segment's prose into sentences and builds the *units* to send (``job.texts``, deduplicated);
any translator translates them (one ``translate_batch`` call per post, or one call for many
posts when the caller batches jobs); :meth:`TranslationJob.finish` puts the translations back
into the original text at the recorded spans. Everything outside the units is copied byte for
byte, and a unit whose translation comes back unchanged leaves its source untouched.

Inline markup travels as XLIFF-style placeholders (``<x1/>`` opaque, ``<g2>…</g2>`` paired)
when the translator declares ``preserves_markup = True``; otherwise a sentence is split at its
markup and the plain pieces are sent. Broken placeholders are repaired deterministically: an
opaque one that was lost is re-attached at the end of the sentence (a URL or code span is never
lost), duplicates are dropped, and a sentence whose paired markup was lost, duplicated or
misnested keeps its source text; each repair is reported as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ..backends.base import translate_checked
from ..errors import BackendError
from ..markdown.frontmatter import DEFAULT_KEYS, DEFAULT_NESTED_KEYS, render_value
from ..markdown.inline import CLOSE, OPAQUE, OPEN, TEXT, Token, with_placeholders
from ..markdown.segments import Segment, analyse
from ..markdown.sourcemap import splice


@runtime_checkable
class Translator(Protocol):
    """Anything with ``translate_batch`` is a translator.

    An optional attribute ``preserves_markup: bool`` says whether the translator keeps
    ``<x1/>``/``<g1>…</g1>`` placeholders intact (default False).
    """

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        ...


@dataclass(frozen=True)
class TranslateOptions:
    """What to translate and how (one frozen config, defaults chosen for blogs)."""

    front_matter_keys: tuple[str, ...] = DEFAULT_KEYS
    nested_keys: tuple[str, ...] = DEFAULT_NESTED_KEYS
    glossary: object | None = None  # blogbabel.translate.glossary.Glossary
    clean: bool = True  # repair mojibake before translating
    split_sentences: bool = True
    front_matter: bool = True  # False: the text is a bare Markdown document (no front matter)


@dataclass(frozen=True)
class TranslationWarning:
    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class PostTranslation:
    """The translated post and what happened on the way."""

    text: str
    segments: int
    warnings: list[TranslationWarning] = field(default_factory=list)
    units: int = 0


_PLACEHOLDER = re.compile(r"<\s*(/?)\s*([xXgG])\s*(\d+)\s*(/?)\s*>")
_LETTER = re.compile(r"[^\W\d_]")
_ENTITY_LIKE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_BLOCK_START = re.compile(r"^([ \t]*)([-+*]|#{1,6}|>|\d{1,9}[.)]|={3,}|-{3,}|`{3,}|~{3,})(?=[ \t]|$)")
_SPLIT_STAND_IN = "X"


def _sentence_splitter(lang: str):
    from .sentences import split_sentences

    return lambda text: split_sentences(text, lang)


# ----------------------------------------------------------------------------- units


@dataclass
class _Unit:
    """One string sent to the translator and how to put its translation back."""

    text: str  # what is sent
    tokens: list[Token]  # tokens of the sentence or piece (TEXT tokens may be partial)
    numbers: dict[int, int]  # placeholder number -> index into tokens (tag mode)
    tagged: bool


@dataclass
class _Part:
    """A slice of a segment's tokens: prose to translate (unit) or text kept as is."""

    tokens: list[Token]
    unit: _Unit | None = None
    lead: str = ""
    trail: str = ""


def _split_token(token: Token, at: int) -> tuple[Token, Token]:
    return Token(TEXT, token.start, at), Token(TEXT, at, token.end)


def _sentences(segment: Segment, split) -> list[list[Token]]:
    """Group the segment's tokens into sentences; never split inside paired markup.

    The splitter sees the prose with each opaque token as a stand-in word and paired markup
    removed; its boundaries are mapped back onto the tokens.
    """
    text, tokens = segment.text, segment.tokens
    if not tokens:
        return []
    if split is None:
        split = lambda value: [value]  # noqa: E731
    ranges, stand_in, pos = [], [], 0
    for token in tokens:
        piece = text[token.start:token.end] if token.kind == TEXT else (_SPLIT_STAND_IN if token.kind == OPAQUE else "")
        ranges.append((pos, pos + len(piece)))
        stand_in.append(piece)
        pos += len(piece)
    bounds, offset = [], 0
    joined = "".join(stand_in)
    for sentence in split(joined.replace("\n", " "))[:-1]:
        offset += len(sentence)
        bounds.append(offset)
    # a line break next to markup ends a unit too (keeps HTML and shortcode layout intact)
    for index, token in enumerate(tokens if "\n" in joined and len(tokens) > 1 else ()):
        if token.kind != TEXT:
            continue
        piece = joined[ranges[index][0]:ranges[index][1]]
        head = re.match(r"\s*\n\s*", piece)
        if head and index > 0 and head.end() < len(piece):
            bounds.append(ranges[index][0] + head.end())
        tail = re.search(r"\s*\n\s*$", piece)
        if tail and index + 1 < len(tokens) and tail.start() > 0:
            bounds.append(ranges[index][0] + tail.start() + len(tail.group()))
    bounds.sort()
    depth_before, depth = [], 0
    for token in tokens:
        depth_before.append(depth)
        depth += (token.kind == OPEN) - (token.kind == CLOSE)
    depth_before.append(0)
    cuts: dict[int, list[int]] = {}  # token index -> source offsets to cut at (token.start = before it)
    index = 0
    for bound in bounds:
        while index < len(tokens) and (ranges[index][1] < bound or (ranges[index][1] == bound and tokens[index].kind != OPEN and ranges[index][0] < bound) or (tokens[index].kind == CLOSE and ranges[index][0] == bound)):
            index += 1
        if index >= len(tokens) or depth_before[index] > 0:
            continue
        a, b = ranges[index]
        token = tokens[index]
        if a < bound < b:
            if token.kind != TEXT:
                if index + 1 < len(tokens) and depth_before[index + 1] == 0:
                    cuts.setdefault(index + 1, []).append(tokens[index + 1].start)
                continue
            cuts.setdefault(index, []).append(token.start + bound - a)
        else:
            cuts.setdefault(index, []).append(token.start)
    sentences: list[list[Token]] = [[]]
    for index, token in enumerate(tokens):
        current = token
        for cut in cuts.get(index, ()):
            if cut > current.start:
                head, current = _split_token(current, cut)
                sentences[-1].append(head)
            if sentences[-1]:
                sentences.append([])
        sentences[-1].append(current)
    return [s for s in sentences if s]


def _trim_whitespace(text: str, tokens: list[Token]) -> tuple[list[Token], str, str]:
    """Move leading/trailing whitespace of a token run out of it."""
    tokens = list(tokens)
    lead = trail = ""
    if tokens and tokens[0].kind == TEXT:
        raw = text[tokens[0].start:tokens[0].end]
        stripped = raw.lstrip()
        lead = raw[: len(raw) - len(stripped)]
        tokens[0] = Token(TEXT, tokens[0].start + len(lead), tokens[0].end)
        if tokens[0].end == tokens[0].start:
            tokens.pop(0)
    if tokens and tokens[-1].kind == TEXT:
        raw = text[tokens[-1].start:tokens[-1].end]
        stripped = raw.rstrip()
        trail = raw[len(stripped):]
        tokens[-1] = Token(TEXT, tokens[-1].start, tokens[-1].end - len(trail))
        if tokens[-1].end == tokens[-1].start:
            tokens.pop()
    return tokens, lead, trail


def _has_prose(text: str, tokens: list[Token]) -> bool:
    return any(t.kind == TEXT and _LETTER.search(text, t.start, t.end) for t in tokens)


def _tagged_unit(text: str, tokens: list[Token]) -> _Unit:
    sent, numbers = with_placeholders(text, tokens)
    return _Unit(sent, tokens, numbers, True)


def _parts(segment: Segment, split, tagged: bool) -> list[_Part]:
    text = segment.text
    parts: list[_Part] = []
    for sentence in _sentences(segment, split):
        if tagged:
            if not _has_prose(text, sentence):
                parts.append(_Part(sentence))
                continue
            head: list[Token] = []
            tail: list[Token] = []
            # Tags that open or close a sentence in raw HTML, and task boxes / attribute lists
            # anywhere, stay outside the unit so a translation cannot move them.
            def at_edge(token: Token) -> bool:
                return token.kind == OPAQUE and (segment.context != "markdown" or token.note == "edge")

            sentence = list(sentence)
            while sentence and (at_edge(sentence[0]) or (sentence[0].kind == TEXT and not text[sentence[0].start:sentence[0].end].strip() and head)):
                head.append(sentence.pop(0))
            while sentence and (at_edge(sentence[-1]) or (sentence[-1].kind == TEXT and not text[sentence[-1].start:sentence[-1].end].strip() and tail)):
                tail.insert(0, sentence.pop())
            if head:
                parts.append(_Part(head))
            core, lead, trail = _trim_whitespace(text, sentence)
            parts.append(_Part(core, _tagged_unit(text, core), lead, trail))
            if tail:
                parts.append(_Part(tail))
            continue
        run: list[Token] = []
        for token in sentence + [None]:  # type: ignore[list-item]
            if token is not None and token.kind == TEXT:
                run.append(token)
                continue
            if run:
                if _has_prose(text, run):
                    core, lead, trail = _trim_whitespace(text, run)
                    piece = "".join(text[t.start:t.end] for t in core).replace("\n", " ")
                    parts.append(_Part(core, _Unit(piece, core, {}, False), lead, trail))
                else:
                    parts.append(_Part(run))
                run = []
            if token is not None:
                parts.append(_Part([token]))
    return parts


# ----------------------------------------------------------------------------- rendering


def _escape(piece: str, original: str, context: str) -> str:
    """Escape characters a translation introduced that would become markup in ``context``."""
    if context == "markdown":
        out = []
        for index, ch in enumerate(piece):
            if ch in "[]" or (ch in "*_`~|$\\" and ch not in original):
                # brackets always: a translated "[word]" must not turn into a reference link
                out.append("\\" + ch)
            elif ch == "<" and "<" not in original and re.match(r"[A-Za-z/!?]", piece[index + 1:index + 2]):
                out.append("\\<")
            elif ch == "&" and "&" not in original and _ENTITY_LIKE.match(piece, index):
                out.append("\\&")
            else:
                out.append(ch)
        return "".join(out)
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


def _match_case_after(piece: str, unit: _Unit, placeholder: tuple[str, int], text: str) -> str:
    """Engines capitalise the word after a placeholder as if a sentence started there; undo
    that when the source continued in lower case after the same placeholder."""
    kind, number = placeholder
    index = unit.numbers.get(number)
    if index is None:
        return piece
    token = unit.tokens[index]
    if kind == "close":  # the text after a closing tag follows the CLOSE token
        following = [i for i, t in enumerate(unit.tokens) if t.kind == CLOSE and t.group == token.group]
        index = following[0] if following else index
    if index + 1 >= len(unit.tokens) or unit.tokens[index + 1].kind != TEXT:
        return piece
    source_next = text[unit.tokens[index + 1].start:unit.tokens[index + 1].end].lstrip()
    stripped = piece.lstrip()
    if len(stripped) > 1 and source_next[:1].islower() and stripped[0].isupper() and stripped[1].islower():
        return piece[: len(piece) - len(stripped)] + stripped[0].lower() + stripped[1:]
    return piece


def _rewrap(text: str, newlines: int, breakable: list[tuple[int, int]]) -> str:
    """Re-insert up to ``newlines`` line breaks at spaces of translated prose (``breakable``
    ranges; never inside restored markup), spread evenly, never before a word that would start
    a Markdown block (list marker, heading, quote...)."""
    if newlines <= 0:
        return text
    spaces = [i for a, b in breakable for i in range(a, b) if text[i] == " "]
    chosen: list[int] = []
    for k in range(1, newlines + 1):
        goal = len(text) * k // (newlines + 1)
        for candidate in sorted(spaces, key=lambda p: abs(p - goal)):
            if candidate in chosen or (chosen and candidate <= chosen[-1]):
                continue
            if _BLOCK_START.match(text[candidate + 1:]):
                continue
            chosen.append(candidate)
            break
    chars = list(text)
    for position in chosen:
        chars[position] = "\n"
    return "".join(chars)


class _Renderer:
    """Puts translations back into segments."""

    def __init__(self, translations: dict[str, str], warnings: list[TranslationWarning], failed: Mapping[str, str]):
        self.translations = translations
        self.warnings = warnings
        self.failed = failed

    # token text, with children applied; ``translated`` selects glossary/reference replacements
    def token_text(self, segment: Segment, index: int, translated: bool) -> str:
        token = segment.tokens[index]
        raw = segment.text[token.start:token.end]
        if translated and token.replacement is not None:
            if token.note == "term":
                return _escape(token.replacement, "", segment.context) if token.replacement != raw else raw
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

    def _index(self, segment: Segment, token: Token) -> int:
        for index, candidate in enumerate(segment.tokens):
            if candidate.start == token.start and candidate.kind == token.kind and candidate.end >= token.end:
                return index
        return -1

    def _source_tokens(self, segment: Segment, tokens: list[Token], translated: bool = False) -> str:
        out = []
        for token in tokens:
            if token.kind == TEXT:
                out.append(segment.text[token.start:token.end])
            else:
                out.append(self.token_text(segment, self._index(segment, token), translated))
        return "".join(out)

    def _restore(self, segment: Segment, unit: _Unit, translation: str) -> tuple[str, list[tuple[int, int]]] | None:
        """Translation with placeholders restored plus the ranges that are translated prose,
        or None when it has to fall back."""
        text = segment.text
        original_plain = "".join(text[t.start:t.end] for t in unit.tokens if t.kind == TEXT)
        translation = translation.replace("\r", " ").replace("\n", " ")
        if not unit.tagged:
            escaped = _escape(translation, original_plain, segment.context)
            return escaped, [(0, len(escaped))]
        items: list[tuple[str, int] | str] = []
        pos = 0
        seen_x, seen_open, seen_close = set(), [], []
        repaired = False
        for match in _PLACEHOLDER.finditer(translation):
            items.append(translation[pos:match.start()])
            pos = match.end()
            closing, letter, number = match.group(1), match.group(2).lower(), int(match.group(3))
            if letter == "x" and closing:
                continue  # engines with HTML handling write <x1/> as <x1></x1>
            index = unit.numbers.get(number)
            if index is None:
                repaired = True
                continue
            token = unit.tokens[index]
            if letter == "x" and token.kind == OPAQUE:
                if number in seen_x:
                    repaired = True
                    continue
                seen_x.add(number)
                items.append(("x", number))
            elif letter == "g" and token.kind == OPEN:
                (seen_close if closing else seen_open).append(number)
                items.append(("close" if closing else "open", number))
            else:
                repaired = True
        items.append(translation[pos:])
        expected_x = [n for n, i in unit.numbers.items() if unit.tokens[i].kind == OPAQUE]
        expected_g = [n for n, i in unit.numbers.items() if unit.tokens[i].kind == OPEN]
        # paired markup must come back exactly once, opened before closed, properly nested
        stack: list[int] = []
        for item in items:
            if isinstance(item, tuple) and item[0] == "open":
                stack.append(item[1])
            elif isinstance(item, tuple) and item[0] == "close":
                if not stack or stack[-1] != item[1]:
                    return None
                stack.pop()
        if stack or sorted(seen_open) != sorted(expected_g) or sorted(seen_close) != sorted(expected_g):
            return None
        if segment.context != "markdown":
            order = [item[1] for item in items if isinstance(item, tuple) and item[0] == "x"]
            if order != sorted(order):
                return None  # HTML tags must keep their order
        missing = [n for n in expected_x if n not in seen_x]
        if missing:
            repaired = True
            items.append(" ")
            for n in missing:
                items.append(("x", n))
        if repaired:
            self.warnings.append(TranslationWarning(segment.line, "placeholder", "translation lost or duplicated protected markup; repaired"))
        out: list[str] = []
        breakable: list[tuple[int, int]] = []
        length = 0
        for position, item in enumerate(items):
            if isinstance(item, str):
                item = re.sub(r"(?<=\S)  +(?=\S)", " ", item)  # engines leave gaps where they drop words
                if repaired:
                    item = re.sub(r"  +", " ", item)
                if position > 0 and isinstance(items[position - 1], tuple):
                    item = _match_case_after(item, unit, items[position - 1], text)
                piece = _escape(item, original_plain, segment.context)
                breakable.append((length, length + len(piece)))
                out.append(piece)
                length += len(piece)
                continue
            kind, number = item
            token = unit.tokens[unit.numbers[number]]
            if kind == "close":
                token = next(t for t in unit.tokens if t.kind == CLOSE and t.group == token.group)
            piece = self.token_text(segment, self._index(segment, token), True)
            out.append(piece)
            length += len(piece)
        return "".join(out), breakable

    def render(self, segment: Segment) -> str | None:
        """New text of ``segment`` (logical), or None when nothing in it changed."""
        parts = segment._parts  # type: ignore[attr-defined]
        # glossary replacements and reference labels apply once any prose of the segment changed
        translated = any(p.unit is not None and self.translations.get(p.unit.text, p.unit.text) != p.unit.text for p in parts)
        changed = False
        out = []
        for position, part in enumerate(parts):
            if part.unit is None:
                rendered = self._source_tokens(segment, part.tokens, translated)
                if rendered != "".join(segment.text[t.start:t.end] for t in part.tokens):
                    changed = True
                out.append(rendered)
                continue
            translation = self.translations.get(part.unit.text, part.unit.text)
            original = self._source_tokens(segment, part.tokens)
            # the source sentence (with its children's translations) is kept when the unit is
            # unchanged, empty, or its paired markup came back broken
            keep = translation == part.unit.text
            if part.unit.text in self.failed:
                self.warnings.append(TranslationWarning(segment.line, "untranslated", self.failed[part.unit.text] + "; source kept"))
                keep = True
            elif not keep and not translation.strip():
                self.warnings.append(TranslationWarning(segment.line, "empty", "translator returned an empty string; source kept"))
                keep = True
            result = None if keep else self._restore(segment, part.unit, translation.strip())
            if result is None and not keep:
                self.warnings.append(TranslationWarning(segment.line, "placeholder", "translation broke paired markup (emphasis/link); source sentence kept"))
            if result is None:
                changed |= original != "".join(segment.text[t.start:t.end] for t in part.tokens)
                out.append(part.lead + original + part.trail)
                continue
            restored, breakable = result
            if segment.context in ("markdown", "html"):
                restored = _rewrap(restored, original.count("\n"), breakable)
            if segment.context == "markdown":
                at_line_start = (position == 0 and segment.block_start) or (part.lead or "".join(out)[-1:]).endswith("\n")
                if at_line_start and not part.lead.strip(" \t\n"):
                    restored = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), restored, count=1)
            changed = True
            out.append(part.lead + restored + part.trail)
        if not changed:
            return None
        result = "".join(out)
        return result.strip() if segment.trim else result


# ----------------------------------------------------------------------------- job


class TranslationJob:
    """A post prepared for translation: send :attr:`texts`, then call :meth:`finish`."""

    def __init__(self, text: str, post, segments: list[Segment], texts: list[str], source: str, target: str, clean_fixes: int):
        self.original = text
        self._post = post
        self._segments = segments
        self.texts = texts
        self.source = source
        self.target = target
        self.clean_fixes = clean_fixes

    @property
    def segment_count(self) -> int:
        return sum(1 for top in self._segments for s in top.walk() if s.has_prose)

    def finish(self, translations: Sequence[str], failed: Mapping[str, str] | None = None) -> PostTranslation:
        """Splice ``translations`` (one per :attr:`texts`, same order) into the post.

        ``failed`` maps texts the translator could not translate to the reason; their
        sentences keep the source and each gets a warning with its line."""
        if len(translations) != len(self.texts):
            raise BackendError(
                f"translator returned {len(translations)} results for {len(self.texts)} texts",
                hint="the backend is broken; try another one with --backend",
            )
        warnings: list[TranslationWarning] = [TranslationWarning(i.line, "structure", i.message) for i in self._post.issues]
        warnings += [TranslationWarning(line, "alt_placeholder", message) for line, message in self._post.alt_warnings]
        mapping = {}
        for sent, received in zip(self.texts, translations):
            if not isinstance(received, str):
                raise BackendError(f"translator returned {type(received).__name__} instead of text")
            mapping[sent] = received
        renderer = _Renderer(mapping, warnings, failed or {})
        source = self._post.source
        edits = []
        for segment in self._segments:
            rendered = renderer.render(segment)
            if rendered is None:
                continue
            if segment.field is not None:
                edits.append((segment.field.start, segment.field.end, render_value(segment.field, rendered, source)))
            else:
                edits.append((segment.slice.start, segment.slice.end, segment.slice.render(source, rendered)))
        return PostTranslation(splice(source, edits), self.segment_count, warnings, len(self.texts))


def prepare_translation(
    text: str,
    *,
    source: str,
    target: str,
    options: TranslateOptions | None = None,
    preserves_markup: bool = False,
    path: str | None = None,
) -> TranslationJob:
    """Analyse ``text`` and list the units to translate (see the module docstring)."""
    options = options or TranslateOptions()
    fixes = 0
    if options.clean:
        from ..repair import clean_markdown

        cleaned = clean_markdown(text, lang=source)
        fixes = len(cleaned.fixes)
        text = cleaned.text
    find_terms = None
    if options.glossary is not None:
        glossary = options.glossary
        find_terms = lambda s: glossary.find_terms(s, source, target)  # noqa: E731
    post = analyse(text, path=path, front_matter=options.front_matter, front_matter_keys=options.front_matter_keys, nested_keys=options.nested_keys, find_terms=find_terms)
    split = _sentence_splitter(source) if options.split_sentences else None
    texts: list[str] = []
    seen: set[str] = set()
    for top in post.segments:
        for segment in top.walk():
            segment._parts = _parts(segment, split, preserves_markup)  # type: ignore[attr-defined]
            for part in segment._parts:  # type: ignore[attr-defined]
                if part.unit is not None and part.unit.text not in seen:
                    seen.add(part.unit.text)
                    texts.append(part.unit.text)
    return TranslationJob(text, post, post.segments, texts, source, target, fixes)


def translate_post(text: str, *, source: str, target: str, translator: Translator, options: TranslateOptions | None = None) -> PostTranslation:
    """Translate a whole post with one ``translate_batch`` call; return text and warnings."""
    job = prepare_translation(text, source=source, target=target, options=options, preserves_markup=bool(getattr(translator, "preserves_markup", False)))
    batch = translate_checked(translator.translate_batch, job.texts, source, target, name=getattr(translator, "name", "translator"))
    earlier = getattr(translator, "failed", None) or {}  # a CachedTranslator checks (and keeps) its own
    failed = {**batch.failed, **{text: earlier[text] for text in job.texts if text in earlier}}
    return job.finish(batch.translations, failed)


def translate_markdown(text: str, *, source: str, target: str, translator: Translator, options: TranslateOptions | None = None) -> str:
    """A whole post (front matter included) in, the translated post out."""
    return translate_post(text, source=source, target=target, translator=translator, options=options).text
