"""Cleaning files (``blogbabel clean``): the per-file service and the run's report.

:func:`clean_file` reads one Markdown file (any encoding; UTF-8 out), repairs its mojibake
and says what it did; :class:`CleanReport` is told each file's outcome and owns the exit
code (the policy shared with ``build``, :mod:`blogbabel.exitcodes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .exitcodes import ExitPolicy
from .files import DEFAULT_MAX_POST_MB, MARKDOWN_SUFFIXES, read_source
from .markdown.patterns import DEFAULT_CODE_TAGS
from .repair import CleanResult, clean_markdown

#: folders ``clean`` never descends into (dependencies, generated sites)
SKIPPED_FOLDERS = frozenset({"node_modules", "_site"})


@dataclass
class CleanedFile:
    """One Markdown file read and repaired (nothing written yet)."""

    path: Path
    encoding: str
    was_utf8: bool
    original: str  # the decoded text
    result: CleanResult
    data: bytes  # the cleaned text as it would be written (UTF-8)
    notes: list[str]

    @property
    def changed(self) -> bool:
        """The file on disk would change (repairs, or re-encoding to UTF-8)."""
        return self.result.changed or not self.was_utf8

    def to_dict(self) -> dict:
        return {
            "file": str(self.path),
            "encoding": self.encoding,
            "changed": self.changed,
            "fixes": [fix.to_dict() for fix in self.result.fixes],
            "unresolved": [fix.to_dict() for fix in self.result.unresolved],
            "notes": self.notes,
        }


def clean_file(path: Path, *, lang: str | None = None, max_mb: float | None = None, code_tags: tuple[str, ...] = DEFAULT_CODE_TAGS) -> CleanedFile:
    """Read and repair the Markdown file at ``path`` (``code_tags``: see :func:`clean_markdown`);
    raises BlogbabelError when it cannot be read (too large, not a file, undecodable)."""
    decoded = read_source(path, max_mb=max_mb or DEFAULT_MAX_POST_MB)
    result = clean_markdown(decoded.text, lang=lang, code_tags=code_tags)
    notes = list(result.notes)
    if not decoded.was_utf8:
        notes.insert(0, f"not valid UTF-8: decoded as {decoded.encoding}, written as UTF-8")
    return CleanedFile(path, decoded.encoding, decoded.was_utf8, decoded.text, result, decoded.encode(result.text), notes)


@dataclass
class SourceFile:
    """A file found under a PATH argument."""

    path: Path
    root: Path  # the PATH argument it was found under (a folder, or the file itself)

    @property
    def relative(self) -> Path:
        return self.path.relative_to(self.root) if self.root != self.path else Path(self.path.name)

    @property
    def markdown(self) -> bool:
        return self.path.suffix.lower() in MARKDOWN_SUFFIXES


def walk_sources(paths: list[Path]) -> list[SourceFile]:
    """Every file under ``paths`` (folders recursed; hidden files and folders, node_modules
    and _site skipped), in a stable order."""
    sources = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if any(part.startswith(".") or part in SKIPPED_FOLDERS for part in parts[:-1]) or not child.is_file():
                    continue
                if parts[-1].startswith("."):
                    continue
                sources.append(SourceFile(child, path))
        else:
            sources.append(SourceFile(path, path))
    return sources


@dataclass
class CleanReport(ExitPolicy):
    """What a ``clean`` run did; ``return_code`` is 123 when a file failed, 1 when ``--check``
    found a file to change, else 0."""

    check: bool = False
    scanned: int = 0
    changed: int = 0
    fixes: int = 0
    unresolved: int = 0
    errors: int = 0
    files: list[dict] = field(default_factory=list)

    def done(self, cleaned: CleanedFile) -> None:
        """A Markdown file was read and repaired."""
        self.scanned += 1
        self.changed += cleaned.changed
        self.fixes += len(cleaned.result.fixes)
        self.unresolved += len(cleaned.result.unresolved)
        self.files.append(cleaned.to_dict())

    def failed(self, path: Path, error: Exception, *, markdown: bool = True) -> None:
        """``path`` could not be read (``markdown``: it counts as scanned) or written."""
        self.errors += 1
        if markdown:
            self.scanned += 1
            self.files.append({"file": str(path), "error": str(error)})

    def write_failed(self) -> None:
        """A file was read but its output could not be written."""
        self.errors += 1

    @property
    def failure_count(self) -> int:
        return self.errors

    @property
    def check_count(self) -> int:
        return self.changed

    def to_dict(self) -> dict:
        counts = {k: getattr(self, k) for k in ("scanned", "changed", "fixes", "unresolved", "errors")}
        return {"summary": counts, "files": self.files}
