"""Whitespace an engine leaves just inside paired markup moves outside it (issue 12, point 7):
``** obran**`` is not emphasis in CommonMark, the reader sees two asterisks."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from blogbabel.translate.job import prepare_translation

RENDER = MarkdownIt("commonmark").enable("strikethrough")


def translate(source: str, answer) -> tuple[str, list[str]]:
    job = prepare_translation(source, source="en", target="es", preserves_markup=True)
    result = job.finish([answer(text) for text in job.texts])
    return result.text, [w.message for w in result.warnings]


@pytest.mark.parametrize(
    "source, answer, expected",
    [
        ("It **works** well.\n", lambda t: t.replace("<g1>works</g1>", "<g1> obra</g1>"), "Es **obra** well.\n"),
        ("It **works** well.\n", lambda t: t.replace("<g1>works</g1>", "<g1>obra </g1>"), "Es **obra** well.\n"),
        ("Read *this*, [the link](http://x) and ~~that~~.\n",
         lambda t: t.replace("<g1>this</g1>", "<g1> esto </g1>").replace("the link", " el enlace").replace("that", "eso "),
         "Es *esto*, [el enlace](http://x) and ~~eso~~.\n"),
        ("A _b_ c\n", lambda t: t.replace("<g1>b</g1>", "<g1> b</g1>"), "Es _b_ c\n"),
    ],
)
def test_inner_whitespace_moves_outside(source, answer, expected):
    text, warnings = translate(source, lambda t: answer(t).replace("It", "Es").replace("Read", "Es").replace("A", "Es", 1))
    assert text == expected and not warnings


def test_markup_left_around_nothing_keeps_the_source_and_warns():
    text, warnings = translate("A **bold** word.\n", lambda t: t.replace("<g1>bold</g1>", "<g1> </g1>negrita"))
    assert text == "A **bold** word.\n"
    assert any("paired markup" in w for w in warnings)


@settings(deadline=None)  # the first example pays the parser's imports
@given(st.sampled_from(["**", "*", "_", "~~"]), st.text(" \t", max_size=3), st.text(" \t", max_size=3))
def test_any_inner_whitespace_still_renders_as_markup(mark, lead, trail):
    source = f"We like {mark}green{mark} tea.\n"
    text, _ = translate(source, lambda t: t.replace("green", lead + "verde" + trail))
    html = RENDER.render(text)
    assert mark not in html.replace("<del>", "").replace("</del>", "")
    assert "verde" in html


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed (scripts/setup.sh installs it)")
def test_apertium_answer_with_inner_space_renders_as_emphasis():
    from blogbabel.backends import get_backend

    backend = get_backend("apertium", source="en", target="es")
    job = prepare_translation("It **works**.\n", source="en", target="es", preserves_markup=True)
    text = job.finish(backend.translate_batch(job.texts, "en", "es")).text
    assert "<strong>" in RENDER.render(text) and "** " not in text


@pytest.mark.parametrize(
    "source, answer, expected",
    [
        # the span opens the translated sentence: it takes the capital the source's sentence has
        ("Does it **work**?\n", lambda t: "<g1> Funciona</g1>?", "**Funciona**?\n"),
        ("Does it **work**?\n", lambda t: "<g1>funciona</g1>?", "**Funciona**?\n"),
        ("Done. Does it **work**?\n", lambda t: t.replace("Done.", "Hecho.").replace("Does it <g1>work</g1>?", "<g1>funciona</g1>?"), "Hecho. **Funciona**?\n"),
        # a span that starts a source sentence keeps its own case there ("npm")
        ("Install it. **npm** runs.\n", lambda t: t.replace("Install it.", "Instálalo.").replace("<g1>npm</g1> runs", "<g1>Npm</g1> corre"), "Instálalo. **npm** corre.\n"),
        ("**Sensors** are cheap.\n", lambda t: "<g1>los sensores</g1> son baratos.", "**Los sensores** son baratos.\n"),
        # inside a sentence the capital an engine puts after a tag is still undone
        ("It **works** well.\n", lambda t: "Es <g1>Obra</g1> bien.", "Es **obra** bien.\n"),
    ],
)
def test_a_span_at_a_sentence_start_keeps_the_sources_capital(source, answer, expected):
    text, warnings = translate(source, answer)
    assert text == expected and not warnings


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed (scripts/setup.sh installs it)")
def test_apertium_span_that_opens_a_sentence_starts_with_a_capital():
    from blogbabel.backends import get_backend

    backend = get_backend("apertium", source="en", target="es")
    job = prepare_translation("Does it **work**? **Yes**!\n", source="en", target="es", preserves_markup=True)
    text = job.finish(backend.translate_batch(job.texts, "en", "es")).text
    assert text.startswith("**") and text[2].isupper(), text
