"""The entries of an exchange file: every segment of the site's posts for one locale.

An entry is one distinct source segment in tagged form (placeholders for the protected
pieces), with every place it occurs (file:line), its kind, the current translation in the
same placeholder numbering, who made it (machine or human) and flags: ``fuzzy`` (the source
changed since the translation was made, or the segment was marked for review), ``fallback``
(the engine gave no translation and the source was kept, or it translated the sentence in
fragments), ``low-score`` (the model's score for one of its sentences, kept by the build in
``signals.json``, is below the review page's threshold).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..backends.human import HUMAN, MACHINE, TAGGED_FORM, HumanMemory
from ..backends.memory import TranslationMemory
from ..errors import BlogbabelError
from ..markdown.segments import Segment
from ..site.config import BuildConfig
from ..site.human import all_keys, segment_key, translated_segments
from ..site.notice import notice_text
from ..site.prepare import prepare_post
from ..site.scan import Problem
from ..site.signals import load_signals
from ..site.status import ERROR, SKIPPED, SOURCES, make_plan
from ..translate.aligned import UNIT_MODES
from ..translate.pairing import pair_children, pair_segments
from ..translate.tagged import Placeholder, tagged_source, tagged_translation

FUZZY, FALLBACK, LOW_SCORE_FLAG = "fuzzy", "fallback", "low-score"


@dataclass
class ExchangeEntry:
    source: str  # tagged source text (the entry's identity)
    placeholders: tuple[Placeholder, ...]
    kind: str
    keep_order: bool  # HTML context: tags must keep their order
    translation: str = ""
    origin: str = ""  # MACHINE, HUMAN or "" (no translation yet)
    flags: set[str] = field(default_factory=set)
    previous: str = ""  # the source the (fuzzy) translation was made for
    references: list[tuple[str, int]] = field(default_factory=list)  # (content-relative path, line)
    #: (source language, translation path, segment) of each occurrence, for import
    occurrences: list[tuple[str, str, Segment]] = field(default_factory=list)


@dataclass
class Collection:
    site_id: str
    locale: str
    source_lang: str
    entries: dict[str, ExchangeEntry] = field(default_factory=dict)
    other_languages: dict[str, int] = field(default_factory=dict)  # posts left out, by language
    problems: list[Problem] = field(default_factory=list)


def collect(config: BuildConfig, locale: str, source_lang: str) -> Collection:
    """Every segment of the posts in ``source_lang`` that the site translates into ``locale``."""
    from ..translate.glossary import load_glossary
    from ..translate.job import TranslateOptions

    plan = make_plan(config)
    options = TranslateOptions(glossary=load_glossary(config.glossary), clean=False)
    sources = {str(group.source.rel): group.source for group in plan.groups if group.source is not None}
    signals = load_signals(config.content_dir / ".blogbabel")
    with TranslationMemory(config.content_dir / ".blogbabel" / "tm.sqlite") as memory:
        human = HumanMemory(memory)
        found = Collection(human.site_id(), locale, source_lang, problems=list(plan.problems))
        for row in plan.rows:
            if row.locale != locale or row.state in (*SOURCES, SKIPPED, ERROR) or row.path is None:
                continue
            info = sources[row.source]
            lang = info.lang or config.default_lang
            if lang != source_lang:
                found.other_languages[lang] = found.other_languages.get(lang, 0) + 1
                continue
            ready = prepare_post(str(config.content_dir / info.rel), row.source, lang, [locale], plan.layout.meta_headers, "tagged", options, config.max_post_mb)
            if ready.error is not None:
                found.problems.append(ready.error)
                continue
            job = ready.jobs[locale]
            flags = _engine_flags(job, options, signals, row.source) if signals else {}
            _collect_post(found, config, plan.layout.meta_headers, human, row.source, row.path, job, options, flags)
    return found


def _engine_flags(job, options, signals: dict, rel: str) -> dict[int, set[str]]:
    """Flags from what the engine said about each segment's sentences, by position in the
    post's segments (the units differ per unit mode: each is tried)."""
    from ..review.analysis import LOW_SCORE
    from ..translate.job import prepare_translation
    from ..translate.units import parts_of

    flags: dict[int, set[str]] = {}
    for mode in UNIT_MODES:
        again = prepare_translation(job.original, source=job.source, target=job.target, options=options, unit_mode=mode, path=rel)
        for index, segment in enumerate(s for top in again.segments for s in top.walk()):
            for part in parts_of(segment):
                signal = signals.get(part.unit.text) if part.unit is not None else None
                if signal is None:
                    continue
                if signal.score is not None and signal.score < LOW_SCORE:
                    flags.setdefault(index, set()).add(LOW_SCORE_FLAG)
                if signal.fallback:
                    flags.setdefault(index, set()).add(FALLBACK)
    return flags


def _collect_post(found: Collection, config: BuildConfig, meta: bool, human: HumanMemory, source_rel: str, rel: str, job, options, engine_flags: dict[int, set[str]]) -> None:
    from ..translate.job import prepare_translation

    segments = job.segments
    record = human.output(rel)
    base = segments
    if record is not None and record.source_text != job.original:
        base = prepare_translation(record.source_text, source=job.source, target=job.target, options=options, unit_mode="tagged", path=source_rel).segments
    known: dict[str, str | None] = {}
    previous: dict[str, str] = {}
    output = config.site_root / rel
    if output.is_file():
        notice = notice_text(job.target, job.source, config.notice_text) if config.notice else None
        try:
            pairing = pair_segments(base, translated_segments(output.read_text(encoding="utf-8", errors="replace"), rel, meta), notice)
        except (BlogbabelError, OSError) as exc:  # a translation a person broke: exported untranslated
            found.problems.append(Problem(rel, f"cannot read the current translation: {exc}"))
        else:
            for top_source, top_translated in pairing.pairs:
                for source, translated in pair_children(top_source, top_translated):
                    if source.has_prose:
                        known[segment_key(source)] = tagged_translation(source, translated)
            if base is not segments and [s.kind for s in base] == [s.kind for s in segments]:
                # the source changed since: the old translation of the same block, as fuzzy
                for old, new in zip(base, segments):
                    if segment_key(old) != segment_key(new) and known.get(segment_key(old)):
                        previous[segment_key(new)] = segment_key(old)
    review = {s.source for s in record.segments if s.needs_review} if record is not None else set()
    people = human.lookup(job.source, job.target, list(all_keys(segments)))
    old_tagged = {segment_key(s): tagged_source(s).text for top in base for s in top.walk()}
    for index, segment in enumerate(s for top in segments for s in top.walk()):
        if not segment.has_prose:
            continue
        tagged = tagged_source(segment)
        entry = found.entries.get(tagged.text)
        if entry is None:
            entry = found.entries[tagged.text] = ExchangeEntry(tagged.text, tagged.placeholders, segment.kind, segment.context != "markdown")
        entry.references.append((source_rel, segment.line))
        entry.occurrences.append((job.source, rel, segment))
        if entry.translation and FUZZY not in entry.flags:
            continue  # the first translated occurrence speaks for all
        key = segment_key(segment)
        person = people.get(key)
        if person is not None and person.form == TAGGED_FORM:
            entry.translation, entry.origin, entry.flags = person.translation, HUMAN, set()
        elif known.get(key):
            entry.translation, entry.origin, entry.flags = known[key] or "", HUMAN if person else MACHINE, set()
            if key in review:
                entry.flags.add(FUZZY)
        elif key in previous:
            entry.translation, entry.origin = known[previous[key]] or "", MACHINE
            entry.flags, entry.previous = {FUZZY}, old_tagged[previous[key]]
        if entry.origin == MACHINE:
            entry.flags |= engine_flags.get(index, set())
            if entry.translation == tagged.text:
                entry.flags.add(FALLBACK)
