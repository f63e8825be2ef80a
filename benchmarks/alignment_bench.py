"""Aligned unit mode with the argos backend (issue 15): sentences sent whole, fallbacks, cost.

Prints, for the benchmark workload (benchmarks/workload.py posts plus the fixtures) in one run
with the tiny real Argos package of tests/support/tiny_argos.py (or the installed en->es package with
--installed):
  * the share of sentences with inline markup that reached CTranslate2 whole (every
    ``translate_batch`` input is recorded), and how many fell back to fragments;
  * the cost of ``return_attention=True`` (+ ``return_scores``): the same tokenized batch
    translated with and without it, best of --repeat, as a ratio (target <= 1.10x);
  * how often the model copies each kind of stand-in for an opaque token (the literal word, a
    number, a neutral token) verbatim: the tiny model copies nothing (it is gibberish), so run
    it with --installed on a real package to choose.

    python benchmarks/alignment_bench.py [--posts 40] [--repeat 5] [--installed]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from blogbabel.translate.align import parse_unit
from blogbabel.translate.job import (
    TranslateOptions,
    prepare_translation,
    translate_post,
)
from workload import iter_posts

STAND_INS = {"literal": ["pip", "GitHub", "numpy", "README.md"], "number": ["47", "58", "63", "71"], "token": ["XYZ", "QQQ", "ZZZ", "KKK"]}
FRAMES = ["Run {} before you install the package.", "We wrote {} about art.", "Read {} at night."]


class Recorder:
    def __init__(self, real) -> None:
        self.real, self.batches = real, []

    def translate_batch(self, batch, **kwargs):
        self.batches.append(batch)
        return self.real.translate_batch(batch, **kwargs)


def workload(count: int) -> list[str]:
    fixtures = sorted((HERE.parent / "fixtures" / "posts").glob("*.en.md"))
    return [text for _, text in iter_posts(count)] + [p.read_text(encoding="utf-8") for p in fixtures]


def whole_share(backend, model, posts: list[str]) -> tuple[int, int, int, int]:
    """(sentences with markup, sent whole, fallbacks, sentences) over ``posts``."""
    recorder = Recorder(model.translator)
    model.translator = recorder
    fallbacks = 0
    try:
        for text in posts:
            fallbacks += translate_post(text, source="en", target="es", translator=backend, options=TranslateOptions(clean=False)).fallbacks
    finally:
        model.translator = recorder.real
    sent = {tuple(tokens) for batch in recorder.batches for tokens in batch}
    processor = model.tokenizer.lazy_processor()
    units = {u for text in posts for u in prepare_translation(text, source="en", target="es", options=TranslateOptions(clean=False), unit_mode="aligned").texts}
    marked = [parse_unit(u) for u in units if "<g" in u or "<x" in u]
    whole = sum(tuple(processor.encode(m.plain, out_type=str)) in sent for m in marked)
    return len(marked), whole, fallbacks, len(units)


def attention_cost(model, sentences: list[str], repeat: int) -> dict[str, tuple[float, float]]:
    """Best wall and CPU seconds (``{"wall": (plain, attention), "cpu": ...}``) of the same
    batch translated without and with ``return_attention`` + ``return_scores``, interleaved so
    the shared VM's noise hits both alike; CPU time is less disturbed by other processes."""
    batch = model.tokenizer.lazy_processor().encode(sentences, out_type=str)
    options = {"beam_size": 4, "max_batch_size": 2048, "batch_type": "tokens", "replace_unknowns": True, "length_penalty": 0.2}
    best = {"wall": [float("inf")] * 2, "cpu": [float("inf")] * 2}
    for _ in range(repeat):
        for index, attention in enumerate((False, True)):
            wall, cpu = time.perf_counter(), time.process_time()
            model.translator.translate_batch(batch, return_attention=attention, return_scores=attention, **options)
            best["wall"][index] = min(best["wall"][index], time.perf_counter() - wall)
            best["cpu"][index] = min(best["cpu"][index], time.process_time() - cpu)
    return {kind: (values[0], values[1]) for kind, values in best.items()}


def copy_rates(backend) -> dict[str, float]:
    rates = {}
    for kind, values in STAND_INS.items():
        sentences = [frame.format(value) for frame in FRAMES for value in values]
        out = backend.translate_sentences(backend.route("en", "es")[0], sentences)
        rates[kind] = sum(value in translated for (value, translated) in zip([v for _ in FRAMES for v in values], out)) / len(out)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--installed", action="store_true", help="use the installed en->es Argos package")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.installed:
            from support.tiny_argos import build_tiny_package

            os.environ["ARGOS_PACKAGES_DIR"] = str(Path(tmp) / "packages")
            from argostranslate import package

            package.install_from_path(build_tiny_package(Path(tmp), "en", "es"))
        from blogbabel.backends.argos import ArgosBackend

        backend = ArgosBackend()
        model = backend._model(backend.route("en", "es")[0])
        posts = workload(args.posts)
        marked, whole, fallbacks, units = whole_share(backend, model, posts)
        print(f"{len(posts)} posts, {units} sentences, {marked} with inline markup: {whole} sent whole = {100 * whole / max(1, marked):.1f}%")
        print(f"fallbacks to fragments: {fallbacks} = {100 * fallbacks / max(1, marked):.1f}% of sentences with markup")
        sentences = sorted({m.plain for text in posts for m in map(parse_unit, prepare_translation(text, source="en", target="es", options=TranslateOptions(clean=False), unit_mode="aligned").texts)})
        for kind, (plain, attention) in attention_cost(model, sentences, args.repeat).items():
            print(f"return_attention + return_scores on {len(sentences)} sentences, {kind}: {attention:.3f} s vs {plain:.3f} s = {attention / plain:.3f}x (target <= 1.10x)")
        rates = copy_rates(backend)
        print("stand-ins copied verbatim: " + ", ".join(f"{kind} {100 * rate:.0f}%" for kind, rate in rates.items()))


if __name__ == "__main__":
    main()
