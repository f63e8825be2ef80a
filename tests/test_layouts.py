"""Layout presets: where each generator expects each locale, and how they pair."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from blogbabel.errors import ConfigError
from blogbabel.site.layouts import PostInfo, get_layout, pelican_slug

LOCALES = ("en", "es")


def post(layout, rel, lang="en", data=None, in_place=False):
    key = layout.placement(PurePosixPath(rel)).key
    return PostInfo(PurePosixPath(rel), key, lang, data or {}, in_place)


@pytest.mark.parametrize(
    "name, rel, expected",
    [
        ("jekyll-polyglot", "_posts/2023-03-14-robots.md", "_posts/es/2023-03-14-robots.md"),
        ("jekyll-polyglot", "_ai/robots.md", "_ai/es/robots.md"),
        ("jekyll-polyglot", "about.md", "es/about.md"),
        ("hugo", "content/posts/robots.md", "content/posts/robots.es.md"),
        ("hugo", "posts/robots/index.md", "posts/robots/index.es.md"),
        ("mkdocs-static-i18n", "guide/setup.md", "guide/setup.es.md"),
        ("pelican", "2023/robots.md", "2023/robots.es.md"),
        ("eleventy", "posts/robots.md", "es/posts/robots.md"),
        ("docusaurus", "blog/2023-03-14-robots.md", "i18n/es/docusaurus-plugin-content-blog/2023-03-14-robots.md"),
        ("docusaurus", "docs/intro.md", "i18n/es/docusaurus-plugin-content-docs/current/intro.md"),
        ("folder", "posts/robots.md", "es/posts/robots.md"),
    ],
)
def test_translation_paths(name, rel, expected):
    layout = get_layout(name, LOCALES, "en")
    assert str(layout.translation_path(post(layout, rel), "es")) == expected


@pytest.mark.parametrize("name", ["folder", "jekyll-polyglot", "hugo", "mkdocs-static-i18n", "pelican", "eleventy", "docusaurus"])
@pytest.mark.parametrize("rel", ["_posts/2023-01-01-a.md", "blog/a/index.md", "docs/x/y.md", "about.md", "blog/es-notes.md"])
def test_translation_placed_back_in_the_same_post(name, rel):
    """A translation's path is recognised as the same post, in the target language."""
    layout = get_layout(name, LOCALES, "en")
    if name == "docusaurus" and not rel.startswith(("blog/", "docs/")):
        with pytest.raises(ConfigError):
            layout.translation_path(post(layout, rel), "es")
        return
    source = post(layout, rel)
    for target in ("es", "en"):
        path = layout.translation_path(source, target)
        assert path != source.rel or target == "en"
        placement = layout.placement(path)
        assert placement.key == source.key
        assert placement.lang in (target, None)


def test_mkdocs_folder_structure_and_spanish_source_renamed_for_suffix_generators():
    folder = get_layout("mkdocs-static-i18n", LOCALES, "en", docs_structure="folder")
    assert str(folder.translation_path(post(folder, "en/guide.md"), "es")) == "es/guide.md"
    hugo = get_layout("hugo", LOCALES, "en")
    spanish = post(hugo, "posts/aves.md", lang="es")
    assert str(hugo.source_copy_path(spanish)) == "posts/aves.es.md"
    assert str(hugo.translation_path(spanish, "en")) == "posts/aves.en.md"


def test_pairing_fields():
    hugo = get_layout("hugo", LOCALES, "en")
    assert hugo.translation_fields(post(hugo, "posts/a.md"), "es") == {"translationKey": "posts/a"}
    assert hugo.translation_fields(post(hugo, "posts/a.md", in_place=True), "es") == {}
    assert hugo.translation_fields(post(hugo, "posts/a.md", data={"translationKey": "k"}, in_place=True), "es") == {"translationKey": "k"}
    pelican = get_layout("pelican", LOCALES, "en")
    p = post(pelican, "a.md", data={"title": "Robots that paint 🎨 — día"})
    assert pelican.translation_fields(p, "es") == {"slug": "robots-that-paint-dia", "translation": True}
    # into the default language: unmarked, so Pelican's index shows it rather than the original
    assert pelican.translation_fields(post(pelican, "b.md", lang="es", data={"title": "Hola"}), "en") == {"slug": "hola"}
    assert pelican.source_fields(p) == {"slug": "robots-that-paint-dia", "lang": "en"}
    polyglot = get_layout("jekyll-polyglot", LOCALES, "en")
    # the URL Jekyll gives the source (default permalink style "date") on both versions
    assert polyglot.translation_fields(post(polyglot, "about.md"), "es") == {"permalink": "/about.html"}
    assert polyglot.translation_fields(post(polyglot, "about.md", data={"permalink": "/about/"}), "es") == {}
    assert polyglot.translation_fields(post(polyglot, "_posts/2023-01-01-a.md"), "es") == {"permalink": "/2023/01/01/a.html"}
    assert polyglot.translation_fields(post(polyglot, "_drafts/x.md"), "es") == {}


def test_extra_files_and_asset_copies():
    eleventy = get_layout("eleventy", LOCALES, "en")
    assert eleventy.extra_files({"en", "es"}) == {"es/es.json": b'{"lang": "es"}\n'}
    docusaurus = get_layout("docusaurus", LOCALES, "en")
    assert docusaurus.asset_copies(PurePosixPath("blog/authors.yml"), "es") == [PurePosixPath("i18n/es/docusaurus-plugin-content-blog/authors.yml")]
    assert docusaurus.asset_copies(PurePosixPath("blog/cover.png"), "es") == []


def test_pelican_slug_matches_pelican():
    pelican_utils = pytest.importorskip("pelican.utils")
    subs = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
    for title in ["Robots that paint 🎨", "Cuaderno de campo: pájaros del río", "  A -- b  ", "¿Quién? ¡Yo!"]:
        assert pelican_slug(title) == pelican_utils.slugify(title, regex_subs=subs)


def test_unknown_layout():
    with pytest.raises(ConfigError, match="unknown layout"):
        get_layout("gatsby", LOCALES, "en")


@pytest.mark.parametrize(
    "key, data, style, url",
    [
        ("colophon.md", {}, "/blog/:year/:title/", "/colophon/"),  # a style ending in / makes pages pretty
        ("colophon.md", {}, "date", "/colophon.html"),
        ("docs/index.md", {}, "pretty", "/docs/"),
        ("docs/setup.md", {}, "pretty", "/docs/setup/"),
        ("_posts/2024-02-03-Greenhouse-Sensors.md", {}, "/blog/:year/:title/", "/blog/2024/Greenhouse-Sensors/"),
        ("_posts/2024-02-03-a.md", {"date": "2024-03-01 10:00", "categories": "Garden tools"}, "date", "/garden/tools/2024/03/01/a.html"),
        ("_posts/2024-02-03-a.md", {"slug": "b"}, "pretty", "/2024/02/03/b/"),
        ("_posts/2024-02-03-a.md", {}, "none", "/a.html"),
        ("_posts/2024-02-03-a.md", {}, "/:year/:weird/", None),  # a placeholder we cannot fill
    ],
)
def test_jekyll_urls_follow_jekyll(key, data, style, url):
    from blogbabel.site.jekyll_urls import jekyll_url

    assert jekyll_url(key, data, {"permalink": style}) == url


def test_polyglot_reads_the_site_permalink_style(tmp_path):
    (tmp_path / "_config.yml").write_text("permalink: pretty\n", encoding="utf-8")
    polyglot = get_layout("jekyll-polyglot", LOCALES, "en", site_dir=tmp_path)
    assert polyglot.translation_fields(post(polyglot, "colophon.md"), "es") == {"permalink": "/colophon/"}
