"""Writing into the site: atomic, guarded by the manifest (a file a person edited is kept),
and the assets and the layouts' extra files copied beside the posts."""

from __future__ import annotations

from pathlib import Path

from .. import interrupts
from ..errors import BlogbabelError
from ..files import atomic_write, ensure_inside
from .report import BuildReport
from .scan import Problem
from .status import ORPHANED, Plan, edit_backup


class SiteWriter:
    """Writes site-relative files and records them in the manifest.

    ``settled`` collects the paths that now hold exactly what this build produced.
    """

    def __init__(self, plan: Plan, report: BuildReport) -> None:
        self.config = plan.config
        self.manifest = plan.manifest
        self.report = report
        self.settled: set[str] = set()

    def write(self, rel: str, data: bytes, *, replace_edit: bool = False, **details) -> bool:
        """Write ``data`` at site-relative ``rel`` unless a person edited the file there
        (``replace_edit``: their edit is merged into ``data``)."""
        interrupts.check()  # a stop asked for and lost in a __del__ is honoured here
        try:
            ensure_inside(self.config.site_root, rel)
        except BlogbabelError as exc:
            raise about(exc, rel) from None
        path = self.config.site_root / rel
        if path.exists() or path.is_symlink():
            current = path.read_bytes() if path.is_file() and not path.is_symlink() else None
            if current == data:
                self.manifest.record(rel, data, **details)
                self.settled.add(rel)
                return False
            if current is None or not self.manifest.is_ours(rel, current):
                if not (self.config.force or replace_edit):
                    self.report.kept_edit(rel)
                    return False
                if current is not None and self.config.force:
                    self._keep_backup(rel, current)  # --force: the person's file is kept beside
        try:
            self.manifest.write(rel, data, **details)  # the intent is journaled before the rename
        except BlogbabelError as exc:
            raise about(exc, rel) from None
        self.report.wrote(rel)
        self.settled.add(rel)
        return True

    def _keep_backup(self, rel: str, current: bytes) -> None:
        backup = edit_backup(rel)
        try:
            atomic_write(self.config.site_root / backup, current)
        except BlogbabelError as exc:
            raise about(exc, backup) from None
        self.report.backed_up(rel, backup)

    def remove_orphans(self, rows) -> None:
        """Delete the outputs of posts that are gone (rows ``orphaned``), and the folders that
        leaves empty."""
        root = self.config.site_root
        for row in rows:
            if row.state != ORPHANED or row.path is None:
                continue
            path = root / row.path
            try:
                ensure_inside(root, row.path)
                path.unlink(missing_ok=True)
            except (BlogbabelError, OSError) as exc:
                self.report.failed(Problem(row.path, f"cannot remove this output of a deleted post: {exc}"))
                continue
            self.manifest.forget(row.path)
            self.report.removed_orphan(row.path)
            folder = path.parent
            while folder != root and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent

    def copy_assets(self, plan: Plan, locales_used: set[str]) -> None:
        """Non-Markdown files where the layout wants them, then the layout's extra files."""
        config, layout = self.config, plan.layout
        for rel, path in plan.assets:
            sources = [] if config.in_place else [str(rel)]
            extra = [str(p) for locale in config.locales for p in layout.asset_copies(rel, locale)]
            if not sources and not extra:
                continue
            stat = Path(path).stat()
            stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
            data = None
            for target in sources + extra:
                entry = self.manifest.get(target)
                out = config.site_root / target
                if entry is not None and entry.source_hash == stamp and out.is_file() and out.stat().st_size == stat.st_size:
                    continue
                data = Path(path).read_bytes() if data is None else data
                try:
                    if self.write(target, data, source=str(rel), source_hash=stamp):
                        self.report.copied += 1
                except BlogbabelError as exc:
                    self.report.failed(Problem.from_error(exc, target))
        for extra_rel, extra_data in layout.extra_files(locales_used).items():
            self.write(extra_rel, extra_data, source=None, fingerprint=layout.name)


def about(error: BlogbabelError, rel: str) -> BlogbabelError:
    """The same error about the site-relative path ``rel`` (reports name files that way)."""
    return type(error)(error.message, path=rel, line=error.line, hint=error.hint)
