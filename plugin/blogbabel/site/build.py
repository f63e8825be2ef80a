"""Build a site: every post cleaned, every missing locale translated, written where the
generator expects it.

The run: scan and classify (:func:`~blogbabel.site.status.make_plan`), decide what to write
(:mod:`.work`); then, chunk by chunk (``chunk_size`` posts), read + clean + segment each post
(:mod:`.prepare`, in ``jobs`` worker processes when asked), send the union of the chunk's texts
to the engine in one ``translate_batch`` call per language pair (:mod:`.translating`), finish
each post (:mod:`.output`) and write it (:mod:`.writer`). Only one chunk's posts are in memory
at a time. Every write is atomic and guarded by the manifest: a file a person edited is kept.
The :class:`~.report.BuildReport` is told what happened and owns the exit code.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from ..errors import BlogbabelError, OutputError
from ..files import remove_stale_temp_files
from ..processes import die_with_parent
from . import output
from .config import BuildConfig, as_config
from .human_step import HumanStep
from .prepare import PreparedPost, prepare_post
from .report import BuildReport
from .scan import Problem, glossary_use
from .signals import save_signals
from .site_layout import remember_layout
from .source_repair import repair_source
from .state import build_lock, build_running, held_lock_fds
from .status import INCOMPLETE, Plan, fingerprint, make_plan, post_fingerprint
from .translating import Engine
from .work import Work, copy_fingerprint, plan_work
from .writer import SiteWriter

__all__ = ["BuildReport", "build_site"]


class _Run:
    """One build over a plan: chunks of posts prepared, translated and written."""

    def __init__(self, plan: Plan, report: BuildReport) -> None:
        self.plan, self.config, self.layout, self.report = plan, plan.config, plan.layout, report
        self.writer = SiteWriter(plan, report)
        self.engine: Engine | None = None
        self.human: HumanStep | None = None
        self.recorder: _NoRecorder = _NoRecorder()  # records each translation's review
        self.failed: BlogbabelError | None = None  # the batch failure that stops translating
        self.bar = _NoBar()  # the progress bar: labelled by stage, moved per post written
        self._fingerprints: dict[tuple[str, str], str] = {}
        self._copy_fingerprint = copy_fingerprint(self.layout.name)

    def run(self, progress) -> None:
        work = plan_work(self.plan, self.report)
        items, options, unit_mode = work.items, None, "fragment"
        _forget_headers(self.plan, {id(item.info) for item in items})
        pairs = {(item.info.lang or self.config.default_lang, locale) for item in items for locale, _ in item.targets}
        if pairs:
            self.engine = Engine(self.config, pairs)
            unit_mode, options = self.engine.unit_mode, _translate_options(self.config, self.plan.glossary)
            self.human = HumanStep(self.plan, self.report, options, unit_mode)
            self.recorder = _recorder(self.plan, self.human)
        pool = None
        if self.config.jobs > 1 and len(items) > 1:
            pool = ProcessPoolExecutor(max_workers=min(self.config.jobs, len(items)), initializer=_worker_setup, initargs=(os.getpid(),))
        automatic_gc = _pause_gc()
        try:
            bar = self.bar = progress(len(items))
            chunks = list(_chunks(items, self.config.chunk_size))
            ahead = None
            for index, chunk in enumerate(chunks):
                done = index * self.config.chunk_size
                bar.set_description_str(f"cleaning posts {done + 1}-{done + len(chunk)}")
                prepared = ahead if ahead is not None else self._start_chunk(chunk, pool, options, unit_mode)
                ahead = None
                if pool is not None and index + 1 < len(chunks):
                    # the workers prepare the next chunk while this process translates and writes
                    ahead = self._start_chunk(chunks[index + 1], pool, options, unit_mode)
                self._finish_chunk(chunk, list(prepared))
                del prepared
                self.recorder.commit()
                _collect(automatic_gc)
            bar.close()
        finally:
            _resume_gc(automatic_gc)
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            self.plan.manifest.save()
            if self.engine is not None:
                self.engine.close()
            self.recorder.close(finished=sys.exc_info()[0] is None)
            if self.human is not None:
                self.human.close()
        if self.engine is not None:
            self.report.engine_used(self.engine.identity, *self.engine.counters())
        self.writer.copy_assets(self.plan, work.locales_used)
        self.writer.remove_orphans(list(self.report.rows))

    def _start_chunk(self, chunk: list[Work], pool, options, unit_mode: str) -> Iterable[PreparedPost]:
        """Read, clean and segment a chunk's posts: done now, or queued on the worker pool."""
        config, meta = self.config, self.layout.meta_headers
        calls = [
            (
                str(config.content_dir / item.info.rel),
                str(item.info.rel),
                item.info.lang or config.default_lang,
                [locale for locale, _ in item.targets] if self.failed is None else [],
                meta,
                unit_mode,
                options,
                config.max_post_mb,
                (item.info.hash, item.info.header) if item.info.header is not None else None,
                config.alt_from_caption,
            )
            for item in chunk
        ]
        for item in chunk:  # the call holds it now: a header is not kept for the rest of the build
            item.info.header = None
        if pool is not None:
            per_task = max(1, len(calls) // (config.jobs * 2))
            return pool.map(prepare_post, *zip(*calls), chunksize=per_task)
        return [prepare_post(*call) for call in calls]

    def _translate(self, prepared: list[PreparedPost]) -> dict[int, list[str]]:
        if self.failed is not None or self.engine is None:
            return {}
        try:
            return self.engine.translate_chunk(prepared)
        except BlogbabelError as exc:  # later chunks only copy
            self.failed = exc
            return {}

    def _finish_chunk(self, chunk: list[Work], prepared: list[PreparedPost]) -> None:
        if self.human is not None and self.failed is None:
            self.human.before_translation(chunk, prepared)
        self.bar.set_description_str(f"translating {sum(len(r.jobs) for r in prepared)} versions")
        translations = self._translate(prepared)
        self.bar.set_description_str("writing")
        for item, ready in zip(chunk, prepared):
            self.bar.update(1)
            if ready.error is not None:
                self.report.failed(ready.error)
                continue
            self.report.repaired(ready.fixes)
            self.report.warned(Problem(ready.rel, message, line) for line, message in ready.unresolved)
            try:
                if item.copy_rel is not None:
                    _write_source_copy(self, item, ready)
                repair_source(self.writer, item, ready, self.report.rows, self.layout.meta_headers)
                for locale, rel in item.targets:
                    job = ready.jobs.get(locale)
                    if job is None or id(job) not in translations:
                        if self.failed is not None:
                            self.report.failed(Problem(ready.rel, f"not translated to {locale}: {self.failed}"))
                        continue
                    assert self.engine is not None
                    result = job.finish(translations[id(job)], self.engine.failures(job.texts), self.engine.signals(job.texts))
                    self._write_translation(item, ready, locale, rel, job, result, translations[id(job)])
            except BlogbabelError as exc:
                self.report.failed(Problem.from_error(exc, ready.rel))

    def _write_translation(self, item: Work, ready: PreparedPost, locale: str, rel: str, job, result, sent: list[str]) -> None:
        info = item.info
        assert self.human is not None
        data, text = _translation(self, item, ready, locale, rel, result)
        self.report.translated(result.segments, result.units)
        untranslated = [w for w in result.warnings if w.kind == "untranslated"]
        self.report.warned(Problem(rel, w.message, w.line) for w in result.warnings if w.kind != "untranslated")
        # a segment the engine failed on: the post is written (the rest is translated) but
        # recorded as incomplete, so it stays stale and is tried again by the next build
        for w in untranslated:
            self.report.failed(Problem(ready.rel, f"not translated to {locale} ({rel} keeps the source text): {w.message}", w.line))
        self.report.reviewed(str(info.rel), rel, result)
        lang = info.lang or self.config.default_lang
        assert self.engine is not None
        glossary = self.plan.glossary
        terms = glossary_use(glossary, ready.repaired, lang, locale)
        fp = post_fingerprint(_pair_fingerprint(self, lang, locale), terms, glossary.digest()) + (INCOMPLETE if untranslated else "")
        self.writer.write(rel, data, replace_edit=self.human.must_replace(rel), source=str(info.rel), source_hash=info.hash, fingerprint=fp, locale=locale, backend=self.engine.name)
        self.human.written(item, ready, locale, rel, job, result, data)
        if untranslated:
            self.writer.settled.discard(rel)
        else:  # ``blogbabel review`` reads it instead of analysing the post again
            self.recorder.written(info, ready, locale, rel, job, sent, result, self.engine, data, text)


def _write_source_copy(run: _Run, item: Work, ready: PreparedPost) -> None:
    info = item.info
    data = output.source_copy(run.config, run.layout, info, ready)
    assert item.copy_rel is not None
    run.writer.write(item.copy_rel, data, source=str(info.rel), source_hash=info.hash, fingerprint=run._copy_fingerprint, locale=info.lang)


def _translation(run: _Run, item: Work, ready: PreparedPost, locale: str, rel: str, result):
    """The bytes to write at ``rel``: the person's file a merge adopted, or the build's output
    (then also its text, which the review recorder reads)."""
    assert run.human is not None
    adopted = run.human.adopted(rel)
    if adopted is not None:
        return adopted, None
    text = output.translation_text(run.config, run.layout, item.info, ready, locale, rel, result)
    return output.encode(text, ready.bom), text


class _NoRecorder:
    """Records nothing (a build with nothing to translate)."""

    def written(self, *args) -> None:
        pass

    def commit(self) -> None:
        pass

    def close(self, finished: bool = True) -> None:
        pass


def _recorder(plan: Plan, human: HumanStep):
    """What records each translation's review for ``blogbabel review`` (review/record.py)."""
    from ..review.record import BuildRecorder

    return BuildRecorder(plan, human.memory)


# A chunk's analysed posts are thousands of small objects that all survive until the chunk
# is written: the automatic GC ran dozens of full collections over them (6x slower unpickling
# with --jobs, ~8% of a serial build). One collection per chunk instead, and what survives it
# (the interpreter, the lexicons, the plan) is frozen, so the next one walks only what the
# next chunk left; unfrozen when the build ends.
def _pause_gc() -> bool:
    enabled = gc.isenabled()
    gc.disable()
    return enabled


def _collect(automatic_gc: bool) -> None:
    if automatic_gc:
        gc.collect()
        gc.freeze()


def _resume_gc(automatic_gc: bool) -> None:
    if automatic_gc:
        gc.unfreeze()
        gc.enable()


def _pair_fingerprint(run: _Run, source: str, target: str) -> str:
    """The settings that shape a translation from ``source`` to ``target``, computed once per
    pair: the manifest entries of a build share the string."""
    if (source, target) not in run._fingerprints:
        run._fingerprints[source, target] = fingerprint(run.config, run.layout, source, target)
    return run._fingerprints[source, target]


def _forget_headers(plan: Plan, needed: set[int]) -> None:
    """Drop the parsed headers of the files this build does not prepare: on a site of 100,000
    posts they would hold a few hundred MB for nothing."""
    for group in plan.groups:
        for info in (group.source, *group.others.values()):
            if info is not None and id(info) not in needed:
                info.header = None


def _translate_options(config: BuildConfig, glossary=None):
    from ..translate.glossary import load_glossary
    from ..translate.job import TranslateOptions

    return TranslateOptions(glossary=glossary or load_glossary(config.glossary), clean=False, **config.markdown_settings())


def _worker_setup(parent: int) -> None:
    """Ctrl-C reaches the whole process group: workers leave it to the main process, which
    stops the pool; otherwise a worker dies holding the pool's queue lock and the build hangs.
    A worker never keeps the build lock it inherited, and dies with the build (``kill -9``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for fd in held_lock_fds():
        os.close(fd)
    die_with_parent(parent)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def set_description_str(self, text: str) -> None:
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
    report = BuildReport(str(config.content_dir), str(config.site_root), check=config.check, dry_run=config.dry_run, force=config.force)
    if config.check or config.dry_run:
        report.planned(make_plan(config))
    else:
        with build_lock(config.state_dir, timeout=config.lock_timeout), build_running(config.state_dir) as interrupted_before:
            plan = make_plan(config)  # read under the lock: the manifest is the last build's
            if interrupted_before:  # a killed build may have left temporary files where it writes: its outputs' folders and its state folder
                folders = {(config.site_root / rel).parent for rel in (*plan.manifest.entries, *plan.manifest.intended)}
                remove_stale_temp_files(folders | {config.state_dir})
            report.planned(plan)
            for rel, recorded in plan.refreshed:  # same terms under a changed glossary: no file to write
                entry = plan.manifest.get(rel)
                if entry is not None:
                    plan.manifest.repoint(rel, replace(entry, fingerprint=recorded))
            run = _Run(plan, report)
            try:
                run.run(_progress_factory(config))
                plan.manifest.save()
                remember_layout(config)
                if run.engine is not None:  # for `blogbabel review`: the memory does not keep them
                    save_signals(config.content_dir / ".blogbabel", run.engine.translator.signals)
            except OutputError as exc:  # the output's disk filled: report what was done and what failed
                report.failed(Problem.from_error(exc, str(config.site_root)))
                plan.manifest.close()
            report.settled(run.writer.settled)
    report.seconds = time.perf_counter() - started
    return report
