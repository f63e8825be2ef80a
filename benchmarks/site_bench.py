"""Whole-site benchmarks (issue 7): cleaning, segmentation, translation overhead, incremental
rebuilds, scaling and parallelism, measured side by side in one run on a synthetic site.

    python benchmarks/site_bench.py [--posts 1000] [--figures 1,2,3,4,5,6,7] [--quick]

The site is benchmarks/workload.py's (deterministic: English and Spanish posts of ~600 words,
10 captioned figures, code, a table, shortcodes, some mojibake). The model is the tiny real
Argos package of tests/support/tiny_argos.py (en->es and es->en, installed into a temporary
ARGOS_PACKAGES_DIR): it is fast, so the figures measure blogbabel's own overhead, not a big
model's compute. Each figure prints one line: the measured values, the ratio, the target and
PASS/MISS. Short measurements are the best of 3 after a warm-up; builds run once each (a build
over fresh output folders cannot be repeated without changing what it does). Figure 3 times the
raw CTranslate2 call on each batch the build sends right next to the build's own call, so a
machine whose speed drifts (a shared VM) slows both sides alike.

Figure 6 runs every size in a fresh subprocess (``--scaling-child``) and reads its peak RSS
from ``resource.getrusage`` there, so sizes do not contaminate each other.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from workload import iter_posts, write_site  # noqa: E402

PAIRS = (("en", "es"), ("es", "en"))
_LANG = re.compile(r"^lang: *(\w+)", re.MULTILINE)


def best_of(repeat: int, function, long: float = 20.0) -> float:
    """Fastest of ``repeat`` runs of ``function()`` (seconds); a run longer than ``long`` seconds
    is not repeated (its noise is small next to its length)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
        if times[-1] > long:
            break
    return min(times)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def post_lang(text: str) -> str:
    match = _LANG.search(text)
    return match.group(1) if match else "en"


def other(lang: str) -> str:
    return "es" if lang == "en" else "en"


def machine() -> str:
    """nproc, CPU model, RAM, Python and the versions of the libraries that matter here."""
    from importlib.metadata import PackageNotFoundError, version

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    ram = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 ** 2
    libraries = []
    for name in ("ctranslate2", "argos-translate-lt", "argostranslate", "sentencepiece", "ftfy", "markdown-it-py", "sentencex", "wordfreq"):
        try:
            libraries.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return (f"machine: {os.cpu_count()} cores ({cpu}), {ram:.0f} GB RAM, load {os.getloadavg()[0]:.2f}, "
            f"Python {sys.version.split()[0]}; " + ", ".join(libraries))


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB.

    Linux's ``getrusage`` ru_maxrss survives ``exec``: a child started from this (large)
    benchmark process would report the parent's size. VmHWM is the peak of this process's own
    memory map, so it is read first; ru_maxrss is the fallback elsewhere.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@dataclass
class Bench:
    """Shared state of one run: the workload on disk, the tiny models, the first build."""

    posts: int
    workdir: Path
    repeat: int = 3
    content: Path | None = None
    models_ready: bool = False
    recorded: list = field(default_factory=list)  # (backend, package, sentences) per CTranslate2 call
    first_build: object = None  # BuildReport of the argos build (figure 3)
    raw_seconds: float = 0.0  # raw CTranslate2 time over the build's sentences (figure 3)
    measuring_seconds: float = 0.0  # time the build spent in those raw measurements
    seg_seconds: dict = field(default_factory=dict)  # preserves_markup -> seconds (figure 2)
    _texts: list | None = None

    @property
    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = [text for _, text in iter_posts(self.posts)]
        return self._texts

    def site(self) -> Path:
        if self.content is None:
            self.content = write_site(self.workdir / "site", self.posts)
        return self.content

    def config(self, out: str, **settings):
        from blogbabel.site.config import load_config

        values = dict(output_dir=str(self.workdir / out), backend="identity", cache=False, progress=False)
        values.update(settings)
        return load_config(self.site(), **values)

    def install_models(self) -> None:
        """Install the tiny en->es and es->en packages; load them once outside any timing."""
        if self.models_ready:
            return
        from support.tiny_argos import build_tiny_package

        from blogbabel.backends.argos import ArgosBackend
        from blogbabel.backends.packages import install_model

        for source, target in PAIRS:
            install_model(build_tiny_package(self.workdir / "archives", source, target))
        warm = ArgosBackend()
        for source, target in PAIRS:
            warm.translate_batch(["Warm up the model.", "Otra frase."], source, target)
        self.models_ready = True


# ----------------------------------------------------------------------------- 1 cleaning


def figure_cleaning(bench: Bench) -> str:
    import ftfy

    from blogbabel.repair import clean_markdown
    from blogbabel.repair.engine import _reading

    texts = bench.texts
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    fixes = sum(len(clean_markdown(t).fixes) for t in texts)  # warm-up (lexicons load)
    for t in texts[:20]:
        ftfy.fix_text(t)
    # each timed run starts with the repair's cache of broken words empty, as a first build does
    ours = best_of(bench.repeat, lambda: (_reading.cache_clear(), [clean_markdown(t) for t in texts]))
    theirs = best_of(bench.repeat, lambda: [ftfy.fix_text(t) for t in texts])
    ratio = ours / theirs
    return (f"1 cleaning: clean_markdown {megabytes / ours:.2f} MB/s ({ours:.2f} s, {fixes} fixes) vs ftfy.fix_text "
            f"{megabytes / theirs:.2f} MB/s ({theirs:.2f} s) over {megabytes:.1f} MB: {ratio:.2f}x ftfy's time "
            f"(target <= 2x) {verdict(ratio <= 2)}")


# ----------------------------------------------------------------------------- 2 segmentation


def segment_posts(texts: list[str], preserves_markup: bool) -> int:
    """prepare_translation + finish with the identity translator, as the build does (glossary on,
    cleaning done before); returns the number of units."""
    from blogbabel.translate.glossary import load_glossary
    from blogbabel.translate.job import TranslateOptions, prepare_translation

    options = TranslateOptions(glossary=load_glossary(), clean=False)
    units = 0
    for text in texts:
        lang = post_lang(text)
        job = prepare_translation(text, source=lang, target=other(lang), options=options, preserves_markup=preserves_markup)
        units += len(job.texts)
        job.finish(job.texts)
    return units


def figure_segmentation(bench: Bench) -> str:
    from blogbabel.repair import clean_markdown

    texts = [clean_markdown(t).text for t in bench.texts]  # the build segments cleaned text
    segment_posts(texts[:20], True)
    units = segment_posts(texts, True)
    for preserves in (True, False):
        bench.seg_seconds[preserves] = best_of(bench.repeat, lambda: segment_posts(texts, preserves))
    seconds = bench.seg_seconds[True]
    per_1000 = seconds * 1000 / len(texts)
    line = (f"2 segmentation + reassembly (identity, tags): {len(texts) / seconds:.0f} posts/s, {seconds:.2f} s for "
            f"{len(texts)} posts ({units} units) = {per_1000:.2f} s per 1,000 (target < 5 s) {verdict(per_1000 < 5)}")
    if bench.first_build is not None:
        share = bench.seg_seconds[False] / bench.first_build.seconds
        line += (f"; plain-text mode {bench.seg_seconds[False]:.2f} s = {share:.1%} of the tiny-argos build's "
                 f"{bench.first_build.seconds:.1f} s (target < 5%) {verdict(share < 0.05)}")
    return line


# ----------------------------------------------------------------------------- 3 translation overhead


def _raw_call(backend, package, sentences: list[str]):
    """The raw CTranslate2 call the backend makes for ``sentences``: same tokens (the package's
    SentencePiece model), same order (sorted by length) and same decoding settings."""
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_file=str(Path(package.package_path) / "sentencepiece.model"))
    batch = sorted(processor.encode(sentences, out_type=str), key=len)
    prefix = getattr(package, "target_prefix", "") or ""
    options = dict(
        target_prefix=[[prefix]] * len(batch) if prefix else None, replace_unknowns=True,
        max_batch_size=backend.max_batch_tokens, batch_type="tokens", beam_size=backend.beam_size,
        num_hypotheses=1, length_penalty=0.2, max_decoding_length=backend.max_decoding_length,
    )
    translator = backend._model(package).translator
    return lambda: translator.translate_batch(batch, **options)


def _record_model_calls(bench: Bench):
    """Wrap ArgosBackend.translate_sentences: keep every call's sentences and time the raw
    CTranslate2 call on them right next to the build's own call (alternately before and after
    it), so both see the same machine load. The time spent here is taken out of the build's."""
    from blogbabel.backends.argos import ArgosBackend

    original = ArgosBackend.translate_sentences

    def recording(self, package, sentences, model=None):
        started = time.perf_counter()
        bench.recorded.append((self, package, list(sentences)))
        raw = _raw_call(self, package, list(sentences))
        if len(bench.recorded) % 2:
            result = original(self, package, sentences, model)
            own = time.perf_counter() - started
            bench.raw_seconds += best_of(1, raw)
        else:
            bench.raw_seconds += best_of(1, raw)
            own_started = time.perf_counter()
            result = original(self, package, sentences, model)
            own = time.perf_counter() - own_started
        bench.measuring_seconds += time.perf_counter() - started - own
        return result

    ArgosBackend.translate_sentences = recording
    return lambda: setattr(ArgosBackend, "translate_sentences", original)


def first_argos_build(bench: Bench):
    """Build the site with the tiny argos model and a fresh translation memory (once per run)."""
    if bench.first_build is None:
        from blogbabel.site.build import build_site

        bench.install_models()
        restore = _record_model_calls(bench)
        try:
            bench.first_build = build_site(bench.config("out-argos", backend="argos", cache=True))
        finally:
            restore()
        bench.first_build.seconds -= bench.measuring_seconds  # the raw calls timed inside it
        bench.first_build.model_seconds -= bench.measuring_seconds
        if bench.first_build.errors:
            raise SystemExit(f"the argos build failed: {bench.first_build.errors[:3]}")
    return bench.first_build


def figure_overhead(bench: Bench) -> str:
    report = first_argos_build(bench)
    raw, sentences = bench.raw_seconds, sum(len(batch) for _, _, batch in bench.recorded)
    ratio = report.seconds / raw
    return (f"3 translation overhead: build {report.seconds:.2f} s ({report.posts} posts, {report.units} units, "
            f"backend {report.model_seconds:.2f} s in {report.model_calls} calls) vs raw CTranslate2 {raw:.2f} s for the same "
            f"{sentences} sentences (timed next to each call): build {ratio:.2f}x raw, backend alone "
            f"{report.model_seconds / raw:.2f}x raw (target <= 1.15x) {verdict(ratio <= 1.15)}")


# ----------------------------------------------------------------------------- 4 per-call Argos


class OneSentence:
    """Argos' own sentencizer downloads a model at run time; each call here is one sentence."""

    def split_sentences(self, text):
        return [text]


def figure_per_call(bench: Bench, sample: int = 1000) -> str:
    from argostranslate.translate import apply_packaged_translation

    report = first_argos_build(bench)
    sentences = [(backend, package, s) for backend, package, batch in bench.recorded for s in batch]
    step = max(1, len(sentences) // sample)
    chosen = sentences[::step]
    started = time.perf_counter()
    for backend, package, sentence in chosen:
        translator = backend._model(package).translator  # the same CTranslate2 translator (same threads)
        apply_packaged_translation(package, sentence, translator, OneSentence(), num_hypotheses=1)
    per_call = (time.perf_counter() - started) / len(chosen) * len(sentences)
    speedup = per_call / report.model_seconds
    return (f"4 versus per-call Argos: apply_packaged_translation per sentence {per_call:.2f} s for {len(sentences)} "
            f"sentences (extrapolated from {len(chosen)}) vs our backend {report.model_seconds:.2f} s: {speedup:.1f}x faster; "
            f"whole build {per_call / report.seconds:.1f}x (target >= 5x) {verdict(speedup >= 5)}")


# ----------------------------------------------------------------------------- 5 incremental


def edit_one_sentence(path: Path) -> str:
    """Insert a word into the first sentence of the first plain paragraph of ``path``."""
    text = path.read_text(encoding="utf-8")
    body = text.index("\n---\n") + 5
    match = re.compile(r"^([A-Z][a-z]+) ([a-z]+ )", re.MULTILINE).search(text, body)
    edited = text[:match.start()] + f"{match.group(1)} zebra {match.group(2)}" + text[match.end():]
    path.write_text(edited, encoding="utf-8")
    return match.group(0)


def figure_incremental(bench: Bench) -> str:
    from blogbabel.site.build import build_site

    first = first_argos_build(bench)
    config = bench.config("out-argos", backend="argos", cache=True)
    second = build_site(config)
    post = sorted((bench.site() / "_posts").iterdir())[0]
    edit_one_sentence(post)
    third = build_site(config)
    share = second.seconds / first.seconds
    ok = second.model_calls == 0 and share < 0.10 and third.cache_misses == 1 and third.model_calls == 1
    return (f"5 incremental: first build {first.seconds:.2f} s ({first.model_calls} model calls, {first.cache_misses} segments "
            f"translated); unchanged rebuild {second.seconds:.2f} s = {share:.1%} of the first, {second.model_calls} model calls, "
            f"{len(second.written)} files written; one sentence edited in {post.name}: {third.cache_misses} segment translated, "
            f"{third.cache_hits} from memory, {third.model_calls} model call, {len(third.written)} files written, "
            f"{third.seconds:.2f} s (target 0 calls, < 10%, exactly 1 segment) {verdict(ok)}")


# ----------------------------------------------------------------------------- 6 scaling


def scaling_child(posts: int, backend: str) -> None:
    """Run in a fresh process: write a site of ``posts`` posts, build it, print JSON."""
    from blogbabel.site.build import build_site

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bench = Bench(posts, workdir)
        if backend == "argos":
            os.environ["ARGOS_PACKAGES_DIR"] = str(workdir / "packages")
            bench.install_models()
        bench.site()
        before = peak_rss_mb()
        report = build_site(bench.config("out", backend=backend))
        print(json.dumps({"posts": report.posts, "seconds": report.seconds, "peak_mb": peak_rss_mb(),
                          "before_build_mb": before, "errors": len(report.errors)}))


def figure_scaling(bench: Bench, sizes: list[int], backend: str) -> str:
    rows = []
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, "--scaling-child", str(size), "--scaling-backend", backend],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    table = ", ".join(f"N={r['posts']}: {r['seconds']:.1f} s ({1000 * r['seconds'] / r['posts']:.2f} s/1000) "
                      f"peak {r['peak_mb']:.0f} MB ({r['before_build_mb']:.0f} before the build)" for r in rows)
    per_post = [r["seconds"] / r["posts"] for r in rows]
    growth = per_post[-1] / per_post[len(per_post) // 2] if len(rows) > 1 else 1.0
    memory = rows[-1]["peak_mb"]
    spread = memory - rows[0]["peak_mb"]
    ok = growth < 1.25 and memory < 300 and not any(r["errors"] for r in rows)
    return (f"6 scaling ({backend} backend, fresh process per N): {table}; time per post at the largest N "
            f"{growth:.2f}x the middle one, peak memory +{spread:.0f} MB from smallest to largest "
            f"(target linear, flat, < 300 MB) {verdict(ok)}")


# ----------------------------------------------------------------------------- 7 parallelism


def prepare_post(text: str):
    """The stage --jobs spreads over processes: clean, then segment (the job goes back pickled)."""
    from blogbabel.repair import clean_markdown
    from blogbabel.translate.job import TranslateOptions, prepare_translation

    lang = post_lang(text)
    cleaned = clean_markdown(text, lang=lang).text
    return prepare_translation(cleaned, source=lang, target=other(lang), options=TranslateOptions(clean=False))


def chunked(run, texts: list[str], size: int = 64) -> None:
    """``run`` over chunks of ``texts`` with the GC handled as the build does (one collection per
    chunk: a chunk's jobs are thousands of surviving objects)."""
    gc.disable()
    try:
        for start in range(0, len(texts), size):
            list(run(texts[start:start + size]))
            gc.collect()
    finally:
        gc.enable()


def figure_jobs(bench: Bench) -> str:
    from blogbabel.site.build import build_site

    texts = bench.texts
    serial = best_of(bench.repeat, lambda: chunked(lambda part: map(prepare_post, part), texts))
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(prepare_post, texts[:8]))  # start the workers
        parallel = best_of(bench.repeat, lambda: chunked(lambda part: pool.map(prepare_post, part, chunksize=16), texts))
    builds = {jobs: build_site(bench.config(f"out-jobs{jobs}", jobs=jobs)).seconds for jobs in (1, 2)}
    stage, build = serial / parallel, builds[1] / builds[2]
    return (f"7 parallelism ({os.cpu_count()} cores): clean + segment stage {serial:.2f} s with 1 process vs {parallel:.2f} s "
            f"with 2 = {stage:.2f}x; identity build --jobs 1 {builds[1]:.2f} s vs --jobs 2 {builds[2]:.2f} s = {build:.2f}x "
            f"(target: a gain) {verdict(build > 1.1)}")


# ----------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--figures", default="1,2,3,4,5,6,7", help="comma-separated figure numbers")
    parser.add_argument("--quick", action="store_true", help="100 posts, scaling 20/100/400, 1 repeat")
    parser.add_argument("--scaling", default="1000,10000,100000", help="site sizes for figure 6")
    parser.add_argument("--scaling-backend", default="identity", choices=("identity", "argos"))
    parser.add_argument("--scaling-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scaling_child:
        scaling_child(args.scaling_child, args.scaling_backend)
        return 0
    figures = {int(f) for f in args.figures.split(",") if f.strip()}
    sizes = [int(s) for s in args.scaling.split(",")]
    posts, repeat = args.posts, 3
    if args.quick:
        posts, repeat, sizes = min(posts, 100), 1, [20, 100, 400]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        # Argos reads its packages folder when first imported: set it before any import.
        os.environ["ARGOS_PACKAGES_DIR"] = str(workdir / "packages")
        bench = Bench(posts, workdir, repeat)
        words = sum(len(t.split()) for t in bench.texts) / posts
        print(machine())
        print(f"workload: {posts} posts (en + es), {words:.0f} words/post with markup, 10 figures each; best of {repeat}")
        # 3 first: figures 2, 4 and 5 reuse its build and the sentences it sent
        for number, run in ((3, figure_overhead), (1, figure_cleaning), (2, figure_segmentation), (4, figure_per_call),
                            (5, figure_incremental), (6, lambda b: figure_scaling(b, sizes, args.scaling_backend)),
                            (7, figure_jobs)):
            if number in figures:
                print(run(bench), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
