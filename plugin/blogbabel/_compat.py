"""Differences between the Python versions blogbabel supports (3.10+), in one place."""

from __future__ import annotations

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef,unused-ignore]

__all__ = ["tomllib"]
