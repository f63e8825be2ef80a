"""``blogbabel models``: list installed translation models, install Argos packages."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "list installed translation models or install an Argos package"


def add_parser(subparsers) -> None:
    from ..cli import finite_number

    parser = subparsers.add_parser("models", help=HELP, description=HELP + ".")
    actions = parser.add_subparsers(dest="models_action", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", help="language pairs of every installed backend (argos, apertium...)")
    listing.add_argument("--json", action="store_true", help="print the rows as JSON")
    listing.set_defaults(func=run_list)
    install = actions.add_parser(
        "install",
        help="install FILE.argosmodel offline, or SOURCE TARGET from the Argos index (needs a network)",
        description="blogbabel models install translate-es_en-1_9.argosmodel | blogbabel models install es en",
    )
    install.add_argument("what", nargs="+", metavar="FILE|SOURCE TARGET")
    install.add_argument("--timeout", type=finite_number, default=15.0, help="network timeout in seconds (default 15)")
    install.set_defaults(func=run_install)


def run_list(args: argparse.Namespace) -> int:
    from ..backends.packages import list_models

    rows = list_models()
    if args.json:
        json.dump([row.__dict__ for row in rows], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    if not rows:
        print(
            "no translation models installed: `blogbabel models install FILE.argosmodel`, `argospm install translate-en_es` or `apt-get install apertium-eng-spa`",
            file=sys.stderr,
        )
        return 0
    table = [("BACKEND", "PAIR", "VERSION", "PATH")] + [(r.backend, f"{r.source}->{r.target}" if r.source else "-", r.version or "-", r.path or r.note or "-") for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
    return 0


def run_install(args: argparse.Namespace) -> int:
    from ..backends.packages import install_from_index, install_model

    what = args.what
    if len(what) == 1:
        installed = install_model(Path(what[0]))
    elif len(what) == 2 and not Path(what[0]).is_file():
        installed = install_from_index(what[0], what[1], timeout=args.timeout)
    else:
        print("blogbabel: error: give one FILE.argosmodel or a SOURCE TARGET pair", file=sys.stderr)
        return 2
    print(f"installed argos {installed.source}->{installed.target} {installed.version} in {installed.path}")
    return 0
