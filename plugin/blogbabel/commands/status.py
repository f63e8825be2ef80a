"""``blogbabel status``: every post x locale as up-to-date, stale, missing or human-edited."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from .build import add_site_arguments, site_overrides

HELP = "list every post x locale as up-to-date, stale (source changed), missing or human-edited"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("status", help=HELP, description=HELP + ". Writes nothing.")
    add_site_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--problems", action="store_true", help="list only rows that are not up to date")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..site.config import load_config
    from ..site.segment_counts import format_counts, segment_counts
    from ..site.status import count_states, format_rows, make_plan

    config = load_config(args.content_dir, **site_overrides(args), check=True)
    plan = make_plan(config)
    segments = segment_counts(config)
    if args.json:
        rows = [row.to_dict() for row in plan.rows]
        json.dump({"rows": rows, "states": count_states(plan.rows), "segments": segments, "errors": [asdict(p) for p in plan.problems]}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        table = format_rows(plan.rows, only_problems=args.problems)
        if table:
            print(table)
        for problem in plan.problems:
            print(f"error: {problem}", file=sys.stderr)
        counts = count_states(plan.rows)
        print(", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "no posts", file=sys.stderr)
        if segments:
            print(format_counts(segments), file=sys.stderr)
    return 123 if plan.problems else 0
