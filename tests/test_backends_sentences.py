"""Our sentence splitter: sentencex underneath, never loses a character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from blogbabel.sentences import split_sentences


def test_splits_english_and_spanish_keeping_whitespace():
    assert split_sentences("Hello world. This is Dr. Smith.  And you?\nFine", "en") == [
        "Hello world. ", "This is Dr. Smith.  ", "And you?\n", "Fine",
    ]
    parts = split_sentences("¿Qué tal? Muy bien, gracias. Hasta luego.", "es")
    assert parts[0] == "¿Qué tal? " and len(parts) == 3


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
