"""Property tests: Markdown generated from the constructs blogbabel must handle keeps its
structure under the identity and the marker translators."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogbabel.markdown.segments import extract_segments
from blogbabel.translate.job import TranslateOptions, translate_markdown
from support.markers import AlignedIdentityEngine, IdentityTranslator, MarkerTranslator, aligned_marker_engine
from support.rendering import tags_of

OPTIONS = TranslateOptions(clean=False)
WORDS = ["robot", "paint", "canvas", "brush", "colour", "the", "a", "blue", "quickly", "árbol", "niño", "ñandú", "über", "café", "Ελλάδα", "日本"]

word = st.sampled_from(WORDS)
words = st.lists(word, min_size=1, max_size=6).map(" ".join)
url = st.sampled_from(["https://example.com/a", "/images/x.png", "https://ex.org/p?q=1&r=2", "../rel/path.md"])


@st.composite
def inline(draw, protected: list):
    kind = draw(st.sampled_from(["text", "em", "strong", "code", "link", "image", "url", "entity", "emoji", "html", "shortcode", "math"]))
    text = draw(words)
    if kind == "text":
        return text
    if kind == "em":
        return f"*{text}*"
    if kind == "strong":
        return f"**{text}**"
    if kind == "code":
        piece = f"`{text} --flag`"
    elif kind == "link":
        target = draw(url)
        protected.append(f"]({target}")
        return f"[{text}]({target})"
    elif kind == "image":
        piece = f"![{text}]({draw(url)})"
        protected.append(f"]({piece.split('](')[1]}")
        return piece
    elif kind == "url":
        piece = draw(st.sampled_from(["https://example.com/x", "https://ex.org/a_b"]))
    elif kind == "entity":
        piece = draw(st.sampled_from(["&nbsp;", "&amp;", "&#169;"]))
    elif kind == "emoji":
        piece = draw(st.sampled_from(["🎨", "👩‍💻", "🇪🇸"]))
    elif kind == "html":
        piece = f"<kbd>{text}</kbd>"
    elif kind == "shortcode":
        piece = '{{< ref "page.md" >}}'
    else:
        piece = "$x^2$"
    protected.append(piece)
    return piece


@st.composite
def sentence(draw, protected: list):
    parts = draw(st.lists(inline(protected), min_size=1, max_size=5))
    return " ".join(parts) + draw(st.sampled_from([".", "!", "?", ""]))


@st.composite
def block(draw, protected: list):
    kind = draw(st.sampled_from(["para", "heading", "list", "quote", "fence", "figure", "table", "hardbreak"]))
    if kind == "para":
        return " ".join(draw(st.lists(sentence(protected), min_size=1, max_size=3)))
    if kind == "heading":
        return "#" * draw(st.integers(1, 4)) + " " + draw(sentence(protected))
    if kind == "list":
        marker = draw(st.sampled_from(["-", "*", "1."]))
        items = draw(st.lists(sentence(protected), min_size=1, max_size=3))
        return "\n".join(f"{marker} {item}" for item in items)
    if kind == "quote":
        lines = draw(st.lists(sentence(protected), min_size=1, max_size=3))
        return "\n".join(f"> {line}" for line in lines)
    if kind == "fence":
        body = draw(words)
        piece = f"```\n{body} = 1\n```"
        protected.append(piece)
        return piece
    if kind == "figure":
        caption = draw(words)
        src = draw(url)
        protected.append(f'<img src="{src}" alt="')
        return f'<figure>\n  <img src="{src}" alt="{draw(words)}" />\n  <figcaption>{caption}</figcaption>\n</figure>'
    if kind == "table":
        a, b = draw(words), draw(sentence(protected))
        return f"| Head | Other |\n|---|---|\n| {a} | {b.replace('|', '')} |"
    first, second = draw(sentence(protected)), draw(sentence(protected))
    return f"{first}  \n{second}"


@st.composite
def document(draw):
    protected: list[str] = []
    blocks = draw(st.lists(block(protected), min_size=1, max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = "\n\n".join(blocks).replace("\n", newline) + newline
    return text, protected


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(document(), st.booleans())
def test_identity_translation_returns_the_input_byte_for_byte(doc, tags):
    text, _ = doc
    assert translate_markdown(text, source="en", target="es", translator=IdentityTranslator(tags), options=OPTIONS) == text


@SETTINGS
@given(document(), st.booleans())
def test_marker_translation_keeps_structure_and_protected_constructs(doc, tags):
    text, protected = doc
    out = translate_markdown(text, source="en", target="es", translator=MarkerTranslator(tags), options=OPTIONS)
    assert tags_of(out.replace("\r\n", "\n")) == tags_of(text.replace("\r\n", "\n"))
    for construct in protected:
        assert out.count(construct.replace("\n", "\r\n") if "\r\n" in text else construct) >= 1, construct
    leftover = out
    while re.search(r"«[^«»]*»", leftover):  # every prose sentence was sent and marked
        leftover = re.sub(r"«[^«»]*»", "", leftover)
    assert [s.text for s in extract_segments(leftover)] == []

ALIGNED_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ALIGNED_SETTINGS
@given(document())
def test_aligned_identity_returns_the_input_byte_for_byte(doc):
    text, _ = doc
    assert translate_markdown(text, source="en", target="es", translator=AlignedIdentityEngine(), options=OPTIONS) == text


@ALIGNED_SETTINGS
@given(document())
def test_aligned_marker_translation_keeps_structure_and_protected_constructs(doc):
    text, protected = doc
    out = translate_markdown(text, source="en", target="es", translator=aligned_marker_engine(), options=OPTIONS)
    assert tags_of(out.replace("\r\n", "\n")) == tags_of(text.replace("\r\n", "\n"))
    for construct in protected:
        assert out.count(construct.replace("\n", "\r\n") if "\r\n" in text else construct) >= 1, construct


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*"ab é.!?:@/w*_`[]<>&{}\\$|~^#\n", "://", "www.", "WWW.", "Www.", "me@ex.org", "🎨", "©"]), max_size=30).map("".join), st.sampled_from(["markdown", "html"]))
def test_tokenizer_shortcuts_give_the_scanners_merged_tokens(text, mode):
    """The tokenizer's shortcuts (text no rule can start at is one TEXT token without a scanner;
    no merge pass when no delimiter or bracket became text) must give exactly the scanner's
    merged tokens: it fails if the first misses a trigger or a URL, or the second a demotion."""
    from blogbabel.markdown.inline import DEFAULT_OPTIONS, InlineState, merge_text, tokenize
    from blogbabel.markdown.rules import stops

    def shape(tokens):
        return [(t.kind, t.start, t.end, t.group) for t in tokens]

    scanned = merge_text(InlineState(text, mode, frozenset(), DEFAULT_OPTIONS).scan(*stops(text, mode)))
    assert shape(tokenize(text, mode=mode)) == shape(scanned)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="abc .!?é\n", max_size=20),
    st.tuples(*[st.sampled_from("wW")] * 3).map("".join),
    st.text(alphabet="abc.!? é", max_size=20),
    st.booleans(),
)
def test_a_bare_www_url_is_protected_in_any_case(before, www, after, with_scheme_url):
    """``www.`` is case-insensitive for the URL pattern: ``Www.example.org`` at a sentence start
    is protected as ``www.example.org`` is, whether or not the text also holds a ``://`` URL."""
    from blogbabel.markdown.inline import OPAQUE, tokenize

    url = www + ".example.org"
    text = ("See https://a.b/c then " if with_scheme_url else "") + before + " " + url + " " + after
    assert url in [text[t.start : t.end] for t in tokenize(text) if t.kind == OPAQUE]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["http", "HTTPS", "hTtPs", "ftp", "httpſ", "://", "www.", "WwW.", "w", "x.", "/", "@", " ", "a", "(", ")", "{{ x }}", "<"]), max_size=14).map("".join))
def test_bare_urls_are_found_where_the_url_pattern_finds_them(text):
    """The scanner matches :data:`patterns.URL` only where a scheme or ``www.`` may start (a
    shortcut over one unanchored case-insensitive search): the same URLs, the same ends."""
    from blogbabel.markdown import patterns
    from blogbabel.markdown.inline import _url_matches

    expected = {m.start(): (m.end(), True) for m in patterns.URL.finditer(text)}
    expected.update({m.start(): (m.end(), False) for m in patterns.EMAIL.finditer(text) if m.start() not in expected})
    from blogbabel.markdown.links import path_spans

    found = _url_matches(text, path_spans(text))
    assert {start: found[start] for start in expected if start in found} == expected
    # the rest are file paths ("/a", "x./a"), each clear of every URL and e-mail address
    for start in set(found) - set(expected):
        assert all(found[start][0] <= a or b <= start for a, (b, _) in expected.items()), (start, found)
