"""Find the posts of a content folder and group their language versions.

Every Markdown file is read once here for its header (language, ``translate: false``,
``machine_translated``) and its hash; bodies are not kept, so memory stays flat however many
posts there are. Files that belong to the same post under the layout (``x.md``/``x.es.md``,
``_posts/x.md``/``_posts/es/x.md``...) form a :class:`PostGroup`: one source, plus the
translations that already exist.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import BlogbabelError, UnsafePathError, UnsupportedLanguageError
from ..files import decode_bytes, ensure_inside, not_a_file, read_post_bytes
from ..languages import base_language
from ..markdown.frontmatter import LANGUAGE_KEYS, Header, read_header
from ..markdown.sourcemap import line_of, line_starts
from .config import SUPPORTED_LANGUAGES, BuildConfig
from .layouts import Layout
from .manifest import short_hash

_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
#: never content, at any depth
_SKIP_NAMES = frozenset({".git", ".hg", ".svn", ".blogbabel", "__pycache__", ".DS_Store"})
#: blogbabel's own settings (and the site glossary) at the content root are not site content
_ROOT_SKIP = frozenset({"blogbabel.toml", "glossary.toml"})


@dataclass(slots=True)
class Problem:
    """An error or warning about one file (and line), for the report."""

    path: str
    message: str
    line: int | None = None

    @classmethod
    def from_error(cls, error: BlogbabelError, rel: str) -> "Problem":
        """The problem ``error`` describes, about the file it names (else ``rel``)."""
        message = error.message + (f" ({error.hint})" if error.hint else "")
        return cls(error.path or rel, message, error.line)

    def __str__(self) -> str:
        return f"{self.path}{f':{self.line}' if self.line else ''}: {self.message}"


@dataclass(slots=True)
class MarkdownFile:
    """One Markdown file of the content folder and what its header says."""

    rel: str  # content-relative, POSIX (a str: a PurePosixPath per post costs ~300 bytes on a 100,000-post site)
    key: str
    lang: str | None = None
    lang_origin: str = ""  # "front matter", "path", "detected", "default"
    translate: bool = True
    machine: bool = False  # machine_translated: true
    data: dict = field(default_factory=dict)
    header: Header | None = None  # read once here, used again while the file is unchanged
    hash: str = ""
    has_header: bool = False  # front matter (or a metadata header) was found
    mojibake: int = 0  # in place: repairs the source itself needs (its own page shows them)
    error: Problem | None = None
    warning: str | None = None


@dataclass(slots=True)
class PostGroup:
    """All language versions of one post found in the content folder."""

    key: str
    source: MarkdownFile | None
    others: dict[str, MarkdownFile] = field(default_factory=dict)  # lang -> file (human or machine)


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.rstrip("/") + "/*") for pattern in patterns)


def walk_content(config: BuildConfig, layout: Layout, problems: list[Problem]) -> Iterator[tuple[PurePosixPath, Path]]:
    """Every file of the content folder that belongs to the site, as (relative, absolute) paths,
    in a stable order. Output folders inside it, dot-folders and generator folders are skipped;
    a symlink that leads outside the content folder is reported and skipped."""
    root = config.content_dir
    skip_dirs = set()
    if config.output_dir is not None and not config.in_place:
        skip_dirs.add(config.output_dir.resolve())
    for folder, dirnames, filenames in os.walk(root):
        here = Path(folder)
        rel_here = here.relative_to(root)
        kept = []
        for name in sorted(dirnames):
            path = here / name
            if name in _SKIP_NAMES or name.startswith(".") or path.resolve() in skip_dirs:
                continue
            if _name_problem(rel_here, name, problems):
                continue
            if rel_here == Path(".") and name in layout.output_dirs:
                continue
            rel = (rel_here / name).as_posix()
            if _excluded(rel, config.exclude):
                continue
            if path.is_symlink():
                problems.append(Problem(rel, "symlinked folder not followed; link the files instead"))
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name in _SKIP_NAMES or name.startswith("."):
                continue
            file_rel = PurePosixPath((rel_here / name).as_posix())
            if (rel_here == Path(".") and name in _ROOT_SKIP) or _excluded(str(file_rel), config.exclude):
                continue
            path = here / name
            if _name_problem(rel_here, name, problems):
                continue
            if path.is_symlink():
                try:
                    ensure_inside(root, path)
                except UnsafePathError as exc:
                    where = "is a symlink loop" if "loop" in exc.message else "points outside the content folder"
                    problems.append(Problem(str(file_rel), f"symlink {where}; skipped"))
                    continue
            kind = not_a_file(path)
            if kind:
                problems.append(Problem(str(file_rel), f"{kind}; skipped (only regular files are read)"))
                continue
            yield file_rel, path


def _name_problem(rel_here: Path, name: str, problems: list[Problem]) -> bool:
    """Report (and skip) a name that is not UTF-8: no generator or URL can use it."""
    try:
        name.encode("utf-8")
        return False
    except UnicodeEncodeError:
        shown = (rel_here / name).as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        problems.append(Problem(shown, "file name is not valid UTF-8; skipped (rename it)"))
        return True


def is_markdown(rel: PurePosixPath, config: BuildConfig, layout: Layout) -> bool:
    """A post or page to translate (Markdown outside the layout's verbatim folders)."""
    return rel.suffix.lower() in config.markdown_extensions and layout.is_content(rel)


def normalize_lang(value: object, rel: str, text: str, key: str) -> str:
    """A front matter language value as a base code (``es-MX`` -> ``es``), or an error naming the line."""
    line = None
    match = re.search(rf"^{key}\s*[:=]", text, re.MULTILINE)
    if match:
        line = line_of(line_starts(text), match.start())
    if not isinstance(value, str) or not _LANG_CODE.fullmatch(value.strip()):
        raise UnsupportedLanguageError(f"{key}: {value!r} is not a language code", path=rel, line=line, hint="use en or es")
    base = base_language(value)
    if base not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguageError(
            f"{key}: {value!r}: blogbabel translates only " + " and ".join(SUPPORTED_LANGUAGES),
            path=rel,
            line=line,
            hint="set translate: false in this post to copy it untranslated",
        )
    return base


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "1"))


def _falsy(value: object) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in ("false", "no", "0"))


def read_markdown(rel: PurePosixPath, path: Path, config: BuildConfig, layout: Layout) -> MarkdownFile:
    """Read one Markdown file's header, hash and language (problems recorded, never raised)."""
    placement = layout.placement(rel)
    info = MarkdownFile(str(rel), placement.key)
    try:
        data = read_post_bytes(path, max_mb=config.max_post_mb, name=str(rel))
        info.hash = short_hash(data)
        source = decode_bytes(data, str(rel))
        header = read_header(source.text, path=str(rel), meta_headers=layout.meta_headers)
        # kept for the whole build: the same keys in every post are one string, not one each
        info.data, info.header = {sys.intern(k) if isinstance(k, str) else k: v for k, v in header.data.items()}, header
        info.has_header = header.format is not None
        info.translate = not _falsy(header.data.get("translate"))
        info.machine = _truthy(header.data.get("machine_translated"))
        for key in LANGUAGE_KEYS:
            if header.data.get(key) is not None and info.translate:
                info.lang, info.lang_origin = normalize_lang(header.data[key], str(rel), source.text, key), "front matter"
                break
        if info.lang is None and placement.lang is not None:
            info.lang, info.lang_origin = placement.lang, "path"
        if info.lang is None and info.translate:
            info.lang, info.lang_origin, info.warning = _detect(source.text[header.body_start :], config.default_lang)
        if info.lang is not None:
            info.lang = sys.intern(info.lang)
        if not source.was_utf8:
            info.warning = f"not UTF-8: decoded as {source.encoding}; the output is UTF-8"
        if config.in_place:  # the source's own page shows its mojibake until the source is repaired
            from ..repair import clean_markdown

            info.mojibake = len(clean_markdown(source.text, lang=info.lang or config.default_lang, header=header, code_tags=config.code_tags_in_use).fixes)
    except BlogbabelError as exc:
        info.error = Problem.from_error(exc, str(rel))
    return info


def glossary_use(glossary, text: str, lang: str, target: str) -> str | None:
    """A hash of the glossary entries (term and forced translation) found in the translated
    ``text`` for ``target``, or None: a change to one of them makes its translation stale."""
    found = sorted({(text[start:end], replacement or "") for start, end, replacement in glossary.find_terms(text, lang, target)})
    return short_hash(repr(found).encode()) if found else None


def _detect(body: str, default: str) -> tuple[str, str, str | None]:
    from .langdetect import detect_language

    detection = detect_language(body, candidates=SUPPORTED_LANGUAGES, default=default)
    if detection.reliable:
        return detection.lang, "detected", None
    if detection.confidence == 0.0:
        return detection.lang, "default", f"no text to detect the language from; taken as {detection.lang!r} (add lang: to the front matter)"
    return detection.lang, "detected", f"language detected as {detection.lang!r} with low confidence; add lang: to the front matter"


def group_posts(files: list[MarkdownFile], default_lang: str) -> list[PostGroup]:
    """Group files by post key; pick each group's source (a human-written file, preferably in
    the default language) and index the other versions by language."""
    by_key: dict[str, list[MarkdownFile]] = {}
    for info in files:
        by_key.setdefault(info.key, []).append(info)
    groups = []
    for key, members in by_key.items():
        humans = [m for m in members if not m.machine]
        source = None
        if humans:
            source = next((m for m in humans if m.lang == default_lang), None) or next((m for m in humans if str(m.rel) == key), humans[0])
        group = PostGroup(key, source)
        for member in members:
            if member is not source and member.lang is not None:
                group.others.setdefault(member.lang, member)
        groups.append(group)
    return groups
