"""Which attention CTranslate2 returns as the alignment: choosing the layer and heads.

``translate_batch(return_attention=True)`` returns the encoder-decoder attention of one layer
averaged over some heads, fixed in ``model.bin`` when the model was converted
(``decoder/alignment_layer``, default the last layer; ``decoder/alignment_heads``, default 1:
the first head only). For a Transformer not trained with guided alignment, such as the Argos
models, the first head of the last layer is among the poorest aligners; the average of all
heads of the penultimate layer aligns far better (Garg et al. 2019, "Jointly Learning to Align
and Translate with Transformer Models"; Chen et al. 2020). CTranslate2 has no run-time option
for it, but it loads a model from memory (``Translator(..., files=...)``), so
:func:`model_files` reads the model folder and rewrites those two scalars in a copy of
``model.bin``. The translation itself does not change: only which attention is reported.
"""

from __future__ import annotations

import struct
from pathlib import Path

_LAYER, _HEADS = "decoder/alignment_layer", "decoder/alignment_heads"


def _scalars(data: bytes) -> tuple[dict[str, int], int]:
    """Offsets of the int16 alignment scalars in a ``model.bin`` and its decoder layer count."""
    pos = 0

    def read(fmt: str) -> int:
        nonlocal pos
        (value,) = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return value

    def string() -> str:
        nonlocal pos
        size = read("H")
        text = data[pos : pos + size - 1].decode("utf-8")
        pos += size
        return text

    version = read("I")
    if version < 5:  # older layouts store types differently; leave them alone
        raise ValueError(f"model.bin version {version}")
    string()  # spec name
    read("I")  # revision
    offsets: dict[str, int] = {}
    layers: set[str] = set()
    for _ in range(read("I")):
        name = string()
        rank = read("B")
        for _ in range(rank):
            read("I")
        read("B")  # dtype
        size = read("I")
        if name in (_LAYER, _HEADS) and size == 2:
            offsets[name] = pos
        if name.startswith("decoder/layer_"):
            layers.add(name.split("/")[1])
        pos += size
    return offsets, len(layers)


def model_files(model_dir: str | Path, layer: int = -2, heads: int = 0) -> dict[str, bytes] | None:
    """The files of the CTranslate2 model in ``model_dir``, with ``model.bin`` set to report
    the attention of decoder ``layer`` (negative: from the last; clamped to the model's layers)
    averaged over ``heads`` heads (0: all). None when the model cannot be rewritten (an old
    format, or no alignment scalars): the caller loads it as it is."""
    root = Path(model_dir)
    try:
        files = {path.name: path.read_bytes() for path in root.iterdir() if path.is_file()}
        data = bytearray(files["model.bin"])
        offsets, layers = _scalars(bytes(data))
    except (OSError, KeyError, ValueError, struct.error, UnicodeDecodeError):
        return None
    if set(offsets) != {_LAYER, _HEADS} or layers == 0:
        return None
    index = layer if layer >= 0 else layers + layer
    index = min(max(index, 0), layers - 1)
    struct.pack_into("<h", data, offsets[_LAYER], index)
    struct.pack_into("<h", data, offsets[_HEADS], heads)
    files["model.bin"] = bytes(data)
    return files
