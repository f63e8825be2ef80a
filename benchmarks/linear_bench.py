"""Linear time on hostile and long inputs (issue 13).

For each case (cmark-gfm's pathological inputs from ../shared/gfm/pathological_tests.py, plus
unclosed template tags and ordinary long paragraphs) prints the time of ``clean_markdown`` and
``translate_markdown`` (marker translator, placeholders) at the case's full size against the
budget of 2 s + 2 s/MB, then the time per KB at 1 KB, 100 KB and 1 MB: flat means linear.

    python benchmarks/linear_bench.py [--case NAME] [--no-full] [--no-sizes]
"""

from __future__ import annotations

import argparse
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from blogbabel.repair import clean_markdown
from blogbabel.translate.job import TranslateOptions, translate_markdown
from support.markers import MarkerTranslator

PATHOLOGICAL = HERE.parent.parent / "shared" / "gfm" / "pathological_tests.py"
#: cases whose point is the reference map of cmark's C code (hash collisions), not ours
SKIP = {"reference collisions"}


def cases() -> dict[str, str]:
    """Name -> input at full size."""
    found: dict[str, str] = {}
    if PATHOLOGICAL.exists():
        sys.modules.setdefault("cmark", types.SimpleNamespace(CMark=None))  # the file imports it
        namespace: dict = {"__name__": "pathological"}
        exec(compile(PATHOLOGICAL.read_text(encoding="utf-8"), str(PATHOLOGICAL), "exec"), namespace)  # noqa: S102 (peer data file)
        found.update({name: case[0] for name, case in namespace["pathological"].items() if name not in SKIP})
    found["unclosed {%"] = "{% a " * 50000
    found["unclosed {{<"] = "{{< a " * 50000
    found["unclosed {{ with }}"] = "{{ a " * 50000 + "}}"
    found["5,000 emphasised words"] = " ".join(f"*word{i}*" for i in range(5000)) + "\n"
    found["plain links 70 KB"] = " ".join(f"[link {i}](https://example.com/{i})" for i in range(2000)) + "\n"
    found["bare URLs"] = " ".join(f"see https://example.com/page/{i}." for i in range(3000)) + "\n"
    return found


def markdown_it_seconds(text: str) -> float:
    """markdown-it-py rendering the same input, for scale (the machine may be loaded)."""
    from markdown_it import MarkdownIt

    start = time.perf_counter()
    MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    return time.perf_counter() - start


def measure(text: str) -> tuple[float, float]:
    options = TranslateOptions(clean=False, front_matter=False)
    start = time.perf_counter()
    clean_markdown(text + " cafÃ©\n", lang="en")  # a broken word: the repair really runs
    middle = time.perf_counter()
    translate_markdown(text, source="en", target="es", translator=MarkerTranslator(True), options=options)
    return middle - start, time.perf_counter() - middle


def resized(text: str, size: int) -> str:
    return (text * (size // max(1, len(text)) + 1))[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", help="only these cases (repeatable)")
    parser.add_argument("--no-full", action="store_true", help="skip the full-size run")
    parser.add_argument("--no-sizes", action="store_true", help="skip the 1 KB / 100 KB / 1 MB runs")
    args = parser.parse_args()
    print(f"{'case':34} {'size':>9} {'clean s':>8} {'transl s':>8} {'budget':>7}      {'md-it s':>7}  ms/KB at 1 KB / 100 KB / 1 MB (clean+translate)")
    for name, text in cases().items():
        if args.case and name not in args.case:
            continue
        row = f"{name[:34]:34}"
        if not args.no_full:
            clean, translate = measure(text)
            budget = 2 + 2 * len(text) / 1e6
            verdict = "ok" if max(clean, translate) <= budget else "OVER"
            row += f" {len(text) / 1e6:8.2f}M {clean:8.2f} {translate:8.2f} {budget:6.1f}s {verdict:4} {markdown_it_seconds(text):7.2f}"
        if not args.no_sizes:
            per_kb = []
            for size in (1_000, 100_000, 1_000_000):
                clean, translate = measure(resized(text, size))
                per_kb.append(f"{(clean + translate) * 1e6 / size:7.3f}")
            row += "  " + " / ".join(per_kb)
        print(row, flush=True)


if __name__ == "__main__":
    main()
