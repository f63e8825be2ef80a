"""Reading and writing text files without losing anything.

Sources are decoded exactly (BOM, line endings and final newline are kept in the text or
recorded), files that are not UTF-8 are detected and decoded as Windows-1252/Latin-1 with a
note, and every write is atomic: a temporary file in the same folder, fsync, then rename, so
an interrupted run leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from .errors import InputError, OutputError, UnsafePathError

#: bytes that never appear in a text file; one of them means "binary"
_BINARY_BYTES = frozenset(b"\x00")
#: control bytes other than tab/newline/CR/form feed/escape; many of them also mean "binary"
_CONTROL_BYTES = bytes(sorted(frozenset(range(0, 32)) - {9, 10, 12, 13, 27}))


@dataclass(frozen=True)
class SourceText:
    """A decoded text file: ``text`` keeps the original line endings; ``bom`` says if one was there."""

    text: str
    encoding: str  # "utf-8", "cp1252" or "latin-1"
    bom: bool = False

    @property
    def was_utf8(self) -> bool:
        return self.encoding == "utf-8"

    def encode(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: this text) as UTF-8, with a BOM when the source had one."""
        data = (self.text if text is None else text).encode("utf-8")
        return codecs.BOM_UTF8 + data if self.bom else data


def decode_bytes(data: bytes, path: str | Path | None = None) -> SourceText:
    """Decode a file's bytes; raise :class:`InputError` for binary content.

    UTF-8 (with or without BOM) is tried first; otherwise the file is taken as Windows-1252
    when every byte is defined there, else Latin-1, and the caller should report it.
    """
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("file is UTF-16, not UTF-8", path=path, hint="re-save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(
            "file contains NUL bytes: it looks binary, not Markdown",
            path=path,
            line=line,
            hint="remove the file or give it another extension",
        )
    sample = data[:8192]
    # counted in C (bytes.translate deletes them): a Python loop over 8 KB cost 0.25 ms per file
    if sample and len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > max(8, len(sample) // 100):
        raise InputError("file looks binary, not Markdown", path=path, hint="remove it or rename it")
    try:
        return SourceText(data.decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError:
        pass
    try:
        return SourceText(data.decode("cp1252"), "cp1252", bom)
    except UnicodeDecodeError:
        return SourceText(data.decode("latin-1"), "latin-1", bom)


#: the largest post read by default (MB): a bigger "post" is almost always generated data or
#: embedded media, and its analysis would need ~60x its size in memory
DEFAULT_MAX_POST_MB = 5.0
#: the file name suffixes read as Markdown (``clean``; the default of ``markdown_extensions``)
MARKDOWN_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".mdown", ".mkd")


def read_post_bytes(path: str | Path, *, max_mb: float | None = DEFAULT_MAX_POST_MB, name: str | Path | None = None) -> bytes:
    """The bytes of a post, or :class:`InputError` when it cannot be read, is not a regular file
    (a FIFO or a device would block or never end) or holds more than ``max_mb`` megabytes
    (None = no limit; checked on the size and again on what is read: ``/proc`` files say 0).
    ``name`` is the path shown in errors."""
    name = path if name is None else name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not block the open
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=name) from exc
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{_file_kind(info.st_mode)}, not a regular file", path=name, hint="remove it or exclude it; only files are read")
            os.set_blocking(fd, True)
            limit = None if max_mb is None else int(max_mb * 1_000_000)
            if limit is not None and info.st_size > limit:
                raise _too_big(info.st_size, max_mb, name)
            data = handle.read() if limit is None else handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", path=name) from exc
    if limit is not None and len(data) > limit:
        raise _too_big(len(data), max_mb, name)
    return data


def _too_big(size: int, max_mb: float | None, name: str | Path) -> InputError:
    return InputError(
        f"file is {size / 1_000_000:.1f} MB, more than the {max_mb:g} MB a post may have",
        path=name,
        hint="split it, exclude it, or raise max_post_mb if it really is one post",
    )


def _file_kind(mode: int) -> str:
    """What a file of this mode is, when it is not a regular file ("" when it is)."""
    for test, kind in ((stat.S_ISREG, ""), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a regular file"


def not_a_file(path: str | Path) -> str:
    """Why ``path`` (links followed) cannot be read as a file: "a FIFO", "symlink loop"...; "" when it can."""
    try:
        return _file_kind(os.stat(path).st_mode)
    except OSError as exc:
        return "symlink loop" if exc.errno == errno.ELOOP else f"cannot be read: {exc.strerror}"


def read_source(path: str | Path, *, max_mb: float | None = DEFAULT_MAX_POST_MB) -> SourceText:
    """Read and decode a text file (see :func:`read_post_bytes` and :func:`decode_bytes`)."""
    return decode_bytes(read_post_bytes(path, max_mb=max_mb), path)


#: ends the name of every temporary file :func:`atomic_write` makes (dot-files: generators skip them)
TEMP_SUFFIX = ".blogbabel.tmp"


def remove_stale_temp_files(folders) -> int:
    """Delete temporary files a killed run left in ``folders``; return how many."""
    removed = 0
    for folder in folders:
        for stale in Path(folder).glob(".*" + TEMP_SUFFIX):
            try:
                stale.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def atomic_write(path: str | Path, data: bytes | str | Iterable[bytes]) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + fsync + rename).

    The file keeps the permissions of the one it replaces. Writing through a symlink is
    refused: the link would be replaced by a file and its target left stale. ``data`` may be
    an iterable of byte chunks, written as they come (a big file is never held whole).
    """
    path = Path(path)
    if path.is_symlink():
        raise UnsafePathError("refusing to write through a symlink", path=path, hint="replace the link with a file")
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        _replace_atomically(path, data)
    except OSError as exc:
        raise OutputError(f"cannot write file: {exc.strerror or exc}", path=path, hint="check the folder's permissions, free space and the name's length") from exc


def _replace_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    # the temporary name must fit where the final one fits: keep its prefix short
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:64]}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, (bytes, bytearray, memoryview)):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def ensure_inside(root: str | Path, candidate: str | PurePath) -> Path:
    """Return ``candidate`` resolved, or raise :class:`UnsafePathError` if it escapes ``root``.

    Symlinks are resolved first, so a link pointing outside the root is caught too.
    """
    try:
        root_resolved = Path(root).resolve()
        resolved = (root_resolved / candidate).resolve() if not Path(candidate).is_absolute() else Path(candidate).resolve()
    except (RuntimeError, OSError):  # Python < 3.13 raises RuntimeError on a loop
        raise UnsafePathError(f"path {str(candidate)!r} is a symlink loop", hint="remove the link") from None
    if resolved != root_resolved and root_resolved not in resolved.parents:
        raise UnsafePathError(
            f"path {str(candidate)!r} would land outside {str(root_resolved)!r}",
            hint="check permalink/slug/lang values and symlinks",
        )
    return resolved
