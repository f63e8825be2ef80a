"""The argos backend on tiny real Argos packages (built by tests/support/tiny_argos.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from blogbabel.backends import argos
from blogbabel.backends.argos import ArgosBackend
from blogbabel.errors import BackendUnavailableError

SENTENCES = [
    "The painter made a picture of the sea at night.",
    "A new model draws images from a short text prompt.",
    "We wrote this blog post about translation and art.",
    "Read the documentation before you install the package.",
]


class SpyTranslator:
    """Wraps a real ctranslate2.Translator and records each translate_batch call."""

    def __init__(self, real):
        self.real = real
        self.calls: list[tuple[list[list[str]], dict]] = []

    def translate_batch(self, batch, **kwargs):
        self.calls.append((batch, kwargs))
        return self.real.translate_batch(batch, **kwargs)


@pytest.fixture
def backend(tiny_argos_package):
    return ArgosBackend(intra_threads=1)


def test_translates_deterministically_within_and_across_processes(backend, tiny_argos_package):
    first = backend.translate_batch(SENTENCES, "en", "es")
    assert backend.translate_batch(SENTENCES, "en", "es") == first
    assert all(isinstance(t, str) and t for t in first)
    assert first != SENTENCES  # it really went through the model
    script = textwrap.dedent(
        f"""
        import json
        from blogbabel.backends.argos import ArgosBackend
        print(json.dumps(ArgosBackend(intra_threads=1).translate_batch({SENTENCES!r}, "en", "es")))
        """
    )
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(tiny_argos_package))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    import json

    assert json.loads(out.stdout) == first


def test_matches_argos_own_apply_packaged_translation(backend):
    """Our batched path gives what argostranslate gives sentence by sentence."""
    from argostranslate.translate import apply_packaged_translation

    package = backend.route("en", "es")[0]
    model = backend._model(package)

    class OneSentence:  # Argos' splitter downloads a model; each input here is one sentence
        def split_sentences(self, text):
            return [text]

    expected = [
        apply_packaged_translation(package, s, model.translator, OneSentence(), num_hypotheses=1)[0].value
        for s in SENTENCES
    ]
    assert backend.translate_batch(SENTENCES, "en", "es") == expected


def test_segments_are_split_into_sentences_and_whitespace_is_kept(backend):
    sentences = backend.translate_batch(["One sentence here.", "Another one follows!", "And a third?"], "en", "es")
    segment = "  One sentence here. Another one follows!\nAnd a third?\n"
    [translated] = backend.translate_batch([segment], "en", "es")
    assert translated == f"  {sentences[0]} {sentences[1]}\n{sentences[2]}\n"
    assert backend.translate_batch(["", "   ", "\n"], "en", "es") == ["", "   ", "\n"]


def test_one_translate_batch_call_batched_by_tokens_and_sorted(tiny_argos_package):
    backend = ArgosBackend(intra_threads=1, max_batch_tokens=64)
    package = backend.route("en", "es")[0]
    model = backend._model(package)
    spy = SpyTranslator(model.translator)
    model.translator = spy
    try:
        texts = [f"{s} Number {i} is here." for i, s in enumerate(SENTENCES * 10)] + SENTENCES
        result = backend.translate_batch(texts, "en", "es")
    finally:
        model.translator = spy.real
    assert len(result) == len(texts)
    assert len(spy.calls) == 1
    batch, kwargs = spy.calls[0]
    assert kwargs["batch_type"] == "tokens" and kwargs["max_batch_size"] == 64
    lengths = [len(tokens) for tokens in batch]
    assert lengths == sorted(lengths)
    # every unique sentence once: 4 originals + 40 "Number i is here." variants
    assert len(batch) == len(set(map(tuple, batch))) == 44


def test_model_loaded_once_per_process(tiny_argos_package):
    before = argos.model_loads
    options = {"intra_threads": 1, "inter_threads": 2}  # a combination no other test loads
    ArgosBackend(**options).translate_batch(SENTENCES, "en", "es")
    ArgosBackend(**options).translate_batch(SENTENCES[:1], "en", "es")
    ArgosBackend(**options).translate_batch(SENTENCES[1:], "en", "es")
    assert argos.model_loads == before + 1


def test_pivots_through_english(backend):
    assert [p.to_code for p in backend.route("es", "fr")] == ["en", "fr"]
    english = backend.translate_batch(["El gato duerme en la silla."], "es", "en")
    french = backend.translate_batch(english, "en", "fr")
    assert backend.translate_batch(["El gato duerme en la silla."], "es", "fr") == french
    assert "es_en" in backend.identity_for("es", "fr") and "en_fr" in backend.identity_for("es", "fr")
    assert " then " in backend.describe("es", "fr")
    assert any(row.source == "es" and row.target == "fr" and row.note == "via en" for row in backend.pairs())


def test_missing_pair_names_the_install_command(backend):
    assert not backend.supports("de", "it")
    with pytest.raises(BackendUnavailableError) as info:
        backend.translate_batch(["Hallo"], "de", "it")
    assert "argospm install translate-de_it" in str(info.value)
    assert "blogbabel models install" in str(info.value)


def test_identity_names_model_and_options(backend):
    identity = backend.identity_for("en", "es")
    assert identity.startswith("argos:en_es@0.0.1#") and "beam4" in identity
    assert ArgosBackend(beam_size=1).identity_for("en", "es") != identity
    assert backend.identity_for("en", "es") != backend.identity_for("es", "en")


def test_region_codes_use_the_base_language(backend):
    assert backend.supports("en-US", "es_ES")
    assert backend.translate_batch(SENTENCES, "en-US", "es-ES") == backend.translate_batch(SENTENCES, "en", "es")
