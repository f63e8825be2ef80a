"""Constructs of real sites that need more than a case file: options, BOM input, repair
protection from the one pattern library, and linear time on hostile input."""

from __future__ import annotations

import re

import pytest
from blogbabel.markdown.inline import OPAQUE, tokenize
from blogbabel.markdown.segments import extract_segments
from blogbabel.repair import clean_markdown
from blogbabel.translate.job import TranslateOptions, translate_markdown, translate_post
from markdown_it import MarkdownIt
from support.markers import FunctionTranslator, MarkerTranslator
from support.shape import grows_linearly

NO_CLEAN = TranslateOptions(clean=False)


def _marker(text: str, options: TranslateOptions = NO_CLEAN) -> str:
    return translate_markdown(text, source="en", target="es", translator=MarkerTranslator(), options=options)


def test_library_input_with_a_bom_keeps_its_front_matter():
    text = "\ufeff---\ntitle: Plants\nlayout: post\n---\nWater them.\n"
    assert _marker(text) == "\ufeff---\ntitle: «Plants»\nlayout: post\n---\n«Water them.»\n"


def test_hugo_and_mdn_title_keys_are_translated_by_default():
    text = "---\ntitle: Plants\nlinkTitle: Plants\nshort-title: Water\nslug: plants\n---\nBody.\n"
    out = _marker(text)
    assert "linkTitle: «Plants»" in out and "short-title: «Water»" in out and "slug: plants" in out


def test_translatable_keys_and_parameters_are_settings():
    text = '---\nmenu_title: Garden\n---\n{{< note label="Careful" caption="Hot" >}}\n'
    options = TranslateOptions(clean=False, front_matter_keys=("menu_title",), translatable_params=("label",))
    out = _marker(text, options)
    assert "menu_title: «Garden»" in out and 'label="«Careful»"' in out and 'caption="Hot"' in out


@pytest.mark.parametrize("tags", [True, False], ids=["tags", "pieces"])
@pytest.mark.parametrize(
    "url",
    ["https://github.com/{{ site.repository }}/issues/new", "https://example.org/{{ page.lang }}/{% link docs/a.md %}#top", "https://x.org/{{site.a}}/b"],
)
def test_a_bare_url_through_template_tags_with_spaces_is_one_protected_token(url, tags):
    """Jekyll sites write ``https://github.com/{{ site.repository }}/…`` with spaces inside the
    tag: the URL goes on through the tag, and nothing of it reaches the translator."""
    text = f"Report bugs at {url} today.\n"
    assert url in [text[t.start : t.end] for t in tokenize(text) if t.kind == OPAQUE]
    translator = MarkerTranslator(tags)
    out = translate_markdown(text, source="en", target="es", translator=translator, options=NO_CLEAN)
    assert url in out
    sent = [re.sub(r"</?[xg]\d+/?>", "", unit) for unit in translator.calls[0]]
    assert sent == (["Report bugs at  today."] if tags else ["Report bugs at", "today."])


@pytest.mark.parametrize(
    "row, expected",
    [
        # (Hugo/goldmark and kramdown read it as the table's attributes; markdown-it as a row)
        ("{.td-initial .table-dark}", "{.td-initial .table-dark}"),
        # (GFM shows the cells a header has and drops the rest: hugoDocs' methods/page/Render)
        ("Ferns like it.|Roses too.|Not shown.", "«Ferns like it.»|«Roses too.»|Not shown."),
        ("Only one cell.", "«Only one cell.»"),
    ],
)
def test_table_rows_with_more_or_fewer_cells_than_the_header(row, expected):
    text = "Plant|Light\n:--|:--\n" + row + "\n"
    result = translate_post(text, source="en", target="es", translator=MarkerTranslator(), options=NO_CLEAN)
    assert result.text == "«Plant»|«Light»\n:--|:--\n" + expected + "\n"
    assert result.warnings == []


def test_a_site_declared_code_tag_is_never_translated():
    text = "{% tabs %}\nThis is code.\n\nMore code.\n{% endtabs %}\n"
    assert _marker(text) == "{% tabs %}\n«This is code.»\n\n«More code.»\n{% endtabs %}\n"
    code = TranslateOptions(clean=False, code_tags=("tabs",))
    assert _marker(text, code) == text


def test_repair_keeps_math_attribute_lists_and_code_tags_byte_identical():
    text = "El cafÃ© es bueno: $x_{Ã©}$ y {: .clase-Ã©}\n\n{% highlight sh %}\necho \"cafÃ©\"\n\n{% endhighlight %}\n"
    out = clean_markdown(text, lang="es").text
    assert out.startswith("El café es bueno: $x_{Ã©}$ y {: .clase-Ã©}")
    assert 'echo "cafÃ©"' in out


@pytest.mark.slow
def test_every_pathological_shape_stays_linear():
    shapes = ["[a" * 800, "[ (](" * 800, "[" * 800 + "a" + "]" * 800, "{% a " * 800, "{{< a " * 800,
              "[a](<b" * 800, "[a](b" * 800, "*a **a " * 400 + "b" + " a** a*" * 400,
              "".join("e" + "`" * i for i in range(1, 120)), "<!-- " * 800, "$$ " * 800, "\\( " * 800,
              "[a](b \"" * 800, "<code>" * 800]
    for shape in shapes:
        grows_linearly(tokenize, shape, shape * 8)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("head", "repeated"),
    [("<div>\n", "<!-- a\n"), ("", "<!-- a "), ("| a | b |\n|---|---|\n", "| c | d |\n")],
    ids=["unclosed comments in an HTML block", "unclosed comments as the block", "table rows"],
)
def test_block_shapes_stay_linear(head, repeated):
    # each unclosed comment of an HTML block was searched for a close to the block's end, and
    # counting a table row's cells copied the rest of the post's tokens: 8,000 comments took
    # 4.6 s and 8,000 rows 2.1 s (1,000 of each: 0.11 s and 0.06 s)
    grows_linearly(_marker, head + repeated * 1_000, head + repeated * 8_000)


@pytest.mark.slow
@pytest.mark.parametrize("repeated", ["/x ", "x.md/", "https://a.b/c ", "a@b.co "])
def test_a_paragraph_of_paths_urls_or_addresses_stays_linear(repeated):
    # each one made the scanner search again for its next stop, which lay at the text's end:
    # 80,000 "/x " took 20 s (0.18 s now)
    grows_linearly(_marker, repeated * 2_000, repeated * 16_000)


@pytest.mark.slow
@pytest.mark.parametrize("shape", [("*a **a ", "b", " a** a*"), ("**a ", "b", " a**")])
def test_translating_deeply_nested_emphasis_stays_linear(shape):
    # putting the answer back read the whole sentence so far for each span, and checked each
    # span for emptiness by scanning to its close: 8,000 nested pairs took 209 s
    opener, middle, closer = shape
    grows_linearly(_marker, opener * 300 + middle + closer * 300, opener * 2400 + middle + closer * 2400)


@pytest.mark.slow
def test_a_long_paragraph_of_sentences_opening_with_bold_stays_linear():
    # each sentence is a span at a sentence start, whose capital is checked against the source
    sentence = "**Bold** words here. "
    grows_linearly(_marker, sentence * 1_000, sentence * 8_000)


@pytest.mark.slow
@pytest.mark.parametrize("line", ["{% a " * 400 + "cafÃ© Ã©tÃ©", "cafÃ© " + "{% a " * 400 + "Ã©tÃ©"])
def test_repairing_a_long_line_of_repeated_tokens_stays_linear(line):
    # the repair maps ftfy's fix back onto the line with a diff, which difflib makes quadratic
    # on repeated tokens: 5,000 unclosed "{% a " and one mojibake word took 45 s
    def repaired(text: str) -> None:
        assert "café" in clean_markdown(text, lang="es").text

    grows_linearly(repaired, line + "\n", line.replace("{% a " * 400, "{% a " * 3200) + "\n")


@pytest.mark.parametrize("text", ["Price: $5 and $6.", "Use © and ® freely."])
def test_prose_with_dollars_and_signs_keeps_its_words(text):
    tokens = tokenize(text)
    assert any(t.kind != OPAQUE for t in tokens)
    assert [s.text for s in extract_segments(text)] == [text]


def test_a_rewrapped_paragraph_never_turns_its_first_line_into_a_fence():
    """A line that starts with four backticks is a paragraph only because its info string holds
    a backtick (es.javascript.info's ```` ````smart header="…`switch`…" ````): a translation
    whose line break moves must not cut that line before the backtick."""
    text = '````smart header="Any expression can be a `switch/case` argument"\nBoth `switch` and `case` allow any expression.\n'
    out = translate_markdown(text, source="en", target="es", translator=FunctionTranslator(lambda s: s.replace("Both", "Both of them")), options=NO_CLEAN)
    first = out.split("\n", 1)[0]
    assert "`switch/case`" in first and "<pre>" not in MarkdownIt("commonmark").render(out)
