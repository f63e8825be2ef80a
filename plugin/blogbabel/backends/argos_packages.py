"""Installed Argos Translate packages and the routes between languages.

Argos keeps packages in ``ARGOS_PACKAGES_DIR`` or ``~/.local/share/argos-translate/packages``
(``argostranslate.settings.package_dirs``). A pair without a package of its own pivots through
English (es->en then en->fr), as Argos does.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from ..errors import BackendUnavailableError
from .base import BackendInfo, base_language


def packages_dirs() -> list[Path]:
    """Where Argos looks for installed packages (``argostranslate.settings.package_dirs``)."""
    from argostranslate import settings

    return [Path(p) for p in settings.package_dirs]


def installed_packages() -> list:
    """Installed Argos translation packages (``argostranslate.package.Package`` objects).

    Folders without a readable ``metadata.json`` are skipped with a warning instead of
    failing every lookup as ``argostranslate.package.get_installed_packages`` would.
    """
    from argostranslate.package import Package

    found = []
    for directory in packages_dirs():
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if not path.is_dir() or path.name.startswith("."):  # .blogbabel-install-*: being unpacked
                continue
            try:
                package = Package(path)
            except (OSError, ValueError) as exc:
                warnings.warn(f"ignoring Argos package folder {path}: {exc}", stacklevel=2)
                continue
            if package.type == "translate" and package.from_code and package.to_code and hasattr(package, "tokenizer"):
                found.append(package)
    return found


def package_name(source: str, target: str) -> str:
    return f"translate-{source}_{target}"


def install_hint(source: str, target: str) -> str:
    """How to install the package of ``source`` -> ``target``, online or offline."""
    name = package_name(base_language(source), base_language(target))
    return f"install it with `argospm install {name}`, or offline with `blogbabel models install {name}-VERSION.argosmodel`"


def fingerprint(package) -> str:
    """Cheap identity of the model files: a reinstalled different model gets a new one."""
    root = Path(package.package_path)
    sizes = []
    for name in ("model/model.bin", "sentencepiece.model", "bpe.model"):
        try:
            sizes.append(f"{(root / name).stat().st_size:x}")
        except OSError:
            pass
    return ".".join(sizes)


class PackageRoutes:
    """The installed translation packages (read once, :meth:`refresh` after an install) and the
    one or two packages that take one language to another."""

    def __init__(self, pivot: str = "en") -> None:
        self.pivot = pivot
        self._packages: list | None = None

    @property
    def packages(self) -> list:
        if self._packages is None:
            self._packages = installed_packages()
        return self._packages

    def refresh(self) -> None:
        """Forget the package list (after an install)."""
        self._packages = None

    def find(self, source: str, target: str):
        """The package of exactly ``source`` -> ``target``, or None."""
        for package in self.packages:
            if package.from_code == source and package.to_code == target:
                return package
        return None

    def route(self, source: str, target: str) -> list:
        """The packages that take ``source`` to ``target``: one, or two through a pivot language."""
        source, target = base_language(source), base_language(target)
        direct = self.find(source, target)
        if direct is not None:
            return [direct]
        pivots = [self.pivot] + sorted({p.to_code for p in self.packages} - {self.pivot})
        for pivot in pivots:
            if pivot in (source, target):
                continue
            first, second = self.find(source, pivot), self.find(pivot, target)
            if first is not None and second is not None:
                return [first, second]
        return []

    def require(self, source: str, target: str) -> list:
        """:meth:`route`, or an error naming where it looked and how to install the package."""
        route = self.route(source, target)
        if not route:
            where = ", ".join(str(d) for d in packages_dirs())
            raise BackendUnavailableError(
                f"no Argos package for {source}->{target} is installed (looked in {where})",
                hint=install_hint(source, target),
            )
        return route

    def pairs(self, backend: str) -> list[BackendInfo]:
        """Every pair the packages serve: the installed ones, then those reached through a pivot."""
        rows = [BackendInfo(backend, p.from_code, p.to_code, p.package_version, str(p.package_path)) for p in self.packages]
        direct = {(r.source, r.target) for r in rows}
        languages = sorted({r.source for r in rows} | {r.target for r in rows})
        for source in languages:
            for target in languages:
                if source != target and (source, target) not in direct:
                    route = self.route(source, target)
                    if route:
                        rows.append(BackendInfo(backend, source, target, note=f"via {route[0].to_code}"))
        return rows
