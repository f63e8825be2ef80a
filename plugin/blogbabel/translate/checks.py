"""Checking an engine's answer to a batch: one string per text sent, or the culprits isolated.

Engines (plugins especially) can answer a batch with the wrong number of results or with
something other than strings; :func:`translate_checked` narrows the failure down to the texts
that cause it, so one bad sentence does not cost the whole post its translation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


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
    strings) is split in halves and re-sent until the texts the engine cannot handle are
    isolated: those keep their source text and are listed in ``failed``; every other text
    still gets its translation. Exceptions from ``call`` (crashes, timeouts) propagate.
    """
    texts = list(texts)
    out: list[str] = list(texts)
    failed: dict[str, str] = {}

    def settle(lo: int, hi: int, result: object) -> None:
        problem = _result_problem(result, hi - lo)
        if problem is None:
            out[lo:hi] = list(result)  # type: ignore[arg-type]
        elif hi - lo == 1:
            failed[texts[lo]] = f"the {name} backend {problem}"
        else:
            mid = (lo + hi) // 2
            settle(lo, mid, call(texts[lo:mid], source, target))
            settle(mid, hi, call(texts[mid:hi], source, target))

    if texts:
        settle(0, len(texts), call(texts, source, target))
    return CheckedBatch(out, failed)
