"""Where blogbabel's shipped data (``locales/``) lives, in a checkout or an installed wheel."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def locales_dir() -> Path:
    """The folder holding per-locale data (UI strings, glossary).

    Order: ``$BLOGBABEL_LOCALES``; the repository's ``locales/`` next to ``plugin/`` (editable
    installs and checkouts); ``<prefix>/share/blogbabel/locales`` (wheel installs).
    """
    env = os.environ.get("BLOGBABEL_LOCALES")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2] / "locales")
    candidates.append(Path(sys.prefix) / "share" / "blogbabel" / "locales")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]
