"""Build a site: every post cleaned, every missing locale translated, written where the
generator expects it.

The run: scan and classify (:func:`~blogbabel.site.status.make_plan`); then, chunk by chunk
(``chunk_size`` posts), read + clean + prepare each post (in ``jobs`` worker processes when
asked), send the union of the chunk's texts to the translator in one ``translate_batch`` call
per language pair, finish each post, and write it. Only one chunk's posts are in memory at a
time. Every write is atomic and guarded by the manifest: a file a person edited is kept.
"""

from __future__ import annotations

import gc
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import BackendError, BlogbabelError
from ..files import atomic_write, decode_bytes, ensure_inside, read_post_bytes, remove_stale_temp_files
from .config import BuildConfig, as_config
from .frontmatter_fields import Header, insert_after_header, meta_as_yaml, read_header, set_fields, yaml_back_to_meta
from .manifest import build_lock, build_running, content_hash
from .notice import notice_paragraph
from .scan import LANGUAGE_KEYS, MarkdownFile, Problem
from .layouts import PostInfo
from .status import ERROR, HUMAN, MISSING, NEEDS_WORK, SOURCE, STALE, UP_TO_DATE, Plan, StatusRow, count_states, fingerprint, make_plan, post_info

_COPY_FINGERPRINT_VERSION = "copy-1"
#: the backend time budget when none is configured: seconds per batch plus seconds per text
_DEFAULT_TIMEOUT, _DEFAULT_TIMEOUT_PER_TEXT = 300.0, 1.0


@dataclass
class BuildReport:
    """What a build found and did. ``exit_code`` follows the CLI's conventions."""

    content_dir: str
    site_root: str
    check: bool = False
    dry_run: bool = False
    posts: int = 0
    rows: list[StatusRow] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # site-relative paths created or updated
    kept: list[str] = field(default_factory=list)  # human-edited files left alone
    copied: int = 0
    segments: int = 0
    units: int = 0
    repairs: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    model_calls: int = 0
    model_seconds: float = 0.0
    backend: str | None = None
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def pending(self) -> list[StatusRow]:
        """Translations missing or stale (what ``--check`` fails on)."""
        return [row for row in self.rows if row.state in NEEDS_WORK]

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 123
        if self.check and self.pending:
            return 1
        return 0

    def to_dict(self) -> dict:
        counts = count_states(self.rows)
        return {
            "content_dir": self.content_dir,
            "site_root": self.site_root,
            "check": self.check,
            "dry_run": self.dry_run,
            "posts": self.posts,
            "states": counts,
            "translations": [row.to_dict() for row in self.rows if row.state != SOURCE],
            "written": self.written,
            "kept_human_edits": self.kept,
            "copied": self.copied,
            "segments": self.segments,
            "units": self.units,
            "repairs": self.repairs,
            "cache": {"hits": self.cache_hits, "misses": self.cache_misses},
            "model_calls": self.model_calls,
            "model_seconds": round(self.model_seconds, 3),
            "backend": self.backend,
            "seconds": round(self.seconds, 3),
            "warnings": [asdict(p) for p in self.warnings],
            "errors": [asdict(p) for p in self.errors],
            "exit_code": self.exit_code,
        }

    def summary(self) -> str:
        """One paragraph for the end of a run."""
        counts = count_states(self.rows)
        states = ", ".join(f"{counts[s]} {s}" for s in (UP_TO_DATE, STALE, MISSING, HUMAN, "skipped", ERROR) if counts.get(s))
        if self.check or self.dry_run:
            verb = "would write" if self.dry_run else "to do"
            todo = len(self.pending)
            return f"{self.posts} posts: {states or 'nothing to translate'}; {todo} translations {verb}; {len(self.errors)} errors"
        lines = [
            f"{self.posts} posts, {len(self.written)} files written, {len(self.kept)} human edits kept, {self.copied} files copied",
            f"{self.segments} segments ({self.units} texts), cache {self.cache_hits} hits / {self.cache_misses} misses, "
            f"model {self.model_seconds:.1f} s in {self.model_calls} calls" + (f" [{self.backend}]" if self.backend else ""),
            f"{self.repairs} mojibake repairs, {len(self.warnings)} warnings, {len(self.errors)} errors, {self.seconds:.1f} s",
        ]
        return "\n".join(lines)


# ----------------------------------------------------------------------------- workers


@dataclass
class _Prepared:
    """A post read, cleaned and analysed, ready for translation (picklable)."""

    rel: str
    cleaned: str = ""
    bom: bool = False
    newline: str = "\n"
    meta: Header | None = None  # a Pelican ``Key: value`` header, translated as YAML
    fixes: int = 0
    unresolved: list[tuple[int, str]] = field(default_factory=list)
    jobs: dict = field(default_factory=dict)  # target -> TranslationJob
    error: Problem | None = None


def _prepare(path: str, rel: str, lang: str, targets: Sequence[str], meta_headers: bool, preserves_markup: bool, options, max_mb: float) -> _Prepared:
    """Read, clean and segment one post (runs in a worker process with ``--jobs``)."""
    from ..repair import clean_markdown
    from ..translate.job import prepare_translation

    out = _Prepared(rel)
    try:
        source = decode_bytes(read_post_bytes(path, max_mb=max_mb, name=rel), rel)
        cleaned = clean_markdown(source.text, lang=lang)
        out.cleaned, out.bom = cleaned.text, source.bom
        out.fixes = len(cleaned.fixes)
        out.unresolved = [(fix.line, f"possible mojibake left: {fix.before!r}") for fix in cleaned.unresolved]
        header = read_header(out.cleaned, path=rel, meta_headers=meta_headers)
        out.newline = header.newline
        text = out.cleaned
        if header.format == "meta":
            out.meta, text = header, meta_as_yaml(out.cleaned, header)
        for target in targets:
            out.jobs[target] = prepare_translation(text, source=lang, target=target, options=options, preserves_markup=preserves_markup, path=rel)
    except BlogbabelError as exc:
        out.error = Problem.from_error(exc, rel)
        out.jobs = {}
    return out


# ----------------------------------------------------------------------------- the run


@dataclass
class _Work:
    """One source post and what to produce from it."""

    info: MarkdownFile
    targets: list[tuple[str, str]]  # (locale, site-relative path)
    copy_rel: str | None  # write the cleaned source here (output-folder mode)


class _Builder:
    def __init__(self, plan: Plan, report: BuildReport):
        self.plan = plan
        self.config: BuildConfig = plan.config
        self.layout = plan.layout
        self.manifest = plan.manifest
        self.report = report
        self.translator = None
        self.backend = None
        self.backend_name: str | None = None
        self.memory = None
        self.failed: BlogbabelError | None = None
        self._options = None
        self.locales_used: set[str] = set()
        self.settled: set[str] = set()  # paths now holding exactly what this build produced
        self._fingerprints: dict[tuple[str, str], str] = {}
        self.copy_fingerprint = f"{_COPY_FINGERPRINT_VERSION}:{self.layout.name}"  # of cleaned source copies

    # -- planning ------------------------------------------------------------------------
    def work(self) -> list[_Work]:
        config, force = self.config, self.config.force
        wanted: dict[str, list[tuple[str, str]]] = {}
        for row in self.plan.rows:
            if row.state == SOURCE:
                self.locales_used.add(row.locale)
            edited = row.state == HUMAN and row.detail != "written by a person"
            replace_edit = force and edited
            if edited and not force and row.path:
                self.report.kept.append(row.path)
            if row.path and (row.state in NEEDS_WORK or replace_edit):
                wanted.setdefault(row.source, []).append((row.locale, row.path))
            if row.state in (UP_TO_DATE, STALE, MISSING, HUMAN):
                self.locales_used.add(row.locale)
        items = []
        for group in self.plan.groups:
            members = [group.source] if group.source is not None else []
            if not config.in_place:
                members += [m for m in group.others.values() if not m.machine]
            for info in members:
                if info.error is not None:
                    continue
                targets = wanted.get(str(info.rel), []) if info is group.source else []
                copy_rel = None if config.in_place else str(self.layout.source_copy_path(post_info(config, info)))
                if copy_rel is not None and self._copy_current(info, copy_rel):
                    copy_rel = None
                if targets or copy_rel:
                    items.append(_Work(info, targets, copy_rel))
        return items

    def _copy_current(self, info: MarkdownFile, rel: str) -> bool:
        """The cleaned copy in the output folder is already what this build would write."""
        entry = self.manifest.get(rel)
        path = self.config.site_root / rel
        if entry is None or entry.source_hash != info.hash or entry.fingerprint != self.copy_fingerprint:
            return False
        return path.is_file() and entry.hash == content_hash(path.read_bytes())

    def _fingerprint(self, source: str, target: str) -> str:
        """The settings that shape a translation from ``source`` to ``target``, computed once per
        pair: the manifest entries of a build share the string."""
        if (source, target) not in self._fingerprints:
            self._fingerprints[source, target] = fingerprint(self.config, self.layout, source, target)
        return self._fingerprints[source, target]

    # -- translator ----------------------------------------------------------------------
    def _ensure_translator(self, pairs: set[tuple[str, str]]):
        if self.translator is None:
            from ..backends import get_backend
            from ..backends.memory import CachedTranslator, TranslationMemory

            source, target = min(pairs)
            self.backend = get_backend(self.config.backend, source=source, target=target, **dict(self.config.backend_options))
            self.memory = TranslationMemory(self.config.memory_path) if self.config.memory_path else None
            # a hung engine must not hang the build: an explicit timeout is per batch; the
            # default budget is generous for any real model on a CPU (300 s + 1 s per text)
            timeout, per_text = (self.config.timeout, 0.0) if self.config.timeout else (_DEFAULT_TIMEOUT, _DEFAULT_TIMEOUT_PER_TEXT)
            self.translator = CachedTranslator(self.backend, self.memory, timeout=timeout, timeout_per_text=per_text)
            self.backend_name = getattr(self.backend, "name", self.config.backend)
            self.report.backend = getattr(self.backend, "identity", None) or self.backend_name
        for source, target in sorted(pairs):
            require = getattr(self.backend, "require", None)
            if require is not None:
                require(source, target)
        return self.translator

    def _translate_options(self):
        if self._options is None:
            from ..translate.glossary import load_glossary
            from ..translate.job import TranslateOptions

            self._options = TranslateOptions(glossary=load_glossary(self.config.glossary), clean=False)
        return self._options

    # -- writing -------------------------------------------------------------------------
    def write(self, rel: str, data: bytes, **details) -> bool:
        """Write ``data`` at site-relative ``rel`` unless a person edited the file there."""
        try:
            ensure_inside(self.config.site_root, rel)
        except BlogbabelError as exc:
            raise _about(exc, rel) from None
        path = self.config.site_root / rel
        if path.exists() or path.is_symlink():
            current = path.read_bytes() if path.is_file() and not path.is_symlink() else None
            if current == data:
                self.manifest.record(rel, data, **details)
                self.settled.add(rel)
                return False
            if (current is None or not self.manifest.is_ours(rel, current)) and not self.config.force:
                self.report.kept.append(rel)
                return False
        try:
            atomic_write(path, data)
        except BlogbabelError as exc:
            raise _about(exc, rel) from None
        self.manifest.record(rel, data, **details)
        self.report.written.append(rel)
        self.settled.add(rel)
        return True

    def copy_assets(self) -> None:
        config = self.config
        for rel, path in self.plan.assets:
            sources = [] if config.in_place else [str(rel)]
            extra = [str(p) for locale in config.locales for p in self.layout.asset_copies(rel, locale)]
            if not sources and not extra:
                continue
            stat = Path(path).stat()
            stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
            data = None
            for target in sources + extra:
                entry = self.manifest.get(target)
                out = config.site_root / target
                if entry is not None and entry.source_hash == stamp and out.is_file() and out.stat().st_size == stat.st_size:
                    continue
                data = Path(path).read_bytes() if data is None else data
                try:
                    if self.write(target, data, source=str(rel), source_hash=stamp):
                        self.report.copied += 1
                except BlogbabelError as exc:
                    self.report.errors.append(Problem.from_error(exc, target))
        for rel, data in self.layout.extra_files(self.locales_used).items():
            self.write(rel, data, source=None, fingerprint=self.layout.name)

    # -- posts ---------------------------------------------------------------------------
    def run(self, progress) -> None:
        items = self.work()
        options = None
        preserves = False
        if any(item.targets for item in items):
            pairs = {(item.info.lang, locale) for item in items for locale, _ in item.targets}
            translator = self._ensure_translator(pairs)
            preserves = bool(getattr(translator, "preserves_markup", False))
            options = self._translate_options()
        pool = None
        if self.config.jobs > 1 and len(items) > 1:
            pool = ProcessPoolExecutor(max_workers=self.config.jobs, initializer=_worker_signals)
        # A chunk's analysed posts are thousands of small objects that all survive until the
        # chunk is written: the automatic GC ran dozens of full collections over them (6x slower
        # unpickling with --jobs, ~8% of a serial build). One collection per chunk instead.
        automatic_gc = gc.isenabled()
        gc.disable()
        try:
            bar = progress(len(items))
            chunks = list(_chunks(items, self.config.chunk_size))
            ahead = None
            for index, chunk in enumerate(chunks):
                prepared = ahead if ahead is not None else self._start_chunk(chunk, pool, options, preserves)
                ahead = None
                if pool is not None and index + 1 < len(chunks):
                    # the workers prepare the next chunk while this process translates and writes
                    ahead = self._start_chunk(chunks[index + 1], pool, options, preserves)
                self._run_chunk(chunk, list(prepared))
                del prepared
                if automatic_gc:
                    gc.collect()
                bar.update(len(chunk))
            bar.close()
        finally:
            if automatic_gc:
                gc.enable()
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            self.manifest.save()
            close = getattr(self.memory, "close", None)
            if close is not None:
                close()
        self._collect_counters()

    def _start_chunk(self, chunk: list[_Work], pool, options, preserves: bool) -> Iterable[_Prepared]:
        """Read, clean and segment a chunk's posts: done now, or queued on the worker pool."""
        meta = self.layout.meta_headers
        calls = [
            (str(self.config.content_dir / item.info.rel), str(item.info.rel), item.info.lang or self.config.default_lang,
             [locale for locale, _ in item.targets] if self.failed is None else [], meta, preserves, options, self.config.max_post_mb)
            for item in chunk
        ]
        if pool is not None:
            per_task = max(1, len(calls) // (self.config.jobs * 2))
            return pool.map(_prepare, *zip(*calls), chunksize=per_task)
        return [_prepare(*call) for call in calls]

    def _run_chunk(self, chunk: list[_Work], prepared: list[_Prepared]) -> None:
        translations = self._translate_chunk(prepared) if self.failed is None else {}
        for item, ready in zip(chunk, prepared):
            if ready.error is not None:
                self.report.errors.append(ready.error)
                continue
            self.report.repairs += ready.fixes
            self.report.warnings += [Problem(ready.rel, message, line) for line, message in ready.unresolved]
            try:
                if item.copy_rel is not None:
                    self._write_source_copy(item, ready)
                for locale, rel in item.targets:
                    job = ready.jobs.get(locale)
                    if job is None or (id(job) not in translations):
                        if self.failed is not None:
                            self.report.errors.append(Problem(ready.rel, f"not translated to {locale}: {self.failed}"))
                        continue
                    failed = {text: self.translator.failed[text] for text in job.texts if text in self.translator.failed}
                    self._write_translation(item, ready, locale, rel, job.finish(translations[id(job)], failed))
            except BlogbabelError as exc:
                self.report.errors.append(Problem.from_error(exc, ready.rel))

    def _translate_chunk(self, prepared: list[_Prepared]) -> dict[int, list[str]]:
        """One ``translate_batch`` per language pair over the union of the chunk's texts."""
        by_pair: dict[tuple[str, str], list] = {}
        for ready in prepared:
            for job in ready.jobs.values():
                by_pair.setdefault((job.source, job.target), []).append(job)
        results: dict[int, list[str]] = {}
        for (source, target), jobs in by_pair.items():
            texts = list(dict.fromkeys(text for job in jobs for text in job.texts))
            try:
                translated = self.translator.translate_batch(texts, source, target) if texts else []
                if len(translated) != len(texts):
                    raise BackendError(f"backend returned {len(translated)} translations for {len(texts)} texts")
            except BlogbabelError as exc:
                # no file of this chunk is written from a half-finished batch; later chunks only copy
                self.failed = exc
                return {}
            mapping = dict(zip(texts, translated))
            for job in jobs:
                results[id(job)] = [mapping[text] for text in job.texts]
        return results

    def _cleaned_post(self, info: MarkdownFile, ready: _Prepared):
        """The post as layouts see it: front matter values after mojibake repair (slugs!)."""
        post = post_info(self.config, info)
        data = read_header(ready.cleaned, path=ready.rel, meta_headers=self.layout.meta_headers).data
        return PostInfo(post.rel, post.key, post.lang, data, post.in_place)

    def _write_source_copy(self, item: _Work, ready: _Prepared) -> None:
        info = item.info
        text = ready.cleaned
        if info.translate:
            post = self._cleaned_post(info, ready)
            fields = {k: v for k, v in self.layout.source_fields(post).items() if post.data.get(k) != v}
            text = set_fields(text, fields, path=ready.rel, meta_headers=self.layout.meta_headers) if fields else text
        data = _encode(text, ready.bom)
        self.write(item.copy_rel, data, source=str(info.rel), source_hash=info.hash, fingerprint=self.copy_fingerprint, locale=info.lang)

    def _write_translation(self, item: _Work, ready: _Prepared, locale: str, rel: str, result) -> None:
        info = item.info
        text = result.text
        if ready.meta is not None:
            text = yaml_back_to_meta(text, ready.cleaned, ready.meta)
        post = self._cleaned_post(info, ready)
        fields: dict = {key: locale for key in LANGUAGE_KEYS if key in info.data and key != "lang"}
        fields["lang"] = locale
        fields.update(self.layout.translation_fields(post, locale))
        fields.update({"translation_of": str(info.rel), "machine_translated": True, "source_hash": info.hash})
        meta = self.layout.meta_headers
        text = set_fields(text, fields, path=rel, meta_headers=meta)
        if self.config.notice:
            notice = notice_paragraph(locale, post.lang, self.config.notice_text, ready.newline)
            text = insert_after_header(text, notice, meta_headers=meta) if notice else text
        self.report.segments += result.segments
        self.report.units += getattr(result, "units", 0)
        self.report.warnings += [Problem(rel, f"{w.message}", w.line) for w in result.warnings]
        fp = self._fingerprint(post.lang, locale)
        self.write(rel, _encode(text, ready.bom), source=str(info.rel), source_hash=info.hash, fingerprint=fp, locale=locale, backend=self.backend_name)

    def _collect_counters(self) -> None:
        translator = self.translator
        if translator is None:
            return
        self.report.cache_hits = int(getattr(translator, "hits", 0))
        self.report.cache_misses = int(getattr(translator, "misses", 0))
        self.report.model_calls = int(getattr(translator, "model_calls", 0))
        self.report.model_seconds = float(getattr(translator, "model_seconds", 0.0))


def _about(error: BlogbabelError, rel: str) -> BlogbabelError:
    """The same error about the site-relative path ``rel`` (reports name files that way)."""
    return type(error)(error.message, path=rel, line=error.line, hint=error.hint)


def _worker_signals() -> None:
    """Ctrl-C reaches the whole process group: workers leave it to the main process, which
    stops the pool; otherwise a worker dies holding the pool's queue lock and the build hangs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _encode(text: str, bom: bool) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_factory(config: BuildConfig):
    """A tqdm bar on an interactive terminal only (never in CI logs or with --quiet)."""

    def make(total: int):
        if not config.progress or total < 2 or not sys.stderr.isatty():
            return _NoBar()
        from tqdm import tqdm

        return tqdm(total=total, unit="post", file=sys.stderr, leave=False)

    return make


def build_site(config: BuildConfig | Mapping | str | Path) -> BuildReport:
    """Clean and translate every post of a site into the layout's per-locale Markdown.

    ``config`` is a :class:`BuildConfig`, a mapping of its fields (``content_dir`` required)
    or a content folder (its ``blogbabel.toml`` / ``[tool.blogbabel]`` is read). With
    ``check`` or ``dry_run`` nothing is written. Errors about single posts are collected in
    the report (exit code 123); errors about the whole build (settings, a missing model)
    are raised as :class:`~blogbabel.errors.BlogbabelError`.
    """
    config = as_config(config)
    started = time.perf_counter()
    report = BuildReport(str(config.content_dir), str(config.site_root), check=config.check, dry_run=config.dry_run)
    if config.check or config.dry_run:
        _fill_from_plan(report, make_plan(config))
    else:
        with build_lock(config.state_dir), build_running(config.state_dir) as interrupted_before:
            plan = make_plan(config)  # read under the lock: the manifest is the last build's
            if interrupted_before:  # a killed build may have left temporary files where it writes
                remove_stale_temp_files({(config.site_root / rel).parent for rel in plan.manifest.entries})
            _fill_from_plan(report, plan)
            builder = _Builder(plan, report)
            builder.run(_progress_factory(config))
            builder.copy_assets()
            plan.manifest.save()
            _settle_rows(report, builder.settled)
    report.seconds = time.perf_counter() - started
    return report


def _fill_from_plan(report: BuildReport, plan: Plan) -> None:
    report.rows = plan.rows
    report.posts = sum(1 for group in plan.groups if group.source is not None)
    report.errors += plan.problems
    report.warnings += plan.warnings


def _settle_rows(report: BuildReport, settled: set[str]) -> None:
    """After a build, the translations now on disk as blogbabel wants them are up to date."""
    for row in report.rows:
        if row.path in settled and row.state in (MISSING, STALE, HUMAN):
            row.state, row.detail = UP_TO_DATE, ""
