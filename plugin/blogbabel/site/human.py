"""A person's work on translations, kept per segment: harvest, merge, and the records behind them.

**Harvest.** A translation blogbabel wrote and a person then edited is analysed like any post
and paired, by structure, with the source it was translated from (kept in the memory's output
record) and with the text blogbabel wrote. Every segment whose text the person changed becomes a
human entry (origin ``edit``, file, line, time). Edits outside the prose (code, markup, front
matter keys) or a changed structure cannot be kept per segment: the file is then kept whole
and reported, nothing is guessed.

**Merge.** When the source changes, the translation is rebuilt from the new source: segments
whose source did not change take the person's text, changed ones are machine-translated and
marked for review. The file is rewritten only when every human segment still has its source
segment; otherwise it is kept and the post *needs review* (``--check`` fails).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..backends.human import HUMAN, MACHINE, TEXT_FORM, HumanEntry, HumanMemory, OutputRecord, SegmentOrigin
from ..backends.memory import normalize_segment
from ..errors import BlogbabelError
from ..markdown.frontmatter import read_header
from ..markdown.frontmatter_edit import meta_as_yaml
from ..markdown.segments import Segment, analyse
from ..translate.pairing import pair_segments
from ..translate.tagged import collapse


def translated_segments(text: str, rel: str, meta_headers: bool) -> list[Segment]:
    """Top-level segments of a translation file, read the way its source was."""
    header = read_header(text, path=rel, meta_headers=meta_headers)
    if header.format == "meta":
        text = meta_as_yaml(text, header)
    return analyse(text, path=rel).segments


def segment_key(segment: Segment) -> str:
    """The memory key of a source segment."""
    return normalize_segment(segment.text)


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def all_keys(segments: Iterable[Segment]) -> set[str]:
    """Keys of every segment with prose, nested ones included."""
    return {segment_key(s) for top in segments for s in top.walk() if s.has_prose or s.children}


def use_human_entries(jobs: Sequence, memory: HumanMemory) -> None:
    """Give every job's segments the human translations the memory has (one lookup per pair)."""
    by_pair: dict[tuple[str, str], list] = {}
    for job in jobs:
        by_pair.setdefault((job.source, job.target), []).append(job)
    for (source, target), group in by_pair.items():
        keys = [key for job in group for key in all_keys(job.segments)]
        found = memory.lookup(source, target, keys)
        for job in group:
            job.use_human(lambda segment, found=found: _as_override(found.get(segment_key(segment))))


def _as_override(entry: HumanEntry | None) -> tuple[str, str] | None:
    return None if entry is None else (entry.form, entry.translation)


@dataclass
class Harvest:
    """What a person's edit of one translation file yields."""

    entries: list[HumanEntry] = field(default_factory=list)
    problem: str = ""  # why the edit cannot be kept per segment ("" when it can)


def harvest(record: OutputRecord, edited: str, source_segments: list[Segment], notice: str | None, meta_headers: bool) -> Harvest:
    """Human entries for the segments a person changed in ``edited`` (the file at
    ``record.path``), paired with ``source_segments`` (of ``record.source_text``)."""
    written = translated_segments(record.output_text, record.path, meta_headers)
    try:
        current = translated_segments(edited, record.path, meta_headers)
    except BlogbabelError as exc:  # a front matter the person broke: the file is theirs as it is
        return Harvest(problem=f"the edited translation cannot be read: {exc}")
    before, after = pair_segments(source_segments, written, notice), pair_segments(source_segments, current, notice)
    if not before.ok:
        return Harvest(problem=f"the translation blogbabel wrote does not pair with its source: {before.problem}")
    if not after.ok:
        return Harvest(problem=f"the structure of the edited translation no longer matches the source: {after.problem}")
    if _skeleton(edited, current) != _skeleton(record.output_text, written):
        return Harvest(problem="the translation was edited outside its prose (code, markup or front matter keys)")
    entries = []
    for (source, old), (_, new) in zip(before.pairs, after.pairs):
        if collapse(old.text) != collapse(new.text):
            entries.append(HumanEntry(record.source, record.target, segment_key(source), new.text, TEXT_FORM, "edit", record.path, new.line))
    return Harvest(entries)


def _skeleton(text: str, segments: list[Segment]) -> str:
    """``text`` with every segment cut out, whitespace collapsed: what a person may not change
    for the edit to be kept per segment (a deleted notice leaves only whitespace behind)."""
    spans = sorted((span for s in segments for span in ([(s.start, s.end)] if s.field is not None else s.slice.spans)), reverse=True)
    for start, end in spans:
        text = text[:start] + " " + text[end:]
    return " ".join(text.split())


def lost_segments(human_keys: Iterable[str], source_segments: list[Segment]) -> list[str]:
    """The human segments (keys) whose source segment is no longer in ``source_segments``."""
    present = all_keys(source_segments)
    return [key for key in human_keys if key not in present]


def origins_of(result, old_keys: set[str] | None, edited: bool) -> list[SegmentOrigin]:
    """Per-segment origins of a finished translation. With ``old_keys`` (the source segments
    of the version a person worked on), machine text for a segment not among them is marked
    for review."""
    out = []
    for segment, is_human in result.origins:
        key = segment_key(segment)
        review = bool(edited and not is_human and old_keys is not None and key not in old_keys)
        out.append(SegmentOrigin(segment.kind, segment.line, HUMAN if is_human else MACHINE, review, key))
    return out
