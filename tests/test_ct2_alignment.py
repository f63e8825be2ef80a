"""The attention CTranslate2 reports is read from the layer and heads we choose (all heads of
the penultimate layer by default), without changing the translation."""

from __future__ import annotations

from pathlib import Path

import ctranslate2
from blogbabel.backends.ct2_alignment import model_files


def _model_dir(tiny_argos_package: Path) -> Path:
    return next(p for p in tiny_argos_package.iterdir() if p.name.startswith("translate-en_es")) / "model"


def _run(model_dir: Path, files):
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(model_dir.parent / "sentencepiece.model"))
    tokens = [processor.encode("The cat sleeps on the red chair.", out_type=str)]
    translator = ctranslate2.Translator(str(model_dir), files=files) if files else ctranslate2.Translator(str(model_dir))
    result = translator.translate_batch(tokens, return_attention=True, beam_size=4)[0]
    return result.hypotheses[0], result.attention[0]


def test_all_heads_are_averaged_and_the_translation_does_not_change(tiny_argos_package):
    model_dir = _model_dir(tiny_argos_package)
    plain, first_head = _run(model_dir, None)
    same, first_again = _run(model_dir, model_files(model_dir, -1, 1))
    text, every_head = _run(model_dir, model_files(model_dir, -2, 0))  # one layer: -2 is clamped to it
    assert plain == same == text
    assert first_again == first_head and every_head != first_head


def test_a_model_that_cannot_be_read_is_left_alone(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"\x01\x00\x00\x00garbage")
    assert model_files(tmp_path) is None
    assert model_files(tmp_path / "missing") is None
