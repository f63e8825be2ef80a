"""Front matter fields set by line edits: everything else stays byte-identical."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from blogbabel.errors import FrontMatterError
from blogbabel.markdown.frontmatter import read_header
from blogbabel.markdown.frontmatter_edit import insert_after_header, meta_as_yaml, set_fields, yaml_back_to_meta

YAML_POST = """---
title: "Robots that paint"   # keep this comment
lang: en
tags:
  - ai
  - art
---
Body text.
"""

TOML_POST = """+++
title = "Notes"  # a comment
lang = 'en'
[params]
lang = "inner"
+++
Body.
"""

META_POST = """Title: Birds of the river
Date: 2023-05-02
Lang: es

Esta mañana salí temprano.
"""


def test_yaml_replace_keeps_comments_and_other_lines():
    out = set_fields(YAML_POST, {"lang": "es", "machine_translated": True})
    assert out.splitlines()[1] == YAML_POST.splitlines()[1]
    assert "lang: es\n" in out and "machine_translated: true\n---\n" in out
    assert out.replace("lang: es", "lang: en").replace("machine_translated: true\n", "") == YAML_POST


def test_yaml_block_value_replaced_by_scalar():
    out = set_fields(YAML_POST, {"tags": "none"})
    assert yaml.safe_load(out.split("---")[1])["tags"] == "none"
    assert out.endswith("---\nBody text.\n")


def test_yaml_quotes_what_would_change_meaning():
    out = set_fields("---\na: 1\n---\n", {"slug": "yes", "title": "a: b", "n": "007", "plain": "robots-that-paint"})
    data = read_header(out).data
    assert data == {"a": 1, "slug": "yes", "title": "a: b", "n": "007", "plain": "robots-that-paint"}
    assert "plain: robots-that-paint\n" in out


def test_toml_top_level_only_and_added_before_first_table():
    out = set_fields(TOML_POST, {"lang": "es", "machine_translated": True})
    data = read_header(out).data
    assert data["lang"] == "es" and data["params"]["lang"] == "inner" and data["machine_translated"] is True
    assert 'title = "Notes"  # a comment' in out
    assert out.index("machine_translated = true") < out.index("[params]")


def test_meta_headers_keep_their_syntax():
    out = set_fields(META_POST, {"lang": "en", "translation": True}, meta_headers=True)
    assert out.startswith("Title: Birds of the river\nDate: 2023-05-02\nLang: en\ntranslation: true\n\nEsta")


def test_no_header_gets_one_and_crlf_is_kept():
    assert set_fields("Hello\r\n", {"lang": "es"}) == "---\r\nlang: es\r\n---\r\nHello\r\n"
    assert set_fields("Hello\n", {"lang": "es"}, create="toml") == '+++\nlang = "es"\n+++\nHello\n'


def test_notice_goes_between_blank_lines():
    assert insert_after_header("---\na: 1\n---\n\nBody\n", "*N*") == "---\na: 1\n---\n\n*N*\n\nBody\n"
    assert insert_after_header("---\na: 1\n---\nBody\n", "*N*") == "---\na: 1\n---\n\n*N*\n\nBody\n"
    assert insert_after_header(META_POST, "*N*", meta_headers=True).startswith("Title: Birds of the river\nDate: 2023-05-02\nLang: es\n\n*N*\n\nEsta")


def test_meta_round_trip_through_yaml():
    header = read_header(META_POST, meta_headers=True)
    wrapped = meta_as_yaml(META_POST, header)
    assert read_header(wrapped).data["title"] == "Birds of the river"
    translated = wrapped.replace("Birds of the river", "Aves del río: notas")
    back = yaml_back_to_meta(translated, META_POST, header)
    assert back == META_POST.replace("Birds of the river", "Aves del río: notas")


def test_broken_front_matter_names_the_line():
    with pytest.raises(FrontMatterError) as info:
        set_fields("---\ntitle: [unclosed\nlang: en\n---\n", {"lang": "es"}, path="post.md")
    assert info.value.path == "post.md" and info.value.line is not None


_keys = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=8)
_values = st.one_of(st.booleans(), st.integers(-999, 999), st.text(alphabet=string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", ""), max_size=20))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, _values, max_size=4), st.sampled_from(["yaml", "toml"]))
def test_set_fields_sets_exactly_those_fields(fields, fmt):
    post = YAML_POST if fmt == "yaml" else TOML_POST
    before = read_header(post).data
    out = set_fields(post, fields)
    after = read_header(out).data
    for key, value in fields.items():
        expected = value.replace("\n", " ") if isinstance(value, str) else value
        assert after[key] == expected or (isinstance(value, str) and after[key] == value)
    assert {k: v for k, v in after.items() if k not in fields} == {k: v for k, v in before.items() if k not in fields}
    assert out.endswith(post[read_header(post).body_start:])
