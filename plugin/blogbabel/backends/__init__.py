"""Translation backends, discovered through the ``blogbabel.backends`` entry-point group.

Built in: ``argos`` (Argos Translate packages on CTranslate2), ``apertium`` (the Debian
rule-based engine), ``libretranslate`` (LibreTranslate servers over HTTP; never picked by
``auto``, which stays offline) and ``identity`` (no translation, for dry runs). Another package adds its
own backend by declaring, in its ``pyproject.toml``::

    [project.entry-points."blogbabel.backends"]
    mine = "my_package.module:MyBackend"

where ``MyBackend(**options)`` has ``name``, ``identity``, ``preserves_markup``,
``translates``, ``supports(source, target)`` and ``translate_batch(texts, source, target)``
(checked when it is loaded: :mod:`.contract`).

``get_backend("auto", source=..., target=...)`` picks argos when a package for the pair is
installed (directly or through an English pivot), else apertium, else raises
:class:`BackendUnavailableError` naming the install commands.
"""

from __future__ import annotations

import importlib
import inspect
from importlib.metadata import entry_points
from typing import Any

from ..errors import BackendError, BackendUnavailableError, ConfigError
from .base import Backend, BackendInfo
from .contract import TranslationBackend, as_backend

__all__ = ["Backend", "BackendInfo", "TranslationBackend", "as_backend", "available_backends", "backend_names", "get_backend"]

GROUP = "blogbabel.backends"
#: used when blogbabel runs from a checkout without installed metadata
_BUILTIN = {
    "argos": "blogbabel.backends.argos:ArgosBackend",
    "apertium": "blogbabel.backends.apertium:ApertiumBackend",
    "identity": "blogbabel.backends.identity:IdentityBackend",
    "libretranslate": "blogbabel.backends.libretranslate:LibreTranslateBackend",
}
#: order in which "auto" tries the engines
AUTO_ORDER = ("argos", "apertium")


def _registry() -> dict[str, str]:
    """Backend name -> "module:Class" for every registered backend."""
    found = dict(_BUILTIN)
    for entry in entry_points(group=GROUP):
        found[entry.name] = entry.value
    return found


def backend_names() -> list[str]:
    """Names accepted by :func:`get_backend` (besides ``"auto"``)."""
    return sorted(_registry())


def backend_class(name: str) -> type:
    """The class registered under ``name``; :class:`ConfigError` for unknown names."""
    target = _registry().get(name)
    if target is None:
        raise ConfigError(
            f"unknown translation backend {name!r}",
            hint="choose one of: auto, " + ", ".join(backend_names()),
        )
    module_name, _, attribute = target.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise BackendUnavailableError(f"the {name!r} backend cannot be loaded: {exc}", hint="reinstall the package that provides it") from exc
    return obj


def _takes(cls: type, option: str) -> bool:
    parameters = inspect.signature(cls).parameters
    return option in parameters or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())


def _construct(name: str, cls: type, options: dict[str, Any], *, strict: bool) -> Backend:
    """``cls(**options)`` checked against the backend contract; in non-strict mode options the
    class does not take are left out."""
    if not strict:
        options = {k: v for k, v in options.items() if _takes(cls, k)}
    try:
        backend = cls(**options)
    except TypeError as exc:
        raise ConfigError(f"invalid option for the {name} backend: {exc}") from exc
    return as_backend(backend, name)


def _check_auto_options(options: dict[str, Any]) -> None:
    """``auto`` passes each engine the options it takes: one no engine takes is a mistake."""
    classes = {}
    for candidate in AUTO_ORDER:
        try:
            classes[candidate] = backend_class(candidate)
        except BackendError:
            continue
    unknown = [key for key in options if not any(_takes(cls, key) for cls in classes.values())]
    if unknown:
        raise ConfigError(
            f"backend option{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} taken by no engine --backend auto can pick ({', '.join(classes)})",
            hint="check the spelling in [backend_options], or name the backend that takes it with --backend",
        )


def get_backend(name: str = "auto", *, source: str | None = None, target: str | None = None, **options: Any) -> Backend:
    """A ready backend by name; ``"auto"`` picks the best installed engine for the pair.

    With ``source`` and ``target`` given, the returned backend is checked to support the
    pair, else :class:`BackendUnavailableError` is raised with the install command as hint.
    ``options`` go to the backend's constructor (``"auto"`` passes each engine only the
    options it takes, and refuses an option none of them takes). The result's ``describe(source, target)`` says what was picked.
    """
    if name != "auto":
        backend = _construct(name, backend_class(name), options, strict=True)
        if source and target and not backend.supports(source, target):
            backend.require(source, target)
            raise BackendUnavailableError(f"the {name} backend cannot translate {source}->{target}")
        return backend

    _check_auto_options(options)
    hints = []
    for candidate in AUTO_ORDER:
        try:
            backend = _construct(candidate, backend_class(candidate), options, strict=False)
        except BackendError:
            continue
        if source and target:
            if backend.supports(source, target):
                return backend
            hints.append(backend.install_hint(source, target))
        elif backend.pairs():
            return backend
    pair = f" for {source}->{target}" if source and target else ""
    raise BackendUnavailableError(
        f"no translation engine is installed{pair}",
        hint="; or ".join(dict.fromkeys(hints)) or "install it with `argospm install translate-en_es` or `apt-get install apertium apertium-eng-spa`",
    )


def available_backends() -> list[BackendInfo]:
    """Every installed pair of every registered backend (identity left out: it has all pairs)."""
    rows: list[BackendInfo] = []
    names = [n for n in AUTO_ORDER if n in backend_names()] + [n for n in backend_names() if n not in AUTO_ORDER]
    for name in names:
        if name == "identity":
            continue
        try:
            backend = _construct(name, backend_class(name), {}, strict=False)
            rows.extend(backend.pairs())
        except Exception as exc:  # one broken third-party backend must not hide the others
            rows.append(BackendInfo(name, "", "", note=f"unavailable: {exc}"))
    return rows
