"""LibreTranslate servers against the in-process argos backend, on the same sentences (issue 18).

    python benchmarks/server_bench.py [--posts 40] [--packages DIR]

The sentences are what a build of benchmarks/workload.py's posts sends to an engine that does
not keep markup (the English posts' texts, split into sentences by blogbabel). Three engines
translate them, one after the other, in one run: the argos backend (one batched CTranslate2
call per batch), the libretranslate backend with one local LibreTranslate 1.9.6 server, and
with two. Each line prints seconds, sentences per second and the ratio to argos. The servers
run the Argos packages in ``--packages`` (default: the tiny packages of tests/support/tiny_argos.py,
built into a temporary folder), so all three run the same model. On this 2-core machine two
servers share the same two cores: the figure shows the cost of LibreTranslate's one model
call per ``q`` item and what a second server buys when it has no cores of its own.

A GPU figure follows: the argos backend with ``--device cuda`` against ``--device cpu``,
where CTranslate2 sees a CUDA GPU (skipped, and said so, elsewhere).
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

from workload import iter_posts  # noqa: E402


def workload_texts(posts: int) -> list[str]:
    """The texts a build sends for the English posts (markup kept on blogbabel's side)."""
    from blogbabel.translate.job import prepare_translation

    texts: list[str] = []
    for _, text in iter_posts(posts * 2):
        if "\nlang: en\n" in text:
            texts.extend(prepare_translation(text, source="en", target="es", preserves_markup=False).texts)
    return list(dict.fromkeys(texts))


def timed(backend, texts: list[str]) -> tuple[float, list[str]]:
    started = time.perf_counter()
    result = backend.translate_batch(texts, "en", "es")
    return time.perf_counter() - started, result


def install_tiny_packages(folder: Path) -> Path:
    from support.tiny_argos import build_tiny_package

    from blogbabel.backends.packages import install_model

    for pair in (("en", "es"), ("es", "en")):
        install_model(build_tiny_package(folder / "archives", *pair))
    return Path(os.environ["ARGOS_PACKAGES_DIR"])


def gpu_line(texts: list[str]) -> str:
    import ctranslate2

    from blogbabel.backends.argos import ArgosBackend

    if ctranslate2.get_cuda_device_count() == 0:
        return "GPU: skipped (CTranslate2 sees no CUDA GPU on this machine)"
    cpu, gpu = ArgosBackend(device="cpu"), ArgosBackend(device="cuda")
    cpu.translate_batch(texts[:10], "en", "es")
    gpu.translate_batch(texts[:10], "en", "es")  # load outside the timing
    cpu_seconds, _ = timed(cpu, texts)
    gpu_seconds, _ = timed(gpu, texts)
    return f"GPU: argos --device cuda {gpu_seconds:.2f} s vs --device cpu {cpu_seconds:.2f} s = {cpu_seconds / gpu_seconds:.2f}x faster"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=40, help="English posts whose texts are translated")
    parser.add_argument("--packages", type=Path, help="Argos packages folder the servers and argos use (default: tiny packages)")
    args = parser.parse_args(argv)
    from support.libretranslate_server import libretranslate_python, start_server

    if libretranslate_python() is None:
        print("LibreTranslate is not installed: run scripts/setup.sh (it creates .venv-libretranslate)")
        return 1
    with tempfile.TemporaryDirectory(prefix="server-bench-") as tmp:
        work = Path(tmp)
        os.environ.setdefault("ARGOS_PACKAGES_DIR", str(args.packages or work / "packages"))
        from argostranslate import settings

        settings.package_dirs = [Path(os.environ["ARGOS_PACKAGES_DIR"])]
        packages = args.packages or install_tiny_packages(work)
        from blogbabel.backends.argos import ArgosBackend
        from blogbabel.backends.libretranslate import LibreTranslateBackend
        from blogbabel.translate.sentences import split_sentences

        texts = workload_texts(args.posts)
        sentences = len({s.strip() for t in texts for s in split_sentences(t.strip(), "en") if s.strip()})
        servers = [start_server(packages, work / f"server{n}") for n in range(2)]
        try:
            argos = ArgosBackend()
            argos.translate_batch(["Warm up the model."], "en", "es")  # model loaded outside the timing
            one = LibreTranslateBackend(url=servers[0].url)
            two = LibreTranslateBackend(url=[s.url for s in servers])
            for backend in (one, two):
                backend.translate_batch(["Warm up the model."], "en", "es")  # each server loads its model
            print(f"{len(texts)} texts, {sentences} distinct sentences (en->es), {os.cpu_count()} cores")
            base, _ = timed(argos, texts)
            print(f"argos (in process, batched)      {base:7.2f} s  {sentences / base:7.0f} sentences/s  1.00x")
            for label, backend in (("libretranslate, 1 local server", one), ("libretranslate, 2 local servers", two)):
                seconds, _ = timed(backend, texts)
                print(f"{label:32} {seconds:7.2f} s  {sentences / seconds:7.0f} sentences/s  {seconds / base:.2f}x argos's time"
                      f" ({backend.requests} requests)")
            print(gpu_line(texts))
        finally:
            for server in servers:
                server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
