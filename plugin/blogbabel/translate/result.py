"""What translating a post gives back: its text and the warnings met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TranslationWarning:
    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class PostTranslation:
    """The translated post and what happened on the way."""

    text: str
    segments: int
    warnings: list[TranslationWarning] = field(default_factory=list)
    units: int = 0
