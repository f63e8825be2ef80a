"""The glossary: shipped terms, site files, whole-word longest-first matching."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blogbabel.errors import ConfigError
from blogbabel.translate.glossary import load_glossary, parse_glossary


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def found(glossary, text, source="en", target="es"):
    return [(text[a:b], r) for a, b, r in glossary.find_terms(text, source, target)]


def test_shipped_glossary_protects_names_and_forces_pairs(glossary):
    terms = set(glossary.protected_terms())
    assert {"Dall-E", "OpenAI", "GitHub", "Jekyll", "Hugo", "MkDocs", "Markdown", "Python"} <= terms
    assert glossary.forced_terms("en", "es")["blog post"] == "entrada de blog"
    assert glossary.forced_terms("es", "en")["entrada de blog"] == "blog post"
    assert glossary.forced_terms("en", "de") == {}


def test_whole_words_exact_case_longest_first(glossary):
    text = "I used Dall-E 2, then DALL-E, from OpenAI's site on GitHub Pages; Pythonic python Python."
    assert found(glossary, text) == [
        ("Dall-E 2", None), ("DALL-E", None), ("OpenAI", None), ("GitHub Pages", None), ("Python", None)
    ]


def test_forced_terms_match_a_capitalised_first_word(glossary):
    assert found(glossary, "Blog post: my first blog posts.") == [
        ("Blog post", "Entrada de blog"), ("blog posts", "entradas de blog")
    ]
    assert found(glossary, "Mi primera entrada de blog sobre Jekyll.", "es", "en") == [
        ("entrada de blog", "blog post"), ("Jekyll", None)
    ]


def test_site_file_adds_terms(tmp_path):
    site = tmp_path / "glossary.toml"
    site.write_text('protected = ["Ana Pérez"]\n[forced.es-en]\n"cuadro" = "painting"\n', encoding="utf-8")
    glossary = load_glossary([site])
    assert "Ana Pérez" in glossary.protected_terms() and "Python" in glossary.protected_terms()
    assert found(glossary, "Un cuadro de Ana Pérez.", "es", "en") == [("cuadro", "painting"), ("Ana Pérez", None)]


def test_invalid_files_are_config_errors_with_location(tmp_path):
    bad = tmp_path / "glossary.toml"
    bad.write_text('protected = ["a"]\n[forced.en-es\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_glossary([bad])
    assert info.value.path == str(bad) and info.value.line == 2
    with pytest.raises(ConfigError, match="unknown glossary keys: protect"):
        parse_glossary('protect = ["a"]')
    with pytest.raises(ConfigError, match=r"\[forced.en\]"):
        parse_glossary('[forced.en]\n"a" = "b"')
    with pytest.raises(ConfigError, match="not found"):
        load_glossary([tmp_path / "missing.toml"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Dall-E", "Dall-E 2", "GitHub", "Python", "blog post", "Blog", "post", "x", " ", ",", "-", "é"]), max_size=20))
def test_matches_are_ordered_disjoint_whole_words(glossary, words):
    text = "".join(words)
    previous_end = 0
    for start, end, _ in glossary.find_terms(text, "en", "es"):
        assert previous_end <= start < end
        assert not (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"))
        assert not (end < len(text) and (text[end].isalnum() or text[end] == "_"))
        previous_end = end
