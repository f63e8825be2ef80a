"""What a review shows: posts x locales, their segments paired side by side, and the flags.

The model is plain data, filled by :mod:`.collect` from what a site already has (the plan's
states, the cleaned sources and their mojibake fixes, the translation files, the translation
memory replayed through the translation core) and rendered by :mod:`.render`. Fields that
other parts of the pipeline fill when they know them are optional: a model ``score`` per
segment, ``unknown_words``, the ``origin`` of a translation (machine or human) and
``needs_review``; a flag kind the renderer does not know is still shown, with its message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: flag kind -> (label shown, whether it needs a reviewer's attention)
FLAG_KINDS: dict[str, tuple[str, bool]] = {
    "fallback": ("fragment fallback", True),
    "placeholder": ("repaired placeholder", True),
    "kept": ("source kept", True),
    "untranslated": ("not translated", True),
    "low_score": ("low model score", True),
    "unknown_word": ("unknown words", True),
    "needs_review": ("needs review", True),
    "mojibake": ("mojibake fixed", False),
    "mojibake_left": ("possible mojibake left", True),
    "glossary": ("glossary term", False),
    "human": ("human segment", False),
    "unpaired": ("no counterpart", True),
    "structure": ("structure", True),
    "alt": ("alt text", True),
    "warning": ("warning", True),
}

#: translation-warning kinds of the translation core -> flag kinds
WARNING_FLAGS = {
    "placeholder": "placeholder",
    "untranslated": "untranslated",
    "empty": "untranslated",
    "structure": "structure",
    "alt_placeholder": "alt",
    "fallback": "fallback",
    "fragment": "fallback",
}


@dataclass(frozen=True)
class Flag:
    """Something a reviewer should see about a segment (or a whole post)."""

    kind: str
    message: str
    path: str  # content- or site-relative file the line refers to
    line: int | None = None
    before: str | None = None  # mojibake: the broken text
    after: str | None = None  # mojibake: the repair

    @property
    def label(self) -> str:
        return FLAG_KINDS.get(self.kind, (self.kind.replace("_", " "), True))[0]

    @property
    def attention(self) -> bool:
        return FLAG_KINDS.get(self.kind, ("", True))[1]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Piece:
    """A run of a segment's text as shown: ``text`` prose, ``code`` protected (code, URL, tag,
    image...), ``mark`` paired markup (emphasis, link brackets), ``term`` a glossary term,
    ``unknown`` a word the engine did not know, ``cut`` the note ending a huge segment.
    ``fixed``: the text is what a mojibake repair produced."""

    kind: str
    text: str
    title: str = ""
    fixed: bool = False


@dataclass
class Side:
    """One segment of one file: where it is and how it reads."""

    path: str
    line: int
    kind: str  # paragraph, heading, title, caption, alt...
    pieces: list[Piece]
    text: str  # the logical text (for comparisons and search)


@dataclass
class Row:
    """A source segment and the translation segment paired with it (either may be absent)."""

    source: Side | None
    target: Side | None
    flags: list[Flag] = field(default_factory=list)
    origin: str | None = None  # "machine", "human", or None when not known
    score: float | None = None  # the model's score for the segment, when the engine gives one
    unknown_words: tuple[str, ...] = ()
    needs_review: bool = False
    notice: bool = False  # the machine-translation notice blogbabel adds

    @property
    def flagged(self) -> bool:
        return any(flag.attention for flag in self.flags)


def flag_counts(flags: list[Flag]) -> dict[str, int]:
    """The index columns a list of flags adds to."""
    return {
        "warnings": sum(1 for f in flags if f.attention and f.kind not in ("fallback", "low_score", "unknown_word")),
        "fallbacks": sum(1 for f in flags if f.kind == "fallback"),
        "low_scores": sum(1 for f in flags if f.kind == "low_score"),
        "unknown": 0,
        "repairs": sum(1 for f in flags if f.kind == "mojibake"),
    }


@dataclass(frozen=True)
class PostSummary:
    """What the index and the unknown-word list need of a post whose rows are not loaded."""

    counts: dict[str, int]
    attention: bool  # a flag of a row needs attention
    row_count: int
    unknown: tuple[tuple[str, int], ...]  # (word, source line) of each unknown word


@dataclass(eq=False)
class PostReview:
    """One post x locale. Its ``rows`` may come from the review store on first use (a page
    that is already current never loads them)."""

    source: str  # content-relative path of the source
    locale: str
    source_lang: str
    state: str  # up-to-date, stale, missing, human-edited, needs-review, error...
    detail: str = ""
    target: str | None = None  # site-relative path of the translation
    loaded_rows: list[Row] | None = field(default=None, repr=False)
    flags: list[Flag] = field(default_factory=list)  # about the whole post (not one segment)
    page: str | None = None  # file name of its page in the report
    key: str = ""  # what the review was made from (its review-store key; "" when not known)
    summary: PostSummary | None = field(default=None, repr=False)  # with ``load_rows``
    load_rows: Callable[[], list[Row]] | None = field(default=None, repr=False)
    markup: tuple[str, int] | None = field(default=None, repr=False)  # its rows as HTML, how many flagged
    load_markup: Callable[[], tuple[str, int] | None] | None = field(default=None, repr=False)

    @property
    def rows(self) -> list[Row]:
        if self.loaded_rows is None:
            self.loaded_rows = self.load_rows() if self.load_rows is not None else []
        return self.loaded_rows

    @rows.setter
    def rows(self, rows: list[Row]) -> None:
        self.loaded_rows = rows

    def _fields(self) -> tuple:
        return (self.source, self.locale, self.source_lang, self.state, self.detail, self.target, self.flags, self.page, self.rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PostReview) and self._fields() == other._fields()

    def _summary(self) -> PostSummary | None:
        return self.summary if self.loaded_rows is None else None

    def count(self, *kinds: str) -> int:
        """Flags of these kinds, over the post and its rows."""
        return sum(1 for flag in self.all_flags if flag.kind in kinds)

    @property
    def all_flags(self) -> list[Flag]:
        return self.flags + [flag for row in self.rows for flag in row.flags]

    @property
    def row_count(self) -> int:
        summary = self._summary()
        return summary.row_count if summary is not None else len(self.rows)

    @property
    def unknown_places(self) -> list[tuple[str, int]]:
        """(word, source line) of every unknown word, in row order."""
        summary = self._summary()
        if summary is not None:
            return list(summary.unknown)
        return [(word, row.source.line if row.source is not None else 0) for row in self.rows for word in row.unknown_words]

    @property
    def counts(self) -> dict[str, int]:
        """The index columns."""
        summary = self._summary()
        counts = dict(summary.counts) if summary is not None else self.row_counts()
        for name, value in flag_counts(self.flags).items():
            counts[name] += value
        return counts

    def row_counts(self) -> dict[str, int]:
        """The index columns over the rows only (what a summary keeps)."""
        counts = flag_counts([flag for row in self.rows for flag in row.flags])
        counts["unknown"] = sum(len(row.unknown_words) for row in self.rows)
        return counts

    @property
    def needs_attention(self) -> bool:
        if self.state not in ("up-to-date", "source", "skipped"):
            return True
        summary = self._summary()
        if summary is not None:
            return summary.attention or any(f.attention for f in self.flags)
        return any(f.attention for f in self.all_flags)

    def summarize(self) -> PostSummary:
        """What :attr:`summary` holds, from the rows."""
        attention = any(flag.attention for row in self.rows for flag in row.flags)
        return PostSummary(self.row_counts(), attention, len(self.rows), tuple(self.unknown_places))


@dataclass
class UnknownWord:
    """A word the engine did not know, with every place it occurs."""

    word: str
    source_lang: str
    target_lang: str
    places: list[tuple[str, int, str | None]] = field(default_factory=list)  # (path, line, review page)


@dataclass
class SiteReview:
    """Everything the report shows."""

    content_dir: str
    posts: list[PostReview] = field(default_factory=list)
    errors: list[Flag] = field(default_factory=list)  # posts that could not be read
    unknown_words: list[UnknownWord] = field(default_factory=list)
