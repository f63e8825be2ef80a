"""One translation's review, from its source post (cleaned), the build's work on it (replayed
from the memory, or handed over by the build itself) and the translation file: the two sides
paired by structure (:mod:`.pairing`) and every flag attached to the segment it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..backends.human import SegmentOrigin
from ..backends.memory import normalize_segment
from ..errors import BlogbabelError
from ..markdown.segments import Segment, analyse
from ..repair.result import Fix
from ..site.notice import notice_text
from ..site.status import HUMAN
from ..translate.result import TranslationWarning
from .markup import glossary_terms, mark_words, side
from .model import WARNING_FLAGS, Flag, PostReview, Row
from .pairing import flatten, pair, pair_around_notice
from .replay import Replay

#: a person wrote the whole file (not an edit of blogbabel's output)
WRITTEN_BY_PERSON = "written by a person"


#: who translated each segment of a file (by source segment key), and why a build kept it for review
Origins = tuple[dict[str, SegmentOrigin], list[str]]


@dataclass(frozen=True)
class Wanted:
    """One translation of a post, as the site's plan sees it."""

    locale: str
    state: str
    detail: str
    path: str | None
    backend: str | None


@dataclass(frozen=True)
class Source:
    """A source post read and cleaned as a build prepares it."""

    rel: str
    lang: str
    fixes: tuple[Fix, ...]  # the mojibake repairs
    flags: tuple[Flag, ...]  # about the whole post (mojibake that may be left)


def left_flags(rel: str, unresolved: Sequence[Fix]) -> tuple[Flag, ...]:
    """The post's flags for mojibake the repair could not resolve."""
    return tuple(Flag("mojibake_left", f"{fix.before!r} may still be mojibake", rel, fix.line) for fix in unresolved)


def review_translation(source: Source, wanted: Wanted, done: Replay, target: str, notice: Mapping[str, str] | None, origins: Origins) -> tuple[PostReview, list[Flag]]:
    """The review of the translation file ``target`` (its text) of ``source``, and the error
    that stopped it. ``done``: the source as the engine got it and what it said;
    ``notice``: per-locale overrides of the machine-translation notice (None: no notice);
    ``origins``: what the memory recorded when the file was written (:meth:`.MemoryReader.origins`)."""
    post = PostReview(source.rel, wanted.locale, source.lang, wanted.state, wanted.detail, wanted.path, flags=list(source.flags))
    assert wanted.path is not None
    try:
        target_segments = flatten(analyse(target, path=wanted.path).segments)
    except BlogbabelError as exc:
        return post, [Flag("error", exc.message, wanted.path, exc.line)]
    post.rows = _rows(source, wanted, post, done, target_segments, notice)
    _place_origins(post, origins, wanted)
    return post, []


def _rows(source: Source, wanted: Wanted, post: PostReview, done: Replay, target_segments: list[Segment], notices: Mapping[str, str] | None) -> list[Row]:
    source_segments = flatten(done.segments)
    placed = _place_fixes(source_segments, source.fixes)
    human, compared = _human_segments(wanted, done, target_segments)
    notice = notice_text(wanted.locale, source.lang, dict(notices)).strip() if notices is not None else None
    rows = []
    for src, tgt in pair_around_notice(source_segments, target_segments, notice):
        row = Row(side(source.rel, src, [f.after for f in placed.get(id(src), ())]) if src else None, side(str(wanted.path), tgt) if tgt else None)
        if src is not None:
            row.flags += [Flag("mojibake", f"{f.before!r} → {f.after!r}", source.rel, f.line, f.before, f.after) for f in placed.get(id(src), ())]
            for term, forced in glossary_terms(src):
                message = f"{term!r} is always translated {forced!r}" if forced else f"{term!r} is never translated"
                row.flags.append(Flag("glossary", message, source.rel, src.line))
        if tgt is not None and src is None and notice is not None and tgt.text.strip() == notice:
            row.notice = True
        elif src is None or tgt is None:
            where = (source.rel, src.line) if src is not None else (str(wanted.path), tgt.line)  # type: ignore[union-attr]
            message = "no segment of the translation pairs with this one" if src is not None else "not in the source"
            row.flags.append(Flag("unpaired", message, *where))
        if tgt is not None and not row.notice:
            row.origin = "human" if id(tgt) in human else ("machine" if compared else None)
            if row.origin == "human":
                row.flags.append(Flag("human", "written by a person; a build keeps it", str(wanted.path), tgt.line))
        rows.append(row)
    _place_warnings(rows, post, done.warnings, source.rel)
    _place_signals(rows, post, done, source.rel)
    return rows


#: a sentence whose mean log-probability per token is below this is flagged (e^-1.5: the model
#: hesitated between ~4.5 tokens at each step)
LOW_SCORE = -1.5


def _place_signals(rows: list[Row], post: PostReview, done: Replay, rel: str) -> None:
    """Sentence scores on the row of their source line (the worst of its sentences); unknown
    words on the rows whose translation shows them (an engine copies a word it does not know).
    Fallbacks came back as warnings of the replay."""
    by_line: dict[int, Row] = {}
    for row in rows:
        if row.source is not None:
            by_line.setdefault(row.source.line, row)
    for scored in done.scores:
        at = by_line.get(scored.line)
        if at is not None and (at.score is None or scored.score < at.score):
            at.score = scored.score
    for line, row in by_line.items():
        if row.score is not None and row.score < LOW_SCORE:
            row.flags.append(Flag("low_score", f"model score {row.score:.2f} (mean log-probability per token; below {LOW_SCORE})", rel, line))
    words = sorted(done.unknown)
    for row in rows:
        if row.target is None or not words:
            continue
        found = tuple(word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", row.target.text))
        if found:
            row.unknown_words = found
            row.target.pieces = mark_words(row.target.pieces, found)
            row.flags.append(Flag("unknown_word", "not in the engine's dictionary: " + ", ".join(found), row.target.path, row.target.line))


def _place_origins(post: PostReview, recorded: Origins, wanted: Wanted) -> None:
    """What the memory recorded when the file was written: segments a person translated, and
    machine segments to review (their source changed in a file a person had edited)."""
    origins, reasons = recorded
    path = str(wanted.path)
    post.flags += [Flag("needs_review", reason, path) for reason in reasons]
    for row in post.rows:
        found = origins.get(normalize_segment(row.source.text)) if row.source is not None else None
        if found is None or row.target is None:
            continue
        if found.origin == "human" and row.origin != "human":
            row.origin = "human"
            row.flags.append(Flag("human", "a person's translation, kept from the memory", path, row.target.line))
        elif found.origin == "machine" and row.origin is None:
            row.origin = "machine"
        if found.needs_review:
            row.needs_review = True
            row.flags.append(Flag("needs_review", "machine translation of a paragraph that changed after a person edited this file: check it", path, row.target.line))


def _place_fixes(segments: list[Segment], fixes: Sequence[Fix]) -> dict[int, list[Fix]]:
    """Each mojibake fix on the smallest segment whose lines hold its repaired text."""
    placed: dict[int, list[Fix]] = {}
    by_size = sorted(segments, key=lambda s: len(s.text))
    for fix in fixes:
        for segment in by_size:
            last = segment.line + segment.text.count("\n")
            if segment.line <= fix.line <= last and fix.after in segment.text:
                placed.setdefault(id(segment), []).append(fix)
                break
    return placed


def _human_segments(wanted: Wanted, done: Replay, target_segments: list[Segment]) -> tuple[set[int], bool]:
    """ids of the translation's segments a person wrote (all of a file a person wrote; in an
    edited file, those that differ from what the engine produced), and whether the others are
    known to be the engine's."""
    if wanted.state != HUMAN:
        return set(), True
    if wanted.detail == WRITTEN_BY_PERSON:
        return {id(segment) for segment in target_segments}, True
    if done.machine_text is None:
        return set(), False  # the memory no longer has the engine's output: nothing to compare with
    machine = flatten(analyse(done.machine_text).segments)
    changed = {id(tgt) for old, tgt in pair(machine, target_segments) if tgt is not None and (old is None or _norm(old.text) != _norm(tgt.text))}
    return changed, True


def _norm(text: str) -> str:
    return " ".join(text.split())


def _place_warnings(rows: list[Row], post: PostReview, warnings: list[TranslationWarning], rel: str) -> None:
    """Each translation warning on the first row whose source segment starts on its line."""
    for warning in warnings:
        kind = WARNING_FLAGS.get(warning.kind, "warning")
        if kind == "placeholder" and "kept" in warning.message:
            kind = "kept"
        flag = Flag(kind, warning.message, rel, warning.line)
        found = next((r for r in rows if r.source is not None and r.source.line == warning.line), None)
        if found is None:
            post.flags.append(flag)
        elif flag not in found.flags:
            found.flags.append(flag)
