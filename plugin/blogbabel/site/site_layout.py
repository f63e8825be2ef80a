"""The layout a site root was built with, so two layouts never mix in one output folder.

Forgetting ``--layout`` on a later build into the same OUT would write ``es/_posts/...`` beside
``_posts/es/...``: both are published and neither is complete. A build records its layout in
``.blogbabel/layout.json``; a later build, status or check with another one is refused, naming
both, unless ``--force`` (which then records the new one).
"""

from __future__ import annotations

import json

from ..errors import ConfigError
from ..files import atomic_write
from .config import BuildConfig

_FILE = "layout.json"


def layout_id(config: BuildConfig) -> str:
    """The layout as the output's shape depends on it (mkdocs' docs_structure included)."""
    return f"{config.layout} ({config.docs_structure})" if config.layout == "mkdocs-static-i18n" else config.layout


def recorded_layout(config: BuildConfig) -> str | None:
    try:
        value = json.loads((config.state_dir / _FILE).read_text(encoding="utf-8")).get("layout")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def check_layout(config: BuildConfig) -> None:
    """Refuse a site root that was built with another layout (unless ``force``)."""
    before, now = recorded_layout(config), layout_id(config)
    if before is not None and before != now and not config.force:
        raise ConfigError(
            f"{config.site_root} was built with layout {before}; this build asks for {now}",
            hint=f"pass --layout {before.split(' ')[0]} (or set layout in blogbabel.toml), or --force to rebuild it as {now}",
        )


def remember_layout(config: BuildConfig) -> None:
    if recorded_layout(config) != layout_id(config):
        atomic_write(config.state_dir / _FILE, (json.dumps({"layout": layout_id(config)}) + "\n").encode())
