"""How long the review report takes, beside the build it reviews, in one run.

``python benchmarks/review_bench.py --posts 1000`` writes the synthetic blog of
``workload.py`` (half English, half Spanish, ~600 words, 10 figures each) twice and builds
both copies into an output folder (``identity`` engine, made to fill the translation memory so
a review replays a real one): one copy as every build does, recording each translation's
review for ``blogbabel review``, the other with that recording switched off (what it costs
the build). Then times, on the same machine and data: the review (collecting it, then writing
its pages) cold right after the build (it reads what the build recorded), warm (the second
review of the unchanged site), and cold on the copy whose build recorded nothing (every post
analysed, in ``--jobs`` processes), and the site scan ``blogbabel status`` makes (every review
starts with it). Prints seconds and ratios to the build and to the scan.
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
    parser.add_argument("--keep", metavar="DIR", help="write the sites and reports here (kept)")
    args = parser.parse_args()

    from workload import write_site  # noqa: E402

    from blogbabel.backends.identity import IdentityBackend
    from blogbabel.review import collect_review, write_review
    from blogbabel.review.record import BuildRecorder
    from blogbabel.site import build_site, load_config
    from blogbabel.site.status import make_plan

    IdentityBackend.translates = True  # its output goes into the memory like a real engine's
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="review-bench-"))
    try:
        builds, configs = {}, {}
        for name in ("plain", "recorded"):
            site, out = root / name / "site", root / name / "out"
            shutil.rmtree(root / name, ignore_errors=True)
            write_site(site, args.posts)
            settings = {"locales": "en,es", "backend": "identity", "output_dir": out, "progress": False, "jobs": args.jobs}
            recording = BuildRecorder.written
            if name == "plain":
                BuildRecorder.written = lambda *args, **kwargs: None  # type: ignore[method-assign]
            try:
                started = time.perf_counter()
                report = build_site(load_config(site, **settings))
                builds[name] = time.perf_counter() - started
            finally:
                BuildRecorder.written = recording  # type: ignore[method-assign]
            assert report.exit_code == 0, report.errors[:3]
            configs[name] = load_config(site, locales="en,es", output_dir=out, check=True)
        timings = {}
        runs = ((f"cold after the build, --jobs {args.jobs}", "recorded"), ("warm, --jobs 1", "recorded"), (f"cold, no record, --jobs {args.jobs}", "plain"))
        for label, name in runs:
            jobs = 1 if label.startswith("warm") else args.jobs
            started = time.perf_counter()
            review = collect_review(configs[name], jobs=jobs)
            collected = time.perf_counter() - started
            started = time.perf_counter()
            pages = write_review(review, root / name / "report")
            timings[label] = (collected, time.perf_counter() - started)
        started = time.perf_counter()
        make_plan(configs["recorded"])
        status_seconds = time.perf_counter() - started
        build = builds["recorded"]
        rows = sum(post.row_count for post in review.posts)
        print(f"{args.posts} posts, {len(review.posts)} translations, {rows} segment rows, {len(pages)} pages")
        print(f"build (--jobs {args.jobs}), recording reviews:  {build:7.2f} s  ({len(report.written)} files written)")
        print(f"build (--jobs {args.jobs}), recording nothing:  {builds['plain']:7.2f} s  (recording costs {build / builds['plain']:.2f}x)")
        print(f"status (the site scan):             {status_seconds:7.2f} s")
        for label, (collected, written) in timings.items():
            total = collected + written
            print(f"review {label:<32} collect {collected:6.2f} s + write {written:5.2f} s = {total:6.2f} s = {total / build:.2f}x the build = {total / status_seconds:.1f}x status")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
