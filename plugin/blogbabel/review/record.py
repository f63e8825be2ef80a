"""What a build records for ``blogbabel review``: the review of each translation it writes.

The build has everything a review would otherwise recompute: the cleaned source and its
mojibake repairs, the source as the engine got it (the translation job), the engine's answers
and signals, and the file it wrote. Only the translation file is analysed and paired with the
source (:func:`.analysis.review_translation`); the review is kept in the review store under
the key a later review computes from the site's plan, so that review only reads and renders.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..backends.memory import TranslationMemory
from ..site.signals import load_signals
from ..site.status import UP_TO_DATE, Plan
from ..translate.aligned import UnitSignal
from .analysis import Source, Wanted, left_flags, review_translation
from .cache import FILE, ReviewStore, translation_key
from .collect import Settings, signals_digest
from .replay import MemoryReader, Replay


class BuildRecorder:
    """Kept reviews of the translations one build writes (see :mod:`.record`)."""

    def __init__(self, plan: Plan, memory: TranslationMemory) -> None:
        config = plan.config
        self.manifest = plan.manifest
        self.settings = Settings.of(config, plan.layout.meta_headers)
        self.key = self.settings.key()
        self.notice = dict(self.settings.notice) if self.settings.notice is not None else None
        self.store = ReviewStore(config.content_dir / ".blogbabel" / FILE)
        self.kept = load_signals(config.content_dir / ".blogbabel")  # what the review merges the engine's into
        self.memory = MemoryReader(None, memory)

    def written(self, source: Source, source_hash: str, locale: str, rel: str, job, sent: Sequence[str], result, engine, data: bytes) -> None:
        """Record the review of the translation ``data`` just written at ``rel``: ``job`` and
        ``result`` are the build's, ``sent`` its engine's answers (one per ``job.texts``)."""
        entry = self.manifest.get(rel)
        if entry is None:
            return
        signals = {text: signal for text in job.texts if (signal := _signal(engine.translator.signals.get(text)) or self.kept.get(text)) is not None}
        if engine.failures(job.texts) or signals != engine.signals(job.texts):
            result = job.finish(list(sent), signals=signals or None)  # as the review replays it
        done = Replay(job, len(job.texts), list(result.warnings), result.text, list(result.scores), dict(result.unknown_words))
        wanted = Wanted(locale, UP_TO_DATE, "", rel, engine.name)
        post, errors = review_translation(source, wanted, done, data.decode("utf-8", "replace"), self.notice, self.memory)
        key = translation_key(self.key, source.rel, source.lang, locale, rel, source_hash, entry.hash, engine.name, "")
        self.store.put(key, post, errors, list(job.texts), signals_digest(signals, job.texts))

    def commit(self) -> None:
        self.store.commit()

    def close(self) -> None:
        self.store.close()


def _signal(signal: UnitSignal | None) -> UnitSignal | None:
    """``signal`` as the kept signals file gives it back (site/signals.py)."""
    if signal is None:
        return None
    return UnitSignal(None if signal.score is None else float(signal.score), str(signal.fallback or ""), tuple(str(w) for w in signal.unknown))


def source_of(rel: str, lang: str, fixes, unresolved) -> Source:
    """The :class:`Source` of a post the build prepared."""
    return Source(rel, lang, tuple(fixes), left_flags(rel, unresolved))
