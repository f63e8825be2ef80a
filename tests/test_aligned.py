"""The aligned unit mode: each sentence sent whole, markup put back on the aligned words.

A deterministic dictionary engine (tests/support/dictionary_engine.py: word by word, adjective after
noun) shows where the markup must land; a nonsense engine drives the per-sentence fallback;
the tiny real Argos package runs the whole path with real CTranslate2 attention.
"""

from __future__ import annotations

import re
from pathlib import Path

import mistune
import pytest
from support.dictionary_engine import DictionaryEngine, NonsenseEngine

from blogbabel.translate import TranslateOptions
from blogbabel.translate.align import Alignment, Unusable, encode_unit, parse_unit
from blogbabel.translate.job import translate_post
from blogbabel.translate.projection import project

BARE = TranslateOptions(clean=False, front_matter=False)


def translate(text: str, engine=None):
    engine = engine or DictionaryEngine()
    return translate_post(text, source="en", target="es", translator=engine, options=BARE), engine


@pytest.mark.parametrize(
    "source, expected",
    [
        ("the [red car](u)", "el [coche rojo](u)"),
        ("See the *red* car now.", "Ver el coche *rojo* ahora."),
        ("See [the docs](a) and [the big house](b) now.", "Ver [el documentos](a) y [el casa grande](b) ahora."),
        ("Run `pip` to start.", "Ejecuta `pip` a empezar."),
        ("Run `pip install -r x.txt` then start.", "Ejecuta `pip install -r x.txt` luego empezar."),
        ("[The red car](u) is fast.", "[El coche rojo](u) es rápido."),
        ("The dog is [my car](u).", "El perro es [mi coche](u)."),
        ("[See the *red* car](u) now.", "[Ver el coche *rojo*](u) ahora."),
        ("The **red** car and [the dog](u) now.", "El coche **rojo** y [el perro](u) ahora."),
    ],
)
def test_markup_lands_on_the_aligned_words(source, expected):
    result, engine = translate(source)
    assert result.text == expected
    assert result.fallbacks == 0 and not result.warnings
    assert engine.plain_calls == []  # nothing went in pieces


def test_each_sentence_reaches_the_engine_once_as_plain_text():
    _, engine = translate("See [the *red* car](u) now. Read `docs` with [my guide](g)!")
    sent = [text for call in engine.aligned_calls for text in call]
    assert sent == ["See the red car now.", "Read docs with my guide!"]


def test_html_and_footnotes_attach_to_their_neighbours():
    result, _ = translate("He painted <b>the house</b> now.")
    assert result.text == "Él pintó <b>el casa</b> ahora."
    result, _ = translate("The red car[^1] is fast.\n\n[^1]: My car.")
    assert result.text.startswith("El coche[^1] rojo es rápido.")


def test_unusable_alignment_falls_back_to_fragments_with_a_counted_warning():
    result, engine = translate("See [the docs](a) and [the big house](b) now.", NonsenseEngine())
    assert result.fallbacks == 1
    assert [w.kind for w in result.warnings] == ["fallback"]
    assert result.text == "Ver [el documentos](a) y [el casa grande](b) ahora."  # pieces, markup intact
    assert engine.plain_calls == [["See", "the docs", "and", "the big house", "now."]]
    result, _ = translate("See nothing of [the docs](a) here.", NonsenseEngine())
    assert result.fallbacks == 1 and "[" in result.text and "](a)" in result.text


def test_plain_sentences_and_scores():
    result, _ = translate("The dog is fast. See [my car](u).")
    assert [(s.line, s.source) for s in result.scores] == [(1, "The dog is fast."), (1, "See my car.")]
    assert all(s.score < 0 for s in result.scores)


def _alignment(text, source, links):
    from blogbabel.translate.align import word_spans

    return Alignment(text, word_spans(source), word_spans(text), tuple(links))


@pytest.mark.parametrize(
    "unit, translation, links, reason",
    [
        ("<g1>a b</g1> <g2>c</g2>", "x y z", (0, 2, 1), "cross"),  # g1 -> x,y? y belongs to g2
        ("<g1>a</g1> b", "x y", (None, None), "aligned no word"),
        ("<g1>ab</g1>c d", "x y", (0, 1), "splits a word"),
    ],
)
def test_projection_refuses_what_it_cannot_carry(unit, translation, links, reason):
    marked = parse_unit(unit)
    with pytest.raises(Unusable, match=reason):
        project(marked, _alignment(translation, marked.plain, links))


def test_units_keep_stand_ins_and_numbering():
    from blogbabel.markdown.inline import tokenize

    text = "Use `pip` and <kbd>Ctrl</kbd> on https://example.com/x?y=1 with *care*."
    unit, numbers = encode_unit(text, tokenize(text))
    assert unit == "Use <x1>pip</x1> and <x2>Ctrl</x2> on <x3>43</x3> with <g4>care</g4>."
    assert parse_unit(unit).plain == "Use pip and Ctrl on 43 with care."
    assert sorted(numbers) == [1, 2, 3, 4]
    assert "<x1>141</x1>" in encode_unit("In 41 days: `a b`", tokenize("In 41 days: `a b`"))[0]


# ----------------------------------------------------------------------------- tiny real Argos

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "2022-04-22-dalle.md"
POSTS = sorted((ROOT / "fixtures" / "posts").glob("*.md")) + ([SEED] if SEED.is_file() else [])


def _rendered(markdown: str) -> tuple[list[str], list[str]]:
    """Tag sequence and link targets as mistune (an independent parser) renders the body."""
    body = markdown.split("\n---\n", 1)[-1] if markdown.startswith("---") else markdown
    html = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "footnotes", "math"])(body)
    return re.findall(r"</?[a-zA-Z][a-zA-Z0-9]*", html), re.findall(r'href="([^"]*)"', html)


class RecordingTranslator:
    """Wraps a real ctranslate2.Translator; keeps every batch it receives and its options."""

    def __init__(self, real) -> None:
        self.real = real
        self.batches: list[list[list[str]]] = []
        self.options: list[dict] = []

    def translate_batch(self, batch, **kwargs):
        self.batches.append(batch)
        self.options.append(kwargs)
        return self.real.translate_batch(batch, **kwargs)


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_real_attention_keeps_every_invariant_and_sends_sentences_whole(tiny_argos_package, path):
    from blogbabel.backends.argos import ArgosBackend
    from blogbabel.translate.align import parse_unit
    from blogbabel.translate.job import prepare_translation

    text = path.read_text(encoding="utf-8")
    source, target = ("es", "en") if ".es." in path.name else ("en", "es")
    backend = ArgosBackend(intra_threads=1)
    package = backend.route(source, target)[0]
    model = backend._model(package)
    recorder = RecordingTranslator(model.translator)
    model.translator = recorder
    try:
        result = translate_post(text, source=source, target=target, translator=backend, options=TranslateOptions(clean=False))
    finally:
        model.translator = recorder.real
    assert _rendered(result.text) == _rendered(text)
    for code in re.findall(r"`[^`\n]+`|https?://[^\s)>\]]*[^\s)>\].,]", text):
        assert result.text.count(code) >= text.count(code), code
    processor = model.tokenizer.lazy_processor()
    sent = {tuple(tokens) for batch in recorder.batches for tokens in batch}
    units = prepare_translation(text, source=source, target=target, options=TranslateOptions(clean=False), unit_mode="aligned").texts
    with_markup = [parse_unit(unit) for unit in units if "<g" in unit or "<x" in unit]
    whole = [tuple(processor.encode(unit.plain, out_type=str)) in sent for unit in with_markup]
    assert with_markup and all(whole)  # every sentence with markup reached the model in one piece
    assert any(options.get("return_attention") for options in recorder.options)
    fallbacks = [w for w in result.warnings if w.kind == "fallback"]
    assert result.fallbacks == len(fallbacks) < len(with_markup) + 1


def test_a_translator_claiming_aligned_mode_without_alignments_gets_fragments():
    class Claims:
        unit_mode = "aligned"
        name = "claims"

        def translate_batch(self, texts, source, target):
            return [text.upper() for text in texts]

    result = translate_post("See [the docs](a) now.", source="en", target="es", translator=Claims(), options=BARE)
    assert result.text == "SEE [THE DOCS](a) NOW."
