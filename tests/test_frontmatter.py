"""Front matter: detection, errors with line numbers, values re-quoted in their own style."""

from __future__ import annotations

import pytest

from blogbabel.errors import FrontMatterError
from blogbabel.markdown.frontmatter import split_front_matter, translatable_fields
from blogbabel.translate.job import TranslateOptions, translate_markdown
from markers import MarkerTranslator

NO_CLEAN = TranslateOptions(clean=False)


def marked(text: str) -> str:
    return translate_markdown(text, source="en", target="es", translator=MarkerTranslator(), options=NO_CLEAN)


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("---\ntitle: ok\nbad: [unclosed\n---\nbody\n", 4, "invalid YAML"),
        ("---\ntitle: ok\nno closing line\n", 1, "never closed"),
        ("---\n- a list\n- not a mapping\n---\nbody\n", 2, "must be a mapping"),
        ("+++\ntitle = 'ok'\nbad = \n+++\nbody\n", 3, "invalid TOML"),
        ("---\ntitle: !!python/object:os.system echo\n---\n", 2, "invalid YAML"),
    ],
)
def test_broken_front_matter_names_the_line(text, line, message):
    with pytest.raises(FrontMatterError, match=message) as info:
        split_front_matter(text, "post.md")
    assert info.value.line == line and info.value.path == "post.md"
    assert str(info.value).startswith(f"post.md:{line}: ")


def test_yaml_styles_are_kept():
    text = (
        "---\n"
        "title: Plain title\n"
        "subtitle: 'Single quoted'\n"
        'description: "Double \\"quoted\\""\n'
        "excerpt: |\n  Literal block\n  second line\n"
        "summary: >-\n  Folded\n  block\n"
        "# a comment stays\n"
        "date: 2020-01-01\n"
        "---\nBody.\n"
    )
    out = marked(text)
    assert "title: «Plain title»\n" in out
    assert "subtitle: '«Single quoted»'\n" in out
    assert 'description: "«Double \\"quoted\\"»"\n' in out
    assert "excerpt: |\n  «Literal block second line»\n" in out
    assert "summary: >-\n  «Folded block»\n" in out
    assert "# a comment stays\ndate: 2020-01-01\n---\n«Body.»\n" in out


def test_plain_yaml_values_get_quoted_when_the_translation_needs_it():
    out = translate_markdown(
        "---\ntitle: Hello\n---\n", source="en", target="es",
        translator=type("T", (), {"translate_batch": lambda self, t, s, g: ["Nota: #1 - sí"]})(), options=NO_CLEAN,
    )
    assert out == '---\ntitle: "Nota: #1 - sí"\n---\n'


def test_nested_caption_alt_title_keys_at_any_depth():
    text = "---\nheader:\n  caption: Cap\n  teaser: /t.png\ngallery:\n  - alt: One\n  - {alt: Two, url: /2.png}\nauthor: {name: Ann}\n---\n"
    fm = split_front_matter(text)
    assert [(f.path, f.value) for f in translatable_fields(text, fm)] == [
        ("header.caption", "Cap"), ("gallery[0].alt", "One"), ("gallery[1].alt", "Two"),
    ]


def test_non_string_values_and_keys_never_change():
    text = "---\ntitle: 2024\ndescription: true\nsummary: null\npermalink: /a/b/\n---\nText.\n"
    assert marked(text) == "---\ntitle: 2024\ndescription: true\nsummary: null\npermalink: /a/b/\n---\n«Text.»\n"


def test_post_that_is_only_front_matter():
    text = "---\ntitle: Only metadata\n---\n"
    assert marked(text) == "---\ntitle: «Only metadata»\n---\n"


def test_dotted_toml_keys_and_tables():
    text = '+++\ntitle = "T"\n[params]\ndescription = "not top level"\nheader.caption = "C"\n+++\n'
    out = marked(text)
    assert 'header.caption = "«C»"' in out and 'description = "not top level"' in out
