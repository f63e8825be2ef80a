"""The ``blogbabel`` command line: a thin dispatcher over ``blogbabel.commands.*``.

Each command module exposes ``add_parser(subparsers)`` (which sets ``func``) and does its
own work through the library API. Exit codes (documented in the README):
0 success, 1 ``--check`` found work to do, 2 usage error, 123 some inputs failed,
130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import signal
import sys
from collections.abc import Sequence

from . import __version__, interrupts
from .errors import BlogbabelError
from .exitcodes import EXIT_CHECK_FAILED, EXIT_ERRORS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

#: what a Unix tool killed by SIGPIPE reports (128 + 13)
EXIT_BROKEN_PIPE = 141

__all__ = ["EXIT_CHECK_FAILED", "EXIT_ERRORS", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

#: command modules under blogbabel.commands, in the order shown by --help
COMMANDS: tuple[str, ...] = ("clean", "build", "status", "review", "glossary", "export", "import_file", "models", "cache")


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


def finite_number(text: str) -> float:
    """An argparse type: a finite number (``nan`` and ``inf`` would switch limits off or crash)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a positive finite number")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status."""
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    interrupts.install()
    try:
        args = build_parser().parse_args(argv)  # imports: a signal may come while they run
        return int(args.func(args) or 0)
    except BlogbabelError as exc:
        print(f"blogbabel: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # the reader went away (``blogbabel status | head``): no traceback, no error message;
        # stdout goes to devnull so the interpreter's final flush does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # the file system said no outside any one post (state folder, output root)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"blogbabel: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("blogbabel: interrupted; files already written are complete, the rest untouched", file=sys.stderr)
        if argv is None:  # the process ends here: see _exit_now
            _exit_now(EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED
    finally:
        if argv is None:  # the process is about to exit with this status
            interrupts.ignore_from_now_on()
        else:  # called as a library (tests): leave the caller's handlers as they were
            interrupts.clear()
            signal.signal(signal.SIGTERM, previous[0])
            signal.signal(signal.SIGINT, previous[1])


def _exit_now(status: int) -> None:
    """Leave without finalising the interpreter: an engine may still run in another thread (a
    CTranslate2 batch cannot be stopped) and finalising under native code crashes (SIGSEGV,
    SIGABRT), and a late signal during finalisation would end the process by SIGINT. Files,
    the manifest and the translation memory were closed on the way here."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
