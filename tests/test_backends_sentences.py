"""Our sentence splitter: sentencex underneath, never loses a character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from blogbabel.translate.sentences import split_sentences


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
