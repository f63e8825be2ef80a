"""Run one benchmark script on this checkout and on an earlier commit, side by side, in one run.

    python benchmarks/compare_commits.py --base 2229aac [--rounds 2] -- segment_bench.py --posts 200

The earlier commit is checked out into a temporary git worktree; each round runs the script
of each tree (``benchmarks/<script>`` there) under that tree's code, alternating, so a noisy
machine slows both alike. For each number the script prints with a unit (``s``, ``posts/s``,
``MB``) the best of the rounds is kept, and every line is printed with the two values and
the ratio, oriented so that > 1.00 means this checkout is faster (or smaller).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(posts/s|s\b|MB\b|ms\b)")
_HIGHER_IS_BETTER = {"posts/s"}


def _run(tree: Path, script: str, args: list[str]) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "plugin")}
    done = subprocess.run([sys.executable, str(tree / "benchmarks" / script), *args], cwd=tree, env=env, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


@contextmanager
def worktree(commit: str) -> Iterator[Path]:
    """``commit`` checked out in a temporary git worktree, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="blogbabel-base-") as tmp:
        tree = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), commit], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def _numbers(line: str) -> list[tuple[float, str]]:
    return [(float(value), unit) for value, unit in _NUMBER.findall(line)]


def _best(runs: list[list[str]]) -> list[tuple[str, list[tuple[float, str]]]]:
    """Per output line: its text (first run) and the best value of each number over the runs."""
    lines = []
    for index, line in enumerate(runs[0]):
        values = _numbers(line)
        for run in runs[1:]:
            other = _numbers(run[index]) if index < len(run) else []
            if len(other) == len(values):
                values = [(max(a, b) if unit in _HIGHER_IS_BETTER else min(a, b), unit) for (a, unit), (b, _) in zip(values, other)]
        lines.append((line, values))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="2229aac", help="the earlier commit (default: the layout commit 2229aac)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("script", help="a script in benchmarks/, e.g. segment_bench.py")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    args = [a for a in options.args if a != "--"]
    runs: dict[str, list[list[str]]] = {"base": [], "head": []}
    with worktree(options.base) as base:
        for _ in range(options.rounds):
            runs["base"].append(_run(base, options.script, args))
            runs["head"].append(_run(ROOT, options.script, args))
    print(f"{options.script} {' '.join(args)}: {options.base} vs this checkout, best of {options.rounds} alternating rounds")
    for (line, old), (_, new) in zip(_best(runs["base"]), _best(runs["head"])):
        if not old or len(old) != len(new):
            continue
        cells = []
        for (a, unit), (b, _) in zip(old, new):
            ratio = (b / a if unit in _HIGHER_IS_BETTER else a / b) if a and b else float("nan")
            cells.append(f"{a:g} -> {b:g} {unit} ({ratio:.2f}x)")
        print(f"  {line.strip()[:60]:60} | " + "; ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
