"""Translation throughput, measured side by side in one run on the same sentences.

    python benchmarks/translate_bench.py [--sentences 2000] [--repeat 3]

Lines printed (best of --repeat runs each, model loading excluded):

* raw CTranslate2 ``translate_batch`` on pre-tokenized sentences: the floor;
* our argos backend through ``CachedTranslator(memory=None)``: split, tokenize, one batched
  call, decode; target: overhead over the floor <= 15 %;
* Argos' own per-segment path (``argostranslate.translate.apply_packaged_translation`` once
  per segment, as ``translate()`` does per paragraph), first on the same translator (same
  threads: the pure batching gain), then on the translator Argos builds from its settings
  (``intra_threads=0``: CTranslate2 picks); target: ours >= 5x faster;
* a second run through a translation memory (no model call);
* apertium en->es words/s (one process for the whole batch).

The model is the tiny real Argos package of tests/support/tiny_argos.py (installed into a temporary
ARGOS_PACKAGES_DIR), so the numbers measure our overhead, not a big model's compute.
To add a benchmark, write ``def bench_x(ctx: Context) -> str`` and append it to BENCHMARKS
(e.g. translate_markdown over generated posts with ``ctx.translator``).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "plugin"))

SUBJECTS = ["The painter", "A new model", "Our reader", "The small cat", "My neighbour", "The old museum"]
VERBS = ["draws", "paints", "describes", "sells", "finds", "shows", "remembers"]
OBJECTS = ["a picture of the sea", "the red chair", "a short text prompt", "images of the night",
           "the documentation", "a strange blog post", "three blue windows"]
TAILS = ["", " at night", " before breakfast", " with great care", " for the second time this week",
         " because the light was perfect and nobody else was there"]


def make_sentences(count: int, seed: int = 7) -> list[str]:
    """``count`` deterministic, varied English sentences (unique)."""
    rng = random.Random(seed)
    sentences: list[str] = []
    seen = set()
    while len(sentences) < count:
        sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}"
        sentence += f" ({rng.randint(1, 9999)})." if rng.random() < 0.7 else "."
        if sentence not in seen:
            seen.add(sentence)
            sentences.append(sentence)
    return sentences


@dataclass
class Context:
    sentences: list[str]
    repeat: int
    workdir: Path
    backend: object = None  # ArgosBackend on the tiny en->es package
    results: dict[str, float] = field(default_factory=dict)  # name -> seconds

    @property
    def translator(self):
        from blogbabel.backends.memory import CachedTranslator

        return CachedTranslator(self.backend, None)


def best_of(repeat: int, function) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def rate(ctx: Context, seconds: float) -> str:
    return f"{len(ctx.sentences) / seconds:9.0f} segments/s  ({seconds * 1000:8.1f} ms)"


def bench_raw(ctx: Context) -> str:
    package = ctx.backend.route("en", "es")[0]
    model = ctx.backend._model(package)
    tokens = [model.tokenizer.encode(s) for s in ctx.sentences]
    options = dict(replace_unknowns=True, max_batch_size=ctx.backend.max_batch_tokens, batch_type="tokens",
                   beam_size=ctx.backend.beam_size, num_hypotheses=1, length_penalty=0.2,
                   max_decoding_length=ctx.backend.max_decoding_length)
    ordered = sorted(tokens, key=len)
    unsorted = best_of(ctx.repeat, lambda: model.translator.translate_batch(tokens, **options))
    presorted = best_of(ctx.repeat, lambda: model.translator.translate_batch(ordered, **options))
    ctx.results["raw"] = min(unsorted, presorted)
    return f"raw ctranslate2 translate_batch (floor)    {rate(ctx, ctx.results['raw'])}"


def bench_ours(ctx: Context) -> str:
    ctx.results["ours"] = best_of(ctx.repeat, lambda: ctx.translator.translate_batch(ctx.sentences, "en", "es"))
    overhead = ctx.results["ours"] / ctx.results["raw"] - 1
    return f"blogbabel argos + CachedTranslator(None)  {rate(ctx, ctx.results['ours'])}  overhead {overhead:+.1%} (target <= 15%)"


class OneSentence:
    """Argos' own splitter downloads a model at run time; each segment here is one sentence."""

    def split_sentences(self, text):
        return [text]


def argos_per_segment(ctx: Context, translator, sentences: list[str]) -> float:
    from argostranslate.translate import apply_packaged_translation

    package = ctx.backend.route("en", "es")[0]
    started = time.perf_counter()
    for sentence in sentences:
        apply_packaged_translation(package, sentence, translator, OneSentence(), num_hypotheses=1)
    return time.perf_counter() - started


def bench_argos_per_segment(ctx: Context) -> str:
    """Argos' per-call path on the very same CTranslate2 translator (same threads)."""
    model = ctx.backend._model(ctx.backend.route("en", "es")[0])
    seconds = argos_per_segment(ctx, model.translator, ctx.sentences)
    ctx.results["argos"] = seconds
    speedup = seconds / ctx.results["ours"]
    return f"argostranslate per-segment, same threads  {rate(ctx, seconds)}  ours is {speedup:.1f}x faster (target >= 5x)"


def bench_argos_as_configured(ctx: Context, sample: int = 300) -> str:
    """Argos' per-call path with the translator Argos itself builds (argostranslate.settings threads)."""
    import ctranslate2
    from argostranslate import settings

    package = ctx.backend.route("en", "es")[0]
    translator = ctranslate2.Translator(
        str(package.package_path / "model"), device=settings.device,
        inter_threads=settings.inter_threads, intra_threads=settings.intra_threads,
    )
    sentences = ctx.sentences[:sample]
    per_segment = argos_per_segment(ctx, translator, sentences) / len(sentences)
    ours = ctx.results["ours"] / len(ctx.sentences)
    return (f"argostranslate per-segment, Argos threads {1 / per_segment:9.0f} segments/s  "
            f"(inter {settings.inter_threads}, intra {settings.intra_threads}; first {len(sentences)})  "
            f"ours is {per_segment / ours:.1f}x faster")


def bench_memory_rerun(ctx: Context) -> str:
    from blogbabel.backends.memory import CachedTranslator, TranslationMemory

    memory = TranslationMemory(ctx.workdir / "tm.sqlite")
    CachedTranslator(ctx.backend, memory).translate_batch(ctx.sentences, "en", "es")
    second = CachedTranslator(ctx.backend, memory)
    seconds = best_of(ctx.repeat, lambda: second.translate_batch(ctx.sentences, "en", "es"))
    assert second.model_calls == 0
    return f"second run through the memory (0 calls)   {rate(ctx, seconds)}"


def bench_apertium(ctx: Context) -> str:
    from blogbabel.backends.apertium import ApertiumBackend

    backend = ApertiumBackend()
    if not backend.supports("en", "es"):
        return "apertium: not installed (apt-get install apertium apertium-eng-spa)"
    words = sum(len(s.split()) for s in ctx.sentences)
    seconds = best_of(ctx.repeat, lambda: backend.translate_batch(ctx.sentences, "en", "es"))
    return f"apertium en->es (one process per batch)   {words / seconds:9.0f} words/s     ({seconds * 1000:8.1f} ms, {words} words)"


def bench_translate_markdown(ctx: Context) -> str:
    """Whole posts through translate_markdown: segmentation, one batch per post, reassembly."""
    from blogbabel.translate.job import TranslateOptions, prepare_translation

    posts = []
    for start in range(0, len(ctx.sentences), 20):
        chunk = ctx.sentences[start:start + 20]
        paragraphs = [" ".join(chunk[i:i + 4]) for i in range(0, len(chunk), 4)]
        posts.append(f"---\ntitle: Post {start}\n---\n\n" + "\n\n".join(paragraphs) + "\n")
    options = TranslateOptions(clean=False)
    translator = ctx.translator

    def run() -> int:
        units = 0
        for text in posts:
            job = prepare_translation(text, source="en", target="es", options=options, preserves_markup=translator.preserves_markup)
            units += len(job.texts)
            job.finish(translator.translate_batch(job.texts, "en", "es"))
        return units

    units = run()
    seconds = best_of(ctx.repeat, run)
    ratio = seconds / ctx.results["ours"]
    return (f"translate_markdown, {len(posts)} posts of 20 sentences {units / seconds:9.0f} segments/s  ({seconds * 1000:8.1f} ms)"
            f"  {ratio:.2f}x the batched backend on the same sentences (one batch per post)")


BENCHMARKS = [bench_raw, bench_ours, bench_translate_markdown, bench_argos_per_segment, bench_argos_as_configured, bench_memory_rerun, bench_apertium]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="CTranslate2 intra_threads (default 1)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        # Argos reads its packages folder when first imported: set it before any import.
        os.environ["ARGOS_PACKAGES_DIR"] = str(workdir / "packages")
        from support.tiny_argos import build_tiny_package

        from blogbabel.backends.argos import ArgosBackend
        from blogbabel.backends.packages import install_model

        install_model(build_tiny_package(workdir, "en", "es"))
        ctx = Context(make_sentences(args.sentences), args.repeat, workdir)
        ctx.backend = ArgosBackend(intra_threads=args.threads, inter_threads=1)
        ctx.translator.translate_batch(ctx.sentences[:10], "en", "es")  # load the model outside the timings
        print(f"{len(ctx.sentences)} sentences, tiny Argos en->es model, intra_threads={args.threads}, "
              f"beam {ctx.backend.beam_size}, best of {args.repeat}")
        for bench in BENCHMARKS:
            print(bench(ctx), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
