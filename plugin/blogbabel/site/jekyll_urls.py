"""The URL Jekyll gives a page or a post, so jekyll-polyglot can pair its language versions.

polyglot publishes a ``lang: es`` file at ``/es`` + *its own* URL and builds hreflang links from
the ``permalink`` front matter only. A Spanish page at ``es/about.md`` without a permalink is
therefore served at ``/es/es/about/``, and a post without one gets hreflang links to the home
page. Writing the URL Jekyll would give the source as ``permalink`` on both versions fixes both;
this module computes it with Jekyll's own rules (``Page#template``, ``Utils.add_permalink_suffix``
and the named permalink styles).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_POST_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")


def read_site_config(content_dir: Path | None) -> dict[str, Any]:
    """``_config.yml`` at the content root as data (empty when absent or unreadable)."""
    if content_dir is None:
        return {}
    for name in ("_config.yml", "_config.yaml"):
        path = content_dir / name
        if path.is_file():
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError, OSError):
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def _slugify(text: str, *, cased: bool = False) -> str:
    """Jekyll's ``slugify`` in ``pretty`` mode (post titles keep their case: ``cased: true``)."""
    slug = re.sub(r"[^\w._~!$&'()+,;=@]+", "-", text).strip("-")
    return slug if cased else slug.lower()


def _date(value: Any, from_name: tuple[str, str, str] | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
        if match:
            return dt.date(*map(int, match.groups()))
    if from_name:
        return dt.date(*map(int, from_name))
    return None


def _categories(data: Mapping[str, Any], folders: tuple[str, ...]) -> str:
    value = data.get("categories", data.get("category"))
    if isinstance(value, str):
        names = value.split()
    elif isinstance(value, list):
        names = [str(v) for v in value]
    else:
        names = []
    return "/".join(_slugify(n) for n in list(folders) + names)


def post_url(key: str, data: Mapping[str, Any], style: str) -> str | None:
    """The URL of post ``key`` (``_posts/2024-02-03-name.md``) under permalink ``style``, or None
    when a placeholder cannot be filled here."""
    rel = PurePosixPath(key)
    match = _POST_NAME.match(rel.stem)
    name_date = match.groups()[:3] if match else None
    day = _date(data.get("date"), name_date)  # type: ignore[arg-type]
    if day is None:
        return None
    title = str(data.get("slug") or (match.group(4) if match else rel.stem))
    # folders above _posts and inside it become categories (Jekyll's own rule)
    folders = tuple(p for p in rel.parts[:-1] if p != "_posts")
    values = {
        "year": f"{day.year:04d}",
        "month": f"{day.month:02d}",
        "day": f"{day.day:02d}",
        "i_month": str(day.month),
        "i_day": str(day.day),
        "short_year": f"{day.year % 100:02d}",
        "y_day": f"{day.timetuple().tm_yday:03d}",
        "title": _slugify(title, cased=True),
        "slug": _slugify(title),
        "categories": _categories(data, folders),
        "output_ext": ".html",
    }
    template = _STYLES.get(style, style)
    if any(name not in values for name in _PLACEHOLDER.findall(template)):
        return None
    url = _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
    return re.sub(r"/{2,}", "/", url)


def page_url(key: str, style: str) -> str:
    """The URL of page ``key`` (``docs/about.md``) under the site's permalink ``style``."""
    rel = PurePosixPath(key)
    folder = "/" + "/".join(rel.parts[:-1])
    if rel.stem == "index":
        return (folder.rstrip("/") + "/") if folder != "/" else "/"
    base = f"{folder.rstrip('/')}/{rel.stem}"
    if style == "pretty" or (style not in _STYLES and style.endswith("/")):
        return base + "/"
    if style in _STYLES or style.endswith(":output_ext"):
        return base + ".html"
    return base


def jekyll_url(key: str, data: Mapping[str, Any], site: Mapping[str, Any]) -> str | None:
    """The URL Jekyll gives the file at site-relative ``key`` (None when it cannot be known)."""
    style = str(site.get("permalink") or "date")
    if PurePosixPath(key).parts[0] == "_posts" or "/_posts/" in key:
        return post_url(key, data, style)
    if PurePosixPath(key).parts[0].startswith("_"):
        return None  # other collections have their own permalink settings
    return page_url(key, style)
