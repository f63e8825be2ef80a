"""The human side of a build (see :mod:`.human`): before a chunk is translated, edited
translations are harvested and each target is kept, adopted or rebuilt; every job gets the
human entries the memory has; after writing, what each file was made from is recorded."""

from __future__ import annotations

from dataclasses import dataclass

from ..backends.human import HUMAN, HumanMemory, OutputRecord
from ..backends.memory import TranslationMemory
from .human import all_keys, harvest, lost_segments, origins_of, segment_key, shorten, use_human_entries
from .notice import notice_text
from .prepare import PreparedPost
from .report import BuildReport
from .scan import Problem
from .status import REVIEW, Plan
from .work import Work


@dataclass
class _Target:
    """How one translation of this build is to be written."""

    old_keys: set[str] | None = None  # source segments of the version a person worked on
    edited: bool = False  # the file holds a person's edit (or human segments) to respect
    replace: bool = False  # the person's edit is merged into this build's output: overwrite it
    adopt: bytes | None = None  # keep these bytes (the person's file) and record them as ours


class HumanStep:
    """Harvest, merge and records for one build."""

    def __init__(self, plan: Plan, report: BuildReport, options, unit_mode: str) -> None:
        self.config, self.layout, self.manifest, self.report = plan.config, plan.layout, plan.manifest, report
        self.options, self.unit_mode = options, unit_mode
        self.memory = TranslationMemory(self.config.content_dir / ".blogbabel" / "tm.sqlite")
        self.human = HumanMemory(self.memory)
        self.targets: dict[str, _Target] = {}
        self.rows = {row.path: row for row in plan.rows if row.path}

    def close(self) -> None:
        self.memory.close()

    # -- before translating -----------------------------------------------------------------
    def before_translation(self, chunk: list[Work], prepared: list[PreparedPost]) -> None:
        """Harvest edited targets, drop the ones kept, give every job the human entries."""
        for item, ready in zip(chunk, prepared):
            if ready.error is not None:
                continue
            for locale, rel in item.targets:
                job = ready.jobs.get(locale)
                if job is not None and not self._decide(item, ready, job, locale, rel):
                    del ready.jobs[locale]
        use_human_entries([job for ready in prepared for job in ready.jobs.values()], self.human)

    def _decide(self, item: Work, ready: PreparedPost, job, locale: str, rel: str) -> bool:
        """Whether to translate ``rel`` in this build (False: the file is kept as it is)."""
        record = self.human.output(rel)
        target = self.targets[rel] = _Target()
        path = self.config.site_root / rel
        current = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        ours = current is None or self.manifest.is_ours(rel, current)
        edited = not ours and self.manifest.get(rel) is not None  # blogbabel wrote it, a person changed it since
        if record is None or not (ours or edited):  # nothing to pair the file with
            if not ours and not self.config.force:
                self.report.kept_edit(rel)
                return False
            return True
        human_keys = {s.source for s in record.segments if s.origin == HUMAN}
        source_changed = record.source_text != job.original
        # the old source is segmented again only when a person's work must be paired with it
        # (a post nobody edited would pay a second analysis for nothing)
        pairing = edited or bool(human_keys)
        old = self._source_segments(record) if pairing else []
        old_keys = all_keys(old)
        target.old_keys = old_keys if pairing else None
        if edited and current is not None:
            found = harvest(record, current.decode("utf-8", "replace"), old, self._notice(record), self.layout.meta_headers)
            if found.problem and not self.config.force:
                return self._keep(rel, record, [found.problem] if source_changed else [], found.problem)
            self.human.store(found.entries)
            human_keys |= {entry.segment for entry in found.entries}
            if not source_changed and not found.problem:
                target.adopt = current
        target.edited = bool(human_keys) or edited
        target.replace = edited
        lost = lost_segments(human_keys, job.segments) if source_changed else []
        if lost and not self.config.force:
            changed = sorted(s.line for top in job.segments for s in top.walk() if s.has_prose and segment_key(s) not in old_keys)
            where = ", ".join(str(n) for n in changed[:12]) or "none"
            reasons = [f"the source of a person's translation changed: {shorten(key)!r} is no longer in the source" for key in lost]
            return self._keep(
                rel,
                record,
                reasons,
                f"{reasons[0]} (changed source lines: {where}); rebuild it with"
                " --force (the person's other segments are kept; to translate the changed paragraphs by"
                " hand first, blogbabel export / import them)",
            )
        return True

    def _keep(self, rel: str, record: OutputRecord, review: list[str], message: str) -> bool:
        record.review = review
        self.human.record(record)
        self.report.kept_edit(rel)
        self.report.warned([Problem(rel, ("needs review: " if review else "kept whole: ") + message)])
        if review and rel in self.rows:
            self.rows[rel].state, self.rows[rel].detail = REVIEW, review[0]
        return False

    def _source_segments(self, record: OutputRecord) -> list:
        from ..translate.job import prepare_translation

        old = prepare_translation(record.source_text, source=record.source, target=record.target, options=self.options, unit_mode=self.unit_mode, path=record.source_path)
        return old.segments

    def _notice(self, record: OutputRecord) -> str | None:
        return notice_text(record.target, record.source, self.config.notice_text) if self.config.notice else None

    # -- after translating ------------------------------------------------------------------
    def adopted(self, rel: str) -> bytes | None:
        """The person's bytes to keep at ``rel`` instead of the build's output, if any."""
        target = self.targets.get(rel)
        return target.adopt if target is not None else None

    def must_replace(self, rel: str) -> bool:
        """Whether ``rel`` may be overwritten although a person edited it (merge succeeded)."""
        target = self.targets.get(rel)
        return target is not None and target.replace

    def written(self, item: Work, ready: PreparedPost, locale: str, rel: str, job, result, data: bytes) -> None:
        """Record what the translation at ``rel`` was made from, and who wrote each segment."""
        target = self.targets.get(rel) or _Target()
        origins = origins_of(result, target.old_keys, target.edited)
        record = OutputRecord(rel, str(item.info.rel), job.source, locale, job.original, data.decode("utf-8", "replace").lstrip("\ufeff"), origins)
        self.human.record(record)
