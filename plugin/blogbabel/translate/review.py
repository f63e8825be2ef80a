"""What an engine said about the units of a post besides their translations, gathered for
reviewers: scores, fragment fallbacks, unknown words (see :class:`.aligned.UnitSignal`)."""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence

from ..markdown.inline import OPAQUE, TEXT
from ..markdown.segments import Segment
from .aligned import UnitSignal
from .placeholders import PLACEHOLDER
from .result import SentenceScore, TranslationWarning
from .units import Unit, parts_of


class ReviewNotes:
    """Collects :class:`UnitSignal` s for the units of one post as they are rendered."""

    def __init__(self, signals: Mapping[str, UnitSignal] | None, warnings: list[TranslationWarning]) -> None:
        self.signals = signals or {}
        self.warnings = warnings
        self.scores: list[SentenceScore] = []
        self.fallbacks = 0
        self.unknown: dict[str, int] = {}
        self._noted: set[tuple[int, str]] = set()

    def collect(self, segments: Sequence[Segment], translations: Mapping[str, str], failed: Mapping[str, str], skip: Container[int] = ()) -> None:
        """Note every unit of ``segments`` (children included) whose translation was used;
        ``skip`` holds the ids of segments a person translated."""
        if not self.signals:  # nothing to note (``note`` would return at once for each unit)
            return
        for top in segments:
            for segment in top.walk():
                for part in parts_of(segment) if id(segment) not in skip else ():
                    unit = part.unit
                    translation = translations.get(unit.text, unit.text) if unit is not None else ""
                    if unit is not None and translation != unit.text and unit.text not in failed and translation.strip():
                        self.note(segment, unit, translation)

    def note(self, segment: Segment, unit: Unit, translation: str) -> None:
        """Record what the engine said about ``unit`` (once per line and unit)."""
        signal = self.signals.get(unit.text)
        if signal is None or (segment.line, unit.text) in self._noted:
            return
        self._noted.add((segment.line, unit.text))
        if signal.score is not None:
            source = "".join(_shown(segment.text[t.start : t.end], t.kind) for t in unit.tokens)
            self.scores.append(SentenceScore(segment.line, signal.score, source.strip(), PLACEHOLDER.sub("", translation).strip()))
        if signal.fallback:
            self.fallbacks += 1
            message = f"markup not carried by the alignment ({signal.fallback}); sentence translated in pieces"
            self.warnings.append(TranslationWarning(segment.line, "fallback", message))
        for word in signal.unknown:
            self.unknown[word] = self.unknown.get(word, 0) + 1


def _shown(raw: str, kind: str) -> str:
    """How a token reads in a reviewer's list: prose and short protected text as they are,
    long protected text (a URL, a tag) as an ellipsis, markup delimiters not at all."""
    if kind == TEXT or (kind == OPAQUE and len(raw) <= 30 and "<" not in raw):
        return raw
    return "\u2026" if kind == OPAQUE else ""
