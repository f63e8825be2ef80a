"""What a build has to produce, from the plan: per source post, the translations to write and
the cleaned copy to make (output-folder mode), skipping what is already current."""

from __future__ import annotations

from dataclasses import dataclass

from .config import BuildConfig
from .manifest import Manifest, content_hash
from .report import BuildReport
from .scan import MarkdownFile
from .status import HUMAN, MISSING, NEEDS_WORK, SOURCES, STALE, UP_TO_DATE, Plan, post_info

_COPY_FINGERPRINT_VERSION = "copy-1"


def copy_fingerprint(layout_name: str) -> str:
    """The settings that shape a cleaned source copy (the manifest records it)."""
    return f"{_COPY_FINGERPRINT_VERSION}:{layout_name}"


@dataclass
class Work:
    """One source post and what to produce from it."""

    info: MarkdownFile
    targets: list[tuple[str, str]]  # (locale, site-relative path)
    copy_rel: str | None  # write the cleaned source here (output-folder mode)
    repair: bool = False  # in place: write the cleaned source over the source (repair_sources)


@dataclass
class WorkList:
    items: list[Work]
    locales_used: set[str]  # locales the site now has a page in (for the layouts' extra files)


def plan_work(plan: Plan, report: BuildReport) -> WorkList:
    """The posts to prepare and what to write from each; human edits kept are reported."""
    config = plan.config
    locales_used: set[str] = set()
    wanted: dict[str, list[tuple[str, str]]] = {}
    for row in plan.rows:
        if row.state in SOURCES:
            locales_used.add(row.locale)
        # an edited file goes to the build's human step: harvested, then kept or merged
        edited = row.state == HUMAN and row.detail != "written by a person"
        if row.path and (row.state in NEEDS_WORK or edited):
            wanted.setdefault(row.source, []).append((row.locale, row.path))
        if row.state in (UP_TO_DATE, STALE, MISSING, HUMAN):
            locales_used.add(row.locale)
    fingerprint = copy_fingerprint(plan.layout.name)
    items = []
    for group in plan.groups:
        members = [group.source] if group.source is not None else []
        if not config.in_place:
            members += [m for m in group.others.values() if not m.machine]
        for info in members:
            if info.error is not None:
                continue
            targets = wanted.get(str(info.rel), []) if info is group.source else []
            copy_rel = None if config.in_place else str(plan.layout.source_copy_path(post_info(config, info)))
            if copy_rel is not None and _copy_current(config, plan.manifest, info, copy_rel, fingerprint):
                copy_rel = None
            repair = config.in_place and config.repair_sources and info.mojibake > 0 and info is group.source
            if targets or copy_rel or repair:
                items.append(Work(info, targets, copy_rel, repair))
    return WorkList(items, locales_used)


def _copy_current(config: BuildConfig, manifest: Manifest, info: MarkdownFile, rel: str, fingerprint: str) -> bool:
    """The cleaned copy in the output folder is already what this build would write."""
    entry = manifest.get(rel)
    path = config.site_root / rel
    if entry is None or entry.source_hash != info.hash or entry.fingerprint != fingerprint:
        return False
    return path.is_file() and entry.hash == content_hash(path.read_bytes())
