"""What a build records for ``blogbabel review``: the review of each translation it writes.

The build has everything a review would otherwise recompute: the cleaned source and its
mojibake repairs, the source as the engine got it (the translation job), the engine's answers
and signals, and the file it wrote. Only the translation file is analysed and paired with the
source (:func:`.analysis.review_translation`); the review is kept in the review store under
the key a later review computes from the site's plan, so that review only reads and renders.

That work runs in one background thread while the build goes on: an engine translating the
next chunk (CTranslate2, an Apertium process) and the writes' fsyncs release the GIL, so with a
real engine recording costs the build next to nothing. The thread is at most one chunk behind
(:meth:`BuildRecorder.commit` waits for the chunk before), so memory stays bounded. A review
that fails to be recorded is only made again by the next ``blogbabel review``.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from ..backends.memory import TranslationMemory
from ..files import decode_bytes
from ..site.prepare import PreparedPost
from ..site.scan import MarkdownFile
from ..site.signals import load_signals
from ..site.status import UP_TO_DATE, Plan
from ..translate.aligned import UnitSignal
from .analysis import Origins, Source, Wanted, left_flags, review_translation
from .cache import FILE, ReviewStore, translation_key
from .collect import Settings, signals_digest
from .replay import MemoryReader, Replay


class BuildRecorder:
    """Kept reviews of the translations one build writes (see :mod:`.record`)."""

    def __init__(self, plan: Plan, memory: TranslationMemory) -> None:
        config = plan.config
        self.manifest, self.default_lang = plan.manifest, config.default_lang
        self.settings = Settings.of(config, plan.layout.meta_headers)
        self.key = self.settings.key()
        self.notice = dict(self.settings.notice) if self.settings.notice is not None else None
        self.store = ReviewStore(config.content_dir / ".blogbabel" / FILE)
        self.kept = load_signals(config.content_dir / ".blogbabel")  # what the review merges the engine's into
        self.memory = MemoryReader(None, memory)  # the build's connection: read in the build's thread only
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="blogbabel-review-record")
        self.pending: list[Future] = []  # this chunk's recordings
        self.behind: list[Future] = []  # the previous chunk's

    def written(self, info: MarkdownFile, ready: PreparedPost, locale: str, rel: str, job, sent: Sequence[str], result, engine, data: bytes, text: str | None = None) -> None:
        """Record the review of the translation ``data`` just written at ``rel`` from the source
        ``info`` prepared as ``ready``: ``job`` and ``result`` are the build's, ``sent`` its
        engine's answers (one per ``job.texts``); ``text``: what ``data`` encodes, when the build
        has it."""
        entry = self.manifest.get(rel)
        if entry is None or not ready.repairs:
            return
        lang = info.lang or self.default_lang
        # a source repaired in place (site/source_repair.py) has nothing left to repair
        fixes = tuple(ready.repairs[0]) if info.hash == ready.read_hash else ()
        source = Source(ready.rel, lang, fixes, left_flags(ready.rel, ready.repairs[1]))
        signals = {unit: signal for unit in job.texts if (signal := _signal(engine.translator.signals.get(unit)) or self.kept.get(unit)) is not None}
        refinish = bool(engine.failures(job.texts)) or signals != engine.signals(job.texts)
        wanted = Wanted(locale, UP_TO_DATE, "", rel, engine.name)
        key = translation_key(self.key, source.rel, lang, locale, rel, info.hash, entry.hash, engine.name, "")
        origins = self.memory.origins(rel)
        target = text if text is not None else decode_bytes(data, rel).text
        self.pending.append(self.thread.submit(self._record, key, source, wanted, job, list(sent), result if not refinish else None, signals, origins, target))

    def _record(self, key: str, source: Source, wanted: Wanted, job, sent: list[str], result, signals: dict[str, UnitSignal], origins: Origins, target: str) -> None:
        try:
            if result is None:  # the build's answers, finished the way the review replays them
                result = job.finish(sent, signals=signals or None)
            done = Replay(job, len(job.texts), list(result.warnings), result.text, list(result.scores), dict(result.unknown_words))
            post, errors = review_translation(source, wanted, done, target, self.notice, origins)
            self.store.put(key, post, errors, list(job.texts), signals_digest(signals, job.texts))
        except Exception:  # noqa: BLE001 - derived data: never fail a build over it; the review makes it again
            pass

    def commit(self) -> None:
        """A chunk is written: wait for the one before it to be recorded, and keep it."""
        for future in self.behind:
            future.result()
        self.behind, self.pending = self.pending, []
        self.thread.submit(self.store.commit)  # after them: the thread runs its tasks in order

    def close(self, finished: bool = True) -> None:
        """Stop the thread and keep what it recorded: every recording when the build
        ``finished``; else (interrupted) only those already started."""
        self.thread.shutdown(wait=True, cancel_futures=not finished)
        self.store.close()


def _signal(signal: UnitSignal | None) -> UnitSignal | None:
    """``signal`` as the kept signals file gives it back (site/signals.py)."""
    if signal is None:
        return None
    return UnitSignal(None if signal.score is None else float(signal.score), str(signal.fallback or ""), tuple(str(w) for w in signal.unknown))
