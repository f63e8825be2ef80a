"""The state of every post x locale of a site, and the plan a build follows.

States of a translation: ``up-to-date``; ``stale`` (the source, or the settings that shape the
output, changed since blogbabel wrote it); ``missing``; ``human-edited`` (written or changed by
a person: never overwritten without ``--force``). A source's own locale is ``source``
(``mojibake`` while, in place, the source itself has mojibake its page would show: the build
repairs it unless ``repair_sources = false``); a post with ``translate: false`` is ``skipped``;
a post that cannot be read is ``error``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from ..errors import BlogbabelError
from ..files import ensure_inside
from ..translate.glossary import Glossary, load_glossary
from .config import BuildConfig
from .layouts import Layout, PostInfo, get_layout
from .manifest import Manifest, content_hash
from .notice import notice_text
from .scan import MarkdownFile, PostGroup, Problem, glossary_use, group_posts, is_markdown, read_markdown, walk_content

UP_TO_DATE, STALE, MISSING, HUMAN, SOURCE, SKIPPED, ERROR, REVIEW, ORPHANED, REMOVED, MOJIBAKE = (
    "up-to-date",
    "stale",
    "missing",
    "human-edited",
    "source",
    "skipped",
    "error",
    "needs-review",
    "orphaned",
    "removed",
    "mojibake",
)
#: the row of a source's own locale: ``mojibake`` while (in place) its page still shows mojibake
SOURCES = (SOURCE, MOJIBAKE)
#: a translation a person edited whose source then changed: the new text has not reached it
EDITED_SOURCE_CHANGED = "edited after blogbabel wrote it; human-edited, source changed"
#: translations a build writes
NEEDS_WORK = (STALE, MISSING, REVIEW)
#: what ``--check`` fails on: translations to write, outputs of deleted posts to remove, sources
#: whose own page shows mojibake
PENDING = (*NEEDS_WORK, ORPHANED, MOJIBAKE)


@dataclass(slots=True)
class StatusRow:
    """One post x locale."""

    source: str  # content-relative path of the source
    locale: str
    state: str
    path: str | None = None  # site-relative path of this locale's file
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Plan:
    """Everything a build or a status check knows before translating anything."""

    config: BuildConfig
    layout: Layout
    manifest: Manifest
    groups: list[PostGroup]
    rows: list[StatusRow]
    assets: list[tuple[PurePosixPath, Path]]  # (relative, absolute path) of non-Markdown files
    problems: list[Problem]  # errors
    warnings: list[Problem]
    glossary: Glossary  # the site's, as loaded for this plan
    #: up-to-date translations recorded with another glossary (their terms are the same): the
    #: fingerprint a build records for each, so the next scan need not look for terms again
    refreshed: list[tuple[str, str]]


def fingerprint(config: BuildConfig, layout: Layout, source: str, target: str) -> str:
    """What, besides the source text, shapes a translation: a change re-translates."""
    notice = notice_text(target, source, config.notice_text) if config.notice else ""
    settings = [layout.name, layout.docs_structure, notice, config.in_place]
    markdown = [config.front_matter_keys, config.translatable_params, config.translatable_attributes, config.code_tags]
    if any(markdown):  # what is prose changed: re-translate (default settings keep old fingerprints)
        settings.append([list(value) if value else None for value in markdown])
    return hashlib.sha256(json.dumps(settings).encode()).hexdigest()[:16]


def edit_backup(rel: str) -> str:
    """Where ``--force`` keeps the edited file it replaces at site-relative ``rel``: a dot file
    beside it (``_posts/es/.x.md.orig``), which no generator publishes and no build reads."""
    folder, _, name = rel.rpartition("/")
    return (folder + "/" if folder else "") + f".{name}.orig"


#: what ends a fingerprint: the digest of the glossary the translation was made with
GLOSSARY_MARK = "~g"


def post_fingerprint(base: str, terms: str | None, glossary_digest: str) -> str:
    """``base`` (the pair's :func:`fingerprint`), the hash of the glossary entries the post uses
    (:func:`~.scan.glossary_use`) and the glossary's digest: editing the glossary makes stale
    exactly the translations whose posts contain an edited term, and while the glossary is the
    one a translation was made with, its terms need not be looked for again."""
    return (f"{base}+g{terms}" if terms else base) + GLOSSARY_MARK + glossary_digest


def fingerprint_holds(recorded: str, base: str, glossary_digest: str, terms: Callable[[], str | None]) -> bool:
    """Whether the ``recorded`` fingerprint (without :data:`INCOMPLETE`) is what a build would
    write now. ``terms`` (the post's :func:`~.scan.glossary_use`, costly: the post is read and
    repaired) is called only when the glossary changed since, or the entry predates the digest."""
    body, mark, recorded_digest = recorded.partition(GLOSSARY_MARK)
    if body.partition("+g")[0] != base:
        return False
    if mark and recorded_digest == glossary_digest:  # same text, same glossary: same terms
        return True
    found = terms()
    return body == (f"{base}+g{found}" if found else base)


def post_info(config: BuildConfig, info: MarkdownFile) -> PostInfo:
    declared = info.lang_origin in ("front matter", "path")
    return PostInfo(PurePosixPath(info.rel), info.key, info.lang or config.default_lang, info.data, config.in_place, declared)


def site_rel(config: BuildConfig, rel: PurePosixPath | str) -> str:
    """``rel`` checked to stay inside the site root (raises UnsafePathError)."""
    ensure_inside(config.site_root, rel)
    return str(rel)


#: ends the fingerprint of a translation some segments of which the engine failed on
INCOMPLETE = "+incomplete"


def _translation_state(config: BuildConfig, manifest: Manifest, rel: str, source: MarkdownFile, holds: Callable[[str], bool]) -> tuple[str, str]:
    """The state of the translation at ``rel``; ``holds(recorded)`` tells whether its recorded
    fingerprint is what a build would write now (:func:`fingerprint_holds`)."""
    path = config.site_root / rel
    if not path.exists() and not path.is_symlink():
        return MISSING, ""
    if path.is_symlink() or not path.is_file():
        return HUMAN, "not a regular file"
    entry = manifest.get(rel)
    if entry is None:
        return HUMAN, "not written by blogbabel"
    if entry.hash != content_hash(path.read_bytes()):
        return HUMAN, EDITED_SOURCE_CHANGED if entry.source_hash != source.hash else "edited after blogbabel wrote it"
    if entry.source_hash != source.hash:
        return STALE, "source changed"
    recorded = entry.fingerprint or ""
    if not holds(recorded.removesuffix(INCOMPLETE)):
        return STALE, "build settings changed"
    if recorded.endswith(INCOMPLETE):
        return STALE, "some segments were not translated; tried again"
    if config.backend != "auto" and entry.backend not in (None, config.backend):
        return STALE, f"translated with {entry.backend}, {config.backend} asked for"
    return UP_TO_DATE, ""


#: parsed headers the scan keeps for the build, which would otherwise parse them again (one parse
#: per post). Past this many, a post's header is parsed again when it is prepared: kept for every
#: post of a 100,000-post site they would hold about 170 MB until their chunk is reached.
HEADERS_KEPT = 2000


def make_plan(config: BuildConfig) -> Plan:
    """Scan the content folder and classify every post x locale (reads, never writes)."""
    from .site_layout import check_layout

    check_layout(config)
    glossary = load_glossary(config.glossary)
    layout = get_layout(config.layout, config.locales, config.default_lang, docs_structure=config.docs_structure, site_dir=config.content_dir)
    manifest = Manifest(config.state_dir)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    files: list[MarkdownFile] = []
    assets: list[tuple[PurePosixPath, Path]] = []
    for rel, path in walk_content(config, layout, warnings):
        if is_markdown(rel, config, layout):
            info = read_markdown(rel, path, config, layout)
            if len(files) >= HEADERS_KEPT:
                info.header = None
            if layout.front_matter_required and info.error is None and not info.has_header:
                assets.append((rel, path))  # e.g. a README: a static file for Jekyll
                continue
            if info.error is not None:
                problems.append(info.error)
            if info.warning:
                warnings.append(Problem(str(rel), info.warning))
            files.append(info)
        else:
            assets.append((rel, path))
    groups = group_posts(files, config.default_lang)
    if config.in_place:
        for group in groups:
            found = group.source
            if found is not None and found.error is None and found.translate and found.lang:
                found.error = _misread_language(config, layout, found)
                if found.error is not None:
                    problems.append(found.error)
    from .orphans import orphan_rows

    rows: list[StatusRow] = orphan_rows(config, manifest)
    refreshed: list[tuple[str, str]] = []
    reported = {row.path for row in rows}
    for group in groups:
        rows.extend(row for row in _group_rows(config, layout, manifest, glossary, group, refreshed) if row.path not in reported)
    _memory_states(config, rows)
    if not config.repair_sources:
        warnings += [Problem(row.source, row.detail) for row in rows if row.state == MOJIBAKE]
    for row in rows:
        if row.state == ERROR and row.detail and not any(p.path == row.source for p in problems):
            problems.append(Problem(row.source, row.detail))
    return Plan(config, layout, manifest, groups, rows, assets, problems, warnings, glossary, refreshed)


def _source_row(config: BuildConfig, source: MarkdownFile, locale: str) -> StatusRow:
    """The source's own locale: ``mojibake`` (in place) while the page would still show it."""
    name = str(source.rel)
    if not source.mojibake:
        return StatusRow(name, locale, SOURCE, name, sys.intern(f"language from {source.lang_origin}"))  # one string a site
    if config.repair_sources:
        return StatusRow(name, locale, MOJIBAKE, name, f"{source.mojibake} mojibake repairs to make in the source: `blogbabel build` makes them")
    return StatusRow(name, locale, MOJIBAKE, name, f"{source.mojibake} mojibake repairs its page still needs (repair_sources = false): run `blogbabel clean --in-place {name}`")


def _misread_language(config: BuildConfig, layout: Layout, info: MarkdownFile) -> Problem | None:
    """In place, a source the generator would read in the default language although it is not:
    translating it would publish two versions in one language. The post is refused, and the
    message names the fix (a rename, or the ``lang`` field)."""
    post = post_info(config, info)
    if post.lang == config.default_lang or layout.placement(PurePosixPath(info.rel)).lang is not None:
        return None
    wanted = layout.source_copy_path(post)
    if str(wanted) != info.rel:
        fix = f"rename it {wanted} (git mv {info.rel} {wanted})"
    elif not post.lang_declared and layout.name != "hugo":
        fix = f"add `lang: {post.lang}` to its front matter"
    else:
        return None
    return Problem(str(info.rel), f"{layout.name} would publish this {post.lang} post as {config.default_lang}: {fix}; not translated")


def _group_rows(config: BuildConfig, layout: Layout, manifest: Manifest, glossary: Glossary, group: PostGroup, refreshed: list[tuple[str, str]]) -> list[StatusRow]:
    source = group.source
    if source is None:  # machine translations the manifest does not know, their source gone
        return [StatusRow(group.key, lang, HUMAN, str(info.rel), "source removed; not written by this site's builds, so kept") for lang, info in group.others.items()]
    name = str(source.rel)
    if source.error is not None:
        return [StatusRow(name, locale, ERROR, None, source.error.message) for locale in config.locales]
    if not source.translate:
        return [StatusRow(name, locale, SKIPPED, name, "translate: false") for locale in config.locales]
    rows = []
    info = post_info(config, source)
    text = _RepairedText(config, source)  # read only if a translation's glossary use must be checked
    for locale in config.locales:
        if locale == source.lang:
            rows.append(_source_row(config, source, locale))
            continue
        other = group.others.get(locale)
        if other is not None and not other.machine:
            rows.append(StatusRow(name, locale, HUMAN, str(other.rel), "written by a person"))
            continue
        try:
            rel = site_rel(config, layout.translation_path(info, locale))
            base = fingerprint(config, layout, info.lang, locale)
            terms, digest = partial(_source_terms, glossary, text, source.lang, locale), glossary.digest()
            state, detail = _translation_state(config, manifest, rel, source, partial(fingerprint_holds, base=base, glossary_digest=digest, terms=terms))
            if state == UP_TO_DATE and text.was_read:
                refreshed.append((rel, post_fingerprint(base, terms(), digest)))
        except BlogbabelError as exc:
            rows.append(StatusRow(name, locale, ERROR, None, exc.message))
            continue
        except OSError as exc:  # e.g. the translation's name would be too long for the file system
            rows.append(StatusRow(name, locale, ERROR, None, f"cannot use {rel}: {exc.strerror or exc}"))
            continue
        rows.append(StatusRow(name, locale, state, rel, detail))
    return rows


class _RepairedText:
    """The source text a build translates (read and repaired once, on first use)."""

    def __init__(self, config: BuildConfig, source: MarkdownFile) -> None:
        self.config, self.source = config, source
        self._text: str | None = None

    @property
    def was_read(self) -> bool:
        return self._text is not None

    def __call__(self) -> str:
        if self._text is None:
            from ..files import decode_bytes, read_post_bytes
            from ..repair import clean_markdown

            rel = str(self.source.rel)
            raw = read_post_bytes(self.config.content_dir / self.source.rel, max_mb=self.config.max_post_mb, name=rel)
            lang = self.source.lang or self.config.default_lang
            self._text = clean_markdown(decode_bytes(raw, rel).text, lang=lang, code_tags=self.config.code_tags_in_use).text
        return self._text


def _source_terms(glossary: Glossary, text: _RepairedText, lang: str | None, target: str) -> str | None:
    return glossary_use(glossary, text(), lang or "", target)


def format_rows(rows: list[StatusRow], *, only_problems: bool = False) -> str:
    """A table of rows for the terminal."""
    shown = [r for r in rows if not only_problems or r.state not in (UP_TO_DATE, SOURCE, SKIPPED)]
    if not shown:
        return ""
    width = max(len(r.state) for r in shown)
    lines = []
    for row in shown:
        where = f" -> {row.path}" if row.path and row.path != row.source else ""
        detail = f"  ({row.detail})" if row.detail and row.state != SOURCE else ""
        lines.append(f"{row.state:<{width}}  {row.locale}  {row.source}{where}{detail}")
    return "\n".join(lines)


def count_states(rows: list[StatusRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.state] = counts.get(row.state, 0) + 1
    return counts


def _memory_states(config: BuildConfig, rows: list[StatusRow]) -> None:
    """States only the memory knows: a translation kept for review (a person's segment lost its
    source), or one with imported human translations the next build writes."""
    path = config.content_dir / ".blogbabel" / "tm.sqlite"
    if not path.is_file():
        return
    from ..backends.human import HumanMemory
    from ..backends.memory import TranslationMemory

    with TranslationMemory(path) as memory:
        records = {record.path: record for record in HumanMemory(memory).outputs()}
    for row in rows:
        record = records.get(row.path) if row.path else None
        if record is None:
            continue
        if record.review and row.state in (HUMAN, STALE):
            row.state, row.detail = REVIEW, record.review[0]
        elif record.pending and row.state == UP_TO_DATE:
            row.state, row.detail = STALE, "human translations imported"
