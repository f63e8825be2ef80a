"""The one exception family of blogbabel.

Every error a user can meet is a :class:`BlogbabelError`. Its message names the file and
line when they are known and ends with what to do about it, so the CLI can print it as is.
"""

from __future__ import annotations

from pathlib import Path


class BlogbabelError(Exception):
    """Base of every error blogbabel raises on purpose."""

    #: process exit status the CLI uses for this family of errors
    exit_code = 123

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    def with_location(self, path: str | Path | None = None, line: int | None = None) -> "BlogbabelError":
        """Return the same error with a file (and line) filled in where it was missing."""
        if self.path is None and path is not None:
            self.path = str(path)
        if self.line is None and line is not None:
            self.line = line
        self.args = (str(self),)
        return self

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        text = where + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(BlogbabelError):
    """A source file that cannot be read or understood (encoding, binary content...)."""


class FrontMatterError(InputError):
    """Front matter that is not valid YAML/TOML or not a mapping."""


class OutputError(BlogbabelError):
    """A file that cannot be written (permissions, disk full, name too long...)."""


class ConfigError(BlogbabelError):
    """Invalid configuration (blogbabel.toml, [tool.blogbabel], flags, glossary)."""


class UnsupportedLanguageError(ConfigError):
    """A language code blogbabel cannot work with."""


class BackendError(BlogbabelError):
    """A translation backend failed (crashed, timed out, returned nonsense)."""


class BackendUnavailableError(BackendError):
    """The requested backend or language pair is not installed; the hint names the install command."""


class TranslationTimeoutError(BackendError):
    """A backend did not answer within the configured time."""


class ModelPackageError(BlogbabelError):
    """An .argosmodel archive that is malformed or unsafe to install."""


class UnsafePathError(BlogbabelError):
    """An output path that would land outside the output folder or the site."""


class BuildLockedError(BlogbabelError):
    """Another build of the same site still holds its build lock after the wait allowed."""


class SegmentError(BackendError):
    """The engine failed on this batch because of some of its texts (the others may be fine).

    With ``partial`` (one result per text) and ``failures`` (index -> reason), the engine
    already isolated the texts at fault; without them, the caller splits the batch until
    it finds them.
    """

    def __init__(self, message: str, *, partial: list[str] | None = None, failures: dict[int, str] | None = None, **where) -> None:
        super().__init__(message, **where)
        self.partial = partial
        self.failures = failures or {}
