"""Segments per locale by origin (machine, human, needs review), from the memory's records of
the translations blogbabel wrote: what ``blogbabel status`` prints under the table."""

from __future__ import annotations

from ..backends.human import HUMAN, MACHINE, REVIEW, SegmentOrigin
from .config import BuildConfig


def segment_counts(config: BuildConfig) -> dict[str, dict[str, int]]:
    """``{locale: {"machine": n, "human": n, "needs-review": n}}`` over the site's translations
    on disk (a translation kept for review counts all its segments as needing review)."""
    path = config.content_dir / ".blogbabel" / "tm.sqlite"
    counts: dict[str, dict[str, int]] = {}
    if not path.is_file():
        return counts
    from ..backends.human import HumanMemory
    from ..backends.memory import TranslationMemory

    with TranslationMemory(path) as memory:
        records = HumanMemory(memory).outputs()
    for record in records:
        if not (config.site_root / record.path).is_file():
            continue
        total = counts.setdefault(record.target, {MACHINE: 0, HUMAN: 0, REVIEW: 0})
        for origin, n in record.counts().items():
            total[origin] += n
        if record.review:
            total[REVIEW] += len(record.segments) - record.counts()[REVIEW]
    return counts


def format_counts(counts: dict[str, dict[str, int]]) -> str:
    """One line per locale."""
    return "\n".join(f"segments {locale}: {c[MACHINE]} machine, {c[HUMAN]} human, {c[REVIEW]} need review" for locale, c in sorted(counts.items()))


def segment_origins(config: BuildConfig, rel: str) -> dict[str, SegmentOrigin]:
    """Who wrote each segment of the translation at site-relative ``rel`` (machine or human,
    and whether it needs review), by source segment key (``site.human.segment_key`` of the
    source segment); empty when blogbabel keeps no record of that file."""
    path = config.content_dir / ".blogbabel" / "tm.sqlite"
    if not path.is_file():
        return {}
    from ..backends.human import HumanMemory
    from ..backends.memory import TranslationMemory

    with TranslationMemory(path) as memory:
        record = HumanMemory(memory).output(rel)
    return {segment.source: segment for segment in record.segments} if record is not None else {}
