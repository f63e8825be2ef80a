"""``blogbabel import``: a translator's PO or XLIFF file back into the memory as human entries."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "store the translations of a PO or XLIFF file as human translations (the next build writes them)"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("import", help=HELP, description=HELP + ".")
    parser.add_argument("file", type=Path, metavar="FILE", help="a .po or .xlf/.xliff file made by blogbabel export")
    parser.add_argument("content_dir", metavar="CONTENT_DIR", help="folder holding the posts")
    add_site_location(parser)
    parser.add_argument("--locale", metavar="LANG", help="refuse the file unless it is for LANG")
    parser.add_argument("--include-fuzzy", action="store_true", help="also store entries marked fuzzy")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.set_defaults(func=run)


def add_site_location(parser: argparse.ArgumentParser) -> None:
    """Where the site's translations are, when its blogbabel.toml does not say."""
    from ..site.config import LAYOUTS

    parser.add_argument("--site-output", metavar="OUT", help="the output folder the site is built into (build -o OUT)")
    parser.add_argument("--in-place", action="store_true", default=None, help="translations live beside the sources")
    parser.add_argument("--layout", choices=LAYOUTS, help="the site's layout (as for build)")


def run(args: argparse.Namespace) -> int:
    import json

    from ..exchange.importing import import_file
    from ..site.config import load_config

    config = load_config(args.content_dir, output_dir=args.site_output, in_place=args.in_place, layout=args.layout, check=True)
    result = import_file(config, args.file, locale=args.locale, include_fuzzy=args.include_fuzzy)
    for problem in result.errors:
        print(f"error: {problem}", file=sys.stderr)
    for problem in result.notes:
        print(f"note: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.counts()))
    else:
        print(", ".join(f"{n} {what}" for what, n in result.counts().items()), file=sys.stderr)
    return 123 if result.errors else 0
