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
from dataclasses import dataclass, field
from pathlib import Path

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
SKIPPED_FOLDERS = frozenset({"node_modules", "_site"})


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="repair mojibake in Markdown posts (prose only)",
        description="Repair mojibake (DalÃ -> Dalí, ðŸŽ¨ -> 🎨) in Markdown posts; code, URLs, "
        "entities, templates and front matter keys stay byte-identical.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="Markdown file or folder")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, metavar="OUT", help="write cleaned copies under OUT (the tree is mirrored; other files copied)")
    target.add_argument("--in-place", action="store_true", help="rewrite the files (atomically)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    parser.add_argument("--diff", action="store_true", help="print a unified diff of the changes")
    parser.add_argument("--report", type=Path, metavar="FILE.json", help="write every fix, unresolved token and encoding note as JSON")
    parser.add_argument("--lang", help="language of the posts (default: front matter lang, else Spanish and English)")
    parser.add_argument("--max-post-mb", type=float, default=None, metavar="MB",
                        help="refuse Markdown files larger than this (default: 5)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    parser.set_defaults(func=run)


@dataclass
class _Source:
    path: Path
    root: Path  # the PATH argument it was found under (a folder, or the file itself)

    @property
    def relative(self) -> Path:
        return self.path.relative_to(self.root) if self.root != self.path else Path(self.path.name)

    @property
    def markdown(self) -> bool:
        return self.path.suffix.lower() in MARKDOWN_SUFFIXES


@dataclass
class _Summary:
    scanned: int = 0
    changed: int = 0
    fixes: int = 0
    unresolved: int = 0
    errors: int = 0
    files: list[dict] = field(default_factory=list)


def _walk(paths: list[Path]) -> list[_Source]:
    sources = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if any(part.startswith(".") or part in SKIPPED_FOLDERS for part in parts[:-1]) or not child.is_file():
                    continue
                if parts[-1].startswith("."):
                    continue
                sources.append(_Source(child, path))
        else:
            sources.append(_Source(path, path))
    return sources


def run(args: argparse.Namespace) -> int:
    from ..cli import EXIT_CHECK_FAILED, EXIT_ERRORS, EXIT_OK, EXIT_USAGE
    from ..errors import BlogbabelError
    from ..repair import clean_markdown
    from ..files import DEFAULT_MAX_POST_MB, atomic_write, read_source

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
    sources = _walk(args.paths)
    to_stdout = args.output is None and not args.in_place and not args.check and not args.diff and len(sources) == 1
    summary = _Summary()
    for source in sources:
        destination = args.output / source.relative if args.output is not None else None
        if not source.markdown:
            if destination is not None and not args.check:
                try:
                    atomic_write(destination, source.path.read_bytes())
                    shutil.copystat(source.path, destination)
                except (BlogbabelError, OSError) as exc:
                    summary.errors += 1
                    print(f"blogbabel: error: {exc}", file=sys.stderr)
            continue
        summary.scanned += 1
        try:
            decoded = read_source(source.path, max_mb=args.max_post_mb or DEFAULT_MAX_POST_MB)
        except BlogbabelError as exc:
            summary.errors += 1
            print(f"blogbabel: error: {exc}", file=sys.stderr)
            summary.files.append({"file": str(source.path), "error": str(exc)})
            continue
        result = clean_markdown(decoded.text, lang=args.lang)
        notes = list(result.notes)
        if not decoded.was_utf8:
            notes.insert(0, f"not valid UTF-8: decoded as {decoded.encoding}, written as UTF-8")
        new_bytes = decoded.encode(result.text)
        changed = result.changed or not decoded.was_utf8
        summary.changed += changed
        summary.fixes += len(result.fixes)
        summary.unresolved += len(result.unresolved)
        summary.files.append(
            {
                "file": str(source.path),
                "encoding": decoded.encoding,
                "changed": changed,
                "fixes": [fix.to_dict() for fix in result.fixes],
                "unresolved": [fix.to_dict() for fix in result.unresolved],
                "notes": notes,
            }
        )
        if args.diff and changed:
            sys.stdout.writelines(
                difflib.unified_diff(
                    decoded.text.splitlines(keepends=True),
                    result.text.splitlines(keepends=True),
                    fromfile=str(source.path),
                    tofile=str(source.path),
                )
            )
        for note in notes:
            if not args.quiet:
                print(f"blogbabel: {source.path}: {note}", file=sys.stderr)
        if args.check:
            continue
        try:
            if to_stdout:
                sys.stdout.write(result.text)
            elif destination is not None:
                atomic_write(destination, new_bytes)
            elif args.in_place and changed:
                atomic_write(source.path, new_bytes)
        except BlogbabelError as exc:
            summary.errors += 1
            print(f"blogbabel: error: {exc}", file=sys.stderr)
    if args.report is not None:
        report = {
            "summary": {k: getattr(summary, k) for k in ("scanned", "changed", "fixes", "unresolved", "errors")},
            "files": summary.files,
        }
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not args.quiet:
        verb = "would change" if args.check or not (args.in_place or args.output or to_stdout) else "changed"
        print(
            f"blogbabel clean: {summary.scanned} file(s) scanned, {summary.changed} {verb}, "
            f"{summary.fixes} fix(es), {summary.unresolved} unresolved, {summary.errors} error(s)",
            file=sys.stderr,
        )
    if summary.errors:
        return EXIT_ERRORS
    if args.check and summary.changed:
        return EXIT_CHECK_FAILED
    return EXIT_OK
