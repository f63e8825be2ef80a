"""Build a tiny but real Argos Translate package (``.argosmodel``) for tests and benchmarks.

The package has the exact layout Argos installs: one folder holding ``metadata.json``,
``sentencepiece.model`` (trained here, in-process, on a few English and Spanish lines) and
``model/`` (a CTranslate2 transformer converted from seeded numpy weights through
``ctranslate2.converters``). It translates into deterministic gibberish, fast: enough to test
batching, caching, pivoting and installation without downloading a real model.

Usage: ``build_tiny_package(dest_dir, "en", "es")`` returns the path of the ``.argosmodel``.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}

#: training text for the SentencePiece model (our own sentences, both languages)
CORPUS = [
    "The painter made a picture of the sea at night.",
    "A new model draws images from a short text prompt.",
    "We wrote this blog post about translation and art.",
    "Read the documentation before you install the package.",
    "The cat sleeps on the red chair near the window.",
    "How many words fit in one sentence, and why?",
    "El pintor hizo un cuadro del mar por la noche.",
    "Un modelo nuevo dibuja imágenes a partir de un texto corto.",
    "Escribimos esta entrada de blog sobre traducción y arte.",
    "Lee la documentación antes de instalar el paquete.",
    "El gato duerme en la silla roja junto a la ventana.",
    "¿Cuántas palabras caben en una frase, y por qué?",
    "Le peintre a fait un tableau de la mer la nuit.",
    "Der Maler malte ein Bild vom Meer in der Nacht.",
    "0123456789 <>/ \"quotes\" 'apostrophes' (parentheses) [brackets] #@*&%:;!-_",
]

SPECIAL_TOKENS = ["<unk>", "<s>", "</s>", "<blank>"]
RAMP = 1.0  # decoder position ramp per step
RAMP_START = 10  # decoding step where the ramp turns towards </s>
EOS_WEIGHT = 8.0  # how strongly the ramp pushes towards </s>


def train_sentencepiece(vocab_size: int = 90) -> bytes:
    """A small unigram SentencePiece model trained on :data:`CORPUS`, as bytes."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS * 4),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = []
    for i in range(processor.get_piece_size()):
        if not (processor.is_control(i) or processor.is_unknown(i)):
            pieces.append(processor.id_to_piece(i))
    return pieces


def _build_spec(vocabulary: list[str], seed: int, layers: int = 1, d_model: int = 32, heads: int = 2, d_ffn: int = 64):
    """A TransformerSpec whose weights are seeded random numpy arrays."""
    import numpy as np
    from ctranslate2.specs import TransformerSpec

    rng = np.random.default_rng(seed)
    vocab = len(vocabulary)

    def weight(*shape: int, scale: float = 0.6):
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    def norm(layer_norm) -> None:
        layer_norm.gamma = np.ones(d_model, dtype=np.float32)
        layer_norm.beta = np.zeros(d_model, dtype=np.float32)

    def linear(spec, rows: int, cols: int) -> None:
        spec.weight = weight(rows, cols)
        spec.bias = np.zeros(rows, dtype=np.float32)

    def ffn(spec) -> None:
        norm(spec.layer_norm)
        linear(spec.linear_0, d_ffn, d_model)
        linear(spec.linear_1, d_model, d_ffn)

    spec = TransformerSpec.from_config(layers, heads)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = weight(vocab, d_model, scale=1.0)
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)  # fused Q/K/V
        linear(layer.self_attention.linear[1], d_model, d_model)
        ffn(layer.ffn)
    # Dimension 0 of the decoder carries only a position ramp and the end-of-sentence logit
    # reads it, so outputs stop after a dozen tokens or so: a random model never learnt to stop.
    embeddings = weight(vocab, d_model, scale=1.0)
    embeddings[:, 0] = 0.0
    decoder.embeddings.weight = embeddings
    positions = np.arange(512, dtype=np.float32)[:, None]
    rates = 1.0 / np.power(10000.0, np.arange(0, d_model, 2, dtype=np.float32) / d_model)
    encodings = np.zeros((512, d_model), dtype=np.float32)
    encodings[:, 0::2] = np.sin(positions * rates)
    encodings[:, 1::2] = np.cos(positions * rates)
    encodings[:, 0] = (positions[:, 0] - RAMP_START) * RAMP
    decoder.position_encodings.encodings = encodings
    norm(decoder.layer_norm)
    projection = weight(vocab, d_model)
    projection[:, 0] = 0.0
    projection[vocabulary.index("</s>"), 0] = EOS_WEIGHT
    decoder.projection.weight = projection
    bias = np.zeros(vocab, dtype=np.float32)
    for token in ("<unk>", "<s>", "<blank>"):
        bias[vocabulary.index(token)] = -20.0  # never generated
    decoder.projection.bias = bias
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        linear(layer.self_attention.linear[1], d_model, d_model)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d_model, d_model)  # query
        linear(layer.attention.linear[1], 2 * d_model, d_model)  # fused K/V
        linear(layer.attention.linear[2], d_model, d_model)
        ffn(layer.ffn)
        for out in (layer.self_attention.linear[1], layer.attention.linear[2], layer.ffn.linear_1):
            out.weight[0, :] = 0.0
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def build_tiny_package(
    dest_dir: str | Path,
    from_code: str = "en",
    to_code: str = "es",
    *,
    seed: int | None = None,
    package_version: str = "0.0.1",
) -> Path:
    """Write ``translate-<from>_<to>-tiny.argosmodel`` into ``dest_dir`` and return its path."""
    from ctranslate2.converters import Converter

    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    if seed is None:
        seed = sum(map(ord, from_code + to_code))  # each pair gets its own weights
    sp_model = train_sentencepiece()
    vocabulary = SPECIAL_TOKENS + _pieces(sp_model)

    class TinyConverter(Converter):
        def _load(self):
            return _build_spec(vocabulary, seed)

    folder = f"translate-{from_code}_{to_code}-tiny"
    metadata = {
        "package_version": package_version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
    }
    archive = dest_dir / f"{folder}.argosmodel"
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        TinyConverter().convert(str(model_dir))
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{folder}/", "")
            zf.writestr(f"{folder}/metadata.json", json.dumps(metadata, indent=2))
            zf.writestr(f"{folder}/sentencepiece.model", sp_model)
            zf.writestr(f"{folder}/README.md", "Tiny test package built by blogbabel's tests/support/tiny_argos.py.\n")
            zf.writestr(f"{folder}/model/", "")
            for path in sorted(model_dir.iterdir()):
                zf.write(path, f"{folder}/model/{path.name}")
    return archive


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys

    out = build_tiny_package(sys.argv[1] if len(sys.argv) > 1 else ".", *sys.argv[2:4])
    print(out)
