"""The translation side of a build: the engine opened once, and one ``translate_batch`` per
language pair over the union of a chunk's texts (the memory answers what it knows)."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import BackendError
from ..translate.aligned import UnitSignal
from .config import BuildConfig
from .prepare import PreparedPost

#: the backend time budget when none is configured: seconds per batch plus seconds per text
_DEFAULT_TIMEOUT, _DEFAULT_TIMEOUT_PER_TEXT = 300.0, 1.0


class Engine:
    """The configured backend behind the translation memory, for the pairs of one build."""

    def __init__(self, config: BuildConfig, pairs: set[tuple[str, str]]) -> None:
        from ..backends import get_backend
        from ..backends.memory import CachedTranslator, TranslationMemory

        source, target = min(pairs)
        self.backend = get_backend(config.backend, source=source, target=target, **dict(config.backend_options))
        self.memory = TranslationMemory(config.memory_path) if config.memory_path else None
        # a hung engine must not hang the build: an explicit timeout is per batch; the
        # default budget is generous for any real model on a CPU (300 s + 1 s per text)
        timeout, per_text = (config.timeout, 0.0) if config.timeout else (_DEFAULT_TIMEOUT, _DEFAULT_TIMEOUT_PER_TEXT)
        self.translator = CachedTranslator(self.backend, self.memory, timeout=timeout, timeout_per_text=per_text)
        self.name: str = self.backend.name or config.backend
        self.identity: str = self.backend.identity or self.name
        for pair in sorted(pairs):
            self.backend.require(*pair)

    @property
    def unit_mode(self) -> str:
        """How the engine wants sentences with inline markup (``blogbabel.translate.aligned.UNIT_MODES``)."""
        return self.translator.unit_mode

    def signals(self, texts: Iterable[str]) -> dict[str, UnitSignal]:
        """What the engine told about each of ``texts`` (scores, fallbacks, unknown words)."""
        signals = self.translator.signals
        return {text: signals[text] for text in texts if text in signals}

    def failures(self, texts: Iterable[str]) -> dict[str, str]:
        """Why each of ``texts`` that the engine could not translate failed."""
        failed = self.translator.failed
        return {text: failed[text] for text in texts if text in failed}

    def translate_chunk(self, prepared: list[PreparedPost]) -> dict[int, list[str]]:
        """The translations of every job of ``prepared``, by ``id(job)``.

        Raises :class:`~blogbabel.errors.BlogbabelError` when a batch fails: no file of the
        chunk is then written from a half-finished batch.
        """
        by_pair: dict[tuple[str, str], list] = {}
        for ready in prepared:
            for job in ready.jobs.values():
                by_pair.setdefault((job.source, job.target), []).append(job)
        results: dict[int, list[str]] = {}
        for (source, target), jobs in by_pair.items():
            texts = list(dict.fromkeys(text for job in jobs for text in job.texts))
            translated = self.translator.translate_batch(texts, source, target) if texts else []
            if len(translated) != len(texts):
                raise BackendError(f"backend returned {len(translated)} translations for {len(texts)} texts")
            mapping = dict(zip(texts, translated))
            for job in jobs:
                results[id(job)] = [mapping[text] for text in job.texts]
        return results

    def counters(self) -> tuple[int, int, int, float]:
        """(memory hits, memory misses, model calls, model seconds)."""
        t = self.translator
        return t.hits, t.misses, t.model_calls, t.model_seconds

    def close(self) -> None:
        if self.memory is not None:
            self.memory.close()
