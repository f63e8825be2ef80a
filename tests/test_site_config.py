"""Build settings: blogbabel.toml, [tool.blogbabel], flags, and clear errors."""

from __future__ import annotations

import pytest

from blogbabel.errors import ConfigError, UnsupportedLanguageError
from blogbabel.site.config import BuildConfig, as_config, load_config


def test_defaults_need_an_output(tmp_path):
    with pytest.raises(ConfigError, match="no output folder"):
        load_config(tmp_path)
    config = load_config(tmp_path, in_place=True)
    assert config.locales == ("en", "es") and config.layout == "folder" and config.site_root == tmp_path.resolve()
    assert config.memory_path == tmp_path.resolve() / ".blogbabel" / "tm.sqlite"


def test_blogbabel_toml_then_flags(tmp_path):
    (tmp_path / "blogbabel.toml").write_text('locales = "es,en"\nlayout = "hugo"\noutput = "public-md"\njobs = 2\n[notice_text]\nes = "Traducido."\n')
    config = load_config(tmp_path)
    assert config.locales == ("es", "en") and config.layout == "hugo" and config.jobs == 2
    assert config.output_dir == tmp_path.resolve() / "public-md"
    assert config.notice_text == {"es": "Traducido."}
    flagged = load_config(tmp_path, layout="pelican", jobs=None, no_cache=True)
    assert flagged.layout == "pelican" and flagged.jobs == 2 and flagged.cache is False and flagged.memory_path is None


def test_pyproject_tool_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.blogbabel]\nin_place = true\nlayout = "eleventy"\n')
    config = load_config(tmp_path)
    assert config.in_place and config.layout == "eleventy"


@pytest.mark.parametrize(
    "text, message",
    [
        ("colour = 1\n", "unknown setting 'colour'"),
        ("jobs = 0\n", "jobs must be a positive integer"),
        ('layout = "gatsby"\n', "unknown layout"),
        ("in_place = 'yes'\n", "in_place must be true or false"),
        ("locales = [\n", "invalid TOML"),
    ],
)
def test_bad_settings_name_the_file(tmp_path, text, message):
    (tmp_path / "blogbabel.toml").write_text(text)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(tmp_path, output_dir=str(tmp_path / "out"))
    assert info.value.path.endswith("blogbabel.toml")


@pytest.mark.parametrize("locales", ["en,fr", "en,../../x", "klingon"])
def test_unsupported_or_invalid_locales(tmp_path, locales):
    with pytest.raises(UnsupportedLanguageError):
        load_config(tmp_path, in_place=True, locales=locales)


def test_output_must_differ_from_content(tmp_path):
    with pytest.raises(ConfigError, match="is the content folder"):
        load_config(tmp_path, output_dir=str(tmp_path))
    with pytest.raises(ConfigError, match="both given"):
        load_config(tmp_path, output_dir=str(tmp_path / "o"), in_place=True)


def test_as_config_accepts_mapping_path_and_config(tmp_path):
    from_mapping = as_config({"content_dir": str(tmp_path), "output_dir": str(tmp_path / "out"), "layout": "hugo"})
    assert from_mapping.layout == "hugo"
    ready = BuildConfig(content_dir=tmp_path, in_place=True)
    assert as_config(ready) is ready
    (tmp_path / "blogbabel.toml").write_text("in_place = true\n")
    assert as_config(tmp_path).in_place


def test_markdown_settings_reach_the_translation_core(tmp_path):
    from blogbabel.markdown.patterns import DEFAULT_CODE_TAGS
    from blogbabel.site.build import _translate_options

    (tmp_path / "blogbabel.toml").write_text(
        'in_place = true\ncode_tags = ["tabs", "highlight"]\ntranslatable_params = ["label"]\nfront_matter_keys = "title,menu"\n'
    )
    config = load_config(tmp_path)
    options = _translate_options(config)
    assert options.code_tags == DEFAULT_CODE_TAGS + ("tabs",)
    assert options.translatable_params == ("label",) and options.front_matter_keys == ("title", "menu")
    assert options.translatable_attributes == _translate_options(load_config(tmp_path, translatable_attributes=None)).translatable_attributes
