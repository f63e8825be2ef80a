"""``blogbabel review``: a static HTML report of every translation, side by side with its source."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write a static HTML review of every translation: source and translation side by side, every flag visible"


def add_parser(subparsers) -> None:
    from ..site.config import LAYOUTS

    parser = subparsers.add_parser("review", help=HELP, description=HELP + ". Opens from file:// (no server, no network); reads the site, writes only the report.")
    parser.add_argument("content_dir", metavar="CONTENT_DIR", help="folder holding the posts (its blogbabel.toml is read)")
    parser.add_argument("-o", "--out", dest="report_dir", metavar="DIR", required=True, help="write the report here (DIR/index.html)")
    parser.add_argument("--site", dest="output_dir", metavar="OUT", help="where the build wrote the site (build -o OUT)")
    parser.add_argument("--in-place", action="store_true", default=None, help="the translations are beside the sources")
    parser.add_argument("--locales", metavar="LIST", help="comma-separated locales the site has, e.g. en,es")
    parser.add_argument("--default-lang", metavar="LANG", help="the site's default language")
    parser.add_argument("--layout", choices=LAYOUTS, help="where the generator expects each locale (default: folder)")
    parser.add_argument("--docs-structure", choices=("suffix", "folder"), help="mkdocs-static-i18n layout (default: suffix)")
    parser.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: the build's setting)")
    parser.set_defaults(func=run)


def write_report(config, report_dir: str | Path, *, jobs: int | None = None) -> int:
    """Collect and write the review of ``config``'s site; print where it is. Exit status:
    0, or 123 when some posts could not be reviewed."""
    from ..review import collect_review, write_review

    review = collect_review(config, jobs=jobs or config.jobs)
    pages = write_review(review, report_dir)
    attention = sum(1 for post in review.posts if post.needs_attention)
    print(f"review: {len(review.posts)} translations ({attention} need attention), {len(review.unknown_words)} unknown words; open {pages[0].resolve().as_uri()}", file=sys.stderr)
    for flag in review.errors:
        print(f"error: {flag.where}: {flag.message}", file=sys.stderr)
    return 123 if review.errors else 0


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..site.config import load_config
    from .build import site_overrides

    overrides = site_overrides(args)
    try:
        config = load_config(args.content_dir, **overrides, check=True)
    except ConfigError as exc:
        if exc.message != "no output folder":
            raise
        raise ConfigError("where is the built site?", path=args.content_dir, hint="pass --site OUT (the folder `build -o OUT` wrote), --in-place, or set output in blogbabel.toml") from None
    return write_report(config, args.report_dir, jobs=args.jobs)
