"""What the build did to a post, replayed from the translation memory without any engine.

A translation's warnings (repaired placeholders, sentences that kept their source...) are
decided when the engine's answers are put back into the post. The memory keeps those answers,
so the review prepares the post exactly as a build does, reads each unit's translation from the
memory and lets the translation core finish the job: the same warnings, on the same source
lines, and the machine output a person's edits are compared with. Nothing is written, no model
is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..backends.base import split_outer_whitespace
from ..backends.human import HumanMemory, SegmentOrigin
from ..backends.memory import TranslationMemory, normalize_segment
from ..markdown.segments import Segment
from ..site.human import use_human_entries
from ..translate.aligned import UnitSignal
from ..translate.job import TranslateOptions, TranslationJob, prepare_translation
from ..translate.result import SentenceScore, TranslationWarning


@dataclass
class Replay:
    """A post prepared as the build prepares it, finished with the memory's translations."""

    job: TranslationJob
    found: int  # units the memory knows
    warnings: list[TranslationWarning] = field(default_factory=list)
    machine_text: str | None = None  # the engine's output, when every unit was found
    scores: list[SentenceScore] = field(default_factory=list)  # by source line, from the kept signals
    unknown: dict[str, int] = field(default_factory=dict)  # words the engine did not know

    @property
    def segments(self) -> list[Segment]:
        """The source's top-level segments as the translation core analysed them (glossary
        terms included)."""
        return self.job.segments  # the job's own analysis: the review shows what the engine got

    @property
    def complete(self) -> bool:
        return self.found == len(self.job.texts)


class MemoryReader:
    """Read-only lookups in a site's translation memory, whatever engine filled it: machine
    entries, a person's entries, and the record of what each written translation was made of."""

    def __init__(self, path: Path | None, memory: TranslationMemory | None = None) -> None:
        """The memory at ``path``, or the open ``memory`` (a build's: it sees the build's records)."""
        self.memory = memory or (TranslationMemory(path) if path is not None and path.is_file() else None)
        self.human = HumanMemory(self.memory) if self.memory is not None else None
        self._engines: dict[tuple[str, str], list[str]] | None = None

    def origins(self, path: str | None) -> tuple[dict[str, SegmentOrigin], list[str]]:
        """Who translated each segment of the file at site-relative ``path`` (by the source
        segment's memory key), and why a build kept it for review."""
        record = self.human.output(path) if self.human is not None and path else None
        if record is None:
            return {}, []
        return {origin.source: origin for origin in record.segments}, list(record.review)

    def engines(self, source: str, target: str, backend: str | None) -> list[str]:
        """Engine identities with entries for the pair, the named backend's first."""
        if self.memory is None:
            return []
        if self._engines is None:
            self._engines = {}
            for engine, src, tgt, _count in self.memory.stats().pairs:
                self._engines.setdefault((src, tgt), []).append(engine)
        found = self._engines.get((source, target), [])
        return sorted(found, key=lambda engine: not (backend and engine.startswith(backend + ":")))

    def translations(self, texts: Sequence[str], source: str, target: str, backend: str | None) -> dict[str, str]:
        """text -> translation for the ``texts`` the memory knows (outer whitespace kept as a
        build keeps it)."""
        keys = {}
        for text in texts:
            lead, core, trail = split_outer_whitespace(text)
            if core:
                keys[text] = (lead, normalize_segment(core), trail)
        out: dict[str, str] = {}
        for engine in self.engines(source, target, backend):
            wanted = [key for text, (_, key, _) in keys.items() if text not in out]
            if not wanted:
                break
            found = self.memory.lookup(engine, source, target, wanted) if self.memory else {}
            for text, (lead, key, trail) in keys.items():
                if text not in out and key in found:
                    out[text] = lead + found[key] + trail
        return out

    def close(self) -> None:
        if self.memory is not None:
            self.memory.close()


def replay(
    text: str,
    *,
    source: str,
    target: str,
    path: str,
    options: TranslateOptions,
    memory: MemoryReader,
    backend: str | None,
    unit_modes: Sequence[str],
    signals: Mapping[str, UnitSignal] | None = None,
) -> Replay:
    """Prepare ``text`` (cleaned) for ``source`` -> ``target`` the way the named backend's
    build did and finish it from ``memory``, with what the engine said about each text
    (``signals``: scores, fallbacks, unknown words). ``unit_modes`` lists the unit modes to try
    (the backend's own when known); the one the memory knows best wins."""
    best: Replay | None = None
    for mode in unit_modes:
        job = prepare_translation(text, source=source, target=target, options=options, unit_mode=mode, path=path)
        if memory.human is not None:  # a person's segments replace the engine's, as in a build
            use_human_entries([job], memory.human)
        known = memory.translations(job.texts, source, target, backend)
        attempt = Replay(job, sum(1 for t in job.texts if t in known))
        result = job.finish([known.get(t, t) for t in job.texts], signals={t: signals[t] for t in job.texts if t in signals} if signals else None)
        attempt.machine_text = result.text if attempt.complete else None  # unknown units kept their source
        attempt.warnings, attempt.scores, attempt.unknown = list(result.warnings), list(result.scores), dict(result.unknown_words)
        if best is None or attempt.found > best.found:
            best = attempt
        if attempt.complete:
            break
    assert best is not None
    return best
