"""Where each static site generator expects the language versions of a page, and what it
needs in their front matter to pair them as translations.

A layout answers three questions about a Markdown file, all on site-relative POSIX paths:

- :meth:`Layout.placement`: which post it belongs to (a *key* shared by all its language
  versions) and which language its path says it is in;
- :meth:`Layout.translation_path`: where the ``target`` version of a source goes;
- :meth:`Layout.translation_fields` / :meth:`Layout.source_fields`: the front matter fields the
  generator needs to pair them (``permalink``/``page_id``, ``translationKey``, ``slug``...).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import ConfigError

_SLUG_DROP = re.compile(r"[^\w\s-]")
_SLUG_JOIN = re.compile(r"[-\s]+")


@dataclass(frozen=True)
class Placement:
    """The post a file belongs to (``key``) and the language its path names (or None)."""

    key: str
    lang: str | None


@dataclass(frozen=True)
class PostInfo:
    """What a layout may look at when placing a translation."""

    rel: PurePosixPath  # source path relative to the content folder
    key: str  # the Placement key
    lang: str  # the source language
    data: dict  # the source's front matter
    in_place: bool
    lang_declared: bool = True  # the language is in the front matter or the path (not detected)


def pelican_slug(title: str) -> str:
    """Pelican's default slug for a title (``slugify`` with its default substitutions)."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    text = _SLUG_DROP.sub("", text).strip()
    return _SLUG_JOIN.sub("-", text).lower()


class Layout:
    """Base: the ``folder`` layout (default language at the root, others under ``<lang>/``)."""

    name = "folder"
    #: folders at the content root never read nor copied (generator output, dependencies)
    output_dirs: frozenset[str] = frozenset({"_site", "node_modules"})
    #: folders at the content root whose files are copied as they are, never translated
    verbatim_dirs: frozenset[str] = frozenset()
    #: read ``Key: value`` metadata headers (Pelican) as well as YAML/TOML front matter
    meta_headers = False
    #: mkdocs-static-i18n's "suffix" or "folder" (part of the settings fingerprint); "" elsewhere
    docs_structure = ""
    #: Markdown files without front matter are static files for the generator, not pages
    front_matter_required = False

    def __init__(self, locales: tuple[str, ...], default_lang: str, site_dir: Path | None = None):
        self.locales = locales
        self.default_lang = default_lang
        self.site_dir = site_dir  # the generator's own settings are read from here

    # -- placing files -------------------------------------------------------------------
    def is_content(self, rel: PurePosixPath) -> bool:
        """A Markdown file the generator publishes as a page (else it is copied as it is)."""
        return not (len(rel.parts) > 1 and rel.parts[0] in self.verbatim_dirs)

    def placement(self, rel: PurePosixPath) -> Placement:
        parts = rel.parts
        if len(parts) > 1 and parts[0] in self.locales:
            return Placement(str(PurePosixPath(*parts[1:])), parts[0])
        return Placement(str(rel), None)

    def translation_path(self, post: PostInfo, target: str) -> PurePosixPath:
        key = PurePosixPath(post.key)
        path = key if target == self.default_lang else PurePosixPath(target) / key
        if path == post.rel and (post.in_place or self.source_copy_path(post) == post.rel):
            return PurePosixPath(target) / key  # the source holds that place
        return path

    def source_copy_path(self, post: PostInfo) -> PurePosixPath:
        """Where the cleaned source goes in an output folder: its own path, unless that path
        says another language (a Spanish ``x.md`` at the root of an English site goes to
        ``es/x.md``, and its English translation to ``x.md``)."""
        if self.placement(post.rel).lang is None and post.lang != self.default_lang:
            return PurePosixPath(post.lang) / post.key
        return post.rel

    # -- front matter --------------------------------------------------------------------
    def translation_fields(self, post: PostInfo, target: str) -> dict[str, Any]:
        """Fields the generator needs on a translation (beyond lang / machine_translated...)."""
        return {}

    def source_fields(self, post: PostInfo) -> dict[str, Any]:
        """Fields added to the cleaned copy of a source written to an output folder: the
        language, when it was detected (the generator reads it from the front matter)."""
        return {} if post.lang_declared else {"lang": post.lang}

    # -- other files ---------------------------------------------------------------------
    def extra_files(self, locales_used: set[str]) -> dict[str, bytes]:
        """Files the generator needs for the locales that got content (site-relative path -> bytes)."""
        return {}

    def asset_copies(self, rel: PurePosixPath, target: str) -> list[PurePosixPath]:
        """Extra places a non-Markdown file must be copied to for ``target``."""
        return []


def _suffix_placement(rel: PurePosixPath, locales: tuple[str, ...]) -> Placement:
    """``name.es.md`` -> (``name.md``, es)."""
    stem = PurePosixPath(rel.stem)
    if stem.suffix[1:] in locales:
        return Placement(str(rel.with_name(stem.stem + rel.suffix)), stem.suffix[1:])
    return Placement(str(rel), None)


def _suffix_path(key: str, target: str) -> PurePosixPath:
    key_path = PurePosixPath(key)
    return key_path.with_name(f"{key_path.stem}.{target}{key_path.suffix}")


def _suffix_source_path(layout: Layout, post: PostInfo) -> PurePosixPath:
    """``x.md`` in Spanish on an English-default site is read as English by suffix-based
    generators: its copy is named ``x.es.md``."""
    if layout.placement(post.rel).lang is None and post.lang != layout.default_lang:
        return _suffix_path(post.key, post.lang)
    return post.rel


class EleventyLayout(Layout):
    """``es/...`` per locale, with the directory data file ``es/es.json`` = ``{"lang": "es"}``."""

    name = "eleventy"
    output_dirs = frozenset({"_site", "node_modules"})
    verbatim_dirs = frozenset({"_includes", "_data"})

    def extra_files(self, locales_used: set[str]) -> dict[str, bytes]:
        return {f"{lang}/{lang}.json": (json.dumps({"lang": lang}) + "\n").encode() for lang in sorted(locales_used) if lang != self.default_lang}


class HugoLayout(Layout):
    """``name.es.md`` / ``index.es.md`` beside the source (Hugo's translation by file name)."""

    name = "hugo"
    output_dirs = frozenset({"public", "resources", "node_modules"})
    verbatim_dirs = frozenset({"themes", "layouts", "archetypes", "assets", "static", "data", "i18n"})

    def placement(self, rel: PurePosixPath) -> Placement:
        return _suffix_placement(rel, self.locales)

    def translation_path(self, post: PostInfo, target: str) -> PurePosixPath:
        return _suffix_path(post.key, target)

    def source_copy_path(self, post: PostInfo) -> PurePosixPath:
        return _suffix_source_path(self, post)

    def _key(self, post: PostInfo) -> str:
        return str(post.data.get("translationKey") or PurePosixPath(post.key).with_suffix(""))

    def translation_fields(self, post: PostInfo, target: str) -> dict[str, Any]:
        # Hugo pairs by file name; a translationKey must then be on both sides, which only an
        # output folder allows (sources are never modified), or already be on the source.
        if post.data.get("translationKey") or not post.in_place:
            return {"translationKey": self._key(post)}
        return {}

    def source_fields(self, post: PostInfo) -> dict[str, Any]:
        return {**super().source_fields(post), "translationKey": self._key(post)}


class MkDocsI18nLayout(Layout):
    """mkdocs-static-i18n: ``docs_structure: suffix`` (``name.es.md``) or ``folder`` (``es/...``)."""

    name = "mkdocs-static-i18n"
    output_dirs = frozenset({"site"})

    def __init__(self, locales: tuple[str, ...], default_lang: str, site_dir: Path | None = None, docs_structure: str = "suffix"):
        super().__init__(locales, default_lang, site_dir)
        self.docs_structure = docs_structure

    def placement(self, rel: PurePosixPath) -> Placement:
        if self.docs_structure == "suffix":
            return _suffix_placement(rel, self.locales)
        return super().placement(rel)

    def translation_path(self, post: PostInfo, target: str) -> PurePosixPath:
        if self.docs_structure == "suffix":
            return _suffix_path(post.key, target)
        return PurePosixPath(target) / post.key  # every language has its folder, the default too

    def source_copy_path(self, post: PostInfo) -> PurePosixPath:
        return _suffix_source_path(self, post) if self.docs_structure == "suffix" else post.rel


class PelicanLayout(Layout):
    """Pelican pairs articles by ``slug``; translations say ``translation: true``."""

    name = "pelican"
    output_dirs = frozenset({"output", "__pycache__"})
    verbatim_dirs = frozenset({"theme", "themes", "plugins"})
    meta_headers = True

    def placement(self, rel: PurePosixPath) -> Placement:
        return _suffix_placement(rel, self.locales)

    def translation_path(self, post: PostInfo, target: str) -> PurePosixPath:
        return _suffix_path(post.key, target)

    def _slug(self, post: PostInfo) -> str | None:
        if post.data.get("slug"):
            return str(post.data["slug"])
        title = post.data.get("title")
        return pelican_slug(str(title)) if title else None

    def source_copy_path(self, post: PostInfo) -> PurePosixPath:
        return post.rel  # Pelican reads the language from the metadata

    def translation_fields(self, post: PostInfo, target: str) -> dict[str, Any]:
        # Pelican's index lists the version not marked ``translation`` in the default language:
        # a translation *into* the default language is left unmarked so that readers of the
        # default language see it (not the Spanish original) on the index and archive pages
        slug = self._slug(post)
        return {**({"slug": slug} if slug else {}), **({"translation": True} if target != self.default_lang else {})}

    def source_fields(self, post: PostInfo) -> dict[str, Any]:
        slug = self._slug(post)
        return {**({"slug": slug} if slug else {}), "lang": post.lang}


class PolyglotLayout(Layout):
    """jekyll-polyglot: ``_posts/es/name.md`` (``_coll/es/`` for collections, ``es/`` for pages),
    ``lang: es`` and the same ``permalink`` (or ``page_id``) as the source."""

    name = "jekyll-polyglot"
    output_dirs = frozenset({"_site", "vendor", "node_modules"})
    verbatim_dirs = frozenset({"_layouts", "_includes", "_sass", "_data", "_plugins"})

    def placement(self, rel: PurePosixPath) -> Placement:
        parts = rel.parts
        if len(parts) > 2 and parts[0].startswith("_") and parts[1] in self.locales:
            return Placement(str(PurePosixPath(parts[0], *parts[2:])), parts[1])
        if len(parts) > 1 and parts[0] in self.locales:
            return Placement(str(PurePosixPath(*parts[1:])), parts[0])
        return Placement(str(rel), None)

    def translation_path(self, post: PostInfo, target: str) -> PurePosixPath:
        key = PurePosixPath(post.key)
        if key.parts[0].startswith("_") and len(key.parts) > 1:
            return PurePosixPath(key.parts[0], target, *key.parts[1:])
        return PurePosixPath(target) / key

    front_matter_required = True

    def __init__(self, locales: tuple[str, ...], default_lang: str, site_dir: Path | None = None):
        super().__init__(locales, default_lang, site_dir)
        self._site: dict[str, Any] | None = None

    def _url(self, post: PostInfo) -> str | None:
        from .jekyll_urls import jekyll_url, read_site_config

        if self._site is None:
            self._site = read_site_config(self.site_dir)
        return jekyll_url(post.key, post.data, self._site)

    def translation_fields(self, post: PostInfo, target: str) -> dict[str, Any]:
        # polyglot serves a version at /<lang> + its own URL and writes hreflang links from the
        # permalink field alone: both versions carry the source's URL as permalink (a page
        # without one would land at /es/es/...; a post's hreflang would point at the home page)
        if post.data.get("permalink"):
            return {}
        url = self._url(post)
        if url is not None:
            return {"permalink": url}
        in_collection = PurePosixPath(post.key).parts[0].startswith("_")
        if in_collection or post.data.get("page_id"):
            return {}
        return {"page_id": str(PurePosixPath(post.key).with_suffix(""))}

    def source_fields(self, post: PostInfo) -> dict[str, Any]:
        return {**super().source_fields(post), **self.translation_fields(post, post.lang)}

    def source_copy_path(self, post: PostInfo) -> PurePosixPath:
        return post.rel  # polyglot reads the language from the front matter


class DocusaurusLayout(Layout):
    """``i18n/es/docusaurus-plugin-content-blog/<same path>`` (and ``-docs/current``, ``-pages``)."""

    name = "docusaurus"
    output_dirs = frozenset({"node_modules", "build"})
    verbatim_dirs = frozenset({"static"})
    _PLUGINS = (("blog", "docusaurus-plugin-content-blog"), ("docs", "docusaurus-plugin-content-docs/current"), ("src/pages", "docusaurus-plugin-content-pages"))

    def placement(self, rel: PurePosixPath) -> Placement:
        parts = rel.parts
        if len(parts) > 3 and parts[0] == "i18n" and parts[1] in self.locales:
            inner = str(PurePosixPath(*parts[2:]))
            for folder, plugin in self._PLUGINS:
                if inner.startswith(plugin + "/"):
                    return Placement(folder + inner[len(plugin) :], parts[1])
        return Placement(str(rel), None)

    def is_content(self, rel: PurePosixPath) -> bool:
        # a README.md or CHANGELOG.md beside docusaurus.config.js is no page of the site
        return self.placement(rel).lang is not None or any(str(rel).startswith(folder + "/") for folder, _ in self._PLUGINS)

    def _target(self, key: str, target: str) -> PurePosixPath | None:
        for folder, plugin in self._PLUGINS:
            if key.startswith(folder + "/"):
                return PurePosixPath("i18n", target, plugin + key[len(folder) :])
        return None

    def source_copy_path(self, post: PostInfo) -> PurePosixPath:
        # Docusaurus reads a page's language from its folder: a Spanish blog/x.md of an
        # English site is i18n/es/docusaurus-plugin-content-blog/x.md
        if self.placement(post.rel).lang is None and post.lang != self.default_lang:
            return self._target(post.key, post.lang) or post.rel
        return post.rel

    def translation_path(self, post: PostInfo, target: str) -> PurePosixPath:
        if target == self.default_lang and self.placement(post.rel).lang is not None:
            return PurePosixPath(post.key)
        if target == self.default_lang and not post.in_place:
            return PurePosixPath(post.key)  # the source's copy went to its locale's folder
        path = self._target(post.key, target)
        if path is None:
            raise ConfigError(
                f"{post.key}: Docusaurus only translates files under blog/, docs/ or src/pages/",
                hint="move the file, or exclude it in blogbabel.toml",
            )
        return path

    def asset_copies(self, rel: PurePosixPath, target: str) -> list[PurePosixPath]:
        # authors.yml (and _category_.json sidebars) must exist in each locale's folder
        if rel.name in ("authors.yml", "authors.yaml", "_category_.json", "_category_.yml") and target != self.default_lang:
            path = self._target(str(rel), target)
            return [path] if path is not None else []
        return []


_LAYOUTS = {cls.name: cls for cls in (Layout, PolyglotLayout, HugoLayout, MkDocsI18nLayout, PelicanLayout, EleventyLayout, DocusaurusLayout)}
#: the layout names, in the order ``--help`` shows them
LAYOUTS: tuple[str, ...] = tuple(_LAYOUTS)


def get_layout(name: str, locales: tuple[str, ...], default_lang: str, *, docs_structure: str = "suffix", site_dir: Path | None = None) -> Layout:
    """The layout preset called ``name`` (``site_dir``: where the generator's settings are)."""
    cls = _LAYOUTS.get(name)
    if cls is None:
        raise ConfigError(f"unknown layout {name!r}", hint="choose one of " + ", ".join(_LAYOUTS))
    if cls is MkDocsI18nLayout:
        return MkDocsI18nLayout(locales, default_lang, site_dir, docs_structure)
    return cls(locales, default_lang, site_dir)
