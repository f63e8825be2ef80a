"""``blogbabel export``: every segment of the site for one locale, as PO or XLIFF 2.1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .import_file import add_site_location

HELP = "write every segment of the site for one locale to a PO or XLIFF 2.1 file for translators"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("export", help=HELP, description=HELP + " (source, current translation, origin, file:line, flags). Writes nothing into the site.")
    parser.add_argument("content_dir", metavar="CONTENT_DIR", help="folder holding the posts")
    add_site_location(parser)
    parser.add_argument("--locale", required=True, metavar="LANG", help="the locale the translations are in")
    parser.add_argument("--source-lang", metavar="LANG", help="take posts written in LANG (default: the site's default language, or the only other one)")
    parser.add_argument("--format", choices=("po", "xliff"), help="file format (default: from the -o suffix, else po)")
    parser.add_argument("-o", "--output", dest="file", required=True, type=Path, metavar="FILE", help="the file to write")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..exchange.collect import collect
    from ..exchange.po import write_po
    from ..exchange.xliff import write_xliff
    from ..site.config import load_config

    config = load_config(args.content_dir, output_dir=args.site_output, in_place=args.in_place, layout=args.layout, check=True)
    if args.locale not in config.locales:
        raise ConfigError(f"{args.locale!r} is not one of the site's locales ({', '.join(config.locales)})")
    others = [lang for lang in config.locales if lang != args.locale]
    source = args.source_lang or (config.default_lang if config.default_lang != args.locale else (others or [args.locale])[0])
    if source == args.locale:
        raise ConfigError(f"--source-lang {source} is the locale itself", hint="name the language the posts are written in")
    found = collect(config, args.locale, source)
    fmt = args.format or ("xliff" if args.file.suffix.lower() in (".xlf", ".xliff") else "po")
    count = (write_xliff if fmt == "xliff" else write_po)(found, args.file)
    for problem in found.problems:
        print(f"error: {problem}", file=sys.stderr)
    for lang, posts in sorted(found.other_languages.items()):
        print(f"note: {posts} posts written in {lang} left out (export them with --source-lang {lang})", file=sys.stderr)
    entries = found.entries.values()
    done = sum(1 for e in entries if e.translation and "fuzzy" not in e.flags)
    print(
        f"wrote {args.file}: {count} entries ({done} translated, {sum(1 for e in entries if 'fuzzy' in e.flags)} fuzzy, "
        f"{sum(1 for e in entries if e.origin == 'human')} by a person), {source} -> {args.locale}",
        file=sys.stderr,
    )
    return 123 if found.problems else 0
