"""Build the review of a site from what it already has: nothing is translated or written.

The plan says which translations the site has; the review of each is read from the review
store (:mod:`.cache`) when its key still holds: a build records the review of every
translation it writes, so after a build nothing is analysed. Each other post is read and
cleaned, and for each locale whose review is not kept the build is replayed from the
translation memory (:mod:`.replay`) and the translation file analysed and paired with the
source (:mod:`.analysis`). With ``jobs > 1`` those posts are reviewed in worker processes.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..errors import BlogbabelError
from ..files import decode_bytes, read_post_bytes
from ..markdown.frontmatter import read_header
from ..markdown.frontmatter_edit import meta_as_yaml
from ..repair import clean_markdown
from ..resources import locales_dir
from ..site.config import BuildConfig
from ..site.manifest import content_hash
from ..site.signals import load_signals
from ..site.status import ERROR, HUMAN, MISSING, REVIEW, SKIPPED, SOURCES, STALE, UP_TO_DATE, Plan, make_plan
from ..translate.aligned import UNIT_MODES, UnitSignal, unit_mode_of
from ..translate.glossary import load_glossary
from ..translate.job import TranslateOptions
from .analysis import Source, Wanted, left_flags, review_translation
from .cache import FILE, ReviewStore, cache_key, translation_key
from .model import Flag, PostReview, SiteReview
from .replay import MemoryReader, replay
from .rows import stamp as rows_stamp
from .unknown import collect_unknown_words


@dataclass(frozen=True)
class Settings:
    """What shapes every review of a site (picklable, for worker processes)."""

    content_dir: Path
    site_root: Path
    memory: Path | None
    glossary: tuple[Path, ...]
    notice: tuple[tuple[str, str], ...] | None  # per-locale notice overrides; None: no notice
    meta_headers: bool
    max_mb: float
    markdown: tuple[tuple[str, object], ...]  # the TranslateOptions the build uses
    alt_from_caption: bool

    @classmethod
    def of(cls, config: BuildConfig, meta_headers: bool) -> Settings:
        notice = tuple(sorted(config.notice_text.items())) if config.notice else None
        memory = config.content_dir / ".blogbabel" / "tm.sqlite"
        markdown = tuple(sorted(config.markdown_settings().items()))
        return cls(config.content_dir, config.site_root, memory, tuple(config.glossary), notice, meta_headers, config.max_post_mb, markdown, config.alt_from_caption)

    def key(self) -> str:
        """What a kept review's key holds of these settings (the glossaries by content)."""
        glossary = _fingerprint_files((locales_dir() / "glossary.toml", *self.glossary))
        return cache_key(glossary, self.notice, self.meta_headers, self.max_mb, self.markdown, self.alt_from_caption, rows_stamp())


@dataclass(frozen=True)
class _Task:
    """One source post and the translations of it to review."""

    rel: str
    lang: str
    locales: tuple[Wanted, ...]
    settings: Settings


def collect_review(config: BuildConfig, *, jobs: int = 1, use_cache: bool = True) -> SiteReview:
    """The review of the site ``config`` describes. Nothing of the site is written; the
    review of each translation is kept in ``<content>/.blogbabel/review.sqlite`` for the next
    run (:mod:`.cache`) unless ``use_cache`` is False."""
    plan = make_plan(config)
    review = SiteReview(str(config.content_dir))
    review.errors = [Flag("error", p.message, p.path, p.line) for p in plan.problems]
    by_source: dict[str, list] = {}
    for row in plan.rows:
        by_source.setdefault(row.source, []).append(row)
    warnings: dict[str, list[Flag]] = {}
    for problem in plan.warnings:
        warnings.setdefault(problem.path, []).append(Flag("warning", problem.message, problem.path, problem.line))
    settings = Settings.of(config, plan.layout.meta_headers)
    settings_key = settings.key()
    store = ReviewStore(config.content_dir / ".blogbabel" / FILE if use_cache else None)
    shutil.rmtree(config.content_dir / ".blogbabel" / "review-cache", ignore_errors=True)  # what earlier versions kept
    kept = store.heads()
    signals = _signals(config.content_dir / ".blogbabel" / "signals.json")
    found: list[tuple[str, Wanted, PostReview]] = []
    misses: list[tuple[list[str], _Task]] = []
    for group in plan.groups:
        info = group.source
        if info is None or info.error is not None or not info.translate:
            continue
        rel, lang = str(info.rel), info.lang or config.default_lang
        missed: list[tuple[str, Wanted]] = []
        for row in by_source.get(rel, []):
            if row.state in (*SOURCES, SKIPPED, ERROR):
                continue
            wanted = Wanted(row.locale, row.state, row.detail, row.path, _backend(plan, row.path))
            key = translation_key(settings_key, rel, lang, row.locale, row.path, info.hash, _target_hash(plan, wanted), wanted.backend, human_kind(wanted))
            entry = kept.get(key)
            if entry is not None and entry.signals == signals_digest(signals, entry.texts):
                store.used.add(key)
                found.append((key, wanted, entry.post))
                review.errors.extend(entry.errors)
            else:
                missed.append((key, wanted))
        if missed:
            misses.append(([key for key, _ in missed], _Task(rel, lang, tuple(w for _, w in missed), settings)))
    if jobs > 1 and len(misses) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(review_source, [task for _, task in misses], chunksize=max(1, len(misses) // (jobs * 4))))
    else:
        results = [review_source(task) for _, task in misses]
    for (keys, task), (reviewed, source_errors) in zip(misses, results):
        review.errors.extend(source_errors)
        for key, wanted, (post, errors, texts) in zip(keys, task.locales, reviewed):
            store.put(key, post, errors, texts, signals_digest(signals, texts))
            found.append((key, wanted, post))
            review.errors.extend(errors)
    store.prune(store.used)
    store.close()
    for key, wanted, post in found:
        post.state, post.detail, post.target = wanted.state, wanted.detail, wanted.path
        post.flags = warnings.get(post.source, []) + post.flags
        post.key = cache_key(key, wanted.state, wanted.detail, post.flags)  # what its page shows
        review.posts.append(post)
    review.posts.sort(key=lambda post: (post.source, post.locale))
    review.unknown_words = collect_unknown_words(review.posts)
    return review


def human_kind(wanted: Wanted) -> str:
    """What a translation's review key says about a person's hand in it ("" for none)."""
    return f"{wanted.state}:{wanted.detail}" if wanted.state in (HUMAN, REVIEW) else ""


def _target_hash(plan: Plan, wanted: Wanted) -> str | None:
    """The translation file's content hash: the manifest's while the file is what blogbabel
    wrote (the plan just checked it), else read."""
    if wanted.path is None or wanted.state == MISSING:
        return None
    entry = plan.manifest.get(wanted.path)
    if entry is not None and wanted.state in (UP_TO_DATE, STALE):
        return entry.hash
    try:
        return content_hash((plan.config.site_root / wanted.path).read_bytes())
    except OSError:
        return None


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


def signals_digest(signals: dict[str, UnitSignal], texts: Sequence[str]) -> str:
    """What the kept signals say about ``texts`` (a kept review stays valid while it holds)."""
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
def _options(glossary: tuple[Path, ...], markdown: tuple[tuple[str, object], ...]) -> TranslateOptions:
    return TranslateOptions(glossary=load_glossary(glossary), clean=False, **dict(markdown))  # type: ignore[arg-type]


_READERS: dict[Path | None, MemoryReader] = {}


def _reader(path: Path | None) -> MemoryReader:
    """One memory connection per process and site."""
    if path not in _READERS:
        _READERS[path] = MemoryReader(path)
    return _READERS[path]


def review_source(task: _Task) -> tuple[list[tuple[PostReview, list[Flag], list[str]]], list[Flag]]:
    """For each of the task's translations: its review, errors that stopped it, and the texts
    it was made of (what the engines' signals are about); and the errors that stopped all."""
    settings, rel = task.settings, task.rel
    options = _options(settings.glossary, settings.markdown)
    try:
        read = decode_bytes(read_post_bytes(settings.content_dir / rel, max_mb=settings.max_mb, name=rel), rel)
        cleaned = clean_markdown(read.text, lang=task.lang, code_tags=options.code_tags)
        header = read_header(cleaned.text, path=rel, meta_headers=settings.meta_headers)
    except BlogbabelError as exc:
        return [], [Flag("error", exc.message, rel, exc.line)]
    text = cleaned.text
    if settings.alt_from_caption:  # as the build fills them, before translating
        from ..markdown.figures import fill_alt_from_caption

        text, _ = fill_alt_from_caption(text, header.body_start)
    text = meta_as_yaml(text, header) if header.format == "meta" else text
    flags = left_flags(rel, cleaned.unresolved)
    source = Source(rel, task.lang, tuple(cleaned.fixes), flags)
    signals = _signals(settings.memory.parent / "signals.json") if settings.memory is not None else {}
    out: list[tuple[PostReview, list[Flag], list[str]]] = []
    for wanted in task.locales:
        if wanted.state == MISSING or wanted.path is None:
            out.append((PostReview(rel, wanted.locale, task.lang, wanted.state, wanted.detail, wanted.path, flags=list(flags)), [], []))
            continue
        try:
            target = decode_bytes(read_post_bytes(settings.site_root / wanted.path, max_mb=settings.max_mb, name=wanted.path), wanted.path).text
        except BlogbabelError as exc:
            out.append((PostReview(rel, wanted.locale, task.lang, wanted.state, wanted.detail, wanted.path, flags=list(flags)), [Flag("error", exc.message, wanted.path, exc.line)], []))
            continue
        done = replay(
            text,
            source=task.lang,
            target=wanted.locale,
            path=rel,
            options=options,
            memory=_reader(settings.memory),
            backend=wanted.backend,
            unit_modes=_unit_modes(wanted.backend),
            signals=signals,
        )
        post, errors = review_translation(source, wanted, done, target, dict(settings.notice) if settings.notice is not None else None, _reader(settings.memory).origins(wanted.path))
        out.append((post, errors, list(done.job.texts)))
    return out, []


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
