"""``blogbabel clean PATH... [-o OUT | --in-place] [--check] [--diff] [--report FILE.json]``.

Repairs mojibake in Markdown posts (see :mod:`blogbabel.repair`). PATHs are files or folders
(recursed; hidden folders, node_modules and _site skipped). Without ``-o``/``--in-place`` a
single file is written to stdout, and otherwise nothing is written. Exit status: 0 done,
1 ``--check`` found something to change, 123 some file could not be read.
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    from ..cli import finite_number

    parser = subparsers.add_parser(
        "clean",
        help="repair mojibake in Markdown posts (prose only)",
        description="Repair mojibake (DalÃ -> Dalí, ðŸŽ¨ -> 🎨) in Markdown posts; code, URLs, entities, templates and front matter keys stay byte-identical.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="Markdown file or folder")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, metavar="OUT", help="write cleaned copies under OUT (the tree is mirrored; other files copied)")
    target.add_argument("--in-place", action="store_true", help="rewrite the files (atomically)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    parser.add_argument("--diff", action="store_true", help="print a unified diff of the changes")
    parser.add_argument("--report", type=Path, metavar="FILE.json", help="write every fix, unresolved token and encoding note as JSON")
    parser.add_argument("--lang", help="language of the posts (default: front matter lang, else Spanish and English)")
    parser.add_argument(
        "--code-tag", action="append", default=[], metavar="NAME", help="a paired template tag whose content is code, besides highlight, code-toggle... (repeatable; the site's code_tags)"
    )
    parser.add_argument("--max-post-mb", type=finite_number, default=None, metavar="MB", help="refuse Markdown files larger than this (default: 5)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..cleaning import CleanReport, clean_file, walk_sources
    from ..errors import BlogbabelError
    from ..exitcodes import EXIT_USAGE
    from ..files import atomic_write, ensure_inside
    from ..markdown.patterns import code_tags_with

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"blogbabel clean: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if args.output is not None:
        out_root = args.output.resolve()
        for path in args.paths:
            inside = path.resolve()
            if out_root == inside or (inside.is_dir() and inside in out_root.parents):
                print(f"blogbabel clean: error: -o {args.output} is inside {path}: choose a folder outside the sources", file=sys.stderr)
                return EXIT_USAGE
    sources = walk_sources(args.paths)
    code_tags = code_tags_with(args.code_tag)
    to_stdout = args.output is None and not args.in_place and not args.check and not args.diff and len(sources) == 1
    report = CleanReport(check=args.check)
    for source in sources:
        destination = args.output / source.relative if args.output is not None else None
        if destination is not None:
            try:  # the same containment as build: never through a symlinked folder of OUT
                ensure_inside(args.output, source.relative)
            except BlogbabelError as exc:
                report.failed(source.path, exc, markdown=source.markdown)
                print(f"blogbabel: error: {destination}: {exc}", file=sys.stderr)
                continue
        if not source.markdown:
            if destination is not None and not args.check:
                try:
                    atomic_write(destination, source.path.read_bytes())
                    shutil.copystat(source.path, destination)
                except (BlogbabelError, OSError) as exc:
                    report.failed(source.path, exc, markdown=False)
                    print(f"blogbabel: error: {exc}", file=sys.stderr)
            continue
        try:
            cleaned = clean_file(source.path, lang=args.lang, max_mb=args.max_post_mb, code_tags=code_tags)
        except BlogbabelError as exc:
            report.failed(source.path, exc)
            print(f"blogbabel: error: {exc}", file=sys.stderr)
            continue
        report.done(cleaned)
        if args.diff and cleaned.changed:
            sys.stdout.writelines(
                difflib.unified_diff(
                    cleaned.original.splitlines(keepends=True),
                    cleaned.result.text.splitlines(keepends=True),
                    fromfile=str(source.path),
                    tofile=str(source.path),
                )
            )
        for note in cleaned.notes:
            if not args.quiet:
                print(f"blogbabel: {source.path}: {note}", file=sys.stderr)
        if args.check:
            if cleaned.changed:  # name each file, as black's --check does
                lines = sorted({fix.line for fix in cleaned.result.fixes})
                where = f" (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})" if lines else ""
                print(f"would repair {source.path}: {len(cleaned.result.fixes)} fix(es){where}")
            continue
        try:
            if to_stdout:
                sys.stdout.write(cleaned.result.text)
            elif destination is not None:
                atomic_write(destination, cleaned.data)
            elif args.in_place and cleaned.changed:
                atomic_write(source.path, cleaned.data)
        except BlogbabelError as exc:
            report.write_failed()
            print(f"blogbabel: error: {exc}", file=sys.stderr)
    if args.report is not None:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not args.quiet:
        verb = "would change" if args.check or not (args.in_place or args.output or to_stdout) else "changed"
        print(
            f"blogbabel clean: {report.scanned} file(s) scanned, {report.changed} {verb}, {report.fixes} fix(es), {report.unresolved} unresolved, {report.errors} error(s)",
            file=sys.stderr,
        )
    return report.return_code
