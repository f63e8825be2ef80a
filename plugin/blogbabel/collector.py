"""The cyclic garbage collector paused while one post is analysed or put back together.

A long paragraph makes hundreds of thousands of tokens, none of them in a reference cycle (they
are freed by reference counting), yet each allocation burst makes the collector walk every live
object again: on cmark-gfm's nested-emphasis input that walk was 40% of the tokenizer's time.
Only texts of :data:`LARGE` characters or more pause it: on ordinary posts the walk is cheap and
the one collection after a pause costs more than it saves. The pause is process-wide, so it
nests and is shared by threads: the collector is turned off by the first caller and back on by
the last, and only if it was on to begin with.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0
_was_enabled = False

P = ParamSpec("P")
R = TypeVar("R")

#: texts shorter than this run with the collector as it is
LARGE = 50_000


@contextmanager
def collection_paused(size: int = LARGE) -> Iterator[None]:
    """Run the block with the cyclic collector off (reference counting still frees memory)
    when it works on ``size`` characters or more."""
    global _depth, _was_enabled
    if size < LARGE:
        yield
        return
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def pauses_collection(size_of: Callable[..., int]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator form of :func:`collection_paused`; ``size_of`` takes the call's arguments and
    says how many characters it works on."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @wraps(function)
        def paused(*args: P.args, **kwargs: P.kwargs) -> R:
            with collection_paused(size_of(*args, **kwargs)):
                return function(*args, **kwargs)

        return paused

    return decorate


def text_size(text: str, *_args: object, **_kwargs: object) -> int:
    """``size_of`` for functions whose first argument is the text."""
    return len(text)
