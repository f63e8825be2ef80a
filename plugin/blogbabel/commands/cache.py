"""``blogbabel cache``: size of the translation memory, and pruning of unused entries."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "show or prune the translation memory (<site>/.blogbabel/tm.sqlite)"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("cache", help=HELP, description=HELP + ".")
    actions = parser.add_subparsers(dest="cache_action", metavar="ACTION")
    actions.required = True
    for name, func, text in (
        ("stats", run_stats, "entries, language pairs and size of the memory"),
        ("prune", run_prune, "drop entries no post of the site uses any more"),
    ):
        action = actions.add_parser(name, help=text, description=text + ".")
        action.add_argument("site", nargs="?", default=".", type=Path, help="content folder of the site (default: .)")
        action.add_argument("--memory", type=Path, help="memory file (default: SITE/.blogbabel/tm.sqlite)")
        action.add_argument("--json", action="store_true", help="print the result as JSON")
        action.set_defaults(func=func)


def _open(args: argparse.Namespace):
    from ..backends.memory import DEFAULT_LOCATION, TranslationMemory
    from ..errors import ConfigError

    path = args.memory or args.site / DEFAULT_LOCATION
    if not path.is_file():
        raise ConfigError("no translation memory here yet", path=path, hint="it is created by the first build")
    return TranslationMemory(path)


def run_stats(args: argparse.Namespace) -> int:
    with _open(args) as memory:
        stats = memory.stats()
    if args.json:
        json.dump(stats.__dict__, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(f"{stats.path}: {stats.entries} entries, {stats.size_bytes / 1024:.0f} KiB")
    for engine, source, target, count in stats.pairs:
        print(f"  {source}->{target}  {count:>8}  {engine}")
    return 0


def run_prune(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..site.config import load_config
    from ..site.prune import used_texts

    try:
        config = load_config(args.site)
    except ConfigError:  # no output folder configured: irrelevant for what the posts use
        config = load_config(args.site, in_place=True)
    with _open(args) as memory:
        removed = memory.prune(used_texts(config))
        stats = memory.stats()
    if args.json:
        print(json.dumps({"removed": removed, "entries": stats.entries}))
    else:
        print(f"removed {removed} unused entries, {stats.entries} left")
    return 0
