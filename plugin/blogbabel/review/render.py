"""Write a :class:`~.model.SiteReview` as static HTML that opens from ``file://``.

Jinja2 renders the pages with autoescaping on for every template, so nothing from a post can
become markup; no URL from a post is ever made a link (links only join the report's own pages).
The stylesheet and the small script are inlined and allowed by their hashes in a strict
Content-Security-Policy (``default-src 'none'``): no other script, style, image, frame or
connection can run or load, whatever a post holds, and the report needs no server or network.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .model import FLAG_KINDS, PostReview, SiteReview
from .rows import css_name, flags_html, rows_html
from .unknown import forced_command, glossary_command

INDEX = "index.html"
UNKNOWN = "unknown-words.html"


def _asset(name: str) -> str:
    return resources.files("blogbabel.review").joinpath("templates").joinpath(name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _environment():
    env = Environment(
        loader=PackageLoader("blogbabel.review", "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css, js = _asset("review.css"), _asset("review.js")
    env.globals.update(
        css=Markup(css),
        js=Markup(js),
        csp=f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; img-src 'none'; base-uri 'none'; form-action 'none'",
        flag_kinds=FLAG_KINDS,
        INDEX=INDEX,
        UNKNOWN=UNKNOWN,
    )
    env.filters["css_name"] = css_name
    env.filters["flags"] = lambda flags: Markup(flags_html(flags))
    return env


def write_review(review: SiteReview, out_dir: str | Path) -> list[Path]:
    """Write the report into ``out_dir`` (created; pages of an earlier report replaced) and
    return the files written, the index first."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    env = _environment()
    taken: set[str] = {INDEX, UNKNOWN}
    for post in review.posts:
        post.page = page_name(post.source, post.locale, taken) if post.target and post.row_count else None
    page_of = {(p.source, p.locale): p.page for p in review.posts}
    for word in review.unknown_words:  # the pages are known now
        word.places = [(path, line, page_of.get((path, word.target_lang))) for path, line, _ in word.places]
    pages = _Pages(out)
    written = [out / INDEX]
    pages.write(INDEX, env.get_template("index.html").render(review=review, totals=_totals(review.posts)))
    post_template = env.get_template("post.html")
    # what every page shows of the site, and the page's own make-up
    site_wide = _sha256(f"{len(review.unknown_words)}\x00{review.content_dir}\x00{_asset('post.html')}{env.globals['csp']}")
    for post in review.posts:
        if post.page is None:
            continue
        written.append(out / post.page)
        stamp = f"{post.key}:{site_wide}" if post.key else ""
        if stamp and pages.current(post.page, stamp):
            continue  # made from the same review: the page on disk is this page
        rows, flagged = _rows_markup(post)
        pages.write(post.page, post_template.render(review=review, post=post, flagged=flagged, rows=Markup(rows)), stamp)
    entries = [(w, glossary_command(w, review.content_dir), forced_command(w, review.content_dir)) for w in review.unknown_words]
    pages.write(UNKNOWN, env.get_template("unknown.html").render(review=review, entries=entries))
    written.append(out / UNKNOWN)
    _remove_old_pages(out, {path.name for path in written})
    pages.save()
    return written


def _rows_markup(post: PostReview) -> tuple[str, int]:
    """A post's rows as HTML and how many are flagged: kept with its review, else rendered."""
    if post.markup is None and post.loaded_rows is None and post.load_markup is not None:
        post.markup = post.load_markup()
    if post.markup is None:
        post.markup = rows_html(post.rows, post.source_lang, post.locale)
    return post.markup


def _totals(posts: list[PostReview]) -> dict[str, int]:
    totals = {"attention": sum(1 for p in posts if p.needs_attention), "translations": len(posts)}
    for post in posts:
        for name, value in post.counts.items():
            totals[name] = totals.get(name, 0) + value
    return totals


class _Pages:
    """Writes the report's pages, skipping those already there with the same content, or made
    from the same review of their post (a review of a big site renders and rewrites only what
    changed): ``.pages.json`` keeps each page's hash, size and stamp."""

    STAMPS = ".pages.json"

    def __init__(self, out: Path) -> None:
        self.out = out
        try:
            self.before = json.loads((out / self.STAMPS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.before = {}
        if not isinstance(self.before, dict):
            self.before = {}
        self.after: dict[str, list] = {}

    def _on_disk(self, name: str, size: int) -> bool:
        path = self.out / name
        return path.is_file() and not path.is_symlink() and path.stat().st_size == size

    def current(self, name: str, stamp: str) -> bool:
        """The page was written from ``stamp`` and is still there: keep it as it is."""
        old = self.before.get(name)
        if isinstance(old, list) and len(old) == 3 and old[2] == stamp and self._on_disk(name, old[1]):
            self.after[name] = old
            return True
        return False

    def write(self, name: str, html: str, stamp: str = "") -> None:
        data = html.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()[:32]
        old = self.before.get(name)
        self.after[name] = [digest, len(data), stamp]
        path = self.out / name
        if isinstance(old, list) and old[:2] == [digest, len(data)] and self._on_disk(name, len(data)):
            return
        # a report page is derived data, rewritten whole: no fsync (thousands of pages), but
        # never written through a symlink planted in the output folder
        if path.is_symlink():
            path.unlink()
        path.write_bytes(data)

    def save(self) -> None:
        (self.out / self.STAMPS).write_text(json.dumps(self.after, sort_keys=True), encoding="utf-8")


def _remove_old_pages(out: Path, keep: set[str]) -> None:
    """Pages of posts that are gone: only report pages (they carry our marker) are removed."""
    for entry in os.scandir(out):
        if entry.name.endswith(".html") and entry.name not in keep and entry.is_file(follow_symlinks=False):
            with open(entry.path, encoding="utf-8", errors="replace") as handle:
                if '<meta name="generator" content="blogbabel review">' in handle.read(600):
                    os.unlink(entry.path)


def page_name(source: str, locale: str, taken: set[str]) -> str:
    """A file name for the page of ``source`` in ``locale``: readable, safe, unique."""
    stem = re.sub(r"\.(?:md|markdown|mdown|mkd)$", "", source, flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:120] or "post"
    name, n = f"{stem}.{locale}.html", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.{locale}.html"
    taken.add(name.lower())
    return name
