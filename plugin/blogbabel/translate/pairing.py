"""Pairing a translated post's segments with its source's, by structure (never by guessing).

A translation blogbabel wrote has the source's segments in the same order and of the same
kinds, plus the machine-translation notice paragraph. A person who edits the file may change
any text and may delete the notice; if they add, remove or reorder blocks the structure no
longer matches and :func:`pair_segments` says so instead of guessing which text went where.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..markdown.segments import Segment
from .tagged import collapse


@dataclass(frozen=True)
class Pairing:
    """Top-level segments of a source and of its translation, side by side."""

    pairs: list[tuple[Segment, Segment]]
    problem: str = ""  # why they could not be paired ("" when they were)

    @property
    def ok(self) -> bool:
        return not self.problem


def _kinds(segments: list[Segment]) -> list[str]:
    return [segment.kind for segment in segments]


def without_notice(segments: list[Segment], notice: str | None) -> list[Segment]:
    """``segments`` less the machine-translation notice paragraph(s)."""
    if not notice:
        return list(segments)
    wanted = collapse(notice)
    return [s for s in segments if not (s.kind == "paragraph" and collapse(s.text) == wanted)]


def pair_segments(source: list[Segment], translated: list[Segment], notice: str | None = None) -> Pairing:
    """Pair top-level ``source`` segments with ``translated`` ones (notice left out)."""
    translated = without_notice(translated, notice)
    if _kinds(source) != _kinds(translated):
        return Pairing([], _describe_mismatch(source, translated))
    return Pairing(list(zip(source, translated)))


def pair_children(source: Segment, translated: Segment) -> list[tuple[Segment, Segment]]:
    """Nested segments (alt texts, titles...) of a pair, when they line up one to one."""
    inner_source, inner_translated = list(source.walk()), list(translated.walk())
    if _kinds(inner_source) != _kinds(inner_translated):
        return [(source, translated)]
    return list(zip(inner_source, inner_translated))


def _describe_mismatch(source: list[Segment], translated: list[Segment]) -> str:
    for _index, (a, b) in enumerate(zip(source, translated)):
        if a.kind != b.kind:
            return f"the translation has a {b.kind} at line {b.line} where the source has a {a.kind} (line {a.line})"
    if len(source) > len(translated):
        extra = source[len(translated)]
        return f"the translation has {len(translated)} segments, the source {len(source)} (a {extra.kind} at source line {extra.line} has no counterpart)"
    extra = translated[len(source)]
    return f"the translation has {len(translated)} segments, the source {len(source)} (a {extra.kind} at line {extra.line} was added)"
