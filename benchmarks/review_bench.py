"""How long the review report takes, beside the build it reviews, in one run.

``python benchmarks/review_bench.py --posts 1000`` writes the synthetic blog of
``workload.py`` (half English, half Spanish, ~600 words, 10 figures each), builds it in place
(``identity`` engine, made to fill the translation memory so the review replays a real one),
then times, on the same machine and data: the build, and the review (collecting it, then
writing its pages) cold in ``--jobs`` processes, then warm (the second review of the unchanged
site: its review cache and pages are current), and the site scan ``blogbabel status`` makes
(every review starts with it). Prints seconds and ratios to the build and to the scan.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", metavar="DIR", help="write the site and report here (kept)")
    args = parser.parse_args()

    from workload import write_site  # noqa: E402

    from blogbabel.backends.identity import IdentityBackend
    from blogbabel.review import collect_review, write_review
    from blogbabel.site import build_site, load_config
    from blogbabel.site.status import make_plan

    IdentityBackend.translates = True  # its output goes into the memory like a real engine's
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="review-bench-"))
    try:
        site = root / "site"
        write_site(site, args.posts)  # the same bytes again in a kept folder: the build is then incremental
        settings = {"locales": "en,es", "backend": "identity", "in_place": True, "progress": False, "jobs": args.jobs}
        started = time.perf_counter()
        report = build_site(load_config(site, **settings))
        build_seconds = time.perf_counter() - started
        config = load_config(site, locales="en,es", in_place=True, check=True)
        timings = {}
        shutil.rmtree(site / ".blogbabel/review-cache", ignore_errors=True)
        shutil.rmtree(root / "report", ignore_errors=True)
        for label, jobs, cache in ((f"cold, --jobs {args.jobs}", args.jobs, True), ("warm, --jobs 1", 1, True)):
            started = time.perf_counter()
            review = collect_review(config, jobs=jobs, use_cache=cache)
            collected = time.perf_counter() - started
            started = time.perf_counter()
            pages = write_review(review, root / "report")
            timings[label] = (collected, time.perf_counter() - started)
        started = time.perf_counter()
        make_plan(config)
        status_seconds = time.perf_counter() - started
        rows = sum(len(post.rows) for post in review.posts)
        print(f"{args.posts} posts, {len(review.posts)} translations, {rows} segment rows, {len(pages)} pages")
        print(f"build (--jobs {args.jobs}): {build_seconds:7.2f} s  ({len(report.written)} files written)")
        print(f"status (the site scan):  {status_seconds:7.2f} s")
        for label, (collected, written) in timings.items():
            total = collected + written
            print(f"review {label:<22} collect {collected:6.2f} s + write {written:5.2f} s = {total:6.2f} s"
                  f" = {total / build_seconds:.2f}x the build = {total / status_seconds:.1f}x status")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
