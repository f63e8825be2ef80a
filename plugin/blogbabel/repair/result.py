"""What a cleaning run found: each fix (and each token left alone) with its place and rule."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..markdown.frontmatter import Header


@dataclass(frozen=True)
class Fix:
    """One repair (or, in ``CleanResult.unresolved``, one token left as it was).

    ``line`` and ``column`` are 1-based and point at ``before`` in the input; ``rule`` names
    the stage: ``lost-byte`` (lexicon-chosen completion of a broken sequence), ``mojibake
    (<ftfy plan>)``, ``c1-controls:cp1252``, ``single-byte:<encoding>``, or for unresolved
    tokens ``lost-byte:unresolved``.
    """

    line: int
    column: int
    before: str
    after: str
    rule: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CleanResult:
    """Cleaned text, the fixes made, the suspicious tokens left alone, and notes."""

    text: str
    fixes: tuple[Fix, ...] = ()
    unresolved: tuple[Fix, ...] = ()
    notes: tuple[str, ...] = ()
    #: the front matter of ``text`` when the caller passed the input's (or it was read)
    header: "Header | None" = None

    @property
    def changed(self) -> bool:
        return bool(self.fixes)
