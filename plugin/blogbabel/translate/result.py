"""What translating a post gives back: its text and the warnings met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..markdown.frontmatter import Header
from ..markdown.segments import Segment


@dataclass(frozen=True)
class TranslationWarning:
    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class SentenceScore:
    """The model's confidence in one translated sentence (mean log-probability per token:
    0 is certain, lower is worse), where it is in the source and what it became."""

    line: int
    score: float
    source: str
    translation: str


@dataclass
class PostTranslation:
    """The translated post and what happened on the way.

    ``scores``: one :class:`SentenceScore` per sentence the engine scored (``argos``), in
    source order. ``fallbacks``: sentences whose markup the alignment could not carry, so they
    were translated in fragments (each also has a ``fallback`` warning). ``unknown_words``:
    word -> how often the engine did not know it (Apertium's ``*``/``#``/``@`` marks), what a
    blogger adds to the glossary."""

    text: str
    segments: int
    warnings: list[TranslationWarning] = field(default_factory=list)
    units: int = 0
    scores: list[SentenceScore] = field(default_factory=list)
    fallbacks: int = 0
    unknown_words: dict[str, int] = field(default_factory=dict)
    header: Header | None = None  # the front matter of ``text``, carried over from the source
    #: every segment with prose (children included), and whether a person's translation was used
    origins: list[tuple[Segment, bool]] = field(default_factory=list)
