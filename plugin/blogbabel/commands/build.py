"""``blogbabel build``: clean and translate a site into per-locale Markdown."""

from __future__ import annotations

import argparse
import dataclasses
import sys

HELP = "clean and translate every post into the per-locale Markdown a site generator expects"


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``build`` and ``status`` (where the site is and how it is laid out)."""
    from ..site.config import LAYOUTS

    parser.add_argument("content_dir", metavar="CONTENT_DIR", help="folder holding the posts (its blogbabel.toml is read)")
    parser.add_argument("-o", "--output", dest="output_dir", metavar="OUT", help="write the site here (sources are never modified)")
    parser.add_argument("--in-place", action="store_true", default=None, help="write translations beside the sources (a source with mojibake is repaired in place; repair_sources = false keeps it)")
    parser.add_argument("--locales", metavar="LIST", help="comma-separated locales the site has, e.g. en,es")
    parser.add_argument("--default-lang", metavar="LANG", help="the site's default language (and the fallback for detection)")
    parser.add_argument("--layout", choices=LAYOUTS, help="where the generator expects each locale (default: folder)")
    parser.add_argument("--docs-structure", choices=("suffix", "folder"), help="mkdocs-static-i18n layout (default: suffix)")


def add_parser(subparsers) -> None:
    from ..cli import finite_number

    parser = subparsers.add_parser(
        "build", help=HELP, description=HELP + ". Exit status: 0 done, 1 --check found missing or stale translations, 2 usage error, 123 some posts failed, 130 interrupted."
    )
    add_site_arguments(parser)
    parser.add_argument("--backend", type=_backend_name, metavar="NAME", help="auto, argos, apertium, libretranslate, identity or an installed plugin (default: auto)")
    parser.add_argument("--device", choices=("cpu", "cuda", "auto"), help="where the argos backend runs its model (default: cpu)")
    parser.add_argument("--server", action="append", metavar="URL", help="a LibreTranslate server (repeat for several; implies --backend libretranslate)")
    parser.add_argument("--check", action="store_true", default=None, help="write nothing; exit 1 if a translation is missing or stale")
    parser.add_argument("--dry-run", action="store_true", default=None, help="show what would be written; write nothing")
    parser.add_argument("--force", action="store_true", default=None, help="also replace translations a person edited")
    parser.add_argument("--no-cache", action="store_true", default=None, help="do not read or fill the translation memory")
    parser.add_argument("--no-notice", dest="notice", action="store_false", default=None, help="no machine-translation notice")
    parser.add_argument("--timeout", type=finite_number, metavar="SECONDS", help="give up on a backend batch after this long (default: 300 + 1 per text)")
    parser.add_argument("--max-post-mb", type=finite_number, metavar="MB", help="report Markdown files larger than this instead of reading them (default: 5)")
    parser.add_argument("--lock-timeout", type=finite_number, metavar="SECONDS", help="give up waiting for another build of the same site after this long (default: 600)")
    parser.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes for cleaning and segmentation")
    parser.add_argument("--review", metavar="DIR", help="then write the HTML review of every translation into DIR")
    parser.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, print only problems")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list every file written")
    parser.set_defaults(func=run)


def _backend_name(value: str) -> str:
    """An installed backend's name (an unknown one is a usage error: exit 2, like any choice)."""
    from ..backends import backend_names

    names = ["auto", *backend_names()]
    if value not in names:
        raise argparse.ArgumentTypeError(f"invalid choice: {value!r} (choose from {', '.join(names)})")
    return value


def site_overrides(args: argparse.Namespace) -> dict:
    """The settings given on the command line (None = not given, the config file decides)."""
    return {
        "output_dir": args.output_dir,
        "in_place": args.in_place,
        "locales": args.locales,
        "default_lang": args.default_lang,
        "layout": args.layout,
        "docs_structure": args.docs_structure,
    }


def run(args: argparse.Namespace) -> int:
    from ..site import build_site, load_config
    from ..site.report import rows_to_write
    from ..site.status import HUMAN, edit_backup, format_rows

    overrides = site_overrides(args)
    overrides.update(
        backend=args.backend,
        check=args.check,
        dry_run=args.dry_run,
        force=args.force,
        no_cache=args.no_cache,
        notice=args.notice,
        jobs=args.jobs,
        timeout=args.timeout,
        max_post_mb=args.max_post_mb,
        lock_timeout=args.lock_timeout,
        progress=False if (args.quiet or args.json) else None,
    )
    if args.server and not args.backend:
        overrides["backend"] = "libretranslate"
    config = load_config(args.content_dir, **overrides)
    engine_options = {key: value for key, value in (("device", args.device), ("url", args.server)) if value}
    if engine_options:  # added to the config file's backend_options, not replacing them
        config = dataclasses.replace(config, backend_options={**config.backend_options, **engine_options})
    report = build_site(config)
    if args.review and not (config.check or config.dry_run):
        from .review import write_report

        write_report(config, args.review)
    if args.json:
        report.write_json(sys.stdout)
        return report.exit_code
    err = sys.stderr
    for problem in report.errors:
        print(f"error: {problem}", file=err)
    if not args.quiet:
        for problem in report.warnings:
            print(f"warning: {problem}", file=err)
    if config.check or config.dry_run:
        table = format_rows(report.pending if config.check else report.rows, only_problems=config.check)
        if table:
            print(table)
        if config.dry_run and config.force:
            for row in rows_to_write(report):
                if row.path and row.state == HUMAN:
                    print(f"would replace {row.path} (edited by a person; the edit would be kept as {edit_backup(row.path)})")
    elif not args.quiet:
        for rel in report.written if args.verbose else ():
            print(f"wrote {rel}")
        for rel in report.removed:
            print(f"removed {rel} (its source is gone)")
        for rel, fixes in report.sources_repaired.items():
            print(f"repaired {rel} in place ({len(fixes)} mojibake fixes)")
            for fix in fixes:
                print(f"  {rel}:{fix['line']}:{fix['column']}: {fix['before']!r} -> {fix['after']!r}")
        for rel, backup in report.backups.items():
            print(f"replaced {rel}; the edit it held is kept as {backup}")
        for rel in report.kept:
            print(f"kept {rel} (edited by a person; --force replaces it)")
    if not args.quiet or report.exit_code:
        print(report.summary(), file=err)
    return report.exit_code
