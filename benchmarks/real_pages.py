"""Real pages: the invariants and Apertium's warnings, over folders of real Markdown (issue 13).

The pages are other people's text and stay outside this repository (tests/test_real_pages.py
runs the same invariants as a test). Prints the pages and their size, how many break an
invariant (:mod:`support.invariants`) and which, the slowest page's check, and, when Apertium is
installed, its end-to-end warnings per kind against the units sent (each page translated from
the language detected in it to the other).

    python benchmarks/real_pages.py FOLDER [FOLDER ...] [--no-apertium]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from support.invariants import broken_invariants  # noqa: E402

from blogbabel.repair import clean_markdown  # noqa: E402
from blogbabel.site.langdetect import detect_language  # noqa: E402
from blogbabel.translate.job import TranslateOptions, translate_post  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--no-apertium", action="store_true")
    args = parser.parse_args()
    pages = sorted(page for folder in args.folders for page in folder.rglob("*.md*") if page.suffix in (".md", ".mdx"))
    texts = [(page, page.read_text(encoding="utf-8")) for page in pages]
    size = sum(len(text.encode("utf-8")) for _, text in texts)
    print(f"{len(texts)} pages, {size / 1e6:.1f} MB")
    broken: Counter[str] = Counter()
    failing, repaired, slowest = [], 0, (0.0, "")
    for page, text in texts:
        start = time.perf_counter()
        found = broken_invariants(text)
        slowest = max(slowest, (time.perf_counter() - start, page.name))
        repaired += clean_markdown(text).text != text
        if found:
            failing.append(page.name)
            broken.update(line.split(":")[1].strip() if ":" in line else line for line in found)
    print(f"  pages breaking an invariant: {len(failing)} of {len(texts)} {dict(broken) if broken else ''}")
    for name in failing[:10]:
        print(f"    {name}")
    print(f"  clean pages the repair changed: {repaired}")
    print(f"  slowest page (identity, marker and upper-case engines, both modes): {slowest[0]:.2f} s ({slowest[1]})")
    if args.no_apertium:
        return
    try:
        from blogbabel.backends import get_backend

        backend = get_backend("apertium")
    except Exception as exc:  # apertium is a Debian package: not on every machine
        print(f"  apertium: skipped ({exc})")
        return
    warnings: Counter[str] = Counter()
    units = errors = kept = 0
    start = time.perf_counter()
    for _, text in texts:
        source = detect_language(text).lang
        target = "en" if source == "es" else "es"
        try:
            result = translate_post(text, source=source, target=target, translator=backend, options=TranslateOptions(clean=False))
        except Exception:
            errors += 1
            continue
        units += result.units
        warnings.update(warning.kind for warning in result.warnings)
        kept += sum(warning.kind == "placeholder" and "source sentence kept" in warning.message for warning in result.warnings)
    print(f"  apertium, every page: {time.perf_counter() - start:.0f} s, {errors} errors, {units} units, warnings {dict(warnings)}; sentences kept in the source for broken markup: {kept} = {100 * kept / max(units, 1):.2f}%")


if __name__ == "__main__":
    main()
