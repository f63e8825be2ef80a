"""What a build found and did: told events as they happen, owner of the exit code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from ..exitcodes import ExitPolicy
from .scan import Problem
from .status import ERROR, HUMAN, MISSING, NEEDS_WORK, SOURCE, STALE, UP_TO_DATE, Plan, StatusRow, count_states


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
    written: list[str] = field(default_factory=list)  # site-relative paths created or updated
    kept: list[str] = field(default_factory=list)  # human-edited files left alone
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
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

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

    def copied_asset(self) -> None:
        self.copied += 1

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

    def engine_used(self, identity: str | None, hits: int, misses: int, calls: int, seconds: float) -> None:
        """The translation engine's name and the memory's and the model's counters."""
        self.backend = identity
        self.cache_hits, self.cache_misses = hits, misses
        self.model_calls, self.model_seconds = calls, seconds

    def settled(self, paths: set[str]) -> None:
        """After a build, the translations now on disk as blogbabel wants them are up to date."""
        for row in self.rows:
            if row.path in paths and row.state in (MISSING, STALE, HUMAN):
                row.state, row.detail = UP_TO_DATE, ""

    # -- the exit policy -------------------------------------------------------------------
    @property
    def failure_count(self) -> int:
        return len(self.errors)

    @property
    def check_count(self) -> int:
        return len(self.pending)

    @property
    def pending(self) -> list[StatusRow]:
        """Translations missing or stale (what ``--check`` fails on)."""
        return [row for row in self.rows if row.state in NEEDS_WORK]

    # -- output ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        counts = count_states(self.rows)
        return {
            "content_dir": self.content_dir,
            "site_root": self.site_root,
            "check": self.check,
            "dry_run": self.dry_run,
            "posts": self.posts,
            "states": counts,
            "translations": [row.to_dict() for row in self.rows if row.state != SOURCE],
            "written": self.written,
            "kept_human_edits": self.kept,
            "copied": self.copied,
            "segments": self.segments,
            "units": self.units,
            "repairs": self.repairs,
            "cache": {"hits": self.cache_hits, "misses": self.cache_misses},
            "model_calls": self.model_calls,
            "model_seconds": round(self.model_seconds, 3),
            "backend": self.backend,
            "seconds": round(self.seconds, 3),
            "warnings": [asdict(p) for p in self.warnings],
            "errors": [asdict(p) for p in self.errors],
            "exit_code": self.return_code,
        }

    def summary(self) -> str:
        """One paragraph for the end of a run."""
        counts = count_states(self.rows)
        states = ", ".join(f"{counts[s]} {s}" for s in (UP_TO_DATE, STALE, MISSING, HUMAN, "skipped", ERROR) if counts.get(s))
        if self.check or self.dry_run:
            verb = "would write" if self.dry_run else "to do"
            todo = len(self.pending)
            return f"{self.posts} posts: {states or 'nothing to translate'}; {todo} translations {verb}; {len(self.errors)} errors"
        lines = [
            f"{self.posts} posts, {len(self.written)} files written, {len(self.kept)} human edits kept, {self.copied} files copied",
            f"{self.segments} segments ({self.units} texts), cache {self.cache_hits} hits / {self.cache_misses} misses, "
            f"model {self.model_seconds:.1f} s in {self.model_calls} calls" + (f" [{self.backend}]" if self.backend else ""),
            f"{self.repairs} mojibake repairs, {len(self.warnings)} warnings, {len(self.errors)} errors, {self.seconds:.1f} s",
        ]
        return "\n".join(lines)
