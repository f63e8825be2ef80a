"""The machine-translation notice that opens each translated post.

Its text is a UI string of the target locale (``locales/<lang>.toml``: ``notice``, with
``{source_language}`` replaced by the source language's name in ``[languages]``), and can
be overridden per locale in the build settings (``[notice_text] es = "..."``) or disabled.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from .._compat import tomllib
from ..errors import ConfigError
from ..resources import locales_dir

#: used when a locale has no UI strings file
_FALLBACK = "*This page was translated automatically from {source_language}.*"


@cache
def ui_strings(lang: str, folder: Path | None = None) -> dict:
    """The UI strings of ``lang`` (empty when the locale ships none)."""
    path = (folder or locales_dir()) / f"{lang}.toml"
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid UI strings file: {exc}", path=path) from None


def notice_text(target: str, source: str, overrides: Mapping[str, str] | None = None) -> str:
    """The notice for a ``source`` -> ``target`` translation, as one Markdown paragraph."""
    strings = ui_strings(target)
    template = (overrides or {}).get(target) or strings.get("notice") or _FALLBACK
    name = strings.get("languages", {}).get(source, source)
    try:
        return template.format(source_language=name, source=source, target=target).strip()
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"notice text for {target!r} has a bad placeholder: {exc}",
            hint="use {source_language}, {source} or {target}; write {{ and }} for literal braces",
        ) from None


def notice_paragraph(target: str, source: str, overrides: Mapping[str, str] | None = None, newline: str = "\n") -> str:
    """The notice with the post's line endings, ready to insert as a paragraph."""
    return notice_text(target, source, overrides).replace("\n", newline)
