"""The ``blogbabel`` command line: a thin dispatcher over ``blogbabel.commands.*``.

Each command module exposes ``add_parser(subparsers)`` (which sets ``func``) and does its
own work through the library API. Exit codes (documented in the README):
0 success, 1 ``--check`` found work to do, 2 usage error, 123 some inputs failed,
130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence

from . import __version__
from .errors import BlogbabelError
from .exitcodes import EXIT_CHECK_FAILED, EXIT_ERRORS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

__all__ = ["EXIT_CHECK_FAILED", "EXIT_ERRORS", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

#: command modules under blogbabel.commands, in the order shown by --help
COMMANDS: tuple[str, ...] = ("clean", "build", "status", "review", "models", "cache")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="blogbabel",
        description="Repair mojibake and translate Markdown posts offline, touching nothing but prose.",
    )
    parser.add_argument("--version", action="version", version=f"blogbabel {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMANDS:
        importlib.import_module(f"blogbabel.commands.{name}").add_parser(subparsers)
    return parser


def _raise_keyboard_interrupt(signum, frame):  # pragma: no cover - signal handler
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status."""
    # SIGTERM is handled like Ctrl-C so atomic writes and the translation memory close cleanly.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BlogbabelError as exc:
        print(f"blogbabel: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # the file system said no outside any one post (state folder, output root)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"blogbabel: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("blogbabel: interrupted; files already written are complete, the rest untouched", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
