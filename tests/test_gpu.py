"""The argos backend with ``--device cuda``: where a GPU exists it translates a post like the
CPU does; where none exists the option is a clear error, not a CUDA traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogbabel.backends import get_backend
from blogbabel.errors import BackendUnavailableError
from blogbabel.translate.job import translate_markdown

CONSTRUCTS = Path(__file__).resolve().parents[1] / "fixtures" / "posts" / "constructs.en.md"


def cuda_devices() -> int:
    import ctranslate2

    return ctranslate2.get_cuda_device_count()


@pytest.mark.skipif(cuda_devices() == 0, reason="no CUDA GPU on this machine")
def test_argos_on_the_gpu_translates_a_post_like_the_cpu(tiny_argos_package):
    text = CONSTRUCTS.read_text(encoding="utf-8")
    cpu = translate_markdown(text, source="en", target="es", translator=get_backend("argos", device="cpu"))
    gpu = translate_markdown(text, source="en", target="es", translator=get_backend("argos", device="cuda"))
    assert gpu != text
    # same markup, same lines; the words may differ where float rounding flips a beam
    assert gpu.count("\n") == cpu.count("\n")
    same = sum(a == b for a, b in zip(cpu.splitlines(), gpu.splitlines()))
    assert same >= 0.8 * len(cpu.splitlines())


@pytest.mark.skipif(cuda_devices() > 0, reason="a CUDA GPU is present")
def test_cuda_without_a_gpu_says_so(tiny_argos_package):
    backend = get_backend("argos", source="en", target="es", device="cuda")
    with pytest.raises(BackendUnavailableError, match="--device cuda: CTranslate2 sees no CUDA GPU") as caught:
        backend.translate_batch(["Hello there."], "en", "es")
    assert "--device cpu" in str(caught.value)
