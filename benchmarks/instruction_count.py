"""Instructions per post of segmentation + reassembly (what segment_bench times), counted by
callgrind: a measure the VM's changing speed does not move, for changes too small for wall time.

    python benchmarks/instruction_count.py [--base 7ac30fc] [--posts 10]

Each tree runs segment_bench's timed loop (``prepare_translation`` + ``finish``, every unit changed
 by the translation) on ``--posts`` workload posts after 5 warm ones, under ``valgrind --tool=callgrind`` with ``PYTHONHASHSEED=0``
(string hashes otherwise move the count by about 0.4% between runs); the same run with no timed
posts is subtracted, so imports and the workload's generation drop out. With ``--base``, that
commit is checked out in a temporary git worktree and counted the same way. Needs valgrind
(Debian ``valgrind``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from compare_commits import worktree

ROOT = Path(__file__).resolve().parents[1]
_COLLECTED = re.compile(r"Collected : (\d+)")


def _child(posts: int) -> None:
    from segment_bench import segment_only
    from workload import iter_posts

    texts = list(iter_posts(posts + 5))
    segment_only(texts[:5], clean=False)  # warm: imports, compiled patterns, first-call caches
    if posts:
        segment_only(texts[5:], clean=False)


def _instructions(tree: Path, posts: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(tree / "plugin"), "PYTHONHASHSEED": "0"}
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, str(Path(__file__).resolve()), "--child", str(posts)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return int(_COLLECTED.search(done.stderr).group(1))


def per_post(tree: Path, posts: int) -> float:
    """Instructions per timed post in ``tree`` (its own plugin/ on the path)."""
    return (_instructions(tree, posts) - _instructions(tree, 0)) / posts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="an earlier commit to count beside this checkout")
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child is not None:
        _child(options.child)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    head = per_post(ROOT, options.posts)
    if options.base is None:
        print(f"this checkout: {head / 1e6:.2f}M instructions per post ({options.posts} posts)")
        return 0
    with worktree(options.base) as base_tree:
        base = per_post(base_tree, options.posts)
    print(f"instructions per post ({options.posts} posts): {options.base} {base / 1e6:.2f}M -> this checkout {head / 1e6:.2f}M ({(head - base) / base:+.1%}; {base / head:.3f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
