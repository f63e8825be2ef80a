"""Site builds: per-locale Markdown for static site generators (see :func:`build_site`)."""

from .build import BuildReport, build_site
from .config import BuildConfig, load_config

__all__ = ["BuildConfig", "BuildReport", "build_site", "load_config"]
