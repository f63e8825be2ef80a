"""What a build found and did: told events as they happen, owner of the exit code."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from ..exitcodes import ExitPolicy
from .scan import Problem
from .spool import Spool
from .status import (
    EDITED_SOURCE_CHANGED,
    ERROR,
    HUMAN,
    MISSING,
    MOJIBAKE,
    ORPHANED,
    PENDING,
    REMOVED,
    SOURCE,
    SOURCES,
    STALE,
    UP_TO_DATE,
    Plan,
    StatusRow,
    count_states,
)

#: how many of the lowest-scoring sentences a report lists
LOW_SCORES_LISTED = 10


@dataclass(frozen=True)
class ScoredSentence:
    """A translated sentence and the model's confidence in it (mean log-probability per
    token: 0 is certain, lower is worse): the source post and line it came from, and the
    translation file it went to."""

    path: str
    line: int
    score: float
    source: str
    translation: str
    output: str = ""


@dataclass
class ReviewSignals:
    """What a reviewer should look at after a build.

    ``lowest``: the sentences the model was least sure of (up to :data:`LOW_SCORES_LISTED`,
    worst first). ``fallbacks``: sentences whose markup the alignment could not carry (they were
    translated in pieces; each also has a warning), per source post. ``unknown_words``: words
    the engine did not know, site-wide, with how often; ``unknown_by_post``: the same per
    source post (all its translations together). Only sentences translated by the engine in this build are counted (the memory
    keeps translations, not scores)."""

    lowest: list[ScoredSentence] = field(default_factory=list)
    scored: int = 0
    fallbacks: dict[str, int] = field(default_factory=dict)
    unknown_words: dict[str, int] = field(default_factory=dict)
    unknown_by_post: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, source: str, output: str, result) -> None:
        """Take in the translation ``output`` of the post ``source`` (both site-relative; a
        :class:`blogbabel.translate.result.PostTranslation`)."""
        self.scored += len(result.scores)
        ranked = self.lowest + [ScoredSentence(source, s.line, s.score, s.source, s.translation, output) for s in result.scores]
        self.lowest = sorted(ranked, key=lambda s: s.score)[:LOW_SCORES_LISTED]
        if result.fallbacks:
            self.fallbacks[source] = self.fallbacks.get(source, 0) + result.fallbacks
        if result.unknown_words:
            post = self.unknown_by_post.setdefault(source, {})
            for word, count in result.unknown_words.items():
                post[word] = post.get(word, 0) + count
                self.unknown_words[word] = self.unknown_words.get(word, 0) + count
            self.unknown_by_post[source] = dict(sorted(post.items()))

    def to_dict(self) -> dict:
        return {
            "lowest_scores": [asdict(s) for s in self.lowest],
            "scored_sentences": self.scored,
            "fallbacks": dict(self.fallbacks),
            "unknown_words": dict(sorted(self.unknown_words.items(), key=lambda kv: (-kv[1], kv[0]))),
            "unknown_words_by_post": self.unknown_by_post,
        }

    def summary_lines(self) -> list[str]:
        lines = []
        if self.fallbacks:
            total = sum(self.fallbacks.values())
            lines.append(f"{total} sentences translated in pieces (the alignment could not carry their markup; see warnings)")
        if self.lowest:
            lines.append("lowest model scores (review these first):")
            lines += [f"  {s.path}:{s.line}  {s.score:.2f}  {_short(s.source)} -> {_short(s.translation)}" for s in self.lowest]
        if self.unknown_words:
            ranked = sorted(self.unknown_words.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = ", ".join(f"{word} ({count})" if count > 1 else word for word, count in ranked[:30])
            more = f" and {len(ranked) - 30} more" if len(ranked) > 30 else ""
            lines.append(f"{len(ranked)} words the engine did not know (add them to glossary.toml): {shown}{more}")
        return lines


def _write_json(fields: dict[str, Any], out: IO[str]) -> None:
    """``fields`` as a JSON object; the values that are iterators are written an item at a time."""
    out.write("{")
    for index, (key, value) in enumerate(fields.items()):
        out.write(("," if index else "") + f"\n  {json.dumps(key)}: ")
        if isinstance(value, Iterator):
            out.write("[")
            for n, item in enumerate(value):
                out.write(("," if n else "") + "\n    " + json.dumps(item, ensure_ascii=False))
            out.write("\n  ]")
        else:
            out.write(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  "))
    out.write("\n}\n")


def _problem(fields: dict) -> Problem:
    return Problem(**fields)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


@dataclass
class BuildReport(ExitPolicy):
    """What a build found and did. ``return_code`` (alias ``exit_code``) follows the CLI's
    conventions: 123 when a post failed, 1 when ``--check`` finds translations to do, else 0.

    The build tells it events (:meth:`wrote`, :meth:`kept_edit`, :meth:`failed`, ...); the
    fields are what library users and ``--json`` read.
    """

    content_dir: str
    site_root: str
    check: bool = False
    dry_run: bool = False
    posts: int = 0
    rows: list[StatusRow] = field(default_factory=list)
    # the lists that grow with the site are spooled to disk past a few thousand items
    written: Spool[str] = field(default_factory=Spool)  # site-relative paths created or updated
    kept: Spool[str] = field(default_factory=Spool)  # human-edited files left alone
    removed: list[str] = field(default_factory=list)  # outputs of deleted or renamed posts
    backups: dict[str, str] = field(default_factory=dict)  # edited file replaced by --force -> its copy
    force: bool = False
    sources_repaired: dict[str, list[dict]] = field(default_factory=dict)  # in place: source -> its fixes (line, column, before, after)
    copied: int = 0
    segments: int = 0
    units: int = 0
    repairs: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    model_calls: int = 0
    model_seconds: float = 0.0
    backend: str | None = None
    seconds: float = 0.0
    warnings: Spool[Problem] = field(default_factory=lambda: Spool(decode=_problem))
    errors: Spool[Problem] = field(default_factory=lambda: Spool(decode=_problem))
    review: ReviewSignals = field(default_factory=ReviewSignals)

    # -- events ----------------------------------------------------------------------------
    def planned(self, plan: Plan) -> None:
        """The plan is made: its rows, posts and the problems met while scanning."""
        self.rows = plan.rows
        self.posts = sum(1 for group in plan.groups if group.source is not None)
        self.errors += plan.problems
        self.warnings += plan.warnings

    def wrote(self, rel: str) -> None:
        """``rel`` (site-relative) was created or updated."""
        self.written.append(rel)

    def kept_edit(self, rel: str) -> None:
        """``rel`` holds a person's edit and was left alone."""
        self.kept.append(rel)

    def backed_up(self, rel: str, backup: str) -> None:
        """``--force`` replaced the person's edit at ``rel``; the edit is kept as ``backup``."""
        self.backups[rel] = backup

    def removed_orphan(self, rel: str) -> None:
        """``rel`` was written for a source that is gone, and is deleted."""
        self.removed.append(rel)
        for row in self.rows:
            if row.path == rel and row.state == ORPHANED:
                row.state, row.detail = REMOVED, "source removed"

    def failed(self, problem: Problem) -> None:
        """A post (or an output file) could not be done; the rest of the build goes on."""
        self.errors.append(problem)

    def warned(self, problems: Iterable[Problem]) -> None:
        self.warnings.extend(problems)

    def repaired(self, fixes: int) -> None:
        self.repairs += fixes

    def translated(self, segments: int, units: int) -> None:
        self.segments += segments
        self.units += units

    def reviewed(self, source: str, output: str, result) -> None:
        """``output`` was translated from ``source``: its scores, fallbacks and unknown words."""
        self.review.add(source, output, result)

    def engine_used(self, identity: str | None, hits: int, misses: int, calls: int, seconds: float) -> None:
        """The translation engine's name and the memory's and the model's counters."""
        self.backend = identity
        self.cache_hits, self.cache_misses = hits, misses
        self.model_calls, self.model_seconds = calls, seconds

    def settled(self, paths: set[str]) -> None:
        """After a build, the files now on disk as blogbabel wants them are up to date (a source
        repaired in place is a source again)."""
        for row in self.rows:
            if row.path in paths and row.state in (MISSING, STALE, HUMAN, MOJIBAKE):
                row.state, row.detail = (SOURCE, "mojibake repaired in the source") if row.state == MOJIBAKE else (UP_TO_DATE, "")

    # -- the exit policy -------------------------------------------------------------------
    @property
    def failure_count(self) -> int:
        return len(self.errors)

    @property
    def check_count(self) -> int:
        return len(self.pending)

    @property
    def pending(self) -> list[StatusRow]:
        """Translations missing or stale, outputs of deleted posts (what ``--check`` fails on)."""
        return [row for row in self.rows if row.state in PENDING or (row.state == HUMAN and row.detail == EDITED_SOURCE_CHANGED)]

    # -- output ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The report as plain data (what ``--json`` prints)."""
        return {key: list(value) if isinstance(value, Iterator) else value for key, value in self._fields().items()}

    def write_json(self, out: IO[str]) -> None:
        """:meth:`to_dict` as JSON, the long lists written an item at a time (no copy in memory)."""
        _write_json(self._fields(), out)

    def _fields(self) -> dict[str, Any]:
        """The report's fields; the long lists as iterators."""
        return {
            "content_dir": self.content_dir,
            "site_root": self.site_root,
            "check": self.check,
            "dry_run": self.dry_run,
            "posts": self.posts,
            "states": count_states(self.rows),
            "translations": (row.to_dict() for row in self.rows if row.state not in SOURCES),
            "written": iter(self.written),
            "kept_human_edits": iter(self.kept),
            "removed": self.removed,
            "edits_kept_as": self.backups,
            "sources_repaired": self.sources_repaired,
            "copied": self.copied,
            "segments": self.segments,
            "units": self.units,
            "repairs": self.repairs,
            "cache": {"hits": self.cache_hits, "misses": self.cache_misses},
            "model_calls": self.model_calls,
            "model_seconds": round(self.model_seconds, 3),
            "backend": self.backend,
            "seconds": round(self.seconds, 3),
            "warnings": (asdict(p) for p in self.warnings),
            "errors": (asdict(p) for p in self.errors),
            "review": self.review.to_dict(),
            "exit_code": self.return_code,
        }

    def summary(self) -> str:
        """One paragraph for the end of a run (see :func:`summary_of`)."""
        return summary_of(self)


def rows_to_write(report: "BuildReport") -> list[StatusRow]:
    """What the build would do: the pending rows, and with ``--force`` the edits it replaces."""
    forced = [row for row in report.rows if row.state == HUMAN and row.detail != "written by a person"] if report.force else []
    return report.pending + [row for row in forced if row not in report.pending]


def summary_of(report: "BuildReport") -> str:
    """One paragraph for the end of a run. Its numbers add up: the rows are every post x
    locale (plus outputs of deleted posts), and the memory's hits + misses are the distinct
    texts of this build."""
    counts = count_states(report.rows)
    order = [SOURCE, MOJIBAKE, UP_TO_DATE, STALE, MISSING, HUMAN, ORPHANED, REMOVED, "skipped", ERROR]
    order += sorted(set(counts) - set(order))
    states = ", ".join(f"{counts[s]} {s}" for s in order if counts.get(s))
    rows = f"{report.posts} posts: {len(report.rows)} post x locale rows ({states or 'none'})"
    if report.check or report.dry_run:
        verb = "would write" if report.dry_run else "to do"
        todo = rows_to_write(report)
        sources = sum(1 for row in todo if row.state == MOJIBAKE)  # in place: mojibake to repair in the source
        repairs = f", {sources} sources {'would be repaired' if report.dry_run else 'to repair'}" if sources else ""
        return f"{rows}; {len(todo) - sources} translations {verb}{repairs}; {len(report.errors)} errors"
    texts = report.cache_hits + report.cache_misses
    lines = [
        f"{rows}; {len(report.written)} files written, {len(report.removed)} removed (source deleted), {len(report.kept)} human edits kept, {report.copied} files copied",
        f"{report.segments} segments translated (paragraphs, headings, items, cells, captions, alt texts, front matter values), "
        f"as {texts} distinct texts (sentences or pieces sent to the engine): {report.cache_hits} from the memory + "
        f"{report.cache_misses} from the model, {report.model_seconds:.1f} s in {report.model_calls} calls" + (f" [{report.backend}]" if report.backend else ""),
        f"{report.repairs} mojibake repairs, {len(report.warnings)} warnings, {len(report.errors)} errors, {report.seconds:.1f} s",
    ]
    return "\n".join(lines + report.review.summary_lines())
