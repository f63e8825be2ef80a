"""Structure-preserving translation of a whole post.

Flow: :func:`prepare_translation` analyses the post (segments, inline tokens), splits each
segment's prose into sentences and builds the *units* to send (``job.texts``, deduplicated);
any translator translates them (one ``translate_batch`` call per post, or one call for many
posts when the caller batches jobs); :meth:`TranslationJob.finish` puts the translations back
into the original text at the recorded spans. Everything outside the units is copied byte for
byte, and a unit whose translation comes back unchanged leaves its source untouched.

How inline markup travels is the translator's *unit mode* (:data:`UNIT_MODES`): ``tagged``
sends XLIFF-style placeholders (``<x1/>`` opaque, ``<g2>…</g2>`` paired) to engines that keep
them (``preserves_markup = True``, Apertium); ``aligned`` sends each sentence whole, as plain
text, and puts the markup back on the words the engine aligns it to (:mod:`.align`,
:mod:`.aligned`: engines with ``translate_aligned``, Argos); ``fragment`` splits a sentence at
its markup and sends the plain pieces. The steps live beside this module: :mod:`.units`
(sentences and units), :mod:`.placeholders` (reading and repairing them in answers),
:mod:`.render` (answers put back, escaped), :mod:`.checks` (an engine's answer checked).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from typing import Protocol, runtime_checkable

from ..collector import pauses_collection, text_size
from ..errors import BackendError
from ..markdown.frontmatter import DEFAULT_KEYS, DEFAULT_NESTED_KEYS, Header, read_header
from ..markdown.frontmatter_edit import meta_as_yaml, render_value, yaml_back_to_meta
from ..markdown.inline import InlineOptions
from ..markdown.patterns import DEFAULT_CODE_TAGS, DEFAULT_TRANSLATABLE_ATTRIBUTES, DEFAULT_TRANSLATABLE_PARAMS
from ..markdown.segments import Segment, analyse
from ..markdown.sourcemap import Edit, splice
from .aligned import UNIT_MODES, UnitSignal, unit_mode_of, unit_translator
from .checks import translate_checked
from .glossary import Glossary
from .render import Renderer
from .result import PostTranslation, TranslationWarning
from .review import ReviewNotes
from .units import attach_parts, parts_of, segment_parts

__all__ = ["PostTranslation", "TranslateOptions", "TranslationJob", "TranslationWarning", "Translator", "prepare_translation", "translate_markdown", "translate_post"]


@runtime_checkable
class Translator(Protocol):
    """Anything with ``translate_batch`` is a translator.

    An optional ``unit_mode`` (one of :data:`UNIT_MODES`; ``"aligned"`` needs
    ``translate_aligned``, see :class:`.aligned.AlignedEngine`) says how it wants sentences
    with markup; without it, ``preserves_markup: bool`` says whether the translator keeps
    ``<x1/>``/``<g1>…</g1>`` placeholders intact (default False).
    """

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...


@dataclass(frozen=True)
class TranslateOptions:
    """What to translate and how (one frozen config, defaults chosen for blogs)."""

    front_matter_keys: tuple[str, ...] = DEFAULT_KEYS
    nested_keys: tuple[str, ...] = DEFAULT_NESTED_KEYS
    glossary: Glossary | None = None
    clean: bool = True  # repair mojibake before translating
    split_sentences: bool = True
    front_matter: bool = True  # False: the text is a bare Markdown document (no front matter)
    #: Pelican / Python-Markdown ``Key: value`` headers (:func:`translate_post` only): True reads
    #: any, None (default) those that are plainly metadata (a title and another key, then a
    #: blank line), False none
    meta_headers: bool | None = None
    #: shortcode/include parameters and HTML attributes whose values are prose
    translatable_params: tuple[str, ...] = DEFAULT_TRANSLATABLE_PARAMS
    translatable_attributes: tuple[str, ...] = DEFAULT_TRANSLATABLE_ATTRIBUTES
    #: paired tags whose content is code (``{% highlight %}``, ``{{< code-toggle >}}``…)
    code_tags: tuple[str, ...] = DEFAULT_CODE_TAGS

    def inline_options(self) -> InlineOptions:
        return InlineOptions(
            frozenset(a.lower() for a in self.translatable_attributes),
            frozenset(p.lower() for p in self.translatable_params),
            tuple(self.code_tags),
        )


def _sentence_splitter(lang: str):
    from .sentences import sentence_splitter

    return sentence_splitter(lang)


class TranslationJob:
    """A post prepared for translation: send :attr:`texts`, then call :meth:`finish`."""

    def __init__(self, text: str, post, segments: list[Segment], texts: list[str], source: str, target: str, clean_fixes: int, segment_count: int | None = None):
        self.original = text
        self._segment_count = segment_count
        self._post = post
        self._segments = segments
        self.texts = texts
        self.source = source
        self.target = target
        self.clean_fixes = clean_fixes
        self._human: dict[int, tuple[str, str]] = {}

    @property
    def segment_count(self) -> int:
        if self._segment_count is None:
            self._segment_count = sum(1 for top in self._segments for s in top.walk() if s.has_prose)
        return self._segment_count

    @property
    def segments(self) -> list[Segment]:
        """The post's top-level segments (children nested inside), in source order."""
        return self._segments

    def use_human(self, find: Callable[[Segment], tuple[str, str] | None]) -> None:
        """Give segments a person's translation: ``find(segment)`` returns ``(form, text)``
        (form ``"text"``: the final text, used verbatim, children included; ``"tagged"``:
        prose with the segment's placeholders) or None. Their units are no longer sent."""
        self._human = {}
        texts: list[str] = []
        for top in self._segments:
            self._visit_human(top, find, texts)
        self.texts = list(dict.fromkeys(texts))

    # (methods, not recursive closures: a closure that calls itself is a reference cycle that
    # kept every finished job, segments and tokens included, alive until a full collection)
    def _visit_human(self, segment: Segment, find: Callable[[Segment], tuple[str, str] | None], texts: list[str]) -> None:
        found = find(segment) if segment.has_prose or segment.children else None
        if found is not None:
            self._human[id(segment)] = found
            if found[0] == "text":
                return  # the person's text covers the nested segments too
        else:
            texts.extend(p.unit.text for p in parts_of(segment) if p.unit is not None)
        for index in sorted(segment.children):
            for _, child in segment.children[index]:
                self._visit_human(child, find, texts)

    def _origins(self) -> list[tuple[Segment, bool]]:
        """Every segment with prose and whether a person's translation covers it."""
        origins: list[tuple[Segment, bool]] = []
        for top in self._segments:
            if top.children or self._human:
                self._visit_origins(top, False, origins)
            elif top.has_prose:  # (most segments: no nested ones, no person's translation)
                origins.append((top, False))
        return origins

    def _visit_origins(self, segment: Segment, covered: bool, origins: list[tuple[Segment, bool]]) -> None:
        human = self._human.get(id(segment))
        if segment.has_prose:
            origins.append((segment, covered or human is not None))
        if not segment.children:  # (most segments)
            return
        for index in sorted(segment.children):
            for _, child in segment.children[index]:
                self._visit_origins(child, covered or (human is not None and human[0] == "text"), origins)

    @pauses_collection(lambda job, *_args, **_kwargs: len(job.original))
    def finish(self, translations: Sequence[str], failed: Mapping[str, str] | None = None, signals: Mapping[str, UnitSignal] | None = None) -> PostTranslation:
        """Splice ``translations`` (one per :attr:`texts`, same order) into the post.

        ``failed`` maps texts the translator could not translate to the reason; their
        sentences keep the source and each gets a warning with its line. ``signals`` maps
        texts to what the engine told about them (scores, fallbacks, unknown words)."""
        if len(translations) != len(self.texts):
            raise BackendError(
                f"translator returned {len(translations)} results for {len(self.texts)} texts",
                hint="the backend is broken; try another one with --backend",
            )
        warnings: list[TranslationWarning] = [TranslationWarning(i.line, "structure", i.message) for i in self._post.issues]
        warnings += [TranslationWarning(line, "alt_placeholder", message) for line, message in self._post.alt_warnings]
        if not all(map(isinstance, translations, repeat(str))):  # (one C-level pass over hundreds of units)
            wrong = next(received for received in translations if not isinstance(received, str))
            raise BackendError(f"translator returned {type(wrong).__name__} instead of text")
        mapping = dict(zip(self.texts, translations))
        notes = ReviewNotes(signals, warnings)
        renderer = Renderer(mapping, warnings, failed or {}, self._human)
        source = self._post.source
        edits: list[Edit] = []
        values: dict[str, str] = {}  # front matter values by path, as the header will read them
        for segment in self._segments:
            rendered = renderer.render(segment)
            if rendered is None:
                continue
            if segment.field is not None:
                edits.append(Edit(segment.field.start, segment.field.end, render_value(segment.field, rendered, source)))
                values[segment.field.path] = rendered if segment.field.style in "|>" else rendered.replace("\r", " ").replace("\n", " ")
            else:
                edits.append(Edit(segment.slice.start, segment.slice.end, segment.slice.render(source, rendered)))
        notes.collect(self._segments, mapping, failed or {}, skip=self._human)
        text = splice(source, edits)
        header = self._post.header
        if header is not None:
            header = header.edited(text, edits, values)
        return PostTranslation(
            text,
            self.segment_count,
            warnings,
            len(self.texts),
            notes.scores,
            notes.fallbacks,
            notes.unknown,
            header,
            self._origins(),
        )


@pauses_collection(text_size)
def prepare_translation(
    text: str,
    *,
    source: str,
    target: str,
    options: TranslateOptions | None = None,
    preserves_markup: bool = False,
    path: str | None = None,
    unit_mode: str | None = None,
    header: Header | None = None,
) -> TranslationJob:
    """Analyse ``text`` and list the units to translate (see the module docstring).

    ``unit_mode`` is one of :data:`UNIT_MODES`; by default ``tagged`` when
    ``preserves_markup``, else ``fragment``. ``header`` is the front matter of ``text`` when
    the caller has read it already."""
    options = options or TranslateOptions()
    mode = unit_mode or ("tagged" if preserves_markup else "fragment")
    if mode not in UNIT_MODES:
        raise ValueError(f"unknown unit mode {mode!r}; use one of {', '.join(UNIT_MODES)}")
    fixes = 0
    if options.clean:
        from ..repair import clean_markdown

        cleaned = clean_markdown(text, lang=source, header=header, code_tags=options.code_tags)
        fixes = len(cleaned.fixes)
        text, header = cleaned.text, cleaned.header
    find_terms = None
    if options.glossary is not None:
        glossary = options.glossary
        find_terms = lambda s: glossary.find_terms(s, source, target)  # noqa: E731
    post = analyse(
        text,
        path=path,
        front_matter=options.front_matter,
        front_matter_keys=options.front_matter_keys,
        nested_keys=options.nested_keys,
        find_terms=find_terms,
        header=header,
        inline=options.inline_options(),
    )
    split = _sentence_splitter(source) if options.split_sentences else None
    texts: dict[str, None] = {}  # each unit's text once, in order
    count = 0
    for top in post.segments:
        for segment in top.walk() if top.children else (top,):  # (most segments have no children)
            count += segment.has_prose
            parts = segment_parts(segment, split, mode)
            attach_parts(segment, parts)
            for part in parts:
                if part.unit is not None:
                    texts[part.unit.text] = None
    return TranslationJob(text, post, post.segments, list(texts), source, target, fixes, count)


@pauses_collection(text_size)  # one pause over the three steps: the collector would walk the whole post between them
def translate_post(text: str, *, source: str, target: str, translator: Translator, options: TranslateOptions | None = None) -> PostTranslation:
    """Translate a whole post with one ``translate_batch`` call; return text and warnings."""
    options = options or TranslateOptions()
    meta = _meta_header(text, options)
    if meta is None:
        return _translate_post(text, source, target, translator, options)
    # a ``Key: value`` header is translated as the YAML it stands for, then written back
    if options.clean:
        from ..repair import clean_markdown

        cleaned = clean_markdown(text, lang=source, header=meta, code_tags=options.code_tags)
        text, meta = cleaned.text, cleaned.header if cleaned.header is not None and cleaned.header.format == "meta" else read_header(cleaned.text, meta_headers=True)
    as_yaml = meta_as_yaml(text, meta)
    result = _translate_post(as_yaml, source, target, translator, replace(options, clean=False))
    shift = as_yaml.count("\n", 0, read_header(as_yaml).body_start) - text.count("\n", 0, meta.body_start)
    result.warnings = [replace(w, line=w.line - shift) if w.line > shift else w for w in result.warnings]
    result.text, result.header = yaml_back_to_meta(result.text, text, meta, result.header), None
    return result


def _meta_header(text: str, options: TranslateOptions) -> Header | None:
    """The ``Key: value`` header of ``text`` that ``options.meta_headers`` says to read, or None."""
    if not options.front_matter or options.meta_headers is False or not _META_START.match(text):
        return None
    header = read_header(text, meta_headers=True)
    if header.format != "meta":
        return None
    if options.meta_headers is None:  # plainly metadata: a title and another key, then a blank line
        line_end = text.find("\n", header.body_start)
        after = text[header.body_start : line_end if line_end >= 0 else len(text)]
        if "title" not in header.data or len(header.data) < 2 or after.strip():
            return None
    return header


#: a first line that may open a ``Key: value`` header (cheap guard: most posts start with ``---``)
_META_START = re.compile(r"\ufeff?[A-Za-z][\w-]*:[ \t]")


def _translate_post(text: str, source: str, target: str, translator: Translator, options: TranslateOptions) -> PostTranslation:
    translator = unit_translator(translator)
    job = prepare_translation(text, source=source, target=target, options=options, unit_mode=unit_mode_of(translator))
    batch = translate_checked(translator.translate_batch, job.texts, source, target, name=getattr(translator, "name", "translator"))
    earlier = getattr(translator, "failed", None) or {}  # a CachedTranslator checks (and keeps) its own
    failed = {**batch.failed, **{text: earlier[text] for text in job.texts if text in earlier}}
    return job.finish(batch.translations, failed, getattr(translator, "signals", None))


def translate_markdown(text: str, *, source: str, target: str, translator: Translator, options: TranslateOptions | None = None) -> str:
    """A whole post (front matter included) in, the translated post out."""
    return translate_post(text, source=source, target=target, translator=translator, options=options).text
