"""Build the review of a site from what it already has: nothing is translated or written.

For each source post: read and clean it (the mojibake fixes), then for each locale with a
translation on disk replay the build from the translation memory (:mod:`.replay`), analyse the
translation file with the same segment analysis, pair the two by structure (:mod:`.pairing`)
and attach every flag to the segment it is about. With ``jobs > 1`` posts are reviewed in
worker processes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..backends.memory import normalize_segment
from ..errors import BlogbabelError
from ..files import decode_bytes, read_post_bytes
from ..markdown.frontmatter import read_header
from ..markdown.frontmatter_edit import meta_as_yaml
from ..markdown.segments import Segment, analyse
from ..repair import clean_markdown
from ..repair.result import Fix
from ..resources import locales_dir
from ..site.config import BuildConfig
from ..site.notice import notice_text
from ..site.signals import load_signals
from ..site.status import ERROR, HUMAN, MISSING, SKIPPED, SOURCES, make_plan
from ..translate.aligned import UNIT_MODES, UnitSignal, unit_mode_of
from ..translate.glossary import load_glossary
from ..translate.job import TranslateOptions
from ..translate.result import TranslationWarning
from .cache import ReviewCache, cache_key
from .markup import glossary_terms, mark_words, side
from .model import WARNING_FLAGS, Flag, PostReview, Row, SiteReview
from .pairing import flatten, pair, pair_around_notice
from .replay import MemoryReader, Replay, replay
from .unknown import collect_unknown_words

#: a person wrote the whole file (not an edit of blogbabel's output)
_WRITTEN_BY_PERSON = "written by a person"


@dataclass(frozen=True)
class _Locale:
    locale: str
    state: str
    detail: str
    path: str | None
    backend: str | None


@dataclass(frozen=True)
class _Task:
    """One source post and its translations to review (picklable, for worker processes)."""

    rel: str
    lang: str
    locales: tuple[_Locale, ...]
    content_dir: Path
    site_root: Path
    memory: Path | None
    glossary: tuple[Path, ...]
    notice: tuple[tuple[str, str], ...] | None  # per-locale notice overrides; None: no notice
    meta_headers: bool
    max_mb: float
    warnings: tuple[tuple[str, int | None], ...] = ()  # the plan's warnings about this post


def collect_review(config: BuildConfig, *, jobs: int = 1, use_cache: bool = True) -> SiteReview:
    """The review of the site ``config`` describes. Nothing of the site is written; the
    reviews of posts are kept in ``<content>/.blogbabel/review-cache/`` for the next run
    (:mod:`.cache`) unless ``use_cache`` is False."""
    plan = make_plan(config)
    review = SiteReview(str(config.content_dir))
    review.errors = [Flag("error", p.message, p.path, p.line) for p in plan.problems]
    by_source: dict[str, list] = {}
    for row in plan.rows:
        by_source.setdefault(row.source, []).append(row)
    warnings: dict[str, list[tuple[str, int | None]]] = {}
    for problem in plan.warnings:
        warnings.setdefault(problem.path, []).append((problem.message, problem.line))
    state = config.content_dir / ".blogbabel"
    memory = state / "tm.sqlite"
    notice = tuple(sorted(config.notice_text.items())) if config.notice else None
    glossary = _fingerprint_files((locales_dir() / "glossary.toml", *config.glossary))
    cache = ReviewCache(state / "review-cache" if use_cache else None)
    signals = _signals(state / "signals.json")
    misses: list[tuple[str, _Task]] = []
    for group in plan.groups:
        info = group.source
        if info is None or info.error is not None or not info.translate:
            continue
        rel = str(info.rel)
        locales = tuple(_Locale(row.locale, row.state, row.detail, row.path, _backend(plan, row.path)) for row in by_source.get(rel, []) if row.state not in (*SOURCES, SKIPPED, ERROR))
        if not locales:
            continue
        task = _Task(
            rel,
            info.lang or config.default_lang,
            locales,
            config.content_dir,
            config.site_root,
            memory,
            config.glossary,
            notice,
            plan.layout.meta_headers,
            config.max_post_mb,
            tuple(warnings.get(rel, ())),
        )
        key = cache_key(task, info.hash, glossary, [_fingerprint_files((config.site_root / entry.path,)) if entry.path else None for entry in locales])
        found = cache.get(key)
        if found is None or found[3] != _signals_digest(signals, found[2]):
            misses.append((key, task))
        else:
            review.posts.extend(_keyed(found[0], key))
            review.errors.extend(found[1])
    if jobs > 1 and len(misses) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(review_source, [task for _, task in misses], chunksize=max(1, len(misses) // (jobs * 4))))
    else:
        results = [review_source(task) for _, task in misses]
    for (key, _), (posts, errors, texts) in zip(misses, results):
        cache.put(key, posts, errors, texts, _signals_digest(signals, texts))
        review.posts.extend(_keyed(posts, key))
        review.errors.extend(errors)
    cache.prune()
    review.posts.sort(key=lambda post: (post.source, post.locale))
    review.unknown_words = collect_unknown_words(review.posts)
    return review


@lru_cache(maxsize=4)
def _kept_signals(path: Path, stamp: tuple[int, int]) -> dict[str, UnitSignal]:
    return load_signals(path.parent)


def _signals(path: Path) -> dict[str, UnitSignal]:
    """The engines' kept signals (site/signals.py), read once per process and version."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _kept_signals(path, (stat.st_mtime_ns, stat.st_size))


def _signals_digest(signals: dict[str, UnitSignal], texts: Sequence[str]) -> str:
    """What the kept signals say about ``texts`` (a post's reviews stay valid while it holds)."""
    return cache_key([signals.get(text) for text in texts])


def _fingerprint_files(paths: Sequence[Path]) -> str:
    """A hash of the files' contents (a missing file counts as empty)."""
    digest = hashlib.sha256()
    for path in paths:
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"\x00missing")
        digest.update(b"\x00")
    return digest.hexdigest()


def _backend(plan, path: str | None) -> str | None:
    entry = plan.manifest.get(path) if path else None
    return entry.backend if entry is not None else None


@lru_cache(maxsize=4)
def _options(glossary: tuple[Path, ...]) -> TranslateOptions:
    return TranslateOptions(glossary=load_glossary(glossary), clean=False)


_READERS: dict[Path | None, MemoryReader] = {}


def _reader(path: Path | None) -> MemoryReader:
    """One memory connection per process and site."""
    if path not in _READERS:
        _READERS[path] = MemoryReader(path)
    return _READERS[path]


def review_source(task: _Task) -> tuple[list[PostReview], list[Flag], list[str]]:
    """The reviews of one source post's translations, errors that stopped one, and the texts
    the translations were made of (what the engines' signals are about)."""
    try:
        source = decode_bytes(read_post_bytes(task.content_dir / task.rel, max_mb=task.max_mb, name=task.rel), task.rel)
        cleaned = clean_markdown(source.text, lang=task.lang)
        header = read_header(cleaned.text, path=task.rel, meta_headers=task.meta_headers)
    except BlogbabelError as exc:
        return [], [Flag("error", exc.message, task.rel, exc.line)], []
    text = meta_as_yaml(cleaned.text, header) if header.format == "meta" else cleaned.text
    post_flags = [Flag("warning", message, task.rel, line) for message, line in task.warnings]
    post_flags += [Flag("mojibake_left", f"{fix.before!r} may still be mojibake", task.rel, fix.line) for fix in cleaned.unresolved]
    posts, errors, texts = [], [], []
    signals = _signals(task.memory.parent / "signals.json") if task.memory is not None else {}
    for wanted in task.locales:
        post = PostReview(task.rel, wanted.locale, task.lang, wanted.state, wanted.detail, wanted.path, flags=list(post_flags))
        posts.append(post)
        if wanted.state == MISSING or wanted.path is None:
            continue
        try:
            target = decode_bytes(read_post_bytes(task.site_root / wanted.path, max_mb=task.max_mb, name=wanted.path), wanted.path).text
            target_segments = flatten(analyse(target, path=wanted.path).segments)
        except BlogbabelError as exc:
            errors.append(Flag("error", exc.message, wanted.path, exc.line))
            continue
        done = replay(
            text,
            source=task.lang,
            target=wanted.locale,
            path=task.rel,
            options=_options(task.glossary),
            memory=_reader(task.memory),
            backend=wanted.backend,
            unit_modes=_unit_modes(wanted.backend),
            signals=signals,
        )
        texts.extend(done.job.texts)
        post.rows = _rows(task, wanted, post, done, target_segments, cleaned.fixes)
        _place_origins(post, _reader(task.memory), wanted)
    return posts, errors, texts


def _keyed(posts: list[PostReview], key: str) -> list[PostReview]:
    """``posts`` marked with the key of what they were made from (the pages skip on it)."""
    for post in posts:
        post.key = f"{key}:{post.locale}"
    return posts


@cache
def _unit_modes(backend: str | None) -> tuple[str, ...]:
    """The unit modes to try: the backend's own, or all of them when it is not known."""
    if backend:
        try:
            from ..backends import backend_class

            return (unit_mode_of(backend_class(backend)),)
        except BlogbabelError:
            pass
    return UNIT_MODES


def _rows(task: _Task, wanted: _Locale, post: PostReview, done: Replay, target_segments: list[Segment], fixes: Sequence[Fix]) -> list[Row]:
    source_segments = flatten(done.segments)
    placed = _place_fixes(source_segments, fixes)
    human, compared = _human_segments(wanted, done, target_segments)
    notice = notice_text(wanted.locale, task.lang, dict(task.notice)).strip() if task.notice is not None else None
    rows = []
    for src, tgt in pair_around_notice(source_segments, target_segments, notice):
        row = Row(side(task.rel, src, [f.after for f in placed.get(id(src), ())]) if src else None, side(str(wanted.path), tgt) if tgt else None)
        if src is not None:
            row.flags += [Flag("mojibake", f"{f.before!r} → {f.after!r}", task.rel, f.line, f.before, f.after) for f in placed.get(id(src), ())]
            for term, forced in glossary_terms(src):
                message = f"{term!r} is always translated {forced!r}" if forced else f"{term!r} is never translated"
                row.flags.append(Flag("glossary", message, task.rel, src.line))
        if tgt is not None and src is None and notice is not None and tgt.text.strip() == notice:
            row.notice = True
        elif src is None or tgt is None:
            where = (task.rel, src.line) if src is not None else (str(wanted.path), tgt.line)  # type: ignore[union-attr]
            message = "no segment of the translation pairs with this one" if src is not None else "not in the source"
            row.flags.append(Flag("unpaired", message, *where))
        if tgt is not None and not row.notice:
            row.origin = "human" if id(tgt) in human else ("machine" if compared else None)
            if row.origin == "human":
                row.flags.append(Flag("human", "written by a person; a build keeps it", str(wanted.path), tgt.line))
        rows.append(row)
    _place_warnings(rows, post, done.warnings, task.rel)
    _place_signals(rows, post, done, task.rel)
    return rows


#: a sentence whose mean log-probability per token is below this is flagged (e^-1.5: the model
#: hesitated between ~4.5 tokens at each step)
LOW_SCORE = -1.5


def _place_signals(rows: list[Row], post: PostReview, done: Replay, rel: str) -> None:
    """Sentence scores on the row of their source line (the worst of its sentences); unknown
    words on the rows whose translation shows them (an engine copies a word it does not know).
    Fallbacks came back as warnings of the replay."""
    by_line: dict[int, Row] = {}
    for row in rows:
        if row.source is not None:
            by_line.setdefault(row.source.line, row)
    for scored in done.scores:
        at = by_line.get(scored.line)
        if at is not None and (at.score is None or scored.score < at.score):
            at.score = scored.score
    for line, row in by_line.items():
        if row.score is not None and row.score < LOW_SCORE:
            row.flags.append(Flag("low_score", f"model score {row.score:.2f} (mean log-probability per token; below {LOW_SCORE})", rel, line))
    words = sorted(done.unknown)
    for row in rows:
        if row.target is None or not words:
            continue
        found = tuple(word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", row.target.text))
        if found:
            row.unknown_words = found
            row.target.pieces = mark_words(row.target.pieces, found)
            row.flags.append(Flag("unknown_word", "not in the engine's dictionary: " + ", ".join(found), row.target.path, row.target.line))


def _place_origins(post: PostReview, memory: MemoryReader, wanted: _Locale) -> None:
    """What the memory recorded when the file was written: segments a person translated, and
    machine segments to review (their source changed in a file a person had edited)."""
    origins, reasons = memory.origins(wanted.path)
    path = str(wanted.path)
    post.flags += [Flag("needs_review", reason, path) for reason in reasons]
    for row in post.rows:
        found = origins.get(normalize_segment(row.source.text)) if row.source is not None else None
        if found is None or row.target is None:
            continue
        if found.origin == "human" and row.origin != "human":
            row.origin = "human"
            row.flags.append(Flag("human", "a person's translation, kept from the memory", path, row.target.line))
        elif found.origin == "machine" and row.origin is None:
            row.origin = "machine"
        if found.needs_review:
            row.needs_review = True
            row.flags.append(Flag("needs_review", "machine translation of a paragraph that changed after a person edited this file: check it", path, row.target.line))


def _place_fixes(segments: list[Segment], fixes: Sequence[Fix]) -> dict[int, list[Fix]]:
    """Each mojibake fix on the smallest segment whose lines hold its repaired text."""
    placed: dict[int, list[Fix]] = {}
    by_size = sorted(segments, key=lambda s: len(s.text))
    for fix in fixes:
        for segment in by_size:
            last = segment.line + segment.text.count("\n")
            if segment.line <= fix.line <= last and fix.after in segment.text:
                placed.setdefault(id(segment), []).append(fix)
                break
    return placed


def _human_segments(wanted: _Locale, done: Replay, target_segments: list[Segment]) -> tuple[set[int], bool]:
    """ids of the translation's segments a person wrote (all of a file a person wrote; in an
    edited file, those that differ from what the engine produced), and whether the others are
    known to be the engine's."""
    if wanted.state != HUMAN:
        return set(), True
    if wanted.detail == _WRITTEN_BY_PERSON:
        return {id(segment) for segment in target_segments}, True
    if done.machine_text is None:
        return set(), False  # the memory no longer has the engine's output: nothing to compare with
    machine = flatten(analyse(done.machine_text).segments)
    changed = {id(tgt) for old, tgt in pair(machine, target_segments) if tgt is not None and (old is None or _norm(old.text) != _norm(tgt.text))}
    return changed, True


def _norm(text: str) -> str:
    return " ".join(text.split())


def _place_warnings(rows: list[Row], post: PostReview, warnings: list[TranslationWarning], rel: str) -> None:
    """Each translation warning on the first row whose source segment starts on its line."""
    for warning in warnings:
        kind = WARNING_FLAGS.get(warning.kind, "warning")
        if kind == "placeholder" and "kept" in warning.message:
            kind = "kept"
        flag = Flag(kind, warning.message, rel, warning.line)
        found = next((r for r in rows if r.source is not None and r.source.line == warning.line), None)
        if found is None:
            post.flags.append(flag)
        elif flag not in found.flags:
            found.flags.append(flag)


def page_name(source: str, locale: str, taken: set[str]) -> str:
    """A file name for the page of ``source`` in ``locale``: readable, safe, unique."""
    stem = re.sub(r"\.(?:md|markdown|mdown|mkd)$", "", source, flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:120] or "post"
    name, n = f"{stem}.{locale}.html", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.{locale}.html"
    taken.add(name.lower())
    return name
