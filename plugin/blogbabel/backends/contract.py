"""The backend contract, checked once when a backend is loaded.

:class:`TranslationBackend` is what the rest of blogbabel relies on; the built-in backends
get it by subclassing :class:`~.base.Backend`. A third-party backend (an entry point of the
``blogbabel.backends`` group) must have at least :data:`REQUIRED`; :func:`as_backend` checks
that when it is loaded, fails with an error naming every missing member, and completes the
optional members with the base class's defaults, so no caller has to probe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ..errors import BackendError
from ..translate.aligned import UnitSignal
from .base import Backend, BackendInfo

#: what a third-party backend must have (README: Backends)
REQUIRED = ("name", "identity", "preserves_markup", "translates", "supports", "translate_batch")
#: what it may have; the base class's defaults stand in for the rest
OPTIONAL = ("unit_mode", "signals", "identity_for", "pairs", "install_hint", "require", "describe", "cancel", "translate_aligned")


class TranslationBackend(Protocol):
    """A loaded backend: every member below exists (see :class:`~.base.Backend` for each)."""

    name: str
    preserves_markup: bool
    translates: bool
    unit_mode: str | None
    signals: Mapping[str, UnitSignal]

    @property
    def identity(self) -> str: ...

    def identity_for(self, source: str, target: str) -> str: ...

    def pairs(self) -> list[BackendInfo]: ...

    def supports(self, source: str, target: str) -> bool: ...

    def install_hint(self, source: str, target: str) -> str: ...

    def require(self, source: str, target: str) -> None: ...

    def describe(self, source: str | None = None, target: str | None = None) -> str: ...

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...

    def cancel(self) -> None: ...


class PluginBackend(Backend):
    """A third-party backend with the optional members it lacks filled in by the defaults."""

    def __init__(self, plugin: Any) -> None:
        self.plugin = plugin
        self.name = str(plugin.name)
        self.preserves_markup = bool(plugin.preserves_markup)
        self.translates = bool(plugin.translates)
        for member in OPTIONAL:
            if hasattr(plugin, member):  # the plugin's own member wins over the default
                setattr(self, member, getattr(plugin, member))

    @property
    def identity(self) -> str:
        return str(self.plugin.identity)

    def identity_for(self, source: str, target: str) -> str:
        return self.identity

    def supports(self, source: str, target: str) -> bool:
        return bool(self.plugin.supports(source, target))

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return self.plugin.translate_batch(texts, source, target)


def as_backend(obj: Any, name: str | None = None) -> Backend:
    """``obj`` as a backend meeting the whole contract; :class:`BackendError` naming each
    missing member when ``obj`` lacks one of :data:`REQUIRED`."""
    if isinstance(obj, Backend):
        return obj
    missing = [member for member in REQUIRED if not hasattr(obj, member)]
    if missing:
        label = name or getattr(obj, "name", None) or type(obj).__name__
        raise BackendError(
            f"the {label!r} backend ({type(obj).__module__}.{type(obj).__qualname__}) lacks " + ", ".join(missing),
            hint="a backend needs " + ", ".join(REQUIRED) + " (see the README, Backends); subclassing blogbabel.backends.Backend gives the defaults",
        )
    return PluginBackend(obj)
