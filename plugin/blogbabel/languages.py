"""Language codes, in one place: engines, lexicons, sentence rules and the site all work with
base codes ("es-ES", "pt_BR" -> "es", "pt")."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=256)  # asked once per sentence split: a handful of distinct codes
def base_language(code: str | None) -> str:
    """``"es-ES"``/``"pt_BR"`` -> ``"es"``/``"pt"`` (``""`` for no code)."""
    return (code or "").replace("_", "-").split("-")[0].strip().lower()
