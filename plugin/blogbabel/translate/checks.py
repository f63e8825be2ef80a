"""Checking an engine's answer to a batch: one string per text sent, or the culprits isolated.

Engines (plugins especially) can answer a batch with the wrong number of results or with
something other than strings; :func:`translate_checked` narrows the failure down to the texts
that cause it, so one bad sentence does not cost the whole post its translation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import SegmentError


@dataclass
class CheckedBatch:
    """Translations one-to-one with the texts sent; ``failed`` maps each text that got no
    usable translation (and so comes back unchanged) to the reason."""

    translations: list[str]
    failed: dict[str, str] = field(default_factory=dict)


def _result_problem(result: object, expected: int) -> str | None:
    if not isinstance(result, (list, tuple)):
        return f"returned {type(result).__name__} instead of a list"
    if len(result) != expected:
        return f"returned {len(result)} results for {expected} texts"
    wrong = next((type(item).__name__ for item in result if not isinstance(item, str)), None)
    return f"returned {wrong} instead of text" if wrong else None


def translate_checked(call: Callable[[list[str], str, str], object], texts: Sequence[str], source: str, target: str, *, name: str = "translator") -> CheckedBatch:
    """``call(texts, source, target)`` with its answer checked.

    A batch that comes back with the wrong number of results (or something other than
    strings), or that ``call`` refuses with :class:`~blogbabel.errors.SegmentError`, is split
    in halves and re-sent until the texts the engine cannot handle are isolated: those keep
    their source text and are listed in ``failed``; every other text still gets its
    translation. Other exceptions from ``call`` (crashes, timeouts) propagate.
    """
    texts = list(texts)
    out: list[str] = list(texts)
    failed: dict[str, str] = {}

    def settle(lo: int, hi: int) -> None:
        try:
            result = call(texts[lo:hi], source, target)
            problem = _result_problem(result, hi - lo)
        except SegmentError as exc:
            if exc.partial is not None and len(exc.partial) == hi - lo and exc.failures:
                out[lo:hi] = exc.partial  # the engine found the texts at fault itself
                failed.update({texts[lo + i]: f"the {name} backend failed: {reason}" for i, reason in exc.failures.items()})
                return
            problem = f"failed: {exc.message}"
        if problem is None:
            out[lo:hi] = list(result)  # type: ignore[call-overload]  # checked: a list of strings
        elif hi - lo == 1:
            failed[texts[lo]] = f"the {name} backend {problem}"
        else:
            mid = (lo + hi) // 2
            settle(lo, mid)
            settle(mid, hi)

    if texts:
        settle(0, len(texts))
    return CheckedBatch(out, failed)
