"""The MkDocs and Pelican plugins: thin adapters over build_site (identity backend, fast)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_mkdocs_plugin_is_registered_and_reads_i18n_settings(tmp_path):
    pytest.importorskip("mkdocs_static_i18n")
    from importlib.metadata import entry_points

    from mkdocs.config import load_config

    from blogbabel.integrations.mkdocs_plugin import BlogbabelPlugin

    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "blogbabel"]
    assert entry.load() is BlogbabelPlugin
    shutil.copytree(FIXTURES / "site", tmp_path / "docs", ignore=shutil.ignore_patterns(".blogbabel"))
    yml = (FIXTURES / "generators/mkdocs/mkdocs.yml").read_text().replace("backend: apertium", "backend: identity")
    (tmp_path / "mkdocs.yml").write_text(yml)
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    plugin = config.plugins["blogbabel"]
    assert plugin.report.exit_code == 0
    out = Path(config.docs_dir)
    assert out == tmp_path / ".blogbabel/mkdocs/docs"
    assert (out / "about.es.md").is_file() and (out / "_posts/2023-05-02-cuaderno-de-campo.en.md").is_file()
    assert str(tmp_path / "docs") in config.watch
    assert not (tmp_path / "docs/about.es.md").exists()  # the docs themselves are untouched


def test_mkdocs_warns_about_the_material_blog_plugin():
    from blogbabel.integrations.mkdocs_plugin import incompatible_plugins

    assert "#283" in incompatible_plugins({"i18n", "material/blog", "blogbabel"})
    assert incompatible_plugins({"i18n", "search"}) is None


def test_pelican_reader_takes_yaml_toml_and_meta_headers(tmp_path):
    pytest.importorskip("pelican")
    from pelican.settings import DEFAULT_CONFIG

    from blogbabel.integrations.pelican_plugin import _yaml_reader_class

    reader = _yaml_reader_class()(dict(DEFAULT_CONFIG))
    yaml_post = tmp_path / "a.md"
    yaml_post.write_text("---\ntitle: Robots that paint\ndate: 2023-03-14\ntags: [ai, art]\nlang: en\n---\nA *robot* paints.\n")
    content, meta = reader.read(str(yaml_post))
    assert meta["title"] == "Robots that paint" and meta["lang"] == "en" and [str(t) for t in meta["tags"]] == ["ai", "art"]
    assert "<em>robot</em>" in content and "---" not in content
    toml_post = tmp_path / "b.md"
    toml_post.write_text('+++\ntitle = "Notes"\ndate = 2023-07-08\n+++\nBody.\n')
    assert reader.read(str(toml_post))[1]["title"] == "Notes"
    meta_post = tmp_path / "c.md"
    meta_post.write_text("Title: Aves del río\nDate: 2023-05-02\nLang: es\n\nCuerpo.\n")
    content, meta = reader.read(str(meta_post))
    assert meta["title"] == "Aves del río" and meta["lang"] == "es" and "Cuerpo" in content


def test_pelican_plugin_builds_and_points_pelican_at_the_output(tmp_path):
    pytest.importorskip("pelican")
    from pelican.settings import read_settings

    from blogbabel.integrations import pelican_plugin

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", content, ignore=shutil.ignore_patterns(".blogbabel"))
    # a Pelican-style post with Key: value metadata next to the YAML ones
    (content / "aves.md").write_text("Title: Aves del río\nDate: 2023-05-02\nLang: es\n\nVi tres garzas en el río.\n", encoding="utf-8")
    settings = read_settings(override={"PATH": str(content), "BLOGBABEL": {"backend": "identity"}})

    class FakePelican:  # what the initialized signal passes: the settings and the content path
        def __init__(self):
            self.settings, self.path = settings, settings["PATH"]

    pelican = FakePelican()
    pelican_plugin.build_content(pelican)
    out = tmp_path / ".blogbabel/pelican/content"
    assert Path(pelican.path) == out.resolve() == Path(settings["PATH"])
    translated = (out / "aves.en.md").read_text(encoding="utf-8")
    # into the default language: not marked ``translation``, so Pelican's index lists it
    assert translated.startswith("Title: Aves del río\nDate: 2023-05-02\nLang: en\nslug: aves-del-rio\ntranslation_of: aves.md\n")
    assert "translation_of: aves.md" in translated and "---" not in translated
    assert "slug: aves-del-rio" in (out / "aves.md").read_text(encoding="utf-8")  # Pelican pairs by slug
