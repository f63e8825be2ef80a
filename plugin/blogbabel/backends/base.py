"""What every translation backend is: a small class with ``translate_batch`` and a few facts.

A backend translates a list of strings in one call (the caller batches across posts); it says
whether it keeps ``<x1/>``/``<g1>…</g1>`` placeholders (``preserves_markup``), whether it
translates at all (``translates``; False for ``identity``), which pairs it has (``pairs()``)
and a stable ``identity_for(source, target)`` naming the model, used as part of
translation-memory keys so a new model never serves old translations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..errors import BackendError, BackendUnavailableError
from ..languages import base_language
from ..translate.aligned import UnitSignal
from ..translate.checks import CheckedBatch, translate_checked

__all__ = ["Backend", "BackendInfo", "CheckedBatch", "base_language", "map_cores", "split_outer_whitespace", "translate_checked"]


@dataclass(frozen=True)
class BackendInfo:
    """One installed language pair of one backend (a row of ``blogbabel models list``)."""

    backend: str
    source: str
    target: str
    version: str = ""
    path: str = ""
    note: str = ""  # e.g. "via en" for a pivot pair


def split_outer_whitespace(text: str) -> tuple[str, str, str]:
    """``"  a b \\n"`` -> ``("  ", "a b", " \\n")``; whitespace-only text is all lead."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core) :]


def map_cores(texts: Sequence[str], translate_unique: Callable[[list[str]], list[str]]) -> list[str]:
    """Translate the non-blank cores of ``texts`` once each and put their whitespace back.

    Empty and whitespace-only strings come back unchanged without reaching the engine, and
    leading/trailing whitespace (newlines included) is never the engine's business.
    """
    parts = [split_outer_whitespace(text) for text in texts]
    unique = list(dict.fromkeys(core for _, core, _ in parts if core))
    translated = translate_unique(unique) if unique else []
    if len(translated) != len(unique):
        raise BackendError(
            f"the engine returned {len(translated)} translations for {len(unique)} texts",
            hint="this is a bug in the backend; try --backend apertium or report it",
        )
    by_core = dict(zip(unique, translated))
    return [lead + by_core[core] + trail if core else lead for lead, core, trail in parts]


class Backend:
    """Base class of the built-in backends, and the whole contract every backend meets once
    loaded (:func:`~blogbabel.backends.contract.as_backend` completes a third-party one)."""

    name: str = ""
    preserves_markup: bool = False
    translates: bool = True
    #: the units it takes ("tagged", "fragment", "aligned"); None: from ``preserves_markup``
    unit_mode: str | None = None
    #: what it told about the texts it translated (scores, unknown words), by text
    signals: Mapping[str, UnitSignal] = MappingProxyType({})

    @property
    def identity(self) -> str:
        """Backend plus model identity; ``identity_for`` refines it per language pair."""
        return self.name

    def identity_for(self, source: str, target: str) -> str:
        return self.identity

    def pairs(self) -> list[BackendInfo]:
        """Installed language pairs."""
        return []

    def supports(self, source: str, target: str) -> bool:
        source, target = base_language(source), base_language(target)
        return any(info.source == source and info.target == target for info in self.pairs())

    def install_hint(self, source: str, target: str) -> str:
        """The command that installs what this backend needs for the pair."""
        return ""

    def require(self, source: str, target: str) -> None:
        """Raise :class:`BackendUnavailableError` naming the install command unless the pair works."""
        if not self.supports(source, target):
            raise BackendUnavailableError(
                f"the {self.name} backend has no {source}->{target} model installed",
                hint=self.install_hint(source, target),
            )

    def describe(self, source: str | None = None, target: str | None = None) -> str:
        """One line for logs and reports, e.g. ``argos (translate-en_es 1.9)``."""
        if source and target:
            return f"{self.name} {source}->{target} [{self.identity_for(source, target)}]"
        return self.name

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        raise NotImplementedError

    def cancel(self) -> None:
        """Stop what an abandoned (timed-out) call still runs; nothing by default."""
