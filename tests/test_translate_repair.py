"""Translations that break placeholders, inject markup or return nonsense: the Markdown stays
valid, URLs and code are never lost, and every repair is reported."""

from __future__ import annotations

import re

import pytest

from blogbabel.errors import BackendError
from blogbabel.translate.job import TranslateOptions, prepare_translation, translate_post
from support.markers import FunctionTranslator

NO_CLEAN = TranslateOptions(clean=False)
POST = (
    "---\ntitle: A title\n---\n\n"
    "See the [guide](https://example.com/guide \"The guide\") and run `make test` before *every* release.\n\n"
    "<figure><img src=\"/a.png\" alt=\"A cat\"><figcaption>A cat on a mat</figcaption></figure>\n"
)


def run(function, text=POST, tags=True):
    return translate_post(text, source="en", target="es", translator=FunctionTranslator(function, tags), options=NO_CLEAN)


def test_lost_opaque_placeholder_is_reattached_and_reported():
    post = run(lambda t: re.sub(r"<x\d+/>", "", t).upper())
    assert "`make test`" in post.text and "(https://example.com/guide" in post.text
    assert any(w.kind == "placeholder" for w in post.warnings)


def test_duplicated_placeholders_are_dropped():
    post = run(lambda t: t.replace("<x2/>", "<x2/> <x2/>"))
    assert post.text.count("`make test`") == 1


def test_broken_paired_markup_keeps_the_source_sentence():
    post = run(lambda t: t.replace("</g1>", "") if "<g1>" in t else "traducido")
    assert "See the [guide](https://example.com/guide \"traducido\") and run `make test` before *every* release." in post.text
    assert any("paired markup" in w.message for w in post.warnings)


def test_misnested_pairs_fall_back():
    post = run(lambda t: "<g1>a <g3>b</g1> c</g3>" if "<g3>" in t else t)
    assert "*every*" in post.text and "[guide](https://example.com/guide" in post.text


def test_empty_translation_keeps_source_and_warns():
    post = run(lambda t: "")
    assert "A cat on a mat" in post.text
    assert any(w.kind == "empty" for w in post.warnings)


def test_wrong_number_of_results_is_a_backend_error():
    job = prepare_translation(POST, source="en", target="es", options=NO_CLEAN)
    with pytest.raises(BackendError, match="results for"):
        job.finish(job.texts[:-1])


def test_markup_in_translations_is_escaped_where_it_lands():
    from markdown_it import MarkdownIt

    evil = '<script>alert("x")</script> & *bold* [link](http://evil) &amp;'
    for tags in (True, False):
        post = run(lambda t: evil, tags=tags)
        body = post.text.split("---\n", 2)[2]
        html = MarkdownIt("commonmark", {"html": True}).render(body)
        assert "<script" not in html and "<em>bold" not in html and 'href="http://evil"' not in html
        assert "<figcaption>&lt;script&gt;" in body  # HTML text
        assert 'alt="&lt;script&gt;alert(&quot;x&quot;)' in body  # attribute
        front = post.text.split("---\n", 2)[1]
        assert front.startswith("title: \"&lt;script>alert(") and "<script" not in front  # templates print titles as HTML


def test_translation_starting_with_a_list_marker_does_not_create_a_list():
    post = run(lambda t: "- 1. # no", text="Hello there.\n")
    assert post.text == "\\- 1. # no\n"


def test_placeholders_with_spaces_or_capitals_are_understood():
    post = run(lambda t: t.replace("<x1/>", "< X1 />").replace("<g1>", "<G1>"), text="Run `x` for <b>all</b> of *it* now.\n")
    assert post.text.count("`x`") == 1 and "*it*" in post.text


def test_apertium_style_expanded_empty_tags_are_accepted():
    post = run(lambda t: t.replace("<x1/>", "<x1></x1>"), text="Run `x` now.\n")
    assert post.text == "Run `x` now.\n" and not post.warnings


def test_html_tags_reordered_by_a_translation_fall_back():
    text = "<p>Click <b>here</b> or <i>there</i> please.</p>\n"
    post = run(lambda t: "<x3/>x<x4/> <x1/>y<x2/>" if "<x1/>" in t else t, text=text)
    assert post.text == text
