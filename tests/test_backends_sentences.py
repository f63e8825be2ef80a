"""Our sentence splitter: sentencex underneath, never loses a character."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blogbabel.translate.sentences import _WIDE_SPACE, _split, joined_inside_words, split_sentences
from support.shape import grows_linearly


def test_splits_english_and_spanish_keeping_whitespace():
    assert split_sentences("Hello world. This is Dr. Smith.  And you?\nFine", "en") == [
        "Hello world. ", "This is Dr. Smith.  ", "And you?\n", "Fine",
    ]
    parts = split_sentences("¿Qué tal? Muy bien, gracias. Hasta luego.", "es")
    assert parts[0] == "¿Qué tal? " and len(parts) == 3


def test_a_name_initial_before_a_no_break_space_does_not_crash_the_splitter():
    # sentencex 1.0.32 panics on this (a Rust panic surfaces as a BaseException)
    for text in ("\tD\u00a0.", "aD?r\u00a1\n\" .D\u00bf\t\u00c1 D\u00a0.\tD", "Sr.\u00a0D.\u00a0Garc\u00eda lleg\u00f3. Bien."):
        assert "".join(split_sentences(text, "en")) == text
        assert "".join(split_sentences(text, "es")) == text


def test_empty_and_regional_codes():
    assert split_sentences("", "en") == []
    assert split_sentences("One. Two.", "en-US") == split_sentences("One. Two.", "en")
    assert "".join(split_sentences("Uno. Dos.", "zz")) == "Uno. Dos."


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .?!¿¡\n\t\u00a0…«»\"'ÁéDr")), max_size=80), st.sampled_from(["en", "es"]))
def test_joining_gives_the_text_back(text, lang):
    parts = split_sentences(text, lang)
    assert "".join(parts) == text
    assert all(parts)


def _long_prose(sentences: int) -> str:
    """Varied sentences with what sentencex must not cut at: abbreviations, initials, numbers,
    ellipses (no two alike, so its cache cannot help)."""
    forms = [
        "Dr. Smith met {i} people at the old market.",
        "She stopped at {i}:30 (near St. Mary's) and left!",
        "See e.g. section {i}.2 of the config file.",
        "Is this the {i}th time? Maybe.",
        "J. R. R. Tolkien wrote {i} pages… and more.",
    ]
    return " ".join(forms[i % len(forms)].format(i=i) for i in range(sentences))


def test_a_long_text_is_split_where_sentencex_splits_it():
    # (quote marks are left out: sentencex pairs them across the whole text, so a quote
    # opened thousands of characters earlier can merge sentences; pieces read them locally)
    text = _long_prose(900)  # about 40,000 characters: cut in pieces before sentencex sees it
    for lang in ("en", "es"):
        assert split_sentences(text, lang) == _sentencex_pieces(lang, text)


def test_a_text_with_no_sentence_end_is_one_sentence():
    text = "e" + "`" * 50_000  # sentencex took a second on this, for nothing to split
    assert split_sentences(text, "en") == [text]
    assert split_sentences("one\n\ntwo", "en") == ["one", "\n\n", "two"]  # a paragraph break ends one


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["e" + "`" * 40 + ". ", "use `x` ok. ", "a «x ok. ", "it's 'x' ok. "])
def test_splitting_long_texts_of_quote_marks_stays_linear(unit):
    # sentencex looks for the closing mark of each quote-like character to the end of the
    # text: cmark-gfm's 12.5 MB backtick case kept a translation busy for hours
    def split(text: str) -> None:
        _split.cache_clear()  # each of the three runs splits for real
        split_sentences(text, "en")

    grows_linearly(split, unit * 1_000, unit * 8_000)


def _sentencex_pieces(lang: str, text: str) -> list[str]:
    """sentencex's sentences, with its cuts inside words joined back as ours are ("U.S" "." is one)."""
    from sentencex import segment

    pieces = tuple(piece for piece in segment(lang, text) if piece)
    return list(joined_inside_words(pieces)) if pieces else []


_PUNCTUATION = [chr(c) for c in range(0x20, 0x3100) if unicodedata.category(chr(c))[0] in "PZS"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Hola", "mundo", "Dr", "e.g", " ", "\n", *_PUNCTUATION]), max_size=14), st.sampled_from(["en", "es", "el", "hi", "ja", "ar"]))
def test_short_texts_are_split_as_sentencex_splits_them(words, lang):
    # the shortcut (no character that can end a sentence: one sentence, sentencex not asked)
    # must never change an answer
    text = "".join(words)
    probe = _WIDE_SPACE.sub(" ", text)  # what sentencex is shown (it panics on some wide spaces)
    theirs = _sentencex_pieces(lang, probe)
    if "".join(theirs) == probe:
        assert [len(piece) for piece in split_sentences(text, lang)] == [len(piece) for piece in theirs]


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(["Hola", "mundo", "Dr", "e.g", "U.S", "I", "¿Qué", "¡Ay", "“Sí", "«No", "3"]), min_size=1, max_size=6).map(" ".join),
    st.lists(st.sampled_from([".", "!", "?", "…", "。"]), min_size=1, max_size=3).map("".join),
    st.lists(st.sampled_from(['"', "'", "”", "’", "»", ")", "]"]), max_size=2).map("".join),
    st.sampled_from(["", " ", "  ", "\t", "\n"]),
    st.sampled_from(["en", "es", "el", "hi", "ja", "ar", "de"]),
)
def test_texts_ending_in_their_only_marks_are_split_as_sentencex_splits_them(words, marks, closers, space, lang):
    # the shortcut for one sentence whose marks are all at its end (captions, headings, cells)
    # must agree with sentencex, which cuts before a closing bracket or between two quotes
    text = words + marks + closers + space
    theirs = _sentencex_pieces(lang, text)
    if "".join(theirs) == text:
        assert [len(piece) for piece in split_sentences(text, lang)] == [len(piece) for piece in theirs]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_sentence_ends_inside_a_word(lang):
    text = "Later you will learn about Node.JS and ASP.NET in depth. Then read file.txt twice."
    assert split_sentences(text, lang) == ["Later you will learn about Node.JS and ASP.NET in depth. ", "Then read file.txt twice."]


def test_the_splitter_reads_code_as_words_and_html_tags_as_nothing():
    from blogbabel.translate.job import TranslateOptions, prepare_translation

    def units(text: str) -> list[str]:
        return prepare_translation(text, source="en", target="es", options=TranslateOptions(clean=False), preserves_markup=True).texts

    assert units("(`string`) A reference to a page. See the details.\n") == ["(<x1/>) A reference to a page.", "See the details."]
    assert units("Use the `ls` command. Then `cd`. Done here.\n") == ["Use the <x1/> command.", "Then <x1/>.", "Done here."]
    # (an end tag glued to the next sentence's first word moved with it: "<x1/> And go on.")
    assert units("Say <b>hello there!</b> And go on.\n") == ["Say <x1/>hello there!<x2/>", "And go on."]
